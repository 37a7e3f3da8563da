"""Fetch pinned packages from Debian's archive with apt, without touching the system's apt configuration.

apt runs with its own sources list, lists and cache directories under a folder we own, so it needs no root and
leaves ``/etc/apt`` and ``/var/lib/apt`` alone. It still checks the archive's signatures with the system's
keyrings, and the sha256 each index gives for a file is checked again here after the download.
The sources list adds a ``deb-src`` line, which the machine's own configuration usually lacks, so the
``kubernetes`` source package can be downloaded too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helm_binaries import file_sha256

SUITE = "bookworm"
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
FALLBACK_MIRRORS = {"": "http://deb.debian.org/debian/", "-security": "http://deb.debian.org/debian-security/"}

# `apt-get --print-uris` lines: 'URI' file-name size SHA256:hex
_PRINTED_URI = re.compile(r"^'(?P<uri>[^']+)' (?P<name>\S+) (?P<size>\d+) SHA256:(?P<sha256>[0-9a-f]{64})$")


class ArchiveUnavailable(RuntimeError):
    """Debian's archive could not provide a pinned package (no apt, no mirror, or the version is gone)."""


@dataclass(frozen=True)
class Fetched:
    path: Path
    sha256: str


def mirrors() -> dict[str, str]:
    """The Debian mirrors this machine's apt already uses, keyed by suite suffix ("" and "-security")."""
    found: dict[str, str] = {}
    try:
        done = subprocess.run(
            ["apt-get", "indextargets", "--no-release-info", "--format", "$(REPO_URI) $(RELEASE)"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        lines = done.stdout.splitlines() if done.returncode == 0 else []
    except (OSError, subprocess.TimeoutExpired):
        lines = []
    for line in lines:
        uri, _, release = line.partition(" ")
        for suffix in FALLBACK_MIRRORS:
            if release == SUITE + suffix:
                found.setdefault(suffix, uri if uri.endswith("/") else uri + "/")
    return {suffix: found.get(suffix, default) for suffix, default in FALLBACK_MIRRORS.items()}


class PrivateApt:
    """apt-get with a private state folder: sources (binary and source indexes), lists and cache."""

    def __init__(self, root: Path, log: Callable[[str], None]) -> None:
        self.root = root
        self.log = log
        self._updated = False

    def _options(self) -> list[str]:
        options = {
            "Dir::Etc::SourceList": self.root / "sources.list",
            "Dir::Etc::SourceParts": self.root / "sources.list.d",
            "Dir::State::Lists": self.root / "lists",
            "Dir::Cache": self.root / "cache",
            # Nothing is installed through this apt; an empty status keeps the system's out of its view.
            "Dir::State::status": self.root / "status",
        }
        args = [f"-o{key}={value}" for key, value in options.items()]
        if os.geteuid() == 0:
            # As root apt drops to the `_apt` user to download, who may not write into a private folder.
            args.append("-oAPT::Sandbox::User=root")
        return [*args, "-oAcquire::Retries=3", "-q"]

    def _run(self, *args: str, cwd: Path | None = None) -> str:
        done = subprocess.run(
            ["apt-get", *self._options(), *args], capture_output=True, text=True, cwd=cwd, timeout=1800
        )
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-6:])
            raise ArchiveUnavailable(f"apt-get {args[0]} failed ({done.returncode}): {tail}")
        return done.stdout

    def update(self) -> None:
        if self._updated:
            return
        if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
            raise ArchiveUnavailable(
                "apt-get or dpkg-deb is missing; the control planes are built from Debian's packages"
            )
        for sub in ("sources.list.d", "lists/partial", "cache/archives/partial"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "status").touch()
        signed = f"[signed-by={KEYRING}] " if KEYRING.is_file() else ""
        lines = []
        chosen = mirrors()
        for suffix, uri in chosen.items():
            for kind in ("deb", "deb-src"):
                lines.append(f"{kind} {signed}{uri} {SUITE}{suffix} main")
        (self.root / "sources.list").write_text("\n".join(lines) + "\n")
        self.log(f"apt: reading Debian {SUITE} indexes ({', '.join(chosen.values())})")
        self._run("update")
        self._updated = True

    def _planned(self, *args: str) -> list[tuple[str, str, int]]:
        """(file name, sha256, size) of what apt would fetch for ``args``, as the signed indexes state it."""
        # apt leaves out files already present in its working folder, so ask from an empty one.
        empty = self.root / "plan"
        shutil.rmtree(empty, ignore_errors=True)
        empty.mkdir()
        planned = []
        for line in self._run(*args, "--print-uris", cwd=empty).splitlines():
            match = _PRINTED_URI.match(line.strip())
            if match:
                planned.append((match["name"], match["sha256"], int(match["size"])))
        return planned

    def _fetch(self, args: tuple[str, ...], dest: Path, what: str) -> list[Fetched]:
        self.update()
        dest.mkdir(parents=True, exist_ok=True)
        planned = self._planned(*args)
        if not planned:
            raise ArchiveUnavailable(f"apt offers no files for {what}")
        missing = [(n, s, z) for n, s, z in planned if not (dest / n).is_file() or file_sha256(dest / n) != s]
        if missing:
            size = sum(z for _, _, z in missing) / 1e6
            self.log(f"apt: downloading {what} ({size:.1f} MB)")
            self._run(*args, cwd=dest)
        fetched = []
        for name, sha256, _ in planned:
            path = dest / name
            actual = file_sha256(path) if path.is_file() else "missing"
            if actual != sha256:
                raise ArchiveUnavailable(f"{name}: sha256 {actual} differs from the archive index's {sha256}")
            fetched.append(Fetched(path, sha256))
        return fetched

    def download(self, package: str, version: str, dest: Path) -> Fetched:
        """The binary package ``package=version`` (.deb) in ``dest``."""
        (deb,) = self._fetch(("download", f"{package}={version}"), dest, f"{package} {version}")
        return deb

    def source(self, package: str, version: str, dest: Path) -> list[Fetched]:
        """The files of the source package ``package=version`` (.dsc, orig tarball, Debian tarball) in ``dest``."""
        return self._fetch(
            ("source", "--download-only", f"{package}={version}"), dest, f"source package {package} {version}"
        )


def unpack_deb(deb: Path, dest: Path) -> None:
    """Unpack a .deb's files under ``dest`` (no maintainer scripts run, nothing registered with dpkg)."""
    dest.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["dpkg-deb", "-x", str(deb), str(dest)], capture_output=True, text=True)
    if done.returncode != 0:
        raise ArchiveUnavailable(f"dpkg-deb -x {deb.name} failed: {done.stderr.strip()}")
