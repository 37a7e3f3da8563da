"""User values merging, dependency processing and CoalesceValues, against real helm 3.17.3 and 4.1.4.

The charts are rebuilt here as ``Chart`` objects: ``set-parsing`` and ``subcharts`` are the team's experiment
charts (expected JSON copied from their EXPECTED files); the others are throwaway charts whose ``toJson .Values``
and stderr were recorded from both helms.
"""

from __future__ import annotations

from collections import Counter

import pytest

from chartgen.helm.chart_model import Chart
from chartgen.helm.coalesce import (
    CoalesceError,
    HelmWarning,
    UserValuesError,
    check_dependencies,
    coalesce_values,
    merge_user_values,
    process_dependencies,
)
from chartgen.helm.gojson import to_json
from chartgen.helm.yaml_load import load_values
from chartgen.helmcompat.profile import HELM_3, HELM_4, profile_for


def _yaml(text: str) -> dict:
    return load_values(text, "values.yaml", profile=HELM_3)


def _chart(name: str, values: str = "", deps: list | None = None, subcharts: list[Chart] = (), **meta) -> Chart:
    metadata = {"apiVersion": "v2", "name": name, "version": meta.pop("version", "0.1.0"), **meta}
    if deps is not None:
        metadata["dependencies"] = deps
    chart = Chart(metadata=metadata, values=_yaml(values))
    chart.dependencies = list(subcharts)
    for sub in subcharts:
        sub.parent = chart
    return chart


def _render_values(chart: Chart, user: dict, helm_compat: int = 3) -> tuple[Chart, dict, list[str]]:
    warnings: list[str] = []
    enabled = process_dependencies(chart, user, warnings=warnings, profile=profile_for(helm_compat))
    values, more = coalesce_values(enabled, user, profile=profile_for(helm_compat))
    return enabled, values, warnings + more


def _scopes(chart: Chart, values: dict) -> dict[str, str]:
    """What each chart's templates see as ``.Values``, as toJson, keyed by chart path."""
    out = {chart.full_path(): to_json(values)}
    for sub in chart.dependencies:
        out.update(_scopes(sub, values.get(sub.name, {})))
    return out


# ---------------------------------------------------------------------------------------------- set-parsing


def _set_parsing() -> Chart:
    return _chart(
        "set-parsing",
        "a: {x: 0, w: chart, l: [1, 2]}\nb: chart-b\nc: {deep: {k: chart, j: chart}}\nd: chart-d\ns: chart-scalar\n",
    )


F1 = "a: {x: 1, q: 2, l: [1, 2, 3]}\nb: keep\nc: {deep: {k: v}}\n"
F2 = "a: {q: null, l: [9], z: 3}\nb: null\nc: {deep: null}\n"


@pytest.mark.parametrize(
    ("files", "flags", "expected"),
    [
        (
            [],
            {},
            '{"a":{"l":[1,2],"w":"chart","x":0},"b":"chart-b","c":{"deep":{"j":"chart","k":"chart"}},'
            '"d":"chart-d","s":"chart-scalar"}',
        ),
        (
            [F1, F2],
            {"set_values": ["d=null"]},
            '{"a":{"l":[9],"q":null,"w":"chart","x":1,"z":3},"c":{},"s":"chart-scalar"}',
        ),
        (
            [],
            {
                "set_values": [
                    "t1=1,t2=true,t3=1.5,t4=null,t5=abc,t6=007,t7=1e3,t8=0x10,t9=-5,t10=,t11=9223372036854775807,"
                    "t12=99999999999999999999,t13=TRUE,t14=yes,t15=~,t16=+1,t17=0"
                ]
            },
            '{"a":{"l":[1,2],"w":"chart","x":0},"b":"chart-b","c":{"deep":{"j":"chart","k":"chart"}},'
            '"d":"chart-d","s":"chart-scalar","t1":1,"t10":"","t11":9223372036854775807,"t12":"99999999999999999999",'
            '"t13":true,"t14":"yes","t15":"~","t16":1,"t17":0,"t2":true,"t3":"1.5","t4":null,"t5":"abc",'
            '"t6":"007","t7":"1e3","t8":"0x10","t9":-5}',
        ),
        (
            [],
            {
                "set_string": ["a1=1,b1=true"],
                "set_json": ['j={"x":[1,2],"y":1.5}', "k=5"],
                "set_literal": ["lit=a,b=c\\d"],
            },
            '{"a":{"l":[1,2],"w":"chart","x":0},"a1":"1","b":"chart-b","b1":"true",'
            '"c":{"deep":{"j":"chart","k":"chart"}},"d":"chart-d","j":{"x":[1,2],"y":1.5},"k":5,"lit":"a,b=c\\\\d",'
            '"s":"chart-scalar"}',
        ),
        (
            [],
            {
                "set_values": [
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
                ]
            },
            '{"a":{"l":[null,"x"],"w":"chart","x":0},"arr":["a","b","c"],"b":"chart-b",'
            '"c":{"deep":{"j":"chart","k":"chart"}},"d":"chart-d","dot.key":"v","e2":"a=b","esc":"a,b",'
            '"list":["a",null,"c"],"nested":[{"name":"n0","v":1}],"s":{"sub":1},"sp":" spaced ","x":{"y":{"z":1}}}',
        ),
    ],
    ids=["defaults", "files", "types", "string-json-literal", "paths"],
)
@pytest.mark.parametrize("helm_compat", [3, 4])
def test_set_parsing_chart(files, flags, expected, helm_compat):
    user = merge_user_values([_yaml(f) for f in files], profile=profile_for(helm_compat), **flags)
    _, values, _ = _render_values(_set_parsing(), user, helm_compat)
    assert to_json(values) == expected


