"""Scoring one answer against one gold line. Pure functions, so the referee
itself is tested (tests/eval/test_scoring.py)."""

from __future__ import annotations

import re
from functools import lru_cache


def contains(text: str, expected: str) -> bool:
    """Numbers match as whole numbers (26 does not match 260 or 1,26); other
    strings as substrings, ignoring spaces and table rules ("72 | 64 | 178"
    is the row a citation prints as "72 64 178")."""
    # a row copied with its rules, or its cells separated by spaces ("0 1 1 0 2"): its cells, in order
    if re.search(r"[|｜]", expected) or re.fullmatch(r"[+\-]?[\d.]+(?:\s+[+\-]?[\d.]+)+", expected.strip()):
        cells = " ".join(c for c in re.split(r"[\s|｜]+", expected) if c)
        spaced = re.sub(r"[\s|｜]+", " ", text)
        return re.search(rf"(?<![\d.]){re.escape(cells)}(?!\d)", spaced) is not None or \
            cells.replace(" ", "") in re.sub(r"[\s|｜]+", "", text) and not re.search(r"\d", cells)
    flat = re.sub(r"\s+", "", text)
    exp = re.sub(r"\s+", "", expected)
    if re.fullmatch(r"[+\-]?\d+(?:\.\d+)?", exp):
        whole = rf"(?<![\d.]){re.escape(exp)}(?![\d]|\.\d)"
        # spaces removed ("7 545" is 7545) or kept as separators (a row printed "37 351 13")
        spaced = re.sub(r"\s+", " ", text).replace(",", "")
        return re.search(whole, flat.replace(",", "")) is not None or re.search(whole, spaced) is not None
    return exp in flat


@lru_cache(maxsize=4096)
def _simplified(name: str) -> str:
    from ingest.reader import to_simplified

    return to_simplified(name)[0]


def same_report(gold: dict, report_id: str | None) -> bool:
    """The cited report is one the gold names; a name written in traditional characters
    (2020-開平市農業農村局) is the same report as its simplified id."""
    if not gold.get("reports"):
        return True
    return report_id is not None and (report_id in gold["reports"] or
                                      _simplified(report_id) in {_simplified(r) for r in gold["reports"]})


def answer_correct(gold: dict, got: dict) -> bool:
    if gold.get("refuse"):
        return bool(got.get("refused"))
    if got.get("refused"):
        return False
    text = got.get("answer", "")
    if not all(contains(text, e) for e in gold.get("expect_all", [])):
        return False
    anys = gold.get("expect_any", [])
    return not anys or any(contains(text, e) for e in anys)


def citation_correct(gold: dict, got: dict) -> bool | None:
    """A cited text contains every evidence string, from one of the right
    reports. None when the question has no evidence (refusals)."""
    if gold.get("refuse") or not gold.get("evidence"):
        return None
    for c in got.get("citations", []):
        if not same_report(gold, c.get("report_id")):
            continue
        if all(contains(c.get("text", ""), e) for e in gold["evidence"]):
            return True
    return False


def retrieval_rank(gold: dict, hits: list[dict]) -> int | None:
    """1-based rank of the first hit from the right report holding all the
    evidence; None when not in the list (or nothing to find)."""
    if gold.get("refuse") or not gold.get("evidence"):
        return None
    for i, h in enumerate(hits, 1):
        if not same_report(gold, h.get("report_id")):
            continue
        if all(contains(h.get("text", ""), e) for e in gold["evidence"]):
            return i
    return 0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def computed_problems(got: dict) -> list[str]:
    """What is wrong with an answer's computed figures (``got["computed"]``): each must
    equal the arithmetic of the figures it comes from, appear in the answer, and every
    figure it is added up from must be printed in one of the answer's citations."""
    import re

    cited = {float(x) for c in got.get("citations", []) for x in re.findall(r"\d+(?:\.\d+)?", c.get("text", ""))}
    shown = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", got.get("answer", "").replace(",", ""))}
    problems = []
    sums = set()
    used = {float(x) for c in got.get("computed") or [] if c["op"] != "sum" for x in c["of"]}
    sums_used = used.__contains__  # a sum the answer does not show must feed a figure it does
    for c in got.get("computed") or []:
        op, of, value = c["op"], c["of"], c["value"]
        want = {"sum": lambda: sum(of), "max": lambda: max(of), "min": lambda: min(of),
                "difference": lambda: of[0] - of[1],
                "share": lambda: round(of[0] / of[1] * 100, 2) if of[1] else None}[op]()
        if want is None or abs(want - value) > 1e-6:
            problems.append(f"{op} of {of} is {want}, the answer says {value}")
        if abs(value) not in shown and op != "sum" or op == "sum" and value not in shown and not sums_used(value):
            problems.append(f"{op} {value} is not in the answer's text")
        for x in of:
            if float(x) not in cited | sums:  # a cited figure, or a sum checked before it
                problems.append(f"{op}: {x} is in no citation")
        if op == "sum":
            sums.add(float(value))
    return problems
