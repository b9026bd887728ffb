"""The benchmark tools stay runnable: eval.bench_load's load loop and
eval.wechat_replay's WeChat simulator, briefly, against the real service."""

from __future__ import annotations

import asyncio

from eval.bench_load import DEV, load_questions, percentile, run_level


def test_percentile():
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([10.0], 95) == 10.0
    assert abs(percentile(list(range(101)), 95) - 95) < 1e-9


def test_bench_load_level_against_the_real_service(service_url):
    questions = load_questions(DEV)[:8]
    assert len(questions) == 8
    result = asyncio.run(run_level(service_url, questions, clients=2, seconds=1.0, pid=None, timeout=30))
    assert result["errors"] == 0, result["error_kinds"]
    assert result["ok"] >= 2 and result["rps"] > 0
    assert result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
