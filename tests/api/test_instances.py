"""Several instances acting as one (issue 15): two GovQAService + app pairs over real
HTTP, each with its own GOVQA_HOME and its own Database object, sharing one SQLite
database file and one store. A follow-up, a WeChat message and a client's request
limit hold across both; a database error during a request is a 503, and the service
works again when the database does, without a restart."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import ExitStack, contextmanager

import httpx
import pytest

from api.main import create_app
from api.wechat.dedupe import ReplyCache
from govqa.db import Database
from prompts import wechat as P
from tests.api.conftest import run_app
from tests.api.test_wechat import AES_KEY, APPID, TOKEN, post_safe, reply_content, text_xml

WECHAT = dict(wechat_token=TOKEN, wechat_aes_key=AES_KEY, wechat_appid=APPID)


@contextmanager
def instances(service, test_settings, tmp_path_factory, n: int = 2, **overrides):
    """``n`` instances over one SQLite file and the session's store: yields
    ``[(url, app, GovQAService), …]``."""
    from bot.service import GovQAService

    shared = tmp_path_factory.mktemp("shared_db")
    url = f"sqlite:///{shared / 'govqa.db'}"
    with ExitStack() as stack:
        out = []
        for i in range(n):
            settings = test_settings.model_copy(update={"home": tmp_path_factory.mktemp(f"instance{i}"),
                                                        "database_url": url, **WECHAT, **overrides})
            svc = GovQAService(settings, service.embedder, service.store, db=Database.from_settings(settings))
            app = create_app(settings, svc)
            out.append((stack.enter_context(run_app(app)), app, svc))
        yield out


@pytest.fixture(scope="module")
def pair(service, test_settings, tmp_path_factory):
    with instances(service, test_settings, tmp_path_factory) as two:
        yield two


def _ask(url: str, question: str, session_id: str | None = None) -> httpx.Response:
    body = {"question": question} | ({"session_id": session_id} if session_id else {})
    return httpx.post(f"{url}/v1/ask", json=body, timeout=60)


def test_the_instances_share_one_database_file_not_one_object(pair):
    (_, app_a, svc_a), (_, app_b, svc_b) = pair
    assert app_a.state.db is svc_a.db and app_b.state.db is svc_b.db
    assert svc_a.db is not svc_b.db and svc_a.db.url == svc_b.db.url
    assert svc_a.settings.home != svc_b.settings.home


def test_a_follow_up_on_instance_b_continues_a_conversation_begun_on_a(pair):
    (a, _, _), (b, _, _) = pair
    first = _ask(a, "规建交局2020年新收多少申请？").json()
    assert first["refused"] is False and "8" in first["answer"]
    second = _ask(b, "其中部分公开多少？", first["session_id"]).json()
    assert second["refused"] is False and "6" in second["answer"], second["answer"]
    assert second["citations"][0]["key"] == "requests.partial.total"
    # without the conversation the same words name no agency: B asks which one
    alone = _ask(b, "其中部分公开多少？").json()
    assert alone["citations"] == [] and "6件" not in alone["answer"]
    # and back on A, the conversation B continued goes on
    third = _ask(a, "那自然人呢？", first["session_id"]).json()
    assert third["refused"] is False and third["citations"], third["answer"]


def _slow_counting(monkeypatch, services, delay: float) -> list:
    calls: list = []
    lock = threading.Lock()
    for svc in services:
        real = svc.ask

        def ask(question, session_id=None, report_id=None, channel="api", _real=real):
            with lock:
                calls.append(question)
            time.sleep(delay)
            return _real(question, session_id=session_id, report_id=report_id, channel=channel)

        monkeypatch.setattr(svc, "ask", ask)
    return calls


def test_a_wechat_message_delivered_to_both_is_answered_once_and_the_retry_gets_the_same(pair, monkeypatch):
    """Real safe-mode XML, the same MsgId posted to A and B at once while the answer
    takes 0.6 s: one instance computes it, the other waits for it in the database;
    WeChat's retry (third delivery) on B gets the same reply at once."""
    (a, _, svc_a), (b, _, svc_b) = pair
    calls = _slow_counting(monkeypatch, [svc_a, svc_b], 0.6)
    xml = text_xml("规建交局2020年新收多少申请？", user="oTwoInstances", msg_id="880001")
    replies: dict[str, str] = {}

    def deliver(url):
        replies[url] = reply_content(post_safe(url, xml, timeout=20))["Content"]

    threads = [threading.Thread(target=deliver, args=(u,)) for u in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert replies[a] == replies[b] and "8" in replies[a]
    t0 = time.monotonic()
    retry = reply_content(post_safe(b, xml))["Content"]
    assert retry == replies[a] and time.monotonic() - t0 < 2
    assert len(calls) == 1


def test_an_answer_later_than_every_delivery_is_kept_for_continue_on_the_other_instance(pair, monkeypatch):
    (a, app_a, svc_a), (b, app_b, svc_b) = pair
    for app in (app_a, app_b):
        monkeypatch.setattr(app.state, "wechat_replies", ReplyCache(deadline=0.2, hold=5.0, poll=0.05),
                            raising=False)
    calls = _slow_counting(monkeypatch, [svc_a, svc_b], 1.5)
    question = "规建交局2020年部分公开多少件？"
    xml = text_xml(question, user="oPatientTwo", msg_id="880002")
    for url in (a, b):  # WeChat gives up on the first two deliveries
        with pytest.raises(httpx.ReadTimeout):
            post_safe(url, xml, timeout=0.4)
    third = reply_content(post_safe(a, xml, timeout=0.4))["Content"]
    assert third.startswith(P.STILL_WORKING.split("{")[0])
    time.sleep(1.6)
    cont = reply_content(post_safe(b, text_xml("继续", user="oPatientTwo")))["Content"]
    assert "6" in cont and cont != third
    assert calls == [question]


def test_a_message_whose_instance_stopped_mid_answer_is_answered_by_the_other(pair, monkeypatch):
    """Instance A claimed the message and was killed before answering (its row: no
    reply, no heartbeat); WeChat's retry reaches B, which takes the work over after
    the lease and answers it, once."""
    (a, app_a, svc_a), (b, app_b, svc_b) = pair
    monkeypatch.setattr(app_b.state, "wechat_replies", ReplyCache(hold=5.0, poll=0.05, lease=0.5), raising=False)
    calls = _slow_counting(monkeypatch, [svc_a, svc_b], 0.0)
    user, msg_id = "oKilledMidAnswer", "880003"
    db = svc_b.db
    key = db.hash("wechat", "msg", f"{user}\x1fmsg:{msg_id}")
    assert db.claim_message(key, 60, now=time.time() - 2)[0] == 1  # what A did before kill -9
    t0 = time.monotonic()
    reply = reply_content(post_safe(b, text_xml("规建交局2020年新收多少申请？", user=user, msg_id=msg_id)))
    assert "8" in reply["Content"] and time.monotonic() - t0 < 4
    assert len(calls) == 1
    again = reply_content(post_safe(a, text_xml("规建交局2020年新收多少申请？", user=user, msg_id=msg_id)))
    assert again["Content"] == reply["Content"] and len(calls) == 1


def test_the_request_limit_holds_across_both_instances(service, test_settings, tmp_path_factory):
    """3 questions a minute per address: A, B, A answer; the fourth is 429 on either."""
    with instances(service, test_settings, tmp_path_factory, ask_rate_per_minute=3,
                   wechat_rate_per_minute=2) as ((a, _, _), (b, _, _)):
        for url in (a, b, a):
            assert _ask(url, "规建交局2020年新收多少申请？").status_code == 200
        for url in (b, a):
            r = _ask(url, "规建交局2020年新收多少申请？")
            assert r.status_code == 429 and r.json()["detail"]
            assert 1 <= int(r.headers["retry-after"]) <= 60
        # WeChat: 2 questions a minute per OpenID, across both
        for i, url in enumerate((a, b)):
            reply = reply_content(post_safe(url, text_xml(f"规建交局2020年新收多少申请{i}", user="oBusyTwo")))
            assert reply["Content"] != P.RATE_LIMITED
        limited = reply_content(post_safe(a, text_xml("规建交局2020年新收多少申请？", user="oBusyTwo")))
        assert limited["Content"] == P.RATE_LIMITED


# -- faults: a database error during a request ---------------------------------------------------


class _Canned:
    def ask(self, question, session_id=None, report_id=None, channel="api"):
        return {"answer": "规建交局2020年共新收政府信息公开申请8件。", "refused": False, "citations": [],
                "session_id": session_id or "s"}


def test_a_locked_database_is_a_503_then_the_same_app_answers_again(tmp_path):
    """SQLite held by another writer past the busy timeout: /v1/ask and /wechat answer
    503 JSON {"detail"} (never 500); once the lock is gone the same app answers."""
    from govqa.settings import Settings

    settings = Settings(home=tmp_path, **WECHAT)
    db = Database(settings.resolved_database_url, busy_timeout_s=0.2)
    db.upgrade()
    app = create_app(settings, service=_Canned(), db=db)
    with run_app(app) as url:
        assert _ask(url, "新收多少申请？").status_code == 200
        holder = sqlite3.connect(tmp_path / "govqa.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            r = _ask(url, "新收多少申请？")
            assert r.status_code == 503 and r.json()["detail"]
            sse = httpx.post(f"{url}/v1/ask", json={"question": "新收多少申请？"}, timeout=30,
                             headers={"Accept": "text/event-stream"})
            assert sse.status_code == 503
            w = post_safe(url, text_xml("新收多少申请？", user="oLocked"))
            assert w.status_code == 503 and w.json()["detail"]
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert _ask(url, "新收多少申请？").status_code == 200
        assert reply_content(post_safe(url, text_xml("新收多少申请？", user="oLocked")))["Content"]


def test_postgresql_stopped_during_service_is_a_503_and_recovers_without_restart(pg_server, tmp_path):
    from govqa.settings import Settings

    settings = Settings(home=tmp_path, database_url=pg_server.url, **WECHAT)
    app = create_app(settings, service=_Canned())
    with run_app(app) as url:
        assert _ask(url, "新收多少申请？").status_code == 200
        pg_server.stop()
        try:
            r = _ask(url, "新收多少申请？")
            assert r.status_code == 503 and r.json()["detail"]
        finally:
            pg_server.start()
        assert _ask(url, "新收多少申请？").status_code == 200
