"""toYaml's line writer (whole lines for everyday maps and lists) writes exactly what the emitter writes, and leaves
everything else to it: each property compares with the emitter's reference path (every shortcut off)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import Int64, StringList, StructFields
from chartgen.helm import goyaml
from chartgen.sprig.lists import NilList


def reference(value):
    """The emitter's answer with every shortcut off, or the error it raises."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(goyaml, "_FAST_PATHS", False)
        try:
            return goyaml.to_yaml(value)
        except FuncError as exc:
            return ("error", type(exc), str(exc))


def outcome(value):
    try:
        return goyaml.to_yaml(value)
    except FuncError as exc:
        return ("error", type(exc), str(exc))


WORDS = ["a", "word", "longerword", "x" * 30, "x" * 75, "1", "-", "é", "日本"]
# Strings that steer style and width: number-, bool- and null-lookalikes, indicators, blanks at the ends,
# quotes, escapes, breaks, runes the JSON round trip changes, and sentences around the folding column.
texts = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "plain",
            "yes",
            "No",
            "true",
            "null",
            "~",
            "12",
            "-3.5",
            "0x1F",
            "1e3",
            "1:20",
            "2001-12-14",
            ".inf",
            "a: b",
            "a:",
            ":a",
            "a #b",
            "#a",
            "- a",
            "-a",
            "? a",
            "---",
            "...x",
            "{{ .Release.Name }}",
            "[a]",
            "*a",
            "&a",
            "!a",
            "|a",
            ">a",
            "%a",
            "@a",
            "`a",
            "'a'",
            '"a"',
            "it's",
            'say "hi"',
            "back\\slash",
            " lead",
            "trail ",
            "tab\there",
            "line\nbreak",
            "ends\n",
            "\n",
            "cr\rhere",
            "nel\x85here",
            "ls\u2028here",
            "del\x7f",
            "bom\ufeff",
            "\ufeffbom",
            "nonchar\uffff",
            "surrogate\ud800",
            "emoji\U0001f600",
            "ctl\x01",
            "nbsp\xa0",
            "Ünïcode ßtraße",
        ]
    ),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join),
    st.lists(st.sampled_from([*WORDS, " ", "  ", ":", "#", "'", "\n"]), max_size=25).map("".join),
    st.text(max_size=20),
)
keys = st.one_of(
    texts,
    st.sampled_from(["app.kubernetes.io/name", "a1", "a10", "a2", "_u", "B", "b", "requests.cpu", "k" * 60]),
    # Past libyaml's 128-byte simple key ("? key") and past the round trip's quoting bound.
    st.integers(min_value=120, max_value=200).map(lambda n: "k" * n),
    st.integers(min_value=40, max_value=70).map(lambda n: "é" * n),
)
numbers = st.one_of(
    st.integers(min_value=-(2**66), max_value=2**66),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 2.0, 1001.0, 0.5, 1e21, 1e-7, 123456789.0, 1e6]),
    st.integers(min_value=-50, max_value=50).map(Int64),
)
scalars = st.one_of(texts, st.none(), st.booleans(), numbers)


def collections(inner):
    lists = st.lists(inner, max_size=4)
    maps = st.dictionaries(keys, inner, max_size=4)
    return st.one_of(
        lists,
        maps,
        lists.map(tuple),
        lists.map(StringList),
        lists.map(NilList),
        maps.map(StructFields),
    )


values = st.recursive(scalars, collections, max_leaves=30)


def check_line_writer_agrees(value) -> bool:
    """Whether the line writer wrote ``value``; when it did, the bytes are the emitter's."""
    written = goyaml._everyday_yaml(value)
    if written is not None:
        assert written == reference(value)
    return written is not None


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_line_writer_writes_what_the_emitter_writes_or_nothing(value):
    check_line_writer_agrees(value)


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_to_yaml_gives_the_reference_bytes_and_errors(value):
    assert outcome(value) == reference(value)


# Everyday values: short strings of safe characters, numbers, booleans, nil, nested a few levels.
everyday_texts = st.text(alphabet="abcxyz0123456789-./", min_size=1, max_size=12)
everyday = st.recursive(
    st.one_of(everyday_texts, st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(-1e6, 1e6)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(everyday_texts, inner, min_size=0, max_size=4)
    ),
    max_leaves=20,
).filter(lambda value: isinstance(value, (dict, list)) and value)


@settings(max_examples=200, deadline=None)
@given(value=everyday)
def test_line_writer_takes_every_everyday_map_and_list(value):
    assert goyaml._everyday_yaml(value) == reference(value)


@pytest.mark.parametrize("pad", [0, 20, 60, 74, 76, 77, 78])
@pytest.mark.parametrize("text", ["a b", "x" * 70 + " y", "ab cd " * 12, "no-space-" * 10, "it is: here"])
def test_values_around_the_folding_column_match_the_emitter(text, pad):
    for value in ({"k" * pad: text}, {"k" * pad: [text]}, [{"k" * max(pad - 2, 1): text}], {"a": {"k" * pad: text}}):
        assert outcome(value) == reference(value)


@pytest.mark.parametrize("text", ["x" * 79 + " y", "x" * 78 + " y", "'" + "x" * 76 + " y", "yes " * 20, "a b"])
def test_a_lone_scalar_around_the_folding_column_matches_the_emitter(text):
    assert outcome(text) == reference(text)


@pytest.mark.parametrize("depth", [98, 99, 100, 101, 102])
def test_deep_nesting_matches_the_emitter(depth):
    value: object = {"leaf": "v"}
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    assert outcome(value) == reference(value)


def test_a_cycle_is_left_to_the_emitter():
    value: dict = {"a": 1}
    value["self"] = value
    assert goyaml._everyday_yaml(value) is None


def test_a_struct_is_left_to_the_emitter():
    value = {"spec": StructFields({"zeta": 1, "alpha": 2})}
    assert goyaml._everyday_yaml(value) is None
    assert outcome(value) == reference(value) == "spec:\n  alpha: 2\n  zeta: 1"


# One line of printable ASCII with indicators in every position, as the analysis shortcut sees them.
ascii_lines = st.lists(st.sampled_from([chr(c) for c in range(0x20, 0x7F)] + ["  ", ": ", " #", "---", "- "])).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(text=ascii_lines, tabs_in_literal=st.booleans())
def test_analysis_shortcut_agrees_with_the_rune_by_rune_analysis(text, tabs_in_literal):
    fast = goyaml._analyze(text, tabs_in_literal)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(goyaml, "_FAST_PATHS", False)
        slow = goyaml._analyze(text, tabs_in_literal)
    assert fast == slow
