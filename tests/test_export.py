"""`coopgraph export`: every format parses back to what the store holds."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import BNode, Node

from graph import entities
from graph import export as ex
from graph.analytics import actor_network
from graph.errors import StoreError
from graph.store import Store, from_ox, plain


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


def test_export_turtle_triples_round_trip(store_copy: Path, truth: dict, tmp_path: Path) -> None:
    path = ex.export(store_copy, "turtle", tmp_path / "g.ttl")
    g = Graph()
    g.parse(path, format="turtle")
    same(set(g), truth["triples"])  # type: ignore[arg-type]


def test_export_jsonld_compacted_named_graphs_round_trip(
    store_copy: Path, truth: dict, tmp_path: Path
) -> None:
    """JSON-LD has the prefixes as @context, one @graph per named graph, and is the same dataset."""
    path = ex.export(store_copy, "jsonld", tmp_path / "g.jsonld")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"]["coop"] == "https://w3id.org/coopgraph/ont#"
    assert data["@context"]["country"] == "https://w3id.org/coopgraph/id/country/"
    named = {g["@id"] for g in data["@graph"]}
    docs = {str(q[3]) for q in truth["quads"] if "/graph/doc/" in str(q[3])}  # type: ignore[attr-defined]
    assert len(docs) == 2 and docs <= named
    assert all("@graph" in g for g in data["@graph"])
    assert '"coop:memberOf"' in path.read_text(encoding="utf-8")  # compacted: prefixed names
    ds = Dataset()
    ds.parse(path, format="json-ld")
    quads = {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None)) if g is not None}
    expected = {q for q in truth["quads"] if isinstance(q[3], URIRef)}  # type: ignore[attr-defined]
    same(quads, expected)
    back, want = Dataset(), Dataset()
    for s, p, o, g in quads:
        back.graph(g).add((s, p, o))
    for s, p, o, g in expected:
        want.graph(g).add((s, p, plain(o)))
    for g in {q[3] for q in expected}:
        assert isomorphic(back.graph(g), want.graph(g)), g


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


@pytest.mark.parametrize(
    ("date", "bounds"),
    [
        ("2024", ("2024-01-01", "2024-12-31")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2023-02", ("2023-02-01", "2023-02-28")),
        ("2024-08-22", ("2024-08-22", "2024-08-22")),
        ("", None),
        ("soon", None),
    ],
)
def test_export_date_bounds(date: str, bounds: tuple[str, str] | None) -> None:
    assert ex.date_bounds(date) == bounds


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_network_one_weighted_edge_per_relation(  # type: ignore[no-untyped-def]
    store_copy: Path, truth: dict, tmp_path: Path, fmt: str, reader
) -> None:
    """No parallel edges of one relation: an edge's weight is the number of facts it stands for."""
    path = ex.export(store_copy, fmt, tmp_path / f"net.{fmt}")
    net: nx.MultiGraph = truth["net"]
    back = reader(path)
    assert net.number_of_nodes() > 5
    assert set(back.nodes) == {str(n) for n in net.nodes}
    triples = [(d["source_id"], d["target_id"], d["relation"]) for _, _, d in back.edges(data=True)]
    assert len(triples) == len(set(triples))  # one edge per (source, target, relation)
    assert sum(float(d["weight"]) for _, _, d in back.edges(data=True)) == net.number_of_edges()
    assert back.number_of_edges() < net.number_of_edges()  # the seeds do have parallel facts
    expected: dict[tuple[str, str, str], int] = {}
    for u, v, d in net.edges(data=True):
        s, o = (d["source"], d["target"]) if d["directed"] else tuple(sorted((u, v)))
        expected[(s, o, d["rel"])] = expected.get((s, o, d["rel"]), 0) + 1
    got = {
        (d["source_id"], d["target_id"], d["relation"]): int(float(d["weight"]))
        for *_, d in back.edges(data=True)
    }
    assert got == expected
    blr, sco = "https://w3id.org/coopgraph/id/country/BLR", "https://w3id.org/coopgraph/id/org/SCO"
    member = next(
        d for u, v, d in back.edges(data=True) if d["relation"] == "memberOf" and {u, v} == {blr, sco}
    )
    assert member["first_date"] == member["last_date"] == "2024-07"
    assert back.nodes[blr]["label"] == "Belarus"
    assert back.nodes[blr]["type"] == "Country" and back.nodes[blr]["country"] == "BLR"
    assert float(back.nodes[blr]["pagerank"]) > 0 and int(back.nodes[blr]["degree"]) >= 3
    mincom = next(
        n for n, lab in back.nodes(data="label") if str(lab).startswith("Ministry of Communications")
    )
    assert back.nodes[mincom]["type"] == "GovernmentBody" and back.nodes[mincom]["country"] == "BLR"


