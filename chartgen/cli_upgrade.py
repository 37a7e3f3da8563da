"""``chartgen upgrade``: the IKO version bump, reviewed before it happens (README, "Upgrading IKO")."""

from __future__ import annotations

import sys

import click

from chartgen.cli import _errors_reported, _helm_compat, _shortcut_parameters, _ShortcutCommand, overlay_options


@click.command("upgrade", cls=_ShortcutCommand)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--old-stock",
    metavar="DIR|TGZ",
    help="The stock chart a patched OLD was made from: lets the report tell upstream changes from the overlays'.",
)
@overlay_options("Overlay to apply; repeatable.  [default: the overlays OLD's annotations list, else remote-target]")
@click.option(
    "-f",
    "--values",
    "values_files",
    multiple=True,
    metavar="FILE",
    help="Values file to check against the new patched chart; repeatable.",
)
@click.option("-o", "--output", metavar="DIR", help="Write the new patched chart to DIR (atomically).")
@click.option("--force", is_flag=True, help="Replace an existing --output.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull request, json for tools.",
)
@click.option(
    "--tests-dir",
    default="tests",
    show_default=True,
    metavar="DIR",
    help="Where the snapshot tests of 'patch --emit-tests' live, for the printed commands.",
)
@_helm_compat("The Helm major whose reading of values and rendering the comparison follows.")
def upgrade(
    old,
    new,
    old_stock,
    overlays,
    overlay_dirs,
    raw_params,
    values_files,
    output,
    force,
    fmt,
    tests_dir,
    helm_compat,
    **shortcuts,
) -> None:
    """Re-patch the NEW stock chart as OLD was patched, and report what that changes.

    OLD is the chart you patched before (its annotations name the overlays) or the old stock chart; NEW is the
    new stock chart. The report shows each overlay step's matches in the old and the new chart (template:line),
    what upstream changed in the rendered objects apart from what the overlays change, values keys added,
    removed, renamed and defaults changed, whether each -f file is still valid, and which emitted snapshot tests
    change. Nothing is written without --output; a patched OLD may be replaced by it (with --force). When nothing
    is written and OLD is stock, a required overlay parameter left out takes its stand-in (only names show); with a
    patched OLD or --output, give it.

    Exit status: 0 clean (the overlays apply as before, the values files are valid), 1 something needs
    attention, 2 bad input.

    \b
    Examples:
      chartgen upgrade iris-operator-3.6.7/ iris-operator-3.8.42/
      chartgen upgrade out/iris-operator new/iris-operator --remote-secret work-kubeconfig -f prod.yaml
      chartgen upgrade out/iris-operator new/iris-operator --old-stock old/iris-operator \\
          --remote-secret work-kubeconfig --format markdown > upgrade.md
      chartgen upgrade old/iris-operator new/iris-operator --remote-secret work-kubeconfig -o out/iris-operator --force
    """
    from pathlib import Path

    with _errors_reported():
        from chartgen.chartio.meta import parse_chart_yaml
        from chartgen.chartio.source import read_chart
        from chartgen.patch.overlay_spec import REMOTE_TARGET
        from chartgen.upgrade.formats import format_report
        from chartgen.upgrade.plan import UpgradeRequest, plan_upgrade

        source = read_chart(old)
        applied = parse_chart_yaml(source.text("Chart.yaml"), source.display("Chart.yaml")).applied_overlays()
        names = list(overlays) or applied or [REMOTE_TARGET]
        # Only a report from a stock OLD may use stand-ins: both sides then get the same ones.
        shown = not output and not applied
        params = _shortcut_parameters(names, overlay_dirs, raw_params, shortcuts, shown=shown)
        if output:
            from chartgen.chartio.output import check_apart

            # The new patched chart may take the place of the old patched one (with --force): both are read whole
            # before anything is written, and the old one is what it supersedes. Any other overlap is refused.
            if not (applied and Path(output).resolve() == Path(old).resolve()):
                check_apart(Path(output), old)
            check_apart(Path(output), new)
        report = plan_upgrade(
            UpgradeRequest(
                old=old,
                new=new,
                old_stock=old_stock,
                overlays=names,
                overlay_dirs=list(overlay_dirs),
                parameters=params,
                values_files=list(values_files),
                helm_compat=int(helm_compat),
                tests_dir=tests_dir,
            )
        )
        click.echo(format_report(report, fmt), nl=False)
        if output:
            if report.result is None:
                click.echo(f"chartgen: warning: {output} not written: the new chart could not be patched", err=True)
            else:
                from chartgen.chartio.output import DirectoryOutput, commit

                commit([DirectoryOutput(report.result.files, Path(output), force)])
                click.echo(f"Wrote {output} ({report.result.chart_name} {report.result.version}).", err=True)
    sys.exit(report.exit_code)
