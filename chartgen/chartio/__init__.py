"""Charts in and out: reading a chart from a folder or an archive with Helm's rules and limits, confining its
paths, and writing outputs atomically.

:mod:`.source` (folders and ``.tgz`` archives into memory), :mod:`.tar_guard` (archives read without trusting a
byte), :mod:`.helmignore` (Helm's ignore rules), :mod:`.paths` (paths normalised and kept inside the chart),
:mod:`.meta` (``Chart.yaml`` and the annotations chartgen records), :mod:`.output` and :mod:`.atomic_rename`
(staged, atomic, never overwriting without ``--force``).
"""
