"""Sprig's date functions and the Go ``time`` behaviour under them (layouts, parsing, durations, zones).

Every expected value was printed by the real helm 3.17.3 binary run with ``TZ=UTC`` (helm 4.1.4 prints the same).
Zone names rely on the system tz database, as Go's do.
"""

from __future__ import annotations

import re

import pytest
from template_harness import exec_error, execute

from chartgen import gostrconv
from chartgen.gotemplate.gotypes import Int64
from chartgen.sprig.dates import FUNCS
from chartgen.sprig.gotime import GoTimeError, format_duration, local_location, parse_duration

RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00"
FIXED = f'(toDate "{RFC3339_NANO}" "2024-02-29T13:04:05.123456789Z")'


def _int64(value: int) -> Int64:
    return Int64(value)


def run(text: str, data: object = None) -> str:
    return execute({**FUNCS, "int64": _int64}, text, data)


def error(text: str) -> str:
    return exec_error(run, text)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    # Helm's harness runs with TZ=UTC; the local zone follows TZ at call time.
    monkeypatch.setenv("TZ", "UTC")


# ------------------------------------------------------------------------------------------------ the chart


def test_sprig_misc_chart_date_line() -> None:
    template = (
        '{{ date "2006-01-02" (toDate "2006-01-02" "2024-02-29") }} {{ toDate "2006-01-02" "2024-02-29" }} '
        '{{ dateInZone "2006-01-02T15:04:05Z07:00" (toDate "2006-01-02" "2024-02-29") "UTC" }} '
        '{{ printf "%T" now }} {{ now | date "2006" | len }} {{ unixEpoch (toDate "2006-01-02" "2024-02-29") }} '
        '{{ dateModify "24h" (toDate "2006-01-02" "2024-02-29") | date "2006-01-02" }} {{ duration 3661 }} '
        '{{ durationRound "2h10m" }} {{ htmlDate (toDate "2006-01-02" "2024-02-29") }} {{ toDate "2006-01-02" "bad" }}'
    )
    assert run(template) == (
        "2024-02-29 2024-02-29 00:00:00 +0000 UTC 2024-02-29T00:00:00Z time.Time 4 1709164800 2024-03-01 0s 2h "
        "2024-02-29 0001-01-01 00:00:00 +0000 UTC"
    )


def test_sprig_misc_chart_date_int_line() -> None:
    template = '{{ date "2006-01-02 15:04" 0 }} {{ date "2006" 1700000000 }} {{ printf "%T" (toDate "2006" "2024") }}'
    assert run(template) == "1970-01-01 00:00 2023 time.Time"


