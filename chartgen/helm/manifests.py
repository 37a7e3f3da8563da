"""From rendered templates to ``helm template``'s stdout: split documents, sort them by kind, hooks last.

Mirrors Helm's ``releaseutil`` (``SplitManifests``, ``SortManifests``) and the printing done by ``helm template``
(``---`` / ``# Source:`` framing, ``--show-only``, ``--include-crds``, ``--skip-tests``, ``--no-hooks``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator
from typing import Any

from chartgen import gostrconv
from chartgen.errors import RenderError
from chartgen.helmcompat.profile import HelmProfile
from chartgen.records import record

__all__ = [
    "Document",
    "HOOK_EVENTS",
    "assemble_output",
    "go_trim_space",
    "install_order",
    "split_manifests",
    "split_with_offsets",
]

# Go's unicode.IsSpace set, which strings.TrimSpace uses (Python's str.strip also strips \x1c-\x1f).
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"
)
# Go's \s is ASCII-only: [\t\n\f\r ].
_GO_REGEX_SPACE = "\t\n\f\r "
_GO_REGEX_SPACE_RUN = re.compile(r"[\t\n\f\r ]*")

# Helm's InstallOrder.
_INSTALL_ORDER = [
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
]
_HELM4_EXTRA_ORDER = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

HOOK_EVENTS = {
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
}
_TEST_EVENTS = {"test", "test-success"}
_HOOK_ANNOTATION = "helm.sh/hook"


def go_trim_space(text: str) -> str:
    return text.strip(_GO_SPACE)


def install_order(profile: HelmProfile) -> dict[str, int]:
    kinds = _INSTALL_ORDER + (_HELM4_EXTRA_ORDER if profile.webhook_install_order else [])
    return {kind: i for i, kind in enumerate(kinds)}


def split_manifests(text: str) -> list[str]:
    """``releaseutil.SplitManifests``: documents of one file, in order, each trimmed."""
    return [content for _, content in split_with_offsets(text)]


def split_with_offsets(text: str) -> list[tuple[int, str]]:
    """Like :func:`split_manifests`, with each document's character offset in ``text`` (for provenance)."""
    base = len(text) - len(text.lstrip(_GO_SPACE))
    body = go_trim_space(text)
    pieces: list[tuple[int, str]] = []
    start = 0
    for sep_start, sep_end in _separators(body):
        pieces.append((start, body[start:sep_start]))
        start = sep_end
    pieces.append((start, body[start:]))
    out = []
    for offset, piece in pieces:
        if piece == "":
            continue
        lead = len(piece) - len(piece.lstrip(_GO_SPACE))
        out.append((base + offset + lead, go_trim_space(piece)))
    return out


def _separators(body: str) -> Iterator[tuple[int, int]]:
    r"""Spans of Helm's separator, the Go regexp ``(?:^|\s*\n)---\s*``, as Go's Split finds them (leftmost first,
    not overlapping), in time linear in ``body``.

    A backtracking regex takes time quadratic in the length of a run of spaces (it tries the ``\s*\n`` from each
    position of the run), and a template can print a megabyte of spaces. A separator is ``---`` at the very start,
    or a newline right before ``---``: its match starts where the run of spaces before that newline starts (but not
    inside the previous match) and ends after the spaces following the dashes.
    """
    done = 0
    if body.startswith("---"):
        done = _skip_go_regex_space(body, 3)
        yield 0, done
    while True:
        newline = body.find("\n---", done)
        if newline < 0:
            return
        # The gaps between separators do not overlap, so these copies add up to one pass over the body.
        start = done + len(body[done:newline].rstrip(_GO_REGEX_SPACE))
        done = _skip_go_regex_space(body, newline + 4)
        yield start, done


def _skip_go_regex_space(text: str, index: int) -> int:
    run = _GO_REGEX_SPACE_RUN.match(text, index)
    return run.end() if run else index


@record
class Document:
    """One output document; ``start`` is its character offset in its template's rendered text."""

    path: str
    content: str
    kind: str
    hook_events: list[str] | None
    start: int = 0


def _kind_sort(docs: list[Document], order: dict[str, int]) -> list[Document]:
    # Known kinds by install order, then unknown kinds alphabetically; stable within a kind.
    unknown = len(order)
    return sorted(docs, key=lambda d: (order.get(d.kind, unknown), "" if d.kind in order else d.kind))


HeadReader = Callable[[str, str], dict[str, Any]]


def classify(
    path: str, content: str, start: int, read_head: HeadReader, warn: Callable[[str], None]
) -> Document | None:
    """Read a document's kind and hook annotation; ``None`` when Helm drops it (an unknown hook type)."""
    head = read_head(content, path)
    kind = head.get("kind") or ""
    metadata = head.get("metadata") or {}
    annotations = metadata.get("annotations") or {}
    hooks = annotations.get(_HOOK_ANNOTATION)
    if hooks is None:
        return Document(path, content, kind, None, start)
    events = []
    for event in hooks.split(","):
        event = go_trim_space(event).lower()
        if event not in HOOK_EVENTS:
            warn(f"skipping unknown hook: {gostrconv.quote(hooks)}")
            return None
        events.append(event)
    return Document(path, content, kind, events, start)


def assemble_output(
    manifests: list[Document],
    hooks: list[Document],
    crds: list[tuple[str, str]],
    *,
    profile: HelmProfile,
    show_only: list[str],
    skip_tests: bool,
    no_hooks: bool,
) -> str:
    """Print documents the way ``helm template`` does (CRDs first when asked, then manifests, then hooks)."""
    order = install_order(profile)
    body = "".join(f"---\n# Source: {path}\n{content}\n" for path, content in crds)
    body += "".join(f"---\n# Source: {d.path}\n{d.content}\n" for d in _kind_sort(manifests, order))
    out = go_trim_space(body) + "\n"
    if not no_hooks:
        for hook in _kind_sort(hooks, order):
            if skip_tests and any(e in _TEST_EVENTS for e in hook.hook_events or ()):
                continue
            out += f"---\n# Source: {hook.path}\n{hook.content}\n"
    if not show_only:
        return out
    return _show_only(out, show_only)


_SOURCE = re.compile(r"# Source: [^/]+/(.+)")


def _show_only(output: str, patterns: list[str]) -> str:
    documents = split_manifests(output)
    chosen: list[str] = []
    for pattern in patterns:
        missing = True
        for document in documents:
            match = _SOURCE.search(document)
            if not match:
                continue
            if not _path_match(pattern, match.group(1)):
                continue
            chosen.append(document)
            missing = False
        if missing:
            raise RenderError(f"could not find template {pattern} in chart")
    return "".join(f"---\n{doc}\n" for doc in chosen)


def _path_match(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match``: ``*`` and ``?`` never cross ``/``; the whole name must match."""
    regex = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            regex.append("[^/]*")
        elif ch == "?":
            regex.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                return False
            body = pattern[i + 1 : end]
            if body.startswith("^"):
                body = "!" + body[1:]
            regex.append(fnmatch.translate("[" + body + "]")[4:-3])
            i = end
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            regex.append(re.escape(pattern[i]))
        else:
            regex.append(re.escape(ch))
        i += 1
    return re.fullmatch("".join(regex), name) is not None
