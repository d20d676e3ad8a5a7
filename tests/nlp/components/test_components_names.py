"""The names component on the real model's analysis of invented sentences: which spans name
which class of entity."""

from __future__ import annotations

from typing import Any

import pytest
from spacy_docs import labelled, real_view


def names(nlp: Any, text: str) -> dict[str, str]:
    return {m.text: m.type for m in real_view(nlp, text, "2025-05-04").mentions}


def test_components_names_a_numbered_session_of_a_named_body_is_an_event(nlp: Any) -> None:
    got = names(
        nlp,
        "The 30th meeting of the Council of Heads of Communications Administrations of the RCC "
        "was held in Baku.",
    )
    assert (
        got.get("30th meeting of the Council of Heads of Communications Administrations of the RCC")
        == "Event"
    )
    got = names(
        nlp, "The first meeting of the Digital Council of the Eurasian Economic Union took place in Minsk."
    )
    assert got.get("first meeting of the Digital Council of the Eurasian Economic Union") == "Event"


def test_components_names_an_unnumbered_meeting_of_a_body_is_no_event(nlp: Any) -> None:
    got = names(nlp, "A meeting of the Council of Heads of Communications Administrations was held in Baku.")
    assert "Event" not in got.values()


def test_components_names_a_sector_head_word_makes_a_company_with_its_country_word(nlp: Any) -> None:
    got = names(nlp, "Acme Telecom and China Mobile will build data centres in Serbia.")
    assert got.get("Acme Telecom") == "Company"
    assert got.get("China Mobile") == "Company"


def test_components_names_a_legal_form_or_industry_head_word_makes_a_company(nlp: Any) -> None:
    """'… Industries', '… Motors', '… Limited', '… Pharmaceuticals', '… Renewables', '… Aerospace'
    end company names (tables/heads.json); the model alone calls them anything."""
    got = names(nlp, "The ministry signed agreements with Qorvan Industries and Telmaro Motors.")
    assert got.get("Qorvan Industries") == got.get("Telmaro Motors") == "Company"
    got = names(nlp, "Brightline Renewables and Ostrava Aerospace will build a plant near Nairobi.")
    assert got.get("Brightline Renewables") == got.get("Ostrava Aerospace") == "Company"
    got = names(nlp, "Kivu Pharmaceuticals Limited opened an office in Accra.")
    assert got.get("Kivu Pharmaceuticals Limited") == "Company"


def test_components_names_one_word_ending_in_a_sector_word_is_a_company(nlp: Any) -> None:
    got = names(nlp, "Acme Telecom and Kazakhtelecom signed an agreement on broadband.")
    assert got.get("Kazakhtelecom") == "Company"


def test_components_names_a_documents_name_ends_before_the_place_it_was_signed_in(nlp: Any) -> None:
    got = names(
        nlp, "Vietnam and Laos signed a memorandum of understanding on digital transformation in Hanoi."
    )
    assert got.get("memorandum of understanding on digital transformation") == "Agreement"
    assert got.get("Hanoi") == "Place"


def test_components_names_what_the_model_tags_person_but_no_name_looks_like_is_no_person(nlp: Any) -> None:
    got = names(
        nlp, "Recognizing the importance of COVID-19 vaccines, the parties met Gavi. Advancing trade matters."
    )
    assert "Person" not in got.values()


def test_components_names_a_word_with_a_digit_is_no_persons_name(nlp: Any) -> None:
    """'COVID-19' tagged PERSON once makes no person of it, there or wherever else it stands."""
    text = (
        "Experts believe that COVID-19 will remain a threat for a long time. "
        "Kenya and Chile will expand the manufacturing of COVID-19 vaccines in Nairobi."
    )
    assert "Person" not in names(nlp, text).values()


def test_components_names_a_capitalised_common_word_is_no_company(nlp: Any) -> None:
    """'the Commission', 'Participants:' -- a head word, or a word the text also writes in lower
    case, is a word, not a company's name (the model tags such words ORG)."""
    text = (
        "Participants: ministers of Kenya and Chile. The participants agreed on a plan. "
        "The Commission welcomed the Initiative, and the Commission will report to the ministers."
    )
    got = names(nlp, text)
    assert not {"Participants", "Commission", "Initiative"} & {n for n, t in got.items() if t == "Company"}


def test_components_names_a_possessive_after_and_starts_another_noun_phrase(nlp: Any) -> None:
    """'the Code of Conduct and the ROK's hosting of …': a document's name ends before 'and' when
    a possessive follows; title-case words joined by 'and' still make one name."""
    got = names(nlp, "Kenya welcomed the Code of Conduct and the Chile's hosting of the Digital Forum.")
    assert "Code of Conduct" in got and not any("Chile" in n and n != "Chile" for n in got)
    got = names(nlp, "Kenya and Chile signed the Treaty on Friendly Relations and Strategic Partnership.")
    assert "Treaty on Friendly Relations and Strategic Partnership" in got


def test_components_names_a_lone_word_is_a_person_after_a_title(nlp: Any) -> None:
    got = names(nlp, "President Rahman met Minister Okonkwo in Accra.")
    assert got.get("Rahman") == "Person" and got.get("Okonkwo") == "Person"


