"""A chart's invariants file found valid once is kept on disk as its data: reading the same text again gives the
same declarations without parsing or validating it, and an invalid file is judged afresh every time."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cache_files

from chartgen.errors import OverlayError
from chartgen.patch import invariants
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.patch.invariants import CHECKED_KIND, INVARIANTS_FILE, read_chart_invariants_data

TEXT = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "w"}})).files[INVARIANTS_FILE].decode()
WHERE = "chart/" + INVARIANTS_FILE


@pytest.fixture
def entries(fresh_cache: Path) -> Path:
    return fresh_cache / CHECKED_KIND


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = invariants.load_yaml

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(invariants, "load_yaml", counting)
    return calls


def test_a_valid_file_read_again_gives_the_same_data_without_parsing(entries, parses):
    first = read_chart_invariants_data(TEXT, WHERE)
    assert read_chart_invariants_data(TEXT, WHERE) == first
    assert len(parses) == 1
    assert len(cache_files(entries)) == 1


def test_an_invalid_file_is_refused_every_time_and_not_kept(entries, parses):
    bad = "remote-target:\n  rules: 3\n"
    for _ in range(2):
        with pytest.raises(OverlayError):
            read_chart_invariants_data(bad, WHERE)
    assert len(parses) == 2
    assert cache_files(entries) == []


@pytest.mark.parametrize("planted", [b"not json", b"[1, 2]", b"null"], ids=["garbage", "list", "null"])
def test_a_damaged_entry_is_read_again_from_the_text(entries, parses, planted):
    expected = read_chart_invariants_data(TEXT, WHERE)
    (path,) = cache_files(entries)
    path.write_bytes(planted)
    assert read_chart_invariants_data(TEXT, WHERE) == expected
    assert len(parses) == 2


def test_nothing_is_kept_when_the_cache_is_off(entries, parses, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    read_chart_invariants_data(TEXT, WHERE)
    read_chart_invariants_data(TEXT, WHERE)
    assert len(parses) == 2
    assert cache_files(entries) == []