# ------------------------------------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    ("layout", "zone", "expected"),
    [
        ("2006-01-02T15:04:05Z07:00", "UTC", "2024-02-29T13:04:05Z"),
        ("Mon Jan _2 15:04:05 MST 2006", "UTC", "Thu Feb 29 13:04:05 UTC 2024"),
        ("Monday, 02-Jan-06 15:04:05 MST", "America/New_York", "Thursday, 29-Feb-24 08:04:05 EST"),
        ("3:04PM", "UTC", "1:04PM"),
        ("3:04pm 03 PM", "Asia/Kolkata", "6:34pm 06 PM"),
        ("Jan _2 15:04:05.000000", "UTC", "Feb 29 13:04:05.123456"),
        ("Jan _2 15:04:05.999999999", "UTC", "Feb 29 13:04:05.123456789"),
        (".000 .00000000000 ,999 .9", "UTC", ".123 .123456789 ,123 .1"),
        ("002 __2 _2 2", "UTC", "060  60 29 29"),
        ("1 01 January Jan", "UTC", "2 02 February Feb"),
        ("06 2006 _2006", "UTC", "24 2024 _2024"),
        ("-070000 -07:00:00 -0700 -07:00 -07", "Asia/Kolkata", "+053000 +05:30:00 +0530 +05:30 +05"),
        ("Z070000 Z07:00:00 Z0700 Z07:00 Z07", "UTC", "Z Z Z Z Z"),
        ("Z07:00 MST", "America/New_York", "-05:00 EST"),
        ("Janet Mondays MSTx", "UTC", "Janet Thursdays UTCx"),
        ("hello 2006", "UTC", "hello 2024"),
        ("15:04:05.999999999 MST", "Bad/Zone", "13:04:05.123456789 UTC"),
        ("MST -0700", "Australia/Lord_Howe", "+11 +1100"),
        ("2006-01-02 15:04", "Local", "2024-02-29 13:04"),
        ("05.000999", "UTC", "05.000999"),
        ("2006-01-02 15:04:05 MST", "", "2024-02-29 13:04:05 UTC"),
    ],
)
def test_date_in_zone_formats_go_layouts(layout: str, zone: str, expected: str) -> None:
    assert run(f"{{{{ dateInZone {gostrconv.quote(layout)} {FIXED} {gostrconv.quote(zone)} }}}}") == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ date "2006-01-02 15:04" 0 }}', "1970-01-01 00:00"),
        ('{{ date "2006" 1700000000 }}', "2023"),
        ('{{ date "2006-01-02" (int64 86400) }}', "1970-01-02"),
        ("{{ htmlDate 0 }}", "1970-01-01"),
        ('{{ htmlDateInZone 0 "Asia/Tokyo" }}', "1970-01-01"),
        ('{{ dateInZone "15:04 MST" 0 "America/New_York" }}', "19:00 EST"),
    ],
)
def test_date_accepts_unix_seconds(template: str, expected: str) -> None:
    assert run(template) == expected


def test_date_of_a_float_is_the_current_time() -> None:
    # Sprig's type switch knows time.Time, int and int64 only; a values.yaml number means "now".
    assert run('{{ date "2006" .n }}', {"n": 1.5}) == run('{{ now | date "2006" }}')


# ------------------------------------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("layout", "value", "expected"),
    [
        ("2006-01-02", "2024-02-29", "2024-02-29 00:00:00 +0000 UTC"),
        ("2006-1-2", "2024-2-9", "2024-02-09 00:00:00 +0000 UTC"),
        ("Jan 2 2006", "feb 29 2024", "2024-02-29 00:00:00 +0000 UTC"),
        ("January 2, 2006", "March 3, 2020", "2020-03-03 00:00:00 +0000 UTC"),
        ("Mon Jan 2 2006", "Fri Feb 29 2024", "2024-02-29 00:00:00 +0000 UTC"),
        ("3:04PM", "12:30AM", "0000-01-01 00:30:00 +0000 UTC"),
        ("3:04pm", "1:30pm", "0000-01-01 13:30:00 +0000 UTC"),
        ("15:04:05", "23:59:59.123", "0000-01-01 23:59:59.123 +0000 UTC"),
        ("15:04:05.999", "23:59:59.123456789123", "0000-01-01 23:59:59.123456789 +0000 UTC"),
        ("15:04:05.000", "23:59:59.123", "0000-01-01 23:59:59.123 +0000 UTC"),
        ("2006-01-02T15:04:05Z07:00", "2024-02-29T10:00:00+02:00", "2024-02-29 10:00:00 +0200 +0200"),
        ("2006-01-02T15:04:05Z07:00", "2024-02-29T10:00:00Z", "2024-02-29 10:00:00 +0000 UTC"),
        ("2006-01-02T15:04:05-0700", "2024-02-29T10:00:00+2400", "2024-02-29 10:00:00 +2400 +2400"),
        ("2006-01-02 MST", "2024-02-29 EST", "2024-02-29 00:00:00 +0000 EST"),
        ("2006-01-02 MST", "2024-02-29 GMT-5", "2024-02-28 19:00:00 -0500 GMT-5"),
        ("2006-01-02 MST", "2024-02-29 UTC", "2024-02-29 00:00:00 +0000 UTC"),
        ("2006-01-02 -0700 MST", "2024-02-29 +0100 CET", "2024-02-29 00:00:00 +0100 CET"),
        ("2006 002", "2024 060", "2024-02-29 00:00:00 +0000 UTC"),
        ("2006 __2", "2024  60", "2024-02-29 00:00:00 +0000 UTC"),
        ("2006-01 002", "2024-03 070", "2024-03-10 00:00:00 +0000 UTC"),
        ("06", "68", "2068-01-01 00:00:00 +0000 UTC"),
        ("06", "69", "1969-01-01 00:00:00 +0000 UTC"),
        ("_2 Jan", " 5 Feb", "0000-02-05 00:00:00 +0000 UTC"),
        ("", "", "0000-01-01 00:00:00 +0000 UTC"),
        ("Z07:00:00", "-05:30:15", "0000-01-01 00:00:00 -0530 -0530"),
    ],
)
def test_must_to_date_parses_go_layouts(layout: str, value: str, expected: str) -> None:
    assert run(f"{{{{ mustToDate {gostrconv.quote(layout)} {gostrconv.quote(value)} }}}}") == expected


