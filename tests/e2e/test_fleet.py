"""`chartgen fleet` against real clusters: three releases at HOME, two against WORK (each confined to its own
namespace there) and one against a second work cluster, WORK2, started for this module.

Each target's `next-steps.txt` runs as written (steps 1 to 3: the bundle at its WORK, its kubeconfig, its Secret at
HOME), then real helm (3.17.3 for two, 4.1.4 for one) installs the three releases at HOME from the fleet's chart and values. The proof reads each
release's kubeconfig back out of its Secret at HOME and asks the work clusters what it may do: everything the
chart's rules grant in its own namespaces, nothing in the other target's, and nothing at all at the other work
cluster, which does not know its token.
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helm_binaries import HELM3, HELM4

from .control_plane import ControlPlane, ControlPlaneError, loopback_host_name, start_all
from .kube_checks import filled_token
from .shell import Shell
from .test_next_steps import printed_steps

# target -> (its work cluster, its watch namespaces); names kept apart from the other end-to-end tests'.
TARGETS = {"fleet-alpha": ("work", ["iris-alpha"]), "fleet-beta": ("work", ["iris-beta"]), "fleet-gamma": ("work2", [])}
# Each release is installed by one helm: both majors then replace each other's shared hook objects.
HELMS = {"fleet-alpha": HELM3, "fleet-beta": HELM4, "fleet-gamma": HELM3}


@pytest.fixture(scope="session")
def work2(kube_binaries, tmp_path_factory) -> Iterator[ControlPlane]:
    """A second work cluster, started the way the `clusters` fixture starts WORK, for this module only."""
    name = loopback_host_name()
    if name is None:
        pytest.skip("no host name on this machine resolves to a loopback address only (see /etc/hosts)")
    plane = ControlPlane("work2", tmp_path_factory.mktemp("work2"), kube_binaries, reachable_as=name)
    try:
        try:
            start_all([plane])
        except ControlPlaneError as exc:
            pytest.fail(f"the second work control plane did not start: {exc}", pytrace=False)
        yield plane
    finally:
        plane.stop()


def _fleet_yaml(planes: dict[str, ControlPlane]) -> str:
    targets = []
    for name, (cluster, watch) in TARGETS.items():
        work = {"server": planes[cluster].named_server, **({"watch_namespaces": watch} if watch else {})}
        targets.append({"name": name, "namespace": name, "secret": {"name": f"{name}-kubeconfig"}, "work": work})
    return yaml.safe_dump({"gitops": {"repo_url": "https://git.example.com/fleet.git"}, "targets": targets})


class Fleet:
    def __init__(self, shell: Shell, home: ControlPlane, planes: dict[str, ControlPlane]) -> None:
        self.shell, self.home, self.planes = shell, home, planes

    def work_of(self, target: str) -> ControlPlane:
        return self.planes[TARGETS[target][0]]

    def kubeconfig_from_home(self, target: str) -> Path:
        """The kubeconfig the release's Secret carries at HOME, as the operator's pod would read it."""
        secret = json.loads(
            self.home.kubectl("-n", target, "get", "secret", f"{target}-kubeconfig", "-o", "json").stdout
        )
        path = self.shell.folder / f"{target}.from-home.kubeconfig"
        path.write_bytes(base64.b64decode(secret["data"]["config"]))
        path.chmod(0o600)
        return path

    def can(self, target: str, plane: ControlPlane, *args: str) -> bool:
        """What `target`'s identity may do at `plane`: its own kubeconfig for its own cluster; for another, the
        same token presented to that cluster (with that cluster's CA, so TLS is not what refuses it)."""
        kubeconfig = self.kubeconfig_from_home(target)
        if plane is not self.work_of(target):
            config = yaml.safe_load(kubeconfig.read_text())
            config["clusters"][0]["cluster"]["server"] = plane.named_server or plane.server
            config["clusters"][0]["cluster"]["certificate-authority-data"] = base64.b64encode(
                plane.ca.read_bytes()
            ).decode()
            kubeconfig = kubeconfig.with_suffix(f".at-{plane.name}")
            kubeconfig.write_text(yaml.safe_dump(config))
        done = plane.kubectl("auth", "can-i", *args, kubeconfig=kubeconfig, check=False)
        answer = done.stdout.strip()
        if done.returncode != 0 and not answer:
            assert "Unauthorized" in done.stderr, done.stderr
            return False
        assert answer in ("yes", "no"), (answer, done.stderr)
        return answer == "yes"


@pytest.fixture(scope="module")
def fleet(home, work, work2, kube_binaries, tmp_path_factory) -> Iterator[Fleet]:
    planes = {"work": work, "work2": work2}
    shell = Shell(tmp_path_factory.mktemp("fleet"), kube_binaries)
    shutil.copyfile(home.admin_kubeconfig, shell.folder / "home.kubeconfig")
    (shell.folder / "fleet.yaml").write_text(_fleet_yaml(planes))
    shell.run("chartgen fleet fleet.yaml -o out")
    out = shell.folder / "out"
    runner = Shell(out, kube_binaries)  # the commands of next-steps.txt run from the output folder
    for target, (cluster, _watch) in TARGETS.items():
        shutil.copyfile(planes[cluster].admin_kubeconfig, out / "work-admin.kubeconfig")
        shutil.copyfile(home.admin_kubeconfig, out / "home.kubeconfig")
        steps = printed_steps((out / "targets" / target / "next-steps.txt").read_text())
        for step in (1, 2, 3):
            if step == 2:
                filled_token(planes[cluster], target, f"{target}-iris-operator-amd-token")
            for command in steps[step]:
                runner.run(command)
        (install,) = [c for c in steps[4] if c.startswith("helm install")]
        runner.run(install, HELMS[target])
    try:
        yield Fleet(shell, home, planes)
    finally:
        for target in TARGETS:
            runner.run(
                f"helm uninstall {target} -n {target} --kubeconfig home.kubeconfig --no-hooks",
                HELMS[target],
                check=False,
            )


def test_three_releases_are_deployed_at_home_each_mounting_its_own_secret(fleet, home):
    for target in TARGETS:
        listed = home.kubectl("get", "deployment", "-n", target, "-o", "json").stdout
        (deployment,) = json.loads(listed)["items"]
        mounted = [
            v["secret"]["secretName"] for v in deployment["spec"]["template"]["spec"]["volumes"] if "secret" in v
        ]
        assert f"{target}-kubeconfig" in mounted
        assert not [name for name in mounted if name.endswith("-kubeconfig") and name != f"{target}-kubeconfig"]


def test_no_release_left_a_secret_behind_in_the_output(fleet):
    leftovers = [
        p.name for p in (fleet.shell.folder / "out").iterdir() if "token" in p.name or p.suffix == ".kubeconfig"
    ]
    assert sorted(leftovers) == ["home.kubeconfig", "work-admin.kubeconfig"]


@pytest.mark.parametrize("target", list(TARGETS))
def test_each_identity_may_act_in_its_own_namespaces(fleet, target):
    plane = fleet.work_of(target)
    for namespace in TARGETS[target][1] or ["default"]:
        assert fleet.can(target, plane, "create", "pods", "-n", namespace)
        assert fleet.can(target, plane, "get", "secrets", "-n", namespace)
        assert fleet.can(target, plane, "create", "pods", "--subresource=exec", "-n", namespace)


@pytest.mark.parametrize(("target", "other"), [("fleet-alpha", "fleet-beta"), ("fleet-beta", "fleet-alpha")])
def test_an_identity_is_refused_the_other_targets_namespaces_of_the_same_work_cluster(fleet, target, other):
    plane = fleet.work_of(target)
    for namespace in TARGETS[other][1]:
        assert not fleet.can(target, plane, "create", "pods", "-n", namespace)
        assert not fleet.can(target, plane, "get", "secrets", "-n", namespace)
        assert not fleet.can(target, plane, "create", "pods", "--subresource=exec", "-n", namespace)


@pytest.mark.parametrize("target", list(TARGETS))
def test_an_identity_is_unknown_at_the_other_work_cluster(fleet, target):
    others = [plane for plane in fleet.planes.values() if plane is not fleet.work_of(target)]
    for plane in others:
        assert not fleet.can(target, plane, "get", "namespaces")
        assert not fleet.can(target, plane, "create", "pods", "-n", "default")


@pytest.mark.parametrize("target", list(TARGETS))
def test_an_identity_is_unknown_at_home(fleet, home, target):
    assert not fleet.can(target, home, "get", "namespaces")


def test_the_shared_hook_cluster_roles_exist_once_at_home(fleet, home):
    # IKO's aggregated user roles have fixed names but are post-install hooks: each release replaces them, and Helm
    # owns none of them, so three installs succeed (the fixture's) and one copy of each remains.
    for name in ("intersystems:iris:edit", "intersystems:iris:view", "appscode:appcatalog:admin"):
        assert (
            home.kubectl("get", "clusterrole", name, "-o", "name").stdout.strip()
            == f"clusterrole.rbac.authorization.k8s.io/{name}"
        )


def test_a_release_name_collision_chartgen_refuses_is_one_helm_refuses_too(fleet, home):
    # The same release name in another namespace: chartgen names the ClusterRole both releases would create.
    clash = {"name": "fleet-clash", "release": "fleet-alpha", "namespace": "fleet-clash", "secret": {"name": "k"}}
    clash["work"] = {"server": "https://elsewhere.example.com:6443"}
    text = yaml.safe_load((fleet.shell.folder / "fleet.yaml").read_text())
    text["targets"] = [text["targets"][0], clash]
    (fleet.shell.folder / "clash.yaml").write_text(yaml.safe_dump(text))
    refused = fleet.shell.run("chartgen fleet clash.yaml -o clash-out", check=False)
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith(
        "targets 'fleet-alpha' and 'fleet-clash' both create ClusterRole fleet-alpha-iris-operator-amd (cluster-scoped) at HOME"
    )
    assert not (fleet.shell.folder / "clash-out").exists()
    # Real helm agrees: installing that release beside the fleet's is refused on the same object.
    installed = fleet.shell.run(
        "helm install fleet-alpha out/charts/iris-operator-amd -n fleet-clash --create-namespace "
        "--set remoteTarget.secretName=k --kubeconfig home.kubeconfig",
        HELM3,
        check=False,
    )
    assert installed.returncode != 0
    assert 'ClusterRole "fleet-alpha-iris-operator-amd"' in installed.stderr, installed.stderr
