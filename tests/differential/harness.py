"""Differential parity harness: one small chart per case, rendered by real helm and by chartgen.

A case is pure data (see ``corpus/*.yaml`` and ``charts/cases.yaml``). This module turns it into a chart on
disk, translates its ``helm template`` arguments into :class:`chartgen.helm.options.RenderOptions`, runs the
pinned helm binaries and caches what they printed, keyed by a sha256 of everything that defines the case.
Real helm is the judge: the expectations are never written by hand.

Run ``python tests/differential/harness.py [--refresh] [--major N] [SUBSTRING ...]`` to print helm's outcome
for the matching cases (filling the cache on the way); ``--refresh`` re-runs helm instead of trusting the cache.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / "corpus"
CHARTS_DIR = HERE / "charts"
CHART_CASES = CHARTS_DIR / "cases.yaml"

# Bump when the way a case becomes a helm invocation changes, so stale cache entries are never reused.
CACHE_SCHEMA = 1
CHART_PLACEHOLDER = "{chart}"
MAJORS = (3, 4)
DEFAULT_CHART_NAME = "c"
DEFAULT_RELEASE = "rel"

_KNOWN_CASE_KEYS = {"name", "t", "templates", "values", "chart", "files", "args", "helm", "fails", "release"}


@dataclass(frozen=True)
class Case:
    """Everything that defines one ``helm template`` run.

    ``files`` is the complete chart as bytes keyed by path relative to the chart root. ``args`` follow
    ``RELEASE CHART`` and may contain ``{chart}``, replaced by the materialised chart directory (for ``-f``
    and ``--set-file``) so that the cache key does not depend on where the chart was written.
    ``fails`` holds the helm majors on which the case is *meant* to fail; the suite checks helm agrees,
    so a typo in a template cannot silently turn a feature case into an error case.
    """

    id: str
    files: Mapping[str, bytes]
    args: tuple[str, ...] = ()
    majors: tuple[int, ...] = MAJORS
    fails: frozenset[int] = frozenset()
    release: str = DEFAULT_RELEASE

    def cache_key(self) -> str:
        spec = {
            "schema": CACHE_SCHEMA,
            "release": self.release,
            "args": list(self.args),
            "files": {path: hashlib.sha256(data).hexdigest() for path, data in sorted(self.files.items())},
        }
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What one ``helm template`` run printed."""

    stdout: str
    stderr: str
    rc: int

    @property
    def failed(self) -> bool:
        return self.rc != 0

    @property
    def error_message(self) -> str:
        """Helm's error text as chartgen's ``RenderError.message`` must carry it."""
        return helm_error_message(self.stderr)


def helm_error_message(stderr: str) -> str:
    """The text after the ``Error: `` that starts a line, minus helm's ``--debug`` hint and trailing blanks.

    Warnings (``coalesce.go:…`` / ``level=INFO …``) may precede the error line, so search rather than slice.
    """
    match = re.search(r"(?m)^Error: ", stderr)
    if match is None:
        return stderr.rstrip()
    text = stderr[match.end() :]
    hint = text.find("\n\nUse --debug flag to render out invalid YAML")
    if hint != -1:
        text = text[:hint]
    return text.rstrip()


# --------------------------------------------------------------------------------------------------------------
# Loading the corpus


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, got {type(value).__name__}")
    return value


def _majors(value: object, where: str) -> tuple[int, ...]:
    if value is None:
        return MAJORS
    items = [value] if isinstance(value, int) else value
    if not isinstance(items, list) or not all(m in MAJORS for m in items):
        raise ValueError(f"{where}: helm majors must be a subset of {MAJORS}, got {value!r}")
    return tuple(sorted(set(items)))


def _fails(value: object, majors: tuple[int, ...], where: str) -> frozenset[int]:
    if value is None or value is False:
        return frozenset()
    if value is True:
        return frozenset(majors)
    return frozenset(_majors(value, where))


def _chart_yaml(chart: object, where: str) -> str:
    """A minimal Chart.yaml, plus extra fields (a mapping), or the whole file verbatim (a string)."""
    if isinstance(chart, str):
        return chart
    meta: dict[str, object] = {"apiVersion": "v2", "name": DEFAULT_CHART_NAME, "version": "0.1.0"}
    if chart is not None:
        if not isinstance(chart, dict):
            raise ValueError(f"{where}: chart must be a mapping of Chart.yaml fields or the raw file text")
        meta.update(chart)
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)


