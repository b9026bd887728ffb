"""The WeChat callback over real HTTP: a uvicorn server on a loopback port, a
deterministic fake service, and wechatpy (an independent implementation) to
encrypt what WeChat would send and to verify and decrypt what we answer."""

from __future__ import annotations

import base64
import os
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import httpx
import pytest
import uvicorn
import xmltodict
from fastapi import FastAPI
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from api.routes.wechat import router
from api.wechat.dedupe import ReplyCache
from govqa.settings import Settings
from prompts import wechat as P

TOKEN = "govqa-test-token"
APPID = "wx1234567890abcdef"
AES_KEY = base64.b64encode(os.urandom(32)).decode("ascii")[:-1]  # 43 characters
PORTAL = "https://portal.example.gov.cn"
ACCOUNT = "gh_account"

ANSWER = "沭阳县发展和改革局2023年共新收政府信息公开申请26件。"
CITATION = {
    "report_id": "2023-沭阳县发展和改革局",
    "agency": "沭阳县发展和改革局",
    "year": 2023,
    "section": "三、收到和处理政府信息公开申请情况",
    "text": "一、本年新收政府信息公开申请数量：自然人 26；…；总计 26",
    "key": "requests.new.total",
}


# -- fixtures -----------------------------------------------------------------------------


class FakeService:
    """Deterministic ``.ask``; counts calls; optional delay, answer and failure."""

    def __init__(self, answer: str = ANSWER, delay: float = 0.0, refused: bool = False, fail: bool = False):
        self.answer, self.delay, self.refused, self.fail = answer, delay, refused, fail
        self.calls: list[tuple[str, str | None]] = []
        self._lock = threading.Lock()
        self.done = threading.Event()

    def ask(self, question: str, session_id: str | None = None, report_id: str | None = None,
            channel: str = "api") -> dict:
        with self._lock:
            self.calls.append((question, session_id))
        if self.delay:
            time.sleep(self.delay)
        self.done.set()
        if self.fail:
            raise RuntimeError("backend down")
        return {
            "answer": self.answer,
            "refused": self.refused,
            "citations": [] if self.refused else [CITATION],
            "session_id": session_id or "s",
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, app: FastAPI, service: FakeService):
        self.url, self.app, self.service = url, app, service


@contextmanager
def serve(service: FakeService | None = None, cache: ReplyCache | None = None, **settings):
    service = service or FakeService()
    app = FastAPI()
    app.include_router(router)
    values = dict(wechat_token=TOKEN, wechat_aes_key=AES_KEY, wechat_appid=APPID, portal_url=PORTAL)
    values.update(settings)
    app.state.settings = Settings(**values)
    app.state.service = service
    if cache is not None:
        app.state.wechat_replies = cache
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield Server(f"http://127.0.0.1:{port}", app, service)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def srv(tmp_path):
    with serve(home=tmp_path) as s:
        yield s


# -- a WeChat server simulator ---------------------------------------------------------------


def sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def query(timestamp: str | None = None, nonce: str | None = None, token: str = TOKEN, **extra) -> dict:
    timestamp = timestamp or str(int(time.time()))
    nonce = nonce or uuid.uuid4().hex[:10]
    return {"signature": sign(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, **extra}


def text_xml(content: str, user: str = "oUser1", msg_id: str | None = None, msg_type: str = "text", extra: str = "") -> str:
    msg_id = msg_id or str(uuid.uuid4().int % 10**18)
    body = f"<Content><![CDATA[{content}]]></Content>" if msg_type == "text" else ""
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"{body}{extra}<MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(event: str, user: str = "oUser1") -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


WX = WeChatCrypto(TOKEN, AES_KEY, APPID)


def encrypt_for_wechat(inner: str, appid: str = APPID, timestamp: str | None = None, nonce: str | None = None):
    """(query params, outer body) of a safe-mode delivery, produced by wechatpy."""
    timestamp = timestamp or str(int(time.time()))
    nonce = nonce or uuid.uuid4().hex[:10]
    envelope = xmltodict.parse(WeChatCrypto(TOKEN, AES_KEY, appid).encrypt_message(inner, nonce, timestamp))["xml"]
    body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    params = query(timestamp, nonce, openid="oUser1", encrypt_type="aes", msg_signature=envelope["MsgSignature"])
    return params, body, envelope["Encrypt"]


def decrypt_reply(text: str) -> dict:
    """Verify the reply's MsgSignature and decrypt it with wechatpy."""
    env = xmltodict.parse(text)["xml"]
    assert set(env) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    plain = WX.decrypt_message(text, env["MsgSignature"], env["TimeStamp"], env["Nonce"])
    return xmltodict.parse(plain)["xml"]


def post_safe(url: str, inner: str, timeout: float = 10.0, client: httpx.Client | None = None) -> httpx.Response:
    params, body, _ = encrypt_for_wechat(inner)
    c = client or httpx
    return c.post(f"{url}/wechat", params=params, content=body.encode("utf-8"), timeout=timeout)


def post_plain(url: str, xml: str, timeout: float = 10.0) -> httpx.Response:
    return httpx.post(f"{url}/wechat", params=query(openid="oUser1"), content=xml.encode("utf-8"), timeout=timeout)


def reply_content(resp: httpx.Response, safe: bool = True) -> dict:
    assert resp.status_code == 200, resp.text
    return decrypt_reply(resp.text) if safe else xmltodict.parse(resp.text)["xml"]


# -- GET verification ------------------------------------------------------------------------


def test_get_echoes_echostr_on_valid_signature(srv):
    r = httpx.get(f"{srv.url}/wechat", params=query(echostr="1234567890123456789"))
    assert r.status_code == 200
    assert r.text == "1234567890123456789"


@pytest.mark.parametrize("mutate", ["forged", "missing", "wrong_token"])
def test_get_rejects_bad_signature(srv, mutate):
    params = query(echostr="abc")
    if mutate == "forged":
        params["signature"] = "0" * 40
    elif mutate == "missing":
        del params["signature"]
    else:
        params = query(echostr="abc", token="not-the-token")
    r = httpx.get(f"{srv.url}/wechat", params=params)
    assert r.status_code == 403
    assert r.json()["detail"]


@pytest.mark.parametrize("offset", [-301, -3600, 330])  # +330: seconds pass before the POST
def test_replayed_or_future_timestamp_rejected(srv, offset):
    ts = str(int(time.time()) + offset)
    r = httpx.get(f"{srv.url}/wechat", params=query(timestamp=ts, echostr="abc"))
    assert r.status_code == 403
    params, body, _ = encrypt_for_wechat(text_xml("你好"), timestamp=ts)
    r = httpx.post(f"{srv.url}/wechat", params=params, content=body)
    assert r.status_code == 403 and "timestamp" in r.json()["detail"]
    assert srv.service.calls == []


def test_unset_token_is_404(tmp_path):
    with serve(home=tmp_path, wechat_token=None) as s:
        assert httpx.get(f"{s.url}/wechat", params=query(echostr="x")).status_code == 404
        assert post_plain(s.url, text_xml("你好")).status_code == 404


# -- safe mode -------------------------------------------------------------------------------


def test_safe_mode_text_round_trip(srv):
    r = post_safe(srv.url, text_xml("沭阳县发改局2023年收到多少申请？", user="oAlice"))
    assert r.headers["content-type"].startswith("application/xml")
    reply = reply_content(r)
    assert reply["ToUserName"] == "oAlice" and reply["FromUserName"] == ACCOUNT
    assert reply["MsgType"] == "text"
    assert reply["Content"].startswith(ANSWER)
    assert "来源：沭阳县发展和改革局2023年 三、收到和处理政府信息公开申请情况" in reply["Content"]
    assert srv.service.calls == [("沭阳县发改局2023年收到多少申请？", "wx:oAlice")]


def test_wrong_appid_rejected(srv):
    params, body, _ = encrypt_for_wechat(text_xml("你好"), appid="wxSomeoneElse")
    r = httpx.post(f"{srv.url}/wechat", params=params, content=body)
    assert r.status_code == 403 and "AppId" in r.json()["detail"]
    assert srv.service.calls == []


def test_tampered_ciphertext_rejected(srv):
    params, body, encrypt = encrypt_for_wechat(text_xml("你好"))
    raw = bytearray(base64.b64decode(encrypt))
    raw[-20] ^= 0x55  # corrupts the padding / AppId
    tampered = base64.b64encode(bytes(raw)).decode()
    # Unsigned tampering: the msg_signature no longer matches.
    r = httpx.post(f"{srv.url}/wechat", params=params, content=body.replace(encrypt, tampered))
    assert r.status_code == 403
    # Re-signed tampering (an attacker who knows the token but not the key).
    params["msg_signature"] = sign(TOKEN, params["timestamp"], params["nonce"], tampered)
    r = httpx.post(f"{srv.url}/wechat", params=params, content=body.replace(encrypt, tampered))
    assert r.status_code == 403 and r.json()["detail"]
    # Truncated / not base64.
    for bad in (encrypt[:-8], "not*base64!"):
        params["msg_signature"] = sign(TOKEN, params["timestamp"], params["nonce"], bad)
        r = httpx.post(f"{srv.url}/wechat", params=params, content=body.replace(encrypt, bad))
        assert r.status_code in (400, 403), r.text
    assert srv.service.calls == []


def test_bad_msg_signature_and_missing_signature_rejected(srv):
    params, body, _ = encrypt_for_wechat(text_xml("你好"))
    bad = dict(params, msg_signature="f" * 40)
    assert httpx.post(f"{srv.url}/wechat", params=bad, content=body).status_code == 403
    no_msg_sig = {k: v for k, v in params.items() if k != "msg_signature"}
    assert httpx.post(f"{srv.url}/wechat", params=no_msg_sig, content=body).status_code == 403
    nosig = dict(params)
    del nosig["signature"]
    assert httpx.post(f"{srv.url}/wechat", params=nosig, content=body).status_code == 403
    assert httpx.post(f"{srv.url}/wechat", params=dict(params, signature="0" * 40), content=body).status_code == 403
    assert srv.service.calls == []


def test_compat_mode_uses_encrypt_type(srv):
    inner = text_xml("兼容模式提问", user="oCompat")
    params, _, encrypt = encrypt_for_wechat(inner)
    # 兼容模式: plaintext fields and Encrypt in one body.
    body = inner.replace("</xml>", f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>")
    reply = reply_content(httpx.post(f"{srv.url}/wechat", params=params, content=body.encode()))
    assert reply["Content"].startswith(ANSWER)
    # The same body without encrypt_type is handled (and answered) in plain mode.
    plain_params = {k: v for k, v in params.items() if k not in ("encrypt_type", "msg_signature")}
    r = httpx.post(f"{srv.url}/wechat", params=plain_params, content=body.encode())
    assert xmltodict.parse(r.text)["xml"]["Content"].startswith(ANSWER)
    assert len(srv.service.calls) == 1  # same MsgId: answered once


# -- hostile XML -----------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><ToUserName>gh</ToUserName><FromUserName>oUser1</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>oUser1</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL_ENTITY, "<xml><unclosed></xml>", "not xml", ""])
def test_hostile_or_broken_xml_rejected_plain(srv, doc):
    r = post_plain(srv.url, doc)
    assert r.status_code in (400, 403)
    assert r.json()["detail"]
    assert srv.service.calls == []


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_rejected_inside_ciphertext(srv, doc):
    r = post_safe(srv.url, doc)
    assert r.status_code == 400 and r.json()["detail"]
    assert srv.service.calls == []


def test_oversized_body_rejected(srv):
    big = text_xml("问" * 30000)  # > 64 KB of UTF-8
    r = post_plain(srv.url, big)
    assert r.status_code == 413 and r.json()["detail"]
    assert srv.service.calls == []


# -- dedupe, deadline, retries ---------------------------------------------------------------


def test_duplicate_msgid_processed_once(srv):
    xml = text_xml("同一条消息", msg_id="9001")
    first = reply_content(post_safe(srv.url, xml))
    second = reply_content(post_safe(srv.url, xml))
    assert first["Content"] == second["Content"]
    assert first["Content"].startswith(ANSWER)
    assert len(srv.service.calls) == 1


def test_concurrent_duplicates_processed_once(tmp_path):
    svc = FakeService(delay=0.5)
    with serve(svc, home=tmp_path) as s:
        xml = text_xml("并发重复", msg_id="9002")
        results: list[httpx.Response] = []
        threads = [threading.Thread(target=lambda: results.append(post_safe(s.url, xml))) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        contents = {reply_content(r)["Content"] for r in results}
        assert len(contents) == 1 and next(iter(contents)).startswith(ANSWER)
        assert len(svc.calls) == 1


def test_slow_answer_served_on_retry_without_recomputing(tmp_path):
    """WeChat's 5 s becomes 0.6 s here; the answer takes 1 s: the first delivery
    gets no response in time, the retry gets the answer, computed once."""
    svc = FakeService(delay=1.0)
    cache = ReplyCache(deadline=0.3, hold=5.0, poll=0.05)
    with serve(svc, cache=cache, home=tmp_path) as s:
        xml = text_xml("慢问题", msg_id="9100", user="oSlow")
        t0 = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            post_safe(s.url, xml, timeout=0.6)
        reply = reply_content(post_safe(s.url, xml, timeout=0.6))  # the retry
        assert reply["Content"].startswith(ANSWER)
        assert time.monotonic() - t0 < 2.0
        assert len(svc.calls) == 1
        assert cache.started == 1


def test_answer_slower_than_all_retries(tmp_path):
    """All three deliveries pass; the last one answers in time with the
    still-working notice and a link; the answer is kept for "继续" and for the
    same question sent again, without computing it again."""
    svc = FakeService(delay=1.6)
    cache = ReplyCache(deadline=0.2, hold=5.0, poll=0.05)
    question = "非常慢的问题"
    with serve(svc, cache=cache, home=tmp_path) as s:
        xml = text_xml(question, msg_id="9200", user="oPatient")
        for _ in range(2):
            with pytest.raises(httpx.ReadTimeout):
                post_safe(s.url, xml, timeout=0.4)
        t = time.monotonic()
        third = reply_content(post_safe(s.url, xml, timeout=0.4))["Content"]
        assert time.monotonic() - t < 0.4
        assert f"{PORTAL}/?q={quote(question, safe='')}" in third
        assert third == P.STILL_WORKING.format(link=f"{PORTAL}/?q={quote(question, safe='')}")
        assert svc.done.wait(5)
        time.sleep(0.1)
        cont = reply_content(post_safe(s.url, text_xml("继续", user="oPatient")))["Content"]
        assert cont.startswith(ANSWER)
        again = reply_content(post_safe(s.url, text_xml(question, user="oPatient")))["Content"]
        assert again.startswith(ANSWER)
        assert len(svc.calls) == 1


def test_continue_without_pending_answer_is_a_question(srv):
    reply = reply_content(post_safe(srv.url, text_xml("继续", user="oNew")))
    assert reply["Content"].startswith(ANSWER)
    assert srv.service.calls == [("继续", "wx:oNew")]


def test_rate_limit_per_openid(tmp_path):
    with serve(home=tmp_path, wechat_rate_per_minute=2) as s:
        for i in range(2):
            assert reply_content(post_safe(s.url, text_xml(f"问题{i}", user="oBusy")))["Content"].startswith(ANSWER)
        xml = text_xml("问题3", user="oBusy", msg_id="9300")
        limited = reply_content(post_safe(s.url, xml))["Content"]
        assert limited == P.RATE_LIMITED
        # A retry of the limited message gets the same notice and is not counted again.
        assert reply_content(post_safe(s.url, xml))["Content"] == P.RATE_LIMITED
        # Another user is not affected.
        assert reply_content(post_safe(s.url, text_xml("问题", user="oOther")))["Content"].startswith(ANSWER)
        assert len(s.service.calls) == 3


# -- rendering over the wire ---------------------------------------------------------------------


def test_long_answer_trimmed_with_link(tmp_path):
    sentence = "本机关依法依规做好政府信息公开申请办理工作，按时答复率达到百分之百，并持续完善工作制度。"
    svc = FakeService(answer="## 概况\n\n" + "**" + sentence * 60 + "**")
    question = "请详细介绍2023年政府信息公开申请的办理情况"
    with serve(svc, home=tmp_path) as s:
        content = reply_content(post_safe(s.url, text_xml(question)))["Content"]
    assert len(content.encode("utf-8")) <= 2048
    assert len(content) <= 600
    link = f"{PORTAL}/?q={quote(question, safe='')}"
    assert content.endswith(link)
    lines = content.split("\n")
    first_source = next(i for i, line in enumerate(lines) if line.startswith("来源："))
    assert lines[0] == "概况" and lines[first_source - 1].endswith("。")
    assert True and "**" not in content and "#" not in content.replace(link, "")
    assert "来源：沭阳县发展和改革局2023年" in content


def test_answer_with_cdata_terminator_and_controls(tmp_path):
    svc = FakeService(answer="代码示例 ]]></Content><x>注入</x> 结束\x01。")
    with serve(svc, home=tmp_path) as s:
        for safe in (True, False):
            xml = text_xml("注入测试")
            r = post_safe(s.url, xml) if safe else post_plain(s.url, xml)
            content = reply_content(r, safe=safe)["Content"]
            assert content.startswith("代码示例 ]]></Content><x>注入</x> 结束。")


def test_refused_answer_rendered_plainly(tmp_path):
    svc = FakeService(answer="现有报告中没有找到这个问题的答案，可咨询该机关：0527-83593059。", refused=True)
    with serve(svc, home=tmp_path) as s:
        content = reply_content(post_safe(s.url, text_xml("火星上的政府信息公开？")))["Content"]
    assert content == "现有报告中没有找到这个问题的答案，可咨询该机关：0527-83593059。"


def test_service_failure_is_a_polite_reply(tmp_path):
    svc = FakeService(fail=True)
    with serve(svc, home=tmp_path) as s:
        r = post_safe(s.url, text_xml("会失败的问题"))
        content = reply_content(r)["Content"]
        assert content.startswith(P.SERVICE_ERROR.split("{")[0])
        assert PORTAL in content
        # Asking again (a new message) tries again instead of reusing the failure.
        reply_content(post_safe(s.url, text_xml("会失败的问题")))
        assert len(svc.calls) == 2


# -- message types ---------------------------------------------------------------------------------


def test_subscribe_welcome(srv):
    content = reply_content(post_safe(srv.url, event_xml("subscribe", user="oFan")))["Content"]
    for q in P.EXAMPLE_QUESTIONS[:3]:
        assert q in content
    assert srv.service.calls == []


def test_unsubscribe_and_other_events_success(srv):
    for event in ("unsubscribe", "CLICK", "VIEW"):
        r = post_safe(srv.url, event_xml(event))
        assert r.status_code == 200 and r.text == "success"
    r = post_plain(srv.url, event_xml("unsubscribe"))
    assert r.text == "success"


@pytest.mark.parametrize("kind, extra", [
    ("image", "<PicUrl><![CDATA[http://x/y.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId>"),
    ("location", "<Location_X>23.1</Location_X><Location_Y>113.3</Location_Y><Scale>20</Scale><Label><![CDATA[x]]></Label>"),
    ("link", "<Title><![CDATA[t]]></Title><Url><![CDATA[http://x]]></Url>"),
    ("video", "<MediaId><![CDATA[m]]></MediaId>"),
])
def test_unsupported_types_get_polite_text(srv, kind, extra):
    content = reply_content(post_safe(srv.url, text_xml("", msg_type=kind, extra=extra)))["Content"]
    assert content == P.UNSUPPORTED_MESSAGE.format(example=P.EXAMPLE_QUESTIONS[0])
    assert srv.service.calls == []


def test_voice_with_recognition_is_a_question(srv):
    extra = "<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[去年收到多少申请？]]></Recognition>"
    content = reply_content(post_safe(srv.url, text_xml("", msg_type="voice", extra=extra, user="oVoice")))["Content"]
    assert content.startswith(ANSWER)
    assert srv.service.calls == [("去年收到多少申请？", "wx:oVoice")]
    content = reply_content(post_safe(srv.url, text_xml("", msg_type="voice", extra="<MediaId>m</MediaId>")))["Content"]
    assert content == P.VOICE_NOT_RECOGNISED


def test_empty_and_too_long_questions(srv):
    assert reply_content(post_safe(srv.url, text_xml("   ")))["Content"].startswith(P.EMPTY_QUESTION.split("{")[0])
    content = reply_content(post_safe(srv.url, text_xml("问" * 501)))["Content"]
    assert content == P.QUESTION_TOO_LONG.format(limit=500)
    assert srv.service.calls == []


# -- plain mode ------------------------------------------------------------------------------------


def test_plain_mode_text_round_trip(srv):
    r = post_plain(srv.url, text_xml("明文模式提问", user="oPlain"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    reply = xmltodict.parse(r.text)["xml"]
    assert reply["ToUserName"] == "oPlain" and reply["FromUserName"] == ACCOUNT
    assert reply["MsgType"] == "text" and reply["Content"].startswith(ANSWER)
    assert int(reply["CreateTime"]) >= int(time.time()) - 5
    assert srv.service.calls == [("明文模式提问", "wx:oPlain")]


def test_plain_mode_rejects_bad_signature(srv):
    params = query()
    params["signature"] = "1" * 40
    r = httpx.post(f"{srv.url}/wechat", params=params, content=text_xml("你好").encode())
    assert r.status_code == 403
    assert srv.service.calls == []


def test_safe_mode_without_aes_key_is_4xx(tmp_path):
    with serve(home=tmp_path, wechat_aes_key=None) as s:
        r = post_safe(s.url, text_xml("你好"))
        assert r.status_code == 400 and r.json()["detail"]
        # Plain mode still works.
        assert xmltodict.parse(post_plain(s.url, text_xml("你好")).text)["xml"]["Content"].startswith(ANSWER)
