"""Composing answers a citizen can check: figures from the stored facts (never
from similarity alone), prose answers quoted from the best passage, plain
refusals when the reports do not say."""

from __future__ import annotations

import functools
import re

from bot import lexicon as q
from bot.facts import consistency_note, findings_for, split_key
from bot.outline import only_outline
from bot.understand import Question
from ingest import lexicon as lx
from ingest.chunks import _fmt, report_title, section_heading
from ingest.words import tagged
from ingest.report import ParsedReport
from prompts import answers as T

# Share of the question's content words a passage must contain to be quoted.
# Calibrated on eval/gold/dev.jsonl (see eval/README and the closing notes).
MIN_COVERAGE = 0.5
_GENERIC = set("情况 工作 多少 数量 哪些 什么 怎么 如何 是否 有没有 年度 报告 年报 全年 今年 去年 本年 共 一共 总共 请问 "
               "政府 人民 信息 公开 政务 机关 单位 部门 条 件 个 场 次 期 项 元 万元 吗 呢 上去 上来 最后 最终".split())


def citation(report: ParsedReport, section: str, text: str, key: str | None) -> dict:
    # a report printed in traditional characters is quoted as printed (it is read in simplified ones)
    printed = (report.source or {}).get("printed_chars")
    if printed:
        pairs = (report.source or {}).get("printed_pairs") or {}
        # a character printed in two forms takes the one printed beside its neighbour (複議, 答復)
        text = "".join(pairs.get(text[i - 1:i + 1] if i else "") or pairs.get("+" + text[i:i + 2]) or printed.get(ch, ch)
                       for i, ch in enumerate(text))
    return {"report_id": report.report_id, "agency": report.agency, "year": report.year,
            "section": section, "text": text, "key": key}


def row_citation_text(report: ParsedReport, stem: str) -> str:
    """The table row as stored (the table_row chunk's words)."""
    return row_citation_texts(report, [stem])[stem]


def row_citation_texts(report: ParsedReport, stems: list[str]) -> dict[str, str]:
    """row_citation_text for several rows, the report's row chunks made once."""
    from ingest.chunks import table_row_chunks

    chunk_text = {}
    for ch in table_row_chunks(report):
        if ch.keys:
            chunk_text.setdefault(".".join(ch.keys[0].split(".")[:-1]), ch.text)
    out = {}
    for stem in stems:
        printed = re.sub(r"\s*\|\s*", " ", report.row_text.get(stem, "")).strip()
        out[stem] = chunk_text.get(stem, stem) + (T.ROW_AS_PRINTED.format(row=printed) if printed else "")
    return out


def asked_keys(report: ParsedReport, qn: Question) -> list[str]:
    """The cells a question asks of this report: a proactive row's column depends
    on the report's template (2019: 本年新制作 …; 2021: 本年制发 …)."""
    if qn.keys and qn.keys[0].startswith("proactive."):
        row = qn.keys[0].split(".")[1]
        cols_words = q.PROACTIVE_COLUMN_WORDS.get(report.template, [])
        allowed = None
        for item, cols in lx.PROACTIVE_COLUMNS.get(report.template, {}).items():
            if any(r == row for r, _, _ in lx.PROACTIVE_ROWS[item]):
                allowed = cols
        if allowed is None:
            return []
        cols = [c for p, c in cols_words if re.search(p, qn.text) and c in allowed] or \
            [c for p, c in cols_words if re.search(p, qn.context) and c in allowed] or \
            [q.PROACTIVE_DEFAULT_COLUMN[report.template].get(row, allowed[0])]
        # "制发了几件、废止了几件，现行有效的有多少件": every column named, in the table's order
        return [f"proactive.{row}.{c}" for c in allowed if c in cols]
    return [f"{s}.{c}" for s in qn.keys for c in (qn.columns or ["total"])]


def printed_keys(report: ParsedReport, qn: Question) -> list[str]:
    """The asked cells the report prints, a value or a blank."""
    return [k for k in asked_keys(report, qn) if k in report.values or k in report.blank]


def figure_answer(report: ParsedReport, qn: Question, latest_note: str = "") -> dict | None:
    """None when the report holds none of the asked cells (table left out)."""
    title = report_title(report)
    parts: list[str] = []
    cites: list[dict] = []
    found = printed_keys(report, qn)
    if not found:
        return None
    if qn.group == "@results":
        # every outcome row asked at once: the answer names the ones that hold cases
        found = [k for k in found if report.values.get(k)] or found
    section = section_heading(report, lx.section_of_key(found[0]))
    figure = None                      # (value, unit) stated, for comparisons and the prose echo
    said_no = False                    # a yes/no answered "no" from zero cells
    if qn.group or len(found) > 1:
        head = T.FIGURE_GROUP_HEAD.format(title=title, agency=report.agency, year=report.year,
                                          group=q.GROUP_NAMES.get(qn.group, "") or "相关数字")
        items = [_item(report, k) for k in found]
        total = _group_total(report, found)
        if total is not None:
            unit = lx.KEY_UNITS.get(found[0], "件" if not found[0].startswith("proactive.") else "")
            cols = {k.rsplit(".", 1)[1] for k in found}
            column = cols.pop() if len(cols) == 1 else None
            # a sum is stated only where the report prints it too: no answer states a
            # number that is not in its citations
            total_echo = prose_echo(report, qn.group or _echo_stem(found), total, column)
            if total_echo:
                head += T.FIGURE_GROUP_TOTAL.format(value=_fmt(total), unit=unit)
                figure = (total, unit)
        parts.append(head + "；".join(items) + "。")
        if total is not None and q.YES_NO.search(qn.text) and qn.group != "@results":
            parts.append(T.YES if total else T.NO)
            said_no = not total
    else:
        k = found[0]
        if k in report.blank:
            parts.append(T.FIGURE_BLANK.format(title=title, label=f"{report.agency}{report.year}年{lx.key_label(k)}"))
        else:
            unit = _unit(report, k)
            parts.append(T.FIGURE.format(title=title, agency=report.agency, year=report.year,
                                         label=lx.key_label(k), value=_value(report, k), unit=unit))
            figure = (report.values[k], unit)
            if q.YES_NO.search(qn.text):
                parts.append(T.YES if report.values[k] else T.NO)
                said_no = not report.values[k]
                if report.values[k] and k.startswith("appeals.") and k.endswith(".total"):
                    # "有没有人申请行政复议": yes, and how those cases ended (其中尚未审结1件)
                    stem = k.rsplit(".", 1)[0]
                    ended = [f"{lx.key_label(c)}{_value(report, c)}件" for c in sorted(report.values)
                             if c.startswith(stem + ".") and c != k and report.values[c]]
                    if ended:
                        parts.append(T.OF_WHICH.format(items="，".join(ended)))
    for k in found:
        stem = ".".join(k.split(".")[:-1])
        text = row_citation_text(report, stem)
        if not any(c["text"] == text for c in cites):
            cites.append(citation(report, section, text, k))
    if said_no:
        echo = negation_echo(report, found)
        if echo:
            cites.append(echo)
    if figure is not None:
        cols = {k.rsplit(".", 1)[1] for k in found}
        column = cols.pop() if len(cols) == 1 else None
        echo = prose_echo(report, qn.group or _echo_stem(found), figure[0], column)
        if echo:
            cites.append(echo)
    # a cell that takes part in one of the report's own broken rules is said to
    broken = [f for k in found if k in report.values for f in findings_for(report, k)]
    note = consistency_note(broken)
    if note:
        if len(found) == 1:
            details, prose_cites = _disagreement(report, found[0], broken)
            note += details
            cites += [c for c in prose_cites if c["text"] not in {x["text"] for x in cites}]
        parts.append(T.NOTE.format(note=note))
    out = {"answer": latest_note + "".join(parts), "refused": False, "citations": cites, "kind": "figure"}
    if figure is not None and len(found) == 1 or qn.group:
        out["_figure"] = {"key": qn.group or found[0], "value": figure[0] if figure else None,
                          "unit": figure[1] if figure else "", "year": report.year, "agency": report.agency}
    return out


