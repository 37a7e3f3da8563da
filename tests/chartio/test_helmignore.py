"""``.helmignore`` behaves as Helm's own rules do."""

from __future__ import annotations

import pytest

from chartgen.chartio.helmignore import HelmIgnore
from chartgen.errors import ChartLoadError


def test_base_name_patterns_match_at_any_depth():
    rules = HelmIgnore.parse("*.bak\n")
    assert rules.ignores("templates/deployment.yaml.bak", is_dir=False)
    assert not rules.ignores("templates/deployment.yaml", is_dir=False)


def test_patterns_with_a_slash_match_the_whole_path():
    rules = HelmIgnore.parse("docs/*.md\n")
    assert rules.ignores("docs/a.md", is_dir=False)
    assert not rules.ignores("other/docs/a.md", is_dir=False)


def test_trailing_slash_matches_directories_only():
    rules = HelmIgnore.parse(".git/\n")
    assert rules.ignores(".git", is_dir=True)
    assert not rules.ignores(".git", is_dir=False)


def test_hidden_files_under_templates_are_always_ignored():
    assert HelmIgnore.parse("").ignores("templates/.notes.yaml", is_dir=False)


def test_double_star_is_refused_with_its_line():
    with pytest.raises(ChartLoadError, match=r"\.helmignore:2: double-star"):
        HelmIgnore.parse("# c\n**/x\n")
