"""The API group/versions a Kubernetes minor serves by default: ``.Capabilities.APIVersions`` for ``chartgen lint
--kube-version X``, instead of Helm's offline default list.

``helm install`` asks the cluster what it serves; ``helm template`` and ``helm lint`` use a fixed list that lacks
some groups (``apiregistration.k8s.io``) and keeps versions long removed, so a chart that picks the newest API a
cluster offers renders the old one offline and is then flagged for it. Lint renders with what version X serves.

Within the bundled schema range the answer comes from the schemas of X: a group/version is served when it defines
at least one object kind beyond the two every registered version carries (``DeleteOptions``, ``WatchEvent``) and
the ``…List`` kinds, and it is not an alpha version (servers leave alpha versions off by default). For a newer X
the newest bundled version answers. For an older X the oldest bundled version's answer is adjusted by the
release history: the versions removed after X are added back (``deprecated_apis.yaml``) and the versions that
appeared after X are taken away (``api_versions_introduced.yaml``).

Known, documented differences from a real server: beta versions introduced since Kubernetes 1.24 are off by
default on real servers, and the schemas do not say which they are, so they are listed; Helm's install also lists
``group/version/Kind`` entries, which lint does not.
"""

from __future__ import annotations

import functools
from importlib.resources import files

import yaml

from chartgen.lint.kube_schemas import bundled_versions, deprecated_apis, nearest_bundled, schema_kinds

__all__ = ["introduced_in", "served_api_versions"]

# Kinds every registered group/version carries in the schemas, served or not.
_EVERY_VERSION = frozenset({"DeleteOptions", "WatchEvent"})


@functools.cache
def introduced_in() -> dict[str, tuple[int, int]]:
    """group/version -> the first minor that serves it by default (``data/api_versions_introduced.yaml``)."""
    text = files("chartgen.lint").joinpath("data", "api_versions_introduced.yaml").read_text(encoding="utf-8")
    return {version: _minor(first) for version, first in yaml.safe_load(text).items()}


def _minor(text: str) -> tuple[int, int]:
    major, minor = str(text).split(".")
    return int(major), int(minor)


def _is_alpha(api_version: str) -> bool:
    return "alpha" in api_version.rsplit("/", 1)[-1]


def _from_schemas(version: tuple[int, int]) -> set[str]:
    return {
        api_version
        for api_version, kind in schema_kinds(version)
        if kind not in _EVERY_VERSION and not kind.endswith("List") and not _is_alpha(api_version)
    }


def _removed_after(target: tuple[int, int]) -> set[str]:
    """Group/versions that some kind was still served from at ``target`` and that were removed later."""
    return {
        api_version
        for (api_version, _kind), entry in deprecated_apis().items()
        if entry.get("removed") and _minor(entry["removed"]) > target
    }


@functools.cache
def served_api_versions(target: tuple[int, int]) -> tuple[str, ...]:
    """The group/versions Kubernetes ``target`` (major, minor) serves by default, sorted as ``kubectl
    api-versions`` prints them."""
    oldest = bundled_versions()[0]
    if target >= oldest:
        return tuple(sorted(_from_schemas(nearest_bundled(target))))
    first = introduced_in()
    candidates = _from_schemas(oldest) | _removed_after(target)
    # A version missing from the table has no known start: kept, as the oldest bundled version serves it.
    return tuple(sorted(v for v in candidates if first.get(v, (0, 0)) <= target))
