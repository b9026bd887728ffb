"""The report's own outline asked about (bot/outline.py): how many parts it has, what
its fifth part is, which part holds the problems; and the sentence stating the outline
never passed off as the answer to a question about one of those parts. Invented reports."""

from __future__ import annotations

from bot.outline import ASKS_OUTLINE, only_outline, outline_sentence, printed_headings
from ingest.parser import parse_file
from tests.bot.test_newer_reports import TOURISM_2025
from tests.bot.test_small_prose_reports import _serving

# a report cut off after its first part (a page's excerpt): the outline sentence names a
# problems part the text no longer holds
CUT_OFF = (
    "岚岛区司法局2020年政府信息公开工作年度报告\n"
    "本年报根据《中华人民共和国政府信息公开条例》要求编制,报告全文由“总体情况”、“主动公开政府信息情况”、"
    "“收到和处理政府信息公开申请情况”、“政府信息公开行政复议、行政诉讼情况”、“存在的主要问题及改进情况”、"
    "“其他需要报告的事项”六个部分组成。本报告中所列数据的统计时限为2020年1月1日至2020年12月31日。"
    "如对本报告有疑问,请与岚岛区司法局办公室联系(地址:岚岛区滨湖路1号,电话:0592-6500001)。\n"
    "一、总体情况\n2020年,我局累计制作政府信息20条,主动公开20条。\n")


def test_questions_about_the_outline_are_told_from_questions_naming_a_part_in_passing():
    for question in ("年报分成几个部分？", "这份年报由哪几部分组成", "年报包括哪些内容", "第五部分讲的是什么",
                     "问题和改进放在第几部分"):
        assert ASKS_OUTLINE.search(question), question
    for question in ("年报第三部分文字说收到0条申请，表三本年新收总计写的多少", "主动公开的信息包括哪些",
                     "存在哪些主要问题"):
        assert not ASKS_OUTLINE.search(question), question
    assert outline_sentence("全文包括概述、主动公开政府信息情况,并附相关统计附表。内容涵盖2011年。") == \
        "全文包括概述、主动公开政府信息情况,并附相关统计附表。"
    assert outline_sentence("2020年,我局累计制作政府信息20条。") == ""
    # a sentence listing the parts says nothing else, even citing a document's number; one that also
    # gives the statistics period says more
    assert only_outline("本年度报告根据《通知》（国办公开办函〔2021〕30号）的要求编制，全文包括总体情况、主动公开政府信息情况、"
                        "存在的主要问题及改进情况，以及其他需要报告的事项。")
    assert not only_outline("本年度报告全文包括:总体情况、主动公开政府信息情况、存在的主要问题及改进情况、其他需要报告的事项,"
                            "所列数据统计期限为2025年1月1日至2025年12月31日。")


def test_the_parts_are_counted_as_the_report_states_and_as_its_headings_print(embedder, tmp_path_factory):
    parsed = parse_file("2025_tourism.txt", data=TOURISM_2025.encode("utf-8"))
    numbers = [n for n, _ in printed_headings(parsed)]
    assert numbers == sorted(numbers) and 5 in numbers and 6 in numbers, printed_headings(parsed)
    svc = _serving(embedder, tmp_path_factory.mktemp("outline"), tourism=TOURISM_2025, justice=CUT_OFF)
    got = svc.ask("岚岛文旅局2025年这份年报第五部分讲的是什么？问题和改进放在第几部分？")
    assert "五、信息处理费收取情况" in got["answer"] and "第六部分" in got["answer"], got["answer"]
    assert any("五、信息处理费收取情况" in c["text"] for c in got["citations"])
    got = svc.ask("岚岛区司法局2020年年报分成几个部分？")
    assert not got["refused"] and "六个部分组成" in got["answer"], got["answer"]
    assert any("六个部分组成" in c["text"] for c in got["citations"])
    # the outline names 存在的主要问题 as a part; it states no problem, and the text holding them is cut off
    got = svc.ask("岚岛区司法局信息公开工作存在哪些主要问题，打算怎么改进？")
    assert got["refused"], got["answer"]


def test_what_the_report_wrote_asks_its_outline():
    from bot.outline import ASKS_OUTLINE

    assert ASKS_OUTLINE.search("海口市2015年报都写了哪些内容？")
    assert ASKS_OUTLINE.search("报告讲了什么内容")
    assert not ASKS_OUTLINE.search("报告里写了哪些问题")


def test_几大部分_asks_the_outline():
    from bot.outline import ASKS_OUTLINE

    assert ASKS_OUTLINE.search("广西壮族自治区人民政府办公厅2020年信息公开年报分成几大部分？")
