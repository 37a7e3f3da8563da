"""The API server as lint's second judge, as Helm is for rendering.

Every seeded fault of the lint proofs that concerns a manifest (lint_faults.FAULTS, except the kubeconfig ones),
and the clean cases, are linted with ``--kube-version 1.20`` and the manifests lint judged are applied at HOME
(Kubernetes 1.20.2) with ``kubectl apply --dry-run=server``; both helms also ``install --dry-run=server`` the
chart. The verdicts must agree: an object the server refuses is named by an error finding, and a case the server
accepts has no error finding, unless ``DIFFERENCES`` says why the two legitimately differ (each asserted). The
figure goes to the terminal summary.

What the judges see, found on the 1.20.2 server:
- ``kubectl apply --dry-run=server`` validates client-side by default (``--validate=true``) against the OpenAPI
  schema the server publishes, which refuses unknown fields, wrong types and missing required fields before
  anything is sent; the server then applies its own validation to each object.
- The 1.20 server itself has no strict field validation (server-side field validation came in 1.25): with
  ``--validate=false`` it accepts an unknown field and drops it. ``BARE_SERVER_DIFFERENCES`` records where that
  changes the verdict; lint keeps those errors because the setting never takes effect.
- ``helm install --dry-run=server`` (3.17.3 and 4.1.4) renders with the server's capabilities and builds the
  objects against the server's OpenAPI schema and REST mapping, but sends none of them: it refuses schema and
  removed-API faults only. So whatever Helm refuses the server refuses too, never the other way round.
- Helm 4 installs with server-side apply; a case linted with ``--helm-compat 4`` is applied with
  ``kubectl apply --server-side --dry-run=server``, which refuses what Helm 4's install would.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import Helm
from helm_binaries import PINS, helm_binary
from lint_faults import BASE_CHART, CHART, FAULTS, KUBECONFIG, PATCHED_CHART, VALUES, Fault, Replace
from test_kubeconfig_checks import Pki, make_jwt
from test_lint_api_validation import VALID
from test_lint_seeded_faults import Inputs, seed
from test_lint_served_apis import PICKS_NEWEST_APISERVICE

from chartgen.chartio.output import write_directory
from chartgen.findings import Finding, Severity
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir

from .conftest import _figure
from .control_plane import ControlPlane
from .kube_build import KUBE_VERSION

JUDGED = "1.20"
RELEASE = "release-name"  # lint's release name, so Helm renders the same object names

_REMOTE_WIRING = (
    "the wiring is valid Kubernetes, so the server stores it; the operator then reads no kubeconfig or the wrong "
    "one and manages the home cluster instead of the work cluster, which no API server can know"
)
_REMOTE_REGISTERS = (
    "a webhook configuration or APIService is a valid object; at HOME it makes the API server call an operator "
    "for IrisClusters it never sees, and an unavailable APIService breaks discovery there"
)
# Case id -> why lint reports an error where the API server accepts every object.
DIFFERENCES: dict[str, str] = {
    "remote-secret-name-mismatch": _REMOTE_WIRING,
    "remote-secret-key-mismatch": _REMOTE_WIRING,
    "remote-kubeconfig-arg-missing": _REMOTE_WIRING,
    "remote-second-kubeconfig-arg": _REMOTE_WIRING,
    "remote-kubeconfig-arg-outside-mount": _REMOTE_WIRING,
    "remote-mount-path-moved": _REMOTE_WIRING,
    "remote-kubeconfig-env-disagrees": _REMOTE_WIRING,
    "remote-mount-writable": "a writable mount is valid; lint refuses it because the operator could then alter "
    "the credentials it runs with",
    "remote-mount-sub-path": "a subPath mount is valid; lint refuses it because a subPath copy taken at pod start "
    "never sees a rotated kubeconfig Secret",
    "remote-duplicate-env": "Kubernetes 1.20 accepts a repeated environment variable name (the last one wins); "
    "lint refuses it because it hides which value is in effect",
    "remote-webhook-template-forced-on": _REMOTE_REGISTERS,
    "remote-apiservice-rendered": _REMOTE_REGISTERS,
    "pod-security-cleaner-host-path-under-baseline": "linted with --pod-security baseline, which refuses what a "
    "namespace labelled pod-security.kubernetes.io/enforce=baseline refuses; Kubernetes 1.20 has no PodSecurity "
    "admission (1.23 and later), so it stores the pod",
}
# Case id -> why the bare server (kubectl --validate=false) accepts what kubectl's default validation refuses.
BARE_SERVER_DIFFERENCES: dict[str, str] = {
    "manifest-misspelt-volume-mounts": "the 1.20 API server drops unknown fields without a word (strict "
    "server-side field validation arrived in 1.25); kubectl's and Helm's client-side validation against the "
    "server's OpenAPI refuse the field, and lint refuses it because the setting silently never takes effect",
}


@dataclass(frozen=True)
class Case:
    """A chart to judge: a seeded fault of the lint proofs, or a clean chart (``fault`` None)."""

    id: str
    fault: Fault | None = None
    chart: str = BASE_CHART
    change: Replace | None = None
    helm_compat: int = 3
    set_values: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # a chart of its own: path -> text


_WEBHOOKS_OFF = ("apiserver.enableMutatingWebhook=false", "apiserver.enableValidatingWebhook=false")
_EXPLICIT_PROTOCOL = Replace("templates/service.yaml", "    port: 443\n", "    port: 443\n    protocol: TCP\n")

CLEAN: tuple[Case, ...] = (
    Case("clean-base-chart"),
    Case("clean-patched-chart", chart=PATCHED_CHART),
    Case("clean-base-chart-webhooks-off", set_values=_WEBHOOKS_OFF),
    # Helm 4 on 1.20: explicit protocols, and no APIService (CG-K8S-008).
    Case("clean-base-chart-helm4", change=_EXPLICIT_PROTOCOL, helm_compat=4, set_values=_WEBHOOKS_OFF),
    Case(
        "clean-chart-picking-the-newest-apiservice",
        files={
            "Chart.yaml": "apiVersion: v2\nname: picks\nversion: 0.1.0\n",
            "templates/a.yaml": PICKS_NEWEST_APISERVICE,
        },
    ),
    *(
        Case(
            f"clean-{name.replace(' ', '-')}",
            files={"Chart.yaml": "apiVersion: v2\nname: valid\nversion: 0.1.0\n", "templates/t.yaml": manifest},
        )
        for name, manifest in VALID.items()
    ),
)


def _concerns_a_manifest(fault: Fault) -> bool:
    """A template or the values it renders; Chart.yaml, values.yaml's own syntax and the kubeconfig never reach
    the API server."""
    if fault.mutates == VALUES:
        return True
    return (
        fault.mutates != KUBECONFIG and isinstance(fault.change, Replace) and fault.change.file.startswith("templates/")
    )


FAULT_CASES = tuple(
    Case(f.id, fault=f, chart=f.chart if f.mutates == VALUES else f.mutates, helm_compat=f.helm_compat)
    for f in FAULTS
    if _concerns_a_manifest(f)
)
CASES = CLEAN + FAULT_CASES


@dataclass
class Verdicts:
    judged: int = 0
    agree: list[str] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)
    unrendered: list[str] = field(default_factory=list)
    helm_refusals: dict[str, int] = field(default_factory=dict)  # Helm version -> cases its dry run refused


@pytest.fixture(scope="module")
def verdicts(pytestconfig) -> Iterator[Verdicts]:
    tally = Verdicts()
    yield tally
    if tally.judged:
        _figure(
            pytestconfig,
            f"lint vs API server {KUBE_VERSION.lstrip('v')}: {len(tally.agree)}/{tally.judged} agree; "
            f"{len(tally.explained)} differ for stated reasons; {len(tally.unrendered)} more render no manifest "
            "(both Helms refuse them too); install --dry-run=server refused "
            + ", ".join(f"{count} with helm {version}" for version, count in sorted(tally.helm_refusals.items()))
            + ", each refused by the server too",
        )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    patched = tmp_path_factory.mktemp("patched") / CHART
    write_directory(
        patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}})).files, patched, False
    )
    now = time.time()
    placeholders = {
        "@CA_DATA@": base64.b64encode(Pki().ca).decode(),
        "@TOKEN@": make_jwt(now + 365 * 24 * 3600),
        "@EXPIRED_TOKEN@": make_jwt(now - 3600),
    }
    return Inputs(base_chart_dir(), patched, placeholders)


@pytest.fixture(scope="module")
def helms(tmp_path_factory) -> tuple[Helm, ...]:
    return tuple(Helm(pin, helm_binary(pin), tmp_path_factory.mktemp(pin.label)) for pin in PINS)


def _lay_out(case: Case, inputs: Inputs, workdir: Path) -> LintOptions:
    """The case's chart (and values file) in ``workdir``; the lint request, relative to it, for Kubernetes 1.20."""
    if case.fault is not None:
        options = seed(case.fault, inputs, workdir)
    elif case.files:
        for rel, text in case.files.items():
            (workdir / CHART / rel).parent.mkdir(parents=True, exist_ok=True)
            (workdir / CHART / rel).write_text(text)
        options = LintOptions(Path(CHART))
    else:
        shutil.copytree(inputs.base if case.chart == BASE_CHART else inputs.patched, workdir / CHART)
        if case.change is not None:
            target = workdir / CHART / case.change.file
            target.write_text(target.read_text().replace(case.change.old, case.change.new))
        options = LintOptions(Path(CHART))
    # Absolute paths: the cases are linted one after another while the judges of earlier ones still run.
    options.chart = workdir / options.chart
    options.values_files = [workdir / path for path in options.values_files]
    options.kube_version = JUDGED
    options.helm_compat = case.helm_compat
    options.set_values = [*options.set_values, *case.set_values]
    return options