def test_set_types_keep_go_typing():
    user = merge_user_values([], set_values=["n=1"], set_json=["k=5"])
    _, values, _ = _render_values(_set_parsing(), user)
    assert type(values["n"]).__name__ == "Int64"
    assert type(values["k"]) is float


def test_map_over_scalar_default_warns_like_helm():
    user = merge_user_values([], set_values=["s.sub=1"])
    _, _, warnings = _render_values(_set_parsing(), user)
    assert warnings == ["warning: skipped value for set-parsing.s: Not a table."]
    assert warnings[0].stderr_line(HELM_3) == "coalesce.go:237: warning: skipped value for set-parsing.s: Not a table."
    assert warnings[0].stderr_line(HELM_4) == 'level=INFO msg="warning: skipped value for set-parsing.s: Not a table."'


def test_set_json_object_is_refused_by_helm3():
    with pytest.raises(UserValuesError) as caught:
        merge_user_values([], set_json=['{"x":{"y":1},"b":null}'], profile=HELM_3)
    assert str(caught.value) == 'failed parsing --set-json data {"x":{"y":1},"b":null}'


def test_set_json_object_is_merged_by_helm4():
    user = merge_user_values([], set_json=['{"x":{"y":1},"b":null}'], profile=HELM_4)
    _, values, _ = _render_values(_set_parsing(), user, 4)
    assert to_json(values) == (
        '{"a":{"l":[1,2],"w":"chart","x":0},"c":{"deep":{"j":"chart","k":"chart"}},"d":"chart-d",'
        '"s":"chart-scalar","x":{"y":1}}'
    )


def test_broken_set_json_object_in_helm4():
    with pytest.raises(UserValuesError, match='^failed parsing --set-json data JSON: {"x":1$'):
        merge_user_values([], set_json=['{"x":1'], profile=HELM_4)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (
            {
                "set_values": ["x=1"],
                "set_string": ["x=s"],
                "set_json": ["x=2"],
                "set_literal": ["x=lit"],
                "set_file": ["x=f.txt"],
            },
            "lit",
        ),
        ({"set_values": ["x=1"], "set_string": ["x=s"], "set_json": ["x=2"]}, "s"),
    ],
)
def test_flag_families_apply_in_helm_order(flags, expected):
    user = merge_user_values([], read_file=lambda path: "file-content\n", **flags)
    assert user["x"] == expected


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"set_values": ["a"]}, 'failed parsing --set data: key "a" has no value'),
        ({"set_string": ["a"]}, 'failed parsing --set-string data: key "a" has no value'),
        ({"set_literal": ["k"]}, 'failed parsing --set-literal data: key "k" has no value'),
        ({"set_json": ["j=nope"]}, "failed parsing --set-json data j=nope"),
    ],
)
def test_flag_errors_are_prefixed_like_helm(flags, message):
    with pytest.raises(UserValuesError) as caught:
        merge_user_values([], **flags)
    assert str(caught.value) == message


