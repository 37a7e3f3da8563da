"""``chartgen kubeconfig build``: a minimal, self-contained kubeconfig for the operator's identity at work.

The operator reads one file from a Secret inside a pod of the home cluster, so the kubeconfig must carry everything
inline: one cluster (server and embedded CA), one user (a bearer token), one context, current-context set. The
inputs come from files the user already has — a CA file or the admin kubeconfig of the work cluster (only its server
and CA are taken, never its credentials: the operator must not get cluster-admin), and a token file or the
``kubernetes.io/service-account-token`` Secret as ``kubectl get secret NAME -o yaml`` prints it.

Every input is refused with one line that names the file and the problem, never the secret value. The result is
judged with the same checks as ``chartgen kubeconfig check``; an error there is a refusal, so what is written always
passes them.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chartgen.bounded_io import InputStalledError, InputTooLargeError, read_bounded
from chartgen.errors import ChartgenError, Location, UsageError
from chartgen.findings import Severity
from chartgen.k8s_names import is_dns1123_label
from chartgen.kubeconfig.checks import judge_document
from chartgen.kubeconfig.document import load_kubeconfig, parse_kubeconfig
from chartgen.limits import SMALL_FILE_BYTES
from chartgen.records import field, record
from chartgen.redact import remember
from chartgen.yamlread.limits import guard_yaml
from chartgen.yamlread.manifests import manifest_loader

__all__ = [
    "DEFAULT_NAME",
    "BuiltKubeconfig",
    "ClusterAccess",
    "KubeconfigBuildError",
    "TokenSecret",
    "build_from_files",
    "build_kubeconfig",
    "check_token",
    "quote_name",
    "cluster_from_kubeconfig",
    "dump_kubeconfig",
    "read_ca_file",
    "read_token_file",
    "read_token_secret",
    "valid_pem_certificates",
]

DEFAULT_NAME = "work"

# A name for the cluster, user and context entries: printable, no spaces, safe in a shell and a log.
_ENTRY_NAME = re.compile(r"[A-Za-z0-9][-A-Za-z0-9_.:@]*")


class KubeconfigBuildError(ChartgenError):
    """An input of ``kubeconfig build`` or ``kubeconfig secret`` is unusable. Exit code 2."""


@record(frozen=True)
class ClusterAccess:
    """What the operator needs to reach and trust the work cluster's API server (no credentials)."""

    server: str
    ca_pem: bytes | None


@record(frozen=True)
class TokenSecret:
    """The useful contents of a service-account-token Secret: the token and, when present, ``ca.crt``."""

    token: str
    ca_pem: bytes | None = field(default=None)


@record(frozen=True)
class BuiltKubeconfig:
    """The kubeconfig text and the non-error findings the checks still report on it (e.g. a short-lived JWT)."""

    text: str
    name: str
    server: str
    warnings: list[Any] = field(default_factory=list)


# --- certificates ------------------------------------------------------------------------------------------------


def valid_pem_certificates(data: bytes, where: str, what: str) -> bytes:
    """The X.509 certificates in ``data`` re-encoded as PEM, or a refusal naming ``where`` and ``what``.

    Re-encoding drops whatever surrounds the PEM blocks (``openssl x509 -text`` output, comments). A private key in
    the same file is refused: it would otherwise travel in a kubeconfig to another cluster."""
    location = Location(where)
    if b"PRIVATE KEY-----" in data:
        raise KubeconfigBuildError(f"{what} holds a private key; give the CA certificate only", location)
    if b"-----BEGIN CERTIFICATE-----" not in data:
        hint = ""
        if data[:1] == b"\x30":  # an ASN.1 SEQUENCE: most likely a DER certificate
            hint = " (it looks like DER; convert it with `openssl x509 -inform der -in FILE -out ca.crt`)"
        raise KubeconfigBuildError(f"{what} is not a PEM certificate{hint}", location)
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise KubeconfigBuildError(f"{what} holds PEM that is not a readable certificate", location) from None
    return b"".join(cert.public_bytes(Encoding.PEM) for cert in certificates)


def read_ca_file(path: str | Path) -> bytes:
    """The PEM certificates of the CA file at ``path`` (``--ca-file``)."""
    return valid_pem_certificates(_read_bytes(path, "CA file"), str(path), "CA file")


# --- tokens ------------------------------------------------------------------------------------------------------


