"""Wild crawler forms the parser reads: text nodes one per line, bodies on one line."""

from __future__ import annotations

from pathlib import Path

import pytest

WILD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wild"

@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")
def test_a_page_of_one_text_node_per_line_keeps_its_sentences_whole():
    from ingest.parser import parse_file

    r = parse_file(WILD / "2019_sanming_shi-renmin-zhengfu.txt")   # "稿" / "件" / "445篇" / "。" on lines of their own
    paragraphs = [p for s in r.sections for p in s.paragraphs]
    assert any("发布政策解读稿件445篇。" in p for p in paragraphs)


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus/wild")
def test_a_one_line_body_gets_its_sections_back():
    from ingest.parser import parse_file

    r = parse_file(WILD / "2021_pingtan_jiaotong-jianshe-ju.txt")   # the whole body on one line
    numbers = {s.number for s in r.sections}
    assert {1, 2, 5, 6} <= numbers
    assert any("主动公开政府信息96条" in p for s in r.sections for p in s.paragraphs)
