"""Memberships and parts: who joined which organisation, what is part of or implements what,
which documents an event discussed."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from graph.nlp import lexicon
from graph.nlp.lists import coordinated
from graph.nlp.rules import rule
from graph.nlp.rules.context import DOCUMENTS, ORG_ACTORS, Context
from graph.nlp.types import Candidate, Mention

# nouns for the states of an organisation ("member states", "a member country of the CSTO")
STATE_NOUNS = frozenset({"country", "countries", "state", "states"})


@rule("memberships.join")
def join(ctx: Context) -> Iterator[Candidate]:
    """'In July 2024 Belarus joined the SCO': membership only where it is stated (convention 18)."""
    for trig in ctx.triggers("join"):
        verb = ctx.verb_of(trig)
        if ctx.negated(verb):
            continue
        obj_toks: set[int] = set()
        for c in trig.children:
            if c.dep_ in ("dobj", "prep", "pobj", "attr"):
                obj_toks |= ctx.subtree(c)
        orgs = ctx.in_(obj_toks, {"InternationalOrganization"})
        subj = [m for m in ctx.subjects(verb) if m.type in ("Country", "InternationalOrganization")]
        # "Belarus was admitted to the SCO": the passive subject joins
        passive = {i for c in trig.children if c.dep_ == "nsubjpass" for i in ctx.subtree(c)}
        subj += [m for m in ctx.in_(passive, {"Country", "InternationalOrganization"}) if m not in subj]
        d = ctx.date_near(trig.idx)
        for o in orgs[:1]:
            for s in subj:
                yield from ctx.fact(s.key, "memberOf", o.key, [s, o, trig], 0.85, "join", date=d)


@rule("memberships.member_of")
def member_of(ctx: Context) -> Iterator[Candidate]:
    """'Mongolia is a member of the APT', 'Georgia became a full member of the RCC in 2019': a
    membership noun as the complement of a copula, its 'of' naming the organisation."""
    nouns, copulas = lexicon.words("member_nouns"), lexicon.words("copulas")
    members = ("Country", "InternationalOrganization")
    standing = lexicon.words("standing_nouns")
    for tok in ctx.sent:
        if tok.lower_ not in nouns or ctx.negated(tok):
            continue
        if tok.dep_ == "compound" and tok.head.lower_ in STATE_NOUNS:
            tok = tok.head  # "as a member country of the CSTO": the compound's head carries 'of'
        verb = tok.head
        if tok.dep_ == "pobj" and verb.lower_ == "as" and verb.head.lower_ in standing:
            # "Brazil's status as a non-permanent member of the Security Council": the possessor
            owner = {i for c in verb.head.children if c.dep_ == "poss" for i in ctx.subtree(c)}
            subj = ctx.in_(owner, members)
            verb = verb.head
        elif tok.dep_ == "appos" and verb.lemma_.lower() not in copulas:
            # "Kazakhstan, a member of the EAEU, supported …": the noun it is apposed to
            subj = [m for m in ctx.ms if m.start <= verb.i < m.end and m.type in members]
        elif tok.dep_ == "pobj" and verb.lower_ == "as" and verb.head.pos_ in ("VERB", "AUX"):
            # "As members of BRICS, Brazil and India support …": the doers of the clause
            verb = verb.head
            subj = [m for m in ctx.subjects(verb) if m.type in members]
        elif tok.dep_ in ("attr", "oprd", "acomp", "appos") and verb.lemma_.lower() in copulas:
            subj = [m for m in ctx.subjects(verb) if m.type in members]
        else:
            continue
        if ctx.negated(verb):
            continue
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
        orgs = ctx.in_(ctx.subtree(of[0]), {"InternationalOrganization"}) if of else []
        d = ctx.date_near(verb.idx) if verb.lemma_.lower() == "become" else None
        for o in orgs[:1]:
            for s in subj:
                if s.key != o.key:
                    yield from ctx.fact(s.key, "memberOf", o.key, [s, o, tok], 0.85, "member-of", date=d)


OPENERS = {":": None, "—": "—", "–": "–", "(": ")", "-": "-"}


@rule("memberships.members_of_list")
def members_of_list(ctx: Context) -> Iterator[Candidate]:
    """'The 12 members of the APT—Fiji, Samoa and Tonga—met …', 'the member states of the
    Union (A, B and C)': a list set off after 'members of ORG' names its members."""
    doc, sent = ctx.doc, ctx.sent
    nouns = lexicon.words("member_nouns") | STATE_NOUNS
    for m in ctx.of_type("InternationalOrganization"):
        before = doc[max(sent.start, m.start - 3) : m.start]
        words = [t.lower_ for t in before]
        if "of" not in words or not any(w in nouns for w in words[: words.index("of")]):
            continue
        k = m.end
        if k + 2 < sent.end and doc[k].text == "(" and doc[k + 2].text == ")":
            k += 3  # "(CRI)"
        if k >= sent.end or doc[k].text not in OPENERS:
            continue
        close = OPENERS[doc[k].text]
        end = next((t.i for t in doc[k + 1 : sent.end] if close is not None and t.text == close), sent.end)
        for o in ctx.ms:
            if (
                k < o.start
                and o.end <= end
                and o.type in ("Country", "InternationalOrganization")
                and o.key != m.key
                and o.source != "demonym"
            ):
                yield from ctx.fact(o.key, "memberOf", m.key, [m, o], 0.75, "members-of-list")


