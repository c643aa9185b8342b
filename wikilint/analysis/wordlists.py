"""Rule packs: the YAML data shipped in ``rules/`` (word lists, template lists).

Each pack is a YAML mapping; ``source`` keys say where a list comes from.
The packs are installed as ``wikilint/rulepacks/`` (see pyproject.toml)
and read from the source tree's ``rules/`` when running from a checkout.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from wikilint.records import FrozenRecord

__all__ = ["pack_dir", "load_pack", "load_yaml_cached", "template_lists", "TemplateLists",
           "cache_dir"]

_CACHE_VERSION = b"wikilint-pack-cache-1"


def pack_dir() -> Path:
    """The folder holding the built-in rule packs.

    Installed, ``rules/`` ships as ``wikilint/rulepacks/`` (see pyproject.toml);
    in a source checkout it is the top-level ``rules/`` folder.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "rulepacks"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


def cache_dir() -> Path:
    """Where parsed packs are cached: ``$WIKILINT_CACHE_DIR``, else the user cache folder."""
    explicit = os.environ.get("WIKILINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wikilint"


def load_yaml_cached(path: Path) -> Any:
    """Parse a YAML pack, caching the result as JSON keyed by the file's bytes.

    ruamel.yaml's pure-Python loader takes a few hundred milliseconds for the
    built-in packs, which would dominate ``wikilint FILE``'s start-up; the
    cache makes every run after the first take about a millisecond.  A cache
    that cannot be read or written is simply not used.
    """
    raw = path.read_bytes()
    key = hashlib.sha1(_CACHE_VERSION + raw).hexdigest()[:20]
    cached = cache_dir() / f"{path.stem}-{key}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(raw.decode("utf-8"))
    try:
        text = json.dumps(data, ensure_ascii=False)
        cached.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, cached)
    except (OSError, TypeError, ValueError):
        pass  # read-only home, or data JSON cannot hold: parse again next time
    return data


@functools.cache
def load_pack(name: str) -> Any:
    """Load ``rules/<name>.yaml`` (cached in memory and on disk)."""
    return load_yaml_cached(pack_dir() / f"{name}.yaml")


def _norm(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()


class TemplateLists(FrozenRecord):
    __slots__ = ("removed", "text", "chars", "spans")
    removed: frozenset[str]       # inline annotations and citations: no prose
    # templates that show a parameter as prose: its names in order of preference, a
    # number for a positional one (-1: the last), a string for a named one ("text")
    text: dict[str, tuple[int | str, ...]]
    chars: dict[str, str]         # templates that stand for a character
    spans: frozenset[str]         # cleanup tags around prose ({{Citation needed span}}), in text

    def __init__(self, removed: frozenset[str], text: dict[str, tuple[int | str, ...]],
                 chars: dict[str, str], spans: frozenset[str] = frozenset()) -> None:
        self.removed = removed
        self.text = text
        self.chars = chars
        self.spans = spans


def _param_keys(value: Any) -> tuple[int | str, ...]:
    """``2`` or ``[text, 1]`` (templates.yaml) as parameter keys in order of preference."""
    values = value if isinstance(value, list) else [value]
    return tuple(v if isinstance(v, int) else str(v).strip() for v in values)


@functools.cache
def template_lists() -> TemplateLists:
    data = load_pack("templates")
    removed = frozenset(_norm(n) for group in data["removed"].values() for n in group)
    text = {_norm(k): _param_keys(v) for k, v in data["text"].items()}
    spans = frozenset(_norm(n) for n in data["spans"])
    text.update((n, ("text", 1)) for n in spans)
    chars = {_norm(k): str(v) for k, v in data["chars"].items()}
    return TemplateLists(removed, text, chars, spans)
