"""Questions over many reports: rank ("哪个机关…最多", "排名", "前三"), total
("一共", "合计" over agencies or years), trend (one agency's years) and share
("占比") of one printed figure. Every figure comes from a cited cell; a
computed one says so; a report in scope whose cell is blank, unread or not
printed is named and never counted as 0."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import facts as F
from bot.answer import asked_keys
from bot.understand import Question, parse_question
from ingest.chunks import _fmt
from prompts import answers as T

RANK = re.compile(r"最多|最少|最高|最低|最大|最小|排名|排行|排序|排位|名列|排个?[序名]|排一下|排列"
                  r"|从(?:多|高|大)到(?:少|低|小)|从(?:少|低|小)到(?:多|高|大)|前[一二三四五六七八九十\d]+(?:名|位|个|家)?"
                  r"|倒数|哪[个家些一][^？?。，,]{0,24}?(?:多|少|高|低)")
LEAST = re.compile(r"最少|最低|最小|倒数|从(?:少|低|小)到|哪[个家些一][^？?。，,]{0,24}?(?:少|低)")
# 总计 / 总数 are the tables' own column words ("行政复议总计"), not a sum over reports
TOTAL = re.compile(r"一共|合计|总共|共计|加起来|加在一起|加总|累计|总和|汇总|总量")
TREND = re.compile(r"趋势|变化|走势|增减|(?:相比|对比|比较|比)(?:怎么样|如何|怎样)|近[几两三四五六七八九十\d]+年|历年|逐年|这几年|每年|各年|(?:19|20)\d{2}\s*年?\s*(?:到|至|—|-|~|－)\s*(?:19|20)\d{2}")
SHARE = re.compile(r"占比|比例|比重|百分比|百分之几|占.{0,16}?(?:多少|几成|百分)|[\u4e00-\u9fff]{1,4}率|÷|除以")
SHARE_SPLIT = re.compile(r"占|÷|除以")
# "所有机关合起来…占比", "占当年全部机关的": a share of the figures added up over the scope
POOLED = re.compile(r"合起来|加起来|合计|一共|总共|全部|所有|全库|各机关|各单位|各部门")
# "不含管委会", "除平潭公安局外": agencies the question leaves out of its scope
EXCLUDE = re.compile(r"(?:不含|不包括|除了?|去掉|剔除)([^，,。？?）)]{2,14}?)(?:以外|之外|外|[，,。？?）)]|$)")
# "历年", "这几份报告", "所有年报": every report in scope, not one year's
ALL_YEARS = re.compile(r"历年|各年|每年|逐年|几份|这些|所有(?:的)?(?:年度)?(?:报告|年报)|全部(?:的)?(?:年度)?(?:报告|年报)|整个库|全库|年报里|报告里|历次")
# "各部门", "所有机关", "哪个单位": the question is about several agencies, not one
MANY = re.compile(r"各(?:个)?(?:部门|机关|单位|区|县|市|局|委办局)|所有|全部|下属|哪[个家些一](?:个)?(?:部门|机关|单位|区|县|市|局)")
_NOT_FIGURE_WORDS = re.compile(r"怎么|如何|怎样|趋势|变化|走势|比例|占比|比重|百分比|百分")
SHARE_WORDS = re.compile(r"的?(?:占比|比例|比重|百分比|百分之几|是多少|有多少|多少|几成|为多少)[？?]?")
TOP_N = re.compile(r"前([一二三四五六七八九十\d]+)")
RECENT_N = re.compile(r"近([两三四五六七八九十\d]+)年")
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:到|至|—|-|~|－)\s*((?:19|20)\d{2})")
_CN = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
_PLACE_SEGMENT = re.compile(r"[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|自治州|州|盟|县|综合实验区|新区|开发区|区)")
SHOWN = 5  # rows an answer lists; the rest are in its table
# Up to this many reports every cell is cited with its whole table row; beyond, by its
# label and value (the row is one click away in the table; 10,000 rows would be megabytes).
WHOLE_ROWS_UP_TO = 50


def _num(s: str) -> int:
    return int(s) if s.isdigit() else (_CN.get(s, 0) if len(s) == 1 else 10 + _CN.get(s[-1], 0))


@dataclass
class Ask:
    op: str                      # rank | total | trend | share
    keys: list[str] = field(default_factory=list)      # one figure, or a group's cells added up
    denominator: list[str] = field(default_factory=list)  # share: what it is a share of
    least: bool = False
    top: int | None = None
    pooled: bool = False              # share: of the scope's figures added up
    pooled_denominator: bool = False  # share: of everyone's in scope ("占当年全部机关的")
    label: str = ""


def places_of(agency: str) -> list[str]:
    """平潭综合实验区公安局 → [平潭综合实验区, 平潭]; 淮安市洪泽区人民政府 → [淮安市, 淮安, 洪泽区, 洪泽]."""
    out, rest = [], agency
    for _ in range(3):
        m = _PLACE_SEGMENT.match(rest)
        if not m:
            break
        seg = m.group(0)
        out.append(seg)
        bare = re.sub(r"(?:省|自治区|市|自治州|州|盟|县|综合实验区|新区|开发区|区)$", "", seg)
        if len(bare) >= 2:
            out.append(bare)
        rest = rest[m.end():]
    return out


def detect(question: str, qn: Question) -> Ask | None:
    """The aggregate a question asks for, or None (an ordinary one-report question)."""
    t = re.sub(r"\s+", "", question)
    plural = MANY.search(t) or ALL_YEARS.search(t)
    totals = TOTAL.search(t) or (plural and re.search(r"总数|总计", t))
    op = "share" if SHARE.search(t) else "rank" if RANK.search(t) else "total" if totals \
        else "trend" if TREND.search(t) else None
    if op is None:
        return None
    ask = Ask(op=op, least=bool(LEAST.search(t)) and op == "rank")
    m = TOP_N.search(t)
    if m and op == "rank":
        ask.top = _num(m.group(1))
    figure_q = parse_question(_NOT_FIGURE_WORDS.sub("", t), _NoAgencies())
    if op == "share":
        m = SHARE_SPLIT.search(t)
        before, after = (t[:m.start()], t[m.end():]) if m else (t, "")
        # the fragments name figures; the share words would make them read as "not a count"
        before, after = (re.sub(SHARE_WORDS, "", _NOT_FIGURE_WORDS.sub("", x)) for x in (before, after))
        num_q = parse_question(before, _NoAgencies())
        den_q = parse_question(after, _NoAgencies()) if after else None
        ask.keys = _cells(num_q) or _cells(figure_q) or _cells(qn)
        ask.denominator = _cells(den_q) if den_q is not None else []
        if not ask.denominator and after and re.search(r"申请", after):
            ask.denominator = ["requests.new.total"]  # "占全部新收申请", "占当年全部机关新收申请"
        ask.pooled = bool(POOLED.search(t))
        ask.pooled_denominator = bool(after and POOLED.search(after))
        if not ask.keys:
            return None
        if not ask.denominator:
            ask.denominator = [_default_denominator(ask.keys[0])]
        return ask
    ask.keys = _cells(qn) or _cells(figure_q)
    if not ask.keys and re.search(r"申请", t):
        ask.keys = ["requests.new.total"]  # "哪个机关申请最多": requests received
    return ask if ask.keys else None


class _NoAgencies:
    """parse_question reads a fragment's figure words only."""
    agencies: list[str] = []

    def resolve(self, text):
        return [], []
    resolve_level = resolve

    def resolve_fuzzy(self, text):
        return []
    resolve_abbreviated = resolve_reordered = resolve_by_name_part = resolve_fuzzy

    def unknown_subunit(self, text):
        return False


