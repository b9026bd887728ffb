"""Bulk crawler CSV files: the annual reports among a column's articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.bulk import is_bulk_csv, read_bulk
from ingest.parser import parse_text
from ingest.reader import ReportError

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"
KEJI = WILD / "2016-2023_hebei_sheng-kejiting.csv"


def test_a_csv_without_title_and_body_columns_is_refused_clearly():
    with pytest.raises(ReportError, match="标题"):
        read_bulk("a,b\n1,2\n".encode())
    assert not is_bulk_csv("x.csv", b"a,b\n1,2\n")


def test_other_articles_and_empty_rows_are_skipped_with_a_reason():
    body = "河北省某某厅2023年政府信息公开工作年度报告。" + "本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。" * 8
    data = ("标题,时间,内容\n"
            f"河北省某某厅2023年政府信息公开工作年度报告,2024-01-20,{body}\n"
            "河北省某某厅2023年法治政府建设情况报告,2023-12-29,很长的正文\n"
            "河北省某某厅2023年政府网站工作年度报表,2024-01-23,\n").encode()
    arts = read_bulk(data)
    assert [a.skipped == "" for a in arts] == [True, False, False]
    r = parse_text(arts[0].source, "x.csv#1")
    assert (r.agency, r.year) == ("河北省某某厅", 2023)


@pytest.mark.skipif(not KEJI.exists(), reason="needs ../shared/corpus/wild")
def test_the_real_bulk_file_yields_one_report_per_year():
    reports = [parse_text(a.source, f"csv#{a.row}") for a in read_bulk(KEJI.read_bytes()) if a.source]
    years = sorted(r.year for r in reports)
    assert years == list(range(2015, 2024))
    assert all("根据" not in r.agency for r in reports)
    latest = next(r for r in reports if r.year == 2023)
    assert latest.agency == "河北省科学技术厅" and len(latest.values) > 150


def _reports(data: bytes) -> dict[str, dict]:
    return {r.report_id: r.values for r in (parse_text(a.source, f"csv#{a.row}") for a in read_bulk(data) if a.source)}


def _rewritten(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    return buf.getvalue().encode(encoding)


@pytest.fixture(scope="module")
def keji_rows():
    import csv
    import io

    if not KEJI.exists():
        pytest.skip("needs ../shared/corpus/wild")
    return list(csv.reader(io.StringIO(KEJI.read_text(encoding="utf-8").lstrip("\ufeff"))))


def test_another_crawlers_layout_yields_the_same_reports(keji_rows):
    """The same articles as other crawlers write them: English headers in another order and
    tab-separated, GBK-encoded; no header at all; no title column (each body's own title)."""
    expected = _reports(KEJI.read_bytes())
    assert len(expected) == 9
    title, date, body, url = (keji_rows[0].index(c) for c in ("标题", "时间", "内容", "访问地址"))
    english = [["url", "content", "publish_time", "title"]] + [[r[url], r[body], r[date], r[title]] for r in keji_rows[1:]]
    assert _reports(_rewritten(english, "\t", "gb18030")) == expected
    headerless = [[r[date], r[title], r[body]] for r in keji_rows[1:]]
    assert _reports(_rewritten(headerless)) == expected
    # no title column: a crawler that kept each page's heading at the top of its body
    untitled = [["发布日期", "正文内容"]] + [[r[date], r[title] + "\n" + r[body]] for r in keji_rows[1:]]
    assert _reports(_rewritten(untitled)) == expected


def test_a_crawler_that_kept_the_pages_html_has_its_tables_read():
    rows = ["<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for cells in (
        ["主动公开", "第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "3", "1", "27"], ["行政规范性文件", "12", "4", "86"])]
    page = ("<p>某某市某某局2023年政府信息公开工作年度报告</p><p>本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。"
            "一、总体情况。2023年，某某市某某局坚持公开为常态、不公开为例外，全面推进政务公开工作，主动公开政府信息1200条。</p>"
            "<p>二、主动公开政府信息情况</p><table>" + "".join(rows) + "</table><p>三、收到和处理政府信息公开申请情况</p>")
    data = _rewritten([["标题", "正文"], ["某某市某某局2023年政府信息公开工作年度报告", page]])
    (art,) = read_bulk(data)
    report = parse_text(art.source, "x.csv#1")
    assert report.report_id == "2023-某某市某某局"
    assert report.values["proactive.rules.issued"] == 3 and report.values["proactive.normative_docs.in_force"] == 86
