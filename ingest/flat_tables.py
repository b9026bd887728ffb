"""Tables a crawler flattened into running text, cells glued into digit runs.

Crawler text of Word tables loses every cell border: "…行政规范性文件0012第二十条第
（五）项…", "一、本年新收政府信息公开申请数量5000005二、上年结转…". Each template row is
found by its label, in template order, and the digits after it are split into
the row's cells. A split is taken only when it is the only one: no cell but a
lone 0 starts with 0, the row's own sum (总计 = the columns before it) and the
table's 勾稽 rules (新收 + 结转 = 办理总计 + 结转下年; 总计 = the result rows) leave one
reading. Otherwise the cells every remaining reading gives alike are read
(every split consistent with the row's sum has the same 总计; a sign starts
the 本年增/减 cell, so the number before it ends there) and the rest of the
row stays unread with a finding, never guessed. A run holding fewer digits
than the row has cells was printed with empty cells the crawler dropped
("11" for 自然人 1, 总计 1): its readings put blanks anywhere.

The rows found are written back as pipe rows ("规章 | 0 | 0 | 0"), so the table
readers that handle every other layout read them."""

from __future__ import annotations

import itertools
import re

from ingest import lexicon as lx

MAX_READINGS = 4096          # splits tried per row; a run with more is left unread
MAX_LABEL_GAP = 60           # characters of label text between a row's words and its digits

_VALUE_CHARS = r"[\d\s.,+\-－]"
_RUN = re.compile(r"(?:\d|[+\-－]\d)" + _VALUE_CHARS + r"*")
_ENUM_TAIL = re.compile(r"\s*\d[.．、]$")          # the next row's number: "00000002." → "0000000"

_ITEM = r"第二十条\s*第?\s*[（(]\s*{}\s*[)）]\s*项"
# (item, row key, label words) in printed order; the columns come from the lexicon
_PROACTIVE = [("一", "rules", r"规章"), ("一", "normative_docs", r"(?:行政)?规范性文件"),
              ("五", "licensing", r"行政许可"), ("五", "other_services", r"其他对外管理服务事项"),
              ("六", "penalty", r"行政处罚"), ("六", "enforcement", r"行政强制"),
              ("八", "fees", r"行政事业性收费"), ("九", "procurement", r"政府集中采购")]

# Requests rows: words that end a row's label (its digits follow).
_REQUEST_WORDS = {
    "new": r"本年新收[^\d]{0,20}?(?:数量|申请数)", "carried_over": r"上年结转[^\d]{0,20}?(?:数量|申请数)",
    "granted": r"予以公开", "partial": r"部分公开(?:[（(][^\d）)]{0,30}[)）])?",
    "denied.state_secret": r"国家秘密", "denied.prohibited_by_law": r"禁止公开",
    "denied.security_stability": r"一稳定[”\"]?", "denied.third_party": r"第三方合法权益",
    "denied.internal_affairs": r"内部事务信息", "denied.process_info": r"过程性信息",
    "denied.enforcement_files": r"执法案卷", "denied.query_matters": r"查询事项",
    "unavailable.not_held": r"不掌握相关政府信息", "unavailable.needs_creation": r"另行制作",
    "unavailable.unclear": r"仍不明确", "not_processed.petition": r"举报投诉类申请",
    "not_processed.duplicate": r"重复申请", "not_processed.publication": r"公开出版物",
    "not_processed.excessive": r"大量反复申请", "not_processed.confirm_or_reissue": r"已获取信息",
    "other.no_correction": r"不补正[^\d]{0,30}?申请", "other.unpaid_fee": r"缴纳费用[^\d]{0,30}?申请",
    "other.other": r"[3３][.．、]\s*其他", "other": r"其他处理",
    "handled_total": r"[（(]\s*七\s*[)）]\s*总计", "carried_forward": r"结转下年度?继续办理",
}


def _request_rows(template: str) -> list[str]:
    rows = lx.REQUEST_ROWS_2021 if template == "2021" else lx.REQUEST_ROWS_2019
    return [k for k, _, _ in rows]


