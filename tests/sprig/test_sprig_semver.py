"""Sprig's ``semver`` and ``semverCompare`` (Masterminds/semver v3.3.0 in Helm 3, v3.4.0 in Helm 4).

Every expected value was printed by the real helm 3.17.3 and 4.1.4 binaries.
"""

from __future__ import annotations

import pytest
from template_harness import exec_error, execute

from chartgen.helmcompat.profile import profile_for
from chartgen.sprig.semver import FUNCS, SemverError, Version, constraint_matches, funcs_for, parse_version


def run(text: str, *, helm_major: int = 3) -> str:
    return execute(funcs_for(profile_for(helm_major)), text)


def error(text: str, *, helm_major: int = 3) -> str:
    return exec_error(run, text, helm_major=helm_major)


# (constraint, version, helm 3 result, helm 4 result)
COMPARISONS = [
    (">=1.20-0", "v1.32.0", True, True),
    (">=1.20", "1.20.0-gke.1", False, False),
    (">=1.20-0", "1.20.0-gke.1", True, True),
    ("^1.2", "1.9.9", True, True),
    ("~1.2", "1.3.0", False, False),
    ("<1.25.0-0", "1.32.0", False, False),
    (">= 1.19, < 2", "1.21", True, True),
    ("1.x", "1.5.0", True, True),
    ("1.2.3", "1.2.3", True, True),
    ("=1.2.3", "1.2.4", False, False),
    ("!=1.2.3", "1.2.4", True, True),
    ("!=1.2.3", "1.2.3-beta", True, False),
    ("!=1.x", "1.2.3", False, False),
    ("!=1.x", "2.0.0", True, True),
    ("!=1.2", "1.2.9", False, False),
    (">1.2", "1.2.9", False, False),
    (">1.2", "1.3.0", True, True),
    (">1", "1.9.0", False, False),
    (">1", "2.0.0", True, True),
    ("<1.2", "1.1.9", True, True),
    ("<=1.2", "1.2.9", True, True),
    ("<=1", "1.9.9", True, True),
    ("<=1.2.3", "1.2.3", True, True),
    ("=<1.2", "1.2.0", True, True),
    ("=>1.2", "1.2.0", True, True),
    ("~1.2.3", "1.2.9", True, True),
    ("~1.2.3", "1.3.0", False, False),
    ("~1", "1.9.0", True, True),
    ("~>1.2", "1.2.5", True, True),
    ("~0", "0.9.0", True, True),
    ("~*", "3.0.0", True, True),
    ("~0.0.0", "5.0.0", True, True),
    ("^1.2.3", "1.9.0", True, True),
    ("^1.2.3", "2.0.0", False, False),
    ("^0.2.3", "0.2.9", True, True),
    ("^0.2.3", "0.3.0", False, False),
    ("^0.0.3", "0.0.3", True, True),
    ("^0.0.3", "0.0.4", False, False),
    ("^0.0", "0.0.9", True, True),
    ("^0", "0.9.0", True, True),
    ("^*", "1.2.3", False, False),
    ("^*", "0.5.0", False, False),
    ("*", "1.2.3", True, True),
    ("*", "1.2.3-beta", False, False),
    ("x", "0.0.0", True, True),
    ("1.2.x", "1.2.7", True, True),
    ("1.*.3", "1.9.9", True, True),
    ("1.2 - 1.4", "1.4.9", True, True),
    ("1.2 - 1.4", "1.5.0", False, False),
    ("1.2.3 - 2", "2.0.0", True, True),
    (">1.2.0-alpha", "1.2.0-beta", True, True),
    ("~1.2.3-beta", "1.2.3-beta.2", True, True),
    ("^1.2.3-beta.2", "1.2.3-beta.10", True, True),
    (">=1.1 <2", "1.5.0", True, True),
    (">1 || <0.5", "0.4.0", True, True),
    (">1 || <0.5", "0.5.0", False, False),
    ("1.2.3+meta", "1.2.3", True, True),
    ("v1.2", "1.2.0", True, True),
    ("=1.2.3", "01.02.03", True, True),
    ("<1.2.3", "1.2", True, True),
    (">=1.0.0-0", "v1.0.0-rc.1+m", True, True),
    ("!=1.2.3-beta", "1.2.3-alpha", True, True),
    ("1.2-1.3", "1.2.5", True, True),
    ("x.1.2", "5.0.0", True, True),
    ("\t1.2", "1.2.0", True, True),
    ("  >= 1.2  ", "1.3.0", True, True),
    (">=1.2 ,<2", "1.2.3", True, True),
]


