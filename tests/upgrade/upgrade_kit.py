"""Charts for the upgrade tests: the stock layouts of tests/chart_variants.py, written to disk, and synthetic next
versions (like the variants there, each takes the base chart's files and returns changed files)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from chart_variants import DEPLOYMENT, Files, _edit, base_files, iko_3_5, iko_3_6
from conftest import write_chart

from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import schema_path

LAYOUTS = {"3.5": lambda: iko_3_5(base_files()), "3.6": lambda: iko_3_6(base_files()), "3.8": base_files}
SECRET = "work-kubeconfig"
PARAMS = {"remote-target": {"secretName": SECRET}}
MOVED_DEPLOYMENT = "templates/operator/deployment.yaml"
SECRET_VALUE = "aHVudGVyMi1zdXBlci1zZWNyZXQtdG9rZW4="  # what a Secret's data holds; never printed
PROXY_USERINFO = "proxyuser:hunter2-proxy"


def iko_next(files: Files) -> Files:
    """A synthetic IKO 3.9.1: ``logLevel`` renamed ``logVerbosity`` (and its own values schema saying so), the
    Deployment moved to ``templates/operator/`` with a ``metrics`` sidecar now listed before the operator container,
    and a new PodDisruptionBudget."""
    files = _edit(files, DEPLOYMENT, lambda t: t.replace(".Values.logLevel", ".Values.logVerbosity"))
    files = _edit(
        files,
        DEPLOYMENT,
        lambda t: t.replace(
            "      containers:\n      - name: operator\n",
            "      containers:\n      - name: metrics\n        image: busybox:1.36\n      - name: operator\n",
        ),
    )
    files[MOVED_DEPLOYMENT] = files.pop(DEPLOYMENT)
    files = _edit(files, "values.yaml", lambda t: t.replace("logLevel: 3", "logVerbosity: 3"))
    files = _edit(files, "values.yaml", lambda t: t.replace("tag: 3.8.42.100", "tag: 3.9.1.100"))
    files = _edit(files, "Chart.yaml", lambda t: t.replace("3.8.42", "3.9.1"))
    schema = json.loads(schema_path("iris-operator.values.schema.json").read_text(encoding="utf-8"))
    schema["properties"] = {("logVerbosity" if k == "logLevel" else k): v for k, v in schema["properties"].items()}
    files["values.schema.json"] = (json.dumps(schema, indent=2) + "\n").encode()
    files["templates/pdb.yaml"] = (
        b"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n"
        b'  name: {{ template "iris-operator.fullname" . }}\nspec:\n  maxUnavailable: 1\n'
        b'  selector:\n    matchLabels:\n      app: "{{ template "iris-operator.name" . }}"\n'
    )
    return files


def renamed_container(files: Files) -> Files:
    """A next version whose operator container is called ``manager``: the overlay's steps find nothing."""
    return _edit(files, DEPLOYMENT, lambda t: re.sub(r"(?m)^      - name: operator$", "      - name: manager", t))


def with_secret(files: Files) -> Files:
    """A next version that ships a Secret with data (a token a report must never print)."""
    out = dict(files)
    out["templates/token.yaml"] = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-token\n"
        f"data:\n  token: {SECRET_VALUE}\n"
    ).encode()
    return out


def with_proxy_url(files: Files) -> Files:
    """A next version whose defaults hold a URL with a user name and password (a report must not print them)."""
    out = dict(files)
    out["templates/proxy.yaml"] = (
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proxy\n"
        b"data:\n  url: http://" + PROXY_USERINFO.encode() + b"@proxy.example:3128\n"
    )
    return out


def chart(root: Path, name: str, files: Files) -> Path:
    """``files`` as a chart folder ``root/name``."""
    return write_chart(files, root / name)


def patched(root: Path, name: str, files: Files) -> Path:
    """``files`` patched with remote-target (as the user did before) and written as ``root/name``."""
    stock = chart(root, f"{name}-stock", files)
    result = patch_chart(PatchRequest(chart=str(stock), parameters=PARAMS))
    return write_chart(result.files, root / name)
