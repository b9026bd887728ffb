"""Small agencies' reports (townships, street offices) as portals keep them: free prose,
often on one line, named in full only in the signature. Invented reports in those forms."""

from __future__ import annotations

import pytest

from bot.answer import content_terms, figure_about
from bot.understand import township_aliases
from tests.support.services import fresh_service

TOWNSHIP = (
    "2017年清溪镇政府信息公开年度报告 清溪镇根据《中华人民共和国政府信息公开条例》规定,特向社会公开2017年度政府信息公开年度报告。"
    "本报告由主动公开政府信息情况、依申请公开情况、收费情况、复议诉讼情况等四个部分组成。"
    "本报告信息数据统计期限为:2017年1月1日至2017年12月31日。 一、主动公开政府信息的情况 我镇把财务收支、精准扶贫、危房改造等列为公开重点。"
    "2017年度我镇主动公开政府信息数31条,其中线上信息公开12条。 二、政府信息依申请公开办理情况 2017年度我镇没有接到群众要求公开政府信息的申请。"
    " 三、依申请信息公开收费情况 我镇未对任何公民、法人和组织收取任何费用。 四、行政复议、诉讼和申诉情况 2017年度未接到有关政府信息公开方面的复议、诉讼和申诉。"
    " 附表:2017年清溪镇政府信息公开年度报告 某某市某某区清溪镇人民政府 |\n")

STREET = (
    "根据《中华人民共和国政府信息公开条例》的要求,现向社会公布2015年度我街道信息公开工作年度报告。"
    "本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。\n一、主动公开政府信息情况\n"
    "我街道及时更新机构信息、公开指南等信息。\n二、依申请公开政府信息情况\n未收到公开政府信息的申请。\n"
    "三、政府信息公开的收费及减免情况\n我街道未收取任何费用。\n四、因政府信息公开申请行政复议、提起行政诉讼的情况\n"
    "2015年度,我街道未发生因信息公开而引起的行政复议和行政诉讼。\n五、存在的主要问题及改进情况\n宣传力度不够。\n"
    "某某市人民政府东湖街道办事处\n2016年3月1日\n")


def _serving(embedder, home, **reports: str):
    """A real service over its own store holding these reports (file name → text)."""
    svc = fresh_service(embedder, home)
    for name, text in reports.items():
        f = home / f"{name}.txt"
        f.write_text(text, encoding="utf-8")
        svc.ingest_file(f)
    return svc


@pytest.fixture(scope="module")
def small(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("small"), qingxi=TOWNSHIP, donghu=STREET)


def test_the_signed_full_names_are_the_agencies_and_every_short_form_finds_them(small):
    ids = {r["report_id"] for r in small.reports()}
    assert ids == {"2017-某某市某某区清溪镇人民政府", "2015-某某市人民政府东湖街道办事处"}
    for question in ("某某区清溪镇2017年主动公开了多少条政府信息", "清溪镇政府主动公开了多少条政府信息"):
        got = small.ask(question)
        assert "31条" in got["answer"], question
    got = small.ask("某某东湖街道2015年收到多少件政府信息公开申请")
    assert not got["refused"] and "未收到" in got["answer"]


def test_a_no_in_the_reports_words_answers_yes_no_and_how_many(small):
    for question, words in (("清溪镇有没有因为信息公开被复议或者起诉的", "未接到"),
                            ("清溪镇2017年收到几件政府信息公开申请？", "没有接到"),
                            ("东湖街道办查信息要交钱吗", "未收取"),
                            ("东湖街道有没有被人告上法庭", "未发生")):
        got = small.ask(question)
        assert not got["refused"] and words in got["answer"], question
        assert got["citations"] and words in got["citations"][0]["text"]


def test_the_reports_outline_of_its_parts_answers_nothing(small):
    got = small.ask("清溪镇2017年因为信息公开被行政复议了几次")
    assert "四个部分" not in got["answer"]


