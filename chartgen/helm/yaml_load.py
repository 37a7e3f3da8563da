"""Values files read the way Helm reads them: ``sigs.k8s.io/yaml`` Unmarshal on top of goyaml.v2.

Helm never sees YAML types: sigs.k8s.io/yaml decodes the first document with goyaml.v2 (YAML 1.1 resolution:
``yes``/``on``/``y`` are booleans, ``0755`` is octal, timestamps stay strings), turns map keys into strings,
marshals the result to JSON and decodes that JSON again. So every number becomes a float64, integers above 2**53
lose precision, ``.inf`` fails (JSON has no infinity) and ``y:`` becomes the key ``"true"``.

ruamel.yaml only tokenises and parses here; scalar resolution, anchors, merge keys, key stringification and the
JSON round trip are done below with goyaml's rules, and syntax errors are reworded into goyaml's texts (which
Helm prints). Helm 4 additionally splits a file on ``---`` lines and deep-merges every document.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from chartgen import gostrconv
from chartgen.command_runtime import recursion_room
from chartgen.gotemplate.gotypes import go_signature
from chartgen.helm.decode_cache import cached_struct, cached_unmarshal
from chartgen.helm.manifest_head import fast_head
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.limits import (
    ALIAS_MIN_ALIASES,
    ALIAS_MIN_DECODES,
    JSON_DEPTH,
    YAML_DEPTH,
    alias_ratio_allowed,
)

__all__ = [
    "FUNCS",
    "ValuesLoadError",
    "YamlUnmarshalError",
    "as_string_field",
    "decode_for_struct",
    "from_yaml",
    "from_yaml_array",
    "json_kind",
    "load_values",
    "merge_maps",
    "plain_key_text",
    "plain_scalar_is_string",
    "read_manifest_head",
    "unmarshal",
]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BINARY = "tag:yaml.org,2002:binary"
_MERGE = "tag:yaml.org,2002:merge"
_RESOLVABLE = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}

_CONSTANTS: dict[str, tuple[str, Any]] = {}
for _words, _tag, _value in (
    ("y Y yes Yes YES true True TRUE on On ON", _BOOL, True),
    ("n N no No NO false False FALSE off Off OFF", _BOOL, False),
    ("~ null Null NULL", _NULL, None),
    (".nan .NaN .NAN", _FLOAT, math.nan),
    (".inf .Inf .INF +.inf +.Inf +.INF", _FLOAT, math.inf),
    ("-.inf -.Inf -.INF", _FLOAT, -math.inf),
):
    for _word in _words.split():
        _CONSTANTS[_word] = (_tag, _value)
_CONSTANTS[""] = (_NULL, None)

_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
# goyaml only tries the number/timestamp rules on scalars starting like a number, the constants on these letters.
_NUMBER_START = set("+-0123456789")
_CONSTANT_START = set("yYnNtTfFoO~")


class YamlUnmarshalError(Exception):
    """``sigs.k8s.io/yaml`` Unmarshal failed; ``str()`` is Go's error text (``error converting YAML to JSON: ...``)."""


class ValuesLoadError(Exception):
    """A values file Helm refuses, with the message Helm prints after ``Error: ``.

    ``detail`` is the loader's own error; ``source`` decides Helm's wrapping: the chart's own ``values.yaml`` is
    reported as ``cannot load values.yaml: ...``, a ``-f`` file as ``failed to parse <source>: ...``.
    """

    def __init__(self, detail: str, source: str) -> None:
        self.detail = detail
        self.source = source
        prefix = "cannot load values.yaml" if source == "values.yaml" else f"failed to parse {source}"
        super().__init__(f"{prefix}: {detail}")


class _Fail(Exception):
    """goyaml's ``failf``: the text after ``yaml: ``."""


class _Uint64(int):
    """A YAML integer only ``uint64`` can hold; it stays a number but is refused as a map key."""


# --------------------------------------------------------------------------------------------------------------
# Scalar resolution (goyaml.v2 resolve.go behaviour)


def _go_parse_int(text: str, base: int = 0, signed: bool = True) -> int | None:
    """goyaml.v2 resolve's ``strconv.ParseInt``/``ParseUint`` (64-bit) calls, which only ask whether they
    succeeded; resolve has already removed every ``_``, so Go's underscore rule never comes into play."""
    try:
        return gostrconv.parse_int(text, base) if signed else gostrconv.parse_uint(text, base)
    except gostrconv.NumError:
        return None


def _parse_float(text: str) -> float | None:
    """goyaml.v2 resolve's ``strconv.ParseFloat(s, 64)``, called only on text its float pattern matched; an
    out-of-range value is an error in Go, so None."""
    try:
        return gostrconv.parse_float(text)
    except gostrconv.NumError:
        return None


_TIMESTAMP_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_TIMESTAMP_TIME = re.compile(r"([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?")
_TIMESTAMP_ZONE = re.compile(r"Z|[+-]([0-9]{2}):([0-9]{2})")


