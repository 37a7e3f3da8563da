"""The work-cluster bundle: what the work cluster needs so an operator running at home can manage IrisClusters there.

The operator itself stays at home. The work cluster gets only an identity for it — a Namespace, a ServiceAccount,
a ClusterRole, its binding and a long-lived token Secret — plus, optionally, the IrisCluster CRD the user
exported from home. The ClusterRole's rules are not written down here: they are read from the chart's own render
(the ClusterRole its ClusterRoleBinding grants to the operator's ServiceAccount), so a newer IKO chart that needs
more permissions yields a bundle that grants them, and nothing broader such as cluster-admin.

Bound with a ClusterRoleBinding (the default, as the chart binds it at home), those rules hold in every namespace.
With watch namespaces, the ClusterRole is bound by a RoleBinding in each of them instead, and a second ClusterRole
keeps cluster-wide only what cannot be namespaced (``grants.cluster_scope_rules``). Either way the bundle says, in
its binding files and in ``Bundle.grants``, which powerful permissions the identity gets and where.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chartgen import resources
from chartgen.chartio.meta import parse_chart_yaml
from chartgen.chartio.output import write_directory
from chartgen.chartio.source import read_chart
from chartgen.errors import ChartgenError, UsageError
from chartgen.helm.chart_loader import load_chart_files
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.k8s_names import DNS1123_LABEL, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.patch.overlay_spec import REMOTE_TARGET, load_overlay
from chartgen.patch.shortcuts import shortcut_parameters
from chartgen.records import field, record
from chartgen.snapshot.manifest_diff import parse_manifests
from chartgen.target.grants import cluster_scope_rules, is_cluster_scoped, powers_granted

__all__ = [
    "ALLOWED_KINDS",
    "Bundle",
    "BundleRequest",
    "OperatorRbac",
    "apply_command",
    "build_bundle",
    "describe_grants",
    "find_operator_rbac",
    "render_chart_objects",
    "write_bundle",
]

# Helm's limit on a release name (a DNS-1123 subdomain it uses inside longer object names).
_RELEASE_NAME_MAX_LENGTH = 53
# The bundle is an identity and a CRD, never something that runs or intercepts requests: a webhook configuration
# or APIService at work would point at a service that only exists at home, and a Deployment would be a second
# operator. Every object is checked against this list before anything is written.
ALLOWED_KINDS = frozenset(
    {
        "Namespace",
        "CustomResourceDefinition",
        "ServiceAccount",
        "ClusterRole",
        "ClusterRoleBinding",
        "RoleBinding",
        "Secret",
    }
)
FORBIDDEN_KINDS = frozenset(
    {"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "Deployment"}
)
TOKEN_TYPE = "kubernetes.io/service-account-token"
CLUSTER_SCOPE_SUFFIX = "-cluster-scope"
_HEADER_MARK = "# Cluster: WORK"


@record
class BundleRequest:
    """``chartgen target bundle``'s inputs. ``overlays`` empty means remote-target, unless the chart already
    carries overlays (a chart written by ``chartgen patch``), which is then rendered as it is."""

    namespace: str
    chart: str | None = None  # None: the bundled base chart
    overlays: list[str] = field(default_factory=list)
    values_files: list[str] = field(default_factory=list)
    crd_file: str | None = None
    release: str = "intersystems"
    # Namespaces where the namespaced rules hold; empty: every namespace (a ClusterRoleBinding).
    watch_namespaces: list[str] = field(default_factory=list)


@record(frozen=True)
class OperatorRbac:
    """What the chart grants its operator cluster-wide: its ServiceAccount, ClusterRole and binding, by name."""

    service_account: str
    cluster_role: str
    binding: str
    rules: list[dict[str, Any]]


@record
class Bundle:
    namespace: str
    chart: str  # "<name> <version>" of the chart rendered
    release: str
    rbac: OperatorRbac
    token_secret: str
    crd_names: list[str]
    objects: list[tuple[str, dict[str, Any]]]  # (file name, object), in apply order
    files: dict[str, bytes]  # file name -> bytes written
    watch_namespaces: list[str] = field(default_factory=list)
    grants: list[str] = field(default_factory=list)  # the powerful permissions, one line each, with their scope
    cluster_reads: list[str] = field(default_factory=list)  # namespaced resources still listed cluster-wide


def build_bundle(request: BundleRequest) -> Bundle:
    """Render the chart, find its operator RBAC and assemble the work-cluster objects and their files."""
    _check_name("namespace", request.namespace, DNS1123_LABEL, DNS1123_LABEL_MAX_LENGTH)
    _check_name("release name", request.release, DNS1123_SUBDOMAIN, _RELEASE_NAME_MAX_LENGTH)
    for namespace in request.watch_namespaces:
        _check_name("watch namespace", namespace, DNS1123_LABEL, DNS1123_LABEL_MAX_LENGTH)
    watch = sorted(set(request.watch_namespaces))
    crds = []
    if request.crd_file is not None:
        from chartgen.target.crd import read_crd_file

        crds = read_crd_file(request.crd_file)  # read first: a wrong file is reported before a slow render
    chart_label, objects = render_chart_objects(request)
    rbac = find_operator_rbac(objects, request.namespace)
    chart_name = chart_label.split(" ")[0]
    labels = {"app.kubernetes.io/managed-by": "chartgen", "app.kubernetes.io/part-of": chart_name}
    ns = request.namespace
    token_secret = f"{rbac.service_account}-token"

    planned: list[tuple[str, dict[str, Any]]] = [
        # No labels on the Namespace: it may already exist (even be "default"), and applying must not relabel it.
        ("00-namespace.yaml", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
    ]
    # The watch namespaces must exist before their RoleBindings; the same rule: never relabel one.
    planned += [
        (f"01-namespace-{name}.yaml", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
        for name in watch
        if name != ns
    ]
    for crd in crds:
        planned.append((f"10-crd-{crd['metadata']['name']}.yaml", crd))
    planned += [
        (
            "20-serviceaccount.yaml",
            {
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": {"name": rbac.service_account, "namespace": ns, "labels": dict(labels)},
            },
        ),
        (
            "30-clusterrole.yaml",
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": {"name": rbac.cluster_role, "labels": dict(labels)},
                "rules": rbac.rules,
            },
        ),
    ]
    custom = _cluster_scoped_custom_resources(crds)
    grants = describe_grants(rbac.rules, watch, custom)
    binding_files, cluster_reads = _bindings(rbac, ns, watch, labels, custom)
    planned += binding_files
    planned.append(
        (
            # Since Kubernetes 1.24 ServiceAccounts get no token Secret by themselves; this one asks the token
            # controller for a long-lived token (it fills in data.token and data.ca.crt). It must apply after the
            # ServiceAccount, which the file order ensures.
            "50-serviceaccount-token.yaml",
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {
                    "name": token_secret,
                    "namespace": ns,
                    "labels": dict(labels),
                    "annotations": {"kubernetes.io/service-account.name": rbac.service_account},
                },
                "type": TOKEN_TYPE,
            },
        )
    )
    _assert_allowed(planned)
    header = _header(chart_label, request.release)
    comment = _grants_comment(grants, cluster_reads)
    files = {
        name: (header + (comment if obj["kind"].endswith("Binding") else "") + _dump(obj)).encode("utf-8")
        for name, obj in planned
    }
    return Bundle(
        namespace=ns,
        chart=chart_label,
        release=request.release,
        rbac=rbac,
        token_secret=token_secret,
        crd_names=[crd["metadata"]["name"] for crd in crds],
        objects=planned,
        files=files,
        watch_namespaces=watch,
        grants=grants,
        cluster_reads=cluster_reads,
    )


def describe_grants(
    rules: Sequence[dict[str, Any]], watch: Sequence[str], custom: frozenset[tuple[str, str]] = frozenset()
) -> list[str]:
    """One line per powerful permission ``rules`` grant: where it holds, then what it allows."""
    where = (
        f"in namespace{'s' if len(watch) > 1 else ''} {', '.join(watch)} only"
        if watch
        else ("in every namespace, kube-system included")
    )
    return [
        f"{'cluster-wide' if is_cluster_scoped(p.group, p.resource, custom) else where}: {p.allows}"
        for p in powers_granted(rules)
    ]


def _bindings(
    rbac: OperatorRbac,
    ns: str,
    watch: list[str],
    labels: dict[str, str],
    custom: frozenset[tuple[str, str]],
) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """The binding objects (and, for watch namespaces, the cluster-scope ClusterRole) and the namespaced resources
    the identity may still list and watch in every namespace."""
    subject = [{"kind": "ServiceAccount", "name": rbac.service_account, "namespace": ns}]
    rbac_api = "rbac.authorization.k8s.io/v1"

    def role_ref(name: str) -> dict[str, str]:
        return {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name}

    if not watch:
        binding = {
            "apiVersion": rbac_api,
            "kind": "ClusterRoleBinding",
            "metadata": {"name": rbac.binding, "labels": dict(labels)},
            "roleRef": role_ref(rbac.cluster_role),
            "subjects": subject,
        }
        return [("40-clusterrolebinding.yaml", binding)], []
    files: list[tuple[str, dict[str, Any]]] = []
    cluster_rules = cluster_scope_rules(rbac.rules, custom)
    reads = sorted(
        {
            f"{resource}.{group}" if group else resource
            for rule in cluster_rules
            if not rule.get("nonResourceURLs") and set(rule["verbs"]) <= {"list", "watch"}
            for group in rule["apiGroups"]
            for resource in rule["resources"]
            if not is_cluster_scoped(group, resource, custom)
        }
    )
    if cluster_rules:
        scope_role = f"{rbac.cluster_role}{CLUSTER_SCOPE_SUFFIX}"
        files.append(
            (
                "31-clusterrole-cluster-scope.yaml",
                {
                    "apiVersion": rbac_api,
                    "kind": "ClusterRole",
                    "metadata": {"name": scope_role, "labels": dict(labels)},
                    "rules": cluster_rules,
                },
            )
        )
        files.append(
            (
                "40-clusterrolebinding-cluster-scope.yaml",
                {
                    "apiVersion": rbac_api,
                    "kind": "ClusterRoleBinding",
                    "metadata": {"name": f"{rbac.binding}{CLUSTER_SCOPE_SUFFIX}", "labels": dict(labels)},
                    "roleRef": role_ref(scope_role),
                    "subjects": subject,
                },
            )
        )
    for namespace in watch:
        files.append(
            (
                f"45-rolebinding-{namespace}.yaml",
                {
                    "apiVersion": rbac_api,
                    "kind": "RoleBinding",
                    "metadata": {"name": rbac.binding, "namespace": namespace, "labels": dict(labels)},
                    "roleRef": role_ref(rbac.cluster_role),
                    "subjects": subject,
                },
            )
        )
    return files, reads


def _cluster_scoped_custom_resources(crds: Sequence[dict[str, Any]]) -> frozenset[tuple[str, str]]:
    spec = [crd.get("spec") or {} for crd in crds]
    return frozenset(
        (str(s.get("group")), str((s.get("names") or {}).get("plural"))) for s in spec if s.get("scope") == "Cluster"
    )


def _grants_comment(grants: Sequence[str], cluster_reads: Sequence[str]) -> str:
    lines = ["# The operator's identity may, among the chart's operator rules:"]
    lines += [f"#   {line}" for line in grants] or ["#   (nothing this bundle counts as powerful)"]
    if cluster_reads:
        lines.append(f"#   in every namespace: list and watch {', '.join(cluster_reads)}")
    return "\n".join(lines) + "\n"


def render_chart_objects(request: BundleRequest) -> tuple[str, list[dict[str, Any]]]:
    """The chart as the home cluster would install it, rendered in memory: ``("<name> <version>", objects)``.

    The chart is patched like ``chartgen diff`` patches it, unless it already carries the requested overlays; the
    render uses the request's release, namespace and values files, so the names match the home install's.
    """
    source = read_chart(request.chart if request.chart else resources.base_chart_dir())
    applied = parse_chart_yaml(source.text("Chart.yaml"), source.display("Chart.yaml")).applied_overlays()
    wanted = list(request.overlays) or ([] if applied else [REMOTE_TARGET])
    todo = [name for name in wanted if name not in applied]
    files = source.files
    if todo:
        # Required parameters get the stand-ins the overlays declare: only the Secret's name is one, and it does not
        # reach any object the bundle takes from the render.
        params = shortcut_parameters([load_overlay(name) for name in todo], {}, {}, shown=True)
        request_ = PatchRequest(
            chart=request.chart, overlays=todo, parameters=params, values_files=request.values_files
        )
        files = patch_chart(request_).files
    chart = load_chart_files(files)
    options = RenderOptions(
        release_name=request.release,
        namespace=request.namespace,
        values_files=list(request.values_files),
        # The generated certificates are thrown away; sharing one key pair per process keeps the render fast.
        reuse_generated_keys=True,
    )
    rendered = render_loaded(chart, options, trace=False)
    objects = [m.body for m in parse_manifests(rendered.text) if isinstance(m.body, dict)]
    return f"{chart.metadata.get('name')} {chart.metadata.get('version')}", objects


def find_operator_rbac(objects: Sequence[dict[str, Any]], namespace: str) -> OperatorRbac:
    """The chart's own grant to its operator: the operator Deployment's ServiceAccount, the ClusterRoleBindings
    whose subjects name it, and the ClusterRoles those bind that the chart itself defines (bindings to built-in
    roles such as ``system:auth-delegator`` serve the home cluster's aggregated API and are left out).

    Found by these references, not by object names, so a renamed release, ``nameOverride`` or a different IKO
    layout still resolves. Several such ClusterRoles are merged in render order under the first one's name.
    """
    account = _operator_service_account(objects)
    bound: list[tuple[str, str]] = []  # (binding name, role name)
    for obj in _of_kind(objects, "ClusterRoleBinding"):
        ref = obj.get("roleRef") or {}
        if ref.get("kind") != "ClusterRole":
            continue
        for subject in obj.get("subjects") or []:
            if (
                isinstance(subject, dict)
                and subject.get("kind") == "ServiceAccount"
                and subject.get("name") == account
                and subject.get("namespace", namespace) == namespace
            ):
                bound.append((_name(obj), str(ref.get("name"))))
                break
    roles = {_name(obj): obj for obj in _of_kind(objects, "ClusterRole")}
    own = [(binding, role) for binding, role in bound if role in roles]
    if not own:
        raise ChartgenError(
            f"the chart renders no ClusterRole bound to the operator's ServiceAccount {account!r} "
            "(is rbac.create false?); the work cluster's permissions are taken from that ClusterRole"
        )
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _binding, role in own:
        if role not in seen:
            seen.add(role)
            rules.extend(roles[role].get("rules") or [])
    return OperatorRbac(service_account=account, cluster_role=own[0][1], binding=own[0][0], rules=rules)


def write_bundle(bundle: Bundle, target: Path, force: bool) -> None:
    """Write the bundle's files into ``target`` atomically (a staged sibling moved into place by one rename).

    An existing ``target`` is replaced only with ``force``, and only when it is empty or every file in it is a
    bundle file (carries the work-cluster header): ``--force`` must never delete an unrelated directory. No file
    holds secret material (the work cluster fills in the token Secret), so the usual modes apply.
    """
    write_directory(bundle.files, target, force, replaceable=_is_bundle_dir, kind="a work-cluster bundle")


def apply_command(directory: str, context: str) -> str:
    """The kubectl command that applies a bundle directory to the work cluster.

    Server-side apply, because an exported CRD is often larger than the 256 KiB a client-side apply can keep in its
    last-applied-configuration annotation, which makes a plain ``kubectl apply`` fail on it."""
    import shlex

    return f"kubectl --context {shlex.quote(context)} apply --server-side -f {shlex.quote(directory)}"


def _operator_service_account(objects: Sequence[dict[str, Any]]) -> str:
    deployments = list(_of_kind(objects, "Deployment"))
    # The IKO chart has one Deployment whose container is "operator"; prefer that if a chart grows more.
    operators = [d for d in deployments if "operator" in _container_names(d)] or deployments
    if len(operators) != 1:
        found = "no Deployment" if not operators else f"{len(operators)} Deployments"
        raise ChartgenError(f"cannot tell the operator's ServiceAccount: the chart renders {found} for the operator")
    pod = ((operators[0].get("spec") or {}).get("template") or {}).get("spec") or {}
    # An absent serviceAccountName means the namespace's "default" account, as Kubernetes reads it.
    return str(pod.get("serviceAccountName") or pod.get("serviceAccount") or "default")


def _container_names(deployment: dict[str, Any]) -> list[str]:
    pod = ((deployment.get("spec") or {}).get("template") or {}).get("spec") or {}
    return [c.get("name") for c in pod.get("containers") or [] if isinstance(c, dict)]


def _of_kind(objects: Sequence[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [obj for obj in objects if obj.get("kind") == kind]


def _name(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata") or {}
    return str(meta.get("name", ""))


def _check_name(what: str, value: str, pattern: re.Pattern[str], limit: int) -> None:
    if not value or len(value) > limit or not pattern.match(value):
        raise UsageError(
            f"{what} {value!r} is not valid: lowercase letters, digits and '-', starting and ending with a letter "
            f"or digit, at most {limit} characters"
        )


def _assert_allowed(planned: Sequence[tuple[str, dict[str, Any]]]) -> None:
    for name, obj in planned:
        kind = obj.get("kind")
        if kind in FORBIDDEN_KINDS or kind not in ALLOWED_KINDS:
            raise ChartgenError(f"internal error: the work-cluster bundle would contain a {kind} ({name})")


def _header(chart_label: str, release: str) -> str:
    return (
        f"{_HEADER_MARK} (where IrisClusters run), not the home cluster where the operator is installed.\n"
        f"# Written by 'chartgen target bundle' for chart {chart_label}, release {release}; re-run it, do not edit.\n"
        "# Apply the whole bundle directory to the work cluster (files apply in name order):\n"
        "#   kubectl --context WORK-CONTEXT apply --server-side -f BUNDLE-DIRECTORY\n"
    )


def _dump(obj: dict[str, Any]) -> str:
    import yaml

    # Insertion order is the conventional apiVersion/kind/metadata/... order; a huge width keeps long CRD
    # descriptions on one line, so the output does not depend on where PyYAML would fold them.
    return yaml.safe_dump(obj, sort_keys=False, default_flow_style=False, allow_unicode=True, width=1 << 30)


def _is_bundle_dir(target: Path) -> bool:
    if not target.is_dir() or target.is_symlink():
        return False
    for entry in target.iterdir():
        if not entry.is_file() or entry.is_symlink() or entry.suffix != ".yaml":
            return False
        with entry.open("rb") as fh:
            if fh.read(len(_HEADER_MARK)).decode("utf-8", "replace") != _HEADER_MARK:
                return False
    return True
