"""``.Capabilities`` under ``helm template``: the Kubernetes version, the API versions and Helm's build info.

Helm 3 and Helm 4 differ in the Go type names (``chartutil`` vs ``common``), the defaults (Kubernetes 1.32 vs 1.35,
56 vs 57 API versions) and in how ``--kube-version`` is parsed: Helm 3 uses Masterminds semver and keeps the whole
normalised version; Helm 4 uses Kubernetes' generic parser and keeps the input as ``Version`` but prints (and
checks ``kubeVersion`` against) the numeric part only.
"""

from __future__ import annotations

import re
from typing import Any

from chartgen import gostrconv
from chartgen.errors import RenderError
from chartgen.gotemplate.gomembers import go_members, go_method
from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import StructFields
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.sprig.semver import constraint_matches

__all__ = [
    "LOOSE_SEMVER",
    "Capabilities",
    "HelmVersion",
    "KubeVersion",
    "VersionSet",
    "build_capabilities",
    "check_kube_version",
    "default_capabilities",
    "parse_kube_version",
]


@go_members(fields=["Version", "Major", "Minor"])
class KubeVersion:
    """``KubeVersion``: exported ``Version``, ``Major``, ``Minor`` and the methods ``String`` and ``GitVersion``.

    Both methods have pointer receivers. As a field of ``*Capabilities`` a KubeVersion is addressable, so they
    are callable there; fmt gets a copy, without them, and prints the struct (``print
    .Capabilities.KubeVersion`` is ``{v1.32.0 1 32}``), and so does a copy taken through ``list`` or ``index``.
    """

    go_type = "chartutil.KubeVersion"
    go_kind = "struct"

    def __init__(self, version: str, major: str, minor: str, normalized: str | None = None) -> None:
        self.Version = version
        self.Major = major
        self.Minor = minor
        # Helm 4's unexported normalizedVersion; Helm 3 has no such field and String() is Version.
        self._normalized = normalized

    @go_method(results=("string",), pointer=True)
    def String(self) -> str:  # noqa: N802 - Go method name
        return self.Version if self._normalized is None else self._normalized

    @go_method(results=("string",), pointer=True)
    def GitVersion(self) -> str:  # noqa: N802
        return self.Version

    def go_json(self) -> StructFields:
        return StructFields(Version=self.Version, Major=self.Major, Minor=self.Minor)

    def __str__(self) -> str:
        return f"{{{self.Version} {self.Major} {self.Minor}}}"


@go_members(unexported=["normalizedVersion"])
class _KubeVersion4(KubeVersion):
    go_type = "common.KubeVersion"

    def __str__(self) -> str:
        # fmt prints unexported fields too, in declaration order: Version, normalizedVersion, Major, Minor.
        return f"{{{self.Version} {self._normalized} {self.Major} {self.Minor}}}"


@go_members()
class VersionSet(list):
    """``VersionSet``: a ``[]string`` of API versions with the method ``Has``."""

    go_type = "chartutil.VersionSet"
    go_kind = "slice"
    go_underlying = "[]string"

    @go_method("string", results=("bool",))
    def Has(self, api_version: str) -> bool:  # noqa: N802
        return api_version in self


class _VersionSet4(VersionSet):
    go_type = "common.VersionSet"


# version.BuildInfo's fields and their json tags, in declaration order.
_BUILD_FIELDS = (
    ("Version", "version"),
    ("GitCommit", "git_commit"),
    ("GitTreeState", "git_tree_state"),
    ("GoVersion", "go_version"),
)


@go_members(fields=[attr for attr, _ in _BUILD_FIELDS])
class HelmVersion:
    """``version.BuildInfo`` of the Helm being reproduced (Helm 3's, without ``KubeClientVersion``)."""

    go_type = "version.BuildInfo"
    go_kind = "struct"
    _json_fields = _BUILD_FIELDS

    def __init__(self, version: str, commit: str, tree_state: str, go_version: str) -> None:
        self.Version = version
        self.GitCommit = commit
        self.GitTreeState = tree_state
        self.GoVersion = go_version

    def _fields(self) -> list[tuple[str, str]]:
        return [(key, getattr(self, attr)) for attr, key in self._json_fields]

    def go_json(self) -> StructFields:
        return StructFields(self._fields())

    def __str__(self) -> str:
        return "{" + " ".join(value for _, value in self._fields()) + "}"


@go_members(fields=["KubeClientVersion"])
class _HelmVersion4(HelmVersion):
    """Helm 4's ``version.BuildInfo``, which adds ``KubeClientVersion``."""

    _json_fields = (*_BUILD_FIELDS, ("KubeClientVersion", "kube_client_version"))

    def __init__(self, version: str, commit: str, tree_state: str, go_version: str, kube_client: str) -> None:
        super().__init__(version, commit, tree_state, go_version)
        self.KubeClientVersion = kube_client


@go_members(fields=["KubeVersion", "APIVersions", "HelmVersion"])
class Capabilities:
    """``*Capabilities``: ``KubeVersion``, ``APIVersions``, ``HelmVersion``, and the method ``Copy``."""

    go_type = "*chartutil.Capabilities"
    go_kind = "ptr"

    def __init__(self, kube_version: KubeVersion, api_versions: VersionSet, helm_version: HelmVersion) -> None:
        self.KubeVersion = kube_version
        self.APIVersions = api_versions
        self.HelmVersion = helm_version

    @go_method(results=("*chartutil.Capabilities",), pointer=True)
    def Copy(self) -> Capabilities:  # noqa: N802
        return type(self)(self.KubeVersion, type(self.APIVersions)(self.APIVersions), self.HelmVersion)

    def go_json(self) -> StructFields:
        return StructFields(
            KubeVersion=self.KubeVersion.go_json(),
            APIVersions=list(self.APIVersions),
            HelmVersion=self.HelmVersion.go_json(),
        )

    def __str__(self) -> str:
        # %v of a pointer to a struct: "&{...}", each field printed from a copy (KubeVersion without String()).
        return f"&{{{self.KubeVersion} {to_text(self.APIVersions)} {self.HelmVersion}}}"


