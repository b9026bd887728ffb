"""Reads the four standard tables out of report text, whatever shape the
extraction left them in.

Every layout is first reduced to *rows*: a label (possibly empty) and the cells
that follow it. Pipe rows (markdown, HTML, PDF) give one row per line;
flattened pages (one cell per line ending in " |") are regrouped at each label.
The requests table has a fixed row order, so when the number of complete rows
matches the template the rows are assigned in order (this survives detached or
misprinted labels); otherwise each row is placed by its label's words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest import lexicon as lx

BLANK_MARKS = {"", "/", "-", "—", "–", "——", "－", "\\", "／"}
# a cell printed 无 says "none" in words: a zero, not a blank (the spec's blanks are the empty cell and rules)
NONE_WORDS = {"无", "没有"}
MAX_DIGITS = 15  # integer digits of a table value; more is not a number any report prints
_NUM = re.compile(r"^[+\-－−]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$|^[+\-－−]?[0-9]+(?:\.[0-9]+)?$")
# Word and web pages set numbers in full-width forms now and then (７７３０．２８)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，＋", "0123456789.,+")
_FOOTER = re.compile(r"^\s*(?:[—\-–－]+\s*\d+\s*[—\-–－]+|第\s*\d+\s*页.*|\d+\s*/\s*\d+|\d{1,3})\s*$")
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")


@dataclass
class Cell:
    raw: str
    value: float | int | None = None   # None = blank
    signed: bool = False

    @property
    def is_blank(self) -> bool:
        return self.value is None


@dataclass
class Row:
    label: str
    cells: list[str]          # raw cells after the label (may contain "" = empty)
    line_no: int
    text: str                 # the source line(s), for citations
    pipe: bool = True
    all_cells: list[str] | None = None   # a pipe row's every cell, label columns included


@dataclass
class TableResult:
    values: dict[str, float | int] = field(default_factory=dict)
    blank: list[str] = field(default_factory=list)
    signed: dict[str, str] = field(default_factory=dict)
    row_text: dict[str, str] = field(default_factory=dict)   # row key -> source text
    notes: list[dict] = field(default_factory=list)

    def record_row(self, stem: str, text: str, columns: list[str], cells: list["Cell"]) -> None:
        """One printed row's cells under their keys: numbers as values, blanks as blanks."""
        self.row_text[stem] = text
        for col, cell in zip(columns, cells):
            key = f"{stem}.{col}"
            if cell.is_blank:
                self.blank.append(key)
            else:
                self.values[key] = cell.value
                if as_printed(cell):
                    self.signed[key] = as_printed(cell)


def as_printed(cell: "Cell") -> str:
    """The form a cell is quoted in when its value would not print it back: a sign (+2), or a
    decimal with trailing zeros (18.8710 万元, never 18.871); "" otherwise."""
    if cell.signed:
        return cell.raw
    m = re.search(r"\d[\d,]*\.\d*0(?!\d)", cell.raw)
    return m.group(0) if m else ""


def parse_number(raw: str) -> Cell | None:
    """A printed cell → Cell (number or blank); None when it is not a value cell."""
    s = raw.strip().replace(" ", "").translate(_FULLWIDTH)
    s = re.sub(r"[（(](?:单位[:：])?(?:万?元|件|个|条|项)[)）]$", "", s)
    s = re.sub(r"(?:万元|元|件|个|条|项)$", "", s) if re.match(r"^[+\-－−]?[\d,.]+(?:万元|元|件|个|条|项)$", s) else s
    # a change printed in words (增1558, 减38): the signed number it is
    s = re.sub(r"^增(?:加)?(?=\d)", "+", re.sub(r"^减(?:少)?(?=\d)", "-", s))
    if s in BLANK_MARKS:
        return Cell(raw=raw.strip(), value=None)
    if s in NONE_WORDS:
        return Cell(raw=raw.strip(), value=0)
    if _NUM.match(s):
        signed = s[0] in "+-－−"
        t = s.replace(",", "").replace("－", "-").replace("−", "-")
        if len(t.split(".")[0].lstrip("+-")) > MAX_DIGITS:
            return None  # no count or amount has this many digits (and int() refuses past 4,300)
        value = float(t) if "." in t else int(t)
        return Cell(raw=raw.strip(), value=value, signed=signed and s[0] == "+" or (signed and value != 0))
    return None


