"""Writing outputs: chart directories, archives, reports and test files, atomically and deterministically.

Every output is staged under a hidden sibling named ``.<name>.chartgen-new-<pid>-<random>`` and moved into place
only when all of a command's outputs are staged, so a refusal or a failure leaves nothing half written. An
existing folder is replaced (``--force``) by swapping it with the staged one in a single ``renameat2`` exchange
where Linux offers it, so the folder is never missing; elsewhere by two renames, with the previous content kept
as ``.<name>.chartgen-old-<pid>-<random>`` until the new one is in place. Staging left by a killed run is removed
by the next run that writes the same output; a previous output that a killed run left aside is never deleted
while the output itself is missing: the next run stops and says where it is.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import stat
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from chartgen.chartio.atomic_rename import exchange, rename_no_replace
from chartgen.chartio.paths import UnsafePath, inside
from chartgen.errors import OutputError
from chartgen.records import field, record

__all__ = [
    "DirectoryOutput",
    "FileOutput",
    "check_apart",
    "commit",
    "is_chart_dir",
    "is_rendered_dir",
    "package_bytes",
    "write_directory",
    "write_file_atomically",
]

# Helm writes these first in a package; the rest follows in path order.
_PACKAGE_FIRST = ("Chart.yaml", "values.yaml", "values.schema.json")
# Only a patched chart carries it, so `patch --force` replaces chartgen's own output and nothing else.
_PATCHED_MARK = b"chartgen.io/overlays"
_RENDERED_MARK = b"---\n# Source: "
# Staging names hold the target's name; keep them within the usual 255-byte limit of a file name.
_NAME_ROOM = 96


# --------------------------------------------------------------------------------------------------------------
# What --force may replace.


def is_chart_dir(folder: Path) -> bool:
    """A chart chartgen patched: its Chart.yaml (a regular file, not a link) records chartgen's overlays."""
    chart_yaml = folder / "Chart.yaml"
    return _is_plain_file(chart_yaml) and _PATCHED_MARK in _head(chart_yaml, 1 << 20)


def is_rendered_dir(folder: Path) -> bool:
    """A folder ``render --output-dir`` could have written: at least one file, only regular files and non-empty
    folders (no links), and every file opens as a rendered document does (templates may have any name, so the
    content is checked, not the suffix)."""
    found_file = False
    for dirpath, dirnames, filenames in os.walk(folder):
        if not dirnames and not filenames:
            return False
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if path.is_symlink():
                return False
            if name in filenames:
                if not _is_plain_file(path) or _head(path, len(_RENDERED_MARK)) != _RENDERED_MARK:
                    return False
                found_file = True
    return found_file


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _head(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


# --------------------------------------------------------------------------------------------------------------
# Staging names, and what a killed run left behind.


def _staging_prefix(target: Path, state: str) -> str:
    return f".{target.name[:_NAME_ROOM]}.chartgen-{state}-{os.getpid()}-"


def _leftover(target: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(target.name[:_NAME_ROOM])}\.chartgen-(?P<state>new|old)-(?P<pid>\d+)-[^/]+$")


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill(pid, 0) would send Ctrl-C: never assume dead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _clean_leftovers(target: Path) -> None:
    """Remove the staging of killed runs for ``target`` (names of chartgen's own making, of dead processes only).

    A previous output set aside by a killed two-rename replace is kept while ``target`` is missing: the error says
    where it is, so the user decides."""
    pattern = _leftover(target)
    try:
        entries = sorted(target.parent.iterdir())
    except OSError:
        return
    stale = []
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or _alive(int(match["pid"])) or entry.is_symlink():
            continue
        if match["state"] == "old" and not (target.exists() or target.is_symlink()):
            raise OutputError(
                f"{target} is missing, and an interrupted run left its previous content in {entry}; move it back "
                f"(mv {entry} {target}) or delete it, then run again"
            )
        stale.append(entry)
    for entry in stale:
        try:
            _remove(entry)
        except OSError as exc:
            raise OutputError(f"cannot remove {entry}, left by an interrupted run: {exc.strerror}") from None


# --------------------------------------------------------------------------------------------------------------
# Outputs: checked, staged, then placed.


def _check_absent_or_forced(target: Path, force: bool) -> None:
    if (target.exists() or target.is_symlink()) and not force:
        raise OutputError(f"{target} already exists; use --force to replace it")


def _check_parent(target: Path) -> None:
    """The nearest existing ancestor must be a folder we may create entries in."""
    ancestor = target.parent
    while not (ancestor.exists() or ancestor.is_symlink()):
        if ancestor.parent == ancestor:
            break
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"cannot write {target}: {ancestor} is not a directory")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {target}: {ancestor} is not writable")


