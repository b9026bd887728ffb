"""A tiny stand-in for the GovQA HTTP service, for the widget's browser tests.

Serves the real static files (``/``, ``/widget.js``, ``/staff``, ``/staff.js``) and canned
answers on ``/v1/ask`` (SSE when asked for ``text/event-stream``, JSON otherwise), plus
``/v1/search`` and ``/v1/reports``. It follows the SSE contract the widget reads:

    event: delta   data: {"text": "..."}     (chunks of the answer text)
    event: answer  data: {answer JSON}       (the final answer, once)
    event: error   data: {"detail": "..."}

Which canned answer is returned depends on words in the question (see ``_canned``).
"""

from __future__ import annotations

import asyncio
import html
import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, StreamingResponse

STATIC = Path(__file__).resolve().parents[2] / "api" / "static"

XSS_TEXT = '答案里有代码：<img src=x onerror="window.__xss=1"> 和 <script>window.__xss=2</script> 都应显示为文字。'

SEED_ID = "2020-泉州台商投资区规划建设与交通运输局"
SEED_AGENCY = "泉州台商投资区规划建设与交通运输局"
SEED_ROW = "一、本年新收政府信息公开申请数量：自然人 8；商业企业 0；科研机构 0；社会公益组织 0；法律服务机构 0；其他 0；总计 8"
SEED_SECTION = "三、收到和处理政府信息公开申请情况"


def _citation(text: str = SEED_ROW, key: str | None = "requests.new.total") -> dict:
    return {
        "report_id": SEED_ID,
        "agency": SEED_AGENCY,
        "year": 2020,
        "section": SEED_SECTION,
        "text": text,
        "key": key,
    }


# An answer over many reports ("各机关…排名"): its table holds one row per report, a blank
# cell, an unread one, one the report does not print, a cell in a broken 勾稽 rule, and an
# agency name that is markup (to be shown as text).
AGGREGATE_ROWS = [
    {"report_id": "2024-甲市人民政府", "agency": "甲市人民政府", "year": 2024, "value": 3119, "state": "value",
     "findings": []},
    {"report_id": "2024-乙区人民政府", "agency": "乙区人民政府", "year": 2024, "value": 95, "state": "value",
     "findings": [{"rule": "prose_vs_table", "column": "total",
                   "detail": "the prose says 17 but requests.new.total = 95"}]},
    {"report_id": "2024-丙局", "agency": "丙局", "year": 2024, "value": None, "state": "blank", "findings": []},
    {"report_id": "2024-丁局", "agency": "丁局", "year": 2024, "value": None, "state": "unread", "findings": []},
    {"report_id": "2024-戊局", "agency": "戊局", "year": 2024, "value": None, "state": "absent", "findings": []},
    {"report_id": "2024-己局", "agency": '<img src=x onerror="window.__xss=5">己局', "year": 2024, "value": 34,
     "state": "value", "findings": []},
    {"report_id": "2024-庚局", "agency": "庚局", "year": 2024, "value": 0, "state": "value", "findings": []},
]


