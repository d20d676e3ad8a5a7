"""The sentence and document helpers the rules share (graph/nlp/rules/context.py)."""

from __future__ import annotations

from spacy_docs import mention, parse, view

from graph.nlp.rules.affiliations import first_mentions
from graph.nlp.rules.context import Context

DOC = """
Armenia Armenia PROPN nsubj 1
Cooperates cooperate VERB ROOT 1
with with ADP prep 1
Partners partner NOUN pobj 2
and and CCONJ cc 3
signed sign VERB conj 1
. . PUNCT punct 1

Kazakhstan Kazakhstan PROPN nsubj 2
did do AUX aux 2
not not PART neg 2
sign sign VERB ROOT 2
. . PUNCT punct 2
"""


def test_rules_context_triggers_match_lemma_or_form_in_sentence_order() -> None:
    v = view(parse(DOC), [])
    ctx = Context(v, 0, None, [])
    assert [t.text for t in ctx.triggers("cooperate")] == ["Cooperates", "Partners"]
    assert [t.i for t in ctx.triggers("sign")] == [5]
    assert ctx.triggers("visit") == [] and not ctx.has_trigger("visit")
    assert [t.i for t in Context(v, 1, None, []).triggers("sign")] == [10]


def test_rules_context_triggers_is_a_new_list_each_call() -> None:
    ctx = Context(view(parse(DOC), []), 0, None, [])
    ctx.triggers("cooperate").clear()
    assert len(ctx.triggers("cooperate")) == 2


def test_rules_context_sentence_lemmas_and_negation_are_per_sentence() -> None:
    v = view(parse(DOC), [])
    assert v.lemmas(0) == frozenset({"armenia", "cooperate", "with", "partner", "and", "sign", "."})
    assert v.lemmas(1) == frozenset({"kazakhstan", "do", "not", "sign", "."})
    assert (v.negated(0), v.negated(1)) == (False, True)
    assert v.lemmas(1) is v.lemmas(1)  # read once


def test_rules_context_first_mentions_by_the_sentence_they_start_in() -> None:
    doc = parse(DOC)
    armenia = mention(doc, 0, 1, "Country", "armenia")
    partners = mention(doc, 3, 4, "Company", "partners")
    kazakhstan = mention(doc, 7, 8, "Country", "kazakhstan")
    again = mention(doc, 10, 11, "Country", "armenia")  # a later mention of an entity named before
    v = view(doc, [again, kazakhstan, partners, armenia])
    assert v.first_mentions == {0: [armenia, partners], 1: [kazakhstan]}
    assert list(first_mentions(Context(v, 1, None, []))) == [kazakhstan]
