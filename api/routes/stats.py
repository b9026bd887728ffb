"""The question log for staff (admin): ``GET /v1/stats/questions`` (interface.md) and,
as extensions for the staff page, questions per day, feedback, and one logged answer
(the FAQ editor's starting point)."""

from __future__ import annotations

import asyncio
from typing import Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from api.deps import get_db, get_service, require_admin
from govqa import records

router = APIRouter(tags=["stats"], dependencies=[Depends(require_admin)])

Days = Query(30, ge=1, le=3650, description="the last N days")


async def _flushed(request: Request) -> None:
    """What this instance answered a moment ago is counted (its writer flushes every 0.5 s)."""
    writer = getattr(getattr(request.app.state, "service", None), "_log_writer", None)
    if writer is not None:
        await asyncio.to_thread(writer.flush)


@router.get("/v1/stats/questions")
async def questions(request: Request, days: int = Days,
                    status: Optional[Literal["answered", "refused", "clarified", "faq"]] = None):
    """``[{question, count, status, helpful, unhelpful, last_asked, answer_id, normalised, faq_id}]``,
    grouped by normalised question and outcome, most asked first."""
    await _flushed(request)
    return await asyncio.to_thread(records.question_stats, get_db(request), days, status)


@router.get("/v1/stats/daily")
async def daily(request: Request, days: int = Days):
    """``[{day, questions, refused, clarified, faq}]``, one per UTC day (extension)."""
    await _flushed(request)
    return await asyncio.to_thread(records.daily_stats, get_db(request), days)


@router.get("/v1/stats/feedback")
async def feedback(request: Request, days: int = Days, helpful: Optional[bool] = False):
    """Feedback with its question and answer, newest first; ``helpful`` false (default) the unhelpful (extension)."""
    return await asyncio.to_thread(records.feedback_list, get_db(request), days, helpful)


@router.get("/v1/stats/answers/{answer_id}")
async def answer(request: Request, answer_id: str):
    """One logged answer: question, answer, citations (extension: the FAQ editor prefills from it)."""
    await _flushed(request)
    got = await asyncio.to_thread(records.logged_answer, get_db(request), answer_id[:64])
    if got is None:
        raise HTTPException(404, "no logged answer with this answer_id")
    return got