def _disagreement(report: ParsedReport, key: str, broken: list[dict]) -> tuple[str, list[dict]]:
    """What a reader needs to weigh a total the report contradicts: the row's own
    columns added up, and the prose sentence that states another count (cited)."""
    text, cites = "", []
    table, row, col = split_key(key)
    if col == "total" and table == "requests" and any(f["rule"] == "row_sum" and f.get("column") == row for f in broken):
        cells = [report.values.get(f"requests.{row}.{c}") for c in lx.REQUEST_COLUMNS if c != "total"]
        if all(v is not None for v in cells):
            text += T.NOTE_ROW_PARTS.format(label=lx.REQUEST_ROW_LABELS.get(row, row),
                                            total=_fmt(report.values[key]), parts=_fmt(sum(cells)))
    for f in broken:
        quoted = re.search(r"“(.+?)”", f.get("detail", "")) if f["rule"] == "prose_vs_table" else None
        if quoted:
            text += T.NOTE_PROSE_SAYS.format(quote=quoted.group(1))
            sentence = source_sentence(report, quoted.group(1))
            if sentence and not cites:
                cites.append(sentence)
    return text, cites


_NEGATION = re.compile(r"未发生|未出现|没有发生|没有出现|均未|未有|无一|未收到|没有收到|未接到|无因|没有因|不存在")


def negation_echo(report: ParsedReport, found: list[str]) -> dict | None:
    """A "no" read from zero cells, said in the report's own words too: "全年未发生
    因依申请公开被行政复议纠错或行政诉讼败诉情形" beside the 0 of 结果纠正."""
    if all(k.startswith("appeals.") for k in found):
        words = ("复议", "诉讼", "纠错", "败诉")
    else:
        words = tuple(w for k in found for w in re.findall(r"[\u4e00-\u9fff]{2,4}", lx.key_label(k)))
    for sec in report.sections:
        for para in sec.paragraphs:
            for sent in _SENTENCE.findall(para):
                if _NEGATION.search(sent) and any(w in sent for w in words):
                    return citation(report, sec.heading, sent.strip(), None)
    return None


def _group_total(report: ParsedReport, found: list[str]) -> float | None:
    """The sum of a group's rows (不予公开 = its eight reasons), or None when a
    cell is blank, the rows are different columns, or one row already totals the others."""
    cols = {k.rsplit(".", 1)[1] for k in found}
    stems = [k.rsplit(".", 1)[0] for k in found]
    if len(cols) != 1 or any(k in report.blank for k in found):
        return None
    if any(a != b and b.startswith(a + ".") for a in stems for b in stems):
        return None
    return sum(report.values[k] for k in found)


def _echo_stem(found: list[str]) -> str:
    stems = {k.rsplit(".", 1)[0] for k in found}
    if stems == {"appeals.litigation_direct", "appeals.litigation_after_review"}:
        return "@litigation"
    return next(iter(stems)) if len(stems) == 1 else ""


_ECHO_UNITS = r"(?:余|多)?\s*(?:件|条|个|项|篇|期|场|次|人次|元|万元)"


def prose_echo(report: ParsedReport, stem: str, value, column: str | None = None) -> dict | None:
    """A sentence of the report's own prose that states the same figure for the
    same row ("不予公开答复 2 件") or row and column ("行政复议…结果纠正64件"),
    cited beside the table row."""
    word = q.PROSE_ECHO.get(stem)
    if not word or value is None:
        return None
    num = re.escape(_fmt(value))
    col_word = q.PROSE_ECHO_COLUMNS.get(column or "")
    if col_word:
        pattern = re.compile(rf"(?:{word})[^。；]*?(?:{col_word})[^。；，,：:]{{0,6}}?(?<![\d.]){num}{_ECHO_UNITS}")
    else:
        pattern = re.compile(rf"(?:{word})[^。；，,：:]{{0,12}}?(?<![\d.]){num}{_ECHO_UNITS}")
    patterns = [pattern]
    if value == 0:
        # a zero is often written as a negation: "未被复议审查机关纠错", "全年未发生…被行政复议纠错"
        tail = f"[^。；]{{0,25}}?(?:{col_word})" if col_word else ""
        patterns.append(re.compile(rf"(?:未发生|没有|未被|未|无)[^。；]{{0,12}}?(?:{word}){tail}"))
    for pat in patterns:
        for sec in report.sections:
            for para in sec.paragraphs:
                for sent in _SENTENCE.findall(para):
                    if pat.search(re.sub(r"\s+", "", sent)):
                        return citation(report, sec.heading, sent.strip(), None)
    return None


@functools.lru_cache(maxsize=256)
def _row_stated(keys: tuple[str, ...]) -> re.Pattern | None:
    """How a sentence states one of these rows in words: the row's own word (申请, 结转, 复议,
    不掌握 under 无法提供 …) next to a count, or with a negation before it."""
    alternatives = []
    for k in keys:
        # (a fee is an amount; "收到依申请公开事项0。": a count the sentence ends on needs no unit)
        count = r"\d+(?:\.\d+)?\s*(?:万元|元)" if "fees" in k else r"\d+\s*(?:件|条|个|宗|起|次|项|份|篇)"
        # (or glued to the next item of a list whose stop was lost: "事项0三是…")
        bare = count + r"|\d+(?=[。；;，,]|$|[一二三四五六七八九十]是)"
        row = k.split(".", 1)[1] if k.startswith("requests.") else ""
        # (new requests are said by 申请 itself: 受理 or 收到 counts 诉求 and 咨询 too)
        words = [q.PROSE_ECHO.get(k), next((p for p, r in q.REQUEST_ROW_WORDS if r == row and row != "new"), None),
                 "依申|请求" if row == "new" else None] + \
            [q.PROSE_ECHO[w] for part in k.split(".") if (w := "@" + part) in q.PROSE_ECHO]
        # (a row no prose word is listed for, 政府集中采购, by its name's first words)
        name = re.match(r"[\u4e00-\u9fff]{4,6}", lx.PROACTIVE_ROW_NAMES.get(k.split(".")[1], "")) \
            if k.startswith("proactive.") and "." in k else None
        echo = "|".join(w for w in words if w) or (re.escape(name.group(0)) if name else "")
        # ("未发生因依申请公开引发的行政复议": no appeal, said of requests as its cause, is no "no requests")
        # ("全年未收到…行政复议申请": an appeal's 申请, not a request for information)
        appeal_after = r"(?![^。；;，,]{0,12}?(?:复议|诉讼))" if k.startswith("requests.") else ""
        appeal_between = r"(?!复议|诉讼)" if k.startswith("requests.") else ""
        if echo:
            # (the count after the row's word in its own clause, not past a list: "依申请公开、…等6个栏目"
            # counts the 栏目, and "1个专门的信息申请受理点" a place, not requests)
            alternatives.append(rf"(?:{echo})[^。；;，,、]{{0,12}}?(?:{bare})|{count}[^。；;，,（(]{{0,16}}?(?:{echo})(?!受理点|受理窗口|窗口|点)|"
                                rf"(?:未|没有|无)(?:{appeal_between}[^。；;，,\d]){{0,20}}?(?:{echo}){appeal_after}|(?:{echo})[^。；;，,、\d]{{0,12}}?(?:为|是)(?:零|0)(?![\d.])")
    return re.compile("|".join(alternatives)) if alternatives else None


def states_row(text: str, keys: list[str]) -> bool:
    """The text (an answer's quote) gives one of the asked rows in words ("受理政府信息公开申请95件",
    "5件申请转结下年度", "行政复议3件") or says there was none ("均未引起行政复议和行政诉讼")."""
    pattern = _row_stated(tuple(keys))
    return pattern is not None and pattern.search(text.split("：", 1)[-1]) is not None


def row_sentence(report: ParsedReport, keys: list[str], question: str) -> dict | None:
    """The report's sentence stating the asked rows in words (the one sharing most of the
    question's characters when several do), quoted and cited by its paragraph."""
    pattern = _row_stated(tuple(keys))
    if pattern is None:
        return None
    best, score = None, -1
    for sec in report.sections:
        for para in sec.paragraphs:
            for sent in _SENTENCE.findall(para):
                if pattern.search(sent):
                    shared = len(set(re.findall(r"[\u4e00-\u9fff]", sent)) & set(question))
                    if shared > score:
                        best, score = (sec, para, sent.strip()), shared
    if best is None:
        return None
    sec, para, sent = best
    return {"answer": T.PROSE.format(title=report_title(report), quote=sent), "refused": False, "kind": "prose",
            "coverage": 1.0, "citations": [citation(report, sec.heading, para.strip(), None)]}


