"""``--output-dir``: one file per template, holding its documents in printed order, as helm writes them."""

from __future__ import annotations

import posixpath
import re

from chartgen.errors import RenderError

__all__ = ["files_by_source"]

_DOCUMENT = re.compile(r"^---\n# Source: (?P<source>[^\n]+)\n", re.MULTILINE)


def files_by_source(output: str) -> dict[str, bytes]:
    """Split ``helm template`` output by its ``# Source:`` lines into {template path: file content}."""
    files: dict[str, str] = {}
    matches = list(_DOCUMENT.finditer(output))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(output)
        chunk = output[match.start() : end]
        if not chunk.endswith("\n"):
            chunk += "\n"
        source = match.group("source")
        normal = posixpath.normpath(source)
        if source.startswith("/") or normal == ".." or normal.startswith("../"):
            # Helm 3 takes charts named ".." or "/", whose template paths would land outside the output folder.
            raise RenderError(f"refusing to write template {source} outside the output directory")
        files[source] = files.get(source, "") + chunk
    return {path: text.encode("utf-8") for path, text in files.items()}
