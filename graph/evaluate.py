"""The scorer of ``../shared/eval``: build each gold document into a fresh store with the real
pipeline, read entities and facts back with SPARQL, and score them by the rules of the eval README
(the same numbers as ``shared/eval/score.py``)."""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import queries
from graph.model import ENTITY_TYPES, RELATIONS, SYMMETRIC, Extraction

FUZZY_TYPES = {"Event", "Agreement", "Initiative"}
STOP = set(
    [
        "the",
        "of",
        "and",
        "in",
        "on",
        "for",
        "a",
        "an",
        "to",
        "with",
        "between",
        "field",
        "at",
        "by",
        "from",
        "this",
        "that",
    ]
)


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"[\u2010-\u2015]", "-", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = s.strip(" .,;:!?\"'()[]«»")
    if s.startswith("the "):
        s = s[4:]
    return s


def content_tokens(s: str) -> set[str]:
    return {t for t in re.findall(r"[\w-]+", norm(s)) if t not in STOP}


def jaccard(a: str, b: str) -> float:
    x, y = content_tokens(a), content_tokens(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class DocScore:
    doc_id: str
    entities: Counter[str] = field(default_factory=Counter)
    facts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def predicted(store: Any) -> tuple[dict[str, tuple[str, str]], set[tuple[str, str, str]]]:
    """Entities (node -> (type, label)) and facts read back from a store with SPARQL."""
    rank = {t: i for i, t in enumerate((*ENTITY_TYPES[:5], "Event", "Agreement", "Initiative", "Place"))}
    ents: dict[str, tuple[str, str]] = {}
    for row in store.select(queries.read("eval_entities")):
        t = row["type"].rsplit("#", 1)[-1]
        node = row["node"]
        if node in ents and rank[ents[node][0]] <= rank[t]:
            continue
        ents[node] = (t, row["label"])
    facts: set[tuple[str, str, str]] = set()
    for row in store.select(queries.read("eval_facts")):
        s, p, o = row["s"], row["p"].rsplit("#", 1)[-1], row["o"]
        if s not in ents or p not in RELATIONS:
            continue
        if p == "coversArea":
            facts.add((s, p, o.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]))
        elif o in ents:
            facts.add((s, p, o))
    for row in store.select(queries.read("eval_dates")):
        if row["s"] not in ents:
            continue
        start, end = str(row["start"]), row.get("end")
        facts.add((row["s"], "date", start if end is None or str(end) == start else f"{start}/{end}"))
    return ents, facts


def from_records(x: Extraction) -> tuple[dict[str, tuple[str, str]], set[tuple[str, str, str]]]:
    """What :func:`predicted` reads back from a store built from this one extraction, computed
    from the records (no store): entities with their label, shortcut facts, dates, and the
    derived roll-up of bodies' cooperation to their states (``queries/rules``). Cross-validation
    scores thousands of variants this way; ``tests/test_evaluate.py`` checks it agrees with the
    store."""
    ents = {e.key: (e.type, e.label) for e in x.entities}
    facts: set[tuple[str, str, str]] = set()
    for f in x.facts:
        if f.s in ents and (f.p == "coversArea" or f.o in ents):
            facts.add((f.s, f.p, f.o))
    for e in x.entities:
        if e.date is not None:
            facts.add((e.key, "date", e.date.as_gold()))
    stated = {(a, b) for a, p, b in facts if p == "cooperatesWith"}
    state_of = {a: b for a, p, b in facts if p == "jurisdiction"}
    for a, b in list(stated):
        c1, c2 = state_of.get(a), state_of.get(b)
        if c1 and c2 and c1 != c2 and (c1, c2) not in stated and (c2, c1) not in stated:
            facts.add((c1, "cooperatesWith", c2))
    return ents, facts


