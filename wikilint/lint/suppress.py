"""Suppression comments, read from the tree's ``Comment`` nodes.

::

    <!-- wikilint-disable RULE, RULE -->         from here on …
    <!-- wikilint-enable RULE -->                … until here
    <!-- wikilint-disable-next-line RULE -->     the line after the comment
    <!-- wikilint-disable-line RULE -->          the comment's own line(s)
    <!-- wikilint-disable-file RULE -->          the whole page

RULE is a rule name (``unbalanced-quotes``) or code (``WL301``); several are
separated by commas or spaces; no list means every rule.  Text after `` -- ``
is a reason, ignored.  Because directives come from ``Comment`` nodes, a
directive shown inside ``<nowiki>`` or ``<pre>`` is not one (MediaWiki
does not parse their contents; inside ``<code>`` a comment is a comment).

A finding is suppressed by a disable-file directive, a line directive on its
line, or when the last disable/enable directive before it that concerns its
rule is a disable.  :func:`apply_suppressions` filters findings and reports,
as unused-suppression (WL901), directives that suppressed nothing.  The
rule's own ``check`` reports what is wrong with a directive by itself
(malformed, unknown rule, an enable with nothing to enable): see
:func:`directive_problems`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from wikilint.lint.rule import Edit, Finding, Fix, Rule, Severity
from wikilint.lint.selection import rule_for_key
from wikilint.records import FrozenRecord, Record, ValueRecord
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import Comment, Document, Heading, Node, Section

__all__ = ["Directive", "DirectiveProblem", "parse_directives", "directive_problems",
           "apply_suppressions", "SuppressionResult", "KINDS", "RULE_CODE", "RULE_NAME"]

RULE_CODE = "WL901"
RULE_NAME = "unused-suppression"
KINDS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")

_CANDIDATE = compile_cached(r"\s*wikilint(?![\w])", re.IGNORECASE)
_DIRECTIVE = compile_cached(
    r"\s*wikilint-(disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?=\s|$)(.*)\Z", re.DOTALL)
_KEY = compile_cached(r"[A-Za-z][A-Za-z0-9_-]*\Z")


class Directive(Record):
    """One well-formed directive; ``keys`` as written (empty: every rule)."""

    __slots__ = ("kind", "keys", "start", "end", "line", "end_line", "rules", "unknown", "used")
    kind: str
    keys: tuple[str, ...]
    start: int
    end: int
    line: int
    end_line: int
    rules: dict[str, str]  # key -> rule name (known keys)
    unknown: tuple[str, ...]
    used: set[str]  # rule names it suppressed something for

    def __init__(self, kind: str, keys: tuple[str, ...], start: int, end: int, line: int,
                 end_line: int, rules: dict[str, str] | None = None, unknown: tuple[str, ...] = (),
                 used: set[str] | None = None) -> None:
        self.kind = kind
        self.keys = keys
        self.start = start
        self.end = end
        self.line = line
        self.end_line = end_line
        self.rules = {} if rules is None else rules
        self.unknown = unknown
        self.used = set() if used is None else used

    @property
    def all_rules(self) -> bool:
        return not self.keys

    def concerns(self, rule_name: str) -> bool:
        return self.all_rules or rule_name in self.rules.values()

    @property
    def text(self) -> str:
        return f"wikilint-{self.kind}" + (f" {', '.join(self.keys)}" if self.keys else "")


class DirectiveProblem(FrozenRecord):
    """A comment that looks like a directive but is not a valid one."""

    __slots__ = ("start", "end", "message", "fix")
    start: int
    end: int
    message: str
    fix: Fix | None

    def __init__(self, start: int, end: int, message: str, fix: Fix | None = None) -> None:
        self.start = start
        self.end = end
        self.message = message
        self.fix = fix


_COMMENT = compile_cached(r"<!--(.*?)-->", re.DOTALL)


def _comments(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, contents) of the page's closed comments, in source order.

    Besides the tree's ``Comment`` nodes this looks at the rest of each heading's
    line: the parser does not keep a comment after a heading's closing ``==``
    (``== Notes ==<!-- … -->``) in the tree, and editors put notes there.
    """
    found = [(node.start, node.end, node.contents) for node in doc.filter(Comment) if node.closed]
    seen = {start for start, _, _ in found}
    text = doc.source.text
    for heading in doc.filter(Heading):
        stop = text.find("\n", heading.end)
        stop = len(text) if stop == -1 else stop
        for m in _COMMENT.finditer(text, heading.end, stop):
            if m.start() not in seen and not _covered(doc, m.start()):
                found.append((m.start(), m.end(), m.group(1)))
    return sorted(found)


def _covered(doc: Document, offset: int) -> bool:
    """Is ``offset`` inside some node other than a section (i.e. parsed as something)?"""
    node: Node = doc
    while True:
        inner = next((c for c in node.children if c.start <= offset < c.end), None)
        if inner is None:
            return not isinstance(node, (Document, Section))
        node = inner


