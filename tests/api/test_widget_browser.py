"""Browser tests of the chat widget (api/static/widget.js), the demo page and the staff page.

Driven by Playwright's sync API and Debian's chromium (never ``playwright install``).
The core flow runs against two targets:

* ``stub``    – tests/api/_widget_stub_server.py (fixture ``widget_stub_url``), canned answers
                including an XSS payload and a refusal;
* ``service`` – a running GovQA service with the real model and store (fixture ``service_url``,
                provided by tests/conftest.py); skipped when that fixture does not exist.

Screenshots go to pytest's tmp_path; their paths are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import require_browser

sync_api = require_browser()
expect = sync_api.expect

pytestmark = pytest.mark.browser


SEED_QUESTION = "泉州台商投资区规划建设与交通运输局2020年新收多少政府信息公开申请？"
LAUNCHER = 'button[aria-label="打开政府信息公开问答"]'
ANSWER_TIMEOUT = 90_000  # ms; the real service may still be warming its model


# ---------------------------------------------------------------------------- fixtures
@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors  # type: ignore[attr-defined]
    yield pg
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(params=["stub", "service"])
def target_url(request):
    """Base URL of the server under test: the stub, or the real service when available."""
    if request.param == "stub":
        return request.getfixturevalue("widget_stub_url")
    try:
        return request.getfixturevalue("service_url")
    except pytest.FixtureLookupError:
        pytest.skip("no service_url fixture (a running GovQA service) is available")


def shot(page, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    print(f"screenshot: {path}")
    return str(path)


# ---------------------------------------------------------------------------- helpers
def open_widget(page, base: str):
    page.goto(base + "/")
    launcher = page.locator(LAUNCHER)
    expect(launcher).to_be_visible()
    launcher.click()
    dialog = page.get_by_role("dialog", name="政府信息公开问答")
    expect(dialog).to_be_visible()
    return dialog


def ask(page, question: str):
    box = page.get_by_label(re.compile("请输入您的问题"))
    box.fill(question)
    box.press("Enter")
    return last_answer(page)


def last_answer(page):
    """The newest answer bubble, pinned by index (``.last`` would re-resolve later)."""
    bots = page.locator(".gq-bot")
    expect(bots.first).to_be_attached()
    bubble = bots.nth(bots.count() - 1)
    expect(bubble).not_to_have_class(re.compile(r"\bgq-pending\b"), timeout=ANSWER_TIMEOUT)
    return bubble


def panel_box(page):
    return page.locator(".gq-panel").bounding_box()


# ---------------------------------------------------------------------------- core flow (stub + service)
def test_core_flow_answer_with_citation(page, target_url, tmp_path):
    dialog = open_widget(page, target_url)
    # starter questions are offered
    for q in ("今年收到多少政府信息公开申请？", "如何申请政府信息公开？", "联系电话是多少？"):
        expect(dialog.get_by_role("button", name=q)).to_be_visible()

    bubble = ask(page, SEED_QUESTION)
    expect(bubble).not_to_have_class(re.compile(r"gq-error"))
    expect(bubble.locator(".gq-text")).to_contain_text("8")
    summaries = bubble.locator(".gq-cites summary")
    assert summaries.count() >= 1, "answer has no citations"
    first = summaries.first
    expect(first).to_contain_text("《")
    quote = bubble.locator(".gq-cites details").first.locator(".gq-quote")
    expect(quote).to_be_hidden()
    first.click()
    expect(quote).to_be_visible()
    assert quote.inner_text().strip(), "expanded citation shows no text"
    # the aria-live region carries the new answer
    live = page.locator('.gq-panel [aria-live="polite"]')
    expect(live).to_contain_text("8")
    shot(page, tmp_path, "desktop-answer")


def test_mobile_360_panel_fits(context, target_url, tmp_path):
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    open_widget(page, target_url)
    box = panel_box(page)
    assert box is not None
    assert box["width"] <= 360 and box["x"] >= 0, box
    assert box["height"] <= 740.5, box  # sub-pixel rounding
    send = page.get_by_role("button", name="发送")
    expect(send).to_be_visible()
    expect(send).to_be_in_viewport()
    bubble = ask(page, SEED_QUESTION)
    expect(bubble.locator(".gq-text")).to_contain_text("8")
    expect(send).to_be_in_viewport()
    summary = bubble.locator(".gq-cites summary").first
    summary.click()
    quote = bubble.locator(".gq-quote").first
    expect(quote).to_be_visible()
    qb = quote.bounding_box()
    assert qb is not None and qb["x"] >= 0 and qb["x"] + qb["width"] <= 360, qb
    shot(page, tmp_path, "mobile-360-answer")
    page.close()


def test_keyboard_only(page, target_url, tmp_path):
    page.goto(target_url + "/")
    page.locator(LAUNCHER).wait_for()
    # Tab through the portal until the launcher has focus
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => { const h = document.getElementById('govqa-widget');"
            " const a = h && h.shadowRoot && h.shadowRoot.activeElement;"
            " return document.activeElement === h && a ? a.getAttribute('aria-label') : null; }")
        if label == "打开政府信息公开问答":
            break
    else:
        pytest.fail("could not reach the widget launcher with Tab")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="政府信息公开问答")
    expect(dialog).to_be_visible()
    box = page.get_by_label(re.compile("请输入您的问题"))
    expect(box).to_be_focused()
    page.keyboard.type(SEED_QUESTION)
    expect(page.locator(".gq-counter")).to_have_text(f"{len(SEED_QUESTION)}/500")
    page.keyboard.press("Enter")
    bubble = last_answer(page)
    expect(bubble.locator(".gq-text")).to_contain_text("8")
    expect(box).to_be_focused()  # focus goes back to the input after the answer
    # Shift+Tab from the input passes the answer's feedback buttons (有帮助 / 没有帮助, when the
    # answer has an answer_id) and reaches the last citation; Enter expands it
    for _ in range(bubble.locator(".gq-fb-btn").count() + 1):
        page.keyboard.press("Shift+Tab")
    summary = bubble.locator(".gq-cites summary").last
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(bubble.locator(".gq-quote").last).to_be_visible()
    shot(page, tmp_path, "keyboard-citation-open")
    # focus stays inside the dialog
    for _ in range(15):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => { const h = document.getElementById('govqa-widget');"
            " const a = h.shadowRoot.activeElement; return !!(a && a.closest('.gq-panel')); }")
        assert inside, "focus left the dialog"
    # Esc closes and returns focus to the launcher
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_be_focused()


def test_staff_page_reports_and_search(context, target_url, tmp_path):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(target_url + "/staff")
    buttons = page.locator("#reports button")
    expect(buttons.first).to_be_visible(timeout=30_000)
    target = buttons.filter(has_text="泉州台商投资区规划建设与交通运输局").first
    expect(target).to_be_visible()
    target.click()
    row = page.locator('#report tr[data-key="requests.new.total"]')
    expect(row).to_contain_text("8")
    page.get_by_label("检索词").fill("本年新收政府信息公开申请")
    page.get_by_label("检索词").press("Enter")
    expect(page.locator("#results li").first).to_be_visible(timeout=30_000)
    shot(page, tmp_path, "staff-report")
    assert not errors, errors
    page.close()


def test_staff_page_corrects_a_reports_identity(context, own_service_url, tmp_path):
    """The staff page's 更正 form: a wrong key is refused and shown; the right key
    moves the report to its new id, which the list and the details then show."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(own_service_url + "/staff")
    page.locator("#reports button").filter(has_text="泉州台商投资区规划建设与交通运输局").first.click()
    expect(page.locator("#report")).to_contain_text("机关名称来自")
    page.get_by_text("更正机关名称或年度").click()
    page.get_by_label("机关名称").fill("厦门市翔安区交通运输局")
    page.get_by_label("管理密钥").fill("forged-key")
    page.get_by_role("button", name="更正").click()
    expect(page.locator("#identity-form .status")).to_contain_text("管理密钥不正确")
    page.get_by_label("管理密钥").fill("test-admin-key")
    page.get_by_role("button", name="更正").click()
    expect(page.locator("#report h3").first).to_contain_text("厦门市翔安区交通运输局", timeout=60_000)
    expect(page.locator("#report")).to_contain_text("report_id：2020-厦门市翔安区交通运输局")
    expect(page.locator("#report")).to_contain_text("机关名称来自：given")
    expect(page.locator("#reports")).to_contain_text("厦门市翔安区交通运输局")
    expect(page.locator("#reports")).not_to_contain_text("泉州台商投资区规划建设与交通运输局")
    expect(page.locator("#report-status")).to_contain_text("已更正")
    shot(page, tmp_path, "staff-identity")
    assert not errors, errors
    page.close()


