"""The widget script, the demo portal page and the staff page (static files)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"


@router.get("/")
async def demo_page():
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.get("/widget.js")
async def widget():
    return FileResponse(STATIC / "widget.js", media_type="application/javascript; charset=utf-8")


@router.get("/staff")
async def staff_page():
    return FileResponse(STATIC / "staff.html", media_type="text/html; charset=utf-8")


@router.get("/staff.js")
async def staff_js():
    return FileResponse(STATIC / "staff.js", media_type="application/javascript; charset=utf-8")


@router.get("/staff_ops.js")
async def staff_ops_js():
    """The staff page's question log, feedback and FAQ sections (admin key typed on the page)."""
    return FileResponse(STATIC / "staff_ops.js", media_type="application/javascript; charset=utf-8")
