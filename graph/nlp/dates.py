"""Date normalisation: turn DATE entities into ISO dates with precision, against the document date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import DateValue
from graph.nlp.extensions import doc_text

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_M = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_Y = r"((?:19|20)\d\d)"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_DASH = r"\s*(?:-|–|—|to|through|until|and)\s*"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # June 17 to 18, 2025 / June 17-18, 2025
    (re.compile(rf"\b{_M}\s+{_D}{_DASH}{_D},?\s+{_Y}\b", re.I), "md-d-y"),
    # May 15-16 (year from the document date)
    (re.compile(rf"\b{_M}\s+{_D}{_DASH}{_D}\b(?!,?\s*(?:19|20)\d\d)", re.I), "md-d"),
    # 17-18 June 2025
    (re.compile(rf"\b{_D}{_DASH}{_D}\s+{_M},?\s+{_Y}\b", re.I), "d-d-m-y"),
    # 3-5 October (year from the document date)
    (re.compile(rf"\b{_D}{_DASH}{_D}\s+{_M}\b(?!,?\s*(?:19|20)\d\d)", re.I), "d-d-m"),
    # June 15, 2001
    (re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b", re.I), "m-d-y"),
    # 8 December 1999, the 8th of December 1999
    (re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}\b", re.I), "d-m-y"),
    # 2024-08-22
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), "iso"),
    # 22.08.2024: day, month, year with dots (the European numeric form)
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b"), "dmy-num"),
    # July 2024
    (re.compile(rf"\b{_M},?\s+{_Y}\b", re.I), "m-y"),
    # June 16 (year from context)
    (re.compile(rf"\b{_M}\s+{_D}\b(?!\s*,?\s*(?:19|20)\d\d)", re.I), "m-d"),
    # 17 June, the 17th of June
    (re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}\b(?!\s*,?\s*(?:19|20)\d\d)", re.I), "d-m"),
    # 2023–2025: a validity period, not an event date
    (re.compile(rf"\b{_Y}\s*[-–—]\s*{_Y}\b"), "period"),
    (re.compile(rf"\b{_Y}\b"), "y"),
]
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0, "this evening": 0}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _span(start: str | None, end: str | None) -> DateValue | None:
    """A range of days; none when a day does not exist or the range runs backwards ("2-1 October")."""
    return DateValue(start, end, "day") if start and end and start <= end else None


def parse_date(text: str, anchor: str | None = None) -> DateValue | None:
    """Normalise one date expression; ``anchor`` is the document date (YYYY-MM-DD) for relative ones.

    Validity periods ("2023–2025") return None: they are not the date of an event.
    """
    t = text.strip()
    low = t.lower()
    anchor_d = date.fromisoformat(anchor) if anchor else None
    for pattern, kind in _PATTERNS:
        m = pattern.search(t)
        if not m:
            continue
        g = m.groups()
        if kind == "md-d-y":
            mo, y = MONTHS[g[0].lower().rstrip(".")], int(g[3])
            s, e = _iso(y, mo, int(g[1])), _iso(y, mo, int(g[2]))
            return _span(s, e)
        if kind == "md-d":
            if anchor_d is None:
                return None
            mo = MONTHS[g[0].lower().rstrip(".")]
            s, e = _iso(anchor_d.year, mo, int(g[1])), _iso(anchor_d.year, mo, int(g[2]))
            return _span(s, e)
        if kind == "d-d-m-y":
            mo, y = MONTHS[g[2].lower().rstrip(".")], int(g[3])
            s, e = _iso(y, mo, int(g[0])), _iso(y, mo, int(g[1]))
            return _span(s, e)
        if kind == "d-d-m":
            if anchor_d is None:
                return None
            mo = MONTHS[g[2].lower().rstrip(".")]
            s, e = _iso(anchor_d.year, mo, int(g[0])), _iso(anchor_d.year, mo, int(g[1]))
            return _span(s, e)
        if kind == "dmy-num":
            s = _iso(int(g[2]), int(g[1]), int(g[0]))
            return DateValue(s, None, "day") if s else None
        if kind == "m-d-y":
            s = _iso(int(g[2]), MONTHS[g[0].lower().rstrip(".")], int(g[1]))
            return DateValue(s, None, "day") if s else None
        if kind == "d-m-y":
            s = _iso(int(g[2]), MONTHS[g[1].lower().rstrip(".")], int(g[0]))
            return DateValue(s, None, "day") if s else None
        if kind == "iso":
            s = _iso(int(g[0]), int(g[1]), int(g[2]))
            return DateValue(s, None, "day") if s else None
        if kind == "m-y":
            return DateValue(f"{int(g[1]):04d}-{MONTHS[g[0].lower().rstrip('.')]:02d}", None, "month")
        if kind in ("m-d", "d-m"):
            if anchor_d is None:
                return None
            mo = MONTHS[(g[0] if kind == "m-d" else g[1]).lower().rstrip(".")]
            d = int(g[1] if kind == "m-d" else g[0])
            s = _iso(anchor_d.year, mo, d)
            return DateValue(s, None, "day") if s else None
        if kind == "period":
            return None
        if kind == "y":
            return DateValue(g[0], None, "year")
    if anchor_d is not None:
        month = MONTHS.get(low.removeprefix("in ").removeprefix("the ").strip(". "))
        if month is not None:
            # a bare month ("in October") is the latest such month up to the document date
            year = anchor_d.year if month <= anchor_d.month else anchor_d.year - 1
            return DateValue(f"{year:04d}-{month:02d}", None, "month")
        for word, years in (
            ("last year", -1),
            ("previous year", -1),
            ("this year", 0),
            ("current year", 0),
            ("next year", 1),
        ):
            if word in low:
                return DateValue(f"{anchor_d.year + years:04d}", None, "year")
        for word, delta in _RELATIVE.items():
            if word in low:
                return DateValue((anchor_d + timedelta(days=delta)).isoformat(), None, "day")
        for i, wd in enumerate(_WEEKDAYS):
            if re.search(rf"\b{wd}\b", low):
                back = (anchor_d.weekday() - i) % 7
                return DateValue((anchor_d - timedelta(days=back)).isoformat(), None, "day")
    return None


class DateNormalizer:
    """Collect the dates of DATE entities and of date patterns the NER missed in ``doc._.coop_dates``.

    Reads the document date from ``doc._.coop_doc_date`` (set by the pipeline from the record).
    A parenthesised date right after a relative one ("yesterday (Jun 13)") wins over it.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        for ext in ("coop_dates", "coop_doc_date"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    def __call__(self, doc: Doc) -> Doc:
        anchor = doc._.coop_doc_date
        found: list[tuple[int, int, DateValue]] = []
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            value = parse_date(ent.text, anchor)
            if value is None:
                continue
            if (
                found
                and found[-1][1] >= ent.start_char - 2
                and doc_text(doc)[found[-1][1] : ent.start_char].strip() == "("
            ):
                # "yesterday (Jun 13)": the explicit date replaces the relative one
                found[-1] = (found[-1][0], ent.end_char, value)
            else:
                found.append((ent.start_char, ent.end_char, value))
        # full dates the NER folded into another entity ("… Statement of September 7, 2023")
        for pattern, kind in _PATTERNS:
            if kind not in ("md-d-y", "md-d", "d-d-m-y", "d-d-m", "m-d-y", "d-m-y", "iso", "dmy-num", "m-y"):
                continue
            for m in pattern.finditer(doc_text(doc)):
                if any(a <= m.start() and m.end() <= b for a, b, _ in found):
                    continue  # already found, as a whole
                value = parse_date(m.group(0), anchor)
                if value is not None:
                    found = [f for f in found if not (m.start() <= f[0] and f[1] <= m.end())]
                    found.append((m.start(), m.end(), value))
        for a, b, v in list(found):
            # a year alone inside a full date found above is that date's year, not a date of its own
            if v.precision == "year" and any(
                a2 <= a and b <= b2 and (a2, b2) != (a, b) for a2, b2, _ in found
            ):
                found.remove((a, b, v))
        # a dateline's date is the document's (graph.nlp.components.context), never a fact's
        cut = doc._.coop_excluded if Doc.has_extension("coop_excluded") else None
        found = [f for f in found if not any(a < f[1] and f[0] < b for a, b in cut or [])]
        doc._.coop_dates = sorted(found, key=lambda f: f[0])
        return doc
