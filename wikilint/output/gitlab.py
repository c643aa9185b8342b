"""``gitlab``: a GitLab Code Quality report (the Code Climate issue subset GitLab reads).

A JSON array of ``{description, check_name, fingerprint, severity,
location: {path, lines: {begin, end}}}``.  Paths are relative to the
project directory (``CI_PROJECT_DIR``, else the working directory).  The
fingerprint is stable: it hashes the path, the rule and the message (plus
an occurrence count for identical findings), not line numbers, so a
finding keeps its identity when text above it moves.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from wikilint.lint.rule import Finding, Severity
from wikilint.output.base import Formatter, Summary, relative_path

__all__ = ["GitlabFormatter", "code_quality_report"]

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def code_quality_report(findings: list[Finding], root: str | None = None) -> list[dict[str, Any]]:
    root = root or os.environ.get("CI_PROJECT_DIR") or None
    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for f in findings:
        path = relative_path(f.path, root)
        key = (path, f.code, f.message)
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.md5("\0".join((*key, str(seen[key]))).encode("utf-8"),
                             usedforsecurity=False).hexdigest()
        issues.append({
            "type": "issue",
            "description": f"{f.code}: {f.message}",
            "check_name": f"{f.code} {f.rule}",
            "fingerprint": digest,
            "severity": _SEVERITIES.get(f.severity, "minor"),
            "categories": ["Style"],
            "location": {"path": path, "lines": {"begin": f.line, "end": f.end_line}},
        })
    return issues


class GitlabFormatter(Formatter):
    name = "gitlab"

    def finish(self, summary: Summary) -> None:
        self.write(json.dumps(code_quality_report(self.findings), indent=2, ensure_ascii=False)
                   + "\n")