def _cells(qn: Question | None) -> list[str]:
    if qn is None or not qn.keys:
        return []
    if qn.keys[0].startswith("proactive."):
        return list(qn.keys)  # the column depends on each report's template
    cols = [c for c in qn.columns if c] or ["total"]
    return [f"{s}.{c}" for s in qn.keys for c in cols[:1]]


def _default_denominator(key: str) -> str:
    """A column's share of its row; a result's share of the requests handled; else of requests received."""
    table, row, col = F.split_key(key)
    if table == "appeals":
        return f"appeals.{row}.total" if col != "total" else "appeals.review.total"
    if table == "requests" and col != "total":
        return f"requests.{row}.total"
    if table == "requests" and row not in ("new", "carried_over", "handled_total", "carried_forward"):
        return "requests.handled_total.total"
    return "requests.new.total"


def _report_keys(template: str, keys: list[str], qn: Question) -> list[str]:
    if keys and keys[0].startswith("proactive."):
        from types import SimpleNamespace

        stem = [keys[0].rsplit(".", 1)[0]] if keys[0].count(".") > 1 else keys
        return asked_keys(SimpleNamespace(template=template), Question(text=qn.text, context=qn.context, keys=stem))
    return keys


def figures(metas: list[dict], keys: list[str], qn: Question, facts) -> list[dict]:
    """Each report's row of the result: its figure (a group's cells added up), state and
    citations, read from the facts index one key at a time (never report by report)."""
    whole_rows = len(metas) <= WHOLE_ROWS_UP_TO
    if not keys[0].startswith("proactive.") and len(keys) == 1:
        # one cell per report (the usual ranking or total): one query, one row each
        ids = [m["report_id"] for m in metas]
        scope = None if len(ids) >= facts.count() else ids  # the whole store: no 10,000-id filter
        got = {r["report_id"]: r for r in facts.query(keys[0], report_ids=scope, row_texts=whole_rows)}
        return [_one(m, keys, got.get(m["report_id"])) for m in metas]
    per_report = {m["report_id"]: _report_keys(m.get("template", ""), keys, qn) for m in metas}
    by_key: dict[str, list[str]] = {}
    for rid, ks in per_report.items():
        for k in ks:
            by_key.setdefault(k, []).append(rid)
    got: dict[tuple[str, str], dict] = {}
    for k, rids in by_key.items():
        for i in range(0, len(rids), 20000):
            for row in facts.query(k, report_ids=rids[i:i + 20000], row_texts=whole_rows):
                got[(k, row["report_id"])] = row
    out = []
    for m in metas:
        ks = per_report[m["report_id"]]
        rows = [got[(k, m["report_id"])] for k in ks if (k, m["report_id"]) in got]
        out.append(_combine(m, ks, rows))
    return out


