"""chart_loader: what Helm's loader keeps, drops and rejects (every expectation observed with helm 3.17.3/4.1.4)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from chartgen.errors import ChartLoadError
from chartgen.helm.chart_loader import decode_chart_yaml, load_chart, load_chart_files
from chartgen.helmcompat.profile import HELM_4

CHART_YAML = b"apiVersion: v2\nname: demo\nversion: 0.1.0\n"


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def make_tgz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("chart_yaml", "message"),
    [
        (b"apiVersion: v2\nversion: 0.1.0\n", "validation: chart.metadata.name is required"),
        (b"apiVersion: v2\nname: ~\nversion: 0.1.0\n", "validation: chart.metadata.name is required"),
        (b"apiVersion: v2\nname: x\n", "validation: chart.metadata.version is required"),
        (b"apiVersion: v2\nname: x\nversion: abc\n", 'validation: chart.metadata.version "abc" is invalid'),
        (
            b"apiVersion: v2\nname: x\nversion: 1.0.0\ntype: foo\n",
            "validation: chart.metadata.type must be application or library",
        ),
        (
            b'apiVersion: v2\nname: x\nversion: 1.0.0\ndeprecated: "yes"\n',
            "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string "
            "into Go struct field Metadata.deprecated of type bool",
        ),
    ],
)
def test_invalid_chart_yaml_fails_with_helms_message(chart_yaml: bytes, message: str) -> None:
    with pytest.raises(ChartLoadError) as info:
        load_chart_files({"Chart.yaml": chart_yaml})
    assert info.value.message == message


def test_missing_api_version_defaults_to_v1() -> None:
    assert load_chart_files({"Chart.yaml": b"name: x\nversion: 0.1.0\n"}).metadata["apiVersion"] == "v1"


def test_non_string_scalars_become_strings_as_sigs_yaml_converts_them() -> None:
    metadata = decode_chart_yaml(
        b"apiVersion: v2\nname: demo\nversion: 1.0\nappVersion: 1e10\ndescription: 12345678\nhome: true\n"
        b"keywords: [1, 1.5, true, x]\nannotations: {a: 1, b: 1.10, c: yes}\nmaintainers:\n  - name: 123\n    email: 1.5\n"
    )
    assert metadata == {
        "apiVersion": "v2",
        "name": "demo",
        "version": "1",
        "appVersion": "1e+10",
        "description": "12345678",
        "home": "true",
        "keywords": ["1", "1.5", "true", "x"],
        "annotations": {"a": "1", "b": "1.1", "c": "true"},
        "maintainers": [{"name": "123", "email": "1.5"}],
    }


def test_unquoted_app_version_1_10_is_1_1() -> None:
    assert decode_chart_yaml(b"appVersion: 1.10\n")["appVersion"] == "1.1"


def test_files_are_sorted_into_templates_files_and_consumed_entries() -> None:
    chart = load_chart_files(
        {
            "Chart.yaml": CHART_YAML,
            "values.schema.json": b"{}",
            "templates/a.txt": b"x",
            "README.md": b"r",
            "crds/c.yaml": b"c",
            ".helmignore": b"",
        }
    )
    assert [t.name for t in chart.templates] == ["templates/a.txt"]
    assert [f.name for f in chart.files] == [".helmignore", "README.md", "crds/c.yaml"]
    assert chart.schema == b"{}"


def test_utf8_bom_is_stripped_from_every_file() -> None:
    chart = load_chart_files({"Chart.yaml": b"\xef\xbb\xbf" + CHART_YAML, "f.txt": b"\xef\xbb\xbfhi"})
    assert chart.files[0].data == b"hi"


def test_directory_applies_root_helmignore_and_hidden_template_rule_to_subcharts_too(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "demo",
        {
            "Chart.yaml": CHART_YAML,
            ".helmignore": b"templates/ign.yaml\n",
            "templates/ign.yaml": b"x",
            "templates/.hidden.yaml": b"x",
            "templates/t.yaml": b"x",
            "charts/sub/Chart.yaml": b"apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            "charts/sub/.helmignore": b"templates/s2.yaml\n",
            "charts/sub/templates/s2.yaml": b"x",
        },
    )
    chart = load_chart(root)
    assert [t.name for t in chart.templates] == ["templates/t.yaml"]
    sub = chart.dependencies[0]
    assert (sub.name, sub.parent) == ("sub", chart)
    # The subchart's own .helmignore is only a file when loading a directory.
    assert [t.name for t in sub.templates] == ["templates/s2.yaml"]


def test_archive_ignores_helmignore_and_keeps_hidden_templates(tmp_path: Path) -> None:
    archive = tmp_path / "demo.tgz"
    archive.write_bytes(
        make_tgz(
            {
                "demo/Chart.yaml": CHART_YAML,
                "demo/.helmignore": b"templates/ign.yaml\n",
                "demo/templates/ign.yaml": b"x",
                "demo/templates/.hidden.yaml": b"x",
            }
        )
    )
    assert [t.name for t in load_chart(archive).templates] == ["templates/.hidden.yaml", "templates/ign.yaml"]


def test_subchart_archives_in_charts_are_loaded() -> None:
    sub = make_tgz({"sub/Chart.yaml": b"apiVersion: v2\nname: sub\nversion: 0.2.0\n"})
    chart = load_chart_files({"Chart.yaml": CHART_YAML, "charts/sub-0.2.0.tgz": sub})
    assert [(d.name, d.metadata["version"]) for d in chart.dependencies] == [("sub", "0.2.0")]


def test_charts_entries_starting_with_underscore_or_dot_are_skipped_and_prov_files_kept() -> None:
    chart = load_chart_files(
        {"Chart.yaml": CHART_YAML, "charts/_skip/x": b"", "charts/.dot/x": b"", "charts/foo.prov": b"p"}
    )
    assert chart.dependencies == []
    assert [f.name for f in chart.files] == ["charts/foo.prov"]


@pytest.mark.parametrize("stray", ["charts/README.md", "charts/notchart/x"])
def test_a_non_chart_in_charts_fails(stray: str) -> None:
    name = stray.split("/")[1]
    with pytest.raises(ChartLoadError) as info:
        load_chart_files({"Chart.yaml": CHART_YAML, stray: b"x"})
    assert info.value.message == f"error unpacking subchart {name} in demo: Chart.yaml file is missing"


def test_invalid_subchart_error_names_subchart_and_parent() -> None:
    with pytest.raises(ChartLoadError) as info:
        load_chart_files({"Chart.yaml": CHART_YAML, "charts/bad/Chart.yaml": b"apiVersion: v2\nname: bad\n"})
    assert info.value.message == "error unpacking subchart bad in demo: validation: chart.metadata.version is required"


def test_missing_path_and_missing_chart_yaml(tmp_path: Path) -> None:
    with pytest.raises(ChartLoadError, match='^path ".*nope" not found$'):
        load_chart(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ChartLoadError) as info:
        load_chart(tmp_path / "empty")
    assert info.value.message == "Chart.yaml file is missing"


def test_helm4_reports_missing_chart_yaml_as_undetectable_chart(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ChartLoadError) as info:
        load_chart(tmp_path / "empty", profile=HELM_4)
    where = f"{tmp_path}/empty/Chart.yaml"
    assert info.value.message == f"unable to detect chart at {where}: open {where}: no such file or directory"


def test_chart_yaml_scalars_follow_yaml_1_1_so_name_n_is_false() -> None:
    assert decode_chart_yaml(b"name: n\nversion: 0755\n") == {"name": "false", "version": "493", "apiVersion": "v1"}


@pytest.mark.parametrize(
    ("chart_yaml", "field", "expected"),
    [
        (b"name: c\n<<: {name: zz}\n", "name", "zz"),  # goyaml.v2 merges in place, over earlier keys
        (b"appVersion: !!str 1.0\n", "appVersion", "1.0"),
        (b"appVersion: 1e39\n", "appVersion", "+Inf"),  # beyond float32: Go's FormatFloat spelling
    ],
)
def test_chart_yaml_is_decoded_with_goyaml_rules(chart_yaml: bytes, field: str, expected: str) -> None:
    assert decode_chart_yaml(chart_yaml)[field] == expected


@pytest.mark.parametrize(
    ("chart_yaml", "message"),
    [
        (
            b"apiVersion: v2\nversion: 0.1.0\nname: [\n",
            "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 3: did not find expected node content",
        ),
        (
            b"annotations: {~: x}\n",
            "cannot load Chart.yaml: error converting YAML to JSON: unsupported map key of type: %!s(<nil>), "
            'key: <nil>, value: "x"',
        ),
        (
            b'appVersion: "\\/"\n',
            "cannot load Chart.yaml: error converting YAML to JSON: yaml: found unknown escape character",
        ),
    ],
)
def test_unreadable_chart_yaml_fails_with_goyamls_message(chart_yaml: bytes, message: str) -> None:
    with pytest.raises(ChartLoadError) as info:
        decode_chart_yaml(chart_yaml)
    assert info.value.message == message


def test_broken_chart_lock_fails_the_load_naming_the_file() -> None:
    with pytest.raises(ChartLoadError) as info:
        load_chart_files({"Chart.yaml": CHART_YAML, "Chart.lock": b"a: [\n"})
    expected = "cannot load Chart.lock: error converting YAML to JSON: yaml: line 1: did not find expected node content"
    assert info.value.message == expected


@pytest.mark.parametrize("name", [".", "..", "/"])
def test_helm3_takes_names_that_are_their_own_base_name(name: str) -> None:
    chart_yaml = f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n".encode()
    assert load_chart_files({"Chart.yaml": chart_yaml}).name == name


@pytest.mark.parametrize("name", [".", ".."])
def test_helm4_refuses_dot_names_as_not_allowed(name: str) -> None:
    with pytest.raises(ChartLoadError) as info:
        load_chart_files({"Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: x\n".encode()}, profile=HELM_4)
    assert info.value.message == f'validation: chart.metadata.name "{name}" is not allowed'


@pytest.mark.parametrize("version", ["1.2.3-01", "1.2.3-a.00"])
def test_numeric_prerelease_part_with_leading_zero_is_an_invalid_version(version: str) -> None:
    with pytest.raises(ChartLoadError) as info:
        load_chart_files({"Chart.yaml": f"apiVersion: v2\nname: x\nversion: {version}\n".encode()})
    assert info.value.message == f'validation: chart.metadata.version "{version}" is invalid'


@pytest.mark.parametrize(
    ("chart_yaml", "message"),
    [
        (b"apiVersion: foo\nname: c\nversion: [1]\n", "unsupported chart version"),
        (
            b"- apiVersion: v2\n",
            "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into "
            "Go value of type loader.chartBase",
        ),
    ],
)
def test_helm4_picks_a_loader_by_api_version_of_an_archive_first(
    tmp_path: Path, chart_yaml: bytes, message: str
) -> None:
    archive = tmp_path / "c.tgz"
    archive.write_bytes(make_tgz({"c/Chart.yaml": chart_yaml}))
    with pytest.raises(ChartLoadError) as info:
        load_chart(archive, profile=HELM_4)
    assert info.value.message == message


def test_helm4_loads_subcharts_of_any_api_version() -> None:
    sub = b"apiVersion: foo\nname: sub\nversion: 0.1.0\n"
    chart = load_chart_files({"Chart.yaml": CHART_YAML, "charts/sub/Chart.yaml": sub}, profile=HELM_4)
    assert chart.dependencies[0].metadata["apiVersion"] == "foo"
