"""The trained decision: a fitted scikit-learn pipeline plus its calibration, saved as one small
file with the feature set it expects.

``graph/nlp/models/relations.joblib`` is rebuilt by ``coopgraph train`` (fixed seeds, so the
same annotations give the same file); ``docs/extraction.md`` says what it was trained on and
how well it does. Loading an artefact made for another feature set, or by another major version
of scikit-learn, fails with a message saying to retrain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.errors import ModelArtefactError
from graph.nlp.learn.features import FEATURE_SET

MODELS = Path(__file__).resolve().parent.parent / "models"
DEFAULT = MODELS / "relations.joblib"


@dataclass
class Artefact:
    """What ``coopgraph train`` produces."""

    pipeline: Any  # DictVectorizer + classifier
    calibrator: Any  # isotonic regression fitted on out-of-fold scores
    threshold: float  # keep a fact at or above this calibrated probability
    feature_set: str = FEATURE_SET
    sklearn_version: str = ""
    card: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, rows: list[dict[str, float]]) -> list[float]:
        if not rows:
            return []
        raw = self.pipeline.predict_proba(rows)[:, 1]
        return [float(x) for x in self.calibrator.predict(raw)]


def save(artefact: Artefact, path: Path = DEFAULT) -> Path:
    import joblib

    from graph.paths import atomic_write

    return atomic_write(path, lambda tmp: joblib.dump(artefact, tmp, compress=3))


@cache
def load(path: str = "") -> Artefact:
    import joblib
    import sklearn

    where = Path(path) if path else DEFAULT
    if not where.exists():
        raise ModelArtefactError(
            f"no trained model at {where}. Fix: run `coopgraph train` to build it from the annotations, "
            'or set components.coop_relations.model = "" in the config to run the rules alone.'
        )
    artefact: Artefact = joblib.load(where)
    major = sklearn.__version__.split(".")[:2]
    if artefact.feature_set != FEATURE_SET or artefact.sklearn_version.split(".")[:2] != major:
        raise ModelArtefactError(
            f"{where} was trained for feature set {artefact.feature_set} with scikit-learn "
            f"{artefact.sklearn_version}; this code computes {FEATURE_SET} with scikit-learn "
            f"{sklearn.__version__}. Fix: run `coopgraph train` to rebuild it."
        )
    return artefact
