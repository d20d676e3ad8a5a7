"""SHACL validation of a built store against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from graph.paths import ontology_dir
from graph.store import Store, from_ox, plain


@lru_cache(maxsize=2)
def _shapes(path: Path) -> Graph:
    return Graph().parse(path)


@lru_cache(maxsize=2)
def _ontology(root: Path) -> Graph:
    g = Graph()
    for f in (root / "coop.ttl", root / "areas.ttl"):
        if f.exists():
            g.parse(f)
    return g


@lru_cache(maxsize=2)
def _workspace(root: Path) -> Graph:
    """A graph holding the ontology, to which :func:`validate_graph` adds each data graph in turn."""
    g = Graph()
    for triple in _ontology(root):
        g.add(triple)
    return g


_WORKSPACE_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces))


@contextmanager
def prepared_sparql() -> Iterator[None]:
    """Parse each SPARQL text once while validating.

    pyshacl runs a SHACL-SPARQL constraint once per focus node with the query *text* and the focus
    node as an initial binding, and rdflib parses the text anew every time: on the corpus 90 % of
    validation was pyparsing. A parsed and translated query is what ``rdflib.prepareQuery``
    returns and is meant to be evaluated again with other bindings, so it is cached by its text.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query

    def query(
        self: Any,
        strOrQuery: Any,  # rdflib names the parameters
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Any:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((str(k), v) for k, v in (initNs or {}).items()))
            strOrQuery = _translated(strOrQuery, base, namespaces)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate_graph(data: Graph) -> list[str]:
    """Violations as 'ShapeName: message (focus node)' lines; empty when the graph conforms."""
    import pyshacl

    root = ontology_dir()
    shapes_file = root / "shapes.ttl"
    if not shapes_file.exists():
        return []
    shapes = _shapes(shapes_file)
    # The ontology joins the data graph itself: pyshacl's ont_graph mixing clones nodes one by one
    # and takes minutes, and areas must be in the data for the skos:inScheme check. The graph that
    # holds the ontology is made once; each data graph's triples are added to it for one run and
    # taken out again (copying the 1,200 ontology triples into a new graph for every document
    # graph was most of the time spent outside pyshacl).
    merged = _workspace(root)
    with _WORKSPACE_LOCK:
        added = [t for t in data if t not in merged]
        for triple in added:
            merged.add(triple)
        try:
            # No inference: RDFS ranges would type wrong objects into conformance (memberOf a country).
            with prepared_sparql():
                conforms, report, _text = pyshacl.validate(
                    merged,
                    shacl_graph=shapes,
                    inference="none",
                    advanced=True,
                    allow_warnings=True,
                    inplace=True,
                )
        finally:
            for triple in added:
                merged.remove(triple)
    if conforms:
        return []
    out = []
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        src = report.value(r, SH.sourceShape)
        name = shapes.value(src, SH.name) if src is not None else None
        msg = report.value(r, SH.resultMessage)
        focus = report.value(r, SH.focusNode)
        out.append(f"{name or src}: {msg} ({focus})")
    return sorted(out)


def validate_store(store: Store) -> list[str]:
    data = Graph()
    for q in store.oxigraph:
        # the documents' graphs and derived facts; reference data is checked by its own tests
        name = getattr(q.graph_name, "value", "")
        if "/graph/doc/" in name or name.endswith("/graph/derived"):
            data.add((from_ox(q.subject), from_ox(q.predicate), plain(from_ox(q.object))))
    return validate_graph(data)


def _rdflib_graph(triples: Iterable[Any]) -> Graph:
    """Oxigraph triples or quads as an rdflib graph, strings plain as rdflib writes them."""
    data = Graph()
    for t in triples:
        data.add((from_ox(t.subject), from_ox(t.predicate), plain(from_ox(t.object))))
    return data