def _one(meta: dict, keys: list[str], row: dict | None) -> dict:
    if row is None or row["state"] == "absent":
        return _combine(meta, keys, [])
    return {"report_id": meta["report_id"], "agency": meta["agency"], "year": meta["year"], "value": row["value"],
            "state": row["state"], "keys": keys, "citations": [row["citation"]] if row["citation"] else [],
            "findings": row["findings"]}


def _combine(meta: dict, keys: list[str], rows: list[dict]) -> dict:
    if not rows:
        return {"report_id": meta["report_id"], "agency": meta["agency"], "year": meta["year"], "value": None,
                "state": "absent", "keys": keys, "citations": [], "findings": []}
    states = {r["state"] for r in rows}
    state = "value" if states == {"value"} else "unread" if "unread" in states else \
        "blank" if "blank" in states and "value" not in states else "absent" if states == {"absent"} else \
        "value" if "value" in states else "blank"
    values = [r["value"] for r in rows if r["state"] == "value"]
    cites = [r["citation"] for r in rows if r["citation"]]
    cites = [c for i, c in enumerate(cites) if c["text"] not in {x["text"] for x in cites[:i]}]
    return {"report_id": meta["report_id"], "agency": meta["agency"], "year": meta["year"],
            "value": round(sum(values), 6) if state == "value" else None, "state": state, "keys": keys,
            "citations": cites, "findings": [f for r in rows for f in r["findings"]], "parts": values}


@dataclass
class Scope:
    agencies: list[str]
    years: list[int]
    name: str                    # 平潭 / 淮安市人民政府 / 库中各机关, for the answer
    refusal: str = ""            # the scope names what the store does not hold


