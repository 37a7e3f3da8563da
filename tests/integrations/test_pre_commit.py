"""The hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit in a temporary repository that uses them.

pre-commit installs the hook repository (this checkout, as its files are now) into an environment of its own,
fetching chartgen's dependencies with pip. That environment lives under ``~/.cache/chartgen-tests/pre-commit/``,
keyed by a digest of the installed files, so a second run reuses it and only a change to chartgen rebuilds it.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO

pytestmark = pytest.mark.slow  # pre-commit builds an environment (PyPI) and runs chartgen in subprocesses

# What `pip install .` of the hook repository needs, and the hooks' manifest.
HOOK_REPO_FILES = (
    "pyproject.toml",
    "README.md",
    ".pre-commit-hooks.yaml",
    "chartgen",
    "base-chart",
    "overlays",
    "schemas",
)
PINNED = ["-c", "user.name=chartgen-tests", "-c", "user.email=tests@chartgen.invalid"]
# Fixed dates make the hook repository's commit, and so pre-commit's cache key, a function of its files alone.
STALE_AFTER_SECONDS = 24 * 3600
FIXED_DATES = {"GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z"}


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **FIXED_DATES}
    return subprocess.run(["git", *PINNED, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


def _hook_files() -> dict[str, bytes]:
    files = {}
    for top in HOOK_REPO_FILES:
        root = REPO / top
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" not in path.parts:
                files[path.relative_to(REPO).as_posix()] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def hook_repo() -> tuple[Path, str, Path]:
    """(hook repository, its commit, PRE_COMMIT_HOME): one per state of chartgen's files, older ones removed."""
    files = _hook_files()
    digest = hashlib.sha256()
    for rel, data in sorted(files.items()):
        digest.update(f"{rel}\0{len(data)}\0".encode() + data)
    base = Path.home() / ".cache" / "chartgen-tests" / "pre-commit"
    here = base / digest.hexdigest()[:16]
    repo = here / "repo"
    if not (repo / ".git").is_dir():
        # Built beside and renamed into place, so a session running at the same time never sees half a repository.
        staging = Path(tempfile.mkdtemp(prefix=".repo-", dir=_made(here)))
        for rel, data in files.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_bytes(data)
        _git(staging, "init", "-q")
        _git(staging, "add", "-A")
        _git(staging, "commit", "-q", "-m", "chartgen hooks under test")
        try:
            staging.rename(repo)
        except OSError:  # another session placed it first
            shutil.rmtree(staging, ignore_errors=True)
    os.utime(here)
    # States of chartgen no session has used for a day (other checkouts, older commits) are removed.
    for stale in base.iterdir():
        if stale != here and time.time() - stale.stat().st_mtime > STALE_AFTER_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)
    return repo, _git(repo, "rev-parse", "HEAD").strip(), here / "home"


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _chartgen(cwd: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "chartgen", *args], cwd=cwd, check=True, capture_output=True)


def _readme_config() -> dict:
    """The ``.pre-commit-config.yaml`` the README's "pre-commit hooks" section shows, as data."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### pre-commit hooks") :]
    block = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", section.index("```yaml"))]
    return yaml.safe_load(block)


# The user's configuration is the README's, with only its repository and rev replaced by this checkout's.
README_CONFIG = _readme_config()
PATCH_ARGS = next(h["args"] for h in README_CONFIG["repos"][0]["hooks"] if h["id"] == "chartgen-patch-up-to-date")


@pytest.fixture
def user_repo(tmp_path, hook_repo) -> Path:
    """A user's repository: the stock chart under vendor/, their own overlay, the patched chart under charts/."""
    repo_path, rev, _ = hook_repo
    shutil.copytree(REPO / "base-chart" / "iris-operator", tmp_path / "vendor" / "iris-operator")
    shutil.copytree(REPO / "docs" / "examples" / "node-pool", tmp_path / "my-overlays" / "node-pool")
    _chartgen(tmp_path, "patch", *PATCH_ARGS)
    config = copy.deepcopy(README_CONFIG)
    config["repos"][0].update(repo=str(repo_path), rev=rev)
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    return tmp_path


def _run_hook(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit run HOOK`` on the staged files, as ``git commit`` would run it."""
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--color", "never", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_readme_configuration_uses_both_hooks_and_the_fixtures_layout():
    hooks = [h["id"] for h in README_CONFIG["repos"][0]["hooks"]]
    assert hooks == ["chartgen-lint", "chartgen-patch-up-to-date"]
    assert PATCH_ARGS[PATCH_ARGS.index("--chart") + 1] == "vendor/iris-operator"
    assert PATCH_ARGS[PATCH_ARGS.index("-o") + 1] == "charts/iris-operator"


def test_lint_hook_passes_a_good_chart(user_repo, hook_repo):
    done = _run_hook(user_repo, hook_repo[2], "chartgen-lint")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "charts/iris-operator: 0 errors" in done.stdout


def test_lint_hook_fails_a_broken_chart_and_names_the_fault(user_repo, hook_repo):
    template = user_repo / "charts" / "iris-operator" / "templates" / "deployment.yaml"
    template.write_text(template.read_text() + "\n{{ .Values.nowhere.deeper }}\n")
    done = _run_hook(user_repo, hook_repo[2], "chartgen-lint")
    assert done.returncode == 1
    assert "Failed" in done.stdout
    assert "charts/iris-operator/templates/deployment.yaml" in done.stdout
    assert "error CG-CHART-009" in done.stdout


def test_up_to_date_hook_passes_a_freshly_patched_chart(user_repo, hook_repo):
    done = _run_hook(user_repo, hook_repo[2], "chartgen-patch-up-to-date")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "charts/iris-operator is up to date with its source chart and overlays." in done.stdout


# An input of the patch changed after the chart was patched: the stock chart, or the user's overlay.
CHANGED_INPUTS = {
    "source": ("vendor/iris-operator/values.yaml", "replicaCount: 1", "replicaCount: 2"),
    "overlay": ("my-overlays/node-pool/values.yaml", "name: operators", "name: infra"),
}


@pytest.mark.parametrize("changed", sorted(CHANGED_INPUTS))
def test_up_to_date_hook_fails_when_an_input_changed_after_patching(user_repo, hook_repo, changed):
    rel, old, new = CHANGED_INPUTS[changed]
    edited = user_repo / rel
    assert old in edited.read_text()
    edited.write_text(edited.read_text().replace(old, new, 1))
    done = _run_hook(user_repo, hook_repo[2], "chartgen-patch-up-to-date")
    assert done.returncode == 1
    assert "charts/iris-operator is out of date" in done.stdout
    assert "values.yaml: differs" in done.stdout


def test_up_to_date_hook_passes_again_once_the_chart_is_re_patched(user_repo, hook_repo):
    overlay_values = user_repo / "my-overlays" / "node-pool" / "values.yaml"
    overlay_values.write_text(overlay_values.read_text().replace("name: operators", "name: infra"))
    _chartgen(user_repo, "patch", *PATCH_ARGS, "--force")
    done = _run_hook(user_repo, hook_repo[2], "chartgen-patch-up-to-date")
    assert done.returncode == 0, done.stdout + done.stderr
