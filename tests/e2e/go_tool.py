"""A Go toolchain unpacked from Debian's package, used in GOPATH mode with everything it writes kept in one folder.

Kubernetes 1.20 builds in GOPATH mode (``GO111MODULE=off``) as its own ``hack/`` scripts do; module mode
wants to update ``go.mod``. Nothing is fetched: ``GOPROXY=off``, and ``GOENV=off`` keeps a user's ``go env -w``
settings out. ``go build -v`` names each package as it compiles it, which gives the progress lines.
"""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO


class BuildStepFailed(RuntimeError):
    """A command of the build failed; the message ends with the tail of what it printed."""


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a build command to completion; its stdout and stderr, or BuildStepFailed with their tail."""
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=3600)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-20:])
        raise BuildStepFailed(f"{Path(command[0]).name} {' '.join(command[1:3])} failed ({done.returncode}):\n{tail}")
    return done.stdout + done.stderr


def duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s"


class GoTool:
    def __init__(self, goroot: Path, work: Path, tags: str) -> None:
        self.go = goroot / "bin" / "go"
        self.tags = tags
        self.env = {
            "PATH": f"{goroot / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(work),
            "GOROOT": str(goroot),
            "GOPATH": str(work / "gopath"),
            "GOCACHE": str(work / "gocache"),
            "GOENV": "off",
            "GO111MODULE": "off",
            "GOFLAGS": "",
            "GOPROXY": "off",
            "CGO_ENABLED": "0",
            "TMPDIR": str(work / "tmp"),
        }
        (work / "tmp").mkdir(parents=True, exist_ok=True)

    def run(self, *args: str, cwd: Path | None = None) -> str:
        return run([str(self.go), *args], cwd=cwd, env=self.env)

    def version(self) -> str:
        """The toolchain's version, e.g. ``go1.19.8``."""
        match = re.search(r"go version (go\S+)", self.run("version"))
        if match is None:
            raise BuildStepFailed(f"{self.go} does not say which Go it is")
        return match[1]

    def build(self, package: str, output: Path, cwd: Path, ldflags: str, log: Callable[[str], None]) -> None:
        """``go build`` with a progress line every 20 s: packages compiled of those the command depends on."""
        name = output.name
        total = len(self.run("list", "-deps", "-tags", self.tags, package, cwd=cwd).split())
        jobs = str(min(os.cpu_count() or 2, 4))
        command = [str(self.go), "build", "-v", "-p", jobs, "-tags", self.tags, "-ldflags", ldflags]
        command += ["-o", str(output), package]
        log(f"go build {name} ({total} packages)")
        started = time.monotonic()
        compiled, tail = 0, []
        proc = subprocess.Popen(command, cwd=cwd, env=self.env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        assert proc.stderr is not None
        for lines in _lines_every(proc.stderr, seconds=20.0):
            tail = [*tail, *lines][-40:]
            compiled += sum(1 for line in lines if re.fullmatch(r"[\w./-]+", line))
            if lines is _TICK:
                log(f"{name}: {compiled}/{total} packages compiled")
        if proc.wait() != 0:
            raise BuildStepFailed(f"go build {package} failed:\n" + "\n".join(tail))
        log(f"{name} built in {duration(time.monotonic() - started)} ({output.stat().st_size / 1e6:.0f} MB)")


_TICK: list[str] = []


def _lines_every(stream: IO[bytes], seconds: float) -> Iterator[list[str]]:
    """The lines a process writes as they come, and ``_TICK`` (no lines) whenever ``seconds`` pass, until EOF."""
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    pending, next_tick = b"", time.monotonic() + seconds
    while True:
        if selector.select(timeout=max(0.0, next_tick - time.monotonic())):
            chunk = os.read(stream.fileno(), 1 << 16)
            if not chunk:
                break
            *complete, pending = (pending + chunk).split(b"\n")
            yield [line.decode(errors="replace").rstrip() for line in complete]
        if time.monotonic() >= next_tick:
            next_tick = time.monotonic() + seconds
            yield _TICK
    if pending:
        yield [pending.decode(errors="replace").rstrip()]
    selector.close()
