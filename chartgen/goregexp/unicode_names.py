"""Which names ``\\p{...}`` accepts in the Go release each Helm is built with, and what each name means in RE2.

Helm 3.17 is built with Go 1.23 and Helm 4.1 with Go 1.25 (``helm version`` prints it); both carry Unicode
15.0.0 tables. Go 1.23 accepts ``Any``, the general categories (without ``Cn`` and ``LC``) and the script names,
spelt exactly. Go 1.25 also accepts ``ASCII``, ``Assigned``, ``Cn``, ``LC`` and the long category aliases
(``Letter``, ``digit``), compares names case-insensitively and ignores spaces, underscores and hyphens; its script
lookup compares that folded name with the lower-cased script name, so a script whose name has an underscore
(``Old_Italic``) is no longer found. ``C`` also takes in the unassigned code points (``Cn``) from Go 1.25 on.

Every name resolves to a :class:`UnicodeClass`: the RE2 class items it stands for, or, for the few sets RE2 has no
name for (the complements ``Cn`` and Go 1.25's ``C``), explicit code point ranges read off RE2's own tables.
"""

from __future__ import annotations

import functools

from chartgen.records import record

__all__ = ["UnicodeClass", "unicode_class"]

# The general categories of Go 1.23 (its unicode.Categories), which RE2 knows by the same names.
CATEGORIES = [
    "C",
    "Cc",
    "Cf",
    "Co",
    "Cs",
    "L",
    "Ll",
    "Lm",
    "Lo",
    "Lt",
    "Lu",
    "M",
    "Mc",
    "Me",
    "Mn",
    "N",
    "Nd",
    "Nl",
    "No",
    "P",
    "Pc",
    "Pd",
    "Pe",
    "Pf",
    "Pi",
    "Po",
    "Ps",
    "S",
    "Sc",
    "Sk",
    "Sm",
    "So",
    "Z",
    "Zl",
    "Zp",
    "Zs",
]

# Unicode 15.0's scripts (Scripts.txt property values), Go's unicode.Scripts; RE2 knows them by the same names.
SCRIPTS = [
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
]

# Unicode's long names for the general categories (PropertyValueAliases.txt, property gc), accepted by Go 1.25.
CATEGORY_ALIASES = {
    "Other": "C",
    "Control": "Cc",
    "cntrl": "Cc",
    "Format": "Cf",
    "Unassigned": "Cn",
    "Private_Use": "Co",
    "Surrogate": "Cs",
    "Letter": "L",
    "Cased_Letter": "LC",
    "Lowercase_Letter": "Ll",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Titlecase_Letter": "Lt",
    "Uppercase_Letter": "Lu",
    "Mark": "M",
    "Combining_Mark": "M",
    "Spacing_Mark": "Mc",
    "Enclosing_Mark": "Me",
    "Nonspacing_Mark": "Mn",
    "Number": "N",
    "Decimal_Number": "Nd",
    "digit": "Nd",
    "Letter_Number": "Nl",
    "Other_Number": "No",
    "Punctuation": "P",
    "punct": "P",
    "Connector_Punctuation": "Pc",
    "Dash_Punctuation": "Pd",
    "Close_Punctuation": "Pe",
    "Final_Punctuation": "Pf",
    "Initial_Punctuation": "Pi",
    "Other_Punctuation": "Po",
    "Open_Punctuation": "Ps",
    "Symbol": "S",
    "Currency_Symbol": "Sc",
    "Modifier_Symbol": "Sk",
    "Math_Symbol": "Sm",
    "Other_Symbol": "So",
    "Separator": "Z",
    "Line_Separator": "Zl",
    "Paragraph_Separator": "Zp",
    "Space_Separator": "Zs",
}

