"""Helm's template engine: every chart's templates in one set, parsed and executed in Helm's order.

Order matters twice. Parsing decides which ``define`` wins when several files define a name; executing decides
what each template sees, since ``set``/``merge`` mutate the values shared by all templates of a chart. Helm uses
one order for both: deeper paths first, then reverse lexicographic (``sortTemplates``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from chartgen import gostrconv
from chartgen.collector import collector_paused
from chartgen.errors import RenderError
from chartgen.gotemplate.exec import ExecError, Template
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import go_signature
from chartgen.gotemplate.parse import TemplateParseError, Tree, parse
from chartgen.helm.chart_model import Chart
from chartgen.helm.chart_object import chart_object
from chartgen.helm.error_text import exec_error_message, parse_error_message, warn_wrap
from chartgen.helm.files import Files
from chartgen.helm.funcmap import helm_functions
from chartgen.helm.tree_cache import TextTrees, cached_parse
from chartgen.helm.values_type import values_class
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.records import field, record
from chartgen.sprig.keypool import reused_keys

__all__ = ["INCLUDE_LIMIT", "RenderedTemplate", "render_templates"]

# Helm refuses an include once the same name is already nested this deep (recursionMaxNums).
INCLUDE_LIMIT = 1000
_NO_VALUE = "<no value>"
# tpl texts whose prepared clone a set keeps (each clone copies the set's tables of templates and functions).
_PREPARED_TEXTS = 128


@record
class RenderedTemplate:
    """One template's output; ``trace`` maps output offsets to (template file, line) when asked for."""

    name: str
    text: str
    trace: list[tuple[int, str, int, bool]] = field(default_factory=list)


@record
class _Renderable:
    text: str
    context: dict[str, Any]
    base_path: str
    # The same context as the parent's .Subcharts holds it: Helm shares one map, typed chartutil.Values as dot
    # and map[string]interface {} inside .Subcharts; Python keeps two dicts and sets .Template on both.
    mirror: dict[str, Any] | None = None


def _collect(chart: Chart, parent_context: dict[str, Any], out: dict[str, _Renderable], profile: HelmProfile) -> dict:
    """Helm's ``recAllTpls``: build each chart's context (its scoped values, .Chart, .Files, .Subcharts)."""
    values_type = values_class(profile)
    subcharts: dict[str, Any] = {}
    values = parent_context["Values"]
    if not chart.is_root:
        values = _scoped_values(values, chart.name, values_type)
    context: dict[str, Any] = values_type(
        {
            "Chart": chart_object(chart, profile),
            "Files": Files(chart.files),
            "Release": parent_context["Release"],
            "Capabilities": parent_context["Capabilities"],
            "Values": values,
            "Subcharts": subcharts,
        }
    )
    for child in chart.dependencies:
        child_context = _collect(child, context, out, profile)
        subcharts[child.name] = mirror = dict(child_context)
        for renderable in out.values():
            if renderable.context is child_context:
                renderable.mirror = mirror
    base_path = chart.file_path("templates")
    for template in chart.templates:
        # A library chart contributes only its partials (defines), never manifests.
        if chart.is_library and not posixpath.basename(template.name).startswith("_"):
            continue
        out[chart.file_path(template.name)] = _Renderable(
            template.data.decode("utf-8", "surrogateescape"), context, base_path
        )
    return context


def _scoped_values(parent_values: dict[str, Any], name: str, values_type: type[dict]) -> dict[str, Any]:
    """A subchart's ``.Values``: Helm looks it up with ``Values.Table`` on a dotted path, so a subchart named
    ``my.chart`` sees its parent's ``my: {chart: ...}``, not the ``my.chart`` key its values were coalesced into;
    when the path does not lead to a map it gets an empty map of its own."""
    container = parent_values
    parts = name.split(".")
    for part in parts[:-1]:
        found = container.get(part)
        if not isinstance(found, dict):
            return values_type()
        container = found
    key = parts[-1]
    scoped = container.get(key)
    if not isinstance(scoped, dict):
        return values_type()
    # Go's Values.Table hands back the same map under the named type, so a subchart's set/merge shows in its
    # parent's .Values too. Python cannot retype a dict, so the parent's entry is replaced by the retyped one and
    # both scopes share it.
    if not isinstance(scoped, values_type):
        scoped = container[key] = values_type(scoped)
    return scoped


