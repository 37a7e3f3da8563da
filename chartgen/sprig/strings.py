"""Sprig's string functions (``quote``, ``indent``, ``trunc``, ``snakecase``, ``split``...), as Helm registers them.

A Go string is a sequence of bytes, usually UTF-8. Here it is a Python ``str`` in which any byte that is not part of
valid UTF-8 is carried as a lone surrogate (Python's ``surrogateescape``), so that ``trunc 1 "é"`` can hold half a
character and still print the same bytes Go prints. Functions that count or cut bytes go through :func:`to_bytes`;
functions that iterate runes see such a byte as U+FFFD, as Go's ``[]rune(s)`` and ``strings.Map`` do.

Several helpers come from third-party Go packages Sprig builds on (``goutils`` and ``xstrings``); their quirks are
reproduced, e.g. ``nospace`` and ``initials`` walk bytes, not runes, so multibyte characters come out mangled.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import ANY, StringList, go_kind, go_signature
from chartgen.sprig.limits import check_string_bytes

__all__ = [
    "FUNCS",
    "StringMap",
    "from_bytes",
    "go_is_space",
    "go_to_lower",
    "go_to_upper",
    "strval",
    "to_bytes",
]

_RUNE_ERROR = "\ufffd"
# Go's unicode.IsSpace: the Latin-1 spaces plus the White_Space property beyond Latin-1.
_LATIN1_SPACES = frozenset("\t\n\v\f\r \x85\xa0")
_OTHER_SPACES = frozenset("\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
_NEGATIVE_REPEAT = "strings: negative Repeat count"


class StringMap(dict):
    """A Go ``map[string]string`` (what ``split`` and ``splitn`` return)."""

    go_type = "map[string]string"


# ------------------------------------------------------------------------------------------------ Go string model


def to_bytes(text: str) -> bytes:
    """The Go bytes of a template string (invalid UTF-8 travels as surrogate escapes)."""
    return text.encode("utf-8", "surrogateescape")


def from_bytes(data: bytes) -> str:
    """A Go string from bytes; bytes that are not valid UTF-8 are kept as surrogate escapes."""
    return data.decode("utf-8", "surrogateescape")


def _is_escaped_byte(ch: str) -> bool:
    return "\udc80" <= ch <= "\udcff"


def _runes(text: str) -> str:
    """Go's ``[]rune(s)``: every byte that is not valid UTF-8 becomes U+FFFD."""
    if not any(_is_escaped_byte(ch) for ch in text):
        return text
    return "".join(_RUNE_ERROR if _is_escaped_byte(ch) else ch for ch in text)


def go_is_space(ch: str) -> bool:
    """Go's ``unicode.IsSpace`` (Python's ``isspace`` also counts U+001C..U+001F, Go does not)."""
    return ch in _LATIN1_SPACES or ch in _OTHER_SPACES


def _simple_case(ch: str, mapped: str) -> str:
    # Go maps rune to rune (Unicode's simple case mapping); Python applies the full mapping, which may give several
    # characters ('ß'.upper() == 'SS'). Those characters have no simple mapping, except the few handled here.
    if len(mapped) == 1:
        return mapped
    return _SIMPLE_EXCEPTIONS.get(ch, ch)


_SIMPLE_EXCEPTIONS = {"\u0130": "i"}  # 'İ' lower-cases to 'i' in Go, to 'i̇' (two runes) in Python


def _rune_upper(ch: str) -> str:
    return _simple_case(ch, ch.upper())


def _rune_lower(ch: str) -> str:
    return _simple_case(ch, ch.lower())


def _rune_title(ch: str) -> str:
    return _simple_case(ch, ch.title())


def go_to_upper(text: str) -> str:
    """``strings.ToUpper``."""
    return "".join(_rune_upper(ch) for ch in _runes(text))


def go_to_lower(text: str) -> str:
    """``strings.ToLower``."""
    return "".join(_rune_lower(ch) for ch in _runes(text))


def _is_upper(ch: str) -> bool:
    return unicodedata.category(ch) == "Lu"


def _is_lower(ch: str) -> bool:
    return unicodedata.category(ch) == "Ll"


def _is_title(ch: str) -> bool:
    return unicodedata.category(ch) == "Lt"


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _is_digit(ch: str) -> bool:
    return unicodedata.category(ch) == "Nd"


