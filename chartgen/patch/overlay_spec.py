"""Loading overlay definitions (``overlays/<name>/overlay.yaml``) and checking them and their parameters."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from chartgen import resources
from chartgen.bounded_io import read_bounded
from chartgen.chartio.paths import UnsafePath, inside
from chartgen.errors import Location, OverlayError, UsageError
from chartgen.limits import SMALL_FILE_BYTES
from chartgen.patch.address import Address
from chartgen.patch.conditions import check_condition
from chartgen.patch.operations import Operation
from chartgen.patch.patterns import overlay_pattern
from chartgen.records import field, record
from chartgen.yamlread.roundtrip import load_yaml, position_of
from chartgen.yamlread.schema_errors import located, schema_problem

OVERLAY_FOLDER = "the overlay folder"
# The overlay chartgen exists for: the default of `patch`, `diff` and `target bundle`, the subject of lint's
# remote-target rules and the source of the kubeconfig Secret's default key.
REMOTE_TARGET = "remote-target"


@record(frozen=True)
class Target:
    kind: str
    field: str
    container: str | None = None

    def describe(self) -> str:
        where = f"container {self.container!r}" if self.container else "pod spec"
        return f"{self.kind} pod template, {where}, field {self.field!r}"


@record(frozen=True)
class Insertion:
    id: str
    target: Target
    when: str
    expect: int
    snippet: str
    refuse_if_present: str | None = None


@record(frozen=True)
class Fill:
    """A key written into every literal item of a sequence that lacks it (``target_path`` from the top of each
    document of ``kind``), guarded by ``when``; ``expect`` counts the sequences found."""

    id: str
    kind: str
    sequence: tuple[str, ...]
    key: str
    value: str
    when: str
    expect: int

    def describe(self) -> str:
        return f"{self.kind} {'.'.join(self.sequence)}"


@record(frozen=True)
class Shortcut:
    """A ``chartgen patch`` option that sets one parameter of its overlay (``--remote-secret`` -> ``secretName``)."""

    flag: str
    parameter: str
    help: str
    metavar: str = "VALUE"
    required: bool = False
    shown: str | None = None  # the stand-in where the chart is only looked at

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")


@record
class Overlay:
    name: str
    folder: Path
    summary: str
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    charts: list[str] | None = None
    values_file: str | None = None
    owns: list[str] = field(default_factory=list)
    schema_file: str | None = None
    files: list[tuple[str, str]] = field(default_factory=list)
    insertions: list[Insertion] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    notes_file: str | None = None
    notes_when: str | None = None
    operations: list[Operation] = field(default_factory=list)
    shortcuts: list[Shortcut] = field(default_factory=list)
    next_steps_file: str | None = None
    # name -> settings (description, release, namespace, values, set), as in a snapshot profiles file
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    composes_with: list[str] = field(default_factory=list)
    # {"name": parameter, "key": parameter}: the Secret holding a kubeconfig, for `chartgen kubeconfig secret`
    kubeconfig_secret: dict[str, str] | None = None
    invariants: dict[str, Any] | None = None  # what lint checks on a chart carrying it (patch/invariants.py)

    def read(self, name: str) -> str:
        return _read_text(self.folder / name)

    def display(self, name: str) -> str:
        return str(self.folder / name)

    def resolve_parameters(self, given: dict[str, str]) -> dict[str, str]:
        """Defaults filled in, unknown names refused, every value checked against its pattern."""
        unknown = sorted(set(given) - set(self.parameters))
        if unknown:
            known = ", ".join(sorted(self.parameters)) or "none"
            raise UsageError(f"overlay {self.name!r} has no parameter {unknown[0]!r} (it takes: {known})")
        resolved = {}
        for pname, spec in self.parameters.items():
            value = given.get(pname, spec.get("default"))
            if value is None:
                raise UsageError(f"overlay {self.name!r} needs parameter {pname!r}: {spec['description']}")
            pattern = spec.get("pattern")
            too_long = "maxLength" in spec and len(value) > spec["maxLength"]
            whole = (
                overlay_pattern(f"^(?:{pattern})$", f"overlay {self.name!r}: parameter {pname!r}") if pattern else None
            )
            if too_long or (whole is not None and not whole.search(value)):
                hint = spec.get("hint", f"it must match {pattern}")
                raise UsageError(f"invalid {pname} {value!r} for overlay {self.name!r}: {hint}")
            resolved[pname] = value
        return resolved


def _read_text(path: Path) -> str:
    """A file of an overlay folder; ``--overlay-dir`` folders are the user's, so read within bounds."""
    try:
        return read_bounded(path, SMALL_FILE_BYTES, "overlay file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OverlayError(f"not UTF-8 text (byte {exc.start})", Location(str(path))) from None
    except OSError as exc:
        raise OverlayError(f"cannot read it: {exc.strerror or exc}", Location(str(path))) from None


def search_path(extra_dirs: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """User folders first, so a user's overlay may shadow a bundled one of the same name."""
    return [Path(d) for d in extra_dirs] + [resources.overlays_dir()]


def available(extra_dirs: list[str] | tuple[str, ...] = ()) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for base in search_path(extra_dirs):
        if not base.is_dir():
            continue
        for sub in sorted(base.iterdir()):
            if (sub / "overlay.yaml").is_file():
                found.setdefault(sub.name, sub)
    return found


def check_overlay_dirs(extra_dirs: list[str] | tuple[str, ...]) -> None:
    """A mistyped ``--overlay-dir`` is an error, not a silently empty search path."""
    for d in extra_dirs:
        if not Path(d).is_dir():
            raise UsageError(f"--overlay-dir {d}: no such directory")


def load_overlay(name: str, extra_dirs: list[str] | tuple[str, ...] = ()) -> Overlay:
    check_overlay_dirs(extra_dirs)
    folders = available(extra_dirs)
    if name not in folders:
        names = ", ".join(sorted(folders)) or "none"
        raise UsageError(f"no overlay named {name!r} (available: {names})")
    return parse_overlay(folders[name])


def read_bundled_declarations(folder: Path) -> dict[str, Any]:
    """A bundled overlay's ``overlay.yaml`` as plain data, read by libyaml and not checked against the schema.

    Lint registers the bundled overlays' invariants every time it starts, where the full :func:`parse_overlay`
    (ruamel and the schema check) would cost more than linting a small chart. The files ship with chartgen and the
    suite parses each with :func:`parse_overlay`; a user's overlay never comes through here."""
    import yaml

    from chartgen.yamlread.manifests import manifest_loader

    data = yaml.load(_read_text(folder / "overlay.yaml"), Loader=manifest_loader())  # noqa: S506 - a safe loader
    return data if isinstance(data, dict) else {}


def parse_overlay(folder: Path) -> Overlay:
    where = str(folder / "overlay.yaml")
    text = _read_text(folder / "overlay.yaml")
    data = json.loads(json.dumps(load_yaml(text, where, OverlayError, positions=False)))
    schema = json.loads(resources.schema_path("overlay.schema.json").read_text(encoding="utf-8"))
    problem = schema_problem(schema, data)
    if problem is not None:
        raise OverlayError(f"{problem.dotted}: {problem.message}", located(text, where, problem.path, OverlayError))
    if data["name"] != folder.name:
        raise OverlayError(
            f"overlay name {data['name']!r} differs from its folder's name {folder.name!r}", Location(where)
        )
    _check_paths(folder, data, text, where)
    overlay = Overlay(
        name=data["name"],
        folder=folder,
        summary=data["summary"],
        parameters=data.get("parameters", {}),
        charts=data.get("charts"),
        values_file=data.get("values", {}).get("file"),
        owns=data.get("values", {}).get("owns", []),
        schema_file=data.get("schema"),
        files=[(posixpath.normpath(f["path"]), f["source"]) for f in data.get("files", [])],
        insertions=[
            Insertion(
                id=i["id"],
                target=Target(**i["target"]),
                when=i["when"],
                expect=i["expect"],
                snippet=i["snippet"],
                refuse_if_present=i.get("refuse_if_present"),
            )
            for i in data.get("insertions", [])
        ],
        fills=[
            Fill(
                id=f["id"],
                kind=f["target"]["kind"],
                sequence=tuple(f["target"]["sequence"].split(".")),
                key=f["key"],
                value=f["value"],
                when=f["when"],
                expect=f["expect"],
            )
            for f in data.get("fills", [])
        ],
        notes_file=data.get("notes", {}).get("file"),
        notes_when=data.get("notes", {}).get("when"),
        operations=_operations(data, text, where),
        shortcuts=[Shortcut(**s) for s in data.get("shortcuts", [])],
        next_steps_file=data.get("next_steps"),
        profiles={str(k): dict(v or {}) for k, v in data.get("profiles", {}).items()},
        composes_with=list(data.get("composes_with", [])),
        kubeconfig_secret=data.get("kubeconfig_secret"),
        invariants=data.get("invariants"),
    )
    _check_conditions(data, text, where)
    _check_shortcuts(overlay, text, where)
    refs = [overlay.values_file, overlay.schema_file, overlay.notes_file, overlay.next_steps_file]
    for ref in [*refs, *(s for _, s in overlay.files)]:
        if ref is not None and not (folder / ref).is_file():
            raise OverlayError(f"refers to {ref!r}, which is not in the overlay folder", Location(where))
    return overlay


def _check_paths(folder: Path, data: dict[str, Any], text: str, where: str) -> None:
    """Every path of the definition stays where it belongs: ``files[].path`` inside the chart it is written to,
    every source file inside the overlay folder (a link out of it included). The error names the line."""
    files = data.get("files", [])
    paths = [(["files", i, "path"], f["path"], "the chart") for i, f in enumerate(files)]
    paths += [(["files", i, "source"], f["source"], OVERLAY_FOLDER) for i, f in enumerate(files)]
    paths += [
        (["values", "file"], data.get("values", {}).get("file"), OVERLAY_FOLDER),
        (["schema"], data.get("schema"), OVERLAY_FOLDER),
        (["notes", "file"], data.get("notes", {}).get("file"), OVERLAY_FOLDER),
        (["next_steps"], data.get("next_steps"), OVERLAY_FOLDER),
    ]
    home = folder.resolve()
    for keys, value, within in paths:
        if value is None:
            continue
        dotted = ".".join(map(str, keys))
        try:
            inside(value, within)
        except UnsafePath as exc:
            raise OverlayError(f"{dotted}: {exc}", _located(text, where, keys)) from None
        if within == OVERLAY_FOLDER and not (folder / value).resolve().is_relative_to(home):
            raise OverlayError(f"{dotted}: {value!r} leads out of {within} through a link", _located(text, where, keys))


def _located(text: str, where: str, keys: list[Any]) -> Location:
    pos = position_of(load_yaml(text, where, OverlayError), keys)
    return Location(where, *pos) if pos else Location(where)


def _operations(data: dict[str, Any], text: str, where: str) -> list[Operation]:
    raw = data.get("operations", [])
    if not raw:
        return []
    positioned = load_yaml(text, where, OverlayError)
    out = []
    for n, op in enumerate(raw):
        target = op["target"]
        pos = position_of(positioned, ["operations", n])
        match = op.get("match")
        out.append(
            Operation(
                id=op["id"],
                op=op["op"],
                target=Address(
                    kind=target["kind"],
                    path=tuple(target["path"].split(".")),
                    scope=target.get("scope", "document"),
                    container=target.get("container"),
                ),
                expect=op["expect"],
                when=op.get("when"),
                snippet=op.get("snippet"),
                value=op.get("value"),
                match=next(iter(match.items())) if match else None,
                on_conflict=op.get("on_conflict"),
                refuse_if_present=op.get("refuse_if_present"),
                line=pos[0] if pos else None,
            )
        )
    ids = [o.id for o in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise OverlayError(f"operation id {dupes[0]!r} is used twice", Location(where))
    return out


def _check_conditions(data: dict[str, Any], text: str, where: str) -> None:
    """Every ``when`` is one Go-template pipeline; the error names its line."""
    found: list[tuple[list[Any], str]] = []
    for section in ("insertions", "fills", "operations"):
        for n, step in enumerate(data.get(section, [])):
            if step.get("when") is not None:
                found.append(([section, n, "when"], step["when"]))
    if data.get("notes", {}).get("when") is not None:
        found.append((["notes", "when"], data["notes"]["when"]))
    for keys, when in found:
        try:
            check_condition(when, Location(where))
        except OverlayError as exc:
            raise OverlayError(exc.message, _located(text, where, keys)) from None


def _check_shortcuts(overlay: Overlay, text: str, where: str) -> None:
    for key, name in (overlay.kubeconfig_secret or {}).items():
        if name not in overlay.parameters:
            raise OverlayError(
                f"kubeconfig_secret.{key} names {name!r}, which is not one of the parameters",
                _located(text, where, ["kubeconfig_secret", key]),
            )
    for n, shortcut in enumerate(overlay.shortcuts):
        if shortcut.parameter not in overlay.parameters:
            raise OverlayError(
                f"shortcut {shortcut.flag} sets {shortcut.parameter!r}, which is not one of the parameters",
                _located(text, where, ["shortcuts", n, "parameter"]),
            )
