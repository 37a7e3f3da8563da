"""Values profiles as data: the named render settings a snapshot suite runs a chart through.

A profiles file is YAML::

    volatile:                      # optional, applies to every profile
      - Secret/*-db:data.password
    profiles:
      defaults: {}
      kube-system:
        description: critical add-on in kube-system
        namespace: kube-system
        release: iko
        values: {criticalAddon: true}
        set: [rbac.create=false]
        kube-version: "1.12.0"
        charts: [stock]          # optional: only for the charts a suite labels so (default: every chart)
        volatile:
          - path: Secret/x:data.token
            alphabet: A-Za-z0-9+/=

Keeping the matrix in a file rather than in test code lets users add a case without writing Python, and lets
the snapshot header name the profile a file was recorded with.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from chartgen.bounded_io import InputStalledError, InputTooLargeError, read_bounded
from chartgen.helm.options import RenderOptions
from chartgen.limits import SMALL_FILE_BYTES
from chartgen.records import field, record
from chartgen.snapshot.normalise import VolatilePath, load_yaml

__all__ = ["Profile", "ProfileError", "load_profiles", "parse_profiles"]

_LIST_KEYS = {
    "values-files": "values_files",
    "set": "set_values",
    "set-string": "set_string",
    "set-json": "set_json",
    "api-versions": "api_versions",
}
_TEXT_KEYS = {
    "namespace": "namespace",
    "release": "release",
    "kube-version": "kube_version",
    "description": "description",
}
_KNOWN = {*_LIST_KEYS, *_TEXT_KEYS, "values", "volatile", "charts"}


class ProfileError(ValueError):
    """A profiles file that cannot be used; the message names the file and the profile."""


@record
class Profile:
    """One named set of render settings. Paths in ``values_files`` are already resolved."""

    name: str
    description: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    values_files: list[str] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    set_string: list[str] = field(default_factory=list)
    set_json: list[str] = field(default_factory=list)
    namespace: str = "default"
    release: str = "release-name"
    kube_version: str | None = None
    api_versions: list[str] = field(default_factory=list)
    volatile: list[VolatilePath] = field(default_factory=list)
    # Labels of the charts this profile is meant for, in a suite that renders several; None: every chart.
    charts: list[str] | None = None

    def applies_to(self, chart_label: str) -> bool:
        return self.charts is None or chart_label in self.charts

    @contextmanager
    def render_options(self, helm_compat: int = 3) -> Iterator[RenderOptions]:
        """The ``RenderOptions`` for this profile, valid inside the ``with`` block.

        Inline ``values`` go through a temporary values file (as JSON, which is YAML) so they are merged exactly
        like ``-f``: after the profile's values files, before ``set``.
        """
        files = list(self.values_files)
        temp: str | None = None
        if self.values:
            fd, temp = tempfile.mkstemp(prefix=f"chartgen-profile-{self.name}-", suffix=".yaml")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.values, handle)
            files.append(temp)
        try:
            yield RenderOptions(
                release_name=self.release,
                namespace=self.namespace,
                values_files=files,
                set_values=list(self.set_values),
                set_string=list(self.set_string),
                set_json=list(self.set_json),
                kube_version=self.kube_version,
                api_versions=list(self.api_versions),
                helm_compat=helm_compat,
                # Snapshots replace generated keys with descriptions, so one key per kind per process is enough.
                reuse_generated_keys=True,
            )
        finally:
            if temp is not None:
                Path(temp).unlink(missing_ok=True)

    def settings(self) -> dict[str, Any]:
        """What this profile changes from a plain render, as data (for the snapshot header)."""
        out: dict[str, Any] = {}
        if self.release != "release-name":
            out["release"] = self.release
        if self.namespace != "default":
            out["namespace"] = self.namespace
        if self.kube_version:
            out["kube-version"] = self.kube_version
        for key, attr in _LIST_KEYS.items():
            if getattr(self, attr):
                # Values files are shown by name only: their absolute location differs between machines.
                items = getattr(self, attr)
                out[key] = [Path(p).name for p in items] if key == "values-files" else list(items)
        if self.values:
            out["values"] = self.values
        return out


def load_profiles(path: str | os.PathLike[str]) -> dict[str, Profile]:
    """Read a profiles file; ``values-files`` entries are resolved against the file's folder."""
    p = Path(path)
    try:
        text = read_bounded(p, SMALL_FILE_BYTES, "profiles file", str(path)).decode("utf-8")
    except (InputTooLargeError, InputStalledError) as exc:
        raise ProfileError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: cannot read profiles file: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profiles file: {exc.strerror}") from None
    try:
        data = load_yaml(text, str(path))
    except ValueError as exc:
        raise ProfileError(f"{path}: not valid YAML: {exc}") from None
    return parse_profiles(data, str(path), p.parent)


def parse_profiles(data: Any, where: str, base_dir: Path) -> dict[str, Profile]:
    """Profiles from already parsed YAML ``data``; ``where`` names the file in messages."""
    if not isinstance(data, dict) or not isinstance(data.get("profiles"), dict):
        raise ProfileError(f"{where}: expected a mapping with a 'profiles' mapping (name -> settings)")
    unknown = sorted(set(data) - {"profiles", "volatile"})
    if unknown:
        raise ProfileError(f"{where}: unknown top-level key {unknown[0]!r} (expected 'profiles' and 'volatile')")
    common = _volatile(data.get("volatile") or [], f"{where}: volatile")
    out: dict[str, Profile] = {}
    for name, raw in data["profiles"].items():
        out[str(name)] = _profile(str(name), raw, f"{where}: profile {name!r}", base_dir, common)
    return out


def _profile(name: str, raw: Any, where: str, base_dir: Path, common: list[VolatilePath]) -> Profile:
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise ProfileError(f"{where}: expected a mapping of settings")
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise ProfileError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(_KNOWN))})")
    profile = Profile(name=name, volatile=list(common))
    for key, attr in _TEXT_KEYS.items():
        if key in raw:
            value = raw[key]
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise ProfileError(f"{where}: {key} must be a string")
            setattr(profile, attr, str(value))
    for key, attr in _LIST_KEYS.items():
        if key in raw:
            items = raw[key]
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ProfileError(f"{where}: {key} must be a list of strings")
            if key == "values-files":
                items = [str(base_dir / i) for i in items]
            setattr(profile, attr, list(items))
    if "charts" in raw:
        charts = raw["charts"]
        if not isinstance(charts, list) or not all(isinstance(c, str) for c in charts):
            raise ProfileError(f"{where}: charts must be a list of chart labels")
        profile.charts = list(charts)
    if "values" in raw:
        if not isinstance(raw["values"], dict):
            raise ProfileError(f"{where}: values must be a mapping")
        profile.values = raw["values"]
    profile.volatile += _volatile(raw.get("volatile") or [], f"{where}: volatile")
    return profile


def _volatile(items: Any, where: str) -> list[VolatilePath]:
    if not isinstance(items, list):
        raise ProfileError(f"{where}: expected a list")
    out = []
    for item in items:
        try:
            if isinstance(item, str):
                out.append(VolatilePath.parse(item))
            elif isinstance(item, dict) and isinstance(item.get("path"), str) and set(item) <= {"path", "alphabet"}:
                alphabet = item.get("alphabet")
                out.append(VolatilePath.parse(item["path"], None if alphabet is None else str(alphabet)))
            else:
                raise ValueError("expected 'Kind/name:path' or a mapping with 'path' and optionally 'alphabet'")
        except ValueError as exc:
            raise ProfileError(f"{where}: {exc}") from None
    return out
