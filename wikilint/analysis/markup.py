"""Wiki markup the parser could not pair, and what each unpaired construct does to a page.

The parser records what it could not pair (``Document.problems``: ``{{``
without ``}}``, ``[[`` without ``]]``, ``<ref>`` without ``</ref>``, ``<!--``
without ``-->``, ``{|`` without ``|}``, stray closers).  This module adds
what leaves no unpaired markup behind: a closing tag with attributes
(``</ref name=x>``), stray ``}}`` and ``]]`` inside a ``<ref>``, a ``<ref>``
or comment missing its closer that runs to the next one; words each problem
(what the reader sees) and proposes a repair for one-bracket typos.  Used by
the rule unclosed-markup (WL101).
"""

from __future__ import annotations

import re

from wikilint.analysis.edits import Repair, TextEdit
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached
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

__all__ = ["MarkupFinding", "malformed_closers", "page_problems", "node_problems",
           "UNIT_NODES"]


class MarkupFinding(FrozenRecord):
    """A markup problem to report; ``minor`` ones do not hide or garble content."""

    __slots__ = ("start", "end", "minor", "message", "repair", "reach")
    start: int
    end: int
    minor: bool
    message: str
    repair: Repair | None
    reach: tuple[int, int] | None

    def __init__(self, start: int, end: int, minor: bool, message: str,
                 repair: Repair | None = None, reach: tuple[int, int] | None = None) -> None:
        self.start = start
        self.end = end
        self.minor = minor
        self.message = message
        self.repair = repair
        self.reach = reach


# Extension tags: an unclosed one is shown as raw text with everything it was
# meant to hold (MediaWiki's preprocessor treats an opener without its closer
# as text); these are errors, like '{{', '<!--' and '{|'.
_EXTENSION_TAGS = PARSED_TAGS | OPAQUE_TAGS
_SWALLOWING = frozenset({"{{", "<!--", "{|"})

# MediaWiki closes an extension tag only with "</name>" (optional spaces before
# ">"): "</ref name=x>" is text, and the parser reads it so; it is reported
# here as a malformed closer, since the author meant it to close something.
_MALFORMED_CLOSER_RE = compile_cached(
    r"</(" + "|".join(sorted(PARSED_TAGS)) + r")(?![^\s>/])(?!\s*>)[^<>]*>", re.I)

# Typos with one bracket short: "[[Target|text]" and "{{name|x}", or "[Target]]".
_LINK_ONE_SHORT_RE = compile_cached(r"\[\[[^\[\]{}<>\n|]+(?:\|[^\[\]{}<>\n]*)?\](?!\])")
_TEMPLATE_ONE_SHORT_RE = compile_cached(r"\{\{[^{}\[\]<>\n|]+(?:\|[^{}<>\n]*)?\}(?!\})")
_LINK_OPENER_SHORT_RE = compile_cached(r"(?<!\[)\[[^\[\]{}<>\n|:/]+(?:\|[^\[\]{}<>\n]*)?$")
_TEMPLATE_OPENER_SHORT_RE = compile_cached(r"(?<!\{)\{[^{}\[\]<>\n|]+(?:\|[^{}<>\n]*)?$")

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


def _repair(p: MarkupProblem, text: str) -> Repair | None:
    """Add the bracket missing from "[[Target]", "{{name}", "[Target]]" or "{name}}"."""
    if p.kind == "unclosed" and p.markup in ("[[", "{{"):
        pattern = _LINK_ONE_SHORT_RE if p.markup == "[[" else _TEMPLATE_ONE_SHORT_RE
        m = pattern.match(text, p.start)
        if m is None:
            return None
        char = "]" if p.markup == "[[" else "}"
        return Repair((TextEdit(m.end(), m.end(), char),), safe=False,
                   description=f"add the missing '{char}'")
    if p.kind == "stray" and p.markup in ("]]", "}}"):
        line_start = text.rfind("\n", 0, p.start) + 1
        pattern = _LINK_OPENER_SHORT_RE if p.markup == "]]" else _TEMPLATE_OPENER_SHORT_RE
        m = pattern.search(text, line_start, p.start)
        if m is None:
            return None
        char = "[" if p.markup == "]]" else "{"
        return Repair((TextEdit(m.start(), m.start(), char),), safe=False,
                   description=f"add the missing '{char}'")
    return None


