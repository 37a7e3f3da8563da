"""Property-based fuzzing of the readers of untrusted text, on a small budget (``fuzz/fuzz_readers.py`` runs
the same properties with a large one): every input ends in a result or the reader's typed error, and chartgen's
alias guard refuses exactly what goyaml's decoder refuses."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from hostile.reader_properties import TARGETS

BUDGET = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ruamel's warning about YAML 1.1 floats such as 1e9 says nothing about the property under test.
@pytest.mark.filterwarnings("ignore::ruamel.yaml.error.MantissaNoDotYAML1_1Warning")
@pytest.mark.parametrize("name", sorted(TARGETS), ids=[TARGETS[name][1].__name__ for name in sorted(TARGETS)])
def test_every_generated_input_satisfies_the_readers_property(name: str) -> None:
    strategy, prop = TARGETS[name]
    BUDGET(given(strategy)(prop))()
