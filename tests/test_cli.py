"""The ``govqa`` command line (govqa/cli.py) as a person runs it: a real
process with its own GOVQA_HOME; ``--agency`` / ``--year`` stating a report's
identity to ``parse`` and ``ingest``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import SAMPLE

SAMPLE_AGENCY = "泉州台商投资区规划建设与交通运输局"


@pytest.fixture()
def run(tmp_path):
    from govqa.settings import get_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_HOME=str(tmp_path / "home"), GOVQA_MODEL_DIR=str(get_settings().resolved_model_dir),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")

    def _run(*args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "govqa.cli", *map(str, args)], capture_output=True, text=True,
                              timeout=300, env=env, cwd=tmp_path)
    return _run


def test_parse_with_a_stated_identity_says_given(run):
    proc = run("parse", SAMPLE, "--json", "--agency", "漳州市测试局", "--year", "2021")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["report_id"] == "2021-漳州市测试局" and data["agency"] == "漳州市测试局" and data["year"] == 2021
    assert data["identity"] == {"agency_from": "given", "year_from": "given"}
    assert SAMPLE_AGENCY in data["agency_variants"]
    plain = json.loads(run("parse", SAMPLE, "--json").stdout)
    assert plain["agency"] == SAMPLE_AGENCY and plain["identity"]["agency_from"] != "given"


def test_ingest_with_a_stated_identity_stores_it_under_that_id(run):
    proc = run("ingest", SAMPLE, "--agency", "漳州市测试局", "--year", "2021")
    assert proc.returncode == 0, proc.stderr
    assert "ok    2021-漳州市测试局" in proc.stdout
    rows = json.loads(run("reports", "--json").stdout)
    assert [(r["report_id"], r["agency"], r["year"]) for r in rows] == [("2021-漳州市测试局", "漳州市测试局", 2021)]


@pytest.mark.parametrize("args,words", [
    (["--agency", "漳州市测试局"], "exactly one file (2 given)"),
    (["--year", "2021"], "exactly one file (2 given)"),
    (["--year", "abc"], "whole number"),
    (["--year", "1999"], "2000 to"),
    (["--agency", "a/b局"], "cannot contain"),
])
def test_ingest_refuses_a_stated_identity_it_cannot_use(run, tmp_path, args, words):
    """A stated identity names one report: with two files, or a bad year or
    name, nothing is ingested; exit 2 with one clear line."""
    second = tmp_path / "copy.txt"
    second.write_bytes(SAMPLE.read_bytes())
    proc = run("ingest", SAMPLE, second, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "home" / "chroma").exists()  # the store was never opened


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://govqa:secret-pw@127.0.0.1:{port}/govqa",  # nothing listens there
    "sqlite:////dev/null/nowhere/govqa.db",  # a folder that cannot exist
])
def test_serve_with_a_database_it_cannot_reach_is_one_line_and_exit_1(tmp_path, url):
    """Checked before the model loads: one clear line on stderr (no password), exit 1."""
    import time

    from govqa.settings import get_settings
    from tests.support.postgres import free_port

    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_HOME=str(tmp_path / "home"), GOVQA_MODEL_DIR=str(get_settings().resolved_model_dir),
               GOVQA_DATABASE_URL=url.format(port=free_port()), HF_HUB_OFFLINE="1")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "govqa.cli", "serve", "--port", "1"], capture_output=True,
                          text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govqa: the database at "), proc.stderr
    assert "secret-pw" not in proc.stderr and proc.stdout == ""
    assert time.monotonic() - started < 60
