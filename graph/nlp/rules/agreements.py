"""Agreements and their signatories: who signed, adopted or authored a document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations

from spacy.tokens import Token

from graph.nlp import lexicon
from graph.nlp.lists import coordinated
from graph.nlp.rules import rule
from graph.nlp.rules.context import ACTORS, ORG_ACTORS, Context
from graph.nlp.types import Candidate, Mention


def _paired(ctx: Context, m: Mention) -> list[Mention]:
    """States or organisations joined by a hyphen or slash inside a name ("U.S.-Japan …")."""
    doc = ctx.doc
    inner = [
        o for o in ctx.ms if o.type in ORG_ACTORS and m.start <= o.start and o.end <= m.end and o is not m
    ]
    return [
        o
        for o in inner
        if (o.end < m.end and doc[o.end].text in "-–—/")
        or (o.start > m.start and doc[o.start - 1].text in "-–—/")
    ]


def _between(ctx: Context, start: int, end: int) -> list[Mention]:
    """The parties a document's name puts 'between' (convention 12): the outermost actors named
    there ('the State Customs Service of Kenya', not Kenya inside it; 'the Government of Chile' is
    Chile, convention 5); a state right before a body's name only says whose body it is ('the U.S.
    National Telecommunications and Information Administration')."""
    inner = [o for o in ctx.ms if o.type in ORG_ACTORS and start <= o.start and o.end <= end]

    def nested(o: Mention) -> bool:
        return any(
            p is not o and p.start <= o.start and o.end <= p.end and p.end - p.start > o.end - o.start
            for p in inner
        )

    def prefix(o: Mention) -> bool:
        return o.type == "Country" and any(p.start == o.end and p.type != "Country" for p in inner)

    return [o for o in inner if not nested(o) and not prefix(o)]


@rule("agreements.named_parties")
def named_parties(ctx: Context) -> Iterator[Candidate]:
    """'the U.S.-Japan … Deal' -> signatories that cooperate; 'the statement by Sweden, Türkiye and
    NATO Secretary General Stoltenberg' -> its authors sign it (convention 24)."""
    for m in ctx.ms:
        if m.type not in ("Agreement", "Initiative") or m.source != "name":
            continue
        if "authors_start" in m.extra:
            authors = [
                o
                for o in ctx.ms
                if o.type in ACTORS
                and m.extra["authors_start"] <= o.start
                and o.end <= m.end
                and not ctx.in_title(o)
            ]
            for o in authors:
                yield from ctx.fact(m.key, "signatory", o.key, [m, o], 0.7, "authored")
            orgs = [o for o in authors if o.type in ORG_ACTORS]
            for a, b in combinations(orgs, 2):
                yield from ctx.fact(a.key, "cooperatesWith", b.key, [m], 0.6, "co-authors")
        paired = _paired(ctx, m) if m.type == "Agreement" else []
        if "parties" in m.extra:
            paired = _between(ctx, *m.extra["parties"])
        if len(paired) >= 2:
            for o in paired:
                yield from ctx.fact(m.key, "signatory", o.key, [m], 0.7, "named-parties")
            for a, b in combinations(paired, 2):  # the parties of an agreement cooperate
                yield from ctx.fact(a.key, "cooperatesWith", b.key, [m], 0.6, "named-parties")


def same_level(pairs: Iterable[tuple[Mention, Mention]]) -> list[tuple[Mention, Mention]]:
    """Cooperation at every level the text names (convention 11), level by level: the states and
    organisations with each other, the bodies and companies with each other; a state and another
    state's ministry that co-sign are no pair."""
    top = ("Country", "InternationalOrganization")
    return [(a, b) for a, b in pairs if (a.type in top) == (b.type in top)]


def _co_signing_pairs(
    ctx: Context, orgs: list[Mention], partners: list[Mention], trig: Token
) -> list[tuple[Mention, Mention]]:
    """Who cooperates by signing together. 'A, B and C signed MOUs with D': a plural document
    signed with a partner is one document each, so each signer cooperates with the partner, not
    with the other signers."""
    dobj = next((c for c in trig.children if c.dep_ == "dobj"), None)
    plural = dobj is not None and dobj.tag_ == "NNS"
    if plural and partners:
        keys = {p.key for p in partners}
        pairs = [(a, b) for a in orgs if a.key not in keys for b in partners]
    else:
        pairs = list(combinations(orgs, 2))
    return same_level(pairs)


