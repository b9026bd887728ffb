"""The referee itself: cases that must pass and must fail."""

from eval.scoring import answer_correct, citation_correct, contains, retrieval_rank

GOLD = {"question": "q", "reports": ["2023-A"], "expect_all": ["26"], "expect_any": [],
        "evidence": ["本年新收", "26"], "refuse": False}
CITE_OK = [{"report_id": "2023-A", "text": "本年新收政府信息公开申请数量 · 自然人 26；总计 26"}]


def test_right_number_right_citation():
    got = {"answer": "共新收申请26件。", "refused": False, "citations": CITE_OK}
    assert answer_correct(GOLD, got) and citation_correct(GOLD, got)


def test_wrong_number_fails():
    assert not answer_correct(GOLD, {"answer": "共新收申请25件。", "refused": False, "citations": CITE_OK})


def test_26_is_not_260_nor_2_6_nor_126():
    for text in ("共260件", "共126件", "约2.6万", "26.5件"):
        assert not contains(text, "26"), text
    assert contains("共 26 件", "26") and contains("26。", "26")


def test_right_number_wrong_citation():
    got = {"answer": "26件", "refused": False,
           "citations": [{"report_id": "2023-A", "text": "行政复议 · 总计 26"}]}
    assert answer_correct(GOLD, got) and citation_correct(GOLD, got) is False
    other_report = {"answer": "26件", "refused": False, "citations": [{**CITE_OK[0], "report_id": "2024-B"}]}
    assert citation_correct(GOLD, other_report) is False


def test_refusal_where_an_answer_was_due_and_the_reverse():
    assert not answer_correct(GOLD, {"answer": "无法回答", "refused": True, "citations": []})
    must_refuse = {**GOLD, "refuse": True, "expect_all": []}
    assert not answer_correct(must_refuse, {"answer": "26件", "refused": False, "citations": CITE_OK})
    assert answer_correct(must_refuse, {"answer": "报告中没有", "refused": True, "citations": []})


def test_retrieval_rank():
    hits = [{"report_id": "2023-A", "text": "无关"}, CITE_OK[0]]
    assert retrieval_rank(GOLD, hits) == 2
    assert retrieval_rank(GOLD, [{"report_id": "2023-A", "text": "无关"}]) == 0


def test_a_number_in_a_row_printed_with_spaces_is_found():
    row = "（原表此行：72 64 178 37 351 13 4 8 1 26 12 1 1 6 20）"
    assert contains(row, "351") and contains(row, "20") and not contains(row, "35")
    assert contains("共 7 545 万元", "7545")  # spaces inside one number still read as one


def test_evidence_copied_with_table_rules_matches_the_row_printed_without_them():
    row = "行政复议 · 结果维持 72；结果纠正 64（原表此行：72 64 178 37 351）"
    assert contains(row, "72 | 64 | 178 | 37 | 351") and contains(row, "| 72 ｜ 64 |")
    assert not contains(row, "72 | 65 | 178") and not contains(row, "2 | 64") and not contains(row, "| 7264 |")
    assert contains("行政规范性文件 0 5 5", "| 行政规范性文件 | 0 | 5 | 5 |")


def test_cells_copied_with_spaces_are_a_row_not_one_number():
    from eval.scoring import contains

    printed = "行政复议 · 结果维持 0；结果纠正 1（原表此行：0 1 1 0 2 1 0 0 0 1 0 0 0 0 0）"
    assert contains(printed, "0 1 1 0 2")
    assert not contains(printed, "1 1 1 0 2")
    assert contains("a row 37 351 13", "37 351")
    assert not contains("a row 37 3510 13", "37 351")


def test_a_report_id_in_traditional_characters_is_the_same_report():
    from eval.scoring import citation_correct

    gold = {"reports": ["2020-開平市農業農村局"], "evidence": ["529300"]}
    got = {"citations": [{"report_id": "2020-开平市农业农村局", "text": "邮编：529300"}]}
    assert citation_correct(gold, got) is True
    assert citation_correct(gold, {"citations": [{"report_id": "2020-开平市财政局", "text": "邮编：529300"}]}) is False