# How many code point ranges each class has (Unicode 15, read off RE2's tables): what a class costs Go's rune
# count and RE2's program (see chartgen.goregexp.limits).
_RANGE_COUNT_DATA = """
C:26 Cc:2 Cf:21 Co:3 Cs:1 L:660 Ll:658 Lm:71 Lo:511 Lt:10 Lu:646 M:310 Mc:182 Me:5 Mn:346 N:137 Nd:64 Nl:12 No:72
P:191 Pc:6 Pd:19 Pe:76 Pf:10 Pi:11 Po:187 Ps:79 S:233 Sc:21 Sk:31 Sm:64 So:185 Z:8 Zl:1 Zp:1 Zs:7 Adlam:3 Ahom:3
Anatolian_Hieroglyphs:1 Arabic:58 Armenian:4 Avestan:2 Balinese:2 Bamum:2 Bassa_Vah:2 Batak:2 Bengali:14
Bhaiksuki:4 Bopomofo:3 Brahmi:3 Braille:1 Buginese:2 Buhid:1 Canadian_Aboriginal:3 Carian:1 Caucasian_Albanian:2
Chakma:2 Cham:4 Cherokee:3 Chorasmian:1 Common:173 Coptic:3 Cuneiform:4 Cypriot:6 Cypro_Minoan:1 Cyrillic:10
Deseret:1 Devanagari:5 Dives_Akuru:8 Dogra:1 Duployan:5 Egyptian_Hieroglyphs:1 Elbasan:1 Elymaic:1 Ethiopic:36
Georgian:10 Glagolitic:6 Gothic:1 Grantha:15 Greek:36 Gujarati:14 Gunjala_Gondi:6 Gurmukhi:16 Han:22 Hangul:14
Hanifi_Rohingya:2 Hanunoo:1 Hatran:3 Hebrew:9 Hiragana:6 Imperial_Aramaic:2 Inherited:29 Inscriptional_Pahlavi:2
Inscriptional_Parthian:2 Javanese:3 Kaithi:2 Kannada:13 Katakana:14 Kawi:3 Kayah_Li:2 Kharoshthi:8
Khitan_Small_Script:2 Khmer:4 Khojki:2 Khudawadi:2 Lao:11 Latin:39 Lepcha:3 Limbu:5 Linear_A:3 Linear_B:7 Lisu:2
Lycian:1 Lydian:2 Mahajani:1 Makasar:1 Malayalam:7 Mandaic:2 Manichaean:2 Marchen:3 Masaram_Gondi:7 Medefaidrin:1
Meetei_Mayek:3 Mende_Kikakui:2 Meroitic_Cursive:3 Meroitic_Hieroglyphs:1 Miao:3 Modi:2 Mongolian:6 Mro:3 Multani:5
Myanmar:3 Nabataean:2 Nag_Mundari:1 Nandinagari:3 New_Tai_Lue:4 Newa:2 Nko:2 Nushu:2 Nyiakeng_Puachue_Hmong:4
Ogham:1 Ol_Chiki:1 Old_Hungarian:3 Old_Italic:2 Old_North_Arabian:1 Old_Permic:1 Old_Persian:2 Old_Sogdian:1
Old_South_Arabian:1 Old_Turkic:1 Old_Uyghur:1 Oriya:14 Osage:2 Osmanya:2 Pahawh_Hmong:5 Palmyrene:1 Pau_Cin_Hau:1
Phags_Pa:1 Phoenician:2 Psalter_Pahlavi:3 Rejang:2 Runic:2 Samaritan:2 Saurashtra:2 Sharada:1 Shavian:1 Siddham:2
SignWriting:3 Sinhala:13 Sogdian:1 Sora_Sompeng:2 Soyombo:1 Sundanese:2 Syloti_Nagri:1 Syriac:4 Tagalog:2
Tagbanwa:3 Tai_Le:2 Tai_Tham:5 Tai_Viet:2 Takri:2 Tamil:18 Tangsa:2 Tangut:4 Telugu:13 Thaana:1 Thai:2 Tibetan:7
Tifinagh:3 Tirhuta:2 Toto:1 Ugaritic:2 Vai:1 Vithkuqi:8 Wancho:2 Warang_Citi:2 Yezidi:3 Yi:2 Zanabazar_Square:1
"""
RANGE_COUNTS = {name: int(count) for name, count in (entry.split(":") for entry in _RANGE_COUNT_DATA.split())}

_MAX_RUNE = 0x10FFFF
_ASSIGNED_ITEMS = ("\\p{L}", "\\p{M}", "\\p{N}", "\\p{P}", "\\p{S}", "\\p{Z}", "\\p{C}")
_GRAPHIC_ITEMS = ("\\p{L}", "\\p{M}", "\\p{N}", "\\p{P}", "\\p{S}", "\\p{Z}")

Ranges = tuple[tuple[int, int], ...]


@record(frozen=True)
class UnicodeClass:
    """A ``\\p`` class as RE2 class items: ``items`` (a union of RE2 class members), else ``ranges``.

    ``negated_items``/``negated_ranges`` say the same of its complement, so ``\\P{...}`` and ``[^...]`` combine
    with other members of a bracketed class.
    """

    items: tuple[str, ...] | None = None
    ranges: Ranges | None = None
    negated_items: tuple[str, ...] | None = None
    negated_ranges: Ranges | None = None

    def ranges_count(self, negated: bool) -> int:
        """How many code point ranges the class (or its complement) has, roughly."""
        items = self.negated_items if negated else self.items
        if items is not None:
            return sum(_item_ranges(item) for item in items)
        ranges = self.negated_ranges if negated else self.ranges
        return len(ranges or ())

    def members(self, negated: bool) -> str:
        items = self.negated_items if negated else self.items
        if items is not None:
            return "".join(items)
        ranges = self.negated_ranges if negated else self.ranges
        assert ranges is not None
        return "".join(f"\\x{{{lo:X}}}-\\x{{{hi:X}}}" for lo, hi in ranges)


