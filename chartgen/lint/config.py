"""``.chartgen.yaml``: rules switched off and findings suppressed, each suppression with a reason and an expiry.

The file is found by walking up from the chart directory to the repository root or the home folder (the first
``.chartgen.yaml`` wins) or given with ``--config``; every report names the file used, or says there was none.
Its shape is ``schemas/lint-config.schema.json``; a file that breaks it stops the run (exit 2) with the
file:line:column of the offending value, because a silently ignored suppression is worse than none.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chartgen import resources
from chartgen.bounded_io import InputStalledError, InputTooLargeError, read_bounded
from chartgen.errors import Location, UsageError
from chartgen.findings import Finding
from chartgen.limits import SMALL_FILE_BYTES
from chartgen.records import field, record
from chartgen.yamlread.roundtrip import load_yaml, position_of

__all__ = [
    "CONFIG_NAME",
    "LintConfig",
    "LintConfigError",
    "Suppression",
    "find_config",
    "load_config",
    "search_folders",
]

CONFIG_NAME = ".chartgen.yaml"
SCHEMA_NAME = "lint-config.schema.json"


class LintConfigError(UsageError):
    """The lint configuration file is unreadable or does not match its schema (exit 2)."""


@record(frozen=True)
class Suppression:
    """Silences findings of ``rule`` whose file matches ``path`` (a glob) and whose object is ``object``.

    ``where`` is the suppression's own place in the config file, so an expired one can be reported there.
    """

    rule: str
    reason: str
    path: str | None = None
    object: str | None = None
    expires: datetime.date | None = None
    where: Location | None = None

    def expired(self, today: datetime.date) -> bool:
        # The expiry day itself still counts: "expires: 2025-06-30" works through the 30th.
        return self.expires is not None and today > self.expires

    def matches(self, finding: Finding, bases: Iterable[Path]) -> bool:
        if finding.rule_id != self.rule:
            return False
        if self.object is not None and finding.location.object != self.object:
            return False
        return self.path is None or _path_matches(self.path, finding.location.path, bases)


@record
class LintConfig:
    """A loaded configuration; ``source`` is the file it came from (None for the empty default)."""

    source: Path | None = None
    disable: list[str] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    # Pod Security Standard levels (privileged, baseline, restricted; none for privileged): the one the chart
    # must meet, whose controls are errors, and the one only warned about. None: lint's defaults.
    pod_security_enforce: str | None = None
    pod_security_warn: str | None = None


def _path_matches(pattern: str, path: str, bases: Iterable[Path]) -> bool:
    """A glob matches the path as reported, or the path relative to the chart or to the config's folder."""
    candidates = {path.replace(os.sep, "/")}
    absolute = Path(path).resolve()
    for base in bases:
        try:
            candidates.add(absolute.relative_to(base.resolve()).as_posix())
        except ValueError:
            continue
    return any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates)


def find_config(chart_dir: Path) -> Path | None:
    """The nearest ``.chartgen.yaml`` from the chart directory up to its repository's root (the folder holding
    ``.git``) or the user's home folder, whichever comes first. A chart in neither is searched in its own folder
    only: a file in a shared parent such as ``/tmp``, written by anyone, must not switch rules off."""
    start = chart_dir.resolve()
    if not start.is_dir():
        start = start.parent
    for folder in search_folders(start):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def search_folders(start: Path) -> list[Path]:
    """``start`` and its parents up to the first repository root or home folder; ``[start]`` when there is none."""
    try:
        home: Path | None = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder known to this process
        home = None
    folders = []
    for folder in (start, *start.parents):
        folders.append(folder)
        if folder == home or (folder / ".git").exists():
            return folders
    return [start]


def load_config(path: Path | None, display: str | None = None) -> LintConfig:
    """Read and validate a config file; ``None`` gives the empty configuration. Raises LintConfigError."""
    if path is None:
        return LintConfig()
    where = display or str(path)
    try:
        text = read_bounded(path, SMALL_FILE_BYTES, "lint config", where).decode("utf-8")
    except (InputTooLargeError, InputStalledError) as exc:
        raise LintConfigError(exc.message, exc.location) from None
    except UnicodeDecodeError as exc:
        raise LintConfigError(f"cannot read lint config: not UTF-8 text (byte {exc.start})", Location(where)) from None
    except OSError as exc:
        raise LintConfigError(f"cannot read lint config: {exc.strerror or exc}", Location(where)) from None
    doc = load_yaml(text, where, LintConfigError)
    if doc is None:
        return LintConfig(source=path)
    import jsonschema  # only a lint run with a config file pays for it

    plain = _plain(doc)
    schema = json.loads(resources.schema_path(SCHEMA_NAME).read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft7Validator(schema).iter_errors(plain), key=lambda e: [str(p) for p in e.absolute_path]
    )
    if errors:
        error = errors[0]
        parts = list(error.absolute_path)
        pos = position_of(doc, parts)
        dotted = ".".join(map(str, parts)) or "(top level)"
        raise LintConfigError(f"invalid lint config: {dotted}: {error.message}", Location(where, *(pos or ())))
    section = plain.get("lint") or {}
    suppressions = []
    for index, item in enumerate(section.get("suppressions", [])):
        pos = position_of(doc, ["lint", "suppressions", index])
        location = Location(where, *(pos or ()))
        expires = None
        if "expires" in item:
            try:
                expires = datetime.date.fromisoformat(item["expires"])
            except ValueError:
                raise LintConfigError(
                    f"invalid lint config: expires {item['expires']!r} is not a calendar date (YYYY-MM-DD)",
                    Location(where, *(position_of(doc, ["lint", "suppressions", index, "expires"]) or ())),
                ) from None
        suppressions.append(
            Suppression(item["rule"], item["reason"], item.get("path"), item.get("object"), expires, location)
        )
    pod_security = section.get("podSecurity") or {}
    return LintConfig(
        source=path,
        disable=list(section.get("disable", [])),
        suppressions=suppressions,
        pod_security_enforce=pod_security.get("enforce"),
        pod_security_warn=pod_security.get("warn"),
    )


def _plain(node: Any) -> Any:
    # YAML reads an unquoted 2025-06-30 as a date; the schema speaks of strings, so give it the ISO text.
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()[:10] if not isinstance(node, datetime.datetime) else node.isoformat()
    return node
