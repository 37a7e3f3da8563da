"""Generate the benchmark corpus: synthetic charts, written by this script, the same bytes on every run.

The project ships no public charts, so the shapes that make real charts slow are built here from scratch:

- ``library-heavy``: an application whose every name, label, image, affinity and probe comes from a large
  ``common`` library subchart (include chains several levels deep, values rendered through ``tpl``), one folder of
  templates per component, the way the well-known "common library" chart families are written;
- ``crd-operator``: an operator chart shipping about 4 MB of CustomResourceDefinitions through its templates
  (huge literal schemas with a few actions each), plus its Deployment and RBAC;
- ``many-templates``: 80 small templates (four per micro-service) and one helpers file;
- ``tpl-heavy``: per-tenant objects built with ``range`` over large values, ``tpl`` of templated strings and of
  ``toYaml`` output, and ``toYaml`` of big nested maps;
- ``iko-base`` / ``iko-patched``: the bundled IKO chart and its remote-target patched copy (``chartgen patch``).

Every chart has a ``small`` variant (same templates, fewer components, CRDs or tenants) whose output is small
enough for the parity test to compare against both real helms on every run (``tests/project/test_bench_corpus.py``).

``scaling_chart(shape, units)`` builds the charts of the scaling benchmark (``bench_scaling.py``): one shape grown
by a unit count, so that output size is proportional to ``units``.

Charts are generated on demand into ``bench/charts/full`` and ``bench/charts/small`` (ignored by git); a stamp holding the hash of this file
skips regeneration when nothing changed. ``python bench/make_charts.py [--out DIR] [--small]`` writes them
explicitly. Nothing here is random: the text filler comes from a fixed word list and a tiny fixed-seed generator.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_ROOT = HERE / "charts"
STAMP = ".corpus-stamp"

Files = dict[str, str]

GENERATED = ("library-heavy", "crd-operator", "many-templates", "tpl-heavy")
IKO = ("iko-base", "iko-patched")
CORPUS = GENERATED + IKO
SHAPES = ("many-templates", "huge-template", "huge-literal", "include-chain")


# --------------------------------------------------------------------------------------------------------------
# Deterministic filler


_WORD_LIST = (
    "alpha bravo cluster node replica shard volume claim policy quota route gateway backend frontend worker "
    "queue topic stream buffer cache index schema field value label selector taint toleration probe "
    "container image registry digest secret token certificate issuer domain zone region endpoint port "
    "protocol service account binding role rule verb resource group version kind status condition reason "
    "message phase ready pending failed retry backoff timeout interval window budget limit request memory "
    "storage class snapshot backup restore mirror journal commit ledger tenant namespace scope owner "
    "finalizer webhook admission mutation validation conversion subresource scale printer column"
)


class Filler:
    """Words and numbers from a fixed-seed linear congruential generator (not ``random``, whose algorithms may
    change between Python versions and would change the corpus bytes)."""

    WORDS = _WORD_LIST.split()

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFF

    def next(self, bound: int) -> int:
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return (self.state >> 8) % bound

    def word(self) -> str:
        return self.WORDS[self.next(len(self.WORDS))]

    def sentence(self, words: int) -> str:
        text = " ".join(self.word() for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def ident(self) -> str:
        first, second = self.word(), self.word()
        return first + second[0].upper() + second[1:]


def _chart_yaml(name: str, version: str, app_version: str, description: str, extra: str = "") -> str:
    return (
        "apiVersion: v2\n"
        f"name: {name}\n"
        f"description: {description}\n"
        "type: application\n"
        f"version: {version}\n"
        f'appVersion: "{app_version}"\n'
        f"{extra}"
    )


def _dump_values(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False, width=100, allow_unicode=True)


# --------------------------------------------------------------------------------------------------------------
# The "common" library chart (shared by library-heavy and the include-chain scaling shape)

_LIB_NAMES = """\
{{/* The chart's short name: nameOverride, else the chart's own name; cut to a DNS label. */}}
{{- define "common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Chart name and version as the helm.sh/chart label carries them. */}}
{{- define "common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release-qualified name every object starts from; fullnameOverride wins. */}}
{{- define "common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $short := include "common.names.name" . -}}
{{- if contains $short .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $short | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The namespace objects go to: namespaceOverride, else the release's. */}}
{{- define "common.names.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A component's name; takes (dict "component" NAME "context" $). */}}
{{- define "common.names.component" -}}
{{- printf "%s-%s" (include "common.names.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A subchart's full name as that subchart computes it; takes (dict "chartName" N "chartValues" V "context" $). */}}
{{- define "common.names.dependency" -}}
{{- $sub := .chartValues | default (dict) -}}
{{- if $sub.fullnameOverride -}}
{{- $sub.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .context.Release.Name ($sub.nameOverride | default .chartName) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
"""

_LIB_TPLVALUES = """\
{{/* A value that may hold template text, rendered against the context: (dict "value" V "context" $).
     Structured values are rendered through toYaml first. */}}
{{- define "common.tplvalues.render" -}}
{{- $text := .value -}}
{{- if not (kindIs "string" $text) -}}
{{- $text = toYaml $text -}}
{{- end -}}
{{- if contains "{{" $text -}}
{{- tpl $text .context -}}
{{- else -}}
{{- $text -}}
{{- end -}}
{{- end -}}

{{/* Several values rendered and merged left to right (later ones win): (dict "values" (list ...) "context" $). */}}
{{- define "common.tplvalues.merge" -}}
{{- $merged := dict -}}
{{- range .values -}}
{{- if . -}}
{{- $merged = mergeOverwrite $merged (include "common.tplvalues.render" (dict "value" . "context" $.context) | fromYaml) -}}
{{- end -}}
{{- end -}}
{{- if $merged -}}
{{- toYaml $merged -}}
{{- end -}}
{{- end -}}
"""

_LIB_LABELS = """\
{{/* The recommended labels plus custom ones (which never override them): (dict "customLabels" L "context" $). */}}
{{- define "common.labels.standard" -}}
{{- $ctx := .context -}}
{{- $base := dict "app.kubernetes.io/name" (include "common.names.name" $ctx) "helm.sh/chart" (include "common.names.chart" $ctx) "app.kubernetes.io/instance" $ctx.Release.Name "app.kubernetes.io/managed-by" $ctx.Release.Service -}}
{{- with $ctx.Chart.AppVersion -}}
{{- $_ := set $base "app.kubernetes.io/version" (. | replace "+" "_") -}}
{{- end -}}
{{- include "common.tplvalues.merge" (dict "values" (list .customLabels $base) "context" $ctx) -}}
{{- end -}}

{{/* The immutable selector labels: (dict "customLabels" L "component" C "context" $). */}}
{{- define "common.labels.matchLabels" -}}
{{- $ctx := .context -}}
{{- $base := dict "app.kubernetes.io/name" (include "common.names.name" $ctx) "app.kubernetes.io/instance" $ctx.Release.Name -}}
{{- with .component -}}
{{- $_ := set $base "app.kubernetes.io/component" . -}}
{{- end -}}
{{- include "common.tplvalues.merge" (dict "values" (list .customLabels $base) "context" $ctx) -}}
{{- end -}}
"""

_LIB_IMAGES = """\
{{/* registry/repository:tag or @digest; a global registry wins: (dict "imageRoot" I "global" G). */}}
{{- define "common.images.image" -}}
{{- $registry := .imageRoot.registry -}}
{{- with .global -}}
{{- with .imageRegistry -}}
{{- $registry = . -}}
{{- end -}}
{{- end -}}
{{- $ref := .imageRoot.repository -}}
{{- if $registry -}}
{{- $ref = printf "%s/%s" $registry $ref -}}
{{- end -}}
{{- if .imageRoot.digest -}}
{{- printf "%s@%s" $ref .imageRoot.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (toString (.imageRoot.tag | default "latest")) -}}
{{- end -}}
{{- end -}}

{{/* The pull policy an image asks for, Always for a floating tag. */}}
{{- define "common.images.pullPolicy" -}}
{{- if .pullPolicy -}}
{{- .pullPolicy -}}
{{- else if or (not .tag) (eq (toString .tag) "latest") -}}
Always
{{- else -}}
IfNotPresent
{{- end -}}
{{- end -}}

{{/* imagePullSecrets from the images and the globals, each rendered through tpl: (dict "images" L "context" $). */}}
{{- define "common.images.renderPullSecrets" -}}
{{- $names := list -}}
{{- range .images -}}
{{- range .pullSecrets -}}
{{- $names = append $names (include "common.tplvalues.render" (dict "value" . "context" $.context)) -}}
{{- end -}}
{{- end -}}
{{- with .context.Values.global -}}
{{- range .imagePullSecrets -}}
{{- $names = append $names (include "common.tplvalues.render" (dict "value" . "context" $.context)) -}}
{{- end -}}
{{- end -}}
{{- if $names -}}
imagePullSecrets:
{{- range $names | uniq }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}
"""

_LIB_AFFINITIES = """\
{{- define "common.affinities.topologyKey" -}}
{{- .topologyKey | default "kubernetes.io/hostname" -}}
{{- end -}}

{{/* Prefer (soft) or require (hard) nodes whose label .key is one of .values. */}}
{{- define "common.affinities.nodes.soft" -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - preference:
      matchExpressions:
        - key: {{ .key }}
          operator: In
          values:
            {{- range .values }}
            - {{ . | quote }}
            {{- end }}
    weight: 1
{{- end -}}

{{- define "common.affinities.nodes.hard" -}}
requiredDuringSchedulingIgnoredDuringExecution:
  nodeSelectorTerms:
    - matchExpressions:
        - key: {{ .key }}
          operator: In
          values:
            {{- range .values }}
            - {{ . | quote }}
            {{- end }}
{{- end -}}

{{- define "common.affinities.nodes" -}}
{{- if eq .type "soft" -}}
{{- include "common.affinities.nodes.soft" . -}}
{{- else if eq .type "hard" -}}
{{- include "common.affinities.nodes.hard" . -}}
{{- end -}}
{{- end -}}

{{/* Pods of the same component, spread (anti) or gathered: (dict "type" T "component" C "context" $). */}}
{{- define "common.affinities.pods.soft" -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - podAffinityTerm:
      labelSelector:
        matchLabels: {{- include "common.labels.matchLabels" (dict "customLabels" .extraMatchLabels "component" .component "context" .context) | nindent 10 }}
      topologyKey: {{ include "common.affinities.topologyKey" (dict "topologyKey" .topologyKey) }}
    weight: 1
{{- end -}}

{{- define "common.affinities.pods.hard" -}}
requiredDuringSchedulingIgnoredDuringExecution:
  - labelSelector:
      matchLabels: {{- include "common.labels.matchLabels" (dict "customLabels" .extraMatchLabels "component" .component "context" .context) | nindent 8 }}
    topologyKey: {{ include "common.affinities.topologyKey" (dict "topologyKey" .topologyKey) }}
{{- end -}}

{{- define "common.affinities.pods" -}}
{{- if eq .type "soft" -}}
{{- include "common.affinities.pods.soft" . -}}
{{- else if eq .type "hard" -}}
{{- include "common.affinities.pods.hard" . -}}
{{- end -}}
{{- end -}}
"""

_LIB_RESOURCES = """\
{{/* Requests and limits for a named size. */}}
{{- define "common.resources.preset" -}}
{{- $presets := dict -}}
{{- $_ := set $presets "nano" (dict "requests" (dict "cpu" "100m" "memory" "128Mi" "ephemeral-storage" "50Mi") "limits" (dict "cpu" "150m" "memory" "192Mi" "ephemeral-storage" "2Gi")) -}}
{{- $_ := set $presets "micro" (dict "requests" (dict "cpu" "250m" "memory" "256Mi" "ephemeral-storage" "50Mi") "limits" (dict "cpu" "375m" "memory" "384Mi" "ephemeral-storage" "2Gi")) -}}
{{- $_ := set $presets "small" (dict "requests" (dict "cpu" "500m" "memory" "512Mi" "ephemeral-storage" "50Mi") "limits" (dict "cpu" "750m" "memory" "768Mi" "ephemeral-storage" "2Gi")) -}}
{{- $_ := set $presets "medium" (dict "requests" (dict "cpu" "500m" "memory" "1024Mi" "ephemeral-storage" "50Mi") "limits" (dict "cpu" "750m" "memory" "1536Mi" "ephemeral-storage" "2Gi")) -}}
{{- $_ := set $presets "large" (dict "requests" (dict "cpu" "1" "memory" "2048Mi" "ephemeral-storage" "50Mi") "limits" (dict "cpu" "1.5" "memory" "3072Mi" "ephemeral-storage" "2Gi")) -}}
{{- $_ := set $presets "xlarge" (dict "requests" (dict "cpu" "1" "memory" "3072Mi" "ephemeral-storage" "50Mi") "limits" (dict "cpu" "3" "memory" "6144Mi" "ephemeral-storage" "2Gi")) -}}
{{- if not (hasKey $presets .type) -}}
{{- printf "resources preset %q is not one of %s" .type (keys $presets | sortAlpha | join ", ") | fail -}}
{{- end -}}
{{- index $presets .type | toYaml -}}
{{- end -}}
"""

_LIB_MISC = """\
{{/* The service account a component runs as: (dict "serviceAccount" S "component" C "context" $). */}}
{{- define "common.serviceAccountName" -}}
{{- if .serviceAccount.create -}}
{{- .serviceAccount.name | default (include "common.names.component" (dict "component" .component "context" .context)) -}}
{{- else -}}
{{- .serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding a component's credentials, user-supplied or ours: (dict "existingSecret" S "component" C "context" $). */}}
{{- define "common.secrets.name" -}}
{{- if .existingSecret -}}
{{- include "common.tplvalues.render" (dict "value" .existingSecret "context" .context) -}}
{{- else -}}
{{- include "common.names.component" (dict "component" (printf "%s-auth" .component) "context" .context) -}}
{{- end -}}
{{- end -}}

{{/* A probe from values, minus the switch that turns it on. */}}
{{- define "common.probes.render" -}}
{{- omit .probe "enabled" | toYaml -}}
{{- end -}}

{{/* A security context from values, minus its switch. */}}
{{- define "common.securityContext.render" -}}
{{- omit .securityContext "enabled" | toYaml -}}
{{- end -}}

{{/* An Ingress backend for a named or numbered port: (dict "serviceName" N "servicePort" P). */}}
{{- define "common.ingress.backend" -}}
service:
  name: {{ .serviceName }}
  port:
    {{- if typeIs "string" .servicePort }}
    name: {{ .servicePort }}
    {{- else }}
    number: {{ .servicePort | int }}
    {{- end }}
{{- end -}}

{{/* The storage class line: global wins; "-" means the empty class. */}}
{{- define "common.storage.class" -}}
{{- $class := .persistence.storageClass -}}
{{- with .global -}}
{{- with .storageClass -}}
{{- $class = . -}}
{{- end -}}
{{- end -}}
{{- if $class -}}
{{- if eq "-" $class }}
storageClassName: ""
{{- else }}
storageClassName: {{ $class }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A value found by a dotted path under .Values: (dict "key" "a.b.c" "context" $). */}}
{{- define "common.utils.getValueFromKey" -}}
{{- $value := .context.Values -}}
{{- range splitList "." .key -}}
{{- if kindIs "map" $value -}}
{{- $value = index $value . -}}
{{- end -}}
{{- end -}}
{{- if kindIs "string" $value -}}
{{- $value -}}
{{- else -}}
{{- toYaml $value -}}
{{- end -}}
{{- end -}}

{{/* The sha256 of another template's output, to roll pods when it changes: (dict "path" P "context" $). */}}
{{- define "common.utils.checksumTemplate" -}}
{{- include (print .context.Template.BasePath .path) .context | sha256sum -}}
{{- end -}}

{{/* Fails the render when a required value is empty: (dict "valueKey" K "context" $). */}}
{{- define "common.validations.required" -}}
{{- $value := include "common.utils.getValueFromKey" (dict "key" .valueKey "context" .context) -}}
{{- if not $value -}}
{{- printf "%s must be set" .valueKey | fail -}}
{{- end -}}
{{- end -}}
"""

# (define suffix, old apiVersion, new apiVersion, first Kubernetes version with the new one)
_API_TABLE = (
    ("deployment", "extensions/v1beta1", "apps/v1", "1.14"),
    ("statefulset", "apps/v1beta1", "apps/v1", "1.14"),
    ("daemonset", "extensions/v1beta1", "apps/v1", "1.14"),
    ("policy", "policy/v1beta1", "policy/v1", "1.21"),
    ("networkPolicy", "extensions/v1beta1", "networking.k8s.io/v1", "1.7"),
    ("ingress", "networking.k8s.io/v1beta1", "networking.k8s.io/v1", "1.19"),
    ("hpa", "autoscaling/v2beta2", "autoscaling/v2", "1.23"),
    ("cronjob", "batch/v1beta1", "batch/v1", "1.21"),
    ("job", "batch/v1", "batch/v1", "1.0"),
    ("rbac", "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1", "1.17"),
    ("crd", "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1", "1.16"),
    ("apiService", "apiregistration.k8s.io/v1beta1", "apiregistration.k8s.io/v1", "1.10"),
    ("priorityClass", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "1.14"),
    ("storageClass", "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "1.6"),
    ("csiDriver", "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "1.18"),
    ("webhook", "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1", "1.16"),
    ("endpointSlice", "discovery.k8s.io/v1beta1", "discovery.k8s.io/v1", "1.21"),
    ("runtimeClass", "node.k8s.io/v1beta1", "node.k8s.io/v1", "1.20"),
    ("lease", "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "1.14"),
    ("event", "events.k8s.io/v1beta1", "events.k8s.io/v1", "1.19"),
    ("flowSchema", "flowcontrol.apiserver.k8s.io/v1beta3", "flowcontrol.apiserver.k8s.io/v1", "1.29"),
    ("ingressClass", "networking.k8s.io/v1beta1", "networking.k8s.io/v1", "1.19"),
    ("podSecurityPolicy", "extensions/v1beta1", "policy/v1beta1", "1.10"),
    ("certificateSigningRequest", "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1", "1.19"),
    ("volumeSnapshot", "snapshot.storage.k8s.io/v1beta1", "snapshot.storage.k8s.io/v1", "1.20"),
)


def _lib_capabilities() -> str:
    parts = [
        "{{/* The Kubernetes version templates target: .Values.kubeVersion, else the cluster's. */}}\n"
        '{{- define "common.capabilities.kubeVersion" -}}\n'
        "{{- .Values.kubeVersion | default .Capabilities.KubeVersion.Version -}}\n"
        "{{- end -}}\n"
    ]
    for name, old, new, since in _API_TABLE:
        parts.append(
            f'\n{{{{- define "common.capabilities.{name}.apiVersion" -}}}}\n'
            f'{{{{- if semverCompare "<{since}-0" (include "common.capabilities.kubeVersion" .) -}}}}\n'
            f'{{{{- print "{old}" -}}}}\n'
            "{{- else -}}\n"
            f'{{{{- print "{new}" -}}}}\n'
            "{{- end -}}\n"
            "{{- end -}}\n"
        )
    return "".join(parts)


def common_library() -> Files:
    """The ``common`` library chart, as files relative to its own folder."""
    return {
        "Chart.yaml": (
            "apiVersion: v2\nname: common\ndescription: Shared helpers for names, labels, images and scheduling.\n"
            "type: library\nversion: 2.4.0\nappVersion: 2.4.0\n"
        ),
        "values.yaml": "# A library chart has no objects of its own; these defaults exist only for its own tests.\n"
        "exampleValue: common-chart\n",
        "templates/_names.tpl": _LIB_NAMES,
        "templates/_tplvalues.tpl": _LIB_TPLVALUES,
        "templates/_labels.tpl": _LIB_LABELS,
        "templates/_images.tpl": _LIB_IMAGES,
        "templates/_affinities.tpl": _LIB_AFFINITIES,
        "templates/_resources.tpl": _LIB_RESOURCES,
        "templates/_capabilities.tpl": _lib_capabilities(),
        "templates/_utils.tpl": _LIB_MISC,
    }


def _with_library(files: Files) -> Files:
    out = dict(files)
    for path, text in common_library().items():
        out[f"charts/common/{path}"] = text
    return out


_COMMON_DEPENDENCY = (
    "dependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry.example.com/charts\n"
)


# --------------------------------------------------------------------------------------------------------------
# library-heavy: one folder of templates per component, everything through the common library

_META = """\
metadata:
  name: {{ include "common.names.component" (dict "component" "COMP" "context" $) }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "common.labels.standard" (dict "customLabels" .Values.commonLabels "context" $) | nindent 4 }}
    app.kubernetes.io/component: COMP
  {{- if .Values.commonAnnotations }}
  annotations: {{- include "common.tplvalues.render" (dict "value" .Values.commonAnnotations "context" $) | nindent 4 }}
  {{- end }}
"""

_COMPONENT_TEMPLATES = {
    "deployment.yaml": """\
{{- if .Values.COMP.enabled }}
apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
kind: Deployment
METADATA
spec:
  replicas: {{ .Values.COMP.replicaCount }}
  revisionHistoryLimit: {{ .Values.COMP.revisionHistoryLimit }}
  {{- $podLabels := include "common.tplvalues.merge" (dict "values" (list .Values.COMP.podLabels .Values.commonLabels) "context" .) }}
  selector:
    matchLabels: {{- include "common.labels.matchLabels" (dict "customLabels" $podLabels "component" "COMP" "context" $) | nindent 6 }}
  strategy: {{- toYaml .Values.COMP.updateStrategy | nindent 4 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include "common.utils.checksumTemplate" (dict "path" "/COMP/configmap.yaml" "context" $) }}
        checksum/secret: {{ include "common.utils.checksumTemplate" (dict "path" "/COMP/secret.yaml" "context" $) }}
        {{- with .Values.COMP.podAnnotations }}
        {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 8 }}
        {{- end }}
      labels: {{- include "common.labels.standard" (dict "customLabels" $podLabels "context" $) | nindent 8 }}
        app.kubernetes.io/component: COMP
    spec:
      serviceAccountName: {{ include "common.serviceAccountName" (dict "serviceAccount" .Values.COMP.serviceAccount "component" "COMP" "context" $) }}
      {{- include "common.images.renderPullSecrets" (dict "images" (list .Values.COMP.image .Values.COMP.initImage) "context" $) | nindent 6 }}
      automountServiceAccountToken: {{ .Values.COMP.automountServiceAccountToken }}
      affinity:
        {{- with .Values.COMP.podAffinityPreset }}
        podAffinity: {{- include "common.affinities.pods" (dict "type" . "component" "COMP" "extraMatchLabels" $.Values.COMP.podLabels "context" $) | nindent 10 }}
        {{- end }}
        {{- with .Values.COMP.podAntiAffinityPreset }}
        podAntiAffinity: {{- include "common.affinities.pods" (dict "type" . "component" "COMP" "extraMatchLabels" $.Values.COMP.podLabels "context" $) | nindent 10 }}
        {{- end }}
        {{- with .Values.COMP.nodeAffinityPreset }}
        {{- if .type }}
        nodeAffinity: {{- include "common.affinities.nodes" . | nindent 10 }}
        {{- end }}
        {{- end }}
      {{- with .Values.COMP.nodeSelector }}
      nodeSelector: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 8 }}
      {{- end }}
      {{- with .Values.COMP.tolerations }}
      tolerations: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 8 }}
      {{- end }}
      {{- if .Values.COMP.podSecurityContext.enabled }}
      securityContext: {{- include "common.securityContext.render" (dict "securityContext" .Values.COMP.podSecurityContext) | nindent 8 }}
      {{- end }}
      initContainers:
        - name: wait-for-config
          image: {{ include "common.images.image" (dict "imageRoot" .Values.COMP.initImage "global" .Values.global) }}
          imagePullPolicy: {{ include "common.images.pullPolicy" .Values.COMP.initImage }}
          command: ["sh", "-c", "test -s /etc/COMP/COMP.conf"]
          {{- if .Values.COMP.containerSecurityContext.enabled }}
          securityContext: {{- include "common.securityContext.render" (dict "securityContext" .Values.COMP.containerSecurityContext) | nindent 12 }}
          {{- end }}
          resources: {{- include "common.resources.preset" (dict "type" "nano") | nindent 12 }}
          volumeMounts:
            - name: config
              mountPath: /etc/COMP
      containers:
        - name: COMP
          image: {{ include "common.images.image" (dict "imageRoot" .Values.COMP.image "global" .Values.global) }}
          imagePullPolicy: {{ include "common.images.pullPolicy" .Values.COMP.image }}
          {{- if .Values.COMP.containerSecurityContext.enabled }}
          securityContext: {{- include "common.securityContext.render" (dict "securityContext" .Values.COMP.containerSecurityContext) | nindent 12 }}
          {{- end }}
          {{- with .Values.COMP.args }}
          args: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 12 }}
          {{- end }}
          env:
            - name: APP_NAME
              value: {{ include "common.names.component" (dict "component" "COMP" "context" $) | quote }}
            - name: APP_NAMESPACE
              value: {{ include "common.names.namespace" . | quote }}
            - name: APP_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "common.secrets.name" (dict "existingSecret" .Values.COMP.auth.existingSecret "component" "COMP" "context" $) }}
                  key: password
            - name: APP_DATABASE_HOST
              value: {{ include "common.names.dependency" (dict "chartName" "database" "chartValues" .Values.database "context" $) | quote }}
            {{- with .Values.COMP.extraEnvVars }}
            {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 12 }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "common.names.component" (dict "component" "COMP" "context" $) }}
          ports:
            - name: http
              containerPort: {{ .Values.COMP.containerPorts.http }}
            - name: metrics
              containerPort: {{ .Values.COMP.containerPorts.metrics }}
          {{- if .Values.COMP.livenessProbe.enabled }}
          livenessProbe: {{- include "common.probes.render" (dict "probe" .Values.COMP.livenessProbe) | nindent 12 }}
            httpGet:
              path: /healthz
              port: http
          {{- end }}
          {{- if .Values.COMP.readinessProbe.enabled }}
          readinessProbe: {{- include "common.probes.render" (dict "probe" .Values.COMP.readinessProbe) | nindent 12 }}
            httpGet:
              path: /ready
              port: http
          {{- end }}
          {{- if .Values.COMP.resources }}
          resources: {{- toYaml .Values.COMP.resources | nindent 12 }}
          {{- else }}
          resources: {{- include "common.resources.preset" (dict "type" .Values.COMP.resourcesPreset) | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: config
              mountPath: /etc/COMP
            - name: tmp
              mountPath: /tmp
            {{- if .Values.COMP.persistence.enabled }}
            - name: data
              mountPath: {{ .Values.COMP.persistence.mountPath }}
            {{- end }}
      volumes:
        - name: config
          configMap:
            name: {{ include "common.names.component" (dict "component" "COMP" "context" $) }}
        - name: tmp
          emptyDir: {}
        {{- if .Values.COMP.persistence.enabled }}
        - name: data
          persistentVolumeClaim:
            claimName: {{ include "common.names.component" (dict "component" "COMP" "context" $) }}
        {{- end }}
{{- end }}
""",
    "service.yaml": """\
{{- if .Values.COMP.enabled }}
apiVersion: v1
kind: Service
METADATA
spec:
  type: {{ .Values.COMP.service.type }}
  {{- if and (eq .Values.COMP.service.type "ClusterIP") .Values.COMP.service.clusterIP }}
  clusterIP: {{ .Values.COMP.service.clusterIP }}
  {{- end }}
  ports:
    - name: http
      port: {{ .Values.COMP.service.ports.http }}
      targetPort: http
      protocol: TCP
    - name: metrics
      port: {{ .Values.COMP.service.ports.metrics }}
      targetPort: metrics
      protocol: TCP
  selector: {{- include "common.labels.matchLabels" (dict "customLabels" .Values.COMP.podLabels "component" "COMP" "context" $) | nindent 4 }}
{{- end }}
""",
    "serviceaccount.yaml": """\
{{- if and .Values.COMP.enabled .Values.COMP.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "common.serviceAccountName" (dict "serviceAccount" .Values.COMP.serviceAccount "component" "COMP" "context" $) }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "common.labels.standard" (dict "customLabels" .Values.commonLabels "context" $) | nindent 4 }}
    app.kubernetes.io/component: COMP
  {{- $annotations := include "common.tplvalues.merge" (dict "values" (list .Values.COMP.serviceAccount.annotations .Values.commonAnnotations) "context" .) }}
  {{- if $annotations }}
  annotations: {{- $annotations | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.COMP.serviceAccount.automountServiceAccountToken }}
{{- end }}
""",
    "configmap.yaml": """\
{{- if .Values.COMP.enabled }}
apiVersion: v1
kind: ConfigMap
METADATA
data:
  COMP.conf: |
    {{- include "common.tplvalues.render" (dict "value" .Values.COMP.configuration "context" $) | nindent 4 }}
  LOG_LEVEL: {{ .Values.COMP.logLevel | quote }}
  UPSTREAM: {{ include "common.utils.getValueFromKey" (dict "key" "COMP.upstream" "context" $) | quote }}
{{- end }}
""",
    "secret.yaml": """\
{{- if and .Values.COMP.enabled (not .Values.COMP.auth.existingSecret) }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "common.secrets.name" (dict "existingSecret" .Values.COMP.auth.existingSecret "component" "COMP" "context" $) }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "common.labels.standard" (dict "customLabels" .Values.commonLabels "context" $) | nindent 4 }}
    app.kubernetes.io/component: COMP
type: Opaque
data:
  password: {{ .Values.COMP.auth.password | b64enc | quote }}
{{- end }}
""",
    "pdb.yaml": """\
{{- if and .Values.COMP.enabled .Values.COMP.pdb.create }}
apiVersion: {{ include "common.capabilities.policy.apiVersion" . }}
kind: PodDisruptionBudget
METADATA
spec:
  {{- if .Values.COMP.pdb.minAvailable }}
  minAvailable: {{ .Values.COMP.pdb.minAvailable }}
  {{- end }}
  {{- if or .Values.COMP.pdb.maxUnavailable (not .Values.COMP.pdb.minAvailable) }}
  maxUnavailable: {{ .Values.COMP.pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels: {{- include "common.labels.matchLabels" (dict "customLabels" .Values.COMP.podLabels "component" "COMP" "context" $) | nindent 6 }}
{{- end }}
""",
    "hpa.yaml": """\
{{- if and .Values.COMP.enabled .Values.COMP.autoscaling.enabled }}
apiVersion: {{ include "common.capabilities.hpa.apiVersion" . }}
kind: HorizontalPodAutoscaler
METADATA
spec:
  scaleTargetRef:
    apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
    kind: Deployment
    name: {{ include "common.names.component" (dict "component" "COMP" "context" $) }}
  minReplicas: {{ .Values.COMP.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.COMP.autoscaling.maxReplicas }}
  metrics:
    {{- with .Values.COMP.autoscaling.targetCPU }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- with .Values.COMP.autoscaling.targetMemory }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
{{- end }}
""",
    "networkpolicy.yaml": """\
{{- if and .Values.COMP.enabled .Values.COMP.networkPolicy.enabled }}
apiVersion: {{ include "common.capabilities.networkPolicy.apiVersion" . }}
kind: NetworkPolicy
METADATA
spec:
  podSelector:
    matchLabels: {{- include "common.labels.matchLabels" (dict "customLabels" .Values.COMP.podLabels "component" "COMP" "context" $) | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- with .Values.COMP.networkPolicy.extraEgress }}
    {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 4 }}
    {{- end }}
  ingress:
    - ports:
        - port: {{ .Values.COMP.containerPorts.http }}
        - port: {{ .Values.COMP.containerPorts.metrics }}
      {{- if not .Values.COMP.networkPolicy.allowExternal }}
      from:
        - podSelector:
            matchLabels: {{- include "common.labels.matchLabels" (dict "customLabels" (dict) "context" $) | nindent 14 }}
      {{- end }}
{{- end }}
""",
    "ingress.yaml": """\
{{- if and .Values.COMP.enabled .Values.COMP.ingress.enabled }}
apiVersion: {{ include "common.capabilities.ingress.apiVersion" . }}
kind: Ingress
metadata:
  name: {{ include "common.names.component" (dict "component" "COMP" "context" $) }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "common.labels.standard" (dict "customLabels" .Values.commonLabels "context" $) | nindent 4 }}
    app.kubernetes.io/component: COMP
  {{- $annotations := include "common.tplvalues.merge" (dict "values" (list .Values.COMP.ingress.annotations .Values.commonAnnotations) "context" .) }}
  {{- if $annotations }}
  annotations: {{- $annotations | nindent 4 }}
  {{- end }}
spec:
  {{- with .Values.COMP.ingress.ingressClassName }}
  ingressClassName: {{ . | quote }}
  {{- end }}
  rules:
    {{- range .Values.COMP.ingress.hosts }}
    - host: {{ include "common.tplvalues.render" (dict "value" .name "context" $) }}
      http:
        paths:
          - path: {{ .path }}
            pathType: Prefix
            backend: {{- include "common.ingress.backend" (dict "serviceName" (include "common.names.component" (dict "component" "COMP" "context" $)) "servicePort" "http") | nindent 14 }}
    {{- end }}
  {{- if .Values.COMP.ingress.tls }}
  tls:
    - hosts:
        {{- range .Values.COMP.ingress.hosts }}
        - {{ include "common.tplvalues.render" (dict "value" .name "context" $) }}
        {{- end }}
      secretName: {{ printf "%s-tls" (include "common.names.component" (dict "component" "COMP" "context" $)) }}
  {{- end }}
{{- end }}
""",
    "pvc.yaml": """\
{{- if and .Values.COMP.enabled .Values.COMP.persistence.enabled }}
apiVersion: v1
kind: PersistentVolumeClaim
METADATA
spec:
  accessModes:
    {{- range .Values.COMP.persistence.accessModes }}
    - {{ . | quote }}
    {{- end }}
  resources:
    requests:
      storage: {{ .Values.COMP.persistence.size | quote }}
  {{- include "common.storage.class" (dict "persistence" .Values.COMP.persistence "global" .Values.global) | nindent 2 }}
{{- end }}
""",
}

_COMPONENTS = ("api", "web", "worker", "scheduler", "cache", "metrics", "gateway", "search")
_WEB_FACING = {"api", "web", "gateway"}


def _component_values(name: str, index: int) -> dict[str, object]:
    web = name in _WEB_FACING
    return {
        "enabled": True,
        "replicaCount": 1 + index % 3,
        "revisionHistoryLimit": 10,
        "image": {
            "registry": "registry.example.com",
            "repository": f"webstack/{name}",
            "tag": f"1.{index}.{index * 3 % 7}",
            "digest": "",
            "pullPolicy": "",
            "pullSecrets": ["{{ .Release.Name }}-registry"] if index % 2 == 0 else [],
        },
        "initImage": {
            "registry": "registry.example.com",
            "repository": "webstack/toolbox",
            "tag": "latest" if index % 4 == 3 else "2.1.0",
            "pullSecrets": [],
        },
        "automountServiceAccountToken": False,
        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
        "podLabels": {"tier": "frontend" if web else "backend", "instance-ref": "{{ .Release.Name }}-" + name},
        "podAnnotations": {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": "{{ .Values.COMP.containerPorts.metrics }}".replace("COMP", name),
        },
        "podAffinityPreset": "" if index % 3 else "soft",
        "podAntiAffinityPreset": "hard" if index % 4 == 1 else "soft",
        "nodeAffinityPreset": {
            "type": "soft" if index % 2 else "",
            "key": "node-pool",
            "values": ["general", f"pool-{name}"],
        },
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "tolerations": [
            {"key": "dedicated", "operator": "Equal", "value": "{{ .Release.Name }}", "effect": "NoSchedule"}
        ]
        if index % 2
        else [],
        "podSecurityContext": {
            "enabled": True,
            "fsGroup": 1001,
            "fsGroupChangePolicy": "Always",
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containerSecurityContext": {
            "enabled": True,
            "runAsUser": 1001,
            "runAsGroup": 1001,
            "runAsNonRoot": True,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "args": [
            "--config=/etc/COMP/COMP.conf".replace("COMP", name),
            "--log-level={{ .Values.COMP.logLevel }}".replace("COMP", name),
        ],
        "auth": {
            "existingSecret": "" if index % 5 else "{{ .Release.Name }}-external-auth",
            "password": f"not-a-secret-{name}",
        },
        "extraEnvVars": [
            {"name": "RELEASE", "value": "{{ .Release.Name }}"},
            {"name": "SERVICE_URL", "value": 'http://{{ include "common.names.fullname" . }}-' + name + ":8080"},
            {"name": "FEATURE_FLAGS", "value": "tracing,metrics,profiling"},
        ],
        "containerPorts": {"http": 8080 + index, "metrics": 9090 + index},
        "livenessProbe": {
            "enabled": True,
            "initialDelaySeconds": 10,
            "periodSeconds": 10,
            "timeoutSeconds": 5,
            "failureThreshold": 6,
            "successThreshold": 1,
        },
        "readinessProbe": {
            "enabled": index % 3 != 2,
            "initialDelaySeconds": 5,
            "periodSeconds": 5,
            "timeoutSeconds": 3,
            "failureThreshold": 3,
            "successThreshold": 1,
        },
        "resourcesPreset": ("nano", "micro", "small", "medium", "large", "xlarge")[index % 6],
        "resources": {}
        if index % 4
        else {"requests": {"cpu": "200m", "memory": "256Mi"}, "limits": {"memory": "512Mi"}},
        "persistence": {
            "enabled": name in ("cache", "search"),
            "mountPath": "/data",
            "storageClass": "" if index % 2 else "-",
            "accessModes": ["ReadWriteOnce"],
            "size": "8Gi",
        },
        "service": {"type": "ClusterIP", "clusterIP": "", "ports": {"http": 80, "metrics": 9090}},
        "serviceAccount": {
            "create": True,
            "name": "",
            "automountServiceAccountToken": False,
            "annotations": {"owner": "{{ .Release.Name }}-platform"} if index % 2 else {},
        },
        "pdb": {"create": True, "minAvailable": "" if index % 2 else 1, "maxUnavailable": ""},
        "autoscaling": {
            "enabled": index % 2 == 0,
            "minReplicas": 2,
            "maxReplicas": 6 + index,
            "targetCPU": 70,
            "targetMemory": 80 if index % 3 else "",
        },
        "networkPolicy": {
            "enabled": True,
            "allowExternal": web,
            "extraEgress": [{"to": [{"namespaceSelector": {"matchLabels": {"team": "{{ .Release.Namespace }}"}}}]}]
            if index % 2
            else [],
        },
        "ingress": {
            "enabled": web,
            "ingressClassName": "nginx",
            "annotations": {
                "nginx.ingress.kubernetes.io/proxy-body-size": "16m",
                "example.com/owner": "{{ .Release.Name }}",
            },
            "hosts": [
                {"name": name + ".{{ .Values.global.domain }}", "path": "/"},
                {"name": name + "-internal.{{ .Values.global.domain }}", "path": "/internal"},
            ],
            "tls": True,
        },
        "logLevel": ("info", "debug", "warn")[index % 3],
        "upstream": f"http://{name}-upstream.svc:8080",
        "configuration": (
            f"# {name} configuration\nlisten = 0.0.0.0:{{{{ .Values.COMP.containerPorts.http }}}}\n".replace(
                "COMP", name
            )
            + "release = {{ .Release.Name }}\n"
            "namespace = {{ .Release.Namespace }}\n"
            f"workers = {2 + index}\n"
            "[upstreams]\n"
            + "".join(
                f'peer{i} = {{{{ include "common.names.fullname" . }}}}-{peer}:80\n'
                for i, peer in enumerate(_COMPONENTS[:4])
            )
        ),
    }


def library_heavy(small: bool = False) -> Files:
    components = _COMPONENTS[:2] if small else _COMPONENTS
    files: Files = {
        "Chart.yaml": _chart_yaml(
            "webstack",
            "7.3.1",
            "4.2.0",
            "A multi-component web stack built on a shared library chart.",
            _COMMON_DEPENDENCY,
        ),
        "templates/NOTES.txt": 'Installed {{ include "common.names.fullname" . }} with {{ len .Values.components }} components.\n',
        "templates/extra-list.yaml": (
            "{{- range .Values.extraDeploy }}\n---\n"
            '{{ include "common.tplvalues.render" (dict "value" . "context" $) }}\n'
            "{{- end }}\n"
        ),
    }
    values: dict[str, object] = {
        "global": {
            "imageRegistry": "",
            "imagePullSecrets": ["shared-pull-secret"],
            "storageClass": "",
            "domain": "apps.example.com",
        },
        "kubeVersion": "",
        "nameOverride": "",
        "fullnameOverride": "",
        "namespaceOverride": "",
        "commonLabels": {"team": "platform", "release-ref": "{{ .Release.Name }}"},
        "commonAnnotations": {"example.com/docs": "https://docs.example.com/{{ .Chart.Name }}"},
        "components": list(components),
        "database": {"nameOverride": "", "fullnameOverride": ""},
        "extraDeploy": [
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {
                    "name": '{{ include "common.names.fullname" . }}-extra',
                    "labels": {"release": "{{ .Release.Name }}"},
                },
                "data": {"note": "rendered through tpl"},
            }
        ],
    }
    for index, name in enumerate(components):
        values[name] = _component_values(name, index)
        for template, text in _COMPONENT_TEMPLATES.items():
            files[f"templates/{name}/{template}"] = text.replace("METADATA\n", _META).replace("COMP", name)
    files["values.yaml"] = "# Defaults for the webstack chart; every component has the same keys.\n" + _dump_values(
        values
    )
    return _with_library(files)


# --------------------------------------------------------------------------------------------------------------
# crd-operator: megabytes of CRD schemas in templates


def _schema_lines(filler: Filler, depth: int, indent: int, budget: list[int]) -> Iterator[str]:
    """An openAPIV3Schema object's properties, as controller-gen writes them, until ``budget`` bytes are spent."""
    pad = " " * indent
    count = 3 + filler.next(5)
    for _ in range(count):
        if budget[0] <= 0:
            return
        name = filler.ident()
        lines = [f"{pad}{name}:", f"{pad}  description: |-"]
        for _ in range(1 + filler.next(3)):
            lines.append(f"{pad}    {filler.sentence(8 + filler.next(8))}")
        choice = filler.next(10)
        if depth > 0 and choice < 3:
            lines.append(f"{pad}  type: object")
            if choice == 0:
                lines.append(f"{pad}  x-kubernetes-preserve-unknown-fields: true")
            lines.append(f"{pad}  properties:")
            for line in lines:
                budget[0] -= len(line) + 1
            yield from lines
            yield from _schema_lines(filler, depth - 1, indent + 4, budget)
            continue
        if depth > 0 and choice == 3:
            lines += [f"{pad}  type: array", f"{pad}  items:", f"{pad}    type: object", f"{pad}    properties:"]
            for line in lines:
                budget[0] -= len(line) + 1
            yield from lines
            yield from _schema_lines(filler, depth - 1, indent + 6, budget)
            lines = [f"{pad}    required:", f"{pad}    - name"]
        elif choice in (4, 5):
            lines.append(f"{pad}  type: string")
            if filler.next(2):
                lines.append(f"{pad}  enum:")
                lines += [f"{pad}  - {filler.word().capitalize()}" for _ in range(2 + filler.next(3))]
        elif choice == 6:
            lines += [f"{pad}  type: integer", f"{pad}  format: int32", f"{pad}  minimum: 0"]
        elif choice == 7:
            lines += [f"{pad}  type: boolean"]
        elif choice == 8:
            lines += [
                f"{pad}  anyOf:",
                f"{pad}  - type: integer",
                f"{pad}  - type: string",
                f"{pad}  x-kubernetes-int-or-string: true",
            ]
        else:
            lines += [f"{pad}  type: object", f"{pad}  additionalProperties:", f"{pad}    type: string"]
        for line in lines:
            budget[0] -= len(line) + 1
        yield from lines


def _crd_template(group: str, kind: str, target_bytes: int, seed: int) -> str:
    plural = kind.lower() + "s"
    filler = Filler(seed)
    budget = [target_bytes // 2]  # the schema is served twice (v1 and v1beta1)
    schema = []
    while budget[0] > 0:
        schema.extend(_schema_lines(filler, 4, 16, budget))
    body = "\n".join(schema)
    head = (
        "{{- if .Values.crds.install }}\n"
        "apiVersion: apiextensions.k8s.io/v1\n"
        "kind: CustomResourceDefinition\n"
        "metadata:\n"
        f"  name: {plural}.{group}\n"
        '  labels: {{- include "operator.labels" . | nindent 4 }}\n'
        "  annotations:\n"
        "    controller-gen.kubebuilder.io/version: v0.16.5\n"
        "    {{- if .Values.crds.keep }}\n"
        "    helm.sh/resource-policy: keep\n"
        "    {{- end }}\n"
        "spec:\n"
        f"  group: {group}\n"
        "  names:\n"
        f"    kind: {kind}\n"
        f"    listKind: {kind}List\n"
        f"    plural: {plural}\n"
        f"    singular: {kind.lower()}\n"
        "  scope: Namespaced\n"
        "  versions:\n"
    )
    versions = []
    for version, storage in (("v1", "true"), ("v1beta1", "false")):
        versions.append(
            f"  - name: {version}\n"
            "    additionalPrinterColumns:\n"
            "    - jsonPath: .status.phase\n"
            "      name: Phase\n"
            "      type: string\n"
            "    - jsonPath: .metadata.creationTimestamp\n"
            "      name: Age\n"
            "      type: date\n"
            "    schema:\n"
            "      openAPIV3Schema:\n"
            f"        description: {kind} is the Schema for the {plural} API.\n"
            "        type: object\n"
            "        properties:\n"
            "          apiVersion:\n"
            "            type: string\n"
            "          kind:\n"
            "            type: string\n"
            "          metadata:\n"
            "            type: object\n"
            "          spec:\n"
            f"            description: {kind}Spec is the desired state.\n"
            "            type: object\n"
            "            properties:\n"
            f"{body}\n"
            "          status:\n"
            "            type: object\n"
            "            x-kubernetes-preserve-unknown-fields: true\n"
            "    served: true\n"
            f"    storage: {storage}\n"
            "    subresources:\n"
            "      status: {}\n"
        )
    return head + "".join(versions) + "{{- end }}\n"


_OPERATOR_HELPERS = """\
{{- define "operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
"""

_OPERATOR_WORKLOAD = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "operator.fullname" . }}
  labels: {{- include "operator.labels" . | nindent 4 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "operator.fullname" . }}
  labels: {{- include "operator.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels: {{- include "operator.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "operator.selectorLabels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ include "operator.fullname" . }}
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: manager
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          args:
            - --leader-elect
            - --metrics-bind-address=:8443
            {{- range .Values.watchNamespaces }}
            - --watch-namespace={{ . }}
            {{- end }}
          ports:
            - name: webhook
              containerPort: 9443
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          resources: {{- toYaml .Values.resources | nindent 12 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "operator.fullname" . }}-webhook
  labels: {{- include "operator.labels" . | nindent 4 }}
spec:
  ports:
    - name: webhook
      port: 443
      targetPort: webhook
  selector: {{- include "operator.selectorLabels" . | nindent 4 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ include "operator.fullname" . }}
  labels: {{- include "operator.labels" . | nindent 4 }}
rules:
  {{- range .Values.managedGroups }}
  - apiGroups: [{{ .group | quote }}]
    resources:
      {{- range .kinds }}
      - {{ . | lower }}s
      - {{ . | lower }}s/status
      - {{ . | lower }}s/finalizers
      {{- end }}
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
  {{- end }}
  - apiGroups: [""]
    resources: ["configmaps", "secrets", "services", "events"]
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ include "operator.fullname" . }}
  labels: {{- include "operator.labels" . | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ include "operator.fullname" . }}
subjects:
  - kind: ServiceAccount
    name: {{ include "operator.fullname" . }}
    namespace: {{ .Release.Namespace }}
"""

_CRD_KINDS = (
    ("storage.example.io", ("Volume", "Snapshot", "BackupPolicy", "RestoreJob")),
    ("compute.example.io", ("Cluster", "NodePool", "Autoscaler", "Workload")),
    ("network.example.io", ("Gateway", "Route", "Listener", "Certificate")),
    ("data.example.io", ("Database", "Replica", "Shard", "Migration")),
    ("ops.example.io", ("Alert", "Dashboard", "Runbook", "Maintenance")),
)


def crd_operator(small: bool = False) -> Files:
    """About 4 MB of CRDs (20 kinds of ~200 kB), or 2 small ones."""
    kinds = [(group, kind) for group, names in _CRD_KINDS for kind in names]
    per_crd = 200_000
    if small:
        kinds, per_crd = kinds[:2], 12_000
    files: Files = {
        "Chart.yaml": _chart_yaml("crd-operator", "1.9.0", "1.9.0", "An operator that ships its CRDs as templates."),
        "templates/_helpers.tpl": _OPERATOR_HELPERS,
        "templates/operator.yaml": _OPERATOR_WORKLOAD,
    }
    for seed, (group, kind) in enumerate(kinds):
        files[f"templates/crds/{group.split('.')[0]}-{kind.lower()}.yaml"] = _crd_template(
            group, kind, per_crd, seed + 1
        )
    groups: dict[str, list[str]] = {}
    for group, kind in kinds:
        groups.setdefault(group, []).append(kind)
    values = {
        "replicaCount": 1,
        "fullnameOverride": "",
        "image": {"repository": "registry.example.com/operator", "tag": ""},
        "watchNamespaces": ["team-a", "team-b"],
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "512Mi"}},
        "crds": {"install": True, "keep": True},
        "managedGroups": [{"group": g, "kinds": k} for g, k in groups.items()],
    }
    files["values.yaml"] = _dump_values(values)
    return files


# --------------------------------------------------------------------------------------------------------------
# many-templates: 80 small templates

_SMALL_HELPERS = """\
{{- define "svc.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "svc.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: {{ .root.Chart.Name }}
{{- with .root.Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
"""

_SMALL_TEMPLATES = {
    "configmap": """\
{{- $svc := index .Values.services "NAME" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "svc.fullname" (dict "root" $ "name" "NAME") }}
  labels: {{- include "svc.labels" (dict "root" $ "name" "NAME") | nindent 4 }}
data:
  PORT: {{ $svc.port | quote }}
  LOG_LEVEL: {{ $svc.logLevel | default "info" | quote }}
""",
    "deployment": """\
{{- $svc := index .Values.services "NAME" }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "svc.fullname" (dict "root" $ "name" "NAME") }}
  labels: {{- include "svc.labels" (dict "root" $ "name" "NAME") | nindent 4 }}
spec:
  replicas: {{ $svc.replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/name: NAME
  template:
    metadata:
      labels: {{- include "svc.labels" (dict "root" $ "name" "NAME") | nindent 8 }}
    spec:
      containers:
        - name: NAME
          image: "{{ $.Values.registry }}/NAME:{{ $svc.tag }}"
          ports:
            - containerPort: {{ $svc.port }}
          envFrom:
            - configMapRef:
                name: {{ include "svc.fullname" (dict "root" $ "name" "NAME") }}
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
""",
    "service": """\
{{- $svc := index .Values.services "NAME" }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "svc.fullname" (dict "root" $ "name" "NAME") }}
  labels: {{- include "svc.labels" (dict "root" $ "name" "NAME") | nindent 4 }}
spec:
  ports:
    - port: 80
      targetPort: {{ $svc.port }}
  selector:
    app.kubernetes.io/name: NAME
""",
    "serviceaccount": """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "svc.fullname" (dict "root" $ "name" "NAME") }}
  labels: {{- include "svc.labels" (dict "root" $ "name" "NAME") | nindent 4 }}
automountServiceAccountToken: false
""",
}


def many_templates(small: bool = False) -> Files:
    """20 services x 4 templates = 80 small templates (the small variant is the same chart: its output is small)."""
    names = [f"svc{i:02d}" for i in range(20)]
    files: Files = {
        "Chart.yaml": _chart_yaml(
            "many-templates", "0.4.0", "0.4.0", "Twenty micro-services, four small templates each."
        ),
        "templates/_helpers.tpl": _SMALL_HELPERS,
    }
    services = {}
    for i, name in enumerate(names):
        services[name] = {
            "replicas": 1 + i % 2,
            "port": 8000 + i,
            "tag": f"0.{i}.0",
            "logLevel": "debug" if i % 5 == 0 else "",
        }
        for kind, text in _SMALL_TEMPLATES.items():
            files[f"templates/{name}-{kind}.yaml"] = text.replace("NAME", name)
    files["values.yaml"] = _dump_values(
        {"registry": "registry.example.com/apps", "labels": {"team": "payments"}, "services": services}
    )
    return files


# --------------------------------------------------------------------------------------------------------------
# tpl-heavy: range over large values, tpl of strings and of toYaml output

_TENANT_HELPERS = """\
{{- define "tenants.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of one tenant's objects: (dict "tenant" T "root" $). The platform labels are templates themselves. */}}
{{- define "tenants.labels" -}}
{{- $labels := dict "app.kubernetes.io/instance" .root.Release.Name "example.com/tenant" .tenant.name "example.com/tier" .tenant.tier -}}
{{- range $key, $value := .root.Values.platform.labels -}}
{{- $_ := set $labels $key (tpl $value $.root) -}}
{{- end -}}
{{- toYaml $labels -}}
{{- end -}}
"""

_TENANT_TEMPLATES = {
    "tenant-config.yaml": """\
{{- range $tenant := .Values.tenants }}
{{- if $tenant.enabled }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "tenants.fullname" $ }}-{{ $tenant.name }}
  namespace: {{ tpl $.Values.platform.namespaceTemplate (dict "tenant" $tenant "Release" $.Release "Template" $.Template) }}
  labels: {{- include "tenants.labels" (dict "tenant" $tenant "root" $) | nindent 4 }}
data:
  {{- range $key, $value := $tenant.settings }}
  {{ $key }}: {{ tpl $value $ | quote }}
  {{- end }}
  features.yaml: |
    {{- $features := deepCopy $.Values.featureDefaults }}
    {{- range $tenant.features }}
    {{- $_ := set $features .name (dict "enabled" .enabled "rollout" .rollout) }}
    {{- end }}
    {{- toYaml $features | nindent 4 }}
  routes.yaml: |
    {{- tpl (toYaml $tenant.routes) $ | nindent 4 }}
{{- end }}
{{- end }}
""",
    "tenant-quota.yaml": """\
{{- range $tenant := .Values.tenants }}
{{- if $tenant.enabled }}
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: {{ include "tenants.fullname" $ }}-{{ $tenant.name }}-quota
  labels: {{- include "tenants.labels" (dict "tenant" $tenant "root" $) | nindent 4 }}
spec:
  hard: {{- toYaml (mergeOverwrite (deepCopy (index $.Values.tierQuotas $tenant.tier)) $tenant.quotas) | nindent 4 }}
{{- end }}
{{- end }}
""",
    "tenant-netpol.yaml": """\
{{- range $tenant := .Values.tenants }}
{{- if $tenant.enabled }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "tenants.fullname" $ }}-{{ $tenant.name }}-isolation
  labels: {{- include "tenants.labels" (dict "tenant" $tenant "root" $) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      example.com/tenant: {{ $tenant.name }}
  ingress:
    - from:
        {{- range $peer := $tenant.peers }}
        - podSelector:
            matchLabels:
              example.com/tenant: {{ $peer }}
        {{- end }}
        - namespaceSelector:
            matchLabels: {{- tpl (toYaml $.Values.platform.ingressNamespaceLabels) $ | nindent 14 }}
{{- end }}
{{- end }}
""",
    "routing.yaml": """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "tenants.fullname" . }}-routing
data:
  routes.conf: |
    {{- range $tenant := .Values.tenants }}
    {{- range $route := $tenant.routes }}
    route {{ $tenant.name }} {{ tpl $route.host $ }}{{ $route.path }} -> {{ tpl $route.backend $ }} weight={{ $route.weight }}
    {{- end }}
    {{- end }}
  tiers.json: {{ toJson .Values.tierQuotas | quote }}
""",
}


def tpl_heavy(small: bool = False) -> Files:
    count = 6 if small else 110
    filler = Filler(97)
    tenants = []
    for i in range(count):
        name = f"tenant-{i:03d}"
        tenants.append(
            {
                "name": name,
                "enabled": i % 11 != 10,
                "tier": ("gold", "silver", "bronze")[i % 3],
                "quotas": {"pods": str(20 + i % 40)} if i % 2 else {},
                "peers": [f"tenant-{(i + k) % count:03d}" for k in (1, 2)],
                "settings": {
                    "DATABASE_URL": "postgres://{{ .Release.Name }}-db." + name + ".svc:5432/" + name.replace("-", "_"),
                    "PUBLIC_URL": "https://" + name + ".{{ .Values.global.domain }}",
                    "REGION": "{{ .Values.platform.region }}",
                    "OWNER": filler.ident(),
                    "CACHE_TTL": str(60 * (1 + i % 5)),
                    "TRACE_SAMPLE": '{{ if eq "'
                    + ("gold", "silver", "bronze")[i % 3]
                    + '" "gold" }}1.0{{ else }}0.1{{ end }}',
                    "SUPPORT_EMAIL": "support+" + name + "@{{ .Values.global.domain }}",
                    "DESCRIPTION": filler.sentence(12),
                },
                "features": [
                    {"name": filler.ident(), "enabled": bool(filler.next(2)), "rollout": filler.next(101)}
                    for _ in range(8)
                ],
                "routes": [
                    {
                        "host": name + "-" + str(r) + ".{{ .Values.global.domain }}",
                        "path": f"/{filler.word()}/{filler.word()}",
                        "backend": "{{ .Release.Name }}-" + filler.word() + ":" + str(8000 + r),
                        "weight": 10 * (1 + filler.next(10)),
                    }
                    for r in range(6)
                ],
            }
        )
    values = {
        "global": {"domain": "tenants.example.com"},
        "platform": {
            "region": "eu-central-1",
            "namespaceTemplate": "tenant-{{ .tenant.name }}",
            "labels": {
                "example.com/release": "{{ .Release.Name }}",
                "example.com/region": "{{ .Values.platform.region }}",
            },
            "ingressNamespaceLabels": {"example.com/gateway-of": "{{ .Release.Name }}"},
        },
        "featureDefaults": {f"feature{k:02d}": {"enabled": k % 2 == 0, "rollout": 0} for k in range(16)},
        "tierQuotas": {
            "gold": {"pods": "200", "requests.cpu": "64", "requests.memory": "256Gi", "services": "40"},
            "silver": {"pods": "80", "requests.cpu": "16", "requests.memory": "64Gi", "services": "20"},
            "bronze": {"pods": "20", "requests.cpu": "4", "requests.memory": "16Gi", "services": "10"},
        },
        "tenants": tenants,
    }
    files: Files = {
        "Chart.yaml": _chart_yaml("tenants", "3.0.2", "3.0.2", "Per-tenant configuration generated from large values."),
        "templates/_helpers.tpl": _TENANT_HELPERS,
        "values.yaml": _dump_values(values),
    }
    for path, text in _TENANT_TEMPLATES.items():
        files[f"templates/{path}"] = text
    return files


# --------------------------------------------------------------------------------------------------------------
# Scaling shapes: one knob (units), output roughly proportional to it

_UNIT_TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-unit-NUM
  labels:
    app.kubernetes.io/instance: {{ .Release.Name }}
    app.kubernetes.io/managed-by: {{ .Release.Service }}
    example.com/unit: "NUM"
data:
  owner: {{ .Values.owner | quote }}
  revision: {{ .Values.revision | quote }}
  settings.ini: |
    [unit]
    id = NUM
    name = unit-NUM
    region = {{ .Values.region }}
    replicas = {{ add .Values.replicas NUM }}
    [limits]
    cpu = {{ .Values.cpu }}
    memory = {{ .Values.memory }}
    connections = 512
    timeout = 30s
    retries = 5
    [paths]
    data = /var/lib/unit-NUM
    logs = /var/log/unit-NUM
    cache = /var/cache/unit-NUM
"""

_SCALING_VALUES = 'owner: platform\nrevision: "1"\nregion: eu-west-1\nreplicas: 2\ncpu: 500m\nmemory: 1Gi\n'

# Bytes of output one unit adds, measured once; used to turn a size target into a unit count.
UNIT_BYTES = {"many-templates": 580, "huge-template": 580, "huge-literal": 1000, "include-chain": 710}


def units_for(shape: str, target_bytes: int) -> int:
    return max(1, round(target_bytes / UNIT_BYTES[shape]))


def _scaling_many_templates(units: int) -> Files:
    return {f"templates/unit-{i:05d}.yaml": _UNIT_TEMPLATE.replace("NUM", str(i)) for i in range(units)}


# Helm refuses chart files over 5 MiB, so the single-file shapes are cut into files of at most this many bytes
# (one file up to 4 MB, three at 10 MB): each file stays as huge as Helm lets a file be.
MAX_FILE_BYTES = 4_000_000


def _scaling_huge_template(units: int) -> Files:
    per_file = max(1, MAX_FILE_BYTES // len(_UNIT_TEMPLATE))
    files = {}
    for part, first in enumerate(range(0, units, per_file)):
        numbers = range(first, min(units, first + per_file))
        files[f"templates/all-units-{part}.yaml"] = "---\n".join(_UNIT_TEMPLATE.replace("NUM", str(i)) for i in numbers)
    return files


def _giant_crd(suffix: str, budget_bytes: int, seed: int) -> str:
    """One CRD written literally but for one action at the top, its schema ``budget_bytes`` long."""
    filler = Filler(seed)
    budget = [budget_bytes]
    schema = []
    while budget[0] > 0:
        schema.extend(_schema_lines(filler, 4, 12, budget))
    return (
        "apiVersion: apiextensions.k8s.io/v1\n"
        "kind: CustomResourceDefinition\n"
        "metadata:\n"
        f"  name: giants{suffix}.scale.example.io\n"
        "  annotations:\n"
        "    example.com/revision: {{ .Values.revision | quote }}\n"
        "spec:\n"
        "  group: scale.example.io\n"
        "  names:\n"
        f"    kind: Giant{suffix.upper()}\n"
        f"    plural: giants{suffix}\n"
        "  scope: Namespaced\n"
        "  versions:\n"
        "  - name: v1\n"
        "    served: true\n"
        "    storage: true\n"
        "    schema:\n"
        "      openAPIV3Schema:\n"
        "        type: object\n"
        "        properties:\n"
        "          spec:\n"
        "            type: object\n"
        "            properties:\n" + "\n".join(schema) + "\n"
    )


def _scaling_huge_literal(units: int) -> Files:
    total = units * UNIT_BYTES["huge-literal"]
    parts = -(-total // MAX_FILE_BYTES)
    return {
        f"templates/giant-crd-{part}.yaml": _giant_crd("abcdefghij"[part], total // parts, 7 + part)
        for part in range(parts)
    }


_CHAIN_TEMPLATE = """\
{{- range $i := until (int .Values.units) }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "common.names.component" (dict "component" (printf "unit-%d" $i) "context" $) }}
  namespace: {{ include "common.names.namespace" $ | quote }}
  labels: {{- include "common.labels.standard" (dict "customLabels" $.Values.commonLabels "context" $) | nindent 4 }}
  annotations:
    example.com/revision: {{ $.Values.revision | quote }}
data:
  selector: |
    {{- include "common.labels.matchLabels" (dict "customLabels" $.Values.commonLabels "component" (printf "unit-%d" $i) "context" $) | nindent 4 }}
  image: {{ include "common.images.image" (dict "imageRoot" $.Values.image "global" $.Values.global) | quote }}
  api: {{ include "common.capabilities.deployment.apiVersion" $ | quote }}
{{- end }}
"""


def _scaling_include_chain(units: int) -> Files:
    files = {
        "templates/units.yaml": _CHAIN_TEMPLATE,
        "values.yaml": _SCALING_VALUES
        + f"units: {units}\n"
        + "global: {}\n"
        + 'commonLabels:\n  team: platform\n  release-ref: "{{ .Release.Name }}"\n'
        + "image:\n  registry: registry.example.com\n  repository: scale/unit\n  tag: 1.0.0\n",
    }
    return _with_library(files)


_SHAPE_BUILDERS: dict[str, Callable[[int], Files]] = {
    "many-templates": _scaling_many_templates,
    "huge-template": _scaling_huge_template,
    "huge-literal": _scaling_huge_literal,
    "include-chain": _scaling_include_chain,
}


def scaling_chart(shape: str, units: int) -> Files:
    """A chart of the given shape whose output grows linearly with ``units``."""
    files = {"Chart.yaml": _chart_yaml(f"scale-{shape}", "1.0.0", "1.0.0", f"Scaling benchmark, shape {shape}.")}
    if shape == "include-chain":
        files["Chart.yaml"] += _COMMON_DEPENDENCY
    files["values.yaml"] = _SCALING_VALUES
    files.update(_SHAPE_BUILDERS[shape](units))
    return files


# --------------------------------------------------------------------------------------------------------------
# Writing

_BUILDERS: dict[str, Callable[[bool], Files]] = {
    "library-heavy": library_heavy,
    "crd-operator": crd_operator,
    "many-templates": many_templates,
    "tpl-heavy": tpl_heavy,
}


def corpus_chart(name: str, small: bool = False) -> Files:
    """One generated corpus chart (not the IKO ones) as ``{relative path: text}``."""
    return _BUILDERS[name](small)


def write_chart(files: Files, target: Path) -> Path:
    """Write ``files`` as a fresh chart folder at ``target`` (whatever was there is removed first)."""
    if target.exists():
        shutil.rmtree(target)
    for rel, text in sorted(files.items()):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return target


def _stamp(small: bool) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"{digest} {'small' if small else 'full'}\n"


def corpus_root(small: bool = False) -> Path:
    """Where ``ensure_corpus`` keeps the full or the small variants (both under ``bench/charts/``)."""
    return DEFAULT_ROOT / ("small" if small else "full")


def ensure_corpus(root: Path | None = None, small: bool = False) -> dict[str, Path]:
    """The corpus charts, generated under ``root`` unless its stamp says they are current; name -> chart folder.

    ``iko-base`` is the bundled chart itself; ``iko-patched`` is patched again on every call (cheap, and it must
    follow the overlay and the patcher as they change).
    """
    root = corpus_root(small) if root is None else root
    root.mkdir(parents=True, exist_ok=True)
    stamp = root / STAMP
    current = stamp.read_text() if stamp.is_file() else ""
    charts = {name: root / name for name in GENERATED}
    if current != _stamp(small):
        stamp.unlink(missing_ok=True)
        for name, target in charts.items():
            write_chart(corpus_chart(name, small), target)
        stamp.write_text(_stamp(small))
    sys.path.insert(0, str(HERE))
    from timing import write_patched_chart

    from chartgen import resources

    charts["iko-base"] = resources.base_chart_dir()
    charts["iko-patched"] = write_patched_chart(root / "iko-patched")
    return charts


def tree_digest(files: Files) -> str:
    """One hash of a chart's paths and bytes (the determinism test compares two generations with it)."""
    digest = hashlib.sha256()
    for rel, text in sorted(files.items()):
        digest.update(rel.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where to write (default bench/charts/full or bench/charts/small)")
    parser.add_argument("--small", action="store_true", help="the small variants (what the parity test renders)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "tests"))
    for name, path in ensure_corpus(args.out, args.small).items():
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        print(f"{name:<16} {size / 1024:>9.1f} kB  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
