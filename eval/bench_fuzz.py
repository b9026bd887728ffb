"""Fuzz benchmark: the properties of the fuzz tests (tests/fuzzing.py), run
with many more cases than CI does.

    python -m eval.bench_fuzz [--cases 10000] [--seed 1] [--home DIR] [--json]

The parser gets random bytes, arbitrary Unicode, real reports in mixed
encodings, truncated tables, hostile numbers, HTML with multiplying spans,
damaged and malformed PDFs and 10 MB lines; ``POST /v1/ask`` (JSON and SSE),
``GET /v1/search`` and ``POST /wechat`` (plain and safe mode) get hostile
bodies, headers and query strings over real HTTP, against the real app and
service (the e5 model, an embedded Chroma store holding the bundled sample and
one corpus report; ``--home`` reuses a GOVQA_HOME that already has a store).

Every case either satisfies its property or is counted: ``crashes`` (the
property failed: a parser exception other than ReportError, a non-JSON error,
a 200 that is not an answer…), ``5xx`` (a response status of 500 or more) and
``unhandled`` (an exception that reached the app's or uvicorn's top level, read
from their logs). Exit status 1 when any of them is not zero.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests import fuzzing as F  # noqa: E402

# Share of --cases per property (PDFs are slow: capped separately).
SHARES = {"parser: hostile input": 0.30, "parser: mixed encodings": 0.10, "parser: truncated tables": 0.05,
          "parser: hostile numbers": 0.05, "parser: HTML tables": 0.05,
          "http: /v1/ask": 0.24, "http: /v1/search": 0.04, "http: /wechat": 0.17}
MAX_PDF_CASES = 150


class Tally:
    def __init__(self, name: str):
        self.name = name
        self.cases = 0
        self.outcomes: Counter = Counter()
        self.crashes = 0
        self.server_errors = 0
        self.unhandled = 0
        self.examples: list[str] = []
        self.seconds = 0.0

    def record(self, fn, *args) -> None:
        self.cases += 1
        try:
            self.outcomes[fn(*args)] += 1
        except AssertionError as exc:
            message = str(exc)
            if re.match(r"^5\d\d\b", message):
                self.server_errors += 1
            else:
                self.crashes += 1
            self._keep(f"{message[:200]} <- {_short(args)}")
        except Exception as exc:  # anything else escaped: a crash of the code under test
            self.crashes += 1
            self.unhandled += 1
            self._keep(f"{type(exc).__name__}: {str(exc)[:160]} <- {_short(args)}")

    def _keep(self, line: str) -> None:
        if len(self.examples) < 3:
            self.examples.append(line)

    def row(self) -> dict:
        return {"property": self.name, "cases": self.cases, "outcomes": dict(self.outcomes), "crashes": self.crashes,
                "5xx": self.server_errors, "unhandled": self.unhandled, "seconds": round(self.seconds, 1),
                "examples": self.examples}


def _short(args) -> str:
    parts = []
    for a in args:
        if hasattr(a, "post"):  # the HTTP client
            continue
        r = repr(a)
        parts.append(r[:120] + (f"…({len(r)} chars)" if len(r) > 120 else ""))
    return ", ".join(parts)


def run_property(tally: Tally, strategy, fn, n: int, seed_value: int, client=None) -> None:
    if n <= 0:
        return

    @seed(seed_value)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate], print_blob=False,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def _run(case):
        args = case if isinstance(case, tuple) else (case,)
        if client is not None:
            tally.record(fn, client, *args)
        else:
            tally.record(fn, *args)

    started = time.monotonic()
    _run()
    tally.seconds += time.monotonic() - started


def _service(home: Path | None):
    from bot.service import GovQAService
    from govqa.settings import Settings, get_settings

    temp = home is None
    home = Path(tempfile.mkdtemp(prefix="govqa-fuzz-")) if temp else home
    settings = Settings(home=home, model_dir=get_settings().resolved_model_dir, ask_rate_per_minute=0)
    service = GovQAService.from_settings(settings)
    if not service.reports():
        files = [F.SAMPLE] + sorted(F.CORPUS.glob("2023_huaian_hongze*.txt"))
        for f in files:
            service.ingest_file(f)
        print(f"ingested {len(files)} reports into {home}", file=sys.stderr, flush=True)
    return service, home


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000, help="cases over all properties (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--home", type=Path, default=None, help="reuse this GOVQA_HOME (ingest only when it is empty)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    import logging

    import httpx

    from api.main import create_app

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged PDFs make it chatty
    started = time.monotonic()
    service, home = _service(args.home)
    tallies: list[Tally] = []

    def tally(name: str) -> Tally:
        t = Tally(name)
        tallies.append(t)
        return t

    n = {k: int(args.cases * share) for k, share in SHARES.items()}
    fixed_cases = len(F.MALFORMED_PDFS) + len(F.hostile_lines())
    n_pdf = min(MAX_PDF_CASES, max(0, args.cases // 60)) if F.REPORT_PDFS else 0
    # whatever the rounding and the PDF cap leave goes to the fast parser property
    n["parser: hostile input"] += args.cases - sum(n.values()) - n_pdf - fixed_cases

    print(f"fuzzing {args.cases} cases (seed {args.seed}) …", file=sys.stderr, flush=True)
    # ---- the parser
    run_property(tally("parser: hostile input"), F.parser_inputs, F.parse_property, n["parser: hostile input"], args.seed)
    run_property(tally("parser: mixed encodings"), F.mixed_encoding_report(), F.parse_property,
                 n["parser: mixed encodings"], args.seed)
    run_property(tally("parser: truncated tables"), F.truncated_report(), F.parse_property,
                 n["parser: truncated tables"], args.seed)
    run_property(tally("parser: hostile numbers"), F.huge_numbers_report(), F.parse_property,
                 n["parser: hostile numbers"], args.seed)
    run_property(tally("parser: HTML tables"), F.html_report(), F.parse_property, n["parser: HTML tables"], args.seed)
    run_property(tally("parser: damaged PDFs"), F.mutated_pdf(), F.parse_property, n_pdf, args.seed)
    fixed = tally("parser: malformed PDFs, 10 MB lines")
    t0 = time.monotonic()
    for data in F.MALFORMED_PDFS.values():
        fixed.record(F.parse_property, "r.pdf", data)
    for name, (fname, data) in F.hostile_lines().items():
        t1 = time.monotonic()
        fixed.record(F.parse_property, fname, data)
        if time.monotonic() - t1 > 60:
            fixed.crashes += 1
            fixed._keep(f"{name}: {time.monotonic() - t1:.0f} s")
    fixed.seconds = time.monotonic() - t0
    print("parser done", file=sys.stderr, flush=True)

    # ---- HTTP, over the real app
    settings = F.fuzz_settings(home / "fuzz-app", base=service.settings)
    with F.LogCapture() as logs, F.ServerThread(create_app(settings, service), access_log=False) as server, \
            httpx.Client(base_url=server.url, timeout=60) as client:
        for name, strategy, fn in (("http: /v1/ask", F.ask_request(), F.ask_property),
                                   ("http: /v1/search", F.search_query, F.search_property),
                                   ("http: /wechat", F.wechat_request(), F.wechat_property)):
            t = tally(name)
            before = len(logs.unhandled())
            run_property(t, strategy, fn, n[name], args.seed, client=client)
            t.unhandled += len(logs.unhandled()) - before
            print(f"{name} done", file=sys.stderr, flush=True)
        unhandled_lines = logs.unhandled()

    rows = [t.row() for t in tallies]
    total = {"cases": sum(r["cases"] for r in rows), "crashes": sum(r["crashes"] for r in rows),
             "5xx": sum(r["5xx"] for r in rows), "unhandled": sum(r["unhandled"] for r in rows),
             "seconds": round(time.monotonic() - started, 1), "seed": args.seed}
    if args.json:
        print(json.dumps({"properties": rows, "total": total}, ensure_ascii=False, indent=2))
    else:
        print(f"{'property':38s} {'cases':>6s} {'crashes':>7s} {'5xx':>5s} {'unhandled':>9s} {'s':>6s}  outcomes")
        for r in rows:
            outcomes = ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items()))
            print(f"{r['property']:38s} {r['cases']:6d} {r['crashes']:7d} {r['5xx']:5d} {r['unhandled']:9d} "
                  f"{r['seconds']:6.1f}  {outcomes}")
            for e in r["examples"]:
                print(f"    e.g. {e}")
        print(f"{'total':38s} {total['cases']:6d} {total['crashes']:7d} {total['5xx']:5d} {total['unhandled']:9d} "
              f"{total['seconds']:6.1f}  (seed {args.seed})")
        for line in unhandled_lines[:3]:
            print("    server:", line[:300].replace("\n", " | "))
    return 1 if total["crashes"] or total["5xx"] or total["unhandled"] else 0


if __name__ == "__main__":
    sys.exit(main())
