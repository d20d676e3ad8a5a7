"""Scale: counted progress, incremental rebuilds, and the NLP in worker processes or on Dask."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.builder import build
from graph.progress import Stages, count_documents
from graph.store import Store

DOC_A = (
    "In July 2024, the Republic of Belarus joined the Shanghai Cooperation Organization and became "
    "its tenth full member.\n"
)
DOC_B = (
    "On August 22, 2024, the Ministry of Communications and Informatization of the Republic of Belarus "
    "and the Ministry of Industry and Information Technology of the People's Republic of China signed a "
    "memorandum of understanding on cooperation in the field of digital economy.\n"
)
DOC_C = (
    "Kazakhstan and Uzbekistan agreed to cooperate in the field of artificial intelligence and "
    "e-government, the ministries said in Astana on 3 March 2025.\n"
)


def _corpus(root: Path, docs: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


def _quads(out: Path) -> set[str]:
    with Store(out) as st:
        return {str(q) for q in st.oxigraph}


def test_progress_count_documents_counts_files_and_jsonl_lines(tmp_path: Path):
    _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B})
    (tmp_path / "in" / "more.jsonl").write_text(
        '{"id": "x", "text": "t"}\n\n{"id": "y", "text": "t"}\n{"id": "z", "text": "t"}\n', encoding="utf-8"
    )
    (tmp_path / "in" / "notes.csv").write_text("ignored", encoding="utf-8")
    assert count_documents([tmp_path / "in"]) == 5
    assert count_documents([tmp_path / "missing"]) == 0


def test_progress_stages_summary_in_stage_order():
    events: list[tuple[str, str]] = []
    stages = Stages(lambda e, d: events.append((e, d)))
    with stages.timed("page", 3):
        stages.advance("page")
    stages.add("extract", 2.0)
    stages.add("extract", 1.5)
    assert events == [("stage", "page\t3"), ("advance", "page")]
    assert stages.summary().startswith("extract 3.5s, page ")


def test_build_progress_knows_totals_before_documents(tmp_path: Path):
    events: list[tuple[str, str]] = []
    build(
        [_corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B})],
        tmp_path / "out",
        progress=lambda e, d: events.append((e, d)),
    )
    assert events[0] == ("total", "2")
    first_doc = events.index(next(e for e in events if e[0] == "doc"))
    assert ("stage", "extract\t2") in events[:first_doc] and ("stage", "store\t2") in events[:first_doc]
    started = [d.split("\t")[0] for e, d in events if e == "stage"]
    assert {"extract", "store", "rules", "export", "validate", "page"} <= set(started)
    assert sum(1 for e, d in events if e == "advance" and d == "store") == 2


def test_build_unchanged_rebuild_skips_nlp_and_everything_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B})
    out = tmp_path / "out"
    first = build([src], out)
    assert first.validated == 3  # two document graphs and the derived graph
    files = [out / n for n in ("coopgraph.trig", "coopgraph.ttl", "graph.html", "report.md")]
    stamps = [f.stat().st_mtime_ns for f in files]
    before = _quads(out)

    import graph.nlp.pipeline

    def no_model(*a: object, **k: object) -> None:
        raise AssertionError("an unchanged rebuild loaded the spaCy pipeline")

    monkeypatch.setattr(graph.nlp.pipeline, "build_nlp", no_model)
    again = build([src], out)
    assert (again.extracted, again.unchanged, again.validated) == (0, 2, 0)
    assert not {"model", "rules", "export", "page"} & set(again.stages)
    assert [f.stat().st_mtime_ns for f in files] == stamps
    assert _quads(out) == before


def test_build_rebuild_language_checks_only_new_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An input found English once is not language-checked again (lingua was most of reading an
    unchanged corpus); a changed text is."""
    import graph.ingest

    src = _corpus(tmp_path / "in", {"b": DOC_B, "c": DOC_C})
    out = tmp_path / "out"
    build([src], out, page=False, validate=False)
    checked: list[str] = []
    real = graph.ingest.language_of

    def spying(text: str) -> tuple[str, float]:
        checked.append(text)
        return real(text)

    monkeypatch.setattr(graph.ingest, "language_of", spying)
    again = build([src], out, page=False, validate=False)
    assert (again.unchanged, checked) == (2, [])
    changed = DOC_B.replace("digital economy", "e-government and data centres")
    (src / "b.txt").write_text(changed, encoding="utf-8")
    third = build([src], out, page=False, validate=False)
    assert third.extracted == 1
    assert checked == [changed.strip()]


