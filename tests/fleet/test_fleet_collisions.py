"""Two targets of one fleet never share an object at HOME, a Secret, RBAC objects at one work cluster or a watched
namespace of one work API address; each refusal names both targets and what they would share."""

from __future__ import annotations

import pytest
from fleet_files import line_of, target, write_fleet

from chartgen.fleet.build import build_fleet
from chartgen.fleet.collisions import Placed, check_rendered
from chartgen.fleet.spec import FleetError, load_fleet


def refused(tmp_path, targets) -> FleetError:
    with pytest.raises(FleetError) as caught:
        build_fleet(load_fleet(str(write_fleet(tmp_path, targets))))
    return caught.value


def test_the_same_kubeconfig_secret_is_refused_naming_both_targets(tmp_path):
    second = target("test", server="https://work-b:6443", namespace="iko-prod", secret={"name": "work-prod"})
    error = refused(tmp_path, [target("prod"), second])
    assert error.message == "targets 'prod' and 'test' both create the kubeconfig Secret iko-prod/work-prod"
    assert error.location.line == line_of(tmp_path / "fleet.yaml", "- name: test")


def test_two_unscoped_operators_at_one_work_cluster_are_refused(tmp_path):
    error = refused(tmp_path, [target("prod"), target("test")])
    assert error.message.startswith(
        "targets 'prod' and 'test' both act on every namespace of the work cluster https://work-a.example.com:6443"
    )


def test_one_unscoped_operator_beside_a_scoped_one_is_refused(tmp_path):
    error = refused(tmp_path, [target("prod", watch=["iris-prod"]), target("test")])
    assert "'test' watches them all" in error.message


def test_overlapping_watch_namespaces_are_refused_naming_the_namespace(tmp_path):
    error = refused(tmp_path, [target("prod", watch=["a", "b"]), target("test", watch=["b", "c"])])
    assert error.message == (
        "targets 'prod' and 'test' both watch namespace 'b' of the work cluster https://work-a.example.com:6443"
    )


def test_watching_the_namespace_where_the_other_identity_lives_is_refused(tmp_path):
    error = refused(tmp_path, [target("prod", watch=["iris-prod"]), target("test", watch=["iko-prod"])])
    assert error.message == (
        "targets 'prod' and 'test' both reach namespace 'iko-prod' of the work cluster https://work-a.example.com:6443: "
        "'prod''s identity and token Secret live there and 'test' watches it"
    )


def test_the_same_work_address_written_differently_is_one_work_cluster(tmp_path):
    second = target("test", server="https://WORK-A.example.com:6443/")
    assert "both act on every namespace" in refused(tmp_path, [target("prod"), second]).message


def test_the_same_release_name_in_two_home_namespaces_collides_on_its_cluster_roles_at_home(tmp_path):
    second = target("test", server="https://work-b:6443", release="prod")
    error = refused(tmp_path, [target("prod"), second])
    assert error.message == (
        "targets 'prod' and 'test' both create ClusterRole prod-iris-operator-amd (cluster-scoped) at HOME"
    )


def test_disjoint_targets_pass(tmp_path):
    fleet = load_fleet(str(write_fleet(tmp_path)))
    assert [r.target.name for r in build_fleet(fleet).releases] == ["prod", "test", "lab"]


# The rules on rendered objects, on hand-made renders.


def _placed(tmp_path, home_a, home_b, work_a=(), work_b=()):
    path = write_fleet(tmp_path, [target("a", watch=["x"]), target("b", watch=["y"])])
    a, b = load_fleet(str(path)).targets
    return [Placed(a, list(home_a), list(work_a)), Placed(b, list(home_b), list(work_b))]


def _obj(kind, name, api="v1", namespace=None, **extra):
    meta = {"name": name, **({"namespace": namespace} if namespace else {}), **extra}
    return {"apiVersion": api, "kind": kind, "metadata": meta}


def test_a_namespaced_object_of_one_name_in_two_namespaces_is_no_collision(tmp_path):
    check_rendered(_placed(tmp_path, [_obj("ConfigMap", "c")], [_obj("ConfigMap", "c")]))


def test_a_namespaced_object_placed_in_the_same_namespace_collides(tmp_path):
    home = [_obj("Secret", "s", namespace="shared")]
    with pytest.raises(FleetError, match="targets 'a' and 'b' both create Secret shared/s at HOME"):
        check_rendered(_placed(tmp_path, home, home))


def test_identical_hooks_are_shared(tmp_path):
    hook = {"helm.sh/hook": "post-install"}
    a = _obj(
        "ClusterRole",
        "intersystems:iris:edit",
        "rbac.authorization.k8s.io/v1",
        labels={"release": "a"},
        annotations=hook,
    )
    b = _obj(
        "ClusterRole",
        "intersystems:iris:edit",
        "rbac.authorization.k8s.io/v1",
        labels={"release": "b"},
        annotations=hook,
    )
    check_rendered(_placed(tmp_path, [a], [b]))


def test_hooks_that_differ_collide(tmp_path):
    hook = {"helm.sh/hook": "pre-upgrade"}
    a = {
        **_obj("ValidatingWebhookConfiguration", "v", "admissionregistration.k8s.io/v1", annotations=hook),
        "webhooks": [],
    }
    b = {**a, "webhooks": [{"name": "x"}]}
    with pytest.raises(
        FleetError, match="both create ValidatingWebhookConfiguration v .cluster-scoped. at HOME with different content"
    ):
        check_rendered(_placed(tmp_path, [a], [b]))


def test_a_cluster_role_of_one_name_that_is_no_hook_collides(tmp_path):
    role = _obj("ClusterRole", "fixed", "rbac.authorization.k8s.io/v1")
    with pytest.raises(FleetError, match="both create ClusterRole fixed .cluster-scoped. at HOME"):
        check_rendered(_placed(tmp_path, [role], [role]))


def test_identical_crds_are_shared_and_different_ones_collide(tmp_path):
    crd = {
        **_obj("CustomResourceDefinition", "x.example.com", "apiextensions.k8s.io/v1"),
        "spec": {"scope": "Namespaced"},
    }
    check_rendered(_placed(tmp_path, [crd], [crd]))
    other = {**crd, "spec": {"scope": "Cluster"}}
    with pytest.raises(FleetError, match="with different content"):
        check_rendered(_placed(tmp_path, [crd], [other]))


def test_work_bundles_share_their_namespaces_but_not_their_cluster_roles(tmp_path):
    namespace = _obj("Namespace", "iris")
    check_rendered(_placed(tmp_path, [], [], [namespace], [namespace]))
    role = _obj("ClusterRole", "op", "rbac.authorization.k8s.io/v1")
    with pytest.raises(FleetError, match=r"both create ClusterRole op \(cluster-scoped\) at WORK \(https://work-a"):
        check_rendered(_placed(tmp_path, [], [], [role], [role]))