# ---- splitting a digit run ------------------------------------------------------

def _token_splits(token: str, least: int = 0, most: int | None = None) -> list[list[str]]:
    """Every way to read one space-free token as consecutive numbers (between
    ``least`` and ``most`` of them): no number but a lone 0 starts with 0; a
    decimal point stays inside one number. Cut short past MAX_READINGS."""
    out: list[list[str]] = []

    def walk(rest: str, acc: list[str]):
        if len(out) > MAX_READINGS or most is not None and len(acc) > most or \
                len(acc) + len(re.findall(r"\d", rest)) < least:
            return
        if not rest:
            out.append(list(acc))
            return
        m = re.match(r"[+\-－]?(\d+(?:\.\d+)?)", rest)
        if not m:
            return
        sign = rest[: m.start(1)]
        digits = rest[m.start(1):]
        # candidate lengths of the next number
        int_part = re.match(r"\d+", digits).group(0)
        for size in range(1, len(int_part) + 1):
            head = int_part[:size]
            if len(head) > 1 and head[0] == "0":
                break
            after = digits[size:]
            if after.startswith(".") and size == len(int_part):
                frac = re.match(r"\.(\d+)", after)
                if not frac:
                    continue
                # the point belongs to this number; its decimals may run into the next cell
                for fsize in range(1, len(frac.group(1)) + 1):
                    walk(after[1 + fsize:], acc + [sign + head + "." + frac.group(1)[:fsize]])
                continue
            walk(after, acc + [sign + head])

    walk(token, [])
    return out


def readings(run: str, n: int) -> list[list[str]]:
    """All ways to read a printed run as n cells ("10 0 00 0 1" → [["1","0","0","0","0","0","1"]])."""
    tokens = run.replace(",", "").split()
    digits = [len(re.findall(r"\d", t)) for t in tokens]
    # each token holds one number at least and one per digit at most
    per_token = [_token_splits(t, n - (sum(digits) - d), n - (len(tokens) - 1)) for t, d in zip(tokens, digits)]
    if not tokens or any(not p or len(p) > MAX_READINGS for p in per_token):
        return []        # no reading, or too many to know them all: nothing is read
    out = []
    for combo in itertools.product(*per_token):
        cells = [c for part in combo for c in part]
        if len(cells) == n:
            out.append(cells)
        if len(out) > MAX_READINGS:
            break
    return out


def readings_with_blanks(run: str, n: int) -> list[list[str]]:
    """A run too short for n numbers ("11" for a row of seven cells): the row was
    printed with empty cells, which the crawler dropped. Every reading of the
    run as k < n numbers, in order, with blanks ("") in the other n - k places.
    More than MAX_READINGS: the list is cut there (then nothing is agreed)."""
    out: list[list[str]] = []
    for k in range(1, n):
        for cells in readings(run, k):
            for places in itertools.combinations(range(n), k):
                row = [""] * n
                for j, c in zip(places, cells):
                    row[j] = c
                out.append(row)
                if len(out) > MAX_READINGS:
                    return out
    return out


def all_readings(run: str, n: int) -> list[list[str]]:
    """The readings of a run as n cells; blanks only where the run has fewer
    digits than the row has cells (each number prints one digit at least)."""
    if len(re.findall(r"\d", run)) < n:
        return readings_with_blanks(run, n)
    return readings(run, n)


def agreed(cands: list[list[str]]) -> list[str | None] | None:
    """The cells every reading gives alike, None where they differ (a blank only
    some readings imply is not read either). None when there is no reading or
    the readings were cut short at MAX_READINGS."""
    if not cands or len(cands) > MAX_READINGS:
        return None
    return [cands[0][j] if cands[0][j] and all(c[j] == cands[0][j] for c in cands) else None
            for j in range(len(cands[0]))]


