"""Meetings, talks and visits: who met whom (convention 16), who visited where (convention 17)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Token

from graph.nlp import lexicon
from graph.nlp.rules import rule
from graph.nlp.rules.context import ACTORS, Context, title_word
from graph.nlp.types import Candidate, Mention


def _meeting_with(ctx: Context, trig: Token, verb: Token, ev: Mention) -> Iterator[Candidate]:
    """A named meeting 'with' persons: they and the doer of the clause took part and met."""
    withs = [c for c in trig.children if c.dep_ == "prep" and c.lower_ == "with"]
    if not withs:
        return
    others = ctx.in_(ctx.subtree(withs[0]), {"Person"})
    subj: list[Mention] = []
    for _ in range(4):  # "Speaking … following the meeting with …, A thanked …"
        subj = [m for m in ctx.subjects(verb, {"Person"}) if m.key not in {o.key for o in others}]
        if subj or verb.head == verb:
            break
        verb = ctx.verb_of(verb.head)
    if not others or not subj:
        return
    people = subj[:1] + others
    d = ctx.date_near(trig.idx)
    for p in people:
        yield from ctx.participant(ev, p, [ev, p, trig], 0.6, "meeting-with")
    after = [m for m in ctx.of_type("Place") if m.start > trig.i and ctx.place_intro(m)]
    for pl in after[:1]:
        yield from ctx.fact(ev.key, "location", pl.key, [ev, pl], 0.6, "meeting-at")
    several = any(c.lower_ in lexicon.words("multilateral_modifiers") for c in trig.children)
    pairs = list(combinations(people, 2)) if several else []
    pairs = pairs or [(subj[0], o) for o in others]
    for a, b in pairs:
        if not ctx.own_state(a, b):
            yield from ctx.fact(a.key, "metWith", b.key, [a, b, trig], 0.65, "meeting-with", date=d)


def _title_run_person(ctx: Context, sub: set[int]) -> list[Mention]:
    """'met with the Ambassador of A to the Republic of B Nguyen Van Ngu': the small parser hangs
    'to …' and the name on the verb; the person whose name ends the title run after 'with' is
    the one met."""
    doc = ctx.doc
    k = max(sub) + 1
    for p in sorted((m for m in ctx.ms if m.type == "Person" and m.start >= k), key=lambda m: m.start):
        between = doc[k : p.start]
        if all(t.is_title or t.lower_ in lexicon.words("title_connectors") for t in between):
            return [p]
        break
    return []


def _receives_someone(ctx: Context, trig: Token) -> bool:
    """'A received B' / 'A received a delegation of B': the object is a party or a delegation."""
    sides = lexicon.words("side_nouns")
    for c in trig.children:
        if c.dep_ == "dobj":
            return (
                c.lower_ in sides
                or any(m.start <= c.i < m.end and m.type in ACTORS for m in ctx.ms)
                # "received the President of X Y": a title whose holder is named is a person received
                or (title_word(c) and bool(ctx.in_(ctx.subtree(c), {"Person"})))
            )
    return False


@rule("meetings.meetings")
def meetings(ctx: Context) -> Iterator[Candidate]:
    """'A met with B', 'A and B held talks', 'talks between …' at the level the text names the
    parties: persons meet persons when persons are named."""
    doc = ctx.doc
    events = ctx.of_type("Event")
    own_people = lexicon.words("org_people_nouns")
    for trig in ctx.triggers("meet"):
        verb = ctx.verb_of(trig)
        if ctx.negated(verb):
            continue
        if trig.lemma_.lower() == "receive" and not _receives_someone(ctx, trig):
            continue  # "received a letter from …", "received funding": nobody was met
        named = [e for e in events if e.start <= trig.i < e.end]
        if named:
            # "the second ministerial meeting of the TTC" names an event; "following the trilateral
            # meeting with President A and President B, C thanked …"
            yield from _meeting_with(ctx, trig, verb, named[0])
            continue
        if (
            trig.pos_ == "NOUN"
            and trig.head.lemma_ not in lexicon.words("negotiation_verbs")
            and trig.dep_ != "pobj"
        ):
            continue
        others: list[Mention] = []
        for tok in verb.subtree:  # "held a meeting in the Kremlin with …": "with" hangs on the verb
            sub = ctx.subtree(tok)
            if tok.lower_ == "with" and tok.head in (trig, verb) and trig.i not in sub:
                sub -= ctx.examples(sub, tok.i)  # "with a PRC delegation including the Ministry of …"
                # "with the participation of …" names attendants, not the other side
                if tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "participation":
                    continue
                # a region may stand for its leadership; "with A in Nairobi" says where, not whom
                others += [
                    o
                    for o in ctx.in_(sub, ACTORS | {"Place"})
                    if o not in others and not (o.type == "Place" and ctx.place_intro(o))
                ]
                others += [p for p in _title_run_person(ctx, sub) if p not in others]
        if trig.pos_ == "VERB" and trig.i == verb.i:
            # "A met B", "A received B": the direct object of a meeting verb is the other side
            for c in trig.children:
                if c.dep_ == "dobj":
                    others += [o for o in ctx.in_(ctx.subtree(c), ACTORS) if o not in others]
        # "meet with U.S. and EU stakeholders": the stakeholders are met, not the EU
        met_someone = bool(others)
        # "met with Huawei executives": the organisation's own people stand for it
        others = [o for o in others if (n := ctx.modified_noun(o)) is None or n.lower_ in own_people]
        subj = ctx.subjects(verb)
        poss = [c for c in trig.children if c.dep_ == "poss"]
        if trig.pos_ == "NOUN" and trig.dep_ == "pobj" and poss:
            # "signed … before the Russian President's meeting with …": the meeting's own
            # possessor meets, not the doers of the clause around it
            subj = [m for m in ctx.in_(ctx.subtree(poss[0]), ACTORS) if m.type == "Person"]
            for c in trig.children:
                if c.dep_ == "dobj":
                    others = ctx.in_(ctx.subtree(c), ACTORS)
        persons_o = [o for o in others if o.type == "Person"]
        if persons_o:
            others = persons_o
        elif any(s.type == "Person" for s in subj):
            others = [o for o in others if o.type != "Country"]  # persons meet persons or bodies
        if not others and not met_someone:
            # "A and B held talks", "A, B and C met in Seoul": the subjects met each other
            people = [m for m in subj if m.type == "Person"]
            if len(people) >= 2:
                d = ctx.date_near(trig.idx)
                for a, b in combinations(people, 2):
                    yield from ctx.fact(a.key, "metWith", b.key, [a, b, trig], 0.7, "met-each-other", date=d)
                continue
        if not subj or not others:
            continue
        subj = [s for s in subj if s.type == "Person"] or subj
        d = ctx.date_near(trig.idx)
        for s in subj:
            for o in others:
                if not ctx.own_state(s, o):
                    yield from ctx.fact(s.key, "metWith", o.key, [s, o, trig], 0.75, "meet", date=d)


@rule("meetings.visits")
def visits(ctx: Context) -> Iterator[Candidate]:
    """'A visited Minsk', 'the visit of A to China', 'on his trip to Budapest, A …', and in
    transcripts 'your visit to Moscow'."""
    doc = ctx.doc
    for trig in ctx.triggers("visit"):
        if ctx.negated(ctx.verb_of(trig)):
            continue
        visitor: list[Mention] = []
        dest: list[Mention] = []
        if trig.pos_ == "VERB":
            visitor = [m for m in ctx.subjects(trig) if m.type == "Person"]
            for c in trig.children:
                if c.dep_ == "dobj":
                    dest = ctx.in_(ctx.subtree(c), {"Country", "Place"})
        else:
            for c in trig.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    visitor = ctx.in_(ctx.subtree(c), {"Person"})
                if c.dep_ == "prep" and c.lower_ in ("to", "in"):
                    dest = ctx.in_(ctx.subtree(c), {"Country", "Place"})
            if not dest:
                dest = [
                    m
                    for m in ctx.of_type("Country", "Place")
                    if m.start > trig.i and doc[m.start - 1].lower_ == "to"
                ][:1]
            if (
                not visitor
                and trig.dep_ == "dobj"
                and trig.head.lemma_.lower() in lexicon.words("light_verbs")
            ):
                # "Minister A paid a working visit to Seoul", "a delegation headed by A made a visit
                # to X": the subject of the light verb makes the visit
                visitor = [m for m in ctx.subjects(trig.head) if m.type == "Person"]
            if not visitor and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in trig.children):
                # "During her visit to Accra, Minister A met B": the one whose visit it is does what
                # the clause says
                visitor = [m for m in ctx.subjects(ctx.verb_of(trig)) if m.type == "Person"]
        if not visitor and dest and ctx.lowers & lexicon.words("dialogue_pronouns"):
            # a transcript: "thank you for inviting me to visit Russia", "your visit to Moscow";
            # the visitor is the leader from elsewhere
            visitor = ctx.foreign_leader(dest[0])
        d = ctx.date_near(trig.idx)
        for v in visitor:
            for x in dest[:1]:
                yield from ctx.fact(v.key, "visited", x.key, [v, x, trig], 0.6, "visit", date=d)


@rule("meetings.welcome")
def welcome(ctx: Context) -> Iterator[Candidate]:
    """'we welcome you to Moscow', 'thank you for coming to Russia': the guest visits."""
    doc, sent = ctx.doc, ctx.sent
    for tok in sent:
        if tok.lemma_ not in lexicon.words("welcome_verbs") or tok.i + 2 >= sent.end:
            continue
        dest = [
            m
            for m in ctx.of_type("Country", "Place")
            if m.start > tok.i and doc[m.start - 1].lower_ == "to" and m.start - tok.i <= 4
        ]
        if (dest and any(t.lower_ == "you" for t in doc[tok.i : dest[0].start])) or (
            dest and tok.lemma_ == "come" and any(t.lower_ == "for" for t in doc[tok.i - 3 : tok.i])
        ):
            for v in ctx.foreign_leader(dest[0]):
                yield from ctx.fact(v.key, "visited", dest[0].key, [v, dest[0], tok], 0.55, "welcome")
