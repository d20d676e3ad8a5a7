"""The entities graph: each entity-level triple of the document graphs once, kept per document."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from graph import entities
from graph.rdf import iris
from graph.store import Store

COOP = "https://w3id.org/coopgraph/ont#"
ACME = URIRef(iris.ID + "company/acme")
BLR = URIRef(iris.ID + "country/BLR")
DOC_A, DOC_B = iris.doc_graph("a"), iris.doc_graph("b")


def _doc(graph: URIRef, label: str, *, extra: bool = False) -> list[tuple]:
    doc_id = str(graph).rsplit("/", 1)[1]
    assertion = iris.assertion(doc_id, str(ACME), COOP + "exportsTo", str(BLR))
    quads = [
        (ACME, RDF.type, URIRef(COOP + "Company"), graph),
        (ACME, RDFS.label, Literal(label), graph),
        (BLR, RDF.type, URIRef(COOP + "Country"), graph),
        (assertion, RDF.subject, ACME, graph),  # per document: stays out of the entities graph
        (iris.document(doc_id), URIRef(COOP + "contentHash"), Literal(doc_id), graph),
    ]
    if extra:
        quads.append((ACME, URIRef(COOP + "exportsTo"), BLR, graph))
    return quads


def _entities(store: Store) -> set[tuple[str, str, str]]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{entities.ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}")
    return {(r["s"], r["p"], str(r["o"])) for r in rows}


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path, create=True, write=True) as st:
        yield st


def test_entities_graph_holds_each_triple_once_and_nothing_per_document(store: Store) -> None:
    entities.replace_document(store, DOC_A, _doc(DOC_A, "Acme"))
    entities.replace_document(store, DOC_B, _doc(DOC_B, "Acme"))
    got = _entities(store)
    assert got == {
        (str(ACME), str(RDF.type), COOP + "Company"),
        (str(ACME), str(RDFS.label), "Acme"),
        (str(BLR), str(RDF.type), COOP + "Country"),
    }
    # the union default graph repeats the label once per document; the entities graph does not
    q = f"SELECT ?l WHERE {{ GRAPH <{entities.ENTITIES_GRAPH}> {{ <{ACME}> rdfs:label ?l }} }}"
    rows = store.select(q)
    assert len(rows) == 1


def test_entities_graph_follows_a_changed_and_a_dropped_document(store: Store) -> None:
    entities.replace_document(store, DOC_A, _doc(DOC_A, "Acme"))
    entities.replace_document(store, DOC_B, _doc(DOC_B, "Acme Ltd", extra=True))
    assert (str(ACME), COOP + "exportsTo", str(BLR)) in _entities(store)
    labels = {o for s, p, o in _entities(store) if p == str(RDFS.label)}
    assert labels == {"Acme", "Acme Ltd"}
    # document b changes: its old label and fact go, document a's label stays
    entities.replace_document(store, DOC_B, _doc(DOC_B, "Acme"))
    assert (str(ACME), COOP + "exportsTo", str(BLR)) not in _entities(store)
    assert {o for s, p, o in _entities(store) if p == str(RDFS.label)} == {"Acme"}
    # both documents go: nothing is left about their entities
    entities.drop_document(store, DOC_A)
    assert (str(ACME), str(RDFS.label), "Acme") in _entities(store)  # still stated by b
    entities.drop_document(store, DOC_B)
    assert _entities(store) == set()


def test_entities_graph_refreshed_per_document_equals_a_fill_from_scratch(store: Store) -> None:
    entities.replace_document(store, DOC_A, _doc(DOC_A, "Acme", extra=True))
    entities.replace_document(store, DOC_B, _doc(DOC_B, "Acme Ltd"))
    entities.replace_document(store, DOC_A, _doc(DOC_A, "Acme Inc"))
    incremental = _entities(store)
    entities.fill(store)
    assert _entities(store) == incremental


def test_ensure_fills_a_store_built_without_the_entities_graph(store: Store) -> None:
    assert entities.ensure(store) is False  # no document: nothing to fill
    store.replace_graph(DOC_A, _doc(DOC_A, "Acme"))  # as a build before the entities graph
    assert _entities(store) == set()
    assert entities.ensure(store) is True
    assert (str(ACME), str(RDFS.label), "Acme") in _entities(store)
    assert entities.ensure(store) is False  # filled once


def test_build_keeps_the_entities_graph_equal_to_a_fill(seed_out: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(seed_out / "store", tmp_path / "store")
    with Store(tmp_path, write=True) as st:
        built = _entities(st)
        assert built and any(p == str(RDFS.label) for _s, p, _o in built)
        entities.fill(st)
        assert _entities(st) == built


_FACTS = [
    (ACME, RDF.type, URIRef(COOP + "Company")),
    (ACME, RDFS.label, Literal("Acme")),
    (ACME, RDFS.label, Literal("Acme Ltd")),
    (ACME, URIRef(COOP + "exportsTo"), BLR),
    (BLR, RDF.type, URIRef(COOP + "Country")),
    (BLR, RDFS.label, Literal("Belarus", lang="en")),
    (ACME, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef(iris.ID + "mention/x")),
]


def test_entities_graph_after_any_sequence_of_replaces_and_drops_is_the_union_of_the_documents(
    tmp_path: Path,
) -> None:
    """Per-document updates (add this document's triples, delete the previous version's that no
    document states any more) keep exactly what a fill from every document graph gives."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    docs = [DOC_A, DOC_B, iris.doc_graph("c")]
    ops = st.lists(
        st.tuples(st.integers(0, 2), st.none() | st.sets(st.integers(0, len(_FACTS) - 1))),
        min_size=1,
        max_size=8,
    )
    with Store(tmp_path, create=True, write=True) as store:

        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(ops)
        def check(steps: list[tuple[int, set[int] | None]]) -> None:
            for g in docs:
                entities.drop_document(store, g)
            held: dict[URIRef, set[int]] = {}
            for which, facts in steps:
                graph = docs[which]
                if facts is None:
                    entities.drop_document(store, graph)
                    held.pop(graph, None)
                else:
                    entities.replace_document(store, graph, [(*_FACTS[i], graph) for i in sorted(facts)])
                    held[graph] = facts
                expected = {
                    (str(s), str(p), str(o))
                    for i in set().union(*held.values())
                    for s, p, o in [_FACTS[i]]
                    if "wasDerivedFrom" not in str(p)
                }
                assert _entities(store) == expected

        check()


