"""Helm's strvals parser (``--set`` and friends), each case checked against real helm 3.17.3 and 4.1.4 with
``toJson .Values`` and ``typeOf``; the set-parsing experiment chart's cases are included verbatim."""

from __future__ import annotations

import pytest

from chartgen.gotemplate.gotypes import Int64
from chartgen.helm.strvals import StrvalsError, parse_json_object, parse_set
from chartgen.helmcompat.profile import HELM_4


def _set(item: str, base: dict | None = None, kind: str = "set", **kwargs) -> dict:
    return parse_set(item, {} if base is None else base, kind, **kwargs)


# set-parsing/EXPECTED-types.txt
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", Int64(1)),
        ("true", True),
        ("1.5", "1.5"),
        ("null", None),
        ("abc", "abc"),
        ("007", "007"),
        ("1e3", "1e3"),
        ("0x10", "0x10"),
        ("-5", Int64(-5)),
        ("", ""),
        ("9223372036854775807", Int64(9223372036854775807)),
        ("99999999999999999999", "99999999999999999999"),
        ("TRUE", True),
        ("yes", "yes"),
        ("~", "~"),
        ("+1", Int64(1)),
        ("0", Int64(0)),
        ("NuLL", None),
        ("False", False),
    ],
)
def test_set_types_values_like_helm(text, expected):
    value = _set(f"t={text}")["t"]
    assert value == expected
    assert type(value) is type(expected)


def test_set_types_chart_line():
    item = (
        "t1=1,t2=true,t3=1.5,t4=null,t5=abc,t6=007,t7=1e3,t8=0x10,t9=-5,t10=,t11=9223372036854775807,"
        "t12=99999999999999999999,t13=TRUE,t14=yes,t15=~,t16=+1,t17=0"
    )
    assert set(_set(item)) == {f"t{i}" for i in range(1, 18)}


