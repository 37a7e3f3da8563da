"""Go's fmt.Sprintf (the template ``printf``) for our value model. Every expectation was printed by real Helm
(3.17.3 / Go 1.23 and 4.1.4 / Go 1.25 agree on all of them)."""

from __future__ import annotations

import pytest

from chartgen.gotemplate.goprint import sprintf
from chartgen.gotemplate.gotypes import Int64, IntList, StringList, Uint8

INF = float("inf")
NAN = float("nan")
HEY = b"hey"  # what .Files.GetBytes returns


def case(fmt: str, *args: object) -> tuple[str, tuple]:
    return fmt, args


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            case("[%5s][%-5s][%05d][%+d][% d][%x][%#x][%#o]", "ab", "ab", 42, 5, 5, -255, 255, 8),
            "[   ab][ab   ][00042][+5][ 5][-ff][0xff][010]",
        ),
        (case("%05s", "ab"), "000ab"),
        (case("%-05s|", "ab"), "ab   |"),
        (case("%05q", "ab"), '0"ab"'),
        (case("%08.3d", 5), "     005"),
        (case("%-08d|", 5), "5       |"),
        (case("%+08d", -5), "-0000005"),
        (case("%+.3d", 5), "+005"),
        (case("% .3d", -5), "-005"),
        (case("%#08x", 255), "0x000000ff"),
        (case("%#-8x|", 255), "0xff    |"),
        (case("%.0d|", 0), "|"),
        (case("%5.0d|", 0), "     |"),
        (case("%5t|%-5t|", True, False), " true|false|"),
        (case("%5.1s|", "héllo"), "    h|"),
        (case("%5s|", "é"), "    é|"),
        (case("%.2s", "héllo"), "hé"),
        (case("%5.2v|", "hello"), "   he|"),
        (case("%5T|%.2T|", 1, 1), "  int|in|"),
    ],
)
def test_width_precision_and_flags(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (case("%x|%X|%x|%+x|% x", -255, 255, -1, 1, 1), "-ff|FF|-1|+1| 1"),
        (case("%08b|%#b|%O|%#o|%#x", 5, 5, 8, 0, 0), "00000101|0b101|0o10|0|0x0"),
        (case("%c|%5c|%c|%c", 65, 65, -1, 1114112), "A|    A|\ufffd|\ufffd"),
        (case("%q|%#q|%q|%+q", 65, 39, 0, 233), "'A'|'\\''|'\\x00'|'\\u00e9'"),
        (case("%U|%#U|%.6U|%#U|%U", 233, 233, 233, 10, -1), "U+00E9|U+00E9 'é'|U+0000E9|U+000A|U+FFFFFFFFFFFFFFFF"),
        (case("%x|%v", Int64(-255), Int64(5)), "-ff|5"),
    ],
)
def test_integer_verbs(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            case("%08.3f|%+08.3f|% 08.3f|%-8.3f|", -3.14159, 3.14159, 3.14159, 3.14159),
            "-003.142|+003.142| 003.142|3.142   |",
        ),
        (case("%08v", 1.5), "000001.5"),
        (case("%.1v|%#.1v", 3.14159, 3.14159), "3|3"),
        (case("%.3g|%.3g|%g|%G|%.0g", 100000.0, 100.0, 100000.0, 1e-7, 123.0), "1e+05|100|100000|1E-07|1e+02"),
        (case("%.2g|%.10g|%.3g", 0.000012345, 1.5, 1e21), "1.2e-05|1.5|1e+21"),
        (
            case("%e|%e|%.3e|%f", 0.0, 1e100, 123456.0, 1e20),
            "0.000000e+00|1.000000e+100|1.235e+05|100000000000000000000.000000",
        ),
        (case("%.1f|%.1f|%.0f|%.0f", 0.25, 0.35, 2.5, 3.5), "0.2|0.3|2|4"),
        (case("%#g|%#.3g|%#e|%#.0e|%#.0f", 1.0, 1.0, 1.0, 1.0, 1.0), "1.00000|1.00|1.000000e+00|1.e+00|1."),
        (
            case("%x|%X|%.2x|%.0x|%.0x|%.1x", 1.5, -1.5, 1.5, 1.5, 1.0, 1.96875),
            "0x1.8p+00|-0X1.8P+00|0x1.80p+00|0x1p+01|0x1p+00|0x1.0p+01",
        ),
        (case("%#.3x|%#x|%x|%x", 1.0, 1.0, 0.0, 1e-320), "0x1.000p+00|0x1.0000p+00|0x0p+00|0x1.fap-1064"),
        (case("%b|%b|%b|%b", 1.0, 0.0, 1e-320, -2.5), "4503599627370496p-52|0p-1074|2024p-1074|-5629499534213120p-51"),
        (case("%v %v %v", INF, -INF, NAN), "+Inf -Inf NaN"),
        (case("[%5v][%05v][%+v][% v][%-6v]", INF, -INF, NAN, NAN, INF), "[ +Inf][ -Inf][NaN][ NaN][+Inf  ]"),
        (case("%f %e %g", INF, INF, NAN), "+Inf +Inf NaN"),
        (case("[%6.2f]", 1e3), "[1000.00]"),
    ],
)
def test_float_verbs(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            case("%x|% x|%#x|%# X", "hello", "hello", "hello", "hello"),
            "68656c6c6f|68 65 6c 6c 6f|0x68656c6c6f|0X68 0X65 0X6C 0X6C 0X6F",
        ),
        (case("%.2x|%8x|%-8x|%08x|", "hello", "he", "he", "he"), "6865|    6865|6865    |00006865|"),
        (case("%x|%5x|", "", ""), "|     |"),
        (case("%+q|%#q|%#q|%.1q", "é", "a`b", "ab", "héllo"), '"\\u00e9"|"a`b"|`ab`|"h"'),
        (case("%08q|%-8q|", "a", "a"), '00000"a"|"a"     |'),
    ],
)
def test_string_verbs(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (case("%s %x", HEY, HEY), "hey 686579"),
        (case("%v|%s|%q|%X|%d", HEY, HEY, HEY, HEY, HEY), '[104 101 121]|hey|"hey"|686579|[104 101 121]'),
        (case("%f", HEY), "[%!f(uint8=104) %!f(uint8=101) %!f(uint8=121)]"),
        (case("%T", HEY), "[]uint8"),
        # A top-level byte slice is a []byte to Go's %#v; inside a list reflection names it []uint8.
        (case("%#v", HEY), "[]byte{0x68, 0x65, 0x79}"),
        (case("%#v", b""), "[]byte{}"),
        (case("%#v|%v|%s", [HEY], [HEY], [HEY]), "[]interface {}{[]uint8{0x68, 0x65, 0x79}}|[[104 101 121]]|[hey]"),
        (case("%x", [HEY, "hi"]), "[686579 6869]"),
        (case("%#v|%T", Uint8(65), Uint8(65)), "0x41|uint8"),
    ],
)
def test_byte_slices(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (case("%+v|%#v|%#v|%#v", {"a": 1}, "s", [1, "x"], 1.0), 'map[a:1]|"s"|[]interface {}{1, "x"}|1'),
        (case("%+v|%+v|% v|%+v", 5, 1.5, 5, [1, -2]), "5|1.5| 5|[1 -2]"),
        (
            case("%#v", [None, [], {"b": 2, "a": "x"}]),
            '[]interface {}{interface {}(nil), []interface {}{}, map[string]interface {}{"a":"x", "b":2}}',
        ),
        (
            case("%#v|%#v", {}, {"b": [1], "a": {}}),
            'map[string]interface {}{}|map[string]interface {}{"a":map[string]interface {}{}, "b":[]interface {}{1}}',
        ),
        (case("%#v", {"a": None}), 'map[string]interface {}{"a":interface {}(nil)}'),
        (case("%#v|%#v", StringList(["a", "b"]), IntList([0, 1, 2])), '[]string{"a", "b"}|[]int{0, 1, 2}'),
        (case("%#v|%#v|%#v|%#v|%#v", Int64(3), 1e6, 100000.0, True, -0.0), "3|1e+06|100000|true|-0"),
        (
            case("%#v|%#v", [-1.5, 1e-7], ['a"b', "é\x00"]),
            '[]interface {}{-1.5, 1e-07}|[]interface {}{"a\\"b", "é\\x00"}',
        ),
        (case("%#v|%#v|%#v", None, "", "a`b"), '<nil>|""|"a`b"'),
    ],
)
def test_plus_and_sharp_v(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (case("[%5v][%-5v][%05v][%5T]", None, None, None, None), "[<nil>][<nil>][<nil>][<nil>]"),
        (case("[%5d]", None), "[%!d(<nil>)]"),
        (case("[%5v][%#5v]", [None], [None]), "[[<nil>]][[]interface {}{interface {}(nil)}]"),
        (case("[%5v]", {"a": None}), "[map[    a:<nil>]]"),
        (case("%5v|%03d", [1, 2], [1, 2]), "[    1     2]|[001 002]"),
        (case("%s|%#s|%d", ["a", None], ["a", None], {"a": 1}), "[a <nil>]|[a <nil>]|map[%!d(string=a):1]"),
        (case("%+d|%+q|%q|%#x", [1, -2], ["é"], {"é": "x"}, [1, 2]), '[+1 -2]|["\\u00e9"]|map["é":"x"]|[0x1 0x2]'),
        (case("%x|%s|%d", [], [], []), "[]|[]|[]"),
    ],
)
def test_nil_and_collections(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (case("%[2]s %[1]s %[2]s", "a", "b"), "b a b"),
        (case("%[2]d %d", 1, 2, 3), "2 3"),
        (case("%d %d %#[1]x %#x", 16, 17), "16 17 0x10 0x11"),
        (case("%[1]d %[1]d", 1, 2), "1 1"),  # reordered: unused operands are not reported as EXTRA
        (case("%[1]*d|", 5, 2), "    2|"),
        (case("%[2]*[1]d|", 12, 5), "   12|"),
        (case("%[3]*.[2]*[1]f|", 12.0, 2, 6), " 12.00|"),
        (case("%*[2]d|", 5, 6), "    6|"),
        (case("%.[2]d|", 1, 5), "5|"),
        (case("%[1]%d", 1), "%d"),
        (case("%[2]*d|", 1, 5), "%!d(MISSING)|"),
    ],
)
def test_explicit_argument_indexes(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (case("%[3]d", 1, 2), "%!d(BADINDEX)"),
        (case("%[0]d", 1, 2), "%!d(BADINDEX)"),
        (case("%[x]d|%[]d|%[-1]d", 1), "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)"),
        (case("%[10000000]d", 1), "%!d(BADINDEX)"),
        (case("%[5]d %d", 1, 2, 3), "%!d(BADINDEX) 1"),
        (case("%d %[5]d %d", 1, 2, 3), "1 %!d(BADINDEX) 2"),
        (case("%[1]d%[2]d", 1), "1%!d(BADINDEX)"),
        (case("%[3]*d|", 1, 2), "%!d(BADINDEX)|"),
        # An index must follow width and precision, not precede them.
        (case("%[2]2d", 1, 2), "%!d(BADINDEX)"),
        (case("%[1].[2]d|", 1, 5), "%!d(BADINDEX)|"),
    ],
)
def test_bad_argument_indexes(call, expected):
    assert sprintf(call[0], *call[1]) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (case("%*d", "a", 1), "%!(BADWIDTH)1"),
        (case("%.*d", -1, 1), "%!(BADPREC)1"),
        (case("%.*d", 1.5, 1), "%!(BADPREC)1"),
        (case("%*d|%-*d|", -5, 1, 5, 1), "1    |1    |"),
        (case("%*.*d|", 8, 3, 5), "     005|"),
        (case("%[1", 1), "%!(NOVERB)"),
        (case("%[1]", 1), "%!(NOVERB)"),
        (case("%*", 5), "%!(NOVERB)"),
        (case("%"), "%!(NOVERB)"),
        (case("%-"), "%!(NOVERB)"),
        (case("abc%"), "abc%!(NOVERB)"),
        (case("%5%|%-5%|"), "%|%|"),
        (case("%!(EXTRA)"), "%!!(MISSING)(EXTRA)"),
        (case("%d", 1, None, "x"), "1%!(EXTRA <nil>, string=x)"),
        (case("%d %d", 1), "1 %!d(MISSING)"),
        (case("%w|%5z|%#z|%!|%é", 1, 1, "a", 1, 1), "%!w(int=1)|%!z(int=    1)|%!z(string=a)|%!!(int=1)|%!é(int=1)"),
        (case("%d|%x", 1.5, True), "%!d(float64=1.5)|%!x(bool=true)"),
    ],
)
def test_malformed_directives(call, expected):
    assert sprintf(call[0], *call[1]) == expected


def test_width_up_to_ten_million_is_honoured():
    # fmt checks the running number against a million before adding each digit.
    assert len(sprintf("%10000000d", 1)) == 10_000_000
    # A longer number swallows the rest of the format, so the operand is left over.
    assert sprintf("%100000000d", 1) == "%!(NOVERB)%!(EXTRA int=1)"
    assert sprintf("%.100000000d", 1) == "%!(NOVERB)%!(EXTRA int=1)"
