"""Reading a chart, from a directory or a ``.tgz``, into memory, with Helm's loading rules and limits.

Archives are read defensively: Helm refuses absolute paths, parent references and oversized content, and
chartgen additionally refuses links and special files, since it writes the chart back out.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import posixpath
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from chartgen.errors import ChartLoadError
from chartgen.helmignore import HelmIgnore

# Helm's defaults for --max-chart-size / --max-file-size (pkg/chart/loader).
MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024
MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024

_DRIVE_PATH = re.compile(r"^[a-zA-Z]:/")


@dataclass
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


def load_chart(path: str | os.PathLike[str]) -> ChartSource:
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
    ignore_file = root / ".helmignore"
    rules = HelmIgnore.parse(
        ignore_file.read_text(encoding="utf-8") if ignore_file.is_file() else "", f"{shown}/.helmignore"
    )
    files: dict[str, bytes] = {}
    total = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(d for d in dirnames if not rules.ignores(rel_dir + d, is_dir=True))
        for name in sorted(filenames):
            rel = rel_dir + name
            if rules.ignores(rel, is_dir=False):
                continue
            full = Path(dirpath) / name
            if not full.is_file():
                raise ChartLoadError(f"{shown}/{rel}: not a regular file")
            size = full.stat().st_size
            if size > MAX_DECOMPRESSED_FILE_SIZE:
                raise ChartLoadError(
                    f"{shown}/{rel}: file is larger than Helm's limit of {MAX_DECOMPRESSED_FILE_SIZE} bytes"
                )
            total += size
            if total > MAX_DECOMPRESSED_CHART_SIZE:
                raise ChartLoadError(
                    f"{shown}: chart is larger than Helm's limit of {MAX_DECOMPRESSED_CHART_SIZE} bytes"
                )
            files[rel] = full.read_bytes()
    return ChartSource(origin=shown, dir_name=root.resolve().name, files=files, digest=directory_digest(files))


def _load_archive(archive: Path, shown: str) -> ChartSource:
    raw = archive.read_bytes()
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
            members = _read_members(tar, shown)
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, OSError) as exc:
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


def _read_members(tar: tarfile.TarFile, shown: str) -> list[tuple[str, str, bytes]]:
    remaining = MAX_DECOMPRESSED_CHART_SIZE
    out = []
    for member in tar:
        if member.type in (tarfile.XHDTYPE, tarfile.XGLTYPE) or member.isdir():
            continue
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
        fh = tar.extractfile(member)
        data = fh.read() if fh else b""
        out.append((top, rel, data))
    return out