def check_token(raw: bytes, where: str, what: str) -> str:
    """``raw`` as a bearer token, with surrounding whitespace (a trailing newline) removed, or a refusal.

    A token travels in an HTTP ``Authorization`` header, so it must be one run of visible ASCII characters. The
    refusal says what is wrong, never what the token is."""
    location = Location(where)
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise KubeconfigBuildError(f"{what} is not a token: it is not text", location) from None
    remember(text)  # from here on no error line may carry it, whatever goes wrong
    if not text:
        raise KubeconfigBuildError(f"{what} is not a token: it is empty", location)
    if any(ch.isspace() for ch in text):
        hint = ""
        if text.startswith(("apiVersion:", "kind:", "{", "---")) or "\napiVersion:" in text:
            hint = "; for a Secret manifest use --token-secret"
        raise KubeconfigBuildError(f"{what} is not a token: it has whitespace inside{hint}", location)
    if not all("!" <= ch <= "~" for ch in text):
        raise KubeconfigBuildError(f"{what} is not a token: it has unprintable or non-ASCII characters", location)
    return text


def read_token_file(path: str | Path) -> str:
    """The token in the file at ``path`` (``--token-file``, e.g. the output of ``kubectl create token``)."""
    return check_token(_read_bytes(path, "token file"), str(path), "token file")


def read_token_secret(path: str | Path) -> TokenSecret:
    """The token (and ``ca.crt``) of the Secret manifest at ``path`` (``--token-secret``), as ``kubectl get secret
    NAME -o yaml`` (or ``-o json``) prints it: base64 ``data.token`` and ``data.ca.crt``."""
    where = str(path)
    location = Location(where)
    secret = _load_plain_yaml(_read_bytes(path, "token Secret"), where)
    if not isinstance(secret, Mapping) or secret.get("kind") != "Secret":
        found = secret.get("kind") if isinstance(secret, Mapping) else None
        hint = "; export one Secret with `kubectl get secret NAME -o yaml`" if found == "List" else ""
        raise KubeconfigBuildError(f"not a Secret manifest (kind: {quote_name(found)}){hint}", location)
    name = quote_name(
        (secret.get("metadata") or {}).get("name") if isinstance(secret.get("metadata"), Mapping) else None
    )
    data = secret.get("data")
    if not isinstance(data, Mapping) or data.get("token") in (None, ""):
        if isinstance(secret.get("stringData"), Mapping):
            hint = "; stringData is write-only — export the Secret from the cluster with `kubectl get secret -o yaml`"
        elif secret.get("type") == "kubernetes.io/service-account-token":
            hint = "; Kubernetes has not filled in the token yet — wait a moment and export the Secret again"
        else:
            hint = ""
        raise KubeconfigBuildError(f"Secret {name} has no data.token{hint}", location)
    token = check_token(_b64field(data["token"], where, "data.token"), where, f"Secret {name} data.token")
    ca_pem = None
    if data.get("ca.crt") not in (None, ""):
        raw_ca = _b64field(data["ca.crt"], where, "data.ca.crt")
        ca_pem = valid_pem_certificates(raw_ca, where, f"Secret {name} data.ca.crt")
    return TokenSecret(token, ca_pem)


def _b64field(value: Any, where: str, field_path: str) -> bytes:
    # Secret data is standard, padded base64; kubectl never wraps it, but a hand-made file might.
    if not isinstance(value, str):
        raise KubeconfigBuildError(f"{field_path} is not a base64 string", Location(where))
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise KubeconfigBuildError(f"{field_path} is not valid base64", Location(where)) from None


# --- the admin kubeconfig -----------------------------------------------------------------------------------------


