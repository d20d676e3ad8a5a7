"""The graph page in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Skips when /usr/bin/chromium is missing, unless ``CI`` is set: then it fails, since CI installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XSS_TEXT = """Belarus and China sign a memorandum <script>window.__pwned=1</script>

On May 5, 2024, Belarus and China signed a memorandum <script>window.__pwned=1</script> on cooperation in \
artificial intelligence.

The Ministry of Communications and Informatization of the Republic of Belarus cooperates with the \
Ministry of Industry and Information Technology of the People's Republic of China \
<script>window.__pwned=1</script> in the field of 5G </script><img src=x onerror="window.__pwned=2">.
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI. Fix: apt-get install -y chromium in .ci/run.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened over file:// that records console errors and every request."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.coopgraph && window.coopgraph.stabilized", timeout=60_000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def js(self, expr: str, arg: Any = None) -> Any:
        return self.page.evaluate(expr, arg)

    def click_node(self, node_id: str) -> None:
        """Focus the view on a node and click it with the mouse (as a user would)."""
        box = self.page.locator("#mynetwork").bounding_box()
        pos = self.js(
            """id => { const n = window.coopgraph.network;
            n.focus(id, {scale: 1.2, animation: false});
            return n.canvasToDOM(n.getPositions([id])[id]); }""",
            node_id,
        )
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])

    def positions(self) -> dict[str, dict[str, float]]:
        return self.js("window.coopgraph.network.getPositions()")  # type: ignore[no-any-return]

    def visible(self) -> list[str]:
        return self.js("window.coopgraph.visible()")  # type: ignore[no-any-return]

    def set_range(self, selector: str, value: float) -> None:
        self.page.eval_on_selector(
            selector, "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", value
        )

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def seed_page(
    browser: Any, seed_out: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Page, Any]]:
    from graph import analytics, viz
    from graph.store import Store

    with Store(seed_out) as st:
        g = analytics.actor_network(st)
    path = viz.write_page(g, tmp_path_factory.mktemp("page") / "graph.html", title="coopgraph seeds")
    assert sorted(p.name for p in path.parent.iterdir()) == ["graph.html"]  # no lib/ folder beside it
    page = Page(browser, path)
    yield page, g
    page.close()


def _edge_keys(g: Any) -> set[tuple[str, str, str]]:
    keys = set()
    for _, _, d in g.edges(data=True):
        s, o = (d["source"], d["target"]) if d["directed"] else sorted((d["source"], d["target"]))
        keys.add((s, o, d["rel"]))
    return keys


def _connected(g: Any) -> set[str]:
    return {n for u, v in g.edges() if u != v for n in (u, v)}


def test_browser_page_loads_offline_with_expected_graph(seed_page: tuple[Page, Any]) -> None:
    page, g = seed_page
    assert page.errors == []
    assert page.requests and all(u.startswith("file:") for u in page.requests), page.requests
    n_nodes, n_edges = page.js("[window.coopgraph.nodes.length, window.coopgraph.edges.length]")
    assert n_nodes == g.number_of_nodes()
    assert n_edges == len(_edge_keys(g))
    isolated = set(g.nodes) - _connected(g)
    assert isolated, "the seed graph has isolated actors"
    assert set(page.visible()) == _connected(g)  # isolated actors hidden by default
    assert page.js("window.coopgraph.network.body.nodeIndices.length") == len(_connected(g))
    assert page.js("window.coopgraph.network.physics.physicsEnabled") is False  # settled, then off
    assert page.js("document.getElementById('physics').checked") is False
    legend = page.page.inner_text("#classes")
    assert "Country" in legend and "GovernmentBody" in legend
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "seed-graph.png"))


def test_browser_filter_keeps_layout(seed_page: tuple[Page, Any]) -> None:
    """A filter hides nodes and edges in place: every other node keeps its position."""
    page, g = seed_page
    before, shown = page.positions(), page.visible()
    page.page.uncheck("#classes input[value='GovernmentBody']")
    bodies = {n for n, t in g.nodes(data="type") if t == "GovernmentBody"}
    now = page.visible()
    assert set(now) == set(shown) - bodies - {
        n for n in shown if all(m in bodies for m in g.neighbors(n) if m != n)
    }
    assert page.js("window.coopgraph.network.body.nodeIndices.length") == len(now)
    after = page.positions()
    assert all(
        abs(after[n]["x"] - before[n]["x"]) < 0.5 and abs(after[n]["y"] - before[n]["y"]) < 0.5 for n in now
    )
    page.page.select_option("#country", "CHN")
    china = page.visible()
    assert china and all(
        any(
            page.js("id => window.coopgraph.data.nodes.find(n => n.id === id).country", m) == "CHN"
            for m in (n, *g.neighbors(n))
        )
        for n in china
    )
    page.page.select_option("#country", "")
    page.page.check("#classes input[value='GovernmentBody']")
    assert page.visible() == shown
    final = page.positions()
    assert all(
        abs(final[n]["x"] - before[n]["x"]) < 0.5 and abs(final[n]["y"] - before[n]["y"]) < 0.5 for n in shown
    )
    page.page.check("#physics")
    assert page.js("window.coopgraph.network.physics.physicsEnabled") is True
    page.page.uncheck("#physics")


