"""Rule families, one module each; importing this package registers every rule."""

from __future__ import annotations

import importlib

FAMILIES = ("chart", "values", "manifests", "api_validation", "pod_security", "invariants", "kubeconfig", "config")

for _family in FAMILIES:
    importlib.import_module(f"chartgen.lint.rules.{_family}")
