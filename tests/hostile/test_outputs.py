"""Where chartgen writes: never outside the output, never over a user's files, never an output half replaced.

Each case runs the real CLI in a subprocess under the harness limits; the sandbox proves what changed.
"""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import pytest
from test_helm_chart_loader import make_tgz

from hostile.harness import Sandbox, assert_clean_success, assert_refused, run_chartgen
from hostile.outputs_kit import dead_pid, files_overlay, hook_env, line_of, write_chart, write_overlay


def patch_args(chart: Path | str, overlay_dir: Path | str, *rest: str) -> tuple[str, ...]:
    return ("patch", "--chart", str(chart), "--overlay", "extra", "--overlay-dir", str(overlay_dir), *rest)


@pytest.fixture
def setup(tmp_path: Path) -> Path:
    """A chart ``c`` and a harmless overlay ``ovs/extra`` adding ``templates/extra.yaml``."""
    write_chart(tmp_path / "c")
    files_overlay(tmp_path / "ovs" / "extra", "templates/extra.yaml")
    return tmp_path


# --- overlay paths ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "templates/../../../x",
        "templates/../../x",
        "..",
        "../x",
        "templates/..\\..\\..\\x",
        "C:/x",
        "c:x",
        "templates/\u0007bell.yaml",
        ".",
        "templates/..",
    ],
)
def test_an_overlay_path_leaving_the_chart_is_refused_at_its_line(tmp_path: Path, path: str) -> None:
    write_chart(tmp_path / "c")
    folder = files_overlay(tmp_path / "ovs" / "extra", path)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c"), cwd=tmp_path)
    line = line_of(folder / "overlay.yaml", "path:")
    assert_refused(outcome, f"ovs/extra/overlay.yaml:{line}:", "files.0.path")
    sandbox.assert_unchanged()


def test_an_absolute_overlay_path_is_refused_at_its_line(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    folder = files_overlay(tmp_path / "ovs" / "extra", "/tmp/chartgen-escape")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c"), cwd=tmp_path)
    assert_refused(outcome, f"ovs/extra/overlay.yaml:{line_of(folder / 'overlay.yaml', 'path:')}:", "files.0.path")
    sandbox.assert_unchanged()
    assert not Path("/tmp/chartgen-escape").exists()


def test_an_overlay_path_that_stays_inside_after_normalising_is_written_there(setup: Path) -> None:
    files_overlay(setup / "ovs" / "extra", "templates/./sub/../extra.yaml")
    sandbox = Sandbox(setup)
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "out/c"), cwd=setup))
    sandbox.assert_changed_only_under("out")
    assert (setup / "out/c/templates/extra.yaml").read_text() == "# added\n"


@pytest.mark.parametrize(
    ("key", "body", "fragment"),
    [
        ("files.0.source", "files:\n  - path: templates/x.yaml\n    source: ../../secret.txt\n", "source:"),
        ("files.0.source", "files:\n  - path: templates/x.yaml\n    source: /etc/hostname\n", "source:"),
        ("values.file", "values:\n  file: ../../secret.txt\n", "file:"),
        ("schema", "schema: ../../secret.txt\n", "schema:"),
        ("notes.file", "notes:\n  file: ../../secret.txt\n  when: 'true'\n", "file:"),
    ],
)
def test_an_overlay_source_outside_its_folder_is_refused_at_its_line(
    tmp_path: Path, key: str, body: str, fragment: str
) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "secret.txt").write_text("host secret\n")
    folder = write_overlay(tmp_path / "ovs" / "extra", body)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c"), cwd=tmp_path)
    assert_refused(outcome, f"ovs/extra/overlay.yaml:{line_of(folder / 'overlay.yaml', fragment)}:", key)
    sandbox.assert_unchanged()


def test_an_overlay_source_linking_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "secret.txt").write_text("host secret\n")
    folder = files_overlay(tmp_path / "ovs" / "extra", "templates/x.yaml", source="innocent.yaml")
    (folder / "extra.yaml").unlink()
    (folder / "innocent.yaml").symlink_to(tmp_path / "secret.txt")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c"), cwd=tmp_path)
    assert_refused(outcome, "ovs/extra/overlay.yaml:", "leads out of the overlay folder")
    sandbox.assert_unchanged()


