"""A staff question setting a figure the report's words state against its table
(bot/reconcile.py): the sentence quoted beside the cell, both as printed. Invented reports."""

from __future__ import annotations

from bot.reconcile import ASKS_RECONCILE, claims
from tests.bot.test_newer_reports import _INTRO, _TABLES
from tests.bot.test_small_prose_reports import _serving

# the words say 1504 items were published on request; the table counts 1 request
TOURISM_2024 = (
    "岚岛综合实验区旅游与文化体育局2024年政府信息公开工作年度报告\n"
    + _INTRO.format(office="旅游与文化体育局")
    + "一、总体情况\n2024年，我局主动公开政府信息230条，依申请公开信息1504条。全年共受理政府信息公开申请1件，"
    "因无法提供相关信息答复1件。\n"
    + _TABLES.format(new="1000001", granted="0000000", forward="0000000") + "\n"
    "五、存在的主要问题及改进情况\n栏目更新不够及时。\n")


def test_the_figures_the_asker_quotes_are_read_from_the_question():
    assert ASKS_RECONCILE.search("这怎么对得上？") and ASKS_RECONCILE.search("跟表三一致吗")
    assert not ASKS_RECONCILE.search("依申请公开了多少条")
    assert claims("文旅局年报写依申请公开信息1504条，可表三只收到1件申请，这怎么对得上？") == ["依申请公开信息1504条"]
    assert claims("市监局正文说“不予公开2件”，跟表三对得上吗") == ["不予公开2件"]
    assert claims("各类信息条数加起来对得上总数吗") == []


def test_the_words_figure_is_quoted_beside_the_tables_cell(embedder, tmp_path_factory):
    svc = _serving(embedder, tmp_path_factory.mktemp("reconcile"), tourism=TOURISM_2024)
    got = svc.ask("岚岛文旅局2024年年报写依申请公开信息1504条，可表三只收到1件申请，这怎么对得上？")
    assert not got["refused"] and "依申请公开信息1504条" in got["answer"], got["answer"]
    assert "本年新收政府信息公开申请数量" in got["answer"] and "1件" in got["answer"], got["answer"]
    assert any("1504条" in c["text"] for c in got["citations"]) and any(c.get("key") for c in got["citations"])
    # a figure the words do not state is not made up: the question is answered the ordinary way
    got = svc.ask("岚岛文旅局2024年年报写依申请公开信息999条，跟表三对得上吗")
    assert "999" not in got["answer"].split("：", 1)[-1] or got["refused"], got["answer"]
