"""Hands routes their resources. Heavy things (model, store) are created once in
the app's lifespan and kept on ``app.state``; routes only ever get them here."""

from __future__ import annotations

from fastapi import Request

from govqa.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_service(request: Request):
    """The GovQA service: ``.ask(question, session_id=None, report_id=None) -> dict``
    (the answer JSON of interface.md), ``.search(q, k) -> list[dict]``, ``.reports()``…"""
    return request.app.state.service
