"""graph.nlp.dates.parse_date: date expressions -> ISO values with their precision."""

from __future__ import annotations

import pytest

from graph.model import DateValue
from graph.nlp.dates import parse_date


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("June 17 to 18, 2025", None, DateValue("2025-06-17", "2025-06-18", "day")),
        ("June 17-18, 2025", None, DateValue("2025-06-17", "2025-06-18", "day")),
        ("17–18 June 2025", None, DateValue("2025-06-17", "2025-06-18", "day")),
        ("June 15, 2001", None, DateValue("2001-06-15", None, "day")),
        ("on June 15, 2001 in Shanghai", None, DateValue("2001-06-15", None, "day")),
        ("8 December 1999", None, DateValue("1999-12-08", None, "day")),
        # an explicit year beats the anchor's
        ("22 August 2024", "2025-01-01", DateValue("2024-08-22", None, "day")),
        ("2024-08-22", None, DateValue("2024-08-22", None, "day")),
        ("July 2024", None, DateValue("2024-07", None, "month")),
        ("In July 2024", None, DateValue("2024-07", None, "month")),
        ("In 2023", None, DateValue("2023", None, "year")),
        ("2023", "2022-06-14", DateValue("2023", None, "year")),
        ("yesterday", "2022-06-14", DateValue("2022-06-13", None, "day")),
        ("today", "2022-06-14", DateValue("2022-06-14", None, "day")),
        ("tomorrow", "2022-12-31", DateValue("2023-01-01", None, "day")),
        ("June 16", "2022-06-14", DateValue("2022-06-16", None, "day")),
        # a day range before its month without a year: an interval in the document's year
        ("3-5 October", "2024-10-10", DateValue("2024-10-03", "2024-10-05", "day")),
        ("21–24 April", "2023-05-02", DateValue("2023-04-21", "2023-04-24", "day")),
        # the European numeric form is day.month.year
        ("12.03.2024", None, DateValue("2024-03-12", None, "day")),
        ("31.02.2024", None, None),
        # "the Nth of Month"
        ("the 3rd of May 2022", None, DateValue("2022-05-03", None, "day")),
        ("the 3rd of May", "2022-06-14", DateValue("2022-05-03", None, "day")),
        ("16 June", "2021-01-05", DateValue("2021-06-16", None, "day")),
        ("on Monday", "2022-06-16", DateValue("2022-06-13", None, "day")),  # 2022-06-16 is a Thursday
    ],
)
def test_parse_date_values(text: str, anchor: str | None, expected: DateValue) -> None:
    assert parse_date(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("2023–2025", None),  # a validity period, not the date of an event
        ("2023-2025", "2024-01-01"),
        ("February 30, 2024", None),  # no such day
        ("31 April 2024", None),
        ("June 31 to 32, 2025", None),
        ("yesterday", None),  # a relative date needs the document date
        ("June 16", None),
        ("recently", "2022-06-14"),
        ("", "2022-06-14"),
    ],
)
def test_parse_date_none(text: str, anchor: str | None) -> None:
    assert parse_date(text, anchor) is None


@pytest.mark.parametrize(
    ("value", "gold"),
    [
        (DateValue("2025-06-17", "2025-06-18"), "2025-06-17/2025-06-18"),
        (DateValue("2024-07", None, "month"), "2024-07"),
        (DateValue("2024-08-22", "2024-08-22"), "2024-08-22"),
    ],
)
def test_date_value_as_gold(value: DateValue, gold: str) -> None:
    assert value.as_gold() == gold
