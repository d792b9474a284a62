"""When an article was published: from metadata, else a dateline, else an explicit
"published on" marker, else inferred from the latest date the article itself mentions."""
from __future__ import annotations

import re

from realpolitik.dates import FUTURE, FoundDate, find_dates, parse_iso_like, yearless_days
from realpolitik.records import PublicationDate
from realpolitik.resolve.incidents import default_incidents

MARKER = re.compile(r"\b(published|posted|updated|first published)\b(\s+on)?\s*:?\s*$", re.IGNORECASE)
# What may surround a date on a dateline: a weekday, a place name and a dash, a time.
DATELINE_NOISE = re.compile(
    r"(?i)^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?|"
    r"\s*(?:\d{1,2}[:.]\d{2}\s*(?:am|pm|gmt|utc|msk)?)?\W*$"
)


def from_metadata(value: str | None) -> PublicationDate | None:
    if not value:
        return None
    parsed = parse_iso_like(value)
    if parsed is None:
        return None
    return PublicationDate(parsed[0], parsed[1], "metadata")


def _dateline(lines: list[str]) -> FoundDate | None:
    for line in lines[:5]:
        for found in find_dates(line):
            if found.precision == "year":
                continue
            before, after = line[: found.start], line[found.end:]
            # the whole line is a date, or "PLACE, date -" / "PLACE (Agency) date:" opens the line
            if not DATELINE_NOISE.sub("", before + "|" + after).strip("|").strip():
                return found
            if re.fullmatch(r"[A-Z][A-Za-z .'()-]{1,40},?\s*", before) and re.match(r"\s*[-–—:(]", after):
                return found
    return None


def infer(text: str, incidents=None) -> PublicationDate:
    """`incidents`: the incident index to read named incidents with (default: the bundled ones)."""
    lines = [line for line in text.split("\n") if line.strip()]
    found = _dateline(lines)
    if found:
        return PublicationDate(found.iso, found.precision, "dateline")
    dates = find_dates(text)
    for candidate in dates:
        if candidate.precision != "year" and MARKER.search(text[max(0, candidate.start - 40): candidate.start]):
            return PublicationDate(candidate.iso, candidate.precision, "explicit")
    # A named incident ("the Beslan siege") is a date too: the article was written after it.
    dates += [FoundDate(m.start, m.end, *(int(part) for part in m.incident.date.split("-")))
              for m in (incidents or default_incidents()).find(text) if m.real]
    if dates:
        latest = _later_day_in_year(text, max(dates, key=FoundDate.sort_key))
        # The article was written on or after the latest date it mentions; a day would claim too much.
        value = latest.iso[:7] if latest.month else latest.iso
        return PublicationDate(value, "month" if latest.month else "year", "latest-mentioned")
    return PublicationDate(None, None, "none")


def _later_day_in_year(text: str, latest: FoundDate) -> FoundDate:
    """Days given without a year ("on April 12") that fall after the latest dated mention in its
    year were, read in that year, also in the past when the article was written (unless the
    sentence looks ahead)."""
    if not latest.month:
        return latest
    best = latest
    for start, month, day in yearless_days(text):
        if FUTURE.search(text[max(0, start - 60): start]):
            continue
        candidate = FoundDate(start, start, latest.year, month, day)
        if candidate.sort_key() > best.sort_key():
            best = candidate
    return best


def publication_date(metadata_value: str | None, text: str, incidents=None) -> PublicationDate:
    return from_metadata(metadata_value) or infer(text, incidents)
