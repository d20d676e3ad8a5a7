"""Features of a candidate fact: what the learned decision knows about it.

A candidate is every proposal of one ``(s, p, o)`` in a document (several rules, several
sentences). Its features are named and sparse (``DictVectorizer`` input): which rules proposed
it and how sure they were, the types and sources of its ends, and — in the sentence of its best
proposal — the dependency path between its ends, the trigger lemmas on it, negation, modality,
coordination and distance. Relation-specific features are prefixed with the relation so one
model serves all relations. ``FEATURE_SET`` names this version: an artefact trained on another
is refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Span, Token

from graph.nlp import lexicon
from graph.nlp.extensions import doc_text
from graph.nlp.rules.context import DocumentView
from graph.nlp.types import Candidate, Mention

FEATURE_SET = "coop-features-4"
FAMILIES = (
    "cooperate",
    "sign",
    "adopt",
    "participate",
    "meet",
    "visit",
    "join",
    "organize",
    "held",
    "implement",
)
MODALS = frozenset({"may", "might", "could", "would", "should", "can"})
MAX_PATH = 6


def _bucket(n: float, edges: Iterable[int] = (0, 1, 2, 4, 8, 16, 32)) -> str:
    last = 0
    for e in edges:
        if n <= e:
            return str(e)
        last = e
    return f">{last}"


def _mention(view: DocumentView, key: str, c: Candidate) -> Mention | None:
    """The mention of ``key`` in the candidate's sentence nearest to its supporting span."""
    ms = [m for m in view.by_sent[c.sent_index] + view.anaphora.get(c.sent_index, []) if m.key == key]
    if not ms:
        return None
    inside = [m for m in ms if c.start <= m.start_char and m.end_char <= c.end]
    return (inside or ms)[0]


def _root(view: DocumentView, m: Mention) -> Token:
    return view.doc[m.start : m.end].root


def _path(a: Token, b: Token) -> tuple[list[str], list[Token], Token | None]:
    """Dependency labels from ``a`` up to the lowest common ancestor and down to ``b``, and the
    tokens strictly between them on that path."""
    up = [a, *a.ancestors]
    ids = {t.i: k for k, t in enumerate(up)}
    down: list[Token] = []
    t = b
    while t.i not in ids:
        down.append(t)
        if t.head == t:
            return [], [], None
        t = t.head
    lca = t
    ups = up[: ids[lca.i]]
    labels = [f"^{x.dep_}" for x in ups] + [f"v{x.dep_}" for x in reversed(down)]
    inner = [*ups[1:], lca, *list(reversed(down))[:-1]] if ups or down else []
    inner = [x for x in inner if x.i not in (a.i, b.i)]
    return labels, inner, lca


def _families(lemmas: frozenset[str] | set[str]) -> list[str]:
    return [f for f in FAMILIES if lemmas & lexicon.triggers(f)]


def _pair_features(view: DocumentView, p: str, c: Candidate, f: dict[str, float]) -> None:
    ms, mo = _mention(view, c.s, c), _mention(view, c.o, c)
    lemmas = view.lemmas(c.sent_index)
    for fam in _families(lemmas):
        f[f"{p}|trig_sent={fam}"] = 1
    if view.negated(c.sent_index):
        f["neg_sent"] = 1
    if lemmas & MODALS:
        f["modal_sent"] = 1
    if ms is None or mo is None:
        f[f"{p}|no_mention"] = 1
        return
    f[f"{p}|src_s={ms.source}"] = 1
    f[f"{p}|src_o={mo.source}"] = 1
    a, b = _root(view, ms), _root(view, mo)
    f[f"{p}|dep_s={a.dep_}"] = 1
    f[f"{p}|dep_o={b.dep_}"] = 1
    if b.dep_ == "pobj":
        f[f"{p}|prep_o={b.head.lower_}"] = 1
    if a.dep_ == "pobj":
        f[f"{p}|prep_s={a.head.lower_}"] = 1
    if a.dep_ == "conj" or any(x.dep_ == "conj" for x in a.children):
        f["s_in_list"] = 1
    if b.dep_ == "conj" or any(x.dep_ == "conj" for x in b.children):
        f["o_in_list"] = 1
    lo, hi = sorted((ms, mo), key=lambda m: m.start)
    between = view.doc[lo.end : hi.start] if lo.end <= hi.start else view.doc[hi.start : hi.start]
    f[f"{p}|dist={_bucket(len(between))}"] = 1
    f[f"{p}|s_first"] = 1 if ms.start <= mo.start else 0
    words = {t.lower_ for t in between}
    for w in (",", ";", "and", "with", "between", "by", "of", "in", "to", "and", "(", "on"):
        if w in words:
            f[f"{p}|between={w}"] = 1
    n_between = sum(1 for m in view.by_sent[c.sent_index] if lo.end <= m.start and m.end <= hi.start)
    f[f"{p}|mentions_between={_bucket(n_between, (0, 1, 2, 4))}"] = 1
    if any(t.pos_ in ("VERB", "AUX") for t in between):
        f[f"{p}|verb_between"] = 1
    labels, inner, lca = _path(a, b)
    if lca is None:
        f[f"{p}|no_path"] = 1
        return
    f[f"{p}|path_len={_bucket(len(labels), (1, 2, 3, 4, 6))}"] = 1
    if len(labels) <= MAX_PATH:
        f[f"{p}|path={' '.join(labels)}"] = 1
    f[f"{p}|lca={lca.lemma_.lower()}"] = 1
    f[f"{p}|lca_pos={lca.pos_}"] = 1
    path_lemmas = {t.lemma_.lower() for t in inner}
    for t in inner:
        if t.pos_ in ("VERB", "NOUN", "ADP"):
            f[f"{p}|path_lemma={t.lemma_.lower()}"] = 1
    for fam in _families(path_lemmas | {lca.lemma_.lower()}):
        f[f"{p}|trig_path={fam}"] = 1
    if any(x.dep_ == "neg" for t in [*inner, lca] for x in t.children):
        f["neg_path"] = 1


