"""The commands a user runs after ``chartgen patch``, printed so nothing has to be looked up."""

from __future__ import annotations

import shlex


def remote_target_steps(chart_path: str, params: dict[str, str], release: str, namespace: str) -> str:
    q = shlex.quote
    secret, key = params["secretName"], params["secretKey"]
    ns = q(namespace)
    return "\n".join(
        [
            "Next steps:",
            "  1. Store the work cluster's kubeconfig as a Secret in the home cluster:",
            f"       kubectl --kubeconfig home.kubeconfig --namespace {ns} create secret generic {q(secret)} "
            f"--from-file={q(key)}=work.kubeconfig",
            "  2. Install the patched chart in the home cluster:",
            f"       helm install {q(release)} {q(chart_path)} --namespace {ns} --kubeconfig home.kubeconfig",
            "  3. Once the operator runs, copy the IrisCluster CRD (only the CRD) to the work cluster:",
            "       kubectl --kubeconfig home.kubeconfig get crd irisclusters.intersystems.com -o yaml"
            " > iriscluster-crd.yaml",
            "       kubectl --kubeconfig work.kubeconfig create -f iriscluster-crd.yaml",
            "  4. Apply IrisClusters to the work cluster; the operator at home provisions them there.",
        ]
    )