def test_export_gexf_is_dynamic(store_copy: Path, tmp_path: Path) -> None:
    """Gephi's timeline needs mode="dynamic", timeformat="date" and start/end on dated edges (the
    schema itself is checked by test_export_gexf_validates_against_schema)."""
    import xml.etree.ElementTree as ET

    path = ex.export(store_copy, "gexf", tmp_path / "net.gexf")
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.gexf.net/1.2draft}gexf" and root.get("version") == "1.2"
    graph_el = root.find("g:graph", ns)
    assert graph_el is not None
    assert graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    edges = graph_el.findall("g:edges/g:edge", ns)
    ids = [e.get("id") for e in edges]
    assert len(ids) == len(set(ids))
    node_ids = {n.get("id") for n in graph_el.findall("g:nodes/g:node", ns)}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)
    dated = [e for e in edges if e.get("start")]
    assert dated, "no dated edge"
    for e in dated:
        start, end = e.get("start", ""), e.get("end", "")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) and start <= end
        assert float(e.get("weight", "0")) >= 1
    member = next(e for e in dated if e.get("label") == "memberOf" and e.get("source", "").endswith("/BLR"))
    assert (member.get("start"), member.get("end")) == ("2024-07-01", "2024-07-31")


TINY = """
@prefix coop: <https://w3id.org/coopgraph/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/coopgraph/id/> .
id:country\\/BLR a coop:Country ; rdfs:label "Belarus" ; coop:memberOf id:org\\/SCO .
id:country\\/CHN a coop:Country ; rdfs:label "China" ; coop:cooperatesWith id:country\\/BLR .
id:org\\/SCO a coop:InternationalOrganization ; rdfs:label "SCO" .
id:agr\\/mou a coop:Agreement ; rdfs:label "Меморандум" ; coop:startDate "2024-08-22"^^xsd:date ;
    coop:signatory id:country\\/BLR .
id:a1 a coop:Assertion ; rdf:subject id:country\\/BLR ; rdf:predicate coop:memberOf ;
    rdf:object id:org\\/SCO ; coop:startDate "2024-07"^^xsd:gYearMonth ; coop:status "reported" ;
    coop:confidence 0.9 ;
    prov:wasDerivedFrom id:m1, id:m2 .
id:a2 a coop:Assertion ; rdf:subject id:agr\\/mou ; rdf:predicate coop:signatory ;
    rdf:object id:country\\/BLR ; coop:status "reported" ; coop:confidence 0.8 ; prov:wasDerivedFrom id:m2 .
id:a3 a coop:Assertion ; rdf:subject id:country\\/CHN ; rdf:predicate coop:cooperatesWith ;
    rdf:object id:country\\/BLR ; coop:status "planned" ; coop:confidence 0.7 ; prov:wasDerivedFrom id:m3 .
id:m1 a coop:Mention ; coop:sentenceText "In July 2024 Belarus joined the SCO." ; coop:charStart 0 ;
    coop:charEnd 36 ; coop:inDocument id:doc .
id:m2 a coop:Mention ; coop:sentenceText "Беларусь signed the Меморандум, “a milestone”." ;
    coop:charStart 37 ; coop:charEnd 80 ; coop:inDocument id:doc .
id:m3 a coop:Mention ; coop:sentenceText "China will work with Belarus." ; coop:charStart 81 ;
    coop:charEnd 110 ; coop:inDocument id:doc .
id:doc a coop:SourceDocument ; coop:documentId "d1" ; dcterms:title "Беларусь – Китай: ИКТ" ;
    coop:sourceUrl "https://example.org/news/1" ; coop:documentDate "2024-09-01"^^xsd:date .
"""


@pytest.fixture(scope="module")
def tiny_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny-export")
    g = Graph().parse(data=TINY, format="turtle")
    graph = URIRef("https://w3id.org/coopgraph/graph/doc/d1")
    with Store(out, create=True, write=True) as st:  # as a build writes it: with the entities graph
        entities.replace_document(st, graph, ((s, p, o, graph) for s, p, o in g))
    return out


