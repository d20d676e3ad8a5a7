"""graph.builder: the real pipeline, end to end (seed build shared with the session fixture)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import SEEDS
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.builder import BuildResult, build
from graph.errors import NoInputError, OutputPathError, RuleError
from graph.nlp.rules import rule
from graph.rdf import iris
from graph.store import Store

SEED_IDS = ["000_a53898a7feb32203", "003_284019bfff08ab6b"]
BELARUS = "https://w3id.org/coopgraph/id/country/BLR"
MEMBERSHIP_QUERY = Path(__file__).with_name("queries") / "belarus_memberships.rq"

DOC_A = (
    "In July 2024, the Republic of Belarus joined the Shanghai Cooperation Organization and became "
    "its tenth full member.\n"
)
DOC_B = (
    "On August 22, 2024, the Ministry of Communications and Informatization of the Republic of Belarus "
    "and the Ministry of Industry and Information Technology of the People's Republic of China signed a "
    "memorandum of understanding on cooperation in the field of digital economy.\n"
)
DOC_B2 = (
    "Kazakhstan and Uzbekistan agreed to cooperate in the field of artificial intelligence and "
    "e-government, the ministries said in Astana on 3 March 2025.\n"
)


def _all_quads(out: Path) -> dict[str, set[str]]:
    """Every quad of a built store, as N-Quads strings grouped by named graph."""
    with Store(out) as st:
        graphs: dict[str, set[str]] = {}
        for q in st.oxigraph:
            graphs.setdefault(getattr(q.graph_name, "value", ""), set()).add(str(q))
        return graphs


def _graphs_as_rdflib(out: Path) -> dict[str, Graph]:
    with Store(out) as st:
        ds = Dataset()
        ds.parse(data=_dump(st), format="nquads")
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def _dump(st: Store) -> str:
    import pyoxigraph as ox

    return ox.serialize(st.oxigraph, format=ox.RdfFormat.N_QUADS).decode("utf-8")  # type: ignore[no-any-return]


def _explain(name: str, a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    lines = [f"graph {name} differs:"]
    lines += ["  only in first:  " + " ".join(t.n3() for t in tr) for tr in sorted(only_a)[:20]]
    lines += ["  only in second: " + " ".join(t.n3() for t in tr) for tr in sorted(only_b)[:20]]
    return "\n".join(lines)


def _corpus(folder: Path, **docs: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _small_build(paths: list[Path], out: Path) -> BuildResult:
    return build(paths, out, page=False, validate=False)


# ------------------------------------------------------------------ reproducibility
@pytest.fixture(scope="module")
def second_seed_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, BuildResult, dict, BuildResult, dict]:
    """The seeds built again into a fresh folder, then rebuilt in place (quads snapshotted after each)."""
    out = tmp_path_factory.mktemp("seed-build-2")
    first = build([SEEDS], out, page=False, validate=False)
    quads_first = _all_quads(out)
    again = build([SEEDS], out, page=False, validate=False)
    return out, first, quads_first, again, _all_quads(out)


def test_build_same_input_same_graph(seed_out: Path, second_seed_build: tuple) -> None:
    out2 = second_seed_build[0]
    a, b = _graphs_as_rdflib(seed_out), _graphs_as_rdflib(out2)
    assert sorted(a) == sorted(b)
    problems = [_explain(name, a[name], b[name]) for name in sorted(a) if not isomorphic(a[name], b[name])]
    assert not problems, "\n".join(problems)


def test_build_rebuild_is_idempotent(second_seed_build: tuple) -> None:
    _, first, quads_first, again, quads_again = second_seed_build
    assert (first.extracted, first.unchanged, first.errors) == (2, 0, [])
    assert (again.documents, again.extracted, again.unchanged, again.errors) == (2, 0, 2, [])
    assert again.facts == 0 and again.entities == 0
    assert quads_again == quads_first


# ------------------------------------------------------------------ incremental updates
def test_build_changed_document_replaces_only_its_graph(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs", a=DOC_A, b=DOC_B)
    out = tmp_path / "out"
    first = _small_build([corpus], out)
    assert (first.extracted, first.errors) == (2, [])
    before = _all_quads(out)
    ga, gb = str(iris.doc_graph("a")), str(iris.doc_graph("b"))
    assert ga in before and gb in before

    (corpus / "b.txt").write_text(DOC_B2, encoding="utf-8")
    notes: list[tuple[str, str]] = []
    second = build([corpus], out, page=False, validate=False, progress=lambda e, d: notes.append((e, d)))
    assert (second.documents, second.extracted, second.unchanged) == (2, 1, 1)
    assert ("doc", "b") in notes and ("skip", "a") in notes
    after = _all_quads(out)
    assert after[ga] == before[ga]  # byte-for-byte the same quads
    assert after[gb] != before[gb]
    text_b = "\n".join(after[gb])
    assert "Kazakhstan" in text_b and "Belarus" not in text_b  # the old facts of b are gone, not merged


def test_build_bad_file_among_good_ones(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs", a=DOC_A, b=DOC_B)
    out = tmp_path / "out"
    assert _small_build([corpus], out).extracted == 2
    before = _all_quads(out)

    # b becomes unreadable (a FIFO in its place), c is binary, d is new and good
    (corpus / "b.txt").unlink()
    os.mkfifo(corpus / "b.txt")
    (corpus / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (corpus / "d.txt").write_text(DOC_B2, encoding="utf-8")
    result = _small_build([corpus, tmp_path / "missing.md"], out)
    assert result.extracted == 1 and result.unchanged == 1
    assert len(result.errors) == 3, result.errors
    for name, err in zip(("b.txt", "c.txt", "missing.md"), result.errors, strict=True):
        assert name in err and "Fix:" in err and "\n" not in err
    after = _all_quads(out)
    gb, gd = str(iris.doc_graph("b")), str(iris.doc_graph("d"))
    assert after[gb] == before[gb]  # nothing already stored is lost
    assert gd in after
    with Store(out) as st:
        assert sorted(st.documents()) == ["a", "b", "d"]


# ------------------------------------------------------------------ outputs of the seed build
def test_build_trig_export_has_one_graph_per_document(seed_out: Path) -> None:
    trig = seed_out / "coopgraph.trig"
    assert not list(seed_out.glob(".*.tmp"))
    ds = Dataset()
    ds.parse(trig, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    expected = {str(iris.doc_graph(d)) for d in SEED_IDS}
    expected |= {str(iris.REFERENCE_GRAPH), str(iris.ONTOLOGY_GRAPH)}
    assert expected <= names, expected - names
    doc_graphs = {n for n in names if iris.doc_id_of_graph(n)}
    assert doc_graphs == {str(iris.doc_graph(d)) for d in SEED_IDS}
    stored = _all_quads(seed_out)
    # the derived graph is in the export exactly when the rules derived something (TriG has no empty graphs)
    derived = len(ds.graph(iris.DERIVED_GRAPH))
    assert derived == len(stored.get(str(iris.DERIVED_GRAPH), ()))
    assert len(list(ds.quads((None, None, None, None)))) == sum(map(len, stored.values()))


def test_build_turtle_export_parses(seed_out: Path) -> None:
    g = Graph().parse(seed_out / "coopgraph.ttl", format="turtle")
    assert (URIRef(BELARUS), None, None) in g
    assert len(g) > 1000


def test_build_html_page_is_self_contained(seed_out: Path) -> None:
    page = (seed_out / "graph.html").read_text(encoding="utf-8")
    assert "Belarus" in page
    tag = r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(https?://[^"'\s>]+)"""
    remote = re.findall(tag, page, re.I)
    assert remote == []


