"""A fast path for reading a rendered document's head (``apiVersion``, ``kind``, ``metadata``).

Helm decodes every rendered document to sort it, which in chartgen's pure-Python YAML reader costs milliseconds
per document. libyaml (through PyYAML's C loader) is the parser goyaml was ported from, so it accepts and rejects
the same documents; it is used for the common case, a well-formed document whose head fields are plain strings.
Anything unusual — a syntax error (whose wording must be goyaml's), non-string head fields, merge keys, keys that
only match case-insensitively — returns ``None`` so the exact reader in ``yaml_load`` decides.

Composing a whole document into Python nodes and walking them costs far more than the render itself on charts
that ship megabytes of CRDs, so :func:`scanned_head` tries a cheaper route first: libyaml checks the syntax of the
whole document in C, a linear scan of the text proves that no construct the JSON step rejects can occur, and only
the head entries at the top of the root mapping are composed. When the scan is in doubt the whole document is
composed as before (:func:`composed_head`); both routes give the same answer wherever the scan answers.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["ODD_CHARACTERS", "composed_head", "fast_head", "scanned_head"]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_HEAD_KEYS = {"apiversion", "kind", "metadata"}
_METADATA_KEYS = {"name", "annotations"}


def _loader() -> Any:
    try:
        import yaml

        return yaml, yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None, None


# Plain scalars that libyaml's resolver (YAML 1.1 as PyYAML reads it) calls strings but goyaml may not: goyaml
# also reads y/n as booleans and numbers such as 1e3, 0o17 or +.5, which Helm then turns into "true" or "1000".
_MAYBE_NOT_A_STRING_START = tuple("+-.0123456789")
_MAYBE_NOT_A_STRING = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}


def _string(node: Any) -> str | None:
    from yaml.nodes import ScalarNode

    if isinstance(node, ScalarNode) and node.tag == _STR:
        return node.value
    return None


def _string_value(node: Any) -> str | None:
    """A head field's value, when goyaml reads it as the same string."""
    value = _string(node)
    if value is None or node.style:  # quoted or block scalars are strings to both
        return value
    if value.startswith(_MAYBE_NOT_A_STRING_START) or value.lower() in _MAYBE_NOT_A_STRING:
        return None
    return value


def _string_map(node: Any, wanted: set[str] | None) -> dict[str, Any] | None:
    from yaml.nodes import MappingNode

    if not isinstance(node, MappingNode) or node.tag != _MAP:
        return None
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _string(key_node)
        if key is None or key == "<<":
            return None
        if wanted is not None:
            if key.lower() in wanted and key not in ("apiVersion", "kind", "metadata", "name", "annotations"):
                return None  # encoding/json matches field names case-insensitively; leave that to the exact reader
            if key not in wanted and key not in ("apiVersion", "kind", "metadata"):
                continue
        out[key] = value_node
    return out


