"""The anaphora component on the real model's analysis of invented sentences: which entity a
noun phrase like "the two sides", "the ministry" or "the forum" points back to."""

from __future__ import annotations

from typing import Any

import pytest
from spacy_docs import real_view

GHA = "https://w3id.org/coopgraph/id/country/GHA"
KEN = "https://w3id.org/coopgraph/id/country/KEN"
AU = "https://w3id.org/coopgraph/id/org/AU"


def anaphora(nlp: Any, text: str) -> dict[int, set[tuple[str, str, str]]]:
    """Sentence index -> (text, type, key) of each anaphor the component resolved there."""
    v = real_view(nlp, text, "2025-05-04")
    assert all(m.source == "anaphor" for ms in v.anaphora.values() for m in ms)
    return {si: {(m.text, m.type, m.key) for m in ms} for si, ms in v.anaphora.items()}


@pytest.mark.parametrize(
    ("text", "si", "noun"),
    [
        (
            "Uganda and Ghana signed a plan. Ghana and Kenya held the Digital Cooperation Forum in Accra. "
            "The two sides agreed to meet again.",
            2,
            "sides",
        ),
        (
            "Uganda and Ghana signed a plan. Ghana and Kenya held the Digital Cooperation Forum in Accra. "
            "Their countries agreed to meet again.",
            2,
            "countries",
        ),
    ],
)
def test_components_anaphora_a_group_of_states_is_the_states_of_the_latest_event(
    nlp: Any, text: str, si: int, noun: str
) -> None:
    # Uganda is named before, but only Ghana and Kenya held the forum
    assert anaphora(nlp, text)[si] == {(noun, "Country", GHA), (noun, "Country", KEN)}


def test_components_anaphora_both_countries_without_an_event_are_the_two_states_named_most(nlp: Any) -> None:
    got = anaphora(
        nlp,
        "Ghana signed a memorandum with Kenya. Ghana and Kenya will exchange experts. "
        "Both countries will fund the project.",
    )
    assert got == {2: {("countries", "Country", GHA), ("countries", "Country", KEN)}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ghana and Kenya held the Digital Cooperation Forum in Accra. The forum adopted a roadmap.",
            ("forum", "Event", "event/digital-cooperation-forum"),
        ),
        (
            "Ghana and Kenya signed the Memorandum of Understanding on Digital Skills in Accra. "
            "The memorandum runs for five years.",
            ("memorandum", "Agreement", "agreement/memorandum-of-understanding-on-digital-skills"),
        ),
        (
            "The Kigali Digital Summit on Broadband opened in Kigali. The summit adopted a declaration.",
            ("summit", "Event", "event/kigali-digital-summit-on-broadband"),
        ),
        (
            "The Third Annual East African Regional Digital Summit on Broadband opened in Kigali. "
            "The summit adopted a declaration.",
            ("summit", "Event", "event/third-annual-east-african-regional-digital-summit-on-broadband"),
        ),
    ],
)
def test_components_anaphora_the_head_noun_of_a_name_points_back_to_the_named_entity(
    nlp: Any, text: str, expected: tuple[str, str, str]
) -> None:
    assert anaphora(nlp, text) == {1: {expected}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Ministry of Education of Ghana met the Ministry of Digital Economy of Ghana. "
            "The ministry will publish a report.",
            ("ministry", "GovernmentBody", "gov/GHA-ministry-of-digital-economy"),
        ),
        (
            "The Ghana Broadband Authority met the Rwanda Utilities Regulatory Authority. "
            "The authority will publish a report.",
            ("authority", "GovernmentBody", "gov/RWA-utilities-regulatory-authority"),
        ),
    ],
)
def test_components_anaphora_the_ministry_points_back_to_the_latest_body_with_that_head(
    nlp: Any, text: str, expected: tuple[str, str, str]
) -> None:
    assert anaphora(nlp, text) == {1: {expected}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a generic event noun: the event named just before, whatever its head word
            "Officials of Chile and Peru opened the Andean Digital Dialogue in Lima. "
            "Ana Lopez and Jorge Vega chaired the meeting.",
            {1: {("meeting", "Event", "event/andean-digital-dialogue")}},
        ),
        (  # its own complement names what it is part of: no pointing back
            "Officials of Chile and Peru opened the Andean Digital Dialogue in Lima. "
            "The session of the Pacific Council was devoted to broadband.",
            {},
        ),
        (  # too far back: the meeting is another one
            "Officials of Chile and Peru opened the Andean Digital Dialogue in Lima. Peru builds roads. "
            "Chile builds ports. Bolivia builds rails. Ana Lopez chaired the meeting.",
            {},
        ),
    ],
)
def test_components_anaphora_the_meeting_points_back_to_the_event_named_just_before(
    nlp: Any, text: str, expected: dict[int, set[tuple[str, str, str]]]
) -> None:
    events = {si: {m for m in ms if m[1] == "Event"} for si, ms in anaphora(nlp, text).items()}
    assert {si: ms for si, ms in events.items() if ms} == expected


