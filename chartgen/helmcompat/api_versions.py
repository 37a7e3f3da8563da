"""The API versions ``.Capabilities.APIVersions`` holds under ``helm template`` without a cluster, per Helm."""

from __future__ import annotations

__all__ = ["HELM3_API_VERSIONS", "HELM4_API_VERSIONS"]

# The list Helm 3 prints under `helm template` (capabilities/EXPECTED.txt), in Helm's own order.
HELM3_API_VERSIONS = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1alpha1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
)

# Helm 4's list is Helm 3's with the differences render-spec.md documents ("Default APIVersions"), applied in place
# so that Helm's order is kept: one version dropped, one renamed, two inserted before resource.k8s.io/v1beta1.
_HELM4_DROPPED = {"networking.k8s.io/v1alpha1"}
_HELM4_RENAMED = {"storagemigration.k8s.io/v1alpha1": "storagemigration.k8s.io/v1beta1"}
_HELM4_INSERTED_BEFORE = {"resource.k8s.io/v1beta1": ["resource.k8s.io/v1", "resource.k8s.io/v1beta2"]}


def _helm4_api_versions() -> tuple[str, ...]:
    versions: list[str] = []
    for version in HELM3_API_VERSIONS:
        if version in _HELM4_DROPPED:
            continue
        versions.extend(_HELM4_INSERTED_BEFORE.get(version, []))
        versions.append(_HELM4_RENAMED.get(version, version))
    return tuple(versions)


HELM4_API_VERSIONS = _helm4_api_versions()
