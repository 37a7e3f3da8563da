"""The remote-target overlay's parameters: from the shortcut options it declares, and as the patch applied them."""

from __future__ import annotations

import pytest

from chartgen.errors import UsageError
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.patch.overlay_spec import REMOTE_TARGET, Overlay, load_overlay
from chartgen.patch.shortcuts import bundled_shortcuts, shortcut_parameters

REMOTE = [load_overlay(REMOTE_TARGET)]
OFFERED = bundled_shortcuts()


def _flags(**given: str) -> dict[str, str | None]:
    flags: dict[str, str | None] = {s.flag: None for _, s in OFFERED}
    flags.update({"--" + k.replace("_", "-"): v for k, v in given.items()})
    return flags


def test_the_remote_target_overlay_declares_its_three_shortcuts():
    declared = {s.flag: s.parameter for owner, s in OFFERED if owner == "remote-target"}
    assert declared == {"--remote-secret": "secretName", "--secret-key": "secretKey", "--mount-path": "mountPath"}


def test_the_flags_become_remote_target_parameters_over_a_param_of_the_same_name():
    given = {REMOTE_TARGET: {"secretName": "from-param", "mountPath": "/kube"}}
    merged = shortcut_parameters(REMOTE, given, _flags(remote_secret="from-flag", secret_key="cfg"), OFFERED)
    assert merged == {REMOTE_TARGET: {"secretName": "from-flag", "mountPath": "/kube", "secretKey": "cfg"}}
    assert given == {REMOTE_TARGET: {"secretName": "from-param", "mountPath": "/kube"}}


def test_the_remote_target_overlay_needs_a_secret_name():
    with pytest.raises(UsageError, match="needs --remote-secret NAME"):
        shortcut_parameters(REMOTE, {}, _flags(), OFFERED)


def test_a_param_stands_for_the_required_flag():
    given = {REMOTE_TARGET: {"secretName": "from-param"}}
    assert shortcut_parameters(REMOTE, given, _flags(), OFFERED) == given


def test_the_flags_are_refused_without_the_remote_target_overlay():
    mine = Overlay(name="mine", folder=REMOTE[0].folder, summary="x")
    with pytest.raises(UsageError, match="belong to the remote-target overlay"):
        shortcut_parameters([mine], {}, _flags(mount_path="/kube"), OFFERED)


def test_a_patch_only_looked_at_gets_the_declared_stand_in_unless_one_is_given():
    assert shortcut_parameters(REMOTE, {}, _flags(), OFFERED, shown=True) == {
        REMOTE_TARGET: {"secretName": "work-kubeconfig"}
    }
    given = {REMOTE_TARGET: {"secretName": "mine"}}
    assert shortcut_parameters(REMOTE, given, _flags(), OFFERED, shown=True) == given


def test_the_patch_result_holds_the_parameters_as_applied_with_defaults():
    result = patch_chart(PatchRequest(parameters={REMOTE_TARGET: {"secretName": "work-kubeconfig"}}))
    applied = result.parameters[REMOTE_TARGET]
    assert applied["secretName"] == "work-kubeconfig"
    assert applied["secretKey"] == "config"
    assert list(result.parameters) == [REMOTE_TARGET]
