"""Questions over one agency's series of reports, no year named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.services import fresh_service

from ingest.parser import parse_file

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"
pytestmark = pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")


@pytest.fixture(scope="module")
def series_service(embedder, tmp_path_factory):
    svc = fresh_service(embedder, tmp_path_factory.mktemp("series"))
    for name in ("2017_pingtan_shiyanqu-guanweihui.txt", "2022_pingtan_shiyanqu-guanweihui.txt",
                 "2013_pingtan_difang-shuiwu-ju.txt"):
        svc.store.add_report(parse_file(WILD / name))
    svc.ingest_bulk(WILD / "2016-2023_hebei_sheng-kejiting.csv")
    return svc


def test_a_figure_the_latest_report_prints_comes_from_it_and_names_its_year(series_service):
    got = series_service.ask("平潭实验区本年新收政府信息公开申请总计多少件")
    assert not got["refused"]
    assert "74" in got["answer"] and "2022" in got["answer"]
    assert all(c["year"] == 2022 for c in got["citations"])


def test_what_only_an_older_report_says_is_answered_from_it_with_its_year(series_service):
    got = series_service.ask("平潭实验区各乡镇主动公开了多少条政府信息")
    assert not got["refused"], got["answer"]
    assert "613" in got["answer"] and "2017" in got["answer"]
    assert got["citations"] and got["citations"][0]["year"] == 2017


def test_a_year_named_is_never_swapped_for_another(series_service):
    got = series_service.ask("平潭实验区2022年各乡镇主动公开了多少条政府信息")
    assert "613" not in got["answer"]


def test_the_pre_2019_report_answers_its_figures_from_prose(series_service):
    got = series_service.ask("平潭实验区2017年收到多少件政府信息公开申请")
    assert not got["refused"], got["answer"]
    assert "未收到" in got["answer"] or "0" in got["answer"]
    assert all(c["year"] == 2017 for c in got["citations"])


def test_a_name_the_report_gives_itself_finds_it(series_service):
    got = series_service.ask("平潭县地税局2013年下岗失业人员减免税办了几件")
    assert not got["refused"], got["answer"]
    assert got["citations"][0]["report_id"] == "2013-平潭综合实验区地方税务局"
    # the body's own name (平潭县地税局), stored with the report, is an alias of its agency
    assert series_service._index.alias_map["平潭县地税局"] == {"平潭综合实验区地方税务局"}


def test_two_spellings_of_one_agency_are_one_series(series_service):
    rows = [r for r in series_service.reports() if "河北" in r["agency"]]
    assert {r["agency"] for r in rows} == {"河北省科学技术厅"}
    assert sorted(r["year"] for r in rows) == list(range(2015, 2024))
    got = series_service.ask("河北省科技厅2016年收到多少件信息公开申请")
    assert not got["refused"] and "1件" in got["answer"]
    assert got["citations"][0]["year"] == 2016


def test_a_bulk_files_other_articles_are_not_reports(series_service):
    assert not any("报表" in r["report_id"] or "网站" in r["report_id"] for r in series_service.reports())



def test_a_short_name_two_agencies_share_goes_to_the_one_with_a_report_that_year(embedder, tmp_path):
    from bot.service import GovQAService
    from govqa.settings import Settings
    from ingest.store import Store
    from tests.conftest import SAMPLE

    settings = Settings(home=tmp_path, model_dir=embedder.model_path.parent)
    svc = GovQAService(settings, embedder, Store(settings, embedder))
    svc.store.add_report(parse_file(SAMPLE))                                       # 泉州…规划建设与交通运输局, 2020
    svc.store.add_report(parse_file(WILD / "2021_pingtan_jiaotong-jianshe-ju.txt"))  # 平潭…交通与建设局, 2021
    got = svc.ask("交通局2021年收到多少政府信息公开申请")
    assert got["citations"] and got["citations"][0]["report_id"] == "2021-平潭综合实验区交通与建设局"
    got = svc.ask("交通局2020年收到多少政府信息公开申请")
    assert got["citations"] and got["citations"][0]["report_id"] == "2020-泉州台商投资区规划建设与交通运输局"
    assert svc.ask("交通局收到多少政府信息公开申请")["kind"] == "clarify"


def test_a_glued_row_the_prose_settles_is_answered_and_cited_as_printed(series_service):
    # 行政规范性文件8855698 has 15 readings; the prose's 698 现行有效 and 88 制发 leave 88 | 55 | 698
    got = series_service.ask("平潭实验区2022年废止了几件行政规范性文件")
    assert not got["refused"] and "55" in got["answer"]
    assert any("8855698" in c["text"] for c in got["citations"])  # the row as printed, for checking


def test_a_quote_missing_a_printed_contact_gives_way_to_the_contacts(embedder, tmp_path):
    svc = fresh_service(embedder, tmp_path)
    svc.store.add_report(parse_file(WILD / "2020_pingtan_xingzheng-shenpi-ju.txt"))
    got = svc.ask("平潭审批局办公室电话多少 在哪办公")
    assert not got["refused"]
    assert "0591-23163022" in got["answer"] and "主楼4层" in got["answer"]


def test_a_figure_asked_of_an_old_reports_prose_ignores_filler_words(series_service):
    got = series_service.ask("平潭实验区2017年有没有人因为信息公开申请行政复议或者打官司")
    assert not got["refused"], got["answer"]
    assert "未收到" in got["answer"] and got["citations"][0]["year"] == 2017


def test_asking_how_appeals_ended_gives_every_outcome_column(service):
    got = service.ask("规建交局2020年行政复议有几件 结果怎么样")
    assert not got["refused"]
    assert all(w in got["answer"] for w in ("总计", "维持", "纠正", "尚未审结"))
    plain = service.ask("规建交局2020年行政复议有几件")
    assert "维持" not in plain["answer"]
