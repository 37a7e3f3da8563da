"""Go's regexp on RE2 (chartgen.goregexp): the limits Go puts on a pattern, the ``\\p`` names of each Helm's Go,
and the matching loops on byte offsets.

Every threshold and verdict below was observed with real Helm (3.17.3, built with Go 1.23.7, and 4.1.4, built
with Go 1.25.9) through ``mustRegexMatch``; the differential corpus (``corpus/regex.yaml``) replays a sample of
them against both binaries on every run.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.goregexp import RegexpSyntaxError, compile_regexp
from chartgen.goregexp.regexp import _CACHE, _CACHE_BYTES, _CACHE_ENTRIES, Subject
from chartgen.goregexp.syntax import translate
from chartgen.helmcompat.profile import profile_for


def refusal(pattern: str, helm_major: int = 3) -> str | None:
    """Go's error code for ``pattern`` (translation only: no RE2 program is built), or None when Go accepts it."""
    try:
        translate(pattern, profile_for(helm_major).go_version)
    except RegexpSyntaxError as exc:
        return exc.code
    return None


# (shape, largest accepted n, Go's code for n + 1)
NESTING = [
    (lambda n: "(" * n + "a" + ")" * n, 999, "expression nests too deeply"),
    (lambda n: "(a" * n + ")" * n, 500, "expression nests too deeply"),
    (lambda n: "(" * n + "a" + ")*" * n, 499, "expression nests too deeply"),
    (lambda n: "(?:" * n + "a" + ")*" * n, 999, "expression nests too deeply"),
    (lambda n: "(?:" * n + "a" + ")?" * n, 999, "expression nests too deeply"),
    (lambda n: "(?:" * n + "a" + "){1}" * n, 999, "expression nests too deeply"),
    (lambda n: "(a|" * n + "b" + ")" * n, 500, "expression nests too deeply"),
    (lambda n: "([ab]" * n + ")" * n, 500, "expression nests too deeply"),
]
SIZE = [
    (lambda n: "(?:" + "a" * n + "){1000}", 3355),
    (lambda n: "(" + "a" * n + "){1000}", 3353),
    (lambda n: "(?:" + "[ab]" * n + "){1000}", 3355),
    (lambda n: "(?:" + "a*" * n + "){1000}", 1118),
    (lambda n: "(?:" + "a+" * n + "){1000}", 1677),
    (lambda n: "(?:" + "a?" * n + "){1000}", 1677),
    (lambda n: "(?:" + "a" * n + "){2,1000}", 3354),
    (lambda n: "(?:" + "a" * n + "){0,1000}", 3354),
    (lambda n: "(?:" + "a" * n + "){1000,}", 3355),
    (lambda n: "(?:" + "." * n + "){1000}", 3355),
    (lambda n: "(?:" + "(?:ab|cd)" * n + "){1000}", 671),
    (lambda n: "(?:" + "(?:a|b)" * n + "){1000}", 3355),
    (lambda n: "(?:" + "(?:a|bc)" * n + "){1000}", 838),
]


@pytest.mark.parametrize(("shape", "largest", "code"), NESTING)
def test_parse_trees_deeper_than_1000_are_refused_as_go_measures_them(shape, largest, code):
    assert refusal(shape(largest)) is None
    assert refusal(shape(largest + 1)) == code


def test_non_capturing_groups_add_no_depth():
    assert refusal("(?:a" * 3000 + ")" * 3000) is None
    assert refusal("(?:ab|" * 3999 + "cd" + ")" * 3999) is None


# Go counts the runes of every node it pushes, and a group of literal text is pushed again at each step of
# closing it, so deeply nested groups of text reach its rune limit: (shape, largest accepted n).
NESTED_TEXT = [
    (lambda n: "(?:a(?:" * n + "c" + "))" * n, 3342),
    (lambda n: "(?:ab(?:" * n + "c" + "))" * n, 2363),
    (lambda n: "(?:abcd(?:" * n + "c" + "))" * n, 1671),
    (lambda n: "(?:[a](?:" * n + "c" + "))" * n, 3342),
]


@pytest.mark.parametrize(("shape", "largest"), NESTED_TEXT)
def test_deeply_nested_groups_of_text_are_refused_as_too_large(shape, largest):
    assert refusal(shape(largest)) is None
    assert refusal(shape(largest + 1)) == "expression too large"


@pytest.mark.parametrize(("shape", "largest"), SIZE)
def test_programs_over_go_size_limit_are_refused(shape, largest):
    assert refusal(shape(largest)) is None
    assert refusal(shape(largest + 1)) == "expression too large"


