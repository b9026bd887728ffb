"""Question understanding without the model: agencies named loosely, places
that are not ours, years as people write them, words that narrow a figure."""

from __future__ import annotations

import pytest

from bot.service import _normalise
from bot.understand import AgencyIndex, parse_question, unexplained_terms

AGENCIES = ["上海市人民政府办公厅", "上海市科学技术委员会", "泉州台商投资区规划建设与交通运输局",
            "淮安市人民政府", "淮安市洪泽区人民政府"]


@pytest.fixture(scope="module")
def index():
    return AgencyIndex(AGENCIES)


@pytest.mark.parametrize("question, agency", [
    ("泉州台商投资区规划建设局2020年部分公开了几件申请", "泉州台商投资区规划建设与交通运输局"),
    ("台商投资区规建局邮编多少", "泉州台商投资区规划建设与交通运输局"),
    ("上海科委的电话", "上海市科学技术委员会"),
    ("请问市科委电话", "上海市科学技术委员会"),
    ("泉州市台商投资区规划建设与交通运输局", "泉州台商投资区规划建设与交通运输局"),
    ("上海市府办公厅2025年被申请行政复议多少件？", "上海市人民政府办公厅"),
    ("市府办公厅25年重复申请不予处理几件", "上海市人民政府办公厅"),
    ("上海市府办的电话", "上海市人民政府办公厅"),
])
def test_agency_named_loosely_resolves(index, question, agency):
    qn = parse_question(question, index)
    assert qn.agencies == [agency] and not qn.named_unknown_agency


@pytest.mark.parametrize("question", [
    "北京市科委2024年行政许可处理了多少件",       # 市科委 glued to another city
    "北京市科学技术委员会的电话",                  # the whole name of another city's agency
    "淮安市公安局电话",                            # a department of a known place, not in the store
    "洪泽区卫健局2024年收到多少申请",
    "南京市人民政府2024年收到申请",
])
def test_other_places_and_departments_are_not_ours(index, question):
    qn = parse_question(question, index)
    assert qn.agencies == [] and qn.named_unknown_agency


def test_loose_match_needs_more_than_generic_words(index):
    assert parse_question("规建局的电话", index).agencies == []        # too little of any name
    assert parse_question("人民政府办公室电话", index).agencies == []


@pytest.mark.parametrize("raw, expected", [
    ("洪泽区政府23年行政事业性收费", "洪泽区政府2023年行政事业性收费"),
    ("上海市人民政府办公厅2025年結轉下年度繼續辦理的申請數量", "上海市人民政府办公厅2025年结转下年度继续办理的申请数量"),
    ("二〇二四年", "2024年"), ("２０２３年", "2023年"),
    ("近10年", "近10年"), ("第15年", "第15年"), ("10.5年", "10.5年"),
])
def test_normalise_years_and_traditional_characters(raw, expected):
    assert _normalise(raw) == expected


def test_review_and_litigation_asked_together(index):
    qn = parse_question("上海市政府办公厅2025年有没有被复议纠错或者打官司输了？", index)
    assert qn.keys[0] == "appeals.review" and len(qn.keys) == 3 and qn.columns == ["corrected"]


def test_words_that_narrow_a_figure(index):
    assert unexplained_terms(["申请人", "主动", "撤回"]) == ["撤回"]
    assert unexplained_terms(["涉及", "征地", "拆迁"]) == ["征地", "拆迁"]
    assert unexplained_terms(["因为", "本机关", "不掌握", "决定"]) == []
    assert unexplained_terms(["建设局"], ["泉州台商投资区规划建设与交通运输局"]) == []


OTHER_AGENCIES = ["南京市江宁区人民政府", "南京市江宁区教育局", "南京市人民政府", "江苏省人民政府办公厅",
                  "国家税务总局南京市税务局", "南京市公安局", "南京市江宁区卫生健康委员会",
                  "南京市江宁区东山街道办事处", "北京市发展和改革委员会"]


