"""Files, folders, JSONL, Markdown and HTML -> :class:`Document` records (no NLP here).

Documents are yielded one at a time so a corpus of any size streams through the build (JSONL is
read line by line). A bad input yields an :class:`InputError` in its place: the caller reports it
and goes on. Every error message is one line: ``<file>[:<line>]: what failed. Fix: …``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date as _date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.model import Document

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
MAX_BYTES = 20 * 1024 * 1024  # one document (or one JSONL line) larger than this is refused
# Fewer words than this: too short to tell one Latin-script language from another ("Peru and Chile
# signed a memorandum" reads as Esperanto); only a text mostly in another script is refused.
MIN_WORDS_FOR_LANGUAGE_CHECK = 20
LANGUAGE_SAMPLE = 2000  # characters the language identifier looks at
MIN_ENGLISH_CONFIDENCE = 0.1  # below this, and another language first, the text is not English
_SNIFF_BYTES = 8192  # how much of a file is looked at for NUL bytes (binary files)

# Zero-width characters and the soft hyphen vanish; other control characters (not \n, \t) too.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\u00a0\u2007\u202f\t\x0b\x0c]")
_FOREIGN_CHARS = "\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af"
# A run of non-Latin letters inside English text is a leftover caption or alt text ("Изображение").
_FOREIGN_RUN = re.compile(f"[{_FOREIGN_CHARS}]+")
# ... and so is such a run glued to a Latin word ("ИзображениеForeign Economic Activity").
_GLUED_RUN = re.compile(f"[{_FOREIGN_CHARS}]{{3,}}(?=[A-Za-z])|(?<=[A-Za-z])[{_FOREIGN_CHARS}]{{3,}}")
# One or two Cyrillic look-alikes inside a Latin word ("Bеlarus" with a Cyrillic е) are typos.
_HOMOGLYPHS = str.maketrans("аеорсхуАВЕКМНОРСТХіІ", "aeopcxyABEKMHOPCTXiI")
_HOMOGLYPH_RUN = re.compile(r"(?<=[A-Za-z])[аеорсхуАВЕКМНОРСТХіІ]{1,2}(?=[A-Za-z])")
_NAV_LINE = re.compile(
    r"^\s*(share( this)?|print|tweet|back to top|read more|menu|home|search|skip to (main )?content|"
    r"subscribe|follow us|related( news| articles)?|previous|next)\s*:?\s*$",
    re.I,
)


def _one_line(value: object) -> str:
    """Paths and values quoted in an error message must not break it over lines."""
    return str(value).replace("\r", "\\r").replace("\n", "\\n")


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    raise AssertionError("unreachable")


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _latin_share(text: str) -> float:
    """The share of the letters of ``text`` that are ASCII letters (0.0 when it has none).

    Counted in C where the text is ASCII (its bytes without the letters are deleted); only the
    non-ASCII characters are tested one by one (a test per character took 1 s of the corpus)."""
    raw = text.encode("ascii", "ignore")
    latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    letters = latin + sum(c.isalpha() for run in _NON_ASCII_RUN.findall(text) for c in run)
    return latin / letters if letters else 0.0


def _drop_foreign_captions(text: str) -> str:
    """In mostly-Latin text, remove non-Latin captions and fix Cyrillic look-alikes in Latin words."""
    share = _latin_share(text)
    if share <= 0.5:
        return text
    text = _HOMOGLYPH_RUN.sub(lambda m: m.group().translate(_HOMOGLYPHS), text)
    text = _GLUED_RUN.sub("", text)
    kept = []
    for line in text.split("\n"):
        if _FOREIGN_RUN.search(line) and not re.search("[A-Za-z]", line):
            continue  # a caption or alt text on a line of its own
        kept.append(line)
    text = "\n".join(kept)
    if share > 0.9:
        text = _FOREIGN_RUN.sub("", text)
        text = re.sub(r"\(\s*\)", "", text)  # "Ministry (Минсвязи)" leaves "()"
    return text


def normalise_text(text: str) -> str:
    """Unicode NFC, plain spaces, no invisible characters, no navigation lines or foreign captions."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _SPACES.sub(" ", text))
    text = "\n".join(line for line in text.split("\n") if not _NAV_LINE.match(line))
    text = _drop_foreign_captions(text)
    # "Fund(RDIF)" and "(COVID-19)pandemic": a parenthesis glued to a word is a typo, not a token
    text = re.sub(r"(?<=[a-z])\((?=[A-Z][A-Za-z0-9.-]*\))", " (", text)
    text = re.sub(r"(?<=[A-Z0-9]\))(?=[a-z])", " ", text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"[ ]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


@cache
def _language_detector() -> Any:
    """lingua's identifier over the spoken languages (not Latin: names and Latinate words made short
    English texts look like it); models load lazily, only for the scripts seen."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_spoken_languages().with_low_accuracy_mode().build()


def language_of(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` (its English name) and the confidence that it is English."""
    from lingua import Language

    values = _language_detector().compute_language_confidence_values(text[:LANGUAGE_SAMPLE])
    if not values:
        return "unknown", 0.0
    english = next((v.value for v in values if v.language == Language.ENGLISH), 0.0)
    return values[0].language.name.title(), english


# (texts already found English, texts found English now) while :func:`english_checked` is active
_ENGLISH: ContextVar[tuple[frozenset[str], set[str]] | None] = ContextVar("english_checked", default=None)


def english_digest(text: str) -> str:
    """What :func:`english_checked` remembers of a text that passed the language check (the check's
    settings are part of it: a text is checked again when they change)."""
    settings = f"{MIN_WORDS_FOR_LANGUAGE_CHECK}|{LANGUAGE_SAMPLE}|{MIN_ENGLISH_CONFIDENCE}"
    return hashlib.sha256(f"{settings}\n{text}".encode()).hexdigest()[:20]


@contextmanager
def english_checked(known: Iterable[str]) -> Iterator[set[str]]:
    """Skip the language check of texts whose :func:`english_digest` is in ``known`` (they passed
    it in an earlier build: lingua is most of the time of reading an unchanged corpus). Yields the
    set that collects the digests of every text that passes while the block runs."""
    passed: set[str] = set()
    token = _ENGLISH.set((frozenset(known), passed))
    try:
        yield passed
    finally:
        _ENGLISH.reset(token)


@dataclass(frozen=True)
class Unchanged:
    """An input record (a file, a JSONL line) whose bytes an earlier build read, passed over
    without cleaning and language check (:func:`known_inputs`): its id, where it is, and the
    content hash of the document it made."""

    id: str
    source: str
    content_hash: str


@dataclass
class _Inputs:
    known: Mapping[str, list[str]]  # record key -> [content hash, English digest], earlier builds
    skip: Callable[[str, str], bool]  # (document id, content hash) -> may it be passed over
    read: dict[str, list[str]] = field(default_factory=dict)  # the same, of this walk's records


_INPUTS: ContextVar[_Inputs | None] = ContextVar("known_inputs", default=None)


@contextmanager
def known_inputs(
    known: Mapping[str, list[str]], skip: Callable[[str, str], bool]
) -> Iterator[dict[str, list[str]]]:
    """While active, an input record whose bytes (with its kind and id) an earlier build read as a
    document, recorded in ``known``, is yielded as :class:`Unchanged` when ``skip(id, content
    hash)`` says so (the caller's store already holds that document): the cleaning and the language
    check, most of the time of reading an unchanged corpus, are not redone. Yields the dict that
    collects, for every document read while the block runs, its record key -> [content hash,
    English digest]: what the next build is given as ``known``."""
    inputs = _Inputs(known, skip)
    token = _INPUTS.set(inputs)
    try:
        yield inputs.read
    finally:
        _INPUTS.reset(token)


@cache
def _reader_key() -> str:
    """What besides a record's bytes decides the document made from it: this module (cleaning,
    metadata), the document's hash (graph/model.py) and the decoding and HTML libraries."""
    from importlib.metadata import PackageNotFoundError, version

    from graph import model

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(Path(model.__file__).read_bytes())
    for lib in ("trafilatura", "charset-normalizer"):
        try:
            h.update(f"{lib}={version(lib)}".encode())
        except PackageNotFoundError:
            h.update(lib.encode())
    return h.hexdigest()


def _record_key(kind: str, doc_id: str, raw: bytes) -> str:
    h = hashlib.sha256(f"{_reader_key()}\x00{kind}\x00{doc_id}\x00".encode())
    h.update(raw)
    return h.hexdigest()


def _unchanged(kind: str, doc_id: str, raw: bytes, where: str) -> tuple[str | None, Unchanged | None]:
    """The record's key (None when no :func:`known_inputs` is active) and, when it may be passed
    over, what stands for its document."""
    inputs = _INPUTS.get()
    if inputs is None:
        return None, None
    key = _record_key(kind, doc_id, raw)
    seen = inputs.known.get(key)
    if seen is None or not inputs.skip(doc_id, seen[0]):
        return key, None
    inputs.read[key] = list(seen)
    english = _ENGLISH.get()
    if english is not None and seen[1]:
        english[1].add(seen[1])  # it passed the language check when it was read
    return key, Unchanged(doc_id, where, seen[0])


def _read_as(key: str | None, doc: Document) -> Document:
    """Record a document read while :func:`known_inputs` is active."""
    inputs = _INPUTS.get()
    if key is not None and inputs is not None:
        inputs.read[key] = [doc.content_hash, english_digest(doc.text)]
    return doc


def _check_english(text: str, where: str, encoding: str | None = None) -> None:
    """Refuse a document that is not in English, naming its language (lingua-language-detector)."""
    remembered = _ENGLISH.get()
    if remembered is None:
        _check_english_now(text, where, encoding)
        return
    known, passed = remembered
    digest = english_digest(text)
    if digest not in known:
        _check_english_now(text, where, encoding)
    passed.add(digest)


def _check_english_now(text: str, where: str, encoding: str | None = None) -> None:
    words = re.findall(r"[^\W\d_]+", text)
    decoded = f" (decoded from {encoding})" if encoding else ""
    fix = "coopgraph's model is English-only; translate the document or leave it out"
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        if words and _latin_share(text) < 0.5:
            raise InputError(where, f"is not in English (most of its letters are not Latin){decoded}", fix)
        return  # too short to tell one Latin-script language from another
    language, english = language_of(text)
    if language != "English" and english < MIN_ENGLISH_CONFIDENCE:
        raise InputError(where, f"is in {language}, not English{decoded}", fix)


# ------------------------------------------------------------------ HTML
class _TextFromHtml(HTMLParser):
    _SKIP = frozenset(
        {
            "script",
            "style",
            "nav",
            "header",
            "footer",
            "noscript",
            "template",
            "aside",
            "svg",
            "form",
            "button",
            "select",
            "iframe",
        }
    )
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "section",
            "article",
            "main",
            "ul",
            "ol",
            "table",
            "blockquote",
            "pre",
            "dt",
            "dd",
            "figure",
            "figcaption",
            "hr",
        }
    )
    _CELL = frozenset({"td", "th"})
    _DATE_META = frozenset(
        {
            "article:published_time",
            "date",
            "dc.date",
            "dcterms.date",
            "pubdate",
            "publish-date",
            "datepublished",
            "og:published_time",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.og_title: str | None = None
        self.date: str | None = None
        self.url: str | None = None
        self._skip = 0
        self._in_title = False
        self._title_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.url = self.url or a["href"].strip()
        elif tag in self._SKIP:
            self._skip += 1
        elif tag == "title" and not self._title_done:
            self._in_title = True
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
        elif tag in self._CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:  # <svg/>: nothing to skip inside
            return
        self.handle_starttag(tag, attrs)

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content", "").strip()
        if not content:
            return
        if key in self._DATE_META:
            self.date = self.date or content
        elif key == "og:url":
            self.url = self.url or content
        elif key == "og:title":
            self.og_title = self.og_title or content

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title" and self._in_title:
            self._in_title = False
            self._title_done = True
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = ((self.title or "") + " " + data.strip()).strip()
        elif not self._skip:
            self.parts.append(data)


def article_text(markup: str) -> str | None:
    """The article of an HTML page, without navigation, scripts, footers and other boilerplate:
    trafilatura's main-text extraction (None when it finds no article, e.g. a bare fragment)."""
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it warns about tiny pages
    text = trafilatura.extract(
        markup,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not text:
        return None
    return "\n\n".join(line for line in text.splitlines() if line.strip())  # one block a paragraph


def _html(markup: str) -> tuple[str, dict[str, str | None]]:
    """The page's article text (trafilatura; the page's own text when it finds no article) and its
    title, date and canonical URL from the head."""
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    article = article_text(markup)
    text = re.sub(r"[ \t]+", " ", article if article is not None else "".join(parser.parts))
    title = " ".join((parser.title or parser.og_title or "").split()) or None
    return text, {"title": title, "date": parser.date, "url": parser.url}


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or head.count("<p>") >= 2


# ------------------------------------------------------------------ Markdown
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_MD_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(markup: str) -> tuple[str, dict[str, str | None]]:
    """Plain text of a Markdown document, plus title/date/url from front matter or the first heading."""
    meta: dict[str, str | None] = {"title": None, "date": None, "url": None}
    fm = _FRONT_MATTER.match(markup)
    if fm:
        for line in fm.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in meta:
                meta[key.strip().lower()] = value.strip().strip("\"'") or None
        markup = markup[fm.end() :]
    heading = _MD_HEADING.search(markup)
    if heading and not meta["title"]:
        meta["title"] = heading.group(1).strip() or None
    text = _MD_HEADING.sub(lambda m: m.group(1), markup)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
    return text, meta


# ------------------------------------------------------------------ records
def _doc_id(path: Path) -> str:
    return _safe_id(path.stem) or "document"


def _safe_id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-")


def _normalise_doc_date(value: Any, where: str) -> str:
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})(?![\d])", str(value))
    try:
        if not m:
            raise ValueError
        return _date(*map(int, m.groups())).isoformat()
    except ValueError:
        problem = f"has a date {_one_line(value)!r} that is not a valid ISO 8601 day"
        raise InputError(where, problem, "write it as YYYY-MM-DD") from None


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _make(
    doc_id: str,
    raw: str,
    source: str,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    kind: str = "text",
    encoding: str | None = None,
) -> Document:
    """One document from raw text; ``kind`` is text, html or markdown (HTML is also sniffed)."""
    meta: dict[str, str | None] = {}
    if kind == "html" or _looks_like_html(raw):
        raw, meta = _html(raw)
    elif kind == "markdown":
        raw, meta = markdown_to_text(raw)
    title = _optional_str(title) or _optional_str(meta.get("title"))
    url = _optional_str(url) or _optional_str(meta.get("url"))
    text = normalise_text(raw)
    if not text:
        raise InputError(source, "is empty (no text after cleaning)", "remove it or add the document's text")
    _check_english(text, source, encoding)
    if date is not None:
        date = _normalise_doc_date(date, source)
    elif meta.get("date"):
        try:  # a page's own metadata: used when it is a valid day, never a reason to refuse the page
            date = _normalise_doc_date(meta["date"], source)
        except InputError:
            date = None
    return Document(id=doc_id, text=text, source=source, title=title, date=date, url=url)


def _too_big(where: str, size: int) -> InputError:
    return InputError(
        where,
        f"is {_size(size)}, over the {_size(MAX_BYTES)} limit per document",
        "split it into smaller documents (for example one JSONL line each)",
    )


def _binary(where: str) -> InputError:
    return InputError(where, "is a binary file", "give coopgraph .txt, .md, .html or .jsonl text files")


def _open_error(path: Path, exc: OSError) -> InputError:
    return InputError(_one_line(path), f"cannot be read ({exc.strerror or exc})", "check its permissions")


def _special(mode: int) -> str | None:
    """Why a file that is not a regular file cannot be a document (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file: reading it would wait for a writer"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device file, not a document"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a document"
    if stat.S_ISDIR(mode):
        return "is a folder where a file was expected"
    return "is not a regular file"


def _not_regular(where: str, why: str) -> InputError:
    return InputError(where, why, "remove it from the input or replace it with a regular text file")


def _open_regular(path: Path) -> tuple[Any, int]:
    """Open ``path`` for reading without ever blocking (a FIFO opened O_NONBLOCK returns at once) and
    check, on the open file itself, that it is a regular file: a file swapped for a FIFO or device
    between the folder walk and the read is refused too. Returns the binary file and its size."""
    where = _one_line(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(where, "no such file", "check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _not_regular(where, "is a symbolic link that loops") from None
        raise _open_error(path, exc) from None
    try:
        st = os.fstat(fd)
        why = _special(st.st_mode)
        if why:
            raise _not_regular(where, why)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


def _read_bytes(path: Path) -> bytes:
    where = _one_line(path)
    f, size = _open_regular(path)
    with f:
        if size > MAX_BYTES:
            raise _too_big(where, size)
        try:
            data = f.read(MAX_BYTES + 1)
        except OSError as exc:
            raise _open_error(path, exc) from None
    if len(data) > MAX_BYTES:
        raise _too_big(where, len(data))
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise _binary(where)
    return data


def _decode(data: bytes, where: str) -> tuple[str, str | None]:
    """The text of ``data``: UTF-8, else the legacy encoding charset-normalizer detects (returned as
    the second value, so that a refusal can name it)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding.replace("-", "_") in ("utf_8", "ascii"):
            raise InputError(
                where,
                f"is not valid UTF-8 (byte {exc.start}) and its encoding could not be detected",
                "re-encode it as UTF-8, e.g. iconv -f WINDOWS-1251 -t UTF-8",
            ) from None
        return str(best), best.encoding


def _jsonl_lines(path: Path) -> Iterator[tuple[int, bytes] | InputError]:
    """The raw lines of a JSONL file, streamed; a line over MAX_BYTES is an error, not a crash."""
    where = _one_line(path)
    try:
        f, _size = _open_regular(path)
    except InputError as exc:
        yield exc
        return
    with f:
        try:
            head = f.read(_SNIFF_BYTES)
        except OSError as exc:
            yield _open_error(path, exc)
            return
        if b"\x00" in head:
            yield _binary(where)
            return
        f.seek(0)
        n = 0
        while True:
            line = f.readline(MAX_BYTES + 1)
            if not line:
                return
            n += 1
            if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                size = len(line)
                while chunk := f.readline(MAX_BYTES):  # skip the rest of the long line
                    size += len(chunk)
                    if chunk.endswith(b"\n"):
                        break
                yield _too_big(f"{where}:{n}", size)
                continue
            yield n, line


def read_jsonl(path: Path) -> Iterator[Document | Unchanged | InputError]:
    """One document per line: ``id``, ``text``; optional ``title``, ``date``, ``url`` (or ``source_url``)."""
    for item in _jsonl_lines(path):
        if isinstance(item, InputError):
            yield item
            continue
        n, raw = item
        where = f"{_one_line(path)}:{n}"
        try:
            line, encoding = _decode(raw, where)
        except InputError as exc:
            yield exc
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"is not valid JSON ({exc.msg})", "write one JSON object per line")
            continue
        if not isinstance(rec, dict):
            kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
                type(rec), "a number"
            )
            yield InputError(
                where,
                f"is a JSON value that is not an object ({kind})",
                'write one {"id": ..., "text": ...} a line',
            )
            continue
        if not isinstance(rec.get("text"), str):
            yield InputError(where, "has no string field 'text'", 'each line needs {"id": ..., "text": ...}')
            continue
        doc_id = _safe_id(str(rec.get("id") or "")) or f"{_doc_id(path)}-{n}"
        key, same = _unchanged("jsonl", doc_id, raw, where)
        if same is not None:
            yield same
            continue
        try:
            yield _read_as(
                key,
                _make(
                    doc_id,
                    rec["text"],
                    where,
                    title=rec.get("title"),
                    date=rec.get("date"),
                    url=rec.get("url") or rec.get("source_url"),
                    encoding=encoding,
                ),
            )
        except InputError as exc:
            yield exc


