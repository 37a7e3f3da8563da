"""Offline checks of the kubeconfig that will become the remote-target Secret.

The operator runs in the home cluster and reads only the Secret's one key: it cannot reach the work cluster through
a loopback address, run an exec plugin it does not ship, open files next to the kubeconfig, or refresh an expired
token. Each check here finds one of those mistakes before the Secret is created, and reports it at the kubeconfig's
file:line:column of the offending field.

Only the current context is judged — that is the one the operator uses. Messages name fields
(``users[0].user.token``), never values: a token, key or certificate must not reach a terminal or a CI log.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

from chartgen.errors import Location
from chartgen.findings import Finding, Severity
from chartgen.kubeconfig.document import Entry, KubeconfigDocument, KubeconfigParseError, load_kubeconfig
from chartgen.records import record

__all__ = ["CHECKS", "KubeconfigCheck", "Subject", "check_kubeconfig", "judge_document", "parse_failure"]

FAMILY = "kubeconfig"
DAY_SECONDS = 24 * 60 * 60

# (message, location, severity override or None for the check's own severity)
Issue = tuple[str, Location, Severity | None]


@record(frozen=True)
class Subject:
    """What is judged: the document, the current context and the cluster and user it names (None when missing).

    ``now`` is a Unix time, so token expiry can be tested without a clock."""

    document: KubeconfigDocument
    context: Entry | None
    cluster: Entry | None
    user: Entry | None
    now: float


@record(frozen=True)
class KubeconfigCheck:
    """One check: the metadata a lint rule shows, and a function from the judged subject to issues.

    ``run`` is None for the parse check, whose findings come from loading the file rather than from a subject."""

    id: str
    severity: Severity
    summary: str
    why: str
    fix: str
    run: Callable[[Subject], Iterable[Issue]] | None

    def finding(self, issue: Issue) -> Finding:
        message, location, severity = issue
        return Finding(self.id, severity or self.severity, message, location)


# --- the checks ---------------------------------------------------------------------------------------------------


def _current_context(subject: Subject) -> Iterator[Issue]:
    doc = subject.document
    if not doc.current_context:
        yield (
            "current-context is not set; the operator would not know which context to use",
            doc.locate_top("current-context"),
            None,
        )
        return
    if subject.context is None:
        yield (
            f"current-context names {_name(doc.current_context)}, but no context has that name",
            doc.locate_top("current-context"),
            None,
        )
        return
    ctx = subject.context
    for section, key in (("clusters", "cluster"), ("users", "user")):
        name = ctx.get(key, "")
        if not name:
            yield f"{ctx.field_path(key)} is not set", ctx.locate(key), None
        elif doc.find(section, name) is None:
            yield f"{ctx.field_path(key)} names {_name(name)}, but no {key} has that name", ctx.locate(key), None


_LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def _server_reachable(subject: Subject) -> Iterator[Issue]:
    cluster = subject.cluster
    if cluster is None:
        return
    server = cluster.get("server", "")
    if not server:
        yield f"{cluster.field_path('server')} is not set", cluster.locate("server"), None
        return
    host = _host_of(server)
    if host is None:
        yield f"{cluster.field_path('server')} is not a URL", cluster.locate("server"), None
        return
    what = loopback_kind(host)
    if what is None:
        return
    message = (
        f"{cluster.field_path('server')} points at {what}; from the operator's pod in another cluster that is the pod "
        "itself, not the work cluster's API server"
    )
    kind_name = _kind_cluster_name(subject)
    if kind_name is not None:
        message += (
            f"; for a kind cluster use `kind get kubeconfig --internal --name {kind_name}` "
            "(reachable from containers on kind's Docker network)"
        )
    yield message, cluster.locate("server"), None


def _host_of(server: str) -> str | None:
    # client-go accepts "host:port" without a scheme and assumes https.
    url = server if "://" in server else "https://" + server
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host or None


def loopback_kind(host: str) -> str | None:
    name = host.lower().rstrip(".")
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return f"a loopback address ({name})"
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if address.is_loopback:
        return f"a loopback address ({address})"
    if address.is_unspecified:
        return f"the unspecified address ({address}), which clients treat as this host"
    return None


def _kind_cluster_name(subject: Subject) -> str | None:
    """kind names its contexts and clusters ``kind-<cluster name>``."""
    for entry in (subject.cluster, subject.context):
        if entry is not None and entry.name.startswith("kind-") and len(entry.name) > 5:
            return entry.name[5:]
    return None


# Well-known auth-provider names -> the tool that replaced them (client-go dropped the in-tree gcp and azure ones).
_AUTH_PROVIDER_TOOLS = {"gcp": "gke-gcloud-auth-plugin", "azure": "kubelogin", "oidc": "kubelogin (oidc-login)"}


def _no_plugins(subject: Subject) -> Iterator[Issue]:
    user = subject.user
    if user is None:
        return
    if user.has("exec"):
        binary = _basename(user.get("exec").get("command"))
        needs = f"the `{binary}` binary" if binary else "an exec credential plugin"
        yield (
            f"{user.field_path('exec')} runs {needs} to get credentials; the operator image does not have it",
            user.locate("exec"),
            None,
        )
    if user.has("auth-provider"):
        provider = user.get("auth-provider")
        name = provider.get("name") if isinstance(provider.get("name"), str) else ""
        config = provider.get("config")
        tool = _basename(config.get("cmd-path")) if hasattr(config, "get") else ""
        tool = tool or _AUTH_PROVIDER_TOOLS.get(name, "")
        what = f"the {_name(name)} auth-provider" if name else "an auth-provider"
        needs = f"; it needs `{tool}`, which the operator image does not have" if tool else ""
        yield (
            f"{user.field_path('auth-provider')} uses {what} to get credentials{needs}",
            user.locate("auth-provider"),
            None,
        )


def _basename(command: Any) -> str:
    if not isinstance(command, str) or not command.strip():
        return ""
    text = command.strip()
    name = PureWindowsPath(text).name if "\\" in text else PurePosixPath(text).name
    return name if name.isprintable() and len(name) <= 63 else ""


_FILE_FIELDS = {
    "clusters": (("certificate-authority", "certificate-authority-data"),),
    "users": (
        ("client-certificate", "client-certificate-data"),
        ("client-key", "client-key-data"),
        ("tokenFile", "token"),
    ),
}


def _no_file_references(subject: Subject) -> Iterator[Issue]:
    for entry in (subject.cluster, subject.user):
        if entry is None:
            continue
        for key, inline in _FILE_FIELDS[entry.section]:
            if entry.has(key):
                yield (
                    f"{entry.field_path(key)} refers to a file; only the Secret's one key is mounted, so the operator "
                    f"cannot read it — inline it as {inline}",
                    entry.locate(key),
                    None,
                )


def _tls_verified(subject: Subject) -> Iterator[Issue]:
    cluster = subject.cluster
    if cluster is None or cluster.get("insecure-skip-tls-verify") is not True:
        return
    message = (
        f"{cluster.field_path('insecure-skip-tls-verify')} is true: the operator would send its credentials to any "
        "server that answers at that address"
    )
    if cluster.has("certificate-authority-data") or cluster.has("certificate-authority"):
        message += "; with a certificate authority also set, client-go refuses the configuration outright"
    yield message, cluster.locate("insecure-skip-tls-verify"), None


def _ca_data(subject: Subject) -> Iterator[Issue]:
    cluster = subject.cluster
    if cluster is None:
        return
    field = cluster.field_path("certificate-authority-data")
    if not cluster.has("certificate-authority-data"):
        if cluster.has("certificate-authority") or cluster.get("insecure-skip-tls-verify") is True:
            return  # the file reference / the skipped verification is already reported
        if urlsplit(cluster.get("server", "")).scheme == "http":
            return
        yield (
            f"{field} is not set: the operator can verify the server only if a public authority signed its "
            "certificate and the operator image trusts that authority",
            cluster.locate("certificate-authority-data"),
            Severity.WARNING,
        )
        return
    problem = _pem_certificate_problem(cluster.get("certificate-authority-data"), subject.now)
    if problem:
        yield f"{field} {problem}", cluster.locate("certificate-authority-data"), None


def _pem_certificate_problem(data: str, now: float) -> str | None:
    """Why base64 ``data`` is not a usable PEM certificate bundle, or None. Never quotes the data."""
    raw = _b64decode(data)
    if raw is None:
        return "is not valid base64"
    if b"-----BEGIN CERTIFICATE-----" not in raw:
        return "does not decode to a PEM certificate"
    from cryptography import x509

    try:
        certs = x509.load_pem_x509_certificates(raw)
    except ValueError:
        return "decodes to PEM that holds no readable certificate"
    if all(cert.not_valid_after_utc.timestamp() < now for cert in certs):
        return "holds only expired certificates"
    return None


def _b64decode(data: str) -> bytes | None:
    # Go's []byte JSON decoding uses standard, padded base64 and skips line breaks.
    text = "".join(data.split())
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _token_expiry(subject: Subject) -> Iterator[Issue]:
    user = subject.user
    if user is None or not user.has("token"):
        return
    exp = _jwt_expiry(user.get("token"))
    if exp is None:
        return
    field = user.field_path("token")
    if exp <= subject.now:
        yield f"{field} is a JWT that has expired; the operator would be refused", user.locate("token"), None
    elif exp - subject.now <= DAY_SECONDS:
        yield (
            f"{field} is a JWT that expires within a day; the operator stops working when it does",
            user.locate("token"),
            Severity.WARNING,
        )


def _jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT as Unix time, or None when ``token`` is no JWT or has no numeric ``exp``.

    Only the payload is decoded, and only ``exp`` leaves this function."""
    parts = token.strip().split(".")
    if len(parts) != 3 or not all(parts):
        return None
    payload = parts[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return None
    return float(exp)


def _credentials(subject: Subject) -> Iterator[Issue]:
    user = subject.user
    if user is None:
        return
    if user.has("exec") or user.has("auth-provider") or user.has("tokenFile") or user.has("client-certificate"):
        return  # how it authenticates is reported by the plugin / file-reference checks
    has_cert = user.has("client-certificate-data")
    has_key = user.has("client-key-data") or user.has("client-key")
    if user.get("token", ""):
        return
    if has_cert and not has_key:
        yield (
            f"{user.field_path('client-certificate-data')} is set without client-key-data; the operator cannot "
            "use the certificate",
            user.locate("client-certificate-data"),
            None,
        )
        return
    if has_cert:
        problem = _pem_certificate_problem(user.get("client-certificate-data"), subject.now)
        if problem:
            yield (
                f"{user.field_path('client-certificate-data')} {problem}",
                user.locate("client-certificate-data"),
                None,
            )
        return
    basic = " (basic auth with username/password was removed from Kubernetes)" if user.has("username") else ""
    yield (
        f"{user.prefix} has neither token nor client-certificate-data with client-key-data; the operator "
        f"could not authenticate{basic}",
        user.locate(),
        None,
    )


def _one_context(subject: Subject) -> Iterator[Issue]:
    doc = subject.document
    others = [c for c in doc.contexts if subject.context is None or c.index != subject.context.index]
    if subject.context is None or not others:
        return
    extra = len(others)
    yield (
        f"contexts holds {extra} other context{'s' if extra != 1 else ''}; only current-context "
        f"{_name(doc.current_context)} is judged and used, but the Secret would carry every credential in the file — "
        "ship a minimal kubeconfig made with `kubectl config view --minify --flatten`",
        doc.locate_top("contexts"),
        None,
    )


CHECKS: tuple[KubeconfigCheck, ...] = (
    KubeconfigCheck(
        "CG-KUBECONFIG-001",
        Severity.ERROR,
        "The kubeconfig file parses and is a kubeconfig.",
        "A file kubectl cannot load is a Secret the operator cannot use; it fails only after deployment.",
        "Fix the YAML at the reported place, or give the kubeconfig file itself (not a Secret manifest).",
        None,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-002",
        Severity.ERROR,
        "current-context names an existing context whose cluster and user exist.",
        "The operator uses the current context; without one it has no cluster to talk to or identity to use.",
        "Set current-context to a context whose cluster and user are defined (`kubectl config use-context NAME`).",
        _current_context,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-003",
        Severity.ERROR,
        "The cluster server is reachable from another cluster (not a loopback address).",
        "127.0.0.1, localhost, ::1 and 0.0.0.0 mean the operator's own pod once the kubeconfig is mounted there.",
        "Use an address of the API server that pods in the home cluster can reach; for kind, "
        "`kind get kubeconfig --internal`.",
        _server_reachable,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-004",
        Severity.ERROR,
        "The user needs no exec or auth-provider plugin.",
        "Plugins run binaries (aws, gke-gcloud-auth-plugin, kubelogin) that the operator image does not contain.",
        "Use a ServiceAccount token or a client certificate in the work cluster instead of a plugin.",
        _no_plugins,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-005",
        Severity.ERROR,
        "No file-path references (certificate-authority, client-certificate, client-key, tokenFile).",
        "Only the Secret's one key is mounted; files the kubeconfig points to do not exist in the operator's pod.",
        "Inline the files' contents: `kubectl config view --minify --flatten`.",
        _no_file_references,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-006",
        Severity.ERROR,
        "TLS verification is not skipped (insecure-skip-tls-verify).",
        "Without verification the operator hands its credentials to whoever answers at the server address.",
        "Remove insecure-skip-tls-verify and set certificate-authority-data to the cluster's CA.",
        _tls_verified,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-007",
        Severity.ERROR,
        "The cluster's certificate-authority-data is present and holds a PEM certificate.",
        "The operator verifies the API server with this CA; absent or broken data means failed or unverified TLS.",
        "Set certificate-authority-data to the base64 of the cluster's CA certificate (PEM).",
        _ca_data,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-008",
        Severity.ERROR,
        "A bearer token that is a JWT has not expired and does not expire within a day.",
        "An expired token is refused by the API server, and the operator cannot refresh it.",
        "Issue a long-lived token for the operator's ServiceAccount (for example a service-account-token Secret).",
        _token_expiry,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-009",
        Severity.ERROR,
        "The user has a token or client certificate data with its key.",
        "Without inline credentials the operator could not authenticate to the work cluster.",
        "Give the user a token, or client-certificate-data with client-key-data.",
        _credentials,
    ),
    KubeconfigCheck(
        "CG-KUBECONFIG-010",
        Severity.NOTE,
        "The kubeconfig holds only the current context.",
        "Other contexts are not used by the operator but their credentials would still be stored in the Secret.",
        "Ship a minimal kubeconfig: `kubectl config view --minify --flatten`.",
        _one_context,
    ),
)

_PARSE_CHECK = CHECKS[0]


# --- running them -------------------------------------------------------------------------------------------------


def check_kubeconfig(path: str | Path, now: float | None = None) -> list[Finding]:
    """Every finding for the kubeconfig at ``path`` (as the user named it), in check order.

    A file that does not parse is one CG-KUBECONFIG-001 finding. A file that cannot be read at all raises
    ``KubeconfigReadError`` (exit code 2), since there is nothing to judge."""
    try:
        doc = load_kubeconfig(path)
    except KubeconfigParseError as exc:
        return [parse_failure(exc)]
    return judge_document(doc, now)


def parse_failure(exc: Exception) -> Finding:
    """The CG-KUBECONFIG-001 finding for a load error (its message never holds file content)."""
    where = getattr(exc, "location", None)
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(where, Location):
        location = Location(where.path, where.line, where.column)
    else:
        location = Location(str(where) if where else "kubeconfig")
    return _PARSE_CHECK.finding((message, location, None))


def judge_document(doc: KubeconfigDocument, now: float | None = None) -> list[Finding]:
    subject = _subject(doc, time.time() if now is None else now)
    findings: list[Finding] = []
    for check in CHECKS:
        if check.run is not None:
            findings.extend(check.finding(issue) for issue in check.run(subject))
    return findings


def _subject(doc: KubeconfigDocument, now: float) -> Subject:
    context = doc.find("contexts", doc.current_context) if doc.current_context else None
    cluster = user = None
    if context is not None:
        cluster = doc.find("clusters", context.get("cluster", "")) if context.get("cluster", "") else None
        user = doc.find("users", context.get("user", "")) if context.get("user", "") else None
    return Subject(doc, context, cluster, user, now)


def _name(value: str) -> str:
    return f"'{value}'" if value.isprintable() and len(value) <= 63 else "(a long or unprintable name)"