def is_value(raw: str) -> bool:
    return parse_number(raw) is not None


def split_cells(line: str) -> list[str] | None:
    """A pipe row → its cells; None for a line without pipes."""
    if "|" not in line:
        return None
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def norm_label(text: str) -> str:
    t = re.sub(r"\s+", "", text)
    t = t.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")
    return t


_PAGE_FOOTER = re.compile(r"^\s*(?:[—\-–－]+\s*\d+\s*[—\-–－]+|第\s*\d+\s*页.*|\d+\s*/\s*\d+)\s*$")


def _clean_lines(lines: list[tuple[int, str]], bare_numbers_are_cells: bool = False) -> list[tuple[int, str]]:
    out = []
    footer = _PAGE_FOOTER if bare_numbers_are_cells else _FOOTER
    for no, line in lines:
        s = line.strip()
        if not s or footer.match(s) and "|" not in s:
            continue
        if s.startswith("## 表") or s.startswith("表") and len(s) < 20 and "|" not in s:
            continue
        cells = split_cells(s)
        if cells is not None and cells and all(_SEPARATOR_CELL.match(c) for c in cells if c) and any(cells):
            continue
        out.append((no, s))
    return out


def _flattened(lines: list[tuple[int, str]]) -> bool:
    """One cell per line, each ending in " |" (a scraped page)."""
    piped = [s for _, s in lines if "|" in s]
    if len(piped) < 5:
        return False
    # a label followed by several empty cells ("部分公开 |  |  | … |") is a row printed blank, not one cell
    single = sum(1 for s in piped if len([c for c in split_cells(s) if c]) <= 1 and len(split_cells(s)) <= 2)
    return single / len(piped) > 0.8


# one cell of a row whose cells are separated by spaces: a number (unit
# allowed) or a blank mark
_TOKEN = r"(?:[+\-－−]?[\d.,．，]+(?:万元|元|件|个|条|项)?|/|／|—{1,2}|-|－|–|\\)"
# a label may start with its item number ("2.其他法律…", "1、…")
_SPACED_ROW = re.compile(rf"^((?:\d{{1,2}}\s*[.、．]\s*)?\D.*?)\s+({_TOKEN}(?:\s+{_TOKEN})*)$")


def _one_cell_per_line(lines: list[tuple[int, str]]) -> bool:
    """Every cell on a line of its own and no pipes at all (a table copied out
    of a PDF viewer): the lone numbers are the table's cells, not page numbers."""
    texts = [s.strip() for _, s in lines if s.strip()]
    if any("|" in s for s in texts):
        return False
    lone = sum(1 for s in texts if is_value(s) and not _PAGE_FOOTER.match(s))
    spaced = sum(1 for s in texts if _SPACED_ROW.match(s))
    return lone >= 3 and lone >= 2 * spaced


def to_rows(lines: list[tuple[int, str]], cell_per_line: bool | None = None) -> list[Row]:
    """``cell_per_line``: the layout when a caller judged it on more lines than these."""
    if cell_per_line is None:
        cell_per_line = _one_cell_per_line(lines)
    lines = _clean_lines(lines, bare_numbers_are_cells=cell_per_line)
    rows: list[Row] = []
    if cell_per_line or _flattened(lines):
        current: Row | None = None
        for no, s in lines:
            cells = split_cells(s)
            if cells is None:
                cells = [s]
            if all(c == "" for c in cells) and len(cells) > 1:
                continue  # "|||" filler where merged cells were
            cell = cells[0] if cells else ""
            if cell and not is_value(cell):
                # a label; consecutive labels (group + row) merge until a value appears
                if current is not None and not current.cells:
                    current.label += " " + cell
                    current.text += " " + cell
                else:
                    current = Row(label=cell, cells=[], line_no=no, text=cell, pipe=False)
                    rows.append(current)
            else:
                if current is None:
                    current = Row(label="", cells=[], line_no=no, text="", pipe=False)
                    rows.append(current)
                current.cells.append(cell)
                current.text += " | " + cell if current.text else cell
        return rows
    for no, s in lines:
        cells = split_cells(s)
        if cells is None:
            # "行政许可 97" / "规章 0 0 0": a row whose cells are separated by spaces
            m = _SPACED_ROW.match(s)
            if all(is_value(tok) for tok in s.split()) and len(s.split()) >= 3:
                # numbers only (a blank mark first is a cell, not a label)
                rows.append(Row(label="", cells=s.split(), line_no=no, text=s, pipe=False))
            # a sentence ending in a number is prose; a row label's remark in
            # brackets may hold commas (（区分处理的，只计这一情形，不计其他情形）)
            elif m and not re.search(r"[。，；]", re.sub(r"[（(][^（()）]*[)）]", "", m.group(1))):
                rows.append(Row(label=m.group(1), cells=m.group(2).split(), line_no=no, text=s, pipe=False))
            else:
                rows.append(Row(label=s, cells=[], line_no=no, text=s, pipe=False))
            continue
        # label = the non-value cells before the first value cell
        label_parts: list[str] = []
        i = 0
        while i < len(cells) and not (cells[i] and is_value(cells[i])):
            if cells[i]:
                label_parts.append(cells[i])
            i += 1
        if i == len(cells):
            rows.append(Row(label=" ".join(label_parts), cells=[], line_no=no, text=s, all_cells=cells))
            continue
        # keep the empties between label and values: they may be blank cells
        first_value = i
        j = first_value
        while j > 0 and cells[j - 1] == "":
            j -= 1
        rows.append(Row(label=" ".join(label_parts), cells=cells[j:], line_no=no, text=s, all_cells=cells))
    return rows


