"""The interactive page: self-contained, escaped, one vis node per actor, input graph untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graph import viz

EVIL = 'Belarus and China signed <script>window.__pwned=1</script></script><img src=x onerror=alert(1)> "&"'


def sample() -> nx.MultiGraph:
    g = nx.MultiGraph()
    g.add_node(
        "https://w3id.org/coopgraph/id/country/BLR", label="Belarus", type="Country", areas=["5G"], docs=["d"]
    )
    g.add_node(
        "https://w3id.org/coopgraph/id/country/CHN", label="China <b>", type="Country", areas=[], docs=["d"]
    )
    g.add_node(
        "https://w3id.org/coopgraph/id/org/SCO",
        label="SCO",
        type="InternationalOrganization",
        areas=[],
        docs=["d"],
    )
    ev = {
        "doc": "d",
        "title": "Doc </script> title",
        "url": "javascript:alert(1)",
        "sentence": EVIL,
        "status": "reported",
        "date": "2024-08-22",
    }
    for rel, (u, v), year in (
        ("cooperatesWith", ("BLR", "CHN"), 2024),
        ("metWith", ("BLR", "CHN"), 2025),
        ("memberOf", ("BLR", "SCO"), 2024),
    ):
        u, v = (f"https://w3id.org/coopgraph/id/{'org' if x == 'SCO' else 'country'}/{x}" for x in (u, v))
        g.add_edge(
            u,
            v,
            key=rel,
            rel=rel,
            source=u,
            target=v,
            year=year,
            date=f"{year}-01-01",
            status="reported",
            areas=["5G"],
            evidence=[ev],
            directed=rel == "memberOf",
        )
    return g


def embedded(page: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r"var DATA = (\{.*?\});\n", page)
    assert m
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_viz_page_is_self_contained(tmp_path: Path) -> None:
    path = viz.write_page(sample(), tmp_path / "page.html", title="t")
    page = path.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # no lib/, no temp file left
    refs = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]+)""", page)
    assert not [r for r in refs if re.match(r"(?i)(https?:)?//", r)], refs
    assert "cdnjs" not in page and "jsdelivr" not in page
    assert page.count("</script>") == 2  # vis-network's block and ours: nothing from documents closes one


def test_viz_text_is_escaped(tmp_path: Path) -> None:
    page = viz.write_page(sample(), tmp_path / "page.html", title="<i>x</i>").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    data_js = page[page.index("var DATA = ") :]
    assert "<b>" not in data_js and "</script" not in data_js.split("\n", 1)[0]
    assert "<title>&lt;i&gt;x&lt;/i&gt;</title>" in page
    data = embedded(page)
    fact = next(f for f in data["facts"] if f["rel"] == "cooperatesWith")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in fact["html"]
    assert "<script" not in fact["html"] and "<img" not in fact["html"]
    assert "javascript:" not in fact["html"]  # only http(s) links become anchors
    assert "Doc &lt;/script&gt; title" in fact["html"]
    node = next(n for n in data["nodes"] if n["id"].endswith("CHN"))
    assert node["label"] == "China <b>"  # canvas labels and tooltips are plain text, never HTML


def test_viz_one_node_per_actor_and_edge_per_relation(tmp_path: Path) -> None:
    g = sample()
    before = nx.to_dict_of_dicts(g)
    data = embedded(viz.write_page(g, tmp_path / "p.html").read_text(encoding="utf-8"))
    assert nx.to_dict_of_dicts(g) == before and "size" not in g.nodes["https://w3id.org/coopgraph/id/org/SCO"]
    assert len(data["nodes"]) == 3 and len(data["edges"]) == 3 and len(data["facts"]) == 3
    member = next(e for e in data["edges"] if e["rel"] == "memberOf")
    assert member["arrows"]["to"]["enabled"] is True and member["from"].endswith("BLR")
    assert [data["facts"][i]["date"] for i in member["facts"]] == ["2024-01-01"]
    metrics = {n["id"].rsplit("/", 1)[-1]: n["metrics"] for n in data["nodes"]}
    assert metrics["BLR"]["pagerank"] > metrics["SCO"]["pagerank"] and metrics["BLR"]["degree"] == 2
    assert data["years"] == [2024, 2025] and data["areas"] == ["5G"]
    assert [c[0] for c in data["legend"]["classes"]] == ["Country", "InternationalOrganization"]
    assert data["options"]["physics"]["stabilization"]["enabled"] is True
    assert data["centralities"][0] == "pagerank"


