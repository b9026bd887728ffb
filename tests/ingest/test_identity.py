"""A report's identity (agency, covered year) and where each came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import identity
from ingest.parser import parse_text
from ingest.reader import SourceText

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"

BODY = ("根据《中华人民共和国政府信息公开条例》，现公布本年度报告。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n"
        "一、总体情况\n" + "我局认真贯彻落实政府信息公开条例，主动公开各类政府信息，依法办理依申请公开。" * 3 + "\n")


def _src(text: str) -> SourceText:
    return SourceText(text=text, original=text, encoding="utf-8", fmt="txt", traditional=False)


def test_a_crawler_metadata_block_is_identity_not_body():
    page = ("标题: 莆田市某某局2021年政府信息公开工作年度报告\n发布时间: 2022-01-14 10:00\n文号: \n发布机构: \n"
            "原文链接: https://example.gov.cn/a.htm\n==================== 正文 ====================\n" + BODY)
    r = parse_text(_src(page), "x.txt")
    assert (r.agency, r.year) == ("莆田市某某局", 2021)
    assert r.identity["agency_from"].startswith("metadata line")
    assert not any("原文链接" in p for s in r.sections for p in s.paragraphs)


def test_a_title_naming_only_a_city_is_its_peoples_government_and_a_zone_keeps_its_name():
    assert identity.place_government("三明市", "") == "三明市人民政府"
    assert identity.place_government("洪泽区", "") == "洪泽区人民政府"
    assert identity.place_government("平潭综合实验区", "") == "平潭综合实验区"
    assert identity.place_government("莆田市统计局", "") == "莆田市统计局"


def test_a_misread_title_spelling_takes_the_bodys_and_keeps_the_misread_as_a_variant():
    body = "平潭综合实验区地方税务局主动公开信息。平潭综合实验区地方税务局依法办理申请。"
    assert identity.corrected_spelling("平潭综合实验区地方悦务局", body) == ("平潭综合实验区地方税务局", "平潭综合实验区地方悦务局")
    # printed the same way twice: nothing to correct
    assert identity.corrected_spelling("平潭综合实验区地方税务局", body) == ("平潭综合实验区地方税务局", None)


def test_what_a_person_states_wins_and_says_given():
    page = "某某市统计局2021年政府信息公开工作年度报告\n" + BODY
    r = parse_text(_src(page), "x.txt", agency="某某市统计局（更正）", year=2020)
    assert (r.agency, r.year) == ("某某市统计局（更正）", 2020)
    assert r.identity == {"agency_from": "given", "year_from": "given"}
    assert "某某市统计局" in r.agency_variants


def test_a_sentence_caught_as_a_title_is_not_an_agency():
    assert not identity.looks_like_agency("根据《中华人民共和国政府信息公开条例》，特向社会公布")
    assert identity.looks_like_agency("河北省科技厅")
    assert identity.looks_like_agency("合成甲乙市第1区统计局")   # a digit in a name is still a name


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")
@pytest.mark.parametrize("name", ["2013_pingtan_difang-shuiwu-ju.txt", "2019_sanming_shi-renmin-zhengfu.txt",
                                  "2021_pingtan_jiaotong-jianshe-ju.txt", "2025_pingtan_shiyanqu-guanweihui.html"])
def test_wild_reports_identity_matches_their_sidecars(name):
    import json

    from ingest.parser import parse_file

    side = json.loads((WILD / (name + ".json" if name.endswith(".html") else name[:-4] + ".json")).read_text("utf-8"))
    r = parse_file(WILD / name)
    assert (r.agency, r.year) == (side["agency"], side["year"])
    assert r.template == side["template"]

