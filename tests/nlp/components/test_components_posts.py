"""The posts component on the real model's analysis of invented sentences: a titled person's
post, the body or state the title names, and the state the person acts for."""

from __future__ import annotations

from typing import Any

import pytest
from spacy_docs import real_view

from graph.nlp.types import Post

BLR = "https://w3id.org/coopgraph/id/country/BLR"
GHA = "https://w3id.org/coopgraph/id/country/GHA"
JPN = "https://w3id.org/coopgraph/id/country/JPN"
RWA = "https://w3id.org/coopgraph/id/country/RWA"
UZB = "https://w3id.org/coopgraph/id/country/UZB"
ZMB = "https://w3id.org/coopgraph/id/country/ZMB"
EC = "https://w3id.org/coopgraph/id/gov/EU-Commission"


def posts(nlp: Any, text: str) -> list[Post]:
    return real_view(nlp, text, "2025-05-04").posts


def brief(p: Post) -> tuple[str, str, str | None, str | None]:
    return p.person, p.title, p.target, p.country


def test_components_posts_a_title_of_a_state_before_the_name_gives_the_post_and_the_state(nlp: Any) -> None:
    [p] = posts(
        nlp,
        "Minister of Information and Communications of the Republic of Zambia Mwila Banda visited Lusaka.",
    )
    assert brief(p) == (
        "person/mwila-banda",
        "Minister of Information and Communications of the Republic of Zambia",
        ZMB,
        ZMB,
    )
    assert (p.target_type, p.rule) == ("Country", "title")


def test_components_posts_two_titled_names_in_one_sentence_each_get_their_own_state(nlp: Any) -> None:
    got = posts(
        nlp,
        "The Minister of Communications of Rwanda Jean Uwase and the Minister of Communications of Ghana "
        "Kofi Boateng met in Kigali.",
    )
    assert {(p.person, p.country) for p in got} == {("person/jean-uwase", RWA), ("person/kofi-boateng", GHA)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kofi Boateng, Minister of Communications of Ghana, opened the session.",
            ("person/kofi-boateng", "Minister of Communications of Ghana", GHA, GHA),
        ),
        (
            "Esi Owusu, Director General of the Ghana Broadband Authority, signed the licence.",
            (
                "person/esi-owusu",
                "Director General of the Ghana Broadband Authority",
                "gov/GHA-broadband-authority",
                GHA,
            ),
        ),
    ],
)
def test_components_posts_a_title_after_the_name_in_commas_gives_the_post(
    nlp: Any, text: str, expected: tuple[str, str, str, str]
) -> None:
    [p] = posts(nlp, text)
    assert brief(p) == expected
    assert p.rule == "apposed-post"


def test_components_posts_a_title_naming_a_body_affiliates_the_person_with_the_body_and_its_state(
    nlp: Any,
) -> None:
    [p] = posts(nlp, "Director General of the Ghana Broadband Authority Esi Owusu signed the licence.")
    assert (p.target, p.target_type, p.country) == ("gov/GHA-broadband-authority", "GovernmentBody", GHA)


def test_components_posts_a_ministers_title_names_the_ministry_the_document_mentions(nlp: Any) -> None:
    [p] = posts(
        nlp,
        "Minister of Communications and Digital Economy Adebayo Ogunleye met the Ministry of Communications "
        "and Digital Economy staff.",
    )
    assert (p.person, p.target, p.target_type) == (
        "person/adebayo-ogunleye",
        "gov/ministry-of-communications-and-digital-economy",
        "GovernmentBody",
    )


@pytest.mark.parametrize(
    ("text", "title", "target"),
    [
        (
            "European Commission Executive Vice Presidents Ingrid Halvorsen and Pieter Vandamme "
            "addressed the summit.",
            "European Commission Executive Vice Presidents",
            EC,
        ),
        # a role-group word right before the names is their plural title
        ("Deputy Ministers Lena Petrova and Tomas Novak signed the protocol.", "Deputy Ministers", None),
    ],
)
def test_components_posts_a_plural_title_is_the_title_of_every_name_it_introduces(
    nlp: Any, text: str, title: str, target: str | None
) -> None:
    v = real_view(nlp, text, "2025-05-04")
    persons = {m.key for m in v.mentions if m.type == "Person"}
    assert len(persons) == 2
    assert {(p.person, p.title, p.target) for p in v.posts} == {(k, title, target) for k in persons}


