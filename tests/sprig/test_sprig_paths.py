"""Sprig's path and URL functions (Go path, path/filepath, net/url), driven through the template executor.

Every expected value below is what real Helm (3.17.3 and 4.1.4, identical) rendered for the same expression with
the values in ``template_harness.EXPRESSION_VALUES``; error texts are the part of Helm's message after
``executing ... at <...>:``.
"""

from __future__ import annotations

import pytest
from template_harness import expression_tests

from chartgen.sprig.paths import FUNCS

render, failure = expression_tests(FUNCS)


PATHS = [
    ('base "a/b/c.txt"', "c.txt"),
    ('base ""', "."),
    ('base "/"', "/"),
    ('base "//"', "/"),
    ('base "a/b/"', "b"),
    ('base "a"', "a"),
    ('base "/a//"', "a"),
    ('dir "a/b/c.txt"', "a/b"),
    ('dir ""', "."),
    ('dir "/"', "/"),
    ('dir "a"', "."),
    ('dir "a/"', "a"),
    ('dir "/a"', "/"),
    ('dir "a//b//"', "a/b"),
    ('dir "../x/../../y"', "../.."),
    ('ext "a/b/c.tar.gz"', ".gz"),
    ('ext "a.b/c"', ""),
    ('ext "c."', "."),
    ('ext ".bashrc"', ".bashrc"),
    ('ext ""', ""),
    ('ext "a/.x"', ".x"),
    ('clean "a//b/../c/"', "a/c"),
    ('clean ""', "."),
    ('clean "/../a"', "/a"),
    ('clean "../../a/.."', "../.."),
    ('clean "./"', "."),
    ('clean "/./a/./b/."', "/a/b"),
    ('clean "a/../.."', ".."),
    ('clean "//a"', "/a"),
    ('isAbs "/a"', "true"),
    ('isAbs "a"', "false"),
    ('isAbs ""', "false"),
    ('osBase "a/b/c.txt"', "c.txt"),
    ('osDir "a/b/c.txt"', "a/b"),
    ('osExt "x.y"', ".y"),
    ('osClean "a//b/../c/"', "a/c"),
    ('osIsAbs "/a"', "true"),
    ('osBase "a\\\\b"', "a\\b"),
]

URL_PARSE = [
    ('(urlParse "https://u:p@host:8080/path?q=1#frag").host', "host:8080"),
    (
        'urlParse "https://u:p@host:8080/path?q=1#frag"',
        "map[fragment:frag host:host:8080 hostname:host opaque: path:/path query:q=1 scheme:https userinfo:u:p]",
    ),
    ('urlParse ""', "map[fragment: host: hostname: opaque: path: query: scheme: userinfo:]"),
    (
        'urlParse "http://example.com"',
        "map[fragment: host:example.com hostname:example.com opaque: path: query: scheme:http userinfo:]",
    ),
    (
        'urlParse "mailto:joe@example.com"',
        "map[fragment: host: hostname: opaque:joe@example.com path: query: scheme:mailto userinfo:]",
    ),
    ('urlParse "/rel/path?x#y"', "map[fragment:y host: hostname: opaque: path:/rel/path query:x scheme: userinfo:]"),
    ('urlParse "rel/path"', "map[fragment: host: hostname: opaque: path:rel/path query: scheme: userinfo:]"),
    ('urlParse "//host/p"', "map[fragment: host:host hostname:host opaque: path:/p query: scheme: userinfo:]"),
    ('urlParse "///p"', "map[fragment: host: hostname: opaque: path:///p query: scheme: userinfo:]"),
    ('urlParse "http:///p"', "map[fragment: host: hostname: opaque: path:/p query: scheme:http userinfo:]"),
    (
        'urlParse "HTTP://Example.COM/%41%20b?q=%41#%41%20"',
        "map[fragment:A  host:Example.COM hostname:Example.COM opaque: path:/A b query:q=%41 scheme:http userinfo:]",
    ),
    (
        'urlParse "http://[::1]:80/x"',
        "map[fragment: host:[::1]:80 hostname:::1 opaque: path:/x query: scheme:http userinfo:]",
    ),
    (
        'urlParse "http://[fe80::1%25en0]:8080/"',
        "map[fragment: host:[fe80::1%en0]:8080 hostname:fe80::1%en0 opaque: path:/ query: scheme:http userinfo:]",
    ),
    ('urlParse "http://u@h"', "map[fragment: host:h hostname:h opaque: path: query: scheme:http userinfo:u]"),
    (
        'urlParse "http://u%40x:p%3A@h"',
        "map[fragment: host:h hostname:h opaque: path: query: scheme:http userinfo:u%40x:p%3A]",
    ),
    ('urlParse "http://h?"', "map[fragment: host:h hostname:h opaque: path: query: scheme:http userinfo:]"),
    ('urlParse "http://h/a b"', "map[fragment: host:h hostname:h opaque: path:/a b query: scheme:http userinfo:]"),
    ('urlParse "http://h/é"', "map[fragment: host:h hostname:h opaque: path:/é query: scheme:http userinfo:]"),
    ('urlParse "http://h:/"', "map[fragment: host:h: hostname:h opaque: path:/ query: scheme:http userinfo:]"),
    ('urlParse "*"', "map[fragment: host: hostname: opaque: path:* query: scheme: userinfo:]"),
    ('urlParse "http://h#"', "map[fragment: host:h hostname:h opaque: path: query: scheme:http userinfo:]"),
    ('urlParse "http://h/p%2Fq"', "map[fragment: host:h hostname:h opaque: path:/p/q query: scheme:http userinfo:]"),
    (
        'urlParse "file:///etc/hosts"',
        "map[fragment: host: hostname: opaque: path:/etc/hosts query: scheme:file userinfo:]",
    ),
    ('urlParse "a+b://h"', "map[fragment: host:h hostname:h opaque: path: query: scheme:a+b userinfo:]"),
    ('urlParse "http://user:@h"', "map[fragment: host:h hostname:h opaque: path: query: scheme:http userinfo:user:]"),
    ('urlParse "http://:p@h"', "map[fragment: host:h hostname:h opaque: path: query: scheme:http userinfo::p]"),
]

