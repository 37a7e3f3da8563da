"""What the end-to-end tests ask of a live cluster: filled tokens, webhooks, objects as rendered, permissions."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .control_plane import ControlPlane

WEBHOOK_CONFIGURATIONS = "validatingwebhookconfigurations,mutatingwebhookconfigurations"
RETIRED_WEBHOOKS = (
    "validatingwebhookconfiguration.admissionregistration.k8s.io/validators.intersystems.com",
    "mutatingwebhookconfiguration.admissionregistration.k8s.io/mutators.intersystems.com",
)


def filled_token(plane: ControlPlane, namespace: str, secret: str, seconds: float = 30.0) -> str:
    """The token the controller-manager put into a service-account-token Secret, once it has."""
    deadline = time.monotonic() + seconds
    while True:
        got = json.loads(plane.kubectl("-n", namespace, "get", "secret", secret, "-o", "json").stdout)
        token = got.get("data", {}).get("token")
        if token:
            return base64.b64decode(token).decode()
        assert time.monotonic() < deadline, f"the controller-manager did not fill secret {namespace}/{secret}"
        time.sleep(0.2)


def webhook_objects(plane: ControlPlane) -> list[str]:
    """Every admission webhook configuration, and every APIService served by a service (an aggregated API, such
    as the stock chart's; the built-in ones are served by the API server itself)."""
    names = plane.kubectl("get", WEBHOOK_CONFIGURATIONS, "-o", "name").stdout.split()
    services = json.loads(plane.kubectl("get", "apiservices", "-o", "json").stdout)["items"]
    names += [f"apiservice/{s['metadata']['name']}" for s in services if (s.get("spec") or {}).get("service")]
    return names


def documents(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if isinstance(doc, dict)]


def not_as_rendered(rendered: Any, live: Any, path: str = "") -> list[str]:
    """Where ``live`` lacks or differs from what ``rendered`` says (fields the server adds are fine)."""
    if isinstance(rendered, dict):
        if not isinstance(live, dict):
            return [f"{path or '.'}: not a mapping"]
        return [p for key, value in rendered.items() for p in not_as_rendered(value, live.get(key), f"{path}.{key}")]
    if isinstance(rendered, list):
        if not isinstance(live, list) or len(live) != len(rendered):
            return [f"{path}: {len(rendered)} items rendered, live {live!r}"]
        return [
            p
            for i, (r, v) in enumerate(zip(rendered, live, strict=True))
            for p in not_as_rendered(r, v, f"{path}[{i}]")
        ]
    return [] if rendered == live else [f"{path}: rendered {rendered!r}, live {live!r}"]


def live_objects(plane: ControlPlane, objects: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The live counterparts of ``objects``, in order (``kubectl get -f``: found by kind, name and namespace, which
    every namespaced object of the chart names)."""
    objects = list(objects)
    text = "\n---\n".join(yaml.safe_dump(obj) for obj in objects)
    got = json.loads(plane.kubectl("get", "-f", "-", "-o", "json", input=text).stdout)
    return got["items"] if got.get("kind") == "List" else [got]


def can_i_list(plane: ControlPlane, kubeconfig: Path, namespace: str) -> set[tuple[str, str]]:
    """``kubectl auth can-i --list`` as (resource or non-resource URL, verb) pairs."""
    out = plane.kubectl("auth", "can-i", "--list", "-n", namespace, kubeconfig=kubeconfig).stdout
    pairs = set()
    for line in out.splitlines()[1:]:
        resource = line[: line.index("[")].strip()
        lists = [part.split("]")[0] for part in line.split("[")[1:]]
        urls, verbs = lists[0], lists[-1]
        for verb in verbs.split():
            pairs.add((resource or urls, verb))
    return pairs


def rule_pairs(rules: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """RBAC rules as the (resource, verb) pairs ``can_i_list`` reads back."""
    pairs = set()
    for rule in rules:
        for url in rule.get("nonResourceURLs") or []:
            pairs |= {(url, verb) for verb in rule["verbs"]}
        for group in rule.get("apiGroups") or []:
            for resource in rule.get("resources") or []:
                name = f"{resource}.{group}" if group else resource
                pairs |= {(name, verb) for verb in rule["verbs"]}
    return pairs


def token_kubeconfig(plane: ControlPlane, token: str, path: Path) -> Path:
    """A kubeconfig that authenticates to ``plane`` with a bearer token only."""
    ca = base64.b64encode(plane.ca.read_bytes()).decode()
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": plane.name, "cluster": {"server": plane.server, "certificate-authority-data": ca}}],
        "users": [{"name": "token", "user": {"token": token}}],
        "contexts": [{"name": plane.name, "context": {"cluster": plane.name, "user": "token"}}],
        "current-context": plane.name,
    }
    path.touch(mode=0o600)
    path.write_text(json.dumps(config))
    return path