def test_components_posts_a_name_without_a_title_has_no_post(nlp: Any) -> None:
    v = real_view(nlp, "Engineers from Kavora Telecom met Esi Owusu in Accra.", "2025-05-04")
    assert [m.text for m in v.mentions if m.type == "Person"] == ["Esi Owusu"]
    assert v.posts == []


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # an envoy acts for the state that sends it, named before 'to'
        ("Ms. Hana Takeda, Ambassador of Japan to Kenya, attended the reception.", JPN),
        ("Ambassador of Japan to Kenya Hana Takeda attended the reception.", JPN),
        (  # a portfolio ending in a sector word ('Technologies') is no company of its own
            "Minister of Digital Technologies of the Republic of Uzbekistan Farida Nasirova "
            "attended the meeting.",
            UZB,
        ),
    ],
)
def test_components_posts_the_state_a_titled_person_acts_for_is_the_state_of_the_title(
    nlp: Any, text: str, country: str
) -> None:
    [p] = posts(nlp, text)
    assert (p.target, p.country) == (country, country)


def test_components_posts_a_lower_case_title_word_begins_the_title(nlp: Any) -> None:
    """'with the head of the Ministry of Digital Affairs of Kenya Amani Odhiambo': the title runs
    from the lower-case 'head', and its body is the post's."""
    found = posts(
        nlp,
        "Kofi Mensah held talks with the head of the Ministry of Digital Affairs of Kenya Amani Odhiambo.",
    )
    [p] = [p for p in found if p.person == "person/amani-odhiambo"]
    assert p.title.startswith("head of the Ministry of Digital Affairs")
    assert p.target_type == "GovernmentBody"


@pytest.mark.parametrize(
    "text",
    [
        "Permanent Representative of Belarus to the UN Office in Geneva Larisa Belova met the press.",
        "Belarus' Permanent Representative to the UN Office in Geneva Larisa Belova met the press.",
    ],
)
def test_components_posts_an_envoys_post_is_for_the_sending_state_whatever_follows_to(
    nlp: Any, text: str
) -> None:
    """An envoy acts for the side before 'to' (convention 9: an ambassador's title names no body):
    the organisation the envoy is sent to, the city of the post after 'in' and a possessive state
    before the title ('Belarus' …') leave the post with the sending state."""
    [p] = posts(nlp, text)
    assert (p.person, p.target, p.country) == ("person/larisa-belova", BLR, BLR)


def test_components_posts_a_corporate_officers_title_names_the_company(nlp: Any) -> None:
    """'CEO of Pacifica Bank Ana Rojas': a company officer's title names the company."""
    [p] = posts(nlp, "CEO of Pacifica Bank Ana Rojas met the minister.")
    assert (p.person, p.target_type) == ("person/ana-rojas", "Company")
    [p] = posts(nlp, "Founder of Vega Holdings Jorge Vega opened the plant.")
    assert (p.person, p.target_type) == ("person/jorge-vega", "Company")


def test_components_posts_a_bracketed_acronym_inside_a_title_is_passed_over_to_the_state(nlp: Any) -> None:
    """'the Republic of Chile (ROC) National Security Advisor Carmen Diaz': the title reaches the
    state before the bracketed acronym."""
    [p] = posts(nlp, "The Republic of Chile (ROC) National Security Advisor Carmen Diaz chaired the meeting.")
    assert (p.person, p.country) == ("person/carmen-diaz", "https://w3id.org/coopgraph/id/country/CHL")


def test_components_posts_an_and_before_a_title_already_read_ends_the_title(nlp: Any) -> None:
    """'President Rivera of Peru and Prime Minister Pablo Ruiz of Chile': Ruiz's title is 'Prime
    Minister' (of Chile), not one reaching back over 'and' to Peru; an 'and' inside a portfolio
    ('Minister of Trade and Industry') is still crossed."""
    got = {
        p.person: p.country
        for p in posts(
            nlp,
            "Today, President Lena Varga is joining President Andrés Manuel Rivera Soto of Peru and Prime "
            "Minister Pablo Ruiz of Chile to promote a common vision.",
        )
    }
    assert got["person/pablo-ruiz"] == "https://w3id.org/coopgraph/id/country/CHL"
    [p] = posts(nlp, "Minister of Trade and Industry Ana Rojas met the press.")
    assert p.title == "Minister of Trade and Industry"