def with_enumeration(quote: str, passage: str) -> str:
    """"两大问题:一是错字…。" goes on "二是账号更新不及时问题。": the items its 一是 opens are quoted
    with it, as far as they run on in the passage."""
    last = _SENTENCE.findall(quote)[-1:] if quote else []
    if not last or not re.search(r"一是|(?:^|[:：])[(（]?1[)）.、]|[两二三四五几](?:大|个|项|方面)[^。；;]{0,10}[:：]", last[0]):
        return quote
    flat, tail = re.sub(r"\s+", "", passage), re.sub(r"\s+", "", last[0])
    at = flat.find(tail)
    if at < 0:
        return quote
    extra = ""
    for sent in _SENTENCE.findall(flat[at + len(tail):]):
        if not re.match(r"[二三四五六七八九]是|[(（]?[2-9][)）.、]|其次|再次|此外", sent):
            break
        extra += sent
    return quote + extra


def _report_sentences(report: ParsedReport):
    """(section heading, sentence) of every prose sentence, in reading order."""
    for sec in report.sections:
        for para in sec.paragraphs:
            for sent in _SENTENCE.findall(para):
                yield sec.heading, sent


def prose_statement(report: ParsedReport, stem: str) -> tuple[str, dict] | None:
    """The one figure the report's prose states for a row ("不予公开35件"), and the
    sentence it stands in; None when the prose states none, or several different ones."""
    word = q.PROSE_ECHO.get(stem)
    if not word or stem in ("requests.new", "requests.handled_total"):   # 申请, 办理: said of everything
        return None
    # "予以公开及部分公开258件" states two rows together: neither alone
    pattern = re.compile(rf"(?<![及和与、或])(?:{word})[^。；，,：:\d及和与、或]{{0,8}}?(\d+)\s*件")
    found: dict[str, dict] = {}
    for heading, sent in _report_sentences(report):
        for clause in re.split(r"[，,；;]", re.sub(r"\s+", "", sent)):
            m = pattern.search(clause)
            if m:
                found.setdefault(m.group(1), citation(report, heading, sent.strip(), None))
    return next(iter(found.items())) if len(found) == 1 else None


def change_statement(report: ParsedReport, stem: str) -> dict | None:
    """The report's own sentence on how a row changed against the year before
    ("申请数量较去年回落12.3%"): its clause holds the row's word and the change."""
    word = q.PROSE_ECHO.get(stem)
    if not word:
        return None
    for heading, sent in _report_sentences(report):
        flat = re.sub(r"\s+", "", sent)
        m = q.CHANGE_STATED.search(flat)
        if m and re.search(word, flat[max(0, m.start() - 30):m.end()]):
            return citation(report, heading, sent.strip(), None)
    return None


def source_sentence(report: ParsedReport, needle: str) -> dict | None:
    """The report's own sentence that prints a value (a phone number, an address), however
    it prints its dashes (a phone read as 0527-83593059 is printed 0527—83593059)."""
    dash = "-－—–"
    printed = re.compile("".join(f"[{dash}]" if ch in dash else re.escape(ch) for ch in re.sub(r"\s+", "", needle)))
    for sec in report.sections:
        for para in sec.paragraphs:
            if not printed.search(re.sub(r"\s+", "", para)):
                continue
            for sent in _whole_brackets(_SENTENCE.findall(para)):
                if printed.search(re.sub(r"\s+", "", sent)):
                    return citation(report, sec.heading, sent.strip(), None)
            return citation(report, sec.heading, para.strip(), None)
    return None


def _whole_brackets(sentences: list[str]) -> list[str]:
    """Sentences joined where a stop falls inside brackets: "(地址:贺州大道1号;邮编:542800;电话:5123168)"
    is one contact line, not three sentences."""
    out: list[str] = []
    for sent in sentences:
        if out and out[-1].count("(") + out[-1].count("（") > out[-1].count(")") + out[-1].count("）"):
            out[-1] += sent
        else:
            out.append(sent)
    return out


def _value(report: ParsedReport, k: str) -> str:
    return report.signed.get(k) or _fmt(report.values[k])


def _unit(report: ParsedReport, k: str) -> str:
    """The key's unit, or the one its cell prints: "240万元" in a column headed 元 is 240 万元, not 240 元."""
    unit = lx.KEY_UNITS.get(k, "件" if not k.startswith("proactive.") else "")
    if unit == "元" and k in report.values:
        row = report.row_text.get(".".join(k.split(".")[:-1]), "")
        if re.search(rf"(?<![\d.]){re.escape(_value(report, k))}\s*万元", row):
            return "万元"
    return unit


def _item(report: ParsedReport, k: str) -> str:
    if k in report.blank:
        return f"{lx.key_label(k)}（未填写）"
    return T.FIGURE_GROUP_ITEM.format(label=lx.key_label(k), value=_value(report, k), unit=_unit(report, k))


def contact_answer(report: ParsedReport, fields: list[str]) -> dict | None:
    c = report.contacts
    asked = [("signed_on" if f == "published" and not c.get("published") else f) for f in fields if f != "*"]
    if asked and not any(c.get(f) for f in asked):
        return None   # "办公室电话多少" of a report printing no phone: its office is not the number asked
    wanted = [f for f in fields if f != "*"] or \
        [f for f in ("office", "phone", "address", "postcode", "email", "website") if c.get(f)]
    if wanted == ["office"] and c.get("phone"):
        wanted.append("phone")  # whom to ask, and how to reach them
    elif wanted == ["phone"] and c.get("office"):
        wanted.append("office")  # the number, and whose it is
    if "published" in wanted and not c.get("published") and c.get("signed_on"):
        wanted = [("signed_on" if f == "published" else f) for f in wanted]  # a report is dated when it is signed
    parts, present = [], []
    for f in wanted:
        v = c.get(f)
        if v:
            present.append(f)
            parts.append(f"{T.CONTACT_NAMES[f]}：{'、'.join(v) if isinstance(v, list) else v}")
    if not present:
        return None
    if len(present) == 1:
        # "…的发布日期：2010-01-05", not "发布日期：发布日期：2010-01-05"
        v = c.get(present[0])
        parts = ['、'.join(v) if isinstance(v, list) else v]
    from ingest.chunks import contact_chunk

    chunk = contact_chunk(report)
    text = T.CONTACT.format(title=report_title(report), agency=report.agency,
                            what="、".join(T.CONTACT_NAMES[f] for f in present), value="；".join(parts))
    cites = [citation(report, chunk.section, chunk.text, f"contacts.{present[0]}")]
    first = c.get(present[0])
    source = source_sentence(report, first[0] if isinstance(first, list) else first)
    if source:
        cites.insert(0, {**source, "key": f"contacts.{present[0]}"})
    return {"answer": text, "refused": False, "kind": "contact", "citations": cites}


def _names_place(run: str, agency_names) -> bool:
    """A run glued before an agency's short name is a place unless the agency's full name lacks
    it and it holds a verb (鹿城 in 温州市鹿城区丰门街道办事处, 江苏 before 海门区; not 想投诉)."""
    core = re.sub(r"[省市县区镇乡旗州]$", "", run)
    if not core or any(core in n for n in agency_names):
        return True
    return not any(flag.startswith("v") for _, flag in tagged(run))


