"""Every route over real HTTP with the real model and store."""

from __future__ import annotations

import json

import httpx
import pytest

ADMIN = {"Authorization": "Bearer test-admin-key"}


@pytest.fixture(scope="module")
def client(service_url):
    with httpx.Client(base_url=service_url, timeout=60) as c:
        yield c


def test_health_and_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["reports"] >= 1


def test_ask_gives_the_exact_figure_with_its_citation(client):
    r = client.post("/v1/ask", json={"question": "泉州台商投资区规划建设与交通运输局2020年新收多少政府信息公开申请？"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"answer", "refused", "citations", "session_id"}
    assert body["refused"] is False and "8" in body["answer"]
    cite = body["citations"][0]
    assert cite["report_id"] == "2020-泉州台商投资区规划建设与交通运输局"
    assert cite["key"] == "requests.new.total" and "总计 8" in cite["text"]


def test_ask_refuses_what_the_reports_do_not_say(client):
    body = client.post("/v1/ask", json={"question": "明天泉州会下雨吗？"}).json()
    assert body["refused"] is True and body["citations"] == []


def test_follow_up_uses_the_session(client):
    first = client.post("/v1/ask", json={"question": "规建交局2020年新收多少申请？"}).json()
    second = client.post("/v1/ask", json={"question": "其中部分公开多少？", "session_id": first["session_id"]}).json()
    assert second["refused"] is False and "6" in second["answer"]
    assert second["citations"][0]["key"] == "requests.partial.total"


def test_sse_streams_deltas_then_the_answer(client):
    with client.stream("POST", "/v1/ask", json={"question": "规建交局2020年部分公开多少件？"},
                       headers={"Accept": "text/event-stream"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = []
        event = None
        for line in r.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((event, json.loads(line.split(":", 1)[1])))
    kinds = [e for e, _ in events]
    assert kinds[-1] == "answer" and "delta" in kinds
    streamed = "".join(d["text"] for e, d in events if e == "delta")
    assert streamed == events[-1][1]["answer"]


@pytest.mark.parametrize("payload,ctype", [
    (b'{"question": ""}', "application/json"),
    (json.dumps({"question": "问" * 501}).encode(), "application/json"),
    (b'{"question": ', "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"question=hi", "application/x-www-form-urlencoded"),
    (b'{"question": 42}', "application/json"),
    (b'[]', "application/json"),
])
def test_bad_input_is_4xx_never_500(client, payload, ctype):
    r = client.post("/v1/ask", content=payload, headers={"Content-Type": ctype})
    assert 400 <= r.status_code < 500, r.text
    assert "detail" in r.json()


def test_search_and_reports(client):
    hits = client.get("/v1/search", params={"q": "行政复议", "k": 5}).json()
    assert hits and {"kind", "text", "report_id", "score"} <= set(hits[0])
    reports = client.get("/v1/reports").json()
    ids = [r["report_id"] for r in reports]
    assert "2020-泉州台商投资区规划建设与交通运输局" in ids
    one = client.get("/v1/reports/2020-泉州台商投资区规划建设与交通运输局").json()
    assert one["values"]["requests.partial.natural_person"] == 6
    assert client.get("/v1/reports/2099-nobody").status_code == 404
    assert client.get("/v1/search", params={"q": ""}).status_code == 422


def test_admin_key_missing_wrong_right(client, tmp_path):
    from tests.conftest import SAMPLE

    files = {"file": ("sample.txt", SAMPLE.read_bytes(), "text/plain")}
    assert client.post("/v1/reports", files=files).status_code == 401
    assert client.post("/v1/reports", files=files, headers={"Authorization": "Bearer nope"}).status_code == 401
    r = client.post("/v1/reports", files=files, headers=ADMIN)
    assert r.status_code == 201 and r.json()["report_id"] == "2020-泉州台商投资区规划建设与交通运输局"
    assert client.delete("/v1/reports/2099-nobody", headers=ADMIN).status_code == 404
    assert client.delete("/v1/reports/x").status_code == 401


def test_upload_rules(client):
    bad = {"file": ("../../etc/passwd.exe", b"x", "application/octet-stream")}
    assert client.post("/v1/reports", files=bad, headers=ADMIN).status_code == 415
    junk = {"file": ("junk.txt", b"\x00\x01" * 100, "text/plain")}
    r = client.post("/v1/reports", files=junk, headers=ADMIN)
    assert r.status_code == 422 and "binary" in r.json()["detail"]


def test_pages_and_openapi(client):
    assert "widget.js" in client.get("/").text
    assert client.get("/widget.js").headers["content-type"].startswith("application/javascript")
    assert client.get("/staff").status_code == 200
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]


def test_cors_lets_another_origin_read_retry_after(client):
    """The widget on a portal's origin must be allowed to call /v1/ask and to read
    Retry-After (a CORS response header the browser hides unless exposed)."""
    origin = {"Origin": "https://portal.example.gov.cn"}
    pre = client.options("/v1/ask", headers={**origin, "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type,accept"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
    r = client.post("/v1/ask", json={"question": "规建交局2020年新收多少申请？"}, headers=origin)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] in ("*", origin["Origin"])
    assert "retry-after" in r.headers["access-control-expose-headers"].lower()


class _CannedService:
    def ask(self, question, session_id=None, report_id=None, channel="api"):
        return {"answer": "规建交局2020年共新收政府信息公开申请8件。", "refused": False, "citations": [],
                "session_id": session_id or "s"}


def test_ask_rate_limit_is_429_with_retry_after_cross_origin(tmp_path):
    from api.main import create_app
    from govqa.settings import Settings
    from tests.api.conftest import run_app

    app = create_app(Settings(home=tmp_path, ask_rate_per_minute=2), service=_CannedService())
    origin = {"Origin": "https://portal.example.gov.cn"}
    with run_app(app) as url, httpx.Client(base_url=url, timeout=10) as c:
        for _ in range(2):
            assert c.post("/v1/ask", json={"question": "新收多少申请？"}, headers=origin).status_code == 200
        for accept in ("application/json", "text/event-stream"):  # the widget asks for SSE
            r = c.post("/v1/ask", json={"question": "新收多少申请？"}, headers={**origin, "Accept": accept})
            assert r.status_code == 429 and r.json()["detail"]
            assert 1 <= int(r.headers["retry-after"]) <= 60
            assert "retry-after" in r.headers["access-control-expose-headers"].lower()
