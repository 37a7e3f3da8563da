"""YAML documents decoded the Helm way, kept between runs so that a repeated render never parses them again.

Decoding a values file or a chart's ``Chart.yaml`` goes through libyaml (and ruamel when libyaml refuses), and
merely importing PyYAML costs more than rendering a small chart. Every decode is a pure function of its text, so
its result is kept: in the process (``fromYaml`` decodes the same text again and again in library charts) and in
chartgen's disk cache (``chartgen/disk_cache.py``), under a key hashing the text, the kind of decode, the
decoder's own code and Python's version, so an edit of either is a miss. Errors are never kept: a text the
decoder refuses is decoded, and refused, again, with the same words.

An entry is JSON, read back exactly: ``unmarshal``'s results are JSON's own types (every number a float64), and
``decode_for_struct``'s Go values (integers, uint64s, floats that may be infinite) are written tagged. Entries are
read as untrusted: JSON cannot build anything but plain data, and any entry of the wrong shape is a miss.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from chartgen.command_runtime import recursion_cap
from chartgen.disk_cache import cache_root, code_stamp, read_entry, write_entry

__all__ = ["KIND", "cached_struct", "cached_unmarshal", "decoder_stamp"]

# The cache folder decoded documents live in.
KIND = "decoded"

# Bumped when an entry's layout changes; the decoder's own changes are caught by its files' stamps.
_FORMAT = b"chartgen-decoded-1"
# The decoder: chartgen's reader, its libyaml fast path, the number parsing and the depth limits it applies.
_OWN_CODE = ("helm/yaml_load.py", "helm/manifest_head.py", "helm/decode_cache.py", "gostrconv.py", "limits.py")

# The decoded texts this process has met ((mode, text) -> entry), dropped whole past this many characters: a lint
# matrix over a stranger's chart must not grow it without end.
_MEMO_CHARS = 32 << 20
_memo: dict[tuple[str, str], str] = {}
_memo_chars = 0
# How many frames writing or reading an entry may recurse: a value nested deeper (a few hundred levels, which no
# real values file reaches) is not kept, and a planted entry nested deeper is a miss, whatever limit the caller
# raised for its own Python frames (json's C recursion takes stack a raised limit does not account for).
_ENTRY_FRAMES = 3000


def decoder_stamp() -> bytes:
    """What every decoded result depends on besides its text: chartgen's decoder, the YAML libraries it parses
    with (PyYAML with libyaml's binary, ruamel.yaml) and Python's version; empty when a library is missing."""
    stamp = code_stamp(_OWN_CODE, ("yaml", "ruamel.yaml"))
    return hashlib.sha256(_FORMAT + b"\0" + stamp).digest() if stamp else b""


def _key(mode: str, text: str) -> str:
    digest = hashlib.sha256(decoder_stamp())
    digest.update(mode.encode() + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _remember(memo_key: tuple[str, str], entry: str) -> None:
    global _memo_chars
    size = len(entry) + len(memo_key[1])
    if size > _MEMO_CHARS // 4:  # a document this large is decoded rarely; it would push out all the others
        return
    if _memo_chars + size > _MEMO_CHARS:
        _memo.clear()
        _memo_chars = 0
    _memo[memo_key] = entry
    _memo_chars += size


def _cached(
    mode: str,
    text: str,
    decode: Callable[[], Any],
    encode: Callable[[Any], str],
    load: Callable[[str], Any],
    *,
    on_disk: bool = True,
) -> Any:
    """The decode of ``text`` from the process's memo or the disk, else ``decode()``'s, kept for the next time
    (in the memo only, without ``on_disk``).

    ``load`` turns a kept entry back into the value, raising ValueError (OverflowError, RecursionError) on any
    entry it would not have written."""
    memo_key = (mode, text)
    entry = _memo.get(memo_key)
    if entry is not None:
        # Written here under the cap, so known to nest shallowly: read without counting the stack (which costs more
        # than reading a small entry, and fromYaml is called from deep in a template's execution).
        value = _loaded(entry, load, capped=False)
        if value is not _MISS:
            return value
    key = _key(mode, text) if on_disk and cache_root() is not None and decoder_stamp() else ""
    data = read_entry(KIND, key) if key else None
    if data is not None and data.isascii():  # every entry is written in ASCII
        entry = data.decode("ascii")
        value = _loaded(entry, load)
        if value is not _MISS:
            _remember(memo_key, entry)
            return value
    value = decode()
    try:
        with recursion_cap(_ENTRY_FRAMES):
            entry = encode(value)
    except (ValueError, TypeError, RecursionError):  # nested past what an entry may hold: kept nowhere
        return value
    _remember(memo_key, entry)
    if key:
        write_entry(KIND, key, entry.encode("ascii"))
    return value


_MISS: Any = object()


def _loaded(entry: str, load: Callable[[str], Any], *, capped: bool = True) -> Any:
    try:
        if not capped:
            return load(entry)
        with recursion_cap(_ENTRY_FRAMES):
            return load(entry)
    except (ValueError, OverflowError, RecursionError):  # damaged, planted, or too deep to read here: decode again
        return _MISS


# --- unmarshal: JSON's own types ---------------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a value unmarshal returns")


def _load_plain(entry: str) -> Any:
    # Integers are read as the float64s unmarshal returns; NaN and infinities are refused, as unmarshal refuses them.
    return json.loads(entry, parse_int=float, parse_constant=_refuse_constant)


def _encode_plain(value: Any) -> str:
    return json.dumps(value, allow_nan=False, separators=(",", ":"))


# A text that is one of many (each rendered document lint decodes) is kept on disk only from this size: below it,
# writing an entry costs more than decoding the text (~0.1 ms), and a chart with thousands of small documents
# made a first lint write thousands of files, half again slower than decoding them. Files (values, Chart.yaml) and
# fromYaml strings are always kept, so a repeated render need not import PyYAML at all.
SMALL_TEXT_CHARS = 4096


def cached_unmarshal(text: str, target: str, decode: Callable[[str, str], Any], *, one_of_many: bool = False) -> Any:
    """``decode(text, target)`` (yaml_load's unmarshal: None, or a map or slice of JSON values), kept; a small
    text that is ``one_of_many`` is kept in the process only."""
    wanted = dict if target == "map" else list

    def load(entry: str) -> Any:
        value = _load_plain(entry)
        if value is not None and type(value) is not wanted:
            raise ValueError("not the target's type")
        return value

    on_disk = not one_of_many or len(text) >= SMALL_TEXT_CHARS
    return _cached(f"unmarshal-{target}", text, lambda: decode(text, target), _encode_plain, load, on_disk=on_disk)


# --- decode_for_struct: Go values, tagged --------------------------------------------------------------------------

_INT64 = (-(1 << 63), (1 << 63) - 1)
_UINT64 = (1 << 63, (1 << 64) - 1)


def _tagged(value: Any, uint64: type) -> Any:
    """A Go value as JSON: strings, booleans and null as themselves, everything else a tagged list."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is float:
        return ["f", value.hex()]
    if kind is int:
        return ["i", str(value)]
    if kind is uint64:
        return ["u", str(value)]
    if kind is list:
        return ["l", [_tagged(item, uint64) for item in value]]
    if kind is dict:
        return ["m", [[key, _tagged(item, uint64)] for key, item in value.items()]]
    raise TypeError(f"{kind.__name__} is not a value decode_for_struct returns")


def _untagged(value: Any, uint64: type) -> Any:
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is not list or len(value) != 2 or type(value[0]) is not str:
        raise ValueError("not a tagged value")
    tag, payload = value
    if tag == "l" and type(payload) is list:
        return [_untagged(item, uint64) for item in payload]
    if tag == "m" and type(payload) is list:
        out: dict[str, Any] = {}
        for pair in payload:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str or pair[0] in out:
                raise ValueError("not a map entry")
            out[pair[0]] = _untagged(pair[1], uint64)
        return out
    if type(payload) is not str or len(payload) > 40:
        raise ValueError("not a scalar")
    if tag == "f":
        return float.fromhex(payload)
    if tag in ("i", "u"):
        low, high = _INT64 if tag == "i" else _UINT64
        number = int(payload)
        if not low <= number <= high:
            raise ValueError("out of range")
        return number if tag == "i" else uint64(number)
    raise ValueError("unknown tag")


def cached_struct(text: str, decode: Callable[[str], Any], uint64: type) -> Any:
    """``decode(text)`` (yaml_load's decode_for_struct: string keys, goyaml's numbers; ``uint64`` is its type for
    integers only uint64 holds), kept."""

    def encode(value: Any) -> str:
        return json.dumps(_tagged(value, uint64), separators=(",", ":"))

    def load(entry: str) -> Any:
        return _untagged(json.loads(entry, parse_constant=_refuse_constant), uint64)

    return _cached("struct", text, lambda: decode(text), encode, load)
