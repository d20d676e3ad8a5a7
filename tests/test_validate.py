"""graph.validate: SHACL-SPARQL constraints are parsed once per validation, not once per node."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph import validate

PREFIXES = """
@prefix coop: <https://w3id.org/coopgraph/ont#> .
@prefix cty:  <https://w3id.org/coopgraph/id/country/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _countries(n: int, selfish: set[int]) -> Graph:
    """n invented countries, each cooperating with the next, and those in ``selfish`` with themselves."""
    lines = []
    for i in range(n):
        other = i if i in selfish else (i + 1) % n
        lines.append(
            f'cty:X{i:02d} a coop:Country ; rdfs:label "Land {i}" ; coop:cooperatesWith cty:X{other:02d} .'
        )
    return Graph().parse(data=PREFIXES + "\n".join(lines), format="turtle")


def test_validate_sparql_constraint_binds_each_focus_node():
    out = validate.validate_graph(_countries(30, {7, 21}))
    selfish = [v for v in out if "cooperatesWith itself" in v]
    assert len(selfish) == 2
    assert any("/country/X07" in v for v in selfish) and any("/country/X21" in v for v in selfish)


def test_validate_parses_each_constraint_once(monkeypatch: pytest.MonkeyPatch):
    from rdflib.plugins.sparql import parser, processor

    calls: list[str] = []
    real = parser.parseQuery

    def counting(text: str) -> object:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(parser, "parseQuery", counting)
    monkeypatch.setattr(processor, "parseQuery", counting)
    validate._translated.cache_clear()
    validate.validate_graph(_countries(40, {3}))
    # 40 focus nodes of the self-cooperation constraint: once per distinct query text, not per node
    assert 0 < len(calls) <= 5
    assert len(calls) == len(set(calls))


def test_validate_ntriples_of_a_stored_graph_matches_validating_it_in_the_store(tmp_path):
    """A worker process validates a document graph from its N-Triples: same findings as the
    writer's own validation of the stored graph (strings come back from Oxigraph typed)."""
    from rdflib import URIRef

    from graph.store import Store

    g = URIRef("https://w3id.org/coopgraph/graph/doc/invented")
    with Store(tmp_path / "store", create=True, write=True) as st:
        st.replace_graph(g, ((s, p, o, g) for s, p, o in _countries(12, {4})))
        here = validate.validate_graph(validate.graph_data(st, str(g)))
        shipped = validate.validate_ntriples(st.graph_ntriples(g))
    assert shipped == here
    selfish = [v for v in shipped if "cooperatesWith itself" in v]
    assert len(selfish) == 1 and "/country/X04" in selfish[0]


def test_validate_one_graph_leaves_nothing_behind_for_the_next():
    """Each data graph is validated in a graph that already holds the ontology and is taken out of
    it afterwards: a graph with violations, then a clean one, then the first again give their own
    findings, and the ontology graph is as it was (including a data triple that the ontology
    states too, which stays)."""
    from rdflib import OWL, RDF, URIRef

    root = validate.ontology_dir()
    work = validate._workspace(root)
    before = set(work)
    bad = _countries(6, {2})
    clean = _countries(6, set())
    shared = next(iter(work.subjects(RDF.type, OWL.Class)))
    clean.add((shared, RDF.type, OWL.Class))  # a triple the ontology holds already
    clean.add((URIRef("https://w3id.org/coopgraph/id/country/X00"), RDF.type, URIRef("urn:x")))
    first = validate.validate_graph(bad)
    assert [v for v in first if "cooperatesWith itself" in v] and "/country/X02" in " ".join(first)
    assert validate.validate_graph(clean) == validate.validate_graph(_countries(6, set()))
    assert not [v for v in validate.validate_graph(clean) if "itself" in v]
    assert validate.validate_graph(bad) == first
    assert set(work) == before


def _ntriples(g: Graph) -> bytes:
    return g.serialize(format="nt", encoding="utf-8")


def test_beside_validator_returns_each_graphs_findings_in_order():
    """The validation process gives each graph sent to it the findings of validating it here,
    in the order sent, a large graph included (frames larger than a pipe's buffer)."""
    graphs = [_countries(8, {1}), _countries(5, set()), _countries(400, {7, 300}), _countries(3, {0, 2})]
    beside = validate.BesideValidator()
    try:
        pending = [beside.submit(_ntriples(g)) for g in graphs]
        got = [validate.finished(p) for p in pending]
    finally:
        beside.close()
    assert got == [validate.validate_ntriples(_ntriples(g)) for g in graphs]
    assert not [v for v in got[1] or [] if "itself" in v]
    assert len([v for v in got[2] or [] if "itself" in v]) == 2


def test_beside_validator_gone_leaves_its_graphs_to_validate_here():
    """A validation process that dies gives no findings (None), not an error: the build then
    validates those graphs itself; closing does not wait for it."""
    beside = validate.BesideValidator()
    beside._child.kill()
    beside._child.wait()
    pending = [beside.submit(_ntriples(_countries(4, {1}))) for _ in range(3)]
    assert [validate.finished(p) for p in pending] == [None, None, None]
    beside.close()
    assert beside._child.returncode is not None
