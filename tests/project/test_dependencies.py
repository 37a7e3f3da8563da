"""Dependencies flow one way: chart -> values -> render -> findings -> reports.

Every ``import`` of a chartgen module (at the top of a file, inside a function, or under ``TYPE_CHECKING``) is read
from the source, and each package may import only the packages below it:

    foundations   errors, limits, bounded_io, yamlread, command_runtime, collector, redact, resources,
                  k8s_names, findings, gostrconv,
                  helmcompat: import one another only
    chartio       charts in and out
    goregexp      Go's regexp
    gotemplate    Go's text/template
    sprig         Sprig's functions (over gotemplate's types)
    helm          Helm's loading, values and rendering
    patch         the patch engine (it renders nothing, but reads values as Helm does)
    kubeconfig    the work cluster's kubeconfig (it reads the remote-target overlay's defaults)
    snapshot      snapshot tests and the semantic diff (it renders, and patches for ``chartgen diff``)
    lint          findings about a chart, its render and a kubeconfig
    upgrade       an IKO version bump reviewed (it patches, renders, diffs and checks values files)
    target        the work-cluster bundle (it patches, renders and reads rendered manifests)
    fleet         one release per work cluster (it builds each target's bundle)
    cli           the edge (cli.py and each command's cli_<name>.py): parses options, calls one orchestration
                  function, prints

Packages on one line of the order may not import each other either unless the order lists them lower. Within a
package, modules may import each other, but no chain of imports that runs may lead back to where it started (a
module that imports another only for type checking closes no cycle).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "chartgen"

FOUNDATIONS = (
    "records",
    "errors",
    "limits",
    "bounded_io",
    "yamlread",
    "command_runtime",
    "collector",
    "redact",
    "resources",
    "k8s_names",
    "findings",
    "gostrconv",
    "helmcompat",
    "disk_cache",
)
# Lowest first; a package may import the foundations and any package before it.
ORDER = (
    "chartio",
    "goregexp",
    "gotemplate",
    "sprig",
    "helm",
    "patch",
    "kubeconfig",
    "snapshot",
    "lint",
    "upgrade",
    "target",
    "fleet",
)
EDGE = ("cli", "__main__")

# Imports against the order that other work is removing, each with the reason; nothing else may be added here.
KNOWN_EXCEPTIONS = {
    # Semver's JSON methods use Go's encoding/json string codec, which lives with Helm's other codecs; it has no
    # home below both yet.
    ("chartgen.sprig.semver", "chartgen.helm.gojson"),
}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _type_checking_blocks(tree: ast.AST) -> set[ast.AST]:
    """The import statements under ``if TYPE_CHECKING:``, which never run."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            inside.update(n for stmt in node.body for n in ast.walk(stmt))
    return inside


def _imports(module: str, *, typing_only: bool = True) -> set[str]:
    """The chartgen modules ``module`` imports, anywhere in its source (with ``typing_only=False``, not those
    imported for type checking alone)."""
    found = set()
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skipped = set() if typing_only else _type_checking_blocks(tree)
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        # ``chartgen`` itself holds only the version, which any module may read.
        found.update(name for name in names if name in MODULES and name not in (module, "chartgen"))
    return found


GRAPH = {module: _imports(module) for module in MODULES}
# What runs: a type-only import cannot close a cycle at import time.
RUNTIME_GRAPH = {module: _imports(module, typing_only=False) for module in MODULES}


def _package(module: str) -> str:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else parts[0]
    # A command's own CLI module (chartgen/cli_<name>.py, registered by cli.py) is part of the edge.
    return "cli" if name.startswith("cli_") else name


def _allowed(package: str) -> set[str]:
    if package in FOUNDATIONS:
        return set(FOUNDATIONS)
    if package in EDGE:
        return {package, *FOUNDATIONS, *ORDER, *EDGE}
    return {package, *FOUNDATIONS, *ORDER[: ORDER.index(package)]}


def test_every_package_has_a_place_in_the_order():
    packages = {_package(module) for module in MODULES} - {"chartgen"}
    assert packages <= {*FOUNDATIONS, *ORDER, *EDGE}, sorted(packages - {*FOUNDATIONS, *ORDER, *EDGE})


@pytest.mark.parametrize("package", [*FOUNDATIONS, *ORDER])
def test_package_imports_only_what_lies_below_it(package):
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _package(module) == package
        for target in targets
        if _package(target) not in _allowed(package) and (module, target) not in KNOWN_EXCEPTIONS
    )
    assert not wrong, "\n".join(wrong)


def test_the_renderer_never_imports_a_command_package():
    # The same rule, said for the packages whose purity matters most: Go's libraries and Helm's semantics.
    commands = {"patch", "kubeconfig", "snapshot", "lint", "target", "cli"}
    lower = {"gotemplate", "sprig", "goregexp", "helm", "chartio"}
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _package(module) in lower
        for target in targets
        if _package(target) in commands
    )
    assert not wrong, "\n".join(wrong)


def test_the_manifest_diff_is_a_library_of_rendered_manifests():
    """It knows no patching and no rendering: ``overlay_delta`` puts the three together."""
    imported = {_package(target) for target in GRAPH["chartgen.snapshot.manifest_diff"]}
    assert not imported & {"patch", "helm"}


def test_no_module_imports_itself_through_others():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(RUNTIME_GRAPH[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not cycles, cycles


def test_known_exceptions_are_real_imports():
    """An exception the code no longer needs is deleted from the list, so the list only ever shrinks."""
    stale = sorted(f"{a} -> {b}" for a, b in KNOWN_EXCEPTIONS if b not in GRAPH.get(a, set()))
    assert not stale, stale


def test_packages_import_each_other_in_one_direction_only():
    edges = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            if (module, target) not in KNOWN_EXCEPTIONS and _package(module) != _package(target):
                edges[_package(module)].add(_package(target))
    both = sorted(f"{a} <-> {b}" for a in edges for b in edges[a] if a < b and a in edges.get(b, set()))
    assert not both, both
