"""The malloc arena limit is in force in every GovQA process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_arena_limit_applies_unless_the_environment_sets_one():
    code = "import govqa.memory as m, sys; sys.exit(0 if m.limit_malloc_arenas() else 3)"
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0
    env["MALLOC_ARENA_MAX"] = "4"
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 3
