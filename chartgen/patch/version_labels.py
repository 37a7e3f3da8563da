"""Keeping label values valid once the chart version carries SemVer build metadata.

chartgen marks a patched chart's version with ``+chartgen.<overlays>``. Charts commonly put
``.Chart.Version`` into a label (the IKO chart's ``chart: "<name>-<version>"``), and ``+`` is not allowed in
a Kubernetes label value, so the API server would reject every object of the release. Helm's own chart
scaffold solves this with ``replace "+" "_"``; chartgen rewrites each ``.Chart.Version`` inside a template
action the same way. The rendered value only changes when the version has build metadata.
"""

from __future__ import annotations

import re

_ACTION = re.compile(r"\{\{.*?\}\}", re.S)
_VERSION = re.compile(r"(?<![\w.)\]])(\$?\.Chart\.Version)\b(?!\s*\|\s*replace\s+\"\+\")")
SAFE = r'(\1 | replace "+" "_")'


def label_safe_versions(text: str) -> str:
    return _ACTION.sub(lambda m: _VERSION.sub(SAFE, m.group(0)), text)
