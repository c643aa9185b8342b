"""WL101 unclosed-markup: wiki markup the parser could not pair (``{{``, ``[[``, ``<ref>``…)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from wikilint.lint.rule import Context, Edit, Fix, Rule, Severity
from wikilint.syntax.nodes import (
    Argument,
    Comment,
    Document,
    ExternalLink,
    MarkupProblem,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from wikilint.syntax.vocabulary import OPAQUE_TAGS, PARSED_TAGS

__all__ = ["UnclosedMarkup", "RULE", "malformed_closers"]

# Extension tags: an unclosed one is shown as raw text with everything it was
# meant to hold (MediaWiki's preprocessor treats an opener without its closer
# as text); these are errors, like '{{', '<!--' and '{|'.
_EXTENSION_TAGS = PARSED_TAGS | OPAQUE_TAGS
_SWALLOWING = frozenset({"{{", "<!--", "{|"})

# MediaWiki closes an extension tag only with "</name>" (optional spaces before
# ">"): "</ref name=x>" is text, and the parser reads it so; it is reported
# here as a malformed closer, since the author meant it to close something.
_MALFORMED_CLOSER_RE = re.compile(
    r"</(" + "|".join(sorted(PARSED_TAGS)) + r")(?![^\s>/])(?!\s*>)[^<>]*>", re.I)

# Typos with one bracket short: "[[Target|text]" and "{{name|x}", or "[Target]]".
_LINK_ONE_SHORT_RE = re.compile(r"\[\[[^\[\]{}<>\n|]+(?:\|[^\[\]{}<>\n]*)?\](?!\])")
_TEMPLATE_ONE_SHORT_RE = re.compile(r"\{\{[^{}\[\]<>\n|]+(?:\|[^{}<>\n]*)?\}(?!\})")
_LINK_OPENER_SHORT_RE = re.compile(r"(?<!\[)\[[^\[\]{}<>\n|:/]+(?:\|[^\[\]{}<>\n]*)?$")
_TEMPLATE_OPENER_SHORT_RE = re.compile(r"(?<!\{)\{[^{}\[\]<>\n|]+(?:\|[^{}<>\n]*)?$")

_QUOTE_LEN = 40


def malformed_closers(text: str) -> list[tuple[int, int]]:
    """Spans of extension-tag closers with attributes (``</ref name="x">``)."""
    return [m.span() for m in _MALFORMED_CLOSER_RE.finditer(text)]


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _after(text: str, start: int) -> str:
    """The source from ``start``, on its line, shortened."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    snippet = text[start:min(line_end, start + _QUOTE_LEN)]
    more = line_end > start + _QUOTE_LEN
    return _one_line(snippet) + ("\u2026" if more else "")


def _before(text: str, end: int) -> str:
    """The source up to ``end``, on its line, shortened."""
    line_start = text.rfind("\n", 0, end) + 1
    begin = max(line_start, end - _QUOTE_LEN)
    return ("\u2026" if begin > line_start else "") + _one_line(text[begin:end])


def _is_minor(p: MarkupProblem) -> bool:
    """Problems that do not hide or garble content: reported as warnings."""
    if p.kind == "stray":
        return True
    if p.markup in _SWALLOWING:
        return False
    if p.markup.startswith("<"):
        return p.markup.strip("<>/") not in _EXTENSION_TAGS
    return True  # "[[": the link shows as text, nothing else is lost


