"""Optional LLM rephrasing of an extractive answer (``GOVQA_LLM_URL`` set).

The extractive answer stays the source of truth: an OpenAI-compatible chat
model (LangChain's ``ChatOpenAI``) may only restate it from the same facts and
cited passages. Its output is used only when it passes the guards below;
otherwise the extractive answer is returned unchanged:

* number guard: every number the model writes (Arabic digits, with thousands
  separators, decimals and a leading minus; Chinese numerals of quantities such
  as 二十件 or 二〇二三年) must be in a citation's text, the extractive answer or
  the cited reports' years;
* every Arabic number the extractive answer states must still be there, and an
  answer saying a cell is 未填写 must still say so;
* timeout (``GOVQA_LLM_TIMEOUT_S``), HTTP or connection errors, empty, overlong
  or delimiter-leaking output.

The question, the extractive answer and the passages are sent as data between
per-request random delimiters, with a system prompt (prompts/llm.py) saying
they are never instructions. The answer JSON gains ``llm_used`` (bool) and, on a
fallback, ``llm_fallback`` (a short reason); no field is renamed. The key
(``GOVQA_LLM_KEY``) is never logged or returned.
"""

from __future__ import annotations

import logging
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from prompts import llm as P

log = logging.getLogger("govqa.llm")

DEFAULT_MODEL = "gpt-4o-mini"
PLACEHOLDER_KEY = "govqa-no-key"  # OpenAI clients require some key; never the environment's OPENAI_API_KEY
MAX_WORKERS = 4  # concurrent LLM calls; more wait (and time out) rather than pile up threads
MAX_TOKENS = 400

