"""coopgraph evaluate: the eval README's scoring, the same numbers as shared/eval/score.py, and the
development-set scores as a regression floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, shared_path

from graph.evaluate import align, evaluate, jaccard, norm, prf, score_document

# The targets of the extraction issue; the measured scores are in docs/extraction.md
# (entities 0.93, facts 0.85 when this was written), so a change that makes extraction
# clearly worse fails here, and one that drops it under the targets always does.
ENTITY_F1_FLOOR = 0.90
FACT_F1_FLOOR = 0.75
RELATION_F1_FLOOR = 0.5  # for every relation with at least five gold facts


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The  People’s Republic of China", "people's republic of china"),
        ("“Digital Silk Road”,", "digital silk road"),
        ("U.S.–EU", "u.s.-eu"),
    ],
)
def test_evaluate_norm(a: str, b: str) -> None:
    assert norm(a) == b


def test_evaluate_jaccard_and_prf_exact_values() -> None:
    assert jaccard("Action Plan of the SCO", "the SCO Action Plan") == 1.0
    assert jaccard("Union Program", "Action Plan for the Union Program") == pytest.approx(2 / 4)
    assert prf(3, 1, 2) == pytest.approx((0.75, 0.6, 2 * 0.75 * 0.6 / 1.35))
    assert prf(0, 0, 4) == (0.0, 0.0, 0.0)


def test_evaluate_alignment_counts_duplicates_as_false_positives() -> None:
    gold = {
        "id": "d",
        "entities": [
            {"id": "BLR", "type": "Country", "name": "Belarus", "aliases": ["Republic of Belarus"]},
            {"id": "MOU", "type": "Agreement", "name": "Memorandum of Understanding on ICT cooperation"},
        ],
        "facts": [{"s": "MOU", "p": "signatory", "o": "BLR"}, {"s": "MOU", "p": "date", "o": "2024-08-22"}],
    }
    ents = {
        "n1": ("Country", "Republic of Belarus"),
        "n2": ("Country", "Belarus"),  # an unmerged duplicate
        "n3": ("Agreement", "memorandum of understanding on cooperation in ICT"),
    }
    mapping = align(ents, gold["entities"])
    assert sorted(mapping.values()) == ["BLR", "MOU"]
    s = score_document(
        gold, ents, {("n3", "signatory", "n2"), ("n3", "date", "2024-08-22"), ("n3", "date", "2024")}
    )
    assert (s.entities["Country:tp"], s.entities["Country:fp"], s.entities["Agreement:tp"]) == (1, 1, 1)
    assert s.facts["signatory:tp"] == 1 and s.facts["date:tp"] == 1 and s.facts["date:fp"] == 1


def test_evaluate_gives_the_reference_scorers_numbers_on_the_seeds(tmp_path: Path) -> None:
    gold = shared_path("eval", "dev-gold.json")
    scorer = shared_path("eval", "score.py")
    venv = Path(sys.executable).parent.parent
    if not (venv / "bin" / "coopgraph").exists():
        pytest.skip("the reference scorer needs the coopgraph command of this virtual environment")
    out = tmp_path / "ref.json"
    proc = subprocess.run(
        [sys.executable, str(scorer), str(venv), str(gold), "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    ref = json.loads(out.read_text())
    ours = evaluate([gold])
    for part in ("entities", "facts"):
        assert {k: ours[part][k] for k in ("tp", "fp", "fn")} == {
            k: ref[part].get(k, 0) for k in ("tp", "fp", "fn")
        }


@pytest.mark.slow
def test_evaluate_dev_scores_stay_above_the_floor() -> None:
    report = evaluate([shared_path("eval", "dev-gold.json"), shared_path("eval", "dev-gold-corpus.json")])
    assert report["documents"] == 19
    assert report["entities"]["f"] >= ENTITY_F1_FLOOR, report["entities"]
    assert report["facts"]["f"] >= FACT_F1_FLOOR, report["facts"]
    assert report["per_type"]["Country"]["f"] >= 0.95
    weak = {
        rel: row["f"]
        for rel, row in report["per_relation"].items()
        if row["tp"] + row["fn"] >= 5 and row["f"] < RELATION_F1_FLOOR
    }
    assert not weak, weak


def test_evaluate_baseline_runs_alone_and_scores_what_the_model_gives() -> None:
    # a fresh process: the baseline pipeline must not rely on extensions the full one registers
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph",
            "evaluate",
            str(shared_path("eval", "dev-gold.json")),
            "--baseline",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    report = json.loads(out.stdout)
    assert report["facts"]["tp"] == 0
    assert 0 < report["entities"]["f"] < 0.6


# The seed gold facts the extraction has never found (issue 14 asks the seeds to keep every fact
# they give; these are the ones they do not give yet: metWith to regions standing for their
# leadership, the export plan's implementation and two areas).
SEED_GOLD_MISSES = {
    "seed-003: missed fact ('AGR_CN_EXPORT_PLAN', 'coversArea', 'ICTServicesExport')",
    "seed-003: missed fact ('AGR_UNION_PROGRAM', 'coversArea', 'Telecommunications')",
    "seed-003: missed fact ('MCI_BY', 'implements', 'AGR_CN_EXPORT_PLAN')",
    "seed-003: missed fact ('MCI_BY', 'metWith', 'RU_ALTAI')",
    "seed-003: missed fact ('MCI_BY', 'metWith', 'RU_CHELYABINSK')",
    "seed-003: missed fact ('MCI_BY', 'metWith', 'RU_CHUVASHIA')",
    "seed-003: missed fact ('MCI_BY', 'metWith', 'RU_KURSK')",
    "seed-003: missed fact ('MCI_BY', 'metWith', 'RU_NIZHNY')",
    "seed-003: missed fact ('RU_KURSK', 'locatedIn', 'RUS')",
    "seed-003: missed fact ('RU_NIZHNY', 'locatedIn', 'RUS')",
}


def test_evaluate_the_shipped_pipeline_keeps_every_seed_gold_fact_it_gives() -> None:
    """Retraining the decision or changing a rule must not lose a seed fact (the SCO membership
    with its date, the memorandum with its signatories and areas, …): the seed gold facts missed
    are at most the known misses."""
    report = evaluate([shared_path("eval", "dev-gold.json")])
    missed = {e for e in report["errors"] if ": missed fact " in e}
    assert missed <= SEED_GOLD_MISSES, sorted(missed - SEED_GOLD_MISSES)
    assert report["facts"]["tp"] >= 75
