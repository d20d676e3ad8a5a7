"""Learned decisions over the rules' candidates: features, the trained artefact, training."""
