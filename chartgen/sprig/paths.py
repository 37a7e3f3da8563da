"""Sprig's path and URL functions: ``base dir ext clean isAbs``, their ``os*`` twins, ``urlParse`` and ``urlJoin``.

``base`` and friends are Go's ``path`` package; the ``os*`` forms are ``path/filepath``, which on Linux (where Helm
runs for us) has the same rules with ``/`` as the only separator, so both share one implementation.

``urlParse`` and ``urlJoin`` follow Go's ``net/url``: ``Parse`` splits scheme, authority, path, query and fragment
and unescapes path, user info and fragment; ``URL.String`` escapes them back with the per-component rules. The
dictionary ``urlParse`` returns has exactly the eight keys Sprig builds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.goprint import go_type_name
from chartgen.gotemplate.gotypes import go_signature
from chartgen.records import record
from chartgen.sprig.strings import from_bytes, to_bytes

__all__ = ["FUNCS", "GoURL", "UrlError", "go_clean", "parse_url"]


# ------------------------------------------------------------------------------------------------ path


def go_clean(path: str) -> str:
    """``path.Clean``: the shortest equivalent path, by purely lexical processing."""
    if path == "":
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


def _base(path: str) -> str:
    if path == "":
        return "."
    path = path.rstrip("/")
    if path == "":
        return "/"
    return path[path.rfind("/") + 1 :]


def _dir(path: str) -> str:
    return go_clean(path[: path.rfind("/") + 1])


def _ext(path: str) -> str:
    for i in range(len(path) - 1, -1, -1):
        if path[i] == "/":
            break
        if path[i] == ".":
            return path[i:]
    return ""


@go_signature("string")
def base(path: str) -> str:
    return _base(path)


@go_signature("string")
def dir_(path: str) -> str:
    return _dir(path)


@go_signature("string")
def ext(path: str) -> str:
    return _ext(path)


@go_signature("string")
def clean(path: str) -> str:
    return go_clean(path)


@go_signature("string")
def is_abs(path: str) -> bool:
    return path.startswith("/")


# ------------------------------------------------------------------------------------------------ net/url

# Escaping modes of net/url.
_PATH, _USER, _QUERY_COMPONENT, _FRAGMENT, _HOST, _ZONE = range(6)
_HEX = "0123456789abcdefABCDEF"


class UrlError(ValueError):
    """A ``net/url`` parse error; ``str()`` is Go's text."""


def _should_escape(byte: int, mode: int) -> bool:
    """net/url's ``shouldEscape`` (RFC 3986 with Go's choices per component)."""
    ch = chr(byte)
    if ch.isascii() and ch.isalnum():
        return False
    if mode in (_HOST, _ZONE) and ch in "!$&'()*+,;=:[]<>\"":
        return False
    if ch in "-_.~":
        return False
    if ch in "$&+,/:;=?@":
        if mode == _PATH:
            # Go escapes only '?' in a whole path; '/', ';' and ',' keep their meaning.
            return ch == "?"
        if mode == _USER:
            return ch in "@/?:"
        if mode == _QUERY_COMPONENT:
            return True
        if mode == _FRAGMENT:
            return False
    # Everything else is escaped, except the sub-delimiters Go leaves alone in a fragment.
    return not (mode == _FRAGMENT and ch in "!()*")


def _escape(text: str, mode: int) -> str:
    out = []
    for byte in to_bytes(text):
        if byte == 0x20 and mode == _QUERY_COMPONENT:
            out.append("+")
        elif _should_escape(byte, mode):
            out.append(f"%{byte:02X}")
        else:
            out.append(chr(byte))
    return "".join(out)


def _unescape(text: str, mode: int) -> str:
    """net/url's ``unescape``: checks every ``%`` sequence (and, in a host, the characters) before decoding."""
    data = to_bytes(text)
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == ord("%"):
            if i + 2 >= len(data) or chr(data[i + 1]) not in _HEX or chr(data[i + 2]) not in _HEX:
                raise UrlError(f"invalid URL escape {gostrconv.quote(from_bytes(data[i : i + 3]))}")
            sequence = data[i : i + 3]
            value = int(sequence[1:], 16)
            if mode == _HOST and value < 0x80 and sequence != b"%25":
                raise UrlError(f"invalid URL escape {gostrconv.quote(from_bytes(sequence))}")
            if mode == _ZONE and sequence != b"%25" and value != 0x20 and _should_escape(value, _HOST):
                raise UrlError(f"invalid URL escape {gostrconv.quote(from_bytes(sequence))}")
            i += 3
        else:
            if mode in (_HOST, _ZONE) and byte < 0x80 and _should_escape(byte, mode):
                raise UrlError(f"invalid character {gostrconv.quote(chr(byte))} in host name")
            i += 1
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == ord("%"):
            out.append(int(data[i + 1 : i + 3], 16))
            i += 3
        elif data[i] == ord("+") and mode == _QUERY_COMPONENT:
            out.append(0x20)
            i += 1
        else:
            out.append(data[i])
            i += 1
    return from_bytes(bytes(out))