# ---------------------------------------------------------------------------- answers over many reports
def _table_rows(bubble):
    return bubble.locator(".gq-table tbody tr")


def test_service_aggregate_answer_shows_its_table(context, service_url, tmp_path):
    """A question over many reports gets a table of one row per report under its answer:
    the reports the ranking covers, collapsed to five with "展开全部" when there are more."""
    facts = context.request.get(service_url + "/v1/facts", params={"key": "requests.new.total"}).json()
    in_2024 = [r for r in facts if r["year"] == 2024]
    if len(in_2024) < 2:
        pytest.skip("the store holds fewer than two 2024 reports (../shared/corpus missing)")
    page = context.new_page()
    open_widget(page, service_url)
    bubble = ask(page, "2024年哪个机关收到的申请最多")
    expect(bubble.locator(".gq-table caption")).to_contain_text("本年新收政府信息公开申请数量")
    rows = _table_rows(bubble)
    expect(rows).to_have_count(len(in_2024))
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == sorted(r["agency"] for r in in_2024)
    expect(bubble.locator(".gq-table tbody")).to_contain_text(str(max(r["value"] for r in in_2024)))
    expect(bubble.locator(".gq-more")).to_have_count(0)  # three rows: nothing to expand
    page.close()

    page = context.new_page()  # a new session: no year carried over
    open_widget(page, service_url)
    bubble = ask(page, "各机关历年本年新收申请数量从多到少排个序")
    rows = _table_rows(bubble)
    expect(rows).to_have_count(len(facts))
    more = bubble.get_by_role("button", name=re.compile("展开全部"))
    if len(facts) > 5:
        expect(more).to_have_text(f"展开全部（共 {len(facts)} 行）")
        expect(bubble.locator(".gq-table tbody tr:visible")).to_have_count(5)
        more.click()
        expect(bubble.locator(".gq-table tbody tr:visible")).to_have_count(len(facts))
    shot(page, tmp_path, "aggregate-table")
    page.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_stub_aggregate_table_states_collapse_and_keyboard(context, widget_stub_url, width, tmp_path):
    from tests.api._widget_stub_server import AGGREGATE_ROWS

    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 740})
    open_widget(page, widget_stub_url)
    bubble = ask(page, "各机关新收申请排名")
    rows = _table_rows(bubble)
    expect(rows).to_have_count(len(AGGREGATE_ROWS))
    visible = bubble.locator(".gq-table tbody tr:visible")
    expect(visible).to_have_count(5)
    more = bubble.locator("button.gq-more")  # its name changes to 收起
    expect(more).to_have_text(f"展开全部（共 {len(AGGREGATE_ROWS)} 行）")
    expect(more).to_have_attribute("aria-expanded", "false")
    # a blank, an unread and an absent cell in words, never 0; a cell in a broken rule flagged
    values = rows.locator("td:nth-child(3)")
    expect(values.nth(2)).to_have_text("空白")
    expect(values.nth(3)).to_have_text("未能读出")
    expect(values.nth(4)).to_have_text("未列此项")
    assert "0件" not in values.nth(2).inner_text()
    expect(rows.nth(1)).to_have_class(re.compile(r"\bgq-flagged\b"))
    assert "requests.new.total = 95" in rows.nth(1).get_attribute("title")
    expect(rows.nth(0)).to_contain_text("3119件")

    # keyboard: Shift+Tab from the input passes the citation, then reaches the button; Enter expands
    box = page.get_by_label(re.compile("请输入您的问题"))
    expect(box).to_be_focused()
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if more.evaluate("b => b.getRootNode().activeElement === b"):
            break
    else:
        pytest.fail("the 展开全部 button is not reachable by keyboard")
    page.keyboard.press("Enter")
    expect(visible).to_have_count(len(AGGREGATE_ROWS))
    expect(more).to_have_attribute("aria-expanded", "true")
    expect(more).to_have_text("收起")
    # the agency name that is markup stays text
    expect(rows.nth(5)).to_contain_text('<img src=x onerror="window.__xss=5">己局')
    assert bubble.locator(".gq-table img").count() == 0
    expect(values.nth(6)).to_have_text("0件")  # a printed 0 is a 0
    tb = bubble.locator(".gq-table-box").bounding_box()
    assert tb is not None and tb["x"] >= 0 and tb["x"] + tb["width"] <= width, tb
    shot(page, tmp_path, f"aggregate-table-{width}")
    page.keyboard.press("Enter")
    expect(visible).to_have_count(5)
    page.wait_for_timeout(200)
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    page.close()


