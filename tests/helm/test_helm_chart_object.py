"""``.Chart`` for helm 3 (a struct) and helm 4 (a map), as chart-object/EXPECTED.txt and probes show."""

from __future__ import annotations

from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import go_kind, go_type_name
from chartgen.helm.chart_model import Chart
from chartgen.helm.chart_object import chart_object
from chartgen.helm.gojson import to_json
from chartgen.helmcompat.profile import HELM_3, HELM_4

METADATA = {
    "apiVersion": "v2",
    "name": "chart-object",
    "version": "1.2.3",
    "appVersion": "1.1",
    "kubeVersion": ">=1.20.0-0",
    "description": "A chart",
    "home": "https://example.com",
    "keywords": ["a", "b"],
    "maintainers": [{"name": "Me", "email": "me@example.com"}],
    "annotations": {"category": "Infra"},
    "type": "application",
}


def test_helm3_is_a_struct_with_go_field_names() -> None:
    chart = chart_object(Chart(metadata=dict(METADATA)), HELM_3)
    assert go_type_name(chart) == "struct { chart.Metadata; IsRoot bool }"
    assert (chart.Name, chart.AppVersion, chart.IsRoot, chart.Icon, chart.Deprecated) == (
        "chart-object",
        "1.1",
        True,
        "",
        False,
    )
    assert to_text(chart.Keywords) == "[a b]"
    assert go_type_name(chart.Maintainers) == "[]*chart.Maintainer"
    assert go_type_name(chart.Maintainers[0]) == "*chart.Maintainer"
    assert chart.Maintainers[0].Name == "Me"
    assert (go_type_name(chart.Keywords), go_type_name(chart.Annotations)) == ("[]string", "map[string]string")


def test_helm3_embedded_metadata_is_reachable() -> None:
    chart = chart_object(Chart(metadata=dict(METADATA)), HELM_3)
    assert (chart.Metadata.Name, go_type_name(chart.Metadata)) == ("chart-object", "chart.Metadata")


def test_helm3_json_uses_tags_omitempty_and_field_order() -> None:
    chart = chart_object(Chart(metadata=dict(METADATA)), HELM_3)
    assert chart.go_json() == {
        "name": "chart-object",
        "home": "https://example.com",
        "version": "1.2.3",
        "description": "A chart",
        "keywords": ["a", "b"],
        "maintainers": [{"name": "Me", "email": "me@example.com"}],
        "apiVersion": "v2",
        "appVersion": "1.1",
        "annotations": {"category": "Infra"},
        "kubeVersion": ">=1.20.0-0",
        "type": "application",
        "IsRoot": True,
    }
    assert list(chart.go_json()) == [
        "name",
        "home",
        "version",
        "description",
        "keywords",
        "maintainers",
        "apiVersion",
        "appVersion",
        "annotations",
        "kubeVersion",
        "type",
        "IsRoot",
    ]


def test_helm3_dependency_json_keeps_name_and_repository() -> None:
    deps = [{"name": "dep2", "version": "0.1.0", "enabled": True}]
    chart = chart_object(Chart(metadata={**METADATA, "dependencies": deps}), HELM_3)
    assert go_type_name(chart.Dependencies[0]) == "*chart.Dependency"
    assert chart.Dependencies[0].go_json() == {"name": "dep2", "version": "0.1.0", "repository": "", "enabled": True}


def test_helm3_missing_annotation_reads_as_empty_string() -> None:
    chart = chart_object(Chart(metadata=dict(METADATA)), HELM_3)
    assert chart.Annotations.get("missing") == ""


def test_subchart_is_not_root() -> None:
    parent = Chart(metadata=dict(METADATA))
    sub = Chart(metadata={"name": "sub", "version": "0.1.0", "apiVersion": "v2"}, parent=parent)
    assert chart_object(sub, HELM_3).IsRoot is False
    assert chart_object(sub, HELM_4)["IsRoot"] is False


def test_helm4_is_a_map_with_every_field() -> None:
    chart = chart_object(Chart(metadata=dict(METADATA)), HELM_4)
    assert (go_type_name(chart), go_kind(chart)) == ("map[string]interface {}", "map")
    assert chart == {
        "APIVersion": "v2",
        "Annotations": {"category": "Infra"},
        "AppVersion": "1.1",
        "Condition": "",
        "Dependencies": [],
        "Deprecated": False,
        "Description": "A chart",
        "Home": "https://example.com",
        "Icon": "",
        "IsRoot": True,
        "Keywords": ["a", "b"],
        "KubeVersion": ">=1.20.0-0",
        "Maintainers": [{"Email": "me@example.com", "Name": "Me", "URL": ""}],
        "Name": "chart-object",
        "Sources": [],
        "Tags": "",
        "Type": "application",
        "Version": "1.2.3",
    }
    assert go_type_name(chart["Maintainers"]) == "[]interface {}"
    assert go_type_name(chart["Annotations"]) == "map[string]string"


def test_helm4_absent_annotations_are_nil_and_dependencies_have_every_field() -> None:
    metadata = {"name": "co", "version": "0.1.0", "apiVersion": "v2", "dependencies": [{"name": "dep2"}]}
    chart = chart_object(Chart(metadata=metadata), HELM_4)
    # A nil map[string]string: empty to read, null to toJson.
    assert chart["Annotations"] == {} and to_json(chart["Annotations"]) == "null"
    assert chart["Dependencies"] == [
        {
            "Name": "dep2",
            "Version": "",
            "Repository": "",
            "Condition": "",
            "Tags": [],
            "Enabled": False,
            "ImportValues": [],
            "Alias": "",
        }
    ]
