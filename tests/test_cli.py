"""The coopgraph command line: exit codes, one-line errors, output formats, documented commands."""

from __future__ import annotations

import csv
import gc
import io
import json
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
    import re

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
