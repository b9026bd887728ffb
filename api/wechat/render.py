"""Answers and notices as WeChat text: plain text, short, with the sources.

A passive text reply must stay under about 2,047 bytes of UTF-8 and fails past
~630 Chinese characters, so every reply built here is at most ``MAX_CHARS``
characters and ``MAX_BYTES`` bytes. A longer answer is cut at a sentence end and
ends with a link to the full answer on the portal.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import quote

from prompts import wechat as P

MAX_CHARS = 600
MAX_BYTES = 2000
MAX_SOURCES = 3
MAX_SECTION_CHARS = 30
MAX_LINK_QUERY_BYTES = 270  # the urlencoded question in the link (30 Chinese characters)
SENTENCE_ENDS = "。！？；"
SOFT_BREAKS = "，、：,;\n "


def _nbytes(text: str) -> int:
    return len(text.encode("utf-8"))


def fits(text: str, max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES) -> bool:
    return len(text) <= max_chars and _nbytes(text) <= max_bytes


def portal_link(portal_url: str, question: str) -> str:
    """``{portal_url}/?q=<urlencoded question>``, the question shortened if very long."""
    q = question.strip()
    encoded = quote(q, safe="")
    while len(encoded) > MAX_LINK_QUERY_BYTES and q:
        # Each character encodes to at most 12 bytes; drop enough to get close.
        q = q[: len(q) - max(1, (len(encoded) - MAX_LINK_QUERY_BYTES) // 12)]
        encoded = quote(q, safe="")
    return f"{portal_url.rstrip('/')}/?q={encoded}"


_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]+)\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_MD_BULLET = re.compile(r"^\s*[-*+]\s+", re.M)
_MD_QUOTE = re.compile(r"^\s*>\s?", re.M)
_MD_EMPH = re.compile(r"(\*\*|__|~~|`{1,3})")
_MD_RULE = re.compile(r"^\s*([-*_]\s*){3,}$", re.M)
_MD_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*(\n|$)", re.M)
_MULTI_BLANK = re.compile(r"\n{3,}")


def plain_text(text: str) -> str:
    """Markdown → plain text (WeChat shows Markdown marks literally)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_LINK.sub(lambda m: f"{m.group(1)}（{m.group(2)}）" if m.group(1) else m.group(2), text)
    text = _MD_TABLE_SEP.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_BULLET.sub("· ", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_EMPH.sub("", text)
    lines = []
    for line in text.split("\n"):
        if line.strip().startswith("|") and line.strip().endswith("|"):
            line = "；".join(c.strip() for c in line.strip().strip("|").split("|") if c.strip())
        lines.append(line.rstrip())
    return _MULTI_BLANK.sub("\n\n", "\n".join(lines)).strip()


def source_lines(citations: Iterable[dict[str, Any]] | None) -> list[str]:
    """Short "来源：" lines (agency + year + section), distinct, at most ``MAX_SOURCES``."""
    out: list[str] = []
    for c in citations or []:
        if not isinstance(c, dict):
            continue
        agency = str(c.get("agency") or "").strip()
        year = c.get("year")
        year_s = P.SOURCE_YEAR.format(year=year) if year not in (None, "") else ""
        section = plain_text(str(c.get("section") or "")).replace("\n", " ").strip()
        if len(section) > MAX_SECTION_CHARS:
            section = section[: MAX_SECTION_CHARS - 1] + "…"
        head = f"{agency}{year_s}"
        source = " ".join(p for p in (head, section) if p)
        if not source:
            continue
        line = P.SOURCE_LINE.format(source=source)
        if line not in out:
            out.append(line)
        if len(out) >= MAX_SOURCES:
            break
    return out


def cut_text(text: str, max_chars: int, max_bytes: int) -> str:
    """The longest prefix within both limits that ends at a sentence end; failing
    that at a soft break, failing that a hard cut; the last two end with "……"."""
    if fits(text, max_chars, max_bytes):
        return text
    # The longest prefix within both limits.
    n = min(len(text), max_chars)
    while n > 0 and _nbytes(text[:n]) > max_bytes:
        n -= max(1, (_nbytes(text[:n]) - max_bytes) // 3)
    prefix = text[:n]
    end = max(prefix.rfind(ch) for ch in SENTENCE_ENDS)
    if end >= len(prefix) // 3:  # keep a useful amount of text
        return prefix[: end + 1].rstrip()
    room_chars = max_chars - len(P.ELLIPSIS)
    room_bytes = max_bytes - _nbytes(P.ELLIPSIS)
    m = min(len(prefix), room_chars)
    while m > 0 and _nbytes(prefix[:m]) > room_bytes:
        m -= 1
    prefix = prefix[:m]
    soft = max(prefix.rfind(ch) for ch in SOFT_BREAKS)
    if soft >= len(prefix) // 2:
        prefix = prefix[:soft]
    prefix = prefix.rstrip("，、：,; \n")
    return (prefix + P.ELLIPSIS) if prefix else ""


def fit_reply(
    body: str, tail: list[str], link_line: str, max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES
) -> str:
    """``body`` + ``tail`` lines when they fit; else the body cut at a sentence end,
    the tail lines that still leave room, and ``link_line``."""
    full = "\n".join([body, *tail]) if body else "\n".join(tail)
    if fits(full, max_chars, max_bytes):
        return full
    tail = list(tail)
    while True:
        end = "\n".join([*tail, link_line])
        room_chars = max_chars - len(end) - 1
        room_bytes = max_bytes - _nbytes(end) - 1
        # Keep at least a third of the space for the answer itself.
        if (room_chars >= max_chars // 3 and room_bytes >= max_bytes // 3) or not tail:
            break
        tail.pop()
    cut = cut_text(body, max(0, room_chars), max(0, room_bytes))
    out = "\n".join(p for p in (cut, end) if p)
    if not fits(out, max_chars, max_bytes):  # only with absurd links or limits
        out = cut_text(out, max_chars, max_bytes)
    return out


def render_answer(answer: dict[str, Any], question: str, portal_url: str) -> str:
    """An answer dict (``service.ask``) → the WeChat reply text."""
    text = plain_text(str(answer.get("answer") or ""))
    refused = bool(answer.get("refused"))
    tail = [] if refused else source_lines(answer.get("citations"))
    link_line = P.MORE_LINK.format(link=portal_link(portal_url, question))
    if not text and not tail:
        text = P.SERVICE_ERROR.format(link=portal_link(portal_url, question))
        return cut_text(text, MAX_CHARS, MAX_BYTES)
    table = answer.get("table") or {}
    if len(table.get("rows") or ()) > MAX_SOURCES:
        # a ranking or total over many reports: its sources and full table are on the portal
        tail = [P.TABLE_LINK.format(n=len(table["rows"]), link=portal_link(portal_url, question))]
    return fit_reply(text, tail, link_line)


def _fit(text: str) -> str:
    return cut_text(text, MAX_CHARS, MAX_BYTES)


def welcome_text() -> str:
    examples = "\n".join(
        P.WELCOME_EXAMPLE_LINE.format(n=i, question=q) for i, q in enumerate(P.EXAMPLE_QUESTIONS[:3], 1)
    )
    return _fit(P.WELCOME.format(examples=examples))


def unsupported_text() -> str:
    return _fit(P.UNSUPPORTED_MESSAGE.format(example=P.EXAMPLE_QUESTIONS[0]))


def empty_question_text() -> str:
    return _fit(P.EMPTY_QUESTION.format(example=P.EXAMPLE_QUESTIONS[0]))


def voice_not_recognised_text() -> str:
    return _fit(P.VOICE_NOT_RECOGNISED)


def too_long_text(limit: int) -> str:
    return _fit(P.QUESTION_TOO_LONG.format(limit=limit))


def rate_limited_text() -> str:
    return _fit(P.RATE_LIMITED)


def service_error_text(portal_url: str, question: str) -> str:
    return _fit(P.SERVICE_ERROR.format(link=portal_link(portal_url, question)))


def still_working_text(portal_url: str, question: str) -> str:
    return _fit(P.STILL_WORKING.format(link=portal_link(portal_url, question)))
