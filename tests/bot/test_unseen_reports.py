"""What reports never seen before showed (probe sets 17-20: crawler pages of a zone's
departments and sub-areas, a student crawler's CSV of a provincial department): names
read past a level character, a body whose heading 五 was lost, a signature glued to a
footer, a hotline's number, measures and estimates, follow-ups that qualify the question
before, and personal data asked as "who applied". Invented reports; real wild ones where
a table is needed."""

from __future__ import annotations

import pytest

from bot.answer import asked_unit, content_terms, has_figure, is_table_remnant, measure_present, present
from bot.lexicon import PERSONAL_DATA, YES_NO
from bot.understand import agency_aliases
from ingest.identity import closing_date
from ingest.parser import split_glued_headings
from prompts import answers as T
from tests.bot.test_conversations import _talk as _chat
from tests.bot.test_small_prose_reports import _serving
from tests.conftest import CORPUS

# a crawler's one-line body of a zone department's pre-2019 report: no heading 五 (its
# shortfalls and plans sit in the prose), a total then its parts, a hotline, spending,
# and a signature glued between the last sentence and the site's footer
ZONE_POLICE = (
    "岚岛综合实验区公安局2017年政府信息公开工作年度报告\n"
    "一、概述2017年，我局认真贯彻《条例》，扎实推进政府信息公开工作。（一）主动公开政府信息的数量2017年度，"
    "主动公开政府信息457条，历年累计主动公开政府信息837条。其中公示公告类36条，机构职能类信息37条，"
    "其他应主动公开的政府信息21条。（二）12345热线转办件办理情况。全年办理12345热线转办件3456件，按时办结率98%。"
    "（三）依申请公开情况。2017年我局受理政府信息公开申请2件，均在规定时限内答复，主要涉及户籍管理、出入境等方面。"
    "四、支出与收费情况（一）2017年我局政府信息公开事务实际支出为5万余元，主要用于政策宣传解读和文件印刷费等。"
    "（二）本年度无向政府信息公开申请人进行收费的情况。2017年我局涉及政府信息公开的行政复议案件共2件，予以驳回。"
    "2017年，我局政府信息公开工作虽然取得了一些成绩，但仍存在不足。主要是：政府信息公开意识还需进一步增强，"
    "新出台文件在网上公开不够及时。2018年，我局将加大培训力度，加强对政府信息公开工作的督查，确保公开及时。"
    "岚岛综合实验区公安局2018年1月29日更多信息请关注官方微信“岚岛公安”")

ISLAND_COUNTY = (
    "岚岛县人民政府2017年政府信息公开工作年度报告\n一、概述\n2017年，全县主动公开政府信息1200条。\n"
    "二、依申请公开情况\n2017年全县共收到政府信息公开申请15件。\n")


@pytest.fixture(scope="module")
def island(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("island"), police=ZONE_POLICE, county=ISLAND_COUNTY)


def test_a_department_is_named_by_its_line_of_work_past_a_level_character_and_after_its_place():
    # 市场 begins a word: the department is 市场监督管理局, not 场监督管理局
    assert {"市场监督管理局", "市场监管局"} <= agency_aliases("岚岛综合实验区市场监督管理局")
    assert "场监督管理局" not in agency_aliases("岚岛综合实验区市场监督管理局")
    assert "管委会办公室" in agency_aliases("岚岛综合实验区管委会办公室")
    assert {"公安局", "岚岛公安局", "岚岛公安"} <= agency_aliases("岚岛综合实验区公安局")
    assert {"海坛片区", "海坛片区管理局"} <= agency_aliases("岚岛综合实验区海坛片区管理局")
    assert "旅文体局" in agency_aliases("岚岛综合实验区旅游与文化体育局")
    assert "管理局" not in agency_aliases("岚岛综合实验区海坛片区管理局")


def test_the_place_before_a_department_is_its_own_not_the_place_government(island):
    for question in ("岚岛公安2017年主动公开了多少条政府信息", "岚岛公安局17年主动公开多少条信息"):
        got = island.ask(question)
        assert not got["refused"] and got["kind"] != "clarify", (question, got["answer"])
        assert "457条" in got["answer"] and "1200" not in got["answer"], (question, got["answer"])


def test_the_total_is_given_before_its_parts_and_the_running_total_is_a_follow_up(island):
    first, total = _chat(island, "岚岛公安局2017年主动公开多少条信息", "历年累计呢")
    assert "457条" in first["answer"] and "公示公告类" not in first["answer"]
    assert "837条" in total["answer"]
    _, topics = _chat(island, "岚岛公安局2017年收到几件信息公开申请", "主要是问哪方面的")
    assert "户籍管理" in topics["answer"]