def test_components_names_a_period_after_a_digit_and_capital_ends_the_sentence(nlp: Any) -> None:
    v = real_view(nlp, "Peru and Chile agreed to cooperate on 5G. Bolivia joined the talks.", "2025-05-04")
    assert len(v.sents) == 2


def test_components_names_a_bodys_list_of_portfolios_with_commas_is_one_name(nlp: Any) -> None:
    got = names(nlp, "The Ministry of Trade, Industry and Energy of Chile signed the plan.")
    assert got.get("Ministry of Trade, Industry and Energy of Chile") == "GovernmentBody"


def test_components_names_states_after_a_comma_do_not_join_a_bodys_name(nlp: Any) -> None:
    got = names(nlp, "The Ministry of Trade, Japan and Korea agreed on the plan.")
    assert "Ministry of Trade, Japan and Korea" not in got
    assert got.get("Japan") == "Country" and got.get("Korea") == "Country"


def test_components_names_the_parties_between_whom_a_document_is_are_part_of_its_name(nlp: Any) -> None:
    got = names(
        nlp,
        "They signed an Action Plan between the State Customs Service of Kenya and the Ministry of "
        "Trade of Chile on mutual recognition of trusted traders.",
    )
    assert (
        got.get(
            "Action Plan between the State Customs Service of Kenya and the Ministry of Trade of Chile "
            "on mutual recognition of trusted traders"
        )
        == "Agreement"
    )
    # the parties in the name are entities of the text too
    assert (
        got.get("State Customs Service of Kenya") == got.get("Ministry of Trade of Chile") == "GovernmentBody"
    )
    got = names(
        nlp,
        "Kenya signed a memorandum of understanding between the Kenyan Ministry of Energy and the Chilean "
        "Ministry of Mining.",
    )
    assert (
        got.get(
            "memorandum of understanding between the Kenyan Ministry of Energy and the Chilean Ministry "
            "of Mining"
        )
        == "Agreement"
    )
    # a party's own "and" does not part the parties: they part at "and the"
    got = names(
        nlp,
        "They signed a Memorandum of Cooperation between the Kenya Power and Lighting Authority and the "
        "Ministry of Communications and Information Technology of Chile.",
    )
    assert (
        "Memorandum of Cooperation between the Kenya Power and Lighting Authority and the Ministry of "
        "Communications and Information Technology of Chile" in got
    )
    # one party is no 'between' of a document: "ties between Kenya and …" is no name
    got = names(nlp, "An Action Plan between ministries was adopted.")
    assert "Action Plan between ministries" not in got


def test_components_names_a_list_of_subjects_and_a_campaign_like_subject_stay_in_a_documents_name(
    nlp: Any,
) -> None:
    got = names(nlp, "The Treaty of Peace, Friendship and Cooperation was signed in 1981.")
    assert got.get("Treaty of Peace, Friendship and Cooperation") == "Agreement"
    got = names(
        nlp, "They recalled the Treaty on Friendly Relations and Comprehensive Strategic Partnership."
    )
    assert got.get("Treaty on Friendly Relations and Comprehensive Strategic Partnership") == "Agreement"
    # a body after "and" begins a name of its own
    got = names(nlp, "They recalled the Treaty on Trade and the Ministry of Energy of Chile welcomed it.")
    assert got.get("Treaty on Trade") == "Agreement"


def test_components_names_a_list_a_company_noun_introduces_names_companies(nlp: Any) -> None:
    # the small model types these invented brands as a place, an organisation and a person
    got = names(nlp, "Companies including Voltaris, Brightwell, and Nordhaven signed memoranda with Kenya.")
    assert got.get("Voltaris") == got.get("Brightwell") == got.get("Nordhaven") == "Company"
    got = names(nlp, "The Kenyan corporation Tekno Fabrik will supply turbines.")
    assert got.get("Tekno Fabrik") == "Company"
    # a lone name after "including" is no list; a list after another noun names no companies
    got = names(nlp, "Delegations including Kenya and Chile attended.")
    assert "Company" not in got.values()


def test_components_names_a_plural_document_head_with_a_list_names_one_document_per_item(nlp: Any) -> None:
    got = names(
        nlp,
        "The representatives signed interdepartmental memorandums on cooperation in transport and transit, "
        "communications and IT, and banking supervision, as well as other documents.",
    )
    assert {n for n, t in got.items() if t == "Agreement"} == {
        "interdepartmental memorandum on cooperation in transport and transit",
        "interdepartmental memorandum on cooperation in communications and IT",
        "interdepartmental memorandum on cooperation in banking supervision",
    }
    # the preposition repeated: an item may hold commas of its own
    got = names(
        nlp,
        "The parties signed intergovernmental agreements on preventing, identifying and curbing "
        "money laundering and on cooperation in plant quarantine.",
    )
    assert {n for n, t in got.items() if t == "Agreement"} == {
        "intergovernmental agreement on preventing, identifying and curbing money laundering",
        "intergovernmental agreement on cooperation in plant quarantine",
    }
    # a plural head without a list names nothing of its own
    assert "Agreement" not in names(nlp, "The parties signed agreements on trade.").values()


