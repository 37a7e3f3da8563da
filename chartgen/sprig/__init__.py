"""Sprig v3.3.0's template functions as Helm registers them, one module per family (as Sprig's own files are).

``sprig_functions()`` returns the merged map. Helm removes ``env`` and ``expandenv`` (they would leak the
environment of whoever renders), so they are never defined here.

A family's module is imported when a template first calls one of its functions, not when the map is built:
importing all thirteen costs more than rendering a small chart, and most charts call a few families. The parser
only needs the names, so they are listed here, per family; a test holds the list to the modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import Any

from chartgen.gotemplate.funcs import DeferredFunction
from chartgen.helmcompat.profile import HELM_3, HelmProfile

__all__ = ["FAMILIES", "FUNCTION_NAMES", "family_functions", "sprig_functions"]

# Every function name each family defines, in Sprig's order.
FUNCTION_NAMES: dict[str, str] = {
    "strings": (
        "hello abbrev abbrevboth trunc trim upper lower title untitle substr repeat trimall trimAll "
        "trimSuffix trimPrefix nospace initials swapcase shuffle snakecase camelcase kebabcase wrap wrapWith "
        "contains hasPrefix hasSuffix quote squote cat indent nindent replace plural toString split splitList "
        "splitn toStrings join sortAlpha"
    ),
    "encoding": "b64enc b64dec b32enc b32dec sha1sum sha256sum sha512sum adler32sum",
    "regex": (
        "regexMatch mustRegexMatch regexFindAll mustRegexFindAll regexFind mustRegexFind regexReplaceAll "
        "mustRegexReplaceAll regexReplaceAllLiteral mustRegexReplaceAllLiteral regexSplit mustRegexSplit "
        "regexQuoteMeta"
    ),
    "paths": "base dir ext clean isAbs osBase osDir osExt osClean osIsAbs urlParse urlJoin",
    "numbers": (
        "atoi int64 int float64 seq toDecimal add1 add sub div mod mul randInt add1f addf subf divf mulf "
        "biggest max min maxf minf ceil floor round until untilStep"
    ),
    "lists": (
        "tuple list append push mustAppend mustPush prepend mustPrepend first mustFirst rest mustRest last "
        "mustLast initial mustInitial reverse mustReverse uniq mustUniq without mustWithout has mustHas slice "
        "mustSlice concat chunk mustChunk compact mustCompact"
    ),
    "dicts": (
        "dict get set unset hasKey pluck keys pick omit merge mergeOverwrite mustMerge mustMergeOverwrite "
        "values dig deepCopy mustDeepCopy"
    ),
    "reflection": "typeOf typeIs typeIsLike kindOf kindIs deepEqual",
    "flow": "default empty coalesce all any ternary",
    "semver": "semver semverCompare",
    "dates": (
        "ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate "
        "htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch"
    ),
    "crypto": (
        "bcrypt htpasswd genPrivateKey derivePassword buildCustomCert genCA genCAWithKey genSelfSignedCert "
        "genSelfSignedCertWithKey genSignedCert genSignedCertWithKey encryptAES decryptAES randBytes uuidv4"
    ),
    "random_values": "randAlphaNum randAlpha randAscii randNumeric",
}

FAMILIES = tuple(FUNCTION_NAMES)

_cache: dict[HelmProfile, dict[str, Callable[..., Any]]] = {}
_loaded: dict[tuple[str, HelmProfile], dict[str, Callable[..., Any]]] = {}


def family_functions(family: str, profile: HelmProfile = HELM_3) -> dict[str, Callable[..., Any]]:
    """The functions of one family as the Helm of ``profile`` has them; imports the family's module once.

    Helm 3 and 4 vendor the same Sprig but build it against different semver and Go versions, so a family
    whose behaviour follows them offers ``funcs_for(profile)``.
    """
    key = (family, profile)
    if key not in _loaded:
        module = importlib.import_module(f"chartgen.sprig.{family}")
        by_profile = getattr(module, "funcs_for", None)
        _loaded[key] = by_profile(profile) if by_profile else module.FUNCS
    return _loaded[key]


def _load(family: str, name: str, profile: HelmProfile) -> Callable[..., Any]:
    return family_functions(family, profile)[name]


def sprig_functions(profile: HelmProfile = HELM_3) -> dict[str, Callable[..., Any]]:
    """Every Sprig function Helm keeps, by template name; a family not yet imported is there as
    :class:`DeferredFunction` entries, which the executor loads at their first call."""
    if profile not in _cache:
        _cache[profile] = {
            name: DeferredFunction(partial(_load, family, name, profile))
            for family, names in FUNCTION_NAMES.items()
            for name in names.split()
        }
    merged = dict(_cache[profile])
    for (_family, loaded_profile), functions in _loaded.items():
        if loaded_profile == profile:
            merged.update(functions)
    return merged
