"""The heads of rendered documents (``apiVersion``, ``kind``, ``metadata``), kept between runs.

Helm decodes every rendered document to sort it and find hooks; chartgen reads those heads with libyaml, which
costs a PyYAML import and a parse of every document on every run. A repeated render of unchanged input renders
the same documents, so the heads one render read are kept together, in one entry of chartgen's disk cache
(``chartgen/disk_cache.py``) per chart (its template names), Helm profile and decoder
(``decode_cache.decoder_stamp``), each under a SHA-256 of its document. A document met again takes its head from
the entry; any other is read as ever, so a chart whose output changes from run to run (generated certificates)
still spares reading the documents that did not. The entry holds the last render's heads only, so it stays the
size of one render. A render that fails to read a head stores nothing: its error is worded by reading the
document again, as on the first run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from chartgen.disk_cache import cache_root, read_json, write_json
from chartgen.helm.decode_cache import decoder_stamp
from chartgen.helmcompat.profile import HelmProfile

__all__ = ["KIND", "RenderHeads"]

# The cache folder the heads of renders live in.
KIND = "heads"

HeadReader = Callable[[str, str], dict[str, Any]]


class RenderHeads:
    """Reads the heads of one render's documents, from the cache where a document is unchanged."""

    def __init__(self, names: Iterable[str], profile: HelmProfile) -> None:
        """``names`` are the render's template names: the chart whose heads were kept."""
        self._key = _key(names, profile) if cache_root() is not None and decoder_stamp() else ""
        self._kept = _heads_from(read_json(KIND, self._key)) if self._key else None
        self._read: dict[str, dict[str, Any]] = {}
        self._missed = False

    def read(self, content: str, path: str, read_head: HeadReader) -> dict[str, Any]:
        """The head of ``content``; ``read_head(content, path)`` reads it when it was not kept."""
        if not self._key:
            return read_head(content, path)
        digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
        head = self._kept.get(digest) if self._kept is not None else None
        if head is None:
            self._missed = True
            head = read_head(content, path)
        self._read[digest] = head
        return head

    def save(self) -> None:
        """Keep the heads this render read, unless the entry holds exactly them already."""
        if self._key and (self._missed or self._kept is None or len(self._read) != len(self._kept)):
            write_json(KIND, self._key, self._read)


def _key(names: Iterable[str], profile: HelmProfile) -> str:
    digest = hashlib.sha256(decoder_stamp())
    digest.update(repr(profile).encode() + b"\0")
    for name in names:
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _heads_from(entry: Any) -> dict[str, dict[str, Any]] | None:
    """The kept heads, or None when the entry is not a map of document digests to heads of the right shape."""
    if type(entry) is not dict or not all(type(head) is dict and _is_head(head) for head in entry.values()):
        return None
    return entry


def _is_head(head: Any) -> bool:
    if type(head) is not dict or head.keys() != {"apiVersion", "kind", "metadata"}:
        return False
    if type(head["apiVersion"]) is not str or type(head["kind"]) is not str:
        return False
    metadata = head["metadata"]
    if metadata is None:
        return True
    if type(metadata) is not dict or metadata.keys() != {"name", "annotations"} or type(metadata["name"]) is not str:
        return False
    annotations = metadata["annotations"]
    return annotations is None or (
        type(annotations) is dict and all(type(value) is str for value in annotations.values())
    )
