"""Files, folders, JSONL and HTML -> :class:`Document` records (no NLP here).

Documents are yielded one at a time so a corpus of any size streams through the build. A bad
input yields an :class:`InputError` in its place: the caller reports it and goes on.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from graph.errors import InputError
from graph.model import Document

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
MAX_BYTES = 20 * 1024 * 1024  # one document (or one JSONL line) larger than this is refused
MIN_WORDS_FOR_LANGUAGE_CHECK = 40

_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as by at from this be are was were it an or which "
    "has have had will its their between also other during within".split()
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[\u00a0\u2007\u202f\t\x0b\x0c]")
# A run of non-Latin letters inside English text is a leftover caption or alt text ("Изображение").
_FOREIGN_RUN = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]+")
_NAV_LINE = re.compile(
    r"^\s*(share( this)?|print|tweet|back to top|read more|menu|home|search|skip to (main )?content|"
    r"subscribe|follow us|related( news| articles)?|previous|next)\s*:?\s*$",
    re.I,
)


def normalise_text(text: str) -> str:
    """Unicode NFC, plain spaces, no zero-width characters, no navigation lines or foreign captions."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _SPACES.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        if _NAV_LINE.match(line):
            continue
        lines.append(line)
    text = "\n".join(lines)
    latin = sum(c.isascii() and c.isalpha() for c in text)
    if latin and latin / max(1, sum(c.isalpha() for c in text)) > 0.9:
        text = _FOREIGN_RUN.sub(lambda m: "", text)
    text = re.sub(r"[ ]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _check_english(text: str, where: str) -> None:
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return
    share = sum(w in _FUNCTION_WORDS for w in words) / len(words)
    ascii_share = sum(c.isascii() for c in text) / max(1, len(text))
    if share < 0.12 or ascii_share < 0.8:
        raise InputError(
            where,
            f"does not look like English ({share:.0%} English function words)",
            "coopgraph's model is English-only; translate the document or leave it out",
        )


class _TextFromHtml(HTMLParser):
    _SKIP = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template", "aside"})
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    return text, parser.title


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or head.count("<p>") >= 2


def _doc_id(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-") or "document"


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(path, "no such file", "check the path")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(
            path,
            f"is {path.stat().st_size / 1e6:.0f} MB, over the {MAX_BYTES // 2**20} MiB limit per document",
            "split it into smaller documents (for example one JSONL line each)",
        )
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(path, "is a binary file", "give coopgraph .txt, .md, .html or .jsonl text files")
    return data


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            where,
            f"is not valid UTF-8 (byte {exc.start})",
            "re-encode it as UTF-8, e.g. iconv -f WINDOWS-1251 -t UTF-8",
        ) from None


def _make(doc_id: str, raw: str, source: str, title: str | None = None, date: str | None = None,
          url: str | None = None, html: bool = False) -> Document:
    if html or _looks_like_html(raw):
        raw, html_title = html_to_text(raw)
        title = title or html_title
    text = normalise_text(raw)
    if not text:
        raise InputError(source, "is empty (no text after cleaning)", "remove it or add the document's text")
    _check_english(text, source)
    if date is not None:
        date = _normalise_doc_date(date, source)
    return Document(id=doc_id, text=text, source=source, title=title, date=date, url=url)


def _normalise_doc_date(value: str, where: str) -> str:
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        raise InputError(where, f"has a date {value!r} that is not ISO 8601", "write dates as YYYY-MM-DD")
    return "-".join(m.groups())


def read_jsonl(path: Path) -> Iterator[Document | InputError]:
    """One document per line: ``id``, ``text`` and optional ``title``, ``date``, ``url``."""
    try:
        data = _read_bytes(path)
    except InputError as exc:
        yield exc
        return
    try:
        content = _decode(data, str(path))
    except InputError as exc:
        yield exc
        return
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"is not valid JSON ({exc.msg})", "write one JSON object per line")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield InputError(where, "has no string field 'text'", 'each line needs {"id": ..., "text": ...}')
            continue
        doc_id = str(rec.get("id") or f"{_doc_id(path)}-{n}")
        try:
            yield _make(
                re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id),
                rec["text"],
                where,
                title=rec.get("title"),
                date=rec.get("date"),
                url=rec.get("url") or rec.get("source_url"),
            )
        except InputError as exc:
            yield exc


def read_file(path: Path) -> Iterator[Document | InputError]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(path)
        return
    try:
        raw = _decode(_read_bytes(path), str(path))
        yield _make(_doc_id(path), raw, str(path), html=suffix in (".html", ".htm"))
    except InputError as exc:
        yield exc


def iter_paths(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Expand folders (recursively, sorted, so builds are reproducible) into supported files."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                    yield f
        elif p.is_file():
            if p.suffix.lower() in SUFFIXES:
                yield p
            else:
                yield InputError(p, f"has an unsupported extension {p.suffix!r}", f"use one of {', '.join(SUFFIXES)}")
        else:
            yield InputError(p, "no such file or folder", "check the path")


def iter_documents(paths: Iterable[Path]) -> Iterator[Document | InputError]:
    """Stream documents from files and folders; errors take the place of unreadable documents."""
    seen: set[str] = set()
    for item in iter_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        for doc in read_file(item):
            if isinstance(doc, Document):
                if doc.id in seen:
                    yield InputError(doc.source, f"repeats the document id {doc.id!r}", "give every document a unique id")
                    continue
                seen.add(doc.id)
            yield doc
