"""Records the NLP components pass to each other through ``Doc`` extensions.

``Mention`` lives inside the NLP stage (token offsets into one ``Doc``); ``Candidate``, ``Post``
and ``Skipped`` are plain and picklable, and become :mod:`graph.model` records at the stage's
end. Keys are entity identifiers, never IRIs: a gazetteer entity keeps its reference IRI (data,
not minted), a new entity gets a relative key (``gov/BLR-ministry-of-…``) that
:mod:`graph.rdf.iris` turns into an IRI.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Span, Token

from graph.model import DateValue


@dataclass
class Mention:
    """A span of the document that names (or points back to) an entity."""

    start: int  # token offsets
    end: int
    type: str
    key: str = ""
    text: str = ""
    source: str = ""  # ref | name | model | acronym | demonym | anaphor | home | person
    start_char: int = 0
    end_char: int = 0
    country: str | None = None  # a country named in or next to the mention (bodies, places)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of_span(cls, span: Span, typ: str, source: str, key: str = "") -> Mention:
        return cls(span.start, span.end, typ, key, span.text, source, span.start_char, span.end_char)

    @classmethod
    def of_token(cls, tok: Token, typ: str, source: str, key: str = "") -> Mention:
        return cls(tok.i, tok.i + 1, typ, key, tok.text, source, tok.idx, tok.idx + len(tok.text))

    def respan(self, span: Span) -> Mention:
        """The same mention (type, key, source, country, extra) over another span of its document."""
        return replace(
            self,
            start=span.start,
            end=span.end,
            text=span.text,
            start_char=span.start_char,
            end_char=span.end_char,
        )


@dataclass(frozen=True)
class Post:
    """A person's title as the text gives it, and what it affiliates the person with."""

    person: str  # entity key
    title: str
    sent_index: int
    start: int  # character offsets of the person and the title
    end: int
    target: str | None = None  # the body, organisation or country the title names
    target_type: str | None = None
    country: str | None = None  # the state the person acts for
    rule: str = "title"
    prior: float = 0.75


@dataclass(frozen=True)
class Candidate:
    """A fact (or an entity attribute: ``date``, ``status``) proposed by one rule in one sentence.

    ``o`` is an entity key, an area id (``coversArea``), an ISO date (``date``) or a status.
    ``prior`` is the rule's own estimate of its precision; the decision whether to keep the
    candidate, and its confidence, are made in one place (the relations component).
    """

    s: str
    p: str
    o: str
    rule: str
    prior: float
    sent_index: int
    start: int  # character span supporting the candidate
    end: int
    status: str = "reported"
    date: DateValue | None = None
    features: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Skipped:
    """A sentence on which a rule raised: counted and reported, the rest of the document goes on."""

    rule: str
    sent_index: int
    sentence: str
    error: str  # the error's first line
