"""From a stock install to the patched chart and back, at HOME, with both helms: nothing stale is left behind.

The stock chart (webhooks on) creates its two webhook configurations as pre-install/pre-upgrade hook resources,
which Helm never deletes when a later revision stops rendering them; their APIService goes with the upgrade, so
left alone they would refuse every IrisCluster created at HOME. The patched chart's upgrade and rollback hooks
delete them. Each test installs its own stock release (Helm 4 client-side: its server-side apply refuses the stock
Service on Kubernetes 1.20) and removes it again; the webhook configurations' names are fixed, so only one stock
release exists at a time.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from helm_binaries import HelmPin

from chartgen.resources import base_chart_dir

from .control_plane import ControlPlane
from .kube_checks import RETIRED_WEBHOOKS, documents, webhook_objects
from .shell import Shell

DATA = Path(__file__).parent / "data"
STOCK_APISERVICES = (
    "apiservice/v1alpha1.mutators.intersystems.com",
    "apiservice/v1alpha1.validators.intersystems.com",
)
_RELEASES = itertools.count(1)


@dataclass
class StockRelease:
    """A stock release at HOME, and the user's folder with the chart patched for it (``out/iris-operator``)."""

    shell: Shell
    pin: HelmPin
    home: ControlPlane
    release: str
    printed_upgrade: str  # the `helm upgrade` chartgen patch printed for this release

    @property
    def at_home(self) -> str:
        return f"--namespace {self.release} --kubeconfig home.kubeconfig"

    def helm(self, command: str) -> str:
        return self.shell.run(f"helm {command}", self.pin).stdout

    def create_iriscluster(self, name: str):
        cluster = yaml.safe_load((DATA / "operator-objects.yaml").read_text())["irisclusters.intersystems.com"]
        cluster["metadata"] = {"name": name, "namespace": self.release}
        return self.home.kubectl("create", "-f", "-", input=yaml.safe_dump(cluster), check=False)

    def operator_args(self) -> list[str]:
        items = json.loads(self.home.kubectl("-n", self.release, "get", "deployment", "-o", "json").stdout)["items"]
        (container,) = [c for c in items[0]["spec"]["template"]["spec"]["containers"] if c["name"] == "operator"]
        return container["args"]


@pytest.fixture
def stock(helm, home, kube_binaries, tmp_path) -> Iterator[StockRelease]:
    release = f"stock{next(_RELEASES)}-{helm.pin.label}"
    shell = Shell(tmp_path / "user", kube_binaries)
    shutil.copyfile(home.admin_kubeconfig, shell.folder / "home.kubeconfig")
    home.kubectl("apply", "-f", str(DATA / "iriscluster-crd.yaml"))  # as the operator would have registered it
    patched = shell.run(f"chartgen patch --remote-secret work-kubeconfig --release {release} -n {release}").stdout
    (upgrade,) = [line.strip() for line in patched.splitlines() if line.startswith("  helm upgrade ")]
    stock = StockRelease(shell, helm.pin, home, release, upgrade)
    client_side = " --server-side=false" if helm.major >= 4 else ""
    try:
        stock.helm(f"install {release} {base_chart_dir()} {stock.at_home} --create-namespace{client_side}")
        yield stock
    finally:
        # What `helm uninstall` would do with a kubelet: its pre-delete Job deletes the webhook configurations.
        shell.run(f"helm uninstall {release} {stock.at_home} --no-hooks", helm.pin, check=False)
        home.kubectl("delete", *RETIRED_WEBHOOKS, "--ignore-not-found")
        home.kubectl("delete", "namespace", release, "--wait=false")


def test_a_stock_release_registers_webhooks_that_refuse_irisclusters_without_the_operator(stock):
    assert sorted(webhook_objects(stock.home)) == sorted([*STOCK_APISERVICES, *RETIRED_WEBHOOKS])
    refused = stock.create_iriscluster("refused")
    assert refused.returncode != 0 and "failed calling webhook" in refused.stderr


