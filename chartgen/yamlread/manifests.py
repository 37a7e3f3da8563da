"""Kubernetes objects read as a Kubernetes client reads them: plain data, and node trees that keep positions.

Rendered manifests, exported CRDs and Secrets are YAML that kubectl and client-go decode. PyYAML's safe loader on
libyaml (the parser goyaml was ported from) reads them fast and structurally as goyaml does; its one rule that
Kubernetes lacks, the timestamp, is dropped, so ``2024-01-01`` stays the string the API server would keep.

Callers run :func:`chartgen.yamlread.limits.guard_yaml` first (these readers expand nothing themselves, but what
walks their result would) and word syntax errors for their own command.
"""

from __future__ import annotations

from typing import Any

__all__ = ["compose_document", "manifest_loader"]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_LOADER: type | None = None


def manifest_loader() -> type:
    """PyYAML's safe loader (libyaml's when available) without timestamps. Made once, on first use (PyYAML is
    imported only then)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        resolvers = {
            first: [(tag, rx) for tag, rx in rules if tag != _TIMESTAMP]
            for first, rules in base.yaml_implicit_resolvers.items()
        }
        _LOADER = type("ManifestLoader", (base,), {"yaml_implicit_resolvers": resolvers})
    return _LOADER


def compose_document(content: str) -> tuple[Any, Exception | None]:
    """libyaml's node tree of the one document in ``content`` (every key and item with its position), or None
    with the parser's syntax error. Nothing is constructed, so no scalar is interpreted and no alias expanded."""
    import yaml

    try:
        return yaml.compose(content, Loader=manifest_loader()), None
    except yaml.YAMLError as exc:
        return None, exc