def case_from_entry(topic: str, entry: Mapping[str, object]) -> Case:
    """Build a case from one corpus entry (see README.md for the keys)."""
    name = _text(entry.get("name"), f"{topic}: a case without a name")
    where = f"{topic}/{name}"
    unknown = set(entry) - _KNOWN_CASE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    files: dict[str, bytes] = {"Chart.yaml": _chart_yaml(entry.get("chart"), where).encode()}
    if entry.get("values") is not None:
        files["values.yaml"] = _text(entry["values"], f"{where}: values").encode()
    templates: dict[str, object] = dict(entry.get("templates") or {})  # type: ignore[call-overload]
    if "t" in entry:
        templates["t.yaml"] = entry["t"]
    for rel, body in templates.items():
        files[f"templates/{rel}"] = _text(body, f"{where}: templates/{rel}").encode()
    for rel, body in dict(entry.get("files") or {}).items():  # type: ignore[call-overload]
        files[rel] = _text(body, f"{where}: {rel}").encode()
    majors = _majors(entry.get("helm"), where)
    args = tuple(_text(a, f"{where}: args") for a in entry.get("args") or [])  # type: ignore[union-attr]
    release = _text(entry.get("release", DEFAULT_RELEASE), f"{where}: release")
    return Case(where, files, args, majors, _fails(entry.get("fails"), majors, where), release)


def load_corpus(directory: Path = CORPUS_DIR) -> list[Case]:
    """Every case of ``corpus/<topic>.yaml``, ids ``<topic>/<name>``, in file then entry order."""
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in doc.get("cases", []):
            cases.append(case_from_entry(path.stem, entry))
    return cases


def _read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def load_chart_cases(index: Path = CHART_CASES) -> list[Case]:
    """The experiment charts copied under ``charts/``, one case per command in ``charts/cases.yaml``."""
    doc = yaml.safe_load(index.read_text(encoding="utf-8")) or {}
    trees: dict[str, dict[str, bytes]] = {}
    cases = []
    for entry in doc.get("cases", []):
        chart = entry["chart"]
        tree = trees.setdefault(chart, _read_tree(index.parent / chart))
        where = f"charts/{entry['name']}"
        majors = _majors(entry.get("helm"), where)
        cases.append(
            Case(
                where,
                tree,
                tuple(entry.get("args") or []),
                majors,
                _fails(entry.get("fails"), majors, where),
                entry.get("release", DEFAULT_RELEASE),
            )
        )
    return cases


def load_all_cases() -> list[Case]:
    cases = load_chart_cases() + load_corpus()
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise ValueError(f"duplicate case id {case.id}")
        seen.add(case.id)
    return cases


# --------------------------------------------------------------------------------------------------------------
# Materialising a case and translating its arguments


def materialise(case: Case, target: Path) -> Path:
    """Write the case's chart under ``target`` (created) and return it."""
    for rel, data in case.files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    target.mkdir(parents=True, exist_ok=True)
    return target


def expand_args(case: Case, chart_dir: Path) -> list[str]:
    return [arg.replace(CHART_PLACEHOLDER, str(chart_dir)) for arg in case.args]


def _csv_items(value: str) -> list[str]:
    # pflag's StringSlice reads its argument as one CSV record.
    return next(csv.reader([value])) if value else []


_LIST_FLAGS = {
    "--set": "set_values",
    "--set-string": "set_string",
    "--set-file": "set_file",
    "--set-json": "set_json",
    "--set-literal": "set_literal",
    "--show-only": "show_only",
    "-s": "show_only",
}
_BOOL_FLAGS = {
    "--include-crds": "include_crds",
    "--skip-tests": "skip_tests",
    "--no-hooks": "no_hooks",
    "--is-upgrade": "is_upgrade",
}
_VALUE_FLAGS = {"--set", "--set-string", "--set-file", "--set-json", "--set-literal", "--show-only", "-s"} | {
    "-f",
    "--values",
    "-n",
    "--namespace",
    "--kube-version",
    "-a",
    "--api-versions",
}


def render_options(case: Case, chart_dir: Path, helm_compat: int):  # -> RenderOptions
    """Translate the case's ``helm template`` arguments into the RenderOptions chartgen is given."""
    from chartgen.helm.options import RenderOptions

    opts = RenderOptions(release_name=case.release, helm_compat=helm_compat)
    args = expand_args(case, chart_dir)
    i = 0
    while i < len(args):
        flag, value = args[i], None
        if flag.startswith("--") and "=" in flag:
            flag, value = flag.split("=", 1)
        if flag in _BOOL_FLAGS:
            setattr(opts, _BOOL_FLAGS[flag], True)
            i += 1
            continue
        if flag not in _VALUE_FLAGS:
            raise ValueError(f"{case.id}: unsupported helm argument {args[i]!r}")
        if value is None:
            if i + 1 >= len(args):
                raise ValueError(f"{case.id}: {flag} needs a value")
            value = args[i + 1]
            i += 1
        i += 1
        if flag in _LIST_FLAGS:
            getattr(opts, _LIST_FLAGS[flag]).append(value)
        elif flag in ("-f", "--values"):
            # helm's values-file flag splits its argument on commas.
            opts.values_files.extend(value.split(","))
        elif flag in ("-n", "--namespace"):
            opts.namespace = value
        elif flag == "--kube-version":
            opts.kube_version = value
        else:
            opts.api_versions.extend(_csv_items(value))
    return opts


# --------------------------------------------------------------------------------------------------------------
# Running real helm, with an on-disk cache