def test_the_printed_upgrade_leaves_no_webhook_behind_and_irisclusters_are_created_at_home(stock):
    assert stock.printed_upgrade == f"helm upgrade {stock.release} out/iris-operator {stock.at_home}"
    stock.shell.run(stock.printed_upgrade, stock.pin)
    assert webhook_objects(stock.home) == []
    created = stock.create_iriscluster("accepted")
    assert created.returncode == 0, created.stderr
    assert "--kubeconfig=/airgap/.kube/config" in stock.operator_args()


def test_an_upgrade_without_hooks_leaves_the_webhooks_and_the_notes_commands_delete_them(stock):
    notes = stock.helm(f"upgrade {stock.release} out/iris-operator {stock.at_home} --no-hooks")
    assert sorted(webhook_objects(stock.home)) == sorted(RETIRED_WEBHOOKS)
    deletes = [line.strip() for line in notes.splitlines() if line.strip().startswith("kubectl delete ")]
    assert len(deletes) == 2
    for command in deletes:
        stock.shell.run(command.replace("kubectl ", "kubectl --kubeconfig home.kubeconfig ", 1))
    assert webhook_objects(stock.home) == []


def test_remote_target_off_turns_the_release_back_into_the_stock_local_operator(stock):
    stock_manifest = documents(stock.helm(f"get manifest {stock.release} {stock.at_home}"))
    stock.shell.run(stock.printed_upgrade, stock.pin)
    local = "remoteTarget.enabled=false,apiserver.enableMutatingWebhook=true,apiserver.enableValidatingWebhook=true"
    stock.helm(
        f"upgrade {stock.release} out/iris-operator {stock.at_home} --reuse-values "
        f"--set {local},apiserver.bypassValidatingWebhookXray=false"
    )
    local_manifest = documents(stock.helm(f"get manifest {stock.release} {stock.at_home}"))
    assert _comparable(local_manifest) == _comparable(stock_manifest)
    assert not [a for a in stock.operator_args() if a.startswith("--kubeconfig")]
    assert sorted(webhook_objects(stock.home)) == sorted([*STOCK_APISERVICES, *RETIRED_WEBHOOKS])


def test_rollback_returns_to_the_stock_release_and_forward_again_removes_the_webhooks(stock):
    stock_args = stock.operator_args()
    stock.shell.run(stock.printed_upgrade, stock.pin)
    stock.helm(f"rollback {stock.release} 1 {stock.at_home}")
    assert stock.operator_args() == stock_args
    # Helm runs no install or upgrade hook on rollback: the stock webhook configurations come back with the next
    # upgrade of the stock chart, as they would after any rollback of a stock release.
    assert sorted(webhook_objects(stock.home)) == sorted(STOCK_APISERVICES)
    stock.helm(f"upgrade {stock.release} {base_chart_dir()} {stock.at_home} --reuse-values")
    assert sorted(webhook_objects(stock.home)) == sorted([*STOCK_APISERVICES, *RETIRED_WEBHOOKS])
    # Rolling back to the patched revision runs its pre-rollback hooks, which delete them again.
    stock.helm(f"rollback {stock.release} 2 {stock.at_home}")
    assert webhook_objects(stock.home) == []
    assert "--kubeconfig=/airgap/.kube/config" in stock.operator_args()


def _comparable(manifest: list[dict]) -> list[dict]:
    """The manifest without what differs by construction: generated certificates and the chart version label."""
    text = json.dumps(manifest, sort_keys=True)
    text = text.replace("iris-operator-amd-3.8.42_chartgen.remote-target", "iris-operator-amd-3.8.42")
    out = json.loads(text)
    for obj in out:
        if obj["kind"] == "Secret" and obj.get("type") == "kubernetes.io/tls":
            obj["data"] = sorted(obj["data"])
        if obj["kind"] == "APIService":
            obj["spec"].pop("caBundle")
    return out
