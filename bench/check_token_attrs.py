"""Proof that the cached attribute ruler and lemmatizer (graph/nlp/cached.py) change nothing, and
what they save.

usage: python bench/check_token_attrs.py [--corpus DIR] [--seeds DIR] [--stock-config FILE]
       python bench/check_token_attrs.py --timing [--repeat 2] [--corpus DIR]

Builds the pipeline twice: as configured (coop_attribute_ruler, coop_lemmatizer) and with spaCy's
stock components on the same data (``factory = "attribute_ruler"`` / ``"lemmatizer"``), or, with
``--stock-config``, from another config file (e.g. the config before the change, which sourced
the base model's components: ``git show <rev>:graph/nlp/config.cfg > old.cfg``).

Check (default): runs the seeds and the corpus documents whose id is in dev-ids.txt or
train-ids.txt (no other document of documents.jsonl is read: they are the held-out test set)
through both, and compares token by token TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB and
ENT_TYPE, then the extraction records' entities, facts and candidates
(graph.nlp.pipeline.to_record). Prints the counts and every difference; exits 1 if there is one.

``--timing``: seconds per component and for the whole ``nlp.pipe`` over all documents of
documents.jsonl (their text is only timed, never compared or printed), stock and cached
interleaved ``--repeat`` times, each on freshly built pipelines (cold caches).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from graph.ingest import iter_documents
from graph.model import Document, Extraction
from graph.nlp.pipeline import _prepared, build_nlp, load_config, to_record

ROOT = Path(__file__).resolve().parents[1]
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
NAMES = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]
STOCK = {
    "components.attribute_ruler.factory": "attribute_ruler",
    "components.lemmatizer.factory": "lemmatizer",
}


def pipelines(stock_config: Path | None) -> tuple[Language, Language]:
    """(stock, cached)."""
    stock = build_nlp(config=stock_config) if stock_config else build_nlp(**STOCK)
    cached = build_nlp()
    for name in ("attribute_ruler", "lemmatizer"):
        assert type(stock.get_pipe(name)).__module__.startswith("spacy"), type(stock.get_pipe(name))
        assert type(cached.get_pipe(name)).__module__ == "graph.nlp.cached", type(cached.get_pipe(name))
    return stock, cached


def corpus_docs(corpus: Path, only: set[str] | None) -> list[Document]:
    """The documents of documents.jsonl as a build ingests them, or only those whose id is in
    ``only`` (the other lines are dropped by id before ingest sees them)."""
    path = corpus / "documents.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        if only is not None:
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            path = Path(tmp) / "documents.jsonl"
            path.write_text(
                "".join(x for x in lines if x.strip() and json.loads(x)["id"] in only), encoding="utf-8"
            )
        return [d for d in iter_documents([path]) if isinstance(d, Document)]


def allowed_docs(corpus: Path, seeds: Path) -> list[Document]:
    ids = set()
    for name in ("dev-ids.txt", "train-ids.txt"):
        ids |= {line.strip() for line in (corpus / name).read_text().splitlines() if line.strip()}
    seed_docs = [d for d in iter_documents([seeds]) if isinstance(d, Document)]
    return seed_docs + corpus_docs(corpus, ids)


def run(nlp: Language, docs: list[Document]) -> Iterator[tuple[Doc, Extraction]]:
    size = int(load_config()["nlp"]["batch_size"])
    keep: list[Document] = []
    for sdoc in nlp.pipe(_prepared(nlp, docs, keep), batch_size=size):
        yield sdoc, to_record(sdoc, keep.pop(0))


def check(stock: Language, cached: Language, docs: list[Document]) -> int:
    tokens = diffs = 0
    per_attr = dict.fromkeys(NAMES, 0)
    records = 0
    for (a, ra), (b, rb) in zip(run(stock, docs), run(cached, docs), strict=True):
        assert a.text == b.text
        tokens += len(a)
        x, y = a.to_array(ATTRS), b.to_array(ATTRS)
        for i, j in zip(*np.nonzero(x != y), strict=True):
            diffs += 1
            per_attr[NAMES[j]] += 1
            t, u = a[int(i)], b[int(i)]
            name = NAMES[j]
            print(f"{ra.doc.id} token {i} {t.text!r} {name}: stock {_show(t, name)} cached {_show(u, name)}")
        for part in ("entities", "facts", "candidates", "skipped"):
            if getattr(ra, part) != getattr(rb, part):
                records += 1
                print(f"{ra.doc.id}: the records' {part} differ")
    print(f"documents {len(docs)}, tokens {tokens}, token attribute differences {diffs} {per_attr}")
    print(f"record differences (entities, facts, candidates, skipped) {records}")
    return diffs + records


def _show(token: Any, name: str) -> str:
    return {
        "TAG": token.tag_,
        "POS": token.pos_,
        "MORPH": str(token.morph),
        "LEMMA": token.lemma_,
        "DEP": token.dep_,
        "HEAD": str(token.head.i),
        "ENT_IOB": token.ent_iob_,
        "ENT_TYPE": token.ent_type_,
    }[name]


def per_component(
    nlp: Language, docs: list[Document], size: int
) -> tuple[dict[str, float], list[Doc], list[Document]]:
    """Seconds per component, each run over all documents in turn in batches as nlp.pipe does;
    with the processed docs and their documents (also bench/check_records.py's timing)."""
    seconds: dict[str, float] = {}
    keep: list[Document] = []
    stream = list(_prepared(nlp, docs, keep))
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        if hasattr(proc, "pipe"):
            stream = list(proc.pipe(stream, batch_size=size))
        else:
            stream = [proc(d) for d in stream]
        seconds[name] = time.perf_counter() - t
    return seconds, stream, keep


def timed(nlp: Language, docs: list[Document]) -> dict[str, float]:
    """Seconds per component, then the whole nlp.pipe again as a user runs it."""
    size = int(load_config()["nlp"]["batch_size"])
    seconds, _, _ = per_component(nlp, docs, size)
    t = time.perf_counter()
    for _ in nlp.pipe(_prepared(nlp, docs, []), batch_size=size):
        pass
    seconds["nlp.pipe"] = time.perf_counter() - t
    return seconds


def timing(corpus: Path, repeat: int, stock_config: Path | None) -> None:
    docs = corpus_docs(corpus, None)
    runs: dict[str, list[dict[str, float]]] = {"stock": [], "cached": []}
    for r in range(repeat):
        order = ["stock", "cached"] if r % 2 == 0 else ["cached", "stock"]
        for which in order:
            if which == "cached":  # fresh pipelines: cold caches every run
                nlp = build_nlp()
            else:
                nlp = build_nlp(config=stock_config) if stock_config else build_nlp(**STOCK)
            runs[which].append(timed(nlp, docs))
    names = list(runs["stock"][0])
    print(f"{len(docs)} documents, {repeat} runs each (median seconds, per run)")
    print(f"{'component':<20}{'stock':>10}{'cached':>10}{'ratio':>8}   runs stock / cached")
    for n in names:
        s = [x[n] for x in runs["stock"]]
        c = [x[n] for x in runs["cached"]]
        ms, mc = statistics.median(s), statistics.median(c)
        each = " ".join(f"{v:.2f}" for v in s) + " / " + " ".join(f"{v:.2f}" for v in c)
        print(f"{n:<20}{ms:>10.2f}{mc:>10.2f}{ms / mc if mc else float('nan'):>8.1f}   {each}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--stock-config", type=Path, default=None)
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if args.timing:
        timing(args.corpus, args.repeat, args.stock_config)
        return 0
    stock, cached = pipelines(args.stock_config)
    return 1 if check(stock, cached, allowed_docs(args.corpus, args.seeds)) else 0


if __name__ == "__main__":
    sys.exit(main())
