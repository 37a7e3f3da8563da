"""The values a user passes: ``-f`` files, then the ``--set`` family, merged as Helm's ``MergeValues`` does."""

from __future__ import annotations

from typing import Any

from chartgen.bounded_io import read_bounded
from chartgen.errors import RenderError
from chartgen.helm.coalesce import UserValuesError, merge_user_values
from chartgen.helm.options import RenderOptions
from chartgen.helm.yaml_load import ValuesLoadError, load_values
from chartgen.limits import VALUES_FILE_BYTES

__all__ = ["read_user_values"]


def _read(path: str, what: str = "values file") -> bytes:
    try:
        return read_bounded(path, VALUES_FILE_BYTES, what)
    except FileNotFoundError:
        raise OSError(f"open {path}: no such file or directory") from None
    except IsADirectoryError:
        raise OSError(f"read {path}: is a directory") from None
    except PermissionError:
        raise OSError(f"open {path}: permission denied") from None


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def read_user_values(options: RenderOptions) -> dict[str, Any]:
    """The merged user values; raises RenderError with Helm's message."""
    loaded = []
    try:
        for item in options.values_files:
            # Helm splits -f on commas itself (a StringSlice flag).
            for path in item.split(","):
                loaded.append(load_values(_text(_read(path)), path, profile=options.profile))
        return merge_user_values(
            loaded,
            set_json=options.set_json,
            set_values=options.set_values,
            set_string=options.set_string,
            set_file=options.set_file,
            set_literal=options.set_literal,
            read_file=lambda path: _text(_read(path, "--set-file file")),
            profile=options.profile,
        )
    except (OSError, ValuesLoadError, UserValuesError) as exc:
        raise RenderError(str(exc)) from None