# --- numbers ---------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．＋－−", "0123456789.+--")
# A sign counts only when it does not follow a digit (0595-27396608 is a phone number).
_ARABIC = re.compile(r"(?<![\d.])([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10 ** 4, "亿": 10 ** 8}
_CN_RUN = "[零〇一二两三四五六七八九十百千万亿]+"
# A Chinese numeral counts as a quantity when a measure word follows (二十件, 三个, 二〇二三年);
# 第一/第二 (ordinals) and the 万 of "3万" are not separate numbers.
_CN_QUANTITY = re.compile(rf"(?<![\d第])({_CN_RUN})(?=[余多]?[件个次项条人家场期份名位元年月日天篇起批户所类宗周届])")
_CN_ANY = re.compile(rf"(?<![\d第])({_CN_RUN})")


def _norm(sign: str, digits: str) -> str:
    digits = digits.replace(",", "")
    whole, _, frac = digits.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    value = whole + ("." + frac if frac else "")
    return "-" + value if sign == "-" and value != "0" else value


def _cn_value(s: str) -> int | None:
    if not any(c in _CN_DIGITS or c == "十" for c in s):
        return None  # a bare 万/百/千 (万元, 百姓) is no number
    if all(c in _CN_DIGITS for c in s):  # 二〇二三 read digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total = section = number = 0
    for c in s:
        if c in _CN_DIGITS:
            number = _CN_DIGITS[c]
        elif c in ("万", "亿"):
            total += (section + number) * _CN_UNITS[c]
            section = number = 0
        else:
            section += (number or 1) * _CN_UNITS[c]
            number = 0
    return total + section + number


def arabic_numbers(text: str) -> set[str]:
    text = (text or "").translate(_FULLWIDTH)
    return {_norm(m.group(1), m.group(2)) for m in _ARABIC.finditer(text)}


def numbers(text: str, chinese: re.Pattern = _CN_QUANTITY) -> set[str]:
    """Every number a text states, normalised ("1,234.50" → "1234.5", "二十件" → "20").
    A lone 一 (一个工作日, 一次性) is not checked: too common in plain wording."""
    found = arabic_numbers(text)
    for m in chinese.finditer(text or ""):
        v = _cn_value(m.group(1))
        if v is not None and v != 1:
            found.add(str(v))
    return found


def unsupported_numbers(output: str, answer: dict) -> set[str]:
    """Numbers in ``output`` that neither the citations nor the extractive answer state."""
    allowed: set[str] = set()
    sources = [answer.get("answer", "")]
    for c in answer.get("citations") or []:
        sources += [c.get("text") or "", c.get("report_id") or "", str(c.get("year") or "")]
    for s in sources:
        allowed |= numbers(s, _CN_ANY)
    return numbers(output) - allowed


def dropped_numbers(output: str, answer: dict) -> set[str]:
    """Arabic numbers of the extractive answer (other than the cited years) missing from ``output``."""
    years = {str(c.get("year")) for c in answer.get("citations") or [] if c.get("year")}
    return arabic_numbers(answer.get("answer", "")) - years - numbers(output, _CN_ANY)


# --- the rephraser -------------------------------------------------------------------


class LLMRephraser:
    """``rephrase(question, answer) -> answer``; never raises, never slower than the timeout by much."""

    def __init__(self, settings):
        from langchain_openai import ChatOpenAI

        self.url = _base_url(settings.llm_url)
        self.model = settings.llm_model or DEFAULT_MODEL
        self.timeout = float(getattr(settings, "llm_timeout_s", 10.0) or 10.0)
        key = settings.llm_key.get_secret_value() if settings.llm_key else PLACEHOLDER_KEY
        self._chat = ChatOpenAI(base_url=self.url, model=self.model, api_key=key, timeout=self.timeout,
                                max_retries=0, temperature=0, max_tokens=MAX_TOKENS)
        self._secret = key if settings.llm_key else None
        self._pool = ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="govqa-llm")

    def __repr__(self) -> str:  # no key in any repr
        return f"LLMRephraser(url={self.url!r}, model={self.model!r}, timeout={self.timeout})"

    # -- messages ---------------------------------------------------------------------
    @staticmethod
    def messages(question: str, answer: dict, tag: str | None = None) -> list[tuple[str, str]]:
        """(role, content) pairs: the system prompt, then every piece of data between
        delimiters carrying a random tag no report or question can guess."""
        tag = tag or secrets.token_hex(8)
        op, cl = P.OPEN.format(tag=tag), P.CLOSE.format(tag=tag)
        passages = P.PASSAGE_SEPARATOR.join(
            P.PASSAGE.format(n=i, agency=c.get("agency", ""), year=c.get("year", ""), section=c.get("section", ""),
                             text=c.get("text", ""), open=op, close=cl)
            for i, c in enumerate(answer.get("citations") or [], 1))
        return [("system", P.SYSTEM.format(open=op, close=cl)),
                ("human", P.USER.format(question=question, answer=answer["answer"], passages=passages,
                                        open=op, close=cl))]

    def _call(self, msgs: list[tuple[str, str]]) -> str:
        reply = self._chat.invoke(msgs)
        content = reply.content
        if isinstance(content, list):
            content = "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
        return content or ""

    # -- the guarded rephrase ---------------------------------------------------------
    def rephrase(self, question: str, answer: dict) -> dict:
        if answer.get("refused") or not answer.get("citations") or not answer.get("answer"):
            return {**answer, "llm_used": False}
        tag = secrets.token_hex(8)
        try:
            future = self._pool.submit(self._call, self.messages(question, answer, tag))
        except RuntimeError:  # pool shut down
            return self._fallback(answer, "unavailable")
        try:
            raw = future.result(timeout=self.timeout + 1.0)
        except FutureTimeout:
            future.cancel()
            return self._fallback(answer, "timeout")
        except Exception as exc:  # noqa: BLE001 - any client error means: keep the extractive answer
            return self._fallback(answer, _reason(exc))
        text = _clean(raw)
        reason = self._check(text, answer, tag)
        if reason:
            return self._fallback(answer, reason)
        return {**answer, "answer": text, "llm_used": True}

    def _check(self, text: str, answer: dict, tag: str) -> str | None:
        if not text:
            return "empty"
        if tag in text or "<<<" in text or ">>>" in text:
            return "delimiter"
        if self._secret and self._secret in text:
            return "secret"
        if len(text) > max(2 * len(answer["answer"]), 300):
            return "too_long"
        if unsupported_numbers(text, answer):
            return "number_guard"
        if dropped_numbers(text, answer):
            return "dropped_figure"
        if "未填写" in answer["answer"] and "未填写" not in text:
            return "dropped_blank"
        return None

    def _fallback(self, answer: dict, reason: str) -> dict:
        log.warning("llm rephrase not used (%s); the extractive answer stands", reason)
        return {**answer, "llm_used": False, "llm_fallback": reason}

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _base_url(url: str) -> str:
    url = url.strip().rstrip("/")
    return re.sub(r"/chat/completions$", "", url)


_THINK = re.compile(r"<think>.*?</think>", re.S)


def _clean(text: str) -> str:
    text = _THINK.sub("", text or "").strip()
    text = re.sub(r"^(?:回答|答)[:：]\s*", "", text)
    return re.sub(r"\*\*|__|^#+\s*", "", text, flags=re.M).strip()


def _reason(exc: Exception) -> str:
    """A short, secret-free label for a failed call (never the message: a server may echo headers)."""
    import openai

    if isinstance(exc, openai.APITimeoutError) or isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIStatusError):
        return f"http_{exc.status_code}"
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    return f"error_{type(exc).__name__}"
