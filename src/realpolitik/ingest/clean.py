"""Clean text: boilerplate removed by data-driven patterns, whitespace and invisible characters normalised.

The clean text is what every character span in the store points into, so cleaning is deterministic
and done once, before the document id is computed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.errors import RegistryError

# Zero-width and bidirectional control characters: invisible, and they break matching.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# An accent or a prime typed for an apostrophe ("Mexico´s", "Kyiv`s"): read as one, or the possessive is lost.
ACCENT_APOSTROPHE = re.compile("(?<=[^\\W\\d_])[\u00b4`\u2032](?=[^\\W\\d_])")


@dataclass
class CleanResult:
    text: str
    author: str | None = None
    removed: list[str] = field(default_factory=list)


class Cleaner:
    def __init__(self, patterns_file: Path = DATA_DIR / "boilerplate.yaml"):
        try:
            spec = load_yaml(patterns_file.read_text(encoding="utf-8")) or {}
            self.drop = [re.compile(p, re.IGNORECASE) for p in spec.get("drop_lines", [])]
            self.suffixes = [re.compile(p, re.IGNORECASE) for p in spec.get("strip_suffixes", [])]
            self.bylines = [re.compile(p) for p in spec.get("bylines", [])]
        except (OSError, yaml.YAMLError, re.error) as error:
            raise RegistryError(f"bad boilerplate patterns: {error}", path=str(patterns_file)) from None

    def clean(self, text: str) -> CleanResult:
        text = unicodedata.normalize("NFC", text)
        text = INVISIBLE.sub("", text)
        text = ACCENT_APOSTROPHE.sub("\u2019", text)
        text = CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
        kept: list[str] = []
        seen: set[str] = set()
        removed: list[str] = []
        author = None
        for raw_line in text.split("\n"):
            line = re.sub(r"[ \t\u00a0]+", " ", raw_line).strip()
            if not line:
                continue
            if any(p.search(line) for p in self.drop):
                removed.append(line)
                continue
            byline = next((m for p in self.bylines if (m := p.match(line))), None)
            if byline and len(line) < 80:
                author = author or byline.group("author")
                removed.append(line)
                continue
            for pattern in self.suffixes:
                stripped = pattern.sub("", line)
                if stripped != line and stripped.strip():
                    removed.append(line[len(stripped):].strip())
                    line = stripped.rstrip()
            # A pull quote repeats a paragraph or sentence already printed: keep the first copy only.
            if line in seen or self._is_pull_quote(line, kept):
                removed.append(line)
                continue
            seen.add(line)
            kept.append(line)
        return CleanResult(text="\n\n".join(kept), author=author, removed=removed)


    @staticmethod
    def _is_pull_quote(line: str, kept: list[str]) -> bool:
        # Pull quotes are lightly edited ("it" -> "the Kremlin"), so compare loosely, and only
        # sentence-length lines: a short heading may legitimately reuse words of the text.
        if not 40 <= len(line) <= 300:
            return False
        folded = line.lower()
        return any(fuzz.partial_ratio(folded, earlier.lower()) >= 90 for earlier in kept if len(earlier) > len(line))


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    return Cleaner()
