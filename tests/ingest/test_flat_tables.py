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
    # quoted with the text after it, which shows where the row's digits stop
    assert printed["requests.new"].startswith("一、本年新收政府信息公开申请数量5000005二、上年结转")
    assert printed["proactive.licensing"].startswith("行政许可10690三、")


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")
def test_glued_crawler_text_reads_as_the_same_reports_html_tables():
    txt = parse_file(WILD / "2022_pingtan_shiyanqu-guanweihui.txt")
    html = parse_file(WILD / "2022_pingtan_shiyanqu-guanweihui.html")
    read = set(txt.values)
    assert len(read) >= 190
    assert {k: txt.values[k] for k in read} == {k: html.values[k] for k in read}
    # 规范性文件 “8855698” has 15 readings; the prose (现行有效…698件, 制发…88件) leaves one
    assert set(html.values) - read == set()
    assert "予以公开 210000021（二）" in txt.row_text["requests.granted"]   # cited as printed, to where its digits stop


def test_the_cells_every_reading_agrees_on_are_read_and_the_rest_left_unread():
    # a sign starts 本年增/减, so the number before it ends there: 上一年项目数量 97 in every reading
    cands, held = flat_tables.choose(flat_tables.all_readings("97+82179", 3),
                                     flat_tables._signs_in_place(["prev_items", "change", "decisions"]))
    assert held and len(cands) > 1
    assert flat_tables.agreed(cands) == ["97", None, None]
    # "110000011": 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11, both holding the row's sum
    cands, held = flat_tables.choose(flat_tables.all_readings("110000011", 7), flat_tables._row_sum_holds)
    assert held and flat_tables.agreed(cands) == [None, None, "0", "0", "0", "0", "11"]


def test_a_run_shorter_than_its_row_was_printed_with_empty_cells():
    # "11" for seven cells: one applicant column 1 and 总计 1; which column is not known
    cands, held = flat_tables.choose(flat_tables.all_readings("11", 7), flat_tables._row_sum_holds)
    assert held and len(cands) == 6
    assert flat_tables.agreed(cands) == [None] * 6 + ["1"]
    # a run with as many digits as cells never gets blanks
    assert all(all(c) for c in flat_tables.all_readings("0000000", 7))


def test_a_glued_row_keeps_its_agreed_cells_as_values_and_the_finding():
    line = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件000"
            "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可156-5997其他对外管理服务事项000"
            "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量22二、上年结转政府信息公开申请数量三、本年度办理结果（一）予以公开22"
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）（三）不予公开1.属于国家秘密2.其他法律行政法规禁止公开"
            "（七）总计22四、结转下年度继续办理四、政府信息公开行政复议、行政诉讼情况2019年本机关未发生涉及政府信息公开的"
            "行政复议、行政诉讼案件。五、存在的主要问题及改进情况")
    lines, notes, printed = flat_tables.unflatten([line], "2019")
    cells = {k: v for n in notes for k, v in n.get("cells", {}).items()}
    assert cells == {"proactive.licensing.prev_items": "156", "requests.new.total": "2",
                     "requests.granted.total": "2", "requests.handled_total.total": "2"}
    # a row whose label runs into the next row's number ("国家秘密2.其他法律") was printed empty
    assert any(l.startswith("不予公开：属于国家秘密 |  |") for l in lines)
    assert not any(n["column"] == "requests.denied.state_secret" for n in notes)
    # a year after section 四's heading is its sentence, not the table's digits
    assert not any(n["column"] == "appeals" for n in notes)


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")
def test_hebei_crawler_rows_read_where_every_split_agrees():
    from ingest.bulk import read_bulk
    from ingest.parser import parse_text

    def report(name, year):
        for a in read_bulk((WILD / name).read_bytes()):
            if a.source and f"{year}年" in a.title:
                return parse_text(a.source, f"row{a.row}.txt")

    kj = report("2016-2023_hebei_sheng-kejiting.csv", 2022)
    # two rows left unread do not shift the others into the 2019 template's order
    assert kj.values["requests.granted.total"] == 10
    assert kj.values["requests.denied.third_party.total"] == 0
    assert kj.values["requests.denied.internal_affairs.total"] == 1
    assert kj.values["requests.new.total"] == 11 and "requests.new.natural_person" not in kj.values
    assert "requests.new.natural_person" not in kj.blank
    assert not any("cells" in f for f in kj.findings)
    gx = report("2016-2023_hebei_sheng-gongxinting.csv", 2020)
    assert gx.values["requests.new.total"] == 1 and gx.values["requests.partial.total"] == 1
    assert "requests.new.natural_person" not in gx.values and "requests.new.natural_person" not in gx.blank
    assert gx.values["proactive.licensing.prev_items"] == 97
    assert "proactive.licensing.change" not in gx.values
    assert not any(f["column"] == "requests.denied.state_secret" for f in gx.findings)   # printed empty
    assert not any(k.startswith("appeals.") for k in gx.values)
    assert "申请数量11二、" in gx.row_text["requests.new"]


