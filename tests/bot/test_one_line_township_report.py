"""A township's short report as a mirror site keeps it: the whole report on one line, ASCII
commas, "none" printed as 为零, and a second department's report with blank lines. Invented
reports in the forms real portals publish."""

from __future__ import annotations

import pytest

from tests.bot.test_small_prose_reports import _serving

ONE_LINE_TOWNSHIP = (
    "发布单位: | 某浦镇 |\n某浦镇2010年政府信息公开工作年报 |\n"
    "2010年,某浦镇人民政府信息公开工作根据《中华人民共和国政府信息公开条例》要求,扎实推进政府信息公开工作,"
    "现将我镇2010年政府信息公开工作小结如下: 一、政府信息主动公开情况 某浦镇通过市政府门户网站、镇门户网站、"
    "镇政务公开栏等信息公开渠道,主动向公众公开政府信息,全年我镇在市政府门户网站主动公开信息48条,"
    "在镇门户网站主动公开信息7条。 二、政府依申请公开政府信息和不予公开信息情况 2010年,全镇政府信息公开依申请办理事项为零。 "
    "三、政府信息公开收费和减免情况 2010年,全镇信息公开的收费和减免为零。 "
    "四、政府信息公开申请行政复议、行政诉讼情况 2010年,全镇未发生一起因政府信息公开申请行政复议、提起行政诉讼的事项。 "
    "五、政府信息公开工作存在的主要问题和改进措施 存在的主要问题有:1.信息公开的实效性有待进一步加强。\n"
    "【打印本页】 【关闭本页】 |\n")

# a township whose report never prints its government's full name keeps the bare name
BARE_TOWNSHIP = (
    "某川乡2012年政府信息公开工作年度报告\n\n一、概述\n\n2012年,某川乡主动公开政府信息21条。\n\n"
    "二、依申请公开情况\n\n我乡全年未收到政府信息公开申请。一年来,我乡共主动公开信息21条,其中通知公告9条"
    "(三)依申请公开政府信息情况。为方便群众申请公开政府信息,我乡特设立依申请公开的受理机构,并公布了办公时间、地址、电话及受理程序等。"
    "在乡政府网站申请的,可在网站查询办理进度或撤回申请。\n")
# the same township's next report, silent on how an application is followed
BARE_TOWNSHIP_NEXT = (
    "某川乡2013年政府信息公开工作年度报告\n\n一、概述\n\n2013年,某川乡主动公开政府信息26条,通过乡政府网站、公告栏等渠道发布。\n\n"
    "二、依申请公开情况\n\n我乡全年未收到政府信息公开申请,未收取任何费用,未发生行政复议和行政诉讼。\n")

DEPARTMENT = (
    "某安区林业局2013年度政府信息公开年度工作报告\n\n发布时间:2014-03-20 00:00\n\n二、主动公开政府信息情况\n\n"
    "2013年,我局主动公开政府信息共33条。按信息公开类别分,部门动态类信息30条,规范性文件3条。"
    "从信息公开的形式来看,在区政府信息公开网上公布33条。\n\n同时我局拓宽公开渠道,使群众的知情权得到保障。\n\n"
    "三、依申请公开政府信息办理情况\n\n本报告年度我局收到2条申请政府信息公开的受理件。\n\n"
    "四、存在的主要问题\n\n我局政府信息公开工作存在的主要问题是宣传力度不够。\n\n"
    "如对本报告有疑问，请与某安区林业局联系（电话：0564—3371234）。\n")

# a county whose converter misread one character of its name throughout (沐 for 沭), beside
# a department of the same county spelled right
MISREAD_COUNTY = (
    "沐江县人民政府2025年政府信息公开工作年度报告\n\n一、总体情况\n\n2025年，沐江县人民政府收到政府信息公开申请713件，均已按时办结，全年未收取任何费用。"
    "沐江县人民政府将继续做好政府信息公开工作，进一步提升公开质量和服务水平。\n")
SAME_COUNTY_DEPARTMENT = (
    "沭江县教育局2025年政府信息公开工作年度报告\n\n一、总体情况\n\n2025年，沭江县教育局收到政府信息公开申请12件，均已按时办结，全年未收取任何费用。"
    "沭江县教育局将继续做好政府信息公开工作，进一步提升公开质量和服务水平。\n")


@pytest.fixture(scope="module")
def towns(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("towns"), puzhen=ONE_LINE_TOWNSHIP, chuanxiang=BARE_TOWNSHIP,
                    linye=DEPARTMENT, county=MISREAD_COUNTY, education=SAME_COUNTY_DEPARTMENT,
                    chuanxiang_next=BARE_TOWNSHIP_NEXT)


