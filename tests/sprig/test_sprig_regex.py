"""Sprig's regular-expression functions (Go RE2 on Python re), driven through the template executor.

Every expected value below is what real Helm (3.17.3 and 4.1.4, identical) rendered for the same expression with
the values in ``template_harness.EXPRESSION_VALUES``; error texts are the part of Helm's message after
``executing ... at <...>:``.
"""

from __future__ import annotations

import pytest
from template_harness import expression_tests

from chartgen.sprig.regex import FUNCS

render, failure = expression_tests(FUNCS)


MATCH = [
    ('regexMatch "^[a-z]+$" "abc"', "true"),
    ('regexMatch "^[a-z]+$" "abc\\n"', "false"),
    ('regexMatch "(?m)^b$" "a\\nb\\nc"', "true"),
    ('regexMatch "^\\\\d+$" "١٢"', "false"),
    ('regexMatch "^\\\\w+$" "é"', "false"),
    ('regexMatch "(" "x"', "false"),
    ('regexMatch "a\\\\z" "a"', "true"),
    ('regexMatch "a\\\\z" "a\\n"', "false"),
    ('regexMatch "\\\\bfoo\\\\b" "a foo b"', "true"),
    ('regexMatch "\\\\bfoo\\\\b" "éfooé"', "true"),
    ('regexMatch "^[[:alpha:]]+$" "abcXYZ"', "true"),
    ('regexMatch "^[[:alpha:]]+$" "é"', "false"),
    ('regexMatch "^\\\\pL+$" "éλ"', "true"),
    ('regexMatch "^\\\\p{Lu}$" "É"', "true"),
    ('regexMatch "^\\\\PL$" "1"', "true"),
    ('regexMatch "^\\\\p{^L}$" "1"', "true"),
    ('regexMatch "(?i)abc" "ABC"', "true"),
    ('regexMatch "a(?i)b" "aB"', "true"),
    ('regexMatch "a(?i)b" "AB"', "false"),
    ('regexMatch "(a(?i)b)c" "aBC"', "false"),
    ('regexMatch "(a(?i)b)c" "aBc"', "true"),
    ('regexMatch "a(?i)b|c" "C"', "true"),
    ('regexMatch "(?i:a)b" "Ab"', "true"),
    ('regexMatch "(?i:a)b" "AB"', "false"),
    ('regexMatch "^a{,2}$" "a{,2}"', "true"),
    ('regexMatch "^a{2}$" "aa"', "true"),
    ('regexMatch "^a{2,}$" "aaaa"', "true"),
    ('regexMatch "^a{1,2}$" "aaa"', "false"),
    ('regexMatch "^\\\\Qa.b\\\\E$" "a.b"', "true"),
    ('regexMatch "^\\\\Qa.b\\\\E$" "axb"', "false"),
    ('regexMatch "^\\\\x41\\\\x{42}$" "AB"', "true"),
    ('regexMatch "^\\\\101$" "A"', "true"),
    ('regexMatch "^[^a]$" "\\n"', "true"),
    ('regexMatch "^.$" "\\n"', "false"),
    ('regexMatch "(?s)^.$" "\\n"', "true"),
    ('regexMatch "^[\\\\d-]+$" "1-2"', "true"),
    ('regexMatch "^[a\\\\]]+$" "]a"', "true"),
    ('regexMatch "^[]a]+$" "]a"', "true"),
    ('regexMatch "^[^]a]+$" "b"', "true"),
    ('regexMatch "(?i)^[a-c]+$" "ABC"', "true"),
    ('regexMatch "(?i)^[^a]$" "A"', "false"),
    ('regexMatch "^\\\\s$" "\\v"', "false"),
    ('regexMatch "^[[:^digit:]]$" "a"', "true"),
    ('regexMatch "^(?P<x>a)(?<y>b)$" "ab"', "true"),
    ('regexMatch "(?U)a+" "aaa"', "true"),
    ('regexMatch "^\\\\.$" "."', "true"),
    ('regexMatch "" ""', "true"),
    ('regexMatch "^\\\\$" "$"', "true"),
    ('regexMatch "^\\\\#$" "#"', "true"),
    ('mustRegexMatch "a" "a"', "true"),
    ('regexMatch "a**" "a"', "false"),
    ('regexMatch "[z-a]" "a"', "false"),
]

FIND = [
    ('regexFind "[0-9]+" "ab12cd34"', "12"),
    ('regexFind "z" "abc"', ""),
    ('regexFind "(?U)a+" "aaa"', "a"),
    ('regexFind "(?U)a+?" "aaa"', "aaa"),
    ('regexFind "a*?" "aaa"', ""),
    ('regexFind "(?i)straße" "STRASSE"', ""),
    ('regexFind "(?i)k" "K"', "K"),
    ('regexFindAll "[0-9]+" "ab12cd34" -1', "[12 34]"),
    ('regexFindAll "[0-9]+" "ab12cd34" 1', "[12]"),
    ('regexFindAll "[0-9]+" "ab12cd34" 0', "[]"),
    ('regexFindAll "a*" "baaac" -1', "[ aaa ]"),
    ('regexFindAll "" "abc" -1', "[   ]"),
    ('regexFindAll "x*" "" -1', "[]"),
    ('regexFindAll "z" "abc" -1', "[]"),
    ('regexFindAll "a|b" "abab" 3', "[a b a]"),
    ('regexFindAll "." "é日" -1', "[é 日]"),
    ('mustRegexFind "a+" "baa"', "aa"),
    ('mustRegexFindAll "a" "aa" -1', "[a a]"),
]

