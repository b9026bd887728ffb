"""The report's own outline, asked about as a thing of its own: how many parts it
has (本报告由…六个部分组成), what its fifth part is, which part holds the problems.
Answered from the sentence that states the outline and from the headings as printed,
never from a count the report does not make."""

from __future__ import annotations

import re

from ingest.chunks import report_title
from ingest.report import ParsedReport
from prompts import answers as T

_NUMERALS = "一二三四五六七八九十"
_ORDINAL = rf"[{_NUMERALS}]{{1,2}}|\d{{1,2}}"
# "分成几个部分", "由哪几部分组成", "包括哪些内容" (of the report), "第五部分讲什么", "放在第几部分"
ASKS_OUTLINE = re.compile(
    rf"几个?部分|哪(?:几|些)个?部分|(?:年报|报告|全文)[\u4e00-\u9fff]{{0,8}}?几个方面|分(?:成|为)?几(?:块|大块|部分|大部分|个部分)|哪几块|"
    rf"第(?:{_ORDINAL})个?部分[\u4e00-\u9fff]{{0,6}}?(?:什么|啥|哪些)|放在第几个?部分|在第几个?部分|"
    r"(?:年报|报告|全文)[\u4e00-\u9fff]{0,4}?(?:包括|包含|涵盖|由)(?:哪些|哪几|什么)(?:方面|内容|部分)?|"
    r"(?:年报|报告|全文)[\u4e00-\u9fff]{0,4}?(?:写|讲|谈|介绍)了?(?:哪些|哪几|什么)(?:方面|内容|部分)|"
    r"(?:年报|报告|全文)[\u4e00-\u9fff]{0,6}?(?:结构|组成|构成)")
# the sentence stating the outline: "本报告由概述、…等六个部分组成", "全文包括概述、…并附统计附表"
_OUTLINE_SENTENCE = re.compile(
    r"(?:^|(?<=[。！？\n]))[^。！？\n]*?(?:本(?:年度)?(?:报告|年报)|全文|报告全文|报告)[^。！？\n]{0,12}?(?:由|包括|包含|分为|共分)"
    r"[^。！？\n]{4,400}?(?:组成|构成|部分|方面内容|个方面|附表|附件)[^。！？\n]{0,30}?(?:[。！？]|$)")
_HEADING_NUMBER = re.compile(rf"^\s*({_ORDINAL})\s*[、.．]")
_HEADING_START = re.compile(rf"^\s*(?:{_ORDINAL})\s*、[\u4e00-\u9fff“”、]{{2,24}}?(?:情况|事项|问题|措施|举措|概述|计划|思路|打算)")


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word == "十":
        return 10
    if len(word) == 2 and word[0] == "十":
        return 10 + _NUMERALS.index(word[1]) + 1
    if len(word) == 1 and word in _NUMERALS:
        return _NUMERALS.index(word) + 1
    return None


# or one listing them without a closing word ("全文包括概述,主动公开…,存在不足及改进措施。")
_OUTLINE_LIST = re.compile(r"(?:^|(?<=[。！？\n]))[^。！？\n]{0,20}?(?:本(?:年度)?(?:报告|年报)|全文|报告全文)(?:由|包括|包含|分为)"
                           r"[^。！？\n]{8,400}?(?:[。！？]|$)")


_ABOUT_THE_REPORT = re.compile(r"本(?:年度)?(?:报告|年报)(?:由|包括|共分|分为|内容包括|全文包括)|全文(?:共)?(?:包括|分为)|"
                               r"[一二三四五六七八九十\d]个部分(?:组成|构成)")


