"""ontology/shapes.ttl reports each kind of broken graph by name."""

from __future__ import annotations

from functools import cache

import pyshacl
import pytest
from conftest import ROOT
from rdflib import RDF, Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")
CS = Namespace("https://w3id.org/coopgraph/shapes#")
COOP = Namespace("https://w3id.org/coopgraph/ont#")

PREFIXES = """
@prefix coop: <https://w3id.org/coopgraph/ont#> .
@prefix area: <https://w3id.org/coopgraph/area/> .
@prefix cty:  <https://w3id.org/coopgraph/id/country/> .
@prefix io:   <https://w3id.org/coopgraph/id/org/> .
@prefix gov:  <https://w3id.org/coopgraph/id/gov/> .
@prefix ex:   <https://w3id.org/coopgraph/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

# A small well-formed document graph: a Signing with its MoU, provenance and an assertion.
VALID = """
ex:doc-1 a coop:SourceDocument ; coop:documentId "doc-1" ;
    coop:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .
ex:m1 a coop:Mention ; coop:inDocument ex:doc-1 ; coop:sentenceText "On August 22, 2024, ..." ;
    coop:charStart 0 ; coop:charEnd 120 ; coop:sentenceIndex 0 .
cty:BLR a coop:Country ; rdfs:label "Belarus" ; coop:memberOf io:SCO ; coop:cooperatesWith cty:CHN ;
    prov:wasDerivedFrom ex:m1 .
cty:CHN a coop:Country ; rdfs:label "China" .
io:SCO a coop:InternationalOrganization ; rdfs:label "Shanghai Cooperation Organisation" .
gov:BLR-MCI a coop:GovernmentBody ; rdfs:label "Ministry of Communications and Informatization" ;
    coop:jurisdiction cty:BLR .
ex:place-minsk a coop:Place ; rdfs:label "Minsk" ; coop:locatedIn cty:BLR .
ex:signing-1 a coop:Signing ; rdfs:label "Signing of the MoU" ; coop:participant gov:BLR-MCI ;
    coop:location ex:place-minsk ;
    coop:startDate "2024-08-22"^^xsd:date ; coop:endDate "2024-08-22"^^xsd:date ;
    coop:datePrecision "day" ; coop:coversArea area:CloudComputing ; prov:wasDerivedFrom ex:m1 .
ex:mou-1 a coop:MemorandumOfUnderstanding ; rdfs:label "MoU on ICT cooperation" ; coop:signatory gov:BLR-MCI ;
    coop:startDate "2024-08"^^xsd:gYearMonth ; coop:coversArea area:ArtificialIntelligence ;
    prov:wasDerivedFrom ex:m1 .
ex:a1 a coop:Assertion ; rdf:subject cty:BLR ; rdf:predicate coop:memberOf ; rdf:object io:SCO ;
    coop:startDate "2024"^^xsd:gYear ; coop:status "completed" ; coop:confidence 0.9 ;
    prov:wasDerivedFrom ex:m1 .