def _item_ranges(item: str) -> int:
    if item.startswith(("\\p{", "\\P{")):
        count = RANGE_COUNTS.get(item[3:-1], 1)
        return count + 1 if item.startswith("\\P") else count
    return 1


def _named(name: str) -> UnicodeClass:
    return UnicodeClass(items=(f"\\p{{{name}}}",), negated_items=(f"\\P{{{name}}}",))


def _complement_of(items: tuple[str, ...]) -> UnicodeClass:
    """The class of everything outside ``items`` (given as explicit ranges), and its complement ``items``."""
    return UnicodeClass(ranges=_negate(_ranges_of("".join(items))), negated_items=items)


_ANY = UnicodeClass(items=(f"\\x{{0}}-\\x{{{_MAX_RUNE:X}}}",), negated_items=())
_ASCII = UnicodeClass(items=("\\x{0}-\\x{7F}",), negated_items=(f"\\x{{80}}-\\x{{{_MAX_RUNE:X}}}",))


def unicode_class(name: str, go_version: tuple[int, int]) -> UnicodeClass | None:
    """What ``\\p{name}`` means to Go release ``go_version``, or None when that Go refuses the name."""
    if go_version >= (1, 25):
        return _go125_class(_fold(name))
    if name == "Any":
        return _ANY
    if name in _GO123_NAMES:
        return _named(name)
    return None


_GO123_NAMES = frozenset(CATEGORIES) | frozenset(SCRIPTS)


def _fold(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch not in " _-")


@functools.lru_cache(maxsize=256)
def _go125_class(folded: str) -> UnicodeClass | None:
    special = {"any": lambda: _ANY, "ascii": lambda: _ASCII, "assigned": _assigned, "cn": _unassigned, "c": _other}
    if folded in special:
        return special[folded]()
    if folded == "lc":
        return UnicodeClass(
            items=("\\p{Lu}", "\\p{Ll}", "\\p{Lt}"), negated_ranges=_negate(_ranges_of("\\p{Lu}\\p{Ll}\\p{Lt}"))
        )
    category = _GO125_CATEGORIES.get(folded)
    if category is not None:
        return _go125_class(category.lower()) if category in ("C", "Cn", "LC") else _named(category)
    script = _GO125_SCRIPTS.get(folded)
    return _named(script) if script is not None else None


_GO125_CATEGORIES = {
    **{name.lower(): name for name in [*CATEGORIES, "Cn", "LC"]},
    **{_fold(alias): name for alias, name in CATEGORY_ALIASES.items()},
}
# Go 1.25 looks scripts up by their lower-cased names, underscores kept, with a name folded as above.
_GO125_SCRIPTS = {name.lower(): name for name in SCRIPTS if "_" not in name}


def _assigned() -> UnicodeClass:
    unassigned = _unassigned()
    return UnicodeClass(items=_ASSIGNED_ITEMS, negated_ranges=unassigned.ranges)


def _unassigned() -> UnicodeClass:
    return _complement_of(_ASSIGNED_ITEMS)


def _other() -> UnicodeClass:
    # Go 1.25's C: Cc, Cf, Co, Cs and now Cn, i.e. everything that is not a letter, mark, number, punctuation,
    # symbol or separator.
    return _complement_of(_GRAPHIC_ITEMS)


def _negate(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    start = 0
    for lo, hi in ranges:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= _MAX_RUNE:
        out.append((start, _MAX_RUNE))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _ranges_of(items: str) -> Ranges:
    """The code point ranges of the RE2 class ``[items]``, found by letting RE2 scan every scalar value once."""
    from re2 import _re2

    options = _re2.RE2.Options()
    options.log_errors = False
    program = _re2.RE2(f"[{items}]+".encode(), options)
    text = _all_scalars()
    found: list[tuple[int, int]] = []
    pos = 0
    anchor = _re2.RE2.Anchor.UNANCHORED
    while True:
        start, end = program.Match(anchor, text, pos, len(text))[0]
        if start < 0:
            break
        found.append((_code_at(text, start), _code_before(text, end)))
        pos = end
    # Surrogates cannot be written in UTF-8, so the scan never sees them; they are assigned (category Cs).
    if "\\p{C}" in items:
        found.append((0xD800, 0xDFFF))
    return _merge(found)


@functools.lru_cache(maxsize=1)
def _all_scalars() -> bytes:
    return "".join(map(chr, [*range(0xD800), *range(0xE000, _MAX_RUNE + 1)])).encode("utf-8")


def _code_at(data: bytes, pos: int) -> int:
    width = 1 if data[pos] < 0x80 else 2 if data[pos] < 0xE0 else 3 if data[pos] < 0xF0 else 4
    return ord(data[pos : pos + width].decode("utf-8"))


def _code_before(data: bytes, end: int) -> int:
    start = end - 1
    while data[start] & 0xC0 == 0x80:
        start -= 1
    return _code_at(data, start)


def _merge(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)