def _message(p: MarkupProblem, text: str) -> str:
    markup = p.markup
    written = _one_line(text[p.start:p.end])
    if p.kind == "stray":
        if markup in ("}}", "]]"):
            opener = "{{" if markup == "}}" else "[["
            return (f"stray '{markup}' with no opening '{opener}': '{_before(text, p.end)}'; "
                    f"remove it or add the missing '{opener}'")
        name = markup.strip("</>")
        return (f"stray '{written}' with no opening <{name}>: remove it or add the missing "
                f"'<{name}>'")
    if markup == "{{":
        return (f"'{{{{' opened here is never closed with '}}}}': '{_after(text, p.start)}' "
                "shows as raw text; add '}}' where the template ends")
    if markup == "[[":
        return (f"'[[' opened here is never closed with ']]': '{_after(text, p.start)}' "
                "shows as raw text; add ']]' after the link")
    if markup == "<!--":
        lines = text.count("\n", p.start) + 1
        return (f"'<!--' opened here is never closed with '-->': the rest of the page "
                f"({lines} line{'s' if lines != 1 else ''}) is hidden; add '-->' where the "
                "comment ends")
    if markup == "{|":
        return ("table '{|' opened here is never closed with '|}': what follows is drawn "
                "inside the table; add '|}' after the last row")
    name = markup.strip("<>")
    if name == "ref":
        return (f"'{written}' opened here is never closed with '</ref>': the citation shows "
                "as page text; add '</ref>' where it ends")
    if name in _EXTENSION_TAGS:
        self_closing = " or write it self-closing" if name == "references" else ""
        return (f"'{written}' opened here is never closed with '</{name}>': it shows as raw "
                f"text; add '</{name}>'{self_closing}")
    return (f"'{written}' opened here is never closed with '</{name}>'; add '</{name}>' "
            "where it should end")


def _fix(p: MarkupProblem, text: str) -> Fix | None:
    """Add the bracket missing from "[[Target]", "{{name}", "[Target]]" or "{name}}"."""
    if p.kind == "unclosed" and p.markup in ("[[", "{{"):
        pattern = _LINK_ONE_SHORT_RE if p.markup == "[[" else _TEMPLATE_ONE_SHORT_RE
        m = pattern.match(text, p.start)
        if m is None:
            return None
        char = "]" if p.markup == "[[" else "}"
        return Fix((Edit(m.end(), m.end(), char),), safe=False,
                   description=f"add the missing '{char}'")
    if p.kind == "stray" and p.markup in ("]]", "}}"):
        line_start = text.rfind("\n", 0, p.start) + 1
        pattern = _LINK_OPENER_SHORT_RE if p.markup == "]]" else _TEMPLATE_OPENER_SHORT_RE
        m = pattern.search(text, line_start, p.start)
        if m is None:
            return None
        char = "[" if p.markup == "]]" else "{"
        return Fix((Edit(m.start(), m.start(), char),), safe=False,
                   description=f"add the missing '{char}'")
    return None


# The parser records stray '}}' and ']]' only at the top level of the page;
# inside a <ref> (or another extension tag with wikitext contents) they are
# left as plain text, though MediaWiki shows them just the same.
_CONSTRUCTS = (Template, Argument, Wikilink, ExternalLink, Tag)
_STRAY_IN_TAG_RE = re.compile(r"(?<![\]}])(\]\]|\}\})(?![\]}])")


@dataclasses.dataclass(frozen=True)
class _Finding:
    start: int
    end: int
    minor: bool
    message: str


def _strays_in_tags(doc: Document) -> Iterator[_Finding]:
    """Stray '}}' and ']]' inside extension tags: one finding per tag."""
    text = doc.text
    found: dict[int, tuple[Tag, list[tuple[int, int]]]] = {}
    for node in doc.walk():
        if type(node) is not Text:
            continue
        value = str(node)
        if "}}" not in value and "]]" not in value:
            continue
        owner = _owner(node)
        if not isinstance(owner, Tag) or owner.name not in PARSED_TAGS:
            continue
        spans = found.setdefault(owner.start, (owner, []))[1]
        spans.extend((node.start + m.start(), node.start + m.end())
                     for m in _STRAY_IN_TAG_RE.finditer(value))
    for tag, spans in found.values():
        if spans:
            yield _stray_finding(text, tag, spans)


