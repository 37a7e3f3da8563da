"""Lint reads the bundled overlays' declarations with libyaml and no schema check, at every start; these tests are
that check: every bundled overlay passes the full reader, and both readers see the same declarations."""

from __future__ import annotations

import pytest

from chartgen.patch.overlay_spec import available, parse_overlay, read_bundled_declarations

BUNDLED = available()


def test_there_are_bundled_overlays():
    assert "remote-target" in BUNDLED


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_a_bundled_overlay_passes_the_full_reader(name):
    assert parse_overlay(BUNDLED[name]).name == name


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_the_quick_reader_sees_what_the_full_reader_sees(name):
    overlay = parse_overlay(BUNDLED[name])
    declarations = read_bundled_declarations(BUNDLED[name])
    assert declarations.get("invariants") == overlay.invariants
    assert (declarations.get("parameters") or {}) == overlay.parameters
