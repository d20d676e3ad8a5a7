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

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node and return the text of vis-network's tooltip."""
        box = self.page.locator("#mynetwork").bounding_box()
        pos = self.js(
            """id => { const n = window.coopgraph.network;
            n.focus(id, {scale: 1.5, animation: false});
            return n.canvasToDOM(n.getPositions([id])[id]); }""",
            node_id,
        )
        self.page.mouse.move(box["x"] + pos["x"] - 40, box["y"] + pos["y"] - 40)
        self.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"], steps=5)
        tip = self.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        return tip.inner_text()  # type: ignore[no-any-return]

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


def test_browser_page_loads_offline_with_expected_graph(seed_page: tuple[Page, Any]) -> None:
    page, g = seed_page
    assert page.errors == []
    assert page.requests and all(u.startswith("file:") for u in page.requests), page.requests
    n_nodes, n_edges = page.js("[nodes.length, edges.length]")
    assert n_nodes == g.number_of_nodes()
    assert n_edges == len({(d["source"], d["target"], d["rel"]) for _, _, d in g.edges(data=True)})
    assert page.js("window.coopgraph.network.body.nodeIndices.length") == n_nodes
    assert page.js("window.coopgraph.network.physics.physicsEnabled") is False  # settled, then off
    assert page.js("document.getElementById('physics').checked") is False
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "seed-graph.png"))


def test_browser_tooltip_shows_source_sentence(seed_page: tuple[Page, Any]) -> None:
    page, g = seed_page
    miit = next(
        n for n, lab in g.nodes(data="label") if lab.startswith("Ministry of Industry and Information")
    )
    text = page.hover_node(miit)
    assert "Ministry of Industry and Information Technology" in text
    assert "was signed between the Ministry of Communications and Informatization" in text  # the MoU sentence
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "seed-tooltip.png"))
    page.page.mouse.move(5, 5)


def test_browser_filters_change_what_is_visible(seed_page: tuple[Page, Any]) -> None:
    page, g = seed_page
    total = page.js("[nodesView.length, edgesView.length]")
    page.page.uncheck("#classes input[value='GovernmentBody']")
    fewer = page.js("[nodesView.length, edgesView.length]")
    bodies = sum(1 for _, t in g.nodes(data="type") if t == "GovernmentBody")
    assert fewer[0] == total[0] - bodies and fewer[1] < total[1]
    assert page.js("window.coopgraph.network.body.nodeIndices.length") == fewer[0]
    page.page.check("#classes input[value='GovernmentBody']")
    page.page.select_option("#year", "2024")
    in_2024 = page.js("edgesView.get().map(e => e.years.includes(2024)).every(Boolean)")
    assert in_2024 and page.js("edgesView.length") < total[1]
    page.page.select_option("#year", "")
    assert page.js("[nodesView.length, edgesView.length]") == total
    page.page.uncheck("#physics")
    page.page.check("#physics")
    assert page.js("window.coopgraph.network.physics.physicsEnabled") is True
    page.page.uncheck("#physics")


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
        tips = page.js("nodes.get().concat(edges.get()).map(x => x.title.textContent).join('\\n')")
        assert "<script>window.__pwned=1</script>" in tips  # shown as text, not run
        htmls = page.js("nodes.get().concat(edges.get()).map(x => x.titleHtml).join('')")
        assert "&lt;script&gt;" in htmls and "<script>" not in htmls
        assert "<img src=x" in tips
        body = next(n for n, lab in g.nodes(data="label") if "Communications and Informatization" in lab)
        assert "<script>window.__pwned=1</script>" in page.hover_node(body)
        assert page.js("window.__pwned") is None
        assert page.js("document.querySelectorAll('img').length") == 0
        assert page.errors == []
        assert all(u.startswith("file:") for u in page.requests), page.requests
    finally:
        page.close()
    shutil.rmtree(out / "store", ignore_errors=True)
