"""``chartgen render``'s work, and the way in that skips click when the arguments are plain.

Importing click and the command definitions costs about 13 ms, an eighth of rendering a small chart, and CI
renders on every push. So ``chartgen render`` with arguments that need no interpretation — one chart, and options
from :data:`OPTIONS` written as ``--name value``, ``--name=value`` or ``-x value`` — is read here and rendered
without click. Anything else (``--help``, an unknown or misspelt option, a missing value, a value that could be
read as an option, a choice click would refuse, shell completion) goes to click, which stays the only judge of
usage. A test holds :data:`OPTIONS` to the click command and compares the two readings on many command lines.
Both ways run :func:`run_render`, and report a failure with the CLI's one-line reporter.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chartgen.helm.options import RenderOptions

__all__ = ["OPTIONS", "plain_arguments", "render_fast", "render_options", "run_render"]

# The render command's options as click declares them in cli.py: flags -> (parameter, kind, allowed values).
# kind: "value" (the last one given wins), "multiple" (every one, in order) or "flag" (present or not).
_VALUE, _MULTIPLE, _FLAG = "value", "multiple", "flag"
OPTIONS: dict[tuple[str, ...], tuple[str, str, tuple[str, ...] | None]] = {
    ("-f", "--values"): ("values_files", _MULTIPLE, None),
    ("--set",): ("set_values", _MULTIPLE, None),
    ("--set-string",): ("set_string", _MULTIPLE, None),
    ("--set-file",): ("set_file", _MULTIPLE, None),
    ("--set-json",): ("set_json", _MULTIPLE, None),
    ("--set-literal",): ("set_literal", _MULTIPLE, None),
    ("--release-name",): ("release_name", _VALUE, None),
    ("-n", "--namespace"): ("namespace", _VALUE, None),
    ("--kube-version",): ("kube_version", _VALUE, None),
    ("-a", "--api-versions"): ("api_versions", _MULTIPLE, None),
    ("-s", "--show-only"): ("show_only", _MULTIPLE, None),
    ("--include-crds",): ("include_crds", _FLAG, None),
    ("--skip-tests",): ("skip_tests", _FLAG, None),
    ("--no-hooks",): ("no_hooks", _FLAG, None),
    ("--is-upgrade",): ("is_upgrade", _FLAG, None),
    ("--engine",): ("engine", _VALUE, ("builtin", "helm")),
    ("--helm",): ("helm_path", _VALUE, None),
    ("--helm-compat",): ("helm_compat", _VALUE, ("3", "4")),
    ("-o", "--output-dir"): ("output_dir", _VALUE, None),
    ("--force",): ("force", _FLAG, None),
}
# What click gives a parameter that is not on the command line.
DEFAULTS: dict[str, Any] = {
    "release_name": "release-name",
    "namespace": "default",
    "engine": "builtin",
    "helm_compat": "3",
}
_BY_FLAG = {flag: spec for flags, spec in OPTIONS.items() for flag in flags}
# Set when the shell asks click for completions (click's `_<PROG>_COMPLETE`).
_COMPLETION_VARIABLE = "_CHARTGEN_COMPLETE"


def plain_arguments(args: list[str]) -> dict[str, Any] | None:
    """The parameters click would give the render command for ``args`` (the words after ``render``), or None
    when reading them needs click: then click reads them, and reports what is wrong with them."""
    params: dict[str, Any] = {}
    for name, kind, _ in OPTIONS.values():
        params[name] = () if kind == _MULTIPLE else False if kind == _FLAG else DEFAULTS.get(name)
    chart = None
    words = iter(args)
    for word in words:
        if not word.startswith("-"):
            if chart is not None:
                return None  # click's "Got unexpected extra argument"
            chart = word
            continue
        flag, equals, attached = word.partition("=")
        spec = _BY_FLAG.get(flag)
        if spec is None or (equals and not flag.startswith("--")):
            return None
        name, kind, allowed = spec
        if kind == _FLAG:
            if equals:
                return None
            params[name] = True
            continue
        value = attached if equals else next(words, None)
        if value is None or (not equals and value.startswith("-")) or (allowed and value not in allowed):
            return None
        params[name] = (*params[name], value) if kind == _MULTIPLE else value
    if chart is None:
        return None
    params["chart"] = chart
    return params


def render_fast(args: list[str]) -> None:
    """Run ``chartgen render ARGS`` and exit, when the arguments are plain; return at once when they are not."""
    if os.environ.get(_COMPLETION_VARIABLE):
        return
    params = plain_arguments(args)
    if params is None:
        return
    from chartgen.command_runtime import run_on_deep_stack, warnings_as_lines

    code = 0
    try:
        with warnings_as_lines(_to_stderr):
            run_on_deep_stack(lambda: run_render(**params))
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException as error:  # noqa: BLE001 - the CLI's edge, reached without click
        from chartgen.cli_failure import report_error

        code = report_error(error)
    sys.exit(code)


def _to_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _to_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


# The CLI's repeated options that RenderOptions keeps as lists.
_LISTS = ("values_files", "set_values", "set_string", "set_file", "set_json", "set_literal", "show_only")


def render_options(**params: Any) -> RenderOptions:
    """RenderOptions from the CLI's parameters of the same names, as click gives them (repeated options as tuples,
    ``--api-versions`` possibly comma-separated, ``--helm-compat`` as text): render's and diff's."""
    from chartgen.helm.options import RenderOptions

    fields = {name: list(value) if name in _LISTS else value for name, value in params.items()}
    if "api_versions" in params:
        fields["api_versions"] = [a for item in params["api_versions"] for a in item.split(",") if a]
    if "helm_compat" in params:
        fields["helm_compat"] = int(params["helm_compat"])
    return RenderOptions(**fields)


def run_render(
    chart: str,
    engine: str = "builtin",
    helm_path: str | None = None,
    output_dir: str | None = None,
    force: bool = False,
    **rendering: Any,
) -> None:
    """What ``chartgen render`` does with its parameters (``rendering``: those of :func:`render_options`); errors
    are raised for the CLI's edge to report."""
    from pathlib import Path

    if engine == "builtin":
        # The keys the templates will ask for are made while the renderer is still being imported.
        from chartgen.sprig.keypool import prefetch_for_chart

        prefetch_for_chart(Path(chart))
    options = render_options(**rendering)
    if output_dir:
        from chartgen.chartio.output import check_apart

        check_apart(Path(output_dir), chart)
    if engine == "helm":
        from chartgen.helm.helm_binary import find_helm, render_with_helm

        text = render_with_helm(find_helm(helm_path), Path(chart), options)
    else:
        from chartgen.helm.render import render_chart

        result = render_chart(Path(chart), options)
        for warning in result.warnings:
            _to_stderr(f"chartgen: warning: {warning}")
        text = result.text
    if output_dir:
        from chartgen.chartio.output import is_rendered_dir, write_directory
        from chartgen.helm.output_dir import files_by_source

        write_directory(
            files_by_source(text),
            Path(output_dir),
            force,
            replaceable=is_rendered_dir,
            kind="an output of chartgen render",
        )
        _to_stdout(f"Wrote {output_dir}.\n")
    else:
        _to_stdout(text)