def only_outline(sentence: str) -> bool:
    """The sentence states the report's parts and nothing else: it answers no question about
    one of them. (One that also gives the statistics period or a phone, 所列数据统计期限为
    2025年1月1日…, says more, and stays.)"""
    flat = re.sub(r"\s+", "", sentence)
    # (its count of parts, or the title run into it, 某局2020年政府信息公开工作年度报告本年报…, is no more)
    # (nor the number of a document it cites, 国办公开办函〔2021〕30号, 第五十条)
    rest = re.sub(r"\d+个?(?:部分|方面)|(?:19|20)\d{2}年度?(?:政府)?信息公开(?:工作)?年度?报告|"
                  r"[〔\[［(（]\d{4}[〕\]］)）]\d+号|第\d+条|第[一二三四五六七八九十]+条|令第\d+号", "", flat)
    return bool(_ABOUT_THE_REPORT.search(flat) or outline_sentence(flat)) and not re.search(r"\d", rest)


_MAY_STATE_OUTLINE = re.compile(r"(?:报告|全文|年报)[^。！？\n]*?(?:由|包括|包含|分为|共分)")


def outline_sentence(text: str) -> str:
    """The sentence of ``text`` stating the report's parts, or ""."""
    if not _MAY_STATE_OUTLINE.search(text):
        return ""     # (most sentences: the full patterns below are slow to fail)
    m = _OUTLINE_SENTENCE.search(text)
    if m:
        return m.group(0).strip()
    m = _OUTLINE_LIST.search(text)
    listed = m and len(re.findall(r"[、,，]", m.group(0))) >= 3 and \
        len(re.findall(r"概述|总体情况|主动公开|依申请|复议|诉讼|收费|问题|改进|其他", m.group(0))) >= 3
    return m.group(0).strip() if listed else ""


def printed_headings(report: ParsedReport) -> list[tuple[int, str]]:
    """The numbered top-level headings as printed, in order: [(5, "五、信息处理费收取情况"), …]."""
    out = []
    for s in report.sections:
        # a heading the parser left at the start of a paragraph (a table's title run into its cells)
        lines = [s.heading or ""] + [m.group(0) for p in s.paragraphs if (m := _HEADING_START.match(p))]
        for line in lines:
            m = _HEADING_NUMBER.match(line)
            n = _number(m.group(1)) if m else None
            if n is not None and (not out or n > out[-1][0]):
                out.append((n, line.strip()))
    return out


def outline_answer(report: ParsedReport, question: str) -> dict | None:
    """The report's outline as asked, cited from its outline sentence and its headings;
    None when the report prints neither."""
    from bot.answer import citation

    headings = printed_headings(report)
    said = next((found for s in report.sections[:3] for para in s.paragraphs if (found := outline_sentence(para))), "")
    listed = "；".join(h for _, h in headings)
    parts, cites = [], []
    asked_part = re.search(rf"第({_ORDINAL})个?部分", question)
    if asked_part and headings:
        n = _number(asked_part.group(1))
        heading = next((h for k, h in headings if k == n), "")
        if heading:
            parts.append(T.OUTLINE_PART.format(number=asked_part.group(1), heading=heading))
    # "问题和改进放在第几部分": the heading holding the words asked about
    where = re.search(r"([\u4e00-\u9fff]{2,12}?)(?:放在|在|是|属于)第几个?部分", question)
    if where and headings:
        words = [w for w in re.split(r"和|与|及|、", re.sub(r"^(?:那|这份?|年报|报告)+", "", where.group(1))) if len(w) >= 2]
        hit = next(((k, h) for k, h in headings if words and all(w in h for w in words)), None)
        if hit:
            parts.append(T.OUTLINE_WHERE.format(heading=hit[1], number=_NUMERALS[hit[0] - 1] if hit[0] <= 10 else hit[0]))
    if not parts and said:
        parts.append(T.PROSE_QUOTE.format(quote=said))
    if not parts and not headings:
        return None
    if headings and (not asked_part or not parts):
        parts.append(T.OUTLINE_HEADINGS.format(headings=listed))
    if said:
        cites.append(citation(report, report.sections[0].heading if report.sections else "", said, None))
    if headings:
        cites.append(citation(report, "", listed, None))
    return {"answer": T.OUTLINE.format(title=report_title(report), body="".join(parts)), "refused": False,
            "kind": "prose", "citations": cites}
