"""FAQ matcher benchmark: ``python -m eval.bench_faq [--pairs FILE] [--out FILE.json]``.

Scores ``bot.faq_match`` on a paraphrase set (eval/gold/faq_pairs.jsonl: an
entry's question, a citizen's question, same or not; written by a helper who
never read the matcher). For each threshold it prints precision and recall of
"same" and marks the lowest threshold with precision ≥ 0.98 (the issue's
target); beside it the same curve for e5 similarity alone (no understanding
check), the baseline the signature check must beat.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

PAIRS = Path(__file__).parent / "gold" / "faq_pairs.jsonl"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TARGET_PRECISION = 0.98


def _index():
    """The six corpus reports' agencies, and each one's newest report year."""
    from bot.understand import AgencyIndex
    from ingest.parser import parse_file

    reports = [parse_file(f) for f in sorted(CORPUS.glob("20*.txt"))]
    latest: dict[str, int] = {}
    for r in reports:
        latest[r.agency] = max(latest.get(r.agency, 0), r.year)
    return AgencyIndex([r.agency for r in reports]), latest


def curve(scored: list[tuple[bool, bool, float]], use_signature: bool) -> list[dict]:
    out = []
    for th in [x / 100 for x in range(80, 100)]:
        tp = sum(1 for same, sig, cos in scored if (sig or not use_signature) and cos >= th and same)
        fp = sum(1 for same, sig, cos in scored if (sig or not use_signature) and cos >= th and not same)
        pos = sum(1 for same, _, _ in scored if same)
        out.append({"threshold": th, "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / pos if pos else 0,
                    "tp": tp, "fp": fp})
    return out


def run(pairs_path: Path) -> dict:
    from bot.faq_match import FaqMatcher, normalise
    from govqa.settings import get_settings
    from ingest.embedder import load_embedder

    from bot.service import _normalise  # what ask() does to every question first (24年, 申請, ２０２４)

    pairs = [json.loads(line) for line in pairs_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [{**p, "question": _normalise(p["question"]), "entry": _normalise(p["entry"])} for p in pairs]
    matcher = FaqMatcher(load_embedder(get_settings()))
    index, latest = _index()
    scored = []
    for p in pairs:
        if normalise(p["question"]) == normalise(p["entry"]):
            scored.append((p["same"], True, 1.0))
            continue
        sig, cos = matcher.score(p["question"], p["entry"], index, latest)
        scored.append((p["same"], sig, cos))
    with_sig, e5_only = curve(scored, True), curve(scored, False)
    pick = next((r for r in with_sig if r["precision"] >= TARGET_PRECISION), None)
    pick_e5 = next((r for r in e5_only if r["precision"] >= TARGET_PRECISION), None)
    return {"pairs": len(pairs), "same": sum(1 for p in pairs if p["same"]),
            "signature_agrees_on_same": sum(1 for s, g, _ in scored if s and g),
            "signature_agrees_on_different": sum(1 for s, g, _ in scored if not s and g),
            "chosen": pick, "e5_only_at_target": pick_e5, "curve": with_sig, "curve_e5_only": e5_only}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_faq", description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    r = run(a.pairs)
    print(f"{r['pairs']} pairs, {r['same']} same; the understanding agrees on {r['signature_agrees_on_same']} of the "
          f"same and on {r['signature_agrees_on_different']} of the different")
    print("threshold  precision  recall   | e5 alone: precision  recall")
    for a_, b_ in zip(r["curve"], r["curve_e5_only"]):
        print(f"  {a_['threshold']:.2f}     {a_['precision']:.3f}     {a_['recall']:.3f}   |            "
              f"{b_['precision']:.3f}     {b_['recall']:.3f}")
    print(f"chosen (lowest threshold with precision ≥ {TARGET_PRECISION}): {r['chosen']}")
    print(f"e5 alone at that precision: {r['e5_only_at_target']}")
    if a.out:
        a.out.write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
