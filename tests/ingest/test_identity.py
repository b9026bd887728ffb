"""A report's identity (agency, covered year) and where each came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import identity
from ingest.parser import parse_text
from ingest.reader import ReportError, SourceText

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"

BODY = ("根据《中华人民共和国政府信息公开条例》，现公布本年度报告。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n"
        "一、总体情况\n" + "我局认真贯彻落实政府信息公开条例，主动公开各类政府信息，依法办理依申请公开。" * 3 + "\n")


def _src(text: str) -> SourceText:
    return SourceText(text=text, original=text, encoding="utf-8", fmt="txt", traditional=False)


def test_a_crawler_metadata_block_is_identity_not_body():
    page = ("标题: 莆田市某某局2021年政府信息公开工作年度报告\n发布时间: 2022-01-14 10:00\n文号: \n发布机构: \n"
            "原文链接: https://example.gov.cn/a.htm\n==================== 正文 ====================\n" + BODY)
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("莆田市某某局", 2021)
    assert r.identity["agency_from"].startswith("metadata line")
    assert not any("原文链接" in p for s in r.sections for p in s.paragraphs)


def test_a_title_naming_only_a_city_is_its_peoples_government_and_a_zone_keeps_its_name():
    assert identity.place_government("三明市", "") == "三明市人民政府"
    assert identity.place_government("洪泽区", "") == "洪泽区人民政府"
    assert identity.place_government("平潭综合实验区", "") == "平潭综合实验区"
    assert identity.place_government("莆田市统计局", "") == "莆田市统计局"


def test_a_misread_title_spelling_takes_the_bodys_and_keeps_the_misread_as_a_variant():
    body = "平潭综合实验区地方税务局主动公开信息。平潭综合实验区地方税务局依法办理申请。"
    assert identity.corrected_spelling("平潭综合实验区地方悦务局", body) == ("平潭综合实验区地方税务局", "平潭综合实验区地方悦务局")
    # printed the same way twice: nothing to correct
    assert identity.corrected_spelling("平潭综合实验区地方税务局", body) == ("平潭综合实验区地方税务局", None)


def test_what_a_person_states_wins_and_says_given():
    page = "某某市统计局2021年政府信息公开工作年度报告\n" + BODY
    r = parse_text(_src(page), "x.txt", agency="某某市统计局（更正）", year=2020)
    assert (r.agency, r.year) == ("某某市统计局（更正）", 2020)
    assert r.identity == {"agency_from": "given", "year_from": "given"}
    assert "某某市统计局" in r.agency_variants


def test_a_sentence_caught_as_a_title_is_not_an_agency():
    assert not identity.looks_like_agency("根据《中华人民共和国政府信息公开条例》，特向社会公布")
    assert identity.looks_like_agency("河北省科技厅")
    assert identity.looks_like_agency("合成甲乙市第1区统计局")   # a digit in a name is still a name


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")
@pytest.mark.parametrize("name", ["2013_pingtan_difang-shuiwu-ju.txt", "2019_sanming_shi-renmin-zhengfu.txt",
                                  "2021_pingtan_jiaotong-jianshe-ju.txt", "2025_pingtan_shiyanqu-guanweihui.html"])
def test_wild_reports_identity_matches_their_sidecars(name):
    import json

    from ingest.parser import parse_file

    side = json.loads((WILD / (name + ".json" if name.endswith(".html") else name[:-4] + ".json")).read_text("utf-8"))
    r = parse_file(WILD / name)
    assert (r.agency, r.year) == (side["agency"], side["year"])
    assert r.template == side["template"]



def test_a_report_named_only_in_its_signature_takes_the_signed_name():
    page = ("根据《中华人民共和国政府信息公开条例》，现向社会公布2012年度我街道信息公开工作年度报告。"
            "本报告中所列数据的统计期限自2012年1月1日起至2012年12月31日止。\n一、主动公开政府信息情况\n"
            + "我街道及时更新机构信息、公开指南等信息，未收到政府信息公开申请。" * 3 +
            "\n五、存在的主要问题及改进情况\n宣传力度不够。\n某某市人民政府新华街道办事处\n2013年3月7日\n")
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("某某市人民政府新华街道办事处", 2012)
    assert r.identity["agency_from"] == "signature (落款)"


def test_a_signature_that_names_the_agency_more_fully_is_its_canonical_name():
    page = "2018年建新镇政府信息公开工作年度报告\n" + BODY + "我镇没有发生行政复议案。\n\n    某某县建新镇人民政府\n    2018年12月31日\n"
    r = parse_text(_src(page), "x.txt")
    assert r.agency == "某某县建新镇人民政府"
    assert "建新镇" in r.agency_variants
    assert "signature" in r.identity["agency_from"]
    # flattened to one line: the signature is the last word before the end
    flat = ("2016年龙归镇政府信息公开年度报告 " + BODY.replace("\n", " ") +
            " 附表:2016年龙归镇政府信息公开年度报告 某某市某区龙归镇人民政府 |")
    assert parse_text(_src(flat.replace("2021", "2016")), "x.txt").agency == "某某市某区龙归镇人民政府"


def test_a_signature_of_another_body_never_renames_the_agency():
    # the city's report signed by its government's office: the office is not the government
    assert not identity.fuller_name("三明市人民政府", "三明市人民政府办公室")
    assert not identity.fuller_name("统计局", "某某市财政局")
    assert not identity.fuller_name("龙归镇", "龙归镇")
    assert identity.fuller_name("建新镇", "某某县建新镇人民政府")
    assert identity.fuller_name("武江区龙归镇人民政府", "韶关市武江区龙归镇人民政府")
    assert identity.signature("……等工作。\n局长：张三\n2020年1月5日") == ""
    assert identity.signature("对本报告如有疑问，请联系我局办公室。") == ""


def test_metadata_laid_out_as_a_table_is_read_cell_by_cell():
    lines = ["当前位置 : 首页 |", "索 引 号:005267169/2016-00001 | 主题分类:综合政务 | |",
             "发布机构:某某区审计局 | 关 键 词:政务 | |", "文 号 | 成文日期:2016-03-31 | 发布日期:2016-04-08 |",
             "发布单位: | 某某镇 |", "正文第一段。"]
    meta, start = identity.crawler_metadata(lines)
    assert meta["发布机构"] == "某某区审计局" and meta["索引号"] == "005267169/2016-00001"
    assert meta["发布日期"] == "2016-04-08" and meta["发布单位"] == "某某镇"
    assert start == 5


def test_a_title_in_a_layout_table_and_a_markdown_heading_give_the_bare_name():
    page = "当前位置 : 首页 |\n2013年度某某镇政府信息公开工作年度报告 | ||\n" + BODY.replace("2021", "2013")
    assert parse_text(_src(page), "x.txt").agency == "某某镇"
    page = "# 某某县人民政府 2025 年 政府信息公开工作年度报告\n\n" + BODY.replace("2021", "2025")
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("某某县人民政府", 2025)


def test_compiled_by_later_in_the_opening_sentence():
    page = ("本年度报告是根据《中华人民共和国政府信息公开条例》和区政府信息公开工作要求，由某某区审计局编制。"
            "本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。\n一、主动公开政府信息情况\n" + "我局主动公开信息28条。" * 4)
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("某某区审计局", 2015)


def test_a_township_that_calls_itself_our_township_and_names_itself_once():
    page = ("根据《条例》，现将我乡2014年政府信息公开工作报告公开如下。本报告中所列数据的统计期限自2014年1月1日起至2014年12月31日止。\n"
            "一、概述\n我乡成立了领导小组。全乡干部认真学习。\n二、主动公开\n我乡主动公开信息100条。根据我乡实际开展工作。\n"
            "三、收费\n2014年，南山乡未收取任何政府信息公开费用。\n")
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("南山乡", 2014)
    assert "我乡" in r.identity["agency_from"]
    # two places of the kind, each once: no name is read
    assert identity.self_named("我乡工作。我乡学习。南山乡和北山乡各一次。") == ""


def test_a_report_without_title_named_in_its_first_sentence_or_opening_words():
    page = ("用微信扫描二维码分享至好友和朋友圈\n一、政府信息公开工作基本情况\n"
            "根据《中华人民共和国政府信息公开条例》,特向社会公布2014年某某区政务服务中心政府信息公开工作年度报告。\n"
            "二、主动公开政府信息情况\n" + "全年主动公开政府信息78条。" * 3 + "\n2015年3月2日\n")
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("某某区政务服务中心", 2014)
    assert r.contacts.get("signed_on") == "2015年3月2日"
    page = ("2011年,省文化厅借助省政府门户网站信息公开系统功能平台,进一步健全了政府信息公开的工作制度。\n"
            "一、主动公开政府信息情况\n2011年,厅公众服务网共公开政府信息1170条。\n")
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("省文化厅", 2011)


def test_a_street_office_signed_with_its_office_name_and_a_date_under_the_title():
    page = ("2016年度某门街道政府信息公开工作年度报告\n发布时间:2017-02-27\n\n" + BODY.replace("2021", "2016") +
            "2016年没有收到政府信息公开申请。\n\n        某门街道办事处\n\n          2017年1月6日\n")
    r = parse_text(_src(page), "x.txt")
    assert r.agency == "某门街道办事处" and "某门街道" in r.agency_variants
    assert r.contacts["published"] == "2017-02-27" and r.contacts["signed_on"] == "2017年1月6日"


def test_the_agency_whose_unit_answers_questions_names_an_untitled_report():
    page = ("您当前的位置:首页 > 区司法局 > 政府信息公开 > 年度报告\n\n2010年政府信息公开工作年度报告\n\n"
            "本年报是根据政府信息公开工作年度报告要求编制。如对本报告有任何疑问,请与某山区司法局政府信息公开领导小组办公室联系"
            "(地址:某市某山区某州中路1号,电话:0510-88700942)。\n  一、概述\n" + "我局认真做好信息公开工作。" * 3 + "\n")
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("某山区司法局", 2010)
    page = ("根据《中华人民共和国政府信息公开条例》编制本报告。报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。"
            "如对本报告有任何疑问,请与某强县科学技术局综合股联系(电话:0916-4221854)。\n一、概况\n" + "我局认真工作。" * 5 + "\n")
    assert parse_text(_src(page), "x.txt").agency == "某强县科学技术局"


def test_a_title_naming_only_the_level_takes_the_signatures_full_name():
    page = "县科技局2018年政府信息公开工作年度报告\n" + BODY.replace("2021", "2018") + "\n\n      某阳县科学技术局\n\n2019年1月2日\n"
    r = parse_text(_src(page), "x.txt")
    assert r.agency == "某阳县科学技术局" and "县科技局" in r.agency_variants
    assert not identity.fuller_name("县科技局", "某阳县财政局")


def test_a_report_that_names_itself_nowhere_else_is_the_agency_it_names_most_and_calls_itself():
    # no title, metadata, signature or opening words; the county government is named more
    # often than the bureau, but the report calls itself 我局
    page = ("一、概述\n为贯彻落实某阳县人民政府关于政务公开的部署，某阳县统计局认真做好信息公开工作。"
            "我局按照某阳县人民政府要求，及时公开统计信息。\n二、主动公开情况\n某阳县统计局全年主动公开信息56条，"
            "在某阳县人民政府门户网站发布。我局未收到政府信息公开申请。\n三、存在的问题\n某阳县统计局信息公开工作仍有不足。"
            "按照某阳县人民政府的安排，我局将继续改进。2020年，我局主动公开信息56条。2020年没有收取费用。\n")
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("某阳县统计局", 2020)
    assert r.identity["agency_from"] == "prose (the agency it names most often)"
    assert r.identity["year_from"] == "prose (the year it names most often)"
    # without 我局 the government, named most, would be taken: the report's own word decides
    assert identity.most_named(page.replace("我局", "我们")) == "某阳县人民政府"


def test_a_report_naming_no_agency_twice_still_asks_for_its_identity():
    page = ("一、概述\n认真做好政府信息公开工作，及时公开各类信息。\n二、主动公开情况\n全年主动公开信息56条。\n"
            "三、存在的问题\n某阳县统计局工作仍有不足。\n")
    assert identity.most_named(page) == ""
    with pytest.raises(ReportError, match="cannot find the agency"):
        parse_text(_src(page), "x.txt")
    # a year named as often as another, or only in dates, is no year
    assert identity.most_named_year("2019年与2020年相比。2019年、2020年。") is None
    assert identity.most_named_year("发布于2021年1月5日，2021年2月3日更新。") is None


def test_a_report_compiled_by_a_governments_office_is_that_governments_and_a_breadcrumb_is_no_title():
    page = ("根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,由某宁县人民政府办公室编制。全文包括概述、主动公开政府信息情况。"
            "如对本年度报告有任何疑问,请联系:某宁县人民政府电子政务办公室。\n一、概述\n2014年,县政府加快电子政务建设。2014年,县政府主动公开信息。\n")
    r = parse_text(_src(page), "2014_x.txt")
    assert r.agency == "某宁县人民政府" and r.identity["agency_from"] == "prose (由…编制)"
    assert r.contacts["office"] == "某宁县人民政府电子政务办公室"
    page = ("首页 >> 信息公开 >> 信息公开年度报告\n\n信息公开年度报告\n\n某国科学院某州分院机关信息公开工作2021年度报告\n\n"
            "发表日期:2022-02-23来源:放大 缩小\n\n根据《中华人民共和国政府信息公开条例》规定,现公布某国科学院某州分院2021年度信息公开工作报告。\n"
            "一、概述\n2021年,分院持续做好信息公开工作。\n")
    r = parse_text(_src(page), "x.txt")
    assert r.agency == "某国科学院某州分院" and r.contacts["published"] == "2022-02-23"


def test_a_hard_wrapped_sentence_with_a_year_and_信息公开_is_no_title():
    import textwrap

    text = ("2011年,省文化厅借助省政府门户网站信息公开系统功能平台,进一步健全了政府信息公开的工作制度。\n"
            "一、主动公开政府信息情况\n2011年,厅公众服务网共公开政府信息1170条,其中机构职能栏目共公开信息10条。\n"
            "二、依申请公开政府信息情况\n2011年,省文化厅收到2宗正式提交的政府信息公开申请,已按照法定程序回复了申请人。\n"
            "五、存在问题及改进措施\n2011年省文化厅在政府信息公开还存在政府信息主动公开不够及时、公开渠道比较单一等问题。\n")
    wrapped = "\n".join(part for line in text.split("\n") for part in (textwrap.wrap(line, 38) or [""]))
    r = parse_text(_src(wrapped), "x.txt")
    assert (r.agency, r.year) == ("省文化厅", 2011)
    # every section is kept: the wrapped line in 五 was not taken for a title the body starts after
    assert [s.number for s in r.sections if s.heading] == [2, 3, 5]
    assert any("1170条" in p for s in r.sections for p in s.paragraphs)


def test_a_report_compiled_by_a_governments_office_is_the_governments_unless_the_office_reports_on_itself():
    body = ("根据《中华人民共和国政府信息公开条例》规定，本报告由某安市人民政府办公室编制。本报告所列数据统计期限自2023年1月1日起"
            "至2023年12月31日止。一、总体情况\n2023年，全市主动公开政府信息3200条，收到政府信息公开申请156件，均已按时答复。\n" * 2)
    assert parse_text(_src(body), "x.txt").agency == "某安市人民政府"
    own = body.replace("全市主动公开", "本厅主动公开").replace("某安市人民政府办公室", "某安省人民政府办公厅")
    assert parse_text(_src(own), "x.txt").agency == "某安省人民政府办公厅"


def test_a_metadata_table_flattened_without_colons_is_read_field_by_field():
    # a portal's record table copied as text: names and values set apart by spaces alone
    page = ("泗洪县政府信息公开\n\n名称 泗洪经济技术开发区管理委员会2023年政府信息公开工作年度报告\n"
            "索引号 016180018/2024-00065 分类 信息公开年报   报告\n发布机构 经济开发区 公开日期 2024-02-19\n文号 关键词\n\n" + BODY)
    r = parse_text(_src(page), "x.txt")
    assert r.agency == "泗洪经济技术开发区管理委员会"
    assert r.identity["agency_from"].startswith("metadata line")
    assert r.contacts["index_no"] == "016180018/2024-00065"
    assert r.contacts["published"] == "2024-02-19"
    spaced = "标      题 西藏自治区统计局2025年政务信息公开工作开展年度报告\n索引号 000014349/2026-00021 文      号\n" \
             "发布机构 发布日期 2026-01-16 18:22:45\n\n" + BODY
    assert parse_text(_src(spaced), "x.txt").agency == "西藏自治区统计局"


def test_the_title_in_the_first_sentence_names_the_report_before_the_office_questions_go_to():
    text = ("根据《中华人民共和国政府信息公开条例》有关规定,现公布莫旗政府2012年政府信息公开工作年度报告。"
            "如对本报告有任何疑问,请与莫力达瓦政府办网络信息中心联系(地址:莫旗人民政府办公大楼三层;电话:4626090)。\n"
            "一、概述\n2012年,莫旗人民政府办公室继续认真贯彻落实《条例》,全旗政府信息公开工作有序推进,全旗政府部门积极配合。\n")
    r = parse_text(_src(text), "x.txt")
    # the full name the report prints too (人民政府), never 全旗政府 ("the whole banner's") for a misread
    assert r.agency == "莫旗人民政府"
    assert "莫旗政府" in r.agency_variants


def test_a_government_office_reporting_on_its_own_work_keeps_its_name():
    opening = ("本年度报告根据《中华人民共和国政府信息公开条例》相关要求编制,内容包括总体情况等6部分。报告所列数据统计期限为"
               "2024年1月1日至12月31日。\n一、总体情况\n2024年,岚春市人民政府办公厅坚持依法履行政府信息公开职责,通过岚春市人民政府"
               "网站发布信息1464条,编辑《岚春市人民政府公报》12期,岚春市人民政府网站运行平稳。\n")
    assert parse_text(_src(opening), "x.txt").agency == "岚春市人民政府办公厅"
    asked = ("本报告根据《条例》要求,结合区政府办公室信息公开工作有关统计数据撰写。统计期限自2023年1月1日起至2023年12月31日止。"
             "如对本报告有任何疑问,请与岚湖市岚海区人民政府办公室联系(地址:岚海区明光路1号)。\n一、总体情况\n"
             "2023年,区政府办公室紧紧围绕群众关切推进公开。\n")
    assert parse_text(_src(asked), "x.txt").agency == "岚湖市岚海区人民政府办公室"
    # a government's report its office compiles stays the government's
    compiled = ("本报告由岚湖市人民政府办公室编制。统计期限自2023年1月1日起至2023年12月31日止。\n一、总体情况\n"
                "2023年,全市各级行政机关主动公开政府信息5万条,政府信息公开工作有序推进。\n")
    assert parse_text(_src(compiled), "x.txt").agency == "岚湖市人民政府"


def test_the_agency_whose_disclosure_work_the_first_sentence_names():
    text = ("为认真做好岚山市卫生健康局政府信息公开工作,我局按照《中华人民共和国政府信息公开条例》的有关要求,狠抓落实。"
            "现向社会公布2022年度本单位政府信息公开工作年度报告。\n一、总体情况\n我局主动公开政务信息6条。\n")
    r = parse_text(_src(text), "x.txt")
    assert (r.agency, r.year) == ("岚山市卫生健康局", 2022)


def test_a_report_named_only_in_the_title_of_a_document_of_its_own():
    text = ("根据《中华人民共和国政府信息公开条例》规定编制本报告。报告数据统计期限为2024年1月1日至2024年12月31日。\n"
            "一、总体情况\n印发《岚连高新区2024年政务公开工作要点及责任分工》,细化了19项重点工作任务,我区政府信息公开工作稳步推进。\n")
    r = parse_text(_src(text), "x.txt")
    assert (r.agency, r.year) == ("岚连高新区", 2024)
    assert r.identity["agency_from"].startswith("prose (the title of a document of its own")


def test_a_pages_成文日期_is_the_reports_signing_date_and_a_bracketed_date_under_the_title_its_publication():
    page = ("岚西省地震局2015年政府信息公开年度报告\n\n索  引 号: 主题分类:\n发文机关: 岚西省地震局 成文日期: 2016年02月19日\n"
            "标      题: 岚西省地震局2015年政府信息公开年度报告\n发文字号: 发布日期:\n\n" + BODY.replace("2021", "2015"))
    r = parse_text(_src(page), "x.txt")
    assert r.contacts["signed_on"] == "2016年02月19日"
    assert r.contacts["record_lines"]["signed_on"] == "成文日期: 2016年02月19日"
    dated = "岚林市民政局\n2013年政府信息公开工作年度报告\n(2014年3月5日)\n" + BODY.replace("2021", "2013")
    assert parse_text(_src(dated), "x.txt").contacts["published"] == "2014年3月5日"


def test_a_towns_party_and_government_office_compiles_the_towns_report():
    text = ("本报告是根据《中华人民共和国政府信息公开条例》要求,由岚城镇人民政府党政办公室编制。统计期限为2020年1月1日至2020年12月31日。"
            "如对本报告有任何疑问,请与岚城镇人民政府党政办公室联系。(地址:岚山县岚城镇人民政府驻地府前路1号)\n"
            "一、总体情况\n2020年岚城镇政府信息公开工作有序推进。\n")
    assert parse_text(_src(text), "x.txt").agency.endswith("岚城镇人民政府")


def test_a_page_title_above_the_crawlers_source_and_date_lines_is_the_reports_title():
    text = ("富阳县商务局2021年政府信息公开重点工作年度报告\n来源:县商务局\n发布日期:2022-01-10\n浏览次数:\n\n"
            "本年报由总体情况等部分组成。所列数据的统计期限为2021年1月1日至2021年12月31日。\n"
            "一、总体情况\n2021年我局高度重视政府信息公开工作。\n")
    report = parse_text(_src(text), "x.txt")
    assert (report.agency, report.year) == ("富阳县商务局", 2021)


def test_年度本局_in_the_first_sentence_is_no_name_and_the_office_for_questions_names_the_report():
    text = ("根据《条例》,特向社会公布2024年度本局信息公开年度报告。统计期限自2024年1月1日起至2024年12月31日止。"
            "如对本报告有任何疑问,请与松溪区水务局综合办公室联系(联系电话:0474-1234567)。\n"
            "一、2024年总体情况\n2024年松溪区水务局认真贯彻落实《条例》。\n")
    assert parse_text(_src(text), "x.txt").agency == "松溪区水务局"


def test_a_page_header_title_without_the_name_gives_way_to_the_title_under_the_agencys_name():
    text = ("2022年政府信息公开工作年度报告\n桃源县竹林镇人民政府\n2022年政府信息公开工作年度报告\n"
            "一、总体情况\n2022年,竹林镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。\n")
    report = parse_text(_src(text), "x.txt")
    assert (report.agency, report.year) == ("桃源县竹林镇人民政府", 2022)


def test_a_governments_unit_with_a_second_name_in_brackets_is_filed_by_its_full_first_name():
    text = ("省政府参事室(文史研究馆)2012年政府信息公开工作年度报告\n"
            "现将江南省人民政府参事室(文史研究馆)2012年政府信息公开工作年度报告向社会公布。\n"
            "一、概述\n2012年我室认真贯彻落实《条例》。\n")
    report = parse_text(_src(text), "x.txt")
    assert report.agency == "江南省人民政府参事室"
    assert "省政府参事室(文史研究馆)" in report.agency_variants


def test_a_towns_party_office_compiling_at_the_start_gives_the_towns_government():
    # (the document named before 由 is long: the compiler is read from the opening, not from 本报告由)
    text = ("本年度报告根据《中华人民共和国政府信息公开条例》及县政府办公室下发《关于转发<国务院办公厅政府信息与政务公开办公室关于"
            "政府信息公开工作年度报告有关事项的通知>的通知》文件要求,由沙湾乡人民政府党政办公室编制。"
            "本报告中统计数据期限为2020年1月1日至2020年12月31日。\n一、总体情况\n2020年,我乡按照上级有关要求开展工作。\n")
    assert parse_text(_src(text), "x.txt").agency == "沙湾乡人民政府"


def test_an_untitled_report_calling_itself_本区_is_the_one_district_government_it_names():
    text = ("一、概述\n推进政府信息公开是江城市东湖区人民政府贯彻落实《条例》的重要举措。2011年本区政府信息公开工作取得新的成效。\n"
            "(一)依法按时完成2011年政府信息公开年度报告。\n")
    report = parse_text(_src(text), "x.txt")
    assert (report.agency, report.year) == ("江城市东湖区人民政府", 2011)


def test_a_short_name_the_report_defines_is_filed_by_its_full_name():
    text = ("岭南区北湾办2022年政府信息公开工作年度报告\n\n本年度报告根据《条例》要求,由岭南区北湾经济区规划建设管理办公室"
            "(以下简称岭南区北湾办)编制。统计期限为2022年1月1日至2022年12月31日。\n一、总体情况\n2022年,我办认真贯彻落实《条例》。\n")
    report = parse_text(_src(text), "x.txt")
    assert report.agency == "岭南区北湾经济区规划建设管理办公室" and "岭南区北湾办" in report.agency_variants


def test_a_places_government_is_its_people_s_government_and_a_title_s_政府信息公开_keeps_its_政府():
    text = ("来源:政务信息办\n根据《条例》要求,现将2014年岭县政府信息公开年度报告予以公布。统计期限为2014年1月1日至12月31日。\n"
            "一、概述\n2014年岭县政府信息公开工作在县政府的正确领导下开展。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭县人民政府"
    text = ("2012年岭县人民政府信息公开年度报告\n发布时间:2013-01-24 来源:岭县人民政府(办公室)\n\n本年度报告的统计期限从2012年1月1日到12月31日止。"
            "如对本报告有疑问,请与岭县政务网络信息中心联系。\n一、概述\n2012年我县认真贯彻落实《条例》。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭县人民政府"


def test_who_the_first_sentence_says_publishes_the_report_and_a_title_it_says_it_compiles():
    text = ("岭南高新区沟东办事处向社会公布2021年度本级政府信息公开年度报告。统计期限自2021年1月1日起至2021年12月31日止。\n"
            "一、总体情况\n2021年,沟东办事处主动公开政府信息109条。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭南高新区沟东办事处"
    text = ("根据《条例》以及有关规定和要求,编写岭阳县2017年度政府信息公开工作年度报告。统计时限自2017年1月1日起至2017年12月31日止。\n"
            "一、概述\n全县各级各部门主动公开政府信息。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭阳县人民政府"


def test_a_governments_leading_group_office_answering_for_its_report_is_the_agency():
    text = ("根据《条例》要求编制本报告。本报告所列数据自2016年1月1日至2016年12月31日。如对本年报有疑问,"
            "请与岭元市人民政府重点建设项目领导小组办公室综合科联系(电话:3260025)。\n一、概述\n市重点办对政府信息公开工作高度重视。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭元市人民政府重点建设项目领导小组办公室"


def test_a_district_government_takes_its_city_from_an_address_the_report_prints():
    text = ("本年报根据《条例》和钟岭区政府各机关的政府信息公开年度报告编制。统计期限自2017年1月1日起至2017年12月31日止。"
            "如对本年报有任何疑问,请与钟岭区政府办公室联系(地址:常岭市钟岭区星港大道88号)。\n一、概述\n2017年钟岭区的政府信息公开工作取得新进展。\n")
    assert parse_text(_src(text), "x.txt").agency == "常岭市钟岭区人民政府"


def test_a_field_label_glued_to_the_title_a_bare_level_publisher_and_a_街办_are_read_as_names():
    text = ("索引号01236931-5/2017-07407\n标题岭店镇人民政府2016年政府信息公开工作年度报告\n\n"
            "根据《条例》的规定,现公布2016年岭店镇政府信息公开工作年度报告。内容涵盖2016年1月1日至12月31日期间的工作。\n一、概述\n2016年我镇认真开展工作。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭店镇人民政府"
    text = ("索引号 | 002482285/2023-00209 | 发布机构 | 省水务厅 | |\n公开方式 | 主动公开 | 公开范围 | 面向全社会 | |\n"
            "本年度报告根据《中华人民共和国政府信息公开条例》的要求,由岭江省水务厅编制。统计期限自2022年1月1日起至12月31日止。\n一、总体情况\n2022年,省水务厅主动公开政府信息8731条。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭江省水务厅"
    text = ("根据《条例》要求,现将岭寨街道办事处2021年度信息公开工作的总体情况等方面的报告如下。统计期限为2021年1月1日至2021年12月31日。\n"
            "一、总体情况\n2021年,岭寨街办不断完善政务信息公开制度。2021年度,岭寨街办通过区门户网站公开信息。岭寨街办高度重视。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭寨街道办事处"


def test_a_pages_date_bulleted_alone_or_spaced_in_brackets_or_updated_is_its_publication():
    head = "岭州市交通运输局2018年政府信息公开工作年度报告\n\n"
    body = "\n根据《中华人民共和国政府信息公开条例》的规定,现公布本报告。统计期限自2018年1月1日起至12月31日止。\n一、概述\n2018年我局认真开展工作。\n"
    assert parse_text(_src(head + "  • 听全文\n  • 2019-02-28\n  • 来源:市交通运输局\n" + body), "x.txt").contacts["published"] == "2019-02-28"
    assert parse_text(_src("2015年3月13日\n" + head + body), "x.txt").contacts["published"] == "2015年3月13日"
    assert parse_text(_src(head + "(2019年1 月27日)\n" + body), "x.txt").contacts["published"] == "2019年1月27日"
    assert parse_text(_src(head + "更新时间:2019-01-18 发布时间: |  来源:区交通分局\n" + body), "x.txt").contacts["published"] == "2019-01-18"


def test_a_breadcrumb_with_slashes_is_no_title_a_prefecture_keeps_its_name_and_bare_政府_is_no_agency():
    text = ("首页/ 政务公开 / 政府信息公开年报 / 2019年 / 县市区 / 正文\n\n岭南市临岭区2019年政府信息公开工作年度报告\n\n"
            "一、总体情况\n2019年,我区认真贯彻落实修订后的《中华人民共和国政府信息公开条例》。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭南市临岭区人民政府"
    text = ("大岭安岭地区2023年政府信息公开工作年度报告\n本报告所列数据统计期限为2023年1月1日至2023年12月31日。\n"
            "一、总体情况\n2023年,地区行署认真贯彻落实《中华人民共和国政府信息公开条例》。\n")
    assert parse_text(_src(text), "x.txt").agency == "大岭安岭地区"
    text = ("根据《中华人民共和国政府信息公开条例》要求编制2024年度政府信息公开报告。统计期限为2024年1月1日起至2024年12月31日止。"
            "如对本报告有任何疑问,请与岭别乡人民政府党政办公室联系。\n一、总体情况\n2024年,岭别乡认真开展工作。\n")
    assert parse_text(_src(text), "x.txt").agency == "岭别乡人民政府"


def test_a_title_without_its_年_bulleted_lines_and_a_pipe_before_a_title_are_read():
    page = ("2022度珠晖区粤汉街道信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
            "一、主动公开政府信息情况\n粤汉街道按照要求公开信息。\n")
    r = parse_text(_src(page), "x.txt")
    # the statistics period says which year the report covers, whatever the title's slip
    assert (r.agency, r.year) == ("珠晖区粤汉街道", 2023)
    page = ("• 005283628/2021-00001\n  • 上街区济源路街道办事处\n  • 2020年政府信息公开工作年度报告\n  • 2021-01-18\n" + BODY)
    assert parse_text(_src(page), "x.txt").agency == "上街区济源路街道办事处"
    page = "|\n青海省2013年政府信息公开工作年度报告是根据《条例》要求编制而成。" + BODY
    assert parse_text(_src(page), "x.txt").agency == "青海省人民政府"


def test_a_report_calling_itself_our_bureau_under_a_place_title_is_the_bureaus():
    page = ("根据《条例》,特公布2016年福清市政府信息公开工作年度报告。本报告所列数据的统计期限自2016年1月1日起至2016年12月31日。"
            "如对本报告有任何疑问,请与福清市民政局政府信息公开领导小组办公室联系。\n一、概述\n2016年,我局认真落实条例。我局主动公开信息。\n")
    r = parse_text(_src(page), "x.txt")
    assert r.agency == "福清市民政局" and "福清市人民政府" in r.agency_variants
    # a government's report saying 我市 more than 我局 stays the government's
    assert identity.self_kind_body("福清市人民政府", "我市公开信息。我市推进。我局一次。福清市民政局") == ""
    # two bodies of that kind under the place: no guess
    assert identity.self_kind_body("福清市人民政府", "我局公开。福清市民政局和福清市财政局") == ""


def test_who_reviewed_the_years_work_whose_unit_answers_and_a_county_it_calls_whole_are_names():
    page = ("根据《条例》的相关要求,阿拉山口市对2018年政府信息公开进行梳理和汇总,形成本报告。"
            "本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。\n一、概述\n全市推进公开。\n")
    assert parse_text(_src(page), "x.txt").agency == "阿拉山口市人民政府"
    page = ("根据《条例》,现公布本年度报告。报告中所列数据统计期限自2017年1月1日起至2017年12月31日止,"
            "如对本报告有任何疑问,请与厦港街道政府信息公开领导小组办公室联系。\n一、概述\n街道办事处推进公开。\n")
    assert parse_text(_src(page), "x.txt").agency == "厦港街道"
    page = ("根据《条例》有关规定,特向社会公布2018年度本级政府(机关)信息公开年度报告。本报告中所列数据的统计期限自2018年1月1日起,"
            "至2018年12月31日止。本报告的电子版可在高邑县人民政府网站下载。\n一、概述\n2018年全县政府信息公开工作立足本地实际。\n")
    assert parse_text(_src(page), "x.txt").agency == "高邑县人民政府"
    page = ("如对本报告有疑问,请联系帽儿山镇政府,电话:0451-53302056。报告中所列数据统计期限自2020年1月1日起至2020年12月31日止。\n"
            "一、总体情况\n帽儿山镇主动公开政府信息公开目录内的信息。\n")
    assert parse_text(_src(page), "x.txt").agency == "帽儿山镇人民政府"


def test_a_zone_calling_itself_by_its_kind_is_named_by_the_one_full_name_of_that_kind():
    page = ("根据《条例》要求,2022年度(本年度报告中所列数据的统计期限自2022年1月1日起至12月31日止)现将我委2022年度政府信息公开工作情况报告如下:\n"
            "一、总体情况\n2022年度,投资区主动公开政府信息数140条。\n投资区注重加强制度建设。有专人负责微信公众号“钦州市北部湾华侨投资区”运维工作。\n")
    assert parse_text(_src(page), "x.txt").agency == "钦州市北部湾华侨投资区"
    # two full names of the kind: no guess
    assert identity.zone_named("投资区推进。\n投资区公开。甲市一投资区和乙市二投资区") == ""


def test_a_street_named_after_its_district_government_keeps_its_first_character():
    page = ("一、总体情况\n本年度报告结合2020年度本街道政府信息公开工作情况编制而成。年报中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n"
            "2020年我街道通过渝中区人民政府大溪沟街道办事处子网站主动公开政府信息。我街道认真落实条例。\n")
    assert parse_text(_src(page), "x.txt").agency == "大溪沟街道办事处"
    # a stray character before a township's name is no part of it
    assert identity.self_named("我乡工作。我乡学习。2014年,南薰乡未收取费用。") == "南薰乡"


def test_a_title_whose_year_has_no_年_before_政府信息公开():
    assert identity.title_parts("西藏自治区政府国资委2020政府信息公开工作年度报告") == ("西藏自治区政府国资委", 2020)
    assert identity.title_parts("2020政府信息公开工作年度报告")[1] == 2020


def test_a_governments_information_centre_answers_for_the_government_and_经开区_is_a_zone():
    page = ("本报告根据《条例》编制而成。本报告中所列数据的统计期限自2009年1月1日至2009年12月31日止。"
            "如对本报告有任何疑问,请与永定县政府信息中心联系(地址:永定县凤城镇中山路1号)。\n一、概述\n全县推进政府信息公开。\n")
    assert parse_text(_src(page), "x.txt").agency == "永定县人民政府"
    assert identity.place_government("井冈山经开区", "") == "井冈山经开区"


def test_a_name_printed_without_its_place_takes_the_place_the_body_gives():
    # the body's full name for it
    page = ("2022年,郑州高新技术产业开发区管委会城市管理局深入贯彻《条例》,现公布2022年度政府信息公开年度报告。"
            "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n"
            "截至2022年12月31日,城市管理局先后公示行政处罚259项。高新区城市管理局共受理申请9件。城市管理局认真做好公开。\n")
    assert parse_text(_src(page), "x.txt").agency == "郑州高新技术产业开发区管委会城市管理局"
    # the one place of its level the body names as a place
    page = ("2011年政府信息公开工作年度报告\n一、概述\n2011年,市商务局认真贯彻执行《条例》和《长沙市政府信息公开工作制度》,"
            "进一步转变行政管理方式,规范行政行为,深化公开内容,创新公开方式。\n二、主动公开\n全年主动公开政府信息4397条。\n")
    assert parse_text(_src(page), "x.txt").agency == "长沙市商务局"
    page = ("教育局2019年政府信息公开工作年度报告\n一、总体情况\n2019年,教育局坚持公开,加强组织领导,完善制度机制,"
            "明确责任部门。全年通过东丽区政府信息公开网发布信息100条。\n")
    assert parse_text(_src(page), "x.txt").agency == "东丽区教育局"
    # two places named alike: no guess
    page = ("教育局2019年政府信息公开工作年度报告\n一、总体情况\n2019年,教育局坚持公开,加强组织领导,完善制度机制,"
            "明确责任部门。全年在东丽区政府网发布50条,在河西区政府网发布50条。\n")
    assert parse_text(_src(page), "x.txt").agency == "教育局"
    # a long name with no place suffix names its place otherwise
    assert parse_text(_src("五华科技产业园管理委员会2022年政府信息公开工作年度报告\n一、总体情况\n"
                           "2022年,园区管委会坚持公开,加强组织领导,完善制度机制。全年在五华区政府网发布公开信息30条。\n"),
                      "x.txt").agency == "五华科技产业园管理委员会"


def test_a_title_on_two_lines_after_关于_and_a_three_character_city_before_a_town():
    page = ("丰润区交通运输局\n关于2019年政府信息公开工作报告\n2019年,我局认真贯彻执行《中华人民共和国政府信息公开条例》,"
            "坚持公开为原则,不公开为例外,通过区政府门户网站主动公开信息32条。\n")
    assert parse_text(_src(page), "x.txt").agency == "丰润区交通运输局"
    page = ("2022年山城镇政府信息公开工作年度报告\n根据《条例》要求,制定山城镇2022年政府信息公开工作年度报告。\n"
            "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。办公地址:梅河口市山城镇人民政府\n一、总体情况\n"
            "全镇坚持公开为原则,不公开为例外,主动公开政府信息。\n")
    assert parse_text(_src(page), "x.txt").agency == "梅河口市山城镇人民政府"


def test_a_compiler_defining_its_short_name_and_a_title_in_prose_ending_人民政府信息公开():
    page = ("本报告根据《条例》要求,由南宁经济技术开发区管理委员会(以下简称经开区管委会)编制。本年度报告中所列数据的统计期限自"
            "2021年1月1日至2021年12月31日。\n一、总体情况\n2021年,我委认真落实政府信息公开工作。\n")
    assert parse_text(_src(page), "x.txt").agency == "南宁经济技术开发区管理委员会"
    page = ("根据《条例》的有关规定,特编制2013年安康市汉滨区人民政府信息公开年度报告。本报告中所列数据的统计期限自2013年1月1日起,"
            "至2013年12月31日止。\n一、概述\n区政府高度重视。\n")
    assert parse_text(_src(page), "x.txt").agency == "安康市汉滨区人民政府"
    page = ("根据《条例》的规定,吉林经济技术开发区管委会编制了吉林经济技术开发区2023年政府信息公开工作年度报告。"
            "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n一、总体情况\n坚持公开为原则,不公开为例外。\n")
    assert parse_text(_src(page), "x.txt").agency == "吉林经济技术开发区"


def test_a_governments_standing_disclosure_office_compiles_the_governments_report():
    page = ("本报告由南平市人民政府信息公开工作领导小组办公室根据《中华人民共和国政府信息公开条例》以及《福建省人民政府办公厅关于做好"
            "2012年政府信息公开工作年度报告有关事项的通知》要求,汇总各县(市、区)政府信息公开工作情况编制而成。本报告中所列数据的统计时限"
            "自2012年1月1日至2012年12月31日。《福建省人民政府办公厅》《福建省人民政府办公厅》\n一、概述\n全市推进政府信息公开。\n")
    assert parse_text(_src(page), "x.txt").agency == "南平市人民政府"
    # a department's own disclosure office stays the department's
    assert identity._office_for("海南省司法厅政府信息公开工作领导小组办公室", "") == "海南省司法厅政府信息公开工作领导小组办公室"


def test_a_township_titled_under_its_city_takes_the_body_its_report_prints():
    assert identity.place_government("定州市东留春乡", "社会公布2020年度东留春乡人民政府信息公开工作进展情况") == "定州市东留春乡人民政府"
    assert identity.place_government("定州市东留春乡", "全乡公开信息20条") == "定州市东留春乡"


def test_a_street_titled_alone_takes_its_district_and_the_city_over_it_as_the_body_prints_them():
    page = ("2021年浦锦街道办事处政府信息公开工作年度报告\n来源:闵行区浦锦街道办事处\n"
            "本报告根据《中华人民共和国政府信息公开条例》要求,由上海市闵行区浦锦街道办事处编制。本报告所列数据的统计期限自"
            "2021年1月1日起至2021年12月31日。\n一、总体情况\n街道坚持公开为原则,不公开为例外。\n")
    assert parse_text(_src(page), "x.txt").agency == "上海市闵行区浦锦街道办事处"


def test_the_reports_own_title_quoted_in_its_first_sentence_names_it():
    page = ("根据《中华人民共和国政府信息公开条例》规定,《同心县人民政府办公室2020年政府信息公开工作年度报告》已经同心县人民政府办公室同意,现予公布。\n"
            "本报告由同心县人民政府政务公开办公室编制,所列数据统计时限为2020年1月1日至2020年12月31日。如有疑问,可与同心县人民政府政务公开办公室联系。\n"
            "一、总体情况\n全年公开政府信息共计1500条。\n")
    assert parse_text(_src(page), "x.txt").agency == "同心县人民政府办公室"


def test_an_untitled_report_opening_with_its_year_and_its_city():
    page = ("根据《中华人民共和国政府信息公开条例》和《四川省实施办法》,编制此报告。报告所列数据的统计期限自2015年1月1日起至2015年12月31日止。\n"
            "一、概述\n2015年,眉山市按照国务院、省政府工作要求,认真贯彻执行《条例》,全面推进政府信息公开工作。\n")
    assert parse_text(_src(page), "x.txt").agency == "眉山市人民政府"
    page = ("根据《条例》编制此报告。报告所列数据的统计期限自2015年1月1日起至2015年12月31日止。\n"
            "一、概述\n2015年,全市按照国务院要求推进政府信息公开工作。我市主动公开政府信息1200条。\n")
    with pytest.raises(ReportError):
        parse_text(_src(page), "x.txt")
