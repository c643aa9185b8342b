"""``github``: GitHub Actions workflow commands, shown as annotations on the diff::

    ::warning file=a.wiki,line=3,col=5,endLine=3,endColumn=9,title=WL301 (unbalanced-quotes)::text

Escaping follows the Actions toolkit (``@actions/core`` ``command.ts``): in
the message ``%``, CR and LF are percent-encoded; in property values also
``:`` and ``,``.  Severities map to ``error``/``warning``/``notice``.
Columns are only sent for one-line spans (GitHub rejects them otherwise).
"""

from __future__ import annotations

from wikilint.lint.rule import Finding, Severity
from wikilint.output.base import Formatter, Summary, relative_path

__all__ = ["GithubFormatter", "escape_data", "escape_property"]

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}"
                     for key, value in properties.items() if value is not None)
    return f"::{command} {props}::{escape_data(message)}" if props else \
        f"::{command}::{escape_data(message)}"


class GithubFormatter(Formatter):
    name = "github"

    def write_finding(self, f: Finding) -> None:
        one_line = f.end_line == f.line
        self.write(workflow_command(
            _LEVELS.get(f.severity, "warning"), f.message,
            file=relative_path(f.path), line=f.line,
            col=f.column if one_line else None,
            endLine=f.end_line,
            endColumn=f.end_column if one_line else None,
            title=f"{f.code} ({f.rule})") + "\n")

    def finish(self, summary: Summary) -> None:
        for error in summary.errors:
            self.write(workflow_command("error", error, title="wikilint") + "\n")
