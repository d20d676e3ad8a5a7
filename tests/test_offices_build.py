"""The build on invented documents: one node per office holder across documents, dated offices in
their own graph (never a document or the derived graph), and partners-of through persons."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from graph.builder import build
from graph.querylib import get_query
from graph.rdf import iris
from graph.store import Store

DOCS = [
    {
        "id": "invented-astana",
        "date": "2024-07-04",
        "title": "Talks in Astana",
        "text": "Talks in Astana\n\nOn 4 July 2024, President of Belarus Alexander Lukashenko held talks "
        "with "
        "President of Kazakhstan Kassym-Jomart Tokayev in Astana. The two presidents discussed trade, "
        "transport and digital technologies, and said that their governments would work together.",
    },
    {
        "id": "invented-minsk",
        "date": "2024-09-10",
        "title": "Visit to Minsk",
        "text": "Visit to Minsk\n\nOn 10 September 2024, President Lukashenko met with the Prime Minister of "
        "Vietnam Pham Minh Chinh in Minsk. The two leaders discussed trade, digital technologies and "
        "education, and agreed to meet again next year.",
    },
]
LUKASHENKO = str(iris.entity("person/alexander-lukashenko"))
BLR_PRESIDENT = iris.ID + "office/BLR-president-of-belarus"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[Store]:
    src = tmp_path_factory.mktemp("offices-in")
    (src / "docs.jsonl").write_text("\n".join(json.dumps(d) for d in DOCS) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("offices-out")
    result = build([src], out, nlp=nlp, page=False, validate=False)
    assert result.extracted == 2, result.errors
    with Store(out) as st:
        yield st


def test_build_one_node_for_the_office_holder_across_documents(store: Store):
    rows = store.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a coop:Person } "
        f'FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}doc/")) FILTER(?p = <{LUKASHENKO}>) }}'
    )
    assert {r["g"] for r in rows} == {str(iris.doc_graph(d["id"])) for d in DOCS}
    # "President Lukashenko" alone in the second document: the decision says why
    why = store.select(
        "SELECT ?rule ?c WHERE { GRAPH ?g { ?d coop:linkedTo ?p ; coop:linkRule ?rule ; rdfs:comment ?c } "
        f"FILTER(?p = <{LUKASHENKO}>) FILTER(?g = <{iris.links_graph('invented-minsk')}>) }}"
    )
    assert why and why[0]["rule"] == "office-holder" and "President of Belarus" in why[0]["c"]


def test_build_dated_office_only_in_the_offices_graph(store: Store):
    rows = store.select(
        f"SELECT ?g ?start WHERE {{ GRAPH ?g {{ <{LUKASHENKO}> coop:holdsOffice <{BLR_PRESIDENT}> }} "
        f"OPTIONAL {{ GRAPH ?g {{ ?t coop:holder <{LUKASHENKO}> ; coop:office <{BLR_PRESIDENT}> ; "
        "coop:startDate ?start } } }"
    )
    assert {r["g"] for r in rows} == {str(iris.OFFICES_GRAPH)}
    assert {r["start"] for r in rows} == {"1994-07-20"}
    leaked = store.select(
        "SELECT ?g WHERE { GRAPH ?g { ?s coop:holdsOffice ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}doc/") || ?g = <{iris.DERIVED_GRAPH}>) }}'
    )
    assert leaked == []


def test_build_partners_of_through_persons_with_the_path(store: Store):
    rows = store.select(get_query("partners-of").render({"actor": "BLR"}))
    by_partner = {str(r["partnerLabel"]): r for r in rows}
    assert "Pham Minh Chinh" in by_partner, rows
    row = by_partner["Pham Minh Chinh"]
    assert row["relation"] == "metWith"
    assert row["partnerCountry"] == "Vietnam"  # the partner's office says which state he acts for
    assert "Alexander Lukashenko (President of Belarus)" in str(row["through"])
    assert "Lukashenko met with" in str(row["sentence"])