# The parser records stray '}}' and ']]' only at the top level of the page;
# inside a <ref> (or another extension tag with wikitext contents) they are
# left as plain text, though MediaWiki shows them just the same.
_CONSTRUCTS = (Template, Argument, Wikilink, ExternalLink, Tag)
_STRAY_IN_TAG_RE = compile_cached(r"(?<![\]}])(\]\]|\}\})(?![\]}])")


def _stray_finding(text: str, tag: Tag, spans: list[tuple[int, int]]) -> MarkupFinding:
    start, end = spans[0]
    markup = text[start:end]
    if markup == "}}":
        early = _closed_early(text, tag, spans)
        if early is not None:
            name = "{{" + early.name_text
            return MarkupFinding(
                early.end - 2, early.end, False,
                f"'}}}}' in '{_before(text, early.end)}' closes '{name}' early: the rest of "
                f"its parameters shows as text up to a stray '}}}}'; write those braces "
                "as &#123; &#125; or in <math>")
    more = len(spans) - 1
    also = f" (and {more} more in this <{tag.name}>)" if more else ""
    opener = "{{" if markup == "}}" else "[["
    return MarkupFinding(start, end, True,
                    f"stray '{markup}' with no opening '{opener}' in <{tag.name}>"
                    f"{also}: '{_before(text, end)}'; remove it or add the missing '{opener}'")


_PARAMETER_TEXT_RE = compile_cached(r"\|\s*[\w-]+\s*=")


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
_REF_OPENER_RE = compile_cached(r"<ref(?:\s[^<>]*?)?(?<!/)>", re.I)


def _owner(node: Node) -> Node | None:
    for anc in node.ancestors():
        if isinstance(anc, _CONSTRUCTS):
            return anc
    return None


def page_problems(doc: Document) -> list[MarkupFinding]:
    """The parser's unpaired markup and the malformed closing tags of a page."""
    text = doc.text
    out = []
    for start, end in malformed_closers(text):
        written = _one_line(text[start:end])
        out.append(MarkupFinding(start, end, True,
                                 f"malformed closing tag '{written}': a closing tag takes no "
                                 "attributes, so MediaWiki shows it as text; remove it"))
    problems = _collapse(sorted(doc.problems, key=lambda p: (p.start, p.end)))
    typed = _closers_typed_as_openers(problems, text)
    for n, p in enumerate(problems):
        if n in typed or n - 1 in typed:
            if n in typed:  # the pair: one finding, at the tag meant to close
                out.append(_typed_closer_finding(problems[n], problems[n + 1], text))
            continue
        # an unclosed construct shows as raw text to the end of its line: the
        # brackets, quotes and formatting in that text are its consequences
        eol = text.find("\n", p.start)
        reach = (p.start, len(text) if eol < 0 else eol) if p.kind == "unclosed" else None
        out.append(MarkupFinding(p.start, p.end, _is_minor(p), _message(p, text),
                                 _repair(p, text), reach))
    return out


def _closers_typed_as_openers(problems: list[MarkupProblem], text: str) -> set[int]:
    """Indexes ``n`` where ``problems[n + 1]`` closes ``problems[n]`` but was typed as an opener.

    ``<code>LF<code>``: two unclosed tags of one name on one line, the second
    written bare (no attributes), with no tag of that name between them, are
    one quotation of code whose closing tag lacks its ``/``, not two tags
    left open.
    """
    found: set[int] = set()
    n = 0
    while n + 1 < len(problems):
        p, q = problems[n], problems[n + 1]
        if (p.kind == "unclosed" and q.kind == "unclosed" and p.markup == q.markup
                and p.markup.startswith("<") and p.markup != "<!--"
                and text[q.start:q.end].lower() == p.markup.lower()
                and "\n" not in text[p.end:q.start]
                and _no_tag_between(text[p.end:q.start], p.markup.strip("<>"))):
            found.add(n)
            n += 2
        else:
            n += 1
    return found


