"""A report's identity stated by a person over HTTP: upload form fields
``agency`` / ``year``, and ``POST /v1/reports/{id}/identity`` correcting a
stored report without a new upload. Real app, real model, an embedded store
of its own (``own_service``: these tests change what it holds)."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import SAMPLE

ADMIN = {"Authorization": "Bearer test-admin-key"}
SAMPLE_ID = "2020-泉州台商投资区规划建设与交通运输局"
SAMPLE_AGENCY = "泉州台商投资区规划建设与交通运输局"


@pytest.fixture(scope="module")
def client(own_service_url):
    with httpx.Client(base_url=own_service_url, timeout=120) as c:
        yield c


def _upload(client, name: str, headers=ADMIN, **fields):
    files = {"file": (name, SAMPLE.read_bytes(), "text/plain")}
    return client.post("/v1/reports", files=files, data=fields, headers=headers)


def _ids(client) -> list[str]:
    return sorted(r["report_id"] for r in client.get("/v1/reports").json())


def test_upload_with_a_stated_identity_wins_and_says_given(client):
    r = _upload(client, "no-name.txt", agency="漳州市测试上传局", year="2021")
    assert r.status_code == 201, r.text
    assert r.json()["report_id"] == "2021-漳州市测试上传局"
    got = client.get("/v1/reports/2021-漳州市测试上传局").json()
    assert got["agency"] == "漳州市测试上传局" and got["year"] == 2021
    assert got["identity"] == {"agency_from": "given", "year_from": "given"}
    assert SAMPLE_AGENCY in got["agency_variants"]
    # only the year stated: the agency is read from the text
    r = _upload(client, "year-only.txt", year="2022年")
    assert r.status_code == 201 and r.json()["report_id"] == f"2022-{SAMPLE_AGENCY}"
    got = client.get(f"/v1/reports/2022-{SAMPLE_AGENCY}").json()
    assert got["identity"]["year_from"] == "given" and got["identity"]["agency_from"] != "given"
    # empty form fields state nothing
    r = _upload(client, "plain.txt", agency="", year="")
    assert r.status_code == 201 and r.json()["report_id"] == SAMPLE_ID
    for rid in ("2021-漳州市测试上传局", f"2022-{SAMPLE_AGENCY}"):
        assert client.delete(f"/v1/reports/{rid}", headers=ADMIN).status_code == 200
    assert _ids(client) == [SAMPLE_ID]


@pytest.mark.parametrize("fields,words", [
    ({"year": "abc"}, "whole number"),
    ({"year": "2020.5"}, "whole number"),
    ({"year": "1899"}, "2000 to"),
    ({"agency": "../../etc"}, "cannot contain"),
    ({"agency": "Bureau"}, "Chinese name"),
])
def test_upload_with_a_bad_stated_identity_is_422_and_stores_nothing(client, fields, words):
    before = _ids(client)
    r = _upload(client, "bad.txt", **fields)
    assert r.status_code == 422 and words in r.json()["detail"], r.text
    assert _ids(client) == before


def _correct(client, report_id: str, body, headers=ADMIN):
    return client.post(f"/v1/reports/{report_id}/identity", json=body, headers=headers)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer forged-key"}, {"Authorization": "test-admin-key"},
                                     {"X-Admin-Key": "test-admin-key"}])
def test_correcting_without_the_admin_key_is_refused_and_changes_nothing(client, headers):
    before = _ids(client)
    r = _correct(client, SAMPLE_ID, {"agency": "厦门市翔安区交通运输局"}, headers=headers)
    assert r.status_code == 401 and r.json()["detail"] == "missing or wrong admin key"
    assert _ids(client) == before
    assert client.get(f"/v1/reports/{SAMPLE_ID}").json()["identity"]["agency_from"] != "given"


@pytest.mark.parametrize("body,status,words", [
    ({"year": "abc"}, 422, "year"),
    ({"year": 2020.5}, 422, "year"),
    ({"year": 1999}, 422, "2000 to"),
    ({"year": 2018}, 422, "upload the file again"),
    ({"agency": "a/b局"}, 422, "cannot contain"),
    ({"agency": "  "}, 422, "state the agency, the year or both"),
    ({}, 422, "state the agency, the year or both"),
    ({"agnecy": "厦门市翔安区交通运输局"}, 422, "agnecy"),   # a misspelt field is not silently ignored
    ({"agency": SAMPLE_AGENCY, "year": 2020}, 200, ""),     # the same identity: a no-op apart from "given"
])
def test_a_bad_correction_is_refused_and_changes_nothing(client, own_service, body, status, words):
    before = _ids(client)
    facts = client.get(f"/v1/reports/{SAMPLE_ID}").json()
    r = _correct(client, SAMPLE_ID, body)
    assert r.status_code == status and words in r.text, r.text
    assert _ids(client) == before
    after = client.get(f"/v1/reports/{SAMPLE_ID}").json()
    assert after["values"] == facts["values"] and after["agency"] == SAMPLE_AGENCY


def test_correcting_an_unknown_report_is_404_and_onto_another_report_409(client):
    assert _correct(client, "2099-nobody", {"year": 2020}).status_code == 404
    assert _upload(client, "other.txt", agency="漳州市测试冲突局").status_code == 201
    before = _ids(client)
    r = _correct(client, SAMPLE_ID, {"agency": "漳州市测试冲突局"})
    assert r.status_code == 409 and "already in the store" in r.json()["detail"]
    assert _ids(client) == before
    assert client.delete("/v1/reports/2020-漳州市测试冲突局", headers=ADMIN).status_code == 200


def test_a_corrected_report_answers_under_its_new_name_and_the_old_id_is_gone(client, own_service):
    question = "{}2020年新收多少政府信息公开申请？"
    old = own_service.ask(question.format(SAMPLE_AGENCY))
    assert not old["refused"] and {c["report_id"] for c in old["citations"]} == {SAMPLE_ID}

    new_agency = "厦门市翔安区交通运输局"
    r = _correct(client, SAMPLE_ID, {"agency": new_agency})
    assert r.status_code == 200, r.text
    body = r.json()
    new_id = f"2020-{new_agency}"
    assert body["report_id"] == new_id and body["previous_report_id"] == SAMPLE_ID
    assert body["identity"]["agency_from"] == "given" and SAMPLE_AGENCY in body["agency_variants"]
    assert _ids(client) == [new_id]
    assert client.get(f"/v1/reports/{SAMPLE_ID}").status_code == 404
    assert own_service.report(SAMPLE_ID) is None

    ans = own_service.ask(question.format(new_agency))
    assert not ans["refused"], ans["answer"]
    assert "8" in ans["answer"] and new_agency in ans["answer"]
    assert ans["citations"] and {(c["report_id"], c["agency"]) for c in ans["citations"]} == {(new_id, new_agency)}
    stale = own_service.ask(question.format(SAMPLE_AGENCY))  # no index still holds the old id
    assert SAMPLE_ID not in {c["report_id"] for c in stale["citations"]}
    hits = own_service.search("本年新收政府信息公开申请", k=10)
    assert hits and {h["report_id"] for h in hits} == {new_id}
    # over HTTP as well
    http = client.post("/v1/ask", json={"question": question.format(new_agency)}).json()
    assert {c["report_id"] for c in http["citations"]} == {new_id}

    # and back: the stored facts are the same report's
    r = _correct(client, new_id, {"agency": SAMPLE_AGENCY})
    assert r.status_code == 200 and r.json()["report_id"] == SAMPLE_ID
    assert _ids(client) == [SAMPLE_ID]
    assert client.get(f"/v1/reports/{SAMPLE_ID}").json()["values"]["requests.new.total"] == 8


def test_the_staff_page_has_the_correction_form(client):
    js = client.get("/staff.js").text
    assert "/identity" in js and "identity-agency" in js and "identity-year" in js and "Authorization" in js
    assert "/v1/reports/{report_id}/identity" in client.get("/openapi.json").json()["paths"]
