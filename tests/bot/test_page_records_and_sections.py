"""What a page around a report holds (its header naming the agency, its 发布时间 line, a
footer after the signature) and questions naming a section or a plan year. Invented
reports in the forms real portals publish."""

from __future__ import annotations

import pytest

from bot.understand import agency_aliases
from tests.bot.test_small_prose_reports import _serving

# a page header naming the agency alone, a first sentence naming only its level
HEADER_PAGE = (
    "某南区国资局\n"
    "根据《中华人民共和国政府信息公开条例》相关要求,现公布区政府国资局2022年政府信息公开工作年度报告。\n"
    "一、总体情况\n(一)主动公开\n2022年度区政府国资局通过区政府门户网站政务公开专栏主动公开政府信息4条。\n"
    "(二)依申请公开\n2022年,区政府国资局未收到政府信息公开申请。\n"
    "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
    "五、存在的主要问题及改进情况\n一是学习宣传力度不够。二是门户网站栏目更新不及时。\n"
    "下一步,我局将加强培训,及时更新、扩大公开内容。\n六、其他需要报告的事项\n无。\n")

# a street office's page: breadcrumb, 发布时间 line, signature, date, then the page's footer
STREET_PAGE = (
    "首页 > 政务公开 > 信息公开年报\n\n桂花街道2020年政府信息公开工作年度报告\n\n"
    "发布时间 : 2021-01-25 来源:桂花街道 字体大小:\n\n一、总体情况\n\n"
    "2020年,桂花街道主动公开政府信息232条。本报告信息数据统计期限为:2020年1月1日至2020年12月31日。\n\n"
    "五、存在的主要问题及改进情况\n\n2020年,街道政府信息公开工作存在不足:群众获取政府信息的渠道有待拓宽。\n\n"
    "针对以上不足,2021年桂花街道将利用网格化管理优势,设立群众意见建议收集站点。\n\n"
    "六、其他需要报告的事项\n\n本单位无其他需要报告的事项。\n\n\n某沙市天河区桂花街道办事处\n\n2021年1月20日\n\n"
    "扫一扫在手机打开当前页\n")

# a zone's committee under its city's government, named in full only in its signature
ZONE_PAGE = (
    "2008年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》规定,现公布2008年政府信息公开年度报告。\n"
    "一、概述\n我区认真做好政府信息公开工作,通过网站、公告栏公开政府信息。\n二、主动公开政府信息情况\n全年主动公开信息120条。\n"
    "公开的政府信息主要有机构职能、政策法规、规划计划等。\n三、依申请公开政府信息情况\n2008年没有受理政府信息公开申请。"
    "我区公开政府信息未收取任何费用。\n四、存在的主要问题及改进措施\n宣传培训力度还有待进一步加大。\n"
    "某成市人民政府石湾管理区管委会\n2009年1月28日\n")


@pytest.fixture(scope="module")
def pages(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("pages"), header=HEADER_PAGE, street=STREET_PAGE, zone=ZONE_PAGE)


def test_the_page_header_signature_and_zone_give_each_report_its_full_name(pages):
    ids = {r["report_id"] for r in pages.reports()}
    assert ids == {"2022-某南区国资局", "2020-某沙市天河区桂花街道办事处", "2008-某成市人民政府石湾管理区管委会"}
    assert {"某南国资局", "区国资局"} <= agency_aliases("某南区国资局")
    assert {"石湾管理区", "某成石湾管理区"} <= agency_aliases("某成市人民政府石湾管理区管委会")
    for question, words in (("某南国资局22年收到过信息公开申请没", "未收到"),
                            ("石湾管理区2008年受理了几件政府信息公开申请？", "没有受理"),
                            ("桂花街道2020年主动公开了多少条政府信息？", "232条")):
        got = pages.ask(question)
        assert not got["refused"] and words in got["answer"], question


def test_the_published_line_and_the_signing_date_are_answered_and_cited_as_printed(pages):
    got = pages.ask("桂花街道2020年信息公开年报是哪天挂到网上的？")
    assert "2021-01-25" in got["answer"] and "发布日期：发布日期" not in got["answer"]
    assert any("发布时间 : 2021-01-25" in c["text"] for c in got["citations"])
    # the footer printed after the date is not the report's end: its signature and date are read
    got = pages.ask("桂花街道办2020年年报的落款日期是哪天？")
    assert "2021年1月20日" in got["answer"]


def test_a_section_named_by_its_heading_is_quoted_however_short(pages):
    got = pages.ask("某南区国资局2022年年报里“其他需要报告的事项”写了什么？")
    assert not got["refused"] and "无" in got["answer"]


def test_a_problem_asked_about_one_thing_quotes_the_sentence_about_it(pages):
    got = pages.ask("某南国资局网站有什么问题")
    assert not got["refused"] and "门户网站栏目更新不及时" in got["answer"] and "学习宣传" not in got["answer"]


def test_next_years_plans_are_read_from_the_report_on_the_year_before(pages):
    sid = "plan-year"
    pages.ask("桂花街道2020年信息公开有哪些不足", session_id=sid)
    got = pages.ask("那2021年准备怎么改？", session_id=sid)
    assert not got["refused"] and "网格化" in got["answer"] and "2020年度报告" in got["answer"]
    # a figure of that year is still not in the store
    got = pages.ask("桂花街道2021年主动公开了多少条政府信息？")
    assert got["refused"]


