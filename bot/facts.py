"""One printed figure of one report, in the state a reader must know: a value,
a blank cell, a cell the parser could not read, or a figure the report does not
print. Rankings, totals and ``GET /v1/facts`` are built from these."""

from __future__ import annotations

import re

from ingest import lexicon as lx
from ingest.report import ParsedReport

# The rows whose cells the 勾稽 rule new + carried_over = handled_total + carried_forward joins.
_BALANCE_ROWS = {"new", "carried_over", "handled_total", "carried_forward"}
_SUM_RULES = {"balance", "results_sum", "row_sum", "appeals_sum"}


def split_key(key: str) -> tuple[str, str, str]:
    """requests.denied.state_secret.total → ("requests", "denied.state_secret", "total")."""
    parts = key.split(".")
    return parts[0], ".".join(parts[1:-1]), parts[-1]


def findings_for(report: ParsedReport, key: str) -> list[dict]:
    """The report's own findings (a broken sum, prose against table) that this cell takes part in."""
    table, row, col = split_key(key)
    out = []
    for f in report.findings:
        rule, column = f.get("rule"), f.get("column")
        if rule == "balance":
            hit = table == "requests" and row in _BALANCE_ROWS and col == column
        elif rule == "results_sum":
            hit = table == "requests" and col == column and row not in _BALANCE_ROWS - {"handled_total"}
        elif rule == "row_sum":
            hit = table == "requests" and row == column
        elif rule == "appeals_sum":
            hit = table == "appeals" and row == column
        elif rule == "prose_vs_table":
            hit = key in str(f.get("detail", ""))
        else:
            hit = False
        if hit:
            out.append({k: f[k] for k in ("rule", "column", "detail") if k in f})
    return out


def consistency_note(findings: list[dict]) -> str:
    """One plain sentence for the reader; the staff page lists the details."""
    from prompts import answers as T

    rules = {f["rule"] for f in findings}
    if rules & _SUM_RULES:
        return T.NOTE_SUMS_DISAGREE
    if "prose_vs_table" in rules:
        return T.NOTE_PROSE_DISAGREES
    return ""


def _unread(report: ParsedReport, key: str) -> bool:
    stem = key.rsplit(".", 1)[0]
    return any(f.get("rule") == "glued_cells" and (key.startswith(f.get("column", "\0")) or
                                                   str(f.get("column", "")).startswith(stem))
               for f in report.findings)


def state_of(report: ParsedReport, key: str) -> str:
    if key in report.values:
        return "value"
    if key in report.blank:
        return "blank"
    if _unread(report, key):
        return "unread"
    return "absent"


def fact(report: ParsedReport, key: str) -> dict:
    """The interface's facts row: {report_id, agency, year, value, state, findings, citation}."""
    from bot.answer import citation, row_citation_text
    from ingest.chunks import section_heading

    state = state_of(report, key)
    cite = None
    if state in ("value", "blank"):
        stem = key.rsplit(".", 1)[0]
        cite = citation(report, section_heading(report, lx.section_of_key(key)), row_citation_text(report, stem), key)
    return {"report_id": report.report_id, "agency": report.agency, "year": report.year,
            "value": report.values.get(key) if state == "value" else None, "state": state,
            "findings": findings_for(report, key) if state == "value" else [], "citation": cite}


def label(key: str) -> str:
    """The template's own words for a key (本年新收政府信息公开申请数量 · 总计)."""
    return lx.key_label(key)


def unit(key: str) -> str:
    return lx.KEY_UNITS.get(key, "" if key.startswith("proactive.") else "件")


def known_keys() -> list[str]:
    """Every key of both templates, in the tables' printed order: for the explorer's picker."""
    rows = list(dict.fromkeys(k for k, _, _ in lx.REQUEST_ROWS_2021 + lx._REQUEST_ROWS_OTHER_2019))
    keys = [f"requests.{r}.{c}" for r in rows for c in lx.REQUEST_COLUMNS]
    keys += lx.APPEAL_KEYS
    for template in ("2019", "2021"):
        for item, cols in lx.PROACTIVE_COLUMNS[template].items():
            keys += [f"proactive.{r}.{c}" for r, _, _ in lx.PROACTIVE_ROWS[item] for c in cols]
    return list(dict.fromkeys(keys))


def is_key(key: str) -> bool:
    return bool(re.fullmatch(r"(requests|appeals|proactive)(\.[a-z_0-9]+)+", key or ""))


SCHEMA_VERSION = 2


