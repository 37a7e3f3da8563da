"""Reading a chart, from a directory or a ``.tgz``, into memory, with Helm's loading rules and limits.

Archives are read defensively: Helm refuses absolute paths, parent references and oversized content, and
chartgen additionally refuses links and special files, since it writes the chart back out.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import stat
import warnings
from pathlib import Path

from chartgen.bounded_io import InputTooLargeError, read_bounded
from chartgen.chartio.helmignore import HelmIgnore
from chartgen.chartio.tar_guard import ArchiveError, archive_entries, tar_error
from chartgen.errors import ChartgenWarning, ChartLoadError
from chartgen.limits import ARCHIVE_BYTES, CHART_BYTES, CHART_ENTRIES, CHART_FILE_BYTES
from chartgen.records import field, record

# Helm's defaults for --max-chart-size / --max-file-size (pkg/chart/loader), under their historical names.
MAX_DECOMPRESSED_CHART_SIZE = CHART_BYTES
MAX_DECOMPRESSED_FILE_SIZE = CHART_FILE_BYTES

_DRIVE_PATH = re.compile(r"^[a-zA-Z]:/")


@record
class ChartSource:
    """A chart's files as Helm would load them (after .helmignore), keyed by POSIX path inside the chart."""

    origin: str
    dir_name: str
    files: dict[str, bytes] = field(default_factory=dict)
    digest: str = ""

    def text(self, path: str) -> str:
        return decode_text(self.files[path], self.display(path))

    def display(self, path: str) -> str:
        """How to name a file of this chart in a message."""
        return f"{self.origin}/{path}" if not self.origin.endswith(".tgz") else f"{self.origin}:{path}"


