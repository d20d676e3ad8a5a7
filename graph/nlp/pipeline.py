"""Build the spaCy pipeline from ``config.cfg`` and stream documents through it.

:func:`extract` is the NLP stage's only output: plain :class:`~graph.model.Extraction` records.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy import util
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import Config

import graph.nlp.factories  # noqa: F401  (registers the factories when no entry point is installed)
from graph.errors import ModelNotFoundError
from graph.model import (
    SYMMETRIC,
    CandidateFact,
    Document,
    Entity,
    Evidence,
    Extraction,
    Fact,
    SkippedSentence,
)
from graph.nlp.components.relations import ATTRIBUTES, Scored
from graph.nlp.extensions import doc_text  # registers the Doc extensions too
from graph.nlp.fingerprint import reference_files
from graph.nlp.learn.artefact import DEFAULT as DEFAULT_ARTEFACT
from graph.nlp.lexicon import PATTERNS
from graph.nlp.naming.vocabulary import subtype
from graph.nlp.types import Candidate

CONFIG = Path(__file__).parent / "config.cfg"


def load_config(path: Path | None = None) -> Config:
    return Config().from_disk(path or CONFIG, interpolate=False)


def resolve_model(name: str | None = None) -> str:
    """The model to load: ``name`` if given, else the official en_core_web_sm, else its PyPI re-upload."""
    if name:
        return name
    cfg = load_config()
    tried = [cfg["paths"]["base_model"], *cfg["coop"]["base_model_fallbacks"]]
    for candidate in tried:
        if importlib.util.find_spec(candidate) is not None:
            return str(candidate)
    raise ModelNotFoundError(tried)


def build_nlp(model: str | None = None, config: Path | None = None, **overrides: Any) -> Language:
    """The pipeline ``config`` (default: ``config.cfg``) describes, built with spaCy's own config
    machinery: the base model's trained components are sourced, ours are created by their
    factories and initialised with their ``[initialize.components]`` settings. ``overrides`` are
    dotted config keys (``{"components.coop_relations.rules": [...]}``)."""
    name = resolve_model(model)
    cfg = load_config(config)
    cfg["paths"]["base_model"] = name
    for key, value in overrides.items():
        section, _, leaf = key.rpartition(".")
        node: Any = cfg
        for part in section.split("."):
            node = node[part]
        node[leaf] = value
    cfg = cfg.interpolate()
    try:
        nlp = util.load_model_from_config(cfg, auto_fill=True, validate=True)
    except (OSError, ImportError) as exc:
        raise ModelNotFoundError([name]) from exc
    _use_source_lookups(nlp, name)
    init = cfg.get("initialize", {}).get("components", {})
    resolved = registry.resolve({"components": dict(init)})["components"] if init else {}
    for comp, settings in resolved.items():
        # only our components: nlp.initialize() would reset the trained weights of the model, and
        # a span_ruler runs the pipeline before it over its patterns unless that is disabled
        with nlp.select_pipes(enable=[comp]):
            pipe: Any = nlp.get_pipe(comp)
            pipe.initialize(lambda: [], nlp=nlp, **settings)
    return nlp


def fingerprint(nlp: Language) -> str:
    """What decides a document's facts besides its text: the pipeline's config (rules, threshold,
    model path), the pattern files, the trained artefact and the reference data (gazetteer, office
    holders, areas). A build redoes a document when it changed."""
    cfg = nlp.config.copy()
    rel = cfg.get("components", {}).get("coop_relations")
    if rel is not None and "strict" in rel:  # --strict stops on a failing rule; it changes no fact
        rel["strict"] = False
    h = hashlib.sha256(cfg.to_str().encode())
    files = sorted(PATTERNS.rglob("*.*")) + [p for p in [DEFAULT_ARTEFACT, *reference_files()] if p.exists()]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _use_source_lookups(nlp: Language, name: str) -> None:
    """The base model's lexeme norms (its vocab's ``lexeme_norm`` table): the sourced components
    were trained with them as features, and a fresh English vocab does not have them."""
    path = Path(name) if Path(name).is_dir() else util.get_package_path(name)
    vocab = next(
        (p / "vocab" for p in [path, *sorted(path.iterdir())] if (p / "vocab" / "lookups.bin").exists()), None
    )
    if vocab is None:
        return
    nlp.vocab.lookups = Lookups().from_disk(vocab)
    norms = nlp.vocab.lookups.get_table("lexeme_norm")
    for lex in nlp.vocab:  # lexemes made before the table was there keep a wrong norm
        if lex.orth_ in norms:
            lex.norm_ = norms[lex.orth_]


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _prepared(nlp: Language, docs: Iterable[Document], keep: list[Document]) -> Iterator[Doc]:
    for d in docs:
        sdoc = nlp.make_doc(d.text)
        sdoc._.coop_doc_id = d.id
        sdoc._.coop_doc_date = d.date
        sdoc._.coop_doc_title = d.title
        sdoc._.coop_doc_url = d.url
        keep.append(d)
        yield sdoc


def extract(nlp: Language, docs: Iterable[Document], batch_size: int | None = None) -> Iterator[Extraction]:
    """Stream documents through ``nlp.pipe`` in bounded batches, yielding one record per document."""
    size = batch_size or int(load_config()["nlp"]["batch_size"])
    pending: list[Document] = []
    model = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}"
    version = str(nlp.meta.get("version", ""))
    for sdoc in nlp.pipe(_prepared(nlp, docs, pending), batch_size=size):
        record = pending.pop(0)
        yield to_record(sdoc, record, model, version)


def _trimmed(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence without surrounding whitespace, with offsets that still point at it."""
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    core = raw.strip()
    return core, start + lead, start + lead + len(core)


