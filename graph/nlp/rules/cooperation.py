"""Cooperation between actors (convention 11) and the areas agreements and events cover
(convention 20)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Span, Token

from graph.nlp import lexicon
from graph.nlp.rules import rule
from graph.nlp.rules.agreements import same_level
from graph.nlp.rules.context import ACTORS, ORG_ACTORS, Context
from graph.nlp.types import Candidate, Mention

Pair = tuple[Mention, Mention]


def _cooperating(ctx: Context, pairs: list[Pair], trig: Token, rule_name: str) -> Iterator[Candidate]:
    for a, b in pairs:
        if a.key == b.country or b.key == a.country or ctx.same_body(a, b):
            continue  # a state does not cooperate with its own bodies
        yield from ctx.fact(a.key, "cooperatesWith", b.key, [a, b, trig], 0.7, rule_name)


def _joint(ctx: Context, trig: Token) -> list[Pair]:
    """'The United States and India will deepen their cooperation', 'the leaders reaffirmed their
    partnership': the doers cooperate with each other (persons stand for the states they lead)."""
    verb = ctx.verb_of(trig)
    if (verb.i == trig.i and trig.pos_ == "NOUN") or ctx.hops(trig, verb) > 4:
        return []
    doers = ctx.subjects(verb, ACTORS)
    if len(doers) >= 3 and all(d.type == "GovernmentBody" for d in doers):
        return []  # "representatives from the NSC, the Department of State, the Treasury …"
    doc = ctx.doc
    group_words = lexicon.words("meeting_group_stops")
    # "We the Quad partners of Australia, India, …": the organisation labels the group
    doers = [
        d
        for d in doers
        if not (
            d.type == "InternationalOrganization" and d.end < len(doc) and doc[d.end].lower_ in group_words
        )
    ]
    states: dict[str, Mention] = {}
    for d in doers:
        if d.type == "Person":
            country = ctx.view.person_country.get(d.key)
            if country:
                states.setdefault(
                    country,
                    Mention(d.start, d.end, "Country", country, "", "person", d.start_char, d.end_char),
                )
        else:
            states.setdefault(d.key, d)
    parties = list(states.values())
    # "A, B and C signed MOUs with D on collaboration": each doer with the partner of the verb,
    # not the doers with each other
    partners = [
        m
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "with" and verb.i != trig.i
        for m in ctx.in_(ctx.subtree(c), ORG_ACTORS)
        if m.key not in states
    ]
    pairs = [(a, b) for a in parties for b in partners] if partners else list(combinations(parties, 2))
    # one state's delegation does not partner with itself
    return same_level(
        [(a, b) for a, b in pairs if not (ctx.state_of(a) and ctx.state_of(a) == ctx.state_of(b))]
    )


def _with_partners(ctx: Context, trig: Token, c: Token) -> list[Pair]:
    """'A's cooperation with B and C' (the subject, else the state the document is about, with
    the partners; 'partners beyond the EU' excludes the EU)."""
    excluded = {
        i
        for t in c.subtree
        if t.dep_ == "prep" and t.lower_ in lexicon.words("exclusion_preps")
        for i in ctx.subtree(t)
    }
    others = ctx.in_(ctx.subtree(c) - excluded, ORG_ACTORS)
    # "with Ugandan company Acme Telecom": the adjective of a named partner is no partner itself
    others = [
        o
        for o in others
        if not (o.source == "demonym" and any(x is not o and 0 <= x.start - o.end <= 1 for x in others))
    ]
    verb = ctx.verb_of(trig)
    # a noun buried in an enumeration is too far from any verb's subject to take it
    subj = ctx.subjects(verb, ORG_ACTORS) if ctx.hops(trig, verb) <= 4 else []
    home = ctx.view.home
    if not subj and home and trig.i > ctx.sent.start:
        subj = [Mention(trig.i, trig.i + 1, "Country", home, "", "home", trig.idx, trig.idx)]
    others = [o for o in others if o.key not in {x.key for x in subj}]
    return [(s, o) for s in subj for o in others[:3]]


