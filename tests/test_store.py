"""graph.store: missing stores, the writer lock, atomic graph replacement, exports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from graph.errors import (
    QueryError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreError,
    StoreLockedError,
    StoreMissingError,
)
from graph.store import Store, is_locked, is_update, query_with_limit

EX = "https://example.org/"
G1 = URIRef(EX + "graph/1")
G2 = URIRef(EX + "graph/2")
P = URIRef(EX + "p")


def _quads(graph: URIRef, *objects: str) -> list[tuple[URIRef, URIRef, Literal, URIRef]]:
    return [(URIRef(EX + f"s{i}"), P, Literal(o), graph) for i, o in enumerate(objects)]


def _graph_content(st: Store, graph: URIRef) -> set[str]:
    import pyoxigraph as ox

    return {str(q) for q in st.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))}


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh writable store with two small named graphs."""
    st = Store(tmp_path / "out", create=True, write=True)
    st.replace_graph(G1, _quads(G1, "a", "b"))
    st.replace_graph(G2, _quads(G2, "c"))
    yield st
    st.close()


def test_store_missing_raises(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError) as info:
        Store(tmp_path / "never-built")
    msg = str(info.value)
    assert "never-built" in msg and "Fix:" in msg and "\n" not in msg
    assert not (tmp_path / "never-built").exists()  # opening for reading creates nothing


def test_store_second_writer_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = Store(out, create=True, write=True)
    try:
        assert is_locked(out)
        with pytest.raises(StoreLockedError) as info:
            Store(out, create=True, write=True)
        assert "Fix:" in str(info.value)
        with pytest.raises(StoreLockedError):  # readers are told too, rather than seeing half a build
            Store(out)
    finally:
        first.close()
    assert not is_locked(out)
    with Store(out, create=True, write=True) as again:  # the lock is released on close
        assert len(again) == 0


def test_store_replace_graph_twice_keeps_only_the_second(store: Store) -> None:
    before_g2 = _graph_content(store, G2)
    assert store.replace_graph(G1, _quads(G1, "first", "one more", "and another")) == 3
    assert store.replace_graph(G1, _quads(G1, "second")) == 1
    assert _graph_content(store, G1) == {f'<{EX}s0> <{EX}p> "second" <{G1}>'}
    assert _graph_content(store, G2) == before_g2
    assert len(store) == 2


def test_store_replace_graph_with_nothing_drops_it(store: Store) -> None:
    assert store.replace_graph(G1, []) == 0
    assert store.graphs() == [str(G2)]


def test_store_failing_replace_leaves_the_previous_content(store: Store) -> None:
    before = _graph_content(store, G1)
    bad = [*_quads(G1, "new"), (URIRef(EX + "s9"), P, URIRef("not-an-absolute-iri"), G1)]
    with pytest.raises((SyntaxError, StoreError)):
        store.replace_graph(G1, bad)
    assert _graph_content(store, G1) == before
    assert len(store) == 3


