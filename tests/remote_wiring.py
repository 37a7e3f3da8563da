"""What a correct remote-target wiring looks like in rendered manifests, stated once for every test."""

from __future__ import annotations

import posixpath

from manifests import operator_container, operator_deployment

WEBHOOK_KINDS = {"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService"}
# The stock chart's webhook configurations, by kind and name: the overlay renders each again, empty, as an upgrade
# and rollback hook, so that Helm deletes a stock release's (hook resources are never deleted otherwise).
RETIRED_WEBHOOKS = {
    ("ValidatingWebhookConfiguration", "validators.intersystems.com"),
    ("MutatingWebhookConfiguration", "mutators.intersystems.com"),
}
RETIREMENT_HOOK = {
    "helm.sh/hook": "pre-upgrade,pre-rollback",
    "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
}


def is_retirement_hook(manifest: dict) -> bool:
    return (manifest.get("kind"), manifest["metadata"]["name"]) in RETIRED_WEBHOOKS and (
        manifest["metadata"].get("annotations") or {}
    ) == RETIREMENT_HOOK


def assert_registers_no_webhook(manifests: list[dict]) -> None:
    """No APIService, and no webhook configuration but the two empty retirement hooks, both present."""
    hooks = [m for m in manifests if is_retirement_hook(m)]
    assert {(m["kind"], m["metadata"]["name"]) for m in hooks} == RETIRED_WEBHOOKS
    assert all(m["webhooks"] == [] for m in hooks), "a retirement hook must register no webhook"
    assert not [m for m in manifests if m.get("kind") in WEBHOOK_KINDS and not is_retirement_hook(m)]


def assert_remote_wiring(manifests: list[dict], secret: str, key: str = "config", mount: str = "/airgap/.kube") -> None:
    pod = operator_deployment(manifests)["spec"]["template"]["spec"]
    container = operator_container(manifests)
    volumes = [v for v in pod.get("volumes", []) if v.get("secret", {}).get("secretName") == secret]
    assert len(volumes) == 1, f"expected one volume from Secret {secret!r}, got {volumes}"
    volume = volumes[0]
    assert volume["secret"]["items"] == [{"key": key, "path": key}]
    mounts = [m for m in container.get("volumeMounts", []) if m["name"] == volume["name"]]
    assert len(mounts) == 1
    assert mounts[0]["mountPath"] == mount
    assert mounts[0].get("readOnly") is True
    assert "subPath" not in mounts[0]
    expected_path = posixpath.join(mount, key)
    kube_args = [a for a in container["args"] if a.startswith("--kubeconfig")]
    assert kube_args == [f"--kubeconfig={expected_path}"]
    env = [e for e in container.get("env", []) if e["name"] == "KUBECONFIG"]
    assert env == [{"name": "KUBECONFIG", "value": expected_path}]
    names = [e["name"] for e in container.get("env", [])]
    assert len(names) == len(set(names)), "duplicate env names"
    assert len(container["args"]) == len(set(container["args"])), "duplicate args"
    assert "--enable-mutating-webhook=false" in container["args"]
    assert "--enable-validating-webhook=false" in container["args"]
    assert "--bypass-validating-webhook-xray=true" in container["args"]
    assert_registers_no_webhook(manifests)
    (service,) = [m for m in manifests if m.get("kind") == "Service"]
    assert all(port.get("protocol") == "TCP" for port in service["spec"]["ports"])


def assert_no_remote_wiring(manifests: list[dict]) -> None:
    pod = operator_deployment(manifests)["spec"]["template"]["spec"]
    container = operator_container(manifests)
    assert not [a for a in container["args"] if a.startswith("--kubeconfig")]
    assert not [e for e in container.get("env", []) if e["name"] == "KUBECONFIG"]
    assert not [v for v in pod.get("volumes", []) if "kubeconfig" in v["name"]]
    assert not [m for m in container.get("volumeMounts", []) if "kubeconfig" in m["name"]]
    assert not [m for m in manifests if is_retirement_hook(m)]


def strip_remote_wiring(manifests: list[dict]) -> list[dict]:
    """The manifests with the overlay's additions taken out (for comparing with a stock render): the four wiring
    elements, the retirement hooks, and the protocol of Service ports (the API server's default, spelt out)."""
    import copy

    out = [m for m in copy.deepcopy(manifests) if not is_retirement_hook(m)]
    for m in out:
        if m.get("kind") == "Service":
            for port in m["spec"]["ports"]:
                assert port.pop("protocol") == "TCP"
        if m.get("kind") != "Deployment":
            continue
        pod = m["spec"]["template"]["spec"]
        pod["volumes"] = [v for v in pod.get("volumes", []) if v["name"] != "remote-kubeconfig"]
        for c in pod["containers"]:
            c["args"] = [a for a in c.get("args", []) if not a.startswith("--kubeconfig=")]
            c["env"] = [e for e in c.get("env", []) if e["name"] != "KUBECONFIG"]
            c["volumeMounts"] = [v for v in c.get("volumeMounts", []) if v["name"] != "remote-kubeconfig"]
    return out
