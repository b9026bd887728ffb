"""What the thirteenth session's never-seen reports showed (probe sets 26 and 27: pages of
towns, streets and city departments all over the country, 2009-2025, cut off after their
first 2,000 bytes): a street office named after the district government above it, a title
without its city under a metadata line of several fields, figures asked of template-era
reports whose tables are cut off, an article's
number taken for a count, how often, a heading answered after its colon, the items of a
其中, 经开区, and a town asked with its county. Invented reports."""

from __future__ import annotations

from bot.answer import has_figure
from bot.lexicon import PERSONAL_DATA
from bot.understand import AgencyIndex, parse_question, placed_for_placeless
from ingest.identity import crawler_metadata
from ingest.parser import parse_file
from tests.bot.test_conversations import _talk
from tests.bot.test_small_prose_reports import _serving

STREET_2009 = (
    "本报告是根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求编制。\n"
    "全文包括概述,主动公开政府信息的情况,依申请公开政府信息的情况,政府信息公开工作存在不足及改进措施。\n"
    "本报告中所列数据的统计期限自2009年1月1日起,至2009年12月31日止。如对报告有任何疑问,请与东岚区政府和平街道办事处"
    "信息公开办公室联系(地址:东岚区棕榈街6号,联系电话:63030001)。\n"
    "一、概述\n根据《条例》要求,2008年5月1日起东岚区和平街道办事处正式施行政府信息公开工作。"
    "政府信息公开工作进入常规管理后,由专人每星期对信息集中上传发布。\n"
    "二、主动公开政府信息的情况\n按照《条例》第9至12条规定的主动公开政府信息范围,开展了信息清理工作。"
    "本街道2009年共主动公开政府信息55条,其中全文电子化率达100%。\n"
    "4.政府信息公开的收费及减免情况:无\n")

CITY_PAGE_2013 = (
    "岚山市人力资源和社会保障局政务网\n\n您现在的位置:首页>>政务公开>>文章正文\n\n"
    "索 引 号:17001 主题分类:年度报告\n发布机构:岚山市人力资源和社会保障局 发文日期:2014-03-28\n"
    "名  称:市人力资源和社会保障局2013年政府信息公开工作年度报告\n文  号: 主 题 词:\n\n"
    "市人力资源和社会保障局2013年政府信息公开工作年度报告\n\n"
    "现公布岚山市人力资源和社会保障局2013年政府信息公开工作年度报告。本报告由概述、主动公开政府信息情况、"
    "依申请公开政府信息情况、政府信息公开相关费用情况、申请行政复议或提起行政诉讼情况、存在问题及改进措施六部分组成。"
    "如对本报告有疑问,请与市人力资源社会保障局办公室联系(地址:岚山市中山路1号,电话:076088320001)。\n"
    "一、概述\n2013年,市人力资源社会保障局严格按照《条例》等有关规定推进政府信息公开工作。\n")

# template-era reports cut off before their tables: what they say in words
BUREAU_2019 = (
    "岚宁市人力资源和社会保障局2019年政府信息公开工作年度报告\n"
    "如对本报告有疑问,请与岚宁市人力资源和社会保障局办公室联系,地址:岚宁市遂州路682号,联系电话:0825—5860001。\n"
    "一、总体情况\n(二)政府信息依申请公开情况:2019年收到政府信息依申请公开申请8件,不予公开2件。"
    "2019年度我局共受理依申请政府信息公开5件,其中规划许可类3件;生态修复类1件;其它类1件。\n")
TOWN_2024 = (
    "依据《中华人民共和国政府信息公开条例》第五十条规定,特向社会公布2024年岚生乡人民政府政府信息公开工作情况报告。"
    "如对本报告有疑问,请与岚生乡人民政府联系(地址:绥岚县岚生乡岚生村,电话:0468-7910001)。\n"
    "一、总体情况:2024年度,我乡未收到依申请公开事项。\n"
    "二、主动公开情况:公开惠农补贴信息时,将涉及村民身份证、银行卡等隐私内容全部模糊处理。\n")
def test_a_street_office_named_after_the_district_government_above_it(embedder, tmp_path_factory):
    parsed = parse_file("street.txt", data=STREET_2009.encode("utf-8"))
    assert parsed.agency == "东岚区和平街道办事处" and parsed.year == 2009, parsed.agency
    svc = _serving(embedder, tmp_path_factory.mktemp("street"), street=STREET_2009)
    got = svc.ask("和平街道09年主动公开了多少条政府信息？")
    # 第9至12条 is an article's number, not a count
    assert "55条" in got["answer"] and "第9至12条" not in got["answer"], got["answer"]
    assert not has_figure("按照《条例》第9至12条规定的范围", "条") and has_figure("共公开55条", "条")
    got = svc.ask("和平街道是从什么时候开始正式搞政府信息公开的？")
    assert "2008年5月1日" in got["answer"], got["answer"]
    got = svc.ask("和平街道的信息多久集中上传一次？")
    assert "每星期" in got["answer"], got["answer"]
    got = svc.ask("和平街道信息公开收不收费")     # a heading's line answered after its colon
    assert not got["refused"] and "收费及减免情况:无" in got["answer"], got["answer"]
    got = svc.ask("和平街道这份年报包括哪些内容？")
    assert "全文包括概述" in got["answer"], got["answer"]