def scope(question: str, qn: Question, ask: Ask, live: dict[str, dict], index) -> Scope:
    t = re.sub(r"\s+", "", question)
    everyone = sorted({r["agency"] for r in live.values()})
    years = list(qn.years)
    m = YEAR_RANGE.search(t)
    if m:
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        years = list(range(a, b + 1))
    # a place the question names, shared by several agencies: 淮安市各部门, 平潭哪个部门
    by_place: dict[str, set[str]] = {}
    for ag in everyone:
        for p in places_of(ag):
            by_place.setdefault(p, set()).add(ag)
    named_place = max((p for p in by_place if p in t and len(by_place[p]) > 1), key=len, default=None)
    # "淮安这几份报告" widens to the place; "平潭综合实验区管委会历年" names one agency of it
    specific = named_place and any(named_place in a and len(a) > len(named_place) and a in t
                                   for a in index.aliases_in(t))
    many = MANY.search(t) or (ALL_YEARS.search(t) if not specific else None)
    if many and not named_place and not qn.agencies:
        # "南京市各部门": a place before 各… that no report in the store belongs to
        asked = _PLACE_SEGMENT.search(t[:many.start()] + "。")
        if asked and not any(p in asked.group(0) or asked.group(0).startswith(p) for p in by_place):
            return Scope([], years, asked.group(0), T.AGG_NO_PLACE.format(place=asked.group(0)))
    if ask.op == "share" and ask.pooled_denominator:
        # "淮安市政府…占当年全部机关的多少": the named agency is the numerator, the scope everyone
        agencies, name = everyone, T.AGG_WHOLE_STORE
    elif named_place and (many or ask.op == "rank") and len(qn.agencies) <= 1:
        agencies, name = sorted(by_place[named_place]), named_place
    elif qn.agencies and not (ask.op == "share" and ask.pooled_denominator):
        agencies, name = list(qn.agencies), "、".join(qn.agencies)
    elif qn.ambiguous:
        agencies, name = list(qn.ambiguous), "、".join(qn.ambiguous)
    else:
        agencies, name = everyone, T.AGG_WHOLE_STORE
    ex = EXCLUDE.search(t)
    if ex:
        # "平潭各部门（不含管委会）": the left-out agency named without the place already named
        left_out = []
        for phrase in [ex.group(1)] + [p + ex.group(1) for p in places_of(agencies[0])] if agencies else []:
            left_out = left_out or index.resolve(phrase)[0]
        agencies = [a for a in agencies if a not in left_out] or agencies
    if many and len(agencies) == 1 and ask.op in ("rank", "total") and not re.search(r"哪[一几]?年", t):
        # "三明市各县（市、区）…排名": the store holds the city's own report, not its counties'
        return Scope(agencies, years, name, T.AGG_ONLY_ONE.format(agency=agencies[0], what=many.group(0)))
    return Scope(agencies=agencies, years=years, name=name)


def reports_in(sc: Scope, ask: Ask, live: dict[str, dict], recent: int | None) -> list[dict]:
    """The store's reports the question covers: the years named, or, with none,
    every report of each agency in scope (a trend's latest N years for 近N年)."""
    out = []
    for ag in sc.agencies:
        series = sorted((r for r in live.values() if r["agency"] == ag), key=lambda r: r["year"])
        if sc.years:
            out += [r for r in series if r["year"] in sc.years]
        else:
            out += series[-recent:] if recent else series
    return out