def test_set_file_error_is_prefixed():
    def missing(path: str) -> str:
        raise OSError(f"open {path}: no such file or directory")

    with pytest.raises(
        UserValuesError, match="^failed parsing --set-file data: open m.txt: no such file or directory$"
    ):
        merge_user_values([], set_file=["f=m.txt"], read_file=missing)


def test_set_edits_a_list_from_a_values_file():
    user = merge_user_values([_yaml("l: [1, 2, 3]\n")], set_values=["l[1]=x"])
    assert user == {"l": [1.0, "x", 3.0]}


def test_merge_user_values_leaves_its_inputs_alone():
    file_values = _yaml("a: {b: 1}\n")
    merge_user_values([file_values], set_values=["a.c=2"])
    assert file_values == {"a": {"b": 1.0}}


def test_nested_shape_conflicts_warn_and_keep_the_user_value():
    chart = _chart("t", "a: {m: {k: v}, s: x, keep: 1, lst: [1]}\ntop: {k: v}\nsc: 1\n")
    user = _yaml("a: {m: str, s: {y: 1}, lst: {z: 1}, nu: null}\ntop: str\nsc: {q: 1}\n")
    _, values, warnings = _render_values(chart, user)
    assert to_json(values) == (
        '{"a":{"keep":1,"lst":{"z":1},"m":"str","nu":null,"s":{"true":1}},"sc":{"q":1},"top":"str"}'
    )
    assert sorted(w.stderr_line(HELM_3) for w in warnings) == [
        "coalesce.go:237: warning: skipped value for t.sc: Not a table.",
        "coalesce.go:298: warning: cannot overwrite table with non table for t.a.m (map[k:v])",
        "coalesce.go:301: warning: destination for t.a.lst is a table. Ignoring non-table value ([1])",
        "coalesce.go:301: warning: destination for t.a.s is a table. Ignoring non-table value (x)",
    ]


def test_coalesce_does_not_mutate_the_chart_or_user_values():
    chart = _set_parsing()
    user = {"a": {"x": None}, "b": None}
    values, _ = coalesce_values(chart, user)
    assert user == {"a": {"x": None}, "b": None}
    assert chart.values["b"] == "chart-b"
    assert "b" not in values and "x" not in values["a"]


# ---------------------------------------------------------------------------------------------- subcharts


def _subcharts() -> Chart:
    sub1 = _chart(
        "sub1",
        "x: sub-default\ny: sub-default-y\nnullme: will-be-deleted\nlist: [s1, s2]\n"
        "global:\n  g2: sub-global\n  shared: {b: 2}\n",
    )
    sub2 = _chart("sub2", "z: sub2-default\n")
    lib = _chart("lib", type="library")
    undeclared = _chart("undeclared")
    deps = [
        {"name": "sub1", "version": "0.1.0", "condition": "sub1.enabled"},
        {"name": "sub2", "version": "0.1.0", "alias": "aliased"},
        {"name": "sub2", "version": "0.1.0", "alias": "disabled2", "condition": "disabled2.enabled"},
        {"name": "lib", "version": "0.1.0"},
    ]
    return _chart(
        "parent",
        "global:\n  g: parent-global\n  shared: {a: 1}\ntop: parent-top\n"
        "sub1:\n  enabled: true\n  x: parent-override\n  nullme: null\n  list: [p1]\n"
        "aliased:\n  z: via-alias\ndisabled2:\n  enabled: false\n",
        deps,
        [lib, sub1, sub2, undeclared],
        version="1.0.0",
        description="parent chart",
    )


SUBCHARTS_DEFAULT = {
    "parent": '{"aliased":{"global":{"g":"parent-global","shared":{"a":1}},"z":"via-alias"},'
    '"disabled2":{"enabled":false},"global":{"g":"parent-global","shared":{"a":1}},'
    '"lib":{"global":{"g":"parent-global","shared":{"a":1}}},'
    '"sub1":{"enabled":true,"global":{"g":"parent-global","g2":"sub-global","shared":{"a":1,"b":2}},'
    '"list":["p1"],"true":"sub-default-y","x":"parent-override"},"top":"parent-top",'
    '"undeclared":{"global":{"g":"parent-global","shared":{"a":1}}}}',
    "parent/charts/aliased": '{"global":{"g":"parent-global","shared":{"a":1}},"z":"via-alias"}',
    "parent/charts/sub1": '{"enabled":true,"global":{"g":"parent-global","g2":"sub-global","shared":{"a":1,"b":2}},'
    '"list":["p1"],"true":"sub-default-y","x":"parent-override"}',
    "parent/charts/undeclared": '{"global":{"g":"parent-global","shared":{"a":1}}}',
    "parent/charts/lib": '{"global":{"g":"parent-global","shared":{"a":1}}}',
}

