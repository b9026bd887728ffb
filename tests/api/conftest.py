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


FACTS_AGENCY = "泉州测试数据局"


@pytest.fixture(scope="module")
def facts_reports(service, tmp_path_factory):
    """Two reports of one test agency added to the shared store for one module, then
    removed: 2020 with its 本年新收 总计 cell printed blank ("/"), and 2021 (the same text,
    its year stated) with the cell as printed (8). Yields {year: report_id}."""
    from tests.conftest import SAMPLE

    text = SAMPLE.read_text(encoding="utf-8").replace("泉州台商投资区规划建设与交通运输局", FACTS_AGENCY)
    lines = text.splitlines()
    i = lines.index("一、本年新收政府信息公开申请数量 |")
    assert lines[i + 7] == "8 |", lines[i:i + 9]  # the row's 总计 cell
    blank = lines[:i + 7] + ["/ |"] + lines[i + 8:]
    folder = tmp_path_factory.mktemp("facts_reports")
    (folder / "blank.txt").write_text("\n".join(blank), encoding="utf-8")
    (folder / "filled.txt").write_text(text, encoding="utf-8")
    ids = {}
    try:
        ids[2020] = service.ingest_file(folder / "blank.txt")["report_id"]
        ids[2021] = service.ingest_file(folder / "filled.txt", year=2021)["report_id"]
        yield ids
    finally:
        for rid in ids.values():
            service.remove(rid)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module (skips without them)."""
    from tests.support.browser import CHROMIUM, LAUNCH_ARGS, require_browser

    sync_api = require_browser()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()
