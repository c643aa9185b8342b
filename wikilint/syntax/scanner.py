"""The inline grammar of wikitext: a pyparsing token grammar and a stack.

Two layers, as in MediaWiki's preprocessor and mwparserfromhell (tokenizer,
then builder):

* **The token grammar** (pyparsing, ``TOKENS``): what each piece of markup
  looks like: text runs, ``{{``/``}}`` and ``[[``/``]]`` runs, ``|``,
  comments and tags, entities, apostrophe runs, behaviour switches,
  signatures, URL colons, and one-token fast paths for the simple constructs
  (``[[Target|text]]``, ``{{Citation needed|date=May 2015}}``).  Every token
  starts with a distinct character, so the rule for the character under the
  scanner is the only one tried; the grammar is built without whitespace
  skipping or tab expansion, so token spans are exact source offsets.
* **The pairing** (a stack, left to right, once): wikitext has no failing
  parses — every string is a page, and markup that does not pair up is shown
  as text — so which tokens pair is decided the way MediaWiki decides it
  (``Preprocessor_Hash::preprocessToObj``) rather than by backtracking:

  - ``{{``/``{{{`` and ``[[`` push a *frame*; ``|`` splits the top frame into
    parts; a run of ``}``/``]`` closes the top frame only, by MediaWiki's
    counting rules (``{{{{{a}}}}}`` is ``{{ {{{a}}} }}``, ``{{{a}}`` is ``{`` +
    ``{{a}}``); a closer that does not match the top frame is text.
  - ``[url title]`` is a frame too; a newline, or a closer of an enclosing
    template, ends it unclosed (MediaWiki matches it per line, after templates).
  - A link title cannot span lines: ``[[`` whose title reaches a newline is
    unclosed.
  - Extension tags (``<ref>``, ``<nowiki>``…) run to the first matching
    closer, whatever lies between (``{{a|<ref>}}</ref>`` is a template holding
    a ``<ref>`` holding ``}}``); the contents of ``<ref>``, ``<poem>``,
    ``<gallery>``… are parsed on their own, opaque tags' contents are text.
  - Frames still open at the end of the text are *broken*: their opener
    becomes a :class:`BadMarkup` node (recorded as an ``unclosed`` problem)
    and what they held stays in place as siblings.

A recursive pyparsing grammar (``Forward`` templates holding templates) was
this module's first form; with a failure memo it was fast on real pages,
but each unclosed opener made it re-read the rest of the page, so 1,000
unclosed ``{{{`` took 104 s (STYLE.md's exponential trap, tamed only to
quadratic).  Pairing on a stack never re-reads text, and every forward
search (for ``-->``, ``>``, ``</ref>``…) is cached the way MediaWiki caches
its ``noMoreGT``/``noMoreClosingTag`` flags, so parsing is linear in the
length of the text for any input.  There is no recursion except into
extension-tag contents (one level per distinct tag name), so deep nesting
cannot overflow the stack; frames nested deeper than :data:`MAX_DEPTH`
still pair their brackets but stay flat text instead of becoming nodes.

The grammar knows nothing of blocks (paragraphs, lists, tables, sections):
:mod:`wikilint.blocks` builds those from the top-level nodes, split into
lines by :class:`LineBreak` nodes.
"""

from __future__ import annotations

import re

import pyparsing as pp

from wikilint.regex_cache import compile_cached
from wikilint.syntax import inline as _structure
from wikilint.syntax.nodes import (
    Argument,
    Attribute,
    BadMarkup,
    Comment,
    ExternalLink,
    HTMLEntity,
    LineBreak,
    MagicWord,
    Node,
    Parameter,
    Signature,
    Tag,
    Template,
    Text,
    Toggle,
    Wikilink,
)
from wikilint.syntax.vocabulary import (
    EXTENSION_TAGS,
    KNOWN_TAGS,
    MAX_DEPTH,
    OPAQUE_TAGS,
    PARSED_TAGS,
    URL_SCHEMES,
)

__all__ = ["InlineGrammar", "grammar", "URL_RE", "BARE_URL_RE"]

_SCHEME_ALT = "|".join(URL_SCHEMES)
# MediaWiki's URL characters; '|' and '{{'/'}}' end a URL here because templates are
# not expanded first (a URL in a template parameter ends at the parameter's end).
# MediaWiki turns two or more apostrophes into <i>/<b> before it finds external links,
# so a URL ends where they begin ([http://x.org''title''] has an italic title).
_URL_BODY = r"(?:[^\s\[\]<>\"{}|'\x00-\x1f\x7f]|'(?!')|\{(?!\{)|\}(?!\}))+"
URL_RE = compile_cached(rf"(?:(?:mailto|urn|news|tel|sms|geo|sips?|xmpp|magnet|bitcoin):"
                        rf"|(?:{_SCHEME_ALT})://|//){_URL_BODY}", re.I)
