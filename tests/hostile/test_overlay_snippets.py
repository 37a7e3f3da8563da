"""An overlay's Jinja2 files are untrusted: they may substitute parameters under conditions, nothing more. Each
hostile snippet ends in a one-line refusal naming the overlay file and line, within the harness's time and memory
limits, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.harness import Sandbox, assert_clean_success, assert_refused, run_chartgen
from hostile.outputs_kit import write_chart, write_overlay


def snippet_overlay(root: Path, source: str) -> Path:
    """An overlay ``ovs/extra`` with one string parameter ``p`` whose file ``extra.yaml`` is ``source``."""
    body = (
        "parameters:\n  p:\n    description: A test parameter.\n    default: ab\n"
        "files:\n  - path: templates/extra.yaml\n    source: extra.yaml\n"
    )
    return write_overlay(root / "ovs" / "extra", body, {"extra.yaml": source})


def patch(root: Path):
    return run_chartgen("patch", "--chart", "c", "--overlay", "extra", "--overlay-dir", "ovs", "-o", "out/c", cwd=root)


HOSTILE = {
    "python internals through attributes": "[[ p.__class__.__mro__[1].__subclasses__() ]]\n",
    "a call": "[[ p.upper() ]]\n",
    "string repetition": "[[ p * 1000000000 ]]\n",
    "a power tower": "[[ 9 ** 9 ** 9 ** 9 ]]\n",
    "concatenation chains": "".join(f"[% set v{i} = v{i - 1} ~ v{i - 1} %]" for i in range(1, 80)) + "[[ v79 ]]\n",
    "a loop": "[% for i in p %][[ i ]][% endfor %]\n",
    "range": "[[ range(10) ]]\n",
    "a filter with a size argument": "[[ p | center(1000000000) ]]\n",
    "a filter outside the list": "[[ p | wordwrap ]]\n",
    "an include": "[% include '/etc/passwd' %]\n",
    "an import": "[% import 'x' as y %]\n",
    "a macro": "[% macro m() %]x[% endmacro %]\n",
    "a filter argument computed at render": "[[ p | default(p ~ p) ]]\n",
}


@pytest.mark.parametrize("source", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_snippet_outside_the_substitution_subset_is_refused_at_its_file(tmp_path: Path, source: str) -> None:
    write_chart(tmp_path / "c")
    snippet_overlay(tmp_path, source)
    sandbox = Sandbox(tmp_path)
    assert_refused(patch(tmp_path), "ovs/extra/extra.yaml")
    sandbox.assert_unchanged()


def test_deeply_nested_parentheses_in_a_snippet_are_refused(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    snippet_overlay(tmp_path, "[[ " + "(" * 50000 + "p" + ")" * 50000 + " ]]\n")
    assert_refused(patch(tmp_path), "ovs/extra/extra.yaml")


def test_a_private_attribute_is_refused_at_its_line(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    snippet_overlay(tmp_path, "x\n[[ p.__class__ | yaml ]]\n")
    assert_refused(patch(tmp_path), "ovs/extra/extra.yaml:2", "'__class__' is not allowed")


def test_a_method_value_is_refused_rather_than_printed(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    snippet_overlay(tmp_path, "[[ p.upper | yaml ]]\n")
    assert_refused(patch(tmp_path), "ovs/extra/extra.yaml", "may only print parameters")


def test_an_unknown_parameter_is_named_in_the_refusal(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    snippet_overlay(tmp_path, "[[ nothere | yaml ]]\n")
    assert_refused(patch(tmp_path), "ovs/extra/extra.yaml", "'nothere' is undefined")


def test_substitution_under_a_condition_with_the_listed_filters_still_works(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    snippet_overlay(tmp_path, "[% if p == 'ab' %]k: [[ p | upper | yaml ]][% else %]k: no[% endif %]\n")
    assert_clean_success(patch(tmp_path))
    assert (tmp_path / "out/c/templates/extra.yaml").read_text() == 'k: "AB"\n'
