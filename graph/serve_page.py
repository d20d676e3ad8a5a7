"""The front of ``coopgraph serve``: the query page and a SPARQL endpoint with the prefixes.

A small threaded HTTP server (standard library) stands before the Oxigraph server:

* ``GET /``: a self-contained query page. Its editor starts with the project's prefixes and the
  README's example; every query of ``graph/queries/`` is offered with its description and
  parameters, rendered by the library (``GET /library/render?name=NAME&param=value``), so the
  parameters are written as safe SPARQL terms, never pasted.
* ``GET/POST /query``: forwarded to Oxigraph's read-only endpoint, with a ``PREFIX`` line added for
  each of the project's prefixes the query does not declare itself (so the README's query works
  over HTTP as it does with ``coopgraph query``). Updates are refused (Oxigraph is read-only, and
  ``/update`` is not forwarded).
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from graph.errors import CoopgraphError
from graph.store import PREFIXES

#: The README's first query: the page's editor starts with it.
EXAMPLE = """SELECT DISTINCT ?org ?since ?sentence WHERE {
  ?a rdf:subject country:BLR ; rdf:predicate coop:memberOf ; rdf:object ?o ;
     prov:wasDerivedFrom/coop:sentenceText ?sentence .
  ?o rdfs:label ?org .
  OPTIONAL { ?a coop:startDate ?since }
}"""
_DECLARED = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:")


def with_prefixes(query: str) -> str:
    """``query`` with a ``PREFIX`` line for each project prefix it does not declare itself."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(query)}
    missing = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return missing + query


def prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def library() -> list[dict[str, Any]]:
    """The query library as the page offers it: name, description, form and parameters."""
    from graph.querylib import list_queries

    return [
        {
            "name": q.name,
            "description": q.description,
            "form": q.form,
            "params": [
                {"name": p.name, "type": p.type, "default": p.default, "help": p.help}
                for p in q.specs.values()
            ],
        }
        for q in list_queries()
    ]


def _json_script(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False)
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, rep)
    return text


def page_html() -> str:
    """The query page: one HTML file with its script inline (no CDN)."""
    data = {"prefixes": prefix_block(), "example": EXAMPLE, "library": library()}
    return _PAGE.replace("@@DATA@@", _json_script(data))


class _Handler(BaseHTTPRequestHandler):
    backend = ""  # the Oxigraph server's base URL, set on a subclass
    page = b""
    server_version = "coopgraph"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, code: int, obj: Any) -> None:
        self._send(code, json.dumps(obj, ensure_ascii=False).encode("utf-8"), "application/json")

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(200, self.page, "text/html; charset=utf-8")
        elif url.path == "/query":
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "query" not in params:
                self._json(400, {"error": "no query parameter. Fix: GET /query?query=SPARQL"})
                return
            params["query"] = [with_prefixes(params["query"][0])]
            self._forward("GET", "/query?" + urllib.parse.urlencode(params, doseq=True), None)
        elif url.path == "/library/render":
            self._render(urllib.parse.parse_qs(url.query, keep_blank_values=True))
        elif url.path == "/library":
            self._json(200, library())
        else:
            self._json(404, {"error": f"no page {url.path}. Fix: use / or /query."})

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/query":
            self._json(403, {"error": "read-only: only /query is served. Fix: build with coopgraph build."})
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            body = with_prefixes(body.decode("utf-8")).encode("utf-8")
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
            if "update" in form:
                self._json(403, {"error": "read-only: updates are refused."})
                return
            if "query" in form:
                form["query"] = [with_prefixes(form["query"][0])]
            body = urllib.parse.urlencode(form, doseq=True).encode("utf-8")
        else:
            self._json(415, {"error": f"unsupported Content-Type {ctype!r}. Fix: send a SPARQL query."})
            return
        self._forward("POST", "/query", body, ctype)

    def _render(self, params: dict[str, list[str]]) -> None:
        from graph.querylib import get_query

        name = (params.pop("name", [""]) or [""])[0]
        try:
            q = get_query(name)
            text = q.render({k: v[0] for k, v in params.items()})
        except CoopgraphError as exc:
            self._json(400, {"error": str(exc)})
            return
        self._json(200, {"name": q.name, "text": text})

    def _forward(self, method: str, path: str, body: bytes | None, ctype: str | None = None) -> None:
        headers = {"Accept": self.headers.get("Accept") or "application/sparql-results+json"}
        if ctype:
            headers["Content-Type"] = ctype
        req = urllib.request.Request(self.backend + path, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=300) as resp:
                self._send(resp.status, resp.read(), resp.headers.get("Content-Type", "text/plain"))
        except urllib.error.HTTPError as exc:
            self._send(exc.code, exc.read(), exc.headers.get("Content-Type", "text/plain"))
        except (urllib.error.URLError, TimeoutError) as exc:
            self._json(502, {"error": f"the SPARQL server did not answer: {exc}"})


def make_server(host: str, port: int, backend: str) -> ThreadingHTTPServer:
    """The front server on ``host:port`` forwarding queries to ``backend`` (not started)."""
    handler = type(
        "Handler", (_Handler,), {"backend": backend.rstrip("/"), "page": page_html().encode("utf-8")}
    )
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