SUBCHARTS_SET_GLOBALS = {
    "parent": '{"aliased":{"global":{"g":"cli","newg":1,"shared":{"a":1}}},"disabled2":{"enabled":false},'
    '"global":{"g":"cli","newg":1,"shared":{"a":1}},"lib":{"global":{"g":"cli","newg":1,"shared":{"a":1}}},'
    '"sub1":{"enabled":true,"global":{"g":"cli","g2":"sub-global","newg":1,"shared":{"a":1,"b":2}},'
    '"list":["p1"],"true":"sub-default-y","x":"cli-x"},"top":"parent-top",'
    '"undeclared":{"global":{"g":"cli","newg":1,"shared":{"a":1}}}}',
    "parent/charts/aliased": '{"global":{"g":"cli","newg":1,"shared":{"a":1}}}',
    "parent/charts/sub1": '{"enabled":true,"global":{"g":"cli","g2":"sub-global","newg":1,"shared":{"a":1,"b":2}},'
    '"list":["p1"],"true":"sub-default-y","x":"cli-x"}',
    "parent/charts/undeclared": '{"global":{"g":"cli","newg":1,"shared":{"a":1}}}',
    "parent/charts/lib": '{"global":{"g":"cli","newg":1,"shared":{"a":1}}}',
}


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        ([], SUBCHARTS_DEFAULT),
        (["global.g=cli", "global.newg=1", "sub1.x=cli-x", "aliased.z=null"], SUBCHARTS_SET_GLOBALS),
    ],
    ids=["default", "set-globals"],
)
@pytest.mark.parametrize("helm_compat", [3, 4])
def test_subcharts_chart(sets, expected, helm_compat):
    user = merge_user_values([], set_values=sets, profile=profile_for(helm_compat))
    enabled, values, warnings = _render_values(_subcharts(), user, helm_compat)
    assert _scopes(enabled, values) == expected
    assert warnings == []


def test_alias_renames_the_subchart_and_its_template_path():
    enabled = process_dependencies(_subcharts(), {})
    names = sorted(sub.name for sub in enabled.dependencies)
    assert names == ["aliased", "lib", "sub1", "undeclared"]
    aliased = next(sub for sub in enabled.dependencies if sub.name == "aliased")
    assert aliased.full_path() == "parent/charts/aliased"


def test_dependency_metadata_is_rewritten_as_helm_leaves_it():
    enabled = process_dependencies(_subcharts(), {})
    assert enabled.metadata["dependencies"] == [
        {"name": "sub1", "version": "0.1.0", "condition": "sub1.enabled", "enabled": True},
        {"name": "aliased", "version": "0.1.0", "alias": "aliased", "enabled": True},
        {"name": "lib", "version": "0.1.0", "enabled": True},
    ]


def test_process_dependencies_leaves_the_loaded_chart_alone():
    chart = _subcharts()
    process_dependencies(chart, {"sub1": {"enabled": False}})
    assert [sub.name for sub in chart.dependencies] == ["lib", "sub1", "sub2", "undeclared"]
    assert chart.metadata["dependencies"][1] == {"name": "sub2", "version": "0.1.0", "alias": "aliased"}
    assert "sub2" not in chart.values


# ---------------------------------------------------------------------------------------------- dependencies


def _deps_chart() -> Chart:
    """Conditions, tags, import-values, version mismatches, an alias without version (helm-verified)."""

    def sub(name: str, values: str = "", version: str = "0.1.0") -> Chart:
        return _chart(name, values, version=version)

    deps = [
        {
            "name": "a",
            "version": ">=0.1.0",
            "import-values": [
                "data",
                {"child": "child", "parent": "imported"},
                {"child": "missing", "parent": "nowhere"},
                "nothere",
            ],
        },
        {"name": "b", "version": "0.1.0", "condition": "b.enabled"},
        {"name": "c", "version": "0.1.0", "condition": "nope.enabled, c.enabled", "tags": ["t1", "t2"]},
        {"name": "d", "version": "0.1.0"},
        {"name": "e", "version": "~0.1", "tags": ["t3"], "condition": "e.on"},
        {"name": "f", "alias": "f2", "condition": "f2.cfg"},
    ]
    return _chart(
        "p",
        "shared: parent\nimported: {cv: 99}\nc: {enabled: false}\ntags: {t1: true, t2: false, t3: false}\n"
        "e: {on: true}\nf2: {cfg: {x: 1}}\n",
        deps,
        [
            sub("a", "exports:\n  data: {ex: 1, shared: a}\nchild: {cv: 1, deep: {x: 1}}\nown: a-own\n"),
            sub("b", "bval: 1\nenabled: str\n"),
            sub("c"),
            sub("d", version="1.2.3"),
            sub("e"),
            sub("f"),
        ],
    )


