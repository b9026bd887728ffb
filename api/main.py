"""The FastAPI app. Model and store load once in the lifespan; routes get them
through api.deps."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from api.limits import BodyLimit, RateLimit
from api.routes import ask, facts, faq, feedback, health, pages, reports, search, stats, wechat
from govqa.db import Database, DatabaseUnavailable
from govqa.settings import Settings, get_settings

access_log = logging.getLogger("govqa.access")
WORKER_THREADS = 64  # threads for service calls (see the lifespan)


LEFTOVER_AGE_S = 3600  # a dead generation this old is a killed ingest, not one in progress
PURGE_EVERY_S = 60.0  # old rows of the shared-state database (govqa/db.py) are deleted this often


async def _purge_old_rows(db: Database) -> None:
    """Every instance purges now and then (a DELETE of nothing costs nothing)."""
    while True:
        await asyncio.sleep(PURGE_EVERY_S)
        try:
            await asyncio.to_thread(db.purge)
        except Exception as exc:  # noqa: BLE001 - a database that is down now is purged later
            logging.getLogger("govqa").warning("purge of old rows skipped: %s", type(exc).__name__)


def _sweep_leftovers(service) -> None:
    """Chunks a killed ingest left behind are invisible to readers but crowd the
    dense-search window: remove those older than an hour at start-up."""
    sweep = getattr(getattr(service, "store", None), "sweep", None)
    if sweep is None:
        return
    try:
        removed = sweep(min_age_s=LEFTOVER_AGE_S)
        if removed:
            logging.getLogger("govqa").info("removed %d chunks left by an interrupted ingest", removed)
    except Exception as exc:  # a store that is down now is reported by /readyz, not fatal here
        logging.getLogger("govqa").warning("start-up sweep skipped: %s", type(exc).__name__)


def create_app(settings: Settings | None = None, service=None, db: Database | None = None) -> FastAPI:
    """The app over ``service`` (else loaded in the lifespan) and the shared-state
    ``db`` (else the service's, else opened and migrated in the lifespan)."""
    settings = settings or get_settings()
    db = db or getattr(service, "db", None)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.db is None:  # unreachable: the lifespan fails (govqa serve checks before)
            app.state.db = await asyncio.to_thread(Database.from_settings, settings)
        if app.state.service is None:
            from bot.service import GovQAService

            app.state.service = GovQAService.from_settings(settings, db=app.state.db)
        purging = asyncio.create_task(_purge_old_rows(app.state.db))
        _sweep_leftovers(app.state.service)
        warm_up = getattr(app.state.service, "warm_up", None)
        if warm_up is not None:  # the BM25 index of a big store takes minutes to build: start now, not on a question
            threading.Thread(target=warm_up, name="govqa-warm-up", daemon=True).start()
        torch = sys.modules.get("torch")  # loaded with the model; tests' fake services need none
        if torch is not None and settings.torch_threads > 0:
            torch.set_num_threads(settings.torch_threads)
        # Routes run the (synchronous) service in asyncio.to_thread. The default pool has
        # cpu_count + 4 threads: on 2 cores, 6 slow retrievals would make quick table
        # answers queue behind them. Threads that wait cost nothing; give every client one.
        pool = ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="govqa-worker")
        asyncio.get_running_loop().set_default_executor(pool)
        try:
            yield
        finally:
            purging.cancel()
            pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="GovQA", version="0.1.0", lifespan=lifespan,
                  description="Cited answers from 政府信息公开工作年度报告")
    app.state.settings = settings
    app.state.service = service
    app.state.db = db
    app.state.ask_limit = RateLimit(settings.ask_rate_per_minute, scope="ask")
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "PUT", "DELETE"],
                       allow_headers=["Content-Type", "Authorization", "Accept"],
                       # a widget on another origin reads Retry-After on a 429 ("请在 N 秒后再试")
                       expose_headers=["Retry-After"])

    app.add_middleware(BodyLimit, settings=settings)  # bodies bounded (uploads: key first) before anything reads them

    @app.middleware("http")
    async def log_access(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        # JSON that echoes input (session_id) is never sniffed as HTML
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # no question text, no query string: citizens' privacy
        access_log.info("%s %s %s %.1fms", request.method, request.url.path, response.status_code,
                        (time.perf_counter() - started) * 1000)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", []) if p != "body")
        return JSONResponse({"detail": f"bad request: {where} {first.get('msg', '')}".strip()}, status_code=422)

    @app.exception_handler(DatabaseUnavailable)
    async def database_down(request: Request, exc: DatabaseUnavailable):
        # conversations, WeChat state and limits are in the database: try again shortly (never 500)
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):  # never leak internals
        logging.getLogger("govqa").exception("unhandled error on %s", request.url.path)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    for module in (ask, search, facts, reports, health, pages, wechat, faq, feedback, stats):
        app.include_router(module.router)
    return app
