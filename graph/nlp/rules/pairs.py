"""Co-occurrence candidates: every pair of mentions in a sentence whose types fit a relation.

These rules say nothing about the language; they only widen the net so that the learned decision
(:mod:`graph.nlp.learn`) can find facts the specific rules miss, from the features of the pair
(the dependency path between them, the triggers on it, negation, lists …). Their prior is 0: a
pipeline run without a trained model keeps only what the specific rules propose.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, permutations

from spacy.tokens import Span

from graph.nlp.rules import rule
from graph.nlp.rules.context import ACTORS, ORG_ACTORS, Context
from graph.nlp.types import Candidate, Mention

# relation -> (subject types, object types); symmetric ones are proposed once per unordered pair
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "cooperatesWith": (ORG_ACTORS, ORG_ACTORS),
    "metWith": (ACTORS, ACTORS),
    "signatory": (frozenset({"Agreement"}), ACTORS),
    "participant": (frozenset({"Event"}), ACTORS),
    "organizer": (frozenset({"Event"}), ACTORS),
    "location": (frozenset({"Event"}), frozenset({"Place", "Country"})),
    "visited": (frozenset({"Person"}), frozenset({"Place", "Country"})),
    "memberOf": (
        frozenset({"Country", "InternationalOrganization"}),
        frozenset({"InternationalOrganization"}),
    ),
    "affiliatedWith": (frozenset({"Person"}), ORG_ACTORS),
}
SYMMETRIC = frozenset({"cooperatesWith", "metWith"})
MAX_ENTITIES = 12  # a sentence listing more is an enumeration: pairs of it say little


def _acting(ctx: Context) -> list[Mention]:
    """One mention per entity: the first that is not nested in a longer name."""
    out: dict[str, Mention] = {}
    for m in ctx.ms:
        if id(m) not in ctx.view.nested and m.key not in out:
            out[m.key] = m
    return list(out.values())


@rule("pairs.cooccurrence", widening=True)
def cooccurrence(ctx: Context) -> Iterator[Candidate]:
    """Every type-compatible pair of the sentence's entities, for every relation it could hold."""
    ms = _acting(ctx)
    if len(ms) > MAX_ENTITIES:
        return
    for p, (subj, obj) in SIGNATURES.items():
        pairs = combinations(ms, 2) if p in SYMMETRIC else permutations(ms, 2)
        for a, b in pairs:
            if a.type in subj and b.type in obj:
                yield from ctx.fact(a.key, p, b.key, [a, b], 0.0, "cooccurrence")
            elif p in SYMMETRIC and b.type in subj and a.type in obj:
                yield from ctx.fact(b.key, p, a.key, [a, b], 0.0, "cooccurrence")


@rule("pairs.areas", widening=True)
def areas(ctx: Context) -> Iterator[Candidate]:
    """Every area of the sentence for every agreement or event of it (else the document's main one)."""
    if not ctx.areas:
        return
    owners = [m for m in _acting(ctx) if m.type in ("Agreement", "Event")]
    if not owners and ctx.main is not None:
        owners = [ctx.main]
    for o in owners:
        for a in ctx.areas:
            yield from ctx.fact(o.key, "coversArea", a.label_, [o, a], 0.0, "cooccurrence")


@rule("pairs.dates", widening=True)
def dates(ctx: Context) -> Iterator[Candidate]:
    """Every date of the sentence for every event or agreement named in it."""
    inside = ctx.sentence_dates
    for m in _acting(ctx):
        if m.type not in ("Event", "Agreement") or m.source == "anaphor":
            continue
        for d in inside:
            span = ctx.doc.char_span(d[0], d[1], alignment_mode="expand")
            support: list[Mention | Span] = [m, span] if span is not None else [m]
            yield from ctx.fact(m.key, "date", d[2].as_gold(), support, 0.0, "cooccurrence", date=d[2])