def value_span(rows: list[Row], n: int) -> tuple[int, int] | None:
    """(table width, first value column) when the pipe rows form one grid
    whose n value columns stand in the same place in every row (HTML, Word,
    markdown and PDF tables with merged cells expanded): then a row's cells
    are read by position, so an empty cell is a blank in its own column and
    never moves the numbers beside it. None when the rows do not line up."""
    pipe = [r for r in rows if r.pipe and r.all_cells is not None]
    widths = Counter(len(r.all_cells) for r in pipe if any(c and is_value(c) for c in r.all_cells))
    if not widths:
        return None
    width = widths.most_common(1)[0][0]
    occupied = {j for r in pipe if len(r.all_cells) == width for j, c in enumerate(r.all_cells) if c and is_value(c)}
    start = max(occupied) + 1 - n
    if start < 0 and width >= n:
        # the last columns are blank in every row (an appeals table whose 复议后起诉 cells are all
        # empty): the values are the table's last n columns
        start = width - n
    # columns right of the last value are empty in every row (a ragged
    # extraction's spare column); a value left of the span means no one grid
    if start < 0 or min(occupied) < start:
        return None
    return width, start


def row_values(row: Row, n: int, span: tuple[int, int] | None = None) -> list[Cell] | None:
    """The row's n value cells, or None when the row does not hold n of them.
    ``span`` (value_span): read a row of the table's width by position."""
    if span is not None and row.all_cells is not None and len(row.all_cells) == span[0]:
        cells = row.all_cells[span[1]:span[1] + n]
        parsed = [parse_number(c) for c in cells]
        if len(parsed) == n and None not in parsed and any(c for c in cells):
            return parsed
    cells = list(row.cells)
    had_trailing_empty = bool(cells) and cells[-1] == ""
    while cells and cells[-1] == "":
        cells.pop()
    if not row.pipe:
        # flattened rows: drop empties before the first value (merged label cells)
        while cells and cells[0] == "":
            cells.pop(0)
    parsed = [parse_number(c) for c in cells]
    if any(p is None for p in parsed):
        # a non-value cell inside the values: keep only the trailing value run
        k = len(parsed)
        while k > 0 and parsed[k - 1] is not None:
            k -= 1
        parsed = parsed[k:]
    if len(parsed) > n:
        extra = parsed[:-n]
        # extra leading cells must be empty (merged label columns), never numbers
        if all(p.is_blank and p.raw == "" for p in extra):
            parsed = parsed[-n:]
        else:
            return None
    if not row.pipe and n > 1:
        merged = _merged_cells(parsed, n)
        if merged is not None:
            return merged
    if len(parsed) < n and had_trailing_empty and len(parsed) >= n - 1 and row.pipe:
        parsed = parsed + [Cell(raw="", value=None)] * (n - len(parsed))
    if len(parsed) != n:
        return None
    return parsed


