"""``chartgen.records``: value classes declared as dataclasses are, behaving as dataclasses do where used."""

from __future__ import annotations

import copy
import pickle

import pytest

from chartgen.records import FrozenRecordError, field, fields, record, replace


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list, compare=False)


@record
class Box:
    label: str
    items: list[int] = field(default_factory=list)
    parent: Box | None = field(default=None, repr=False)


@record(frozen=True, eq=False)
class Base:
    a: int
    b: int = 2


@record(frozen=True)
class Derived(Base):
    c: int = 3


@record(frozen=True)
class Printed:
    name: str

    def __repr__(self) -> str:
        return f"<{self.name}>"


def test_fields_are_set_from_positions_keywords_and_defaults():
    assert (Point(1).x, Point(1).y, Point(1, 2).y, Point(y=5, x=1).y) == (1, 0, 2, 5)


def test_a_default_factory_makes_a_new_value_for_each_instance():
    first, second = Box("a"), Box("b")
    first.items.append(1)
    assert second.items == []


def test_a_missing_field_is_refused_as_python_refuses_a_missing_argument():
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'x'"):
        Point()


def test_an_unknown_keyword_is_refused():
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Point(1, z=2)


def test_a_field_given_twice_is_refused():
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        Point(1, x=2)


def test_too_many_positions_are_refused():
    with pytest.raises(TypeError, match="takes 4 positional arguments but 5 were given"):
        Point(1, 2, [], 4)


def test_equality_compares_the_compared_fields_of_the_same_class_only():
    assert Point(1, 2, ["a"]) == Point(1, 2, ["b"])
    assert Point(1, 2) != Point(1, 3)
    assert Derived(1) != Base(1)


def test_a_frozen_record_refuses_assignment_and_deletion():
    point = Point(1)
    with pytest.raises(FrozenRecordError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del point.x  # type: ignore[misc]
    assert isinstance(FrozenRecordError("x"), AttributeError)


def test_a_frozen_record_hashes_by_its_compared_fields():
    assert hash(Point(1, 2, ["a"])) == hash(Point(1, 2, ["b"]))
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_a_mutable_record_with_equality_is_unhashable_as_a_dataclass_is():
    with pytest.raises(TypeError):
        hash(Box("a"))


def test_a_record_without_equality_compares_and_hashes_by_identity():
    first = Base(1)
    assert first != Base(1)
    assert hash(first) == object.__hash__(first)


def test_repr_names_the_class_and_the_shown_fields():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"
    assert repr(Box("a", parent=Box("p"))) == "Box(label='a', items=[])"


def test_methods_written_in_the_class_body_are_kept():
    assert repr(Printed("n")) == "<n>"


def test_a_subclass_has_the_inherited_fields_first():
    assert [f.name for f in fields(Derived)] == ["a", "b", "c"]
    assert (Derived(1).a, Derived(1).b, Derived(1, 5, 6).c) == (1, 2, 6)


def test_replace_makes_a_changed_copy_through_init():
    point = Point(1, 2)
    assert replace(point, y=3) == Point(1, 3)
    assert point.y == 2
    with pytest.raises(TypeError):
        replace(point, z=1)


def test_records_copy_and_pickle_like_plain_objects():
    point = Point(1, 2, ["a"])
    assert copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point


def test_a_class_default_stays_readable_on_the_class_and_a_factory_field_does_not():
    assert Point.y == 0
    assert not hasattr(Box, "items")


@record(frozen=True, order=True)
class Key:
    kind: str
    name: str


def test_an_ordered_record_sorts_by_its_fields_in_order():
    assert sorted([Key("b", "a"), Key("a", "z"), Key("a", "b")]) == [Key("a", "b"), Key("a", "z"), Key("b", "a")]


@record
class Staged:
    target: str
    _placed: bool = field(default=False, init=False, repr=False)
    _log: list[str] = field(default_factory=list, init=False)


def test_a_field_left_out_of_init_takes_its_default_and_is_refused_as_an_argument():
    staged = Staged("t")
    assert (staged._placed, staged._log) == (False, [])
    with pytest.raises(TypeError, match="unexpected keyword argument '_placed'"):
        Staged("t", _placed=True)


@pytest.mark.parametrize("default", [[], {}, set()], ids=["list", "dict", "set"])
def test_a_mutable_default_is_refused_as_dataclasses_refuses_it(default):
    with pytest.raises(ValueError, match="use default_factory"):

        @record
        class Shared:
            items: object = default
