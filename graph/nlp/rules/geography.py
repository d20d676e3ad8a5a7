"""Geography and trade: places in countries, where organisations were founded, ICT exports."""

from __future__ import annotations

from collections.abc import Iterator

from graph.nlp import lexicon
from graph.nlp.rules import rule
from graph.nlp.rules.affiliations import first_mentions
from graph.nlp.rules.context import Context
from graph.nlp.types import Candidate


@rule("geography.located_in")
def located_in(ctx: Context) -> Iterator[Candidate]:
    """Every place lies in its country (from the gazetteer or the text around it), stated at its
    first mention (convention 15)."""
    for m in first_mentions(ctx):
        if ctx.view.type_of(m.key) == "Place" and m.country:
            yield from ctx.fact(m.key, "locatedIn", m.country, [m], 0.9, "place-country", status="reported")


@rule("geography.founding")
def founding(ctx: Context) -> Iterator[Candidate]:
    """'The organisation was established in Almaty in 1992': founding place and date."""
    if not ctx.has_trigger("found"):
        return
    orgs = ctx.of_type("InternationalOrganization", "Company")
    places = [m for m in ctx.of_type("Place") if m.start > 0 and ctx.doc[m.start - 1].lower_ == "in"]
    if orgs and places:
        d = ctx.date_near()
        yield from ctx.fact(
            orgs[0].key, "foundedIn", places[0].key, [orgs[0], places[0]], 0.7, "founded", date=d
        )


@rule("geography.exports")
def exports(ctx: Context) -> Iterator[Candidate]:
    """'Belarus exports IT services to China': ICT exports of a country (convention 22); export
    controls and bans are not exports."""
    trigs = [t for t in ctx.triggers("export") if not t.is_upper]  # not a HEADLINE
    if not trigs:
        return
    if ctx.lowers & lexicon.words("export_blockers"):
        return  # export controls and sanctions are the opposite of exports
    export_areas = lexicon.words("export_areas")
    if not (ctx.lowers & lexicon.words("ict_words") or any(a.label_ in export_areas for a in ctx.areas)):
        return
    trig = trigs[0]
    if ctx.negated(ctx.verb_of(trig)):
        return  # "does not export", "no longer exports"
    dests = [m for m in ctx.of_type("Country") if m.start > trig.i and m.source != "demonym"]
    exporters = [m for m in ctx.of_type("Country") if m.end <= trig.i]
    exporter = exporters[0].key if exporters else ctx.view.home
    if exporter is None:
        return
    d = ctx.date_near(trig.idx)
    for x in dests:
        yield from ctx.fact(exporter, "exportsTo", x.key, [trig, x], 0.65, "export", date=d)
