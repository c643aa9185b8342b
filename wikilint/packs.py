"""Rule packs: the YAML data shipped in ``rules/`` (word lists, template lists).

Each pack is a YAML mapping; ``source`` keys say where a list comes from.
The packs are installed as the ``wikilint.packs`` package (see
pyproject.toml) and read from the source tree when running uninstalled.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["pack_dir", "load_pack", "template_lists", "TemplateLists"]


def pack_dir() -> Path:
    """The folder holding the built-in rule packs."""
    try:
        path = Path(str(resources.files("wikilint.packs")))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "rules"


@functools.lru_cache(maxsize=None)
def load_pack(name: str) -> Any:
    """Load ``rules/<name>.yaml`` (cached)."""
    from ruamel.yaml import YAML

    path = pack_dir() / f"{name}.yaml"
    with open(path, encoding="utf-8") as fh:
        return YAML(typ="safe").load(fh)


def _norm(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()


@dataclass(frozen=True)
class TemplateLists:
    removed: frozenset[str]       # inline annotations and citations: no prose
    text: dict[str, int]          # templates whose parameter N is prose (-1: last)
    chars: dict[str, str]         # templates that stand for a character


@functools.lru_cache(maxsize=None)
def template_lists() -> TemplateLists:
    data = load_pack("templates")
    removed = frozenset(_norm(n) for group in data["removed"].values() for n in group)
    text = {_norm(k): int(v) for k, v in data["text"].items()}
    chars = {_norm(k): str(v) for k, v in data["chars"].items()}
    return TemplateLists(removed, text, chars)