def _area_features(view: DocumentView, c: Candidate, f: dict[str, float]) -> None:
    areas = [
        a
        for a in view.areas
        if a.label_ == c.o and view.sents[c.sent_index].start <= a.start < view.sents[c.sent_index].end
    ]
    owner = _mention(view, c.s, c)
    if owner is None or not areas:
        f["coversArea|owner_elsewhere"] = 1
        return
    a: Span = min(areas, key=lambda x: abs(x.start - owner.start))
    if owner.start <= a.start and a.end <= owner.end:
        # the owner's own name states its scope (convention 24): where the area stands in the
        # sentence, and how many other owners it holds, say nothing more
        f["coversArea|inside_name"] = 1
        return
    gap = a.start - owner.end if a.start >= owner.end else owner.start - a.end
    f[f"coversArea|dist={_bucket(gap)}"] = 1
    f["coversArea|after_owner"] = 1 if a.start >= owner.end else 0
    between = view.doc[min(owner.end, a.start) : max(owner.end, a.start)]
    if any(t.text == ";" for t in between):
        f["coversArea|semicolon_between"] = 1
    owners = {m.key for m in view.by_sent[c.sent_index] if m.type in ("Agreement", "Event")}
    f[f"coversArea|owners_in_sent={_bucket(len(owners), (0, 1, 2, 3))}"] = 1


def _date_features(view: DocumentView, c: Candidate, f: dict[str, float]) -> None:
    if c.date is not None:
        f[f"date|precision={c.date.precision}"] = 1
        sent = view.sents[c.sent_index]
        text = doc_text(view.doc)
        # "In 2023, the delegation took part in …": a fronted time adverbial frames its whole clause
        for a, b, d in view.dates:
            if d == c.date and sent.start_char <= a < sent.end_char:
                if len(text[sent.start_char : a].split()) <= 2 and text[b : b + 1] == ",":
                    f["date|fronted"] = 1
                break
        f["date|interval"] = 1 if c.date.end else 0
        if view.doc_date and c.date.start == view.doc_date:
            f["date|is_document_date"] = 1
    m = _mention(view, c.s, c)
    if m is not None:
        gap = abs(c.start - m.start_char) if c.start < m.start_char else max(0, c.end - m.end_char)
        f[f"date|char_dist={_bucket(gap // 10)}"] = 1


def candidate_features(
    view: DocumentView, cands: list[Candidate], main: Mention | None, mention_counts: Counter[str]
) -> dict[str, float]:
    """The features of one ``(s, p, o)`` from all its proposals."""
    best = max(cands, key=lambda c: (c.prior, -c.sent_index))
    p = best.p
    f: dict[str, float] = {f"p={p}": 1.0, "bias": 1.0}
    rules = {c.rule for c in cands}
    for r in rules:
        f[f"{p}|rule={r}"] = 1
    f["max_prior"] = max(c.prior for c in cands)
    f[f"{p}|n_rules={min(len(rules - {'cooccurrence'}), 3)}"] = 1
    f[f"{p}|n_sents={_bucket(len({c.sent_index for c in cands}), (1, 2, 3))}"] = 1
    f[f"{p}|first_sent={_bucket(min(c.sent_index for c in cands), (0, 1, 3, 8))}"] = 1
    if best.status != "reported":
        f[f"status={best.status}"] = 1
    ts = view.type_of(best.s)
    f[f"{p}|ts={ts}"] = 1
    f[f"{p}|s_mentions={_bucket(mention_counts[best.s], (1, 2, 4, 8))}"] = 1
    if main is not None and best.s == main.key:
        f[f"{p}|s_is_main"] = 1
    if p == "coversArea":
        _area_features(view, best, f)
    elif p == "date":
        _date_features(view, best, f)
    elif p != "status":
        f[f"{p}|to={view.type_of(best.o)}"] = 1
        f[f"{p}|o_mentions={_bucket(mention_counts[best.o], (1, 2, 4, 8))}"] = 1
        if view.home and best.o == view.home:
            f[f"{p}|o_is_home"] = 1
        if view.home and best.s == view.home:
            f[f"{p}|s_is_home"] = 1
        _pair_features(view, p, best, f)
    return {k: float(v) for k, v in f.items()}
