"""``chartgen patch``: overlays applied to a chart in memory, as data.

:mod:`.overlay_spec` loads and checks an overlay, :mod:`.snippets` renders its Jinja2 files (a sandboxed subset),
:mod:`.outline` reads a Go-templated YAML file's structure, :mod:`.insert` and :mod:`.fill` splice into it,
:mod:`.values_merge` and :mod:`.values_schema` extend the values and their schema, :mod:`.version_labels` keeps
labels valid, :mod:`.engine` ties them together, :mod:`.diffing` shows the result and :mod:`.next_steps` what to
run after it.
"""
