"""What a question asks: which reports (agency aliases, years) and what
(a table cell, a contact, or a passage)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import lexicon as q
from ingest import lexicon as lx
from ingest.identity import in_order


@dataclass
class Question:
    text: str
    context: str = ""                                      # the previous question, for follow-ups
    agencies: list[str] = field(default_factory=list)      # resolved full names
    ambiguous: list[str] = field(default_factory=list)     # several agencies match one alias
    named_unknown_agency: bool = False
    years: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)          # key stems, e.g. requests.new / appeals.review
    columns: list[str] = field(default_factory=list)
    group: str | None = None                               # @denied … when a whole group is asked
    contact: list[str] = field(default_factory=list)
    is_figure: bool = False
    in_domain: bool = True


_KIND = re.compile(r"(人民政府|政府|街道办事处|办事处|街道|管理委员会|管委会|委员会|委|办公厅|办公室|办|局|厅|中心|镇|乡)$")
_SAME_KIND = {"人民政府": "政府", "街道办事处": "街道", "办事处": "街道", "管理委员会": "管委会", "委员会": "委",
              "办公室": "办"}


def _kind(agency: str) -> str:
    """The kind of body a name ends with (局, 委, 政府 …), its long and short forms as one."""
    m = _KIND.search(agency)
    return _SAME_KIND.get(m.group(1), m.group(1)) if m else ""


def same_sound(a: str, b: str) -> bool:
    """Two characters a pinyin keyboard offers for one syllable (吧/坝, 目/木, 报/保), tones aside."""
    from pypinyin import Style, pinyin

    ra = set(pinyin(a, style=Style.NORMAL, heteronym=True)[0])
    rb = set(pinyin(b, style=Style.NORMAL, heteronym=True)[0])
    return bool(ra & rb) and all(re.fullmatch(r"[a-z]+", r) for r in ra | rb)


_SINGLE_STROKES = set("丶一丿丨亅乚乙㇀㇏")


def looks_alike(a: str, b: str) -> bool:
    """Two characters one stroke apart (沭/沐, 太/大, 戍/戌): what OCR misreads and a
    handwriting keyboard offers. Read from each character's decomposition into parts
    (cjk-semantic-split's data): the same parts but one stroke added, dropped or swapped."""
    from chinese_decompose import decompose

    if a == b:
        return False
    pa, pb = (list(decompose(c, as_tree=True, strict=False)[0].atoms) for c in (a, b))
    if "?" in pa + pb:
        return False
    for x in list(pa):
        if x in pb:
            pa.remove(x)
            pb.remove(x)
    rest = pa + pb
    return 1 <= len(rest) <= 2 and all(r in _SINGLE_STROKES for r in rest) and (len(rest) == 1 or len(pa) == len(pb))


def load_character_tables() -> None:
    """Load pypinyin's readings (0.7 s) and the characters' parts once, at warm-up."""
    same_sound("坝", "吧")
    looks_alike("沭", "沐")


def mistaken_for(a: str, b: str) -> str:
    """How one character is taken for another: "sound" (a pinyin keyboard), "shape" (OCR,
    handwriting) or ""."""
    return "sound" if same_sound(a, b) else "shape" if looks_alike(a, b) else ""


# one body under two names (广州市黄埔区人民政府广州开发区管委会): a government and the zone it runs as one
_JOINT_NAME = re.compile(r"^(.{2,12}?人民政府)([\u4e00-\u9fff]{2,12}?(?:开发区|高新区|新区|园区|保税区|实验区|试验区|示范区|合作区)"
                         r"(?:管委会|管理委员会))$")


def agency_aliases(agency: str) -> set[str]:
    """Short names people use for an agency: 洪泽区政府, 市科委, 规建交局 …, and the same
    without a nationality (临北回族乡 → 临北乡, 孟村回族自治县 → 孟村县), and each name of a
    body that bears two (黄埔区政府, 广州开发区管委会)."""
    plain = lx.without_nationality(agency)
    names = _aliases(agency) | (_aliases(plain) if plain != agency else set())
    joint = _JOINT_NAME.match(agency)
    if joint:
        # (the zone's bare head, 广州, is a city's name: the zone is named with its kind)
        names |= _aliases(joint.group(1)) | {n for n in _aliases(joint.group(2)) if len(n) >= 4}
    return names


def _aliases(agency: str) -> set[str]:
    names = {agency}
    # a report signed 省文化厅 is asked for as 广东文化厅: its name without the bare level
    if re.fullmatch(r"[省市区县][\u4e00-\u9fff]{3,}", agency):
        names.add(agency[1:])
    # vertically managed offices: 国家税务总局南京市税务局 is "南京市税务局" to everyone
    m = re.match(r"^国家[\u4e00-\u9fff]{1,8}?(?:总局|局|署|委员会)(?=[\u4e00-\u9fff]{2,}(?:省|市|区|县))", agency)
    if m:
        agency = agency[m.end():]
        names.add(agency)
    # a national body's branch under a place (中国科学院兰州分院): named from the place on
    # (兰州分院), or with the body abbreviated (中科院兰州分院)
    m = re.match(r"^(中国|国家)([\u4e00-\u9fff]{2}?)([\u4e00-\u9fff]{0,4}?)(院|部|局|总局|委员会)"
                 r"(?=[\u4e00-\u9fff]{2,}(?:分院|分局|分会|研究所|研究院|中心|办事处|站|所))", agency)
    if m and len(agency) - m.end() >= 4:
        names.add(agency[m.end():])
        names.add(m.group(1)[0] + m.group(2)[0] + m.group(4)[0] + agency[m.end():])
    # an autonomous region's bodies are named by their kind of place, as 省 bodies are: 自治区政府办公厅
    region = re.match(r"^[\u4e00-\u9fff]{2,6}?自治区(?=[\u4e00-\u9fff]{3,})", agency)
    if region:
        names.add("自治区" + agency[region.end():])
    # drop the leading place names: 淮安市洪泽区人民政府 → 洪泽区人民政府
    m = re.match(r"^((?:[\u4e00-\u9fff]{2,3}?(?:省|市))?)([\u4e00-\u9fff]{2,6}?(?:市|区|县|州))?(.*)$", agency)
    if m:
        rest_after_city = (m.group(2) or "") + m.group(3)
        names.add(rest_after_city)
        if m.group(2):
            names.add(m.group(3) and (m.group(2) + m.group(3)))
    for n in list(names):
        if n.endswith("人民政府办公厅"):
            names.add(n.replace("人民政府办公厅", "政府办公厅"))
            names.add(n.replace("人民政府办公厅", "市政府办公厅") if not n.startswith("人民") else n)
        if "人民政府" in n:
            names.add(n.replace("人民政府", "政府"))
    for short, full in lx.AGENCY_ABBREVIATIONS + q.AGENCY_SHORT_NAMES:
        for n in list(names):
            if full in n:
                abbreviated = n.replace(full, short)
                names.add(abbreviated)
                names.add(short if len(short) >= 3 else abbreviated)
    # 上海市科学技术委员会 → 市科委; 淮安市人民政府 → 市政府 is too generic to add
    for n in list(names):
        mm = re.match(r"^[\u4e00-\u9fff]{2,3}(市|区|县)(.+)$", n)
        if mm and len(mm.group(2)) >= 2 and not mm.group(2).startswith(("人民政府", "政府")):
            names.add(mm.group(1) + mm.group(2))
            names.add(mm.group(2))
            names.add(n[: mm.start(1)] + mm.group(2))        # 浑南国资局: the place without its level
    # the non-place part of a department: 泉州台商投资区规划建设与交通运输局 → 规划建设与交通运输局
    dept = _department_of(agency, r"局|委员会|委|办公室|厅|中心")
    if dept:
        names.add(dept)
    if agency.endswith("政府") and re.search(r"[省市区县旗州]政府$|人民政府$", agency):
        # (青岛市政府: a report that never prints 人民政府 is its government all the same)
        place = agency[: -len("人民政府" if agency.endswith("人民政府") else "政府")]
        names.add(place)                                   # 洪泽区 / 淮安市
        names.add(place + "人民政府")
        local = re.sub(r"^[\u4e00-\u9fff]{2,3}?市(?=[\u4e00-\u9fff]{2,}[区县])", "", place)
        names.add(local)
        # the bare name people write: 洪泽2023, 淮安2024 (a department after it is another agency)
        bare = bare_place(agency)
        if bare:
            names.add(bare)
    if agency.endswith(("人民政府办公厅", "人民政府办公室")):
        names.add(agency[:-len("人民政府办公厅")] + "府" + agency[-3:])  # 上海市府办公厅
        names.add(agency[:-len("人民政府办公厅")] + "府办")             # 上海市府办
    if agency.endswith("人民政府办公厅"):
        names.add(agency.replace("人民政府办公厅", "政府"))    # 上海市政府 publishes through 办公厅
        names.add(agency[: -len("人民政府办公厅")])             # 上海市
        names.add(agency.replace("人民政府办公厅", "人民政府"))
    # places written bare, and the city's bare name before the rest: 江宁教育局, 淮安洪泽区,
    # 南京江宁教育局 (longest alias wins, so the district is named, not the city beside it)
    places = re.match(r"^([\u4e00-\u9fff]{2,3}?)市(?:([\u4e00-\u9fff]{2,6}?)([区县]))?", agency)
    if places and places.group(2):
        city, district = places.group(1), places.group(2)
        names |= {n.replace(district + places.group(3), district) for n in names}
        names |= {city + n for n in names if not n.startswith(city)}
    names |= zone_aliases(agency)
    names |= township_aliases(agency)
    if re.fullmatch(r"[\u4e00-\u9fff]{2,6}(?:地区|盟)(?:行政公署|行署)?", agency):
        # 大兴安岭地区, 锡林郭勒盟: the prefecture by its place alone, and by its 行署
        place = re.sub(r"(?:地区|盟)(?:行政公署|行署)?$", "", agency)
        names |= {place, place + ("地区" if "地区" in agency else "盟"), place + "行署"}
    # a zone's sub-area run by its own 管理局 (平潭综合实验区海坛片区管理局): people name the area
    sub = re.search(r"(?<=[区市县])([\u4e00-\u9fff]{2}(?:片区|园区|管理区|新区))(管理局|管委会|管理委员会)$", agency)
    if sub:
        names |= {sub.group(1), sub.group(1) + sub.group(2)}
    dept = _department_of(agency)
    if dept:
        # a two-character line of work (公安局) is its own short form: 平潭公安
        shorts = department_abbreviations(dept) | ({dept} if len(dept) == 3 else set())
        names |= {n[: len(n) - len(dept)] + a for n in list(names) if n.endswith(dept) for a in shorts}
        # 咸宁人防, 咸宁市人防: an abbreviation after its place, its kind dropped as people do
        place = agency[: len(agency) - len(dept)]
        bare_places = {place, re.sub(r"[省市区县]$", "", place)} - {""}
        names |= {p + a for p in bare_places for a in shorts if len(p) >= 2}
        names |= {p + a[:-1] for p in bare_places for a in shorts
                  if a.endswith(("局", "办", "委")) and len(a) >= 3 and len(p) >= 2}
        names |= {n[:-1] for n in list(names) for a in shorts      # 平潭公安局 → 平潭公安
                  if n.endswith(a) and len(n) - len(a) >= 2 and a.endswith(("局", "办", "委")) and len(a) >= 3}
    # a department of a zone's 管委会 is the zone's (郑州高新技术产业开发区管委会城市管理局: 郑州高新区城市管理局)
    names |= {re.sub(r"(?:管委会|管理委员会)(?=[\u4e00-\u9fff]{2,}(?:局|办公室|办|中心|委员会)$)", "", n) for n in names}
    # 经济(技术)开发区 is said 经开区, 高新技术产业开发区 高新区: 旌德经开区, 旌德经开区管委会
    names |= {re.sub(r"经济(?:技术)?开发区", "经开区", re.sub(r"高新技术产业开发区", "高新区", n)) for n in names}
    # a department's branch named by its own place (深圳市市场监督管理局龙华监管局): 龙华监管局, 龙华局
    branch = re.search(r"(?:局|委员会|委)([\u4e00-\u9fff]{2,3}?)((?:监管|管理|分)?局|分局|支队|大队)$", agency)
    if branch and len(agency) > len(branch.group(0)) + 2:
        names |= {branch.group(1) + branch.group(2), branch.group(1) + "局"}
    return {n for n in names if n and _specific(n)}


# Zones run by a 管委会 (综合实验区, 开发区, 高新区, 管理区 …): people name them by their first
# two characters (平潭), by a shorter kind (平潭实验区) or by the 管委会 that runs them, with or
# without the city above them (荣成市人民政府石岛管理区管委会 is 石岛管理区, 荣成石岛管理区).
_ZONE_KINDS = r"(?:实验区|试验区|开发区|高新区|新区|示范区|合作区|保税区)"
_OTHER_ZONE_KINDS = r"(?:管理区|工业园区|产业园区|园区|经济区|旅游区|度假区|港区|景区)"
_ZONE_NAME = re.compile(rf"^([\u4e00-\u9fff]{{2}})([\u4e00-\u9fff]{{0,4}}?(?:{_ZONE_KINDS}|{_OTHER_ZONE_KINDS}))")
_ABOVE_ZONE = re.compile(r"^((?:[\u4e00-\u9fff]{2,6}?(?:省|自治区|自治州|市|州|地区|盟|县|旗))+)(?:人民政府)?")


def zone_aliases(agency: str) -> set[str]:
    above = _ABOVE_ZONE.match(agency)
    own = agency[above.end():] if above else agency
    m = _ZONE_NAME.match(own)
    if not m or (above and own == agency):
        return set()
    head, zone = m.group(1), m.group(1) + m.group(2)
    rest = own[len(zone):]
    kind = re.sub(rf"^.*?({_ZONE_KINDS}|{_OTHER_ZONE_KINDS})$", r"\1", m.group(2))
    kinds = {zone, head + kind} | ({head, head + "区"} if re.fullmatch(_ZONE_KINDS, kind) else set())
    if not rest:
        names = kinds | {k + "管委会" for k in kinds} | {zone + "管理委员会"}
    else:
        names = {k + rest for k in kinds}
        if rest in ("管委会", "管理委员会"):
            names |= kinds | {zone + "管委会", zone + "管理委员会"}
    if above:
        places = re.findall(r"[\u4e00-\u9fff]{2,6}?(?:省|自治区|自治州|市|州|地区|盟|县|旗)", above.group(1))
        city = places[-1]
        names |= {p + n for n in names if len(n) > 2 for p in (city, re.sub(r"[省市县州旗盟]$", "", city))}
    return names


_LEVEL_PLACE = r"[\u4e00-\u9fff]{2,6}?(?:省|自治区|自治州|自治县|市|州|地区|盟|县|旗|区)"
# (a zone's town, 重庆市万盛经济技术开发区关坝镇: the zone stands among its places)
_ZONE_PLACE = r"[\u4e00-\u9fff]{2,10}?(?:经济技术开发区|开发区|高新区|新区|园区|示范区|经开区|试验区|实验区)"
_TOWNSHIP = re.compile(rf"^(?P<places>(?:{_ZONE_PLACE}|{_LEVEL_PLACE})*)(?:人民政府)?(?P<unit>[\u4e00-\u9fff]{{2,6}}?(?:街道|镇|乡|苏木))"
                       r"(?P<kind>人民政府|政府|办事处|党工委|)$")


def township_aliases(agency: str) -> set[str]:
    """A township or street office under the places above it (遂溪县建新镇人民政府,
    桦甸市人民政府新华街道办事处, 韶关市武江区龙归镇人民政府) is named by its own name,
    with or without its kind, after any of those places, with or without their level:
    建新镇, 建新镇政府, 遂溪建新镇, 新华街道办, 桦甸新华街道, 武江区龙归镇."""
    m = _TOWNSHIP.match(agency)
    if not m:
        return set()
    unit = m.group("unit")
    units = {unit, unit + "政府", unit + "人民政府"} if not unit.endswith("街道") else \
        {unit, unit + "办", unit + "办事处", unit[:-2] + "街道办事处", unit[:-1]}   # 江南中街, 金桥街
    places = re.findall(rf"{_ZONE_PLACE}|{_LEVEL_PLACE}", m.group("places"))
    forms = [{p} | ({p[:-1]} if len(p) >= 3 and p[-1] in "省市县区旗州盟" else set()) for p in places]
    prefixes = {""}
    for i in range(len(forms)):
        # any one place above it, or the places from there down
        prefixes |= forms[i]
        tail = [""]
        for f in forms[i:]:
            tail = [t + x for t in tail for x in f]
        prefixes |= set(tail)
    return {pre + u for pre in prefixes for u in units}


def _department_of(name: str, kinds: str = r"局|委员会|厅|办公室") -> str:
    """The department words after the last place in a name: 交通与建设局 in
    平潭综合实验区交通与建设局, 民族与宗教事务局 in 莆田市民族与宗教事务局, 管委会办公室 in
    平潭综合实验区管委会办公室. A level character that begins a word (市场, 区域) is no place's end."""
    for i in range(len(name) - 1, -1, -1):
        if name[i] in "省市区县州" and not _begins_word(name[i:i + 2]):
            rest = name[i + 1:]
            m = re.fullmatch(rf"([\u4e00-\u9fff]{{2,10}}?)(?:{kinds})", rest)
            ok = m and m.group(1) not in _GENERIC_WORDS and not rest.startswith(("人民政府", "政府"))
            return rest if ok else ""
    return ""


def _begins_word(pair: str) -> bool:
    """Whether two characters are a common word of the segmenter's dictionary (市场, 区域, 市政)."""
    import jieba

    from ingest.words import JIEBA_LOCK as _jieba_lock

    with _jieba_lock:
        jieba.dt.check_initialized()
        return (jieba.get_FREQ(pair) or 0) >= 100


# words too common to name a department alone (行政局, 管理局 name no one)
_GENERIC_WORDS = {"行政", "地方", "管理", "事务", "综合", "国有", "公共", "服务", "工作", "人民"}


def department_words(dept: str) -> tuple[list[list[str]], str] | None:
    """A department's words, by the names 与/和/及 join, and its kind's short form:
    旅游与文化体育局 → ([旅游], [文化 体育]), 局. Words are two characters. None when the
    name does not split so."""
    m = re.match(r"^([\u4e00-\u9fff]+?)(局|委员会|厅|办公室)$", dept)
    if not m:
        return None
    core, kind = m.group(1), m.group(2)
    parts = [p for p in re.split(r"[与和及]", core) if p]
    if not parts or any(len(p) % 2 for p in parts):
        return None
    short_kind = "委" if kind == "委员会" else ("办" if kind == "办公室" else kind)
    return [[p[i:i + 2] for i in range(0, len(p), 2)] for p in parts], short_kind


def department_abbreviations(dept: str) -> set[str]:
    """How a department's long name is shortened: the first character of each
    word (交通与建设局 → 交建局, 经济发展局 → 经发局, 地方税务局 → 地税局, 国有资产管理局 →
    国资局), the first word or the last (交通局, 审批局). Words are two characters;
    与/和 join two names."""
    m = re.match(r"^([\u4e00-\u9fff]+?)(局|委员会|厅|办公室)$", dept)
    if not m:
        return set()
    core, kind = m.group(1), m.group(2)
    short_kind = "委" if kind == "委员会" else ("办" if kind == "办公室" else kind)
    parts = [p for p in re.split(r"[与和及]", core) if p]
    out: set[str] = set()
    if len(parts) == 2 and all(len(p) >= 2 for p in parts):
        words = [parts[0][:2], parts[1][:2]]
        out |= {parts[0][0] + parts[1][0] + short_kind, "".join(parts) + kind}   # 交建局, 交通建设局
        # 人口和计划生育局 → 计生局: a four-character part shortened by its words' first characters
        # (beside a two-character one: 规划建设与交通运输局 is 规建交局, not 规建局 or 交运局)
        out |= {p[0] + p[2] + short_kind for p in parts if len(p) == 4 and min(map(len, parts)) == 2}
        every = [p[i:i + 2] for p in parts for i in range(0, len(p), 2)]
        if len(every) >= 3 and all(len(p) % 2 == 0 for p in parts):
            out.add("".join(w[0] for w in every) + short_kind)                   # 旅游与文化体育局 → 旅文体局
    elif len(parts) == 1 and len(core) >= 4 and len(core) % 2 == 0:
        words = [core[i:i + 2] for i in range(0, len(core), 2)]
        if words[-1] == "管理" and len(words) >= 3:      # 国有资产管理局 → 国资局
            words = words[:-1]
        out.add(words[0][0] + words[1][0] + short_kind)
        # 文化广电新闻出版局 → 文广局, 文广新局: the first characters of its first words
        out |= {"".join(w[0] for w in words[:k]) + short_kind for k in range(3, len(words) + 1)}
        if len(words) == 2 and words[-1] not in _GENERIC_WORDS and kind != "委员会":
            out.add(words[-1] + short_kind)            # 行政审批局 → 审批局
    else:
        return out
    if len(words) == 2 and words[0] not in _GENERIC_WORDS and kind != "委员会":
        out.add(words[0] + short_kind)                 # 交通与建设局 → 交通局
    return {a for a in out if a != dept and len(a) >= 3}


def bare_place(agency: str) -> str | None:
    """洪泽 for 淮安市洪泽区人民政府, 淮安 for 淮安市人民政府, 青海 for 青海省人民政府: a government's
    place without its level."""
    if not agency.endswith("政府"):
        return None
    # (青岛市政府: a report that never prints 人民政府 is its government all the same)
    place = re.sub(r"^[\u4e00-\u9fff]{2,3}?市(?=[\u4e00-\u9fff]{2,}[区县])", "",
                   agency[: -len("人民政府" if agency.endswith("人民政府") else "政府")])
    # (青海 for 青海省人民政府, 广西 for 广西壮族自治区人民政府: a province by its name alone)
    bare = re.sub(r"(?:壮族|回族|维吾尔)?自治区$|[省市区县]$", "", place)
    return bare if len(bare) >= 2 and bare != place else None


def level_aliases(agency: str) -> set[str]:
    """市政府, 区政府, 县政府办, 市政府办公厅 …: an agency named by its level alone."""
    out = set()
    m = re.search(r"(省|市|区|县|镇|乡)人民政府(办公厅|办公室)?$", agency)
    if m:
        level, office = m.group(1), m.group(2)
        if office:  # 市府办公厅, 市府办: how staff write it
            out |= {f"{level}政府{office}", f"{level}人民政府{office}", f"{level}政府办", f"{level}府{office}",
                    f"{level}府办"}
        else:
            out |= {f"{level}政府", f"{level}人民政府"}
    # a zone by its kind alone ("保税区22年收到多少申请"): it, when the store holds no other such zone
    z = re.search(r"(保税区|高新区|开发区|自贸区|试验区|实验区)(?:管委会|管理委员会)?$", agency)
    if z:
        out |= {z.group(1), z.group(1) + "管委会"} | ({"经开区", "经开区管委会"} if agency.endswith(
            ("经济技术开发区", "经济技术开发区管委会", "经济技术开发区管理委员会")) else set())
    return out


_GENERIC_PARTS = re.compile(r"人民政府|政府|办公厅|办公室|府办|^(?:省|市|区|县)")


def _specific(alias: str) -> bool:
    """An alias must name someone: 人民政府 or 市政府 alone names every government."""
    # (管委会 alone, left of a zone's 管理委员会, names every zone)
    return len(_GENERIC_PARTS.sub("", alias)) >= 2 and alias not in ("管委会", "管理委员会", "委员会")


def _mistaken(window: str, alias: str) -> bool:
    """The one character where the two differ is one taken for the other (by sound or shape)."""
    return any(a != b and mistaken_for(a, b) for a, b in zip(window, alias))


class AgencyIndex:
    """Resolves the agencies named in a question against those in the store."""

    def __init__(self, agencies: list[str], variants: dict[str, set[str]] | None = None):
        """``variants``: other names reports give an agency (平潭县地税局, a misread
        spelling, a short name a title used): each names it, with its own short forms."""
        self.agencies = sorted(set(agencies))
        # every two characters of each agency's name → the agencies carrying them (a place glued to an alias)
        self._name_bigrams: dict[str, set[str]] = {}
        for a in self.agencies:
            for k in range(len(a) - 1):
                self._name_bigrams.setdefault(a[k:k + 2], set()).add(a)
        self._every_bigram: dict[str, set[str]] | None = None   # built on first use (one_character_off)
        self._initials: dict[str, tuple] | None = None   # built on first use (resolve_reordered)
        self.alias_map: dict[str, set[str]] = {}
        for a in self.agencies:
            for alias in agency_aliases(a):
                self.alias_map.setdefault(alias, set()).add(a)
            for v in (variants or {}).get(a, ()):
                for alias in agency_aliases(v) | {v}:
                    if _specific(alias):
                        self.alias_map.setdefault(alias, set()).add(a)
        for alias, owners in self.alias_map.items():
            if alias in self.agencies and alias in owners:
                self.alias_map[alias] = {alias}            # a full name names only its agency
            elif len(owners) > 1:
                # 上海市政府 stands for 上海市人民政府 itself when it is in the store, not its 办公厅
                govs = {o for o in owners if o.endswith("人民政府")}
                if len(govs) == 1 and all(o in govs or o == next(iter(govs)) + "办公厅" for o in owners):
                    self.alias_map[alias] = govs
        # a government's names for the report of its office (抚宁区政府, 抚宁区 → 抚宁区人民政府办公室)
        # when the store holds no report of that government itself
        for a in self.agencies:
            m = re.match(r"^(.+?人民政府)(?:办公室|办公厅)$", a)
            if m and m.group(1) not in self.agencies:
                for alias in agency_aliases(m.group(1)):
                    if alias not in self.alias_map:
                        self.alias_map[alias] = {a}
        self._aliases = sorted(self.alias_map, key=len, reverse=True)
        # An alias can occur in a question only where its first two characters
        # do; looking aliases up by them keeps a question's cost near constant
        # as the store grows (10,000 agencies: ~50,000 aliases to try otherwise).
        self._by_bigram: dict[str, list[int]] = {}
        for i, alias in enumerate(self._aliases):
            self._by_bigram.setdefault(alias[:2], []).append(i)
        # resolve_fuzzy needs 3 of an agency's distinctive characters in the question
        self._by_char: dict[str, dict[int, int]] = {}
        for i, a in enumerate(self.agencies):
            for ch in a:
                if ch not in _GENERIC_CHARS:
                    per = self._by_char.setdefault(ch, {})
                    per[i] = per.get(i, 0) + 1
        self._bare = {b for b in map(bare_place, self.agencies) if b}
        # 区政府 / 市政府办公厅 name an agency only by its level: resolved when the store
        # holds one such agency, asked back when several, and never inside 南京市政府
        self.level_map: dict[str, set[str]] = {}
        for a in self.agencies:
            for alias in level_aliases(a):
                self.level_map.setdefault(alias, set()).add(a)

    def canonical(self, name: str) -> str | None:
        """The known agency this name is another name of (河北省科技厅 → 河北省科学技术厅),
        None when it is a known agency itself, or no one's, or several agencies'."""
        if name in self.agencies:
            return None
        owners = self.alias_map.get(name, set())
        if len(owners) == 1:
            return next(iter(owners))
        if owners:
            return None
        # the other way round: a fuller name (沈阳市浑南区国有资产管理局) of a known agency filed by
        # its short name (浑南区国资局), the same kind of body, is that agency
        shorter = [a for a in agency_aliases(name) if a in self.agencies and _kind(a) == _kind(name)]
        return shorter[0] if len(shorter) == 1 else None

    @property
    def aliases(self) -> list[str]:
        """Every alias, longest first."""
        return self._aliases

    def aliases_in(self, text: str) -> list[str]:
        """The aliases that may occur in this text (every one that does, and
        some that only share a first two characters with it), longest first."""
        t = re.sub(r"\s+", "", text)
        places = sorted({i for k in range(len(t) - 1) for i in self._by_bigram.get(t[k:k + 2], ())})
        return [self._aliases[i] for i in places]

    def resolve_level(self, text: str) -> tuple[list[str], list[str]]:
        t = re.sub(r"\s+", "", text)
        for alias in sorted(self.level_map, key=len, reverse=True):
            for m in re.finditer(re.escape(alias), t):
                if m.start() == 0 or re.match(r"[\d年，,。？?！!：:、问查看询咨找个嗯啊呢的]", t[m.start() - 1]):
                    owners = sorted(self.level_map[alias])
                    return (owners, []) if len(owners) == 1 else ([], owners)
        return [], []

    def unknown_subunit(self, text: str) -> bool:
        """"淮安市清江浦区…", "淮安市公安局…": a known place alias directly followed
        by a place or a department the store lacks. "淮安市和洪泽区" names two known places, not a sub-unit;
        "滑县县政府办公室" names the place's own government's office (its level said again)."""
        t = re.sub(r"\s+", "", text)
        in_text = self.aliases_in(t)
        for alias in in_text:
            if not re.search(r"[省市区县]$", alias) and alias not in self._bare:
                continue
            i = t.find(alias)
            if i < 0:
                continue
            rest = t[i + len(alias):]
            if re.match(r"(?:人民)?(?:政府)?(?:政务|信息|政府信息)公开(?:工作)?(?:领导小组)?(?:办公室|办)", rest) and \
                    any(o.endswith("人民政府") for o in self.alias_map.get(alias, ())):
                continue    # "同心县政务公开办公室": the place's government's own disclosure office
            # (a known agency's alias after it, when that agency is of this place: 平潭 + 公安局)
            if any(rest.startswith(a) and any(in_order(alias, o) for o in self.alias_map[a]) for a in in_text):
                continue
            m = re.match(r"([\u4e00-\u9fff]{2,4}?(?:区|县|镇|街道))", rest) or \
                re.match(r"(?![省市区县镇乡]?(?:人民政府|政府|府))([\u4e00-\u9fff]{1,8}?(?:局|委员会|委|办公室|厅|中心))", rest)
            # ("滑县各乡镇和部门": all of its towns, no one sub-unit; "阜阳市对各县市区…考评": what the place does)
            if m and not re.match(r"[和与及跟同或、的对在向于把将为从是有给共已]|各|全|所有|下属|辖", rest) and \
                    not any(a in t and len(a) > len(alias) for a in in_text if alias in a):
                return True
        return False

    def resolve(self, text: str) -> tuple[list[str], list[str]]:
        """(agencies named, ambiguous candidates). Longest aliases win."""
        t = re.sub(r"\s+", "", text)
        found: list[str] = []
        ambiguous: list[str] = []
        covered = [False] * len(t)
        for alias in self.aliases_in(t):
            start = t.find(alias)
            while start >= 0:
                if not any(covered[start:start + len(alias)]) and \
                        not _other_place_before(t, start, alias, self.alias_map[alias]) and \
                        not self._glued_to_another(t, start, self.alias_map[alias]):
                    for i in range(start, start + len(alias)):
                        covered[i] = True
                    owners = _narrowed(sorted(self.alias_map[alias]), t, alias)
                    if len(owners) == 1:
                        # "平潭市场监管局": the place written before a department's short name is its
                        # own place, not the place's government as a second agency
                        k = start
                        while k > 0 and not covered[k - 1] and t[k - 1:start] in owners[0]:
                            k -= 1
                        if start - k >= 2:
                            for i in range(k, start):
                                covered[i] = True
                        if owners[0] not in found:
                            found.append(owners[0])
                    else:
                        ambiguous.extend(o for o in owners if o not in ambiguous)
                start = t.find(alias, start + 1)
        if found:
            ambiguous = [a for a in ambiguous if a not in found] if not any(a in found for a in ambiguous) else []
        return found, ambiguous

    def _glued_to_another(self, t: str, start: int, owners: set[str]) -> bool:
        """"道县文化广电新闻出版局" is not 通州's 文化广电新闻出版局, "通州文广新局" not 道县's
        文广新局: the two characters before the alias name a place another stored agency
        carries and none of the alias's owners does."""
        before = t[max(0, start - 2):start]
        if len(before) < 2 or any(ch in _NOT_IN_PLACE_NAMES or not "\u4e00" <= ch <= "\u9fff" for ch in before):
            return False
        carriers = self._name_bigrams.get(before, set())
        others = carriers - owners
        if others and re.match(_LEVEL_PLACE, t[start:]) and all(
                re.match(r"(?:省|市|自治区)?" + _LEVEL_PLACE, o[o.find(before) + 2:]) for o in others):
            # "上海金山区" beside a stored 上海市黄浦区…: 上海 encloses places of their own (黄浦区, 金山区),
            # no rival to the one named after it
            return False
        return bool(others) and not any(before in o for o in owners)

    def resolve_fuzzy(self, text: str) -> list[str]:
        """An agency named loosely: 台商投资区规建局, 上海科委 — the question holds,
        in order, enough of one agency's own characters (its place or its line of
        work, not just 人民政府 or 局) and ends where the agency's name ends. Used
        only when no alias matched; several candidates resolve nothing."""
        t = re.sub(r"\s+", "", text)
        shared: dict[int, int] = {}
        for ch in set(t):
            for i, n in self._by_char.get(ch, {}).items():
                shared[i] = shared.get(i, 0) + n
        hits = [self.agencies[i] for i in sorted(shared) if shared[i] >= 3 and _loosely_names(t, self.agencies[i])]
        # a place the question names that another agency carries and this one does not (道县… is not 通州's)
        places = {t[k:k + 2] for k in range(len(t) - 1) if t[k + 1] in "省市区县" and t[k] not in _NOT_IN_PLACE_NAMES}
        hits = [h for h in hits if not any(p not in h and self._name_bigrams.get(p, set()) - {h} for p in places)]
        return hits if len(hits) == 1 else []

    def resolve_by_name_part(self, text: str) -> list[str]:
        """"东疆综保区" of 天津东疆综合东疆综保区管理委员会: the longest run of the question that one
        stored name alone holds, four characters or more, three of them its own (not 人民政府 or 局).
        Used only when nothing else resolved; runs found in two names resolve nothing."""
        t = re.sub(r"\s+", "", text)
        joined = "\n".join(self.agencies)
        found: set[str] = set()
        i = 0
        while i < len(t) - 3:
            j = i + 4
            while j <= len(t) and t[i:j] in joined:
                j += 1
            span = t[i:j - 1]
            if len(span) >= 4:
                owners = [a for a in self.agencies if span in a]
                if len(owners) == 1 and sum(c not in _GENERIC_CHARS for c in span) >= 3 and \
                        not _other_place_before(t, i, span, set(owners)):
                    found.add(owners[0])
                i += len(span)
            else:
                i += 1
        return sorted(found) if len(found) == 1 else []

    def one_character_off(self, text: str, last_too: bool = False) -> tuple[str, str] | None:
        """(what the question wrote, the agency) when the question names a stored agency's
        alias with one character different (沭阳县政府 for 沐阳县人民政府's 沐阳县政府) and
        only one agency is that close; None otherwise."""
        near = self._near(text, last_too)
        return (near[0], near[1]) if near else None

    def mistyped(self, text: str) -> tuple[str, str, str] | None:
        """(what the question wrote, the stored name it was meant for, "sound" or "shape") when
        the one character it gets wrong is one taken for the right one: offered by a pinyin
        keyboard for the same sound (亭子吧镇 for 亭子坝镇, 伊敏苏目 for 伊敏苏木), or one stroke
        apart (沭阳 and 沐阳: OCR misreads one, a handwriting keyboard offers the other). Any
        other character (泗阳 for 沭阳) names another place: pointed out, never taken."""
        near = self._near(text, last_too=True)   # 伊敏苏目: a kind typed by its sound is still it
        if not near:
            return None
        window, _, alias = near
        wrote, meant = next((a, b) for a, b in zip(window, alias) if a != b)
        how = mistaken_for(wrote, meant)
        return (window, alias, how) if how else None

    def _near(self, text: str, last_too: bool) -> tuple[str, str, str] | None:
        """(the question's window, the one agency it is near, the alias it differs from by one character)."""
        t = re.sub(r"\s+", "", text)
        if self._every_bigram is None:
            # only a question naming no agency gets here
            self._every_bigram = {}
            for alias in self.alias_map:
                if len(alias) >= 3:
                    for k in range(len(alias) - 1):
                        self._every_bigram.setdefault(alias[k:k + 2], set()).add(alias)
                    if len(alias) <= 4:   # a longer name keeps a bigram whichever one character is wrong
                        for k in range(len(alias) - 2):
                            self._every_bigram.setdefault(alias[k] + "_" + alias[k + 2], set()).add(alias)
        # a character wrong inside a short name (医报局 for 医保局) leaves no bigram: pairs across one gap
        candidates = {a for k in range(len(t) - 1) for a in self._every_bigram.get(t[k:k + 2], ())} | \
            {a for k in range(len(t) - 2) for a in self._every_bigram.get(t[k] + "_" + t[k + 2], ())}
        near: dict[str, tuple[str, str]] = {}
        for alias in sorted(candidates, key=lambda a: (-len(a), a)):
            for k in range(len(t) - len(alias) + 1):
                window = t[k:k + len(alias)]
                diff = [i for i, (a, b) in enumerate(zip(window, alias)) if a != b]
                # the last character is the kind (镇 / 乡): another kind is another body
                if len(diff) == 1 and "\u4e00" <= window[diff[0]] <= "\u9fff" and (last_too or diff[0] < len(alias) - 1):
                    for owner in self.alias_map[alias]:
                        # 医报局 is one character off both 医保局 and 医疗局: the one it sounds like
                        if owner not in near or (mistaken_for(window[diff[0]], alias[diff[0]]) and
                                                 not _mistaken(*near[owner])):
                            near[owner] = (window, alias)
        if len(near) != 1:
            return None
        owner, (window, alias) = next(iter(near.items()))
        return window, owner, alias

    def resolve_reordered(self, text: str) -> list[str]:
        """文旅局 for 旅游与文化体育局: a short name made of the first characters of some of a
        department's words, in another order than the name's (people say 文旅 whatever the
        order of the words). Only when exactly one stored agency's words give it."""
        if self._initials is None:
            self._initials = {}
            for a in self.agencies:
                got = department_words(_department_of(a) or a)
                if got and sum(map(len, got[0])) >= 3:
                    # a name joining two (规划建设与交通运输局) is shortened from both: 规建局 is another body's
                    parts = [{w[0] for w in words} for words in got[0]]
                    self._initials[a] = (set().union(*parts), got[1], parts)
        t = re.sub(r"\s+", "", text)
        found: set[str] = set()
        for k, ch in enumerate(t):
            for n in (2, 3):
                short = t[max(0, k - n):k]
                if len(short) < n or len(set(short)) < n:
                    continue
                found |= {a for a, (initials, kind, parts) in self._initials.items()
                          if t.startswith(kind, k) and set(short) <= initials and all(set(short) & p for p in parts)}
        return sorted(found) if len(found) == 1 else []

    def resolve_abbreviated(self, text: str) -> list[str]:
        """"道县文化广电新闻出版局" for a report that names itself 道县文广新局: the question's
        department spelled out, abbreviated as people do, after the place it names."""
        t = re.sub(r"\s+", "", text)
        found: list[str] = []
        for m in re.finditer(r"[\u4e00-\u9fff]{5,16}?(?:局|委员会|厅|办公室)", t):
            span = m.group()
            for i in range(len(span) - 4):
                place, dept = span[:i], span[i:]
                for short in department_abbreviations(dept):
                    owners = self.alias_map.get(place + short, set()) if place else set()
                    if len(owners) == 1 and next(iter(owners)) not in found:
                        found.append(next(iter(owners)))
        return found if len(found) == 1 else []


def _narrowed(owners: list[str], t: str, alias: str) -> list[str]:
    """An alias several agencies share (交通局): the one whose place the question
    also names (泉州台商区…交通局, not 平潭…), when exactly one is named so."""
    if len(owners) < 2:
        return owners
    rest = t.replace(alias, "")
    score = {o: len({ch for ch in o[:4] if ch not in _GENERIC_CHARS and ch in rest}) for o in owners}
    best = max(score.values())
    top = [o for o in owners if score[o] == best]
    return top if best >= 2 and len(top) == 1 else owners


_NOT_IN_PLACE_NAMES = set("问查看询咨找的了在是和与及跟同或、，。？！,.?!从向对给把被年度里中请")
_GENERIC_CHARS = set("人民政府办公厅室委员会局省市区县")


def _other_place_before(t: str, start: int, alias: str, owners: set[str]) -> bool:
    """"北京市科委" is not 上海市科委: the alias is glued to a place name its
    agency does not carry."""
    if alias[0] in "省市区县":
        before = t[max(0, start - 2):start]
        place = before + alias[0]
    elif start >= 3 and t[start - 1] in "省市区县":
        before = t[start - 3:start - 1]
        place = t[start - 3:start]
    else:
        return False
    if len(before) < 2 or any(ch in _NOT_IN_PLACE_NAMES or not "\u4e00" <= ch <= "\u9fff" for ch in before):
        return False
    if before in ("全市", "本市", "我市", "该市", "全区", "本区", "我区", "该区", "全县", "本县"):
        return False
    if all(o[0] in "省市区县" or not re.match(_LEVEL_PLACE, o) for o in owners):
        # "广东省文化厅" and a report that names itself only 省文化厅, "绥滨县连生乡" and one that
        # names itself 连生乡人民政府: no other place is named
        return False
    rank = {"省": 0, "市": 1, "区": 2, "县": 2}
    if all((first := re.match(_LEVEL_PLACE, o)) and rank.get(first.group(0)[-1], 0) > rank[place[-1]]
           and not re.search(rf"[{place[-1]}{'省' if place[-1] == '市' else ''}]", first.group(0)[:-1] or "") for o in owners):
        # "沈阳市大东区人民政府" of a report that names itself 大东区人民政府: the place above
        # its own, which its name does not carry, is where it is, not another agency's place
        return False
    return not any(place in o or place[:-1] in o or t[max(0, start - 4):start] in o for o in owners)


def placed_for_placeless(text: str, agency: str) -> str:
    """"广东省文化厅" asked of a report that names itself only 省文化厅: the place the
    question adds ("广东"), so the answer can say the report does not print it."""
    if agency[:1] not in "省市区县" and re.match(_LEVEL_PLACE, agency):
        return ""
    # the place before the name, with its level (广东省文化厅) or without (广东文化厅)
    if agency[:1] in "省市区县":
        m = re.search(rf"([\u4e00-\u9fff]{{2,6}}?)(?:{re.escape(agency)}|{re.escape(agency[1:])})", re.sub(r"\s+", "", text))
    else:
        # "绥滨县连生乡" of a report that names itself 连生乡人民政府: the place with its level, glued before
        own = re.sub(r"(?:人民政府|政府|办事处)$", "", agency)
        m = re.search(rf"([\u4e00-\u9fff]{{2}}(?:县|市|区|旗)){re.escape(own)}", re.sub(r"\s+", "", text))
    return m.group(1) if m and not re.search(r"[的了在是和与及年]", m.group(1)) else ""


def _loosely_names(t: str, agency: str) -> bool:
    ends = {agency[-1]}
    if agency.endswith("委员会"):
        ends.add("委")
    if agency.endswith(("办公室", "办公厅")):
        ends.add("办")
    distinctive = {ch for ch in agency if ch not in _GENERIC_CHARS}
    i = 0
    while i < len(t):
        ch = t[i]
        if ch not in agency or ch in _GENERIC_CHARS:
            i += 1
            continue
        # the longest run from i whose characters appear in the agency's name in order
        pos, j = agency.index(ch) + 1, i + 1
        while j < len(t):
            k = agency.find(t[j], pos)
            if k < 0:
                break
            pos, j = k + 1, j + 1
        span = t[i:j]
        while span and span[-1] not in ends:
            span = span[:-1]
        if len(span) >= 4 and sum(1 for c in span if c in distinctive) >= 3 and \
                not _other_place_before(t, i, span, {agency}):
            return True
        i = j  # a run's tail is not a new start: 北京市科学… must not match from 学
    return False


def _template_words() -> str:
    """Every label, column name and lexicon word of the tables, as one string."""
    words = list(lx.REQUEST_ROW_LABELS.values()) + list(lx.REQUEST_COLUMN_NAMES.values()) + \
        list(lx.APPEAL_GROUP_NAMES.values()) + list(lx.APPEAL_COLUMN_NAMES.values()) + \
        list(lx.PROACTIVE_ROW_NAMES.values()) + list(lx.PROACTIVE_COLUMN_NAMES.values())
    for pattern, _ in q.REQUEST_ROW_WORDS + q.REQUEST_COLUMN_WORDS + q.APPEAL_GROUP_WORDS + \
            q.APPEAL_COLUMN_WORDS + q.PROACTIVE_ROW_WORDS:
        words.extend(re.sub(r"\(\?[:!<=]+|[()\[\]?*+.{}\d,^$\\]", " ", pattern).split("|"))
    return " ".join(words)


_TEMPLATE_WORDS = _template_words()


def unexplained_terms(terms: list[str], agencies: list[str] = ()) -> list[str]:
    """The words of a figure question that no table row, column or filler
    explains: "撤回" in "申请人主动撤回的有多少件" narrows the figure asked.
    Pieces of the agency's own name (建设局 of 台商投资区规划建设局) are not."""
    return [t for t in terms if t not in _TEMPLATE_WORDS and t not in q.FIGURE_FILLER and
            not any(re.search(p, t) for p, _ in q.REQUEST_ROW_WORDS + q.APPEAL_COLUMN_WORDS) and
            not any(all(ch in a for ch in t) for a in agencies)]


_UNKNOWN_AGENCY = re.compile(r"([\u4e00-\u9fff]{2,8}(?:省|市|区|县)(?:人民)?(?:政府|[\u4e00-\u9fff]{1,10}(?:局|委|厅|办))?)")


# ("其中乡村振兴类…": 其中 is no township's name)
_TOWNSHIP_NAME = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{0,3}?([^\W\d_城各全本该我村和与及等乡镇区县市省的在是有其]{2}(?:乡|镇|街道))")


def _without_name_runs(t: str, agency: str) -> str:
    """The question with each run of three or more characters of the agency's name (普陀区信访办)
    put as 该机关."""
    out, i = [], 0
    while i < len(t):
        j = i
        while j < len(t) and t[i:j + 1] in agency:
            j += 1
        if j - i >= 3:
            out.append("该机关")
            i = j
        else:
            out.append(t[i])
            i += 1
    return "".join(out)


def parse_question(text: str, index: AgencyIndex) -> Question:
    qn = Question(text=text)
    t = re.sub(r"\s+", "", text)
    qn.agencies, qn.ambiguous = index.resolve(t)
    if not qn.agencies and not qn.ambiguous:
        qn.agencies, qn.ambiguous = index.resolve_level(t)
    if not qn.agencies and not qn.ambiguous:
        qn.agencies = index.resolve_abbreviated(t) or index.resolve_reordered(t) or index.resolve_fuzzy(t) or \
            index.resolve_by_name_part(t)
    if index.unknown_subunit(t):
        # "江宁区卫生健康委": a department of a known place, in the store under its full name
        loose = index.resolve_reordered(t) or index.resolve_fuzzy(t)
        if loose:
            qn.agencies, qn.ambiguous = loose, []
        else:
            qn.agencies, qn.ambiguous, qn.named_unknown_agency = [], [], True
    elif not qn.agencies and not qn.ambiguous:
        m = _UNKNOWN_AGENCY.search(t)
        # ("其中省政府网站…", "通过市政府网站…": a level's site or a superior, named by no place)
        place = re.split(r"[省市区县]", m.group(1))[0] if m else ""
        if m and re.search(r"(省|市|区|县)(人民)?政府|局|委|厅", m.group(1)) and \
                not re.search(r"其中|其|那|这|本|全|我|该|各|上级|所属|通过|在|向|由|和|及|与", place):
            qn.named_unknown_agency = True
        # "南薰乡累计公开了多少条": a township or street office the store does not hold is named,
        # and another township's report must not answer for it
        for m in _TOWNSHIP_NAME.finditer(t):
            if not any(m.group(1) in a for a in index.agencies):
                qn.named_unknown_agency = True
    # "普陀区信访办…受理了多少件申请": the words of the agency's own name (信访) ask for no row
    for agency in qn.agencies:
        t = _without_name_runs(t, agency)
    # "有几件结转到2023年办理": the year the cases move to is not the year asked about
    dated = re.sub(r"(?:结转|转入|顺延|延续|转)(?:到|至|入)?(?:19|20)\d{2}\s*年(?:度)?", "结转下年度", t)
    # "2012年以来部署的": the start of a span, not the year a report covers
    dated = re.sub(r"(?:自|从)?(?:19|20)\d{2}\s*年(?:以来|至今|起)", "历年", dated)
    qn.years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年?", dated)]
    qn.years = list(dict.fromkeys(y for y in qn.years if 2000 <= y <= 2100))
    # "除了政府网站还通过哪些渠道": what is set aside is not asked for
    asked_for = re.sub(r"除了?[^，,。？?还]{1,14}", "", t)
    for pattern, field_ in q.CONTACT_WORDS:
        if re.search(pattern, asked_for, re.I):
            qn.contact.append(field_)
    if "website" in qn.contact and re.search(r"(?:哪个|什么|哪一个|哪些)(?:栏目|专栏|版块|板块|频道)", t):
        qn.contact.remove("website")    # "在政府网站哪个栏目能找到": the column, which the words name
    if "published" in qn.contact and not re.search(r"年报|报告|这份|本文|这篇", t):
        qn.contact.remove("published")  # "规章什么时候公布的" asks about a rule, not the report
    if "doc_no" in qn.contact and re.search(r"(?:哪个|什么|哪份|哪一?个)文件|依据|按照|根据|按(?!时)|要求", t):
        qn.contact.remove("doc_no")  # "按照哪个文件要求编的，文号多少": a document the report cites, not its own number
    if qn.contact and q.COUNT_ASK.search(t):
        qn.contact = []  # "在网站发布了多少条" counts items; it does not ask for the website
    if len(qn.contact) > 1 and "*" in qn.contact:
        qn.contact.remove("*")
    if "address" in qn.contact and "website" in qn.contact and not re.search(r"地址|地点", t):
        qn.contact.remove("address")  # "在哪下载" asks for the website, not the address
    if "处理费" in t:
        # 信息处理费 is in the prose, not the 行政事业性收费 table
        qn.in_domain = True
        return qn
    # appeals
    for pattern, groups in q.APPEAL_GROUP_WORDS:
        if re.search(pattern, t):
            cols = [c for p, c in q.APPEAL_COLUMN_WORDS if re.search(p, t)] or \
                (["total", "upheld", "corrected", "other", "pending"] if q.APPEAL_OUTCOMES_ASKED.search(t) else ["total"])
            qn.keys = [f"appeals.{g}" for g in groups]
            if len(groups) == 2 and re.search(r"复议.{0,8}(?:或|和|及|还是|以及|、)|(?:或|和|及|还是|以及|、).{0,4}复议", t):
                qn.keys.insert(0, "appeals.review")  # "被复议纠错或者打官司输了" asks both
            qn.columns = cols
            qn.is_figure = True
            break
    if not qn.keys:
        for pattern, row in q.PROACTIVE_ROW_WORDS:
            if re.search(pattern, t) and not re.search(r"申请", t):
                qn.keys = [f"proactive.{row}"]
                qn.is_figure = True
                break
    if not qn.keys and not qn.contact:
        # 本年新收 / 上年结转 are the rows' own labels: staff write them bare ("本年新收 商业企业")
        asks_requests = re.search(r"申请|公开|处理|答复|办理|本年新收|上年结转|结转下年|表三|[（(]七[)）]\s*总计", t)
        if re.search(r"(?:几|多少)个?[\u4e00-\u9fff]{0,8}?(?:受理点|受理窗口|窗口|查阅点|查阅场所|场所)|"
                     r"(?:受理点|受理窗口|窗口|查阅点|查阅场所|场所)[\u4e00-\u9fff]{0,4}?(?:几|多少)", t):
            asks_requests = None    # "设了几个信息申请受理点": places counted, not requests
        for pattern, row in q.REQUEST_ROW_WORDS:
            # a specific row's words (不掌握, 出版物 …) name it alone; 收到/受理 need the request context
            if re.search(pattern, t) and (asks_requests or row not in q.CONTEXT_BOUND_ROWS):
                if row.startswith("@"):
                    qn.group = row
                    qn.keys = [f"requests.{r}" for r in q.REQUEST_GROUPS[row]]
                else:
                    qn.keys = [f"requests.{row}"]
                qn.columns = [c for p, c in q.REQUEST_COLUMN_WORDS if re.search(p, t)] or ["total"]
                qn.is_figure = True
                break
    # "予以公开和部分公开的一共多少件": rows joined by 和/及/、 are all asked
    if qn.keys and qn.keys[0].startswith("requests.") and not qn.group:
        named = []
        for pattern, row in q.REQUEST_ROW_WORDS:
            m = None if row.startswith("@") or row == "new" else re.search(pattern, t)
            if m and all(m.start() >= e or m.end() <= b for b, e, _ in named):
                named.append((m.start(), m.end(), row))
        named.sort()
        if len(named) >= 2 and f"requests.{named[0][2]}" in qn.keys + [f"requests.{r}" for _, _, r in named] and \
                all(re.fullmatch(r"的?(?:和|及|与|、|以及|还有|加上?|跟)", t[a[1]:b[0]]) for a, b in zip(named, named[1:])):
            qn.keys = [f"requests.{r}" for _, _, r in named]
    # "一共多少件？其中法律服务机构几件": the row's total and the column, both asked
    if qn.is_figure and qn.columns and "total" not in qn.columns:
        asks = [m.start() for m in re.finditer(r"多少|几", t)]
        first_column = min((m.start() for p, _ in q.REQUEST_COLUMN_WORDS + q.APPEAL_COLUMN_WORDS
                            for m in [re.search(p, t)] if m), default=None)
        if len(asks) >= 2 and (first_column is not None and asks[0] < first_column or
                               re.search(r"(?:总计|合计|总数|一共|总共|共计)(?:是|有|为)?(?:多少|几)", t)):
            qn.columns.insert(0, "total")
    # yes/no, durations, channels, "哪几个环节" (which ones, not how many): the tables hold none of these
    # ("结果怎么样" asks the outcome columns and rows, which the tables hold)
    asks_outcomes = qn.group == "@results" or bool(qn.keys) and qn.keys[0].startswith("appeals.") and \
        bool(q.APPEAL_OUTCOMES_ASKED.search(t))
    if qn.is_figure and not asks_outcomes and (
            q.NOT_A_COUNT.search(t) and not re.search(r"多少件|几件", t) or
            re.search(r"怎么|怎样|如何|流程|程序|步骤|什么样|方式|渠道|途径|哪几(?![个份家]?(?:报告|机关|单位|部门))", t) and not re.search(r"多少|(?<!哪)几|数量", t) or
            q.TOPIC_ASK.search(t) and not re.search(r"多少|几|数量", t)):
        qn.keys, qn.columns, qn.is_figure, qn.group = [], [], False, None
    # "为什么复议这么多" asks a reason, which only the prose can give ("不予公开的是什么原因"
    # asks the rows of the group, which are its reasons)
    if qn.is_figure and not qn.group and q.WHY_ASK.search(t):
        qn.keys, qn.columns, qn.is_figure, qn.group = [], [], False, None
    # "主动公开政府信息多少条" is prose even though it says 公开
    if qn.is_figure and qn.keys[0].startswith("requests.") and re.search(r"主动公开", t) and "申请" not in t:
        qn.keys, qn.columns, qn.is_figure, qn.group = [], [], False, None
    qn.in_domain = (bool(q.DOMAIN.search(t)) or bool(qn.agencies)) and not (
        q.OFF_TOPIC.search(t) and not qn.is_figure) and not q.TASK_REQUEST.search(t)
    return qn
