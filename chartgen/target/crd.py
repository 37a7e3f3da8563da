"""The IrisCluster CRD for the work cluster: read the file the user exported from the home cluster and clean it.

``kubectl get crd irisclusters.intersystems.com -o yaml`` prints the object as the home API server holds it, with
fields only a server may set (uid, resourceVersion, managedFields, status…). Applied to another cluster those are
at best noise and at worst refused (a resourceVersion from another cluster is a conflict), so they are removed
here and the definition itself — ``spec`` — is kept byte-for-byte as exported.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from chartgen.bounded_io import InputStalledError, InputTooLargeError, read_bounded
from chartgen.errors import Location, UsageError
from chartgen.k8s_names import is_dns1123_subdomain
from chartgen.limits import CRD_FILE_BYTES
from chartgen.yamlread.limits import guard_yaml
from chartgen.yamlread.manifests import manifest_loader

__all__ = ["CrdFileError", "clean_crd", "read_crd_file"]

CRD_API_VERSION = "apiextensions.k8s.io/v1"
CRD_KIND = "CustomResourceDefinition"

# metadata fields the API server writes; none of them means anything in another cluster. ownerReferences carry
# uids of the home cluster, finalizers are re-added by the work cluster's own apiextensions controller.
_SERVER_METADATA = (
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "selfLink",
    "ownerReferences",
    "finalizers",
    "namespace",
    "generateName",
)
# Annotations written by clients as bookkeeping of how *they* applied the object, not part of the definition.
_CLIENT_ANNOTATIONS = (
    "kubectl.kubernetes.io/last-applied-configuration",
    "deprecated.daemonset.template.generation",
)


class CrdFileError(UsageError):
    """The ``--crd-file`` is unreadable or does not hold a CustomResourceDefinition."""


def read_crd_file(path: str | Path) -> list[dict[str, Any]]:
    """The CustomResourceDefinitions in ``path``, cleaned, in file order.

    Accepts what ``kubectl get crd … -o yaml|json`` prints: one CRD, or a ``List`` of them (what kubectl prints
    for several names or a selector), possibly as several YAML documents. Anything else is a CrdFileError whose
    one-line message names the file and what it found instead.
    """
    shown = str(path)
    try:
        text = read_bounded(path, CRD_FILE_BYTES, "CRD file").decode("utf-8-sig")
    except (InputTooLargeError, InputStalledError) as exc:
        raise CrdFileError(str(exc)) from None
    except FileNotFoundError:
        raise CrdFileError(f"CRD file {shown}: no such file") from None
    except IsADirectoryError:
        raise CrdFileError(f"CRD file {shown}: is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise CrdFileError(f"CRD file {shown}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise CrdFileError(f"CRD file {shown}: cannot read it ({exc.strerror})") from None

    found: list[dict[str, Any]] = []
    for body in _documents(text, shown):
        if _is_list(body):
            items = body.get("items")
            if not isinstance(items, list) or not items:
                raise CrdFileError(f"CRD file {shown}: holds an empty List, not a CustomResourceDefinition")
            for item in items:
                found.append(_check_crd(item, shown))
        else:
            found.append(_check_crd(body, shown))
    if not found:
        raise CrdFileError(f"CRD file {shown}: is empty, not a CustomResourceDefinition")
    names = [crd["metadata"]["name"] for crd in found]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise CrdFileError(f"CRD file {shown}: holds CustomResourceDefinition {duplicate} twice")
    return [clean_crd(crd) for crd in found]


def clean_crd(crd: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``crd`` without server-set fields and client bookkeeping; ``spec`` is untouched."""
    out = {key: copy.deepcopy(value) for key, value in crd.items() if key != "status"}
    meta = out.get("metadata")
    if isinstance(meta, dict):
        for key in _SERVER_METADATA:
            meta.pop(key, None)
        annotations = meta.get("annotations")
        if isinstance(annotations, dict):
            for key in _CLIENT_ANNOTATIONS:
                annotations.pop(key, None)
            if not annotations:  # an empty mapping left behind reads as if something had been meant to go there
                del meta["annotations"]
        if meta.get("labels") == {}:
            del meta["labels"]
    return out


def _documents(text: str, shown: str) -> list[Any]:
    import yaml

    def refuse(message: str, location: Location) -> CrdFileError:
        return CrdFileError(f"CRD file {location}: not valid YAML ({message.removeprefix('invalid YAML: ')})")

    guard_yaml(text, shown, refuse)
    # Read as Kubernetes reads it: a date in a description or default stays the string the exported file holds.
    # The whole file is loaded at once, so an error's line number is the file's.
    try:
        return [body for body in yaml.load_all(text, Loader=manifest_loader()) if body is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise CrdFileError(f"CRD file {shown}{where}: not valid YAML ({problem})") from None


def _is_list(body: Any) -> bool:
    # kubectl prints "kind: List, apiVersion: v1"; typed lists (CustomResourceDefinitionList) come from raw API reads.
    return isinstance(body, dict) and isinstance(body.get("kind"), str) and body["kind"].endswith("List")


def _check_crd(body: Any, shown: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise CrdFileError(f"CRD file {shown}: holds a YAML {_yaml_kind(body)}, not a CustomResourceDefinition")
    kind, api_version = body.get("kind"), body.get("apiVersion")
    meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    name = meta.get("name")
    if kind != CRD_KIND:
        what = f"kind {kind}" if isinstance(kind, str) and kind else "an object without a kind"
        named = f" {name!r}" if isinstance(name, str) and name else ""
        raise CrdFileError(f"CRD file {shown}: holds {what}{named}, not a CustomResourceDefinition")
    if api_version != CRD_API_VERSION:
        # v1beta1 stopped being served in Kubernetes 1.22; a current kubectl against a current cluster prints v1.
        raise CrdFileError(
            f"CRD file {shown}: CustomResourceDefinition{' ' + name if isinstance(name, str) else ''} has apiVersion "
            f"{api_version}, expected {CRD_API_VERSION}; export it again from a Kubernetes 1.16+ cluster"
        )
    if not isinstance(name, str) or not name:
        raise CrdFileError(f"CRD file {shown}: the CustomResourceDefinition has no metadata.name")
    if not is_dns1123_subdomain(name):
        # Kubernetes would refuse it, and the bundle names a file after it: no '/', no '..', nothing unprintable.
        raise CrdFileError(
            f"CRD file {shown}: metadata.name {name[:80]!r} is not a DNS-1123 subdomain (<plural>.<group>), as "
            "Kubernetes requires"
        )
    spec = body.get("spec")
    if not isinstance(spec, dict):
        raise CrdFileError(f"CRD file {shown}: CustomResourceDefinition {name} has no spec")
    conversion = spec.get("conversion")
    if isinstance(conversion, dict) and conversion.get("strategy") == "Webhook":
        # The webhook's service lives where the operator runs (home); the work cluster could never call it, and the
        # work-cluster bundle is promised to contain no webhook at all.
        raise CrdFileError(
            f"CRD file {shown}: CustomResourceDefinition {name} converts versions through a webhook "
            "(spec.conversion.strategy: Webhook), which the work cluster cannot reach"
        )
    return body


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "sequence"
    if isinstance(value, str):
        return "string"
    return "scalar"
