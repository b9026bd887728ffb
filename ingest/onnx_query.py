"""Questions through ONNX Runtime, passages through sentence-transformers.

A question is ~20 tokens; at that size PyTorch spends most of its time in
per-op overhead, which ONNX Runtime does not have: measured here, one thread,
12.4 ms per question against 26.7 ms, identical vectors (cosine 1.00000).
Passages (long batches) gain only ~1.15x, so they stay on sentence-transformers.

The exported graph starts after the word-embedding lookup: its input is the
token vectors, looked up in numpy from ``onnx/word_embeddings.npy``, mapped
from disk. A question touches a few dozen of its 250k rows, so the 384 MB
matrix costs a few pages of memory, and answering questions needs neither
torch nor sentence-transformers (~700 MB resident): the tokenizer is the
folder's own ``tokenizer.json`` through the ``tokenizers`` library.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

ONNX_FILE = Path("onnx") / "encoder.onnx"
VOCAB_FILE = Path("onnx") / "word_embeddings.npy"
SPM_FILE = Path("onnx") / "sentencepiece.model"


def sentencepiece_model(tokenizer_json: Path) -> bytes:
    """A SentencePiece unigram model with the pieces, scores, ids and
    normalisation map of an XLM-R style ``tokenizer.json``."""
    import base64
    import json

    from sentencepiece import sentencepiece_model_pb2 as pb

    spec = json.loads(Path(tokenizer_json).read_text(encoding="utf-8"))
    charsmap = next(n["precompiled_charsmap"] for n in spec["normalizer"]["normalizers"]
                    if n["type"] == "Precompiled")
    proto = pb.ModelProto()
    kinds = pb.ModelProto.SentencePiece
    proto.trainer_spec.model_type = pb.TrainerSpec.UNIGRAM
    special = {"<s>": kinds.CONTROL, "<pad>": kinds.CONTROL, "</s>": kinds.CONTROL, "<unk>": kinds.UNKNOWN,
               "<mask>": kinds.USER_DEFINED}
    ids = {piece: i for i, (piece, _) in enumerate(spec["model"]["vocab"])}
    proto.trainer_spec.bos_id, proto.trainer_spec.pad_id = ids["<s>"], ids["<pad>"]
    proto.trainer_spec.eos_id, proto.trainer_spec.unk_id = ids["</s>"], ids["<unk>"]
    norm = proto.normalizer_spec
    norm.name = "xlmr_precompiled"
    norm.precompiled_charsmap = base64.b64decode(charsmap)
    # "▁" before the text, runs of spaces as one: transformers' Metaspace + Replace(" {2,}")
    norm.add_dummy_prefix, norm.remove_extra_whitespaces, norm.escape_whitespaces = True, True, True
    for piece, score in spec["model"]["vocab"]:
        p = proto.pieces.add()
        p.piece, p.score, p.type = piece, score, special.get(piece, kinds.NORMAL)
    return proto.SerializeToString()


def export_encoder(model_dir: Path) -> Path:
    """Write ``onnx/encoder.onnx`` into a built sentence-transformers folder."""
    import torch
    from transformers import AutoModel

    model_dir = Path(model_dir)
    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class FromTokenVectors(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            token_type_ids = torch.zeros_like(attention_mask)
            return self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    wrapped = FromTokenVectors(bert)
    dim = bert.config.hidden_size
    example = (torch.zeros(1, 6, dim), torch.ones(1, 6, dtype=torch.int64))
    out = model_dir / ONNX_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(model_dir / VOCAB_FILE, bert.embeddings.word_embeddings.weight.detach().numpy().astype(np.float32))
    (model_dir / SPM_FILE).write_bytes(sentencepiece_model(model_dir / "tokenizer.json"))
    with torch.no_grad():
        torch.onnx.export(wrapped, example, str(out), input_names=["inputs_embeds", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={"inputs_embeds": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"},
                                        "last_hidden_state": {0: "batch", 1: "tokens"}})
    return out


class OnnxQueryEncoder:
    """Mean-pooled, normalised e5 vectors from the exported graph, the same
    as sentence-transformers gives (tokens, truncation and padding alike)."""

    def __init__(self, model_dir: Path, threads: int = 1):
        import json

        import onnxruntime as ort
        import sentencepiece

        model_dir = Path(model_dir)

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(model_dir / ONNX_FILE), options,
                                             providers=["CPUExecutionProvider"])
        self.max_seq_length = int(json.loads((model_dir / "sentence_bert_config.json")
                                             .read_text(encoding="utf-8"))["max_seq_length"])
        self._spm = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / SPM_FILE))
        self._bos, self._eos, self._pad_id = self._spm.bos_id(), self._spm.eos_id(), self._spm.pad_id()
        self._space = self._spm.piece_to_id("\u2581")
        self._vocab = np.load(model_dir / VOCAB_FILE, mmap_mode="r")
        self.dimension = int(self._vocab.shape[1])

    def tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask, padded to the longest text."""
        rows = []
        for text, pieces in zip(texts, self._spm.encode(list(texts))):
            if text[-1:].isspace() and text.strip():
                pieces = pieces + [self._space]  # transformers keeps a trailing space as "▁"
            rows.append([self._bos] + pieces[:self.max_seq_length - 2] + [self._eos])
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            ids[i, :len(r)] = r
            mask[i, :len(r)] = 1
        return ids, mask

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        ids, mask = self.tokens(texts)
        hidden = self._session.run(None, {"inputs_embeds": np.ascontiguousarray(self._vocab[ids]),
                                          "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def available(model_dir: Path) -> bool:
    return all((Path(model_dir) / f).is_file() for f in (ONNX_FILE, VOCAB_FILE, SPM_FILE))
