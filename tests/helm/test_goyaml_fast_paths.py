"""The emitter's shortcuts (whole scalars instead of rune by rune, toYaml without writing the JSON, key order by
translation) never change a byte: each property compares the result with the shortcuts on and off."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.gotemplate.funcs import FuncError
from chartgen.helm import goyaml

# Runes that steer the emitter: indicators, blanks, breaks of every kind, quotes, escapes, C1 controls, the BOM,
# surrogates (undecodable bytes), non-characters and runes outside the BMP.
TRICKY = list(" \t\n\r\x85\u2028\u2029'\"\\:#-?,[]{}&*!|>%@`~.=+/0123456789aZ_") + [
    "\x00",
    "\x7f",
    "\x9f",
    "\xa0",
    "\ufeff",
    "\ud800",
    "\ufffe",
    "\uffff",
    "\U0001f600",
    "é",
]
texts = st.one_of(
    st.text(alphabet=st.sampled_from(TRICKY), max_size=30),
    st.text(max_size=30),
    # Long words and sentences around the folding column.
    st.lists(st.sampled_from(["word", "a", "longerword", "x" * 40, " ", "  ", ":", "#"]), max_size=40).map("".join),
    st.sampled_from(["", "---", "...", "- a", "a:", "a: b", "yes", "null", "1:20", "0x1F", "~", "a #b", "Ünïcode"]),
)
keys = st.one_of(
    texts, st.sampled_from(["apiVersion", "kind", "a1", "a10", "a2", "_u", "B", "b", "app.kubernetes.io/name"])
)
scalars = st.one_of(
    texts,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)


def both_ways(function, value, monkeypatch: pytest.MonkeyPatch):
    def outcome():
        try:
            return function(value)
        except FuncError as exc:
            return ("error", str(exc))

    fast = outcome()
    monkeypatch.setattr(goyaml, "_FAST_PATHS", False)
    try:
        slow = outcome()
    finally:
        monkeypatch.setattr(goyaml, "_FAST_PATHS", True)
    return fast, slow


@settings(max_examples=400, deadline=None)
@given(value=values)
def test_to_yaml_shortcuts_give_the_same_bytes(value):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both_ways(goyaml.to_yaml, value, monkeypatch)
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_to_yaml_pretty_shortcuts_give_the_same_bytes(value):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both_ways(goyaml.to_yaml_pretty, value, monkeypatch)
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(names=st.lists(keys, max_size=12, unique=True))
def test_key_order_shortcut_gives_the_same_order(names):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both_ways(goyaml.sorted_keys, names, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("indent", [0, 30, 70, 78])
@pytest.mark.parametrize("text", ["short words here", "x" * 90, "a " * 50, "ends with space ", "two  spaces " * 9])
def test_scalars_near_the_folding_column_fold_as_before(text, indent):
    value = {"k" * indent: text}
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both_ways(goyaml.to_yaml, value, monkeypatch)
    assert fast == slow


# goyaml's key order is not transitive here (40 < 4b < 5 < 40): the result depends on the order the sort starts
# from, which after the JSON round trip is the keys' byte order, whatever order the map was built in.
@pytest.mark.parametrize("value", [{"4b": None, "5": None, "40": []}, {"5": "a\nb", "4b": None, "40": []}])
def test_keys_without_a_consistent_order_start_from_their_byte_order(value):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both_ways(goyaml.to_yaml, value, monkeypatch)
    assert fast == slow
    assert fast.startswith('"40": []\n4b: null\n"5": ')