def _object_names(manifests: str) -> dict[str, str]:
    """kubectl's name of each rendered object (``deployment.apps/x``) -> lint's (``Deployment/x``)."""
    names = {}
    for doc in yaml.safe_load_all(manifests):
        if not isinstance(doc, dict) or not doc.get("kind"):
            continue
        group = str(doc.get("apiVersion", "")).rpartition("/")[0]
        name = (doc.get("metadata") or {}).get("name")
        resource = doc["kind"].lower() + (f".{group}" if group else "")
        names[f"{resource}/{name}"] = f"{doc['kind']}/{name}"
    return names


_CLIENT_VALIDATION = 'error validating "STDIN"'


_CLIENT_VALIDATION = 'error validating "STDIN"'


def _kubectl_apply(home: ControlPlane, manifests: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return home.kubectl("apply", "--dry-run=server", "-o", "name", *flags, "-f", "-", input=manifests, check=False)


def _refused(names: dict[str, str], applied: subprocess.CompletedProcess[str]) -> set[str]:
    """The objects the server did not take: every rendered object kubectl does not name as applied."""
    accepted = set(applied.stdout.split())
    return {lint_name for kubectl_name, lint_name in names.items() if kubectl_name not in accepted}


def _helm_install(helm: Helm, home: ControlPlane, options: LintOptions) -> subprocess.CompletedProcess[str]:
    args = ["install", RELEASE, str(options.chart), "--kubeconfig", str(home.admin_kubeconfig), "-n", "default"]
    args += ["--dry-run=server", "--take-ownership"]  # taking over what other tests left at HOME changes nothing
    for path in options.values_files:
        args += ["-f", str(path)]
    for item in options.set_values:
        args += ["--set", item]
    return helm.run(*args, check=False)


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.location}: {f.rule_id} {f.message}" for f in findings) or "  (none)"