def cluster_from_kubeconfig(path: str | Path, context: str | None = None) -> ClusterAccess:
    """Server and CA of the cluster that ``context`` (default: the current context) of the admin kubeconfig at
    ``path`` names. Its user and credentials are ignored on purpose."""
    where = str(path)
    doc = load_kubeconfig(path)
    names = ", ".join(quote_name(c.name) for c in doc.contexts) or "none"
    wanted = context or doc.current_context
    if not wanted:
        raise KubeconfigBuildError(
            f"the kubeconfig has no current-context; name one with --context (contexts: {names})", Location(where)
        )
    entry = doc.find("contexts", wanted)
    if entry is None:
        how = "--context" if context else "current-context"
        raise KubeconfigBuildError(
            f"{how} {quote_name(wanted)} is not a context of the kubeconfig (contexts: {names})", Location(where)
        )
    cluster_name = entry.get("cluster", "")
    cluster = doc.find("clusters", cluster_name) if cluster_name else None
    if cluster is None:
        raise KubeconfigBuildError(
            f"context {quote_name(wanted)} names cluster {quote_name(cluster_name)}, "
            "which the kubeconfig does not have",
            Location(where),
        )
    ca_pem = None
    what = f"cluster {quote_name(cluster.name)}"
    if cluster.has("certificate-authority-data"):
        raw = _b64field(cluster.get("certificate-authority-data"), where, f"{what} certificate-authority-data")
        ca_pem = valid_pem_certificates(raw, where, f"{what} certificate-authority-data")
    elif cluster.has("certificate-authority"):
        # kubectl resolves a relative CA path against the kubeconfig's own folder.
        ca_path = Path(path).parent / cluster.get("certificate-authority")
        ca_pem = valid_pem_certificates(_read_bytes(ca_path, "CA file"), str(ca_path), "CA file")
    return ClusterAccess(cluster.get("server", ""), ca_pem)


# --- assembling ---------------------------------------------------------------------------------------------------


def build_kubeconfig(
    server: str,
    ca_pem: bytes | None,
    token: str,
    name: str = DEFAULT_NAME,
    namespace: str | None = None,
) -> BuiltKubeconfig:
    """The kubeconfig text for ``server`` (trusted through ``ca_pem``) and ``token``; one cluster, user and context,
    all called ``name``. Refuses what ``chartgen kubeconfig check`` would report as an error."""
    _check_name(name)
    if namespace is not None and not is_dns1123_label(namespace):
        raise KubeconfigBuildError(
            f"--namespace {quote_name(namespace)} is not a namespace name: lowercase letters, digits and '-', "
            "starting and ending with a letter or digit, at most 63 characters"
        )
    _check_server(server)
    if not ca_pem:
        raise KubeconfigBuildError(
            "no CA certificate for the work cluster: give --ca-file, or --from-kubeconfig with a cluster that has "
            "certificate-authority-data, or a --token-secret with data.ca.crt"
        )
    token = check_token(token.encode("utf-8"), "token", "the token")
    context: dict[str, Any] = {"cluster": name, "user": name}
    if namespace:
        context["namespace"] = namespace
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": name, "cluster": {"server": server, "certificate-authority-data": _b64(ca_pem)}},
        ],
        "users": [{"name": name, "user": {"token": token}}],
        "contexts": [{"name": name, "context": context}],
        "current-context": name,
        "preferences": {},
    }
    text = dump_kubeconfig(config)
    return BuiltKubeconfig(text, name, server, _judge(text, server))


def build_from_files(
    *,
    server: str | None = None,
    ca_file: str | None = None,
    admin_kubeconfig: str | None = None,
    context: str | None = None,
    token_file: str | None = None,
    token_secret: str | None = None,
    name: str = DEFAULT_NAME,
    namespace: str | None = None,
) -> BuiltKubeconfig:
    """``kubeconfig build`` from its options: the CA from ``ca_file`` or the admin kubeconfig's cluster (else the
    token Secret's ``ca.crt``), the server from ``server`` or the admin kubeconfig, the token from ``token_file`` or
    ``token_secret``."""
    if ca_file and admin_kubeconfig:
        raise UsageError("give either --ca-file or --from-kubeconfig, not both")
    if context and not admin_kubeconfig:
        raise UsageError("--context selects a context of --from-kubeconfig; give that file too")
    if bool(token_file) == bool(token_secret):
        raise UsageError("give exactly one of --token-file FILE and --token-secret FILE")
    if not (ca_file or admin_kubeconfig or token_secret):
        raise UsageError("give the work cluster's CA with --ca-file FILE or --from-kubeconfig FILE")
    if not (server or admin_kubeconfig):
        raise UsageError("give the work cluster's API server with --server URL (or take it from --from-kubeconfig)")
    access = ClusterAccess(server or "", None)
    if ca_file:
        access = ClusterAccess(access.server, read_ca_file(ca_file))
    elif admin_kubeconfig:
        found = cluster_from_kubeconfig(admin_kubeconfig, context)
        access = ClusterAccess(server or found.server, found.ca_pem)
        if not access.server:
            raise UsageError(f"{admin_kubeconfig}: the cluster has no server; give --server URL")
    if token_secret:
        secret = read_token_secret(token_secret)
        token, ca_pem = secret.token, access.ca_pem or secret.ca_pem
    else:
        token, ca_pem = read_token_file(token_file or ""), access.ca_pem
    return build_kubeconfig(access.server, ca_pem, token, name=name, namespace=namespace)


