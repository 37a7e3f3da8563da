"""``chartgen kubeconfig secret``: the home-cluster Secret that carries the work cluster's kubeconfig.

The patched chart mounts one key of one Secret in the release namespace; the operator reads it as its kubeconfig.
So the Secret must hold a kubeconfig that passes the offline checks, and only what the operator uses: the file is
minified to its current context (that context, its cluster and its user), so the credentials of other contexts
never leave the user's machine. Nothing here prints the kubeconfig or the Secret's data.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any

from chartgen.errors import Location
from chartgen.findings import Severity
from chartgen.k8s_names import is_dns1123_label, is_dns1123_subdomain
from chartgen.kubeconfig.build import KubeconfigBuildError, dump_kubeconfig, quote_name
from chartgen.kubeconfig.checks import judge_document
from chartgen.kubeconfig.document import KubeconfigDocument, load_kubeconfig
from chartgen.patch.overlay_spec import REMOTE_TARGET, load_overlay
from chartgen.records import record

__all__ = ["SecretManifest", "VettedSecret", "default_secret_key", "minify", "secret_manifest", "vet", "vetted_secret"]

# The API server refuses an object larger than this; a kubeconfig that big is not a kubeconfig.
_SECRET_LIMIT = 1024 * 1024
_SECRET_KEY = re.compile(r"[-._a-zA-Z0-9]+")


@record(frozen=True)
class SecretManifest:
    """The Secret manifest text, and the minified kubeconfig text it carries under ``key``."""

    text: str
    kubeconfig: str
    name: str
    namespace: str
    key: str
    context: str


@record(frozen=True)
class VettedSecret:
    """The Secret for a kubeconfig file, the ``kubeconfig check`` findings that file has, and, when its errors
    forbid writing the Secret, the refusal to raise once the findings have been shown."""

    manifest: SecretManifest
    errors: list[Any]
    warnings: list[Any]
    refusal: KubeconfigBuildError | None


def vetted_secret(
    file: str, name: str, namespace: str, key: str | None = None, *, allow_check_errors: bool = False
) -> VettedSecret:
    """``chartgen kubeconfig secret``: the Secret ``namespace/name`` for the kubeconfig ``file``, vetted. Errors
    of the offline checks refuse the Secret unless ``allow_check_errors``; warnings never do."""
    doc = load_kubeconfig(file)
    manifest = secret_manifest(doc, name, namespace, key)
    errors, warnings = vet(doc)
    refusal = None
    if errors and not allow_check_errors:
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        refusal = KubeconfigBuildError(
            f"{file} fails 'chartgen kubeconfig check' with {count}; fix it, or use --allow-check-errors to "
            "write the Secret anyway"
        )
    return VettedSecret(manifest, errors, warnings, refusal)


def default_secret_key() -> str:
    """The key the remote-target overlay mounts by default: the default of the parameter its ``kubeconfig_secret``
    declaration names as the key, read from the overlay so the Secret and the patched chart cannot drift apart."""
    overlay = load_overlay(REMOTE_TARGET)
    declared = overlay.kubeconfig_secret or {}
    return str(overlay.parameters[declared["key"]]["default"])


def minify(doc: KubeconfigDocument) -> dict[str, Any]:
    """The kubeconfig reduced to its current context, that context's cluster and user, and ``current-context``
    (as ``kubectl config view --minify`` does). Embedded data is kept as it is; entries keep all their fields."""
    where = Location(doc.path)
    if not doc.current_context:
        raise KubeconfigBuildError("the kubeconfig has no current-context; nothing to put in the Secret", where)
    context = doc.find("contexts", doc.current_context)
    if context is None:
        raise KubeconfigBuildError(
            f"current-context {quote_name(doc.current_context)} is not a context of the kubeconfig", where
        )
    picked: dict[str, Any] = {}
    for section, key in (("clusters", "cluster"), ("users", "user")):
        name = context.get(key, "")
        entry = doc.find(section, name) if name else None
        if entry is None:
            raise KubeconfigBuildError(
                f"context {quote_name(context.name)} names {key} {quote_name(name)}, "
                "which the kubeconfig does not have",
                where,
            )
        picked[section] = [_plain(entry.item)]
    root = doc.root
    preferences = root.get("preferences")
    return {
        "apiVersion": _plain(root.get("apiVersion")) or "v1",
        "kind": "Config",
        "clusters": picked["clusters"],
        "contexts": [_plain(context.item)],
        "current-context": doc.current_context,
        "preferences": _plain(preferences) if isinstance(preferences, Mapping) else {},
        "users": picked["users"],
    }


def secret_manifest(doc: KubeconfigDocument, name: str, namespace: str, key: str | None = None) -> SecretManifest:
    """The home-cluster Secret ``namespace/name`` whose ``data.<key>`` is the minified kubeconfig of ``doc``;
    ``key`` defaults to the remote-target overlay's ``secretKey``."""
    default_key = default_secret_key()
    key = key or default_key
    _check_names(name, namespace, key)
    kubeconfig = dump_kubeconfig(minify(doc))
    encoded = base64.b64encode(kubeconfig.encode("utf-8")).decode("ascii")
    if len(encoded) > _SECRET_LIMIT:
        raise KubeconfigBuildError("the minified kubeconfig is over 1 MiB, more than a Secret may hold")
    import yaml

    body = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": namespace},
        "type": "Opaque",
        "data": {key: encoded},
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = _header(name, namespace, key, key != default_key, doc.current_context) + yaml.dump(
        body, Dumper=dumper, sort_keys=False, default_flow_style=False, width=1 << 30
    )
    return SecretManifest(text, kubeconfig, name, namespace, key, doc.current_context)


