"""The ``chartgen`` command line. Only click is imported at start-up; each command imports what it needs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from chartgen import __version__
from chartgen.cli_failure import report_error

if TYPE_CHECKING:
    from pathlib import Path

    from chartgen.target.bundle import Bundle


# Commands kept in their own module (``chartgen/cli_<name>.py``), by name: imported only when run, listed or
# completed, so a render never pays for them and a command module may use this module's shared option helpers.
LAZY_COMMANDS = {
    "completion": "chartgen.cli_completion:completion",
    "fleet": "chartgen.cli_fleet:fleet",
    "lint-files": "chartgen.cli_hooks:lint_files",
    "upgrade": "chartgen.cli_upgrade:upgrade",
}


class _Edge(click.Group):
    """The top-level group, whose ``main`` is the one place where every failure becomes one line and an exit code.

    Click's own ``main`` prints usage errors on three lines and lets other exceptions through as tracebacks;
    this one reports a usage error, a chartgen error, an OS error, Ctrl-C and a bug alike as one
    ``chartgen: error:`` line.
    """

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        prog_name = prog_name or "chartgen"
        self._main_shell_completion(extra, prog_name, complete_var)
        code = 0
        try:
            with _errors_reported(), self.make_context(prog_name, args, **extra) as ctx:
                self.invoke(ctx)
        except click.exceptions.Exit as done:
            code = done.exit_code
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        sys.exit(code)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A command defined here, or one of :data:`LAZY_COMMANDS`, imported the first time it is asked for."""
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            import importlib

            module, _, attribute = LAZY_COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Each command runs with room for deep input and chartgen's warnings as lines (``command_runtime``)."""
        from chartgen.command_runtime import run_on_deep_stack, warnings_as_lines

        with warnings_as_lines(lambda text: click.echo(text, err=True)):
            return run_on_deep_stack(super().invoke, ctx)


