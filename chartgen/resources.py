"""Where the bundled data lives: the base chart, the overlays and the schemas.

In an installed wheel they sit under ``chartgen/_data``; in a source checkout (editable install, or tests run
from the repository) they sit at the top of the repository, where the design card keeps them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_root() -> Path:
    packaged = Path(str(resources.files("chartgen"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def base_chart_dir() -> Path:
    return data_root() / "base-chart" / "iris-operator"


def overlays_dir() -> Path:
    return data_root() / "overlays"


def schemas_dir() -> Path:
    return data_root() / "schemas"


def schema_path(name: str) -> Path:
    return schemas_dir() / name
