"""Two real Kubernetes v1.20.2 control planes, HOME and WORK, for the whole test session.

The binaries are built once into a cache from Debian's packages (``kube_build``; ``tests/e2e/build-kube``
does it ahead of time). When they cannot be built the tests fail and say why, unless
``CHARTGEN_SKIP_E2E=1`` asks to skip them. Build progress and the build and start-up times go straight to the
terminal, whatever pytest's output capturing is set to.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .control_plane import ControlPlane, ControlPlaneError, loopback_host_name, start_all
from .kube_build import KUBE_VERSION, KubeBinaries, KubeBuildError, ensure_binaries
from .readme_walkthrough import SHAPE, section_commands
from .shell import Shell
from .walkthrough import Walkthrough

REPO = Path(__file__).resolve().parents[2]

_FIGURES = pytest.StashKey[list[str]]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    figures = config.stash.get(_FIGURES, [])
    if figures:
        terminalreporter.section("Kubernetes control planes")
        for line in figures:
            terminalreporter.write_line(line)


def _terminal(config: pytest.Config) -> Callable[[str], None]:
    """Write a line to the terminal now, past pytest's capturing (as ``capsys.disabled()`` does)."""
    capture = config.pluginmanager.getplugin("capturemanager")
    reporter = config.pluginmanager.getplugin("terminalreporter")

    def write(message: str) -> None:
        with capture.global_and_fixture_disabled():
            if reporter is not None:
                reporter.write_line(message)
            else:
                print(message, file=sys.__stderr__, flush=True)

    return write


def _figure(config: pytest.Config, line: str) -> None:
    config.stash.setdefault(_FIGURES, []).append(line)
    _terminal(config)(line)


@pytest.fixture(scope="session")
def kube_binaries(pytestconfig: pytest.Config) -> KubeBinaries:
    if os.environ.get("CHARTGEN_SKIP_E2E") == "1":
        pytest.skip("CHARTGEN_SKIP_E2E=1: end-to-end tests against real control planes skipped")
    started = time.monotonic()
    binaries, failure = _binaries(pytestconfig)
    if binaries is None:
        pytest.fail(
            f"cannot build Kubernetes {KUBE_VERSION} from Debian's packages for the end-to-end tests: {failure}\n"
            "(set CHARTGEN_SKIP_E2E=1 to skip these tests on a machine that cannot reach Debian's archive)",
            pytrace=False,
        )
    seconds = time.monotonic() - started
    how = "built from Debian's packages" if binaries.built_now else "verified in the cache"
    _figure(pytestconfig, f"binaries {KUBE_VERSION}: {how} in {seconds:.1f} s ({binaries.kube_apiserver.parent})")
    return binaries


def _binaries(config: pytest.Config) -> tuple[KubeBinaries | None, str]:
    try:
        return ensure_binaries(_terminal(config)), ""
    except KubeBuildError as exc:
        return None, str(exc)


@dataclass(frozen=True)
class Clusters:
    home: ControlPlane
    work: ControlPlane


@pytest.fixture(scope="session")
def clusters(kube_binaries: KubeBinaries, tmp_path_factory: pytest.TempPathFactory, pytestconfig) -> Iterator[Clusters]:
    root = tmp_path_factory.mktemp("clusters")
    for name in ("home", "work"):
        (root / name).mkdir()
    # WORK is reached by name, as the operator's pod at HOME would reach it; HOME only by loopback address.
    home = ControlPlane("home", root / "home", kube_binaries)
    work = ControlPlane("work", root / "work", kube_binaries, reachable_as=loopback_host_name())
    planes = (home, work)
    started = time.monotonic()
    try:
        failure = _start(planes)
        if failure is not None:
            pytest.fail(f"control planes did not start: {failure}", pytrace=False)
        for plane in planes:
            reached = f"{plane.server} and {plane.named_server}" if plane.named_server else plane.server
            _figure(
                pytestconfig,
                f"{plane.name.upper()} at {reached}: apiserver ready {plane.timings['apiserver_ready']:.1f} s, "
                f"controller-manager healthy {plane.timings['controller_manager_healthy']:.1f} s after start",
            )
        _figure(pytestconfig, f"both control planes started in {time.monotonic() - started:.1f} s")
        yield Clusters(home, work)
    finally:
        for plane in planes:
            plane.stop()


def _start(planes: tuple[ControlPlane, ...]) -> str | None:
    """Start the control planes; the reason they did not start, if they did not."""
    try:
        start_all(planes)
    except ControlPlaneError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="session")
def home(clusters: Clusters) -> ControlPlane:
    return clusters.home


@pytest.fixture(scope="session")
def work(clusters: Clusters) -> ControlPlane:
    return clusters.work


@pytest.fixture(scope="session")
def walkthrough(
    clusters: Clusters, kube_binaries: KubeBinaries, tmp_path_factory: pytest.TempPathFactory
) -> Walkthrough:
    """The README's walkthrough against HOME and WORK, run lazily: ``through(step)``, ``install(helm)``."""
    if clusters.work.named_server is None:
        pytest.skip("no host name on this machine resolves to a loopback address only (see /etc/hosts)")
    commands = section_commands(REPO / "README.md")
    shape = [(c.step, c.shape) for c in commands]
    if shape != SHAPE:
        pytest.fail(
            "the README's walkthrough no longer has the commands tests/e2e/readme_walkthrough.py substitutes into "
            f"(SHAPE); update both together.\nREADME: {shape}\nexpected: {SHAPE}",
            pytrace=False,
        )
    folder = tmp_path_factory.mktemp("walkthrough")
    return Walkthrough(folder, commands, clusters.home, clusters.work, Shell(folder, kube_binaries))
