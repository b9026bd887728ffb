"""Composing answers a citizen can check: figures from the stored facts (never
from similarity alone), prose answers quoted from the best passage, plain
refusals when the reports do not say."""

from __future__ import annotations

import re

from bot import lexicon as q
from bot.retriever import tokenize
from bot.understand import Question
from ingest import lexicon as lx
from ingest.chunks import _fmt, report_title, section_heading
from ingest.report import ParsedReport
from prompts import answers as T

# Share of the question's content words a passage must contain to be quoted.
# Calibrated on eval/gold/dev.jsonl (see eval/README and the closing notes).
MIN_COVERAGE = 0.5
_GENERIC = set("情况 工作 多少 数量 哪些 什么 怎么 如何 是否 有没有 年度 报告 年报 全年 今年 去年 本年 共 一共 总共 请问 "
               "政府 人民 信息 公开 政务 机关 单位 部门 条 件 个 场 次 期 项 元 万元 吗 呢".split())


def citation(report: ParsedReport, section: str, text: str, key: str | None) -> dict:
    return {"report_id": report.report_id, "agency": report.agency, "year": report.year,
            "section": section, "text": text, "key": key}


def row_citation_text(report: ParsedReport, stem: str) -> str:
    """The table row as stored (the table_row chunk's words)."""
    from ingest.chunks import table_row_chunks

    for ch in table_row_chunks(report):
        if ch.keys and ".".join(ch.keys[0].split(".")[:-1]) == stem:
            return ch.text
    return stem


def figure_answer(report: ParsedReport, qn: Question, latest_note: str = "") -> dict | None:
    """None when the report holds none of the asked cells (table left out)."""
    title = report_title(report)
    parts: list[str] = []
    cites: list[dict] = []
    stems = list(qn.keys)
    if qn.keys and qn.keys[0].startswith("proactive."):
        row = qn.keys[0].split(".")[1]
        cols_words = q.PROACTIVE_COLUMN_WORDS[report.template]
        allowed = None
        for item, cols in lx.PROACTIVE_COLUMNS[report.template].items():
            if any(r == row for r, _, _ in lx.PROACTIVE_ROWS[item]):
                allowed = cols
        if allowed is None:
            return None
        cols = [c for p, c in cols_words if re.search(p, qn.text) and c in allowed] or \
            [c for p, c in cols_words if re.search(p, qn.context) and c in allowed] or \
            [q.PROACTIVE_DEFAULT_COLUMN[report.template].get(row, allowed[0])]
        full_keys = [f"proactive.{row}.{cols[0]}"]
    else:
        full_keys = [f"{s}.{c}" for s in stems for c in (qn.columns or ["total"])]
    found = [k for k in full_keys if k in report.values or k in report.blank]
    if not found:
        return None
    section = section_heading(report, lx.section_of_key(found[0]))
    if qn.group or len(found) > 1:
        head = T.FIGURE_GROUP_HEAD.format(title=title, agency=report.agency, year=report.year,
                                          group=q.GROUP_NAMES.get(qn.group, "") or "相关数字")
        items = []
        for k in found:
            items.append(_item(report, k))
        parts.append(head + "；".join(items) + "。")
    else:
        k = found[0]
        if k in report.blank:
            parts.append(T.FIGURE_BLANK.format(title=title, label=f"{report.agency}{report.year}年{lx.key_label(k)}"))
        else:
            parts.append(T.FIGURE.format(title=title, agency=report.agency, year=report.year,
                                         label=lx.key_label(k), value=_value(report, k),
                                         unit=lx.KEY_UNITS.get(k, "件" if not k.startswith("proactive.") else "")))
    for k in found:
        stem = ".".join(k.split(".")[:-1])
        text = row_citation_text(report, stem)
        if not any(c["text"] == text for c in cites):
            cites.append(citation(report, section, text, k))
    return {"answer": latest_note + "".join(parts), "refused": False, "citations": cites, "kind": "figure"}


def _value(report: ParsedReport, k: str) -> str:
    return report.signed.get(k) or _fmt(report.values[k])


def _item(report: ParsedReport, k: str) -> str:
    if k in report.blank:
        return f"{lx.key_label(k)}（未填写）"
    return T.FIGURE_GROUP_ITEM.format(label=lx.key_label(k), value=_value(report, k),
                                      unit=lx.KEY_UNITS.get(k, "件" if not k.startswith("proactive.") else ""))


def contact_answer(report: ParsedReport, fields: list[str]) -> dict | None:
    c = report.contacts
    wanted = [f for f in fields if f != "*"] or [f for f in ("phone", "address", "postcode", "email", "website") if c.get(f)]
    parts, present = [], []
    for f in wanted:
        v = c.get(f)
        if v:
            present.append(f)
            parts.append(f"{T.CONTACT_NAMES[f]}：{'、'.join(v) if isinstance(v, list) else v}")
    if not present:
        return None
    from ingest.chunks import contact_chunk

    chunk = contact_chunk(report)
    text = T.CONTACT.format(title=report_title(report), agency=report.agency,
                            what="、".join(T.CONTACT_NAMES[f] for f in present), value="；".join(parts))
    return {"answer": text, "refused": False, "kind": "contact",
            "citations": [citation(report, chunk.section, chunk.text, f"contacts.{present[0]}")]}


def content_terms(question: str, agency_words: list[str]) -> list[str]:
    t = question
    for w in sorted(agency_words, key=len, reverse=True):
        t = t.replace(w, " ")
    t = re.sub(r"(?:19|20)\d{2}\s*年?", " ", t)
    toks = [w for w in tokenize(t) if w not in _GENERIC and not re.fullmatch(r"\d+", w) and len(w) >= 1]
    return list(dict.fromkeys(w for w in toks if len(w) >= 2 or re.match(r"[\u4e00-\u9fff]", w) is None))


def coverage(terms: list[str], text: str) -> float:
    if not terms:
        return 0.0
    flat = re.sub(r"\s+", "", text).lower()
    return sum(1 for w in terms if w in flat) / len(terms)


_SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")


def best_sentences(text: str, terms: list[str], want_number: bool) -> str:
    sents = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sents:
        return text
    flat = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    scored = []
    for i, s in enumerate(sents):
        score = sum(1 for w in terms if w in flat(s))
        if want_number and re.search(r"\d", s):
            score += 0.5
        scored.append((score, -i, s))
    scored.sort(reverse=True)
    best = scored[0][2]
    if len(best) < 25 and len(sents) > 1:
        idx = sents.index(best)
        if idx + 1 < len(sents):
            best = best + sents[idx + 1]
    return best


def refusal(text: str, report: ParsedReport | None = None) -> dict:
    if report is not None and report.contacts:
        c = report.contacts
        contact = "；".join(f"{T.CONTACT_NAMES[k]}：{'、'.join(v) if isinstance(v, list) else v}"
                           for k, v in c.items() if v and k in T.CONTACT_NAMES)
        text += T.CONTACT_HINT.format(agency=report.agency, contact=contact)
    return {"answer": text, "refused": True, "citations": [], "kind": "refusal"}
