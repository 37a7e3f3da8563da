"""The commands a user runs after ``chartgen patch``, printed so nothing has to be looked up."""

from __future__ import annotations

import shlex


def remote_target_steps(chart_path: str, params: dict[str, str], release: str, namespace: str) -> str:
    """The two-cluster recipe with chartgen commands only: work bundle, kubeconfig, home Secret, install, CRD."""
    q = shlex.quote
    secret, key = params["secretName"], params["secretKey"]
    ns, rel = q(namespace), q(release)
    key_flag = "" if key == "config" else f" --key {q(key)}"
    return "\n".join(
        [
            "Next steps (work-admin.kubeconfig: an admin kubeconfig of the WORK cluster; home.kubeconfig: HOME):",
            "  1. Give the operator a least-privilege identity in the WORK cluster:",
            f"       chartgen target bundle --namespace {ns} --release {rel}",
            "       kubectl --kubeconfig work-admin.kubeconfig apply --server-side -f out/work-cluster",
            "  2. Build its kubeconfig from the token the work cluster issued (use the API address the home",
            "     cluster's pods can reach; for kind: kind get kubeconfig --internal):",
            f"       kubectl --kubeconfig work-admin.kubeconfig --namespace {ns} get secret "
            "<operator-serviceaccount>-token -o yaml > work-token.yaml",
            "       chartgen kubeconfig build --from-kubeconfig work-admin.kubeconfig --token-secret work-token.yaml "
            "--server https://<work-api>:6443",
            "  3. Store it as the Secret in the HOME cluster:",
            f"       chartgen kubeconfig secret work.kubeconfig --name {q(secret)}{key_flag} --namespace {ns}",
            "       kubectl --kubeconfig home.kubeconfig apply -f work-kubeconfig-secret.yaml",
            "  4. Install the patched chart in the HOME cluster:",
            f"       helm install {rel} {q(chart_path)} --namespace {ns} --kubeconfig home.kubeconfig",
            "  5. Copy the IrisCluster CRD (only the CRD) to the WORK cluster once the operator registered it:",
            "       kubectl --kubeconfig home.kubeconfig get crd irisclusters.intersystems.com -o yaml"
            " > iriscluster-crd.yaml",
            f"       chartgen target bundle --namespace {ns} --release {rel} --crd-file iriscluster-crd.yaml --force",
            "       kubectl --kubeconfig work-admin.kubeconfig apply --server-side -f out/work-cluster",
            "  6. Apply IrisClusters to the WORK cluster; the operator at home provisions them there.",
            "  `chartgen target bundle` prints the exact token Secret name for step 2.",
        ]
    )
