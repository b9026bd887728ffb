"""A check of every corpus report that needs no gold: does the parser name the
report's agency and year as its sidecar does, which template it reads, how many
of the template's cells it reads, which sums it could check and which are
broken, which of the six sections it finds.

    python -m eval.corpus_check [--corpus ../shared/corpus] [--json]
                                [--only GLOB] [--exclude GLOB ...]

Reports: the corpus's top-level .txt files and pdf/*.pdf (sidecar: the table in
the corpus README), wild/*.txt and wild/*.html (sidecar: ``<stem>.json``, for a
page ``<name>.html.json``). A crawler's CSV in wild/ holds several reports; it
is listed as a bulk file unless the reader accepts its form.

Exit code 1 on any identity error: an agency or year other than the sidecar's,
a report the parser cannot read, or a report without a sidecar (nothing to
check it against). A template other than the sidecar's, unread cells and broken
sums are shown, not failed on: the reports print what they print.

The default ``--corpus`` is ``../shared/corpus`` beside the checkout, found from
this file, so the check runs from any directory; a path given on the command
line is taken relative to the current directory.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import sys
from pathlib import Path

from ingest import lexicon as lx
from ingest.checks import SUM_RULES, sum_checks

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = (REPO / ".." / "shared" / "corpus").resolve()


# ---- the reports and their sidecars --------------------------------------------

def _readme_sidecars(corpus: Path) -> dict[str, dict]:
    """{file: {agency, year, template}} from the corpus README's markdown table."""
    readme = corpus / "README.md"
    if not readme.exists():
        return {}
    out: dict[str, dict] = {}
    header: list[str] | None = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s.startswith("|"):
            header = None
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s.strip("|"))]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue
        row = dict(zip(header, cells))
        if {"file", "agency", "year"} <= row.keys() and row["file"]:
            out[row["file"]] = {"agency": row["agency"], "year": _int(row["year"]),
                                "template": row.get("template", "")}
    return out


def _json_sidecar(path: Path) -> dict | None:
    side = path.with_name(path.name + ".json") if path.suffix.lower() in (".html", ".htm") \
        else path.with_suffix(".json")
    if not side.exists():
        return None
    d = json.loads(side.read_text(encoding="utf-8"))
    out = {"agency": d.get("agency", ""), "year": _int(d.get("year")), "template": str(d.get("template", ""))}
    if d.get("years_in_file"):
        out["years_in_file"] = [_int(y) for y in d["years_in_file"]]
    return out


def template_for_year(sidecar_template: str, year: int | None) -> str:
    """A bulk file's sidecar names a template per range of rows ("2021 (rows 2021-2023);
    2019 (rows 2019-2020); pre-2019 (earlier)"): the one for this report's year."""
    parts = [p.strip() for p in sidecar_template.split(";") if p.strip()]
    if len(parts) < 2 or year is None:
        return sidecar_template
    for part in parts:
        m = re.match(r"(\S+)\s*\((?:rows\s*)?(\d{4})\s*-\s*(\d{4})\)", part)
        if m and int(m.group(2)) <= year <= int(m.group(3)):
            return m.group(1)
    return next((re.match(r"\S+", p).group(0) for p in parts if re.search(r"earlier|\(\d{4}-\d{4}\)", p) and
                 not re.search(r"rows", p)), sidecar_template)


def _int(v) -> int | None:
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


def corpus_files(corpus: Path) -> list[tuple[str, Path, dict | None]]:
    """(name relative to the corpus, path, sidecar or None) of every report and bulk file."""
    readme = _readme_sidecars(corpus)
    out = []
    for p in sorted(corpus.glob("*.txt")) + sorted((corpus / "pdf").glob("*.pdf")):
        rel = p.relative_to(corpus).as_posix()
        out.append((rel, p, readme.get(rel)))
    wild = corpus / "wild"
    for p in sorted(wild.glob("*")) if wild.is_dir() else []:
        if p.suffix.lower() in (".txt", ".html", ".htm", ".csv"):
            out.append((p.relative_to(corpus).as_posix(), p, _json_sidecar(p)))
    return out


def _selected(rel: str, only: str | None, exclude: list[str]) -> bool:
    def hit(pattern: str) -> bool:
        return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(rel).name, pattern)
    return (only is None or hit(only)) and not any(hit(x) for x in exclude)


