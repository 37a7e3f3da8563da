"""Snapshot tests of rendered manifests: normalise volatile values, keep one readable YAML file per case.

The pieces: :mod:`.normalise` (manifests → stable YAML document), :mod:`.profiles` (values profiles as data),
:mod:`.render` (render + normalise), :mod:`.linediff` (diffs that name object and field) and
:mod:`.extension` (the syrupy extension; imports syrupy, so it is not imported here).
"""

from chartgen.snapshot.normalise import NormalisedDocument, NormalisedManifests, SnapshotHeader, VolatilePath
from chartgen.snapshot.profiles import Profile, ProfileError, load_profiles
from chartgen.snapshot.render import SNAPSHOT_HELM_COMPAT, render_normalised

__all__ = [
    "SNAPSHOT_HELM_COMPAT",
    "NormalisedDocument",
    "NormalisedManifests",
    "Profile",
    "ProfileError",
    "SnapshotHeader",
    "VolatilePath",
    "load_profiles",
    "render_normalised",
]
