"""Sprig's string functions, driven through the template executor.

Every expected value below is what real Helm (3.17.3 and 4.1.4, identical) rendered for the same expression with
the values in ``template_harness.EXPRESSION_VALUES``; error texts are the part of Helm's message after
``executing ... at <...>:``.
"""

from __future__ import annotations

import random

import pytest
from template_harness import expression_tests

from chartgen.sprig.strings import FUNCS

render, failure = expression_tests(FUNCS)


CASES = [
    ('snakecase "FooBar HTTPServer"', "foo_bar_http_server"),
    ('snakecase "Bld4Floor"', "bld4_floor"),
    ('snakecase "HTTP2xx"', "http_2xx"),
    ('snakecase "abc123def"', "abc_123def"),
    ('snakecase "abc123Def"', "abc123_def"),
    ('snakecase "ABC123def"', "abc_123def"),
    ('snakecase "ABC123Def"', "abc123_def"),
    ('snakecase "a1b2c3"', "a_1b2c3"),
    ('snakecase "123abc"', "123abc"),
    ('snakecase "123Abc"', "123_abc"),
    ('snakecase "123"', "123"),
    ('snakecase "a-b_c d"', "a_b_c_d"),
    ('snakecase "--a__b  c"', "__a__b__c"),
    ('snakecase "Hello, World!"', "hello,_world!"),
    ('snakecase "foo.bar"', "foo.bar"),
    ('snakecase "fooBar.bazQux"', "foo_bar.baz_qux"),
    ('snakecase "ÉcoleNormale"', "école_normale"),
    ('snakecase "éCole"', "é_cole"),
    ('snakecase "IPv4Address"', "i_pv4_address"),
    ('snakecase "getHTTPResponseCode"', "get_http_response_code"),
    ('snakecase "Foo123"', "foo123"),
    ('snakecase "foo_123_bar"', "foo_123_bar"),
    ('snakecase "foo 123 bar"', "foo_123_bar"),
    ('snakecase "x"', "x"),
    ('snakecase ""', ""),
    ('snakecase "_"', "_"),
    ('snakecase "A"', "a"),
    ('snakecase "AB"', "ab"),
    ('snakecase "Ab"', "ab"),
    ('snakecase "a$b"', "a_$_b"),
    ('snakecase "a$$B"', "a_$$_b"),
    ('snakecase "a#1"', "a#1"),
    ('snakecase "日本語Text"', "日本語_text"),
    ('snakecase "v1.2.3"', "v1.2.3"),
    ('snakecase "myHTTP"', "my_http"),
    ('snakecase "K8sCluster"', "k_8s_cluster"),
    ('snakecase "k8s-cluster"', "k_8s_cluster"),
    ('snakecase "fooBAR"', "foo_bar"),
    ('snakecase "foo-"', "foo_"),
    ('snakecase "-foo"', "_foo"),
    ('snakecase "a--"', "a__"),
    ('snakecase "1-2"', "1_2"),
    ('snakecase "1A"', "1_a"),
    ('snakecase "A1"', "a1"),
    ('snakecase "A1B"', "a1_b"),
    ('snakecase "A1b"', "a_1b"),
    ('snakecase "Ab1Cd"', "ab1_cd"),
    ('snakecase "ab1cd"', "ab_1cd"),
    ('snakecase "ab1 cd"', "ab1_cd"),
    ('snakecase "ab1.cd"', "ab1.cd"),
    ('kebabcase "FooBar HTTPServer"', "foo-bar-http-server"),
    ('kebabcase "Bld4Floor"', "bld4-floor"),
    ('kebabcase "foo_bar"', "foo-bar"),
    ('camelcase "foo_bar-baz qux"', "FooBarBazQux"),
    ('camelcase "foo__bar"', "Foo_Bar"),
    ('camelcase "_foo"', "_Foo"),
    ('camelcase "__foo_"', "__Foo_"),
    ('camelcase "_"', "__"),
    ('camelcase "a"', "A"),
    ('camelcase ""', ""),
    ('camelcase "foo bar"', "FooBar"),
    ('camelcase "FOO_BAR"', "FooBar"),
    ('camelcase "fooBar"', "FooBar"),
    ('camelcase "foo-1bar"', "Foo1bar"),
    ('camelcase "é_é"', "ÉÉ"),
    ('camelcase "a_"', "A_"),
    ('camelcase "a__"', "A__"),
    ('camelcase "  "', "   "),
    ('camelcase "FOOBar"', "Foobar"),
    ('camelcase "fooBAR"', "FooBAR"),
    ('camelcase "ABC"', "Abc"),
    ('camelcase "aBC"', "ABC"),
    ('camelcase "HTTPServer"', "Httpserver"),
    ('camelcase "x_HTTP"', "XHttp"),
    ('camelcase "AbC"', "AbC"),
    ('camelcase "AbCD"', "AbCD"),
    ('camelcase "a_BC"', "ABc"),
    ('camelcase "ÉÉÉ"', "Ééé"),
    ('camelcase "A1B"', "A1B"),
    ('camelcase "AB1C"', "Ab1C"),
    ('camelcase "AB-CD"', "AbCd"),
    ('camelcase "AB CD_EF"', "AbCdEf"),
    ('camelcase "aB_cD"', "ABCD"),
    ('snakecase "ab1日本"', "ab1_日本"),
    ('snakecase "ab1日本x"', "ab1_日本_x"),
    ('snakecase "AB1$x"', "ab1_$_x"),
    ('snakecase "ab1$"', "ab1_$"),
    ('snakecase "ab1_"', "ab1_"),
    ('snakecase "ab 1"', "ab_1"),
    ('snakecase "1 2"', "1_2"),
    ('snakecase "1$"', "1_$"),
    ('snakecase "1Ab"', "1_ab"),
    ('snakecase "1AB"', "1_ab"),
    ('snakecase "12ab34CD"', "12ab34_cd"),
    ('snakecase "ab12cd34Ef"', "ab_12cd34_ef"),
    ('snakecase "a日本"', "a_日本"),
    ('snakecase "日本a"', "日本_a"),
    ('snakecase "日本A"', "日本_a"),
    ('snakecase "a.B"', "a.b"),
    ('snakecase "A.B"', "a.b"),
    ('snakecase "AB.C"', "ab.c"),
    ('snakecase "a  b"', "a__b"),
    ('snakecase "a_-b"', "a__b"),
    ('snakecase "  a"', "__a"),
    ('snakecase "a  "', "a__"),
    ('snakecase "a b "', "a_b_"),
    ('snakecase "Ab Cd"', "ab_cd"),
    ('snakecase "ÀB"', "àb"),
    ('snakecase "àB"', "à_b"),
    ('snakecase "aÀb"', "a_àb"),
    ('snakecase "ABÀ"', "abà"),
    ('camelcase "x_hTTP"', "XHTTP"),
    ('camelcase "_ABC"', "_Abc"),
    ('camelcase "A_B_C"', "ABC"),
    ('camelcase "AB_"', "Ab_"),
    ('camelcase "ABc_DEf"', "AbcDef"),
    ('camelcase "ABC1DEF"', "Abc1DEF"),
    ('camelcase "A B"', "AB"),
    ('camelcase "ÀÀ"', "Àà"),
    ('camelcase "aÀÀ"', "AÀÀ"),
    ('upper "abc é ß ǆ"', "ABC É ß Ǆ"),
    ('lower "ABC É İ ǅ"', "abc é i ǆ"),
    ('title "hello wORLD foo-bar foo_bar"', "Hello WORLD Foo-Bar Foo_bar"),
    ('title "héllo élan 1st x.y a\'b ǆa"', "Héllo Élan 1st X.Y A'B ǅa"),
    ('title "ßtraße"', "ßtraße"),
    ('title "\\u00a0a b\\u3000c"', "\xa0A B\u3000C"),
    ('untitle "Hello World"', "hello world"),
    ('untitle "HELLO  WORLD\\tFOO-Bar"', "hELLO  wORLD\tfOO-Bar"),
    ('untitle "Élan"', "élan"),
    ('initials "foo bar"', "fb"),
    ('initials "élan vital"', "Ãv"),
    ('initials "  a  b  "', "ab"),
    ('initials ""', ""),
    ('initials "a\\tb\\nc"', "abc"),
    ('swapcase "aBc"', "AbC"),
    ('swapcase "Éé ǅ ß"', "éÉ ǆ ß"),
]

