"""Snapshot tests of rendered manifests, and the semantic diff behind them.

:mod:`.normalise` (manifests into a stable YAML document, with :mod:`.volatile` stand-ins for generated keys),
:mod:`.profiles` (values profiles as data), :mod:`.render` (render and normalise), :mod:`.linediff` and
:mod:`.sequence_match` (readable diffs of large texts), :mod:`.manifest_diff` (objects and fields that changed,
behind ``chartgen diff``), :mod:`.extension` (the syrupy extension), :mod:`.pytest_plugin` (the fixtures) and
:mod:`.emit_tests` (the tests written into a user's repository).

Nothing is imported here: the pytest plugin lives in this package and must stay cheap to load in every pytest run.
"""
