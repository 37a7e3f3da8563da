"""The remote-target overlay's parameters: from the command line's flags, and as the patch applied them."""

from __future__ import annotations

import pytest

from chartgen.errors import UsageError
from chartgen.patch.engine import PatchRequest, patch_chart, remote_target_parameters, shown_secret_parameters
from chartgen.patch.overlay_spec import REMOTE_TARGET


def test_the_flags_become_remote_target_parameters_over_a_param_of_the_same_name():
    given = {REMOTE_TARGET: {"secretName": "from-param", "mountPath": "/kube"}}
    merged = remote_target_parameters([REMOTE_TARGET], given, secret_name="from-flag", secret_key="cfg")
    assert merged == {REMOTE_TARGET: {"secretName": "from-flag", "mountPath": "/kube", "secretKey": "cfg"}}
    assert given == {REMOTE_TARGET: {"secretName": "from-param", "mountPath": "/kube"}}


def test_the_remote_target_overlay_needs_a_secret_name():
    with pytest.raises(UsageError, match="needs --remote-secret NAME"):
        remote_target_parameters([REMOTE_TARGET], {}, secret_name=None)


def test_the_flags_are_refused_without_the_remote_target_overlay():
    with pytest.raises(UsageError, match="belong to the remote-target overlay"):
        remote_target_parameters(["mine"], {}, secret_name=None, mount_path="/kube")


def test_a_patch_only_looked_at_gets_a_secret_name_unless_one_is_given():
    assert shown_secret_parameters([REMOTE_TARGET], {}, "any") == {REMOTE_TARGET: {"secretName": "any"}}
    given = {REMOTE_TARGET: {"secretName": "mine"}}
    assert shown_secret_parameters([REMOTE_TARGET], given, "any") == given
    assert shown_secret_parameters(["other"], {}, "any") == {}


def test_the_patch_result_holds_the_parameters_as_applied_with_defaults():
    result = patch_chart(PatchRequest(parameters={REMOTE_TARGET: {"secretName": "work-kubeconfig"}}))
    applied = result.parameters[REMOTE_TARGET]
    assert applied["secretName"] == "work-kubeconfig"
    assert applied["secretKey"] == "config"
    assert list(result.parameters) == [REMOTE_TARGET]
