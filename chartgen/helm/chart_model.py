"""A loaded chart as Helm's engine sees it: metadata, default values, templates, other files, subcharts."""

from __future__ import annotations

from typing import Any

from chartgen.records import field, record
from chartgen.sprig.paths import go_clean

__all__ = ["Chart", "ChartFile"]


@record
class ChartFile:
    """One file of a chart; ``name`` is its POSIX path relative to the chart root (``templates/x.yaml``)."""

    name: str
    data: bytes


@record
class Chart:
    """A chart and, through ``dependencies``, its subcharts.

    ``metadata`` is Chart.yaml decoded the way Helm decodes it into ``chart.Metadata`` (JSON field names as keys:
    ``name``, ``version``, ``apiVersion``, ``appVersion``, ``dependencies``...). ``values`` is values.yaml in the
    Go value model. ``templates`` are the files under ``templates/``; ``files`` are those ``.Files`` exposes
    (everything but Chart.yaml, Chart.lock, values.yaml, values.schema.json, templates/ and charts/), which
    includes ``crds/``. ``dependencies`` holds the subcharts found in ``charts/``, in load order; dependency
    processing may drop disabled ones and rename aliased ones (``metadata["name"]`` becomes the alias).
    """

    metadata: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    templates: list[ChartFile] = field(default_factory=list)
    files: list[ChartFile] = field(default_factory=list)
    schema: bytes | None = None
    lock: dict[str, Any] | None = None
    dependencies: list[Chart] = field(default_factory=list)
    parent: Chart | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return str(self.metadata.get("name", ""))

    @property
    def is_root(self) -> bool:
        return self.parent is None

    @property
    def is_library(self) -> bool:
        return self.metadata.get("type") == "library"

    def full_path(self) -> str:
        """Helm's ``ChartFullPath``: ``parent/charts/sub`` — the prefix of template names and ``# Source:`` lines."""
        if self.parent is None:
            return self.name
        return f"{self.parent.full_path()}/charts/{self.name}"

    def file_path(self, name: str) -> str:
        """Helm's ``path.Join(ChartFullPath, name)``: the name of one of the chart's files in template names and
        ``# Source:`` lines. Joining cleans the path, so a chart named ``.`` or ``..`` shifts its files' names."""
        return go_clean(f"{self.full_path()}/{name}")

    def crd_files(self) -> list[ChartFile]:
        """Files under ``crds/`` that Helm installs as CRDs (``.yaml``, ``.yml``, ``.json``, any case)."""
        return [
            f for f in self.files if f.name.startswith("crds/") and f.name.lower().endswith((".yaml", ".yml", ".json"))
        ]
