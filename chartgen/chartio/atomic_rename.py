"""Linux's ``renameat2``: swap two paths in one step, or rename without replacing, where the OS offers it.

Replacing a folder needs two renames with plain ``rename(2)`` (old away, new in), and a run killed between them
leaves no folder at all. ``RENAME_EXCHANGE`` swaps the two names atomically, so the target always exists; where
there is no ``renameat2`` (not Linux, an old C library) or the filesystem refuses the flag, the callers fall back
to the two renames.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from typing import Any

__all__ = ["exchange", "rename_no_replace"]

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
# What renameat2 answers when the kernel or the filesystem does not support the call or the flag.
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


@functools.cache
def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28, or none to load
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _call(source: os.PathLike[str], target: os.PathLike[str], flags: int) -> bool:
    function = _renameat2()
    if function is None:
        return False
    import ctypes

    if function(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), os.fspath(source), None, os.fspath(target))


def exchange(first: os.PathLike[str], second: os.PathLike[str]) -> bool:
    """Swap two existing paths of one filesystem atomically; False when the OS or filesystem cannot."""
    return _call(first, second, _RENAME_EXCHANGE)


def rename_no_replace(source: os.PathLike[str], target: os.PathLike[str]) -> bool:
    """Rename ``source`` to ``target`` unless ``target`` exists (then FileExistsError); False when unsupported.

    Plain ``rename(2)`` silently replaces an empty folder that appeared at ``target`` in the meantime."""
    return _call(source, target, _RENAME_NOREPLACE)
