"""Unit tests of the WeChat channel's pieces: crypto (against wechatpy as an
independent implementation), XML parsing and replies, rendering, dedupe."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import time

import pytest
import xmltodict
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.crypto import PrpCrypto, WeChatCrypto

from api.wechat import crypto, render
from api.limits import RateLimit
from api.wechat.dedupe import ReplyCache
from api.wechat.messages import MAX_BODY_BYTES, MessageError, cdata, parse_message, text_reply
from prompts import wechat as P

TOKEN = "tok"
APPID = "wxappid0001"
AES_KEY = base64.b64encode(os.urandom(32)).decode()[:-1]
KEY = base64.b64decode(AES_KEY + "=")


# -- crypto ---------------------------------------------------------------------------


def test_signature_matches_definition():
    expected = hashlib.sha1("".join(sorted(["tok", "1700000000", "nonce"])).encode()).hexdigest()
    assert crypto.sha1_signature("tok", "1700000000", "nonce") == expected
    assert crypto.check_signature("tok", expected, "1700000000", "nonce")
    assert crypto.check_signature("tok", expected.upper(), "1700000000", "nonce")
    assert not crypto.check_signature("tok", expected[:-1] + "0", "1700000000", "nonce")
    assert not crypto.check_signature("tok", None, "1700000000", "nonce")
    assert not crypto.check_signature("", expected, "1700000000", "nonce")
    assert not crypto.check_signature("tok", "签名", "1700000000", "nonce")


def test_timestamp_window():
    now = 1_700_000_000
    assert crypto.timestamp_fresh(str(now), now=now)
    assert crypto.timestamp_fresh(str(now - 300), now=now)
    assert not crypto.timestamp_fresh(str(now - 301), now=now)
    assert not crypto.timestamp_fresh(str(now + 301), now=now)
    for bad in (None, "", "abc", "-5", "1e9", "１２３", "9" * 20):
        assert not crypto.timestamp_fresh(bad, now=now)


@pytest.mark.parametrize("message", ["", "a", "<xml>你好</xml>", "字" * 1000, "x" * 12])
def test_encrypt_interoperates_with_wechatpy(message):
    ours = crypto.WeChatCipher.from_settings(AES_KEY, APPID)
    theirs = PrpCrypto(KEY)
    assert theirs.decrypt(ours.encrypt(message), APPID) == message
    assert ours.decrypt(theirs.encrypt(message, APPID).decode()) == message


def test_padding_is_to_32_bytes():
    ours = crypto.WeChatCipher.from_settings(AES_KEY, APPID)
    for n in range(0, 70):
        raw = base64.b64decode(ours.encrypt("a" * n))
        assert len(raw) % 32 == 0
    assert crypto.pkcs7_unpad(crypto.pkcs7_pad(b"x" * 32)) == b"x" * 32
    assert len(crypto.pkcs7_pad(b"x" * 32)) == 64


def _raw_encrypt(plain: bytes) -> str:
    enc = Cipher(algorithms.AES(KEY), modes.CBC(KEY[:16])).encryptor()
    return base64.b64encode(enc.update(plain) + enc.finalize()).decode()


def test_decrypt_validates_padding_length_and_appid():
    ours = crypto.WeChatCipher.from_settings(AES_KEY, APPID)
    body = b"<xml/>"
    good = os.urandom(16) + struct.pack(">I", len(body)) + body + APPID.encode()
    assert ours.decrypt(_raw_encrypt(crypto.pkcs7_pad(good))) == "<xml/>"
    # Inconsistent padding bytes.
    padded = bytearray(crypto.pkcs7_pad(good))
    padded[-2] ^= 1
    with pytest.raises(crypto.InvalidCiphertext):
        ours.decrypt(_raw_encrypt(bytes(padded)))
    # Padding value 0 and > 32.
    for last in (0, 33):
        bad = bytearray(crypto.pkcs7_pad(good))
        bad[-1] = last
        with pytest.raises(crypto.InvalidCiphertext):
            ours.decrypt(_raw_encrypt(bytes(bad)))
    # Length field longer than the data.
    lying = os.urandom(16) + struct.pack(">I", 10_000) + body + APPID.encode()
    with pytest.raises(crypto.InvalidCiphertext):
        ours.decrypt(_raw_encrypt(crypto.pkcs7_pad(lying)))
    # Other AppId.
    other = os.urandom(16) + struct.pack(">I", len(body)) + body + b"wxother"
    with pytest.raises(crypto.InvalidAppId):
        ours.decrypt(_raw_encrypt(crypto.pkcs7_pad(other)))
    # Not base64, wrong length, empty.
    for text in ("%%%", base64.b64encode(b"x" * 17).decode(), "", base64.b64encode(b"y" * 16).decode()):
        with pytest.raises(crypto.InvalidCiphertext):
            ours.decrypt(text)


def test_key_decoding():
    assert crypto.decode_aes_key(AES_KEY) == KEY
    for bad in ("", "short", AES_KEY + "A", AES_KEY[:-1] + "*"):
        with pytest.raises(crypto.InvalidKey):
            crypto.decode_aes_key(bad)
    with pytest.raises(crypto.InvalidKey):
        crypto.WeChatCipher.from_settings(AES_KEY, "")


def test_encrypted_reply_verifies_with_wechatpy():
    ours = crypto.WeChatCipher.from_settings(AES_KEY, APPID)
    envelope = ours.encrypted_reply(TOKEN, "<xml><Content>好</Content></xml>", nonce="abc123", timestamp="1700000000")
    fields = xmltodict.parse(envelope)["xml"]
    assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    assert fields["Nonce"] == "abc123" and fields["TimeStamp"] == "1700000000"
    plain = WeChatCrypto(TOKEN, AES_KEY, APPID).decrypt_message(envelope, fields["MsgSignature"], "1700000000", "abc123")
    assert plain == "<xml><Content>好</Content></xml>"
    # A hostile nonce from the query string is replaced, never echoed.
    envelope = ours.encrypted_reply(TOKEN, "<xml/>", nonce="]]><x>", timestamp="1700000000")
    assert "<x>" not in envelope
    assert xmltodict.parse(envelope)["xml"]["Nonce"].isalnum()


def test_msg_signature():
    sig = crypto.msg_signature(TOKEN, "1", "n", "ENC")
    assert sig == hashlib.sha1("".join(sorted([TOKEN, "1", "n", "ENC"])).encode()).hexdigest()
    assert crypto.check_msg_signature(TOKEN, sig, "1", "n", "ENC")
    assert not crypto.check_msg_signature(TOKEN, sig, "1", "n", "ENC2")
    assert not crypto.check_msg_signature(TOKEN, None, "1", "n", "ENC")


# -- messages -----------------------------------------------------------------------------


def test_parse_message_fields_and_dedupe_key():
    m = parse_message(
        "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[oU]]></FromUserName>"
        "<CreateTime>123</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        "<Content><![CDATA[你好 ]]></Content><MsgId>42</MsgId></xml>"
    )
    assert (m.to_user, m.from_user, m.msg_type, m.content, m.msg_id) == ("gh", "oU", "text", "你好 ", "42")
    assert m.dedupe_key == "msg:42"
    ev = parse_message("<xml><FromUserName>oU</FromUserName><CreateTime>9</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>")
    assert ev.event == "subscribe" and ev.dedupe_key == "ev:oU:9:subscribe"


@pytest.mark.parametrize("body", [
    '<!DOCTYPE x [<!ENTITY a "b">]><xml><Content>&a;</Content></xml>',
    '<!DOCTYPE x SYSTEM "http://evil/x.dtd"><xml/>',
    "<notxml/>",
    "<xml>",
    "",
    b"\xff\xfe<xml/>",
])
def test_parse_message_rejects(body):
    with pytest.raises(MessageError):
        parse_message(body)


def test_parse_message_size_limit():
    with pytest.raises(MessageError):
        parse_message(b"<xml><Content>" + b"a" * MAX_BODY_BYTES + b"</Content></xml>")


def test_text_reply_swaps_and_survives_cdata_terminator():
    m = parse_message("<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><MsgType>text</MsgType></xml>")
    content = "a]]>b]]]]>c<d>&e\x00\x1f"
    xml = text_reply(m, content, now=5)
    parsed = xmltodict.parse(xml)["xml"]
    assert parsed["ToUserName"] == "oU" and parsed["FromUserName"] == "gh" and parsed["CreateTime"] == "5"
    assert parsed["Content"] == "a]]>b]]]]>c<d>&e"
    assert parse_message(xml).content == "a]]>b]]]]>c<d>&e"
    assert cdata("]]>") == "<![CDATA[]]]]><![CDATA[>]]>"


# -- render ---------------------------------------------------------------------------------


def _limits_ok(text: str) -> bool:
    return len(text) <= render.MAX_CHARS and len(text.encode()) <= render.MAX_BYTES


@pytest.mark.parametrize("answer", [
    "短回答。",
    "句子一。" * 400,
    "没有句号的长文本" * 200,
    "mixed English text. 中文句子！" * 150,
    "a" * 5000,
    "😀" * 1000,
])
def test_render_answer_always_within_limits(answer):
    citation = {"agency": "某某市人民政府办公室", "year": 2023, "section": "四、政府信息公开行政复议、行政诉讼情况" * 3}
    out = render.render_answer({"answer": answer, "refused": False, "citations": [citation] * 5}, "问题" * 200, "https://p.example")
    assert _limits_ok(out)
    if not render.fits(answer):
        assert "完整回答：https://p.example/?q=" in out.splitlines()[-1]


def test_cut_prefers_sentence_end():
    text = "第一句。" + "前文" * 150 + "！" + "字" * 700
    assert render.cut_text(text, 600, 2000) == "第一句。" + "前文" * 150 + "！"
    # A sentence end only near the start would drop most of the text: cut at a
    # soft break (or hard) and mark it.
    text = "第一句。" + "字" * 300 + "，" + "字" * 700
    assert render.cut_text(text, 600, 2000) == "第一句。" + "字" * 300 + render.P.ELLIPSIS


def test_sources_deduplicated_and_short():
    c = {"agency": "甲局", "year": 2022, "section": "二、主动公开政府信息情况"}
    assert render.source_lines([c, c, dict(c, year=None), {"agency": ""}]) == [
        "来源：甲局2022年 二、主动公开政府信息情况",
        "来源：甲局 二、主动公开政府信息情况",
    ]


def test_refused_and_markdown():
    out = render.render_answer(
        {"answer": "**没有找到**相关内容。", "refused": True, "citations": [{"agency": "甲局", "year": 2022}]}, "q", "https://p"
    )
    assert out == "没有找到相关内容。"


def test_portal_link_encoding():
    assert render.portal_link("https://p/", "a b&c？") == "https://p/?q=a%20b%26c%EF%BC%9F"
    assert len(render.portal_link("https://p", "问" * 500)) <= len("https://p/?q=") + render.MAX_LINK_QUERY_BYTES


def test_fixed_texts_within_limits():
    for text in (render.welcome_text(), render.unsupported_text(), render.rate_limited_text(),
                 render.still_working_text("https://p", "问" * 500), render.empty_question_text()):
        assert text and _limits_ok(text)
    assert all(q in render.welcome_text() for q in P.EXAMPLE_QUESTIONS)


# -- dedupe -------------------------------------------------------------------------------------


def _db(tmp_path):
    from govqa.db import Database

    db = Database(f"sqlite:///{tmp_path / 'govqa.db'}", secret="test-secret")
    db.upgrade()
    return db


def test_rate_limit_window_per_client(tmp_path):
    """The request limit (api.limits.RateLimit over govqa.db): a window per client from
    its first request, counted in the database under a keyed hash of the client."""
    from govqa.db import rate_limits

    db = _db(tmp_path)
    rl = RateLimit(2, scope="wechat")
    assert rl.check(db, "u") == 0 and rl.check(db, "u") == 0
    wait = rl.check(db, "u")
    assert 59 < wait <= 60
    assert rl.check(db, "v") == 0
    assert db.hit("wechat", "u", 2, now=time.time() + 60.5) == 0  # the next window
    assert RateLimit(0).check(db, "u") == 0
    clients = {row.client for row in db.engine.connect().execute(rate_limits.select())}
    assert clients and not clients & {"u", "v"} and all(len(c) == 64 for c in clients)


def test_reply_cache_runs_work_once_and_expires(tmp_path):
    async def scenario():
        cache = ReplyCache(_db(tmp_path), deadline=0.05, hold=0.2, ttl=0.3, poll=0.01)
        calls = 0

        async def work():
            nonlocal calls
            calls += 1
            await asyncio.sleep(0.1)
            return "答案"

        e1 = await cache.arrive("k")
        assert e1.first
        await cache.start(e1, work)
        first = await cache.wait(e1)  # holds (not last) until done
        assert first.text == "答案" and not first.last
        e2 = await cache.arrive("k")
        assert not e2.first and e2.deliveries == 2 and e2.work_id == e1.key
        assert (await cache.wait(e2)).text == "答案"
        assert calls == 1 and cache.started == 1
        await asyncio.sleep(0.35)
        assert (await cache.arrive("k")).first  # expired: a new message

        # Last delivery: answers by the deadline, with None if not ready.
        e = await cache.arrive("slow")
        await cache.start(e, work)
        e.deliveries = 3
        t = time.monotonic()
        out = await cache.wait(e)
        assert out.text is None and out.last and time.monotonic() - t < 0.09
        await cache.remember_pending("u", e)
        assert await cache.has_pending("u")
        work_id = await cache.take_pending("u")
        assert work_id == e.key and not await cache.has_pending("u")
        cont = await cache.arrive("continue")
        await cache.attach(cont, work_id)
        assert (await cache.wait(cont)).text == "答案"

        # Same question under another MsgId attaches to the running work.
        a = await cache.arrive("m1")
        await cache.start(a, work, alias="u\x1fx")
        b = await cache.arrive("m2")
        shared = await cache.shared_work("u\x1fx")
        assert shared == a.key
        await cache.attach(b, shared)
        assert (await cache.wait(b)).text == "答案" and not b.started_here
        assert calls == 3

    asyncio.run(scenario())


def test_reply_cache_keeps_no_identifier_in_clear_and_purges(tmp_path):
    from govqa.db import WECHAT_KEEP_S, wechat_aliases, wechat_messages, wechat_pending

    async def scenario():
        db = _db(tmp_path)
        cache = ReplyCache(db)

        async def work():
            return "答"

        e = await cache.arrive("oUser\x1fmsg:42")
        await cache.start(e, work, alias="oUser\x1f问题")
        assert (await cache.wait(e)).text == "答"
        await cache.remember_pending("oUser", e)
        with db.engine.connect() as conn:
            rows = [tuple(r) for t in (wechat_messages, wechat_aliases, wechat_pending)
                    for r in conn.execute(t.select())]
        assert len(rows) == 3
        assert not any("oUser" in str(v) or "42" == str(v) or "问题" in str(v) for r in rows for v in r)
        assert db.purge(now=time.time() + WECHAT_KEEP_S + 1) == 3
        assert db.count(wechat_messages) == 0

    asyncio.run(scenario())