def align(ents: dict[str, tuple[str, str]], gold_entities: list[dict[str, Any]]) -> dict[str, str]:
    """Predicted node -> gold id: exact normalised labels first, then token Jaccard for fuzzy types."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    names = {g["id"]: [g["name"], *g.get("aliases", [])] for g in gold_entities}
    types = {g["id"]: g["type"] for g in gold_entities}
    for node, (t, label) in sorted(ents.items(), key=lambda kv: kv[1][1]):
        for gid, ns in names.items():
            if gid not in used and types[gid] == t and norm(label) in {norm(n) for n in ns}:
                mapping[node] = gid
                used.add(gid)
                break
    for node, (t, label) in ents.items():
        if node in mapping or t not in FUZZY_TYPES:
            continue
        best = max(
            (
                (max(jaccard(label, n) for n in ns), gid)
                for gid, ns in names.items()
                if gid not in used and types[gid] == t
            ),
            default=(0.0, None),
        )
        if best[0] >= 0.6 and best[1] is not None:
            mapping[node] = best[1]
            used.add(best[1])
    return mapping


def score_document(
    doc: dict[str, Any], ents: dict[str, tuple[str, str]], facts: set[tuple[str, str, str]]
) -> DocScore:
    res = DocScore(doc["id"])
    mapping = align(ents, doc["entities"])
    gold_types = {g["id"]: g["type"] for g in doc["entities"]}
    matched = set(mapping.values())
    for gid, t in gold_types.items():
        k = "tp" if gid in matched else "fn"
        res.entities[f"{t}:{k}"] += 1
        if k == "fn":
            res.errors.append(f"{doc['id']}: missed entity {t} {gid}")
    for node, (t, label) in ents.items():
        if node not in mapping:
            res.entities[f"{t}:fp"] += 1
            res.errors.append(f"{doc['id']}: extra entity {t} {label!r}")

    def canon(s: str, p: str, o: str) -> tuple[str, str, str]:
        if p in SYMMETRIC and o < s:
            s, o = o, s
        return (s, p, o)

    gold_c = {canon(f["s"], f["p"], f["o"]) for f in doc["facts"]}
    pred_c = set()
    for s, p, o in facts:
        gs = mapping.get(s, f"?{ents[s][1]}")
        go = o if p in ("date", "coversArea") else mapping.get(o, f"?{ents[o][1]}")
        pred_c.add(canon(gs, p, go))
    for f in sorted(pred_c):
        k = "tp" if f in gold_c else "fp"
        res.facts[f"{f[1]}:{k}"] += 1
        if k == "fp":
            res.errors.append(f"{doc['id']}: extra fact {f}")
    for f in sorted(gold_c - pred_c):
        res.facts[f"{f[1]}:fn"] += 1
        res.errors.append(f"{doc['id']}: missed fact {f}")
    return res


def _summary(counts: Counter[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    total: Counter[str] = Counter()
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for key, n in counts.items():
        name, kind = key.rsplit(":", 1)
        total[kind] += n
        by[name][kind] += n

    def row(c: Counter[str]) -> dict[str, Any]:
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        return {"p": p, "r": r, "f": f, "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]}

    return row(total), {k: row(v) for k, v in sorted(by.items())}


def load_gold(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Gold documents with their texts (annotation files name corpus documents by id)."""
    from graph import gold as ann

    return ann.load(paths)


BASELINE_CONFIG = Path(__file__).parent / "nlp" / "config-baseline.cfg"


