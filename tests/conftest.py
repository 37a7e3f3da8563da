"""Shared fixtures: the real Helm binaries, a chartgen runner, and helpers to read rendered manifests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helm_binaries import PINS, HelmPin, HelmUnavailable, helm_binary

from chartgen.cli import main
from chartgen.resources import base_chart_dir

REPO = Path(__file__).resolve().parent.parent

# Tests are grouped in one folder per chartgen package; some reuse another group's builders (a PKI, a packed
# chart), so every group folder is importable whichever of them pytest collects first.
for _group in sorted(p for p in Path(__file__).parent.iterdir() if p.is_dir() and list(p.glob("test_*.py"))):
    if str(_group) not in sys.path:
        sys.path.append(str(_group))


@dataclass
class Helm:
    pin: HelmPin
    binary: Path
    home: Path

    @property
    def major(self) -> int:
        return int(self.pin.version.lstrip("v").split(".")[0])

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.home),
            "HELM_CACHE_HOME": str(self.home / "cache"),
            "HELM_CONFIG_HOME": str(self.home / "config"),
            "HELM_DATA_HOME": str(self.home / "data"),
            "KUBECONFIG": str(self.home / "no-cluster"),
        }
        done = subprocess.run([str(self.binary), *args], capture_output=True, text=True, env=env)
        if check and done.returncode != 0:
            raise AssertionError(f"helm {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
        return done

    def template(self, chart: Path | str, *args: str, release: str = "intersystems") -> list[dict]:
        out = self.run("template", release, str(chart), *args).stdout
        return [doc for doc in yaml.safe_load_all(out) if doc]

    def lint(self, chart: Path | str, *args: str) -> str:
        return self.run("lint", "--strict", str(chart), *args).stdout


@pytest.fixture(scope="session", params=PINS, ids=[p.label for p in PINS])
def helm(request, tmp_path_factory) -> Helm:
    pin: HelmPin = request.param
    try:
        binary = helm_binary(pin)
    except HelmUnavailable as exc:
        if os.environ.get("CHARTGEN_ALLOW_NO_HELM") == "1":
            pytest.skip(f"real helm {pin.version} unavailable: {exc}")
        raise
    return Helm(pin, binary, tmp_path_factory.mktemp(pin.label))


@pytest.fixture
def base_chart() -> Path:
    return base_chart_dir()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None) -> CliResult:
    runner = CliRunner()
    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def chartgen():
    return run_cli


def write_chart(files: dict[str, bytes], target: Path) -> Path:
    for rel, data in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return target


@pytest.fixture(params=["walked", "compiled"])
def template_execution(request, monkeypatch):
    """Run a test once with every template walked node by node and once with every template compiled first: the
    two ways ``chartgen.gotemplate`` executes a tree (it walks a tree's first run and compiles it for later ones)."""
    from chartgen.gotemplate import compiled

    monkeypatch.setattr(compiled, "RUNS_BEFORE_COMPILING", 1 << 62 if request.param == "walked" else 0)
    return request.param


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Whatever real Helm judges is slow: a subprocess per case. `pytest -m "not slow"` keeps the inner loop short.
    for item in items:
        if "helm" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _tree_cache_of_this_session(tmp_path_factory):
    # Parsed templates are cached on disk between runs; the suite keeps its own cache (subprocesses inherit it), so
    # it neither reads nor fills the developer's.
    os.environ["CHARTGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("chartgen-cache"))
    yield


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty chartgen disk cache of the test's own, switched on; its root folder (entries go in per-kind folders)."""
    root = tmp_path / "chartgen-cache"
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(root))
    monkeypatch.delenv("CHARTGEN_NO_CACHE", raising=False)
    return root


def cache_files(folder: Path) -> list[Path]:
    """The entry files under ``folder`` (a cache root or one kind's folder), none when it does not exist."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
