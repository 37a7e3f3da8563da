"""Decoded YAML documents are kept on disk: decoding the same text again gives the same value, of the same Go
types, without parsing it; errors are never kept; a damaged or planted entry is a miss; CHARTGEN_NO_CACHE keeps
nothing."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import cache_files

from chartgen.command_runtime import recursion_room
from chartgen.disk_cache import library_files
from chartgen.helm import decode_cache, yaml_load
from chartgen.helm.decode_cache import KIND
from chartgen.helm.yaml_load import YamlUnmarshalError, decode_for_struct, load_values, unmarshal
from chartgen.helmcompat.profile import HELM_3, HELM_4

VALUES = """\
name: web
replicas: 3
ratio: 0.25
negative_zero: -0.0
big: 18446744073709551615
octal: 0755
yes: on
nothing: ~
when: 2001-12-14
list: [a, 1, true, null, {x: 1e3}]
nested:
  z: last
  a: first
quoted: "\\u00e9t\\u00e9"
"""

CHART_YAML = """\
apiVersion: v2
name: c
version: 0.1.0
appVersion: 1.10
kubeVersion: 12
annotations: {big: 18446744073709551615, small: -9223372036854775808, inf: .inf, nan: .nan, flag: yes}
"""


@pytest.fixture
def cache(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    forget_process_memo(monkeypatch)
    return fresh_cache / KIND


def forget_process_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process starts with: nothing decoded yet, so the next decode reads the disk."""
    monkeypatch.setattr(decode_cache, "_memo", {})
    monkeypatch.setattr(decode_cache, "_memo_chars", 0)


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real_unmarshal, real_struct = yaml_load._unmarshal, yaml_load._decode_for_struct

    def counting_unmarshal(text: str, target: str) -> Any:
        calls.append(text)
        return real_unmarshal(text, target)

    def counting_struct(text: str) -> Any:
        calls.append(text)
        return real_struct(text)

    monkeypatch.setattr(yaml_load, "_unmarshal", counting_unmarshal)
    monkeypatch.setattr(yaml_load, "_decode_for_struct", counting_struct)
    return calls


