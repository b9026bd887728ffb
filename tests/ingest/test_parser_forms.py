"""The same report in the other forms agencies publish it in must give the same cells.

Each test parses a report as we have it, then draws that report again from
what was read (its prose sections and every cell under its canonical key) with
the four tables laid out as the national template draws them (merged header
cells, merged row labels), in one of the forms real reports arrive in:

(a) a government site's HTML page, GBK with <meta charset=gbk>: header, nav,
    breadcrumb and footer junk, the content inside a layout <table>, Word-style
    <p><span>…</span></p> prose, tables with rowspan/colspan;
(b) the same page in UTF-8 with &nbsp;, <br> inside cells, full-width spaces
    and pretty-printed whitespace between inline tags;
(c) text with one table row per line, cells separated by tabs (a Word/Excel copy);
(d) text with every cell on its own line and hard-wrapped prose (a bad PDF copy);
(e) a .docx with merged cells;
(f) traditional characters (HTML in Big5, tab text in UTF-8);
(g) text with columns aligned by spaces (pdftotext -layout), and a PDF printed
    by headless Chromium (skipped without it).

Then the same report with the variations other agencies print: label numbering
styles, blank cells printed as "", "/", "—" or "－", thousands separators,
units after amounts, full-width digits and tables without header rows. A blank stays
blank: never 0, never a neighbour's number.

Generated files live in tmp_path only.
"""

from __future__ import annotations

import html as htmlmod
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest import lexicon as lx
from ingest.parser import parse_file, parse_text
from ingest.reader import SourceText

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "govqa" / "sample" / "2020_qzts_ghjsjtj.txt"

SEED_NAME = "2020_qzts_ghjsjtj"
CORPUS_NAMES = ["2023_huaian_hongze-qu-renmin-zhengfu", "2024_huaian_hongze-qu-renmin-zhengfu",
                "2024_huaian_huaian-shi-renmin-zhengfu", "2024_shanghai_shi-kewei",
                "2025_shanghai_shi-zhengfu-bangongting"]
# The two markdown-table reports and the seed run in every form; the rest in the main ones.
CORE = [SEED_NAME, "2023_huaian_hongze-qu-renmin-zhengfu", "2024_huaian_huaian-shi-renmin-zhengfu"]
ALL = [SEED_NAME] + CORPUS_NAMES


def _source(name: str) -> Path:
    if name == SEED_NAME:
        return SEED
    path = CORPUS / f"{name}.txt"
    if not path.exists():
        pytest.skip("../shared/corpus not beside the checkout")
    return path


# ---- the report as read -----------------------------------------------------------

@dataclass
class Doc:
    """What the parser read from the original: the facts and the prose, from
    which every form is drawn."""
    title: str
    opening: list[str]                      # paragraphs before the first heading (title removed)
    sections: list[tuple[int, str, list[str]]]   # (number, heading, paragraphs)
    template: str
    values: dict
    blank: set
    signed: dict
    report_id: str
    contacts: dict
    numbers: list[int] = field(default_factory=list)   # section numbers in order


_CACHE: dict[str, Doc] = {}


def read_doc(name: str) -> Doc:
    if name in _CACHE:
        return _CACHE[name]
    report = parse_file(_source(name))
    opening = list(report.sections[0].paragraphs) if report.sections and report.sections[0].number == 0 else []
    # drop the title lines: the first paragraphs up to the one that ends the title
    for i, p in enumerate(opening[:3]):
        if "报告" in p:
            opening = opening[i + 1:]
            break
    secs = [(s.number, s.heading, list(s.paragraphs)) for s in report.sections if s.heading]
    doc = Doc(title=report.title, opening=opening, sections=secs, template=report.template,
              values=dict(report.values), blank=set(report.blank), signed=dict(report.signed),
              report_id=report.report_id, contacts=report.contacts,
              numbers=[s.number for s in report.sections if s.number])
    assert doc.values, f"{name}: the original gave no cells"
    _CACHE[name] = doc
    return doc


# ---- the template's tables, drawn -------------------------------------------------

@dataclass
class C:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Style:
    """How one agency prints its tables."""
    numbering: str = "template"      # template | halfwidth | comma | none
    blank_keys: dict = field(default_factory=dict)   # key -> how the blank is printed
    thousands: bool = False
    fee_unit: bool = False
    fullwidth_digits: bool = False
    headers: bool = True             # print the header rows of tables 三 and 四
    split: bool = False              # table 二 as one table per item under its own line, table 三 broken in two


def _fmt_value(doc: Doc, key: str, style: Style) -> str:
    if key in style.blank_keys:
        return style.blank_keys[key]
    if key not in doc.values:
        return ""                    # printed blank (or not printed): stays blank
    if key in doc.signed:
        text = doc.signed[key]
    else:
        v = doc.values[key]
        text = f"{v:,}" if style.thousands and abs(v) >= 1000 else str(v)
    if style.fee_unit and key == "proactive.fees.amount_10k_yuan":
        text += "万元"
    if style.fullwidth_digits:
        text = text.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))
    return text


def _group(n: str, style: Style) -> str:
    """（一） in the template's numbering or an agency's own."""
    return {"template": f"（{n}）", "halfwidth": f"({n})", "comma": f"{n}、", "none": ""}[style.numbering]


def _item(i: int, style: Style) -> str:
    return {"template": f"{i}.", "halfwidth": f"{i}.", "comma": f"{i}、", "none": ""}[style.numbering]


def _top(n: str, style: Style) -> str:
    return "" if style.numbering == "none" else f"{n}、"


