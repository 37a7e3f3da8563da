"""Go's ``time`` package as templates see it: ``time.Time``, ``*time.Location``, ``time.Duration``, layouts.

Helm renders dates with Go's layout language (the reference time ``Mon Jan 2 15:04:05 MST 2006``), prints a
``time.Time`` as ``2024-02-29 00:00:00 +0000 UTC`` and durations as ``1h1m1s``. This module reproduces the parts
Sprig's date functions reach: formatting and parsing every layout element, zone lookup, ``Duration.String`` and
``ParseDuration`` with Go's error texts.

Civil dates are computed here from Unix seconds (proleptic Gregorian, any year) rather than with ``datetime``,
whose year range (1..9999) is narrower than Go's. Zone offsets and abbreviations come from the system tz database
through ``zoneinfo``, which is where Go reads them too. The local zone follows ``TZ`` exactly as Go does: unset
means ``/etc/localtime``, empty or ``UTC`` means UTC, anything unloadable falls back to UTC.
"""

from __future__ import annotations

import os
import struct
import time as _time
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from chartgen.gostrconv import INT64_MAX, INT64_MIN, UINT64_MAX, wrap_int64
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gomembers import GoMethod, go_members, go_method
from chartgen.gotemplate.gotypes import Int64

__all__ = [
    "UTC",
    "Duration",
    "GoTime",
    "GoTimeError",
    "Location",
    "format_duration",
    "load_location",
    "local_location",
    "now",
    "parse_duration",
    "parse_time",
    "time_quote",
    "unix_time",
    "zero_time",
]

NANOS = 1_000_000_000
SECOND = NANOS
# time.ParseDuration accumulates in uint64 and refuses anything past 1<<63 (the magnitude of MinInt64).
_DURATION_LIMIT = INT64_MAX + 1
_MONTHS = (
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)
_DAYS = "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split()  # noqa: SIM905
_DAYS_BEFORE = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365)
# Monotonic readings count from process start, as Go's do (Go prints them as "m=+0.012345678").
_MONO_START = _time.monotonic_ns()


class GoTimeError(Exception):
    """A Go ``time`` error; ``str()`` is Go's message (``parsing time ...``, ``time: invalid duration ...``)."""


def time_quote(text: str) -> str:
    """The ``time`` package's own quoting: bytes outside printable ASCII become ``\\xNN``."""
    out = ['"']
    for byte in text.encode("utf-8", "surrogateescape"):
        if byte >= 0x80 or byte < 0x20:
            out.append(f"\\x{byte:02x}")
        else:
            ch = chr(byte)
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


# ------------------------------------------------------------------------------------------------ calendar


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (valid for any year)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in(month: int, year: int) -> int:
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS_BEFORE[month] - _DAYS_BEFORE[month - 1]


# ------------------------------------------------------------------------------------------------ locations


@go_members(unexported=["name", "zone", "tx", "extend", "cacheStart", "cacheEnd", "cacheZone"])
class Location:
    """A ``*time.Location``: a name plus a way to find the zone abbreviation and offset at an instant."""

    go_type = "*time.Location"
    go_kind = "ptr"

    def __init__(self, name: str, tz: Any = None, fixed: tuple[str, int] | None = None, path: str | None = None):
        self.name = name
        self._tz = tz  # a zoneinfo.ZoneInfo, or None for a fixed zone
        self._fixed = fixed
        self._path = path  # the TZif file, read only to list the zone's abbreviations

    def lookup(self, unix: int) -> tuple[str, int]:
        """The zone abbreviation and UTC offset (seconds) in effect at ``unix``."""
        if self._fixed is not None:
            return self._fixed
        # datetime covers years 1..9999; beyond that the nearest representable instant's zone is used.
        clamped = min(max(unix, -62135596800 + 86400), 253402300799 - 86400)
        moment = datetime.fromtimestamp(clamped, tz=self._tz)
        offset = moment.utcoffset()
        return moment.tzname() or "", int(offset.total_seconds()) if offset is not None else 0

    def is_dst(self, unix: int) -> bool:
        """Whether daylight saving time is in effect at ``unix`` (the tz database's isdst flag)."""
        if self._fixed is not None:
            return False
        clamped = min(max(unix, -62135596800 + 86400), 253402300799 - 86400)
        return bool(datetime.fromtimestamp(clamped, tz=self._tz).dst())

    def lookup_name(self, name: str, unix: int) -> int | None:
        """Go's ``Location.lookupName``: the offset of the zone called ``name``, preferring one in effect at
        ``unix``; None when the location has no such zone."""
        zones = self._zones()
        for abbr, offset in zones:
            if abbr == name and self.lookup(unix - offset)[0] == abbr:
                return self.lookup(unix - offset)[1]
        for abbr, offset in zones:
            if abbr == name:
                return offset
        return None

    def _zones(self) -> list[tuple[str, int]]:
        if self._fixed is not None:
            return [self._fixed]
        if self._path is None:
            return []
        return list(_tzif_zones(self._path))

    @go_method(results=("string",), pointer=True)
    def String(self) -> str:  # noqa: N802 - Go method name
        return self.name

    def __str__(self) -> str:
        return self.name


def fixed_zone(name: str, offset: int) -> Location:
    """``time.FixedZone``. Go shares one unnamed zone per whole-hour offset, which makes two times parsed from
    ``+01:00`` compare equal with ``eq``; the same sharing is kept here."""
    if name == "" and -12 * 3600 <= offset <= 14 * 3600 and offset % 3600 == 0:
        return _unnamed_fixed_zone(offset)
    return Location(name, fixed=(name, offset))


@cache
def _unnamed_fixed_zone(offset: int) -> Location:
    return Location("", fixed=("", offset))


UTC = fixed_zone("UTC", 0)


