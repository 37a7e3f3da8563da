"""Offline checks of a kubeconfig before it becomes the remote-target Secret (``chartgen kubeconfig check`` and
``chartgen lint --kubeconfig``). Findings name fields, never their values: a kubeconfig holds credentials."""

from __future__ import annotations

from chartgen.kubeconfig.checks import CHECKS, KubeconfigCheck, check_kubeconfig, judge_document
from chartgen.kubeconfig.document import (
    KubeconfigDocument,
    KubeconfigError,
    KubeconfigParseError,
    KubeconfigReadError,
    load_kubeconfig,
    parse_kubeconfig,
)

__all__ = [
    "CHECKS",
    "KubeconfigCheck",
    "KubeconfigDocument",
    "KubeconfigError",
    "KubeconfigParseError",
    "KubeconfigReadError",
    "check_kubeconfig",
    "judge_document",
    "load_kubeconfig",
    "parse_kubeconfig",
]
