"""Parsed templates kept on disk between runs, keyed by a hash of everything the parse depends on.

Lexing and parsing a chart's templates costs more than executing them in a short ``chartgen render``, and CI
renders the same charts on every push. As Python keeps bytecode in ``__pycache__``, chartgen keeps parse trees:
the key is a SHA-256 of the template's name and text, the set of function names the parser accepts, the Python
version and the source of chartgen's lexer, parser and node types, so a changed template, chartgen or Python
never meets a stale tree. A cache file only ever holds trees chartgen's own parser built; it is read with an
unpickler that can build parse-tree nodes and nothing else, so a planted file cannot run code either.

Short ``tpl`` texts are kept differently (:class:`TextTrees`): a chart may tpl thousands of distinct values, an
entry each would make a first run write thousands of files, and reading a file costs more than parsing one short
text. So the trees of one render's short texts are kept together, in one entry per chart, read at once.

Where the cache lives, how it is switched off and how it stays bounded is ``chartgen/disk_cache.py``'s; any
failure to read or write it only means parsing again.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from chartgen.disk_cache import cache_root, read_entry, write_entry
from chartgen.gotemplate import lex, node, parse
from chartgen.gotemplate.parse import Tree

__all__ = ["KIND", "TextTrees", "cached_parse"]

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


def _funcs_digest(funcs: frozenset[str]) -> bytes:
    found = _funcs_digests.get(funcs)
    if found is None:
        found = _funcs_digests[funcs] = hashlib.sha256("\0".join(sorted(funcs)).encode()).digest()
    return found


def _key(name: str, text: str, funcs: frozenset[str]) -> str:
    digest = hashlib.sha256(_parser_fingerprint())
    digest.update(_funcs_digest(funcs))
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


def _unpickled(data: bytes | None) -> Any:
    """What an entry holds, or None when there is none or it is damaged or foreign."""
    if data is None:
        return None
    try:
        return _TreeUnpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged or foreign file is a cache miss, whatever the unpickler makes of it
        return None


def _is_trees(value: Any) -> bool:
    return type(value) is dict and all(isinstance(tree, Tree) for tree in value.values())


def _decode(data: bytes | None) -> dict[str, Tree] | None:
    trees = _unpickled(data)
    return trees if _is_trees(trees) else None


def _encode(value: object) -> bytes | None:
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError):
        return None
    return data


# Texts one entry holds at most: past it, a render's further texts are parsed and not kept, so neither the entry
# nor the memory holding it grows with a hostile chart's output.
TEXTS_PER_ENTRY = 20_000
# Entries a process keeps loaded: renders of one chart with many values sets (lint, snapshots) read it once.
_LOADED_ENTRIES = 4
_loaded: dict[str, dict[tuple[str, str], dict[str, Tree]]] = {}


class TextTrees:
    """The trees of one chart's short tpl texts, kept together between runs: one entry per chart (its template
    names) and set of function names, holding the texts the last render parsed."""

    def __init__(self, names: Iterable[str], funcs: frozenset[str]) -> None:
        self._key = ""
        if cache_root() is not None:
            digest = hashlib.sha256(_parser_fingerprint() + b"texts\0" + _funcs_digest(funcs))
            for name in names:
                digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
            self._key = digest.hexdigest()
        self._kept: dict[tuple[str, str], dict[str, Tree]] | None = None
        self._used: dict[tuple[str, str], dict[str, Tree]] = {}
        self._missed = False

    def trees(self, name: str, text: str, parse_text: Callable[[], dict[str, Tree]]) -> dict[str, Tree]:
        """The trees of ``text`` (parsed as the template ``name``), kept or from ``parse_text()``."""
        if not self._key:
            return parse_text()
        if self._kept is None:
            self._kept = _load(self._key)
        entry = (name, text)
        trees = self._kept.get(entry)
        if trees is None:
            trees = parse_text()
            self._missed = True
        if len(self._used) < TEXTS_PER_ENTRY:
            self._used[entry] = trees
        return trees

    def save(self) -> None:
        """Keep the texts this render parsed, unless the entry holds exactly them already."""
        if not self._key or self._kept is None or not (self._missed or len(self._used) != len(self._kept)):
            return
        data = _encode(self._used)
        if data is not None:
            write_entry(KIND, self._key, data)
            _remember(self._key, self._used)


def _load(key: str) -> dict[tuple[str, str], dict[str, Tree]]:
    found = _loaded.get(key)
    if found is None:
        found = _decode_texts(read_entry(KIND, key)) or {}
        _remember(key, found)
    return found


def _remember(key: str, kept: dict[tuple[str, str], dict[str, Tree]]) -> None:
    if key not in _loaded and len(_loaded) >= _LOADED_ENTRIES:
        _loaded.clear()
    _loaded[key] = kept


def _decode_texts(data: bytes | None) -> dict[tuple[str, str], dict[str, Tree]] | None:
    kept = _unpickled(data)
    if type(kept) is not dict:
        return None
    for entry, trees in kept.items():
        if not (type(entry) is tuple and len(entry) == 2 and type(entry[0]) is str and type(entry[1]) is str):
            return None
        # A tree carries the text and template name it was parsed from: an entry cannot pass one text off as another.
        if not _is_trees(trees) or any(tree.text != entry[1] or tree.parse_name != entry[0] for tree in trees.values()):
            return None
    return kept
