"""Relation rules: one module per relation family, each rule a function ``rule(ctx)`` that yields
:class:`~graph.nlp.types.Candidate` records for one sentence.

Rules are registered in spaCy's registry under ``coop_rules`` as ``<family>.<name>`` (like
spaCy's own registered functions, with a version where the behaviour is meant to stay put); the
relations component runs those its config lists, in that order. A test or a plugin registers its
own rule the same way::

    from graph.nlp.rules import rule

    @rule("mine.my_rule")
    def my_rule(ctx): ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from spacy.util import registry

if TYPE_CHECKING:
    from graph.nlp.rules.context import Context
    from graph.nlp.types import Candidate

Rule = Callable[["Context"], Iterator["Candidate"]]

if not hasattr(registry, "coop_rules"):
    registry.create("coop_rules", entry_points=True)
RULES = registry.coop_rules  # type: ignore[attr-defined]

FAMILIES = (
    "dates",
    "affiliations",
    "agreements",
    "events",
    "meetings",
    "memberships",
    "cooperation",
    "geography",
)


def rule(name: str, widening: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule as ``<family>.<name>``. A ``widening`` rule only proposes candidates for the
    learned decision (prior 0); a pipeline without a trained model does not run it."""

    def register(fn: Rule) -> Rule:
        fn.widening = widening  # type: ignore[attr-defined]
        RULES.register(name, func=fn)
        return fn

    return register


def get_rule(name: str) -> Rule:
    import_all()
    fn: Rule = RULES.get(name)
    return fn


def import_all() -> None:
    """Import the rule modules of the package, which registers their rules."""
    from graph.nlp.rules import (  # noqa: F401
        affiliations,
        agreements,
        cooperation,
        dates,
        events,
        geography,
        meetings,
        memberships,
        pairs,
    )
