"""Proof that a change to our components leaves every extraction record as it was, and what it saves.

usage: python bench/check_records.py --base REV [--corpus DIR] [--seeds DIR]
       python bench/check_records.py --timing --base REV [--repeat 2] [--corpus DIR]

The code at git revision ``REV`` is checked out in a temporary worktree; this script then runs
once with that code and once with the working tree's (each in its own Python process, with cwd
and PYTHONPATH set to the tree), so two code states of ``graph`` never meet in one interpreter.

Check (default): ``graph.nlp.pipeline.extract`` over the seeds and the corpus documents whose id
is in dev-ids.txt or train-ids.txt (no other document of documents.jsonl is read: they are the
held-out test set); the records are pickled by each run and compared part by part (entities with
their mentions, facts, candidates with features and probabilities, skipped sentences, context),
by equality and by ``repr`` (which also sees dict order and NaN; both runs use
PYTHONHASHSEED=0, so that sets of strings iterate alike). Prints the counts and every
difference; exits 1 if there is one. ``--collect`` keeps every candidate the rules propose with
its features (``coop_relations.collect``), not only the kept and the near-threshold ones.

``--timing``: seconds per component (each run over all documents in batches, as ``nlp.pipe``
does), of ``to_record`` over all documents, and of the whole ``extract``, over all documents of
documents.jsonl (their text is only timed, never compared or printed); base and working tree
interleaved ``--repeat`` times, each on a freshly built pipeline.

``--dump FILE`` / ``--time-one FILE`` do one run with the current tree's code (what the modes
above run in each tree); ``--compare A B`` compares two dumps.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("entities", "facts", "candidates", "skipped", "context")


def _docs(corpus: Path, seeds: Path | None, only_allowed: bool) -> list[Any]:
    """Seeds and the allowed corpus documents, or (timing) all corpus documents."""
    sys.path.insert(0, str(Path(__file__).parent))
    from check_token_attrs import allowed_docs, corpus_docs

    return allowed_docs(corpus, seeds) if only_allowed and seeds else corpus_docs(corpus, None)


def dump(out: Path, corpus: Path, seeds: Path, collect: bool) -> None:
    from graph.nlp.pipeline import build_nlp, extract

    docs = _docs(corpus, seeds, True)
    overrides: dict[str, Any] = {"components.coop_relations.collect": True} if collect else {}
    nlp = build_nlp(**overrides)
    records = list(extract(nlp, docs))
    out.write_bytes(pickle.dumps(records))


def time_one(out: Path, corpus: Path) -> None:
    from graph.nlp.pipeline import build_nlp, extract, load_config, to_record

    docs = _docs(corpus, None, False)
    size = int(load_config()["nlp"]["batch_size"])
    nlp = build_nlp()
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    for _ in extract(nlp, docs):
        pass
    seconds["extract"] = time.perf_counter() - t
    sys.path.insert(0, str(Path(__file__).parent))
    from check_token_attrs import per_component

    parts, stream, keep = per_component(nlp, docs, size)
    seconds.update(parts)
    t = time.perf_counter()
    for sdoc, d in zip(stream, keep, strict=True):
        to_record(sdoc, d)
    seconds["to_record"] = time.perf_counter() - t
    out.write_text(json.dumps(seconds))


def _in_tree(tree: Path, mode: str, out: Path, args: argparse.Namespace) -> None:
    """Run this script in ``mode`` with ``tree``'s code."""
    # one hash seed for both: a feature dict is filled from a set of rule names, whose order
    # follows the strings' hashes (equal dicts, different repr, under two random seeds)
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0")
    cmd = [sys.executable, str(Path(__file__).resolve()), mode, str(out), "--corpus", str(args.corpus)]
    cmd += ["--seeds", str(args.seeds)] + (["--collect"] if args.collect else [])
    subprocess.run(cmd, cwd=tree, env=env, check=True)


def _worktree(rev: str, tmp: Path) -> Path:
    path = tmp / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev], check=True)
    return path


def compare(a: list[Any], b: list[Any]) -> int:
    """Differences between two lists of records, printed by document and part."""
    diffs = 0
    if [r.doc.id for r in a] != [r.doc.id for r in b]:
        print("the runs' documents differ")
        return 1
    for ra, rb in zip(a, b, strict=True):
        for part in PARTS:
            x, y = getattr(ra, part), getattr(rb, part)
            if x != y or repr(x) != repr(y):
                diffs += 1
                print(f"{ra.doc.id}: the records' {part} differ")
    counts = {p: sum(len(getattr(r, p)) for r in a) for p in PARTS if p != "context"}
    print(f"documents {len(a)}, compared {counts}, record differences {diffs}")
    return diffs


def check(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        base = _worktree(args.base, tmp)
        try:
            _in_tree(base, "--dump", tmp / "base.pkl", args)
            _in_tree(ROOT, "--dump", tmp / "new.pkl", args)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
        a = pickle.loads((tmp / "base.pkl").read_bytes())
        b = pickle.loads((tmp / "new.pkl").read_bytes())
    return 1 if compare(a, b) else 0


def timing(args: argparse.Namespace) -> None:
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        base = _worktree(args.base, tmp)
        try:
            for r in range(args.repeat):
                for which in ["base", "new"] if r % 2 == 0 else ["new", "base"]:
                    out = tmp / f"{which}-{r}.json"
                    _in_tree(base if which == "base" else ROOT, "--time-one", out, args)
                    runs[which].append(json.loads(out.read_text()))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
    print(f"{args.repeat} runs each (median seconds over all documents of documents.jsonl)")
    print(f"{'component':<22}{'base':>8}{'new':>8}{'ratio':>7}   runs base / new")
    for n in runs["base"][0]:
        s, c = [x[n] for x in runs["base"]], [x[n] for x in runs["new"]]
        ms, mc = statistics.median(s), statistics.median(c)
        each = " ".join(f"{v:.2f}" for v in s) + " / " + " ".join(f"{v:.2f}" for v in c)
        print(f"{n:<22}{ms:>8.2f}{mc:>8.2f}{ms / mc if mc else float('nan'):>7.1f}   {each}")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--base", default="HEAD", help="the git revision to compare the working tree with")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--collect", action="store_true", help="keep every candidate (coop_relations.collect)")
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--time-one", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--compare", type=Path, nargs=2, help="compare two --dump files")
    args = ap.parse_args()
    if args.compare:
        a, b = (pickle.loads(p.read_bytes()) for p in args.compare)
        return 1 if compare(a, b) else 0
    if args.dump:
        dump(args.dump, args.corpus, args.seeds, args.collect)
        return 0
    if args.time_one:
        time_one(args.time_one, args.corpus)
        return 0
    if args.timing:
        timing(args)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
