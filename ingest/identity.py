"""Whose report this is and which year it covers, and where each came from.

A report reaches us as a crawler's page (metadata lines first: 标题: / 发布时间: /
发布机构: / 原文链接:, then a ==== 正文 ==== line), a converter's markdown (# headings),
an extractor's text or a web page. The agency and the covered year are read
from, in order of trust: what a person stated (given), the page's 标题 line, the
report's own title line, its prose (本报告由…编制, 统计期限), the publication date,
the file name. Each comes back with its provenance so staff can see why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import lexicon as lx

# A crawler's metadata line: a known field name, a colon, the value (often empty).
_META_FIELDS = ("标题", "题目", "发布时间", "发布日期", "成文日期", "公开日期", "生效日期", "废止日期", "文号", "发文字号",
                "发布机构", "发布单位", "发文机关", "索引号", "来源", "公开方式", "体裁", "栏目", "原文链接", "原始链接",
                "本地目录", "主题分类", "信息来源", "作者", "关键词", "分类", "发文日期", "名称", "主题词", "生成日期",
                "公文生成日期", "组配分类", "公开形式", "公开范围", "时效")
_META_LINE = re.compile(r"^\s*(?:[#>*\-]\s*)?(" + "|".join(r"\s*".join(f) for f in _META_FIELDS) + r")\s*[:：]\s*(.*?)\s*$")
_BODY_MARK = re.compile(r"^\s*(?:=+\s*正文\s*=+|正文\s*[:：]?|-{3,}|={3,})\s*$")
META_SEARCH_LINES = 30

# A title: the agency, the year, then 政府信息公开 (2008-regulation reports often
# print 信息公开 alone). The parser's title finder uses the same pattern.
# ("政府信息工作公开年度报告": the words turned round, still the title)
# ("2022度…", "国资委2020政府信息公开…": a title that dropped its 年)
TITLE = re.compile(r"(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*(?:年度?|度|(?=(?:政府)?信息(?:工作)?公开))\s*(?P<post>.*?)(?:政府)?信息(?:工作)?公开")

_PERIOD = re.compile(r"(?:统计期限|统计周期|统计时限|统计时间|数据统计|统计区间)[^。]{0,12}?(?:自|为|从)?\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")
_PERIOD2 = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)\s*(?:(?:19|20)\d{2}\s*年\s*)?12\s*月\s*31\s*日")
COMPILED_BY = re.compile(r"本(?:年度)?(?:报告|年报)(?:由|是由|[^。]{0,80}?[，,]由)([\u4e00-\u9fff（）()]{4,40}?)"
                          r"(?:[（(]以下简称[^（()）]{1,20}[）)])?(?:根据|依据|按照|依照|负责|编制|编写|汇总)")
_COMPILED_AT_START = re.compile(r"^[^。]{0,150}?[，,]由([\u4e00-\u9fff]{4,30}?)(?:负责)?(?:编制|编写|汇总编制)")
_ASK_OFFICE = re.compile(r"(?:疑问|问题|意见)[^。]{0,8}?(?:请联系|请与|联系)[:：]?([\u4e00-\u9fff]{4,30}?(?:办公室|办公厅))")
# "请与锡山区司法局政府信息公开领导小组办公室联系", "请与宁强县科学技术局综合股联系": the agency
# before the unit inside it that answers for the report ("厦港街道政府信息公开领导小组办公室": 厦港街道's;
# "永定县政府信息中心": 永定县政府's)
_ASK_AGENCY = re.compile(r"(?:疑问|问题|意见)[^。]{0,8}?(?:请联系|请与|联系)[:：]?"
                         r"([\u4e00-\u9fff]{2,30}?(?:局|委员会|委|厅|人民政府|(?<=[省市区县旗州盟])政府|政府(?!信息)|中心|街道办事处|街道|管委会|镇|乡))"
                         r"(?:[\u4e00-\u9fff]{0,14}?(?:股|科|室|处|组|办公室|办公厅|中心))?(?:联系|[（(，,])")
_ASK_SUB_AGENCY = re.compile(r"(?:疑问|问题|意见)[^。]{0,8}?(?:请联系|请与|联系)[:：]?([\u4e00-\u9fff]{1,12}?[省市区县旗])(?:人民)?政府"
                             r"([\u4e00-\u9fff]{2,12}?(?:街道办事处|镇人民政府|乡人民政府|镇|乡|局|委员会))"
                             r"(?:[\u4e00-\u9fff]{0,14}?(?:股|科|室|处|组|办公室|办公厅))?(?:联系|[（(，,])")
_SELF_WORDS = r"(?:局|厅|委|办|市|区|县|镇|乡|街道|署|中心|单位)"     # 我局, 本镇: a report calling itself
_NOT_A_NAME = re.compile(rf"[《》〈〉<>，,。；;：:！？!?“”\"'（）()、]|根据|关于|特向|公布|本报告|我{_SELF_WORDS}|^本{_SELF_WORDS}")


def looks_like_agency(name: str) -> bool:
    """A name, not a phrase a title finder caught: short, no punctuation or
    sentence words, ending like an agency or a place."""
    return 2 <= len(name) <= 30 and not _NOT_A_NAME.search(name) and \
        bool(re.search(r"(?:政府|办公厅|办公室|委员会|委|局|厅|院|署|办|中心|所|站|会|部|处|队|馆|街道|镇|乡|区|县|市|州|旗|盟|省|"
                       r"(?<=[\u4e00-\u9fff]{2})(?<![大行业食])街|政府[\u4e00-\u9fff]{1,4}室)$", name))
    # (佳荣里街: a street office as 天津 names it; 省政府研究室: a government's own unit)


_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

# A place's own government: a title that names only the place (三明市2019年政府信息公开工作年度报告)
# is its people's government's report. Zones run by a 管委会 (综合实验区, 开发区, 新区 …)
# have no 人民政府; their reports keep the zone's name.
_ADMIN_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|旗|区)$")
_ZONE_KINDS = "实验区|试验区|开发区|经开区|新区|园区|高新区|保税区|合作区|示范区|景区|管理区|功能区|片区|港区|综合区|投资区"
_ZONE = re.compile(rf"(?:{_ZONE_KINDS})$")
_INSTITUTION = re.compile(r"(?:政府|办公厅|办公室|委员会|委|局|厅|院|署|办|中心|所|站|会|部|处|队|馆|街道|镇|乡|社|行|公司|集团|团)$")


@dataclass
class Identity:
    agency: str = ""
    year: int | None = None
    title: str = ""
    agency_from: str = ""
    year_from: str = ""
    variants: list[str] = field(default_factory=list)   # other spellings of the agency this report uses

    def provenance(self) -> dict:
        return {"agency_from": self.agency_from, "year_from": self.year_from}


_META_CELL = re.compile(r"^(" + "|".join(r"\s*".join(f) for f in _META_FIELDS) + r")\s*[:：]\s*(.*?)\s*$")
_META_PAIR = re.compile(r"(?:^|(?<=\s))(" + "|".join(r"\s*".join(f) for f in _META_FIELDS) + r")\s*[:：]")
# A page's metadata table flattened without colons: "名称 X年度报告", "索引号 0161/2024-00065 分类 年报",
# "发布机构 发布日期 2026-01-16" (an empty cell, then the next field). Names only where a space sets them apart.
_META_BARE = re.compile(r"(?:^|(?<=\s))(" + "|".join(r"[ \t\u3000]*".join(f) for f in _META_FIELDS) + r")(?=[ \t\u3000]|$)")


def _meta_cells(line: str) -> dict[str, str]:
    """A page's metadata laid out as a table: "索 引 号:0052/2016-00001 | 发布机构:中原区审计局 |"
    or "发布单位: | 谢塘镇 |" (the value in the next cell). {} when the line holds none."""
    if "|" not in line and "｜" not in line:
        return {}
    cells = [c.strip() for c in re.split(r"[|｜]", line)]
    out: dict[str, str] = {}
    for k, c in enumerate(cells):
        m = _META_CELL.match(c)
        bare = re.sub(r"\s+", "", c) in _META_FIELDS     # "| 索引号 | 3212000031/2017-355032 |": no colon
        if not m and not bare:
            continue
        value = "" if bare else m.group(2)
        if not value and k + 1 < len(cells) and not _META_CELL.match(cells[k + 1]):
            value = cells[k + 1]
        out.setdefault(re.sub(r"\s+", "", c if bare else m.group(1)), value)
    return out


def _fields_on_line(line: str, field: re.Pattern, least: int) -> dict[str, str]:
    """The fields ``field`` finds on one line, the line starting with one, each value running
    to the next field: "发布机构:中山市人社局 发文日期:2014-03-28", "索引号 0161/2024-00065 分类 年报"."""
    found = list(field.finditer(line))
    if len(found) < least or found[0].start() > 0:
        return {}
    out: dict[str, str] = {}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(line)
        out.setdefault(re.sub(r"\s+", "", m.group(1)), line[m.end():end].strip())
    return out


def crawler_metadata(lines: list[str]) -> tuple[dict[str, str], int]:
    """The metadata block a crawler writes before the body: {field: value} and
    the index of the first body line. No block (fewer than two field lines
    among the first lines): ({}, 0)."""
    meta: dict[str, str] = {}
    last = -1
    seen = 0     # field lines; a line of several fields set apart by spaces counts once
    title_above = ""    # the page's title printed above its 来源/发布日期 lines (the block swallows it)
    for i, line in enumerate(lines[:META_SEARCH_LINES]):
        s = line.strip()
        if not s:
            continue
        cells = _meta_cells(s)
        # (the date line under a page's title, "发布时间：… 来源：…", is no block of its own)
        # (several "name:value" fields set apart by spaces, or fields with no colon at all)
        pairs = {} if cells else (_fields_on_line(s, _META_PAIR, 2) or _fields_on_line(s, _META_BARE, 1))
        if cells or pairs:
            for k, v in (cells or pairs).items():
                meta.setdefault(k, v)
            seen += len(cells) or 1
            last = i
            continue
        m = _META_LINE.match(s)
        if m:
            meta.setdefault(re.sub(r"\s+", "", m.group(1)), m.group(2))
            seen += 1
            last = i
            continue
        if not meta and not title_above and "报告" in s and title_parts(s)[0]:
            title_above = s
        if meta and _BODY_MARK.match(s):
            last = i
            break
        if meta and seen >= 2:
            # a free line after the block (页面链接与图片详见 …) belongs to it only when a body mark follows soon
            ahead = next((k for k in range(i + 1, min(i + 4, len(lines))) if _BODY_MARK.match(lines[k].strip())), None)
            if ahead is not None:
                last = ahead
            break
    if seen < 2:
        return {}, 0
    if title_above and not (meta.get("标题") or meta.get("题目")):
        meta["标题"] = title_above
    return meta, last + 1


def title_parts(title: str) -> tuple[str, int | None]:
    """(agency as the title prints it, year) of a title line, ("", None) if it is not one."""
    flat = re.sub(r"\s+", "", title)[:300]
    m = TITLE.search(flat)
    if not m:
        return "", None
    return title_agency(m, flat), int(m.group("year"))


def title_agency(m: re.Match, title: str) -> str:
    """The agency a TITLE match names, as printed: without a converter's heading marks
    (# …, **…**) or a page's field label glued to it (标题苏店镇人民政府…), and with the 政府
    that the title's 政府信息公开 took from X人民政府 (2012年泾县人民政府信息公开年度报告)."""
    agency = (m.group("pre") or m.group("post")).strip(" ：:#*>|｜")
    agency = re.sub(r"^(?:标\s*题|题\s*目|名\s*称|文件名称|信息名称)[:：]?", "", agency)
    agency = re.sub(r"关于$", "", agency)     # "丰润区交通运输局关于2019年…报告": the title's 关于 is no name
    return agency + "政府" if agency.endswith("人民") and agency + "政府信息" in title else agency


def period_year(text: str) -> int | None:
    """The year the statistics cover, from the report's own words (统计期限自2019年1月1日…)."""
    flat = re.sub(r"\s+", "", text[:8000])
    m = _PERIOD.search(flat) or _PERIOD2.search(flat)
    return int(m.group(1)) if m else None


def _office_for(name: str, body: str) -> str:
    """本报告由淮安市人民政府办公室编制: a government's office compiles the government's
    report; an office that reports on itself calls itself 本厅 / 我办 and keeps its name."""
    # (a town's 党政办公室 compiles its government's report: 两城镇人民政府党政办公室 → 两城镇人民政府)
    party = re.fullmatch(r"(.{2,30}?(?:人民政府|政府|街道办事处|办事处))(?:党政综合办公室|党政办公室|党政办|综合办公室|综合办)", name)
    if party:
        return party.group(1)
    # (a government's standing disclosure office compiles the government's: 南平市人民政府信息公开工作领导小组办公室)
    standing = re.fullmatch(r"(.{1,30}?(?:[省市区县州旗盟镇乡]人民政府|[省市区县州旗]政府))(?:政务|政府)?(?:信息)?公开(?:工作)?(?:领导小组)?办公室",
                            name)
    if standing:
        return standing.group(1)
    m = re.fullmatch(r"(.{2,30}?(?:人民政府|政府))(?:办公室|办公厅)", name)
    if not m or re.search(r"[本我](?:厅|办)(?![法理事])", body) or _OFFICE_AT_WORK.search(re.sub(r"\s+", "", body)):
        return name
    return m.group(1)


# the office as the subject of the year's work ("区政府办公室紧紧围绕…", "市政府办公室共发布…"):
# a report on the office itself, not on the government it serves
_OFFICE_AT_WORK = re.compile(r"(?:[省市区县]|^|[，,。])(?:人民)?政府办公[室厅](?:紧紧|认真|严格|共|坚持|围绕|全年|积极|按照|"
                             r"深入|进一步|收到|主动|始终|全面|扎实|不断|依法|持续)")


def place_government(agency: str, body: str) -> str:
    """三明市 → 三明市人民政府 when a title names only an administrative place;
    a zone run by a 管委会 keeps its bare name."""
    if re.fullmatch(r"[\u4e00-\u9fff]{2,10}(?:镇|乡|苏木|街道)", agency or ""):
        # a township's title names the place (汤浦镇2009年…年报); its body, the body that reports
        # (汤浦镇人民政府信息公开工作…): the fuller name only when the report prints it
        flat = re.sub(r"\s+", "", body)
        # (定州市东留春乡 whose body prints 东留春乡人民政府: the township's own name with its body)
        own = re.sub(r"^.*?[省市县区旗](?=[\u4e00-\u9fff]{2,})", "", agency)
        for kind in ("人民政府", "办事处"):
            if agency + kind in flat or len(own) >= 3 and own + kind in flat:
                return agency + kind
        return agency
    if not agency or not _ADMIN_PLACE.match(agency) or _ZONE.search(agency) or agency.endswith(("地区", "盟")):
        # (a prefecture or league is run by its 行政公署, not a people's government)
        return agency
    if _INSTITUTION.search(agency) and not agency.endswith(("区", "市", "县", "州", "旗", "盟", "省")):
        return agency
    return agency + "人民政府"


_SELF_BODY = {"局": "局", "厅": "厅", "委": "(?:委员会|委)", "办": "(?:办公室|办公厅|办)"}


def self_kind_body(agency: str, body: str) -> str:
    """"特公布2016年福清市政府信息公开工作年度报告" of a report that calls itself 我局 and names
    福清市民政局: the body of that kind under the place, not the place's government. Only
    when the report says 我局 more than 我市, and names one such body of the place."""
    if not agency.endswith("人民政府"):
        return ""
    place = agency[:-4]
    flat = re.sub(r"\s+", "", body)
    kinds = re.findall(r"[我本](局|厅|委|办)(?![法理事公结件会])", flat)
    if not kinds or len(kinds) <= len(re.findall(r"[我本全](?:省|市|区|县|旗|州)", flat)):
        return ""
    kind = max(set(kinds), key=kinds.count)
    names = set(re.findall(re.escape(place) + r"(?:人民政府|政府)?[\u4e00-\u9fff]{1,12}?" + _SELF_BODY[kind], flat))
    # (the place's government's own office counts once, by its full name: 福清市政府办公室 is no second body)
    names = {n for n in names if looks_like_agency(n) and
             (not re.search(r"政府(?:办公室|办公厅)$", n) or n in (agency + "办公室", agency + "办公厅"))}
    return names.pop() if len(names) == 1 else ""


def corrected_spelling(agency: str, body: str) -> tuple[str, str | None]:
    """A title misread by OCR (平潭综合实验区地方税务局 printed as …地方悦务局) that the
    body spells otherwise: the body's spelling, and the misread one as a variant.
    Only when the title's spelling occurs nowhere else and one other spelling,
    one character apart, occurs at least twice."""
    if len(agency) < 4:
        return agency, None
    flat = re.sub(r"\s+", "", body)
    if flat.count(agency) >= 2:
        return agency, None
    best: dict[str, int] = {}
    for i, ch in enumerate(agency):
        if not "\u4e00" <= ch <= "\u9fff":
            continue
        pat = re.escape(agency[:i]) + r"([\u4e00-\u9fff])" + re.escape(agency[i + 1:])
        for m in re.finditer(pat, flat):
            # (全旗政府 beside 莫旗政府 is "the whole banner's government", no spelling of the name)
            if m.group(1) != ch and m.group(1) not in "全我本该各此每这那其":
                best[m.group(0)] = best.get(m.group(0), 0) + 1
    if not best:
        return agency, None
    spelling, count = max(best.items(), key=lambda kv: kv[1])
    if count < 2 or sum(1 for c in best.values() if c == count) > 1:
        return agency, None
    return spelling, agency


def self_names(agency: str, body: str) -> list[str]:
    """Other names the report gives its own agency: 平潭县地税局 in a report titled
    平潭综合实验区地方税务局 (same last word, a place and the kind's short form)."""
    out: list[str] = []
    if not agency:
        return out
    flat = re.sub(r"\s+", "", body[:20000])
    tail = re.search(r"(局|委员会|委|厅|办公室|中心)$", agency)
    if not tail:
        return out
    # "特向社会公布2013年度平潭县地税局信息公开年度报告": a name right before the report's own title words
    for m in re.finditer(r"([\u4e00-\u9fff]{2,14}?" + tail.group(1) + r")(?:\d{4}年度?)?(?:政府)?信息公开(?:工作)?年度报告", flat):
        name = re.sub(r"^.*?(?:公布|发布|年度|年)", "", m.group(1))
        if 3 <= len(name) <= 14 and name != agency and name[:2] == agency[:2] and name not in out:
            out.append(name)
    return out


# (older reports sign in Chinese numerals: 二○一二年五月十一日, 二〇一一年元月二十日)
_DATE = re.compile(r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?|"
                   r"[一二〇○零Ｏ][〇○零Ｏ0一二三四五六七八九]{3}年(?:十[一二]?|[一二三四五六七八九元])月(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日)$")
# an attached table after the signature (附表：指标名称…): the report's words end before it
_ATTACHED = re.compile(r"(?:^|[\s。])附(?:表|件)\s*\d?\s*[:：]")
_PLACES = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|旗|区))+$")


