"""Sprig's ``semver`` and ``semverCompare``: Masterminds/semver v3 versions and constraints.

Helm parses versions in the library's default "coerce" mode: a loose pattern (``v`` prefix, optional minor and
patch, leading zeros in the numeric parts allowed) followed by checks on the pre-release and metadata parts.
Constraints are matched with regular expressions and then evaluated per comparison operator; the rules for
wildcards ("dirty" constraints such as ``1.x`` or ``>1.2``) and pre-releases are reproduced operator by operator,
because they are not those of a plain ordering (``>=1.20`` refuses ``1.20.1-rc.1``, ``^*`` refuses ``1.0.0``).

Go's regexp and Python's ``re`` both pick the leftmost-first alternative, so the library's patterns (including the
empty alternative in its operator list) behave the same here; only ``\\s`` and ``\\d`` are spelled out, since
Python's match non-ASCII characters too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gomembers import NIL_ERROR, GoError, go_members, go_method
from chartgen.gotemplate.gotypes import go_signature
from chartgen.helm.gojson import unmarshal_string
from chartgen.helmcompat.profile import HelmProfile
from chartgen.records import field, fields, record, replace

__all__ = ["FUNCS", "SemverError", "Uint64", "Version", "constraint_matches", "funcs_for", "parse_version"]


class SemverError(FuncError):
    """A version or constraint the library rejects; ``str()`` is its error text as Helm 3 (semver v3.3.0) has it.

    Helm 4 links semver v3.4.0, which spells the same errors in lower case: :meth:`for_helm` converts.
    """

    def for_helm(self, v3_4: bool) -> SemverError:
        if not v3_4:
            return self
        text = str(self)
        for old, new in _HELM4_TEXTS:
            if text.startswith(old):
                return SemverError(new + text[len(old) :])
        return self


# Messages semver v3.4.0 (Helm 4) rewrote in lower case; "improper constraint: ..." was already lower case.
_HELM4_TEXTS = (
    ("Invalid Semantic Version", "invalid semantic version"),
    ("Version segment starts with 0", "version segment starts with 0"),
    ("Error parsing version segment", "error parsing version segment"),
    ("constraint Parser Error", "constraint parser error"),
    ("Invalid Prerelease string", "invalid prerelease string"),
    ("Invalid Metadata string", "invalid metadata string"),
)


class Uint64(int):
    """A Go ``uint64``: what ``.Major``, ``.Minor`` and ``.Patch`` return."""

    __slots__ = ()
    go_type = "uint64"
    go_kind = "uint64"


_SPACE = r"[\t\n\f\r ]"  # Go's \s (ASCII only, no \v)

# The loose version pattern used by NewVersion in coerce mode (the default Helm runs with).
_LOOSE_VERSION = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_ALLOWED = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")
_DIGITS = frozenset("0123456789")

INVALID_SEMVER = "Invalid Semantic Version"


def _parse_uint(text: str) -> Uint64:
    try:
        return Uint64(gostrconv.parse_uint(text, 10))
    except gostrconv.NumError as exc:
        raise SemverError(f"Error parsing version segment: {exc}") from None


def _is_uint(text: str) -> bool:
    """Whether ``strconv.ParseUint(text, 10, 64)`` succeeds: what makes a pre-release identifier numeric."""
    try:
        gostrconv.parse_uint(text, 10)
    except gostrconv.NumError:
        return False
    return True


@go_members(unexported=["major", "minor", "patch", "pre", "metadata", "original"])
@record(frozen=True, eq=False)
class Version:
    """A ``*semver.Version``; templates call ``.Major``, ``.Prerelease``, ``.Compare`` etc. as methods.

    The library's methods returning a new version (``IncPatch``, ``SetPrerelease``...) return a
    ``semver.Version`` value, :class:`VersionValue`, whose method set lacks the pointer methods (``Original``,
    the comparisons). ``Scan`` and ``UnmarshalText`` overwrite the version in place, as Go's do through the
    pointer. ``v3_4`` picks the library release's error texts (Helm 4 links v3.4.0, which lower-cases them).
    """

    major: int
    minor: int
    patch: int
    pre: str = ""
    metadata: str = ""
    original: str = ""
    v3_4: bool = field(default=False, compare=False)

    go_type = "*semver.Version"
    go_kind = "ptr"

    def _error(self, text: str) -> SemverError:
        return SemverError(text).for_helm(self.v3_4)

    def _next(self, **changes: Any) -> VersionValue:
        """A modified copy as a ``semver.Version`` value, with ``original`` rebuilt as the library does."""
        base = VersionValue(*(getattr(self, f.name) for f in fields(self)))
        changed = replace(base, **changes)
        prefix = "v" if self.original[:1] == "v" else ""
        return replace(changed, original=prefix + changed.String())

    # -- value methods

    @go_method(results=("uint64",))
    def Major(self) -> Uint64:  # noqa: N802 - Go method name
        return Uint64(self.major)

    @go_method(results=("uint64",))
    def Minor(self) -> Uint64:  # noqa: N802
        return Uint64(self.minor)

    @go_method(results=("uint64",))
    def Patch(self) -> Uint64:  # noqa: N802
        return Uint64(self.patch)

    @go_method(results=("string",))
    def Prerelease(self) -> str:  # noqa: N802
        return self.pre

    @go_method(results=("string",))
    def Metadata(self) -> str:  # noqa: N802
        return self.metadata

    @go_method(results=("string",))
    def String(self) -> str:  # noqa: N802
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            text += "-" + self.pre
        if self.metadata:
            text += "+" + self.metadata
        return text

    @go_method(results=("semver.Version",))
    def IncPatch(self) -> VersionValue:  # noqa: N802
        # A pre-release increments to its release; metadata is dropped either way.
        patch = self.patch if self.pre else (self.patch + 1) & gostrconv.UINT64_MAX
        return self._next(patch=patch, pre="", metadata="")

    @go_method(results=("semver.Version",))
    def IncMinor(self) -> VersionValue:  # noqa: N802
        return self._next(minor=(self.minor + 1) & gostrconv.UINT64_MAX, patch=0, pre="", metadata="")

    @go_method(results=("semver.Version",))
    def IncMajor(self) -> VersionValue:  # noqa: N802
        return self._next(major=(self.major + 1) & gostrconv.UINT64_MAX, minor=0, patch=0, pre="", metadata="")

    @go_method("string", results=("semver.Version", "error"))
    def SetPrerelease(self, prerelease: str) -> VersionValue:  # noqa: N802
        for part in prerelease.split(".") if prerelease else []:
            if set(part) <= _DIGITS:
                if part == "" and self.v3_4:
                    raise self._error("Invalid Prerelease string")
                if len(part) > 1 and part[0] == "0":
                    raise self._error("Version segment starts with 0")
            elif not set(part) <= _ALLOWED:
                raise self._error("Invalid Prerelease string")
        return self._next(pre=prerelease)

    @go_method("string", results=("semver.Version", "error"))
    def SetMetadata(self, metadata: str) -> VersionValue:  # noqa: N802
        for part in metadata.split(".") if metadata else []:
            if not set(part) <= _ALLOWED or (part == "" and self.v3_4):
                raise self._error("Invalid Metadata string")
        return self._next(metadata=metadata)

    @go_method(results=("[]uint8", "error"))
    def MarshalJSON(self) -> bytes:  # noqa: N802
        from chartgen.helm.gojson import json_string  # imported lazily so loading stays light

        return json_string(self.String()).encode("utf-8", "surrogateescape")

    @go_method(results=("[]uint8", "error"))
    def MarshalText(self) -> bytes:  # noqa: N802
        return self.String().encode("utf-8", "surrogateescape")

    @go_method(results=("driver.Value", "error"))
    def Value(self) -> str:  # noqa: N802
        return self.String()

    # -- pointer methods

    @go_method(results=("string",), pointer=True)
    def Original(self) -> str:  # noqa: N802
        return self.original

    @go_method("*semver.Version", results=("int",), pointer=True)
    def Compare(self, other: Version | None) -> int:  # noqa: N802
        if other is None:
            raise FuncError("runtime error: invalid memory address or nil pointer dereference")
        return compare(self, other)

    @go_method("*semver.Version", results=("bool",), pointer=True)
    def LessThan(self, other: Version) -> bool:  # noqa: N802
        return self.Compare(other) < 0

    @go_method("*semver.Version", results=("bool",), pointer=True)
    def LessThanEqual(self, other: Version) -> bool:  # noqa: N802
        return self.Compare(other) <= 0

    @go_method("*semver.Version", results=("bool",), pointer=True)
    def GreaterThan(self, other: Version) -> bool:  # noqa: N802
        return self.Compare(other) > 0

    @go_method("*semver.Version", results=("bool",), pointer=True)
    def GreaterThanEqual(self, other: Version) -> bool:  # noqa: N802
        return self.Compare(other) >= 0

    @go_method("*semver.Version", results=("bool",), pointer=True)
    def Equal(self, other: Version) -> bool:  # noqa: N802
        return self.Compare(other) == 0

    @go_method("interface {}", results=("error",), pointer=True)
    def Scan(self, value: Any) -> Any:  # noqa: N802
        return self._overwrite(value if isinstance(value, str) else "")

    @go_method("[]uint8", results=("error",), pointer=True)
    def UnmarshalText(self, data: bytes | None) -> Any:  # noqa: N802
        return self._overwrite(bytes(data or b"").decode("utf-8", "surrogateescape"))

    @go_method("[]uint8", results=("error",), pointer=True)
    def UnmarshalJSON(self, data: bytes | None) -> Any:  # noqa: N802
        text, error = unmarshal_string(bytes(data or b""))
        return GoError(str(error)) if error is not None else self._overwrite(text)

    def _overwrite(self, text: str) -> Any:
        """``*v = *NewVersion(text)``: the parsed version replaces this one, or the error is the result."""
        try:
            parsed = parse_version(text)
        except SemverError as exc:
            return GoError(str(exc.for_helm(self.v3_4)))
        for f in fields(parsed):
            if f.name != "v3_4":
                object.__setattr__(self, f.name, getattr(parsed, f.name))
        return NIL_ERROR

    def go_json(self) -> str:
        # The library's MarshalJSON writes the String() form.
        return self.String()

    def __str__(self) -> str:
        return self.String()


@go_members()
@record(frozen=True, eq=True)
class VersionValue(Version):
    """A ``semver.Version`` value (what ``IncPatch`` and the setters return): no pointer methods, and ``eq``
    compares it field by field, where a ``*semver.Version`` is equal only to itself."""

    go_type = "semver.Version"
    go_kind = "struct"


def parse_version(text: str, v3_4: bool = False) -> Version:
    """Masterminds ``NewVersion`` in coerce mode: ``1.2`` → 1.2.0, ``v1`` → 1.0.0, ``01.2.3`` → 1.2.3."""
    m = _LOOSE_VERSION.fullmatch(text)
    if m is None:
        raise SemverError(INVALID_SEMVER)
    major = _parse_uint(m.group(1))
    minor = _parse_uint(m.group(2)[1:]) if m.group(2) else Uint64(0)
    patch = _parse_uint(m.group(3)[1:]) if m.group(3) else Uint64(0)
    pre = m.group(5) or ""
    metadata = m.group(8) or ""
    if pre:
        for part in pre.split("."):
            # The pattern already guarantees non-empty parts of allowed characters; only leading zeros remain.
            if set(part) <= _DIGITS and len(part) > 1 and part[0] == "0":
                raise SemverError("Version segment starts with 0")
    return Version(major, minor, patch, pre, metadata, text, v3_4)


def _compare_pre_part(s: str, o: str) -> int:
    if s == o:
        return 0
    if s == "":
        return -1
    if o == "":
        return 1
    s_num = _is_uint(s)
    o_num = _is_uint(o)
    if not s_num and not o_num:
        return 1 if s > o else -1
    if not o_num:
        return -1  # numeric identifiers sort before alphanumeric ones
    if not s_num:
        return 1
    return 1 if int(s) > int(o) else -1


def _compare_prerelease(v: str, o: str) -> int:
    sparts, oparts = v.split("."), o.split(".")
    for i in range(max(len(sparts), len(oparts))):
        d = _compare_pre_part(sparts[i] if i < len(sparts) else "", oparts[i] if i < len(oparts) else "")
        if d:
            return d
    return 0


def compare(v: Version, o: Version) -> int:
    """``Version.Compare``: -1, 0 or 1; metadata is ignored, a release sorts after its pre-releases."""
    for a, b in ((v.major, o.major), (v.minor, o.minor), (v.patch, o.patch)):
        if a != b:
            return 1 if a > b else -1
    if not v.pre and not o.pre:
        return 0
    if not v.pre:
        return 1
    if not o.pre:
        return -1
    return _compare_prerelease(v.pre, o.pre)


# ------------------------------------------------------------------------------------------------ constraints

_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_S = _SPACE


class _ConstraintPatterns:
    """Go semver's constraint patterns, compiled on first use: they cost milliseconds that a render without a
    constraint (most of them) would pay at start-up."""

    @functools.cached_property
    def constraint(self) -> re.Pattern[str]:
        return re.compile(rf"{_S}*({_OPS}){_S}*({_CV}){_S}*")

    @functools.cached_property
    def range(self) -> re.Pattern[str]:
        return re.compile(rf"{_S}*({_CV}){_S}+-{_S}+({_CV}){_S}*")

    @functools.cached_property
    def find(self) -> re.Pattern[str]:
        return re.compile(rf"({_OPS}){_S}*({_CV})")

    @functools.cached_property
    def valid(self) -> re.Pattern[str]:
        return re.compile(rf"({_S}*({_OPS}){_S}*({_CV}){_S}*)((?:{_S}+|,{_S}*)({_OPS}){_S}*({_CV}){_S}*)*")


_PATTERNS = _ConstraintPatterns()


@record(frozen=True)
class _Constraint:
    op: str
    con: Version
    orig: str
    dirty: bool
    minor_dirty: bool
    patch_dirty: bool


def _is_x(part: str) -> bool:
    return part in ("x", "X", "*")


def _parse_constraint(text: str) -> _Constraint:
    m = _PATTERNS.constraint.fullmatch(text)
    if m is None:
        raise SemverError(f"improper constraint: {text}")
    op, orig = m.group(1), m.group(2)
    major, minor, patch, pre = m.group(3), m.group(4) or "", m.group(5) or "", m.group(6) or ""
    dirty = minor_dirty = patch_dirty = False
    ver = orig
    # A wildcard or missing part makes the constraint "dirty": the parts after it are zero and ignored.
    if _is_x(major):
        ver, dirty = "0.0.0" + pre, True
    elif _is_x(minor[1:]) or minor == "":
        ver, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif _is_x(patch[1:]) or patch == "":
        ver, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    try:
        con = parse_version(ver)
    except SemverError:
        raise SemverError("constraint Parser Error") from None
    return _Constraint(op, con, orig, dirty, minor_dirty, patch_dirty)


def _rewrite_ranges(text: str) -> str:
    # "1.2 - 1.4" becomes ">= 1.2, <= 1.4 " (each match replaced once, left to right, as the library does).
    out = text
    for m in _PATTERNS.range.finditer(text):
        out = out.replace(m.group(0), f">= {m.group(1)}, <= {m.group(11)} ", 1)
    return out


def parse_constraints(text: str) -> list[list[_Constraint]]:
    """``NewConstraint``: OR groups (``||``) of AND-ed comparisons; raises SemverError with the library's text."""
    groups = []
    for part in _rewrite_ranges(text).split("||"):
        if _PATTERNS.valid.fullmatch(part) is None:
            raise SemverError(f"improper constraint: {part}")
        found = [m.group(0) for m in _PATTERNS.find.finditer(part)] or [part]
        groups.append([_parse_constraint(c) for c in found])
    return groups


