"""The retriever's inverted-index BM25 gives rank_bm25's BM25Okapi scores and
order exactly (it replaced it for speed at scale: eval/bench_scale.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from bot.retriever import SparseBM25, tokenize
from ingest.chunks import build_chunks
from ingest.parser import parse_file
from tests.conftest import CORPUS, SAMPLE

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold" / "dev.jsonl"


def test_sparse_bm25_matches_rank_bm25():
    docs = []
    for f in [SAMPLE, *sorted(CORPUS.glob("20*.txt"))]:
        r = parse_file(f)
        docs += [tokenize(f"{r.agency} {c.section} {c.text}") for c in build_chunks(r)]
    ours, theirs = SparseBM25(docs), BM25Okapi(docs)
    queries = [tokenize(json.loads(line)["question"]) for line in GOLD.read_text(encoding="utf-8").splitlines()
               if line.strip()] + [["不在词表里的词"], []]
    for q in queries:
        a, b = ours.get_scores(q), theirs.get_scores(q)
        assert np.allclose(a, b, rtol=0, atol=1e-9)
        top_a = [i for i in np.argsort(-a, kind="stable")[:30] if a[i] > 0]
        top_b = [i for i in sorted(range(len(docs)), key=lambda i: -b[i])[:30] if b[i] > 0]
        assert top_a == top_b


def test_sparse_bm25_on_an_empty_or_tiny_corpus():
    assert SparseBM25([["a"]]).get_scores(["a"]).shape == (1,)
    assert SparseBM25([[]]).get_scores(["a"]).tolist() == [0.0]