@lru_cache(maxsize=64)
def _tzif_zones(path: str) -> tuple[tuple[str, int], ...]:
    """The (abbreviation, offset) pairs a TZif file defines, read from its 64-bit block when it has one."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return ()

    def block(start: int, time_size: int) -> tuple[tuple[tuple[str, int], ...], int]:
        if data[start : start + 4] != b"TZif":
            raise ValueError("not a TZif file")
        isutc, isstd, leap, timecnt, typecnt, charcnt = struct.unpack(">6l", data[start + 20 : start + 44])
        pos = start + 44 + timecnt * time_size + timecnt
        types = [struct.unpack(">lBB", data[pos + 6 * i : pos + 6 * i + 6]) for i in range(typecnt)]
        chars = data[pos + 6 * typecnt : pos + 6 * typecnt + charcnt]
        end = pos + 6 * typecnt + charcnt + leap * (time_size + 4) + isstd + isutc
        zones = []
        for offset, _isdst, index in types:
            abbr = chars[index : chars.index(b"\0", index)].decode("ascii", "replace")
            zones.append((abbr, offset))
        return tuple(zones), end

    try:
        zones, end = block(0, 4)
        if data[4:5] >= b"2":
            zones, _ = block(end, 8)
        return zones
    except (ValueError, struct.error):
        return ()


def _zoneinfo(key: str) -> tuple[Any, str | None] | None:
    import zoneinfo

    try:
        if key.startswith("/"):
            with open(key, "rb") as handle:
                return zoneinfo.ZoneInfo.from_file(handle, key=key), key
        tz = zoneinfo.ZoneInfo(key)
    except (OSError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None
    for root in zoneinfo.TZPATH:
        candidate = os.path.join(root, key)
        if os.path.isfile(candidate):
            return tz, candidate
    return tz, None


@lru_cache(maxsize=8)
def _local_for(tz_env: str | None) -> Location:
    # Go's initLocal: TZ unset → /etc/localtime, named "Local"; "" or "UTC" or an unloadable zone → UTC, named
    # "UTC"; otherwise the zone named as TZ spells it (without a leading ":").
    key = "/etc/localtime" if tz_env is None else tz_env.removeprefix(":")
    found = _zoneinfo(key) if key not in ("", "UTC") else None
    if found is None:
        return Location("UTC", fixed=("UTC", 0))
    return Location("Local" if key == "/etc/localtime" else key, found[0], path=found[1])


def local_location() -> Location:
    """Go's ``time.Local`` for the current ``TZ``."""
    return _local_for(os.environ.get("TZ"))


def load_location(name: str) -> Location | None:
    """``time.LoadLocation``; None where Go returns an error."""
    if name in ("", "UTC"):
        return UTC
    if name == "Local":
        return local_location()
    # Go refuses names that could escape the zoneinfo directory.
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        return None
    found = _zoneinfo(name)
    if found is None:
        return None
    return Location(name, found[0], path=found[1])


# ------------------------------------------------------------------------------------------------ time.Time


@go_members()
class Month(int):
    """A ``time.Month``: an integer that prints as its English name."""

    go_type = "time.Month"
    go_kind = "int"

    @go_method(results=("string",))
    def String(self) -> str:  # noqa: N802
        return _MONTHS[self - 1] if 1 <= self <= 12 else f"%!Month({int(self)})"

    __str__ = String


@go_members()
class Weekday(int):
    """A ``time.Weekday``: an integer that prints as its English name."""

    go_type = "time.Weekday"
    go_kind = "int"

    @go_method(results=("string",))
    def String(self) -> str:  # noqa: N802
        return _DAYS[self] if 0 <= self <= 6 else f"%!Weekday({int(self)})"

    __str__ = String


def _quo_rem(value: int, unit: int) -> tuple[int, int]:
    """Go's integer ``/`` and ``%``: the quotient truncates toward zero, the remainder has the dividend's sign."""
    quotient = abs(value) // abs(unit) * (1 if (value < 0) == (unit < 0) else -1)
    return quotient, value - quotient * unit


@go_members()
class Duration(int):
    """A ``time.Duration`` (nanoseconds, an ``int64``): what ``Time.Sub`` returns; prints as ``1h1m1s``."""

    go_type = "time.Duration"
    go_kind = "int64"
    __slots__ = ()

    @go_method(results=("string",))
    def String(self) -> str:  # noqa: N802
        return format_duration(self)

    __str__ = String

    def __repr__(self) -> str:
        return f"Duration({int(self)})"

    def _in(self, unit: int) -> float:
        whole, rest = _quo_rem(self, unit)
        return float(whole) + float(rest) / unit

    @go_method(results=("float64",))
    def Hours(self) -> float:  # noqa: N802
        return self._in(3600 * SECOND)

    @go_method(results=("float64",))
    def Minutes(self) -> float:  # noqa: N802
        return self._in(60 * SECOND)

    @go_method(results=("float64",))
    def Seconds(self) -> float:  # noqa: N802
        return self._in(SECOND)

    @go_method(results=("int64",))
    def Milliseconds(self) -> Int64:  # noqa: N802
        return Int64(_quo_rem(self, 1_000_000)[0])

    @go_method(results=("int64",))
    def Microseconds(self) -> Int64:  # noqa: N802
        return Int64(_quo_rem(self, 1000)[0])

    @go_method(results=("int64",))
    def Nanoseconds(self) -> Int64:  # noqa: N802
        return Int64(self)

    @go_method("time.Duration", results=("time.Duration",))
    def Round(self, multiple: int) -> Duration:  # noqa: N802
        return Duration(round_duration(self, multiple))

    @go_method("time.Duration", results=("time.Duration",))
    def Truncate(self, multiple: int) -> Duration:  # noqa: N802
        return self if multiple <= 0 else Duration(self - _quo_rem(self, multiple)[1])

    @go_method(results=("time.Duration",))
    def Abs(self) -> Duration:  # noqa: N802
        if self >= 0:
            return self
        return Duration(INT64_MAX if self == INT64_MIN else -self)


def _no_call(name: str, *results: str, params: tuple[str, ...] = (), pointer: bool = False) -> GoMethod:
    return GoMethod(name, params, None, results, pointer)


# time.Time methods chartgen never calls: several results (Go refuses to call them from a template), or a pointer
# receiver (a time.Time from a function or a map is not addressable, so they are not in its method set).
_TIME_UNCALLED = (
    _no_call("Clock", "int", "int", "int"),
    _no_call("Date", "int", "time.Month", "int"),
    _no_call("ISOWeek", "int", "int"),
    _no_call("Zone", "string", "int"),
    _no_call("ZoneBounds", "time.Time", "time.Time"),
    _no_call("GobDecode", "error", params=("[]uint8",), pointer=True),
    _no_call("UnmarshalBinary", "error", params=("[]uint8",), pointer=True),
    _no_call("UnmarshalJSON", "error", params=("[]uint8",), pointer=True),
    _no_call("UnmarshalText", "error", params=("[]uint8",), pointer=True),
)