def test_build_one_changed_document_revalidates_only_its_graph(tmp_path: Path):
    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B, "c": DOC_C})
    out = tmp_path / "out"
    build([src], out)
    turtle = (out / "coopgraph.ttl").stat().st_mtime_ns
    (src / "c.txt").write_text(DOC_C.replace("Uzbekistan", "Kyrgyzstan"), encoding="utf-8")
    again = build([src], out)
    assert (again.extracted, again.unchanged) == (1, 2)
    assert 1 <= again.validated <= 2  # the changed document's graph, and the derived graph if it changed
    assert (out / "coopgraph.ttl").stat().st_mtime_ns != turtle
    assert "Kyrgyzstan" in (out / "coopgraph.ttl").read_text(encoding="utf-8")
    assert "id/country/UZB> <https://w3id.org/coopgraph/ont#cooperatesWith>" not in (
        out / "coopgraph.trig"
    ).read_text(encoding="utf-8")


def test_build_cached_violations_survive_a_rebuild(tmp_path: Path):
    """A violation found once is still reported when its graph is not validated again."""
    from graph.incremental import BuildState

    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B})
    out = tmp_path / "out"
    build([src], out)
    state = BuildState.load(out)
    graph_a = next(g for g in state.validation if g.endswith("/doc/a"))
    state.validation[graph_a][1] = ["Invented: a remembered violation (x)"]
    state.save(out)
    (src / "b.txt").write_text(DOC_B.replace("digital economy", "e-government"), encoding="utf-8")
    again = build([src], out)
    assert again.extracted == 1
    assert again.violations == ["Invented: a remembered violation (x)"]


