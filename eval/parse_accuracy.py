"""Per-report cell accuracy of the parser over the corpus, against the values
written down by reading each report (tests/ingest/expected), with parse times
for the text files and the PDFs.

    python -m eval.parse_accuracy [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ingest.parser import parse_file

EXPECTED = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "expected"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    args = ap.parse_args()
    total_right = total = 0
    print(f"{'report':45} {'form':5} {'cells right/printed':>20} {'blank→0':>8} {'ms':>8}")
    for exp_path in sorted(EXPECTED.glob("20*.json")):
        exp = json.loads(exp_path.read_text(encoding="utf-8"))
        for src in (args.corpus / f"{exp_path.stem}.txt", args.corpus / "pdf" / f"{exp_path.stem}.pdf"):
            if not src.exists():
                continue
            t = time.perf_counter()
            got = parse_file(src)
            ms = (time.perf_counter() - t) * 1000
            right = sum(1 for k, v in exp["values"].items() if got.values.get(k) == v) + \
                sum(1 for k in exp["blank"] if k in got.blank)
            printed = len(exp["values"]) + len(exp["blank"])
            zero = sum(1 for k in exp["blank"] if got.values.get(k) == 0)
            total_right, total = total_right + right, total + printed
            print(f"{exp_path.stem:45} {src.suffix[1:]:5} {right:>9}/{printed:<10} {zero:>8} {ms:>8.1f}")
    print(f"overall {total_right}/{total} = {100 * total_right / max(total, 1):.2f} %")
    return 0 if total_right == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