def _witnesses(ctx: Context) -> set[int]:
    """The tokens of the sentence's 'in the presence of …' or 'witnessed by …' phrase."""
    doc, out = ctx.doc, set()
    for tok in ctx.sent:
        if tok.lower_ == "presence" and tok.i > 0 and doc[tok.i - 1].lower_ == "the":
            # up to the comma or the verb: the small parser hangs a fronted phrase's subject on it
            end = tok.i + 1
            while (
                end < ctx.sent.end
                and doc[end].text not in (",", ";")
                and doc[end].pos_ not in ("VERB", "AUX")
            ):
                end += 1
            out |= set(range(tok.i, end))
        if tok.lemma_.lower() == "witness" and tok.pos_ == "VERB":
            out |= {i for c in tok.children if c.dep_ == "agent" for i in ctx.subtree(c)}
    return out


@rule("agreements.signing")
def signing(ctx: Context) -> Iterator[Candidate]:
    """'A and B signed a memorandum', 'a memorandum between A and B was signed', 'the signing of a
    joint statement by the leaders': the signing parties (convention 12), who then cooperate, and
    the date of the signing."""
    agreements = ctx.of_type("Agreement")
    if not agreements:
        return
    sent = ctx.sent
    unrealised = lexicon.words("unrealised_heads")
    commemorations = lexicon.words("commemoration_nouns")
    signers = ORG_ACTORS | {"Person"}
    for trig in ctx.triggers("sign"):
        if ctx.negated(trig):
            continue
        if any(a.start <= trig.i < a.end for a in agreements):
            continue  # "an agreement on electronic signatures": a signing word in a name is its topic
        if trig.dep_ in ("xcomp", "pcomp", "pobj", "dobj") and trig.head.lemma_.lower() in unrealised:
            continue  # "Russia has suggested adopting a joint statement": not signed (yet)
        if ctx.unrealised(trig):
            continue  # "the agreement is to be signed next year", "they will sign": not signed yet
        if any(a.lemma_.lower() in commemorations for a in trig.ancestors):
            continue  # "the anniversary of the adoption of the Declaration": no signing in this text
        parties: list[Mention] = []
        partners: list[Mention] = []
        own_parties = False  # the parties are those an agreement is "between"
        verb = ctx.verb_of(trig)
        for tok in sent:
            # "signed between A and B", "a Memorandum between A and B was signed"; not "relations
            # between A and B" elsewhere in the sentence
            if tok.lower_ == "between" and (
                tok.head.i in (trig.i, verb.i) or any(a.start <= tok.head.i < a.end for a in agreements)
            ):
                parties += ctx.in_(ctx.subtree(tok), signers)
                own_parties = own_parties or any(a.start <= tok.head.i < a.end for a in agreements)
        if not parties and trig.pos_ == "NOUN":
            # "the signing of a joint statement by the leaders of the three states"
            for tok in trig.subtree:
                if tok.lower_ == "by" and tok.dep_ in ("prep", "agent"):
                    parties += ctx.in_(ctx.subtree(tok), signers)
            # "Kenya welcomed Bolivia's signing of the Accord": the possessor of the signing signs
            for c in trig.children:
                if c.dep_ == "poss" and not parties:
                    parties += ctx.in_(ctx.subtree(c), signers)
        onlookers = trig.pos_ == "NOUN" and verb.lemma_.lower() in lexicon.words("onlooker_verbs")
        if (
            not parties and not onlookers
        ):  # "signed between A and B" names the parties; otherwise the doers do
            parties = ctx.agents(trig, verb)
            parties += [m for m in ctx.by_phrase(trig) if m.key not in {p.key for p in parties}]
            # "the United States signed Technology Prosperity Deals with Japan and Korea"
            for c in trig.children:
                if c.dep_ == "prep" and c.lower_ == "with":
                    keys = {p.key for p in parties}
                    partners = [m for m in ctx.in_(ctx.subtree(c), ORG_ACTORS) if m.key not in keys]
                    parties += partners
        if not parties:
            continue
        # "President of Ukraine Volodymyr Zelenskyy": a state in a signer's title is no party
        starts = {m.start for m in ctx.ms if m.type == "Person"}
        parties = [p for p in parties if not (p.type == "Country" and p.end in starts)]
        # "In the presence of the two presidents, the ministers signed …": witnesses sign nothing
        witnesses = _witnesses(ctx)
        parties = [p for p in parties if p.start not in witnesses]
        target = min(agreements, key=lambda a: abs(a.start - trig.i))
        # "signed memorandums on A, B and C": the signers sign each document of the plural
        group = target.extra.get("group")
        targets = [a for a in agreements if group and a.extra.get("group", (None,))[0] == group[0]] or [
            target
        ]
        # "signed the Treaty on A and the Agreement on B": each conjunct of the document is signed by
        # the signers; not parties the target's own 'between' names ("a memorandum between A and B,
        # and an agreement between A and C")
        if not own_parties:
            targets += [a for a in _conjuncts(ctx, target, agreements) if a not in targets]
        for t in targets:
            for p in parties:
                yield from ctx.fact(t.key, "signatory", p.key, [t, p, trig], 0.8, "sign")
        orgs = [p for p in parties if p.type in ORG_ACTORS]
        for a, b in _co_signing_pairs(ctx, orgs, partners, trig):
            yield from ctx.fact(a.key, "cooperatesWith", b.key, [a, b, trig], 0.7, "co-signatories")
        d = ctx.signing_date()
        if d is not None:
            for t in targets:
                yield from ctx.fact(t.key, "date", d.as_gold(), [t, trig], 0.75, "signing-date", date=d)
        break


