"""`coopgraph build --endpoint`: build into a real writable oxigraph server and compare with a local build."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEEDS
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.errors import StoreError
from graph.rdf import iris
from graph.rdf.vocab import COOP
from graph.remote import RemoteStore, build_remote, default_query_url, fetch_dataset
from graph.serve import free_port, running, server_command


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[str]:
    """Base URL of a fresh writable ``oxigraph serve`` (stopped after the test)."""
    port = free_port()
    cmd = server_command(tmp_path / "db", "127.0.0.1", port, read_only=False)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with running(proc, "127.0.0.1", port) as url:
        yield url


def graph_of(ds: Dataset, name: URIRef) -> Graph:
    g = Graph()
    for t in ds.graph(name):
        g.add(t)
    return g


def diff_text(a: Graph, b: Graph) -> str:
    _both, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    lines = [f"only in remote: {t}" for t in sorted(only_a)[:20]]
    lines += [f"only in local:  {t}" for t in sorted(only_b)[:20]]
    return "\n".join(lines)


def test_build_remote_matches_local_build(endpoint: str, seed_out: Path) -> None:
    written = build_remote([SEEDS], endpoint + "/update")
    assert written == 2
    remote = fetch_dataset(endpoint + "/query")
    local = Dataset()
    local.parse(seed_out / "coopgraph.trig", format="trig")

    def doc_graph_names(ds: Dataset) -> list[str]:
        return sorted(str(g.identifier) for g in ds.graphs() if iris.doc_id_of_graph(str(g.identifier)))

    doc_graphs = doc_graph_names(local)
    assert len(doc_graphs) == 2
    assert doc_graph_names(remote) == doc_graphs
    for name in doc_graphs:
        r, lo = graph_of(remote, URIRef(name)), graph_of(local, URIRef(name))
        assert len(r) > 100
        assert isomorphic(r, lo), f"{name} differs:\n{diff_text(r, lo)}"
    for name in (iris.REFERENCE_GRAPH, iris.ONTOLOGY_GRAPH):
        assert len(graph_of(remote, name)) == len(graph_of(local, name)) > 0

    # a second run skips the unchanged documents and changes nothing
    events: list[tuple[str, str]] = []
    assert build_remote([SEEDS], endpoint + "/update", progress=lambda e, d: events.append((e, d))) == 0
    assert [e for e, _ in events] == ["skip", "skip"]
    assert len(fetch_dataset(endpoint + "/query")) == len(remote)


def test_remote_errors_are_clear(endpoint: str) -> None:
    with pytest.raises(StoreError, match="not an http"):
        RemoteStore("ftp://example.org/update")
    with pytest.raises(StoreError, match=r"HTTP 4\d\d.*Fix:"):
        RemoteStore(endpoint + "/query", endpoint + "/query").update("THIS IS NOT SPARQL")
    port = free_port()
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{port}/update").documents()


@pytest.mark.parametrize(
    ("update", "query"),
    [
        ("http://h:7878/update", "http://h:7878/query"),
        ("http://h/ds/update/", "http://h/ds/query"),
        ("http://h/sparql", "http://h/sparql"),
    ],
)
def test_default_query_url(update: str, query: str) -> None:
    assert default_query_url(update) == query


def test_build_remote_keeps_one_date_per_entity_across_documents(endpoint: str, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Belarus and China signed the Digital Cooperation Programme in 2023.\n", "utf-8"
    )
    (docs / "b.txt").write_text(
        "Belarus and China signed the Digital Cooperation Programme in 2024.\n", "utf-8"
    )
    assert build_remote([docs], endpoint + "/update") == 2
    dates = {
        str(o)
        for s, _p, o, _g in fetch_dataset(endpoint + "/query").quads((None, COOP.startDate, None, None))
        if str(s).endswith("/digital-cooperation-programme")
    }
    assert len(dates) == 1, dates
