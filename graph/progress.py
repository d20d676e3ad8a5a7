"""The build's stages: their totals for the progress display and the time each took.

Events go to the build's ``progress(event, detail)`` callback:

- ``("total", "N")``: the number of documents, counted before the build starts;
- ``("stage", "NAME\\tTOTAL")``: a stage starts with TOTAL items (``?`` when unknown);
- ``("advance", "NAME")``: one item of the stage is done;
- ``("doc", id)``, ``("skip", id)``, ``("error", message)``: a document stored, unchanged, unreadable.

Stages: ``model`` (loading the pipeline, when this process runs the NLP), ``read`` (ingest and
content hashes), ``extract`` (spaCy parsing and the coopgraph components: one stream, so one
stage), ``store``, ``rules``, ``export``, ``validate``, ``page``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.ingest import scan_inputs

Progress = Callable[[str, str], None]
STAGES = ("model", "read", "extract", "store", "rules", "export", "validate", "page")


def count_documents(paths: Iterable[Path]) -> int:
    """How many documents ``paths`` hold, without reading them as documents: one per file, one per
    non-blank line of a ``.jsonl`` file (:func:`graph.ingest.scan_inputs`, which a build runs once
    for this count and the ids). Unreadable inputs count zero."""
    return scan_inputs(paths).count


class Stages:
    """Seconds per stage, and the progress events of each."""

    def __init__(self, note: Progress | None = None) -> None:
        self.note: Progress = note or (lambda event, detail: None)
        self.seconds: dict[str, float] = {}

    def start(self, name: str, total: int | None = None) -> None:
        self.note("stage", f"{name}\t{'?' if total is None else total}")

    def advance(self, name: str) -> None:
        self.note("advance", name)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @contextmanager
    def timed(self, name: str, total: int | None = None) -> Iterator[None]:
        """Time a stage that runs in one piece (rules, export, validate, page)."""
        if total is not None:
            self.start(name, total)
        t = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - t)

    def summary(self) -> str:
        """'extract 30.1s, store 2.0s, …' in stage order, stages that did not run left out."""
        names = [s for s in STAGES if s in self.seconds] + [s for s in self.seconds if s not in STAGES]
        return ", ".join(f"{s} {self.seconds[s]:.1f}s" for s in names)
