"""Geography and trade rules on hand-parsed invented sentences."""

from __future__ import annotations

from spacy_docs import mention, parse, run, triples, view

EXPORTS = """
Peru Peru PROPN nsubj 1
exports export VERB ROOT 1
software software NOUN dobj 1
to to ADP prep 1
Chile Chile PROPN pobj 3
. . PUNCT punct 1
"""


def _view(table: str):
    doc = parse(table)
    return view(
        doc,
        [mention(doc, 0, 1, "Country", "PER"), mention(doc, len(doc) - 2, len(doc) - 1, "Country", "CHL")],
    )


def test_rules_geography_ict_exports_of_a_country_to_another():
    assert triples(run("geography.exports", _view(EXPORTS))) == {("PER", "exportsTo", "CHL")}


def test_rules_geography_negated_exports_are_no_exports():
    negated = EXPORTS.replace(
        "exports export VERB ROOT 1", "does do AUX aux 3\nnot not PART neg 3\nexport export VERB ROOT 3"
    ).replace("software software NOUN dobj 1", "software software NOUN dobj 3")
    negated = negated.replace("Peru Peru PROPN nsubj 1", "Peru Peru PROPN nsubj 3")
    negated = negated.replace(
        "to to ADP prep 1\nChile Chile PROPN pobj 3\n. . PUNCT punct 1",
        "to to ADP prep 3\nChile Chile PROPN pobj 5\n. . PUNCT punct 3",
    )
    assert run("geography.exports", _view(negated)) == []


def test_rules_geography_exports_of_goods_outside_ict_are_not_ict_exports():
    assert run("geography.exports", _view(EXPORTS.replace("software software", "potatoes potato"))) == []
