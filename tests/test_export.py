"""`coopgraph export`: every format parses back to what the store holds."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import BNode, Node

from graph import export as ex
from graph.analytics import actor_network
from graph.errors import StoreError
from graph.store import Store, from_ox


@pytest.fixture(scope="module")
def store_copy(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed store (exports open it read-only)."""
    import shutil

    out = tmp_path_factory.mktemp("export")
    shutil.copytree(seed_out / "store", out / "store")
    return out


@pytest.fixture(scope="module")
def truth(store_copy: Path) -> Iterator[dict[str, object]]:
    """The store's quads and triples and its actor network, read once."""
    with Store(store_copy) as st:
        quads = {
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))
            for q in st.oxigraph
        }
        net = actor_network(st)
        n_assertions = len(st.select("SELECT DISTINCT ?a WHERE { ?a a coop:Assertion }"))
    triples = {(s, p, o) for s, p, o, _g in quads}
    yield {"quads": quads, "triples": triples, "net": net, "assertions": n_assertions}


def _norm(t: tuple[Node, ...]) -> tuple[Node, ...] | None:
    """Terms without blank nodes, literals compared by value (serialisers may re-spell them; in
    RDF 1.1 a plain literal is an xsd:string)."""
    if any(isinstance(x, BNode) for x in t):
        return None
    return tuple(_lit(x) if isinstance(x, Literal) else x for x in t)


def _lit(x: Literal) -> Literal:
    datatype = None if x.datatype == XSD.string else x.datatype
    return Literal(x.toPython() if datatype else str(x), datatype=datatype, lang=x.language)


def same(a: set[tuple[Node, ...]], b: set[tuple[Node, ...]]) -> None:
    na = {n for n in map(_norm, a) if n is not None}
    nb = {n for n in map(_norm, b) if n is not None}
    only_a, only_b = sorted(na - nb)[:5], sorted(nb - na)[:5]
    assert not only_a and not only_b, f"only in export: {only_a}\nonly in store: {only_b}"
    assert sum(1 for t in a if any(isinstance(x, BNode) for x in t)) == sum(
        1 for t in b if any(isinstance(x, BNode) for x in t)
    )


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_export_rdf_triples_round_trip(
    store_copy: Path, truth: dict, tmp_path: Path, fmt: str, parser: str
) -> None:
    path = ex.export(store_copy, fmt, tmp_path / f"g.{fmt}")
    g = Graph()
    g.parse(path, format=parser)
    same(set(g), truth["triples"])  # type: ignore[arg-type]


@pytest.mark.parametrize(("fmt", "parser"), [("trig", "trig"), ("nquads", "nquads")])
def test_export_rdf_quads_round_trip(
    store_copy: Path, truth: dict, tmp_path: Path, fmt: str, parser: str
) -> None:
    path = ex.export(store_copy, fmt, tmp_path / f"g.{fmt}")
    ds = Dataset()
    ds.parse(path, format=parser)
    quads = {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None)) if g is not None}
    expected = {q for q in truth["quads"] if isinstance(q[3], URIRef)}  # type: ignore[attr-defined]
    same(quads, expected)
    assert {q[3] for q in quads} == {q[3] for q in expected}


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_network_round_trip(store_copy: Path, truth: dict, tmp_path: Path, fmt: str, reader) -> None:  # type: ignore[no-untyped-def]
    path = ex.export(store_copy, fmt, tmp_path / f"net.{fmt}")
    net: nx.MultiGraph = truth["net"]
    back = reader(path)
    assert net.number_of_nodes() > 5
    assert set(back.nodes) == {str(n) for n in net.nodes}
    assert back.number_of_edges() == net.number_of_edges()
    pairs = {frozenset((str(u), str(v))) for u, v in net.edges()}
    assert {frozenset((u, v)) for u, v in back.edges()} == pairs
    blr = "https://w3id.org/coopgraph/id/country/BLR"
    assert back.nodes[blr]["label"] == net.nodes[blr]["label"] == "Belarus"


def test_export_facts_csv(store_copy: Path, truth: dict, tmp_path: Path) -> None:
    path = ex.export(store_copy, "facts-csv", tmp_path / "facts.csv")
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == ex.FACT_COLUMNS
        rows = list(reader)
    assert len(rows) >= truth["assertions"] > 0  # type: ignore[operator]
    sco = [
        r
        for r in rows
        if r["s"].endswith("/country/BLR") and r["p"].endswith("#memberOf") and r["o"].endswith("/org/SCO")
    ]
    assert sco and sco[0]["date"] == "2024-07" and "joined the SCO" in sco[0]["sentence"]
    assert sco[0]["s_label"] == "Belarus" and int(sco[0]["char_start"]) < int(sco[0]["char_end"])


def test_export_default_path_and_no_temp_files(store_copy: Path) -> None:
    path = ex.export(store_copy, "graphml")
    assert path == store_copy / "actors.graphml" and path.stat().st_size > 0
    assert not list(store_copy.glob(".*.tmp"))


def test_export_unknown_format(store_copy: Path) -> None:
    with pytest.raises(StoreError, match="facts-csv"):
        ex.export(store_copy, "xlsx")


def test_export_command(store_copy: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    res = CliRunner().invoke(
        app, ["export", "--out", str(store_copy), "--format", "gexf", "--to", str(tmp_path / "a.gexf")]
    )
    assert res.exit_code == 0, res.output
    assert nx.read_gexf(tmp_path / "a.gexf").number_of_nodes() > 5
    bad = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "none"), "--format", "trig"])
    assert bad.exit_code == 2 and "E006" in bad.output