def _is_number(ch: str) -> bool:
    return unicodedata.category(ch).startswith("N")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def strval(value: Any) -> str:
    """Sprig's ``strval``: strings as they are, ``[]byte`` as text, ``String()`` for Stringers, else ``%v``."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return from_bytes(bytes(value))
    return to_text(value)


def _explode(text: str, limit: int) -> list[str]:
    """``strings.Split`` with an empty separator: one element per UTF-8 sequence (or invalid byte)."""
    if limit < 0 or limit > len(text):
        limit = len(text)
    if limit == 0:
        return []
    return [*text[: limit - 1], text[limit - 1 :]]


def _go_split(text: str, sep: str, limit: int = -1) -> list[str]:
    """``strings.SplitN`` (``strings.Split`` when ``limit`` is -1)."""
    if limit == 0:
        return []
    if sep == "":
        return _explode(text, limit)
    return text.split(sep, limit - 1) if limit > 0 else text.split(sep)


def _repeat(text: str, count: int) -> str:
    if count < 0:
        raise FuncError(_NEGATIVE_REPEAT)
    check_string_bytes(len(text) * count)
    return text * count


def _trim_space(text: str) -> str:
    start, end = 0, len(text)
    while start < end and go_is_space(text[start]):
        start += 1
    while end > start and go_is_space(text[end - 1]):
        end -= 1
    return text[start:end]


def _byte_walk(text: str, keep: Callable[[str], bool]) -> str:
    """goutils walks some strings byte by byte, turning each byte into the rune of the same number."""
    return "".join(chr(b) for b in to_bytes(text) if keep(chr(b)))


# ------------------------------------------------------------------------------------------------ goutils helpers


def _abbreviate_full(text: str, offset: int, width: int) -> str:
    """goutils ``AbbreviateFull``, which counts bytes; its errors make Sprig return ``""``."""
    data = to_bytes(text)
    size = len(data)
    if not data:
        return ""
    if width < 4:
        return ""
    if size <= width:
        return text
    offset = min(offset, size)
    if size - offset < width - 3:
        offset = size - (width - 3)
    if offset <= 4:
        return from_bytes(data[: width - 3]) + "..."
    if width < 7:
        return ""
    if offset + width - 3 < size:
        return "..." + _abbreviate_full(from_bytes(data[offset:]), 0, width - 3)
    return "..." + from_bytes(data[size - (width - 3) :])


def _wrap(text: str, width: int, newline: str, wrap_long_words: bool) -> str:
    """goutils ``WrapCustom``: break at the last space within ``width`` bytes; only spaces count."""
    data = to_bytes(text)
    if not data:
        return ""
    sep = to_bytes(newline or "\n")
    width = max(width, 1)
    size = len(data)
    offset = 0
    out = bytearray()
    while size - offset > width:
        if data[offset] == 0x20:
            offset += 1
            continue
        space = data.rfind(b" ", offset, width + offset + 1)
        if space >= offset:
            out += data[offset:space] + sep
            offset = space + 1
        elif wrap_long_words:
            out += data[offset : offset + width] + sep
            offset += width
        else:
            space = data.find(b" ", width + offset)
            if space < 0:
                out += data[offset:]
                offset = size
            else:
                out += data[offset:space] + sep
                offset = space + 1
    out += data[offset:]
    return from_bytes(bytes(out))


# ------------------------------------------------------------------------------------------------ xstrings helpers

# Word kinds of xstrings' case converters.
_INVALID, _NUMBER, _UPPER, _ALPHA, _CONNECTOR, _PUNCT, _OTHER = range(7)


def _is_connector(ch: str) -> bool:
    return ch in "-_" or go_is_space(ch)


def _is_ascii_letter(ch: str) -> bool:
    return "a" <= ch <= "z" or "A" <= ch <= "Z"


def _next_word(text: str) -> tuple[int, str, str]:
    """Cut the next word off ``text``: connectors, punctuation, an upper-case run, a lower-case word, a number..."""
    first = text[0]
    if first == _RUNE_ERROR:
        return _INVALID, text[:1], text[1:]
    end = 1
    if _is_connector(first):
        kind = _CONNECTOR
        while end < len(text) and _is_connector(text[end]):
            end += 1
    elif _is_punct(first):
        kind = _PUNCT
        while end < len(text) and _is_punct(text[end]):
            end += 1
    elif _is_upper(first):
        kind = _UPPER
        if end < len(text) and _is_upper(text[end]):
            while end < len(text) and _is_upper(text[end]):
                end += 1
            # "HTTPServer" is "HTTP" + "Server": the last capital starts the next word.
            if end < len(text) and _is_ascii_letter(text[end]):
                end -= 1
        elif end < len(text) and _is_ascii_letter(text[end]):
            while end < len(text) and _is_ascii_letter(text[end]) and not _is_upper(text[end]):
                end += 1
    elif _is_ascii_letter(first):
        kind = _ALPHA
        while end < len(text) and _is_ascii_letter(text[end]) and not _is_upper(text[end]):
            end += 1
    elif _is_number(first):
        kind = _NUMBER
        while end < len(text) and _is_number(text[end]):
            end += 1
    else:
        kind = _OTHER
        while end < len(text) and not (
            _is_connector(text[end]) or _is_ascii_letter(text[end]) or _is_number(text[end]) or _is_punct(text[end])
        ):
            end += 1
    return kind, text[:end], text[end:]


def _lower_word(kind: int, word: str, connector: str) -> str:
    if kind not in (_UPPER, _CONNECTOR):
        return word
    return "".join(connector if _is_connector(ch) else _rune_lower(ch) if _is_upper(ch) else ch for ch in word)


class _WordCursor:
    """Hands out words one at a time; past the end it gives an empty invalid word, as xstrings' ``nextWord`` does."""

    def __init__(self, text: str) -> None:
        self.rest = text

    def next(self) -> tuple[int, str]:
        if not self.rest:
            return _INVALID, ""
        kind, word, self.rest = _next_word(self.rest)
        return kind, word


