"""The seeded-fault catalogue for ``chartgen lint`` (issue 4, proof): data only, run by test_lint_seeded_faults.py.

Each fault is ONE mistake applied to a fresh copy of a known-good input — the bundled base chart, its correctly
patched (remote-target) output, a user's values file, or the work cluster's kubeconfig — together with the rule
that must catch it and where. Locations are what a user would open: the chart is linted as ``CHART`` relative to
the working directory, a values file is ``VALUES_FILE`` and a kubeconfig ``KUBECONFIG_FILE`` beside it.

The line is given as ``at``: a piece of text that occurs on exactly one line of the mutated file, so the
expectation reads as "the finding points at the line holding X" and survives unrelated edits to the base chart.
``also`` lists the other error-severity rules the same mistake legitimately triggers (one misspelt field can break
two things); any other error finding fails the test.

Kubeconfig documents use three placeholders the test fills in at run time, so no credential is ever stored here:
``@CA_DATA@`` (base64 PEM of a freshly generated CA), ``@TOKEN@`` (a JWT valid for a year) and ``@EXPIRED_TOKEN@``
(a JWT that expired an hour ago).
"""

from __future__ import annotations

from dataclasses import dataclass

CHART = "iris-operator"
VALUES_FILE = "my-values.yaml"
KUBECONFIG_FILE = "work-kubeconfig.yaml"

# What a fault mutates.
BASE_CHART = "base-chart"
PATCHED_CHART = "patched-chart"
VALUES = "values"
KUBECONFIG = "kubeconfig"

DEPLOYMENT = f"{CHART}/templates/deployment.yaml"
SERVICE = f"{CHART}/templates/service.yaml"
_LABELS = '    {{- include "iris-operator.labels" . | nindent 4 }}\n'
_READINESS = "        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: 8443\n"
_SELECTED_APP = '      app: "{{ template "iris-operator.name" . }}"\n      release: "{{ .Release.Name }}"\n  template:'


@dataclass(frozen=True)
class Replace:
    """Replace ``old`` (which must occur exactly once) with ``new`` in ``file``, a path inside the chart."""

    file: str
    old: str
    new: str


@dataclass(frozen=True)
class Fault:
    """One seeded mistake and where ``chartgen lint`` must report it.

    ``mutates`` is BASE_CHART / PATCHED_CHART (``change`` is a Replace in that chart), VALUES (``change`` is the
    text of a values file given with -f) or KUBECONFIG (``change`` is a Replace in GOOD_KUBECONFIG, or a whole
    document as text). ``chart`` is the chart linted for VALUES and KUBECONFIG faults. ``file`` is the expected
    finding's path as printed; ``at`` text that starts on its line (it may span lines to be unique), or None with
    ``line`` for a place no text marks (both None: a finding without a line); ``column`` when it matters.
    """

    id: str
    mutates: str
    change: Replace | str
    rule: str
    file: str
    at: str | None
    column: int | None = None
    line: int | None = None  # the expected line when no text marks the place (a missing key: line 1)
    message: str = ""  # a piece the finding's message must contain
    chart: str = PATCHED_CHART
    kube_version: str | None = None
    also: tuple[str, ...] = ()
    helm_compat: int = 3
    pod_security: str | None = None  # the Pod Security level the chart must meet (lint's --pod-security)


# A kubeconfig the operator could use from another cluster: one context, a routable server, inline CA data and a
# long-lived bearer token.
GOOD_KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- name: work
  cluster:
    server: https://work-api.example.com:6443
    certificate-authority-data: @CA_DATA@
contexts:
- name: work
  context:
    cluster: work
    user: iris-operator
    namespace: iris
current-context: work
users:
- name: iris-operator
  user:
    token: @TOKEN@
