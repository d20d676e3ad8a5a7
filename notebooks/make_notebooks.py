"""Write the analyst notebooks (``notebooks/*.ipynb``) from the cells below, without outputs.

The ``.ipynb`` files are generated so that they stay reviewable, ruff-clean and free of outputs and
execution counts. Edit the cells here and run::

    .venv/bin/python notebooks/make_notebooks.py

Each notebook's first code cell is tagged ``parameters`` (papermill-style); the tests replace it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from textwrap import dedent

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

Cell = tuple[str, str]  # ("md" | "code" | "params", source)


def md(text: str) -> Cell:
    """A Markdown cell."""
    return ("md", dedent(text).strip("\n"))


def code(text: str) -> Cell:
    """A code cell."""
    return ("code", dedent(text).strip("\n"))


def params(text: str) -> Cell:
    """The parameters cell (tagged ``parameters``)."""
    return ("params", dedent(text).strip("\n"))


NB01: list[Cell] = [
    md("""
    # 01 · Build the graph and ask it questions

    Start here. This notebook builds the knowledge graph from press releases, runs the
    competency questions of the query library and shows the answers as pandas DataFrames, then
    follows one fact (Belarus's membership of the SCO, on the seeds) back to the sentence it was
    read from: organisation, date, sentence, document, character offsets and confidence.

    It uses only the public API: `graph.build`, `graph.query` / `graph.query_df`,
    `graph.load_queries` and the query library `graph.querylib`.

    **Parameters** are in the next cell (tagged `parameters`, so papermill can set them). Paths are
    relative to this notebook's folder. The graph is written to a folder under the system's
    temporary directory unless you set `OUT`.
    """),
    params("""
    CORPUS = "../seeds"  # a folder of documents or a .jsonl file ("../../shared/corpus/documents.jsonl")
    MORE = ""  # optionally a folder of your own documents, built into the same graph
    OUT = ""  # the graph's folder; empty: <temp dir>/coopgraph-nb01
    ACTOR = "BLR"  # an actor: an ISO3 code, country:BLR or a full IRI
    ORG = "cid:org/SCO"  # the organisation whose membership is traced back to its sentence
    PARTNER = "CHN"  # the other side of the relationship timeline
    SKIP = ""  # library questions not to run, comma-separated (e.g. ones slow on a large graph)
    VALIDATE = True  # check the graph against the SHACL shapes after the build
    """),
    code("""
    import json
    import tempfile
    import time
    from pathlib import Path

    import pandas as pd
    from IPython.display import Markdown, display

    import graph
    from graph.errors import QueryError
    from graph.querylib import list_queries

    out = Path(OUT) if OUT else Path(tempfile.gettempdir()) / "coopgraph-nb01"
    pd.set_option("display.max_colwidth", 100)
    pd.set_option("display.max_rows", 40)
    print("graph folder:", out)
    """),
    md("""
    ## 1. Build

    `graph.build` reads every document, extracts entities and facts with the spaCy pipeline, and
    writes them as RDF into an Oxigraph store (one named graph per document), together with a
    TriG and a Turtle export, an HTML page of the network and a short report. The build is
    incremental: a document whose text has not changed since the last build is skipped, so
    running this cell again is quick.
    """),
    code("""
    paths = [Path(CORPUS), *([Path(MORE)] if MORE else [])]
    result = graph.build(paths, out, validate=VALIDATE)
    summary = {
        "documents": result.documents,
        "extracted now": result.extracted,
        "unchanged": result.unchanged,
        "entities": result.entities,
        "facts": result.facts,
        "triples": result.triples,
        "seconds": round(result.seconds, 1),
        "input errors": len(result.errors),
        "shape violations": len(result.violations),
    }
    display(pd.Series(summary, name="build").to_frame())
    for line in result.errors + result.violations:
        print(line)
    """),
    md("""
    ## 2. The query library

    The competency questions live in `graph/queries/*.rq` (also `coopgraph query --list`). Each
    declares its parameters in its header; an empty default (`*`) matches anything.
    """),
    code("""
    library = pd.DataFrame(
        [
            {
                "name": q.name,
                "form": q.form,
                "parameters": ", ".join(f"{k}={v or '*'}" for k, v in q.params.items()),
                "description": q.description,
            }
            for q in list_queries()
        ]
    )
    library
    """),
    md("""
    ## 3. Every competency question, answered

    Each SELECT query runs with its defaults, with the actor parameters set to `ACTOR` (and the
    other side of a relationship to `PARTNER`). The answers are kept in `answers`, a dict of
    DataFrames, for you to slice further. The table below counts their rows and times them: on a
    large graph, list the slow ones in `SKIP`.
    """),
    code("""
    def arguments(names: list[str]) -> dict[str, str]:
        \"\"\"The parameters of a library query that this notebook sets.\"\"\"
        ours = {"actor": ACTOR, "country": ACTOR, "other": PARTNER}
        return {k: v for k, v in ours.items() if k in names}


    answers: dict[str, pd.DataFrame] = {}
    runs = []
    for q in list_queries():
        if q.form != "SELECT" or q.name in {s.strip() for s in SKIP.split(",")}:
            note = "in SKIP" if q.form == "SELECT" else f"a {q.form} query: coopgraph query --name {q.name}"
            runs.append({"question": q.name, "rows": None, "seconds": None, "note": note})
            continue
        t0 = time.perf_counter()
        try:
            answers[q.name] = graph.query_df(out, q.name, **arguments(list(q.params)))
        except QueryError as err:  # a question whose parameters have no default
            runs.append({"question": q.name, "rows": None, "seconds": None, "note": str(err)})
            continue
        seconds = round(time.perf_counter() - t0, 2)
        runs.append({"question": q.name, "rows": len(answers[q.name]), "seconds": seconds, "note": ""})
    pd.DataFrame(runs).set_index("question")
    """),
    md("""
    A few of them in full. IRI columns that have a label column beside them are hidden for
    reading; they are still in `answers[...]`.
    """),
    code("""
    def readable(df: pd.DataFrame) -> pd.DataFrame:
        \"\"\"``df`` without the IRI columns ``x`` that have a label column ``xLabel`` or ``x_label``.\"\"\"
        labelled = [c for c in df.columns if f"{c}Label" in df.columns or f"{c}_label" in df.columns]
        return df.drop(columns=labelled)


    shown = ("partners-of", "relationship-timeline", "memberships", "agreements-by-year-and-area", "events")
    for name in (n for n in shown if n in answers):
        display(Markdown(f"**{name}**: {library.set_index('name').loc[name, 'description']}"))
        display(readable(answers[name]).head(15))
    """),
    md("""
    ## 4. Follow a fact back to its sentence

    Every fact in the graph is also a `coop:Assertion` that records its status, confidence and
    date, and points (`prov:wasDerivedFrom`) to the mention it was read from: the sentence, its
    character offsets and its document. Here: is `ACTOR` a member of `ORG`, since when, and how do
    we know? (When the graph has no such fact, the first membership in the graph is traced
    instead.)
    """),
    code("""
    member = graph.query_df(out, "memberships", actor=ACTOR, org=ORG)
    if member.empty:
        print(f"no memberOf fact for {ACTOR} in {ORG}: tracing the first membership in the graph")
        member = graph.query_df(out, "memberships")
    readable(member)
    """),
    md("""
    The `evidence` query gives the same fact's assertion with the offsets of its sentence in the
    document's text:
    """),
    code("""
    evidence = pd.DataFrame()
    if not member.empty:
        fact = member.iloc[0]
        spo = {"s": fact["member"], "p": "coop:memberOf", "o": fact["organisation"]}
        evidence = graph.query_df(out, "evidence", **spo)
        trace = pd.Series(
            {
                "member": fact["memberLabel"],
                "organisation": fact["organisationLabel"],
                "since": fact["since"],
                "sentence": fact["sentence"],
                "document": fact["doc"],
                "char offsets": f"{evidence.iloc[0]['charStart']}–{evidence.iloc[0]['charEnd']}",
                "confidence": float(evidence.iloc[0]["confidence"]),
                "status": fact["status"],
                "assertion": evidence.iloc[0]["assertion"],
            },
            name="trace",
        )
        display(trace.to_frame())
    else:
        print("the graph has no membership fact to trace")
    """),
    md("""
    The offsets point into the text the pipeline read. For plain-text files and JSONL records that
    is the document's own text, so we can cut the sentence out of the source ourselves:
    """),
    code("""
    def document_text(source: Path, doc_id: str) -> str | None:
        \"\"\"The text of document ``doc_id`` in a JSONL file or a folder of files (None when absent).\"\"\"
        if source.is_file() and source.suffix == ".jsonl":
            with source.open(encoding="utf-8") as lines:
                for line in lines:
                    record = json.loads(line)
                    if record.get("id") == doc_id:
                        return str(record["text"])
            return None
        if source.is_dir():
            for path in sorted(source.rglob(f"{doc_id}.txt")):
                return path.read_text(encoding="utf-8")
        return None


    if not evidence.empty:
        row = evidence.iloc[0]
        sources = [Path(CORPUS), *([Path(MORE)] if MORE else [])]
        text = next((t for s in sources if (t := document_text(s, row["doc"])) is not None), None)
        if text is None:
            print(f"document {row['doc']} is neither a .txt file nor a JSONL record here")
        else:
            start, end = int(row["charStart"]), int(row["charEnd"])
            print(f"{row['doc']}[{start}:{end}] = {text[start:end]!r}")
            print("the offsets point at the evidence sentence:", text[start:end] == row["sentence"])
    """),
    md("""
    ## 5. Your own SPARQL

    `graph.query_df` also takes a SPARQL SELECT query. The usual prefixes (`coop:`, `country:`,
    `cid:`, `rdf:`, `rdfs:`, `prov:`, …) are predefined. For example, how many facts of each
    relation the graph holds, and in how many documents:
    """),
    code("""
    graph.query_df(
        out,
        \"\"\"
        SELECT ?relation (COUNT(?a) AS ?facts) (COUNT(DISTINCT ?g) AS ?documents)
        WHERE {
          GRAPH ?g { ?a a coop:Assertion ; rdf:predicate ?p }
          BIND(STRAFTER(STR(?p), "#") AS ?relation)
        }
        GROUP BY ?relation ORDER BY DESC(?facts) ?relation
        \"\"\",
    )
    """),
    md("""
    ## Where next

    * `02-cooperation-network.ipynb`: who the hubs and brokers are, communities, ties over time.
    * `03-visual-exploration.ipynb`: the interactive network, an ego view, filters by area and year.
    * `04-quality.ipynb`: how good the extraction is, before you trust these answers.
    * The files of the build: `store/` (open it with `graph.open_store`), `coopgraph.trig`,
      `coopgraph.ttl`, `graph.html` and `report.md` in the graph folder printed above.
    """),
]

NB02: list[Cell] = [
    md("""
    # 02 · The cooperation network

    Who cooperates with whom, who the hubs and the brokers are, which groups form, whether ties
    are bilateral or multilateral, and how cooperation changes over time. The graph is projected
    into networkx with SPARQL (`graph.to_networkx`: actors as nodes, one edge per fact, each edge
    with its relation, date, year, document and evidence) and measured with `graph.analytics`.

    **Parameters** are in the next cell (tagged `parameters`). Paths are relative to this
    notebook's folder.
    """),
    params("""
    CORPUS = "../seeds"  # a folder of documents or a .jsonl file ("../../shared/corpus/documents.jsonl")
    OUT = ""  # the graph's folder; empty: <temp dir>/coopgraph-nb02
    ACTOR = "BLR"  # the actor whose partners are listed: ISO3 code, label or IRI
    TOP = 10  # how many actors the rankings and charts show
    DRAW = 40  # how many actors (highest PageRank) the network drawing shows
    SEED = 0  # random seed of the layout and the community detection
    """),
    code("""
    import tempfile
    from pathlib import Path

    import matplotlib.pyplot as plt
    import networkx as nx
    import pandas as pd
    from IPython.display import display
    from matplotlib.ticker import MaxNLocator

    import graph
    from graph import analytics
    from graph.errors import ActorNotFoundError

    out = Path(OUT) if OUT else Path(tempfile.gettempdir()) / "coopgraph-nb02"
    pd.set_option("display.max_colwidth", 80)
    result = graph.build([Path(CORPUS)], out, page=False, validate=False)
    print(f"{result.documents} documents, {result.facts} facts extracted now, graph in {out}")
    """),
    md("""
    ## 1. The projection

    `g` is a `networkx.MultiGraph`: one node per actor (country, international organisation,
    government body, company) and one edge per fact. Besides the extracted relations
    (`cooperatesWith`, `metWith`, `memberOf`, `exportsTo`, …) two actors that sign the same
    agreement are joined by `coSignatory` and two that take part in the same event by
    `coParticipant`.
    """),
    code("""
    g = graph.to_networkx(out)
    labels = dict(g.nodes(data="label"))
    nodes = pd.DataFrame([{"node": n, **d} for n, d in g.nodes(data=True)])
    edges = pd.DataFrame([d for _, _, d in g.edges(data=True)])
    print(f"{g.number_of_nodes()} actors, {g.number_of_edges()} facts between them")
    display(nodes["type"].value_counts().to_frame("actors"))
    display(edges["rel"].value_counts().to_frame("facts") if not edges.empty else edges)
    """),
    md("""
    ## 2. Hubs and brokers

    *PageRank* (weighted by the number of facts) ranks the hubs: actors tied to many actors that
    are themselves well tied. *Betweenness* finds the brokers: actors on many shortest paths
    between others, which connect groups that would otherwise be apart. An actor with a high
    betweenness but a modest degree is a broker rather than a hub.
    """),
    code("""
    metrics = pd.DataFrame(analytics.centrality(g)).drop(columns="node", errors="ignore")
    display(metrics.head(TOP).round(3))

    fig, axes = plt.subplots(1, 2, figsize=(12, 0.35 * TOP + 1.5))
    panels = (("pagerank", "hubs: PageRank"), ("betweenness", "brokers: betweenness"))
    for ax, (column, title) in zip(axes, panels, strict=True):
        top = metrics.nlargest(TOP, column).iloc[::-1]
        ax.barh(range(len(top)), top[column], color="#4c72b0")  # by position: two labels may look alike
        ax.set_yticks(range(len(top)), [str(x)[:45] for x in top["label"]])
        ax.set_title(title)
    fig.tight_layout()
    plt.show()
    """),
    md("""
    The same measures on the **country-level** network, where each ministry, company and person is
    rolled up to its country (the ministries' memorandum becomes a Belarus–China tie):
    """),
    code("""
    with graph.open_store(out) as store:
        countries = analytics.country_network(store)
        areas = analytics.area_network(g, store)
    country_metrics = pd.DataFrame(analytics.centrality(countries)).drop(columns="node", errors="ignore")
    country_metrics.head(TOP).round(3)
    """),
    md("""
    ## 3. Communities

    Louvain communities over the fact-weighted network (reproducible with `SEED`): groups of
    actors more tied to each other than to the rest. The drawing shows the `DRAW` actors with
    the highest PageRank (all of them on a small graph); the interactive view of the whole
    network is in `03-visual-exploration.ipynb`.
    """),
    code("""
    parts = analytics.communities(g, seed=SEED)
    community = {n: i for i, part in enumerate(parts) for n in part}
    members = [", ".join(sorted(str(labels[n]) for n in part)) for part in parts]
    alone = sum(len(part) == 1 for part in parts)
    print(f"{len(parts)} communities, {alone} of them a single actor; the {min(TOP, len(parts))} largest:")
    display(pd.DataFrame({"size": [len(p) for p in parts], "members": members}).head(TOP))

    simple = analytics.weighted(g)
    pagerank = {r["node"]: r["pagerank"] for r in analytics.centrality(simple)}
    drawn = [n for n in sorted(pagerank, key=lambda n: -pagerank[n])[:DRAW] if simple.degree(n)]
    core = simple.subgraph(drawn)
    if core.number_of_nodes():
        top_rank = max(pagerank[n] for n in core)
        pos = nx.spring_layout(core, seed=SEED, weight="weight")
        fig, ax = plt.subplots(figsize=(10, 7))
        widths = [min(d["weight"], 8) for _, _, d in core.edges(data=True)]
        nx.draw_networkx_edges(core, pos, ax=ax, alpha=0.3, width=widths)
        nx.draw_networkx_nodes(
            core,
            pos,
            ax=ax,
            node_color=[community[n] % 10 for n in core],
            cmap="tab10",
            vmin=0,
            vmax=9,
            node_size=[150 + 1500 * pagerank[n] / top_rank for n in core],
        )
        short = {n: str(labels[n])[:28] for n in core}
        nx.draw_networkx_labels(core, pos, ax=ax, labels=short, font_size=8)
        ax.set_title(f"the {core.number_of_nodes()} actors with the highest PageRank, coloured by community")
        ax.margins(0.12)
        ax.axis("off")
        plt.show()
    """),
    md("""
    ## 4. Bilateral and multilateral ties

    An agreement or event with exactly two parties is a *bilateral* tie; with more it is
    *multilateral*. `analytics.ties` counts, per actor, the agreements and events of each kind.
    (The `bilateral-vs-multilateral` library query classifies them by the countries involved
    instead, counting a ministry as its country.)
    """),
    code("""
    ties = pd.DataFrame(analytics.ties(g), columns=["node", "label", "bilateral", "multilateral"])
    display(ties.drop(columns="node", errors="ignore").head(TOP))
    if not ties.empty:
        top_ties = ties.head(TOP).iloc[::-1]
        ax = top_ties.plot.barh(x="label", y=["bilateral", "multilateral"], stacked=True, figsize=(8, 4))
        ax.set_xlabel("agreements and events")
        ax.set_ylabel("")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        plt.show()
    if not edges.empty and edges["tie"].notna().any():
        items = edges[edges["tie"].notna()].drop_duplicates("via")
        display(pd.crosstab(items["via_kind"], items["tie"]).rename_axis(index="", columns=""))
    """),
    md("""
    ## 5. Cooperation over time

    What happened when: agreements and events per year (each counted once, whatever its number of
    parties; its own date, else its document's), then the dated facts per relation (the fact's own
    date, else its agreement's or event's, else the document's). Structural ties (a ministry's
    jurisdiction, a person's affiliation) say what an actor belongs to, not that anything happened:
    they are left out. Last, which actor pairs appear and disappear from one year to the next.
    """),
    code("""
    activities = pd.DataFrame(
        analytics.activities_per_year(g), columns=["year", "kind", "n", "bilateral", "multilateral"]
    )
    if activities.empty:
        print("no dated agreement or event")
    else:
        table = activities.pivot_table(index="year", columns="kind", values="n", fill_value=0)
        ax = table.plot.bar(stacked=True, figsize=(9, 4), rot=0)
        ax.set_ylabel("agreements and events")
        ax.set_title("cooperation over time: agreements and events per year")
        plt.show()
    per_year = pd.DataFrame(analytics.facts_per_year(g), columns=["year", "rel", "facts"])
    if per_year.empty:
        print("no dated facts")
    else:
        table = per_year.pivot_table(index="year", columns="rel", values="facts", fill_value=0)
        ax = table.plot.bar(stacked=True, figsize=(9, 4), rot=0)
        ax.set_ylabel("facts")
        ax.set_title("facts per year and relation (structural ties left out)")
        plt.show()
    columns = ["year", "nodes", "edges", "facts", "new", "dropped"]
    changes = pd.DataFrame(analytics.year_changes(g), columns=columns)
    changes.assign(new=changes["new"].map(len), dropped=changes["dropped"].map(len))
    """),
    md("""
    The pairs that are new in each year:
    """),
    code("""
    for _, row in changes.iterrows():
        pairs = "; ".join(" – ".join(pair) for pair in row["new"][:TOP]) or "none"
        more = f" … and {len(row['new']) - TOP} more" if len(row["new"]) > TOP else ""
        print(f"{row['year']}: {pairs}{more}")
    """),
    md("""
    ## 6. Partners and areas of one actor

    `ACTOR`'s partners by number of facts on the country network: a meeting of two presidents, a
    memorandum of two ministries count for their countries (`analytics.country_partners`); the
    `how` column says through whom (which person or body, and how it belongs to its country).
    For an actor that is not a country or organisation, its own partners in the actor network.
    Then the cooperation areas (artificial intelligence, cloud computing, …) of the agreements
    and events each actor is party to.
    """),
    code("""
    try:
        partners = pd.DataFrame(analytics.country_partners(countries, ACTOR, n=TOP))
    except ActorNotFoundError:  # not a country or organisation: the actor network
        try:
            partners = pd.DataFrame(analytics.top_partners(g, ACTOR, n=TOP))
        except ActorNotFoundError as err:  # ACTOR is not in this corpus
            print(err)
            partners = pd.DataFrame()
    print(f"{ACTOR}: {len(partners)} partners")
    display(partners.drop(columns="node", errors="ignore"))

    columns = ["actor", "actor_label", "area", "area_label", "weight"]
    by_area = pd.DataFrame(analytics.areas_by_actor(areas), columns=columns)
    if not by_area.empty:
        busiest = by_area.groupby("actor_label")["weight"].sum().nlargest(TOP).index
        heat = by_area[by_area["actor_label"].isin(busiest)].pivot_table(
            index="actor_label", columns="area_label", values="weight", aggfunc="sum", fill_value=0
        )
        fig, ax = plt.subplots(figsize=(4 + 0.7 * heat.shape[1], 2.5 + 0.5 * heat.shape[0]))
        ax.imshow(heat.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
        for (i, j), n in pd.DataFrame(heat.to_numpy()).stack().items():
            if n:
                ax.text(j, i, str(int(n)), ha="center", va="center", fontsize=8)
        ax.set_xticks(range(heat.shape[1]), [str(c) for c in heat.columns], rotation=60, ha="right")
        ax.set_yticks(range(heat.shape[0]), [str(i)[:45] for i in heat.index])
        ax.set_title("agreements and events per actor and area")
        fig.tight_layout()
        plt.show()
    """),
]

NB03: list[Cell] = [
    md("""
    # 03 · Visual exploration

    The interactive network inside the notebook: the whole graph, the ego network of one actor,
    and the network filtered by cooperation area and year. Hover over a node or an edge to read
    the facts and the sentences they come from; drag nodes; use the side panel's own filters.

    Each view is one self-contained HTML file written by `graph.viz.write_page` (vis-network is
    inlined: no CDN, no network) and shown in an `<iframe srcdoc=…>`, so it works without a
    server. Filtering happens in networkx *before* rendering, so sizes (PageRank) are those of the
    filtered network and big graphs stay light.

    **Parameters** are in the next cell (tagged `parameters`).
    """),
    params("""
    CORPUS = "../seeds"  # a folder of documents or a .jsonl file ("../../shared/corpus/documents.jsonl")
    OUT = ""  # the graph's and the pages' folder; empty: <temp dir>/coopgraph-nb03
    ACTOR = "BLR"  # the centre of the ego view: ISO3 code, label or IRI
    RADIUS = 1  # hops around the centre
    AREA = "Cloud computing"  # keep facts of this cooperation area ("" for all)
    YEAR = 2024  # keep facts of this year (0 for all)
    HEIGHT = 560  # height of the views in pixels
    """),
    code("""
    import html
    import re
    import tempfile
    from pathlib import Path

    import networkx as nx
    import pandas as pd
    from IPython.display import HTML, display

    import graph
    from graph import analytics, viz

    out = Path(OUT) if OUT else Path(tempfile.gettempdir()) / "coopgraph-nb03"
    result = graph.build([Path(CORPUS)], out, page=False, validate=False)
    g = graph.to_networkx(out)
    print(f"{g.number_of_nodes()} actors, {g.number_of_edges()} facts; pages are written to {out}")
    """),
    md("""
    A small helper: write a page and show it inline. The page's text comes from documents, so
    `write_page` escapes it; here the whole page is escaped once more to sit in the `srcdoc`
    attribute. (If you run Jupyter from the repository and set `OUT` to a folder under
    `notebooks/`, `IPython.display.IFrame(path, width="100%", height=HEIGHT)` shows the same
    file by its URL.)
    """),
    code("""
    def show(net: nx.MultiGraph, name: str, title: str, center: str | None = None) -> HTML:
        \"\"\"Write ``net`` to ``<out>/<name>.html`` (:func:`graph.viz.write_page`) and show it inline.\"\"\"
        page = viz.write_page(net, out / f"{name}.html", title=title, center=center)
        text = page.read_text(encoding="utf-8")
        remote = re.search(r"<(script|link)[^>]+(src|href)=[\\"']?https?:", text)
        assert remote is None, f"the page loads from the network: {remote}"
        size = page.stat().st_size // 1024
        print(f"{page} ({size} KiB): {net.number_of_nodes()} actors, {net.number_of_edges()} facts")
        style = f"width:100%;height:{HEIGHT}px;border:1px solid #ddd"
        frame = f'<iframe srcdoc="{html.escape(text, quote=True)}" style="{style}"></iframe>'
        return HTML(f"<div>{frame}</div>")
    """),
    md("""
    ## 1. The whole network

    Colour and shape by class, size by PageRank, edge colour by relation, width by the number of
    facts.
    """),
    code("""
    show(g, "network", "coopgraph: the whole network")
    """),
    md("""
    ## 2. Ego view of one actor

    `analytics.ego` keeps `ACTOR` and everything within `RADIUS` hops; the centre is drawn with a
    thick border. The table lists its partners by number of facts.
    """),
    code("""
    ego = analytics.ego(g, ACTOR, radius=RADIUS)
    center = ego.graph["center"]
    display(pd.DataFrame(analytics.top_partners(g, center)).drop(columns="node", errors="ignore"))
    show(ego, f"ego-{RADIUS}", f"{g.nodes[center]['label']} and its partners", center=center)
    """),
    md("""
    ## 3. Filter by area and year

    Edges carry the cooperation areas of their agreement, event or document, and a year. Keep
    the facts of `AREA` in `YEAR` (either may be left empty), then render. The available values:
    """),
    code("""
    areas = sorted({a for _, _, d in g.edges(data=True) for a in d.get("areas", [])})
    print("areas:", ", ".join(areas) or "none")
    print("years:", ", ".join(map(str, analytics.years(g))) or "none")


    def keep(net: nx.MultiGraph, area: str = "", year: int = 0) -> nx.MultiGraph:
        \"\"\"The facts of ``area`` (all if empty) in ``year`` (all if 0), with their two actors.\"\"\"
        chosen = [
            (u, v, k)
            for u, v, k, d in net.edges(keys=True, data=True)
            if (not area or area in d.get("areas", [])) and (not year or d.get("year") == year)
        ]
        return net.edge_subgraph(chosen).copy()
    """),
    code("""
    part = keep(g, AREA, YEAR)
    what = " · ".join(str(x) for x in (AREA, YEAR) if x) or "everything"
    if part.number_of_nodes() == 0:
        print(f"no fact matches {what}: pick an area and a year from the lists above")
    else:
        display(show(part, "filtered", f"coopgraph: {what}"))
    """),
    md("""
    ## 4. Countries only

    The same facts with ministries, companies and people rolled up to their countries
    (`analytics.country_network`): the view for questions about states and organisations.
    """),
    code("""
    with graph.open_store(out) as store:
        countries = analytics.country_network(store)
    show(countries, "countries", "coopgraph: countries and organisations")
    """),
]

NB04: list[Cell] = [
    md("""
    # 04 · How good is the extraction?

    Before trusting the graph, measure it. The development gold (`../shared/eval/*.json`,
    hand-annotated documents) says which entities and facts each document states; the scorer
    `graph.evaluate` builds each gold document with the real pipeline, reads the entities and facts
    back from the store with SPARQL and compares (the same numbers as `shared/eval/score.py`).

    Then: which errors are most common, and how to inspect a false positive by following it
    back to the sentence it was read from in the store. When there is no gold folder, the
    notebook says so and evaluates nothing.

    **Parameters** are in the next cell (tagged `parameters`).
    """),
    params("""
    GOLD = "../../shared/eval"  # a gold .json file or a folder of them
    OUT = ""  # where the gold documents are built for inspection; empty: <temp dir>/coopgraph-nb04
    BASELINE = False  # also score the pattern baseline (about doubles the run time)
    PICK = 0  # which false positive to follow back to its sentence (0: the first)
    """),
    code("""
    import ast
    import json
    import re
    import tempfile
    from pathlib import Path

    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython.display import display

    import graph
    from graph.evaluate import evaluate, format_report

    out = Path(OUT) if OUT else Path(tempfile.gettempdir()) / "coopgraph-nb04"
    gold = Path(GOLD)
    gold_files = sorted(gold.glob("*.json")) if gold.is_dir() else [gold] if gold.is_file() else []
    if gold_files:
        print("gold:", ", ".join(f.name for f in gold_files))
    else:
        print(f"no gold annotations at {gold.resolve()}: nothing to evaluate")
        print("(set GOLD to a gold .json file or a folder of them to score the extraction)")
    gold_docs = [d for f in gold_files for d in json.loads(f.read_text(encoding="utf-8"))["documents"]]
    """),
    md("""
    ## 1. Scores

    Micro precision, recall and F1 over all gold documents, for entities and for facts (relations,
    dates and areas). Precision: how much of what the graph says is right; recall: how much of
    what the documents say made it into the graph.
    """),
    code("""
    report = evaluate(gold_files)
    runs = {"pipeline": report}
    if BASELINE and gold_files:
        runs["baseline"] = evaluate(gold_files, baseline=True)
    scores = pd.DataFrame(
        [{"run": run, "level": lv, **r[lv]} for run, r in runs.items() for lv in ("entities", "facts")]
    ).set_index(["run", "level"])
    print(f"{report['documents']} gold documents")
    scores.round(2)
    """),
    code("""
    print(format_report(report))
    """),
    md("""
    Per relation and per entity type, worst F1 first: where the graph is weakest. A relation with
    high precision and low recall is trustworthy where present but incomplete.
    """),
    code("""
    def worst_first(scores: dict[str, dict[str, float]]) -> pd.DataFrame:
        \"\"\"Scores per relation or type as a table, worst F1 first.\"\"\"
        table = pd.DataFrame.from_dict(scores, orient="index", columns=["p", "r", "f", "tp", "fp", "fn"])
        return table.sort_values("f")


    per_relation = worst_first(report["per_relation"])
    per_type = worst_first(report["per_type"])
    display(per_relation.round(2))
    display(per_type.round(2))
    if not per_relation.empty:
        ax = per_relation[["p", "r", "f"]].plot.barh(figsize=(8, 0.3 * len(per_relation) + 1.5), xlim=(0, 1))
        ax.set_title("facts: precision, recall and F1 per relation")
        plt.show()
    """),
    md("""
    Per document, worst fact F1 first:
    """),
    code("""
    per_document = pd.DataFrame(report["per_document"], columns=["id", "entity_f1", "fact_f1"])
    per_document.sort_values("fact_f1").round(2)
    """),
    md("""
    ## 2. Errors by type

    Each error is a missed (false negative) or extra (false positive) entity or fact. Gold
    entities are named by their gold id (`BLR`, `AGR_MOU_BY_CN_ICT`); an extracted entity that no
    gold entity matches is written `?label`.
    """),
    code("""
    ERROR = re.compile(r"^(?P<doc>.+?): (?P<kind>missed|extra) (?P<what>entity|fact) (?P<detail>.*)$")


    def parse_error(line: str) -> dict[str, str]:
        \"\"\"One error line of the report as columns (``category`` is the relation or type).\"\"\"
        m = ERROR.match(line)
        if m is None:
            return {"doc": "", "kind": "other", "what": "", "detail": line}
        row = m.groupdict()
        if row["what"] == "fact":
            s, p, o = ast.literal_eval(row["detail"])
            row |= {"category": p, "s": s, "o": o}
        else:
            category, _, label = row["detail"].partition(" ")
            row |= {"category": category, "label": label.strip("'\\"")}
        return row


    columns = ["doc", "kind", "what", "category", "s", "o", "label", "detail"]
    errors = pd.DataFrame([parse_error(e) for e in report["errors"]], columns=columns)
    if errors.empty:
        print("no errors")
    else:
        counts = pd.crosstab([errors["what"], errors["category"]], errors["kind"])
        display(counts.sort_values(list(counts.columns), ascending=False))
    """),
    md("""
    ## 3. Follow a false positive back to its sentence

    An extra fact is a claim the graph makes that the gold does not. To judge it, read the
    sentence it came from: build the gold documents into a store (`OUT`), find the fact among the
    store's facts with their evidence (the `facts-with-evidence` library query) by its document,
    relation and the names of its two ends, and read its sentence, offsets and confidence.
    """),
    code("""
    names: dict[tuple[str, str], set[str]] = {}
    for doc in gold_docs:
        for ent in doc["entities"]:
            names[(doc["id"], ent["id"])] = {n.casefold() for n in [ent["name"], *ent.get("aliases", [])]}


    def ends(doc: str, key: str) -> set[str]:
        \"\"\"The names an end of an error may have in the store: its gold names, or its own label.\"\"\"
        return {key[1:].casefold()} if key.startswith("?") else names.get((doc, key), {key.casefold()})


    between = ~errors["category"].isin(["date", "coversArea"])
    extra = errors[(errors["kind"] == "extra") & (errors["what"] == "fact") & between]
    facts = pd.DataFrame()
    if gold_docs and not extra.empty:
        corpus = out / "gold.jsonl"
        corpus.parent.mkdir(parents=True, exist_ok=True)
        with corpus.open("w", encoding="utf-8") as f:
            for doc in gold_docs:
                record = {k: doc.get(k) for k in ("id", "text", "title", "date")}
                f.write(json.dumps(record, ensure_ascii=False) + "\\n")
        graph.build([corpus], out, page=False, validate=False)
        facts = graph.query_df(out, "facts-with-evidence", limit="all")  # every fact, not the first page
        facts["relation"] = facts["p"].str.rsplit("#", n=1).str[-1]
    print(f"{len(extra)} extra facts between entities; {len(facts)} facts in the store of the gold documents")
    extra[["doc", "category", "s", "o"]].head(10)
    """),
    code("""
    def find(error: pd.Series) -> pd.DataFrame:
        \"\"\"The store's facts that an extra-fact error stands for (in either direction).\"\"\"
        s_names, o_names = ends(error["doc"], error["s"]), ends(error["doc"], error["o"])
        here = facts[(facts["doc"] == error["doc"]) & (facts["relation"] == error["category"])]
        s_label, o_label = here["s_label"].str.casefold(), here["o_label"].str.casefold()
        forward = s_label.isin(s_names) & o_label.isin(o_names)
        backward = s_label.isin(o_names) & o_label.isin(s_names)
        return here[forward | backward]


    if facts.empty:
        print("no false positive to inspect")
    else:
        error = extra.iloc[min(PICK, len(extra) - 1)]
        hits = find(error)
        print(f"false positive: {error['doc']}: {error['s']} {error['category']} {error['o']}")
        for _, hit in hits.iterrows():
            print(f"\\n  in the store: {hit['s_label']} --{hit['relation']}--> {hit['o_label']}")
            where = f"{hit['char_start']}–{hit['char_end']} of {hit['doc']}"
            print(f"  confidence {float(hit['confidence']):.2f}, {hit['status']}, sentence at {where}:")
            print(f"  «{hit['sentence']}»")
        if hits.empty:
            print("not found by name in the store (the extraction may have changed since the evaluation)")
        about = {error["s"], error["o"]}
        doc_facts = next(d["facts"] for d in gold_docs if d["id"] == error["doc"])
        gold_here = [f for f in doc_facts if {f["s"], f["o"]} & about]
        print("\\ngold facts of the document about either end:")
        display(pd.DataFrame(gold_here, columns=["s", "p", "o", "date"]))
    """),
    md("""
    ## 4. Confidence

    Every fact carries a confidence. The `low-confidence` query lists the facts below a threshold:
    the list to review by hand before relying on them. Its distribution over the gold documents'
    store:
    """),
    code("""
    if facts.empty:
        print("nothing built to look at")
    else:
        ax = facts["confidence"].astype(float).plot.hist(bins=10, range=(0, 1), figsize=(7, 3))
        ax.set_xlabel("confidence")
        ax.set_title("facts by confidence")
        plt.show()
        review = graph.query_df(out, "low-confidence", threshold=0.6, limit="all")
        print(f"{len(review)} facts with a confidence below 0.6, the first ten:")
        display(review.drop(columns="assertion", errors="ignore").head(10))
    """),
]

NOTEBOOKS = {
    "01-build-and-query.ipynb": NB01,
    "02-cooperation-network.ipynb": NB02,
    "03-visual-exploration.ipynb": NB03,
    "04-quality.ipynb": NB04,
}


def make(cells: list[Cell]) -> nbformat.NotebookNode:
    """A notebook without outputs or execution counts, with the ``parameters`` cell tagged."""
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, source) in enumerate(cells):
        if kind == "md":
            cell = new_markdown_cell(source)
        else:
            cell = new_code_cell(source)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
        cell["id"] = f"cell-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def main(folder: Path = HERE) -> int:
    """Write every notebook into ``folder``."""
    for name, cells in NOTEBOOKS.items():
        nbformat.write(make(cells), folder / name)
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