def answer(question: str, qn: Question, ask: Ask, sc: Scope, reports: list[dict], facts) -> dict | None:
    """The aggregate's answer, or None when the question covers a single report's figure
    (the ordinary answer does that better)."""
    one_agency = len({r["agency"] for r in reports}) == 1
    if ask.op != "share" and len(reports) < 2:
        return None
    rows = figures(reports, ask.keys, qn, facts)
    # a proactive row's column is each report's template's: name it as the first report reads it
    keys = next((r["keys"] for r in rows if r["state"] == "value"), None) or \
        next((r["keys"] for r in rows if r["keys"]), ask.keys)
    label = _label(keys)
    unit = F.unit(keys[0])
    counted = [r for r in rows if r["state"] == "value"]
    skipped = [r for r in rows if r["state"] != "value"]
    one_year = len({x["year"] for x in rows}) == 1
    name = (lambda r: f"{r['year']}年") if one_agency else \
        (lambda r: r["agency"] if one_year else f"{r['agency']}（{r['year']}年）")
    scope_text = _scope_text(sc, rows, one_agency)
    if not counted:
        return {"answer": T.AGG_NONE.format(scope=scope_text, label=label) + _skipped_text(skipped, name),
                "refused": True, "citations": [c for r in rows for c in r["citations"]][:20], "kind": "aggregate"}
    # each figure the answer computes, with the cited figures it comes from (checked by the eval)
    computed: list[dict] = []
    if ask.op == "rank":
        text, order = _rank(ask, counted, name, label, unit, scope_text)
        computed.append({"op": "min" if ask.least else "max", "value": order[0]["value"],
                         "of": [r["value"] for r in counted]})
    elif ask.op == "total":
        total = round(sum(r["value"] for r in counted), 6)  # 万元 amounts: no binary-float tail
        computed.append({"op": "sum", "value": total, "of": [r["value"] for r in counted]})
        parts = "；".join(f"{name(r)}{_fmt(r['value'])}{unit}" for r in counted)
        text = T.AGG_TOTAL.format(scope=scope_text, label=label, value=_fmt(total), unit=unit, n=len(counted),
                                  parts=parts)
        order = counted
    elif ask.op == "trend":
        order = sorted(counted, key=lambda r: (r["agency"], r["year"]))
        text = _trend(order, label, unit)
        for ag in dict.fromkeys(r["agency"] for r in order):
            series = [r["value"] for r in order if r["agency"] == ag]
            if len(series) >= 2:
                computed.append({"op": "difference", "value": round(series[-1] - series[0], 6),
                                 "of": [series[-1], series[0]]})
    else:
        text, order, computed = _share(question, qn, ask, reports, rows, lambda r: f"{r['agency']}{r['year']}年",
                                       unit, facts)
        if text is None:
            return None
    text += _skipped_text(skipped, name)
    notes = [r for r in order if r["findings"]]
    if notes:
        text += T.AGG_FINDINGS.format(reports="、".join(f"{r['agency']}{r['year']}年" for r in notes[:5]),
                                      note=F.consistency_note([f for r in notes for f in r["findings"]]))
    cites = [c for r in order for c in r["citations"]] + [c for r in skipped for c in r["citations"]]
    table = {"columns": ["agency", "year", "value", "state"],
             "label": label, "unit": unit,
             "rows": [{"report_id": r["report_id"], "agency": r["agency"], "year": r["year"], "value": r["value"],
                       "state": r["state"], "findings": r["findings"]} for r in order + skipped]}
    # a row of several cells (予以公开和部分公开) is itself a sum: stated first, so the check can follow it
    computed = [{"op": "sum", "value": r["value"], "of": r["parts"]} for r in order
                if r["state"] == "value" and len(r.get("parts") or ()) > 1] + computed
    return {"answer": text, "refused": False, "citations": cites, "kind": "aggregate", "computed": computed,
            "table": table}


def _label(keys: list[str]) -> str:
    if keys and keys[0].count(".") == 1:  # a proactive row whose column no report settled
        from ingest import lexicon as lx

        return lx.PROACTIVE_ROW_NAMES.get(keys[0].split(".")[1], keys[0])
    if len(keys) == 1:
        return F.label(keys[0]).replace("（总计）", "")
    return "、".join(F.label(k) for k in keys) + T.AGG_ADDED


def _scope_text(sc: Scope, rows: list[dict], one_agency: bool) -> str:
    years = sorted({r["year"] for r in rows})
    when = f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
    return f"{rows[0]['agency'] if one_agency else sc.name}{when}"


def _rank(ask: Ask, counted: list[dict], name, label: str, unit: str, scope_text: str):
    order = sorted(counted, key=lambda r: (r["value"], -r["year"]) if ask.least else (-r["value"], r["year"]))
    shown = order[: ask.top or SHOWN]
    items = "；".join(f"{i}. {name(r)}{_fmt(r['value'])}{unit}" for i, r in enumerate(shown, 1))
    head = T.AGG_RANK_LEAST if ask.least else T.AGG_RANK_MOST
    top = order[0]
    tied = [r for r in order if r["value"] == top["value"]]
    who = "、".join(name(r) for r in tied)
    text = head.format(scope=scope_text, label=label, who=who, value=_fmt(top["value"]), unit=unit) + \
        T.AGG_RANK_LIST.format(n=len(counted), items=items)
    if len(order) > len(shown):
        text += T.AGG_MORE_ROWS.format(n=len(order))
    return text, order


