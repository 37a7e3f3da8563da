{{/*
Path of the work cluster's kubeconfig inside the operator container. Both the --kubeconfig argument and the
KUBECONFIG variable use it, so they cannot disagree. Added by chartgen's remote-target overlay.
*/}}
{{- define "chartgen.remoteTarget.kubeconfigPath" -}}
{{- printf "%s/%s" (trimSuffix "/" .Values.remoteTarget.mountPath) .Values.remoteTarget.secretKey -}}
{{- end -}}