def _closing_words(body: str) -> list[str]:
    """The report's last words up to its closing date: a page footer printed after the
    date (扫一扫在手机打开当前页, 打印本页 | 关闭窗口) is not part of the report."""
    words = _last_words(body)
    attached = [m for m in _ATTACHED.finditer(body) if m.start() > len(body) // 2]
    if attached and not _ends_dated(words):
        before = _last_words(body[: attached[0].start()])
        if _ends_dated(before):
            return before
    return words


def _ends_dated(words: list[str]) -> bool:
    return bool(words) and _DATE.match(words[-1].strip("（）()")) is not None


def _last_words(body: str) -> list[str]:
    tail = re.sub(r"[|│\s]+$", "", body[-400:])
    # a body flattened to one line glues the date to the signature and to a footer after it
    # (…保障厅2023年1月29日更多信息请关注官方微信): the date is a word of its own
    tail = re.sub(r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[一二][〇○零Ｏ0][〇○零Ｏ0一二三四五六七八九]{2}年[一二三四五六七八九十元]{1,2}月"
                  r"[一二三四五六七八九十]{1,3}日)(?=[^\d。；;！？!?]{0,40}$)", r" \1 ", tail)
    words = [w for w in re.split(r"[\s|│]+", tail) if w]
    dated = [i for i, w in enumerate(words) if _DATE.match(w.strip("（）()"))]
    if dated and 0 < len(words) - 1 - dated[-1] <= 4 and \
            not any(re.search(r"\d|[。；;]", w) for w in words[dated[-1] + 1:]):
        words = words[: dated[-1] + 1]
    return words


def signature(body: str) -> str:
    """The name a report is signed with (落款): the agency standing alone on the last
    line before the date, as many reports end (桦甸市人民政府新华街道办事处 / 2013年3月7日).
    Also in text flattened to one line, where it is the last word before the date."""
    words = _closing_words(body)
    while words and _DATE.match(words[-1]):
        words.pop()
    if not words:
        return ""
    def named(name: str) -> bool:
        return looks_like_agency(name) and bool(_INSTITUTION.search(name)) and \
            re.fullmatch(r"[\u4e00-\u9fff（）()]{4,30}", name) is not None

    name = words[-1]
    wrap = len(words) >= 2 and re.search(r"([^\n]{24,})" + re.escape(words[-2]) + r"[ \t]*\n[ \t]*" + re.escape(name),
                                         body[-600:])
    if wrap and not named(words[-2]) and named(words[-2] + name):
        # a PDF's full line wrapped inside the signature (…年度报告 韶关市武江区龙归 / 镇人民政府)
        name = words[-2] + name
    return name if named(name) else ""


def standalone_names(body: str) -> list[str]:
    """Agency names standing alone on a line of the report's head or foot: a page
    header, a 来源 line's value, a signature."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    out = []
    for ln in lines[:8] + lines[-8:]:
        ln = re.sub(r"^(?:来源|发布机构|发布单位)[:：]\s*", "", ln)
        if re.fullmatch(r"[\u4e00-\u9fff（）()]{4,30}", ln) and looks_like_agency(ln) and _INSTITUTION.search(ln):
            out.append(ln)
    return out


def closing_date(body: str) -> str:
    """The date a report is signed with: the date standing alone at its end (after the
    signature, or the last line), as printed ("2013年3月7日")."""
    words = _closing_words(body)
    if _ends_dated(words):
        return words[-1].strip("（）()")
    return ""


def in_order(short: str, full: str) -> bool:
    """科技局 in 科学技术局: every character of the short name, in order."""
    it = iter(full)
    return all(ch in it for ch in short)


def fuller_name(agency: str, signed: str) -> bool:
    """The signature names the same agency more fully: the places above it before the
    name (建新镇 → 遂溪县建新镇人民政府, 武江区龙归镇人民政府 → 韶关市武江区龙归镇人民政府),
    never another body (三明市 → 三明市人民政府办公室 is the office, not the government)."""
    if not agency or not signed or signed == agency:
        return False
    # 县科技局, 区政府国资局 (the district government's 国资局)
    bare = re.match(r"^([省市区县])(?:人民政府|政府)?([\u4e00-\u9fff]{2,12}(?:局|委员会|委|厅|办|中心|署|所|站|院|处|队|馆))$", agency)
    if bare:
        # "县科技局" in a title, "平阳县科学技术局" in the signature: the title names only the level
        level, short = bare.groups()
        m = re.match(rf"^(?:[\u4e00-\u9fff]{{2,8}}?[省市区县])*?[\u4e00-\u9fff]{{1,6}}?{level}(.+)$", signed)
        return bool(m) and short[-1] == m.group(1)[-1] and in_order(short, m.group(1))
    for own in (agency, agency + "人民政府", agency + "办事处", re.sub(r"政府$", "人民政府", agency)):
        if signed.endswith(own):
            prefix = signed[: len(signed) - len(own)]
            if not prefix and own != agency or prefix and _PLACES.match(prefix):
                return True
    return False


_NOT_A_PLACE_NAME = re.compile(r"^(?:全|各|本|该|每|我|两|一|多|等|和|与|及|在|对|到|是|为|了|的|乡|镇)")


def named_in_own_document(body: str) -> str:
    """"我局…建立《九江县国土资源局网站信息发布制度》", "印发《大连高新区2024年政务公开工作要点》":
    a report naming itself nowhere but in the title of a document of its own, the report calling
    itself by that name's kind (我局, 我区, 全区). One such name, or none."""
    flat = re.sub(r"\s+", "", body)
    names = set()
    for m in re.finditer(r"《([\u4e00-\u9fff]{3,24}?(?:局|委员会|委|办公室|中心|高新区|开发区|新区|区|县|市|镇|乡|街道))"
                         r"(?:(?:19|20)\d{2}年度?)?[\u4e00-\u9fff]{0,16}?(?:制度|要点|办法|规定|方案|细则|规则|指南|目录)[\u4e00-\u9fff]{0,8}》", flat):
        name = m.group(1)
        kind = "区" if name.endswith("区") else name[-1]
        if looks_like_agency(name) and re.search(rf"(?:我|本|全){kind}", flat) and _PLACED_NAME.match(name):
            names.add(name)
    return names.pop() if len(names) == 1 else ""


def self_named(body: str) -> str:
    """A township's report that calls itself 我乡 / 我镇 / 我街道 and names one place of that
    kind (…2014年，南薰乡未收取任何费用): that place. Departments are not read this way:
    a 局's name cannot be told from the words before it."""
    flat = re.sub(r"\s+", "", body)
    kinds = re.findall(r"我(乡|镇|街道)", flat)
    if len(kinds) < 2:
        return ""
    kind = max(set(kinds), key=kinds.count)
    names: dict[str, int] = {}
    for m in re.finditer(rf"(?=([\u4e00-\u9fff]{{2,3}}{kind}|[\u4e00-\u9fff]{{2,4}}?{lx.ETHNIC_PART}{kind}))", flat):
        name = m.group(1)
        if name[:-len(kind)].endswith("族") and not lx.ETHNIC_PLACE.fullmatch(name):
            continue    # 回族乡, 北回族乡: the tail of an ethnic township's name (临北回族乡)
        if not _NOT_A_PLACE_NAME.match(name) and not re.search(r"[的了在是为和与及等个我全各本该每]", name[:-len(kind)]):
            names[name] = names.get(name, 0) + 1
    # a longer match (x南薰乡) and its tail (南薰乡) are one name: keep the tail when both occur equally,
    # unless a place or a government always stands before the longer (渝中区人民政府大溪沟街道: 大溪沟)
    for name in list(names):
        if name[1:] in names and names[name[1:]] >= names[name]:
            befores = [flat[max(0, m.start() - 2):m.start()] for m in re.finditer(re.escape(name), flat)]
            if befores and all(re.search(r"(?:政府|[省市区县])$", b) for b in befores):
                names.pop(name[1:])
            else:
                names.pop(name)
    if not names:
        return ""
    best = max(names.values())
    top = [n for n, c in names.items() if c == best]
    return top[0] if len(top) == 1 else ""


def zone_named(body: str) -> str:
    """"投资区主动公开政府信息数140条" in a report whose full name stands once elsewhere (微信公众号
    “钦州市北部湾华侨投资区”): a zone that calls itself by its kind alone, named by the one longer
    name of that kind the report prints."""
    flat = re.sub(r"[^\S\n]+", "", body)      # (a line's start sets a word apart too)
    bare = re.findall(rf"(?<![\u4e00-\u9fff])(?:(?:19|20)\d{{2}}年度?[，,]?)?({_ZONE_KINDS})(?=[\u4e00-\u9fff])", flat)
    if len(bare) < 2:
        return ""
    kind = max(set(bare), key=bare.count)
    names = {m.group(1) for m in re.finditer(rf"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{{2,16}}{kind})(?![\u4e00-\u9fff]{{0,2}}(?:局|委|办|中心|管委))", flat)
             if not _NOT_A_PLACE_NAME.match(m.group(1)) and looks_like_agency(m.group(1))
             and re.match(r"[\u4e00-\u9fff]{1,7}?(?:省|自治区|市|州|盟|县|旗)", m.group(1))     # a place's zone
             and not re.search(r"[的了在是为和与及等个我全各本该每]", m.group(1))}
    return names.pop() if len(names) == 1 else ""


def self_named_government(body: str) -> str:
    """"2011年本区政府信息公开工作…" in a report that names one district's people's government
    (长春市朝阳区人民政府): that government. A report calling itself 本区/我县/全市 is its
    place's government's; the place is the one of that level it names, when it names one."""
    flat = re.sub(r"\s+", "", body)
    kinds = re.findall(r"(?:我|本)(区|县|市|旗)(?![\u4e00-\u9fff]{0,2}(?:局|委|办|院|中心|部门))", flat)
    if not kinds and not re.search(r"[我本](?:局|厅|委|办|单位)(?![法理事公结件会])", flat):
        # "2018年全县政府信息公开工作…" of a report that never says 我局: the county's own
        kinds = re.findall(r"全(区|县|市|旗)(?=政府信息公开|政务公开|信息公开)", flat)
    if not kinds:
        return ""
    kind = max(set(kinds), key=kinds.count)
    names = set()
    for m in re.finditer(rf"{kind}人民政府", flat):
        before = flat[max(0, m.start() - 8):m.start()]
        # the place starts after the last word that cannot be part of one (…是长春市朝阳 → 长春市朝阳)
        cut = max((before.rfind(ch) for ch in _NOT_IN_PLACE), default=-1)
        name = before[cut + 1:] + m.group(0)
        if len(name) >= len(m.group(0)) + 2 and _PLACED_NAME.match(name) and looks_like_agency(name) \
                and not _NOT_A_PLACE_NAME.match(name):
            names.add(name)
    # 朝阳区人民政府 and 长春市朝阳区人民政府 are one name
    names = {n for n in names if not any(o != n and o.endswith(n) for o in names)}
    return names.pop() if len(names) == 1 else ""


_NOT_IN_PLACE = "由在的对与和请向告报本我及为从是将经于了等、，,。；;：:《》“”（）()"


# "特向社会公布2014年谯城区政务服务中心政府信息公开工作年度报告": the report's title inside its first sentence
_TITLE_IN_PROSE = re.compile(r"(?:公布|发布|公开|报告如下|现将|现就|编写|编制|形成)了?[:：]?《?(?:(?:19|20)\d{2}年度?)?([\u4e00-\u9fff（）()]{3,30}?)"
                             r"(?:(?:19|20)\d{2}年度?)?(?:政府|政务)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:工作)?(?:情况)?(?:报告|年报)")
# "2011年，省文化厅借助…": an untitled report that opens with its year and its agency
_OPENING = re.compile(r"^(?:(?:19|20)\d{2})年度?[，,]?(?:在[^，,。]{2,30}?(?:领导|指导|部署)下[，,])?([\u4e00-\u9fff]{2,24}?(?:厅|局|管委会|委员会|委(?!会)|办公室|办|政府|街道办事处|街道|镇|乡|中心))"
                      r"(?=(?:政府信息公开工作|政务公开工作|信息公开工作)?[\u4e00-\u9fff]{0,4}"
                      r"(?:借助|认真|按照|根据|坚持|围绕|紧紧|严格|进一步|全面|继续|高度|深入|积极|不断|切实|统领|牵头|在|以|对|把|将|共|主动))")


_QUOTED_TITLE = re.compile(r"《([\u4e00-\u9fff（）()]{3,30}?)(?:19|20)\d{2}年度?(?:政府|政务)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)》")
_OPENING_PLACE = re.compile(r"^(?:(?:19|20)\d{2})年度?[，,]?((?![全本我该各])[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|州|县|区|旗))"
                            r"(?=按照|认真|根据|坚持|围绕|紧紧|严格|进一步|全面|继续|高度|深入|积极|不断|切实|在|以|把|将)")
_PUBLISHED_BY_AT_START = re.compile(r"^([\u4e00-\u9fff]{3,30}?)(?:现|特)?(?:向社会|向公众)?(?:公布|发布)(?:了)?(?:19|20)\d{2}年")
_WORK_OF = re.compile(r"^为(?:了)?(?:认真|切实|进一步|全面|扎实)?(?:做好|推进|落实|加强|规范)([\u4e00-\u9fff]{2,24}?"
                      r"(?:局|厅|委员会|委|办公室|政府|街道办事处|镇|乡|中心))(?:的)?(?:政府信息公开|政务公开|信息公开)")


_REVIEWED_BY = re.compile(r"(?:^|[，,。；;])([\u4e00-\u9fff]{2,30}?)对(?:19|20)\d{2}年度?的?(?:政府|政务)?(?:信息|政务)公开(?:工作)?(?:情况)?"
                          r"(?:进行|开展|作了|做了)")


def _named_in_prose(body: str) -> tuple[str, str]:
    """The agency a report names in its opening words when no title or metadata does."""
    flat = re.sub(r"\s+", "", body[:3000])
    # a breadcrumb (信息公开>>信息公开年度报告) may come first: the first match that names an agency
    for m in _TITLE_IN_PROSE.finditer(flat):
        # "现公布台山市人民政府办公室(以下简称市政府办公室)2008年…": the name, not its short form
        name = re.sub(r"[（(]以下简称[^（()）]*[）)]$", "", m.group(1))
        if name.endswith("人民") and flat[m.end(1):m.end(1) + 2] == "政府":
            name += "政府"      # "编制2013年安康市汉滨区人民政府信息公开年度报告": 政府 is the name's
        if flat[m.start(1) - 1] == "年" and name.startswith("度"):
            name = name[1:]     # "公布2024年度本局…年度报告": 年度 is one word, 本局 no name
        if re.fullmatch(r"(?:人民)?政府", name):
            continue            # "编制2024年度政府信息公开报告": no agency named
        name = re.sub(r"及(?:其)?(?:办公室|办公厅)$", "", name)     # 阿勒泰地区行政公署及办公室: the body and its office
        name = re.sub(r"[（(][^（()）]{2,12}[）)]$", "", name)       # 六盘水市人民政府(市人民政府办公室): one report of both
        # (a breadcrumb's column, 政务公开政府信息公开某局政府信息公开年报, names where the page sits, not who wrote it)
        # (a title's tail, 公开工作年度报告桃江县…, is a title line followed by the next, not a name)
        if looks_like_agency(name) and not re.match(r"^(?:我|本|该|全|年度)", name) and \
                not re.search(r"信息公开|政务公开|报告|年报", name):
            return name, "prose (the title its first sentence gives: 公布…年度报告)"
    # "…规定,《同心县人民政府办公室2020年政府信息公开工作年度报告》已经…同意,现予公布": the report's own title, quoted
    for m in _QUOTED_TITLE.finditer(flat):
        if looks_like_agency(m.group(1)) and not re.search(r"关于|信息公开|政务公开|报告", m.group(1)):
            return m.group(1), "prose (the title its first sentence gives: 《…年度报告》)"
    # "郑州高新区沟赵办事处向社会公布2021年度本级政府信息公开年度报告": who publishes it, first
    m = _PUBLISHED_BY_AT_START.match(re.sub(r"\s+", "", body.strip()[:200]))
    if m and looks_like_agency(m.group(1)):
        return m.group(1), "prose (the agency its first sentence says publishes it)"
    # "为认真做好京山市卫生健康局政府信息公开工作,我局…": the agency whose disclosure work the report is about
    m = _WORK_OF.match(re.sub(r"\s+", "", body.strip()[:200]))
    if m and looks_like_agency(m.group(1)):
        return m.group(1), "prose (the agency whose disclosure work its first sentence names)"
    # "…的相关要求,阿拉山口市对2018年政府信息公开进行梳理和汇总,形成本报告": who reviewed its year's work
    m = _REVIEWED_BY.search(re.sub(r"\s+", "", body.strip()[:600]))
    if m and looks_like_agency(m.group(1)):
        return m.group(1), "prose (the agency its first sentence says reviewed the year's work)"
    # (the opening may follow a first paragraph on the report itself and its 总体情况 heading)
    for line in [ln.strip() for ln in body.split("\n") if len(ln.strip()) > 20][:3]:
        flat_line = re.sub(r"\s+", "", line)
        m = _OPENING.match(flat_line)
        if m and looks_like_agency(m.group(1)):
            # "长春市人民政府办公厅坚持…": the office is who opens the report, not its government
            office = re.match(r"办公厅|办公室", flat_line[m.end(1):]) if m.group(1).endswith("政府") else None
            return m.group(1) + (office.group(0) if office else ""), "prose (the report's opening words)"
        m = _OPENING_PLACE.match(flat_line)
        if m and looks_like_agency(m.group(1)):
            # "2015年,眉山市按照国务院…": a place opening its own report is its government's (人民政府 below)
            return m.group(1), "prose (the report's opening words)"
    return "", ""


# the last word of an agency's name, and a place's level before it (蓬莱市|统计局, 建新|镇)
_NAME_END = re.compile(r"人民政府|街道办事处|办事处|管理委员会|委员会|管委会|办公室|局|厅|委|办|中心")
_PLACED_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{1,7}?(?:省|自治区|市|自治州|州|盟|地区|县|旗|区|镇|乡|街道)){1,3}[\u4e00-\u9fff]{0,12}$")
_SELF_KIND_ENDS = {"局": r"局$", "委": r"委(?:员会)?$", "办": r"办(?:公室)?$", "厅": r"厅$", "中心": r"中心$",
                   "镇": r"镇(?:人民政府)?$", "乡": r"乡(?:人民政府)?$", "街道": r"(?:街道|办事处)$"}