def test_build_report_counts_by_class(seed_out: Path) -> None:
    """Entities by domain class only: assertions and mentions are provenance, not entities."""
    report = (seed_out / "report.md").read_text(encoding="utf-8")
    assert "documents read: 2" in report
    assert "## Entities by class" in report
    table = report.split("## Entities by class")[1].split("##")[0]
    counts = dict(re.findall(r"^\| (\w+) +\| +(\d+) \|$", table, re.M))
    for cls in ("Country", "InternationalOrganization", "GovernmentBody", "Agreement"):
        assert int(counts.get(cls, 0)) >= 1, (cls, counts)
    assert not {"Assertion", "Mention", "SourceDocument", "ExtractionRun"} & set(counts), counts


# ------------------------------------------------------------------ the README query
def test_build_readme_query_belarus_memberships(seed_out: Path) -> None:
    with Store(seed_out) as st:
        rows = st.select(MEMBERSHIP_QUERY.read_text(encoding="utf-8"))
    sco = [r for r in rows if "Shanghai Cooperation" in r["org"] or r["org"] == "SCO"]
    assert sco, rows
    assert any(r["since"] == "2024-07" for r in sco), sco
    assert any("joined the SCO" in r["sentence"] for r in sco), sco


def test_build_seed_facts(seed_out: Path) -> None:
    """Facts the seeds state plainly: Karamay is in China, Belarus is a member of the SCO."""
    with Store(seed_out) as st:
        karamay = st.select(
            "SELECT ?k WHERE { ?k rdfs:label ?l ; coop:locatedIn country:CHN . "
            'FILTER(CONTAINS(?l, "Karamay")) }'
        )
        member = st.select(
            "SELECT ?o WHERE { country:BLR coop:memberOf ?o . ?o rdfs:label ?l . "
            'FILTER(CONTAINS(?l, "Shanghai")) }'
        )
    assert karamay, "Karamay locatedIn China is missing"
    assert member, "Belarus memberOf the SCO is missing"