def _to_lower_case(text: str, connector: str) -> str:
    """xstrings' snake/kebab conversion: words are lower-cased and joined by ``connector``. A number sticks to the
    word before it unless lower-case letters follow it (``Bld4Floor`` → ``bld4_floor``, ``HTTP2xx`` → ``http_2xx``),
    and punctuation or connectors next to it get no extra connector (``v1.2.3`` stays)."""
    out: list[str] = []
    words = _WordCursor(_runes(text))
    kind, word = words.next()
    no_connector_after = (_INVALID, _PUNCT, _CONNECTOR)
    while words.rest:
        if kind != _CONNECTOR:
            out.append(_lower_word(kind, word, connector))
        previous, last = kind, word
        kind, word = words.next()
        if previous == _NUMBER:
            while kind in (_ALPHA, _NUMBER):
                out.append(_lower_word(kind, word, connector))
                kind, word = words.next()
            if kind not in no_connector_after:
                out.append(connector)
        elif previous == _CONNECTOR:
            out.append(_lower_word(previous, last, connector))
        elif previous == _PUNCT:
            pass
        elif kind != _NUMBER:
            if kind not in (_CONNECTOR, _PUNCT):
                out.append(connector)
        elif words.rest:
            number = word
            kind, word = words.next()
            if kind != _ALPHA:
                # The number belongs to the word before it.
                out.append(number)
                if kind not in no_connector_after:
                    out.append(connector)
                continue
            out.append(connector + number)
            while kind in (_ALPHA, _NUMBER):
                out.append(_lower_word(kind, word, connector))
                kind, word = words.next()
            if kind not in no_connector_after:
                out.append(connector)
    out.append(_lower_word(kind, word, connector))
    return "".join(out)


def _to_camel_case(text: str) -> str:
    """xstrings ``ToCamelCase``: connectors (``-``, ``_``, spaces) are dropped and the rune after them upper-cased;
    a word that starts with capitals keeps only the first (``FOO_BAR`` → ``FooBar``). Leading connectors are kept
    and a run of connectors keeps all but its last."""
    runes = _runes(text)
    out: list[str] = []
    i = 0
    while i < len(runes) and _is_connector(runes[i]):
        out.append(runes[i])
        i += 1
    if i == len(runes):
        if out:
            out.append(out[-1])
        return "".join(out)
    capitals = _is_upper(runes[i])
    current = _rune_upper(runes[i])
    for ch in runes[i + 1 :]:
        previous, current = current, ch
        if _is_connector(current) and _is_connector(previous):
            out.append(previous)
            continue
        if _is_connector(previous):
            capitals = _is_upper(current)
            current = _rune_upper(current)
            continue
        out.append(previous)
        if capitals and _is_upper(current):
            current = _rune_lower(current)
        else:
            capitals = False
    out.append(current)
    return "".join(out)


# ------------------------------------------------------------------------------------------------ the functions


@go_signature()
def hello() -> str:
    return "Hello!"


@go_signature("int", "string")
def abbrev(width: int, text: str) -> str:
    if width < 4:
        return text
    return _abbreviate_full(text, 0, width)


