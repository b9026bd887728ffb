"""govqa eval's "reports tuned on vs never tuned on" summary (no model needed)."""

from __future__ import annotations

import io

from eval.run import DEFAULT_GOLD, UNTUNED_SETS, group_table, score_groups


def _q(set_, files, refuse=False):
    return {"_set": set_, "files": files, "refuse": refuse}


def test_groups_by_reports():
    gold = [_q("dev", ["a.txt"]), _q("holdout2", ["a.txt", "b.txt"]), _q("dev", [], refuse=True),
            _q("wild_a", ["wild/x.txt"]), _q("wild_b", ["wild/y.txt"]),
            _q("wild_final", ["wild/z.txt"]), _q("wild_final", ["wild/y.txt"])]
    answers = [True, False, True, True, False, True, False]
    cites = [True, None, None, True, False, True, False]
    refusals = [True, True, True, True, True, False, True]
    g = score_groups(gold, answers, cites, refusals)
    assert list(g) == ["corpus", "wild_tuned", "untuned", "untuned_overlap", "no_report", "all"]
    assert g["corpus"]["n"] == 2 and g["corpus"]["reports"] == 2 and g["corpus"]["answer_accuracy"] == 0.5
    assert g["corpus"]["citation_accuracy"] == 1.0 and g["corpus"]["counts"]["citations"] == [1, 1]
    assert g["wild_tuned"]["sets"] == ["wild_a", "wild_b"] and g["wild_tuned"]["counts"]["answers"] == [1, 2]
    # wild/y.txt is asked about by wild_b: its wild_final question is not "never tuned on"
    assert g["untuned"]["n"] == 1 and g["untuned"]["refusal_accuracy"] == 0.0
    assert g["untuned_overlap"]["n"] == 1
    assert g["no_report"]["citation_accuracy"] is None
    assert g["all"]["n"] == 7 and g["all"]["counts"]["answers"] == [4, 7]


def test_group_table_prints_every_group():
    from rich.console import Console

    g = score_groups([_q("dev", ["a.txt"]), _q("wild_final", ["wild/z.txt"])], [True, False], [True, None], [True, True])
    out = io.StringIO()
    Console(file=out, width=200).print(group_table({"govqa": {"by_group": g}, "baseline": None}))
    text = out.getvalue()
    assert "top-level corpus reports, tuned on" in text and "reports never tuned on" in text
    assert "1.000 (1/1)" in text and "0.000 (0/1)" in text


def test_default_run_has_every_gold_set():
    names = {p.stem for p in DEFAULT_GOLD}
    assert {"dev", "holdout", "holdout6", "wild_a", "wild_b", "wild_final"} <= names
    assert all(p.exists() for p in DEFAULT_GOLD) and UNTUNED_SETS <= names


def test_the_gate_holds_the_tuned_reports_to_the_targets_and_the_wild_ones_to_their_floor():
    from eval.run import passes_gate

    def row(a, c, r):
        return {"answer_accuracy": a, "citation_accuracy": c, "refusal_accuracy": r}
    good = {"by_group": {"corpus": row(0.99, 0.99, 0.99), "wild_tuned": row(0.9, 0.9, 0.9),
                         "all": row(0.95, 0.95, 0.95)}, **row(0.95, 0.95, 0.95)}
    assert passes_gate(good)
    assert not passes_gate({**good, "by_group": {**good["by_group"], "corpus": row(0.97, 0.99, 0.99)}})
    assert not passes_gate({**good, "by_group": {**good["by_group"], "wild_tuned": row(0.5, 0.9, 0.9)}})
    assert not passes_gate(row(0.97, 0.99, 0.99))   # one gold file, no groups: the whole run


def test_aggregate_sets_get_a_store_of_their_own():
    from eval.run import _stores

    gold = [_q("dev", ["a.txt"]), _q("aggregate", ["a.txt", "b.txt"]), _q("wild_a", ["wild/x.txt"]),
            _q("aggregate", ["c.txt"])]
    # a ranking's right answer depends on every report in the store: the shared store would change it
    assert sorted(_stores(gold)) == [[0, 2], [1, 3]]


def test_bulk_csv_reports_reach_the_baseline_one_per_report():
    from pathlib import Path

    from eval.run import _report_texts

    csv = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild" / "2016-2023_hebei_sheng-kejiting.csv"
    texts = _report_texts(csv)
    ids = [rid for rid, _ in texts]
    assert len(ids) == len(set(ids)) >= 8
    assert all(rid.split("-", 1)[1].startswith("河北省科") for rid in ids)  # 科技厅 until canonical() merges it


def test_questions_over_many_reports_have_their_own_row_and_leave_never_tuned_alone():
    gold = [_q("aggregate", ["a.txt", "wild/z.txt"]), _q("wild_final", ["wild/z.txt"]), _q("dev", ["a.txt"])]
    g = score_groups(gold, [True, True, False], [True, True, None], [True, True, True])
    assert g["many_reports"]["n"] == 1
    assert g["untuned"]["n"] == 1 and "untuned_overlap" not in g  # wild/z.txt stays never tuned on