def test_components_anaphora_this_organization_points_back_to_the_international_organisation(
    nlp: Any,
) -> None:
    got = anaphora(nlp, "The African Union met Kenya in Nairobi. This organization pledged support.")
    assert got == {1: {("organization", "InternationalOrganization", AU)}}


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        (
            "President of Kenya Daniel Mwangi and President of Uganda Grace Namutebi met in Kampala. "
            "The presidents adopted a declaration.",
            {"person/daniel-mwangi", "person/grace-namutebi"},
        ),
        (  # a vice president is not one of "the presidents"
            "President of Kenya Daniel Mwangi and Vice President of Uganda Grace Namutebi met in Kampala. "
            "The presidents adopted a declaration.",
            {"person/daniel-mwangi"},
        ),
        (
            "The Minister of Communications of Rwanda Jean Uwase and the Minister of Communications of Ghana "
            "Kofi Boateng met in Kigali. The ministers signed a memorandum.",
            {"person/jean-uwase", "person/kofi-boateng"},
        ),
    ],
)
def test_components_anaphora_a_plural_role_is_the_persons_whose_posts_have_that_role(
    nlp: Any, text: str, holders: set[str]
) -> None:
    [(si, found)] = anaphora(nlp, text).items()
    assert si == 1
    assert {key for _, typ, key in found if typ == "Person"} == holders


@pytest.mark.parametrize(
    "text",
    [
        "The ministry will publish a report on Ghana.",  # nothing named before
        "The forum adopted a roadmap. Ghana and Kenya later held the Digital Cooperation Forum in Accra.",
        # a possessive, not an article, before the noun
        "The Ministry of Digital Economy of Ghana hosted the talks. Kenya's ministry sent experts.",
    ],
)
def test_components_anaphora_a_noun_without_an_antecedent_before_it_points_nowhere(
    nlp: Any, text: str
) -> None:
    assert anaphora(nlp, text) == {}


CHL = "https://w3id.org/coopgraph/id/country/CHL"
NOR = "https://w3id.org/coopgraph/id/country/NOR"
VNM = "https://w3id.org/coopgraph/id/country/VNM"


@pytest.mark.parametrize(
    "opening",
    [
        # an apposition to "we" names the authors
        "We, the governments of Chile, Kenya, Norway and Vietnam, share a long history.",
        # an opening sentence whose subject lists them, the group's organisation left out
        "The four members of the Pacific Data Forum — Chile, Kenya, Norway and Vietnam — met in Lima.",
    ],
)
def test_components_anaphora_we_of_a_statement_is_the_authors_it_names(nlp: Any, opening: str) -> None:
    got = anaphora(nlp, opening + " We will deepen our partnership in telecommunications.")
    assert got[1] == {("We", "Country", k) for k in (CHL, KEN, NOR, VNM)}


@pytest.mark.parametrize(
    "text",
    [
        # nobody named as the authors: "we" is the publisher
        "The ministry met investors in Lima. We will deepen our partnership with Kenya.",
        # a transcript: "we" is the speaker's side, not the states the first sentence names
        "Chile and Kenya held talks. Mr President, we are glad to see you. We will deepen our partnership.",
    ],
)
def test_components_anaphora_we_without_named_authors_points_nowhere(nlp: Any, text: str) -> None:
    got = anaphora(nlp, text)
    assert not any(t == "We" for ms in got.values() for t, _, _ in ms)


@pytest.mark.parametrize("noun", ["parties", "sides"])
def test_components_anaphora_the_parties_of_a_two_state_document_are_its_two_states(
    nlp: Any, noun: str
) -> None:
    got = anaphora(
        nlp,
        "Talks between Ghana and Kenya took place in Nairobi. Ghana and Kenya reviewed their trade. "
        f"The {noun} signed an agreement on digital skills.",
    )
    assert got.get(2) == {(noun, "Country", GHA), (noun, "Country", KEN)}


def test_components_anaphora_the_parties_among_several_states_point_nowhere(nlp: Any) -> None:
    got = anaphora(
        nlp,
        "Ghana, Kenya and Uganda met in Nairobi. Ghana, Kenya and Uganda reviewed their trade. "
        "The parties signed an agreement on digital skills.",
    )
    assert 2 not in got


def test_components_anaphora_the_next_meeting_is_another_meeting_than_the_one_named(nlp: Any) -> None:
    text = "The 12th meeting of the Digital Council was held in Accra. The {} meeting took place in Nairobi."
    assert anaphora(nlp, text.format("next")).get(1) is None
    assert anaphora(
        nlp, "The 12th meeting of the Digital Council was held in Accra. The meeting adopted a plan."
    )[1] == {("meeting", "Event", "event/12th-meeting-of-the-digital-council")}


def test_components_anaphora_the_document_is_the_latest_agreement(nlp: Any) -> None:
    got = anaphora(
        nlp,
        "Ghana and Kenya signed the Memorandum of Understanding on Digital Skills. "
        "The document was signed by the two ministers.",
    )
    assert ("document", "Agreement", "agreement/memorandum-of-understanding-on-digital-skills") in got[1]
