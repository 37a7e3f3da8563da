"""Overlay shortcuts: the ``chartgen patch`` options an overlay declares for its parameters (``--remote-secret
NAME`` for ``--param remote-target.secretName=NAME``). The CLI offers those of the bundled overlays."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from chartgen import resources
from chartgen.errors import UsageError
from chartgen.patch.overlay_spec import Overlay, Shortcut, parse_overlay


@lru_cache(maxsize=1)
def bundled_shortcuts() -> tuple[tuple[str, Shortcut], ...]:
    """(overlay name, shortcut) for every shortcut the bundled overlays declare, by overlay name; read once, as
    the command line asks for them both to build its options and to read them."""
    found: list[tuple[str, Shortcut]] = []
    for folder in sorted(resources.overlays_dir().iterdir()):
        if (folder / "overlay.yaml").is_file():
            found += [(folder.name, s) for s in parse_overlay(folder).shortcuts]
    return tuple(found)


def shortcut_parameters(
    overlays: Sequence[Overlay],
    parameters: dict[str, dict[str, str]],
    given: dict[str, str | None],
    offered: Sequence[tuple[str, Shortcut]] = (),
    *,
    shown: bool = False,
) -> dict[str, dict[str, str]]:
    """``parameters`` (overlay -> name -> value, from ``--param``) with the shortcut options ``given`` (flag ->
    value, None when absent) merged over them. A shortcut of an overlay not applied is refused, and so is a
    required one left out; with ``shown`` (a patch only looked at) its stand-in value is used instead."""
    applied = {o.name for o in overlays}
    for owner, shortcut in offered:
        if owner not in applied and given.get(shortcut.flag) is not None:
            flags = [s.flag for o, s in offered if o == owner]
            listed = ", ".join(flags[:-1]) + f" and {flags[-1]}" if len(flags) > 1 else flags[0]
            raise UsageError(f"{listed} belong to the {owner} overlay, which is not applied")
    merged = {name: dict(values) for name, values in parameters.items()}
    for overlay in overlays:
        for shortcut in overlay.shortcuts:
            value = given.get(shortcut.flag)
            if value is not None:
                merged.setdefault(overlay.name, {})[shortcut.parameter] = value
            elif shortcut.parameter in merged.get(overlay.name, {}):
                continue
            elif shown and shortcut.shown is not None:
                merged.setdefault(overlay.name, {})[shortcut.parameter] = shortcut.shown
            elif shortcut.required:
                raise UsageError(
                    f"the {overlay.name} overlay needs {shortcut.flag} {shortcut.metavar} "
                    f"({overlay.parameters[shortcut.parameter]['description'].rstrip('.')})"
                )
    return merged


__all__ = ["bundled_shortcuts", "shortcut_parameters"]
