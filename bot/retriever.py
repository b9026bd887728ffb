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


class SparseBM25:
    """BM25Okapi with rank_bm25's exact scores (k1 1.5, b 0.75, idf floored at
    0.25 x the mean idf), over an inverted index in numpy arrays: a query
    touches only the postings of its tokens instead of one dict per chunk
    (rank_bm25 loops over every chunk in Python for every token, ~O(chunks)
    per token, and keeps a dict per chunk)."""

    def __init__(self, corpus, k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25):
        from array import array
        from collections import Counter

        import numpy as np

        self.k1, self.b = k1, b
        vocab: dict[str, int] = {}
        terms, docs, tfs = array("i"), array("i"), array("f")
        lengths = array("f")
        for d, tokens in enumerate(corpus):
            lengths.append(len(tokens))
            for w, c in Counter(tokens).items():
                t = vocab.get(w)
                if t is None:
                    t = vocab[w] = len(vocab)
                terms.append(t)
                docs.append(d)
                tfs.append(c)
        self.vocab = vocab
        self.corpus_size = n = len(lengths)
        terms_np = np.frombuffer(terms, dtype=np.int32)
        order = np.argsort(terms_np, kind="stable")
        self.postings = np.frombuffer(docs, dtype=np.int32)[order].copy()
        self.tf = np.frombuffer(tfs, dtype=np.float32)[order].copy()
        df = np.bincount(terms_np, minlength=len(vocab))
        self.indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        doc_len = np.frombuffer(lengths, dtype=np.float32).astype(np.float64)
        avgdl = doc_len.sum() / n if n else 1.0
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        if len(idf):
            idf[idf < 0] = epsilon * idf.mean()
        self.idf = idf
        self.norm = k1 * (1 - b + b * doc_len / (avgdl or 1.0))

    def get_scores(self, query):
        import numpy as np

        score = np.zeros(self.corpus_size)
        for q in query:
            t = self.vocab.get(q)
            if t is None:
                continue
            s, e = self.indptr[t], self.indptr[t + 1]
            docs, tf = self.postings[s:e], self.tf[s:e].astype(np.float64)
            score[docs] += self.idf[t] * (tf * (self.k1 + 1) / (tf + self.norm[docs]))
        return score


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
                import numpy as np

                docs = self.store.all_chunks()
                corpus = (tokenize(f"{d['agency']} {d['section']} {d['text']}") for d in docs)
                self._bm25 = SparseBM25(corpus) if docs else None
                codes: dict[str, int] = {}
                self._report_code = codes
                self._doc_report = np.array([codes.setdefault(d["report_id"], len(codes)) for d in docs],
                                            dtype=np.int32)
                self._doc_kind = np.array([d["kind"] for d in docs], dtype=object)
                self._docs, self._version = docs, version
            return self._bm25, self._docs

    def search(self, query: str, k: int = 5, report_ids: list[str] | None = None,
               kinds: set[str] | None = None, vector: list[float] | None = None,
               key_stems: list[str] | None = None) -> list[dict]:
        """Ranked chunks: each a dict with text, metadata, ``score`` (fused),
        ``dense`` (cosine) and ``bm25`` (raw). ``key_stems`` (the table rows a
        question names, e.g. requests.partial) put those rows first."""
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
                import numpy as np

                scores = bm25.get_scores(tokens)
                keep = scores > 0
                if report_ids is not None:
                    codes = [self._report_code[r] for r in report_ids if r in self._report_code]
                    keep &= np.isin(self._doc_report, codes)
                if kinds is not None:
                    keep &= np.isin(self._doc_kind, list(kinds))
                cand = np.flatnonzero(keep)
                # highest first, ties in index order (as a stable sort of every chunk would give)
                top = cand[np.argsort(-scores[cand], kind="stable")[:depth]]
                lexical = [{**docs[i], "bm25": float(scores[i])} for i in top]
        fused: dict[str, dict] = {}
        for rank, d in enumerate(dense):
            e = fused.setdefault(d["id"], {**d, "score": 0.0, "bm25": 0.0})
            e["score"] += 1.0 / (RRF_K + rank + 1)
        for rank, d in enumerate(lexical):
            e = fused.setdefault(d["id"], {**d, "score": 0.0, "dense": None})
            e["bm25"] = d["bm25"]
            e["score"] += 1.0 / (RRF_K + rank + 1)
        if key_stems and (kinds is None or "table_row" in kinds):
            wanted = tuple(st + "." for st in key_stems)
            allowed = set(report_ids) if report_ids is not None else None
            for d in docs:
                if d["kind"] == "table_row" and (allowed is None or d["report_id"] in allowed) and \
                        any(key.startswith(wanted) for key in (d.get("keys") or "").split(",")):
                    e = fused.setdefault(d["id"], {**d, "score": 0.0, "dense": None, "bm25": 0.0})
                    e["score"] += 1.0  # above any fused score (each list adds at most 1/61)
        ranked = sorted(fused.values(), key=lambda e: -e["score"])
        return ranked[:k]


class GovQARetriever(BaseRetriever):
    """GovQA's retrieval as a LangChain retriever: pass the service (agencies,
    years and table rows understood, as in an answer) or a bare HybridRetriever."""

    hybrid: object
    k: int = 5
    report_ids: list[str] | None = None

    model_config = {"arbitrary_types_allowed": True}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        retrieve = getattr(self.hybrid, "retrieve", None)
        if retrieve is not None and not self.report_ids:
            hits = retrieve(query, k=self.k)
        else:
            search = getattr(self.hybrid, "retriever", self.hybrid).search
            hits = search(query, k=self.k, report_ids=self.report_ids)
        return [Document(page_content=h["text"],
                         metadata={k: v for k, v in h.items() if k not in ("text",) and v is not None})
                for h in hits]
