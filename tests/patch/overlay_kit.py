"""A small chart and user overlays written from scratch in a test, to patch with chartgen's engine."""

from __future__ import annotations

import textwrap
from pathlib import Path

from chartgen.patch.engine import PatchRequest, PatchResult, patch_chart

CHART_YAML = "apiVersion: v2\nname: small\nversion: 0.1.0\n"


def write_chart(root: Path, templates: dict[str, str], values: str = "enabled: false\n") -> Path:
    chart = root / "chart"
    (chart / "templates").mkdir(parents=True, exist_ok=True)
    (chart / "Chart.yaml").write_text(CHART_YAML)
    (chart / "values.yaml").write_text(values)
    for name, text in templates.items():
        (chart / "templates" / name).write_text(textwrap.dedent(text))
    return chart


def write_overlay(root: Path, name: str, definition: str, files: dict[str, str] | None = None) -> Path:
    folder = root / "overlays" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "overlay.yaml").write_text(f"name: {name}\nsummary: a test overlay\n" + textwrap.dedent(definition))
    for file, text in (files or {}).items():
        (folder / file).write_text(textwrap.dedent(text))
    return folder


def patch(root: Path, *names: str) -> PatchResult:
    return patch_chart(
        PatchRequest(chart=str(root / "chart"), overlays=list(names), overlay_dirs=[str(root / "overlays")])
    )


def template(result: PatchResult, name: str) -> str:
    return result.files[f"templates/{name}"].decode()


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      nodeSelector:
        disk: ssd
      initContainers:
      - name: setup
        image: busybox
      containers:
      - name: app
        image: nginx
        env:
        - name: A
          value: "1"
      volumes:
      - name: cache
        emptyDir: {}
      - name: scratch
        emptyDir: {}
"""

CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tidy
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: tidy
            image: busybox
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: app
  annotations:
    team: web
spec:
  type: ClusterIP
  ports:
  - port: 80
"""

CLUSTER_ROLE = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: app
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get]
"""
