"""Keep a graph in step with its input folder: ``coopgraph watch``.

A resident process that loads the model once, builds, and then rebuilds whenever an input file is
added, changed or removed. Each round is an ordinary incremental :func:`graph.builder.build` (only
what changed is extracted, stored, validated and refreshed), so the store a round leaves is the store
``coopgraph build`` would leave for the same files. What a cold ``coopgraph build`` spends before its
first document (Python and spaCy imports, the model) is paid once here: one changed document takes
about 1.5 s instead of 4 s on the corpus (docs/scale.md). The store is closed between rounds, so
``coopgraph query`` reads it then; a ``coopgraph serve`` started earlier goes on answering from the
store as it was when it started (Oxigraph's read-only server), and is restarted to see later rounds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.builder import BuildResult, Progress, build, check_paths, confidence_override, strict_override
from graph.errors import CoopgraphError, OutputPathError
from graph.ingest import SUFFIXES


@dataclass(frozen=True)
class Round:
    """One rebuild: what set it off and what it did (``result`` is None when it failed)."""

    number: int
    changed: tuple[str, ...]  # the input files whose events started it (none for the first build)
    result: BuildResult | None
    error: CoopgraphError | None = None


def _inside(path: str, folder: Path) -> bool:
    p, f = os.path.abspath(path), os.path.abspath(folder)
    return p == f or p.startswith(f + os.sep)


class InputFilter:
    """Which file events are input changes: a file of a readable kind under a watched folder, or a
    watched file itself, and nothing under the output folder (the build's own writes would otherwise
    start the next round)."""

    def __init__(self, paths: Iterable[Path], out: Path) -> None:
        self.files = {os.path.abspath(p) for p in paths if not Path(p).is_dir()}
        self.folders = [Path(p) for p in paths if Path(p).is_dir()]
        self.out = out

    def __call__(self, _change: Any, path: str) -> bool:
        if _inside(path, self.out):
            return False
        if os.path.abspath(path) in self.files:
            return True
        name = os.path.basename(path)
        return (
            not name.startswith(".")  # editors' swap and lock files
            and path.lower().endswith(SUFFIXES)
            and any(_inside(path, f) for f in self.folders)
        )


def watched_locations(paths: Iterable[Path]) -> list[Path]:
    """The folders to watch: a folder input itself, the folder of a file input (editors save by
    writing a new file and renaming it over the old one, which a watch on the file itself loses)."""
    seen: dict[str, Path] = {}
    for p in paths:
        folder = Path(p) if Path(p).is_dir() else Path(p).absolute().parent
        seen.setdefault(os.path.abspath(folder), folder)
    return list(seen.values())


def _no_display(_number: int) -> AbstractContextManager[Progress | None]:
    return nullcontext(None)


def watch(
    paths: Iterable[Path],
    out: Path,
    *,
    on_round: Callable[[Round], None],
    model: str | None = None,
    min_confidence: float | None = None,
    strict: bool = False,
    page: bool = True,
    validate: bool = True,
    display: Callable[[int], AbstractContextManager[Progress | None]] | None = None,
    stop: threading.Event | None = None,
    step_ms: int = 50,
) -> int:
    """Build ``out`` from ``paths``, then rebuild after every batch of input changes until ``stop`` is
    set (or Ctrl-C). ``on_round`` hears of each build, the first included; a round that fails with a
    user error (a locked store, say) is reported and the watch goes on. ``display(n)`` gives the
    progress callback of round ``n`` (a bar for the first build, messages only after, say). Returns
    the number of rounds.

    Changes that arrive within ``step_ms`` of each other make one round; changes made during a round
    start the next one."""
    import watchfiles

    from graph.nlp.fingerprint import resolve_model_name
    from graph.nlp.pipeline import build_nlp, resolve_model

    paths = check_paths(paths, Path(out))
    out = Path(out)
    for p in paths:  # the build's own page and report would be read back as documents, or the reverse
        if _inside(str(out), p) or _inside(str(p), out):
            raise OutputPathError(
                out,
                f"overlaps the input {p}",
                "pass --out a folder outside the inputs, and inputs outside it",
            )
    overrides = {**confidence_override(min_confidence), **strict_override(strict)}
    nlp = build_nlp(resolve_model_name(model) or resolve_model(model), None, **overrides)

    def one_round(number: int, changed: tuple[str, ...]) -> None:
        try:
            with (display or _no_display)(number) as progress:
                result = build(
                    paths,
                    out,
                    model=model,
                    nlp=nlp,
                    progress=progress,
                    page=page,
                    validate=validate,
                    min_confidence=min_confidence,
                    strict=strict,
                )
        except CoopgraphError as exc:
            on_round(Round(number, changed, None, exc))
            return
        on_round(Round(number, changed, result))

    events = watchfiles.watch(
        *watched_locations(paths),
        watch_filter=InputFilter(paths, out),
        step=step_ms,
        stop_event=stop,
        rust_timeout=1000,  # wake up now and then to see ``stop`` even when nothing changes
        yield_on_timeout=True,
    )
    # the watcher is armed before the first build (its first wait returns within a second), so a
    # file saved while that build runs, or right after it is reported, starts the next round; what
    # changed before the build is in it
    next(events, None)
    one_round(1, ())
    rounds = 1
    for changes in events:
        if not changes:  # a timeout: nothing changed
            continue
        rounds += 1
        one_round(rounds, tuple(sorted({path for _change, path in changes})))
    return rounds
