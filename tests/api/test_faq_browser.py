"""Issue 16 in a real browser (Playwright, Debian's chromium) against the real service (its
own store with the sample report and its own database), at 1280 and 360 px:

- the widget's 有帮助 / 没有帮助 buttons beside an answer, reached and pressed by keyboard,
  the optional comment after 没有帮助, the feedback recorded;
- the staff page's 常见问题 / 未能回答 / 反馈 / FAQ sections behind the admin key: an FAQ
  entry made from a logged question in one step (its answer and citations prefilled),
  published, answering the widget word for word; a stale entry listed first, saying which
  citation broke.
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import require_browser

sync_api = require_browser()
expect = sync_api.expect

pytestmark = pytest.mark.browser

AGENCY = "泉州台商投资区规划建设与交通运输局"
SAMPLE_ID = f"2020-{AGENCY}"
QUESTION = f"{AGENCY}2020年新收多少政府信息公开申请？"
PARAPHRASE = f"2020年{AGENCY}一共收到了多少件政府信息公开申请"
ADMIN = {"Authorization": "Bearer test-admin-key"}
ANSWER_TIMEOUT = 90_000


@pytest.fixture(params=[1280, 360], ids=["1280px", "360px"])
def page(browser, request):
    ctx = browser.new_context(viewport={"width": request.param, "height": 800}, locale="zh-CN")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _ask(page, question: str):
    box = page.get_by_label(re.compile("请输入您的问题"))
    box.fill(question)
    box.press("Enter")
    bots = page.locator(".gq-bot")
    expect(bots.first).to_be_attached()
    bubble = bots.nth(bots.count() - 1)
    expect(bubble).not_to_have_class(re.compile(r"\bgq-pending\b"), timeout=ANSWER_TIMEOUT)
    return bubble


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth"), \
        "the page scrolls sideways"


def _feedback_rows(own_service) -> list:
    from sqlalchemy import select

    from govqa.records import feedback

    with own_service.db.begin() as conn:
        return [dict(r) for r in conn.execute(select(feedback)).mappings().all()]


def test_feedback_buttons_by_keyboard(page, own_service_url, own_service):
    page.goto(own_service_url + "/")
    page.locator('button[aria-label="打开政府信息公开问答"]').click()
    first = _ask(page, QUESTION)
    yes, no = first.get_by_role("button", name="有帮助", exact=True), first.get_by_role("button", name="没有帮助")
    expect(yes).to_be_visible()
    expect(no).to_be_visible()
    second = _ask(page, f"{AGENCY}2020年主动公开政府信息多少条？")
    before = len(_feedback_rows(own_service))

    # from the question box, Shift+Tab reaches the newest answer's 没有帮助, then its 有帮助
    box = page.get_by_label(re.compile("请输入您的问题"))
    box.focus()
    page.keyboard.press("Shift+Tab")
    expect(second.get_by_role("button", name="没有帮助")).to_be_focused()
    page.keyboard.press("Enter")
    comment = second.get_by_label(re.compile("哪里没有帮助"))
    expect(comment).to_be_focused()
    page.keyboard.type("想知道具体是哪几件")
    page.keyboard.press("Enter")
    expect(second.locator(".gq-fb-status")).to_have_text("感谢您的反馈。")
    expect(second.get_by_role("button", name="没有帮助")).to_have_attribute("aria-pressed", "true")

    # the first answer's 有帮助, by keyboard too
    first.get_by_role("button", name="没有帮助").focus()
    page.keyboard.press("Shift+Tab")
    expect(yes).to_be_focused()
    page.keyboard.press("Space")
    expect(first.locator(".gq-fb-status")).to_have_text("感谢您的反馈。")
    _fits(page)

    rows = _feedback_rows(own_service)[before:]
    assert [(r["helpful"], r["comment"]) for r in rows] == [(False, "想知道具体是哪几件"), (True, None)]


def test_staff_faq_from_a_logged_question_and_stale_first(page, own_service_url, own_service):
    request = page.request
    # questions in the log: one answered (asked twice), one refused
    for q in (QUESTION, QUESTION, "今天天气怎么样？"):
        assert request.post(own_service_url + "/v1/ask", data={"question": q, "channel": "widget"}).ok
    for e in request.get(own_service_url + "/v1/faq?all=true", headers=ADMIN).json():  # a clean FAQ
        request.delete(f"{own_service_url}/v1/faq/{e['id']}", headers=ADMIN)

    page.goto(own_service_url + "/staff")
    page.get_by_label(re.compile("管理员密钥（仅保存在本页面")).fill("wrong-key")
    page.get_by_role("button", name="载入").click()
    expect(page.locator("#ops-status")).to_contain_text("管理密钥不正确")
    expect(page.locator("#ops-body")).to_be_hidden()
    page.get_by_label(re.compile("管理员密钥（仅保存在本页面")).fill("test-admin-key")
    page.get_by_role("button", name="载入").click()
    expect(page.locator("#ops-body")).to_be_visible()

    # 常见问题: the question asked twice, its count; the chart; 未能回答: the refusal
    top = page.locator("#ops-top tbody tr").filter(has_text=QUESTION)
    expect(top.first).to_be_visible()
    assert int(top.first.locator("td.n").first.inner_text()) >= 2
    expect(page.locator("#ops-chart svg")).to_be_visible()
    assert page.locator("#ops-chart svg g").count() == 30
    expect(page.locator("#ops-gaps tbody tr").filter(has_text="今天天气怎么样")).to_have_count(1)
    expect(page.locator("#ops-summary")).to_contain_text("未能回答")
    page.get_by_label("近 7 天").check()
    expect(page.locator("#ops-chart svg g")).to_have_count(7)
    _fits(page)

    # one step: the logged question's 制作 FAQ opens the editor with the system's answer and citations
    top.first.get_by_role("button", name=re.compile("制作 FAQ")).click()
    editor = page.locator("#faq-editor")
    expect(editor).to_be_visible()
    expect(page.get_by_label("问题", exact=True)).to_have_value(QUESTION)
    expect(page.get_by_label(re.compile("^答案"))).to_have_value(re.compile("8"))
    expect(page.locator("#faq-citations li")).not_to_have_count(0)
    expect(page.locator("#faq-citations")).to_contain_text(f"《{AGENCY}2020年报》")
    staff_answer = "（经审核）该局2020年共新收政府信息公开申请8件。"
    page.get_by_label(re.compile("^答案")).fill(staff_answer)
    page.get_by_label("状态").select_option("published")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(editor).to_be_hidden()
    item = page.locator("#faq-list > li").filter(has_text=QUESTION)
    expect(item).to_contain_text("已发布")
    _fits(page)

    # the widget now answers the paraphrase word for word
    got = request.post(own_service_url + "/v1/ask", data={"question": PARAPHRASE}).json()
    assert got["source"] == "faq" and got["answer"] == staff_answer

    # a second entry, then the cited report replaced: stale, first in the list, naming the citation
    cite = [c for c in got["citations"]]
    other = request.post(own_service_url + "/v1/faq", headers=ADMIN, data={
        "question": f"{AGENCY}2020年主动公开政府信息多少条？", "answer": "草稿", "citations": cite})
    assert other.status == 201
    with open(own_service.settings.home / "replaced.txt", "w", encoding="utf-8") as f:
        from tests.conftest import SAMPLE

        f.write(SAMPLE.read_text(encoding="utf-8"))
    assert request.post(own_service_url + "/v1/reports", headers=ADMIN, multipart={
        "file": {"name": "2020_qzts_ghjsjtj.txt", "mimeType": "text/plain",
                 "buffer": (own_service.settings.home / "replaced.txt").read_bytes()}}).ok
    assert request.post(own_service_url + "/v1/ask", data={"question": PARAPHRASE}).json()["source"] == "report"
    page.get_by_role("button", name="载入").click()
    first = page.locator("#faq-list > li").first
    expect(first).to_have_class(re.compile("stale"))
    expect(first).to_contain_text("已失效")
    expect(first.locator(".broken").first).to_contain_text(f"第 1 条引用的报告 {SAMPLE_ID} 已被替换")
    _fits(page)

    # removing from the page
    page.once("dialog", lambda d: d.accept())
    n = page.locator("#faq-list > li").count()
    first.get_by_role("button", name=re.compile("^删除")).click()
    expect(page.locator("#faq-list > li")).to_have_count(n - 1)
