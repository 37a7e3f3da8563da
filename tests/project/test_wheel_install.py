"""The wheel carries the base chart, overlays and schemas: installed outside the checkout, chartgen still works."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow  # builds a wheel and installs it into a fresh virtual environment


@pytest.fixture(scope="module")
def installed_chartgen(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(REPO)], check=True
    )
    (wheel,) = (work / "dist").glob("chartgen-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    return env_dir / "bin"


def test_wheel_holds_the_data_folders(installed_chartgen):
    python = installed_chartgen / "python"
    where = subprocess.run(
        [str(python), "-c", "from chartgen import resources; print(resources.data_root())"],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    ).stdout.strip()
    root = Path(where)
    assert "site-packages" in root.parts
    assert (root / "base-chart" / "iris-operator" / "templates" / "deployment.yaml").is_file()
    assert (root / "overlays" / "remote-target" / "overlay.yaml").is_file()
    assert (root / "schemas" / "iris-operator.values.schema.json").is_file()


def test_installed_chartgen_patches_from_outside_the_checkout(installed_chartgen, tmp_path, helm):
    done = subprocess.run(
        [str(installed_chartgen / "chartgen"), "patch", "--remote-secret", "work-kubeconfig"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out" / "iris-operator"
    assert (out / "values.schema.json").is_file()
    helm.lint(out)


def test_installed_chartgen_writes_a_work_bundle_and_names_its_powers(installed_chartgen, tmp_path):
    # The bundle reads chartgen/target/data/rbac-facts.yaml, package data the wheel must carry.
    done = subprocess.run(
        [str(installed_chartgen / "chartgen"), "target", "bundle", "-n", "iko", "--watch-namespace", "iris"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "in namespace iris only: run commands inside running pods (pods/exec)" in done.stdout
    assert (tmp_path / "out" / "work-cluster" / "45-rolebinding-iris.yaml").is_file()