@pytest.mark.parametrize(
    ("layout", "value", "message"),
    [
        ("3:04PM", "1:30pm", 'parsing time "1:30pm" as "3:04PM": cannot parse "pm" as "PM"'),
        ("2006-01-02", "2023-02-29", 'parsing time "2023-02-29": day out of range'),
        ("2006-01-02", "24-02-29", 'parsing time "24-02-29" as "2006-01-02": cannot parse "24-02-29" as "2006"'),
        ("2006-01-02", "2024-02-29x", 'parsing time "2024-02-29x": extra text: "x"'),
        ("2006-01-02", "2024-02-2x", 'parsing time "2024-02-2x" as "2006-01-02": cannot parse "2x" as "02"'),
        (
            "Mon Jan 2 2006",
            "Xyz Feb 29 2024",
            'parsing time "Xyz Feb 29 2024" as "Mon Jan 2 2006": cannot parse "Xyz Feb 29 2024" as "Mon"',
        ),
        ("15:04:05", "24:00:00", 'parsing time "24:00:00": hour out of range'),
        ("15:04:05", "23:60:00", 'parsing time "23:60:00": minute out of range'),
        ("15:04:05", "23:59:60", 'parsing time "23:59:60": second out of range'),
        (
            "15:04:05.000",
            "23:59:59.12",
            'parsing time "23:59:59.12" as "15:04:05.000": cannot parse ".12" as ".000"',
        ),
        (
            "2006-01-02T15:04:05-0700",
            "2024-02-29T10:00:00+2500",
            'parsing time "2024-02-29T10:00:00+2500": time zone offset hour out of range',
        ),
        (
            "2006-01-02T15:04:05-0700",
            "2024-02-29T10:00:00*0100",
            'parsing time "2024-02-29T10:00:00*0100" as "2006-01-02T15:04:05-0700": cannot parse "*0100" as "-0700"',
        ),
        (
            "2006-01-02 MST",
            "2024-02-29 AB",
            'parsing time "2024-02-29 AB" as "2006-01-02 MST": cannot parse "AB" as "MST"',
        ),
        ("2006 002", "2023 366", 'parsing time "2023 366": day-of-year out of range'),
        ("01/02", "13/01", 'parsing time "13/01": month out of range'),
        ("", "x", 'parsing time "x": extra text: "x"'),
        ("hello", "help", 'parsing time "help" as "hello": cannot parse "p" as "hello"'),
        ("2006-01-02", "2024-02-29é", 'parsing time "2024-02-29\\xc3\\xa9": extra text: "\\xc3\\xa9"'),
        ("2006-01-02", '"q"', 'parsing time "\\"q\\"" as "2006-01-02": cannot parse "\\"q\\"" as "2006"'),
    ],
)
def test_must_to_date_reports_go_parse_errors(layout: str, value: str, message: str) -> None:
    assert (
        error(f"{{{{ mustToDate {gostrconv.quote(layout)} {gostrconv.quote(value)} }}}}")
        == f"error calling mustToDate: {message}"
    )