@pytest.mark.parametrize(("constraint", "version", "helm3", "helm4"), COMPARISONS)
def test_semver_compare_matches_helm3(constraint: str, version: str, helm3: bool, helm4: bool) -> None:
    assert run(f'{{{{ semverCompare "{constraint}" "{version}" }}}}') == str(helm3).lower()


@pytest.mark.parametrize(("constraint", "version", "helm3", "helm4"), COMPARISONS)
def test_semver_compare_matches_helm4(constraint: str, version: str, helm3: bool, helm4: bool) -> None:
    assert run(f'{{{{ semverCompare "{constraint}" "{version}" }}}}', helm_major=4) == str(helm4).lower()


# (template, helm 3 error, helm 4 error)
ERRORS = [
    ('semverCompare "" "1.0.0"', "improper constraint: ", "improper constraint: "),
    ('semverCompare "1.2.3 || " "1.2.3"', "improper constraint:  ", "improper constraint:  "),
    ('semverCompare "a" "1.0.0"', "improper constraint: a", "improper constraint: a"),
    ('semverCompare ">=1.2," "1.2.3"', "improper constraint: >=1.2,", "improper constraint: >=1.2,"),
    ('semverCompare "==1.2" "1.2.0"', "improper constraint: ==1.2", "improper constraint: ==1.2"),
    ('semverCompare "1 -2" "1.5.0"', "improper constraint: 1 -2", "improper constraint: 1 -2"),
    (
        'semverCompare "1.2.3 - 1.2.4 - 1.2.5" "1.2.4"',
        "improper constraint: >= 1.2.3, <= 1.2.4 - 1.2.5",
        "improper constraint: >= 1.2.3, <= 1.2.4 - 1.2.5",
    ),
    ('semverCompare "1x" "1.2.3"', "constraint Parser Error", "constraint parser error"),
    ('semverCompare "1.2.3-01" "1.2.3"', "constraint Parser Error", "constraint parser error"),
    ('semverCompare "bad" "bad"', "improper constraint: bad", "improper constraint: bad"),
    ('semverCompare "1.x" "bad"', "Invalid Semantic Version", "invalid semantic version"),
    ('semverCompare ">1.2.3" "1.2.3-"', "Invalid Semantic Version", "invalid semantic version"),
    ('semver ""', "Invalid Semantic Version", "invalid semantic version"),
    ('semver "x"', "Invalid Semantic Version", "invalid semantic version"),
    ('semver " 1.2.3"', "Invalid Semantic Version", "invalid semantic version"),
    ('semver "V1.2"', "Invalid Semantic Version", "invalid semantic version"),
    ('semver "1.2.3-a..b"', "Invalid Semantic Version", "invalid semantic version"),
    ('semver "1.2.3+a_b"', "Invalid Semantic Version", "invalid semantic version"),
    ('semver "1.2.3-00"', "Version segment starts with 0", "version segment starts with 0"),
    (
        'semver "99999999999999999999.1"',
        'Error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range',
        'error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range',
    ),
]


@pytest.mark.parametrize(("template", "helm3", "helm4"), ERRORS)
def test_semver_errors_use_helm3_wording(template: str, helm3: str, helm4: str) -> None:
    name = template.split()[0]
    assert error("{{ " + template + " }}") == f"error calling {name}: {helm3}"