def test_the_reports_prose_settles_a_glued_proactive_row():
    from ingest.flat_tables import stated_in_prose

    prose = "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。"
    assert stated_in_prose(prose, "规范性文件", ["issued", "repealed", "in_force"]) == {"issued": "88", "in_force": "698"}
    # stated twice with different figures: not settled
    assert stated_in_prose(prose + "本年制发规范性文件90件。", "规范性文件", ["issued"]) == {}


def test_a_glued_row_split_by_the_prose_agrees_with_the_same_report_as_html():
    from pathlib import Path

    from ingest.parser import parse_file

    wild = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"
    if not wild.exists():
        import pytest

        pytest.skip("needs ../shared/corpus/wild")
    crawled = parse_file(wild / "2022_pingtan_shiyanqu-guanweihui.txt")   # “8855698”, glued
    html = parse_file(wild / "2022_pingtan_shiyanqu-guanweihui.html")      # the same table with its cells
    keys = [f"proactive.normative_docs.{c}" for c in ("issued", "repealed", "in_force")]
    assert [crawled.values.get(k) for k in keys] == [html.values[k] for k in keys] == [88, 55, 698]
    assert any(f["rule"] == "layout" and "prose" in f["detail"] for f in crawled.findings)


def test_a_column_word_before_its_figure_in_a_sentence_about_the_row_settles_it():
    from ingest.flat_tables import stated_in_prose

    prose = "对现有206件规范性文件实施了7次清理，保留部门规范性文件181件，废止25件。"
    assert stated_in_prose(prose, "规范性文件", ["issued", "repealed", "in_force"]) == {"repealed": "25", "in_force": "181"}
    # a figure of another sentence, or of a word that is no column's, settles nothing
    assert stated_in_prose("全年清理7次。废止25件规章。", "规范性文件", ["repealed"]) == {}


GLUED_2019 = (
    "某省某厅2019年政府信息公开工作年度报告,"
    "一、总体情况2019年我厅共办理依申请政府信息公开16件，未发生因信息公开引起的行政复议和行政诉讼。"
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件161616"
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人"
    "法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量160000016"
    "二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开9000009（二）部分公开（区分处理的，只计这一情形，"
    "不计其他情形）（三）不予公开1.属于国家秘密2.其他法律行政法规禁止公开3.危及“三安全一稳定”4.保护第三方合法权益"
    "5.属于三类内部事务信息6.属于四类过程性信息7.属于行政执法案卷8.属于行政查询事项（四）无法提供1.本机关不掌握相关政府信息"
    "30000032.没有现成信息需要另行制作40000043.补正后申请内容仍不明确（五）不予处理1.信访举报投诉类申请2.重复申请"
    "3.要求提供公开出版物4.无正当理由大量反复申请5.要求行政机关确认或重新出具已获取信息（六）其他处理（七）总计160000016"
    "四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计000"
    "五、存在的主要问题及改进情况信息公开工作还存在内容不够充实等问题。某省某厅2020年1月15日\n")


