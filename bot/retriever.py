"""Hybrid retrieval: e5 dense search in Chroma plus BM25 over jieba tokens,
fused by reciprocal rank. Dense alone misses exact Chinese terms and BM25
alone misses paraphrase (field notes: 9/20 and 8/20 at rank 1; fused 11/20)."""

from __future__ import annotations

import logging
import re
import threading

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

RRF_K = 60
_STOP = set("的 了 是 在 和 与 及 或 有 多少 几 个 件 什么 哪些 吗 呢 么 怎么 如何 请问 我 你 年 共 一共 总共 政府 信息 公开 ？ ? ， , 。 、 ：".split())

jieba_log = logging.getLogger("jieba")
jieba_log.setLevel(logging.WARNING)
_jieba_lock = threading.Lock()


def tokenize(text: str) -> list[str]:
    import jieba

    with _jieba_lock:  # jieba initialises its dictionary lazily, not thread-safely
        words = jieba.lcut_for_search(text)
    return [w for w in (w.strip().lower() for w in words) if w and w not in _STOP and not re.fullmatch(r"\W+", w)]


class HybridRetriever:
    def __init__(self, store, embedder):
        self.store = store
        self.embedder = embedder
        self._bm25 = None
        self._docs: list[dict] = []
        self._version = None
        self._lock = threading.Lock()

    def _bm25_index(self):
        version = self.store.version()
        with self._lock:
            if version != self._version:
                from rank_bm25 import BM25Okapi

                docs = self.store.all_chunks()
                corpus = [tokenize(f"{d['agency']} {d['section']} {d['text']}") for d in docs]
                self._bm25 = BM25Okapi(corpus) if corpus else None
                self._docs, self._version = docs, version
            return self._bm25, self._docs

    def search(self, query: str, k: int = 5, report_ids: list[str] | None = None,
               kinds: set[str] | None = None, vector: list[float] | None = None) -> list[dict]:
        """Ranked chunks: each a dict with text, metadata, ``score`` (fused),
        ``dense`` (cosine) and ``bm25`` (raw)."""
        if report_ids is not None and not report_ids:
            return []
        depth = max(30, k * 6)
        vector = vector or self.embedder.embed_queries([query])[0]
        dense = [d for d in self.store.dense_search(vector, depth, report_ids)
                 if kinds is None or d["kind"] in kinds]
        bm25, docs = self._bm25_index()
        lexical: list[dict] = []
        if bm25 is not None:
            tokens = tokenize(query)
            if tokens:
                scores = bm25.get_scores(tokens)
                allowed = set(report_ids) if report_ids is not None else None
                order = sorted(range(len(docs)), key=lambda i: -scores[i])
                for i in order:
                    if scores[i] <= 0 or len(lexical) >= depth:
                        break
                    d = docs[i]
                    if (allowed is None or d["report_id"] in allowed) and (kinds is None or d["kind"] in kinds):
                        lexical.append({**d, "bm25": float(scores[i])})
        fused: dict[str, dict] = {}
        for rank, d in enumerate(dense):
            e = fused.setdefault(d["id"], {**d, "score": 0.0, "bm25": 0.0})
            e["score"] += 1.0 / (RRF_K + rank + 1)
        for rank, d in enumerate(lexical):
            e = fused.setdefault(d["id"], {**d, "score": 0.0, "dense": None})
            e["bm25"] = d["bm25"]
            e["score"] += 1.0 / (RRF_K + rank + 1)
        ranked = sorted(fused.values(), key=lambda e: -e["score"])
        return ranked[:k]


class GovQARetriever(BaseRetriever):
    """The same hybrid search as a LangChain retriever."""

    hybrid: object
    k: int = 5
    report_ids: list[str] | None = None

    model_config = {"arbitrary_types_allowed": True}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.hybrid.search(query, k=self.k, report_ids=self.report_ids)
        return [Document(page_content=h["text"],
                         metadata={k: v for k, v in h.items() if k not in ("text",) and v is not None})
                for h in hits]
