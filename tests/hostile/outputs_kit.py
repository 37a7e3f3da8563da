"""Small builders for the output, generated-code, config and CLI-edge hostile cases: charts, overlays, and a hook
that runs inside the chartgen subprocess (to kill it at a chosen step, or to make it fail in a chosen way)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  a: {{{{ .Values.a | quote }}}}\n"


def write_chart(root: Path, name: str = "demo", *, object_name: str = "demo", extra: dict[str, str] | None = None):
    """A one-template chart at ``root`` whose Chart.yaml names it ``name`` (written as a JSON string, so any text)."""
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "Chart.yaml").write_text(
        f"apiVersion: v2\nname: {json.dumps(name, ensure_ascii=False)}\nversion: 0.1.0\n", encoding="utf-8"
    )
    (root / "values.yaml").write_text("a: 1\n")
    (root / "templates" / "cm.yaml").write_text(CONFIG_MAP.format(name=object_name))
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def write_overlay(folder: Path, body: str, sources: dict[str, str] | None = None) -> Path:
    """An overlay folder ``folder`` (its name is the overlay's) whose overlay.yaml is the header plus ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "overlay.yaml").write_text(f"name: {folder.name}\nsummary: A test overlay.\n{body}")
    for rel, text in (sources or {"extra.yaml": "# added\n"}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def files_overlay(folder: Path, path: str, source: str = "extra.yaml") -> Path:
    """An overlay adding one file, written at ``path`` in the chart, from ``source`` in the overlay folder."""
    return write_overlay(folder, f"files:\n  - path: {json.dumps(path)}\n    source: {json.dumps(source)}\n")


def hook_env(folder: Path, code: str) -> dict[str, str]:
    """Environment that makes the chartgen subprocess run ``code`` first (as ``sitecustomize``), to patch in a fault
    or a kill at a chosen point; the rest of the run is the real CLI."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(code)
    return {"PYTHONPATH": str(folder)}


def dead_pid() -> int:
    """The id of a process that has just ended (so no process of that id runs, for all practical purposes)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def line_of(path: Path, fragment: str) -> int:
    """1-based number of the first line of ``path`` holding ``fragment``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)
