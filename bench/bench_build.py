"""Benchmark: every figure of the scale targets next to its target, measured in one run.

usage: python bench/bench_build.py CORPUS [--scales 1,4,16] [--json FILE] [--profile FILE.html]
       python bench/bench_build.py CORPUS --scale-only --lean --scales 1,16 --query-scales 1,16 --stores DIR

In one run on this machine:

1. raw ``nlp.pipe`` of the base model (en_core_web_sm) over the documents' texts, in this process;
2. the end-to-end build (``coopgraph build``: ingest, NLP, RDF, store, rules, exports, SHACL
   validation, page and report) into a fresh folder, one process, as a child process;
3. the same with ``--workers 2``;
4. a rebuild with nothing changed and a rebuild after one changed document (``coopgraph build``
   as a user runs it, interpreter start included), and the same change three times in a running
   ``coopgraph watch`` (from saving the file to the watch's line that the rebuild is done);
5. peak resident memory of the one-process build at each scale of ``--scales`` (the corpus
   repeated under distinct ids);
6. p95 latency of every query of ``graph/queries/*.rq`` (default parameters) on the largest store
   (or those of ``--query-scales``);
7. the page a build writes for the largest store (or those of ``--page-scales``), opened in
   headless Chromium: seconds from navigation until its layout has settled.

``--scale-only`` measures only 5 and 6 (peak RSS per scale, query p95); ``--lean`` builds every
scale without SHACL validation and page (say so next to the figures: the table does);
``--stores DIR`` keeps each scale's store in ``DIR/x<k>`` with its build figures in ``DIR/x<k>.json``
and reuses them in a later run instead of building again; ``--query-scales 1,16`` runs the queries
on each of those stores (a store built before the entities graph existed gets it first).

Prints one table (figure, measured, target, met) and writes it as JSON with ``--json``.
``--profile`` writes a pyinstrument HTML profile of one more one-process build (after the measured
runs, which it would slow down). Exits 1 when a target
is missed. Budgets are checked here, not by timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _child(args: list[str]) -> int:
    """Run one build in this (child) process and print its figures as JSON on the last line."""
    corpus, out = Path(args[0]), Path(args[1])
    workers = int(args[2]) if len(args) > 2 else 1
    profile = Path(args[3]) if len(args) > 3 and args[3] else None
    lean = len(args) > 4 and args[4] == "lean"  # no SHACL validation, no page
    from graph.builder import build

    t = time.perf_counter()
    if profile:
        from pyinstrument import Profiler

        prof = Profiler(interval=0.02)
        prof.start()
    r = build([corpus], out, workers=workers, validate=not lean, page=not lean)
    seconds = time.perf_counter() - t
    if profile:
        prof.stop()
        profile.write_text(prof.output_html(), encoding="utf-8")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    own, workers_cpu = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(
        json.dumps(
            {
                "seconds": seconds,
                # CPU seconds of this process and of its (reaped) worker processes: with the wall
                # time they say how many cores the build got (the machine is shared)
                "cpu_s": own.ru_utime + own.ru_stime,
                "workers_cpu_s": workers_cpu.ru_utime + workers_cpu.ru_stime,
                "extracted": r.extracted,
                "triples": r.triples,
                "violations": len(r.violations),
                "stages": r.stages,
                "peak_rss_mb": rss,
            }
        )
    )
    return 0


def _run_child(
    corpus: Path, out: Path, workers: int = 1, profile: Path | None = None, lean: bool = False
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", str(corpus), str(out), str(workers), str(profile or "")]
    cmd.append("lean" if lean else "full")
    p = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return dict(json.loads(p.stdout.strip().splitlines()[-1]))


def _cli_build(corpus: Path, out: Path) -> float:
    """`coopgraph build CORPUS --out OUT -q` as a user runs it: seconds, interpreter start included."""
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graph", "build", str(corpus), "--out", str(out), "-q"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - t


def _watch_rebuilds(corpus_lines: list[str], out: Path, rounds: int = 3) -> list[float]:
    """`coopgraph watch` on a copy of the corpus into OUT: seconds from saving a file with the first
    document changed to the watch's line saying the rebuild is done, for ``rounds`` edits in a row
    (the model stays loaded between them; the first build of the watch is not timed)."""
    folder = out.parent / "watched"
    folder.mkdir(exist_ok=True)
    target = folder / "corpus.jsonl"

    def save(first: str) -> None:  # as an editor saves: a new file renamed over the old one
        tmp = folder / ".corpus.jsonl.tmp"
        tmp.write_text("\n".join([first, *corpus_lines[1:]]) + "\n", "utf-8")
        os.replace(tmp, target)

    save(corpus_lines[0])
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "watch", str(folder), "--out", str(out), "--log"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    assert proc.stderr is not None

    def rebuilt() -> None:
        for line in proc.stderr:  # type: ignore[union-attr]
            if " rebuilt in " in line or "rebuild failed" in line:
                return
        raise RuntimeError(f"coopgraph watch ended (rc {proc.wait()})")

    times: list[float] = []
    try:
        rebuilt()
        for i in range(rounds):
            rec = json.loads(corpus_lines[0])
            rec["text"] += f"\n\nThe ministries agreed to meet again in {2030 + i}."
            save(json.dumps(rec, ensure_ascii=False))
            t = time.perf_counter()
            rebuilt()
            times.append(time.perf_counter() - t)
    finally:
        proc.send_signal(2)  # Ctrl-C: the watch stops between rounds
        proc.wait(timeout=60)
    return times


def _repeated(corpus_lines: list[str], k: int, path: Path) -> Path:
    """The corpus repeated ``k`` times, copy i under ids suffixed ``-r<i>``."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(k):
            for line in corpus_lines:
                rec = json.loads(line)
                if i:
                    rec["id"] = f"{rec['id']}-r{i}"
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def _query_p95(out: Path, runs: int, budget_s: float = 20.0) -> dict[str, float]:
    """p95 milliseconds per library query over ``runs`` runs, fewer for a query whose runs
    exceed ``budget_s`` in total (then the slowest run taken stands for the p95)."""
    from graph.querylib import list_queries
    from graph.store import Store

    p95: dict[str, float] = {}
    with Store(out) as st:
        for q in list_queries():
            text = q.render({})
            times: list[float] = []
            while len(times) < runs and sum(times) < budget_s * 1000:
                t = time.perf_counter()
                res = st.query(text)
                if res.type == "SELECT":
                    list(res.bindings)
                elif res.graph is not None:
                    len(res.graph)
                times.append((time.perf_counter() - t) * 1000)
            p95[q.name] = statistics.quantiles(times, n=20)[18] if len(times) >= 5 else max(times)
    return p95


