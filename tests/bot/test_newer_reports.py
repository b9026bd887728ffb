"""What the twelfth session's never-seen reports showed (probe set 22: a zone's 2023-2025
crawler pages, some on the 2025 form with its own 信息处理费 section): a short name in
another order than the name's words, a fax apart from the phone, the fee section and its
table printed as one line, the prose year after a glued table, a total its own row
contradicts, and a follow-up asking how the requests ended. Invented reports."""

from __future__ import annotations

from bot.answer import content_terms, has_figure
from bot.understand import AgencyIndex, parse_question
from ingest.flat_tables import unflatten
from ingest.parser import classify_heading, find_contacts, parse_file
from tests.bot.test_conversations import _talk as _chat
from tests.bot.test_small_prose_reports import _serving

_INTRO = ("根据《中华人民共和国政府信息公开条例》，编制本报告。如对本报告有任何疑问，请与岚岛综合实验区{office}办公室联系"
          "（地址：岚岛综合实验区海滨路1号；电话：0591-23100001；传真：0591-23100002）。")
_TABLES = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件000"
           "第二十条第（五）项信息内容本年处理决定数量行政许可12第二十条第（六）项信息内容本年处理决定数量行政处罚3行政强制0"
           "三、收到和处理政府信息公开申请情况申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计"
           "一、本年新收政府信息公开申请数量{new}二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开{granted}"
           "（七）总计{granted}四、结转下年度继续办理{forward}"
           "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
           "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计000000000000000")

# the 2025 form: a section of its own on 信息处理费, glued after the appeals' digits; problems become 六
TOURISM_2025 = (
    "岚岛综合实验区旅游与文化体育局2025年度政府信息公开工作年度报告\n"
    + _INTRO.format(office="旅游与文化体育局")
    + "一、总体情况2025年，我局主动公开政府信息23条，其中行政许可类信息8条。共受理政府信息公开申请2件。"
    + _TABLES.format(new="2000002", granted="2000002", forward="0000000")
    + "五、信息处理费收取情况通知收取件数通知收取金额（元）实际收取金额（元）000"
    "六、存在的主要问题及改进措施2025年，我局政府信息公开工作仍存在部分栏目更新不够及时的问题。\n")

# a total its own row contradicts (5 + 1 printed as 0), the prose saying 6; a carried-over
# row glued to the year that begins the prose after the table
AREA_2024 = (
    "岚岛综合实验区海滨片区管理局2024年政府信息公开工作年度报告\n"
    + _INTRO.format(office="海滨片区管理局")
    + "一、总体情况2024年，我局共受理政府信息公开申请6件，均已按时办结。"
    + _TABLES.format(new="5100000", granted="5100006", forward="2000002")
    + "2024年，我局将进一步做好政府信息公开工作。五、存在的主要问题及改进情况公开栏目更新不够及时。\n")


def test_a_short_name_in_another_order_than_the_names_words_finds_the_agency():
    index = AgencyIndex(["岚岛综合实验区旅游与文化体育局", "岚岛综合实验区经济发展局", "岚岛综合实验区农业农村局"])
    for question in ("岚岛文旅局2025年收到几件申请", "文旅局主动公开了多少条", "旅文体局电话多少"):
        assert parse_question(question, index).agencies == ["岚岛综合实验区旅游与文化体育局"], question
    # characters two agencies' words both give name neither
    two = AgencyIndex(["岚岛综合实验区旅游与文化体育局", "岚岛综合实验区文化体育与旅游局"])
    assert two.resolve_reordered("文旅局2025年收到几件申请") == []
    # a name of two words is not shuffled (发经局 is no one's)
    assert index.resolve_reordered("发经局2025年收到几件申请") == []
    # the agency's short name is no word a passage must hold; nor is 有没有
    assert content_terms("文旅局有没有收信息处理费", [], ["岚岛综合实验区旅游与文化体育局"]) == ["信息处理"]


def test_a_fax_is_its_own_contact_and_no_phone_to_call():
    got = find_contacts("请与办公室联系（电话：0591-23100001；传真：0591—23100002）。")
    assert got["phone"] == ["0591-23100001"] and got["fax"] == ["0591-23100002"]
    # one number printed for both is both
    both = find_contacts("联系电话/传真：0591-23100003。")
    assert both["phone"] == ["0591-23100003"] and both["fax"] == ["0591-23100003"]