def evaluate(
    gold_files: Iterable[Path], model: str | None = None, baseline: bool = False, rules_only: bool = False
) -> dict[str, Any]:
    """Score the pipeline on gold files; returns the report (micro P/R/F1, per type and relation, errors)."""
    from graph.builder import build
    from graph.nlp.pipeline import build_nlp
    from graph.store import Store

    docs = load_gold(gold_files)
    overrides: dict[str, Any] = {"components.coop_relations.model": ""} if rules_only else {}
    nlp = build_nlp(model, BASELINE_CONFIG if baseline else None, **overrides)
    ent_counts: Counter[str] = Counter()
    fact_counts: Counter[str] = Counter()
    errors: list[str] = []
    per_doc = []
    for doc in docs:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in"
            src.mkdir()
            rec = {"id": doc["id"], "text": doc["text"], "title": doc.get("title"), "date": doc.get("date")}
            (src / "doc.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
            out = Path(tmp) / "out"
            build([src], out, nlp=nlp, page=False, validate=False)
            with Store(out) as st:
                ents, facts = predicted(st)
        s = score_document(doc, ents, facts)
        ent_counts += s.entities
        fact_counts += s.facts
        errors += s.errors
        e_tot, _ = _summary(s.entities)
        f_tot, _ = _summary(s.facts)
        per_doc.append({"id": doc["id"], "entity_f1": e_tot["f"], "fact_f1": f_tot["f"]})
    entity_scores, per_type = _summary(ent_counts)
    fact_scores, per_relation = _summary(fact_counts)
    return {
        "documents": len(docs),
        "entities": entity_scores,
        "facts": fact_scores,
        "per_type": per_type,
        "per_relation": per_relation,
        "per_document": per_doc,
        "errors": errors,
    }


def format_report(report: dict[str, Any], show_errors: bool = False) -> str:
    lines = []
    for title, key in (("relation", "per_relation"), ("type", "per_type")):
        lines.append(f"{title:25s}     P     R    F1    tp   fp   fn")
        for name, c in report[key].items():
            lines.append(
                f"  {name:23s} {c['p']:.2f}  {c['r']:.2f}  {c['f']:.2f}  "
                f"{c['tp']:4d} {c['fp']:4d} {c['fn']:4d}"
            )
        lines.append("")
    if show_errors:
        lines += report["errors"] + [""]
    e, f = report["entities"], report["facts"]
    lines.append(
        f"{report['documents']} docs: entity P/R/F1 {e['p']:.2f}/{e['r']:.2f}/{e['f']:.2f}, "
        f"fact P/R/F1 {f['p']:.2f}/{f['r']:.2f}/{f['f']:.2f}"
    )
    return "\n".join(lines)


def ablation(
    gold_files: Iterable[Path], model: str | None = None, rules_only: bool = False
) -> list[dict[str, Any]]:
    """Fact P/R/F1 on the gold with each rule family switched off in turn (the first row: all on).

    The pipeline runs as configured (the trained decision included, when the config names one);
    only the family's rules leave ``components.coop_relations.rules``."""
    from graph.ingest import normalise_text
    from graph.model import Document
    from graph.nlp.pipeline import build_nlp, extract, load_config

    docs = load_gold(gold_files)
    rules = list(load_config()["components"]["coop_relations"]["rules"])
    families = sorted({r.split(".", 1)[0] for r in rules})
    rows = []
    for off in [None, *families]:
        kept = [r for r in rules if off is None or not r.startswith(off + ".")]
        overrides: dict[str, Any] = {"components.coop_relations.rules": kept}
        if rules_only:
            overrides["components.coop_relations.model"] = ""
        nlp = build_nlp(model, None, **overrides)
        records = [
            Document(d["id"], normalise_text(d["text"]), "gold", d.get("title"), d.get("date")) for d in docs
        ]
        facts: Counter[str] = Counter()
        for d, x in zip(docs, extract(nlp, records), strict=True):
            ents, fs = from_records(x)
            facts += score_document(d, ents, fs).facts
        total, per = _summary(facts)
        rows.append(
            {"off": off or "(none)", "rules": len(rules) - len(kept), "facts": total, "per_relation": per}
        )
    return rows


def format_ablation(rows: list[dict[str, Any]]) -> str:
    base = rows[0]["facts"]
    lines = ["| family off | rules off | fact P | fact R | fact F1 | ΔF1 |", "|---|---|---|---|---|---|"]
    for r in rows:
        f = r["facts"]
        delta = f["f"] - base["f"]
        cells = [r["off"], str(r["rules"]), *(f"{f[k]:.3f}" for k in "prf"), f"{delta:+.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
