"""Read a TensorFlow checkpoint (tensor bundle) without TensorFlow.

A bundle is ``<prefix>.index`` plus ``<prefix>.data-NNNNN-of-MMMMM`` shards. The index is a
LevelDB-style SSTable whose keys are tensor names and whose values are ``BundleEntryProto``
messages (dtype, shape, shard, offset, size); the data shards hold the raw little-endian tensor
bytes. Only what a float checkpoint needs is decoded: uncompressed table blocks, numeric dtypes,
unsliced tensors. Anything else is refused with an error rather than guessed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
BLOCK_TRAILER = 5  # 1 byte compression type + 4 bytes crc

# tensorflow/core/framework/types.proto
DTYPES = {
    1: np.float32, 2: np.float64, 3: np.int32, 4: np.uint8, 5: np.int16, 6: np.int8,
    9: np.int64, 10: np.bool_, 14: None, 17: np.uint16, 19: np.float16, 22: np.uint32, 23: np.uint64,
}


class CheckpointError(ValueError):
    """The files are not a tensor bundle this reader understands."""


@dataclass(frozen=True)
class Entry:
    name: str
    dtype: int
    shape: tuple[int, ...]
    shard: int
    offset: int
    size: int


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise CheckpointError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise CheckpointError("varint too long")


def _fields(buf: bytes) -> Iterator[tuple[int, int, object]]:
    """Protobuf wire format: (field number, wire type, value) for every field of a message."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        num, wt = key >> 3, key & 7
        if wt == 0:
            val, pos = _varint(buf, pos)
        elif wt == 1:
            val, pos = buf[pos : pos + 8], pos + 8
        elif wt == 2:
            n, pos = _varint(buf, pos)
            val, pos = buf[pos : pos + n], pos + n
        elif wt == 5:
            val, pos = buf[pos : pos + 4], pos + 4
        else:
            raise CheckpointError(f"unsupported protobuf wire type {wt}")
        yield num, wt, val


def _entry(name: str, value: bytes) -> Entry:
    dtype, shape, shard, offset, size = 0, [], 0, 0, 0
    for num, _, val in _fields(value):
        if num == 1:
            dtype = int(val)  # type: ignore[arg-type]
        elif num == 2:  # TensorShapeProto: repeated Dim dim = 2 {int64 size = 1}
            for dnum, _, dval in _fields(val):  # type: ignore[arg-type]
                if dnum == 2:
                    size_ = next((int(v) for n, _, v in _fields(dval) if n == 1), 0)  # type: ignore[arg-type]
                    shape.append(size_)
                elif dnum == 3 and dval:
                    raise CheckpointError(f"{name}: unknown rank")
        elif num == 3:
            shard = int(val)  # type: ignore[arg-type]
        elif num == 4:
            offset = int(val)  # type: ignore[arg-type]
        elif num == 5:
            size = int(val)  # type: ignore[arg-type]
        elif num == 7:
            raise CheckpointError(f"{name}: sliced (partitioned) tensors are not supported")
    return Entry(name, dtype, tuple(shape), shard, offset, size)


def _block(data: bytes, offset: int, size: int) -> bytes:
    if offset + size + BLOCK_TRAILER > len(data):
        raise CheckpointError("table block runs past the end of the index file")
    if data[offset + size] != 0:
        raise CheckpointError("compressed table blocks are not supported")
    return data[offset : offset + size]


def _block_entries(block: bytes) -> Iterator[tuple[bytes, bytes]]:
    if len(block) < 4:
        raise CheckpointError("table block too short")
    n_restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * n_restarts
    pos, key = 0, b""
    while pos < end:
        shared, pos = _varint(block, pos)
        unshared, pos = _varint(block, pos)
        vlen, pos = _varint(block, pos)
        key = key[:shared] + block[pos : pos + unshared]
        pos += unshared
        yield key, block[pos : pos + vlen]
        pos += vlen


def read_index(index: Path) -> list[Entry]:
    """All tensor entries of a bundle's ``.index`` file (the header entry is skipped)."""
    data = Path(index).read_bytes()
    if len(data) < FOOTER_SIZE:
        raise CheckpointError(f"{index}: too short for a table")
    footer = data[-FOOTER_SIZE:]
    if struct.unpack("<Q", footer[-8:])[0] != TABLE_MAGIC:
        raise CheckpointError(f"{index}: not a TensorFlow checkpoint index (bad table magic)")
    _, pos = _varint(footer, 0)  # metaindex handle: unused
    _, pos = _varint(footer, pos)
    idx_off, pos = _varint(footer, pos)
    idx_size, pos = _varint(footer, pos)
    entries = []
    for _, handle in _block_entries(_block(data, idx_off, idx_size)):
        off, p = _varint(handle, 0)
        size, _ = _varint(handle, p)
        for key, value in _block_entries(_block(data, off, size)):
            if key:  # "" is the BundleHeaderProto
                entries.append(_entry(key.decode("utf-8"), value))
    return entries


def read_checkpoint(prefix: Path) -> dict[str, np.ndarray]:
    """Every numeric tensor of the bundle ``prefix`` (``prefix.index`` + data shards)."""
    prefix = Path(prefix)
    index = prefix.with_name(prefix.name + ".index")
    entries = read_index(index)
    shards = sorted(prefix.parent.glob(prefix.name + ".data-*-of-*"))
    if not shards:
        raise CheckpointError(f"{prefix}: no .data shard next to the index")
    blobs: dict[int, bytes] = {}
    out = {}
    for e in entries:
        dt = DTYPES.get(e.dtype)
        if dt is None:
            continue  # strings / resources: not weights
        if e.shard >= len(shards):
            raise CheckpointError(f"{e.name}: shard {e.shard} missing")
        if e.shard not in blobs:
            blobs[e.shard] = shards[e.shard].read_bytes()
        blob = blobs[e.shard]
        count = int(np.prod(e.shape)) if e.shape else 1
        if e.offset + e.size > len(blob) or count * np.dtype(dt).itemsize != e.size:
            raise CheckpointError(f"{e.name}: size {e.size} does not match shape {e.shape} / data file")
        arr = np.frombuffer(blob, dtype=np.dtype(dt).newbyteorder("<"), count=count, offset=e.offset)
        out[e.name] = arr.reshape(e.shape).copy()
    return out
