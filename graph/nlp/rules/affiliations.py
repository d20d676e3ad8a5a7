"""Affiliations: persons with the bodies their titles name, bodies with their states."""

from __future__ import annotations

from collections.abc import Iterator

from graph.nlp import lexicon
from graph.nlp.rules import rule
from graph.nlp.rules.context import Context
from graph.nlp.types import Candidate, Mention


@rule("affiliations.title")
def title(ctx: Context) -> Iterator[Candidate]:
    """'First Deputy Minister of Communications … Pavel Tkach' -> the ministry; 'President of
    Belarus Alexander Lukashenko' -> Belarus (the posts component reads the titles)."""
    for post in ctx.view.posts:
        if post.sent_index == ctx.si and post.target:
            span = [ctx.doc.char_span(post.start, post.end, alignment_mode="expand") or ctx.sent]
            yield from ctx.fact(post.person, "affiliatedWith", post.target, span, post.prior, post.rule)


@rule("affiliations.office_holder")
def office_holder(ctx: Context) -> Iterator[Candidate]:
    """A title that names no body or state ('President Biden said …', 'Foreign Minister Wang
    met …') affiliates the person with the state or organisation whose office that person held
    on the document's date (convention 9: a head of state's affiliation is the country)."""
    for post in ctx.view.posts:
        if post.sent_index != ctx.si or post.target:
            continue
        where = ctx.view.office_state(post)
        if where:
            span = [ctx.doc.char_span(post.start, post.end, alignment_mode="expand") or ctx.sent]
            yield from ctx.fact(post.person, "affiliatedWith", where, span, 0.6, "office-holder")


@rule("affiliations.home_state", widening=True)
def home_state(ctx: Context) -> Iterator[Candidate]:
    """'President Biden said …' in a document about one state: a head-of-state or government
    title that names no state is a candidate affiliation with the document's state (the learned
    decision weighs it)."""
    home = ctx.view.home
    if home is None:
        return
    heads = lexicon.words("head_of_state_titles")
    for post in ctx.view.posts:
        if post.sent_index != ctx.si or post.target or not set(post.title.lower().split()) & heads:
            continue
        if ctx.view.office_state(post):
            continue  # the office holder's own state is known (a visit abroad is no home)
        span = [ctx.doc.char_span(post.start, post.end, alignment_mode="expand") or ctx.sent]
        yield from ctx.fact(post.person, "affiliatedWith", home, span, 0.0, "home-state")


@rule("affiliations.acting_for")
def acting_for(ctx: Context) -> Iterator[Candidate]:
    """'Secretary of Economy A, Secretary of Finance B and Ambassador C chaired the meeting for
    Mexico': persons whose titles name no body or state and who act 'for' a state in their clause
    hold their titles in it (convention 9: the title names no body, so the country)."""
    doc = ctx.doc
    untitled = {p.person for p in ctx.view.posts if p.sent_index == ctx.si and not p.target}
    if not untitled:
        return
    for prep in ctx.sent:
        if prep.lower_ != "for" or prep.dep_ != "prep":
            continue
        verb = ctx.verb_of(prep)  # "chaired the meeting for Mexico": on the verb or its object
        if verb.pos_ != "VERB" or ctx.hops(prep, verb) > 2:
            continue
        k = prep.i + 2 if prep.i + 1 < len(doc) and doc[prep.i + 1].lower_ == "the" else prep.i + 1
        # the state is the whole object of 'for' ('for Mexico'), not a modifier of another noun
        # ('support for Ukraine's sovereignty', 'wins for the American people')
        states = [
            m
            for m in ctx.of_type("Country")
            if m.start == k
            and m.source != "anaphor"
            and doc[m.end - 1].dep_ == "pobj"
            and doc[m.end - 1].head == prep
        ]
        if not states:
            continue
        for a in ctx.agents(prep, verb, {"Person"}):
            if a.key in untitled:
                yield from ctx.fact(
                    a.key, "affiliatedWith", states[0].key, [a, prep, states[0]], 0.6, "acting-for"
                )


def first_mentions(ctx: Context) -> Iterator[Mention]:
    """Each entity's first mention in the document, when it starts in this sentence."""
    yield from ctx.view.first_mentions.get(ctx.si, [])


@rule("affiliations.jurisdiction")
def jurisdiction(ctx: Context) -> Iterator[Candidate]:
    """Every government body belongs to the state named in or around it (or inferred by the
    linker), stated at its first mention."""
    for m in first_mentions(ctx):
        if ctx.view.type_of(m.key) == "GovernmentBody" and m.country:
            prior = 0.5 if m.extra.get("country_inferred") else 0.9
            yield from ctx.fact(
                m.key, "jurisdiction", m.country, [m], prior, "body-country", status="reported"
            )
