"""Soak benchmark: many clients for many minutes against one `govqa serve`.

    python -m eval.bench_soak [--clients 50] [--minutes 10] [--warmup 1] [--home DIR] [--json]

Starts the real service (eval/_server.py: `govqa ingest` of the bundled sample
and the corpus reports, then `govqa serve` on a free loopback port, GOVQA_HOME
in a temporary folder unless ``--home``, the ask rate limit off), then N
concurrent clients (httpx async, one keep-alive connection each) ask dev
questions (eval/gold/dev.jsonl, shuffled with a fixed seed) back to back; each
client is a user who keeps one session for a few questions, then starts
another. Prints per minute: requests served, errors (any non-200, timeout,
reply without an answer), p50/p95 latency, and the service's RSS (psutil on
the server's pid, sampled every 5 s: the minute's last sample and its max).

Target (issue #8): 0 errors, and RSS at the end within 10 % of RSS at the end
of the warm-up (default the first minute). Exit status 1 when missed.
Client and server share the machine's cores: the latencies include that.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eval._server import CORPUS, running_service  # noqa: E402
from eval.run import load_gold
from eval.scoring import percentile

DEV = Path(__file__).parent / "gold" / "dev.jsonl"
QUESTIONS_PER_SESSION = 5
RSS_GROWTH_TARGET = 0.10
SAMPLE_EVERY_S = 5.0


def load_questions(path: Path) -> list[str]:
    return [g["question"] for g in load_gold([path]) if str(g.get("question", "")).strip()]


class Minutes:
    """Per-minute buckets of latencies, errors and RSS samples."""

    def __init__(self, t0: float):
        self.t0 = t0
        self.latencies: dict[int, list[float]] = {}
        self.errors: dict[int, dict[str, int]] = {}
        self.rss: dict[int, list[int]] = {}

    def minute(self, t: float) -> int:
        return int((t - self.t0) // 60)

    def ok(self, t: float, ms: float) -> None:
        self.latencies.setdefault(self.minute(t), []).append(ms)

    def error(self, t: float, kind: str) -> None:
        bucket = self.errors.setdefault(self.minute(t), {})
        bucket[kind] = bucket.get(kind, 0) + 1

    def rows(self, minutes: int) -> list[dict]:
        out = []
        for m in range(minutes):
            lat = self.latencies.get(m, [])
            errs = self.errors.get(m, {})
            rss = self.rss.get(m, [])
            out.append({"minute": m + 1, "served": len(lat), "errors": sum(errs.values()), "error_kinds": errs,
                        "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
                        "rss_mb": round(rss[-1] / 2**20, 1) if rss else None,
                        "rss_max_mb": round(max(rss) / 2**20, 1) if rss else None})
        return out


async def _user(http: httpx.AsyncClient, questions: list[str], start: int, stop_at: float, rec: Minutes) -> None:
    i, session = start, None
    while time.monotonic() < stop_at:
        if (i - start) % QUESTIONS_PER_SESSION == 0:
            session = None  # a new user
        body = {"question": questions[i % len(questions)]}
        if session:
            body["session_id"] = session
        i += 1
        t0 = time.monotonic()
        try:
            r = await http.post("/v1/ask", json=body)
            data = r.json() if r.status_code == 200 else {}
            if r.status_code == 200 and isinstance(data.get("answer"), str) and data["answer"]:
                rec.ok(t0, (time.monotonic() - t0) * 1000)
                session = data.get("session_id") or session
            else:
                rec.error(t0, f"HTTP {r.status_code}")
        except (httpx.HTTPError, ValueError) as exc:
            rec.error(t0, type(exc).__name__)
            await asyncio.sleep(0.1)


async def _sample_rss(pid: int | None, stop_at: float, rec: Minutes) -> None:
    import psutil

    proc = psutil.Process(pid) if pid else None
    while time.monotonic() < stop_at:
        if proc is not None:
            try:
                rec.rss.setdefault(rec.minute(time.monotonic()), []).append(proc.memory_info().rss)
            except psutil.Error:
                pass
        await asyncio.sleep(SAMPLE_EVERY_S)


async def soak(url: str, pid: int | None, questions: list[str], clients: int, minutes: int, timeout: float,
               say) -> list[dict]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as http:
        await asyncio.gather(*(http.get("/healthz") for _ in range(clients)))
        t0 = time.monotonic()
        rec = Minutes(t0)
        stop_at = t0 + minutes * 60
        stride = max(1, len(questions) // clients)

        async def progress():
            for m in range(1, minutes + 1):
                await asyncio.sleep(max(0.0, t0 + m * 60 - time.monotonic()))
                row = rec.rows(m)[-1]
                say(f"minute {m}: {row['served']} served, {row['errors']} errors, p95 {row['p95_ms']:.0f} ms, "
                    f"RSS {row['rss_mb']} MB")

        await asyncio.gather(_sample_rss(pid, stop_at, rec), progress(),
                             *(_user(http, questions, c * stride, stop_at, rec) for c in range(clients)))
    return rec.rows(minutes)


def summary(rows: list[dict], warmup: int) -> dict:
    served, errors = sum(r["served"] for r in rows), sum(r["errors"] for r in rows)
    base = rows[warmup - 1]["rss_mb"] if 0 < warmup <= len(rows) else (rows[0]["rss_mb"] if rows else None)
    end = rows[-1]["rss_mb"] if rows else None
    peak = max((r["rss_max_mb"] for r in rows[warmup:] if r["rss_max_mb"] is not None), default=None)
    growth = (end - base) / base if base and end else None
    return {"served": served, "errors": errors, "rss_after_warmup_mb": base, "rss_end_mb": end,
            "rss_peak_after_warmup_mb": peak, "rss_growth": None if growth is None else round(growth, 4),
            "target_met": errors == 0 and growth is not None and growth <= RSS_GROWTH_TARGET}


def print_table(rows: list[dict], s: dict, meta: dict) -> None:
    print(f"soak: {meta['clients']} clients, {meta['minutes']} min, {meta['questions']} dev questions, "
          f"{meta['cpus']} CPUs, warm-up {meta['warmup']} min")
    print(f"{'minute':>6s} {'served':>7s} {'errors':>6s} {'req/s':>6s} {'p50 ms':>7s} {'p95 ms':>7s} "
          f"{'RSS MB':>7s} {'max MB':>7s}")
    for r in rows:
        print(f"{r['minute']:6d} {r['served']:7d} {r['errors']:6d} {r['served'] / 60:6.1f} {r['p50_ms']:7.0f} "
              f"{r['p95_ms']:7.0f} {r['rss_mb'] or 0:7.1f} {r['rss_max_mb'] or 0:7.1f}"
              + (f"  {r['error_kinds']}" if r["error_kinds"] else ""))
    growth = "n/a" if s["rss_growth"] is None else f"{s['rss_growth'] * 100:+.1f} %"
    print(f"total: {s['served']} served, {s['errors']} errors; RSS {s['rss_after_warmup_mb']} MB after warm-up → "
          f"{s['rss_end_mb']} MB at the end ({growth}; peak {s['rss_peak_after_warmup_mb']} MB)")
    print(f"target (0 errors, RSS growth ≤ {RSS_GROWTH_TARGET * 100:.0f} % after warm-up): "
          + ("met" if s["target_met"] else "MISSED"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--minutes", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1, help="minutes of warm-up before the RSS baseline (default 1)")
    ap.add_argument("--questions", type=Path, default=DEV)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of reports to ingest besides the sample")
    ap.add_argument("--home", type=Path, help="GOVQA_HOME to use (and keep); ingests only when it has no store")
    ap.add_argument("--url", help="soak a running service instead (with --pid for its RSS)")
    ap.add_argument("--pid", type=int, help="the running service's pid (with --url)")
    ap.add_argument("--timeout", type=float, default=60.0, help="per-request timeout in seconds")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if args.clients < 1 or args.minutes < 1 or not 0 <= args.warmup < args.minutes:
        print("error: --clients ≥ 1, --minutes ≥ 1, 0 ≤ --warmup < --minutes", file=sys.stderr)
        return 2
    questions = load_questions(args.questions)
    random.Random(args.seed).shuffle(questions)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    meta = {"clients": args.clients, "minutes": args.minutes, "warmup": args.warmup, "questions": len(questions),
            "cpus": os.cpu_count()}
    if args.url:
        rows = asyncio.run(soak(args.url.rstrip("/"), args.pid, questions, args.clients, args.minutes, args.timeout,
                                say))
    else:
        with running_service({"GOVQA_ASK_RATE_PER_MINUTE": "0"}, corpus=args.corpus, home=args.home) as svc:
            say(f"soaking {svc.url} (pid {svc.pid}) with {args.clients} clients for {args.minutes} min …")
            rows = asyncio.run(soak(svc.url, svc.pid, questions, args.clients, args.minutes, args.timeout, say))
    s = summary(rows, args.warmup)
    if args.json:
        print(json.dumps({"meta": meta, "minutes": rows, "summary": s}, ensure_ascii=False, indent=2))
    else:
        print_table(rows, s, meta)
    return 0 if s["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