def parse_directives(doc: Document, rules: Sequence[type[Rule]]
                     ) -> tuple[list[Directive], list[DirectiveProblem]]:
    """The page's directives, in order, and the malformed ones."""
    directives: list[Directive] = []
    problems: list[DirectiveProblem] = []
    source = doc.source
    for start, end, body in _comments(doc):
        if not _CANDIDATE.match(body):
            continue
        parsed = _parse_one(body)
        if isinstance(parsed, str):
            problems.append(DirectiveProblem(start, end, f"malformed suppression comment "
                                             f"'{_clip(body.strip())}': {parsed}"))
            continue
        kind, keys = parsed
        known: dict[str, str] = {}
        unknown: list[str] = []
        for key in keys:
            rule = rule_for_key(key, rules)
            if rule is None:
                unknown.append(key)
            else:
                known[key] = rule.name
        line = source.line_col(start)[0]
        end_line = source.line_col(max(start, end - 1))[0]
        directives.append(Directive(kind, keys, start, end, line, end_line, known,
                                    tuple(unknown)))
    return directives, problems


def _parse_one(body: str) -> tuple[str, tuple[str, ...]] | str:
    """(kind, rule keys) or the reason the comment is malformed."""
    m = _DIRECTIVE.match(body)
    if m is None:
        return _unknown_directive(body)
    kind, rest = m.group(1), m.group(2)
    reason_at = re.search(r"(?:^|\s)--(?:\s|\Z)", rest)
    if reason_at is not None:
        rest = rest[:reason_at.start()]
    keys: list[str] = []
    for token in re.split(r"[\s,]+", rest.strip()):
        if not token:
            continue
        if not _KEY.match(token):
            return (f"'{_clip(token, 40)}' is not a rule name or code (separate rules with "
                    "commas; put a reason after ' -- ')")
        if token not in keys:
            keys.append(token)
    return kind, tuple(keys)


def _unknown_directive(body: str) -> str:
    import difflib

    words = re.findall(r"[\w-]+", body.lower())[:3]
    tokens = body.split()
    written = _clip(tokens[0] if "-" in tokens[0] else " ".join(tokens[:2]), 40)
    guesses = ["-".join(words[:n]) for n in (1, 2, 3)] + [words[0].replace("_", "-")]
    kinds = [f"wikilint-{k}" for k in KINDS]
    close = [c for g in guesses for c in difflib.get_close_matches(g, kinds, 1, 0.75)]
    hint = f"did you mean '{close[-1]}'? " if close else ""
    return f"unknown directive '{written}' ({hint}directives: {', '.join(kinds)})"


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _block_state(directives: Sequence[Directive], rule_name: str, offset: int
                 ) -> Directive | None:
    """The last disable/enable directive before ``offset`` concerning the rule."""
    last: Directive | None = None
    for d in directives:
        if d.start > offset:
            break
        if d.kind in ("disable", "enable") and d.concerns(rule_name):
            last = d
    return last


_ANY = "\x00every rule"  # concerned only by directives without a rule list


def _enables_nothing(directives: Sequence[Directive], enable: Directive) -> bool:
    before = [d for d in directives if d.start < enable.start]
    if enable.all_rules:
        names = {n for d in before if d.kind == "disable" for n in d.rules.values()} | {_ANY}
    else:
        names = set(enable.rules.values())
    for name in names:
        state = _block_state(before, name, enable.start)
        if state is not None and state.kind == "disable":
            return False
    return True


Parsed = tuple[list[Directive], list[DirectiveProblem]]


def directive_problems(doc: Document, rules: Sequence[type[Rule]], parsed: Parsed | None = None
                       ) -> list[DirectiveProblem]:
    """What is wrong with the page's directives on their own: malformed comments,
    unknown rules, enables with nothing to enable.

    ``parsed`` is :func:`parse_directives`'s result when the caller has it
    (the pipeline parses a page's directives once, see ``Context.directives``).
    """
    directives, problems = parsed if parsed is not None else parse_directives(doc, rules)
    out = list(problems)
    for d in directives:
        for key in d.unknown:
            out.append(DirectiveProblem(d.start, d.end, _unknown_message(key, d, rules)))
        if d.kind == "enable" and not d.unknown and _enables_nothing(directives, d):
            what = "any rule" if d.all_rules else ", ".join(d.keys)
            out.append(DirectiveProblem(
                d.start, d.end, f"'{d.text}' enables nothing: no earlier wikilint-disable "
                f"of {what} is in force here; remove the comment",
                _removal_fix(doc.source.text, d.start, d.end)))
    return sorted(out, key=lambda p: (p.start, p.message))


