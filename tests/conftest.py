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
    """The real coopgraph spaCy pipeline (en_core_web_sm + coopgraph components) with the rules
    deciding alone: tests of what a rule states must not move when the trained decision is
    retrained (the decision is tested in tests/nlp/components/test_components_relations.py and
    measured by ``coopgraph evaluate --cv``)."""
    from graph.nlp.pipeline import build_nlp

    return build_nlp(None, None, **{"components.coop_relations.model": ""})


@pytest.fixture(scope="session")
def decided_nlp():  # type: ignore[no-untyped-def]
    """The shipped pipeline: the rules propose, the trained decision states."""
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
