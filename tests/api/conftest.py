"""Fixtures for the API tests: ``widget_stub_url`` runs the widget stub server
(tests/api/_widget_stub_server.py) with uvicorn on a free loopback port in a thread;
``run_app`` does the same for any ASGI app (a context manager yielding its URL)."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import pytest


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def run_app(app, lifespan: str = "on"):
    """Serve ``app`` with uvicorn on a free loopback port (in a thread); yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan=lifespan, timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def widget_stub_url():
    pytest.importorskip("uvicorn")
    from tests.api._widget_stub_server import create_app

    with run_app(create_app(), lifespan="off") as url:
        yield url


@pytest.fixture(scope="module")
def own_service(embedder, test_settings, tmp_path_factory):
    """A GovQAService of its own (the real model, an embedded Chroma store in a
    fresh GOVQA_HOME holding the sample report) for tests that change what the
    store holds, so the session's shared ``service`` stays as it was."""
    from bot.service import GovQAService
    from ingest.store import Store
    from tests.conftest import SAMPLE

    settings = test_settings.model_copy(update={"home": tmp_path_factory.mktemp("own_home")})
    svc = GovQAService(settings, embedder, Store(settings, embedder))
    svc.ingest_file(SAMPLE)
    return svc


@pytest.fixture(scope="module")
def own_service_url(own_service):
    """``own_service`` behind the real app over real HTTP (admin key ``test-admin-key``)."""
    from api.main import create_app

    with run_app(create_app(own_service.settings, own_service)) as url:
        yield url
