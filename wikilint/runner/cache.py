"""The result cache: a file's findings are kept between runs, as ruff keeps its results.

An entry is one file's findings under one configuration.  Its name is a
hash of the file's path (as reported), the code that linted it (wikilint's
version, plus the size and modification time of every module and built-in
rule pack, so an edited checkout never serves stale findings, and the
installed plugins' names and versions) and the effective configuration (the
rules selected with their options and severities, the ``per-file-ignores``
that apply to the path, the bytes of the configuration's packs) and the
dialect.  The entry holds a hash of the text: a file whose content changed
misses, and its new findings replace the entry (so the cache holds one entry
per file and configuration, not one per version of a file).

Entries are written to a temporary file and moved into place with
``os.replace``: two runs writing at once leave one whole entry or the
other.  An entry that cannot be read or decoded (damaged, truncated, from
another version) is a miss, never an error; a cache folder that cannot be
written turns the cache off for the run with one warning.

Where: ``--cache-dir DIR``, else the ``WIKILINT_CACHE_DIR`` environment
variable, else ``.wikilint_cache/`` in the project root (the folder of the
configuration file, else the working directory).  ``--no-cache`` turns it
off; ``wikilint clean`` removes the folder.  ``--fix`` and ``--diff`` do not
use it (fixing lints the changed text again, in process).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikilint.lint.rule import Edit, Finding, Fix, Severity

if TYPE_CHECKING:
    from wikilint.config.model import Config

__all__ = ["ResultCache", "CACHE_DIR_NAME", "CACHE_ENV", "code_identity", "config_identity",
           "encode_findings", "decode_findings", "remove_cache"]

CACHE_DIR_NAME = ".wikilint_cache"
CACHE_ENV = "WIKILINT_CACHE_DIR"
_FORMAT = 1  # bump when the entry layout changes
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by wikilint.\n"
        "# For information about cache directory tags see https://bford.info/cachedir/\n")


# ------------------------------------------------------------------ identity
_CODE: str | None = None


def code_identity() -> str:
    """wikilint's version, its modules' and packs' sizes and times, and the plugins."""
    global _CODE
    if _CODE is not None:
        return _CODE
    import wikilint
    from wikilint.rules.registry import plugin_rules

    h = hashlib.sha256(f"{_FORMAT}\0{wikilint.__version__}".encode())
    roots = [Path(wikilint.__file__).resolve().parent]
    try:
        from wikilint.analysis.wordlists import pack_dir

        roots.append(Path(pack_dir()).resolve())
    except Exception:  # pragma: no cover - the packs folder is part of the package
        pass
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".yaml", ".yml", ".txt", ".json", ".tsv")):
                    st = os.stat(os.path.join(folder, name))
                    h.update(f"{folder}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for rule in plugin_rules()[0]:
        module = rule.__module__.split(".")[0]
        version = _dist_version(module)
        h.update(f"plugin\0{rule.code}\0{rule.name}\0{module}\0{version}\n".encode())
    _CODE = h.hexdigest()
    return _CODE


def _dist_version(module: str) -> str:
    from importlib import metadata

    try:
        names = metadata.packages_distributions().get(module) or [module]
        return metadata.version(names[0])
    except Exception:
        return "?"


def config_identity(config: Config) -> str:
    """A digest of everything in a configuration that changes findings (not exclusions)."""
    h = hashlib.sha256()
    for name in ("select", "ignore", "extend_select", "extend_ignore", "per_file_ignores",
                 "root"):
        h.update(f"{name}={getattr(config, name)!r}\n".encode())
    for rule in sorted(config.rules):
        settings = config.rules[rule]
        options = sorted((k, repr(v)) for k, v in dict(settings.options).items())
        h.update(f"rule {rule} {settings.severity!r} {options!r}\n".encode())
    for pack in config.packs:
        try:
            h.update(pack.encode() + b"\0" + Path(pack).read_bytes())
        except OSError:
            h.update(f"{pack}: unreadable\n".encode())
    for cls in config.extra_rules:
        h.update(f"extra {cls.code} {cls.name}\n".encode())
    return h.hexdigest()


# ------------------------------------------------------------ encoding
def encode_findings(findings: list[Finding]) -> list[list[Any]]:
    out = []
    for f in findings:
        fix = None if f.fix is None else [
            [[e.start, e.end, e.replacement] for e in f.fix.edits], f.fix.safe,
            f.fix.description]
        out.append([f.path, f.code, f.rule, f.severity.value, f.message, f.start, f.end,
                    f.line, f.column, f.end_line, f.end_column, fix,
                    list(f.reach) if f.reach is not None else None])
    return out


def decode_findings(rows: list[list[Any]]) -> list[Finding]:
    out = []
    for (path, code, rule, severity, message, start, end, line, column, end_line, end_column,
         fix, reach) in rows:
        made = None
        if fix is not None:
            edits, safe, description = fix
            made = Fix(tuple(Edit(int(s), int(e), str(r)) for s, e, r in edits), bool(safe),
                       str(description))
        out.append(Finding(str(path), str(code), str(rule), Severity(severity), str(message),
                           int(start), int(end), int(line), int(column), int(end_line),
                           int(end_column), made,
                           (int(reach[0]), int(reach[1])) if reach is not None else None))
    return out


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


# ------------------------------------------------------------------ the cache
class ResultCache:
    """Findings per file, in ``folder``; see the module's documentation."""

    def __init__(self, folder: str | os.PathLike[str],
                 warn: Callable[[str], None] | None = None):
        self.folder = Path(folder)
        self.warn = warn or (lambda message: None)
        self.enabled = True
        self.hits = self.misses = self.writes = 0
        self._configs: dict[int, tuple[Config, str]] = {}
        self._prepared = False

    def _config_id(self, config: Config) -> str:
        entry = self._configs.get(id(config))
        if entry is None or entry[0] is not config:
            entry = self._configs[id(config)] = (config, config_identity(config))
        return entry[1]

    def key(self, path: str, dialect: str, config: Config) -> str:
        """The entry's name for a file (its content is checked separately)."""
        raw = "\0".join((code_identity(), self._config_id(config), dialect, path,
                         repr(config.ignored_for(path))))
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / f"v{_FORMAT}" / key[:2] / key[2:]

    def get(self, key: str, text: str) -> list[Finding] | None:
        """The cached findings of ``text`` under ``key``, or None (a miss, or a damaged entry)."""
        if not self.enabled:
            return None
        try:
            data = json.loads(self._entry(key).read_bytes())
            if data["text"] != text_hash(text):
                raise KeyError("changed")
            findings = decode_findings(data["findings"])
        except Exception:  # missing, damaged, from another layout: lint again
            self.misses += 1
            return None
        self.hits += 1
        return findings

    def put(self, key: str, text: str, findings: list[Finding]) -> None:
        if not self.enabled:
            return
        target = self._entry(key)
        data = json.dumps({"text": text_hash(text), "findings": encode_findings(findings)},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8",
                                                                            "surrogatepass")
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self.writes += 1
        except OSError as exc:
            self.enabled = False
            self.warn(f"wikilint: warning: cannot write the cache in {self.folder} "
                      f"({exc.strerror or exc}); running without it")

    def _prepare(self) -> None:
        if self._prepared:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by wikilint\n*\n")):
            path = self.folder / name
            if not path.exists():
                try:
                    path.write_text(text, encoding="utf-8")
                except OSError:
                    pass
        self._prepared = True


def remove_cache(folder: str | os.PathLike[str]) -> bool:
    """Remove a cache folder (``wikilint clean``); False when there was none.

    Refuses a folder that is not a wikilint cache (no ``CACHEDIR.TAG`` of ours
    and not named ``.wikilint_cache``), so a mistyped ``--cache-dir`` cannot
    delete anything else.
    """
    path = Path(folder)
    if not path.exists():
        return False
    tag = path / "CACHEDIR.TAG"
    ours = path.name == CACHE_DIR_NAME or (
        tag.is_file() and "wikilint" in tag.read_text(encoding="utf-8", errors="replace"))
    if not ours:
        raise ValueError(f"{path}: not a wikilint cache folder (no CACHEDIR.TAG); "
                         "not removed")
    import shutil

    shutil.rmtree(path)
    return True
