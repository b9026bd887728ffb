"""Incoming WeChat XML messages and passive text replies.

Parsing goes through defusedxml with DTDs forbidden: a document type
declaration (billion laughs, external entities, …) is refused outright, and so
is a body over ``MAX_BODY_BYTES``.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

MAX_BODY_BYTES = 64 * 1024
MAX_FIELD_CHARS = 16 * 1024


class MessageError(ValueError):
    """The body is not an acceptable WeChat message (the caller answers 400)."""


@dataclass
class Message:
    fields: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def to_user(self) -> str:
        return self.get("ToUserName")

    @property
    def from_user(self) -> str:
        return self.get("FromUserName")

    @property
    def create_time(self) -> str:
        return self.get("CreateTime")

    @property
    def msg_type(self) -> str:
        return self.get("MsgType").strip().lower()

    @property
    def event(self) -> str:
        return self.get("Event").strip().lower()

    @property
    def msg_id(self) -> str:
        return self.get("MsgId").strip()

    @property
    def content(self) -> str:
        return self.get("Content")

    @property
    def encrypt(self) -> str | None:
        return self.fields.get("Encrypt")

    @property
    def dedupe_key(self) -> str:
        """MsgId for messages; FromUserName + CreateTime for events (which have none)."""
        if self.msg_id:
            return f"msg:{self.msg_id}"
        return f"ev:{self.from_user}:{self.create_time}:{self.event}"


def parse_message(body: bytes | str) -> Message:
    """Parse a WeChat ``<xml>…</xml>`` body into its top-level fields."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if len(body) > MAX_BODY_BYTES:
        raise MessageError("message body too large")
    if not body.strip():
        raise MessageError("empty message body")
    try:
        root = DET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, ValueError) as exc:
        raise MessageError(f"invalid XML ({type(exc).__name__})") from None
    if root.tag != "xml":
        raise MessageError("root element must be <xml>")
    fields: dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue
        text = (child.text or "").strip("\r\n") if len(child) == 0 else ""
        if len(text) > MAX_FIELD_CHARS:
            raise MessageError("message field too long")
        fields.setdefault(child.tag, text)
    return Message(fields)


# Characters XML 1.0 forbids (control characters other than tab, LF and CR,
# lone surrogates, U+FFFE/U+FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def cdata(text: str) -> str:
    """``text`` as one or more CDATA sections; a "]]>" inside is split across two."""
    return "<![CDATA[" + xml_safe(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(message: Message, content: str, now: int | None = None) -> str:
    """A passive text reply to ``message`` (To and From swapped)."""
    create_time = int(time.time()) if now is None else now
    return (
        "<xml>"
        f"<ToUserName>{cdata(message.from_user)}</ToUserName>"
        f"<FromUserName>{cdata(message.to_user)}</FromUserName>"
        f"<CreateTime>{create_time}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(content)}</Content>"
        "</xml>"
    )