@record
class GoURL:
    """The fields of Go's ``url.URL`` that ``urlParse`` and ``urlJoin`` use."""

    scheme: str = ""
    opaque: str = ""
    username: str | None = None  # None: no user info at all
    password: str | None = None  # None: no password set
    host: str = ""
    path: str = ""
    raw_path: str = ""
    omit_host: bool = False
    force_query: bool = False
    raw_query: str = ""
    fragment: str = ""

    def userinfo(self) -> str:
        """``Userinfo.String()``: the escaped ``user[:password]``."""
        if self.username is None:
            return ""
        text = _escape(self.username, _USER)
        if self.password is not None:
            text += ":" + _escape(self.password, _USER)
        return text

    def hostname(self) -> str:
        """``URL.Hostname()``: the host without its port and without IPv6 brackets."""
        host = self.host
        colon = host.rfind(":")
        if colon >= 0 and _valid_optional_port(host[colon:]):
            host = host[:colon]
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        return host

    def escaped_path(self) -> str:
        if self.raw_path and _valid_encoded_path(self.raw_path):
            try:
                if _unescape(self.raw_path, _PATH) == self.path:
                    return self.raw_path
            except UrlError:
                pass
        if self.path == "*":
            return "*"
        return _escape(self.path, _PATH)

    def string(self) -> str:
        """``URL.String()``."""
        out = []
        if self.scheme:
            out.append(self.scheme + ":")
        if self.opaque:
            out.append(self.opaque)
        else:
            has_user = self.username is not None
            if (self.scheme or self.host or has_user) and not (self.omit_host and not self.host and not has_user):
                if self.host or self.path or has_user:
                    out.append("//")
                if has_user:
                    out.append(self.userinfo() + "@")
                if self.host:
                    out.append(_escape(self.host, _HOST))
            path = self.escaped_path()
            if path and not path.startswith("/") and self.host:
                out.append("/")
            if not out and ":" in path.partition("/")[0]:
                # A colon in the first segment would read as a scheme.
                out.append("./")
            out.append(path)
        if self.force_query or self.raw_query:
            out.append("?" + self.raw_query)
        if self.fragment:
            out.append("#" + _escape(self.fragment, _FRAGMENT))
        return "".join(out)


def _valid_optional_port(port: str) -> bool:
    if port == "":
        return True
    return port[0] == ":" and all("0" <= c <= "9" for c in port[1:])


def _valid_encoded_path(text: str) -> bool:
    allowed = frozenset(b"!$&'()*+,;=:@[]%")
    return all(byte in allowed or not _should_escape(byte, _PATH) for byte in to_bytes(text))


def _valid_userinfo(text: str) -> bool:
    for ch in text:
        if ch.isascii() and ch.isalnum():
            continue
        if ch in "-._:~!$&'()*+,;=%@":
            continue
        return False
    return True


def _split_scheme(raw: str) -> tuple[str, str]:
    for i, ch in enumerate(raw):
        if ch.isascii() and ch.isalpha():
            continue
        if ch.isascii() and (ch.isdigit() or ch in "+-."):
            if i == 0:
                return "", raw
            continue
        if ch == ":":
            if i == 0:
                raise UrlError("missing protocol scheme")
            return raw[:i], raw[i + 1 :]
        return "", raw
    return "", raw


def _parse_host(host: str) -> str:
    if host.startswith("["):
        close = host.rfind("]")
        if close < 0:
            raise UrlError("missing ']' in host")
        port = host[close + 1 :]
        if not _valid_optional_port(port):
            raise UrlError(f"invalid port {gostrconv.quote(port)} after host")
        zone = host.find("%25", 0, close)
        if zone >= 0:
            return _unescape(host[:zone], _HOST) + _unescape(host[zone:close], _ZONE) + _unescape(host[close:], _HOST)
    else:
        colon = host.rfind(":")
        if colon >= 0 and not _valid_optional_port(host[colon:]):
            raise UrlError(f"invalid port {gostrconv.quote(host[colon:])} after host")
    return _unescape(host, _HOST)