@pytest.mark.parametrize("question, agency", [
    ("江宁区2024年收到多少申请", "南京市江宁区人民政府"),
    ("江宁区教育局2024年收到多少申请", "南京市江宁区教育局"),
    ("南京江宁教育局的地址", "南京市江宁区教育局"),
    ("省政府办公厅2024年收到多少申请", "江苏省人民政府办公厅"),
    ("南京市税务局2024年行政复议几件", "国家税务总局南京市税务局"),
    ("江宁区卫生健康委2024年收到多少申请", "南京市江宁区卫生健康委员会"),
    ("江宁区卫健委电话", "南京市江宁区卫生健康委员会"),
    ("东山街道办电话", "南京市江宁区东山街道办事处"),
    ("北京市发改委电话", "北京市发展和改革委员会"),
])
def test_agencies_of_other_places_and_kinds(question, agency):
    qn = parse_question(question, AgencyIndex(OTHER_AGENCIES))
    assert qn.agencies == [agency] and not qn.named_unknown_agency


def test_a_department_the_store_lacks_is_named_unknown():
    qn = parse_question("江宁区公安分局电话", AgencyIndex(OTHER_AGENCIES))
    assert qn.agencies == [] and qn.named_unknown_agency


def test_relative_years_by_todays_date(monkeypatch):
    import bot.service as service_module

    monkeypatch.setattr(service_module, "_this_year", lambda: 2026)
    assert _normalise("洪泽区去年收到多少申请") == "洪泽区2025年收到多少申请"
    assert _normalise("前年呢") == "2024年呢" and _normalise("大前年的") == "2023年的"
    assert _normalise("今年的年报") == "2026年的年报" and _normalise("去年度报告") == "2025年度报告"
    assert _normalise("提前年度") == "提前年度"


@pytest.mark.parametrize("question, agencies", [
    ("洪泽2023 部分公开 总计", ["淮安市洪泽区人民政府"]),           # the bare place, as staff type it
    ("淮安2024 本年新收 商业企业", ["淮安市人民政府"]),
    ("淮安洪泽区2024年收到多少申请", ["淮安市洪泽区人民政府"]),     # a city glued to its district
    ("淮安和洪泽2024年收到申请各多少", ["淮安市人民政府", "淮安市洪泽区人民政府"]),
])
def test_bare_place_names(index, question, agencies):
    qn = parse_question(question, index)
    assert sorted(qn.agencies) == sorted(agencies) and not qn.named_unknown_agency


def test_bare_place_then_a_department_is_another_agency(index):
    qn = parse_question("淮安公安局电话", index)
    assert qn.agencies == [] and qn.named_unknown_agency


def test_table_labels_typed_bare_name_their_row(index):
    qn = parse_question("上海市政府办公厅2025 本年新收 商业企业", index)
    assert qn.keys == ["requests.new"] and qn.columns == ["business"]


def test_a_city_named_in_full_beside_its_district_is_two_agencies(index):
    assert sorted(parse_question("淮安市政府和洪泽区政府2024年收到多少申请", index).agencies) == \
        ["淮安市人民政府", "淮安市洪泽区人民政府"]


