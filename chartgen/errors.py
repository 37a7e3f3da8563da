"""Typed errors. The CLI edge turns each into one line of text and an exit code; nothing else prints them."""

from __future__ import annotations

from chartgen.records import record


@record(frozen=True)
class Location:
    """Where a problem sits: a file (as the user would open it) and, when known, a 1-based line and column.

    A lint finding about a rendered manifest also names the Kubernetes ``object`` (``Deployment/iris-operator``)
    and the ``field`` path inside it (``spec.template.spec.volumes[0]``); reports show them, the one-line text
    form does not.
    """

    path: str
    line: int | None = None
    column: int | None = None
    object: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class ChartgenError(Exception):
    """Base of every error chartgen reports to a user. ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class UsageError(ChartgenError):
    """An option or argument is wrong (a bad Secret name, a missing overlay)."""


class ChartLoadError(ChartgenError):
    """The input is not a chart Helm would load: no Chart.yaml, broken YAML, unsafe archive."""


class OverlayError(ChartgenError):
    """An overlay definition is malformed or refers to files it does not have."""


class PatchMatchError(ChartgenError):
    """An overlay operation matched a different number of places than it declared."""


class AlreadyPatchedError(ChartgenError):
    """The chart already carries the change (by chartgen or by hand); patching again would duplicate it."""


class ValuesError(ChartgenError):
    """A values file does not satisfy the chart's values schema."""


class OutputError(ChartgenError):
    """The output cannot be written where asked (exists without --force, not writable)."""


class RenderError(ChartgenError):
    """Rendering failed the way ``helm template`` fails; ``message`` is Helm's text after ``Error: ``.

    ``origin`` is, when known, the template position behind the failure where Helm's own text does not carry one
    (a rendered document that is not YAML): a ``chartgen.helm.provenance.Origin``.
    """

    origin = None


class ChartgenWarning(UserWarning):
    """Something the user should know that does not stop the run (a symbolic link followed inside a chart).

    Raised with ``warnings.warn``; the CLI prints each as one ``chartgen: warning: <text>`` line."""