def _canned(question: str, session_id: str) -> dict:
    if "排名" in question:
        return {
            "answer": "库中各机关2024年本年新收政府信息公开申请数量最多的是甲市人民政府，3119件（由4份报告所列数字比较得出）。",
            "refused": False,
            "citations": [_citation()],
            "session_id": session_id,
            "kind": "aggregate",
            "computed": [{"op": "max", "value": 3119}],
            "table": {"label": "本年新收政府信息公开申请数量", "unit": "件",
                      "columns": ["agency", "year", "value", "state"], "rows": AGGREGATE_ROWS},
        }
    if "xss" in question.lower() or "<" in question:
        return {
            "answer": XSS_TEXT,
            "refused": False,
            "citations": [_citation('原文 <img src=x onerror="window.__xss=3"> 片段', None)],
            "session_id": session_id,
        }
    if "天气" in question or "refuse" in question.lower():
        return {
            "answer": "已入库的政府信息公开工作年度报告中没有找到与“天气”有关的内容。"
                      "如需了解，请联系泉州台商投资区规划建设与交通运输局（电话 0595-12345678）。",
            "refused": True,
            "citations": [],
            "session_id": session_id,
        }
    if "电话" in question:
        return {
            "answer": "泉州台商投资区规划建设与交通运输局的联系电话是0595-12345678。",
            "refused": False,
            "citations": [_citation("联系电话：0595-12345678", None)],
            "session_id": session_id,
        }
    return {
        "answer": f"{SEED_AGENCY}2020年共新收政府信息公开申请8件。",
        "refused": False,
        "citations": [_citation()],
        "session_id": session_id,
    }


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def create_app() -> FastAPI:
    app = FastAPI(title="GovQA widget stub")
    app.state.asks = []  # every /v1/ask body received, for the tests
    # A portal on another origin embeds the widget, so the API must allow CORS and expose
    # Retry-After (otherwise the widget cannot read it on a cross-origin 429).
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", "Accept"], expose_headers=["Retry-After"])

    @app.get("/")
    def index():
        return FileResponse(STATIC / "index.html")

    @app.get("/widget.js")
    def widget():
        return FileResponse(STATIC / "widget.js", media_type="application/javascript")

    @app.get("/staff")
    def staff():
        return FileResponse(STATIC / "staff.html")

    @app.get("/staff.js")
    def staff_js():
        return FileResponse(STATIC / "staff.js", media_type="application/javascript")

    @app.get("/_stub/portal")
    def portal(api: str):
        """A bare "portal" page whose widget talks to ``api`` (open it on another origin)."""
        src = html.escape(api.rstrip("/") + "/widget.js", quote=True)
        data = html.escape(api, quote=True)
        return HTMLResponse(
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>外站</title></head>'
            f'<body><p>其他网站嵌入</p><script src="{src}" data-govqa-url="{data}" defer></script>'
            "</body></html>"
        )

    @app.get("/_stub/asks")
    def asks():
        return app.state.asks

    @app.post("/v1/ask")
    async def ask(request: Request):
        try:
            body = await request.json()
        except Exception:
            return JSONResponse({"detail": "body must be JSON"}, status_code=422)
        if not isinstance(body, dict):
            return JSONResponse({"detail": "body must be an object"}, status_code=422)
        app.state.asks.append(body)
        q = body.get("question")
        if not isinstance(q, str) or not q.strip() or len(q) > 500:
            return JSONResponse({"detail": "question must be 1-500 characters"}, status_code=422)
        if "429" in q:
            return JSONResponse({"detail": "too many requests"}, status_code=429,
                                headers={"Retry-After": "7"})
        if "422" in q:
            return JSONResponse({"detail": "question is not valid"}, status_code=422)
        session_id = body.get("session_id") or f"stub-session-{len(app.state.asks)}"
        ans = _canned(q, session_id)
        wants_sse = "text/event-stream" in request.headers.get("accept", "")
        if not wants_sse or "json" in q.lower():
            return JSONResponse(ans)

        streams_error = "出错" in q

        async def gen():
            yield ": stub stream\n\n"  # a comment line, which the client must ignore
            text = ans["answer"]
            for i in range(0, len(text), 6):
                yield _sse("delta", {"text": text[i:i + 6]})
                await asyncio.sleep(0.02)
            if streams_error:
                yield _sse("error", {"detail": "检索服务暂时不可用"})
            else:
                yield _sse("answer", ans)

        return StreamingResponse(gen(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    reports = [{
        "report_id": SEED_ID, "agency": SEED_AGENCY, "year": 2020, "template": "2019",
        "n_values": 4, "n_findings": 1,
    }]
    detail = {
        "report_id": SEED_ID, "agency": SEED_AGENCY, "year": 2020, "template": "2019",
        "values": {"requests.new.total": 8, "requests.carried_over.total": 0,
                   "requests.handled_total.total": 7, "requests.carried_forward.total": 0},
        "blank": ["requests.new.business"],
        "contacts": {"phone": ["0595-12345678"], "address": "泉州台商投资区<b>某路</b>1号", "postcode": "362100"},
        "findings": [{"rule": "balance", "column": "total",
                      "detail": "new + carried_over = 8 + 0 ≠ handled_total + carried_forward = 7 + 0"}],
    }

    @app.get("/v1/reports")
    def list_reports():
        return reports

    @app.get("/v1/reports/{report_id}")
    def get_report(report_id: str):
        if report_id != SEED_ID:
            return JSONResponse({"detail": "no such report"}, status_code=404)
        return detail

    @app.get("/v1/search")
    def search(q: str = "", k: int = 10):
        return [
            {"kind": "table_row", "text": SEED_ROW, "report_id": SEED_ID, "agency": SEED_AGENCY,
             "year": 2020, "section": SEED_SECTION, "key": None, "score": 0.91},
            {"kind": "fact", "text": "requests.new.total = 8", "report_id": SEED_ID, "agency": SEED_AGENCY,
             "year": 2020, "section": SEED_SECTION, "key": "requests.new.total", "score": 0.88},
            {"kind": "prose", "text": '<img src=x onerror="window.__xss=4">', "report_id": SEED_ID,
             "agency": SEED_AGENCY, "year": 2020, "section": "一、总体情况", "key": None, "score": 0.1},
        ][:k]

    return app


app = create_app()

if __name__ == "__main__":  # python tests/api/_widget_stub_server.py  → http://127.0.0.1:8765/
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8765)
