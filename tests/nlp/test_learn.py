"""The learned decision: its threshold (among thresholds of nearly the best F1, the highest up to
0.5) and its features."""

from __future__ import annotations

import numpy as np

from graph.model import CandidateFact, Document, Entity, Evidence, Extraction
from graph.nlp.learn import train

EV = Evidence("d", "An invented sentence.", 0, 21, 0, 21)


def _example(
    right_high: int, right_low: int, wrong_low: int, gold_total: int
) -> tuple[train.Example, np.ndarray]:
    """One document: an agreement with ``gold_total`` gold signatories; candidates for
    ``right_high`` of them at probability 0.9, ``right_low`` more at 0.3, and ``wrong_low``
    signatories nobody annotated at 0.3."""
    people = [f"Person Number{k:02d}" for k in range(gold_total + wrong_low)]
    ents = [Entity("agr", "Agreement", "Invented Accord", mentions=[EV])] + [
        Entity(f"p{k}", "Person", name, mentions=[EV]) for k, name in enumerate(people)
    ]
    gold = {
        "id": "d",
        "entities": [{"id": "g-agr", "type": "Agreement", "name": "Invented Accord"}]
        + [{"id": f"g{k}", "type": "Person", "name": name} for k, name in enumerate(people)],
        "facts": [{"s": "g-agr", "p": "signatory", "o": f"g{k}"} for k in range(gold_total)],
    }
    wanted = list(range(right_high + right_low)) + list(range(gold_total, gold_total + wrong_low))
    probs = [0.9 if k < right_high else 0.3 for k in wanted]
    cands = [
        CandidateFact("agr", "signatory", f"p{k}", ("sign",), {}, p, True, EV)
        for k, p in zip(wanted, probs, strict=True)
    ]
    x = Extraction(Document("d", "An invented sentence.", "test"), ents, [], candidates=cands)
    return train.Example(gold, x, train.label(gold, x)), np.array(probs)


def test_learn_threshold_takes_the_higher_of_two_nearly_equal_f1() -> None:
    # below 0.3: 20 right and 2 wrong of 50 (P 0.91, F1 0.556); above: 19 right (P 1.0, F1 0.551)
    ex, probs = _example(right_high=19, right_low=1, wrong_low=2, gold_total=50)
    assert ex.labels.count(1) == 20
    assert train.choose_threshold([ex], probs, target=0.8) > 0.3


def test_learn_threshold_keeps_the_recall_that_is_worth_more_than_the_tolerance() -> None:
    # below 0.3: 20 right and 2 wrong of 25 (F1 0.85); above: 10 right (F1 0.57)
    ex, probs = _example(right_high=10, right_low=10, wrong_low=2, gold_total=25)
    assert train.choose_threshold([ex], probs, target=0.8) <= 0.3


def test_learn_threshold_the_precision_step_keeps_facts_more_probably_right_than_wrong() -> None:
    # as in the first test, but the facts between the two thresholds have probability 0.6:
    # dropping them would buy precision with facts the model finds more likely right than wrong
    ex, probs = _example(right_high=19, right_low=1, wrong_low=2, gold_total=50)
    probs = np.where(probs < 0.5, 0.6, probs)
    assert train.choose_threshold([ex], probs, target=0.8) <= 0.6


def test_learn_features_an_area_inside_its_owners_name_is_known_by_that_alone() -> None:
    """Convention 24: the name states the scope. Where the area stands and how many other owners
    the sentence holds are no features of it (they are of an area outside the name)."""
    text = (
        "Kenya and Chile discussed the Action Plan on Cybersecurity at the Nairobi Digital Forum "
        "and agreed on cooperation in artificial intelligence."
    )
    [ex] = train.collect([{"id": "invented", "text": text, "entities": [], "facts": []}])
    areas = {c.o: c.features for c in ex.extraction.candidates if c.p == "coversArea"}
    inside = next(f for o, f in areas.items() if o == "Cybersecurity")
    assert inside.get("coversArea|inside_name") == 1.0
    assert not any(k.startswith(("coversArea|dist=", "coversArea|owners_in_sent=")) for k in inside)
    outside = areas["ArtificialIntelligence"]
    assert "coversArea|inside_name" not in outside
    assert any(k.startswith("coversArea|dist=") for k in outside)