@contextmanager
def serving(out: Path, host: str, port: int, *, timeout: float = 30.0) -> Iterator[str]:
    """Run Oxigraph (read-only, on a free loopback port) and the front on ``host:port``; yield the
    front's base URL and stop both afterwards, whatever happens."""
    from graph.serve import DEFAULT_HOST, base_url, check_servable, free_port, running, start_server

    check_servable(out, host, port)
    inner = free_port(DEFAULT_HOST)
    proc = start_server(out, DEFAULT_HOST, inner)
    with running(proc, DEFAULT_HOST, inner, timeout=timeout) as backend:
        server = make_server(host, port, backend)
        thread = threading.Thread(target=server.serve_forever, name="coopgraph-serve", daemon=True)
        thread.start()
        try:
            yield base_url(host, port)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>coopgraph SPARQL</title>
<style>
 body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
 header { padding: 8px 16px; background: #f4f4f4; border-bottom: 1px solid #ddd; }
 main { display: flex; gap: 16px; padding: 12px 16px; }
 #lib { width: 320px; flex: none; }
 #lib select { width: 100%; }
 #lib .help { color: #555; font-size: 12px; }
 #lib label { display: block; margin-top: 6px; font-weight: 600; }
 #lib input { width: 100%; box-sizing: border-box; }
 #work { flex: 1; min-width: 0; }
 textarea { width: 100%; height: 320px; font: 13px/1.35 monospace; box-sizing: border-box; }
 table { border-collapse: collapse; margin-top: 10px; font-size: 13px; }
 td, th { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; text-align: left; }
 #msg { margin-top: 6px; color: #555; }
 #msg.error { color: #b00; }
</style>
</head>
<body>
<header><b>coopgraph</b> — SPARQL over the built graph (read-only). Endpoint: <code>/query</code>.
 The prefixes below are predefined for every query sent here.</header>
<main>
 <section id="lib">
  <h3>Library queries</h3>
  <select id="examples" size="12"></select>
  <p id="description" class="help"></p>
  <form id="params"></form>
  <button id="use" type="button">Use this query</button>
 </section>
 <section id="work">
  <textarea id="query" spellcheck="false"></textarea><br>
  <button id="run" type="button">Run</button>
  <div id="msg"></div>
  <div id="results"></div>
 </section>
</main>
<script>
"use strict";
var DATA = @@DATA@@;
var editor = document.getElementById("query"), msg = document.getElementById("msg");
editor.value = DATA.prefixes + "\\n" + DATA.example + "\\n";
var sel = document.getElementById("examples");
DATA.library.forEach(function (q, i) {
  var o = document.createElement("option");
  o.value = String(i); o.textContent = q.name; o.title = q.description; sel.appendChild(o);
});
function current() { return DATA.library[Number(sel.value)]; }
function showQuery() {
  var q = current(), form = document.getElementById("params");
  document.getElementById("description").textContent = q ? q.description : "";
  form.textContent = "";
  if (!q) return;
  q.params.forEach(function (p) {
    var label = document.createElement("label"); label.textContent = p.name + " (" + p.type + ")";
    var input = document.createElement("input"); input.name = p.name; input.value = p.default;
    input.placeholder = p.default || "any";
    var help = document.createElement("div"); help.className = "help"; help.textContent = p.help;
    form.appendChild(label); form.appendChild(input); form.appendChild(help);
  });
}
sel.addEventListener("change", showQuery);
function say(text, error) { msg.textContent = text; msg.className = error ? "error" : ""; }
document.getElementById("use").addEventListener("click", function () {
  var q = current();
  if (!q) { say("Pick a query of the library first.", true); return; }
  var params = new URLSearchParams({name: q.name});
  Array.from(document.getElementById("params").elements).forEach(function (x) {
    if (x.name) params.append(x.name, x.value);
  });
  fetch("library/render?" + params.toString()).then(function (r) { return r.json(); }).then(function (j) {
    if (j.error) { say(j.error, true); return; }
    editor.value = j.text; say("Loaded " + j.name + ".", false);
  });
});
function cell(v) {
  var td = document.createElement("td");
  td.textContent = v === undefined ? "" : v.value;
  return td;
}
document.getElementById("run").addEventListener("click", function () {
  var out = document.getElementById("results");
  out.textContent = ""; say("running…", false);
  fetch("query", {method: "POST", body: new URLSearchParams({query: editor.value}),
                  headers: {"Accept": "application/sparql-results+json"}})
    .then(function (r) { return r.text().then(function (t) { return [r.ok, t]; }); })
    .then(function (res) {
      if (!res[0]) { say(res[1], true); return; }
      var j = JSON.parse(res[1]);
      if (j.boolean !== undefined) { say("answer: " + j.boolean, false); return; }
      var table = document.createElement("table"), head = document.createElement("tr");
      j.head.vars.forEach(function (v) {
        var th = document.createElement("th"); th.textContent = v; head.appendChild(th);
      });
      table.appendChild(head);
      j.results.bindings.forEach(function (b) {
        var tr = document.createElement("tr");
        j.head.vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
        table.appendChild(tr);
      });
      out.appendChild(table);
      say(j.results.bindings.length + " rows", false);
    })
    .catch(function (e) { say(String(e), true); });
});
</script>
</body>
</html>
"""