def _parse_authority(url: GoURL, authority: str) -> None:
    at = authority.rfind("@")
    url.host = _parse_host(authority[at + 1 :])
    if at < 0:
        return
    userinfo = authority[:at]
    if not _valid_userinfo(userinfo):
        raise UrlError("net/url: invalid userinfo")
    if ":" in userinfo:
        username, _, password = userinfo.partition(":")
        url.username = _unescape(username, _USER)
        url.password = _unescape(password, _USER)
    else:
        url.username = _unescape(userinfo, _USER)


def _parse_without_fragment(raw: str) -> GoURL:
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in raw):
        raise UrlError("net/url: invalid control character in URL")
    url = GoURL()
    if raw == "*":
        url.path = "*"
        return url
    scheme, rest = _split_scheme(raw)
    url.scheme = scheme.lower()
    if rest.endswith("?") and rest.count("?") == 1:
        url.force_query = True
        rest = rest[:-1]
    else:
        rest, _, url.raw_query = rest.partition("?")
    if not rest.startswith("/"):
        if url.scheme:
            url.opaque = rest
            return url
        if ":" in rest.partition("/")[0]:
            raise UrlError("first path segment in URL cannot contain colon")
    if rest.startswith("//") and (url.scheme or not rest.startswith("///")):
        authority, slash, path = rest[2:].partition("/")
        _parse_authority(url, authority)
        rest = slash + path
    elif url.scheme and rest.startswith("/"):
        url.omit_host = True
    url.path = _unescape(rest, _PATH)
    url.raw_path = "" if _escape(url.path, _PATH) == rest else rest
    return url


def parse_url(raw: str) -> GoURL:
    """``url.Parse``; errors read as Go's ``*url.Error`` (``parse "x": missing protocol scheme``)."""
    text, has_fragment, fragment = raw.partition("#")
    try:
        url = _parse_without_fragment(text)
    except UrlError as exc:
        raise UrlError(f"parse {gostrconv.quote(text)}: {exc}") from None
    if has_fragment:
        try:
            url.fragment = _unescape(fragment, _FRAGMENT)
        except UrlError as exc:  # Go quotes the whole URL here, fragment included
            raise UrlError(f"parse {gostrconv.quote(raw)}: {exc}") from None
    return url


@go_signature("string")
def url_parse(raw: str) -> dict[str, Any]:
    try:
        url = parse_url(raw)
    except UrlError as exc:
        raise FuncError(f"unable to parse url: {exc}") from None
    return {
        "scheme": url.scheme,
        "host": url.host,
        "hostname": url.hostname(),
        "path": url.path,
        "query": url.raw_query,
        "opaque": url.opaque,
        "fragment": url.fragment,
        "userinfo": url.userinfo(),
    }


def _get_string(parts: dict | None, key: str) -> str:
    """Sprig's ``dGetString``: a missing key (or a nil map) gives ``""``, a non-string value panics."""
    if parts is None or key not in parts:
        return ""
    value = parts[key]
    if value is None:
        # Sprig names the value's type, and a nil interface has none: Go dereferences a nil pointer.
        raise FuncError("runtime error: invalid memory address or nil pointer dereference")
    if not isinstance(value, str):
        raise FuncError(f"unable to parse {key} key, must be of type string, but {go_type_name(value)} found")
    return value


@go_signature("map[string]interface {}")
def url_join(parts: dict | None) -> str:
    url = GoURL(
        scheme=_get_string(parts, "scheme"),
        host=_get_string(parts, "host"),
        path=_get_string(parts, "path"),
        raw_query=_get_string(parts, "query"),
        opaque=_get_string(parts, "opaque"),
        fragment=_get_string(parts, "fragment"),
    )
    userinfo = _get_string(parts, "userinfo")
    if userinfo:
        try:
            user = parse_url(f"proto://{userinfo}@host")
        except UrlError as exc:
            raise FuncError(f"unable to parse userinfo in dict: {exc}") from None
        url.username, url.password = user.username, user.password
    return url.string()


FUNCS: dict[str, Callable[..., Any]] = {
    "base": base,
    "dir": dir_,
    "ext": ext,
    "clean": clean,
    "isAbs": is_abs,
    "osBase": base,
    "osDir": dir_,
    "osExt": ext,
    "osClean": clean,
    "osIsAbs": is_abs,
    "urlParse": url_parse,
    "urlJoin": url_join,
}