# ---------------------------------------------------------------------------- stub only
def test_stub_xss_stays_text(page, widget_stub_url, tmp_path):
    open_widget(page, widget_stub_url)
    bubble = ask(page, "xss 测试")
    text = bubble.locator(".gq-text")
    expect(text).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(text).to_contain_text("<script>window.__xss=2</script>")
    expect(page.get_by_text("<img", exact=False).first).to_be_visible()
    assert bubble.locator("img, script").count() == 0
    bubble.locator(".gq-cites summary").first.click()
    expect(bubble.locator(".gq-quote").first).to_contain_text("<img src=x")
    page.wait_for_timeout(300)  # give a broken image's onerror a chance to fire
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    shot(page, tmp_path, "xss-as-text")


def test_stub_refused_styling(page, widget_stub_url, tmp_path):
    open_widget(page, widget_stub_url)
    ok = ask(page, SEED_QUESTION)
    refused = ask(page, "明天天气怎么样？")
    expect(refused).to_have_class(re.compile(r"\bgq-refused\b"))
    expect(ok).not_to_have_class(re.compile(r"\bgq-refused\b"))
    badge = refused.locator(".gq-badge")
    expect(badge).to_be_visible()
    expect(badge).to_have_text("报告中未找到")
    expect(ok.locator(".gq-badge")).to_be_hidden()
    border_ok = ok.evaluate("n => getComputedStyle(n).borderLeftColor")
    border_refused = refused.evaluate("n => getComputedStyle(n).borderLeftColor")
    assert border_ok != border_refused
    shot(page, tmp_path, "refused")


