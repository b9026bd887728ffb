"""What the fourteenth session's never-seen reports showed (probe sets 33-36: pages cut off
after their first 2,000 bytes, 2010-2025): a government office's template-era report cut
before its tables states the year's figures in words, and the question names the office
(市政府办公厅) where the report is filed as the government; sums and differences asked of the
figures a sentence quotes; a page's publication date beside a bare 时间. Invented reports."""

from __future__ import annotations

from eval.scoring import computed_problems
from tests.bot.test_small_prose_reports import _serving

CITY_OFFICE_2024 = (
    "岚春市人民政府2024年政府信息公开工作年度报告\n"
    "本报告由岚春市人民政府办公厅编制。本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"
    "如对本报告有疑问,请与岚春市人民政府办公厅联系(地址:岚春市人民大街1号,电话:0431-88880001)。\n"
    "一、总体情况\n(一)主动公开。2024年,通过市政府网站平台发布政府动态类信息1464条,其中文件15条,政策解读10条。\n"
    "(二)依申请公开。2024年,共受理政府信息公开申请95件,其中自然人申请89件,法人或其他组织申请6件。"
    "答复政府信息公开申请98件(含上年度转结申请8件,另有5件申请转结下年度继续办理),均按规定在法定期内予以答复。"
    "所有答复件中,予以公开7件,部分公开6件。全年涉及政府信息公开行政复议2件、行政诉讼1件。\n")

COUNTY_BUREAU_PAGE = (
    "政府信息公开\n\n岚谷县工业和信息化局2017年度政府信息公开工作年度报告\n\n"
    "索引号:20230428-172558-742 时间:2018-02-09 来源:岚谷县工业和信息化局\n\n"
    "2017年岚谷县工业和信息化局积极推进政府信息公开工作,全年公开政府信息48条。\n")


def test_a_report_cut_before_its_tables_answers_from_its_words(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("office"), office=CITY_OFFICE_2024)
    got = svc.ask("岚春市政府办公厅2024年受理了多少件政府信息公开申请？")
    assert not got["refused"] and "95件" in got["answer"], got["answer"]
    got = svc.ask("岚春市政府办公厅24年有几件申请转结到下年度继续办理？")
    assert not got["refused"] and "另有5件申请转结下年度" in got["answer"], got["answer"]
    got = svc.ask("岚春市人民政府办公厅2024年予以公开的申请有多少件？")
    assert not got["refused"] and "予以公开7件" in got["answer"], got["answer"]
    got = svc.ask("岚春市2024年涉及政府信息公开的行政复议和行政诉讼各有多少件？")
    assert "行政复议2件" in got["answer"] and "行政诉讼1件" in got["answer"], got["answer"]
    # a row the words never give is still refused, not answered with another figure
    got = svc.ask("岚春市政府办公厅2024年不予公开的有多少件？")
    assert got["refused"] or "不予公开" in got["answer"], got["answer"]


def test_a_sum_asked_of_quoted_figures_is_computed_and_cited(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("sum"), office=CITY_OFFICE_2024)
    got = svc.ask("岚春市政府办公厅2024年予以公开和部分公开的加起来一共几件？")
    assert "合计13件" in got["answer"], got["answer"]
    assert got["computed"] == [{"op": "sum", "of": [7.0, 6.0], "value": 13.0}]
    assert computed_problems(got) == []


def test_a_pages_bare_时间_beside_its_index_number_is_its_publication_date(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("page"), page=COUNTY_BUREAU_PAGE)
    got = svc.ask("岚谷县工信局2017年度信息公开年报是哪天发布的？")
    assert "2018-02-09" in got["answer"], got["answer"]
    assert any("时间:2018-02-09" in c["text"] for c in got["citations"])


DISTRICT_2023 = (
    "岚店区人民政府2023年政府信息公开工作年度报告\n"
    "本报告根据《中华人民共和国政府信息公开条例》及市政府办公厅《关于做好年度报告编制工作的通知》(岚政办〔2024〕7号)要求,"
    "由岚店区人民政府办公室编制。统计期限自2023年1月1日起至2023年12月31日止。"
    "如对本报告有任何疑问,请与岚店区人民政府办公室联系(地址:岚店区长治路1号,邮编:0300001,电话:0351-7000001)。\n"
    "一、总体情况\n(一)主动公开。门户网站和政务新媒体经常出现的两大问题:一是错字、别字等问题。二是账号更新不及时问题。\n"
    "(二)依申请公开。2023全年受理依申请公开57件,已办结52件,转下年办理5件。不予公开的1件,占1.75%。\n")


