"""The query library: the competency questions in ``graph/queries/*.rq`` with safe parameters.

Each ``.rq`` file starts with header comments that this module reads::

    # name: memberships
    # description: Which organisations an actor is a member of, since when, and from which sentence.
    # param: member (iri) = https://w3id.org/coopgraph/id/country/BLR -- the member: IRI, country:BLR or BLR

A parameter is written ``$name`` in the query body. ``$name`` is also SPARQL's second variable
sigil, so every ``.rq`` file stays a valid query as it is: an unset parameter is an ordinary
variable. Rendering replaces each ``$name`` with a safely written term:

- ``iri``: an absolute IRI (written ``<...>``), a prefixed name with one of the store's prefixes
  (``country:BLR``) or a bare ISO 3166-1 alpha-3 code (``BLR`` -> the country IRI). An empty value
  or ``*`` leaves the parameter unbound, i.e. it matches anything.
- ``int``: an integer (years are integers); ``decimal``: a number; ``string``: an escaped literal.
- ``limit``: how many rows a page has, a positive integer, or ``all`` (or ``*``) for every row;
  ``offset``: how many rows to skip before the page, an integer >= 0. A SPARQL ``LIMIT`` or
  ``OFFSET`` takes an integer literal, not a variable, so these two are not written ``$name`` in
  the body: the clause carries the default page and a trailing comment that names its parameters,

      } ORDER BY ?key LIMIT 100 OFFSET 0  # LIMIT $limit OFFSET $offset
      } ORDER BY ?key LIMIT 100  # LIMIT $limit + $offset

  and rendering rewrites the clause with the values given (the second form is the sum, for an
  inner query that must read every row up to the end of the page), drops ``LIMIT`` for ``all``,
  and drops the comment. The numbers in the file must be the defaults, so the file as it stands
  answers the first page.

Queries use ``?x`` for their own variables and ``$x`` only for parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from graph.errors import QueryError
from graph.store import PREFIXES

QUERIES = Path(__file__).parent / "queries"
COUNTRY = "https://w3id.org/coopgraph/id/country/"
TYPES = ("iri", "int", "decimal", "string", "limit", "offset")
PAGING = ("limit", "offset")

_HEADER = re.compile(r"^#\s*(name|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>\w+)\)\s*(?:=\s*(?P<default>.*?))?"
    r"\s*(?:--\s*(?P<help>.*))?$"
)
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*$')
_PNAME = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_-]*):(?P<local>[A-Za-z0-9_][A-Za-z0-9_./-]*)$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_INT = re.compile(r"^[+-]?\d{1,9}$")
# a paging clause's marker: "# LIMIT $a + $b OFFSET $c" at the end of a line (either part alone)
_SUM = r"\$[A-Za-z_][A-Za-z0-9_]*(?:\s*\+\s*\$[A-Za-z_][A-Za-z0-9_]*)*"
_PAGE_MARK = re.compile(rf"#\s*(?:LIMIT\s+(?P<limit>{_SUM}))?\s*(?:OFFSET\s+(?P<offset>{_SUM}))?\s*$")
_CLAUSE = {
    "limit": re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE),
    "offset": re.compile(r"\bOFFSET\s+(\d+)", re.IGNORECASE),
}


@dataclass
class Param:
    """One declared parameter: its type, default ('' for none) and a one-line help."""

    name: str
    type: str
    default: str = ""
    help: str = ""


@dataclass
class NamedQuery:
    """A query of the library: ``params`` maps each parameter name to its default ('' = unbound)."""

    name: str
    description: str
    params: dict[str, str]
    path: Path
    text: str
    specs: dict[str, Param] = field(default_factory=dict, repr=False)

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE: the query form of the body."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        m = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body, re.IGNORECASE)
        return m.group(1).upper() if m else "SELECT"

    def render(self, params: dict[str, Any] | None = None) -> str:
        """The query text with every ``$param`` replaced by a safely written term.

        Values not given fall back to the declared defaults; unknown names and bad values raise
        :class:`graph.errors.QueryError`.
        """
        return render(self.name, self.text, self.specs, params)


def render(name: str, text: str, specs: dict[str, Param], params: dict[str, Any] | None = None) -> str:
    """``text`` with every ``$param`` of ``specs`` replaced by a safely written term."""
    given = dict(params or {})
    unknown = sorted(set(given) - set(specs))
    if unknown:
        valid = ", ".join(specs) or "none"
        raise QueryError(f"query {name!r} has no parameter {', '.join(unknown)}. Fix: use one of: {valid}.")
    pages: dict[str, int | None] = {}
    for spec in specs.values():
        raw = given.get(spec.name)
        value = spec.default if raw is None or str(raw).strip() == "" else raw
        term = format_term(name, spec, value)
        if spec.type in PAGING:  # written into the LIMIT/OFFSET clauses below, not as a term
            pages[spec.name] = None if term is None else int(term)
        elif term is not None:
            text = _placeholder(spec.name).sub(lambda _m, t=term: t, text)  # type: ignore[misc]
        else:
            # lines marked "# if:NAME" only restrict by that parameter: drop them when it is unset,
            # so the query does not walk property paths from an unbound variable
            marker = re.compile(rf"#\s*if:{re.escape(spec.name)}\b")
            text = "\n".join(line for line in text.split("\n") if not marker.search(line))
    return _render_paging(text, pages) if pages else text


def _paging_marker(line: str) -> re.Match[str] | None:
    """The ``# LIMIT $a + $b OFFSET $c`` comment ending a line of the body, if it has one."""
    if line.lstrip().startswith("#"):
        return None
    m = _PAGE_MARK.search(line)
    return m if m and (m.group("limit") or m.group("offset")) else None