def test_components_names_a_named_working_format_of_states_is_an_organisation(nlp: Any) -> None:
    # convention 6: standing formats of states are organisations, not campaigns
    got = names(nlp, "Chile joined the Equal Rights Coalition and the Digital Steering Group in 2024.")
    assert (
        got.get("Equal Rights Coalition") == got.get("Digital Steering Group") == "InternationalOrganization"
    )
    # a company's group is no format of states
    assert names(nlp, "The Voltaris Group opened an office in Nairobi.").get("Voltaris Group") != (
        "InternationalOrganization"
    )


def test_components_names_a_partnership_with_a_subject_word_is_a_name_a_bare_one_a_relation(nlp: Any) -> None:
    got = names(
        nlp, "Kenya joined the Kenya-Chile Climate Partnership and the Digital Connectivity Partnership."
    )
    assert (
        got.get("Kenya-Chile Climate Partnership")
        == got.get("Digital Connectivity Partnership")
        == "Initiative"
    )
    got = names(nlp, "Kenya and Chile upgraded their ties to a Comprehensive Strategic Partnership.")
    assert "Comprehensive Strategic Partnership" not in got


def test_components_names_policies_and_executive_orders_are_documents(nlp: Any) -> None:
    """Document heads (tables/heads.json): a named policy, an executive order (directives, convention 6)."""
    got = names(nlp, "Kenya and Chile adopted the Common Digital Policy in May.")
    assert got.get("Common Digital Policy") == "Agreement"
    got = names(nlp, "The President signed the Executive Order on Digital Trade.")
    assert got.get("Executive Order on Digital Trade") == "Agreement"
    # a body whose name ends in a policy word stays a body
    got = names(nlp, "The Kenyan Office of Science and Technology Policy hosted the talks.")
    assert got.get("Office of Science and Technology Policy") == "GovernmentBody"
    assert "Agreement" not in got.values()


@pytest.mark.parametrize(
    "text",
    [
        "Kenya and Chile reaffirmed the principles of mutual respect and non-interference.",
        "Within the framework of the visit, Kenya and Chile discussed fisheries.",
    ],
)
def test_components_names_principles_or_a_framework_of_something_are_values_not_documents(
    nlp: Any, text: str
) -> None:
    assert "Agreement" not in names(nlp, text).values()


def test_components_names_principles_for_something_are_a_document(nlp: Any) -> None:
    got = names(nlp, "Kenya and Chile adopted the shared principles for trustworthy data flows.")
    assert "Agreement" in got.values()


def test_components_names_standing_formats_of_states_in_the_gazetteer_are_organisations(nlp: Any) -> None:
    """ontology/gazetteer/organizations.ttl: coalitions, regimes and forums of states are
    organisations (convention 6), by their full names and unambiguous acronyms, whatever the model
    or a head word ('Forum', 'Partnership', 'Initiative') would make of them."""
    got = names(nlp, "Peru joined the Global Forum on Cyber Expertise and the Wassenaar Arrangement.")
    assert (
        got.get("Global Forum on Cyber Expertise")
        == got.get("Wassenaar Arrangement")
        == "InternationalOrganization"
    )
    got = names(nlp, "Ghana welcomed the work of the Minerals Security Partnership and of the GFCE.")
    assert got.get("Minerals Security Partnership") == "InternationalOrganization"
    assert got.get("GFCE") == "InternationalOrganization"


def test_components_names_companies_of_the_gazetteer_are_known_by_every_form(nlp: Any) -> None:
    """ontology/gazetteer/companies.ttl: operators and vendors a model alone types as anything."""
    got = names(nlp, "Uzbektelecom, ZTE and PJSC MegaFon signed a memorandum on 5G networks.")
    assert got.get("Uzbektelecom") == got.get("ZTE") == got.get("PJSC MegaFon") == "Company"
    got = names(nlp, "Kazakhtelecom and Huawei Technologies agreed to build a data centre in Astana.")
    assert got.get("Kazakhtelecom") == got.get("Huawei Technologies") == "Company"
    # well-known groups of every sector that cooperation fact sheets name as partners and investors
    got = names(nlp, "Lockheed Martin, Rheinmetall and Kazatomprom joined Telstra and Cloudflare in Nairobi.")
    assert {
        got.get(n) for n in ("Lockheed Martin", "Rheinmetall", "Kazatomprom", "Telstra", "Cloudflare")
    } == {"Company"}
    # a company is not split off a longer name that holds it (convention 7)
    got = names(nlp, "The Beltelecom Training Centre hosted the course.")
    assert "Beltelecom Training Centre" in got and "Beltelecom" not in got


def test_components_names_a_numbered_session_of_a_body_named_after_its_organisation_is_an_event(
    nlp: Any,
) -> None:
    got = names(nlp, "The 12th meeting of the ASEAN Council of Digital Ministers was held in Hanoi.")
    assert got.get("12th meeting of the ASEAN Council of Digital Ministers") == "Event"
    got = names(
        nlp,
        "The 12th meeting of the Association of Southeast Asian Nations (ASEAN) Council of Digital "
        "Ministers was held in Hanoi.",
    )
    assert (
        got.get(
            "12th meeting of the Association of Southeast Asian Nations (ASEAN) Council of Digital Ministers"
        )
        == "Event"
    )
    got = names(
        nlp, "The second meeting of the Kenya-Chile Joint Working Group on ICT took place in Nairobi."
    )
    assert got.get("second meeting of the Kenya-Chile Joint Working Group on ICT") == "Event"


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        (
            "The Ministries of Communications of Ghana and Kenya signed a memorandum.",
            ["Ministry of Communications of Ghana", "Ministry of Communications of Kenya"],
        ),
        (
            "The Ministries of Foreign Affairs of Ghana, Kenya and Uganda issued a statement.",
            [
                "Ministry of Foreign Affairs of Ghana",
                "Ministry of Foreign Affairs of Kenya",
                "Ministry of Foreign Affairs of Uganda",
            ],
        ),
    ],
)
def test_components_names_a_plural_body_of_several_states_is_one_body_per_state(
    nlp: Any, text: str, bodies: list[str]
) -> None:
    got = names(nlp, text)
    assert [n for n, t in got.items() if t == "GovernmentBody"] == bodies
    assert {"Ghana", "Kenya"} <= {n for n, t in got.items() if t == "Country"}


