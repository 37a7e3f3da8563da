"""``chartgen target bundle``: the work cluster's manifests — identity, permissions and CRD, never an operator."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from chart_variants import base_files
from conftest import run_cli, write_chart

from chartgen.target.bundle import ALLOWED_KINDS, BundleRequest, build_bundle, find_operator_rbac
from chartgen.target.crd import CrdFileError, clean_crd, read_crd_file
from chartgen.target.grants import powers_granted

CLUSTER_ROLE = "templates/cluster-role.yaml"
CLUSTER_ROLE_BINDING = "templates/cluster-role-binding.yaml"
FORBIDDEN = {"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "Deployment"}
SERVER_METADATA = ("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink")
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

# A CRD as `kubectl get crd irisclusters.intersystems.com -o yaml` prints it: the definition plus what the home
# API server and kubectl wrote about it.
EXPORTED_CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {
        "name": "irisclusters.intersystems.com",
        "uid": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        "resourceVersion": "48213",
        "generation": 3,
        "creationTimestamp": "2025-10-23T08:15:02Z",
        "selfLink": "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/irisclusters.intersystems.com",
        "finalizers": ["customresourcecleanup.apiextensions.k8s.io"],
        "labels": {"app": "iris-operator"},
        "annotations": {
            LAST_APPLIED: '{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition"}',
            "intersystems.com/note": "kept",
        },
        "managedFields": [
            {
                "apiVersion": "apiextensions.k8s.io/v1",
                "fieldsType": "FieldsV1",
                "fieldsV1": {"f:spec": {}},
                "manager": "iris-operator",
                "operation": "Update",
                "time": "2025-10-23T08:15:02Z",
            }
        ],
    },
    "spec": {
        "group": "intersystems.com",
        "names": {
            "kind": "IrisCluster",
            "listKind": "IrisClusterList",
            "plural": "irisclusters",
            "singular": "iriscluster",
            "shortNames": ["iris"],
        },
        "scope": "Namespaced",
        "conversion": {"strategy": "None"},
        "versions": [
            {
                "name": "v1alpha1",
                "served": True,
                "storage": True,
                "subresources": {"status": {}},
                "schema": {
                    "openAPIV3Schema": {
                        "type": "object",
                        "description": "IrisCluster describes an InterSystems IRIS cluster: its topology and storage.",
                        "properties": {
                            "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                            "status": {
                                "type": "object",
                                "properties": {"phase": {"type": "string", "enum": ["Creating", "Running"]}},
                            },
                        },
                    }
                },
            }
        ],
    },
    "status": {
        "acceptedNames": {"kind": "IrisCluster", "plural": "irisclusters"},
        "conditions": [{"type": "Established", "status": "True", "lastTransitionTime": "2025-10-23T08:15:02Z"}],
        "storedVersions": ["v1alpha1"],
    },
}


def _write(tmp_path: Path, name: str, content: object) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False))
    return str(path)


def _objects(directory: Path) -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(directory.iterdir())}


def _by_kind(bundle, kind: str) -> dict:
    (obj,) = [o for _, o in bundle.objects if o["kind"] == kind]
    return obj


def _helm_operator_rules(helm, chart: Path) -> list:
    """The rules of the chart's operator ClusterRole as real Helm renders it: the ClusterRole named by the
    ClusterRoleBinding whose subject is a ServiceAccount (read independently of chartgen's lookup)."""
    docs = helm.template(chart, "--namespace", "iris")
    (binding,) = [
        d for d in docs if d["kind"] == "ClusterRoleBinding" and d["roleRef"]["name"] != "system:auth-delegator"
    ]
    (role,) = [d for d in docs if d["kind"] == "ClusterRole" and d["metadata"]["name"] == binding["roleRef"]["name"]]
    return role["rules"]


@pytest.fixture(scope="module")
def base_bundle():
    return build_bundle(BundleRequest(namespace="iris"))


# --------------------------------------------------------------------------------------------------------------
# What the bundle holds


def test_bundle_validates_against_the_strict_kubernetes_schemas(tmp_path):
    from chartgen.lint.rules.manifests import _schemas, bundled_versions

    crd_file = _write(tmp_path, "crd.yaml", EXPORTED_CRD)
    bundle = build_bundle(BundleRequest(namespace="iris", crd_file=crd_file))
    schemas = _schemas(bundled_versions()[-1])
    for name, data in bundle.files.items():
        obj = yaml.safe_load(data)
        validator = schemas.validator(obj["apiVersion"], obj["kind"])
        assert validator is not None, name
        assert [e.message for e in validator.iter_errors(obj)] == [], name


def test_bundle_holds_exactly_the_work_cluster_identity_and_the_crd(tmp_path):
    crd_file = _write(tmp_path, "crd.yaml", EXPORTED_CRD)
    bundle = build_bundle(BundleRequest(namespace="iris", crd_file=crd_file))
    assert [(name, obj["kind"]) for name, obj in bundle.objects] == [
        ("00-namespace.yaml", "Namespace"),
        ("10-crd-irisclusters.intersystems.com.yaml", "CustomResourceDefinition"),
        ("20-serviceaccount.yaml", "ServiceAccount"),
        ("30-clusterrole.yaml", "ClusterRole"),
        ("40-clusterrolebinding.yaml", "ClusterRoleBinding"),
        ("50-serviceaccount-token.yaml", "Secret"),
    ]


def test_bundle_has_no_webhook_apiservice_or_deployment(tmp_path, base_bundle):
    kinds = {yaml.safe_load(data)["kind"] for data in base_bundle.files.values()}
    assert not kinds & FORBIDDEN
    assert kinds <= ALLOWED_KINDS


def test_every_file_starts_with_a_header_naming_the_work_cluster_and_the_apply_command(base_bundle):
    for name, data in base_bundle.files.items():
        text = data.decode()
        assert text.startswith("# Cluster: WORK (where IrisClusters run), not the home cluster"), name
        assert "#   kubectl --context WORK-CONTEXT apply --server-side -f BUNDLE-DIRECTORY\n" in text, name


def test_binding_grants_the_cluster_role_to_the_service_account_in_the_namespace(base_bundle):
    binding = _by_kind(base_bundle, "ClusterRoleBinding")
    account = _by_kind(base_bundle, "ServiceAccount")
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "ClusterRole",
        "name": _by_kind(base_bundle, "ClusterRole")["metadata"]["name"],
    }
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": account["metadata"]["name"], "namespace": "iris"}]
    assert account["metadata"]["namespace"] == "iris"