def _pre_blocked(v: Version, c: _Constraint) -> bool:
    # A pre-release version only satisfies constraints that themselves name a pre-release.
    return bool(v.pre) and not c.con.pre


def _check_not_equal(v: Version, c: _Constraint) -> bool:
    if c.dirty:
        if _pre_blocked(v, c):
            return False
        if c.con.major != v.major:
            return True
        if c.con.minor != v.minor and not c.minor_dirty:
            return True
        if c.minor_dirty:
            return False
        if c.con.patch != v.patch and not c.patch_dirty:
            return True
        if c.patch_dirty:
            if v.pre or c.con.pre:
                return _compare_prerelease(v.pre, c.con.pre) != 0
            return False
    return compare(v, c.con) != 0


def _check_greater(v: Version, c: _Constraint) -> bool:
    if _pre_blocked(v, c):
        return False
    if not c.dirty:
        return compare(v, c.con) == 1
    if v.major != c.con.major:
        return v.major > c.con.major
    if c.minor_dirty:
        return False  # >11 needs 12 or higher
    if c.patch_dirty:
        return v.minor > c.con.minor
    return compare(v, c.con) == 1


def _check_less(v: Version, c: _Constraint) -> bool:
    return not _pre_blocked(v, c) and compare(v, c.con) < 0


