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


# A past era named without a year: "in Soviet times", "in the Obama era", "during the 1990s". What a
# sentence tells of such a time is history, not news of the day the article was published.
ERA = re.compile(r"\b(?:[Ii]n|[Dd]uring|[Uu]nder)\s+(?:the\s+)?(?:early\s+|late\s+|mid-)?"
                 r"(?:(?:[A-Z][\w’'-]+\s+){1,2}(?:era|times|period)\b|(?:1[89]|20)\d0s\b|Cold War\b)")


def names_an_era(text: str) -> bool:
    return ERA.search(text) is not None


def day_span(value: str | None) -> tuple[date, date] | None:
    """The first and last day an ISO date of any precision can mean: "2015" is 2015-01-01..2015-12-31,
    "2015-02" the whole of February. None for no date or one that is not a calendar date."""
    if not value:
        return None
    try:
        parts = [int(part) for part in value.split("-")[:3]]
        if len(parts) == 3:
            first = last = date(*parts)
        elif len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            last = date.fromordinal(following.toordinal() - 1)
        else:
            first, last = date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None
    return first, last


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


# --- dates relative to the publication date ----------------------------------------------------

_MONTH_WORD = (r"(January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_RELATIVE = [
    (re.compile(r"\b(?:last|past|previous)\s+(week|month|year)\b", re.I), "last"),
    (re.compile(r"\b(?:this|current)\s+(week|month|year)\b|\bearlier this (week|month|year)\b", re.I), "this"),
    (re.compile(r"\b(?:next|coming)\s+(week|month|year)\b", re.I), "next"),
    (re.compile(r"\b(yesterday|today|tonight|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
                re.I), "day"),
    (re.compile(r"\b(?:the )?(following|next|previous|preceding) year\b", re.I), "year-step"),
    (re.compile(r"\b(?:on )?the same day\b", re.I), "same-day"),
    (re.compile(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(day|week|month|year)s?\s+ago\b",
                re.I), "ago"),
    # "last November", "in May", "on April 14", "mid-July", "early 2020" handled below
]
_YEARLESS = re.compile(r"\b(?:(last|this|next)\s+|(?:in|on|since|by|until|from|mid-|early|late)\s*-?\s*)?"
                       + _MONTH_WORD + r"(?:\s+([0-3]?\d)(?:st|nd|rd|th)?)?\b(?!,?\s+(?:1[89]|20)\d\d)")


def yearless_days(text: str) -> list[tuple[int, int, int]]:
    """(offset, month, day) of each day named without a year ("on April 12"), not counting those
    placed by "last", "this" or "next"."""
    found = []
    for match in _YEARLESS.finditer(text):
        if match.group(1) or not match.group(3):
            continue
        month, day = month_number(match.group(2)), int(match.group(3))
        if month and 1 <= day <= 31:
            found.append((match.start(2), month, day))
    return found


_DATE_FREE = re.compile(r"\b(?:1[89]|20)\d\d\b")
FUTURE = re.compile(r"\b(will|would|shall|plans?|planned|scheduled|expected|intends?|next|upcoming)\b", re.I)


@dataclass(frozen=True)
class ResolvedDate:
    value: str
    precision: str
    method: str  # explicit, since (the start of a lasting state), relative, publication


_YARDSTICK = re.compile(r"\b(?:(?:first|last|only)\s+time|\w+est\b(?:\s+\w+){0,3})\s+since\s+"
                        r"(?:(?:early|late|mid-?)\s*)?$", re.I)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}


