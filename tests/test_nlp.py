"""The NLP stage on real text with the real spaCy pipeline: entities, linking, facts, dates, status."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from graph.model import Document, Extraction
from graph.nlp.pipeline import extract

ID = "https://w3id.org/coopgraph/id/"
BLR, CHN = ID + "country/BLR", ID + "country/CHN"
SCO = ID + "org/SCO"


def run(nlp: Any, text: str, date: str | None = None) -> Extraction:
    return next(extract(nlp, [Document(id="t", text=text, source="test", date=date)]))


def by_label(x: Extraction) -> dict[str, Any]:
    return {e.label: e for e in x.entities}


def facts(x: Extraction) -> set[tuple[str, str, str]]:
    return {(f.s, f.p, f.o) for f in x.facts}


def test_nlp_membership_with_date_and_acronym(nlp: Any) -> None:
    x = run(
        nlp,
        "The Shanghai Cooperation Organization (SCO) is a permanent international organization. "
        "In July 2024, the Republic of Belarus joined the SCO and became the tenth full member "
        "of this organization.",
    )
    ents = {e.key: e for e in x.entities}
    assert "SCO" in ents[SCO].aliases or ents[SCO].label == "SCO"
    member = [f for f in x.facts if (f.s, f.p, f.o) == (BLR, "memberOf", SCO)]
    assert member and member[0].date is not None and member[0].date.as_gold() == "2024-07"
    assert "joined the SCO" in member[0].evidence.sentence
    s, e = member[0].evidence.sent_start, member[0].evidence.sent_end
    assert x.doc.text[s:e] == member[0].evidence.sentence


def test_nlp_memorandum_between_ministries(nlp: Any) -> None:
    x = run(
        nlp,
        "On August 22, 2024, a Memorandum of Understanding on strategic cooperation in the field of "
        "information and communication technologies was signed between the Ministry of Communications and "
        "Informatization of the Republic of Belarus and the Ministry of Industry and Information Technology "
        "of the People's Republic of China.",
    )
    ents = by_label(x)
    mou = next(e for e in x.entities if e.type == "Agreement")
    assert mou.label.startswith("Memorandum of Understanding on strategic cooperation")
    assert mou.date is not None and mou.date.as_gold() == "2024-08-22"
    by = ents["Ministry of Communications and Informatization of the Republic of Belarus"]
    cn = ents["Ministry of Industry and Information Technology of the People's Republic of China"]
    assert by.type == cn.type == "GovernmentBody"
    got = facts(x)
    assert {(mou.key, "signatory", by.key), (mou.key, "signatory", cn.key)} <= got
    assert (by.key, "jurisdiction", BLR) in got and (cn.key, "jurisdiction", CHN) in got
    assert (by.key, "cooperatesWith", cn.key) in got or (cn.key, "cooperatesWith", by.key) in got


def test_nlp_person_the_model_tags_as_a_place_gets_repaired(nlp: Any) -> None:
    x = run(
        nlp,
        "Pavel Tkach held negotiations with the Deputy Minister of Industry and Information Technology "
        "of the People's Republic of China, Xiong Jijun.",
        date="2025-06-17",
    )
    ents = by_label(x)
    assert ents["Xiong Jijun"].type == "Person"
    assert "Xiong Jijun" not in {e.label for e in x.entities if e.type == "Place"}
    tkach, xiong = ents["Pavel Tkach"].key, ents["Xiong Jijun"].key
    got = facts(x)
    assert (tkach, "metWith", xiong) in got or (xiong, "metWith", tkach) in got


def test_nlp_event_interval_place_and_country_in_parentheses(nlp: Any) -> None:
    x = run(
        nlp,
        "On June 17 to 18, 2025, the Fourth Meeting of the Heads of Ministries and Departments of the Member "
        "States of the Shanghai Cooperation Organization Responsible for ICT Development is held in Karamay "
        "(the People's Republic of China).",
    )
    event = next(e for e in x.entities if e.type == "Event")
    assert event.date is not None and event.date.as_gold() == "2025-06-17/2025-06-18"
    karamay = by_label(x)["Karamay"]
    assert karamay.type == "Place"
    got = facts(x)
    assert (event.key, "location", karamay.key) in got
    assert (karamay.key, "locatedIn", CHN) in got
    assert (event.key, "organizer", SCO) in got


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Belarus did not join the Shanghai Cooperation Organization in 2024.", "memberOf"),
        (
            "The Ministry of Digital Development of Russia never signed "
            "the Memorandum of Understanding on AI.",
            "signatory",
        ),
    ],
)
def test_nlp_negated_statements_give_no_fact(nlp: Any, text: str, relation: str) -> None:
    assert not [f for f in run(nlp, text).facts if f.p == relation]


def test_nlp_plans_are_marked_planned(nlp: Any) -> None:
    x = run(
        nlp,
        "Belarus will cooperate with the People's Republic of China in the field of artificial intelligence.",
    )
    coop = [f for f in x.facts if f.p == "cooperatesWith"]
    assert coop and all(f.status == "planned" for f in coop)


def test_nlp_demonym_and_coordinated_area(nlp: Any) -> None:
    x = run(
        nlp,
        "The strategy for the participation of the Republic of Belarus in the SCO covers cooperation "
        "in such areas as the digital economy and trade, artificial intelligence (AI), big data, "
        "and e-government. "
        "The Belarusian delegation took part in the forum.",
    )
    strategy = next(e for e in x.entities if e.type == "Agreement")
    areas = {f.o for f in x.facts if f.s == strategy.key and f.p == "coversArea"}
    assert {"DigitalEconomy", "DigitalTrade", "ArtificialIntelligence", "BigData", "EGovernment"} <= areas
    belarus = next(e for e in x.entities if e.key == BLR)
    assert "Belarusian" in belarus.aliases


def test_nlp_relative_dates_resolve_against_the_document_date(nlp: Any) -> None:
    x = run(nlp, "Yesterday, Russia and Belarus signed the Treaty on Digital Cooperation.", date="2022-02-18")
    treaty = next(e for e in x.entities if e.type == "Agreement")
    assert treaty.date is not None and treaty.date.as_gold() == "2022-02-17"


def test_nlp_records_are_plain_and_cross_process_boundaries(nlp: Any) -> None:
    x = run(nlp, "In July 2024, the Republic of Belarus joined the Shanghai Cooperation Organization.")
    clone = pickle.loads(pickle.dumps(x))
    assert clone == x or clone.to_dict() == x.to_dict()
    assert "spacy" not in repr(type(clone.entities[0])).lower()


def test_nlp_no_entities_from_navigation_or_captions(nlp: Any) -> None:
    from graph.ingest import normalise_text

    text = normalise_text(
        "Share this\nИзображениеForeign Economic Activity\n\nBelarus exported ICT services to China."
    )
    assert text.startswith("Foreign Economic Activity")
    x = run(nlp, text)
    assert all("Изображение" not in e.label for e in x.entities)
    assert (BLR, "exportsTo", CHN) in facts(x)


def test_nlp_cooperation_between_their_countries_is_among_the_meeting_states(nlp: Any) -> None:
    x = run(
        nlp,
        "On 13 July 2023, the Presidents of Finland and the United States and the Prime Ministers of "
        "Denmark, Iceland, Norway, and Sweden met in Helsinki for the third U.S.-Nordic Leaders' Summit. "
        "The leaders reconfirmed the intensifying cooperation between their countries.",
        "2023-07-13",
    )
    coop = {frozenset((f.s, f.o)) for f in x.facts if f.p == "cooperatesWith"}
    states = [ID + "country/" + c for c in ("FIN", "USA", "DNK", "ISL", "NOR", "SWE")]
    assert len(coop) == 15
    assert frozenset((states[0], states[5])) in coop and frozenset((states[2], states[3])) in coop


def test_nlp_post_after_the_name_and_parties_of_a_split_between(nlp: Any) -> None:
    x = run(
        nlp,
        "“This is a great deal,” said Michael Kratsios, Assistant to the President and Director of the "
        "White House Office of Science and Technology Policy. The agreement refocuses the partnership "
        "between the U.S. Center for AI Standards and Innovation (CAISI) and the UK AI Security "
        "Institute (AISI) to exchange best practices.",
    )
    ents = by_label(x)
    kratsios = ents["Michael Kratsios"]
    assert kratsios.post and kratsios.post.startswith("Assistant to the President")
    ostp = ents["White House Office of Science and Technology Policy"].key
    assert (kratsios.key, "affiliatedWith", ostp) in facts(x)
    caisi = ents["Center for AI Standards and Innovation"].key
    aisi = ents["AI Security Institute"].key
    assert {(f.s, f.o) for f in x.facts if f.p == "cooperatesWith"} & {(caisi, aisi), (aisi, caisi)}


def test_nlp_bodies_aligned_by_an_agreement_cooperate_but_not_with_a_lone_party(nlp: Any) -> None:
    x = run(
        nlp,
        "The deal aligns the U.S. Nuclear Regulatory Commission and the UK Office for Nuclear "
        "Regulation to streamline licensing. The deal also aligns the UK Environment Agency.",
    )
    coop = [f for f in x.facts if f.p == "cooperatesWith"]
    assert len(coop) == 1 and coop[0].rule == "aligned"


def test_nlp_portfolio_titles_name_persons_and_signing_by_a_long_title(nlp: Any) -> None:
    x = run(
        nlp,
        "The U.S.-Republic of Korea Technology Prosperity Deal was signed by Director Kratsios and Korean "
        "Minister of Science, Information, and Communication Technology Bae Kyung-hoon to affirm the "
        "commitment of the two nations to science and technology collaboration.",
    )
    ents = by_label(x)
    bae = ents["Bae Kyung-hoon"]
    assert bae.type == "Person" and bae.post and bae.post.startswith("Korean Minister of Science,")
    deal = ents["U.S.-Republic of Korea Technology Prosperity Deal"].key
    assert (deal, "signatory", bae.key) in facts(x)
    assert (bae.key, "affiliatedWith", ID + "country/KOR") in facts(x)


def test_nlp_meeting_of_a_format_and_a_trilateral_meeting_with_named_leaders(nlp: Any) -> None:
    x = run(
        nlp,
        "The first personal meeting of the heads of state of the Lublin Triangle testified to the unity "
        "of positions of Ukraine, Lithuania and Poland. Speaking with the media following the trilateral "
        "meeting with President of the Republic of Lithuania Gitanas Nausėda and President of the Republic "
        "of Poland Andrzej Duda at the Syniohora state residence in the village of Huta, Zelenskyy thanked "
        "his colleagues. President of Ukraine Volodymyr Zelenskyy said so.",
        "2021-12-20",
    )
    ents = by_label(x)
    summit = ents["first personal meeting of the heads of state of the Lublin Triangle"]
    assert summit.type == "Event"
    people = {ents[n].key for n in ("Gitanas Nausėda", "Andrzej Duda", "Volodymyr Zelenskyy")}
    assert {f.o for f in x.facts if f.s == summit.key and f.p == "participant"} >= people
    met = {frozenset((f.s, f.o)) for f in x.facts if f.p == "metWith"}
    assert len(met) == 3 and all(pair <= people for pair in met)


def test_nlp_partners_beyond_the_parties_are_not_partners_and_adjectives_are_not_companies(nlp: Any) -> None:
    x = run(
        nlp,
        "Russia and the United States held talks. The co-chairs announced coordination of licensing "
        "policies, and cooperation with partners beyond the United States and the European Union. "
        "They will advance Transatlantic cooperation and a Transatlantic approach to investment.",
    )
    assert not [f for f in x.facts if f.p == "cooperatesWith"]
    assert "Transatlantic" not in by_label(x)


def test_nlp_the_presidents_are_known_from_titles_given_later_and_with_hangs_on_the_verb(nlp: Any) -> None:
    x = run(
        nlp,
        "Vladimir Putin held a meeting in the Kremlin with President of the Republic of Uzbekistan Shavkat "
        "Mirziyoyev. The presidents adopted a joint statement on cooperation in ensuring international "
        "information security.\n\nPresident of Russia Vladimir Putin: Mr President, welcome.",
        "2021-11-19",
    )
    ents = by_label(x)
    putin, mirziyoyev = ents["Vladimir Putin"].key, ents["Shavkat Mirziyoyev"].key
    assert {(putin, "metWith", mirziyoyev), (mirziyoyev, "metWith", putin)} & facts(x)
    statement = next(e for e in x.entities if e.type == "Agreement").key
    assert {(statement, "signatory", putin), (statement, "signatory", mirziyoyev)} <= facts(x)


def test_nlp_the_leaders_of_a_many_leader_summit_stand_for_no_one_in_particular(nlp: Any) -> None:
    leaders = [
        "President of Indonesia Joko Widodo",
        "Prime Minister of Malaysia Ismail Sabri Yaakob",
        "President of the Philippines Rodrigo Duterte",
        "Prime Minister of Singapore Lee Hsien Loong",
        "Prime Minister of Thailand Prayut Chan-o-cha",
    ]
    x = run(
        nlp,
        f"The summit was attended by {', '.join(leaders)}. "
        "The leaders summed up the results of long-term cooperation.",
    )
    assert not [f for f in x.facts if f.p == "cooperatesWith"]


def test_nlp_dates_go_to_the_nearest_agreement_and_an_owned_summit_has_its_host(nlp: Any) -> None:
    x = run(
        nlp,
        "We, the Leaders of the G7, recognize the need to protect our shared principles. Building on the "
        "G7 Digital & Tech Ministers’ Statement issued on September 7, 2023, we welcome the Hiroshima "
        "Process International Code of Conduct for Organizations Developing Advanced AI Systems. We also "
        "look forward to the UK’s AI Safety Summit on November 1 and 2.",
        "2023-10-30",
    )
    ents = by_label(x)
    assert "shared principles" not in ents
    dated = {e.label: e.date.as_gold() for e in x.entities if e.date is not None}
    assert dated.get("G7 Digital & Tech Ministers’ Statement") == "2023-09-07"
    assert not any(label.startswith("Hiroshima Process") for label in dated)
    summit = next(e for e in x.entities if e.type == "Event")
    assert dated[summit.label] == "2023-11-01/2023-11-02"
    assert (summit.key, "organizer", ID + "country/GBR") in facts(x)


def test_nlp_co_chairs_belong_to_their_side_and_to_the_council_whose_meeting_it_is(nlp: Any) -> None:
    x = run(
        nlp,
        "The U.S.-EU Trade and Technology Council (TTC) held its second ministerial meeting in Paris, "
        "France on May 15-16, 2022. U.S. co-chairs, Secretary of State Antony J. Blinken, Secretary of "
        "Commerce Gina Raimondo, and United States Trade Representative Katherine Tai were joined by EU "
        "Co-Chairs European Commission Executive Vice Presidents Margrethe Vestager and Valdis Dombrovskis "
        "to review progress and meet with a range of U.S. and EU stakeholders.",
        "2022-05-16",
    )
    ents = by_label(x)
    meeting = ents["second ministerial meeting"]
    assert meeting.date is not None and meeting.date.as_gold() == "2022-05-15/2022-05-16"
    ttc = next(e.key for e in x.entities if "TTC" in e.aliases or e.label.endswith("Technology Council"))
    ec = ents["European Commission"].key
    got = facts(x)
    assert (meeting.key, "organizer", ttc) in got
    assert (ents["Antony J. Blinken"].key, "affiliatedWith", ID + "country/USA") in got
    for name in ("Margrethe Vestager", "Valdis Dombrovskis"):
        assert {(ents[name].key, "affiliatedWith", ec), (ents[name].key, "affiliatedWith", ttc)} <= got
        assert (meeting.key, "participant", ents[name].key) in got
    assert not [f for f in x.facts if f.p == "metWith"]


def test_nlp_a_statement_by_named_authors_is_signed_by_them_on_its_date(nlp: Any) -> None:
    x = run(
        nlp,
        "The United States and Nordic leaders welcomed the 10 July 2023 statement by Sweden, Türkiye, and "
        "NATO Secretary General Stoltenberg and look forward to Sweden joining NATO as soon as possible.",
        "2023-07-13",
    )
    ents = by_label(x)
    statement = ents["statement by Sweden, Türkiye, and NATO Secretary General Stoltenberg"]
    assert statement.type == "Agreement" and statement.date is not None
    assert statement.date.as_gold() == "2023-07-10"
    signers = {f.o for f in x.facts if f.s == statement.key and f.p == "signatory"}
    assert signers == {ID + "country/SWE", ID + "country/TUR", ents["Stoltenberg"].key}


def test_nlp_event_places_follow_in_or_at_through_a_chain_but_not_into_other_names(nlp: Any) -> None:
    x = run(
        nlp,
        "The U.S.-EU Trade and Technology Council (TTC) held its second ministerial meeting in Saclay – "
        "Paris, France on May 15-16, 2022. The Council held its third ministerial meeting on December 5 at "
        "the University of Maryland in College Park.",
        "2022-12-06",
    )
    ents = by_label(x)
    located = {(f.s, f.o) for f in x.facts if f.p == "location"}
    assert (ents["second ministerial meeting"].key, ents["Paris"].key) in located
    labels = {e.key: e.label for e in x.entities}
    assert "Maryland" not in {labels.get(o) for _, o in located}


def test_nlp_one_states_delegation_and_a_group_label_are_no_partners(nlp: Any) -> None:
    x = run(
        nlp,
        "Senior representatives from the U.S. Department of State, the U.S. Department of Defense and the "
        "U.S. National Science Foundation held discussions with Israeli officials to expand our "
        "technological partnership. We the Quad partners of Australia, India, Japan, and the United States "
        "are launching a public campaign to strengthen our cooperation.",
    )
    coop = {frozenset((f.s, f.o)) for f in x.facts if f.p == "cooperatesWith"}
    assert not any(all("/gov/USA-" in k for k in pair) for pair in coop)
    assert not any(ID + "org/Quad" in pair for pair in coop)
    assert frozenset((ID + "country/AUS", ID + "country/IND")) in coop


def test_nlp_each_event_has_its_own_place_and_the_addressee_does_not_act(nlp: Any) -> None:
    x = run(
        nlp,
        "We attended the opening ceremony of the 2008 Summer Olympics held in China, and you attended the "
        "opening ceremony of the 2014 Winter Games in Sochi. Mr Putin, I was pleased to receive your "
        "invitation to take part in the St Petersburg International Economic Forum.",
    )
    labels = {e.key: e.label for e in x.entities}
    located = {(labels[f.s], labels[f.o]) for f in x.facts if f.p == "location"}
    assert ("Summer Olympics", "Sochi") not in located
    assert not [f for f in x.facts if f.p == "participant" and "putin" in f.o.lower()]


def test_nlp_two_editions_of_a_recurring_event_are_two_events(nlp: Any) -> None:
    texts = {
        "a": (
            "Vladimir Putin took part in the St Petersburg International Economic Forum in June 2021.",
            "2021-06-05",
        ),
        "b": (
            "Vladimir Putin took part in the St Petersburg International Economic Forum in June 2022.",
            "2022-06-17",
        ),
    }
    docs = [Document(id=k, text=t, source="test", date=d) for k, (t, d) in texts.items()]
    events = [next(e for e in x.entities if e.type == "Event") for x in extract(nlp, docs)]
    assert [e.date.as_gold() if e.date else None for e in events] == ["2021-06", "2022-06"]
    assert events[0].key != events[1].key and events[1].key.endswith("-2022")
    assert all(
        f.s == events[1].key for f in run(nlp, texts["b"][0], texts["b"][1]).facts if f.p == "participant"
    )


def test_nlp_names_lose_headline_capitals_and_open_brackets_and_a_states_prefix_is_no_party(nlp: Any) -> None:
    x = run(
        nlp,
        "HUMAN RIGHTS AND HEALTH SECURITY Philippines-UN Joint Programme for Human Rights: the United "
        "States plans to support it. President Biden welcomed the signing of a new Memorandum of "
        "Cooperation between the U.S. National Telecommunications and Information Administration and the "
        "Saudi Ministry of Communications and Information Technology.",
    )
    labels = {e.label for e in x.entities}
    assert "Philippines-UN Joint Programme for Human Rights" in labels
    assert not any(label.isupper() or "(" in label for label in labels)
    memo = next(e for e in x.entities if e.label.startswith("Memorandum of Cooperation"))
    signers = {f.o for f in x.facts if f.s == memo.key and f.p == "signatory"}
    assert signers and not any("/country/" in s for s in signers)


def test_nlp_a_body_inside_a_name_gives_its_state_and_a_suggested_statement_is_unsigned(nlp: Any) -> None:
    x = run(
        nlp,
        "Senior representatives from the White House National Security Council held talks with Israel. "
        "Russia has suggested adopting a joint statement in support of the tourist industry. "
        "Next year we will hold the 20th Congress of the Communist Party of China.",
    )
    ents = by_label(x)
    nsc = ents["White House National Security Council"]
    assert nsc.key != ents["White House"].key
    assert (nsc.key, "jurisdiction", ID + "country/USA") in facts(x)
    assert not [f for f in x.facts if f.p == "signatory"]
    assert ents["20th Congress of the Communist Party of China"].type == "Event"


def test_nlp_areas_stay_in_their_enumeration_item_and_bare_innovation_is_no_area(nlp: Any) -> None:
    x = run(
        nlp,
        "The co-chairs announced key outcomes including: Development of a joint roadmap on trustworthy "
        "artificial intelligence; an early warning system for semiconductor supply chain disruptions. "
        "The Dialogue on Food Security will discuss agricultural innovation.",
    )
    areas = {(f.s, f.o) for f in x.facts if f.p == "coversArea"}
    roadmap = next(e.key for e in x.entities if e.label.startswith("joint roadmap"))
    assert (roadmap, "ArtificialIntelligence") in areas
    assert (roadmap, "HighTechManufacturing") not in areas
    assert not any(o == "ResearchAndInnovation" for _, o in areas)


def test_nlp_a_meeting_owned_by_a_person_is_theirs_not_the_clauses_doers(nlp: Any) -> None:
    x = run(
        nlp,
        "In addition, the two countries signed a package of documents before the Russian President's "
        "meeting with the Prime Minister of India. Russia and India are partners.",
    )
    assert not [f for f in x.facts if f.p == "metWith"]


def test_nlp_a_body_without_a_state_takes_its_list_its_side_or_its_publisher(nlp: Any) -> None:
    text = (
        "Senior representatives from the Department of State and the Department of Commerce held "
        "discussions with senior representatives from the Israel National Security Council, the Ministry "
        "of Innovation, Science and Technology and the Ministry of Health. On the Indian side, officials "
        "from the Department of Telecommunications took part."
    )
    doc = Document(id="t", text=text, source="test", url="https://www.whitehouse.gov/briefing-room/x/")
    x = next(extract(nlp, [doc]))
    state = {
        next(e.label for e in x.entities if e.key == f.s): f.o.rsplit("/", 1)[-1]
        for f in x.facts
        if f.p == "jurisdiction"
    }
    assert state["Department of Commerce"] == "USA"
    assert state["Ministry of Health"] == "ISR"
    assert state["Department of Telecommunications"] == "IND"


def test_nlp_a_head_of_several_words_names_its_class(nlp: Any) -> None:
    x = run(nlp, "The United States and India launched the Semiconductor Supply Chain Task Force in 2023.")
    assert by_label(x)["Semiconductor Supply Chain Task Force"].type == "Initiative"


def test_nlp_international_organisations_by_name_and_acronym(nlp: Any) -> None:
    """Development banks, UN agencies and regional groupings of the gazetteer are found by their
    full names and acronyms; a standard's number ("ISO/IEC 27001") is no organisation."""
    x = run(
        nlp,
        "The European Investment Bank and OCHA met officials of the Indian Ocean Rim Association in "
        "Geneva. The laboratory is certified under ISO/IEC 27001.",
    )
    orgs = {e.key for e in x.entities if e.type == "InternationalOrganization"}
    assert orgs == {ID + "org/EIB", ID + "org/OCHA", ID + "org/IORA"}
