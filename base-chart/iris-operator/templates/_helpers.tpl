{{/* vim: set filetype=mustache: */}}
{{/*
iris-operator.name: the chart name, or .Values.nameOverride when given,
cut to 63 characters (the DNS label limit) without a trailing dash.
*/}}
{{- define "iris-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
iris-operator.fullname: the base name of every object of the release.
A release name that already contains the chart name is used as it is;
otherwise the result is "<release>-<name>". Cut to 63 characters.
*/}}
{{- define "iris-operator.fullname" -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
iris-operator.serviceAccountName: the ServiceAccount the operator runs as.
*/}}
{{- define "iris-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "iris-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
iris-operator.labels: the labels put on every object of the release.
*/}}
{{- define "iris-operator.labels" -}}
chart: "{{ .Chart.Name }}-{{ .Chart.Version }}"
app: "{{ template "iris-operator.name" . }}"
release: "{{ .Release.Name }}"
heritage: "{{ .Release.Service }}"
{{- end -}}