def test_browser_isolated_toggle(seed_page: tuple[Page, Any]) -> None:
    page, g = seed_page
    shown = page.visible()
    page.page.check("#isolated")
    assert set(page.visible()) == set(g.nodes)
    pos = page.positions()
    iso = set(g.nodes) - _connected(g)
    lowest = max(pos[n]["y"] for n in _connected(g))
    assert all(pos[n]["y"] > lowest for n in iso)  # placed under the graph, not on top of it
    page.js("id => window.coopgraph.focusNode(id)", sorted(iso)[0])
    assert "No facts in this view" in page.page.inner_text("#panel")
    page.page.uncheck("#isolated")
    assert page.visible() == shown


def test_browser_search_focuses_and_highlights(seed_page: tuple[Page, Any]) -> None:
    page, g = seed_page
    blr = "https://w3id.org/coopgraph/id/country/BLR"
    options = page.js("Array.from(document.querySelectorAll('#names option')).map(o => o.value)")
    assert "Belarus" in options and "Republic of Belarus" in options  # completion over labels and aliases
    page.page.fill("#search", "Republic of Belarus")
    page.page.press("#search", "Enter")
    assert page.js("window.coopgraph.network.getSelectedNodes()") == [blr]
    view = page.js("window.coopgraph.network.getViewPosition()")
    at = page.positions()[blr]
    assert abs(view["x"] - at["x"]) < 1 and abs(view["y"] - at["y"]) < 1  # the view is centred on it
    assert set(page.js("window.coopgraph.highlighted")) == {blr, *g.neighbors(blr)}
    dim = page.js("window.coopgraph.nodes.get().filter(n => n.opacity === 0.25).map(n => n.id)")
    assert dim and blr not in dim and not set(dim) & set(g.neighbors(blr))
    assert page.page.inner_text("#panel h2") == "Belarus"
    page.page.fill("#search", "shanghai coop")
    page.page.press("#search", "Enter")
    assert page.js("window.coopgraph.selected") == "https://w3id.org/coopgraph/id/org/SCO"


def test_browser_panel_shows_facts(seed_page: tuple[Page, Any]) -> None:
    page, g = seed_page
    miit = next(
        n for n, lab in g.nodes(data="label") if lab.startswith("Ministry of Industry and Information")
    )
    page.click_node(miit)
    assert page.js("window.coopgraph.selected") == miit
    text = page.page.inner_text("#panel")
    assert text.startswith("Ministry of Industry and Information Technology")
    assert "GovernmentBody · CHN" in text
    assert "coSignatory (" in text and "2024-08-22" in text and "reported" in text
    assert "was signed between the Ministry of Communications and Informatization" in text  # the MoU sentence
    heads = page.js("Array.from(document.querySelectorAll('#panel h3')).map(h => h.textContent)")
    assert heads == sorted(heads) and len(heads) >= 2  # grouped by relation
    box = page.js(
        "(() => { const p = document.getElementById('panel'), r = p.getBoundingClientRect();"
        " return [r.top, r.bottom, innerHeight, getComputedStyle(p).overflowY]; })()"
    )
    assert box[0] >= 0 and box[1] <= box[2] and box[3] == "auto"  # scrolls, never leaves the screen
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "seed-panel.png"))


def test_browser_slider_hides_later_facts(seed_page: tuple[Page, Any]) -> None:
    page, _ = seed_page
    years = page.js("window.coopgraph.data.years")
    assert len(years) >= 2
    shown = page.visible()
    n_edges = page.js("window.coopgraph.edges.get({filter: e => !e.hidden}).length")
    page.set_range("#year", years[0])
    facts = page.js("window.coopgraph.data.facts")
    vis_edges = page.js("window.coopgraph.edges.get({filter: e => !e.hidden})")
    assert 0 < len(vis_edges) < n_edges
    assert all(any(facts[i]["year"] and facts[i]["year"] <= years[0] for i in e["facts"]) for e in vis_edges)
    hidden = page.js("window.coopgraph.edges.get({filter: e => e.hidden})")
    assert hidden and all(
        all(not facts[i]["year"] or facts[i]["year"] > years[0] for i in e["facts"]) for e in hidden
    )
    assert str(years[0]) in page.page.inner_text("#yearlabel")
    page.set_range("#year", years[-1])
    assert page.visible() == shown