"""


@cache
def shapes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


@cache
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "coop.ttl")


def validate(turtle: str) -> tuple[bool, Graph]:
    """Validate a document graph merged with the ontology and the area scheme, as the build does.

    No RDFS inference: rdfs:range would type every memberOf object as an
    InternationalOrganization and hide exactly the errors the shapes look for.
    """
    data = Graph().parse(ROOT / "ontology" / "areas.ttl")
    data += ontology()
    data.parse(data=PREFIXES + turtle, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", advanced=True)
    return conforms, report


def violated(report: Graph) -> set[str]:
    """The sh:name of each shape (property or node) that reported a result."""
    names = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        name = shapes().value(shape, SH.name)
        constraint = report.value(result, SH.sourceConstraint)
        if constraint is not None and shapes().value(constraint, SH.name) is not None:
            name = shapes().value(constraint, SH.name)
        names.add(str(name))
        assert report.value(result, SH.resultMessage) is not None
    return names


def test_shapes_every_shape_named():
    graph = shapes()
    for kind in (SH.NodeShape, SH.SPARQLConstraint):
        for shape in graph.subjects(RDF.type, kind):
            assert graph.value(shape, SH.name) is not None, shape
    for prop in graph.subjects(SH.path, None):
        assert graph.value(prop, SH.name) is not None, prop
        assert graph.value(prop, SH.message) is not None, prop


def test_shapes_valid_graph_conforms():
    conforms, report = validate(VALID)
    assert conforms, report.serialize(format="turtle")


def test_shapes_gazetteer_conforms():
    data = Graph().parse(ROOT / "ontology" / "areas.ttl")
    data += ontology()
    for path in sorted((ROOT / "ontology" / "gazetteer").glob("*.ttl")):
        data.parse(path)
    _conforms, report, text = pyshacl.validate(data, shacl_graph=shapes(), inference="none", advanced=True)
    # reference agreements (agreements.ttl) are no extracted nodes: they have no mention of their
    # own; a document that names one restates it with its mentions (and is validated then)
    provenance = CS.DerivedFromMentionProperty
    violations = [
        r
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.sourceShape) != provenance
        or (report.value(r, SH.focusNode), RDF.type, COOP.Agreement) not in data
    ]
    assert not violations, text[:2000]


BROKEN = {
    "end before start": (
        """ex:ev a coop:Meeting ; rdfs:label "Talks" ; coop:startDate "2024-08-22"^^xsd:date ;
               coop:endDate "2024-08-20"^^xsd:date ; prov:wasDerivedFrom ex:m1 .""",
        "startDate not after endDate",
    ),
    "end month before start day": (
        """ex:ag a coop:Treaty ; rdfs:label "Treaty" ; coop:startDate "2024-08-22"^^xsd:date ;
               coop:endDate "2024-07"^^xsd:gYearMonth ; prov:wasDerivedFrom ex:m1 .""",
        "startDate not after endDate",
    ),
    "two start dates": (
        """ex:ev a coop:Forum ; rdfs:label "Forum" ;
               coop:startDate "2024-08-22"^^xsd:date, "2024-08-23"^^xsd:date ;
               prov:wasDerivedFrom ex:m1 .""",
        "startDate: at most one, a date, year-month or year",
    ),
    "date as plain string": (
        """ex:ev a coop:Visit ; rdfs:label "Visit" ; coop:startDate "22 August 2024" ;
               prov:wasDerivedFrom ex:m1 .""",
        "startDate: at most one, a date, year-month or year",
    ),
    "event without provenance": (
        """ex:ev a coop:Meeting ; rdfs:label "Talks" .""",
        "provenance: derived from at least one Mention",
    ),
    "assertion without provenance": (
        """ex:a2 a coop:Assertion ; rdf:subject cty:BLR ; rdf:predicate coop:memberOf ;
               rdf:object io:SCO .""",
        "provenance: derived from at least one Mention",
    ),
    "assertion with two subjects": (
        """ex:a2 a coop:Assertion ; rdf:subject cty:BLR, cty:CHN ;
               rdf:predicate coop:memberOf ; rdf:object io:SCO ;
               prov:wasDerivedFrom ex:m1 .""",
        "Assertion: exactly one rdf:subject",
    ),
    "assertion with unknown status": (
        """ex:a2 a coop:Assertion ; rdf:subject cty:BLR ; rdf:predicate coop:memberOf ; rdf:object io:SCO ;
               coop:status "rumoured" ; prov:wasDerivedFrom ex:m1 .""",
        "Assertion: status in the allowed list",
    ),
    "confidence above one": (
        """ex:a2 a coop:Assertion ; rdf:subject cty:BLR ; rdf:predicate coop:memberOf ; rdf:object io:SCO ;
               coop:confidence 1.5 ; prov:wasDerivedFrom ex:m1 .""",
        "confidence: one decimal in [0, 1]",
    ),
    "mention with end before start": (
        """ex:m2 a coop:Mention ; coop:inDocument ex:doc-1 ; coop:sentenceText "x" ;
               coop:charStart 10 ; coop:charEnd 5 .""",
        "Mention: charStart a non-negative integer before charEnd",
    ),
    "mention without document": (
        """ex:m2 a coop:Mention ; coop:sentenceText "x" ; coop:charStart 0 ; coop:charEnd 5 .""",
        "Mention: exactly one inDocument",
    ),
    "malformed country IRI": (
        """<https://w3id.org/coopgraph/id/country/Belarus> a coop:Country ; rdfs:label "Belarus" .""",
        "Country IRI is ISO 3166-1 alpha-3",
    ),
    "country with two labels": (
        """cty:BLR a coop:Country ; rdfs:label "Belarus", "Republic of Belarus" .""",
        "exactly one rdfs:label",
    ),
    "self-cooperation": (
        """cty:BLR a coop:Country ; rdfs:label "Belarus" ; coop:cooperatesWith cty:BLR .""",
        "cooperatesWith itself",
    ),
    "self-meeting": (
        """cty:BLR a coop:Country ; rdfs:label "Belarus" ; coop:metWith cty:BLR .""",
        "metWith itself",
    ),
    "coversArea outside the scheme": (
        """ex:ag a coop:Agreement ; rdfs:label "Plan" ; prov:wasDerivedFrom ex:m1 ;
               coop:coversArea <https://w3id.org/coopgraph/area/Gardening> .""",
        "coversArea object is in the area scheme",
    ),
    "memberOf a country": (
        """cty:BLR a coop:Country ; rdfs:label "Belarus" ; coop:memberOf cty:CHN .
           cty:CHN a coop:Country ; rdfs:label "China" .""",
        "memberOf object is an InternationalOrganization",
    ),
    "government body with two jurisdictions": (
        """gov:X a coop:GovernmentBody ; rdfs:label "Joint Commission" ;
               coop:jurisdiction cty:BLR, cty:CHN .""",
        "GovernmentBody: at most one jurisdiction, a Country",
    ),
    "jurisdiction to an organisation": (
        """gov:X a coop:GovernmentBody ; rdfs:label "Commission" ; coop:jurisdiction io:EU .
           io:EU a coop:InternationalOrganization ; rdfs:label "European Union" .""",
        "jurisdiction object is a Country",
    ),
    "place located in a city": (
        """ex:p1 a coop:Place ; rdfs:label "Karamay" ; coop:locatedIn ex:p2 .
           ex:p2 a coop:Place ; rdfs:label "Xinjiang" .""",
        "locatedIn object is a Country",
    ),
}

# Provenance nodes the broken snippets may refer to.
CONTEXT = """
ex:doc-1 a coop:SourceDocument .
ex:m1 a coop:Mention ; coop:inDocument ex:doc-1 ; coop:sentenceText "s" ; coop:charStart 0 ; coop:charEnd 1 .
"""


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_shapes_broken_graph_reported(case: str):
    snippet, expected = BROKEN[case]
    conforms, report = validate(CONTEXT + snippet)
    assert not conforms, f"{case}: not reported"
    assert expected in violated(report), f"{case}: got {violated(report)}"


def test_shapes_country_pattern_accepts_gazetteer_iri():
    conforms, _ = validate("""cty:KOR a coop:Country ; rdfs:label "South Korea" .""")
    assert conforms
