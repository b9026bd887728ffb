"""Shared pytest fixtures."""

# --- Hypothesis: few examples per property in CI ("ci"); HYPOTHESIS_PROFILE=dev
# for more; eval/bench_fuzz.py runs the same properties thousands of times.
from tests.fuzzing import load_hypothesis_profile as _load_profile

_load_profile()


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


# --- the real service: model + embedded Chroma store in a temp GOVQA_HOME ------
import socket as _socket
import threading as _threading
import time as _time
from pathlib import Path as _Path

CORPUS = _Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SAMPLE = _Path(__file__).resolve().parents[1] / "govqa" / "sample" / "2020_qzts_ghjsjtj.txt"


@_pytest.fixture(scope="session")
def test_settings(tmp_path_factory):
    from govqa.settings import Settings, get_settings
    from pydantic import SecretStr

    home = tmp_path_factory.mktemp("govqa_home")
    return Settings(home=home, model_dir=get_settings().resolved_model_dir, admin_key=SecretStr("test-admin-key"),
                    ask_rate_per_minute=10000)


@_pytest.fixture(scope="session")
def service(embedder, test_settings):
    """GovQAService over a real embedded Chroma store holding the sample report
    and, when ../shared/corpus is beside the checkout, the corpus reports."""
    from bot.service import GovQAService
    from ingest.store import Store

    svc = GovQAService(test_settings, embedder, Store(test_settings, embedder))
    svc.ingest_file(SAMPLE)
    if CORPUS.exists():
        for f in sorted(CORPUS.glob("20*.txt")):
            if f.name != SAMPLE.name:
                svc.ingest_file(f)
    return svc


def _free_port() -> int:
    with _socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@_pytest.fixture(scope="session")
def service_url(service, test_settings):
    """The real FastAPI app over real HTTP (uvicorn on a free loopback port)."""
    import uvicorn

    from api.main import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(test_settings, service), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = _threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = _time.time() + 30
    while not server.started and _time.time() < deadline:
        _time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


# --- a real PostgreSQL server (Debian's), for the shared-state database's tests ---
@_pytest.fixture(scope="session")
def pg_server():
    """PostgreSQL started in a temporary folder on a free loopback port (tests/support/postgres.py);
    skips where it is not installed (apt-get install postgresql)."""
    from tests.support import postgres

    if not postgres.available():
        if __import__("os").environ.get("GOVQA_REQUIRE_CLUSTER"):  # CI (.ci/run): setup.sh installs it
            _pytest.fail("GOVQA_REQUIRE_CLUSTER is set but PostgreSQL is not installed (scripts/setup.sh)")
        _pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with postgres.PostgresServer.temporary() as server:
        yield server