def _render_paging(text: str, pages: dict[str, int | None]) -> str:
    """``text`` with each marked LIMIT/OFFSET clause set from ``pages`` (None: every row) and its
    marker comment removed."""
    out = []
    for line in text.split("\n"):
        m = _paging_marker(line)
        if m is None:
            out.append(line)
            continue
        code = line[: m.start()].rstrip()
        for kind in PAGING:
            expr = m.group(kind)
            if expr is None:
                continue
            values = [pages[n] for n in re.findall(r"\$(\w+)", expr)]
            if any(v is None for v in values):  # limit=all: no LIMIT clause
                code = re.sub(r"\s*\bLIMIT\s+\d+", "", code, count=1, flags=re.IGNORECASE)
            else:
                total = sum(v for v in values if v is not None)
                code = _CLAUSE[kind].sub(f"{kind.upper()} {total}", code, count=1)
        out.append(code)
    return "\n".join(out)


def _check_paging(path: Path, text: str, specs: dict[str, Param]) -> None:
    """Every ``limit``/``offset`` parameter is used in a marked clause and only there, and every
    marked clause holds the value its parameters' defaults give (QueryError otherwise)."""
    paging = {k: s for k, s in specs.items() if s.type in PAGING}
    if not paging:
        return

    def bad(line: str, why: str) -> QueryError:
        return QueryError(
            f"{path}: {why} in {line.strip()!r}. Fix: write the clause with its default and a trailing "
            "comment naming its parameters, e.g. 'LIMIT 100 OFFSET 0  # LIMIT $limit OFFSET $offset'."
        )

    defaults = {k: format_term(path.stem, s, s.default) for k, s in paging.items()}
    used: set[str] = set()
    for line in text.split("\n"):
        if line.lstrip().startswith("#"):
            continue
        m = _paging_marker(line)
        code = line[: m.start()] if m else line
        for name in paging:
            if _placeholder(name).search(code):
                raise bad(line, f"${name} is a {paging[name].type} parameter outside a paging comment")
        if m is None:
            continue
        for kind in PAGING:
            expr = m.group(kind)
            if expr is None:
                continue
            names = re.findall(r"\$(\w+)", expr)
            allowed = ("limit", "offset") if kind == "limit" else ("offset",)
            for n in names:
                if n not in paging or paging[n].type not in allowed:
                    raise bad(line, f"${n} is not a parameter of type {' or '.join(allowed)}")
            clause = _CLAUSE[kind].search(code)
            if clause is None:
                raise bad(line, f"the comment names a {kind.upper()} the line does not have")
            terms = [defaults[n] for n in names]
            if all(t is not None for t in terms) and int(clause.group(1)) != sum(int(str(t)) for t in terms):
                raise bad(line, f"{kind.upper()} {clause.group(1)} is not the default of {expr}")
            used.update(names)
    for name in sorted(set(paging) - used):
        raise QueryError(
            f"{path}: the {paging[name].type} parameter {name} is used in no paging comment. Fix: end "
            f"the clause it sets with '# {paging[name].type.upper()} ${name}'."
        )


