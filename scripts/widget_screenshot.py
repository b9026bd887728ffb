"""Regenerate docs/widget.png: the demo page at / with the widget open, an
answered question and its citation expanded, from the real service (bundled
sample report) in headless Debian chromium.

    python scripts/widget_screenshot.py [--out docs/widget.png] [--question "…"]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval._server import running_service  # noqa: E402

QUESTION = "泉州台商投资区规划建设与交通运输局2020年新收多少政府信息公开申请？"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "widget.png")
    ap.add_argument("--question", default=QUESTION)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()

    from playwright.sync_api import expect, sync_playwright

    with running_service(corpus=None) as svc, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 960, "height": 720}, locale="zh-CN", device_scale_factor=1)
        page.goto(svc.url + "/")
        page.locator('button[aria-label="打开政府信息公开问答"]').click()
        box = page.get_by_label(re.compile("请输入您的问题"))
        box.fill(args.question)
        box.press("Enter")
        bubble = page.locator(".gq-bot").last
        expect(bubble).not_to_have_class(re.compile(r"\bgq-pending\b"), timeout=60_000)
        bubble.locator(".gq-cites summary").first.click()
        expect(bubble.locator(".gq-quote").first).to_be_visible()
        page.locator("textarea").blur()
        page.wait_for_timeout(300)  # the panel's entry animation and the scroll settle
        # Show the conversation from the question down (question, answer, opened citation).
        page.evaluate("""() => {
            const r = document.getElementById('govqa-widget').shadowRoot;
            const body = r.querySelector('.gq-body');
            const asked = [...r.querySelectorAll('.gq-user')].pop();
            body.scrollTop = asked.offsetTop - body.offsetTop - 8;
        }""")
        page.wait_for_timeout(100)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
