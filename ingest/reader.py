"""Turns a report file (.txt .md .html .pdf .docx; UTF-8, GB18030/GBK or Big5;
simplified or traditional) into plain text lines in which tables are pipe rows.

Everything after this module works on one text form, so a table reads the same
whether it arrived as a scraped page, an HTML ``<table>``, a Word table or a PDF.
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
    fmt: str             # txt | md | html | pdf | docx
    traditional: bool


_ENCODINGS = ["utf-8", "gb18030", "big5"]
# the file forms read_report understands (what a folder ingest and an upload accept)
REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


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

# Some mirror sites print a character's reading after it: 根據(jù), 電話(huà). A tone-marked
# syllable in brackets right after a Chinese character is never the report's own text,
# and it splits every name and term it sits in.
_PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}[)）]")


def strip_pinyin_annotations(text: str) -> str:
    """The text without a mirror site's pinyin readings (農業(yè) → 農業)."""
    return _PINYIN_NOTE.sub("", text)


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


# Elements that start a new line in a browser; everything else (span, font,
# strong, a, …) runs on inside its line, as Word-exported pages split one
# paragraph into many styled runs.
_BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt",
               "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
               "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
               "thead", "tr", "ul", "html"}


def html_to_text(html: str) -> str:
    """HTML page → text lines as a browser shows them; each data ``<table>``
    row becomes a pipe row with rowspan/colspan expanded (spanned positions
    left empty, as PDF extractors do). Layout tables (ones that hold other
    tables, or one cell per row) are read as blocks, not as data."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "head", "template", "button", "select", "textarea"]):
        tag.decompose()
    for table in soup.find_all("table"):
        if table.find("table") is not None or _single_column(table):
            for tag in [table] + table.find_all(["tr", "td", "th", "tbody", "thead", "tfoot", "caption"]):
                if tag is table or tag.find_parent("table") is table:
                    tag.name = "div"
    # Source whitespace is not text: a browser folds a run of it into one
    # space, and drops a run holding a line break between two Chinese
    # characters (Word's HTML wraps its source lines mid-sentence).
    # &nbsp; and full-width spaces stay.
    for s in soup.find_all(string=True):
        if type(s) is NavigableString and s.find_parent("pre") is None and re.search(r"[ \t\r\n\f]", s):
            s.replace_with(re.sub(r"[ \t\r\n\f]+", lambda m: _BREAK if re.search(r"[\r\n]", m.group()) else " ", str(s)))
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
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text("")
    text = re.sub(r"[ \x1e]*\x1e[ \x1e]*", lambda m: "" if _wide(text[m.start() - 1:m.start()])
                  and _wide(text[m.end():m.end() + 1]) else " ", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


_BREAK = "\x1e"   # a source line break inside text, until we know what stands either side


def _wide(ch: str) -> bool:
    """No line break is needed beside this character (CJK, full-width forms) —
    an empty string counts, as a line start or end."""
    return not ch or ch == "\n" or "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" \
        or "\u3000" <= ch <= "\u303f"


_TABBED = re.compile(r"\S[ ]*\t")
_VALUE_CELL = re.compile(r"^(?:[+\-－−]?[\d０-９][\d０-９,，.．]*(?:万元|元|件|个|条|项)?|/|／|-|－|—|——)$")


def tab_rows_to_pipes(text: str) -> str:
    """Table rows copied from Word or Excel (cells separated by tabs, merged
    positions empty) → pipe rows. A run of two or more such lines is a table;
    a lone tabbed line only when it holds a number (prose may hold a tab)."""
    lines = text.split("\n")
    tabbed = [bool(_TABBED.search(line)) for line in lines]
    for i, line in enumerate(lines):
        if not tabbed[i] or "|" in line:
            continue
        cells = [c.strip() for c in line.rstrip("\r").split("\t")]
        in_run = (i > 0 and tabbed[i - 1]) or (i + 1 < len(lines) and tabbed[i + 1])
        if in_run or (sum(1 for c in cells if c) >= 2 and any(_VALUE_CELL.match(c) for c in cells)):
            lines[i] = "| " + " | ".join(cells) + " |"
    return "\n".join(lines)


# A report table's longest cell is a row label (~40 characters); a cell with
# this much text is a page's content column.
MAX_DATA_CELL_CHARS = 300


def _single_column(table) -> bool:
    """A frame around content, not a data table: no row has two cells, or a
    cell holds a page of text."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    cells = [td for tr in rows for td in tr.find_all(["td", "th"], recursive=False)]
    return bool(rows) and (all(len(tr.find_all(["td", "th"], recursive=False)) <= 1 for tr in rows)
                           or any(len(td.get_text("")) > MAX_DATA_CELL_CHARS for td in cells))


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


PDF_LINE_TOLERANCE = 6   # points; lines of text are 10+ points apart


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
            # digits set in another font than the Chinese around them sit a few
            # points lower at title sizes (Times in a 小标宋 title): one line still
            for line in (rest.extract_text_lines(y_tolerance=PDF_LINE_TOLERANCE) or []):
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


# ---- Word (.docx) ------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_DOCX_XML = 100 * 1024 * 1024   # word/document.xml unzipped: a zip bomb stops here


