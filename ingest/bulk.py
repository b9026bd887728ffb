"""A crawler's bulk CSV: one row per article of a 政府信息公开年报 column.

Columns as crawlers write them: 标题, 时间, 内容 (and 一级类别, 来源网站, 访问地址 …).
The column also holds other articles (法治政府建设 reports, 网站工作年度报表,
empty rows). Each annual report row becomes a crawler page (metadata lines,
then the body), so identity and tables are read as for any crawler page."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from ingest.reader import ReportError, SourceText, decode_bytes, strip_pinyin_annotations, to_simplified

# Columns as crawlers name them: the exact names first, then any header holding one of the words
_TITLE_COLUMNS = ("标题", "title", "题目", "文章标题", "name", "名称")
_DATE_COLUMNS = ("时间", "发布时间", "发布日期", "date", "publish_time", "pubdate", "日期")
_BODY_COLUMNS = ("内容", "正文", "content", "text", "body", "全文", "正文内容")
_URL_COLUMNS = ("访问地址", "原文链接", "链接", "url", "link", "网址")
_TITLE_WORDS = re.compile(r"标题|题目|title|名称", re.I)
_DATE_WORDS = re.compile(r"时间|日期|date|time", re.I)
_BODY_WORDS = re.compile(r"正文|内容|content|text|body|全文|详情|article", re.I)
_URL_WORDS = re.compile(r"地址|链接|网址|url|link|href", re.I)
# an annual disclosure report, not the column's other articles
_REPORT_TITLE = re.compile(r"(?:信息|政务)公开.{0,6}(?:报告|年报|报\.{2,}|报…)")
_OTHER_ARTICLE = re.compile(r"网站|法治政府|报表")
_MARKUP = re.compile(r"<(?:p|div|table|tr|td|br|span|section|article)\b", re.I)
MIN_BODY_CHARS = 200
BULK_SUFFIXES = (".csv", ".tsv")
@dataclass
class BulkArticle:
    row: int                 # 1-based data row in the file
    title: str
    source: SourceText | None
    skipped: str = ""        # why the row is not a report ("" = it is one)


def is_bulk_csv(name: str, data: bytes) -> bool:
    """A crawler's table of articles: a .csv or .tsv file with a column of report bodies."""
    if not name.lower().endswith(BULK_SUFFIXES):
        return False
    try:
        _rows_and_columns(decode_bytes(data[:1 << 20])[0])
    except ReportError:
        return False
    return True


def _rows(text: str) -> list[list[str]]:
    """The file's rows, whatever its delimiter (comma, tab, semicolon, bar)."""
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    csv.field_size_limit(16 * 1024 * 1024)
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise ReportError(f"the CSV file cannot be read: {exc}") from None


def _named(header: list[str], names: tuple[str, ...], words: re.Pattern) -> list[int]:
    """Columns whose header is one of the names, else those whose header holds one of the words."""
    exact = [i for i, h in enumerate(header) if h.strip().lower() in names]
    return exact or [i for i, h in enumerate(header) if words.search(h)]


def _mean_length(rows: list[list[str]], i: int) -> float:
    cells = [len(r[i]) for r in rows if i < len(r)]
    return sum(cells) / len(cells) if cells else 0.0


def _rows_and_columns(text: str) -> tuple[list[list[str]], dict[str, int | None]]:
    """The data rows and which column holds each field. Columns are found by their header
    (标题, 正文, content, 发布日期 …); a file without a header the product knows, or
    without any header, by what the columns hold: the body is the column of long texts,
    the title the column naming reports, the date the column of dates."""
    rows = _rows(text.lstrip("\ufeff"))
    if not rows:
        raise ReportError("the CSV file is empty")
    header, data = rows[0], rows[1:]
    has_header = not any(len(c) > 120 or _REPORT_TITLE.search(c) for c in header)
    if not has_header:
        header, data = [""] * max(len(r) for r in rows), rows
    width = max(len(r) for r in rows)
    cols: dict[str, int | None] = {}
    bodies = _named(header, _BODY_COLUMNS, _BODY_WORDS)
    cols["body"] = max(bodies, key=lambda i: _mean_length(data, i)) if bodies else None
    if cols["body"] is None or _mean_length(data, cols["body"]) < 20:
        longest = max(range(width), key=lambda i: _mean_length(data, i))
        cols["body"] = longest if _mean_length(data, longest) >= MIN_BODY_CHARS / 2 else None
    if cols["body"] is None:
        raise ReportError("a bulk CSV needs a 标题 (title) and a 内容 (body) column: no column holds report texts")
    rest = [i for i in range(width) if i != cols["body"]]
    titles = [i for i in _named(header, _TITLE_COLUMNS, _TITLE_WORDS) if i != cols["body"]]

    def naming_reports(i: int) -> int:
        return sum(1 for r in data if i < len(r) and len(r[i]) <= 120 and _REPORT_TITLE.search(r[i]))
    cols["title"] = titles[0] if titles else max(rest, key=naming_reports, default=None)
    if cols["title"] is not None and not titles and naming_reports(cols["title"]) == 0:
        cols["title"] = None        # no title column: each body's own title line names the report
    dates = [i for i in _named(header, _DATE_COLUMNS, _DATE_WORDS) if i not in (cols["body"], cols["title"])]
    dated = [i for i in rest if i != cols["title"] and
             sum(1 for r in data if i < len(r) and re.fullmatch(r"\s*(?:19|20)\d{2}[-/.年]\d{1,2}.{0,20}", r[i])) > len(data) / 2]
    cols["date"] = (dates or dated or [None])[0]
    urls = [i for i in _named(header, _URL_COLUMNS, _URL_WORDS) if i not in cols.values()]
    linked = [i for i in rest if sum(1 for r in data if i < len(r) and r[i].strip().startswith("http")) > len(data) / 2]
    cols["url"] = (urls or linked or [None])[0]
    return data, cols


def read_bulk(data: bytes) -> list[BulkArticle]:
    """Every data row: the annual reports as crawler pages, the rest with why they were skipped."""
    from ingest.reader import html_to_text

    text, _ = decode_bytes(data)
    rows, cols = _rows_and_columns(text)
    out: list[BulkArticle] = []
    for n, row in enumerate(rows, 1):
        get = (lambda i: row[i].strip() if i is not None and i < len(row) else "")
        title, body = get(cols["title"]), get(cols["body"])
        if _MARKUP.search(body):
            # a crawler that kept the page's HTML: its tables stay tables
            body = html_to_text(body)
        if _OTHER_ARTICLE.search(title) or not _REPORT_TITLE.search(title + body[:120]):
            out.append(BulkArticle(n, title, None, "not an annual disclosure report"))
            continue
        if len(body) < MIN_BODY_CHARS:
            out.append(BulkArticle(n, title, None, f"the body is empty or too short ({len(body)} characters)"))
            continue
        # a crawler keeps paragraph indents (two ideographic spaces) where the lines were
        body = body.replace("\u3000\u3000", "\n").replace("\u3000", " ").replace("\xa0", " ")
        meta = [f"标题: {title}"] if title else []
        meta += [f"发布时间: {get(cols['date'])}", f"原文链接: {get(cols['url'])}"]
        page = "\n".join(meta + ["==================== 正文 ====================", body])
        page = strip_pinyin_annotations(page)
        simplified, traditional = to_simplified(page)
        out.append(BulkArticle(n, title or body[:40], SourceText(text=simplified if traditional else page, original=page,
                                                               encoding="utf-8", fmt="txt", traditional=traditional)))
    return out
