"""The Chroma store: chunks with our embeddings, and each report's parsed facts.

All-or-nothing per report without transactions: a report's chunks are written
under a fresh *generation* id, then one record in the ``reports`` collection
names the generation that is live. Readers only see chunks of live
generations, so a kill -9 or a full disk before that single write leaves the
store as it was; leftovers of dead generations are swept on the next ingest.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ingest.chunks import Chunk, build_chunks
from ingest.report import ParsedReport

CHUNKS = "govqa_chunks"
REPORTS = "govqa_reports"
_BATCH = 256


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached; requests should fail fast (503)."""


def make_client(settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        u = urlparse(settings.chroma_url)
        return chromadb.HttpClient(host=u.hostname or "127.0.0.1", port=u.port or 8000,
                                   ssl=u.scheme == "https", settings=chroma_settings)
    path = Path(settings.chroma_path)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class Store:
    """Reports and chunks in Chroma. ``embedder`` embeds passages (ours, always:
    Chroma's default embedding function downloads a model)."""

    def __init__(self, settings, embedder):
        self.settings = settings
        self.embedder = embedder
        self._client = None
        self._lock = threading.RLock()
        self._reports_cache: dict[str, dict] | None = None
        self._cache_at = 0.0

    # -- connection ------------------------------------------------------------------
    def _collections(self):
        with self._lock:
            try:
                if self._client is None:
                    self._client = make_client(self.settings)
                chunks = self._client.get_or_create_collection(
                    CHUNKS, embedding_function=None, metadata={"hnsw:space": "cosine"})
                reports = self._client.get_or_create_collection(REPORTS, embedding_function=None)
                return chunks, reports
            except Exception as exc:
                if self.settings.chroma_url:
                    self._client = None
                    raise StoreUnavailable(f"the Chroma server at {self.settings.chroma_url} is not reachable") from exc
                raise

    def ping(self) -> bool:
        try:
            self._collections()
            return True
        except Exception:
            return False

    # -- reports -------------------------------------------------------------------
    def _live(self, refresh: bool = False) -> dict[str, dict]:
        """report_id → {"gen", "agency", "year", ...}; cached briefly because
        every query needs it (other GovQA instances may write to a server)."""
        ttl = 2.0 if self.settings.chroma_url else 3600.0
        if not refresh and self._reports_cache is not None and time.monotonic() - self._cache_at < ttl:
            return self._reports_cache
        _, reports = self._collections()
        got = reports.get(include=["metadatas"])
        live = {rid: dict(meta) for rid, meta in zip(got["ids"], got["metadatas"] or [])}
        self._reports_cache, self._cache_at = live, time.monotonic()
        return live

    def reports(self) -> list[dict]:
        out = []
        for rid, m in sorted(self._live().items(), key=lambda kv: (-int(kv[1]["year"]), kv[0])):
            out.append({"report_id": rid, "agency": m["agency"], "year": int(m["year"]),
                        "template": m.get("template", ""), "n_values": int(m.get("n_values", 0)),
                        "n_findings": int(m.get("n_findings", 0)), "n_chunks": int(m.get("n_chunks", 0)),
                        "source": m.get("source", "")})
        return out

    def get_report(self, report_id: str) -> ParsedReport | None:
        _, reports = self._collections()
        got = reports.get(ids=[report_id], include=["documents"])
        if not got["ids"]:
            return None
        return ParsedReport.from_dict(json.loads(got["documents"][0]))

    def live_generations(self) -> dict[str, str]:
        return {rid: m["gen"] for rid, m in self._live().items()}

    # -- writing -------------------------------------------------------------------------
    def add_report(self, report: ParsedReport, progress=None) -> int:
        """Add or replace one report, all or nothing. Returns the number of chunks."""
        chunks_col, reports_col = self._collections()
        chunks = build_chunks(report)
        gen = uuid.uuid4().hex[:12]
        ids = [f"{report.report_id}#{gen}#{c.position}" for c in chunks]
        try:
            vectors = []
            texts = [c.embed_text(report) for c in chunks]
            for i in range(0, len(texts), 32):
                vectors.extend(self.embedder.embed_passages(texts[i:i + 32]))
                if progress:
                    progress(min(i + 32, len(texts)), len(texts))
            metas = [self._chunk_meta(report, c, gen) for c in chunks]
            docs = [c.text for c in chunks]
            for i in range(0, len(ids), _BATCH):
                chunks_col.add(ids=ids[i:i + _BATCH], embeddings=vectors[i:i + _BATCH],
                               documents=docs[i:i + _BATCH], metadatas=metas[i:i + _BATCH])
            # The commit: one record naming the live generation.
            reports_col.upsert(ids=[report.report_id], embeddings=[[1.0]],
                               documents=[json.dumps(report.to_dict(), ensure_ascii=False)],
                               metadatas=[{"agency": report.agency, "year": report.year, "gen": gen,
                                           "template": report.template, "n_values": len(report.values),
                                           "n_findings": len(report.findings), "n_chunks": len(chunks),
                                           "source": report.source.get("file", ""),
                                           "ingested_at": time.time()}])
        except BaseException:
            self._delete_chunks_quietly(chunks_col, {"gen": gen})
            raise
        finally:
            self._reports_cache = None
        self._delete_chunks_quietly(chunks_col, {"$and": [{"report_id": report.report_id}, {"gen": {"$ne": gen}}]})
        return len(chunks)

    @staticmethod
    def _chunk_meta(report: ParsedReport, c: Chunk, gen: str) -> dict:
        return {"report_id": report.report_id, "agency": report.agency, "year": report.year,
                "section": c.section, "subsection": c.subsection, "kind": c.kind,
                "keys": ",".join(c.keys), "position": c.position, "gen": gen}

    @staticmethod
    def _delete_chunks_quietly(col, where: dict) -> None:
        try:
            col.delete(where=where)
        except Exception:
            pass  # a leftover generation is invisible to readers and swept later

    def remove(self, report_id: str) -> bool:
        chunks_col, reports_col = self._collections()
        if not reports_col.get(ids=[report_id])["ids"]:
            return False
        reports_col.delete(ids=[report_id])  # the commit: chunks become invisible
        self._reports_cache = None
        self._delete_chunks_quietly(chunks_col, {"report_id": report_id})
        return True

    def sweep(self) -> int:
        """Delete chunks of generations no report names (an interrupted ingest)."""
        chunks_col, _ = self._collections()
        live = {m["gen"] for m in self._live(refresh=True).values()}
        got = chunks_col.get(include=["metadatas"])
        dead = [i for i, m in zip(got["ids"], got["metadatas"] or []) if m.get("gen") not in live]
        for i in range(0, len(dead), _BATCH):
            chunks_col.delete(ids=dead[i:i + _BATCH])
        return len(dead)

    # -- reading -------------------------------------------------------------------------
    def all_chunks(self) -> list[dict]:
        """Every live chunk (for the BM25 index)."""
        chunks_col, _ = self._collections()
        live = {m["gen"] for m in self._live().values()}
        got = chunks_col.get(include=["documents", "metadatas"])
        return [{"id": i, "text": d, **m} for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
                if m.get("gen") in live]

    def dense_search(self, vector: list[float], k: int, report_ids: list[str] | None = None) -> list[dict]:
        chunks_col, _ = self._collections()
        live = self._live()
        where = None
        if report_ids is not None:
            if not report_ids:
                return []
            where = {"report_id": report_ids[0]} if len(report_ids) == 1 else {"report_id": {"$in": report_ids}}
        n = chunks_col.count()
        if n == 0:
            return []
        res = chunks_col.query(query_embeddings=[vector], n_results=min(n, k * 2 + 8), where=where,
                               include=["documents", "metadatas", "distances"])
        out = []
        for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]):
            if live.get(m["report_id"], {}).get("gen") != m.get("gen"):
                continue
            out.append({"id": i, "text": d, "dense": 1.0 - dist, **m})
        return out[:k]

    def version(self) -> tuple:
        return tuple(sorted(self.live_generations().items()))