# --- chart-derived names and paths -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..", ".", "a/../../x", "..\\..\\x"])
def test_a_chart_name_that_is_a_path_is_refused_before_packaging(setup: Path, name: str) -> None:
    write_chart(setup / "c", name)
    sandbox = Sandbox(setup)
    outcome = run_chartgen(*patch_args("c", "ovs", "--package"), cwd=setup)
    assert_refused(outcome, "c/Chart.yaml:2:", "chart name", "is invalid")
    sandbox.assert_unchanged()


def test_an_archive_whose_top_folder_is_dot_is_written_under_its_chart_name(setup: Path) -> None:
    chart = {f"./{p.relative_to(setup / 'c')}": p.read_bytes() for p in (setup / "c").rglob("*") if p.is_file()}
    (setup / "dot.tgz").write_bytes(make_tgz(chart))
    sandbox = Sandbox(setup)
    assert_clean_success(run_chartgen(*patch_args("dot.tgz", "ovs"), cwd=setup))
    sandbox.assert_changed_only_under("out")
    assert (setup / "out/demo/Chart.yaml").is_file()


def test_an_archive_entry_climbing_out_is_refused_naming_the_archive(tmp_path: Path) -> None:
    (tmp_path / "evil.tgz").write_bytes(
        make_tgz({"c/Chart.yaml": b"apiVersion: v2\nname: c\nversion: 0.1.0\n", "c/../../x": b"x"})
    )
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", "evil.tgz", "-o", "out", cwd=tmp_path)
    assert_refused(outcome, "evil.tgz: ", "parent director")
    sandbox.assert_unchanged()


@pytest.mark.parametrize("name", ["../../../escape", "a/../../b.example.com", "Bad_Name.example.com"])
def test_a_crd_name_that_is_no_dns_subdomain_is_refused(tmp_path: Path, name: str) -> None:
    crd = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
        f"metadata:\n  name: '{name}'\nspec:\n  group: example.com\n"
    )
    (tmp_path / "crd.yaml").write_text(crd)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("target", "bundle", "-n", "iris", "--crd-file", "crd.yaml", "-o", "out/b", cwd=tmp_path)
    assert_refused(outcome, "crd.yaml", "metadata.name", "DNS-1123")
    sandbox.assert_unchanged()


# --- what --force may replace -----------------------------------------------------------------------------------


def test_render_force_refuses_a_folder_holding_only_links(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "doc.yaml").write_text("---\n# Source: mine\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path / "keep")
    (tmp_path / "out" / "file-link").symlink_to(tmp_path / "keep" / "doc.yaml")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", "c", "-o", "out", "--force", cwd=tmp_path)
    assert_refused(outcome, "out exists and is not an output of chartgen render")
    sandbox.assert_unchanged()


@pytest.mark.parametrize("layout", [(), ("a",), ("a", "a/b", "c")])
def test_render_force_refuses_a_folder_holding_only_empty_folders(tmp_path: Path, layout: tuple[str, ...]) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "out").mkdir()
    for folder in layout:
        (tmp_path / "out" / folder).mkdir()
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", "c", "-o", "out", "--force", cwd=tmp_path)
    assert_refused(outcome, "not an output of chartgen render")
    sandbox.assert_unchanged()


def test_render_force_replaces_its_own_output(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    assert_clean_success(run_chartgen("render", "c", "-o", "out", cwd=tmp_path))
    (tmp_path / "c" / "values.yaml").write_text("a: 2\n")
    sandbox = Sandbox(tmp_path)
    assert_clean_success(run_chartgen("render", "c", "-o", "out", "--force", cwd=tmp_path))
    sandbox.assert_changed_only_under("out")
    assert 'a: "2"' in (tmp_path / "out/demo/templates/cm.yaml").read_text()


def test_patch_force_refuses_a_chart_chartgen_did_not_write(setup: Path) -> None:
    write_chart(setup / "mine", "mine")
    (setup / "mine" / ".git").mkdir()
    sandbox = Sandbox(setup)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "mine", "--force"), cwd=setup)
    assert_refused(outcome, "mine exists and is not a chart chartgen wrote")
    sandbox.assert_unchanged()


def test_patch_force_replaces_a_link_itself_and_not_what_it_points_at(setup: Path) -> None:
    (setup / "elsewhere").mkdir()
    (setup / "elsewhere" / "precious.txt").write_text("keep")
    (setup / "out").mkdir()
    (setup / "out" / "c").symlink_to(setup / "elsewhere")
    sandbox = Sandbox(setup)
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=setup))
    sandbox.assert_changed_only_under("out/c")
    assert not (setup / "out/c").is_symlink() and (setup / "out/c/Chart.yaml").is_file()


