"""wikilint.records behaves as the dataclasses it replaces (repr, ==, hash, replace, pickle)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from wikilint.records import FrozenRecord, ImmutableRecord, Record, ValueRecord


@dataclasses.dataclass(frozen=True)
class DPoint:
    x: int
    y: str = "a"


class Point(FrozenRecord):
    __slots__ = ("x", "y")
    x: int
    y: str

    def __init__(self, x: int, y: str = "a") -> None:
        self.x = x
        self.y = y


class One(FrozenRecord):
    __slots__ = ("x",)
    x: int

    def __init__(self, x: int) -> None:
        self.x = x


@dataclasses.dataclass(frozen=True)
class DOne:
    x: int


class Box(ValueRecord):
    __slots__ = ("items", "hidden")
    _compare = ("items",)
    items: list[int]
    hidden: int

    def __init__(self, items: list[int], hidden: int = 0) -> None:
        self.items = items
        self.hidden = hidden


class Ident(Record):
    __slots__ = ("x",)
    x: int

    def __init__(self, x: int) -> None:
        self.x = x


class Locked(ImmutableRecord):
    __slots__ = ("x", "y")
    x: int
    y: tuple[int, ...]

    def __init__(self, x: int, y: tuple[int, ...] = ()) -> None:
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)


def test_repr_eq_and_hash_are_a_frozen_dataclass_s() -> None:
    assert repr(Point(1, "b")).replace("Point", "DPoint") == repr(DPoint(1, "b"))
    assert Point(1) == Point(1, "a") and Point(1) != Point(2) and Point(1) != Point(1, "b")
    assert hash(Point(3, "c")) == hash(DPoint(3, "c"))
    assert hash(One(7)) == hash(DOne(7)) and repr(One(7)) == "One(x=7)"
    assert len({Point(1), Point(1), Point(2)}) == 2
    assert Point(1) != (1, "a") and Point(1).__eq__(One(1)) is NotImplemented


def test_value_records_are_unhashable_and_compare_only_compared_fields() -> None:
    assert Box([1], hidden=1) == Box([1], hidden=2) and Box([1]) != Box([2])
    assert repr(Box([1], 5)) == "Box(items=[1])"
    with pytest.raises(TypeError):
        hash(Box([1]))


def test_plain_records_compare_by_identity() -> None:
    a = Ident(1)
    assert a == a and a != Ident(1) and hash(a) == object.__hash__(a)


def test_replace_runs_init_again() -> None:
    p = Point(1, "b")
    assert p._replace(y="c") == Point(1, "c") and p == Point(1, "b")
    with pytest.raises(TypeError):
        p._replace(z=1)


@pytest.mark.parametrize("obj", [Point(1, "b"), Box([1, 2], 3), Locked(4, (5,))])
def test_pickle_and_copy_keep_every_field(obj: Record) -> None:
    for other in (pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)),
                  copy.copy(obj), copy.deepcopy(obj)):
        assert type(other) is type(obj)
        assert [getattr(other, n) for n in obj._fields] == [getattr(obj, n) for n in obj._fields]


def test_immutable_records_refuse_assignment() -> None:
    lock = Locked(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lock.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del lock.y
    assert lock == Locked(1, ()) and lock._replace(x=2) == Locked(2)


def test_slots_leave_no_instance_dict() -> None:
    with pytest.raises(AttributeError):
        Point(1).z = 1  # type: ignore[attr-defined]
