"""``chartgen patch --check``: whether the patched chart on disk is what the same patch writes today."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, run_cli

from chartgen.patch.up_to_date import directory_drift

ARGS = ("patch", "--chart", "vendor/iris-operator", "--remote-secret", "work-kubeconfig", "-o", "charts/op")


@pytest.fixture
def project(tmp_path):
    shutil.copytree(REPO / "base-chart" / "iris-operator", tmp_path / "vendor" / "iris-operator")
    assert run_cli(*ARGS, cwd=tmp_path).exit_code == 0
    return tmp_path


def test_a_freshly_patched_chart_is_up_to_date(project):
    done = run_cli(*ARGS, "--check", cwd=project)
    assert done.exit_code == 0
    assert done.stdout == "charts/op is up to date with its source chart and overlays.\n"


def test_a_changed_source_chart_makes_it_out_of_date_naming_the_files(project):
    values = project / "vendor" / "iris-operator" / "values.yaml"
    values.write_text(values.read_text().replace("replicaCount: 1", "replicaCount: 3", 1))
    done = run_cli(*ARGS, "--check", cwd=project)
    assert done.exit_code == 1
    assert done.stdout.splitlines() == [
        "charts/op is out of date: patching the source chart with these overlays writes something else.",
        "  Chart.yaml: differs",  # the source chart's digest, recorded in an annotation
        "  values.yaml: differs",
        "To update it, run the same command without --check (with --force to replace what is there).",
    ]


def test_another_parameter_makes_it_out_of_date(project):
    args = [a if a != "work-kubeconfig" else "other-secret" for a in ARGS]
    assert run_cli(*args, "--check", cwd=project).exit_code == 1


def test_check_writes_nothing(project):
    values = project / "vendor" / "iris-operator" / "values.yaml"
    values.write_text(values.read_text() + "# changed\n")
    before = (project / "charts" / "op" / "values.yaml").read_bytes()
    run_cli(*ARGS, "--check", cwd=project)
    assert (project / "charts" / "op" / "values.yaml").read_bytes() == before


def test_a_missing_output_is_out_of_date(tmp_path):
    shutil.copytree(REPO / "base-chart" / "iris-operator", tmp_path / "vendor" / "iris-operator")
    done = run_cli(*ARGS, "--check", cwd=tmp_path)
    assert done.exit_code == 1
    assert "  charts/op does not exist\n" in done.stdout
    assert not (tmp_path / "charts").exists()


def test_a_packaged_chart_is_checked_byte_for_byte(project):
    package = (*ARGS[:-1], "op.tgz", "--package")
    assert run_cli(*package, cwd=project).exit_code == 0
    assert run_cli(*package, "--check", cwd=project).exit_code == 0
    (project / "op.tgz").write_bytes((project / "op.tgz").read_bytes() + b"\0")
    done = run_cli(*package, "--check", cwd=project)
    assert done.exit_code == 1
    assert "  op.tgz: differs\n" in done.stdout


@pytest.mark.parametrize("other", ["--diff", "--emit-tests=tests"])
def test_check_refuses_options_that_print_or_write(project, other):
    done = run_cli(*ARGS, "--check", other, cwd=project)
    assert done.exit_code == 2
    assert done.stderr.startswith(f"chartgen: error: --check cannot be combined with {other.split('=')[0]}")


def test_drift_names_missing_extra_and_changed_files(tmp_path):
    (tmp_path / "a").write_bytes(b"old")
    (tmp_path / "extra").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    expected = {"a": b"new", "b": b"b", "link": b"old"}
    assert directory_drift(expected, tmp_path) == [
        "a: differs",
        "b: missing",
        "extra: not written by the patch",
        "link: not a regular file",
    ]
