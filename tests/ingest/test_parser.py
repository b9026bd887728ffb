"""The parser against values written down by reading each corpus report
(tests/ingest/expected/*.json), never copied from the parser's output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import lexicon as lx
from ingest.parser import parse_file
from ingest.reader import ReportError

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
EXPECTED = Path(__file__).parent / "expected"
REPORTS = sorted(p.stem for p in EXPECTED.glob("20*.json"))
PDFS = ["2023_huaian_hongze-qu-renmin-zhengfu", "2024_huaian_hongze-qu-renmin-zhengfu",
        "2024_huaian_huaian-shi-renmin-zhengfu"]

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus not beside the checkout")


def expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def assert_same_cells(report, exp: dict) -> None:
    wrong = {k: (exp["values"].get(k), report.values.get(k))
             for k in set(exp["values"]) | set(report.values) if exp["values"].get(k) != report.values.get(k)}
    assert not wrong, f"cells differ (expected, got): {wrong}"
    assert sorted(report.blank) == sorted(exp["blank"])
    zero_for_blank = [k for k in exp["blank"] if report.values.get(k) == 0]
    assert not zero_for_blank


@needs_corpus
@pytest.mark.parametrize("name", REPORTS)
def test_every_printed_cell_of_the_corpus(name):
    report = parse_file(CORPUS / f"{name}.txt")
    exp = expected(name)
    assert report.agency == exp["agency"]
    assert report.year == exp["year"]
    assert report.template == exp["template"]
    assert report.report_id == f"{exp['year']}-{exp['agency']}"
    assert_same_cells(report, exp)
    for key, printed in exp.get("signed", {}).items():
        assert report.signed.get(key) == printed


@needs_corpus
@pytest.mark.parametrize("name", REPORTS)
def test_contacts_printed_in_the_report(name):
    report = parse_file(CORPUS / f"{name}.txt")
    exp = {k: v for k, v in expected(name)["contacts"].items() if v}
    assert report.contacts == exp


@needs_corpus
@pytest.mark.parametrize("name", PDFS)
def test_pdf_gives_the_same_numbers_as_its_text(name):
    pdf = parse_file(CORPUS / "pdf" / f"{name}.pdf")
    txt = parse_file(CORPUS / f"{name}.txt")
    assert_same_cells(pdf, expected(name))
    assert pdf.values == txt.values
    assert pdf.report_id == txt.report_id
    assert pdf.contacts == txt.contacts


@needs_corpus
def test_broken_rules_become_findings_and_numbers_stay_as_printed():
    r23 = parse_file(CORPUS / "2023_huaian_hongze-qu-renmin-zhengfu.txt")
    rules = {(f["rule"], f["column"]) for f in r23.findings}
    assert ("appeals_sum", "review") in rules
    assert r23.values["appeals.review.total"] == 0  # printed 0, kept although 10+1 ≠ 0
    r24 = parse_file(CORPUS / "2024_huaian_hongze-qu-renmin-zhengfu.txt")
    contradiction = [f for f in r24.findings if f["rule"] == "prose_vs_table"]
    assert contradiction and "17" in contradiction[0]["detail"] and "95" in contradiction[0]["detail"]
    assert r24.values["requests.new.total"] == 95
    clean = parse_file(CORPUS / "2024_huaian_huaian-shi-renmin-zhengfu.txt")
    assert [f for f in clean.findings if f["rule"] != "layout"] == []


@needs_corpus
def test_sections_found_including_an_agencys_own_numbering():
    kewei = parse_file(CORPUS / "2024_shanghai_shi-kewei.txt")
    numbers = {s.number for s in kewei.sections}
    assert {1, 2, 3, 4, 5, 6} <= numbers
    seed = parse_file(CORPUS / "2020_qzts_ghjsjtj.txt")
    assert [s.number for s in seed.sections if s.number] == [1, 2, 3, 4, 5, 6]


# ---- the seed report in other encodings and forms ----------------------------------

SEED = Path(__file__).resolve().parents[2] / "govqa" / "sample" / "2020_qzts_ghjsjtj.txt"


def test_seed_as_gbk(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    p = tmp_path / "seed_gbk.txt"
    p.write_bytes(text.encode("gbk"))
    assert_same_cells(parse_file(p), expected("2020_qzts_ghjsjtj"))


def test_seed_as_big5_traditional(tmp_path):
    import opencc

    trad = opencc.OpenCC("s2t").convert(SEED.read_text(encoding="utf-8"))
    p = tmp_path / "seed_big5.txt"
    p.write_bytes(trad.encode("big5", errors="replace"))
    report = parse_file(p)
    assert report.source["traditional"] is True
    assert report.agency == "泉州台商投资区规划建设与交通运输局"
    assert_same_cells(report, expected("2020_qzts_ghjsjtj"))


def _html_table(rows: list[list[str]], label_cols: int) -> str:
    """Pipe rows → an HTML table whose empty label cells are merged into the cell
    above (rowspan), as published pages print the template."""
    n = len(rows)
    skip = set()
    out = ["<table border=1>"]
    for i, row in enumerate(rows):
        out.append("<tr>")
        for j, cell in enumerate(row):
            if (i, j) in skip:
                continue
            span = 1
            if j < label_cols and cell:
                while i + span < n and rows[i + span][j] == "" and all(
                        rows[i + span][c] == "" for c in range(j)) is not None and rows[i + span][j] == "":
                    if j == 0 and any(rows[i + span][c] for c in range(1, label_cols)) is False:
                        break
                    skip.add((i + span, j))
                    span += 1
            attr = f' rowspan="{span}"' if span > 1 else ""
            out.append(f"<td{attr}>{cell}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


@needs_corpus
def test_html_with_merged_cells(tmp_path):
    """The 2023 Hongze report as an HTML page: every markdown table becomes a
    <table> whose label cells are merged with rowspan."""
    src = (CORPUS / "2023_huaian_hongze-qu-renmin-zhengfu.txt").read_text(encoding="utf-8").splitlines()
    html, table = ["<html><body>"], []
    for line in src + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(set(c) <= set("-:") for c in cells):
                table.append(cells)
            continue
        if table:
            html.append(_html_table(table, label_cols=3 if len(table[0]) == 10 else 0))
            table = []
        html.append(f"<p>{line}</p>")
    html.append("</body></html>")
    p = tmp_path / "hongze2023.html"
    p.write_text("\n".join(html), encoding="utf-8")
    assert "rowspan" in p.read_text(encoding="utf-8")
    assert_same_cells(parse_file(p), expected("2023_huaian_hongze-qu-renmin-zhengfu"))


# ---- bad input -----------------------------------------------------------------------

def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govqa.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("content,suffix", [
    (b"", ".txt"),
    (b"\x00\x01\x02\x03" * 500, ".txt"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, ".txt"),
    (b"%PDF-1.4\n%%EOF truncated", ".pdf"),
    (b"not a pdf at all", ".pdf"),
    ("hello world, this is an English note.".encode(), ".txt"),
    ("今天天气很好，我们去公园散步吧。".encode() * 10, ".txt"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, content, suffix):
    p = tmp_path / f"bad{suffix}"
    p.write_bytes(content)
    with pytest.raises(ReportError):
        parse_file(p)
    proc = run_cli("parse", str(p))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_truncated_report_keeps_what_it_has(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("(四)无法提供")]
    p = tmp_path / "truncated.txt"
    p.write_text(cut, encoding="utf-8")
    report = parse_file(p)
    assert report.values["proactive.licensing.decisions"] == 753
    assert "requests.handled_total.total" not in report.values


def test_report_without_tables_gives_prose_and_a_finding(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    prose = text[: text.index("二、主动公开政府信息的情况")]
    p = tmp_path / "prose_only.txt"
    p.write_text(prose, encoding="utf-8")
    report = parse_file(p)
    assert report.values == {} and report.blank == []
    assert any(f["rule"] == "tables_missing" for f in report.findings)
    assert report.sections and report.sections[1].paragraphs


def test_blanks_are_blank_never_zero(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    # print the business column of 本年新收 as "/" and 予以公开 natural person as "—"
    lines = text.splitlines()
    i = lines.index("一、本年新收政府信息公开申请数量 |")
    lines[i + 2] = "/ |"
    j = lines.index("(一)予以公开 |")
    lines[j + 1] = "— |"
    p = tmp_path / "blanks.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    report = parse_file(p)
    assert "requests.new.business" in report.blank
    assert "requests.granted.natural_person" in report.blank
    assert "requests.new.business" not in report.values
    assert report.values["requests.new.total"] == 8


def test_parse_json_matches_interface(tmp_path):
    proc = run_cli("parse", str(SEED), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for field in ("report_id", "agency", "year", "template", "values", "blank", "contacts", "findings"):
        assert field in data
    assert data["values"]["requests.new.total"] == 8
    assert data["values"]["requests.partial.natural_person"] == 6
    assert data["year"] == 2020 and data["template"] == "2019"
    assert all(k.split(".")[0] in ("proactive", "requests", "appeals") for k in data["values"])
    assert set(data["values"]) <= {f"requests.{r}.{c}" for r, _, _ in lx.REQUEST_ROWS_2019 for c in lx.REQUEST_COLUMNS} \
        | set(lx.APPEAL_KEYS) | {f"proactive.{r}.{c}" for i, rows in lx.PROACTIVE_ROWS.items() for r, _, _ in rows
                                 for c in lx.PROACTIVE_COLUMNS["2019"].get(i, [])}


def test_a_sentence_kept_one_text_node_per_line_is_one_paragraph(tmp_path):
    """A page that keeps a sentence's pieces one per line ("2022年我局" / "未" / "收到…"):
    a piece no sentence ends with joins the next, while short lines that do stand alone
    (a signature, a date) stay paragraphs of their own."""
    body = ("某市某局2022年政府信息公开工作年度报告\n一、总体情况\n"
            "2022年，某局认真贯彻落实条例，全面推进政务公开工作，主动回应社会关切，依法保障群众知情权。\n"
            "（二）依申请公开情况\n2022年我局\n未\n收到少数民族群众及宗教界人士关于政府信息公开\n依申请事项。\n"
            "六、其他需要报告的事项\n本机关无其他需要报告的事项。\n某市某局\n2023年1月11日\n")
    f = tmp_path / "fragments.txt"
    f.write_text(body, encoding="utf-8")
    paragraphs = [p for s in parse_file(f).sections for p in s.paragraphs]
    assert "2022年我局未收到少数民族群众及宗教界人士关于政府信息公开依申请事项。" in paragraphs
    assert "某市某局" in paragraphs and "2023年1月11日" in paragraphs
