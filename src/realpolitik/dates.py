"""Finding and normalising explicit dates in text.

Shared by ingest (publication dates) and extraction (event dates). A date keeps the precision the
text gives it: "2015" is a year, "June 2015" a month, "October 5, 2015" a day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<{name}>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
          r"Aug(?:ust|\.)?|Sep(?:t(?:ember)?)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

PATTERNS = [
    # October 5, 2015 / Sep. 9, 2001 / August 5 and 10, 2021
    re.compile(_MONTH.format(name="month") + r"\s+" + _DAY.format(name="day")
               + r"(?:\s*(?:and|to|[-–—])\s*" + _DAY.format(name="day2") + r")?,?\s+" + _YEAR + r"\b"),
    # 25 April 2017 / 23rd December 2015 / 5 and 10 August 2021
    re.compile(r"\b" + _DAY.format(name="day") + r"(?:\s*(?:and|to|[-–—])\s*" + _DAY.format(name="day2")
               + r")?\s+(?:of\s+)?" + _MONTH.format(name="month") + r",?\s+" + _YEAR + r"\b"),
    # 2021-08-10
    re.compile(r"\b" + _YEAR + r"-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    # June 2015
    re.compile(r"\b" + _MONTH.format(name="month") + r",?\s+(?:of\s+)?" + _YEAR + r"\b"),
    # a bare year, not part of a number or a hyphenated measure ("1344-km")
    re.compile(r"(?<![\d,.\-–/])" + _YEAR + r"(?!\d|,\d|-?[a-zA-Z])"),
]


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        return iso(self.year, self.month, self.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if day and month:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def month_number(word: str) -> int | None:
    return MONTHS.get(word[:3].lower()) if word else None


def _valid(year: int, month: int | None, day: int | None) -> bool:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[FoundDate]:
    """Explicit dates in text, most precise reading first where patterns overlap."""
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            groups = match.groupdict()
            year = int(groups["year"])
            month = int(groups["mnum"]) if groups.get("mnum") else month_number(groups.get("month") or "")
            day_text = groups.get("day2") or groups.get("day")
            day = int(day_text) if day_text else None
            if not _valid(year, month, day):
                continue
            taken.append((start, end))
            found.append(FoundDate(start, end, year, month, day))
    return sorted(found, key=lambda d: d.start)


def parse_iso_like(value: str) -> tuple[str, str] | None:
    """'2017', '2017-04', '2017-04-25', '2017-04-25T10:00:00Z' -> (iso, precision); other forms via dateparser."""
    value = value.strip()
    match = re.match(r"^((?:1[89]|20)\d\d)(?:-([01]\d)(?:-([0-3]\d))?)?(?:[T ].*)?$", value)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        if _valid(year, month, day):
            found = FoundDate(0, 0, year, month, day)
            return found.iso, found.precision
        return None
    dates = find_dates(value)
    if dates:
        return dates[0].iso, dates[0].precision
    import dateparser  # slow to import; only for unusual metadata strings

    parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True, "PARSERS": ["absolute-time", "timestamp"]})
    if parsed:
        return parsed.date().isoformat(), "day"
    return None
