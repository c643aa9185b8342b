"""MediaWiki's rendered HTML reduced to the text a reader sees, as a browser saves it.

``html_to_text(html, title=..., site=...)`` gives the layout that the rendered
dialect (``wikilint/syntax/rendered.py``) reads, the layout of a page saved
from a browser as text:

* the page title on the first line, then ``From SITE`` (the page chrome);
* paragraphs, headings, list items and table rows on lines of their own, a
  blank line between paragraphs and around headings;
* bullet items as ``  * text``, numbered items as ``  1. text``;
* citation markers as ``[1]``; the reference list as numbered lines
  (``  1. text``) without its back-links (``↑``, ``a b``), which are
  navigation, not content;
* table cells separated by a tab; no scripts, styles, edit links or the
  table of contents.

Only the standard library's HTML tokenizer is used: the output of
MediaWiki's parser is well-formed, and nothing here needs a DOM.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

# Elements whose contents are dropped.
_SKIP_TAGS = frozenset("script style noscript template head title".split())
# Classes whose element (with its contents) is dropped: edit links, the table of
# contents, reference back-links, hidden maintenance markup.
_SKIP_CLASSES = frozenset((
    "mw-editsection", "toc", "mw-cite-backlink", "mw-jump-link", "printfooter", "catlinks",
    "mw-empty-elt", "noprint", "sortkey",
))
_SKIP_IDS = frozenset(("toc", "catlinks", "jump-to-nav"))
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Blocks that stand on lines of their own, and those that are set off by blank lines.
_LINE_BLOCKS = frozenset("""
div li dt dd tr caption blockquote center figure figcaption address dl ul ol table tbody
thead tfoot section article aside header footer nav main details summary
""".split())
_PARA_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 pre hr blockquote table".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_WS_RE = re.compile(r"[ \t\r\n\f\u200b]+")

# Sentinels in the working text: a line break, a paragraph break, a kept indent.
_NL = "\x00"
_PARA = "\x01"
_INDENT = "\x02"


class _Reducer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, dropped)
        self.skip_depth = 0
        self.pre_depth = 0
        self.lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]
        self.cells_in_row = 0

    # -- helpers
    def _emit(self, text: str) -> None:
        if self.skip_depth == 0:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: (v or "") for k, v in attrs}
        classes = set(attr.get("class", "").split())
        drop = (tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)
                or attr.get("id", "") in _SKIP_IDS
                or "display:none" in attr.get("style", "").replace(" ", ""))
        if tag in _VOID:
            if self.skip_depth == 0 and not drop:
                if tag == "br":
                    self._emit(_NL)
                elif tag == "hr":
                    self._emit(_PARA)
                elif tag == "img" and attr.get("alt"):
                    self._emit(attr["alt"])
            return
        self.stack.append((tag, drop))
        if drop:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "pre":
            self.pre_depth += 1
        if tag in _PARA_BLOCKS:
            self._emit(_PARA)
        elif tag in _LINE_BLOCKS:
            self._emit(_NL)
        if tag in ("ul", "ol"):
            start = attr.get("start", "1")
            self.lists.append([1 if tag == "ol" else 0, int(start) if start.isdigit() else 1])
        elif tag == "li":
            if self.lists and self.lists[-1][0]:
                number = self.lists[-1][1]
                self.lists[-1][1] += 1
                self._emit(f"{_INDENT * len(self.lists)}{number}. ")
            else:
                self._emit(f"{_INDENT * max(1, len(self.lists))}* ")
        elif tag == "dd":
            self._emit(_INDENT * 2)
        elif tag == "tr":
            self.cells_in_row = 0
        elif tag in ("td", "th"):
            if self.cells_in_row:
                self._emit("\t")
            self.cells_in_row += 1

    def handle_endtag(self, tag: str) -> None:
        # Pop to the matching open element (MediaWiki's HTML is balanced).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                break
        else:
            return
        while len(self.stack) > index:
            open_tag, dropped = self.stack.pop()
            self._close(open_tag, dropped)

    def _close(self, tag: str, dropped: bool) -> None:
        if dropped:
            self.skip_depth -= 1
            return
        if self.skip_depth:
            return
        if tag == "pre":
            self.pre_depth -= 1
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _PARA_BLOCKS:
            self._emit(_PARA)
        elif tag in _LINE_BLOCKS:
            self._emit(_NL)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            self._emit(data.replace("\r\n", "\n").replace("\n", _NL))
        else:
            text = _WS_RE.sub(" ", data)
            if text.startswith(" ") and self.out and self.out[-1].endswith((" ", _INDENT)):
                text = text[1:]  # one space between words, as a browser shows it
            if text:
                self._emit(text)


def _layout(raw: str) -> str:
    """Sentinels to lines: strip each line, one blank line between blocks at most."""
    lines: list[str] = []
    blank_pending = False
    for chunk in raw.replace(_PARA, _NL + _PARA + _NL).split(_NL):
        if chunk == _PARA:
            blank_pending = bool(lines)
            continue
        line = chunk.strip(" ")
        indent = len(line) - len(line.lstrip(_INDENT))
        line = line.lstrip(_INDENT).strip()
        if not line:
            continue
        if blank_pending and lines:
            lines.append("")
        blank_pending = False
        lines.append("  " * indent + line if indent else line)
    return "\n".join(lines)


def html_to_text(html: str, *, title: str | None = None, site: str | None = None) -> str:
    """The page as a reader sees it: see the module docstring for the layout."""
    reducer = _Reducer()
    reducer.feed(html)
    reducer.close()
    body = _layout("".join(reducer.out))
    head = ""
    if title:
        head = title.strip() + "\n\n"
        if site:
            head += f"From {site.strip()}\n\n"
    return head + body + "\n"