def proactive_table(doc: Doc, style: Style) -> list[list[C]]:
    v = lambda key, span=1: C(_fmt_value(doc, key, style), colspan=span)  # noqa: E731
    has = lambda row: any(k.startswith(f"proactive.{row}.") for k in doc.values.keys() | doc.blank)  # noqa: E731
    rows: list[list[C]] = []
    if doc.template == "2021":
        rows += [[C("第二十条第（一）项", colspan=4)],
                 [C("信息内容"), C("本年制发件数"), C("本年废止件数"), C("现行有效件数")]]
        for key, label in (("rules", "规章"), ("normative_docs", "行政规范性文件")):
            if has(key):
                rows.append([C(label)] + [v(f"proactive.{key}.{c}") for c in ("issued", "repealed", "in_force")])
        for item, specs in (("五", [("licensing", "行政许可")]),
                            ("六", [("penalty", "行政处罚"), ("enforcement", "行政强制")])):
            rows += [[C(f"第二十条第（{item}）项", colspan=4)], [C("信息内容"), C("本年处理决定数量", colspan=3)]]
            rows += [[C(label), v(f"proactive.{key}.decisions", 3)] for key, label in specs if has(key)]
        rows += [[C("第二十条第（八）项", colspan=4)], [C("信息内容"), C("本年收费金额（单位：万元）", colspan=3)]]
        if has("fees"):
            rows.append([C("行政事业性收费"), v("proactive.fees.amount_10k_yuan", 3)])
        return rows
    rows += [[C("第二十条第（一）项", colspan=4)],
             [C("信息内容"), C("本年新制作数量"), C("本年新公开数量"), C("对外公开总数量")]]
    for key, label in (("rules", "规章"), ("normative_docs", "规范性文件")):
        if has(key):
            rows.append([C(label)] + [v(f"proactive.{key}.{c}") for c in ("made", "published", "total")])
    for item, specs in (("五", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
                        ("六", [("penalty", "行政处罚"), ("enforcement", "行政强制")])):
        rows += [[C(f"第二十条第（{item}）项", colspan=4)],
                 [C("信息内容"), C("上一年项目数量"), C("本年增/减"), C("处理决定数量")]]
        rows += [[C(label)] + [v(f"proactive.{key}.{c}") for c in ("prev_items", "change", "decisions")]
                 for key, label in specs if has(key)]
    rows += [[C("第二十条第（八）项", colspan=4)], [C("信息内容"), C("上一年项目数量"), C("本年增/减", colspan=2)]]
    if has("fees"):
        rows.append([C("行政事业性收费"), v("proactive.fees.prev_items"), v("proactive.fees.change", 2)])
    rows += [[C("第二十条第（九）项", colspan=4)], [C("信息内容"), C("采购项目数量"), C("采购总金额", colspan=2)]]
    if has("procurement"):
        rows.append([C("政府集中采购"), v("proactive.procurement.items"), v("proactive.procurement.amount", 2)])
    return rows


_DENIED = ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
           "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"]
_UNAVAILABLE = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
_NOT_PROCESSED = ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                  "要求行政机关确认或重新出具已获取信息"]
_OTHER = ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"]


