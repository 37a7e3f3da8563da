"""chartgen's on-disk cache: where it lives, how an entry is read and written, and how it is kept bounded.

Entries are files named by a hex key under ``<root>/<kind>/<key[:2]>/<key[2:]>``; what a key hashes and how an
entry's bytes are decoded belong to the kind (``helm/tree_cache.py`` for parse trees, ``helm/schema_check.py``
for schema verdicts). Nothing here trusts an entry: a kind decodes it defensively and treats anything odd as a
miss. Every failure to read or write only means doing the work again.

``CHARTGEN_CACHE_DIR`` moves the cache (default ``$XDG_CACHE_HOME/chartgen``, else ``~/.cache/chartgen``);
``CHARTGEN_NO_CACHE=1`` turns it off.

The cache is bounded because its input is not trusted: every distinct template and tpl string of a stranger's
chart adds an entry. At most once an hour, the first write of a process weighs the whole cache and, past
:data:`BUDGET_BYTES`, deletes the oldest entries until it is back under three quarters of it; a process that has
itself written a quarter of the budget weighs it again at once, so one large run cannot overshoot it.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

__all__ = [
    "BUDGET_BYTES",
    "cache_root",
    "code_stamp",
    "files_stamp",
    "library_files",
    "prune",
    "read_entry",
    "read_json",
    "write_entry",
    "write_json",
]

# The whole cache's size past which the oldest entries go; each file counts as at least one 4 KiB block.
BUDGET_BYTES = 256 << 20
_BLOCK = 4096
# No entry is read or written past this size: a planted or damaged file cannot make a run load gigabytes.
MAX_ENTRY_BYTES = 64 << 20
_PRUNE_EVERY_SECONDS = 3600
_STAMP = ".pruned"


def cache_root() -> Path | None:
    """The cache's folder, or None when caching is off."""
    environ = os.environ
    settings = (
        environ.get("CHARTGEN_NO_CACHE"),
        environ.get("CHARTGEN_CACHE_DIR"),
        environ.get("XDG_CACHE_HOME"),
        environ.get("HOME"),
    )
    # Asked once per template and per tpl string: the answer is kept for as long as the settings stay the same.
    if settings not in _roots:
        _roots[settings] = _root_for(*settings)
    return _roots[settings]


_roots: dict[tuple[str | None, ...], Path | None] = {}
_pruned: set[Path] = set()
# Bytes this process has written per cache folder since it last weighed it.
_written: dict[Path, int] = {}


def _root_for(off: str | None, configured: str | None, xdg: str | None, _home: str | None) -> Path | None:
    if off:
        return None
    if configured:
        return Path(configured)
    base = xdg or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "chartgen"


def files_stamp(places: list[Path]) -> bytes:
    """A digest of the names, sizes and modification times of the files at ``places`` (files, or folders walked
    whole): what a cached result depends on besides its inputs, so that an edit or an upgrade is a cache miss.
    Cheaper than hashing the contents, and an edit that keeps both size and time is not a realistic event."""
    import hashlib

    digest = hashlib.sha256()
    for place in places:
        for folder, subfolders, files in os.walk(place) if place.is_dir() else [(str(place.parent), [], [place.name])]:
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                try:
                    status = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                digest.update(
                    f"{folder}/{name}\0{status.st_size}\0{status.st_mtime_ns}\n".encode("utf-8", "surrogateescape")
                )
    return digest.digest()


_code_stamps: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[Path, ...]], bytes] = {}


def code_stamp(own: tuple[str, ...], libraries: tuple[str, ...] = (), data: tuple[Path, ...] = ()) -> bytes:
    """What a kind's cached results depend on besides their inputs: chartgen's files ``own`` (paths under the
    package), the installed packages ``libraries`` (``yaml``, ``ruamel.yaml``...), the ``data`` files and Python's
    version, as :func:`files_stamp` of them, once per process. Empty when a library is missing, which a kind takes
    to mean "keep nothing"."""
    key = (own, libraries, data)
    if key not in _code_stamps:
        found = library_files(*libraries)
        package = Path(__file__).resolve().parent
        places = [*(package / part for part in own), *data, *(found or ())]
        stamp = sys.implementation.cache_tag.encode() + b"\0" + files_stamp(places) if found is not None else b""
        _code_stamps[key] = stamp
    return _code_stamps[key]


