"""Questions over many reports, through the real service (six corpus reports:
淮安市 2024, 洪泽区 2023 and 2024, 上海市科委 2024, 上海市政府办公厅 2025, the sample)."""

from __future__ import annotations

import re

from bot import aggregate as AG
from bot.understand import AgencyIndex, parse_question
from eval.scoring import computed_problems


def _figures(service, key, year=None):
    return {r["agency"]: r for r in service.facts_table(key, year=year) if r["state"] == "value"}


def test_which_agency_most_ranks_every_report_of_the_year(service):
    got = service.ask("2024年哪个机关收到的政府信息公开申请最多？")
    cells = _figures(service, "requests.new.total", 2024)
    top = max(cells.values(), key=lambda r: r["value"])
    assert not got["refused"] and got["kind"] == "aggregate"
    assert got["answer"].index(top["agency"]) < got["answer"].index("排序")  # the top named first
    assert {c["report_id"] for c in got["citations"]} == {r["report_id"] for r in cells.values()}
    assert [r["value"] for r in got["table"]["rows"]] == sorted((r["value"] for r in cells.values()), reverse=True)
    assert computed_problems(got) == []


def test_least_and_top_n(service):
    least = service.ask("2024年哪个机关收到的申请最少")
    cells = _figures(service, "requests.new.total", 2024)
    low = min(cells.values(), key=lambda r: r["value"])
    assert "最少的是" + low["agency"] in least["answer"]
    top2 = service.ask("2024年各机关新收申请前二名")
    assert re.search(r"1\. .*；2\. ", top2["answer"]) and "3. " not in top2["answer"]


def test_total_over_agencies_is_said_computed_and_adds_up(service):
    got = service.ask("2024年所有机关一共收到多少件申请？")
    cells = _figures(service, "requests.new.total", 2024)
    total = sum(r["value"] for r in cells.values())
    assert f"合计{total:g}件" in got["answer"] and "计算所得" in got["answer"]
    assert computed_problems(got) == []


def test_total_over_one_agencys_years(service):
    got = service.ask("洪泽区2023到2024年一共收到多少申请")
    rows = service.facts_table("requests.new.total", agency="洪泽区")
    assert len(rows) == 2
    assert f"合计{sum(r['value'] for r in rows):g}件" in got["answer"]


def test_trend_names_each_year_and_the_change(service):
    got = service.ask("洪泽区近几年收到申请的变化趋势")
    rows = sorted(service.facts_table("requests.new.total", agency="洪泽区"), key=lambda r: r["year"])
    for r in rows:
        assert f"{r['year']}年{r['value']:g}件" in got["answer"]
    assert "增加" in got["answer"] or "减少" in got["answer"]
    assert computed_problems(got) == []


def test_share_of_one_report_is_computed_from_two_cited_cells(service):
    got = service.ask("洪泽区2024年予以公开占本年新收的比例是多少")
    granted = service.facts_table("requests.granted.total", agency="洪泽区", year=2024)[0]["value"]
    new = service.facts_table("requests.new.total", agency="洪泽区", year=2024)[0]["value"]
    assert f"{granted / new * 100:.2f}%" in got["answer"]
    assert {c["key"] for c in got["citations"]} >= {"requests.granted.total", "requests.new.total"}


def test_a_place_the_store_lacks_is_refused_not_answered_for_everyone(service):
    got = service.ask("南京市各部门2024年收到的政府信息公开申请排名？")
    assert got["refused"] and "南京市" in got["answer"]


def test_a_breakdown_no_table_has_is_refused(service):
    got = service.ask("2024年各单位通过信函方式提交的申请各有多少，排个名")
    assert got["refused"]


def test_ordinary_questions_with_aggregate_words_stay_single_report_answers(service):
    # 总计 is a column word; 一共 with one agency and one year is one cell
    one = service.ask("洪泽区2024年一共收到多少政府信息公开申请")
    assert one["kind"] == "figure" and not one.get("table")
    two = service.ask("2024年淮安市政府跟洪泽区政府 行政复议总计 谁多")
    assert "合计" not in two["answer"]


def test_blank_unread_and_absent_are_named_never_counted(tmp_path):
    from bot.facts import FactsIndex
    from ingest.report import ParsedReport

    def rep(agency, values=None, blank=(), findings=(), template="2021"):
        return ParsedReport(report_id=f"2024-{agency}", agency=agency, year=2024, template=template,
                            title=agency, values=values or {}, blank=list(blank), findings=list(findings))

    facts = FactsIndex(tmp_path / "f.sqlite3")
    reports = [rep("甲市人民政府", {"requests.new.total": 5}), rep("乙市人民政府", {"requests.new.total": 7}),
               rep("丙市人民政府", blank=["requests.new.total"]),
               rep("丁市人民政府", findings=[{"rule": "glued_cells", "column": "requests.new", "detail": "“1234”"}]),
               rep("戊市人民政府", template="pre-2019")]
    for r in reports:
        facts.add(r, "g")
    metas = [{"report_id": r.report_id, "agency": r.agency, "year": 2024, "template": r.template} for r in reports]
    qn = parse_question("2024年各市一共收到多少申请", AgencyIndex([r.agency for r in reports]))
    ask = AG.detect(qn.text, qn)
    got = AG.answer(qn.text, qn, ask, AG.Scope([r.agency for r in reports], [2024], "库中各机关"), metas, facts)
    assert "合计12件" in got["answer"] and "由2份报告" in got["answer"]
    counted, skipped = got["answer"].split("未计入")
    assert all(a in skipped for a in ("丙市人民政府", "丁市人民政府", "戊市人民政府"))
    assert "空白" in skipped and "粘连" in skipped and "未列" in skipped
    assert {r["state"] for r in got["table"]["rows"]} == {"value", "blank", "unread", "absent"}
    assert all(r["value"] is None for r in got["table"]["rows"] if r["state"] != "value")
    rank = AG.answer("2024年各市哪个收到的申请最少", qn, AG.Ask(op="rank", keys=["requests.new.total"], least=True),
                     AG.Scope([r.agency for r in reports], [2024], "库中各机关"), metas, facts)
    assert "最少的是甲市人民政府，5件" in rank["answer"]  # a blank is not a 0 that would rank last


def test_detect_reads_the_operation_and_the_figure():
    idx = AgencyIndex(["淮安市人民政府", "淮安市洪泽区人民政府"])
    cases = {"2024年哪个机关收到的申请最多": ("rank", "requests.new.total", False),
             "各机关予以公开从少到多排个序": ("rank", "requests.granted.total", True),
             "淮安各部门行政复议加起来多少": ("total", "appeals.review.total", False),
             "洪泽区结转下年度的申请数历年如何变化": ("trend", "requests.carried_forward.total", False)}
    for text, (op, key, least) in cases.items():
        ask = AG.detect(text, parse_question(text, idx))
        assert (ask.op, ask.keys[0], ask.least) == (op, key, least), text
    assert AG.detect("洪泽区2024年收到多少申请", parse_question("洪泽区2024年收到多少申请", idx)) is None


def test_places_of_an_agency():
    assert AG.places_of("平潭综合实验区公安局") == ["平潭综合实验区", "平潭"]
    assert AG.places_of("淮安市洪泽区人民政府") == ["淮安市", "淮安", "洪泽区", "洪泽"]
