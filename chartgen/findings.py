"""Findings: what a check (a lint rule, a kubeconfig check) says about its input, at a place, with a severity.

A neutral vocabulary below every producer and every report, so the kubeconfig checks and the lint rules share it
without importing each other.
"""

from __future__ import annotations

import enum

from chartgen.errors import Location
from chartgen.records import record

__all__ = ["Finding", "Severity"]


class Severity(enum.IntEnum):
    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@record(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    location: Location
