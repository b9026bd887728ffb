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
