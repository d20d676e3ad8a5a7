"""The cached attribute ruler and lemmatizer (graph/nlp/cached.py) give what spaCy's stock ones
give, token by token, on invented sentences (bench/check_token_attrs.py does it on the corpus)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from graph.nlp.cached import CachedAttributeRuler, CachedLemmatizer

ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]

# a TAG pattern on nearly every token; LOWER+TAG exceptions ("don't", "'s" as a verb and as a
# possessive, "I'm"); multi-token LOWER patterns ("gon na", "Let's"); whitespace tokens; a
# prefixed verb whose lemma the ruler sets ("co-chaired" -> "co-chair"); one form as a verb and
# as a noun ("meeting": the lemma depends on more than the text)
TEXT = (
    "The Ruritanian minister co-chaired the forum in Zenda.\n\n"
    "They are meeting at the meeting hall. "
    "We don't sign it, but it's the council's plan and I'm sure they're gon na agree.  "
    "Let's see what the delegates co-hosted  on Tuesday!\n"
)


def _parsed(nlp: Any, text: str) -> Doc:
    """The text up to the attribute ruler: tagged and parsed by the base model."""
    doc = nlp.make_doc(text)
    for name in nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]:
        doc = nlp.get_pipe(name)(doc)
    return doc


def _components(nlp: Any, ruler_cls: type = CachedAttributeRuler) -> tuple[Any, Any, Any, Any]:
    """Fresh stock and cached components with the pipeline's patterns and tables (the session's
    pipeline is left as it is)."""
    patterns = nlp.get_pipe("attribute_ruler").patterns
    lookups = nlp.get_pipe("lemmatizer").lookups
    stock_ruler, cached_ruler = AttributeRuler(nlp.vocab), ruler_cls(nlp.vocab)
    stock_ruler.add_patterns(patterns)
    cached_ruler.add_patterns(patterns)
    stock_lemmatizer = EnglishLemmatizer(nlp.vocab, None, mode="rule")
    cached_lemmatizer = CachedLemmatizer(nlp.vocab, None, mode="rule")
    stock_lemmatizer.lookups = cached_lemmatizer.lookups = lookups
    return stock_ruler, stock_lemmatizer, cached_ruler, cached_lemmatizer


def _both(nlp: Any, text: str, parts: tuple[Any, Any, Any, Any]) -> tuple[Doc, Doc]:
    stock_ruler, stock_lemmatizer, cached_ruler, cached_lemmatizer = parts
    doc = _parsed(nlp, text)
    return stock_lemmatizer(stock_ruler(doc.copy())), cached_lemmatizer(cached_ruler(doc.copy()))


def _same(a: Doc, b: Doc) -> bool:
    return bool(np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)))


def test_cached_components_give_the_stock_tags_pos_morph_and_lemmas(nlp: Any) -> None:
    stock, cached = _both(nlp, TEXT, _components(nlp))
    assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in cached] == [
        (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in stock
    ]
    assert _same(stock, cached)
    by_text = {t.text: t for t in cached}
    assert by_text["co-chaired"].lemma_ == "co-chair" and by_text["co-hosted"].lemma_ == "co-host"
    assert (by_text["n't"].lemma_, by_text["n't"].pos_) == ("not", "PART")
    assert (by_text["I"].lemma_, by_text["'m"].lemma_, by_text["'re"].lemma_) == ("I", "be", "be")
    verb, possessive = [t for t in cached if t.text == "'s"][:2]
    assert (verb.lemma_, verb.pos_, possessive.pos_) == ("be", "AUX", "PART")
    assert [t.lemma_ for t in cached if t.text in ("gon", "na")] == ["go", "to"]
    assert [t.lemma_ for t in cached if t.text == "'s"][-1] == "us"  # "Let's": the second token
    assert [t.lemma_ for t in cached if t.text == "meeting"] == ["meet", "meeting"]
    spaces = [t for t in cached if t.is_space]
    assert len(spaces) >= 2 and all(t.pos_ == "SPACE" for t in spaces)


def test_cached_components_the_same_doc_twice_is_answered_from_the_cache(nlp: Any) -> None:
    parts = _components(nlp)
    stock, first = _both(nlp, TEXT, parts)
    keys, lemmas = len(parts[2]._rules), len(parts[3]._lemmas)
    assert keys and lemmas
    _, second = _both(nlp, TEXT, parts)
    assert (len(parts[2]._rules), len(parts[3]._lemmas)) == (keys, lemmas)  # nothing new computed
    assert _same(stock, second) and _same(first, second)


def test_cached_components_a_pattern_added_after_a_doc_takes_effect(nlp: Any) -> None:
    parts = _components(nlp)
    stock_ruler, _, cached_ruler, _ = parts
    before, _ = _both(nlp, TEXT, parts)
    # later rules win: the new rule overrides the TAG pattern's POS and the lemma of "forum"
    for ruler in (stock_ruler, cached_ruler):
        ruler.add([[{"LOWER": "forum"}]], {"LEMMA": "assembly", "POS": "PROPN"})
    stock, cached = _both(nlp, TEXT, parts)
    assert _same(stock, cached)
    forum = next(t for t in cached if t.text == "forum")
    assert (forum.lemma_, forum.pos_) == ("assembly", "PROPN")
    assert next(t for t in before if t.text == "forum").pos_ == "NOUN"


def test_cached_components_later_rules_win_as_in_the_stock_ruler(nlp: Any) -> None:
    """The sentences above depend on the rules' precedence: merging them in reverse order (the
    first rule winning) would change their result, so the tests above would catch it."""

    class FirstWins(CachedAttributeRuler):
        def _merge(self, ids: tuple[int, ...]) -> dict[int, int]:
            return super()._merge(tuple(reversed(ids)))

    stock, wrong = _both(nlp, TEXT, _components(nlp, FirstWins))
    assert not _same(stock, wrong)


@pytest.mark.parametrize("overwrite", [False, True])
def test_cached_lemmatizer_overwrites_only_when_told(nlp: Any, overwrite: bool) -> None:
    """Stock: a lemma the ruler set ("co-chair") stays unless overwrite."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    stock = EnglishLemmatizer(nlp.vocab, None, mode="rule", overwrite=overwrite)
    cached = CachedLemmatizer(nlp.vocab, None, mode="rule", overwrite=overwrite)
    stock.lookups = cached.lookups = lookups
    doc = nlp.get_pipe("attribute_ruler")(_parsed(nlp, TEXT))
    a, b = stock(doc.copy()), cached(doc.copy())
    assert _same(a, b)
    chaired = next(t for t in b if t.text == "co-chaired")
    assert chaired.lemma_ == ("co-chaire" if overwrite else "co-chair")


