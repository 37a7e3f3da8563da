"""Helm's wording of template failures (texts taken from real helm 3.17.3 and 4.1.4 runs)."""

from __future__ import annotations

from chartgen.helm.error_text import exec_error_message, parse_error_message, warn_wrap
from chartgen.helmcompat.profile import HELM_3, HELM_4, profile_for

T = "c/templates/t.yaml"
NIL = f'template: {T}:1:31: executing "inner" at <.Values.z.b>: nil pointer evaluating interface {{}}.b'


def _chain(*texts: str) -> Exception:
    error: Exception | None = None
    for text in reversed(texts):
        outer = Exception(text)
        outer.__cause__ = error
        error = outer
    assert error is not None
    return error


def test_parse_error_keeps_location_and_last_part():
    assert parse_error_message(T, f'template: {T}:1: bad number syntax: "3-"') == f'parse error at ({T}:1): "3-"'


def test_fail_and_required_become_execution_error_at_the_outer_location():
    error = _chain(
        f'template: {T}:9:5: executing "{T}" at <required "x" .Values.q>: error calling required: '
        + warn_wrap("value 'foo' is required")
    )
    for compat in (3, 4):
        assert (
            exec_error_message(T, error, profile_for(compat))
            == f"execution error at ({T}:9:5): value 'foo' is required"
        )


def test_helm3_keeps_gos_text_for_other_errors():
    assert exec_error_message(T, _chain(NIL), HELM_3) == NIL


def test_helm4_lays_out_one_frame():
    assert exec_error_message(T, _chain(NIL), HELM_4) == (
        f'{T}:1:31\n  executing "inner" at <.Values.z.b>:\n    nil pointer evaluating interface {{}}.b'
    )


def test_helm4_lays_out_one_frame_per_include():
    outer = f'template: {T}:5:22: executing "{T}" at <include "inner" .>: error calling include: {NIL}'
    assert exec_error_message(T, _chain(outer, NIL), HELM_4) == (
        f'{T}:5:22\n  executing "{T}" at <include "inner" .>:\n    error calling include:\n'
        f'{T}:1:31\n  executing "inner" at <.Values.z.b>:\n    nil pointer evaluating interface {{}}.b'
    )


def test_helm4_prints_a_missing_include_as_a_bare_message():
    missing = 'template: no template "x" associated with template "gotpl"'
    outer = f'template: {T}:17:5: executing "{T}" at <include "x" .>: error calling include: {missing}'
    assert exec_error_message(T, _chain(outer, missing), HELM_4) == (
        f'{T}:17:5\n  executing "{T}" at <include "x" .>:\n    error calling include:\n{missing}'
    )


def test_helm4_keeps_gos_text_when_a_function_returned_the_error():
    outer = f'template: {T}:23:5: executing "{T}" at <index (list 1) 5>: error calling index: index out of range: 5'
    assert exec_error_message(T, _chain(outer, "index out of range: 5"), HELM_4) == outer
