"""Hybrid retrieval: e5 dense search in Chroma plus BM25 over jieba tokens,
fused by reciprocal rank. Dense alone misses exact Chinese terms and BM25
alone misses paraphrase (field notes: 9/20 and 8/20 at rank 1; fused 11/20)."""

from __future__ import annotations

import re
import threading
from typing import NamedTuple

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from ingest.words import JIEBA_LOCK

RRF_K = 60
_STOP = set("的 了 是 在 和 与 及 或 有 多少 几 个 件 什么 哪些 吗 呢 么 怎么 如何 请问 我 你 年 共 一共 总共 政府 信息 公开 ？ ? ， , 。 、 ：".split())



def tokenize(text: str) -> list[str]:
    import jieba

    with JIEBA_LOCK:  # jieba initialises its dictionary lazily, not thread-safely
        words = jieba.lcut_for_search(text)
    return [w for w in (w.strip().lower() for w in words) if w and w not in _STOP and not re.fullmatch(r"\W+", w)]


class TokenBlock:
    """Some documents' token counts against a shared vocabulary (word → id).
    Compact (8 bytes a posting): a report's chunks number far below 65,536 and
    a word occurs in one chunk far fewer times."""

    __slots__ = ("terms", "docs", "tf", "lengths")

    @classmethod
    def of(cls, corpus, vocab: dict[str, int]) -> "TokenBlock":
        from array import array
        from collections import Counter

        import numpy as np

        terms, docs, tfs, lengths = array("i"), array("i"), array("i"), array("f")
        for d, tokens in enumerate(corpus):
            lengths.append(len(tokens))
            for w, c in Counter(tokens).items():
                t = vocab.get(w)
                if t is None:
                    t = vocab[w] = len(vocab)
                terms.append(t)
                docs.append(d)
                tfs.append(c)
        self = cls()
        self.terms = np.frombuffer(terms, dtype=np.int32).copy()
        doc_type = np.uint16 if len(lengths) <= 65536 else np.int32
        self.docs = np.frombuffer(docs, dtype=np.int32).astype(doc_type)
        self.tf = np.minimum(np.frombuffer(tfs, dtype=np.int32), 65535).astype(np.uint16)
        self.lengths = np.frombuffer(lengths, dtype=np.float32).copy()
        return self


class SparseBM25:
    """BM25Okapi with rank_bm25's exact scores (k1 1.5, b 0.75, idf floored at
    0.25 x the mean idf), over an inverted index in numpy arrays: a query
    touches only the postings of its tokens instead of one dict per chunk
    (rank_bm25 loops over every chunk in Python for every token, ~O(chunks)
    per token, and keeps a dict per chunk)."""

    def __init__(self, corpus, k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25):
        vocab: dict[str, int] = {}
        block = TokenBlock.of(corpus, vocab)
        self._build([block], vocab, k1, b, epsilon)

    @classmethod
    def from_blocks(cls, blocks: list["TokenBlock"], vocab: dict[str, int], k1: float = 1.5, b: float = 0.75,
                    epsilon: float = 0.25) -> "SparseBM25":
        """One index over several blocks (documents numbered block after block),
        without tokenising anything again: how reports are added one at a time."""
        self = cls.__new__(cls)
        self._build(blocks, vocab, k1, b, epsilon)
        return self

    def _build(self, blocks, vocab, k1, b, epsilon) -> None:
        """Postings grouped by word, placed block by block (a counting sort):
        no concatenation of every block and no argsort over all postings, so
        building over 10,000 reports needs little beyond the index itself."""
        import numpy as np

        self.k1, self.b = k1, b
        self.vocab = vocab
        sizes = [len(bl.lengths) for bl in blocks]
        self.corpus_size = n = int(sum(sizes))
        df = np.zeros(len(vocab), dtype=np.int64)
        for bl in blocks:
            df += np.bincount(bl.terms, minlength=len(vocab))
        self.indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        self.postings = np.empty(int(self.indptr[-1]), dtype=np.int32)  # 4 bytes a posting, 2 for its count
        self.tf = np.empty(int(self.indptr[-1]), dtype=np.uint16)
        cursor = self.indptr[:-1].copy()  # next free place of each word
        offset = 0
        for bl, size in zip(blocks, sizes):
            if len(bl.terms):
                order = np.argsort(bl.terms, kind="stable")  # within a word, documents stay in order
                terms = bl.terms[order]
                first = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
                counts = np.diff(np.r_[first, len(terms)])
                places = cursor[terms] + (np.arange(len(terms)) - np.repeat(first, counts))
                self.postings[places] = bl.docs[order].astype(np.int32) + offset
                self.tf[places] = bl.tf[order]
                cursor[terms[first]] += counts
            offset += size
        doc_len = np.concatenate([bl.lengths for bl in blocks]).astype(np.float64) if blocks else np.zeros(0)
        avgdl = doc_len.sum() / n if n else 1.0
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        present = df > 0  # words only removed reports had are in the vocabulary, not the corpus
        if present.any():
            idf[present & (idf < 0)] = epsilon * idf[present].mean()
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


KINDS = ("prose", "table_row", "contact")


class _Index(NamedTuple):
    """The BM25 index and, per chunk in it, its report code, position and kind."""
    bm25: "SparseBM25 | None"
    order: list            # report code → (report_id, generation)
    report_code: dict      # report_id → code
    doc_report: object     # numpy int32 per chunk
    doc_pos: object        # numpy int32 per chunk
    doc_kind: object       # numpy int8 per chunk: index into KINDS