def _synthetic(patterns: list[dict[str, Any]], only: type | None = None) -> tuple[Doc, Doc]:
    """Stock and cached rulers with ``patterns`` on an invented tagged doc (no model needed);
    ``only``: just that one (the other is returned unchanged)."""
    from spacy.lang.en import English

    vocab = English().vocab
    words = ["We", "do", "n't", "sign", "the", "pact", "in", "Zenda", "\n", "today", "!"]
    tags = ["PRP", "VBP", "RB", "VB", "DT", "NN", "IN", "NNP", "_SP", "NN", "."]
    deps = ["nsubj", "aux", "neg", "ROOT", "det", "dobj", "prep", "pobj", "dep", "npadvmod", "punct"]
    heads = [3, 3, 3, 3, 5, 3, 3, 6, 7, 3, 3]
    doc = Doc(vocab, words=words, tags=tags, deps=deps, heads=heads)
    stock, cached = AttributeRuler(vocab), CachedAttributeRuler(vocab)
    stock.add_patterns(patterns)
    cached.add_patterns(patterns)
    return (
        stock(doc.copy()) if only in (None, AttributeRuler) else doc,
        cached(doc.copy()) if only in (None, CachedAttributeRuler) else doc,
    )


def test_cached_ruler_patterns_it_cannot_key_go_through_the_matcher() -> None:
    """Operators, REGEX, negative indices and multi-token patterns, next to keyed ones that set the
    same attributes (later wins); a rule setting NORM sends the doc down the stock path."""
    patterns = [
        {"patterns": [[{"TAG": {"IN": ["NN", "NNP"]}}]], "attrs": {"POS": "NOUN", "LEMMA": "n"}},
        {"patterns": [[{"LOWER": {"REGEX": "^pa"}}]], "attrs": {"LEMMA": "regex"}},
        {"patterns": [[{"TAG": "DT"}, {"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "X"}, "index": -1},
        {
            "patterns": [[{"DEP": {"NOT_IN": ["ROOT", "punct"]}, "IS_SPACE": False}]],
            "attrs": {"MORPH": "A=B"},
        },
        {"patterns": [[{"ORTH": "Zenda"}]], "attrs": {"TAG": "NNPS", "DEP": "npadvmod"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "LEMMA": "sp"}},
        {"patterns": [[{"TEXT": "today", "OP": "?"}]], "attrs": {"LEMMA": "day"}},
    ]
    stock, cached = _synthetic(patterns)
    assert _same(stock, cached)
    assert [t.pos_ for t in cached][4:8] == ["", "X", "", "NOUN"]
    assert [t.lemma_ for t in cached][5:10] == ["regex", "", "n", "sp", "day"]
    stock, cached = _synthetic([*patterns, {"patterns": [[{"LOWER": "pact"}]], "attrs": {"NORM": "treaty"}}])
    assert _same(stock, cached) and cached[5].norm_ == "treaty"
    bad = [{"patterns": [[{"LOWER": "pact"}]], "attrs": {"LEMMA": "x"}, "index": 2}]
    for ruler in (AttributeRuler, CachedAttributeRuler):  # an index outside the match: both refuse
        with pytest.raises(ValueError, match="E1001"):
            _synthetic(bad, ruler)