@pytest.mark.slow
def test_build_workers_give_the_same_quads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Two worker processes: the same quads and the same SHACL results as one process, the
    document graphs validated in the workers, and no pipeline built in the writer."""
    from graph.incremental import BuildState

    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B, "c": DOC_C})
    one = build([src], tmp_path / "one", page=False)

    import graph.nlp.pipeline
    import graph.validate

    def no_model(*a: object, **k: object) -> None:
        raise AssertionError("the writer built a pipeline of its own")

    validated_here: list[object] = []
    real_validate = graph.validate.validate_graph

    def counting(data: object) -> list[str]:
        validated_here.append(data)
        return real_validate(data)  # type: ignore[arg-type]

    # spawned workers import these afresh: only the writer (this process) is patched
    monkeypatch.setattr(graph.nlp.pipeline, "build_nlp", no_model)
    monkeypatch.setattr(graph.validate, "validate_graph", counting)
    two = build([src], tmp_path / "two", page=False, workers=2)
    assert two.extracted == one.extracted == 3
    assert _quads(tmp_path / "two") == _quads(tmp_path / "one")
    assert two.validated == one.validated == 4  # three document graphs and the derived graph
    assert len(validated_here) == 1  # the derived graph; the workers did the three documents
    assert BuildState.load(tmp_path / "two").validation == BuildState.load(tmp_path / "one").validation
    assert two.violations == one.violations


@pytest.mark.slow
def test_build_validates_beside_the_nlp_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A one-process build of enough documents validates their graphs in a second process while
    the NLP goes on: same quads, same SHACL results as validating them all afterwards, and only
    the derived graph validated in the build's own process. Run as a script with no main guard,
    as a user's script would (a multiprocessing child would re-import it and fail)."""
    import subprocess
    import sys

    from graph.incremental import BuildState

    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B, "c": DOC_C})
    after = build([src], tmp_path / "after", page=False)  # three documents: below BESIDE_FROM
    script = tmp_path / "user_script.py"
    script.write_text(
        "import graph.validate as v\n"
        "from graph.builder import build\n"
        "v.BESIDE_FROM = 2\n"
        "v.spare_cores = lambda: 1\n"
        "here = []\n"
        "real = v.validate_graph\n"
        "v.validate_graph = lambda data: here.append(1) or real(data)\n"
        f"r = build([{str(src)!r}], {str(tmp_path / 'beside')!r}, page=False)\n"
        "print(r.validated, len(here), len(r.violations))\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout.split() == [str(after.validated), "1", str(len(after.violations))]
    assert _quads(tmp_path / "beside") == _quads(tmp_path / "after")
    assert BuildState.load(tmp_path / "beside").validation == BuildState.load(tmp_path / "after").validation


@pytest.mark.slow
def test_build_dask_local_cluster_gives_the_same_quads(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B, "c": DOC_C})
    local = build([src], tmp_path / "local", page=False, batch_size=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as tasks,
    ):
        remote = build([src], tmp_path / "dask", page=False, batch_size=1, dask=cluster.scheduler_address)
    ran = [t for t in tasks.data if "extract_batch" in str(t["key"])]
    assert len(ran) == 3  # one task per batch of one document: the cluster did the NLP
    assert remote.extracted == local.extracted == 3
    assert _quads(tmp_path / "dask") == _quads(tmp_path / "local")


def test_cli_build_log_lines_then_quiet(tmp_path: Path):
    from typer.testing import CliRunner

    from graph.cli import app

    runner = CliRunner()
    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B})
    out = tmp_path / "out"
    logged = runner.invoke(app, ["build", str(src), "--out", str(out), "--log", "--no-page"])
    assert logged.exit_code == 0, logged.output
    lines = logged.output.splitlines()
    assert any(line.endswith("read 2 documents") for line in lines)
    assert any(line.endswith("extract 2/2") for line in lines) and any(
        line.endswith("store 2/2") for line in lines
    )
    took = [line for line in lines if line.startswith("took ")]
    assert len(took) == 1 and "extract" in took[0] and "validate" in took[0]
    quiet = runner.invoke(app, ["build", str(src), "--out", str(out), "--quiet", "--no-page"])
    assert quiet.exit_code == 0, quiet.output
    progress_line = re.compile(r"^\s*[\d.]+s \w+ \d+/")
    assert any(progress_line.match(line) for line in lines)
    # --quiet means the same on every command: nothing but errors
    assert quiet.output.strip() == ""
    assert json.loads((out / ".coopgraph-state.json").read_text(encoding="utf-8"))["dataset"]


def test_build_removed_document_drops_its_document_and_links_graphs(tmp_path: Path):
    """A document gone from the inputs takes its facts and its cross-document link decisions along
    ("President Lukashenko" alone in the second document is linked to the office holder)."""
    from graph.rdf import iris

    a = "On 4 July 2024, President of Belarus Alexander Lukashenko held talks with President of Kazakhstan "
    a += "Kassym-Jomart Tokayev in Astana. The two presidents discussed trade and digital technologies.\n"
    c = "On 10 September 2024, President Lukashenko met with the Prime Minister of Vietnam Pham Minh Chinh "
    c += "in Minsk. The two leaders discussed trade, digital technologies and education in detail.\n"
    src = _corpus(tmp_path / "in", {"a": a, "c": c})
    out = tmp_path / "out"
    build([src], out, page=False, validate=False)
    with Store(out) as st:
        assert str(iris.links_graph("c")) in set(st.graphs())
    (src / "c.txt").unlink()
    again = build([src], out, page=False, validate=False)
    assert again.removed == ["c"]
    with Store(out) as st:
        assert sorted(st.documents()) == ["a"]
        graphs = set(st.graphs())
    assert str(iris.doc_graph("c")) not in graphs and str(iris.links_graph("c")) not in graphs
    assert str(iris.doc_graph("a")) in graphs