def decode_text(data: bytes, where: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ChartLoadError(f"{where}: not UTF-8 text (byte {exc.start})") from exc
    return text[1:] if text.startswith("\ufeff") else text


def directory_digest(files: dict[str, bytes]) -> str:
    """sha256 over the sorted (path, content) pairs, so a chart directory has a stable identity."""
    h = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        h.update(path.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


def read_chart(path: str | os.PathLike[str]) -> ChartSource:
    """A chart folder or archive's files, as chartgen reads and writes them (Helm's ``load_chart`` builds its
    model from these)."""
    p = Path(path)
    shown = str(path)
    if p.is_dir():
        chart = _load_directory(p, shown)
    elif p.is_file() and (p.name.endswith(".tgz") or p.name.endswith(".tar.gz")):
        chart = _load_archive(p, shown)
    elif p.exists():
        raise ChartLoadError(f"{shown}: not a chart directory or a .tgz chart archive")
    else:
        raise ChartLoadError(f"{shown}: no such file or directory")
    if "Chart.yaml" not in chart.files:
        raise ChartLoadError(f"{shown}: not a Helm chart (no Chart.yaml at its top)")
    return chart


def _load_directory(root: Path, shown: str) -> ChartSource:
    files = _walk_directory(root, shown)
    return ChartSource(origin=shown, dir_name=root.resolve().name, files=files, digest=directory_digest(files))


def _walk_directory(root: Path, shown: str) -> dict[str, bytes]:
    """Every file of the chart directory ``root`` that .helmignore keeps, read within Helm's size limits.

    Symbolic links are followed as Helm follows them, with a warning for each, as long as they stay inside the
    chart; a link that leaves it (``/proc/self/environ``, ``../../secret``) is refused, since chartgen reads
    nothing outside the chart and writes what it reads into its outputs. A dangling link fails, as in Helm.
    """
    real_root = os.path.realpath(root)
    ignore = _read_chart_file(root, real_root, ".helmignore", shown) if (root / ".helmignore").exists() else b""
    rules = HelmIgnore.parse(decode_text(ignore, f"{shown}/.helmignore"), f"{shown}/.helmignore")
    files: dict[str, bytes] = {}
    total = 0
    entries = 0
    # (path relative to the chart, real folders on the way there, for link loops)
    pending: list[tuple[str, tuple[str, ...]]] = [("", (real_root,))]
    while pending:
        rel_dir, chain = pending.pop()
        folder = root / rel_dir if rel_dir else root
        subfolders: list[tuple[str, tuple[str, ...]]] = []
        for name in sorted(os.listdir(folder)):
            entries += 1
            if entries > CHART_ENTRIES:
                raise ChartLoadError(f"{shown}: chart has more than {CHART_ENTRIES} files and folders")
            rel = rel_dir + name
            full = folder / name
            resolved = _follow_link(full, real_root, f"{shown}/{rel}") if full.is_symlink() else None
            if full.is_dir():
                if rules.ignores(rel, is_dir=True):
                    continue
                real = resolved or os.path.realpath(full)
                if real in chain:
                    raise ChartLoadError(f"{shown}/{rel}: symbolic link loop (the folder contains itself)")
                _check_inside(resolved, real_root, full, f"{shown}/{rel}")
                subfolders.append((rel + "/", (*chain, real)))
                continue
            if rules.ignores(rel, is_dir=False):
                continue
            _check_inside(resolved, real_root, full, f"{shown}/{rel}")
            data = _read_chart_file(root, real_root, rel, shown, link_checked=True)
            total += len(data)
            if total > MAX_DECOMPRESSED_CHART_SIZE:
                raise ChartLoadError(
                    f"{shown}: chart is larger than Helm's limit of {MAX_DECOMPRESSED_CHART_SIZE} bytes"
                )
            files[rel] = data
        pending.extend(reversed(subfolders))
    return dict(sorted(files.items()))


def _follow_link(path: Path, real_root: str, where: str) -> str:
    """Where the link ``path`` leads (every link on the way resolved); a dangling link or a loop is an error."""
    try:
        resolved = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):
        raise ChartLoadError(f"{where}: symbolic link to {os.readlink(path)!r} leads to nothing") from None
    if _inside(resolved, real_root):
        warnings.warn(
            ChartgenWarning(f"{where}: symbolic link to {os.readlink(path)!r} followed, as Helm follows it"),
            stacklevel=1,
        )
    return resolved


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


def _check_inside(resolved: str | None, real_root: str, full: Path, where: str) -> None:
    """Refuse a link that leads out of the chart (Helm would read it; chartgen never reads outside the chart)."""
    if resolved is not None and not _inside(resolved, real_root):
        raise ChartLoadError(
            f"{where}: symbolic link to {os.readlink(full)!r} leads outside the chart; chartgen reads nothing "
            "outside a chart (copy the file into the chart instead)"
        )


def _read_chart_file(root: Path, real_root: str, rel: str, shown: str, link_checked: bool = False) -> bytes:
    """One file of the chart, within Helm's per-file limit counted on the bytes read (a /proc file reports 0)."""
    where = f"{shown}/{rel}"
    full = root / rel
    if full.is_symlink() and not link_checked:
        _check_inside(_follow_link(full, real_root, where), real_root, full, where)
    if not stat.S_ISREG(full.stat().st_mode):
        raise ChartLoadError(f"{where}: not a regular file")
    try:
        return read_bounded(full, MAX_DECOMPRESSED_FILE_SIZE, "file", where)
    except InputTooLargeError:
        raise ChartLoadError(
            f"{where}: file is larger than Helm's limit of {MAX_DECOMPRESSED_FILE_SIZE} bytes"
        ) from None


def read_chart_file(chart_dir: str | os.PathLike[str], rel: str, shown: str | None = None) -> bytes:
    """The file ``rel`` of the chart directory ``chart_dir``, read as the chart loader reads it (links inside
    the chart only, Helm's size limit on the bytes read); for tools that look at one file of a chart directly."""
    root = Path(chart_dir)
    return _read_chart_file(root, os.path.realpath(root), rel, shown if shown is not None else str(chart_dir))


def _load_archive(archive: Path, shown: str) -> ChartSource:
    try:
        raw = read_bounded(archive, ARCHIVE_BYTES, "chart archive", shown)
        members = _read_members(raw, shown)
    except ArchiveError as exc:
        raise ChartLoadError(f"{shown}: not a chart archive chartgen can read: {exc.detail}") from None
    except (tar_error(), EOFError, OSError) as exc:
        raise ChartLoadError(f"{shown}: not a readable gzip tar archive ({exc})") from exc
    tops = {top for top, _, _ in members}
    if len(tops) != 1:
        raise ChartLoadError(f"{shown}: a chart archive must hold exactly one top-level directory, found {len(tops)}")
    files = {rel: data for _, rel, data in members}
    ignore = files.get(".helmignore", b"").decode("utf-8", "replace")
    rules = HelmIgnore.parse(ignore, f"{shown}:.helmignore")
    files = {rel: data for rel, data in sorted(files.items()) if not _ignored_in_archive(rules, rel)}
    return ChartSource(origin=shown, dir_name=tops.pop(), files=files, digest=hashlib.sha256(raw).hexdigest())


def _ignored_in_archive(rules: HelmIgnore, rel: str) -> bool:
    parts = rel.split("/")
    for i in range(1, len(parts)):
        if rules.ignores("/".join(parts[:i]), is_dir=True):
            return True
    return rules.ignores(rel, is_dir=False)


def _read_members(raw: bytes, shown: str) -> list[tuple[str, str, bytes]]:
    """(top folder, path inside it, content) of every file of the archive ``raw``: links, special files and paths
    that leave the chart are refused, since chartgen writes what it reads."""
    remaining = MAX_DECOMPRESSED_CHART_SIZE
    out = []
    for entry in archive_entries(raw):
        member = entry.member
        name = member.name.replace("\\", "/")
        where = f"{shown}: archive entry {member.name!r}"
        if name.startswith("/") or _DRIVE_PATH.match(name):
            raise ChartLoadError(f"{where} is an absolute path")
        if ".." in name.split("/"):
            raise ChartLoadError(f"{where} refers to a parent directory ('..')")
        if member.issym() or member.islnk():
            raise ChartLoadError(f"{where} is a link; chart archives may hold regular files only")
        if not member.isfile():
            raise ChartLoadError(f"{where} is not a regular file")
        top, _, rest = name.partition("/")
        rel = posixpath.normpath(rest) if rest else ""
        if not rest or rel == ".":
            raise ChartLoadError(f"{where} lies outside the chart's top-level directory")
        if member.size > MAX_DECOMPRESSED_FILE_SIZE:
            raise ChartLoadError(f"{where} is larger than Helm's limit of {MAX_DECOMPRESSED_FILE_SIZE} bytes")
        if member.size > remaining:
            raise ChartLoadError(
                f"{shown}: decompressed chart is larger than Helm's limit of {MAX_DECOMPRESSED_CHART_SIZE} bytes"
            )
        remaining -= member.size
        out.append((top, rel, entry.read()))
    return out