def test_dependency_rules_match_helm():
    enabled, values, _ = _render_values(_deps_chart(), {})
    assert to_json(values) == (
        '{"a":{"child":{"cv":1,"deep":{"x":1}},"exports":{"data":{"ex":1,"shared":"a"}},"global":{},"own":"a-own"},'
        '"b":{"bval":1,"enabled":"str","global":{}},"c":{"enabled":false,"global":{}},"d":{"global":{}},'
        '"e":{"true":true},"ex":1,"f":{"global":{}},"f2":{"cfg":{"x":1}},"imported":{"cv":99,"deep":{"x":1}},'
        '"shared":"parent","tags":{"t1":true,"t2":false,"t3":false}}'
    )
    # d's declared version does not match, so it stays as an undeclared chart; f has no version, so its alias
    # never applies; e is disabled by its tag (its condition path "e.on" became "e.true").
    assert sorted(sub.name for sub in enabled.dependencies) == ["a", "b", "c", "d", "f"]


def test_dependency_metadata_keeps_normalised_import_values():
    enabled = process_dependencies(_deps_chart(), {})
    first, last = enabled.metadata["dependencies"][0], enabled.metadata["dependencies"][-1]
    assert first["import-values"] == [
        {"child": "exports.data", "parent": "."},
        {"child": "child", "parent": "imported"},
        {"child": "missing", "parent": "nowhere"},
        {"child": "exports.nothere", "parent": "."},
    ]
    assert last == {"name": "f2", "alias": "f2", "condition": "f2.cfg", "enabled": True}


@pytest.mark.parametrize(
    ("helm_compat", "lines"),
    [
        (
            3,
            [
                'dependencies.go:269: Warning: ImportValues missing table from chart a: "missing" is not a table',
                'dependencies.go:286: Warning: ImportValues missing table: "nothere" is not a table',
                "dependencies.go:63: Warning: Condition path 'b.enabled' for chart b returned non-bool value",
            ],
        ),
        (
            4,
            [
                'level=WARN msg="ImportValues missing table from chart" chart=a error="\\"missing\\" is not a table"',
                'level=WARN msg="ImportValues missing table" error="\\"nothere\\" is not a table"',
                'level=WARN msg="returned non-bool value" path=b.enabled chart=b',
            ],
        ),
    ],
)
def test_dependency_warnings(helm_compat, lines):
    _, _, warnings = _render_values(_deps_chart(), {}, helm_compat)
    assert all(isinstance(w, HelmWarning) for w in warnings)
    assert sorted(w.stderr_line(profile_for(helm_compat)) for w in warnings) == lines


def _globals_chart() -> Chart:
    aa = _chart("aa", "enabled: false\naav: 1\nglobal: {gl: {c: 3}}\n")
    a = _chart(
        "a",
        "aa: {enabled: true, fromA: 1}\nexports: {data: {ex: a-default}}\n"
        "global: {gl: {b: 2}, conflict: {m: 1}, sc: 1}\n",
        [{"name": "aa", "version": "0.1.0", "condition": "aa.enabled"}],
        [aa],
    )
    g = _chart("g")
    return _chart(
        "p",
        "global: {gl: {a: 1}, conflict: str, sc: {m: 1}}\ntags: {tt: yes-str}\ngcond: null\n",
        [
            {"name": "a", "version": "0.1.0", "tags": ["tt"], "import-values": ["data"]},
            {"name": "g", "version": "0.1.0", "condition": "gcond"},
        ],
        [a, g],
    )


