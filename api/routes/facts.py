"""GET /v1/facts: one figure across the store, one row per report in scope (JSON or CSV)."""

from __future__ import annotations

import asyncio
import csv
import io

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from api.deps import get_service
from bot.service import QuestionError
from ingest.store import StoreUnavailable

router = APIRouter(tags=["facts"])

CSV_COLUMNS = ["report_id", "agency", "year", "value", "state", "findings", "citation"]


def facts_csv(rows: list[dict]) -> str:
    """The rows as CSV: a blank cell stays empty with state "blank", never 0."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for r in rows:
        w.writerow([r["report_id"], r["agency"], r["year"], "" if r["value"] is None else r["value"], r["state"],
                    "; ".join(f["detail"] for f in r["findings"] if f.get("detail")),
                    (r["citation"] or {}).get("text", "")])
    return out.getvalue()


@router.get("/v1/facts")
async def facts(request: Request, key: str = Query(..., max_length=80), agency: str | None = Query(None, max_length=60),
                year: int | None = Query(None, ge=1990, le=2100), format: str = Query("json", pattern="^(json|csv)$")):
    service = get_service(request)
    try:
        rows = await asyncio.to_thread(service.facts_table, key, agency, year)
    except QuestionError as exc:
        raise HTTPException(422, str(exc)) from None
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    if format == "csv":
        return Response(facts_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="facts-{key}.csv"'})
    return rows


@router.get("/v1/facts/keys")
async def fact_keys():
    """Every figure key with the template's own words, for the staff explorer's picker."""
    from bot.facts import known_keys, label, unit

    return [{"key": k, "label": label(k), "unit": unit(k)} for k in known_keys()]
