"""The Doc extensions and helpers of graph/nlp/extensions.py."""

from __future__ import annotations

import spacy

from graph.nlp.extensions import doc_text

NLP = spacy.blank("en")


def test_extensions_doc_text_is_the_docs_text_joined_once() -> None:
    doc = NLP("Armenia and  Kazakhstan signed.\n\nThe MoU covers 5G. ")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)  # cached on the document


def test_extensions_doc_text_survives_a_merge_of_tokens() -> None:
    doc = NLP("The Eurasian Economic Union met.")
    first = doc_text(doc)
    with doc.retokenize() as retok:
        retok.merge(doc[1:4])
    assert doc_text(doc) == doc.text == first