def test_an_existing_output_survives_without_force(setup: Path) -> None:
    (setup / "out" / "c").mkdir(parents=True)
    (setup / "out" / "c" / "notes.txt").write_text("mine")
    sandbox = Sandbox(setup)
    assert_refused(run_chartgen(*patch_args("c", "ovs", "-o", "out/c"), cwd=setup), "already exists")
    sandbox.assert_unchanged()


# --- outputs overlapping the source -----------------------------------------------------------------------------


def test_patch_output_equal_to_the_source_is_refused(setup: Path) -> None:
    (setup / "c" / ".helmignore").write_text("secret-notes.txt\n")
    (setup / "c" / "secret-notes.txt").write_text("ignored by helm, still mine")
    sandbox = Sandbox(setup)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "c", "--force"), cwd=setup)
    assert_refused(outcome, "c is the source chart itself")
    sandbox.assert_unchanged()


def test_patch_output_equal_to_a_patched_source_is_refused(setup: Path) -> None:
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "p"), cwd=setup))
    files_overlay(setup / "ovs" / "more", "templates/more.yaml")
    sandbox = Sandbox(setup)
    args = ("patch", "--chart", "p", "--overlay", "more", "--overlay-dir", "ovs", "-o", "p", "--force")
    assert_refused(run_chartgen(*args, cwd=setup), "p is the source chart itself")
    sandbox.assert_unchanged()


def test_patch_output_inside_the_source_is_refused(setup: Path) -> None:
    sandbox = Sandbox(setup)
    assert_refused(run_chartgen(*patch_args("c", "ovs", "-o", "c/out"), cwd=setup), "inside the source chart")
    sandbox.assert_unchanged()


def test_patch_output_holding_the_source_is_refused(setup: Path) -> None:
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "p"), cwd=setup))
    write_chart(setup / "p" / "charts" / "sub", "sub")
    sandbox = Sandbox(setup)
    assert_refused(
        run_chartgen(*patch_args("p/charts/sub", "ovs", "-o", "p", "--force"), cwd=setup), "holds the source chart"
    )
    sandbox.assert_unchanged()


def test_patch_package_over_its_source_archive_is_refused(setup: Path) -> None:
    chart = {f"c/{p.relative_to(setup / 'c')}": p.read_bytes() for p in (setup / "c").rglob("*") if p.is_file()}
    (setup / "c.tgz").write_bytes(make_tgz(chart))
    sandbox = Sandbox(setup)
    outcome = run_chartgen(*patch_args("c.tgz", "ovs", "--package", "-o", "c.tgz", "--force"), cwd=setup)
    assert_refused(outcome, "c.tgz is the source chart itself")
    sandbox.assert_unchanged()


def test_render_output_inside_the_chart_is_refused(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    sandbox = Sandbox(tmp_path)
    assert_refused(run_chartgen("render", "c", "-o", "c/rendered", cwd=tmp_path), "inside the source chart")
    sandbox.assert_unchanged()


def test_bundle_output_inside_the_chart_is_refused(tmp_path: Path) -> None:
    assert_clean_success(run_chartgen("patch", "--remote-secret", "wk", "-o", "p", cwd=tmp_path))
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("target", "bundle", "--chart", "p", "-n", "iris", "-o", "p/work", cwd=tmp_path)
    assert_refused(outcome, "inside the source chart")
    sandbox.assert_unchanged()


# --- single-file outputs -----------------------------------------------------------------------------------------


def test_lint_output_keeps_an_existing_file_without_force(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "report.json").write_text("my notes")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("lint", "c", "--format", "json", "--output", "report.json", cwd=tmp_path)
    assert_refused(outcome, "report.json already exists; use --force")
    sandbox.assert_unchanged()


def test_lint_output_with_force_replaces_the_file_only(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "report.json").write_text("old")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("lint", "c", "--format", "json", "--output", "report.json", "--force", cwd=tmp_path)
    assert_clean_success(outcome)
    assert sandbox.changes() == {"report.json"}


def test_kubeconfig_secret_force_does_not_skip_the_checks(tmp_path: Path) -> None:
    (tmp_path / "work.kubeconfig").write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: w\n"
        "clusters: [{name: w, cluster: {server: 'https://127.0.0.1:6443', insecure-skip-tls-verify: true}}]\n"
        "users: [{name: w, user: {token: abcdefghijklmnopqrstuvwxyz0123456789}}]\n"
        "contexts: [{name: w, context: {cluster: w, user: w}}]\n"
    )
    sandbox = Sandbox(tmp_path)
    args = ("kubeconfig", "secret", "work.kubeconfig", "--name", "wk", "-n", "iko", "-o", "s.yaml")
    refused = run_chartgen(*args, "--force", cwd=tmp_path)
    # The findings come first, one line each, then the one error line.
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.splitlines()[-1].startswith("chartgen: error: ") and "--allow-check-errors" in refused.stderr
    assert "abcdefghijklmnopqrstuvwxyz0123456789" not in refused.stderr
    sandbox.assert_unchanged()
    assert_clean_success(run_chartgen(*args, "--allow-check-errors", cwd=tmp_path))
    assert sandbox.changes() == {"s.yaml"}