def resolve_in_sentence(text: str, anchor: str | None, previous: ResolvedDate | None = None) -> ResolvedDate | None:
    """The date a sentence gives its events: explicit first, then relative to `anchor`
    (the publication date, YYYY[-MM[-DD]]); `previous` is the last date the article gave."""
    # "the first time since 1989 that ...", "the deadliest attack since 2004": a yardstick, not a date of it
    explicit = [d for d in find_dates(text) if not _YARDSTICK.search(text[max(0, d.start - 80):d.start])]
    if explicit:
        best = max(explicit, key=lambda d: ({"day": 3, "month": 2, "year": 1}[d.precision], -d.start))
        # "outlawed since 2003": the start of a state that lasts to the time of writing
        method = "since" if re.search(r"\bsince\s+(?:(?:early|late|mid-?)\s*)?$", text[:best.start], re.I) \
            else "explicit"
        if best.precision != "year" or not anchor:
            return ResolvedDate(best.iso, best.precision, method)
        # "On July 7 ... as per a 2013 resolution": a day without a year beats a bare year
        relative = resolve_in_sentence(_DATE_FREE.sub(" ", text), anchor, previous) if _YEARLESS.search(text) else None
        if relative and relative.precision != "year":
            return relative
        return ResolvedDate(best.iso, best.precision, method)
    if not anchor:
        return None
    parts = [int(p) for p in anchor.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    for pattern, kind in _RELATIVE:
        match = pattern.search(text)
        if not match:
            continue
        unit = next((g.lower() for g in match.groups() if g), "")
        if kind == "ago":  # "a year ago", "three weeks ago": counted back from the time of writing
            count = NUMBER_WORDS.get(match.group(1).lower()) or int(match.group(1))
            unit = match.group(2).lower()
            if unit == "year":
                return ResolvedDate(str(year - count), "year", "relative")
            if unit == "month" and month:
                y, m = _shift_month(year, month, -count)
                return ResolvedDate(iso(y, m), "month", "relative")
            if month and day:  # "three weeks ago" is only as sure as its month
                back = date.fromordinal(date(year, month, day).toordinal() - count * (7 if unit == "week" else 1))
                return ResolvedDate(back.isoformat(), "day", "relative") if unit == "day" else \
                    ResolvedDate(back.isoformat()[:7], "month", "relative")
            continue
        if kind == "same-day" and previous:
            return ResolvedDate(previous.value, previous.precision, "relative")
        if kind == "year-step" and previous:
            step = 1 if unit in {"following", "next"} else -1
            return ResolvedDate(str(int(previous.value[:4]) + step), "year", "relative")
        if kind in {"last", "this", "next"}:
            delta = {"last": -1, "this": 0, "next": 1}[kind]
            if unit == "year":
                return ResolvedDate(str(year + delta), "year", "relative")
            if month and unit == "month":
                y, m = _shift_month(year, month, delta)
                return ResolvedDate(iso(y, m), "month", "relative")
            if month and unit == "week":
                return ResolvedDate(iso(year, month, day) if day and delta == 0 else iso(year, month), "day" if day and delta == 0 else "month", "relative")
        if kind == "day" and month:
            if not day:
                return ResolvedDate(iso(year, month), "month", "relative")
            anchor_day = date(year, month, day)
            word = unit.split()[-1]
            weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            if word in weekdays:  # the most recent such weekday, on or before publication
                back = (anchor_day.weekday() - weekdays.index(word)) % 7
                anchor_day = date.fromordinal(anchor_day.toordinal() - back)
            elif word == "yesterday":
                anchor_day = date.fromordinal(anchor_day.toordinal() - 1)
            return ResolvedDate(anchor_day.isoformat(), "day", "relative")
    for match in _YEARLESS.finditer(text):
        target_month = month_number(match.group(2))
        if target_month is None or (match.group(2) == "May" and not match.group(1)
                                    and not re.search(r"(in|on|since|by|until|from|mid-|early|late)\s*-?\s*May$",
                                                      text[: match.end(2)])):
            continue  # "may" the verb
        qualifier = (match.group(1) or "").lower()
        if not month:
            target_year = year
        elif qualifier == "last":
            target_year = year if target_month < month else year - 1
        elif qualifier == "next" or (not qualifier and FUTURE.search(text[max(0, match.start() - 60): match.start()])):
            target_year = year if target_month > month else year + 1
        else:  # "in May": the most recent May, unless the sentence looks ahead
            target_year = year if target_month <= month else year - 1
        day_value = int(match.group(3)) if match.group(3) else None
        if not _valid(target_year, target_month, day_value):
            day_value = None
        # "since late September": the start of something that lasts, as "since 2003" is
        method = "since" if re.search(r"\bsince\s+(?:(?:early|late|mid-?)\s*-?\s*)?$", text[:match.start(2)], re.I) \
            else "relative"
        return ResolvedDate(iso(target_year, target_month, day_value), "day" if day_value else "month", method)
    return None