def content_terms(question: str, agency_words: list[str], agency_names: list[str] = ()) -> list[str]:
    """The words a passage must share with the question: no agency names, years,
    question words or template words that every passage has."""
    import jieba

    from ingest.words import JIEBA_LOCK as _jieba_lock

    # a name the asker quotes (“开封发布”公众号, 《条例》) is one term, agency words and all
    quoted = [m.lower() for m in re.findall(r"[“\"「《]([^”\"」》]{2,20})[”\"」》]", question)]
    t = question
    # "在政府公开网上公开": a site's name (政府公开网) is one term, 网上 no word of its own
    for m in re.finditer(r"([\u4e00-\u9fff]{3,10}网)上(?=(?:主动)?(?:公开|发布|公布|发))", t):
        site = re.sub(r"^(?:.*?(?:在|从|到|通过))?[年度]*", "", m.group(1))
        if len(site) >= 3 and not re.fullmatch(r"(?:政府)?(?:门户)?网", site) and not re.search(r"[的里中了是]", site):
            quoted.append(site)
            t = t.replace(m.group(0), " ")
    for w in sorted(agency_words, key=len, reverse=True):
        if w in t:
            # a place glued before the agency's name (鹿城丰门街道) qualifies the agency: no content
            # (a verb glued there, 想投诉棠景街道, is what is asked: the place is in the agency's name)
            t = re.sub(rf"(?:^|(?<=[^\u4e00-\u9fff]))[\u4e00-\u9fff]{{2,3}}(?={re.escape(w)})",
                       lambda m: " " if _names_place(m.group(0), agency_names) else m.group(0), t)
        # the government's office named for its government (六盘水市人民政府办公室 of a report filed as
        # 六盘水市人民政府, 长春市政府办公厅): the office is the agency asked, no content word
        t = re.sub(re.escape(w) + r"(?:办公室|办公厅|办(?![理事法好]))?" if re.search(r"政府$", w) else re.escape(w), " ", t)
    t = re.sub(r"(?:19|20)\d{2}\s*年(?=报)", " ", t)      # "这份2016年报是…": the report, no 报是
    t = re.sub(r"(?:19|20)\d{2}\s*年?", " ", t)
    t = re.sub(r"(?<!\d)\d{2}\s*年(?:度)?", " ", t)     # 09年, 21年: a year written short
    t = re.sub(r"(?:[一二]〇|[一二]零)?[〇零一二三四五六七八九]{2}年度?", " ", t)     # 二二年, 二〇一九年: a year too
    t = re.sub(r"[那这该同]一?年度?", " ", t)        # a follow-up's year ("那一年…") is no content word either
    # "上花了多少钱": the money asked is one term (费用, 支出 in the report), not what jieba cuts around it
    t = re.sub(r"(?:设|放|建)在(?:哪里|哪儿|哪|什么地方)", " ", t)          # "查阅场所设在哪": the place asked is no word
    # "应该去哪个地方": where, asked (where information is published is its channels, read below)
    t = re.sub(r"(?:去|到)?(?:哪个|什么)地方(?![\u4e00-\u9fff]{0,2}(?:公开|发布|公布|刊登))", " ", t)
    t = re.sub(r"收(?:了|过)?(?:多少)?钱|收(?:了|过)费", " 收费 ", t)     # "收了多少钱", "收过费": the fee, not a spending
    t = re.sub(r"[上里中]?(?:花了|花费了?|用了)(?:多少)?钱?|多少钱|花销|开销", " 花费 ", t)
    # "镇里自己的网站": the agency asked about, in its own level's word, is no content (市里 in a
    # town's report is its superior, and stays)
    levels = {re.sub(r"(?:人民政府|政府|办事处|管委会)$", "", n)[-1:] for n in agency_names if n}
    for level in levels - {""}:
        t = re.sub(rf"(?:(?<![\u4e00-\u9fff]{{2}})|(?<=[向在到给找去跟从对]))(?:向|在|到|给|找|去|跟|从|对)?"
                   rf"{re.escape(level)}(?:里|里面|上)(?=[\u4e00-\u9fff])", " ", t)
    t = re.sub(r"自己|自身", " ", t)
    # "多长时间公开一次": how often, printed 每半个月; 一次 is no word a passage holds
    t = re.sub(r"(多久|多长时间|隔多少天)([\u4e00-\u9fff]{0,10}?)一次", r" \2 ", t)
    # "是从什么时候开始": the time asked, not words a passage must hold
    t = re.sub(r"(?:是)?(?:从)?(?:什么时候|什么时间|何时|哪一天|哪天)(?:起|开始)?", lambda m: " 开始 " if re.search(r"起|开始", m.group(0)) else " ", t)
    # "多少人向…申请": the people counted are the unit asked; "收到过依申请公开": 过 is the verb's aspect
    t = re.sub(r"(?:多少|几个?|有没有|有)人(?=[向给对找跟])", " ", t)
    t = re.sub(r"(?<=[\u4e00-\u9fff])[过了](?=依申请|申请|信息|政府|行政)", " ", t)
    # "网上公开多少": published on the website, as reports print it (通过网站主动公开10条)
    # (a site's own name, 政府采购网上, and a table row published online keep their words)
    if not any(re.search(p, t) for p, _ in q.PROACTIVE_ROW_WORDS):
        t = re.sub(r"(?:(?<=[在到从])|(?<![\u4e00-\u9fff]))网上(?=(?:主动)?(?:公开|发布|公布|发了))", " 网站 ", t)
    # "找他们申请": the agency asked about, as a pronoun (其他 / 其它 stay)
    t = re.sub(r"(?<![其])(?:他们|她们|它们|他|她|它)|人家|咱们|你们|大家", " ", t)
    # a follow-up's 那 / 还有 and a name asked for (微博叫什么) are no content; 微信公众号 is printed 微信
    t = re.sub(r"^\s*(?:那么?|那个|还有)", " ", t)
    # "以前叫什么名字": the former name, printed 局(原…)
    t = re.sub(r"(?:以前|原来|之前|过去|原先)(?:叫|的名字|的名称|名称)", " 原名 叫", t)
    t = re.sub(r"叫(?:什么|啥)(?:名字)?|(?:的)?名字(?:是|叫)?(?:什么|啥)", " ", t)
    t = re.sub(r"(?:微信)?公众号", " 微信 ", t)
    # "哪个部门在管", "谁负责": the one in charge, printed as 负责 / 承办
    t = re.sub(r"(?:哪个|什么|哪些|哪一个)?(?:部门|科室|单位|机构|人)?(?:在|来)?(?:管|负责|牵头|承办)(?:的|呢)?(?=[？?]|$)", " 负责 ", t)
    # "在哪里公开的", "通过什么途径发布": where the information is published, printed as its channels
    t = re.sub(r"(?:在|从|到|通过)(?:哪里|哪儿|哪些地方|哪些(?:渠道|途径|平台|方式|形式)|哪|什么地方|什么(?:渠道|途径|平台|方式|形式))"
               r"(?:进行)?(?:公开|发布|公布|刊登|登载)", " 载体 ", t)
    # "年报里的数据": the report itself is no content
    t = re.sub(r"(?:年报|报告|报表|(?<=\s)报)(?:里面|里|中|上)", " ", t)
    # "哪个部门编的", "谁写的": the one who compiled the report, printed as 编制
    t = re.sub(r"(?:谁|(?:哪个|什么|哪些|哪一个)(?:部门|科室|单位|机构|人)?)(?:来)?(?:汇总|综合|负责|牵头)?(?:编|编写|编制|写|撰写)的|"
               r"由(?:哪个|哪一个|什么)(?:部门|科室|单位|机构)?(?:负责)?(?:编制|编写|汇总)", " 编制 ", t)
    # "在哪能看到", "在哪里查得到": where the report is published
    t = re.sub(q.WHERE_TO_READ, " 公布 ", t)
    t = re.sub(r"统计(?:的)?(?:时间段|时间范围|期限|期间|时段|时间)|(?:数据|报告)的?(?:时间段|时间范围|时段)|"
               r"(?:统计|数据)[\u4e00-\u9fff]{0,4}?(?:哪段时间|哪个时间段|什么时间段|哪段时期|什么时候到什么时候)", " 期限 ", t)
    # "主要是哪几类", "有哪些种类": the kinds asked for, printed as 类别 / 主要有
    t = re.sub(r"(?:哪|什么|哪些)几?(?:类|种类|类别)", " 类别 ", t)
    # "政务公开类有多少条": a kind's 类 is no word of its own
    t = re.sub(r"(?<=[\u4e00-\u9fff])类(?=的|有|是|中|里|信息|共|[？?，,]|$)", " ", t)
    # "能不能查", "是不是要": the asking, not the content
    t = re.sub(r"能不能|可不可以|能否|可否|是不是|会不会|要不要|用不用|需不需要", " ", t)
    # paying and suing as citizens say it, one term each in the reports' words
    t = re.sub(r"(?:要|得|需要)?(?:交钱|付钱|给钱|掏钱|缴费|交费|付费|[交缴付][\u4e00-\u9fff]{1,4}?费)|收(?:了|过|没收)?钱|"
               r"收(?:没收|不收|没有收)(?=[\u4e00-\u9fff]{0,6}费)", " 收费 ", t)
    # "收没收", "公开没公开": a yes/no asked as A-not-A is the verb once (jieba cuts 没收, "confiscate")
    # "最后怎么答复的": how the requests ended, the outcome asked, not a word a passage must hold
    t = re.sub(r"(?:最后|最终)(?=是?(?:怎么|如何|咋|怎样)(?:答复|处理|办理|办|判|裁决))", " ", t)
    t = re.sub(r"有没有|有无", " ", t)                    # the asking itself, not 有 + the verb after it
    # "A和B加起来一共": the sum asked is computed, no word a passage holds
    t = re.sub(r"(?:加|合)起来|(?:加|合)(?:在)?一起|加上(?=[？?]|$)|总共|一共|合计|共计|之和|总和", " ", t)
    t = re.sub(r"([\u4e00-\u9fff]{1,2})[没不]\1", r"\1", t)
    # "被申请行政复议", "提起行政诉讼": the verbs of an appeal, not a request
    t = re.sub(r"申请(?=行政复议|复议)|提起(?=行政诉讼|诉讼)", " ", t)
    t = re.sub(r"告上法庭|告到法院|告上法院|上法院|打官司|起诉", " 诉讼 ", t)
    with _jieba_lock:
        toks = [w.strip().lower() for w in jieba.lcut(t)]
    out = []
    # "微博发了": the segmenter glues a one-character verb to the thing before it (微博发); the thing is the term
    toks = [w[:-1] if len(w) >= 3 and w[-1] in "发写搞做弄" and re.fullmatch(r"[\u4e00-\u9fff]+", w) else w
            for w in toks]
    for w in toks:
        if len(w) < 2 or w in _GENERIC or w in q.QUESTION_WORDS or \
                (re.fullmatch(r"[\W\d_]+", w) and not re.fullmatch(r"\d{4,}", w)):
            continue                                          # (12333: a hotline's number is content)
        if re.match(r"^(?:几|多少)", w) or (len(w) == 2 and (w[0] in "要想能会需得该都也还又就才被给把是" or w[1] in "了过着")):
            continue                                          # 几期, 要交, 编了, 是从: a verb's particle, not content
        if re.match(r"^(?:哪|什么|啥)", w):
            continue                                          # 哪一年, 哪几个: the asking, which no passage prints
        if any(w in name for name in agency_names):          # 台商投资区 left over from 台商投资区规建交局
            continue
        if len(w) <= 5 and w[-1] in "局委办厅" and any(set(w) <= set(name) for name in agency_names):
            continue                                          # 文旅局: the agency asked, shortened
        if len(w) >= 3 and any(re.search(".*?".join(map(re.escape, w)), name) for name in agency_names):
            continue                                          # 综保区 of 综合保税区: the name, abbreviated
        if w in q.FUNCTION_WORDS:                            # 因为, 或者: no passage needs to say them
            continue
        out.append(w)
    return list(dict.fromkeys(quoted + out))


