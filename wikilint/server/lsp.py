"""The language server: findings as diagnostics, fixes and suppressions as code actions.

Built on pygls (>= 2) with lsprotocol's types.  Every page goes through the
one lint pipeline (:func:`wikilint.api.lint_with`) with the configuration the
command line would find for its path (:class:`~wikilint.config.resolve.ConfigResolver`),
so an editor shows exactly what ``wikilint FILE`` prints.

* diagnostics on ``didOpen`` and ``didSave`` at once, on ``didChange`` after
  300 ms without typing (each change restarts the wait);
* a diagnostic has the rule's code, severity, range (in the negotiated
  position encoding, UTF-16 by default), source ``wikilint`` and a link to
  the rule's page;
* code actions: the finding's fix (unsafe fixes say so in the title), and
  "disable RULE for this line", which inserts
  ``<!-- wikilint-disable-next-line RULE -->`` on a line of its own above
  (or adds the rule to such a comment already there);
* saving a ``.wikilint.yaml`` or ``pyproject.toml`` reloads the configuration
  and lints the open pages again.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from wikilint import __version__
from wikilint.api import lint_with
from wikilint.config.model import Config, ConfigError, RuleSet, default_config
from wikilint.config.resolve import ConfigResolver
from wikilint.lint.rule import Finding, Severity
from wikilint.output.base import rule_docs_url
from wikilint.server.positions import LineIndex

__all__ = ["WikilintServer", "serve", "DEBOUNCE_SECONDS"]

DEBOUNCE_SECONDS = 0.3
SOURCE = "wikilint"
CONFIG_FILES = (".wikilint.yaml", "pyproject.toml")

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_NEXT_LINE = re.compile(r"^(\s*<!--\s*wikilint-disable-next-line)((?:\s+[\w,-]+)*?)"
                        r"(\s+--\s.*?)?(\s*-->\s*)$")


@dataclass
class Linted:
    """The findings last published for a document version."""

    version: int | None
    text: str
    dialect: str
    findings: list[Finding]


class WikilintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("wikilint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.resolver = ConfigResolver()
        self.rule_sets: dict[tuple[int, tuple[str, ...]], tuple[Config, RuleSet]] = {}
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.config_errors: set[str] = set()

    # -- configuration ------------------------------------------------------
    def encoding(self) -> str:
        try:
            enc = self.workspace.position_encoding
        except Exception:  # not initialized yet
            enc = None
        value = getattr(enc, "value", enc) or "utf-16"
        return str(value)

    def reload_config(self) -> None:
        self.resolver = ConfigResolver()
        self.rule_sets.clear()
        self.config_errors.clear()

    def config_for(self, path: str | None) -> tuple[Config, ConfigError | None]:
        try:
            return self.resolver.for_path(path or os.getcwd()), None
        except ConfigError as exc:
            return default_config(), exc

    def rule_set(self, config: Config, path: str) -> RuleSet:
        key = (id(config), config.ignored_for(path))
        found = self.rule_sets.get(key)
        if found is None or found[0] is not config:  # the entry holds its config: a unique id
            found = self.rule_sets[key] = (config, config.rule_set(path))
        return found[1]

    # -- linting ------------------------------------------------------------
    def lint(self, uri: str) -> None:
        """Lint the document's current text and publish its diagnostics."""
        self.pending.pop(uri, None)
        try:
            doc = self.workspace.get_text_document(uri)
        except Exception:  # closed meanwhile
            return
        path = to_fs_path(uri) if uri.startswith("file:") else None
        name = path or uri
        config, error = self.config_for(path)
        index = LineIndex(doc.source, self.encoding())
        if error is not None:
            message = str(error)
            if message not in self.config_errors:
                self.config_errors.add(message)
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Error, f"wikilint: {message}"))
            diagnostic = types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"wikilint cannot lint this page: configuration error: {message}",
                severity=types.DiagnosticSeverity.Error, source=SOURCE)
            self.linted.pop(uri, None)
            self.publish(uri, doc.version, [diagnostic])
            return
        if path is not None and config.is_excluded(path):
            self.linted.pop(uri, None)
            self.publish(uri, doc.version, [])
            return
        dialect = config.dialect_of(name) or "wikitext"
        result = lint_with(self.rule_set(config, name), config, dialect, doc.source, name)
        for err in result.errors:
            self.window_log_message(types.LogMessageParams(
                types.MessageType.Error, f"{name}: rule '{err.rule}' failed and was skipped: "
                                         f"{err.message}"))
        self.linted[uri] = Linted(doc.version, doc.source, dialect, result.findings)
        self.publish(uri, doc.version, [diagnostic_for(f, index) for f in result.findings])

    def publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=diagnostics, version=version))

    def schedule(self, uri: str, delay: float = DEBOUNCE_SECONDS) -> None:
        """Lint ``uri`` after ``delay`` seconds unless another change comes first."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self.lint, uri)

    def lint_now(self, uri: str) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.lint(uri)

    # -- code actions -------------------------------------------------------
    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = self.linted.get(uri)
        if linted is None:
            return []
        index = LineIndex(linted.text, self.encoding())
        start = index.offset(params.range.start.line, params.range.start.character)
        end = index.offset(params.range.end.line, params.range.end.character)
        wanted = {(d.code, d.range.start.line, d.range.start.character)
                  for d in params.context.diagnostics if d.source == SOURCE}
        only = params.context.only
        actions: list[types.CodeAction] = []
        disabled: set[tuple[str, int]] = set()
        for f in linted.findings:
            pos = index.position(f.start)
            matches = (f.code, pos[0], pos[1]) in wanted or (
                f.start <= end and f.end >= start if start != end else f.start <= start <= f.end)
            if not matches:
                continue
            diagnostic = diagnostic_for(f, index)
            if f.fix is not None and (only is None or _kind_wanted(only)):
                title = f.fix.description or f"Fix: {f.message}"
                title = f"{title} ({f.code})"
                if not f.fix.safe:
                    title = f"Unsafe fix: {title}"
                edits = [types.TextEdit(_range(index, e.start, e.end), e.replacement)
                         for e in f.fix.edits]
                actions.append(types.CodeAction(
                    title=title, kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic], is_preferred=f.fix.safe,
                    edit=types.WorkspaceEdit(changes={uri: edits})))
            line = pos[0]
            if linted.dialect == "wikitext" and (f.rule, line) not in disabled and \
                    f.rule != "unused-suppression" and (only is None or _kind_wanted(only)):
                disabled.add((f.rule, line))
                actions.append(types.CodeAction(
                    title=f"Disable {f.rule} ({f.code}) for this line",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [disable_edit(index, line,
                                                                         f.rule)]})))
        return actions


def _kind_wanted(only: Sequence[types.CodeActionKind | str]) -> bool:
    """Does the client's ``only`` filter admit quick fixes (``quickfix`` or a parent kind)?"""
    quick = types.CodeActionKind.QuickFix.value
    kinds = [str(getattr(k, "value", k)) for k in only]
    return any(k in ("", quick) or quick.startswith(k + ".") for k in kinds)


