"""SPARQL lives here as ``.rq`` (queries) and ``rules/*.ru`` (SPARQL Update rules) files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

QUERIES = Path(__file__).parent


@cache
def read(name: str) -> str:
    """The text of ``<name>.rq`` from this folder (or ``internal/``), read once per process (the
    build runs some of them for every document)."""
    for folder in (QUERIES, QUERIES / "internal"):
        p = folder / f"{name}.rq"
        if p.exists():
            return p.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no query named {name!r} in {QUERIES}")


def rules() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((QUERIES / "rules").glob("*.ru"))]
