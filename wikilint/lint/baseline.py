"""Baselines: accept today's findings, report only new ones.

``wikilint --write-baseline FILE`` records every current finding by a
fingerprint; ``wikilint --baseline FILE`` then reports only findings whose
fingerprint is not recorded (and, with ``--show-fixed``, the recorded ones
that are gone).

A fingerprint must survive edits elsewhere in the page, so it uses no line
numbers: it hashes the rule code, the file's path (relative to the baseline
file, with ``/``), a normalized snippet of the flagged text (whitespace
collapsed; short spans are widened with up to 20 characters of context from
their line) and the occurrence index among findings with the same code and
snippet in that file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wikilint.lint.rule import Finding

__all__ = ["Baseline", "BaselineEntry", "BaselineError", "fingerprint_findings",
           "finding_snippet", "write_baseline", "baseline_path_key", "FORMAT_VERSION"]

FORMAT_VERSION = 1
_SHORT = 12
_CONTEXT = 20
_LONG = 160


class BaselineError(Exception):
    """An unreadable or malformed baseline file (one-line message)."""


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    path: str
    code: str
    rule: str
    line: int
    message: str

    def to_dict(self) -> dict[str, object]:
        return {"fingerprint": self.fingerprint, "path": self.path, "code": self.code,
                "rule": self.rule, "line": self.line, "message": self.message}


def _normalize(text: str) -> str:
    return " ".join(text.split())


def finding_snippet(text: str, finding: Finding) -> str:
    """The normalized text a fingerprint is built from."""
    start, end = finding.start, max(finding.start, finding.end)
    snippet = _normalize(text[start:end])
    if len(snippet) < _SHORT:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        before = text[max(line_start, start - _CONTEXT):start]
        after = text[end:min(line_end, end + _CONTEXT)]
        snippet = _normalize(before) + "\u2038" + snippet + "\u2038" + _normalize(after)
    if len(snippet) > _LONG:
        half = _LONG // 2
        snippet = snippet[:half] + "\u2026" + snippet[-half:]
    return snippet


def baseline_path_key(path: str, baseline_file: str) -> str:
    """How ``path`` is recorded: relative to the baseline file's folder, with ``/``."""
    if path.startswith("<") or path == "-" or "://" in path:
        return path  # <stdin>, or a page of a live wiki (its URL)
    folder = os.path.dirname(os.path.abspath(baseline_file))
    try:
        rel = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def fingerprint_findings(findings: Sequence[Finding], text: str, path_key: str) -> list[str]:
    """One fingerprint per finding (same order)."""
    seen: Counter[tuple[str, str]] = Counter()
    out = [""] * len(findings)
    order = sorted(range(len(findings)), key=lambda i: findings[i].sort_key())
    for i in order:
        f = findings[i]
        snippet = finding_snippet(text, f)
        index = seen[(f.code, snippet)]
        seen[(f.code, snippet)] += 1
        raw = "\x00".join((f.code, path_key, snippet, str(index)))
        out[i] = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]
    return out


class Baseline:
    """A loaded baseline; :meth:`new_findings` consumes matching entries."""

    def __init__(self, entries: Iterable[BaselineEntry], path: str):
        self.path = path
        self.entries = tuple(entries)
        self._left: Counter[tuple[str, str]] = Counter((e.path, e.fingerprint)
                                                      for e in self.entries)
        self._seen_paths: set[str] = set()

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found (create it with "
                                "--write-baseline)") from None
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: not a wikilint baseline (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("tool") != "wikilint" \
                or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not a wikilint baseline (expected a JSON object with "
                                "\"tool\": \"wikilint\" and a \"findings\" list)")
        if data.get("version") != FORMAT_VERSION:
            raise BaselineError(f"{path}: baseline version {data.get('version')!r} is not "
                                f"supported (expected {FORMAT_VERSION}); write it again")
        entries = []
        for i, item in enumerate(data["findings"]):
            try:
                entries.append(BaselineEntry(str(item["fingerprint"]), str(item["path"]),
                                             str(item["code"]), str(item.get("rule", "")),
                                             int(item.get("line", 0)),
                                             str(item.get("message", ""))))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"{path}: finding #{i + 1} lacks a fingerprint, path or "
                                    "code") from None
        return cls(entries, path)

    def new_findings(self, path_key: str, findings: Sequence[Finding],
                     fingerprints: Sequence[str]) -> list[Finding]:
        """The findings not in the baseline (matched entries are used up)."""
        self._seen_paths.add(path_key)
        out = []
        for f, fp in zip(findings, fingerprints, strict=True):
            key = (path_key, fp)
            if self._left[key] > 0:
                self._left[key] -= 1
            else:
                out.append(f)
        return out

    def fixed(self) -> list[BaselineEntry]:
        """Recorded findings of the files checked so far that were not seen again."""
        left = Counter(self._left)
        out = []
        for e in self.entries:
            key = (e.path, e.fingerprint)
            if e.path in self._seen_paths and left[key] > 0:
                left[key] -= 1
                out.append(e)
        return out


def write_baseline(path: str, records: Iterable[tuple[str, Finding, str]]) -> int:
    """Write (path key, finding, fingerprint) records; returns how many were written."""
    items = sorted(records, key=lambda r: (r[0], r[1].start, r[1].code))
    entries = [BaselineEntry(fp, key, f.code, f.rule, f.line, f.message).to_dict()
               for key, f, fp in items]
    data = {"tool": "wikilint", "version": FORMAT_VERSION, "findings": entries}
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    os.replace(tmp, path)
    return len(entries)
