"""A question's words meet the words reports use: money (花了多少钱 → 费用), channels (网上 → 网络)."""

from bot.answer import asked_unit, content_terms, has_figure, present


def test_spending_questions_ask_for_an_amount():
    for q in ("在信息公开上花了多少钱", "信息公开费用是多少", "支出多少", "经费有多少"):
        assert asked_unit(q) == "元", q
    assert asked_unit("收到多少件申请") == "件"


def test_the_money_asked_is_one_term_the_report_words_answer():
    terms = content_terms("平潭地税局2013年在信息公开上花了多少钱", ["平潭", "地税局"])
    assert terms == ["花费"]
    assert present("花费", "产生的政府信息公开费用1万元")
    assert not present("花费", "收到政府信息公开申请3件")


def test_an_amount_in_ten_thousands_is_an_amount():
    assert has_figure("政府信息公开费用1万元", "元")
    assert not has_figure("新增主动公开政府信息45条", "元")


def test_how_a_request_was_made_meets_the_reports_words():
    text = "全年我局共收到政府信息公开申请5件，其中网络申请2件，信函申请3件。"
    assert present("网上", text) and present("信函", text)
    assert not present("当面", text)
    assert present("当面", "现场申请1件")


def test_the_public_as_citizens_say_it():
    text = "公众查阅点指定区行政服务中心、县档案馆、县图书馆为全区政府公开信息公众查阅场所"
    assert present("老百姓", text) and present("查看", text)
    assert not present("老百姓", "本机关办公地址：金井湾商务营运中心")


def test_the_public_does_not_narrow_a_figure():
    from bot.understand import unexplained_terms

    # "被老百姓起诉过": the table's 行政诉讼 count, not a figure by who sued
    assert unexplained_terms(["老百姓", "起诉"]) == []


def test_a_no_from_zero_cells_is_echoed_in_the_reports_own_words():
    from bot.answer import negation_echo
    from ingest.report import ParsedReport, Section

    para = "本年度未收到因政府信息公开提出的行政复议、行政诉讼的申请。"
    r = ParsedReport(report_id="2020-甲局", agency="甲局", year=2020, template="2019", title="甲局年报",
                     sections=[Section(heading="四、行政复议、行政诉讼情况", number=4, paragraphs=[para])])
    echo = negation_echo(r, ["appeals.review.total", "appeals.litigation_direct.total"])
    assert echo and "未收到因政府信息公开" in echo["text"]
    r.sections[0].paragraphs = ["本年度收到行政复议申请2件。"]
    assert negation_echo(r, ["appeals.review.total"]) is None


def test_no_appeal_caused_by_requests_is_no_statement_that_there_were_no_requests():
    from bot.answer import states_row
    assert not states_row("：“全年未发生因依申请公开引发的行政复议或行政诉讼案件。”", ["requests.new"])
    assert states_row("：“2017年度我镇没有接到群众要求公开政府信息的申请。”", ["requests.new"])
    assert states_row("：“未发生因政府信息公开引起的行政复议。”", ["appeals.review"])


def test_追责_is_printed_as_责任追究():
    from bot.answer import present
    assert present("追责", "本年度,未出现因信息公开引发的责任追究情况") and not present("追责", "本年度公开信息6条")


def test_how_work_is_pushed_meets_the_reports_words():
    text = "通过加强日常督查与年终考核,不断深入推进我市政府信息公开各项工作。"
    assert content_terms("海口2015年靠什么手段推动各单位做信息公开？", ["海口"], ["海口市人民政府"]) == ["手段", "推动"]
    assert present("推动", text) and present("手段", text)
    assert not present("推动", "全年收到政府信息公开申请3件。")


def test_a_verb_glued_before_the_agency_is_asked_a_place_is_not():
    street = ["广州市白云区人民政府棠景街道办事处"]
    assert "投诉" in content_terms("想投诉棠景街道的信息公开工作，有什么渠道？", ["棠景街道"], street)
    assert content_terms("白云棠景街道电话", ["棠景街道"], street) == ["电话"]
    # a province before a district, in no word of its full name, qualifies it all the same
    assert content_terms("江苏海门区政府电话", ["海门区"], ["南通市海门区人民政府"]) == ["电话"]


def test_where_to_go_and_what_rules_are_asked_in_the_reports_words():
    assert content_terms("想去南昌县环保局现场查阅政府信息，应该去哪个地方？", ["南昌县环保局"], ["南昌县环保局"]) == ["现场", "查阅"]
    assert present("法规", "根据《中华人民共和国政府信息公开条例》和《安徽省政府信息公开办法》")
    assert not present("法规", "全年主动公开政府信息45条")


def test_a_deputy_is_not_the_post_asked_and_staff_meet_专职_兼职():
    assert not present("组长", "副组长:潘瑞玲") and present("组长", "组长:张念田;副组长:潘瑞玲")
    assert present("副组长", "副组长:潘瑞玲")
    assert present("工作人员", "配备1名专职人员、1名兼职人员")


def test_a_kind_of_information_on_procurement_is_no_procurement_row():
    from bot.understand import AgencyIndex, parse_question

    index = AgencyIndex(["西安市临潼区人民政府办公室"])
    assert "proactive.procurement" not in parse_question("临潼区政府办公室2025年政府采购类信息公开了多少条？", index).keys
    assert "proactive.procurement" in parse_question("临潼区政府办公室2025年政府集中采购项目有几个？", index).keys


def test_a_request_withdrawn_meets_撤销():
    assert present("撤回", "申请人主动撤销2件") and not present("撤回", "收到政府信息公开申请16件")
