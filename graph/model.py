"""Typed records that flow between stages.

The NLP stage returns these plain, picklable dataclasses (no spaCy objects), so extraction can
run in another process or on another machine and the RDF stage never imports spaCy.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.terms import RELATIONS, SYMMETRIC

__all__ = ["ENTITY_TYPES", "RELATIONS", "SYMMETRIC"]

ENTITY_TYPES = (
    "Country",
    "InternationalOrganization",
    "GovernmentBody",
    "Company",
    "Person",
    "Place",
    "Event",
    "Agreement",
    "Initiative",
)


@dataclass(frozen=True)
class Document:
    """One input document after ingest: normalised text plus metadata."""

    id: str
    text: str
    source: str
    title: str | None = None
    date: str | None = None  # ISO 8601 day, the anchor for relative dates
    url: str | None = None

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        h.update(self.text.encode("utf-8"))
        # Metadata changes the facts (dates resolve against the document date), so it is hashed too.
        h.update(f"\x00{self.title or ''}\x00{self.date or ''}\x00{self.url or ''}".encode())
        return h.hexdigest()


@dataclass(frozen=True)
class Evidence:
    """Where a fact or mention comes from: a sentence of a document and its character span."""

    doc_id: str
    sentence: str
    sent_start: int
    sent_end: int
    start: int  # offsets of the supporting span in the normalised document text
    end: int
    sent_index: int = 0


@dataclass(frozen=True)
class DateValue:
    """A normalised date or interval with the precision the text gives."""

    start: str  # "2025-06-17", "2024-07" or "2023"
    end: str | None = None
    precision: str = "day"  # day | month | year

    def as_gold(self) -> str:
        return self.start if not self.end or self.end == self.start else f"{self.start}/{self.end}"


@dataclass
class Entity:
    """A canonical entity of one document, with all the surface forms that refer to it."""

    key: str  # IRI (gazetteer or minted) that identifies it across documents
    type: str  # one of ENTITY_TYPES
    label: str
    aliases: list[str] = field(default_factory=list)
    subtype: str | None = None  # finer ontology class: Forum, MemorandumOfUnderstanding, ...
    reference: bool = False  # True when it comes from the gazetteer
    date: DateValue | None = None
    status: str | None = None
    post: str | None = None  # a person's title, e.g. "First Deputy Minister"
    mentions: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Fact:
    """A binary shortcut fact under the ontology (s and o are entity keys, or an area id)."""

    s: str
    p: str
    o: str
    evidence: Evidence
    confidence: float = 0.8
    status: str = "reported"
    date: DateValue | None = None
    rule: str = ""  # which extractor rule produced it, for review and debugging


@dataclass(frozen=True)
class CandidateFact:
    """A fact the rules proposed, with the features the learned decision saw and its verdict.

    Kept for training (``coopgraph train``), for review, and for the assertions just below the
    confidence threshold that ``low-confidence.rq`` lists."""

    s: str
    p: str
    o: str
    rules: tuple[str, ...]
    features: dict[str, float]
    probability: float
    kept: bool
    evidence: Evidence | None = None
    date: DateValue | None = None


@dataclass(frozen=True)
class SkippedSentence:
    """A sentence on which an extraction rule raised: the rule was skipped there, the rest ran."""

    doc_id: str
    sent_index: int
    sentence: str
    rule: str
    error: str  # the error's first line
    sent_start: int = 0  # character offset of the sentence in the document text

    def message(self) -> str:
        """One line for the build's output and report: document, sentence, rule and reason."""
        text = " ".join(self.sentence.split())
        shown = text if len(text) <= 80 else text[:77] + "..."
        return (
            f"{self.doc_id}: sentence {self.sent_index + 1} (at character {self.sent_start}) {shown!r}: "
            f"rule {self.rule} failed ({self.error}); the rule was skipped on this sentence, the rest "
            "was extracted. Fix: report it with the sentence; build with --strict to stop on it instead"
        )


@dataclass
class Extraction:
    """Everything the NLP stage found in one document."""

    doc: Document
    entities: list[Entity]
    facts: list[Fact]
    model: str = ""
    model_version: str = ""
    skipped: list[SkippedSentence] = field(default_factory=list)
    candidates: list[CandidateFact] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