def test_viz_edge_value_counts_facts(tmp_path: Path) -> None:
    """Width by number of facts: two facts of one relation between one pair make one edge of value 2."""
    g = sample()
    blr, chn = "https://w3id.org/coopgraph/id/country/BLR", "https://w3id.org/coopgraph/id/country/CHN"
    g.add_edge(chn, blr, key="again", rel="cooperatesWith", source=chn, target=blr, year=2023, date="2023")
    data = embedded(viz.write_page(g, tmp_path / "p.html").read_text(encoding="utf-8"))
    coop = [e for e in data["edges"] if e["rel"] == "cooperatesWith"]
    assert len(coop) == 1 and coop[0]["value"] == 2
    assert sorted(data["facts"][i]["year"] for i in coop[0]["facts"]) == [2023, 2024]


@pytest.mark.parametrize(
    ("sentence", "terms", "expected"),
    [
        ("Belarus and China signed it.", ["Belarus"], "Belarus and China signed it."),
        (" ".join(f"w{i}" for i in range(100)) + " Belarus joined", ["Belarus"], None),
        ("Belarus " + " ".join(f"w{i}" for i in range(100)), ["Belarus"], None),
        (" ".join(f"w{i}" for i in range(100)), ["Nowhere"], None),
    ],
)
def test_viz_trim_sentence(sentence: str, terms: list[str], expected: str | None) -> None:
    out = viz.trim_sentence(sentence, terms, max_words=20)
    if expected is not None:
        assert out == expected
        return
    words = out.replace("… ", "").replace(" …", "").split()
    assert len(words) == 20
    assert all(w in sentence.split() for w in words)
    if "Belarus" in sentence:
        assert "Belarus" in words  # the mention is kept
    assert out.startswith("… ") == (words[0] != sentence.split()[0])
    assert out.endswith(" …") == (words[-1] != sentence.split()[-1])


