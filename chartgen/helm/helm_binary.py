"""``chartgen render --engine helm``: the same request answered by a real ``helm`` binary, for Helm's own bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from chartgen.errors import RenderError, UsageError
from chartgen.helm.options import RenderOptions

__all__ = ["find_helm", "render_with_helm"]

_DEBUG_HINT = "\n\nUse --debug flag to render out invalid YAML"


def find_helm(explicit: str | None) -> Path:
    """The helm to run: ``--helm PATH`` when given, else the first ``helm`` on PATH."""
    if explicit:
        path = Path(explicit)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise UsageError(f"--helm {explicit}: not an executable file")
        return path
    found = shutil.which("helm")
    if found is None:
        raise UsageError("--engine helm needs a helm binary on PATH, or give one with --helm PATH")
    return Path(found)


def render_with_helm(helm: Path, chart: Path, options: RenderOptions) -> str:
    """Run ``helm template`` and return its stdout; a failure becomes RenderError with Helm's message."""
    command = [str(helm), "template", options.release_name, str(chart), *options.helm_args()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run {helm}: {exc.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.split(_DEBUG_HINT)[0].strip()
        # Helm prefixes its own errors with "Error: "; keep only the message, like the builtin engine.
        lines = [line for line in message.splitlines() if line.startswith("Error: ")]
        if lines:
            message = message[message.index(lines[0]) + len("Error: ") :]
        raise RenderError(message)
    return done.stdout
