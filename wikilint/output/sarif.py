"""``sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run whose ``tool.driver`` lists the rules (id = code, name, short and
full description, help text, ``helpUri`` to the rule's page, default
level) and whose results carry ``ruleId``, ``ruleIndex``, ``level``, the
message and a region (1-based lines and columns, end exclusive; columns
count Unicode code points, declared with ``columnKind``).  Artifact URIs
are relative to ``%SRCROOT%`` (the working directory).  Safe and unsafe
fixes become SARIF ``fixes``; failures become tool execution notifications.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from wikilint import __version__
from wikilint.lint.rule import Finding, Rule, Severity
from wikilint.output.base import Formatter, Summary, relative_path, rule_docs_url
from wikilint.output.docgen import section_text

__all__ = ["SarifFormatter", "SARIF_SCHEMA_URI", "sarif_log"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/wikilint/wikilint"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _plain(markdown: str) -> str:
    return re.sub(r"`([^`]*)`", r"\1", " ".join(markdown.split()))


def rule_descriptor(cls: type[Rule], docs_url: str | None = None) -> dict[str, Any]:
    doc = cls.doc()
    what = section_text(doc, "What it does") or cls.summary
    descriptor: dict[str, Any] = {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": cls.summary or cls.name},
        "fullDescription": {"text": _plain(what) or cls.summary or cls.name},
        "helpUri": rule_docs_url(cls, docs_url),
        "defaultConfiguration": {"level": _LEVELS.get(cls.severity, "warning")},
        "properties": {"tags": list(cls.tags), "fixable": cls.fixable},
    }
    if doc:
        descriptor["help"] = {"text": doc, "markdown": doc}
    return descriptor


def _artifact(path: str) -> dict[str, str]:
    """An artifactLocation: relative to %SRCROOT% when the file is under it."""
    rel = relative_path(path)
    if "://" in rel:  # a page of a live wiki: its URL, percent-encoded as a URI must be
        return {"uri": quote(rel, safe=":/?#[]@!$&'()*+,;=%~")}
    if os.path.isabs(rel):
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}


def _region(f: Finding) -> dict[str, Any]:
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
            "endColumn": f.end_column, "charOffset": f.start, "charLength": f.end - f.start}


def _fingerprint(f: Finding, nth: int) -> str:
    # Stable across unrelated edits: no line numbers, only what the finding says.
    key = "\0".join((relative_path(f.path), f.code, f.message, str(nth)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _fixes(f: Finding, artifact: dict[str, str]) -> list[dict[str, Any]]:
    if f.fix is None or not f.fix.edits:
        return []
    replacements = [{"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                     "insertedContent": {"text": e.replacement}} for e in f.fix.edits]
    description = f.fix.description or ("safe fix" if f.fix.safe else "unsafe fix")
    return [{"description": {"text": description},
             "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}]}]


def sarif_log(findings: list[Finding], rules: tuple[type[Rule], ...], errors: list[str],
              docs_url: str | None = None) -> dict[str, Any]:
    """The SARIF log as a dict."""
    known = list(rules)
    codes = {cls.code for cls in known}
    extra: dict[str, str] = {}  # rules seen in findings but not passed in (plugins, tests)
    for f in findings:
        if f.code not in codes and f.code not in extra:
            extra[f.code] = f.rule
    descriptors = [rule_descriptor(cls, docs_url) for cls in known]
    descriptors += [{"id": code, "name": name, "shortDescription": {"text": name},
                     "helpUri": rule_docs_url(name, docs_url)} for code, name in extra.items()]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    for f in findings:
        artifact = _artifact(f.path)
        key = (f.path, f.code, f.message)
        seen[key] = seen.get(key, 0) + 1
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact,
                "region": _region(f)}}],
            "partialFingerprints": {"wikilintFinding/v1": _fingerprint(f, seen[key])},
        }
        fixes = _fixes(f, artifact)
        if fixes:
            result["fixes"] = fixes
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": e}} for e in errors]
    root = Path(os.getcwd()).as_uri().rstrip("/") + "/"
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "wikilint", "version": __version__,
                                "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": descriptors}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": results,
        }],
    }


class SarifFormatter(Formatter):
    name = "sarif"

    def finish(self, summary: Summary) -> None:
        log = sarif_log(self.findings, self.rules, summary.errors, self.docs_url)
        self.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")
