"""`chartgen upgrade`'s findings, across the stock layouts the tests reconstruct and a synthetic next version."""

from __future__ import annotations

import itertools

import pytest
from upgrade_kit import (
    LAYOUTS,
    MOVED_DEPLOYMENT,
    PARAMS,
    PROXY_USERINFO,
    SECRET_VALUE,
    base_files,
    chart,
    iko_next,
    patched,
    renamed_container,
    with_proxy_url,
    with_secret,
)

from chartgen.errors import UsageError
from chartgen.upgrade.formats import format_report
from chartgen.upgrade.plan import UpgradeRequest, plan_upgrade

DIRECTIONS = list(itertools.permutations(LAYOUTS, 2))  # 3.5->3.6, 3.6->3.5, 3.6->3.8, 3.8->3.5 ...
# What separates the layouts in the rendered Deployment: the operator's env variables each version has.
ENV = {
    "3.5": set(),
    "3.6": {"ISC_NUM_THREADS", "ISC_RESYNC_PERIOD"},
    "3.8": {"ISC_NUM_THREADS", "ISC_RESYNC_PERIOD", "ISC_WEBGATEWAY_STARTUP_TIMEOUT"},
}
VALUES = {
    "3.5": set(),
    "3.6": {"operator.numThreads", "operator.resyncPeriod"},
    "3.8": {"operator.numThreads", "operator.resyncPeriod", "operator.webGatewayStartupTimeout"},
}


def _plan(tmp_path, old_files, new_files, **extra):
    old, new = chart(tmp_path, "old", old_files), chart(tmp_path, "new", new_files)
    return plan_upgrade(UpgradeRequest(old=str(old), new=str(new), parameters=PARAMS, **extra))


def _env_fields(diff, change):
    names = set()
    for item in (c for o in diff.changed if o.key.kind == "Deployment" for c in o.fields):
        if item.change == change and ".env[name=" in item.path:
            names.add(item.path.split("[name=")[-1].rstrip("]"))
    return names


@pytest.mark.parametrize(("old", "new"), DIRECTIONS, ids=[f"{a}->{b}" for a, b in DIRECTIONS])
def test_the_overlays_apply_cleanly_in_every_direction_between_stock_layouts(tmp_path, old, new):
    report = plan_upgrade_between(tmp_path, old, new)
    assert report.attention == [] and report.exit_code == 0
    assert {s.status for s in report.steps} <= {"clean", "moved"}


@pytest.mark.parametrize(("old", "new"), DIRECTIONS, ids=[f"{a}->{b}" for a, b in DIRECTIONS])
def test_upstream_changes_are_the_env_variables_one_layout_has_and_the_other_lacks(tmp_path, old, new):
    report = plan_upgrade_between(tmp_path, old, new)
    assert _env_fields(report.upstream, "added") == ENV[new] - ENV[old]
    assert _env_fields(report.upstream, "removed") == ENV[old] - ENV[new]


@pytest.mark.parametrize(("old", "new"), DIRECTIONS, ids=[f"{a}->{b}" for a, b in DIRECTIONS])
def test_values_keys_added_and_removed_follow_the_direction(tmp_path, old, new):
    report = plan_upgrade_between(tmp_path, old, new)
    assert set(report.values.added) == VALUES[new] - VALUES[old]
    assert set(report.values.removed) == VALUES[old] - VALUES[new]
    assert report.values.renamed == []


@pytest.mark.parametrize(("old", "new"), DIRECTIONS, ids=[f"{a}->{b}" for a, b in DIRECTIONS])
def test_what_the_overlays_change_is_the_same_on_both_layouts(tmp_path, old, new):
    report = plan_upgrade_between(tmp_path, old, new)
    assert report.split and report.overlay.same


def plan_upgrade_between(tmp_path, old, new):
    return _plan(tmp_path, LAYOUTS[old](), LAYOUTS[new]())