_ADD_BATCH = 100  # reports tokenised per read: all 10,000 at once would hold every chunk's text at once


class HybridRetriever:
    """BM25 in memory holds token counts and, per chunk, only its report, kind
    and position: texts and metadata are read from the store for the hits a
    question returns (a dict per chunk for 10,000 reports was ~0.2 MB each)."""

    def __init__(self, store, embedder):
        self.store = store
        self.embedder = embedder
        self._index = _Index(None, [], {}, None, None, None)
        self._version = None
        self._lock = threading.Lock()
        # per live (report, generation): its chunks' (position, kind code) and token
        # counts, so a new report costs its own tokenising, not everyone's again
        self._vocab: dict[str, int] = {}
        self._blocks: dict[tuple[str, str], tuple[object, TokenBlock]] = {}
        self._dropped = 0  # blocks dropped since the vocabulary was last compacted

    def _bm25_index(self):
        version = self.store.version()
        with self._lock:
            if version != self._version:
                import numpy as np

                live = set(version)  # (report_id, gen) pairs
                for key in [k for k in self._blocks if k not in live]:
                    del self._blocks[key]
                    self._dropped += 1
                self._add_blocks(sorted(live - set(self._blocks)))
                if self._dropped > len(self._blocks):
                    self._reindex_vocab()  # more reports replaced or removed than live: drop their words
                order = sorted(self._blocks)
                refs = [self._blocks[k][0] for k in order]
                self._index = _Index(
                    bm25=SparseBM25.from_blocks([self._blocks[k][1] for k in order], self._vocab) if order else None,
                    order=order, report_code={rid: code for code, (rid, _) in enumerate(order)},
                    doc_report=np.concatenate([np.full(len(pos), code, dtype=np.int32)
                                               for code, (pos, _) in enumerate(refs)]) if order else None,
                    doc_pos=np.concatenate([pos for pos, _ in refs]) if order else None,
                    doc_kind=np.concatenate([kind for _, kind in refs]) if order else None)
                self._version = version
            return self._index

    def warm_up(self) -> None:
        self._bm25_index()

    def _add_blocks(self, new: list[tuple[str, str]]) -> None:
        """Tokenise the chunks of these (report, generation)s, one block each."""
        import numpy as np

        for s in range(0, len(new), _ADD_BATCH):
            part = new[s:s + _ADD_BATCH]
            by_report: dict[str, list[dict]] = {rid: [] for rid, _ in part}
            for d in self.store.chunks_of(list(by_report)):
                if d["report_id"] in by_report:
                    by_report[d["report_id"]].append(d)
            for rid, gen in part:
                docs = sorted(by_report[rid], key=lambda d: d.get("position", 0))
                corpus = (tokenize(f"{d['agency']} {d['section']} {d['text']}") for d in docs)
                refs = (np.array([d.get("position", 0) for d in docs], dtype=np.int32),
                        np.array([KINDS.index(d["kind"]) if d["kind"] in KINDS else 0 for d in docs], dtype=np.int8))
                self._blocks[(rid, gen)] = (refs, TokenBlock.of(corpus, self._vocab))

    def _chunks_at(self, index: "_Index", places) -> list[dict | None]:
        """The chunks at these places of the BM25 index, read from the store."""
        ids = []
        for i in places:
            rid, gen = index.order[index.doc_report[i]]
            ids.append(f"{rid}#{gen}#{int(index.doc_pos[i])}")
        return self.store.chunks_by_id(ids)

    def _reindex_vocab(self) -> None:
        import numpy as np

        blocks = [b for _, b in self._blocks.values()]
        used = np.unique(np.concatenate([b.terms for b in blocks])) if blocks else np.zeros(0, np.int32)
        remap = np.full(len(self._vocab), -1, dtype=np.int32)
        remap[used] = np.arange(len(used), dtype=np.int32)
        self._vocab = {w: int(remap[t]) for w, t in self._vocab.items() if remap[t] >= 0}
        for b in blocks:
            b.terms = remap[b.terms]
        self._dropped = 0

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
        index = self._bm25_index()  # one consistent snapshot, whatever other threads rebuild
        bm25 = index.bm25
        lexical: list[dict] = []
        if bm25 is not None:
            tokens = tokenize(query)
            if tokens:
                import numpy as np

                scores = bm25.get_scores(tokens)
                keep = scores > 0
                if report_ids is not None:
                    codes = [index.report_code[r] for r in report_ids if r in index.report_code]
                    keep &= np.isin(index.doc_report, codes)
                if kinds is not None:
                    keep &= np.isin(index.doc_kind, [KINDS.index(k_) for k_ in kinds if k_ in KINDS])
                cand = np.flatnonzero(keep)
                # highest first, ties in index order (as a stable sort of every chunk would give)
                top = cand[np.argsort(-scores[cand], kind="stable")[:depth]]
                lexical = [{**d, "bm25": float(scores[i])} for i, d in zip(top, self._chunks_at(index, top)) if d]
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
            # the named reports' rows only (or every report's in a small store, as
            # dense search does): a scan of every row is O(store) per question
            scope = report_ids if report_ids is not None else self.store.small_scope()
            rows = self.store.rows_of(scope)
            for d in rows:
                if any(key.startswith(wanted) for key in (d.get("keys") or "").split(",")):
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
