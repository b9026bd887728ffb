"""WeChat end to end: safe-mode (安全模式) messages encrypted by wechatpy (an
independent implementation, not our api/wechat/crypto.py), over real HTTP, to
the real app backed by the REAL GovQAService (model + Chroma store with the
corpus reports, the session fixture in tests/conftest.py); the reply is
verified and decrypted by wechatpy."""

from __future__ import annotations

import base64
import re
import time
import uuid

import httpx
import pytest
import xmltodict
from pydantic import SecretStr
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from tests.api.conftest import run_app
from tests.conftest import CORPUS

TOKEN = "govqaE2Etoken"
APPID = "wx0123456789e2e0ab"
AES_KEY = base64.b64encode(bytes(range(32))).decode("ascii")[:-1]  # 43 characters
ACCOUNT = "gh_e2e_account"
REPORT_FILE = "2023_huaian_hongze-qu-renmin-zhengfu.txt"
QUESTION = "洪泽区政府2023年收到多少政府信息公开申请？"  # eval/gold/dev.jsonl hz23-001: 21

pytestmark = pytest.mark.skipif(not (CORPUS / REPORT_FILE).exists(),
                                reason=f"../shared/corpus/{REPORT_FILE} is not beside the checkout")


@pytest.fixture(scope="module")
def wechat_url(service, test_settings):
    from api.main import create_app

    settings = test_settings.model_copy(update={
        "wechat_token": SecretStr(TOKEN), "wechat_aes_key": SecretStr(AES_KEY), "wechat_appid": APPID,
        "portal_url": "https://qa.example.gov.cn"})
    with run_app(create_app(settings, service)) as url:
        yield url


def _sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def _deliver(url: str, inner_xml: str, openid: str) -> httpx.Response:
    """POST one message the way WeChat does in 安全模式."""
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    envelope = xmltodict.parse(WeChatCrypto(TOKEN, AES_KEY, APPID).encrypt_message(inner_xml, nonce, timestamp))["xml"]
    body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>")
    params = {"signature": _sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce,
              "openid": openid, "encrypt_type": "aes", "msg_signature": envelope["MsgSignature"]}
    return httpx.post(f"{url}/wechat", params=params, content=body.encode("utf-8"),
                      headers={"Content-Type": "text/xml"}, timeout=30)


def _decrypt(resp: httpx.Response) -> dict:
    assert resp.status_code == 200, resp.text
    env = xmltodict.parse(resp.text)["xml"]
    plain = WeChatCrypto(TOKEN, AES_KEY, APPID).decrypt_message(
        resp.text, env["MsgSignature"], env["TimeStamp"], env["Nonce"])  # checks the signature too
    return xmltodict.parse(plain)["xml"]


def test_count_question_answered_with_figure_and_source(wechat_url):
    openid = "oE2E" + uuid.uuid4().hex[:12]
    inner = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
             f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
             f"<Content><![CDATA[{QUESTION}]]></Content><MsgId>{uuid.uuid4().int % 10**18}</MsgId></xml>")
    reply = _decrypt(_deliver(wechat_url, inner, openid))
    assert reply["ToUserName"] == openid and reply["FromUserName"] == ACCOUNT and reply["MsgType"] == "text"
    content = reply["Content"]
    assert re.search(r"(?<![\d.])21(?![\d.])", content), content  # the exact figure from the report's table
    sources = [line for line in content.split("\n") if line.startswith("来源：")]
    assert sources and "洪泽区" in sources[0] and "2023" in sources[0], content
    assert len(content.encode("utf-8")) <= 2048
    assert "**" not in content and "##" not in content  # plain text for WeChat


def test_voice_recognition_through_the_real_service(wechat_url):
    openid = "oE2EVoice" + uuid.uuid4().hex[:8]
    inner = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
             f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
             f"<MediaId><![CDATA[media1]]></MediaId><Format><![CDATA[amr]]></Format>"
             f"<Recognition><![CDATA[{QUESTION}]]></Recognition><MsgId>{uuid.uuid4().int % 10**18}</MsgId></xml>")
    content = _decrypt(_deliver(wechat_url, inner, openid))["Content"]
    assert re.search(r"(?<![\d.])21(?![\d.])", content) and "来源：" in content, content


def test_replay_tool_round_trip(wechat_url):
    """eval.wechat_replay (its own AES code path) against the real service."""
    from api.wechat import crypto
    from eval.wechat_replay import Replayer

    replayer = Replayer(wechat_url, TOKEN, crypto.WeChatCipher.from_settings(AES_KEY, APPID), account=ACCOUNT)
    result = replayer.ask(0, QUESTION)
    assert result["ok"] and result["deliveries"] == 1 and not result["still_working"], result
    assert 0 < result["bytes"] <= 2048
