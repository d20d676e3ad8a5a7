"""`coopgraph serve`: the real oxigraph read-only server over a copy of the seed store."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.errors import StoreLockedError, StoreMissingError
from graph.querylib import get_query
from graph.serve import (
    PortBusyError,
    base_url,
    free_port,
    running,
    start_server,
    wait_until_ready,
)
from graph.store import Store

SCO = "https://w3id.org/coopgraph/id/org/SCO"


@pytest.fixture(scope="module")
def served(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a server reading a private copy of the seed store (nothing else holds it)."""
    out = tmp_path_factory.mktemp("served")
    shutil.copytree(seed_out / "store", out / "store")
    port = free_port()
    proc = start_server(out, "127.0.0.1", port)
    with running(proc, "127.0.0.1", port) as url:
        yield url
    assert proc.poll() is not None


def sparql_json(url: str, query: str) -> dict[str, Any]:
    body = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(
        url + "/query",
        data=body,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.headers["Content-Type"].startswith("application/sparql-results+json")
        return json.loads(resp.read())  # type: ignore[no-any-return]


def test_serve_answers_sparql_json(served: str) -> None:
    data = sparql_json(served, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert data["head"]["vars"] == ["n"]
    assert int(data["results"]["bindings"][0]["n"]["value"]) > 1000


def test_serve_runs_library_queries_like_the_store(served: str, seed_out: Path) -> None:
    """The union default graph makes the library's queries answer as they do locally."""
    text = get_query("memberships").render({"actor": "BLR"})
    rows = sparql_json(served, text)["results"]["bindings"]
    sco = [r for r in rows if r["organisation"]["value"] == SCO]
    assert sco and sco[0]["since"]["value"] == "2024-07"
    assert "joined the SCO" in sco[0]["sentence"]["value"]


def test_serve_get_query_and_page(served: str) -> None:
    q = urllib.parse.urlencode({"query": "ASK { ?s a <https://w3id.org/coopgraph/ont#Country> }"})
    req = urllib.request.Request(f"{served}/query?{q}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert json.loads(resp.read())["boolean"] is True
    with urllib.request.urlopen(served + "/", timeout=30) as resp:
        assert resp.status == 200 and b"<html" in resp.read().lower()


def test_serve_refuses_updates(served: str) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    for path, body, ctype in [
        ("/update", update.encode(), "application/sparql-update"),
        ("/query", urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
    ]:
        req = urllib.request.Request(served + path, data=body, headers={"Content-Type": ctype}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=30)
        assert 400 <= err.value.code < 500
    data = sparql_json(served, "ASK { <http://example.org/a> ?p ?o }")
    assert data["boolean"] is False


def test_serve_busy_port(seed_out: Path, tmp_path: Path) -> None:
    shutil.copytree(seed_out / "store", tmp_path / "store")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(PortBusyError, match=f"port {port} .* in use.*Fix:"):
            start_server(tmp_path, "127.0.0.1", port)


def test_serve_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError, match="Fix:"):
        start_server(tmp_path / "nothing", "127.0.0.1", free_port())


def test_serve_store_being_written(tmp_path: Path) -> None:
    with Store(tmp_path, create=True, write=True), pytest.raises(StoreLockedError, match="being written"):
        start_server(tmp_path, "127.0.0.1", free_port())


def test_serve_command_prints_urls_and_stops_its_server(seed_out: Path, tmp_path: Path) -> None:
    shutil.copytree(seed_out / "store", tmp_path / "store")
    port = free_port()
    cmd = [sys.executable, "-m", "graph", "serve", "--out", str(tmp_path), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    printed: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the command prints the URLs once the endpoint answers
            printed.append(line)
            if "SPARQL endpoint" in line:
                break
        assert f"SPARQL endpoint: http://127.0.0.1:{port}/query\n" in printed, printed
        assert f"query page: http://127.0.0.1:{port}/\n" in printed
        wait_until_ready(base_url("127.0.0.1", port), timeout=5)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with socket.socket() as s:  # the oxigraph child is gone: nothing answers on the port
        assert s.connect_ex(("127.0.0.1", port)) != 0


# ------------------------------------------------------------------ the front of `coopgraph serve`
@pytest.fixture(scope="module")
def front(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``coopgraph serve``'s front (query page, endpoint with prefixes, read-only, 2 s time limit)
    over a private copy of the seed store."""
    from graph.serve import serving

    out = tmp_path_factory.mktemp("front")
    shutil.copytree(seed_out / "store", out / "store")
    with serving(out, "127.0.0.1", free_port(), timeout_s=2) as url:
        yield url
    with socket.socket() as s:  # stopped: nothing answers on the front's port any more
        assert s.connect_ex(("127.0.0.1", int(url.rsplit(":", 1)[1]))) != 0


def _post(url: str, body: bytes, ctype: str, timeout: float = 30) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_serve_with_prefixes_adds_only_missing_ones() -> None:
    from graph.serve_page import with_prefixes

    q = "PREFIX coop: <http://example.org/other#>\nSELECT * WHERE { ?s coop:x ?o }"
    out = with_prefixes(q)
    assert out.count("PREFIX coop:") == 1 and out.endswith(q)
    assert "PREFIX country: <https://w3id.org/coopgraph/id/country/>" in out
    assert with_prefixes(out) == out


@pytest.mark.parametrize("how", ["form", "get", "body"])
def test_serve_front_runs_readme_example(front: str, how: str, readme_query: str) -> None:
    """The README's query has no PREFIX lines: the front's endpoint predefines them."""
    query = readme_query
    accept = {"Accept": "application/sparql-results+json"}
    if how == "get":
        req = urllib.request.Request(
            front + "/query?" + urllib.parse.urlencode({"query": query}), headers=accept
        )
    elif how == "form":
        body = urllib.parse.urlencode({"query": query}).encode()
        ctype = "application/x-www-form-urlencoded"
        req = urllib.request.Request(front + "/query", data=body, headers={**accept, "Content-Type": ctype})
    else:
        ctype = "application/sparql-query"
        req = urllib.request.Request(
            front + "/query", data=query.encode(), headers={**accept, "Content-Type": ctype}
        )
    with urllib.request.urlopen(req, timeout=30) as resp:
        rows = json.loads(resp.read())["results"]["bindings"]
    sco = [r for r in rows if r["org"]["value"] == "Shanghai Cooperation Organisation"]
    assert sco and sco[0]["since"]["value"] == "2024-07"
    assert "joined the SCO" in sco[0]["sentence"]["value"]


def test_serve_front_page_offers_library_and_prefixes(front: str, readme_query: str) -> None:
    from graph.querylib import list_queries
    from graph.serve_page import EXAMPLE

    with urllib.request.urlopen(front + "/", timeout=30) as resp:
        page = resp.read().decode("utf-8")
    assert "cdn" not in page.lower() and "<script src" not in page
    with urllib.request.urlopen(front + "/library", timeout=30) as resp:
        lib = json.loads(resp.read())
    assert [q["name"] for q in lib] == [q.name for q in list_queries()]
    members = next(q for q in lib if q["name"] == "memberships")
    assert members["description"].startswith("Which organisations")
    assert [p["name"] for p in members["params"]] == ["actor", "org", "limit", "offset"]
    assert [p["type"] for p in members["params"]][2:] == ["limit", "offset"]
    assert readme_query == EXAMPLE  # the page starts with the README's query


def test_serve_front_renders_library_queries_safely(front: str) -> None:
    url = front + "/library/render?" + urllib.parse.urlencode({"name": "memberships", "actor": "BLR"})
    with urllib.request.urlopen(url, timeout=30) as resp:
        text = json.loads(resp.read())["text"]
    assert "<https://w3id.org/coopgraph/id/country/BLR>" in text and "$actor" not in text
    bad = front + "/library/render?" + urllib.parse.urlencode({"name": "memberships", "actor": "x> } DROP"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(bad, timeout=30)
    assert err.value.code == 400 and "E007" in err.value.read().decode()


def test_serve_front_refuses_updates_saying_why(front: str) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    for path, body, ctype in [
        ("/update", update.encode(), "application/sparql-update"),
        ("/query", urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
        ("/query", urllib.parse.urlencode({"query": update}).encode(), "application/x-www-form-urlencoded"),
        ("/query", update.encode(), "application/sparql-query"),
        ("/query", update.encode(), "application/sparql-update"),
        ("/store?default", b"<x:a> <x:b> <x:c> .", "text/turtle"),
    ]:
        status, text = _post(front + path, body, ctype)
        assert status == 403, (path, ctype, text)
        assert "updates are not allowed on a read-only store" in text and "expected CONSTRUCT" not in text
    for query in ({"update": update}, {"query": update}):  # over GET too
        req = urllib.request.Request(front + "/query?" + urllib.parse.urlencode(query))
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=30)
        assert err.value.code == 403 and "[E043]" in err.value.read().decode()
    assert sparql_json(front, "ASK { <http://example.org/a> ?p ?o }")["boolean"] is False


def test_serve_front_stops_a_cross_join_and_goes_on(front: str) -> None:
    import time

    join = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    t0 = time.monotonic()
    status, text = _post(
        front + "/query",
        urllib.parse.urlencode({"query": join}).encode(),
        "application/x-www-form-urlencoded",
        timeout=60,
    )
    assert status == 503 and "[E042] the query was stopped after 2 s" in text, text
    assert time.monotonic() - t0 < 20
    # the server answers the next query (its Oxigraph was restarted, the runaway query is gone),
    # and the prefixes are still predefined
    data = sparql_json(front, "SELECT (COUNT(*) AS ?n) WHERE { ?c a coop:Country }")
    assert int(data["results"]["bindings"][0]["n"]["value"]) > 100


def test_serve_front_passes_queries_and_the_page_through(front: str, served: str) -> None:
    text = get_query("memberships").render({"actor": "BLR"})
    assert sparql_json(front, text) == sparql_json(served, text)
    with urllib.request.urlopen(front + "/", timeout=30) as resp:
        assert resp.status == 200 and b"<html" in resp.read().lower()


def test_serve_command_has_a_time_limit_by_default() -> None:
    from graph.serve import server_command

    cmd = server_command(Path("store"), "127.0.0.1", 7878)
    assert cmd[cmd.index("--timeout-s") + 1] == "30"


def test_serve_front_resolves_a_label_parameter(front: str) -> None:
    """A label, alias or ISO code for an IRI parameter is resolved by the served store, as on the
    command line, and the answer says what it resolved to; a name of nothing is a clear 400."""
    url = front + "/library/render?" + urllib.parse.urlencode({"name": "memberships", "actor": "belarus"})
    with urllib.request.urlopen(url, timeout=30) as resp:
        got = json.loads(resp.read())
    assert "<https://w3id.org/coopgraph/id/country/BLR>" in got["text"] and "$actor" not in got["text"]
    assert got["params"]["actor"] == "https://w3id.org/coopgraph/id/country/BLR"
    assert got["notes"] == ["actor=belarus resolved to Belarus <https://w3id.org/coopgraph/id/country/BLR>"]
    nothing = {"name": "memberships", "actor": 'Atlantis" } DROP ALL'}
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(front + "/library/render?" + urllib.parse.urlencode(nothing), timeout=30)
    assert err.value.code == 400 and "names no entity in the store" in err.value.read().decode()
