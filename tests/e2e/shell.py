"""A shell for commands as a user types them: chartgen, kubectl and helm on PATH, in a folder of its own.

Commands run through ``bash -e -o pipefail -c``, so redirections, pipes and line continuations work as in the
README, and nothing of the user's environment leaks in: HOME, Helm's folders and a KUBECONFIG that points nowhere
are the folder's own, so every cluster a command reaches is the one its ``--kubeconfig`` names.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helm_binaries import HelmPin, helm_binary

from .kube_build import KubeBinaries


class Shell:
    def __init__(self, folder: Path, kube: KubeBinaries) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._kube = kube
        self._bins: dict[str, Path] = {}

    def _bin(self, helm: HelmPin | None) -> Path:
        label = helm.label if helm else "no-helm"
        if label not in self._bins:
            bin_dir = self.folder.parent / f".{self.folder.name}-bin-{label}"
            bin_dir.mkdir(exist_ok=True)
            chartgen = bin_dir / "chartgen"
            # The chartgen of this checkout, as its console script would run it.
            chartgen.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m chartgen "$@"\n')
            chartgen.chmod(0o755)
            (bin_dir / "kubectl").symlink_to(self._kube.kubectl)
            if helm is not None:
                (bin_dir / "helm").symlink_to(helm_binary(helm))
            self._bins[label] = bin_dir
        return self._bins[label]

    def run(
        self, command: str, helm: HelmPin | None = None, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """Run ``command`` in the folder; with ``check``, a failure raises with the command and its stderr."""
        home = self.folder.parent / f".{self.folder.name}-home"
        env = {
            "PATH": f"{self._bin(helm)}:/usr/bin:/bin",
            "HOME": str(home),
            "HELM_CACHE_HOME": str(home / "helm-cache"),
            "HELM_CONFIG_HOME": str(home / "helm-config"),
            "HELM_DATA_HOME": str(home / "helm-data"),
            "KUBECONFIG": str(home / "no-cluster"),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
        }
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", command],
            cwd=self.folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"`{command}` failed ({done.returncode}):\n{done.stderr}\n{done.stdout}")
        return done