def _is_timestamp(text: str) -> bool:
    """goyaml's ``parseTimestamp``: Go's ``time.Parse`` with four layouts, so ranges are validated too."""
    date = _TIMESTAMP_DATE.match(text)
    if not date:
        return False
    year, month, day = (int(g) for g in date.groups())
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if not 1 <= day <= days:
        return False
    rest = text[date.end() :]
    if not rest:
        return True  # "2006-1-2"
    if rest[0] in "Tt":  # "2006-1-2T15:4:5.999999999Z07:00"
        clock = _TIMESTAMP_TIME.match(rest, 1)
        if not clock:
            return False
        zone = _TIMESTAMP_ZONE.fullmatch(rest, clock.end())
        if not zone or (zone.group(1) and (int(zone.group(1)) > 24 or int(zone.group(2)) > 60)):
            return False
    elif rest[0] == " ":  # "2006-1-2 15:4:5.999999999": one or more spaces
        clock = _TIMESTAMP_TIME.fullmatch(rest, len(rest) - len(rest.lstrip(" ")))
        if not clock:
            return False
    else:
        return False
    hour, minute, second = (int(g) for g in clock.groups())
    return hour < 24 and minute < 60 and second < 60


def _resolve(tag: str, text: str) -> tuple[str, Any]:
    """goyaml.v2 ``resolve``: the tag and Go value of a scalar, failing like goyaml on tag/value mismatches."""
    if tag not in _RESOLVABLE and tag != "":
        return tag, text
    rtag, value = _resolve_untyped(tag, text)
    if tag in ("", rtag, _STR):
        return rtag, value
    if tag == _FLOAT and rtag == _INT:
        return _FLOAT, float(value)
    raise _Fail(f"cannot decode {_short_tag(rtag)} `{text}` as a {_short_tag(tag)}")


def _resolve_untyped(tag: str, text: str) -> tuple[str, Any]:
    first = text[:1]
    if text and first not in _NUMBER_START and first not in _CONSTANT_START and first != ".":
        return _STR, text
    if tag == _STR:
        return _STR, text
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if first == ".":
        value = _parse_float(text) if re.fullmatch(r"\.[0-9]+([eE][-+]?[0-9]+)?", text) else None
        return (_FLOAT, value) if value is not None else (_STR, text)
    if first in _NUMBER_START:
        if tag in ("", _TIMESTAMP) and _is_timestamp(text):
            return _TIMESTAMP, text  # decoded into interface{}, a timestamp keeps its text
        plain = text.replace("_", "")
        number = _go_parse_int(plain)
        if number is not None:
            return _INT, number
        number = _go_parse_int(plain, signed=False)
        if number is not None:
            return _INT, _Uint64(number)
        if _YAML_FLOAT.match(plain) and (fvalue := _parse_float(plain)) is not None:
            return _FLOAT, fvalue
        # A last chance for binary: Go parses whatever follows "0b" (a sign included) in base 2.
        if plain.startswith("0b"):
            number = _go_parse_int(plain[2:], base=2)
            if number is not None:
                return _INT, number
            number = _go_parse_int(plain[2:], base=2, signed=False)
            if number is not None:
                return _INT, _Uint64(number)
        elif plain.startswith("-0b"):
            number = _go_parse_int("-" + plain[3:], base=2)
            if number is not None:
                return _INT, number
    return _STR, text


def plain_scalar_is_string(text: str) -> bool:
    """Whether goyaml.v2 reads ``text`` back as a string when it is written as an untagged plain scalar."""
    return _resolve_untyped("", text)[0] == _STR


def plain_key_text(text: str) -> str | None:
    """The JSON key sigs.k8s.io/yaml makes of an untagged plain scalar key (``on`` -> ``"true"``, ``0x1F`` ->
    ``"31"``), or None for a key it refuses (``~``, a uint64)."""
    _, value = _resolve_untyped("", text)
    try:
        return _json_key(value, None)
    except YamlUnmarshalError:
        return None


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


# --------------------------------------------------------------------------------------------------------------
# Nodes of the first document, built from ruamel parser events


class _Node:
    __slots__ = ("kind", "tag", "value", "plain", "children", "anchor", "target", "line")

    def __init__(self, kind: str, line: int) -> None:
        self.kind = kind  # "scalar", "seq", "map", "alias"
        self.tag = ""
        self.value = ""
        self.plain = False
        self.children: list[_Node] = []
        self.target: _Node | None = None
        self.line = line


def _tag_text(tag: Any) -> str:
    if tag is None:
        return ""
    text = getattr(tag, "trval", None) or str(tag)
    return text


def _events(text: str) -> Any:
    """ruamel's parser events, lazily: like goyaml, nothing after the first document is even scanned."""
    from ruamel.yaml import YAML
    from ruamel.yaml.docinfo import DocInfo, version

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 1)
    # What YAML.parse does before building its parser; done by hand to reach the scanner first.
    yaml.doc_infos.append(DocInfo(requested_version=version(yaml.version)))
    _, parser = yaml.get_constructor_parser(io.StringIO(text))
    # goyaml does not know the JSON-compatible "\/" escape that ruamel accepts.
    yaml.scanner.ESCAPE_REPLACEMENTS = {k: v for k, v in yaml.scanner.ESCAPE_REPLACEMENTS.items() if k != "/"}
    while parser.check_event():
        yield parser.get_event()