@click.group(cls=_Edge, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chartgen")
def main() -> None:
    """Make the InterSystems Kubernetes Operator (IKO) work from home.

    chartgen patches the stock iris-operator Helm chart so the operator runs in one cluster ("home") and
    manages IrisClusters in another ("work") through a kubeconfig kept in a Secret.
    """


overlay_dir_option = click.option(
    "--overlay-dir",
    "overlay_dirs",
    multiple=True,
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Extra folder of overlays, searched before the bundled ones; repeatable.",
)


def _stacked(*options: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """One decorator applying click ``options`` in the order given (the order ``--help`` lists them)."""

    def apply(command: Any) -> Any:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def overlay_options(overlay_help: str, param_help: str = "Overlay parameter; repeatable.") -> Callable[[Any], Any]:
    """``--overlay NAME`` (repeatable, in order), ``--overlay-dir`` and ``--param OVERLAY.NAME=VALUE``: how every
    command that patches (patch, diff, upgrade) is told which overlays to apply and with what."""
    return _stacked(
        click.option("--overlay", "overlays", multiple=True, metavar="NAME", help=overlay_help),
        overlay_dir_option,
        click.option("--param", "raw_params", multiple=True, metavar="OVERLAY.NAME=VALUE", help=param_help),
    )


# The user's values, as `helm template` and `helm lint` take them (render and lint).
values_options = _stacked(
    click.option("-f", "--values", "values_files", multiple=True, metavar="FILE", help="Values file; repeatable."),
    click.option("--set", "set_values", multiple=True, metavar="K=V", help="Set values as Helm's --set does."),
)
set_string_option = click.option("--set-string", multiple=True, metavar="K=V", help="Like --set, every value a string.")
# The release the templates see, as `helm template` takes it (render and diff).
release_options = _stacked(
    click.option("--release-name", default="release-name", show_default=True, help="Release name (.Release.Name)."),
    click.option("-n", "--namespace", default="default", show_default=True, help="Release namespace."),
    click.option("--kube-version", metavar="X.Y.Z", help="Kubernetes version for .Capabilities.KubeVersion."),
)


def _helm_compat(help_text: str) -> Callable[[Any], Any]:
    return click.option("--helm-compat", type=click.Choice(["3", "4"]), default="3", show_default=True, help=help_text)


# Where Helm 3.17 and 4.1 render differently (render and diff).
helm_compat_option = _helm_compat("Which Helm major's behaviour to reproduce where Helm 3.17 and 4.1 differ.")


@contextmanager
def _errors_reported() -> Iterator[None]:
    """End the command with one ``chartgen: error:`` line and its exit status, whatever went wrong.

    chartgen's own errors carry their place and status; an OS error is worded with its file; a usage error keeps
    click's text on one line; Ctrl-C exits 130; anything else is a bug in chartgen and says so (exit 70), with
    the traceback only when ``CHARTGEN_DEBUG=1``. Every line goes through the secret redaction."""
    try:
        yield
    except (SystemExit, click.exceptions.Exit):
        raise
    except BaseException as error:  # noqa: BLE001 - this is the edge: nothing may escape as a traceback
        sys.exit(report_error(error))


class _ShortcutCommand(click.Command):
    """A command whose options include the shortcuts the bundled overlays declare (``--remote-secret NAME`` ...),
    read from their overlay.yaml when the command is used, not when chartgen starts. ``shown``: the command only
    looks at the patched chart, so a required parameter left out takes the stand-in its overlay declares."""

    shown = False

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not getattr(self, "_shortcuts_added", False):
            self._shortcuts_added = True
            from chartgen.patch.shortcuts import bundled_shortcuts

            taken = {p.name for p in self.params}
            at = next(i for i, p in enumerate(self.params) if p.name == "overlay_dirs") + 1
            options = [
                click.Option([s.flag, s.dest], metavar=s.metavar, help=self._help(s))
                for _, s in bundled_shortcuts()
                if s.dest not in taken
            ]
            self.params[at:at] = options
        return super().get_params(ctx)

    def _help(self, shortcut: Any) -> str:
        if not (self.shown and shortcut.shown):
            return shortcut.help
        return f"{shortcut.help.split('. ')[0].rstrip('.')}; only its name shows.  [default: {shortcut.shown}]"


class _ShownShortcutCommand(_ShortcutCommand):
    shown = True


def _shortcut_parameters(
    names: list[str], overlay_dirs: tuple[str, ...], raw_params: tuple[str, ...], given: dict, *, shown: bool = False
) -> dict[str, dict[str, str]]:
    """``--param`` and the overlays' shortcut options as one ``parameters`` mapping for a patch of ``names``."""
    from chartgen.patch.overlay_spec import load_overlay
    from chartgen.patch.shortcuts import bundled_shortcuts, shortcut_parameters

    offered = bundled_shortcuts()
    flags = {s.flag: given.get(s.dest) for _, s in offered}
    overlays = [load_overlay(name, overlay_dirs) for name in dict.fromkeys(names)]
    return shortcut_parameters(overlays, _parse_params(raw_params), flags, offered, shown=shown)


def _parse_params(raw: tuple[str, ...]) -> dict[str, dict[str, str]]:
    from chartgen.errors import UsageError

    params: dict[str, dict[str, str]] = {}
    for item in raw:
        name, eq, value = item.partition("=")
        overlay, dot, key = name.partition(".")
        if not eq or not dot or not overlay or not key:
            raise UsageError(f"--param {item!r} is not OVERLAY.NAME=VALUE")
        params.setdefault(overlay, {})[key] = value
    return params


@main.command(cls=_ShortcutCommand)
@click.option(
    "--chart",
    "chart",
    metavar="DIR|TGZ",
    help="Chart to patch: a directory or a .tgz. Default: the bundled IKO 3.8.42 chart.",
)
@overlay_options(
    "Overlay to apply; repeat for several, applied in order.  [default: remote-target]",
    "Parameter for any overlay, e.g. for your own overlays; repeatable.",
)
@click.option(
    "-f",
    "--values",
    "values_files",
    multiple=True,
    metavar="FILE",
    help="Values file to check against the patched chart's schema (as helm install -f would use it); repeatable.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Where to write: the chart directory, or the .tgz with --package.  "
    "[default: out/<chart dir> or out/<name>-<version>.tgz]",
)
@click.option("--package", is_flag=True, help="Write a .tgz archive laid out as 'helm package' lays it out.")
@click.option("--force", is_flag=True, help="Replace an existing output.")
@click.option("--diff", "show_diff", is_flag=True, help="Print what would change as a unified diff; write nothing.")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if the output is not what this patch writes (source, overlays or parameters changed).",
)
@click.option(
    "--emit-tests",
    "emit_tests_dir",
    metavar="DIR",
    help="Also write a pytest snapshot-test module and a values-profiles file for the patched chart into DIR.",
)
@click.option(
    "--release", default="intersystems", show_default=True, help="Release name used in the printed next steps."
)
@click.option(
    "-n", "--namespace", default="default", show_default=True, help="Home namespace used in the printed next steps."
)
def patch(
    chart,
    overlays,
    overlay_dirs,
    raw_params,
    values_files,
    output,
    package,
    force,
    show_diff,
    check,
    emit_tests_dir,
    release,
    namespace,
    **shortcuts,
) -> None:
    """Write a patched copy of an iris-operator chart.

    With the default remote-target overlay the operator Deployment gets a read-only mount of the
    kubeconfig Secret, a --kubeconfig argument and a KUBECONFIG variable that point at it, and the chart's
    defaults turn both admission webhooks off. The output is an ordinary chart that helm installs as it is;
    its values.schema.json makes Helm refuse values that would break the wiring.

    \b
    Examples:
      chartgen patch --remote-secret work-kubeconfig
      chartgen patch --chart iris_operator_amd-3.8.42.100/chart/iris-operator \\
          --remote-secret work-kubeconfig -o out/iris-operator --force
      chartgen patch --remote-secret work-kubeconfig --package
      chartgen patch --remote-secret work-kubeconfig --diff
      chartgen patch --remote-secret work-kubeconfig --emit-tests tests/
      chartgen patch --remote-secret work-kubeconfig --check
    """
    from pathlib import Path

    from chartgen.errors import UsageError

    with _errors_reported():
        if show_diff and emit_tests_dir:
            raise UsageError("--emit-tests writes files; it cannot be combined with --diff")
        if check and (show_diff or emit_tests_dir):
            raise UsageError(f"--check cannot be combined with {'--diff' if show_diff else '--emit-tests'}")
        from chartgen.patch.engine import PatchRequest, patch_chart
        from chartgen.patch.overlay_spec import REMOTE_TARGET

        names = list(overlays) or [REMOTE_TARGET]
        params = _shortcut_parameters(names, overlay_dirs, raw_params, shortcuts)
        result = patch_chart(
            PatchRequest(
                chart=chart,
                overlays=names,
                overlay_dirs=list(overlay_dirs),
                parameters=params,
                values_files=list(values_files),
            )
        )
        if show_diff:
            from chartgen.patch.diffing import chart_diff

            click.echo(chart_diff(result.source.files, result.files), nl=False)
            return
        from chartgen.chartio.output import DirectoryOutput, FileOutput, check_apart, commit, package_bytes

        if package:
            target = Path(output or f"out/{result.chart_name}-{result.version}.tgz")
            outputs: list[Any] = [FileOutput(package_bytes(result.files, result.chart_name), target, force)]
        else:
            target = Path(output or f"out/{_folder_name(result.source.dir_name, result.chart_name)}")
            outputs = [DirectoryOutput(result.files, target, force)]
        if check:
            _check_up_to_date(outputs[0], target)
        check_apart(target, chart or _bundled_chart())
        if emit_tests_dir:
            from chartgen.snapshot.emit_tests import snapshot_test_outputs

            outputs += snapshot_test_outputs(
                Path(emit_tests_dir), target, result.chart_name, force=force, overlays=result.overlays
            )
        commit(outputs)  # the chart and the test files: all of them, or none
        click.echo(f"Wrote {target} ({result.chart_name} {result.version}; overlays: {', '.join(names)}).")
        if emit_tests_dir:
            for written in outputs[1:]:
                click.echo(f"Wrote {written.target}.")
            click.echo(f"Record the snapshots with: pytest {emit_tests_dir} --snapshot-update (then review, commit).")
        for path in values_files:
            click.echo(f"{path}: valid for the patched chart.")
        from chartgen.patch.next_steps import next_steps

        for steps in next_steps(result.overlays, result.parameters, str(target), release, namespace):
            click.echo(steps)


def _check_up_to_date(output: Any, target: Path) -> None:
    """``patch --check``: say whether ``target`` holds what the patch would write there; exit 0 if so, else 1."""
    from chartgen.patch.up_to_date import archive_drift, directory_drift

    drift = archive_drift(output.data, target) if hasattr(output, "data") else directory_drift(output.files, target)
    if not drift:
        click.echo(f"{target} is up to date with its source chart and overlays.")
        sys.exit(0)
    click.echo(f"{target} is out of date: patching the source chart with these overlays writes something else.")
    for line in drift:
        click.echo(f"  {line}")
    click.echo("To update it, run the same command without --check (with --force to replace what is there).")
    sys.exit(1)


def _folder_name(dir_name: str, chart_name: str) -> str:
    """The default output folder's name: the source folder's (an archive's top folder), unless that is no plain
    folder name (``.`` in a hand-made archive), then the chart's (already checked to be one)."""
    from chartgen.chartio.paths import UnsafePath, inside

    try:
        return dir_name if "/" not in inside(dir_name) else chart_name
    except UnsafePath:
        return chart_name


def _bundled_chart() -> Path:
    from chartgen.resources import base_chart_dir

    return base_chart_dir()


@main.command()
@click.argument("chart", metavar="CHART")
@values_options
@set_string_option
@click.option("--set-file", multiple=True, metavar="K=PATH", help="Set a value to a file's content.")
@click.option("--set-json", multiple=True, metavar="K=JSON", help="Set a value from JSON.")
@click.option("--set-literal", multiple=True, metavar="K=V", help="Set a value verbatim (no escapes or commas).")
@release_options
@click.option("-a", "--api-versions", multiple=True, metavar="GROUP/VERSION", help="Extra API versions; repeatable.")
@click.option("-s", "--show-only", multiple=True, metavar="PATH", help="Only print templates matching PATH.")
@click.option("--include-crds", is_flag=True, help="Print the chart's crds/ files first.")
@click.option("--skip-tests", is_flag=True, help="Leave out test hooks.")
@click.option("--no-hooks", is_flag=True, help="Leave out all hooks.")
@click.option("--is-upgrade", is_flag=True, help="Render as an upgrade (.Release.IsUpgrade).")
@click.option(
    "--engine",
    type=click.Choice(["builtin", "helm"]),
    default="builtin",
    show_default=True,
    help="builtin renders in-process; helm runs a real helm binary.",
)
@click.option("--helm", "helm_path", metavar="PATH", help="helm binary for --engine helm.  [default: helm on PATH]")
@helm_compat_option
@click.option("-o", "--output-dir", metavar="DIR", help="Write one file per template under DIR instead of stdout.")
@click.option("--force", is_flag=True, help="Replace an existing --output-dir.")
def render(**params: Any) -> None:
    """Render a chart's manifests exactly as 'helm template' prints them.

    The builtin engine needs no helm binary and is byte-compatible with helm template 3.17 (or 4.1 with
    --helm-compat 4). Errors are Helm's, with the template file, line and column.

    \b
    Examples:
      chartgen render out/iris-operator
      chartgen render out/iris-operator -f prod.yaml --set operator.replicaCount=2
      chartgen render out/iris-operator --show-only templates/deployment.yaml
      chartgen render out/iris-operator --engine helm --helm /usr/local/bin/helm
    """
    from chartgen.cli_render import run_render

    run_render(**params)


# How a chart is judged (lint and lint-files).
lint_judgement_options = _stacked(
    click.option("--kube-version", metavar="X.Y", help="Kubernetes version to render and validate for."),
    _helm_compat("The Helm major that installs the chart: renders as it does and checks what its install needs."),
    click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too."),
    click.option("--disable", multiple=True, metavar="ID", help="Switch a rule off; repeatable."),
    click.option(
        "--pod-security",
        type=click.Choice(["restricted", "baseline", "privileged", "none"]),
        help="Pod Security Standard every rendered pod must meet: its violations are errors. "
        "[default: the lint config's podSecurity.enforce, else none; baseline violations are warnings]",
    ),
    click.option("--config", "config_file", metavar="FILE", help="Lint config.  [default: nearest .chartgen.yaml]"),
)


@main.command()
@click.argument("chart", metavar="CHART", required=False)
@values_options
@lint_judgement_options
@click.option("--kubeconfig", metavar="FILE", help="Work-cluster kubeconfig to check before it becomes a Secret.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "junit"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--output", metavar="FILE", help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--force", is_flag=True, help="Replace an existing --output file.")
@click.option("--list-rules", is_flag=True, help="Print every rule with its severity, summary, reason and fix.")
def lint(
    chart,
    values_files,
    set_values,
    kube_version,
    kubeconfig,
    helm_compat,
    fmt,
    output,
    force,
    strict,
    disable,
    pod_security,
    config_file,
    list_rules,
) -> None:
    """Check a chart, its values, its rendered manifests and the remote-target wiring.

    Exit status: 0 clean, 1 findings at error severity (or warnings with --strict), 2 bad usage or
    unreadable input. Suppressions live in .chartgen.yaml (found by walking up from the chart).

    \b
    Examples:
      chartgen lint out/iris-operator -f prod.yaml
      chartgen lint out/iris-operator --kubeconfig work.kubeconfig --strict
      chartgen lint out/iris-operator --format sarif --output lint.sarif
      chartgen lint out/iris-operator --pod-security restricted
      chartgen lint --list-rules
    """
    from pathlib import Path

    if list_rules:
        from chartgen.lint.command import rule_list

        click.echo(rule_list(), nl=False)
        return
    if not chart:
        raise click.UsageError("missing argument CHART (or use --list-rules)")
    # Lint renders with shared keys (it never uses them), so one key serves every genCA-style call.
    from chartgen.sprig.keypool import prefetch_for_chart

    prefetch_for_chart(Path(chart), most=1)
    with _errors_reported():
        from chartgen.lint.command import lint_chart
        from chartgen.lint.runner import LintOptions

        options = LintOptions(
            chart=Path(chart),
            values_files=[Path(p) for p in values_files],
            set_values=list(set_values),
            kube_version=kube_version,
            kubeconfig=Path(kubeconfig) if kubeconfig else None,
            helm_compat=int(helm_compat),
            disable=list(disable),
            pod_security=pod_security,
            strict=strict,
            config=Path(config_file) if config_file else None,
        )
        run = lint_chart(options, fmt, Path(output) if output else None, force)
        if run.stderr is not None:
            click.echo(run.stderr, err=True)
        click.echo(run.stdout, nl=False)
    sys.exit(run.exit_code)


@main.command("overlays")
@overlay_dir_option
def list_overlays(overlay_dirs) -> None:
    """List the overlays chartgen can apply, with their parameters."""
    with _errors_reported():
        from chartgen.patch.overlay_spec import available, check_overlay_dirs, parse_overlay

        check_overlay_dirs(overlay_dirs)
        for name, folder in sorted(available(list(overlay_dirs)).items()):
            overlay = parse_overlay(folder)
            click.echo(f"{name}: {overlay.summary}")
            for pname, spec in overlay.parameters.items():
                default = f" [default: {spec['default']}]" if "default" in spec else " [required]"
                click.echo(f"    {pname}: {spec['description']}{default}")


# --- chartgen diff / chartgen snapshot (semantic manifest diff and emitted snapshot tests) ---


@main.command("diff", cls=_ShownShortcutCommand)
@click.option("--chart", metavar="DIR|TGZ", help="Stock chart: a directory or a .tgz.  [default: the bundled chart]")
@overlay_options("Overlay to apply; repeat for several.  [default: remote-target]")
@click.option("-f", "--values", "values_files", multiple=True, metavar="FILE", help="Values file for both renders.")
@click.option("--set", "set_values", multiple=True, metavar="K=V", help="Set a value in both renders, as --set does.")
@set_string_option
@release_options
@helm_compat_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "yaml", "json"]),
    default="text",
    show_default=True,
    help="text for review; yaml or json for tools.",
)
def diff_command(
    chart,
    overlays,
    overlay_dirs,
    raw_params,
    values_files,
    set_values,
    set_string,
    release_name,
    namespace,
    kube_version,
    helm_compat,
    output_format,
    **shortcuts,
) -> None:
    """Show what the overlays change in the rendered manifests.

    Renders the stock chart and its patched copy in memory with the same values and prints the difference
    object by object and field by field (added, removed and changed objects; each changed field by path,
    old -> new). Generated certificates are compared by what they are, not their random bytes. Exits 0.

    \b
    Examples:
      chartgen diff
      chartgen diff -f prod.yaml --set rbac.create=false
      chartgen diff --chart iris_operator_amd-3.8.42.100/chart/iris-operator --format yaml
    """

    with _errors_reported():
        from chartgen.cli_render import render_options
        from chartgen.patch.engine import PatchRequest
        from chartgen.patch.overlay_spec import REMOTE_TARGET
        from chartgen.snapshot.overlay_delta import overlay_delta

        names = list(overlays) or [REMOTE_TARGET]
        # Only the parameters' names show in a diff: a required one left out gets its declared stand-in.
        params = _shortcut_parameters(names, overlay_dirs, raw_params, shortcuts, shown=True)
        request = PatchRequest(chart=chart, overlays=names, overlay_dirs=list(overlay_dirs), parameters=params)
        options = render_options(
            release_name=release_name,
            namespace=namespace,
            values_files=values_files,
            set_values=set_values,
            set_string=set_string,
            kube_version=kube_version,
            helm_compat=helm_compat,
        )
        delta = overlay_delta(request, options)
        if output_format == "text":
            click.echo(delta.text(), nl=False)
        else:
            from chartgen.snapshot.manifest_diff import dump_data

            click.echo(dump_data(delta.to_data(), output_format), nl=False)


