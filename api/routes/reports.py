"""/v1/reports: list, one report's facts; upload and delete behind the admin key."""

from __future__ import annotations

import asyncio
import re
from pathlib import PurePath

from fastapi import APIRouter, Depends, HTTPException, Request, UploadFile

from api.deps import get_service, get_settings, require_admin
from ingest.errors import store_write_error
from ingest.reader import REPORT_SUFFIXES, ReportError
from ingest.store import StoreUnavailable

router = APIRouter(tags=["reports"])
_ALLOWED = set(REPORT_SUFFIXES)


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


@router.post("/v1/reports", status_code=201, dependencies=[Depends(require_admin)])
async def upload_report(request: Request, file: UploadFile):
    settings = get_settings(request)
    name = PurePath((file.filename or "upload.txt").replace("\\", "/")).name  # no path traversal
    if not re.fullmatch(r"[^\x00-\x1f/]{1,200}", name) or PurePath(name).suffix.lower() not in _ALLOWED:
        raise HTTPException(415, "upload a .txt, .md, .html, .pdf or .docx report")
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(413, f"the file is larger than {settings.max_upload_bytes} bytes")
    service = get_service(request)
    try:
        return await asyncio.to_thread(service.ingest_file, name, data)
    except ReportError as exc:
        raise HTTPException(422, f"{name}: {exc}") from None
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    except Exception as exc:  # the store's disk full, read-only or failing: 507 with a clear message
        message = store_write_error(exc, None if settings.chroma_url else settings.chroma_path)
        if message is None:
            raise
        raise HTTPException(507, message) from None


@router.delete("/v1/reports/{report_id}", dependencies=[Depends(require_admin)])
async def delete_report(request: Request, report_id: str):
    try:
        removed = await asyncio.to_thread(get_service(request).remove, report_id)
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    if not removed:
        raise HTTPException(404, "no such report")
    return {"removed": report_id}