def test_a_list_of_topics_and_a_total_is_no_figure_for_one_topic(small):
    got = small.ask("清溪镇2017年主动公开的信息里，精准扶贫方面的有几条？")
    assert got["refused"] and "31" not in got["answer"]
    assert figure_about("涉及精准扶贫的信息5条。", "精准扶贫")
    assert not figure_about("把精准扶贫等列为重点。主动公开政府信息数31条。", "精准扶贫")


def test_function_words_and_colloquial_verbs_are_no_terms():
    assert content_terms("有没有因为信息公开被复议或者起诉的", []) == ["复议", "诉讼"]
    assert content_terms("查信息要交钱吗", []) == ["收费"]


def test_a_townships_places_above_it_name_it_with_or_without_their_level():
    names = township_aliases("某某县建新镇人民政府")
    assert {"建新镇", "建新镇政府", "某某县建新镇", "某某建新镇"} <= names
    assert {"新华街道", "新华街道办", "桦甸新华街道"} <= township_aliases("桦甸市人民政府新华街道办事处")
    assert township_aliases("淮安市洪泽区人民政府") == set()


def test_a_report_printed_in_traditional_characters_is_quoted_as_printed(embedder, tmp_path):
    page = ("某某區文化局2018年政府信息公開工作年度報告\n本報告中所列數據的統計期限自2018年1月1日起至2018年12月31日止。\n"
            "一、主動公開政府信息情況\n通過網站主動公開政府信息10條。\n三、政府信息公開的收費及減免情況\n"
            "2018年,我局未向公民、法人和其他組織收取任何信息公開費用。\n")
    svc = _serving(embedder, tmp_path, trad=page)
    got = svc.ask("某某区文化局信息公开收不收费")
    assert not got["refused"] and "未向" in got["answer"]
    assert "收取任何信息公開費用" in got["citations"][0]["text"]


def test_the_reports_own_record_is_answered_like_a_contact(small):
    got = small.ask("东湖街道2015年的年报是哪天落款的？")
    assert not got["refused"] and "2016年3月1日" in got["answer"]
    assert any("2016年3月1日" in c["text"] for c in got["citations"])


def test_a_pages_metadata_record_answers_when_and_which_index(embedder, tmp_path):
    page = ("索 引 号:000001/2016-00001 | 主题分类:政府信息公开年报 | |\n发布机构:某某区统计局 | 关 键 词:政务 | |\n"
            "文 号 | 成文日期:2016-03-31 | 发布日期:2016-04-08 |\n"
            "本年度报告是根据《中华人民共和国政府信息公开条例》要求，由某某区统计局编制。本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。\n"
            "一、主动公开政府信息情况\n2015年度，本局共主动公开各类政府信息28条。\n")
    svc = _serving(embedder, tmp_path, meta=page)
    assert "2016-04-08" in svc.ask("某某区统计局2015年的年报是哪天发布的")["answer"]
    assert "000001/2016-00001" in svc.ask("某某区统计局这份年报的索引号是多少")["answer"]
    # a rule published on some day is not the report's record
    from bot.understand import AgencyIndex, parse_question
    assert "published" not in parse_question("规章什么时候公布的", AgencyIndex(["某某区统计局"])).contact


TABLE_BLANK_TOTALS = (
    "某某市人民政府办公厅2019年政府信息公开工作年度报告\n本年度报告中所列数据统计期限从2019年1月1日到12月31日止。\n"
    "一、总体情况\n共受理政府信息公开申请59件，申请数量较去年回落12.3%；予以公开及部分公开28件；不予公开5件；不予处理8件。\n"
    "三、收到和处理政府信息公开申请情况\n"
    "| 一、本年新收政府信息公开申请数量 |  |  | 50 | 9 |  |  |  |  | 59 |\n"
    "| 二、上年结转政府信息公开申请数量 |  |  | 0 |  |  |  |  |  | 0 |\n"
    "| 三、本年度办理结果 | （一）予以公开 |  | 20 | 5 |  |  |  |  |  |\n"
    "|  | （二）部分公开 |  | 3 |  |  |  |  |  |  |\n"
    "|  | （三）不予公开 | 1.属于国家秘密 | 4 | 1 |  |  |  |  |  |\n"
    "|  | （五）不予处理 | 1.信访举报投诉类申请 | 8 |  |  |  |  |  |  |\n")


