"""Questions embedded together by concurrent threads get the vectors they
would get alone; an error reaches every waiter."""

from __future__ import annotations

import threading

import numpy as np
import pytest


def test_concurrent_questions_batched_get_their_own_vectors(embedder):
    questions = [f"洪泽区{2000 + i}年收到多少政府信息公开申请？" for i in range(24)]
    alone = [np.array(embedder.embed_queries(["x", q])[1]) for q in questions]  # 2-item calls are not queued
    got: list = [None] * len(questions)
    start = threading.Barrier(len(questions))

    def ask(i):
        start.wait()
        got[i] = np.array(embedder.embed_query(questions[i]))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for a, b in zip(alone, got):
        assert float(a @ b) > 0.9999


def test_an_encoding_error_reaches_the_waiting_question(embedder, monkeypatch):
    def broken(texts, prefix, threads):
        raise RuntimeError("model failed")

    monkeypatch.setattr(embedder, "_encode_locked", broken)
    with pytest.raises(RuntimeError, match="model failed"):
        embedder.embed_query("任何问题")
    assert embedder._queue == []