class _Shape:
    """What building the node tree learnt about the document: its deepest nesting, whether it has aliases, and,
    when libyaml refused it, libyaml's error."""

    __slots__ = ("deepest", "aliases", "error")

    def __init__(self) -> None:
        self.deepest = 0
        self.aliases = False
        self.error: Exception | None = None


# ruamel's scanner slows quadratically with open flow levels; past this depth its error marks are not worth it.
_RUAMEL_DEPTH = 1000


def _first_document(text: str) -> tuple[_Node | None, _Shape]:
    """The node tree of the first document, or None for an empty stream; syntax errors become goyaml's texts.

    libyaml (PyYAML's C parser, the parser goyaml was ported from) reads well-formed input fast. Anything it
    refuses is parsed again by ruamel, whose error marks the goyaml wording is reconstructed from.
    """
    problem = utf8_problem(text)
    if problem is not None:
        raise _Fail(problem)
    shape = _Shape()
    parsed = _first_document_libyaml(text, shape)
    # goyaml does not know the JSON-compatible "\/" escape; the ruamel path is set up to refuse it.
    if parsed is not _UNPARSED and "\\/" not in text:
        return parsed, shape
    if shape.deepest > _RUAMEL_DEPTH:
        if parsed is _UNPARSED and shape.error is not None:
            raise _Fail(_goyaml_syntax_error(shape.error, text))
        if parsed is not _UNPARSED:
            _refuse_json_escape(text)
            return parsed, shape
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    shape = _Shape()
    try:
        return _build_document(_events(text), shape), shape
    except MarkedYAMLError as exc:
        raise _Fail(_goyaml_syntax_error(exc, text)) from None
    except YAMLError as exc:
        raise _Fail(_goyaml_plain_error(exc)) from None


_UNPARSED = object()


def _first_document_libyaml(text: str, shape: _Shape) -> Any:
    try:
        import yaml

        loader = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return _UNPARSED
    try:
        with _libyaml_depth(2 * YAML_DEPTH + 2):
            return _build_document(yaml.parse(text, Loader=loader), shape)
    except yaml.YAMLError as exc:
        shape.error = exc
        return _UNPARSED


_LIBYAML_NEST = None


@contextmanager
def _libyaml_depth(levels: int) -> Iterator[None]:
    """libyaml stops at 1000 nested collections by default, goyaml at 10000 flow levels and 10000 indentations.
    The limit is a global of the C library that PyYAML's wheel exports; it is raised for the duration of one parse
    (the depth itself is checked while the tree is built), so documents Helm accepts stay on the C parser. Where
    the symbol is missing, deep documents take ruamel's slower path instead."""
    global _LIBYAML_NEST
    if _LIBYAML_NEST is None:
        _LIBYAML_NEST = False
        try:
            import ctypes

            import yaml._yaml

            library = ctypes.CDLL(yaml._yaml.__file__)
            _LIBYAML_NEST = (library.yaml_get_max_nest_level, library.yaml_set_max_nest_level)
        except (ImportError, OSError, AttributeError):
            pass
    if not _LIBYAML_NEST:
        yield
        return
    get_level, set_level = _LIBYAML_NEST
    previous = get_level()
    set_level(max(previous, levels))
    try:
        yield
    finally:
        set_level(previous)


_FLOW, _BLOCK, _INDENTLESS = 0, 1, 2


def _build_document(events: Any, shape: _Shape) -> _Node | None:
    """Nodes from parser events (ruamel's or PyYAML's: both name their event classes after libyaml's).

    goyaml's depth limits are checked on the way: more than ``YAML_DEPTH`` open flow collections, or block
    collections that each push an indentation (a sequence written flush with its key does not)."""
    anchors: dict[str, _Node] = {}
    stack: list[_Node] = []
    levels: list[tuple[int, int]] = []  # per open collection: (_FLOW/_BLOCK/_INDENTLESS, start column)
    flow = block = 0
    root: _Node | None = None
    for event in events:
        kind = type(event).__name__
        if kind == "DocumentEndEvent":
            break
        if kind in ("StreamStartEvent", "DocumentStartEvent", "StreamEndEvent"):
            continue
        if kind in ("SequenceEndEvent", "MappingEndEvent"):
            stack.pop()
            style = levels.pop()[0]
            if style == _FLOW:
                flow -= 1
            elif style == _BLOCK:
                block -= 1
            continue
        mark = event.start_mark
        line = mark.line
        if kind == "AliasEvent":
            node = _Node("alias", line)
            node.value = event.anchor
            node.target = anchors.get(event.anchor)
            shape.aliases = True
            if node.target is None:
                raise _Fail(f"unknown anchor '{event.anchor}' referenced")
        elif kind == "ScalarEvent":
            node = _Node("scalar", line)
            node.value = event.value
            node.tag = _tag_text(event.tag)
            node.plain = bool(event.implicit[0]) or node.tag == "!"
        else:
            node = _Node("seq" if kind == "SequenceStartEvent" else "map", line)
            node.tag = _tag_text(event.tag)
        if getattr(event, "anchor", None) and node.kind != "alias":
            anchors[event.anchor] = node
        if stack:
            stack[-1].children.append(node)
        else:
            root = node
        if node.kind in ("seq", "map"):
            if event.flow_style:
                style = _FLOW
                flow += 1
                if flow > YAML_DEPTH:
                    raise _Fail(_line_prefix(mark) + f"exceeded max depth of {YAML_DEPTH}")
            elif node.kind == "seq" and levels and levels[-1] == (_BLOCK, mark.column) and stack[-1].kind == "map":
                style = _INDENTLESS
            else:
                style = _BLOCK
                block += 1
                if block > YAML_DEPTH:
                    raise _Fail(f"line {line + 1}: exceeded max depth of {YAML_DEPTH}")
            stack.append(node)
            levels.append((style, mark.column))
            if len(stack) > shape.deepest:
                shape.deepest = len(stack)
    return root