def test_a_township_is_filed_by_the_government_name_its_report_prints(towns):
    ids = {r["report_id"] for r in towns.reports()}
    assert ids == {"2010-某浦镇人民政府", "2012-某川乡", "2013-某川乡", "2013-某安区林业局", "2025-沐江县人民政府",
                   "2025-沭江县教育局"}
    got = towns.ask("某浦镇2010年在市政府门户网站上主动公开了多少条信息？")
    assert "48条" in got["answer"] and got["citations"][0]["report_id"] == "2010-某浦镇人民政府"


def test_a_request_question_is_answered_by_the_request_sentence_not_the_appeal_one(towns):
    got = towns.ask("某浦镇10年有人申请政府信息公开吗")
    assert not got["refused"] and "依申请办理事项为零" in got["answer"]
    assert "行政复议" not in got["answer"]


def test_none_printed_as_为零_answers_how_much(towns):
    got = towns.ask("某浦镇政府信息公开收不收费？2010年收了多少")
    assert not got["refused"] and "收费和减免为零" in got["answer"]


def test_where_information_is_published_is_its_channel_not_the_agencys_address(towns):
    for question in ("某安区林业局的信息是在哪里公开的？", "某安区林业局在哪发布政府信息"):
        got = towns.ask(question)
        assert not got["refused"] and "区政府信息公开网上公布33条" in got["answer"], question
    # an address is still asked as before
    got = towns.ask("某安区林业局在哪里？")
    assert "公开网" not in got["answer"]


def test_a_follow_up_naming_the_agencys_own_website_asks_the_figure_there(towns):
    towns.ask("某浦镇10年主动公开了多少政府信息？", session_id="t")
    got = towns.ask("那镇里自己的网站上呢？", session_id="t")
    assert not got["refused"] and "7条" in got["answer"]


def test_a_phone_is_cited_from_the_sentence_that_prints_it_whatever_its_dash(towns):
    got = towns.ask("某安区林业局的电话是多少")
    assert "0564-3371234" in got["answer"]
    assert "电话：0564—3371234" in got["citations"][0]["text"]


def test_a_name_one_stroke_off_a_stored_one_is_read_as_it_and_said_so(towns):
    got = towns.ask("沭江县政府2025年收到多少政府信息公开申请？")
    assert not got["refused"] and "713件" in got["answer"] and "形近" in got["answer"]
    # a character neither of the same sound nor one stroke apart names another place
    got = towns.ask("泗江县政府2025年收到多少政府信息公开申请？")
    assert "713件" not in got["answer"]


def test_a_question_naming_no_agency_asks_which_when_several_reports_answer_it_alike(towns):
    got = towns.ask("政府信息公开工作存在什么问题")
    assert got["kind"] == "clarify" and "某浦镇人民政府" in got["answer"] and "某安区林业局" in got["answer"]
    # words only one report holds name it
    got = towns.ask("镇政务公开栏")
    assert got["kind"] != "clarify" and got["citations"][0]["report_id"] == "2010-某浦镇人民政府"


def test_years_in_chinese_numerals_and_appeal_verbs_are_no_content_words():
    from bot.answer import content_terms

    assert content_terms("嗯那个某浦镇二一年信息公开申请收了几个啊", ["某浦镇"], ["某浦镇人民政府"]) == ["申请"]
    assert content_terms("某浦镇二〇一〇年主动公开了多少条", ["某浦镇"], []) == ["主动"]
    assert content_terms("某浦镇有没有被申请行政复议或者被起诉", ["某浦镇"], []) == ["行政复议", "诉讼"]
    assert "收费" in content_terms("那个某浦镇收没收信息处理费啊", ["某浦镇"], [])


def test_a_sentence_that_only_mentions_a_phone_gives_no_phone(towns):
    got = towns.ask("某安区林业局依申请公开受理点的电话是多少")
    assert "0564" in got["answer"] or got["refused"]
    # a report saying it published its phone, printing none
    got = towns.ask("某川乡依申请公开受理点的电话是多少")
    assert got["refused"]


def test_a_question_holding_a_contact_word_is_answered_from_an_older_report_when_the_latest_is_silent(towns):
    got = towns.ask("在某川乡网站申请以后能不能查办理进度")
    assert not got["refused"] and "办理进度" in got["answer"] and "2012" in got["answer"]
    assert got["citations"][0]["report_id"] == "2012-某川乡"


def test_a_sentence_naming_only_the_topic_is_not_quoted_for_a_figure():
    from bot.answer import best_sentences

    text = ("(一)我局网站主动公开政府信息情况。2010年度发布政府信息148条,其中机构职能类信息12条,占8.1%;"
            "法规标准类信息78条,占52.7%;业务动态类信息58条,占39.2%。")
    quote = best_sentences(text, ["网站", "发布", "法规", "标准"], True, "条", several=True)
    assert "148条" in quote and "52.7%" in quote and "情况。" not in quote