def _stray_finding(text: str, tag: Tag, spans: list[tuple[int, int]]) -> _Finding:
    start, end = spans[0]
    markup = text[start:end]
    if markup == "}}":
        early = _closed_early(text, tag, spans)
        if early is not None:
            name = "{{" + early.name_text
            return _Finding(
                early.end - 2, early.end, False,
                f"'}}}}' in '{_before(text, early.end)}' closes '{name}' early: the rest of "
                f"its parameters shows as text up to a stray '}}}}'; write those braces "
                "as &#123; &#125; or in <math>")
    more = len(spans) - 1
    also = f" (and {more} more in this <{tag.name}>)" if more else ""
    opener = "{{" if markup == "}}" else "[["
    return _Finding(start, end, True,
                    f"stray '{markup}' with no opening '{opener}' in <{tag.name}>"
                    f"{also}: '{_before(text, end)}'; remove it or add the missing '{opener}'")


_PARAMETER_TEXT_RE = re.compile(r"\|\s*[\w-]+\s*=")


def _closed_early(text: str, tag: Tag, spans: list[tuple[int, int]]) -> Template | None:
    """The template before the strays whose parameters go on after it: '{{cite|t={x}}|a=b}}'."""
    before = [c for c in tag.children if type(c) is Template and c.end <= spans[0][0]]
    if not before:
        return None
    tpl = before[-1]
    tail = text[tpl.end:spans[-1][0]]
    if "\n" in tail or not _PARAMETER_TEXT_RE.search(tail):
        return None
    return tpl


# Two more places where a missing closer leaves no unpaired markup behind,
# because MediaWiki (and the parser) close the construct at the *next*
# closer on the page: a <ref> missing its '</ref>' runs to the next
# citation's '</ref>', swallowing the text between; a comment missing its
# '-->' runs to the next comment's '-->'.  The tell is an opener inside.
_REF_OPENER_RE = re.compile(r"<ref(?:\s[^<>]*?)?(?<!/)>", re.I)


def _swallowing_constructs(doc: Document) -> Iterator[_Finding]:
    text = doc.text
    for node in doc.walk():
        if type(node) is Comment:
            inner = text.find("<!--", node.start + 4, node.end)
            if inner >= 0:
                line = doc.line_col(inner)[0]
                yield _Finding(node.start, node.start + 4, False,
                               f"'<!--' opened here is probably missing its '-->': another "
                               f"'<!--' starts inside the comment (line {line}) and the text "
                               "between is hidden; add '-->' where this comment ends")
        elif type(node) is Tag and node.name == "ref" and node.contents:  # type: ignore[attr-defined]
            for inner_node in node.walk():
                if type(inner_node) is not Text:
                    continue
                m = _REF_OPENER_RE.search(str(inner_node))
                if m is None or _owner(inner_node) is not node:
                    continue
                line = doc.line_col(inner_node.start + m.start())[0]
                written = _one_line(text[node.start:node.open_end])  # type: ignore[attr-defined]
                yield _Finding(node.start, node.open_end, False,  # type: ignore[attr-defined]
                               f"'{written}' opened here is not closed before the next "
                               f"'{_one_line(m.group())}' (line {line}): the text between "
                               "moves into the footnote; add '</ref>' where this citation ends")
                break


def _owner(node: Node) -> Node | None:
    for anc in node.ancestors():
        if isinstance(anc, _CONSTRUCTS):
            return anc
    return None