def test_the_fee_section_of_the_2025_form_is_read_and_answered(embedder, tmp_path_factory):
    assert classify_heading("五、信息处理费收取情况") == 6
    parsed = parse_file("2025_tourism.txt", data=TOURISM_2025.encode("utf-8"))
    headings = [s.heading for s in parsed.sections]
    assert "五、信息处理费收取情况" in headings and "六、存在的主要问题及改进措施" in headings, headings
    # the unit printed in a column's label counts as the figure's unit
    assert has_figure("实际收取金额（元）000", "元") and not has_figure("实际收取金额（元）", "元")
    svc = _serving(embedder, tmp_path_factory.mktemp("fees2025"), tourism=TOURISM_2025)
    for question in ("岚岛文旅局2025年收没收信息处理费", "文旅局2025年信息处理费实际收了多少钱"):
        got = svc.ask(question)
        # read as its cells beside their labels, the row as printed after them
        assert not got["refused"] and "实际收取金额（元） 0" in got["answer"], (question, got["answer"])
        assert "实际收取金额（元）000" in got["answer"], (question, got["answer"])
    got = svc.ask("岚岛文旅局2025年传真号是多少")
    assert "0591-23100002" in got["answer"] and "0591-23100001" not in got["answer"], got["answer"]


def test_the_year_that_begins_the_prose_is_no_cell_of_the_row_before():
    lines, notes, _ = unflatten([AREA_2024.split("\n")[1]], "2021")
    assert "结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |" in lines, [l for l in lines if "结转" in l]


def test_a_total_its_row_contradicts_is_given_with_the_rows_sum_and_the_prose(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("contradicted"), area=AREA_2024)
    got = svc.ask("海滨片区24年受理了几件信息公开申请？")
    assert "总计栏为0" in got["answer"] and "各栏相加为6" in got["answer"], got["answer"]
    assert "受理政府信息公开申请6件" in got["answer"]
    assert any("共受理政府信息公开申请6件" in c["text"] for c in got["citations"]), got["citations"]
    # "最后怎么答复的": how the requests just counted ended, not a sentence holding 最后
    _, ended = _chat(svc, "海滨片区24年受理了几件信息公开申请？", "最后怎么答复的？")
    assert "予以公开" in ended["answer"], ended["answer"]


# a county bureau's 2011 page (probe set 24's kind): the title's words turned round, a breadcrumb
# naming the column's agency, a signature in Chinese numerals before an attached statistics
# table whose two figure columns are the year and the running total
COUNTY_2011 = (
    "标题: 岚岛县人防办2011年度政府信息工作公开年度报告\n发布时间: 2012-05-11 17:32\n发布机构: \n"
    "==================== 正文 ====================\n"
    "当前位置： 首页政务公开政府信息公开岚岛综合实验区交通与建设局政府信息公开年报 岚岛县人防办2011年度政府信息工作公开年度报告 "
    "根据《中华人民共和国政府信息公开条例》，我办2011年度政府信息公开工作年度报告由五部分组成。"
    "一、概述 2011年，我办认真贯彻《条例》。二、主动公开政府信息情况 一是在办公楼设立政府信息公开栏。"
    "二是通过岚岛县政府门户网站进行公开。2011年我办主动公开信息总数为15条。三、依申请公开政府信息情况 2011年度，我办没有收到信息公开申请。"
    "四、收费及减免情况 无收费及减免情况。五、存在的主要问题及改进措施 公开信息查阅场所没有单独设立。 "
    "岚岛县人防办 二○一二年五月十一日 附表： 指标名称 计量单位 2011年度 历年累计 主动公开信息数 条 15 150 "
    "其中：1.网站公开 条 15 150 受理依申请公开信息总数 条 0 0 行政复议数 件 0 0 行政诉讼数 件 0 0 行政申诉、举报数 件 0 0 附件下载\n")