def test_browser_size_by_centrality(seed_page: tuple[Page, Any]) -> None:
    page, _ = seed_page
    page.page.select_option("#sizeby", "degree")
    rows = page.js("window.coopgraph.nodes.get().map(n => [n.size, n.metrics.degree])")
    top = max(d for _, d in rows)
    assert all(s == max(s2 for s2, _ in rows) for s, d in rows if d == top)
    assert all((s1 > s2) == (d1 > d2) for s1, d1 in rows for s2, d2 in rows if d1 != d2)
    page.page.select_option("#sizeby", "pagerank")


def test_browser_document_script_does_not_run(browser: Any, tmp_path: Path) -> None:
    from graph import analytics, viz
    from graph.builder import build
    from graph.store import Store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "xss.txt").write_text(XSS_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    build([tmp_path / "in"], out, validate=False)
    with Store(out) as st:
        g = analytics.actor_network(st)
    assert g.number_of_edges() > 0
    page = Page(browser, viz.write_page(g, out / "graph.html"))
    try:
        assert page.js("window.__pwned") is None
        htmls = page.js("window.coopgraph.data.facts.map(f => f.html).join('')")
        assert "&lt;script&gt;" in htmls and "<script>" not in htmls
        body = next(n for n, lab in g.nodes(data="label") if "Communications and Informatization" in lab)
        page.js("id => window.coopgraph.focusNode(id)", body)
        text = page.page.inner_text("#panel")
        assert "<script>window.__pwned=1</script>" in text  # shown as text, not run
        assert page.js("window.__pwned") is None
        assert page.js("document.querySelectorAll('img').length") == 0
        assert page.errors == []
        assert all(u.startswith("file:") for u in page.requests), page.requests
    finally:
        page.close()
    shutil.rmtree(out / "store", ignore_errors=True)


def test_browser_query_page_runs_readme_example(
    browser: Any, seed_out: Path, tmp_path: Path, readme_query: str
) -> None:
    """The served query page starts with the prefixes, offers the library, and the README's query
    typed into it as printed there gives the Belarus--SCO row."""
    from graph.querylib import list_queries
    from graph.serve import free_port, serving

    shutil.copytree(seed_out / "store", tmp_path / "store")
    with serving(tmp_path, "127.0.0.1", free_port()) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(url + "/")
            assert page.input_value("#query").startswith("PREFIX coop: <https://w3id.org/coopgraph/ont#>")
            names = page.eval_on_selector_all("#examples option", "os => os.map(o => o.textContent)")
            assert names == [q.name for q in list_queries()]
            page.fill("#query", readme_query)
            page.click("#run")
            page.wait_for_selector("#results td", timeout=30_000)
            cells = page.eval_on_selector_all("#results td", "tds => tds.map(t => t.textContent)")
            assert "Shanghai Cooperation Organisation" in cells and "2024-07" in cells
            page.select_option("#examples", label="memberships")
            assert "Which organisations" in page.inner_text("#description")
            page.fill("#params input[name='actor']", "BLR")
            page.click("#use")
            page.wait_for_function("document.getElementById('query').value.includes('country/BLR>')")
            page.click("#run")
            page.wait_for_function("document.getElementById('msg').textContent.endsWith('rows')")
            assert "Shanghai Cooperation Organisation" in page.inner_text("#results")
            assert errors == []
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "query-page.png"))
        finally:
            page.close()