class FactsIndex:
    """Every report's cells, one row per (key, report), in SQLite: a question over
    one figure reads that figure's rows, not every report (10,000 reports hold
    some 1.5 million cells). It is derived from the store: a report whose
    generation changed is read again, one removed is dropped, so each instance
    keeps its own and a lost file is only rebuilt."""

    def __init__(self, path):
        import sqlite3
        import threading
        from pathlib import Path

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                # a cache: an index of another layout is dropped and rebuilt from the store
                self._db.executescript("DROP TABLE IF EXISTS cells; DROP TABLE IF EXISTS rows; "
                                       "DROP TABLE IF EXISTS reports;")
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.executescript("""
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=NORMAL;
                CREATE TABLE IF NOT EXISTS reports (report_id TEXT PRIMARY KEY, generation TEXT, agency TEXT,
                    year INTEGER, template TEXT, title TEXT);
                CREATE TABLE IF NOT EXISTS cells (key TEXT, report_id TEXT, value REAL, state TEXT, findings TEXT,
                    PRIMARY KEY (key, report_id)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS cells_by_report ON cells (report_id);
                CREATE TABLE IF NOT EXISTS rows (report_id TEXT, stem TEXT, section TEXT, text TEXT,
                    PRIMARY KEY (stem, report_id)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS rows_by_report ON rows (report_id);
            """)

    def generations(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT report_id, generation FROM reports"))

    def sync(self, live: dict[str, str], load) -> int:
        """Bring the index to the store's live reports ({report_id: generation});
        ``load(report_id)`` gives a report's facts. Returns how many were (re)read."""
        have = self.generations()
        for rid in set(have) - set(live):
            self.remove(rid)
        changed = [rid for rid, gen in live.items() if have.get(rid) != gen]
        for i in range(0, len(changed), 200):
            batch = [(load(rid), live[rid]) for rid in changed[i:i + 200]]
            self.add_many([(r, gen) for r, gen in batch if r is not None])
        return len(changed)

    def add(self, report: ParsedReport, generation: str) -> None:
        self.add_many([(report, generation)])

    def add_many(self, reports: list[tuple[ParsedReport, str]]) -> None:
        """Add or replace reports, all in one transaction (a store of 10,000 is indexed in batches)."""
        rows = [self._rows_of(r, gen) for r, gen in reports]
        have = set(self.generations())
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for (report, _), (meta, cells, texts) in zip(reports, rows):
                    if report.report_id in have:
                        for table in ("cells", "rows", "reports"):
                            self._db.execute(f"DELETE FROM {table} WHERE report_id = ?", (report.report_id,))
                    self._db.execute("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?)", meta)
                    self._db.executemany("INSERT INTO cells VALUES (?, ?, ?, ?, ?)", cells)
                    self._db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)", texts)
                self._db.execute("COMMIT")
            except Exception:
                self._db.execute("ROLLBACK")
                raise

    @staticmethod
    def _rows_of(report: ParsedReport, generation: str):
        import json

        from bot.answer import row_citation_texts
        from ingest.chunks import section_heading

        cells, stems = [], set()
        for key in known_keys() + [k for k in list(report.values) + list(report.blank) if k not in _KNOWN]:
            state = state_of(report, key)
            if state == "absent":
                continue
            found = findings_for(report, key) if state == "value" else []
            cells.append((key, report.report_id, report.values.get(key) if state == "value" else None, state,
                          json.dumps(found, ensure_ascii=False) if found else "[]"))
            if state in ("value", "blank"):
                stems.add(key.rsplit(".", 1)[0])
        texts = [(report.report_id, stem, section_heading(report, lx.section_of_key(stem + ".x")), text)
                 for stem, text in row_citation_texts(report, sorted(stems)).items()]
        meta = (report.report_id, generation, report.agency, report.year, report.template, report.title)
        return meta, cells, texts

    def remove(self, report_id: str) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            for table in ("cells", "rows", "reports"):
                self._db.execute(f"DELETE FROM {table} WHERE report_id = ?", (report_id,))
            self._db.execute("COMMIT")

    def query(self, key: str, report_ids: list[str] | None = None, agencies: list[str] | None = None,
              years: list[int] | None = None, row_texts: bool = True) -> list[dict]:
        """The interface's facts rows for one key: every report in scope, "absent" where it prints no such cell.
        ``row_texts=False`` cites each cell by its label and value instead of its whole table row
        (a ranking over thousands of reports: the row texts would be most of the time and the bytes)."""
        import json

        where, args = [], [key]
        if report_ids is not None:
            where.append(f"r.report_id IN ({','.join('?' * len(report_ids))})")
            args += report_ids
        if agencies:
            where.append(f"r.agency IN ({','.join('?' * len(agencies))})")
            args += agencies
        if years:
            where.append(f"r.year IN ({','.join('?' * len(years))})")
            args += years
        texts = ("w.section, w.text", "LEFT JOIN rows w ON w.report_id = r.report_id AND w.stem = ? ") \
            if row_texts else ("NULL, NULL", "")
        sql = (f"SELECT r.report_id, r.agency, r.year, c.value, c.state, c.findings, {texts[0]} "
               "FROM reports r LEFT JOIN cells c ON c.report_id = r.report_id AND c.key = ? " + texts[1]
               + ("WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.agency, r.year")
        stem = key.rsplit(".", 1)[0]
        with self._lock:
            found = self._db.execute(sql, [args[0]] + ([stem] if row_texts else []) + args[1:]).fetchall()
        out = []
        short = f"{lx.SECTION_TITLES.get(lx.section_of_key(key), '')} · {label(key)}"
        for rid, agency, year, value, state, findings, section, text in found:
            state = state or "absent"
            value = (int(value) if float(value).is_integer() else value) if value is not None else None
            if not row_texts and state in ("value", "blank"):
                section, text = short.split(" · ")[0], f"{short} {'（空白）' if value is None else _num(value)}"
            cite = {"report_id": rid, "agency": agency, "year": year, "section": section, "text": text, "key": key} \
                if state in ("value", "blank") and text else None
            out.append({"report_id": rid, "agency": agency, "year": year, "value": value, "state": state,
                        "findings": json.loads(findings) if findings and findings != "[]" else [],
                        "citation": cite})
        return out

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM reports").fetchone()[0]

    def knows(self, key: str) -> bool:
        """A template key, or one some stored report prints (an unknown key is a typo, not "absent everywhere")."""
        if key in _KNOWN:
            return True
        with self._lock:
            return self._db.execute("SELECT 1 FROM cells WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def templates(self, report_ids: list[str]) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute(
                f"SELECT report_id, template FROM reports WHERE report_id IN ({','.join('?' * len(report_ids))})",
                report_ids))


_KNOWN = set(known_keys())


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
