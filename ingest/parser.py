"""A report file → ParsedReport: agency, year, template, every table cell under
its canonical key, blanks, contacts, prose sections and the report's broken rules."""

from __future__ import annotations

import re
from pathlib import Path

from ingest import flat_tables, identity
from ingest import lexicon as lx
from ingest.checks import check_appeals, check_prose, check_requests
from ingest.reader import ReportError, SourceText, read_report
from ingest.report import ParsedReport, Section
from ingest.tables import TableResult, as_printed, parse_appeals, parse_number, parse_proactive, parse_requests
from ingest.words import first_word, tagged

_CN_NUM = "一二三四五六七八九十"
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,2})\s*[、.．]\s*(\S.{0,40})$")
_SUBHEADING = re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,2})[)）]")
_JUNK_LINES = re.compile(r"^(正文|扫一扫.*|打印本页|关闭窗口|【.{1,6}】|字号.*|分享到.*|来源[:：].*|发布时间.*|阅读次数.*"
                         r"|浏览次数.*|(?:【?(?:打印本页|关闭窗口|打印|关闭|收藏|返回顶部|返回)】?\s*)+|(?:您)?(?:当前|现在)的?位置[:：].*|网站地图.*|首页\s*[|>＞].*"
                         # a site's footer: its phone and address are the site's, not the report's
                         r"|.*(?:网站标识码|ICP备|公网安备|版权所有|Copyright|主办单位[:：]|承办单位[:：]|技术支持[:：]).*)$",
                         re.I)


def classify_heading(text: str) -> int:
    """Canonical section number (1–6) for a heading, by its words, 0 if none."""
    t = re.sub(r"\s+", "", text)
    if "总体情况" in t or re.fullmatch(r"[一二三四五六七八九十]+、概述|概述", t):
        return 1
    if "行政复议" in t and ("行政诉讼" in t or "诉讼" in t):
        return 4
    if re.search(r"主动公开(?:政府)?信息|信息主动公开|主动公开(?:工作|情况)", t):   # 政府信息主动公开情况 too
        return 2
    if "收到和处理" in t or "依申请公开" in t or ("申请" in t and "情况" in t and len(t) < 24):
        return 3
    if "存在的主要问题" in t or "改进情况" in t or "主要问题" in t or re.search(r"存在的?[\u4e00-\u9fff]{0,4}问题", t) or \
            re.search(r"下一步|工作打算|工作计划|改进(?:措施|举措)|努力方向|今后(?:的)?工作", t):
        return 5
    # the 2025 form's own section on 信息处理费 holds what 其他需要报告的事项 used to report
    if "其他需要报告" in t or "需要说明的其他" in t or "其他事项" in t or re.search(r"其他需要?说明", t) or "信息处理费" in t:
        return 6
    return 0


def _is_heading(line: str) -> bool:
    m = _HEADING.match(line)
    return bool(m) and "|" not in line and not re.search(r"[。；]", m.group(2)[:-1] if len(m.group(2)) > 1 else "") \
        and len(line) <= 44


def join_split_markers(lines: list[str]) -> list[str]:
    """Crawler text with every text node on its own line splits the item marker
    of table 二 ("第二十条第" / "(" / "五" / ")" / "项"): put it back on one line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        s = lines[i]
        if s.rstrip().endswith(("第二十条第", "第二十条")) and i + 1 < len(lines):
            k, tail = i + 1, ""
            while k < len(lines) and k <= i + 5 and len(lines[k].strip()) <= 2 and not tail.endswith("项"):
                tail += lines[k].strip()
                k += 1
            if re.fullmatch(r"[（(]?[一二三四五六七八九十]+[)）]?项", tail):
                out.append(s.rstrip() + tail)
                i = k
                continue
        out.append(s)
        i += 1
    return out


_GLUED_HEADING = re.compile(r"(?<![\d（(])([一二三四五六七八九十]{1,2}、\s*[^\d。，；！？]{1,24}?(?:情况|概述|事项|措施|举措|问题|思路|打算))")
_HEADING_AFTER_DIGIT = re.compile(r"(?<=\d)([一二三四五六七八九十]{1,2}、\s*[^\d。，；！？]{1,24}?(?:情况|概述|事项|措施|举措|问题|思路|打算))")
_HEADING_SECOND_HALF = re.compile(r"(?:及|和|与|以及)[^\d。，；！？]{0,12}?(?:措施|情况|计划|打算|思路|方向)")
GLUED_LINE = 200


def split_glued_headings(lines: list[str]) -> list[str]:
    """A crawler's page often holds the whole body on one line, the section
    headings glued to the prose ("…便民渠道。二、主动公开政府信息情况第二十条…"):
    the template's headings go back on lines of their own."""
    out: list[str] = []
    for line in lines:
        short = len(line) < GLUED_LINE
        if short and not _HEADING_AFTER_DIGIT.search(line):
            out.append(line)
            continue
        if not short and _JUNK_LINES.match(line.strip()):
            # a page's breadcrumb and buttons glued before the body (当前位置：首页… 微信 微博 … 根据《条例》…):
            # the chrome is the short space-separated pieces before the first sentence
            pieces = line.split(" ")
            first = next((k for k, p in enumerate(pieces) if len(p) > 60), None)
            if first:
                out.append(" ".join(pieces[:first]))
                line = " ".join(pieces[first:])
        # (a short line is split only where a table's digits run into a prose section: what is left of a table)
        spans = [m.span(1) for m in _GLUED_HEADING.finditer(line) if classify_heading(m.group(1)) and
                 (not short or m.start(1) == 0 and classify_heading(m.group(1)) in (5, 6))]
        # a table's last digits run into the prose section after it ("…情况000六、存在的主要问题和改进情况"):
        # only the prose sections, whose words no table row has, are split after a digit
        spans = sorted(set(spans) | {m.span(1) for m in _HEADING_AFTER_DIGIT.finditer(line)
                                     if classify_heading(m.group(1)) in (5, 6)})
        # "五、存在的主要问题及改进措施": a heading joined to its second half goes on to its end
        spans = [(a, m.end() if (m := _HEADING_SECOND_HALF.match(line, b)) else b) for a, b in spans]
        if not spans:
            out.append(line)
            continue
        last = 0
        for a, b in spans:
            if line[last:a].strip():
                out.append(line[last:a])
            out.append(line[a:b])
            last = b
        out.append(line[last:])
    return out