def requests_table(doc: Doc, style: Style) -> list[list[C]]:
    vals = lambda row: [C(_fmt_value(doc, f"requests.{row}.{c}", style)) for c in lx.REQUEST_COLUMNS]  # noqa: E731
    rows: list[list[C]] = []
    if style.headers:
        rows += [[C("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
                  C("申请人情况", colspan=7)],
                 [C("自然人", rowspan=2), C("法人或其他组织", colspan=5), C("总计", rowspan=2)],
                 [C("商业企业"), C("科研机构"), C("社会公益组织"), C("法律服务机构"), C("其他")]]
    rows.append([C(_top("一", style) + "本年新收政府信息公开申请数量", colspan=3)] + vals("new"))
    rows.append([C(_top("二", style) + "上年结转政府信息公开申请数量", colspan=3)] + vals("carried_over"))
    one_other = "requests.other.total" in doc.values or "requests.other.total" in doc.blank
    groups = [("三", "不予公开", "denied", ["state_secret", "prohibited_by_law", "security_stability", "third_party",
                                          "internal_affairs", "process_info", "enforcement_files", "query_matters"], _DENIED),
              ("四", "无法提供", "unavailable", ["not_held", "needs_creation", "unclear"], _UNAVAILABLE),
              ("五", "不予处理", "not_processed", ["petition", "duplicate", "publication", "excessive",
                                               "confirm_or_reissue"], _NOT_PROCESSED)]
    if not one_other:
        groups.append(("六", "其他处理", "other", ["no_correction", "unpaid_fee", "other"], _OTHER))
    result_rows = 2 + sum(len(g[3]) for g in groups) + (1 if one_other else 0) + 1
    first = [C(_top("三", style) + "本年度办理结果", rowspan=result_rows)]
    rows.append(first + [C(_group("一", style) + "予以公开", colspan=2)] + vals("granted"))
    rows.append([C(_group("二", style) + "部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2)] + vals("partial"))
    for n, name, stem, keys, labels in groups:
        for i, (key, label) in enumerate(zip(keys, labels)):
            head = [C(_group(n, style) + name, rowspan=len(keys))] if i == 0 else []
            rows.append(head + [C(_item(i + 1, style) + label)] + vals(f"{stem}.{key}"))
    if one_other:
        rows.append([C(_group("六", style) + "其他处理", colspan=2)] + vals("other"))
    rows.append([C(_group("七", style) + "总计", colspan=2)] + vals("handled_total"))
    rows.append([C(_top("四", style) + "结转下年度继续办理", colspan=3)] + vals("carried_forward"))
    return rows


def appeals_table(doc: Doc, style: Style) -> list[list[C]]:
    cols = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows: list[list[C]] = []
    if style.headers:
        rows += [[C("行政复议", colspan=5), C("行政诉讼", colspan=10)],
                 [C(c, rowspan=2) for c in cols] + [C("未经复议直接起诉", colspan=5), C("复议后起诉", colspan=5)],
                 [C(c) for c in cols * 2]]
    rows.append([C(_fmt_value(doc, k, style)) for k in lx.APPEAL_KEYS])
    return rows


def grid(table: list[list[C]]) -> list[list[str]]:
    """The drawn table as the positions a reader sees: a merged cell's text in
    its first position, the other positions empty."""
    pos: dict[tuple[int, int], str] = {}
    for r, row in enumerate(table):
        c = 0
        for cell in row:
            while (r, c) in pos:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    pos[(r + dr, c + dc)] = cell.text if (dr, dc) == (0, 0) else ""
            c += cell.colspan
    nrows = max(k[0] for k in pos) + 1
    ncols = max(k[1] for k in pos) + 1
    return [[pos.get((i, j), "") for j in range(ncols)] for i in range(nrows)]


def tables_of(doc: Doc, style: Style) -> dict[int, list]:
    """Section number → what is printed under its heading: tables, and in the
    split style the item lines between the tables."""
    proactive, requests = proactive_table(doc, style), requests_table(doc, style)
    if not style.split:
        return {2: [proactive], 3: [requests], 4: [appeals_table(doc, style)]}
    items: list = []
    for row in proactive:
        if row[0].text.startswith("第二十条"):
            items += [row[0].text, []]
        else:
            items[-1].append(row)
    # a page break inside table 三 (a PDF converted to HTML or Word): the rest is another table
    cut = next(i for i, row in enumerate(requests) if any("无法提供" in c.text for c in row))
    first, rest = requests[:cut], requests[cut:]
    # the merged 三、本年度办理结果 cell ends at the break and goes on, empty, in the next table
    first = [[C(c.text, c.rowspan, c.colspan) for c in row] for row in first]
    for i, row in enumerate(first):
        for c in row:
            if c.rowspan > 1 and "办理结果" in c.text:
                c.rowspan = len(first) - i
    result_rows = len(rest) - 1   # 四、结转下年度继续办理 is outside the merged cell
    rest = [list(row) for row in rest]
    rest[0].insert(0, C("", rowspan=result_rows))
    return {2: items, 3: [first, rest], 4: [appeals_table(doc, style)]}


def blocks(doc: Doc, style: Style):
    """The report in reading order: ("title", str), ("p", str), ("h", str), ("table", rows)."""
    yield "title", doc.title
    for p in doc.opening:
        yield "p", p
    tables = tables_of(doc, style)
    for number, heading, paragraphs in doc.sections:
        yield "h", heading
        for p in paragraphs:
            yield "p", p
        for t in tables.pop(number, []):
            yield ("p", t) if isinstance(t, str) else ("table", t)


# ---- forms -----------------------------------------------------------------------

def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _spans(text: str) -> str:
    """Word-exported prose: one paragraph in several styled runs, cut between
    two Chinese characters (where Word also wraps its source lines)."""
    inner = [i for i in range(1, len(text)) if _cjk(text[i - 1]) and _cjk(text[i])]
    picks = sorted({min(inner, key=lambda i: abs(i - len(text) * f // 3)) for f in (1, 2)}) if inner else []
    cuts = [0] + picks + [len(text)]
    return "".join(f'<span style="font-family:仿宋_GB2312;font-size:16pt">{htmlmod.escape(text[a:b])}</span>'
                   for a, b in zip(cuts, cuts[1:]))


def _html_table(table: list[list[C]], cell_html) -> str:
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="600"><tbody>']
    for row in table:
        out.append("<tr>")
        for cell in row:
            attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + \
                    (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            out.append(f'<td{attrs} valign="center">{cell_html(cell.text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


_NAV = """<div class="top"><a href="/">首页</a> | <a href="/en">English</a> | <a href="#">无障碍</a> | <a href="#">登录</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/zjhz">走进本地</a></li></ul>
<form class="search"><input type="text" value="请输入关键字"><button>搜索</button></form>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk">政府信息公开</a> &gt; <a href="/zwgk/nb">政府信息公开年报</a></div>
"""

_FOOTER = """<div class="footer"><p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p>
<p>主办单位：本地人民政府办公室　承办单位：本地大数据管理中心</p>
<p>联系电话：010-66668888　网站标识码：1234567890</p><p>京ICP备12345678号　京公网安备11010102000001号</p></div>
"""


def html_page(doc: Doc, style: Style, charset: str, *, entities: bool) -> str:
    """A government site's page. ``entities``: the (b) variant's &nbsp;, <br>,
    full-width spaces and pretty-printed whitespace between inline tags."""
    def cell_html(text: str) -> str:
        if not text:
            return "&nbsp;" if entities else ""
        if entities and len(text) > 8:
            # a long label wrapped in its cell
            text_html = htmlmod.escape(text[: len(text) // 2]) + "<br>" + htmlmod.escape(text[len(text) // 2:])
        else:
            text_html = htmlmod.escape(text)
        if entities:
            return f'<p align="center">\n    <span>&nbsp;{text_html}</span>\u3000\n</p>'
        return f'<p align="center"><span style="font-family:仿宋_GB2312">{text_html}</span></p>'

    body = []
    for kind, value in blocks(doc, style):
        if kind == "title":
            body.append(f'<h1 class="title">{htmlmod.escape(value)}</h1>')
            body.append('<div class="info">发布时间：2024-01-20 09:30　来源：办公室　浏览次数：1024　'
                        '字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>')
        elif kind == "h":
            m = re.match(r"^([一二三四五六七八九十]+、)(.*)$", value)
            inner = (f"<span>{m.group(1)}</span><span>{htmlmod.escape(m.group(2))}</span>" if m
                     else f"<span>{htmlmod.escape(value)}</span>")
            body.append(f'<p style="text-indent:2em"><strong>{inner}</strong></p>')
        elif kind == "p":
            if entities:
                spans = _spans(value).replace("</span><span", "</span>\n      <span")
                body.append(f'<p style="text-indent:2em">\n      \u3000\u3000{spans}\n</p>')
            else:
                body.append(f'<p class="MsoNormal" style="text-indent:2em">{_spans(value)}</p>')
        else:
            body.append(_html_table(value, cell_html))
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset != "utf-8"
            else '<meta charset="utf-8">')
    article = "\n".join(body)
    # old CMS pages lay the whole page out in a table, the report's tables nested inside
    return f"""<!DOCTYPE html>
<html><head>{meta}<title>{htmlmod.escape(doc.title)}</title>
<style>.nav li{{float:left}}</style><script>var _hmt = _hmt || [];</script></head>
<body>
{_NAV}
<table width="1000" align="center" class="layout"><tr>
<td width="200" class="left"><div class="side"><p>信息公开指南</p><p>信息公开制度</p><p>法定主动公开内容</p><p>政府信息公开年报</p></div></td>
<td width="800" class="content"><div class="article">
{article}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="print"><a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
</td></tr></table>
{_FOOTER}
<script>document.write("");</script>
</body></html>
"""


def tab_text(doc: Doc, style: Style) -> str:
    """A Word/Excel copy: prose one paragraph per line, each table row one line
    of tab-separated cells (merged positions empty)."""
    out = []
    for kind, value in blocks(doc, style):
        if kind == "table":
            out.extend("\t".join(row) for row in grid(value))
        else:
            out.append(value)
    return "\n".join(out) + "\n"


def spaced_text(doc: Doc, style: Style) -> str:
    """A layout-keeping PDF extraction (pdftotext -layout): each table row one
    line, its cells padded into columns with spaces, merged positions blank."""
    out = []
    for kind, value in blocks(doc, style):
        if kind == "table":
            g = grid(value)
            widths = [max(len(row[j]) for row in g) + 2 for j in range(len(g[0]))]
            out.extend("".join(c.ljust(w, " ") for c, w in zip(row, widths)).rstrip() for row in g)
        else:
            out.append(value)
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int = 34) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def cell_lines_text(doc: Doc, style: Style) -> str:
    """A bad PDF copy: every table cell on its own line (merged cells once, empty
    cells gone), prose hard-wrapped at the page width, page numbers between."""
    out = []
    for kind, value in blocks(doc, style):
        if kind == "table":
            for row in value:
                out.extend(c.text for c in row if c.text)
        elif kind == "p":
            out.extend(_wrap(value))
        else:
            out.append(value)
    # a page break inside a table: "- 3 -"
    i = next(i for i, s in enumerate(out) if "结转下年度" in s or "其他处理" in s)
    out.insert(i, "- 3 -")
    return "\n".join(out) + "\n"


def docx_file(doc: Doc, style: Style, path: Path) -> None:
    import docx

    d = docx.Document()
    for kind, value in blocks(doc, style):
        if kind == "table":
            g = grid(value)
            t = d.add_table(rows=len(g), cols=len(g[0]))
            t.style = "Table Grid"
            r = 0
            for row in value:
                c = 0
                for cell in row:
                    while _occupied(value, r, c):
                        c += 1
                    top = t.cell(r, c)
                    if cell.rowspan > 1 or cell.colspan > 1:
                        top = top.merge(t.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                    top.text = cell.text
                    c += cell.colspan
                r += 1
        elif kind == "title":
            d.add_heading(value, level=1)
        else:
            para = d.add_paragraph()
            cuts = [0, len(value) // 2, len(value)]
            for a, b in zip(cuts, cuts[1:]):
                run = para.add_run(value[a:b])
                run.bold = kind == "h"
    d.save(str(path))


def _occupied(table: list[list[C]], r: int, c: int) -> bool:
    """Is grid position (r, c) covered by a merged cell from an earlier row or column?"""
    pos: set[tuple[int, int]] = set()
    for ri, row in enumerate(table[: r + 1]):
        ci = 0
        for cell in row:
            while (ri, ci) in pos:
                ci += 1
            if ri == r and ci >= c:
                break
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    pos.add((ri + dr, ci + dc))
            ci += cell.colspan
    return (r, c) in pos


def document_html(doc: Doc, style: Style) -> str:
    """The report alone, as its author's Word file looks: centred title, body
    text, ruled tables with padded cells (what a PDF is printed from)."""
    body = []
    for kind, value in blocks(doc, style):
        if kind == "title":
            body.append(f'<h1 style="text-align:center;font-size:22pt">{htmlmod.escape(value)}</h1>')
        elif kind == "h":
            body.append(f'<p style="font-weight:bold">{htmlmod.escape(value)}</p>')
        elif kind == "p":
            body.append(f'<p style="text-indent:2em">{htmlmod.escape(value)}</p>')
        else:
            body.append(_html_table(value, htmlmod.escape).replace(
                'cellpadding="0"', 'cellpadding="4" style="border-collapse:collapse;font-size:10pt"'))
    return '<html><head><meta charset="utf-8"></head><body style="font-size:16pt">' + "\n".join(body) + "</body></html>"


CHROMIUM = Path("/usr/bin/chromium")


def pdf_file(doc: Doc, style: Style, tmp: Path) -> Path:
    """Print the document to PDF with headless Chromium: Chinese and digits
    come out in different fonts, as in agencies' PDFs."""
    import subprocess

    if not CHROMIUM.exists():
        pytest.skip("chromium not installed (scripts/setup.sh installs it)")
    src, out = tmp / "doc.html", tmp / "report.pdf"
    src.write_text(document_html(doc, style), encoding="utf-8")
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", src.as_uri()], capture_output=True, timeout=120, check=True)
    return out


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


# ---- checks ----------------------------------------------------------------------

def assert_same_report(report, doc: Doc, style: Style | None = None, *, prose: bool = True) -> None:
    style = style or Style()
    blanked = set(style.blank_keys)
    want_values = {k: v for k, v in doc.values.items() if k not in blanked}
    want_blank = (doc.blank | blanked)
    assert report.report_id == doc.report_id
    assert report.template == doc.template
    wrong = {k: (want_values.get(k), report.values.get(k))
             for k in want_values.keys() | report.values.keys() if want_values.get(k) != report.values.get(k)}
    assert not wrong, f"cells differ (want, got): {wrong}"
    # a cell the original did not print at all (the seed's truncated last 行政诉讼 cell) is drawn
    # as an empty cell in the template's table, so reading it as blank is right there
    extra = {k for k in set(report.blank) - want_blank if k in doc.values or k in doc.blank}
    assert want_blank <= set(report.blank) and not extra, \
        f"blanks differ: missing {want_blank - set(report.blank)}, extra {extra}"
    # the sign is kept as printed (full-width digits included)
    assert {k: unicodedata.normalize("NFKC", v) for k, v in report.signed.items()} == \
        {k: v for k, v in doc.signed.items() if k not in blanked}
    if prose:
        assert [s.number for s in report.sections if s.number] == doc.numbers


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ---- (a)–(f): the same report, other forms -----------------------------------------

def _without_record(contacts: dict) -> dict:
    """Contacts without the page's own record (发布日期, 索引号, 落款日期), which differ by form."""
    return {k: v for k, v in contacts.items() if k not in ("published", "index_no", "signed_on", "record_lines")}


@pytest.mark.parametrize("name", ALL)
def test_gov_site_html_gbk(tmp_path, name):
    doc = read_doc(name)
    page = html_page(doc, Style(), "gbk", entities=False)
    assert 'rowspan="3" colspan="3"' in page and "<table" in page
    report = parse_file(_write(tmp_path, "report.html", page.encode("gbk")))
    assert report.source["format"] == "html"
    assert_same_report(report, doc)
    # the footer's phone is the site's, not the report's; the page's own date is its record
    assert _without_record(report.contacts) == doc.contacts
    assert report.contacts.get("published") == "2024-01-20"
    assert report.title == doc.title


@pytest.mark.parametrize("name", ALL)
def test_html_utf8_entities_br_fullwidth_spaces(tmp_path, name):
    doc = read_doc(name)
    page = html_page(doc, Style(), "utf-8", entities=True)
    assert "&nbsp;" in page and "<br>" in page and "\u3000" in page
    report = parse_file(_write(tmp_path, "report.htm", page.encode("utf-8")))
    assert_same_report(report, doc)
    # prose keeps its paragraphs whole: a paragraph split into styled runs is one paragraph
    got = [p for s in report.sections for p in s.paragraphs]
    want = [p for _, _, ps in doc.sections for p in ps]
    assert all(any(re.sub(r"\s+", "", w) == re.sub(r"\s+", "", g) for g in got) for w in want)


@pytest.mark.parametrize("name", ALL)
def test_tab_separated_rows(tmp_path, name):
    doc = read_doc(name)
    text = tab_text(doc, Style())
    assert "\t\t" in text
    report = parse_file(_write(tmp_path, "report.txt", text.encode("utf-8")))
    assert_same_report(report, doc)


@pytest.mark.parametrize("name", ALL)
def test_one_cell_per_line(tmp_path, name):
    doc = read_doc(name)
    text = cell_lines_text(doc, Style())
    assert "|" not in text and "\t" not in text
    report = parse_file(_write(tmp_path, "report.txt", text.encode("utf-8")))
    assert_same_report(report, doc, prose=False)


@pytest.mark.parametrize("name", ALL)
def test_space_aligned_columns(tmp_path, name):
    doc = read_doc(name)
    text = spaced_text(doc, Style())
    assert "|" not in text and "\t" not in text
    report = parse_file(_write(tmp_path, "report.txt", text.encode("utf-8")))
    assert_same_report(report, doc)


@pytest.mark.parametrize("name", ALL)
def test_docx(tmp_path, name):
    pytest.importorskip("docx")
    doc = read_doc(name)
    path = tmp_path / "report.docx"
    docx_file(doc, Style(), path)
    report = parse_file(path)
    assert report.source["format"] == "docx"
    assert_same_report(report, doc)
    assert _without_record(report.contacts) == _without_record(doc.contacts)


@pytest.mark.parametrize("name", CORE)
def test_printed_to_pdf(tmp_path, name):
    doc = read_doc(name)
    report = parse_file(pdf_file(doc, Style(), tmp_path))
    assert report.source["format"] == "pdf"
    assert_same_report(report, doc)
    assert report.title == doc.title
    assert _without_record(report.contacts) == _without_record(doc.contacts)


@pytest.mark.parametrize("name", CORE)
def test_traditional_big5_html(tmp_path, name):
    doc = read_doc(name)
    page = traditional(html_page(doc, Style(), "big5", entities=False))
    report = parse_file(_write(tmp_path, "report.html", page.encode("big5", errors="replace")))
    assert report.source["traditional"] is True
    assert_same_report(report, doc)


@pytest.mark.parametrize("name", CORE)
def test_traditional_tab_text(tmp_path, name):
    doc = read_doc(name)
    report = parse_file(_write(tmp_path, "report.txt", traditional(tab_text(doc, Style())).encode("utf-8")))
    assert report.source["traditional"] is True
    assert_same_report(report, doc)


# ---- how other agencies vary -------------------------------------------------------

def _blank_some(doc: Doc, marks: list[str]) -> dict:
    """Print a few cells blank, at the first, middle and last positions of rows
    (a blank last cell must not shift a row's numbers), with the marks given."""
    wanted = ["requests.new.total", "requests.granted.natural_person", "requests.partial.business",
              "requests.handled_total.total", "requests.carried_forward.natural_person",
              "proactive.rules.repealed", "proactive.rules.in_force", "proactive.licensing.decisions",
              "proactive.penalty.decisions",
              "appeals.review.upheld", "appeals.litigation_direct.other", "appeals.litigation_after_review.pending",
              "appeals.litigation_after_review.total"]
    keys = [k for k in wanted if k in doc.values]
    return {k: marks[i % len(marks)] for i, k in enumerate(keys)}


FORMS = {
    "html": lambda doc, style, tmp: _write(tmp, "r.html", html_page(doc, style, "utf-8", entities=False).encode()),
    "html_entities": lambda doc, style, tmp: _write(tmp, "r.html", html_page(doc, style, "utf-8", entities=True).encode()),
    "tabs": lambda doc, style, tmp: _write(tmp, "r.txt", tab_text(doc, style).encode()),
    "cells": lambda doc, style, tmp: _write(tmp, "r.txt", cell_lines_text(doc, style).encode()),
    "spaces": lambda doc, style, tmp: _write(tmp, "r.txt", spaced_text(doc, style).encode()),
}


def _docx_form(doc, style, tmp):
    pytest.importorskip("docx")
    path = tmp / "r.docx"
    docx_file(doc, style, path)
    return path


FORMS["docx"] = _docx_form
FORMS["pdf"] = pdf_file


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name", CORE)
def test_blank_cells_stay_blank(tmp_path, name, form):
    doc = read_doc(name)
    # one cell per line loses empty cells entirely: there a blank is a mark
    marks = ["/", "—", "－", "-"] if form in ("cells", "spaces") else ["", "/", "—", "", "－"]
    style = Style(blank_keys=_blank_some(doc, marks))
    assert len(style.blank_keys) >= 8
    report = parse_file(FORMS[form](doc, style, tmp_path))
    assert_same_report(report, doc, style, prose=False)
    assert not [k for k in style.blank_keys if k in report.values]


@pytest.mark.parametrize("numbering", ["halfwidth", "comma", "none"])
@pytest.mark.parametrize("form", ["html", "tabs", "cells", "spaces"])
@pytest.mark.parametrize("name", CORE)
def test_row_label_numbering(tmp_path, name, form, numbering):
    doc = read_doc(name)
    style = Style(numbering=numbering)
    report = parse_file(FORMS[form](doc, style, tmp_path))
    assert_same_report(report, doc, style, prose=False)


@pytest.mark.parametrize("form", ["html", "tabs", "cells", "spaces", "docx"])
@pytest.mark.parametrize("name", CORE)
def test_thousands_separators_units_fullwidth_digits(tmp_path, name, form):
    doc = read_doc(name)
    for style in (Style(thousands=True, fee_unit=True), Style(fullwidth_digits=True)):
        report = parse_file(FORMS[form](doc, style, tmp_path))
        assert_same_report(report, doc, style, prose=False)


@pytest.mark.parametrize("form", ["html", "tabs", "cells", "spaces"])
@pytest.mark.parametrize("name", CORE)
def test_tables_without_header_rows(tmp_path, name, form):
    doc = read_doc(name)
    style = Style(headers=False)
    report = parse_file(FORMS[form](doc, style, tmp_path))
    assert_same_report(report, doc, style, prose=False)


@pytest.mark.parametrize("form", ["html", "html_entities", "tabs", "docx"])
@pytest.mark.parametrize("name", CORE)
def test_tables_split_per_item_and_across_pages(tmp_path, name, form):
    doc = read_doc(name)
    style = Style(split=True)
    path = FORMS[form](doc, style, tmp_path)
    report = parse_file(path)
    assert_same_report(report, doc, style, prose=False)


def test_page_laid_out_in_a_table_without_report_tables(tmp_path):
    """A page whose menu and content stand in the two cells of a layout table,
    the report's tables left out (published as images): the prose is read as
    prose, not as one giant table cell."""
    doc = read_doc(SEED_NAME)
    page = html_page(doc, Style(), "utf-8", entities=False)
    page = re.sub(r'<table class="MsoNormalTable".*?</table>', "", page, flags=re.S)
    assert page.count("<table") == 1
    report = parse_file(_write(tmp_path, "r.html", page.encode()))
    assert report.report_id == doc.report_id
    assert report.values == {} and any(f["rule"] == "tables_missing" for f in report.findings)
    assert [s.number for s in report.sections if s.number] == doc.numbers
    assert _without_record(report.contacts) == _without_record(doc.contacts)


def test_a_shifted_row_is_never_read(tmp_path):
    """A requests row whose last cell is blank keeps its other six numbers
    under their own columns (not moved one column right)."""
    doc = read_doc(SEED_NAME)
    style = Style(blank_keys={"requests.new.total": ""})
    report = parse_file(FORMS["html"](doc, style, tmp_path))
    assert "requests.new.total" in report.blank
    assert report.values["requests.new.natural_person"] == doc.values["requests.new.natural_person"] == 8
    assert report.values["requests.new.other_org"] == 0


def test_a_mirror_sites_pinyin_readings_are_not_text(tmp_path):
    from ingest.reader import read_report, strip_pinyin_annotations

    assert strip_pinyin_annotations("根據(jù)《條例》,特向社會(huì)公布開平市農(nóng)業(yè)農(nóng)村局") == "根據《條例》,特向社會公布開平市農業農村局"
    # brackets that are not a reading stay: (a) after a letter, （一） and a plain word in brackets
    assert strip_pinyin_annotations("第(a)项（一）予以公开(gongkai)") == "第(a)项（一）予以公开(gongkai)"
    page = ("一、總體情況 根據(jù)《中華人民共和國(guó)政府信息公開條例》,特向社會(huì)公布2020年開平市農(nóng)業(yè)農(nóng)村局"
            "政府信息公開工作年度報(bào)告。本報(bào)告中所列數(shù)據(jù)的統(tǒng)計(jì)期限自2020年1月1日起至2020年12月31日止。"
            "如對(duì)本報(bào)告有任何疑問,請(qǐng)與開平市農(nóng)業(yè)農(nóng)村局辦公室聯(lián)系(電話(huà):0750-2303503)。")
    f = tmp_path / "kaiping.txt"
    f.write_text(page, encoding="utf-8")
    src = read_report(f)
    assert "(jù)" not in src.original and "开平市农业农村局" in src.text
    r = parse_file(f)
    assert (r.agency, r.year) == ("开平市农业农村局", 2020)


def test_an_appeals_table_whose_last_columns_are_all_blank_is_read_by_position(tmp_path):
    """HTML tables print blank cells as empty cells; when every 复议后起诉 cell is empty the
    fifteen values still stand in their own columns (5 · · 2 7 8 · · 1 9 · · · · ·)."""
    row = "".join(f"<td>{v}</td>" for v in ["5", "&nbsp;", "&nbsp;", "2", "7", "8", "&nbsp;", "&nbsp;", "1", "9"] + ["&nbsp;"] * 5)
    head = ("<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
            "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
            "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>")
    page = ("<html><body><p>某某市统计局2019年政府信息公开工作年度报告</p><p>本年度报告中所列数据统计期限从2019年1月1日到12月31日止。</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td>"
            + "<td>3</td>" + "<td>&nbsp;</td>" * 5 + "<td>3</td></tr></table>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><table>" + head + "<tr>" + row + "</tr></table>"
            "<p>五、政府信息公开工作存在的主要问题及改进情况</p><p>无。</p></body></html>")
    f = tmp_path / "appeals.html"
    f.write_text(page, encoding="utf-8")
    r = parse_file(f)
    assert r.values["appeals.review.upheld"] == 5 and r.values["appeals.review.total"] == 7
    assert r.values["appeals.litigation_direct.pending"] == 1 and r.values["appeals.litigation_direct.total"] == 9
    assert "appeals.litigation_after_review.total" in r.blank and "appeals.review.corrected" in r.blank


def test_a_traditional_report_keeps_the_characters_it_printed_for_citations():
    from ingest.parser import printed_chars

    chars = printed_chars("信息公开费用，公开后发布", "信息公開費用，公開後發布")
    assert chars == {"开": "開", "费": "費", "后": "後", "发": "發"}
    # a character printed both ways takes the form printed most often
    assert printed_chars("后后后", "后後后") == {}
    assert printed_chars("不一样长", "不一樣長短") == {}


def test_a_dash_typed_for_one_before_a_headings_comma_is_section_one():
    text = ("某县某局2019年政府信息公开工作年度报告\n—、总体情况\n" + "2019年，我局认真做好政府信息公开工作，主动公开信息12条。" * 3 +
            "\n五、存在的主要问题及改进情况\n宣传不够。\n六、其他需要报告的事项\n无\n")
    r = parse_text(SourceText(text=text, original=text, encoding="utf-8", fmt="txt", traditional=False), "x.txt")
    assert [s.number for s in r.sections if s.heading] == [1, 5, 6]


def test_a_character_printed_in_two_traditional_forms_is_cited_in_the_form_beside_its_neighbour():
    from bot.answer import citation
    from ingest.parser import printed_pairs

    simplified, printed = "答复申请人。行政复议两件。答复及时。", "答復申請人。行政複議兩件。答復及時。"
    pairs = printed_pairs(simplified, printed)
    assert pairs["政复"] == "複" and pairs["答复"] == "復"
    report = type("R", (), {"source": {"printed_chars": {"复": "復", "申": "申", "请": "請", "议": "議", "两": "兩", "时": "時"},
                                       "printed_pairs": pairs}, "report_id": "x", "agency": "x", "year": 2018})()
    assert citation(report, "", "行政复议两件，答复及时。", None)["text"] == "行政複議兩件，答復及時。"
    assert printed_pairs("不一样长", "不一樣長短") == {}


def test_one_cell_per_line_with_the_rules_of_empty_columns_after_each_cell(tmp_path):
    # a crawler keeps each cell's column rules after it ("1415 | ||", "行政许可 |"): the same table
    doc = read_doc("2020_qzts_ghjsjtj")
    lines = cell_lines_text(doc, Style()).split("\n")
    text = "\n".join(ln + (" | ||" if k % 2 else " |") if ln.strip() and len(ln.strip()) < 20 else ln
                     for k, ln in enumerate(lines))
    assert text.count(" | ||") >= 3
    report = parse_file(_write(tmp_path, "report.txt", text.encode("utf-8")))
    assert_same_report(report, doc, prose=False)


def test_a_cell_printed_无_is_none_in_words_a_zero_while_rules_stay_blank():
    from ingest.tables import parse_number
    assert parse_number("无").value == 0 and parse_number("无 ").raw == "无"
    assert all(parse_number(mark).value is None for mark in ("", "/", "-", "—"))


def test_a_one_cell_per_line_table_with_an_empty_line_between_cells_is_read_whole():
    from ingest.parser import parse_text
    from ingest.reader import SourceText
    # a crawled page (cut off in its table note) that prints every cell apart, an empty line between
    section = '二、主动公开政府信息情况\n\n第二十条第(一)项\n\n信息内容\n\n本年新\n制作数量\n\n本年新\n公开数量\n\n对外公开总数量\n\n规章\n\n  0\n\n0\n\n 0\n\n规范性文件\n\n  0\n\n0\n\n 0\n\n第二十条第(五)项\n\n信息内容\n\n上一年项目数量\n\n本年增/\n\n处理决定数量\n\n行政许可\n\n 0\n\n 0\n\n 0\n\n其他对外管理服务事项\n\n 0\n\n 0\n\n 0\n\n第二十条第(六)项\n\n信息内容\n\n上一年项目数量\n\n本年增/\n\n处理决定数量\n\n行政处罚\n\n 0\n\n 0\n\n 7\n\n行政强制\n\n 0\n\n 0\n\n 0\n\n第二十条第(八)项\n\n信息内容\n\n上一年项目数量\n\n本年增/\n\n行政事业性收费\n\n 0\n\n0 \n\n第二十条第(九)项\n\n信息内容\n\n采购项目数量\n\n采购总金额\n\n政府集中采购\n\n 5\n\n447.18万元\n\n(注:“行政许可”栏目中“上一年项目数量”是指本单位2019年行政许可权力事项的数量,“本年增/减”是指本单位2020年行政许可权力事项增减数量,“处理决定数量”是指本单位2020年各类行政许可权力事项作出处理决定总数;表中“其他'
    text = "某区文化和旅游局2020年政府信息公开工作年度报告\n一、总体情况\n我局认真落实政府信息公开条例。\n" + section
    r = parse_text(SourceText(text=text, original=text, encoding="utf-8", fmt="txt", traditional=False), "x.txt")
    assert r.values.get("proactive.penalty.decisions") == 7 and r.values.get("proactive.enforcement.decisions") == 0


def test_a_pages_date_labelled_信息时间_生成日期_or_inside_another_field_is_its_publication():
    from ingest.parser import parse_text
    from ingest.reader import SourceText

    def published(head: str) -> str | None:
        text = head + ("本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。\n一、概述\n"
                       "我区认真落实政府信息公开条例，主动公开政府信息。\n")
        r = parse_text(SourceText(text=text, original=text, encoding="utf-8", fmt="txt", traditional=False), "x.txt")
        return r.contacts.get("published")

    assert published("南昌市西湖区人民政府2015年政府信息公开工作年度报告\n【信息时间:2016-06-23 阅读次数: 作者: 】\n") == "2016-06-23"
    assert published("西湖区人民政府2015年政府信息公开工作年度报告\n索 引 号: S0B00-0000-2020-00063 主题分类: 县区政府\n"
                     "信息来源: 归集发布日期: 2016年01月31日\n名  称: 西湖区人民政府2015年政府信息公开工作年度报告\n") == "2016年01月31日"


def test_an_address_alone_in_brackets_after_the_office_is_the_address():
    from ingest.parser import find_contacts
    got = find_contacts("联系:莒南县石莲子镇人民政府办公室(石莲子镇莲中路1号),邮编:276618,联系电话:0539-7763010")
    assert got["address"] == "石莲子镇莲中路1号" and got["postcode"] == "276618"
    # brackets holding no street and number are no address
    assert "address" not in find_contacts("请与本镇党政办公室(信息公开办)联系,电话:0539-7763010")


def test_a_change_printed_in_words_is_a_signed_number():
    from ingest.tables import parse_number

    assert parse_number("增1558").value == 1558 and parse_number("增1558").signed
    assert parse_number("减38").value == -38
    assert parse_number("增加") is None


def test_an_office_for_questions_after_可与_and_a_fax_printed_as_电话_传真():
    from ingest.parser import find_contacts

    found = find_contacts("如对本报告有疑问,可与管委会党政办办公室联系(地址:西安市莲湖区某路1号,电话(传真):0953-8022350)。")
    assert found["office"] == "管委会党政办办公室"
    assert found["fax"] == ["0953-8022350"]
    found = find_contacts("并依照规定在市政府门户网站公布,如有疑问,请与西宁市人民政府办公厅电子政务中心联系(电话:0971-8222155)。")
    assert found["office"] == "西宁市人民政府办公厅电子政务中心"


def test_an_address_ends_where_the_next_field_begins_and_a_number_after_请联系_is_a_phone():
    from ingest.parser import find_contacts

    found = find_contacts("办公地址:梅河口市山城镇人民政府联系电话:0435—4810920邮政编码:135022一、总体情况")
    assert found["address"] == "梅河口市山城镇人民政府" and found["postcode"] == "135022"
    assert find_contacts("如对本报告有任何疑问,请联系:86552285。")["phone"] == ["86552285"]


def test_a_decimal_printed_with_trailing_zeros_is_quoted_as_printed():
    from ingest.tables import as_printed, parse_number

    assert as_printed(parse_number("18.8710")) == "18.8710"
    assert as_printed(parse_number("18.871")) == "" and as_printed(parse_number("20")) == ""
    assert as_printed(parse_number("+2")) == "+2" and as_printed(parse_number("-1")) == "-1"


def test_a_phone_typed_with_two_dashes_and_a_date_alone_under_the_title():
    from ingest.parser import find_contacts, parse_text
    from ingest.reader import SourceText

    assert find_contacts("联系电话:0371--67179300,地址:郑东新区才高街")["phone"] == ["0371-67179300"]
    page = ("2012年嵊州市人民政府信息公开工作\n年度报告\n(2013年3月25日)\n引言\n本报告由嵊州市人民政府办公室编制,"
            "统计期限自2012年1月1日至2012年12月31日。全年主动公开政府信息1200条,坚持公开为原则,不公开为例外。\n")
    r = parse_text(SourceText(text=page, original=page, encoding="utf-8", fmt="txt", traditional=False), "x.txt")
    assert r.contacts["signed_on"] == "2013年3月25日"