def names_a_person(text: str) -> bool:
    """Whether the text holds a person's name (the segmenter's part of speech nr)."""
    import jieba.posseg as pseg

    from ingest.words import JIEBA_LOCK as _jieba_lock

    with _jieba_lock:
        return any(p.flag == "nr" and len(p.word) >= 2 for p in pseg.cut(text))


def present(term: str, flat: str) -> bool:
    """The term, or a word the reports use for it, is in the text; a four-character compound
    also with a word or two inside it (政协提案 in 政协委员提案, 人大建议 in 人大代表建议)."""
    if term not in q.PROSE_SYNONYMS and not term.startswith("副") and "副" + term in flat and \
            not re.search("(?<!副)" + re.escape(term), flat):
        return False                                         # 组长 is not the 副组长 a line names
    if any(s in flat for s in q.PROSE_SYNONYMS.get(term, (term,))):
        return True
    if term.endswith("政府") and not term.endswith("人民政府") and term[:-2] + "人民政府" in flat:
        return True                                          # 市政府 printed 市人民政府
    if len(term) >= 3 and term[-1] in "量率" and term not in q.PROSE_SYNONYMS:
        return measure_present(term, flat)
    if len(term) >= 4 and term.endswith("人员") and re.search(re.escape(term[:-2]) + r"\d+\s*[人名]", flat):
        return True                                          # 专职人员, printed "其中专职66人"
    opened = _opened_compound(term)
    return opened is not None and opened.search(flat) is not None


def measure_present(measure: str, flat: str) -> bool:
    """A measure asked (阅读量, 电子化率) as reports print it: 阅读次数 / 阅读人数 for a 量,
    电子化达100% for a 率 (its stem and a percentage)."""
    stem = measure[:-1]
    if measure[-1] == "量":
        return re.search(re.escape(stem) + r"(?:量|次数|人数|人次|总数|数量|总量|数)", flat) is not None
    return re.search(re.escape(stem) + r"率?[^，,。；;\d]{0,3}\d+(?:\.\d+)?\s*%", flat) is not None


@functools.lru_cache(maxsize=4096)
def _opened_compound(term: str) -> re.Pattern | None:
    if not re.fullmatch(r"[\u4e00-\u9fff]{4}", term) or term in q.PROSE_SYNONYMS:
        return None
    return re.compile(re.escape(term[:2]) + r"[\u4e00-\u9fff]{1,2}" + re.escape(term[2:]))


def coverage(terms: list[str], text: str) -> float:
    if not terms:
        return 0.0
    flat = re.sub(r"\s+", "", text).lower()
    return sum(1 for w in terms if present(w, flat)) / len(terms)


_SENTENCE = re.compile(r"[^。！？；;!?]+[。！？；;!?]?")   # crawler pages print ASCII stops
# "依申请办理事项为零", "收费和减免均为零": none, printed in words, is a figure too
_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|件|条|名|人|次|场|期|篇|项|家|份|批)|[为是]零(?![星散碎])")


def asked_unit(question: str) -> str | None:
    """"多少条" → 条: the unit a counting question expects next to the number (哪几个 asks which, not how many)."""
    m = re.search(r"(?:多少|(?<!哪)几)个?(工作日|小时|天|日)", question)
    if m:
        return m.group(1)
    m = re.search(r"第几(年|次|届|批|期|名|位)", question)
    if m:
        return "第" + m.group(1)   # "是实施的第几年": an ordinal, printed 第二年
    if re.search(r"(?:多久|多长时间|隔多少天)[\u4e00-\u9fff]{0,10}?一次|频率|频次", question):
        return "频次"   # "多久集中上传一次": how often, printed 每星期 or 按季度, not a number of days
    if re.search(r"(?:统计|数据|报告|年报)[\u4e00-\u9fff]{0,4}?(?:期限|期间|时间段|时段|区间|周期)", question):
        return None     # "统计期限是多久": from when to when, printed as two dates, not a number of days
    if re.search(r"多久|多长时间|多少时间", question):
        return "天"
    if re.search(r"比例|百分|占比|比率|[^效]率(?:是|为|有)?多少", question):
        return "%"
    m = re.search(r"(?:多少|(?<!哪)几)(亿|万)(?!人|次|条|件|户|个)", question)
    if m:
        return m.group(1)   # "预算收入是多少亿": a figure in 亿 (亿元 too), not any number
    if re.search(r"多少钱|花了多少|花费(?:了)?多少|(?:费用|支出|经费|开支)(?:是|为|有|共)?多少", question):
        return "元"  # an amount: 1万元 answers "花了多少钱"
    # ("几个人": 个 is the classifier of the people counted, printed 2名人员 or 2人)
    if re.search(r"(?:多少|(?<!哪)几)个?人(?:次)?[向给对找跟]?[\u4e00-\u9fff]{0,16}?(?:申请|提出)", question):
        return None   # "多少人向…申请": the requests are counted (申请8件), not people
    m = re.search(r"(?:多少|(?<!哪)几)个?([大小][项类条])", question)
    if m:
        return m.group(1)   # "录入了多少小项": printed 78小项
    m = re.search(r"(?:多少|(?<!哪)几)个?(人|名)(?!次)", question) or \
        re.search(r"(?:多少|(?<!哪)几)(个|件|条|篇|期|场|次|项|人|名|家|份|批|元|万元|起|宗|户)", question)
    if m:
        return m.group(1)
    m = re.search(r"(条|件|场|期|篇|次|天|人)数", question)
    return m.group(1) if m else None


