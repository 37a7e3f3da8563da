"""How Helm words template failures: ``cleanupParseError`` and the execution-error rewrites of Helm 3 and 4.

``fail`` and ``required`` wrap their message in markers so Helm can pull it out of Go's nested error text and
print ``execution error at (<file>:<line>:<col>): <message>``. Other execution errors keep Go's text in Helm 3.
Helm 4 re-lays them out one frame per ``include`` level, but only when every error in the chain is a template
error it can parse; an error a function returned (``index out of range``, a comparison) leaves Go's text as is.
"""

from __future__ import annotations

import re

from chartgen.helmcompat.profile import HelmProfile
from chartgen.records import record

__all__ = ["WARN_END", "WARN_START", "exec_error_message", "parse_error_message", "warn_wrap"]

WARN_START = "HELM_ERR_START"
WARN_END = "HELM_ERR_END"
_WARN = re.compile(WARN_START + "(.*)" + WARN_END, re.DOTALL)


def warn_wrap(message: str) -> str:
    return WARN_START + message + WARN_END


def parse_error_message(template: str, text: str) -> str:
    """Helm's ``cleanupParseError``: the location and the last ``": "``-separated part of Go's message."""
    tokens = text.split(": ")
    if len(tokens) == 1:
        return f"parse error in ({template}): {text}"
    return f"parse error at ({tokens[1]}): {tokens[-1]}"


def exec_error_message(template: str, error: BaseException, profile: HelmProfile) -> str:
    """The text Helm prints after ``Error: `` when executing ``template`` raised ``error``."""
    text = str(error)
    tokens = text.split(": ", 2)
    if len(tokens) != 3:
        return f"execution error in ({template}): {text}"
    marked = _WARN.search(tokens[2])
    if marked:
        return f"execution error at ({tokens[1]}): {marked.group(1)}"
    if profile.exec_error_frames:
        return _helm4_layout(error) or text
    return text


@record
class _Frame:
    location: str
    executing: str
    message: str

    def render(self) -> str:
        out = ""
        if self.location:
            out += self.location + "\n  "
        if self.executing:
            out += self.executing + "\n    "
        if self.message:
            out += self.message + "\n"
        return out


_EXECUTING = re.compile(r'executing "((?:[^"\\]|\\.)*)" at <(.*?)>: ', re.DOTALL)


def _parse_frame(text: str) -> _Frame | None:
    if not text.startswith("template: "):
        return None
    rest = text[len("template: ") :]
    if rest.startswith("no template "):
        return _Frame("", "", text)
    location, sep, after = rest.partition(": ")
    if not sep:
        return None
    match = _EXECUTING.match(after)
    if match:
        return _Frame(location, f'executing "{match.group(1)}" at <{match.group(2)}>:', after[match.end() :])
    return _Frame(location, "", after)


def _helm4_layout(error: BaseException) -> str | None:
    chain: list[str] = []
    current: BaseException | None = error
    while current is not None:
        chain.append(str(current))
        current = current.__cause__
    frames: list[_Frame] = []
    for text in chain:
        frame = _parse_frame(text)
        if frame is None:
            return None
        frames.append(frame)
    # Each frame's message ends with the text of the error it wraps; keep only its own part.
    for frame, inner in zip(frames, chain[1:], strict=False):
        frame.message = frame.message.removesuffix(inner).strip()
    return "".join(frame.render() for frame in frames).strip()
