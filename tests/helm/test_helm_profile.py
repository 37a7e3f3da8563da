"""The Helm profiles are the list of Helm 3/4 differences; the README's ``--helm-compat`` row names each one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chartgen.helmcompat.profile import HELM_3, HELM_4, HelmProfile, profile_for
from chartgen.records import FrozenRecordError, fields

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

# How the README's --helm-compat row names the difference each profile field holds.
DOCUMENTED_AS = {
    "major": "Which Helm to reproduce",
    "go_version": "`range` over an int",
    "chart_as_map": "`.Chart` as a struct or a map",
    "common_package": "the Go type names",
    "default_kube_version": "the default Kubernetes version",
    "default_api_versions": "API list",
    "build_info": "`.Capabilities.HelmVersion`",
    "generic_kube_version": "how `--kube-version` is parsed",
    "multi_document_values": "multi-document values files",
    "webhook_install_order": "webhook kinds in the install order",
    "helm_must_to_yaml": "`mustToYaml`",
    "exec_error_frames": "the layout of execution errors",
    "set_json_whole_object": "`--set-json` with a whole object",
    "semver_3_4": "semver `!=` on pre-releases",
    "ca_key_id_sha256": "CA key identifiers",
    "chart_api_version_checked": "chart `apiVersion` values",
    "dot_names_refused": "the names `.` and `..`",
    "alias_copies_dependencies": "how a chart used under two aliases is copied",
    "null_over_null_kept": "a null set over a null default",
    "slog_messages": "coalescing warnings as slog lines",
    "schema_draft_2020": "the values schema's default draft and error layout",
    "set_open_index_ignored": "a `--set` index cut short",
    "error_wording_4": "the wording of a few errors",
    "server_side_apply": "server-side apply",
}


def _helm_compat_row() -> str:
    rows = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `--helm-compat")]
    assert len(rows) == 1
    return rows[0]


def _fields() -> list[str]:
    return [f.name for f in fields(HelmProfile)]


def test_every_profile_field_has_a_documented_phrase():
    assert sorted(DOCUMENTED_AS) == sorted(_fields())


@pytest.mark.parametrize("name", sorted(DOCUMENTED_AS))
def test_the_readme_helm_compat_row_names_each_difference(name):
    assert DOCUMENTED_AS[name] in _helm_compat_row()


@pytest.mark.parametrize("name", _fields())
def test_helm_3_and_helm_4_differ_in_every_field(name):
    assert getattr(HELM_3, name) != getattr(HELM_4, name)


@pytest.mark.parametrize("major", [3, 4])
def test_profile_for_names_the_profile_of_that_major(major):
    assert profile_for(major).major == major


def test_a_profile_cannot_be_changed():
    with pytest.raises(FrozenRecordError):
        HELM_3.multi_document_values = True  # type: ignore[misc]


def test_no_code_branches_on_the_helm_major():
    compares_major = re.compile(r"(helm_compat|helm_major|\.major)\s*(>=|<=|==|!=|<|>)\s*[34]\b")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "chartgen").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if compares_major.search(line)
    ]
    assert found == []
