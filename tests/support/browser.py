"""What every browser test needs: Debian's chromium (never a downloaded one) and
Playwright, or a module-level skip saying which is missing."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]


def require_browser():
    """The playwright.sync_api module; skips the calling test module when chromium or Playwright is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