def test_a_total_left_blank_in_the_table_is_answered_from_the_prose_that_states_it(embedder, tmp_path):
    svc = _serving(embedder, tmp_path, blank_totals=TABLE_BLANK_TOTALS)
    got = svc.ask("某某市政府办公厅2019年不予公开的申请有多少件")
    assert "5件" in got["answer"] and "未填写" in got["answer"]
    assert got["citations"][0]["text"].startswith("不予公开5件")
    # "予以公开及部分公开28件" states two rows together: it is no figure for 予以公开 alone
    got = svc.ask("某某市政府办公厅2019年予以公开多少件")
    assert "28" not in got["answer"] and "未填写" in got["answer"]
    # a change against the year before, as the prose states it
    got = svc.ask("某某市政府办公厅2019年收到的申请比上一年增加还是减少了")
    assert "59" in got["answer"] and "回落12.3%" in got["answer"]
    got = svc.ask("某某市政府办公厅2019年不予处理的比去年多了还是少了")
    assert "上一年的报告" in got["answer"]


def test_asking_words_are_no_terms():
    assert content_terms("网上能不能查办理进度或者撤回申请", []) == ["网上", "办理", "进度", "撤回", "申请"]


def test_a_figure_sentence_with_any_stop_is_a_sentence_and_who_needs_the_role_named():
    from bot.answer import is_heading

    assert not is_heading("2013年度主动公开信息的有5条;")
    assert is_heading("一、主动公开政府信息情况")


def test_who_is_asked_only_a_passage_naming_the_role_answers(small):
    got = small.ask("清溪镇信息公开领导小组组长是谁")
    assert got["refused"]


PLAN = ("某某市某某区人民政府东风街道办事处2011年政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2011年1月1日起至2011年12月31日止。\n一、概述\n我街道认真开展政务公开工作。\n"
        "二、主动公开政府信息情况\n通过政府网站、宣传栏、电子显示屏等多种途径,及时准确的公开政府信息。\n"
        "三、依申请公开政府信息情况\n2011年我街道未收到政府信息公开申请。\n"
        "四、申请行政复议和提起行政诉讼情况\n2011年度未收到行政复议、提起行政诉讼的申请。\n五、下一步工作计划\n"
        "(一)加强组织领导。我街道高度重视信息公开工作。\n(二)加大公开力度。使政务公开走上经常化轨道。\n"
        "(三)严格规范操作。落实保密审查制度,继续强化公开渠道的规范化建设。\n")


@pytest.fixture(scope="module")
def plan(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("plan"), plan=PLAN)


def test_a_plan_sections_list_of_items_is_the_answer(plan):
    got = plan.ask("东风街道办事处下一步信息公开工作计划有哪些")
    assert all(w in got["answer"] for w in ("加强组织领导", "加大公开力度", "严格规范操作"))


def test_which_channels_meets_the_reports_words_for_them(plan):
    got = plan.ask("东风街道是通过哪些渠道公开政府信息的")
    assert "宣传栏" in got["answer"]


def test_a_yes_no_is_answered_by_the_sentence_that_says_no(small):
    got = small.ask("某某清溪镇17年有人申请信息公开吗")
    assert "没有接到" in got["answer"]


def test_a_figure_of_a_row_the_prose_never_names_is_not_given(small):
    # the sentence says no request was received; it gives no 予以公开 figure
    got = small.ask("清溪镇2017年主动公开的31条里予以公开的有几条")
    assert got["refused"] or "31" not in got["answer"]


def test_a_follow_up_that_asks_its_own_thing_keeps_only_agency_and_year(small):
    sid = "follow-own"
    small.ask("东湖街道2015年信息公开存在什么问题", session_id=sid)
    got = small.ask("那它那年收费吗", session_id=sid)
    assert "未收取" in got["answer"]


