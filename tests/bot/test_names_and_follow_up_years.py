"""What the seventeenth session's never-seen reports showed (probe sets 62-71): a body that
bears two names (a district government and the zone it runs), a zone department asked
without its 管委会, 今年 in a follow-up meaning the report's year, and the office for
questions printed only in a sentence. Invented reports."""

from __future__ import annotations

import pytest

from tests.bot.test_conversations import _talk
from tests.bot.test_small_prose_reports import _serving

JOINT = (
    "岚港市岚湾区人民政府岚湾开发区管委会2017年政府信息公开工作年度报告\n"
    "本报告由岚港市岚湾区人民政府岚湾开发区管委会政务公开工作办公室编制。本报告中所列数据的统计期限自2017年1月1日起至"
    "2017年12月31日止。如对本报告有任何疑问,请与岚湾区政务公开工作办公室联系(地址:岚港市岚湾区香雪路3号,电话:020-82480000)。\n"
    "一、概述\n2017年,全区主动公开政府信息1200条。下半年对岚湾区信息网、岚湾开发区门户网站进行整合。\n")

ZONE_DEPT = (
    "2022年,岚州高新技术产业开发区管委会城市管理局深入贯彻《中华人民共和国政府信息公开条例》,现向社会公布2022年度政府信息公开年度报告。"
    "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n"
    "截至2022年12月31日,高新区城市管理局共受理政府信息公开申请11件,答复政府信息公开申请9件,2件结转下一年办理。\n")

OFFICE_2025 = (
    "岚安市岚潼区人民政府办公室2025年政府信息公开工作年度报告\n"
    "本报告中所列数据的统计期限自2025年1月1日至2025年12月31日。如对本报告有疑问,可与区政府办公室政务公开科联系。\n"
    "一、总体情况\n2025年区政府办公室共收到政府信息公开申请32件,办结上年结转3件,今年共办结35件。\n")


@pytest.fixture(scope="module")
def svc(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("names"), joint=JOINT, zone=ZONE_DEPT, office=OFFICE_2025)


def test_a_body_with_two_names_is_found_by_either(svc):
    got = svc.ask("岚湾区政府2017年政府信息公开年报有疑问打什么电话？")
    assert not got["refused"] and "020-82480000" in got["answer"], got["answer"]
    got = svc.ask("岚湾开发区管委会17年下半年把哪两个网站整合了？")
    assert not got["refused"] and "岚湾区信息网" in got["answer"], got["answer"]


def test_a_zone_department_is_asked_without_its_管委会(svc):
    got = svc.ask("岚州高新区城市管理局2022年受理了多少件政府信息公开申请？")
    assert not got["refused"] and "11件" in got["answer"], got["answer"]


def test_今年_in_a_follow_up_is_the_year_asked_before(svc):
    *_, got = _talk(svc, "岚潼区政府办25年收到多少信息公开申请？", "加上上年结转的，今年一共办结了多少件？")
    assert not got["refused"] and "35件" in got["answer"], got["answer"]


def test_the_office_for_questions_printed_only_in_a_sentence(svc):
    got = svc.ask("对岚潼区政府办2025年年报有疑问找哪个部门？")
    assert not got["refused"] and "政务公开科" in got["answer"], got["answer"]
