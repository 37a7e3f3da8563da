"""The text scan that proves a rendered document plain (``chartgen/helm/manifest_head.py``) stays linear on text
shaped to make a backtracking regex engine retry: megabytes of near-misses for each pattern it searches."""

from __future__ import annotations

import pytest

from hostile.harness import assert_clean_success, run_chartgen
from hostile.inputs import write_chart

SECONDS = 20.0
SIZE = 1_000_000

# Each value starts like a construct the scan looks for and then runs for a megabyte without completing it.
NEAR_MISSES = {
    "null-then-spaces": f'"null{{{{ repeat {SIZE} " " }}}}x"',
    "long-alias-name": f'"*{{{{ repeat {SIZE} "a" }}}}*"',
    "bracket-then-spaces": f'"]{{{{ repeat {SIZE} " " }}}}x"',
    "brace-then-white-space": f'"{{{{ "{{" }}}}{{{{ repeat {SIZE} " " }}}}x"',
    "many-short-near-misses": f'"{{{{ repeat {SIZE // 8} "~ *a* ]x " }}}}"',
    "digits-and-dashes": f'"{{{{ repeat {SIZE // 4} "123-" }}}}"',
}


@pytest.mark.parametrize("value", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_a_megabyte_of_near_misses_renders_in_bounded_time(tmp_path, value):
    template = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: {value}\n"
    path = write_chart(tmp_path, templates={"t.yaml": template})
    outcome = run_chartgen("render", path, cwd=tmp_path, seconds=SECONDS)
    assert_clean_success(outcome)
    assert "kind: ConfigMap" in outcome.stdout