# ---- what one report gives -------------------------------------------------------

# The 2021 template's item (五) has the 行政许可 row alone (report-format.md);
# lexicon's row list is shared with the 2019 template, which also prints 其他对外管理服务事项.
_NOT_IN_TEMPLATE = {"2021": {"proactive.other_services.decisions"}}


def template_cells(template: str, values: dict, blank: list[str]) -> list[str]:
    """The template's cell keys. A 2021 report that prints (六)其他处理 as one row
    (report-format.md) is keyed like 2019's; pre-2019 reports have none."""
    if not lx.PROACTIVE_COLUMNS.get(template):     # pre-2019: no template tables
        return []
    one_other_row = any(k.split(".")[1:-1] == ["other"] for k in [*values, *blank] if k.startswith("requests."))
    rows = lx.REQUEST_ROWS_2021 if template == "2021" and not one_other_row else lx.REQUEST_ROWS_2019
    keys = [f"requests.{r}.{c}" for r, _, _ in rows for c in lx.REQUEST_COLUMNS]
    keys += lx.APPEAL_KEYS
    keys += [f"proactive.{r}.{c}" for item, cols in lx.PROACTIVE_COLUMNS[template].items()
             for r, _, _ in lx.PROACTIVE_ROWS[item] for c in cols]
    return [k for k in keys if k not in _NOT_IN_TEMPLATE.get(template, set())]


def check_report(rel: str, path, sidecar: dict | None) -> dict:
    """``path``: the report file, or a report already parsed (a bulk file's row)."""
    from ingest.parser import parse_file
    from ingest.report import ParsedReport

    row: dict = {"file": rel, "status": "", "identity_error": False, "agency": None, "year": None,
                 "expected": sidecar, "agency_from": None, "year_from": None,
                 "template": None, "cells": None, "sums": None, "sections": None, "error": None}
    if sidecar is None:
        row.update(status="NO SIDECAR", identity_error=True, error="no sidecar to check the report against")
        return row
    try:
        rep = parse_file(path) if not isinstance(path, ParsedReport) else path
    except Exception as exc:   # a report the product cannot read is an identity error, not a crash
        row.update(status="PARSE ERROR", identity_error=True, error=f"{type(exc).__name__}: {exc}")
        return row
    agency_ok = _norm(rep.agency) == _norm(sidecar["agency"])
    # a bulk file's sidecar names the years it holds; a single report's, its one year
    year_ok = rep.year in sidecar.get("years_in_file", [sidecar["year"]]) if rel.endswith(".csv") or "#" in rel \
        else rep.year == sidecar["year"]
    row.update(status="OK" if agency_ok and year_ok else "WRONG", identity_error=not (agency_ok and year_ok),
               agency=rep.agency, year=rep.year, agency_ok=agency_ok, year_ok=year_ok,
               agency_from=rep.identity.get("agency_from"), year_from=rep.identity.get("year_from"),
               template=rep.template)
    keys = template_cells(rep.template, rep.values, rep.blank)
    if keys:
        read = sum(1 for k in keys if k in rep.values)
        blank = sum(1 for k in keys if k not in rep.values and k in rep.blank)
        row["cells"] = {"template": len(keys), "read": read, "blank": blank, "unread": len(keys) - read - blank}
    checks = sum_checks(rep.values)
    broken = [f for f in rep.findings if f.get("rule") in SUM_RULES]
    row["sums"] = {"broken": len(broken), "checked": len(checks),
                   "broken_rules": sorted({f["rule"] for f in broken})}
    row["sections"] = sorted({s.number for s in rep.sections if 1 <= s.number <= 6})
    return row


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def check_bulk(rel: str, path: Path, sidecar: dict | None) -> list[dict]:
    """A crawler's bulk CSV: one row per annual report in it, each checked like a report."""
    from ingest.bulk import read_bulk
    from ingest.parser import parse_text

    from bot.understand import AgencyIndex

    rows, agencies = [], []
    for art in read_bulk(path.read_bytes()):
        if art.source is None:
            continue
        name = f"{rel}#{art.row}"
        try:
            rep = parse_text(art.source, name)
            # as ingest files it: under the name an earlier report of the file gave the agency
            rep.agency = AgencyIndex(agencies).canonical(rep.agency) or rep.agency
            agencies.append(rep.agency)
        except Exception as exc:
            rows.append({**check_report(name, path, None), "expected": sidecar, "status": "PARSE ERROR",
                         "identity_error": True, "error": f"{type(exc).__name__}: {exc}"})
            continue
        rows.append(check_report(name, rep, sidecar))
    return rows


