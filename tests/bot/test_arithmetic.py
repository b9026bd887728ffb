"""Sums and differences asked of the figures an answer quotes (bot/arithmetic.py)."""

from __future__ import annotations

from bot import arithmetic
from eval.scoring import computed_problems

QUOTE = ("根据《某镇人民政府2020年政府信息公开工作年度报告》：“2020年,主动公开计划总结、工作动态、文件解读信息3类46条,"
         "其中:计划总结信息1条、工作动态信息32条、文件解读信息2条、公示公告信息10条。”")


def _answer(text: str) -> dict:
    return {"answer": text, "refused": False, "citations": [{"text": text.split("：", 1)[-1]}], "kind": "prose"}


def test_a_sum_of_two_quoted_figures_is_computed_and_checkable():
    got = arithmetic.apply("某镇2020年公开的计划总结信息和文件解读信息加起来一共几条？", _answer(QUOTE), ["某镇"])
    assert got["computed"] == [{"op": "sum", "of": [1.0, 2.0], "value": 3.0}]
    assert "合计3条" in got["answer"] and got["answer"].startswith(QUOTE)
    assert computed_problems(got) == []


def test_a_difference_names_which_is_more():
    text = "根据《X》，某镇2019年相关数字的情况如下：规范性文件本年新制作数量64；规范性文件本年新公开数量24。"
    got = arithmetic.apply("某镇2019年规范性文件新公开的比新制作的少几件？", _answer(text), ["某镇"])
    assert got["computed"] == [{"op": "difference", "of": [64.0, 24.0], "value": 40.0}]
    assert "多40" in got["answer"]
    assert computed_problems(got) == []


def test_a_bracketed_list_inside_an_item_keeps_the_item_whole():
    text = ("根据《X》：“其中市政府门户网站5200条,各县(市、区)政府门户网站14541条,各部门政府网站14650条。”")
    got = arithmetic.apply("各县（市、区）政府网站和各部门政府网站，哪个公开的信息多？多多少？", _answer(text))
    assert got["computed"][0]["of"] == [14650.0, 14541.0] and "多109条" in got["answer"]


def test_nothing_is_computed_when_an_item_is_not_told_apart_or_not_asked():
    # the second item is in no label of the quote: the quote stands alone, nothing guessed
    assert "computed" not in arithmetic.apply("公众号推送的信息比主动公开的政府信息多了多少条？",
                                              _answer("根据《X》：“2019年推送信息128条。”"))
    # two labels alike (政府网站 in both): ambiguous, not guessed
    text = "根据《X》：“市政府网站5200条,区政府网站4100条。”"
    assert "computed" not in arithmetic.apply("政府网站和政务新媒体加起来一共多少条", _answer(text))
    # one figure asked: no arithmetic
    assert arithmetic.apply("一共收到多少申请", _answer(QUOTE)) == _answer(QUOTE)
    assert arithmetic.asked_op("予以公开和部分公开的加起来几件") == "sum"
    assert arithmetic.asked_op("比上一年多了多少") == "difference"


def test_a_negated_label_is_not_the_item_and_a_whole_less_a_part_is_computed():
    text = "根据《X》：“已答复119件,属于同意公开的60件,部分公开13件,不同意公开的6件,无法提供的26件。”"
    got = arithmetic.apply("龙华局2023年同意公开的申请比不同意公开的多多少件？", _answer(text), ["龙华局"])
    assert got["computed"] == [{"op": "difference", "of": [60.0, 6.0], "value": 54.0}], got["answer"]
    text = "根据《X》：“2022年,“某某发布”新浪微博转发文章18607条(含本土新闻2492条),在县政府门户网站转发文章40余篇。”"
    got = arithmetic.apply("某某发布微博22年转发的文章里，不算本土新闻的有多少条？", _answer(text), ["某某"])
    assert got["computed"] == [{"op": "difference", "of": [18607.0, 2492.0], "value": 16115.0}]
    assert "16115条" in got["answer"] and computed_problems(got) == []


def test_quoted_names_and_a_count_of_kinds_name_the_items():
    text = "根据《X》：“其中,“机构领导”1条,“产业融合”19条,“应用推广”23条,“对外交流”31条。”"
    got = arithmetic.apply("“产业融合”和“应用推广”两类信息加起来多少条？", _answer(text))
    assert got["computed"] == [{"op": "sum", "of": [19.0, 23.0], "value": 42.0}]