@pytest.mark.parametrize(
    ("pattern", "accepted"),
    [
        ("(a{10}){100}", True),
        ("(a{100}){100}", False),
        ("(a{1000}){1}", True),
        ("(a{1000}){2}", False),
        ("((a{10}){10}){10}", True),
        ("((a{10}){10}){11}", False),
        ("(a{1000})*", True),
        ("(a{1000})?", True),
        ("(a{2}){500}", True),
        ("(a{2}){501}", False),
        ("(a{1000}|b{2}){2}", False),
        ("(a{2,}){501}", False),
        ("(a{0,1000}){2}", False),
        ("(a{1,}){1000}", True),
        ("(a{0,2}){500}", True),
    ],
)
def test_nested_repeat_counts_multiply_up_to_1000(pattern, accepted):
    assert refusal(pattern) == (None if accepted else "invalid repeat count")


def test_the_repeat_that_breaks_the_product_is_quoted():
    with pytest.raises(RegexpSyntaxError) as caught:
        translate("((a{10}){10}){11}")
    assert str(caught.value) == "error parsing regexp: invalid repeat count: `{11}`"


def test_size_and_depth_errors_quote_the_whole_pattern():
    pattern = "(" * 1000 + "a" + ")" * 1000
    with pytest.raises(RegexpSyntaxError) as caught:
        translate(pattern)
    assert str(caught.value) == f"error parsing regexp: expression nests too deeply: `{pattern}`"


# ------------------------------------------------------------------------------------------------ \p names

# name -> (accepted by Helm 3's Go 1.23, accepted by Helm 4's Go 1.25)
UNICODE_NAMES = {
    "Greek": (True, True),
    "greek": (False, True),
    "GREEK": (False, True),
    "Gre ek": (False, True),
    "Greek_": (False, True),
    "Letter": (False, True),
    "lowercase_letter": (False, True),
    "Lowercase Letter": (False, True),
    "L u": (False, True),
    "digit": (False, True),
    "cntrl": (False, True),
    "Combining_Mark": (False, True),
    "LC": (False, True),
    "Cased_Letter": (False, True),
    "Cn": (False, True),
    "ASCII": (False, True),
    "Assigned": (False, True),
    "Any": (True, True),
    "any": (False, True),
    "L": (True, True),
    "Lu": (True, True),
    "Cs": (True, True),
    "Co": (True, True),
    "Latin": (True, True),
    "Han": (True, True),
    "Braille": (True, True),
    "Adlam": (True, True),
    "Nko": (True, True),
    "Hiragana": (True, True),
    "Common": (True, True),
    "Inherited": (True, True),
    "Old_Italic": (True, False),
    "Canadian_Aboriginal": (True, False),
    "Hanifi_Rohingya": (True, False),
    "OldItalic": (False, False),
    "old-italic": (False, False),
    "Old Italic": (False, False),
    "Zzzz": (False, False),
    "Zyyy": (False, False),
    "Hira": (False, False),
    "L&": (False, False),
    "Katakana_Or_Hiragana": (False, False),
}


@pytest.mark.parametrize(("name", "verdicts"), UNICODE_NAMES.items(), ids=list(UNICODE_NAMES))
@pytest.mark.parametrize("helm_major", [3, 4])
def test_unicode_class_names_are_those_of_each_helms_go(name, verdicts, helm_major):
    expected = None if verdicts[helm_major - 3] else "invalid character class range"
    assert refusal(f"\\p{{{name}}}", helm_major) == expected


@pytest.mark.parametrize(
    ("pattern", "text", "helm3", "helm4"),
    [
        ("\\pC", "\u0378", False, True),  # Go 1.25's C takes in the unassigned code points
        ("\\PC", "\u0378", True, False),
        ("\\p{Cn}", "\u0378", None, True),
        ("\\p{Assigned}", "\u0378", None, False),
        ("\\P{Assigned}", "a", None, False),
        ("[^\\p{LC}]", "a", None, False),
        ("\\pl", "a", None, True),
        ("\\p{Kawi}", "\U00011f00", True, True),
    ],
)
def test_unicode_classes_mean_what_each_go_means(pattern, text, helm3, helm4):
    for major, expected in ((3, helm3), (4, helm4)):
        if expected is None:
            assert refusal(pattern, major) == "invalid character class range"
        else:
            assert compile_regexp(pattern, profile_for(major).go_version).search(text) is expected


# ------------------------------------------------------------------------------------------------ matching


def test_a_nested_quantifier_fails_in_linear_time():
    started = time.monotonic()
    assert not compile_regexp("^(a+)+$").search("a" * 200_000 + "!")
    assert not compile_regexp("(a|aa)+$").search("a" * 200_000 + "!")
    assert time.monotonic() - started < 2


