"""What two releases of one fleet must never share, found before anything is written.

At HOME every release is one Helm release in one cluster: an object two releases render under the same identity
(kind and name, plus namespace for a namespaced kind) would belong to both, and Helm refuses to install the second
(its ownership annotations name the first). At WORK every target's bundle is applied to its work cluster: two
bundles for one work API address must not write the same RBAC objects. And two operators must not act on the same
namespace of the same work cluster.

Shared on purpose, and so never a collision when the copies agree (a disagreement is one):

- a **Helm hook** (``helm.sh/hook``): Helm records no owner for it, and each release's hook replaces it (the
  patched chart's empty webhook configurations, ``before-hook-creation``, exist only while an upgrade runs);
- a **CustomResourceDefinition**: one per cluster by nature. Helm installs a chart's ``crds/`` once and never owns
  them, so they are not rendered here; the IKO operator registers the IrisCluster CRD itself;
- at WORK, a **Namespace**: the bundle never labels one, so applying it twice changes nothing.

Everything else is a collision, including cluster-scoped objects the chart names without the release (IKO's
aggregated user ClusterRoles ``intersystems:iris:edit`` and the like).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from chartgen.fleet.spec import FleetError, Target
from chartgen.records import record
from chartgen.target.grants import is_cluster_scoped

__all__ = ["Placed", "check_declared", "check_rendered", "object_identity"]

_HOOK = "helm.sh/hook"


@record(frozen=True)
class Placed:
    """One target with what its release renders at HOME and what its bundle writes at WORK."""

    target: Target
    home: Sequence[dict[str, Any]]
    work: Sequence[dict[str, Any]]


def check_declared(targets: Sequence[Target]) -> None:
    """The collisions fleet.yaml shows by itself: one kubeconfig Secret for two releases, overlapping watch scopes
    at one work API address."""
    secrets: dict[tuple[str, str], Target] = {}
    for target in targets:
        key = (target.namespace, target.secret_name)
        if key in secrets:
            raise _collision(secrets[key], target, f"the kubeconfig Secret {target.namespace}/{target.secret_name}")
        secrets[key] = target
    for n, first in enumerate(targets):
        for second in targets[n + 1 :]:
            if first.server_key == second.server_key:
                _check_scopes(first, second)


def _check_scopes(first: Target, second: Target) -> None:
    where = f"of the work cluster {second.server}"
    for target in (first, second):
        if not target.watch_namespaces:
            raise _collision(
                first,
                second,
                f"every namespace {where}: {target.name!r} watches them all (give both targets work.watch_namespaces,"
                " disjoint)",
                verb="both act on",
            )
    shared = sorted(set(first.watch_namespaces) & set(second.watch_namespaces))
    if shared:
        raise _collision(first, second, f"namespace {shared[0]!r} {where}", verb="both watch")
    # Reading Secrets where the other identity lives would hand over its token, and with it its namespaces.
    for lives, watches in ((first, second), (second, first)):
        if lives.work_namespace in watches.watch_namespaces:
            raise _collision(
                first,
                second,
                f"namespace {lives.work_namespace!r} {where}: {lives.name!r}'s identity and token Secret live there "
                f"and {watches.name!r} watches it",
                verb="both reach",
            )


def check_rendered(placed: Sequence[Placed]) -> None:
    """The collisions the renders show: the same object at HOME, or in two bundles for one work cluster."""
    _check_cluster(((p.target, p.target.namespace, p.home) for p in placed), "at HOME", shared_kinds=frozenset())
    by_server: dict[str, list[Placed]] = {}
    for p in placed:
        by_server.setdefault(p.target.server_key, []).append(p)
    for group in by_server.values():
        if len(group) > 1:
            _check_cluster(
                ((p.target, p.target.work_namespace, p.work) for p in group),
                f"at WORK ({group[0].target.server})",
                shared_kinds=frozenset({"Namespace"}),
            )


def _check_cluster(
    releases: Iterable[tuple[Target, str, Sequence[dict[str, Any]]]], where: str, shared_kinds: frozenset[str]
) -> None:
    owners: dict[tuple[str, ...], tuple[Target, dict[str, Any]]] = {}
    custom = _custom_cluster_scoped(releases := list(releases))
    for target, namespace, objects in releases:
        for obj in objects:
            identity = object_identity(obj, namespace, custom)
            if identity in owners:
                first, theirs = owners[identity]
                if first.name == target.name:
                    continue  # one release rendering a thing twice is Helm's to refuse, not a fleet collision
                if _shared(obj, shared_kinds) and _same(theirs, obj):
                    continue
                what = _describe(identity)
                differ = " with different content" if _shared(obj, shared_kinds) else ""
                raise _collision(first, target, f"{what} {where}{differ}")
            owners[identity] = (target, obj)


def object_identity(
    obj: dict[str, Any], namespace: str, custom: frozenset[tuple[str, str]] = frozenset()
) -> tuple[str, ...]:
    """(group, kind, name) for a cluster-scoped object, (group, kind, namespace, name) for a namespaced one; an
    object rendered without a namespace lands in the release's."""
    api = str(obj.get("apiVersion", ""))
    group = api.rpartition("/")[0] if "/" in api else ""
    kind = str(obj.get("kind", ""))
    meta = obj.get("metadata") or {}
    name = str(meta.get("name", ""))
    if is_cluster_scoped(group, _plural(kind), custom):
        return (group, kind, name)
    return (group, kind, str(meta.get("namespace") or namespace), name)


def _plural(kind: str) -> str:
    """The resource name of a kind, by English rules that hold for every built-in cluster-scoped kind."""
    lower = kind.lower()
    if lower.endswith("s"):
        return lower + "es"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def _custom_cluster_scoped(
    releases: Sequence[tuple[Target, str, Sequence[dict[str, Any]]]],
) -> frozenset[tuple[str, str]]:
    found = set()
    for _target, _namespace, objects in releases:
        for obj in objects:
            spec = obj.get("spec") or {}
            if obj.get("kind") == "CustomResourceDefinition" and spec.get("scope") == "Cluster":
                found.add((str(spec.get("group")), str((spec.get("names") or {}).get("plural"))))
    return frozenset(found)


def _shared(obj: dict[str, Any], shared_kinds: frozenset[str]) -> bool:
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    return obj.get("kind") in shared_kinds or obj.get("kind") == "CustomResourceDefinition" or _HOOK in annotations


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal but for labels, which name the release that rendered them."""

    def bare(obj: dict[str, Any]) -> dict[str, Any]:
        meta = {k: v for k, v in (obj.get("metadata") or {}).items() if k != "labels"}
        return {**obj, "metadata": meta}

    return bare(a) == bare(b)


def _describe(identity: tuple[str, ...]) -> str:
    kind = identity[1]
    if len(identity) == 3:
        return f"{kind} {identity[2]} (cluster-scoped)"
    return f"{kind} {identity[2]}/{identity[3]}"


def _collision(first: Target, second: Target, what: str, verb: str = "both create") -> FleetError:
    return FleetError(f"targets {first.name!r} and {second.name!r} {verb} {what}", second.location)
