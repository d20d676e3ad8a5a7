"""Where the project's data lives (the ontology folder the NLP and the RDF stage read)."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from graph.errors import OntologyNotFoundError


@cache
def ontology_dir() -> Path:
    env = os.environ.get("COOPGRAPH_ONTOLOGY")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parent.parent / "ontology")
    for c in candidates:
        if (c / "coop.ttl").exists() or (c / "gazetteer").is_dir():
            return c
    raise OntologyNotFoundError(candidates[0])


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place: a reader never
    sees half a file, and a failed write leaves the old one (and no temporary file) behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")  # keeps the suffix: savefig reads it
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
