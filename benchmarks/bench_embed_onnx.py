"""The built-in e5-small on ONNX Runtime, fp32 and with dynamic int8 quantisation, beside
today's torch backend: ingest throughput (chunks/s, each chunk with its sentence windows,
embedded as ``ingest.pipeline`` does) over N chunks of corpus/, and the cosine of every
vector to today's. Prints; asserts nothing.

sentence-transformers' own ONNX backend needs optimum-onnx, whose newest release (0.1.0)
does not import with transformers 5 (``get_parameter_dtype``, ``_CAN_RECORD_REGISTRY``
are gone); so the model is exported here with torch's TorchScript exporter and quantised
with ``onnxruntime.quantization.quantize_dynamic``, which needs the ``onnx`` package.
Files go to a temporary folder. This was the experiment; the backend it led to is
``assistant/embeddings/onnx_e5.py`` (the default), measured against torch by
``bench_ingest_backends.py``.

    .venv/bin/python benchmarks/bench_embed_onnx.py [--chunks 40]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def workload(n: int):
    from ingest import pipeline
    from ingest.sources import discover, read_text

    chunks = []
    for src in discover([ROOT / "corpus"]).files:
        chunks += pipeline.prepare(src.meta, src.path, read_text(src.path)).chunks
    step = max(1, len(chunks) // n)
    return chunks[::step][:n]


def run(embedder, chunks):
    """Vectors of every chunk text and window, embedded as the pipeline does, and seconds."""
    import numpy as np

    from ingest.pipeline import EMBED_BATCH, embed_text, window_texts

    out = []
    t = time.perf_counter()
    for i in range(0, len(chunks), EMBED_BATCH):
        batch = chunks[i:i + EMBED_BATCH]
        out.append(embedder.embed_documents([embed_text(c) for c in batch]))
        windows = [w for c in batch for w in window_texts(c)]
        out.append(embedder.embed_documents(windows))
    return np.vstack(out), time.perf_counter() - t


class OnnxEmbedder:
    """today's embedder with its transformer run by ONNX Runtime: same tokenizer, prompt,
    mean pooling and normalisation."""

    def __init__(self, today, path: Path):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = today.model.tokenizer
        self.max_length = today.model.max_seq_length
        self.prompt = today.passage_prompt
        self.batch_size = today.batch_size

    def embed_documents(self, texts: list[str]):
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(order), self.batch_size):
            idx = order[i:i + self.batch_size]
            enc = self.tokenizer([self.prompt + texts[j] for j in idx], padding=True, truncation=True,
                                 max_length=self.max_length, return_tensors="np")
            mask = enc["attention_mask"].astype(np.int64)
            hidden = self.session.run(None, {"input_ids": enc["input_ids"].astype(np.int64),
                                             "attention_mask": mask})[0]
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out[idx] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out


def export(folder: Path, target: Path) -> tuple[Path, Path, Path]:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(folder)).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, ids, mask):
            return self.m(input_ids=ids, attention_mask=mask).last_hidden_state

    fp32, int8, channel = target / "e5.onnx", target / "e5-int8.onnx", target / "e5-int8-channel.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 10:] = 0  # a padded row, so the traced graph keeps the padding path
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(Hidden(model), (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["hidden"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes})
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    quantize_dynamic(str(fp32), str(channel), weight_type=QuantType.QInt8, per_channel=True)
    return fp32, int8, channel


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=40)
    args = parser.parse_args()
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        print(f"ONNX export not available ({exc}); install onnx to run this.")
        return
    import numpy as np
    import torch

    from assistant.embeddings import make_embedder
    from assistant.embeddings.factory import converted_e5_folder
    from assistant.settings import Settings
    from ingest.pipeline import window_texts

    print(f"torch threads: {torch.get_num_threads()}, cpu count: {os.cpu_count()}")
    settings = Settings.from_env()
    chunks = workload(args.chunks)
    print(f"workload: {len(chunks)} corpus chunks with {sum(len(window_texts(c)) for c in chunks)} windows")
    today = make_embedder(settings)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        fp32, int8, channel = export(converted_e5_folder(settings), Path(tmp))
        print(f"export + dynamic int8 quantisation: {time.perf_counter() - t:.1f} s "
              f"({fp32.stat().st_size / 2**20:.0f} MB → {int8.stat().st_size / 2**20:.0f} MB)")
        candidates = {"onnx fp32": OnnxEmbedder(today, fp32), "onnx int8": OnnxEmbedder(today, int8),
                      "onnx int8 per channel": OnnxEmbedder(today, channel)}
        run(today, chunks[:4])  # warm up
        for emb in candidates.values():
            run(emb, chunks[:4])
        base, seconds = run(today, chunks)
        print(f"torch (today): {len(chunks) / seconds:.2f} chunks/s incl. windows ({seconds:.1f} s)")
        for name, emb in [*candidates.items(), ("torch (today), again", today)]:
            vectors, seconds = run(emb, chunks)
            cos = np.sum(vectors * base, axis=1) / (
                np.linalg.norm(vectors, axis=1) * np.linalg.norm(base, axis=1))
            print(f"{name}: {len(chunks) / seconds:.2f} chunks/s incl. windows ({seconds:.1f} s); "
                  f"cosine to today over {len(cos)} vectors: min {cos.min():.4f} / mean {cos.mean():.4f}")


if __name__ == "__main__":
    main()