def typed(value: Any) -> Any:
    """A value with every scalar's exact type spelt out (and NaN comparable), for comparing Go values."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, float):
        return ("float", value.hex())
    return (type(value).__name__, value)


def test_a_second_decode_of_the_same_values_comes_from_the_disk(cache, decodes, monkeypatch):
    first = load_values(VALUES, "values.yaml", profile=HELM_3)
    forget_process_memo(monkeypatch)
    second = load_values(VALUES, "values.yaml", profile=HELM_3)
    assert typed(second) == typed(first)
    assert len(decodes) == 1


def test_a_decode_in_the_same_process_is_remembered_without_the_disk(decodes, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    forget_process_memo(monkeypatch)
    assert unmarshal("a: 1\n") == unmarshal("a: 1\n") == {"a": 1.0}
    assert len(decodes) == 1


def test_each_caller_gets_a_value_of_its_own(cache):
    first = unmarshal("a: {b: 1}\n")
    first["a"]["b"] = "changed"
    assert unmarshal("a: {b: 1}\n") == {"a": {"b": 1.0}}


@pytest.mark.parametrize("target", ["map", "slice"])
def test_unmarshal_from_the_cache_keeps_every_float_string_and_order(cache, target, monkeypatch):
    text = VALUES if target == "map" else "- 1\n- -0.0\n- 1e308\n- 9007199254740993\n- x\n- [y, {b: 2, a: 1}]\n"
    first = unmarshal(text, target)
    forget_process_memo(monkeypatch)
    assert typed(unmarshal(text, target)) == typed(first)


def test_a_struct_decode_from_the_cache_keeps_gos_ints_uint64s_and_infinities(cache, decodes, monkeypatch):
    first = decode_for_struct(CHART_YAML)
    forget_process_memo(monkeypatch)
    second = decode_for_struct(CHART_YAML)
    assert typed(second) == typed(first)
    assert type(second["annotations"]["big"]) is yaml_load._Uint64
    assert math.isnan(second["annotations"]["nan"])
    assert len(decodes) == 1


def test_helm_4s_documents_are_each_kept(cache, decodes, monkeypatch):
    text = "a: 1\n---\nb: 2\n"
    first = load_values(text, "values.yaml", profile=HELM_4)
    forget_process_memo(monkeypatch)
    assert load_values(text, "values.yaml", profile=HELM_4) == first == {"a": 1.0, "b": 2.0}
    assert len(decodes) == 2


@pytest.mark.parametrize(
    "decode",
    [
        lambda: unmarshal("a: [1\n"),
        lambda: unmarshal("- 1\n", "map"),
        lambda: unmarshal("a: .inf\n"),
        lambda: decode_for_struct("a: *nowhere\n"),
    ],
    ids=["syntax", "wrong-target", "infinity", "unknown-anchor"],
)
def test_an_error_is_not_kept_and_reads_the_same_every_time(cache, decodes, decode, monkeypatch):
    with pytest.raises(YamlUnmarshalError) as first:
        decode()
    forget_process_memo(monkeypatch)
    with pytest.raises(YamlUnmarshalError) as second:
        decode()
    assert str(second.value) == str(first.value)
    assert len(decodes) == 2 and cache_files(cache) == []


@pytest.mark.parametrize(
    ("planted", "text", "struct"),
    [
        (b"not json", VALUES, False),
        (b"[1, 2]", VALUES, False),  # a list where the map target wants a map
        (b'{"a": NaN}', VALUES, False),
        (b'{"a": Infinity}', VALUES, False),
        (b'{"\xc3\xa9": 1}', VALUES, False),  # not ASCII: never written by chartgen
        (b"[" * 100_000 + b"]" * 100_000, VALUES, False),
        (b'{"a": 1}', CHART_YAML, True),  # an untagged map
        (b'["i", "12345678901234567890123"]', CHART_YAML, True),  # out of int64's range
        (b'["m", [["a", ["x", "1"]]]]', CHART_YAML, True),  # an unknown tag
        (b'["m", [["a", "1"], ["a", "2"]]]', CHART_YAML, True),  # a key twice
        (b'["f", "0x1.0p+99999999999"]', CHART_YAML, True),
    ],
    ids=[
        "garbage",
        "wrong-type",
        "nan",
        "infinity",
        "not-ascii",
        "deep",
        "untagged",
        "int-range",
        "unknown-tag",
        "duplicate-key",
        "float-overflow",
    ],
)
def test_a_damaged_or_planted_entry_is_a_miss_and_is_replaced(cache, decodes, planted, text, struct, monkeypatch):
    decode = (lambda: decode_for_struct(text)) if struct else (lambda: unmarshal(text))
    expected = typed(decode())
    (path,) = cache_files(cache)
    path.write_bytes(planted)
    forget_process_memo(monkeypatch)
    assert typed(decode()) == expected
    forget_process_memo(monkeypatch)
    assert typed(decode()) == expected
    assert len(decodes) == 2


def test_no_cache_setting_keeps_nothing_on_disk(cache, decodes, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    unmarshal(VALUES)
    forget_process_memo(monkeypatch)
    unmarshal(VALUES)
    assert len(decodes) == 2 and cache_files(cache) == []


def test_a_change_to_the_decoders_code_misses_the_cache(cache, decodes, monkeypatch):
    unmarshal(VALUES)
    forget_process_memo(monkeypatch)
    monkeypatch.setattr(decode_cache, "code_stamp", lambda *places: b"another decoder")
    unmarshal(VALUES)
    assert len(decodes) == 2


def test_the_decoders_stamp_covers_libyaml(monkeypatch):
    names = [path.name for path in library_files("yaml", "ruamel.yaml")]
    assert "__init__.py" in names and any(name.startswith("_yaml") for name in names)


@pytest.mark.parametrize("limit", [1000, 50_000], ids=["default limit", "raised limit"])
def test_a_value_nested_past_what_an_entry_holds_is_decoded_but_not_kept(cache, decodes, limit):
    # Past the entry's frame budget whatever limit the caller has raised (the CLI and the executor raise it).
    depth = decode_cache._ENTRY_FRAMES + 500
    text = "a: " + "[" * depth + "]" * depth + "\n"
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        with recursion_room(4 * depth):
            unmarshal(text)
            unmarshal(text)
    finally:
        sys.setrecursionlimit(previous)
    assert len(decodes) == 2 and cache_files(cache) == []


def test_the_process_memo_stays_within_its_budget(monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    forget_process_memo(monkeypatch)
    monkeypatch.setattr(decode_cache, "_MEMO_CHARS", 400)
    for index in range(50):
        unmarshal(f"key{index}: value\n")
        assert decode_cache._memo_chars <= 400
    unmarshal("big: " + "x" * 200 + "\n")
    assert not any("big" in text for _mode, text in decode_cache._memo)


def test_a_small_document_one_of_many_is_remembered_but_not_kept_on_disk(cache, decodes, monkeypatch):
    document = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n"
    unmarshal(document, one_of_many=True)
    unmarshal(document, one_of_many=True)
    assert len(decodes) == 1 and cache_files(cache) == []


def test_a_large_document_one_of_many_is_kept_on_disk(cache, decodes, monkeypatch):
    document = "data:\n" + "".join(f"  key{i}: value {i}\n" for i in range(decode_cache.SMALL_TEXT_CHARS // 10))
    unmarshal(document, one_of_many=True)
    forget_process_memo(monkeypatch)
    unmarshal(document, one_of_many=True)
    assert len(decodes) == 1 and len(cache_files(cache)) == 1


def test_a_small_file_is_kept_on_disk(cache, decodes):
    load_values("replicas: 1\n", "values.yaml", profile=HELM_3)
    assert len(cache_files(cache)) == 1
