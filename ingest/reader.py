"""Turns a report file (.txt .md .html .pdf; UTF-8, GB18030/GBK or Big5;
simplified or traditional) into plain text lines in which tables are pipe rows.

Everything after this module works on one text form, so a table reads the same
whether it arrived as a scraped page, an HTML ``<table>`` or a PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024


class ReportError(ValueError):
    """Bad input: the file cannot be read as a report. The message is for users."""


@dataclass
class SourceText:
    text: str            # simplified-Chinese text the parser reads
    original: str        # the text as printed (traditional characters kept) for quoting
    encoding: str
    fmt: str             # txt | md | html | pdf
    traditional: bool


_ENCODINGS = ["utf-8", "gb18030", "big5"]


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding). Raises ReportError."""
    if not data.strip():
        raise ReportError("the file is empty")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError:
        raise ReportError("the file starts with a Unicode byte-order mark but is not valid UTF-8/UTF-16") from None
    if b"\x00" in data[:4096]:
        raise ReportError("the file looks binary, not a text report")
    candidates = []
    for enc in _ENCODINGS:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        candidates.append((enc, text))
    if not candidates:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ReportError("unknown text encoding (expected UTF-8, GB18030/GBK or Big5)")
        return str(best), best.encoding
    if len(candidates) == 1:
        return candidates[0][1], candidates[0][0]
    # GBK and Big5 byte ranges overlap: pick the decoding with the most common
    # report characters rather than trusting the first that does not fail.
    return max(candidates, key=lambda c: _cjk_score(c[1]))[::-1]


_COMMON = set("的年政府信息公开申请情况报告工作本一二三四五六处理行数量总计人其他法")


def _cjk_score(text: str) -> float:
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    common = sum(1 for ch in sample if ch in _COMMON)
    odd = sum(1 for ch in sample if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return common * 3 + cjk * 0.1 - odd * 10


_converter = None


def to_simplified(text: str) -> tuple[str, bool]:
    """Convert traditional characters for matching; returns (text, was_traditional)."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    converted = _converter.convert(text)
    changed = sum(1 for a, b in zip(text, converted) if a != b) if len(converted) == len(text) else len(text)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") or 1
    return converted, changed / cjk > 0.02


def html_to_text(html: str) -> str:
    """HTML page → text lines; each ``<table>`` row becomes a pipe row with
    rowspan/colspan expanded (spanned positions left empty, as PDF extractors do)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "head"]):
        tag.decompose()
    budget = MAX_TABLE_CELLS
    for table in soup.find_all("table"):
        if table.find_parent("table") is not None:
            continue
        rows = _table_grid(table, budget)
        budget -= sum(len(r) for r in rows)
        placeholder = soup.new_tag("pre")
        placeholder.string = "\n" + "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n"
        table.replace_with(placeholder)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    text = soup.get_text("\n")
    return "\n".join(line.strip() for line in text.splitlines())


# Grid positions of all HTML tables of a file, spans expanded (a report's four
# tables: < 2,000). Spans multiply: 40 bytes of <td rowspan=100 colspan=100>
# would otherwise cost 10,000 positions.
MAX_TABLE_CELLS = 100_000


def _table_grid(table, limit: int = MAX_TABLE_CELLS) -> list[list[str]]:
    grid: dict[tuple[int, int], str] = {}
    too_large = ReportError("the HTML tables in the file are too large to be a report's tables")
    r = 0
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = re.sub(r"\s+", "", cell.get_text(""))
            rs = _span(cell.get("rowspan"))
            cs = _span(cell.get("colspan"))
            if len(grid) + rs * cs > limit:
                raise too_large
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
            c += cs
        r += 1
    if not grid:
        return []
    nrows = max(k[0] for k in grid) + 1
    ncols = max(k[1] for k in grid) + 1
    if nrows * ncols > limit:
        raise too_large
    return [[grid.get((i, j), "") for j in range(ncols)] for i in range(nrows)]


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def pdf_to_text(data: bytes) -> str:
    """PDF → text: prose lines outside tables, tables as pipe rows, page order kept."""
    try:
        return _pdf_to_text(data)
    except ReportError:
        raise
    except Exception as exc:  # a PDF that opens but whose pages cannot be read (bad MediaBox, streams, …)
        raise ReportError(f"not a readable PDF ({type(exc).__name__})") from None


def _pdf_to_text(data: bytes) -> str:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken files
        raise ReportError(f"not a readable PDF ({type(exc).__name__})") from None
    out: list[str] = []
    with pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            items: list[tuple[float, list[str]]] = []
            bboxes = [t.bbox for t in tables]

            def outside(obj, boxes=bboxes):
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            rest = page.filter(outside) if bboxes else page
            for line in (rest.extract_text_lines() or []):
                items.append((line["top"], [line["text"]]))
            for t in tables:
                rows = t.extract()
                ncols = max((len(r) for r in rows), default=0)
                lines = []
                for row in rows:
                    cells = [re.sub(r"\s+", "", c or "") for c in row]
                    if ncols == 1 or sum(1 for c in cells if c) == 1 and cells[0] and ncols > 1 and _is_prose(cells[0]):
                        # A frame around prose, not a data table.
                        lines.append(cells[0])
                    else:
                        lines.append("| " + " | ".join(cells) + " |")
                items.append((t.bbox[1], lines))
            items.sort(key=lambda it: it[0])
            for _, lines in items:
                out.extend(lines)
    return "\n".join(out)


def _is_prose(cell: str) -> bool:
    return len(cell) > 12 and not re.search(r"\d{2,}", cell[-4:] or "")


def read_report(path: Path | str, data: bytes | None = None) -> SourceText:
    path = Path(path)
    if data is None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ReportError(f"cannot read {path.name}: {exc.strerror}") from None
        if size > MAX_BYTES:
            raise ReportError(f"the file is too large ({size} bytes, limit {MAX_BYTES})")
        data = path.read_bytes()
    suffix = path.suffix.lower().lstrip(".") or "txt"
    if data[:5] == b"%PDF-" or suffix == "pdf":
        if data[:5] != b"%PDF-":
            raise ReportError("the .pdf file is not a PDF")
        raw, enc, fmt = pdf_to_text(data), "pdf", "pdf"
    else:
        raw, enc = decode_bytes(data)
        fmt = suffix if suffix in ("md", "html", "htm", "txt") else "txt"
        if fmt in ("html", "htm") or re.search(r"<(table|html|body|p|div)[\s>]", raw[:5000], re.I):
            raw, fmt = html_to_text(raw), "html"
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text, traditional = to_simplified(raw)
    if not traditional:
        text = raw
    return SourceText(text=text, original=raw, encoding=enc, fmt=fmt, traditional=traditional)