REPLACE = [
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W"', "-W-xxW-"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W"', "---"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "$1"', "--xx-"),
    ('regexReplaceAll "a(?P<x>x*)b" "-ab-axxb-" "[$x]"', "-[]-[xx]-"),
    ('regexReplaceAll "a(?P<x>x*)b" "-ab-axxb-" "[${x}]"', "-[]-[xx]-"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "$$1"', "-$1-$1-"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "$"', "-$-$-"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "${"', "-${-${-"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "${1"', "-${1-${1-"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "$2"', "---"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "$0"', "-ab-axxb-"),
    ('regexReplaceAll "a(x*)b" "-ab-axxb-" "$-"', "-$--$--"),
    ('regexReplaceAll "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)" "abcdefghijk" "$11-$10-$1"', "k-j-a"),
    ('regexReplaceAll "a*" "baaac" "X"', "XbXcX"),
    ('regexReplaceAll "" "abc" "-"', "-a-b-c-"),
    ('regexReplaceAll "x*" "" "-"', "-"),
    ('regexReplaceAll "b*" "abc" "-"', "-a-c-"),
    ('regexReplaceAll "é" "aéb" "e"', "aeb"),
    ('regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}W"', "-${1}W-${1}W-"),
    ('regexReplaceAllLiteral "a*" "baaac" "$"', "$b$c$"),
    ('mustRegexReplaceAll "a" "aa" "b"', "bb"),
    ('mustRegexReplaceAllLiteral "a" "aa" "$1"', "$1$1"),
]

SPLIT = [
    ('regexSplit "[,;]" "a,b;c" -1', "[a b c]"),
    ('regexSplit "[,;]" "a,b;c" 2', "[a b;c]"),
    ('regexSplit "[,;]" "a,b;c" 0', "[]"),
    ('regexSplit "[,;]" "a,b;c" 1', "[a,b;c]"),
    ('regexSplit "," "" -1', "[]"),
    ('regexSplit "" "" -1', "[]"),
    ('regexSplit "" "abc" -1', "[a b c]"),
    ('regexSplit "x*" "axbxc" -1', "[a b c]"),
    ('regexSplit "," ",a,,b," -1', "[ a  b ]"),
    ('regexSplit "a*" "baaac" -1', "[b c]"),
    ('mustRegexSplit "a" "bab" -1', "[b b]"),
]

QUOTE_META = [
    ('regexQuoteMeta "a.b*c"', "a\\.b\\*c"),
    ('regexQuoteMeta "\\\\.+*?()|[]{}^$-/#é"', "\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$-/#é"),
]

