"""Every way Helm 3.17 and Helm 4.1 differ that chartgen reproduces, as one frozen record per Helm.

``--helm-compat 3|4`` picks :data:`HELM_3` or :data:`HELM_4` through :func:`profile_for`; from there on code asks
the profile about the behaviour it needs (``if profile.set_json_whole_object:``), never about the major number, so
this file is the list of differences. A new difference is a new field here, set in both instances, and a phrase
in the README's ``--helm-compat`` row (``tests/test_helm_profile.py`` keeps the two in step).
"""

from __future__ import annotations

from chartgen.helmcompat.api_versions import HELM3_API_VERSIONS, HELM4_API_VERSIONS
from chartgen.records import record

__all__ = ["HELM_3", "HELM_4", "HelmProfile", "profile_for"]


@record(frozen=True)
class HelmProfile:
    """What one Helm release does where the two differ. Each field's comment says what differs."""

    # The major number, for what names the Helm (messages, snapshot headers, which helm binary); never behaviour.
    major: int
    # The Go release Helm is built with: text/template's `range` over an int, typed comparison errors and methods of
    # Go types; the `\p{...}` Unicode classes of regular expressions.
    go_version: tuple[int, int]
    # .Chart is a map of the metadata fields rather than a struct with methods.
    chart_as_map: bool
    # The Go type names of .Values and .Capabilities (printed by printf "%T" and in errors): `common`, not `chartutil`.
    common_package: bool
    # The default Kubernetes version of .Capabilities.KubeVersion.
    default_kube_version: str
    # The default API list of .Capabilities.APIVersions.
    default_api_versions: tuple[str, ...]
    # .Capabilities.HelmVersion: (Version, GitCommit, GitTreeState, GoVersion[, KubeClientVersion]).
    build_info: tuple[str, ...]
    # --kube-version is parsed by Kubernetes' generic parser (numeric String()) rather than Masterminds semver.
    generic_kube_version: bool
    # Multi-document values files are deep-merged document by document instead of read up to the first `---`.
    multi_document_values: bool
    # Webhook kinds in the install order (Mutating/ValidatingWebhookConfiguration sort last, after the rest).
    webhook_install_order: bool
    # Helm's own mustToYaml and mustToJson replace Sprig's.
    helm_must_to_yaml: bool
    # The layout of execution errors: one line per template frame of the error chain.
    exec_error_frames: bool
    # --set-json with a whole object (`{...}`) is merged like a values file.
    set_json_whole_object: bool
    # Masterminds semver 3.4: `!=` on pre-releases is refused too, empty identifiers refused, errors in lower case.
    semver_3_4: bool
    # CA key identifiers (generated subject key ids) are SHA-256 cut to 160 bits rather than SHA-1.
    ca_key_id_sha256: bool
    # Chart apiVersion values other than v1/v2 are refused when loading the root chart and at install.
    chart_api_version_checked: bool
    # The chart names `.` and `..` are refused.
    dot_names_refused: bool
    # How a chart used under two aliases is copied: with its dependencies, so each alias is a chart of its own (Helm 3
    # shares them: the first alias renames them for all, and shared import-values reach only the first alias).
    alias_copies_dependencies: bool
    # A null set over a null default keeps the key instead of removing it.
    null_over_null_kept: bool
    # Coalescing warnings and dependency failures are written as slog lines (level=... msg=...).
    slog_messages: bool
    # values.schema.json is checked by santhosh-tekuri/jsonschema (draft 2020-12 by default, its error layout,
    # `format` an annotation from draft 2019-09) rather than gojsonschema (draft 7).
    schema_draft_2020: bool
    # A --set index cut short (`a[1`) ends the parse silently instead of failing.
    set_open_index_ignored: bool
    # Installs with server-side apply by default (lint: what older API servers refuse under it).
    server_side_apply: bool
    # Wording of errors: lower-case "an error occurred" in the dependency check, "release name check failed: "
    # before a bad release name, "unable to detect chart" for a folder without Chart.yaml, `util.SimpleHead`.
    error_wording_4: bool


HELM_3 = HelmProfile(
    major=3,
    go_version=(1, 23),
    chart_as_map=False,
    common_package=False,
    default_kube_version="v1.32.0",
    default_api_versions=HELM3_API_VERSIONS,
    build_info=("v3.17.3", "e4da49785aa6e6ee2b86efd5dd9e43400318262b", "clean", "go1.23.7"),
    generic_kube_version=False,
    multi_document_values=False,
    webhook_install_order=False,
    helm_must_to_yaml=False,
    exec_error_frames=False,
    set_json_whole_object=False,
    semver_3_4=False,
    ca_key_id_sha256=False,
    chart_api_version_checked=False,
    dot_names_refused=False,
    alias_copies_dependencies=False,
    null_over_null_kept=False,
    slog_messages=False,
    schema_draft_2020=False,
    set_open_index_ignored=False,
    server_side_apply=False,
    error_wording_4=False,
)

HELM_4 = HelmProfile(
    major=4,
    go_version=(1, 25),
    chart_as_map=True,
    common_package=True,
    default_kube_version="v1.35.0",
    default_api_versions=HELM4_API_VERSIONS,
    build_info=("v4.1.4", "05fa37973dc9e42b76e1d2883494c87174b6074f", "clean", "go1.25.9", "v1.35"),
    generic_kube_version=True,
    multi_document_values=True,
    webhook_install_order=True,
    helm_must_to_yaml=True,
    exec_error_frames=True,
    set_json_whole_object=True,
    semver_3_4=True,
    ca_key_id_sha256=True,
    chart_api_version_checked=True,
    dot_names_refused=True,
    alias_copies_dependencies=True,
    null_over_null_kept=True,
    slog_messages=True,
    schema_draft_2020=True,
    set_open_index_ignored=True,
    server_side_apply=True,
    error_wording_4=True,
)

_BY_MAJOR = {3: HELM_3, 4: HELM_4}


def profile_for(major: int) -> HelmProfile:
    """The profile of ``--helm-compat major`` (3 or 4); anything else is a programming error."""
    return _BY_MAJOR[major]