def test_store_failing_replace_raises_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        store.replace_graph(G1, [(URIRef(EX + "s9"), P, URIRef("not-an-absolute-iri"), G1)])


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_store_export_quads_round_trip(store: Store, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"dump.{fmt}"
    path.write_text("stale content")
    assert store.export(path, fmt) == path
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    ds = Dataset()
    ds.parse(path, format=fmt)
    assert len(list(ds.quads((None, None, None, None)))) == len(store) == 3
    assert {str(c.identifier) for c in ds.contexts() if len(c)} == {str(G1), str(G2)}


def test_store_export_turtle_is_the_union(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "dump.ttl"
    store.export(path, "turtle")
    g = Graph().parse(path, format="turtle")
    assert len(g) == 3
    assert sorted(str(o) for o in g.objects(None, P)) == ["a", "b", "c"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_store_export_turtle_keeps_plain_literals_plain(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "dump.ttl"
    store.export(path, "turtle")
    g = Graph().parse(path, format="turtle")
    assert (URIRef(EX + "s0"), P, Literal("c")) in g
    assert "xsd:string" not in path.read_text(encoding="utf-8")


def test_store_export_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        store.export(tmp_path / "x.bin", "parquet")
    assert "Fix:" in str(info.value)
    assert list(tmp_path.glob("*x.bin*")) == []


def test_store_select_returns_python_values(store: Store) -> None:
    rows = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o")
    assert rows == [{"o": "a"}, {"o": "b"}, {"o": "c"}]
    (row,) = store.select(
        'SELECT (COUNT(*) AS ?n) (xsd:date("2024-07-01") AS ?d) WHERE { GRAPH ?g { ?s ?p ?o } }'
    )
    assert row == {"n": 3, "d": "2024-07-01"}


def test_store_select_rejects_construct(store: Store) -> None:
    with pytest.raises(QueryError):
        store.select("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def test_store_query_syntax_error_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError) as info:
        store.select("SELECT ?x WHERE {")
    assert "Fix:" in str(info.value)


def test_store_query_syntax_error_is_one_line(store: Store) -> None:
    with pytest.raises(QueryError) as info:
        store.select("SELECT ?x WHERE {")
    assert "\n" not in str(info.value)


def test_store_documents_lists_content_hashes(tmp_path: Path) -> None:
    from graph.rdf import iris
    from graph.rdf.vocab import COOP

    with Store(tmp_path / "out", create=True, write=True) as st:
        g = iris.doc_graph("doc-1")
        st.replace_graph(g, [(iris.document("doc-1"), COOP.contentHash, Literal("abc"), g)])
        assert st.documents() == {"doc-1": "abc"}
        assert st.stored_hash("doc-1") == "abc"
        assert st.stored_hash("doc-2") is None


# ------------------------------------------------------------------ read-only queries with a time limit
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_store_a_cross_join_is_stopped_at_its_time_limit(seed_out: Path) -> None:
    import multiprocessing
    import time

    t0 = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"E042.*stopped after 1 s.*Fix:.*--timeout-s"):
        query_with_limit(seed_out, CROSS_JOIN, 1)
    assert time.monotonic() - t0 < 15
    assert multiprocessing.active_children() == []  # the process running it is gone, not left spinning
    # and the store answers the next query at once
    answer = query_with_limit(seed_out, "ASK { ?s a coop:Country }", 30)
    assert answer.boolean is True


def test_store_query_with_limit_gives_rows_and_errors_of_the_store(seed_out: Path) -> None:
    rows = query_with_limit(seed_out, "SELECT ?c WHERE { ?c a coop:Country } ORDER BY ?c LIMIT 2", 30).rows
    assert len(rows) == 2 and all(r["c"].startswith("https://w3id.org/coopgraph/id/country/") for r in rows)
    with pytest.raises(StoreMissingError):
        query_with_limit(seed_out / "nothing", "ASK {}", 30)
    with pytest.raises(QueryError, match=r"E007.*error at 2:"):
        query_with_limit(seed_out, "SELECT ?s WHERE {\n  ?s ?p }", 30)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
        "# a comment\nPREFIX ex: <https://example.org/>\ndelete where { ?s ex:p ?o }",
        "DROP ALL",
        "LOAD <https://example.org/data.ttl>",
    ],
)
def test_store_updates_are_refused_as_read_only(store: Store, update: str) -> None:
    with pytest.raises(ReadOnlyError, match="updates are not allowed on a read-only store") as info:
        store.query(update)
    assert "expected CONSTRUCT" not in str(info.value)
    with pytest.raises(ReadOnlyError):
        query_with_limit(store.path, update, None)


def test_store_a_query_naming_insert_is_not_an_update(store: Store) -> None:
    assert not is_update('SELECT ?s WHERE { ?s ?p "INSERT DATA" }')
    assert not is_update("PREFIX insert: <https://example.org/>\nASK { ?s insert:p ?o }")


@pytest.mark.parametrize(
    "query",
    ["SELECT ?s WHERE {\n  ?s ?p }", "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}", "ASK { ?s ?p"],
)
def test_store_syntax_error_position_is_in_the_users_query(store: Store, query: str) -> None:
    """The position is the one Oxigraph gives for the user's text alone, not shifted by the prefixes."""
    import pyoxigraph as ox

    with pytest.raises(SyntaxError) as bare:
        ox.Store().query(query)
    position = re.search(r"error at (\d+:\d+)", str(bare.value)).group(1)  # type: ignore[union-attr]
    with pytest.raises(QueryError) as info:
        store.query(query)
    assert f"error at {position}:" in str(info.value)


def test_store_select_lexical_gives_the_strings_select_gives(store: Store) -> None:
    """The linker's fast path reads the same values as select, as strings: IRIs, plain and
    language-tagged labels, a date's lexical form, an unbound OPTIONAL; over the union of graphs."""
    from rdflib import XSD

    d = URIRef(EX + "d")
    store.replace_graph(
        G2,
        [
            (d, P, Literal("Zedland"), G2),
            (d, P, Literal("Zédland", lang="fr"), G2),
            (d, URIRef(EX + "date"), Literal("2024-07", datatype=XSD.gYearMonth), G2),
        ],
    )
    q = f"SELECT ?s ?o ?date WHERE {{ GRAPH ?g {{ ?s <{P}> ?o }} OPTIONAL {{ ?s <{EX}date> ?date }} }}"
    lexical = store.select_lexical(q)
    plain = [{k: None if v is None else str(v) for k, v in row.items()} for row in store.select(q)]
    key = lambda r: (r["s"], r["o"])  # noqa: E731
    assert sorted(lexical, key=key) == sorted(plain, key=key)
    assert {"s": EX + "d", "o": "Zédland", "date": "2024-07"} in lexical
    assert any(r["date"] is None for r in lexical)  # the fixture's subjects have no date


def test_store_flushes_its_write_buffers_every_n_graph_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unflushed, RocksDB's write buffers grow with the corpus and so does a build's peak memory."""
    import graph.store as store_mod

    flushes: list[int] = []
    monkeypatch.setattr(store_mod, "FLUSH_EVERY", 3)
    monkeypatch.setattr(store_mod.Store, "flush", lambda self: flushes.append(self._writes))
    with Store(tmp_path, create=True, write=True) as st:
        for i in range(7):
            g = URIRef(f"https://w3id.org/coopgraph/graph/doc/d{i}")
            st.replace_graph(g, [(URIRef("https://x.org/s"), URIRef("https://x.org/p"), Literal(i), g)])
        assert flushes == [3, 6]
        assert len(st) == 7


def test_store_closed_without_a_collection_can_be_opened_again_also_when_a_cycle_holds_it(
    tmp_path: Path,
) -> None:
    """close() releases RocksDB's own lock: at once when nothing else holds the store (no full
    collection), and by a collection when a reference cycle still does."""
    import gc

    gc.disable()
    try:
        with Store(tmp_path, create=True, write=True) as st:
            st.replace_graph(
                URIRef("urn:g"), [(URIRef("urn:s"), URIRef("urn:p"), Literal("o"), URIRef("urn:g"))]
            )
            assert st.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }") == [{"o": "o"}]
        st = Store(tmp_path, write=True)  # would fail if RocksDB still held the folder
        cycle: dict[str, object] = {"store": st.oxigraph}
        cycle["self"] = cycle
        del cycle
        st.close()
        with Store(tmp_path, write=True) as again:
            assert len(again) == 1
    finally:
        gc.enable()


def test_store_export_turtle_states_a_triple_of_several_graphs_once(tmp_path: Path) -> None:
    import pyoxigraph as ox

    s, p, o = URIRef("urn:s"), URIRef("urn:p"), Literal("o")
    with Store(tmp_path, create=True, write=True) as st:
        for g in ("urn:g1", "urn:g2", "urn:g3"):
            st.replace_graph(URIRef(g), [(s, p, o, URIRef(g)), (s, p, Literal(g), URIRef(g))])
        st.export(tmp_path / "u.ttl", "turtle")
    triples = [str(t) for t in ox.parse(path=str(tmp_path / "u.ttl"), format=ox.RdfFormat.TURTLE)]
    assert len(triples) == 4 and len(set(triples)) == 4  # (s p o) once, and one per graph's own