def test_shortfalls_and_plans_of_a_body_whose_heading_five_was_lost(island):
    problems, plans = _chat(island, "岚岛公安局2017年信息公开工作存在哪些问题", "那他们18年准备怎么改？")
    assert "公开意识还需进一步增强" in problems["answer"], problems["answer"]
    assert "加大培训力度" in plans["answer"], plans["answer"]


def test_fees_said_in_words_spending_as_an_estimate_and_a_hotline_by_its_number(island):
    got = island.ask("岚岛公安局17年信息公开收费了没")
    assert "无向政府信息公开申请人进行收费" in got["answer"], got["answer"]
    got = island.ask("岚岛公安局2017年在信息公开上花了多少钱，钱主要用在哪")
    assert "5万余元" in got["answer"], got["answer"]
    got = island.ask("2017年12345热线转办件办了多少件")
    assert "3456件" in got["answer"], got["answer"]


def test_a_signature_glued_to_the_footer_dates_the_report(island):
    got = island.ask("岚岛公安局2017年的年报落款是哪天")
    assert "2018年1月29日" in got["answer"], got["answer"]
    assert closing_date("……确保公开及时。岚岛综合实验区公安局2018年1月29日更多信息请关注官方微信“岚岛公安”") == "2018年1月29日"
    assert closing_date("2018年1月29日，我局召开会议研究部署。") == ""


def test_who_applied_is_personal_data_and_ordinary_who_questions_are_not(island):
    _, who = _chat(island, "岚岛公安局2017年行政复议几件", "那2件行政复议是谁申请的，具体什么案子")
    assert who["answer"] == T.REFUSE_PERSONAL
    for q in ("申请人里有没有姓林的", "申请行政复议的那个人是谁", "申请备案信息的是哪个小区的业主"):
        assert PERSONAL_DATA.search(q), q
    for q in ("这份报告是谁编的", "林业局2017年收到几件申请", "谁负责政府信息公开工作", "申请人需要提供什么材料"):
        assert not PERSONAL_DATA.search(q), q


def test_words_measures_and_units_as_reports_print_them():
    assert "12333" in content_terms("20年12333来电总量多少", [], [])
    assert "没收" not in content_terms("那某镇呢 收没收", [], []) and YES_NO.search("收没收")
    assert YES_NO.search("信息公开收费了没")
    assert has_figure("实际支出为5万余元，主要用于", "元")
    assert asked_unit("全区一般公共预算收入是多少亿") == "亿" and asked_unit("收到多少万人次咨询") != "亿"
    assert measure_present("阅读量", "累计阅读次数336.2万") and measure_present("电子化率", "其中全文电子化达100%")
    assert not measure_present("访问量", "网站发布信息100条")
    assert present("政协提案", "推进人大代表建议和政协委员提案办理结果公开") and not present("政协提案", "政协委员会议")


def test_a_prose_heading_after_a_table_run_and_the_old_statistics_table():
    line = "一、总体情况" + "甲" * 200 + "五、信息处理费收取情况通知收取件数实际收取金额（元）000六、存在的主要问题和改进情况（一）存在的主要问题仍存在不足。"
    pieces = split_glued_headings([line])
    assert "六、存在的主要问题和改进情况" in pieces
    assert "五、信息处理费收取情况" in pieces          # the 2025 form's own section on the fee
    glued = ("附件：某县2012年政府信息公开情况统计表 指标名称计量单位2012年度历年累计主动公开信息数条20263542"
             "受理依申请公开信息总数条2121对申请的答复数条2121行政复议数条00")
    assert is_table_remnant(glued)
    assert not is_table_remnant("行政复议数 件 0 行政诉讼数 件 0 行政申诉数 件 0，全年未发生行政复议。")
    assert not is_table_remnant("2012年全县共收到申请21条，其中当面申请数18条，电子邮件申请数3条；对依申请公开的答复总数21条")


WILD = CORPUS / "wild"


@pytest.fixture(scope="module")
def zone(embedder, tmp_path_factory):
    if not WILD.exists():
        pytest.skip("../shared/corpus/wild not beside the checkout")
    svc = _serving(embedder, tmp_path_factory.mktemp("zone"))
    svc.ingest_file(WILD / "2021_pingtan_jiaotong-jianshe-ju.txt")
    return svc