@main.group("snapshot")
def snapshot_group() -> None:
    """Snapshot tests of a chart's rendered manifests (pytest + syrupy)."""


@snapshot_group.command("init")
@click.argument("chart", metavar="CHART")
@click.argument("directory", metavar="DIR")
@click.option("--force", is_flag=True, help="Replace test files chartgen wrote before.")
def snapshot_init(chart, directory, force) -> None:
    """Write a pytest module and a values-profiles file for CHART into DIR.

    Then record the snapshots with 'pytest DIR --snapshot-update', review and commit them; later runs of
    'pytest DIR' fail with a readable manifest diff when the chart renders differently.
    """
    from pathlib import Path

    with _errors_reported():
        from chartgen.snapshot.emit_tests import emit_tests

        written = emit_tests(Path(directory), Path(chart), force=force)
        for path in written:
            click.echo(f"Wrote {path}.")
        click.echo(f"Next: pytest {directory} --snapshot-update, review the snapshots, commit them.")


@main.group("kubeconfig")
def kubeconfig_group() -> None:
    """Work-cluster kubeconfig tools."""


@kubeconfig_group.command("check")
@click.argument("file", metavar="FILE")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Report format."
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def kubeconfig_check(file, fmt, strict) -> None:
    """Check a work-cluster kubeconfig offline before it becomes the remote-target Secret.

    Judges the current context only: it must exist, point at a server reachable from another cluster
    (not 127.0.0.1/localhost), need no exec or auth-provider plugin, reference no files, verify TLS with
    inline CA data, and carry a token or client certificate that has not expired. Findings name fields,
    never their values. Exit status: 0 clean, 1 errors (or warnings with --strict), 2 unreadable file.

    \b
    Examples:
      chartgen kubeconfig check work.kubeconfig
      kind get kubeconfig --internal --name work > work.kubeconfig && chartgen kubeconfig check work.kubeconfig
    """

    with _errors_reported():
        from chartgen.kubeconfig.checks import check_kubeconfig
        from chartgen.lint.model import all_rules
        from chartgen.lint.report import format_report
        from chartgen.lint.runner import LintReport, sort_key

        findings = check_kubeconfig(file)
        rules = [r for r in all_rules() if r.family == "kubeconfig"]
        report = LintReport(chart=file, rules=rules, findings=sorted(findings, key=sort_key), strict=strict)
        click.echo(format_report(report, fmt, color=fmt == "text"), nl=False)
    sys.exit(report.exit_code)