@dataclass
class Judgment:
    """One case: lint's error findings, what it rendered, and each judge's answer."""

    errors: list[Finding]
    rendered: str | None
    installs: list[Future]  # helm install --dry-run=server, per Helm
    applied: Future | None = None  # kubectl apply --dry-run=server (kubectl's default validation)
    bare: Future | None = None  # the same with --validate=false: the server alone


def _judge(case: Case, inputs: Inputs, home: ControlPlane, helms, workdir: Path, pool: ThreadPoolExecutor) -> Judgment:
    options = _lay_out(case, inputs, workdir)
    report = run_lint(options)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    judgment = Judgment(errors, report.rendered, [pool.submit(_helm_install, helm, home, options) for helm in helms])
    if report.rendered is not None:
        ssa = ("--server-side", "--force-conflicts") if case.helm_compat >= 4 else ()
        judgment.applied = pool.submit(_kubectl_apply, home, report.rendered, *ssa)
        judgment.bare = pool.submit(_bare_apply, judgment.applied, home, report.rendered, *ssa)
    return judgment


def _bare_apply(applied: Future, home: ControlPlane, manifests: str, *flags: str) -> subprocess.CompletedProcess[str]:
    """The server's own answer per object. When kubectl's validation stopped the apply before anything was sent,
    ask again without it; otherwise every object reached the server and its answer is already there. (Submitted
    after ``applied``, so ``applied`` is running or done when this waits for it.)"""
    done = applied.result()
    if _CLIENT_VALIDATION not in done.stderr:
        return done
    return _kubectl_apply(home, manifests, "--validate=false", *flags)