def test_how_the_requests_were_handled_and_a_share_of_the_figure_before(zone):
    _, handled = _chat(zone, "平潭交建局2021年收到几件信息公开申请", "那这几件最后都是怎么处理的")
    assert "予以公开3件" in handled["answer"] and "部分公开1件" in handled["answer"], handled["answer"]
    _, share = _chat(zone, "平潭交建局2021年因为本机关不掌握没法提供的有几件", "这个占全部办结的多少比例")
    assert "%" in share["answer"] and "计算所得" in share["answer"], share["answer"]


def test_an_old_statistics_table_printed_cell_by_cell_answers_with_its_rows(embedder, tmp_path_factory):
    # a 2009 report whose appeals are only in its attached table, printed cell by cell
    report = ("某县环境保护局2009年政府信息公开工作年度报告\n一、概述\n2009年，我局主动公开政府信息6条。\n"
              "二、依申请公开情况\n2009年度，我局没有收到信息公开申请。\n三、收费及减免情况\n无收费及减免情况。\n"
              "附表： 指标名称 计量单位 年末统计 主动公开信息数 条 6 其中：1．网站公开 条 6 2．政府公报公开 条 0 "
              "受理依申请公开信息总数 条 0 对申请的答复总数 条 0 其中：1．同意公开答复数 条 0 "
              "行政复议数 件 0 行政诉讼数 件 0 行政申诉数 件 0\n")
    svc = _serving(embedder, tmp_path_factory.mktemp("oldtable"), env=report)
    got = svc.ask("某县环保局2009年有没有因为信息公开被申请复议或者被起诉？")
    assert "行政复议数 件 0" in got["answer"] and "主动公开信息数" not in got["answer"], got["answer"]
    got = svc.ask("某县环保局搞信息公开收不收费？09年收了多少")
    assert "无收费及减免情况" in got["answer"], got["answer"]


def test_headings_ending_in_problems_or_plans_open_section_five():
    from ingest.parser import classify_heading

    line = ("四、行政复议和诉讼情况2013年，没有发生行政复议。五、工作人员以及支出与收费情况我局设兼职人员1人。"
            "六、存在的问题1.部分信息员操作不够熟练。七、下一步工作思路1.深入学习政府信息公开知识。" + "甲" * 120)
    pieces = split_glued_headings([line])
    assert "六、存在的问题" in pieces and "七、下一步工作思路" in pieces
    assert classify_heading("六、存在的问题") == 5 and classify_heading("七、下一步工作思路") == 5
    joined = split_glued_headings(["一、总体情况" + "乙" * 200 + "五、存在的主要问题及改进措施2024年，还存在以下问题。"])
    assert "五、存在的主要问题及改进措施" in joined


def test_a_contact_the_report_does_not_print_is_refused_and_an_item_number_is_no_figure(embedder, tmp_path_factory):
    report = ("某县工商局2013年政府信息公开工作年度报告\n一、概述\n本年报由县工商局办公室编制。\n"
              "二、政府信息主动公开情况\n2013年，我局共主动公开政府信息46条。\n"
              "六、存在的问题\n1.部分信息员操作不够熟练。2.企业和群众对我局政府信息公开工作还不是很了解。\n")
    svc = _serving(embedder, tmp_path_factory.mktemp("noline"), aic=report)
    got = svc.ask("某县工商局办公室电话多少")
    assert got["refused"], got["answer"]
    got = svc.ask("某县工商局2013年新登记了多少户企业？")
    assert got["refused"], got["answer"]
    assert not has_figure("2.企业和群众对我局政府信息公开工作还不是很了解。") and has_figure("共公开46条。")


def test_a_four_character_part_beside_a_two_character_one_is_shortened():
    assert "计生局" in agency_aliases("某县人口和计划生育局")
    assert "规建局" not in agency_aliases("某区规划建设与交通运输局")


def test_a_person_asked_by_office_is_named_or_not_answered(embedder, tmp_path_factory):
    report = ("某区国有资产管理局2022年政府信息公开工作年度报告\n一、总体情况\n"
              "成立政府信息公开工作领导小组，由局党委书记担任组长，由局长担任常务副组长。\n"
              "联系人：林耀，电话：0591-23179988。\n")
    svc = _serving(embedder, tmp_path_factory.mktemp("person"), sasac=report)
    assert svc.ask("某区国资局局长叫什么")["refused"]
    got = svc.ask("某区国资局的联系人是谁")
    assert "林耀" in got["answer"], got["answer"]