# ---- title, agency, year ---------------------------------------------------------

MAX_TITLE_CHARS = 300
_TITLE = identity.TITLE


def find_title(lines: list[str]) -> tuple[str, str, int | None]:
    """(title, agency as printed, title year) from the first lines."""
    return _find_title(lines)[:3]


def _find_title(lines: list[str]) -> tuple[str, str, int | None, int]:
    """find_title, and the line where the title starts (0 when no line reads like one)."""
    found, start = _title_lines(lines)
    if not found:
        # no line reads like a title: the first lines, as printed
        for line in lines[:8]:
            s = line.strip()
            if not s or _JUNK_LINES.match(s):
                continue
            found.append(s)
            if "报告" in s or len(found) >= 3:
                break
    joined = "".join(found)
    # a title is short; capping it keeps _TITLE's nested lazy groups (cubic on
    # a long line full of years) from hanging on a hostile first line
    title = re.sub(r"\s+", "", joined)[:MAX_TITLE_CHARS]
    m = _TITLE.search(title)
    if not m:
        return title[:60], "", None, start
    agency = identity.title_agency(m, title)
    return title.lstrip("#*> "), agency, int(m.group("year")), start


# How far down a title may stand: a web page prints its header, menus and
# breadcrumb first.
TITLE_SEARCH_LINES = 120
_AGENCY_LINE = re.compile(r"(?:政府|办公室|办公厅|委员会|委|局|厅|院|署|办|中心|所|站|会|部|处|队|馆|街道|镇|乡|区|县|市|州|旗|盟)$")
_NUMBERED = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")   # a heading, not a title
_NOT_TITLE = re.compile(r"[>＞|｜:：。，,；;/／]|发布|来源|浏览|位置")    # (首页/政务公开/…: a breadcrumb)


def _title_lines(lines: list[str]) -> tuple[list[str], int]:
    """The title's lines and where they start: the first short line with a
    year and 政府信息公开, with the agency's name on the line before when the
    title line lacks it ("洪泽区人民政府" / "2023年政府信息公开工作年度报告") and
    the words that finish it on the lines after ("…政府信息公开工作" / "年度报告")."""
    seen: list[tuple[int, str]] = []
    for no, line in enumerate(lines[:TITLE_SEARCH_LINES]):
        # a title printed in a page's layout table keeps the table's rules around it ("…年度报告 | ||")
        # (and a page's list items their bullets: "• 上街区济源路街道办事处" / "• 2020年…年度报告")
        s = re.sub(r"^[|｜•●·▪◆■\s]+|[|｜\s]+$", "", line)
        if s and not _JUNK_LINES.match(s):
            seen.append((no, s))
    fallback: tuple[list[str], int, int] | None = None
    for k, (no, s) in enumerate(seen):
        if fallback and k > fallback[2] + 3:
            break
        if re.fullmatch(r"[(（]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?", s):
            continue    # a date alone on its line (the page's) begins no title
        # a long title wraps: "…局2020年政府信息" / "公开年度报告"
        m = None
        for take in (1, 2):
            out = [line for _, line in seen[k:k + take]]
            flat = re.sub(r"\s+", "", "".join(out))
            if len(flat) > 80 or _NOT_TITLE.search(flat) or _NUMBERED.match(flat):
                break
            m = _TITLE.search(flat)
            if m or not re.search(r"(?:19|20)\d{2}年", re.sub(r"\s+", "", s)):
                break   # only a line that has begun the title (its year) goes on to the next
        if not m:
            continue
        after = k + len(out)
        start = no
        # "丰润区交通运输局" / "关于2019年政府信息公开工作报告": 关于 names no one
        nameless = not re.sub(r"^关于", "", (m.group("pre") or m.group("post")).strip())
        if nameless and k > 0:
            prev_no, prev = seen[k - 1]
            flat_prev = re.sub(r"\s+", "", prev)
            if len(flat_prev) <= 40 and _AGENCY_LINE.search(flat_prev) and not _NOT_TITLE.search(flat_prev) \
                    and "政府信息公开" not in flat_prev:
                out.insert(0, prev)
                start = prev_no
                nameless = False
        for _, nxt in seen[after:after + 2]:
            if "报告" in "".join(out) or "年报" in "".join(out):
                break
            if len(re.sub(r"\s+", "", nxt)) > 12:
                break
            out.append(nxt)
        if not re.search(r"报告|年报|报表", "".join(out)):
            # a hard-wrapped sentence ("2011年省文化厅在政府信息公开还存在…"): a title names the report
            continue
        if nameless and not fallback:
            # "2022年政府信息公开工作年度报告" / "桃江县松木塘镇人民政府" / "2022年…年度报告": a page
            # header without the name; the title printed again under the agency's name has it
            fallback = (out, start, k)
            continue
        return out, start
    return (fallback[0], fallback[1]) if fallback else ([], 0)


