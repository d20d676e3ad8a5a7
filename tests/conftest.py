"""Shared fixtures: the real pipeline builds the seed graph once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An out folder built from seeds/ by graph.builder.build (store, TriG, Turtle, page, report)."""
    from graph.builder import build

    out = tmp_path_factory.mktemp("seed-build")
    result = build([SEEDS], out)
    assert result.extracted == 2, result.errors
    return out


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The real coopgraph spaCy pipeline (en_core_web_sm + coopgraph components)."""
    from graph.nlp.pipeline import build_nlp

    return build_nlp()


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not available (../shared is beside the repository in CI)")
    return p


@pytest.fixture(scope="session")
def readme_query() -> str:
    """The README's first query, as printed there (no PREFIX lines)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r'coopgraph query --out out "\n(SELECT.*?\n})"', readme, re.DOTALL)
    assert m, "the README's example query moved"
    return m.group(1)