@pytest.fixture(scope="module")
def judgments(request, inputs, home, helms, tmp_path_factory) -> Iterator[dict[str, Judgment]]:
    """Every selected case linted in turn while the judges of the cases before it run side by side (kubectl
    paces its own requests, so each apply takes seconds of mostly waiting)."""
    wanted = [
        item.callspec.params["case"]
        for item in request.session.items
        if item.module is request.module and hasattr(item, "callspec") and "case" in item.callspec.params
    ]
    with ThreadPoolExecutor(8) as pool:
        yield {case.id: _judge(case, inputs, home, helms, tmp_path_factory.mktemp("case"), pool) for case in wanted}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_lint_and_the_api_server_agree(case, judgments, helms, verdicts):
    judgment = judgments[case.id]
    errors = judgment.errors
    installs = [run.result() for run in judgment.installs]
    if judgment.rendered is None:
        assert errors, f"{case.id}: nothing rendered, yet lint reports no error"
        assert all(done.returncode != 0 for done in installs), f"{case.id}: lint renders nothing, Helm installs"
        verdicts.unrendered.append(case.id)
        return
    default, bare = judgment.applied.result(), judgment.bare.result()

    verdicts.judged += 1
    server_refuses = default.returncode != 0
    why = f"\nlint errors:\n{_describe(errors)}\nkubectl: {default.stderr.strip()}"
    if case.id in DIFFERENCES:
        assert errors and not server_refuses, f"{case.id}: listed as a known difference, but verdicts agree{why}"
        verdicts.explained.append(case.id)
    else:
        assert bool(errors) == server_refuses, f"{case.id}: lint and the API server disagree{why}"
        verdicts.agree.append(case.id)

    # Object by object: every object the server itself refuses is one an error finding names.
    refused_by_server = _refused(_object_names(judgment.rendered), bare)
    named = {f.location.object for f in errors}
    assert refused_by_server <= named, f"{case.id}: refused but not flagged: {refused_by_server - named}{why}"
    if case.id in BARE_SERVER_DIFFERENCES:
        assert server_refuses and bare.returncode == 0, f"{case.id}: the bare server no longer accepts it"
    else:
        assert (bare.returncode != 0) == server_refuses, f"{case.id}: the bare server and kubectl differ{why}"

    # Helm's dry run sends nothing: it refuses a subset of what the server refuses.
    for helm, done in zip(helms, installs, strict=True):
        if done.returncode != 0:
            assert server_refuses, f"{case.id}: helm {helm.pin.version} refuses what the server accepts:\n{done.stderr}"
            verdicts.helm_refusals[helm.pin.version] = verdicts.helm_refusals.get(helm.pin.version, 0) + 1


def test_every_stated_difference_names_a_judged_case():
    ids = {case.id for case in CASES}
    assert set(DIFFERENCES) <= ids and set(BARE_SERVER_DIFFERENCES) <= ids