def _write_private(text: str, output: str, force: bool) -> bool:
    """Write credential-bearing ``text`` to ``output`` with mode 0600, or to stdout only when ``output`` is ``-``.
    Returns True when it went to a file."""
    if output == "-":
        click.echo(text, nl=False)
        return False
    from pathlib import Path

    from chartgen.chartio.output import write_file_atomically

    write_file_atomically(text.encode("utf-8"), Path(output), force, mode=0o600)
    return True


@kubeconfig_group.command("build")
@click.option("--server", metavar="URL", help="The work cluster's API server as the home cluster's pods reach it.")
@click.option("--ca-file", metavar="FILE", help="The work cluster's CA certificate (PEM).")
@click.option(
    "--from-kubeconfig",
    "admin_kubeconfig",
    metavar="FILE",
    help="An admin kubeconfig of the work cluster: its server and CA are taken, never its credentials.",
)
@click.option("--context", metavar="NAME", help="Context of --from-kubeconfig to use.  [default: its current-context]")
@click.option("--token-file", metavar="FILE", help="A file holding the operator's token (kubectl create token ...).")
@click.option(
    "--token-secret",
    metavar="FILE",
    help="The operator's service-account-token Secret as 'kubectl get secret NAME -o yaml' prints it.",
)
@click.option("--name", default="work", show_default=True, help="Name of the cluster, user and context entries.")
@click.option("--namespace", metavar="NS", help="Default namespace of the context.")
@click.option(
    "-o", "--output", default="work.kubeconfig", show_default=True, help="File to write (mode 0600); '-' for stdout."
)
@click.option("--force", is_flag=True, help="Replace an existing output.")
def kubeconfig_build(
    server, ca_file, admin_kubeconfig, context, token_file, token_secret, name, namespace, output, force
) -> None:
    """Assemble a minimal kubeconfig for the operator's identity in the work cluster.

    One cluster (server and embedded CA data), one user (the token), one context, current-context set: what the
    operator needs inside its pod, and nothing else. The CA comes from --ca-file or the --from-kubeconfig
    cluster (or else the token Secret's ca.crt); the token from --token-file or --token-secret. The result is
    refused unless it passes 'chartgen kubeconfig check'. It is written with mode 0600 and never printed,
    unless '-o -' is given.

    \b
    Examples:
      kubectl --kubeconfig work-admin.kubeconfig -n iko get secret iko-operator-token -o yaml > token-secret.yaml
      chartgen kubeconfig build --from-kubeconfig work-admin.kubeconfig --token-secret token-secret.yaml \\
          --server https://work-control-plane:6443
      chartgen kubeconfig build --server https://10.0.0.5:6443 --ca-file ca.crt --token-file token
    """

    with _errors_reported():
        from chartgen.kubeconfig.build import build_from_files

        built = build_from_files(
            server=server,
            ca_file=ca_file,
            admin_kubeconfig=admin_kubeconfig,
            context=context,
            token_file=token_file,
            token_secret=token_secret,
            name=name,
            namespace=namespace,
        )
        for finding in built.warnings:
            click.echo(f"chartgen: warning: {finding.message}", err=True)
        if _write_private(built.text, output, force):
            click.echo(f"Wrote {output} (mode 0600): context '{built.name}' for {built.server}.")
            # The operator's home namespace usually matches the one its identity has at work.
            click.echo(
                f"Next: chartgen kubeconfig secret {output} --name work-kubeconfig -n {namespace or 'NAMESPACE'}"
            )


