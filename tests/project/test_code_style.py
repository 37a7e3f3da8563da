"""The house style is enforced, not hoped for: ruff lint and format are part of the suite."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, write_chart
from cryptography import x509
from cryptography.hazmat.primitives import serialization


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("ruff")
    if not found:
        pytest.fail("ruff is not installed; it comes with the 'test' extra")
    return [found]


def test_ruff_lint_is_clean():
    done = subprocess.run(
        [*_ruff(), "check", "--output-format", "concise", "."], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_ruff_format_is_clean():
    done = subprocess.run([*_ruff(), "format", "--check", "."], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


# Modules (and their submodules) that `import chartgen.cli` must not load: each command imports what it needs, so
# `chartgen --help` and a typo'd command stay fast. The chartgen packages pull in several of the others.
HEAVY_AT_START_UP = (
    "cryptography",
    "jinja2",
    "jsonschema",
    "kubernetes_validate",
    "ruamel",
    "syrupy",
    "yaml",
    "chartgen.gotemplate",
    "chartgen.helm",
    "chartgen.lint",
    "chartgen.snapshot",
    "chartgen.sprig",
)


def test_cli_start_up_imports_no_heavy_module():
    code = "import sys, chartgen.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "chartgen.cli" in loaded  # the listing is real, so an empty offender list below means something
    heavy = [name for name in loaded if any(name == h or name.startswith(h + ".") for h in HEAVY_AT_START_UP)]
    assert heavy == []


def _modules_loaded_by(*args: str, cwd: Path) -> list[str]:
    """The modules ``python -m chartgen ARGS`` has loaded when it exits."""
    return _run_listing_modules(*args, cwd=cwd)[1]


def _run_listing_modules(*args: str, cwd: Path) -> tuple[str, list[str]]:
    """What ``python -m chartgen ARGS`` prints, and the modules it has loaded when it exits."""
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: sys.__stderr__.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
        f"sys.argv = ['chartgen', *{list(args)!r}]\n"
        "runpy.run_module('chartgen', run_name='__main__')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout, next(line for line in done.stderr.splitlines() if line.startswith("MODULES ")).split()[1:]


def _offenders(loaded: list[str], heavy: tuple[str, ...]) -> list[str]:
    return [name for name in loaded if any(name == h or name.startswith(h + ".") for h in heavy)]


def test_version_imports_neither_click_nor_any_command(tmp_path):
    loaded = _modules_loaded_by("--version", cwd=tmp_path)
    assert "chartgen" in loaded
    assert _offenders(loaded, ("click", "chartgen.cli", "typing", *HEAVY_AT_START_UP)) == []  # typing: ~5 ms


# What rendering a one-template chart without a values schema does not need.
HEAVY_FOR_A_PLAIN_RENDER = (
    "click",  # plain arguments are read without it (chartgen/cli_render.py)
    "chartgen.cli",
    "cryptography",
    "jinja2",
    "jsonschema",
    "kubernetes_validate",
    "ruamel",
    "syrupy",
    "re2",
    "tarfile",  # only chart archives need it
    "random",  # only Sprig's shuffle needs it
    "chartgen.goregexp",
    "chartgen.helm.schema_check",
    "chartgen.helm.schema_patterns",
    # Sprig families a template does not call are imported at their first call (chartgen/sprig/__init__.py).
    "chartgen.sprig.crypto",
    "chartgen.sprig.dates",
    "chartgen.sprig.dicts",
    "chartgen.sprig.encoding",
    "chartgen.sprig.flow",
    "chartgen.sprig.lists",
    "chartgen.sprig.numbers",
    "chartgen.sprig.random_values",
    "chartgen.sprig.reflection",
    "chartgen.sprig.regex",
    "fractions",  # only Sprig's float arithmetic needs it
    "chartgen.lint",
    "chartgen.patch",
    "chartgen.snapshot",
    "chartgen.kubeconfig",
    "chartgen.target",
    "chartgen.upgrade",
    "chartgen.fleet",
    "chartgen.cli_completion",  # commands of their own modules are loaded only when asked for
    "chartgen.cli_hooks",
    "chartgen.cli_upgrade",
    "chartgen.cli_fleet",
)


def _chart(folder: Path, chart_yaml: str, templates: dict[str, str], values: str | None = None) -> Path:
    files = {"Chart.yaml": chart_yaml, **{f"templates/{name}": text for name, text in templates.items()}}
    if values is not None:
        files["values.yaml"] = values
    return write_chart({name: text.encode() for name, text in files.items()}, folder)


def test_rendering_a_one_template_chart_imports_no_heavy_module(tmp_path):
    chart = _chart(
        tmp_path / "one",
        "apiVersion: v2\nname: one\nversion: 0.1.0\n",
        {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"},
    )
    loaded = _modules_loaded_by("render", str(chart), cwd=tmp_path)
    assert "chartgen.helm.render" in loaded  # the listing is real, so an empty offender list below means something
    assert _offenders(loaded, HEAVY_FOR_A_PLAIN_RENDER) == []


def test_rendering_a_chart_again_imports_no_yaml_library(tmp_path, fresh_cache):
    chart = _chart(
        tmp_path / "chart",
        "apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: 1.10\n",
        {
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
            "  annotations: {{ .Values.labels | toYaml | nindent 4 }}\n"
            'data:\n  n: {{ (fromYaml "a: 1").a | quote }}\n  m: {{ (fromYamlArray "[x]") | first }}\n'
        },
        values="replicas: 2\nlabels: {app: web}\n",
    )
    (tmp_path / "more.yaml").write_text("extra: [1, 2]\n")
    runs = [_modules_loaded_by("render", str(chart), "-f", "../more.yaml", cwd=chart) for _ in range(2)]
    assert "yaml" in runs[0]  # the first render decodes with libyaml, so its absence below means something
    assert _offenders(runs[1], ("yaml", "ruamel")) == []


def test_rendering_a_chart_with_a_fresh_certificate_again_imports_no_yaml_library(tmp_path, fresh_cache):
    # genCA draws a new key on every run, so the Secret's text is never the same twice (chartgen/helm/doc_skeleton.py)
    chart = _chart(
        tmp_path / "chart",
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        {
            "secret.yaml": '{{- $ca := genCA "c-ca" 365 }}\napiVersion: v1\nkind: Secret\nmetadata:\n'
            "  name: {{ .Release.Name }}-tls\ntype: kubernetes.io/tls\n"
            "data:\n  tls.crt: {{ $ca.Cert | b64enc }}\n  tls.key: {{ $ca.Key | b64enc }}\n"
        },
    )
    runs = [_modules_loaded_by("render", str(chart), cwd=tmp_path) for _ in range(2)]
    assert "yaml" in runs[0]  # the first render decodes with libyaml, so its absence below means something
    assert _offenders(runs[1], ("yaml", "ruamel")) == []


def test_rendering_generated_certificates_imports_neither_x509_nor_serialization(tmp_path):
    chart = _chart(
        tmp_path / "certs",
        "apiVersion: v2\nname: certs\nversion: 0.1.0\n",
        {
            "tls.yaml": '{{- $ca := genCA "ca" 3650 }}'
            '{{- $cert := genSignedCert "svc" (list "10.0.0.1") (list "svc.ns.svc") 365 $ca }}\n'
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\n"
            "data:\n  ca.crt: {{ b64enc $ca.Cert }}\n  tls.crt: {{ b64enc $cert.Cert }}\n"
            "  tls.key: {{ b64enc $cert.Key }}\n"
        },
    )
    out, loaded = _run_listing_modules("render", str(chart), cwd=tmp_path)
    assert "chartgen.sprig.crypto" in loaded  # the certificates were made in this process
    assert _offenders(loaded, ("cryptography.x509", "cryptography.hazmat.primitives.serialization")) == []
    data = dict(line.strip().split(": ") for line in out.split("\ndata:\n")[1].splitlines())
    ca, cert = (x509.load_pem_x509_certificate(base64.b64decode(data[name])) for name in ("ca.crt", "tls.crt"))
    cert.verify_directly_issued_by(ca)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["svc.ns.svc"]
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["10.0.0.1"]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.key_encipherment and not usage.key_cert_sign
    key = serialization.load_pem_private_key(base64.b64decode(data["tls.key"]), None)
    assert key.public_key().public_numbers() == cert.public_key().public_numbers()


def test_the_version_fast_path_prints_what_click_prints(tmp_path):
    def output(code: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout

    fast = output("import sys; sys.argv = ['chartgen', '--version']; from chartgen.__main__ import main; main()")
    click = output("import sys; sys.argv = ['chartgen', '--version']; from chartgen.cli import main; main()")
    assert fast == click


def test_every_lazily_loaded_command_is_the_command_its_name_says():
    import importlib

    from chartgen.cli import LAZY_COMMANDS

    for name, target in LAZY_COMMANDS.items():
        module, _, attribute = target.partition(":")
        assert getattr(importlib.import_module(module), attribute).name == name


def test_help_lists_the_lazily_loaded_commands(tmp_path):
    from chartgen.cli import LAZY_COMMANDS

    done = subprocess.run(
        [sys.executable, "-m", "chartgen", "--help"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert set(LAZY_COMMANDS) <= listed


def test_value_classes_are_records_not_dataclasses():
    # Building a dataclass compiles its methods at every start, and importing dataclasses imports inspect: see
    # chartgen/records.py. One way to declare a value class keeps that cost out of every command.
    package = Path(__file__).resolve().parents[2] / "chartgen"
    users = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if re.search(r"^\s*(from dataclasses import|import dataclasses)", path.read_text(), re.M)
    ]
    assert users == []