@rule("cooperation.cooperation")
def cooperation(ctx: Context) -> Iterator[Candidate]:
    """Cooperation 'between A and B', 'with B', 'Belarusian-Russian cooperation', 'A together with
    B', or the doers of a cooperation verb with each other; 'relations' only when strong."""
    doc, sent = ctx.doc, ctx.sent
    strong = lexicon.words("strong_relation_modifiers")
    # "we will work together on …": a verb of doing with "together" states cooperation
    # "they will jointly develop …": any verb done jointly
    together_verbs, meet = lexicon.words("together_verbs"), lexicon.triggers("meet")
    together = [
        t
        for t, lemma, _ in ctx.forms
        if (
            lemma in together_verbs and any(c.lower_ == "together" and c.dep_ == "advmod" for c in t.children)
        )
        or (
            t.pos_ == "VERB"
            and lemma not in meet
            and any(c.lower_ == "jointly" and c.dep_ == "advmod" for c in t.children)
        )
    ]
    for trig in [*ctx.triggers("cooperate"), *together]:
        if ctx.negated(ctx.verb_of(trig)):
            continue
        if trig.lemma_.lower() in ("relation", "relations", "relationship") and not any(
            c.lower_ in strong for c in trig.children
        ):
            continue
        pairs: list[Pair] = []
        for c in trig.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                pairs += list(combinations(ctx.between(c), 2))
            if c.dep_ == "prep" and c.lower_ in ("with", "within"):
                pairs += _with_partners(ctx, trig, c)
        # "Belarusian-Russian cooperation", "U.S.-EU cooperation"
        left = [m for m in ctx.ms if m.type in ORG_ACTORS and m.end <= trig.i and trig.i - m.end <= 2]
        if left:
            hy = [
                m
                for m in ctx.ms
                if m.type in ORG_ACTORS
                and m.end < left[-1].start
                and doc[m.end].text in "-–—"
                and m.end + 1 == left[-1].start
            ]
            pairs += [(hy[-1], left[-1])] if hy else []
        # "X together with Y" in a cooperation sentence
        for tok in sent:
            if tok.lower_ == "together" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "with":
                before = [
                    m
                    for m in ctx.ms
                    if m.type in ORG_ACTORS and m.end <= tok.i and id(m) not in ctx.view.nested
                ]
                after = ctx.in_(ctx.subtree(doc[tok.i + 1]), ORG_ACTORS)
                if before and after:
                    pairs.append((before[-1], after[0]))
        if not pairs:
            pairs = _joint(ctx, trig)
        yield from _cooperating(ctx, pairs, trig, "cooperation")


@rule("cooperation.aligned")
def aligned(ctx: Context) -> Iterator[Candidate]:
    """'The Deal aligns the U.S. Commission, the UK Office and the UK Agency': the bodies brought
    together cooperate; those an event brings together take part in it."""
    for trig in ctx.triggers("bring_together"):
        if trig.pos_ != "VERB" or ctx.negated(trig):
            continue
        if trig.lemma_ == "bring" and not any(c.lower_ == "together" for c in trig.children):
            continue
        objs = [c for c in trig.children if c.dep_ == "dobj"]
        events = ctx.subjects(trig, {"Event"})
        if events:
            # "The forum brought together delegations from A, B and C": they took part in it
            for a in ctx.in_(ctx.subtree(objs[0]), ACTORS) if objs else []:
                yield from ctx.participant(events[0], a, [events[0], a, trig], 0.7, "brought-together")
            continue
        parties = ctx.in_(ctx.subtree(objs[0]), ORG_ACTORS) if objs else []
        yield from _cooperating(ctx, list(combinations(parties, 2)), trig, "aligned")


def _list_items(tok: Token) -> set[tuple[int, int]]:
    """(list, item) of every coordination of nouns ``tok`` stands in, itself or through its
    ancestors: a list is known by its first item, an item by its head word."""
    out = set()
    for x in [tok, *tok.ancestors]:
        if x.pos_ not in ("NOUN", "PROPN"):
            continue  # a list of things, not coordinated clauses ('discussed A and agreed on B')
        if any(c.dep_ == "conj" for c in x.children):
            out.add((x.i, x.i))
        if x.dep_ == "conj":
            first = x
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head
            out.add((first.i, x.i))
    return out


def _listed_together(ctx: Context, a: Span, o: Mention) -> bool:
    """Whether an area and an owner stand in different items of one list ('fields: A, B and civil
    space cooperation (including the C Programme)')."""
    items_a, items_o = _list_items(a.root), _list_items(ctx.doc[o.start : o.end].root)
    return any(la == lo and ia != io for la, ia in items_a for lo, io in items_o)


@rule("cooperation.areas")
def areas(ctx: Context) -> Iterator[Candidate]:
    """An area belongs to the agreement or event whose name holds it, else to the one of its own
    clause (the nearest before it)."""
    if not ctx.areas:
        return
    owners = ctx.of_type("Agreement", "Event")
    if not owners:
        # an area in a sentence that names no agreement or event is no area of the document's
        # main one: 38 % of those were right on the annotated documents the rules were not
        # written against (20 of 53), a third of the coversArea errors
        return
    semis = [t.i for t in ctx.sent if t.text == ";"]
    for a in ctx.areas:
        inside = [o for o in owners if o.start <= a.start and a.end <= o.end and o.source != "anaphor"]
        # "fields: quantum science, artificial intelligence and the Lunar Programme": an area
        # listed beside a programme is a field of its own, no topic of the programme
        owners_here = [o for o in owners if inside or not _listed_together(ctx, a, o)]
        # an enumeration ("…; Development of a joint roadmap …; A U.S.-EU guide …"): an area
        # belongs to an agreement or event of its own item
        clause = [
            o for o in owners_here if not any(min(o.start, a.start) < i < max(o.end, a.end) for i in semis)
        ]
        if not inside and not clause:
            continue
        if inside:
            targets = inside[:1]
        else:
            before = [o for o in clause if o.end <= a.start]
            targets = [before[-1]] if before else [min(clause, key=lambda o: o.start - a.end)]
            if len({o.key for o in clause}) == 1:
                targets = clause[:1]
        for o in targets:
            yield from ctx.fact(o.key, "coversArea", a.label_, [o, a], 0.7 if inside else 0.6, "area")
