"""coop_paragraphs: a blank line between paragraphs ends a sentence, whatever the parser thinks."""

from __future__ import annotations

from typing import Any

from spacy_docs import labelled, real_view

HEADLINE = "Kenya and Ghana to develop cooperation in IT"
BODY = (
    "The Ministry of ICT of Kenya and the Ministry of Communications of Ghana signed a roadmap on "
    "cooperation in artificial intelligence."
)


def test_components_paragraphs_a_headline_without_a_stop_is_its_own_sentence(nlp: Any) -> None:
    v = real_view(nlp, f"{HEADLINE}\n\n{BODY}", "2025-05-04")
    assert [s.text.strip() for s in v.sents][:2] == [HEADLINE, BODY]


def test_components_paragraphs_the_headlines_states_do_not_sign_the_next_paragraphs_document(
    nlp: Any,
) -> None:
    got = labelled(nlp, "agreements.signing", f"{HEADLINE}\n\n{BODY}", "signatory")
    assert {o for _s, _p, o in got} == {"Ministry of ICT of Kenya", "Ministry of Communications of Ghana"}


def test_components_paragraphs_a_single_line_break_sets_no_boundary(nlp: Any) -> None:
    """Only a blank line is a paragraph break: the parser keeps deciding everywhere else."""
    doc = nlp.make_doc("Kenya and Ghana signed\na roadmap.")
    doc = nlp.get_pipe("coop_paragraphs")(doc)
    assert all(t.is_sent_start in (None, False) for t in doc[1:])