def _signs_in_place(columns: list[str]):
    """A sign (+3, -1) is printed only in 本年增/减: a reading signing another cell breaks the template."""
    def rule(cells: list[str]) -> bool:
        return all(col == "change" or not re.match(r"[+\-－]", c) for col, c in zip(columns, cells))
    return rule


def _num(cell: str) -> float:
    return float(cell.replace("－", "-")) if cell else 0.0   # a blank counts as nothing in the sums


def _row_sum_holds(cells: list[str]) -> bool:
    return abs(sum(_num(c) for c in cells[:-1]) - _num(cells[-1])) < 1e-9


def _appeal_sums_hold(cells: list[str]) -> bool:
    return all(_row_sum_holds(cells[g * 5:(g + 1) * 5]) for g in range(3))


def choose(cands: list[list[str]], rule) -> tuple[list[list[str]], bool]:
    """The readings the rule allows; when it allows none, the report breaks its
    own rule and every reading stays (the rule can pick, never veto)."""
    kept = [c for c in cands if rule(c)] if rule else cands
    return (kept, True) if kept else (cands, False)


# ---- finding the rows -----------------------------------------------------------

def _run_after(text: str, pos: int, stop: int) -> tuple[str, int, int] | None:
    """The digit run after a label ending at ``pos``: (run, start, end)."""
    m = _RUN.search(text, pos, stop)
    if not m or m.start() - pos > MAX_LABEL_GAP:
        return None
    gap = text[pos:m.start()]
    if re.search(r"[。；]", gap):
        return None
    run = m.group(0)
    end = m.end()
    tail = _ENUM_TAIL.search(run)
    if tail and re.match(r"[\u4e00-\u9fff“\"]", text[end:end + 1] or ""):
        run, end = run[: tail.start()], m.start() + tail.start()
    # the prose after the table begins with its year ("…继续办理2000002" + "2025年，我局…"): not a cell
    year = re.search(r"(?:19|20)\d{2}$", run)
    if year and len(run) > 4 and text.startswith("年", end):
        run, end = run[: year.start()], m.start() + year.start()
    if not run.strip():
        return None      # only the next row's number ("2.其他法律…"): this row's cells were printed empty
    return run.strip(), m.start(), end


def _no_digits(text: str) -> bool:
    """No cell printed: nothing but label words and the next row's number ("2.")."""
    return not re.search(r"\d", re.sub(r"\d[.．、](?=[\u4e00-\u9fff“\"]|$)", "", text))


_UNIT_AFTER = r"[项件个条次家人户万元%％年月日]"
_ROW_LABELS = r"规章|规范性文件|行政许可|行政处罚|行政强制|本年新收[^\d|]{0,20}?数量|予以公开|[（(]七[)）]总计"
_NO_UNIT_AFTER = rf"(?![\d.,，]|{_UNIT_AFTER})"
# (a row's whole run after a space, running into the next row's label: "数量 8000008二、上年结转")
_GLUED = re.compile(rf"(?:{_ROW_LABELS})(?:\d{{2,}}|\s\d{{5,}}(?=[^\d\s.,，])){_NO_UNIT_AFTER}")
_SPACED_ROW = re.compile(rf"(?:{_ROW_LABELS}|其他对外管理服务事项|行政事业性收费|上年结转[^\d|]{{0,20}}?数量)"
                         rf"\s+\d+(?:\s+-?\d+){{1,6}}{_NO_UNIT_AFTER}")
_TABLES_START = re.compile(r"第二十条\s*第?\s*[（(]\s*一\s*[)）]|本年新收[^\d|]{0,20}?数量")
_TABLES_END = re.compile(r"[五六]、\s*(?:政府信息公开工作)?存在的?主要问题|[五六]、\s*其他需要报告")


_ROW_NUMBER = re.compile(r"(?:[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[)）]|(?<!\d)\d{1,2}[.．、])\s*$")


def _with_number(line: str, start: int) -> int:
    """Where a row's printed text begins: its number before its label (一、本年新收…) is
    quoted with it, as the report prints the row."""
    m = _ROW_NUMBER.search(line, max(0, start - 6), start)
    return m.start() if m else start