def _unknown_message(key: str, d: Directive, rules: Sequence[type[Rule]]) -> str:
    import difflib

    words = [r.name for r in rules] + [r.code for r in rules]
    close = difflib.get_close_matches(key, words, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else " (see 'wikilint rules')"
    return f"'{d.text}' names unknown rule '{key}'{hint}"


def _removal_fix(text: str, start: int, end: int) -> Fix:
    """Delete a comment, and its line when the comment is alone on it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        stop = line_end + 1 if line_end < len(text) else line_end
        begin = line_start if stop > line_end or line_start == 0 else line_start - 1
        return Fix((Edit(begin, stop, ""),), True, "remove the unused suppression comment")
    # inline: take one adjacent space with it so no double space is left
    if start > 0 and text[start - 1] == " " and end < len(text) and text[end] in " \n":
        start -= 1
    return Fix((Edit(start, end, ""),), True, "remove the unused suppression comment")


class SuppressionResult(ValueRecord):
    __slots__ = ("findings", "suppressed")
    findings: list[Finding]
    suppressed: list[Finding]

    def __init__(self, findings: list[Finding], suppressed: list[Finding]) -> None:
        self.findings = findings
        self.suppressed = suppressed


def _suppressor(directives: Sequence[Directive], f: Finding) -> Directive | None:
    for d in directives:
        if not d.concerns(f.rule):
            continue
        if d.kind == "disable-file":
            return d
        if d.kind == "disable-line" and d.line <= f.line <= d.end_line:
            return d
        if d.kind == "disable-next-line" and f.line == d.end_line + 1:
            return d
    state = _block_state(directives, f.rule, f.start)
    return state if state is not None and state.kind == "disable" else None


def _where(kind: str) -> str:
    return {"disable-next-line": "on the next line", "disable-line": "on this line",
            "disable-file": "in this page", "disable": "after it"}.get(kind, "")


def _unused_findings(doc: Document, directives: Sequence[Directive], active: set[str],
                     path: str, severity: Severity, only: str | None) -> list[Finding]:
    out: list[Finding] = []
    text = doc.source.text
    for d in directives:
        if d.kind == "enable" or d.unknown:
            continue
        if d.all_rules:
            if only is not None or d.used:
                continue
            message = (f"unused suppression '{d.text}': no finding {_where(d.kind)} to "
                       "suppress; remove the comment")
            fix = _removal_fix(text, d.start, d.end)
            fix = Fix(fix.edits, False, fix.description)  # other rule selections may need it
        else:
            names = [(k, n) for k, n in d.rules.items()
                     if n in active and n not in d.used and (only is None or n == only)
                     and (only is not None or n != RULE_NAME)]
            if not names:
                continue
            unused_keys = [k for k, _ in names]
            left = [k for k in d.keys if k not in unused_keys]
            listing = ", ".join(f"'{k}'" for k in unused_keys)
            if left:
                message = (f"unused suppression of {listing} in '{d.text}': no such finding "
                           f"{_where(d.kind)}; remove {'it' if len(names) == 1 else 'them'} "
                           "from the list")
                new = f"<!-- wikilint-{d.kind} {', '.join(left)} -->"
                fix = Fix((Edit(d.start, d.end, new),), True, "drop the unused rules")
            else:
                message = (f"unused suppression '{d.text}': no {listing} finding "
                           f"{_where(d.kind)}; remove the comment")
                fix = _removal_fix(text, d.start, d.end)
        line, col = doc.source.line_col(d.start)
        end_line, end_col = doc.source.line_col(d.end)
        out.append(Finding(path, RULE_CODE, RULE_NAME, severity, message, d.start, d.end,
                           line, col, end_line, end_col, fix))
    return out


def apply_suppressions(doc: Document, findings: Iterable[Finding], *,
                       rules: Sequence[type[Rule]], active: Iterable[str],
                       path: str | None = None,
                       severity: Severity = Severity.WARNING,
                       parsed: Parsed | None = None) -> SuppressionResult:
    """Drop suppressed findings; add unused-suppression findings when that rule is in
    ``active`` (the names of the rules that ran on this file).

    ``parsed``: the page's :func:`parse_directives`, when already parsed; its
    directives record what they suppressed (``used``).
    """
    findings = list(findings)
    active_names = set(active)
    directives, _ = parsed if parsed is not None else parse_directives(doc, rules)
    if not directives:
        return SuppressionResult(findings, [])
    path = path if path is not None else doc.source.path
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    own: list[Finding] = []
    for f in findings:
        if f.rule == RULE_NAME:
            own.append(f)
            continue
        d = _suppressor(directives, f)
        if d is None:
            kept.append(f)
        else:
            d.used.add(f.rule)
            suppressed.append(f)
    if RULE_NAME in active_names:
        own.extend(_unused_findings(doc, directives, active_names, path, severity, None))
        # unused-suppression findings are suppressed only by directives naming it
        named = [d for d in directives if not d.all_rules and RULE_NAME in d.rules.values()]
        for f in own:
            d = _suppressor(named, f)
            if d is None:
                kept.append(f)
            else:
                d.used.add(RULE_NAME)
                suppressed.append(f)
        kept.extend(_unused_findings(doc, named, active_names, path, severity, RULE_NAME))
    else:
        kept.extend(own)
    kept.sort(key=Finding.sort_key)
    return SuppressionResult(kept, suppressed)
