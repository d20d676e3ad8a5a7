"""The relations component: runs the configured rules, skips a rule that raises on a sentence."""

from __future__ import annotations

import pytest
from spacy_docs import NLP, mention, parse

from graph.errors import RuleError
from graph.nlp.components.relations import RelationExtractor
from graph.nlp.rules import rule

TWO_SENTENCES = """
Peru Peru PROPN nsubj 1
cooperates cooperate VERB ROOT 1
with with ADP prep 1
Chile Chile PROPN pobj 2
. . PUNCT punct 1

Boom boom PROPN ROOT 0
. . PUNCT punct 0
"""


@rule("test.raises_on_boom")
def _raises_on_boom(ctx):  # registered only by this test module
    if any(t.text == "Boom" for t in ctx.sent):
        raise ValueError("boom\nsecond line")
    return iter(())


def _doc():
    doc = parse(TWO_SENTENCES)
    doc._.coop_mentions = [mention(doc, 0, 1, "Country", "PER"), mention(doc, 3, 4, "Country", "CHL")]
    doc._.coop_entities = {}
    doc._.coop_doc_id = "invented-1"
    return doc


def test_components_relations_a_raising_rule_is_skipped_and_reported():
    comp = RelationExtractor(NLP, "rel", ["cooperation.cooperation", "test.raises_on_boom"])
    doc = comp(_doc())
    assert {(c.s, c.p, c.o) for c in doc._.coop_facts} & {
        ("PER", "cooperatesWith", "CHL"),
        ("CHL", "cooperatesWith", "PER"),
    }
    [skip] = doc._.coop_skipped
    assert (skip.rule, skip.sent_index, skip.sentence) == ("test.raises_on_boom", 1, "Boom .")
    assert skip.error == "ValueError: boom"


def test_components_relations_strict_turns_a_raising_rule_into_an_error():
    comp = RelationExtractor(NLP, "rel", ["test.raises_on_boom"], strict=True)
    with pytest.raises(RuleError, match=r"E030.*test.raises_on_boom.*invented-1.*Boom"):
        comp(_doc())


def test_components_relations_without_a_model_widening_rules_do_not_run():
    comp = RelationExtractor(NLP, "rel", ["pairs.cooccurrence", "cooperation.cooperation"])
    assert [n for n, _ in comp.rules] == ["cooperation.cooperation"]
    doc = comp(_doc())
    assert all(c.rule != "cooccurrence" for c in doc._.coop_facts)


def test_components_relations_collect_scores_every_distinct_candidate():
    comp = RelationExtractor(NLP, "rel", ["pairs.cooccurrence", "cooperation.cooperation"], collect=True)
    doc = comp(_doc())
    keys = [g.key for g in doc._.coop_candidates]
    assert len(keys) == len(set(keys))
    kept = {g.key for g in doc._.coop_candidates if g.kept is not None}
    assert kept == {("CHL", "cooperatesWith", "PER")}  # what the specific rule proposed
    assert any(g.rules == ("cooccurrence",) for g in doc._.coop_candidates)
