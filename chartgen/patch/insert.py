"""Finding an overlay insertion's target in a chart's templates and splicing the snippet in.

A target is addressed by structure ("the ``env`` of container ``operator`` in the Deployment's pod
template"), found with :mod:`chartgen.patch.outline`, and the snippet is appended to that sequence guarded
by ``{{- if <when> }}``. A sequence that does not exist yet is created inside the guard. Every way of failing
names the template file and what was looked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chartgen.errors import AlreadyPatchedError, Location, PatchMatchError
from chartgen.patch.address import POD_SPEC_PATHS
from chartgen.patch.outline import Block, Outline
from chartgen.patch.patterns import overlay_pattern
from chartgen.records import record

if TYPE_CHECKING:  # the overlay's steps are built by overlay_spec, which builds operations on this module
    from chartgen.patch.overlay_spec import Insertion, Target


@record(frozen=True)
class Site:
    """One place an insertion applies: the template, the block that holds the field, and the field's key line
    (None when the field is missing and must be created)."""

    path: str
    parent: Block
    field_line: int | None
    seq_offset: int  # how far this file indents sequence items under their key


def is_renderable_template(path: str) -> bool:
    if not path.startswith("templates/"):
        return False
    base = path.rsplit("/", 1)[-1]
    return not base.startswith("_") and base != "NOTES.txt"


def find_sites(templates: dict[str, str], target: Target) -> tuple[list[Site], list[str]]:
    """All sites for ``target`` and, for error messages, notes on near misses."""
    sites: list[Site] = []
    misses: list[str] = []
    for path in sorted(templates):
        ol = Outline(templates[path])
        for doc in ol.documents():
            if ol.top_level_value(doc, "kind") != target.kind:
                continue
            pod = ol.descend(doc, POD_SPEC_PATHS[target.kind])
            if pod is None:
                misses.append(f"{path}: {target.kind} without {'.'.join(POD_SPEC_PATHS[target.kind])}")
                continue
            offset = _sequence_offset(ol, pod)
            if target.container is None:
                sites.append(Site(path, pod, ol.child_key(pod, target.field), offset))
                continue
            containers = ol.child_key(pod, "containers")
            if containers is None:
                misses.append(f"{path}:{ol.lines[pod.start].number}: {target.kind} pod spec has no containers")
                continue
            names = []
            for item in ol.items(ol.key_block(containers)):
                name = ol.item_value(item, "name")
                names.append(str(name))
                if name == target.container:
                    block = ol.item_block(item)
                    sites.append(Site(path, block, ol.child_key(block, target.field), offset))
            if target.container not in names:
                found = ", ".join(names) or "none"
                line = ol.lines[containers].number
                misses.append(f"{path}:{line}: {target.kind} has no container {target.container!r} (found: {found})")
    return sites, misses


def _sequence_offset(ol: Outline, pod: Block) -> int:
    """Items of ``containers`` tell whether this chart writes sequences flush with their key or indented."""
    containers = ol.child_key(pod, "containers")
    if containers is not None:
        items = ol.items(ol.key_block(containers))
        if items:
            return ol.lines[items[0]].indent - ol.lines[containers].indent
    return 0


def check_not_present(templates: dict[str, str], insertion: Insertion, site: Site) -> None:
    if not insertion.refuse_if_present:
        return
    ol = Outline(templates[site.path])
    block = ol.key_block(site.field_line) if site.field_line is not None else site.parent
    pattern = overlay_pattern(insertion.refuse_if_present, f"overlay step {insertion.id!r}: refuse_if_present")
    for i in range(block.start, block.end):
        ln = ol.lines[i]
        if ln.kind == "content" and pattern.search(ln.text.strip()):
            what = insertion.target.describe()
            raise AlreadyPatchedError(
                f"{what} already has {ln.text.strip()!r}, which overlay step {insertion.id!r} would add; "
                "the chart looks patched already (by chartgen or by hand) - start from the unmodified chart",
                Location(site.path, ln.number),
            )


def apply(text: str, site: Site, insertion: Insertion, snippet: str) -> str:
    """The template text with ``snippet`` (sequence items written at column 0) appended at ``site``."""
    ol = Outline(text)
    lines = [ln.text for ln in ol.lines]
    snippet_lines = snippet.rstrip("\n").split("\n")
    if not snippet_lines[0].startswith("- "):
        raise PatchMatchError(f"overlay step {insertion.id!r}: its snippet must start with a sequence item ('- ')")
    guard_open = "{{- if " + insertion.when + " }}"
    guard_close = "{{- end }}"
    if site.field_line is None:
        first = ol.lines[site.parent.start]
        column = site.parent.column if first.is_item else (ol.child_column(site.parent) or first.indent + 2)
        body = [f"{insertion.target.field}:", *_indent(snippet_lines, site.seq_offset)]
        new = [" " * column + guard_open, *_indent(body, column), " " * column + guard_close]
        anchor = site.parent
        containers = None if first.is_item else ol.child_key(site.parent, "containers")
        if containers is not None:
            # Right after the containers: the tail of a pod spec is often a chain of trimming conditionals.
            anchor = ol.key_block(containers)
        point = ol.insertion_point(anchor)
        return "\n".join(lines[:point] + new + lines[point:])
    inline = ol.inline_value(site.field_line)
    field_block = ol.key_block(site.field_line)
    if inline.startswith("["):
        return _append_to_flow(text, ol, site, insertion, snippet_lines)
    where = Location(site.path, ol.lines[site.field_line].number)
    if inline and not inline.startswith("#"):
        raise PatchMatchError(
            f"{insertion.target.describe()} is written as {inline!r}, not a block sequence; "
            f"overlay step {insertion.id!r} cannot append to it",
            where,
        )
    items = ol.items(field_block)
    if not items:
        raise PatchMatchError(
            f"{insertion.target.describe()} has no literal items (it is produced by a template action); "
            f"overlay step {insertion.id!r} cannot tell where its items go",
            where,
        )
    column = ol.lines[items[0]].indent
    new = [" " * column + guard_open, *_indent(snippet_lines, column), " " * column + guard_close]
    point = ol.insertion_point(field_block)
    return "\n".join(lines[:point] + new + lines[point:])


def _indent(lines: list[str], by: int) -> list[str]:
    return [(" " * by + ln) if ln.strip() else "" for ln in lines]


def _append_to_flow(text: str, ol: Outline, site: Site, insertion: Insertion, snippet_lines: list[str]) -> str:
    where = Location(site.path, ol.lines[site.field_line].number)
    if len(snippet_lines) != 1:
        raise PatchMatchError(
            f"{insertion.target.describe()} is a flow sequence ([...]); overlay step {insertion.id!r} has a "
            "multi-line item that only fits a block sequence",
            where,
        )
    item = snippet_lines[0][2:].strip()
    offsets = [0]
    for ln in ol.lines:
        offsets.append(offsets[-1] + len(ln.text) + 1)
    line = ol.lines[site.field_line]
    start = offsets[site.field_line] + line.text.index("[", line.text.index(":"))
    close = _matching_bracket(text, start)
    if close is None:
        raise PatchMatchError(f"{insertion.target.describe()}: unclosed flow sequence", where)
    inner = text[start + 1 : close].strip()
    comma = ", " if inner else ""
    return text[:close] + "{{ if " + insertion.when + " }}" + comma + item + "{{ end }}" + text[close:]


def _matching_bracket(text: str, start: int) -> int | None:
    depth = 0
    i = start
    while i < len(text):
        if text.startswith("{{", i):
            end = text.find("}}", i)
            if end == -1:
                return None
            i = end + 2
            continue
        ch = text[i]
        if ch in "\"'":
            end = text.find(ch, i + 1)
            if end == -1:
                return None
            i = end + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def describe_miss(insertion: Insertion, sites: list[Site], misses: list[str], searched: list[str]) -> str:
    what = insertion.target.describe()
    text = f"overlay step {insertion.id!r} must match {insertion.expect} place(s) ({what}) but matched {len(sites)}"
    if sites:
        text += ": " + ", ".join(s.path for s in sites)
    elif misses:
        text += ": " + "; ".join(misses)
    else:
        text += (
            f": no template has a top-level 'kind: {insertion.target.kind}' (searched {', '.join(searched) or 'none'})"
        )
    return text


__all__ = ["Site", "apply", "check_not_present", "describe_miss", "find_sites", "is_renderable_template"]