def test_a_cut_off_districts_figures_sentences_and_contacts(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("district"), district=DISTRICT_2023)
    first = svc.ask("岚店区人民政府2023年受理了多少件依申请公开？")
    got = svc.ask("那办结了多少？剩下转到下一年的有几件？", session_id=first["session_id"])
    assert "已办结52件" in got["answer"] and "转下年办理5件" in got["answer"], got["answer"]
    # a postcode printed with seven digits is quoted as printed, never cut to six
    got = svc.ask("岚店区政府年报里写的邮编是多少？")
    assert "0300001" in got["answer"] and "030000。" not in got["answer"], got["answer"]
    # the items an 一是 opens are quoted with it
    got = svc.ask("岚店区门户网站和政务新媒体经常出现哪两大问题？")
    assert "错字" in got["answer"] and "更新不及时" in got["answer"], got["answer"]
    # a document the report cites, by its number: the sentence citing it, not the report's own 文号
    got = svc.ask("岚店区这份2023年报是按照市政府办公厅哪个文件要求编的？文号是多少")
    assert "岚政办〔2024〕7号" in got["answer"], got["answer"]
    # why one request was refused: the report counts it and gives no reason
    assert svc.ask("岚店区2023年那1件不予公开的申请是因为什么不公开的？")["refused"]
    # a fee asked is never answered with a count of requests
    assert svc.ask("岚店区2023年办理信息公开申请收了多少费用？")["refused"]


TOWN_TABLE_2020 = (
    "岚珠区人民政府岚南街道办事处2020年政府信息公开工作年度报告\n"
    "本报告统计期限自2020年1月1日起至2020年12月31日止。\n一、总体情况\n"
    "我街道成立政府信息公开工作领导小组,由主要领导任组长,分管领导任常务副组长。"
    "其中,市级平台公开信息224438条,占总量的49.9%;街道网站公开信息224810条,占总量的50.1%。\n"
    "二、主动公开政府信息情况\n"
    "第二十条第(九)项\n信息内容 采购项目数量 采购总金额\n政府集中采购 1 240万元\n")


def test_a_cell_printing_its_own_unit_a_role_for_who_and_分别_quoting_both(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("town"), town=TOWN_TABLE_2020)
    got = svc.ask("岚南街道2020年政府集中采购总金额多少？")
    assert "240万元" in got["answer"] and "240元" not in got["answer"], got["answer"]
    got = svc.ask("岚南街道信息公开领导小组组长由谁担任？")
    assert "主要领导" in got["answer"], got["answer"]
    got = svc.ask("岚南街道2020年市级平台和街道网站分别公开了多少条？")
    assert "224438" in got["answer"] and "224810" in got["answer"], got["answer"]


BUREAU_2010 = (
    "本年度报告根据国、省、市政府信息公开相关规定编制。本年度报告中所列数据的统计期限自2010年1月1日起至2010年12月31日止。\n"
    "一、概述\n2010年,我局建立了《岚江县国土资源局网站信息发布制度》,政府信息公开工作取得了新的进展。"
    "我局政务信息网上公开,有专门门户网站,成为了对外发布信息的重要平台。"
    "凡没有在规定时间及时报送业务信息的股室,我们将半年一次通报。\n"
    "本报告由概述、主动公开、依申请公开、行政复议和行政诉讼情况等部分组成,统计期限为2010年全年。\n")


def test_how_often_in_words_who_said_by_由_and_an_outline_sentence_no_count(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("bureau"), bureau=BUREAU_2010)
    got = svc.ask("岚江县国土局对不按时报送信息的股室多久通报一次？")
    assert "半年一次" in got["answer"], got["answer"]
    # who publishes: the sentence saying the site exists does not say who
    assert svc.ask("岚江县国土资源局网站上的信息最后是由谁发布上去的？")["refused"]
    # the sentence listing the report's parts names 行政复议, it does not say how many
    assert svc.ask("岚江县国土资源局2010年有没有因为政府信息公开被申请行政复议？")["refused"]


def test_a_second_thing_asked_after_the_first_is_quoted_too(embedder, tmp_path_factory):
    text = ("岚林省审计厅2017年政府信息公开工作年度报告\n本报告统计期限自2017年1月1日起至2017年12月31日止。\n一、概述\n"
            "全年我厅在省政府门户网站公布政府信息64条;通过厅官方微信公众平台发布各类信息58条;"
            "通过报刊、杂志和广播电台等媒体发布各类图文信息75条。\n")
    svc = _serving(embedder, tmp_path_factory.mktemp("audit"), audit=text)
    got = svc.ask("岚林省审计厅官方微信2017年发了多少条？通过报刊广播等媒体呢？")
    assert "58条" in got["answer"] and "75条" in got["answer"], got["answer"]