def test_token_secret_asks_the_work_cluster_for_a_long_lived_token_and_holds_none(base_bundle):
    secret = _by_kind(base_bundle, "Secret")
    assert secret["type"] == "kubernetes.io/service-account-token"
    assert secret["metadata"]["annotations"] == {"kubernetes.io/service-account.name": "intersystems-iris-operator-amd"}
    assert secret["metadata"]["name"] == base_bundle.token_secret == "intersystems-iris-operator-amd-token"
    assert "data" not in secret and "stringData" not in secret


def test_service_account_applies_before_its_token_secret(base_bundle):
    names = [name for name, _ in base_bundle.objects]
    assert names == sorted(names)  # kubectl applies a directory in file-name order
    assert names.index("20-serviceaccount.yaml") < names.index("50-serviceaccount-token.yaml")


def test_release_name_and_values_name_the_objects_as_the_home_install_does(tmp_path):
    values = _write(tmp_path, "values.yaml", {"serviceAccount": {"name": "iko-remote"}})
    bundle = build_bundle(BundleRequest(namespace="iko", release="iko", values_files=[values]))
    assert bundle.rbac.service_account == "iko-remote"
    assert bundle.rbac.cluster_role == "iko-iris-operator-amd"
    assert _by_kind(bundle, "ClusterRoleBinding")["subjects"][0]["name"] == "iko-remote"


# --------------------------------------------------------------------------------------------------------------
# The ClusterRole follows the chart (real Helm is the judge)


def test_cluster_role_rules_equal_the_base_charts_rendered_operator_rules(helm, base_chart, base_bundle):
    assert _by_kind(base_bundle, "ClusterRole")["rules"] == _helm_operator_rules(helm, base_chart)


def _variant_with_different_role(tmp_path: Path) -> Path:
    files = base_files()
    text = files[CLUSTER_ROLE].decode()
    # A later IKO that drops the HPA permission and needs PodDisruptionBudgets instead.
    hpa = '- apiGroups:\n  - autoscaling\n  resources:\n  - horizontalpodautoscalers\n  verbs: ["get", "update", "create", "delete"]\n'
    assert hpa in text
    pdb = '- apiGroups:\n  - policy\n  resources:\n  - poddisruptionbudgets\n  verbs: ["get", "create", "delete"]\n'
    files[CLUSTER_ROLE] = text.replace(hpa, pdb).encode()
    return write_chart(files, tmp_path / "variant")