def has_figure(text: str, unit: str | None = None, exact: bool = False) -> bool:
    """A number other than a year, a date or an item's number ("2.企业和群众…"), with the
    asked unit when there is one."""
    flat = re.sub(r"\s+", "", text)
    flat = re.sub(r"(?:^|(?<=[。；;：:]))\d{1,2}[.．、](?!\d)", "", flat)
    flat = re.sub(r"(?:19|20)\d{2}(?:年度?|-|—|/|\.)(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日", "", flat)
    # "《条例》第9至12条", "第十五条": an article's number, not a count
    flat = re.sub(r"第[\d一二三四五六七八九十百]+(?:[至到\-—、][\d一二三四五六七八九十百]+)*条", "", flat)
    if unit and unit.startswith("第"):
        return re.search(rf"第[一二两三四五六七八九十百\d]+{unit[1:]}", flat) is not None
    if unit == "频次":
        return re.search(r"每(?:[半两三]?个?)(?:天|日|周|星期|旬|月|季度?|年)|每半年|按(?:季度?|月|年|周|旬)|定期|实时|随时|"
                         r"(?:半|[一二两三四五六七八九十\d]+个?)(?:天|日|周|星期|旬|月|季度?|年)一次", flat) is not None   # 半年一次
    if unit:
        units = "|".join(map(re.escape, (unit,) if exact else q.UNIT_EQUIVALENTS.get(unit, (unit,))))
        # "20个工作日": a measure word may stand between the number and its unit; "5万余元" an estimate
        # a table printed as text gives the unit in its column's label: 实际收取金额（元）000
        # ("每一个对外公布信息": each one, no count)
        return re.search(rf"\d[\d,.]*(?:[十百千万亿]?(?:余|多))?个?(?:{units})|(?<![每第])[一二两三四五六七八九十百千万零]+个?(?:{units})|[为是]零(?![星散碎])|"
                         rf"[（(](?:{units})[)）][^\d。，,；;]{{0,40}}\d|"
                         # an old statistics table's row: its label, the unit, then the figures (主动公开信息数 条 8 150)
                         rf"数(?:{units})\d", flat) is not None
    return _NUMBER.search(flat) is not None


# (a plan's numbered items, "(一)加强组织领导。", are its content, not its titles)
_NUMBERED_TITLE = re.compile(r"(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)[^。]{2,36}?情况。?$")


def is_heading(text: str) -> bool:
    """A section title alone ("本年度信息公开处理费收费情况") answers nothing."""
    t = text.strip()
    # "(二)政府信息公开目录、公开指南的编制、更新情况。": a numbered title, its stop and all
    if _NUMBERED_TITLE.match(t) and len(t) < 40 and \
            not re.search(r"[。！？；，,;!?:：]", t.rstrip("。")) and not re.search(r"\d", t):
        return True
    # "2013年度主动公开信息的有5条;" states a figure: a sentence, whatever its stop
    # ("收费及减免情况:无": a heading's line with its answer after the colon is a sentence)
    return len(t) < 30 and not re.search(r"[。！？；，,;!?]|[:：]\s*[^\s:：]", t) and \
        not re.search(r"\d\s*(?:余|多)?\s*[大小]?(?:件|条|个|项|类|次|人次|人|元|万元|%|场|篇|期)", t)   # 10余条, 78小项 too


# the template's table headers, left in the text when a crawler glued a table into one run
# the request table's row labels, part by part ("不予公开" / "属于国家秘密"), longest first
_ROW_LABEL_PARTS = "|".join(re.escape(p) for p in sorted(
    {part for label in lx.REQUEST_ROW_LABELS.values() for part in label.split("：")}, key=len, reverse=True))
_TABLE_HEADER_WORDS = re.compile(r"结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉|行政复议|行政诉讼|"
                                 r"申请人情况|自然人|法人或其他组织|商业企业|科研机构|社会公益组织|法律服务机构|其他|"
                                 r"信息内容|本年制发件数|本年废止件数|现行有效件数|上一年项目数量|本年增/减|处理决定数量|"
                                 r"本年新制作数量|本年新公开数量|对外公开总数量|"
                                 r"采购项目数量|采购总金额|第二十条第?[（(][一二三四五六七八九十]+[)）]项|"
                                 # the template's own note under the table (本列数据的勾稽关系为：…)
                                 r"[（(]?本列数据的勾稽关系为[^）)]*[）)]?|" + _ROW_LABEL_PARTS +
                                 r"|[\d\s|.,、：:“”（）()]")


def is_table_remnant(text: str) -> bool:
    """Header words and digits of a table the text glued together ("行政复议行政诉讼结果维持结果纠正…总计000"):
    a table, not a sentence that answers."""
    # (spaces a crawler put inside the header words, 商业 企业, are no text)
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"^[一二三四五六七八九十]、(?:[^结申信]{0,30}?|收到和处理政府信息公开申请|主动公开政府信息|"
               r"政府信息公开行政复议、行政诉讼)情况", "", t)
    if len(set(_OLD_TABLE_ROWS.findall(t))) >= 3 and re.search(r"数\s*(?:条|件|元|个)\d{2,}", text):
        # the 2008 template's statistics table with its cells glued (主动公开信息数条20263542其中…),
        # whatever precedes it (spaced, "行政复议数 件 0", it is read as printed)
        return True
    rest = _TABLE_HEADER_WORDS.sub("", t)
    # a row label alone ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请") is table too
    return len(t) >= 12 and len(rest) <= 0.2 * len(t)


# the row labels of the statistics table reports attached under the 2008 regulation (政府信息公开情况统计表)
_OLD_TABLE_ROWS = re.compile(r"指标名称|计量单位|历年累计|(?:主动公开|公开)(?:文件|信息)数|(?:政府)?网站公开数?|政府公报公开数?|"
                             r"受理[\u4e00-\u9fff]{0,8}?(?:申请)?总数|当面申请数|网上申请数|信函[、，]?传真申请数|电子邮件申请数|"
                             r"对申请的答复(?:总)?数|同意公开答复数|同意部分公开答复数|不予公开答复数|否决公开答复数|"
                             r"其他类型答复数|收费减免金额|(?:接受)?行政申诉[、，]?(?:举报)?数|行政复议数|行政诉讼数")
_STEP = re.compile(r"^(?:[一二三四五六七八九]是|第[一二三四五六七八九]|首先|其次|再次|然后|最后|（[一二三四五六七八九]）|\d[.、．])")
MAX_STEPS_QUOTE = 300


# a sentence that says yes or no ("没有收到", "均未", "不收取")
_SAYS_YES_OR_NO = re.compile(r"未|没有|无(?!论)|不存在|均|不(?:收取|收费|予)|[为是]零(?![星散碎])|(?<![\d.])0(?:条|件|个|次|项|元|宗|起)")

# "本报告由主动公开政府信息情况、收到和处理政府信息公开申请情况……等五个部分组成": a sentence
# about the report's own parts names every topic and answers none
def without_report_outline(text: str) -> str:
    """The passage without its sentences about the report's own parts."""
    return "".join(s for s in _SENTENCE.findall(text) if not only_outline(s))


def figure_about(text: str, topic: str) -> bool:
    """A sentence states a figure about the topic: the topic and a number in one sentence
    (a list of topics in one sentence and a total in the next counts nothing by topic)."""
    quoted = re.findall(r"“([^”]*)”", text)
    return any(topic in sent and has_figure(sent) for part in (quoted or [text]) for sent in _SENTENCE.findall(part))


_SAYS_COMPILED = re.compile(r"由[^。；;]{2,40}?(?:负责)?(?:编制|编写|汇总)|[\u4e00-\u9fff]{4,}(?:编制|编写)了?[^。；;]{0,24}?(?:报告|年报)")


