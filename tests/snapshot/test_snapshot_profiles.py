"""Values profiles as data: the file format and how a profile becomes a render."""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.resources import base_chart_dir
from chartgen.snapshot.normalise import VolatilePath
from chartgen.snapshot.profiles import ProfileError, load_profiles, parse_profiles
from chartgen.snapshot.render import render_normalised


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profiles.yaml"
    path.write_text(text)
    return path


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
volatile: [Secret/*:data.password]
profiles:
  full:
    description: all of it
    namespace: kube-system
    release: iko
    kube-version: "1.12.0"
    values: {criticalAddon: true}
    values-files: [extra.yaml]
    set: [a=1]
    set-string: [b=2]
    set-json: ['c={"d":1}']
    api-versions: [x/v1]
    charts: [stock]
    volatile: [{path: Secret/x:data.token, alphabet: a-f0-9}]
""",
    )
    profile = load_profiles(path)["full"]
    assert (profile.namespace, profile.release, profile.kube_version) == ("kube-system", "iko", "1.12.0")
    assert profile.values == {"criticalAddon": True}
    assert profile.values_files == [str(tmp_path / "extra.yaml")]
    assert (profile.set_values, profile.set_string, profile.set_json) == (["a=1"], ["b=2"], ['c={"d":1}'])
    assert profile.api_versions == ["x/v1"]
    assert profile.charts == ["stock"]
    assert profile.volatile == [
        VolatilePath("Secret", "*", "data.password"),
        VolatilePath("Secret", "x", "data.token", "a-f0-9"),
    ]


def test_an_empty_profile_renders_with_helm_template_defaults(tmp_path: Path) -> None:
    profile = load_profiles(write(tmp_path, "profiles:\n  defaults:\n"))["defaults"]
    with profile.render_options() as options:
        assert (options.release_name, options.namespace, options.kube_version) == ("release-name", "default", None)
        assert options.helm_compat == 3
        assert options.reuse_generated_keys


def test_inline_values_are_merged_like_a_values_file_before_set(tmp_path: Path) -> None:
    profile = load_profiles(
        write(tmp_path, "profiles:\n  p:\n    values: {replicaCount: 2}\n    set: [replicaCount=3]\n")
    )["p"]
    with profile.render_options() as options:
        temp = Path(options.values_files[-1])
        assert temp.read_text() == '{"replicaCount": 2}'
        assert options.set_values == ["replicaCount=3"]
    assert not temp.exists()
    [deployment] = render_normalised(base_chart_dir(), profile).find("Deployment")
    assert deployment["spec"]["replicas"] == 3


def test_inline_values_reach_the_templates() -> None:
    profiles = parse_profiles(
        {"profiles": {"k": {"namespace": "kube-system", "values": {"criticalAddon": True}}}}, "t", Path(".")
    )
    [deployment] = render_normalised(base_chart_dir(), profiles["k"]).find("Deployment")
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"scheduler.alpha.kubernetes.io/critical-pod": ""}


def test_a_profile_applies_to_every_chart_unless_it_names_some(tmp_path: Path) -> None:
    profiles = load_profiles(write(tmp_path, "profiles:\n  all: {}\n  some: {charts: [stock]}\n"))
    assert profiles["all"].applies_to("patched")
    assert profiles["some"].applies_to("stock")
    assert not profiles["some"].applies_to("patched")


def test_settings_show_only_what_differs_from_defaults_without_machine_paths(tmp_path: Path) -> None:
    profile = load_profiles(
        write(tmp_path, "profiles:\n  p:\n    namespace: n\n    values-files: [v/extra.yaml]\n    values: {a: 1}\n")
    )["p"]
    assert profile.settings() == {"namespace": "n", "values-files": ["extra.yaml"], "values": {"a": 1}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n", "expected a mapping with a 'profiles' mapping"),
        ("profiles: [a]\n", "expected a mapping with a 'profiles' mapping"),
        ("profiles: {}\nextra: 1\n", "unknown top-level key 'extra'"),
        ("profiles:\n  p: [1]\n", "profile 'p': expected a mapping of settings"),
        ("profiles:\n  p: {sets: [a=1]}\n", "profile 'p': unknown setting 'sets'"),
        ("profiles:\n  p: {set: a=1}\n", "profile 'p': set must be a list of strings"),
        ("profiles:\n  p: {namespace: [a]}\n", "profile 'p': namespace must be a string"),
        ("profiles:\n  p: {values: [a]}\n", "profile 'p': values must be a mapping"),
        ("profiles:\n  p: {charts: stock}\n", "profile 'p': charts must be a list of chart labels"),
        ("profiles:\n  p: {volatile: [Secret]}\n", "profile 'p': volatile: volatile path 'Secret' is not of the form"),
        ("profiles:\n  p: {volatile: [{path: 'S/x:a', alphabet: 'z-a'}]}\n", "alphabet 'z-a' of 'S/x:a'"),
        ("profiles: {p: [\n", "not valid YAML"),
    ],
)
def test_a_malformed_profiles_file_is_refused_with_file_and_profile(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError, match="^" + str(path).replace(".", r"\.") + ": ") as caught:
        load_profiles(path)
    assert message in str(caught.value)


def test_a_missing_profiles_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read profiles file"):
        load_profiles(tmp_path / "absent.yaml")