@kubeconfig_group.command("secret")
@click.argument("file", metavar="FILE")
@click.option("--name", required=True, help="Name of the Secret: the chart's --remote-secret.")
@click.option("--key", metavar="KEY", help="Key holding the kubeconfig: the chart's --secret-key.  [default: config]")
@click.option("-n", "--namespace", required=True, metavar="NS", help="The operator's namespace in the home cluster.")
@click.option(
    "-o",
    "--output",
    default="work-kubeconfig-secret.yaml",
    show_default=True,
    help="File to write (mode 0600); '-' for stdout.",
)
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option(
    "--allow-check-errors",
    is_flag=True,
    help="Write the Secret even when 'chartgen kubeconfig check' finds errors (they are still printed).",
)
def kubeconfig_secret(file, name, key, namespace, output, force, allow_check_errors) -> None:
    """Write the home-cluster Secret that holds the work cluster's kubeconfig FILE.

    FILE is vetted with the checks of 'chartgen kubeconfig check' (errors refuse unless --allow-check-errors)
    and minified to its current context, cluster and user. The manifest is written with mode 0600 and never
    printed, unless '-o -' is given; an existing file is replaced only with --force. Apply it to the HOME cluster.

    \b
    Examples:
      chartgen kubeconfig secret work.kubeconfig --name work-kubeconfig -n iko
      kubectl --kubeconfig home.kubeconfig apply -f work-kubeconfig-secret.yaml
    """

    with _errors_reported():
        from chartgen.kubeconfig.secret import vetted_secret
        from chartgen.lint.report.text import finding_line

        vetted = vetted_secret(file, name, namespace, key, allow_check_errors=allow_check_errors)
        for finding in (*vetted.errors, *vetted.warnings):
            click.echo(finding_line(finding), err=True)
        if vetted.refusal is not None:
            raise vetted.refusal
        manifest = vetted.manifest
        if _write_private(manifest.text, output, force):
            click.echo(
                f"Wrote {output} (mode 0600): Secret {namespace}/{name}, key '{manifest.key}', "
                f"context '{manifest.context}' — for the HOME cluster."
            )
            click.echo(f"Next: kubectl apply -f {output}   (with kubectl pointed at the home cluster)")