def expand_agency(agency: str, text: str) -> str:
    """The full official name: expand short forms (科委 → 科学技术委员会) and add
    the city when the body names the agency with it (洪泽区人民政府 → 淮安市洪泽区人民政府)."""
    if not agency:
        return agency
    for short, full in lx.AGENCY_ABBREVIATIONS:
        if agency.endswith(short) and full not in agency:
            agency = agency[: -len(short)] + full
            break
    flat = re.sub(r"\s+", "", text)
    expanded = _placed_where_printed(agency, flat)
    # a name the body never prints with its place: the place the body gives it otherwise
    return (placed_by_body(agency, flat) or agency) if expanded == agency else expanded


def _placed_where_printed(agency: str, flat: str) -> str:
    bare = re.match(r"^([省市])(?!人民政府|政府)([\u4e00-\u9fff]{2,20})$", agency)
    if bare:
        # "省水利厅" (a page's 发布机构) of a report that prints 浙江省水利厅
        place = _place_before(bare.group(2), flat, bare.group(1))
        if place:
            return place + bare.group(2)
    unit = re.match(r"^([省市县区])(?:人民)?政府(.+)$", agency)
    if unit:
        # "省政府研究室" in the title, "湖北省人民政府研究室" in the body: the name the body prints in full
        place = _place_before("人民政府" + unit.group(2), flat, unit.group(1))
        if place:
            return place + "人民政府" + unit.group(2)
    if _TOWNSHIP_NAME.match(agency):
        # a township under its county (五河县临北回族乡): many counties have a 城关镇, and a
        # report that prints its county before its name is filed under both
        place = _place_before(agency, flat, "县区市旗")
        if place:
            # (and the city over that county when the body prints it: 上海市闵行区浦锦街道办事处)
            above = _place_before(place + agency, flat, "省市州盟") if place[-1] in "县区旗" else ""
            return above + place + agency
    if not lx.PLACE_SUFFIX.search(agency[:4]):
        return agency
    place = _place_before(agency, flat, "省市州盟")
    own = re.fullmatch(r"([\u4e00-\u9fff]{1,6}?[区县旗])人民政府", agency)
    if not place and own:
        # "钟楼区人民政府" whose report prints its place only in an address (常州市钟楼区星港大道…)
        place = _place_before(own.group(1), flat, "市州盟")
    return place + agency


_LEVEL_OF = {"省": "省|自治区", "市": "市|州|盟", "区": "区", "县": "县|旗"}
# a place's name where the text says it is one: before its government or party organs, in a
# document's title, or after the place above it (北京市东城区)
_NAMED_PLACE = r"(?:(?<=《)|(?<=[省市]))([\u4e00-\u9fff]{{2,4}}?(?:{levels}))|([\u4e00-\u9fff]{{2,4}}?(?:{levels}))(?=(?:人民)?政府|[区市县]委|人大|政协)"


def _without_leading_verbs(run: str) -> str:
    """"通过东丽区" before 教育局: the words a sentence puts before a name (通过, 由, 在) are no place."""
    words = tagged(run)
    while words and words[0][1][:1] in ("v", "p", "d", "c", "r", "u"):
        words.pop(0)
    return "".join(w for w, _ in words)


def _place_ending_at(flat: str, end: int) -> str:
    """The place name that ends at ``end``, as whole words: "东丽区" in 全年通过东丽区, "东城区" in
    北京市东城区, nothing in 文化厅借助省 (a sentence's words, not a name)."""
    place = ""
    for word, flag in reversed(tagged(flat[max(0, end - 8):end])):
        if flag[:1] in ("v", "p", "d", "c", "r", "u", "m", "x") or len(place + word) > 5 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            break
        place = word + place
    return place


def placed_by_body(agency: str, flat: str) -> str:
    """A name printed without its place (市商务局, 区住房和城乡建设管理委员会, 教育局, 城市管理局)
    under the place the body gives it: its full name where the body prints one
    (郑州高新技术产业开发区管委会城市管理局), else the one place of its level the body names
    as a place (长沙市 in 《长沙市政府信息公开工作制度》, 东丽区 in 东丽区政府信息公开网). "" when the
    name has its place, or the body gives none for certain."""
    level = agency[0] if re.match(r"^[省市区县](?!人民政府|政府|委员会$|委$)", agency) else ""
    core = agency[1:] if level else agency
    if level == "" and (re.match(r"^[\u4e00-\u9fff]{2,}?(?:省|自治区|市|自治州|州|盟|地区|县|旗|区|镇|乡|街道|苏木)", agency)
                        or re.match(r"^(?:国家|中国|中华|全国|中央|国务院)", agency)):
        return ""
    if len(core) < 2 or not re.search(r"(?:局|委员会|委|办公室|办|厅|中心|院|署|所|队|站)$", core):
        return ""
    # a longer name with no place suffix names its place otherwise (五华科技产业园管理委员会)
    guess_place = bool(level) or len(core) <= 5
    fuller = set()
    for m in re.finditer(r"((?:[\u4e00-\u9fff]{2,12}?(?:省|自治区|市|州|盟|县|旗|区|管委会|管理委员会)){1,3})" + re.escape(core), flat):
        run = _without_leading_verbs(re.split(f"[{''.join(_NOT_IN_PLACE_NAMES)}]", m.group(1))[-1])
        if len(run) >= 3 and (not level or run.endswith(tuple(_LEVEL_OF[level].split("|")))):
            fuller.add(run)
    if fuller:
        return max(fuller, key=len) + core
    if not guess_place:
        return ""
    counts: dict[str, int] = {}
    for levels in ([_LEVEL_OF[level]] if level else [_LEVEL_OF["区"] + "|" + _LEVEL_OF["县"], _LEVEL_OF["市"]]):
        for m in re.finditer(_NAMED_PLACE.format(levels=levels), flat):
            place = _place_ending_at(flat, m.end(1) if m.group(1) else m.end(2))
            if len(place) >= 3 and re.search(f"(?:{levels})$", place):
                counts[place] = counts.get(place, 0) + 1
        if counts:
            break
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0] + core
    return ""