def test_more_asked_after_a_verb_and_a_count_of_items_before_the_sum_word():
    text = "根据《X》：“其中通过政府网站公开33条,公示栏181条,公众号120条。”"
    got = arithmetic.apply("岚王镇2023年公示栏比政府网站多公开了多少条信息？", _answer(text), ["岚王镇"])
    assert got["computed"] == [{"op": "difference", "of": [181.0, 33.0], "value": 148.0}]
    text = "根据《X》：“其中政策文件类的信息113条,工作信息481条,人事信息23条。”"
    got = arithmetic.apply("岚浦镇2016年政策文件类和人事信息各公开多少条？两项加起来多少？", _answer(text), ["岚浦镇"])
    assert got["computed"] == [{"op": "sum", "of": [113.0, 23.0], "value": 136.0}]


def test_the_part_not_taken_away_is_the_whole_less_it():
    text = "根据《X》：“今年共清理行政审批事项14项,其中取消4项,调整10项。”"
    got = arithmetic.apply("岚行区2017年清理的行政审批事项里，没被取消的有几项？", _answer(text), ["岚行区"])
    assert got["computed"] == [{"op": "difference", "of": [14.0, 4.0], "value": 10.0}]


def test_a_share_printed_beside_a_count_is_no_operand():
    text = "根据《X》：“规划计划类10条,规划计划类比例0.7%;行政职责类44条,行政职责类比例3.3%;”"
    got = arithmetic.apply("某委2020年规划计划类和行政职责类信息加起来多少条？", _answer(text), ["某委"])
    assert got["computed"] == [{"op": "sum", "of": [10.0, 44.0], "value": 54.0}]


def test_比_parts_a_difference_whatever_joins_each_side_holds():
    text = "根据《X》：“社会救助和社会福利栏目发布信息323条,教育信息栏目发布信息139条。”"
    got = arithmetic.apply("某区2023年社会救助和社会福利栏目比教育信息栏目多发了多少条？", _answer(text), ["某区"])
    assert got["computed"] == [{"op": "difference", "of": [323.0, 139.0], "value": 184.0}]
    text = "根据《X》：“其中新闻报道14条,财务及其他信息4条。”"
    got = arithmetic.apply("某镇21年网站公开的信息里新闻报道比财务及其他信息多几条？", _answer(text), ["某镇"])
    assert got["computed"][0]["value"] == 10.0


def test_how_a_request_came_is_read_without_the_verb_every_request_shares():
    text = "根据《X》：“共收到依申请公开政府信息78件,其中依申请公开平台36件、邮寄15件、当面申请27件。”"
    got = arithmetic.apply("某区2023年邮寄和当面提交的信息公开申请一共多少件？", _answer(text), ["某区"])
    assert got["computed"] == [{"op": "sum", "of": [15.0, 27.0], "value": 42.0}]


def test_every_item_of_one_list_is_summed_unless_a_total_is_printed():
    text = "根据《X》：“通过子站,主动公开预算决算3条、政策文件28条、部门文件31条、其他信息26条。”"
    got = arithmetic.apply("某局23年各类信息加起来一共多少条？", _answer(text), ["某局"])
    assert got["computed"] == [{"op": "sum", "of": [3.0, 28.0, 31.0, 26.0], "value": 88.0}]
    assert computed_problems(got) == []
    printed = "根据《X》：“共公开信息88条,其中预算决算3条、政策文件28条、部门文件31条、其他信息26条。”"
    assert "computed" not in arithmetic.apply("某局23年各类信息加起来一共多少条？", _answer(printed), ["某局"])


def test_a_sentence_opening_without_a_figure_names_its_first_figure():
    text = ("根据《某旗人民政府2021年政府信息公开工作年度报告》：“一是旗政府网站方面,年内共发布各类信息2968条,其中政务要闻415条。"
            "二是旗蒙文网站方面,年内发布各类信息854条,其中新闻类信息520条。”")
    got = arithmetic.apply("某旗2021年旗政府网站比蒙文网站多发了多少条信息?", _answer(text), ["某旗"])
    assert got["computed"] == [{"op": "difference", "of": [2968.0, 854.0], "value": 2114.0}]
    # the parts after 其中 keep their own labels
    labels = [label for label, *_ in arithmetic.labelled_figures(text.split("：", 1)[1])]
    assert labels[1] == "其中政务要闻" and labels[0].startswith("“一是旗政府网站方面")