def test_an_empty_match_never_starts_inside_a_character():
    # RE2's unanchored search finds \B between the two bytes of é; Go steps over whole characters.
    assert [m.start for m in compile_regexp("\\B").find_all("aéb", -1)] == []
    assert compile_regexp("\\B").replace_all("éé", lambda m: "-") == "-é-é-"


def test_bytes_that_are_not_utf8_are_one_replacement_character_each():
    text = b"a\xffb\xe2\x82".decode("utf-8", "surrogateescape")
    assert [m.group() for m in compile_regexp(".").find_all(text, -1)] == list(text)
    assert compile_regexp("\\x{FFFD}").replace_all(text, lambda m: "?") == "a?b??"


def test_offsets_map_back_to_the_original_bytes():
    subject = Subject(b"\xff\xc3\xa9\xfe!".decode("utf-8", "surrogateescape"))
    assert subject.data == "\ufffdé\ufffd!".encode()
    assert subject.slice(3, 5) == "é"
    assert subject.slice(5, len(subject.data)) == "\udcfe!"


def test_a_surrogate_that_is_not_a_byte_escape_is_a_replacement_character():
    assert compile_regexp("^\\x{FFFD}$").search("\ud800")


def test_the_program_cache_stays_within_its_bounds():
    for n in range(_CACHE_ENTRIES + 50):
        compile_regexp(f"^x{n}$")
    assert len(_CACHE.entries) <= _CACHE_ENTRIES
    assert _CACHE.weight <= _CACHE_BYTES


def test_a_refusal_is_raised_again_from_the_cache():
    for _ in range(2):
        with pytest.raises(RegexpSyntaxError, match="missing closing"):
            compile_regexp("(")


@pytest.mark.parametrize(
    "pattern",
    [
        "\\pL" * 3000,  # Go: 3000 instructions; RE2: a UTF-8 automaton of ~1200 for each
        "\\pL{1000}" * 4,
        "(?i)" + "k" * 600_000,  # k has two other cases, so RE2 makes each a class of its own
        "(?:" + "." * 3355 + "){1000}",  # Go's largest program, seven RE2 instructions a dot
    ],
    ids=["many-letter-classes", "repeated-letter-classes", "folded-letters", "dots"],
)
def test_a_pattern_re2_could_not_build_within_bounds_is_refused_as_too_large(pattern):
    assert refusal(pattern) is None  # Go accepts it
    started = time.monotonic()
    with pytest.raises(RegexpSyntaxError) as caught:
        compile_regexp(pattern)
    assert caught.value.code == "expression too large"
    assert time.monotonic() - started < 2


def test_the_largest_programs_go_accepts_of_literals_and_ascii_classes_compile():
    assert compile_regexp("(?:" + "(?:a|b)" * 3355 + "){1000}").search("ab" * 10) is False


def test_a_pattern_that_is_one_long_string_is_found_by_substring_search():
    # RE2 would keep a thread per position of the 3.4-million-character literal: hours on this text.
    started = time.monotonic()
    assert compile_regexp("(?:" + "a" * 3355 + "){1000}b").search("a" * 3_000_000) is False
    assert compile_regexp("x(?:ab){3}\\.").find("zxababab.") == "xababab."
    assert time.monotonic() - started < 3


# ------------------------------------------------------------------------------------------------ any pattern

_PIECES = [
    *"()[]{}*+?|\\^$.:-,=!<>P0123456789aAbBdDpPQEiUmsxz_kKſé日 \n\t",
    *("(?", "(?P<", "(?<n>", "(?i", "\\p{", "\\pL", "\\PL", "\\p{Greek}", "[:", ":]", "[^", "[[:alpha:]]", "\\x{"),
    *("\\x41", "\\101", "{1,", "{1000}", "\\Q", "\\E", "\\b", "\\B", "\\z", "\\A", "\\d", "\\W", "(?s:.)", "\udcff"),
]
PATTERNS = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
TEXTS = st.text(alphabet=st.sampled_from([*"abkKſé日 \n.AB_1", "\udcff"]), max_size=12)


def compiles_or_refuses_and_matches(pattern: str, text: str, helm_major: int) -> None:
    """Any pattern ends in a Regexp or in Go's refusal, and every matching loop ends on any text."""
    try:
        regexp = compile_regexp(pattern, profile_for(helm_major).go_version)
    except RegexpSyntaxError:
        return
    regexp.search(text)
    regexp.find_all(text, -1)
    regexp.replace_all(text, lambda m: regexp.expand("$1${n}", m))
    regexp.split(text, -1)


@settings(max_examples=200, deadline=None)
@given(PATTERNS, TEXTS, st.sampled_from([3, 4]))
def test_any_pattern_compiles_or_is_refused_and_any_text_is_matched(pattern, text, helm_major):
    compiles_or_refuses_and_matches(pattern, text, helm_major)