def test_browser_query_page_runs_library_query_with_bound_values(
    browser: Any, seed_out: Path, tmp_path: Path
) -> None:
    """A library query's parameters are shown with their defaults from the .rq header; run with a
    label typed into one, the query is rendered by the server with the resolved IRI and the rows
    change."""
    from graph.serve import free_port, serving

    shutil.copytree(seed_out / "store", tmp_path / "store")
    with serving(tmp_path, "127.0.0.1", free_port()) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        def rows() -> list[str]:
            return page.eval_on_selector_all("#results tr", "trs => trs.slice(1).map(t => t.innerText)")

        try:
            page.goto(url + "/")
            page.select_option("#examples", label="partners-in-area")
            labels = page.eval_on_selector_all("#params label", "ls => ls.map(l => l.textContent)")
            assert labels[0] == "actor (iri) default: https://w3id.org/coopgraph/id/country/BLR"
            page.select_option("#examples", label="memberships")
            labels = page.eval_on_selector_all("#params label", "ls => ls.map(l => l.textContent)")
            assert labels == [
                "actor (iri) default: none (matches any)",
                "org (iri) default: none (matches any)",
                "limit (limit) default: 50",
                "offset (offset) default: 0",
            ]
            assert page.input_value("#param-actor") == ""  # the default, editable
            page.click("#runlib")
            page.wait_for_function("document.getElementById('msg').textContent.endsWith('rows')")
            every = rows()
            members = {r.split("\t")[1] for r in every}
            assert "Belarus" in members and len(members) > 1, members
            page.fill("#param-actor", "Belarus")  # a label, not an IRI
            page.click("#runlib")
            page.wait_for_function(
                "document.getElementById('msg').textContent.includes('resolved to Belarus')"
                " && document.getElementById('msg').textContent.endsWith('rows')"
            )
            only = rows()
            assert only and len(only) < len(every)
            assert {r.split("\t")[1] for r in only} == {"Belarus"}
            assert "Shanghai Cooperation Organisation" in page.inner_text("#results")
            assert "<https://w3id.org/coopgraph/id/country/BLR>" in page.input_value("#query")
            page.fill("#param-actor", "Atlantis")
            page.click("#runlib")
            page.wait_for_function("document.getElementById('msg').className === 'error'")
            assert "names no entity" in page.inner_text("#msg")
            assert errors == []
        finally:
            page.close()


DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
# the walk-through's screenshots are written into docs/img only when asked (a test run leaves the
# repository as it found it): COOPGRAPH_UPDATE_DOCS=1 python -m pytest tests/test_browser.py -k docs
UPDATE_DOCS = os.environ.get("COOPGRAPH_UPDATE_DOCS") == "1"
EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "belarus-5g.jsonl"


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The development and training documents of ../shared/corpus, the seeds and the walk-through's
    invented example, built into one store (the corpus documents outside dev/train are not used)."""
    import json

    from conftest import SEEDS, shared_path

    from graph.builder import build

    corpus = shared_path("corpus", "documents.jsonl")
    ids = set(shared_path("corpus", "dev-ids.txt").read_text(encoding="utf-8").split())
    ids |= set(shared_path("corpus", "train-ids.txt").read_text(encoding="utf-8").split())
    folder = tmp_path_factory.mktemp("docs-corpus")
    src = folder / "in"
    src.mkdir()
    with (src / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for line in corpus.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if doc["id"] in ids:
                keep = {k: doc.get(k) for k in ("id", "title", "date", "text")}
                f.write(json.dumps({**keep, "url": doc.get("source_url")}, ensure_ascii=False) + "\n")
    shutil.copy(EXAMPLE, src / EXAMPLE.name)
    for p in SEEDS.iterdir():
        shutil.copy(p, src / p.name)
    out = folder / "out"
    result = build([src], out, validate=False, page=False)
    assert result.extracted == len(ids) + 1 + len(list(SEEDS.iterdir())), result.errors
    return out


@pytest.mark.slow
def test_browser_docs_screenshots_walkthrough(browser: Any, corpus_out: Path) -> None:
    """The screenshots of docs/analyst.md, taken while checking what the walk-through says: the
    corpus page, the countries view, Belarus's 5G partners in the panel, the query page."""
    from graph import analytics, viz
    from graph.serve import free_port, serving
    from graph.store import Store

    shots = DOCS_IMG if UPDATE_DOCS else corpus_out / "img"
    shots.mkdir(parents=True, exist_ok=True)
    with Store(corpus_out) as st:
        actors = analytics.actor_network(st)
        countries = analytics.country_network(st)
    page = Page(browser, viz.write_page(actors, corpus_out / "graph.html", title="coopgraph: actor network"))
    try:
        assert actors.number_of_nodes() > viz.AGGREGATE_ABOVE  # opens aggregated
        kept = {"Country", "InternationalOrganization"}
        assert page.errors == [] and {actors.nodes[n]["type"] for n in page.visible() if n in actors} <= kept
        page.page.screenshot(path=str(shots / "corpus-aggregated.png"))
        page.page.check("#full")
        assert page.errors == [] and len(page.visible()) > 100
        assert len(page.visible()) < actors.number_of_nodes()  # the isolated ones are hidden
        page.page.screenshot(path=str(shots / "corpus.png"))
    finally:
        page.close()
    title = "coopgraph: country network"
    page = Page(browser, viz.write_page(countries, corpus_out / "countries.html", title=title))
    try:
        assert page.errors == []
        page.page.screenshot(path=str(shots / "countries.png"))
        page.page.select_option("#area", "Telecommunications")
        page.page.fill("#search", "Belarus")
        page.page.press("#search", "Enter")
        text = page.page.inner_text("#panel")
        assert text.startswith("Belarus") and "coSignatory" in text
        assert "China" in text and "Russia" in text and "2023-03-14" in text and "2024-10-04" in text
        assert "rolled up: Ministry of Communications and Informatization" in text  # the ministries' MoU
        assert "5G networks" in text and "invented example" in text
        assert "hidden by the filters" in text and "China-SCO Digital Technology" not in text  # not 5G
        page.page.screenshot(path=str(shots / "panel.png"))
    finally:
        page.close()
    with serving(corpus_out, "127.0.0.1", free_port()) as url:
        q = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            q.goto(url + "/")
            q.select_option("#examples", label="partners-in-area")
            q.fill("#params input[name='actor']", "Belarus")
            q.click("#runlib")
            q.wait_for_function("document.getElementById('msg').textContent.endsWith('rows')", timeout=60_000)
            assert "resolved to Belarus" in q.inner_text("#msg")
            assert "Telecommunications>" in q.input_value("#query")
            rows = q.eval_on_selector_all("#results tr", "trs => trs.map(t => t.innerText)")
            assert any("China" in r and "2023-03-14" in r for r in rows), rows
            assert any("Russia" in r and "2024-10-04" in r for r in rows), rows
            q.screenshot(path=str(shots / "query.png"))
        finally:
            q.close()


