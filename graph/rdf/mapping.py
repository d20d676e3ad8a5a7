"""Extraction records -> RDF quads of one document's named graph.

Each shortcut fact ``s coop:p o`` is stated in the document's graph together with an
``coop:Assertion`` node (RDF reification) that carries its date, status, confidence and the
sentence it came from, so SPARQL can follow any fact back to its evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph import __version__
from graph.model import RELATIONS, CandidateFact, DateValue, Evidence, Extraction
from graph.rdf import iris
from graph.rdf.vocab import AREA, COOP

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]
EXTRACTOR = f"coopgraph {__version__}"
_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literals(d: DateValue) -> tuple[Literal, Literal | None]:
    dt = _DATATYPE.get(d.precision, XSD.date)
    start = Literal(d.start, datatype=dt)
    end = (
        Literal(d.end, datatype=_DATATYPE.get(_precision(d.end), XSD.date))
        if d.end and d.end != d.start
        else None
    )
    return start, end


def _precision(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "day")


def extraction_quads(x: Extraction, stored_hash: str) -> Iterator[Quad]:
    """All quads of one document's named graph."""
    doc = x.doc
    g = iris.doc_graph(doc.id)
    d = iris.document(doc.id)
    run = iris.run(EXTRACTOR, x.model, x.model_version)
    yield d, RDF.type, COOP.SourceDocument, g
    yield d, COOP.documentId, Literal(doc.id), g
    yield d, COOP.contentHash, Literal(stored_hash), g
    yield d, COOP.extractedBy, run, g
    if doc.title:
        yield d, DCTERMS.title, Literal(doc.title), g
    ctx = x.context
    date = doc.date or (ctx.date if ctx else None)  # the dateline's day when the record has none
    if date:
        yield d, COOP.documentDate, Literal(date, datatype=XSD.date), g
    if ctx is not None and ctx.place:
        # the dateline's city (a reference Place): the document's place only, no fact's location
        yield d, DCTERMS.spatial, iris.entity(ctx.place), g
    if doc.url:
        yield d, COOP.sourceUrl, Literal(doc.url, datatype=XSD.anyURI), g
    yield d, DCTERMS.source, Literal(doc.source), g
    yield run, RDF.type, COOP.ExtractionRun, g
    yield run, COOP.extractorVersion, Literal(EXTRACTOR), g
    yield run, COOP.modelName, Literal(x.model), g
    yield run, COOP.modelVersion, Literal(x.model_version), g

    mentions: set[URIRef] = set()

    def mention(ev: Evidence) -> Iterator[Quad]:
        m = iris.mention(doc.id, ev.sent_start, ev.sent_end)
        if m not in mentions:
            mentions.add(m)
            yield m, RDF.type, COOP.Mention, g
            yield m, COOP.inDocument, d, g
            yield m, COOP.sentenceText, Literal(ev.sentence), g
            yield m, COOP.charStart, Literal(ev.sent_start), g
            yield m, COOP.charEnd, Literal(ev.sent_end), g
            yield m, COOP.sentenceIndex, Literal(ev.sent_index), g

    for e in x.entities:
        node = iris.entity(e.key)
        yield node, RDF.type, getattr(COOP, e.type), g
        if e.subtype:
            yield node, RDF.type, getattr(COOP, e.subtype), g
        yield node, RDFS.label, Literal(e.label), g
        for alias in sorted(set(e.aliases)):
            if alias != e.label:
                yield node, SKOS.altLabel, Literal(alias), g
        if e.date is not None:
            start, end = date_literals(e.date)
            yield node, COOP.startDate, start, g
            if end is not None:
                yield node, COOP.endDate, end, g
            yield node, COOP.datePrecision, Literal(e.date.precision), g
        if e.status:
            yield node, COOP.status, Literal(e.status), g
        if e.post:
            yield node, COOP.post, Literal(e.post), g
        for ev in e.mentions[:3]:
            yield from mention(ev)
            yield node, PROV.wasDerivedFrom, iris.mention(doc.id, ev.sent_start, ev.sent_end), g

    for f in x.facts:
        s = iris.entity(f.s)
        p: URIRef = getattr(COOP, f.p)  # a closed namespace: an unknown relation raises
        o = AREA[f.o] if f.p == "coversArea" else iris.entity(f.o)
        yield s, p, o, g
        a = iris.assertion(doc.id, str(s), f.p, f.o if f.p == "coversArea" else str(o))
        yield a, RDF.type, COOP.Assertion, g
        yield a, RDF.subject, s, g
        yield a, RDF.predicate, p, g
        yield a, RDF.object, o, g
        yield a, COOP.confidence, Literal(round(f.confidence, 3), datatype=XSD.decimal), g
        yield a, COOP.status, Literal(f.status), g
        yield a, RDFS.comment, Literal(f.rule), g
        if f.date is not None:
            start, end = date_literals(f.date)
            yield a, COOP.startDate, start, g
            if end is not None:
                yield a, COOP.endDate, end, g
        yield from mention(f.evidence)
        yield a, PROV.wasDerivedFrom, iris.mention(doc.id, f.evidence.sent_start, f.evidence.sent_end), g
    for c in x.candidates:
        yield from _rejected(c, x, g, mention)


def _rejected(c: CandidateFact, x: Extraction, g: URIRef, mention: Any) -> Iterator[Quad]:
    """A candidate the decision did not keep, as an assertion with ``coop:accepted false`` and no
    shortcut triple: low-confidence.rq lists it for review."""
    keys = {e.key for e in x.entities}
    if c.kept or c.evidence is None or c.p not in RELATIONS or c.s not in keys:
        return
    if c.p != "coversArea" and c.o not in keys:
        return
    s = iris.entity(c.s)
    o = AREA[c.o] if c.p == "coversArea" else iris.entity(c.o)
    a = iris.assertion(x.doc.id, str(s), c.p, c.o if c.p == "coversArea" else str(o))
    yield a, RDF.type, COOP.Assertion, g
    yield a, RDF.subject, s, g
    yield a, RDF.predicate, getattr(COOP, c.p), g
    yield a, RDF.object, o, g
    yield a, COOP.confidence, Literal(round(c.probability, 3), datatype=XSD.decimal), g
    yield a, COOP.accepted, Literal(False), g
    yield a, RDFS.comment, Literal(",".join(c.rules)), g
    yield from mention(c.evidence)
    yield a, PROV.wasDerivedFrom, iris.mention(x.doc.id, c.evidence.sent_start, c.evidence.sent_end), g
