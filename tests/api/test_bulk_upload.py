"""A crawler's bulk file uploaded over HTTP, as `govqa ingest` takes it: each annual report
in it stored on its own, the other rows listed with why. Real app, real model, an embedded
store of its own."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

ADMIN = {"Authorization": "Bearer test-admin-key"}
KEJI = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild" / "2016-2023_hebei_sheng-kejiting.csv"


@pytest.fixture(scope="module")
def client(own_service_url):
    with httpx.Client(base_url=own_service_url, timeout=600) as c:
        yield c


def _upload(client, name: str, data: bytes, **fields):
    return client.post("/v1/reports", files={"file": (name, data, "text/csv")}, data=fields, headers=ADMIN)


def _ids(client) -> set[str]:
    return {r["report_id"] for r in client.get("/v1/reports").json()}


def test_a_bulk_file_with_a_stated_identity_or_without_reports_is_422_and_stores_nothing(client):
    if not KEJI.exists():
        pytest.skip("needs ../shared/corpus/wild")
    before = _ids(client)
    r = _upload(client, KEJI.name, KEJI.read_bytes(), agency="河北省科学技术厅")
    assert r.status_code == 422 and "several reports" in r.text
    other = "某局2023年法治政府建设情况报告," + "依法行政工作稳步推进。" * 40
    r = _upload(client, "column.csv", f"标题,内容\n{other}\n".encode())
    assert r.status_code == 422 and "no annual report" in r.text
    assert _ids(client) == before


def test_a_crawlers_bulk_file_is_stored_report_by_report_and_answers(client):
    if not KEJI.exists():
        pytest.skip("needs ../shared/corpus/wild")
    r = _upload(client, KEJI.name, KEJI.read_bytes())
    assert r.status_code == 201, r.text
    body = r.json()
    years = sorted(int(x["report_id"][:4]) for x in body["reports"])
    assert years == list(range(2015, 2024))
    assert body["skipped"] and all(s["skipped"] for s in body["skipped"])   # the column's other articles
    assert {x["report_id"] for x in body["reports"]} <= _ids(client)
    got = client.post("/v1/ask", json={"question": "河北省科技厅2023年收到多少政府信息公开申请？"}).json()
    assert not got["refused"] and got["citations"][0]["report_id"] == "2023-河北省科学技术厅"