def test_the_webserver_port_default_written_as_a_number_is_a_changed_default(tmp_path):
    report = plan_upgrade_between(tmp_path, "3.5", "3.6")
    assert report.values.defaults["operator.webserverPort"] == ("52773", 52773)


def test_a_renamed_value_of_the_next_version_is_reported_as_a_rename(tmp_path):
    report = _plan(tmp_path, base_files(), iko_next(base_files()))
    assert [(r.old, r.new) for r in report.values.renamed] == [("logLevel", "logVerbosity")]


def test_a_values_file_setting_the_renamed_key_is_told_its_new_name_with_its_line(tmp_path):
    (tmp_path / "prod.yaml").write_text("replicaCount: 2\nlogLevel: 5\n")
    report = _plan(tmp_path, base_files(), iko_next(base_files()), values_files=[str(tmp_path / "prod.yaml")])
    [check] = report.values_files
    [problem] = check.problems
    assert problem.where == f"{tmp_path / 'prod.yaml'}:2:1"
    assert "renamed to 'logVerbosity'" in problem.message
    assert report.exit_code == 1


def test_a_values_file_valid_for_the_new_chart_is_reported_valid(tmp_path):
    (tmp_path / "prod.yaml").write_text("replicaCount: 2\nlogVerbosity: 5\n")
    report = _plan(tmp_path, base_files(), iko_next(base_files()), values_files=[str(tmp_path / "prod.yaml")])
    assert report.values_files[0].valid and report.exit_code == 0


def test_a_values_file_setting_a_removed_key_is_a_problem_even_where_the_schema_is_silent(tmp_path):
    (tmp_path / "prod.yaml").write_text("operator:\n  webGatewayStartupTimeout: 30\n")
    report = _plan(tmp_path, base_files(), LAYOUTS["3.6"](), values_files=[str(tmp_path / "prod.yaml")])
    messages = [p.message for p in report.values_files[0].problems]
    assert messages == [
        "key 'operator.webGatewayStartupTimeout' was removed in the new version; this setting has no effect"
    ]


def test_a_container_moved_to_another_template_and_position_is_reported_with_both_places(tmp_path):
    report = _plan(tmp_path, base_files(), iko_next(base_files()))
    arg = next(s for s in report.steps if s.step == "kubeconfig-arg")
    assert arg.status == "moved"
    assert arg.old == ["templates/deployment.yaml:47"]
    assert arg.new == [f"{MOVED_DEPLOYMENT}:49"]
    assert report.exit_code == 0


def test_an_object_added_upstream_is_an_upstream_change_not_an_overlay_one(tmp_path):
    report = _plan(tmp_path, base_files(), iko_next(base_files()))
    assert [str(key) for key, _ in report.upstream.added] == [
        "policy/PodDisruptionBudget release-name-iris-operator-amd"
    ]
    assert report.overlay.same


def test_a_sidecar_added_before_the_operator_is_an_upstream_change(tmp_path):
    report = _plan(tmp_path, base_files(), iko_next(base_files()))
    paths = [f.path for c in report.upstream.changed for f in c.fields]
    assert "spec.template.spec.containers[name=metrics]" in paths


def test_a_step_that_no_longer_matches_is_reported_with_the_template_line_it_looked_at(tmp_path):
    report = _plan(tmp_path, base_files(), renamed_container(base_files()))
    arg = next(s for s in report.steps if s.step == "kubeconfig-arg")
    assert arg.status == "fails" and arg.new == []
    assert any("templates/deployment.yaml:" in note and "'operator'" in note for note in arg.notes)
    assert report.repatch_error is not None and report.exit_code == 1


def test_the_report_of_a_step_that_fails_still_shows_upstream_changes(tmp_path):
    report = _plan(tmp_path, base_files(), renamed_container(base_files()))
    assert report.upstream is not None and report.overlay.new is None and report.snapshots is None


