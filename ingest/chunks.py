"""A parsed report → chunks that keep their meaning: prose by section and
paragraph, every table row as its own chunk in words a citizen uses, and one
contact chunk. Each carries the metadata the retriever filters on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import lexicon as lx
from ingest.report import ParsedReport

MAX_PROSE_CHARS = 320


@dataclass
class Chunk:
    text: str                 # as stored and quoted in citations
    kind: str                 # prose | table_row | contact
    section: str
    subsection: str = ""
    keys: list[str] = field(default_factory=list)
    position: int = 0

    def embed_text(self, report: ParsedReport) -> str:
        if self.kind == "table_row":
            # a row's words without its numbers (which mean nothing to e5): the same
            # row of every report embeds alike, so the store embeds it once and reuses
            # it; the report is found by the agency/year filter and BM25 on the full text
            return f"{self.section} {self.text.rsplit(' · ', 1)[0]}"
        # the report's name travels with every passage so "洪泽区 2023" finds it
        return f"{report.year}年 {report.agency} {self.section} {self.text}"


def _fmt(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def report_title(report: ParsedReport) -> str:
    return f"《{report.agency}{report.year}年政府信息公开工作年度报告》"


def section_heading(report: ParsedReport, number: int) -> str:
    for s in report.sections:
        if s.number == number and s.heading:
            return s.heading
    return lx.SECTION_TITLES.get(number, "")


def cell_text(report: ParsedReport, key: str) -> str:
    if key in report.values:
        v = _fmt(report.values[key])
        signed = report.signed.get(key)
        return signed if signed else v
    if key in report.blank:
        return "（未填写）"
    return ""


def table_row_chunks(report: ParsedReport) -> list[Chunk]:
    chunks: list[Chunk] = []
    rows = lx.REQUEST_ROWS_2021 if lx.is_2021_request_table(report.values) else lx.REQUEST_ROWS_2019
    sec3 = section_heading(report, 3)
    for key, label, _ in rows:
        cells = [(c, cell_text(report, f"requests.{key}.{c}")) for c in lx.REQUEST_COLUMNS]
        if not any(t for _, t in cells):
            continue
        body = "；".join(f"{lx.REQUEST_COLUMN_NAMES[c]} {t}" for c, t in cells if t)
        text = f"收到和处理政府信息公开申请情况 · {label} · {body}"
        chunks.append(Chunk(text=text, kind="table_row", section=sec3,
                            keys=[f"requests.{key}.{c}" for c, t in cells if t]))
    sec4 = section_heading(report, 4)
    for g in lx.APPEAL_GROUPS:
        cells = [(c, cell_text(report, f"appeals.{g}.{c}")) for c in lx.APPEAL_COLUMNS]
        if not any(t for _, t in cells):
            continue
        body = "；".join(f"{lx.APPEAL_COLUMN_NAMES[c]} {t}" for c, t in cells if t)
        chunks.append(Chunk(text=f"政府信息公开行政复议、行政诉讼情况 · {lx.APPEAL_GROUP_NAMES[g]} · {body}",
                            kind="table_row", section=sec4,
                            keys=[f"appeals.{g}.{c}" for c, t in cells if t]))
    sec2 = section_heading(report, 2)
    cols_by_item = lx.PROACTIVE_COLUMNS[report.template]
    for item, specs in lx.PROACTIVE_ROWS.items():
        for key, name, _ in specs:
            cols = cols_by_item.get(item, [])
            cells = [(c, cell_text(report, f"proactive.{key}.{c}")) for c in cols]
            if not any(t for _, t in cells):
                continue
            body = "；".join(f"{lx.PROACTIVE_COLUMN_NAMES[c]} {t}" for c, t in cells if t)
            if key == "normative_docs" and report.template == "2021":
                name = "行政规范性文件"
            chunks.append(Chunk(text=f"主动公开政府信息情况 · 第二十条第（{item}）项 · {name} · {body}",
                                kind="table_row", section=sec2,
                                keys=[f"proactive.{key}.{c}" for c, t in cells if t]))
    return chunks


def contact_chunk(report: ParsedReport) -> Chunk | None:
    c = report.contacts
    if not c:
        return None
    names = {"phone": "电话", "fax": "传真", "address": "地址", "postcode": "邮编", "email": "电子邮箱", "website": "网站",
             "office": "年报负责部门", "published": "发布日期", "index_no": "索引号", "doc_no": "文号", "signed_on": "落款日期"}
    printed = c.get("record_lines") or {}
    parts = []
    for k, name in names.items():
        v = c.get(k)
        if v:
            # the report's record as its page prints it (发布时间:2010-01-05), so a reader finds it there
            parts.append(printed.get(k) or f"{name}：{'、'.join(v) if isinstance(v, list) else v}")
    return Chunk(text=f"{report.agency}联系方式 · " + "；".join(parts), kind="contact",
                 section=section_heading(report, 0) or "报告说明",
                 keys=[f"contacts.{k}" for k in c if k in names])


_SENT = re.compile(r"(?<=[。！？；])")


def _split(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_PROSE_CHARS:
        return [paragraph]
    out, cur = [], ""
    for sent in _SENT.split(paragraph):
        if cur and len(cur) + len(sent) > MAX_PROSE_CHARS:
            out.append(cur)
            cur = ""
        cur += sent
    if cur:
        out.append(cur)
    return out


SHORT_PARAGRAPH = 40
# a short paragraph that says "none" or points back ("无此相关情况", "无", "未发生上述情况"): its heading says of what
_LEANS_ON_HEADING = re.compile(r"此|相关|上述|以上|该项|无|没有|未|均为零|为零")
# a table printed as a line of labels and digits, no sentence of its own (通知收取件数…实际收取金额（元）000)
_LABELS_AND_DIGITS = re.compile(r"[^。，,；;！？]{4,120}?\d\s*")


def prose_chunks(report: ParsedReport) -> list[Chunk]:
    chunks = []
    for sec in report.sections:
        heading = sec.heading or "报告说明"
        # a paragraph that opens with its heading's words needs it no second time (信息处理费收取情况：…)
        heading_starts = (heading[:4], re.sub(r"^[一二三四五六七八九十]+、", "", heading)[:4])
        sub = ""
        for para in sec.paragraphs:
            m = re.match(r"^[（(][一二三四五六七八九十]+[)）]([^。：:]{2,24})[。：:]?", para)
            if m:
                sub = m.group(0).rstrip("。：:")
            leans = len(para.strip()) < SHORT_PARAGRAPH and _LEANS_ON_HEADING.search(para) or \
                _LABELS_AND_DIGITS.fullmatch(para.strip()) or "（原表此行：" in para
            if sec.number and leans and not para.strip().startswith(heading_starts) and \
                    not (m and len(para.strip()) <= len(m.group(0)) + 1):
                # "2016年，我局无此相关情况。" says nothing without its heading (五、因…行政复议…的情况)
                para = f"{heading}：{para.strip()}"
            for piece in _split(para):
                chunks.append(Chunk(text=piece, kind="prose", section=heading, subsection=sub))
    return chunks


def build_chunks(report: ParsedReport) -> list[Chunk]:
    chunks = prose_chunks(report) + table_row_chunks(report)
    contact = contact_chunk(report)
    if contact:
        chunks.append(contact)
    for i, ch in enumerate(chunks):
        ch.position = i
    return chunks
