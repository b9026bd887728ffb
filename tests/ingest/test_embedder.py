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


QUESTIONS = ["洪泽区政府2023年收到多少政府信息公开申请？", "上海市科委的联系电话是多少？",
             "How do I apply for government information?", "依申请公开" * 150]  # the last one is truncated


def test_questions_go_through_onnx_with_the_same_vectors_as_torch(embedder):
    from ingest.embedder import QUERY_PREFIX

    assert embedder.query_backend == "onnx"  # govqa setup exported onnx/encoder.onnx
    fast = np.asarray(embedder.embed_queries(QUESTIONS))
    reference = embedder._model.encode([QUERY_PREFIX + q for q in QUESTIONS], normalize_embeddings=True)
    assert fast.shape == reference.shape
    assert (fast * reference).sum(axis=1).min() > 0.99999
    # a passage is not a question: the prefix, and so the vector, differ
    passage = np.asarray(embedder.embed_passages(QUESTIONS[:1])[0])
    assert float(passage @ fast[0]) < 0.999


def test_torch_backend_when_asked_or_when_the_export_is_missing(embedder, tmp_path):
    import shutil

    from ingest.embedder import Embedder
    from ingest.onnx_query import ONNX_FILE

    torch_only = Embedder(embedder.model_path, query_backend="torch")
    assert torch_only.query_backend == "torch"
    folder = tmp_path / "model"
    shutil.copytree(embedder.model_path, folder, ignore=shutil.ignore_patterns(ONNX_FILE.parent.name))
    assert Embedder(folder).query_backend == "torch"
    a, b = torch_only.embed_queries(QUESTIONS[:2]), embedder.embed_queries(QUESTIONS[:2])
    assert min(float(np.dot(x, y)) for x, y in zip(a, b)) > 0.99999