def test_a_title_without_its_city_takes_the_name_from_a_metadata_line_of_several_fields(embedder, tmp_path_factory):
    meta, start = crawler_metadata(CITY_PAGE_2013.split("\n"))
    assert meta["发布机构"] == "岚山市人力资源和社会保障局" and meta["发文日期"] == "2014-03-28" and meta["索引号"] == "17001"
    parsed = parse_file("city.txt", data=CITY_PAGE_2013.encode("utf-8"))
    assert parsed.agency == "岚山市人力资源和社会保障局", parsed.agency
    assert parsed.contacts["published"] == "2014-03-28" and parsed.contacts["phone"] == ["076088320001"]
    # the record line cited whole, as printed
    assert parsed.contacts["record_lines"]["index_no"] == "索 引 号:17001 主题分类:年度报告"
    # a date line under a page's title with two fields is no metadata block: the title stays the body's
    page = "首页\n\n岚岛交通局2020年政府信息公开年度报告\n\n发布时间：2024-01-20 09:30\u3000来源：办公室\u3000浏览次数：10\n\n正文。"
    assert crawler_metadata(page.split("\n")) == ({}, 0)
    svc = _serving(embedder, tmp_path_factory.mktemp("city"), city=CITY_PAGE_2013)
    got = svc.ask("岚山人社局2013年报分几部分？")
    assert "六部分组成" in got["answer"], got["answer"]


def test_figures_of_reports_cut_off_before_their_tables_are_read_from_their_words(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("cut"), bureau=BUREAU_2019, town=TOWN_2024)
    got = svc.ask("2019年有多少人向岚宁市人力资源和社会保障局申请政府信息公开？")
    assert not got["refused"] and "申请8件" in got["answer"], got["answer"]
    got = svc.ask("2024年岚生乡收到过依申请公开吗")
    assert not got["refused"] and "未收到依申请公开事项" in got["answer"], got["answer"]
    # how the agency protects 身份证 numbers is a procedure, not somebody's particulars
    got = svc.ask("岚生乡公开信息时怎么处理村民身份证、银行卡这类隐私？")
    assert not got["refused"] and "模糊处理" in got["answer"], got["answer"]
    assert PERSONAL_DATA.search("岚生乡申请人的身份证号码是多少") and PERSONAL_DATA.search("那个申请人叫什么名字")
    # the items of a 其中, each after a semicolon, are one answer
    *_, got = _talk(svc, "岚宁市人社局2019年受理了几件依申请公开", "这几件都是哪方面的？")
    assert "规划许可类3件" in got["answer"] and "其它类1件" in got["answer"], got["answer"]
    # a phone printed with a long dash is cited as printed
    got = svc.ask("岚宁人社局的地址和电话是多少")
    assert any("0825—5860001" in c["text"] and "遂州路682号" in c["text"] for c in got["citations"]), got["citations"]


def test_a_development_zone_said_short_and_a_town_asked_with_its_county():
    index = AgencyIndex(["旌岚县经济开发区管委会", "岚生乡人民政府", "海岚区司法局"])
    assert parse_question("旌岚经开区年报的统计期限", index).agencies == ["旌岚县经济开发区管委会"]
    qn = parse_question("绥河县岚生乡人民政府的地址在哪", index)
    assert qn.agencies == ["岚生乡人民政府"] and placed_for_placeless("绥河县岚生乡人民政府的地址在哪", "岚生乡人民政府") == "绥河县"
    # a place the agency's own name contradicts is still another agency
    assert parse_question("海东区司法局的电话", index).agencies != ["海岚区司法局"]


