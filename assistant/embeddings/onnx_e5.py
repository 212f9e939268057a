"""The built-in e5-small on ONNX Runtime with dynamic int8 weights: the default backend.

The converted sentence-transformers folder (``e5_convert``) is exported once with torch's
TorchScript exporter and quantised with ``onnxruntime.quantization.quantize_dynamic``
(int8 weights per output channel; the FFN output projections stay float) into a sibling
folder of the model cache, ``<converted folder>-onnx-int8-v<N>``. (sentence-transformers'
own ONNX backend needs optimum-onnx, whose release 0.1.0 does not import with transformers
5.) It embeds 2-6x faster than torch on 2 CPU cores and agrees with it to a cosine of
~0.998 or better. Torch is needed for the build only; embedding needs ``onnxruntime`` and
``tokenizers``.

Like the converted folder, the built folder is complete only with its marker file; it
is built beside its final place and renamed in (an interrupted build leaves no half
model that later loads), under a lock file so two processes never build at once.

``OnnxE5Embedder`` does what ``SentenceTransformerEmbedder`` does for this model: the
same tokenizer, prompts and truncation (512 tokens), mean pooling over the attention
mask and L2 normalisation. One difference: dynamic quantisation scales the activations
per batch, so a text embedded in another batch comes out at a cosine of ~0.998 to
itself, not 1 (batch size 1 would avoid that at ~10% of the speed).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from assistant.embeddings import e5_convert
from assistant.embeddings.sentence import resolve_prompts
from assistant.errors import ModelError
from assistant.settings import env_var

FORMAT_VERSION = 1  # bump when the export or quantisation changes; old folders are then ignored
SUFFIX = f"-onnx-int8-v{FORMAT_VERSION}"
MARKER = "onnx-int8.json"
MODEL_FILE = "model.onnx"
COPIED = ("tokenizer.json", "config.json", "sentence_bert_config.json", "config_sentence_transformers.json")
BUILD_SECONDS = 60  # about what export + quantisation take on 2 CPU cores, for the notice
BATCH_SIZE = 16

Progress = Callable[[str], None]


def folder_for(converted: Path) -> Path:
    return Path(converted).parent / f"{Path(converted).name}{SUFFIX}"


def is_complete(folder: Path, converted: Path | None = None) -> bool:
    """True when ``folder`` is a finished build of this format (and, when ``converted``
    is given, of that converted folder as it is now: a rebuilt folder is seen)."""
    try:
        marker = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if marker.get("format_version") != FORMAT_VERSION or not (Path(folder) / MODEL_FILE).is_file():
        return False
    return converted is None or marker.get("source") == _source_stamp(Path(converted))


def ensure_model(converted: Path, on_build: Progress | None = None) -> Path:
    """The int8 folder built from ``converted``, built first if missing or stale.

    ``on_build`` is called once, with the folder, just before a build starts."""
    converted = Path(converted)
    target = folder_for(converted)
    try:
        return e5_convert.build_once(target, lambda: is_complete(target, converted),
                                     lambda: build(converted, target), on_build)
    except ImportError as exc:
        raise ModelError(
            f"Building the int8 e5-small needs the packages onnx and torch ({exc}). Install "
            f"the project again ('pip install -e .') or set {env_var('embed_backend')}=torch."
        ) from exc
    except OSError as exc:
        raise ModelError(
            f"Building the int8 e5-small in {target.parent} failed: {exc}. It needs about "
            f"1 GB free while building; free space there, point {env_var('model_cache')} "
            f"at another folder, or set {env_var('embed_backend')}=torch."
        ) from exc


def build(converted: Path, target: Path, progress: Progress | None = None) -> Path:
    """Export ``converted`` to ONNX, quantise it to int8 and rename the result to
    ``target`` (an existing folder there is replaced)."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    work = target.parent / f".{target.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        (work / "model").mkdir(parents=True)
        say("exporting to ONNX")
        export_fp32(converted, work / "fp32.onnx")
        say("quantising the weights to int8")
        quantise(work / "fp32.onnx", work / "model" / MODEL_FILE)
        for name in COPIED:
            if (converted / name).is_file():
                shutil.copy2(converted / name, work / "model" / name)
        marker = {
            "format_version": FORMAT_VERSION,
            "source": _source_stamp(converted),
            "build_seconds": round(time.perf_counter() - started, 1),
        }
        (work / "model" / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        (work / "model").rename(target)
        say(f"done in {time.perf_counter() - started:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def export_fp32(converted: Path, path: Path) -> None:
    """The encoder (no pooler) as ONNX: inputs ``input_ids`` and ``attention_mask``
    [batch, tokens], output ``hidden`` [batch, tokens, dim], both axes dynamic."""
    import torch
    from transformers import AutoModel

    from assistant.embeddings._hf import quiet_progress

    with quiet_progress():
        model = AutoModel.from_pretrained(str(converted), add_pooling_layer=False).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.full((2, 16), 5, dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 10:] = 0  # a padded row, so the traced graph keeps the masking path
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python control flow
        torch.onnx.export(
            Hidden(model), (ids, mask), str(path),
            input_names=["input_ids", "attention_mask"], output_names=["hidden"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
            opset_version=17, dynamo=False,
        )


def quantise(fp32: Path, int8: Path) -> None:
    """int8 weights per output channel for every MatMul except each layer's FFN output
    projection: its input (after GELU) has outliers that 8-bit activations flatten.
    Measured on corpus chunks and windows: all MatMuls give a cosine to torch of min 0.990
    / mean 0.996, this min 0.998 / mean 0.999, at ~10% of the speed-up."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32), load_external_data=False).graph
    ffn_out = [
        node.name for node in graph.node
        if node.op_type == "MatMul" and node.name.endswith("/output/dense/MatMul")
        and "/attention/" not in node.name
    ]
    with _without_preprocessing_advice():
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True,
                         nodes_to_exclude=ffn_out)


@contextlib.contextmanager
def _without_preprocessing_advice() -> Iterator[None]:
    """The quantiser advises pre-processing through the root logger (``logging.warning``,
    which also installs a stderr handler when there is none); drop that advice, keep the
    process's logging as it was."""
    root = logging.getLogger()
    guard = None if root.handlers else logging.NullHandler()

    def keep(record: logging.LogRecord) -> bool:
        return "pre-processing" not in str(record.msg)

    if guard:
        root.addHandler(guard)
    root.addFilter(keep)
    try:
        yield
    finally:
        root.removeFilter(keep)
        if guard:
            root.removeHandler(guard)


def _source_stamp(converted: Path) -> dict:
    """What identifies the converted folder a build came from: its own marker."""
    try:
        return json.loads((converted / e5_convert.MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class OnnxE5Embedder:
    """The built folder (``ensure_model``) as an ``Embedder``."""

    def __init__(
        self,
        folder: Path,
        model_id: str,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
        batch_size: int = BATCH_SIZE,
        threads: int | None = None,
    ):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        if not is_complete(folder):
            raise ModelError(
                f"No complete int8 e5-small model in {folder}. Delete the folder to have it "
                f"rebuilt, or set {env_var('embed_backend')}=torch."
            )
        config = _read_json(folder / "config.json")
        st_config = _read_json(folder / "config_sentence_transformers.json")
        self.max_length = int(_read_json(folder / "sentence_bert_config.json").get(
            "max_seq_length", e5_convert.MAX_SEQ_LENGTH))
        self.pad_id = int(config.get("pad_token_id", 1))
        self.dimension = int(config["hidden_size"])
        self.model_id = model_id
        self.query_prompt, self.passage_prompt = resolve_prompts(
            str(folder), st_config.get("prompts") or {}, query_prompt, passage_prompt
        )
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=self.max_length)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or available_cores()
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self.query_prompt)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self.passage_prompt)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([prompt + text for text in texts])
        # Longest first, so each batch pads to similar lengths; rows go back to input order.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids), reverse=True)
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            width = len(encodings[rows[0]].ids)
            ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[rows] = pooled / norms
        return out


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
