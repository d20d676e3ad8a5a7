"""The relations component: runs the registered rules over every sentence and decides, in one
place, which candidates become facts.

With a trained model (``model``: an artefact path, or "default"), every distinct ``(s, p, o)``
the rules propose gets features and a calibrated probability, and is kept at or above the
threshold (the artefact's, or ``min_confidence``); an entity keeps its most probable date. With
no model (``model = ""``) the specific rules decide alone: the first proposal of each fact is
kept and the co-occurrence rules (prior 0) are ignored.

Reads the mentions, entities, posts, anaphora, dates and areas the earlier components wrote;
writes ``doc._.coop_candidates`` (every ``(s, p, o)`` with its features and verdict, when
``collect`` or a model needs them), ``doc._.coop_facts`` (the kept candidates, ``prior`` set to
the confidence) and ``doc._.coop_skipped`` (sentences on which a rule raised: the rule is
skipped there, the rest of the document goes on — unless ``strict``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from graph.errors import RuleError
from graph.model import SYMMETRIC
from graph.nlp.learn.artefact import Artefact, load
from graph.nlp.learn.features import candidate_features
from graph.nlp.rules import Rule, get_rule
from graph.nlp.rules.context import Context, DocumentView
from graph.nlp.types import Candidate, Mention, Skipped

ATTRIBUTES = ("date", "status")  # candidates that describe an entity rather than relate two
NEAR_THRESHOLD = 0.2  # rejected candidates this close to the threshold are kept for review


class RelationExtractor:
    def __init__(
        self,
        nlp: Language,
        name: str,
        rules: Iterable[str],
        strict: bool = False,
        model: str = "",
        min_confidence: float | None = None,
        collect: bool = False,
    ) -> None:
        self.name = name
        self.rule_names = list(rules)
        self.rules: list[tuple[str, Rule]] = [(r, get_rule(r)) for r in self.rule_names]
        self.strict = strict
        self.model = model
        self.min_confidence = min_confidence
        self.collect = collect
        self.artefact: Artefact | None = load("" if model == "default" else model) if model else None
        if self.artefact is None and not collect:
            self.rules = [(n, fn) for n, fn in self.rules if not getattr(fn, "widening", False)]

    def __call__(self, doc: Doc) -> Doc:
        view = DocumentView.of_doc(doc)
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
        if self.artefact is None and not self.collect:
            doc._.coop_candidates = []
            doc._.coop_facts = resolve([c for c in candidates if c.prior > 0])
        else:
            scored, threshold = self._score(view, main, candidates)
            doc._.coop_facts = [g.kept for g in scored if g.kept is not None]
            # all of them to train on; else those that fell just below the line, for review
            near = [g for g in scored if g.kept is None and g.probability >= threshold - NEAR_THRESHOLD]
            doc._.coop_candidates = scored if self.collect else near
        doc._.coop_skipped = skipped
        return doc

    def _score(
        self, view: DocumentView, main: Mention | None, candidates: list[Candidate]
    ) -> tuple[list[Scored], float]:
        groups: dict[tuple[str, str, str], list[Candidate]] = {}
        for c in candidates:
            groups.setdefault(key_of(c), []).append(c)
        counts = Counter(m.key for m in view.mentions)
        rows = [candidate_features(view, cs, main, counts) for cs in groups.values()]
        # the rules' own decision is a feature: the model learns where to trust and overrule it
        first = {key_of(c) for c in resolve([c for c in candidates if c.prior > 0])}
        for k, row in zip(groups, rows, strict=True):
            if k in first:
                row[f"{k[1]}|rules_keep"] = 1.0
        if self.artefact is not None:
            probs = self.artefact.probabilities(rows)
            threshold = self.artefact.threshold if self.min_confidence is None else self.min_confidence
        else:  # collecting for training without a model: the rules' own decision
            probs = [1.0 if k in first else 0.0 for k in groups]
            threshold = 0.5
        out: list[Scored] = []
        best_date: dict[str, float] = {}
        for (k, cs), feats, prob in zip(groups.items(), rows, probs, strict=True):
            if k[1] == "date" and prob >= threshold:
                best_date[k[0]] = max(best_date.get(k[0], 0.0), prob)
            out.append(Scored(k, tuple(sorted({c.rule for c in cs})), feats, prob, cs))
        for g in out:
            if g.probability < threshold:
                continue
            if g.key[1] == "date" and g.probability < best_date.get(g.key[0], 0.0):
                continue  # an entity keeps its most probable date
            rep = max(g.proposals, key=lambda c: (c.prior, -c.sent_index))
            g.kept = replace(rep, prior=round(g.probability, 3))
        return out, threshold


@dataclass
class Scored:
    """One distinct (s, p, o) with every proposal of it, its features and its verdict."""

    key: tuple[str, str, str]
    rules: tuple[str, ...]
    features: dict[str, float]
    probability: float
    proposals: list[Candidate]
    kept: Candidate | None = None


def key_of(c: Candidate) -> tuple[str, str, str]:
    """The identity of a candidate: symmetric relations in one direction."""
    if c.p in SYMMETRIC and c.o < c.s:
        return (c.o, c.p, c.s)
    return (c.s, c.p, c.o)


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """The rules' own decision: one per (s, p, o), the first proposed in reading order (symmetric
    relations in either direction); one date and one status per entity, the first proposed."""
    kept: list[Candidate] = []
    seen: set[tuple[str, str, str]] = set()
    for c in candidates:
        k = key_of(c)
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
