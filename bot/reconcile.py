"""A staff question setting a figure the report's words state against its table
("正文说依申请公开341条，可表三新收申请是0，这是怎么回事"): the sentence stating the figure
quoted, beside the table's cell. Both are shown as printed; no verdict is made up."""

from __future__ import annotations

import re

from bot.answer import _SENTENCE     # the answers' own sentence split, so a quote is one of theirs
from ingest.report import ParsedReport

ASKS_RECONCILE = re.compile(r"对得上|对不上|对上了?吗|一致吗|是否一致|前后一致|相符|吻合|怎么回事|矛盾|不一样")
# a figure the asker says the report states: “不予公开2件”, or after 说/写/称 up to the next clause
_QUOTED = re.compile(r"[“\"‘']([^”\"’']*?\d[^”\"’']*?)[”\"’']")
_SAID = re.compile(r"(?:说|写|写着|写的是|称|提到|显示|表述为)[:：]?([^，,。；;？?“”\"']*?\d+[^，,。；;？?“”\"'可但而]*)")


def claims(question: str) -> list[str]:
    """The figures the question says the report's words state, as the asker wrote them."""
    found = _QUOTED.findall(question) or _SAID.findall(question)
    return [c.strip() for c in found if re.search(r"\d", c)]


def _pieces(claim: str) -> list[tuple[str, str]]:
    """(words, number) of each figure in a claim: "无法提供2件、其他处理2件" → two."""
    out = []
    for m in re.finditer(r"([\u4e00-\u9fff]{2,12}?)(?:是|为|有|共)?(\d+)", claim):
        out.append((m.group(1), m.group(2)))
    return out


def stated_sentences(report: ParsedReport, claim: str) -> list[tuple[str, str, str]]:
    """(section heading, paragraph, sentence) of the report's prose stating the claim's
    figures: each sentence holding a figure's number next to two of its words."""
    out = []
    pieces = _pieces(claim)
    for sec in report.sections:
        for para in sec.paragraphs:
            for sent in (m.strip() for m in _SENTENCE.findall(para)):
                flat = re.sub(r"\s+", "", sent)
                for words, number in pieces:
                    # the number, with two of the claim's words in the 15 characters before it
                    near = any(any(words[i:i + 2] in flat[max(0, m.start() - 15):m.start()] for i in range(len(words) - 1))
                               for m in re.finditer(rf"(?<![\d.]){number}(?![\d.])", flat))
                    if near and not any(sent == s for _, _, s in out):
                        out.append((sec.heading, para, sent))
    return out[:3]
