"""Run chartgen on hostile input the way CI meets it: a separate process, a wall-clock limit, an address-space
limit, and a sandbox folder whose every byte is accounted for afterwards.

Each hostile case asserts four things, and this module gives each one a name:
- the process ended within its time limit and under its memory limit (``run_chartgen``);
- it refused with one ``chartgen: error: ...`` line and no traceback, or succeeded (``assert_refused``,
  ``assert_clean_success``);
- nothing outside the declared outputs changed (``Sandbox.changes``);
- where Helm answers the same input, both Helms give the same verdict (``helm_verdict``).
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Generous for a Python process that imports cryptography and the renderer (~250 MiB of address space), tight
# enough that an alias bomb or a 2.9 GB tar header dies here instead of taking the machine down.
DEFAULT_MEMORY_BYTES = 1536 * 1024 * 1024
DEFAULT_SECONDS = 30.0

ERROR_LINE = re.compile(r"^chartgen: error: \S.*$")


@dataclass
class Outcome:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool

    def describe(self) -> str:
        return (
            f"chartgen {' '.join(self.args)} -> rc={self.returncode} in {self.seconds:.2f}s"
            f"{' (timed out)' if self.timed_out else ''}\n--- stderr ---\n{self.stderr[-3000:]}"
            f"\n--- stdout ---\n{self.stdout[-1500:]}"
        )


def _limits(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


def run_chartgen(*args: str | os.PathLike[str], cwd: Path, **limits: Any) -> Outcome:
    """``python -m chartgen ARGS`` in ``cwd`` under the limits (``seconds``, ``memory_bytes``, and ``stdin`` and
    ``env`` as :func:`run_module` takes them); a run past ``seconds`` is killed and reported."""
    return run_module("chartgen", *args, cwd=cwd, **limits)


def cache_env() -> dict[str, str]:
    """The suite's parse cache for a child chartgen (HOME is the sandbox there, and its default cache would be
    written inside it), or none at all when the suite has none."""
    cache = os.environ.get("CHARTGEN_CACHE_DIR")
    return {"CHARTGEN_CACHE_DIR": cache} if cache else {"CHARTGEN_NO_CACHE": "1"}


def run_module(
    module: str,
    *args: str | os.PathLike[str],
    cwd: Path,
    seconds: float = DEFAULT_SECONDS,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> Outcome:
    """``python -m MODULE ARGS`` under the same limits (``pytest`` running chartgen's plugin, for one)."""
    argv = tuple(str(a) for a in args)
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        **cache_env(),
        **(env or {}),
    }
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", module, *argv],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        preexec_fn=lambda: _limits(memory_bytes),
    )
    timed_out = False
    try:
        out, err = process.communicate(stdin or b"", timeout=seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
    return Outcome(
        argv,
        process.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        time.monotonic() - started,
        timed_out,
    )


def assert_bounded(outcome: Outcome) -> None:
    assert not outcome.timed_out, "ran past its time limit:\n" + outcome.describe()
    assert "MemoryError" not in outcome.stderr and outcome.returncode != -signal.SIGKILL, (
        "ran out of memory:\n" + outcome.describe()
    )
    assert "Traceback (most recent call last)" not in outcome.stderr, "printed a traceback:\n" + outcome.describe()


def assert_refused(outcome: Outcome, *fragments: str, exit_code: int | None = 2) -> str:
    """A refusal: bounded, non-zero exit, and exactly one ``chartgen: error:`` line holding every fragment.

    Returns the message after ``chartgen: error: ``. Warnings printed before the error (``chartgen: warning:``)
    are allowed; nothing else is.
    """
    assert_bounded(outcome)
    assert outcome.returncode != 0, "accepted hostile input:\n" + outcome.describe()
    if exit_code is not None:
        assert outcome.returncode == exit_code, outcome.describe()
    lines = [line for line in outcome.stderr.splitlines() if not line.startswith("chartgen: warning: ")]
    assert len(lines) == 1 and ERROR_LINE.match(lines[0]), "not one error line:\n" + outcome.describe()
    message = lines[0].removeprefix("chartgen: error: ")
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from the error:\n" + outcome.describe()
    return message


def assert_clean_success(outcome: Outcome) -> None:
    assert_bounded(outcome)
    assert outcome.returncode == 0, outcome.describe()


class Sandbox:
    """A folder whose content is fingerprinted before a run, so a test can say exactly what a run may change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._before = self._fingerprint()

    def _fingerprint(self) -> dict[str, str]:
        prints: dict[str, str] = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            for name in dirnames + filenames:
                path = Path(dirpath, name)
                rel = path.relative_to(self.root).as_posix()
                if path.is_symlink():
                    prints[rel] = "link:" + os.readlink(path)
                elif path.is_dir():
                    prints[rel] = "dir"
                else:
                    prints[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        return prints

    def changes(self) -> set[str]:
        """Paths added, removed or modified since the sandbox was made (relative, POSIX)."""
        after = self._fingerprint()
        return {p for p in self._before.keys() | after.keys() if self._before.get(p) != after.get(p)}

    def assert_changed_only_under(self, *prefixes: str) -> None:
        stray = sorted(
            p for p in self.changes() if not any(p == x or p.startswith(x.rstrip("/") + "/") for x in prefixes)
        )
        assert not stray, f"wrote outside {prefixes}: {stray}"

    def assert_unchanged(self) -> None:
        assert not self.changes(), f"changed: {sorted(self.changes())}"


def helm_verdict(helm, *args: str, cwd: Path | None = None) -> bool:
    """Whether real ``helm ARGS`` succeeds (the test's ``helm`` fixture), for cases where Helm is the judge."""
    done = helm.run(*args, check=False)
    return done.returncode == 0
