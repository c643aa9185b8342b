"""Sending a :class:`~wikilint.config.model.Config` to another process, by value.

A configuration holds read-only mappings (``types.MappingProxyType``, which
the standard pickler refuses) and may hold rule classes made at run time
from the ``packs`` it names (which the pickler would look up by name in a
module and not find).  This pickler sends both by value, so a worker (a
local process, or a Dask worker on another machine that cannot read the
configuration's files) gets the very configuration the parent resolved.
"""

from __future__ import annotations

import copyreg
import io
import pickle
import sys
import types
from typing import Any

__all__ = ["dumps", "loads"]


def _is_importable(cls: type) -> bool:
    module = sys.modules.get(cls.__module__)
    obj: Any = module
    for part in cls.__qualname__.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return False
    return obj is cls


def _rebuild_class(name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
    return type(name, bases, attrs)


def _proxy(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(mapping)


class _Pickler(pickle.Pickler):
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[types.MappingProxyType] = lambda m: (_proxy, (dict(m),))

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, type) and obj.__module__.startswith("wikilint.") \
                and not _is_importable(obj):
            attrs = {k: v for k, v in vars(obj).items()
                     if k not in ("__dict__", "__weakref__")}
            return _rebuild_class, (obj.__name__, obj.__bases__, attrs)
        return NotImplemented


def dumps(obj: Any) -> bytes:
    """Pickle ``obj`` (a Config), with read-only mappings and run-time rule classes by value."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    return pickle.loads(data)
