"""Property-based tests (hypothesis): IRI minting, date normalisation, ingest of arbitrary Unicode
and HTML escaping never crash, always give the same output for the same input, and keep their
invariants (valid IRIs, valid ISO dates, no markup from a document in the page)."""

from __future__ import annotations

import html
import json
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import ingest
from graph.errors import InputError
from graph.model import Document
from graph.nlp.dates import parse_date
from graph.nlp.naming.vocabulary import slug
from graph.rdf import iris
from graph.viz import _esc, _evidence_html, _json

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)  # every code point UTF-8 can carry
WORDY = st.lists(
    st.sampled_from(
        [
            "Belarus",
            "China",
            "signed",
            "a",
            "memorandum",
            "on",
            "17",
            "June",
            "2024",
            "the",
            "Минск",
            "北京",
            "SCO",
            "<b>",
            "&amp;",
            "\u200b",
            "\u00a0",
            "\r\n",
            "\t",
            "—",
            "é",
            "\x00",
            "\x1b",
        ]
    ),
    max_size=40,
).map(" ".join)


# ------------------------------------------------------------------ IRI minting
@SETTINGS
@given(ANY_TEXT)
def test_property_minted_iris_are_valid_and_deterministic(text: str) -> None:
    key = "org/" + slug(text)
    assert slug(text) == slug(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug(text))
    for iri in (iris.entity(key), iris.document(ingest._safe_id(text) or "document")):
        ox.NamedNode(str(iri))  # raises ValueError on an invalid IRI
    assert iris.assertion("d", text, "p", "o") == iris.assertion("d", text, "p", "o")
    doc_id = ingest._safe_id(text) or "document"
    assert iris.doc_id_of_graph(str(iris.doc_graph(doc_id))) == doc_id


# ------------------------------------------------------------------ date normalisation
ANCHORS = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)).map(date.isoformat)
DATE_TEXT = st.one_of(
    ANY_TEXT,
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(0, 40),
        st.sampled_from(["January", "Feb.", "march", "June", "Sept", "13", "02"]),
        st.integers(1899, 2101),
        st.sampled_from([" ", ".", "/", "-", " of "]),
    ),
    st.builds(
        lambda a, b, m: f"{a}-{b} {m}",
        st.integers(0, 40),
        st.integers(0, 40),
        st.sampled_from(["October", "May", "February"]),
    ),
)


def _valid(value: str, precision: str) -> bool:
    pattern = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}[precision]
    if not re.fullmatch(pattern, value):
        return False
    if precision == "day":
        date.fromisoformat(value)
    elif precision == "month":
        assert 1 <= int(value[5:]) <= 12
    return True


@SETTINGS
@given(DATE_TEXT, st.one_of(st.none(), ANCHORS))
def test_property_date_normalisation_valid_or_none(text: str, anchor: str | None) -> None:
    got = parse_date(text, anchor)
    assert got == parse_date(text, anchor)
    if got is None:
        return
    assert got.precision in ("day", "month", "year")
    assert _valid(got.start, got.precision), got
    if got.end is not None:
        assert _valid(got.end, got.precision), got
        assert got.end >= got.start, got


# ------------------------------------------------------------------ ingest of arbitrary Unicode
@SETTINGS
@given(st.one_of(ANY_TEXT, WORDY), st.sampled_from(["text", "html", "markdown"]))
def test_property_ingest_any_text_is_a_document_or_one_clean_error(raw: str, kind: str) -> None:
    def make() -> Document | InputError:
        try:
            return ingest._make("doc", raw, "invented.txt", kind=kind)
        except InputError as exc:
            return exc

    first, second = make(), make()
    if isinstance(first, InputError):
        assert isinstance(second, InputError) and str(first) == str(second)
        assert "\n" not in str(first) and "Fix:" in str(first)
        return
    assert first == second
    text = first.text
    assert text and text == text.strip() and unicodedata.is_normalized("NFC", text)
    assert not re.search(r"[\x00-\x08\x0e-\x1f\x7f\u200b\ufeff]", text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(ANY_TEXT, WORDY), min_size=1, max_size=4), st.binary(max_size=200))
def test_property_ingest_any_file_bytes_never_crash(texts: list[str], junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = [json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
        (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "b.txt").write_bytes(junk)
        (folder / "c.html").write_text("<p>" + "</p><p>".join(texts) + "</p>", encoding="utf-8")
        first = [repr(x) for x in ingest.iter_documents([folder])]
        assert first == [repr(x) for x in ingest.iter_documents([folder])]
        assert len(first) >= 3  # the two files and at least one line: each a document or an error


# ------------------------------------------------------------------ escaping where document text reaches HTML
@SETTINGS
@given(ANY_TEXT)
def test_property_escaped_text_is_inert_and_round_trips(text: str) -> None:
    escaped = _esc(text)
    assert not re.search(r"[<>\"']", escaped)
    assert html.unescape(escaped) == text
    evidence = [{"sentence": text, "doc": text, "url": "https://example.org/?q=" + text}]
    block = _evidence_html(evidence, [text])
    body = re.sub(r"</?(div|span|q|a)\b[^>]*>", "", block)  # the page's own tags only
    assert "<" not in body and ">" not in body


@SETTINGS
@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), ANY_TEXT),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(ANY_TEXT, inner, max_size=4)),
        max_leaves=12,
    )
)
def test_property_json_in_a_script_cannot_close_it(obj: object) -> None:
    text = _json(obj)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == obj
