"""Dates and statuses of events and agreements (``date`` and ``status`` candidates).

A candidate's ``o`` is the date in gold form (``2024-08-22``, ``2023-04``, ``start/end``); the
relations component keeps one date per entity, the first proposed in reading order.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.model import DateValue
from graph.nlp import lexicon
from graph.nlp.rules import rule
from graph.nlp.rules.agreements import lists_signed_documents
from graph.nlp.rules.context import Context, Date
from graph.nlp.types import Candidate, Mention

DONE_TO_HOPS = 3  # "took part in the work of the Forum": trigger, prep, noun, prep, name


def _date(ctx: Context, m: Mention, d: DateValue, rule_name: str, prior: float) -> Iterator[Candidate]:
    yield from ctx.fact(m.key, "date", d.as_gold(), [m], prior, rule_name, date=d)


def nearest_agreement(ctx: Context, m: Mention) -> bool:
    """Whether ``m`` is, of the sentence's agreements, the one nearest its first date."""
    agreements = [a for a in ctx.ms if a.type == "Agreement" and a.source != "anaphor"]
    dates = ctx.sentence_dates
    if len({a.key for a in agreements}) < 2 or not dates:
        return True
    at = dates[0][0]
    return min(agreements, key=lambda a: min(abs(at - a.end_char), abs(at - a.start_char))).key == m.key


def _event_date(ctx: Context, m: Mention) -> DateValue | None:
    """The date nearest an event's name, but not the edition year right after it ("the Digital
    Forum 2025 was held on 3 May 2025": the sentence's day, not the name's year)."""
    inside = ctx.sentence_dates
    edition = [x for x in inside if 0 <= x[0] - m.end_char <= 1 and x[2].precision == "year"]
    others = [x for x in inside if _of_another(ctx, m, x)]
    rest = [x for x in inside if x not in edition and x not in others]
    if not rest:
        return None if others else ctx.date_near(m.start_char)
    return min(rest, key=lambda x: abs(x[0] - m.start_char))[2]


def _done_to(ctx: Context, m: Mention, acted_words: frozenset[str] | set[str], listing: set[int]) -> bool:
    """Whether the doing of the sentence is done to or at ``m``: a realised trigger among the
    first ancestors of its name's head ('signed a memorandum', 'the forum was held', 'took part
    in the forum'), or inside its name ('the meeting of …'); not an agreement or event the sentence
    only mentions ('Brazil is represented at the Forum', 'the Treaty we signed in 2002')."""
    root = ctx.doc[m.start : m.end].root
    if m.extra.get("group"):
        # "signed memorandums on A, B and C": each item is done to as its plural is
        root = ctx.doc[m.extra["group"][0]]
    # "the memorandum, which was signed …", "the agreement signed today": a clause on the name
    clauses = [
        c for t in ctx.doc[m.start : m.end] for c in t.children if c.dep_ in ("acl", "relcl") and c.i >= m.end
    ]
    commemorations = lexicon.words("commemoration_nouns")
    for k, t in enumerate([root, *root.ancestors, *clauses]):
        if k > DONE_TO_HOPS and t not in clauses:
            continue
        if any(a.lemma_.lower() in commemorations for a in t.ancestors):
            continue  # "the anniversary of the adoption of the Declaration": done long before
        if t.lemma_.lower() in acted_words and not ctx.unrealised(t) and not ctx.negated(t):
            return True
        if m.type == "Agreement" and t.i in listing:
            return True  # "The documents signed included a roadmap …": listed as signed
    return False


def _of_another(ctx: Context, m: Mention, date: Date) -> bool:
    """'the Agreement, signed in 2019, and the preparation of the 5th meeting': a date in a
    participial or relative clause on a document is that document's date, not the event's."""
    tok = next((t for t in ctx.sent if t.idx == date[0]), None)
    verb = tok
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb is None or verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("acl", "relcl"):
        return False
    owner = verb.head.i
    # only a document's: coordinated events share a clause ("the Forum and the Dialogue, which
    # were held on May 12 and 13")
    return not m.start <= owner < m.end and any(
        o.start <= owner < o.end for o in ctx.ms if o.type == "Agreement" and o.key != m.key
    )