OFFICE = ("根据《中华人民共和国政府信息公开条例》的规定,现公布某宁市人民防空办公室2018年政府信息公开工作年度报告。"
          "报告中所列数据的统计期限自2018年1月1日起至2018年12月14日止。\n一、主动公开政府信息情况\n"
          "2018年,某宁市人防办累计主动公开政府信息69条,其中政务公开57条、信息公开7条、专题专栏5条。\n"
          "二、其他\n为切实加强政务公开工作,我办成立了市人防办政府信息公开领导小组,办主任张三任组长,副主任李四任副组长。"
          "2018年,我办未对公众提出依申请公开收取任何费用。\n某宁市人民防空办公室\n2018年12月14日\n")


@pytest.fixture(scope="module")
def office(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("office"), office=OFFICE)


def test_who_is_answered_when_the_passage_names_the_role(office):
    assert "张三任组长" in office.ask("某宁人防办信息公开领导小组组长是谁")["answer"]


def test_until_when_and_how_much_money_in_plain_words(office):
    assert "2018年12月14日止" in office.ask("某宁市人防办这份年报数据统计到哪天为止？")["answer"]
    got = office.ask("某宁人防办2018年依申请公开收了多少钱")
    assert not got["refused"] and "未对公众提出依申请公开收取任何费用" in got["answer"]


def test_a_follow_up_about_one_kind_of_the_figure_before(office):
    office.ask("某宁人防2018年主动公开了多少条政府信息", session_id="kind")
    got = office.ask("那政务公开类有多少条？", session_id="kind")
    assert "政务公开57条" in got["answer"]


def test_a_change_follow_up_asks_the_change_of_what_was_asked_before(embedder, tmp_path):
    page = ("2011年,省某某厅借助省政府门户网站信息公开系统功能平台,进一步健全了政府信息公开的工作制度。\n"
            "一、主动公开政府信息情况\n在省某某厅公众服务网上,“便民咨询”栏目全年共收到并回复560条信息,比上年度增加5条。\n"
            "二、依申请公开情况\n2011年,省某某厅收到2宗正式提交的政府信息公开申请。\n"
            "三、政府信息公开相关费用情况\n《条例》虽规定可以收取检索、复制、邮寄等成本费用,但省某某厅已决定不收取任何费用。\n")
    svc = _serving(embedder, tmp_path, dept=page)
    svc.ask("省某某厅便民咨询栏目2011年回复了多少条", session_id="chg")
    assert "增加5条" in svc.ask("比上一年多了几条？", session_id="chg")["answer"]
    got = svc.ask("省某某厅申请信息公开要交检索复制费吗")
    assert "不收取任何费用" in got["answer"]


def test_how_long_is_answered_by_a_figure_with_a_measure_word():
    from bot.answer import content_terms, has_figure

    assert has_figure("自信息形成或变更之日起20个工作日内予以公开", "天")
    assert not has_figure("主动公开政府信息共133条", "天")
    assert content_terms("主动公开的信息一般多长时间内公开？", []) == ["主动"]


COUNTY = (
    "某某县2018年政府信息公开工作年度报告\n本年度报告是根据《中华人民共和国政府信息公开条例》要求,由某某县人民政府办公室综合各乡镇、"
    "各部门的工作情况编制而成。本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。\n一、概述\n"
    "2018年,县政府召开了2次政务公开工作领导小组成员会议。成立了由县委常委、常务副县长任组长,县委常委、纪委书记任副组长的"
    "县政府信息公开领导小组,负责政府信息公开的日常工作。\n二、主动公开政府信息情况\n全年主动公开政府信息1200条。\n")


def test_who_holds_an_office_by_the_office_they_hold_and_who_compiled_the_report(embedder, tmp_path):
    svc = _serving(embedder, tmp_path, county=COUNTY)
    for question, words in (("某某县政府信息公开领导小组组长是谁？", "常务副县长"),
                            ("某某县政府信息公开领导小组的组长和副组长分别由谁担任？", "纪委书记"),
                            ("某某县2018年度政府信息公开报告是谁汇总编的？", "县人民政府办公室")):
        got = svc.ask(question)
        assert not got["refused"] and words in got["answer"], question
    # a person's name asked is not answered by an office
    assert svc.ask("某某县政府信息公开领导小组组长叫什么名字？")["refused"]


