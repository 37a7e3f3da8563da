"""The CLI edge: whatever goes wrong, one ``chartgen: error:`` line that names its place, a documented exit status,
no traceback, and no secret; and a chart Helm cannot render never passes ``chartgen lint``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_helm_chart_loader import make_tgz

from hostile.harness import Sandbox, assert_bounded, assert_refused, cache_env, run_chartgen
from hostile.outputs_kit import hook_env, write_chart, write_overlay

INTERNAL = 70
INTERRUPTED = 130
TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLXBheWxvYWQ.Zm9yZ2VkLXNpZ25hdHVyZS0xMjM0NTY3ODkw"
KEY_DATA = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVND"


def _fail_in(function: str, raise_statement: str) -> str:
    """A hook making ``module.attribute`` raise as written (``args`` are the call's arguments)."""
    module, _, attribute = function.rpartition(".")
    return (
        f"import {module} as target\ndef broken(*args, **kwargs):\n    {raise_statement}\ntarget.{attribute} = broken\n"
    )


# --- usage errors: one line, whichever command --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("render",),
        ("render", "c", "--engine", "nope"),
        ("lint",),
        ("lint", "c", "--format", "xml"),
        ("patch", "--bogus"),
        ("kubeconfig", "secret", "x"),
        ("kubeconfig", "build", "--bogus"),
        ("target", "bundle"),
        ("snapshot", "init", "c"),
        ("diff", "--format", "xml"),
        ("overlays", "--nope"),
        ("no-such-command",),
    ],
    ids=lambda args: "-".join(args),
)
def test_a_usage_error_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    sandbox = Sandbox(tmp_path)
    assert_refused(run_chartgen(*args, cwd=tmp_path), "--help")
    sandbox.assert_unchanged()


@pytest.mark.parametrize("param", ["novalue", "nodot=1", ".key=1", "overlay.=1"])
def test_a_malformed_param_is_one_line(tmp_path: Path, param: str) -> None:
    outcome = run_chartgen("patch", "--remote-secret", "wk", "--param", param, "-o", "out", cwd=tmp_path)
    assert_refused(outcome, f"--param {param!r} is not OVERLAY.NAME=VALUE")
    assert not (tmp_path / "out").exists()


def test_listing_overlays_from_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    assert_refused(run_chartgen("overlays", "--overlay-dir", "missing", cwd=tmp_path), "--overlay-dir missing")


