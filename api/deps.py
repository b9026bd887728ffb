"""Hands routes their resources. Heavy things (model, store) are created once in
the app's lifespan and kept on ``app.state``; routes only ever get them here."""

from __future__ import annotations

import hmac
import threading

from fastapi import Header, HTTPException, Request

from govqa.db import Database
from govqa.settings import Settings

_db_lock = threading.Lock()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Database:
    """The shared-state database (govqa.db): opened once in the app's lifespan; an app
    run without one (a test's bare router) opens the settings' database on first use."""
    db = getattr(request.app.state, "db", None)
    if db is None:
        with _db_lock:
            db = getattr(request.app.state, "db", None)
            if db is None:
                db = request.app.state.db = Database.from_settings(request.app.state.settings)
    return db


def get_service(request: Request):
    """The GovQA service (bot.service.GovQAService): ``.ask``, ``.search``, ``.reports``…"""
    service = getattr(request.app.state, "service", None)
    if service is None:
        raise HTTPException(503, "the service is starting; try again shortly")
    return service


def require_admin(request: Request, authorization: str | None = Header(default=None)) -> None:
    """Admin routes: ``Authorization: Bearer <GOVQA_ADMIN_KEY>``, compared in constant time."""
    key = request.app.state.settings.admin_key
    if key is None or not key.get_secret_value():
        raise HTTPException(503, "admin routes are disabled (GOVQA_ADMIN_KEY is not set)")
    given = ""
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not hmac.compare_digest(given.encode(), key.get_secret_value().encode()):
        raise HTTPException(401, "missing or wrong admin key", headers={"WWW-Authenticate": "Bearer"})


def client_id(request: Request) -> str:
    """The address the per-client request limit counts. Behind a reverse proxy it is the
    client's, not the proxy's: uvicorn's proxy-headers middleware (``govqa serve
    --forwarded-allow-ips``, default 127.0.0.1 and ::1) replaces ``request.client`` with the
    last address in ``X-Forwarded-For`` that is not a trusted proxy; a request from any
    other address keeps its own, whatever header it sends. nginx must set the header to
    ``$remote_addr`` (docs/deploy.md) so a client cannot choose its own."""
    return request.client.host if request.client else "unknown"
