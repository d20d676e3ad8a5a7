"""Analytics: exact values on hand-made graphs and stores, invariants on the seed graph."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, URIRef

from graph import analytics, entities
from graph.store import Store

ID = "https://w3id.org/coopgraph/id/"
BLR, CHN, RUS, KAZ = (f"{ID}country/{c}" for c in ("BLR", "CHN", "RUS", "KAZ"))
SCO = f"{ID}org/SCO"
MIN_BLR = f"{ID}gov/BLR-mincom"
MINCOM = "Ministry of Communications and Informatization"
MIIT = "Ministry of Industry and Information Technology"


def fact(g: nx.MultiGraph, u: str, v: str, rel: str, year: int | None = None, **kw: object) -> None:
    g.add_edge(u, v, key=f"{rel}|{year}|{kw.get('via', '')}", rel=rel, source=u, target=v, year=year, **kw)


@pytest.fixture
def star() -> nx.MultiGraph:
    g = nx.MultiGraph()
    for n, t in (("a", "Country"), ("b", "Country"), ("c", "Country"), ("d", "InternationalOrganization")):
        g.add_node(n, label=n.upper(), type=t)
    fact(g, "a", "b", "cooperatesWith", 2023)
    fact(g, "a", "b", "metWith", 2024)
    fact(g, "a", "c", "cooperatesWith", 2024)
    fact(g, "a", "d", "memberOf", 2024)
    fact(g, "b", "c", "exportsTo", None)
    return g


def test_analytics_centrality_exact(star: nx.MultiGraph) -> None:
    rows = {r["node"]: r for r in analytics.centrality(star)}
    assert rows["a"]["degree"] == 3
    assert rows["a"]["weighted_degree"] == 4
    assert rows["b"]["weighted_degree"] == 3
    # a lies on the only shortest paths b-d and c-d: 2 of the 3 pairs not involving a
    assert rows["a"]["betweenness"] == pytest.approx(2 / 3)
    assert rows["d"]["betweenness"] == 0
    assert sum(r["pagerank"] for r in rows.values()) == pytest.approx(1.0)
    assert analytics.centrality(star)[0]["node"] == "a"
    assert analytics.centrality(nx.MultiGraph()) == []


def test_analytics_communities_partition_and_reproducible() -> None:
    g = nx.MultiGraph()
    left, right = ["l0", "l1", "l2", "l3"], ["r0", "r1", "r2", "r3"]
    for group in (left, right):
        for i, u in enumerate(group):
            for v in group[i + 1 :]:
                fact(g, u, v, "cooperatesWith", 2024)
    fact(g, "l0", "r0", "metWith", 2024)
    parts = analytics.communities(g, seed=7)
    assert parts == [left, right]
    assert parts == analytics.communities(g, seed=7)
    flat = [n for p in parts for n in p]
    assert sorted(flat) == sorted(g.nodes) and len(flat) == len(set(flat))


def test_analytics_year_changes_exact(star: nx.MultiGraph) -> None:
    assert analytics.years(star) == [2023, 2024]
    rows = analytics.year_changes(star)
    assert rows[0] == {"year": 2023, "nodes": 2, "edges": 1, "facts": 1, "new": [["A", "B"]], "dropped": []}
    assert rows[1]["new"] == [["A", "C"], ["A", "D"]]
    assert rows[1]["dropped"] == []
    assert rows[1]["edges"] == 3 and rows[1]["facts"] == 3
    assert analytics.facts_per_year(star) == [
        {"year": 2023, "rel": "cooperatesWith", "facts": 1},
        {"year": 2024, "rel": "cooperatesWith", "facts": 1},
        {"year": 2024, "rel": "memberOf", "facts": 1},
        {"year": 2024, "rel": "metWith", "facts": 1},
    ]


def test_analytics_resolve_and_ego() -> None:
    g = nx.MultiGraph()
    g.add_node(BLR, label="Belarus", type="Country")
    g.add_node(CHN, label="China", type="Country")
    g.add_node(RUS, label="Russia", type="Country")
    g.add_node(KAZ, label="Kazakhstan", type="Country")
    fact(g, BLR, CHN, "cooperatesWith", 2024)
    fact(g, CHN, RUS, "cooperatesWith", 2024)
    fact(g, RUS, KAZ, "cooperatesWith", 2024)
    assert analytics.resolve(g, "BLR") == analytics.resolve(g, "blr") == BLR
    assert analytics.resolve(g, "china") == CHN
    assert analytics.resolve(g, RUS) == RUS
    assert analytics.resolve(g, "Kazakh") == KAZ
    with pytest.raises(analytics.ActorNotFoundError, match=r"\[E011\].*Fix:"):
        analytics.resolve(g, "Atlantis")
    assert set(analytics.ego(g, "BLR")) == {BLR, CHN}
    two = analytics.ego(g, "BLR", radius=2)
    assert set(two) == {BLR, CHN, RUS} and two.graph["center"] == BLR


def test_analytics_roll_up_exact() -> None:
    g = nx.MultiGraph()
    g.add_node(BLR, label="Belarus", type="Country")
    g.add_node(MIN_BLR, label="Ministry", type="GovernmentBody")
    g.add_node(f"{ID}gov/CHN-miit", label="MIIT", type="GovernmentBody")
    g.add_node(SCO, label="SCO", type="InternationalOrganization")
    g.add_node(f"{ID}company/x", label="X", type="Company")
    fact(g, MIN_BLR, f"{ID}gov/CHN-miit", "coSignatory", 2024)
    fact(g, MIN_BLR, BLR, "jurisdiction")
    fact(g, BLR, SCO, "memberOf", 2024)
    fact(g, f"{ID}company/x", SCO, "cooperatesWith")
    h = analytics.roll_up(g, {MIN_BLR: BLR, f"{ID}gov/CHN-miit": CHN})
    assert set(h) == {BLR, CHN, SCO}
    assert sorted((h.nodes[u]["label"], h.nodes[v]["label"], r) for u, v, r in h.edges(data="rel")) == [
        ("Belarus", "CHN", "coSignatory"),
        ("Belarus", "SCO", "memberOf"),
    ]


TTL = """
@prefix coop: <https://w3id.org/coopgraph/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/coopgraph/id/> .
id:country\\/BLR a coop:Country ; rdfs:label "Belarus" ; coop:memberOf id:org\\/SCO .
id:country\\/CHN a coop:Country ; rdfs:label "China" .
id:country\\/KAZ a coop:Country ; rdfs:label "Kazakhstan" .
id:org\\/SCO a coop:InternationalOrganization ; rdfs:label "SCO" .
id:agr\\/mou a coop:Agreement ; rdfs:label "MoU" ; coop:startDate "2024-08-22"^^xsd:date ;
    coop:signatory id:country\\/BLR, id:country\\/CHN ;
    coop:coversArea <https://w3id.org/coopgraph/area/ArtificialIntelligence> .