_SHOWN_AFTER = 12   # characters quoted after a glued row


def _as_printed(line: str, start: int, stop: int) -> str:
    """A glued row as printed, with the text right after it: where its digits stop
    (行政处罚3行政强制0) is what lets a reader check the split."""
    # (a next row's number glued on, "…10000012.没有现成…", would read as one longer number)
    after = "" if line[stop:stop + 1].isdigit() else line[stop:stop + _SHOWN_AFTER]
    return (line[_with_number(line, start):stop] + after).strip()


def has_cells(line: str) -> bool:
    """A table's row, its cells split by pipes; not prose that quotes a title with one
    (《我为群众办实事|食用农产品快速检测结果天天报》 in a paragraph of sentences)."""
    return "|" in line and not (len(line) > 60 and line.count("。") >= 2)


def unflatten(lines: list[str], template: str) -> tuple[list[str], list[dict], dict[str, str]]:
    """Lines with the flattened tables rewritten as pipe rows (one per line),
    and the findings for rows left unread. A report is flattened when a row
    label runs straight into its digits (行政许可3960181) outside any pipe table;
    its tables' lines, from 第二十条第（一）项 to section 五, are then read as one run of text.
    The third value: each row's text as printed ({"requests.granted": "（一）予以公开3000003"}),
    which citations quote so a reader can check the split."""
    glued = [i for i, s in enumerate(lines) if not has_cells(s) and _GLUED.search(s)]
    # a table printed on one line with its cells spaced ("行政许可 15 11 0 其他对外管理服务事项 0 0 0 行政处罚 30 0 0"):
    # rows run together as when glued, read the same way
    spaced = [i for i, s in enumerate(lines) if not has_cells(s) and len(_SPACED_ROW.findall(s)) >= 3]
    if spaced and sum(len(_GLUED.findall(lines[i])) for i in glued) < 2:
        glued = spaced
    elif sum(len(_GLUED.findall(lines[i])) for i in glued) < 2:   # one such phrase is prose (行政许可183项)
        return lines, [], {}
    start = next((i for i, s in enumerate(lines) if _TABLES_START.search(s)), glued[0])
    start = min(start, glued[0])
    end = next((i for i in range(glued[-1], len(lines)) if _TABLES_END.search(lines[i])), len(lines) - 1)
    if any(has_cells(s) for s in lines[start:end + 1]):
        return lines, [], {}      # the tables came with their cells (HTML, Word, PDF): nothing glued
    joined = " ".join(s.strip() for s in lines[start:end + 1])
    # the procurement row's cells printed with the template's units ("政府集中采购 3个 3443000元")
    joined = re.sub(r"(政府集中采购\s*)(\d+)\s*个\s*([\d.]+)\s*元", r"\1\2 \3", joined)
    prose = "\n".join(lines)  # a crawler's page may be one line; table runs carry no 件 to match
    pieces, notes, printed = _rewrite(joined, template, prose)
    return lines[:start] + pieces + lines[end + 1:], notes, printed


# A proactive column in the report's prose ("现行有效行政规范性文件698件", "本年度制发的规范性文件88件").
_PROSE_COLUMN_WORDS = {"issued": "制发|印发", "repealed": "废止", "in_force": "现行有效|保留",
                       "made": "新制作|制作", "decisions": "处理决定|作出[^。；，,\\d]{0,6}决定"}