def _check_greater_equal(v: Version, c: _Constraint) -> bool:
    return not _pre_blocked(v, c) and compare(v, c.con) >= 0


def _check_less_equal(v: Version, c: _Constraint) -> bool:
    if _pre_blocked(v, c):
        return False
    if not c.dirty:
        return compare(v, c.con) <= 0
    if v.major > c.con.major:
        return False
    return not (v.major == c.con.major and v.minor > c.con.minor and not c.minor_dirty)


def _check_tilde(v: Version, c: _Constraint) -> bool:
    if _pre_blocked(v, c) or compare(v, c.con) < 0:
        return False
    if c.con.major == 0 and c.con.minor == 0 and c.con.patch == 0 and not c.minor_dirty and not c.patch_dirty:
        return True  # ~0.0.0 and ~* accept everything
    if v.major != c.con.major:
        return False
    return not (v.minor != c.con.minor and not c.minor_dirty)


def _check_tilde_or_equal(v: Version, c: _Constraint) -> bool:
    if _pre_blocked(v, c):
        return False
    if c.dirty:
        return _check_tilde(v, c)
    return compare(v, c.con) == 0


def _check_caret(v: Version, c: _Constraint) -> bool:
    if _pre_blocked(v, c) or compare(v, c.con) < 0:
        return False
    if c.con.major > 0 or c.minor_dirty:
        return v.major == c.con.major
    if v.major > 0:
        return False  # also why ^* (= ^0.0.0, not minor-dirty) refuses 1.0.0
    if c.con.minor > 0 or c.patch_dirty:
        return v.minor == c.con.minor
    if v.minor > 0:
        return False
    return c.con.patch == v.patch


