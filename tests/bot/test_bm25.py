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


def test_index_built_block_by_block_scores_as_one_built_at_once():
    from bot.retriever import TokenBlock

    reports = [parse_file(f) for f in [SAMPLE, *sorted(CORPUS.glob("20*.txt"))[:2]]]
    per_report = [[tokenize(f"{r.agency} {c.section} {c.text}") for c in build_chunks(r)] for r in reports]
    vocab: dict[str, int] = {}
    blocks = [TokenBlock.of(docs, vocab) for docs in per_report]
    # a removed report's words stay in the vocabulary: they must not change anyone's score
    joined = SparseBM25.from_blocks([blocks[0], blocks[2]], vocab)
    alone = BM25Okapi(per_report[0] + per_report[2])
    for q in (["部分公开"], ["申请", "行政复议"], tokenize("洪泽区政府网站的信息发布之前要怎么审核"), ["不在词表里的词"]):
        assert np.allclose(joined.get_scores(q), alone.get_scores(q), rtol=0, atol=1e-9)


def test_building_from_many_blocks_allocates_little_beyond_the_index():
    """10,000 reports' blocks are merged without concatenating them all and
    sorting every posting (that took 3.5x the index's size at its peak)."""
    import tracemalloc

    from bot.retriever import TokenBlock

    rng = np.random.default_rng(0)
    vocab = {f"w{i}": i for i in range(5000)}
    blocks = []
    for _ in range(400):
        docs = [[f"w{t}" for t in rng.integers(0, 5000, 40)] for _ in range(30)]
        blocks.append(TokenBlock.of(docs, vocab))
    tracemalloc.start()
    try:
        index = SparseBM25.from_blocks(blocks, vocab)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = index.postings.nbytes + index.tf.nbytes
    assert index.postings.dtype == np.int32 and index.tf.dtype == np.uint16
    assert peak < 1.5 * size + 2_000_000, (peak, size)
