"""What a set of RBAC rules lets its holder do, and the part of it that must stay cluster-wide.

The work bundle grants the operator's identity the rules of the chart's own operator ClusterRole. Bound with a
ClusterRoleBinding, the namespaced part of those rules holds in every namespace, kube-system included; bound with
RoleBindings, only in the namespaces named, and then the cluster-scoped part (CRDs, webhook configurations...)
needs a ClusterRoleBinding of its own. The facts this takes (which built-in resources are cluster-scoped, which
permissions are powerful) are data: ``data/rbac-facts.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from importlib.resources import files
from typing import Any

from chartgen.records import record

__all__ = [
    "Power",
    "cluster_scope_rules",
    "cluster_scoped_resources",
    "covers",
    "is_cluster_scoped",
    "powers",
    "powers_granted",
]

READ_VERBS = ("list", "watch")


@record(frozen=True)
class Power:
    group: str
    resource: str  # a plural, or "plural/subresource"
    verbs: frozenset[str]
    allows: str


def _split(name: str) -> tuple[str, str]:
    """``plural.group`` (or ``plural/sub.group``) as (group, resource); a bare plural is the core group."""
    resource, _, group = name.partition(".")
    return group, resource


@functools.lru_cache(maxsize=1)
def _facts() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(files("chartgen.target").joinpath("data", "rbac-facts.yaml").read_text(encoding="utf-8"))


def cluster_scoped_resources() -> frozenset[tuple[str, str]]:
    """The built-in cluster-scoped resources as (group, plural)."""
    return frozenset(_split(name) for name in _facts()["cluster_scoped"])


def powers() -> tuple[Power, ...]:
    return tuple(
        Power(*_split(entry["resource"]), frozenset(entry["verbs"]), entry["allows"]) for entry in _facts()["powerful"]
    )


def _matches(granted: Sequence[str], wanted: str) -> bool:
    return "*" in granted or wanted in granted


def _resource_matches(granted: Sequence[str], resource: str) -> bool:
    # RBAC's own matching: exact, "*" for everything, "*/sub" for that subresource of any resource.
    if "*" in granted or resource in granted:
        return True
    return "/" in resource and f"*/{resource.split('/', 1)[1]}" in granted


def covers(rule: dict[str, Any], group: str, resource: str, verb: str) -> bool:
    """Whether ``rule`` allows ``verb`` on ``resource`` of ``group`` (resourceNames make it narrower, still
    counted: a named object is still that power)."""
    return (
        _matches(rule.get("apiGroups") or [], group)
        and _resource_matches(rule.get("resources") or [], resource)
        and _matches(rule.get("verbs") or [], verb)
    )


def powers_granted(rules: Iterable[dict[str, Any]]) -> list[Power]:
    """The powerful permissions ``rules`` grant, in the table's order, each once."""
    rules = list(rules)
    return [p for p in powers() if any(covers(rule, p.group, p.resource, verb) for rule in rules for verb in p.verbs)]


def is_cluster_scoped(group: str, resource: str, custom: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Whether ``resource`` (``plural`` or ``plural/sub``) of ``group`` lives outside namespaces; ``custom`` adds
    (group, plural) of cluster-scoped custom resources. Group "*" means any group."""
    plural = resource.split("/", 1)[0]
    known = cluster_scoped_resources() | custom
    if group == "*":
        return any(name == plural for _group, name in known)
    return (group, plural) in known


def _could_be_powerful(group: str, resource: str, verb: str) -> bool:
    # A wildcard could cover a powerful permission of its group (``"" / *`` covers reading Secrets).
    for power in powers():
        if verb not in power.verbs:
            continue
        if group not in ("*", power.group):
            continue
        if resource in ("*", power.resource) or resource.startswith("*/"):
            return True
    return False


def cluster_scope_rules(
    rules: Sequence[dict[str, Any]], custom: frozenset[tuple[str, str]] = frozenset()
) -> list[dict[str, Any]]:
    """What must stay cluster-wide when the namespaced rules are bound only in some namespaces:

    - every rule on cluster-scoped resources (and non-resource URLs), as it is;
    - list and watch of the namespaced resources the rules let the holder list and watch, in every namespace, so an
      operator that watches all namespaces (the IKO chart has no setting that restricts it) still sees them; never
      where that could read Secrets or cover another powerful permission, and never a subresource.

    A wildcard resource is never taken as cluster-scoped: it is granted in the named namespaces only.
    """
    out: list[dict[str, Any]] = []
    for rule in rules:
        if rule.get("nonResourceURLs"):
            out.append(dict(rule))
            continue
        verbs = list(rule.get("verbs") or [])
        names = rule.get("resourceNames")
        for group in rule.get("apiGroups") or []:
            resources = list(rule.get("resources") or [])
            cluster = [r for r in resources if "*" not in r and is_cluster_scoped(group, r, custom)]
            if cluster:
                out.append(_rule(group, cluster, verbs, names))
            reads: dict[tuple[str, ...], list[str]] = {}
            for resource in resources:
                if resource in cluster or "/" in resource:
                    continue
                allowed = tuple(
                    v for v in READ_VERBS if _matches(verbs, v) and not _could_be_powerful(group, resource, v)
                )
                if allowed:
                    reads.setdefault(allowed, []).append(resource)
            for allowed, names_read in reads.items():
                out.append(_rule(group, names_read, list(allowed), names))
    return out


def _rule(group: str, resources: list[str], verbs: list[str], names: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {"apiGroups": [group], "resources": resources}
    if names:
        rule["resourceNames"] = list(names)
    rule["verbs"] = verbs
    return rule