def _place_before(agency: str, flat: str, levels: str) -> str:
    """A short place name of these levels printed directly in front of the name (淮安市洪泽区…),
    never a phrase ending in one (本报告由淮安市); "" when none."""
    for m in re.finditer(rf"([\u4e00-\u9fff]{{2,3}}?[{levels}])" + re.escape(agency), flat):
        for size in (3, 2):
            place = m.group(1)[-(size + 1):]
            if len(place) == size + 1 and not set(place) & _NOT_IN_PLACE_NAMES and not agency.startswith(place) and \
                    (size == 2 or len(first_word(place)) > 1):
                # (a three-character place, 梅河口市, when its first character is no word of its own: 过淮安市)
                return place
    return ""


_NOT_IN_PLACE_NAMES = set("由在的对与和请向告报本我及为从是")
_TOWNSHIP_NAME = re.compile(r"^[\u4e00-\u9fff]{2,12}?(?:乡|镇|街道|苏木)(?:人民政府|政府|办事处)?$")


# ---- contacts ----------------------------------------------------------------------

_PHONE = re.compile(r"(?<![\d-])(0\d{2,3}[-－—]{1,2}\d{7,8}(?:[-－]\d{1,4})?|[(（]0\d{2,3}[)）]\d{7,8}|1[3-9]\d{9})(?!\d)")
# a number printed after its label without an area code (电话：24336243), or a 12345-style hotline
# (an area code glued to the number, 076088321991, is kept as printed: where it splits is not certain)
# ("如对本报告有任何疑问,请联系:86552285": the number questions go to)
_LABELED_PHONE = re.compile(r"(?:(?:电话|热线)(?:号码)?[:：为]|请联系[:：])(0\d{9,11}|\d{7,8}|12\d{3})(?![\d-])")
# "电话/传真：…", "传真：0591-23130312": a fax number as its label prints it
_FAX = re.compile(r"传真(?:号码)?[)）]?\s*[:：为]?\s*(\d{3,4}[-－—]?\d{7,8}|\d{7,8})(?!\d)")     # (电话(传真):…: one number for both)
# bounded parts: an unbounded local part is quadratic on a long run of letters/digits without "@"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}")
_WEB = re.compile(r"(?:https?://[A-Za-z0-9./_%#?=&-]+|www\.[A-Za-z0-9.-]+\.[A-Za-z]{2,}[A-Za-z0-9/_.-]*)")
_POSTCODE = re.compile(r"邮(?:政)?编(?:码)?\s*[:：]?\s*(\d{6})(?!\d)")   # 5450001 as printed is no postcode to shorten
# whom to ask: the office a report sends questions to, else the office that compiled it
_OFFICE_ASK = re.compile(r"(?:(?:如|若)对本?(?:年度)?(?:报告|年报)|对本(?:年度)?(?:报告|年报)如|(?<=[，,。])(?:如|若))[^。]{0,6}?(?:疑问|问题|意见)[^。]{0,4}?[请可](?:与|向|联系)[:：]?"
                         r"([\u4e00-\u9fff（）()]{4,40}?)(?:联系|咨询|反映|[（(，,。]|$)")
# ("联系地址，平潭…6层": a comma for the colon, when a place follows)
# an address printed unlabelled first in a contact's brackets ("(深圳市福田区农林路1号…206室,电话:83702233)")
_BRACKETED_ADDRESS = re.compile(r"[(（]([^()（）,，:：;；]{4,40}?[路街道巷村](?:[^()（）,，:：;；]{0,8}?号)[^()（）,，:：;；]{0,24}?)[,，;；]\s*(?:联系)?电话")
# or alone in the brackets after the office ("联系:石莲子镇人民政府办公室(石莲子镇莲中路1号),邮编:…")
_ADDRESS_IN_BRACKETS = re.compile(r"[(（]([^()（）,，:：;；。]{2,40}?[路街巷村][^()（）,，:：;；。]{0,8}?号[^()（）,，:：;；。]{0,16}?)[)）]")
_ADDRESS = re.compile(r"(?<!附件)(?<!链接)(?<!网页)(?<!网站)(?<!网络)(?:地址|地点|通讯地址|办公地址)\s*"
                      r"(?:[:：为]|[，,](?=[^，,。；;）)\n]{2,40}?[省市区县镇乡路街号楼层室])(?![^，,。；;）)\n]{0,60}?(?:报告|链接|http)))"
                      r"\s*([^，,。；;）)\n]{4,60})")