def test_components_names_a_possessive_state_and_the_plain_form_are_one_body(nlp: Any) -> None:
    v = real_view(
        nlp,
        "Kenya's Ministry of Information met the press. The Ministry of Information of Kenya opened a hub.",
        "2025-05-04",
    )
    bodies = {m.key for m in v.mentions if m.type == "GovernmentBody"}
    assert bodies == {"gov/KEN-ministry-of-information"}


def test_components_names_a_gerund_after_the_preposition_is_a_documents_topic(nlp: Any) -> None:
    got = names(nlp, "Safaricom and Airtel signed a memorandum on roaming.")
    assert got.get("memorandum on roaming") == "Agreement"
    got = names(nlp, "The regulators adopted a roadmap for developing broadband in rural areas.")
    assert got.get("roadmap for developing broadband in rural areas") == "Agreement"


def test_components_names_and_the_after_a_company_head_starts_another_name(nlp: Any) -> None:
    got = names(nlp, "The Coding Cup hackathon was organised by Savanna Telecom and the Mombasa Tech Hub.")
    assert got.get("Savanna Telecom") == "Company"
    assert got.get("Coding Cup hackathon") == "Event"  # a lower-case event head after a title


def test_components_names_an_indefinite_title_case_phrase_before_a_lower_case_head_is_no_name(
    nlp: Any,
) -> None:
    got = names(nlp, "Kenya will host an Open RAN workshop in March and the Coding Cup hackathon in May.")
    assert got.get("Coding Cup hackathon") == "Event"
    assert not any("workshop" in n for n in got)


def test_components_names_a_company_named_after_its_state_is_a_company_and_the_state_stays(nlp: Any) -> None:
    got = names(nlp, "Uganda Airways and Kenya Power signed a memorandum on fibre along power lines.")
    assert got.get("Uganda Airways") == got.get("Kenya Power") == "Company"
    assert got.get("Uganda") == got.get("Kenya") == "Country"
    # a titled person named after the state of the title is no company
    got = names(nlp, "President of Uganda Yoweri Museveni opened the summit.")
    assert "Company" not in got.values() and got.get("Uganda") == "Country"


def test_components_names_a_name_after_a_noun_of_a_thing_is_no_person(nlp: Any) -> None:
    got = names(
        nlp, "Safaricom presented the app Click Up and the platform Jenga Hub to Minister Amina Odhiambo."
    )
    assert got.get("Amina Odhiambo") == "Person"
    assert "Person" not in {t for n, t in got.items() if n != "Amina Odhiambo"}


def test_components_names_a_titles_portfolio_is_no_document(nlp: Any) -> None:
    got = names(
        nlp, "Minister of State for Digital Economy Policy Amina Odhiambo signed the Nairobi Data Policy."
    )
    assert got.get("Nairobi Data Policy") == "Agreement"
    assert "Digital Economy Policy" not in got


def test_components_names_kind_adjectives_between_a_title_and_a_lower_case_event_head(nlp: Any) -> None:
    got = names(nlp, "The Kenyan delegation took part in the Connected Nairobi 2024 international forum.")
    assert got.get("Connected Nairobi 2024 international forum") == "Event"
    assert "Event" not in names(nlp, "The Kenyan delegation took part in the international forum.").values()


def test_components_names_and_the_between_two_events_starts_the_second(nlp: Any) -> None:
    got = names(nlp, "Kenya invited Ghana to the Nairobi Internet Forum and the Coast Tech conference.")
    assert got.get("Nairobi Internet Forum") == "Event"
    assert got.get("Coast Tech conference") == "Event"
    got = names(nlp, "Kenya hosted the Nairobi Internet Forum and the 2nd Savanna ICT Awards.")
    assert got.get("2nd Savanna ICT Awards") == "Event"  # an awards ceremony is an event


def test_components_names_a_number_glued_to_a_word_stays_in_a_documents_name(nlp: Any) -> None:
    got = names(nlp, "Kenya and Chile signed a 5G cooperation memorandum.")
    assert got.get("5G cooperation memorandum") == "Agreement"


