"""The builtin renderer against real helm on the charts chartgen exists for: the bundled IKO chart and its
remote-target patched copy, over the value profiles that move the chart's output.

Generated certificates differ on every render, in Helm too, so both outputs pass through the same normaliser
(each generated certificate becomes its subject, SANs, CA flag and validity) and must then be byte-identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.chartio.output import write_directory
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_chart
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.snapshot.volatile import normalise_generated

PROFILES = {
    "defaults": [],
    "rbac-off": ["--set", "rbac.create=false"],
    "kube-1.10": ["--kube-version", "1.10.0"],
    "kube-1.11": ["--kube-version", "1.11.3"],
    "kube-1.12": ["--kube-version", "1.12.0"],
    "critical-addon-in-kube-system": ["--set", "criticalAddon=true", "--namespace", "kube-system"],
    "custom-namespace": ["--namespace", "iris-ops"],
    "webhooks-off": ["--set", "apiserver.enableMutatingWebhook=false,apiserver.enableValidatingWebhook=false"],
}
PATCHED_PROFILES = ["defaults", "rbac-off", "kube-1.10", "custom-namespace", "remote-target-off"]


@pytest.fixture(scope="module")
def patched_chart(tmp_path_factory) -> Path:
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    target = tmp_path_factory.mktemp("patched") / "iris-operator"
    write_directory(result.files, target, force=False)
    return target


def _options(args: list[str], major: int) -> RenderOptions:
    options = RenderOptions(release_name="intersystems", helm_compat=major)
    it = iter(args)
    for flag in it:
        value = next(it)
        if flag == "--set":
            options.set_values.append(value)
        elif flag == "--kube-version":
            options.kube_version = value
        elif flag == "--namespace":
            options.namespace = value
    return options


def _compare(helm, chart: Path, args: list[str]) -> None:
    expected = helm.run("template", "intersystems", str(chart), *args).stdout
    actual = render_chart(chart, _options(args, helm.major)).text
    assert normalise_generated(actual) == normalise_generated(expected)


@pytest.mark.parametrize("profile", list(PROFILES))
def test_base_chart_renders_like_helm(helm, base_chart, profile):
    _compare(helm, base_chart, PROFILES[profile])


@pytest.mark.parametrize("profile", PATCHED_PROFILES)
def test_patched_chart_renders_like_helm(helm, patched_chart, profile):
    args = {**PROFILES, "remote-target-off": ["--set", "remoteTarget.enabled=false"]}[profile]
    _compare(helm, patched_chart, args)


def test_normaliser_keeps_what_a_certificate_says(helm, base_chart):
    text = normalise_generated(helm.run("template", "intersystems", str(base_chart)).stdout)
    assert (
        "<generated: x509 certificate CN=intersystems-iris-operator-amd SANs=intersystems-iris-operator-amd.default,"
        in text
    )
    assert "<generated: rsa private key>" in text
    assert "-----BEGIN" not in text