_FLOAT = "tag:yaml.org,2002:float"
_JSON_KEY_TAGS = {_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", _FLOAT}


def _converts_to_json(root: Any) -> bool:
    """Whether sigs.k8s.io/yaml's YAML-to-JSON step would succeed: no infinities or NaNs, no null or
    collection keys anywhere in the document (the whole document is converted, not only the head). A node met
    twice is an alias; a collection behind one is expanded under goyaml's aliasing budget, which the exact reader
    applies."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            if isinstance(node, ScalarNode):
                continue
            return False
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag == _FLOAT and node.value.lstrip("+-").lower() in (".inf", ".nan"):
                return False
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or key.tag not in _JSON_KEY_TAGS:
                    return False
                stack.extend((key, value))
    return True


def fast_head(content: str) -> dict[str, Any] | None:
    """The head of a plain, well-formed document, or None when the exact reader must decide."""
    yaml, loader = _loader()
    if yaml is None:
        return None
    head = _scanned_head(yaml, loader, content)
    if head is _IN_DOUBT:
        return _composed_head(yaml, loader, content)
    return head


def composed_head(content: str) -> dict[str, Any] | None:
    """:func:`fast_head` by composing the whole document (the route taken when the scan is in doubt)."""
    yaml, loader = _loader()
    return None if yaml is None else _composed_head(yaml, loader, content)


def scanned_head(content: str) -> dict[str, Any] | None:
    """:func:`fast_head` by the scan alone; None when it is in doubt (or the document is one to step aside for)."""
    yaml, loader = _loader()
    if yaml is None:
        return None
    head = _scanned_head(yaml, loader, content)
    return None if head is _IN_DOUBT else head


_IN_DOUBT: Any = object()

# Everything that could make composing fail or the JSON step disagree, found conservatively: a construct is
# reported wherever it could start a token, which inside a scalar only costs a fall-back to the composing route.
# Each pattern starts with a literal, so the regex engine skips to its candidates at C speed (a character class or
# a single combined pattern is ten times slower), and every quantifier is possessive or bounded, so no input makes
# it backtrack.
_KEY_END = r"\s*+[:,}\]]"  # ends a key (a bare entry of a flow mapping is a key too)
_ANCHOR_NAME = r"[0-9A-Za-z_-]++(?![^\s?:,\]}%@`])"  # a name ends where libyaml ends it


def _after_token_start(text: str) -> str:
    """A lookbehind: ``text`` starts the document or follows white space, "[", "{" or ","."""
    return r"(?<![^\s\[{,]" + text + ")"


def _at_token_start(indicator: str, rest: str) -> str:
    literal = re.escape(indicator)
    return literal + _after_token_start(literal) + rest


_RISKY_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\A(?:---|\.\.\.|%)",  # document markers and directives: more than one document, or directives
        r"\n(?:---|\.\.\.|%)",
        r"\.(?:[iI][nN][fF]|[nN][aA][nN])(?![0-9A-Za-z])",  # infinities and NaNs in any spelling and sign
        r"<<",  # merge keys
        r"\][ \t]*+:",  # a flow collection as a key
        r"\}[ \t]*+:",
        r"\{\s*+[\[{]",  # a flow collection as a key of a flow mapping (or a harmless nested flow sequence)
        r",\s*+[\[{]",
        _at_token_start("!", ""),  # tags: !!float, !!null, local tags
        _at_token_start("&", _ANCHOR_NAME),  # anchors and aliases
        _at_token_start("*", _ANCHOR_NAME),
        _at_token_start("?", r"(?:[\s,\[\]{}]|\Z)"),  # explicit keys
        _at_token_start(":", r"(?:[\s,\[\]{}]|\Z)"),  # empty keys
        _at_token_start("~", _KEY_END),  # null keys, in each spelling that resolves to null
        _at_token_start("null", _KEY_END),
        _at_token_start("Null", _KEY_END),
        _at_token_start("NULL", _KEY_END),
        _at_token_start("=", _KEY_END),  # the value key
        r"-[0-9](?<=" + _after_token_start("") + r"[0-9]{4}-[0-9])",  # timestamps, not JSON keys
    )
)
# Line breaks other than LF (the head's lines are counted on LF) and byte-order marks.
ODD_CHARACTERS = "\r\x85\u2028\u2029\ufeff"

# A line starting in column 0 from the first key after the head entries on is a key of the root mapping (or text
# of a scalar or flow collection spread over lines, or an item of an indentless sequence). It must be a plain key
# that resolves to a string and is not one of the head fields in any spelling (a quoted key could spell one with
# escapes).
_RISKY_ROOT_KEY = r"(?:[^a-z_\s#-]|-(?!\s|\Z)|apiversion|kind|metadata|(?:null|yes|no|true|false|on|off)[ \t]*+:)"
_RISKY_FIRST_ROOT_KEY = re.compile(_RISKY_ROOT_KEY, re.ASCII | re.IGNORECASE)
_RISKY_LATER_ROOT_KEY = re.compile(r"\n" + _RISKY_ROOT_KEY, re.ASCII | re.IGNORECASE)


def _risky(content: str) -> bool:
    return any(c in content for c in ODD_CHARACTERS) or any(p.search(content) for p in _RISKY_PATTERNS)


def _scanned_head(yaml: Any, loader: Any, content: str) -> Any:
    """The head composed from the entries before the first other root key, or ``_IN_DOUBT``.

    That equals composing the whole document when: the text holds nothing risky (so the JSON step accepts every
    node), libyaml accepts the whole document, and no later root key could be a head field or a non-string key
    (which ``_string_map`` would refuse).
    """
    from yaml import _yaml

    if _risky(content):
        return _IN_DOUBT
    try:
        parser = _yaml.CParser(content)
        stop = _end_of_head(yaml, parser)
        if stop is None:
            return _IN_DOUBT
        _yaml.CParser(content).raw_parse()  # the whole document's syntax, in C, without building events
    except (yaml.YAMLError, UnicodeEncodeError):
        return _IN_DOUBT
    offset = _line_offset(content, stop)
    if offset is None or _RISKY_FIRST_ROOT_KEY.match(content, offset) or _RISKY_LATER_ROOT_KEY.search(content, offset):
        return _IN_DOUBT
    return _composed_head(yaml, loader, content[:offset])  # every head field is in this prefix


def _end_of_head(yaml: Any, parser: Any) -> int | None:
    """The line of the first root key that is not a head field, when the root is a block mapping in column 0 and
    the head fields come first; None otherwise."""
    for expected in (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent):
        event = parser.get_event()
        if not isinstance(event, expected):
            return None
    if event.flow_style or event.anchor is not None or not event.implicit:
        return None
    while True:
        key = parser.get_event()
        if not isinstance(key, yaml.ScalarEvent) or key.start_mark.column != 0:
            return None
        if key.value.lower() not in _HEAD_KEYS:
            return key.start_mark.line
        if not _skip_node(yaml, parser):
            return None


def _skip_node(yaml: Any, parser: Any) -> bool:
    depth = 0
    while True:
        event = parser.get_event()
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            return False
        if depth == 0:
            return True


def _line_offset(content: str, line: int) -> int | None:
    offset = 0
    for _ in range(line):
        offset = content.find("\n", offset) + 1
        if offset == 0:
            return None
    return offset


def _composed_head(yaml: Any, loader: Any, content: str) -> dict[str, Any] | None:
    try:
        root = yaml.compose(content, Loader=loader)
    except (yaml.YAMLError, UnicodeEncodeError):  # bytes that are not UTF-8: the exact reader words it as Helm
        return None
    head: dict[str, Any] = {"apiVersion": "", "kind": "", "metadata": None}
    if root is None:
        return head
    if not _converts_to_json(root):
        return None
    fields = _string_map(root, _HEAD_KEYS)
    if fields is None:
        return None
    for key in ("apiVersion", "kind"):
        if key in fields:
            value = _string_value(fields[key])
            if value is None:
                return None
            head[key] = value
    if "metadata" in fields:
        metadata = _string_map(fields["metadata"], _METADATA_KEYS)
        if metadata is None:
            return None
        decoded: dict[str, Any] = {"name": "", "annotations": None}
        if "name" in metadata:
            name = _string_value(metadata["name"])
            if name is None:
                return None
            decoded["name"] = name
        if "annotations" in metadata:
            annotations = _string_map(metadata["annotations"], None)
            if annotations is None:
                return None
            values = {k: _string_value(v) for k, v in annotations.items()}
            if any(v is None for v in values.values()):
                return None
            decoded["annotations"] = values
        head["metadata"] = decoded
    return head