def _line_prefix(mark: Any) -> str:
    # goyaml prints no line for a problem on the first line (see _goyaml_syntax_error).
    return f"line {mark.line + 1}: " if mark.line else ""


def _refuse_json_escape(text: str) -> None:
    """goyaml's refusal of ``\\/`` in a double-quoted scalar, found without ruamel (for documents too deep for it)."""
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"', text):
        escape = re.search(r"\\/", match.group(0))
        if escape is not None and not _in_comment_or_single_quotes(text, match.start()):
            position = match.start() + escape.start() + 1
            line = text.count("\n", 0, position)
            raise _Fail((f"line {line + 1}: " if line else "") + "found unknown escape character")


def _in_comment_or_single_quotes(text: str, index: int) -> bool:
    start = text.rfind("\n", 0, index) + 1
    before = text[start:index]
    return "#" in before or before.count("'") % 2 == 1


# ruamel (PyYAML lineage) problem texts -> libyaml/goyaml problem texts.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "mapping values are not allowed in this context"),
    ("block sequence entries are not allowed", "block sequence entries are not allowed in this context"),
    ("that cannot start any token", "found character that cannot start any token"),
    ("found unknown escape character", "found unknown escape character"),
    ("expected escape sequence of", "did not find expected hexdecimal number"),
    ("found unexpected end of stream", "found unexpected end of stream"),
    ("could not find expected ':'", "could not find expected ':'"),
    ("found duplicate YAML directive", "found duplicate %YAML directive"),
    ("found duplicate tag handle", "found duplicate %TAG directive"),
    ("found incompatible YAML document", "found incompatible YAML document"),
    ("found undefined tag handle", "found undefined tag handle"),
    ("expected alphabetic or numeric character", "did not find expected alphabetic or numeric character"),
    ("expected a comment or a line break", "did not find expected comment or line break"),
    ("found unexpected document separator", "found unexpected document indicator"),
    ("expected '<document start>'", "did not find expected <document start>"),
    ("expected the node content", "did not find expected node content"),
    ("expected ',' or ']'", "did not find expected ',' or ']'"),
    ("expected ',' or '}'", "did not find expected ',' or '}'"),
    ("expected <block end>", ""),  # depends on the context, see below
)


def _goyaml_syntax_error(exc: Any, source: str) -> str:
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    message = ""
    for needle, text in _PROBLEMS:
        if needle in problem:
            message = text
            if needle == "expected <block end>":
                collection = "collection" in context
                message = "did not find expected '-' indicator" if collection else "did not find expected key"
            break
    if "tab" in problem and "indentation" in problem or problem.startswith("found character '\\t'"):
        message = "found a tab character that violates indentation"
    if not message:
        message = problem or "unknown problem parsing YAML content"
    # goyaml reports scanner errors with 1-based lines but parser errors with the 0-based line of the token, and
    # no line at all when the problem is on the first line (it then falls back to the context mark).
    from ruamel.yaml.scanner import ScannerError

    line = 0
    mark = exc.problem_mark
    # libyaml moves the stream-end token to a fresh line when the text does not end with a newline.
    at_end = mark is not None and mark.index >= len(source) and mark.column != 0
    if mark is not None and (mark.line != 0 or at_end):
        line = mark.line + (1 if isinstance(exc, ScannerError) or at_end else 0)
    elif exc.context_mark is not None and exc.context_mark.line != 0:
        line = exc.context_mark.line
    return f"line {line}: {message}" if line else message


def _goyaml_plain_error(exc: Any) -> str:
    text = str(exc)
    if "special characters are not allowed" in text or "unacceptable character" in text:
        return "control characters are not allowed"
    return text


# --------------------------------------------------------------------------------------------------------------
# Decoding nodes into Go values (goyaml.v2 decode.go behaviour, into interface{})