def test_nested_subcharts_and_globals_match_helm():
    enabled, values, _ = _render_values(_globals_chart(), {})
    scopes = _scopes(enabled, values)
    assert scopes["p/charts/a/charts/aa"] == (
        '{"aav":1,"enabled":true,"fromA":1,"global":{"conflict":{"m":1},"gl":{"a":1,"b":2,"c":3},"sc":1}}'
    )
    assert scopes["p"] == (
        '{"a":{"aa":{"aav":1,"enabled":true,"fromA":1,"global":{"conflict":{"m":1},"gl":{"a":1,"b":2,"c":3},'
        '"sc":1}},"exports":{"data":{"ex":"a-default"}},"global":{"conflict":"str","gl":{"a":1,"b":2},'
        '"sc":{"m":1}}},"ex":"a-default","g":{"global":{"conflict":"str","gl":{"a":1},"sc":{"m":1}}},"gcond":null,'
        '"global":{"conflict":"str","gl":{"a":1},"sc":{"m":1}},"tags":{"tt":"yes-str"}}'
    )


def test_every_coalescing_pass_logs_its_warnings_like_helm():
    # helm 3.17.3 printed exactly these 14 lines (in a random order, Go's map order)
    _, _, warnings = _render_values(_globals_chart(), {})
    assert Counter(w.stderr_line(HELM_3) for w in warnings) == Counter(
        {
            'coalesce.go:161: Conflict: cannot merge map onto non-map for "sc". Skipping.': 2,
            "coalesce.go:175: key conflict is table. Skipping": 2,
            "coalesce.go:298: warning: cannot overwrite table with non table for a.global.conflict (map[m:1])": 1,
            "coalesce.go:298: warning: cannot overwrite table with non table for p.a.global.conflict (map[m:1])": 3,
            "coalesce.go:301: warning: destination for a.global.sc is a table. Ignoring non-table value (1)": 1,
            "coalesce.go:301: warning: destination for p.a.global.sc is a table. Ignoring non-table value (1)": 3,
            "dependencies.go:63: Warning: Condition path 'gcond' for chart g returned non-bool value": 1,
            "dependencies.go:94: Warning: Tag 'tt' for chart a returned non-bool value": 1,
        }
    )


def test_helm4_tag_warning_is_structured():
    _, _, warnings = _render_values(_globals_chart(), {}, 4)
    assert 'level=WARN msg="returned non-bool value" tag=tt chart=a' in [w.stderr_line(HELM_4) for w in warnings]


def test_nested_condition_and_user_values_reach_import_sources_but_not_imports():
    user = merge_user_values([], set_values=["a.aa.enabled=false", "a.exports.data.ex=user"])
    enabled, values, _ = _render_values(_globals_chart(), user)
    assert [sub.name for sub in enabled.dependencies[0].dependencies] == []
    assert values["ex"] == "a-default"
    assert values["a"]["exports"] == {"data": {"ex": "user"}}


@pytest.mark.parametrize(
    ("helm_compat", "message", "log_lines"),
    [
        (3, "type mismatch on a: %!t(string=str)", []),
        (
            4,
            "chart dependencies processing failed: type mismatch on a: %!t(string=str)",
            ['level=ERROR msg="chart dependencies processing failed" error="type mismatch on a: %!t(string=str)"'],
        ),
    ],
)
def test_scalar_over_a_subchart_scope_fails(helm_compat, message, log_lines):
    with pytest.raises(CoalesceError) as caught:
        process_dependencies(_globals_chart(), {"a": "str"}, profile=profile_for(helm_compat))
    assert str(caught.value) == message
    assert caught.value.log_lines == log_lines


def _simple_parent(declared: bool) -> Chart:
    deps = [{"name": "s", "version": "0.1.0"}] if declared else None
    values = "global: {g: 1}\n" if declared else "s: {pv: 1, own: 2}\nglobal: str\n"
    return _chart("p", values, deps, [_chart("s", "own: 1\nglobal: {x: 1}\n")])


def test_null_for_a_declared_subchart_scope_is_a_type_mismatch():
    with pytest.raises(CoalesceError, match=r"^type mismatch on s: %!t\(<nil>\)$"):
        process_dependencies(_simple_parent(True), {"s": None})


def test_null_inside_a_subchart_block_survives_unless_the_subchart_has_the_key():
    user = merge_user_values([], set_values=["s.pv=null", "s.own=null"])
    enabled, values, _ = _render_values(_simple_parent(True), user)
    assert _scopes(enabled, values)["p/charts/s"] == '{"global":{"g":1,"x":1},"pv":null}'