def _placeholder(name: str) -> re.Pattern[str]:
    """``$name`` not followed by another name character (``$from`` does not match ``$from_year``)."""
    return re.compile(rf"\${re.escape(name)}(?![A-Za-z0-9_])")


def format_term(query: str, spec: Param, value: Any) -> str | None:
    """``value`` written as a SPARQL term of ``spec.type``; None leaves the parameter unbound (for
    a ``limit``: every row)."""
    text = str(value).strip() if value is not None else ""

    def bad(what: str) -> QueryError:
        return QueryError(
            f"parameter {spec.name}={text!r} of query {query!r} is not {what}. "
            f"Fix: pass {spec.name}=<{what}>{f' ({spec.help})' if spec.help else ''}."
        )

    if spec.type == "iri":
        if text in ("", "*"):
            return None
        return f"<{expand_iri(text, bad)}>"
    if text == "":
        raise QueryError(
            f"query {query!r} needs a value for {spec.name}. Fix: pass --param {spec.name}=VALUE."
        )
    if spec.type == "int":
        if isinstance(value, bool) or not _INT.match(text):
            raise bad("an integer")
        return str(int(text))
    if spec.type == "limit":
        if text.lower() in ("all", "*"):
            return None
        if isinstance(value, bool) or not _INT.match(text) or int(text) < 1:
            raise bad("a positive integer or all")
        return str(int(text))
    if spec.type == "offset":
        if isinstance(value, bool) or not _INT.match(text) or int(text) < 0:
            raise bad("an integer >= 0")
        return str(int(text))
    if spec.type == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise bad("a number") from None
        if not number.is_finite():
            raise bad("a finite number")
        out = format(number, "f")
        return out if "." in out else out + ".0"
    return '"' + escape_string(text) + '"'


def expand_iri(text: str, bad: Any = None) -> str:
    """An absolute IRI from an IRI, a prefixed name (``country:BLR``) or an ISO3 code (``BLR``)."""
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    m = _PNAME.match(text)
    if m and m.group("prefix") in PREFIXES:
        text = PREFIXES[m.group("prefix")] + m.group("local")
    elif _ISO3.match(text):
        text = COUNTRY + text.upper()
    if not _IRI.match(text) or text.split(":", 1)[0].lower() not in ("http", "https", "urn"):
        if bad is not None:
            raise bad("an IRI, a prefixed name such as country:BLR or an ISO3 code such as BLR")
        raise QueryError(f"{text!r} is not an IRI. Fix: pass an http(s) IRI, country:BLR or BLR.")
    return text


def _is_iri_like(text: str) -> bool:
    if text.startswith("<") and text.endswith(">"):
        return True
    m = _PNAME.match(text)
    if m and m.group("prefix") in PREFIXES:
        return True
    return text.split(":", 1)[0].lower() in ("http", "https", "urn") and bool(_IRI.match(text))


