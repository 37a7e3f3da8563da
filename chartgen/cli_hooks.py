"""``chartgen lint-files FILE...``: lint the charts that hold the given files, as a pre-commit hook passes them.

pre-commit (and similar hook runners) hand a hook the files a commit touches, not the charts; this command maps
each file to the chart it belongs to (the nearest folder above it holding a ``Chart.yaml``) and runs
``chartgen lint`` once per chart, with the options that say how a chart is judged (``lint_judgement_options``,
shared with ``lint``). Files outside every chart are ignored.
"""

from __future__ import annotations

from pathlib import Path

import click

from chartgen.cli import lint_judgement_options

__all__ = ["chart_of", "lint_files"]


def chart_of(path: Path) -> Path | None:
    """The chart folder holding ``path``: the nearest folder at or above its own that has a ``Chart.yaml``."""
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "Chart.yaml").is_file():
            return folder
    return None


@click.command("lint-files")
@click.argument("files", nargs=-1, metavar="FILE...")
@lint_judgement_options
@click.pass_context
def lint_files(ctx: click.Context, files: tuple[str, ...], **options: object) -> None:
    """Lint every chart that holds one of FILES, each once, with 'chartgen lint'.

    Meant for hook runners that pass the files a commit touches (the pre-commit hook 'chartgen-lint'). Each
    chart's text report is printed in turn. Exit status: the worst of the charts' ('chartgen lint': 0 clean,
    1 findings at error severity, or warnings with --strict; 2 bad usage or an unreadable chart); 0 when no
    file belongs to a chart.

    \b
    Examples:
      chartgen lint-files charts/iris-operator/values.yaml charts/iris-operator/templates/deployment.yaml
      git diff --name-only main | xargs chartgen lint-files --strict
    """
    # Through the top-level group, as the command line finds `chartgen lint`.
    lint = ctx.find_root().command.get_command(ctx, "lint")  # type: ignore[attr-defined]
    charts = dict.fromkeys(chart for chart in (chart_of(Path(f)) for f in files) if chart is not None)
    worst = 0
    for chart in charts:
        try:
            ctx.invoke(lint, chart=str(chart), **options)
        except SystemExit as done:  # lint ends with its status; the others still get linted
            code = done.code if isinstance(done.code, int) else 1
            worst = max(worst, code)
    ctx.exit(worst)
