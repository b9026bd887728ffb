"""Flattened tables: glued digit runs split only where one reading is possible."""

from pathlib import Path

import pytest

from ingest import flat_tables
from ingest.parser import parse_file

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"


def test_a_run_splits_where_leading_zeros_leave_one_reading():
    assert flat_tables.readings("5000005", 7) == [["5", "0", "0", "0", "0", "0", "5"]]
    assert flat_tables.readings("0012", 3) == [["0", "0", "12"]]


def test_spaces_bound_numbers_but_a_token_may_hold_several():
    assert flat_tables.readings("10 0 00 0 1", 7) == [["1", "0", "0", "0", "0", "0", "1"]]


def test_the_row_sum_picks_among_readings_and_never_vetoes_the_only_one():
    cands = flat_tables.readings("713000074", 7)
    assert len(cands) > 1
    kept, held = flat_tables.choose(cands, flat_tables._row_sum_holds)
    assert held and kept == [["71", "3", "0", "0", "0", "0", "74"]]
    # 总计 printed 0 while a cell is 1: the report's own contradiction is kept as printed
    only = flat_tables.readings("0100000", 7)
    kept, held = flat_tables.choose(only, flat_tables._row_sum_holds)
    assert not held and kept == [["0", "1", "0", "0", "0", "0", "0"]]


def test_an_ambiguous_row_is_left_unread_with_a_finding():
    line = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
            "行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690"
            "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计一、本年新收政府信息公开申请数量5000005"
            "二、上年结转政府信息公开申请数量0000000")
    lines, notes, printed = flat_tables.unflatten([line], "2021")
    assert "规章 | 0 | 0 | 0" in lines
    assert "行政许可 | 10690" in lines
    assert any(n["rule"] == "glued_cells" and n["column"] == "proactive.normative_docs" for n in notes)
    assert not any(l.startswith("规范性文件 |") for l in lines)
    assert any(l.startswith("本年新收政府信息公开申请数量 | 5 | 0") for l in lines)
    assert printed["requests.new"].endswith("5000005")


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")
def test_glued_crawler_text_reads_as_the_same_reports_html_tables():
    txt = parse_file(WILD / "2022_pingtan_shiyanqu-guanweihui.txt")
    html = parse_file(WILD / "2022_pingtan_shiyanqu-guanweihui.html")
    read = set(txt.values)
    assert len(read) >= 190
    assert {k: txt.values[k] for k in read} == {k: html.values[k] for k in read}
    unread = set(html.values) - read
    assert unread == {"proactive.normative_docs.issued", "proactive.normative_docs.repealed", "proactive.normative_docs.in_force"}
    assert any(f["rule"] == "glued_cells" for f in txt.findings)
    assert txt.row_text["requests.granted"].endswith("210000021")   # cited as printed