def best_sentences(text: str, terms: list[str], want_number: bool, unit: str | None = None,
                   several: bool = False, yes_no: bool = False, asks_cumulative: bool = False,
                   keep_outline: bool = False) -> str:
    """The sentence(s) of a passage that answer: most question words, and the
    figure when a number is asked; two sentences for how-to questions."""
    sents = [s.strip() for s in _SENTENCE.findall(text) if s.strip() and (keep_outline or not only_outline(s))]
    sents = [s for s in sents if not is_table_remnant(s)] or sents
    if not sents:
        return text
    flat = [re.sub(r"\s+", "", s).lower() for s in sents]
    asks_part = any(re.search(r"类|分别|各", t) for t in terms)
    scores = []
    for i, f in enumerate(flat):
        score = sum(1 for w in terms if present(w, f))
        if want_number and unit and has_figure(f, unit, exact=True):
            score += 1.0
        elif want_number and has_figure(f, unit):
            score += 0.3 if unit else 0.5
        elif want_number and re.search(r"\d", f):
            score += 0.3
        if yes_no and score >= 1 and _SAYS_YES_OR_NO.search(f):
            score += 0.5   # "2016年没有收到政府信息公开申请" says no to what was asked
        if want_number and not asks_cumulative and q.CUMULATIVE.search(f) and \
                not any(has_figure(c, unit) and not q.CUMULATIVE.search(c) for c in re.split(r"[，,]", f)):
            score -= 0.1   # a running total since some year is not the year's figure, all else equal
        if want_number and f.startswith("其中") and not asks_part:
            score -= 0.2   # "其中公示公告类36条…": the parts of a total, when the total is asked
        if (want_number or _NUMBERED_TITLE.match(sents[i])) and is_heading(re.sub(r"[。；;]$", "", sents[i])):
            score /= 2     # "(一)我局网站主动公开政府信息情况。" names the topic and says nothing of it
        if keep_outline and _SAYS_COMPILED.search(f):
            score += 0.5
        scores.append(score)
    order = sorted(range(len(sents)), key=lambda i: (-scores[i], i))
    chosen = [order[0]]
    if several and len(order) > 1 and scores[order[1]] >= 1:
        chosen.append(order[1])
    if want_number and not any(has_figure(flat[i], unit, exact=True) for i in chosen):
        with_fig = [i for i in order if has_figure(flat[i], unit, exact=True) and scores[i] >= 1] or \
            [i for i in order if has_figure(flat[i], unit) and scores[i] >= 1]
        if with_fig and with_fig[0] not in chosen:
            chosen.append(with_fig[0])
    chosen = sorted(set(chosen))
    if several and len(chosen) == 2 and any(_STEP.match(sents[i]) for i in range(chosen[0] + 1, chosen[1])) and \
            sum(len(sents[i]) for i in range(chosen[0], chosen[1] + 1)) <= MAX_STEPS_QUOTE:
        chosen = list(range(chosen[0], chosen[1] + 1))  # the steps ("一是…") between the two are the answer
    quote = "".join(sents[i] for i in chosen)
    k = chosen[-1] + 1
    if re.search(r"其中", sents[chosen[-1]]) and sents[chosen[-1]].endswith((";", "；")):
        # "其中规划许可类3件;生态修复类1件;其它类1件。": the items of a 其中 are one answer
        while k < len(sents) and _LISTED_ITEM.match(sents[k]) and len(quote) + len(sents[k]) <= MAX_STEPS_QUOTE:
            quote += sents[k]
            chosen.append(k)
            k += 1
    if len(chosen) == 1 and len(quote) > 120 and len(set(_OLD_TABLE_ROWS.findall(quote))) >= 3:
        return _table_rows_asked(quote, terms) or quote
    if len(quote) < 25 and chosen[-1] + 1 < len(sents):
        quote += sents[chosen[-1] + 1]
    elif chosen[-1] + 1 < len(sents) and _SPELLS_OUT.match(sents[chosen[-1] + 1]) and \
            len(sents[chosen[-1] + 1]) <= MAX_STEPS_QUOTE:
        quote += sents[chosen[-1] + 1]    # "仍存在不足。主要是：…": the sentence after says what they are
    return quote


# one item of a list of counts ("生态修复类1件;")
_LISTED_ITEM = re.compile(r"^[^，,。；;:：]{1,16}?\d+\s*(?:件|条|个|项|篇|次|宗)[;；。]?$")
# a sentence that spells out the one before ("主要是：公开意识还需进一步增强，…")
_SPELLS_OUT = re.compile(r"^(?:主要(?:是|有|表现[在为])|具体(?:是|有|表现[在为]|如下)|表现[在为]|一是)[:：，,]?")


def _table_rows_asked(text: str, terms: list[str]) -> str:
    """The rows of a statistics table printed cell by cell ("行政复议数 件 0 行政诉讼数 件 0 …")
    that hold the words asked: each label with the unit and figures after it, as printed."""
    cells = text.split()
    rows = []
    for i, cell in enumerate(cells):
        if any(present(t, cell) for t in terms) and not re.fullmatch(r"[\d.]+", cell):
            row = [cell]
            for nxt in cells[i + 1:i + 4]:
                if re.fullmatch(r"[\d.]+|条|件|元|个|项|次|人次|万元", nxt):
                    row.append(nxt)
                else:
                    break
            if len(row) > 1:
                rows.append(" ".join(row))
    # a table with more than one figure column (2011年度, 历年累计) is quoted with its head row
    head = re.search(r"指标名称\s*计量\s*单位\s*(\S.*?)\s+(?=\S+\s+(?:条|件|元|个|项|次|人次|万元)\s+\d)", text)
    if rows and head and any(len(re.findall(r"(?<=\s)[\d.]+", " " + r)) > 1 for r in rows):
        rows.insert(0, re.sub(r"\s+", " ", head.group(0)).strip())
    return "；".join(rows)


def rank_passages(hits: list[dict], terms: list[str], want_number: bool, unit: str | None,
                  yes_no: bool = False, question: str = "", keyed: bool = False) -> list[tuple]:
    """Hits ordered by how many question words they hold; among equals the one
    with the asked figure, then the one whose one sentence holds the most of
    them (a passage naming 网站 and a figure in different sentences answers
    less than "网站发布政府信息1075条"), then the one holding the rarer words
    (处理费 says more than 申请, which nearly every passage has), then the
    retriever's order. ``keyed``: each hit with its whole ranking key (coverage first),
    so a caller can tell passages that rank equally apart from the retriever's order."""
    import math

    texts = [re.sub(r"\s+", "", h["text"]).lower() for h in hits]
    question_topics = [bool(re.search(ask, question)) for _, ask in q.TEMPLATE_TOPICS]
    asks_cumulative = bool(q.CUMULATIVE.search(question))
    asks_whole = bool(re.search(r"一共|总共|共计|总计|合计|总数", question))
    keep_outline = bool(q.ASKS_COMPILING.search(question))
    rarity = {t: math.log(1 + len(hits) / (1 + sum(present(t, x) for x in texts))) for t in terms}
    scored = []
    for rank, (h, flat) in enumerate(zip(hits, texts)):
        if is_heading(h["text"]) or is_table_remnant(h["text"]):
            continue
        # a contact passage's label (X联系方式 · ) is not its content: 方式 there is no 渠道
        # (who compiled the report, on what rule, is said by the sentence on its outline)
        content = re.sub(r"^[^·]{0,40}联系方式 · ", "", h["text"] if keep_outline else without_report_outline(h["text"]))
        if h.get("kind") == "contact":
            # (its field labels, 网站： 年报负责部门：, are ours: a passage that says where the report is
            # published says it in its words, the contact card only lists the address)
            content = re.sub(r"[^：；·\s]{1,8}：", "", content)
        flat = re.sub(r"\s+", "", content).lower()
        cov = coverage(terms, content)
        fig = has_figure(content, unit) if want_number else False
        rare = round(sum(w for t, w in rarity.items() if present(t, flat)), 6)
        sents = _SENTENCE.findall(flat)
        held = [sum(1 for t in terms if present(t, sent)) for sent in sents]
        together = max(held, default=0)
        foreign = min((topics_not_asked(sent, question_topics) for sent, n in zip(sents, held) if n == together),
                      default=0)
        # a yes/no is answered by a sentence that says yes or no about the words asked ("2016年没有收到…申请")
        # (said in words beats a figure beside the words: "未收费" answers 收费了没 more than "支出5万余元")
        # (and about the topic asked: "无…申请行政复议" says nothing of whether a request was granted)
        says = max(((1.0 if _SAYS_YES_OR_NO.search(sent) else 0.5 if has_figure(sent) else 0.0)
                    for sent in sents if all(present(t, sent) for t in terms if present(t, flat))
                    and not _about_another_topic(sent, question_topics)), default=0.0) \
            if yes_no else 0
        stated = [sent for sent, n in zip(sents, held) if n == together and has_figure(sent, unit)]
        # the figure in the sentence holding the words ("发布110条涉农补贴信息") over one elsewhere
        in_sentence = 1 if fig and stated and together else 0
        if fig and not asks_cumulative and stated and all(_only_cumulative(sent, unit) for sent in stated):
            fig = 0.5    # "累计主动公开398条" answers "今年公开了多少条" less than "主动公开24条"
        # "一共公开了多少条": the sentence giving the whole (共公开…254条) over one of its kinds
        whole = 1 if want_number and asks_whole and any(re.search(r"共(?!同|享|建|产|青团)|总计|合计|总数", sent) and
                                                         has_figure(sent, unit, exact=True) for sent in stated) else 0
        # "哪个部门编的": the sentence saying who compiled the report (由…编制, …编制了…年度报告)
        compiled = 1 if keep_outline and _SAYS_COMPILED.search(flat) else 0
        scored.append((round(cov, 6), fig or says or compiled, together, rare, -foreign, in_sentence, whole, -rank, h))
    scored.sort(key=lambda x: x[:8], reverse=True)
    if keyed:
        return [(key[:5], key[-1]) for key in scored]
    return [(cov, h) for cov, *_, h in scored]