def test_harmonise_takes_the_label_and_date_other_documents_give_never_its_own_graphs(
    tmp_path: Path,
) -> None:
    """A document's entities take the label and date another document's graph already gives them
    (its own name becomes an alias); what the document's own previous graph says is not used."""
    from rdflib import XSD

    from graph.builder import harmonise
    from graph.model import DateValue, Document, Entity, Extraction

    event = URIRef(iris.ID + "event/zz-forum")
    own = iris.doc_graph("c")
    with Store(tmp_path, create=True, write=True) as store:
        store.replace_graph(
            DOC_A,
            [
                (ACME, RDFS.label, Literal("Acme"), DOC_A),
                (event, RDFS.label, Literal("Zedland Digital Forum"), DOC_A),
                (event, URIRef(COOP + "startDate"), Literal("2024-05-02", datatype=XSD.date), DOC_A),
                (event, URIRef(COOP + "datePrecision"), Literal("day"), DOC_A),
            ],
        )
        store.replace_graph(own, [(URIRef(iris.ID + "company/zeta"), RDFS.label, Literal("Zeta Old"), own)])
        x = Extraction(
            Document("c", "text", "test"),
            [
                Entity("company/acme", "Company", "ACME Corporation"),
                Entity("event/zz-forum", "Event", "the Forum", date=DateValue("2024")),
                Entity("company/zeta", "Company", "Zeta"),
                Entity(str(BLR), "Country", "Belarus", reference=True),
            ],
            [],
        )
        harmonise(store, x)
    acme, forum, zeta, _ = x.entities
    assert (acme.label, acme.aliases) == ("Acme", ["ACME Corporation"])
    assert forum.label == "Zedland Digital Forum" and forum.date == DateValue("2024-05-02", None, "day")
    assert (zeta.label, zeta.aliases) == ("Zeta", [])  # only its own graph named it