def _range(index: LineIndex, start: int, end: int) -> types.Range:
    sl, sc = index.position(start)
    el, ec = index.position(end)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


def diagnostic_for(f: Finding, index: LineIndex) -> types.Diagnostic:
    """A finding as an LSP diagnostic (range in the index's encoding)."""
    data: dict[str, Any] = {"rule": f.rule}
    if f.fix is not None:
        data["fix"] = "safe" if f.fix.safe else "unsafe"
    return types.Diagnostic(
        range=_range(index, f.start, f.end),
        message=f.message,
        severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.code,
        code_description=types.CodeDescription(href=rule_docs_url(f.rule)),
        source=SOURCE,
        data=data)


def disable_edit(index: LineIndex, line: int, rule: str) -> types.TextEdit:
    """The edit that disables ``rule`` for 0-based ``line``: a
    ``wikilint-disable-next-line`` comment on its own line above it, or the rule
    added to such a comment when the line above already is one."""
    if line > 0:
        above = index.line_text(line - 1)
        m = _NEXT_LINE.match(above)
        if m is not None:
            names = m.group(2).strip()
            if rule in re.split(r"[\s,]+", names):
                return types.TextEdit(types.Range(types.Position(line, 0),
                                                  types.Position(line, 0)), "")
            new = f"{m.group(1)} {names + ', ' if names else ''}{rule}{m.group(3) or ''} -->"
            end = len(above)
            from wikilint.server.positions import code_units

            return types.TextEdit(
                types.Range(types.Position(line - 1, 0),
                            types.Position(line - 1, code_units(above[:end], index.encoding))),
                new)
    return types.TextEdit(types.Range(types.Position(line, 0), types.Position(line, 0)),
                          f"<!-- wikilint-disable-next-line {rule} -->\n")


def make_server() -> WikilintServer:
    server = WikilintServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WikilintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WikilintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: WikilintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if os.path.basename(to_fs_path(uri) or "") in CONFIG_FILES:
            ls.reload_config()
            for other in list(ls.linted):
                ls.lint_now(other)
            return
        ls.lint_now(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WikilintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.linted.pop(uri, None)
        ls.publish(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: WikilintServer, params: types.DidChangeWatchedFilesParams
                           ) -> None:
        if any(os.path.basename(to_fs_path(c.uri) or "") in CONFIG_FILES
               for c in params.changes):
            ls.reload_config()
            for other in list(ls.linted):
                ls.lint_now(other)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: WikilintServer, params: types.CodeActionParams
                    ) -> list[types.CodeAction]:
        return ls.code_actions(params)

    return server


def serve() -> int:
    """Speak LSP on stdin/stdout until ``exit``."""
    make_server().start_io()
    return 0


if __name__ == "__main__":  # python -m wikilint.server.lsp
    sys.exit(serve())
