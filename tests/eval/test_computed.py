"""The eval's check that every computed figure is the arithmetic of cited figures."""

from eval.scoring import computed_problems


def _answer(text, computed, cited):
    return {"answer": text, "computed": computed, "citations": [{"text": t} for t in cited]}


def test_a_sum_of_cited_cells_passes():
    got = _answer("合计116件：2023年21件；2024年95件。", [{"op": "sum", "value": 116, "of": [21, 95]}],
                  ["本年新收 总计 21", "本年新收 总计 95"])
    assert computed_problems(got) == []


def test_a_wrong_sum_an_uncited_part_and_an_unshown_value_are_caught():
    got = _answer("合计117件", [{"op": "sum", "value": 117, "of": [21, 95]}], ["总计 21"])
    problems = computed_problems(got)
    assert any("is 116" in p for p in problems)
    assert any("95 is in no citation" in p for p in problems)
    assert computed_problems(_answer("合计", [{"op": "sum", "value": 116, "of": [21, 95]}],
                                     ["21", "95"])) == ["sum 116 is not in the answer's text"]


def test_shares_differences_and_ranks():
    assert computed_problems(_answer("占95件的52.63%", [{"op": "share", "value": 52.63, "of": [50, 95]}],
                                     ["予以公开 50", "新收 95"])) == []
    assert computed_problems(_answer("减少185.28万元", [{"op": "difference", "value": -185.28, "of": [7545, 7730.28]}],
                                     ["7545", "7730.28"])) == []
    assert computed_problems(_answer("最多的是甲，3119件", [{"op": "max", "value": 357, "of": [3119, 357]}],
                                     ["3119", "357"]))


def test_a_sum_of_two_cells_feeds_a_share():
    got = _answer("予以公开、部分公开（各项相加）208件，占1191件的17.46%",
                  [{"op": "sum", "value": 208, "of": [206, 2]}, {"op": "share", "value": 17.46, "of": [208, 1191]}],
                  ["予以公开 206", "部分公开 2", "总计 1191"])
    assert computed_problems(got) == []
    got["computed"][0]["value"] = 207
    assert computed_problems(got)
