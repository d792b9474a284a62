"""Time against input size for one run-on sentence with no full stop (12.5k, 25k, 50k characters):
parse, extraction and records. Doubling the length should about double the time; a quadratic step
would quadruple it. Writes benchmarks/results/long-input-<date>.json and prints a table.

    python benchmarks/bench_long_input.py

Target (issue 7): time(50k) / time(25k) <= 2.5.
"""
from __future__ import annotations

import json
import random
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

from realpolitik.config import Settings
from realpolitik.core import doc_records, prepare
from realpolitik.ingest.clean import default_cleaner
from realpolitik.nlp.pipeline import build_pipeline
from realpolitik.records import RawArticle
from realpolitik.resolve.registry import load_registry

HERE = Path(__file__).resolve().parent
WORDS = ("Russian and Tajik officials said on Monday that Taliban envoys met border guards near Kunduz while "
         "the CSTO sent 3,000 troops and Kazakhstan accused Uzbekistan of delays, according to Kabulov").split()


def run_on(chars: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    words, length = [], 0
    while length < chars:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return "Run-on report\n\n" + " ".join(words)


def main() -> int:
    registry = load_registry()
    nlp = build_pipeline(Settings().model, registry)
    cleaner = default_cleaner()
    rows = []
    for chars in (12_500, 25_000, 50_000):
        document = prepare(RawArticle(text=run_on(chars), source=f"run-on-{chars}"), cleaner)
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            doc_records(document, nlp(document.text), registry)
            timings.append(time.perf_counter() - start)
        rows.append({"characters": chars, "seconds": round(statistics.median(timings), 2)})
    ratio = round(rows[2]["seconds"] / rows[1]["seconds"], 2)
    result = {"benchmark": "long-input", "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "runs": rows, "ratio_50k_to_25k": ratio, "target_ratio": 2.5}
    out = HERE / "results" / f"long-input-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{'characters':>10} {'seconds':>8}")
    for row in rows:
        print(f"{row['characters']:>10} {row['seconds']:>8}")
    print(f"50k / 25k: {ratio}x (target <= 2.5x); written to {out.relative_to(HERE.parent)}")
    return 0 if ratio <= 2.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