def test_a_patched_old_chart_defaults_to_the_overlays_it_records(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    new = chart(tmp_path, "new", base_files())
    report = plan_upgrade(UpgradeRequest(old=str(old), new=str(new), parameters=PARAMS))
    assert report.overlays == ["remote-target"] and report.old.patched_input


def test_a_patched_old_chart_without_its_stock_chart_says_the_split_is_unavailable(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    new = chart(tmp_path, "new", base_files())
    report = plan_upgrade(UpgradeRequest(old=str(old), new=str(new), parameters=PARAMS))
    assert not report.split
    assert any("cannot be told apart" in note for note in report.notes)
    assert all(s.old is None and s.status == "applies" for s in report.steps)
    assert report.values_compared == "patched charts"


def test_a_patched_old_chart_with_its_stock_chart_separates_upstream_from_the_overlays(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    new = chart(tmp_path, "new", base_files())
    stock = str(tmp_path / "old-stock")
    report = plan_upgrade(UpgradeRequest(old=str(old), new=str(new), old_stock=stock, parameters=PARAMS))
    assert report.split and report.overlay.same
    assert _env_fields(report.upstream, "added") == {"ISC_WEBGATEWAY_STARTUP_TIMEOUT"}


def test_an_old_stock_chart_that_is_not_the_one_patched_is_refused(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    other = chart(tmp_path, "other", LAYOUTS["3.5"]())
    new = chart(tmp_path, "new", base_files())
    with pytest.raises(UsageError, match="is not the chart .* was patched from"):
        plan_upgrade(UpgradeRequest(old=str(old), new=str(new), old_stock=str(other), parameters=PARAMS))


def test_a_patched_new_chart_is_refused(tmp_path):
    old = chart(tmp_path, "old", base_files())
    new = patched(tmp_path, "new", base_files())
    with pytest.raises(UsageError, match="NEW must be a stock chart"):
        plan_upgrade(UpgradeRequest(old=str(old), new=str(new), parameters=PARAMS))


def test_every_emitted_snapshot_test_is_listed_with_what_changes_in_it(tmp_path):
    report = _plan(tmp_path, base_files(), iko_next(base_files()))
    plan = report.snapshots
    assert [c.profile for c in plan.changes] == ["custom-release", "defaults", "rbac-off", "remote-target-off"]
    assert all(c.change == "manifests" for c in plan.changes)
    assert plan.changes[0].test == (
        "test_iris_operator_amd_snapshots.py::test_rendered_manifests_match_snapshot[custom-release]"
    )
    assert plan.update_command == "pytest tests/test_iris_operator_amd_snapshots.py --snapshot-update"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_secret_data_never_reaches_the_report(tmp_path, fmt):
    report = _plan(tmp_path, base_files(), with_secret(base_files()))
    assert any(key.kind == "Secret" for key, _ in report.upstream.added)
    assert SECRET_VALUE not in format_report(report, fmt)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_urls_user_name_and_password_never_reach_the_report(tmp_path, fmt):
    text = format_report(_plan(tmp_path, base_files(), with_proxy_url(base_files())), fmt)
    assert "http://<redacted>@proxy.example:3128" in text
    assert PROXY_USERINFO not in text


def test_values_files_are_still_checked_when_the_overlays_do_not_apply(tmp_path):
    (tmp_path / "prod.yaml").write_text("replicaCount: 2\nreplicas: 2\n")
    report = _plan(tmp_path, base_files(), renamed_container(base_files()), values_files=[str(tmp_path / "prod.yaml")])
    [problem] = report.values_files[0].problems
    assert problem.where.endswith("prod.yaml:2:1") and "unknown key 'replicas'" in problem.message
    assert any("could not be patched" in note for note in report.notes)


def test_operation_steps_are_reported_with_their_template_lines_too(tmp_path):
    overlays = ["remote-target", "restricted-pod-security"]
    report = _plan(tmp_path, base_files(), iko_next(base_files()), overlays=overlays)
    step = next(s for s in report.steps if s.step == "operator-pod-security")
    assert (step.kind, step.status) == ("operation", "moved")
    assert step.old == ["templates/deployment.yaml:40"] and step.new == [f"{MOVED_DEPLOYMENT}:40"]