def test_an_offices_address_asked_is_the_address_not_the_offices_name(embedder, tmp_path):
    text = COUNTY.replace("二、主动公开政府信息情况", "如对本报告有任何疑问,请与某某县政府信息公开领导小组办公室联系"
                          "(地址:某某县人民路8号,电话:0731-1234567)。\n二、主动公开政府信息情况")
    svc = _serving(embedder, tmp_path, county=text)
    got = svc.ask("某某县负责信息公开的领导小组办公室地址在哪？")
    assert not got["refused"] and "人民路8号" in got["answer"]


def test_who_compiled_is_the_sentence_saying_so_not_a_numbered_title_on_compiling(embedder, tmp_path):
    from bot.answer import is_heading
    text = ("某某区2014年政府信息公开年度报告\n按照《中华人民共和国政府信息公开条例》要求,某某区政府信息公开领导小组办公室"
            "编制了2014年政府信息公开工作年度报告。本报告中所列数据的统计期限自2014年1月1日起至2014年12月31日止。\n"
            "一、概述\n(二)政府信息公开目录、公开指南的编制、更新情况。\n全年编制、更新和公开部门办事指南31条。\n")
    svc = _serving(embedder, tmp_path, district=text)
    got = svc.ask("某某区2014年的政府信息公开年报是哪个部门编的？")
    assert "领导小组办公室编制了" in got["answer"]
    assert is_heading("(二)政府信息公开目录、公开指南的编制、更新情况。") and not is_heading("(一)加强组织领导。我街道高度重视。")


BLANK_PERIOD = (
    "某某城管大队2012年政府信息公开工作年度报告\n本报告中所列数据的统计期限自 至 止。本年度报告电子版可以通过政府门户网-政务公开-"
    "年报专栏()中查阅或下载。\n一、概述\n我队认真落实政府信息公开条例。2012年主动公开政府信息30条。\n"
    "二、依申请公开\n全年未收到政府信息公开方面的行政复议申请和行政诉讼。对来信来访均在法定期限内予以答复。\n")


def test_a_blank_period_an_empty_link_and_no_appeals_answer_no_date_address_or_count(embedder, tmp_path):
    svc = _serving(embedder, tmp_path, team=BLANK_PERIOD, county=COUNTY)
    assert svc.ask("某某城管大队2012年度年报的数据统计期限是从哪天到哪天？")["refused"]
    assert svc.ask("某某城管大队2012年年报电子版的具体网址是什么？")["refused"]
    assert not svc.ask("某某城管大队2012年年报电子版在哪能看到？")["refused"]
    assert svc.ask("某某城管大队2012年收到了几件政府信息公开申请？")["refused"]
    # the same words in ordinary questions
    got = svc.ask("某某城管大队2012年的来信来访是否都在法定期限内答复了？")
    assert not got["refused"] and "法定期限" in got["answer"]
    got = svc.ask("某某县2018年度报告的数据统计期限是什么？")
    assert not got["refused"] and "2018年1月1日" in got["answer"]


def test_ordinary_questions_holding_the_refusal_rules_words_are_answered(embedder, tmp_path):
    text = COUNTY.replace("二、主动公开政府信息情况", "内容涵盖2018年1月1日至12月28日期间的政府信息公开工作情况。"
                          "从信息拟稿人到审核人到签批人层层把关。\n二、主动公开政府信息情况")
    svc = _serving(embedder, tmp_path, county=text)
    for question, words in (("某某县2018年度年报涵盖的时间段是从哪天到哪天？", "12月28日"),
                            ("某某县发布信息要经过哪些人审核？", "签批人")):
        got = svc.ask(question)
        assert not got["refused"] and words in got["answer"], question