class UnclosedMarkup(Rule):
    """Wiki markup that is opened and never closed, or closed and never opened.

    ## What it does
    Reports what the parser could not pair: ``{{`` without ``}}``, ``[[``
    without ``]]``, ``<ref>`` without ``</ref>``, ``<!--`` without ``-->``,
    ``{|`` without ``|}``, HTML tags such as ``<small>`` or ``<div>`` left
    open, and stray closers (``}}``, ``]]``, ``</ref>``, ``</div>``) with
    no opener.  A closing tag with attributes (``</ref name="x">``), which
    MediaWiki shows as text, is reported too.

    Severity: **error** for markup that hides or garbles content (an
    unclosed ``{{``, ``<!--``, ``{|``, ``<ref>`` or other extension tag:
    the rest of the page disappears into a comment or a table, or the raw
    template or citation is printed in the article); **warning** for the
    rest (an unclosed ``[[``, stray closers, unpaired HTML formatting tags,
    which MediaWiki's HTML clean-up repairs).  A severity configured for the
    rule lowers both.

    An unclosed link, template or tag also leaves the brackets, quotation marks and
    formatting inside it unpaired; those findings at the same place are left to this
    rule (it supersedes unbalanced-brackets, unbalanced-quotes and unclosed-formatting).

    ## Why is this bad?
    Broken markup shows readers raw wikitext (``{{cite web|…``) or hides
    text; citations that never close make the verifiability the
    Verifiability policy and WP:CITE ask for impossible.  Help:Wikitext and
    MOS:MARKUP ask that markup be well formed.

    ## Example
    ```wikitext
    The river is long.<ref>{{cite web|title=Rivers|url=http://example.org}}
    It flows north.
    ```

    ## Use instead
    ```wikitext
    The river is long.<ref>{{cite web|title=Rivers|url=http://example.org}}</ref>
    It flows north.
    ```

    ## Options
    None.

    ## Fix safety
    Only a one-bracket typo is fixed: ``[[Target|text]`` and ``{{name|x}``
    get their missing ``]`` or ``}``, ``[Target]]`` and ``{name}}`` their
    missing opener, on the same line.  The fix is unsafe (applied with
    ``--unsafe-fixes``): the author may have meant to close elsewhere, or
    to remove the markup.  Other problems have no fix: only the author
    knows where a comment, table or citation was meant to end.
    """

    code = "WL101"
    name = "unclosed-markup"
    supersedes = ("unbalanced-brackets", "unbalanced-quotes", "unclosed-formatting")
    supersedes_within = "reach"
    summary = "Wiki markup opened and never closed, or closed and never opened"
    severity = Severity.ERROR
    tags = ("markup",)
    fixable = "sometimes"
    fix_safe = False
    visits_document = True
    dialects = ("wikitext",)

    def check(self, doc: Document, ctx: Context) -> None:
        text = doc.text
        problems = list(doc.problems)
        for start, end in malformed_closers(text):
            written = _one_line(text[start:end])
            self._report(ctx, start, end, True,
                         f"malformed closing tag '{written}': a closing tag takes no "
                         "attributes, so MediaWiki shows it as text; remove it")
        for p in _collapse(sorted(problems, key=lambda p: (p.start, p.end))):
            # an unclosed construct shows as raw text to the end of its line: the
            # brackets, quotes and formatting in that text are its consequences
            eol = text.find("\n", p.start)
            reach = (p.start, len(text) if eol < 0 else eol) if p.kind == "unclosed" else None
            self._report(ctx, p.start, p.end, _is_minor(p), _message(p, text), _fix(p, text),
                         reach)
        for f in (*_strays_in_tags(doc), *_swallowing_constructs(doc)):
            self._report(ctx, f.start, f.end, f.minor, f.message)

    @staticmethod
    def _report(ctx: Context, start: int, end: int, minor: bool, message: str,
                fix: Fix | None = None, reach: tuple[int, int] | None = None) -> None:
        # a minor problem is graded a warning (see the class docstring)
        ctx.report(start, end, message, fix, severity=Severity.WARNING if minor else None,
                   reach=reach)


def _collapse(problems: list[MarkupProblem]) -> list[MarkupProblem]:
    """One finding per span: the parser may record one opener twice."""
    out: list[MarkupProblem] = []
    seen: set[tuple[int, int]] = set()
    for p in problems:
        if (p.start, p.end) not in seen:
            seen.add((p.start, p.end))
            out.append(p)
    return out


RULE = UnclosedMarkup
