"""What changed in a chart's default values between two versions: keys added, removed and renamed, defaults changed.

Values are compared leaf by leaf (a mapping is followed into; anything else, an empty mapping or a list included,
is a leaf), by dotted path. A rename is a removed key paired with an added key, one to one, by the first rule
that holds, strongest first:

1. ``moved``: the same last key under another parent (``a.logLevel`` -> ``b.logLevel``);
2. ``close name``: the same parent and names alike (difflib ratio >= 0.75: ``numThread`` -> ``numThreads``);
3. ``same default``: an equal default that no other removed or added key shares, and one that says something
   (not null, a boolean, an empty string, list or mapping: two switches both ``false`` are no evidence).

Anything unpaired is reported as removed or added; a reviewer decides, the report says which rule paired what.
"""

from __future__ import annotations

import difflib
from typing import Any

from chartgen.records import field, record

__all__ = ["CLOSE_NAME_RATIO", "Rename", "ValuesChange", "diff_values", "dotted", "leaves"]

CLOSE_NAME_RATIO = 0.75

Path = tuple[str, ...]


@record(frozen=True)
class Rename:
    old: str
    new: str
    reason: str  # moved | close name | same default


@record
class ValuesChange:
    added: dict[str, Any] = field(default_factory=dict)  # dotted key -> new default
    removed: dict[str, Any] = field(default_factory=dict)  # dotted key -> old default
    renamed: list[Rename] = field(default_factory=list)
    defaults: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # dotted key -> (old, new)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.defaults)

    def renamed_to(self, key: str) -> str | None:
        return next((r.new for r in self.renamed if r.old == key), None)

    def to_data(self) -> dict[str, Any]:
        return {
            "added": [{"key": k, "default": v} for k, v in sorted(self.added.items())],
            "removed": [{"key": k, "default": v} for k, v in sorted(self.removed.items())],
            "renamed": [{"old": r.old, "new": r.new, "reason": r.reason} for r in self.renamed],
            "defaultsChanged": [{"key": k, "old": o, "new": n} for k, (o, n) in sorted(self.defaults.items())],
        }


def dotted(path: Path) -> str:
    return ".".join(path)


def leaves(values: Any, prefix: Path = ()) -> dict[Path, Any]:
    """Every leaf of ``values`` by its path of keys."""
    if isinstance(values, dict) and values:
        out: dict[Path, Any] = {}
        for key, value in values.items():
            out.update(leaves(value, (*prefix, str(key))))
        return out
    return {prefix: values} if prefix else {}


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b  # YAML's 1 and true are not the same default


def _telling(value: Any) -> bool:
    return not (value is None or isinstance(value, bool) or value in ("", [], {}))


def diff_values(old: dict[str, Any], new: dict[str, Any]) -> ValuesChange:
    before, after = leaves(old), leaves(new)
    gone = sorted(set(before) - set(after))
    came = sorted(set(after) - set(before))
    pairs = _pair(gone, came, before, after)
    paired_old = {p for p, _, _ in pairs}
    paired_new = {n for _, n, _ in pairs}
    change = ValuesChange(
        added={dotted(p): after[p] for p in came if p not in paired_new},
        removed={dotted(p): before[p] for p in gone if p not in paired_old},
        renamed=sorted((Rename(dotted(o), dotted(n), why) for o, n, why in pairs), key=lambda r: r.old),
        defaults={dotted(p): (before[p], after[p]) for p in sorted(set(before) & set(after))},
    )
    change.defaults = {k: v for k, v in change.defaults.items() if not _same(*v)}
    return change


def _pair(gone: list[Path], came: list[Path], before: dict, after: dict) -> list[tuple[Path, Path, str]]:
    rules = (
        ("moved", lambda o, n: o[-1] == n[-1] and o[:-1] != n[:-1]),
        (
            "close name",
            lambda o, n: o[:-1] == n[:-1] and difflib.SequenceMatcher(None, o[-1], n[-1]).ratio() >= CLOSE_NAME_RATIO,
        ),
        ("same default", lambda o, n: _unique_default(o, n, gone, came, before, after)),
    )
    pairs: list[tuple[Path, Path, str]] = []
    free_old, free_new = list(gone), list(came)
    for reason, holds in rules:
        for old in list(free_old):
            match = next((new for new in free_new if holds(old, new)), None)
            if match is not None:
                pairs.append((old, match, reason))
                free_old.remove(old)
                free_new.remove(match)
    return pairs


def _unique_default(o: Path, n: Path, gone: list[Path], came: list[Path], before: dict, after: dict) -> bool:
    value = before[o]
    if not _telling(value) or not _same(value, after[n]):
        return False
    return sum(_same(value, before[g]) for g in gone) == 1 and sum(_same(value, after[c]) for c in came) == 1
