"""Liveness and readiness."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz():
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request):
    service = getattr(request.app.state, "service", None)
    if service is None:
        return JSONResponse({"status": "starting", "detail": "model or store not loaded"}, status_code=503)
    if not await asyncio.to_thread(service.store.ping):
        return JSONResponse({"status": "unavailable", "detail": "the store is not reachable",
                             "store": "unreachable"}, status_code=503)
    # the shared-state database (conversations, WeChat state, limits): an instance without it
    # answers 503, so a load balancer should not send it citizens
    db = getattr(request.app.state, "db", None) or getattr(service, "_db", None)
    if db is not None and not await asyncio.to_thread(db.ping):
        return JSONResponse({"status": "unavailable", "detail": "the database is not reachable",
                             "store": "ok", "database": "unreachable"}, status_code=503)
    return {"status": "ready", "reports": len(await asyncio.to_thread(service.reports)), "store": "ok",
            "database": "ok" if db is not None else "not opened"}