def test_a_bare_command_group_prints_its_help_and_no_error(tmp_path: Path) -> None:
    outcome = run_chartgen("kubeconfig", cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 2 and outcome.stderr == "" and "Commands:" in outcome.stdout


# --- bugs, interruptions, OS errors ----------------------------------------------------------------------------


def test_an_unexpected_exception_is_reported_as_a_bug_on_one_line(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    env = hook_env(tmp_path / "hook", _fail_in("chartgen.helm.render.render_chart", "raise ValueError('boom')"))
    message = assert_refused(run_chartgen("render", "c", cwd=tmp_path, env=env), exit_code=INTERNAL)
    assert message.startswith("internal error: ValueError: boom (this is a bug in chartgen; please report it")


def test_debug_shows_the_traceback_before_the_one_line(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    env = hook_env(tmp_path / "hook", _fail_in("chartgen.helm.render.render_chart", "raise ValueError('boom')"))
    outcome = run_chartgen("render", "c", cwd=tmp_path, env={**env, "CHARTGEN_DEBUG": "1"})
    assert outcome.returncode == INTERNAL
    assert "Traceback (most recent call last)" in outcome.stderr
    assert outcome.stderr.splitlines()[-1].startswith("chartgen: error: internal error: ValueError: boom")


def test_an_os_error_names_its_file_without_python_errno_text(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    raise_it = "raise FileNotFoundError(2, 'No such file or directory', 'values/prod.yaml')"
    env = hook_env(tmp_path / "hook", _fail_in("chartgen.helm.render.render_chart", raise_it))
    message = assert_refused(run_chartgen("render", "c", cwd=tmp_path, env=env))
    assert message == "values/prod.yaml: No such file or directory"


def test_keyboard_interrupt_is_one_line_and_exit_130(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    env = hook_env(tmp_path / "hook", _fail_in("chartgen.helm.render.render_chart", "raise KeyboardInterrupt"))
    assert assert_refused(run_chartgen("render", "c", cwd=tmp_path, env=env), exit_code=INTERRUPTED) == "interrupted"


def test_a_real_sigint_is_one_line_and_exit_130(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    ready = tmp_path / "ready"
    waiting = f"import pathlib, time\n    pathlib.Path({str(ready)!r}).touch()\n    time.sleep(60)"
    env = hook_env(tmp_path / "hook", _fail_in("chartgen.helm.render.render_chart", waiting))
    process = subprocess.Popen(
        [sys.executable, "-m", "chartgen", "render", "c"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **cache_env(), **env},
    )
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == INTERRUPTED
    assert err.decode().splitlines() == ["chartgen: error: interrupted"]


def test_a_closed_output_pipe_ends_quietly(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    process = subprocess.Popen(
        [sys.executable, "-m", "chartgen", "render", "c"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **cache_env()},
    )
    process.stdout.close()  # like `chartgen render c | head -0`: the reader is gone before anything is written
    err = process.stderr.read()
    process.wait(timeout=30)
    assert err == b"" and process.returncode == 141


# --- secrets never reach an error line ----------------------------------------------------------------------------

KUBECONFIG = f"""apiVersion: v1
kind: Config
current-context: work
clusters: [{{name: work, cluster: {{server: 'https://10.0.0.5:6443', certificate-authority-data: Zm9v}}}}]
users: [{{name: op, user: {{token: '{TOKEN}', client-key-data: '{KEY_DATA}'}}}}]
contexts: [{{name: work, context: {{cluster: work, user: op}}}}]
"""


def test_a_bug_whose_message_quotes_the_kubeconfig_does_not_print_its_credentials(tmp_path: Path) -> None:
    (tmp_path / "work.kubeconfig").write_text(KUBECONFIG)
    leak = "raise RuntimeError(f'cannot encode {dict(args[0].root)!r}')"
    env = hook_env(tmp_path / "hook", _fail_in("chartgen.kubeconfig.secret.secret_manifest", leak))
    args = ("kubeconfig", "secret", "work.kubeconfig", "--name", "wk", "-n", "iko", "-o", "s.yaml")
    outcome = run_chartgen(*args, cwd=tmp_path, env=env)
    message = assert_refused(outcome, "internal error: RuntimeError", exit_code=INTERNAL)
    assert TOKEN not in outcome.stderr and KEY_DATA not in outcome.stderr and "<redacted>" in message
    assert not (tmp_path / "s.yaml").exists()


def test_a_bug_quoting_a_token_file_does_not_print_the_token(tmp_path: Path) -> None:
    (tmp_path / "token").write_text(TOKEN + "\n")
    (tmp_path / "ca.crt").write_text("not a certificate\n")
    hook = (
        "import chartgen.kubeconfig.build as build\n"
        "real = build.check_token\n"
        "def check_token(raw, where, what):\n"
        "    token = real(raw, where, what)\n"
        "    raise TypeError(f'unexpected token {token}')\n"
        "build.check_token = check_token\n"
    )
    env = hook_env(tmp_path / "hook", hook)
    args = ("kubeconfig", "build", "--server", "https://10.0.0.5:6443", "--ca-file", "ca.crt", "--token-file", "token")
    outcome = run_chartgen(*args, cwd=tmp_path, env=env)
    assert TOKEN not in outcome.stderr and TOKEN not in outcome.stdout
    assert outcome.returncode in (2, INTERNAL) and "Traceback" not in outcome.stderr


def test_a_bug_message_that_looks_like_a_credential_is_redacted(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    leak = f"raise ValueError('token {TOKEN} and key -----BEGIN RSA PRIVATE KEY-----abc-----END RSA PRIVATE KEY-----')"
    env = hook_env(tmp_path / "hook", _fail_in("chartgen.helm.render.render_chart", leak))
    outcome = run_chartgen("render", "c", cwd=tmp_path, env=env)
    message = assert_refused(outcome, exit_code=INTERNAL)
    assert TOKEN not in message and "PRIVATE KEY" not in message and message.count("<redacted>") == 2


# --- errors that used to have no place ---------------------------------------------------------------------------


def test_an_overlay_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    folder = write_overlay(tmp_path / "ovs" / "extra", "")
    (folder / "overlay.yaml").write_bytes(b"name: extra\nsummary: \xff\xfe\n")
    args = ("patch", "--chart", "c", "--overlay", "extra", "--overlay-dir", "ovs")
    message = assert_refused(run_chartgen(*args, cwd=tmp_path), "ovs/extra/overlay.yaml: not UTF-8 text (byte 21)")
    assert "codec" not in message


def test_a_values_file_that_is_not_utf8_gets_helms_text_and_its_name(helm, tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "bad.yaml").write_bytes(b"a: x\xc3\x28\n")
    done = helm.run("template", str(tmp_path / "c"), "-f", str(tmp_path / "bad.yaml"), check=False)
    assert done.returncode != 0
    compat = ("--helm-compat", str(helm.major))
    message = assert_refused(run_chartgen("render", "c", "-f", "bad.yaml", *compat, cwd=tmp_path), "bad.yaml")
    assert message == done.stderr.splitlines()[0].removeprefix("Error: ").replace(
        str(tmp_path / "bad.yaml"), "bad.yaml"
    )


def test_a_chart_yaml_that_is_not_utf8_gets_helms_text_and_the_chart(helm, tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / "c" / "Chart.yaml").write_bytes(b"apiVersion: v2\nname: \xff\xfe\nversion: 0.1.0\n")
    done = helm.run("template", str(tmp_path / "c"), check=False)
    assert done.returncode != 0
    message = assert_refused(run_chartgen("render", "c", "--helm-compat", str(helm.major), cwd=tmp_path), "c: ")
    assert message.removeprefix("c: ") == done.stderr.splitlines()[0].removeprefix("Error: ")


def test_an_archive_climbing_out_is_refused_like_helm_and_named(helm, tmp_path: Path) -> None:
    (tmp_path / "evil.tgz").write_bytes(
        make_tgz({"c/Chart.yaml": b"apiVersion: v2\nname: c\nversion: 0.1.0\n", "c/../../etc/x": b"x"})
    )
    done = helm.run("template", str(tmp_path / "evil.tgz"), check=False)
    assert done.returncode != 0
    if helm.major == 3:  # Helm 4 says only "unable to load chart archive"
        assert done.stderr == "Error: chart illegally references parent directory\n"
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", "evil.tgz", cwd=tmp_path)
    assert assert_refused(outcome) == "evil.tgz: chart illegally references parent directory"
    sandbox.assert_unchanged()


# --- a render failure is never hidden behind another rule --------------------------------------------------------


def _bomb(path: Path) -> Path:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 5)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "extra", [(), ("--disable", "CG-CHART-009"), ("--disable", "CG-VALUES-003")], ids=["plain", "009-off", "003-off"]
)
def test_values_helm_cannot_read_fail_lint_as_they_fail_helm_lint(helm, tmp_path: Path, extra) -> None:
    write_chart(tmp_path / "c")
    _bomb(tmp_path / "bomb.yaml")
    judged = helm.run("lint", str(tmp_path / "c"), "-f", str(tmp_path / "bomb.yaml"), check=False)
    assert judged.returncode != 0
    outcome = run_chartgen("lint", "c", "-f", "bomb.yaml", *extra, cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    # The values rules read -f files under goyaml's alias budget too (chartgen.yamlread.limits), and report the bomb at
    # its line; with them off, the render failure itself is the finding, in Helm's words.
    [line] = [
        line for line in outcome.stdout.splitlines() if " error CG-CHART-009 " in line or " CG-VALUES-003 " in line
    ]
    assert line.startswith("bomb.yaml:") and "document contains excessive aliasing" in line
    if helm.major == 3 and " CG-CHART-009 " in line:
        helm_text = judged.stdout + judged.stderr
        assert line.split(" CG-CHART-009 ", 1)[1] in helm_text.replace(str(tmp_path) + "/", "")


def test_a_suppressed_render_failure_still_fails_lint(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".chartgen.yaml").write_text(
        "lint:\n  suppressions:\n    - {rule: CG-CHART-009, reason: hide it}\n  disable: [CG-VALUES-003]\n"
    )
    _bomb(tmp_path / "bomb.yaml")
    outcome = run_chartgen("lint", "c", "-f", "bomb.yaml", cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 1 and "error CG-CHART-009 failed to parse bomb.yaml" in outcome.stdout
