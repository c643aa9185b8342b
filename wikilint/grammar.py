"""The pyparsing grammar of inline wikitext.

Structure (templates, arguments, wikilinks, external links, extension tags
with parsed contents) is expressed with pyparsing combinators::

    template  = Guard("{{" + run(TPL) + ZeroOrMore("|" + run(TPL)) + "}}")
    argument  = Guard("{{{" + run(ARG) + Optional("|" + run(ARG)) + "}}}")
    wikilink  = Guard("[[" + run(LINK_TITLE) + ZeroOrMore("|" + run(LINK_TEXT)) + "]]")
    extlink   = Guard("[" + URL + Optional(SPACE + run(EXT_TITLE)) + "]")
    ext_tag   = Guard(OPEN_TAG(name) + run(TAG(name)) + CLOSE_TAG(name))

``run(ctx)`` is :class:`InlineRun`, a pyparsing Token that consumes a run of
inline content in one context: plain text (one greedy regex over a negated
class of markup characters), the simple leaf constructs (comments, opaque
tags such as ``<nowiki>``, entities, HTML tags, ``''``, ``__TOC__``, ``~~~~``,
bare URLs) and, for each nested construct, a one-regex fast path for the
simple case (``[[Target|text]]``, ``{{Citation needed|date=May 2015}}``)
before falling back to the recursive rule above.  It dispatches on the
first character, so a wrong alternative is never tried.

Malformed input cannot make this exponential: :class:`Guard` remembers the
offsets where each construct failed (mwparserfromhell's "bad routes") and
caps the nesting depth; a construct that fails becomes text, recorded as a
:class:`BadMarkup` node for the ``unclosed-markup`` rule.

The grammar builds nodes but knows nothing of blocks (paragraphs, lists,
tables, sections): :mod:`wikilint.blocks` builds those from the top-level
run, line by line.
"""

from __future__ import annotations

import html
import re
import sys
import threading
from collections.abc import Callable

import pyparsing as pp

from .nodes import (
    Argument, Attribute, Comment, ExternalLink, HTMLEntity, MagicWord, Node, Parameter,
    Signature, Tag, Template, Text, Wikilink,
)

__all__ = ["InlineGrammar", "BadMarkup", "LineBreak", "Toggle", "MAX_DEPTH"]

MAX_DEPTH = 40  # nesting deeper than this becomes text (MediaWiki's own limit is similar)


class BadMarkup(Text):
    """Text that looked like markup but was not: an unclosed opener or a stray closer."""

    __slots__ = ("kind", "markup")

    def __init__(self, src: str, start: int, end: int, kind: str, markup: str):
        super().__init__(src, start, end)
        self.kind = kind
        self.markup = markup

    def _details(self) -> str:
        return f"{self.kind} {self.markup!r}"


class LineBreak(Text):
    """A newline at the top level (the block builder splits lines on these)."""

    __slots__ = ()


class Toggle(Text):
    """An apostrophe run (``''``, ``'''``, ``'''''``) before bold/italic pairing."""

    __slots__ = ()


# --------------------------------------------------------------- tag names
# Extension tags whose contents are raw text (nowiki semantics).
OPAQUE_TAGS = frozenset("""
nowiki pre math chem ce syntaxhighlight source timeline score graph templatedata
inputbox categorytree hiero imagemap mapframe maplink charinsert templatestyles
""".split())
# Extension tags whose contents are wikitext.
PARSED_TAGS = frozenset("ref references poem gallery indicator".split())
# Transparent markers: standalone tokens, never containers.
TRANSCLUSION_TAGS = frozenset("includeonly noinclude onlyinclude".split())
HTML_TAGS = frozenset("""
abbr b bdi bdo big blockquote br caption center cite code data dd del dfn div dl dt em
font h1 h2 h3 h4 h5 h6 hr i ins kbd li link mark meta ol p q rb rp rt rtc ruby s samp
small span strike strong sub sup table td th time tr tt u ul var wbr img section
""".split())
KNOWN_TAGS = OPAQUE_TAGS | PARSED_TAGS | TRANSCLUSION_TAGS | HTML_TAGS

URL_SCHEMES = ("https", "http", "ftps", "ftp", "sftp", "irc", "ircs", "news", "nntp",
               "gopher", "mms", "svn", "git", "telnet", "worldwind", "ssh", "redis",
               "mailto", "urn", "xmpp", "sip", "sips", "tel", "sms", "geo", "magnet", "bitcoin")
