"""The document context component: what surrounds the prose of a press release.

Finds, from the text alone, the dateline ("ASTANA, 7 June (Kazinform) –", "MINSK, June 7 (BelTA) -",
"TASHKENT, Uzbekistan (UzA) —", "Baku, 12 March 2024 – AZERTAC.", "HANOI (VNA) –", "ASTANA.
KAZINFORM –", "GENEVA (Reuters) -"), the byline ("By Jane Doe", "Author: …"), headings, and boiler
sections (an "About X" or "Media contacts" section, photo captions, "Read also: …", "Share",
"Subscribe"). The words that make them up are data (``patterns/lexicon/news_agencies.txt``,
``byline_markers.txt``, ``boiler_sections.txt``, ``boiler_lines.txt``); only the shape of a
dateline is code.

Writes ``doc._.coop_context`` (a :class:`graph.model.DocumentContext`: the dateline's place, date
and agency, the byline, the headings) and ``doc._.coop_excluded``, the character ranges that no
mention and hence no fact may come from: the names component drops mentions inside them, the
date normaliser drops dates inside them, and the record keeps no mention inside them. The
dateline's city becomes the document's place only; when the document has no date
(``doc._.coop_doc_date``), the dateline's date becomes it, so relative dates resolve against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import DocumentContext
from graph.nlp.dates import parse_date
from graph.nlp.extensions import doc_text
from graph.nlp.lexicon import words
from graph.nlp.naming.vocabulary import reference

_DASH = r"[-–—]"
# a city in capitals ("ASTANA", "NUR-SULTAN", "ST. PETERSBURG") or in title case ("Baku", "New Delhi")
_CAPS_CITY = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+(?:\s[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+){0,2}"
_TITLE_CITY = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’\-]+(?:\s[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’\-]+){0,2}"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{4}}-\d\d-\d\d)"
# CITY[, Region][, DATE][ (AGENCY)] DASH[ AGENCY.]   or   CITY. AGENCY DASH
_DATELINE = re.compile(
    rf"""^(?P<city>{_CAPS_CITY}|{_TITLE_CITY})
        (?:,\s*(?P<region>(?!{_DATE})[A-Z][A-Za-z'’\-]+(?:\s[A-Z][A-Za-z'’\-]+){{0,2}}))?
        (?:,?\s*(?P<date>{_DATE}))?
        (?:\s*\((?P<agency>[^()\n]{{2,40}})\))?
        (?:\s+|(?<=\)))(?:{_DASH})+\s*
        (?:(?P<agency2>[A-Za-z][\w\-]*(?:\s[A-Z][\w\-]*){{0,2}})\s*\.(?=\s))?
    """,
    re.VERBOSE,
)
_DOTTED = re.compile(
    rf"^(?P<city>{_CAPS_CITY}|{_TITLE_CITY})\.\s+(?P<agency>[A-Za-z][\w\-]*(?:\s[A-Z][\w\-]*){{0,2}})\s*{_DASH}+\s*"
)
_LINE = re.compile(r"[^\n]+")
_END_PUNCT = (".", "!", "?", ";", ":", ",", "”", '"')


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # stripped

    @property
    def words(self) -> list[str]:
        return self.text.split()


class ContextReader:
    """Dateline, byline, headings and boiler sections of a document, from its text."""

    def __init__(self, nlp: Language, name: str, ontology: str = "", exclude_headings: bool = False) -> None:
        self.name = name
        self.exclude_headings = exclude_headings
        self.agencies = {a.casefold() for a in words("news_agencies")}
        self.bylines = sorted((b.casefold() for b in words("byline_markers")), key=len, reverse=True)
        self.sections = sorted((s.casefold() for s in words("boiler_sections")), key=len, reverse=True)
        self.boiler = sorted((s.casefold() for s in words("boiler_lines")), key=len, reverse=True)
        ref = reference(ontology)
        self.places: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for e in ref.entities.values():
            if e.type == "Place":
                self.labels[e.iri] = e.label
                for form in e.forms:
                    self.places.setdefault(form.casefold(), e.iri)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        lines = [_Line(m.start(), m.end(), m.group(0).strip()) for m in _LINE.finditer(text)]
        lines = [ln for ln in lines if ln.text]
        ctx = DocumentContext()
        excluded: list[tuple[int, int]] = []
        self._dateline(doc, lines, ctx, excluded)
        in_section = False
        for i, ln in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            heading = self._is_heading(ln, nxt)
            if heading and self._starts(ln.text, self.sections, heading=True):
                in_section = True  # "About Acme", "Media contacts": boiler up to the next section of prose
            elif heading and nxt is not None and len(nxt.words) >= 20:
                in_section = False  # a heading over a paragraph of prose (contact lines are short)
            if in_section:
                excluded.append((ln.start, ln.end))
                continue
            if self._is_byline(ln):
                ctx.byline = ln.text
                excluded.append((ln.start, ln.end))
            elif self._is_boiler_line(ln):
                excluded.append((ln.start, ln.end))
            elif heading:
                ctx.headings.append(ln.text)
                if self.exclude_headings:
                    excluded.append((ln.start, ln.end))
        doc._.coop_context = ctx
        doc._.coop_excluded = _merged(text, excluded)
        return doc

    # -- dateline -----------------------------------------------------------------------------

    def _dateline(
        self, doc: Doc, lines: list[_Line], ctx: DocumentContext, excluded: list[tuple[int, int]]
    ) -> None:
        """The dateline opens one of the first lines (after a title or a byline, never later)."""
        for ln in lines[:4]:
            offset = doc_text(doc).index(ln.text, ln.start)
            found = self._match_dateline(ln.text)
            if found is None:
                continue
            end, city, date, agency = found
            key = self.places.get(city.casefold())
            ctx.place = key
            ctx.place_label = self.labels[key] if key else (city.title() if city.isupper() else city)
            ctx.agency = agency
            if date is not None:
                value = parse_date(date, doc._.coop_doc_date)
                if value is not None and value.precision == "day" and len(value.start) == 10:
                    ctx.date = value.start
                    if not doc._.coop_doc_date:
                        doc._.coop_doc_date = value.start
            excluded.append((offset, offset + end))
            return

    def _match_dateline(self, line: str) -> tuple[int, str, str | None, str | None] | None:
        """(end of the dateline in the line, city, date text, agency), or None when the line does
        not open with one. A city in title case needs a date or an agency to be a dateline ("Baku, 12
        March 2024 –"); one in capitals needs either or to be a known place ("HANOI –")."""
        m = _DOTTED.match(line)
        if m and self._is_agency(m.group("agency"), loose=False):
            return m.end(), m.group("city"), None, m.group("agency")
        m = _DATELINE.match(line)
        if m is None:
            return None
        city, date = m.group("city"), m.group("date")
        agency = m.group("agency")
        end = m.end()
        region = m.group("region")
        if not agency and region and self._is_agency(region, loose=False):
            agency = region  # "Minsk, BELTA –": the agency where a region would stand
        agency2 = m.group("agency2")
        if agency2 and self._is_agency(agency2, loose=False):
            agency = agency or agency2
        elif agency2:
            end = m.start("agency2")  # "… – Acme said." : the words after the dash are prose
        if agency and not self._is_agency(agency, loose=True):
            return None
        if city.isupper() or (len(city) > 1 and city.replace(" ", "").replace("-", "").isupper()):
            known = city.casefold() in self.places
            if not (date or agency or known):
                return None
        elif not (date or agency):
            return None
        return end, city, date, agency

    def _is_agency(self, text: str, loose: bool) -> bool:
        """A listed agency, one in capitals ("AZERTAC"), or (in parentheses, ``loose``) any short name."""
        t = text.strip()
        if t.casefold() in self.agencies or (t.isupper() and len(t) >= 2):
            return True
        return loose and len(t.split()) <= 4 and t[:1].isupper()

    # -- lines ----------------------------------------------------------------------------------

    @staticmethod
    def _starts(text: str, markers: list[str], heading: bool = False) -> str | None:
        low = text.casefold()
        for mk in markers:
            phrase = heading or len(mk.split()) > 1
            if low == mk or low.startswith(mk + ":") or (low.startswith(mk + " ") and phrase):
                return mk
        return None

    @staticmethod
    def _is_heading(ln: _Line, nxt: _Line | None) -> bool:
        """A short line without closing punctuation that a longer paragraph follows."""
        return (
            nxt is not None
            and len(ln.words) <= 12
            and not ln.text.endswith(_END_PUNCT)
            and ln.text[:1].isupper()
        )

    def _is_byline(self, ln: _Line) -> bool:
        if len(ln.words) > 10 or (ln.text.endswith((".", "!", "?")) and not ln.text.endswith(" Jr.")):
            return False
        mk = self._starts(ln.text, self.bylines, heading=True)
        if mk is None:
            return False
        rest = ln.text[len(mk) :].lstrip(":").strip()
        names = [w for w in re.split(r"[\s,;|/]+", rest) if w and w.casefold() not in ("and", "&")]
        return bool(names) and all(w[:1].isupper() or not w[:1].isalpha() for w in names)

    def _is_boiler_line(self, ln: _Line) -> bool:
        if len(ln.words) > 15:
            return False
        # a one-word marker counts alone or before a colon ("Share", "Photo: …"); a phrase also
        # before more words ("Read also …", "Follow us on …")
        return self._starts(ln.text, self.boiler) is not None


def _merged(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges in order, those only whitespace apart joined ("By Jane Doe" / "NAIROBI –")."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def overlaps_excluded(ranges: list[tuple[int, int]] | None, start_char: int, end_char: int) -> bool:
    """Whether a character span touches one of the excluded ranges (a span the model ran across
    a byline and the next line is no mention of the text either)."""
    return any(a < end_char and start_char < b for a, b in ranges or [])


def excluded(doc: Doc, start_char: int, end_char: int) -> bool:
    """Whether a character span of ``doc`` touches a range the context component excluded."""
    return overlaps_excluded(doc._.coop_excluded, start_char, end_char)
