"""The short Markdown report written by a build: counts by class and relation, top actors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph import analytics, queries
from graph.errors import ActorNotFoundError
from graph.paths import atomic_write, atomic_write_text
from graph.store import Store


def _table(rows: list[dict[str, Any]], cols: list[str]) -> str:
    """A Markdown table of ``rows`` (pandas ``to_markdown``): floats to 3 places, pipes escaped."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=cols)
    if df.empty:
        return "_none_"
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(_cell)
    return str(df.to_markdown(index=False, floatfmt=".3f"))


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, str):
        return v.replace("|", "\\|").replace("\n", " ")
    return v


def report_tables(
    store: Store, net: nx.MultiGraph, centrality: list[dict[str, Any]] | None = None
) -> dict[str, str]:
    """The parts of the report made from the store and the network (not from the build's figures),
    as text: a build whose store shows the same keeps them (:func:`write_report` ``tables=``)."""
    classes = store.select(queries.read("counts_by_class"))
    rels = store.select(queries.read("counts_by_relation"))
    top = (centrality if centrality is not None else analytics.centrality(net))[:15]
    return {
        "network": f"{net.number_of_nodes()} nodes, {net.number_of_edges()} edges",
        "classes": _table(classes, ["class", "n"]),
        "relations": _table(rels, ["relation", "n"]),
        "top": _table(top, ["label", "type", "degree", "betweenness", "pagerank"]),
    }


def write_report(
    store: Store,
    net: nx.MultiGraph | None,
    path: Path,
    result: Any,
    centrality: list[dict[str, Any]] | None = None,
    *,
    tables: dict[str, str] | None = None,
) -> Path:
    """The build's short Markdown report: counts by class and relation, top actors, skipped inputs.
    ``tables``: :func:`report_tables` of this store, when the caller has them (then ``net`` is not read)."""
    if tables is None:
        if net is None:
            raise ValueError("write_report needs the actor network or the report's tables")
        tables = report_tables(store, net, centrality)
    lines = [
        "# coopgraph build report",
        "",
        f"- documents read: {result.documents} "
        f"(extracted now: {result.extracted}, unchanged: {result.unchanged})",
        f"- documents skipped with errors: {len(result.errors)}",
        f"- documents removed (no longer among the inputs): {len(result.removed)}",
        f"- sentences on which a rule failed: {len(result.skipped_sentences)}",
        f"- triples in the store: {result.triples}",
        f"- actor network: {tables['network']}",
        f"- SHACL violations: {len(result.violations)}",
        "",
        "## Entities by class",
        "",
        tables["classes"],
        "",
        "## Facts by relation",
        "",
        tables["relations"],
        "",
        "## Top actors by PageRank",
        "",
        tables["top"],
        "",
    ]
    if result.errors:
        lines += ["## Skipped inputs", "", *[f"- {e}" for e in result.errors], ""]
    if result.removed:
        lines += ["## Removed documents", "", *[f"- {d}" for d in result.removed], ""]
    if result.skipped_sentences:
        lines += [
            "## Sentences on which a rule failed",
            "",
            *[f"- {s.message()}" for s in result.skipped_sentences],
            "",
        ]
    if result.violations:
        lines += ["## SHACL violations", "", *[f"- {v}" for v in result.violations[:200]], ""]
    return atomic_write_text(path, "\n".join(lines))


# ------------------------------------------------------------------ the analysis report
def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    buf = io.StringIO()
    cols = list(dict.fromkeys(k for r in rows for k in r))
    w = csv.DictWriter(buf, fieldnames=cols)
    w.writeheader()
    for r in rows:
        w.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in r.items()}
        )
    atomic_write_text(path, buf.getvalue())


def _save_fig(fig: Any, path: Path) -> None:
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110, bbox_inches="tight"))


def _charts(
    to: Path,
    hub_label: str,
    partners: list[dict[str, Any]],
    per_year: list[dict[str, Any]],
    areas: list[dict[str, Any]],
) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    if partners:
        fig, ax = plt.subplots(figsize=(7, 0.35 * len(partners) + 1.2))
        ax.barh(
            [p["label"][:50] for p in reversed(partners)],
            [p["facts"] for p in reversed(partners)],
            color="#1f77b4",
        )
        ax.set_xlabel("facts")
        ax.set_title(f"Top partners of {hub_label}")
        _save_fig(fig, to / "top_partners.png")
        plt.close(fig)
        made.append(("Top partners", "top_partners.png"))
    if per_year:
        import pandas as pd

        table = pd.DataFrame(per_year).pivot_table(index="year", columns="kind", values="n", fill_value=0)
        ax = table.plot.bar(
            stacked=True, figsize=(7, 3.5), rot=0, color=["#2ca02c", "#9467bd"][: table.shape[1]]
        )
        ax.set_ylabel("agreements and events")
        ax.set_xlabel("")
        ax.set_title("Cooperation over time (agreements and events per year)")
        fig = ax.get_figure()
        _save_fig(fig, to / "over_time.png")
        plt.close(fig)
        made.append(("Cooperation over time", "over_time.png"))
    if areas:
        actors = list(dict.fromkeys(r["actor_label"] for r in areas))[:12]
        names = sorted({r["area_label"] for r in areas if r["actor_label"] in actors})
        fig, ax = plt.subplots(figsize=(8, 0.4 * len(actors) + 1.5))
        left = [0] * len(actors)
        for name in names:
            vals = [
                sum(r["weight"] for r in areas if r["actor_label"] == a and r["area_label"] == name)
                for a in actors
            ]
            ax.barh([a[:45] for a in actors], vals, left=left, label=name)
            left = [x + v for x, v in zip(left, vals, strict=True)]
        ax.invert_yaxis()
        ax.set_xlabel("agreements and events covering the area")
        ax.set_title("Areas by partner")
        ax.legend(fontsize=6, ncol=2, loc="lower right")
        _save_fig(fig, to / "areas_by_partner.png")
        plt.close(fig)
        made.append(("Areas by partner", "areas_by_partner.png"))
    return made


