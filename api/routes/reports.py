"""/v1/reports: list, one report's facts; upload, delete and correct a report's
identity (agency, year) behind the admin key."""

from __future__ import annotations

import asyncio
import re
from pathlib import PurePath
from typing import Optional

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from api.deps import get_service, get_settings, require_admin
from ingest.errors import store_write_error
from ingest.bulk import BULK_SUFFIXES
from ingest.reader import REPORT_SUFFIXES, ReportError
from ingest.store import IdentityConflict, IdentityError, StoreUnavailable, check_identity

router = APIRouter(tags=["reports"])
_ALLOWED = set(REPORT_SUFFIXES) | set(BULK_SUFFIXES)


@router.get("/v1/reports")
async def list_reports(request: Request):
    try:
        return await asyncio.to_thread(get_service(request).reports)
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None


@router.get("/v1/reports/{report_id}")
async def get_report(request: Request, report_id: str):
    try:
        report = await asyncio.to_thread(get_service(request).report, report_id)
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    if report is None:
        raise HTTPException(404, "no such report")
    return report.interface_json()


def _store_failure(settings, exc: Exception) -> HTTPException:
    """The store's disk full, read-only or failing: 507 with a clear message."""
    message = store_write_error(exc, None if settings.chroma_url else settings.chroma_path)
    if message is None:
        raise exc
    return HTTPException(507, message)


@router.post("/v1/reports", status_code=201, dependencies=[Depends(require_admin)])
async def upload_report(request: Request, file: UploadFile,
                        agency: Optional[str] = Form(None, max_length=200,
                                                     description="the report's agency, stated where its text does "
                                                                 "not name it right"),
                        year: Optional[str] = Form(None, max_length=20,
                                                   description="the year the report covers (an integer), stated "
                                                               "where its text does not give it right")):
    settings = get_settings(request)
    try:
        agency, year_ = check_identity(agency, year)
    except IdentityError as exc:
        raise HTTPException(422, str(exc)) from None
    name = PurePath((file.filename or "upload.txt").replace("\\", "/")).name  # no path traversal
    if not re.fullmatch(r"[^\x00-\x1f/]{1,200}", name) or PurePath(name).suffix.lower() not in _ALLOWED:
        raise HTTPException(415, "upload a .txt, .md, .html, .pdf or .docx report, or a crawler's .csv / .tsv file")
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(413, f"the file is larger than {settings.max_upload_bytes} bytes")
    service = get_service(request)
    stated = {k: v for k, v in (("agency", agency), ("year", year_)) if v is not None}
    try:
        if PurePath(name).suffix.lower() in BULK_SUFFIXES:
            return await asyncio.to_thread(_bulk_upload, service, name, data, stated)
        return await asyncio.to_thread(service.ingest_file, name, data, **stated)
    except ReportError as exc:
        raise HTTPException(422, f"{name}: {exc}") from None
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    except Exception as exc:
        raise _store_failure(settings, exc) from None


def _bulk_upload(service, name: str, data: bytes, stated: dict) -> dict:
    """A crawler's file of many articles, as `govqa ingest` takes it: each annual report in it
    added on its own; the rows that are not reports, or cannot be read, listed with why."""
    if stated:
        raise ReportError("a crawler's file holds several reports: state one report's agency or year after the "
                          "upload (POST /v1/reports/{id}/identity)")
    rows = service.ingest_bulk(name, data)
    added = [r for r in rows if not r.get("skipped")]
    if not added:
        reasons = "; ".join(f"row {r['row']}: {r['skipped']}" for r in rows[:5]) or "the file has no rows"
        raise ReportError(f"no annual report could be read from it ({reasons})")
    return {"file": name, "reports": added, "skipped": [r for r in rows if r.get("skipped")]}


class IdentityIn(BaseModel):
    """A stored report's identity as staff state it: either or both."""
    model_config = ConfigDict(extra="forbid")
    agency: Optional[str] = Field(None, max_length=200, description="the agency's full name")
    year: Optional[int] = Field(None, description="the year the report covers (its 统计期限)")


@router.post("/v1/reports/{report_id}/identity", dependencies=[Depends(require_admin)])
async def correct_identity(request: Request, report_id: str, body: IdentityIn):
    """Correct a stored report's agency and/or year without uploading it again:
    it moves to ``{year}-{agency}`` in one commit (the old id disappears), its
    provenance says "given". 404 no such report, 409 the new id is another
    report's, 422 a bad agency or year (nothing changes)."""
    settings = get_settings(request)
    try:
        agency, year = check_identity(body.agency, body.year)
    except IdentityError as exc:
        raise HTTPException(422, str(exc)) from None
    if agency is None and year is None:
        raise HTTPException(422, "state the agency, the year or both")
    service = get_service(request)
    try:
        report = await asyncio.to_thread(service.store.correct_identity, report_id, agency, year)
    except IdentityConflict as exc:
        raise HTTPException(409, str(exc)) from None
    except IdentityError as exc:
        raise HTTPException(422, str(exc)) from None
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    except Exception as exc:
        raise _store_failure(settings, exc) from None
    if report is None:
        raise HTTPException(404, "no such report")
    return {"report_id": report.report_id, "previous_report_id": report_id, "agency": report.agency,
            "year": report.year, "identity": report.identity, "agency_variants": report.agency_variants}


@router.delete("/v1/reports/{report_id}", dependencies=[Depends(require_admin)])
async def delete_report(request: Request, report_id: str):
    try:
        removed = await asyncio.to_thread(get_service(request).remove, report_id)
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    if not removed:
        raise HTTPException(404, "no such report")
    return {"removed": report_id}
