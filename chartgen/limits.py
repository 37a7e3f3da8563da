"""Every limit chartgen puts on untrusted input, in one place.

A chart, a values file, an archive, a kubeconfig or a lint config may come from anyone. Each reader takes its
bounds from here, so what chartgen accepts is written down once. Where Helm has a limit, chartgen uses Helm's
number and Helm's words; where Helm has none (it reads ``-f /dev/zero`` until the machine runs out of memory),
the number below is chartgen's own and the README's list of divergences says so.
"""

from __future__ import annotations

MiB = 1024 * 1024

# -- Bytes read. Sizes are counted on the bytes actually read, never on what the file system or an archive
# header reports (a /proc file reports 0, a tar header can claim anything).

CHART_FILE_BYTES = 5 * MiB
"""One file of a chart, in a directory or an archive (Helm's ``--max-file-size`` default)."""

CHART_BYTES = 100 * MiB
"""All files of a chart together, decompressed (Helm's ``--max-chart-size`` default)."""

CHART_ENTRIES = 100_000
"""Files and folders walked in a chart directory (links to folders inside the chart can repeat a folder)."""

ARCHIVE_BYTES = CHART_BYTES
"""A ``.tgz`` as stored: gzip never makes chart content larger, so a bigger archive cannot hold a valid chart."""

ARCHIVE_STREAM_BYTES = CHART_BYTES + 16 * MiB
"""The decompressed tar stream of a chart archive: the files plus their 512-byte headers and padding."""

TAR_HEADER_BYTES = 1 * MiB
"""A pax extended header or a GNU long name/link record (Go's ``archive/tar`` refuses larger ones)."""

VALUES_FILE_BYTES = CHART_FILE_BYTES
"""A ``-f`` values file or a ``--set-file`` file. Helm has no limit; chartgen applies the chart-file limit."""

CRD_FILE_BYTES = 16 * MiB
"""A ``--crd-file`` export (the API server stores one object in at most 1.5 MiB; a List may hold several)."""

SMALL_FILE_BYTES = 1 * MiB
"""A kubeconfig, a token, a CA bundle, a token Secret, a ``.chartgen.yaml``, a snapshot profiles file."""

PIPE_IDLE_SECONDS = 5.0
"""How long a FIFO, a device or process substitution (``<(kubectl ...)``) may stay silent before chartgen gives up."""

# -- Structure.

YAML_DEPTH = 10000
"""goyaml's nesting limit for Helm-read YAML: 10000 flow levels and 10000 block indentations
(``yaml: exceeded max depth of 10000``)."""

JSON_DEPTH = 10000
"""Go's ``encoding/json`` nesting limit: values files (through sigs.k8s.io/yaml), ``--set-json``, ``fromJson``
(``exceeded max depth``)."""

OWN_YAML_DEPTH = 1000
"""YAML read by chartgen's own readers (kubeconfigs, lint configs, CRD files, snapshot profiles, and values files
checked by ``patch -f``/``lint -f`` with positions): libyaml's own default. These readers build Python objects
recursively, and ruamel's scanner slows quadratically with open flow levels, so they stop at this depth."""

OWN_YAML_FLOW_DEPTH = 256
"""Of those levels, how many may be flow collections (``[[[...]]]``): ruamel's scanner costs time quadratic in them
(1000 open brackets take seconds)."""

ALIAS_MIN_ALIASES = 100
ALIAS_MIN_DECODES = 1000
ALIAS_RATIO_LOW_DECODES = 400_000
ALIAS_RATIO_HIGH_DECODES = 4_000_000
ALIAS_RATIO_AT_LOW = 0.99
ALIAS_RATIO_AT_HIGH = 0.10
"""goyaml's alias budget (``document contains excessive aliasing``), applied to every YAML reader: once a
document has decoded more than ALIAS_MIN_DECODES nodes and ALIAS_MIN_ALIASES of them through aliases, the share
decoded through aliases may not exceed ALIAS_RATIO_AT_LOW, falling linearly to ALIAS_RATIO_AT_HIGH between
ALIAS_RATIO_LOW_DECODES and ALIAS_RATIO_HIGH_DECODES decoded nodes."""

SET_NESTED_NAME_LEVEL = 30
"""Helm's strvals limit on ``a.b.c`` nesting in one ``--set`` key."""

SET_MAX_INDEX = 65536
"""Helm's strvals limit on a list index in a ``--set`` key."""

SET_LIST_NESTING = YAML_DEPTH
"""``--set a[0][0]...`` index nesting. Helm has no limit; chartgen stops where values files stop."""

TEMPLATE_EXPRESSION_DEPTH = 10000
"""Nested parentheses in one template action (Go 1.24's ``max expression depth exceeded``, which Helm 4 has)."""

TEMPLATE_NESTING = 10000
"""Nested ``if``/``range``/``with``/``define`` blocks. Go has no limit; chartgen stops here."""

# -- The Python stack. Deep input is walked recursively; the CLI runs each command on a thread whose stack and
# recursion limit fit the depths above, so a document Helm accepts never dies of a RecursionError. From Python
# 3.11 a Python-to-Python call takes no C stack and every test passes on 8 MiB; the margin is for Python 3.10,
# where each frame does.

COMMAND_STACK_BYTES = 128 * MiB
COMMAND_RECURSION_LIMIT = 250_000


def alias_ratio_allowed(decodes: int) -> float:
    """The share of decoded nodes that may come through aliases once ``decodes`` nodes were decoded (goyaml)."""
    if decodes <= ALIAS_RATIO_LOW_DECODES:
        return ALIAS_RATIO_AT_LOW
    if decodes >= ALIAS_RATIO_HIGH_DECODES:
        return ALIAS_RATIO_AT_HIGH
    span = ALIAS_RATIO_HIGH_DECODES - ALIAS_RATIO_LOW_DECODES
    return ALIAS_RATIO_AT_LOW - (ALIAS_RATIO_AT_LOW - ALIAS_RATIO_AT_HIGH) * (decodes - ALIAS_RATIO_LOW_DECODES) / span


def excessive_aliasing(decodes: int, aliases: int) -> bool:
    """goyaml's test, evaluated after every decoded node."""
    return (
        aliases > ALIAS_MIN_ALIASES and decodes > ALIAS_MIN_DECODES and aliases / decodes > alias_ratio_allowed(decodes)
    )