def test_rule_error_crosses_a_process_boundary_unchanged():
    """--strict with --workers or --dask: the worker's RuleError is pickled back to the build."""
    import pickle

    from graph.errors import CoopgraphError, RuleError

    err = RuleError("pairs.signed", "doc-1", "An invented sentence.", ValueError("bad span"))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is RuleError and isinstance(back, CoopgraphError)
    assert str(back) == str(err) and str(back).startswith("[E030] rule pairs.signed failed")
    assert back.rule == "pairs.signed"


def test_pipeline_key_follows_the_reference_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The NLP reads the gazetteer and the office holders: editing them redoes the documents."""
    import shutil

    from graph.nlp.fingerprint import pipeline_key
    from graph.paths import ontology_dir

    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    monkeypatch.setattr("graph.paths.ontology_dir", lambda: copy)
    before = pipeline_key("en_core_web_sm", {})
    offices = copy / "gazetteer" / "offices.ttl"
    offices.write_text(offices.read_text(encoding="utf-8") + "\n# an edited tenure\n", encoding="utf-8")
    assert pipeline_key("en_core_web_sm", {}) != before


def _trig_dump(out: Path, tmp: Path) -> bytes:
    with Store(out) as st:
        return st.export(tmp / "dump.trig", "trig").read_bytes()


def test_rebuild_trig_serialises_only_the_changed_documents_graphs(tmp_path: Path):
    """The TriG export of a rebuild reuses the text of each unchanged document's graphs and is
    byte for byte Oxigraph's dump of the whole store; a file changed by hand is written anew."""
    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B, "c": DOC_C})
    out = tmp_path / "out"
    first = build([src], out, page=False, validate=False)
    with Store(out) as st:
        graphs = len(st.graphs())
    assert first.trig_graphs == graphs  # nothing to reuse yet
    (src / "c.txt").write_text(DOC_C.replace("Uzbekistan", "Kyrgyzstan"), encoding="utf-8")
    again = build([src], out, page=False, validate=False)
    assert again.written == ["c"]
    with Store(out) as st:
        names = st.graphs()
    graphs = len(names)
    kept = [g for g in names if g.endswith(("/a", "/b")) and ("/graph/doc/" in g or "/graph/links/" in g)]
    assert len(kept) >= 2
    assert again.trig_graphs == graphs - len(kept)  # the graphs of a and b (links too, if any) were reused
    assert (out / "coopgraph.trig").read_bytes() == _trig_dump(out, tmp_path)
    (out / "coopgraph.trig").write_text("edited by hand\n", encoding="utf-8")
    (src / "c.txt").write_text(DOC_C, encoding="utf-8")
    third = build([src], out, page=False, validate=False)
    assert third.trig_graphs == graphs  # the file is not the one indexed: nothing reused
    assert (out / "coopgraph.trig").read_bytes() == _trig_dump(out, tmp_path)


def _page_from_scratch(out: Path, tmp: Path) -> tuple[bytes, dict[str, str]]:
    """The page and the report's tables made from the store in ``out`` now."""
    from graph import analytics, report, viz

    with Store(out) as st:
        net = analytics.actor_network(st)
        ranks = analytics.centrality(net)
        viz.write_page(net, tmp / "page.html", title="coopgraph", centrality=ranks)
        return (tmp / "page.html").read_bytes(), report.report_tables(st, net, ranks)