def _no_tag_between(between: str, name: str) -> bool:
    low = between.lower()
    return "<" + name not in low and "</" + name not in low


def _typed_closer_finding(p: MarkupProblem, q: MarkupProblem, text: str) -> MarkupFinding:
    name = p.markup.strip("<>")
    written = _one_line(text[q.start:q.end])
    quoted = _one_line(text[p.start:q.end]) if q.end - p.start <= 60 else _before(text, q.end)
    repair = Repair((TextEdit(q.start + 1, q.start + 1, "/"),), safe=False,
                    description=f"write '{written}' as '</{name}>'")
    eol = text.find("\n", p.start)
    return MarkupFinding(q.start, q.end, _is_minor(p),
                         f"'{quoted}': the second '{written}' looks like a closing tag typed "
                         f"without its '/', which leaves both open; did you mean '</{name}>'?",
                         repair, (p.start, len(text) if eol < 0 else eol))


#: the node types :func:`node_problems` reads
UNIT_NODES = (Tag, Comment)


def node_problems(node: Node, doc: Document) -> list[MarkupFinding]:
    """Problems a tag or comment holds that leave no unpaired markup behind.

    A comment or ``<ref>`` with another opener inside (it is missing its
    closer and runs to the next one); stray ``}}`` and ``]]`` in an extension
    tag with wikitext contents (one finding per tag).
    """
    text = doc.text
    out = []
    if isinstance(node, Comment):
        inner = text.find("<!--", node.start + 4, node.end)
        if inner >= 0:
            line = doc.line_col(inner)[0]
            out.append(MarkupFinding(
                node.start, node.start + 4, False,
                f"'<!--' opened here is probably missing its '-->': another "
                f"'<!--' starts inside the comment (line {line}) and the text "
                "between is hidden; add '-->' where this comment ends"))
    elif isinstance(node, Tag) and node.name in PARSED_TAGS:
        if node.name == "ref" and node.contents:
            out.extend(_swallowing_ref(node, doc))
        spans = [(t.start + m.start(), t.start + m.end()) for t in node.filter(Text)
                 if type(t) is Text and ("}}" in text[t.start:t.end] or "]]" in text[t.start:t.end])
                 and _owner(t) is node for m in _STRAY_IN_TAG_RE.finditer(str(t))]
        if spans:
            out.append(_stray_finding(text, node, spans))
    return out


def _swallowing_ref(node: Tag, doc: Document) -> list[MarkupFinding]:
    text = doc.text
    if _REF_OPENER_RE.search(text, node.open_end, node.close_start) is None:
        return []  # no text of the ref holds an opener (most refs): no walk
    for inner_node in node.walk():
        if type(inner_node) is not Text:
            continue
        m = _REF_OPENER_RE.search(str(inner_node))
        if m is None or _owner(inner_node) is not node:
            continue
        line = doc.line_col(inner_node.start + m.start())[0]
        written = _one_line(text[node.start:node.open_end])
        return [MarkupFinding(node.start, node.open_end, False,
                              f"'{written}' opened here is not closed before the next "
                              f"'{_one_line(m.group())}' (line {line}): the text between "
                              "moves into the footnote; add '</ref>' where this citation ends")]
    return []


def _collapse(problems: list[MarkupProblem]) -> list[MarkupProblem]:
    """One finding per span: the parser may record one opener twice."""
    out: list[MarkupProblem] = []
    seen: set[tuple[int, int]] = set()
    for p in problems:
        if (p.start, p.end) not in seen:
            seen.add((p.start, p.end))
            out.append(p)
    return out
