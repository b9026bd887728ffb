"""GET /v1/search: staff lookup over passages and table rows."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, Query, Request

from api.deps import get_service
from bot.service import QuestionError
from ingest.store import StoreUnavailable

router = APIRouter(tags=["search"])


@router.get("/v1/search")
async def search(request: Request, q: str = Query(..., max_length=500), k: int = Query(10, ge=1, le=50),
                 report_id: str | None = None):
    service = get_service(request)
    try:
        return await asyncio.to_thread(service.search, q, k, report_id)
    except QuestionError as exc:
        raise HTTPException(422, str(exc)) from None
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
