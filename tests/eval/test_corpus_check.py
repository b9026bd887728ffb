"""eval.corpus_check: real rows over corpus reports, and an identity error fails the run."""

from __future__ import annotations

import json
import shutil

import pytest

from eval.corpus_check import check_corpus, exit_code, main, template_cells
from tests.conftest import CORPUS

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")
REPORT = "2024_shanghai_shi-kewei.txt"           # top-level, sidecar in the corpus README


@needs_corpus
def test_top_level_report_row_is_real():
    rows = check_corpus(CORPUS, only=REPORT)
    assert [r["file"] for r in rows] == [REPORT]
    r = rows[0]
    assert r["status"] == "OK" and not r["identity_error"]
    assert (r["agency"], r["year"]) == ("上海市科学技术委员会", 2024) == (r["expected"]["agency"], r["expected"]["year"])
    assert r["agency_from"] and r["year_from"]
    assert r["template"] == "2021" and r["cells"]["template"] == 200 and r["cells"]["read"] > 150
    assert r["sums"]["checked"] > 0 and set(r["sections"]) <= set(range(1, 7)) and 3 in r["sections"]
    assert exit_code(rows) == 0


@needs_corpus
def test_broken_sums_are_counted_against_checks_made():
    # the corpus README: this report's 行政复议 totals do not add up
    r = check_corpus(CORPUS, only="2023_huaian_hongze-qu-renmin-zhengfu.txt")[0]
    assert r["sums"]["broken"] >= 1 and "appeals_sum" in r["sums"]["broken_rules"]
    assert r["sums"]["broken"] <= r["sums"]["checked"]


@needs_corpus
def test_wild_sidecar_and_bulk_files():
    rows = check_corpus(CORPUS, only="wild/2013_pingtan_difang-shuiwu-ju.txt")
    assert rows[0]["expected"]["agency"] == "平潭综合实验区地方税务局" and rows[0]["cells"] is None
    bulk = check_corpus(CORPUS, only="*kejiting.csv")
    # one row per annual report in the bulk file (the 网站年度报表 rows are not reports), all one agency
    assert sorted(r["year"] for r in bulk) == list(range(2015, 2024))
    assert {r["agency"] for r in bulk} == {"河北省科学技术厅"}
    assert all(r["file"].startswith("wild/2016-2023_hebei_sheng-kejiting.csv#") for r in bulk)
    assert exit_code(bulk) == 0


@needs_corpus
def test_identity_error_exits_1(tmp_path, capsys):
    shutil.copy(CORPUS / REPORT, tmp_path / REPORT)
    (tmp_path / "README.md").write_text(
        "| file | agency | year | template | what it is like |\n|---|---|---|---|---|\n"
        f"| {REPORT} | 上海市人民政府办公厅 | 2024 | 2021 | a copy with the wrong agency |\n", encoding="utf-8")
    assert main(["--corpus", str(tmp_path)]) == 1
    assert "上海市人民政府办公厅 (sidecar)" in capsys.readouterr().out
    assert main(["--corpus", str(tmp_path), "--exclude", REPORT]) == 0


@needs_corpus
def test_wrong_year_and_unreadable_report_in_wild(tmp_path, capsys):
    wild = tmp_path / "wild"
    wild.mkdir()
    shutil.copy(CORPUS / REPORT, wild / REPORT)
    (wild / REPORT.replace(".txt", ".json")).write_text(
        json.dumps({"agency": "上海市科学技术委员会", "year": 2023, "template": "2021"}), encoding="utf-8")
    (wild / "2024_not_a_report.txt").write_text("just some English text, no report here\n" * 5, encoding="utf-8")
    (wild / "2024_not_a_report.json").write_text(json.dumps({"agency": "x", "year": 2024, "template": "2021"}))
    assert main(["--corpus", str(tmp_path), "--json"]) == 1
    rows = {r["file"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[f"wild/{REPORT}"]["status"] == "WRONG" and rows[f"wild/{REPORT}"]["year"] == 2024
    assert rows["wild/2024_not_a_report.txt"]["status"] == "PARSE ERROR"


def test_template_cells():
    assert len(template_cells("2021", {}, [])) == 200
    assert len(template_cells("2019", {}, [])) == 198
    # a 2021 report printing (六)其他处理 as one row is keyed as 2019's
    assert len(template_cells("2021", {"requests.other.total": 0}, [])) == 186
    assert template_cells("pre-2019", {}, []) == []


def test_a_bulk_files_sidecar_names_a_template_per_range_of_rows():
    from eval.corpus_check import template_for_year

    side = "2021 (rows 2021-2023); 2019 (rows 2019-2020); pre-2019 (earlier)"
    assert [template_for_year(side, y) for y in (2023, 2020, 2015)] == ["2021", "2019", "pre-2019"]
    assert template_for_year("pre-2019 (2016-2018); 2019 (rows 2019-2020)", 2017) == "pre-2019"
    assert template_for_year("2021", 2019) == "2021"  # one report, one template