def _merged_cells(parsed: list[Cell], n: int) -> list[Cell] | None:
    """A Word table's merged cells collapse to one printed number in crawler
    text. A row of one 0 is a merged block of zeros: every cell 0. A requests
    row of three numbers a, b, a+b is 自然人 | 法人或其他组织 (merged) | 总计: the
    five organisation columns are 0 when b is; otherwise they cannot be
    assigned and the row is not read."""
    if len(parsed) == 1 and parsed[0].value == 0:
        return [Cell(raw="0", value=0) for _ in range(n)]
    if n == 7 and len(parsed) == 3 and None not in (c.value for c in parsed):
        a, b, total = (c.value for c in parsed)
        if a + b == total and b == 0:
            return [parsed[0]] + [Cell(raw="0", value=0) for _ in range(5)] + [parsed[2]]
    return None


# ---- requests ------------------------------------------------------------------

def _match_request_row(label: str, group: str | None, template: str) -> str | None:
    t = norm_label(label)
    if not t:
        return None
    rows = lx.REQUEST_ROWS_2021 if template == "2021" else lx.REQUEST_ROWS_2019
    if re.search(r"\(七\)总计|^总计$|七\)总计", t) or t.endswith("总计") and "申请" not in t:
        return "handled_total"
    for key, _, words in rows:
        if key == "handled_total":
            continue
        if any(w in t for w in words):
            if key == "other" and template == "2021":
                continue
            return key
    if re.search(r"其他$", t) and group == "other":
        return "other.other"
    if "其他处理" in t:
        return "other"
    return None


def _detect_group(label: str) -> str | None:
    t = norm_label(label)
    for pat, g in (("不予公开", "denied"), ("无法提供", "unavailable"), ("不予处理", "not_processed"),
                   ("其他处理", "other")):
        if pat in t:
            return g
    return None


def parse_requests(lines: list[tuple[int, str]], template: str) -> TableResult:
    res = TableResult()
    rows = to_rows(lines)
    span = value_span(rows, 7)
    full = [(r, vals) for r in rows if (vals := row_values(r, 7, span)) is not None]
    n21, n19 = len(lx.REQUEST_ROWS_2021), len(lx.REQUEST_ROWS_2019)
    assigned: list[tuple[str, Row, list[Cell]]] = []
    # One row per line, in template order: the fixed order places rows whose
    # labels were detached or misprinted.
    keys = None
    if len(full) == n21 or len(full) == n19:
        keys = [k for k, _, _ in (lx.REQUEST_ROWS_2021 if len(full) == n21 else lx.REQUEST_ROWS_2019)]
        # a 2021 table with two rows left unread has the 2019 table's count: the
        # order holds only where no row's label names another row
        if not _order_fits_labels([r for r, _ in full], keys, "2021" if len(full) == n21 else "2019"):
            keys = None
    if keys is not None:
        assigned = [(k, r, v) for k, (r, v) in zip(keys, full)]
    else:
        group = None
        seen = set()
        for r in rows:
            g = _detect_group(r.label)
            if g:
                group = g
            vals = row_values(r, 7, span)
            if vals is None and r.pipe and r.all_cells and len(r.all_cells) >= 8 and \
                    not any(c.strip() for c in r.all_cells[-7:]) and not r.cells:
                # a row printed with every cell empty ("部分公开 |  |  | … |"): seven blanks, when its label names a row
                vals = [Cell(raw="", value=None)] * 7
            if vals is None:
                continue
            key = _match_request_row(r.label, group, template)
            if key is None and group == "other" and template == "2021":
                key = "other.other"
            if key and key not in seen:
                seen.add(key)
                assigned.append((key, r, vals))
        if full:
            res.notes.append({"rule": "layout", "column": "",
                              "detail": f"requests table: {len(full)} complete rows found, template has {n21 if template == '2021' else n19}; rows placed by their labels"})
    _fill_padded_cell(assigned, lines, res)
    for key, row, vals in assigned:
        res.record_row(f"requests.{key}", row.text, lx.REQUEST_COLUMNS, vals)
    return res


def _order_fits_labels(rows: list[Row], keys: list[str], template: str) -> bool:
    """Rows taken in template order: no row's label names a row other than its place's."""
    group = None
    for r, key in zip(rows, keys):
        group = _detect_group(r.label) or group
        named = _match_request_row(r.label, group, template)
        if named is not None and named != key:
            return False
    return True


