"""Meetings and visits rules on hand-parsed invented sentences."""

from __future__ import annotations

import pytest
from spacy_docs import labelled, mention, parse, real_view, run, triples, view

# "Minister Ivanova met with Minister Perez in Lima ."
MET_WITH = """
Minister Minister PROPN compound 1
Ivanova Ivanova PROPN nsubj 2
met meet VERB ROOT 2
with with ADP prep 2
Minister Minister PROPN compound 5
Perez Perez PROPN pobj 3
in in ADP prep 2
Lima Lima PROPN pobj 6
. . PUNCT punct 2
"""


def _met():
    doc = parse(MET_WITH)
    ms = [
        mention(doc, 1, 2, "Person", "person/ivanova", "model"),
        mention(doc, 5, 6, "Person", "person/perez", "model"),
        mention(doc, 7, 8, "Place", "place/lima"),
    ]
    return view(doc, ms)


def test_rules_meetings_met_with_pairs_subject_and_the_person_met():
    got = triples(run("meetings.meetings", _met()))
    assert got == {("person/ivanova", "metWith", "person/perez")}


def test_rules_meetings_persons_meet_persons_not_the_place_of_the_meeting():
    assert not [c for c in run("meetings.meetings", _met()) if c.o == "place/lima"]


def test_rules_meetings_coordinated_subjects_of_talks_met_each_other():
    # "Ivanova and Perez held talks ."
    doc = parse("""
Ivanova Ivanova PROPN nsubj 3
and and CCONJ cc 0
Perez Perez PROPN conj 0
held hold VERB ROOT 3
talks talk NOUN dobj 3
. . PUNCT punct 3
""")
    ms = [
        mention(doc, 0, 1, "Person", "person/ivanova", "model"),
        mention(doc, 2, 3, "Person", "person/perez", "model"),
    ]
    got = triples(run("meetings.meetings", view(doc, ms)))
    assert got == {("person/ivanova", "metWith", "person/perez")}


def test_rules_meetings_a_negated_meeting_gives_nothing():
    doc = parse("""
Ivanova Ivanova PROPN nsubj 3
did do AUX aux 3
not not PART neg 3
meet meet VERB ROOT 3
Perez Perez PROPN dobj 3
. . PUNCT punct 3
""")
    ms = [
        mention(doc, 0, 1, "Person", "person/ivanova", "model"),
        mention(doc, 4, 5, "Person", "person/perez", "model"),
    ]
    assert run("meetings.meetings", view(doc, ms)) == []


def test_rules_meetings_a_person_visiting_a_city_visited_it():
    # "Perez visited Minsk ."
    doc = parse("""
Perez Perez PROPN nsubj 1
visited visit VERB ROOT 1
Minsk Minsk PROPN dobj 1
. . PUNCT punct 1
""")
    ms = [mention(doc, 0, 1, "Person", "person/perez", "model"), mention(doc, 2, 3, "Place", "place/minsk")]
    assert triples(run("meetings.visits", view(doc, ms))) == {("person/perez", "visited", "place/minsk")}


def test_rules_meetings_a_country_does_not_visit():
    doc = parse("""
Peru Peru PROPN nsubj 1
visited visit VERB ROOT 1
Minsk Minsk PROPN dobj 1
. . PUNCT punct 1
""")
    ms = [mention(doc, 0, 1, "Country", "PER"), mention(doc, 2, 3, "Place", "place/minsk")]
    assert run("meetings.visits", view(doc, ms)) == []


def test_rules_meetings_the_direct_object_of_a_meeting_verb_is_met():
    # "Ivanova met Perez in Lima ."
    doc = parse("""
Ivanova Ivanova PROPN nsubj 1
met meet VERB ROOT 1
Perez Perez PROPN dobj 1
in in ADP prep 1
Lima Lima PROPN pobj 3
. . PUNCT punct 1
""")
    ms = [
        mention(doc, 0, 1, "Person", "person/ivanova", "model"),
        mention(doc, 2, 3, "Person", "person/perez", "model"),
        mention(doc, 4, 5, "Place", "place/lima"),
    ]
    assert triples(run("meetings.meetings", view(doc, ms))) == {("person/ivanova", "metWith", "person/perez")}


def test_rules_meetings_receiving_a_party_or_a_delegation_is_a_meeting(nlp):  # type: ignore[no-untyped-def]
    got = labelled(
        nlp,
        "meetings.meetings",
        "President Amina Odhiambo received Chilean Foreign Minister Alberto Rojas in Nairobi.",
    )
    assert got == {("Amina Odhiambo", "metWith", "Alberto Rojas")}
    got = labelled(
        nlp,
        "meetings.meetings",
        "Minister Amina Odhiambo received a delegation of the African Union led by Commissioner Ana Silva.",
    )
    assert ("Amina Odhiambo", "metWith", "Ana Silva") in got
    # receiving a thing from someone is no meeting
    assert not labelled(
        nlp, "meetings.meetings", "Minister Amina Odhiambo received a letter from Minister Alberto Rojas."
    )


