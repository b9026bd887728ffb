"""The staff page's figures explorer (数据浏览) in a real browser against the real service:
pick a figure by the template's words, every report's row (a blank cell shown as 空白,
never 0), sorting, the charts, the link to a report, the CSV; at 1280 and 360 px.

Playwright's sync API with Debian's chromium (never ``playwright install``). The store is
the session's (sample and corpus reports) plus ``facts_reports``: one test agency's 2020
report with its 本年新收 总计 cell blank and its 2021 report with the cell filled.
"""

from __future__ import annotations


import pytest

from tests.support.browser import require_browser

from tests.api.conftest import FACTS_AGENCY

sync_api = require_browser()
expect = sync_api.expect

pytestmark = pytest.mark.browser

KEY = "requests.new.total"
LABEL = "本年新收政府信息公开申请数量"
FLAGGED_ID = "2024-淮安市洪泽区人民政府"  # a corpus report whose prose contradicts this cell


@pytest.fixture
def staff(browser, service_url, facts_reports, request):
    """The staff page at the width the test is parametrized with; no JavaScript error allowed."""
    width = request.param
    ctx = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(service_url + "/staff")
    yield page
    ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _values(page) -> list[str]:
    return page.locator("#fx-rows td.fx-value").evaluate_all(
        "tds => tds.map(td => td.firstChild ? td.firstChild.textContent : '')")


def _fits(page) -> None:
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def _pick(page, typed: str, label: str) -> None:
    box = page.get_by_role("combobox", name="指标")
    box.fill(typed)
    page.get_by_role("option", name=label, exact=True).click()
    expect(box).to_have_value(label)


@pytest.mark.parametrize("staff", [1280, 360], indirect=True, ids=["1280px", "360px"])
def test_explorer_shows_one_figure_for_every_report(staff, service_url, facts_reports, tmp_path):
    page = staff
    expected = page.request.get(service_url + "/v1/facts", params={"key": KEY}).json()

    # the picker lists the template's words for what is typed
    box = page.get_by_role("combobox", name="指标")
    box.fill("行政复议")
    options = page.get_by_role("option")
    expect(options.first).to_be_visible(timeout=30_000)
    assert all("行政复议" in t for t in options.all_inner_texts())
    box.press("Escape")
    expect(page.locator("#fx-key-list")).to_be_hidden()
    _pick(page, "本年新收", LABEL)

    rows = page.locator("#fx-rows tr")
    expect(rows).to_have_count(len(expected))
    blank = page.locator(f'#fx-rows tr[data-report-id="{facts_reports[2020]}"]')
    expect(blank.locator("td.fx-value")).to_have_text("空白")
    expect(blank).to_have_attribute("data-state", "blank")
    expect(page.locator(f'#fx-rows tr[data-report-id="{facts_reports[2021]}"] td.fx-value')).to_have_text("8")
    expect(page.locator("#fx-status")).to_contain_text("空白 1")
    assert "0" not in _values(page)  # nothing in this store is 0: a blank must not become one
    if any(r["report_id"] == FLAGGED_ID for r in expected):
        flagged = page.locator(f'#fx-rows tr[data-report-id="{FLAGGED_ID}"]')
        expect(flagged).to_have_class("flagged")
        assert "requests.new.total = 95" in flagged.get_attribute("title")
    _fits(page)

    # sorting: by value, largest first, the blank after every figure; again, smallest first
    page.get_by_role("button", name="数值").click()
    expect(page.locator('th[data-sort="value"]')).to_have_attribute("aria-sort", "descending")
    desc = _values(page)
    numbers = [float(v.replace(",", "")) for v in desc if v != "空白"]
    assert numbers == sorted(numbers, reverse=True) and desc[-1] == "空白", desc
    page.get_by_role("button", name="数值").click()
    expect(page.locator('th[data-sort="value"]')).to_have_attribute("aria-sort", "ascending")
    asc = _values(page)
    assert asc != desc and [float(v.replace(",", "")) for v in asc if v != "空白"] == sorted(numbers)
    page.get_by_role("button", name="年度").click()
    years = page.locator("#fx-rows tr td:nth-child(2)").all_inner_texts()
    assert years == sorted(years)

    # the CSV link is the route's CSV for what the table shows
    href = page.locator("#fx-csv").get_attribute("href")
    assert href.startswith("/v1/facts?") and "format=csv" in href
    csv = page.request.get(service_url + href)
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text().splitlines()[0].startswith("report_id,agency,year,value,state")
    assert len(csv.text().strip().splitlines()) == len(expected) + 1

    # one year: a bar per agency; the blank one says so instead of a bar
    page.get_by_role("checkbox", name="2020年").check()
    in_2020 = [r for r in expected if r["year"] == 2020]
    expect(rows).to_have_count(len(in_2020))
    bars = page.locator("#fx-chart svg.fx-bars")
    expect(bars).to_be_visible()
    expect(bars.locator("rect")).to_have_count(sum(r["state"] == "value" for r in in_2020))
    expect(bars).to_contain_text("空白")
    assert "year=2020" in page.locator("#fx-csv").get_attribute("href")
    _fits(page)
    page.get_by_role("checkbox", name="2020年").uncheck()

    # one agency over several years: a line; the blank year is marked, not drawn at 0
    page.get_by_label("机关（可选").fill(FACTS_AGENCY)
    expect(rows).to_have_count(2)
    lines = page.locator("#fx-chart svg.fx-lines")
    expect(lines).to_be_visible()
    expect(lines.locator("circle.fx-point")).to_have_count(1)
    gap = lines.locator("text.fx-gap")
    expect(gap).to_contain_text("空白")
    zero_line = max(float(y) for y in lines.locator("line").evaluate_all("ls => ls.map(l => l.getAttribute('y1'))"))
    assert float(gap.get_attribute("y")) > zero_line  # below the axis, apart from 0
    href = page.locator("#fx-csv").get_attribute("href")
    assert "agency=" in href
    one = page.request.get(service_url + href).text().strip().splitlines()
    assert len(one) == 3 and all(FACTS_AGENCY in line for line in one[1:])
    _fits(page)

    # each row links to its report: the page's own report view, the figure's row marked
    link = page.locator(f'#fx-rows tr[data-report-id="{facts_reports[2021]}"] a')
    assert link.get_attribute("href") == "/v1/reports/" + facts_reports[2021].replace(FACTS_AGENCY, _quoted(FACTS_AGENCY))
    link.click()
    expect(page.locator("#report h3").first).to_contain_text(FACTS_AGENCY)
    expect(page.locator(f'#report tr[data-key="{KEY}"]')).to_contain_text("8")
    _fits(page)
    page.screenshot(path=str(tmp_path / "explorer.png"), full_page=True)  # last: it may scroll the page
    print(f"screenshot: {tmp_path / 'explorer.png'}")


@pytest.mark.parametrize("staff", [1280], indirect=True)
def test_explorer_picker_works_by_keyboard(staff):
    page = staff
    box = page.get_by_role("combobox", name="指标")
    box.focus()
    page.keyboard.type("行政复议 总计")
    expect(page.get_by_role("option").first).to_be_visible(timeout=30_000)
    box.press("ArrowDown")
    first = page.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    label = first.evaluate("li => li.firstChild.textContent")
    box.press("Enter")
    expect(box).to_have_value(label)
    expect(page.locator("#fx-rows tr").first).to_be_visible()
    expect(page.locator("#fx-status")).to_contain_text(label)


def _quoted(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