def test_rows_a_crawler_printed_without_digits_are_blanks_and_rows_are_cited_with_their_numbers(tmp_path):
    f = tmp_path / "glued.txt"
    f.write_text(GLUED_2019, encoding="utf-8")
    r = parse_file(f)
    # every row between the read ones was printed with its cells empty: blank, never 0, never lost
    for row in ("partial", "denied.state_secret", "unavailable.unclear", "not_processed.petition", "other"):
        assert f"requests.{row}.total" in r.blank, row
        assert f"requests.{row}.total" not in r.values
    assert r.values["requests.unavailable.not_held.total"] == 3 and r.values["requests.new.total"] == 16
    # the first row's printed text keeps its number; the appeals run keeps its header's last words
    assert r.row_text["requests.new"].startswith("一、本年新收")
    _, _, printed = flat_tables.unflatten(GLUED_2019.split("\n"), "2019")
    assert printed["appeals.review"].endswith("尚未审结总计000")


def test_a_table_printed_on_one_line_with_spaced_cells_is_read_row_by_row(tmp_path):
    # a crawler's page with table 二 on one line, cells spaced, the procurement row with its units
    body = ("某某局2020年政府信息公开工作年度报告\n一、总体情况\n2020年，我局认真贯彻《条例》。\n"
            "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年新 制作数量 本年新 公开数量 对外公开 总数量 "
            "规章 0 0 0 规范性文件 5 5 5 第二十条第（五）项 信息内容 上一年 项目数量 本年增/减量 处理决定数量 "
            "行政许可 15 11 0 其他对外管理服务事项 0 0 0 行政处罚 30 0 0 行政强制 0 0 0 第二十条第（八）项 "
            "信息内容 上一年 项目数量 本年增/减量 行政事业性收费 0 0 第二十条第（九）项 信息内容 采购项目数量 "
            "采购总金额 政府集中采购 3个 3443000元\n五、存在的主要问题及改进情况\n更新不够及时。\n")
    f = tmp_path / "spaced.txt"
    f.write_text(body, encoding="utf-8")
    r = parse_file(f)
    assert r.values["proactive.normative_docs.total"] == 5
    assert (r.values["proactive.licensing.prev_items"], r.values["proactive.licensing.change"]) == (15, 11)
    assert r.values["proactive.penalty.prev_items"] == 30 and r.values["proactive.penalty.decisions"] == 0
    assert (r.values["proactive.procurement.items"], r.values["proactive.procurement.amount"]) == (3, 3443000)


def test_a_label_row_is_spelled_out_only_when_its_digits_split_one_way():
    got = flat_tables.spell_label_row("通知收取件数通知收取金额（元）实际收取金额（元）000")
    assert got.startswith("通知收取件数 0，通知收取金额（元） 0，实际收取金额（元） 0")
    assert got.endswith("（原表此行：通知收取件数通知收取金额（元）实际收取金额（元）000）")
    # 18000 in three cells splits more than one way: left as printed
    assert flat_tables.spell_label_row("通知收取件数通知收取金额（元）实际收取金额（元）18000") == \
        "通知收取件数通知收取金额（元）实际收取金额（元）18000"
    assert flat_tables.spell_label_row("本年度无收取信息处理费情况。") == "本年度无收取信息处理费情况。"


def test_a_pipe_inside_a_prose_title_does_not_hide_the_glued_tables():
    prose = "我局通过微信公众号发布365篇《我为群众办实事|快速检测结果天天报》系列文章。全年抽检2529批次。"
    line = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
            "第二十条第（五）项信息内容本年处理决定数量行政许可568第二十条第（六）项信息内容本年处理决定数量行政处罚887行政强制0"
            "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量3000003二、上年结转政府信息公开申请数量0000000")
    assert not flat_tables.has_cells(prose + line) and flat_tables.has_cells("行政许可 | 568")
    lines, _, _ = flat_tables.unflatten([prose + line], "2021")
    assert "行政许可 | 568" in lines and "行政处罚 | 887" in lines, lines