id:ev\\/forum a coop:Event ; rdfs:label "Forum" ; coop:startDate "2025-06-17"^^xsd:date ;
    coop:participant id:country\\/BLR, id:country\\/CHN, id:country\\/KAZ .
id:a1 a coop:Assertion ; rdf:subject id:country\\/BLR ; rdf:predicate coop:memberOf ;
    rdf:object id:org\\/SCO ;
    coop:startDate "2024-07"^^xsd:gYearMonth ; coop:status "reported" ; prov:wasDerivedFrom id:m1 .
id:m1 a coop:Mention ; coop:sentenceText "In July 2024 Belarus joined the SCO." .
id:doc a coop:SourceDocument ; coop:documentId "d1" ; dcterms:title "Belarus joins" .
"""


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    g = Graph().parse(data=TTL, format="turtle")
    graph = URIRef("https://w3id.org/coopgraph/graph/doc/d1")
    with Store(out, create=True, write=True) as st:
        st.replace_graph(graph, ((s, p, o, graph) for s, p, o in g))
    return out


def test_analytics_projection_from_sparql_exact(tiny_store: Path) -> None:
    with Store(tiny_store) as st:
        g = analytics.actor_network(st)
        b = analytics.area_network(g, st)
    assert set(g) == {BLR, CHN, KAZ, SCO}
    rels = sorted(
        (g.nodes[u]["label"], g.nodes[v]["label"], d["rel"], d["year"], d["tie"])
        for u, v, d in g.edges(data=True)
    )
    assert rels == [
        ("Belarus", "China", "coParticipant", 2025, "multilateral"),
        ("Belarus", "China", "coSignatory", 2024, "bilateral"),
        ("Belarus", "Kazakhstan", "coParticipant", 2025, "multilateral"),
        ("Belarus", "SCO", "memberOf", 2024, None),
        ("China", "Kazakhstan", "coParticipant", 2025, "multilateral"),
    ]
    member = next(d for _, _, d in g.edges(data=True) if d["rel"] == "memberOf")
    assert member["source"] == BLR and member["date"] == "2024-07"
    assert member["evidence"][0]["sentence"] == "In July 2024 Belarus joined the SCO."
    assert member["evidence"][0]["title"] == "Belarus joins"
    assert {r["label"]: (r["bilateral"], r["multilateral"]) for r in analytics.ties(g)} == {
        "Belarus": (1, 1),
        "China": (1, 1),
        "Kazakhstan": (0, 1),
    }
    assert g.nodes[BLR]["areas"] == ["ArtificialIntelligence"]
    assert [(r["actor_label"], r["area_label"], r["weight"]) for r in analytics.areas_by_actor(b)] == [
        ("Belarus", "ArtificialIntelligence", 1),
        ("China", "ArtificialIntelligence", 1),
    ]


def test_analytics_seed_graph_invariants(seed_out: Path) -> None:
    with Store(seed_out) as st:
        g = analytics.actor_network(st)
        c = analytics.country_network(st)
    rows = analytics.centrality(g)
    assert rows[0]["label"] == "Belarus"
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0)
    parts = analytics.communities(g, seed=0)
    flat = [n for p in parts for n in p]
    assert sorted(flat) == sorted(g.nodes) and len(flat) == len(set(flat))
    assert parts == analytics.communities(g, seed=0)
    member = [d for _, _, d in g.edges(BLR, data=True) if d["rel"] == "memberOf" and d["target"] == SCO]
    assert member and member[0]["date"] == "2024-07" and member[0]["year"] == 2024
    sign = [d for _, _, d in g.edges(data=True) if d["rel"] == "coSignatory" and d["date"] == "2024-08-22"]
    pairs = {frozenset((g.nodes[d["source"]]["label"], g.nodes[d["target"]]["label"])) for d in sign}
    mou = (f"{MINCOM} of the Republic of Belarus", f"{MIIT} of the People's Republic of China")
    assert frozenset(mou) in pairs
    assert all(d["tie"] == ("bilateral" if d["parties"] == 2 else "multilateral") for d in sign)
    assert "Memorandum" in sign[0]["via_label"]
    assert any("Memorandum of Understanding" in e["sentence"] for e in sign[0]["evidence"])
    assert c.has_edge(BLR, CHN) and analytics.centrality(c)[0]["node"] == BLR
    assert all(d.get("type") in ("Country", "InternationalOrganization") for _, d in c.nodes(data=True))


def test_analytics_analyze_command_writes_report(seed_out: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    res = CliRunner().invoke(app, ["analyze", "--out", str(seed_out), "--to", str(tmp_path), "--hub", "BLR"])
    assert res.exit_code == 0, res.output
    md = (tmp_path / "analysis.md").read_text(encoding="utf-8")
    assert "## Top actors by PageRank" in md and re.search(r"^\| Belarus +\| Country +\|", md, re.M)
    partners = md.split("## Partners of Belarus (country network)")[1].split("##")[0]
    assert re.search(r"^\| China +\| Country +\| +\d+ \|", partners, re.M)  # the ministries' MoU counts
    assert "by jurisdiction" in partners
    acts = json.loads((tmp_path / "activities_per_year.json").read_text(encoding="utf-8"))
    assert acts and {a["kind"] for a in acts} <= {"Agreement", "Event"}
    assert "## Agreements and events per year" in md
    for png in ("top_partners.png", "over_time.png", "areas_by_partner.png"):
        assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"]({png})" in md
    cent = json.loads((tmp_path / "centrality.json").read_text(encoding="utf-8"))
    assert cent[0]["label"] == "Belarus"
    assert (tmp_path / "communities.csv").read_text(encoding="utf-8").startswith("community,node,label")
    assert not list(tmp_path.glob(".*tmp*"))
    bad = CliRunner().invoke(
        app, ["analyze", "--out", str(seed_out), "--to", str(tmp_path), "--hub", "Atlantis"]
    )
    assert bad.exit_code == 2 and "E011" in bad.output


def test_analytics_time_series_leave_structural_ties_out(star: nx.MultiGraph) -> None:
    """'Over time' counts what happened: jurisdiction/affiliation edges are not events."""
    fact(star, "b", "d", "jurisdiction", 2024)
    fact(star, "c", "d", "affiliatedWith", 2023)
    rels = {r["rel"] for r in analytics.facts_per_year(star)}
    assert rels == {"cooperatesWith", "memberOf", "metWith"}
    assert {r["rel"] for r in analytics.facts_per_year(star, structural=True)} >= {"jurisdiction"}


def test_analytics_activities_per_year_counts_each_once() -> None:
    g = nx.MultiGraph()
    g.graph["activities"] = [
        {"via": "mou", "kind": "Agreement", "year": 2024, "parties": 2},
        {"via": "summit", "kind": "Event", "year": 2024, "parties": 5},
        {"via": "forum", "kind": "Event", "year": 2024, "parties": 1},
        {"via": "plan", "kind": "Agreement", "year": None, "parties": 3},
        {"via": "old", "kind": "Agreement", "year": 2021, "parties": 3},
    ]
    assert analytics.activities_per_year(g) == [
        {"year": 2021, "kind": "Agreement", "n": 1, "bilateral": 0, "multilateral": 1},
        {"year": 2024, "kind": "Agreement", "n": 1, "bilateral": 1, "multilateral": 0},
        {"year": 2024, "kind": "Event", "n": 2, "bilateral": 0, "multilateral": 1},
    ]


ROLL_TTL = """
@prefix coop: <https://w3id.org/coopgraph/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix id: <https://w3id.org/coopgraph/id/> .
id:country\\/BLR a coop:Country ; rdfs:label "Belarus" .
id:country\\/VNM a coop:Country ; rdfs:label "Vietnam" ; coop:demonym "Vietnamese" .
id:country\\/CHN a coop:Country ; rdfs:label "China" .
id:gov\\/BLR-mincom a coop:GovernmentBody ; rdfs:label "Ministry of Communications" ;
    coop:jurisdiction id:country\\/BLR .
