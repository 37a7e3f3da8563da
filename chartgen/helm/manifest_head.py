"""A fast path for reading a rendered document's head (``apiVersion``, ``kind``, ``metadata``).

Helm decodes every rendered document to sort it, which in chartgen's pure-Python YAML reader costs milliseconds
per document. libyaml (through PyYAML's C loader) is the parser goyaml was ported from, so it accepts and rejects
the same documents; it is used for the common case, a well-formed document whose head fields are plain strings.
Anything unusual — a syntax error (whose wording must be goyaml's), non-string head fields, merge keys, keys that
only match case-insensitively — returns ``None`` so the exact reader in ``yaml_load`` decides.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fast_head"]

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


def _string(node: Any) -> str | None:
    from yaml.nodes import ScalarNode

    if isinstance(node, ScalarNode) and node.tag == _STR:
        return node.value
    return None


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
            value = _string(fields[key])
            if value is None:
                return None
            head[key] = value
    if "metadata" in fields:
        metadata = _string_map(fields["metadata"], _METADATA_KEYS)
        if metadata is None:
            return None
        decoded: dict[str, Any] = {"name": "", "annotations": None}
        if "name" in metadata:
            name = _string(metadata["name"])
            if name is None:
                return None
            decoded["name"] = name
        if "annotations" in metadata:
            annotations = _string_map(metadata["annotations"], None)
            if annotations is None:
                return None
            values = {k: _string(v) for k, v in annotations.items()}
            if any(v is None for v in values.values()):
                return None
            decoded["annotations"] = values
        head["metadata"] = decoded
    return head