def test_components_names_the_abbreviations_mou_moc_loi_head_a_document(nlp: Any) -> None:
    """'MOU'/'MoU' is the usual short form of 'memorandum of understanding' in news: it heads a
    document name like the full word, with its topic or its parties."""
    got = names(nlp, "Safaricom and Airtel signed an MOU on cooperation in cybersecurity.")
    assert got.get("MOU on cooperation in cybersecurity") == "Agreement"
    got = names(nlp, "Kenya and Ghana signed a MoU on fibre backbones.")
    assert got.get("MoU on fibre backbones") == "Agreement"
    # the same for the other usual short forms: memorandum of cooperation, letter of intent
    got = names(nlp, "Safaricom and Airtel signed an MoC on data centres and a LoI on cloud computing.")
    assert got.get("MoC on data centres") == got.get("LoI on cloud computing") == "Agreement"
    # alone, the short form names nothing: "the MOU" points back to a memorandum
    got = names(nlp, "Safaricom and Airtel signed an MOU on roaming. The MOU takes effect in May.")
    assert [n for n in got if n.startswith("MOU")] == ["MOU on roaming"]
    got_facts = labelled(
        nlp, "agreements.signing", "Safaricom and Airtel signed an MOU on roaming.", "signatory"
    )
    assert ("MOU on roaming", "signatory", "Safaricom") in got_facts


def test_components_names_and_the_after_a_body_starts_another_name(nlp: Any) -> None:
    """'the Institute of X and the University of Y': a body's name does not run on over 'and the'
    into the next noun phrase (a body's own 'and' without 'the' still joins its portfolios)."""
    got = names(
        nlp,
        "The Mombasa Institute of Radio Engineering and the Nairobi University of Technology "
        "signed a memorandum on joint research.",
    )
    assert got.get("Mombasa Institute of Radio Engineering") == "GovernmentBody"
    assert not any("University" in n for n, t in got.items() if t == "GovernmentBody")
    got = names(nlp, "The Ministry of Information and Communications of Kenya opened a hub.")
    assert any(n.startswith("Ministry of Information and Communications") for n in got)


def test_components_names_a_session_after_a_bodys_name_is_an_event(nlp: Any) -> None:
    """'the ITU Council session': a lower-case 'session' after a title-case name names a session
    of that body, an event its participants take part in."""
    got = names(nlp, "The Kenyan delegation took part in the ITU Council session in Geneva.")
    assert got.get("ITU Council session") == "Event"
    got_facts = labelled(
        nlp,
        "events.participation",
        "The Kenyan delegation took part in the ITU Council session.",
        "participant",
    )
    assert ("ITU Council session", "participant", "Kenya") in got_facts


def test_components_names_the_period_a_document_covers_is_part_of_its_name(nlp: Any) -> None:
    """'a roadmap for 2025-2027': the span of years after 'for' belongs to the document's name,
    whether the tokenizer splits it at the hyphen or not; another date does not."""
    got = names(nlp, "Kenya and Ghana signed a roadmap for 2025-2027 on 14 March.")
    assert got.get("roadmap for 2025-2027") == "Agreement"
    got = names(nlp, "Kenya and Ghana adopted a programme of exchanges for 2024–2026.")
    assert got.get("programme of exchanges for 2024–2026") == "Agreement"


def test_components_names_a_known_place_after_in_ends_a_documents_topic(nlp: Any) -> None:
    """'a joint declaration on digital cooperation in Dushanbe': 'in' before a place the gazetteer
    knows (whatever the NER says of it) is where it was signed, not part of its name."""
    got = names(nlp, "Kenya and Ghana signed a joint declaration on digital cooperation in Dushanbe.")
    assert got.get("joint declaration on digital cooperation") == "Agreement"
    assert got.get("Dushanbe") == "Place"


def test_components_names_an_unquoted_title_after_a_lower_case_event_head_is_its_name(nlp: Any) -> None:
    """'the international forum Digital Nairobi 2025' names the forum as the quoted form does,
    edition year included; a state after the head ('the forum Kenya hosted') names nothing."""
    got = names(nlp, "Kenya took part in the international forum Digital Nairobi 2025.")
    assert got.get("Digital Nairobi 2025") == "Event"
    got = names(nlp, "The forum Kenya hosted last year drew many visitors.")
    assert "Event" not in got.values()


def test_components_names_a_title_before_a_lower_case_strategy_names_it(nlp: Any) -> None:
    """'the Digital Kenya 2030 strategy', 'the Smart Nairobi concept': a title-case name before a
    lower-case 'strategy' or 'concept' names the document, as before 'programme'."""
    got = names(
        nlp, "The sides discussed joint projects within the framework of the Digital Kenya 2030 strategy."
    )
    assert got.get("Digital Kenya 2030 strategy") == "Agreement"


def test_components_names_a_place_after_a_numbered_sessions_body_is_not_in_its_name(nlp: Any) -> None:
    """'the 34th meeting of the Council of Heads of Communications Administrations in Nairobi':
    the body's name, and so the event's, ends before 'in' and a known place."""
    got = names(
        nlp,
        "The Commonwealth held the 34th meeting of the Council of Heads of Communications "
        "Administrations in Nairobi on 12 September.",
    )
    assert got.get("34th meeting of the Council of Heads of Communications Administrations") == "Event"
    assert got.get("Nairobi") == "Place"


def test_components_names_a_numbered_meeting_of_a_joint_body_of_named_parties_is_an_event(nlp: Any) -> None:
    """'the 12th meeting of the Kenyan-Ghanaian working group on ICT cooperation': a lower-case
    body named by its parties, with an ordinal, is a named format's session; without named
    parties ('the 3rd meeting of the working group') it names nothing."""
    got = names(
        nlp, "Nairobi hosted the 12th meeting of the Kenyan-Ghanaian working group on ICT cooperation."
    )
    assert got.get("12th meeting of the Kenyan-Ghanaian working group on ICT cooperation") == "Event"
    assert "Event" not in names(nlp, "The 3rd meeting of the working group took place in May.").values()


