"""Coordinated lists of names ('A, B and C'), read the same way by name finding and the rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from spacy.tokens import Doc


class _Item(Protocol):
    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=_Item)


def coordinated(doc: Doc, k: int, end: int, starts: Mapping[int, T]) -> list[tuple[int, T]]:
    """The items named one after another from token ``k`` ('A and B', 'A, B and C', 'A, B, and
    the C'), each with the index of the separator before it (``k - 1`` for the first), when an
    'and' closes the list and it holds two or more; else none. ``starts`` maps an item's first
    token to the item (a span or a mention)."""
    items: list[tuple[int, T]] = []
    sep, closed = k - 1, False
    while k < end and k in starts:
        item = starts[k]
        items.append((sep, item))
        k = item.end
        if closed or k >= end or doc[k].text not in (",", "and"):
            break
        sep = k
        if doc[k].lower_ == "and":
            closed, k = True, k + 1
        else:
            k += 1
            if k < end and doc[k].lower_ == "and":
                closed, k = True, k + 1
        if k < end and doc[k].lower_ == "the":
            k += 1
    return items if closed and len(items) >= 2 else []
