"""``coopgraph train`` and ``coopgraph evaluate --cv``: the three figures, the figures' pictures,
the model card.

The three figures of every extraction change: cross-validated by document over all annotations
but the own test set (evidence), the own test set scored by the model trained on the rest
(evidence), and the development gold scored by that same model (a training-set score: not
evidence).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from graph import gold as ann
from graph.nlp.learn import train
from graph.nlp.learn.artefact import DEFAULT, save

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
FIGURES = DOCS / "figures"
SHARED_GOLD = [
    ann.SHARED / "eval" / "dev-gold.json",
    ann.SHARED / "eval" / "dev-gold-corpus.json",
]


def development_ids() -> set[str]:
    """The documents the rules were written against (the shared development gold)."""
    return {d["id"] for p in SHARED_GOLD if p.exists() for d in ann.load([p])}


def default_gold() -> list[Path]:
    """Every annotation but the own test set: the shared development gold and annotations/."""
    return [p for p in SHARED_GOLD if p.exists()] + ann.own_files("train")


def row(name: str, r: dict[str, Any]) -> str:
    e, f = r["entities"], r["facts"]
    return (
        f"| {name} | {r['documents']} | {e['p']:.2f} / {e['r']:.2f} / {e['f']:.2f} "
        f"| {f['p']:.2f} / {f['r']:.2f} / {f['f']:.2f} |"
    )


def per_relation_table(reports: dict[str, dict[str, Any]]) -> str:
    names = sorted({k for r in reports.values() for k in r["per_relation"]})
    head = "| relation | " + " | ".join(f"{n} P / R / F1 (gold)" for n in reports) + " |"
    lines = [head, "|---" * (len(reports) + 1) + "|"]
    for k in names:
        cells = []
        for r in reports.values():
            c = r["per_relation"].get(k)
            cells.append(f"{c['p']:.2f} / {c['r']:.2f} / {c['f']:.2f} ({c['tp'] + c['fn']})" if c else "–")
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def reliability_figure(probs: np.ndarray, labels: np.ndarray, path: Path) -> list[tuple[float, float, int]]:
    """Reliability diagram of held-out calibrated probabilities: per bin, the mean predicted
    probability against the share that is right."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from graph.paths import atomic_write

    bins = np.linspace(0, 1, 11)
    which = np.clip(np.digitize(probs, bins) - 1, 0, 9)
    points = []
    for b in range(10):
        m = which == b
        if m.sum():
            points.append((float(probs[m].mean()), float(labels[m].mean()), int(m.sum())))
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    ax.plot([p for p, _, _ in points], [q for _, q, _ in points], "o-", label="held-out candidates")
    for p, q, n in points:
        ax.annotate(str(n), (p, q), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set_xlabel("calibrated probability (confidence)")
    ax.set_ylabel("share of candidates that are gold facts")
    ax.set_title("Reliability (cross-validated)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110))
    plt.close(fig)
    return points


def pr_figure(curve: list[tuple[float, float, float]], chosen: float, path: Path) -> None:
    """Fact precision and recall (reference scoring, held-out folds) as the threshold moves."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from graph.paths import atomic_write

    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([r for _, _, r in curve], [p for _, p, _ in curve], "o-", markersize=3)
    for t, p, r in curve:
        if abs(t - chosen) < 1e-9:
            ax.plot([r], [p], "r*", markersize=12, label=f"default threshold {chosen:.2f}")
    ax.set_xlabel("fact recall")
    ax.set_ylabel("fact precision")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title("Precision-recall (cross-validated)")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110))
    plt.close(fig)


def pr_curve(held: train.HeldOut) -> list[tuple[float, float, float]]:
    out = []
    for t in np.arange(0.1, 0.96, 0.05):
        f = train._scores(held.examples, held.probabilities, float(t))["facts"]
        out.append((round(float(t), 2), f["p"], f["r"]))
    return out


def train_and_document(
    gold: list[Path] | None,
    out: Path | None,
    folds: int,
    docs: bool,
    echo: Callable[[str], Any] = print,
) -> Path:
    gold_files = gold or default_gold()
    test_files = [] if gold else ann.own_files("test")
    echo(f"collecting candidates of {len(gold_files)} gold file(s) …")
    examples = train.collect(ann.load(gold_files))
    tests = train.collect(ann.load(test_files)) if test_files else []
    echo(f"cross-validating ({folds} folds over {len(examples)} documents) …")
    dev_ids = development_ids()

    def fresh(ex: train.Example) -> bool:
        return ex.gold["id"] not in dev_ids

    held = train.cross_validate(examples, folds)
    cv = held.report()
    artefact = train.fit(examples, folds)
    reports = {"cross-validated": cv}
    # one document can hold most gold facts (a joint statement of 68 signers states 2,278
    # pairwise cooperations): the pooled figure then says little about the others, so show both
    sizes = {ex.gold["id"]: len(ex.gold.get("facts", [])) for ex in held.examples}
    big = max(sizes, key=lambda k: sizes[k]) if sizes else None
    if big is not None and sizes[big] > 0.4 * sum(sizes.values()):
        keep = [i for i, ex in enumerate(held.examples) if ex.gold["id"] != big]
        reports[f"cross-validated without {big[:24]}… ({sizes[big]} gold facts)"] = train.scores_of(
            held, keep
        )
    # the rules were written against the development gold: the other documents say more of a new one
    keep = [i for i, ex in enumerate(held.examples) if fresh(ex) and ex.gold["id"] != big]
    reports["cross-validated, not the development gold nor the largest"] = train.scores_of(held, keep)
    if tests:
        reports["own test set"] = train.evaluate_artefact(tests, artefact)
    dev = [ex for ex in examples if ex.gold["id"] in dev_ids]
    if dev:
        reports["development gold (trained on)"] = train.evaluate_artefact(dev, artefact)
    reports["rules alone, all"] = train.rules_only(examples + tests)
    if tests:  # deterministic: what a rule change does to the own test set, whatever the threshold
        reports["rules alone, own test set"] = train.rules_only(tests)
    artefact.card["figures"] = {
        k: {"entities": v["entities"], "facts": v["facts"], "documents": v["documents"]}
        for k, v in reports.items()
    }
    path = save(artefact, out or DEFAULT)
    for name, r in reports.items():
        echo(row(name, r))
    if docs:
        probs, labels = held.pairs()
        points = reliability_figure(probs, labels, FIGURES / "reliability.png")
        curve = pr_curve(held)
        pr_figure(curve, artefact.threshold, FIGURES / "pr-curve.png")
        write_card(artefact.card, reports, points, curve, held)
    return path


def write_card(
    card: dict[str, Any],
    reports: dict[str, dict[str, Any]],
    points: list[tuple[float, float, int]],
    curve: list[tuple[float, float, float]],
    held: train.HeldOut,
) -> None:
    from graph.paths import atomic_write_text

    lines = [
        "# Extraction: how good it is, and the decision over the rules' candidates",
        "",
        "GENERATED by `coopgraph train` (do not edit; retrain). How the NLP stage is built:",
        "[architecture.md](architecture.md). What the shipped artefact",
        "`graph/nlp/models/relations.json` is, what it was trained on, how well it does.",
        "",
        "## What it decides",
        "The rules of `graph/nlp/rules/` propose candidate facts (and the co-occurrence rules every",
        "type-compatible pair of a sentence); each distinct (subject, relation, object) gets the",
        "features of `graph/nlp/learn/features.py` and this model's calibrated probability, which",
        "becomes the fact's `coop:confidence`. Facts at or above the threshold are stated;",
        "`coopgraph build --min-confidence` moves it; `low-confidence.rq` lists what fell just below.",
        "",
        "## Training",
        f"- feature set `{card['feature_set']}`; {card['classifier']}; {card['calibration']};",
        f"  {card['documents']} documents, {card['candidates']} candidates, "
        f"{card['positives']} of them gold facts.",
        f"- threshold {card['threshold']:.3f}: the highest of those up to 0.5 within 0.01 of the best"
        f" fact F1 with fact precision >= {card['target_precision']}",
        "  on out-of-fold decisions (reference scoring rules, documents grouped).",
        "- deterministic: `coopgraph train` on the same annotations writes the same model.",
        "",
        "## Figures (entity and fact P / R / F1)",
        "",
        "| set | documents | entities | facts |",
        "|---|---|---|---|",
        *[row(k, v) for k, v in reports.items()],
        "",
        "Cross-validated: in each fold the model, its calibration and its threshold are fitted on",
        "the other folds only. The own test set (`annotations/splits.json`) is scored by the model",
        "trained on everything else; its errors are never read. The development gold is part of the",
        "training data: its score is no evidence.",
        "",
        "## Per relation",
        "",
        per_relation_table({k: v for k, v in reports.items() if not k.startswith("rules")}),
        "",
        "## Calibration",
        "",
        "![reliability diagram](figures/reliability.png)",
        "",
        "| mean confidence | share right | candidates |",
        "|---|---|---|",
        *[f"| {p:.2f} | {q:.2f} | {n} |" for p, q, n in points],
        "",
        "## Precision and recall by threshold (cross-validated, reference scoring)",
        "",
        "![precision-recall curve](figures/pr-curve.png)",
        "",
        "| threshold | fact precision | fact recall |",
        "|---|---|---|",
        *[f"| {t:.2f} | {p:.2f} | {r:.2f} |" for t, p, r in curve],
        "",
        f"Fold thresholds: {', '.join(f'{t:.3f}' for t in sorted(set(held.thresholds)))}.",
        "",
    ]
    atomic_write_text(DOCS / "extraction.md", "\n".join(lines))


def learned_report(gold: list[Path] | None, folds: int | None, test: bool) -> dict[str, Any]:
    """``coopgraph evaluate --cv K`` / ``--test``: the report of the scorer's shape."""
    examples = train.collect(ann.load(gold or default_gold()))
    if folds:
        return train.cross_validate(examples, folds).report() | {"errors": []}
    tests = train.collect(ann.load(ann.own_files("test")))
    return train.evaluate_artefact(tests, train.fit(examples)) | {"errors": []}
