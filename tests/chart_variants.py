"""Variants of the bundled base chart: the formatting styles, older IKO layouts and hand edits that chartgen
must cope with (or refuse). Each takes the base chart's files and returns changed files."""

from __future__ import annotations

import re
from collections.abc import Callable

from chartgen.chartio.source import load_chart
from chartgen.resources import base_chart_dir

DEPLOYMENT = "templates/deployment.yaml"
Files = dict[str, bytes]


def base_files() -> Files:
    return dict(load_chart(base_chart_dir()).files)


def _edit(files: Files, path: str, change: Callable[[str], str]) -> Files:
    out = dict(files)
    before = out[path].decode()
    after = change(before)
    assert after != before, f"variant did not change {path}"
    out[path] = after.encode()
    return out


def _cut_block(text: str, first_line: str, stop_before: str) -> str:
    start = text.index(first_line)
    end = text.index(stop_before, start + len(first_line))
    return text[:start] + text[end:]


def crlf(files: Files) -> Files:
    return {p: (d.replace(b"\n", b"\r\n") if p.endswith((".yaml", ".tpl", ".txt")) else d) for p, d in files.items()}


def indented_sequences(files: Files) -> Files:
    """Sequence items indented under their key (``args:`` then ``  - run``), the other common YAML style."""

    def indent_items(text: str) -> str:
        lines = text.split("\n")
        content = [i for i, ln in enumerate(lines) if ln.strip() and not ln.strip().startswith(("{{", "#"))]
        following = dict(zip(content, content[1:], strict=False))
        open_keys: list[int] = []  # indents of the keys whose sequences we are inside
        out = []
        for i, line in enumerate(lines):
            spaces = len(line) - len(line.lstrip(" "))
            body = line.strip()
            if i in following or i == (content[-1] if content else -1):
                is_item = body.startswith("- ")
                while open_keys and (spaces < open_keys[-1] or (spaces == open_keys[-1] and not is_item)):
                    open_keys.pop()
            shift = 2 * len(open_keys)
            if body.startswith("{{"):
                line = re.sub(r"\b(n?indent) (\d+)", lambda m, by=shift: f"{m.group(1)} {int(m.group(2)) + by}", line)
            out.append(" " * shift + line if body else line)
            nxt = following.get(i)
            starts_compact_sequence = (
                nxt is not None
                and body.endswith(":")
                and lines[nxt].strip().startswith("- ")
                and len(lines[nxt]) - len(lines[nxt].lstrip(" ")) == spaces
            )
            if starts_compact_sequence:
                open_keys.append(spaces)
        return "\n".join(out)

    return _edit(files, DEPLOYMENT, indent_items)


def without_env(files: Files) -> Files:
    return _edit(files, DEPLOYMENT, lambda t: _cut_block(t, "        env:\n", "{{- if .Values.apiserver.healthcheck"))


def without_volumes(files: Files) -> Files:
    def cut(text: str) -> str:
        text = _cut_block(text, "        volumeMounts:\n", "      volumes:\n")
        return _cut_block(text, "      volumes:\n", "{{- if or .Values.tolerations")

    return _edit(files, DEPLOYMENT, cut)


def flow_args(files: Files) -> Files:
    """``args`` as a one-line flow sequence (the status-subresource switch dropped, as flow style cannot hold it)."""

    def flow(text: str) -> str:
        start = text.index("        args:\n")
        end = text.index("        ports:\n")
        args = (
            '        args: ["run", "--v={{ .Values.logLevel }}", "--secure-port=8443", "--audit-log-path=-",'
            ' "--tls-cert-file=/var/serving-cert/tls.crt", "--tls-private-key-file=/var/serving-cert/tls.key",'
            ' "--enable-mutating-webhook={{ .Values.apiserver.enableMutatingWebhook }}",'
            ' "--enable-validating-webhook={{ .Values.apiserver.enableValidatingWebhook }}",'
            ' "--bypass-validating-webhook-xray={{ .Values.apiserver.bypassValidatingWebhookXray }}",'
            ' "--use-kubeapiserver-fqdn-for-aks={{ .Values.apiserver.useKubeapiserverFqdnForAks }}"]\n'
        )
        return text[:start] + args + text[end:]

    return _edit(files, DEPLOYMENT, flow)


def quoted_args(files: Files) -> Files:
    return _edit(files, DEPLOYMENT, lambda t: re.sub(r"(?m)^(        - )(--[^\n]*)$", r'\1"\2"', t))


def iko_3_6(files: Files) -> Files:
    """IKO 3.6.7: no ISC_WEBGATEWAY_STARTUP_TIMEOUT, version 3.6.7."""
    files = _edit(
        files,
        DEPLOYMENT,
        lambda t: _cut_block(
            t, "        - name: ISC_WEBGATEWAY_STARTUP_TIMEOUT\n", "{{- if .Values.apiserver.healthcheck"
        ),
    )
    files = _edit(files, "values.yaml", lambda t: re.sub(r"(?m)^  webGatewayStartupTimeout: 0\n", "", t))
    files = _edit(files, "values.yaml", lambda t: t.replace("tag: 3.8.42.100", "tag: 3.6.7.100"))
    return _edit(files, "Chart.yaml", lambda t: t.replace("3.8.42", "3.6.7"))


def iko_3_5(files: Files) -> Files:
    """IKO 3.5.48: also no numThreads/resyncPeriod, and webserverPort written as a string."""
    files = iko_3_6(files)
    files = _edit(
        files,
        DEPLOYMENT,
        lambda t: _cut_block(t, "        - name: ISC_NUM_THREADS\n", "{{- if .Values.apiserver.healthcheck"),
    )
    files = _edit(files, "values.yaml", lambda t: re.sub(r"(?m)^  (numThreads: 2|resyncPeriod: \"10m\")\n", "", t))
    files = _edit(files, "values.yaml", lambda t: t.replace("webserverPort: 52773", 'webserverPort: "52773"'))
    files = _edit(files, "values.yaml", lambda t: t.replace("tag: 3.6.7.100", "tag: 3.5.48.100"))
    return _edit(files, "Chart.yaml", lambda t: t.replace("3.6.7", "3.5.48"))


def seed_hand_patched(files: Files) -> Files:
    """The seed article's manual edit: --kubeconfig arg, KUBECONFIG env, and a 'kubeconfig' volume and mount."""

    def hand_edit(text: str) -> str:
        text = text.replace(
            "        - --secure-port=8443\n",
            "        - --secure-port=8443\n        - --kubeconfig=/airgap/.kube/config\n",
        )
        text = text.replace(
            "{{- if .Values.apiserver.healthcheck.enabled }}",
            "        - name: KUBECONFIG\n          value: /airgap/.kube/config\n{{- if .Values.apiserver.healthcheck.enabled }}",
        )
        text = text.replace(
            "          name: serving-cert\n",
            "          name: serving-cert\n        - mountPath: /airgap/.kube\n          name: kubeconfig\n          readOnly: true\n",
        )
        return text

    return _edit(files, DEPLOYMENT, hand_edit)


# Formatting variants and older layouts that must patch cleanly, by name.
PATCHABLE = {
    "crlf": crlf,
    "indented-sequences": indented_sequences,
    "without-env": without_env,
    "without-volumes": without_volumes,
    "flow-args": flow_args,
    "quoted-args": quoted_args,
    "iko-3.6": iko_3_6,
    "iko-3.5": iko_3_5,
}
