"""The WeChat Official Account server callback: ``GET/POST /wechat``.

- GET: server verification, ``echostr`` echoed on a valid signature.
- POST, 明文模式 (no ``encrypt_type``): plain XML in, plain XML out.
- POST, 安全模式 / 兼容模式 (``encrypt_type=aes``): ``msg_signature`` checked,
  ``Encrypt`` decrypted (AppId checked), the reply encrypted. In 兼容模式 the
  body also carries the plaintext fields; they are ignored in favour of the
  verified ciphertext.

Unset ``GOVQA_WECHAT_TOKEN`` → 404. Bad signatures, stale timestamps, wrong
AppId and tampered ciphertext → 403; bad XML → 400; too large → 413; always
JSON ``{"detail": …}``. Nothing logged carries the token, the AES key, an
OpenID or message content.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Awaitable, Callable, Optional

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

from api.deps import get_db, get_service, get_settings
from api.limits import RateLimit, app_limiter
from api.wechat import crypto, render
from api.wechat.dedupe import ReplyCache
from api.wechat.messages import MAX_BODY_BYTES, Message, MessageError, parse_message, text_reply
from prompts import wechat as P

log = logging.getLogger("govqa.wechat")

router = APIRouter()

SESSION_PREFIX = "wx:"


# -- helpers ------------------------------------------------------------------------


def _secret(value) -> str:
    if value is None:
        return ""
    getter = getattr(value, "get_secret_value", None)
    return getter() if getter else str(value)


def _token(request: Request) -> str:
    token = _secret(get_settings(request).wechat_token)
    if not token:
        raise HTTPException(status_code=404, detail="Not Found")
    return token


def _check_query(request: Request, token: str) -> tuple[str, str]:
    q = request.query_params
    timestamp, nonce = q.get("timestamp"), q.get("nonce")
    if not crypto.check_signature(token, q.get("signature"), timestamp, nonce):
        raise HTTPException(status_code=403, detail="invalid signature")
    if not crypto.timestamp_fresh(timestamp):
        raise HTTPException(status_code=403, detail="timestamp outside the allowed window")
    return timestamp or "", nonce or ""


def _replies(request: Request) -> ReplyCache:
    state = request.app.state
    cache = getattr(state, "wechat_replies", None)
    if cache is None:
        cache = state.wechat_replies = ReplyCache()
    if cache.db is None:
        cache.db = get_db(request)
    return cache


def _limiter(request: Request) -> RateLimit:
    return app_limiter(request, "wechat_rate_limiter", get_settings(request).wechat_rate_per_minute, "wechat")


async def _read_body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise HTTPException(status_code=413, detail="message body too large")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(status_code=413, detail="message body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> Message:
    try:
        return parse_message(body)
    except MessageError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None


# -- GET: server verification ----------------------------------------------------------


@router.get("/wechat", include_in_schema=True, summary="WeChat server verification")
async def wechat_verify(request: Request) -> Response:
    token = _token(request)
    _check_query(request, token)
    echostr = request.query_params.get("echostr")
    if echostr is None:
        raise HTTPException(status_code=400, detail="missing echostr")
    return PlainTextResponse(echostr)


# -- POST: messages ---------------------------------------------------------------------


@router.post("/wechat", summary="WeChat message callback (plain and safe mode)")
async def wechat_message(request: Request) -> Response:
    token = _token(request)
    timestamp, nonce = _check_query(request, token)
    settings = get_settings(request)
    encrypt_type = (request.query_params.get("encrypt_type") or "raw").strip().lower()
    if encrypt_type not in ("raw", "aes"):
        raise HTTPException(status_code=400, detail="unsupported encrypt_type")

    body = await _read_body(request)
    outer = _parse(body)
    cipher: Optional[crypto.WeChatCipher] = None
    if encrypt_type == "aes":
        try:
            cipher = crypto.WeChatCipher.from_settings(_secret(settings.wechat_aes_key), settings.wechat_appid or "")
        except crypto.InvalidKey:
            log.error("wechat: safe-mode message but GOVQA_WECHAT_AES_KEY / GOVQA_WECHAT_APPID are missing or invalid")
            raise HTTPException(status_code=400, detail="safe mode is not configured") from None
        encrypt = outer.encrypt
        if not encrypt:
            raise HTTPException(status_code=400, detail="missing Encrypt")
        if not crypto.check_msg_signature(token, request.query_params.get("msg_signature"), timestamp, nonce, encrypt):
            raise HTTPException(status_code=403, detail="invalid msg_signature")
        try:
            inner = cipher.decrypt(encrypt)
        except crypto.InvalidAppId:
            raise HTTPException(status_code=403, detail="AppId mismatch") from None
        except crypto.WeChatCryptoError:
            raise HTTPException(status_code=403, detail="cannot decrypt message") from None
        message = _parse(inner.encode("utf-8"))
    else:
        message = outer

    started = time.monotonic()
    text = await _handle(request, message)
    if text is None:
        log.info("wechat: %s handled without a reply in %.0f ms", message.msg_type or "?", _ms(started))
        return PlainTextResponse("success")
    if text == "":
        # The client went away while we held the connection; WeChat retries.
        return Response(status_code=200, content=b"")
    reply = text_reply(message, text)
    if cipher is not None:
        reply = cipher.encrypted_reply(token, reply, nonce=nonce)
    log.info("wechat: %s replied in %.0f ms (%d bytes)", message.msg_type or "?", _ms(started), len(reply.encode()))
    return Response(content=reply, media_type="application/xml")


def _ms(started: float) -> float:
    return (time.monotonic() - started) * 1000


async def _handle(request: Request, message: Message) -> Optional[str]:
    """The reply text for ``message``; None for "success"; "" when nobody is listening."""
    settings = get_settings(request)
    kind = message.msg_type
    if kind == "event":
        if message.event == "subscribe":
            return render.welcome_text()
        return None  # unsubscribe, CLICK, VIEW, SCAN, LOCATION, TEMPLATESENDJOBFINISH, …
    if kind == "text":
        question = message.content.strip()
    elif kind == "voice":
        question = message.get("Recognition").strip()
        if not question:
            return render.voice_not_recognised_text()
    elif kind:  # image, location, link, video, shortvideo, file, …
        return render.unsupported_text()
    else:
        raise HTTPException(status_code=400, detail="missing MsgType")

    if not question:
        return render.empty_question_text()
    if len(question) > settings.max_question_chars:
        return render.too_long_text(settings.max_question_chars)
    user = message.from_user
    if not user:
        raise HTTPException(status_code=400, detail="missing FromUserName")
    return await _answer(request, message, question, user)


async def _answer(request: Request, message: Message, question: str, user: str) -> str:
    settings = get_settings(request)
    cache = _replies(request)
    entry = await cache.arrive(f"{user}\x1f{message.dedupe_key}")  # on any instance: one delivery is first
    alias = f"{user}\x1f{question}"

    def make_work() -> Callable[[], Awaitable[str]]:
        """The answer's computation (first delivery; or a retry taking over from a stopped instance)."""
        service = get_service(request)
        portal_url = settings.portal_url

        async def work() -> str:
            try:
                result = await asyncio.to_thread(service.ask, question, session_id=SESSION_PREFIX + user,
                                                  channel="wechat")
                return render.render_answer(result, question, portal_url)
            except Exception as exc:  # never 500 to WeChat; never log the content
                log.warning("wechat: service.ask failed (%s)", type(exc).__name__)
                try:
                    await cache.forget_alias(alias)  # asking again should try again
                except Exception:  # noqa: BLE001 - the database is down too: the alias expires
                    pass
                return render.service_error_text(portal_url, question)

        return work

    if entry.first:
        pending = await cache.take_pending(user) if question in P.CONTINUE_KEYWORDS else None
        shared = None if pending else await cache.shared_work(alias)
        if pending or shared:  # "继续" gets the answer that came too late; the same question again shares its answer
            await cache.attach(entry, pending or shared)
        elif await asyncio.to_thread(_limiter(request).check, cache.db, user):  # not counted above
            await cache.put(entry, render.rate_limited_text())
        else:
            await cache.start(entry, make_work(), alias=alias)
    outcome = await cache.wait(entry, request.is_disconnected, restart=make_work)
    if outcome.text is not None:
        return outcome.text
    if outcome.gone:
        return ""
    # This delivery must answer now (the last one, or a client that never times
    # out): say the answer is coming and keep it for "继续" / the same question.
    await cache.remember_pending(user, entry)
    log.info("wechat: answer not ready by delivery %d; sent the still-working notice", entry.deliveries)
    return render.still_working_text(settings.portal_url, question)
