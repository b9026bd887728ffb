"""POST /v1/feedback: a citizen's verdict on one answer (``answer_id``), helpful or
not, with an optional comment of at most 500 characters → 204. An answer_id no
answer was given under is a 404; more than ``GOVQA_FEEDBACK_RATE_PER_MINUTE`` per
client a minute a 429 (the database-backed limiter of api/limits.py)."""

from __future__ import annotations

import asyncio
from typing import Optional

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from api.deps import client_id, get_db, get_service, get_settings
from api.limits import RateLimit, app_limiter, retry_after
from govqa import records

router = APIRouter(tags=["feedback"])


class FeedbackRequest(BaseModel):
    answer_id: str = Field(..., min_length=1, max_length=64, description="the answer's answer_id")
    helpful: bool
    comment: Optional[str] = Field(None, max_length=records.MAX_COMMENT_CHARS, description="optional, ≤ 500 characters")


def _limiter(request: Request) -> RateLimit:
    return app_limiter(request, "feedback_limit", get_settings(request).feedback_rate_per_minute, "feedback")


@router.post("/v1/feedback", status_code=204, response_class=Response)
async def post_feedback(request: Request, body: FeedbackRequest):
    db = get_db(request)
    wait = await asyncio.to_thread(_limiter(request).check, db, client_id(request))
    if wait:
        raise HTTPException(429, "too much feedback; please wait a moment", headers={"Retry-After": retry_after(wait)})
    writer = getattr(get_service(request), "log_writer", None)

    def known() -> bool:
        if records.answer_exists(db, body.answer_id):
            return True
        if writer is not None and writer.pending(body.answer_id):  # answered a moment ago: written now
            writer.flush()
            return True
        return False

    if not await asyncio.to_thread(known):
        raise HTTPException(404, "no answer with this answer_id")
    await asyncio.to_thread(records.record_feedback, db, body.answer_id, body.helpful, body.comment)
    return Response(status_code=204)