def test_components_names_vietnams_own_spelling_of_its_cities_is_the_city(nlp: Any) -> None:
    """Vietnam's English-language releases write 'Ha Noi' and 'HCM City': the gazetteer's forms
    of Hanoi and Ho Chi Minh City, so the place and its country are found."""
    v = real_view(
        nlp, "Kenya and Vietnam signed a memorandum in Ha Noi and opened an office in HCM City.", None
    )
    keys = {
        m.key.rsplit("/", 2)[-2] + "/" + m.key.rsplit("/", 1)[-1] for m in v.mentions if m.type == "Place"
    }
    assert keys == {"place/VN-hanoi", "place/VN-ho-chi-minh-city"}


def test_components_names_a_congress_taken_part_in_is_an_event(nlp: Any) -> None:
    """'Congress' and 'Assembly' head both bodies and their sessions: taken part in or attended,
    the name is an event; otherwise a body ('The National Assembly of Kenya adopted the law')."""
    got = names(nlp, "The Kenyan delegation is taking part in the Mobile World Congress in Barcelona.")
    assert got.get("Mobile World Congress") == "Event"
    got = names(nlp, "The National Assembly of Kenya adopted the law.")
    assert got.get("National Assembly of Kenya") == "GovernmentBody"


def test_components_names_a_known_name_after_and_is_another_name(nlp: Any) -> None:
    """'the Ministry of Industry and New Technologies and Safaricom': a body's name does not run
    on over 'and' into a name the gazetteer knows."""
    got = names(
        nlp,
        "Kenya's Ministry of Industry and New Technologies and Safaricom signed an agreement on training.",
    )
    assert got.get("Safaricom") == "Company"
    assert not any("Safaricom" in n for n, t in got.items() if t == "GovernmentBody")


def test_components_names_an_infinitive_names_a_document_only_right_after_its_head(nlp: Any) -> None:
    """'an agreement to establish a data centre': the infinitive says which document; after the
    title's own complement ('Agreement on Digital Trade | to strengthen …', '… between A and B | to
    continue …') it says why the document was signed, and the name ends before it."""
    got = names(nlp, "Ruritania and Freedonia signed an agreement to establish a joint data centre.")
    assert got.get("agreement to establish a joint data centre") == "Agreement"
    got = names(
        nlp, "The ministers signed the Agreement on Digital Trade to strengthen the ties of both states."
    )
    assert got.get("Agreement on Digital Trade") == "Agreement"
    got = names(
        nlp,
        "The Memorandum of Understanding between the Ministry of Posts of Ruritania and the Ministry "
        "of Communications of Freedonia to continue joint work on 5G networks was signed.",
    )
    assert {n for n, t in got.items() if t == "Agreement"} == {
        "Memorandum of Understanding between the Ministry of Posts of Ruritania and the Ministry of "
        "Communications of Freedonia"
    }


def test_components_names_an_office_named_after_its_holder_before_a_name_is_a_title(nlp: Any) -> None:
    """'United States Trade Representative Jane Smith': the gazetteer's body form is the person's
    title there (convention 9: no body the title does not name), and the state it begins with stays;
    standing alone it is the body."""
    got = names(nlp, "United States Trade Representative Jane Smith met the minister in Geneva.")
    assert "GovernmentBody" not in got.values()
    assert got.get("United States") == "Country"
    assert got.get("Jane Smith") == "Person"
    got = names(nlp, "The United States Trade Representative announced new tariffs.")
    assert got.get("United States Trade Representative") == "GovernmentBody"


def _names_given_ner(nlp: Any, text: str, ents: list[tuple[int, int, str]]) -> dict[str, str]:
    """The names of ``text`` when the model's NER says exactly ``ents`` (token start, end, label)."""
    from spacy.tokens import Span

    from graph.nlp.rules.context import DocumentView

    doc = nlp.make_doc(text)
    doc._.coop_doc_id, doc._.coop_doc_date = "t", "2025-05-04"
    for name, proc in nlp.pipeline:
        if name == "coop_relations":
            break
        doc = proc(doc)
        if name == "ner":
            doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return {m.text: m.type for m in DocumentView.of_doc(doc).mentions}