def test_to_date_turns_a_bad_input_into_the_zero_time() -> None:
    assert run('{{ toDate "2006-01-02" "bad" }}') == "0001-01-01 00:00:00 +0000 UTC"


def test_parsing_uses_the_local_zone_of_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert run('{{ toDate "2006-01-02 MST" "2024-02-29 EST" }}') == "2024-02-29 00:00:00 -0500 EST"
    assert run('{{ date "2006-01-02 15:04:05 MST" 86400 }}') == "1970-01-01 19:00:00 EST"


@pytest.mark.parametrize(
    ("tz", "name"),
    [
        ("UTC", "UTC"),
        ("", "UTC"),
        ("Invalid/Zone", "UTC"),
        ("Europe/London", "Europe/London"),
        (":Asia/Tokyo", "Asia/Tokyo"),
    ],
)
def test_local_zone_is_named_as_go_names_it(monkeypatch: pytest.MonkeyPatch, tz: str, name: str) -> None:
    monkeypatch.setenv("TZ", tz)
    assert local_location().String() == name


def test_local_zone_without_tz_is_named_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ")
    assert run("{{ now.Location }}") in ("Local", "UTC")  # UTC only when /etc/localtime is missing


# ------------------------------------------------------------------------------------------------ arithmetic


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ dateModify "-1.5h" (toDate "2006-01-02" "2024-02-29") }}', "2024-02-28 22:30:00 +0000 UTC"),
        ('{{ dateModify "bogus" (toDate "2006-01-02" "2024-02-29") }}', "2024-02-29 00:00:00 +0000 UTC"),
        ('{{ mustDateModify "90m" (toDate "2006-01-02" "2024-02-29") }}', "2024-02-29 01:30:00 +0000 UTC"),
        ('{{ unixEpoch (toDate "2006-01-02" "2024-02-29") }}', "1709164800"),
        ('{{ unixEpoch (toDate "x" "y") }}', "-62135596800"),
    ],
)
def test_date_arithmetic(template: str, expected: str) -> None:
    assert run(template) == expected


def test_must_date_modify_reports_a_bad_duration() -> None:
    assert error('{{ mustDateModify "x" now }}') == 'error calling mustDateModify: time: invalid duration "x"'


def test_now_prints_a_monotonic_reading() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}", run("{{ now }}"))


def test_date_modify_keeps_the_monotonic_reading_moved() -> None:
    printed = run('{{ now | dateModify "1h" }}')
    assert float(printed.split(" m=+")[1]) >= 3600


def test_ago_rounds_to_seconds() -> None:
    assert run("{{ ago now }} {{ ago 1.5 }}") == "0s 0s"
    assert re.fullmatch(r"\d+h\d+m\d+s", run('{{ ago (toDate "2006" "2000") }}'))


# ------------------------------------------------------------------------------------------------ durations


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ duration 3661 }}", "0s"),  # a Go int is not among Sprig's cases
        ('{{ duration "3661" }}', "1h1m1s"),
        ('{{ duration "-3661" }}', "-1h1m1s"),
        ('{{ duration "1.5" }}', "0s"),
        ("{{ duration (int64 90) }}", "1m30s"),
        ('{{ duration "99999999999999999999" }}', "-1s"),  # ParseInt saturates, the multiplication wraps
        ('{{ durationRound "2h10m" }}', "2h"),
        ('{{ durationRound "-2h10m" }}', "2h"),
        ('{{ durationRound "-90s" }}', "1m"),
        ('{{ durationRound "1s" }}', "0s"),
        ('{{ durationRound "1.5s" }}', "1s"),
        ('{{ durationRound "720h" }}', "30d"),
        ('{{ durationRound "721h" }}', "1mo"),
        ('{{ durationRound "8761h" }}', "1y"),
        ('{{ durationRound "nonsense" }}', "0s"),
    ],
)
def test_duration_functions(template: str, expected: str) -> None:
    assert run(template) == expected


