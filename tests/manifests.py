"""Reading rendered manifests: the objects a test looks at."""

from __future__ import annotations


def by_kind(manifests: list[dict], kind: str) -> list[dict]:
    return [m for m in manifests if m.get("kind") == kind]


def operator_deployment(manifests: list[dict]) -> dict:
    (deployment,) = by_kind(manifests, "Deployment")
    return deployment


def operator_container(manifests: list[dict]) -> dict:
    pod = operator_deployment(manifests)["spec"]["template"]["spec"]
    (container,) = [c for c in pod["containers"] if c["name"] == "operator"]
    return container
