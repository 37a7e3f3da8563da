"""The disk cache stays bounded: past its budget the oldest entries go, and pruning never touches anything but the
cache's own regular files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from chartgen import disk_cache


@pytest.fixture
def root(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(disk_cache, "_pruned", set())
    monkeypatch.setattr(disk_cache, "_written", {})
    return fresh_cache


def entry(root: Path, name: str, size: int, age_seconds: float) -> Path:
    path = root / "trees" / name[:2] / name[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


def test_an_entry_written_is_read_back(root):
    disk_cache.write_entry("trees", "ab" * 32, b"payload")
    assert disk_cache.read_entry("trees", "ab" * 32) == b"payload"


def test_a_missing_entry_reads_as_none(root):
    assert disk_cache.read_entry("trees", "cd" * 32) is None


def test_no_cache_setting_neither_reads_nor_writes(root, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    disk_cache.write_entry("trees", "ab" * 32, b"payload")
    assert disk_cache.read_entry("trees", "ab" * 32) is None
    assert not root.exists()


def test_a_cache_within_its_budget_is_left_alone(root):
    kept = [entry(root, f"{i:04x}", 4096, age_seconds=i) for i in range(4)]
    assert disk_cache.prune(root, budget=4 * 4096) == 0
    assert all(path.exists() for path in kept)


def test_a_cache_over_its_budget_loses_its_oldest_entries_down_to_three_quarters(root):
    paths = [entry(root, f"{i:04x}", 4096, age_seconds=100 - i) for i in range(8)]
    removed = disk_cache.prune(root, budget=4 * 4096)
    assert removed == 5
    assert [path.exists() for path in paths] == [False] * 5 + [True] * 3


def test_tiny_entries_weigh_a_block_each(root):
    for i in range(8):
        entry(root, f"{i:04x}", 1, age_seconds=100 - i)
    assert disk_cache.prune(root, budget=4 * 4096) == 5


def test_pruning_does_not_follow_links_out_of_the_cache(root, tmp_path):
    outside = tmp_path / "precious"
    outside.write_bytes(b"y" * 65536)
    entry(root, "0000", 4096, age_seconds=1)
    (root / "trees" / "zz").mkdir(parents=True)
    (root / "trees" / "zz" / "link").symlink_to(outside)
    disk_cache.prune(root, budget=1)
    assert outside.read_bytes() == b"y" * 65536


def test_the_first_write_of_an_hour_prunes_and_leaves_a_stamp(root, monkeypatch):
    calls: list[Path] = []
    monkeypatch.setattr(disk_cache, "prune", lambda where: calls.append(where) or 0)
    disk_cache.write_entry("trees", "ab" * 32, b"payload")
    disk_cache.write_entry("trees", "cd" * 32, b"payload")
    assert calls == [root]
    assert (root / ".pruned").exists()


def test_a_recent_stamp_means_no_pruning(root, monkeypatch):
    root.mkdir()
    (root / ".pruned").touch()
    calls: list[Path] = []
    monkeypatch.setattr(disk_cache, "prune", lambda where: calls.append(where) or 0)
    disk_cache.write_entry("trees", "ab" * 32, b"payload")
    assert calls == []


def test_a_changed_file_changes_the_code_stamp(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("a = 1\n")
    before = disk_cache.files_stamp([tmp_path])
    source.write_text("a = 22\n")
    assert disk_cache.files_stamp([tmp_path]) != before


def test_an_entry_past_the_size_cap_is_neither_read_nor_written(root, monkeypatch):
    monkeypatch.setattr(disk_cache, "MAX_ENTRY_BYTES", 8)
    disk_cache.write_entry("trees", "ab" * 32, b"123456789")
    assert disk_cache.read_entry("trees", "ab" * 32) is None
    planted = entry(root, "cd" * 32, 9, age_seconds=0)
    assert planted.exists() and disk_cache.read_entry("trees", "cd" * 32) is None


def test_a_process_that_writes_a_quarter_of_the_budget_prunes_at_once(root, monkeypatch):
    root.mkdir()
    (root / ".pruned").touch()  # pruned a moment ago: only this process's own writes can make it weigh again
    monkeypatch.setattr(disk_cache, "BUDGET_BYTES", 4 * 4096)
    calls: list[Path] = []
    monkeypatch.setattr(disk_cache, "prune", lambda where: calls.append(where) or 0)
    disk_cache.write_entry("trees", "ab" * 32, b"x" * 4096)
    assert calls == []
    disk_cache.write_entry("trees", "cd" * 32, b"x" * 4096)
    assert calls == [root]


def test_a_planted_json_entry_nested_past_the_stack_is_a_miss(root):
    path = entry(root, "ab" * 32, 0, age_seconds=0)
    path.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    assert disk_cache.read_json("trees", "ab" * 32) is None


def test_the_code_stamp_is_empty_when_a_library_it_names_is_missing():
    from chartgen.disk_cache import code_stamp

    assert code_stamp(("disk_cache.py",), ("no_such_library_here",)) == b""
    assert code_stamp(("disk_cache.py",)) != b""