def test_rebuild_keeps_the_page_while_the_store_shows_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A changed document whose graph differs only in what no page query reads (its content hash)
    keeps the page; the report is rewritten with this run's figures and the kept tables. A change
    that the page shows makes it anew. Either way the page is the one the store gives now."""
    import graph.analytics
    from graph.incremental import BuildState

    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B, "c": DOC_C})
    out = tmp_path / "out"
    first = build([src], out, validate=False)
    assert first.page_made
    page = (out / "graph.html").stat().st_mtime_ns
    networks: list[object] = []
    real = graph.analytics.actor_network
    monkeypatch.setattr(graph.analytics, "actor_network", lambda *a, **k: networks.append(a) or real(*a, **k))

    (src / "a.txt").write_text(DOC_A + "\nThe weather was fine.\n", encoding="utf-8")
    kept = build([src], out, validate=False)
    assert (kept.extracted, kept.written) == (1, ["a"])
    assert not kept.page_made and networks == []  # no network made: the page was kept
    assert (out / "graph.html").stat().st_mtime_ns == page
    html, tables = _page_from_scratch(out, tmp_path)
    assert (out / "graph.html").read_bytes() == html
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "(extracted now: 1, unchanged: 2)" in text and tables["top"] in text
    assert set(BuildState.load(out).page["graphs"]) >= {g for g in _graph_names(out) if "/graph/doc/" in g}

    (src / "c.txt").write_text(DOC_C.replace("Uzbekistan", "Kyrgyzstan"), encoding="utf-8")
    networks.clear()
    made = build([src], out, validate=False)
    assert made.page_made and len(networks) == 1
    html, tables = _page_from_scratch(out, tmp_path)
    assert (out / "graph.html").read_bytes() == html
    assert "Kyrgyzstan" in html.decode("utf-8")
    assert tables["top"] in (out / "report.md").read_text(encoding="utf-8")


def _graph_names(out: Path) -> list[str]:
    with Store(out) as st:
        return st.graphs()


def _turtle_dump(out: Path, tmp: Path) -> bytes:
    with Store(out) as st:
        return st.export(tmp / "dump.ttl", "turtle").read_bytes()


def test_rebuild_turtle_reuses_the_pieces_no_changed_triple_touches(tmp_path: Path):
    """The Turtle export (the union of the graphs) of a rebuild is byte for byte the whole export,
    whether the change touched shared triples or not; a change that stays in its own document's
    graph makes only the pieces of the graphs that hold a changed triple."""
    src = _corpus(tmp_path / "in", {"a": DOC_A, "b": DOC_B, "c": DOC_C})
    out = tmp_path / "out"
    first = build([src], out, page=False, validate=False)
    graphs = len(_graph_names(out)) + 1  # and the default graph
    assert first.turtle_graphs == graphs
    assert (out / "coopgraph.ttl").read_bytes() == _turtle_dump(out, tmp_path)

    (src / "a.txt").write_text(DOC_A + "\nThe weather was fine.\n", encoding="utf-8")
    quiet = build([src], out, page=False, validate=False)
    assert quiet.written == ["a"]
    assert 0 < quiet.turtle_graphs < graphs - 2  # b's and c's graphs (at least) were reused
    assert (out / "coopgraph.ttl").read_bytes() == _turtle_dump(out, tmp_path)

    (src / "c.txt").write_text(DOC_C.replace("Uzbekistan", "Kyrgyzstan"), encoding="utf-8")
    build([src], out, page=False, validate=False)
    assert (out / "coopgraph.ttl").read_bytes() == _turtle_dump(out, tmp_path)

    (out / "coopgraph.ttl").write_text("edited by hand\n", encoding="utf-8")
    (src / "b.txt").write_text(DOC_B + "\nThe weather was fine.\n", encoding="utf-8")
    edited = build([src], out, page=False, validate=False)
    assert edited.turtle_graphs == len(_graph_names(out)) + 1  # not the file indexed: made whole
    assert (out / "coopgraph.ttl").read_bytes() == _turtle_dump(out, tmp_path)
