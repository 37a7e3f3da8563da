"""``chartgen`` ends its process without tearing the interpreter down, yet exits as ``sys.exit`` would: the same
status, every byte of output written, the exit handlers run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from chartgen import __version__
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_chart


def _chartgen(*args: str, cwd: Path, before: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        f"import sys\n{before}\nsys.argv = ['chartgen', *{list(args)!r}]\nfrom chartgen.__main__ import main\nmain()\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True)


def test_exit_handlers_run_before_the_process_ends(tmp_path):
    done = _chartgen("--version", cwd=tmp_path, before="import atexit\natexit.register(lambda: print('handled'))")
    assert (done.returncode, done.stdout) == (0, f"chartgen, version {__version__}\nhandled\n")


def test_a_failure_keeps_its_exit_status(tmp_path):
    done = _chartgen("render", str(tmp_path / "missing"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("chartgen: error: ")


def test_a_large_output_is_written_whole(tmp_path):
    chart = tmp_path / "big"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: big\nversion: 0.1.0\n")
    (chart / "templates" / "cm.yaml").write_text(
        "{{ range until 5000 }}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ . }}\n"
        'data:\n  text: {{ repeat 200 "x" | quote }}\n{{ end }}'
    )
    done = _chartgen("render", str(chart), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == render_chart(chart, RenderOptions()).text
    assert len(done.stdout) > 1 << 20
