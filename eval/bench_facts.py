"""Facts benchmark: ``python -m eval.bench_facts [--n 10000] [--queries 200] [--out FILE.json]``.

What ``GET /v1/facts`` and questions over many reports cost at portal scale. It
makes N synthetic reports from the parsed corpus reports (agency renamed
合成…, every printed number redrawn at random, blanks and findings kept as
parsed), adds them to a real FactsIndex (SQLite in a temporary folder) and
measures, warm:

- one key across the store (``FactsIndex.query``, what ``/v1/facts`` runs);
- a whole-store aggregate answer ("各机关新收申请排名": ``bot.aggregate.answer``);
- the baseline in the same run: the same key read the way the store holds a
  report's facts (its packed JSON commit document, decoded report by report),
  which is what an aggregate without the index would have to do.

It prints p50/p95 and the ratio to the baseline, the time to build the index
(once; later only reports added or replaced since are read) and its size on disk.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
KEYS = ["requests.new.total", "requests.granted.total", "appeals.review.total", "requests.denied.third_party.total",
        "requests.carried_forward.total"]


def _seeds():
    from ingest.parser import parse_file

    return [parse_file(f) for f in sorted(CORPUS.glob("20*.txt"))]


def synthetic(seeds, n: int, rng: random.Random):
    from ingest.report import ParsedReport

    for i in range(n):
        seed = seeds[i % len(seeds)]
        d = seed.to_dict()
        agency = f"合成{i:05d}市人民政府"
        d.update(report_id=f"{seed.year}-{agency}", agency=agency, title=d["title"].replace(seed.agency, agency),
                 values={k: rng.randint(0, 500) for k in seed.values}, identity={}, agency_variants=[])
        yield ParsedReport.from_dict(d)


def _pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def run(n: int, queries: int, seed: int = 11) -> dict:
    from bot import aggregate as AG
    from bot.facts import FactsIndex
    from bot.understand import AgencyIndex, parse_question
    from ingest.store import _facts_document, _facts_from_document

    rng = random.Random(seed)
    seeds = _seeds()
    with tempfile.TemporaryDirectory(prefix="govqa-bench-facts-") as tmp:
        path = Path(tmp) / "facts.sqlite3"
        idx = FactsIndex(path)
        docs, metas = [], []
        t = time.perf_counter()
        batch = []
        for r in synthetic(seeds, n, rng):
            batch.append((r, "g1"))
            if len(batch) == 200:  # as FactsIndex.sync adds a store's reports
                idx.add_many(batch)
                batch = []
            docs.append(_facts_document(r))
            metas.append({"report_id": r.report_id, "agency": r.agency, "year": r.year, "template": r.template})
        idx.add_many(batch)
        build_s = time.perf_counter() - t
        size_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6

        one_key = []
        for i in range(queries):
            t = time.perf_counter()
            rows = idx.query(KEYS[i % len(KEYS)])
            one_key.append((time.perf_counter() - t) * 1000)
        assert len(rows) == n

        qn = parse_question("各机关新收申请排名", AgencyIndex([]))
        ask = AG.detect(qn.text, qn)
        scope = AG.Scope([m["agency"] for m in metas], [], "库中各机关")
        agg = []
        for _ in range(max(5, queries // 10)):
            t = time.perf_counter()
            got = AG.answer(qn.text, qn, ask, scope, metas, idx)
            agg.append((time.perf_counter() - t) * 1000)
        assert got["table"]["rows"] and len(got["table"]["rows"]) == n

        # baseline: the same key read from each report's stored facts document
        base = []
        for i in range(3):
            t = time.perf_counter()
            vals = [_facts_from_document(d).values.get(KEYS[i % len(KEYS)]) for d in docs]
            base.append((time.perf_counter() - t) * 1000)
        assert len(vals) == n
    return {"n": n, "build_s": round(build_s, 1), "index_mb": round(size_mb, 1),
            "one_key_p50_ms": round(statistics.median(one_key), 1), "one_key_p95_ms": round(_pct(one_key, 95), 1),
            "aggregate_p50_ms": round(statistics.median(agg), 1), "aggregate_p95_ms": round(_pct(agg, 95), 1),
            "baseline_per_report_decode_p50_ms": round(statistics.median(base), 1),
            "ratio_baseline_to_index_one_key": round(statistics.median(base) / statistics.median(one_key), 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_facts", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    r = run(a.n, a.queries)
    for k, v in r.items():
        print(f"{k:40s} {v}")
    print(f"targets: one key p95 ≤ 200 ms ({'met' if r['one_key_p95_ms'] <= 200 else 'NOT met'}), "
          f"whole-store aggregate p95 ≤ 300 ms ({'met' if r['aggregate_p95_ms'] <= 300 else 'NOT met'})")
    if a.out:
        a.out.write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
