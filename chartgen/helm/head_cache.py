"""The heads of rendered documents (``apiVersion``, ``kind``, ``metadata``), kept between runs.

Helm decodes every rendered document to sort it and find hooks; chartgen reads those heads with libyaml, which
costs a PyYAML import and a parse of every document on every run. A repeated render of unchanged input renders
the same documents, so the heads one render read are kept together, in one entry of chartgen's disk cache
(``chartgen/disk_cache.py``) per chart (its template names), Helm profile, decoder (``decode_cache.decoder_stamp``)
and this module's code, each under a SHA-256 of its document. A document met again takes its head from the entry;
any other is read as ever, so a chart whose output changes from run to run (generated certificates) still spares
reading the documents that did not. The entry holds the last render's heads only, so it stays the size of one
render. A render that fails to read a head stores nothing: its error is worded by reading the document again, as
on the first run.

A document that changes on every run only in generated tokens (a Secret's fresh certificate) still finds its
head: each kept head also records the document's skeleton (``doc_skeleton``) when the head does not depend on its
tokens, and a document whose digest is new but whose skeleton is kept takes that head. The entry then stays as it
was: it still holds one head per document of the render that read them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from chartgen.disk_cache import cache_root, code_stamp, read_json, write_json
from chartgen.helm.decode_cache import decoder_stamp
from chartgen.helm.doc_skeleton import head_is_independent, skeleton_of
from chartgen.helmcompat.profile import HelmProfile

__all__ = ["KIND", "RenderHeads"]

# The cache folder the heads of renders live in.
KIND = "heads"
# Besides the decoder's: what decides which documents share a kept head.
_OWN_CODE = ("helm/head_cache.py", "helm/doc_skeleton.py")

HeadReader = Callable[[str, str], dict[str, Any]]


class RenderHeads:
    """Reads the heads of one render's documents, from the cache where a document is unchanged."""

    def __init__(self, names: Iterable[str], profile: HelmProfile) -> None:
        """``names`` are the render's template names: the chart whose heads were kept."""
        self._key = _key(names, profile) if cache_root() is not None and decoder_stamp() else ""
        kept = _entry_from(read_json(KIND, self._key)) if self._key else None
        self._found = kept is not None
        self._kept, self._kept_skeletons = kept if kept is not None else ({}, {})
        self._by_skeleton = _by_skeleton(self._kept, self._kept_skeletons)
        self._read: dict[str, dict[str, Any]] = {}
        self._skeletons: dict[str, str] = {}
        self._missed = False

    def read(self, content: str, path: str, read_head: HeadReader) -> dict[str, Any]:
        """The head of ``content``; ``read_head(content, path)`` reads it when it was not kept."""
        if not self._key:
            return read_head(content, path)
        digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
        head = self._kept.get(digest)
        if head is not None:
            self._keep(digest, head, self._kept_skeletons.get(digest))
            return head
        skeleton = skeleton_of(content)
        if skeleton is not None and skeleton.digest in self._by_skeleton:
            # Kept under the digest of the document it was read from, so an unchanged render rewrites nothing.
            kept_digest = self._by_skeleton[skeleton.digest]
            head = self._kept[kept_digest]
            self._keep(kept_digest, head, skeleton.digest)
            return head
        self._missed = True
        head = read_head(content, path)
        independent = skeleton is not None and head_is_independent(head, skeleton.tokens)
        self._keep(digest, head, skeleton.digest if skeleton is not None and independent else None)
        return head

    def _keep(self, digest: str, head: dict[str, Any], skeleton: str | None) -> None:
        self._read[digest] = head
        if skeleton is not None:
            self._skeletons[digest] = skeleton

    def save(self) -> None:
        """Keep the heads this render read, unless the entry holds exactly them already."""
        if self._key and (
            self._missed
            or not self._found
            or len(self._read) != len(self._kept)
            or len(self._skeletons) != len(self._kept_skeletons)
        ):
            write_json(KIND, self._key, {"heads": self._read, "skeletons": self._skeletons})


def _key(names: Iterable[str], profile: HelmProfile) -> str:
    digest = hashlib.sha256(decoder_stamp())
    digest.update(code_stamp(_OWN_CODE) + b"\0")
    digest.update(repr(profile).encode() + b"\0")
    for name in names:
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _entry_from(entry: Any) -> tuple[dict[str, dict[str, Any]], dict[str, str]] | None:
    """The kept heads and skeletons, or None when the entry is not a map of document digests to heads of the right
    shape and of some of those digests to skeleton digests."""
    if type(entry) is not dict or entry.keys() != {"heads", "skeletons"}:
        return None
    heads, skeletons = entry["heads"], entry["skeletons"]
    if type(heads) is not dict or not all(type(head) is dict and _is_head(head) for head in heads.values()):
        return None
    if type(skeletons) is not dict or not all(k in heads and type(v) is str for k, v in skeletons.items()):
        return None
    return heads, skeletons


def _by_skeleton(heads: dict[str, dict[str, Any]], skeletons: dict[str, str]) -> dict[str, str]:
    """Skeleton digest -> the digest of the kept document it was read from. Documents of one skeleton have one
    head; a planted entry that says otherwise loses the skeleton."""
    found: dict[str, str] = {}
    clashing: set[str] = set()
    for digest, skeleton in skeletons.items():
        other = found.setdefault(skeleton, digest)
        if heads[other] != heads[digest]:
            clashing.add(skeleton)
    for skeleton in clashing:
        del found[skeleton]
    return found


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