_NOT_NAME_WORDS = re.compile(r"[的了在是为和与及等个我全各本该每没未对把将被向从按据年月日这那其所]|信息|公开|工作|领导|小组|网站|门户|平台|文件|会议|要求|部署|推进|收取")


def most_named(body: str) -> str:
    """The agency a report names most often, for a report that names itself nowhere
    else. A name is a maximal repeat: the longest run of characters before an agency's
    last word (局, 办事处 …) that recurs while the character before it varies, so
    蓬莱市统计局 is one name whatever sentence it stands in. Names near the top or the
    bottom (where reports put their own name) count double."""
    flat = re.sub(r"\s+", "", body)
    head, tail = 400, max(0, len(flat) - 400)
    counts: dict[str, float] = {}
    seen: dict[str, int] = {}
    for m in _NAME_END.finditer(flat):
        end = m.end()
        if flat[end:end + 1] in ("长", "员"):       # 局长, 委员: a person, not the agency
            continue
        weight = 2.0 if end <= head or end >= tail else 1.0
        for start in range(m.start() - 1, max(-1, m.start() - 16), -1):
            if not "\u4e00" <= flat[start] <= "\u9fff":
                break
            name = flat[start:end]
            counts[name] = counts.get(name, 0.0) + weight
            seen[name] = seen.get(name, 0) + 1
    # a name whose every occurrence has the same character before it is not maximal
    longest_extension: dict[str, float] = {}
    for name, c in counts.items():
        longest_extension[name[1:]] = max(longest_extension.get(name[1:], 0.0), c)
    maximal = {n: c for n, c in counts.items() if seen[n] >= 2 and c > longest_extension.get(n, 0.0)}
    # a name starts a clause or a line somewhere (，蓬莱市统计局… / a signature): a run that only
    # ever follows other words (联合省司法厅) has no edge of its own
    names = {n: c for n, c in maximal.items()
             if _PLACED_NAME.match(n) and looks_like_agency(n) and not _NOT_NAME_WORDS.search(n)
             and not _NOT_A_PLACE_NAME.match(n)
             and re.search(rf"(?:^|[^\u4e00-\u9fff]|[由在经向对与和及])\s*{re.escape(n)}", body, re.M)}
    # a report that calls itself 我局/本局 is a 局's: its superior government, named more often, is not it
    selves = re.findall(r"(?:我|本)(局|委|办|厅|中心|镇|乡|街道)", flat)
    if len(selves) >= 2:
        kind = max(set(selves), key=selves.count)
        names = {n: c for n, c in names.items() if re.search(_SELF_KIND_ENDS[kind], n)}
    if not names:
        return ""
    best = max(names, key=lambda n: (names[n], len(n)))
    # a fuller form of it (实验区管委会 → 平潭综合实验区管委会) used at least half as often is the name
    fuller = [n for n in names if n.endswith(best) and names[n] * 2 >= names[best]]
    return max(fuller, key=len)