def test_stub_sse_streams_and_session_followup(page, widget_stub_url):
    open_widget(page, widget_stub_url)
    first = ask(page, SEED_QUESTION)
    expect(first.locator(".gq-text")).to_have_text(
        "泉州台商投资区规划建设与交通运输局2020年共新收政府信息公开申请8件。")
    sid = page.evaluate("() => Object.entries(sessionStorage).find(([k]) => k.startsWith('govqa.'))?.[1]")
    assert sid and sid.startswith("stub-session-")
    ask(page, "联系电话是多少？")
    asks = page.request.get(widget_stub_url + "/_stub/asks").json()
    assert asks[-1]["question"] == "联系电话是多少？"
    assert asks[-1]["session_id"] == sid


def test_stub_starter_button_and_json_fallback(page, widget_stub_url):
    dialog = open_widget(page, widget_stub_url)
    dialog.get_by_role("button", name="联系电话是多少？").click()
    bubble = last_answer(page)
    expect(bubble.locator(".gq-text")).to_contain_text("0595-12345678")
    # the stub answers "json" questions with application/json even when SSE is asked for
    bubble = ask(page, "json 联系电话")
    expect(bubble.locator(".gq-text")).to_contain_text("0595-12345678")
    expect(bubble.locator(".gq-cites summary")).to_have_count(1)


def test_stub_errors_are_friendly(page, widget_stub_url):
    open_widget(page, widget_stub_url)
    b = ask(page, "429 测试")
    expect(b).to_have_class(re.compile(r"\bgq-error\b"))
    expect(b).to_contain_text("7 秒后再试")
    b = ask(page, "422 测试")
    expect(b).to_contain_text("问题格式不正确")
    b = ask(page, "流式出错测试")
    expect(b).to_have_class(re.compile(r"\bgq-error\b"))
    expect(b).to_contain_text("检索服务暂时不可用")
    # network failure: point fetch at a closed port by routing the request to abort
    page.route("**/v1/ask", lambda route: route.abort())
    b = ask(page, SEED_QUESTION)
    expect(b).to_contain_text("网络连接失败")
    page.unroute("**/v1/ask")


def test_stub_counter_and_limit(page, widget_stub_url):
    open_widget(page, widget_stub_url)
    box = page.get_by_label(re.compile("请输入您的问题"))
    box.fill("问" * 600)
    assert len(box.input_value()) == 500
    expect(page.locator(".gq-counter")).to_have_text("500/500")


def test_stub_portal_css_does_not_leak(page, widget_stub_url):
    """The demo portal styles every button yellow !important; the widget must not care."""
    open_widget(page, widget_stub_url)
    send_bg = page.get_by_role("button", name="发送").evaluate("n => getComputedStyle(n).backgroundColor")
    assert send_bg != "rgb(255, 255, 0)"
    launcher_bg = page.locator(".gq-launcher").evaluate("n => getComputedStyle(n).backgroundColor")
    assert launcher_bg != "rgb(255, 255, 0)"


