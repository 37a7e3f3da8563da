"""Generated keys are fresh on every render unless a caller that throws the output away asks to reuse them."""

from __future__ import annotations

import re

from chartgen.helm.chart_loader import load_chart
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded

KEY = re.compile(r"tls.key: (\S+)")


def _keys(base_chart, reuse: bool) -> list[str]:
    chart = load_chart(base_chart)
    options = RenderOptions(release_name="intersystems", reuse_generated_keys=reuse)
    return [KEY.search(render_loaded(chart, options).text).group(1) for _ in range(2)]


def test_each_render_generates_new_keys(base_chart):
    first, second = _keys(base_chart, reuse=False)
    assert first != second


def test_reused_keys_are_shared_between_renders(base_chart):
    first, second = _keys(base_chart, reuse=True)
    assert first == second


def test_reuse_does_not_leak_into_later_fresh_renders(base_chart):
    shared = _keys(base_chart, reuse=True)[0]
    assert shared not in _keys(base_chart, reuse=False)


def test_prefetched_keys_are_distinct_and_used_once():
    from chartgen.sprig import keypool

    keypool.prefetch_rsa_2048(2)
    first, second = keypool.take_rsa_2048(), keypool.take_rsa_2048()
    assert first.private_numbers() != second.private_numbers()
    assert keypool.take_rsa_2048() is None


def test_render_command_prefetches_only_for_charts_that_generate_keys(tmp_path, monkeypatch):
    from conftest import write_chart

    from chartgen import cli

    started: list[int] = []
    monkeypatch.setattr("chartgen.sprig.keypool.prefetch_rsa_2048", started.append)
    plain = write_chart({"templates/a.yaml": b"kind: ConfigMap\n"}, tmp_path / "plain")
    certs = write_chart({"templates/a.yaml": b'{{ genCA "x" 1 }}{{ genSignedCert "y" nil nil 1 $ca }}'}, tmp_path / "c")
    cli._prefetch_keys(plain)
    cli._prefetch_keys(certs)
    assert started == [2]