BYTES = [
    ('abbrev 5 "hello world"', "he..."),
    ('abbrev 3 "hello world"', "hello world"),
    ('abbrev 4 "hello world"', "h..."),
    ('abbrev 20 "hello"', "hello"),
    ('abbrev 5 ""', ""),
    ('abbrev 5 "héllo world"', "h\udcc3..."),
    ('abbrevboth 5 10 "1234 5678 9123"', "...5678..."),
    ('abbrevboth 0 5 "1234 5678 9123"', "12..."),
    ('abbrevboth 1 6 "1234 5678 9123"', "1234 5678 9123"),
    ('abbrevboth 10 10 "1234 5678 9123"', "...78 9123"),
    ('abbrevboth 20 10 "1234 5678 9123"', "...78 9123"),
    ('abbrevboth -5 10 "1234 5678 9123"', "1234 56..."),
    ('abbrevboth 4 10 "1234 5678 9123"', "1234 56..."),
    ('abbrevboth 5 7 "abcdefghijklmnop"', "...f..."),
    ('abbrevboth 3 4 "abcdefghij"', "abcdefghij"),
    ("trunc 63 .Values.name", "my-very-long-release-name-that-exceeds-the-kubernetes-limit-of-"),
    ('trunc 5 "abc"', "abc"),
    ('trunc -3 "abcdef"', "def"),
    ('trunc 0 "abc"', ""),
    ('trunc -10 "abc"', "abc"),
    ('trunc 2 "éa" | quote', '"é"'),
    ('trunc 1 "éa" | quote', '"\\xc3"'),
    ('trunc -1 "aé" | quote', '"\\xa9"'),
    ('trunc 1 "é" | len', "1"),
    ('trunc 1 "é" | upper | quote', '"�"'),
    ('trunc 1 "é" | title | quote', '"�"'),
    ('trunc 1 "é" | squote', "'\udcc3'"),
    ('substr 1 3 "abcdef"', "bc"),
    ('substr 2 -1 "abcdef"', "cdef"),
    ('substr -1 3 "abcdef"', "abc"),
    ('substr 0 0 "abcdef"', ""),
    ('substr 3 100 "abcdef"', "def"),
    ('substr 0 1 "é" | quote', '"\\xc3"'),
]

