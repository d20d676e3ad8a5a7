"""Small hand-parsed ``Doc``s for unit tests of one rule or component, without the model.

``parse`` takes one token a line: ``word lemma POS dep head`` (head: index of the head token in
its sentence, the token's own index for the root; a blank line starts a new sentence), so a test states
exactly the analysis its rule needs. ``view`` wraps a Doc and its mentions the way the relations
component does, and ``run`` calls a rule on one sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import spacy
from spacy.tokens import Doc, Span

import graph.nlp.extensions  # noqa: F401  (registers the Doc extensions)
from graph.model import DateValue, Entity
from graph.nlp.rules import get_rule
from graph.nlp.rules.context import Context, DocumentView
from graph.nlp.types import Candidate, Mention, Post

NLP = spacy.blank("en")


def parse(table: str) -> Doc:
    words, lemmas, pos, deps, heads, starts = [], [], [], [], [], []
    new_sent, offset = True, 0
    for line in table.strip("\n").splitlines():
        if not line.strip():
            new_sent = True
            continue
        if new_sent:
            offset = len(words)
        w, lemma, p, dep, head = line.split()
        words.append(w)
        lemmas.append(lemma)
        pos.append(p)
        deps.append(dep)
        heads.append(offset + int(head))
        starts.append(new_sent)
        new_sent = False
    doc = Doc(NLP.vocab, words=words, lemmas=lemmas, pos=pos, deps=deps, heads=heads, sent_starts=starts)
    return doc


def mention(doc: Doc, start: int, end: int, typ: str, key: str, source: str = "ref", **extra: Any) -> Mention:
    span = doc[start:end]
    country = extra.pop("country", None)
    return Mention(start, end, typ, key, span.text, source, span.start_char, span.end_char, country, extra)


def view(
    doc: Doc,
    mentions: Iterable[Mention],
    *,
    posts: Iterable[Post] = (),
    dates: Iterable[tuple[int, int, DateValue]] = (),
    areas: Iterable[tuple[int, int, str]] = (),
    anaphora: dict[int, list[Mention]] | None = None,
    doc_date: str | None = None,
    title: str | None = None,
) -> DocumentView:
    ms = sorted(mentions, key=lambda m: (m.start, -m.end))
    entities = {m.key: Entity(m.key, m.type, m.text) for m in ms}
    return DocumentView(
        doc=doc,
        mentions=ms,
        entities=entities,
        posts=list(posts),
        dates=list(dates),
        areas=[Span(doc, s, e, label=label) for s, e, label in areas],
        anaphora=anaphora or {},
        doc_date=doc_date,
        title=title,
        sents=list(doc.sents),
    )


def run(
    name: str, v: DocumentView, si: int = 0, main: Mention | None = None, prior_events=()
) -> list[Candidate]:
    """The candidates rule ``name`` yields for sentence ``si``."""
    return list(get_rule(name)(Context(v, si, main, list(prior_events))))


def triples(cands: Iterable[Candidate]) -> set[tuple[str, str, str]]:
    return {(c.s, c.p, c.o) for c in cands}


def real_view(nlp: Any, text: str, date: str | None = None) -> DocumentView:
    """The real model's analysis of an invented text, as the relations component would see it
    (every component up to the relations runs; the rules under test are then called alone)."""
    doc = nlp.make_doc(text)
    doc._.coop_doc_id, doc._.coop_doc_date = "t", date
    for name, proc in nlp.pipeline:
        if name == "coop_relations":
            break
        doc = proc(doc)
    return DocumentView.of_doc(doc)


def labelled(
    nlp: Any, rule: str, text: str, relation: str | None = None, date: str = "2025-05-04"
) -> set[tuple[str, str, str]]:
    """(subject label, relation, object label or value) of what rule ``rule`` proposes over every
    sentence of an invented text, on the real model's analysis."""
    v = real_view(nlp, text, date)

    def name(key: str) -> str:
        return v.entities[key].label if key in v.entities else key

    return {
        (name(c.s), c.p, name(c.o))
        for si in range(len(v.sents))
        for c in run(rule, v, si)
        if relation is None or c.p == relation
    }