BARE_URL_RE = compile_cached(rf"(?:https?|ftps?)://{_URL_BODY}", re.I)
_SCHEME_TAIL_RE = compile_cached(r"(?:https?|ftps?)$", re.I)
_URL_TRAIL = ",;.:!?)'\""
_EXT_SPACE_RE = compile_cached(r"[ \t\u00a0\u2000-\u200a\u3000]*")

# Characters at which the scanner stops; everything else is plain text.
_SPECIAL = frozenset("[]{}|<&'_~\n:")
# Plain text: everything up to the next markup character, taking in the
# markup characters that cannot start a token here (a lone apostrophe,
# underscore, tilde or ampersand, a colon that starts no URL): fewer, longer
# text tokens, and the same tree.
_TEXT_RE = compile_cached(r"(?:[^\[\]{}|<&'_~\n:]+|'(?!')|_(?!_)|~(?!~~)|:(?!//)"
                          r"|&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[a-zA-Z][a-zA-Z0-9]{1,31};))+")
_ENTITY_RE = compile_cached(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_MAGIC_RE = compile_cached(r"__[A-Z\u00C0-\u024F\u0400-\u04FF]+__")
_SIG_RE = compile_cached(r"~{3,5}")
_APOS_RE = compile_cached(r"'{2,}")
# An HTML tag as MediaWiki's sanitizer reads it: no '<' or '>' inside.
_HTML_TAG_RE = compile_cached(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])([^<>]*?)(/?)>")
_ATTR_RE = compile_cached(
    r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?", re.S)
_CLOSER_RES: dict[str, re.Pattern[str]] = {}  # name -> "</name\s*>", compiled on first use


def _closer_re(name: str) -> re.Pattern[str]:
    pattern = _CLOSER_RES.get(name)
    if pattern is None:
        pattern = _CLOSER_RES[name] = re.compile(rf"</{name}\s*>", re.I)
    return pattern
# A link title may not hold these (MediaWiki's legal title characters).
_BAD_TITLE_CHARS = frozenset("<>[]{}\n")

# Fast paths: the simple constructs with no markup inside; they build the
# nodes the stack would build.
_FAST_TEXT = r"(?:[^\[\]{}|<>&'_~\n]|'(?!')|_(?!_)|~(?!~~))"
_FAST_LINK_RE = compile_cached(rf"\[\[({_FAST_TEXT}+)(?:\|({_FAST_TEXT}*))?\]\](?!\])")
_FAST_TPL_RE = compile_cached(
    rf"\{{\{{((?:[^\[\]{{}}|<>&'_~\n]|_(?!_))+)((?:\|(?:{_FAST_TEXT}|\n)*)*)\}}\}}(?!\}})")

# ------------------------------------------------------------ token grammar
# The lexical grammar of wikitext, in pyparsing: what each piece of markup
# looks like.  Every token starts with a distinct character, so the scanner
# takes the token rule for the character under it (``TOKENS``) and a wrong
# alternative is never tried; within one character the alternatives are
# ordered most specific first (the one-regex fast paths for simple
# templates and links before the bare bracket runs).  Each rule is a
# bounded pattern that cannot backtrack across the page, and the grammar is
# built with no whitespace skipping and no tab expansion, so token spans are
# exact source offsets.  Which tokens pair up is decided by the stack below,
# as in MediaWiki's preprocessor.
_URL_COLON_RE = compile_cached(r":(?=//)")


def _regex(pattern: re.Pattern[str], name: str) -> pp.ParserElement:
    return pp.Regex(pattern, as_match=True).set_name(name)


def _alt(primary: re.Pattern[str] | str, fallback: str, flags: int = 0) -> re.Pattern[str]:
    """``primary|(?P<other>fallback)``: one rule per character, no failed alternatives.

    The primary's own groups keep their numbers; ``m.lastgroup == "other"``
    tells that only the fallback matched.
    """
    pattern = primary.pattern if isinstance(primary, re.Pattern) else primary
    return compile_cached(f"(?:{pattern})|(?P<other>{fallback})", flags)


_TPL_TOKEN_RE = _alt(_FAST_TPL_RE, r"\{+")
_LINK_TOKEN_RE = _alt(_FAST_LINK_RE, r"\[+")
_ANGLE_TOKEN_RE = _alt(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)|(?P<comment><!--)", "<")
_ENTITY_TOKEN_RE = _alt(_ENTITY_RE, "&")
_APOS_TOKEN_RE = _alt(_APOS_RE, "'")
_MAGIC_TOKEN_RE = _alt(_MAGIC_RE, "_")
_SIG_TOKEN_RE = _alt(_SIG_RE, "~")
_COLON_TOKEN_RE = _alt(_URL_COLON_RE, ":")


def _build_tokens() -> tuple[pp.ParserElement, dict[str, pp.ParserElement]]:
    default_ws = pp.ParserElement.DEFAULT_WHITE_CHARS
    pp.ParserElement.set_default_whitespace_chars("")  # whitespace is content
    try:
        tokens: dict[str, pp.ParserElement] = {
            "\n": pp.Literal("\n").set_name("newline"),
            "{": _regex(_TPL_TOKEN_RE, "simple template or braces"),
            # closers are bounded: the stack takes at most three at a time, and an
            # unbounded run would be re-read at each step (quadratic on '}}}}…')
            "}": _regex(compile_cached(r"\}{1,3}"), "closing braces"),
            "[": _regex(_LINK_TOKEN_RE, "simple link or brackets"),
            "]": _regex(compile_cached(r"\]{1,2}"), "closing brackets"),
            "|": pp.Literal("|").set_name("pipe"),
            "<": _regex(_ANGLE_TOKEN_RE, "tag or comment"),
            "&": _regex(_ENTITY_TOKEN_RE, "entity"),
            "'": _regex(_APOS_TOKEN_RE, "apostrophes"),
            "_": _regex(_MAGIC_TOKEN_RE, "behaviour switch"),
            "~": _regex(_SIG_TOKEN_RE, "signature"),
            ":": _regex(_COLON_TOKEN_RE, "URL colon"),
        }
        text = _regex(_TEXT_RE, "text")
        for element in (text, *tokens.values()):
            element.leave_whitespace().parse_with_tabs().streamline()
    finally:
        pp.ParserElement.set_default_whitespace_chars(default_ws)
    assert set(tokens) == _SPECIAL
    return text, tokens


TEXT_TOKEN, TOKENS = _build_tokens()
# What the scanner calls per token: each rule's own ``parseImpl``, which returns
# (end, the re.Match or the literal).  ``ParserElement._parse`` wraps it to skip
# whitespace and ignorables, wrap the match in a ParseResults and run parse
# actions; these rules have none of those, so the wrapper only cost time (a
# ParseResults per token: 367,000 on the corpus, a third of the parse).
_TEXT_MATCH = TEXT_TOKEN.parseImpl
_TOKEN_MATCH = {char: rule.parseImpl for char, rule in TOKENS.items()}
assert not any(r.parseAction or r.ignoreExprs or r.skipWhitespace
               for r in (TEXT_TOKEN, *TOKENS.values()))


# frame kinds
_BRACE = 0
_LINK = 1
_EXT = 2


class _Frame:
    """An open construct on the scanner's stack."""

    __slots__ = ("kind", "start", "count", "slot", "parts", "shadow", "url_end", "title_idx")

    def __init__(self, kind: int, start: int, count: int, slot: int, shadow: bool):
        self.kind = kind
        self.start = start      # offset of the first opening character
        self.count = count      # opening characters still unmatched
        self.slot = slot        # index in the output list reserved for the opener
        self.parts: list[tuple[int, int]] = []  # (offset of '|', its index in the output)
        self.shadow = shadow    # deeper than MAX_DEPTH: pairs brackets, builds no node
        self.url_end = 0        # external links: end of the URL
        self.title_idx = 0      # external links: output index where the title starts


class _Run:
    """A part of a construct: its span and nodes."""

    __slots__ = ("start", "end", "nodes")

    def __init__(self, start: int, end: int, nodes: list[Node]):
        self.start = start
        self.end = end
        self.nodes = nodes


class _Finder:
    """Forward searches with MediaWiki's anti-quadratic caching.

    A search for ``key`` from ``pos`` that found its match at ``m`` answers
    every later search from a position in ``[pos, m]``; one that found
    nothing answers every later search from ``pos`` on.  Scans move forward,
    so each part of the text is searched about once per key.
    """

    __slots__ = ("s", "cache")

    def __init__(self, s: str):
        self.s = s
        self.cache: dict[str, tuple[int, int, int]] = {}

    def find(self, key: str, pattern: re.Pattern[str] | str, pos: int) -> tuple[int, int]:
        """(start, end) of the first match at or after ``pos``, or (-1, -1)."""
        hit = self.cache.get(key)
        if hit is not None:
            origin, start, end = hit
            if origin <= pos and (start < 0 or pos <= start):
                return start, end
        if isinstance(pattern, str):
            start = self.s.find(pattern, pos)
            end = start + len(pattern) if start >= 0 else -1
        else:
            m = pattern.search(self.s, pos)
            start, end = (m.start(), m.end()) if m is not None else (-1, -1)
        self.cache[key] = (pos, start, end)
        return start, end


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


class _Group(Node):
    """Several nodes in one output slot of the scanner; :func:`_coalesce` unpacks it."""

    __slots__ = ()


def _coalesce(s: str, nodes: list[Node]) -> list[Node]:
    """Merge neighbouring plain Text nodes (left apart by broken constructs)."""
    out: list[Node] = []
    prev_text = False
    for node in nodes:
        if type(node) is _Group:
            out.extend(_coalesce(s, list(node.children)))
            prev_text = type(out[-1]) is Text
            continue
        if type(node) is Text:
            if prev_text:
                out[-1] = Text(s, out[-1].start, node.end)
                continue
            prev_text = True
        else:
            prev_text = False
        out.append(node)
    return out


def _split_newlines(s: str, nodes: list[Node]) -> list[Node]:
    """Top level: cut plain Text at newlines into Text and LineBreak nodes."""
    out: list[Node] = []
    append = out.append
    find = s.find
    for node in nodes:
        if type(node) is not Text:
            append(node)
            continue
        start, end = node.start, node.end
        nl = find("\n", start, end)
        if nl < 0:
            append(node)
            continue
        while nl >= 0:
            if nl > start:
                append(Text(s, start, nl))
            append(LineBreak(s, nl, nl + 1))
            start = nl + 1
            nl = find("\n", start, end)
        if start < end:
            append(Text(s, start, end))
    return out


class InlineGrammar:
    """The inline parser; :meth:`parse_top` parses a whole page.

    Stateless between calls (each parse has its own caches), so one instance
    serves the process.
    """

    # ------------------------------------------------------------ entry
    def parse_top(self, text: str) -> list[Node]:
        """Top-level inline nodes of a page, with :class:`LineBreak` nodes between lines."""
        return _Scanner(text).scan(0, len(text), True, 0)


class _Scanner:
    """One parse: the text, its search caches, and the scanning loop."""

    __slots__ = ("s", "finder")

    def __init__(self, s: str):
        self.s = s
        self.finder = _Finder(s)

    # ---------------------------------------------------------- the loop
    def scan(self, start: int, end: int, top: bool, depth0: int,
             tag: str | None = None) -> list[Node]:
        """Nodes of ``s[start:end]``.

        ``top``: the page itself (LineBreak nodes, stray ``}}``/``]]``);
        otherwise the contents of the extension tag ``tag``.  ``depth0``
        counts the constructs this range is nested in.
        """
        s = self.s
        out: list[Node] = []
        append = out.append
        stack: list[_Frame] = []
        real = depth0           # frames that will become nodes, plus depth0
        ext_open = 0            # external-link frames on the stack
        text_start = -1         # start of pending plain text
        text_token = _TEXT_MATCH
        rule_for = _TOKEN_MATCH.get
        i = start
        while i < end:
            c = s[i]
            rule = rule_for(c)
            if rule is None:  # plain text: one token up to the next markup character
                if text_start < 0:
                    text_start = i
                i = min(text_token(s, i)[0], end)
                continue
            tok_end, tok = rule(s, i)
            node: Node | None = None
            if c == "\n":
                if stack:
                    top_frame = stack[-1]
                    if top_frame.kind == _EXT or (top_frame.kind == _LINK and not top_frame.parts
                                                  and not top_frame.shadow):
                        if text_start >= 0:
                            append(Text(s, text_start, i))
                            text_start = -1
                        frame = stack.pop()
                        ext_open -= frame.kind == _EXT
                        real -= self._break(frame, out, i, not stack)
                        continue  # the newline again, under the next frame
                elif top:
                    node = LineBreak(s, i, i + 1)
            elif c == "{":
                fast = tok.lastgroup != "other" and tok_end <= end
                j = i + 2 if fast else min(tok_end, end)
                count = j - i
                if count >= 2:
                    if text_start >= 0:
                        append(Text(s, text_start, i))
                        text_start = -1
                    if fast and real < MAX_DEPTH:  # {{name|simple}}: one token, one node
                        append(_fast_template(s, tok))
                        i = tok_end
                        continue
                    real += self._push(stack, out, _BRACE, i, count, real)
                    i = j
                    continue
                if text_start < 0:
                    text_start = i
                i = j
                continue
            elif c == "}":
                if stack:
                    top_frame = stack[-1]
                    if top_frame.kind == _BRACE:
                        if text_start >= 0:
                            append(Text(s, text_start, i))
                            text_start = -1
                        i, popped, text_start = self._close_brace(stack, out, i, end)
                        real -= popped
                        continue
                    if top_frame.kind == _EXT and self._brace_below_exts(stack) \
                            and s.startswith("}}", i):
                        if text_start >= 0:
                            append(Text(s, text_start, i))
                            text_start = -1
                        while stack[-1].kind == _EXT:
                            ext_open -= 1
                            frame = stack.pop()
                            real -= self._break(frame, out, i, not stack)
                        continue
                elif top and s.startswith("}}", i):
                    node = BadMarkup(s, i, i + 2, "stray", "}}")
            elif c == "[":
                fast = tok.lastgroup != "other" and tok_end <= end
                j = i + 2 if fast else min(tok_end, end)
                count = j - i
                if count >= 2:
                    if URL_RE.match(s, j, end) is not None:
                        # [[http://x y]]: MediaWiki shows '[' and an external link
                        if text_start < 0:
                            text_start = i
                        i = j - 1
                        continue
                    if text_start >= 0:
                        append(Text(s, text_start, i))
                        text_start = -1
                    if fast and real < MAX_DEPTH and tok.group(1).strip():
                        append(_fast_link(s, tok))  # [[Target|text]]: one token, one node
                        i = tok_end
                        continue
                    real += self._push(stack, out, _LINK, i, count, real)
                    i = j
                    continue
                m = URL_RE.match(s, i + 1, end)
                if m is not None and not ext_open:  # no link inside a link's title
                    if text_start >= 0:
                        append(Text(s, text_start, i))
                        text_start = -1
                    real += self._push(stack, out, _EXT, i, 1, real)
                    ext_open += 1
                    frame = stack[-1]
                    frame.url_end = m.end()
                    ws_end = _EXT_SPACE_RE.match(s, m.end(), end).end()  # type: ignore[union-attr]
                    append(Text(s, i + 1, m.end()))  # the URL; a node if the link breaks
                    if ws_end > m.end():
                        append(Text(s, m.end(), ws_end))
                    frame.title_idx = len(out)
                    i = ws_end
                    continue
            elif c == "]":
                if stack:
                    top_frame = stack[-1]
                    if top_frame.kind == _EXT:
                        if text_start >= 0:
                            append(Text(s, text_start, i))
                            text_start = -1
                        frame = stack.pop()
                        ext_open -= 1
                        if s.startswith("]]", i) and not s.startswith("]]]", i) \
                                and stack and stack[-1].kind == _LINK:
                            # '[[a|[http://x b]]': the ']]' closes the wikilink, whose
                            # text shows '[http://x b' (MediaWiki: ']]]' closes both)
                            real -= self._break(frame, out, i, not stack)
                            continue
                        if frame.shadow:
                            text_start = i  # the ']' is text, like the shadow's '['
                        else:
                            real -= 1
                            append(self._build_ext(frame, out, i + 1))
                        i += 1
                        continue
                    if top_frame.kind == _LINK and s.startswith("]]", i):
                        if text_start >= 0:
                            append(Text(s, text_start, i))
                            text_start = -1
                        i, popped, text_start = self._close_link(stack, out, i)
                        real -= popped
                        continue
                elif top and s.startswith("]]", i):
                    node = BadMarkup(s, i, i + 2, "stray", "]]")
            elif c == "|":
                if stack:
                    top_frame = stack[-1]
                    if top_frame.kind == _EXT:
                        if self._brace_below_exts(stack):
                            # MediaWiki splits a template's parameters before it reads
                            # external links: the '|' ends the link
                            if text_start >= 0:
                                append(Text(s, text_start, i))
                                text_start = -1
                            while stack[-1].kind == _EXT:
                                ext_open -= 1
                                frame = stack.pop()
                                real -= self._break(frame, out, i, not stack)
                            continue
                    elif not top_frame.shadow:
                        if text_start >= 0:
                            append(Text(s, text_start, i))
                            text_start = -1
                        # the '|' gets a node of its own: text if the frame breaks
                        top_frame.parts.append((i, len(out)))
                        append(Text(s, i, i + 1))
                        i += 1
                        continue
            elif c == "<":
                if tok_end <= end and tok.lastgroup != "other":
                    node = self._angle(i, end, real, tag, tok)
            elif c == "&":
                if tok.lastgroup != "other" and tok_end <= end:
                    value = _unescape(tok.group())
                    if value != tok.group():
                        node = HTMLEntity(s, i, tok_end, value)
            elif c == "'":
                m = tok if tok.lastgroup != "other" and tok_end <= end else None
                if m is not None:
                    length = m.end() - i
                    # MediaWiki: '''' is ' + ''' ; more than five: extras are text + '''''
                    lead = 1 if length == 4 else max(0, length - 5)
                    if lead:
                        if text_start < 0:
                            text_start = i
                        i += lead
                    if text_start >= 0:
                        append(Text(s, text_start, i))
                        text_start = -1
                    append(Toggle(s, i, m.end()))
                    i = m.end()
                    continue
            elif c == "_":
                if tok.lastgroup != "other" and tok_end <= end:
                    node = MagicWord(s, i, tok_end)
            elif c == "~":
                if tok.lastgroup != "other" and tok_end <= end:
                    node = Signature(s, i, tok_end)
            elif c == ":":
                if tok.lastgroup != "other" and not stack and text_start >= 0:
                    m = _SCHEME_TAIL_RE.search(s, max(text_start, i - 5), i)
                    if m is not None and (m.start() == 0 or not s[m.start() - 1].isalnum()):
                        url = _bare_url(s, m.start(), end)
                        if url is not None:
                            if m.start() > text_start:
                                append(Text(s, text_start, m.start()))
                            text_start = -1
                            append(url)
                            i = url.end
                            continue
            if node is None:
                if text_start < 0:
                    text_start = i
                i += 1
                continue
            if text_start >= 0:
                append(Text(s, text_start, i))
                text_start = -1
            append(node)
            i = node.end
        if text_start >= 0:
            append(Text(s, text_start, end))
        while stack:
            frame = stack.pop()
            self._break(frame, out, end, not stack)
        out = _coalesce(s, out)
        if top:
            out = _split_newlines(s, out)
        return out

    # ------------------------------------------------------------ frames
    def _push(self, stack: list[_Frame], out: list[Node], kind: int, start: int, count: int,
              real: int) -> int:
        """Push a frame; returns 1 if it will become a node, 0 for a shadow frame.

        The opener gets a slot in ``out``: None until the frame closes or
        breaks; a shadow frame's opener is text from the start.
        """
        shadow = real >= MAX_DEPTH or bool(stack and stack[-1].shadow)
        slot = len(out)
        out.append(Text(self.s, start, start + count) if shadow else None)  # type: ignore[arg-type]
        stack.append(_Frame(kind, start, count, slot, shadow))
        return 0 if shadow else 1

    def _break(self, frame: _Frame, out: list[Node], at: int, bare_ok: bool = False) -> int:
        """Give up on a frame: its opener is unclosed; returns 1 if it was a real frame.

        ``bare_ok``: the frame was outermost, where a URL is a bare link.
        """
        s = self.s
        if frame.kind == _EXT:
            # '[url text' without ']' on its line: a '[' and a bare link, as MediaWiki
            # shows it; no markup problem (the unbalanced-brackets rule reports it)
            if not frame.shadow:
                out[frame.slot] = Text(s, frame.start, frame.start + 1)
                url = _bare_url(s, frame.start + 1, frame.url_end) if bare_ok else None
                if url is not None and url.end == frame.url_end:
                    out[frame.slot + 1] = url
            return 0 if frame.shadow else 1
        markup = "[[" if frame.kind == _LINK else "{{"
        if frame.shadow:
            run_end = out[frame.slot].end  # the slot holds the whole run of brackets
            unclosed = BadMarkup(s, frame.start, frame.start + frame.count, "unclosed", markup)
            # the brackets after the unclosed ones were matched: they stay text
            out[frame.slot] = unclosed if unclosed.end == run_end else _Group(
                s, frame.start, run_end, (unclosed, Text(s, unclosed.end, run_end)))
            return 0
        out[frame.slot] = BadMarkup(s, frame.start, frame.start + frame.count, "unclosed", markup)
        return 1

    @staticmethod
    def _brace_below_exts(stack: list[_Frame]) -> bool:
        for frame in reversed(stack):
            if frame.kind != _EXT:
                return frame.kind == _BRACE
        return False

    def _close_brace(self, stack: list[_Frame], out: list[Node], i: int,
                     end: int) -> tuple[int, int, int]:
        """A run of '}' with a brace frame on top: MediaWiki's matching.

        Returns (new position, real frames popped, pending text start).
        """
        s = self.s
        frame = stack[-1]
        j = i
        limit = min(end, i + frame.count)
        while j < limit and s[j] == "}":
            j += 1
        count = j - i
        matching = 3 if count > 3 else count
        if matching < 2:
            return i + count, 0, i  # a lone '}' is text
        open_start = frame.start + frame.count - matching
        close_end = i + matching
        frame.count -= matching
        popped = 0
        if frame.shadow:  # its opener stays one text node for the whole run
            if frame.count < 2:
                stack.pop()
            return close_end, 0, i
        content = out[frame.slot + 1:]
        parts = [(p, idx - frame.slot - 1) for p, idx in frame.parts]
        node = self._build_brace(open_start, close_end, matching, content, parts)
        del out[frame.slot + 1:]
        if frame.count >= 2:  # '{{{{a}}' : '{{' still open around the template
            frame.parts = []
            out.append(node)
        else:
            stack.pop()
            popped = 1
            if frame.count == 1:
                out[frame.slot] = Text(s, frame.start, frame.start + 1)
                out.append(node)
            else:
                out[frame.slot] = node
        return close_end, popped, -1

    def _close_link(self, stack: list[_Frame], out: list[Node], i: int) -> tuple[int, int, int]:
        """']]' with a link frame on top."""
        s = self.s
        frame = stack.pop()
        open_start = frame.start + frame.count - 2
        close_end = i + 2
        if frame.shadow:
            return close_end, 0, i
        content = out[frame.slot + 1:]
        parts = [(p, idx - frame.slot - 1) for p, idx in frame.parts]
        link = self._build_link(open_start, close_end, content, parts)
        del out[frame.slot:]
        if frame.count > 2:
            out.append(Text(s, frame.start, open_start))
        if link is None:  # not a valid link: MediaWiki shows it as text
            out.append(Text(s, open_start, open_start + 2))
            out.extend(content)
            out.append(Text(s, i, close_end))
        else:
            out.append(link)
        return close_end, 1, -1

    # ------------------------------------------------------------ builders
    def _runs(self, body_start: int, body_end: int, content: list[Node],
              parts: list[tuple[int, int]]) -> list[_Run]:
        """Split a frame's content at its '|' into runs (first run: the name/title)."""
        runs = []
        prev_start, prev_idx = body_start, 0
        for pipe, idx in parts:  # content[idx] is the '|' itself
            runs.append(_Run(prev_start, pipe, content[prev_idx:idx]))
            prev_start, prev_idx = pipe + 1, idx + 1
        runs.append(_Run(prev_start, body_end, content[prev_idx:]))
        return runs

    def _build_brace(self, open_start: int, close_end: int, matching: int, content: list[Node],
                     parts: list[tuple[int, int]]) -> Node:
        s = self.s
        runs = self._runs(open_start + matching, close_end - matching, content, parts)
        if matching == 3:
            name = tuple(_structure.structure_inline(s, _coalesce(s, runs[0].nodes)))
            default: tuple[Node, ...] | None = None
            if len(runs) > 1:
                default = tuple(_structure.structure_inline(s, _merge_runs(s, runs[1:])))
            return Argument(s, open_start, close_end, name, default)
        name = tuple(_structure.structure_inline(s, _coalesce(s, runs[0].nodes)))
        return Template(s, open_start, close_end, name, _params(s, runs[1:]))

    def _build_link(self, open_start: int, close_end: int, content: list[Node],
                    parts: list[tuple[int, int]]) -> Wikilink | None:
        s = self.s
        runs = self._runs(open_start + 2, close_end - 2, content, parts)
        title_nodes = _coalesce(s, runs[0].nodes)
        if not _valid_title(s, title_nodes):
            return None
        title = tuple(_structure.structure_inline(s, title_nodes))
        texts = [tuple(_structure.structure_inline(s, _coalesce(s, r.nodes))) for r in runs[1:]]
        link = Wikilink(s, open_start, close_end, title, tuple(texts))
        if len(texts) > 1 and not link.is_media:
            # [[a|b|c]]: for an ordinary link everything after the first pipe is the text
            merged = tuple(_structure.structure_inline(s, _merge_runs(s, runs[1:])))
            link = Wikilink(s, open_start, close_end, title, (merged,))
        return link

    def _build_ext(self, frame: _Frame, out: list[Node], close_end: int) -> ExternalLink:
        s = self.s
        title_nodes = out[frame.title_idx:]
        del out[frame.slot:]
        has_title = bool(title_nodes) or close_end - 1 > frame.url_end
        title = tuple(_structure.structure_inline(s, _coalesce(s, title_nodes))) \
            if has_title else None
        return ExternalLink(s, frame.start, close_end, frame.url_end, title, True)

    # ---------------------------------------------------------------- '<'
    def _angle(self, i: int, end: int, depth: int,
               inside: str | None, tok: re.Match[str]) -> Node | None:
        """A comment or tag at ``i``: ``tok`` is its token (a comment, or a tag's name)."""
        s = self.s
        finder = self.finder
        if tok.lastgroup == "comment":
            close, close_end = finder.find("-->", "-->", i + 4)
            if close < 0 or close_end > end:
                return Comment(s, i, end, closed=False)
            return Comment(s, i, close_end)
        m = tok
        name = m.group(2).lower()
        closing = bool(m.group(1))
        if name in EXTENSION_TAGS:
            after = m.end()
            if closing:
                cm = _closer_re(name).match(s, i, end)
                if cm is None:
                    return None
                if name in PARSED_TAGS:
                    return BadMarkup(s, i, cm.end(), "stray", f"</{name}>")
                return Tag(s, i, cm.end(), name, (), None, closing=True, closed=False)
            if after < end and not (s[after].isspace() or s[after] == ">"
                                    or s.startswith("/>", after)):
                return None  # <refs>, <reference>: not this tag
            gt, _ = finder.find(">", ">", after)
            if gt < 0 or gt >= end:
                return None  # no '>' anywhere after: text (MediaWiki's noMoreGT)
            self_closing = s[gt - 1] == "/"
            attrs = _tag_attrs(s, after, gt - 1 if self_closing else gt)
            if self_closing:
                return Tag(s, i, gt + 1, name, attrs, None, self_closing=True)
            if name == inside:
                # '<ref>' inside a <ref>: its closer is the enclosing tag's, so it shows as
                # text (MediaWiki); the enclosing tag is the one missing its closer
                return None
            cstart, cend = finder.find("</" + name, _closer_re(name), gt + 1)
            if cstart < 0 or cend > end:
                return Tag(s, i, gt + 1, name, attrs, None, closed=False)
            if name in OPAQUE_TAGS:
                inner: tuple[Node, ...] = (Text(s, gt + 1, cstart),) if cstart > gt + 1 else ()
            else:
                inner = tuple(_structure.structure_inline(
                    s, self.scan(gt + 1, cstart, False, depth + 1, name)))
            return Tag(s, i, cend, name, attrs, inner, open_end=gt + 1, close_start=cstart)
        if name not in KNOWN_TAGS:
            return None
        hm = _HTML_TAG_RE.match(s, i, end)
        if hm is None:
            return None
        attrs = _tag_attrs(s, hm.start(3), hm.end(3))
        if closing:
            return Tag(s, i, hm.end(), name, attrs, None, closing=True)
        self_closing = bool(hm.group(4))
        return Tag(s, i, hm.end(), name, attrs, None, self_closing=self_closing,
                   closed=self_closing)


# ------------------------------------------------------------------ helpers
def _unescape(entity: str) -> str:
    """The character an entity stands for (``html`` is imported on the first entity)."""
    import html

    return html.unescape(entity)


def _valid_title(s: str, nodes: list[Node]) -> bool:
    """Can these nodes be a link target?  (Templates may make one; text must be legal.)"""
    seen = False
    for node in nodes:
        t = type(node)
        if t is Text:
            value = s[node.start:node.end]
            if _BAD_TITLE_CHARS.intersection(value):
                return False
            if value.strip():
                seen = True
        elif t is Template or t is Argument:
            seen = True
        elif t is HTMLEntity or t is Toggle or t is MagicWord or t is Signature:
            seen = True
        elif t is not Comment:
            return False
    return seen


def _merge_runs(s: str, runs: list[_Run]) -> list[Node]:
    """The nodes of several runs as one, with the '|' between them as text."""
    merged: list[Node] = []
    for k, run in enumerate(runs):
        if k:
            merged.append(Text(s, run.start - 1, run.start))
        merged.extend(run.nodes)
    return _coalesce(s, merged)


def _params(s: str, runs: list[_Run]) -> tuple[Parameter, ...]:
    """Template parameters: the first '=' in a part's own text names it (MediaWiki)."""
    params = []
    index = 0
    for run in runs:
        nodes = _coalesce(s, run.nodes)
        name: tuple[Node, ...] | None = None
        value: list[Node] = nodes
        for k, node in enumerate(nodes):
            if type(node) is Text:
                eq = s.find("=", node.start, node.end)
                if eq >= 0:
                    before = nodes[:k] + ([Text(s, node.start, eq)] if eq > node.start else [])
                    after = ([Text(s, eq + 1, node.end)] if node.end > eq + 1 else []) \
                        + nodes[k + 1:]
                    name = tuple(_structure.structure_inline(s, before))
                    value = after
                    break
        if name is None:
            index += 1
        params.append(Parameter(s, run.start - 1, run.end, name,
                                tuple(_structure.structure_inline(s, value)),
                                None if name is not None else index))
    return tuple(params)


def _fast_template(s: str, m: re.Match[str]) -> Template:
    name = (Text(s, m.start(1), m.end(1)),)
    runs = []
    pos = m.start(2)
    end = m.end(2)
    while pos < end:  # pos is at a "|"
        nxt = s.find("|", pos + 1, end)
        stop = end if nxt < 0 else nxt
        runs.append(_Run(pos + 1, stop, [Text(s, pos + 1, stop)] if stop > pos + 1 else []))
        pos = stop
    return Template(s, m.start(), m.end(), name, _params(s, runs))


def _fast_link(s: str, m: re.Match[str]) -> Wikilink:
    title = (Text(s, m.start(1), m.end(1)),)
    parts: tuple[tuple[Node, ...], ...] = ()
    if m.start(2) >= 0:
        parts = ((Text(s, m.start(2), m.end(2)),) if m.end(2) > m.start(2) else (),)
    return Wikilink(s, m.start(), m.end(), title, parts)


def _bare_url(s: str, loc: int, end: int) -> ExternalLink | None:
    """A bare http(s)/ftp(s) URL at ``loc``, without trailing punctuation (as MediaWiki)."""
    m = BARE_URL_RE.match(s, loc, end)
    if m is None:
        return None
    stop = m.end()
    while stop > loc and s[stop - 1] in _URL_TRAIL:
        if s[stop - 1] == ")" and "(" in s[loc:stop - 1]:
            break
        stop -= 1
    if stop <= s.find("//", loc) + 2:
        return None
    return ExternalLink(s, loc, stop, stop, None, False)


_GRAMMAR: InlineGrammar | None = None


def grammar() -> InlineGrammar:
    """The process-wide inline parser."""
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = InlineGrammar()
    return _GRAMMAR