# --- chartgen target (the work cluster's side of the remote-target setup) ---


@main.group("target")
def target_group() -> None:
    """What the work cluster needs (the operator itself runs at home)."""


@target_group.command("bundle")
@click.option("--chart", metavar="DIR|TGZ", help="Stock or patched chart.  [default: the bundled chart]")
@click.option(
    "--overlay",
    "overlays",
    multiple=True,
    metavar="NAME",
    help="Overlay the home install uses; repeatable.  [default: remote-target, or none if --chart is patched]",
)
@click.option(
    "-f", "--values", "values_files", multiple=True, metavar="FILE", help="Values file the home install uses."
)
@click.option(
    "-n", "--namespace", required=True, metavar="NS", help="Work-cluster namespace for the operator's identity."
)
@click.option(
    "--crd-file", metavar="FILE", help="The IrisCluster CRD exported from the home cluster (kubectl get crd)."
)
@click.option(
    "--release", default="intersystems", show_default=True, help="Release name of the home install (names objects)."
)
@click.option(
    "--context",
    "work_context",
    default="work",
    show_default=True,
    help="Work cluster's kubectl context, for the printed commands.",
)
@click.option(
    "--watch-namespace",
    "watch_namespaces",
    multiple=True,
    metavar="NS",
    help="Grant the namespaced rules in NS only (a RoleBinding), not in every namespace; repeatable.",
)
@click.option("-o", "--output", metavar="DIR", default="out/work-cluster", show_default=True, help="Bundle directory.")
@click.option("--force", is_flag=True, help="Replace an existing bundle directory.")
def target_bundle(
    chart, overlays, values_files, namespace, crd_file, release, work_context, watch_namespaces, output, force
) -> None:
    """Write the manifests for the WORK cluster: a least-privilege identity for the home operator.

    The bundle holds a Namespace, a ServiceAccount, a ClusterRole with exactly the rules of the chart's own
    operator ClusterRole (so it follows the IKO version), a ClusterRoleBinding, a Secret that asks for a
    long-lived token, and the IrisCluster CRD when --crd-file is given. No Deployment, webhook or APIService:
    the operator stays at home. It prints, and notes in the binding files, the powerful permissions the identity
    gets (pod creation, exec, Secrets...) and where.

    With --watch-namespace the ClusterRole is bound by a RoleBinding in each namespace named instead, and a second
    ClusterRole keeps cluster-wide only the rules on cluster-scoped resources and list/watch of what the operator
    watches (never Secrets): creating pods, exec and Secrets then stop at those namespaces.

    \b
    Examples:
      chartgen target bundle -n iris
      kubectl --context home get crd irisclusters.intersystems.com -o yaml > iriscluster-crd.yaml
      chartgen target bundle -n iris --crd-file iriscluster-crd.yaml --context kind-ikowork --force
      chartgen target bundle --chart out/iris-operator -f prod.yaml -n iris -o work-bundle
      chartgen target bundle -n iko --watch-namespace iris-prod --watch-namespace iris-test
    """
    import shlex
    from pathlib import Path

    with _errors_reported():
        from chartgen.chartio.output import check_apart
        from chartgen.target.bundle import BundleRequest, apply_command, build_bundle, write_bundle

        check_apart(Path(output), chart or _bundled_chart())
        bundle = build_bundle(
            BundleRequest(
                namespace=namespace,
                chart=chart,
                overlays=list(overlays),
                values_files=list(values_files),
                crd_file=crd_file,
                release=release,
                watch_namespaces=list(watch_namespaces),
            )
        )
        write_bundle(bundle, Path(output), force)
        click.echo(f"Wrote {output}/ for the WORK cluster ({bundle.chart}, release {bundle.release}):")
        for name, obj in bundle.objects:
            click.echo(f"  {name}  {obj['kind']} {obj['metadata']['name']}")
        q = shlex.quote
        _echo_grants(bundle, work_context)
        if not bundle.crd_names:
            click.echo("No CRD included: export it from the home cluster (where IKO registered it), then re-run with")
            click.echo("  kubectl --context HOME get crd irisclusters.intersystems.com -o yaml > iriscluster-crd.yaml")
            click.echo("  ... --crd-file iriscluster-crd.yaml --force")
        click.echo("Apply it to the work cluster:")
        click.echo(f"  {apply_command(output, work_context)}")
        click.echo("Then fetch the operator's token Secret for 'chartgen kubeconfig build':")
        click.echo(
            f"  kubectl --context {q(work_context)} -n {q(bundle.namespace)} get secret {q(bundle.token_secret)} "
            "-o yaml > work-token-secret.yaml"
        )


def _echo_grants(bundle: Bundle, work_context: str) -> None:
    """What the identity may do that matters, and where; and how to narrow or what narrowing leaves behind."""
    import shlex

    click.echo("The operator's identity at WORK gets the chart's operator rules; among them it may:")
    for line in bundle.grants:
        click.echo(f"  {line}")
    if not bundle.watch_namespaces:
        click.echo("If IrisClusters run in known namespaces only, confine the namespaced rules to them with")
        click.echo("--watch-namespace NS (repeatable; the README's 'Least privilege at WORK' says what changes).")
        return
    if bundle.cluster_reads:
        click.echo(f"  in every namespace: list and watch {', '.join(bundle.cluster_reads)} (the operator watches all)")
    click.echo("Switching from a cluster-wide bundle? Applying does not delete its ClusterRoleBinding; do it yourself:")
    click.echo(
        f"  kubectl --context {shlex.quote(work_context)} delete clusterrolebinding "
        f"{shlex.quote(bundle.rbac.binding)} --ignore-not-found"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
