"""The home cluster's GitOps files: a ``helmfile.yaml`` with one release per target, and Argo CD ``Application``
manifests (one per target) or one ``ApplicationSet`` with a list generator.

Paths in them are relative: helmfile's to the output folder (where ``helmfile.yaml`` lies), Argo CD's to the
repository root (``gitops.path`` is the output folder's place in it) and, for value files, to the chart folder,
as Argo CD reads them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any

from chartgen.fleet.spec import GitOps, Target
from chartgen.records import record

__all__ = ["Release", "application", "application_set", "dump", "helmfile"]

ARGO_API = "argoproj.io/v1alpha1"
HEADER = "# Written by 'chartgen fleet' from {source}; re-run it, do not edit.\n"


@record(frozen=True)
class Release:
    """One target's release at HOME: its chart folder and values file, relative to the output folder."""

    target: Target
    chart: str  # e.g. charts/iris-operator
    values: str  # e.g. targets/prod/values.yaml


def helmfile(releases: Sequence[Release]) -> dict[str, Any]:
    return {
        "releases": [
            {
                "name": r.target.release,
                "namespace": r.target.namespace,
                "chart": f"./{r.chart}",
                "createNamespace": True,
                "values": [f"./{r.values}"],
            }
            for r in releases
        ]
    }


def application(release: Release, gitops: GitOps) -> dict[str, Any]:
    """The Argo CD Application that installs ``release`` at HOME."""
    return {
        "apiVersion": ARGO_API,
        "kind": "Application",
        "metadata": {"name": release.target.name, "namespace": gitops.argocd_namespace},
        "spec": _spec(
            gitops,
            _source_path(gitops, release.chart),
            release.target.release,
            _value_file(release),
            release.target.namespace,
        ),
    }


def application_set(releases: Sequence[Release], gitops: GitOps, name: str) -> dict[str, Any]:
    """One ApplicationSet whose list generator holds one element per target, rendering the same Applications."""
    elements = [
        {
            "target": r.target.name,
            "release": r.target.release,
            "namespace": r.target.namespace,
            "chart": _source_path(gitops, r.chart),
            "values": _value_file(r),
        }
        for r in releases
    ]
    return {
        "apiVersion": ARGO_API,
        "kind": "ApplicationSet",
        "metadata": {"name": name, "namespace": gitops.argocd_namespace},
        "spec": {
            "generators": [{"list": {"elements": elements}}],
            "template": {
                "metadata": {"name": "{{target}}"},
                "spec": _spec(gitops, "{{chart}}", "{{release}}", "{{values}}", "{{namespace}}"),
            },
        },
    }


def _spec(gitops: GitOps, path: str, release: str, values: str, namespace: str) -> dict[str, Any]:
    return {
        "project": gitops.project,
        "source": {
            "repoURL": gitops.repo_url,
            "targetRevision": gitops.revision,
            "path": path,
            "helm": {"releaseName": release, "valueFiles": [values]},
        },
        "destination": {"server": gitops.home_server, "namespace": namespace},
        # The release namespace must exist, and hold the kubeconfig Secret, before the operator starts.
        "syncPolicy": {"syncOptions": ["CreateNamespace=true"]},
    }


def _source_path(gitops: GitOps, chart: str) -> str:
    return posixpath.normpath(posixpath.join(gitops.path, chart))


def _value_file(release: Release) -> str:
    # Argo CD reads value files relative to the chart folder; both lie in the output folder.
    return posixpath.relpath(release.values, release.chart)


def dump(documents: Sequence[dict[str, Any]], source: str) -> bytes:
    import yaml

    body = "---\n".join(
        yaml.safe_dump(doc, sort_keys=False, default_flow_style=False, allow_unicode=True, width=1 << 30)
        for doc in documents
    )
    return (HEADER.format(source=source) + body).encode("utf-8")
