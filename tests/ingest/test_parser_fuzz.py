"""Hostile input for the parser (Hypothesis; strategies and the property in
tests/fuzzing.py): random bytes, arbitrary Unicode, real reports in mixed
encodings (UTF-8 / GBK / GB18030 / Big5 fragments), truncated tables, hostile
numbers, HTML tables with multiplying spans, damaged PDFs, and 10 MB lines.

The parser returns a ParsedReport whose JSON is strict, or raises
``ReportError`` (bad input, message for users): never any other exception,
and never slower than a generous bound. ``HYPOTHESIS_PROFILE`` picks the
example count (tests/conftest.py: "ci" by default); ``eval/bench_fuzz.py`` runs
the same properties with thousands of cases.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings

from tests.fuzzing import (MALFORMED_PDFS, REPORT_PDFS, hostile_lines, mixed_encoding_report, mutated_pdf,
                           parse_property, parser_inputs)


@given(case=parser_inputs)
def test_hostile_input_gives_a_report_or_a_clean_error(case):
    parse_property(*case)


@given(case=mixed_encoding_report())
def test_reports_in_mixed_encodings(case):
    parse_property(*case)


@pytest.mark.skipif(not REPORT_PDFS, reason="../shared/corpus/pdf not beside the checkout")
@settings(max_examples=min(8, settings().max_examples))  # ~2 s per PDF
@given(case=mutated_pdf())
def test_damaged_pdfs(case):
    parse_property(*case)


@pytest.mark.parametrize("name", sorted(MALFORMED_PDFS))
def test_malformed_pdfs_are_a_clean_error(name):
    assert parse_property("r.pdf", MALFORMED_PDFS[name]) == "error"


def _edit(text: str, where: str, insert: str) -> str:
    i = text.index(where)
    return text[:i] + insert + text[i:]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("name", ["cell past float range", "cell of 5000 digits", "prose count of 5000 digits",
                                  "stray line of 5000 digits", "lifted cell of 5000 digits"])
def test_numbers_no_report_prints_are_not_a_crash(name):
    """int() refuses strings past 4,300 digits and float() turns 400 digits
    into inf, which strict JSON (the API, `govqa parse --json`) cannot carry."""
    from tests.fuzzing import REPORT_TEXTS

    text, big = REPORT_TEXTS[0], "9" * 5000
    hostile = {
        "cell past float range": lambda: _replace(text, "\n8 |", "\n" + "1" * 400 + ".5 |"),
        "cell of 5000 digits": lambda: _replace(text, "\n8 |", "\n" + big + " |"),
        "prose count of 5000 digits": lambda: _edit(text, "一、总体情况", "本年共收到政府信息公开申请" + big + "件。\n"),
        "stray line of 5000 digits": lambda: _edit(text, "本年新收", big + "\n"),
        "lifted cell of 5000 digits": lambda: _edit(text, "本年新收", big + "（其中修订16件）\n"),
    }[name]()
    assert parse_property("r.txt", hostile.encode()) in ("report", "error")


def test_encoding_errors_after_a_bom_are_a_clean_error():
    for data in (b"\xef\xbb\xbf\xff\xfe\xfd", b"\xff\xfe" + b"\x00\xd8" * 8, b"\xfe\xff\xd8\x00\x00"):
        assert parse_property("r.txt", data) == "error"


@pytest.mark.parametrize("name", ["10MB of 2020年 before a title without 政府信息公开",
                                  "10MB of phone-like digits after the title", "HTML spans that multiply"])
def test_pathological_input_through_govqa_parse(name, tmp_path):
    """`govqa parse` on a 10 MB line or multiplying table spans: exit 0 (a
    report) or 2 (one clear line), never a traceback, in bounded time. Run as
    a subprocess so a regression (catastrophic regex backtracking) is a
    failure, not a hung test run."""
    fname, data = hostile_lines()[name]
    path = tmp_path / fname
    path.write_bytes(data)
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "govqa.cli", "parse", str(path), "--json"],
                              capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"govqa parse took over 120 s on {name!r}")
    elapsed = time.monotonic() - started
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 2), err[-2000:]
    assert "Traceback" not in err
    if done.returncode == 0:
        json.loads(done.stdout)
    else:
        assert err.strip().startswith("govqa: ") and len(err.strip().splitlines()) == 1, err[-500:]
    assert elapsed < 60, f"{name}: {elapsed:.1f} s"