_CHECKS: dict[str, Callable[[Version, _Constraint], bool]] = {
    "": _check_tilde_or_equal,
    "=": _check_tilde_or_equal,
    "!=": _check_not_equal,
    ">": _check_greater,
    "<": _check_less,
    ">=": _check_greater_equal,
    "=>": _check_greater_equal,
    "<=": _check_less_equal,
    "=<": _check_less_equal,
    "~": _check_tilde,
    "~>": _check_tilde,
    "^": _check_caret,
}


def check(groups: list[list[_Constraint]], version: Version, *, v3_4: bool = False) -> bool:
    """``Constraints.Check``: true when every comparison of some OR group accepts the version.

    semver v3.4.0 (Helm 4) applies the pre-release rule to every operator; v3.3.0 (Helm 3) skips it for a
    plain ``!=``, so ``!=1.2.3`` accepts ``1.2.3-beta`` only in Helm 3.
    """

    def accepts(c: _Constraint) -> bool:
        if v3_4 and _pre_blocked(version, c):
            return False
        return _CHECKS[c.op](version, c)

    return any(all(accepts(c) for c in group) for group in groups)


def constraint_matches(constraint: str, version: str | Version, *, v3_4: bool = False) -> bool:
    """Whether ``version`` satisfies ``constraint`` (Helm's Chart.yaml ``kubeVersion`` check uses the same rules).

    Raises SemverError with the library's message (as the given Helm major version words it) for a bad
    constraint or version; the constraint is parsed first.
    """
    try:
        groups = parse_constraints(constraint)
        parsed = version if isinstance(version, Version) else parse_version(version)
    except SemverError as exc:
        raise exc.for_helm(v3_4) from None
    return check(groups, parsed, v3_4=v3_4)


# ------------------------------------------------------------------------------------------------ functions


def funcs_for(profile: HelmProfile) -> dict[str, Callable[..., Any]]:
    """``semver`` and ``semverCompare`` as the given Helm's semver release behaves (see :func:`check`)."""
    return _funcs(profile.semver_3_4)


def _funcs(v3_4: bool) -> dict[str, Callable[..., Any]]:

    @go_signature("string")
    def semver(version: str) -> Version:
        try:
            return parse_version(version, v3_4)
        except SemverError as exc:
            raise exc.for_helm(v3_4) from None

    @go_signature("string", "string")
    def semver_compare(constraint: str, version: str) -> bool:
        return constraint_matches(constraint, version, v3_4=v3_4)

    return {"semver": semver, "semverCompare": semver_compare}


# Helm 3's functions; use funcs_for(HELM_4) for Helm 4.
FUNCS: dict[str, Callable[..., Any]] = _funcs(False)