def cache_root() -> Path:
    env = os.environ.get("CHARTGEN_DIFFERENTIAL_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "chartgen-tests" / "differential"


@dataclass
class HelmRunner:
    """One pinned helm binary, an isolated HOME, and the cache directory for its version."""

    version: str
    binary: Path
    home: Path
    cache: Path = field(init=False)

    def __post_init__(self) -> None:
        self.cache = cache_root() / self.version

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", ""),
            "TZ": "UTC",  # dates render in the process-local zone
            "HOME": str(self.home),
            "HELM_CACHE_HOME": str(self.home / "cache"),
            "HELM_CONFIG_HOME": str(self.home / "config"),
            "HELM_DATA_HOME": str(self.home / "data"),
            "KUBECONFIG": str(self.home / "no-cluster"),
        }

    def _cache_file(self, case: Case) -> Path:
        return self.cache / f"{case.cache_key()}.json"

    def cached(self, case: Case) -> Outcome | None:
        path = self._cache_file(case)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Outcome(data["stdout"], data["stderr"], data["rc"])

    def run(self, case: Case) -> Outcome:
        """Run helm on a fresh copy of the case and store the outcome in the cache."""
        with tempfile.TemporaryDirectory(prefix="chartgen-diff-") as tmp:
            chart = materialise(case, Path(tmp) / "chart")
            cmd = [str(self.binary), "template", case.release, str(chart), *expand_args(case, chart)]
            done = subprocess.run(cmd, capture_output=True, env=self.env(), cwd=tmp, timeout=120)
        decode = lambda b: b.decode("utf-8", "surrogateescape")  # noqa: E731 - helm may print invalid UTF-8
        outcome = Outcome(decode(done.stdout), decode(done.stderr), done.returncode)
        self.cache.mkdir(parents=True, exist_ok=True)
        fd, tmp_path = tempfile.mkstemp(dir=self.cache, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"id": case.id, "stdout": outcome.stdout, "stderr": outcome.stderr, "rc": outcome.rc}, fh)
        os.replace(tmp_path, self._cache_file(case))
        return outcome

    def outcome(self, case: Case, refresh: bool = False) -> Outcome:
        hit = None if refresh else self.cached(case)
        return hit if hit is not None else self.run(case)


def fill(
    runners: Mapping[int, HelmRunner],
    cases: Iterable[Case],
    refresh: bool = False,
    workers: int | None = None,
) -> dict[tuple[str, int], Outcome]:
    """Helm's outcome for every (case, major) with a runner; cache misses run in a thread pool.

    Threads are enough: the work is in the helm subprocesses, so the GIL does not serialise it.
    """
    results: dict[tuple[str, int], Outcome] = {}
    todo: list[tuple[Case, int]] = []
    for case in cases:
        for major in case.majors:
            runner = runners.get(major)
            if runner is None:
                continue
            hit = None if refresh else runner.cached(case)
            if hit is None:
                todo.append((case, major))
            else:
                results[(case.id, major)] = hit
    if todo:
        with ThreadPoolExecutor(max_workers=workers or max(4, 2 * (os.cpu_count() or 2))) as pool:
            futures = [(case, major, pool.submit(runners[major].run, case)) for case, major in todo]
            for case, major, future in futures:
                results[(case.id, major)] = future.result()
    return results


def make_runners(home: Path) -> tuple[dict[int, HelmRunner], dict[int, Exception]]:
    """A runner per pinned helm major; a pin that cannot be obtained is reported, not raised."""
    sys.path.insert(0, str(HERE.parent))
    from helm_binaries import PINS, HelmUnavailable, helm_binary

    runners: dict[int, HelmRunner] = {}
    missing: dict[int, Exception] = {}
    for pin in PINS:
        major = int(pin.version.lstrip("v").split(".")[0])
        try:
            binary = helm_binary(pin)
        except HelmUnavailable as exc:
            missing[major] = exc
            continue
        pin_home = home / pin.label
        pin_home.mkdir(parents=True, exist_ok=True)
        runners[major] = HelmRunner(pin.version, binary, pin_home)
    return runners, missing


def _main(argv: list[str]) -> int:
    refresh = "--refresh" in argv
    majors = set(MAJORS)
    words = []
    it = iter(argv)
    for arg in it:
        if arg == "--refresh":
            continue
        if arg == "--major":
            majors = {int(next(it))}
            continue
        words.append(arg)
    cases = [c for c in load_all_cases() if not words or any(w in c.id for w in words)]
    with tempfile.TemporaryDirectory() as home:
        runners, missing = make_runners(Path(home))
        for major, exc in missing.items():
            print(f"helm{major} unavailable: {exc}", file=sys.stderr)
        runners = {m: r for m, r in runners.items() if m in majors}
        results = fill(runners, cases, refresh=refresh)
    for case in cases:
        for major in case.majors:
            got = results.get((case.id, major))
            if got is None:
                continue
            body = f"ERROR: {got.error_message}\n" if got.failed else got.stdout
            print(f"===== {case.id} [helm{major}] rc={got.rc}\n{body}", end="" if body.endswith("\n") else "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