@pytest.mark.parametrize(
    ("text", "ents", "place"),
    [
        ("The delegation was briefed on Zorbatron today.", [(5, 6, "GPE")], None),
        ("The forum was held in Zorbatron today.", [(5, 6, "GPE")], "Zorbatron"),
        ("They met in the village of Zorbatron today.", [(6, 7, "GPE")], "Zorbatron"),
        ("Zorbatron will host the conference in May.", [(0, 1, "GPE")], "Zorbatron"),
        ("The talks took place in Zorbatron, Russia.", [(5, 6, "GPE")], "Zorbatron"),
    ],
)
def test_components_names_a_place_the_gazetteer_does_not_know_needs_a_locative_cue(
    nlp: Any, text: str, ents: list[tuple[int, int, str]], place: str | None
) -> None:
    """A capitalised word the model calls a place but the gazetteer does not know is a place after
    a locative preposition ('held in X'), a settlement noun ('the village of X'), as the subject of
    'host', or before a state ('X, Country'); elsewhere it is mostly a person, a programme or a
    thing the small model mistyped."""
    got = _names_given_ner(nlp, text, ents)
    places = {n for n, t in got.items() if t == "Place"}
    assert places == ({place} if place else set())


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "The Ruritanian Communications and Informatization Ministry signed the memorandum.",
            "Ruritanian Communications and Informatization Ministry",
        ),
        (
            "The Korea Internet and Security Agency signed the memorandum.",
            "Korea Internet and Security Agency",
        ),
    ],
)
def test_components_names_two_portfolios_joined_by_and_before_a_bodys_head_are_its_name(
    nlp: Any, text: str, body: str
) -> None:
    """'the Communications and Informatization Ministry': a body named by two portfolios before its
    head word keeps both (it was cut to 'Informatization Ministry')."""
    got = names(nlp, text)
    assert got.get(body) == "GovernmentBody"


@pytest.mark.parametrize(
    ("text", "event"),
    [
        (
            "The 4th ASEAN Digital Ministers Meeting was held in Singapore.",
            "4th ASEAN Digital Ministers Meeting",
        ),
        (
            "The 13th ASEAN Telecommunications and IT Ministers Meeting took place in Kuala Lumpur.",
            "13th ASEAN Telecommunications and IT Ministers Meeting",
        ),
    ],
)
def test_components_names_who_meets_right_before_an_event_head_is_in_its_name(
    nlp: Any, text: str, event: str
) -> None:
    """'the ASEAN Digital Ministers Meeting': a plural title right before the head names who meets
    (a singular title before a name still ends one); 'IT' in capitals is an acronym inside the name,
    not the pronoun that starts none."""
    assert names(nlp, text).get(event) == "Event"


def test_components_names_a_government_by_its_own_name_is_its_state(nlp: Any) -> None:
    """'the Cabinet of Ministers of Ukraine', 'the Council of Ministers of Belarus' are those states'
    governments, which stand for the states (convention 5, as 'the Government of X'); of no state
    ('… of the European Union'), the council stays a body."""
    got = names(nlp, "The Cabinet of Ministers of Ukraine approved the programme.")
    assert got.get("Cabinet of Ministers of Ukraine") == "Country"
    got = names(nlp, "The Council of Ministers of Belarus approved the programme.")
    assert got.get("Council of Ministers of Belarus") == "Country"
    got = names(nlp, "The Council of Ministers of the European Union met in Brussels.")
    assert got.get("Council of Ministers of the European Union") == "GovernmentBody"


def test_components_names_gazetteer_initiatives_are_initiatives(nlp: Any) -> None:
    """Named campaigns and frameworks (convention 6) the name patterns miss (no head word) or
    mistype ('road' heads an Agreement) are Initiatives by the gazetteer."""
    got = names(nlp, "Kenya joined the Blue Dot Network and welcomed the Global Gateway and COVAX.")
    assert got.get("Blue Dot Network") == got.get("Global Gateway") == got.get("COVAX") == "Initiative"
    got = names(nlp, "Both sides support the Digital Silk Road, Power Africa and PESCO.")
    assert got.get("Digital Silk Road") == got.get("Power Africa") == got.get("PESCO") == "Initiative"
    got = names(nlp, "Japan and Italy launched the Hiroshima AI Process and joined the Christchurch Call.")
    assert got.get("Hiroshima AI Process") == got.get("Christchurch Call") == "Initiative"
    assert "Hiroshima" not in got and "Christchurch" not in got  # a city inside a name is no place


def test_components_names_a_name_grown_over_a_known_initiative_is_that_initiative(nlp: Any) -> None:
    """'China's Belt and Road Initiative' is the Belt and Road Initiative (and China), not a second
    initiative; names coordinated with one end before it; a document's name that stops inside an
    initiative it names takes all of it."""
    got = names(
        nlp, "Leaders welcomed China's Belt and Road Initiative and the Digital Silk Road Initiative."
    )
    assert got.get("Belt and Road Initiative") == got.get("Digital Silk Road") == "Initiative"
    assert got.get("China") == "Country"
    assert "China's Belt and Road Initiative" not in got and "Digital Silk Road Initiative" not in got
    got = names(nlp, "Brazil supports the Global Development Initiative and COVAX.")
    assert got.get("Global Development Initiative") == got.get("COVAX") == "Initiative"
    assert "Global Development Initiative and COVAX" not in got
    got = names(nlp, "They discussed the Digital Economy Partnership and the Belt and Road Initiative.")
    assert got.get("Digital Economy Partnership") == "Initiative"
    got = names(nlp, "China and Italy signed a Memorandum of Understanding on the Belt and Road Initiative.")
    assert got.get("Memorandum of Understanding on the Belt and Road Initiative") == "Agreement"
    assert got.get("Belt and Road Initiative") == "Initiative"


