"""What the front of ``coopgraph serve`` (:class:`graph.serve.ReadOnlyFront`) offers besides
Oxigraph: the query page and the project's prefixes.

* ``GET /``: a self-contained query page (:func:`page_html`). Its editor starts with the project's
  prefixes and the README's example; every query of ``graph/queries/`` is offered with its
  description and parameters (:func:`library`): each parameter with its name, type, help and
  default from the ``.rq`` header, in an input holding the default. "Run with these values" has the
  library render the query (``GET /library/render?name=NAME&param=value``: a label, alias or ISO
  code of an IRI parameter is resolved to its entity, then every value is written as a safe SPARQL
  term, never pasted) and runs it; "Load into the editor" only renders it.
* ``GET/POST /query``: each query gets a ``PREFIX`` line for each of the project's prefixes it does
  not declare itself (:func:`with_prefixes`), so the README's query works over HTTP as it does with
  ``coopgraph query``.
"""

from __future__ import annotations

import json
import re
from typing import Any

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
 #lib label { display: block; margin-top: 8px; font-weight: 600; }
 #lib .default { color: #555; font-size: 12px; font-weight: normal; }
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
  <button id="runlib" type="button">Run with these values</button>
  <button id="use" type="button">Load into the editor</button>
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
    // each parameter: its name and help from the .rq header, its default, an input holding it
    var id = "param-" + p.name, label = document.createElement("label");
    label.htmlFor = id; label.textContent = p.name + " (" + p.type + ")";
    var dflt = document.createElement("span"); dflt.className = "default";
    dflt.textContent = " default: " + (p.default || "none (matches any)");
    label.appendChild(dflt);
    var input = document.createElement("input"); input.id = id; input.name = p.name; input.value = p.default;
    input.placeholder = p.default || "any";
    var help = document.createElement("div"); help.className = "help"; help.textContent = p.help;
    form.appendChild(label); form.appendChild(input); form.appendChild(help);
  });
}
sel.addEventListener("change", showQuery);
function say(text, error) { msg.textContent = text; msg.className = error ? "error" : ""; }
// the server writes the values into the query as safe SPARQL terms (a label, alias or ISO code
// of an IRI parameter is resolved to its entity first); the page never pastes them itself
function rendered() {
  var q = current();
  if (!q) { say("Pick a query of the library first.", true); return Promise.resolve(null); }
  var params = new URLSearchParams({name: q.name});
  Array.from(document.getElementById("params").elements).forEach(function (x) {
    if (x.name) params.append(x.name, x.value);
  });
  var answer = fetch("library/render?" + params.toString()).then(function (r) { return r.json(); });
  return answer.then(function (j) {
    if (j.error) { say(j.error, true); return null; }
    editor.value = j.text;
    return j;
  });
}
document.getElementById("use").addEventListener("click", function () {
  rendered().then(function (j) {
    if (j) say(["Loaded " + j.name + "."].concat(j.notes || []).join(" "), false);
  });
});
document.getElementById("runlib").addEventListener("click", function () {
  rendered().then(function (j) {
    if (j) run((j.notes || []).join("; "));
  });
});
function cell(v) {
  var td = document.createElement("td");
  td.textContent = v === undefined ? "" : v.value;
  return td;
}
function run(note) {
  var out = document.getElementById("results"), lead = note ? note + ". " : "";
  out.textContent = ""; say(lead + "running…", false);
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
      say(lead + j.results.bindings.length + " rows", false);
    })
    .catch(function (e) { say(String(e), true); });
}
document.getElementById("run").addEventListener("click", function () { run(""); });
</script>
</body>
</html>
"""