def stated_in_prose(prose: str, row_label: str, columns: list[str]) -> dict[str, str]:
    """The figures the report's prose states for one proactive row, by column; a column
    stated twice with different figures is left out (the prose does not settle it)."""
    row = re.escape(re.sub(r"^行政(?=规范性文件)", "", row_label))
    found: dict[str, set[str]] = {}
    for col in columns:
        words = _PROSE_COLUMN_WORDS.get(col)
        if not words:
            continue
        for pat in (rf"(?:{words})[^。；，,\d]{{0,10}}{row}[^。；，,\d]{{0,4}}(\d+)\s*(?:件|个|项)",
                    rf"{row}[^。；，,\d]{{0,10}}(?:{words})[^。；，,\d]{{0,4}}(\d+)\s*(?:件|个|项)"):
            found.setdefault(col, set()).update(re.findall(pat, prose))
        # "对现有206件规范性文件实施清理，保留181件，废止25件": the column word right before its
        # figure, in a sentence about the row
        for sentence in re.findall(rf"[^。；]*{row}[^。；]*", prose):
            found.setdefault(col, set()).update(re.findall(rf"(?:{words})(\d+)\s*(?:件|个|项)", sentence))
    return {c: next(iter(v)) for c, v in found.items() if len(v) == 1}


def _rewrite(line: str, template: str, prose: str = "") -> tuple[list[str], list[dict], dict[str, str]]:
    notes: list[dict] = []
    printed: dict[str, str] = {}
    rows: list[tuple[int, int, str]] = []        # (start, end, replacement text)
    cols = lx.PROACTIVE_COLUMNS.get(template, lx.PROACTIVE_COLUMNS["2019"])
    req_start = re.search(r"本年新收[^\d]{0,20}?(?:数量|申请数)", line)
    req_at = req_start.start() if req_start else len(line)

    # section 二, by item
    first_item = re.search(_ITEM.format("一"), line)
    pos = first_item.start() if first_item else None
    if pos is not None and pos < req_at:
        for item, key, words in _PROACTIVE:
            if item not in cols:
                continue
            marker = re.compile(_ITEM.format(item)).search(line, pos, req_at)
            start_at = marker.end() if marker else pos
            m = re.compile(words).search(line, start_at, req_at)
            if not m:
                continue
            later = [w for it, k, w in _PROACTIVE if it in cols and k != key] + [_ITEM.format(r"[一二三四五六七八九十]+")]
            bound = _next_label(line, m.end(), later, req_at)
            n = len(cols[item])
            label = lx.PROACTIVE_ROW_NAMES.get(key, words)
            got = _run_after(line, m.end(), bound)
            if got is None:
                if _no_digits(line[m.end():bound]):
                    # the row's label runs straight into the next one: its cells were printed empty
                    rows.append((m.start(), m.end(), f"\n{label} |" + " |" * n))
                    pos = m.end()
                continue
            run, r0, r1 = got
            cands, _ = choose(all_readings(run, n), _signs_in_place(cols[item]))
            if len({tuple(c) for c in cands}) > 1 and prose:
                # the report's own prose states some of the row's figures: the readings that agree
                stated = stated_in_prose(prose, label, cols[item])
                agree = [c for c in cands if stated and all(c[i] == stated[col] for i, col in enumerate(cols[item])
                                                            if col in stated)]
                if len({tuple(c) for c in agree}) == 1:
                    cands = agree[:1]
                    notes.append({"rule": "layout", "column": f"proactive.{key}",
                                  "detail": f"{label}: the glued digits “{run}” split as {' / '.join(cands[0])}, "
                                            f"the one reading that agrees with the figures the report's prose states"})
            printed[f"proactive.{key}"] = _as_printed(line, m.start(), r1)
            if len({tuple(c) for c in cands}) == 1 and all(cands[0]):
                rows.append((m.start(), r1, f"\n{label} | " + " | ".join(cands[0])))
            else:
                rows.append((m.start(), r1, f"\n{label}"))
                notes.append(_unread(f"proactive.{key}", label, run, len(cands),
                                     [f"proactive.{key}.{c}" for c in cols[item]], cands))
            pos = r1

    # section 三, row by row in template order
    if req_start:
        pos = req_start.start()
        end = len(line)
        req_rows: list[tuple[str, int, int, list[list[str]], str]] = []
        for key in _request_rows(template):
            m = re.compile(_REQUEST_WORDS[key]).search(line, pos)
            if not m or m.start() - pos > 400:
                continue
            later = [_REQUEST_WORDS[k] for k in _request_rows(template) if k != key]
            bound = _next_label(line, m.end(), later + [r"行政复议"], end)
            got = _run_after(line, m.end(), bound)
            if got is None:
                if _no_digits(line[m.end():bound]) and bound < end:
                    # printed with empty cells: blanks
                    req_rows.append((key, m.start() if not req_rows else pos, m.end(), [[""] * 7], ""))
                    pos = m.end()
                continue
            run, r0, r1 = got
            cands, _ = choose(all_readings(run, 7), _row_sum_holds)
            # the row's whole label, its number and group words included, gives way to the pipe row
            req_rows.append((key, m.start() if not req_rows else pos, r1, cands, run))
            pos = r1
        resolved, narrowed = _with_table_rules(req_rows)
        for key, start, stop, cands, run in req_rows:
            label = lx.REQUEST_ROW_LABELS.get(key, key)
            cells = resolved.get(key)
            printed[f"requests.{key}"] = _as_printed(line, start, stop)
            if cells is not None and (not run or all(cells)):   # blanks only where printed empty
                rows.append((start, stop, f"\n{label} |" + "".join(f" {c} |" if c else "  |" for c in cells)))
            else:
                rows.append((start, stop, f"\n{label}"))
                notes.append(_unread(f"requests.{key}", label, run, len(cands),
                                     [f"requests.{key}.{c}" for c in lx.REQUEST_COLUMNS],
                                     [cells] if cells is not None else narrowed.get(key, cands)))
        # section 四: the fifteen numbers after its header
        if req_rows:
            app = re.compile(r"行政复议").search(line, req_rows[-1][2])
            if app:
                got = _run_after_header(line, app.end())
                if got:
                    run, r0, r1 = got
                    cands, _ = choose(all_readings(run, 15), _appeal_sums_hold)
                    # the run has no row label: its header's last words are quoted with it (…尚未审结总计610070…)
                    header_at = max(app.start(), r0 - 40)
                    for g in lx.APPEAL_GROUPS:
                        printed[f"appeals.{g}"] = line[header_at:r1].strip()
                    if len({tuple(c) for c in cands}) == 1 and all(cands[0]):
                        rows.append((r0, r1, "\n| " + " | ".join(cands[0]) + " |\n"))
                    else:
                        # unread, on a line of its own: the section after it starts its own line
                        rows.append((r0, r1, line[r0:r1]))
                        notes.append(_unread("appeals", "行政复议、行政诉讼", run, len(cands), list(lx.APPEAL_KEYS), cands))
    if not rows:
        return [line], notes, printed
    rows.sort()
    text, last = [], 0
    for start, stop, rep in rows:
        if start < last:
            continue
        text.append(line[last:start])
        text.append(rep + "\n")
        last = stop
    text.append(line[last:])
    return [s for s in "".join(text).split("\n")], notes, printed