def _sort_key(name: str) -> tuple[int, bytes]:
    return (name.count("/"), name.encode("utf-8", "surrogateescape"))


def template_order(names: list[str]) -> list[str]:
    """Helm's ``sortTemplates``: most path segments first, then reverse byte-wise order."""
    return sorted(names, key=_sort_key, reverse=True)


class _Engine:
    def __init__(self, profile: HelmProfile, trace: bool) -> None:
        self.profile = profile
        self.trace = trace
        self.include_depth: dict[str, int] = {}
        self.template = Template(helm_functions(profile), go_version=profile.go_version, name="gotpl")
        self._bind(self.template)
        self.texts: TextTrees | None = None

    def _bind(self, template: Template) -> None:
        """Give a template set its own include/tpl, so a tpl string's defines are visible to its includes."""
        template.funcs["include"] = self._include_for(template)
        template.funcs["tpl"] = self._tpl_for(template)
        template.funcs["required"] = _required
        template.funcs["fail"] = _fail

    def _include_for(self, template: Template) -> Callable[..., str]:
        @go_signature("string", "interface {}")
        def include(name: str, data: Any) -> str:
            depth = self.include_depth.get(name, 0)
            if depth > INCLUDE_LIMIT:
                raise FuncError(f"rendering template has a nested reference name: {name}: unable to execute template")
            self.include_depth[name] = depth + 1
            try:
                return template.execute(name, data)
            finally:
                self.include_depth[name] -= 1

        return include

    def _tpl_for(self, parent: Template) -> Callable[..., str]:
        names: list[frozenset[str]] = []  # the set's function names, the same for every clone: read on first use
        # Per text, the clone that runs it and its tree. Neither a set nor its clones change once they run, so a
        # text tpl'd again (once per object, per value) runs in the same clone instead of a fresh copy.
        prepared: dict[str, tuple[Template, Tree]] = {}

        @go_signature("string", "interface {}")
        def tpl(text: str, data: Any) -> str:
            entry = prepared.get(text)
            if entry is None:
                clone = parent.clone()
                self._bind(clone)
                if not names:
                    names.append(frozenset(clone.funcs))
                try:
                    trees = self._parse_tpl(parent.name, text, names[0])
                except TemplateParseError as exc:
                    raise FuncError(f"cannot parse template {gostrconv.quote(text)}: {exc}") from None
                clone.add(trees)
                if len(prepared) >= _PREPARED_TEXTS:
                    prepared.clear()
                # Helm runs the template it just parsed. Inside another tpl the set already holds a non-empty
                # template of this name, which an empty or whitespace-only body does not replace, so looking the
                # name up again would run the caller's text and recurse without end.
                entry = prepared[text] = (clone, trees[parent.name])
            clone, tree = entry
            try:
                out = clone.execute_tree(tree, data)
            except ExecError as exc:
                raise FuncError(f"error during tpl function execution for {gostrconv.quote(text)}: {exc}") from None
            return out.replace(_NO_VALUE, "")

        return tpl

    def render(self, renderables: dict[str, _Renderable]) -> list[RenderedTemplate]:
        # The chart's trees and outputs all live until the chart is rendered. Without the pause, the collector's
        # full passes, triggered by allocation counts, would walk everything built so far again and again, and a
        # chart of thousands of templates would render in quadratic time. Template execution makes no garbage
        # cycles worth collecting early.
        with collector_paused():
            order = template_order(list(renderables))
            self.texts = TextTrees(order, frozenset(self.template.funcs))
            self._parse_all(order, renderables)
            rendered = [self._execute(name, renderables[name]) for name in order if not _is_helper(name)]
            self.texts.save()
            return rendered

    def _parse_tpl(self, name: str, text: str, funcs: frozenset[str]) -> dict[str, Tree]:
        if len(text) >= _SMALL_TPL_CHARS or self.texts is None:
            return _parse_cached(name, text, funcs)
        return self.texts.trees(name, text, lambda: _parse_cached(name, text, funcs, False))

    def _parse_all(self, order: list[str], renderables: dict[str, _Renderable]) -> None:
        names = frozenset(self.template.funcs)
        for name in order:
            try:
                trees = _parse_cached(name, renderables[name].text, names)
            except TemplateParseError as exc:
                raise RenderError(parse_error_message(name, str(exc))) from None
            self.template.add(trees)

    def _execute(self, name: str, item: _Renderable) -> RenderedTemplate:
        # Helm sets .Template on the chart's shared context just before each file runs.
        item.context["Template"] = values_class(self.profile)({"Name": name, "BasePath": item.base_path})
        if item.mirror is not None:
            item.mirror["Template"] = item.context["Template"]
        trace: list[tuple[int, str, int, bool]] | None = [] if self.trace else None
        try:
            text = self.template.execute(name, item.context, trace=trace)
        except ExecError as exc:
            raise RenderError(exec_error_message(name, exc, self.profile)) from None
        except RecursionError:
            raise RenderError(f"template: {name}: exceeded maximum template depth") from None
        return RenderedTemplate(name, *_strip_no_value(text, trace))