def test_cluster_role_rules_equal_a_variant_charts_rendered_operator_rules(helm, tmp_path, base_bundle):
    chart = _variant_with_different_role(tmp_path)
    bundle = build_bundle(BundleRequest(namespace="iris", chart=str(chart)))
    rules = _by_kind(bundle, "ClusterRole")["rules"]
    assert rules == _helm_operator_rules(helm, chart)
    assert rules != _by_kind(base_bundle, "ClusterRole")["rules"]
    assert {
        "apiGroups": ["policy"],
        "resources": ["poddisruptionbudgets"],
        "verbs": ["get", "create", "delete"],
    } in rules


def test_operator_cluster_role_is_found_through_the_binding_not_by_name(tmp_path):
    files = base_files()
    for path in (CLUSTER_ROLE, CLUSTER_ROLE_BINDING):
        text = files[path].decode()
        if path == CLUSTER_ROLE:
            text = text.replace('name: {{ template "iris-operator.fullname" . }}', "name: iko-operator-permissions", 1)
        else:
            text = text.replace(
                '  kind: ClusterRole\n  name: {{ template "iris-operator.fullname" . }}',
                "  kind: ClusterRole\n  name: iko-operator-permissions",
            )
        files[path] = text.encode()
    chart = write_chart(files, tmp_path / "renamed")
    bundle = build_bundle(BundleRequest(namespace="iris", chart=str(chart)))
    assert bundle.rbac.cluster_role == "iko-operator-permissions"
    assert _by_kind(bundle, "ClusterRoleBinding")["roleRef"]["name"] == "iko-operator-permissions"
    assert len(bundle.rbac.rules) == 15


def test_bindings_to_built_in_roles_are_not_taken_as_the_operator_role():
    objects = [
        {"kind": "Deployment", "spec": {"template": {"spec": {"serviceAccountName": "op", "containers": []}}}},
        {"kind": "ClusterRole", "metadata": {"name": "op-role"}, "rules": [{"apiGroups": [""], "verbs": ["get"]}]},
        {
            "kind": "ClusterRoleBinding",
            "metadata": {"name": "op-auth-delegator"},
            "roleRef": {"kind": "ClusterRole", "name": "system:auth-delegator"},
            "subjects": [{"kind": "ServiceAccount", "name": "op", "namespace": "iris"}],
        },
        {
            "kind": "ClusterRoleBinding",
            "metadata": {"name": "op-binding"},
            "roleRef": {"kind": "ClusterRole", "name": "op-role"},
            "subjects": [{"kind": "ServiceAccount", "name": "op", "namespace": "iris"}],
        },
    ]
    rbac = find_operator_rbac(objects, "iris")
    assert (rbac.service_account, rbac.cluster_role, rbac.binding) == ("op", "op-role", "op-binding")


def test_chart_without_operator_cluster_role_is_refused_in_one_line(tmp_path):
    values = _write(tmp_path, "values.yaml", {"rbac": {"create": False}})
    done = run_cli("target", "bundle", "-n", "iris", "-f", values, "-o", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert done.stderr == (
        "chartgen: error: the chart renders no ClusterRole bound to the operator's ServiceAccount "
        "'intersystems-iris-operator-amd' (is rbac.create false?); the work cluster's permissions are taken from "
        "that ClusterRole\n"
    )
    assert not (tmp_path / "out").exists()


def test_an_already_patched_chart_is_rendered_as_it_is(tmp_path, base_bundle):
    patched = tmp_path / "patched"
    assert run_cli("patch", "--remote-secret", "work-kubeconfig", "-o", str(patched)).exit_code == 0
    bundle = build_bundle(BundleRequest(namespace="iris", chart=str(patched)))
    assert bundle.chart == "iris-operator-amd 3.8.42+chartgen.remote-target"
    assert bundle.files == base_bundle.files


# --------------------------------------------------------------------------------------------------------------
# The CRD file


def test_crd_is_cleaned_of_server_set_fields(tmp_path):
    (crd,) = read_crd_file(_write(tmp_path, "crd.yaml", EXPORTED_CRD))
    assert "status" not in crd
    for key in (*SERVER_METADATA, "finalizers"):
        assert key not in crd["metadata"], key
    assert crd["metadata"]["annotations"] == {"intersystems.com/note": "kept"}
    assert crd["metadata"]["labels"] == {"app": "iris-operator"}
    assert crd["spec"] == EXPORTED_CRD["spec"]


def test_crd_cleaning_drops_an_annotations_map_left_empty():
    crd = copy.deepcopy(EXPORTED_CRD)
    crd["metadata"]["annotations"] = {LAST_APPLIED: "{}"}
    assert "annotations" not in clean_crd(crd)["metadata"]


def test_crd_cleaning_leaves_its_input_unchanged():
    crd = copy.deepcopy(EXPORTED_CRD)
    clean_crd(crd)
    assert crd == EXPORTED_CRD


def test_crd_in_a_list_wrapper_is_unwrapped(tmp_path):
    wrapped = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [EXPORTED_CRD]}
    (crd,) = read_crd_file(_write(tmp_path, "crd.yaml", wrapped))
    assert crd["metadata"]["name"] == "irisclusters.intersystems.com"
    assert "uid" not in crd["metadata"]