CHROMIUM = Path("/usr/bin/chromium")


def _page_open(store_out: Path, page_dir: Path) -> dict[str, Any]:
    """The page as a build writes it for the store in ``store_out`` (:func:`graph.viz.store_page`),
    opened over file:// in headless Chromium (no network): seconds to write it, seconds from
    navigation until the layout has settled (``window.coopgraph.stabilized``), the page's own
    settling time, and its size."""
    from playwright.sync_api import sync_playwright

    from graph import viz
    from graph.store import Store

    t = time.perf_counter()
    page_dir.mkdir(parents=True, exist_ok=True)
    html = page_dir / "graph.html"
    with Store(store_out) as st:
        net, _ranks = viz.store_page(st, html)
    write_s = time.perf_counter() - t
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        local = ("file:", "data:")  # nothing from the network, as a user's offline page
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(local) else r.abort())
        t = time.perf_counter()
        page.goto(html.resolve().as_uri())
        page.wait_for_function("window.coopgraph && window.coopgraph.stabilized", timeout=120_000)
        open_s = time.perf_counter() - t
        shown = page.evaluate("window.coopgraph.nodes.length")
        settle_ms = page.evaluate("window.coopgraph.stabilizationMs")
        status = page.inner_text("#status")
        browser.close()
    return {
        "write_s": write_s,
        "open_settle_s": open_s,
        "settle_ms": settle_ms,
        "nodes": net.number_of_nodes(),
        "edges": net.number_of_edges(),
        "shown_nodes": shown,
        "status": status,
        "html_mb": html.stat().st_size / 1e6,
    }


def _autogroup() -> str:
    """Whether the kernel shares the CPU between sessions first (then processes within one): with
    other sessions busy, a build's worker processes share its session's part."""
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip()
    except OSError:
        return "unknown"


