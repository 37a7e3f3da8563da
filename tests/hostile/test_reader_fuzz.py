"""Property-based fuzzing of the readers of untrusted text, on a small budget (``fuzz/fuzz_readers.py`` runs
the same properties with a large one): every input ends in a result or the reader's typed error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import reader_properties as props

BUDGET = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@BUDGET
@given(props.yaml_inputs)
def test_the_values_reader_ends_in_values_or_helms_error(text: str) -> None:
    props.values_reader_ends_in_a_value_or_helms_error(text)


@BUDGET
@given(props.yaml_with_anchors())
def test_the_yaml_guard_refuses_what_goyamls_alias_budget_refuses(text: str) -> None:
    props.yaml_guard_agrees_with_goyamls_alias_budget(text)


@BUDGET
@given(props.yaml_inputs)
def test_the_positional_yaml_reader_ends_in_a_document_or_a_chartgen_error(text: str) -> None:
    props.positional_reader_ends_in_a_document_or_a_chartgen_error(text)


@BUDGET
@given(props.yaml_inputs)
def test_the_kubeconfig_reader_ends_in_a_document_or_its_error(text: str) -> None:
    props.kubeconfig_reader_ends_in_a_document_or_its_error(text)


@BUDGET
@given(props.yaml_inputs)
def test_the_lint_config_reader_ends_in_a_config_or_its_error(text: str) -> None:
    props.lint_config_reader_ends_in_a_config_or_its_error(text)


@BUDGET
@given(props.set_flags)
def test_the_set_parser_ends_in_values_or_a_strvals_error(flag: str) -> None:
    props.set_parser_ends_in_values_or_strvals_error(flag)


@BUDGET
@given(props.json_inputs)
def test_the_json_decoder_ends_in_a_value_or_gos_error(text: str) -> None:
    props.json_decoder_ends_in_a_value_or_gos_error(text)


@BUDGET
@given(st.binary(max_size=3000))
def test_the_archive_reader_ends_in_a_tar_or_a_refusal(raw: bytes) -> None:
    props.archive_reader_ends_in_a_tar_or_a_refusal(raw)
