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

_TITLE_COLUMNS = ("标题", "title", "题目")
_DATE_COLUMNS = ("时间", "发布时间", "发布日期", "date")
_BODY_COLUMNS = ("内容", "正文", "content", "text")
_URL_COLUMNS = ("访问地址", "原文链接", "链接", "url")
# an annual disclosure report, not the column's other articles
_REPORT_TITLE = re.compile(r"(?:信息|政务)公开.{0,6}(?:报告|年报|报\.{2,}|报…)")
_OTHER_ARTICLE = re.compile(r"网站|法治政府|报表")
MIN_BODY_CHARS = 200


@dataclass
class BulkArticle:
    row: int                 # 1-based data row in the file
    title: str
    source: SourceText | None
    skipped: str = ""        # why the row is not a report ("" = it is one)


def is_bulk_csv(name: str, data: bytes) -> bool:
    if not name.lower().endswith(".csv"):
        return False
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff").split("\n", 1)[0]
    return any(c in head for c in _TITLE_COLUMNS) and any(c in head for c in _BODY_COLUMNS)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, h in enumerate(header):
        if h.strip().lower() in names:
            return i
    return None


def read_bulk(data: bytes) -> list[BulkArticle]:
    """Every data row: the annual reports as crawler pages, the rest with why they were skipped."""
    text, _ = decode_bytes(data)
    csv.field_size_limit(16 * 1024 * 1024)
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise ReportError(f"the CSV file cannot be read: {exc}") from None
    if not rows:
        raise ReportError("the CSV file is empty")
    header = rows[0]
    ti, bi = _column(header, _TITLE_COLUMNS), _column(header, _BODY_COLUMNS)
    di, ui = _column(header, _DATE_COLUMNS), _column(header, _URL_COLUMNS)
    if ti is None or bi is None:
        raise ReportError("a bulk CSV needs a 标题 (title) and a 内容 (body) column")
    out: list[BulkArticle] = []
    for n, row in enumerate(rows[1:], 1):
        if not any(c.strip() for c in row):
            continue
        get = (lambda i: row[i].strip() if i is not None and i < len(row) else "")
        title, body = get(ti), get(bi)
        if _OTHER_ARTICLE.search(title) or not _REPORT_TITLE.search(title + body[:80]):
            out.append(BulkArticle(n, title, None, "not an annual disclosure report"))
            continue
        if len(body) < MIN_BODY_CHARS:
            out.append(BulkArticle(n, title, None, f"the body is empty or too short ({len(body)} characters)"))
            continue
        # a crawler keeps paragraph indents (two ideographic spaces) where the lines were
        body = body.replace("\u3000\u3000", "\n").replace("\u3000", " ").replace("\xa0", " ")
        page = "\n".join([f"标题: {title}", f"发布时间: {get(di)}", f"原文链接: {get(ui)}",
                          "==================== 正文 ====================", body])
        page = strip_pinyin_annotations(page)
        simplified, traditional = to_simplified(page)
        out.append(BulkArticle(n, title, SourceText(text=simplified if traditional else page, original=page,
                                                    encoding="utf-8", fmt="txt", traditional=traditional)))
    return out
