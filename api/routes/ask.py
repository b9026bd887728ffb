"""POST /v1/ask: JSON, or SSE with ``Accept: text/event-stream``.

SSE events: ``delta`` {"text"} pieces of the answer, then ``answer`` with the
full answer JSON; ``error`` {"detail"} on failure."""

from __future__ import annotations

import asyncio
import json
from typing import Literal, Optional

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse

from api.deps import client_id, get_db, get_service, get_settings
from api.limits import retry_after
from bot.service import QuestionError
from govqa.db import DatabaseUnavailable
from ingest.store import StoreUnavailable

router = APIRouter(tags=["answers"])


class AskRequest(BaseModel):
    question: str = Field(..., description="the citizen's question (1–500 characters)")
    session_id: Optional[str] = Field(None, max_length=128)
    report_id: Optional[str] = Field(None, max_length=200)
    channel: Optional[Literal["widget", "api"]] = Field(
        None, description="extension: who asks, for the question log: the widget sends \"widget\"; default api")


class Citation(BaseModel):
    report_id: str
    agency: str
    year: int
    section: str
    text: str
    key: Optional[str] = None


class AskResponse(BaseModel):
    answer: str
    refused: bool
    citations: list[Citation]
    session_id: str
    answer_id: Optional[str] = Field(None, description="names this answer for POST /v1/feedback")
    source: Literal["report", "faq"] = Field("report", description="\"faq\" when a published FAQ entry answered")
    llm_used: Optional[bool] = Field(None, description="extension: true when the optional LLM (GOVQA_LLM_URL) "
                                     "rephrased the answer; false when it was not used; null when no LLM is set")
    table: Optional[dict] = Field(None, description="extension: a ranking, total, trend or share over several "
                                  "reports: {label, unit, columns, rows: [{report_id, agency, year, value, state, "
                                  "findings}]}, every row (the answer lists the first five)")
    computed: Optional[list[dict]] = Field(None, description="extension: each figure the answer computes, "
                                           "{op: sum|max|min|difference|share, value, of: [the cited figures]}")


async def run_ask(request: Request, body: AskRequest) -> dict:
    settings = get_settings(request)
    try:  # shared by every instance: a round trip to the database, off the event loop
        wait = await asyncio.to_thread(request.app.state.ask_limit.check, get_db(request), client_id(request))
    except DatabaseUnavailable as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "5"}) from None
    if wait:
        raise HTTPException(429, "too many questions; please wait a moment", headers={"Retry-After": retry_after(wait)})
    question = (body.question or "").strip()
    if not question:
        raise HTTPException(422, "the question is empty")
    if len(question) > settings.max_question_chars:
        raise HTTPException(422, f"the question is longer than {settings.max_question_chars} characters")
    service = get_service(request)
    try:
        return await asyncio.to_thread(service.ask, question, body.session_id, body.report_id,
                                       body.channel or "api")
    except QuestionError as exc:
        raise HTTPException(422, str(exc)) from None
    except (StoreUnavailable, DatabaseUnavailable) as exc:
        raise HTTPException(503, str(exc)) from None


@router.post("/v1/ask", response_model=AskResponse, response_model_exclude_none=False)
async def ask(request: Request, body: AskRequest):
    if "text/event-stream" in request.headers.get("accept", ""):
        try:
            result = await run_ask(request, body)
        except HTTPException as exc:
            if exc.status_code == 429:
                raise
            detail = exc.detail

            async def failed():
                yield {"event": "error", "data": json.dumps({"detail": detail}, ensure_ascii=False)}
            return EventSourceResponse(failed(), status_code=exc.status_code)

        async def stream():
            text = result["answer"]
            # The answer is final before it streams (no number is ever shown
            # before its citation exists); pieces let the widget render early.
            for i in range(0, len(text), 24):
                yield {"event": "delta", "data": json.dumps({"text": text[i:i + 24]}, ensure_ascii=False)}
            yield {"event": "answer", "data": json.dumps(result, ensure_ascii=False)}
        return EventSourceResponse(stream())
    return await run_ask(request, body)