def check_corpus(corpus: Path = DEFAULT_CORPUS, only: str | None = None, exclude: list[str] | None = None) -> list[dict]:
    out = []
    for rel, p, side in corpus_files(Path(corpus)):
        if not _selected(rel, only, exclude or []):
            continue
        out.extend(check_bulk(rel, p, side) if p.suffix.lower() == ".csv" else [check_report(rel, p, side)])
    return out


def exit_code(rows: list[dict]) -> int:
    return 1 if any(r["identity_error"] for r in rows) else 0


# ---- printing ----------------------------------------------------------------------

def _cells_text(r: dict) -> str:
    if r["template"] == "pre-2019" or (r["template"] and not r["cells"]):
        return "prose"
    c = r["cells"]
    return f"{c['read']} / {c['blank']} / {c['unread']}  of {c['template']}" if c else ""


def _identity_text(r: dict) -> tuple[str, str, str]:
    """(identity, agency, year) cells."""
    exp = r["expected"] or {}
    if r["status"] in ("OK", "WRONG"):
        agency = r["agency"] if r["agency_ok"] else f"{r['agency']} ≠ {exp.get('agency')} (sidecar)"
        year = str(r["year"]) if r["year_ok"] else f"{r['year']} ≠ {exp.get('year')} (sidecar)"
        return r["status"], agency, year
    return r["status"], r["error"] or "", ""


def print_table(rows: list[dict], file=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=file or sys.stdout, width=None if (file or sys.stdout).isatty() else 250)
    t = Table(title="Corpus check: identity vs sidecar, template, cells, 勾稽, sections", show_lines=False)
    t.add_column("file", no_wrap=True)
    for c, j in (("identity", "left"), ("agency", "left"), ("year", "left"),
                 ("from (agency / year)", "left"), ("template", "left"), ("cells read / blank / unread", "right"),
                 ("勾稽 broken / checked", "right"), ("sections", "left")):
        t.add_column(c, justify=j, overflow="fold")
    for r in rows:
        ident, agency, year = _identity_text(r)
        if r["status"] == "bulk":
            t.add_row(r["file"], "bulk", r["error"], "", "", "", "", "", "")
            continue
        exp = r["expected"] or {}
        tmpl = ""
        if r["template"]:
            want = template_for_year(exp.get("template") or "", r["year"])
            tmpl = r["template"] if r["template"] == want else f"{r['template']} ≠ {want} (sidecar)"
        sums = ""
        if r["sums"]:
            s = r["sums"]
            sums = f"{s['broken']} / {s['checked']}" + (f" ({', '.join(s['broken_rules'])})" if s["broken_rules"] else "")
        secs = "".join(str(n) if n in r["sections"] else "·" for n in range(1, 7)) if r["sections"] is not None else ""
        prov = f"{r['agency_from']} / {r['year_from']}" if r["agency_from"] or r["year_from"] else ""
        style = "red" if r["identity_error"] else None
        t.add_row(r["file"], ident, agency, year, prov, tmpl, _cells_text(r), sums, secs, style=style)
    console.print(t)
    reports = [r for r in rows if r["status"] != "bulk"]
    errors = [r for r in rows if r["identity_error"]]
    console.print(f"{len(reports)} reports, {len(rows) - len(reports)} bulk files; "
                  f"{len(errors)} identity errors" + (": " + ", ".join(r["file"] for r in errors) if errors else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.corpus_check", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help="the corpus folder (default: ../shared/corpus beside the checkout)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    ap.add_argument("--only", metavar="GLOB", help="only reports whose name or path (wild/…) matches")
    ap.add_argument("--exclude", metavar="GLOB", action="append", default=[], help="drop matching reports (repeatable)")
    args = ap.parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(f"corpus_check: no corpus folder at {corpus}", file=sys.stderr)
        return 2
    rows = check_corpus(corpus, args.only, args.exclude)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print_table(rows)
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main())
