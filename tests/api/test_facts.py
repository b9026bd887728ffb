"""GET /v1/facts and /v1/facts/keys over real HTTP with the real model and store:
one row per report, a blank cell null with state "blank" (never 0), the same rows
as CSV, 422 for what is not a figure key."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.api.conftest import FACTS_AGENCY

KEY = "requests.new.total"
SAMPLE_ID = "2020-泉州台商投资区规划建设与交通运输局"


@pytest.fixture(scope="module")
def client(service_url, facts_reports):
    with httpx.Client(base_url=service_url, timeout=60) as c:
        yield c


def _facts(client, **params) -> list[dict]:
    r = client.get("/v1/facts", params={"key": KEY, **params})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def test_json_has_one_row_per_report_in_the_store(client):
    rows = _facts(client)
    stored = {r["report_id"] for r in client.get("/v1/reports").json()}
    assert sorted(r["report_id"] for r in rows) == sorted(stored)
    for r in rows:
        assert set(r) == {"report_id", "agency", "year", "value", "state", "findings", "citation"}
        assert r["state"] in ("value", "blank", "unread", "absent")
        assert (r["value"] is not None) == (r["state"] == "value"), r
    sample = next(r for r in rows if r["report_id"] == SAMPLE_ID)
    assert sample["value"] == 8 and sample["state"] == "value" and sample["year"] == 2020
    assert sample["citation"]["key"] == KEY and "总计 8" in sample["citation"]["text"]


def test_a_blank_cell_stays_null_with_state_blank(client, facts_reports):
    rows = {r["report_id"]: r for r in _facts(client, agency=FACTS_AGENCY)}
    assert set(rows) == set(facts_reports.values())
    blank = rows[facts_reports[2020]]
    assert blank["state"] == "blank" and blank["value"] is None and blank["findings"] == []
    assert blank["citation"] is not None and blank["citation"]["key"] == KEY  # the row as printed
    filled = rows[facts_reports[2021]]
    assert filled["state"] == "value" and filled["value"] == 8


def test_agency_and_year_narrow_the_rows(client, facts_reports):
    assert [r["report_id"] for r in _facts(client, agency=FACTS_AGENCY, year=2021)] == [facts_reports[2021]]
    in_2020 = _facts(client, year=2020)
    assert {r["year"] for r in in_2020} == {2020}
    assert {SAMPLE_ID, facts_reports[2020]} <= {r["report_id"] for r in in_2020}
    assert _facts(client, agency="没有这个机关") == []


def test_csv_holds_the_same_rows_and_a_blank_is_empty_not_0(client, facts_reports):
    r = client.get("/v1/facts", params={"key": KEY, "format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers.get("content-disposition", "")
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert list(table[0]) == ["report_id", "agency", "year", "value", "state", "findings", "citation"]
    by_id = {row["report_id"]: row for row in table}
    assert sorted(by_id) == sorted(x["report_id"] for x in _facts(client))
    assert by_id[facts_reports[2020]]["value"] == "" and by_id[facts_reports[2020]]["state"] == "blank"
    assert by_id[facts_reports[2021]]["value"] == "8"
    assert by_id[SAMPLE_ID]["value"] == "8" and "总计 8" in by_id[SAMPLE_ID]["citation"]
    one = client.get("/v1/facts", params={"key": KEY, "format": "csv", "agency": FACTS_AGENCY, "year": 2020})
    assert [row["report_id"] for row in csv.DictReader(io.StringIO(one.text))] == [facts_reports[2020]]


@pytest.mark.parametrize("params", [
    {"key": "not a key"}, {"key": "requests"}, {"key": "总计"}, {"key": ""}, {"key": "x" * 81}, {},
    {"key": KEY, "format": "xml"}, {"key": KEY, "year": "2020年"}, {"key": KEY, "year": 1800},
])
def test_what_is_not_a_figure_key_or_a_filter_is_422(client, params):
    r = client.get("/v1/facts", params=params)
    assert r.status_code == 422, (params, r.status_code, r.text)
    assert isinstance(r.json()["detail"], (str, list))


def test_keys_give_the_templates_own_words(client):
    r = client.get("/v1/facts/keys")
    assert r.status_code == 200
    keys = r.json()
    by_key = {k["key"]: k for k in keys}
    assert len(by_key) == len(keys)
    assert by_key[KEY] == {"key": KEY, "label": "本年新收政府信息公开申请数量", "unit": "件"}
    assert any("行政复议" in k["label"] for k in keys)
    assert all(k["label"] for k in keys)
    for k in (keys[0], keys[len(keys) // 2], keys[-1]):  # every listed key is one /v1/facts takes
        assert client.get("/v1/facts", params={"key": k["key"]}).status_code == 200


def test_ask_over_http_carries_the_table_and_what_was_computed(client):
    r = client.post("/v1/ask", json={"question": "2024年所有机关一共收到多少件申请？"})
    assert r.status_code == 200
    body = r.json()
    assert body["table"]["rows"] and all(row["state"] in ("value", "blank", "unread", "absent")
                                         for row in body["table"]["rows"])
    total = next(c for c in body["computed"] if c["op"] == "sum")
    assert total["value"] == sum(total["of"])
    assert body["table"].get("label")