def _is_helper(name: str) -> bool:
    """Files whose name starts with ``_`` only define templates; Helm parses them but renders nothing of them."""
    return posixpath.basename(name).startswith("_")


# A tpl text shorter than this is not kept in an entry of its own but with the render's other short texts
# (tree_cache.TextTrees): writing an entry costs more than parsing a short text (~0.1 ms), and charts tpl
# thousands of distinct short values, which made a first run write as many files. Template files are always kept
# in their own entries.
_SMALL_TPL_CHARS = 1024


@lru_cache(maxsize=4096)
def _parse_cached(name: str, text: str, funcs: frozenset[str], on_disk: bool = True) -> dict[str, Tree]:
    # Parsing is a pure function of these three, and rendering one chart with many values sets (lint, snapshot
    # matrices) would otherwise parse every template again for each set. Trees are never modified by execution.
    # Between processes the trees come from the on-disk cache.
    if not on_disk:
        return parse(name, text, funcs)
    return cached_parse(name, text, funcs, lambda: parse(name, text, funcs))


def _strip_no_value(text: str, trace: list[tuple[int, str, int, bool]] | None) -> tuple[str, list]:
    if _NO_VALUE not in text:
        return text, trace or []
    if not trace:
        return text.replace(_NO_VALUE, ""), []
    # Removing text shifts later offsets; rebuild the trace against the cleaned output.
    pieces = []
    for i, (start, file, line, literal) in enumerate(trace):
        end = trace[i + 1][0] if i + 1 < len(trace) else len(text)
        pieces.append((text[start:end].replace(_NO_VALUE, ""), file, line, literal))
    new_trace, offset, out = [], 0, []
    for piece, file, line, literal in pieces:
        new_trace.append((offset, file, line, literal))
        out.append(piece)
        offset += len(piece)
    return "".join(out), new_trace


@go_signature("string", "interface {}")
def _required(warn: str, value: Any) -> Any:
    if value is None or value == "" and isinstance(value, str):
        raise FuncError(warn_wrap(warn))
    return value


@go_signature("string")
def _fail(message: str) -> str:
    raise FuncError(warn_wrap(message))


def render_templates(
    chart: Chart, top: dict[str, Any], *, profile: HelmProfile = HELM_3, trace: bool = False, reuse_keys: bool = False
) -> list[RenderedTemplate]:
    """Render every template of ``chart`` and its enabled subcharts.

    ``top`` holds ``Values`` (coalesced), ``Release`` and ``Capabilities``. Returns the non-partial templates in
    execution order with ``<no value>`` removed, as Helm's ``engine.Render`` does. Raises RenderError.
    """
    renderables: dict[str, _Renderable] = {}
    _collect(chart, top, renderables, profile)
    if not reuse_keys:
        return _Engine(profile, trace).render(renderables)
    with reused_keys():
        return _Engine(profile, trace).render(renderables)
