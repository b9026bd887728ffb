"""Questions embedded together by concurrent threads get the vectors they
would get alone; an error reaches every waiter."""

from __future__ import annotations

import threading
from pathlib import Path

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


def test_onnx_tokens_are_the_sentence_transformers_tokens(embedder):
    """The question path tokenises with SentencePiece alone; it must cut and
    pad exactly as the model's own tokenizer: over every line of the bundled
    sample, the corpus and the gold questions, odd characters, runs of
    whitespace, a trailing space, and truncation at 512."""
    import json

    from tests.conftest import CORPUS, SAMPLE

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for f in sorted(CORPUS.glob("*.txt")) if CORPUS.exists() else []:
        lines += f.read_text(encoding="utf-8", errors="replace").splitlines()
    gold = Path(__file__).resolve().parents[2] / "eval" / "gold"
    for f in sorted(gold.glob("*.jsonl")):
        lines += [json.loads(x)["question"] for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = ["query: " + x.strip()[:300] for x in lines if x.strip()]
    texts += ["query: " + q for q in QUESTIONS] + [
        "query: ", "query: Ｆｕｌｌ　ｗｉｄｔｈ ①② 😀 𠀀\t\n x", "query: a  b \u3000 c", "query: 有空格结尾 ",
        "query: 换行结尾\n", "query: ⅫⅣ ﬁ ㍻ ㈱ ﾊﾝｶｸ", "query: " + "政府信息公开申请" * 400]
    tokenizer = embedder._model.tokenizer
    for s in range(0, len(texts), 64):
        part = texts[s:s + 64]
        ids, mask = embedder._onnx.tokens(part)
        ref = tokenizer(part, padding=True, truncation=True, max_length=embedder.max_seq_length, return_tensors="np")
        assert ids.shape == ref["input_ids"].shape
        bad = [part[i] for i in range(len(part)) if (ids[i] != ref["input_ids"][i]).any()]
        assert not bad, bad[:3]
        assert (mask == ref["attention_mask"]).all()
    assert embedder._onnx.tokens(texts[-1:])[0].shape[1] == embedder.max_seq_length


def test_a_server_answers_questions_without_loading_torch(service, test_settings):
    """Questions need only ONNX Runtime: a process that opens the store and
    answers never imports torch or sentence-transformers (~700 MB resident)."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from bot.service import GovQAService\n"
        "svc = GovQAService.from_settings(__import__('govqa.settings').settings.get_settings())\n"
        "a = svc.ask('泉州台商投资区规划建设与交通运输局2020年新收政府信息公开申请多少件？')\n"
        "b = svc.ask('泉州台商投资区规划建设与交通运输局2020年政府信息公开工作存在哪些问题？')\n"
        "print(json.dumps({'answers': [a['answer'], b['answer']], 'citations': len(b['citations']),\n"
        "                  'loaded': [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]}))\n")
    env = {**os.environ, "GOVQA_HOME": str(test_settings.home), "GOVQA_MODEL_DIR": str(test_settings.resolved_model_dir)}
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["loaded"] == []
    # the same answers as this process gives (torch loaded here by ingest)
    assert got["answers"][0] == service.ask("泉州台商投资区规划建设与交通运输局2020年新收政府信息公开申请多少件？")["answer"]
    assert got["answers"][1] == service.ask("泉州台商投资区规划建设与交通运输局2020年政府信息公开工作存在哪些问题？")["answer"]
    assert got["citations"] >= 1
