"""Reading a written date (metadata cells, datelines, crawl prefixes) into a calendar date."""

from __future__ import annotations

import re
from datetime import date, datetime


def parse_date(value: str, fuzzy: bool = False) -> date:
    """ISO and common written forms via dateutil, dateparser as a fallback; ValueError when hopeless."""
    from dateutil import parser as du

    value = value.strip()
    try:
        parsed = du.parse(value, fuzzy=fuzzy, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        parsed = None
        if re.search(r"\b(?:19|20)\d{2}\b", value):  # dateparser would also read 'yesterday' relative to today
            import dateparser

            parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None or not 1900 < parsed.year < 2100:
        raise ValueError(f"unparseable date {value!r}")
    return parsed.date()
