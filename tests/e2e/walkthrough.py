"""The README's walkthrough, run step by step against HOME and WORK, each step once (the helm install once per helm).

Between steps the harness does only what the README leaves to the user or to the operator, and records what it
checks on the way: it waits for WORK's controller-manager to fill the token Secret before step 3 reads it, runs
``chartgen kubeconfig check`` on the kubeconfig step 3 builds (step 4 deletes it), installs a representative
IrisCluster CRD at HOME before step 6 exports it (the operator would have registered it), and writes the
``my-iriscluster.yaml`` step 7 applies.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml
from helm_binaries import HelmPin

from chartgen.resources import base_chart_dir

from .control_plane import ControlPlane
from .kube_checks import filled_token
from .readme_walkthrough import DOWNLOADED_CHART, KIND_CLUSTERS, Command, kind_cluster, with_server
from .shell import Shell

DATA = Path(__file__).parent / "data"
HELM_STEP = 5
BUNDLE = "out/work-cluster"


class Walkthrough:
    def __init__(self, folder: Path, commands: list[Command], home: ControlPlane, work: ControlPlane, shell: Shell):
        self.folder = folder
        self.commands = commands
        self.home = home
        self.work = work
        self.shell = shell
        self.outputs: dict[int, list[subprocess.CompletedProcess[str]]] = {}
        self.checks: dict[str, subprocess.CompletedProcess[str]] = {}
        self._set_up()

    @property
    def last_step(self) -> int:
        return max(c.step for c in self.commands)

    def through(self, step: int) -> None:
        """Run every step up to ``step`` that has not run yet, in order, leaving out the helm install."""
        for number in range(1, step + 1):
            if number != HELM_STEP and number not in self.outputs:
                self._before(number)
                self.outputs[number] = [self._run(c) for c in self.step_commands(number)]
                self._after(number)

    def install(self, helm: HelmPin) -> list[subprocess.CompletedProcess[str]]:
        """The README's helm install step, run with ``helm`` (once the steps before it have run)."""
        self.through(HELM_STEP - 1)
        return [self._run(c, helm) for c in self.step_commands(HELM_STEP)]

    def step_commands(self, step: int) -> list[Command]:
        return [c for c in self.commands if c.step == step]

    def _run(self, command: Command, helm: HelmPin | None = None) -> subprocess.CompletedProcess[str]:
        return self.shell.run(with_server(command, self.work.named_server or ""), helm)

    # --- what the README leaves to the user, or to the operator ---------------------------------------------------

    def _set_up(self) -> None:
        for command in self.step_commands(0):
            cluster = kind_cluster(command)
            assert cluster in KIND_CLUSTERS, f"not a kind set-up line the harness knows: {command.text}"
            plane = self.home if KIND_CLUSTERS[cluster] == "home" else self.work
            shutil.copyfile(plane.admin_kubeconfig, self.folder / f"{cluster}.kubeconfig")
        shutil.copytree(base_chart_dir(), self.folder / DOWNLOADED_CHART)

    def _before(self, step: int) -> None:
        if step == 3:
            secret = yaml.safe_load((self.folder / BUNDLE / "50-serviceaccount-token.yaml").read_text())
            filled_token(self.work, secret["metadata"]["namespace"], secret["metadata"]["name"])
        elif step == 6:
            self.home.kubectl("apply", "-f", str(DATA / "iriscluster-crd.yaml"))
            self.home.kubectl("wait", "--for=condition=Established", "crd/irisclusters.intersystems.com")
        elif step == 7:
            shutil.copyfile(DATA / "my-iriscluster.yaml", self.folder / "my-iriscluster.yaml")

    def _after(self, step: int) -> None:
        if step == 3:
            self.checks["kubeconfig check"] = self.shell.run("chartgen kubeconfig check work.kubeconfig", check=False)