TRIMS = [
    ("trim .Values.s", "Hello World"),
    ('trim "\\t\\n x \\r\\n"', "x"),
    ('trim "\\u00a0x\\u0085"', "x"),
    ('trim "\\u001cx\\u001f"', "\x1cx\x1f"),
    ('trim "\\u3000x\\u2000"', "x"),
    ('trim ""', ""),
    ('trimAll "-" "--a-b--"', "a-b"),
    ('trimAll "ab" "abcba"', "c"),
    ('trimall "ab" "abcba"', "c"),
    ('trimAll "" "  x "', "  x "),
    ('trimPrefix "ab" "ababc"', "abc"),
    ('trimPrefix "" "abc"', "abc"),
    ('trimSuffix ".yaml" "x.yaml.yaml"', "x.yaml"),
    ('trimSuffix "" "abc"', "abc"),
    ('nospace " a b\\tc "', "abc"),
    ('nospace "é a"', "Ã©a"),
    ('nospace "éa"', "éa"),
    ('nospace ""', ""),
    ('nospace "a\\u00a0b"', "aÂb"),
]

QUOTES = [
    ('quote "a\\"b"', '"a\\"b"'),
    ("quote 1", '"1"'),
    ("quote 1.5", '"1.5"'),
    ("quote true", '"true"'),
    ("quote .Values.fl", '"1.5"'),
    ("quote nil", ""),
    ('quote "a" "b" nil "c"', '"a" "b" "c"'),
    ("quote .Values.l", '"[a b c]"'),
    ("quote .Values.m", '"map[k:v]"'),
    ('quote "é\\t\\u00ff\\u200b"', '"é\\tÿ\\u200b"'),
    ("quote .Values.nul", ""),
    ("quote .Values.missing", ""),
    ("quote", ""),
    ('quote "\\x00\\x7f\\u00a0\\U0001F600\\U000E0001"', '"\\x00\\x7f\\u00a0😀\\U000e0001"'),
    ('quote (list "a" nil)', '"[a <nil>]"'),
    ("quote .Values.big", '"1e+06"'),
    ('squote "a\'b"', "'a'b'"),
    ("squote 1", "'1'"),
    ("squote nil", ""),
    ('squote "a" 2', "'a' '2'"),
    ("squote .Values.l", "'[a b c]'"),
    ("squote", ""),
    ('squote "é\\n"', "'é\n'"),
    ('cat "a" 1 nil "b"', "a 1 b"),
    ("cat", ""),
    ("cat nil", ""),
    ("cat .Values.l .Values.m 1.5", "[a b c] map[k:v] 1.5"),
    ("toString 1", "1"),
    ("toString 1.5", "1.5"),
    ("toString true", "true"),
    ("toString nil", "<nil>"),
    ("toString .Values.l", "[a b c]"),
    ("toString .Values.m", "map[k:v]"),
    ("typeOf (toString 1)", "string"),
    ("toString .Values.big", "1e+06"),
    ("toString 1000000.0", "1e+06"),
    ("toString (list 1 nil)", "[1 <nil>]"),
    ('typeOf (split "." "a")', "map[string]string"),
    ('typeOf (splitList "," "a")', "[]string"),
    ("typeOf (toStrings (list 1))", "[]string"),
    ("typeOf (sortAlpha (list))", "[]string"),
]