def test_browser_large_graph_opens_aggregated_and_switches(browser: Any, tmp_path: Path) -> None:
    """A graph above viz.AGGREGATE_ABOVE opens with countries and organisations only; "show persons
    and bodies" adds every actor on the same page, around its country, the shown nodes staying put."""
    import time

    from test_viz import large_sample

    from graph import viz

    g = large_sample(countries=40, per_country=15)
    assert g.number_of_nodes() > viz.AGGREGATE_ABOVE
    h = viz.aggregated(g)
    t0 = time.perf_counter()
    page = Page(browser, viz.write_page(g, tmp_path / "big.html"))
    opened_s = time.perf_counter() - t0
    try:
        assert page.errors == []
        assert page.js("window.coopgraph.nodes.length") == h.number_of_nodes()
        shown = set(page.visible())
        assert shown == _connected(h) and len(shown) == 42
        assert "aggregated" in page.page.inner_text("#status")
        settle_ms = page.js("window.coopgraph.stabilizationMs")
        # the aggregated view's panel: a country's facts are its people's, explained, with evidence
        country = sorted(shown)[0]
        page.click_node(country)
        text = page.page.inner_text("#panel")
        assert "rolled up: Person" in text and "by affiliation" in text and " met Person " in text
        before = page.positions()
        t1 = time.perf_counter()
        page.page.check("#full")
        switch_s = time.perf_counter() - t1
        assert page.errors == []
        assert page.js("window.coopgraph.nodes.length") == g.number_of_nodes()
        assert set(page.visible()) == _connected(g)  # persons and bodies with a tie are shown
        after = page.positions()
        assert all(
            abs(after[n]["x"] - before[n]["x"]) < 0.5 and abs(after[n]["y"] - before[n]["y"]) < 0.5
            for n in before
        )  # the shown nodes keep their places
        for n, data in g.nodes(data=True):
            if data["type"] == "Person":
                c = after[data["country"]]
                assert abs(after[n]["x"] - c["x"]) < 150 and abs(after[n]["y"] - c["y"]) < 150
        assert page.js("window.coopgraph.edges.get().every(e => e.layer === 'full')") is True
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "large-full.png"))
        page.page.uncheck("#full")
        assert set(page.visible()) == shown and page.js("window.coopgraph.nodes.length") == len(h)
        back = page.positions()
        assert all(abs(back[n]["x"] - before[n]["x"]) < 0.5 for n in before)
        # searching a person in the aggregated view brings the full view and selects them
        person = next(n for n, t in g.nodes(data="type") if t == "Person" and n in _connected(g))
        page.page.fill("#search", g.nodes[person]["label"])
        page.page.press("#search", "Enter")
        assert page.js("window.coopgraph.selected") == person
        assert page.page.is_checked("#full") and page.errors == []
        print(
            f"\nlarge graph {g.number_of_nodes()} nodes: opened in {opened_s:.2f} s, "
            f"aggregated layout settled in {settle_ms / 1000:.2f} s, switch in {switch_s:.2f} s"
        )
        assert settle_ms < 10_000  # the aggregated view settles fast (measured well under 1 s)
    finally:
        page.close()
