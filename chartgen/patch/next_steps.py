"""The commands a user runs after ``chartgen patch``, printed so nothing has to be looked up.

Every command runs as printed, in order, from the folder ``chartgen patch`` ran in, given two admin kubeconfigs
(``work-admin.kubeconfig``, ``home.kubeconfig``) and the one thing chartgen cannot know: the address at which the
home cluster's pods reach the work cluster's API server (``<work-api>``). ``tests/e2e/test_next_steps.py`` runs
them against two real clusters.
"""

from __future__ import annotations

import shlex

# What the user replaces before running the steps; the end-to-end test replaces exactly this.
WORK_API_PLACEHOLDER = "https://<work-api>:6443"
# The bundle's token Secret, named by its file: ``kubectl get -f`` reads the live object back without the user
# having to know the name the chart gives the operator's ServiceAccount.
TOKEN_SECRET_FILE = "50-serviceaccount-token.yaml"
BUNDLE_DIR = "out/work-cluster"


def remote_target_steps(chart_path: str, params: dict[str, str], release: str, namespace: str) -> str:
    """The two-cluster recipe with chartgen commands only: work bundle, kubeconfig, home Secret, install, CRD."""
    q = shlex.quote
    secret, key = params["secretName"], params["secretKey"]
    ns, rel, chart = q(namespace), q(release), q(chart_path)
    key_flag = "" if key == "config" else f" --key {q(key)}"
    home = "kubectl --kubeconfig home.kubeconfig"
    work = "kubectl --kubeconfig work-admin.kubeconfig"
    bundle = f"chartgen target bundle --chart {chart} --namespace {ns} --release {rel}"
    return "\n".join(
        [
            "Next steps (work-admin.kubeconfig: an admin kubeconfig of the WORK cluster; home.kubeconfig: HOME;",
            f"{WORK_API_PLACEHOLDER}: WORK's API server as HOME's pods reach it; for kind: kind get kubeconfig "
            "--internal):",
            "  1. Give the operator a least-privilege identity in the WORK cluster:",
            f"       {bundle}",
            f"       {work} apply --server-side -f {BUNDLE_DIR}",
            "  2. Build its kubeconfig from the token the work cluster issued into the bundle's token Secret:",
            f"       {work} get -f {BUNDLE_DIR}/{TOKEN_SECRET_FILE} -o yaml > work-token.yaml",
            "       chartgen kubeconfig build --from-kubeconfig work-admin.kubeconfig --token-secret work-token.yaml "
            f"--server {WORK_API_PLACEHOLDER} --namespace {ns}",
            "  3. Store it as the Secret in the HOME cluster, in the release namespace (created first):",
            f"       chartgen kubeconfig secret work.kubeconfig --name {q(secret)}{key_flag} --namespace {ns}",
            f"       {home} create namespace {ns} --dry-run=client -o yaml | {home} apply -f -",
            f"       {home} apply -f work-kubeconfig-secret.yaml",
            "  4. Install the patched chart in the HOME cluster:",
            f"       helm install {rel} {chart} --namespace {ns} --create-namespace --kubeconfig home.kubeconfig",
            "  5. Copy the IrisCluster CRD (only the CRD) to the WORK cluster once the operator registered it:",
            f"       {home} get crd irisclusters.intersystems.com -o yaml > iriscluster-crd.yaml",
            f"       {bundle} --crd-file iriscluster-crd.yaml --force",
            f"       {work} apply --server-side -f {BUNDLE_DIR}",
            "  6. Apply IrisClusters to the WORK cluster; the operator at home provisions them there.",
            f"Already running the stock chart as release {rel} in {ns}? Do steps 1-3 and 5, and instead of step 4",
            "upgrade the release: the chart's upgrade hooks delete the stock webhook configurations, which Helm would",
            "otherwise leave behind to refuse every IrisCluster created at HOME:",
            f"  helm upgrade {rel} {chart} --namespace {ns} --kubeconfig home.kubeconfig",
        ]
    )
