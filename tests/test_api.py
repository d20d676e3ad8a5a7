"""The Python API (graph.api, re-exported lazily by ``import graph``)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import graph
from graph import api
from graph.errors import StoreMissingError

BELARUS = "https://w3id.org/coopgraph/id/country/BLR"
COUNTRIES = "SELECT DISTINCT ?c ?label WHERE { ?c a coop:Country ; rdfs:label ?label }"
DOC_A = (
    "In July 2024, the Republic of Belarus joined the Shanghai Cooperation Organization and became "
    "its tenth full member.\n"
)


def test_api_build(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOC_A, encoding="utf-8")
    result = api.build(tmp_path / "a.txt", tmp_path / "out", page=False, validate=False)
    assert isinstance(result, graph.BuildResult)
    assert (result.documents, result.extracted, result.errors) == (1, 1, [])
    assert result.store.exists() and result.trig.exists()
    rows = graph.query(tmp_path / "out", "SELECT ?id WHERE { ?d coop:documentId ?id }")
    assert rows == [{"id": "a"}]


def test_api_query_rows_are_dicts(seed_out: Path) -> None:
    rows = graph.query(seed_out, COUNTRIES)
    assert isinstance(rows, list) and rows
    assert all(isinstance(r, dict) and set(r) == {"c", "label"} for r in rows)
    assert BELARUS in {r["c"] for r in rows}


def test_api_query_df(seed_out: Path) -> None:
    df = graph.query_df(str(seed_out), COUNTRIES)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["c", "label"]
    assert (df["c"] == BELARUS).any()


def test_api_to_networkx(seed_out: Path) -> None:
    net = graph.to_networkx(seed_out)
    assert isinstance(net, nx.MultiGraph)
    assert BELARUS in net.nodes
    assert net.nodes[BELARUS]["type"] == "Country"
    assert net.degree(BELARUS) > 0


def test_api_open_store(seed_out: Path) -> None:
    with graph.open_store(seed_out) as st:
        assert len(st) > 0


def test_api_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError):
        graph.query(tmp_path, COUNTRIES)


def test_api_unknown_name() -> None:
    with pytest.raises(AttributeError):
        graph.no_such_thing  # noqa: B018


def test_api_build_through_the_package() -> None:
    import graph.api  # what any earlier use of the API does

    assert graph.build is api.build


def test_api_query_binds_keyword_parameters_of_sparql_text(seed_out: Path) -> None:
    rows = graph.query(seed_out, "SELECT ?label WHERE { $c rdfs:label ?label }", c="country:BLR")
    assert {r["label"] for r in rows} == {"Belarus"}
    rows = graph.query(seed_out, "SELECT ?c WHERE { ?c rdfs:label $name }", name='Belarus" } #')
    assert rows == []  # a value is a literal, never SPARQL text