def test_a_county_page_keeps_its_own_name_and_its_signature_before_an_attached_table(embedder, tmp_path_factory):
    parsed = parse_file("county.txt", data=COUNTY_2011.encode("utf-8"))
    assert parsed.report_id == "2011-岚岛县人防办", parsed.report_id
    assert parsed.contacts.get("signed_on") == "二○一二年五月十一日"
    svc = _serving(embedder, tmp_path_factory.mktemp("county"), county=COUNTY_2011)
    got = svc.ask("岚岛县人防办这份年报是哪天签发的")
    assert "二○一二年五月十一日" in got["answer"], got["answer"]
    got = svc.ask("岚岛县人防办2011年信息公开收过费没有")
    assert "无收费及减免情况" in got["answer"], got["answer"]
    got = svc.ask("岚岛县人防办在哪些地方公开信息")
    assert "公开栏" in got["answer"] or "门户网站" in got["answer"], got["answer"]
    # the running total is read from the attached table, quoted with its head row
    _, total = _chat(svc, "岚岛县人防办2011年主动公开了多少条信息", "历年累计一共公开了多少")
    assert "历年累计" in total["answer"] and "主动公开信息数 条 15 150" in total["answer"], total["answer"]
    got = svc.ask("岚岛县人防办统计表里行政申诉、举报数是多少")
    assert not got["refused"] and "行政申诉、举报数 件 0 0" in got["answer"], got["answer"]


def test_a_document_number_and_a_date_glued_to_the_signature_are_read():
    page = ("标题: 岚岛综合实验区经济发展局2019年政府信息公开工作年度报告\n发布时间: 2020-01-02 12:42\n文号: \n"
            "==================== 正文 ====================\n"
            "相关链接： 岚经发〔2020〕2号 岚岛综合实验区经济发展局 2019年政府信息公开工作年度报告 "
            "根据《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号要求，编制本报告。一、总体情况 2019年，我局主动公开政府信息437条。"
            "岚岛综合实验区经济发展局二0二0年一月二日\n")
    parsed = parse_file("econ.txt", data=page.encode("utf-8"))
    # the number printed above the title, not one cited inside a sentence
    assert parsed.contacts.get("doc_no") == "岚经发〔2020〕2号"
    assert parsed.contacts.get("signed_on") == "二0二0年一月二日"


def test_the_years_figure_inside_a_running_total_and_rows_named_by_their_number(embedder, tmp_path_factory):
    police = ("岚岛综合实验区公安局2019年政府信息公开工作年度报告\n一、总体情况\n"
              "截至目前，我局在门户网站累计主动公开政府信息1770条，其中2019年度我局共主动公开政府信息202条，比升11.6%。"
              "2019年，未收到公民提出的公开政府信息申请。公开信息查阅场所没有单独设立，合并于局办公室。\n")
    svc = _serving(embedder, tmp_path_factory.mktemp("police2019"), police=police, area=AREA_2024)
    got = svc.ask("岚岛公安局2019年主动公开了多少条政府信息")
    assert "202条" in got["answer"], got["answer"]
    got = svc.ask("想现场查阅岚岛公安局的政府信息要去哪")
    assert "合并于局办公室" in got["answer"], got["answer"]
    # staff name table 三's rows by their printed number
    got = svc.ask("海滨片区2024年表三（七）总计一栏总计多少")
    assert "办理结果总计" in got["answer"] and "6件" in got["answer"], got["answer"]


def test_how_many_people_and_the_whole_count_over_its_kinds(embedder, tmp_path_factory):
    from bot.answer import asked_unit

    assert asked_unit("社会事业局有几个人做政府信息公开") == "人"
    area = ("岚岛综合实验区海滨片区管理局2020年政府信息公开工作年度报告\n一、总体情况\n"
            "法律、法规、规章和国家有关规定应当主动公开的其他政府信息2条；其他应主动公开的政府信息194条。\n"
            "（一）主动公开情况2020年，我局共公开政府信息254条，信息类别包括规范性文件1条；财政预算、决算信息4条。\n"
            "局办公室共有2名人员兼职从事政府信息公开工作。\n")
    svc = _serving(embedder, tmp_path_factory.mktemp("whole"), area=area)
    got = svc.ask("海滨片区2020年一共公开了多少条政府信息")
    assert "254条" in got["answer"], got["answer"]
    got = svc.ask("海滨片区有几个人做政府信息公开")
    assert "2名人员" in got["answer"], got["answer"]