def test_components_names_gazetteer_agreements_are_agreements(nlp: Any) -> None:
    """Named treaties, acts and programmes (convention 6) with no head word the name patterns
    know, or shortened by the press, are Agreements by the gazetteer; a name grown over one and
    the states or organisations beside it is no second entity, and those stand."""
    got = names(
        nlp, "Armenia joined Horizon Europe and NextGenerationEU funds the Artemis Accords and New START."
    )
    assert got.get("Horizon Europe") == got.get("NextGenerationEU") == "Agreement"
    assert got.get("Artemis Accords") == got.get("New START") == "Agreement"
    got = names(
        nlp, "China and the EU discussed the EU's AI Act and the WTO Information Technology Agreement."
    )
    assert got.get("AI Act") == got.get("Information Technology Agreement") == "Agreement"
    assert got.get("EU") == got.get("WTO") == "InternationalOrganization"
    assert "EU's AI Act" not in got and "WTO Information Technology Agreement" not in got
    got = names(
        nlp, "Ukraine ratified the Budapest Convention and the United Nations Convention against Cybercrime."
    )
    assert got.get("Budapest Convention") == got.get("Convention against Cybercrime") == "Agreement"
    assert got.get("United Nations") == "InternationalOrganization" and "United Nations Convention" not in got
    got = names(nlp, "Armenia signed the Memorandum of Understanding on Horizon Europe.")
    assert (
        got.get("Memorandum of Understanding on Horizon Europe") == got.get("Horizon Europe") == "Agreement"
    )


def test_components_names_a_possessive_ends_a_bodys_name_and_its_owner_is_its_state(nlp: Any) -> None:
    """'Peru's Rural Broadband Office', 'the Agriculture Ministry's Rural Broadband Office': the
    possessor owns the body and is no word of its name; a possessor state is its jurisdiction."""
    got = names(nlp, "The Agriculture Ministry’s Rural Broadband Office will fund towers in Peru.")
    assert {k: v for k, v in got.items() if v == "GovernmentBody"} == {
        "Agriculture Ministry": "GovernmentBody",
        "Rural Broadband Office": "GovernmentBody",
    }
    v = real_view(nlp, "Peru’s Rural Broadband Office will fund towers.", "2025-05-04")
    [body] = [m for m in v.mentions if m.type == "GovernmentBody"]
    assert (body.text, body.country) == (
        "Rural Broadband Office",
        "https://w3id.org/coopgraph/id/country/PER",
    )


def test_components_names_a_mobile_generation_is_one_word_of_a_name(nlp: Any) -> None:
    """'5G' stays one token ('5G Strategy', not 'G Strategy'); a name that ends in its head word
    before 'and' is complete ('the Information Act and | the 5G Strategy'); a multi-word
    preposition ends a document's tail ('… Strategy | in line with …')."""
    got = names(
        nlp, "We will help Peru update its Information Act and 5G Strategy in line with the principles."
    )
    assert {k: v for k, v in got.items() if v == "Agreement"} == {
        "Information Act": "Agreement",
        "5G Strategy": "Agreement",
    }
    got = names(nlp, "Peru and Chile signed a memorandum on cooperation in order to expand trade.")
    assert "memorandum on cooperation" in got


def test_components_names_a_technical_word_with_a_digit_is_no_companys_acronym(nlp: Any) -> None:
    """A heading glued to its text ('Global Connectivity 6G technologies …'): the all-capitals
    word with a digit is no acronym, so the model's organisation is no company."""
    got = names(
        nlp, "Affordability, Sustainability, and Global Connectivity 6G technologies that allow for savings."
    )
    assert "Company" not in got.values()


def test_components_names_a_title_case_toward_or_against_joins_a_documents_name(nlp: Any) -> None:
    """'the U.S. Strategy Toward Sub-Saharan Africa', 'the Convention against Cybercrime': a
    preposition between title-case words stays inside the name; before a lower-case phrase it does
    not ('worked toward digital trade')."""
    got = names(nlp, "The United States released the U.S. Strategy Toward Sub-Saharan Africa in August.")
    assert got.get("U.S. Strategy Toward Sub-Saharan Africa") == "Agreement"
    got = names(nlp, "Peru signed the Regional Convention against Cybercrime.")
    assert got.get("Regional Convention against Cybercrime") == "Agreement"


def test_components_names_an_editions_year_opens_an_events_name(nlp: Any) -> None:
    """'the 2025 Youth Summit', 'the 2021 Andean Digital Dialogue': the year of an edition is the
    first word of the event's name (the fullest name the text gives, convention 8)."""
    got = names(nlp, "We look forward to the 2025 Youth Summit and the 2021 Andean Digital Dialogue.")
    assert got.get("2025 Youth Summit") == "Event"
    assert got.get("2021 Andean Digital Dialogue") == "Event"


def test_components_names_at_ends_a_companys_name(nlp: Any) -> None:
    """'with Acme Motors at COP28': 'at' says where, it joins no company's name."""
    got = names(nlp, "Peru signed a letter of interest with Acme Motors at COP28.")
    assert got.get("Acme Motors") == "Company"
    assert not any(n.endswith("COP28") for n in got)


def test_components_names_a_defined_short_form_is_no_company(nlp: Any) -> None:
    """'the Andean Cyber Group (the Group) … the Group's commitment', 'the Participants intend …':
    a group noun alone, capitalised as a document's defined short form, names no company."""
    text = (
        "We, the Principals of Peru and Chile of the Andean Cyber Group (the Group) met in Lima. "
        "We reaffirm the Group’s commitment. Our meeting advanced the Group’s agenda."
    )
    assert "Group" not in names(nlp, text)