class _GoMap:
    """A ``map[interface{}]interface{}``: keys of different Go types never collide (``true`` is not ``1``)."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: dict[tuple[str, Any], tuple[Any, Any]] = {}

    def set(self, key: Any, value: Any) -> None:
        ident = (type(key).__name__, key if not isinstance(key, float) or not math.isnan(key) else id(key))
        self.entries[ident] = (key, value)


class _Decoder:
    def __init__(self) -> None:
        self.decode_count = 0
        self.alias_count = 0
        self.alias_depth = 0
        self.active_aliases: set[int] = set()

    def decode(self, node: _Node) -> Any:
        self.decode_count += 1
        if self.alias_depth > 0:
            self.alias_count += 1
        if (
            self.alias_count > ALIAS_MIN_ALIASES
            and self.decode_count > ALIAS_MIN_DECODES
            and self.alias_count / self.decode_count > alias_ratio_allowed(self.decode_count)
        ):
            raise _Fail("document contains excessive aliasing")
        if node.kind == "scalar":
            return self.scalar(node)
        if node.kind == "alias":
            return self.alias(node, lambda target: self.decode(target))
        if node.kind == "seq":
            return [self.decode(child) for child in node.children]
        out = _GoMap()
        self.fill_map(node, out)
        return out

    def alias(self, node: _Node, use: Callable[[_Node], Any]) -> Any:
        if id(node) in self.active_aliases:
            raise _Fail(f"anchor '{node.value}' value contains itself")
        self.active_aliases.add(id(node))
        self.alias_depth += 1
        try:
            assert node.target is not None
            return use(node.target)
        finally:
            self.alias_depth -= 1
            self.active_aliases.discard(id(node))

    def scalar(self, node: _Node) -> Any:
        if not node.tag and not node.plain:
            return node.value  # quoted and block scalars are strings
        tag, value = _resolve(node.tag, node.value)
        if tag == _BINARY:
            try:
                decoded = base64.b64decode(node.value.replace("\n", "").replace("\r", ""), validate=True)
            except (binascii.Error, ValueError):
                raise _Fail("!!binary value contains invalid base64 data") from None
            return decoded.decode("utf-8", "replace")
        return value

    def fill_map(self, node: _Node, out: _GoMap) -> None:
        children = node.children
        for index in range(0, len(children) - 1, 2):
            key_node, value_node = children[index], children[index + 1]
            if key_node.kind == "scalar" and key_node.value == "<<" and (key_node.plain or key_node.tag == _MERGE):
                self.merge(value_node, out)
                continue
            key = self.decode(key_node)
            if isinstance(key, (list, _GoMap)):
                raise _Fail(f"invalid map key: {_go_syntax(key)}")
            out.set(key, self.decode(value_node))

    def merge(self, node: _Node, out: _GoMap) -> None:
        # goyaml.v2 decodes merged maps in place, so they also override keys written before "<<"; in a sequence
        # earlier maps win, hence the reverse walk.
        if node.kind == "map":
            self.count_and_fill(node, out)
        elif node.kind == "alias":
            if node.target is not None and node.target.kind != "map":
                raise _Fail("map merge requires map or sequence of maps as the value")
            self.alias(node, lambda target: self.count_and_fill(target, out))
        elif node.kind == "seq":
            for child in reversed(node.children):
                if child.kind == "alias":
                    if child.target is not None and child.target.kind != "map":
                        raise _Fail("map merge requires map or sequence of maps as the value")
                    self.alias(child, lambda target: self.count_and_fill(target, out))
                elif child.kind != "map":
                    raise _Fail("map merge requires map or sequence of maps as the value")
                else:
                    self.count_and_fill(child, out)
        else:
            raise _Fail("map merge requires map or sequence of maps as the value")

    def count_and_fill(self, node: _Node, out: _GoMap) -> None:
        self.decode_count += 1
        if self.alias_depth > 0:
            self.alias_count += 1
        self.fill_map(node, out)


def _go_syntax(value: Any) -> str:
    """Go's ``%#v`` of a decoded YAML value, for goyaml's and sigs.k8s.io/yaml's error texts."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _Uint64):
        return hex(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        from chartgen.gotemplate.goprint import format_float

        return format_float(value)
    if isinstance(value, str):
        return gostrconv.quote(value)
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_syntax(item) for item in value) + "}"
    if isinstance(value, _GoMap):
        pairs = sorted(value.entries.values(), key=lambda kv: str(kv[0]))
        return "map[interface {}]interface {}{" + ", ".join(f"{_go_syntax(k)}:{_go_syntax(v)}" for k, v in pairs) + "}"
    return repr(value)


# --------------------------------------------------------------------------------------------------------------
# The JSON step of sigs.k8s.io/yaml


def _format_float32(value: float) -> str:
    """``strconv.FormatFloat(f, 'g', -1, 32)``: the shortest digits that survive a round trip through float32.

    A finite float64 beyond float32's range is ``+Inf`` too (Helm shows ``appVersion: 1e39`` as ``+Inf``).
    """
    single = struct.unpack("f", struct.pack("f", value))[0]
    if math.isinf(single):
        return "+Inf" if single > 0 else "-Inf"
    if math.isnan(single):
        return "NaN"
    if single == 0:
        return "-0" if math.copysign(1, single) < 0 else "0"
    for precision in range(1, 10):
        text = f"{abs(single):.{precision - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == abs(single):
            break
    mantissa, _, exponent = text.partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    exp = int(exponent)
    sign = "-" if single < 0 else ""
    if exp < -4 or exp >= 6:
        head = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{head}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    point = exp + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


_YAML_SPECIAL_KEYS = {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}