def write_analysis(
    store: Store, to: Path, *, seed: int = 0, persons: bool = False, hub: str | None = None, top: int = 20
) -> Path:
    """Write ``analysis.md`` with tables and PNG charts, plus JSON and CSV of every metric, into ``to``.

    ``hub`` (IRI, ISO3 or label) is the actor whose partners are charted; by default the top actor by
    PageRank. Louvain communities use ``seed``. Returns the Markdown file's path.
    """
    to = Path(to)
    to.mkdir(parents=True, exist_ok=True)
    g = analytics.actor_network(store, persons=persons)
    countries = analytics.country_network(store)
    bip = analytics.area_network(g, store)
    cent = analytics.centrality(g)
    ccent = analytics.centrality(countries)
    comms = analytics.communities(g, seed=seed)
    label = {n: g.nodes[n].get("label", n) for n in g}
    comm_rows = [{"community": i, "node": n, "label": label[n]} for i, part in enumerate(comms) for n in part]
    ties = analytics.ties(g)
    changes = analytics.year_changes(g)
    per_year = analytics.facts_per_year(g)
    activities = analytics.activities_per_year(g)
    areas = analytics.areas_by_actor(bip)
    center = analytics.resolve(g, hub) if hub else (cent[0]["node"] if cent else None)
    partners = analytics.top_partners(g, center, n=15) if center else []
    try:
        country_center = analytics.resolve(countries, hub) if hub else (ccent[0]["node"] if ccent else None)
    except ActorNotFoundError:  # a body or person: its partners are in the actor table
        country_center = None
    country_partners = analytics.country_partners(countries, country_center) if country_center else []
    metrics: dict[str, list[dict[str, Any]]] = {
        "centrality": cent,
        "country_centrality": ccent,
        "communities": comm_rows,
        "ties": ties,
        "year_changes": changes,
        "facts_per_year": per_year,
        "activities_per_year": activities,
        "areas_by_actor": areas,
        "top_partners": partners,
        "country_partners": country_partners,
    }
    for name, rows in metrics.items():
        atomic_write_text(to / f"{name}.json", json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        _write_csv(to / f"{name}.csv", rows)
    charts = _charts(to, label.get(center, "") if center else "", partners, activities, areas)
    bilateral = sum(1 for _, _, t in g.edges(data="tie") if t == "bilateral")
    multilateral = sum(1 for _, _, t in g.edges(data="tie") if t == "multilateral")
    lines = [
        "# coopgraph network analysis",
        "",
        f"- actor network: {g.number_of_nodes()} actors, {analytics.weighted(g).number_of_edges()} ties, "
        f"{g.number_of_edges()} facts" + (" (persons included)" if persons else " (persons left out)"),
        f"- country network: {countries.number_of_nodes()} nodes, "
        f"{analytics.weighted(countries).number_of_edges()} ties, {countries.number_of_edges()} facts",
        f"- actor--area network: {sum(1 for _, b in bip.nodes(data='bipartite') if b == 1)} areas, "
        f"{bip.number_of_edges()} actor--area links",
        f"- co-party facts: {bilateral} bilateral, {multilateral} multilateral",
        f"- Louvain communities (seed {seed}): {len(comms)}",
        "",
        "## Top actors by PageRank",
        "",
        _table(cent[:top], ["label", "type", "degree", "weighted_degree", "betweenness", "pagerank"]),
        "",
        "## Top countries and organisations (country network)",
        "",
        _table(ccent[:top], ["label", "type", "degree", "weighted_degree", "betweenness", "pagerank"]),
        "",
        f"## Partners of {countries.nodes[country_center]['label']} (country network)"
        if country_center
        else "",
        "",
        "Facts of its bodies and persons count for it; `how` says through whom." if country_center else "",
        "",
        _table(country_partners, ["label", "type", "facts", "relations", "first", "last", "how"])
        if country_center
        else "",
        "",
        "## Agreements and events per year",
        "",
        _table(activities, ["year", "kind", "n", "bilateral", "multilateral"]),
        "",
        f"## Partners of {label.get(center, '') if center else '-'}",
        "",
        _table(partners, ["label", "type", "facts", "relations"]),
        "",
        "## Communities",
        "",
        _table(
            [
                {
                    "community": i,
                    "size": len(p),
                    "members": ", ".join(str(label[n]) for n in p[:12]) + (" …" if len(p) > 12 else ""),
                }
                for i, p in enumerate(comms[:top])
            ],
            ["community", "size", "members"],
        ),
        "",
        "## Bilateral and multilateral ties",
        "",
        _table(ties[:top], ["label", "bilateral", "multilateral"]),
        "",
        "## Year by year",
        "",
        _table(
            [
                {
                    **c,
                    "new": len(c["new"]),
                    "dropped": len(c["dropped"]),
                    "examples of new ties": "; ".join(" – ".join(p) for p in c["new"][:5]),
                }
                for c in changes
            ],
            ["year", "nodes", "edges", "facts", "new", "dropped", "examples of new ties"],
        ),
        "",
        "## Areas by actor",
        "",
        _table(areas[:top], ["actor_label", "area_label", "weight"]),
        "",
        "## Charts",
        "",
        *[f"![{title}]({file})\n" for title, file in charts],
        "Every table is also written in full as JSON and CSV beside this file: "
        + ", ".join(f"`{n}.json`/`{n}.csv`" for n in metrics)
        + ".",
        "",
    ]
    path = to / "analysis.md"
    atomic_write_text(path, "\n".join(lines))
    return path