@pytest.mark.parametrize(
    ("text", "met"),
    [
        # an envoy's title naming two states, the second after 'to'
        (
            "Minister Amina Odhiambo met with the Ambassador Extraordinary and Plenipotentiary of the "
            "Republic of Chile to the Republic of Kenya Alberto Rojas.",
            "Alberto Rojas",
        ),
        # a head of a body under a government
        (
            "Minister Amina Odhiambo met with the Head of the Communications Service under the Government "
            "of the Republic of Kenya Joseph Mwangi.",
            "Joseph Mwangi",
        ),
    ],
)
def test_rules_meetings_the_person_at_the_end_of_a_long_title_after_with_is_met(nlp, text, met):  # type: ignore[no-untyped-def]
    assert labelled(nlp, "meetings.meetings", text) == {("Amina Odhiambo", "metWith", met)}


def test_rules_meetings_a_state_does_not_meet_its_own_people(nlp):  # type: ignore[no-untyped-def]
    """Two states' sides meet a person of one of them: the other state met the person, the
    person's own state did not (whether the person's state comes from the title or a demonym)."""
    for text in (
        "The delegations of Kenya and Ghana met with the President of Kenya Amani Odhiambo in Nairobi.",
        "Ghana's delegation and Kenya met with Kenyan President Amani Odhiambo.",
    ):
        got = labelled(nlp, "meetings.meetings", text, "metWith")
        assert got == {("Ghana", "metWith", "Amani Odhiambo")}, text


def test_rules_meetings_receiving_a_titled_person_is_a_meeting(nlp):  # type: ignore[no-untyped-def]
    """'A received the President of X Y': the object is a title whose holder is named, so the
    holder was received; 'received the letter of the President' receives no one."""
    text = "President Amani Odhiambo received the Chairman of Savanna Telecom Kofi Mensah."
    assert labelled(nlp, "meetings.meetings", text, "metWith") == {
        ("Amani Odhiambo", "metWith", "Kofi Mensah")
    }
    text = "President Amani Odhiambo received a letter from the Chairman of Savanna Telecom Kofi Mensah."
    assert not labelled(nlp, "meetings.meetings", text, "metWith")


def test_rules_meetings_an_organisations_own_people_stand_for_it(nlp):  # type: ignore[no-untyped-def]
    """'met with Savanna Telecom executives': the company is met; 'met with Kenyan and Ghanaian
    stakeholders' meets no state (generic groups are no one's people)."""
    text = "Minister Amani Odhiambo met with Savanna Telecom executives in Nairobi."
    got = labelled(nlp, "meetings.meetings", text, "metWith")
    assert {o for _s, _p, o in got} == {"Savanna Telecom"}
    text = "Minister Amani Odhiambo met with U.S. and EU stakeholders in Nairobi."
    assert not labelled(nlp, "meetings.meetings", text, "metWith")


def test_rules_meetings_the_owner_of_a_possessed_visit_or_trip_visits(nlp):  # type: ignore[no-untyped-def]
    # "her visit", "his trip": the person the clause is about is the one who travelled
    for text, person, place in (
        ("During her visit to Accra, Minister Ana Lopez met President John Mahama.", "Ana Lopez", "Accra"),
        (
            "On his historic trip to Nairobi, Vice President Carlos Ruiz praised the cooperation.",
            "Carlos Ruiz",
            "Nairobi",
        ),
    ):
        assert (person, "visited", place) in labelled(nlp, "meetings.visits", text, "visited"), text


def test_rules_meetings_the_subject_of_a_light_verb_makes_the_visit(nlp):  # type: ignore[no-untyped-def]
    """'paid a working visit to Seoul', 'a delegation headed by Minister A made a visit to X': the
    light verb's subject (the person heading the delegation) visits."""
    got = labelled(
        nlp,
        "meetings.visits",
        "A delegation of the Ministry of Digital Technologies of Uzbekistan headed by Minister "
        "Sherzod Shermatov paid a working visit to Seoul.",
    )
    assert got == {("Sherzod Shermatov", "visited", "Seoul")}
    got = labelled(nlp, "meetings.visits", "Minister Anna Lind made an official visit to Kazakhstan.")
    assert got == {("Anna Lind", "visited", "Kazakhstan")}


def test_rules_meetings_the_examples_a_delegation_includes_are_not_the_side_met(nlp):  # type: ignore[no-untyped-def]
    """'… to meet with a Chilean delegation including the Ministry of Foreign Affairs, the Ministry
    of Science and the Digital Agency': the listed bodies are examples of the delegation, not each
    one met by the minister."""
    v = real_view(
        nlp,
        "Minister Ana Rojas led a Peruvian delegation with officials from the Ministry of Trade to meet "
        "with a Chilean delegation including the Ministry of Foreign Affairs, the Ministry of Science, "
        "and the Digital Agency.",
        "2025-05-04",
    )
    got = {(v.entities[s].label, v.entities[o].label) for s, _, o in triples(run("meetings.meetings", v))}
    assert not {o for _, o in got} & {"Ministry of Foreign Affairs", "Ministry of Science", "Digital Agency"}
    assert not {s for s, _ in got} & {"Ministry of Foreign Affairs", "Ministry of Science", "Digital Agency"}
