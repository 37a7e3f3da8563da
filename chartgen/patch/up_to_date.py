"""Whether a patched chart written earlier is still what patching its source with its overlays gives
(``chartgen patch --check``, the pre-commit hook that keeps a committed patched chart in step).

A fresh patch is made in memory and compared byte for byte with what is on disk, so a change anywhere (the stock
chart, an overlay, a parameter, chartgen itself, or a hand edit of the output) shows up as drift; the files that
differ are named so the reader knows where to look.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["archive_drift", "directory_drift"]


def directory_drift(expected: dict[str, bytes], target: Path) -> list[str]:
    """One line per file of the folder ``target`` that differs from ``expected`` (chart-relative path -> bytes):
    changed, missing, or not produced by the patch. Empty when the folder is exactly what the patch writes."""
    if not target.exists():
        return [f"{target} does not exist"]
    if not target.is_dir() or target.is_symlink():
        return [f"{target} is not a folder"]
    found = _entries_under(target)
    drift = []
    for rel in sorted(set(expected) | set(found)):
        if rel not in found:
            drift.append(f"{rel}: missing")
        elif rel not in expected:
            drift.append(f"{rel}: not written by the patch")
        elif found[rel] is None:
            drift.append(f"{rel}: not a regular file")
        elif not _holds(found[rel], expected[rel]):
            drift.append(f"{rel}: differs")
    return drift


def archive_drift(expected: bytes, target: Path) -> list[str]:
    """The archive ``target`` against the bytes a fresh ``--package`` writes (which are reproducible)."""
    if not target.exists():
        return [f"{target} does not exist"]
    if not target.is_file():
        return [f"{target} is not a file"]
    if target.read_bytes() != expected:
        return [f"{target}: differs"]
    return []


def _entries_under(root: Path) -> dict[str, Path | None]:
    """Every entry below ``root`` by POSIX path: its path for a regular file, None for a link or special file (a
    patch writes neither). Links are not followed, and nothing is read here."""
    found: dict[str, Path | None] = {}
    for folder, dirs, names in os.walk(root):
        base = Path(folder)
        for name in [*names, *(d for d in dirs if (base / d).is_symlink())]:
            path = base / name
            regular = path.is_file() and not path.is_symlink()
            found[path.relative_to(root).as_posix()] = path if regular else None
    return found


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly ``data``; only a file of the right size is read, so a large stranger costs
    nothing."""
    return path.stat().st_size == len(data) and path.read_bytes() == data
