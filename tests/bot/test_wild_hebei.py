"""Reports inside two crawler CSVs (河北省工信厅, 河北省科技厅): glued table rows,
tables left out, figures in prose."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.support.services import fresh_service

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"
pytestmark = pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")


@pytest.fixture(scope="module")
def hebei(embedder, tmp_path_factory):
    svc = fresh_service(embedder, tmp_path_factory.mktemp("hebei"))
    svc.ingest_bulk(WILD / "2016-2023_hebei_sheng-kejiting.csv")
    svc.ingest_bulk(WILD / "2016-2023_hebei_sheng-gongxinting.csv")
    return svc


def test_a_report_without_the_table_answers_from_its_prose(hebei):
    got = hebei.ask("河北省科技厅2019年收到几件信息公开申请")
    assert not got["refused"], got["answer"]
    assert "未收到" in got["answer"] and got["citations"][0]["year"] == 2019


def test_a_glued_row_answers_the_cells_every_split_agrees_on(hebei):
    got = hebei.ask("工信厅2020年年报里行政许可的上一年项目数量是多少")
    assert not got["refused"] and "97" in got["answer"]
    assert "97+82179" in got["citations"][0]["text"]          # cited as printed
    other = hebei.ask("工信厅2020年年报里行政许可的本年增减是多少")
    assert other["refused"] and "97+82179" in other["answer"]
    assert "1" in hebei.ask("河北工信厅2020年受理了几件依申请公开？")["answer"]


def test_a_misread_row_order_gives_the_printed_figure(hebei):
    got = hebei.ask("河北科技厅22年信息公开申请予以公开了多少件")
    assert "10件" in got["answer"] and "为0件" not in got["answer"]


def test_every_proactive_column_named_is_answered(hebei):
    got = hebei.ask("2022年科技厅行政规范性文件制发了几件、废止了几件，现行有效的有多少件")
    assert all(n in got["answer"] for n in ("13", "8", "49")), got["answer"]
    one = hebei.ask("2022年科技厅行政规范性文件废止了几件")
    assert "8" in one["answer"] and "49" not in one["answer"]


def test_asked_whether_an_appeal_has_ended_gives_its_outcome(hebei):
    got = hebei.ask("河北工信厅23年因为信息公开被申请行政复议了几件？结果出来没有")
    assert "尚未审结" in got["answer"]


def test_a_follow_up_naming_that_year_is_asked_of_the_same_report(hebei):
    sid = uuid.uuid4().hex
    hebei.ask("河北省工信厅2016年依申请公开收到几份申请？", session_id=sid)
    got = hebei.ask("那一年有没有人因为信息公开申请行政复议？结果怎么样", session_id=sid)
    assert not got["refused"], got["answer"]
    assert "3件" in got["answer"] and "维持" in got["answer"]


def test_how_requests_were_sent_is_answered_by_the_sentence_that_says_it(hebei):
    got = hebei.ask("河北工信厅2019年收到几份信息公开申请？是怎么提交的")
    assert "信函" in got["answer"] and "2份" in got["answer"]


def test_a_passage_naming_the_words_in_one_sentence_is_preferred(hebei):
    got = hebei.ask("想找河北省科技厅申请公开政府信息，可以通过哪些渠道申请？")
    assert all(w in got["answer"] for w in ("网络", "信函", "当面"))
    fee = hebei.ask("2018年去省科技厅申请政府信息要收费吗")
    assert "免费" in fee["answer"]


def test_a_narrowed_figure_is_not_answered_by_a_passage_about_another_row(hebei):
    got = hebei.ask("河北省工信厅2021年那273件行政许可里，无线电管理方面的有多少件？")
    assert got["refused"], got["answer"]


def test_a_glued_row_the_sums_leave_open_is_split_by_the_figures_its_prose_states(hebei):
    # 规范性文件1126: no reading is settled by the sums; the prose says 制发…1件、废止1件, so 1 / 1 / 26
    got = hebei.ask("河北工信厅2023年废止了几件行政规范性文件")
    assert not got["refused"], got["answer"]
    assert "1" in got["answer"] and any("1126" in c["text"] for c in got["citations"])
    got = hebei.ask("河北工信厅2023年现行有效的行政规范性文件有多少件")
    assert not got["refused"] and "26" in got["answer"]