def _evidence(sdoc: Doc, doc_id: str, start: int, end: int, sent_index: dict[int, int]) -> Evidence:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    sent = span.sent if span is not None else next(iter(sdoc.sents))
    index = sent_index.get(sent.start, 0)
    text, s0, s1 = _trimmed(doc_text(sdoc), sent.start_char, sent.end_char)
    return Evidence(doc_id, text, s0, s1, start, end, index)


def _editions(used: dict[str, Entity]) -> dict[str, str]:
    """A recurring event named without its year ("St Petersburg International Economic Forum",
    "NATO Summit") gets the year of its date in its IRI, so that two editions stay two events."""
    renamed: dict[str, str] = {}
    for key, e in list(used.items()):
        if e.type != "Event" or e.reference or e.date is None or _YEAR.search(e.label):
            continue
        new = f"{key}-{e.date.start[:4]}"
        renamed[key] = new
        e.key = new
        used[new] = used.pop(key)
    return renamed


def to_record(sdoc: Doc, d: Document, model: str = "", version: str = "") -> Extraction:
    """Convert the components' annotations into plain records (the spaCy Doc stays here)."""
    ents: dict[str, Entity] = sdoc._.coop_entities or {}
    used: dict[str, Entity] = {}
    sents = list(sdoc.sents)
    sent_index = {s.start: i for i, s in enumerate(sents)}
    cut = sdoc._.coop_excluded or []
    for m in sdoc._.coop_mentions or []:
        if not m.key or m.key not in ents:
            continue
        if any(a < m.end_char and m.start_char < b for a, b in cut):
            continue  # a mention a later component found in a dateline, byline or boiler section
        e = used.setdefault(m.key, ents[m.key])
        if len(e.mentions) < 20:
            e.mentions.append(_evidence(sdoc, d.id, m.start_char, m.end_char, sent_index))
    kept: list[Candidate] = sdoc._.coop_facts or []
    for c in kept:
        e = used.get(c.s)  # type: ignore[assignment]
        if e is None:
            continue
        if c.p == "date" and e.date is None:
            e.date = c.date
        elif c.p == "status" and e.status is None:
            e.status = c.o
    for post in sdoc._.coop_posts or []:
        e = used.get(post.person)  # type: ignore[assignment]
        if e is not None and e.post is None:
            e.post = post.title
    for e in used.values():
        e.subtype = e.subtype or subtype(e.label, e.type)
    for g in sdoc._.coop_candidates or []:
        s, p, o = g.key  # a place's or body's state may become an entity of the document
        if p in ("locatedIn", "jurisdiction") and o not in used and o in ents:
            used[o] = ents[o]
    renamed = _editions(used)
    facts: list[Fact] = []
    for c in kept:
        if c.p in ATTRIBUTES:
            continue
        s, o = renamed.get(c.s, c.s), renamed.get(c.o, c.o)
        if c.p in SYMMETRIC and o < s:
            s, o = o, s
        if c.p in ("locatedIn", "jurisdiction") and o not in used and o in ents:
            used[o] = ents[o]  # "in Tokyo": Japan is an entity of the document too
        if s not in used or (c.p != "coversArea" and o not in used):
            continue
        sent = sents[c.sent_index]
        text, s0, s1 = _trimmed(doc_text(sdoc), sent.start_char, sent.end_char)
        ev = Evidence(d.id, text, s0, s1, c.start, c.end, c.sent_index)
        facts.append(Fact(s, c.p, o, ev, c.prior, c.status, c.date, c.rule))
    skipped = [
        SkippedSentence(d.id, k.sent_index, k.sentence, k.rule, k.error, sents[k.sent_index].start_char)
        for k in sdoc._.coop_skipped or []
    ]
    candidates = [_candidate(sdoc, d, g, sents, renamed) for g in sdoc._.coop_candidates or []]
    return Extraction(d, list(used.values()), facts, model, version, skipped, candidates, sdoc._.coop_context)


def _candidate(
    sdoc: Doc, d: Document, g: Scored, sents: list[Span], renamed: dict[str, str]
) -> CandidateFact:
    rep = max(g.proposals, key=lambda c: (c.prior, -c.sent_index))
    sent = sents[rep.sent_index]
    text, s0, s1 = _trimmed(doc_text(sdoc), sent.start_char, sent.end_char)
    ev = Evidence(d.id, text, s0, s1, rep.start, rep.end, rep.sent_index)
    s, p, o = g.key
    return CandidateFact(
        renamed.get(s, s),
        p,
        renamed.get(o, o),
        g.rules,
        g.features,
        g.probability,
        g.kept is not None,
        ev,
        rep.date,
    )