def test_export_facts_csv_for_excel_and_pandas(tiny_out: Path, tmp_path: Path) -> None:
    """One row per fact, short relation names, a date with its source, title and URL; a BOM."""
    import pandas as pd

    path = ex.export(tiny_out, "facts-csv", tmp_path / "facts.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert tuple(df.columns) == ex.FACT_COLUMNS
    assert len(df) == 3 and df["assertion"].is_unique  # a1 has two mentions: still one row
    rows = {r["relation"]: r for r in df.to_dict("records")}
    assert set(rows) == {"memberOf", "signatory", "cooperatesWith"}
    member, signed, coop = rows["memberOf"], rows["signatory"], rows["cooperatesWith"]
    assert (member["date"], member["date_source"]) == ("2024-07", "fact")
    assert member["sentence"] == "In July 2024 Belarus joined the SCO."  # the first mention
    assert (signed["date"], signed["date_source"]) == ("2024-08-22", "event")
    assert (coop["date"], coop["date_source"]) == ("2024-09-01", "document")
    assert signed["subject_label"] == "Меморандум" and "“a milestone”" in signed["sentence"]
    assert set(df["document_title"]) == {"Беларусь – Китай: ИКТ"}
    assert set(df["url"]) == {"https://example.org/news/1"}
    assert member["subject"].endswith("/country/BLR") and member["predicate"].endswith("#memberOf")
    assert coop["status"] == "planned" and float(coop["confidence"]) == 0.7


def test_export_facts_csv_seeds_one_row_per_assertion(store_copy: Path, truth: dict, tmp_path: Path) -> None:
    path = ex.export(store_copy, "facts-csv", tmp_path / "facts.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == truth["assertions"] > 0
    assert all("#" not in r["relation"] and r["relation"] for r in rows)
    assert {r["date_source"] for r in rows} <= {"fact", "event", "document", ""}
    sco = [
        r
        for r in rows
        if r["subject_label"] == "Belarus"
        and r["relation"] == "memberOf"
        and r["object"].endswith("/org/SCO")
    ]
    assert sco and sco[0]["date"] == "2024-07" and "joined the SCO" in sco[0]["sentence"]
    assert int(sco[0]["char_start"]) < int(sco[0]["char_end"])


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


GEXF_XSD = Path(__file__).resolve().parent / "data" / "gexf" / "1.2draft" / "gexf.xsd"


def _gexf_schema():  # type: ignore[no-untyped-def]
    from lxml import etree  # in the test extra (and a dependency of trafilatura)

    return etree, etree.XMLSchema(etree.parse(str(GEXF_XSD)))


def test_export_gexf_validates_against_schema(store_copy: Path, tmp_path: Path) -> None:
    """The export (dynamic, attributes on nodes and edges) is valid GEXF 1.2 by the official XSD
    (vendored in tests/data/gexf, see its README); a copy broken in three ways is not."""
    etree, schema = _gexf_schema()
    doc = etree.parse(str(ex.export(store_copy, "gexf", tmp_path / "net.gexf")))
    assert schema.validate(doc), schema.error_log
    ns = {"g": "http://www.gexf.net/1.2draft"}
    graph_el = doc.find("g:graph", ns)
    assert graph_el.get("mode") == "dynamic"
    titles = {a.get("title") for a in doc.findall("g:graph/g:attributes/g:attribute", ns)}
    assert titles >= {"type", "country", "pagerank", "relation", "first_date"}, titles
    assert doc.findall("g:graph/g:nodes/g:node/g:attvalues/g:attvalue", ns)
    assert [e for e in doc.findall("g:graph/g:edges/g:edge", ns) if e.get("start")]

    def broken(change: str) -> bool:
        bad = etree.fromstring(etree.tostring(doc))
        g_el = bad.find("g:graph", ns)
        edge = g_el.find("g:edges/g:edge", ns)
        if change == "mode":
            g_el.set("mode", "sometimes")
        elif change == "source":
            del edge.attrib["source"]
        elif change == "date":
            dated = next(e for e in g_el.findall("g:edges/g:edge", ns) if e.get("start"))
            dated.set("start", "2024-13-45")
        return bool(schema.validate(bad))

    assert not broken("mode") and not broken("source") and not broken("date")