def vet(doc: KubeconfigDocument, now: float | None = None) -> tuple[list[Any], list[Any]]:
    """The ``chartgen kubeconfig check`` findings of ``doc``: (errors, warnings). Notes are left out — the one
    about other contexts is what minifying fixes."""
    findings = judge_document(doc, now)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    return errors, warnings


def _header(name: str, namespace: str, key: str, custom_key: bool, context: str) -> str:
    # The patch command the Secret fits, so a non-default key cannot be forgotten on the chart's side.
    patch = f"chartgen patch --remote-secret {name}" + (f" --secret-key {key}" if custom_key else "")
    return (
        "# For the HOME cluster (where the patched iris-operator chart is installed), NOT the work cluster.\n"
        f"# It holds the work cluster's kubeconfig (context {quote_name(context)}) under the key {key!r}; the chart\n"
        f"# patched with `{patch}` mounts it into the operator.\n"
        f"# Apply it before `helm install ... --namespace {namespace}`, with kubectl pointed at the home cluster.\n"
        "# It carries credentials: keep it out of version control and delete it once applied.\n"
    )


def _check_names(name: str, namespace: str, key: str) -> None:
    if not is_dns1123_subdomain(name):
        raise KubeconfigBuildError(
            f"--name {quote_name(name)} is not a Secret name: a DNS-1123 subdomain (lowercase letters, digits, '-' and "
            "'.', starting and ending with a letter or digit, at most 253 characters)"
        )
    if not is_dns1123_label(namespace):
        raise KubeconfigBuildError(
            f"--namespace {quote_name(namespace)} is not a namespace name: lowercase letters, digits and '-', "
            "starting and ending with a letter or digit, at most 63 characters"
        )
    if not (_SECRET_KEY.fullmatch(key) and len(key) <= 253) or key in (".", ".."):
        raise KubeconfigBuildError(f"--key {quote_name(key)} is not a Secret key: letters, digits, '-', '_' and '.'")


def _plain(value: Any) -> Any:
    """ruamel's round-trip nodes as plain Python data, so the YAML dump is the same for any input style."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value