# --- several outputs: all or none --------------------------------------------------------------------------------


def test_emit_tests_into_a_path_under_a_file_fails_before_the_chart_is_written(setup: Path) -> None:
    (setup / "tests").write_text("a file, not a folder")
    sandbox = Sandbox(setup)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--emit-tests", "tests/snap"), cwd=setup)
    assert_refused(outcome, "tests is not a directory")
    sandbox.assert_unchanged()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_emit_tests_into_a_read_only_folder_fails_before_the_chart_is_written(setup: Path) -> None:
    (setup / "tests").mkdir()
    (setup / "tests").chmod(0o555)
    sandbox = Sandbox(setup)
    try:
        outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--emit-tests", "tests"), cwd=setup)
    finally:
        (setup / "tests").chmod(0o755)
    assert_refused(outcome, "not writable")
    sandbox.assert_unchanged()


def test_an_existing_test_module_stops_the_chart_from_being_written(setup: Path) -> None:
    (setup / "tests").mkdir()
    (setup / "tests" / "demo.profiles.yaml").write_text("profiles: {mine: {}}\n")
    sandbox = Sandbox(setup)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--emit-tests", "tests"), cwd=setup)
    assert_refused(outcome, "demo.profiles.yaml already exists")
    sandbox.assert_unchanged()


def test_a_failure_while_staging_the_second_test_file_writes_nothing(setup: Path) -> None:
    hook = (
        "import chartgen.chartio.output as o\n"
        "real = o.FileOutput.stage\n"
        "def stage(self):\n"
        "    if self.target.name.endswith('.profiles.yaml'):\n"
        "        raise o.OutputError(f'cannot write {self.target}: No space left on device')\n"
        "    real(self)\n"
        "o.FileOutput.stage = stage\n"
    )
    env = hook_env(setup / "hook", hook)
    sandbox = Sandbox(setup)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--emit-tests", "t/s"), cwd=setup, env=env)
    assert_refused(outcome, "No space left on device")
    sandbox.assert_unchanged()


# --- an interrupted --force replace ------------------------------------------------------------------------------

KILL_AFTER_EXCHANGE = """
import os, signal
import chartgen.chartio.atomic_rename as rename
real = rename.exchange
def exchange(first, second):
    done = real(first, second)
    os.kill(os.getpid(), signal.SIGKILL)
    return done
rename.exchange = exchange
"""

KILL_BEFORE_EXCHANGE = """
import os, signal
import chartgen.chartio.atomic_rename as rename
def exchange(first, second):
    os.kill(os.getpid(), signal.SIGKILL)
rename.exchange = exchange
"""

# No exchange on this "OS": the two-rename fallback, killed between its two renames.
KILL_BETWEEN_TWO_RENAMES = """
import os, signal, pathlib
import chartgen.chartio.atomic_rename as rename
rename.exchange = lambda first, second: False
real = pathlib.Path.rename
def rename_path(self, target):
    done = real(self, target)
    if ".chartgen-old-" in str(target):
        os.kill(os.getpid(), signal.SIGKILL)
    return done
pathlib.Path.rename = rename_path
"""

NO_EXCHANGE = """
import chartgen.chartio.atomic_rename as rename
rename.exchange = lambda first, second: False
rename.rename_no_replace = lambda source, target: False
"""


def _exchange_works(folder: Path) -> bool:
    from chartgen.chartio.atomic_rename import exchange

    (folder / "probe-a").mkdir()
    (folder / "probe-b").mkdir()
    try:
        return exchange(folder / "probe-a", folder / "probe-b")
    finally:
        (folder / "probe-a").rmdir()
        (folder / "probe-b").rmdir()