@pytest.mark.parametrize(
    ("text", "nanos"),
    [
        ("0", 0),
        ("-0", 0),
        ("1h30m", 5400 * 10**9),
        ("1.5h", 5400 * 10**9),
        ("300ms", 300_000_000),
        ("1us", 1000),
        ("1µs", 1000),
        ("1μs", 1000),
        ("-.5m", -30 * 10**9),
        ("5.s", 5 * 10**9),
        ("1.0000000001s", 10**9),
        ("9223372036854775807ns", 2**63 - 1),
        ("-9223372036854775808ns", -(2**63)),
        ("2562047h", 2562047 * 3600 * 10**9),
    ],
)
def test_parse_duration(text: str, nanos: int) -> None:
    assert parse_duration(text) == nanos


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", 'time: invalid duration ""'),
        ("1", 'time: missing unit in duration "1"'),
        ("1x", 'time: unknown unit "x" in duration "1x"'),
        (".s", 'time: invalid duration ".s"'),
        ("9223372037s", 'time: invalid duration "9223372037s"'),
        ("9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'),
        ("1h\u00e9", 'time: unknown unit "h\\xc3\\xa9" in duration "1h\\xc3\\xa9"'),
    ],
)
def test_parse_duration_errors(text: str, message: str) -> None:
    with pytest.raises(GoTimeError) as info:
        parse_duration(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("nanos", "text"),
    [
        (0, "0s"),
        (1, "1ns"),
        (999, "999ns"),
        (1500, "1.5µs"),
        (1_500_000, "1.5ms"),
        (1_500_000_000, "1.5s"),
        (3661 * 10**9, "1h1m1s"),
        (3600 * 10**9, "1h0m0s"),
        (-90 * 10**9, "-1m30s"),
        (2**63 - 1, "2562047h47m16.854775807s"),
    ],
)
def test_format_duration(nanos: int, text: str) -> None:
    assert format_duration(nanos) == text


# ------------------------------------------------------------------------------------------------ time.Time methods


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ $t := toDate "2006-01-02" "2024-01-31" }}{{ $t.AddDate 0 1 0 }}', "2024-03-02 00:00:00 +0000 UTC"),
        ('{{ (toDate "2006-01-02" "2024-01-31").YearDay }}', "31"),
        ('{{ (toDate "2006-01-02" "2024-01-31").Weekday }}', "Wednesday"),
        ('{{ (toDate "2006-01-02" "2024-01-31").Month }}', "January"),
        ('{{ (toDate "2006-01-02" "2024-01-31").IsZero }}', "false"),
        ('{{ (toDate "x" "y").IsZero }}', "true"),
        ('{{ (toDate "2006-01-02" "2024-01-31").Before now }}', "true"),
        ('{{ printf "%T %T %T" now now.Month now.Location }}', "time.Time time.Month *time.Location"),
        (
            f"{{{{ {FIXED}.Year }}}} {{{{ {FIXED}.Day }}}} {{{{ {FIXED}.Hour }}}} {{{{ {FIXED}.Nanosecond }}}}",
            "2024 29 13 123456789",
        ),
        (f"{{{{ {FIXED}.UTC }}}}", "2024-02-29 13:04:05.123456789 +0000 UTC"),
        (f'{{{{ {FIXED}.Format "Jan 2" }}}}', "Feb 29"),
        (f'{{{{ printf "%T" {FIXED}.Unix }}}}', "int64"),
    ],
)
def test_time_methods(template: str, expected: str) -> None:
    assert run(template) == expected


def test_times_parsed_with_the_same_whole_hour_offset_are_equal() -> None:
    # Go shares unnamed whole-hour fixed zones, so eq sees identical values.
    value = '(toDate "2006-01-02T15:04:05Z07:00" "2024-02-29T13:04:05+01:00")'
    assert run(f"{{{{ eq {value} {value} }}}}") == "true"


def test_time_json_form_is_rfc3339_nano() -> None:
    tmpl_value = run(f'{{{{ {FIXED}.Format "2006-01-02T15:04:05.999999999Z07:00" }}}}')
    assert tmpl_value == "2024-02-29T13:04:05.123456789Z"
