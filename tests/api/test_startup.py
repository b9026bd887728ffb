"""Start-up: what the first question would wait for is built as the app starts."""

from __future__ import annotations

import time

from tests.conftest import SAMPLE


def test_the_bm25_index_is_built_at_start_up_not_on_the_first_question(embedder, tmp_path):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from bot.service import GovQAService
    from govqa.settings import Settings
    from ingest.store import Store

    settings = Settings(home=tmp_path, model_dir=embedder.model_path.parent)
    service = GovQAService(settings, embedder, Store(settings, embedder))
    service.ingest_file(SAMPLE)
    assert service.retriever._version is None  # nothing built yet
    with TestClient(create_app(settings, service)) as client:
        deadline = time.monotonic() + 60
        while service.retriever._version != service.store.version() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert service.retriever._version == service.store.version()  # no question asked
        assert client.get("/healthz").status_code == 200