"""

_SERVER = "    server: https://work-api.example.com:6443\n"
_CA = "    certificate-authority-data: @CA_DATA@\n"
_TOKEN = "    token: @TOKEN@\n"


FAULTS: tuple[Fault, ...] = (
    # ---------------------------------------------------------------- chart structure (helm lint's territory)
    Fault(
        "chart-apiversion-invalid",
        BASE_CHART,
        Replace("Chart.yaml", "apiVersion: v1\n", "apiVersion: v3\n"),
        "CG-CHART-002",
        f"{CHART}/Chart.yaml",
        "apiVersion: v3",
        column=13,
    ),
    Fault(
        "chart-name-missing",
        BASE_CHART,
        Replace("Chart.yaml", "name: iris-operator-amd\n", ""),
        "CG-CHART-003",
        f"{CHART}/Chart.yaml",
        "apiVersion: v1",
        message="name is required",
    ),
    Fault(
        "chart-version-not-semver",
        BASE_CHART,
        Replace("Chart.yaml", "version: 3.8.42\n", "version: release-3.8\n"),
        "CG-CHART-004",
        f"{CHART}/Chart.yaml",
        "version: release-3.8",
        column=10,
    ),
    Fault(
        "chart-app-version-number",
        BASE_CHART,
        Replace("Chart.yaml", "appVersion: 3.8.42.100\n", "appVersion: 3.10\n"),
        "CG-CHART-005",
        f"{CHART}/Chart.yaml",
        "appVersion: 3.10",
        column=13,
        message="float64",
    ),
    Fault(
        "chart-yaml-syntax",
        BASE_CHART,
        Replace("Chart.yaml", "description: IRIS Operator by InterSystems\n", "description: [IRIS Operator\n"),
        "CG-CHART-001",
        f"{CHART}/Chart.yaml",
        "maintainers:",
    ),
    Fault(
        "template-nil-pointer",
        BASE_CHART,
        Replace("templates/deployment.yaml", "{{ .Values.operator.registry }}", "{{ .Values.operater.registry }}"),
        "CG-CHART-009",
        DEPLOYMENT,
        ".Values.operater.registry",
        message="nil pointer evaluating interface {}.registry",
    ),
    Fault(
        "template-parse-error",
        BASE_CHART,
        Replace(
            "templates/service.yaml",
            '{{ template "iris-operator.fullname" . }}',
            '{{ template "iris-operator.fullname" . }',
        ),
        "CG-CHART-009",
        f"{CHART}/templates/service.yaml",
        '{{ template "iris-operator.fullname" . }\n',
    ),
    Fault(
        "rendered-yaml-broken",
        BASE_CHART,
        Replace("templates/service.yaml", "kind: Service\n", "kind: Service\n  oops: [\n"),
        "CG-CHART-010",
        f"{CHART}/templates/service.yaml",
        "  oops: [",
    ),
    Fault(
        "deployment-without-selector",
        BASE_CHART,
        Replace("templates/deployment.yaml", "  selector:\n    matchLabels:\n", "  selectr:\n    matchLabels:\n"),
        "CG-CHART-011",
        DEPLOYMENT,
        "spec:\n  replicas:",
        also=("CG-K8S-001", "CG-K8S-002"),  # the schema's required selector and the unknown 'selectr'
    ),
    Fault(
        "object-name-not-dns",
        BASE_CHART,
        Replace(
            "templates/service-account.yaml",
            'name: {{ template "iris-operator.serviceAccountName" . }}',
            'name: {{ template "iris-operator.serviceAccountName" . }}_SA',
        ),
        "CG-CHART-012",
        f"{CHART}/templates/service-account.yaml",
        "_SA",
    ),
    Fault(
        "values-yaml-syntax",
        BASE_CHART,
        Replace("values.yaml", "replicaCount: 1\n", "replicaCount: 1\n  broken: here\n"),
        "CG-CHART-013",
        f"{CHART}/values.yaml",
        "broken: here",
    ),
    # ---------------------------------------------------------------- values against the schema
    Fault(
        "values-top-level-typo",
        VALUES,
        'operater:\n  tag: "3.8.42.100"\n',
        "CG-VALUES-002",
        VALUES_FILE,
        "operater:",
        column=1,
        message="did you mean 'operator'?",
    ),
    Fault(
        "values-nested-typo",
        VALUES,
        "remoteTarget:\n  secretNmae: other-kubeconfig\n",
        "CG-VALUES-002",
        VALUES_FILE,
        "secretNmae:",
        column=3,
        message="did you mean 'remoteTarget.secretName'?",
    ),
    Fault(
        "values-wrong-type",
        VALUES,
        "replicaCount: two\n",
        "CG-VALUES-001",
        VALUES_FILE,
        "replicaCount: two",
        column=15,
        message="replicaCount",
    ),
    Fault(
        "values-nested-wrong-type",
        VALUES,
        'operator:\n  useFQDN: "yes"\n',
        "CG-VALUES-001",
        VALUES_FILE,
        "useFQDN:",
        column=12,
        message="operator.useFQDN",
    ),
    Fault(
        "values-stock-chart-bundled-schema",
        VALUES,
        "imagePullPolicy: Sometimes\n",
        "CG-VALUES-001",
        VALUES_FILE,
        "imagePullPolicy:",
        column=18,
        chart=BASE_CHART,
        also=("CG-K8S-007",),  # the API server's own refusal of the rendered pull policy
    ),
    Fault(
        "values-file-not-a-mapping",
        VALUES,
        "- replicaCount: 2\n",
        "CG-VALUES-003",
        VALUES_FILE,
        "- replicaCount: 2",
    ),
    Fault(
        "values-file-syntax",
        VALUES,
        "replicaCount: 1\n  logLevel: 3\n",
        "CG-VALUES-003",
        VALUES_FILE,
        "  logLevel: 3",
        column=11,
    ),
    Fault(
        "values-webhook-back-on",
        VALUES,
        "apiserver:\n  enableMutatingWebhook: true\n",
        "CG-VALUES-001",
        VALUES_FILE,
        "enableMutatingWebhook:",
        column=26,
        message="must be false while remoteTarget.enabled is true",
    ),
    Fault(
        "values-remote-target-secret-name-empty",
        VALUES,
        'remoteTarget:\n  secretName: ""\n',
        "CG-VALUES-001",
        VALUES_FILE,
        "secretName:",
        column=15,
    ),
    # ---------------------------------------------------------------- rendered manifests against Kubernetes
    Fault(
        "manifest-misspelt-volume-mounts",
        BASE_CHART,
        Replace("templates/deployment.yaml", "        volumeMounts:\n", "        volumeMount:\n"),
        "CG-K8S-002",
        DEPLOYMENT,
        "volumeMount:",
        message="did you mean 'volumeMounts'?",
    ),
    Fault(
        "manifest-wrong-type",
        BASE_CHART,
        Replace("templates/deployment.yaml", "- containerPort: 8443\n", '- containerPort: "8443"\n'),
        "CG-K8S-001",
        DEPLOYMENT,
        'containerPort: "8443"',
        message="expected integer, got string",
    ),
    Fault(
        "manifest-removed-api",
        BASE_CHART,
        Replace("templates/deployment.yaml", "apiVersion: apps/v1\n", "apiVersion: apps/v1beta2\n"),
        "CG-K8S-004",
        DEPLOYMENT,
        "apiVersion: apps/v1beta2",
        message="use apps/v1 Deployment",
        kube_version="1.25",
    ),
    # ---------------------------------------------------------------- what the API server refuses (tests/e2e judge)
    Fault(
        "manifest-missing-required-field",
        BASE_CHART,
        Replace("templates/deployment.yaml", "      - name: operator\n        image:", "      - image:"),
        "CG-K8S-001",
        DEPLOYMENT,
        "      - image:",
        message="missing required field 'name'",
    ),
    Fault(
        "manifest-removed-api-extensions-deployment",
        BASE_CHART,
        Replace("templates/deployment.yaml", "apiVersion: apps/v1\n", "apiVersion: extensions/v1beta1\n"),
        "CG-K8S-004",
        DEPLOYMENT,
        "apiVersion: extensions/v1beta1",
        message="removed in Kubernetes 1.16 (target 1.20); use apps/v1 Deployment",
        kube_version="1.20",
    ),
    Fault(
        "manifest-label-value-invalid",
        BASE_CHART,
        Replace("templates/deployment.yaml", _LABELS, _LABELS + '    tier: "operator api"\n'),
        "CG-K8S-007",
        DEPLOYMENT,
        'tier: "operator api"',
        message="metadata.labels.tier: Invalid value: a valid label must be an empty string",
    ),
    Fault(
        "manifest-label-key-invalid",
        BASE_CHART,
        Replace("templates/deployment.yaml", _LABELS, _LABELS + "    operator tier: api\n"),
        "CG-K8S-007",
        DEPLOYMENT,
        "operator tier: api",
        message='Invalid key "operator tier"',
    ),
    Fault(
        "manifest-annotation-key-invalid",
        BASE_CHART,
        Replace("templates/service.yaml", _LABELS, _LABELS + '  annotations:\n    "example.com/a/b": "x"\n'),
        "CG-K8S-007",
        SERVICE,
        '"example.com/a/b"',
        message='Invalid key "example.com/a/b"',
    ),
    Fault(
        "manifest-service-name-too-long",
        BASE_CHART,
        Replace(
            "templates/service.yaml",
            'name: {{ template "iris-operator.fullname" . }}\n',
            'name: {{ template "iris-operator.fullname" . }}-with-a-suffix-long-enough-to-pass-63\n',
        ),
        "CG-CHART-012",
        SERVICE,
        "-with-a-suffix-long-enough-to-pass-63",
        message="a DNS-1035 label",
    ),
    Fault(
        "manifest-pull-policy-not-allowed",
        BASE_CHART,
        Replace(
            "templates/deployment.yaml", "imagePullPolicy: {{ .Values.imagePullPolicy }}", "imagePullPolicy: Sometimes"
        ),
        "CG-K8S-007",
        DEPLOYMENT,
        "imagePullPolicy: Sometimes",
        column=9,
        message='Unsupported value: "Sometimes"',
    ),
    Fault(
        "manifest-service-type-not-allowed",
        BASE_CHART,
        Replace("templates/service.yaml", "spec:\n  ports:\n", "spec:\n  type: Loadbalancer\n  ports:\n"),
        "CG-K8S-007",
        SERVICE,
        "type: Loadbalancer",
        message='supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ),
    Fault(
        "manifest-service-protocol-not-allowed",
        BASE_CHART,
        Replace("templates/service.yaml", "    port: 443\n", "    port: 443\n    protocol: tcp\n"),
        "CG-K8S-007",
        SERVICE,
        "protocol: tcp",
        message='Unsupported value: "tcp"',
    ),
    Fault(
        "manifest-service-port-out-of-range",
        BASE_CHART,
        Replace("templates/service.yaml", "    port: 443\n", "    port: 70000\n"),
        "CG-K8S-007",
        SERVICE,
        "port: 70000",
        message="must be between 1 and 65535, inclusive",
    ),
    Fault(
        "manifest-container-port-out-of-range",
        BASE_CHART,
        Replace("templates/deployment.yaml", "- containerPort: 8443\n", "- containerPort: 70000\n"),
        "CG-K8S-007",
        DEPLOYMENT,
        "containerPort: 70000",
        message="must be between 1 and 65535, inclusive",
    ),
    Fault(
        "manifest-target-port-name-too-long",
        BASE_CHART,
        Replace("templates/service.yaml", "targetPort: 8443\n", "targetPort: operator-https-port\n"),
        "CG-K8S-007",
        SERVICE,
        "targetPort: operator-https-port",
        message="must be no more than 15 characters",
    ),
    Fault(
        "manifest-replicas-negative",
        BASE_CHART,
        Replace("templates/deployment.yaml", "replicas: {{ .Values.replicaCount }}", "replicas: -1"),
        "CG-K8S-007",
        DEPLOYMENT,
        "replicas: -1",
        message="must be greater than or equal to 0",
    ),
    Fault(
        "manifest-selector-does-not-match-template",
        BASE_CHART,
        Replace(
            "templates/deployment.yaml",
            _SELECTED_APP,
            _SELECTED_APP.replace('{{ template "iris-operator.name" . }}', "iris-operator"),
        ),
        "CG-K8S-007",
        DEPLOYMENT,
        '      labels:\n        {{- include "iris-operator.labels" . | nindent 8 }}',
        message="`selector` does not match template `labels`",
    ),
    Fault(
        "manifest-deployment-restart-policy-never",
        BASE_CHART,
        Replace(
            "templates/deployment.yaml",
            "    spec:\n      serviceAccountName:",
            "    spec:\n      restartPolicy: Never\n      serviceAccountName:",
        ),
        "CG-K8S-007",
        DEPLOYMENT,
        "restartPolicy: Never",
        message='supported values: "Always"',
    ),
    Fault(
        "manifest-duplicate-volume-name",
        BASE_CHART,
        Replace(
            "templates/deployment.yaml",
            "      volumes:\n",
            "      volumes:\n      - name: serving-cert\n        emptyDir: {}\n",
        ),
        "CG-K8S-007",
        DEPLOYMENT,
        "      - name: serving-cert\n        secret:",
        message='Duplicate value: "serving-cert"',
    ),
    Fault(
        "manifest-volume-mount-without-volume",
        BASE_CHART,
        Replace(
            "templates/deployment.yaml",
            "          name: serving-cert\n      volumes:",
            "          name: serving-certs\n      volumes:",
        ),
        "CG-K8S-007",
        DEPLOYMENT,
        "name: serving-certs",
        message='Not found: "serving-certs"',
    ),
    Fault(
        "manifest-env-name-invalid",
        BASE_CHART,
        Replace("templates/deployment.yaml", "        - name: ISC_NUM_THREADS\n", "        - name: 1ISC_NUM_THREADS\n"),
        "CG-K8S-007",
        DEPLOYMENT,
        "name: 1ISC_NUM_THREADS",
        message="a valid environment variable name",
        kube_version="1.20",  # Kubernetes accepts it from 1.32 on
    ),
    Fault(
        "manifest-probe-without-handler",
        BASE_CHART,
        Replace("templates/deployment.yaml", _READINESS + "            scheme: HTTPS\n", "        readinessProbe:\n"),
        "CG-K8S-007",
        DEPLOYMENT,
        "readinessProbe:",
        message="must specify a handler type",
    ),
    Fault(
        "manifest-quantity-invalid",
        BASE_CHART,
        Replace(
            "templates/deployment.yaml",
            "        resources:\n{{ toYaml .Values.resources | indent 10 }}\n",
            "        resources:\n          limits:\n            cpu: lots\n",
        ),
        "CG-K8S-007",
        DEPLOYMENT,
        "cpu: lots",
        message="quantities must match",
    ),
    Fault(
        "helm4-service-port-without-protocol",
        BASE_CHART,
        # The Service as shipped: its one port names no protocol.
        Replace("templates/service.yaml", "  - name: api\n", "  - name: api\n"),
        "CG-K8S-008",
        SERVICE,
        "  - name: api",
        message="names no protocol",
        kube_version="1.20",
        helm_compat=4,
    ),
    Fault(
        "helm4-apiservice-on-kubernetes-1-20",
        BASE_CHART,
        # Every Service port names its protocol; the APIServices the stock chart registers remain.
        Replace("templates/service.yaml", "    port: 443\n", "    port: 443\n    protocol: TCP\n"),
        "CG-K8S-008",
        f"{CHART}/templates/apiregistration.yaml",
        "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: v1alpha1.validators",
        message="fails a server-side apply of an APIService",
        kube_version="1.20",
        helm_compat=4,
    ),
    # ---------------------------------------------------------------- Pod Security Standards
    Fault(
        "pod-security-operator-host-network",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml", "      securityContext:\n", "      hostNetwork: true\n      securityContext:\n"
        ),
        "CG-PSS-002",
        DEPLOYMENT,
        "hostNetwork: true",
        message='Pod Security "baseline" control "Host Namespaces": pod must not set hostNetwork=true',
    ),
    Fault(
        "pod-security-cleaner-host-path-under-baseline",
        BASE_CHART,
        Replace(
            "templates/cleaner.yaml",
            "      restartPolicy: Never\n",
            "      restartPolicy: Never\n      volumes:\n      - name: docker\n        hostPath:\n          path: /var/run\n",
        ),
        "CG-PSS-005",
        f"{CHART}/templates/cleaner.yaml",
        "        hostPath:",
        message="volume 'docker' must not be a hostPath volume",
        pod_security="baseline",
    ),
    # ---------------------------------------------------------------- remote-target wiring (patched chart)
    Fault(
        "remote-secret-name-mismatch",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            "secretName: {{ .Values.remoteTarget.secretName | quote }}",
            'secretName: "old-kubeconfig"',
        ),
        "CG-REMOTE-001",
        DEPLOYMENT,
        'secretName: "old-kubeconfig"',
        message="'work-kubeconfig'",
    ),
    Fault(
        "remote-secret-key-mismatch",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml", "- key: {{ .Values.remoteTarget.secretKey | quote }}", '- key: "kubeconfig"'
        ),
        "CG-REMOTE-001",
        DEPLOYMENT,
        '- key: "kubeconfig"',
    ),
    Fault(
        "remote-kubeconfig-arg-missing",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            '        - --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}\n',
            "",
        ),
        "CG-REMOTE-002",
        DEPLOYMENT,
        "        args:",
    ),
    Fault(
        "remote-second-kubeconfig-arg",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            '        - --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}\n',
            '        - --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}\n'
            "        - --kubeconfig=/root/.kube/config\n",
        ),
        "CG-REMOTE-002",
        DEPLOYMENT,
        "--kubeconfig=/root/.kube/config",
        also=("CG-REMOTE-007",),
    ),
    Fault(
        "remote-kubeconfig-arg-outside-mount",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            '- --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}',
            "- --kubeconfig=/etc/kube/config",
        ),
        "CG-REMOTE-003",
        DEPLOYMENT,
        "--kubeconfig=/etc/kube/config",
        message="is not under the kubeconfig mount",
        also=("CG-REMOTE-004",),
    ),
    Fault(
        "remote-mount-path-moved",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            "mountPath: {{ .Values.remoteTarget.mountPath | quote }}",
            'mountPath: "/var/kube"',
        ),
        "CG-REMOTE-003",
        DEPLOYMENT,
        'mountPath: "/var/kube"',
    ),
    Fault(
        "remote-kubeconfig-env-disagrees",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            'value: {{ include "chartgen.remoteTarget.kubeconfigPath" . | quote }}',
            'value: "/root/.kube/config"',
        ),
        "CG-REMOTE-004",
        DEPLOYMENT,
        'value: "/root/.kube/config"',
    ),
    Fault(
        "remote-mount-writable",
        PATCHED_CHART,
        Replace("templates/deployment.yaml", "          readOnly: true\n", "          readOnly: false\n"),
        "CG-REMOTE-005",
        DEPLOYMENT,
        "readOnly: false",
    ),
    Fault(
        "remote-mount-sub-path",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            "          readOnly: true\n",
            "          readOnly: true\n          subPath: config\n",
        ),
        "CG-REMOTE-006",
        DEPLOYMENT,
        "subPath: config",
    ),
    Fault(
        "remote-duplicate-env",
        PATCHED_CHART,
        Replace(
            "templates/deployment.yaml",
            "        - name: ISC_RESYNC_PERIOD\n",
            '        - name: ISC_NUM_THREADS\n          value: "4"\n        - name: ISC_RESYNC_PERIOD\n',
        ),
        "CG-REMOTE-007",
        DEPLOYMENT,
        '- name: ISC_NUM_THREADS\n          value: "4"',
        message="'ISC_NUM_THREADS'",
    ),
    Fault(
        "remote-webhook-template-forced-on",
        PATCHED_CHART,
        Replace(
            "templates/mutating-webhook.yaml", "{{- if .Values.apiserver.enableMutatingWebhook }}", "{{- if true }}"
        ),
        "CG-REMOTE-009",
        f"{CHART}/templates/mutating-webhook.yaml",
        "kind: MutatingWebhookConfiguration",
    ),
    Fault(
        "remote-apiservice-rendered",
        PATCHED_CHART,
        Replace(
            "templates/apiregistration.yaml", "{{- if .Values.apiserver.enableValidatingWebhook }}", "{{- if true }}"
        ),
        "CG-REMOTE-009",
        f"{CHART}/templates/apiregistration.yaml",
        "kind: APIService\nmetadata:\n  name: v1alpha1.validators",
        message="APIService/v1alpha1.validators.intersystems.com",
    ),
    # ---------------------------------------------------------------- the work cluster's kubeconfig
    Fault(
        "kubeconfig-not-yaml",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, "current-context: work\n", "current-context: work: home\n"),
        "CG-KUBECONFIG-001",
        KUBECONFIG_FILE,
        "current-context: work: home",
        column=22,
    ),
    Fault(
        "kubeconfig-no-current-context",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, "current-context: work\n", ""),
        "CG-KUBECONFIG-002",
        KUBECONFIG_FILE,
        None,
        column=1,
        line=1,  # the key is missing: the finding points at the top of the document
        message="current-context is not set",
    ),
    Fault(
        "kubeconfig-current-context-unknown",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, "current-context: work\n", "current-context: home\n"),
        "CG-KUBECONFIG-002",
        KUBECONFIG_FILE,
        "current-context: home",
        column=1,
    ),
    Fault(
        "kubeconfig-loopback-server",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _SERVER, "    server: https://127.0.0.1:6443\n"),
        "CG-KUBECONFIG-003",
        KUBECONFIG_FILE,
        "server: https://127.0.0.1",
        column=5,
    ),
    Fault(
        "kubeconfig-kind-localhost",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _SERVER, "    server: https://localhost:39217\n"),
        "CG-KUBECONFIG-003",
        KUBECONFIG_FILE,
        "server: https://localhost",
        column=5,
    ),
    Fault(
        "kubeconfig-exec-plugin",
        KUBECONFIG,
        Replace(
            KUBECONFIG_FILE,
            _TOKEN,
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n"
            "      args: [eks, get-token, --cluster-name, work]\n",
        ),
        "CG-KUBECONFIG-004",
        KUBECONFIG_FILE,
        "exec:",
        message="`aws`",
    ),
    Fault(
        "kubeconfig-auth-provider",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _TOKEN, "    auth-provider:\n      name: gcp\n"),
        "CG-KUBECONFIG-004",
        KUBECONFIG_FILE,
        "auth-provider:",
        message="gke-gcloud-auth-plugin",
    ),
    Fault(
        "kubeconfig-ca-file",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _CA, "    certificate-authority: /home/me/.minikube/ca.crt\n"),
        "CG-KUBECONFIG-005",
        KUBECONFIG_FILE,
        "certificate-authority:",
    ),
    Fault(
        "kubeconfig-token-file",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _TOKEN, "    tokenFile: /var/run/secrets/token\n"),
        "CG-KUBECONFIG-005",
        KUBECONFIG_FILE,
        "tokenFile:",
    ),
    Fault(
        "kubeconfig-client-key-file",
        KUBECONFIG,
        Replace(
            KUBECONFIG_FILE,
            _TOKEN,
            "    client-certificate: /home/me/client.crt\n    client-key: /home/me/client.key\n",
        ),
        "CG-KUBECONFIG-005",
        KUBECONFIG_FILE,
        "client-key:",
    ),
    Fault(
        "kubeconfig-insecure-skip-tls-verify",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _CA, "    insecure-skip-tls-verify: true\n"),
        "CG-KUBECONFIG-006",
        KUBECONFIG_FILE,
        "insecure-skip-tls-verify:",
    ),
    Fault(
        "kubeconfig-no-ca-data",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _CA, ""),
        "CG-KUBECONFIG-007",
        KUBECONFIG_FILE,
        "  cluster:\n    server:",  # the mapping the missing field belongs in
        column=3,
        message="certificate-authority-data is not set",
    ),
    Fault(
        "kubeconfig-ca-data-not-pem",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _CA, "    certificate-authority-data: bm90IGEgY2VydGlmaWNhdGU=\n"),
        "CG-KUBECONFIG-007",
        KUBECONFIG_FILE,
        "certificate-authority-data:",
        message="does not decode to a PEM certificate",
    ),
    Fault(
        "kubeconfig-expired-jwt",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _TOKEN, "    token: @EXPIRED_TOKEN@\n"),
        "CG-KUBECONFIG-008",
        KUBECONFIG_FILE,
        "token:",
    ),
    Fault(
        "kubeconfig-no-credentials",
        KUBECONFIG,
        Replace(KUBECONFIG_FILE, _TOKEN, "    username: admin\n"),
        "CG-KUBECONFIG-009",
        KUBECONFIG_FILE,
        "  user:\n    username:",
        column=3,
    ),
)
