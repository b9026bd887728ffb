"""Shared pytest fixtures."""


# --- embedding model (ingest.model_build / ingest.embedder) -------------------
import pytest as _pytest


@_pytest.fixture(scope="session")
def embedder():
    """The real e5 Embedder, built once into the settings' model dir if missing
    (~3 s, ~465 MB; reused across sessions via $GOVQA_MODEL_DIR or ~/.govqa/models)."""
    from govqa.settings import get_settings
    from ingest.embedder import get_embedder
    from ingest.model_build import build_model

    path = build_model(get_settings().embedding_model_path)  # no-op when complete
    return get_embedder(path)  # shared with load_embedder() callers
