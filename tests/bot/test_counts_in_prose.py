"""Figures a pre-2019 report states in words (probe sets 62-71): a sentence that counts
something else (staff, a 受理点) is no count of requests, a 0 printed without its unit is,
and the staff it counts are added and compared. Invented reports."""

from __future__ import annotations

import pytest

from tests.bot.test_small_prose_reports import _serving

COUNTY_2010 = (
    "岚山县人民政府2010年政府信息公开工作年度报告\n"
    "本年度报告由岚山县人民政府办公室编制。本报告中所列数据的统计期限自2010年1月1日起至2010年12月31日止。\n"
    "一、概述\n2010年,我县进一步加强和规范了政府信息公开工作,补充了政务公开办公室工作人员,专门配备了5名全职工作人员、"
    "71名兼职工作人员,设立了1个专门的信息申请受理点,并委托档案局进行公共查阅。\n"
    "二、主动公开政府信息情况\n全年主动公开政府信息1280条。\n")

BUREAU_2010 = (
    "岚化县审计局2010年政府信息公开工作年度报告\n"
    "一、概述\n2010年,我局认真贯彻《条例》,主动公开政府信息26条。\n"
    "三、依申请公开政府信息情况：我局共受理政府信息公开申请0\n")


@pytest.fixture(scope="module")
def svc(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("counts"), county=COUNTY_2010, bureau=BUREAU_2010)


def test_a_sentence_counting_something_else_is_no_count_of_requests(svc):
    got = svc.ask("岚山县2010年一共收到多少件政府信息公开申请？")
    assert got["refused"], got["answer"]
    got = svc.ask("岚化审计局10年有人申请政府信息公开吗？")
    assert not got["refused"] and "申请0" in got["answer"], got["answer"]


def test_staff_counted_in_one_sentence_are_added_and_compared(svc):
    got = svc.ask("岚山县政府2010年搞信息公开的全职加兼职一共多少人？")
    assert got.get("computed") and got["computed"][0]["value"] == 76, got["answer"]
    got = svc.ask("2010年岚山县信息公开兼职人员比全职的多几个人")
    assert got.get("computed") and got["computed"][0]["value"] == 66, got["answer"]
