"""A short prose report printed to PDF the way a portal's staff do it (a web page printed
by Chromium): its lines wrap at the page's width, inside a sentence, a heading or the
signature. Invented reports; the PDF is real, printed by headless Chromium."""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

import pytest

from ingest.parser import parse_file

CHROMIUM = Path("/usr/bin/chromium")

# the whole body on one line, as a mirror site keeps it; signed at the end, no date
ONE_LINE = (
    "某岭镇2011年政府信息公开工作年报\n"
    "2011年,某岭镇人民政府信息公开工作根据《中华人民共和国政府信息公开条例》要求,按照市政府统一部署,加强组织领导,"
    "健全工作机制,扎实推进政府信息公开工作,现将我镇2011年政府信息公开工作小结如下: 一、政府信息主动公开情况 "
    "全年我镇在市政府门户网站主动公开信息38条,在镇门户网站主动公开信息9条。 "
    "二、政府依申请公开政府信息和不予公开信息情况 2011年,全镇政府信息公开依申请办理事项为零。 "
    "三、政府信息公开收费和减免情况 2011年,全镇信息公开的收费和减免为零。 "
    "四、政府信息公开申请行政复议、行政诉讼情况 2011年,全镇未发生一起因政府信息公开申请行政复议的事项。 "
    "五、政府信息公开工作存在的主要问题和改进措施 存在的主要问题有:1.信息公开的实效性有待进一步加强;"
    "2.对政府信息公开平台建设有待进一步完善。 附表:2011年某岭镇政府信息公开年度报告 某某市某江区某岭镇人民政府\n")

# a figure given only as "10余条" on a line of its own under a numbered item
ABOUT_A_FIGURE = (
    "某莱市档案局2010年政府信息公开工作年度报告\n\n一、总体情况\n\n2010年,市档案局及时更新完善信息公开指南和目录。\n\n"
    "二、主动公开政府信息情况\n\n(一)2010年主动公开政府信息10余条\n\n(二)信息公开的形式\n\n在市政府网站上发布各类政府信息。\n")


def printed(text: str, tmp: Path) -> Path:
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed (scripts/setup.sh installs it)")
    src, out = tmp / "page.html", tmp / "report.pdf"
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    src.write_text(f"<html><head><meta charset='utf-8'></head><body style='font-size:12pt'>{body}</body></html>",
                   encoding="utf-8")
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", src.as_uri()], capture_output=True, timeout=120, check=True)
    return out


def test_a_one_line_body_wrapped_by_the_page_keeps_its_sections_and_its_signature(tmp_path):
    report = parse_file(printed(ONE_LINE, tmp_path))
    assert report.source["format"] == "pdf"
    # the signature wrapped over two lines is still the agency's full name
    assert report.report_id == "2011-某某市某江区某岭镇人民政府"
    numbers = [s.number for s in report.sections]
    assert {3, 4, 5} <= set(numbers)
    problems = " ".join(p for s in report.sections if s.number == 5 for p in s.paragraphs)
    assert "实效性" in problems and "平台建设" in problems and "依申请" not in problems


def test_a_numbered_line_giving_a_figure_as_10余条_is_a_sentence_not_a_heading(embedder, tmp_path):
    from tests.support.services import fresh_service

    pdf = printed(ABOUT_A_FIGURE, tmp_path)
    svc = fresh_service(embedder, tmp_path / "home")
    svc.ingest_file(pdf)
    got = svc.ask("某莱市档案局2010年主动公开了多少条政府信息？")
    assert not got["refused"] and "10余条" in got["answer"]


def test_a_wrapped_line_starting_with_a_heading_keeps_its_prose_and_word_order_does_not_hide_a_heading():
    from ingest.parser import classify_heading, parse_text
    from ingest.reader import SourceText

    text = ("某岭镇2016年政府信息公开年度报告\n"
            "一、政府信息主动公开情况 2016年度共主动公开政府信息25条,其中工作动态\n"
            "信息5条。\n"
            "三、回应解读情况 回应公众关注热点或重大舆情数2次,分别是某某石场\n"
            "合同纠纷和某某路拦车事件。\n"
            "四、咨询处理情况\n2016年度未收到任何形式的有关信息公开方面的咨询。\n")
    report = parse_text(SourceText(text=text, original=text, encoding="utf-8", fmt="txt", traditional=False), "x.txt")
    headings = {s.heading: s for s in report.sections}
    assert "三、回应解读情况" in headings
    assert "2次,分别是某某石场合同纠纷" in "".join(headings["三、回应解读情况"].paragraphs)
    assert headings["一、政府信息主动公开情况"].number == 2
    assert classify_heading("二、主动公开信息情况") == 2 and classify_heading("二、信息主动公开情况") == 2
