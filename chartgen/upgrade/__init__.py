"""``chartgen upgrade``: the IKO version bump, reviewed before it happens.

:mod:`.plan` (re-patch the new stock chart and gather the report), :mod:`.matches` (each overlay step's places in
the old and the new chart), :mod:`.manifests` (upstream changes apart from the overlays', Secret values masked),
:mod:`.values_diff` (keys added, removed, renamed; defaults changed), :mod:`.values_check` (the user's values files
against the new patched chart), :mod:`.snapshots` (the emitted snapshot tests that change) and :mod:`.formats`
(text, Markdown, JSON).
"""
