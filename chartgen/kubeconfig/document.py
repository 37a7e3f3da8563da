"""A kubeconfig read with positions: clusters, users, contexts and current-context, each field locatable.

A kubeconfig carries credentials, so nothing here ever puts a field's *value* into an error message: errors name
the field (``users[0].user.token``) and the place (file:line:column). That is also why it reads with
``chartgen.yamlread.roundtrip.load_yaml`` in its ``secret`` mode: ruamel's own errors may quote values.

The reading follows client-go's ``clientcmd.Load`` where it matters to a user: YAML 1.1 scalars (``yes`` is true),
a missing ``name`` reads as ``""``, a field of the wrong type or two entries of one section sharing a name make the
file unloadable. Unknown keys are ignored, as client-go ignores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chartgen.bounded_io import InputStalledError, InputTooLargeError, read_bounded
from chartgen.errors import ChartgenError, Location
from chartgen.limits import SMALL_FILE_BYTES
from chartgen.records import field, record
from chartgen.redact import remember
from chartgen.yamlread.roundtrip import item_position, key_position, load_yaml

__all__ = [
    "Entry",
    "KubeconfigDocument",
    "KubeconfigError",
    "KubeconfigParseError",
    "KubeconfigReadError",
    "load_kubeconfig",
    "parse_kubeconfig",
]

# section name -> the key of each list item holding the body (clusters[i].cluster, users[i].user, ...)
SECTIONS = {"clusters": "cluster", "users": "user", "contexts": "context"}

# Fields client-go decodes as strings / booleans; another type makes kubectl refuse the file.
_STRING_FIELDS = {
    "clusters": (
        "server",
        "certificate-authority",
        "certificate-authority-data",
        "tls-server-name",
        "proxy-url",
    ),
    "users": (
        "client-certificate",
        "client-certificate-data",
        "client-key",
        "client-key-data",
        "token",
        "tokenFile",
        "as",
        "as-uid",
        "username",
        "password",
    ),
    "contexts": ("cluster", "user", "namespace"),
}
_BOOL_FIELDS = {"clusters": ("insecure-skip-tls-verify", "disable-compression"), "users": (), "contexts": ()}
_MAPPING_FIELDS = {"clusters": (), "users": ("exec", "auth-provider"), "contexts": ()}
# What in a user entry is a secret, or may hold one (an exec plugin's env and arguments, an auth-provider's config).
_CREDENTIAL_FIELDS = ("token", "password", "client-key-data", "client-certificate-data", "exec", "auth-provider")


class KubeconfigError(ChartgenError):
    """The kubeconfig cannot be judged. Exit code 2: the input is unusable."""


class KubeconfigReadError(KubeconfigError):
    """The file cannot be read at all (missing, a directory, no permission, not UTF-8 text)."""


class KubeconfigParseError(KubeconfigError):
    """The file is read but is not a kubeconfig client-go would load; ``location`` points at the problem."""


@record(frozen=True)
class Entry:
    """One item of ``clusters``, ``users`` or ``contexts``: its name and its body (``cluster``/``user``/``context``).

    ``body`` is the ruamel mapping (so positions are kept) or an empty dict when the item has none.
    """

    section: str
    index: int
    name: str
    body: Mapping[str, Any]
    item: Mapping[str, Any]
    document: KubeconfigDocument = field(repr=False, compare=False)

    @property
    def prefix(self) -> str:
        """The body's field path, e.g. ``users[0].user``."""
        return f"{self.section}[{self.index}].{SECTIONS[self.section]}"

    def field_path(self, *keys: str) -> str:
        return ".".join((self.prefix, *keys))

    def has(self, key: str) -> bool:
        return key in self.body and self.body[key] is not None

    def get(self, key: str, default: Any = None) -> Any:
        value = self.body.get(key)
        return default if value is None else value

    def locate(self, *keys: str) -> Location:
        """Where ``prefix.keys`` is written, or the nearest written ancestor when it is absent.

        The position is the key's (``token:``), which is the line a user looks for."""
        doc = self.document
        node: Any = self.body
        best = key_position(self.item, SECTIONS[self.section]) or item_position(doc.root.get(self.section), self.index)
        for key in keys:
            pos = key_position(node, key)
            if pos is None:
                break
            best = pos
            node = node.get(key) if isinstance(node, Mapping) else None
        return doc.location(best, self.field_path(*keys))


