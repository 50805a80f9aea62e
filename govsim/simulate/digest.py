"""A digest of a file that grows at its end, which a reader can check from its last MiB.

The digest of a file is SHA-256 over a chain: each whole MiB block is folded
into the chain (`chain = sha256(chain + block)`, starting from 32 zero
bytes), and the digest is `sha256(chain + the bytes after the last whole
block)`. A writer carries it on from the chain and the partial last block
alone, so continuing a 100 GB table reads under a MiB; a reader checks that
a table is the one its manifest describes from that same last MiB (or from
the whole file, block by block, when it reads it all anyway).
"""

from __future__ import annotations

import hashlib
import os

BLOCK = 1 << 20
START = bytes(32)


class Chain:
    """The digest of the bytes given to `update` so far."""

    def __init__(self, chain: bytes = START, tail: bytes = b"", size: int = 0) -> None:
        self.chain = chain
        self.tail = bytearray(tail)
        self.size = size
        """Bytes digested, the tail included."""

    @classmethod
    def resumed(cls, chain_hex: str, size: int, tail: bytes) -> Chain:
        """The state of a file of `size` bytes whose chain is `chain_hex` and tail `tail`."""
        return cls(bytes.fromhex(chain_hex), tail, size)

    def update(self, data: bytes) -> None:
        self.size += len(data)
        self.tail += data
        while len(self.tail) >= BLOCK:
            self.chain = hashlib.sha256(self.chain + self.tail[:BLOCK]).digest()
            del self.tail[:BLOCK]

    def hexdigest(self) -> str:
        return hashlib.sha256(self.chain + self.tail).hexdigest()

    def copy(self) -> Chain:
        return Chain(self.chain, bytes(self.tail), self.size)


def tail_start(size: int) -> int:
    """Where the bytes after the last whole block begin, in a file of `size` bytes."""
    return size - size % BLOCK


def read_tail(fd: int, size: int) -> bytes:
    """The bytes of the open file `fd` from its last whole block to `size`."""
    start = tail_start(size)
    return os.pread(fd, size - start, start)


def of_file(fd: int, size: int) -> Chain:
    """The digest of the first `size` bytes of the open file `fd`, read block by block."""
    chain = Chain()
    offset = 0
    while offset < size:
        block = os.pread(fd, min(BLOCK, size - offset), offset)
        if not block:
            break
        chain.update(block)
        offset += len(block)
    return chain
