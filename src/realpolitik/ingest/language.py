"""Language identification of clean text (langdetect, seeded so the answer never varies)."""
from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0


def detect_language(text: str) -> str | None:
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    try:
        return detect(sample)
    except LangDetectException:
        return None