@record
class _Staged:
    """What staging created: the staged path and the parent folders made for it (removed again on failure)."""

    path: Path | None = None
    made: list[Path] = field(default_factory=list)

    def discard(self) -> None:
        if self.path is not None and (self.path.exists() or self.path.is_symlink()):
            _remove(self.path)
        for folder in reversed(self.made):
            try:
                folder.rmdir()
            except OSError:
                break
        self.path, self.made = None, []


def _make_parents(target: Path, staged: _Staged) -> None:
    missing = []
    folder = target.parent
    while not (folder.exists() or folder.is_symlink()):
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir()
        staged.made.append(folder)


class _Staging:
    """Staging and placing, shared by the output kinds: each says how to write its staged copy and how to move it
    into place; failures become OutputErrors naming the target, and leave nothing staged behind."""

    target: Path
    _staged: _Staged
    _placed: bool

    def stage(self) -> None:
        try:
            _make_parents(self.target, self._staged)
            self._write_staged(self._staged)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write {self.target}: {exc.strerror or exc}") from None

    def place(self, keep_previous: bool = False) -> None:
        """Move the staged copy to the target. With ``keep_previous`` what the target held waits at the staged
        name (and the folders made for it are remembered) until :meth:`discard`, so :meth:`restore` can undo."""
        assert self._staged.path is not None
        try:
            self._move_into_place(self._staged.path, keep_previous)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write {self.target}: {exc.strerror or exc}") from None
        if keep_previous:
            self._placed = True
            return
        self._staged.made = []  # they hold the output now
        self.discard()  # whatever the move left at the staged name (a replaced folder)

    def restore(self) -> None:
        """Undo a :meth:`place` made with ``keep_previous``: the target holds what it held before, or is gone."""
        if not self._placed:
            return
        self._placed = False
        previous = self._staged.path
        if previous is not None and (previous.exists() or previous.is_symlink()):
            _remove(self.target)
            previous.rename(self.target)
            self._staged.path = None
        else:
            _remove(self.target)
        self.discard()

    def discard(self) -> None:
        if self._placed:
            self._placed = False
            self._staged.made = []  # they hold the output now
        self._staged.discard()

    def _write_staged(self, staged: _Staged) -> None:
        raise NotImplementedError

    def _move_into_place(self, staged: Path, keep_previous: bool) -> None:
        raise NotImplementedError


@record
class DirectoryOutput(_Staging):
    """``files`` (chart-relative POSIX path -> bytes) to become the folder ``target``.

    With ``force`` an existing ``target`` is replaced, but only a folder ``replaceable`` recognises as ``kind``
    (by default a chart chartgen patched) or a link (replaced itself, never what it points at): ``--force`` must
    never delete an unrelated file or folder."""

    files: dict[str, bytes]
    target: Path
    force: bool
    replaceable: Callable[[Path], bool] = is_chart_dir
    kind: str = "a chart chartgen wrote"
    _staged: _Staged = field(default_factory=_Staged, init=False, repr=False)
    _placed: bool = field(default=False, init=False, repr=False)  # placed, the previous content kept for restore

    def check(self) -> None:
        for rel in self.files:
            try:
                inside(rel, "the output")
            except UnsafePath as exc:
                raise OutputError(f"cannot write {self.target}: the file {exc}") from None
        _check_absent_or_forced(self.target, self.force)
        target = self.target
        if target.exists() and not target.is_symlink() and not (target.is_dir() and self.replaceable(target)):
            raise OutputError(f"{target} exists and is not {self.kind}; refusing to replace it even with --force")
        _check_parent(target)
        _clean_leftovers(target)

    def _write_staged(self, staged: _Staged) -> None:
        staged.path = Path(tempfile.mkdtemp(prefix=_staging_prefix(self.target, "new"), dir=self.target.parent))
        os.chmod(staged.path, 0o755)
        for rel, data in sorted(self.files.items()):
            path = staged.path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)

    def _move_into_place(self, staged: Path, keep_previous: bool) -> None:
        _swap_into_place(staged, self.target)  # the previous folder, if any, is left at the staged name


