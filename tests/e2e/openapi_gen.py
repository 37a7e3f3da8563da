"""Generate ``pkg/generated/openapi/zz_generated.openapi.go``, which the source tarball lacks (``make`` writes it).

kube-apiserver cannot link without it (``undefined: openapi.GetOpenAPIDefinitions``). The packages that ask for
OpenAPI definitions carry a ``+k8s:openapi-gen=`` tag; they are found the way Kubernetes' Makefile finds them
(every Go file under the tree except ``_*``, ``.*`` and the top ``vendor/``, with ``staging/src/`` named as its
``vendor/`` twin) and given to the vendored openapi-gen. Its API-rule violation report must equal the tree's
own ``api/api-rules/violation_exceptions.list``: the same input set yields the same known violations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from .go_tool import BuildStepFailed, GoTool, run

OUTPUT_PACKAGE = "k8s.io/kubernetes/pkg/generated/openapi"
# Packages whose tags belong to other generated files, as the Makefile leaves them out.
EXCLUDED = ("vendor/k8s.io/code-generator/", "vendor/k8s.io/sample-apiserver/")
_TAGGED = re.compile(r"^// *\+k8s:", re.MULTILINE)


def tagged_packages(tree: Path) -> list[str]:
    """Folders of ``tree`` (staging named as vendor) whose Go files ask for OpenAPI definitions, sorted."""
    found = set()
    for root, dirs, files in os.walk(tree):
        rel = Path(root).relative_to(tree).as_posix()
        if rel == ".":
            dirs[:] = [d for d in dirs if not d.startswith(("_", ".")) and d != "vendor"]
        for name in files:
            if not name.endswith(".go"):
                continue
            text = (Path(root) / name).read_text(errors="replace")
            if "+k8s:openapi-gen=" in text and _TAGGED.search(text):
                found.add(re.sub(r"^staging/src/", "vendor/", rel))
    return sorted(d for d in found if not d.startswith(EXCLUDED))


def generate(go: GoTool, tree: Path, work: Path, log: Callable[[str], None]) -> None:
    log("building openapi-gen and generating pkg/generated/openapi")
    generator = work / "tools" / "openapi-gen"
    go.run("build", "-o", str(generator), "./vendor/k8s.io/kube-openapi/cmd/openapi-gen", cwd=tree)
    packages = tagged_packages(tree)
    report = work / "openapi-violations.report"
    args = ["-i", ",".join(f"k8s.io/kubernetes/{d}" for d in packages), "-p", OUTPUT_PACKAGE]
    args += ["-O", "zz_generated.openapi", "-h", "vendor/k8s.io/code-generator/hack/boilerplate.go.txt"]
    run([str(generator), *args, "-r", str(report)], cwd=tree, env=go.env)
    known = tree / "api/api-rules/violation_exceptions.list"
    if report.read_text() != known.read_text():
        raise BuildStepFailed(
            f"openapi-gen's API-rule report {report} differs from {known}: the generated definitions are not "
            "what Kubernetes' make would produce"
        )
    log(f"OpenAPI definitions generated from {len(packages)} packages; API-rule report matches the known list")