SYNTAX_ERRORS = [
    (
        'regexFind "(" "x"',
        "error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`",
    ),
    ('mustRegexFind "(" "x"', "error calling mustRegexFind: error parsing regexp: missing closing ): `(`"),
    ('mustRegexMatch "(" "x"', "error calling mustRegexMatch: error parsing regexp: missing closing ): `(`"),
    ('mustRegexMatch "a)" "x"', "error calling mustRegexMatch: error parsing regexp: unexpected ): `a)`"),
    ('mustRegexMatch "[abc" "x"', "error calling mustRegexMatch: error parsing regexp: missing closing ]: `[abc`"),
    ('mustRegexMatch "x[abc" "x"', "error calling mustRegexMatch: error parsing regexp: missing closing ]: `[abc`"),
    (
        'mustRegexMatch "a\\\\1" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\1`",
    ),
    (
        'mustRegexMatch "\\\\i" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\i`",
    ),
    (
        'mustRegexMatch "[z-a]" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid character class range: `z-a`",
    ),
    (
        'mustRegexMatch "*a" "x"',
        "error calling mustRegexMatch: error parsing regexp: missing argument to repetition operator: `*`",
    ),
    (
        'mustRegexMatch "a|*" "x"',
        "error calling mustRegexMatch: error parsing regexp: missing argument to repetition operator: `*`",
    ),
    (
        'mustRegexMatch "(*)" "x"',
        "error calling mustRegexMatch: error parsing regexp: missing argument to repetition operator: `*`",
    ),
    (
        'mustRegexMatch "a**" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid nested repetition operator: `**`",
    ),
    (
        'mustRegexMatch "a*?*" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid nested repetition operator: `*?*`",
    ),
    (
        'mustRegexMatch "a+*b" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid nested repetition operator: `+*`",
    ),
    (
        'mustRegexMatch "a{2}{3}" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid nested repetition operator: `{2}{3}`",
    ),
    (
        'mustRegexMatch "a{1001}" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid repeat count: `{1001}`",
    ),
    (
        'mustRegexMatch "a{2,1}" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid repeat count: `{2,1}`",
    ),
    (
        'mustRegexMatch "a{1,1001}" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid repeat count: `{1,1001}`",
    ),
    (
        'mustRegexMatch "(?=a)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
    ),
    (
        'mustRegexMatch "(?!a)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid or unsupported Perl syntax: `(?!`",
    ),
    (
        'mustRegexMatch "(?<=a)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid named capture: `(?<=a)`",
    ),
    (
        'mustRegexMatch "(?P=n)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid or unsupported Perl syntax: `(?P`",
    ),
    (
        'mustRegexMatch "(?P<>a)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid named capture: `(?P<>`",
    ),
    (
        'mustRegexMatch "(?P<a-b>a)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid named capture: `(?P<a-b>`",
    ),
    (
        'mustRegexMatch "(?P<n" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid named capture: `(?P<n`",
    ),
    (
        'mustRegexMatch "(?-)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid or unsupported Perl syntax: `(?-)`",
    ),
    (
        'mustRegexMatch "(?i-)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`",
    ),
    (
        'mustRegexMatch "(?x)" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid or unsupported Perl syntax: `(?x`",
    ),
    (
        'mustRegexMatch "a\\\\" "x"',
        "error calling mustRegexMatch: error parsing regexp: trailing backslash at end of expression: ``",
    ),
    (
        'mustRegexMatch "\\\\p{Foo}" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid character class range: `\\p{Foo}`",
    ),
    (
        'mustRegexMatch "\\\\pX" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid character class range: `\\pX`",
    ),
    (
        'mustRegexMatch "[[:foo:]]" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid character class range: `[:foo:]`",
    ),
    (
        'mustRegexMatch "\\\\x{110000}" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\x{110000`",
    ),
    (
        'mustRegexMatch "\\\\xZ" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\xZ`",
    ),
    (
        'mustRegexMatch "\\\\C" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\C`",
    ),
    (
        'mustRegexMatch "\\\\Z" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\Z`",
    ),
    (
        'mustRegexMatch "[a-\\\\d]" "x"',
        "error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\d`",
    ),
    ('mustRegexFindAll "(" "x" -1', "error calling mustRegexFindAll: error parsing regexp: missing closing ): `(`"),
    (
        'mustRegexReplaceAll "(" "x" "y"',
        "error calling mustRegexReplaceAll: error parsing regexp: missing closing ): `(`",
    ),
    ('mustRegexSplit "(" "x" -1', "error calling mustRegexSplit: error parsing regexp: missing closing ): `(`"),
    (
        'regexFindAll "(" "x" -1',
        "error calling regexFindAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`",
    ),
    (
        'regexReplaceAll "(" "x" "y"',
        "error calling regexReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`",
    ),
    (
        'regexReplaceAllLiteral "(" "x" "y"',
        "error calling regexReplaceAllLiteral: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`",
    ),
    (
        'regexSplit "(" "x" -1',
        "error calling regexSplit: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`",
    ),
    (
        'regexFind "`(" "x"',
        'error calling regexFind: regexp: Compile("`("): error parsing regexp: missing closing ): ``(`',
    ),
    (
        'regexFind "\\t(" "x"',
        "error calling regexFind: regexp: Compile(`\t(`): error parsing regexp: missing closing ): `\t(`",
    ),
    (
        'regexFind "\\n(" "x"',
        'error calling regexFind: regexp: Compile("\\n("): error parsing regexp: missing closing ): `\n(`',
    ),
    ('regexFindAll "a" "a" .Values.num', "wrong type for value; expected int; got float64"),
    ('regexFindAll "a" "a" 1.5', "expected integer; found 1.5"),
    ('regexMatch 1 "a"', "expected string; found 1"),
]

ACCEPTED_ODDITIES = [
    ('mustRegexMatch "(?P<n>a)(?P<n>b)" "x"', "false"),
    ('mustRegexMatch "(?)" "x"', "true"),
    ('mustRegexMatch "[\\\\d-z]" "x"', "false"),
]


@pytest.mark.parametrize(("expr", "expected"), MATCH)
def test_regex_match_follows_re2_syntax_and_flags(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), FIND)
def test_find_follows_go_leftmost_first_and_empty_match_rules(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), REPLACE)
def test_replace_expands_templates_like_go_expand(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), SPLIT)
def test_split_follows_go_regexp_split(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), QUOTE_META)
def test_quote_meta_escapes_re2_metacharacters(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "message"), SYNTAX_ERRORS)
def test_invalid_patterns_fail_with_go_messages(expr, message):
    assert failure(expr) == message


@pytest.mark.parametrize(("expr", "expected"), ACCEPTED_ODDITIES)
def test_patterns_re2_accepts_but_python_would_not(expr, expected):
    assert render(expr) == expected


def test_a_name_used_twice_expands_to_the_group_that_matched():
    # Go accepts duplicate group names (Python's re does not) and Expand takes the first that took part.
    assert render('regexReplaceAll "(?P<n>a)|(?P<n>b)" "ab" "[$n]"') == "[a][b]"