def read_file(path: Path) -> Iterator[Document | Unchanged | InputError]:
    """The documents of one file (one, or one per line of a .jsonl file); :class:`Unchanged` for
    a record passed over while :func:`known_inputs` is active."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(path)
        return
    kind = {".html": "html", ".htm": "html", ".md": "markdown"}.get(suffix, "text")
    try:
        where = _one_line(path)
        data = _read_bytes(path)
        key, same = _unchanged(kind, _doc_id(path), data, where)
        if same is not None:
            yield same
            return
        raw, encoding = _decode(data, where)
        yield _read_as(key, _make(_doc_id(path), raw, where, kind=kind, encoding=encoding))
    except InputError as exc:
        yield exc


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _kind(path: Path) -> tuple[str, str | None]:
    """("dir" | "file" | "missing" | "other", why-not-a-document) for a path, following symlinks."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "other", "is a symbolic link that loops"
        if path.is_symlink():
            return "other", "is a symbolic link to nothing (its target is missing)"
        if isinstance(exc, FileNotFoundError):
            return "missing", None
        return "other", f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "dir", None
    why = _special(mode)
    return ("other", why) if why else ("file", None)


def iter_paths(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Expand folders (recursively, sorted, so builds are reproducible) into supported files.

    Inside folders, hidden files and folders and unsupported extensions are passed over silently;
    a FIFO, device file, socket, looping or dangling symbolic link is named with the reason and
    never opened; a file named explicitly with an unsupported extension, or a folder with no
    documents, is an error. Symbolic links to folders are not followed (no loops).
    """
    suffixes = ", ".join(SUFFIXES)
    for p in map(Path, paths):
        kind, why = _kind(p)
        if kind == "dir":
            found = False
            for f in sorted(p.rglob("*")):
                if _hidden(f, p):
                    continue
                sub, why = _kind(f)
                if sub == "file" and f.suffix.lower() in SUFFIXES:
                    found = True
                    yield f
                elif sub == "other" and why:
                    found = True
                    yield _not_regular(_one_line(f), why)
            if not found:
                yield InputError(_one_line(p), f"is a folder with no {suffixes} files", "check the path")
        elif kind == "file":
            if p.suffix.lower() in SUFFIXES:
                yield p
            else:
                yield InputError(
                    _one_line(p), f"has an unsupported extension {p.suffix!r}", f"use one of {suffixes}"
                )
        elif kind == "other" and why:
            yield _not_regular(_one_line(p), why)
        else:
            yield InputError(_one_line(p), "no such file or folder", "check the path")


@dataclass
class InputScan:
    """What one walk over the inputs finds before any is read as a document."""

    count: int = 0  # documents they hold: a file each, a non-blank JSONL line each
    ids: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)  # inputs that could not be listed or parsed


def scan_inputs(paths: Iterable[Path]) -> InputScan:
    """The ids of the documents the inputs hold and how many there are, without reading them as
    documents (no cleaning, no language check): a file's id is its name, a JSONL line's its
    ``id``. Also where the inputs could not be listed or a JSONL line could not be parsed (path,
    or path:line): what is there but failed is still there. One walk, before a build: the
    progress total and the stored documents that are gone."""
    scan = InputScan()
    ids, failed = scan.ids, scan.failed
    for item in iter_paths(paths):
        if isinstance(item, InputError):
            failed.append(item.path)
        elif item.suffix.lower() != ".jsonl":
            scan.count += 1
            ids.add(_doc_id(item))
        else:
            for line in _jsonl_lines(item):
                if isinstance(line, InputError):
                    failed.append(line.path)
                    continue
                n, raw = line
                if raw.strip():
                    scan.count += 1
                try:
                    rec = json.loads(raw.decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    if raw.strip():
                        failed.append(f"{_one_line(item)}:{n}")
                    continue
                if isinstance(rec, dict):
                    ids.add(_safe_id(str(rec.get("id") or "")) or f"{_doc_id(item)}-{n}")
    return scan


def document_ids(paths: Iterable[Path]) -> tuple[set[str], list[str]]:
    """The ids of the documents the inputs hold and the inputs that failed (:func:`scan_inputs`)."""
    scan = scan_inputs(paths)
    return scan.ids, scan.failed


def iter_documents(paths: Iterable[Path]) -> Iterator[Document | Unchanged | InputError]:
    """Stream documents from files and folders; errors take the place of unreadable documents
    (:class:`Unchanged` for those passed over while :func:`known_inputs` is active)."""
    seen: dict[str, str] = {}
    for item in iter_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        for doc in read_file(item):
            if isinstance(doc, Document | Unchanged):
                if doc.id in seen:
                    yield InputError(
                        doc.source,
                        f"repeats the document id {doc.id!r} of {seen[doc.id]}",
                        "give every document a unique id (file name or JSONL 'id')",
                    )
                    continue
                seen[doc.id] = doc.source
            yield doc