def resolve_params(store: Any, query: NamedQuery, params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """``params`` with every IRI parameter given as a label, alias, acronym or ISO code replaced by
    the entity's IRI, and one note per replacement saying what it resolved to.

    ``store`` is an open :class:`graph.store.Store`. A value that names no entity, or several
    equally well, raises :class:`graph.errors.QueryError` with the candidates.
    """
    from rdflib import Literal

    from graph import queries

    out, notes = dict(params), []
    for name, value in params.items():
        spec = query.specs.get(name)
        text = str(value).strip()
        if spec is None or spec.type != "iri" or text in ("", "*") or _is_iri_like(text):
            continue
        rows = store.select(queries.read("resolve_entity"), {"text": Literal(text)})
        if not rows:
            raise QueryError(
                f"parameter {name}={text!r} of query {query.name!r} names no entity in the store. "
                f"Fix: pass an IRI, country:BLR, an ISO code (BLR, BY) or a label such as Belarus."
            )
        best = min((int(r["how"]), int(r["class"])) for r in rows)
        hits = sorted({r["e"]: r["label"] for r in rows if (int(r["how"]), int(r["class"])) == best}.items())
        if len(hits) > 1:
            raise QueryError(
                f"parameter {name}={text!r} of query {query.name!r} names {len(hits)} entities: "
                + "; ".join(f"{lab} <{iri}>" for iri, lab in hits[:5])
                + f". Fix: pass one of these IRIs as {name}=IRI."
            )
        iri, label = hits[0]
        out[name] = iri
        notes.append(f"{name}={text} resolved to {label or iri} <{iri}>")
    return out, notes


def bind_values(sparql: str, bindings: dict[str, Any]) -> str:
    """``sparql`` with ``bindings`` (variable name -> rdflib term) bound by a ``VALUES`` block at
    the start of its ``WHERE`` group, each term written in its escaped N3 form: how a caller binds
    values over the SPARQL protocol, which has no ``initBindings``.

    >>> from rdflib import Literal
    >>> bind_values('SELECT ?e WHERE { ?e ?p ?text }', {"text": Literal('a "b"')})
    'SELECT ?e WHERE {\\n  VALUES (?text) { ("a \\\\"b\\\\"") }\\n ?e ?p ?text }'
    """
    if not bindings:
        return sparql
    m = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if not m:
        raise QueryError("a query to bind values in has no WHERE group. Fix: write SELECT ... WHERE { ... }.")
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f"{sparql[: m.end()]}\n  VALUES ({names}) {{ ({terms}) }}\n{sparql[m.end() :]}"


def escape_string(text: str) -> str:
    """Escape a string for a double-quoted SPARQL literal."""
    table = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
    return "".join(table.get(ch, ch) for ch in text)


def parse(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    name, description = path.stem, ""
    specs: dict[str, Param] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value
        elif key == "description":
            description = value
        else:
            p = _PARAM.match(value)
            if not p or p.group("type") not in TYPES:
                raise QueryError(
                    f"{path}: bad parameter header {value!r}. Fix: write "
                    f"'# param: NAME ({'|'.join(TYPES)}) = DEFAULT -- help'."
                )
            default, help_ = (p.group("default") or "").strip(), (p.group("help") or "").strip()
            specs[p.group("name")] = Param(p.group("name"), p.group("type"), default, help_)
    _check_paging(path, text, specs)
    return NamedQuery(
        name=name,
        description=description,
        params={k: s.default for k, s in specs.items()},
        path=path,
        text=text,
        specs=specs,
    )


def list_queries() -> list[NamedQuery]:
    """Every query of the library (``graph/queries/*.rq``, top level only), sorted by name."""
    return sorted((parse(p) for p in QUERIES.glob("*.rq")), key=lambda q: q.name)


def get_query(name: str) -> NamedQuery:
    """The query called ``name``; QueryError lists the valid names."""
    queries = list_queries()
    for q in queries:
        if q.name == name:
            return q
    raise QueryError(
        f"no query named {name!r} in the library. Fix: use one of: "
        f"{', '.join(q.name for q in queries)} (coopgraph query --list)."
    )