@rule("memberships.member_list")
def member_list(ctx: Context) -> Iterator[Candidate]:
    """'the CIS countries: Azerbaijan, Armenia, Kazakhstan', 'SCO member states (A, B …)', 'the
    EAEU member states Armenia, Belarus and Kazakhstan'."""
    doc, sent = ctx.doc, ctx.sent
    for m in ctx.of_type("InternationalOrganization"):
        if m.end + 1 >= sent.end or doc[m.end].lower_ not in ("countries", "members", "member"):
            continue
        k = m.end + 1
        if k < sent.end and doc[k].lower_ == "states":
            k += 1
        if k < sent.end and doc[k].text in (":", "—", "("):
            for o in ctx.of_type("Country"):
                if o.start > k and o.source != "demonym":
                    yield from ctx.fact(o.key, "memberOf", m.key, [m, o], 0.7, "member-list")
            continue
        # "the EAEU member states Armenia, Belarus and Kazakhstan": the list in apposition
        listed = _country_list(ctx, k)
        if len(listed) >= 2:
            for o in listed:
                yield from ctx.fact(o.key, "memberOf", m.key, [m, o], 0.7, "member-list")


def _country_list(ctx: Context, k: int) -> list[Mention]:
    """The states named one after another from token ``k`` ('A, B and C'), if closed by 'and'."""
    starts = {o.start: o for o in ctx.of_type("Country") if o.source != "demonym"}
    return [o for _, o in coordinated(ctx.doc, k, ctx.sent.end, starts)]


def _in_relative_clause(doc: Doc, m: Mention, trig: Token) -> bool:
    """'implement the project, which is part of the Initiative': a document in a relative clause
    on the trigger's object is not what is implemented."""
    for t in doc[m.start : m.end].root.ancestors:
        if t == trig:
            return False
        if t.dep_ == "relcl":
            return True
    return False


@rule("memberships.implementation")
def implementation(ctx: Context) -> Iterator[Candidate]:
    """'The ministries carried out the implementation of the Programme' (implements); 'an action
    plan for the implementation of the Strategy' (partOf, convention 21)."""
    doc, sent = ctx.doc, ctx.sent
    for trig in ctx.triggers("implement"):
        verb = ctx.verb_of(trig)
        if ctx.negated(verb):
            continue
        if trig.pos_ == "NOUN" and verb.lemma_.lower() in lexicon.triggers("discuss"):
            continue  # "the parties discussed the implementation of the Agreement": talk, not deed
        targets = [m for m in ctx.ms if m.type in DOCUMENTS and m.start > trig.i]
        if not targets:
            continue
        target = min(targets, key=lambda m: m.start)
        if _in_relative_clause(doc, target, trig):
            continue  # what is implemented is not named
        # an agreement "for the implementation of" another is part of it
        outer = [m for m in ctx.of_type("Agreement") if m.start < trig.i < m.end and m.key != target.key]
        if outer:
            yield from ctx.fact(
                outer[0].key, "partOf", target.key, [outer[0], target], 0.7, "for-implementation"
            )
            continue
        if trig.lower_ == "implement" and trig.dep_ in ("xcomp", "advcl", "acl"):
            before = [m for m in ctx.of_type("Agreement") if m.end <= trig.i and m.key != target.key]
            if before:
                b = before[-1]
                yield from ctx.fact(
                    b.key, "implements", target.key, [b, target, trig], 0.65, "in-order-to-implement"
                )
                continue
        # "the implementation of this document, which reflects the friendship of the Russian and
        # Chinese people, has helped": a noun trigger's own complements are not its doers
        own = ctx.subtree(trig) if trig.pos_ == "NOUN" else set()
        doers = [d for d in ctx.subjects(verb, ORG_ACTORS) if d.start not in own]
        for tok in sent:
            if tok.lower_ == "together" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "with":
                doers += ctx.in_(ctx.subtree(doc[tok.i + 1]), ORG_ACTORS)
        for d in doers:
            yield from ctx.fact(d.key, "implements", target.key, [d, target, trig], 0.7, "implementation")


@rule("memberships.part_of")
def part_of(ctx: Context) -> Iterator[Candidate]:
    """'the Forum, held as part of the Programme …': explicit 'as part of' (convention 21)."""
    doc, sent = ctx.doc, ctx.sent
    for tok in sent:
        if not (
            tok.lower_ == "part"
            and tok.i > 0
            and doc[tok.i - 1].lower_ == "as"
            and tok.i + 1 < sent.end
            and doc[tok.i + 1].lower_ == "of"
        ):
            continue
        after = [m for m in ctx.ms if m.type in DOCUMENTS | {"InternationalOrganization"} and m.start > tok.i]
        before = [m for m in ctx.ms if m.type in DOCUMENTS | {"Event"} and m.end <= tok.i - 1]
        if after and before:
            yield from ctx.fact(
                before[0].key, "partOf", after[0].key, [before[0], after[0], tok], 0.65, "as-part-of"
            )


@rule("memberships.discussion")
def discussion(ctx: Context) -> Iterator[Candidate]:
    """'The draft Programme was discussed at the Meeting', 'The Meeting discussed the draft
    Programme': the event discusses the document. A document is among what is discussed (the
    object, or the passive subject); an event there is discussed too, not the setting
    ('discussed the Agreement and the preparation of the 5th meeting')."""
    for trig in ctx.triggers("discuss"):
        verb = ctx.verb_of(trig)
        if ctx.negated(verb):
            continue
        topics: set[int] = set()
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                topics |= ctx.subtree(c)
        agreements = [a for a in ctx.of_type("Agreement") if a.start in topics]
        for e in ctx.of_type("Event"):
            if e.start in topics:
                continue
            for a in agreements:
                yield from ctx.fact(e.key, "discusses", a.key, [e, a, trig], 0.65, "discuss")