def _fill_padded_cell(assigned, lines: list[tuple[int, str]], res: TableResult) -> None:
    """A row whose last cell came out empty while a lone number floats in the
    table (a label-detached cell): place the number there only when the
    report's own balance rule then holds for that column, and only one does."""
    strays = {int(s.strip()) for _, s in lines if re.fullmatch(r"\s*\d{1,15}\s*", s)}
    padded = [(i, key) for i, (key, row, vals) in enumerate(assigned)
              if vals[-1].is_blank and vals[-1].raw == "" and row.pipe and sum(1 for c in row.cells if c) == 6]
    if not strays or len(padded) != 1:
        return
    i, key = padded[0]
    rows_by_key = {k: v for k, _, v in assigned}
    try:
        base = {k: rows_by_key[k][-1].value for k in ("new", "carried_over", "handled_total", "carried_forward")}
    except KeyError:
        return
    fits = []
    for value in strays:
        trial = dict(base, **{key: value})
        if None not in trial.values() and trial["new"] + trial["carried_over"] == trial["handled_total"] + trial["carried_forward"]:
            fits.append(value)
    if len(fits) != 1:
        return
    value = fits[0]
    assigned[i][2][-1] = Cell(raw=str(value), value=value)
    res.notes.append({"rule": "layout", "column": "total",
                      "detail": f"requests.{key}.total: the number {value} was printed apart from its row; placed there because it makes 新收+结转 = 办理+结转下年 hold"})


# ---- appeals --------------------------------------------------------------------

def parse_appeals(lines: list[tuple[int, str]]) -> TableResult:
    res = TableResult()
    rows = to_rows(lines)
    if not any(r.cells for r in rows) and not any("|" in s for _, s in lines):
        # one cell per line with a single number (a merged block): a bare number is a cell, not a page number
        rows = to_rows(lines, cell_per_line=True)
    span = value_span(rows, 15)
    cells: list[Cell] = []
    text = ""
    for r in rows:
        vals = row_values(r, 15, span)
        if vals is not None and r.pipe:
            cells, text = vals, r.text
            break
    if not cells:
        # flattened or broken: the numbers in reading order
        seq: list[Cell] = []
        texts = []
        for r in rows:
            for c in r.cells:
                p = parse_number(c)
                if p is not None and not (p.is_blank and p.raw == ""):
                    seq.append(p)
            if r.cells:
                texts.append(r.text)
        if len(seq) >= 15:
            cells = seq[:15]
        elif len(seq) == 1 and seq[0].value == 0:
            # one 0 for the whole table: its cells merged into a block of zeros
            cells = [Cell(raw="0", value=0) for _ in range(15)]
            res.notes.append({"rule": "layout", "column": "appeals",
                              "detail": "appeals table: one 0 printed for all 15 cells (merged cells); read as 0 in each"})
        elif len(seq) >= 10:
            cells = seq
            res.notes.append({"rule": "layout", "column": "appeals",
                              "detail": f"appeals table: {len(seq)} of 15 cells printed; the missing trailing cells are not read"})
        text = " | ".join(c.raw for c in cells)
    for key, cell in zip(lx.APPEAL_KEYS, cells):
        if cell.is_blank:
            res.blank.append(key)
        else:
            res.values[key] = cell.value
    if cells:
        for g in lx.APPEAL_GROUPS:
            res.row_text[f"appeals.{g}"] = text
    return res


# ---- proactive ------------------------------------------------------------------

_ITEM = re.compile(r"第二十条\s*第?\s*[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*项")