def find_contacts(text: str) -> dict:
    # web pages print addresses with full-width forms (pzxxgkb＠163.com)
    flat = re.sub(r"[ \t]+", "", text).replace("＠", "@").replace("．", ".")
    flat_nl = flat.replace("\n", "")
    contacts: dict = {}
    phones, printed = [], []
    for m in _PHONE.finditer(flat_nl):
        p = re.sub(r"-{2,}", "-", m.group(1).replace("－", "-").replace("—", "-"))     # 0371--67179300: one dash
        if p not in phones:
            phones.append(p)
            printed.append(m.group(1))
    for m in _LABELED_PHONE.finditer(flat_nl):
        if not any(p.endswith(m.group(1)) for p in phones):
            phones.append(m.group(1))
    faxes = list(dict.fromkeys(m.group(1).replace("－", "-").replace("—", "-") for m in _FAX.finditer(flat_nl)))
    if faxes:
        contacts["fax"] = faxes
        # a number printed only as the fax is no phone to call
        dashed = flat_nl.replace("－", "-").replace("—", "-")
        phones = [p for p in phones if p not in faxes or re.search(r"电话[^。；;]{0,6}?" + re.escape(p), dashed)]
    if phones:
        contacts["phone"] = phones
        if printed != phones[:len(printed)] and len(printed) == len(phones):
            # "0825—5863136": cited as printed, so a reader finds it on the page (answered as 0825-5863136)
            contacts["record_lines"] = {"phone": "电话：" + "、".join(printed)}
    m = _ADDRESS.search(flat_nl) or _BRACKETED_ADDRESS.search(flat_nl) or _ADDRESS_IN_BRACKETS.search(flat_nl)
    if m:
        # "办公地址:梅河口市山城镇人民政府联系电话:0435—4810920邮政编码:…": the address ends where the next field begins
        address = re.split(r"(?:联系)?电话|邮政编码|邮编|传真|电子邮箱|电子信箱|邮箱|网址|[一二三四五六七八九十]、", m.group(1))[0].strip()
        contacts["address"] = address if len(address) >= 4 else m.group(1).strip()
    m = _POSTCODE.search(flat_nl)
    if m:
        contacts["postcode"] = m.group(1)
    emails = list(dict.fromkeys(_EMAIL.findall(flat_nl)))
    if emails:
        contacts["email"] = emails
    webs = []
    for w in _WEB.findall(flat_nl):
        w = w.rstrip(".)")
        bare = re.sub(r"^https?://", "", w).rstrip("/")
        if any(bare in e for e in emails) or any(re.sub(r"^https?://", "", x).rstrip("/") == bare for x in webs):
            continue
        webs.append(w)
    if webs:
        contacts["website"] = webs
    m = _OFFICE_ASK.search(flat_nl) or identity.COMPILED_BY.search(flat_nl)
    if m:
        # "…办公室(以下简称省地方志办)": the office, not the short name it is given
        contacts["office"] = re.sub(r"[（(]以下简称[^（()）]*[）)]?$", "", m.group(1))
    return contacts


# ---- regions -----------------------------------------------------------------------

def _table_regions(lines: list[str]) -> dict[str, tuple[int, int]]:
    n = len(lines)
    item = next((i for i, s in enumerate(lines) if re.search(r"第二十条\s*第?\s*[（(]", s)), None)
    start_search = item if item is not None else 0
    req = None
    for i in range(start_search, n):
        s = lines[i]
        if ("勾稽关系" in s or "申请人情况" in s or "本年新收" in s
                or (classify_heading(s) == 3 and _is_heading(s))):
            req = i
            break
    app = None
    if req is not None:
        for i in range(req + 1, n):
            s = lines[i]
            if "行政复议" in s and "申请" not in s.replace("申请行政复议", ""):
                app = i
                break
    regions: dict[str, tuple[int, int]] = {}
    if item is not None:
        regions["proactive"] = (item, req if req is not None else min(n, item + 60))
    if req is not None:
        regions["requests"] = (req, app if app is not None else n)
    if app is not None:
        end = n
        for i in range(app + 1, n):
            s = lines[i].strip()
            if (_is_heading(s) and classify_heading(s) in (5, 6)) or _SUBHEADING.match(s) \
                    or (len(s) > 40 and "。" in s and not flat_tables.has_cells(s)):
                end = i
                break
        regions["appeals"] = (app, end)
    return regions


def _fragmented(lines: list[str], skip: set[int] = frozenset(), start: int = 0) -> bool:
    """A crawler's page with every text node on its own line ("稿" / "件" / "445篇" / "。"):
    most lines of its prose (tables aside) are a few characters long."""
    body = [s.strip() for i, s in enumerate(lines) if i >= start and i not in skip and s.strip()]
    return len(body) >= 40 and sum(1 for s in body if len(s) <= 6) / len(body) > 0.35


# a short line no paragraph ends with: a word that needs what follows ("2022年我局" / "未" /
# "收到…申请"), as a page keeps a sentence's text nodes one per line
_LEFT_OPEN = re.compile(r"^.{1,2}$|[的地得和及与或、，,在对向将把被从为是未没不已均共]$|"
                        r"(?:^|[年月日，,、\d\s])[我本](?:局|办|委|厅|镇|乡|街道|区|县|市|院|中心)$")