def test_crd_exported_as_json_is_read(tmp_path):
    (crd,) = read_crd_file(_write(tmp_path, "crd.json", json.dumps(EXPORTED_CRD, indent=4)))
    assert crd["spec"] == EXPORTED_CRD["spec"]


def test_crd_date_like_strings_stay_strings(tmp_path):
    labels = "  labels:\n    app: iris-operator\n"
    text = yaml.safe_dump(EXPORTED_CRD, sort_keys=False)
    assert labels in text
    (crd,) = read_crd_file(_write(tmp_path, "crd.yaml", text.replace(labels, labels + "    since: 2025-10-23\n")))
    assert crd["metadata"]["labels"]["since"] == "2025-10-23"


def test_crd_yaml_errors_give_the_files_line_in_later_documents(tmp_path):
    path = _write(
        tmp_path, "crd.yaml", yaml.safe_dump(EXPORTED_CRD) + "---\nkind: CustomResourceDefinition\n  bad: indent\n"
    )
    lines = yaml.safe_dump(EXPORTED_CRD).count("\n")
    with pytest.raises(CrdFileError, match=rf"^CRD file {path}:{lines + 3}:\d+: not valid YAML "):
        read_crd_file(path)


def test_bundled_crd_file_is_the_cleaned_crd(tmp_path):
    crd_file = _write(tmp_path, "crd.yaml", EXPORTED_CRD)
    bundle = build_bundle(BundleRequest(namespace="iris", crd_file=crd_file))
    written = yaml.safe_load(bundle.files["10-crd-irisclusters.intersystems.com.yaml"])
    assert written == clean_crd(EXPORTED_CRD)
    assert LAST_APPLIED.encode() not in bundle.files["10-crd-irisclusters.intersystems.com.yaml"]


def _deployment() -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "iris-operator"}}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (_deployment(), "holds kind Deployment 'iris-operator', not a CustomResourceDefinition"),
        ({"apiVersion": "v1", "kind": "List", "items": []}, "holds an empty List, not a CustomResourceDefinition"),
        (
            {"apiVersion": "v1", "kind": "List", "items": [EXPORTED_CRD, _deployment()]},
            "holds kind Deployment 'iris-operator', not a CustomResourceDefinition",
        ),
        ("- a\n- b\n", "holds a YAML sequence, not a CustomResourceDefinition"),
        ("", "is empty, not a CustomResourceDefinition"),
        ({"metadata": {"name": "x"}}, "holds an object without a kind 'x', not a CustomResourceDefinition"),
        (
            {**EXPORTED_CRD, "apiVersion": "apiextensions.k8s.io/v1beta1"},
            "CustomResourceDefinition irisclusters.intersystems.com has apiVersion apiextensions.k8s.io/v1beta1, "
            "expected apiextensions.k8s.io/v1; export it again from a Kubernetes 1.16+ cluster",
        ),
        (
            {**EXPORTED_CRD, "spec": {**EXPORTED_CRD["spec"], "conversion": {"strategy": "Webhook"}}},
            "CustomResourceDefinition irisclusters.intersystems.com converts versions through a webhook "
            "(spec.conversion.strategy: Webhook), which the work cluster cannot reach",
        ),
        ("kind: [unclosed\n", "2:1"),
    ],
    ids=["deployment", "empty-list", "list-with-other", "sequence", "empty", "no-kind", "v1beta1", "webhook", "yaml"],
)
def test_a_crd_file_that_is_not_a_usable_crd_is_refused_naming_the_file(tmp_path, content, problem):
    path = _write(tmp_path, "crd.yaml", content)
    with pytest.raises(CrdFileError) as caught:
        read_crd_file(path)
    message = str(caught.value)
    assert "\n" not in message
    if problem == "2:1":  # where PyYAML notices the unclosed flow sequence: at the end of the input
        assert message == f"CRD file {path}:2:1: not valid YAML (did not find expected ',' or ']')"
    else:
        assert message == f"CRD file {path}: {problem}"


