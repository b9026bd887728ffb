"""The place-swap check keeps the gold's meaning: only names change."""

from __future__ import annotations

import json

from eval.run import DEV_GOLD, HOLDOUT2_GOLD, HOLDOUT3_GOLD, HOLDOUT_GOLD
from eval.swap_places import SWAP_SETS, swap, swap_gold


def test_swap_targets_are_named_by_no_gold_question():
    # else a must-refuse question about such a place would name a report in the store
    text = "".join(p.read_text(encoding="utf-8") for p in (DEV_GOLD, HOLDOUT_GOLD, HOLDOUT2_GOLD, HOLDOUT3_GOLD))
    assert not [b for swaps in SWAP_SETS.values() for _, b in swaps if b in text]


def test_swap_changes_names_not_numbers():
    line = json.dumps({"id": "x", "question": "洪泽区政府2023年收到多少申请？", "reports": ["2023-淮安市洪泽区人民政府"],
                       "expect_all": ["21"], "expect_any": [], "evidence": ["淮安市洪泽区洪泽湖大道90号"],
                       "turns": ["上海市科委呢"]}, ensure_ascii=False)
    g = json.loads(swap_gold(line))
    assert g["question"] == "江宁区政府2023年收到多少申请？" and g["reports"] == ["2023-扬州市江宁区人民政府"]
    assert g["expect_all"] == ["21"] and g["evidence"] == ["扬州市江宁区玄武湖大道90号"]
    assert g["turns"] == ["天津市科委呢"] and swap("泉州台商投资区") == "厦门火炬高新区"
