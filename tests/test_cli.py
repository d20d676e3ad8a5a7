"""The coopgraph command line: exit codes, one-line errors, output formats, documented commands."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from conftest import ROOT, SEEDS
from typer.testing import CliRunner

from graph.cli import app
from graph.nlp.rules import rule

MEMBERSHIP_QUERY = Path(__file__).with_name("queries") / "belarus_memberships.rq"
COUNTRIES = "SELECT DISTINCT ?c ?label WHERE { ?c a coop:Country ; rdfs:label ?label } ORDER BY ?label"
DOC_A = (
    "In July 2024, the Republic of Belarus joined the Shanghai Cooperation Organization and became "
    "its tenth full member.\n"
)

runner = CliRunner()


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "graph", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.fixture(autouse=True)
def _release_stores() -> Iterator[None]:
    """In-process commands leave RocksDB locks behind until garbage collection."""
    yield
    gc.collect()


@pytest.fixture(scope="module")
def seed_copy(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's seed build that these tests may rebuild."""
    out = tmp_path_factory.mktemp("cli") / "out"
    shutil.copytree(seed_out, out)
    return out


# ------------------------------------------------------------------ build
def test_cli_build_seeds_prints_where_the_outputs_are(seed_copy: Path) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(seed_copy), "--no-validate"])
    assert result.exit_code == 0, result.output
    squeezed = "".join(result.output.split())  # rich may wrap long paths
    for name in ("store", "coopgraph.trig", "coopgraph.ttl", "graph.html", "report.md"):
        assert str(seed_copy / name) in squeezed, name
    assert "2documents(0extracted,2unchanged,0skipped)" in squeezed


def test_cli_build_bad_file_exit_1_and_good_files_built(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(DOC_A, encoding="utf-8")
    (docs / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(docs), "--out", str(out), "--no-page", "--no-validate"])
    assert result.exit_code == 1, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1, result.output
    assert "broken.txt" in skipped[0] and "Fix:" in skipped[0]
    assert "Traceback" not in result.output
    q = runner.invoke(
        app, ["query", "SELECT ?id WHERE { ?d coop:documentId ?id }", "--out", str(out), "--format", "json"]
    )
    assert q.exit_code == 0, q.output
    assert [r["id"] for r in json.loads(q.stdout)] == ["good"]


# ------------------------------------------------------------------ query
def test_cli_query_string_table(seed_out: Path) -> None:
    result = runner.invoke(app, ["query", COUNTRIES, "--out", str(seed_out)])
    assert result.exit_code == 0, result.output
    assert "Belarus" in result.stdout and "China" in result.stdout