def _scale_build(lines: list[str], k: int, folder: Path, lean: bool, reuse: bool) -> dict[str, Any]:
    """Build the ``k`` x corpus into ``folder/x<k>`` and return its figures; with ``reuse``, a store
    built there before (its figures saved beside it as ``x<k>.json``) is kept, not built again."""
    out, saved = folder / f"x{k}", folder / f"x{k}.json"
    if reuse and saved.exists() and (out / "store").exists():
        return dict(json.loads(saved.read_text(encoding="utf-8")), reused=True)
    corpus = _repeated(lines, k, folder / f"x{k}.jsonl")
    r = _run_child(corpus, out, 1, lean=lean)
    r["lean"], r["out"] = lean, str(out)
    saved.write_text(json.dumps(r), encoding="utf-8")
    return r


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return _child(sys.argv[2:])
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path, help="a .jsonl corpus (one document per line)")
    ap.add_argument("--scales", default="1,4", help="corpus multiples for peak memory (e.g. 1,4,16)")
    ap.add_argument("--query-runs", type=int, default=20)
    ap.add_argument(
        "--query-scales", default="", help="run the queries on these scales' stores (default: the largest)"
    )
    ap.add_argument("--query-budget-s", type=float, default=20.0, help="seconds of runs per query at most")
    ap.add_argument(
        "--scale-only",
        action="store_true",
        help="measure only peak RSS per scale and query p95 (no raw nlp.pipe, --workers, rebuilds)",
    )
    ap.add_argument("--lean", action="store_true", help="build every scale without SHACL validation and page")
    ap.add_argument(
        "--stores", type=Path, help="keep the scale stores here; a store built there before is reused"
    )
    ap.add_argument("--no-queries", action="store_true", help="build figures only (no query p95)")
    ap.add_argument(
        "--page-scales",
        default="",
        help="open the page of these scales' stores in headless Chromium (default: the largest)",
    )
    ap.add_argument("--json", type=Path)
    ap.add_argument("--profile", type=Path, help="write a pyinstrument HTML profile of the 1x build")
    a = ap.parse_args()
    lines = [x for x in a.corpus.read_text(encoding="utf-8").splitlines() if x.strip()]
    scales = sorted({int(s) for s in a.scales.split(",")} | {1})
    query_scales = sorted({int(s) for s in a.query_scales.split(",") if s} or {max(scales)})
    page_scales = sorted({int(s) for s in a.page_scales.split(",") if s} or {max(scales)})
    fig: dict[str, Any] = {
        "machine": f"{os.cpu_count()} cores",
        "load_before": os.getloadavg()[0],
        "sched_autogroup": _autogroup(),
    }
    fig["documents"] = len(lines)
    rows: list[tuple[str, str, str, bool]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = a.stores or tmp
        folder.mkdir(parents=True, exist_ok=True)
        if not a.scale_only:
            rows += _build_speed(a, lines, fig, tmp)
        fig["peak_rss_mb"], fig["scale_builds"] = {}, {}
        for k in scales:
            if k == 1 and "one_build" in fig and not a.lean:  # the measured one-process build
                r = fig.pop("one_build")
            else:
                r = _scale_build(lines, k, folder, a.lean, reuse=a.stores is not None)
            fig["peak_rss_mb"][str(k)] = r["peak_rss_mb"]
            fig["scale_builds"][str(k)] = r
        fig["query_p95_ms"] = {}
        for k in [] if a.no_queries else query_scales:
            if k not in scales:
                continue
            from graph import entities
            from graph.store import Store

            store = Path(fig["scale_builds"][str(k)].get("out", folder / f"x{k}"))
            with Store(store, write=True) as st:  # a store built before it gets the entities graph
                entities.ensure(st)
            fig["query_p95_ms"][str(k)] = _query_p95(store, a.query_runs, a.query_budget_s)
        fig["page"] = {}
        for k in page_scales if CHROMIUM.exists() else []:
            if str(k) in fig["scale_builds"]:
                store = Path(fig["scale_builds"][str(k)].get("out", folder / f"x{k}"))
                fig["page"][str(k)] = _page_open(store, tmp / f"page-x{k}")
        if a.profile and not a.scale_only:  # a run of its own: the profiler slows the build
            _run_child(a.corpus, tmp / "profiled", 1, a.profile)
    fig["load_after"] = os.getloadavg()[0]

    rss = fig["peak_rss_mb"]
    growth = 100 * (max(rss.values()) / rss["1"] - 1)
    how = " (no validation, no page)" if a.lean else ""
    for k, v in rss.items():
        rows.append((f"peak RSS at {k}x{how}", f"{v:.0f} MB", "<= 1536 MB", v <= 1536))
    if len(rss) > 1:
        rows.append(("  RSS growth 1x -> largest", f"{growth:.0f} %", "<= 20 %", growth <= 20))
    for k, p95 in fig["query_p95_ms"].items():
        for name, ms in sorted(p95.items()):
            rows.append((f"query p95 {name} ({k}x)", f"{ms:.0f} ms", "<= 100 ms", ms <= 100))
    for k, pg in fig["page"].items():
        rows.append(
            (
                f"page at {k}x opens and settles ({pg['shown_nodes']} of {pg['nodes']} nodes shown)",
                f"{pg['open_settle_s']:.1f} s",
                "< 10 s",
                pg["open_settle_s"] < 10,
            )
        )
    fig["table"] = [{"figure": f, "measured": m, "target": t, "met": ok} for f, m, t, ok in rows]
    width = max(len(r[0]) for r in rows)
    print(
        f"{fig['documents']} documents, {fig['machine']}, "
        f"load {fig['load_before']:.1f} -> {fig['load_after']:.1f}, sched_autogroup {fig['sched_autogroup']}"
    )
    print(f"{'figure':<{width}}  {'measured':>22}  {'target':>11}  met")
    for f, m, t, ok in rows:
        print(f"{f:<{width}}  {m:>22}  {t:>11}  {'yes' if ok else 'NO'}")
    if "build_stages" in fig:
        print("stages, 1 process:", ", ".join(f"{k} {v:.1f}s" for k, v in fig["build_stages"].items()))
        print(
            "stages, 2 workers:", ", ".join(f"{k} {v:.1f}s" for k, v in fig["build_workers2_stages"].items())
        )
    for k, r in fig["scale_builds"].items():
        print(
            f"{k}x build: {r['seconds']:.0f} s, {r['triples']} quads{' (reused)' if r.get('reused') else ''}"
        )
    if a.json:
        a.json.write_text(json.dumps(fig, indent=1), encoding="utf-8")
    return 0 if all(r[3] for r in rows) else 1


def _build_speed(
    a: Any, lines: list[str], fig: dict[str, Any], tmp: Path
) -> list[tuple[str, str, str, bool]]:
    """Raw nlp.pipe, the one-process and --workers 2 builds and the two rebuilds, as table rows."""
    from graph.ingest import iter_documents
    from graph.model import Document
    from graph.nlp.pipeline import resolve_model

    docs = [d for d in iter_documents([a.corpus]) if isinstance(d, Document)]
    fig["words"] = sum(len(d.text.split()) for d in docs)
    import spacy

    raw = spacy.load(resolve_model())
    t = time.perf_counter()
    for _doc in raw.pipe((d.text for d in docs), batch_size=16):
        pass
    fig["raw_nlp_pipe_s"] = time.perf_counter() - t
    del raw

    one = _run_child(a.corpus, tmp / "one", 1)
    fig["one_build"] = dict(one, out=str(tmp / "one"))
    fig["build_s"] = one["seconds"]
    fig["build_stages"] = one["stages"]
    fig["triples"] = one["triples"]
    fig["violations"] = one["violations"]
    fig["build_over_raw"] = one["seconds"] / fig["raw_nlp_pipe_s"]
    two = _run_child(a.corpus, tmp / "two", 2)
    fig["build_workers2_s"] = two["seconds"]
    fig["build_workers2_stages"] = two["stages"]
    fig["speedup_workers2"] = one["seconds"] / two["seconds"]
    fig["extract_speedup_workers2"] = one["stages"]["extract"] / two["stages"]["extract"]
    for name, run in (("build", one), ("build_workers2", two)):
        fig[f"{name}_cpu_s"] = run["cpu_s"] + run["workers_cpu_s"]
        fig[f"{name}_cores_used"] = fig[f"{name}_cpu_s"] / run["seconds"]
    fig["build_workers2_writer_cpu_s"] = two["cpu_s"]
    fig["build_workers2_workers_cpu_s"] = two["workers_cpu_s"]
    # what two free cores would give: the workers' CPU split between them while the writer's
    # runs beside it (an estimate from CPU seconds, for a machine whose cores are shared)
    fig["workers2_free_cores_estimate_s"] = max(two["cpu_s"], fig["build_workers2_cpu_s"] / 2)
    fig["speedup_workers2_free_cores_estimate"] = one["cpu_s"] / fig["workers2_free_cores_estimate_s"]
    fig["rebuild_unchanged_s"] = _cli_build(a.corpus, tmp / "one")
    changed = tmp / "changed.jsonl"
    rec = json.loads(lines[0])
    rec["text"] += "\n\nThe ministries agreed to meet again next year."
    changed.write_text("\n".join([json.dumps(rec, ensure_ascii=False), *lines[1:]]) + "\n", "utf-8")
    fig["rebuild_one_changed_s"] = _cli_build(changed, tmp / "one")
    fig["one_changed_pct_of_full"] = 100 * fig["rebuild_one_changed_s"] / fig["build_s"]
    fig["watch_one_changed_runs_s"] = _watch_rebuilds(lines, tmp / "one")
    fig["watch_one_changed_s"] = statistics.median(fig["watch_one_changed_runs_s"])
    fig["watch_one_changed_pct_of_full"] = 100 * fig["watch_one_changed_s"] / fig["build_s"]
    return [
        ("raw en_core_web_sm nlp.pipe", f"{fig['raw_nlp_pipe_s']:.1f} s", "(reference)", True),
        ("end-to-end build, 1 process", f"{fig['build_s']:.1f} s", "", True),
        (
            "  build / raw nlp.pipe",
            f"{fig['build_over_raw']:.2f} x",
            "<= 1.0 x",
            fig["build_over_raw"] <= 1.0,
        ),
        (
            "  build --workers 2 / raw nlp.pipe",
            f"{fig['build_workers2_s'] / fig['raw_nlp_pipe_s']:.2f} x",
            "<= 1.0 x",
            fig["build_workers2_s"] <= fig["raw_nlp_pipe_s"],
        ),
        (
            "rebuild, nothing changed",
            f"{fig['rebuild_unchanged_s']:.1f} s",
            "<= 3 s",
            fig["rebuild_unchanged_s"] <= 3,
        ),
        (
            "rebuild, one document changed",
            f"{fig['one_changed_pct_of_full']:.1f} % ({fig['rebuild_one_changed_s']:.1f} s)",
            "<= 5 %",
            fig["one_changed_pct_of_full"] <= 5,
        ),
        (
            "  the same in coopgraph watch (median of 3)",
            f"{fig['watch_one_changed_pct_of_full']:.1f} % ({fig['watch_one_changed_s']:.1f} s)",
            "<= 5 %",
            fig["watch_one_changed_pct_of_full"] <= 5,
        ),
        (
            "--workers 2 speed-up, whole build",
            f"{fig['speedup_workers2']:.2f} x",
            ">= 1.7 x",
            fig["speedup_workers2"] >= 1.7,
        ),
        (
            "--workers 2 speed-up, NLP stage",
            f"{fig['extract_speedup_workers2']:.2f} x",
            ">= 1.7 x",
            fig["extract_speedup_workers2"] >= 1.7,
        ),
        (
            "  estimate on 2 free cores (from CPU seconds)",
            f"{fig['speedup_workers2_free_cores_estimate']:.2f} x",
            ">= 1.7 x",
            fig["speedup_workers2_free_cores_estimate"] >= 1.7,
        ),
        (
            "  cores used, 1 process (CPU s / wall s)",
            f"{fig['build_cores_used']:.2f} ({fig['build_cpu_s']:.0f} CPU s)",
            "(shared)",
            True,
        ),
        (
            "  cores used, --workers 2",
            f"{fig['build_workers2_cores_used']:.2f} ({fig['build_workers2_cpu_s']:.0f} CPU s)",
            "(shared)",
            True,
        ),
    ]


if __name__ == "__main__":
    sys.exit(main())
