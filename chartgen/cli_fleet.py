"""``chartgen fleet``: the command line of ``chartgen.fleet``. Only click is imported at start-up.

Errors need no handling here: the top-level group (``chartgen.cli``) turns any of them into its one line.
"""

from __future__ import annotations

import click


@click.command("fleet")
@click.argument("file", metavar="FLEET.YAML")
@click.option("-o", "--output", metavar="DIR", default="out/fleet", show_default=True, help="Folder to write.")
@click.option("--force", is_flag=True, help="Replace an existing folder that 'chartgen fleet' wrote.")
@click.option(
    "--application-set/--applications",
    "application_set",
    default=None,
    help="One Argo CD ApplicationSet with a list generator, or one Application per target.  "
    "[default: fleet.yaml's gitops.application_set, else Applications]",
)
def fleet(file, output, force, application_set) -> None:
    """Plan one operator release at HOME per work cluster listed in FLEET.YAML.

    Writes, per target, the values of its release, its work-cluster bundle (as 'chartgen target bundle' writes it)
    and the commands that make and store its kubeconfig Secret; for HOME, the chart the releases install, a
    helmfile.yaml and Argo CD manifests. Every release is rendered first, and nothing is written when two
    targets collide: the same object at HOME, the same Secret, the same RBAC objects at one work cluster, or
    overlapping watch namespaces at one work API address. Exit status: 0 written, 2 bad input or a collision.

    \b
    Examples:
      chartgen fleet fleet.yaml -o deploy/fleet
      chartgen fleet fleet.yaml -o deploy/fleet --force --application-set
    """
    from pathlib import Path

    from chartgen.chartio.output import check_apart
    from chartgen.fleet.build import build_fleet, write_fleet
    from chartgen.fleet.spec import load_fleet

    spec = load_fleet(file)
    check_apart(Path(output), spec.chart.path)
    plan = build_fleet(spec, application_set)
    write_fleet(plan, Path(output), force)
    click.echo(f"Wrote {output}/ for {len(plan.releases)} target(s) ({', '.join(plan.charts)}):")
    for release in plan.releases:
        t = release.target
        click.echo(
            f"  {t.name}: release {t.release} in {t.namespace} at HOME -> {t.server} "
            f"(identity in {t.work_namespace}; watches {', '.join(t.watch_namespaces) or 'every namespace'})"
        )
    click.echo("Each identity at WORK gets the chart's operator rules; its binding files list the powerful ones.")
    click.echo("For each target, follow targets/<target>/next-steps.txt (its WORK bundle and kubeconfig Secret);")
    click.echo("then install the releases at HOME with helmfile.yaml or the Argo CD manifests under argocd/.")
