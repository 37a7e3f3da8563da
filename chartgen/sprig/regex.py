"""Sprig's regular-expression functions, on Go's regexp as :mod:`chartgen.goregexp` reproduces it (RE2 underneath).

The non-``must`` functions call ``regexp.MustCompile``, so an invalid pattern panics with ``regexp: Compile(...)``;
``regexMatch`` ignores the error and does not match. Which ``\\p{...}`` names exist depends on the Go each Helm is
built with, hence :func:`funcs_for`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import StringList, go_signature
from chartgen.helmcompat.profile import HELM_3, HelmProfile

if TYPE_CHECKING:
    from chartgen.goregexp import Regexp

# chartgen.goregexp (with RE2) is imported by the first call of a regex function, not with the function map:
# it costs ~12 ms of start-up that most renders never use.

__all__ = ["FUNCS", "NilStringList", "funcs_for"]


class NilStringList(StringList):
    """A nil ``[]string``: what ``FindAllString`` returns without a match and ``Split`` with n == 0. It prints
    ``[]`` but marshals as ``null``."""

    go_nil = True


def funcs_for(profile: HelmProfile) -> dict[str, Callable[..., Any]]:
    """The regex functions as the given Helm behaves (its Go decides the ``\\p`` names)."""
    go_version = profile.go_version

    def must_compile(pattern: str) -> Regexp:
        """``regexp.MustCompile``: its panic text quotes the pattern (backquoted when it can be)."""
        from chartgen.goregexp import RegexpSyntaxError, compile_regexp

        try:
            return compile_regexp(pattern, go_version)
        except RegexpSyntaxError as exc:
            quoted = f"`{pattern}`" if gostrconv.can_backquote(pattern) else gostrconv.quote(pattern)
            raise FuncError(f"regexp: Compile({quoted}): {exc}") from None

    def compile_or_fail(pattern: str) -> Regexp:
        """``regexp.Compile``: the error is returned as it is."""
        from chartgen.goregexp import RegexpSyntaxError, compile_regexp

        try:
            return compile_regexp(pattern, go_version)
        except RegexpSyntaxError as exc:
            raise FuncError(str(exc)) from None

    def find_all(regexp: Regexp, text: str, limit: int) -> StringList:
        found = regexp.find_all(text, limit)
        return StringList(m.group() for m in found) if found else NilStringList()

    def split(regexp: Regexp, text: str, limit: int) -> StringList:
        return StringList(regexp.split(text, limit)) if limit != 0 else NilStringList()

    def replace(regexp: Regexp, text: str, template: str) -> str:
        return regexp.replace_all(text, lambda m: regexp.expand(template, m))

    @go_signature("string", "string")
    def regex_match(pattern: str, text: str) -> bool:
        # Sprig ignores the compile error here: an invalid pattern simply does not match.
        from chartgen.goregexp import RegexpSyntaxError, compile_regexp

        try:
            return compile_regexp(pattern, go_version).search(text)
        except RegexpSyntaxError:
            return False

    @go_signature("string", "string")
    def must_regex_match(pattern: str, text: str) -> bool:
        return compile_or_fail(pattern).search(text)

    @go_signature("string", "string", "int")
    def regex_find_all(pattern: str, text: str, limit: int) -> StringList:
        return find_all(must_compile(pattern), text, limit)

    @go_signature("string", "string", "int")
    def must_regex_find_all(pattern: str, text: str, limit: int) -> StringList:
        return find_all(compile_or_fail(pattern), text, limit)

    @go_signature("string", "string")
    def regex_find(pattern: str, text: str) -> str:
        return must_compile(pattern).find(text)

    @go_signature("string", "string")
    def must_regex_find(pattern: str, text: str) -> str:
        return compile_or_fail(pattern).find(text)

    @go_signature("string", "string", "string")
    def regex_replace_all(pattern: str, text: str, replacement: str) -> str:
        return replace(must_compile(pattern), text, replacement)

    @go_signature("string", "string", "string")
    def must_regex_replace_all(pattern: str, text: str, replacement: str) -> str:
        return replace(compile_or_fail(pattern), text, replacement)

    @go_signature("string", "string", "string")
    def regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
        return must_compile(pattern).replace_all(text, lambda _m: replacement)

    @go_signature("string", "string", "string")
    def must_regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
        return compile_or_fail(pattern).replace_all(text, lambda _m: replacement)

    @go_signature("string", "string", "int")
    def regex_split(pattern: str, text: str, limit: int) -> StringList:
        return split(must_compile(pattern), text, limit)

    @go_signature("string", "string", "int")
    def must_regex_split(pattern: str, text: str, limit: int) -> StringList:
        return split(compile_or_fail(pattern), text, limit)

    @go_signature("string")
    def regex_quote_meta(text: str) -> str:
        from chartgen.goregexp import quote_meta

        return quote_meta(text)

    return {
        "regexMatch": regex_match,
        "mustRegexMatch": must_regex_match,
        "regexFindAll": regex_find_all,
        "mustRegexFindAll": must_regex_find_all,
        "regexFind": regex_find,
        "mustRegexFind": must_regex_find,
        "regexReplaceAll": regex_replace_all,
        "mustRegexReplaceAll": must_regex_replace_all,
        "regexReplaceAllLiteral": regex_replace_all_literal,
        "mustRegexReplaceAllLiteral": must_regex_replace_all_literal,
        "regexSplit": regex_split,
        "mustRegexSplit": must_regex_split,
        "regexQuoteMeta": regex_quote_meta,
    }


FUNCS: dict[str, Callable[..., Any]] = funcs_for(HELM_3)