def test_a_comparison_asked_in_two_breaths_is_one_comparison():
    text = "根据《X》：“行政许可处理决定数量1240件；行政处罚处理决定数量191件”"
    got = arithmetic.apply("那行政许可呢？比行政处罚多多少？", _answer(text))
    assert got["computed"] == [{"op": "difference", "of": [1240.0, 191.0], "value": 1049.0}]


def test_a_sum_asked_as_加一起_is_a_sum():
    text = "根据《X》：“其中,镇街动态59条,会议公开36条,本级文件4条。”"
    got = arithmetic.apply("石莲子镇2021年镇街动态和会议公开加一起几条？", _answer(text), ["石莲子镇"])
    assert got["computed"] == [{"op": "sum", "of": [59.0, 36.0], "value": 95.0}]


def test_which_is_more_is_told_by_the_difference_and_信息_names_no_item():
    text = "根据《X》：“发布三大攻坚战信息1358条;发布公共监管信息833条;”"
    got = arithmetic.apply("某县2020年三大攻坚战信息和公共监管信息，哪个发得多？", _answer(text), ["某县"])
    assert got["computed"] == [{"op": "difference", "of": [1358.0, 833.0], "value": 525.0}]
    text = "根据《X》：“区政府信息公开财政信息中年度财政预算2篇以及决算1篇。”"
    got = arithmetic.apply("某局2022年财政预算和决算信息一共公开了几篇？", _answer(text), ["某局"])
    assert got["computed"] == [{"op": "sum", "of": [2.0, 1.0], "value": 3.0}]
    # a which-question about one thing is no comparison
    assert arithmetic.asked_op("某县2020年哪个栏目发得多？") is None


def test_a_count_of_小项_is_a_count_of_items():
    text = "根据《X》：“社会救助领域22小项录入;就业领域24小项录入;”"
    got = arithmetic.apply("那社会救助和就业两个领域加起来多少小项?", _answer(text))
    assert got["computed"] == [{"op": "sum", "of": [22.0, 24.0], "value": 46.0}]


def test_a_label_printed_after_its_figure_is_the_figures_label():
    from bot.arithmetic import labelled_figures

    found = labelled_figures("收到申请16件,已全部办结,其中2件予以公开,4件部分公开,8件在本单位未查询到相关信息无法提供。")
    assert [(label, value) for label, value, _, _ in found] == [("收到申请", 16), ("予以公开", 2), ("部分公开", 4)]


def test_items_the_questions_和_split_are_one_label_when_the_text_prints_them_so():
    from bot.arithmetic import joined_labels

    text = "决策公开25条、执行和结果公开34条、管理和服务公开70条"
    assert joined_labels(["决策公开", "执行", "结果公开"], text) == ["决策公开", "执行和结果公开"]
    assert joined_labels(["决策公开", "管理"], text) == ["决策公开", "管理"]
    out = arithmetic.apply("决策公开加上执行和结果公开一共多少条", {"answer": "根据报告：“" + text + "”", "refused": False, "citations": []})
    assert out["computed"][0]["value"] == 59


def test_two_equal_figures_are_said_to_be_equal():
    out = arithmetic.apply("组织机构类和部门文件类信息哪个多", {"answer": "根据报告：“组织机构类信息5条;街道动态类信息19条;部门文件类信息5条。”",
                                                "refused": False, "citations": []})
    assert out["computed"][0]["value"] == 0 and "一样多" in out["answer"] and "多0" not in out["answer"]


def test_people_counted_before_their_kind_are_told_apart():
    out = arithmetic.apply("蓝山县政府2010年搞信息公开的全职加兼职一共多少人？",
                           {"answer": "根据报告：“专门配备了5名全职工作人员、71名兼职工作人员,设立了1个专门的信息申请受理点。”",
                            "refused": False, "citations": []}, ["蓝山县政府"])
    assert out["computed"][0]["value"] == 76
    out = arithmetic.apply("2014年进贤县信息公开兼职比专职多几个人？",
                           {"answer": "根据报告：“配备政府信息公开工作人员176人,其中专职66人,兼职110人。”", "refused": False,
                            "citations": []}, ["进贤县"])
    assert out["computed"][0]["value"] == 44


def test_staff_asked_as_人员_meet_a_count_of_people():
    from bot.answer import present

    assert present("专职人员", "其中专职66人,兼职110人") and not present("专职人员", "其中兼职110人")