def _next_label(line: str, pos: int, patterns: list[str], limit: int) -> int:
    """Where the next row's label starts after ``pos`` (``limit`` when none does)."""
    starts = [m.start() for p in patterns if (m := re.compile(p).search(line, pos, limit))]
    return min(starts, default=limit)


def _run_after_header(line: str, pos: int) -> tuple[str, int, int] | None:
    """The appeals run: the first digits after the header words (结果维持…总计)."""
    m = _RUN.search(line, pos)
    if not m or m.start() - pos > 200 or re.search(r"[。；]", line[pos:m.start()]):
        return None
    if re.match(_UNIT_AFTER, line[m.end():m.end() + 1]):
        return None      # "2020年…未发生…行政复议": a sentence in place of the table
    run = m.group(0)
    return run.strip(), m.start(), m.end()


def _with_table_rules(req_rows) -> tuple[dict[str, list[str]], dict[str, list[list[str]]]]:
    """Rows with one reading, and rows whose several readings the table's 勾稽
    rules narrow to one (every column: 新收 + 上年结转 = 办理总计 + 结转下年,
    办理总计 = the result rows); second, each other row's readings that the
    rules leave (all of its own when no combination of rows holds)."""
    fixed = {k: c[0] for k, _, _, c, _ in req_rows if len({tuple(x) for x in c}) == 1}
    open_rows = [(k, c) for k, _, _, c, _ in req_rows if len({tuple(x) for x in c}) > 1]
    narrowed = {k: c for k, c in open_rows}
    if not open_rows:
        return fixed, narrowed
    space = 1
    for _, c in open_rows:
        space *= len(c)
    if space > MAX_READINGS:
        return fixed, narrowed
    results = {k for k, _, _, _, _ in req_rows if k not in ("new", "carried_over", "handled_total", "carried_forward")}
    fits = []
    for combo in itertools.product(*[c for _, c in open_rows]):
        rows = dict(fixed)
        rows.update({k: v for (k, _), v in zip(open_rows, combo)})
        if _balances(rows, results):
            fits.append(combo)
    for i, (k, _) in enumerate(open_rows):
        options = {tuple(f[i]) for f in fits}
        if len(options) == 1:
            fixed[k] = list(options.pop())
        elif options:
            narrowed[k] = [list(o) for o in options]
    return fixed, narrowed