# the fifteenth session's never-seen reports (probe sets 42-49): sums of channels a sentence
# lists, a statistics period asked 多久, the office and a fax printed without a colon
COUNTY_2017 = (
    "根据《中华人民共和国政府信息公开条例》以及有关规定和要求,编写岚洋县2017年度政府信息公开工作年度报告。"
    "本报告中所列数据的统计时限自2017年1月1日起至2017年12月31日止。如对报告有任何疑问,请与岚洋县政府办公室信息科联系"
    "(电话:0724-8558689,传真0724-8558690)。\n"
    "一、概述\n2017年,全县各级各部门主动公开政府信息共计14189条,其中政府网站公开5419条、政务微信公开3914条、其他方式公开4856条。"
    "因政府信息公开申请引发行政复议3宗,行政诉讼5宗。\n")


def test_sums_a_period_asked_多久_an_office_and_a_fax_of_a_cut_off_county_report(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("county"), county=COUNTY_2017)
    got = svc.ask("岚洋县2017年政府网站和政务微信加起来公开了多少条？")
    assert "9333" in got["answer"] and computed_problems(got) == [], got["answer"]
    got = svc.ask("岚洋县2017年复议加诉讼一共多少宗？")
    assert "合计8宗" in got["answer"], got["answer"]
    got = svc.ask("岚洋县2017年年报的统计期限是多久？")
    assert not got["refused"] and "2017年1月1日" in got["answer"], got["answer"]
    got = svc.ask("岚洋县政府2017年的年报有问题找哪个部门？")
    assert "信息科" in got["answer"], got["answer"]
    got = svc.ask("岚洋县政府的传真号是多少？")
    assert "0724-8558690" in got["answer"], got["answer"]


BUREAU_2011 = (
    "岚北省人民政府研究室2011年政府信息公开工作年度报告\n"
    "现将岚北省人民政府研究室2011年政府信息公开工作年度报告向社会公布。统计期限为2011年1月1日至2011年12月31日。\n"
    "一、概述\n全年通过公众诉求系统受理公众诉求3件,接受邮件、信件咨询400余件。\n"
    "在醒目位置设立了政务公开专栏,包括政府信息公开指南、政府信息公开制度等6个栏目。\n")


def test_a_count_of_something_else_is_no_count_of_requests(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("bureau"), bureau=BUREAU_2011)
    got = svc.ask("岚北省政府研究室2011年收到了多少件政府信息公开申请？")
    assert got["refused"], got["answer"]
    got = svc.ask("岚北省政府研究室2011年接受了多少邮件、信件咨询？")
    assert "400余件" in got["answer"], got["answer"]


WATER_BUREAU_2010 = (
    "岚侯县水利局2010年政府信息公开工作年度报告\n"
    "现公布岚侯县水利局2010年政府信息公开工作年度报告。统计期限为2010年1月1日至2010年12月31日。\n"
    "一、主动公开政府信息情况\n在本年度主动公开的14条政府信息中,机构职能类信息6条,占42.9%;政策法规类信息3条,占21.4%;"
    "其他类信息5条。我局配备了2名专职工作人员,并从离退休老干部、企业代表中聘请了10名监督员。\n")


def test_a_sum_whose_figures_stand_in_different_sentences_is_read_from_each(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("water"), water=WATER_BUREAU_2010)
    got = svc.ask("岚侯县水利局2010年公开的政策法规类加机构职能类信息一共多少条？")
    assert got["computed"] == [{"op": "sum", "of": [3.0, 6.0], "value": 9.0}], got["answer"]
    assert computed_problems(got) == [] and "合计9条" in got["answer"]
    first = svc.ask("岚侯县水利局有几名专职工作人员？")
    got = svc.ask("那专职人员加上监督员一共多少人？", session_id=first["session_id"])
    assert got.get("computed") and got["computed"][0]["value"] == 12.0, got["answer"]
    # an operand no label names is not guessed
    got = svc.ask("岚侯县水利局2010年政策法规类和人事任免类信息加起来多少条？")
    assert not got.get("computed"), got["answer"]


def test_a_difference_of_two_table_rows_is_computed_from_the_cells(service):
    # the bundled sample: 行政许可 753 decisions, 行政处罚 231 (its 第二十条 table)
    got = service.ask("规建交局2020年行政许可比行政处罚的处理决定多多少件？")
    assert got.get("computed") and computed_problems(got) == [], got["answer"]
    assert got["computed"] == [{"op": "difference", "of": [753.0, 231.0], "value": 522.0}]


def test_a_kind_of_applicant_the_words_do_not_name_is_not_answered_by_the_whole(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("applicants"), office=CITY_OFFICE_2024)
    got = svc.ask("岚春市政府办公厅2024年的申请里自然人申请了多少件？")
    assert not got["refused"] and "89件" in got["answer"], got["answer"]
    got = svc.ask("岚春市政府办公厅2024年受理的申请里有几件是科研机构提出的？")
    assert got["refused"], got["answer"]
