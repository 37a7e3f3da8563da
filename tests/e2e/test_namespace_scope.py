"""`chartgen target bundle --watch-namespace`, judged by WORK's authorizer: the operator's identity may create pods,
exec and touch Secrets in the named namespaces only, keeps what must stay cluster-wide, and nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chartgen.target.grants import cluster_scoped_resources

from .control_plane import ControlPlane
from .kube_checks import filled_token
from .shell import Shell

WATCHED = ("iris-a", "iris-b")


class Identity:
    """The operator's identity at WORK, made with chartgen's commands from a bundle in a user's folder."""

    def __init__(self, work: ControlPlane, shell: Shell, release: str, *bundle_args: str) -> None:
        self.work, self.shell, self.release = work, shell, release
        shutil.copyfile(work.admin_kubeconfig, shell.folder / "work-admin.kubeconfig")
        self.printed = self.bundle(*bundle_args)

    def bundle(self, *args: str) -> str:
        printed = self.shell.run(
            f"chartgen target bundle -n {self.release}-op --release {self.release} --force {' '.join(args)}"
        ).stdout
        self.shell.run("kubectl --kubeconfig work-admin.kubeconfig apply --server-side -f out/work-cluster")
        return printed

    @property
    def kubeconfig(self) -> Path:
        path = self.shell.folder / "work.kubeconfig"
        if not path.exists():
            filled_token(self.work, f"{self.release}-op", f"{self.release}-iris-operator-amd-token")
            self.shell.run(
                "kubectl --kubeconfig work-admin.kubeconfig get -f out/work-cluster/50-serviceaccount-token.yaml "
                "-o yaml > token.yaml"
            )
            self.shell.run(
                "chartgen kubeconfig build --from-kubeconfig work-admin.kubeconfig --token-secret token.yaml "
                f"--server {self.work.named_server}"
            )
        return path

    def can(self, *args: str) -> bool:
        answer = self.work.kubectl("auth", "can-i", *args, kubeconfig=self.kubeconfig, check=False).stdout.strip()
        assert answer in ("yes", "no"), answer
        return answer == "yes"


@pytest.fixture(scope="module")
def identity_for(work, kube_binaries, tmp_path_factory):
    if work.named_server is None:
        pytest.skip("no host name on this machine resolves to a loopback address only (see /etc/hosts)")

    def make(release: str, *bundle_args: str) -> Identity:
        return Identity(work, Shell(tmp_path_factory.mktemp(release), kube_binaries), release, *bundle_args)

    return make


@pytest.fixture(scope="module")
def scoped(identity_for) -> Identity:
    return identity_for("scoped", *(f"--watch-namespace {ns}" for ns in WATCHED))


@pytest.mark.parametrize("namespace", WATCHED)
@pytest.mark.parametrize(
    "action",
    [("create", "pods"), ("create", "pods", "--subresource=exec"), ("get", "secrets"), ("create", "secrets")],
    ids=["create-pods", "exec", "read-secrets", "write-secrets"],
)
def test_powerful_permissions_hold_in_the_watched_namespaces(scoped, namespace, action):
    assert scoped.can(*action, "-n", namespace)


@pytest.mark.parametrize("namespace", ["kube-system", "default", "scoped-op"])
@pytest.mark.parametrize(
    "action",
    [
        ("create", "pods"),
        ("create", "pods", "--subresource=exec"),
        ("get", "secrets"),
        ("create", "secrets"),
        ("create", "statefulsets.apps"),
    ],
    ids=["create-pods", "exec", "read-secrets", "write-secrets", "create-statefulsets"],
)
def test_powerful_permissions_are_refused_elsewhere_kube_system_included(scoped, namespace, action):
    assert not scoped.can(*action, "-n", namespace)


def test_secrets_are_listed_nowhere(scoped):
    assert not scoped.can("list", "secrets", "--all-namespaces")


def test_cluster_scoped_rules_stay_cluster_wide(scoped):
    assert scoped.can("get", "customresourcedefinitions")
    assert scoped.can("patch", "validatingwebhookconfigurations")


def test_what_the_operator_watches_stays_listable_in_every_namespace(scoped, work):
    # The trade-off the README states: the chart cannot tell the operator which namespaces to watch.
    work.kubectl("apply", "-f", str(Path(__file__).parent / "data" / "iriscluster-crd.yaml"))
    work.kubectl("wait", "--for=condition=Established", "crd/irisclusters.intersystems.com")
    assert scoped.can("list", "pods", "-n", "kube-system")
    assert scoped.can("watch", "irisclusters.intersystems.com", "--all-namespaces")
    assert not scoped.can("get", "pods", "-n", "kube-system")


def test_the_printed_grants_name_the_watched_namespaces(scoped):
    assert "  in namespaces iris-a, iris-b only: create pods, which run any image" in scoped.printed


def test_a_cluster_wide_binding_left_from_before_is_removed_by_the_printed_command(identity_for):
    identity = identity_for("switch")
    assert identity.can("create", "pods", "-n", "kube-system")
    printed = identity.bundle("--watch-namespace iris-a")
    assert identity.can("create", "pods", "-n", "kube-system"), "applying does not delete the old binding"
    (delete,) = [line.strip() for line in printed.splitlines() if "delete clusterrolebinding" in line]
    identity.shell.run(delete.replace("--context work", "--kubeconfig work-admin.kubeconfig"))
    assert not identity.can("create", "pods", "-n", "kube-system")
    assert identity.can("create", "pods", "-n", "iris-a")


def test_the_cluster_scope_table_agrees_with_the_api_server(work):
    def served(namespaced: bool) -> set[tuple[str, str]]:
        names = work.kubectl("api-resources", f"--namespaced={str(namespaced).lower()}", "-o", "name").stdout.split()
        return {(name.partition(".")[2], name.partition(".")[0]) for name in names}

    assert served(False) <= cluster_scoped_resources()
    assert not served(True) & cluster_scoped_resources()