@record
class FileOutput(_Staging):
    """``data`` to become the file ``target`` (mode ``mode``); an existing file is replaced only with ``force``,
    a folder never."""

    data: bytes
    target: Path
    force: bool
    mode: int = 0o644
    _staged: _Staged = field(default_factory=_Staged, init=False, repr=False)
    _placed: bool = field(default=False, init=False, repr=False)  # placed, the previous content kept for restore

    def check(self) -> None:
        if self.target.is_dir():
            raise OutputError(f"{self.target} is a directory; give a file name")
        _check_absent_or_forced(self.target, self.force)
        _check_parent(self.target)
        _clean_leftovers(self.target)

    def _write_staged(self, staged: _Staged) -> None:
        fd, name = tempfile.mkstemp(prefix=_staging_prefix(self.target, "new"), dir=self.target.parent)
        staged.path = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(self.data)
        os.chmod(staged.path, self.mode)

    def _move_into_place(self, staged: Path, keep_previous: bool) -> None:
        if keep_previous and (self.target.exists() or self.target.is_symlink()):
            _swap_into_place(staged, self.target)
            return
        os.replace(staged, self.target)


Output = DirectoryOutput | FileOutput


def commit(outputs: Iterable[Output]) -> None:
    """Write several outputs as one step: every target is checked, then every output staged, then each moved into
    place. A refusal, or a failure while staging (a full disk, a read-only folder), leaves no output written; a
    failure while moving one into place puts back what the ones moved before it replaced: all of them, or none."""
    outputs = list(outputs)
    seen: set[Path] = set()
    for output in outputs:
        where = output.target.resolve()
        if where in seen:
            raise OutputError(f"{output.target} is named twice as an output")
        seen.add(where)
        output.check()
    try:
        for output in outputs:
            output.stage()
        placed: list[Output] = []
        try:
            for n, output in enumerate(outputs):
                # The last one needs nothing kept: no later move can fail after it.
                output.place(keep_previous=n < len(outputs) - 1)
                placed.append(output)
        except BaseException:
            for output in reversed(placed):
                output.restore()
            raise
    finally:
        for output in outputs:
            output.discard()


def write_directory(
    files: dict[str, bytes],
    target: Path,
    force: bool,
    *,
    replaceable: Callable[[Path], bool] = is_chart_dir,
    kind: str = "a chart chartgen wrote",
) -> None:
    """Write ``files`` (relative path -> bytes) as the directory ``target``; see :class:`DirectoryOutput`."""
    commit([DirectoryOutput(files, target, force, replaceable, kind)])


def write_file_atomically(data: bytes, target: Path, force: bool, mode: int = 0o644) -> None:
    """Write ``data`` to the file ``target`` through a staged sibling and one rename; see :class:`FileOutput`."""
    commit([FileOutput(data, target, force, mode)])


def _swap_into_place(staging: Path, target: Path) -> None:
    """Move the folder (or file) ``staging`` to ``target``; afterwards ``staging`` holds what ``target`` held, if
    anything."""
    if not (target.exists() or target.is_symlink()):
        if not rename_no_replace(staging, target):
            if target.exists() or target.is_symlink():
                raise FileExistsError(17, "File exists", str(target))
            staging.rename(target)
        return
    if exchange(staging, target):
        return
    # Two renames: in between, the previous content waits under a name the next run recognises and reports.
    retired = Path(tempfile.mkdtemp(prefix=_staging_prefix(target, "old"), dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        try:
            retired.rename(target)
        except OSError:
            raise OutputError(
                f"cannot write {target}, and its previous content could not be put back: it is in {retired}"
            ) from None
        raise
    retired.rename(staging)  # discarded with the staging, like the exchange's leftover


def check_apart(target: Path, source: Path | str | None) -> None:
    """Refuse an output that is the source chart, lies inside it, or holds it: writing there would change or
    delete the input being read (and `patch --chart X -o X` would drop X's .helmignore'd files)."""
    if source is None:
        return
    out, src = target.resolve(), Path(source).resolve()
    if out == src:
        raise OutputError(f"{target} is the source chart itself; write the output somewhere else")
    if out.is_relative_to(src):
        raise OutputError(f"{target} lies inside the source chart {source}; write the output somewhere else")
    if src.is_relative_to(out):
        raise OutputError(f"{target} holds the source chart {source}; write the output somewhere else")


def package_bytes(files: dict[str, bytes], chart_name: str) -> bytes:
    """A gzipped tar laid out as ``helm package`` lays it out (everything under ``<chart name>/``), with fixed
    timestamps and owners so the same chart always gives the same bytes."""
    try:
        inside(chart_name, "the archive")
        for rel in files:
            inside(rel, "the chart")
    except UnsafePath as exc:
        raise OutputError(f"cannot package the chart: {exc}") from None
    if "/" in chart_name:
        raise OutputError(f"cannot package the chart: its name {chart_name!r} holds a '/'")
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
