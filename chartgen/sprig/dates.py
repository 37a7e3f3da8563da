"""Sprig's date functions: ``now date dateInZone htmlDate toDate dateModify duration durationRound ago ...``.

They sit on the Go ``time`` emulation in :mod:`chartgen.sprig.gotime`. Sprig is lenient in specific ways that
charts can observe, and those are kept: ``date`` formats the current time when given anything but a
``time.Time`` or a Go ``int``/``int64`` (so a float from values.yaml silently means "now"); ``toDate`` turns a bad
input into the zero time; ``dateModify`` ignores a bad duration; ``duration`` takes a string or an ``int64`` but
treats a plain ``int`` as 0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chartgen.gostrconv import UINT64_MAX, wrap_int64
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import ANY, Int64, go_signature
from chartgen.sprig.gotime import (
    SECOND,
    UTC,
    GoTime,
    GoTimeError,
    format_duration,
    load_location,
    now,
    parse_duration,
    parse_time,
    round_duration,
    unix_time,
    zero_time,
)
from chartgen.sprig.numbers import atoi

__all__ = ["FUNCS"]


def _as_time(value: Any) -> GoTime:
    """Sprig's type switch on a date argument: time.Time, int or int64 (Unix seconds), else the current time."""
    if isinstance(value, GoTime):
        return value
    # Only Go's int and int64 count (not bool, uint64 or the like), hence the exact type test.
    if type(value) in (int, Int64):
        return unix_time(int(value))
    return now()


@go_signature("string", ANY, "string")
def _date_in_zone(layout: str, date: Any, zone: str) -> str:
    # An unknown zone falls back to UTC rather than failing.
    loc = load_location(zone) or UTC
    return _as_time(date).in_location(loc).Format(layout)


@go_signature("string", ANY)
def _date(layout: str, date: Any) -> str:
    return _date_in_zone(layout, date, "Local")


@go_signature(ANY)
def _html_date(date: Any) -> str:
    return _date_in_zone("2006-01-02", date, "Local")


@go_signature(ANY, "string")
def _html_date_in_zone(date: Any, zone: str) -> str:
    return _date_in_zone("2006-01-02", date, zone)


@go_signature("string", "time.Time")
def _date_modify(duration: str, date: GoTime) -> GoTime:
    try:
        return date.add_nanos(parse_duration(duration))
    except GoTimeError:
        return date


@go_signature("string", "time.Time")
def _must_date_modify(duration: str, date: GoTime) -> GoTime:
    try:
        return date.add_nanos(parse_duration(duration))
    except GoTimeError as exc:
        raise FuncError(str(exc)) from None


@go_signature(ANY)
def _ago(date: Any) -> str:
    return format_duration(round_duration(now().sub_nanos(_as_time(date)), SECOND))


@go_signature(ANY)
def _duration(seconds: Any) -> str:
    if isinstance(seconds, str):
        count = atoi(seconds)  # Sprig's ParseInt(v, 10, 64) with the error dropped, as atoi does
    elif isinstance(seconds, Int64):
        count = int(seconds)
    else:
        count = 0  # a plain Go int (or anything else) is not one of the cases Sprig handles
    return format_duration(wrap_int64(count * SECOND))


_YEAR = 365 * 24 * 3600 * SECOND
_MONTH = 30 * 24 * 3600 * SECOND
_DAY = 24 * 3600 * SECOND


@go_signature(ANY)
def _duration_round(duration: Any) -> str:
    nanos = 0
    if isinstance(duration, str):
        try:
            nanos = parse_duration(duration)
        except GoTimeError:
            nanos = 0
    elif isinstance(duration, Int64):
        nanos = int(duration)
    elif isinstance(duration, GoTime):
        nanos = now().sub_nanos(duration)
    # The sign is dropped; each unit is used only when the duration is strictly longer than one of it.
    magnitude = abs(nanos) & UINT64_MAX
    for unit, suffix in ((_YEAR, "y"), (_MONTH, "mo"), (_DAY, "d"), (3600 * SECOND, "h"), (60 * SECOND, "m")):
        if magnitude > unit:
            return f"{magnitude // unit}{suffix}"
    if magnitude > SECOND:
        return f"{magnitude // SECOND}s"
    return "0s"


@go_signature("string", "string")
def _to_date(layout: str, value: str) -> GoTime:
    try:
        return parse_time(layout, value)
    except GoTimeError:
        return zero_time()


@go_signature("string", "string")
def _must_to_date(layout: str, value: str) -> GoTime:
    try:
        return parse_time(layout, value)
    except GoTimeError as exc:
        raise FuncError(str(exc)) from None


@go_signature("time.Time")
def _unix_epoch(date: GoTime) -> str:
    return str(date.Unix())


def _now() -> GoTime:
    return now()


FUNCS: dict[str, Callable[..., Any]] = {
    "ago": _ago,
    "date": _date,
    "date_in_zone": _date_in_zone,
    "date_modify": _date_modify,
    "dateInZone": _date_in_zone,
    "dateModify": _date_modify,
    "duration": _duration,
    "durationRound": _duration_round,
    "htmlDate": _html_date,
    "htmlDateInZone": _html_date_in_zone,
    "must_date_modify": _must_date_modify,
    "mustDateModify": _must_date_modify,
    "mustToDate": _must_to_date,
    "now": _now,
    "toDate": _to_date,
    "unixEpoch": _unix_epoch,
}
