"""Load benchmark of ``POST /v1/ask``.

    python -m eval.bench_load [--seconds 30] [--clients 1,10,50] [--out bench.json]

Starts the real service (``govqa ingest`` of the bundled sample and the corpus
reports in ../shared/corpus, then ``govqa serve`` on a free loopback port, in
subprocesses, GOVQA_HOME in a temporary folder, the ask rate limit raised to
``--rate`` per minute), then, for each level, N concurrent clients (httpx
async, one keep-alive connection each) send dev questions (eval/gold/dev.jsonl,
shuffled with a fixed seed) back to back for ``--seconds``. Prints per level:
requests/s, p50/p95/p99/max latency, errors (any non-200, timeout or reply
without an answer), and the server's CPU use. ``--url`` drives a service that
is already running instead.

``--records-ab ROUNDS`` measures what the question log and the FAQ check cost (issue 16):
one store, the service started alternately without them (``GOVQA_RECORDS=0``) and with
them (``GOVQA_RECORDS=1``, ``--faq-entries`` entries published, made from holdout
questions so the dev questions measured are checked against them, not answered by them),
ROUNDS times each, in one run; prints p50/p95 per level and mode and the median added
p95 (target ≤ 2 ms).

Target (issue #6): 0 errors and p95 ≤ 300 ms at 10 clients on a 2-core machine.
Client and server share the machine's cores: the figures include that.

``--through nginx`` measures the deployment of docs/deploy.md instead: ``scripts/cluster.sh``
(PostgreSQL, ``chroma run``, two instances, nginx round-robin) over the same reports, the
clients sending to nginx; each level is run with nginx sending to one instance (the other
marked ``down``, nginx reloaded) and to both, alternately (``--rounds``), and the table puts
them side by side. Everything, the clients included, shares the one machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

import httpx

from eval._server import CORPUS, running_service
from eval.run import load_gold, write_json
from eval.scoring import percentile

DEV = Path(__file__).parent / "gold" / "dev.jsonl"
TARGET_CLIENTS, TARGET_P95_MS = 10, 300.0


def load_questions(path: Path) -> list[str]:
    return [g["question"] for g in load_gold([path]) if str(g.get("question", "")).strip()]


async def _client(http: httpx.AsyncClient, questions: list[str], start: int, stop_at: float,
                  latencies: list[float], errors: dict[str, int]) -> None:
    i = start
    while time.perf_counter() < stop_at:
        q = questions[i % len(questions)]
        i += 1
        t0 = time.perf_counter()
        try:
            r = await http.post("/v1/ask", json={"question": q})
            ok = r.status_code == 200 and isinstance(r.json().get("answer"), str)
            kind = None if ok else f"HTTP {r.status_code}"
        except (httpx.HTTPError, ValueError) as exc:
            kind = type(exc).__name__
        if kind is None:
            latencies.append((time.perf_counter() - t0) * 1000)
        else:
            errors[kind] = errors.get(kind, 0) + 1


def _cpu_seconds(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        import psutil

        p = psutil.Process(pid)
        total = sum(p.cpu_times()[:2])
        for child in p.children(recursive=True):
            total += sum(child.cpu_times()[:2])
        return total
    except Exception:  # noqa: BLE001 - optional figure
        return None


async def run_level(url: str, questions: list[str], clients: int, seconds: float, pid: int | None,
                    timeout: float) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as http:
        # Open the connections first so connection set-up is not in the figures.
        await asyncio.gather(*(http.get("/healthz") for _ in range(clients)))
        cpu0, load0 = _cpu_seconds(pid), os.getloadavg()[0]
        t0 = time.perf_counter()
        stride = max(1, len(questions) // clients)
        await asyncio.gather(*(_client(http, questions, c * stride, t0 + seconds, latencies, errors)
                               for c in range(clients)))
        elapsed = time.perf_counter() - t0
        cpu1 = _cpu_seconds(pid)
    n_err = sum(errors.values())
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(latencies) + n_err,
        "ok": len(latencies),
        "errors": n_err,
        "error_kinds": errors,
        "rps": round(len(latencies) / elapsed, 2),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "server_cpu_cores": round((cpu1 - cpu0) / elapsed, 2) if cpu0 is not None and cpu1 is not None else None,
        "loadavg_1m_before": round(load0, 2),
        "loadavg_1m_after": round(os.getloadavg()[0], 2),
    }


async def bench(url: str, questions: list[str], levels: list[int], seconds: float, warmup: float,
                pid: int | None, timeout: float, say) -> list[dict]:
    if warmup > 0:
        say(f"warm-up: {warmup:.0f} s at 2 clients (not counted)")
        await run_level(url, questions, 2, warmup, None, timeout)
    results = []
    for n in levels:
        say(f"{n} client(s) for {seconds:.0f} s …")
        results.append(await run_level(url, questions, n, seconds, pid, timeout))
    return results


def print_table(results: list[dict], meta: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"POST /v1/ask — {meta['questions']} dev questions, {meta['seconds']:.0f} s per level, "
                        f"{meta['cpus']} CPUs")
    for col in ("clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors",
                "server CPU (cores)", "load 1m"):
        table.add_column(col, justify="right")
    for r in results:
        p95 = f"{r['p95_ms']:.0f}"
        if r["clients"] == TARGET_CLIENTS:
            p95 = f"[{'green' if r['p95_ms'] <= TARGET_P95_MS else 'red'}]{p95}[/]"
        table.add_row(str(r["clients"]), str(r["requests"]), f"{r['rps']:.1f}", f"{r['p50_ms']:.0f}", p95,
                      f"{r['p99_ms']:.0f}", f"{r['max_ms']:.0f}" if r["max_ms"] is not None else "-",
                      f"[{'green' if not r['errors'] else 'red'}]{r['errors']}[/]",
                      "-" if r["server_cpu_cores"] is None else f"{r['server_cpu_cores']:.2f}",
                      f"{r['loadavg_1m_before']:.1f}→{r['loadavg_1m_after']:.1f}")
    console = Console(width=max(Console().width, 120))
    console.print(table)
    for r in results:
        if r["error_kinds"]:
            console.print(f"errors at {r['clients']} clients: {r['error_kinds']}")
    target = next((r for r in results if r["clients"] == TARGET_CLIENTS), None)
    if target:
        ok = target["errors"] == 0 and target["p95_ms"] <= TARGET_P95_MS
        console.print(f"target (0 errors, p95 ≤ {TARGET_P95_MS:.0f} ms at {TARGET_CLIENTS} clients): "
                      + ("[green]met[/]" if ok else "[red]missed[/]"))


HOLDOUT = Path(__file__).parent / "gold" / "holdout.jsonl"
ADMIN_KEY = "bench-admin-key"


def publish_faq(url: str, n: int, dev: set[str], say) -> int:
    """``n`` published FAQ entries: holdout questions (none of them a dev question) the
    service answers with citations, their answers and citations as they are."""
    made = 0
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    with httpx.Client(base_url=url, timeout=60) as http:
        if http.get("/v1/faq").json():
            return len(http.get("/v1/faq").json())  # published by an earlier round (same database)
        for q in load_questions(HOLDOUT):
            if made >= n:
                break
            if q in dev:
                continue
            got = http.post("/v1/ask", json={"question": q}).json()
            if got.get("refused") or not got.get("citations") or got.get("kind") == "clarify":
                continue
            r = http.post("/v1/faq", headers=headers, json={"question": q, "answer": got["answer"],
                                                            "citations": got["citations"], "status": "published"})
            made += r.status_code == 201
    say(f"published {made} FAQ entries")
    return made


def records_ab(args, questions: list[str], levels: list[int], meta: dict, say) -> int:
    import shutil
    import statistics
    import tempfile

    home = args.home or Path(tempfile.mkdtemp(prefix="govqa-bench-records-"))
    runs: list[dict] = []
    try:
        for rnd in range(args.records_ab):
            for mode in ("0", "1"):
                env = {"GOVQA_ASK_RATE_PER_MINUTE": str(args.rate), "GOVQA_RECORDS": mode,
                       "GOVQA_ADMIN_KEY": ADMIN_KEY}
                with running_service(env, corpus=args.corpus, home=home) as svc:
                    entries = publish_faq(svc.url, args.faq_entries, set(questions), say) if mode == "1" else 0
                    say(f"round {rnd + 1}, log and FAQ check {'on' if mode == '1' else 'off'}")
                    for r in asyncio.run(bench(svc.url, questions, levels, args.seconds, args.warmup, svc.pid,
                                               args.timeout, say)):
                        runs.append({"round": rnd + 1, "records": mode == "1", "faq_entries": entries, **r})
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)
    print(f"POST /v1/ask, {meta['questions']} dev questions, {args.seconds:.0f} s per level, {meta['cpus']} CPUs; "
          f"log and FAQ check off / on, alternated")
    print(f"{'round':>5} {'clients':>7} {'mode':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'load':>9}")
    for r in runs:
        print(f"{r['round']:>5} {r['clients']:>7} {'on' if r['records'] else 'off':>4} {r['rps']:>7.1f} "
              f"{r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} {r['errors']:>6} "
              f"{r['loadavg_1m_before']:>4.1f}→{r['loadavg_1m_after']:<4.1f}")
    summary = {}
    for n in levels:
        off = [r for r in runs if r["clients"] == n and not r["records"]]
        on = [r for r in runs if r["clients"] == n and r["records"]]
        added95 = statistics.median(b["p95_ms"] - a["p95_ms"] for a, b in zip(off, on))
        added50 = statistics.median(b["p50_ms"] - a["p50_ms"] for a, b in zip(off, on))
        summary[n] = {"added_p95_ms": round(added95, 1), "added_p50_ms": round(added50, 1)}
        print(f"{n} client(s): added p50 {added50:+.1f} ms, p95 {added95:+.1f} ms (median over rounds; "
              f"target p95 ≤ 2 ms)")
    if args.out:
        write_json(args.out, {"meta": {**meta, "records_ab": args.records_ab}, "runs": runs, "summary": summary})
        say(f"wrote {args.out}")
    return 0 if all(r["errors"] == 0 for r in runs) else 1


def through_nginx(args, questions: list[str], levels: list[int], meta: dict, say) -> int:
    """One instance vs two behind nginx, alternated (see the module docstring)."""
    from eval._server import running_cluster

    runs: list[dict] = []
    env = {"GOVQA_ASK_RATE_PER_MINUTE": str(args.rate)}
    with running_cluster(env, corpus=args.corpus, instances=2) as cluster:
        meta["reports"] = len(httpx.get(cluster.url + "/v1/reports", timeout=30).json())
        for rnd in range(args.rounds):
            for n in (1, 2):
                cluster.set_instances(n)
                say(f"round {rnd + 1}: nginx → {n} instance(s)")
                for r in asyncio.run(bench(cluster.url, questions, levels, args.seconds, args.warmup if rnd == 0
                                           else 0, None, args.timeout, say)):
                    runs.append({"round": rnd + 1, "instances": n, **r})
    print(f"POST /v1/ask through nginx, {meta['questions']} dev questions, {meta.get('reports')} reports, "
          f"{args.seconds:.0f} s per level, {meta['cpus']} CPUs (clients, nginx, PostgreSQL, Chroma and the "
          f"instances on the same machine)")
    print(f"{'round':>5} {'clients':>7} {'inst.':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'load':>9}")
    for r in runs:
        print(f"{r['round']:>5} {r['clients']:>7} {r['instances']:>5} {r['rps']:>7.1f} {r['p50_ms']:>7.1f} "
              f"{r['p95_ms']:>7.1f} {r['p99_ms']:>7.1f} {r['errors']:>6} "
              f"{r['loadavg_1m_before']:>4.1f}→{r['loadavg_1m_after']:<4.1f}")
    print("side by side (mean over rounds):")
    summary = {}
    for c in levels:
        row = {}
        for n in (1, 2):
            sel = [r for r in runs if r["clients"] == c and r["instances"] == n]
            row[n] = {"rps": round(sum(r["rps"] for r in sel) / len(sel), 1),
                      "p95_ms": round(sum(r["p95_ms"] for r in sel) / len(sel), 1)}
        summary[c] = row
        print(f"  {c:>3} client(s): one instance {row[1]['rps']:.1f} req/s, p95 {row[1]['p95_ms']:.0f} ms | "
              f"two instances {row[2]['rps']:.1f} req/s, p95 {row[2]['p95_ms']:.0f} ms")
    if args.out:
        write_json(args.out, {"meta": {**meta, "through": "nginx"}, "runs": runs, "summary": summary})
        say(f"wrote {args.out}")
    return 0 if all(r["errors"] == 0 for r in runs) else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=30.0, help="duration of each level (default 30)")
    ap.add_argument("--clients", default="1,10,50", help="comma-separated concurrency levels (default 1,10,50)")
    ap.add_argument("--out", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--questions", type=Path, default=DEV)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of reports to ingest besides the sample")
    ap.add_argument("--url", help="benchmark a running service instead of starting one")
    ap.add_argument("--home", type=Path, help="GOVQA_HOME to use (and keep); ingests only when it has no store")
    ap.add_argument("--rate", type=int, default=1_000_000, help="GOVQA_ASK_RATE_PER_MINUTE for the started service")
    ap.add_argument("--warmup", type=float, default=5.0, help="seconds of uncounted warm-up (default 5)")
    ap.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--through", choices=["nginx"], help="drive scripts/cluster.sh's nginx: one vs two instances")
    ap.add_argument("--rounds", type=int, default=2, help="with --through: alternations of one and two instances")
    ap.add_argument("--records-ab", type=int, default=0, metavar="ROUNDS",
                    help="alternate the service without and with the question log and FAQ check, ROUNDS times")
    ap.add_argument("--faq-entries", type=int, default=10, help="published FAQ entries in --records-ab (default 10)")
    args = ap.parse_args(argv)
    try:
        levels = [int(x) for x in args.clients.split(",") if x.strip()]
        assert levels and all(n > 0 for n in levels)
    except (ValueError, AssertionError):
        print("error: --clients takes positive integers, e.g. 1,10,50", file=sys.stderr)
        return 2
    if not args.questions.is_file():
        print(f"error: no such file: {args.questions}", file=sys.stderr)
        return 2
    questions = load_questions(args.questions)
    random.Random(args.seed).shuffle(questions)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    meta = {"questions": len(questions), "seconds": args.seconds, "cpus": os.cpu_count(), "levels": levels}
    if args.records_ab:
        return records_ab(args, questions, levels, meta, say)
    if args.through:
        return through_nginx(args, questions, levels, meta, say)
    if args.url:
        results = asyncio.run(bench(args.url.rstrip("/"), questions, levels, args.seconds, args.warmup, None,
                                    args.timeout, say))
        meta["url"] = args.url
    else:
        env = {"GOVQA_ASK_RATE_PER_MINUTE": str(args.rate)}
        with running_service(env, corpus=args.corpus, home=args.home) as svc:
            meta["reports"] = len(httpx.get(svc.url + "/v1/reports", timeout=30).json())
            results = asyncio.run(bench(svc.url, questions, levels, args.seconds, args.warmup, svc.pid,
                                        args.timeout, say))
    print_table(results, meta)
    if args.out:
        write_json(args.out, {"meta": meta, "levels": results})
        say(f"wrote {args.out}")
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