def dump_kubeconfig(config: Mapping[str, Any]) -> str:
    """YAML of a kubeconfig in kubectl's own layout (keys sorted, lists not indented), never line-folded."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(dict(config), Dumper=dumper, sort_keys=True, default_flow_style=False, width=1 << 30)


def _judge(text: str, server: str) -> list[Any]:
    """Run the ``kubeconfig check`` rules on the built text: errors become a refusal, the rest is returned."""
    findings = judge_document(parse_kubeconfig(text, "the built kubeconfig"))
    errors = [f for f in findings if f.severity == Severity.ERROR]
    if any(f.rule_id == "CG-KUBECONFIG-003" for f in errors):
        raise KubeconfigBuildError(
            f"the server {server} is a loopback address, which a pod in the home cluster cannot use to reach the work "
            "cluster; give --server with an address reachable from there (kind: the server of "
            "`kind get kubeconfig --internal --name NAME`, e.g. https://NAME-control-plane:6443)"
        )
    if errors:
        raise KubeconfigBuildError(f"the built kubeconfig would fail `chartgen kubeconfig check`: {errors[0].message}")
    return [f for f in findings if f.severity > Severity.NOTE]


def _check_name(name: str) -> None:
    if not (_ENTRY_NAME.fullmatch(name) and len(name) <= 253):
        raise KubeconfigBuildError(
            f"--name {quote_name(name)} is not a usable kubeconfig entry name: letters, digits and '-_.:@', "
            "starting with a letter or digit"
        )


def _check_server(server: str) -> None:
    if not server:
        raise KubeconfigBuildError("no server address: give --server https://HOST:PORT")
    try:
        parts = urlsplit(server)
        host, _ = parts.hostname, parts.port  # .port raises on a bad port
    except ValueError:
        raise KubeconfigBuildError("--server is not a URL; give https://HOST:PORT") from None
    if parts.username is not None or parts.password is not None:
        # Never echo it: the URL itself carries credentials.
        raise KubeconfigBuildError("the server URL holds credentials (user:password@); remove them")
    if parts.scheme != "https" or not host:
        raise KubeconfigBuildError(
            f"the server {quote_name(server)} is not an https:// URL with a host; the token must travel over TLS"
        )


# --- small helpers ------------------------------------------------------------------------------------------------


def _read_bytes(path: str | Path, what: str) -> bytes:
    where = Location(str(path))
    try:
        return read_bounded(path, SMALL_FILE_BYTES, what)
    except (InputTooLargeError, InputStalledError) as exc:
        raise KubeconfigBuildError(exc.message, exc.location) from None
    except FileNotFoundError:
        raise KubeconfigBuildError(f"cannot read {what}: no such file", where) from None
    except IsADirectoryError:
        raise KubeconfigBuildError(f"cannot read {what}: it is a directory", where) from None
    except OSError as exc:
        raise KubeconfigBuildError(f"cannot read {what}: {exc.strerror or 'I/O error'}", where) from None


def _load_plain_yaml(raw: bytes, where: str) -> Any:
    """Plain data of a YAML/JSON manifest, as kubectl reads it. Errors give the position only: PyYAML's text may
    quote the content."""
    import yaml

    try:
        text = raw.decode("utf-8")
        guard_yaml(text, where, KubeconfigBuildError)
        return yaml.load(text, Loader=manifest_loader())  # noqa: S506 - a safe loader
    except UnicodeDecodeError:
        raise KubeconfigBuildError("not a Secret manifest: the file is not UTF-8 text", Location(where)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(where, mark.line + 1, mark.column + 1) if mark else Location(where)
        raise KubeconfigBuildError("not a Secret manifest: invalid YAML", loc) from None
    except yaml.YAMLError:
        raise KubeconfigBuildError("not a Secret manifest: invalid YAML", Location(where)) from None
    except ValueError:
        raise KubeconfigBuildError(
            "not a Secret manifest: a date or time that does not exist", Location(where)
        ) from None


def quote_name(value: Any) -> str:
    """An identifier (a kind, a name) for a message; long or odd text is not echoed."""
    if value is None:
        return "(none)"
    text = str(value)
    if len(text) > 63 or not text.isprintable():
        return "(a long or unprintable name)"
    return f"'{text}'"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