def _sections(lines: list[str], table_lines: set[int], start: int = 0, wrapped: bool = True) -> list[Section]:
    """Prose sections from line ``start`` on (lines before the title are a web
    page's menus). ``wrapped``: lines may be hard-wrapped pieces of a paragraph
    (text extractions); an HTML or Word paragraph is one line."""
    sections = [Section(heading="", number=0, start_line=0)]
    para: list[str] = []
    # text nodes one per line: a short line is a fragment of a sentence, not a paragraph of its own
    short_is_paragraph = not _fragmented(lines, table_lines, start)

    def open_section(heading: str, line: int) -> None:
        sections.append(Section(heading=re.sub(r"\s+", "", heading), number=classify_heading(heading), start_line=line))

    def flush():
        if not para:
            return
        text = "".join(para)
        # a one-line body hard-wrapped by a PDF: its glued headings show only once its lines are joined
        pieces = split_glued_headings([text]) if len(para) > 1 else [text]
        for piece in pieces:
            heading = piece.strip()
            if len(pieces) > 1 and _GLUED_HEADING.fullmatch(heading) and classify_heading(heading):
                open_section(heading, i)
            elif heading:
                sections[-1].paragraphs.append(piece)
        para.clear()

    i = start
    while i < len(lines):
        s = lines[i].strip()
        if s.count("|") == 1 and i not in table_lines and re.search(r"[\u4e00-\u9fff]{3,}[。；！？]", s):
            # prose with one stray rule (a page's last paragraph ending " |"): not a table row
            s = s.replace("|", " ").strip()
        sub = _SUBHEADING.match(s)
        if sub and len(s) <= 30 and "。" not in s and classify_heading(s) in (5, 6) \
                and not any(sec.number == classify_heading(s) for sec in sections):
            # agencies that number their own sections mark 问题/改进 with （一）
            flush()
            open_section(s, i)
            i += 1
            continue
        if _is_heading(s) and "|" not in s and i in table_lines and classify_heading(s):
            flush()
            open_section(s, i)
            i += 1
            continue
        if i in table_lines or not s or _JUNK_LINES.match(s) or re.match(r"^[—\-–]\s*\d+\s*[—\-–]$", s):
            if i in table_lines:
                flush()
            i += 1
            continue
        if _is_heading(s):
            heading = s
            glued = re.match(r"^([一二三四五六七八九十]{1,2}、\s*[^\d。，,；！？\s:：]{1,24}?(?:情况|概述|事项|措施))\s+(\S.*[，,\d].*)$", s) or \
                re.match(r"^([一二三四五六七八九十]{1,2}、\s*[^\d。，,；！？\s:：]{1,24}?(?:情况|概述|事项|措施))\s*[:：]\s*(\S{2,}.*)$", s)
            if glued:
                # a hard-wrapped line starting with a heading and going on with its prose
                # ("三、回应解读情况 回应公众关注热点…2次,分别是"): the heading, then the prose
                flush()
                open_section(glued.group(1), i)
                para.append(glued.group(2))
                if not wrapped or re.search(r"[。！？：:；;）)]$", glued.group(2)):
                    flush()
                i += 1
                continue
            # a heading split over two lines: "四、政府信息公开行政复议、行政" / "诉讼情况"
            if classify_heading(heading) == 0 and i + 1 < len(lines):
                nxt = lines[i + 1].strip()
                if nxt and len(nxt) <= 12 and not _is_heading(nxt) and classify_heading(heading + nxt):
                    heading += nxt
                    i += 1
            flush()
            open_section(heading, i)
            i += 1
            continue
        if flat_tables.has_cells(s):
            flush()
            i += 1
            continue
        # hard-wrapped prose (PDF extractions): join lines until a sentence ends
        para.append(s)
        if not wrapped or re.search(r"[。！？：:；;）)]$", s) or _SUBHEADING.match(lines[i + 1].strip() if i + 1 < len(lines) else "（一）") \
                or (len(s) < 20 and short_is_paragraph and not _LEFT_OPEN.search(s)):
            flush()
        i += 1
    flush()
    return [s for s in sections if s.paragraphs or s.heading]


def record_of(meta: dict[str, str], body: str, whole: str = "") -> dict[str, str]:
    """The report's own record, which people ask about as they ask for a phone number:
    when it was published and its index number (a page's metadata), and the date it is
    signed with (落款). ``record_lines`` keeps each as the page prints it
    ("发布时间 : 2021-01-25"), so its citation can be checked against the page."""
    out: dict = {}
    printed: dict[str, str] = {}
    whole = whole or body
    published = next((meta[k] for k in ("发布时间", "发布日期", "公开日期", "发表日期", "发文日期", "生成日期") if meta.get(k)), "")
    if not published:
        # a page that prints only its date under the title ("发布日期:2011-12-31    点击数:")
        # ("索引号:… 时间:2018-02-09 来源:…": a page's bare 时间 beside its other fields)
        # (a page's header lines the metadata block took in too: "信息来源: 归集发布日期: 2020年01月31日")
        line = re.search(r"(?:发布时间|发布日期|公开日期|发表日期|信息提供日期|信息时间|更新时间|更新日期|(?<=\s)时间(?=\s*[:：]\s*(?:19|20)\d{2}))"
                         r"\s*[:：]\s*([^\n]{6,24})", body[:800]) or \
            re.search(r"(?:发布时间|发布日期|公开日期|发表日期|信息时间)\s*[:：]\s*([^\n]{6,24})", whole[:1500])
        # or beside the page's 来源 under the title ("来源:长湖乡   2019-05-08 11:28")
        line = line or re.search(r"(?:来源|浏览|点击)[^\n]{0,30}?((?:19|20)\d{2}-\d{1,2}-\d{1,2})", body[:600]) or \
            re.search(r"^\s*(?:[•·●]\s*)?((?:19|20)\d{2}-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$", body[:400], re.M) or \
            re.search(r"\A[^\n]{4,80}?报[^\n]{0,4}?[(（]\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[)）]\s*$", body[:300], re.M) or \
            re.search(r"^\s*[(（]?\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[)）]?\s*$", body[:400], re.M)
        # (a date alone under the title, bulleted or in brackets after it: "…年报( 2018年02月27日 )", "(2021年1 月27日)")
        if line and "年" in line.group(1):
            published = re.sub(r"\s+", "", line.group(1))
            line = None
        published = line.group(1) if line else published
    m = re.search(r"(?:19|20)\d{2}[-./年]\s*\d{1,2}(?:[-./月]\s*\d{1,2}日?)?", published)
    if m:
        out["published"] = m.group(0)
        # the line as printed, its time of day too ("发布时间: | 2012年02月17日 10:50")
        line = re.search(rf"(?:(?:发布时间|发布日期|公开日期|发表日期|信息提供日期|发文日期|更新时间|更新日期|时间)\s*[:：]\s*(?:[|｜]\s*)?|"
                         rf"(?:来源|浏览|点击)[^\n]{{0,30}}?|^[ \t]*(?:[•·●][ \t]*)?|[(（]\s*){re.escape(m.group(0))}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s*[)）])?", whole, re.M)
        if line:
            printed["published"] = line.group(0)
    if re.fullmatch(r"[\w/\-－.]{4,40}", meta.get("索引号", "")):
        out["index_no"] = meta["索引号"]
        # (the whole line when it is short: "索 引 号:17495 主题分类:年度报告")
        line = re.search(rf"索\s*引\s*[号號]\s*(?:[:：]\s*)?(?:[|｜]\s*)?{re.escape(meta['索引号'])}(?:[^\n]{{0,30}}$)?", whole, re.M)
        if line:
            printed["index_no"] = line.group(0)
    # a crawler page's 文号 line: the number the report was issued under (岚经发〔2020〕2号)
    doc_no = re.sub(r"\s+", "", meta.get("文号", ""))
    if not doc_no:
        # printed above the title as a word of its own (not one cited inside a sentence: 根据…〔2021〕30号)
        # (or in brackets on a line of its own, under the notice the report is issued with: (贺政办发〔2010〕3号))
        alone = re.search(r"(?:^|[ \t\n])([(（]?)([\u4e00-\u9fff]{1,8}[〔\[［]\d{4}[〕\]］]\d{1,4}号)[)）]?(?=[ \t\n])", body[:1500])
        doc_no = alone.group(2) if alone else ""
    if re.fullmatch(r"\S{1,12}[〔\[［(（]\d{4}[〕\]］)）]\S{0,4}?\d{1,4}号", doc_no):
        out["doc_no"] = doc_no
        line = re.search(r"文\s*号\s*[:：]\s*" + r"\s*".join(map(re.escape, doc_no)), whole) if meta.get("文号") else None
        if line:
            printed["doc_no"] = line.group(0)
    signed_on = identity.closing_date(body)
    if signed_on:
        out["signed_on"] = signed_on
        signer = identity.signature(body)
        if signer:
            line = re.search(rf"{re.escape(signer)}\s*{re.escape(signed_on)}", body)
            printed["signed_on"] = re.sub(r"\s+", " ", line.group(0)) if line else signed_on
    elif re.search(r"(?:19|20)\d{2}", meta.get("成文日期", "")):
        # a page's 成文日期 field: the date the report was signed, when no signature dates it
        out["signed_on"] = meta["成文日期"].split()[0]
        line = re.search(r"成\s*文\s*日\s*期\s*[:：]\s*" + re.escape(out["signed_on"]), whole)
        if line:
            printed["signed_on"] = line.group(0)
    else:
        # a date alone on its line under the title ("(2013年3月25日)", "2018年1月"): the report's own date
        head = [ln.strip() for ln in body.split("\n") if ln.strip()][:10]
        dated = next((m for ln in head if (m := re.fullmatch(
            r"[(（]?\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)\s*[)）]?", ln))), None)
        if dated:
            out["signed_on"] = re.sub(r"\s+", "", dated.group(1))
            printed["signed_on"] = dated.group(0)
    if printed:
        out["record_lines"] = printed
    return out