def test_stub_cross_origin_embed(context, widget_stub_url):
    """A portal on another origin (localhost vs 127.0.0.1) points data-govqa-url at the service:
    the widget must talk to that URL (CORS), and still read Retry-After on a 429."""
    page = context.new_page()
    other = widget_stub_url.replace("127.0.0.1", "localhost")
    page.goto(f"{other}/_stub/portal?api={widget_stub_url}/")
    page.wait_for_function("() => !!window.GovQAWidget", timeout=10_000)
    assert page.evaluate("() => window.GovQAWidget.baseUrl") == widget_stub_url
    page.locator(LAUNCHER).click()
    bubble = ask(page, SEED_QUESTION)
    expect(bubble.locator(".gq-text")).to_contain_text("8件")
    b = ask(page, "429 测试")
    expect(b).to_contain_text("7 秒后再试")
    page.close()


def test_stub_staff_page(context, widget_stub_url, tmp_path):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=widget_stub_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(widget_stub_url + "/staff")
    # reports list → one report's facts with the finding highlighted
    report_btn = page.locator("#reports button").first
    expect(report_btn).to_contain_text("泉州台商投资区规划建设与交通运输局")
    report_btn.click()
    row = page.locator('#report tr[data-key="requests.new.total"]')
    expect(row).to_be_visible()
    expect(row).to_have_class(re.compile(r"\bflagged\b"))
    expect(page.locator('#report tr[data-key="requests.new.natural_person"]')).to_have_count(0)
    expect(page.locator('#report tr[data-key="requests.new.business"]')).to_contain_text("空白")
    expect(page.locator("#report .findings")).to_contain_text("balance")
    expect(page.locator("#report")).to_contain_text("<b>某路</b>")
    # search
    page.get_by_label("检索词").fill("新收 申请")
    page.get_by_label("检索词").press("Enter")
    expect(page.locator("#results li")).to_have_count(3)
    expect(page.locator("#results")).to_contain_text('<img src=x onerror="window.__xss=4">')
    # ask + copy
    page.locator("#ask-q").fill(SEED_QUESTION)
    page.get_by_role("button", name="提问").click()
    expect(page.locator("#answer")).to_contain_text("8件")
    page.get_by_role("button", name="复制引用答案").click()
    expect(page.locator("#ask-status")).to_contain_text("已复制")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "8件" in copied and "出处" in copied and "总计 8" in copied
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    shot(page, tmp_path, "staff")
    assert not errors, errors
    page.close()


def test_real_app_cross_origin_429_reads_retry_after(context, widget_stub_url, tmp_path):
    """The real app's CORS settings (not the stub's): a portal on another origin gets
    an answer, then a 429 whose Retry-After the widget can read and shows in seconds."""
    from api.main import create_app
    from govqa.settings import Settings
    from tests.api.conftest import run_app

    class Canned:
        def ask(self, question, session_id=None, report_id=None, channel="api"):
            return {"answer": "泉州台商投资区规划建设与交通运输局2020年共新收政府信息公开申请8件。",
                    "refused": False, "citations": [], "session_id": session_id or "s1"}

    app = create_app(Settings(home=tmp_path, ask_rate_per_minute=1), service=Canned())
    with run_app(app) as api_url:
        page = context.new_page()
        page.goto(f"{widget_stub_url}/_stub/portal?api={api_url}/")  # another origin (port)
        page.wait_for_function("() => !!window.GovQAWidget", timeout=10_000)
        assert page.evaluate("() => window.GovQAWidget.baseUrl") == api_url
        page.locator(LAUNCHER).click()
        expect(ask(page, SEED_QUESTION).locator(".gq-text")).to_contain_text("8件")
        limited = ask(page, SEED_QUESTION)
        expect(limited).to_have_class(re.compile(r"\bgq-error\b"))
        expect(limited).to_contain_text(re.compile(r"请在 \d+ 秒后再试"))
        page.close()


def test_stub_demo_page_asks_the_q_parameter(page, widget_stub_url):
    """WeChat's "完整回答" link is GOVQA_PORTAL_URL/?q=<question>: the demo page opens
    the widget and asks it."""
    from urllib.parse import quote

    page.goto(f"{widget_stub_url}/?q={quote('联系电话是多少？')}")
    expect(page.get_by_role("dialog", name="政府信息公开问答")).to_be_visible()
    expect(page.locator(".gq-user")).to_contain_text("联系电话是多少？")
    expect(last_answer(page).locator(".gq-text")).to_contain_text("0595-12345678")
