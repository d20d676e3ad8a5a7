"""Word lists, trigger lexicons and small tables of the NLP stage, read from ``patterns/``.

One list, one file, one place: ``patterns/lexicon/<name>.txt`` (one entry per line, a ``#`` line
naming the phenomenon the list covers), ``patterns/triggers/<family>.txt`` (trigger lemmas of a
relation family) and ``patterns/tables/<name>.json`` (mappings). Components and rules ask for a
list by name; nothing in code matches words of sentences.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PATTERNS = Path(__file__).parent / "patterns"


def _entries(path: Path) -> frozenset[str]:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such pattern file (see graph/nlp/patterns/README.md)")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(s for s in (line.strip() for line in lines) if s and not s.startswith("#"))


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``patterns/lexicon/<name>.txt``."""
    return _entries(PATTERNS / "lexicon" / f"{name}.txt")


@cache
def triggers(family: str) -> frozenset[str]:
    """Trigger lemmas (and forms) of a relation family, ``patterns/triggers/<family>.txt``."""
    return _entries(PATTERNS / "triggers" / f"{family}.txt")


@cache
def table(name: str) -> dict[str, Any]:
    """The mapping of ``patterns/tables/<name>.json``."""
    data: dict[str, Any] = json.loads((PATTERNS / "tables" / f"{name}.json").read_text(encoding="utf-8"))
    return dict(data["table"])


def plural_or_single(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a lower-case word or its singular (one final -s) is in a vocabulary."""
    return word in vocabulary or (word.endswith("s") and word[:-1] in vocabulary)