LAYOUT = [
    ("hello", "Hello!"),
    ('repeat 3 "ab"', "ababab"),
    ('repeat 0 "ab"', ""),
    ('wrap 5 "hello world foo"', "hello\nworld\nfoo"),
    ('wrap 5 "hello"', "hello"),
    ('wrap 3 "hello world"', "hello\nworld"),
    ('wrap 0 "a b c"', "a\nb\nc"),
    ('wrap 10 "a  b  c  d  e  f  g"', "a  b  c  d\n e  f  g"),
    ('wrap 5 " leading space"', "leading\nspace"),
    ('wrap 5 "abc\\ndef ghi"', "abc\ndef\nghi"),
    ('wrap 5 ""', ""),
    ('wrap 4 "héllo wörld"', "héllo\nwörld"),
    ('wrapWith 5 "\\t" "hello world"', "hello\tworld"),
    ('wrapWith 3 "|" "hello world"', "hel|lo|wor|ld"),
    ('wrapWith 5 "" "hello world"', "hello\nworld"),
    ('wrapWith 2 "<br>" "abcdef"', "ab<br>cd<br>ef"),
    ('contains "ell" "hello"', "true"),
    ('contains "" "x"', "true"),
    ('contains "z" "x"', "false"),
    ('hasPrefix "he" "hello"', "true"),
    ('hasPrefix "" "hello"', "true"),
    ('hasSuffix "lo" "hello"', "true"),
    ('hasSuffix "x" "hello"', "false"),
    ('indent 2 "a\\nb\\n"', "  a\n  b\n  "),
    ('nindent 4 "a"', "\n    a"),
    ('indent 0 "x"', "x"),
    ('indent 2 ""', "  "),
    ('indent 2 "a\\r\\nb"', "  a\r\n  b"),
    ('nindent 0 ""', "\n"),
    ('replace "a" "b" "aaa"', "bbb"),
    ('replace "." "-" "x.y.z"', "x-y-z"),
    ('replace "" "-" "ab"', "-a-b-"),
    ('replace "" "-" ""', "-"),
    ('replace "" "-" "é"', "-é-"),
    ('replace "aa" "b" "aaaaa"', "bba"),
    ('plural "one" "many" 2', "many"),
    ('plural "one" "many" 1', "one"),
    ('plural "one" "many" 0', "many"),
    ('plural "one" "many" -1', "many"),
]