def test_cli_refuses_a_crd_file_that_is_not_a_crd_with_one_line_and_exit_2(tmp_path):
    path = _write(tmp_path, "crd.yaml", _deployment())
    done = run_cli("target", "bundle", "-n", "iris", "--crd-file", path, "-o", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert done.stderr == (
        f"chartgen: error: CRD file {path}: holds kind Deployment 'iris-operator', not a CustomResourceDefinition\n"
    )
    assert not (tmp_path / "out").exists()


def test_cli_refuses_a_missing_crd_file(tmp_path):
    done = run_cli("target", "bundle", "-n", "iris", "--crd-file", str(tmp_path / "nope.yaml"))
    assert done.exit_code == 2
    assert done.stderr == f"chartgen: error: CRD file {tmp_path / 'nope.yaml'}: no such file\n"


# --------------------------------------------------------------------------------------------------------------
# Writing


def test_cli_writes_the_bundle_and_prints_the_apply_command(tmp_path):
    out = tmp_path / "work-cluster"
    done = run_cli("target", "bundle", "-n", "iris", "--context", "kind-ikowork", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert sorted(_objects(out)) == [
        "00-namespace.yaml",
        "20-serviceaccount.yaml",
        "30-clusterrole.yaml",
        "40-clusterrolebinding.yaml",
        "50-serviceaccount-token.yaml",
    ]
    assert f"  kubectl --context kind-ikowork apply --server-side -f {out}\n" in done.stdout
    assert (
        "  kubectl --context kind-ikowork -n iris get secret intersystems-iris-operator-amd-token -o yaml "
        "> work-token-secret.yaml\n" in done.stdout
    )
    assert "get crd irisclusters.intersystems.com -o yaml > iriscluster-crd.yaml" in done.stdout


def test_cli_output_defaults_to_out_work_cluster(tmp_path):
    done = run_cli("target", "bundle", "-n", "iris", cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "out" / "work-cluster" / "30-clusterrole.yaml").is_file()


def test_namespace_is_required(tmp_path):
    done = run_cli("target", "bundle", "-o", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert "Missing option '-n' / '--namespace'" in done.stderr


def test_an_invalid_namespace_is_refused_in_one_line(tmp_path):
    done = run_cli("target", "bundle", "-n", "Iris_NS", "-o", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert done.stderr.startswith("chartgen: error: namespace 'Iris_NS' is not valid: ")
    assert done.stderr.count("\n") == 1


def test_same_inputs_give_the_same_bytes(tmp_path):
    crd_file = _write(tmp_path, "crd.yaml", EXPORTED_CRD)
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        assert run_cli("target", "bundle", "-n", "iris", "--crd-file", crd_file, "-o", str(out)).exit_code == 0
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_an_existing_output_is_not_replaced_without_force(tmp_path):
    out = tmp_path / "work-cluster"
    assert run_cli("target", "bundle", "-n", "iris", "-o", str(out)).exit_code == 0
    done = run_cli("target", "bundle", "-n", "other", "-o", str(out))
    assert done.exit_code == 2
    assert done.stderr == f"chartgen: error: {out} already exists; use --force to replace it\n"
    assert _objects(out)["00-namespace.yaml"]["metadata"]["name"] == "iris"


def test_force_replaces_a_previous_bundle(tmp_path):
    out = tmp_path / "work-cluster"
    crd_file = _write(tmp_path, "crd.yaml", EXPORTED_CRD)
    assert run_cli("target", "bundle", "-n", "iris", "--crd-file", crd_file, "-o", str(out)).exit_code == 0
    assert run_cli("target", "bundle", "-n", "other", "-o", str(out), "--force").exit_code == 0
    objects = _objects(out)
    assert objects["00-namespace.yaml"]["metadata"]["name"] == "other"
    assert "10-crd-irisclusters.intersystems.com.yaml" not in objects  # no stale file from the earlier run


def test_force_does_not_replace_a_directory_that_is_not_a_bundle(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    done = run_cli("target", "bundle", "-n", "iris", "-o", str(out), "--force")
    assert done.exit_code == 2
    assert done.stderr == (
        f"chartgen: error: {out} exists and is not a work-cluster bundle; refusing to replace it even with --force\n"
    )
    assert (out / "notes.txt").read_text() == "precious"


# --------------------------------------------------------------------------------------------------------------
# What the identity may do, said; and namespace-scoped bindings


def _cluster_role(bundle) -> dict:
    (role,) = [
        o for _, o in bundle.objects if o["kind"] == "ClusterRole" and o["metadata"]["name"] == bundle.rbac.cluster_role
    ]
    return role


@pytest.fixture(scope="module")
def scoped_bundle():
    return build_bundle(BundleRequest(namespace="iko", watch_namespaces=["iris-b", "iris-a", "iko"]))


def test_binding_file_names_the_powerful_permissions_and_their_scope(base_bundle):
    text = base_bundle.files["40-clusterrolebinding.yaml"].decode()
    assert "#   in every namespace, kube-system included: create pods, which run any image" in text
    assert "#   in every namespace, kube-system included: run commands inside running pods (pods/exec)" in text
    assert "#   in every namespace, kube-system included: read Secrets" in text
    assert "#   cluster-wide: create, change and delete any CustomResourceDefinition" in text


def test_cli_prints_the_powerful_permissions_and_how_to_confine_them(tmp_path):
    done = run_cli("target", "bundle", "-n", "iris", "-o", str(tmp_path / "b"))
    assert "  in every namespace, kube-system included: run commands inside running pods (pods/exec)\n" in done.stdout
    assert "--watch-namespace NS" in done.stdout


def test_watch_namespaces_bind_the_chart_role_in_each_of_them_and_nowhere_else(scoped_bundle):
    bindings = [o for _, o in scoped_bundle.objects if o["kind"] == "RoleBinding"]
    assert [b["metadata"]["namespace"] for b in bindings] == ["iko", "iris-a", "iris-b"]
    assert {b["roleRef"]["name"] for b in bindings} == {scoped_bundle.rbac.cluster_role}
    cluster_bindings = [o for _, o in scoped_bundle.objects if o["kind"] == "ClusterRoleBinding"]
    assert [b["roleRef"]["name"] for b in cluster_bindings] == [f"{scoped_bundle.rbac.cluster_role}-cluster-scope"]


def test_watch_namespaces_are_created_before_their_bindings(scoped_bundle):
    names = [name for name, _ in scoped_bundle.objects]
    assert names[:3] == ["00-namespace.yaml", "01-namespace-iris-a.yaml", "01-namespace-iris-b.yaml"]
    assert names == sorted(names)


def test_cluster_scope_role_keeps_the_cluster_scoped_rules_and_no_powerful_namespaced_one(scoped_bundle):
    (role,) = [
        o for _, o in scoped_bundle.objects if o["kind"] == "ClusterRole" and o is not _cluster_role(scoped_bundle)
    ]
    granted = [p.allows for p in powers_granted(role["rules"])]
    assert all(
        not line.startswith(("create pods", "run commands", "read Secrets", "write Secrets")) for line in granted
    )
    resources = {r for rule in role["rules"] for r in rule["resources"]}
    assert "customresourcedefinitions" in resources and "secrets" not in resources


def test_scoped_grants_say_where_they_hold(scoped_bundle):
    assert "in namespaces iko, iris-a, iris-b only: run commands inside running pods (pods/exec)" in (
        scoped_bundle.grants
    )
    assert "pods" in scoped_bundle.cluster_reads and "*.intersystems.com" in scoped_bundle.cluster_reads


def test_cli_with_watch_namespaces_says_how_to_remove_a_cluster_wide_binding(tmp_path):
    done = run_cli("target", "bundle", "-n", "iris", "--watch-namespace", "a", "-o", str(tmp_path / "b"))
    assert done.exit_code == 0, done.stderr
    assert "  kubectl --context work delete clusterrolebinding intersystems-iris-operator-amd --ignore-not-found\n" in (
        done.stdout
    )


def test_an_invalid_watch_namespace_is_refused_in_one_line(tmp_path):
    done = run_cli("target", "bundle", "-n", "iris", "--watch-namespace", "Kube_System", "-o", str(tmp_path / "b"))
    assert done.exit_code == 2
    assert done.stderr.startswith("chartgen: error: ") and "watch namespace 'Kube_System'" in done.stderr