# set-parsing/EXPECTED-paths.txt (each flag applied in order to one map)
def test_set_paths_chart():
    base: dict = {}
    for item in [
        "x.y.z=1",
        "list[0]=a",
        "list[2]=c",
        "arr={a,b,c}",
        "esc=a\\,b",
        "dot\\.key=v",
        "e2=a=b",
        "nested[0].name=n0",
        "nested[0].v=1",
        "sp= spaced ",
        "s.sub=1",
        "a.l[1]=x",
    ]:
        parse_set(item, base)
    assert base == {
        "x": {"y": {"z": 1}},
        "list": ["a", None, "c"],
        "arr": ["a", "b", "c"],
        "esc": "a,b",
        "dot.key": "v",
        "e2": "a=b",
        "nested": [{"name": "n0", "v": 1}],
        "sp": " spaced ",
        "s": {"sub": 1},
        "a": {"l": [None, "x"]},
    }


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("=1", {}),
        ("l[65536]=1", {"l": [None] * 65536 + [Int64(1)]}),
        ("q[0][1]=1", {"q": [[None, 1]]}),
        ("q[0].a=1,q[0].b=2", {"q": [{"a": 1, "b": 2}]}),
        ("q[1].a=1,q[0]=2,q[0].c=3", {"q": [{"c": 3}, {"a": 1}]}),
        ("q[0][0]=1,q[0][2]=3", {"q": [[1, None, 3]]}),
        ("arr={}", {"arr": [""]}),
        ("x=a\\", {"x": "a"}),
        ("x=", {"x": ""}),
        ("x=,y=2", {"x": "", "y": 2}),
        ("x\\=y=1", {"x=y": 1}),
        ("l[0]", {"l": []}),
        ("l[0]=,l[1]=2", {"l": ["", 2]}),
        ("x==1", {"x": "=1"}),
        ("x=1,", {"x": 1}),
        ("l[0]={a,b}", {"l": [["a", "b"]]}),
        ("a.", {}),
        (
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee=1",
            {
                "a": {
                    "b": {
                        "c": {
                            "d": {
                                "e": {
                                    "f": {
                                        "g": {
                                            "h": {
                                                "i": {
                                                    "j": {
                                                        "k": {
                                                            "l": {
                                                                "m": {
                                                                    "n": {
                                                                        "o": {
                                                                            "p": {
                                                                                "q": {
                                                                                    "r": {
                                                                                        "s": {
                                                                                            "t": {
                                                                                                "u": {
                                                                                                    "v": {
                                                                                                        "w": {
                                                                                                            "x": {
                                                                                                                "y": {
                                                                                                                    "z": {
                                                                                                                        "aa": {
                                                                                                                            "bb": {
                                                                                                                                "cc": {
                                                                                                                                    "dd": {
                                                                                                                                        "ee": 1
                                                                                                                                    }
                                                                                                                                }
                                                                                                                            }
                                                                                                                        }
                                                                                                                    }
                                                                                                                }
                                                                                                            }
                                                                                                        }
                                                                                                    }
                                                                                                }
                                                                                            }
                                                                                        }
                                                                                    }
                                                                                }
                                                                            }
                                                                        }
                                                                    }
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        ),
    ],
)
def test_set_syntax(item, expected):
    assert _set(item) == expected


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("a", 'key "a" has no value'),
        ("a,b=1", 'key "a" has no value (cannot end with ,)'),
        ("a.=1", 'key map "a" has no value'),
        ("a[x]=1", 'error parsing index: strconv.Atoi: parsing "x": invalid syntax'),
        ("a[-1]=1", "negative -1 index not allowed"),
        ("l[65537]=1", "index of 65537 is greater than maximum supported index of 65536"),
        (
            "l[99999999999999999999]=1",
            'error parsing index: strconv.Atoi: parsing "99999999999999999999": value out of range',
        ),
        (
            "l[99999999999999999999x]=1",
            'error parsing index: strconv.Atoi: parsing "99999999999999999999x": value out of range',
        ),
        ("q[0]x=1", "unexpected data at end of array index: ['x']"),
        ("arr={a,b", "list must terminate with '}'"),
        ("arr={a,{b},c}", 'key "c}" has no value'),
        ("arr={a}x,b=1", 'key "x" has no value (cannot end with ,)'),
        ("a.b.c", 'key "c" has no value'),
        ("x=1,,y=2", 'key "" has no value (cannot end with ,)'),
        (
            "q[0].a=1,q[0][1]=2",
            "unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}",
        ),
        (
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee.ff=1",
            "value name nested level is greater than maximum supported nested level of 30",
        ),
        (
            "q[0].b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee.ff.gg=1",
            "value name nested level is greater than maximum supported nested level of 30",
        ),
    ],
)
def test_set_errors(item, message):
    with pytest.raises(StrvalsError) as caught:
        _set(item)
    assert str(caught.value) == message


def _file_base() -> dict:
    # what "-f base.yaml" gives: a: {x: 0, l: [1, 2]}, s: scalar, nn: null, m: {k: v}
    return {"a": {"x": 0.0, "l": [1.0, 2.0]}, "s": "scalar", "nn": None, "m": {"k": "v"}}


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("nn.x=1", "interface {} is nil, not map[string]interface {}"),
        ("nn[0]=1", "interface {} is nil, not []interface {}"),
        ("s.x=1", "interface {} is string, not map[string]interface {}"),
        ("s[0]=1", "interface {} is string, not []interface {}"),
        ("a.l[0][0]=1", "interface {} is float64, not []interface {}"),
        ("m[0]=1", "interface {} is map[string]interface {}, not []interface {}"),
    ],
)
def test_set_into_values_of_another_shape_fails(item, message):
    with pytest.raises(StrvalsError) as caught:
        _set(item, _file_base())
    assert str(caught.value) == f"unable to parse key: interface conversion: {message}"


@pytest.mark.parametrize(
    ("item", "expected_a"),
    [
        ("a.l[0].x=1", {"x": 0.0, "l": [{"x": 1}, 2.0]}),
        ("a.l[3]=9", {"x": 0.0, "l": [1.0, 2.0, None, 9]}),
    ],
)
def test_set_edits_lists_already_in_the_values(item, expected_a):
    assert _set(item, _file_base())["a"] == expected_a


def test_int64_from_an_earlier_flag_is_named_in_errors():
    base = _set("a=1")
    with pytest.raises(StrvalsError, match="interface {} is int64, not map"):
        _set("a.b=2", base)


# set-parsing/EXPECTED-string-json-literal.txt and other flags
def test_set_string_keeps_text():
    assert _set("a1=1,b1=true,arr={1,true}", kind="string") == {"a1": "1", "b1": "true", "arr": ["1", "true"]}


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ('j={"x":[1,2],"y":1.5}', {"j": {"x": [1.0, 2.0], "y": 1.5}}),
        ("k=5", {"k": 5.0}),
        ('j=[1,"a",{"b":null}]', {"j": [1.0, "a", {"b": None}]}),
        ('k={"x":1} , l=true,m=null', {"k": {"x": 1.0}, " l": True, "m": None}),
        ("j=", {"j": None}),
        ("j= ,k=2", {"j": None, "k": 2.0}),
        ("j=1b=2", {"j": 1.0, "b": 2.0}),
        ('l[1]={"a":1}', {"l": [None, {"a": 1.0}]}),
        ("l[0]=", {"l": [None]}),
        ("[1]", {}),
        ("a.x=12345678901234567890", {"a": {"x": 12345678901234567890.0}}),
    ],
)
def test_set_json_values(item, expected):
    assert _set(item, kind="json") == expected


def test_set_json_numbers_are_float64():
    assert type(_set("k=5", kind="json")["k"]) is float


@pytest.mark.parametrize("item", ["j=nope", "j=[1,", "a.x=1e400", "a.x=NaN", '{"x":1}'])
def test_set_json_rejects(item):
    with pytest.raises(StrvalsError):
        _set(item, kind="json")


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("lit=a,b=c\\d", {"lit": "a,b=c\\d"}),
        ("a.b[1]=x,y\\z", {"a": {"b": [None, "x,y\\z"]}}),
        ("k=1", {"k": "1"}),
        ("a,b.c=1", {"a,b": {"c": "1"}}),
        ("l[0]=a=b", {"l": ["a=b"]}),
    ],
)
def test_set_literal_takes_the_rest_verbatim(item, expected):
    assert _set(item, kind="literal") == expected


def test_set_literal_without_value():
    with pytest.raises(StrvalsError, match='^key "k" has no value$'):
        _set("k", kind="literal")


def test_set_file_reads_each_path():
    read = {"f.txt": "file-content\n"}.__getitem__
    assert _set("f=f.txt", kind="file", read_file=read) == {"f": "file-content\n"}
    assert _set("f={f.txt,f.txt}", kind="file", read_file=read) == {"f": ["file-content\n"] * 2}
    assert _set("l[1]=f.txt", kind="file", read_file=read) == {"l": [None, "file-content\n"]}


def test_set_file_reports_the_reader_error():
    def read(path: str) -> str:
        raise OSError(f"open {path}: no such file or directory")

    with pytest.raises(StrvalsError, match="^open missing.txt: no such file or directory$"):
        _set("f=missing.txt", kind="file", read_file=read)


def test_helm4_json_object_form():
    assert parse_json_object('{"x":{"y":1},"b":null}') == {"x": {"y": 1.0}, "b": None}
    with pytest.raises(ValueError):
        parse_json_object('{"x":1')


def test_index_cut_short_fails_in_helm3():
    with pytest.raises(StrvalsError, match="^error parsing index: EOF$"):
        _set("a[1")


def test_index_cut_short_ends_the_argument_in_helm4():
    assert parse_set("b=1,a[1", {}, profile=HELM_4) == {"b": 1}
