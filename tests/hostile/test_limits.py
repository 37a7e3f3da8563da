"""Bytes read are bounded, alias bombs are refused, and odd bytes or dates are typed errors, for every reader.

Each case runs chartgen in a subprocess under the harness's time and address-space limits; where Helm answers
the same input, both Helms must give the same verdict.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from hostile.harness import Sandbox, assert_bounded, assert_clean_success, assert_refused, helm_verdict, run_chartgen
from hostile.inputs import (
    alias_bomb,
    make_fifo,
    nested_bomb,
    write_ca,
    write_chart,
    write_lying_tgz,
    write_special_header_tgz,
    write_tgz,
)

MiB = 1024 * 1024
# A FIFO nobody writes to is given up after chartgen.limits.PIPE_IDLE_SECONDS (5 s).
FIFO_SECONDS = 20.0

SCHEMA = '{"type": "object", "properties": {"a": {"type": ["integer", "string", "array", "object"]}}}\n'


def assert_finding(outcome, *fragments: str) -> None:
    """A check that ran and failed (exit 1) with a finding holding every fragment, rather than crashing."""
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    for fragment in fragments:
        assert fragment in outcome.stdout, outcome.describe()


def _bundle_args(*extra: str) -> tuple[str, ...]:
    """``target bundle`` of the bundled chart (the remote-target overlay needs an iris-operator chart)."""
    return ("target", "bundle", "-n", "iko", "-o", "out", *extra)


def _patch_args(*extra: str) -> tuple[str, ...]:
    return ("patch", "--remote-secret", "work-kubeconfig", "-o", "out", *extra)


# -- bytes read, not sizes reported -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda chart: ("render", str(chart), "-f", "/dev/zero"), id="render"),
        pytest.param(lambda chart: ("diff", "-f", "/dev/zero"), id="diff"),
        pytest.param(lambda chart: _patch_args("-f", "/dev/zero"), id="patch"),
        pytest.param(lambda chart: _bundle_args("-f", "/dev/zero"), id="target-bundle"),
    ],
)
def test_values_from_dev_zero_are_refused_after_the_limit(tmp_path: Path, command) -> None:
    chart = write_chart(tmp_path)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*command(chart), cwd=tmp_path, memory_bytes=1024 * MiB)
    message = assert_refused(outcome, "/dev/zero")
    assert "larger than" in message or "not a file" in message
    sandbox.assert_unchanged()


def test_lint_refuses_values_from_dev_zero(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    assert_refused(run_chartgen("lint", chart, "-f", "/dev/zero", cwd=tmp_path), "/dev/zero")


def test_set_file_from_dev_zero_is_refused(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    outcome = run_chartgen("render", chart, "--set-file", "a=/dev/zero", cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "/dev/zero", "larger than")


@pytest.mark.parametrize("option", ["--token-file", "--ca-file", "--token-secret"])
def test_kubeconfig_build_inputs_from_dev_zero_are_refused(tmp_path: Path, option: str) -> None:
    write_ca(tmp_path / "ca.pem")
    (tmp_path / "token").write_text("abc.def.ghi\n")
    given = {"--ca-file": "ca.pem", "--token-file": "token", option: "/dev/zero"}
    if option == "--token-secret":
        del given["--token-file"]
    args = ["kubeconfig", "build", "--server", "https://10.0.0.5:6443", "-o", "out.kubeconfig"]
    for flag, value in given.items():
        args += [flag, value]
    outcome = run_chartgen(*args, cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "/dev/zero", "larger than")
    assert not (tmp_path / "out.kubeconfig").exists()


@pytest.mark.parametrize("command", ["check", "secret"])
def test_a_kubeconfig_from_dev_zero_is_refused(tmp_path: Path, command: str) -> None:
    extra = ("--name", "wk", "-n", "iko", "-o", "secret.yaml") if command == "secret" else ()
    outcome = run_chartgen("kubeconfig", command, "/dev/zero", *extra, cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "/dev/zero", "larger than")


def test_a_crd_file_from_dev_zero_is_refused(tmp_path: Path) -> None:
    outcome = run_chartgen(*_bundle_args("--crd-file", "/dev/zero"), cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "/dev/zero", "larger than")
    assert not (tmp_path / "out").exists()


def test_a_lint_config_from_dev_zero_is_refused(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    outcome = run_chartgen("lint", chart, "--config", "/dev/zero", cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "/dev/zero")


def test_a_values_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "big.yaml").write_text("a: '" + "x" * (6 * MiB) + "'\n")
    assert_refused(run_chartgen("render", chart, "-f", "big.yaml", cwd=tmp_path), "big.yaml", "5 MiB")


def test_values_from_a_silent_fifo_are_given_up(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    make_fifo(tmp_path / "values.fifo")
    outcome = run_chartgen("render", chart, "-f", "values.fifo", cwd=tmp_path, seconds=FIFO_SECONDS)
    assert_refused(outcome, "values.fifo", "gave no data")


def test_a_token_from_a_silent_fifo_is_given_up(tmp_path: Path) -> None:
    make_fifo(tmp_path / "token.fifo")
    write_ca(tmp_path / "ca.pem")
    args = (
        "kubeconfig",
        "build",
        "--server",
        "https://10.0.0.5:6443",
        "--ca-file",
        "ca.pem",
        "--token-file",
        "token.fifo",
    )
    outcome = run_chartgen(*args, cwd=tmp_path, seconds=FIFO_SECONDS)
    assert_refused(outcome, "token.fifo", "gave no data")


def test_values_from_a_pipe_with_data_are_read(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    outcome = run_chartgen("render", chart, "-f", "/dev/stdin", cwd=tmp_path, stdin=b"a: from-the-pipe\n")
    assert_clean_success(outcome)
    assert 'a: "from-the-pipe"' in outcome.stdout


def test_a_chart_file_over_helms_limit_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    (chart / "big.txt").write_bytes(b"a" * (5 * MiB + 1))
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "big.txt", "5242880")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


# -- archives ---------------------------------------------------------------------------------------------------


def _render_archive(tmp_path: Path, archive: Path, helm, *fragments: str) -> None:
    outcome = run_chartgen("render", archive.name, cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, *fragments)
    assert helm_verdict(helm, "template", "r", str(archive)) is False


def test_an_archive_file_of_zeros_beyond_the_chart_limit_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    archive = write_tgz(tmp_path / "zeros.tgz", zero_files={"files/zero": 200 * MiB})
    _render_archive(tmp_path, archive, helm, "decompressed chart is larger than the maximum file size 104857600")


def test_archive_files_summing_past_the_chart_limit_are_refused_as_by_helm(tmp_path: Path, helm) -> None:
    archive = write_tgz(tmp_path / "many.tgz", zero_files={f"files/z{i}": 4 * MiB for i in range(30)})
    _render_archive(tmp_path, archive, helm, "decompressed chart is larger than the maximum file size 104857600")


def test_an_archive_file_past_the_file_limit_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    archive = write_tgz(tmp_path / "one.tgz", zero_files={"files/z": 5 * MiB + 1})
    _render_archive(tmp_path, archive, helm, 'decompressed chart file "demo/files/z"', "5242880")


@pytest.mark.parametrize("kind", [b"x", b"L"], ids=["pax", "gnu-long-name"])
def test_a_special_tar_header_past_gos_limit_is_refused_as_by_helm(tmp_path: Path, helm, kind: bytes) -> None:
    archive = write_special_header_tgz(tmp_path / "header.tgz", kind, claimed=2 * MiB, actual=2 * MiB + 512)
    _render_archive(tmp_path, archive, helm, "archive/tar: header field too long")


def test_a_pax_header_claiming_gigabytes_is_refused_without_reading_them(tmp_path: Path, helm) -> None:
    # About 300 KB on disk; tarfile alone would read the claimed 3 GB of zeros into memory.
    archive = write_special_header_tgz(tmp_path / "huge.tgz", b"x", claimed=3 * 1024 * MiB, actual=300 * MiB)
    _render_archive(tmp_path, archive, helm, "archive/tar: header field too long")


def test_a_large_pax_record_within_gos_limit_is_accepted_as_by_helm(tmp_path: Path, helm) -> None:
    archive = write_tgz(
        tmp_path / "pax.tgz", files={"templates/a.yaml": b"x: 1\n"}, pax={"comment": "A" * (900 * 1024)}
    )
    assert_clean_success(run_chartgen("render", archive.name, cwd=tmp_path))
    assert helm_verdict(helm, "template", "r", str(archive)) is True


def test_a_tar_entry_longer_than_its_archive_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    archive = write_lying_tgz(tmp_path / "liar.tgz", claimed=4 * MiB, actual=b"x" * 1000)
    outcome = run_chartgen("render", archive.name, cwd=tmp_path)
    assert_refused(outcome)
    assert helm_verdict(helm, "template", "r", str(archive)) is False


def test_a_sparse_archive_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    archive = tmp_path / "sparse.tgz"
    with archive.open("wb") as handle:
        handle.truncate(101 * MiB)  # reports 101 MiB, holds no data blocks
    outcome = run_chartgen("render", archive.name, cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "larger than")


def test_patch_refuses_an_archive_of_zeros(tmp_path: Path) -> None:
    archive = write_tgz(tmp_path / "zeros.tgz", zero_files={"files/zero": 200 * MiB})
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*_patch_args("--chart", archive.name), cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "zeros.tgz")
    sandbox.assert_unchanged()


def test_patch_refuses_a_huge_pax_header(tmp_path: Path) -> None:
    archive = write_special_header_tgz(tmp_path / "huge.tgz", b"x", claimed=3 * 1024 * MiB, actual=300 * MiB)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*_patch_args("--chart", archive.name), cwd=tmp_path, memory_bytes=1024 * MiB)
    assert_refused(outcome, "huge.tgz", "extended header")
    sandbox.assert_unchanged()


def test_a_gnu_sparse_member_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "s.tar"
    with tarfile.open(raw, "w", format=tarfile.GNU_FORMAT) as tar:
        info = tarfile.TarInfo("demo/Chart.yaml")
        info.size = 0
        tar.addfile(info)
    data = bytearray(raw.read_bytes())
    data[156] = ord("S")  # the first header, now a GNU sparse file
    data[148:156] = b" " * 8
    data[148:156] = b"%06o\0 " % sum(data[:512])
    import gzip

    (tmp_path / "s.tgz").write_bytes(gzip.compress(bytes(data), mtime=0))
    assert_refused(run_chartgen("render", "s.tgz", cwd=tmp_path))


# -- alias bombs and anchors ------------------------------------------------------------------------------------


def test_an_alias_bomb_values_file_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    outcome = run_chartgen("render", chart, "-f", "bomb.yaml", cwd=tmp_path)
    assert_refused(outcome, "bomb.yaml", "document contains excessive aliasing")
    assert helm_verdict(helm, "template", "r", str(chart), "-f", str(tmp_path / "bomb.yaml")) is False


def test_moderate_anchors_and_merge_keys_work_as_in_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "anchors.yaml").write_text(
        "base: &b {x: 1, y: [1, 2]}\na:\n  <<: *b\n  z: 3\ncopies: [*b, *b, *b]\n" + alias_bomb(3, key="s")
    )
    outcome = run_chartgen("render", chart, "-f", "anchors.yaml", cwd=tmp_path)
    assert_clean_success(outcome)
    assert helm.run("template", "release-name", str(chart), "-f", str(tmp_path / "anchors.yaml")).stdout == (
        outcome.stdout
    )


def test_a_rendered_alias_bomb_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n" + "".join(
        f"{line}\n" for line in alias_bomb().replace("a", "k").splitlines()
    )
    chart = write_chart(tmp_path, templates={"bomb.yaml": body})
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "excessive aliasing")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


def test_lint_with_an_alias_bomb_fails_as_helm_lint_does(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path, values_schema_json=SCHEMA)
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    outcome = run_chartgen("lint", chart, "-f", "bomb.yaml", cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 1 and "excessive aliasing" in outcome.stdout
    assert helm_verdict(helm, "lint", str(chart), "-f", str(tmp_path / "bomb.yaml")) is False


def test_lint_without_a_schema_still_fails_on_an_alias_bomb(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    outcome = run_chartgen("lint", chart, "-f", "bomb.yaml", cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 1 and "bomb.yaml:" in outcome.stdout


def test_patch_refuses_an_alias_bomb_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*_patch_args("-f", "bomb.yaml"), cwd=tmp_path)
    assert_refused(outcome, "bomb.yaml:", "excessive aliasing")
    sandbox.assert_unchanged()


def test_target_bundle_refuses_an_alias_bomb_values_file(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    outcome = run_chartgen(*_bundle_args("-f", "bomb.yaml"), cwd=tmp_path)
    assert_refused(outcome, "bomb.yaml", "excessive aliasing")
    assert not (tmp_path / "out").exists()


def test_target_bundle_refuses_an_alias_bomb_crd_file(tmp_path: Path) -> None:
    (tmp_path / "crd.yaml").write_text(nested_bomb())
    outcome = run_chartgen(*_bundle_args("--crd-file", "crd.yaml"), cwd=tmp_path)
    assert_refused(outcome, "crd.yaml:", "excessive aliasing")
    assert not (tmp_path / "out").exists()


def test_diff_refuses_an_alias_bomb_values_file(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    assert_refused(run_chartgen("diff", "-f", "bomb.yaml", cwd=tmp_path), "bomb.yaml", "excessive aliasing")


def test_an_alias_bomb_kubeconfig_fails_the_check_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "work.kubeconfig").write_text("apiVersion: v1\nkind: Config\n" + nested_bomb())
    outcome = run_chartgen("kubeconfig", "check", "work.kubeconfig", cwd=tmp_path)
    assert_finding(outcome, "work.kubeconfig:7:", "excessive aliasing")


def test_an_alias_bomb_kubeconfig_gets_no_secret(tmp_path: Path) -> None:
    (tmp_path / "work.kubeconfig").write_text("apiVersion: v1\nkind: Config\n" + nested_bomb())
    outcome = run_chartgen(
        "kubeconfig", "secret", "work.kubeconfig", "--name", "wk", "-n", "iko", "-o", "secret.yaml", cwd=tmp_path
    )
    assert_refused(outcome, "work.kubeconfig:7:", "excessive aliasing")
    assert not (tmp_path / "secret.yaml").exists()


def test_an_alias_bomb_token_secret_is_refused(tmp_path: Path) -> None:
    (tmp_path / "token.yaml").write_text("apiVersion: v1\nkind: Secret\n" + nested_bomb())
    args = ("kubeconfig", "build", "--server", "https://10.0.0.5:6443", "--token-secret", "token.yaml")
    assert_refused(run_chartgen(*args, cwd=tmp_path), "token.yaml:", "excessive aliasing")


def test_an_alias_bomb_admin_kubeconfig_is_refused(tmp_path: Path) -> None:
    (tmp_path / "admin.kubeconfig").write_text("apiVersion: v1\nkind: Config\n" + nested_bomb())
    args = ("kubeconfig", "build", "--from-kubeconfig", "admin.kubeconfig", "--token-file", "admin.kubeconfig")
    assert_refused(run_chartgen(*args, cwd=tmp_path), "admin.kubeconfig:", "excessive aliasing")


def test_an_anchor_inside_itself_is_refused_in_a_kubeconfig(tmp_path: Path) -> None:
    (tmp_path / "work.kubeconfig").write_text("apiVersion: v1\nkind: Config\nclusters: &c\n- name: a\n  x: *c\n")
    outcome = run_chartgen("kubeconfig", "check", "work.kubeconfig", cwd=tmp_path)
    assert_finding(outcome, "work.kubeconfig:5:", "value contains itself")


def test_an_alias_bomb_lint_config_is_refused(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "bomb.chartgen.yaml").write_text("lint:\n  disable: []\n" + nested_bomb())
    outcome = run_chartgen("lint", chart, "--config", "bomb.chartgen.yaml", cwd=tmp_path)
    assert_refused(outcome, "bomb.chartgen.yaml:", "excessive aliasing")


def test_a_found_lint_config_with_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (chart / ".chartgen.yaml").write_text("lint:\n  disable: []\n" + nested_bomb())
    assert_refused(run_chartgen("lint", chart, cwd=tmp_path), ".chartgen.yaml:", "excessive aliasing")


def test_anchors_in_a_lint_config_keep_working(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "c.yaml").write_text(
        "lint:\n  disable: &off [CG-CHART-006]\n  suppressions:\n"
        "    - {rule: CG-VALUES-004, reason: &why no schema yet}\n"
        "    - {rule: CG-CHART-006, reason: *why}\n"
    )
    outcome = run_chartgen("lint", chart, "--config", "c.yaml", cwd=tmp_path)
    assert_clean_success(outcome)


# -- bytes that are not text, dates that do not exist ------------------------------------------------------------


def test_a_binary_chart_yaml_fails_with_helms_text(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    (chart / "Chart.yaml").write_bytes(b'apiVersion: v2\nname: demo\nversion: 0.1.0\ndescription: "\xff\xfe"\n')
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "yaml: invalid leading UTF-8 octet")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b'a: "\xe2\x28\xa1"\n', "invalid trailing UTF-8 octet"),
        (b'a: "\xc0\xaf"\n', "invalid length of a UTF-8 sequence"),
        (b'a: "x\xe2\x82', "incomplete UTF-8 octet sequence"),
        (b'a: "\xed\xa0\x80"\n', "invalid Unicode character"),
        (b"a: \x01\n", "control characters are not allowed"),
    ],
    ids=["trailing", "overlong", "incomplete", "surrogate", "control"],
)
def test_values_that_are_not_utf8_fail_with_goyamls_words(tmp_path: Path, helm, raw: bytes, text: str) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "bad.yaml").write_bytes(raw)
    assert_refused(run_chartgen("render", chart, "-f", "bad.yaml", cwd=tmp_path), "failed to parse bad.yaml", text)
    assert helm_verdict(helm, "template", "r", str(chart), "-f", str(tmp_path / "bad.yaml")) is False


@pytest.mark.parametrize("command", ["patch", "kubeconfig"])
def test_input_that_is_not_utf8_is_named_without_codec_text(tmp_path: Path, command: str) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"a: \xff\n")
    args = _patch_args("-f", "bad.yaml") if command == "patch" else ("kubeconfig", "check", "bad.yaml")
    message = assert_refused(run_chartgen(*args, cwd=tmp_path), "bad.yaml", "UTF-8")
    assert "codec" not in message


def test_an_impossible_expiry_date_is_refused_at_its_line(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "c.yaml").write_text(
        "lint:\n  suppressions:\n    - rule: CG-CHART-006\n      reason: later\n      expires: 2025-02-30\n"
    )
    outcome = run_chartgen("lint", chart, "--config", "c.yaml", cwd=tmp_path)
    assert_refused(outcome, "c.yaml:5:16", "2025-02-30 is not a valid date")


def test_a_library_warning_about_the_input_is_not_printed(tmp_path: Path) -> None:
    # ruamel warns in several lines about YAML 1.1 floats such as 1e9; only chartgen's own lines may reach stderr.
    (tmp_path / "k").write_text("apiVersion: v1\nkind: Config\npreferences: {x: 1e9}\n")
    outcome = run_chartgen("kubeconfig", "check", "k", cwd=tmp_path)
    assert_bounded(outcome)
    assert all(line.startswith("chartgen: ") for line in outcome.stderr.splitlines()), outcome.describe()


# -- snapshot profiles (read by the pytest plugin from the user's repository) -----------------------------------


def test_a_profiles_file_with_an_alias_bomb_is_refused_at_its_line(tmp_path: Path) -> None:
    from chartgen.snapshot.profiles import ProfileError, load_profiles

    (tmp_path / "p.yaml").write_text("profiles:\n  default: {}\n" + nested_bomb())
    with pytest.raises(ProfileError, match=r"p\.yaml:\d+:\d+: invalid YAML: document contains excessive aliasing"):
        load_profiles(tmp_path / "p.yaml")


def test_a_profiles_file_from_dev_zero_is_refused() -> None:
    from chartgen.snapshot.profiles import ProfileError, load_profiles

    with pytest.raises(ProfileError, match="larger than"):
        load_profiles("/dev/zero")
