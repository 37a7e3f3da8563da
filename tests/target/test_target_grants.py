"""What the work bundle says the operator's identity may do, and what stays cluster-wide under watch namespaces."""

from __future__ import annotations

import pytest

from chartgen.target.grants import cluster_scope_rules, covers, is_cluster_scoped, powers_granted


def _rule(groups, resources, verbs, **extra):
    return {"apiGroups": groups, "resources": resources, "verbs": verbs, **extra}


def _allows(rules) -> list[str]:
    return [p.allows for p in powers_granted(rules)]


def test_a_rule_covers_what_its_groups_resources_and_verbs_name():
    rule = _rule([""], ["pods", "pods/exec"], ["get", "create"])
    assert covers(rule, "", "pods/exec", "create")
    assert not covers(rule, "", "pods/log", "get")
    assert not covers(rule, "apps", "pods", "get")


def test_wildcards_cover_everything_their_place_holds_subresources_included():
    assert covers(_rule(["*"], ["*"], ["*"]), "", "pods/exec", "create")
    assert covers(_rule([""], ["*/exec"], ["create"]), "", "pods/exec", "create")


def test_pod_creation_exec_and_secrets_are_named_as_powerful():
    rules = [_rule([""], ["pods", "pods/exec"], ["create"]), _rule([""], ["secrets"], ["get"])]
    allows = _allows(rules)
    assert any(a.startswith("create pods") for a in allows)
    assert any("pods/exec" in a for a in allows)
    assert "read Secrets" in allows


def test_reading_config_maps_is_not_counted_as_powerful():
    assert _allows([_rule([""], ["configmaps"], ["get", "list", "watch"])]) == []


def test_cluster_admin_has_every_power():
    assert len(_allows([_rule(["*"], ["*"], ["*"])])) == len(powers_granted([_rule(["*"], ["*"], ["*"])])) >= 10


@pytest.mark.parametrize(
    ("group", "resource", "expected"),
    [
        ("apiextensions.k8s.io", "customresourcedefinitions", True),
        ("", "nodes", True),
        ("", "pods", False),
        ("", "pods/exec", False),
        ("rbac.authorization.k8s.io", "clusterroles", True),
        ("rbac.authorization.k8s.io", "roles", False),
        ("*", "namespaces", True),
        ("intersystems.com", "irisclusters", False),
    ],
)
def test_built_in_scope_is_known(group, resource, expected):
    assert is_cluster_scoped(group, resource) is expected


def test_a_custom_resource_is_cluster_scoped_when_its_crd_says_so():
    assert is_cluster_scoped("example.com", "widgets", frozenset({("example.com", "widgets")}))


def test_a_named_cluster_scoped_custom_resource_stays_cluster_wide_with_all_its_verbs():
    rules = [_rule(["example.com"], ["widgets"], ["*"])]
    assert cluster_scope_rules(rules, frozenset({("example.com", "widgets")})) == rules


def test_rules_on_cluster_scoped_resources_stay_cluster_wide_as_they_are():
    rules = [_rule(["apiextensions.k8s.io"], ["customresourcedefinitions"], ["*"])]
    assert cluster_scope_rules(rules) == rules


def test_only_list_and_watch_of_namespaced_resources_stay_cluster_wide():
    rules = [_rule([""], ["pods", "persistentvolumeclaims"], ["get", "create", "list", "watch", "delete"])]
    assert cluster_scope_rules(rules) == [_rule([""], ["pods", "persistentvolumeclaims"], ["list", "watch"])]


def test_secrets_are_never_read_cluster_wide_even_through_a_wildcard():
    rules = [_rule([""], ["secrets"], ["*"]), _rule([""], ["*"], ["list", "watch"])]
    assert cluster_scope_rules(rules) == []


def test_subresources_never_stay_cluster_wide():
    assert cluster_scope_rules([_rule([""], ["pods/exec", "pods/log"], ["get", "list", "watch"])]) == []


def test_a_wildcard_of_a_custom_group_stays_listable_cluster_wide():
    rules = [_rule(["intersystems.com"], ["*"], ["*"])]
    assert cluster_scope_rules(rules) == [_rule(["intersystems.com"], ["*"], ["list", "watch"])]


def test_a_rule_over_two_groups_is_split_by_the_scope_of_each():
    rules = [_rule(["rbac.authorization.k8s.io"], ["roles", "clusterroles"], ["get", "list"])]
    assert cluster_scope_rules(rules) == [
        _rule(["rbac.authorization.k8s.io"], ["clusterroles"], ["get", "list"]),
        _rule(["rbac.authorization.k8s.io"], ["roles"], ["list"]),
    ]


def test_non_resource_urls_stay_cluster_wide():
    rule = {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}
    assert cluster_scope_rules([rule]) == [rule]