@pytest.mark.parametrize(
    ("sets", "scope", "warning"),
    [
        (
            [],
            '{"global":{"x":1},"own":2,"pv":1}',
            "coalesce.go:145: warning: skipping globals because source global is not a table.",
        ),
        (
            ["s.global=str"],
            '{"global":"str","own":2,"pv":1}',
            "coalesce.go:138: warning: skipping globals because destination global is not a table.",
        ),
        (
            ["s=null"],
            '{"global":{"x":1},"own":1}',
            "coalesce.go:145: warning: skipping globals because source global is not a table.",
        ),
    ],
)
def test_globals_that_are_not_tables_are_skipped(sets, scope, warning):
    user = merge_user_values([], set_values=sets)
    enabled, values, warnings = _render_values(_simple_parent(False), user)
    assert _scopes(enabled, values)["p/charts/s"] == scope
    assert [w.stderr_line(HELM_3) for w in warnings] == [warning]


@pytest.mark.parametrize(("helm_compat", "lead"), [(3, "An error occurred"), (4, "an error occurred")])
def test_missing_declared_dependencies(helm_compat, lead):
    chart = _chart("t", deps=[{"name": "x", "version": "1.0.0"}, {"name": "true"}])
    with pytest.raises(CoalesceError) as caught:
        check_dependencies(chart, profile=profile_for(helm_compat))
    assert str(caught.value) == (
        f"{lead} while checking for chart dependencies. You may need to run `helm dependency build` to fetch "
        "missing dependencies: found in Chart.yaml, but missing in charts/ directory: x, true"
    )


def test_helm4_refuses_a_v3_chart_with_more_subcharts_than_declared_dependencies():
    chart = _chart("t", deps=[{"name": "x", "version": "1.0.0"}], subcharts=[_chart("a"), _chart("b")])
    chart.metadata["apiVersion"] = "v3"
    with pytest.raises(CoalesceError) as caught:
        check_dependencies(chart, profile=HELM_4)
    assert str(caught.value) == (
        "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to "
        "fetch missing dependencies: unsupported chart dependency type"
    )


def test_helm3_checks_a_v3_chart_like_any_other():
    chart = _chart("t", subcharts=[_chart("a")])
    chart.metadata["apiVersion"] = "v3"
    check_dependencies(chart, profile=HELM_3)


# ---------------------------------------------------------------------------------------------- one chart, two aliases


def _aliased_twice(child_deps: list | None) -> Chart:
    grandchild = _chart("gc", 'd: {gv: "42"}\n')
    child = _chart("child", deps=child_deps, subcharts=[grandchild])
    aliases = [{"name": "child", "version": "0.1.0", "alias": a} for a in ("a1", "a2")]
    return _chart("p", deps=aliases, subcharts=[child])


def _paths(chart: Chart) -> list[str]:
    return [chart.full_path(), *(path for sub in chart.dependencies for path in _paths(sub))]


@pytest.mark.parametrize(
    ("helm_compat", "paths"),
    [
        (3, ["p", "p/charts/a1", "p/charts/child/charts/gc", "p/charts/a2", "p/charts/child/charts/gc"]),
        (4, ["p", "p/charts/a1", "p/charts/a1/charts/gc", "p/charts/a2", "p/charts/a2/charts/gc"]),
    ],
)
def test_subcharts_of_an_alias_belong_to_the_alias_only_in_helm4(helm_compat, paths):
    enabled = process_dependencies(_aliased_twice(None), {}, profile=profile_for(helm_compat))
    assert _paths(enabled) == paths


@pytest.mark.parametrize(("helm_compat", "second"), [(3, None), (4, {"gv": "42"})])
def test_helm3_imports_a_shared_declaration_for_the_first_alias_only(helm_compat, second):
    declared = [{"name": "gc", "version": "0.1.0", "import-values": [{"child": "d", "parent": "fromgc"}]}]
    enabled, values, _ = _render_values(_aliased_twice(declared), {}, helm_compat)
    assert (values["a1"].get("fromgc"), values["a2"].get("fromgc")) == ({"gv": "42"}, second)


@pytest.mark.parametrize(("helm_compat", "kept"), [(3, {"k": 1}), (4, {"k": 1, "x": None})])
def test_helm4_keeps_a_null_that_overrides_a_null_default(helm_compat, kept):
    chart = _chart("p", "m: {x: null, k: 1}\n")
    values, _ = coalesce_values(chart, {"m": {"x": None}}, profile=profile_for(helm_compat))
    assert values["m"] == kept