@record
class KubeconfigDocument:
    """A parsed kubeconfig. ``path`` is the file as the user named it; ``root`` the ruamel mapping."""

    path: str
    root: Mapping[str, Any]
    clusters: list[Entry] = field(default_factory=list)
    users: list[Entry] = field(default_factory=list)
    contexts: list[Entry] = field(default_factory=list)
    current_context: str = ""

    def location(self, pos: tuple[int, int] | None, field_path: str | None = None) -> Location:
        if pos is None:
            return Location(self.path, field=field_path)
        return Location(self.path, pos[0], pos[1], field=field_path)

    def locate_top(self, key: str) -> Location:
        """Location of a top-level key (``current-context``), or the file's first line when it is absent."""
        return self.location(key_position(self.root, key) or (1, 1), key)

    def find(self, section: str, name: str) -> Entry | None:
        for entry in getattr(self, section):
            if entry.name == name:
                return entry
        return None


def load_kubeconfig(path: str | Path) -> KubeconfigDocument:
    """Read and parse the kubeconfig at ``path``; locations name the path as given."""
    where = str(path)
    try:
        raw = read_bounded(path, SMALL_FILE_BYTES, "kubeconfig")
    except (InputTooLargeError, InputStalledError) as exc:
        raise KubeconfigReadError(exc.message, exc.location) from None
    except FileNotFoundError:
        raise KubeconfigReadError("cannot read kubeconfig: no such file", Location(where)) from None
    except IsADirectoryError:
        raise KubeconfigReadError("cannot read kubeconfig: it is a directory", Location(where)) from None
    except OSError as exc:
        raise KubeconfigReadError(f"cannot read kubeconfig: {exc.strerror or 'I/O error'}", Location(where)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise KubeconfigReadError("not a kubeconfig: the file is not UTF-8 text", Location(where)) from None
    return parse_kubeconfig(text, where)


def parse_kubeconfig(text: str, where: str) -> KubeconfigDocument:
    """Parse kubeconfig ``text`` (from the file ``where``) into a :class:`KubeconfigDocument`."""
    root = _load_yaml(text, where)
    if root is None:
        raise KubeconfigParseError("not a kubeconfig: the file is empty", Location(where))
    if not isinstance(root, Mapping):
        raise KubeconfigParseError(
            f"not a kubeconfig: the top level is {_kind_of(root)}, "
            "expected a mapping with clusters, users and contexts",
            Location(where, 1, 1),
        )
    kind = root.get("kind")
    if kind not in (None, "", "Config"):
        hint = ""
        if kind == "Secret":
            hint = "; give the kubeconfig file itself, not the Secret that will hold it"
        raise KubeconfigParseError(
            f"not a kubeconfig: kind is {_safe_name(kind)}, expected Config{hint}",
            _at(where, key_position(root, "kind")),
        )
    if not any(key in root for key in (*SECTIONS, "current-context")):
        raise KubeconfigParseError(
            "not a kubeconfig: it has none of clusters, users, contexts or current-context", Location(where, 1, 1)
        )
    _remember_credentials(root.get("users"))
    doc = KubeconfigDocument(where, root)
    for section in SECTIONS:
        setattr(doc, section, _entries(doc, section))
    current = root.get("current-context")
    if current is not None and not isinstance(current, str):
        raise _type_error(where, key_position(root, "current-context"), "current-context", "a string", current)
    doc.current_context = current or ""
    return doc


def _remember_credentials(users: Any) -> None:
    """The credentials of every user entry (token, password, key data, and anything under exec or auth-provider)
    become secrets no error line may show, before anything else can go wrong with them."""
    bodies = [item.get("user") for item in users if isinstance(item, Mapping)] if isinstance(users, list) else []
    pending: list[Any] = []
    for body in bodies:
        if isinstance(body, Mapping):
            pending += [body.get(key) for key in _CREDENTIAL_FIELDS]
    while pending:  # iterative: a deeply nested exec block must not overflow the stack here
        item = pending.pop()
        if isinstance(item, Mapping):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        else:
            remember(item)


def _load_yaml(text: str, where: str) -> Any:
    def duplicate(key: str, location: Location) -> KubeconfigParseError:
        name = _safe_name(key) if key else "(unnamed)"
        return KubeconfigParseError(
            f"duplicate key {name} in one mapping: kubectl uses the last one, remove the other", location
        )

    # client-go reads kubeconfigs with a YAML 1.1 parser: `yes` is a boolean there.
    return load_yaml(text, where, KubeconfigParseError, (1, 1), secret=True, duplicate_key=duplicate)


def _entries(doc: KubeconfigDocument, section: str) -> list[Entry]:
    root, where = doc.root, doc.path
    items = root.get(section)
    if items is None:
        return []
    if not isinstance(items, list):
        raise _type_error(where, key_position(root, section), section, "a list", items)
    inner = SECTIONS[section]
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        here = f"{section}[{index}]"
        if not isinstance(item, Mapping):
            raise _type_error(where, item_position(items, index), here, "a mapping with name and " + inner, item)
        name = item.get("name")
        if name is not None and not isinstance(name, str):
            raise _type_error(where, key_position(item, "name"), f"{here}.name", "a string", name)
        name = name or ""
        if name in seen:
            raise KubeconfigParseError(
                f"{here} repeats the name {_safe_name(name)} of {section}[{seen[name]}]; kubectl refuses such a file",
                _at(where, key_position(item, "name") or item_position(items, index)),
            )
        seen[name] = index
        body = item.get(inner)
        if body is None:
            body = {}
        elif not isinstance(body, Mapping):
            raise _type_error(where, key_position(item, inner), f"{here}.{inner}", "a mapping", body)
        _check_types(where, section, f"{here}.{inner}", body)
        entries.append(Entry(section, index, name, body, item, doc))
    return entries


def _check_types(where: str, section: str, prefix: str, body: Mapping[str, Any]) -> None:
    for key, wanted, ok in (
        *((k, "a string", lambda v: isinstance(v, str)) for k in _STRING_FIELDS[section]),
        *((k, "a boolean", lambda v: isinstance(v, bool)) for k in _BOOL_FIELDS[section]),
        *((k, "a mapping", lambda v: isinstance(v, Mapping)) for k in _MAPPING_FIELDS[section]),
    ):
        value = body.get(key)
        if value is not None and not ok(value):
            raise _type_error(where, key_position(body, key), f"{prefix}.{key}", wanted, value)


def _type_error(where: str, pos: tuple[int, int] | None, path: str, wanted: str, value: Any) -> KubeconfigParseError:
    # Say what type was found, never the value itself.
    return KubeconfigParseError(
        f"{path} must be {wanted}, not {_kind_of(value)}; kubectl cannot load this file", _at(where, pos)
    )


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "null" if value is None else "a " + type(value).__name__


def _safe_name(value: Any) -> str:
    """Quote an identifier (a kind, a key, a context name) for a message; long or odd text is not echoed."""
    text = str(value)
    if len(text) > 63 or not text.isprintable():
        return "(a long or unprintable name)"
    return f"'{text}'"


def _mark(mark: Any) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def _at(where: str, pos: tuple[int, int] | None) -> Location:
    return Location(where, *pos) if pos else Location(where)
