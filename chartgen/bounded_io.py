"""Reading an untrusted file with a bound on the bytes actually read.

A file's reported size proves nothing: ``/dev/zero`` and ``/proc`` files report 0 and never end or hold more, a
FIFO has no size and may never be written. :func:`read_bounded` stops after ``limit + 1`` bytes and refuses, and
waits at most ``PIPE_IDLE_SECONDS`` for a pipe or device that stays silent, so ``-f <(cmd)`` still works.
"""

from __future__ import annotations

import os
import select
import stat

from chartgen.errors import ChartgenError, Location
from chartgen.limits import PIPE_IDLE_SECONDS, MiB

__all__ = ["InputTooLargeError", "InputStalledError", "read_bounded", "size_text"]

_CHUNK = 1 << 16


class InputTooLargeError(ChartgenError):
    """A file holds more bytes than chartgen reads for its kind of input."""


class InputStalledError(ChartgenError):
    """A pipe or device gave no data for ``PIPE_IDLE_SECONDS``."""


def size_text(limit: int) -> str:
    """``5 MiB (5242880 bytes)``: the unit for reading, the exact number for checking."""
    if limit >= MiB and limit % MiB == 0:
        return f"{limit // MiB} MiB ({limit} bytes)"
    return f"{limit} bytes"


def read_bounded(path: str | os.PathLike[str], limit: int, what: str, shown: str | None = None) -> bytes:
    """The bytes of ``path``, which must be at most ``limit`` long; ``what`` names the input in the refusal
    (``values file``). OS errors (missing file, directory, permission) propagate as ``OSError`` for the caller's
    own wording; a refusal is :class:`InputTooLargeError` or :class:`InputStalledError` located at ``shown``."""
    where = Location(shown if shown is not None else str(path))
    # O_NONBLOCK: opening a FIFO nobody writes to would otherwise block for ever, before any timeout applies.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if stat.S_ISREG(mode):
            os.set_blocking(fd, True)
            data = _read_regular(fd, limit)
        else:
            data = _read_stream(fd, limit, where, what)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputTooLargeError(f"{what} is larger than chartgen's limit of {size_text(limit)}", where)
    return data


def _read_regular(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = os.read(fd, min(_CHUNK, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _read_stream(fd: int, limit: int, where: Location, what: str) -> bytes:
    chunks: list[bytes] = []
    remaining = limit + 1
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    while remaining > 0:
        if not poller.poll(int(PIPE_IDLE_SECONDS * 1000)):
            raise InputStalledError(f"{what} gave no data for {PIPE_IDLE_SECONDS:g} seconds", where)
        try:
            chunk = os.read(fd, min(_CHUNK, remaining))
        except BlockingIOError:
            continue
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
