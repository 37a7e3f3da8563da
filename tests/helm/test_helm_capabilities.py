"""``.Capabilities`` and the ``kubeVersion`` check, per helm 3.17.3 / 4.1.4 (capabilities/EXPECTED*.txt and probes)."""

from __future__ import annotations

import pytest

from chartgen.errors import RenderError
from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import go_kind, go_type_name
from chartgen.helm.capabilities import build_capabilities, check_kube_version, default_capabilities, parse_kube_version
from chartgen.helm.chart_model import Chart
from chartgen.helmcompat.profile import HELM_3, HELM_4, profile_for


@pytest.mark.parametrize(
    ("helm", "kube", "count", "info"),
    [
        (3, "v1.32.0", 56, "{v3.17.3 e4da49785aa6e6ee2b86efd5dd9e43400318262b clean go1.23.7}"),
        (4, "v1.35.0", 57, "{v4.1.4 05fa37973dc9e42b76e1d2883494c87174b6074f clean go1.25.9 v1.35}"),
    ],
)
def test_defaults(helm: int, kube: str, count: int, info: str) -> None:
    caps = default_capabilities(profile_for(helm))
    assert (caps.KubeVersion.String(), caps.KubeVersion.Major, len(caps.APIVersions)) == (kube, "1", count)
    assert to_text(caps.HelmVersion) == info


@pytest.mark.parametrize(
    ("helm", "names"),
    [
        (3, ["*chartutil.Capabilities", "chartutil.KubeVersion", "chartutil.VersionSet", "version.BuildInfo"]),
        (4, ["*common.Capabilities", "common.KubeVersion", "common.VersionSet", "version.BuildInfo"]),
    ],
)
def test_type_names(helm: int, names: list[str]) -> None:
    caps = default_capabilities(profile_for(helm))
    assert [go_type_name(v) for v in (caps, caps.KubeVersion, caps.APIVersions, caps.HelmVersion)] == names
    assert (go_kind(caps.KubeVersion), go_kind(caps.APIVersions)) == ("struct", "slice")


def test_helm4_api_versions_differ_from_helm3() -> None:
    h3, h4 = set(default_capabilities(HELM_3).APIVersions), set(default_capabilities(HELM_4).APIVersions)
    assert h4 - h3 == {"resource.k8s.io/v1", "resource.k8s.io/v1beta2", "storagemigration.k8s.io/v1beta1"}
    assert h3 - h4 == {"storagemigration.k8s.io/v1alpha1", "networking.k8s.io/v1alpha1"}


def test_api_versions_flag_appends_verbatim_and_has_checks_membership() -> None:
    caps = build_capabilities(None, ["foo/v1,bar/v1/Baz", "x/v2"], profile=HELM_3)
    assert list(caps.APIVersions[-3:]) == ["foo/v1", "bar/v1/Baz", "x/v2"]
    assert [caps.APIVersions.Has(v) for v in ("apps/v1", "apps/v1/Deployment", "bar/v1/Baz")] == [True, False, True]


@pytest.mark.parametrize(
    ("text", "helm", "version", "string", "minor"),
    [
        ("1.20.3-gke.1", 3, "v1.20.3-gke.1", "v1.20.3-gke.1", "20"),
        ("1.20.3-gke.1", 4, "v1.20.3-gke.1", "v1.20.3", "20"),
        ("1", 3, "v1.0.0", "v1.0.0", "0"),
        ("1.2", 3, "v1.2.0", "v1.2.0", "2"),
        ("1.2", 4, "v1.2", "v1.2", "2"),
        ("v1.20", 4, "v1.20", "v1.20", "20"),
        ("1.20.3.4", 4, "v1.20.3.4", "v1.20.3.4", "20"),
        ("01.2.3", 3, "v1.2.3", "v1.2.3", "2"),
        ("1.02.3", 4, "v1.02.3", "v1.2.3", "2"),
        (" 1.2.3", 4, "v 1.2.3", "v1.2.3", "2"),
        ("1.20.3+meta", 3, "v1.20.3+meta", "v1.20.3+meta", "20"),
        ("1.20.3+meta", 4, "v1.20.3+meta", "v1.20.3", "20"),
    ],
)
def test_kube_version_normalisation(text: str, helm: int, version: str, string: str, minor: str) -> None:
    kube = parse_kube_version(text, profile_for(helm))
    assert (kube.Version, kube.GitVersion(), kube.String(), kube.Minor) == (version, version, string, minor)


@pytest.mark.parametrize(
    ("text", "helm", "problem"),
    [
        ("1", 4, 'illegal version string "1"'),
        ("1.20.3.4", 3, "Invalid Semantic Version"),
        ("01.2.3", 4, 'illegal zero-prefixed version component "01" in "01.2.3"'),
        ("abc", 3, "Invalid Semantic Version"),
        ("abc", 4, 'could not parse "abc" as version'),
        (" 1.2.3", 3, "Invalid Semantic Version"),
        ("1.x", 4, 'illegal version string "1.x"'),
        (
            "999999999999999999999.1.0",
            3,
            'Error parsing version segment: strconv.ParseUint: parsing "999999999999999999999": value out of range',
        ),
        (
            "999999999999999999999.1.0",
            4,
            'illegal non-numeric version component "999999999999999999999" in "999999999999999999999.1.0": '
            'strconv.ParseUint: parsing "999999999999999999999": value out of range',
        ),
    ],
)
def test_bad_kube_version_errors(text: str, helm: int, problem: str) -> None:
    with pytest.raises(RenderError) as info:
        parse_kube_version(text, profile_for(helm))
    assert info.value.message == f"invalid kube version '{text}': {problem}"


def test_json_views() -> None:
    caps = default_capabilities(HELM_4)
    assert caps.KubeVersion.go_json() == {"Version": "v1.35.0", "Major": "1", "Minor": "35"}
    assert list(caps.HelmVersion.go_json()) == [
        "version",
        "git_commit",
        "git_tree_state",
        "go_version",
        "kube_client_version",
    ]


def chart_with(kube_version: str) -> Chart:
    return Chart(metadata={"name": "c", "version": "0.1.0", "apiVersion": "v2", "kubeVersion": kube_version})


@pytest.mark.parametrize(
    ("constraint", "kube", "helm", "shown"),
    [
        (">=1.40.0", None, 3, "v1.32.0"),
        (">=1.40.0", None, 4, "v1.35.0"),
        (">=1.40.0", "1.20.3-gke.1", 4, "v1.20.3-gke.1"),
        (">=1.19.0", "1.20.3-gke.1", 3, "v1.20.3-gke.1"),
        (">=1.2.3-0 <<< bad", None, 3, "v1.32.0"),
    ],
)
def test_kube_version_constraint_rejects(constraint: str, kube: str | None, helm: int, shown: str) -> None:
    caps = build_capabilities(kube, [], profile=profile_for(helm))
    with pytest.raises(RenderError) as info:
        check_kube_version(chart_with(constraint), caps, profile_for(helm))
    assert (
        info.value.message == f"chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {shown}"
    )


def test_helm4_checks_the_numeric_kube_version_only() -> None:
    check_kube_version(chart_with(">=1.19.0"), build_capabilities("1.20.3-gke.1", [], profile=HELM_4), HELM_4)


def test_chart_without_kube_version_always_passes() -> None:
    check_kube_version(Chart(metadata={"name": "c"}), build_capabilities("1.0.0", [], profile=HELM_3), HELM_3)
