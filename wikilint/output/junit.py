"""``junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``<testsuite>`` per file checked, one failing ``<testcase>`` per
finding; a file without findings gets one passing test case, so every file
appears in the report.  Files or rules that failed are ``<error>`` cases.
The XML is built with ElementTree (so it is escaped and well formed) after
removing characters XML 1.0 cannot hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from wikilint.lint.rule import Finding
from wikilint.output.base import Formatter, Summary

__all__ = ["JunitFormatter", "xml_safe"]

# Characters outside XML 1.0's Char production (C0 controls other than tab/LF/CR,
# lone surrogates, U+FFFE/U+FFFF) would make the report unreadable.
_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML 1.0 cannot represent replaced by U+FFFD."""
    return _INVALID_XML.sub("\ufffd", text)


class JunitFormatter(Formatter):
    name = "junit"

    def finish(self, summary: Summary) -> None:
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            by_file[f.path].append(f)
        paths = list(dict.fromkeys([*self.files, *by_file]))
        root = ET.Element("testsuites", name="wikilint", tests="0", failures="0",
                          errors=str(len(summary.errors)))
        tests = failures = 0
        for path in paths:
            suite = self._suite(root, path, by_file.get(path, []))
            tests += int(suite.get("tests", "0"))
            failures += int(suite.get("failures", "0"))
        if summary.errors:
            suite = ET.SubElement(root, "testsuite", name="wikilint errors",
                                  tests=str(len(summary.errors)), failures="0",
                                  errors=str(len(summary.errors)))
            for n, message in enumerate(summary.errors, 1):
                case = ET.SubElement(suite, "testcase", name=f"error {n}", classname="wikilint")
                error = ET.SubElement(case, "error", message=xml_safe(message), type="error")
                error.text = xml_safe(message)
            tests += len(summary.errors)
        root.set("tests", str(tests))
        root.set("failures", str(failures))
        ET.indent(root)
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.write(ET.tostring(root, encoding="unicode") + "\n")

    def _suite(self, root: ET.Element, path: str, findings: list[Finding]) -> ET.Element:
        name = xml_safe(path)
        suite = ET.SubElement(root, "testsuite", name=name, tests=str(max(1, len(findings))),
                              failures=str(len(findings)), errors="0")
        if not findings:
            ET.SubElement(suite, "testcase", name="wikilint", classname=name, file=name)
            return suite
        for f in findings:
            case = ET.SubElement(suite, "testcase",
                                 name=xml_safe(f"{f.code} {f.rule} at {f.line}:{f.column}"),
                                 classname=name, file=name, line=str(f.line))
            failure = ET.SubElement(case, "failure", message=xml_safe(f.message), type=f.code)
            failure.text = xml_safe(f"{f.path}:{f.line}:{f.column}: {f.code} "
                                    f"[{f.severity.value}] {f.message} ({f.rule})")
        return suite