def test_a_report_naming_itself_in_its_first_sentence_and_a_governments_office_asked_as_the_government():
    text = ("根据《条例》规定,现公布岚山市人民政府办公室(以下简称市政府办公室)2008年政府信息公开工作年度报告。"
            "本报告由概述,主动公开政府信息情况,存在问题及改进措施六部分组成。\n一、概述\n2008年度,市政府办公室认真贯彻落实《条例》。\n")
    parsed = parse_file("office.txt", data=text.encode("utf-8"))
    assert parsed.report_id == "2008-岚山市人民政府办公室", parsed.report_id
    index = AgencyIndex(["岚山市人民政府办公室", "秦岚市抚岚区人民政府办公室", "岚西县人民政府"])
    assert parse_question("抚岚区政府25年收到多少件申请", index).agencies == ["秦岚市抚岚区人民政府办公室"]
    assert parse_question("岚西县政府收到多少件申请", index).agencies == ["岚西县人民政府"]
    # the year a request is carried over to is not the year asked about
    assert parse_question("岚西县政府2022年有几件结转到2023年办理", index).years == [2022]


def test_untitled_pages_name_their_agency_in_the_forms_they_print():
    def agency(text):
        # (a page needs some words beyond its name to be read as a report)
        filler = "全年进一步完善政府信息公开工作制度，规范信息发布流程，提升政府信息公开的质量和实效，回应社会关切。\n"
        return parse_file("page.txt", data=(text + filler).encode("utf-8")).agency
    body = "\n一、总体情况\n2021年,我街主动公开政府信息66件。\n"
    assert agency("岚荣里街2021年政府信息公开工作年度报告" + body) == "岚荣里街"      # 天津's 街 is a street office
    assert agency("一、总体情况\n2023年,在区委、区政府的坚强领导下,岚洲街道办事处认真贯彻落实《条例》,主动公开政府信息63条。\n") == \
        "岚洲街道办事处"
    assert agency("根据《条例》规定,现发布《东岚区2024年政府信息公开工作年度报告》。报告中所列数据统计期限为2024年1月1日起至2024年12月31日止。\n"
                  "一、总体情况\n全区主动公开信息7593条。\n") == "东岚区人民政府"
    assert agency("根据《条例》的有关要求,现就岚勒泰地区行政公署及办公室2016年度政府信息公开工作情况报告如下。\n一、概述\n"
                  "本报告中所列资料数据的统计期限从2016年1月1日至2016年12月31日止。\n") == "岚勒泰地区行政公署"
    # a template's place printed twice is one place
    assert agency("本报告是根据《条例》要求,由北京市岚兴区北京市岚兴区发展和改革委员会编制的2010年度政府信息公开年度报告。\n") == \
        "北京市岚兴区发展和改革委员会"
    # a government office's own report ("我办…") is the office's, not the government's
    office = ("本报告中所列数据的统计期限自2013年1月1日起至12月31日止。如对本报告有任何疑问,请与岚州市人民政府办公室文电科联系"
              "(地址:岚州市永福路11号B615室,邮编:535099,电话:0777-3688001)。\n一、基本情况\n我办把政府信息公开工作列入日常工作。\n")
    assert agency(office) == "岚州市人民政府办公室"
    assert agency(office.replace("我办把", "市政府把")) == "岚州市人民政府"


def test_page_records_and_contacts_printed_without_their_labels():
    street = ("岚蜜湖街道2018年政府信息公开工作年度报告\n如对本报告有任何疑问,请联系我办政务信息公开办公室"
              "(深圳市福田区农林路1号岚蜜湖街道办事处206室,电话:83702001)。\n一、概述\n2018年,街道主动公开信息524条。\n")
    parsed = parse_file("street.txt", data=street.encode("utf-8"))
    assert parsed.contacts["address"] == "深圳市福田区农林路1号岚蜜湖街道办事处206室"
    titled = ("2017年岚海市发展和改革委员会政府信息公开年报( 2018年02月27日 )\n本年度报告由岚海市发展和改革委员会编制。"
              "全年进一步完善政府信息公开工作制度，规范信息发布流程，提升政府信息公开的质量和实效。\n")
    parsed = parse_file("dated.txt", data=titled.encode("utf-8"))
    assert parsed.contacts["published"] == "2018年02月27日"
    under = ("岚江县交通运输局2020年政府信息公开工作年度报告\n\n2021-01-22 08:37\n\n今年以来,县交通运输局认真贯彻落实《条例》,"
             "进一步完善政府信息公开工作制度，规范信息发布流程，提升政府信息公开的质量和实效。\n")
    parsed = parse_file("under.txt", data=under.encode("utf-8"))
    assert parsed.contacts["published"] == "2021-01-22" and parsed.contacts["record_lines"]["published"] == "2021-01-22 08:37"
    # each one is no count; every half month is how often
    assert not has_figure("乡分管领导亲自审定每一个对外公布信息", "件") and has_figure("受理申请一件", "件")
    assert has_figure("每半个月对应主动公开的政府信息", "频次") and not has_figure("及时公开政府信息", "频次")
    index = AgencyIndex(["东岚区人民政府"])
    assert parse_question("东岚区2024年办结了几件？还有多少转到2025年", index).years == [2024]

