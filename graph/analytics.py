"""Network analytics: SPARQL projections of the store into networkx, and metrics over them.

Three projections, each built from the ``graph/queries/internal/actor_*.rq`` queries:

* :func:`actor_network` -- actors (countries, organisations, government bodies, companies and,
  with ``persons=True``, persons) joined by one edge per fact: the shortcut relations
  (``cooperatesWith``, ``metWith``, ``memberOf``, ...) and the co-occurrence of two parties in one
  agreement (``coSignatory``) or event (``coParticipant``), each with its date, year, status,
  document and evidence sentence;
* :func:`country_network` -- the same facts with bodies, persons and companies rolled up to their
  countries (:func:`roll_up`);
* :func:`area_network` -- the bipartite actor--area network.

Metrics are pure functions: graph first, plain data out, ``seed=`` where randomness enters.

Examples
--------
>>> g = nx.MultiGraph()
>>> g.add_edge("a", "b", rel="cooperatesWith", year=2024)
0
>>> g.add_edge("b", "c", rel="metWith", year=2025)
0
>>> centrality(g)[0]["node"]
'b'
>>> sorted(n for part in communities(g, seed=1) for n in part)
['a', 'b', 'c']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Any

import networkx as nx

from graph import queries
from graph.errors import ActorNotFoundError
from graph.store import Store

COUNTRY = "https://w3id.org/coopgraph/id/country/"
ACTOR_TYPES = ("Country", "InternationalOrganization", "GovernmentBody", "Company", "Person")
#: Relations whose direction matters (drawn with an arrow): subject -> object.
DIRECTED = frozenset({"memberOf", "exportsTo", "affiliatedWith", "jurisdiction", "visited"})
#: Relations that tie an actor to what it belongs to rather than to a partner.
STRUCTURAL = frozenset({"jurisdiction", "affiliatedWith"})


# ------------------------------------------------------------------ projections
def _str(value: Any) -> str | None:
    """A query value as plain text (``xsd:gYear``/``gYearMonth`` literals come back as rdflib terms)."""
    return None if value is None else str(value)


def _year(date: str | None) -> int | None:
    m = re.match(r"(\d{4})", date or "")
    return int(m.group(1)) if m else None


@dataclass
class _Docs:
    info: dict[str, dict[str, Any]] = field(default_factory=dict)

    def evidence(
        self, doc: str, sentence: str | None, status: str | None, date: str | None
    ) -> dict[str, Any]:
        d = self.info.get(doc, {})
        return {
            "doc": doc,
            "title": d.get("title"),
            "url": d.get("url"),
            "sentence": (sentence or "").strip(),
            "status": status,
            "date": date,
        }

    def year(self, doc: str) -> int | None:
        return _year(self.info.get(doc, {}).get("date"))

    def date(self, doc: str) -> str | None:
        return _str(self.info.get(doc, {}).get("date"))


def _add_fact(g: nx.MultiGraph, s: str, o: str, key: str, attrs: dict[str, Any], ev: dict[str, Any]) -> None:
    if g.has_edge(s, o, key=key):
        data = g.edges[s, o, key]
        if ev["sentence"] and all(e["sentence"] != ev["sentence"] for e in data["evidence"]):
            data["evidence"].append(ev)
        if data.get("status") != "reported" and attrs.get("status"):
            data["status"] = attrs["status"]
        return
    g.add_edge(s, o, key=key, **attrs, evidence=[ev] if ev["sentence"] or ev["title"] else [])


def _lexical(store: Store, name: str) -> list[dict[str, Any]]:
    """The rows of an internal query whose values are IRIs, strings and dates, read as lexical
    values (:meth:`graph.store.Store.select_lexical`: the same values as :meth:`~graph.store.Store.select`
    gives for those, without an rdflib term per value, which took half of the page's queries)."""
    fast = getattr(store, "select_lexical", None)
    return list(fast(queries.read(name))) if fast is not None else store.select(queries.read(name))


def _decimal(value: Any) -> Any:
    """An ``xsd:decimal`` read as its lexical form, as the Decimal that :meth:`~graph.store.Store.select`
    gives for it (rdflib's conversion); other values as they are."""
    return Decimal(value) if isinstance(value, str) else value


def actor_network(store: Store, *, persons: bool = False) -> nx.MultiGraph:
    """Actors as nodes, one edge per fact, built from the store with SPARQL.

    Parameters
    ----------
    store : Store
        An open coopgraph store.
    persons : bool
        Keep persons as nodes (off by default: the network is one of institutions).

    Returns
    -------
    networkx.MultiGraph
        Nodes keyed by IRI with ``label``, ``type``, ``iso3`` (countries), ``areas`` (area labels of
        the agreements and events the actor is party to) and ``docs``. Edges keyed
        ``rel|doc|via`` with ``rel``, ``source``/``target`` (the fact's direction), ``doc``,
        ``date`` (the fact's, else the agreement's or event's), ``year`` (else the document's),
        ``status``, ``via``/``via_label``/``via_kind`` and ``parties``/``tie``
        (``bilateral``/``multilateral``) for co-occurrence edges, ``areas`` and ``evidence``
        (sentence, document title and link, status, date).
    """
    types = ACTOR_TYPES if persons else ACTOR_TYPES[:-1]
    rank = {t: i for i, t in enumerate(ACTOR_TYPES)}
    g = nx.MultiGraph()
    node_rows = _lexical(store, "actor_nodes")
    for row in sorted(node_rows, key=lambda r: (r["e"], r["label"] or "")):
        if row["type"] not in types:
            continue
        e = row["e"]
        if e in g and rank[g.nodes[e]["type"]] <= rank[row["type"]]:
            continue
        label = (g.nodes[e]["label"] if e in g else None) or row["label"] or e.rsplit("/", 1)[-1]
        iso3 = e[len(COUNTRY) :] if e.startswith(COUNTRY) else None
        g.add_node(e, label=label, type=row["type"], iso3=iso3, areas=[], docs=[])

    docs = _Docs({r["doc"]: {**r, "date": _str(r["date"])} for r in _lexical(store, "actor_documents")})
    areas_of: dict[str, set[str]] = defaultdict(set)
    doc_areas: dict[str, set[str]] = defaultdict(set)
    for row in _lexical(store, "actor_areas"):
        areas_of[row["x"]].add(row["areaLabel"])
        doc_areas[row["doc"]].add(row["areaLabel"])

    node_docs: dict[str, set[str]] = defaultdict(set)
    for row in _lexical(store, "actor_edges"):  # confidences as Decimal, as Store.select gives them
        s, o, rel, doc = row["s"], row["o"], row["rel"], row["doc"]
        if s not in g or o not in g or s == o:
            continue
        date = _str(row["date"])
        attrs = {
            "rel": rel,
            "source": s,
            "target": o,
            "doc": doc,
            "date": date,
            "year": _year(date) or docs.year(doc),
            "status": row["status"],
            "confidence": _decimal(row.get("confidence")),
            "doc_date": docs.date(doc),
            "via": None,
            "via_label": None,
            "via_kind": None,
            "parties": 2,
            "tie": None,
            "areas": sorted(doc_areas.get(doc, ())),
            "directed": rel in DIRECTED,
        }
        _add_fact(g, s, o, f"{rel}|{doc}|", attrs, docs.evidence(doc, row["sentence"], row["status"], date))
        node_docs[s].add(doc)
        node_docs[o].add(doc)

    parties: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # via -> actor -> row
    via_info: dict[str, dict[str, Any]] = {}
    for row in _lexical(store, "actor_parties"):
        if row["actor"] not in g:
            continue
        parties[row["x"]].setdefault(row["actor"], row)
        info = via_info.setdefault(row["x"], dict(row))
        info["date"] = _str(info.get("date") or row["date"])
        info["xLabel"] = info.get("xLabel") or row["xLabel"]
    activities = []
    for x, members in sorted(parties.items()):
        info = via_info[x]
        doc = min(m["doc"] for m in members.values())
        activities.append(
            {
                "via": x,
                "kind": info["kind"],
                "label": info["xLabel"] or x.rsplit("/", 1)[-1],
                "date": info["date"],
                "year": _year(info["date"]) or docs.year(doc),
                "parties": len(members),
                "doc": doc,
            }
        )
    g.graph["activities"] = activities
    for x, members in parties.items():
        info = via_info[x]
        n_parties = len(members)
        for a in members:
            areas = areas_of.get(x, set())
            g.nodes[a]["areas"] = sorted(set(g.nodes[a]["areas"]) | areas)
            node_docs[a].add(members[a]["doc"])
        rel = "coSignatory" if info["kind"] == "Agreement" else "coParticipant"
        for a, b in combinations(sorted(members), 2):
            doc = members[a]["doc"]
            date = info["date"]
            attrs = {
                "rel": rel,
                "source": a,
                "target": b,
                "doc": doc,
                "date": date,
                "year": _year(date) or docs.year(doc),
                "status": members[a]["status"],
                "confidence": None,
                "doc_date": docs.date(doc),
                "via": x,
                "via_label": info["xLabel"] or x.rsplit("/", 1)[-1],
                "via_kind": info["kind"],
                "parties": n_parties,
                "tie": "bilateral" if n_parties == 2 else "multilateral",
                "areas": sorted(areas_of.get(x, ())),
                "directed": False,
            }
            for m in (members[a], members[b]):
                _add_fact(
                    g,
                    a,
                    b,
                    f"{rel}|{doc}|{x}",
                    attrs,
                    docs.evidence(m["doc"], m["sentence"], m["status"], date),
                )
    for n, ds in node_docs.items():
        g.nodes[n]["docs"] = sorted(ds)
    _add_aliases_and_countries(g, store, node_rows)
    return g


def _add_aliases_and_countries(
    g: nx.MultiGraph, store: Store, node_rows: list[dict[str, Any]] | None = None
) -> None:
    """Node attributes ``aliases``, ``links`` (exactMatch IRIs), ``country`` (the actor's
    country IRI: its own for a country, by jurisdiction or affiliation for the others) and
    ``country_how`` (how a non-country's country is known, as in :func:`country_links`)."""
    aliases: dict[str, set[str]] = defaultdict(set)
    links: dict[str, set[str]] = defaultdict(set)
    for row in _lexical(store, "actor_aliases"):
        if row["e"] in g:
            if row.get("alias"):
                aliases[row["e"]].add(str(row["alias"]))
            if row.get("link"):
                links[row["e"]].add(str(row["link"]))
    countries = country_links(store, node_rows)
    for n, data in g.nodes(data=True):
        data["aliases"] = sorted(aliases.get(n, set()) - {data.get("label")})
        data["links"] = sorted(links.get(n, ()))
        country, how = countries.get(n, (None, None))
        data["country"] = n if data.get("type") == "Country" else country
        if data.get("type") != "Country" and how:
            data["country_how"] = how


def roll_up(
    g: nx.MultiGraph,
    countries: dict[str, str],
    *,
    drop_unmapped: bool = True,
    why: dict[str, str] | None = None,
) -> nx.MultiGraph:
    """Replace each actor by its country (``countries[actor]``); keep countries and organisations.

    Parameters
    ----------
    g : networkx.MultiGraph
        An actor network (:func:`actor_network`).
    countries : dict
        Actor IRI -> country IRI (bodies by jurisdiction, persons by affiliation, ...).
    drop_unmapped : bool
        Drop bodies, companies and persons with no country (else keep them as they are).
    why : dict, optional
        Actor IRI -> how its country is known (``jurisdiction``, ``affiliation to …``, ``post …``).

    Returns
    -------
    networkx.MultiGraph
        Edges between the rolled-up ends, self-loops (a ministry and its own country) dropped;
        each edge keeps its attributes and records ``from_source``/``from_target``, ``derived``
        (True when an end was rolled up) and ``explanation``: which actors the fact was between
        and how each reached its country, e.g. ``Alexander Lukashenko (Belarus, by affiliation)
        metWith Xi Jinping (China, by post 'President of China')``.
    """

    def target(n: str) -> str | None:
        t = g.nodes[n].get("type")
        if t in ("Country", "InternationalOrganization"):
            return n
        c = countries.get(n)
        if c is not None:
            return c
        return None if drop_unmapped else n

    h = nx.MultiGraph()
    for n, data in g.nodes(data=True):
        t = target(n)
        if t is None:
            continue
        if t not in h:
            base = (
                g.nodes[t]
                if t in g
                else {
                    "label": t.rsplit("/", 1)[-1],
                    "type": "Country",
                    "iso3": t.rsplit("/", 1)[-1],
                    "areas": [],
                    "docs": [],
                }
            )
            h.add_node(t, **{k: (list(v) if isinstance(v, list) else v) for k, v in base.items()})
        node = h.nodes[t]
        node["areas"] = sorted(set(node.get("areas", [])) | set(data.get("areas", [])))
        node["docs"] = sorted(set(node.get("docs", [])) | set(data.get("docs", [])))
    for u, v, key, data in g.edges(keys=True, data=True):
        tu, tv = target(u), target(v)
        if tu is None or tv is None or tu == tv or data.get("rel") in STRUCTURAL:
            continue
        src = target(data.get("source", u)) or tu
        fs, ft = data.get("source", u), data.get("target", v)

        def end(n: str) -> str:
            lab = str(g.nodes[n].get("label", n)) if n in g else n
            t = target(n)
            if t == n or t is None:
                return lab
            how = (why or {}).get(n, "roll-up")
            return f"{lab} ({h.nodes[t].get('label', t)}, by {how})"

        attrs = {
            **data,
            "source": src,
            "target": tv if src == tu else tu,
            "from_source": fs,
            "from_target": ft,
            "derived": target(fs) != fs or target(ft) != ft,
            "explanation": f"{end(fs)} {data.get('rel', '')} {end(ft)}",
            "evidence": list(data.get("evidence", [])),
        }
        k = f"{key}|{u}|{v}"
        if not h.has_edge(tu, tv, key=k):
            h.add_edge(tu, tv, key=k, **attrs)
    return h


def country_links(store: Store, node_rows: list[dict[str, Any]] | None = None) -> dict[str, tuple[str, str]]:
    """Actor IRI -> (its country IRI, why): by jurisdiction, affiliation (to the country or to a body
    of it), location (companies), else the country a person's post names ("Minister of Foreign
    Affairs of India"; the earliest-named one). Among several links the first by kind, then IRI.
    ``node_rows``: the rows of ``actor_nodes.rq``, when the caller has read them already."""
    rank = {"jurisdiction": 0, "affiliation": 1, "location": 2}
    out: dict[str, tuple[str, str]] = {}
    rows = sorted(
        _lexical(store, "actor_countries"),
        key=lambda r: (r["e"], rank.get(r["how"], 9), r["country"], r.get("via") or ""),
    )
    names: dict[str, str] = {}
    for r in _lexical(store, "actor_nodes") if node_rows is None else node_rows:  # as the query gives them
        if r.get("label"):
            names.setdefault(r["e"], r["label"])
    for r in rows:
        if r["e"] in out:
            continue
        via = f" to {names.get(r['via'], r['via'].rsplit('/', 1)[-1])}" if r.get("via") else ""
        out[r["e"]] = (r["country"], f"{r['how']}{via}")
    posts: dict[str, list[str]] = defaultdict(list)
    country_names: list[tuple[str, str]] = []
    for r in _lexical(store, "person_posts"):
        if r.get("post"):
            posts[r["e"]].append(str(r["post"]))
        elif r.get("name") and len(str(r["name"])) > 3:
            country_names.append((str(r["name"]), r["country"]))
    # only the names some post holds can match: the pattern of every country name took longer to
    # compile than the rest of this function (a name found nowhere changes no match)
    posted = "\x00".join(t for texts in posts.values() for t in texts)
    in_posts = [(n, c) for n, c in country_names if n in posted]
    if posts and in_posts:
        pattern = re.compile(
            r"\b(" + "|".join(re.escape(n) for n, _ in sorted(in_posts, key=lambda x: -len(x[0]))) + r")\b"
        )
        by_name: dict[str, str] = {}
        for n, c in sorted(country_names):
            by_name.setdefault(n, c)
        for e, texts in sorted(posts.items()):
            if e in out:
                continue
            for text in sorted(texts):
                m = pattern.search(text)
                if m:
                    out[e] = (by_name[m.group(1)], f"post '{text}'")
                    break
    return out


def country_network(store: Store) -> nx.MultiGraph:
    """The country-level network: :func:`actor_network` (with persons) rolled up by :func:`roll_up`.

    Meetings, signatures and participations of persons, bodies and companies become derived edges
    between their countries (and organisations), each with its ``explanation``.
    """
    links = country_links(store)
    return roll_up(
        actor_network(store, persons=True),
        {e: c for e, (c, _w) in links.items()},
        why={e: w for e, (_c, w) in links.items()},
    )


def area_network(g: nx.MultiGraph, store: Store) -> nx.Graph:
    """Bipartite actor--area graph: ``bipartite`` 0 for actors, 1 for areas; ``weight`` counts agreements
    and events of the actor that cover the area (``via`` lists them)."""
    areas_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in _lexical(store, "actor_areas"):
        areas_of[row["x"]].add((row["area"], row["areaLabel"]))
    b = nx.Graph()
    seen: set[tuple[str, str, str]] = set()
    for row in _lexical(store, "actor_parties"):
        a, x = row["actor"], row["x"]
        if a not in g:
            continue
        for area, label in areas_of.get(x, ()):
            if (a, area, x) in seen:
                continue
            seen.add((a, area, x))
            b.add_node(a, bipartite=0, label=g.nodes[a]["label"], type=g.nodes[a]["type"])
            b.add_node(area, bipartite=1, label=label, type="CooperationArea")
            if b.has_edge(a, area):
                b[a][area]["weight"] += 1
                b[a][area]["via"].append(x)
            else:
                b.add_edge(a, area, weight=1, via=[x])
    return b


# ------------------------------------------------------------------ metrics
def weighted(g: nx.MultiGraph, *, structural: bool = True) -> nx.Graph:
    """Collapse parallel edges into one edge whose ``weight`` counts them and ``rels`` names them.

    With ``structural=False`` the ``jurisdiction``/``affiliatedWith`` edges are left out.
    """
    h = nx.Graph()
    h.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        rel = data.get("rel")
        if not structural and rel in STRUCTURAL:
            continue
        if h.has_edge(u, v):
            h[u][v]["weight"] += 1
            h[u][v]["rels"].add(rel)
        else:
            h.add_edge(u, v, weight=1, rels={rel})
    return h


def centrality(g: nx.Graph, *, k: int | None = None, seed: int | None = 0) -> list[dict[str, Any]]:
    """Degree, weighted degree, betweenness and PageRank per node, best PageRank first.

    ``degree`` counts distinct neighbours, ``weighted_degree`` the facts. Betweenness ignores weights
    (a strong tie is not a long path); with ``k`` it is estimated from ``k`` sampled sources (``seed``).
    PageRank is weighted by the number of facts and sums to one.
    """
    h = weighted(g) if g.is_multigraph() else g
    if h.number_of_nodes() == 0:
        return []
    pr = nx.pagerank(h, weight="weight")
    bc = nx.betweenness_centrality(h, k=min(k, len(h)) if k else None, seed=seed)
    rows = [
        {
            "node": n,
            "label": h.nodes[n].get("label", n),
            "type": h.nodes[n].get("type", ""),
            "degree": h.degree(n),
            "weighted_degree": h.degree(n, weight="weight"),
            "betweenness": bc[n],
            "pagerank": pr[n],
        }
        for n in h.nodes
    ]
    return sorted(rows, key=lambda r: (-r["pagerank"], str(r["label"])))


def communities(g: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities weighted by facts: sorted lists, largest first, reproducible by ``seed``."""
    h = weighted(g) if g.is_multigraph() else g
    if h.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(h, weight="weight", seed=seed, resolution=resolution)
    return sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))


def ties(g: nx.MultiGraph) -> list[dict[str, Any]]:
    """Per actor: how many agreements/events tie it bilaterally (2 parties) and multilaterally (more)."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"bilateral": set(), "multilateral": set()})
    for u, v, data in g.edges(data=True):
        if data.get("tie"):
            for n in (u, v):
                seen[n][data["tie"]].add(data["via"])
    rows = [
        {
            "node": n,
            "label": g.nodes[n].get("label", n),
            "bilateral": len(t["bilateral"]),
            "multilateral": len(t["multilateral"]),
        }
        for n, t in seen.items()
    ]
    return sorted(rows, key=lambda r: (-(r["bilateral"] + r["multilateral"]), str(r["label"])))


def years(g: nx.MultiGraph) -> list[int]:
    """The years that dated edges fall in, ascending."""
    return sorted({y for _, _, y in g.edges(data="year") if y is not None})


def year_slice(g: nx.MultiGraph, year: int) -> nx.MultiGraph:
    """The sub-network of the facts of one year (nodes without such a fact are left out)."""
    h = nx.MultiGraph()
    for u, v, key, data in g.edges(keys=True, data=True):
        if data.get("year") == year:
            h.add_node(u, **g.nodes[u])
            h.add_node(v, **g.nodes[v])
            h.add_edge(u, v, key=key, **data)
    return h


def _pairs(g: nx.MultiGraph, *, structural: bool = False) -> set[tuple[str, str]]:
    return {tuple(sorted((u, v))) for u, v, r in g.edges(data="rel") if structural or r not in STRUCTURAL}


def year_changes(g: nx.MultiGraph) -> list[dict[str, Any]]:
    """Per dated year: the actor pairs tied that year, which are new and which dropped since the year before.

    Each row: ``year``, ``nodes``, ``edges``, ``facts``, ``new`` and ``dropped`` (lists of label pairs).
    """
    rows = []
    prev: set[tuple[str, str]] = set()
    for y in years(g):
        s = year_slice(g, y)
        cur = _pairs(s)

        def names(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
            return sorted(
                [str(g.nodes[a].get("label", a)), str(g.nodes[b].get("label", b))] for a, b in pairs
            )

        rows.append(
            {
                "year": y,
                "nodes": s.number_of_nodes(),
                "edges": len(cur),
                "facts": s.number_of_edges(),
                "new": names(cur - prev),
                "dropped": names(prev - cur),
            }
        )
        prev = cur
    return rows


def resolve(g: nx.Graph, key: str) -> str:
    """The node for an IRI, an ISO3 code (``BLR``) or a label (case-insensitive).

    Raises :class:`ActorNotFoundError` when nothing (or several partial labels) match.
    """
    if key in g:
        return key
    if re.fullmatch(r"[A-Za-z]{3}", key) and COUNTRY + key.upper() in g:
        return COUNTRY + key.upper()
    low = key.casefold().strip()
    hits = sorted(n for n, lab in g.nodes(data="label") if str(lab).casefold() == low)
    if hits:
        return hits[0]
    hits = sorted(n for n, lab in g.nodes(data="label") if low and low in str(lab).casefold())
    if len(hits) == 1:
        return hits[0]
    raise ActorNotFoundError(key, sorted(str(g.nodes[n].get("label")) for n in hits)[:5])


def ego(g: nx.MultiGraph, key: str, *, radius: int = 1) -> nx.MultiGraph:
    """The ego network of an actor (IRI, ISO3 code or label) within ``radius`` hops.

    The resolved node is ``h.graph["center"]``.
    """
    center = resolve(g, key)
    h = nx.ego_graph(g, center, radius=radius)
    h.graph["center"] = center
    return h


def top_partners(g: nx.MultiGraph, key: str, *, n: int = 10) -> list[dict[str, Any]]:
    """An actor's partners by number of facts (structural ties left out), with the relations."""
    center = resolve(g, key)
    counts: Counter[str] = Counter()
    rels: dict[str, set[str]] = defaultdict(set)
    for _, v, r in g.edges(center, data="rel"):
        if r in STRUCTURAL or v == center:
            continue
        counts[v] += 1
        rels[v].add(r)
    rows = [
        {
            "node": v,
            "label": g.nodes[v].get("label", v),
            "type": g.nodes[v].get("type"),
            "facts": c,
            "relations": ", ".join(sorted(rels[v])),
        }
        for v, c in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["facts"], str(r["label"])))[:n]


def country_partners(g: nx.MultiGraph, key: str, *, n: int | None = None) -> list[dict[str, Any]]:
    """In a country network (:func:`country_network`): a country's partners with the facts, the
    relations, the first and last date, and ``how`` -- the explanations of up to three derived facts
    (which body or person of each side it was, and how they reached their country).

    Examples
    --------
    >>> h = nx.MultiGraph()
    >>> h.add_node("a", label="A"); h.add_node("b", label="B")
    >>> h.add_edge("a", "b", rel="metWith", date="2024-05", explanation="X (A, by affiliation) metWith B")
    0
    >>> country_partners(h, "a")[0]["how"]
    'X (A, by affiliation) metWith B'
    """
    center = resolve(g, key)
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, v, data in g.edges(center, data=True):
        if v != center and data.get("rel") not in STRUCTURAL:
            facts[v].append(data)
    rows = []
    for v, fs in facts.items():
        dates = sorted(
            str(f.get("date") or f.get("doc_date")) for f in fs if f.get("date") or f.get("doc_date")
        )
        how = list(
            dict.fromkeys(str(f["explanation"]) for f in fs if f.get("explanation") and f.get("derived"))
        )
        rows.append(
            {
                "node": v,
                "label": g.nodes[v].get("label", v),
                "type": g.nodes[v].get("type"),
                "facts": len(fs),
                "relations": ", ".join(sorted({str(f.get("rel")) for f in fs})),
                "first": dates[0] if dates else None,
                "last": dates[-1] if dates else None,
                "how": "; ".join(how[:3]) + (f" (+{len(how) - 3} more)" if len(how) > 3 else ""),
            }
        )
    rows.sort(key=lambda r: (-r["facts"], str(r["label"])))
    return rows[:n] if n else rows


def facts_per_year(g: nx.MultiGraph, *, structural: bool = False) -> list[dict[str, Any]]:
    """Number of facts per year and relation (``year``, ``rel``, ``facts``), undated facts left out.

    Structural ties (``jurisdiction``, ``affiliatedWith``) say what an actor belongs to, not that
    anything happened: they are left out unless ``structural=True``.
    """
    c: Counter[tuple[int, str]] = Counter()
    for _, _, data in g.edges(data=True):
        if data.get("year") is not None and (structural or data.get("rel") not in STRUCTURAL):
            c[(data["year"], data["rel"])] += 1
    return [{"year": y, "rel": r, "facts": n} for (y, r), n in sorted(c.items())]


def activities_per_year(g: nx.MultiGraph) -> list[dict[str, Any]]:
    """Agreements and events per year: ``year``, ``kind`` (``Agreement``/``Event``), ``n``, and
    ``bilateral``/``multilateral`` (how many had two parties, how many more).

    Counted from ``g.graph["activities"]`` (set by :func:`actor_network`): each agreement or event
    once, whatever the number of its parties; its year is its own date's, else its document's.
    """
    c: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for a in g.graph.get("activities", []):
        if a.get("year") is None:
            continue
        tie = "bilateral" if a["parties"] == 2 else ("multilateral" if a["parties"] > 2 else "one party")
        c[(a["year"], a["kind"])][tie] += 1
    return [
        {
            "year": y,
            "kind": k,
            "n": sum(t.values()),
            "bilateral": t["bilateral"],
            "multilateral": t["multilateral"],
        }
        for (y, k), t in sorted(c.items())
    ]


def areas_by_actor(b: nx.Graph, *, n: int | None = None) -> list[dict[str, Any]]:
    """From the bipartite graph: each actor--area pair with its weight, heaviest first."""
    rows = []
    for u, v, w in b.edges(data="weight"):
        actor, area = (u, v) if b.nodes[u].get("bipartite") == 0 else (v, u)
        rows.append(
            {
                "actor": actor,
                "actor_label": b.nodes[actor].get("label"),
                "area": area,
                "area_label": b.nodes[area].get("label"),
                "weight": w,
            }
        )
    rows.sort(key=lambda r: (-r["weight"], str(r["actor_label"]), str(r["area_label"])))
    return rows[:n] if n else rows