def test_viz_seed_page_matches_projection(seed_out: Path, tmp_path: Path) -> None:
    from graph import analytics
    from graph.store import Store

    with Store(seed_out) as st:
        g = analytics.actor_network(st)
    data = embedded(viz.write_page(g, tmp_path / "g.html").read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    keys = set()
    for _, _, d in g.edges(data=True):
        s, o = (d["source"], d["target"]) if d["directed"] else sorted((d["source"], d["target"]))
        keys.add((s, o, d["rel"]))
    assert len(data["edges"]) == len(keys)
    assert len(data["facts"]) == g.number_of_edges() == sum(e["value"] for e in data["edges"])
    blr = next(n for n in data["nodes"] if n["id"].endswith("/BLR"))
    assert "Republic of Belarus" in blr["aliases"] and blr["country"] == "BLR"
    assert blr["metrics"]["pagerank"] == max(n["metrics"]["pagerank"] for n in data["nodes"])
    mincom = next(n for n in data["nodes"] if n["label"].startswith("Ministry of Communications and I"))
    assert mincom["country"] == "BLR"  # bodies are filtered by their country
    assert ["BLR", "Belarus"] in data["countries"]


@pytest.mark.parametrize("key", ["BLR", "Belarus"])
def test_viz_command_ego_page(seed_out: Path, tmp_path: Path, key: str) -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    res = CliRunner().invoke(
        app, ["viz", "--out", str(seed_out), "--focus", key, "--html", str(tmp_path / "e.html")]
    )
    assert res.exit_code == 0, res.output
    data = embedded((tmp_path / "e.html").read_text(encoding="utf-8"))
    center = [n for n in data["nodes"] if n["borderWidth"] == 4]
    assert [n["label"] for n in center] == ["Belarus"] and data["center"] == center[0]["id"]
    assert any(n["label"] == "China" for n in data["nodes"])


ID = "https://w3id.org/coopgraph/id/"


def large_sample(countries: int = 30, per_country: int = 12, seed: int = 7) -> nx.MultiGraph:
    """An invented actor network above :data:`viz.AGGREGATE_ABOVE`: countries ``Q00``…, two
    organisations, and per country ministries (by jurisdiction) and persons (by affiliation) who
    meet and cooperate across borders, so that most country-level ties exist only rolled up."""
    import random

    rnd = random.Random(seed)
    g = nx.MultiGraph()

    def fact(u: str, v: str, rel: str, year: int, sentence: str, *, directed: bool = False) -> None:
        ev = {"doc": f"d{g.number_of_edges()}", "title": f"Invented {year}", "sentence": sentence}
        g.add_edge(
            u,
            v,
            rel=rel,
            source=u,
            target=v,
            year=year,
            date=f"{year}-03-01",
            status="reported",
            confidence=0.9,
            areas=["5G"] if year % 2 else [],
            evidence=[ev],
            directed=directed,
        )

    orgs = [f"{ID}org/ORG{i}" for i in range(2)]
    for o in orgs:
        g.add_node(o, label=f"Invented Organisation {o[-1]}", type="InternationalOrganization", docs=["d"])
    people: list[tuple[str, str]] = []
    bodies: list[tuple[str, str]] = []
    for c in range(countries):
        cid = f"{ID}country/Q{c:02d}"
        g.add_node(cid, label=f"Countria {c}", type="Country", country=cid, docs=["d"])
        fact(cid, orgs[c % 2], "memberOf", 2020, f"Countria {c} joined the organisation.", directed=True)
        for k in range(per_country):
            if k % 3 == 0:
                b = f"{ID}body/Q{c:02d}-{k}"
                g.add_node(
                    b,
                    label=f"Ministry {k} of Countria {c}",
                    type="GovernmentBody",
                    docs=["d"],
                    country=cid,
                    country_how="jurisdiction",
                )
                fact(b, cid, "jurisdiction", 2020, "structural", directed=True)
                bodies.append((b, cid))
            else:
                p = f"{ID}person/Q{c:02d}-{k}"
                g.add_node(
                    p,
                    label=f"Person {k} of Countria {c}",
                    type="Person",
                    docs=["d"],
                    country=cid,
                    country_how="affiliation",
                )
                people.append((p, cid))
    for i, (p, cid) in enumerate(people):
        q, _ = rnd.choice([x for x in people if x[1] != cid])
        fact(p, q, "metWith", 2021 + i % 4, f"{g.nodes[p]['label']} met {g.nodes[q]['label']} in a hall.")
    for b, cid in bodies:
        o, _ = rnd.choice([x for x in bodies if x[1] != cid])
        fact(b, o, "cooperatesWith", 2022, f"{g.nodes[b]['label']} signed with {g.nodes[o]['label']}.")
    return g


def test_viz_large_graph_opens_aggregated() -> None:
    """Above the threshold the page data carries a second, rolled-up layer: countries and
    organisations only, each rolled-up fact explained and pointing at its original's evidence."""
    g = large_sample()
    assert g.number_of_nodes() > viz.AGGREGATE_ABOVE
    before = nx.to_dict_of_dicts(g)
    data = viz.page_data(g)
    assert nx.to_dict_of_dicts(g) == before  # the _eid marks went on a copy
    assert data["aggregate"] is True
    h = viz.aggregated(g)
    agg_nodes = {n["id"] for n in data["nodes"] if n.get("agg")}
    assert agg_nodes == set(h.nodes) and len(agg_nodes) == 32
    assert {n["cls"] for n in data["nodes"] if n.get("agg")} == {"Country", "InternationalOrganization"}
    full = [e for e in data["edges"] if e["layer"] == "full"]
    agg = [e for e in data["edges"] if e["layer"] == "agg"]
    assert sum(e["value"] for e in full) == g.number_of_edges()
    assert sum(e["value"] for e in agg) == h.number_of_edges() > 0
    assert all(e["from"] in agg_nodes and e["to"] in agg_nodes for e in agg)
    assert {e["rel"] for e in agg} == {"metWith", "cooperatesWith", "memberOf"}  # jurisdiction dropped
    met = next(data["facts"][i] for e in agg if e["rel"] == "metWith" for i in e["facts"])
    assert "html" not in met and "html" in data["facts"][met["ev"]]  # evidence kept once
    original = data["facts"][met["ev"]]
    assert (original["rel"], original["date"]) == ("metWith", met["date"])
    assert "Person" in original["html"] and "met" in original["html"]
    how = r"Person \d+ of Countria \d+ \(Countria \d+, by affiliation\) metWith "
    assert re.match(how, met["explanation"])
    assert data["options"]["physics"]["stabilization"]["iterations"] == 1000  # the first view is small


def test_viz_small_graph_and_opt_out_stay_full() -> None:
    small = viz.page_data(sample())
    assert small["aggregate"] is False and {e["layer"] for e in small["edges"]} == {"full"}
    assert not any(n.get("agg") for n in small["nodes"])
    forced = viz.page_data(large_sample(), aggregate=False)
    assert forced["aggregate"] is False and {e["layer"] for e in forced["edges"]} == {"full"}
    countries_only = large_sample()
    countries_only.remove_nodes_from([n for n, t in countries_only.nodes(data="type") if t == "Person"])
    countries_only.remove_nodes_from([n for n, t in countries_only.nodes(data="type") if t != "Country"])
    countries_only.add_nodes_from((f"{ID}country/Z{i:03d}", {"type": "Country"}) for i in range(400))
    assert viz.page_data(countries_only)["aggregate"] is False  # nothing to roll up


@pytest.mark.parametrize(
    ("flag", "expected"), [("--aggregate", True), ("--no-aggregate", False), (None, False)]
)
def test_viz_command_aggregate_option(
    seed_out: Path, tmp_path: Path, flag: str | None, expected: bool
) -> None:
    """The seeds' page opens in the full view unless --aggregate asks for the rolled-up one."""
    from typer.testing import CliRunner

    from graph.cli import app

    args = ["viz", "--out", str(seed_out), "--persons", "--html", str(tmp_path / "p.html")]
    res = CliRunner().invoke(app, args + ([flag] if flag else []))
    assert res.exit_code == 0, res.output
    data = embedded((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert data["aggregate"] is expected
    agg = {n["id"] for n in data["nodes"] if n.get("agg")}
    assert bool(agg) is expected
    assert all(n["cls"] in viz.AGGREGATE_KEEP for n in data["nodes"] if n["id"] in agg)
    assert any(e["layer"] == "agg" for e in data["edges"]) is expected


def test_viz_trim_sentence_window_starts_before_the_earliest_mention_of_any_term() -> None:
    """Terms are tried in turn, each only before the earliest mention found so far: the window is
    the same as if every term's first mention were found and the earliest taken."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    vocab = ["belarus", "china", "ministry", "of", "digital", "development", "the", "x"]
    sentences = st.lists(st.sampled_from(vocab), min_size=1, max_size=40).map(" ".join)
    terms = st.lists(
        st.lists(st.sampled_from([*vocab, "nowhere"]), min_size=1, max_size=3).map(" ".join), max_size=5
    )

    def window_start(sentence: str, terms: list[str]) -> int | None:
        words = sentence.split()
        found = [
            i
            for term in terms
            for i in [
                next(
                    (
                        i
                        for i in range(len(words))
                        if all(
                            i + k < len(words) and words[i + k].startswith(t)
                            for k, t in enumerate(term.split())
                        )
                    ),
                    None,
                )
            ]
            if i is not None
        ]
        return min(found) if found else None

    @settings(max_examples=300, deadline=None)
    @given(sentences, terms)
    def check(sentence: str, terms: list[str]) -> None:
        out = viz.trim_sentence(sentence, terms, max_words=8)
        words = sentence.split()
        if len(words) <= 8:
            assert out == sentence
            return
        hit = window_start(sentence, terms)
        start = min(max(0, hit - 2) if hit is not None else 0, len(words) - 8)
        expected = ("… " if start else "") + " ".join(words[start : start + 8])
        assert out == expected + (" …" if start + 8 < len(words) else "")

    check()