def printed_chars(simplified: str, printed: str) -> dict[str, str]:
    """A report printed in traditional characters is read in simplified ones; this maps
    each simplified character back to the one the report printed most often for it, so
    a citation quotes the report as printed (資訊, not 资讯). {} when the two texts do
    not align character for character."""
    if len(simplified) != len(printed):
        return {}
    changed = {a for a, b in zip(simplified, printed) if a != b}
    seen: dict[str, dict[str, int]] = {}
    for a, b in zip(simplified, printed):
        if a in changed:
            seen.setdefault(a, {})
            seen[a][b] = seen[a].get(b, 0) + 1
    return {a: max(c, key=c.get) for a, c in seen.items() if max(c, key=c.get) != a}


def printed_pairs(simplified: str, printed: str) -> dict[str, str]:
    """For a simplified character printed in two traditional forms (复: 復 in 答復, 複 in
    複議), the form printed beside each neighbour: {"复议": "複", "答复": "復"}, keyed by the
    simplified pair with the character first or second. {} when the texts do not align."""
    if len(simplified) != len(printed):
        return {}
    forms: dict[str, set[str]] = {}
    for a, b in zip(simplified, printed):
        if a != b or a in forms:
            forms.setdefault(a, set()).add(b)
    ambiguous = {a for a, f in forms.items() if len(f) > 1}
    seen: dict[str, dict[str, int]] = {}
    for i, (a, b) in enumerate(zip(simplified, printed)):
        if a not in ambiguous:
            continue
        for pair in (simplified[i - 1:i + 1] if i else "", "+" + simplified[i:i + 2]):
            if len(pair.lstrip("+")) == 2:
                seen.setdefault(pair, {}).setdefault(b, 0)
                seen[pair][b] += 1
    return {pair: max(c, key=c.get) for pair, c in seen.items()}


_RULES_AFTER_CELL = re.compile(r"^([^|｜]*?[^|｜\s])\s*[|｜]\s*[|｜][\s|｜]*$")
_ONE_CELL = re.compile(r"^([^|｜]*?[^|｜\s])\s*[|｜][\s|｜]*$")


