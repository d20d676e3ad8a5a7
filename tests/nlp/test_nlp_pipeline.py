"""The pipeline as a whole, on the real model: built from config.cfg by spaCy's machinery, saved
and loaded back unchanged, and a rule that raises costs only its sentence."""

from __future__ import annotations

import spacy
from conftest import SEEDS

from graph.model import Document
from graph.nlp.pipeline import build_nlp, extract, load_config
from graph.nlp.rules import rule


@rule("test.raises_on_memorandum")
def _raises_on_memorandum(ctx):  # registered only by this test module
    if "Memorandum" in ctx.sent.text:
        raise RuntimeError("invented failure")
    return iter(())


def _seed() -> Document:
    path = sorted(SEEDS.glob("000_*.txt"))[0]
    return Document("seed-000", path.read_text(encoding="utf-8"), str(path), date="2025-06-18")


def test_nlp_pipeline_config_is_a_spacy_config_with_sourced_and_registered_components():
    cfg = load_config()
    names = cfg["nlp"]["pipeline"]
    assert "ner" in names and "coop_relations" in names
    assert (
        "source" in cfg["components"]["ner"]
        and cfg["components"]["coop_gazetteer"]["factory"] == "span_ruler"
    )
    nlp = build_nlp()
    assert nlp.pipe_names == names


def test_nlp_pipeline_round_trips_through_to_disk(tmp_path, nlp):
    text = _seed().text
    before = [(c.s, c.p, c.o) for c in nlp(text)._.coop_facts]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert [(c.s, c.p, c.o) for c in loaded(text)._.coop_facts] == before
    assert len(before) > 20


def test_nlp_pipeline_a_raising_rule_costs_only_its_sentences(nlp):
    plain = next(extract(nlp, [_seed()]))
    rules = [*load_config()["components"]["coop_relations"]["rules"], "test.raises_on_memorandum"]
    faulty = build_nlp(None, None, **{"components.coop_relations.rules": rules})
    x = next(extract(faulty, [_seed()]))
    assert {(f.s, f.p, f.o) for f in x.facts} == {(f.s, f.p, f.o) for f in plain.facts}
    assert x.skipped and all(s.rule == "test.raises_on_memorandum" for s in x.skipped)
    assert all("Memorandum" in s.sentence and s.doc_id == "seed-000" for s in x.skipped)
    assert x.skipped[0].error == "RuntimeError: invented failure"