def test_kinds_and_money_asked_colloquially(pages):
    got = pages.ask("石湾管理区2008年是通过哪些渠道公开政府信息的？")
    assert not got["refused"] and "公告栏" in got["answer"]
    got = pages.ask("某南区国资局是通过什么平台公开政府信息的？")
    assert not got["refused"] and "门户网站" in got["answer"]
    got = pages.ask("石湾管理区2008年公开的政府信息主要是哪几类")
    assert not got["refused"] and "机构职能" in got["answer"]
    got = pages.ask("石湾管理区08年搞信息公开收钱了没")
    assert not got["refused"] and "未收取" in got["answer"]


def test_a_tables_glued_header_words_are_no_passage_that_answers():
    from bot.answer import is_table_remnant

    assert is_table_remnant("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
                            "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计000")
    assert is_table_remnant("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    assert not is_table_remnant("2019年我厅共办理依申请政府信息公开16件，未发生因信息公开引起的行政复议和行政诉讼。")
    assert not is_table_remnant("行政复议0件，行政诉讼1件，结果维持。")


def test_a_glued_row_of_zeros_shorter_than_its_cells_is_none_whatever_the_split(embedder, tmp_path):
    from tests.ingest.test_flat_tables import GLUED_2019

    # 上年结转 printed as six zeros for seven cells: unread, but every reading says none
    text = GLUED_2019.replace("二、上年结转政府信息公开申请数量0000000", "二、上年结转政府信息公开申请数量000000") \
                     .replace("一、本年新收政府信息公开申请数量160000016", "一、本年新收政府信息公开申请数量16000016")
    svc = _serving(embedder, tmp_path, glued=text)
    got = svc.ask("某省某厅2019年上年结转的申请有几件？")
    assert not got["refused"] and "没有" in got["answer"] and "000000" in got["answer"]
    assert got["citations"] and "000000" in got["citations"][0]["text"]
    # a row whose digits are not all 0 is still not guessed
    got = svc.ask("某省某厅2019年本年新收多少件申请？")
    assert got["refused"] and "粘连" in got["answer"]


def test_a_fuller_name_of_an_agency_the_store_knows_by_its_short_name_is_the_same_agency(embedder, tmp_path):
    full = HEADER_PAGE.replace("某南区国资局\n", "").replace("区政府国资局2022年", "某阳市某南区国有资产管理局2021年") \
        .replace("2022年", "2021年").replace("4条", "9条")
    svc = _serving(embedder, tmp_path, short=HEADER_PAGE)
    svc.ingest_file(_write(tmp_path, "full.txt", full))
    agencies = {r["agency"] for r in svc.reports()}
    assert agencies == {"某南区国资局"}, agencies
    got = svc.ask("某南国资局2021年主动公开了几条政府信息？")
    assert not got["refused"] and "9条" in got["answer"]
    # a different kind of body under the same place is never merged into it
    gov = HEADER_PAGE.replace("某南区国资局\n", "").replace("区政府国资局", "某阳市某南区人民政府")
    svc.ingest_file(_write(tmp_path, "gov.txt", gov))
    assert {r["agency"] for r in svc.reports()} == {"某南区国资局", "某阳市某南区人民政府"}


def _write(folder, name, text):
    f = folder / name
    f.write_text(text, encoding="utf-8")
    return f


def test_the_overall_situation_is_the_reports_first_section(pages):
    got = pages.ask("某南区国资局2022年整体信息公开工作情况怎么样")
    assert not got["refused"] and "4条" in got["answer"]


def test_a_crawler_pages_ascii_stops_end_sentences_and_whoever_is_in_charge_is_asked_plainly():
    from bot.answer import best_sentences, content_terms

    text = ("2021年,我署共公开信息121条,其中,机构职能信息7条,工作动态信息75条,通知公告信息8条,常见问题信息12条,"
            "民意征集信息3条,情况反馈信息3条;没有收到政府信息公开申请;没有政府信息公开行政复议、行政诉讼。")
    assert best_sentences(text, ["收到", "申请"], want_number=True, unit="件").startswith("没有收到政府信息公开申请")
    assert "负责" in content_terms("集体经济发展服务署那边信息公开是哪个部门在管？", ["集体经济发展服务署"])
    assert "那边" not in content_terms("集体经济发展服务署那边信息公开是哪个部门在管？", ["集体经济发展服务署"])


def test_a_follow_up_asking_the_same_of_another_channel_and_plans_asked_as_ways_to_improve():
    from bot.answer import content_terms
    from bot.lexicon import IMPROVEMENTS

    assert content_terms("那微信公众号呢", []) == ["微信"]
    assert "微博" in content_terms("兰州分院官方微博叫什么？", ["兰州分院"])
    assert IMPROVEMENTS.search("那准备从哪几方面加强") and IMPROVEMENTS.search("今后有什么安排")
    assert not IMPROVEMENTS.search("准备材料要多少钱")
