"""Issue 16 over real HTTP against the real service (model, embedded store with the sample
report, its own SQLite database): the question log (no address, no OpenID anywhere in
the database), feedback, the FAQ (citations checked, published entries answering their
paraphrases and nothing else, stale when the cited report is replaced), exports and the
stats grouping; the CLI's ``faq`` and ``questions``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import uuid

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import inspect, select

from tests.api.conftest import run_app
from tests.conftest import SAMPLE

ADMIN = {"Authorization": "Bearer test-admin-key"}
AGENCY = "泉州台商投资区规划建设与交通运输局"
SAMPLE_ID = f"2020-{AGENCY}"
ENTRY_Q = f"{AGENCY}2020年新收多少政府信息公开申请？"
PARAPHRASE = f"2020年{AGENCY}一共收到了多少件政府信息公开申请"
DIFFERENT = f"{AGENCY}2020年新收的政府信息公开申请里予以公开多少件？"  # shares most words, asks another cell
STAFF_ANSWER = "（经工作人员审核）该局2020年共新收政府信息公开申请8件。"
TOKEN = "govqaLogToken"
CLIENT_IP = "127.0.0.2"  # the test's client binds here, so the address is one no other row can hold by chance


@pytest.fixture(scope="module")
def app_url(own_service):
    from api.main import create_app

    settings = own_service.settings.model_copy(update={"wechat_token": SecretStr(TOKEN), "feedback_rate_per_minute": 5})
    with run_app(create_app(settings, own_service)) as url:
        yield url


@pytest.fixture(scope="module")
def client(app_url):
    transport = httpx.HTTPTransport(local_address=CLIENT_IP)
    with httpx.Client(base_url=app_url, timeout=60, transport=transport) as c:
        yield c


def _ask(client, question, channel="widget", **extra):
    r = client.post("/v1/ask", json={"question": question, "channel": channel, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def _wechat(app_url, openid: str, question: str) -> httpx.Response:
    from wechatpy.utils import WeChatSigner

    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce)
    xml = (f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
           f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[{question}]]></Content><MsgId>{uuid.uuid4().int % 10**18}</MsgId></xml>")
    return httpx.post(f"{app_url}/wechat", params={"signature": signer.signature, "timestamp": timestamp,
                                                   "nonce": nonce, "openid": openid},
                      content=xml.encode(), headers={"Content-Type": "text/xml"}, timeout=60)


def _sample_citation(client) -> dict:
    got = _ask(client, ENTRY_Q, channel="api")
    assert not got["refused"] and got["source"] == "report", got
    cite = next(c for c in got["citations"] if c.get("key") == "requests.new.total")
    return cite


def _all_entries(client) -> list[dict]:
    r = client.get("/v1/faq", params={"all": "true"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    return r.json()


# -- the question log ---------------------------------------------------------------------------


def test_answers_carry_an_answer_id_and_a_source(client):
    a, b = _ask(client, ENTRY_Q), _ask(client, ENTRY_Q)
    assert a["source"] == b["source"] == "report"
    assert len(a["answer_id"]) == 36 and a["answer_id"] != b["answer_id"]


def test_the_log_holds_no_address_and_no_openid(client, app_url, own_service):
    openid = "oLOGTEST" + uuid.uuid4().hex[:14]
    answered = _ask(client, f"{AGENCY}2020年主动公开政府信息多少条？")
    refused = _ask(client, "今天天气怎么样？")
    reply = _wechat(app_url, openid, f"{AGENCY}的电话是多少")
    assert reply.status_code == 200 and "0595-27396608" in reply.text, reply.text
    own_service.log_writer.flush()

    db = own_service.db
    with db.begin() as conn:
        rows = {r["answer_id"]: r for r in conn.execute(select(_log())).mappings().all()}
    assert rows[answered["answer_id"]]["channel"] == "widget"
    assert rows[answered["answer_id"]]["outcome"] == "answered"
    assert rows[refused["answer_id"]]["outcome"] == "refused"
    wechat_rows = [r for r in rows.values() if r["channel"] == "wechat"]
    assert wechat_rows and wechat_rows[-1]["outcome"] == "answered"
    assert json.loads(rows[answered["answer_id"]]["agencies"]) == [AGENCY]
    assert json.loads(rows[answered["answer_id"]]["years"]) == [2020]

    # every cell of every table, and the database's files as bytes
    found = []
    with db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"'):
                for cell in row:
                    if any(s in str(cell) for s in (CLIENT_IP, openid)):
                        found.append((table, cell))
    assert not found, found
    path = db.engine.url.database
    for suffix in ("", "-wal"):
        try:
            data = open(path + suffix, "rb").read()
        except FileNotFoundError:
            continue
        assert CLIENT_IP.encode() not in data and openid.encode() not in data


def _log():
    from govqa.records import question_log

    return question_log


def test_the_cli_logs_its_questions_too(own_service):
    own_service.ask(ENTRY_Q, channel="cli")
    own_service.log_writer.flush()
    with own_service.db.begin() as conn:
        channels = {r[0] for r in conn.execute(select(_log().c.channel))}
    assert "cli" in channels


def test_old_rows_are_purged(own_service):
    from govqa import records

    db = own_service.db
    old = records.log_row("很久以前的问题", "很久以前的问题", {"answer_id": str(uuid.uuid4()), "answer": "x",
                                                             "refused": True}, None, "api", 1.0,
                          now=time.time() - 200 * 86400)
    with db.begin() as conn:
        conn.execute(records.question_log.insert().values(**old))
    records.record_feedback(db, old["answer_id"], False, "旧", now=time.time() - 200 * 86400)
    assert records.purge_log(db, 180) == 2
    assert not records.answer_exists(db, old["answer_id"])


# -- feedback --------------------------------------------------------------------------------


def test_feedback_is_recorded_and_unknown_ids_refused(client, own_service):
    got = _ask(client, f"{AGENCY}2020年行政复议多少件？")
    r = client.post("/v1/feedback", json={"answer_id": got["answer_id"], "helpful": False, "comment": "没说清楚"})
    assert r.status_code == 204, r.text
    r = client.post("/v1/feedback", json={"answer_id": str(uuid.uuid4()), "helpful": True})
    assert r.status_code == 404
    r = client.post("/v1/feedback", json={"answer_id": got["answer_id"], "helpful": False, "comment": "长" * 501})
    assert r.status_code == 422
    listed = client.get("/v1/stats/feedback", headers=ADMIN).json()
    assert any(f["answer_id"] == got["answer_id"] and f["comment"] == "没说清楚" and not f["helpful"]
               for f in listed)
    stats = client.get("/v1/stats/questions", headers=ADMIN).json()
    row = next(s for s in stats if s["answer_id"] == got["answer_id"])
    assert row["unhelpful"] == 1 and row["helpful"] == 0


def test_a_flood_of_feedback_gets_429(app_url, client):
    got = _ask(client, ENTRY_Q)
    # a client of its own (another address): the limit is per client, 5 a minute here
    with httpx.Client(base_url=app_url, timeout=30, transport=httpx.HTTPTransport(local_address="127.0.0.3")) as c:
        codes = [c.post("/v1/feedback", json={"answer_id": got["answer_id"], "helpful": True}).status_code
                 for _ in range(8)]
    assert codes[:5] == [204] * 5 and codes[5:] == [429] * 3, codes


# -- the FAQ ----------------------------------------------------------------------------------


def test_an_entry_must_cite_a_stored_passage_or_cell(client):
    body = {"question": ENTRY_Q, "answer": STAFF_ANSWER}
    assert client.post("/v1/faq", json={**body, "citations": []}, headers=ADMIN).status_code == 422
    bad = [{"report_id": "2020-没有这个机关", "text": "总计 8", "key": "requests.new.total"}]
    r = client.post("/v1/faq", json={**body, "citations": bad}, headers=ADMIN)
    assert r.status_code == 422 and "no report" in r.json()["detail"]
    made_up = [{"report_id": SAMPLE_ID, "text": "本局共收到申请800件。"}]
    assert client.post("/v1/faq", json={**body, "citations": made_up}, headers=ADMIN).status_code == 422
    wrong_key = [{"report_id": SAMPLE_ID, "text": "本局共收到申请800件。", "key": "requests.nothing.total"}]
    assert client.post("/v1/faq", json={**body, "citations": wrong_key}, headers=ADMIN).status_code == 422
    assert client.post("/v1/faq", json={**body, "citations": [_sample_citation(client)]}).status_code == 401


def test_a_published_entry_answers_its_paraphrase_word_for_word_and_nothing_else(client):
    cite = _sample_citation(client)
    r = client.post("/v1/faq", json={"question": ENTRY_Q, "variants": [], "answer": STAFF_ANSWER,
                                     "citations": [cite]}, headers=ADMIN)
    assert r.status_code == 201, r.text
    entry_id = r.json()["id"]
    assert _ask(client, PARAPHRASE)["source"] == "report"  # a draft answers nothing
    assert client.get("/v1/faq").json() == []

    r = client.put(f"/v1/faq/{entry_id}", json={"status": "published"}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["status"] == "published"
    for q in (ENTRY_Q, PARAPHRASE):
        got = _ask(client, q)
        assert got["source"] == "faq" and got["answer"] == STAFF_ANSWER, (q, got)
        assert got["citations"][0]["report_id"] == SAMPLE_ID and got["citations"][0]["key"] == "requests.new.total"
    # a follow-up continues from the FAQ answer's question; the log keeps what it was understood as
    faq = _ask(client, PARAPHRASE)
    follow = _ask(client, "那其中予以公开的有多少？", session_id=faq["session_id"])
    assert follow["source"] == "report" and not follow["refused"], follow
    assert follow["citations"][0]["report_id"] == SAMPLE_ID
    assert client.get(f"/v1/stats/answers/{faq['answer_id']}", headers=ADMIN).json()["agencies"] == [AGENCY]
    other = _ask(client, DIFFERENT)
    assert other["source"] == "report" and other["answer"] != STAFF_ANSWER, other
    assert _ask(client, f"{AGENCY}2020年收到多少行政复议？")["source"] == "report"
    public = client.get("/v1/faq").json()
    assert [e["id"] for e in public] == [entry_id]

    # the FAQ answers are logged as such
    stats = client.get("/v1/stats/questions", params={"status": "faq"}, headers=ADMIN).json()
    assert stats and all(s["status"] == "faq" for s in stats) and stats[0]["faq_id"] == entry_id

    # withdrawn: answers nothing again
    client.put(f"/v1/faq/{entry_id}", json={"status": "withdrawn"}, headers=ADMIN)
    assert _ask(client, PARAPHRASE)["source"] == "report"
    client.put(f"/v1/faq/{entry_id}", json={"status": "published"}, headers=ADMIN)


def test_exports(client):
    md = client.get("/v1/faq/export", params={"format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert f"## {ENTRY_Q}" in md.text and STAFF_ANSWER in md.text and f"《{AGENCY}2020年报》" in md.text
    rows = list(csv.reader(io.StringIO(client.get("/v1/faq/export", params={"format": "csv"}).text)))
    assert rows[0] == ["id", "question", "variants", "answer", "sources", "updated"]
    assert rows[1][1] == ENTRY_Q and rows[1][3] == STAFF_ANSWER
    js = client.get("/v1/faq/export", params={"format": "json"}).json()
    assert js[0]["question"] == ENTRY_Q and js[0]["citations"][0]["report_id"] == SAMPLE_ID
    assert client.get("/v1/faq/export", params={"format": "pdf"}).status_code == 422


def test_stats_group_by_normalised_question_and_outcome(client):
    marker = "规划建设与交通运输局2020年收到多少依申请公开"
    for q in (f"泉州台商投资区{marker}？", f"泉州台商投资区{marker}", f"  泉州台商投资区{marker}！ "):
        _ask(client, q)
    rows = client.get("/v1/stats/questions", params={"days": 7}, headers=ADMIN).json()
    mine = [r for r in rows if marker in r["question"]]
    assert len(mine) == 1 and mine[0]["count"] == 3, mine
    assert set(mine[0]) >= {"question", "count", "status", "helpful", "unhelpful", "last_asked"}
    refused = client.get("/v1/stats/questions", params={"status": "refused"}, headers=ADMIN).json()
    assert refused and all(r["status"] == "refused" for r in refused)
    assert client.get("/v1/stats/questions").status_code == 401
    days = client.get("/v1/stats/daily", params={"days": 7}, headers=ADMIN).json()
    assert len(days) == 7 and days[-1]["questions"] >= 3


def test_replacing_the_cited_report_makes_the_entry_stale(client):
    entry = next(e for e in _all_entries(client) if e["question"] == ENTRY_Q)
    assert entry["status"] == "published" and not entry["stale"]
    assert _ask(client, PARAPHRASE)["source"] == "faq"
    with open(SAMPLE, "rb") as f:
        r = client.post("/v1/reports", files={"file": (SAMPLE.name, f, "text/plain")}, headers=ADMIN)
    assert r.status_code in (200, 201), r.text
    got = _ask(client, PARAPHRASE)
    assert got["source"] == "report", got
    entries = _all_entries(client)
    assert entries[0]["id"] == entry["id"] and entries[0]["stale"]  # stale first
    assert entries[0]["broken"] == [{"citation": 0, "report_id": SAMPLE_ID, "reason": "replaced"}]
    assert client.get("/v1/faq").json() == []  # the public list leaves it out
    # saved again by staff with citations the store holds: current again, answering again
    r = client.put(f"/v1/faq/{entry['id']}", json={"citations": [_sample_citation(client)]}, headers=ADMIN)
    assert r.status_code == 200 and not r.json()["stale"]
    assert _ask(client, PARAPHRASE)["source"] == "faq"


def test_an_entry_from_a_logged_answer_and_its_removal(client):
    logged = _ask(client, f"{AGENCY}2020年主动公开政府信息多少条？")
    got = client.get(f"/v1/stats/answers/{logged['answer_id']}", headers=ADMIN).json()
    assert got["answer"] == logged["answer"] and got["citations"] == logged["citations"]
    r = client.post("/v1/faq", json={"question": got["question"], "answer": got["answer"],
                                     "citations": got["citations"], "from_answer_id": got["answer_id"]},
                    headers=ADMIN)
    assert r.status_code == 201, r.text
    assert client.delete(f"/v1/faq/{r.json()['id']}", headers=ADMIN).status_code == 204
    assert client.delete(f"/v1/faq/{r.json()['id']}", headers=ADMIN).status_code == 404


def test_cli_faq_and_questions(own_service):
    env = {"GOVQA_HOME": str(own_service.settings.home), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}

    def run(*args):
        proc = subprocess.run([sys.executable, "-m", "govqa.cli", *args], capture_output=True, text=True, env=env,
                              timeout=120)
        return proc

    listed = run("faq", "list")
    assert listed.returncode == 0 and ENTRY_Q in listed.stdout and "[published]" in listed.stdout, listed.stderr
    exported = run("faq", "export", "--format", "json")
    assert exported.returncode == 0 and json.loads(exported.stdout)[0]["question"] == ENTRY_Q
    assert run("faq", "export", "--format", "xml").returncode == 2
    questions = run("questions", "--days", "7", "--json")
    assert questions.returncode == 0, questions.stderr
    assert any(r["question"] == ENTRY_Q for r in json.loads(questions.stdout))
    assert run("questions", "--status", "nonsense").returncode == 2