# ------------------------------------------------------------------ a rule that fails on a sentence
@rule("test.raises_on_tenth")
def _raises_on_tenth(ctx):  # type: ignore[no-untyped-def]  # registered only by this test module
    if "tenth" in ctx.sent.text:
        raise RuntimeError("invented failure\nsecond line")
    return iter(())


def _faulty_overrides(overrides: dict) -> dict:
    from graph.nlp.pipeline import load_config

    rules = [*load_config()["components"]["coop_relations"]["rules"], "test.raises_on_tenth"]
    return {**overrides, "components.coop_relations.rules": rules}


@pytest.fixture
def faulty_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pipeline the build makes also runs the failing rule (the build's own overrides kept)."""
    import graph.nlp.pipeline as pipeline

    real = pipeline.build_nlp
    monkeypatch.setattr(pipeline, "build_nlp", lambda m=None, c=None, **o: real(m, c, **_faulty_overrides(o)))


def test_build_a_failing_rule_costs_its_sentence_and_is_reported(
    tmp_path: Path, faulty_pipeline: None
) -> None:
    corpus = _corpus(tmp_path / "docs", a=DOC_A, b=DOC_B)
    notes: list[tuple[str, str]] = []
    result = build([corpus], tmp_path / "out", validate=False, progress=lambda e, d: notes.append((e, d)))
    assert result.extracted == 2 and result.errors == []
    [skipped] = result.skipped_sentences
    assert (skipped.doc_id, skipped.sent_index, skipped.sent_start, skipped.rule) == (
        "a",
        0,
        0,
        "test.raises_on_tenth",
    )
    assert skipped.error == "RuntimeError: invented failure"
    [(_, line)] = [n for n in notes if n[0] == "rule"]
    assert "\n" not in line and line.startswith("a: sentence 1 (at character 0)") and "Fix:" in line
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "sentences on which a rule failed: 1" in report
    assert "rule test.raises_on_tenth failed (RuntimeError: invented failure)" in report
    with Store(tmp_path / "out") as st:  # the other document and the other rules' facts are all there
        assert sorted(st.documents()) == ["a", "b"]
        assert st.query("ASK { country:BLR coop:memberOf ?o }").askAnswer


def test_build_strict_stops_on_a_failing_rule(tmp_path: Path, faulty_pipeline: None) -> None:
    corpus = _corpus(tmp_path / "docs", a=DOC_A)
    with pytest.raises(RuleError, match=r"E030.*test.raises_on_tenth.* of a .*tenth full member"):
        build([corpus], tmp_path / "out", page=False, validate=False, strict=True)


# ------------------------------------------------------------------ the store matches its inputs
def test_build_removal_and_edit_leave_exactly_the_facts_of_the_current_files(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs", a=DOC_A, b=DOC_B, c=DOC_B2)
    out = tmp_path / "out"
    assert _small_build([corpus], out).extracted == 3
    (corpus / "c.txt").unlink()
    (corpus / "b.txt").write_text(DOC_B2, encoding="utf-8")
    notes: list[tuple[str, str]] = []
    again = build([corpus], out, page=False, validate=False, progress=lambda e, d: notes.append((e, d)))
    assert again.removed == ["c"] and ("removed", "c") in notes
    assert (again.extracted, again.unchanged) == (1, 1)

    clean = tmp_path / "clean"
    _small_build([corpus], clean)  # the same files, built from nothing
    a, b = _graphs_as_rdflib(out), _graphs_as_rdflib(clean)
    assert sorted(a) == sorted(b)
    problems = [_explain(name, a[name], b[name]) for name in sorted(a) if not isomorphic(a[name], b[name])]
    assert not problems, "\n".join(problems)
    with Store(out) as st:
        assert sorted(st.documents()) == ["a", "b"]


def test_build_missing_input_path_leaves_the_store_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _small_build([_corpus(tmp_path / "docs", a=DOC_A)], out)
    before = _all_quads(out)
    with pytest.raises(NoInputError, match=r"E041.*no-such-folder.*store was not touched.*Fix:"):
        _small_build([tmp_path / "no-such-folder"], out)
    assert _all_quads(out) == before
    fresh = tmp_path / "fresh"
    with pytest.raises(NoInputError):
        _small_build([tmp_path / "no-such-folder"], fresh)
    assert not fresh.exists()  # no empty store, no exports


def test_build_output_folder_that_is_a_file_is_refused_before_anything_runs(tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    out.write_text("a file", encoding="utf-8")
    with pytest.raises(OutputPathError, match=r"E040.*README.md: is a file, not a folder.*Fix:"):
        _small_build([_corpus(tmp_path / "docs", a=DOC_A)], out)
    assert out.read_text(encoding="utf-8") == "a file"


# ------------------------------------------------------------------ kill -9 in the middle of a build
KILLER = """
import os, signal, sys
from pathlib import Path
import graph.store
from graph.builder import build

corpus, out, moment = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
docs = 0

def progress(event, detail):
    global docs
    if event == "doc":
        docs += 1
        if moment == f"after-doc-{docs}":
            os.kill(os.getpid(), signal.SIGKILL)

if moment == "in-export":  # half a TriG file written, then killed
    import graph.incremental

    def export(self, path, *rest):
        Path(path).with_name(".coopgraph.tmp.trig").write_text("<half")
        os.kill(os.getpid(), signal.SIGKILL)
    # the build writes its exports from per-graph pieces (graph.incremental), Store.export the rest
    graph.store.Store.export = export
    graph.incremental.write_trig = export
    graph.incremental.write_turtle = export
build([corpus], out, progress=progress, page=False, validate=False)
"""


@pytest.mark.slow
def test_build_killed_at_any_moment_resumes_to_the_facts_of_a_clean_build(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    corpus = _corpus(tmp_path / "docs", a=DOC_A, b=DOC_B, c=DOC_B2)
    out = tmp_path / "out"
    for moment in ("after-doc-2", "in-export"):
        run = subprocess.run(
            [sys.executable, "-c", KILLER, str(corpus), str(out), moment], cwd=ROOT, timeout=600
        )
        assert run.returncode == -9, moment  # it really died there
        with Store(out) as st:  # consistent: it opens, and every stored document is whole
            stored = st.documents()
            assert set(stored) <= {"a", "b", "c"}
    resumed = _small_build([corpus], out)
    assert resumed.errors == [] and resumed.extracted + resumed.unchanged == 3
    clean = tmp_path / "clean"
    _small_build([corpus], clean)
    a, b = _graphs_as_rdflib(out), _graphs_as_rdflib(clean)
    assert sorted(a) == sorted(b)
    problems = [_explain(name, a[name], b[name]) for name in sorted(a) if not isomorphic(a[name], b[name])]
    assert not problems, "\n".join(problems)
