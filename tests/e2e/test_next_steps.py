"""The next steps ``chartgen patch`` prints, run as printed against HOME and WORK, with each helm.

A user's folder gets the two admin kubeconfigs the steps name (``home.kubeconfig``, ``work-admin.kubeconfig``);
the one placeholder, WORK's address as HOME's pods reach it, becomes WORK's address by host name. Between the steps
the harness waits for WORK to fill the token Secret (before step 2) and registers the IrisCluster CRD at HOME as the
operator would (before step 5). Release and namespace are chosen, not the defaults, so the printed names are tested.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from chartgen.patch.next_steps import WORK_API_PLACEHOLDER

from .kube_checks import filled_token, webhook_objects
from .shell import Shell

DATA = Path(__file__).parent / "data"
_STEP = re.compile(r"^  (\d+)\. ")
_COMMAND = "       "


def printed_steps(output: str) -> dict[int, list[str]]:
    """The commands under each numbered step (indented seven spaces), in order."""
    steps: dict[int, list[str]] = {}
    step = None
    for line in output.splitlines():
        if (match := _STEP.match(line)) is not None:
            step = int(match.group(1))
            steps[step] = []
        elif step is not None and line.startswith(_COMMAND) and line.strip():
            steps[step].append(line.strip())
        elif not line.startswith(" "):
            step = None
    return steps


@pytest.fixture
def user(home, work, kube_binaries, tmp_path) -> Shell:
    if work.named_server is None:
        pytest.skip("no host name on this machine resolves to a loopback address only (see /etc/hosts)")
    shell = Shell(tmp_path / "user", kube_binaries)
    shutil.copyfile(home.admin_kubeconfig, shell.folder / "home.kubeconfig")
    shutil.copyfile(work.admin_kubeconfig, shell.folder / "work-admin.kubeconfig")
    return shell


def test_printed_next_steps_run_as_printed_and_wire_the_operator(user, helm, home, work):
    release = namespace = f"steps-{helm.pin.label}"
    printed = user.run(f"chartgen patch --remote-secret work-kubeconfig --release {release} -n {namespace}").stdout
    steps = printed_steps(printed)
    assert sorted(steps) == [1, 2, 3, 4, 5, 6] and steps[6] == []
    assert sum(c.count(WORK_API_PLACEHOLDER) for s in steps.values() for c in s) == 1
    try:
        for number, commands in sorted(steps.items()):
            if number == 2:
                filled_token(work, namespace, f"{release}-iris-operator-amd-token")
            if number == 5:
                home.kubectl("apply", "-f", str(DATA / "iriscluster-crd.yaml"))
                home.kubectl("wait", "--for=condition=Established", "crd/irisclusters.intersystems.com")
            for command in commands:
                user.run(command.replace(WORK_API_PLACEHOLDER, work.named_server), helm.pin)

        status = json.loads(
            user.run(f"helm status {release} -n {namespace} --kubeconfig home.kubeconfig -o json", helm.pin).stdout
        )
        assert status["info"]["status"] == "deployed"
        secret = json.loads(home.kubectl("-n", namespace, "get", "secret", "work-kubeconfig", "-o", "json").stdout)
        config = yaml.safe_load(base64.b64decode(secret["data"]["config"]))
        assert config["clusters"][0]["cluster"]["server"] == work.named_server
        assert work.kubectl("get", "crd", "irisclusters.intersystems.com", "-o", "name").returncode == 0
        assert webhook_objects(home) == []
    finally:
        user.run(
            f"helm uninstall {release} -n {namespace} --kubeconfig home.kubeconfig --no-hooks", helm.pin, check=False
        )