URL_JOIN = [
    ('urlJoin (dict "scheme" "http" "host" "h" "path" "/p" "query" "a=b")', "http://h/p?a=b"),
    ("urlJoin (dict)", ""),
    ('urlJoin (dict "host" "h")', "//h"),
    ('urlJoin (dict "path" "a:b/c")', "./a:b/c"),
    ('urlJoin (dict "path" "p" "host" "h")', "//h/p"),
    (
        'urlJoin (dict "scheme" "http" "path" "/p q?x" "fragment" "a b#c" "query" "x y")',
        "http:///p%20q%3Fx?x y#a%20b%23c",
    ),
    ('urlJoin (dict "scheme" "http" "host" "h" "userinfo" "u:p@x")', "http://u:p%40x@h"),
    ('urlJoin (dict "scheme" "http" "host" "h" "userinfo" "u")', "http://u@h"),
    ('urlJoin (dict "scheme" "http" "host" "h" "userinfo" "u%20x:p")', "http://u%20x:p@h"),
    ('urlJoin (dict "scheme" "mailto" "opaque" "joe@x.com")', "mailto:joe@x.com"),
    ('urlJoin (dict "scheme" "http" "host" "é.com" "path" "/é")', "http://%C3%A9.com/%C3%A9"),
    ('urlJoin (dict "scheme" "http")', "http:"),
    ('urlJoin (dict "scheme" "file" "path" "/etc")', "file:///etc"),
    ('urlJoin (urlParse "https://u:p@host:8080/path?q=1#frag")', "https://u:p@host:8080/path?q=1#frag"),
    ('urlJoin (urlParse "http://h/a%2Fb")', "http://h/a/b"),
    ('urlJoin (dict "scheme" "http" "host" "h" "fragment" "!()*$")', "http://h#!()*$"),
    ('urlJoin (dict "scheme" "http" "host" "a b" )', "http://a%20b"),
    ('urlJoin (dict "extra" 1)', ""),
    ('urlParse "a:b/c:d"', "map[fragment: host: hostname: opaque:b/c:d path: query: scheme:a userinfo:]"),
    ('urlJoin (dict "scheme" "http" "host" "h" "userinfo" "u/x")', "http://h"),
    ("urlJoin nil", ""),
]

ERRORS = [
    (
        'urlParse "http://h/%zz"',
        'error calling urlParse: unable to parse url: parse "http://h/%zz": invalid URL escape "%zz"',
    ),
    (
        'urlParse "1a://h"',
        'error calling urlParse: unable to parse url: parse "1a://h": first path segment in URL cannot contain colon',
    ),
    (
        'urlParse "http://h/%zz"',
        'error calling urlParse: unable to parse url: parse "http://h/%zz": invalid URL escape "%zz"',
    ),
    (
        'urlParse "1a://h"',
        'error calling urlParse: unable to parse url: parse "1a://h": first path segment in URL cannot contain colon',
    ),
    ('urlParse ":foo"', 'error calling urlParse: unable to parse url: parse ":foo": missing protocol scheme'),
    (
        'urlParse "http://[::1"',
        "error calling urlParse: unable to parse url: parse \"http://[::1\": missing ']' in host",
    ),
    (
        'urlParse "http://h:8x/"',
        'error calling urlParse: unable to parse url: parse "http://h:8x/": invalid port ":8x" after host',
    ),
    (
        'urlParse "http://h\\x01"',
        'error calling urlParse: unable to parse url: parse "http://h\\x01": net/url: invalid control character in URL',
    ),
    (
        'urlParse "http://a b/"',
        'error calling urlParse: unable to parse url: parse "http://a b/": invalid character " " in host name',
    ),
    (
        'urlParse "http://h%41/"',
        'error calling urlParse: unable to parse url: parse "http://h%41/": invalid URL escape "%41"',
    ),
    (
        'urlParse "http://u^x@h"',
        'error calling urlParse: unable to parse url: parse "http://u^x@h": net/url: invalid userinfo',
    ),
    (
        'urlParse "http://h#%zz"',
        'error calling urlParse: unable to parse url: parse "http://h#%zz": invalid URL escape "%zz"',
    ),
    (
        'urlJoin (dict "scheme" 1)',
        "error calling urlJoin: unable to parse scheme key, must be of type string, but int found",
    ),
    (
        'urlJoin (dict "host" nil)',
        "error calling urlJoin: runtime error: invalid memory address or nil pointer dereference",
    ),
    ('urlJoin "x"', 'can\'t handle "x" for arg of type map[string]interface {}'),
    ("base 1", "expected string; found 1"),
]


@pytest.mark.parametrize(("expr", "expected"), PATHS)
def test_path_functions_follow_go_path_package(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), URL_PARSE)
def test_url_parse_builds_sprigs_eight_keys(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), URL_JOIN)
def test_url_join_escapes_like_go_url_string(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "message"), ERRORS)
def test_bad_urls_and_arguments_fail_with_go_text(expr, message):
    assert failure(expr) == message