def _governs(ctx: Context, m: Mention, date: Date) -> bool:
    """'In 2023, the delegation took part in the conference X', 'X opened on 3 May': the date is an
    adverbial of the verb whose clause holds the event, not a date the sentence names elsewhere
    ('X, which Kenya attended in 2019, opened …'); an edition year in the name is no such date."""
    doc = ctx.doc
    if 0 <= date[0] - m.end_char <= 1 and date[2].precision == "year":
        return False
    tok = next((t for t in ctx.sent if t.idx == date[0]), None)
    if tok is None:
        return False
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    # the event's own verb: the first verb above the head of its name
    head = next((t for t in doc[m.start : m.end] if not m.start <= t.head.i < m.end or t.head.i == t.i), None)
    while head is not None and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head is not None and head.i == verb.i


@rule("dates.draft")
def draft(ctx: Context) -> Iterator[Candidate]:
    """'the draft Programme of …': a document still being drafted is planned."""
    doc = ctx.doc
    for m in ctx.of_type("Agreement"):
        if m.source != "anaphor" and "draft" in {t.lower_ for t in doc[max(0, m.start - 2) : m.end]}:
            yield from ctx.fact(m.key, "status", "planned", [m], 0.7, "draft")


@rule("dates.entity_date")
def entity_date(ctx: Context) -> Iterator[Candidate]:
    """An event's date is the date nearest its name; an agreement's the date it is 'dated', the
    date right before its name, or the date of the sentence that signs or adopts it; a statement
    of something done with no date expression takes its paragraph's year, else the document date."""
    doc, view = ctx.doc, ctx.view
    acted_words = (
        lexicon.triggers("sign")
        | lexicon.triggers("participate")
        | lexicon.triggers("held")
        | lexicon.triggers("meet")
    )
    # something was done: "is to be signed in December" is not (yet) a doing of the document's day
    # "These included A and B" after a signing: the listed documents were signed
    # its inclusion verbs (only a token of lemma 'include' can be one)
    listing = {t.i for t, lemma, _ in ctx.forms if lemma == "include" and lists_signed_documents(ctx, t)}
    listed = bool(listing)
    acted = listed or any(
        lemma in acted_words and not ctx.unrealised(t) and not ctx.negated(t) for t, lemma, _ in ctx.forms
    )
    # "is to be signed next year": an agreement not signed yet has no date (convention 23)
    signed = listed or any(not ctx.unrealised(t) for t in ctx.triggers("sign") + ctx.triggers("adopt"))
    for m in ctx.ms:
        if m.type not in ("Event", "Agreement") or m.source == "anaphor":
            continue
        d: DateValue | None
        if m.type == "Agreement":
            inner = [t for t in doc[m.start : m.end + 1] if t.lower_ == "dated"]
            if (
                not inner
                and m.end + 1 < len(doc)
                and doc[m.end].lower_ == "of"
                and any(x[0] == doc[m.end + 1].idx for x in view.dates)
            ):
                inner = [doc[m.end]]  # "the … Statement of September 7, 2023"
            # "the 10 July 2023 statement by …": a date before the name is the document's
            before = [x for x in view.dates if 0 <= m.start_char - x[1] <= 2]
            if before and not inner:
                yield from _date(ctx, m, before[-1][2], "date-before-name", 0.8)
                continue
            dated = bool(inner)
            if not (dated or signed):
                continue
            d = ctx.date_near(inner[0].idx + 6) if dated else ctx.signing_date()
            if d is not None and not dated and not nearest_agreement(ctx, m):
                continue  # "the Statement issued on September 7, we welcome the Principles …"
            rule_name = "date-in-sentence"
        else:
            clause = [x[2] for x in ctx.sentence_dates if _governs(ctx, m, x)]
            d = clause[0] if clause else _event_date(ctx, m)
            rule_name = "date-of-clause" if clause else "date-in-sentence"
        if (
            d is None
            and acted
            and _done_to(ctx, m, acted_words, listing)
            and view.doc_date
            and not (ctx.lemmas & lexicon.words("not_document_day"))
        ):
            d = ctx.paragraph_date() or DateValue(view.doc_date, None, "day")
            rule_name = "document-date"
        if d is not None:
            yield from _date(ctx, m, d, rule_name, 0.7)
