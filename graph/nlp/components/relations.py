"""The relations component: runs the registered rules over every sentence and decides, in one
place, which candidates become facts.

Reads the mentions, entities, posts, anaphora, dates and areas the earlier components wrote;
writes ``doc._.coop_candidates`` (every candidate, for review and training),
``doc._.coop_facts`` (the kept ones) and ``doc._.coop_skipped`` (sentences on which a rule
raised: the rule is skipped there, the rest of the document goes on — unless ``strict``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from graph.errors import RuleError
from graph.nlp.rules import Rule, get_rule
from graph.nlp.rules.context import Context, DocumentView
from graph.nlp.types import Candidate, Mention, Skipped

ATTRIBUTES = ("date", "status")  # candidates that describe an entity rather than relate two


class RelationExtractor:
    def __init__(self, nlp: Language, name: str, rules: Iterable[str], strict: bool = False) -> None:
        self.name = name
        self.rule_names = list(rules)
        self.rules: list[tuple[str, Rule]] = [(r, get_rule(r)) for r in self.rule_names]
        self.strict = strict

    def __call__(self, doc: Doc) -> Doc:
        view = DocumentView(
            doc=doc,
            mentions=[m for m in (doc._.coop_mentions or []) if m.key],
            entities=doc._.coop_entities or {},
            posts=doc._.coop_posts or [],
            dates=doc._.coop_dates or [],
            areas=list(doc.spans.get("coop_areas", [])),
            anaphora=doc._.coop_anaphora or {},
            doc_date=doc._.coop_doc_date,
            title=doc._.coop_doc_title,
            sents=list(doc.sents),
        )
        main = main_subject(view)
        candidates: list[Candidate] = []
        skipped: list[Skipped] = []
        prior_events: list[Mention] = []
        for si in range(len(view.sents)):
            ctx = Context(view, si, main, list(prior_events))
            for name, fn in self.rules:
                try:
                    candidates += list(fn(ctx))
                except Exception as exc:  # a rule's bug must not cost the document its other facts
                    if self.strict:
                        raise RuleError(name, doc._.coop_doc_id, ctx.sent.text, exc) from exc
                    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                    skipped.append(Skipped(name, si, ctx.sent.text.strip(), f"{type(exc).__name__}: {first}"))
            prior_events += [m for m in view.by_sent[si] if m.type == "Event"]
        doc._.coop_candidates = candidates
        doc._.coop_facts = resolve(candidates)
        doc._.coop_skipped = skipped
        return doc


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """The kept candidates: one per (s, p, o), the first proposed in reading order (symmetric
    relations in either direction); one date and one status per entity, the first proposed."""
    kept: list[Candidate] = []
    seen: set[tuple[str, str, str]] = set()
    for c in candidates:
        k = (c.s, c.p, c.o)
        if c.p in ("cooperatesWith", "metWith") and c.o < c.s:
            k = (c.o, c.p, c.s)
        if c.p in ATTRIBUTES:
            k = (c.s, c.p, "")
        if k in seen:
            continue
        seen.add(k)
        kept.append(c)
    return kept


_STOP = frozenset(["the", "of", "and", "in", "on", "for", "a", "an", "to", "with", "by", "at", "from"])


def _title_words(text: str) -> set[str]:
    """Words of a name or title, with "U.S." read as "united states" and hyphens as spaces."""
    t = text.lower().replace("’", "'").replace("u.s.", "united states ").replace("'s", "")
    return {w for w in re.findall(r"[a-z0-9]+", t) if w not in _STOP and len(w) > 1}


def main_subject(view: DocumentView) -> Mention | None:
    """The event or agreement a document is about: the one its title names, else the first one
    its opening sentences name ("… met in Helsinki for the third U.S.-Nordic Leaders' Summit")."""
    named = [m for m in view.mentions if m.type in ("Event", "Agreement") and m.source == "name"]
    if not view.title:
        opening = view.sents[:2]
        end = opening[-1].end if opening else 0
        first = [m for m in named if m.end <= end]
        return first[0] if first else None
    t = _title_words(view.title)
    best, score = None, 0.0
    for m in named:
        c = _title_words(m.text)
        j = len(c & t) / len(c) if c else 0.0
        if j > score:
            best, score = m, j
    return best if score >= 0.5 else None