_SCHEME_ALT = "|".join(URL_SCHEMES)
_URL_BODY = r"[^\s\[\]<>\"{}|\x00-\x1f\x7f]+"
URL_RE = re.compile(rf"(?:(?:mailto|urn|news|tel|sms|geo|sips?|xmpp|magnet|bitcoin):"
                    rf"|(?:{_SCHEME_ALT})://|//){_URL_BODY}", re.I)
BARE_URL_RE = re.compile(rf"(?:https?|ftps?)://{_URL_BODY}", re.I)
_SCHEME_TAIL_RE = re.compile(r"(?:https?|ftps?)$", re.I)
_URL_TRAIL = ",;.:!?)'\""

SPECIAL = "[]{}|<&'_~\n:"
_TEXT_RE = re.compile(r"[^\[\]{}|<&'_~\n:]+")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_MAGIC_RE = re.compile(r"__[A-Z\u00C0-\u024F\u0400-\u04FF]+__")
_SIG_RE = re.compile(r"~{3,5}")
_APOS_RE = re.compile(r"'{2,}")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_OPAQUE_RE = re.compile(
    r"<(" + "|".join(sorted(OPAQUE_TAGS)) + r")(\s[^>]*?)?(?:/>|>(.*?)</\1\s*>)", re.S | re.I)
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?)?\s*(/?)>")
_ATTR_RE = re.compile(
    r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?", re.S)
_PARSED_OPEN_RE = re.compile(r"<(" + "|".join(sorted(PARSED_TAGS)) + r")(\s[^>]*?)?\s*(/?)>", re.I)
# Fast paths: the simple constructs with no markup inside (they build the same
# nodes the full rules would).
_FAST_TEXT = r"(?:[^\[\]{}|<>&'_~\n]|'(?!')|_(?!_)|~(?!~~))"
_FAST_LINK_RE = re.compile(rf"\[\[({_FAST_TEXT}+)(?:\|({_FAST_TEXT}*))?\]\]")
_FAST_TPL_RE = re.compile(
    rf"\{{\{{([^\[\]{{}}|<>&'~\n]+)((?:\|(?:{_FAST_TEXT}|\n)*)*)\}}\}}(?!\}})")


class _Run:
    """The result of an InlineRun: its span and nodes (one token, not flattened)."""

    __slots__ = ("start", "end", "nodes")

    def __init__(self, start: int, end: int, nodes: list[Node]):
        self.start = start
        self.end = end
        self.nodes = nodes


class _Ctx:
    """Where an inline run stops, and what it may contain."""

    __slots__ = ("name", "stops", "urls", "newline_stop", "top", "tag")

    def __init__(self, name: str, stops: Callable[[str, int], bool] | None = None, *,
                 urls: bool = False, newline_stop: bool = False, top: bool = False,
                 tag: str | None = None):
        self.name = name
        self.stops = stops
        self.urls = urls
        self.newline_stop = newline_stop
        self.top = top
        self.tag = tag


def _stop_pipe_or(closer: str) -> Callable[[str, int], bool]:
    def stops(s: str, loc: int) -> bool:
        c = s[loc]
        return c == "|" or (c == closer[0] and s.startswith(closer, loc))
    return stops


class Guard(pp.ParseElementEnhance):
    """Failure memo and depth cap around a recursive construct.

    Remembers each offset where the construct failed during this parse, so a
    malformed page is never re-tried exponentially, and fails at once past
    :data:`MAX_DEPTH` nesting so the Python stack stays shallow.
    """

    def __init__(self, expr: pp.ParserElement, state: _State):
        super().__init__(expr)
        self.state = state
        self.failed: set[int] = set()
        state.guards.append(self)
        self.mayIndexError = False

    def parseImpl(self, instring, loc, do_actions=True):  # noqa: N802 (pyparsing API)
        state = self.state
        if loc in self.failed or state.depth >= MAX_DEPTH:
            raise pp.ParseException(instring, loc, "bad route", self)
        state.depth += 1
        try:
            return self.expr._parse(instring, loc, do_actions, callPreParse=False)
        except pp.ParseBaseException:
            self.failed.add(loc)
            raise
        finally:
            state.depth -= 1


class _State:
    def __init__(self) -> None:
        self.depth = 0
        self.guards: list[Guard] = []

    def reset(self) -> None:
        self.depth = 0
        for guard in self.guards:
            guard.failed.clear()


def _tag_attrs(s: str, start: int, end: int) -> tuple[Attribute, ...]:
    if start >= end:
        return ()
    attrs = []
    for m in _ATTR_RE.finditer(s, start, end):
        if m.group(2) is not None:
            value, quote = m.group(2), '"'
        elif m.group(3) is not None:
            value, quote = m.group(3), "'"
        else:
            value, quote = m.group(4), ""
        attrs.append(Attribute(m.group(1).lower(), value, quote, m.start(), m.end()))
    return tuple(attrs)


class InlineRun(pp.Token):
    """A run of inline content in one context (see the module docstring)."""

    def __init__(self, grammar: InlineGrammar, ctx: _Ctx):
        super().__init__()
        self.grammar = grammar
        self.ctx = ctx
        self.mayReturnEmpty = True
        self.mayIndexError = False
        self.errmsg = f"inline content ({ctx.name})"

    def parseImpl(self, instring, loc, do_actions=True):  # noqa: N802, C901 (pyparsing API)
        s = instring
        n = len(s)
        ctx = self.ctx
        g = self.grammar
        stops = ctx.stops
        top = ctx.top
        urls = ctx.urls
        nodes: list[Node] = []
        append = nodes.append
        text_start = -1  # start of pending plain text
        start = loc
        text_match = _TEXT_RE.match
        while loc < n:
            c = s[loc]
            if c not in SPECIAL:
                m = text_match(s, loc)
                if text_start < 0:
                    text_start = loc
                loc = m.end()  # type: ignore[union-attr]
                continue
            if stops is not None and stops(s, loc):
                break
            node: Node | None = None
            if c == "[":
                if s.startswith("[[", loc):
                    node = g.wikilink_at(s, loc)
                    if node is None:
                        if s.startswith("[[[", loc):
                            if text_start < 0:
                                text_start = loc
                            loc += 1
                            continue
                        node = BadMarkup(s, loc, loc + 2, "unclosed", "[[")
                else:
                    node = g.extlink_at(s, loc)
            elif c == "{":
                if s.startswith("{{", loc):
                    node = g.template_at(s, loc)
                    if node is None and not s.startswith("{{{", loc):
                        node = BadMarkup(s, loc, loc + 2, "unclosed", "{{")
            elif c == "<":
                node = g.angle_at(s, loc, ctx)
                if node is None and not top and g.is_ext_closer(s, loc):
                    break  # an extension closer ends every construct it is inside
            elif c == "&":
                m = _ENTITY_RE.match(s, loc)
                if m is not None:
                    value = html.unescape(m.group())
                    if value != m.group():
                        node = HTMLEntity(s, loc, m.end(), value)
            elif c == "'":
                m = _APOS_RE.match(s, loc)
                if m is not None:
                    length = m.end() - loc
                    # MediaWiki: '''' is ' + ''' ; more than five: extras are text + '''''
                    lead = 1 if length == 4 else max(0, length - 5)
                    if lead:
                        if text_start < 0:
                            text_start = loc
                        loc += lead
                    if text_start >= 0:
                        append(Text(s, text_start, loc))
                        text_start = -1
                    append(Toggle(s, loc, m.end()))
                    loc = m.end()
                    continue
            elif c == "_":
                m = _MAGIC_RE.match(s, loc)
                if m is not None:
                    node = MagicWord(s, loc, m.end())
            elif c == "~":
                m = _SIG_RE.match(s, loc)
                if m is not None:
                    node = Signature(s, loc, m.end())
            elif c == "\n":
                if ctx.newline_stop:
                    break
                if top:
                    node = LineBreak(s, loc, loc + 1)
            elif c == ":":
                if urls and s.startswith("//", loc + 1) and text_start >= 0:
                    m = _SCHEME_TAIL_RE.search(s, max(text_start, loc - 5), loc)
                    if m is not None and (m.start() == 0 or not s[m.start() - 1].isalnum()):
                        url = g.bare_url_at(s, m.start())
                        if url is not None:
                            if m.start() > text_start:
                                append(Text(s, text_start, m.start()))
                            text_start = -1
                            append(url)
                            loc = url.end
                            continue
            elif c == "}" and top and s.startswith("}}", loc):
                node = BadMarkup(s, loc, loc + 2, "stray", "}}")
            elif c == "]" and top and s.startswith("]]", loc):
                node = BadMarkup(s, loc, loc + 2, "stray", "]]")
            if node is None:
                if text_start < 0:
                    text_start = loc
                loc += 1
                continue
            if text_start >= 0:
                append(Text(s, text_start, loc))
                text_start = -1
            append(node)
            loc = node.end
        if text_start >= 0:
            append(Text(s, text_start, loc))
        if not top:
            from .structure import structure_inline

            nodes = structure_inline(s, nodes)
        return loc, _Run(start, loc, nodes)


def _run_nodes(run: _Run) -> tuple[Node, ...]:
    return tuple(run.nodes)


class InlineGrammar:
    """The inline grammar, built once per process (cheaply) and reused.

    :meth:`parse_top` parses a whole page into top-level inline nodes, with
    :class:`LineBreak` nodes between lines.
    """

    def __init__(self) -> None:
        self.state = _State()
        self.lock = threading.RLock()
        default_ws = pp.ParserElement.DEFAULT_WHITE_CHARS
        pp.ParserElement.set_default_whitespace_chars("")
        try:
            self._build()
        finally:
            pp.ParserElement.set_default_whitespace_chars(default_ws)

    def _build(self) -> None:
        state = self.state
        L = pp.Literal  # noqa: N806

        def run(ctx: _Ctx) -> InlineRun:
            return InlineRun(self, ctx)

        tpl_stop = _stop_pipe_or("}}")
        arg_stop = _stop_pipe_or("}}}")
        link_stop = _stop_pipe_or("]]")

        def title_stop(s: str, loc: int) -> bool:
            c = s[loc]
            return c == "|" or c == "[" or (c == "]" and s.startswith("]]", loc))

        def ext_title_stop(s: str, loc: int) -> bool:
            return s[loc] == "]"

        self.top_ctx = _Ctx("top", None, urls=True, top=True)
        tpl_ctx = _Ctx("template", tpl_stop)
        arg_ctx = _Ctx("argument", arg_stop)
        link_title_ctx = _Ctx("link-title", title_stop, newline_stop=True)
        link_text_ctx = _Ctx("link-text", link_stop, urls=False)
        ext_title_ctx = _Ctx("extlink-title", ext_title_stop, newline_stop=True)

        # {{{name|default}}}
        self.argument = Guard(
            (L("{{{") + run(arg_ctx) + pp.Optional(L("|") + run(arg_ctx)) + L("}}}"))
            .set_parse_action(self._make_argument), state)
        # {{name|params}}
        self.template = Guard(
            (L("{{") + run(tpl_ctx) + pp.ZeroOrMore(L("|") + run(tpl_ctx)) + L("}}"))
            .set_parse_action(self._make_template), state)
        # [[title|text]]
        self.wikilink = Guard(
            (L("[[") + run(link_title_ctx) + pp.ZeroOrMore(L("|") + run(link_text_ctx)) + L("]]"))
            .set_parse_action(self._make_wikilink), state)
        # [url title]
        self.extlink = Guard(
            (L("[") + pp.Regex(URL_RE) + pp.Optional(pp.Regex(r"[ \t\u00a0]+") + run(ext_title_ctx))
             + L("]")).set_parse_action(self._make_extlink), state)
        # <ref …>…</ref> and the other extension tags with wikitext contents
        self.ext_tags: dict[str, Guard] = {}
        for name in sorted(PARSED_TAGS):
            closer = f"</{name}"

            def tag_stop(s: str, loc: int, closer: str = closer) -> bool:
                return s[loc] == "<" and s[loc:loc + len(closer)].lower() == closer

            ctx = _Ctx(f"tag-{name}", tag_stop, urls=True, tag=name)
            open_re = pp.Regex(rf"<{name}(\s[^>]*?)?>", flags=re.I)
            close_re = pp.Regex(rf"</{name}\s*>", flags=re.I)
            self.ext_tags[name] = Guard(
                (open_re + run(ctx) + close_re).set_parse_action(self._make_ext_tag), state)
        self.top = InlineRun(self, self.top_ctx).parse_with_tabs()
        for element in (self.top, self.argument, self.template, self.wikilink, self.extlink,
                        *self.ext_tags.values()):
            element.streamline()

    # ------------------------------------------------------------ entry
    def parse_top(self, text: str) -> list[Node]:
        with self.lock:
            self.state.reset()
            limit = sys.getrecursionlimit()
            if limit < 20000:
                sys.setrecursionlimit(20000)
            try:
                _, tokens = self.top._parse(text, 0)
            finally:
                sys.setrecursionlimit(limit)
                self.state.reset()
            run: _Run = tokens[0]
            assert run.end == len(text), (run.end, len(text))
            return run.nodes

    # ------------------------------------------------ construct helpers
    def _try(self, element: pp.ParserElement, s: str, loc: int) -> Node | None:
        try:
            _, tokens = element._parse(s, loc)
        except pp.ParseBaseException:
            return None
        return tokens[0]

    def template_at(self, s: str, loc: int) -> Node | None:
        if s.startswith("{{{", loc):
            node = self._try(self.argument, s, loc)
            if node is not None:
                return node
            if not s.startswith("{{{{", loc):
                # {{{ that is no argument: MediaWiki tries {{ at the second brace
                return None
        m = _FAST_TPL_RE.match(s, loc)
        if m is not None and not s.startswith("{{{", loc):
            return self._fast_template(s, m)
        return self._try(self.template, s, loc)

    def wikilink_at(self, s: str, loc: int) -> Node | None:
        m = _FAST_LINK_RE.match(s, loc)
        if m is not None:
            title = (Text(s, m.start(1), m.end(1)),)
            parts: tuple[tuple[Node, ...], ...] = ()
            if m.start(2) >= 0:
                parts = ((Text(s, m.start(2), m.end(2)),) if m.end(2) > m.start(2) else (),)
            return Wikilink(s, loc, m.end(), title, parts)
        return self._try(self.wikilink, s, loc)

    def extlink_at(self, s: str, loc: int) -> Node | None:
        if not URL_RE.match(s, loc + 1):
            return None
        return self._try(self.extlink, s, loc)

    def bare_url_at(self, s: str, loc: int) -> ExternalLink | None:
        m = BARE_URL_RE.match(s, loc)
        if m is None:
            return None
        end = m.end()
        # trailing punctuation is not part of a bare URL (MediaWiki does the same)
        while end > loc and s[end - 1] in _URL_TRAIL:
            if s[end - 1] == ")" and "(" in s[loc:end - 1]:
                break
            end -= 1
        if end <= s.find("//", loc) + 2:
            return None
        return ExternalLink(s, loc, end, end, None, False)

    def is_ext_closer(self, s: str, loc: int) -> bool:
        m = _TAG_RE.match(s, loc)
        return m is not None and m.group(1) == "/" and m.group(2).lower() in PARSED_TAGS

    def angle_at(self, s: str, loc: int, ctx: _Ctx) -> Node | None:
        if s.startswith("<!--", loc):
            m = _COMMENT_RE.match(s, loc)
            if m is not None:
                return Comment(s, loc, m.end())
            return Comment(s, loc, len(s), closed=False)
        m = _OPAQUE_RE.match(s, loc)
        if m is not None:
            name = m.group(1).lower()
            attrs = _tag_attrs(s, m.start(2), m.end(2)) if m.group(2) else ()
            if m.group(3) is None:  # self-closing
                return Tag(s, loc, m.end(), name, attrs, None, self_closing=True)
            inner = (Text(s, m.start(3), m.end(3)),) if m.end(3) > m.start(3) else ()
            return Tag(s, loc, m.end(), name, attrs, inner,
                       open_end=m.start(3), close_start=m.end(3))
        m = _PARSED_OPEN_RE.match(s, loc)
        if m is not None:
            name = m.group(1).lower()
            attrs = _tag_attrs(s, m.start(2), m.end(2)) if m.group(2) else ()
            if m.group(3):
                return Tag(s, loc, m.end(), name, attrs, None, self_closing=True)
            if ctx.tag == name and name == "ref":
                return None  # a <ref> cannot open inside a <ref>: stays text
            node = self._try(self.ext_tags[name], s, loc)
            if node is not None:
                return node
            return Tag(s, loc, m.end(), name, attrs, None, closed=False)
        m = _TAG_RE.match(s, loc)
        if m is None:
            return None
        name = m.group(2).lower()
        if name not in KNOWN_TAGS:
            return None
        closing = m.group(1) == "/"
        if closing and name in PARSED_TAGS:
            if ctx.top:
                return BadMarkup(s, loc, m.end(), "stray", f"</{name}>")
            return None
        attrs = _tag_attrs(s, m.start(3), m.end(3)) if m.group(3) else ()
        if closing:
            return Tag(s, loc, m.end(), name, attrs, None, closing=True)
        if name in OPAQUE_TAGS:
            return Tag(s, loc, m.end(), name, attrs, None, closed=False)  # never closed
        self_closing = bool(m.group(4))
        return Tag(s, loc, m.end(), name, attrs, None, self_closing=self_closing,
                   closed=self_closing)

    # ---------------------------------------------------- parse actions
    @staticmethod
    def _params(s: str, runs: list[_Run]) -> tuple[Parameter, ...]:
        params = []
        index = 0
        for run in runs:
            nodes = run.nodes
            name: tuple[Node, ...] | None = None
            value: tuple[Node, ...] = tuple(nodes)
            for i, node in enumerate(nodes):
                if type(node) is Text:
                    eq = s.find("=", node.start, node.end)
                    if eq >= 0:
                        before = nodes[:i] + ([Text(s, node.start, eq)] if eq > node.start else [])
                        after = ([Text(s, eq + 1, node.end)] if node.end > eq + 1 else []) \
                            + nodes[i + 1:]
                        name, value = tuple(before), tuple(after)
                        break
            if name is None:
                index += 1
            params.append(Parameter(s, run.start - 1, run.end, name, value,
                                    None if name is not None else index))
        return tuple(params)

    def _fast_template(self, s: str, m: re.Match[str]) -> Template:
        start = m.start()
        name = (Text(s, m.start(1), m.end(1)),)
        runs = []
        pos = m.start(2)
        end = m.end(2)
        while pos < end:  # pos is at a "|"
            nxt = s.find("|", pos + 1, end)
            stop = end if nxt < 0 else nxt
            runs.append(_Run(pos + 1, stop, [Text(s, pos + 1, stop)] if stop > pos + 1 else []))
            pos = stop
        return Template(s, start, m.end(), name, self._params(s, runs))

    def _make_template(self, s: str, loc: int, toks: pp.ParseResults) -> Template:
        runs = [t for t in toks if isinstance(t, _Run)]
        end = runs[-1].end + 2
        return Template(s, loc, end, _run_nodes(runs[0]), self._params(s, runs[1:]))

    def _make_argument(self, s: str, loc: int, toks: pp.ParseResults) -> Argument:
        runs = [t for t in toks if isinstance(t, _Run)]
        default = _run_nodes(runs[1]) if len(runs) > 1 else None
        return Argument(s, loc, runs[-1].end + 3, _run_nodes(runs[0]), default)

    def _make_wikilink(self, s: str, loc: int, toks: pp.ParseResults) -> Wikilink:
        runs = [t for t in toks if isinstance(t, _Run)]
        title = _run_nodes(runs[0])
        parts = tuple(_run_nodes(r) for r in runs[1:])
        link = Wikilink(s, loc, runs[-1].end + 2, title, parts)
        if len(parts) > 1 and not link.is_media:
            # [[a|b|c]]: for an ordinary link everything after the first pipe is the text
            merged: list[Node] = []
            for i, run in enumerate(runs[1:]):
                if i:
                    merged.append(Text(s, run.start - 1, run.start))
                merged.extend(run.nodes)
            link = Wikilink(s, loc, runs[-1].end + 2, title, (tuple(merged),))
        return link

    def _make_extlink(self, s: str, loc: int, toks: pp.ParseResults) -> ExternalLink:
        url = toks[1]
        url_end = loc + 1 + len(url)
        runs = [t for t in toks if isinstance(t, _Run)]
        title = _run_nodes(runs[0]) if runs else None
        end = (runs[0].end if runs else url_end) + 1
        return ExternalLink(s, loc, end, url_end, title, True)

    def _make_ext_tag(self, s: str, loc: int, toks: pp.ParseResults) -> Tag:
        open_text = toks[0]
        run: _Run = toks[1]
        close_text = toks[2]
        m = _PARSED_OPEN_RE.match(s, loc)
        assert m is not None
        name = m.group(1).lower()
        attrs = _tag_attrs(s, m.start(2), m.end(2)) if m.group(2) else ()
        end = run.end + len(close_text)
        return Tag(s, loc, end, name, attrs, tuple(run.nodes),
                   open_end=loc + len(open_text), close_start=run.end)


_GRAMMAR: InlineGrammar | None = None


def grammar() -> InlineGrammar:
    """The process-wide grammar, built on first use."""
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = InlineGrammar()
    return _GRAMMAR