def _balances(rows: dict[str, list[str]], results: set[str]) -> bool:
    need = ("new", "carried_over", "handled_total", "carried_forward")
    if not all(k in rows for k in need) or not all(r in rows for r in results):
        return False
    for j in range(7):
        v = {k: _num(rows[k][j]) for k in need}
        if abs(v["new"] + v["carried_over"] - v["handled_total"] - v["carried_forward"]) > 1e-9:
            return False
        if abs(sum(_num(rows[r][j]) for r in results) - v["handled_total"]) > 1e-9:
            return False
    return True


def _unread(key: str, label: str, run: str, n_readings: int, keys: list[str] | None = None,
            cands: list[list[str]] | None = None) -> dict:
    """The finding for a row not read whole. ``cands``: the readings left (of
    the row's cells ``keys``); the cells they all give alike are read, under
    "cells" (the parser takes them as values and drops the field)."""
    why = "no reading" if n_readings == 0 else f"{n_readings} possible readings"
    note = {"rule": "glued_cells", "column": key,
            "detail": f"{label}: the printed digits “{run}” could not be split into the template's cells with certainty ({why}); left unread"}
    same = agreed(cands) if keys and cands else None
    cells = {k: v for k, v in zip(keys or [], same or []) if v is not None}
    if cells:
        note["cells"] = cells
        note["detail"] = note["detail"].replace(
            "; left unread", "; every reading gives " + ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in cells.items())
            + ", read; the other cells left unread")
    return note


# a small table printed as one line of its column labels, then its digits: the 2025 form's
# 信息处理费 (通知收取件数通知收取金额（元）实际收取金额（元）000)
_COLUMN_LABEL = r"[\u4e00-\u9fff]{2,10}?(?:件数|数量|总数|次数|金额|费用)(?:[（(](?:元|万元)[)）])?"
_LABEL_ROW = re.compile(rf"((?:{_COLUMN_LABEL}){{2,6}})([\u4e00-\u9fff]{{0,12}}?)(\d[\d\s.]*)")


def spell_label_row(text: str) -> str:
    """Such a line read as its cells, each beside its label, with the line as printed
    after them; unchanged when the digits split more than one way (18000 in three cells)."""
    m = _LABEL_ROW.fullmatch(text.strip())
    if not m:
        return text
    labels = re.findall(_COLUMN_LABEL, m.group(1))
    cands = {tuple(c) for c in all_readings(m.group(3).strip(), len(labels))}
    if len(cands) != 1 or not all(next(iter(cands))):
        return text
    # (commas: a quote is cut at 。 and ；, and the row is quoted whole)
    cells = "，".join(f"{label} {value}" for label, value in zip(labels, next(iter(cands))))
    row = f"{m.group(2)}：" if m.group(2) else ""
    return f"{row}{cells}（原表此行：{text.strip()}）"

