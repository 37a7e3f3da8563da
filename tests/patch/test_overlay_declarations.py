"""What an overlay declares instead of Python special cases: CLI shortcuts, next steps and value profiles."""

from __future__ import annotations

from overlay_kit import DEPLOYMENT, write_chart, write_overlay

from chartgen.patch.overlay_spec import load_overlay
from chartgen.snapshot.emit_tests import profiles_for


def test_patch_help_offers_the_bundled_overlays_shortcuts(chartgen):
    out = chartgen("patch", "--help").stdout
    for flag in ("--remote-secret NAME", "--secret-key KEY", "--mount-path PATH"):
        assert flag in out


def test_diff_help_offers_them_too(chartgen):
    assert "--remote-secret NAME" in chartgen("diff", "--help").stdout


def test_a_user_overlays_next_steps_are_printed_after_the_patch(chartgen, tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT})
    steps = (
        "Then run: helm install [[ release | shell ]] [[ chart_path | shell ]] -n [[ namespace | shell ]] # [[ who ]]\n"
    )
    write_overlay(
        tmp_path,
        "hello",
        "parameters:\n  who:\n    description: x\n    default: it's me\nnext_steps: steps.txt\n",
        {"steps.txt": steps},
    )
    args = ["--chart", "chart", "--overlay", "hello", "--overlay-dir", "overlays", "-o", "out/c", "-n", "a b"]
    done = chartgen("patch", *args, cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.endswith("Then run: helm install intersystems out/c -n 'a b' # it's me\n")


def test_emitted_profiles_are_the_ones_the_overlays_declare_first_declaration_winning(tmp_path):
    write_overlay(tmp_path, "mine", "profiles:\n  defaults: {description: mine}\n  tight: {set: ['a={b}']}\n")
    text = profiles_for([load_overlay("remote-target"), load_overlay("mine", [str(tmp_path / "overlays")])])
    rendered = text.format(module_name="test_x.py")
    assert "test_x.py" in rendered and "(remote-target, mine)" in rendered
    assert "the patched chart as installed with its defaults" in rendered and "description: mine" not in rendered
    assert "a={b}" in rendered


def test_without_declared_profiles_there_is_no_declared_profiles_text(tmp_path):
    write_overlay(tmp_path, "bare", "")
    assert profiles_for([load_overlay("bare", [str(tmp_path / "overlays")])]) is None