def _conjuncts(ctx: Context, target: Mention, agreements: list[Mention]) -> list[Mention]:
    """The agreements listed with ``target`` after it ('the Treaty on A, the Agreement on B and the
    Protocol on C'), read as the name finders read a list (:func:`graph.nlp.lists.coordinated`)."""
    starts = {a.start: a for a in agreements if a.source != "anaphor"}
    return [a for _, a in coordinated(ctx.doc, target.start, ctx.sent.end, starts) if a.key != target.key]


@rule("agreements.included")
def included(ctx: Context) -> Iterator[Candidate]:
    """'They signed a package of documents. These included A, B and C' / 'The documents signed
    included A and B': the documents an inclusion list names are signed by those who signed the
    documents it points back to (the signing of its own sentence, else of the sentence before)."""
    agreements = ctx.of_type("Agreement")
    if not agreements:
        return
    for tok in ctx.sent:
        subj = inclusion_pointer(ctx, tok)
        if subj is None:
            continue
        listed = ctx.subtree(tok) - ctx.subtree(subj)
        targets = [a for a in agreements if a.start in listed and a.source != "anaphor"]
        signers = _signers_of(ctx, {t.i for t in subj.subtree})
        if not signers and ctx.si > 0:
            signers = _signers_of(Context(ctx.view, ctx.si - 1, ctx.main, ctx.prior_events), None)
        for a in targets:
            for p in signers:
                yield from ctx.fact(a.key, "signatory", p.key, [a, tok], 0.6, "included")


def inclusion_pointer(ctx: Context, tok: Token) -> Token | None:
    """The subject of an inclusion verb that points back to documents ('These included …', 'The
    documents signed included …'), or None when ``tok`` is no such verb."""
    if tok.lemma_.lower() != "include" or tok.pos_ not in ("VERB", "AUX") or ctx.negated(tok):
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.lower_ in lexicon.words("document_list_pointers") else None


def lists_signed_documents(ctx: Context, tok: Token) -> bool:
    """Whether ``tok`` includes documents in a list of signed ones: its pointer is signed in its
    own phrase ('the documents signed included A') or the sentence before signs ('They signed a
    package of documents. These included A')."""
    subj = inclusion_pointer(ctx, tok)
    if subj is None:
        return False
    if any(_signings(ctx, {t.i for t in subj.subtree})):
        return True
    return ctx.si > 0 and any(_signings(Context(ctx.view, ctx.si - 1, ctx.main, ctx.prior_events), None))


def _signings(ctx: Context, within: set[int] | None) -> Iterator[Token]:
    """The sentence's realised signing triggers (inside ``within`` when given)."""
    for trig in ctx.triggers("sign"):
        if (within is None or trig.i in within) and not ctx.negated(trig) and not ctx.unrealised(trig):
            yield trig


def _signers_of(ctx: Context, within: set[int] | None) -> list[Mention]:
    """The doers of the sentence's first realised signing (inside ``within`` when given: 'the
    documents signed by A and B')."""
    for trig in _signings(ctx, within):
        found = ctx.agents(trig, ctx.verb_of(trig), ORG_ACTORS | {"Person"})
        found += [m for m in ctx.by_phrase(trig) if m not in found]
        if found:
            return found
    return []