def parse_text(src: SourceText, name: str = "", agency: str | None = None, year: int | None = None) -> ParsedReport:
    """``agency`` / ``year``: stated by a person (CLI, upload form, staff page);
    they win over what the text says, and the provenance says "given"."""
    text = src.text
    lines = text.split("\n")
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 50:
        raise ReportError("this is not an annual report (no Chinese text found)")
    # a crawler's metadata lines (标题: …) are read by identity, not as the body
    meta, body_start = identity.crawler_metadata(lines)
    # "—、总体情况": a dash typed (or read) for the 一 it looks like, before a heading's 、
    lines = [""] * body_start + [re.sub(r"^(\s*)[—–－―‐-](?=\s*、)", r"\g<1>一", ln) for ln in lines[body_start:]]
    # a table printed one cell per line with the rules of the empty columns beside each cell
    # ("1415 | ||", "行政许可 |"): the cells alone, a one-cell-per-line table
    if sum(1 for ln in lines if _RULES_AFTER_CELL.match(ln)) >= 3:
        lines = [_ONE_CELL.sub(r"\1", ln) for ln in lines]
    text = "\n".join(lines)
    title, agency_printed, title_year, title_start = _find_title(lines)
    flat = re.sub(r"\s+", "", text)
    if not re.search(r"(?:信息|政务)公开", flat):
        raise ReportError("this is not a 政府信息公开 annual report (no 政府信息公开 in the text)")
    ident = identity.resolve(text, meta, title, agency_printed, title_year,
                             file_name=name, given_agency=agency, given_year=year)
    # what a person stated is kept as stated
    agency = ident.agency if ident.agency_from == "given" else expand_agency(ident.agency, text)
    year = ident.year
    title = ident.title or title
    if not agency or year is None:
        raise ReportError("cannot find the agency and year in the report; state them (govqa ingest FILE --agency NAME --year N)")

    regions = _table_regions(lines)
    # 2021 template when its distinctive headers or rows are printed
    # the national template began with the 2019 reports; older ones are free prose (2008 regulation)
    template = "pre-2019" if year < 2019 else "2021" if re.search(r"本年制发件数|本年废止件数|现行有效件数|本年收费金额|逾期不补正|缴纳费用", flat) else \
        ("2019" if re.search(r"本年新制作|本年新公开|上一年项目数量|政府集中采购|采购总金额", flat) else
         ("2021" if year >= 2021 else "2019"))

    # a page that sets every cell of its tables apart with an empty line: the cells, one per line
    empty = {i for a, b in regions.values() for i in range(a, b) if not lines[i].strip()}
    if empty:
        lines = [ln for i, ln in enumerate(lines) if i not in empty]
    # a crawler's flattened table (cells glued into digit runs) back into rows
    lines, glued_notes, printed_rows = flat_tables.unflatten(lines, template) if template != "pre-2019" else (lines, [], {})
    lines = split_glued_headings(join_split_markers(lines))
    regions = _table_regions(lines) if template != "pre-2019" else {}

    result = TableResult()
    result.notes.extend(glued_notes)
    table_lines: set[int] = set()
    for name_, (a, b) in regions.items():
        chunk = [(i, lines[i]) for i in range(a, b)]
        if name_ == "proactive":
            part = parse_proactive(chunk, template)
        elif name_ == "requests":
            part = parse_requests(chunk, template)
        else:
            part = parse_appeals(chunk)
        result.values.update(part.values)
        result.blank.extend(part.blank)
        result.signed.update(part.signed)
        result.row_text.update(part.row_text)
        result.notes.extend(part.notes)
        for i in range(a, b):
            s = lines[i]
            if flat_tables.has_cells(s) or (len(s.strip()) < 30 and "。" not in s):
                table_lines.add(i)

    # a glued row's cells every reading agrees on (its 总计 when every split that
    # holds the row's sum gives the same): read, the rest of the row stays unread
    for note in glued_notes:
        for key, raw in note.pop("cells", {}).items():
            cell = parse_number(raw)
            if cell is None or cell.is_blank or key in result.values or key in result.blank:
                continue
            result.values[key] = cell.value
            if as_printed(cell):
                result.signed[key] = as_printed(cell)
            stem = key.rsplit(".", 1)[0]
            result.row_text.setdefault(stem, printed_rows.get(stem, ""))
    # a glued row is cited as printed, so a reader can check how its digits were split
    result.row_text.update({k: v for k, v in printed_rows.items() if k in result.row_text})
    sections = _sections(lines, table_lines, start=title_start, wrapped=src.fmt not in ("html", "docx"))
    for sec in sections:
        if sec.number == 6:     # where the fee table of the 2025 form sits
            sec.paragraphs = [flat_tables.spell_label_row(p) for p in sec.paragraphs]
    paragraphs = [p for s in sections for p in s.paragraphs]
    findings = check_requests(result.values, template) + check_appeals(result.values) \
        + check_prose(result.values, paragraphs) + result.notes
    if not result.values and not result.blank:
        findings.append({"rule": "tables_missing", "column": "",
                         "detail": "no standard table could be read from this report; only its prose is available"})
    report_text = "\n".join(s for s in lines if not _JUNK_LINES.match(s.strip()))
    contacts = find_contacts(report_text[:4000]) or find_contacts(report_text)
    if "phone" not in contacts:
        more = find_contacts(report_text)
        contacts.update({k: v for k, v in more.items() if k not in contacts})
    record = record_of(meta, text, src.text)
    lines = {**contacts.get("record_lines", {}), **record.get("record_lines", {})}
    contacts.update(record)
    if lines:
        contacts["record_lines"] = lines
    office = contacts.get("office") or ""
    place = re.match(r"[\u4e00-\u9fff]{2,}?(?:省|自治区|市|州|盟|地区|县|旗|区)", agency or "")
    if place and office.startswith(place.group(0)) and office != agency and not office.startswith(agency):
        # "宿州市政务公开办公室" answering for 宿州市人民政府's report: a name people ask that report by
        ident.variants.append(office)
    return ParsedReport(
        report_id=f"{year}-{agency}",
        agency=agency,
        identity=ident.provenance(),
        agency_variants=ident.variants,
        year=year,
        template=template,
        title=title,
        values=result.values,
        blank=sorted(set(result.blank)),
        signed=result.signed,
        contacts=contacts,
        findings=findings,
        sections=sections,
        row_text=result.row_text,
        source={"file": name, "encoding": src.encoding, "format": src.fmt, "traditional": src.traditional,
                **({"printed_chars": printed_chars(src.text, src.original),
                    "printed_pairs": printed_pairs(src.text, src.original)} if src.traditional else {})},
    )


def parse_file(path: Path | str, data: bytes | None = None, agency: str | None = None,
               year: int | None = None) -> ParsedReport:
    path = Path(path)
    src = read_report(path, data)
    return parse_text(src, path.name, agency=agency, year=year)
