"""Parsed templates kept on disk between runs, keyed by a hash of everything the parse depends on.

Lexing and parsing a chart's templates costs more than executing them in a short ``chartgen render``, and CI
renders the same charts on every push. As Python keeps bytecode in ``__pycache__``, chartgen keeps parse trees:
the key is a SHA-256 of the template's name and text, the set of function names the parser accepts, the Python
version and the source of chartgen's lexer, parser and node types, so a changed template, chartgen or Python
never meets a stale tree. A cache file only ever holds trees chartgen's own parser built; it is read with an
unpickler that can build parse-tree nodes and nothing else, so a planted file cannot run code either.

Where the cache lives, how it is switched off and how it stays bounded is ``chartgen/disk_cache.py``'s; any
failure to read or write it only means parsing again.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from chartgen.disk_cache import cache_root, read_entry, write_entry
from chartgen.gotemplate import lex, node, parse
from chartgen.gotemplate.parse import Tree

__all__ = ["KIND", "cached_parse"]

# The cache folder parse trees live in.
KIND = "trees"

# Bumped when the file layout changes; the parser's own changes are caught by hashing its source.
_FORMAT = b"chartgen-trees-1"

_ALLOWED = {
    ("chartgen.gotemplate.parse", "Tree"): Tree,
    ("builtins", "complex"): complex,
    **{
        ("chartgen.gotemplate.node", name): cls
        for name, cls in vars(node).items()
        if isinstance(cls, type) and issubclass(cls, node.Node)
    },
}


class _TreeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a parse-tree type")
        return found


_fingerprint: bytes | None = None
_funcs_digests: dict[frozenset[str], bytes] = {}


def _parser_fingerprint() -> bytes:
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256(_FORMAT)
        digest.update(f"{sys.implementation.cache_tag}".encode())
        for module in (lex, node, parse):
            digest.update(Path(module.__file__ or "").read_bytes())
        _fingerprint = digest.digest()
    return _fingerprint


def _key(name: str, text: str, funcs: frozenset[str]) -> str:
    funcs_digest = _funcs_digests.get(funcs)
    if funcs_digest is None:
        funcs_digest = _funcs_digests[funcs] = hashlib.sha256("\0".join(sorted(funcs)).encode()).digest()
    digest = hashlib.sha256(_parser_fingerprint())
    digest.update(funcs_digest)
    digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def cached_parse(
    name: str, text: str, funcs: frozenset[str], parse_text: Callable[[], dict[str, Tree]]
) -> dict[str, Tree]:
    """The trees of ``text`` from the cache, or ``parse_text()``'s, which are then stored for the next run.

    Parse errors are not cached: they propagate from ``parse_text`` as they would without a cache."""
    if cache_root() is None:
        return parse_text()
    try:
        key = _key(name, text, funcs)
    except (OSError, UnicodeError):
        return parse_text()
    trees = _decode(read_entry(KIND, key))
    if trees is None:
        trees = parse_text()
        data = _encode(trees)
        if data is not None:
            write_entry(KIND, key, data)
    return trees


def _decode(data: bytes | None) -> dict[str, Tree] | None:
    if data is None:
        return None
    try:
        trees = _TreeUnpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged or foreign file is a cache miss, whatever the unpickler makes of it
        return None
    if not isinstance(trees, dict) or not all(isinstance(tree, Tree) for tree in trees.values()):
        return None
    return trees


def _encode(trees: dict[str, Tree]) -> bytes | None:
    try:
        data = pickle.dumps(trees, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError):
        return None
    return data
