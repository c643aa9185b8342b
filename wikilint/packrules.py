"""Data-driven rules declared in YAML rule packs (``rules/*.yaml`` with a ``rules:`` key)."""

from __future__ import annotations

from .rule import Rule

__all__ = ["pack_rules"]


def pack_rules() -> list[type[Rule]]:
    return []
