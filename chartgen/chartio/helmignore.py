"""Helm's ``.helmignore`` rules, as Helm's own ``pkg/ignore`` applies them.

Patterns use Go's ``filepath.Match`` syntax; a trailing ``/`` matches directories only; a pattern with a ``/``
is matched against the whole relative path, one without against the base name; ``**`` is refused. Helm also
always ignores hidden files under ``templates/``.
"""

from __future__ import annotations

import re

from chartgen.errors import ChartLoadError, Location
from chartgen.records import record

DEFAULT_RULES = ("templates/.?*",)


def _glob_to_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("^", "]") else i + 1)
            if end == -1:
                raise ValueError("syntax error in pattern")
            body = pattern[i + 1 : end]
            negated = body.startswith("^")
            body = ("^" if negated else "") + body[int(negated) :].replace("\\", "\\\\")
            out.append(f"[{body}]")
            i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z")


@record(frozen=True)
class _Rule:
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    whole_path: bool

    def matches(self, path: str) -> bool:
        subject = path if self.whole_path else path.rsplit("/", 1)[-1]
        return self.regex.match(subject) is not None


class HelmIgnore:
    def __init__(self, rules: list[_Rule]) -> None:
        self._rules = rules

    @classmethod
    def parse(cls, text: str, source: str = ".helmignore") -> HelmIgnore:
        rules = []
        for number, raw in enumerate([*text.splitlines(), *DEFAULT_RULES], start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if "**" in line:
                raise ChartLoadError("double-star (**) syntax is not supported", Location(source, number))
            negate = line.startswith("!")
            line = line[1:] if negate else line
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            whole_path = "/" in line
            line = line.lstrip("/")
            try:
                regex = _glob_to_regex(line)
            except ValueError as exc:
                raise ChartLoadError(f"bad pattern {raw.strip()!r}: {exc}", Location(source, number)) from exc
            rules.append(_Rule(regex, negate, dir_only, whole_path))
        return cls(rules)

    def ignores(self, path: str, is_dir: bool) -> bool:
        # Mirrors Helm's loop, including its odd negation: a negated rule that does not match ignores the path.
        for rule in self._rules:
            if rule.negate:
                if rule.dir_only and not is_dir:
                    return True
                if not rule.matches(path):
                    return True
                continue
            if rule.dir_only and not is_dir:
                continue
            if rule.matches(path):
                return True
        return False