@go_members(unexported=["wall", "ext", "loc"], methods=_TIME_UNCALLED)
class GoTime:
    """A ``time.Time``: an instant (Unix seconds and nanoseconds), a location, and maybe a monotonic reading."""

    go_type = "time.Time"
    go_kind = "struct"
    __slots__ = ("loc", "mono", "nsec", "sec")

    def __init__(self, sec: int, nsec: int, loc: Location, mono: int | None = None) -> None:
        self.sec = sec + nsec // NANOS
        self.nsec = nsec % NANOS
        self.loc = loc
        self.mono = mono  # nanoseconds since process start, like Go's monotonic clock reading

    # -- helpers

    def _civil(self) -> tuple[int, int, int, int, int, int, int, str, int]:
        """(year, month, day, hour, minute, second, yday, zone abbreviation, offset) in the time's location."""
        abbr, offset = self.loc.lookup(self.sec)
        local = self.sec + offset
        days, secs = divmod(local, 86400)
        year, month, day = _civil_from_days(days)
        yday = days - _days_from_civil(year, 1, 1) + 1
        return year, month, day, secs // 3600, secs // 60 % 60, secs % 60, yday, abbr, offset

    def _weekday(self) -> int:
        _, offset = self.loc.lookup(self.sec)
        return ((self.sec + offset) // 86400 + 4) % 7  # 1970-01-01 was a Thursday

    def __eq__(self, other: object) -> bool:
        # Go's == on time.Time compares the representation, location pointer included.
        if not isinstance(other, GoTime):
            return NotImplemented
        return (self.sec, self.nsec, self.mono, self.loc) == (other.sec, other.nsec, other.mono, other.loc)

    def __hash__(self) -> int:
        return hash((self.sec, self.nsec))

    def __repr__(self) -> str:
        return f"GoTime({self.String()!r})"

    def __str__(self) -> str:
        return self.String()

    def go_json(self) -> str:
        # time.Time's MarshalJSON writes RFC 3339 with nanoseconds.
        return self.Format("2006-01-02T15:04:05.999999999Z07:00")

    def add_nanos(self, nanos: int) -> GoTime:
        """``t.Add(d)``: keeps the monotonic reading, moved by the same amount."""
        mono = None if self.mono is None else self.mono + nanos
        return GoTime(self.sec, self.nsec + nanos, self.loc, mono)

    def in_location(self, loc: Location) -> GoTime:
        """``t.In(loc)``: same instant, other location, monotonic reading dropped."""
        return GoTime(self.sec, self.nsec, loc)

    def sub_nanos(self, other: GoTime) -> int:
        """``t.Sub(u)`` in nanoseconds, using monotonic readings when both have one; saturates like Go."""
        if self.mono is not None and other.mono is not None:
            diff = self.mono - other.mono
        else:
            diff = (self.sec - other.sec) * NANOS + self.nsec - other.nsec
        return max(INT64_MIN, min(INT64_MAX, diff))

    def stripped(self) -> GoTime:
        """The same instant without its monotonic reading."""
        return GoTime(self.sec, self.nsec, self.loc)

    def _strict_rfc3339(self, prefix: str) -> bytes:
        """Go's ``appendStrictRFC3339``: RFC 3339 with nanoseconds, refusing what RFC 3339 cannot express."""
        text = format_time(self, "2006-01-02T15:04:05.999999999Z07:00")
        if text[4:5] != "-":
            raise FuncError(prefix + "year outside of range [0,9999]")
        if not text.endswith("Z") and (text[-6].isdigit() or int(text[-5:-3]) >= 24):
            raise FuncError(prefix + "timezone hour outside of range [0,23]")
        return text.encode("utf-8")

    def _binary(self) -> bytes:
        """Go's binary encoding (``MarshalBinary``): version, seconds since year 1, nanoseconds, zone offset."""
        version, extra = 1, b""
        if self.loc is UTC:
            offset_min = -1
        else:
            offset = self.loc.lookup(self.sec)[1]
            minutes, seconds = _quo_rem(offset, 60)
            if seconds:
                version, extra = 2, (seconds & 0xFF).to_bytes(1, "big")
            if not -32768 <= minutes <= 32767 or minutes == -1:
                raise FuncError("Time.MarshalBinary: unexpected zone offset")
            offset_min = minutes
        absolute = (self.sec - _ZERO_UNIX) & UINT64_MAX
        return (
            bytes([version])
            + absolute.to_bytes(8, "big")
            + self.nsec.to_bytes(4, "big")
            + (offset_min & 0xFFFF).to_bytes(2, "big")
            + extra
        )

    # -- Go methods callable from templates

    @go_method(results=("string",))
    def String(self) -> str:  # noqa: N802
        text = self.Format("2006-01-02 15:04:05.999999999 -0700 MST")
        if self.mono is not None:
            sign = "-" if self.mono < 0 else "+"
            seconds, frac = divmod(abs(self.mono), NANOS)
            text += f" m={sign}{seconds}.{frac:09d}"
        return text

    @go_method(results=("string",))
    def GoString(self) -> str:  # noqa: N802
        year, month, day, hour, minute, second, *_ = self._civil()
        if self.loc is UTC:
            zone = "time.UTC"
        elif self.loc is local_location():
            zone = "time.Local"
        else:
            zone = f"time.Location({time_quote(self.loc.name)})"
        return f"time.Date({year}, time.{_MONTHS[month - 1]}, {day}, {hour}, {minute}, {second}, {self.nsec}, {zone})"

    @go_method("string", results=("string",))
    def Format(self, layout: str) -> str:  # noqa: N802
        return format_time(self, layout)

    @go_method("[]uint8", "string", results=("[]uint8",))
    def AppendFormat(self, prefix: bytes | None, layout: str) -> bytes:  # noqa: N802
        return bytes(prefix or b"") + format_time(self, layout).encode("utf-8", "surrogateescape")

    @go_method(results=("[]uint8", "error"))
    def MarshalJSON(self) -> bytes:  # noqa: N802
        return b'"' + self._strict_rfc3339("Time.MarshalJSON: ") + b'"'

    @go_method(results=("[]uint8", "error"))
    def MarshalText(self) -> bytes:  # noqa: N802
        return self._strict_rfc3339("Time.MarshalText: ")

    @go_method("[]uint8", results=("[]uint8", "error"), since=(1, 24))
    def AppendText(self, prefix: bytes | None) -> bytes:  # noqa: N802
        return bytes(prefix or b"") + self._strict_rfc3339("Time.AppendText: ")

    @go_method(results=("[]uint8", "error"))
    def MarshalBinary(self) -> bytes:  # noqa: N802
        return self._binary()

    @go_method(results=("[]uint8", "error"))
    def GobEncode(self) -> bytes:  # noqa: N802
        return self._binary()

    @go_method("[]uint8", results=("[]uint8", "error"), since=(1, 24))
    def AppendBinary(self, prefix: bytes | None) -> bytes:  # noqa: N802
        return bytes(prefix or b"") + self._binary()

    @go_method(results=("int64",))
    def Unix(self) -> Int64:  # noqa: N802
        return Int64(wrap_int64(self.sec))

    @go_method(results=("int64",))
    def UnixMilli(self) -> Int64:  # noqa: N802
        return Int64(wrap_int64(self.sec * 1000 + self.nsec // 1_000_000))

    @go_method(results=("int64",))
    def UnixMicro(self) -> Int64:  # noqa: N802
        return Int64(wrap_int64(self.sec * 1_000_000 + self.nsec // 1000))

    @go_method(results=("int64",))
    def UnixNano(self) -> Int64:  # noqa: N802
        return Int64(wrap_int64(self.sec * NANOS + self.nsec))

    @go_method(results=("int",))
    def Year(self) -> int:  # noqa: N802
        return self._civil()[0]

    @go_method(results=("time.Month",))
    def Month(self) -> Month:  # noqa: N802
        return Month(self._civil()[1])

    @go_method(results=("int",))
    def Day(self) -> int:  # noqa: N802
        return self._civil()[2]

    @go_method(results=("int",))
    def Hour(self) -> int:  # noqa: N802
        return self._civil()[3]

    @go_method(results=("int",))
    def Minute(self) -> int:  # noqa: N802
        return self._civil()[4]

    @go_method(results=("int",))
    def Second(self) -> int:  # noqa: N802
        return self._civil()[5]

    @go_method(results=("int",))
    def Nanosecond(self) -> int:  # noqa: N802
        return self.nsec

    @go_method(results=("int",))
    def YearDay(self) -> int:  # noqa: N802
        return self._civil()[6]

    @go_method(results=("time.Weekday",))
    def Weekday(self) -> Weekday:  # noqa: N802
        return Weekday(self._weekday())

    @go_method(results=("*time.Location",))
    def Location(self) -> Location:  # noqa: N802
        return self.loc

    @go_method(results=("bool",))
    def IsZero(self) -> bool:  # noqa: N802
        return self.sec == _ZERO_UNIX and self.nsec == 0

    @go_method(results=("bool",))
    def IsDST(self) -> bool:  # noqa: N802
        return self.loc.is_dst(self.sec)

    @go_method(results=("time.Time",))
    def UTC(self) -> GoTime:  # noqa: N802
        return self.in_location(UTC)

    @go_method(results=("time.Time",))
    def Local(self) -> GoTime:  # noqa: N802
        return self.in_location(local_location())

    @go_method("*time.Location", results=("time.Time",))
    def In(self, loc: Location | None) -> GoTime:  # noqa: N802
        if loc is None:
            raise FuncError("time: missing Location in call to Time.In")
        return self.in_location(loc)

    @go_method(Duration, results=("time.Time",))
    def Add(self, nanos: int) -> GoTime:  # noqa: N802
        return self.add_nanos(nanos)

    @go_method("time.Time", results=("time.Duration",))
    def Sub(self, other: GoTime) -> Duration:  # noqa: N802
        return Duration(self.sub_nanos(other))

    @go_method(Duration, results=("time.Time",))
    def Truncate(self, multiple: int) -> GoTime:  # noqa: N802
        if multiple <= 0:
            return self.stripped()
        return self.stripped().add_nanos(-(self._since_year_one() % multiple))

    @go_method(Duration, results=("time.Time",))
    def Round(self, multiple: int) -> GoTime:  # noqa: N802
        if multiple <= 0:
            return self.stripped()
        rest = self._since_year_one() % multiple
        return self.stripped().add_nanos(-rest if rest + rest < multiple else multiple - rest)

    def _since_year_one(self) -> int:
        # Go rounds and truncates relative to the zero Time, 0001-01-01 UTC.
        return (self.sec - _ZERO_UNIX) * NANOS + self.nsec

    @go_method("int", "int", "int", results=("time.Time",))
    def AddDate(self, years: int, months: int, days: int) -> GoTime:  # noqa: N802
        year, month, day, hour, minute, second, *_ = self._civil()
        return make_time(year + years, month + months, day + days, hour, minute, second, self.nsec, self.loc)

    @go_method("time.Time", results=("bool",))
    def Before(self, other: GoTime) -> bool:  # noqa: N802
        return self.sub_nanos(other) < 0

    @go_method("time.Time", results=("bool",))
    def After(self, other: GoTime) -> bool:  # noqa: N802
        return self.sub_nanos(other) > 0

    @go_method("time.Time", results=("bool",))
    def Equal(self, other: GoTime) -> bool:  # noqa: N802
        return self.sub_nanos(other) == 0

    @go_method("time.Time", results=("int",))
    def Compare(self, other: GoTime) -> int:  # noqa: N802
        diff = self.sub_nanos(other)
        return (diff > 0) - (diff < 0)


_ZERO_UNIX = -62135596800  # 0001-01-01 00:00:00 UTC, Go's zero Time


def zero_time() -> GoTime:
    """``time.Time{}``: prints as ``0001-01-01 00:00:00 +0000 UTC``."""
    return GoTime(_ZERO_UNIX, 0, UTC)


def unix_time(sec: int, nsec: int = 0) -> GoTime:
    """``time.Unix(sec, nsec)`` in the local zone."""
    return GoTime(sec, nsec, local_location())


def now() -> GoTime:
    """``time.Now()``: local zone, with a monotonic reading."""
    wall = _time.time_ns()
    return GoTime(wall // NANOS, wall % NANOS, local_location(), _time.monotonic_ns() - _MONO_START)


def make_time(year: int, month: int, day: int, hour: int, minute: int, sec: int, nsec: int, loc: Location) -> GoTime:
    """``time.Date``: normalises out-of-range fields, then resolves the wall clock in ``loc``."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    unix = (_days_from_civil(year, month, 1) + day - 1) * 86400 + hour * 3600 + minute * 60 + sec
    unix += nsec // NANOS
    nsec %= NANOS
    # The offset is looked up at the wall time taken as UTC, then again at the corrected instant when that lands
    # in another zone period, as Go does around transitions.
    _, offset = loc.lookup(unix)
    if offset:
        offset = loc.lookup(unix - offset)[1]
    return GoTime(unix - offset, nsec, loc)


# ------------------------------------------------------------------------------------------------ layouts

# Layout elements (Go's std* constants), named by what they print.
_LONG_MONTH, _MONTH, _NUM_MONTH, _ZERO_MONTH = "January", "Jan", "1", "01"
_LONG_WEEKDAY, _WEEKDAY = "Monday", "Mon"
_DAY, _UNDER_DAY, _ZERO_DAY = "2", "_2", "02"
_UNDER_YEARDAY, _ZERO_YEARDAY = "__2", "002"
_HOUR, _HOUR12, _ZERO_HOUR12 = "15", "3", "03"
_MINUTE, _ZERO_MINUTE, _SECOND, _ZERO_SECOND = "4", "04", "5", "05"
_LONG_YEAR, _YEAR = "2006", "06"
_PM, _LOWER_PM = "PM", "pm"
_TZ = "MST"
_ISO_TZ = ("Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07")
_NUM_TZ = ("-070000", "-07:00:00", "-0700", "-07:00", "-07")
_ZERO_X = {"1": _ZERO_MONTH, "2": _ZERO_DAY, "3": _ZERO_HOUR12, "4": _ZERO_MINUTE, "5": _ZERO_SECOND, "6": _YEAR}


class _Frac:
    """A fractional-second element: ``.000`` (exact digits) or ``.999`` (trailing zeros trimmed)."""

    __slots__ = ("digits", "sep", "trim")

    def __init__(self, sep: str, digits: int, trim: bool) -> None:
        self.sep, self.digits, self.trim = sep, digits, trim


def _next_chunk(layout: str) -> tuple[str, str | _Frac | None, str]:
    """Go's ``nextStdChunk``: (literal prefix, element or None, rest of the layout)."""
    n = len(layout)
    for i, c in enumerate(layout):
        rest = layout[i:]
        if c == "J" and rest.startswith("Jan"):
            if rest.startswith("January"):
                return layout[:i], _LONG_MONTH, layout[i + 7 :]
            if not ("a" <= layout[i + 3 : i + 4] <= "z"):
                return layout[:i], _MONTH, layout[i + 3 :]
        elif c == "M" and n >= i + 3:
            if rest.startswith("Mon"):
                if rest.startswith("Monday"):
                    return layout[:i], _LONG_WEEKDAY, layout[i + 6 :]
                if not ("a" <= layout[i + 3 : i + 4] <= "z"):
                    return layout[:i], _WEEKDAY, layout[i + 3 :]
            if rest.startswith("MST"):
                return layout[:i], _TZ, layout[i + 3 :]
        elif c == "0":
            if n >= i + 2 and "1" <= layout[i + 1] <= "6":
                return layout[:i], _ZERO_X[layout[i + 1]], layout[i + 2 :]
            if rest.startswith("002"):
                return layout[:i], _ZERO_YEARDAY, layout[i + 3 :]
        elif c == "1":
            if rest.startswith("15"):
                return layout[:i], _HOUR, layout[i + 2 :]
            return layout[:i], _NUM_MONTH, layout[i + 1 :]
        elif c == "2":
            if rest.startswith("2006"):
                return layout[:i], _LONG_YEAR, layout[i + 4 :]
            return layout[:i], _DAY, layout[i + 1 :]
        elif c == "_":
            if rest.startswith("_2"):
                # "_2006" is a literal underscore followed by the long year.
                if rest.startswith("_2006"):
                    return layout[: i + 1], _LONG_YEAR, layout[i + 5 :]
                return layout[:i], _UNDER_DAY, layout[i + 2 :]
            if rest.startswith("__2"):
                return layout[:i], _UNDER_YEARDAY, layout[i + 3 :]
        elif c in "345":
            return layout[:i], {"3": _HOUR12, "4": _MINUTE, "5": _SECOND}[c], layout[i + 1 :]
        elif c == "P" and rest.startswith("PM"):
            return layout[:i], _PM, layout[i + 2 :]
        elif c == "p" and rest.startswith("pm"):
            return layout[:i], _LOWER_PM, layout[i + 2 :]
        elif c in "-Z":
            for element in _NUM_TZ if c == "-" else _ISO_TZ:
                if rest.startswith(element):
                    return layout[:i], element, layout[i + len(element) :]
        elif c in ".," and i + 1 < n and layout[i + 1] in "09":
            digit = layout[i + 1]
            j = i + 1
            while j < n and layout[j] == digit:
                j += 1
            # Only a fraction when the run of digits is not followed by another digit.
            if not (j < n and layout[j].isdigit() and layout[j].isascii()):
                return layout[:i], _Frac(c, j - (i + 1), digit == "9"), layout[j:]
    return layout, None, ""


def _pad(value: int, width: int) -> str:
    # Go's appendInt: the sign first, then the magnitude zero-padded to width.
    text = str(abs(value)).rjust(width, "0")
    return "-" + text if value < 0 else text


def format_time(t: GoTime, layout: str) -> str:
    """``t.Format(layout)``."""
    year, month, day, hour, minute, second, yday, abbr, offset = t._civil()
    out: list[str] = []
    while layout:
        prefix, element, layout = _next_chunk(layout)
        out.append(prefix)
        if element is None:
            break
        if isinstance(element, _Frac):
            out.append(_format_frac(t.nsec, element))
        elif element == _YEAR:
            out.append(_pad(abs(year) % 100, 2))
        elif element == _LONG_YEAR:
            out.append(_pad(year, 4))
        elif element == _MONTH:
            out.append(_MONTHS[month - 1][:3])
        elif element == _LONG_MONTH:
            out.append(_MONTHS[month - 1])
        elif element in (_NUM_MONTH, _ZERO_MONTH):
            out.append(_pad(month, 0 if element == _NUM_MONTH else 2))
        elif element in (_WEEKDAY, _LONG_WEEKDAY):
            name = _DAYS[t._weekday()]
            out.append(name[:3] if element == _WEEKDAY else name)
        elif element == _DAY:
            out.append(str(day))
        elif element == _UNDER_DAY:
            out.append(str(day).rjust(2))
        elif element == _ZERO_DAY:
            out.append(_pad(day, 2))
        elif element == _UNDER_YEARDAY:
            out.append(str(yday).rjust(3))
        elif element == _ZERO_YEARDAY:
            out.append(_pad(yday, 3))
        elif element == _HOUR:
            out.append(_pad(hour, 2))
        elif element in (_HOUR12, _ZERO_HOUR12):
            out.append(_pad(hour % 12 or 12, 0 if element == _HOUR12 else 2))
        elif element in (_MINUTE, _ZERO_MINUTE):
            out.append(_pad(minute, 0 if element == _MINUTE else 2))
        elif element in (_SECOND, _ZERO_SECOND):
            out.append(_pad(second, 0 if element == _SECOND else 2))
        elif element in (_PM, _LOWER_PM):
            text = "PM" if hour >= 12 else "AM"
            out.append(text if element == _PM else text.lower())
        elif element in _ISO_TZ or element in _NUM_TZ:
            out.append(_format_offset(element, offset))
        elif element == _TZ:
            if abbr:
                out.append(abbr)
            else:
                # No abbreviation known: Go prints the offset as -0700.
                minutes = abs(offset) // 60
                out.append(("-" if offset < 0 else "+") + _pad(minutes // 60, 2) + _pad(minutes % 60, 2))
    return "".join(out)


def _format_frac(nsec: int, element: _Frac) -> str:
    if element.trim and (element.digits == 0 or nsec == 0):
        return ""
    digits = f"{nsec:09d}"[: min(element.digits, 9)]
    if element.trim:
        digits = digits.rstrip("0")
        if not digits:
            return ""
    return element.sep + digits


def _format_offset(element: str, offset: int) -> str:
    # The Z forms print "Z" for UTC; every form prints sign, hours, then minutes and seconds as the form asks.
    if offset == 0 and element.startswith("Z"):
        return "Z"
    sign = "-" if offset < 0 else "+"
    total = abs(offset)
    minutes = total // 60
    text = sign + _pad(minutes // 60, 2)
    body = element[1:]  # e.g. "07:00:00"
    if ":" in body:
        text += ":"
    if body not in ("07",):
        text += _pad(minutes % 60, 2)
    if body in ("070000", "07:00:00"):
        if ":" in body:
            text += ":"
        text += _pad(total % 60, 2)
    return text


# ------------------------------------------------------------------------------------------------ parsing


class _Bad(Exception):
    """Go's internal errBad: the element could not be parsed."""


def _is_digit(text: str, i: int) -> bool:
    return i < len(text) and "0" <= text[i] <= "9"


def _getnum(text: str, fixed: bool) -> tuple[int, str]:
    if not _is_digit(text, 0):
        raise _Bad
    if not _is_digit(text, 1):
        if fixed:
            raise _Bad
        return int(text[0]), text[1:]
    return int(text[:2]), text[2:]


def _getnum3(text: str, fixed: bool) -> tuple[int, str]:
    i = 0
    while i < 3 and _is_digit(text, i):
        i += 1
    if i == 0 or (fixed and i != 3):
        raise _Bad
    return int(text[:i]), text[i:]


def _leading_int(text: str) -> tuple[int, str]:
    i = 0
    value = 0
    while i < len(text) and "0" <= text[i] <= "9":
        value = value * 10 + ord(text[i]) - 48
        if value > _DURATION_LIMIT:
            raise _Bad  # overflow
        i += 1
    return value, text[i:]


def _atoi(text: str) -> int:
    neg = text[:1] == "-"
    if text[:1] in ("-", "+"):
        text = text[1:]
    value, rest = _leading_int(text)
    if rest:
        raise _Bad
    return -value if neg else value


def _lookup(names: list[str], text: str) -> tuple[int, str]:
    # Case-insensitive on ASCII letters only, like Go's time.match.
    for i, name in enumerate(names):
        head = text[: len(name)]
        if len(head) == len(name) and (head == name or (head.isascii() and head.lower() == name.lower())):
            return i, text[len(name) :]
    raise _Bad


def _skip(value: str, prefix: str) -> str:
    while prefix:
        if prefix[0] == " ":
            if value and value[0] != " ":
                raise _Bad(value)
            prefix = prefix.lstrip(" ")
            value = value.lstrip(" ")
            continue
        if not value or value[0] != prefix[0]:
            raise _Bad(value)
        prefix, value = prefix[1:], value[1:]
    return value


def _parse_nanos(value: str, nbytes: int) -> tuple[int, str]:
    """(nanoseconds, range error text) from ``value[:nbytes]``, which starts with the separator."""
    if value[0] not in ".,":
        raise _Bad
    if nbytes > 10:
        value, nbytes = value[:10], 10
    nanos = _atoi(value[1:nbytes])
    if nanos < 0:
        return 0, "fractional second"
    return nanos * 10 ** (10 - nbytes), ""


def _signed_offset_len(value: str) -> int:
    if value[:1] not in ("-", "+"):
        return 0
    try:
        hours, rest = _leading_int(value[1:])
    except _Bad:
        return 0
    if rest == value[1:] or hours > 12:
        return 0
    return len(value) - len(rest)


def _zone_name_len(value: str) -> int:
    """Go's ``parseTimeZone``: how long the zone abbreviation at the start of ``value`` is (0: none)."""
    if len(value) < 3:
        return 0
    if value[:4] in ("ChST", "MeST"):
        return 4
    if value.startswith("GMT"):
        return 3 + (_signed_offset_len(value[3:]) if len(value) > 3 else 0)
    if value[0] in "+-":
        return _signed_offset_len(value)
    upper = 0
    while upper < 6 and upper < len(value) and "A" <= value[upper] <= "Z":
        upper += 1
    if upper == 3:
        return 3
    if upper == 4 and (value[3] == "T" or value[:4] == "WITA"):
        return 4
    if upper == 5 and value[4] == "T":
        return 5
    return 0


def _parse_error(layout: str, value: str, layout_elem: str, value_elem: str, message: str = "") -> GoTimeError:
    if message:
        return GoTimeError(f"parsing time {time_quote(value)}{message}")
    return GoTimeError(
        f"parsing time {time_quote(value)} as {time_quote(layout)}: cannot parse {time_quote(value_elem)} as "
        f"{time_quote(layout_elem)}"
    )


def parse_time(layout: str, value: str, loc: Location | None = None) -> GoTime:
    """``time.ParseInLocation(layout, value, loc)`` (``loc`` defaults to Local); raises GoTimeError."""
    local = loc if loc is not None else local_location()
    original_layout, original_value = layout, value
    year, month, day, yday = 0, -1, -1, -1
    hour = minute = sec = nsec = 0
    zone: Location | None = None
    zone_offset: int | None = None
    zone_name = ""
    am = pm = False

    while True:
        prefix, element, suffix = _next_chunk(layout)
        element_text = layout[len(prefix) : len(layout) - len(suffix)]
        try:
            value = _skip(value, prefix)
        except _Bad as bad:
            raise _parse_error(original_layout, original_value, prefix, bad.args[0]) from None
        if element is None:
            if value:
                raise _parse_error(original_layout, original_value, "", value, ": extra text: " + time_quote(value))
            break
        layout = suffix
        hold = value
        range_error = ""
        try:
            if isinstance(element, _Frac):
                if not element.trim:
                    ndigit = 1 + element.digits
                    if len(value) < ndigit:
                        raise _Bad
                    nsec, range_error = _parse_nanos(value, ndigit)
                    value = value[ndigit:]
                elif len(value) >= 2 and value[0] in ".," and _is_digit(value, 1):
                    # Any number of digits, even more than the layout shows.
                    i = 1
                    while _is_digit(value, i + 1):
                        i += 1
                    nsec, range_error = _parse_nanos(value, 1 + i)
                    value = value[1 + i :]
            elif element == _YEAR:
                if len(value) < 2:
                    raise _Bad
                year, value = _atoi(value[:2]), value[2:]
                year += 1900 if year >= 69 else 2000
            elif element == _LONG_YEAR:
                if len(value) < 4 or not _is_digit(value, 0):
                    raise _Bad
                year, value = _atoi(value[:4]), value[4:]
            elif element in (_MONTH, _LONG_MONTH):
                names = _MONTHS if element == _LONG_MONTH else [m[:3] for m in _MONTHS]
                index, value = _lookup(names, value)
                month = index + 1
            elif element in (_NUM_MONTH, _ZERO_MONTH):
                month, value = _getnum(value, element == _ZERO_MONTH)
                if not 1 <= month <= 12:
                    range_error = "month"
            elif element in (_WEEKDAY, _LONG_WEEKDAY):
                # The weekday is checked for form only, never against the date.
                _, value = _lookup(_DAYS if element == _LONG_WEEKDAY else [d[:3] for d in _DAYS], value)
            elif element in (_DAY, _UNDER_DAY, _ZERO_DAY):
                if element == _UNDER_DAY and value[:1] == " ":
                    value = value[1:]
                day, value = _getnum(value, element == _ZERO_DAY)
            elif element in (_UNDER_YEARDAY, _ZERO_YEARDAY):
                for _ in range(2):
                    if element == _UNDER_YEARDAY and value[:1] == " ":
                        value = value[1:]
                yday, value = _getnum3(value, element == _ZERO_YEARDAY)
            elif element == _HOUR:
                hour, value = _getnum(value, False)
                if not 0 <= hour < 24:
                    range_error = "hour"
            elif element in (_HOUR12, _ZERO_HOUR12):
                hour, value = _getnum(value, element == _ZERO_HOUR12)
                if not 0 <= hour <= 12:
                    range_error = "hour"
            elif element in (_MINUTE, _ZERO_MINUTE):
                minute, value = _getnum(value, element == _ZERO_MINUTE)
                if not 0 <= minute < 60:
                    range_error = "minute"
            elif element in (_SECOND, _ZERO_SECOND):
                sec, value = _getnum(value, element == _ZERO_SECOND)
                if not 0 <= sec < 60:
                    range_error = "second"
                elif len(value) >= 2 and value[0] in ".," and _is_digit(value, 1):
                    # A fraction in the input but none in the layout is accepted here.
                    following = _next_chunk(layout)[1]
                    if not isinstance(following, _Frac):
                        n = 2
                        while _is_digit(value, n):
                            n += 1
                        nsec, range_error = _parse_nanos(value, n)
                        value = value[n:]
            elif element in (_PM, _LOWER_PM):
                if len(value) < 2:
                    raise _Bad
                head, value = value[:2], value[2:]
                marks = ("PM", "AM") if element == _PM else ("pm", "am")
                if head == marks[0]:
                    pm = True
                elif head == marks[1]:
                    am = True
                else:
                    raise _Bad
            elif element in _ISO_TZ and value[:1] == "Z":
                value = value[1:]
                zone = UTC
            elif element in _ISO_TZ or element in _NUM_TZ:
                zone_offset, value, range_error = _parse_offset(element[1:], value)
            elif element == _TZ:
                if value.startswith("UTC"):
                    zone, value = UTC, value[3:]
                else:
                    length = _zone_name_len(value)
                    if not length:
                        raise _Bad
                    zone_name, value = value[:length], value[length:]
        except _Bad:
            if range_error:
                raise _parse_error(
                    original_layout, original_value, element_text, value, f": {range_error} out of range"
                ) from None
            raise _parse_error(original_layout, original_value, element_text, hold) from None
        if range_error:
            raise _parse_error(original_layout, original_value, element_text, value, f": {range_error} out of range")

    if pm and hour < 12:
        hour += 12
    elif am and hour == 12:
        hour = 0

    def fail(message: str) -> GoTimeError:
        return _parse_error(original_layout, original_value, "", value, message)

    if yday >= 0:
        m = d = 0
        if _is_leap(year):
            if yday == 31 + 29:
                m, d = 2, 29
            elif yday > 31 + 29:
                yday -= 1
        if yday < 1 or yday > 365:
            raise fail(": day-of-year out of range")
        if m == 0:
            m = (yday - 1) // 31 + 1
            if _DAYS_BEFORE[m] < yday:
                m += 1
            d = yday - _DAYS_BEFORE[m - 1]
        if month >= 0 and month != m:
            raise fail(": day-of-year does not match month")
        month = m
        if day >= 0 and day != d:
            raise fail(": day-of-year does not match day")
        day = d
    else:
        month = 1 if month < 0 else month
        day = 1 if day < 0 else day
    if day < 1 or day > _days_in(month, year):
        raise fail(": day out of range")

    if zone is not None:
        return make_time(year, month, day, hour, minute, sec, nsec, zone)
    if zone_offset is not None:
        t = make_time(year, month, day, hour, minute, sec, nsec, UTC)
        t = GoTime(t.sec - zone_offset, t.nsec, UTC)
        # The local zone is used when it had this offset (and name, if one was given) at that instant.
        name, offset = local.lookup(t.sec)
        if offset == zone_offset and (not zone_name or name == zone_name):
            return GoTime(t.sec, t.nsec, local)
        return GoTime(t.sec, t.nsec, fixed_zone(zone_name, zone_offset))
    if zone_name:
        t = make_time(year, month, day, hour, minute, sec, nsec, UTC)
        found = local.lookup_name(zone_name, t.sec)
        if found is not None:
            return GoTime(t.sec - found, t.nsec, local)
        # An unknown abbreviation gets a made-up zone at the same wall clock; only GMT+N carries an offset.
        offset = 0
        if len(zone_name) > 3 and zone_name.startswith("GMT"):
            offset = _atoi(zone_name[3:]) * 3600
        return GoTime(t.sec, t.nsec, fixed_zone(zone_name, offset))
    return make_time(year, month, day, hour, minute, sec, nsec, local)


def _parse_offset(form: str, value: str) -> tuple[int, str, str]:
    """A numeric zone offset in ``form`` (``0700``, ``07:00``, ``07``, ``070000``, ``07:00:00``)."""
    if form == "07:00":
        if len(value) < 6 or value[3] != ":":
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[4:6], "00", value[6:]
    elif form == "07":
        if len(value) < 3:
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], "00", "00", value[3:]
    elif form == "07:00:00":
        if len(value) < 9 or value[3] != ":" or value[6] != ":":
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[4:6], value[7:9], value[9:]
    elif form == "070000":
        if len(value) < 7:
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[3:5], value[5:7], value[7:]
    else:
        if len(value) < 5:
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[3:5], "00", value[5:]
    hours, minutes, seconds = _getnum(hh, True)[0], _getnum(mm, True)[0], _getnum(ss, True)[0]
    # Go compares with > rather than >=: offsets of 24 hours or 60 minutes are accepted.
    range_error = ""
    if hours > 24:
        range_error = "time zone offset hour"
    if minutes > 60:
        range_error = "time zone offset minute"
    if seconds > 60:
        range_error = "time zone offset second"
    offset = (hours * 60 + minutes) * 60 + seconds
    if sign == "-":
        offset = -offset
    elif sign != "+":
        raise _Bad
    return offset, value, range_error


# ------------------------------------------------------------------------------------------------ durations

_UNITS = {
    "ns": 1,
    "us": 1000,
    "µs": 1000,  # U+00B5 micro sign
    "μs": 1000,  # U+03BC Greek mu
    "ms": 1_000_000,
    "s": SECOND,
    "m": 60 * SECOND,
    "h": 3600 * SECOND,
}


def format_duration(nanos: int) -> str:
    """``time.Duration(nanos).String()``: ``1h1m1s``, ``1.5s``, ``2ms``, ``0s``."""
    neg = nanos < 0
    u = abs(nanos)
    if u < SECOND:
        if u == 0:
            return "0s"
        if u < 1000:
            text = f"{u}ns"
        elif u < 1_000_000:
            text = _frac(u, 3) + "µs"
        else:
            text = _frac(u, 6) + "ms"
    else:
        seconds, rest = divmod(u, SECOND)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        text = _frac(seconds * SECOND + rest, 9) + "s"
        if minutes or hours:
            text = f"{minutes}m" + text
        if hours:
            text = f"{hours}h" + text
    return "-" + text if neg else text


def _frac(value: int, prec: int) -> str:
    whole, frac = divmod(value, 10**prec)
    digits = f"{frac:0{prec}d}".rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


def parse_duration(text: str) -> int:
    """``time.ParseDuration``: nanoseconds; raises GoTimeError with Go's message."""
    data = text.encode("utf-8", "surrogateescape")
    invalid = GoTimeError("time: invalid duration " + time_quote(text))
    neg = False
    if data[:1] in (b"-", b"+"):
        neg, data = data[:1] == b"-", data[1:]
    if data == b"0":
        return 0
    if not data:
        raise invalid
    total = 0
    while data:
        if not (data[:1] == b"." or b"0" <= data[:1] <= b"9"):
            raise invalid
        i = 0
        whole = 0
        while i < len(data) and 48 <= data[i] <= 57:
            if whole > _DURATION_LIMIT // 10:
                raise invalid
            whole = whole * 10 + data[i] - 48
            if whole > _DURATION_LIMIT:
                raise invalid
            i += 1
        pre = i > 0
        data = data[i:]
        frac, scale, post = 0, 1.0, False
        if data[:1] == b".":
            data = data[1:]
            i = 0
            overflow = False
            while i < len(data) and 48 <= data[i] <= 57:
                if not overflow:
                    if frac > INT64_MAX // 10:
                        overflow = True
                    else:
                        frac = frac * 10 + data[i] - 48
                        scale *= 10
                i += 1
            post = i > 0
            data = data[i:]
        if not pre and not post:
            raise invalid
        i = 0
        while i < len(data) and not (data[i] == 46 or 48 <= data[i] <= 57):
            i += 1
        if i == 0:
            raise GoTimeError("time: missing unit in duration " + time_quote(text))
        unit_text = data[:i].decode("utf-8", "surrogateescape")
        data = data[i:]
        unit = _UNITS.get(unit_text)
        if unit is None:
            raise GoTimeError(f"time: unknown unit {time_quote(unit_text)} in duration {time_quote(text)}")
        if whole > _DURATION_LIMIT // unit:
            raise invalid
        whole *= unit
        if frac > 0:
            # Go computes the fractional part in float64 and truncates.
            whole += int(float(frac) * (float(unit) / scale))
            if whole > _DURATION_LIMIT:
                raise invalid
        total += whole
        if total > _DURATION_LIMIT:
            raise invalid
    if neg:
        return -total
    if total > INT64_MAX:
        raise invalid
    return total


def round_duration(nanos: int, multiple: int) -> int:
    """``Duration.Round``: to the nearest multiple, halves away from zero, saturating at the int64 bounds."""
    if multiple <= 0:
        return nanos
    r = abs(nanos) % multiple
    if nanos < 0:
        if r + r < multiple:
            return nanos + r
        rounded = nanos - multiple + r
        return rounded if rounded >= INT64_MIN else INT64_MIN
    if r + r < multiple:
        return nanos - r
    rounded = nanos + multiple - r
    return rounded if rounded <= INT64_MAX else INT64_MAX