def _trend(order: list[dict], label: str, unit: str) -> str:
    out = []
    for ag in dict.fromkeys(r["agency"] for r in order):
        series = [r for r in order if r["agency"] == ag]
        parts = "，".join(f"{r['year']}年{_fmt(r['value'])}{unit}" for r in series)
        text = T.AGG_TREND.format(agency=ag, label=label, parts=parts)
        if len(series) >= 2:
            first, last = series[0], series[-1]
            diff = round(last["value"] - first["value"], 6)  # 万元 amounts: no binary-float tail
            if diff:
                text += T.AGG_TREND_CHANGE.format(first=first["year"], last=last["year"],
                                                  direction="增加" if diff > 0 else "减少",
                                                  value=_fmt(abs(diff)), unit=unit)
            else:
                text += T.AGG_TREND_SAME.format(first=first["year"], last=last["year"])
        out.append(text)
    return "".join(out)


def _share(question, qn, ask: Ask, reports, rows, name, unit, facts):
    dens = {r["report_id"]: r for r in figures(reports, ask.denominator, qn, facts)}
    if ask.pooled or ask.pooled_denominator:
        return _pooled_share(qn, ask, rows, dens, unit)
    parts, order, computed = [], [], []
    den_label = _label(ask.denominator)
    for row in rows:
        den = dens[row["report_id"]]
        if row["state"] != "value" or den["state"] != "value" or not den["value"]:
            continue
        pct = row["value"] / den["value"] * 100
        computed.append({"op": "share", "value": round(pct, 2), "of": [row["value"], den["value"]]})
        parts.append(T.AGG_SHARE.format(who=name(row), label=_label(row["keys"] or ask.keys), value=_fmt(row["value"]), unit=unit,
                                        den_label=den_label, den=_fmt(den["value"]), pct=f"{pct:.2f}%"))
        row["citations"] = row["citations"] + [c for c in den["citations"]
                                               if c["text"] not in {x["text"] for x in row["citations"]}]
        row["findings"] = row["findings"] + den["findings"]
        order.append(row)
    if not order:
        return None, [], []
    return "；".join(parts) + T.AGG_COMPUTED, order, computed


def _pooled_share(qn, ask: Ask, rows, dens, unit):
    """"淮安市政府的申请占当年全部机关的多少", "所有机关合起来予以公开占新收的比例":
    the figures added up on each side, both sums and every cell cited."""
    num_rows = [r for r in rows if r["agency"] in qn.agencies] if ask.pooled_denominator and qn.agencies else rows
    num = [r for r in num_rows if r["state"] == "value"]
    den = [d for d in dens.values() if d["state"] == "value"]
    if not num or not den or not sum(d["value"] for d in den):
        return None, [], []
    n, d = round(sum(r["value"] for r in num), 6), round(sum(x["value"] for x in den), 6)
    who = "、".join(dict.fromkeys(r["agency"] for r in num)) if len(num) < len(rows) else T.AGG_ALL_IN_SCOPE
    text = T.AGG_SHARE_POOLED.format(who=who, label=_label(num[0]["keys"] or ask.keys), value=_fmt(n), unit=unit,
                                     n=len(num), den_label=_label(den[0]["keys"] or ask.denominator), den=_fmt(d),
                                     m=len(den), pct=f"{n / d * 100:.2f}%")
    order = num + [x for x in den if x["report_id"] not in {r["report_id"] for r in num} or x["keys"] != num[0]["keys"]]
    computed = [{"op": "sum", "value": n, "of": [r["value"] for r in num]},
                {"op": "sum", "value": d, "of": [x["value"] for x in den]},
                {"op": "share", "value": round(n / d * 100, 2), "of": [n, d]}]
    return text + T.AGG_COMPUTED, order, computed


def _skipped_text(skipped: list[dict], name) -> str:
    if not skipped:
        return ""
    why = {"blank": T.AGG_STATE_BLANK, "unread": T.AGG_STATE_UNREAD, "absent": T.AGG_STATE_ABSENT}
    items = "、".join(f"{r['agency']}{r['year']}年（{why[r['state']]}）" for r in skipped[:8])
    more = T.AGG_MORE_SKIPPED.format(n=len(skipped)) if len(skipped) > 8 else ""
    return T.AGG_NOT_COUNTED.format(items=items + more)


def recent_years(question: str) -> int | None:
    m = RECENT_N.search(re.sub(r"\s+", "", question))
    return _num(m.group(1)) if m else None