id:person\\/a a coop:Person ; rdfs:label "Anna A" ; coop:affiliatedWith id:gov\\/BLR-mincom .
id:person\\/b a coop:Person ; rdfs:label "Bao B" ; coop:post "Deputy Minister of Information of Vietnam" .
id:person\\/c a coop:Person ; rdfs:label "Chen C" ; coop:post "Chairman" .
id:person\\/a coop:metWith id:person\\/b .
id:person\\/a coop:metWith id:person\\/c .
id:agr\\/mou a coop:Agreement ; rdfs:label "MoU on 5G" ; coop:startDate "2023-05-04"^^xsd:date ;
    coop:signatory id:gov\\/BLR-mincom, id:person\\/b .
id:doc a coop:SourceDocument ; coop:documentId "d1" .
"""


@pytest.fixture(scope="module")
def roll_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("roll")
    g = Graph().parse(data=ROLL_TTL, format="turtle")
    graph = URIRef("https://w3id.org/coopgraph/graph/doc/d1")
    with Store(out, create=True, write=True) as st:  # as the build stores a document graph
        entities.replace_document(st, graph, [(s, p, o, graph) for s, p, o in g])
    return out


def test_analytics_country_roll_up_is_explained(roll_store: Path) -> None:
    """Meetings and signatures of persons and bodies count for their countries, each derived edge
    saying through whom: affiliation to a body under a jurisdiction, or the country a post names."""
    vnm = f"{ID}country/VNM"
    with Store(roll_store) as st:
        links = analytics.country_links(st)
        c = analytics.country_network(st)
    assert links[f"{ID}person/a"] == (BLR, "affiliation to Ministry of Communications")
    assert links[f"{ID}person/b"] == (vnm, "post 'Deputy Minister of Information of Vietnam'")
    assert links[MIN_BLR] == (BLR, "jurisdiction")
    assert f"{ID}person/c" not in links  # "Chairman" names no country: Chen stays out of the roll-up
    rows = analytics.country_partners(c, "Belarus")
    assert [(r["label"], r["facts"], r["relations"]) for r in rows] == [
        ("Vietnam", 2, "coSignatory, metWith")
    ]
    assert rows[0]["first"] == "2023-05-04"
    how = rows[0]["how"]
    assert (
        "Anna A (Belarus, by affiliation to Ministry of Communications) metWith "
        "Bao B (Vietnam, by post 'Deputy Minister of Information of Vietnam')" in how
    )
    assert "Ministry of Communications (Belarus, by jurisdiction) coSignatory Bao B" in how
    assert all(d["derived"] for _, _, d in c.edges(data=True))