def parse_proactive(lines: list[tuple[int, str]], template: str) -> TableResult:
    res = TableResult()
    # split by item marker
    blocks: list[tuple[str, list[tuple[int, str]]]] = []
    current = None
    for no, s in lines:
        m = _ITEM.search(s)
        if m:
            current = (m.group(1), [])
            blocks.append(current)
            rest = s[m.end():].strip(" |")
            if rest:
                current[1].append((no, rest))
            continue
        if current is not None:
            current[1].append((no, s))
    # Tables printed out of order or split: a row label decides its item.
    all_rows: list[Row] = []
    # an item's block may hold one number: judge the layout on the whole table
    cell_per_line = _one_cell_per_line([ln for _, bl in blocks for ln in bl])
    for item, blines in blocks:
        all_rows.extend(to_rows(blines, cell_per_line))
    columns = lx.PROACTIVE_COLUMNS[template]
    floating = _floating_cells([ln for item, bl in blocks if item == "一" for ln in bl])
    for item, specs in lx.PROACTIVE_ROWS.items():
        if item not in columns:
            continue
        cols = columns[item]
        for key, name, pattern in specs:
            empty_row = None
            for r in all_rows:
                # flattened pages glue header cells to the label: match its last part
                label = norm_label(r.label.split(" ")[-1]) if r.label else ""
                if not label or not re.search(pattern, label):
                    continue
                vals = _after_label(r, len(cols))
                if vals is not None and all(v.is_blank and v.raw == "" for v in vals):
                    # printed with empty cells: blank, unless the row is printed again with numbers
                    empty_row = empty_row or (r, vals)
                    continue
                if vals is None:
                    vals = row_values(r, len(cols))
                if vals is None and len(cols) > 1:
                    # 2019 fee row prints two cells; a short printed row is read as far as it goes
                    vals = _short_row(r, len(cols))
                if vals is None and item == "一" and template == "2021":
                    vals = _with_floating_cell(r, cols, floating)
                    if vals is not None:
                        res.notes.append({"rule": "layout", "column": key,
                                          "detail": f"proactive row {name}: a cell printed apart from its row was placed by its note (修订→制发, 失效/废止→废止)"})
                if vals is None:
                    n = sum(1 for c in r.cells if c)
                    if n:
                        res.notes.append({"rule": "layout", "column": key,
                                          "detail": f"proactive row {name}: {n} numbers printed for {len(cols)} columns; cells not read"})
                    continue
                res.record_row(f"proactive.{key}", r.text, cols, vals)
                break
            else:
                if empty_row is not None:
                    res.record_row(f"proactive.{key}", empty_row[0].text, cols, empty_row[1])
    return res


def _after_label(row: Row, n: int) -> list[Cell] | None:
    """A pipe row read by position: the n cells right of its label, the rest
    of the row empty (the template merges one value across the unused
    columns of items 五, 六 and 八). An empty cell is then a blank in its own
    column: "| 规章 | 1 |  |  |" is 1, blank, blank."""
    cells = row.all_cells
    if not row.pipe or cells is None:
        return None
    first_value = next((j for j, c in enumerate(cells) if c and is_value(c)), len(cells))
    label_at = max((j for j, c in enumerate(cells[:first_value]) if c), default=None)
    if label_at is None:
        return None
    after = cells[label_at + 1:]
    if len(after) < n or any(after[n:]):
        return None
    parsed = [parse_number(c) for c in after[:n]]
    return None if None in parsed else parsed


def _short_row(row: Row, n: int) -> list[Cell] | None:
    vals = [parse_number(c) for c in row.cells if c != ""]
    if vals and all(v is not None for v in vals) and len(vals) == n:
        return vals
    return None


_FLOAT = re.compile(r"^(\d+)\s*[（(]?\s*((?:其中|含)[^）)]*)?[)）]?$")


def _floating_cells(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Numbers an extractor lifted out of table 二 (一) with their notes, e.g.
    "22（其中修订16件）": multi-line cells that lost their row."""
    out = []
    flat = [s.strip() for _, s in lines]
    i = 0
    while i < len(flat):
        s = flat[i]
        if re.fullmatch(r"\d{1,15}", s) and i + 1 < len(flat) and re.match(r"^[（(](?:其中|含)", flat[i + 1]):
            out.append((int(s), flat[i + 1]))
            i += 2
            continue
        m = re.fullmatch(r"(\d{1,15})\s*([（(](?:其中|含).*[)）])", s)
        if m:
            out.append((int(m.group(1)), m.group(2)))
        i += 1
    return out


def _with_floating_cell(row: Row, cols: list[str], floating: list) -> list[Cell] | None:
    """A row printed one number short, completed by a lifted cell whose note says
    which column it is (修订/制发 → issued, 失效/废止 → repealed). Used once."""
    nums = [parse_number(c) for c in row.cells if c != ""]
    if len(nums) != len(cols) - 1 or any(n is None for n in nums) or not floating:
        return None
    for idx, (value, note) in enumerate(floating):
        col = "issued" if re.search(r"修订|制发|制定|新增", note) else ("repealed" if re.search(r"失效|废止", note) else None)
        if col is None:
            continue
        pos = cols.index(col)
        floating.pop(idx)
        cells = list(nums)
        cells.insert(pos, Cell(raw=f"{value}{note}", value=value))
        return cells
    return None