def library_files(*names: str) -> list[Path] | None:
    """Files whose sizes and times change when the installed packages ``names`` are upgraded: each one's
    ``__init__.py`` and compiled extensions, found on ``sys.path`` without importing anything (importing the
    library, or even ``importlib.util``, is what a cache hit spares). None when one of them is not installed."""
    files: list[Path] = []
    for name in names:
        relative = name.replace(".", "/")
        for entry in sys.path:
            folder = Path(entry or ".") / relative
            if (folder / "__init__.py").is_file():
                files.append(folder / "__init__.py")
                with contextlib.suppress(OSError):
                    files.extend(folder / item for item in sorted(os.listdir(folder)) if item.endswith((".so", ".pyd")))
                break
        else:
            return None
    return files


def _entry_path(root: Path, kind: str, key: str) -> Path:
    return root / kind / key[:2] / key[2:]


def read_entry(kind: str, key: str) -> bytes | None:
    """The bytes stored under ``key``, or None (no cache, no entry, or unreadable)."""
    root = cache_root()
    if root is None:
        return None
    try:
        with open(_entry_path(root, kind, key), "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_ENTRY_BYTES:
                return None
            # Asked for by its size: a read of the cap itself would allocate the whole cap on every hit.
            data = handle.read(size + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_ENTRY_BYTES else None


def read_json(kind: str, key: str) -> Any:
    """The JSON value stored under ``key``, or None; the caller checks its shape, as for any untrusted file."""
    data = read_entry(kind, key)
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # a damaged or planted entry, however deep it nests, is a miss
        return None


def write_json(kind: str, key: str, value: Any) -> None:
    """Store a JSON value (ASCII, so any string survives the round trip) under ``key``."""
    write_entry(kind, key, json.dumps(value).encode("ascii"))


def write_entry(kind: str, key: str, data: bytes) -> None:
    """Store ``data`` under ``key``, atomically; a failure is ignored (the next run does the work again)."""
    root = cache_root()
    if root is None or len(data) > MAX_ENTRY_BYTES:
        return
    path = _entry_path(root, kind, key)
    # Written beside its final name and renamed: a concurrent reader sees the whole file or none. (A name drawn
    # here rather than by tempfile, whose import pulls in the random module on every cache miss.)
    temporary = path.parent / f".tmp-{os.getpid()}-{os.urandom(8).hex()}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError:
        return
    _written[root] = _written.get(root, 0) + max(len(data), _BLOCK)
    if _written[root] > BUDGET_BYTES // 4:
        _written[root] = 0
        prune(root)
    elif root not in _pruned:
        _pruned.add(root)
        _prune_when_due(root)


def _prune_when_due(root: Path) -> None:
    stamp = root / _STAMP
    try:
        if time.time() - stamp.stat().st_mtime < _PRUNE_EVERY_SECONDS:
            return
    except OSError:
        pass
    try:
        stamp.touch()
    except OSError:
        return
    prune(root)


def prune(root: Path, budget: int = BUDGET_BYTES) -> int:
    """Delete the oldest entries under ``root`` until it weighs at most ``budget`` (three quarters of it once it
    was over). Returns how many files were deleted. Only regular files are counted or removed; links are not
    followed, so a planted link cannot make pruning delete anything outside the cache."""
    entries: list[tuple[float, int, str]] = []
    total = 0
    for folder, _subfolders, files in os.walk(root):
        for name in files:
            if name == _STAMP and folder == str(root):
                continue
            path = os.path.join(folder, name)
            try:
                status = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(status.st_mode):
                continue
            weight = max(status.st_size, _BLOCK)
            total += weight
            entries.append((status.st_mtime, weight, path))
    if total <= budget:
        return 0
    entries.sort()
    goal = budget * 3 // 4
    removed = 0
    for _mtime, weight, path in entries:
        if total <= goal:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= weight
        removed += 1
    return removed
