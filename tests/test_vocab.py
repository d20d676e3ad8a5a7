"""graph/rdf/vocab.py is generated from coop.ttl and closed."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT
from rdflib import OWL, RDF, Graph, URIRef

from graph.rdf.vocab import AREA, COOP


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "generate_vocab", ROOT / "ontology" / "scripts" / "generate_vocab.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vocab_not_stale():
    expected = load_generator().render(ROOT / "ontology" / "coop.ttl")
    actual = (ROOT / "graph" / "rdf" / "vocab.py").read_text(encoding="utf-8")
    assert actual == expected, "graph/rdf/vocab.py is stale: run python ontology/scripts/generate_vocab.py"


def test_vocab_covers_every_ontology_term():
    graph = Graph().parse(ROOT / "ontology" / "coop.ttl")
    ns = "https://w3id.org/coopgraph/ont#"
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in graph.subjects(RDF.type, kind):
            if str(term).startswith(ns):
                assert COOP[str(term)[len(ns) :]] == term


@pytest.mark.parametrize(
    "name", ["Country", "memberOf", "cooperatesWith", "startDate", "Mention", "confidence"]
)
def test_vocab_term_is_uriref(name: str):
    term = getattr(COOP, name)
    assert isinstance(term, URIRef)
    assert str(term) == f"https://w3id.org/coopgraph/ont#{name}"


@pytest.mark.parametrize("name", ["Contry", "memberof", "cooperateWith", "startdate"])
def test_vocab_misspelt_term_raises(name: str):
    with pytest.raises(AttributeError):
        getattr(COOP, name)


def test_vocab_area_namespace():
    assert str(AREA.CloudComputing) == "https://w3id.org/coopgraph/area/CloudComputing"


def test_terms_not_stale():
    expected = load_generator().render_terms(ROOT / "ontology" / "coop.ttl")
    actual = (ROOT / "graph" / "terms.py").read_text(encoding="utf-8")
    assert actual == expected, "graph/terms.py is stale: run python ontology/scripts/generate_vocab.py"


def test_terms_are_the_marked_properties_of_the_ontology():
    from graph.terms import RELATIONS, SYMMETRIC

    graph = Graph().parse(ROOT / "ontology" / "coop.ttl")
    marked = {str(s) for s in graph.subjects(COOP.extractedRelation, None)}
    assert {str(COOP[r]) for r in RELATIONS} == marked
    assert "coversArea" in RELATIONS and "date" not in RELATIONS
    assert {"cooperatesWith", "metWith"} == SYMMETRIC