@go_signature("int", "int", "string")
def abbrevboth(left: int, right: int, text: str) -> str:
    if right < 4 or (left > 0 and right < 7):
        return text
    return _abbreviate_full(text, left, right)


@go_signature("int", "string")
def trunc(count: int, text: str) -> str:
    data = to_bytes(text)
    if count < 0 and len(data) + count > 0:
        return from_bytes(data[len(data) + count :])
    if count >= 0 and len(data) > count:
        return from_bytes(data[:count])
    return text


@go_signature("string")
def trim(text: str) -> str:
    return _trim_space(text)


@go_signature("string")
def upper(text: str) -> str:
    return go_to_upper(text)


@go_signature("string")
def lower(text: str) -> str:
    return go_to_lower(text)


def _is_title_separator(ch: str) -> bool:
    if ch <= "\x7f":
        return not (ch.isascii() and (ch.isalnum() or ch == "_"))
    if _is_letter(ch) or _is_digit(ch):
        return False
    return go_is_space(ch)


@go_signature("string")
def title(text: str) -> str:
    """``strings.Title``: a rune following a separator gets its title case; everything else is left alone."""
    out = []
    previous = " "
    for ch in _runes(text):
        out.append(_rune_title(ch) if _is_title_separator(previous) else ch)
        previous = ch
    return "".join(out)


@go_signature("string")
def untitle(text: str) -> str:
    """goutils ``Uncapitalize``: lower-case the first rune after each space."""
    out = []
    after_space = True
    for ch in _runes(text):
        if go_is_space(ch):
            after_space = True
            out.append(ch)
        elif after_space:
            out.append(_rune_lower(ch))
            after_space = False
        else:
            out.append(ch)
    return "".join(out)


def _slice_error(spec: str, length: int | None = None) -> FuncError:
    suffix = "" if length is None else f" with length {length}"
    return FuncError(f"runtime error: slice bounds out of range [{spec}]{suffix}")


@go_signature("int", "int", "string")
def substr(start: int, end: int, text: str) -> str:
    """Sprig's ``substring``: a byte slice; out-of-range bounds panic with Go's runtime message."""
    data = to_bytes(text)
    size = len(data)
    if start < 0:
        if end < 0:
            raise _slice_error(f":{end}")
        if end > size:
            raise _slice_error(f":{end}", size)
        return from_bytes(data[:end])
    if end < 0 or end > size:
        if start > size:
            raise _slice_error(f"{start}:{size}")
        return from_bytes(data[start:])
    if start > end:
        raise _slice_error(f"{start}:{end}")
    return from_bytes(data[start:end])


@go_signature("int", "string")
def repeat(count: int, text: str) -> str:
    return _repeat(text, count)


@go_signature("string", "string")
def trim_all(cutset: str, text: str) -> str:
    return text.strip(cutset)


@go_signature("string", "string")
def trim_suffix(suffix: str, text: str) -> str:
    return text[: len(text) - len(suffix)] if suffix and text.endswith(suffix) else text


@go_signature("string", "string")
def trim_prefix(prefix: str, text: str) -> str:
    return text[len(prefix) :] if text.startswith(prefix) else text


@go_signature("string")
def nospace(text: str) -> str:
    """goutils ``DeleteWhiteSpace``: byte-wise, so once anything is removed, multibyte characters are mangled."""
    if not text:
        return text
    kept = _byte_walk(text, lambda ch: not go_is_space(ch))
    return text if len(kept) == len(to_bytes(text)) else kept


@go_signature("string")
def initials(text: str) -> str:
    """goutils ``Initials``: the first byte of each space-separated word, as a rune (so ``é`` gives ``Ã``)."""
    out = []
    gap = True
    for byte in to_bytes(text):
        ch = chr(byte)
        if go_is_space(ch):
            gap = True
        elif gap:
            out.append(ch)
            gap = False
    return "".join(out)


@go_signature("string")
def swapcase(text: str) -> str:
    out = []
    for ch in _runes(text):
        if _is_upper(ch) or _is_title(ch):
            out.append(_rune_lower(ch))
        elif _is_lower(ch):
            out.append(_rune_upper(ch))
        else:
            out.append(ch)
    return "".join(out)


@go_signature("string")
def shuffle(text: str) -> str:
    import random  # the only user, and a rare one: not worth importing on every start-up

    runes = list(_runes(text))
    random.shuffle(runes)
    return "".join(runes)


@go_signature("string")
def snakecase(text: str) -> str:
    return _to_lower_case(text, "_")


@go_signature("string")
def camelcase(text: str) -> str:
    return _to_camel_case(text)


