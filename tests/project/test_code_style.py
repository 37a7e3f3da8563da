"""The house style is enforced, not hoped for: ruff lint and format are part of the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("ruff")
    if not found:
        pytest.fail("ruff is not installed; it comes with the 'test' extra")
    return [found]


def test_ruff_lint_is_clean():
    done = subprocess.run(
        [*_ruff(), "check", "--output-format", "concise", "."], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_ruff_format_is_clean():
    done = subprocess.run([*_ruff(), "format", "--check", "."], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


# Modules (and their submodules) that `import chartgen.cli` must not load: each command imports what it needs, so
# `chartgen --help` and a typo'd command stay fast. The chartgen packages pull in several of the others.
HEAVY_AT_START_UP = (
    "cryptography",
    "jinja2",
    "jsonschema",
    "kubernetes_validate",
    "ruamel",
    "syrupy",
    "yaml",
    "chartgen.gotemplate",
    "chartgen.helm",
    "chartgen.lint",
    "chartgen.snapshot",
    "chartgen.sprig",
)


def test_cli_start_up_imports_no_heavy_module():
    code = "import sys, chartgen.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "chartgen.cli" in loaded  # the listing is real, so an empty offender list below means something
    heavy = [name for name in loaded if any(name == h or name.startswith(h + ".") for h in HEAVY_AT_START_UP)]
    assert heavy == []
