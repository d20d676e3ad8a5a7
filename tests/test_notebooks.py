"""The analyst notebooks: stored clean, generated from notebooks/make_notebooks.py, and each runs
top to bottom in a fresh ``python3`` kernel (nbclient) with its ``parameters`` cell replaced."""

from __future__ import annotations

import ast
import importlib.util
import re
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest
from conftest import ROOT, shared_path
from nbclient import NotebookClient

NOTEBOOKS = ROOT / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
EXPECTED = [
    "01-build-and-query.ipynb",
    "02-cooperation-network.ipynb",
    "03-visual-exploration.ipynb",
    "04-quality.ipynb",
]


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The first code cell, which must be tagged ``parameters``."""
    cell = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in cell.metadata.get("tags", []), "the first code cell is not tagged 'parameters'"
    return cell


def inject(nb: nbformat.NotebookNode, **values: Any) -> None:
    """Replace the parameters cell's source, setting each of ``values`` (which must be declared there)."""
    cell = parameters_cell(nb)
    declared = {
        t.id: node.lineno
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    unknown = sorted(set(values) - set(declared))
    assert not unknown, f"not parameters of the notebook: {unknown}"
    lines = cell.source.splitlines()
    for name, value in values.items():
        lines[declared[name] - 1] = f"{name} = {value!r}  # injected by tests/test_notebooks.py"
    cell.source = "\n".join(lines)


def run(name: str, timeout: int = 120, **values: Any) -> tuple[nbformat.NotebookNode, float]:
    """Execute notebook ``name`` in its folder with the given parameters; fails on any cell error.

    ``timeout`` is per cell (seconds).
    """
    nb = read(name)
    inject(nb, **values)
    client = NotebookClient(
        nb, kernel_name="python3", timeout=timeout, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    t0 = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - t0


def outputs(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def text(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook printed or displayed as plain text."""
    parts = []
    for o in outputs(nb):
        if o["output_type"] == "stream":
            parts.append(o["text"])
        elif "data" in o:
            parts.append(o["data"].get("text/plain", ""))
    return "\n".join(parts)


def count(nb: nbformat.NotebookNode, mime: str, contains: str = "") -> int:
    return sum(1 for o in outputs(nb) if contains in o.get("data", {}).get(mime, "\0"))


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_notebooks", NOTEBOOKS / "make_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ stored form
def test_notebooks_all_present() -> None:
    assert NAMES == EXPECTED


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_stored_without_outputs(name: str) -> None:
    nb = read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown", "a notebook opens by saying what it does"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    params = parameters_cell(nb)
    assert "OUT = " in params.source


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_match_their_generator(name: str) -> None:
    made = generator().make(generator().NOTEBOOKS[name])
    assert nbformat.writes(made) == nbformat.writes(read(name)), (
        f"{name} differs from notebooks/make_notebooks.py: run `python notebooks/make_notebooks.py`"
    )


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_use_only_the_public_api(name: str) -> None:
    source = "\n".join(c.source for c in read(name).cells if c.cell_type == "code")
    allowed = {"graph", "graph.analytics", "graph.viz", "graph.evaluate", "graph.querylib", "graph.errors"}
    modules = {"graph", "analytics", "viz", "evaluate", "querylib"}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("graph"):
            assert node.module in allowed, node.module
            assert not any(a.name.startswith("_") for a in node.names)
        if isinstance(node, ast.Import):
            assert all(a.name in allowed or not a.name.startswith("graph") for a in node.names)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            assert not node.attr.startswith("_"), f"{node.value.id}.{node.attr} is private"


def test_inject_rejects_unknown_parameters() -> None:
    nb = read(NAMES[0])
    inject(nb, OUT="/x")
    assert "OUT = '/x'" in parameters_cell(nb).source
    with pytest.raises(AssertionError, match="NOPE"):
        inject(nb, NOPE=1)


# ------------------------------------------------------------------ execution on the seeds
def test_notebook_01_build_and_query(tmp_path: Path) -> None:
    nb, _ = run("01-build-and-query.ipynb", OUT=str(tmp_path / "out"))
    out = text(nb)
    # The seeds state that Belarus is a member of the SCO since July 2024.
    assert "Shanghai Cooperation Organisation" in out and "2024-07" in out
    assert "the offsets point at the evidence sentence: True" in out
    assert (tmp_path / "out" / "store").is_dir()


def test_notebook_02_cooperation_network(tmp_path: Path) -> None:
    nb, _ = run("02-cooperation-network.ipynb", OUT=str(tmp_path / "out"))
    out = text(nb)
    assert count(nb, "image/png") >= 5, "the charts were not drawn"
    assert "Belarus" in out and "China" in out
    assert "betweenness" in out and "pagerank" in out
    # partners on the country network: the ministries' memorandum counts for Belarus and China
    m = re.search(r"BLR: (\d+) partners", out)
    assert m and int(m.group(1)) >= 2 and "by jurisdiction" in out


def test_notebook_03_visual_exploration(tmp_path: Path) -> None:
    out = tmp_path / "out"
    nb, _ = run("03-visual-exploration.ipynb", OUT=str(out))
    assert count(nb, "text/html", "<iframe srcdoc=") == 4
    for page in ("network", "ego-1", "filtered", "countries"):
        html = (out / f"{page}.html").read_text(encoding="utf-8")
        assert "new vis.DataSet" in html  # vis-network is inlined, not loaded
        assert 'src="http' not in html
    assert "Belarus and its partners" in (out / "ego-1.html").read_text(encoding="utf-8")


def test_notebook_03_filter_matching_nothing_says_so(tmp_path: Path) -> None:
    nb, _ = run("03-visual-exploration.ipynb", OUT=str(tmp_path / "out"), AREA="No such area", YEAR=1900)
    assert "no fact matches No such area · 1900" in text(nb)
    assert not (tmp_path / "out" / "filtered.html").exists()


def test_notebook_04_quality_on_seed_gold(tmp_path: Path) -> None:
    gold = shared_path("eval", "dev-gold.json")
    nb, _ = run("04-quality.ipynb", OUT=str(tmp_path / "out"), GOLD=str(gold))
    out = text(nb)
    assert "2 gold documents" in out
    assert "entity P/R/F1" in out
    assert count(nb, "image/png") >= 1


def test_notebook_04_quality_without_gold_skips(tmp_path: Path) -> None:
    nb, _ = run("04-quality.ipynb", OUT=str(tmp_path / "out"), GOLD=str(tmp_path / "no-gold-here"))
    out = text(nb)
    assert "nothing to evaluate" in out
    assert "0 gold documents" in out
    assert "no false positive to inspect" in out


# ------------------------------------------------------------------ the whole corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", ["01-build-and-query.ipynb", "02-cooperation-network.ipynb"])
def test_notebook_on_corpus(name: str, tmp_path: Path) -> None:
    corpus = shared_path("corpus", "documents.jsonl")
    documents = sum(1 for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip())
    nb, seconds = run(name, CORPUS=str(corpus), OUT=str(tmp_path / "out"), timeout=300)
    out = text(nb)
    if name.startswith("01"):
        assert re.search(rf"documents\s+{documents}(\.0)?\n", out), "the build summary lacks the corpus"
        # the notebook validates the corpus against the shapes: the time is spent to check this
        assert re.search(r"shape violations\s+0(\.0)?\n", out), "the corpus does not conform"
    else:
        assert re.search(r"\d{3,} actors, \d{3,} facts between them", out)
        assert count(nb, "image/png") >= 5
    assert seconds < 600, f"{name} took {seconds:.0f} s on the corpus"
