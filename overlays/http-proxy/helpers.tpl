{{/*
Added by chartgen's http-proxy overlay.

The NO_PROXY list of the operator container: the entries that keep the home cluster's own API server and
services off the proxy, then httpProxy.noProxy. $(KUBERNETES_SERVICE_HOST) is the address an in-cluster client
dials (an IP, so no name entry would match it); the kubelet expands it, as it expands any service variable in an
env value. ".svc" and ".<clusterDomain>" cover every Service addressed by name. Repeated entries are dropped.
*/}}
{{- define "chartgen.httpProxy.noProxy" -}}
{{- $domain := trimPrefix "." .Values.httpProxy.clusterDomain -}}
{{- $home := list "$(KUBERNETES_SERVICE_HOST)" ".svc" (printf ".%s" $domain) -}}
{{- concat $home (.Values.httpProxy.noProxy | default list) | uniq | join "," -}}
{{- end -}}

{{/*
A proxy URL (given as .url, with .secret) as the container sees it: with the user name and password taken
from the credentials Secret, through the two variables the overlay sets before it, when a Secret is named.
*/}}
{{- define "chartgen.httpProxy.url" -}}
{{- if .secret -}}
{{- $parts := splitn "://" 2 .url -}}
{{- printf "%s://$(CHARTGEN_PROXY_USERNAME):$(CHARTGEN_PROXY_PASSWORD)@%s" $parts._0 $parts._1 -}}
{{- else -}}
{{- .url -}}
{{- end -}}
{{- end -}}
