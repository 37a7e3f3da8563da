"""Writing the patched chart: a directory or a ``helm package``-style archive, atomically and deterministically.

Everything is written into a temporary sibling first and moved into place with one rename, so an
interrupted run never leaves half a chart; an existing output is replaced only when the caller forces it.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from chartgen.errors import OutputError

# Helm writes these first in a package; the rest follows in path order.
_PACKAGE_FIRST = ("Chart.yaml", "values.yaml", "values.schema.json")


def is_chart_dir(folder: Path) -> bool:
    return (folder / "Chart.yaml").is_file()


def is_rendered_dir(folder: Path) -> bool:
    """A folder ``render --output-dir`` could have written: every file in it opens as a rendered document does
    (templates may have any name, so the content is checked, not the suffix)."""
    return all(path.is_dir() or _starts_with(path, b"---\n# Source: ") for path in folder.rglob("*"))


def _starts_with(path: Path, prefix: bytes) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(prefix)) == prefix
    except OSError:
        return False


def _check_target(target: Path, force: bool) -> None:
    if (target.exists() or target.is_symlink()) and not force:
        raise OutputError(f"{target} already exists; use --force to replace it")


def write_directory(
    files: dict[str, bytes],
    target: Path,
    force: bool,
    *,
    replaceable: Callable[[Path], bool] = is_chart_dir,
    kind: str = "a chart directory",
) -> None:
    """Write ``files`` (relative path -> bytes) as the directory ``target``, staged and moved into place.

    With ``force`` an existing ``target`` is replaced, but only a directory that ``replaceable`` recognises as
    ``kind`` (by default, a chart): ``--force`` must never delete an unrelated file or folder.
    """
    _check_target(target, force)
    # A symlink is replaced itself, never what it points at; anything else must be recognisably ours.
    if target.exists() and not target.is_symlink() and not (target.is_dir() and replaceable(target)):
        raise OutputError(f"{target} exists and is not {kind}; refusing to replace it even with --force")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write to {target.parent}: {exc.strerror}") from None
    try:
        os.chmod(staging, 0o755)
        for rel, data in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)
        swap_into_place(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(staging: Path, target: Path) -> None:
    if not (target.exists() or target.is_symlink()):
        staging.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    if retired.is_dir() and not retired.is_symlink():
        shutil.rmtree(retired)
    else:
        retired.unlink()


def package_bytes(files: dict[str, bytes], chart_name: str) -> bytes:
    """A gzipped tar laid out as ``helm package`` lays it out (everything under ``<chart name>/``), with fixed
    timestamps and owners so the same chart always gives the same bytes."""
    order = [p for p in _PACKAGE_FIRST if p in files] + sorted(p for p in files if p not in _PACKAGE_FIRST)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in order:
            info = tarfile.TarInfo(f"{chart_name}/{rel}")
            info.size = len(files[rel])
            info.mode = 0o644
            info.mtime = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(files[rel]))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def write_file_atomically(data: bytes, target: Path, force: bool, mode: int = 0o644) -> None:
    """Write ``data`` to the file ``target`` through a temporary sibling and one rename; an existing file is
    replaced only with ``force``, a directory never."""
    if target.is_dir():
        raise OutputError(f"{target} is a directory; give a file name")
    _check_target(target, force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {target.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
