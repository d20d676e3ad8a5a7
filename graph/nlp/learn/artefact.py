"""The trained decision: the weights of a logistic regression over named features and the
calibration of its scores (a tabulated sigmoid, ``train.PlattCalibration``), saved as one small
JSON file with the feature set it expects.

``graph/nlp/models/relations.json`` is rebuilt by ``coopgraph train`` (fixed seeds, so the same
annotations give the same bytes); ``docs/extraction.md`` says what it was trained on and how well
it does. scikit-learn fits the decision; applying it is a sum of weights, a logistic and a linear
interpolation, done here in plain Python. So a build imports neither scikit-learn nor joblib (1.5 s
of every build and rebuild), loads no pickle (which can run code), and the file reads in a diff.
Loading a file made for another feature set fails with a message saying to retrain.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.errors import ModelArtefactError
from graph.nlp.learn.features import FEATURE_SET

MODELS = Path(__file__).resolve().parent.parent / "models"
DEFAULT = MODELS / "relations.json"
FORMAT = "coopgraph-decision-1"


@dataclass
class Artefact:
    """What ``coopgraph train`` produces: P(right | features) = calibration(logistic(intercept +
    sum of the weights of the row's features times their values)); a feature without a weight
    (never seen in training) adds nothing, as in scikit-learn's DictVectorizer."""

    weights: dict[str, float]
    intercept: float
    calibration_x: list[float]  # calibration: scores, increasing ...
    calibration_y: list[float]  # ... and the probabilities they map to; clipped outside
    threshold: float  # keep a fact at or above this calibrated probability
    feature_set: str = FEATURE_SET
    trained_with: str = ""  # scikit-learn's version, for the record
    card: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls, pipeline: Any, calibrator: Any, threshold: float, trained_with: str, card: dict[str, Any]
    ) -> Artefact:
        """From a fitted DictVectorizer + LogisticRegression pipeline and a calibrator with
        ``X_thresholds_``/``y_thresholds_`` points (PlattCalibration; an IsotonicRegression with
        ``out_of_bounds="clip"`` works the same)."""
        vec, clf = pipeline.steps[0][1], pipeline.steps[-1][1]
        coef = clf.coef_[0]
        weights = {name: float(coef[i]) for name, i in sorted(vec.vocabulary_.items()) if coef[i] != 0.0}
        return cls(
            weights,
            float(clf.intercept_[0]),
            [float(x) for x in calibrator.X_thresholds_],
            [float(y) for y in calibrator.y_thresholds_],
            float(threshold),
            FEATURE_SET,
            trained_with,
            card,
        )

    def probability(self, row: dict[str, float]) -> float:
        w = self.weights
        z = self.intercept + sum(w[k] * v for k, v in row.items() if k in w)
        score = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        return self._calibrated(score)

    def _calibrated(self, score: float) -> float:
        xs, ys = self.calibration_x, self.calibration_y
        if score <= xs[0]:
            return ys[0]
        if score >= xs[-1]:
            return ys[-1]
        i = bisect_right(xs, score) - 1
        x0, x1, y0, y1 = xs[i], xs[i + 1], ys[i], ys[i + 1]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (score - x0) / (x1 - x0)

    def probabilities(self, rows: list[dict[str, float]]) -> list[float]:
        return [self.probability(r) for r in rows]


def save(artefact: Artefact, path: Path = DEFAULT) -> Path:
    from graph.paths import atomic_write_text

    data = {"format": FORMAT, **asdict(artefact)}
    atomic_write_text(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


@cache
def load(path: str = "") -> Artefact:
    where = Path(path) if path else DEFAULT
    if not where.exists():
        raise ModelArtefactError(
            f"no trained model at {where}. Fix: run `coopgraph train` to build it from the annotations, "
            'or set components.coop_relations.model = "" in the config to run the rules alone.'
        )
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
        fmt = data.pop("format", None)
        artefact = Artefact(**data) if fmt == FORMAT else None
    except (ValueError, TypeError):
        artefact = None
    if artefact is None:
        raise ModelArtefactError(
            f"{where} is not a coopgraph decision file ({FORMAT}). Fix: run `coopgraph train` to rebuild it."
        )
    if artefact.feature_set != FEATURE_SET:
        raise ModelArtefactError(
            f"{where} was trained for feature set {artefact.feature_set}; this code computes "
            f"{FEATURE_SET}. Fix: run `coopgraph train` to rebuild it."
        )
    return artefact
