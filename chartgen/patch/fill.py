"""Writing a key into the items of a sequence that lack it: an overlay's ``fills``.

Some fields are left out of a template because the API server fills them in, yet a client may need them spelt
out (server-side apply before Kubernetes 1.22 keys a Service's ports by port *and* protocol, and refuses an item
without the protocol). A fill finds the sequence by structure, as insertions do, and appends ``key: value``
under ``{{- if <when> }}`` to each literal item that has no such key; items that have it are left alone.
"""

from __future__ import annotations

from chartgen.errors import Location, PatchMatchError
from chartgen.patch.outline import Outline
from chartgen.patch.overlay_spec import Fill
from chartgen.records import record


@record(frozen=True)
class FillSite:
    """One sequence a fill applies to: the template and the sequence's key line (an index into its outline)."""

    path: str
    field_line: int


def find_fill_sites(templates: dict[str, str], fill: Fill) -> list[FillSite]:
    sites = []
    for path in sorted(templates):
        ol = Outline(templates[path])
        for doc in ol.documents():
            if ol.top_level_value(doc, "kind") != fill.kind:
                continue
            block = ol.descend(doc, fill.sequence)
            if block is not None:
                sites.append(FillSite(path, block.start))
    return sites


def apply_fill(text: str, site: FillSite, fill: Fill) -> str:
    """The template text with ``key: value`` added, guarded, to each item of the sequence at ``site`` lacking it."""
    ol = Outline(text)
    where = Location(site.path, ol.lines[site.field_line].number)
    inline = ol.inline_value(site.field_line)
    items = ol.items(ol.key_block(site.field_line))
    if (inline and not inline.startswith("#")) or not items:
        raise PatchMatchError(
            f"{fill.describe()} has no literal block items (it is written inline or produced by a template "
            f"action); overlay step {fill.id!r} cannot write {fill.key!r} into them",
            where,
        )
    lines = [ln.text for ln in ol.lines]
    # From the last item up, so the indexes of the items above stay valid.
    for item in reversed(items):
        block = ol.item_block(item)
        first = ol.lines[item].body[1:].strip()
        if first.startswith(("{", "[")) or not first:
            raise PatchMatchError(
                f"{fill.describe()} has an item not written as a block mapping ({ol.lines[item].text.strip()!r}); "
                f"overlay step {fill.id!r} cannot write {fill.key!r} into it",
                Location(site.path, ol.lines[item].number),
            )
        if ol.child_key(block, fill.key) is not None:
            continue
        pad = " " * block.column
        new = [pad + "{{- if " + fill.when + " }}", f"{pad}{fill.key}: {fill.value}", pad + "{{- end }}"]
        point = ol.insertion_point(block)
        lines[point:point] = new
    return "\n".join(lines)


def describe_fill_miss(fill: Fill, sites: list[FillSite], searched: list[str]) -> str:
    found = ", ".join(s.path for s in sites) or f"none in {', '.join(searched) or 'no templates'}"
    return (
        f"overlay step {fill.id!r} must find {fill.expect} sequence(s) {fill.describe()} but found "
        f"{len(sites)}: {found}"
    )


__all__ = ["FillSite", "apply_fill", "describe_fill_miss", "find_fill_sites"]