SPLITS = [
    ('split "." "a.b.c"', "map[_0:a _1:b _2:c]"),
    ('(split "." "a.b.c")._1', "b"),
    ('split "" "abc"', "map[_0:a _1:b _2:c]"),
    ('split "," ""', "map[_0:]"),
    ('split "." "a..b."', "map[_0:a _1: _2:b _3:]"),
    ('splitList "," "a,b,,c"', "[a b  c]"),
    ('splitList "," ""', "[]"),
    ('splitList "" "abc"', "[a b c]"),
    ('splitList "" ""', "[]"),
    ('splitn "." 2 "a.b.c"', "map[_0:a _1:b.c]"),
    ('splitn "." 0 "a.b.c"', "map[]"),
    ('splitn "." -1 "a.b.c"', "map[_0:a _1:b _2:c]"),
    ('splitn "." 1 "a.b.c"', "map[_0:a.b.c]"),
    ('splitn "" 2 "abc"', "map[_0:a _1:bc]"),
    ('splitn "." 10 "a.b.c"', "map[_0:a _1:b _2:c]"),
    ('splitList "," "" | len', "1"),
    ('join "," .Values.l', "a,b,c"),
    ('join "-" (list 1 2 nil 3)', "1-2-3"),
    ('join "," "abc"', "abc"),
    ('join "," nil', ""),
    ('join "," 5', "5"),
    ('join "," (splitList "," "x,y")', "x,y"),
    ('join "," (until 3)', "0,1,2"),
    ('join "," (list)', ""),
    ('join "" .Values.l', "abc"),
    ('join ", " .Values.m', "map[k:v]"),
    ('toStrings (list 1 "a" nil 2.5)', "[1 a 2.5]"),
    ("toStrings nil", "[]"),
    ('toStrings "x"', "[x]"),
    ("toStrings .Values.m", "[map[k:v]]"),
    ("toStrings (until 2)", "[0 1]"),
    ('sortAlpha (list "b" "B" "a" "10" "9")', "[10 9 B a b]"),
    ("sortAlpha (list 3 1 2)", "[1 2 3]"),
    ('sortAlpha "x"', "[x]"),
    ("sortAlpha nil", "[<nil>]"),
    ('sortAlpha (list "é" "z" "e" nil "Z")', "[Z e z é]"),
    ("sortAlpha .Values.m", "[map[k:v]]"),
    ("sortAlpha (list)", "[]"),
]

ERRORS = [
    ('indent .Values.num "x"', "wrong type for value; expected int; got float64"),
    ("indent 2 .Values.num", "wrong type for value; expected string; got float64"),
    ('indent "2" "x"', 'expected integer; found "2"'),
    ("indent 2 5", "expected string; found 5"),
    ("indent 2 nil", "cannot assign nil to string"),
    ("indent 2 .Values.missing", "wrong type for value; expected string; got interface {}"),
    ('indent -1 "x"', "error calling indent: strings: negative Repeat count"),
    ('nindent -2 "x"', "error calling nindent: strings: negative Repeat count"),
    ('repeat -1 "x"', "error calling repeat: strings: negative Repeat count"),
    ('trunc .Values.fl "x"', "wrong type for value; expected int; got float64"),
    ('trunc 2.5 "abc"', "expected integer; found 2.5"),
    ('substr -1 10 "abc"', "error calling substr: runtime error: slice bounds out of range [:10] with length 3"),
    ('substr -1 -1 "abc"', "error calling substr: runtime error: slice bounds out of range [:-1]"),
    ('substr 5 -1 "abc"', "error calling substr: runtime error: slice bounds out of range [5:3]"),
    ('substr 5 4 "abcdef"', "error calling substr: runtime error: slice bounds out of range [5:4]"),
    ('substr 2 1 "abcdef"', "error calling substr: runtime error: slice bounds out of range [2:1]"),
    ("upper 1", "expected string; found 1"),
    ("upper", "wrong number of args for upper: want 1 got 0"),
    ('split 1 "a"', "expected string; found 1"),
    ('splitn "." "2" "a.b"', 'expected integer; found "2"'),
    ('plural "a" "b" 1.5', "expected integer; found 1.5"),
    ('join 1 "x"', "expected string; found 1"),
    ('contains 1 "a"', "expected string; found 1"),
    ('abbrev .Values.num "abc"', "wrong type for value; expected int; got float64"),
    ('trimAll nil "x"', "cannot assign nil to string"),
]


@pytest.mark.parametrize(("expr", "expected"), CASES)
def test_case_conversions_match_go_and_xstrings(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), BYTES)
def test_trunc_substr_and_abbrev_count_bytes(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), TRIMS)
def test_trimming_uses_go_whitespace_and_cutsets(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), QUOTES)
def test_quoting_and_stringifying_follow_go_fmt(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), LAYOUT)
def test_layout_and_search_functions(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), SPLITS)
def test_splitting_joining_and_sorting(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "message"), ERRORS)
def test_typed_parameters_and_panics_fail_with_go_text(expr, message):
    assert failure(expr) == message


def test_shuffle_returns_a_permutation_of_the_runes():
    random.seed(7)
    text = "abcdefghijé日"
    shuffled = render(f'shuffle "{text}"')
    assert sorted(shuffled) == sorted(text)


def test_sort_alpha_sorts_a_string_list_in_place():
    # Sprig sorts the []string it was given (strslice returns it as is), so the variable sees the new order.
    assert render('$l := splitList "," "b,a" }}{{ $_ := sortAlpha $l }}{{ $l') == "[a b]"