def most_named_year(body: str) -> int | None:
    """The year a report names most often as a year (2010年), not as a date (2011年1月):
    a report without a title or period is about the year it keeps naming."""
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)", body)
    if not years:
        return None
    ranked = sorted({y: years.count(y) for y in years}.items(), key=lambda kv: -kv[1])
    if ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return int(ranked[0][0])


def _year_in_prose(body: str) -> int | None:
    """The year of the title a first sentence gives, or the year an untitled report opens with."""
    flat = re.sub(r"\s+", "", body[:3000])
    m = re.search(r"(?:公布|发布)((?:19|20)\d{2})年度?[\u4e00-\u9fff]{0,30}?(?:政府)?信息公开", flat)
    if m:
        return int(m.group(1))
    first = next((ln.strip() for ln in body.split("\n") if len(ln.strip()) > 20), "")
    m = re.match(r"^((?:19|20)\d{2})年度?[，,]", first)
    return int(m.group(1)) if m else None


def resolve(body: str, meta: dict[str, str], found_title: str, found_agency: str, found_year: int | None,
            file_name: str = "", given_agency: str | None = None, given_year: int | None = None) -> Identity:
    """The report's identity. ``body``: the text after any crawler metadata block,
    ``meta`` that block (crawler_metadata); ``found_*``: what the title finder read
    from the body. The metadata 标题 line wins over the body's title."""
    ident = Identity(title=found_title)

    meta_title = meta.get("标题") or meta.get("题目") or (meta.get("名称", "") if "报告" in meta.get("名称", "") else "")
    meta_agency, meta_year = title_parts(meta_title)
    if meta_agency:
        ident.agency, ident.agency_from, ident.title = meta_agency, "metadata line (标题)", re.sub(r"\s+", "", meta_title)
    elif found_agency:
        ident.agency, ident.agency_from = found_agency, "title line"
    elif meta.get("发布机构") or meta.get("发文机关") or meta.get("发布单位"):
        ident.agency, ident.agency_from = (meta.get("发布机构") or meta.get("发文机关") or meta.get("发布单位")), \
            "metadata line (发布机构)"
    else:
        m = COMPILED_BY.search(re.sub(r"\s+", "", body))
        if m:
            ident.agency, ident.agency_from = _office_for(m.group(1), body), "prose (本报告由…编制)"
    bracketed = re.fullmatch(r"(.{2,30}?)[（(]([\u4e00-\u9fff]{2,16})[）)]", ident.agency or "")
    if bracketed and looks_like_agency(bracketed.group(1)):
        # "省政府研究室(发展研究中心)": one body with two names; the first is the one it is filed by
        ident.variants.append(ident.agency)
        ident.agency = bracketed.group(1)
    if ident.agency and not looks_like_agency(ident.agency):
        ident.agency, ident.agency_from = "", ""
    signed = signature(body)
    if not ident.agency:
        # "现公布莫旗政府2012年政府信息公开工作年度报告": the report's own title in its first sentence
        # names it before any office it sends questions to (莫力达瓦政府办网络信息中心)
        name, source = _named_in_prose(body)
        if source.startswith(("prose (the title", "prose (the agency its first sentence says")):
            ident.agency, ident.agency_from = name, source
    if not ident.agency:
        # "如对本报告有任何疑问，请联系：河北省科技厅办公室": the agency whose office answers for the report
        flat = re.sub(r"\s+", "", body[:6000])
        m = COMPILED_BY.search(flat) or _ASK_OFFICE.search(flat)
        if m:
            office = m.group(1)
            name = re.sub(r"(?:办公室|办公厅|政务公开办|信息公开办)$", "", office) or office
            standing = _office_for(office, body) if re.search(r"公开(?:工作)?(?:领导小组)?办公室$", office) else office
            if standing != office and looks_like_agency(standing):
                name = standing     # a government's standing disclosure office: the government's report
            if re.search(r"人民政府(?:办公室|办公厅)$", office) and (
                    re.search(r"[我本]办(?!法|理|事|公|结|件)", flat) or _OFFICE_AT_WORK.search(flat)):
                # a government office's own report ("我办把…列入日常工作", "区政府办公室紧紧围绕…"),
                # not the government's
                name = office
            if not looks_like_agency(name) and looks_like_agency(office) and re.fullmatch(r"[\u4e00-\u9fff]{1,12}?[省市县区旗州](?:人民)?政府(?!信息|公开)[\u4e00-\u9fff]+(?:小组|委员会)", name):
                # "广元市人民政府重点建设项目领导小组办公室": a government's standing office, the body itself
                name = office
            if looks_like_agency(name):
                ident.agency, ident.agency_from = name, "prose (the office named for questions on the report)"
    if not ident.agency:
        # "根据《条例》要求，由伊宁县人民政府办公室编制": the government whose office compiled it
        m = _COMPILED_AT_START.search(re.sub(r"\s+", "", body[:400]))
        if m:
            name = _office_for(m.group(1), body)
            if looks_like_agency(name):
                ident.agency, ident.agency_from = name, "prose (由…编制)"
    if not ident.agency:
        # "请与宣武区政府大栅栏街道办事处信息公开办公室联系": the 街道 of that district, not its government
        m = _ASK_SUB_AGENCY.search(re.sub(r"\s+", "", body[:6000]))
        if m and looks_like_agency(m.group(1) + m.group(2)):
            ident.agency, ident.agency_from = m.group(1) + m.group(2), \
                "prose (the agency whose unit answers questions on the report)"
    if not ident.agency:
        m = _ASK_AGENCY.search(re.sub(r"\s+", "", body[:6000]))
        if m and looks_like_agency(m.group(1)):
            ident.agency, ident.agency_from = m.group(1), "prose (the agency whose unit answers questions on the report)"
    if not ident.agency and signed:
        ident.agency, ident.agency_from = signed, "signature (落款)"
    if not ident.agency:
        ident.agency, ident.agency_from = _named_in_prose(body)
    # the last resorts, surest first, for a report that names itself nowhere a reader looks
    for finder, source in ((self_named, "prose (the place the report calls 我乡/我镇)"),
                           (zone_named, "prose (the one full name of the zone kind it calls itself by: 投资区)"),
                           (most_named, "prose (the agency it names most often)"),
                           (named_in_own_document, "prose (the title of a document of its own: 《…制度》)"),
                           (self_named_government, "prose (the one government of the kind it calls 本区/我县)")):
        if ident.agency:
            break
        named = finder(body)
        if named:
            ident.agency, ident.agency_from = named, source
    if signed and fuller_name(ident.agency, signed):
        ident.variants.append(ident.agency)
        ident.agency, ident.agency_from = signed, ident.agency_from + ", its full name from the signature (落款)"
    else:
        # a page header naming the agency alone on its line (浑南区国资局 above 区政府国资局's report)
        # or the page's publisher field (发布机构:中山市人力资源和社会保障局 over a title "市人力资源…")
        publishers = [re.sub(r"\s+", "", meta.get(k, "")) for k in ("发布机构", "发文机关", "发布单位", "来源", "信息来源")]
        fuller = next((n for n in standalone_names(body) if fuller_name(ident.agency, n)), "")
        published_by = next((n for n in publishers if n and fuller_name(ident.agency, n)), "")
        if fuller:
            ident.variants.append(ident.agency)
            ident.agency, ident.agency_from = fuller, ident.agency_from + ", its full name from a line naming it alone"
        elif published_by:
            ident.variants.append(ident.agency)
            ident.agency, ident.agency_from = published_by, ident.agency_from + ", its full name from the metadata (发布机构)"
    doubled = re.match(r"^([\u4e00-\u9fff]{3,10}?[省市区县])\1", ident.agency or "")
    if doubled:
        # "北京市大兴区北京市大兴区发展和改革委员会": a template's place printed twice
        ident.variants.append(ident.agency)
        ident.agency = ident.agency[len(doubled.group(1)):]
    if ident.agency:
        # "由广西壮族自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办)编制": the full name of a short one
        defined = re.search(r"([\u4e00-\u9fff]{4,40}?)[（(]以下简称[:：]?[“\"]?" + re.escape(ident.agency) + r"[”\"]?[）)]",
                            re.sub(r"\s+", "", body[:6000]))
        if defined:
            full = re.sub(r"^.*?(?:由|是|经|对|与|请|将)(?=[\u4e00-\u9fff]{4})", "", defined.group(1))
            if looks_like_agency(full) and len(full) > len(ident.agency):
                ident.variants.append(ident.agency)
                ident.agency = full
                ident.agency_from += ", its full name where the report defines the short one (以下简称)"
    if ident.agency and re.fullmatch(r"[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区|镇|乡|苏木)政府", ident.agency):
        # 陇县政府, 钟楼区政府, 帽儿山镇政府: a place's government is its 人民政府, whether or not the report spells it out
        ident.variants.append(ident.agency)
        ident.agency = ident.agency[:-2] + "人民政府"
    if ident.agency:
        official = ident.agency[:-2] + "人民政府"
        if ident.agency.endswith("政府") and not ident.agency.endswith("人民政府") and official in re.sub(r"\s+", "", body):
            # "现公布莫旗政府…年度报告" of a report that prints 莫旗人民政府 too: the government's full name
            ident.variants.append(ident.agency)
            ident.agency = official
        spelled, misread = corrected_spelling(ident.agency, body)
        if misread:
            ident.agency = spelled
            ident.variants.append(misread)
            ident.agency_from += ", spelling as the body prints it"
        government = place_government(ident.agency, body)
        if government != ident.agency:
            ident.variants.append(ident.agency)
            ident.agency = government
            ident.agency_from += " (a place: its people's government)"
        body_of_kind = self_kind_body(ident.agency, body)
        if body_of_kind:
            ident.variants.append(ident.agency)
            ident.agency = body_of_kind
            ident.agency_from += ", the body of the kind it calls itself (我局, 我办) under that place"

    period = period_year(body)
    if period is not None:
        ident.year, ident.year_from = period, "prose (统计期限)"
    elif meta_year is not None:
        ident.year, ident.year_from = meta_year, "metadata line (标题)"
    elif found_year is not None:
        ident.year, ident.year_from = found_year, "title line"
    elif (named_year := _year_in_prose(body)) is not None:
        ident.year, ident.year_from = named_year, "prose (the year its first sentence names)"
    else:
        published = re.search(r"((?:19|20)\d{2})", meta.get("发布时间") or meta.get("发布日期") or meta.get("公开日期")
                              or meta.get("成文日期") or "")
        names = _FILE_YEAR.findall(file_name)
        if published:
            # reports are published early in the next year
            ident.year, ident.year_from = int(published.group(1)) - 1, "metadata line (发布时间, the year before)"
        elif names:
            ident.year, ident.year_from = int(names[0]), "file name"
        elif (named_year := most_named_year(body)) is not None:
            ident.year, ident.year_from = named_year, "prose (the year it names most often)"

    if given_agency:
        if ident.agency and ident.agency != given_agency.strip():
            ident.variants.append(ident.agency)
        ident.agency, ident.agency_from = given_agency.strip(), "given"
    if given_year is not None:
        ident.year, ident.year_from = int(given_year), "given"
    for name in self_names(ident.agency, body):
        if name not in ident.variants:
            ident.variants.append(name)
    ident.variants = [v for v in dict.fromkeys(ident.variants) if v and v != ident.agency]
    return ident
