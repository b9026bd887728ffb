"""Questions over one agency's series of reports, no year named."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parser import parse_file

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"
pytestmark = pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")


@pytest.fixture(scope="module")
def series_service(embedder, tmp_path_factory):
    from bot.service import GovQAService
    from govqa.settings import Settings
    from ingest.store import Store

    settings = Settings(home=tmp_path_factory.mktemp("series"), model_dir=embedder.model_path.parent)
    svc = GovQAService(settings, embedder, Store(settings, embedder))
    for name in ("2017_pingtan_shiyanqu-guanweihui.txt", "2022_pingtan_shiyanqu-guanweihui.txt"):
        svc.store.add_report(parse_file(WILD / name))
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
