"""The staff FAQ: ``GET /v1/faq`` (the published entries, public), ``POST /v1/faq``,
``PUT``/``DELETE /v1/faq/{id}`` (admin), ``GET /v1/faq/export?format=md|csv|json``.

Every entry cites at least one stored passage or cell (422 otherwise, naming the
citation). A saved entry's citations are checked again: an entry stale because a
cited report was replaced is fresh again once saved with citations the store holds."""

from __future__ import annotations

import asyncio
from typing import Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from api.deps import get_db, get_service, require_admin
from bot.service import QuestionError
from govqa import records

router = APIRouter(tags=["faq"])

MAX_TEXT = 4000


class CitationIn(BaseModel):
    report_id: str = Field(..., max_length=200)
    text: str = Field("", max_length=MAX_TEXT)
    key: Optional[str] = Field(None, max_length=200)
    section: Optional[str] = Field(None, max_length=500)
    agency: Optional[str] = None
    year: Optional[int] = None


class FaqIn(BaseModel):
    question: str = Field(..., min_length=1, max_length=500)
    variants: list[str] = Field(default_factory=list, max_length=50)
    answer: str = Field(..., min_length=1, max_length=MAX_TEXT)
    citations: list[CitationIn] = Field(..., max_length=50)
    status: Literal["draft", "published", "withdrawn"] = "draft"
    from_answer_id: Optional[str] = Field(None, max_length=64, description="the logged answer it was made from")


class FaqEdit(BaseModel):
    question: Optional[str] = Field(None, min_length=1, max_length=500)
    variants: Optional[list[str]] = Field(None, max_length=50)
    answer: Optional[str] = Field(None, min_length=1, max_length=MAX_TEXT)
    citations: Optional[list[CitationIn]] = Field(None, max_length=50)
    status: Optional[Literal["draft", "published", "withdrawn"]] = None


def _variants(values: list[str]) -> list[str]:
    return [v.strip()[:500] for v in values if v and v.strip()]


async def _checked(request: Request, citations: list[CitationIn]):
    service = get_service(request)
    try:
        return await asyncio.to_thread(service.faq_citations, [c.model_dump() for c in citations])
    except QuestionError as exc:
        raise HTTPException(422, str(exc)) from None


def _changed(request: Request) -> None:
    changed = getattr(getattr(request.app.state, "service", None), "faq_changed", None)
    if changed is not None:
        changed()


@router.get("/v1/faq")
async def list_faq(request: Request, all: bool = Query(False, description="admin: drafts, withdrawn and stale too")):
    """The published, current entries (public); ``?all=true`` with the admin key: every
    entry, stale ones first, each with ``status``, ``stale`` and ``broken`` (the citations
    whose report was replaced or removed)."""
    if all:
        require_admin(request, request.headers.get("authorization"))
    entries = await asyncio.to_thread(records.faq_list, get_db(request), not all)
    return [records.public(e) for e in entries]


@router.get("/v1/faq/export")
async def export_faq(request: Request, format: Literal["md", "csv", "json"] = "md"):
    """The published FAQ for a portal's own FAQ page."""
    entries = await asyncio.to_thread(records.faq_list, get_db(request), True)
    media = {"md": "text/markdown", "csv": "text/csv", "json": "application/json"}[format]
    return Response(records.export(entries, format), media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="faq.{format}"'})


@router.post("/v1/faq", status_code=201, dependencies=[Depends(require_admin)])
async def create_faq(request: Request, body: FaqIn):
    citations, gens = await _checked(request, body.citations)
    entry_id = await asyncio.to_thread(
        records.faq_create, get_db(request), body.question.strip(), _variants(body.variants), body.answer.strip(),
        citations, gens, body.status, body.from_answer_id)
    _changed(request)
    return {"id": entry_id}


@router.put("/v1/faq/{entry_id}", dependencies=[Depends(require_admin)])
async def edit_faq(request: Request, entry_id: int, body: FaqEdit):
    db = get_db(request)
    entry = await asyncio.to_thread(records.faq_get, db, entry_id)
    if entry is None:
        raise HTTPException(404, "no FAQ entry with this id")
    given = body.citations if body.citations is not None else [CitationIn(**c) for c in entry["citations"]]
    citations, gens = await _checked(request, given)
    await asyncio.to_thread(records.faq_update, db, entry_id, question=body.question and body.question.strip(),
                            variants=None if body.variants is None else _variants(body.variants),
                            answer=body.answer and body.answer.strip(), citations=citations, generations=gens,
                            status=body.status, stale=False, broken=[])
    _changed(request)
    got = await asyncio.to_thread(records.faq_get, db, entry_id)
    return records.public(got)


@router.delete("/v1/faq/{entry_id}", status_code=204, response_class=Response,
               dependencies=[Depends(require_admin)])
async def delete_faq(request: Request, entry_id: int):
    if not await asyncio.to_thread(records.faq_delete, get_db(request), entry_id):
        raise HTTPException(404, "no FAQ entry with this id")
    _changed(request)
    return Response(status_code=204)