def graph_data(store: Store, graph: str) -> Graph:
    """One named graph of the store as an rdflib graph (only that graph is held in memory)."""
    import pyoxigraph as ox

    return _rdflib_graph(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def validate_ntriples(data: bytes) -> list[str]:
    """:func:`validate_graph` of one graph given as N-Triples (what :meth:`Store.graph_ntriples`
    returns): a worker process validates a stored document graph with no access to the store.
    Shapes and ontology are parsed once per process."""
    import pyoxigraph as ox

    return validate_graph(_rdflib_graph(ox.parse(data, ox.RdfFormat.N_TRIPLES)))


def derived_data(store: Store) -> Graph:
    """The derived graph with the types and labels its nodes have in the documents' graphs: the
    rules state facts between entities that the documents type."""
    from graph.rdf import iris

    data = graph_data(store, str(iris.DERIVED_GRAPH))
    nodes = {n for s, _p, o in data for n in (s, o) if isinstance(n, URIRef)}
    if not nodes:
        return data
    values = " ".join(f"<{n}>" for n in sorted(nodes))
    rows = store.select(
        f"SELECT DISTINCT ?n ?t ?l WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?n a ?t "
        f"OPTIONAL {{ ?n rdfs:label ?l }} }} FILTER(STRSTARTS(STR(?g), '{iris.GRAPH}doc/')) }}"
    )
    for row in rows:
        data.add((URIRef(row["n"]), RDF.type, URIRef(row["t"])))
        if row.get("l") is not None:
            data.add((URIRef(row["n"]), RDFS.label, Literal(row["l"])))
    return data


def validate_changed(
    store: Store,
    documents: dict[str, str],
    cache: dict[str, list[Any]],
    *,
    derived_hash: str,
    total: Callable[[int], None] | None = None,
    advance: Callable[[], None] | None = None,
) -> tuple[list[str], int]:
    """Validate the document graphs whose hash is not the one in ``cache``, and the derived graph
    when its hash changed; ``cache`` (graph IRI -> [hash, violations]) is updated in place and
    loses the graphs no longer in the store. Returns every current violation and how many graphs
    were validated now. Each document graph is validated on its own (it types and labels every
    entity it uses); the derived graph with its nodes' types and labels."""
    from graph.rdf import iris

    wanted = {str(iris.doc_graph(d)): h for d, h in documents.items()}
    wanted[str(iris.DERIVED_GRAPH)] = derived_hash
    for g in [g for g in cache if g not in wanted]:
        del cache[g]
    todo = [g for g, h in sorted(wanted.items()) if cache.get(g, [None])[0] != h]
    if total is not None:
        total(len(todo))
    for g in todo:
        data = derived_data(store) if g == str(iris.DERIVED_GRAPH) else graph_data(store, g)
        cache[g] = [wanted[g], validate_graph(data)]
        if advance is not None:
            advance()
    return sorted({v for _h, found in cache.values() for v in found}), len(todo)


# Spawning the process and importing pyshacl in it costs about a second of one core: below this
# many documents in one build, validating them in the build's own process is cheaper.
BESIDE_FROM = 8


def spare_cores() -> int:
    """Cores this process may use beyond its own (0 on a one-core machine)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(0, n - 1)


class BesideValidator:
    """SHACL validation of stored document graphs in one child process, beside the NLP of a
    one-process build: each graph is sent as N-Triples once it is stored and its violations come
    back as a future (:func:`validate_ntriples` in ``python -m graph.validate``), so validation
    costs the build no wall time where a second core is free.

    A plain subprocess, not multiprocessing: a spawned multiprocessing child imports the caller's
    ``__main__``, which breaks any script calling :func:`graph.builder.build` without a main guard,
    and a forked one would inherit the open RocksDB store's threads. Frames are a length and a body
    each way; one thread writes (a large graph never blocks the NLP on a full pipe), one reads."""

    def __init__(self) -> None:
        import queue
        import subprocess
        import sys

        root = str(Path(__file__).resolve().parent.parent)  # graph importable when not installed
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
        }
        self._child = subprocess.Popen(
            [sys.executable, "-m", "graph.validate"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a failure only means validating here instead
            env=env,
        )
        self._sent: list[Future[list[str]]] = []
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._waiting: queue.Queue[Future[list[str]] | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._writer.start()
        self._reader.start()

    def submit(self, ntriples: bytes) -> Future[list[str]]:
        pending: Future[list[str]] = Future()
        self._sent.append(pending)
        self._waiting.put(pending)
        self._outbox.put(ntriples)
        return pending

    def _write(self) -> None:
        pipe = self._child.stdin
        assert pipe is not None
        try:
            while (body := self._outbox.get()) is not None:
                pipe.write(len(body).to_bytes(8, "big") + body)
                pipe.flush()
        except OSError:
            pass  # the child is gone: the reader fails what is still waiting
        finally:
            with suppress(OSError):
                pipe.close()

    def _read(self) -> None:
        import json

        pipe = self._child.stdout
        assert pipe is not None
        while True:
            pending = self._waiting.get()
            if pending is None:  # close() ends the loop
                return
            head = pipe.read(8)
            body = pipe.read(int.from_bytes(head, "big")) if len(head) == 8 else b""
            if len(head) < 8:
                pending.set_exception(ChildProcessError("the validation process ended"))
                continue
            pending.set_result(list(json.loads(body)))

    def close(self) -> None:
        """End the child; at once when the build stopped before taking every result."""
        if not all(p.done() for p in self._sent):
            self._child.kill()
        self._outbox.put(None)
        self._waiting.put(None)
        self._writer.join()
        self._reader.join()
        self._child.wait()
        if self._child.stdout is not None:
            self._child.stdout.close()


def _serve() -> None:
    """The child of :class:`BesideValidator`: validate each framed N-Triples graph from stdin."""
    import json
    import sys

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print would break the frames
    while len(head := inp.read(8)) == 8:
        found = validate_ntriples(inp.read(int.from_bytes(head, "big")))
        body = json.dumps(found).encode()
        out.write(len(body).to_bytes(8, "big") + body)
        out.flush()


def finished(pending: Future[list[str]]) -> list[str] | None:
    """A background validation's violations, or None when its process died (the graph is then
    validated again in the build's own process, as one not sent away)."""
    try:
        return pending.result()
    except ChildProcessError:
        return None


if __name__ == "__main__":
    _serve()
