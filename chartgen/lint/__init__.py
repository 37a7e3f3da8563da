"""``chartgen lint``: rules over a chart's metadata, values, rendered manifests, remote-target wiring and the
work cluster's kubeconfig, reported as text, JSON, SARIF or JUnit."""
