"""What a render is asked to do: the ``helm template`` flags chartgen understands, as plain data."""

from __future__ import annotations

from chartgen.helmcompat.profile import HelmProfile, profile_for
from chartgen.records import field, record

__all__ = ["RenderOptions"]


@record
class RenderOptions:
    """One ``helm template RELEASE CHART ...`` invocation.

    ``helm_compat`` is ``--helm-compat``: the Helm major (3 or 4) whose behaviour is reproduced where Helm 3.17 and
    4.1 differ; code reads those differences from :attr:`profile`.
    The ``set_*`` lists hold the raw flag arguments in the order given, exactly as Helm receives them.
    """

    release_name: str = "release-name"
    namespace: str = "default"
    values_files: list[str] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    set_string: list[str] = field(default_factory=list)
    set_file: list[str] = field(default_factory=list)
    set_json: list[str] = field(default_factory=list)
    set_literal: list[str] = field(default_factory=list)
    kube_version: str | None = None
    api_versions: list[str] = field(default_factory=list)
    show_only: list[str] = field(default_factory=list)
    include_crds: bool = False
    skip_tests: bool = False
    no_hooks: bool = False
    is_upgrade: bool = False
    helm_compat: int = 3
    # For renders whose output is never applied (lint, snapshots, benchmarks): generated keys are made once per
    # process and shared, which removes the dominant cost of rendering charts that generate certificates.
    reuse_generated_keys: bool = False
    # The API versions a cluster serves, replacing Helm's offline default list in .Capabilities.APIVersions (lint
    # with --kube-version). helm template has no such flag, so a render that must match it leaves this None.
    served_api_versions: list[str] | None = None

    @property
    def profile(self) -> HelmProfile:
        """The differences of the Helm ``helm_compat`` names."""
        return profile_for(self.helm_compat)

    def helm_args(self) -> list[str]:
        """The same request as ``helm template`` arguments after ``RELEASE CHART`` (for the helm engine)."""
        args: list[str] = ["--namespace", self.namespace]
        for path in self.values_files:
            args += ["-f", path]
        for flag, items in (
            ("--set", self.set_values),
            ("--set-string", self.set_string),
            ("--set-file", self.set_file),
            ("--set-json", self.set_json),
            ("--set-literal", self.set_literal),
        ):
            for item in items:
                args += [flag, item]
        if self.kube_version:
            args += ["--kube-version", self.kube_version]
        for api in self.api_versions:
            args += ["--api-versions", api]
        for pattern in self.show_only:
            args += ["--show-only", pattern]
        for flag, on in (
            ("--include-crds", self.include_crds),
            ("--skip-tests", self.skip_tests),
            ("--no-hooks", self.no_hooks),
            ("--is-upgrade", self.is_upgrade),
        ):
            if on:
                args.append(flag)
        return args