class _Capabilities4(Capabilities):
    go_type = "*common.Capabilities"


# Masterminds/semver's loose form: up to three numeric parts, optional pre-release and build metadata.
LOOSE_SEMVER = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(?:-([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?"
    r"(?:\+([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?"
)
# k8s.io/apimachinery version.ParseGeneric: dotted numbers, anything after is ignored.
_GENERIC = re.compile(r"\s*v?([0-9]+(?:\.[0-9]+)*)(.*)", re.DOTALL)


def _parse_semver(text: str) -> KubeVersion:
    match = LOOSE_SEMVER.fullmatch(text)
    if match is None:
        raise ValueError("Invalid Semantic Version")
    numbers = []
    for part in match.group(1, 2, 3):
        digits = (part or "0").lstrip(".")
        try:
            numbers.append(gostrconv.parse_uint(digits, 10))
        except gostrconv.NumError as exc:
            raise ValueError(f"Error parsing version segment: {exc}") from None
    pre, meta = match.group(4), match.group(5)
    for ident in (pre or "").split(".") if pre else []:
        if ident.isdigit() and len(ident) > 1 and ident.startswith("0"):
            raise ValueError("Version segment starts with 0")
    text = ".".join(str(n) for n in numbers) + (f"-{pre}" if pre else "") + (f"+{meta}" if meta else "")
    return KubeVersion("v" + text, str(numbers[0]), str(numbers[1]))


def _parse_generic(text: str) -> KubeVersion:
    match = _GENERIC.fullmatch(text)
    if match is None:
        raise ValueError(f"could not parse {gostrconv.quote(text)} as version")
    components = match.group(1).split(".")
    if len(components) < 2:
        raise ValueError(f"illegal version string {gostrconv.quote(text)}")
    numbers = []
    for i, comp in enumerate(components):
        if i == 0 and comp.startswith("0") and comp != "0":
            raise ValueError(
                f"illegal zero-prefixed version component {gostrconv.quote(comp)} in {gostrconv.quote(text)}"
            )
        try:
            numbers.append(gostrconv.parse_uint(comp, 10))
        except gostrconv.NumError as exc:
            raise ValueError(
                f"illegal non-numeric version component {gostrconv.quote(comp)} in {gostrconv.quote(text)}: {exc}"
            ) from None
    # Version keeps the input as given (with a "v" put in front); String() is the numeric part only.
    version = "v" + text.removeprefix("v")
    normalized = "v" + ".".join(str(n) for n in numbers)
    return _KubeVersion4(version, str(numbers[0]), str(numbers[1]), normalized)


def parse_kube_version(text: str, profile: HelmProfile = HELM_3) -> KubeVersion:
    """Parse ``--kube-version`` as the given Helm does; a bad value raises Helm's ``invalid kube version`` error."""
    try:
        return _parse_generic(text) if profile.generic_kube_version else _parse_semver(text)
    except ValueError as exc:
        raise RenderError(f"invalid kube version '{text}': {exc}") from None


def default_capabilities(profile: HelmProfile = HELM_3) -> Capabilities:
    """The capabilities ``helm template`` uses without ``--kube-version`` and ``--api-versions``."""
    return build_capabilities(None, [], profile=profile)


def build_capabilities(
    kube_version: str | None,
    api_versions: list[str],
    *,
    profile: HelmProfile = HELM_3,
    served: list[str] | None = None,
) -> Capabilities:
    """Build ``.Capabilities`` from ``--kube-version`` (None: the default) and ``--api-versions`` arguments.

    Each ``--api-versions`` argument may hold several comma-separated versions; they are appended verbatim.
    ``served`` replaces Helm's offline default list with what a cluster serves (as Helm's install does after
    asking the cluster); ``helm template`` has no such input, so only lint passes it.
    """
    kube = parse_kube_version(kube_version if kube_version is not None else profile.default_kube_version, profile)
    extra = [item for arg in api_versions for item in arg.split(",") if item]
    base = profile.default_api_versions if served is None else served
    common = profile.common_package
    versions = (_VersionSet4 if common else VersionSet)([*base, *extra])
    # Helm 4's BuildInfo adds KubeClientVersion, the fifth element of its build_info.
    helm_version = (
        _HelmVersion4(*profile.build_info) if len(profile.build_info) > 4 else HelmVersion(*profile.build_info)
    )
    return (_Capabilities4 if common else Capabilities)(kube, versions, helm_version)


def check_kube_version(chart: Any, caps: Capabilities, profile: HelmProfile) -> None:
    """Fail as Helm does when the root chart's ``kubeVersion`` constraint rejects the Kubernetes version.

    Helm 3 checks (and prints) the full version; Helm 4 checks the numeric part (``String()``) but prints
    ``Version``, so ``>=1.19.0`` accepts ``1.20.3-gke.1`` only in Helm 4. A constraint that does not parse rejects.
    """
    constraint = str(chart.metadata.get("kubeVersion") or "")
    if not constraint:
        return
    if not _compatible(constraint, caps.KubeVersion.String(), profile):
        raise RenderError(
            f"chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {caps.KubeVersion.Version}"
        )


def _compatible(constraint: str, version: str, profile: HelmProfile) -> bool:
    try:
        return bool(constraint_matches(constraint, version, v3_4=profile.semver_3_4))
    except Exception:  # an unparsable constraint or version is "incompatible", as in Helm's IsCompatibleRange
        return False
