"""LineMatcher: difflib's opcodes for long texts full of repeated lines, in near-linear time."""

from __future__ import annotations

import difflib
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.snapshot.sequence_match import LineMatcher

LINES = st.lists(st.sampled_from(["a", "b", "c", "d", "  x: 1", "---"]), max_size=40)


def _snapshot_like(objects: int, revision: int) -> list[str]:
    # Every object repeats the same lines; one line per object carries the revision.
    lines = []
    for n in range(objects):
        lines += [f"# Object: ConfigMap unit-{n}", "data:", f"  revision: '{revision}'", "  retries: 5", f"  id: {n}"]
    return lines


def _apply(a: list[str], b: list[str], opcodes) -> list[str]:
    out = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
            out += a[i1:i2]
        else:
            out += b[j1:j2]
    return out


@given(a=LINES, b=LINES)
@settings(max_examples=200, deadline=None)
def test_opcodes_turn_the_old_lines_into_the_new_ones(a, b):
    assert _apply(a, b, LineMatcher(a, b).get_opcodes()) == b


def test_identical_inputs_are_one_equal_block():
    lines = _snapshot_like(50, 1)
    assert LineMatcher(lines, list(lines)).get_opcodes() == [("equal", 0, len(lines), 0, len(lines))]


def test_a_change_in_every_object_is_reported_as_exactly_those_lines():
    old, new = _snapshot_like(300, 1), _snapshot_like(300, 2)
    changed = [op for op in LineMatcher(old, new).get_opcodes() if op[0] != "equal"]
    assert [(i1, i2) for _, i1, i2, _, _ in changed] == [(5 * n + 2, 5 * n + 3) for n in range(300)]


def test_grouped_opcodes_keep_difflibs_hunks_for_a_snapshot_change():
    old, new = _snapshot_like(40, 1), _snapshot_like(40, 2)
    expected = list(difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(3))
    assert list(LineMatcher(old, new).get_grouped_opcodes(3)) == expected


def test_a_long_text_with_repeated_lines_takes_linear_time():
    # 20 000 objects, 100 000 lines, a change in each object: difflib needs hours for this, the anchors a second.
    old, new = _snapshot_like(20_000, 1), _snapshot_like(20_000, 2)
    started = time.process_time()
    opcodes = LineMatcher(old, new).get_opcodes()
    assert time.process_time() - started < 10
    assert sum(op[0] != "equal" for op in opcodes) == 20_000