def _only_cumulative(sentence: str, unit: str | None) -> bool:
    """Every figure the sentence gives is a running total ("累计…1770条，其中2019年度…202条"
    also gives the year's)."""
    if re.search(r"(?:19|20)\d{2}年度?[，,]", sentence) and not re.search(r"以来|历年|至今|截至|截止|自(?:19|20)\d{2}", sentence):
        return False    # "2025年,…累计主动公开…533条": the year's own sum, the year named
    stated = [c for c in re.split(r"[，,；;]", sentence) if has_figure(c, unit)] or [sentence]
    return all(q.CUMULATIVE.search(c) for c in stated)


def _about_another_topic(sentence: str, asked: list[bool]) -> bool:
    """The sentence is about one of the template's topics the question does not ask, and
    about none it does ("无…申请行政复议" for "申请给公开了没")."""
    return bool(topics_not_asked(sentence, asked)) and \
        not any(was_asked and re.search(printed, sentence) for (printed, _), was_asked in zip(q.TEMPLATE_TOPICS, asked))


def topics_not_asked(sentence: str, asked: list[bool]) -> int:
    """How many of the template's topics the sentence is about that the question does not ask
    (none counted when the question asks none: 审核 is no topic to keep apart)."""
    if not any(asked):
        return 0
    return sum(1 for (printed, _), was_asked in zip(q.TEMPLATE_TOPICS, asked)
               if not was_asked and re.search(printed, sentence))


_ITEM_MARK = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]是|\d{1,2}[、.．])")
_PROBLEM_SENT = re.compile(r"问题|不足|差距|有待|仍需|尚需|还需|不够|欠缺|薄弱|短板|无法|难以|滞后|不到位|不完善")
_IMPROVE_SENT = re.compile(r"将|下一步|改进|整改|加强|推进|提升|进一步|措施|着力|持续")
_IMPROVE_START = re.compile(r"^(?:针对|下一步|今后|下阶段|\d{4}年.{0,6}将)|以下工作|改进措施|整改措施|采取以下|将(?:切实|进一步|继续|着力|持续)")
MAX_SECTION_QUOTE = 300


def focus_terms(terms: list[str], report: ParsedReport) -> list[str]:
    """The things a question about a section asks after (网站 in 网站这块有什么问题): its
    nouns, not its verbs and pronouns (存在, 针对, 自己) nor words of the agency's name."""
    import jieba.posseg as pseg

    from ingest.words import JIEBA_LOCK as _jieba_lock

    names = [report.agency, *report.agency_variants]
    out = []
    for t in terms:
        if any(t in n for n in names) or t in _GENERIC:
            continue
        with _jieba_lock:
            flags = [p.flag for p in pseg.cut(t)]
        if flags and all(f.startswith("n") and f not in ("nr", "ns", "nt") for f in flags):
            out.append(t)
    return out


def whole_section_answer(report: ParsedReport, number: int) -> dict | None:
    """A question naming one of the template's sections (六、其他需要报告的事项写了什么):
    the section's own words, however short ("无")."""
    secs = [s for s in report.sections if s.number == number and s.paragraphs]
    quote, used = "", []
    for sec in secs:
        for para in sec.paragraphs:
            if quote and len(quote) + len(para) > MAX_SECTION_QUOTE:
                break
            quote += para.strip()
            used.append((sec, para))
    if not quote:
        return None
    cites = [citation(report, sec.heading, para.strip(), None) for sec, para in used]
    return {"answer": T.PROSE.format(title=report_title(report), quote=quote), "refused": False,
            "kind": "prose", "citations": cites}


def section_answer(report: ParsedReport, number: int, problems: bool, improvements: bool,
                   focus: list[str] = ()) -> dict | None:
    """A question about the report's own section (五、存在的主要问题及改进情况):
    quoted from that section, the problem sentences, the improvement sentences or both.
    ``focus``: the question's own words (网站这块有什么问题): the sentences holding them."""
    secs = [s for s in report.sections if s.number == number and s.paragraphs]
    if secs:
        raw = [(sec, para, m.strip()) for sec in secs for para in sec.paragraphs
               for m in _SENTENCE.findall(para) if m.strip()]
    elif number == 5:
        raw = _unheaded_problems(report)   # a body with its heading 五 lost: where it states its shortfalls
        if not raw:
            return None
        secs = [raw[0][0]]
    else:
        return None
    # the sentence listing the report's parts names 存在的主要问题 as a part, it states none
    sents = [x for x in raw if not is_heading(x[2]) and not only_outline(x[2])]
    if not sents:
        return None
    # the section states its problems first, then "针对…/下一步…" its improvements; or under
    # sub-headings of their own ("(一)存在的问题" … "(二)改进措施")
    boundary = next((i for i, x in enumerate(sents) if i and _IMPROVE_START.search(x[2][:30])), None)
    sub = next((k for k, x in enumerate(raw) if k and is_heading(x[2]) and _IMPROVE_SENT.search(x[2])), None)
    if boundary is None and sub is not None:
        before = sum(1 for x in raw[:sub] if not is_heading(x[2]))
        boundary = before if 0 < before < len(sents) else None
    if boundary is not None:
        prob, imp = list(range(boundary)), list(range(boundary, len(sents)))
    else:
        prob = [i for i, x in enumerate(sents) if _PROBLEM_SENT.search(x[2])] or [0]
        imp = [i for i, x in enumerate(sents) if _IMPROVE_SENT.search(x[2])]
    # items marked (一)(二)(三) or 一是/二是 are the answer: each item's first sentence
    items = [i for i, x in enumerate(sents) if _ITEM_MARK.match(x[2])]
    if len(items) >= 2 and not (problems and improvements) and boundary is None:
        side = imp if improvements and not problems else prob
        marked = [i for i in items if i in side]
        one_sided = not any(_PROBLEM_SENT.search(sec.heading) for sec in secs)   # 五、下一步工作计划
        if len(marked) < 2 and one_sided:
            # the side's word list caught one item of a plan section's list: the list is the answer
            prob = imp = items
    # an enumeration (一是…二是…三是…) is one answer: up to five sentences a side, within the length limit
    if problems and improvements:
        picked = prob[:5] + imp[:5]
    else:
        picked = (prob if problems else imp or prob)[:5]
    focused = [i for i in picked if any(present(t.lower(), re.sub(r"\s+", "", sents[i][2]).lower()) for t in focus)]
    if focused:
        picked = focused
    wanted = [sents[i] for i in sorted(set(picked))]
    quote = ""
    used = []
    limit = MAX_SECTION_QUOTE * (2 if problems and improvements else 1)
    for sec, para, sent in wanted:
        if quote and len(quote) + len(sent) > limit:
            continue
        quote += sent
        if not any(u[1] is para for u in used):
            used.append((sec, para))
    cites = [citation(report, sec.heading, para.strip(), None) for sec, para in used]
    return {"answer": T.PROSE.format(title=report_title(report), quote=quote), "refused": False,
            "kind": "prose", "citations": cites}


_SHORTFALL_STATED = re.compile(r"(?:仍|还|也|依然|尚)存在|存在(?:的)?(?:一些|一定)?(?:问题|不足|差距)|不足之处|主要问题")


def _unheaded_problems(report: ParsedReport) -> list[tuple]:
    """Section 五 of a report whose heading was lost (a crawler's one-line body): from the
    first sentence stating its shortfalls to the end of that paragraph, at most ten sentences."""
    for sec in report.sections:
        for para in sec.paragraphs:
            sents = [m.strip() for m in _SENTENCE.findall(para) if m.strip()]
            start = next((i for i, x in enumerate(sents) if _SHORTFALL_STATED.search(x) and not only_outline(x)), None)
            if start is not None:
                return [(sec, para, x) for x in sents[start:start + 10]]
    return []


# the fields a citizen can reach the agency by (a 发布日期 or 索引号 is no way to ask)
_REACH_BY = ("phone", "fax", "address", "postcode", "email", "website")


def refusal(text: str, report: ParsedReport | None = None) -> dict:
    if report is not None and report.contacts:
        c = report.contacts
        contact = "；".join(f"{T.CONTACT_NAMES[k]}：{'、'.join(v) if isinstance(v, list) else v}"
                            for k in _REACH_BY if (v := c.get(k)))
        if contact:
            text += T.CONTACT_HINT.format(agency=report.agency, contact=contact)
    return {"answer": text, "refused": True, "citations": [], "kind": "refusal"}
