"""Affiliation rules on the real model's parse of invented sentences (each rule called alone)."""

from __future__ import annotations

from typing import Any

from spacy_docs import real_view, run, triples

USA = "https://w3id.org/coopgraph/id/country/USA"


def _all(nlp: Any, name: str, text: str) -> set[tuple[str, str, str]]:
    v = real_view(nlp, text, "2025-05-04")
    return {t for si in range(len(v.sents)) for t in triples(run(name, v, si))}


def test_rules_affiliations_a_stateless_head_of_state_title_is_a_candidate_for_the_documents_state(
    nlp: Any,
) -> None:
    text = (
        "The United States and Mexico held talks. President Alvarez said the United States welcomes the plan."
    )
    assert _all(nlp, "affiliations.home_state", text) == {("person/alvarez", "affiliatedWith", USA)}


def test_rules_affiliations_no_home_state_candidate_without_a_state_the_document_is_about(nlp: Any) -> None:
    assert _all(nlp, "affiliations.home_state", "President Alvarez welcomed the plan.") == set()


def test_rules_affiliations_a_title_naming_its_state_affiliates_with_that_state(nlp: Any) -> None:
    got = _all(nlp, "affiliations.title", "President of Chile Marta Alvarez visited Lima.")
    assert got == {("person/marta-alvarez", "affiliatedWith", "https://w3id.org/coopgraph/id/country/CHL")}


def test_rules_affiliations_a_body_named_with_its_state_has_that_jurisdiction(nlp: Any) -> None:
    got = _all(
        nlp, "affiliations.jurisdiction", "The Ministry of Digital Development of Armenia opened an office."
    )
    assert {(p, o) for _, p, o in got} == {("jurisdiction", "https://w3id.org/coopgraph/id/country/ARM")}


KAZ = "https://w3id.org/coopgraph/id/country/KAZ"


def _on(nlp: Any, name: str, text: str, date: str) -> set[tuple[str, str, str]]:
    v = real_view(nlp, text, date)
    return {t for si in range(len(v.sents)) for t in triples(run(name, v, si))}


def test_rules_affiliations_a_stateless_title_held_on_the_documents_day_gives_the_office_state(
    nlp: Any,
) -> None:
    """'President Tokayev' names no state; the office holders' data says whose president he was on
    the document's day (the reference data, not the sentence, is what is looked up)."""
    text = "Kazakhstan and Uzbekistan held talks on data centres. President Tokayev praised the plan."
    got = _on(nlp, "affiliations.office_holder", text, "2024-03-01")
    assert got == {("person/tokayev", "affiliatedWith", KAZ)}
    # before his presidency the title points at nobody
    assert _on(nlp, "affiliations.office_holder", text, "2015-03-01") == set()


def test_rules_affiliations_no_office_state_the_document_does_not_name(nlp: Any) -> None:
    text = "Uzbekistan opened a data centre. President Tokayev praised the plan."
    assert _on(nlp, "affiliations.office_holder", text, "2024-03-01") == set()


def test_rules_affiliations_an_office_holder_abroad_is_no_candidate_for_the_host_state(nlp: Any) -> None:
    """Talks held in the host state: the visiting president's own state is known, so the host
    state the document is about is no candidate for him."""
    text = (
        "Uzbekistan and Kazakhstan signed a plan in Tashkent. Uzbekistan will build the data centre. "
        "President Tokayev praised the plan of Uzbekistan."
    )
    assert _on(nlp, "affiliations.home_state", text, "2024-03-01") == set()
    assert _on(nlp, "affiliations.office_holder", text, "2024-03-01") == {
        ("person/tokayev", "affiliatedWith", KAZ)
    }


def test_rules_affiliations_an_office_holders_state_is_the_state_he_represents_at_an_event(nlp: Any) -> None:
    """Convention 13: a person taking part brings the state they represent; a stateless title
    ('President Tokayev') represents the state of the office held on the document's day."""
    text = (
        "Kazakhstan and Uzbekistan hosted the Tashkent Data Forum. "
        "President Tokayev took part in the Tashkent Data Forum."
    )
    v = real_view(nlp, text, "2024-03-01")
    assert v.person_country["person/tokayev"] == KAZ
    got = {t for si in range(len(v.sents)) for t in triples(run("events.participation", v, si))}
    assert any(p == "participant" and o == KAZ for _, p, o in got), got


def test_rules_affiliations_a_gazetteer_body_whose_name_lacks_its_state_has_its_jurisdiction(
    nlp: Any,
) -> None:
    """ontology/gazetteer/government-bodies.ttl: laboratories and agencies whose names do not carry
    their state ('Oak Ridge National Laboratory', 'JAXA', 'CSIRO') are bodies of their state."""
    got = _all(
        nlp,
        "affiliations.jurisdiction",
        "Oak Ridge National Laboratory, JAXA and CSIRO agreed to share data with the Kenya Space Agency.",
    )
    states = {o.rsplit("/", 1)[-1] for _, p, o in got if p == "jurisdiction"}
    assert {"USA", "JPN", "AUS"} <= states


def test_rules_affiliations_a_body_name_several_states_use_takes_the_state_the_text_gives(nlp: Any) -> None:
    """'the Cabinet Office of Japan' is no British body: a name several governments use is in the
    gazetteer only with its state ('UK Cabinet Office')."""
    got = _all(nlp, "affiliations.jurisdiction", "The Cabinet Office of Japan published the new AI strategy.")
    assert {o.rsplit("/", 1)[-1] for _, p, o in got if p == "jurisdiction"} == {"JPN"}


def test_rules_affiliations_titled_persons_acting_for_a_state_hold_their_titles_in_it(nlp: Any) -> None:
    """'Secretary of Economy A, Secretary of Finance B and Ambassador C chaired the meeting for
    Chile': titles that name no state, a clause done 'for' one; a state that only modifies the
    object of 'for' ('support for Chile's bid') is no such state."""

    def got(text: str) -> set[tuple[str, str]]:
        v = real_view(nlp, text, "2025-05-04")
        return {
            (v.entities[s].label, v.entities[o].label)
            for s, _, o in triples(run("affiliations.acting_for", v))
        }

    assert got(
        "Secretary of Economy Ana Rojas, Secretary of Finance Pablo Soto, and Ambassador Jorge Vega "
        "chaired the meeting for Chile."
    ) == {("Ana Rojas", "Chile"), ("Pablo Soto", "Chile"), ("Jorge Vega", "Chile")}
    assert got("Ambassador Jorge Vega reiterated support for Chile's bid to host the forum.") == set()