@pytest.mark.parametrize(("template", "helm3", "helm4"), ERRORS)
def test_semver_errors_use_helm4_wording(template: str, helm3: str, helm4: str) -> None:
    name = template.split()[0]
    assert error("{{ " + template + " }}", helm_major=4) == f"error calling {name}: {helm4}"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ (semver "1.2.3-beta.1+build").Major }}', "1"),
        ('{{ (semver "v1.2.3").Minor }}', "2"),
        ('{{ (semver "1.2.3").Patch }}', "3"),
        ('{{ (semver "1.2.3-beta.1+build").Prerelease }}', "beta.1"),
        ('{{ (semver "1.2.3-beta.1+build").Metadata }}', "build"),
        ('{{ (semver "v1.2").Original }}', "v1.2"),
        ('{{ semver "1.2" }}', "1.2.0"),
        ('{{ semver "v1" }}', "1.0.0"),
        ('{{ semver "01.2.3" }}', "1.2.3"),
        ('{{ semver "1.2.3-0a" }}', "1.2.3-0a"),
        ('{{ semver "v1.2.3+meta.01" }}', "1.2.3+meta.01"),
        ('{{ (semver "1.2.3").Compare (semver "1.3.0") }}', "-1"),
        ('{{ (semver "1.2.3").Compare (semver "1.2.3+other") }}', "0"),
        ('{{ (semver "1.2.3").Compare (semver "1.2.3-rc.1") }}', "1"),
        ('{{ (semver "1.2.3-rc.10").Compare (semver "1.2.3-rc.9") }}', "1"),
        ('{{ (semver "1.2.3-rc.1").Compare (semver "1.2.3-rc.a") }}', "-1"),
        ('{{ printf "%T" (semver "1.0.0") }}', "*semver.Version"),
        ('{{ printf "%T" (semver "1.0.0").Major }}', "uint64"),
        ('{{ printf "%v" (semver "1.2") }}', "1.2.0"),
    ],
)
def test_semver_version_object(template: str, expected: str) -> None:
    assert run(template) == expected


def test_semver_compare_with_nil_is_a_nil_pointer_panic() -> None:
    assert error('{{ (semver "1.2.3").Compare nil }}') == (
        "error calling Compare: runtime error: invalid memory address or nil pointer dereference"
    )


def test_semver_json_form_is_the_version_string() -> None:
    assert parse_version("v1.2").go_json() == "1.2.0"


def test_parse_version_exposes_the_parts() -> None:
    version = parse_version("v1.2.3-beta.1+build.5")
    assert isinstance(version, Version)
    assert (version.major, version.minor, version.patch) == (1, 2, 3)
    assert (version.pre, version.metadata, version.original) == ("beta.1", "build.5", "v1.2.3-beta.1+build.5")


def test_constraint_matches_reuses_the_template_rules() -> None:
    assert constraint_matches(">= 1.19.0-0", "v1.32.0")
    assert not constraint_matches(">= 1.19.0", "v1.32.0-gke.1")


def test_constraint_matches_accepts_a_parsed_version() -> None:
    assert constraint_matches("^1.2", parse_version("1.9.9"))


def test_constraint_matches_raises_the_library_error() -> None:
    with pytest.raises(SemverError, match="^improper constraint: nope$"):
        constraint_matches("nope", "1.0.0")


def test_constraint_matches_words_errors_per_helm_version() -> None:
    with pytest.raises(SemverError, match="^invalid semantic version$"):
        constraint_matches(">=1", "bad", v3_4=True)


def test_default_funcs_are_helm3() -> None:
    assert execute(FUNCS, '{{ semverCompare "!=1.2.3" "1.2.3-beta" }}') == "true"


def test_semver_argument_must_be_a_string() -> None:
    assert error("{{ semver 1 }}") == "expected string; found 1"
