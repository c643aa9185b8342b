"""Which configuration applies to a path: the closest ``.wikilint.yaml`` or
``pyproject.toml`` walking up, or one named file."""

from __future__ import annotations

import os

from wikilint.config.load import load_config, load_toml
from wikilint.config.model import CONFIG_NAME, Config, ConfigError, Overrides, default_config

__all__ = ["ConfigResolver", "config_file_in"]


# ---------------------------------------------------------------- discovery
class ConfigResolver:
    """The configuration of each path: closest ``.wikilint.yaml`` (or ``pyproject.toml``
    with ``[tool.wikilint]``) walking up, or one ``explicit`` file, or none
    (``isolated``); command-line ``overrides`` applied on top.  Cached per folder."""

    def __init__(self, explicit: str | None = None, isolated: bool = False,
                 overrides: Overrides | None = None):
        self.explicit = explicit
        self.isolated = isolated
        self.overrides = overrides or Overrides()
        self._by_dir: dict[str, Config] = {}
        self._by_file: dict[str, Config] = {}
        self._fixed: Config | None = None

    def _finish(self, config: Config) -> Config:
        return config.with_overrides(self.overrides)

    def _fixed_config(self) -> Config:
        if self._fixed is None:
            if self.explicit is not None:
                self._fixed = self._finish(load_config(self.explicit))
            else:
                self._fixed = self._finish(default_config())
        return self._fixed

    def for_path(self, path: str) -> Config:
        """The configuration of a file or folder."""
        if self.explicit is not None or self.isolated:
            return self._fixed_config()
        absolute = os.path.abspath(path)
        folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        return self.for_dir(folder)

    def for_dir(self, folder: str) -> Config:
        if self.explicit is not None or self.isolated:
            return self._fixed_config()
        chain: list[str] = []
        found: Config | None = None
        current = folder
        while True:
            cached = self._by_dir.get(current)
            if cached is not None:
                found = cached
                break
            chain.append(current)
            source = config_file_in(current)
            if source is not None:
                found = self._finish(load_config(source))
                break
            parent = os.path.dirname(current)
            if parent == current:
                found = self._finish(default_config())
                break
            current = parent
        for d in chain:
            self._by_dir[d] = found
        return found



def config_file_in(folder: str) -> str | None:
    """``folder``'s configuration file, if it has one."""
    candidate = os.path.join(folder, CONFIG_NAME)
    if os.path.isfile(candidate):
        return candidate
    pyproject = os.path.join(folder, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            if load_toml(pyproject) is not None:
                return pyproject
        except ConfigError:
            return pyproject  # malformed: reported when loaded
    return None