def test_learn_features_a_fronted_time_adverbial_is_known_as_such() -> None:
    """'In 2022, the delegation took part in …': the date frames the whole clause (date|fronted);
    a date inside the clause is not fronted."""
    text = (
        "In 2022, the Kenyan delegation took part in the Nairobi Digital Forum.\n\n"
        "The Chilean delegation took part in the Santiago Cloud Summit in 2021."
    )
    [ex] = train.collect(
        [{"id": "invented", "text": text, "entities": [], "facts": [], "date": "2024-05-01"}]
    )
    dates = {c.o: c.features for c in ex.extraction.candidates if c.p == "date"}
    assert dates["2022"].get("date|fronted") == 1.0
    assert "date|fronted" not in dates["2021"]


def test_learn_fit_gives_the_same_bytes_whatever_order_features_come_in(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`coopgraph train` on the same annotations writes the same file: the vectoriser's vocabulary
    must not keep the (hash-seeded) order in which features were first seen."""
    import dataclasses

    from graph.nlp.learn.artefact import save

    def examples(reverse: bool) -> list[train.Example]:
        out = []
        for k in range(4):
            ex, _ = _example(right_high=3, right_low=2, wrong_low=2, gold_total=6)
            ex.gold["id"] = f"d{k}"
            cands = []
            for n, c in enumerate(ex.extraction.candidates):
                feats = {f"f{n % 3}": 1.0, f"g{k}": 1.0, "bias": 1.0}
                feats = dict(reversed(list(feats.items()))) if reverse else feats
                cands.append(dataclasses.replace(c, features=feats))
            ex.extraction.candidates = cands
            out.append(ex)
        return out

    paths = []
    for reverse in (False, True):
        art = train.fit(examples(reverse), folds=2)
        paths.append(save(art, tmp_path / f"{reverse}.json"))
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_learn_shipped_decision_gives_scikit_learns_probabilities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The saved decision, applied without scikit-learn, gives the fitted pipeline's calibrated
    probabilities: on rows of known features with varied values, unseen features (no weight),
    empty rows and scores beyond the calibration's ends (clipped)."""
    import random

    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    from graph.nlp.learn.artefact import Artefact, load, save

    rnd = random.Random(7)
    names = [f"rel{i % 4}|feat{i}" for i in range(60)]
    rows = [
        {rnd.choice(names): rnd.choice([1.0, 0.5, 2.0]) for _ in range(rnd.randint(1, 12))}
        for _ in range(400)
    ]
    y = np.array([int(sum(hash(k) % 3 == 0 for k in r) + rnd.random() > 1.5) for r in rows])
    model = train._pipeline(0.5).fit(rows, y)
    raw = model.predict_proba(rows)[:, 1]
    calibrator = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw[::2], y[::2])
    art = load(str(save(Artefact.of(model, calibrator, 0.5, "test", {}), tmp_path / "d.json")))
    probe = [*rows, {}, {"never|seen": 1.0}, {names[0]: 40.0}, {names[1]: -40.0}]
    want = calibrator.predict(model.predict_proba(probe)[:, 1])
    got = art.probabilities(probe)
    assert np.allclose(got, want, rtol=0, atol=1e-12)
    assert len(set(np.round(got, 6))) > 5  # the rows are not all on one plateau


def test_learn_platt_calibration_is_smooth_and_the_artefact_applies_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The sigmoid fitted on scores: increasing where higher scores are more often right, no step
    (two nearby scores get nearby probabilities), and the saved table reproduces it."""
    import numpy as np

    from graph.nlp.learn.artefact import Artefact, load, save

    rng = np.random.default_rng(0)
    raw = rng.random(2000)
    y = (rng.random(2000) < raw**2).astype(int)
    cal = train.PlattCalibration().fit(raw, y, np.ones(2000))
    assert cal.a > 0
    grid = np.linspace(0.01, 0.99, 99)
    p = cal.predict(grid)
    assert np.all(np.diff(p) > 0) and np.max(np.diff(p)) < 0.05
    model = train._pipeline(0.5).fit([{"f": 1.0}, {"g": 1.0}] * 5, [1, 0] * 5)
    art = load(str(save(Artefact.of(model, cal, 0.5, "test", {}), tmp_path / "d.json")))
    assert np.allclose([art._calibrated(s) for s in grid], p, atol=1e-3)


def test_learn_decision_file_of_another_kind_says_to_retrain(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from graph.errors import ModelArtefactError
    from graph.nlp.learn.artefact import load

    bad = tmp_path / "old.json"
    bad.write_text('{"pipeline": 1}', encoding="utf-8")
    with pytest.raises(ModelArtefactError, match="coopgraph train"):
        load(str(bad))
