"""The upgrade report as text (a terminal), Markdown (a pull-request description) or JSON (tools: stable, sorted;
``schema`` names its version). Text and Markdown share one outline; the manifest changes are the ``chartgen diff``
text form in both."""

from __future__ import annotations

import json
import re

from chartgen.redact import redact_url_credentials
from chartgen.snapshot.manifest_diff import ManifestDiff
from chartgen.upgrade.plan import UpgradeReport

__all__ = ["FORMATS", "format_report"]

FORMATS = ("text", "json", "markdown")


def format_report(report: UpgradeReport, fmt: str) -> str:
    """The report in ``fmt``; a URL's user name and password (a proxy's, in a chart's defaults) never show."""
    if fmt == "json":
        text = json.dumps(report.to_data(), indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    else:
        text = _Writer(markdown=fmt == "markdown").report(report)
    return redact_url_credentials(text)


class _Writer:
    def __init__(self, *, markdown: bool) -> None:
        self.md = markdown
        self.out: list[str] = []

    def heading(self, text: str, level: int = 2) -> None:
        if self.md:
            self.out.append(f"\n{'#' * level} {text}\n\n")
        else:
            self.out.append(f"\n{text}\n{('=' if level == 1 else '-') * len(text)}\n")

    def line(self, text: str = "", *, end: bool = False) -> None:
        """One line; ``end`` keeps it its own line in Markdown too, where lines of a paragraph run together."""
        self.out.append(f"{text}{'  ' if end and self.md else ''}\n")

    def item(self, text: str, depth: int = 0) -> None:
        self.out.append(f"{'  ' * depth}- {text}\n" if self.md else f"{'    ' * depth}  - {text}\n")

    def t(self, text: object) -> str:
        """Text that comes from a chart or a values file: in Markdown, every character that could start markup is
        escaped, so a chart cannot put links, images or HTML into a pull-request description."""
        return _MARKUP.sub(r"\\\g<0>", str(text)) if self.md else str(text)

    def code(self, text: str) -> str:
        if not self.md:
            return text
        # A code span is closed only by a run of backticks as long as its opener: one longer than any run inside.
        fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        return f"{fence}{pad}{text}{pad}{fence}"

    def block(self, text: str, lang: str = "") -> None:
        if self.md:
            fence = "`" * max(3, max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
            self.out.append(f"{fence}{lang}\n{text.rstrip()}\n{fence}\n")
        else:
            self.out.extend(f"    {ln}\n" if ln else "\n" for ln in text.rstrip("\n").split("\n"))

    def report(self, r: UpgradeReport) -> str:
        c = self.code
        t = self.t
        self.heading(f"Upgrade {t(r.old.name)} {t(r.old.version)} -> {t(r.new.name)} {t(r.new.version)}", 1)
        self.line(f"Old: {c(r.old.path)}{' (patched)' if r.old.patched_input else ' (stock)'}", end=True)
        self.line(f"New: {c(r.new.path)} (stock)", end=True)
        self.line(f"Overlays: {t(', '.join(r.overlays))}", end=True)
        verdict = "clean: the overlays apply and the values files are valid" if not r.attention else "needs attention"
        self.line(f"Verdict: {verdict}")
        for text in r.attention:
            self.item(t(text))
        for note in r.notes:
            self.line(f"Note: {t(note)}")
        self._steps(r)
        self._manifests(r)
        self._values(r)
        self._snapshots(r)
        return "".join(self.out).lstrip("\n")

    def _steps(self, r: UpgradeReport) -> None:
        self.heading("Overlay steps")
        if r.repatch_error:
            self.line(f"The new chart could not be patched: {self.t(r.repatch_error)}")
        for s in r.steps:
            old = "?" if s.old is None else ", ".join(s.old) or "none"
            new = ", ".join(s.new) or "none"
            t = self.t
            where = f"{t(s.kind)}, {t(s.target)}; expects {s.expect}"
            self.item(f"{t(s.overlay)}/{t(s.step)} ({where}): {s.status.upper()}")
            self.item(f"old: {t(old)}", 1)
            self.item(f"new: {t(new)}", 1)
            for note in s.notes:
                self.item(t(note), 1)
        if not r.steps:
            self.line("The overlays have no steps that edit templates.")

    def _manifests(self, r: UpgradeReport) -> None:
        if r.split:
            self.heading("Upstream changes (old stock -> new stock)")
            self._diff(r.upstream)
            self.heading("What the overlays change")
            effect = r.overlay
            if effect.new is None:
                self.line("Unknown: the new chart could not be patched.")
            elif effect.same:
                self.line("The same on the new chart as on the old one (chart versions aside).")
            else:
                self.line("Differs between the old and the new chart:")
                for title, entries in (
                    ("only on the old chart", effect.only_old),
                    ("only on the new chart", effect.only_new),
                    ("different", effect.different),
                ):
                    for entry in entries:
                        self.item(f"{title}: {self.t(entry)}")
                self.line("On the new chart the overlays change:")
                self._diff(effect.new)
        else:
            self.heading("Changes (patched old -> patched new; upstream and overlays together)")
            if r.upstream is None:
                self.line("Unknown: the new chart could not be patched.")
            else:
                self._diff(r.upstream)

    def _diff(self, diff: ManifestDiff | None) -> None:
        if diff is None:
            return
        if not diff:
            self.line("No differences.")
            return
        self.block(diff.text())

    def _values(self, r: UpgradeReport) -> None:
        c, v = self.code, r.values
        self.heading(f"Values ({self.t(r.values_compared)})")
        if not v:
            self.line("No keys added, removed or renamed; no defaults changed.")
        for key, default in sorted(v.added.items()):
            self.item(f"added {c(key)} (default {c(_json(default))})")
        for key, default in sorted(v.removed.items()):
            self.item(f"removed {c(key)} (default was {c(_json(default))})")
        for rename in v.renamed:
            self.item(f"renamed {c(rename.old)} -> {c(rename.new)} ({self.t(rename.reason)})")
        for key, (old, new) in sorted(v.defaults.items()):
            self.item(f"default of {c(key)}: {c(_json(old))} -> {c(_json(new))}")
        for check in r.values_files:
            verdict = "valid for the new patched chart" if check.valid else "NOT valid for the new patched chart"
            self.line(f"{c(check.path)}: {verdict}")
            for problem in check.problems:
                self.item(f"{self.t(problem.where)}: {self.t(problem.message)}")

    def _snapshots(self, r: UpgradeReport) -> None:
        plan = r.snapshots
        self.heading("Snapshot tests (patch --emit-tests)")
        if plan is None:
            self.line("Unknown: the new chart could not be patched.")
            return
        self.line("Every snapshot header records the chart version and digest, so each test fails until updated.")
        for change in plan.changes:
            extra = f": {self.t(change.summary)}" if change.summary else ""
            self.item(f"{self.code(change.test)}: {change.change}{extra}")
        self.line("Review and accept them after writing the new chart where the tests expect it:")
        self.block(f"{plan.update_command}\n{plan.review_command}", "sh")


# Characters that may start Markdown (or HTML) markup in running text.
_MARKUP = re.compile(r"[\\`*_\[\]<>!|#{}()~&]")
_BACKTICKS = re.compile(r"`+")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
