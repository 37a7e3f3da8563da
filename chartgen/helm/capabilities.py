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

# The list Helm 3 prints under `helm template` (capabilities/EXPECTED.txt), in Helm's own order.
_HELM3_API_VERSIONS = [
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1alpha1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
]

# Helm 4's list is Helm 3's with the differences render-spec.md documents ("Default APIVersions"), applied in place
# so that Helm's order is kept: one version dropped, one renamed, two inserted before resource.k8s.io/v1beta1.
_HELM4_DROPPED = {"networking.k8s.io/v1alpha1"}
_HELM4_RENAMED = {"storagemigration.k8s.io/v1alpha1": "storagemigration.k8s.io/v1beta1"}
_HELM4_INSERTED_BEFORE = {"resource.k8s.io/v1beta1": ["resource.k8s.io/v1", "resource.k8s.io/v1beta2"]}


def _helm4_api_versions() -> list[str]:
    versions: list[str] = []
    for version in _HELM3_API_VERSIONS:
        if version in _HELM4_DROPPED:
            continue
        versions.extend(_HELM4_INSERTED_BEFORE.get(version, []))
        versions.append(_HELM4_RENAMED.get(version, version))
    return versions


_DEFAULT_API_VERSIONS = {3: _HELM3_API_VERSIONS, 4: _helm4_api_versions()}

_DEFAULT_KUBE_VERSION = {3: "v1.32.0", 4: "v1.35.0"}

# (Version, GitCommit, GitTreeState, GoVersion[, KubeClientVersion]) of the pinned binaries.
_BUILD_INFO = {
    3: ("v3.17.3", "e4da49785aa6e6ee2b86efd5dd9e43400318262b", "clean", "go1.23.7"),
    4: ("v4.1.4", "05fa37973dc9e42b76e1d2883494c87174b6074f", "clean", "go1.25.9", "v1.35"),
}

_PACKAGE = {3: "chartutil", 4: "common"}


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


def _parse_helm3(text: str) -> KubeVersion:
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


def _parse_helm4(text: str) -> KubeVersion:
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


def parse_kube_version(text: str, helm_compat: int = 3) -> KubeVersion:
    """Parse ``--kube-version`` as the given Helm does; a bad value raises Helm's ``invalid kube version`` error."""
    try:
        return _parse_helm4(text) if helm_compat >= 4 else _parse_helm3(text)
    except ValueError as exc:
        raise RenderError(f"invalid kube version '{text}': {exc}") from None


def default_capabilities(helm_compat: int = 3) -> Capabilities:
    """The capabilities ``helm template`` uses without ``--kube-version`` and ``--api-versions``."""
    return build_capabilities(None, [], helm_compat=helm_compat)


def build_capabilities(
    kube_version: str | None, api_versions: list[str], *, helm_compat: int = 3, served: list[str] | None = None
) -> Capabilities:
    """Build ``.Capabilities`` from ``--kube-version`` (None: the default) and ``--api-versions`` arguments.

    Each ``--api-versions`` argument may hold several comma-separated versions; they are appended verbatim.
    ``served`` replaces Helm's offline default list with what a cluster serves (as Helm's install does after
    asking the cluster); ``helm template`` has no such input, so only lint passes it.
    """
    helm = 4 if helm_compat >= 4 else 3
    kube = parse_kube_version(kube_version if kube_version is not None else _DEFAULT_KUBE_VERSION[helm], helm)
    extra = [item for arg in api_versions for item in arg.split(",") if item]
    base = _DEFAULT_API_VERSIONS[helm] if served is None else served
    versions = (_VersionSet4 if helm == 4 else VersionSet)([*base, *extra])
    info = _BUILD_INFO[helm]
    helm_version = _HelmVersion4(*info) if helm == 4 else HelmVersion(*info)
    return (_Capabilities4 if helm == 4 else Capabilities)(kube, versions, helm_version)


def check_kube_version(chart: Any, caps: Capabilities) -> None:
    """Fail as Helm does when the root chart's ``kubeVersion`` constraint rejects the Kubernetes version.

    Helm 3 checks (and prints) the full version; Helm 4 checks the numeric part (``String()``) but prints
    ``Version``, so ``>=1.19.0`` accepts ``1.20.3-gke.1`` only in Helm 4. A constraint that does not parse rejects.
    """
    constraint = str(chart.metadata.get("kubeVersion") or "")
    if not constraint:
        return
    helm_major = 4 if isinstance(caps, _Capabilities4) else 3
    if not _compatible(constraint, caps.KubeVersion.String(), helm_major):
        raise RenderError(
            f"chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {caps.KubeVersion.Version}"
        )


def _compatible(constraint: str, version: str, helm_major: int) -> bool:
    from chartgen.sprig.semver import constraint_matches

    try:
        return bool(constraint_matches(constraint, version, helm_major=helm_major))
    except Exception:  # an unparsable constraint or version is "incompatible", as in Helm's IsCompatibleRange
        return False