needs_exchange = pytest.mark.skipif(
    not _exchange_works(Path(tempfile.gettempdir())), reason="no renameat2 exchange here"
)


@pytest.fixture
def previous(setup: Path) -> Path:
    """``out/c``: a chart chartgen wrote, about to be replaced with --force by a chart of another content."""
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "out/c"), cwd=setup))
    (setup / "c" / "values.yaml").write_text("a: 2\n")
    return setup


def _values(root: Path) -> str:
    return (root / "out" / "c" / "values.yaml").read_text()


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "out").iterdir() if p.name != "c")


@needs_exchange
def test_killed_right_after_the_exchange_the_new_output_is_complete(previous: Path) -> None:
    env = hook_env(previous / "hook", KILL_AFTER_EXCHANGE)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous, env=env)
    assert outcome.returncode == -signal.SIGKILL
    assert _values(previous) == "a: 2\n"
    assert len(_leftovers(previous)) == 1 and ".c.chartgen-new-" in _leftovers(previous)[0]


@needs_exchange
def test_killed_before_the_exchange_the_old_output_is_intact(previous: Path) -> None:
    env = hook_env(previous / "hook", KILL_BEFORE_EXCHANGE)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous, env=env)
    assert outcome.returncode == -signal.SIGKILL
    assert _values(previous) == "a: 1\n"


@needs_exchange
def test_the_next_run_removes_what_a_killed_run_left(previous: Path) -> None:
    env = hook_env(previous / "hook", KILL_AFTER_EXCHANGE)
    run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous, env=env)
    assert _leftovers(previous)
    sandbox = Sandbox(previous)
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous))
    assert _leftovers(previous) == []
    sandbox.assert_changed_only_under("out")


def test_killed_between_two_renames_the_next_run_says_where_the_old_output_is(previous: Path) -> None:
    env = hook_env(previous / "hook", KILL_BETWEEN_TWO_RENAMES)
    outcome = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous, env=env)
    assert outcome.returncode == -signal.SIGKILL
    assert not (previous / "out" / "c").exists()
    [kept] = [name for name in _leftovers(previous) if ".c.chartgen-old-" in name]
    assert (previous / "out" / kept / "values.yaml").read_text() == "a: 1\n"
    sandbox = Sandbox(previous)
    again = run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous)
    assert_refused(again, "out/c is missing", f"out/{kept}", "move it back")
    sandbox.assert_unchanged()


def test_without_an_exchange_rename_a_forced_replace_still_completes(previous: Path) -> None:
    env = hook_env(previous / "hook", NO_EXCHANGE)
    sandbox = Sandbox(previous)
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous, env=env))
    assert _values(previous) == "a: 2\n" and _leftovers(previous) == []
    sandbox.assert_changed_only_under("out/c")


def test_staging_of_a_running_process_is_left_alone(previous: Path) -> None:
    live = previous / "out" / f".c.chartgen-new-{os.getpid()}-abc123"
    live.mkdir()
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous))
    assert live.is_dir()


def test_only_chartgen_named_leftovers_of_this_output_are_removed(previous: Path) -> None:
    pid = dead_pid()
    out = previous / "out"
    stale = out / f".c.chartgen-new-{pid}-abc123"
    stale.mkdir()
    (stale / "Chart.yaml").write_text("half")
    kept = [out / f".other.chartgen-new-{pid}-abc123", out / ".c.chartgen-notes", out / f".c.chartgen-new-{pid}"]
    for path in kept:
        path.mkdir()
    link = out / f".c.chartgen-old-{pid}-zzz"
    link.symlink_to(previous / "c")
    assert_clean_success(run_chartgen(*patch_args("c", "ovs", "-o", "out/c", "--force"), cwd=previous))
    assert not stale.exists()
    assert all(path.is_dir() for path in kept) and link.is_symlink() and (previous / "c" / "Chart.yaml").is_file()


def test_a_stale_file_staging_of_a_report_is_removed(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    stale = tmp_path / f".report.json.chartgen-new-{dead_pid()}-x1y2"
    stale.write_text("half a report")
    assert_clean_success(run_chartgen("lint", "c", "--format", "json", "--output", "report.json", cwd=tmp_path))
    assert not stale.exists() and (tmp_path / "report.json").is_file()
