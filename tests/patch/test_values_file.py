"""A values file read for chartgen's checks: Helm's data, placed on the line that wrote it."""

from __future__ import annotations

import pytest

from chartgen.errors import ValuesError
from chartgen.helmcompat.profile import profile_for
from chartgen.patch.values_file import read_values


def _read(text: str, helm_compat: int = 3):
    return read_values(text, "v.yaml", profile=profile_for(helm_compat))


def test_the_values_are_helms_not_yaml_1_1s():
    assert _read("a: 0o17\nb: 1:30\nc: 2024-01-02T03:04:05Z\n").values == {
        "a": 15,
        "b": "1:30",
        "c": "2024-01-02T03:04:05Z",
    }


def test_an_integral_number_reads_as_json_reads_it():
    assert _read("a: 2\n").values == {"a": 2} and isinstance(_read("a: 2\n").values["a"], int)


def test_a_key_is_placed_under_the_name_helm_gives_it():
    assert _read("x: 1\non: 2\n").positions.key([], "true") == (2, 1)


def test_the_last_duplicate_key_is_the_one_placed():
    assert _read("a: 1\na: 2\n").positions.value(["a"]) == (2, 4)


def test_a_merged_value_is_placed_where_the_anchor_wrote_it():
    doc = _read("base: &b\n  size: 1\nitem:\n  <<: *b\n  name: x\n")
    assert doc.positions.value(["item", "size"]) == (2, 9)


def test_a_key_written_after_a_merge_wins_over_it():
    doc = _read("base: &b\n  size: 1\nitem:\n  <<: *b\n  size: 2\n")
    assert doc.positions.value(["item", "size"]) == (5, 9)


def test_a_missing_value_is_placed_at_its_nearest_ancestor():
    assert _read("a:\n  b: 1\n").positions.value(["a", "c"]) == (2, 3)


def test_under_helm_4_a_later_document_is_placed_first():
    doc = _read("a: 1\n---\na: 2\n", helm_compat=4)
    assert (doc.values, doc.positions.value(["a"])) == ({"a": 2}, (3, 4))


def test_under_helm_3_a_later_document_is_not_read():
    doc = _read("a: 1\n---\nb: [\n")
    assert (doc.values, doc.positions.value(["a"])) == ({"a": 1}, (1, 4))


def test_a_syntax_error_is_helms_text_at_libyamls_place():
    with pytest.raises(ValuesError) as info:
        _read("a: 1\n  b: 2\n")
    assert str(info.value) == (
        "v.yaml:2:4: invalid YAML: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in "
        "this context"
    )


def test_a_value_helm_refuses_is_refused_at_the_file():
    with pytest.raises(ValuesError) as info:
        _read("a: .inf\n")
    assert str(info.value) == "v.yaml: invalid YAML: error converting YAML to JSON: json: unsupported value: +Inf"


def test_excessive_aliasing_is_refused_at_its_line():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 5)]
    with pytest.raises(ValuesError, match=r"^v\.yaml:\d+:\d+: invalid YAML: .*document contains excessive aliasing"):
        _read("\n".join(lines) + "\n")


def test_a_file_that_is_not_a_mapping_is_refused_at_line_1():
    with pytest.raises(ValuesError) as info:
        _read("- a\n")
    assert str(info.value) == "v.yaml:1: a values file must be a mapping at its top level"