@go_signature("string")
def kebabcase(text: str) -> str:
    return _to_lower_case(text, "-")


@go_signature("int", "string")
def wrap(width: int, text: str) -> str:
    return _wrap(text, width, "", False)


@go_signature("int", "string", "string")
def wrap_with(width: int, sep: str, text: str) -> str:
    return _wrap(text, width, sep, True)


@go_signature("string", "string")
def contains(sub: str, text: str) -> bool:
    return sub in text


@go_signature("string", "string")
def has_prefix(prefix: str, text: str) -> bool:
    return text.startswith(prefix)


@go_signature("string", "string")
def has_suffix(suffix: str, text: str) -> bool:
    return text.endswith(suffix)


@go_signature(variadic=ANY)
def quote(*values: Any) -> str:
    return " ".join(gostrconv.quote(strval(v)) for v in values if v is not None)


@go_signature(variadic=ANY)
def squote(*values: Any) -> str:
    return " ".join(f"'{to_text(v)}'" for v in values if v is not None)


@go_signature(variadic=ANY)
def cat(*values: Any) -> str:
    return " ".join(to_text(v) for v in values if v is not None)


@go_signature("int", "string")
def indent(spaces: int, text: str) -> str:
    pad = _repeat(" ", spaces)
    return pad + text.replace("\n", "\n" + pad)


@go_signature("int", "string")
def nindent(spaces: int, text: str) -> str:
    return "\n" + indent(spaces, text)


@go_signature("string", "string", "string")
def replace(old: str, new: str, text: str) -> str:
    return text.replace(old, new)


@go_signature("string", "string", "int")
def plural(one: str, many: str, count: int) -> str:
    return one if count == 1 else many


@go_signature(ANY)
def to_string(value: Any) -> str:
    return strval(value)


@go_signature("string", "string")
def split(sep: str, text: str) -> StringMap:
    return StringMap((f"_{i}", part) for i, part in enumerate(_go_split(text, sep)))


@go_signature("string", "string")
def split_list(sep: str, text: str) -> StringList:
    return StringList(_go_split(text, sep))


@go_signature("string", "int", "string")
def splitn(sep: str, count: int, text: str) -> StringMap:
    return StringMap((f"_{i}", part) for i, part in enumerate(_go_split(text, sep, count)))


def strslice(value: Any) -> StringList:
    """Sprig's ``strslice``: a ``[]string`` as it is; other lists stringified without their nils; a scalar alone."""
    if isinstance(value, StringList):
        return value
    if isinstance(value, (bytes, bytearray)):
        return StringList(str(b) for b in value)
    if isinstance(value, (list, tuple)):
        return StringList(strval(v) for v in value if v is not None)
    if value is None:
        return StringList()
    return StringList([strval(value)])


@go_signature(ANY)
def to_strings(value: Any) -> StringList:
    return strslice(value)


@go_signature("string", ANY)
def join(sep: str, value: Any) -> str:
    return sep.join(strslice(value))


@go_signature(ANY)
def sort_alpha(value: Any) -> StringList:
    """Byte-wise sort of the stringified list; a ``[]string`` argument is sorted in place, as in Sprig."""
    if go_kind(value) != "slice":
        return StringList([strval(value)])
    items = strslice(value)
    items.sort(key=to_bytes)
    return items


FUNCS: dict[str, Callable[..., Any]] = {
    "hello": hello,
    "abbrev": abbrev,
    "abbrevboth": abbrevboth,
    "trunc": trunc,
    "trim": trim,
    "upper": upper,
    "lower": lower,
    "title": title,
    "untitle": untitle,
    "substr": substr,
    "repeat": repeat,
    "trimall": trim_all,
    "trimAll": trim_all,
    "trimSuffix": trim_suffix,
    "trimPrefix": trim_prefix,
    "nospace": nospace,
    "initials": initials,
    "swapcase": swapcase,
    "shuffle": shuffle,
    "snakecase": snakecase,
    "camelcase": camelcase,
    "kebabcase": kebabcase,
    "wrap": wrap,
    "wrapWith": wrap_with,
    "contains": contains,
    "hasPrefix": has_prefix,
    "hasSuffix": has_suffix,
    "quote": quote,
    "squote": squote,
    "cat": cat,
    "indent": indent,
    "nindent": nindent,
    "replace": replace,
    "plural": plural,
    "toString": to_string,
    "split": split,
    "splitList": split_list,
    "splitn": splitn,
    "toStrings": to_strings,
    "join": join,
    "sortAlpha": sort_alpha,
}
