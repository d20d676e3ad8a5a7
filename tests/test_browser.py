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
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS_TEXT = """Belarus and China sign a memorandum <script>window.__pwned=1</script>

On May 5, 2024, Belarus and China signed a memorandum <script>window.__pwned=1</script> on cooperation in \
artificial intelligence.

The Ministry of Communications and Informatization of the Republic of Belarus cooperates with the Ministry of \
Industry and Information Technology of the People's Republic of China in the field of 5G </script>\
<img src=x onerror="window.__pwned=2">.
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
        pos = self.js("""id => { const n = window.coopgraph.network;
            n.focus(id, {scale: 1.5, animation: false});
            return n.canvasToDOM(n.getPositions([id])[id]); }""", node_id)
        self.page.mouse.move(box["x"] + pos["x"] - 40, box["y"] + pos["y"] - 40)
        self.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"], steps=5)
        tip = self.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        return tip.inner_text()  # type: ignore[no-any-return]

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def seed_page(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Page, Any]]:
    from graph import analytics, viz
    from graph.store import Store

    with Store(seed_out) as st:
        g = analytics.actor_network(st)
    path = viz.write_page(g, tmp_path_factory.mktemp("page") / "graph.html", title="coopgraph seeds")
    assert not (path.parent / "lib").exists()
    page = Page(CHROMIUM and _browser_or_skip(), path) if False else None  # placeholder replaced below
    del page
    yield path, g  # type: ignore[misc]


def _browser_or_skip() -> None:  # pragma: no cover - documentation of intent only
    return None
