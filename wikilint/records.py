"""Plain record classes: what ``@dataclass`` gives, without generating code at import.

Making a dataclass compiles and runs the source of its ``__init__``, ``__repr__``,
``__eq__`` (and, frozen, ``__hash__``, ``__setattr__``, ``__delattr__``): about 4.5 M
instructions a class, and a full lint used to make 64 of them before linting anything,
a quarter of the seed's run (issue 9: the seed in at most 0.2 s).  The records here
write their ``__init__`` by hand and take the rest from these bases, which read the
field names from ``__slots__`` (or ``_fields``):

- :class:`Record` — a ``repr`` like a dataclass's, and :meth:`Record._replace`
  (``dataclasses.replace``); equality is identity (``@dataclass(eq=False)``);
- :class:`ValueRecord` — equal when of the same class with equal fields, unhashable
  (``@dataclass``);
- :class:`FrozenRecord` — equal and hashed by its fields (``@dataclass(frozen=True)``;
  the fields are not guarded against assignment, which static typing rules out);
- :class:`ImmutableRecord` — a frozen record whose fields cannot be assigned either
  (``dataclasses.FrozenInstanceError``); its ``__init__`` sets them with
  ``object.__setattr__``.

Equality and hashing compare ``tuple(fields)`` as a dataclass's do, so sets, dicts and
sorting behave the same.  Pickling uses the slots (Python's default), as a dataclass's.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, ClassVar, TypeVar

__all__ = ["FrozenRecord", "ImmutableRecord", "Record", "ValueRecord"]

R = TypeVar("R", bound="Record")


def _one(name: str) -> Any:
    get = attrgetter(name)
    return lambda obj: (get(obj),)


class Record:
    """Base of a record: ``repr`` and ``_replace`` from the field names."""

    __slots__ = ()
    #: the fields, in ``__init__``'s order (default: the class's own ``__slots__``)
    _fields: ClassVar[tuple[str, ...]] = ()
    #: the fields shown by ``repr`` and compared (default: all of them)
    _compare: ClassVar[tuple[str, ...]] = ()
    _key: ClassVar[Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__
        if "_fields" not in own:
            slots = own.get("__slots__", ())
            cls._fields = (slots,) if isinstance(slots, str) else tuple(slots)
        if "_compare" not in own:
            cls._compare = cls._fields
        names = cls._compare
        key = attrgetter(*names) if len(names) > 1 else \
            _one(names[0]) if names else (lambda obj: ())
        cls._key = staticmethod(key)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compare)
        return f"{type(self).__qualname__}({inner})"

    def _replace(self: R, **changes: Any) -> R:
        """A copy with ``changes`` (``dataclasses.replace``: ``__init__`` runs again)."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)


class ValueRecord(Record):
    """A record equal to another of its class with equal fields; unhashable."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = self._key
            return bool(key(self) == key(other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class FrozenRecord(ValueRecord):
    """A value record that is hashed by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._key(self))


class ImmutableRecord(FrozenRecord):
    """A frozen record whose fields cannot be assigned or deleted after ``__init__``."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        from dataclasses import FrozenInstanceError
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self._fields, state, strict=True):
            object.__setattr__(self, name, value)
