"""A ranking over many reports, as a WeChat reply: the answer, then the portal link
to its full table and sources (a passive reply holds ~600 characters)."""

from urllib.parse import unquote

from api.wechat import render


def test_a_ranking_reply_links_to_the_full_table(service):
    question = "各机关新收申请数量排名"
    got = service.ask(question)
    assert got["kind"] == "aggregate" and len(got["table"]["rows"]) > render.MAX_SOURCES
    out = render.render_answer(got, question, "https://portal.example")
    assert render.fits(out)
    assert f"共{len(got['table']['rows'])}份报告" in out
    assert question in unquote(out)
    top = got["table"]["rows"][0]
    assert top["agency"] in out  # the answer itself leads


def test_a_one_report_answer_keeps_its_sources(service):
    got = service.ask("洪泽区2024年收到多少政府信息公开申请")
    out = render.render_answer(got, "洪泽区2024年收到多少政府信息公开申请", "https://portal.example")
    assert "份报告，完整表格" not in out and "95" in out