def test_cli_query_file_csv(seed_out: Path) -> None:
    result = runner.invoke(
        app, ["query", "--file", str(MEMBERSHIP_QUERY), "--out", str(seed_out), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and set(rows[0]) == {"org", "since", "sentence"}
    assert any(r["since"] == "2024-07" and "joined the SCO" in r["sentence"] for r in rows), rows


def test_cli_query_json_parses(seed_out: Path) -> None:
    result = runner.invoke(app, ["query", COUNTRIES, "--out", str(seed_out), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and all(set(r) == {"c", "label"} for r in rows)
    assert "https://w3id.org/coopgraph/id/country/BLR" in {r["c"] for r in rows}


def test_cli_query_missing_file(seed_out: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "--file", str(tmp_path / "nope.rq"), "--out", str(seed_out)])
    assert result.exit_code == 2
    assert "nope.rq" in result.output and "Fix:" in result.output


def test_cli_query_syntax_error_no_traceback(seed_out: Path) -> None:
    proc = _run("query", "SELECT ?x WHERE {", "--out", seed_out)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: [E007]")
    assert "Fix:" in proc.stderr


def test_cli_query_syntax_error_is_one_line(seed_out: Path) -> None:
    proc = _run("query", "SELECT ?x WHERE {", "--out", seed_out)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_cli_query_missing_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", COUNTRIES, "--out", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    msg = " ".join(result.output.split())
    assert "[E006]" in msg and "no coopgraph store" in msg and "Fix:" in msg
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ stats, help
def test_cli_stats(seed_out: Path) -> None:
    result = runner.invoke(app, ["stats", "--out", str(seed_out)])
    assert result.exit_code == 0, result.output
    for word in ("Country", "memberOf", "2 documents", "triples"):
        assert word in result.output, word


def test_cli_python_m_graph_help() -> None:
    proc = _run("--help")
    assert proc.returncode == 0, proc.stderr
    for command in ("build", "query", "stats"):
        assert command in proc.stdout


def _commands(app: typer.Typer) -> list[tuple[str, str]]:
    import typer.main

    group = typer.main.get_command(app)
    return [(name, cmd.help or "") for name, cmd in group.commands.items()]  # type: ignore[attr-defined]


def test_cli_every_command_has_an_example() -> None:
    undocumented = [name for name, doc in _commands(app) if "Example:" not in doc]
    assert len(_commands(app)) >= 4
    assert undocumented == [], f"commands without 'Example:' in their help: {undocumented}"


def test_cli_example_shows_in_help() -> None:
    result = runner.invoke(app, ["query", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_cli_query_releases_the_store(seed_out: Path) -> None:
    from graph.store import Store

    result = runner.invoke(app, ["query", COUNTRIES, "--out", str(seed_out), "--format", "json"])
    assert result.exit_code == 0, result.output
    with Store(seed_out) as st:  # no gc.collect() in between
        assert len(st) > 0


# ------------------------------------------------------------------ mistakes: a message, not a traceback
def _mistakes(seed_out: Path, tmp: Path) -> list[tuple[list[str], str]]:
    readme = tmp / "README.md"
    readme.write_text("# a file\n", encoding="utf-8")
    return [
        (["build", str(SEEDS), "--out", str(readme)], r"\[E040\] .*README.md: is a file, not a folder"),
        (["build", str(tmp / "no-such-folder"), "--out", str(tmp / "o")], r"\[E041\] no such file or folder"),
        (["analyze", "--out", str(seed_out), "--to", str(readme)], r"\[E044\] .*README.md: File exists"),
        (["query", "--out", str(seed_out), "--file", str(tmp)], r"\[E007\] .*is a folder, not a query file"),
        (["query", "--out", str(seed_out), "DROP ALL"], r"updates are not allowed on a read-only store"),
        (["serve", "--out", str(seed_out), "--port", "99999"], r"Invalid value for '--port'.*65535"),
        (["serve", "--out", str(seed_out), "--host", "999.1.1.1"], r"\[E009\] cannot listen on '999.1.1.1'"),
        (
            ["query", "--out", str(seed_out), "--format", "xml", "ASK {}"],
            r"'xml' is not one of 'table', 'csv',",
        ),
        (["export", "--out", str(seed_out), "--format", "xlsx"], r"'xlsx' is not one of 'turtle', 'trig'"),
        (["viz", "--out", str(seed_out), "--view", "map"], r"'map' is not one of 'actors', 'countries'"),
        (
            ["viz", "--out", str(seed_out), "--focus", "BLR", "--radius", "-1"],
            r"Invalid value for '--radius'",
        ),
        (["build", str(SEEDS), "--batch-size", "0"], r"Invalid value for '--batch-size'"),
        (["query", "--out", str(seed_out), "--timeout-s", "0", "ASK {}"], r"Invalid value for '--timeout-s'"),
        (["evaluate", str(readme)], r"\[E001\] .*README.md: is not a JSON gold file \(line 1\)"),
        (["evaluate", "--cv", "1"], r"Invalid value for '--cv'"),
        (["train", "--folds", "0"], r"Invalid value for '--folds'"),
    ]


def test_cli_mistakes_are_one_message_without_traceback(seed_out: Path, tmp_path: Path) -> None:
    for args, expect in _mistakes(seed_out, tmp_path):
        result = runner.invoke(app, args)
        text = " ".join(result.output.replace("│", " ").split())
        assert result.exit_code == 2, (args, result.output)
        assert re.search(expect, text), (args, text)
        assert "Traceback" not in result.output, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# a file\n"
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_cli_debug_shows_the_traceback(tmp_path: Path, where: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# a file\n", encoding="utf-8")
    args = ["build", str(SEEDS), "--out", str(readme)]
    args = ["--debug", *args] if where == "before" else [*args, "--debug"]
    plain = _run(*args[1:] if where == "before" else args[:-1])
    debug = _run(*args)
    assert plain.returncode == debug.returncode == 2
    assert "Traceback" not in plain.stderr and "[E040]" in plain.stderr
    assert "Traceback (most recent call last)" in debug.stderr and "OutputPathError" in debug.stderr
    assert "[E040]" in debug.stderr


def test_cli_an_unexpected_failure_is_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, seed_out: Path
) -> None:
    import graph.store

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("invented bug")

    monkeypatch.setattr(graph.store, "query_with_limit", broken)
    result = runner.invoke(app, ["query", "--out", str(seed_out), "ASK {}"])
    assert result.exit_code == 3
    assert "[E099] unexpected ZeroDivisionError: invented bug" in result.output
    assert "--debug" in result.output and "Traceback" not in result.output


def test_cli_query_update_and_time_limit(seed_out: Path) -> None:
    update = runner.invoke(app, ["query", "--out", str(seed_out), "INSERT DATA { <x:a> <x:b> <x:c> }"])
    assert update.exit_code == 2 and "updates are not allowed on a read-only store" in update.output
    slow = runner.invoke(
        app,
        [
            "query",
            "--out",
            str(seed_out),
            "--timeout-s",
            "1",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        ],
    )
    assert slow.exit_code == 2 and "[E042] the query was stopped after 1 s" in slow.output


# ------------------------------------------------------------------ build: removed documents, rules, --strict
def test_cli_build_reports_removed_documents(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_A, encoding="utf-8")
    (docs / "b.txt").write_text(DOC_A.replace("July 2024", "June 2023"), encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(docs), "--out", str(out), "--no-page", "--no-validate"]
    assert runner.invoke(app, args).exit_code == 0
    (docs / "b.txt").unlink()
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "removed 1 document no longer among the inputs: b" in again.output


@rule("test.cli_raises_on_tenth")
def _cli_raises_on_tenth(ctx):  # type: ignore[no-untyped-def]  # registered only by this test module
    if "tenth" in ctx.sent.text:
        raise ValueError("invented failure")
    return iter(())


def test_cli_build_failing_rule_one_line_then_strict_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.nlp.pipeline as pipeline

    real = pipeline.build_nlp
    rules = [*pipeline.load_config()["components"]["coop_relations"]["rules"], "test.cli_raises_on_tenth"]
    monkeypatch.setattr(
        pipeline,
        "build_nlp",
        lambda m=None, c=None, **o: real(m, c, **{**o, "components.coop_relations.rules": rules}),
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_A, encoding="utf-8")
    args = ["build", str(docs), "--out", str(tmp_path / "out"), "--no-page", "--no-validate"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("rule failed:")]
    assert len(lines) == 1, result.output
    assert "a: sentence 1" in lines[0] and "test.cli_raises_on_tenth" in lines[0]
    assert "ValueError: invented failure" in lines[0]
    fresh = ["build", str(docs), "--out", str(tmp_path / "strict"), "--no-page", "--no-validate"]
    strict = runner.invoke(app, [*fresh, "--strict"])
    assert strict.exit_code == 2, strict.output
    errors = [line for line in strict.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "[E030] rule test.cli_raises_on_tenth failed" in errors[0], strict.output
    assert "Traceback" not in strict.output


def test_cli_readme_lists_every_error_code_of_errors_py() -> None:
    """The README's "When things go wrong" table has a row for every code graph/errors.py defines,
    and no code that it does not define."""
    import graph.errors as errors

    def codes(cls: type) -> set[str]:
        return {cls.code, *(c for sub in cls.__subclasses__() for c in codes(sub))}  # type: ignore[attr-defined]

    defined = codes(errors.CoopgraphError) - {"E000"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## When things go wrong", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| (E\d{3}) \|", section, re.M))
    assert listed == defined, (sorted(defined - listed), sorted(listed - defined))
    assert "--debug" in section and "removed" in section


@pytest.mark.parametrize(
    ("value", "resolved"),
    [
        ("China", "China <https://w3id.org/coopgraph/id/country/CHN>"),
        ("belarus", "Belarus <https://w3id.org/coopgraph/id/country/BLR>"),
        ("BY", "Belarus <https://w3id.org/coopgraph/id/country/BLR>"),
        ("BLR", "Belarus <https://w3id.org/coopgraph/id/country/BLR>"),
        ("Republic of Belarus", "Belarus <https://w3id.org/coopgraph/id/country/BLR>"),
        ("SCO", "Shanghai Cooperation Organisation <https://w3id.org/coopgraph/id/org/SCO>"),
    ],
)
def test_cli_query_param_by_label_or_code(seed_out: Path, value: str, resolved: str) -> None:
    """--param actor=China: a label, alias, acronym or ISO code names the entity, and the command
    says which one it took."""
    proc = _run(
        "query", "--out", seed_out, "--name", "memberships", "--param", f"actor={value}", "--format", "json"
    )
    assert proc.returncode == 0, proc.stderr
    assert f"actor={value} resolved to {resolved}" in " ".join(proc.stderr.split())
    rows = json.loads(proc.stdout)
    iri = resolved.split("<")[1].rstrip(">")
    assert all(r["member"] == iri for r in rows)
    if value in ("belarus", "BY"):
        assert any(r["organisationLabel"] == "Shanghai Cooperation Organisation" for r in rows)


def test_cli_query_param_unknown_label(seed_out: Path) -> None:
    proc = _run("query", "--out", seed_out, "--name", "memberships", "--param", "actor=Narnia")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "E007" in proc.stderr and "names no entity" in proc.stderr and "Fix:" in proc.stderr


# ------------------------------------------------------------------ one name, one meaning
def test_cli_shared_options_have_one_name_and_meaning() -> None:
    """--out, --quiet, --timeout-s and --param mean the same in every command that has them;
    every command that reads a build folder takes --out and --quiet."""
    import typer.main

    from graph.commands.options import HELP

    group = typer.main.get_command(app)
    seen: dict[str, set[str]] = {}
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        for p in cmd.params:
            for opt in p.opts:
                if opt in HELP:
                    assert p.help == HELP[opt], (name, opt, p.help)
                    seen.setdefault(opt, set()).add(name)
                if opt == "--format":
                    assert p.opts[0] == "--format", (name, p.opts)
    readers = {"build", "query", "stats", "export", "analyze", "viz", "serve"}
    assert readers <= seen["--out"] and readers <= seen["--quiet"]
    assert {"query"} <= seen["--param"] and {"serve", "build"} <= seen["--timeout-s"]


def test_cli_build_timeout_s_gives_up_on_a_silent_endpoint(tmp_path: Path) -> None:
    """--timeout-s bounds each request to --endpoint: a server that accepts and never answers
    ends the build with a one-line error, not a hang."""
    import socket
    import time

    (tmp_path / "d.txt").write_text(DOC_A, encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        t0 = time.monotonic()
        proc = _run(
            "build", tmp_path / "d.txt", "--endpoint", f"http://127.0.0.1:{port}/update", "--timeout-s", "1"
        )
        took = time.monotonic() - t0
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "E004" in proc.stderr and "timed out" in proc.stderr
    assert took < 60


def test_cli_top_level_help_has_an_example() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example: coopgraph build seeds --out out" in result.output


def test_cli_quiet_prints_only_the_result(seed_out: Path) -> None:
    loud = _run(
        "query", "--out", seed_out, "--name", "memberships", "--param", "actor=Belarus", "--format", "csv"
    )
    quiet = _run(
        "query",
        "--out",
        seed_out,
        "--name",
        "memberships",
        "--param",
        "actor=Belarus",
        "--format",
        "csv",
        "--quiet",
    )
    assert loud.returncode == quiet.returncode == 0
    assert "resolved to Belarus" in loud.stderr and quiet.stderr.strip() == ""
    assert quiet.stdout == loud.stdout and "Shanghai Cooperation Organisation" in quiet.stdout


def test_cli_docs_error_codes_match_the_code() -> None:
    """docs/errors.md lists every error class with its code; every [Exxx] the docs cite exists."""
    import inspect

    from graph import errors

    codes = {
        cls.code: name
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.CoopgraphError) and cls is not errors.CoopgraphError
    }
    table = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `(E\d{3})` \| `(\w+)` \|", table, re.M))
    assert listed == codes
    for md in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for code in re.findall(r"\[(E\d{3})\]", md.read_text(encoding="utf-8")):
            assert code in codes, (md.name, code)
