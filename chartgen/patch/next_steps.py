"""The commands a user runs after ``chartgen patch``: each overlay may declare them as a template (``next_steps``
in its overlay.yaml), rendered with its parameters and the chart's path, release and namespace.

The remote-target overlay's steps run as printed, in order, from the folder ``chartgen patch`` ran in, given two
admin kubeconfigs and the one thing chartgen cannot know: the address at which the home cluster's pods reach the
work cluster's API server. ``tests/e2e/test_next_steps.py`` runs them against two real clusters.
"""

from __future__ import annotations

from collections.abc import Sequence

from chartgen.patch.overlay_spec import Overlay
from chartgen.patch.snippets import render

# The placeholder the remote-target overlay's steps print for the work cluster's API server; the end-to-end test
# replaces exactly this.
WORK_API_PLACEHOLDER = "https://<work-api>:6443"


def next_steps(
    overlays: Sequence[Overlay], parameters: dict[str, dict[str, str]], chart_path: str, release: str, namespace: str
) -> list[str]:
    """The next steps each overlay declares, in the order applied."""
    out = []
    for overlay in overlays:
        if overlay.next_steps_file is None:
            continue
        context = {
            **parameters.get(overlay.name, {}),
            "chart_path": chart_path,
            "release": release,
            "namespace": namespace,
        }
        text = render(overlay.read(overlay.next_steps_file), context, overlay.display(overlay.next_steps_file))
        out.append(text.strip("\n"))
    return out