def docx_to_text(data: bytes) -> str:
    """Word document → text: paragraphs and tables in document order, tables
    as pipe rows with merged cells (gridSpan, vMerge) expanded and the spanned
    positions left empty, as for HTML and PDF."""
    try:
        return _docx_to_text(data)
    except ReportError:
        raise
    except Exception as exc:  # a damaged zip or XML part
        raise ReportError(f"not a readable Word document ({type(exc).__name__})") from None


def _docx_to_text(data: bytes) -> str:
    import zipfile

    import defusedxml.ElementTree as DET

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReportError("the .docx file is not a Word document") from None
    with zf:
        try:
            info = zf.getinfo("word/document.xml")
        except KeyError:
            raise ReportError("the .docx file is not a Word document (no word/document.xml)") from None
        if info.file_size > MAX_DOCX_XML:
            raise ReportError("the Word document is too large to be a report")
        with zf.open(info) as f:
            xml = f.read(MAX_DOCX_XML + 1)
    if len(xml) > MAX_DOCX_XML:
        raise ReportError("the Word document is too large to be a report")
    root = DET.fromstring(xml)   # DTDs and entities refused
    body = root.find(f"{_W}body")
    if body is None:
        raise ReportError("the Word document has no body")
    out: list[str] = []
    _docx_blocks(body, out, [MAX_TABLE_CELLS])
    return "\n".join(out)


def _docx_blocks(parent, out: list[str], budget: list[int]) -> None:
    """Paragraphs and tables under ``parent`` in order; content controls
    (w:sdt) and the chosen branch of mc:AlternateContent are read through."""
    for el in parent:
        tag = el.tag
        if tag == f"{_W}p":
            out.append(_docx_para(el))
        elif tag == f"{_W}tbl":
            _docx_table(el, out, budget)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag", f"{_MC}AlternateContent",
                     f"{_MC}Choice", f"{_W}ins"):
            _docx_blocks(el, out, budget)


def _docx_para(p) -> str:
    parts: list[str] = []

    def walk(el):
        for child in el:
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag in (f"{_W}del", f"{_W}pPr", f"{_W}rPr", f"{_MC}Fallback", f"{_W}instrText"):
                continue   # deleted text, properties, the duplicate branch, field codes
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _docx_table(tbl, out: list[str], budget: list[int]) -> None:
    rows = [tr for tr in tbl if tr.tag == f"{_W}tr"]
    cells_of = [[tc for tc in _docx_row_cells(tr)] for tr in rows]
    nested = any(tc.find(f".//{_W}tbl") is not None for r in cells_of for tc in r)
    if nested or all(len(r) <= 1 for r in cells_of) \
            or any(len(_docx_para_text(tc)) > MAX_DATA_CELL_CHARS for r in cells_of for tc in r):
        # a frame laid around content, not a data table: read what is inside
        for r in cells_of:
            for tc in r:
                _docx_blocks(tc, out, budget)
        return
    grid: dict[tuple[int, int], str] = {}
    too_large = ReportError("the tables in the Word document are too large to be a report's tables")
    for r, tr in enumerate(rows):
        c = _docx_int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for tc in cells_of[r]:
            span = max(1, min(_docx_int(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1), 100))
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            lines: list[str] = []
            _docx_blocks(tc, lines, budget)
            text = "" if continued else re.sub(r"\s+", "", "".join(lines))
            budget[0] -= span
            if budget[0] < 0:
                raise too_large
            for dc in range(span):
                grid[(r, c + dc)] = text if dc == 0 else ""
            c += span
    if not grid:
        return
    nrows = max(k[0] for k in grid) + 1
    ncols = max(k[1] for k in grid) + 1
    if nrows * ncols > MAX_TABLE_CELLS:
        raise too_large
    out.append("")
    out.extend("| " + " | ".join(grid.get((i, j), "") for j in range(ncols)) + " |" for i in range(nrows))
    out.append("")


def _docx_para_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{_W}t"))


def _docx_row_cells(tr):
    """The row's cells, through content controls wrapping them."""
    for el in tr:
        if el.tag == f"{_W}tc":
            yield el
        elif el.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _docx_row_cells(el)


def _docx_int(el, default: int) -> int:
    try:
        return int(el.get(f"{_W}val")) if el is not None else default
    except (TypeError, ValueError):
        return default


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
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReportError("this is an old Word (.doc) or other Office binary file: save it as .docx or PDF")
    if data[:4] == b"PK\x03\x04" or suffix == "docx":
        raw, enc, fmt = docx_to_text(data), "docx", "docx"
    elif data[:5] == b"%PDF-" or suffix == "pdf":
        if data[:5] != b"%PDF-":
            raise ReportError("the .pdf file is not a PDF")
        raw, enc, fmt = pdf_to_text(data), "pdf", "pdf"
    else:
        raw, enc = decode_bytes(data)
        fmt = suffix if suffix in ("md", "html", "htm", "txt") else "txt"
        if fmt in ("html", "htm") or re.search(r"<(table|html|body|p|div)[\s>]", raw[:5000], re.I):
            raw, fmt = html_to_text(raw), "html"
        else:
            raw = tab_rows_to_pipes(raw)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    raw = strip_pinyin_annotations(raw)
    text, traditional = to_simplified(raw)
    if not traditional:
        text = raw
    return SourceText(text=text, original=raw, encoding=enc, fmt=fmt, traditional=traditional)
