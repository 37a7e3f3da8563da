"""``chartgen patch --check`` against an output folder holding things a patch never writes: nothing of them is read."""

from __future__ import annotations

import os

import pytest
from conftest import run_cli

from hostile.harness import assert_bounded, run_chartgen

ARGS = ("patch", "--remote-secret", "work-kubeconfig", "-o", "out/op", "--check")
PATCH = ARGS[:-1]


@pytest.fixture
def output(tmp_path):
    assert run_cli(*PATCH, cwd=tmp_path).exit_code == 0
    return tmp_path / "out" / "op"


def _checked(tmp_path):
    outcome = run_chartgen(*ARGS, cwd=tmp_path, seconds=30)
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    return outcome.stdout


def test_a_huge_file_the_patch_does_not_write_is_not_read(tmp_path, output):
    with open(output / "stranger.bin", "wb") as huge:
        huge.truncate(3 * 1024**3)  # sparse: 3 GiB to read, beyond the run's address space
    assert "  stranger.bin: not written by the patch\n" in _checked(tmp_path)


def test_a_huge_file_in_place_of_a_chart_file_is_not_read(tmp_path, output):
    with open(output / "values.yaml", "wb") as huge:
        huge.truncate(3 * 1024**3)
    assert "  values.yaml: differs\n" in _checked(tmp_path)


def test_a_fifo_in_place_of_a_chart_file_is_not_opened(tmp_path, output):
    (output / "values.yaml").unlink()
    os.mkfifo(output / "values.yaml")
    assert "  values.yaml: not a regular file\n" in _checked(tmp_path)


def test_a_link_to_an_endless_device_is_not_followed(tmp_path, output):
    (output / "values.yaml").unlink()
    (output / "values.yaml").symlink_to("/dev/zero")
    assert "  values.yaml: not a regular file\n" in _checked(tmp_path)


def test_a_linked_folder_is_not_walked(tmp_path, output):
    (output / "templates" / "elsewhere").symlink_to("/", target_is_directory=True)
    assert "  templates/elsewhere: not written by the patch\n" in _checked(tmp_path)  # listed, never entered