def test_aliases_looked_up_by_their_first_characters_are_every_alias_in_the_question(index):
    """The bigram look-up only saves time: every alias a question holds is
    among those it returns, in the same longest-first order."""
    import json
    from pathlib import Path

    gold = Path(__file__).resolve().parents[2] / "eval" / "gold"
    questions = [json.loads(x)["question"] for f in sorted(gold.glob("*.jsonl"))
                 for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(questions) > 500
    for text in questions:
        t = "".join(text.split())
        looked_up = index.aliases_in(t)
        assert {a for a in index.aliases if a in t} <= set(looked_up)
        assert looked_up == [a for a in index.aliases if a in set(looked_up)]


def test_rows_joined_by_and_are_all_asked():
    from bot.understand import AgencyIndex, parse_question

    idx = AgencyIndex(["上海市人民政府办公厅"])
    qn = parse_question("市政府办公厅2025年予以公开和部分公开的一共多少件", idx)
    assert qn.keys == ["requests.granted", "requests.partial"]
    qn = parse_question("市政府办公厅2025年部分公开、不掌握的各多少", idx)
    assert qn.keys == ["requests.partial", "requests.unavailable.not_held"]
    # two rows not joined by 和/、 stay one ask
    assert len(parse_question("市政府办公厅2025年部分公开的申请里因为第三方的有几件", idx).keys) == 1


def test_a_department_spelled_out_finds_the_report_that_names_itself_abbreviated():
    from bot.understand import AgencyIndex, department_abbreviations

    assert {"文广局", "文广新局"} <= department_abbreviations("文化广电新闻出版局")
    ix = AgencyIndex(["某县文广新局", "南通市通州区文化广电新闻出版局"])
    assert ix.resolve_abbreviated("某县文化广电新闻出版局有人申请过信息公开吗") == ["某县文广新局"]
    # the spelled-out name after another place is not the other agency's
    assert ix.resolve("某县文化广电新闻出版局有人申请过信息公开吗") == ([], [])
    assert ix.resolve_fuzzy("某县文化广电新闻出版局有人申请过信息公开吗") == []
    # an abbreviation after the place names the agency that carries the place
    assert ix.resolve("通州文广新局信息公开收不收费")[0] == ["南通市通州区文化广电新闻出版局"]


def test_a_township_the_store_lacks_is_named_not_answered_by_another():
    from bot.understand import AgencyIndex, parse_question

    ix = AgencyIndex(["某某县兴华乡人民政府", "某某市唐村镇人民政府"])
    assert parse_question("南薰乡累计主动公开了多少条政府信息", ix).named_unknown_agency
    assert parse_question("资阳南薰乡信息公开收费吗", ix).named_unknown_agency
    assert not parse_question("兴华乡主动公开了多少条", ix).named_unknown_agency
    assert not parse_question("各乡镇收到多少申请", ix).named_unknown_agency
    assert not parse_question("城乡建设方面公开了多少条", ix).named_unknown_agency


def test_a_name_one_character_off_a_stored_agency_is_pointed_out_never_taken_for_it():
    from bot.understand import AgencyIndex

    ix = AgencyIndex(["沐阳县人民政府", "沭阳县发展和改革局"])
    assert ix.one_character_off("沭阳县政府2025年新收了多少件申请") == ("沭阳县政府", "沐阳县人民政府")
    assert ix.one_character_off("南京市政府2024年收到多少申请") is None
    # two agencies equally close: no suggestion
    ix2 = AgencyIndex(["沐阳县人民政府", "沫阳县人民政府"])
    assert ix2.one_character_off("沭阳县政府收到多少申请") is None


def test_an_office_is_named_by_its_abbreviation_with_or_without_its_kind():
    from bot.understand import agency_aliases

    names = agency_aliases("咸宁市人民防空办公室")
    assert {"人防办", "咸宁人防办", "咸宁人防", "咸宁市人防"} <= names
    assert "人民办" not in names and "咸宁人民" not in names


def test_a_name_typed_by_its_sound_or_misread_by_shape_is_read_as_the_stored_one_and_another_never():
    from bot.understand import AgencyIndex, looks_alike, mistaken_for, same_sound

    assert same_sound("吧", "坝") and same_sound("目", "木") and same_sound("报", "保")
    assert not same_sound("沭", "沐") and not same_sound("镇", "乡")
    # one stroke apart, from the characters' parts
    assert looks_alike("沭", "沐") and looks_alike("太", "大") and looks_alike("戍", "戌") and looks_alike("鸟", "乌")
    assert not looks_alike("沭", "泗") and not looks_alike("镇", "乡") and not looks_alike("沭", "沭")
    assert mistaken_for("吧", "坝") == "sound" and mistaken_for("沭", "沐") == "shape" and mistaken_for("沭", "泗") == ""
    ix = AgencyIndex(["亭子坝镇人民政府", "伊敏苏木人民政府", "汕头市医疗保障局", "沐阳县人民政府"])
    assert ix.mistyped("亭子吧镇14年公开了几条") == ("亭子吧镇", "亭子坝镇", "sound")
    assert ix.mistyped("伊敏苏目政务公开还有哪些不足") == ("伊敏苏目", "伊敏苏木", "sound")   # the kind typed by sound
    assert ix.mistyped("医报局2020年收到几件申请") == ("医报局", "医保局", "sound")            # one inside a short name
    assert ix.mistyped("沭阳县政府收到多少申请") == ("沭阳县政府", "沐阳县政府", "shape")           # 沐阳 misread for 沭阳
    assert ix.mistyped("泗阳县政府收到多少申请") is None                                       # another place
    assert ix.mistyped("亭子坝乡有多少申请") is None                                           # another kind of body


def test_a_national_bodys_branch_is_named_from_its_place_or_with_the_body_abbreviated():
    from bot.understand import agency_aliases

    assert {"兰州分院", "中科院兰州分院"} <= agency_aliases("中国科学院兰州分院")
    assert "伊敏苏木" in agency_aliases("伊敏苏木人民政府")


def test_a_place_added_to_a_report_that_names_itself_without_one_finds_it_and_is_pointed_out():
    from bot.understand import AgencyIndex, parse_question, placed_for_placeless

    ix = AgencyIndex(["省文化厅", "上海市科学技术委员会"])
    qn = parse_question("广东省文化厅2011年收到几宗信息公开申请", ix)
    assert qn.agencies == ["省文化厅"] and placed_for_placeless(qn.text, "省文化厅") == "广东"
    # a placed name is still another place's body
    assert parse_question("北京市科委收到多少申请", ix).named_unknown_agency
    assert placed_for_placeless("省文化厅收到几宗申请", "省文化厅") == ""


def test_a_place_then_its_own_level_government_office_is_that_place_not_an_unknown_office():
    index = AgencyIndex(["滑县人民政府", "嵩明县人民政府办公室"])
    for question in ("滑县县政府办公室地址在哪？", "滑县县政府办电话多少", "滑县各乡镇和部门的工作机制是怎么样的？"):
        qn = parse_question(question, index)
        assert qn.agencies == ["滑县人民政府"] and not qn.named_unknown_agency, question
    # 府办 alone names every government's office: no alias of one of them
    assert parse_question("省政府办公厅政务公开处电话多少？广东的", index).agencies == []
    # another county's office is still another agency
    assert parse_question("泗阳县县政府办公室电话", index).agencies != ["滑县人民政府"]


def test_a_level_word_after_其中_or_通过_names_no_unknown_agency():
    index = AgencyIndex(["江西省农业农村厅"])
    assert not parse_question("其中省政府网站信息公开专栏更新了多少条？", index).named_unknown_agency
    assert parse_question("南昌市政府2022年收到多少申请", index).named_unknown_agency


def test_a_branch_by_its_own_place_and_a_zone_by_its_kind_when_the_store_holds_one():
    index = AgencyIndex(["深圳市市场监督管理局龙华监管局", "天津港保税区", "岚山市人民政府"])
    assert parse_question("龙华局2023年结转到下一年的申请有几件", index).agencies == ["深圳市市场监督管理局龙华监管局"]
    assert parse_question("保税区22年收到多少件信息公开申请？", index).agencies == ["天津港保税区"]
    # two zones of that kind: the kind alone names neither
    two = AgencyIndex(["天津港保税区", "岚山综合保税区"])
    assert parse_question("保税区22年收到多少件申请", two).agencies == []


def test_a_cited_documents_number_is_no_contact_and_a_room_is_the_address():
    index = AgencyIndex(["岚山市人民政府"])
    assert "doc_no" not in parse_question("岚山市年报是按照哪个文件要求编的？文号是多少", index).contact
    assert "doc_no" in parse_question("岚山市2023年年报的文号是多少", index).contact
    assert parse_question("岚山市人民政府办公室在几号房间？", index).contact == ["address"]
    assert "office" in parse_question("岚山市年报有疑问的话联系哪个处？", index).contact
    qn = parse_question("岚山市2023年剩下转到下一年的有几件？", index)
    assert qn.keys == ["requests.carried_forward"]


def test_a_city_government_that_never_prints_人民政府_and_a_street_by_its_街():
    index = AgencyIndex(["岚岛市政府", "岚阳市人民政府", "广州市海珠区江南中街道"])
    assert parse_question("对岚岛2018年年报有疑问可以发邮件到哪个邮箱？", index).agencies == ["岚岛市政府"]
    assert parse_question("海珠区江南中街2020年作出了多少宗行政处罚决定？", index).agencies == ["广州市海珠区江南中街道"]
    assert parse_question("岚岛市2015年的年报成文日期是哪天", index).contact == ["signed_on"]
    assert "published" in parse_question("岚岛市2015年的年报是什么时候挂出来的", index).contact


def test_a_short_street_by_its_街_and_a_district_asked_with_the_city_its_name_leaves_out():
    index = AgencyIndex(["岚城区人民政府金桥街道办事处", "大岚区人民政府", "上岚市小岚区人民政府"])
    assert parse_question("金桥街2020年当年办结了多少件？", index).agencies == ["岚城区人民政府金桥街道办事处"]
    assert parse_question("岚山市大岚区人民政府2023年共收到多少件申请？", index).agencies == ["大岚区人民政府"]


def test_which_ones_is_no_count_and_the_asking_words_are_no_content(index):
    from bot.answer import asked_unit, content_terms
    qn = parse_question("淮安市人民政府2008年依申请公开规定了哪几个环节？", index)
    assert not qn.is_figure and not qn.keys
    assert parse_question("淮安市人民政府2008年依申请公开收到几个申请？", index).is_figure
    assert asked_unit("规定了哪几个环节") is None and asked_unit("收到几个申请") == "个"
    terms = content_terms("那是从哪一年的信息开始整理的？", [], [])
    assert "整理" in terms and not any(t.startswith("哪") or t == "是从" for t in terms)


def test_a_run_of_one_stored_name_names_its_agency_when_nothing_else_does():
    idx = AgencyIndex(["天津东疆综合东疆综保区管理委员会", "天津市发展改革委", "淮安市人民政府"])
    assert parse_question("东疆综保区2025年受理了多少件依申请公开？", idx).agencies == ["天津东疆综合东疆综保区管理委员会"]
    # generic characters alone (人民政府) or a run two names share name nothing
    assert idx.resolve_by_name_part("市人民政府2025年收到多少申请") == []
    two = AgencyIndex(["甲市东疆综保区管理委员会", "乙市东疆综保区管理委员会"])
    assert two.resolve_by_name_part("东疆综保区2025年受理了多少件") == []


def test_the_words_of_the_agencys_own_name_ask_for_no_row():
    idx = AgencyIndex(["上海市普陀区信访办公室", "淮安市人民政府"])
    qn = parse_question("上海市普陀区信访办公室2025年受理了多少件政府信息公开申请？", idx)
    assert qn.keys == ["requests.new"]      # not 信访举报投诉类申请
    qn = parse_question("淮安市人民政府2025年信访举报投诉类申请不予处理几件？", idx)
    assert qn.keys == ["requests.not_processed.petition"]


def test_a_province_by_its_name_alone_and_contacts_set_aside_or_a_column_asked():
    from bot.answer import content_terms
    from bot.lexicon import ASKS_COMPILING
    idx = AgencyIndex(["青海省人民政府", "西宁市城中区人民政府"])
    assert parse_question("青海2013年信息公开年报留的邮编是多少", idx).agencies == ["青海省人民政府"]
    assert "website" not in parse_question("西宁城中区21年除了政府网站还通过哪些渠道公开信息？", idx).contact
    assert "website" in parse_question("西宁城中区的政府网站是什么？", idx).contact
    assert "website" not in parse_question("青海省2018年年报在政府网站哪个栏目能找到？", idx).contact
    assert ASKS_COMPILING.search("报告是谁汇总编的？")
    assert "编制" in content_terms("城中区2021年度报告是谁汇总编的？", [], ["西宁市城中区人民政府"])


def test_which_reports_rank_first_is_still_a_figure_of_the_tables(index):
    qn = parse_question("“本机关不掌握相关政府信息”这一项，全库排前三的是哪几份报告？", index)
    assert qn.is_figure and qn.keys


def test_what_a_place_does_to_its_counties_names_no_sub_unit_and_由哪个单位编制_asks_the_compiler(index):
    from bot.lexicon import ASKS_COMPILING
    assert parse_question("淮安市对各县市区、市直单位的信息公开考评分几个方面？", index).agencies == ["淮安市人民政府"]
    assert parse_question("淮安市清江浦区2024年收到多少申请？", index).named_unknown_agency
    assert ASKS_COMPILING.search("安义县2014年度政府信息公开年报由哪个单位编制？")


def test_a_sites_name_is_one_term_and_a_count_of_places_asked_after_them_is_no_request_row(index):
    from bot.answer import content_terms
    assert content_terms("吉林省人防办2014年在政府公开网上公开了多少条信息？", ["吉林省人防办"], ["吉林省人防办"]) == ["政府公开网"]
    assert content_terms("在网上公开了多少条信息？", [], []) == ["网站"]
    assert not parse_question("淮安市人民政府专门的信息申请受理点设了几个？", index).keys
    assert parse_question("淮安市人民政府2024年收到几个申请？", index).keys


def test_the_start_of_a_span_is_no_year_asked(index):
    assert parse_question("淮安市人民政府2012年以来部署了几个重点领域？", index).years == []
    assert parse_question("淮安市人民政府2012年部署了几个重点领域？", index).years == [2012]


def test_网上_after_the_information_named_is_no_sites_name():
    from bot.answer import content_terms
    assert content_terms("张义镇2009年公开的信息里网上公开的占多少？", ["张义镇"], ["凉州区张义镇人民政府"]) == ["网上"]


def test_a_body_under_two_names_is_asked_by_either_and_a_zone_departments_管委会_is_dropped():
    from bot.understand import agency_aliases

    joint = agency_aliases("广州市黄埔区人民政府广州开发区管委会")
    assert {"黄埔区政府", "广州开发区管委会", "广州开发区"} <= joint and "广州" not in joint
    assert "郑州高新区城市管理局" in agency_aliases("郑州高新技术产业开发区管委会城市管理局")
    # a street under its district's government is no body of two names
    assert "白云区政府" not in agency_aliases("广州市白云区人民政府棠景街道办事处")
    # a kind alone names no one
    assert "管委会" not in agency_aliases("南宁经济技术开发区管理委员会")


def test_a_name_abbreviated_is_no_content_word():
    from bot.answer import content_terms

    assert content_terms("黄花综保区管委会的信息公开工作由哪个部门牵头？", ["管委会"], ["长沙黄花综合保税区"]) == ["负责"]


def test_啥时候发的_asks_when_the_report_was_published():
    index = AgencyIndex(["梅河口市山城镇人民政府"])
    assert parse_question("梅河口山城镇这份2022年报啥时候发的？", index).contact == ["published"]


def test_a_places_disclosure_office_is_its_governments_and_在哪个地方办公_asks_the_address():
    index = AgencyIndex(["同心县人民政府", "同心县教育局"])
    assert not index.unknown_subunit("同心县政务公开办公室在哪个地方办公？")
    assert index.unknown_subunit("同心县水务局在哪个地方办公？")
    assert parse_question("同心县政务公开办公室在哪个地方办公？", index).contact == ["address"]


def test_a_region_enclosing_another_stored_agencys_place_is_no_rival_and_自治区_bodies_by_their_kind():
    index = AgencyIndex(["金山区人民政府", "上海市黄浦区人民政府打浦桥街道办事处", "道县文化广电新闻出版局",
                         "通州区文化广电新闻出版局", "广西壮族自治区人民政府办公厅"])
    assert parse_question("上海金山区政府办的联系电话是多少？", index).agencies == ["金山区人民政府"]
    assert parse_question("通州文广新局电话", index).agencies == ["通州区文化广电新闻出版局"]
    assert parse_question("自治区政府办公厅2020年报的统计期限是怎么定的？", index).agencies == ["广西壮族自治区人民政府办公厅"]


def test_比上年增了多少_asks_the_change_column_not_last_years_count():
    from bot.answer import asked_keys
    from ingest.report import ParsedReport

    report = ParsedReport(report_id="2019-岚苍县林业局", agency="岚苍县林业局", year=2019, template="2019", title="")
    index = AgencyIndex(["岚苍县林业局"])
    keys = asked_keys(report, parse_question("岚苍林业局19年行政许可比上年增了多少", index))
    assert keys and all(k.endswith(".change") for k in keys)
    keys = asked_keys(report, parse_question("岚苍林业局19年行政许可上一年项目数量是多少", index))
    assert keys and all(k.endswith(".prev_items") for k in keys)


def test_其中_before_a_word_beginning_with_乡_names_no_township():
    index = AgencyIndex(["临洮县新添镇"])
    assert not parse_question("其中乡村振兴类和全域无垃圾类各多少条？", index).named_unknown_agency
    assert parse_question("南薰乡累计公开了多少条", index).named_unknown_agency


def test_calls_counted_are_no_phone_asked():
    index = AgencyIndex(["武进区湖塘镇人民政府"])
    assert parse_question("湖塘镇2018年接了多少咨询电话？有投诉吗？", index).contact == []
    assert parse_question("湖塘镇咨询电话是多少", index).contact == ["phone"]