def _json_key(key: Any, value: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int) and not isinstance(key, _Uint64):
        return str(key)
    if isinstance(key, float):
        text = _format_float32(key)
        return _YAML_SPECIAL_KEYS.get(text, text)  # sigs.k8s.io/yaml spells these keys the YAML way
    type_name = "%!s(<nil>)" if key is None else ("uint64" if isinstance(key, _Uint64) else type(key).__name__)
    raise YamlUnmarshalError(
        f"error converting YAML to JSON: unsupported map key of type: {type_name}, key: {_go_syntax(key)}, "
        f"value: {_go_syntax(value)}"
    )


def _jsonable(value: Any) -> Any:
    """Keys stringified; every number made a float64 the way encoding/json's round trip does."""
    if isinstance(value, _GoMap):
        return {_json_key(k, v): _jsonable(v) for k, v in value.entries.values()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return float(value)  # correctly rounded, like Go's ParseFloat of the JSON digits
    return value


def _check_finite(value: Any) -> None:
    """json.Marshal refuses NaN and infinities; it walks maps in sorted key order."""
    if isinstance(value, float) and not math.isfinite(value):
        text = "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
        raise YamlUnmarshalError(f"error converting YAML to JSON: json: unsupported value: {text}")
    if isinstance(value, dict):
        for key in sorted(value):
            _check_finite(value[key])
    elif isinstance(value, list):
        for item in value:
            _check_finite(item)


def json_kind(value: Any) -> str:
    """encoding/json's word for a decoded value in ``cannot unmarshal <kind> into ...`` errors."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


# Python frames one nesting level costs the recursive steps below (decode, fill_map, alias; _jsonable...).
_FRAMES_PER_LEVEL = 4


def _decode(text: str) -> tuple[Any, int]:
    """goyaml.v2's decoding of the first document into ``interface{}`` (maps are :class:`_GoMap`), and the
    nesting depth of the result (aliases included)."""
    try:
        root, shape = _first_document(text)
        if root is None:
            return None, 0
        depth = _alias_depth(root) if shape.aliases else shape.deepest
        if depth > 2 * YAML_DEPTH + 1:
            # Only aliases nest a value this deep; Go decodes it and its JSON step fails on the depth.
            raise YamlUnmarshalError(_json_depth_text("{" if _deep_kind(root) == "map" else "["))
        with _room(depth):
            return _Decoder().decode(root), depth
    except _Fail as exc:
        raise YamlUnmarshalError(f"error converting YAML to JSON: yaml: {exc}") from None


@contextmanager
def _room(depth: int) -> Iterator[None]:
    """Recursion room for walking a value ``depth`` levels deep; a stack too small for it is a typed error."""
    try:
        with recursion_room(depth * _FRAMES_PER_LEVEL + 100):
            yield
    except RecursionError:
        raise YamlUnmarshalError(
            f"error converting YAML to JSON: a document nested {depth} levels deep is more than this Python "
            "stack can walk"
        ) from None


def _alias_depth(root: _Node) -> int:
    """The nesting depth of ``root`` once its aliases are expanded, without expanding them (each anchored
    node's height is known by the time an alias to it is met, since an anchor precedes its aliases)."""
    heights: dict[int, int] = {}
    stack: list[tuple[_Node, int]] = [(root, 0)]
    while stack:
        node, index = stack.pop()
        if node.kind in ("seq", "map") and index < len(node.children):
            stack.append((node, index + 1))
            stack.append((node.children[index], 0))
            continue
        if node.kind == "alias":
            # An alias inside its own anchor has no height yet: the decoder refuses it anyway.
            heights[id(node)] = heights.get(id(node.target), 0)
        elif node.kind == "scalar":
            heights[id(node)] = 0
        else:
            heights[id(node)] = 1 + max((heights[id(child)] for child in node.children), default=0)
    return heights[id(root)]


def _deep_kind(root: _Node) -> str:
    """The kind of the collection at depth JSON_DEPTH + 1 on the first deepest path (for Go's error text)."""
    node, depth = root, 1
    while depth <= JSON_DEPTH:
        node = node.target if node.kind == "alias" and node.target is not None else node
        nxt = next((c for c in node.children if c.kind in ("seq", "map", "alias")), None)
        if nxt is None:
            break
        node, depth = nxt, depth + 1
    node = node.target if node.kind == "alias" and node.target is not None else node
    return node.kind


def _json_depth_text(bracket: str) -> str:
    return f"error unmarshaling JSON: while decoding JSON: invalid character '{bracket}' exceeded max depth"


def _check_json_depth(value: Any, depth: int) -> None:
    """encoding/json refuses input nested deeper than JSON_DEPTH, at the first bracket past it in the JSON text
    (keys sorted, as json.Marshal wrote them)."""
    if depth <= JSON_DEPTH:
        return
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            if level > JSON_DEPTH:
                raise YamlUnmarshalError(_json_depth_text("{"))
            stack.extend((item[key], level + 1) for key in sorted(item, reverse=True))
        elif isinstance(item, list):
            if level > JSON_DEPTH:
                raise YamlUnmarshalError(_json_depth_text("["))
            stack.extend((child, level + 1) for child in reversed(item))


def _string_keys(value: Any) -> Any:
    """Map keys stringified as sigs.k8s.io/yaml does, everything else still the Go value goyaml decoded."""
    if isinstance(value, _GoMap):
        return {_json_key(k, v): _string_keys(v) for k, v in value.entries.values()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def decode_for_struct(text: str) -> Any:
    """The first document as sigs.k8s.io/yaml hands it to a Go struct target (``chart.Metadata``, ``chart.Lock``):
    keys are strings, but numbers and booleans are still goyaml's ints and floats, because a string field takes
    their text (see :func:`as_string_field`) rather than the float64 the JSON round trip would give.

    Raises :class:`YamlUnmarshalError` with Go's error text.
    """
    return cached_struct(text, _decode_for_struct, _Uint64)


def _decode_for_struct(text: str) -> Any:
    decoded, depth = _decode(text)
    with _room(depth):
        value = _string_keys(decoded)
    _check_json_depth(value, depth)
    return value


def unmarshal(text: str, target: str = "map", *, one_of_many: bool = False) -> Any:
    """``sigs.k8s.io/yaml.Unmarshal`` of the first document into ``map[string]interface{}`` (``target="map"``) or
    ``[]interface{}`` (``"slice"``). Returns None when the document is empty or null (Go leaves a nil target).
    ``one_of_many``: the text is one of a run's many (lint decodes every rendered document), so a small one is not
    worth a disk cache entry (``decode_cache.SMALL_TEXT_CHARS``).

    Raises :class:`YamlUnmarshalError` with Go's error text.
    """
    return cached_unmarshal(text, target, _unmarshal, one_of_many=one_of_many)


def _unmarshal(text: str, target: str) -> Any:
    decoded, depth = _decode(text)
    with _room(depth):
        value = _jsonable(decoded)
        _check_finite(value)
    _check_json_depth(value, depth)
    if value is None:
        return None
    wanted = dict if target == "map" else list
    if not isinstance(value, wanted):
        go_target = "map[string]interface {}" if target == "map" else "[]interface {}"
        raise YamlUnmarshalError(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            f"{json_kind(value)} into Go value of type {go_target}"
        )
    return value


# --------------------------------------------------------------------------------------------------------------
# Helm's entry points


def merge_maps(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's ``mergeMaps`` (``-f`` files, Helm 4's documents): nested maps merge, anything else replaces.

    Returns a new top-level map; like Go, untouched nested maps are shared with the inputs, not copied.
    """
    out = dict(base)
    for key, value in override.items():
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            out[key] = merge_maps(current, value)
        else:
            out[key] = value
    return out


def _split_documents(text: str) -> list[str]:
    """k8s.io/apimachinery's YAMLReader as Helm 4 uses it: a document ends at a line starting with ``---``."""
    documents: list[str] = []
    buffer: list[str] = []
    for line in io.StringIO(text):
        if line.startswith("---"):
            rest = line[3:].strip()
            if rest and not rest.startswith("#"):
                raise ValueError(f"error reading yaml document: invalid Yaml document separator: {rest}")
            if buffer:
                documents.append("".join(buffer))
                buffer = []
            continue
        buffer.append(line)
    if buffer:
        documents.append("".join(buffer))
    return documents


def _load(text: str, profile: HelmProfile) -> dict[str, Any]:
    if not profile.multi_document_values:
        return unmarshal(text) or {}
    values: dict[str, Any] = {}
    for document in _split_documents(text):
        try:
            current = unmarshal(document) or {}
        except YamlUnmarshalError as exc:
            raise ValueError(f"cannot unmarshal yaml document: {exc}") from None
        values = merge_maps(values, current)
    return values


def load_values(text: str, source: str, *, profile: HelmProfile) -> dict[str, Any]:
    """A values file (the chart's ``values.yaml``, or a ``-f`` file named ``source``) as Helm loads it.

    Helm 3 reads the first document only; Helm 4 deep-merges all ``---``-separated documents, later ones winning.
    Raises :class:`ValuesLoadError` with Helm's message.
    """
    try:
        return _load(text, profile)
    except (YamlUnmarshalError, ValueError) as exc:
        raise ValuesLoadError(str(exc), source) from None


@go_signature("string")
def from_yaml(text: str) -> dict[str, Any]:
    """Helm's ``fromYaml``: the first document as a map (``{}`` when empty or null); a failure is returned as
    ``{"Error": "<text>"}`` rather than raised."""
    try:
        value = unmarshal(text, "map")
    except YamlUnmarshalError as exc:
        return {"Error": str(exc)}
    return {} if value is None else value


@go_signature("string")
def from_yaml_array(text: str) -> list[Any]:
    """Helm's ``fromYamlArray``: the first document as a list (``[]`` when empty or null); a failure is returned
    as ``["<text>"]``."""
    try:
        value = unmarshal(text, "slice")
    except YamlUnmarshalError as exc:
        return [str(exc)]
    return [] if value is None else value


FUNCS: dict[str, Callable[..., Any]] = {"fromYaml": from_yaml, "fromYamlArray": from_yaml_array}


# --------------------------------------------------------------------------------------------------------------
# Manifest heads: releaseutil's SimpleHead, which Helm decodes from every rendered document

_METADATA_TYPE = 'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }'


def as_string_field(value: Any) -> Any:
    """sigs.k8s.io/yaml turns YAML numbers and booleans into strings when the Go field is a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _format_float32(value)
    return value


def _field(mapping: dict[str, Any], name: str) -> tuple[bool, Any]:
    """encoding/json's case-insensitive field match; with several spellings the last in key order wins."""
    found: tuple[bool, Any] = (False, None)
    for key in sorted(mapping):
        if key.lower() == name.lower():
            found = (True, mapping[key])
    return found


def _type_error(value: Any, field: str, go_type: str) -> YamlUnmarshalError:
    return YamlUnmarshalError(
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
        f"{json_kind(value)} into Go struct field {field} of type {go_type}"
    )


def _head_string(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _type_error(value, field, "string")
    return value


def read_manifest_head(content: str, path: str, *, profile: HelmProfile = HELM_3) -> dict[str, Any]:
    """The ``apiVersion``, ``kind`` and ``metadata`` (``name``, ``annotations``) Helm reads from a rendered
    document to sort it and spot hooks (``releaseutil.SimpleHead``).

    Raises ValueError with Helm's message (``YAML parse error on <path>: ...``).
    """
    head = fast_head(content)
    if head is not None:
        return head
    try:
        return _read_head(content, profile)
    except YamlUnmarshalError as exc:
        raise ValueError(f"YAML parse error on {path}: {exc}") from None


def _read_head(content: str, profile: HelmProfile) -> dict[str, Any]:
    decoded, depth = _decode(content)
    with _room(depth):
        return _head_of(decoded, depth, profile)


def _head_of(decoded: Any, depth: int, profile: HelmProfile) -> dict[str, Any]:
    if isinstance(decoded, _GoMap):
        converted = {}
        for key, value in decoded.entries.values():
            name = _json_key(key, value)
            if name.lower() in ("apiversion", "kind"):
                value = as_string_field(value)
            elif name.lower() == "metadata" and isinstance(value, _GoMap):
                value = _metadata_fields(value)
            converted[name] = _jsonable(value)
        value = converted
    else:
        value = _jsonable(decoded)
    _check_finite(value)
    _check_json_depth(value, depth)
    head: dict[str, Any] = {"apiVersion": "", "kind": "", "metadata": None}
    if value is None:
        return head
    if not isinstance(value, dict):
        type_name = "util.SimpleHead" if profile.error_wording_4 else "releaseutil.SimpleHead"
        raise YamlUnmarshalError(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            f"{json_kind(value)} into Go value of type {type_name}"
        )
    for key in sorted(value):
        lowered = key.lower()
        if lowered in ("apiversion", "kind"):
            canonical = "apiVersion" if lowered == "apiversion" else "kind"
            head[canonical] = _head_string(value[key], f"SimpleHead.{canonical}")
        elif lowered == "metadata":
            head["metadata"] = _head_metadata(value[key])
    return head


def _metadata_fields(metadata: _GoMap) -> _GoMap:
    out = _GoMap()
    for key, value in metadata.entries.values():
        name = _json_key(key, value)
        if name.lower() == "name":
            value = as_string_field(value)
        elif name.lower() == "annotations" and isinstance(value, _GoMap):
            annotations = _GoMap()
            for akey, avalue in value.entries.values():
                annotations.set(akey, as_string_field(avalue))
            value = annotations
        out.set(key, value)
    return out


def _head_metadata(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _type_error(value, "SimpleHead.metadata", _METADATA_TYPE)
    found, name = _field(value, "name")
    metadata: dict[str, Any] = {"name": _head_string(name, ".metadata.name") if found else "", "annotations": None}
    found, annotations = _field(value, "annotations")
    if found and annotations is not None:
        if not isinstance(annotations, dict):
            raise _type_error(annotations, ".metadata.annotations", "map[string]string")
        metadata["annotations"] = {
            key: _head_string(annotations[key], ".metadata.annotations") for key in sorted(annotations)
        }
    return metadata


_SURROGATE = re.compile("[\ud800-\udfff]")
_LEADS = ((0x80, 0x00), (0xE0, 0xC0), (0xF0, 0xE0), (0xF8, 0xF0))  # (mask, value) of a 1- to 4-byte lead octet
_FIRST_BITS = (0x7F, 0x1F, 0x0F, 0x07)
_SMALLEST = (0, 0x80, 0x800, 0x10000)


def utf8_problem(text: str) -> str | None:
    """goyaml's reader error for input that is not UTF-8 (read here with ``surrogateescape``), else None.

    Without it the bytes would reach Python's YAML parsers as lone surrogates and fail with a codec error."""
    if _SURROGATE.search(text) is None:
        return None
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "invalid Unicode character"
    i = 0
    while i < len(raw):
        octet = raw[i]
        width = next((w for w, (mask, lead) in enumerate(_LEADS, 1) if octet & mask == lead), 0)
        if width == 0:
            return "invalid leading UTF-8 octet"
        if i + width > len(raw):
            return "incomplete UTF-8 octet sequence"
        value = octet & _FIRST_BITS[width - 1]
        for trailing in raw[i + 1 : i + width]:
            if trailing & 0xC0 != 0x80:
                return "invalid trailing UTF-8 octet"
            value = value << 6 | trailing & 0x3F
        if value < _SMALLEST[width - 1]:
            return "invalid length of a UTF-8 sequence"
        if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            return "invalid Unicode character"
        i += width
    return None
