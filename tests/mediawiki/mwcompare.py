"""wikilint's reading of wikitext against MediaWiki's own, construct by construct.

Both sides are reduced to the same *verdicts*, one per construct the rules rely on:

``headings``    ``[level, title]`` of each section heading, in order
``bold``/``italic``  the text of each bold and italic run (a multiset); where the
                ``''`` and ``'''`` runs open and close shows in what they hold
``links``       targets of the ``[[…]]`` that became links (multiset)
``categories``  categories the page is put in (set)
``templates``   names of the ``{{…}}`` that became transclusions (multiset)
``extlinks``    URLs of the ``[…]`` that became external links (multiset)
``refs``        the text of each ``<ref>``'s note (multiset): where its contents end
``literal``     how often ``[[``, ``]]``, ``{{``, ``}}``, ``<ref``, ``</ref`` and
                ``<tag`` (any known tag name) show as literal text to the reader

MediaWiki's verdicts come from ``action=parse`` of the wikitext on a wiki without
templates (``mediawiki_verdicts``): a missing template shows as a red link to
``Template:Name`` and drops its parameters, so on wikilint's side
(``wikilint_verdicts``) only what lies outside templates is counted, and a
template shows as the text ``Template:Name``. Texts are compared in a normal
form (``key``: letters and digits only, lower case), which hides differences of
spacing and punctuation that are not the parser's.

Used by ``benchmarks/mediawiki_parser.py`` (against a running MediaWiki) and by
``tests/mediawiki/test_mw_sample.py`` (against MediaWiki's recorded verdicts,
without MediaWiki).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import wikilint  # noqa: E402
from wikilint.syntax.nodes import (  # noqa: E402
    Argument,
    BadMarkup,
    Bold,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Italic,
    MagicWord,
    Node,
    Signature,
    Tag,
    Template,
    Text,
    Wikilink,
)

CONSTRUCTS = ("headings", "bold", "italic", "links", "categories", "templates", "extlinks",
              "refs", "literal")
LITERAL_TOKENS = ("[[", "]]", "{{", "}}", "<ref", "</ref")
# Tag names whose literal '<name' is counted as the token '<tag'.
try:
    from wikilint.syntax.vocabulary import KNOWN_TAGS as _KNOWN
except ImportError:  # before the layout move
    from wikilint.syntax.scanner import KNOWN_TAGS as _KNOWN  # type: ignore[no-redef]
TAG_NAMES = frozenset(_KNOWN) - {"ref"}
_TAG_LITERAL_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])")
_KEY_RE = re.compile(r"[\W_]+", re.UNICODE)
_OPAQUE = frozenset("nowiki pre math chem ce syntaxhighlight source timeline score graph "
                    "templatedata inputbox categorytree hiero imagemap mapframe maplink "
                    "charinsert templatestyles".split())
_EXTENSION = _OPAQUE | frozenset("ref references poem gallery indicator".split())
_FRAMED = frozenset("thumb thumbnail frame framed mini miniatur vignette миникартинка".split())
_IMAGE_OPTION_RE = re.compile(
    r"(?:thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|upright"
    r"|baseline|sub|super|top|text-top|middle|bottom|text-bottom|mini|miniatur|vignette"
    r"|links|rechts|zentriert|gauche|droite|centré)"
    r"|(?:\d*x)?\d+ ?px|(?:alt|link|upright|page|class|lang|thumb|thumbnail|alternativtext"
    r"|hochkant|mini|miniatur)\s*=.*", re.S | re.I)
_HIDDEN_TAGS = frozenset("templatestyles indicator includeonly noinclude onlyinclude".split())


def key(text: str) -> str:
    """The normal form texts are compared in: letters and digits, lower case."""
    return _KEY_RE.sub("", text).casefold()


def literal_counts(text: str) -> dict[str, int]:
    counts = {tok: text.count(tok) for tok in LITERAL_TOKENS}
    counts["<tag"] = sum(1 for m in _TAG_LITERAL_RE.finditer(text)
                         if m.group(1).lower() in TAG_NAMES)
    return {tok: n for tok, n in counts.items() if n}


def _multiset(items: Iterable[str]) -> list[str]:
    return sorted(item for item in items if item)


# ------------------------------------------------------------- MediaWiki's side
class _HTMLVerdicts(HTMLParser):
    """Links, runs, references and the visible text of MediaWiki's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.templates: list[str] = []
        self.extlinks: list[str] = []
        self.runs: list[list[Any]] = []  # [tag, [texts]] open runs
        self.bold: list[str] = []
        self.italic: list[str] = []
        self.note_runs: list[str] = []
        self.refs: list[str] = []
        self.ref_text: list[str] | None = None
        self.hidden = 0  # inside an error message or the back-links: not the page's text
        self.in_references = 0
        self.template_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        classes = set(attr.get("class", "").split())
        hide = bool(classes & {"error", "mw-cite-backlink", "mw-ext-cite-error", "autonumber"}) \
            or (tag == "sup" and "reference" in classes)
        if tag in ("br", "img", "hr", "wbr", "meta", "link", "input"):
            return
        if tag == "a":
            self._anchor(attr, classes)
        self.stack.append((tag, {"hide": "1" if hide else "", "class": attr.get("class", "")}))
        if hide:
            self.hidden += 1
        if "references" in classes and tag == "ol":
            self.in_references += 1
        if "reference-text" in classes:
            self.ref_text = []
        if tag in ("b", "i"):
            self.runs.append([tag, []])
        if "wikilint-template" in classes:
            self.template_text = []

    def _anchor(self, attr: dict[str, str], classes: set[str]) -> None:
        if self.hidden:
            return
        href = attr.get("href", "")
        if "external" in classes:
            if classes & {"text", "autonumber"}:
                self.extlinks.append(key(href))
            return
        if href.startswith("#") or "image" in classes:
            return
        title = attr.get("title", "")
        if "extiw" in classes:
            self.links.append(key(title))
            return
        parts = urlsplit(href)
        query = parse_qs(parts.query)
        if "title" in query:
            target = query["title"][0]
        elif parts.path.startswith("/index.php/"):
            target = unquote(parts.path[len("/index.php/"):])
        else:
            return
        target = target.replace("_", " ")
        if target.startswith("Special:Upload") or target.startswith("File:"):
            return
        self.links.append(key(target))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                break
        else:
            return
        while len(self.stack) > index:
            name, info = self.stack.pop()
            if info["hide"]:
                self.hidden -= 1
            if name == "ol" and "references" in info["class"].split():
                self.in_references -= 1
            if "wikilint-template" in info["class"].split() and self.template_text is not None:
                name = "".join(self.template_text)
                self.templates.append(key(name[len("Template:"):]))
                self.template_text = None
            if "reference-text" in info["class"].split() and self.ref_text is not None:
                self.refs.append(key("".join(self.ref_text)))
                self.ref_text = None
            if name in ("b", "i") and self.runs and self.runs[-1][0] == name:
                _, texts = self.runs.pop()
                if self.in_references:  # runs in notes: for the WL303 check only
                    self.note_runs.append(key("".join(texts)))
                else:
                    (self.bold if name == "b" else self.italic).append(key("".join(texts)))

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.text.append(data)
        if self.template_text is not None:
            self.template_text.append(data)
        if self.ref_text is not None:
            self.ref_text.append(data)
        for run in self.runs:
            run[1].append(data)


def _strip_tags(html: str) -> str:
    return unescape(re.sub(r"<[^>]*>", "", html))


def mediawiki_verdicts(parsed: dict[str, Any], tracking: Iterable[str] = ()) -> dict[str, Any]:
    """Verdicts from an ``action=parse`` result (formatversion 2, props text, sections,
    categories); ``tracking``: names of the categories MediaWiki adds by itself."""
    skip = {key(name) for name in tracking}
    reader = _HTMLVerdicts()
    reader.feed(parsed.get("text", ""))
    reader.close()
    headings = [[int(s["level"]), key(_strip_tags(s["line"]))]
                for s in parsed.get("sections", []) if not str(s.get("index", "")).startswith("T-")]
    visible = "".join(reader.text)
    return {
        "headings": headings,
        "bold": _multiset(reader.bold),
        "italic": _multiset(reader.italic),
        "links": _multiset(reader.links),
        "categories": sorted({key(c["category"]) for c in parsed.get("categories", [])} - skip),
        "templates": _multiset(reader.templates),
        "extlinks": _multiset(reader.extlinks),
        "refs": _multiset(reader.refs),
        "literal": literal_counts(visible),
        "visible": " ".join(visible.split()),
        "note_runs": _multiset(reader.note_runs),
    }


# --------------------------------------------------------------- wikilint's side
_RECORDS = ("headings", "bold", "italic", "links", "templates", "extlinks", "refs")


class _Render:
    """wikilint's tree shown as MediaWiki would show it on a wiki without templates."""

    def __init__(self, magic: dict[str, list[str]]) -> None:
        self.functions = frozenset(magic.get("functions", ()))
        self.variables = frozenset(magic.get("variables", ()))
        self.headings: list[list[Any]] = []
        self.bold: list[str] = []
        self.italic: list[str] = []
        self.links: list[str] = []
        self.categories: set[str] = set()
        self.templates: list[str] = []
        self.extlinks: list[str] = []
        self.refs: list[str] = []
        self.ref_names: set[str] = set()
        self.pending: dict[str, dict[str, list[Any]]] = {}  # group -> records of its refs
        self.reference_groups: set[str] = set()

    def is_magic(self, tpl: Template) -> bool:
        name = tpl.name_text.strip()
        if name.startswith("#"):
            return True
        head = name.split(":", 1)[0].strip()
        if ":" in name and head.lower() in self.functions:
            return True
        return head in self.variables or head.lower() in self.variables

    def show(self, nodes: Iterable[Node]) -> str:
        return "".join(self.node(n) for n in nodes)

    def node(self, node: Node) -> str:  # noqa: C901 - one case per node kind
        if isinstance(node, HTMLEntity):
            return str(node.value)
        if isinstance(node, Text):  # Text, BadMarkup, LineBreak
            return str(node)
        if isinstance(node, (Comment, MagicWord)):
            return ""
        if isinstance(node, Signature):
            return ""
        if isinstance(node, Template):
            if node.name_text.startswith("#") and \
                    node.name_text[1:].split(":", 1)[0].strip().lower() not in self.functions:
                return str(node)  # no such parser function: MediaWiki shows the text
            if self.is_magic(node) or any(not isinstance(n, (Text, Comment)) for n in node.name):
                return ""
            name = node.name_text.replace("_", " ").strip()
            if name.lower().startswith("template:"):
                name = name[9:]
            if name.startswith(":"):
                self.links.append(key(name[1:]))
                return name[1:]
            if name.lower().startswith(("subst:", "safesubst:", "msgnw:", "msg:", "raw:")):
                return ""
            self.templates.append(key(name))
            return "Template:" + name
        if isinstance(node, Argument):
            if node.default is not None:
                return self.show(node.default)
            return str(node)
        if isinstance(node, Wikilink):
            return self.wikilink(node)
        if isinstance(node, ExternalLink):
            if not node.brackets:
                return node.url
            self.extlinks.append(key(node.url))
            return self.show(node.title) if node.title else ""
        if isinstance(node, Tag):
            return self.tag(node)
        if isinstance(node, (Bold, Italic)):
            inner = self.show(node.children)
            if not self.in_ref:
                (self.bold if isinstance(node, Bold) else self.italic).append(key(inner))
            return inner
        if isinstance(node, Heading):
            title = self.show(node.title)
            self.headings.append([node.level, key(title)])
            return title
        return self.show(node.children)

    in_ref = False

    def wikilink(self, link: Wikilink) -> str:
        if link.is_interlanguage:
            return ""
        if link.is_category:
            self.categories.add(key(link.title_text.split(":", 1)[1].split("#")[0]))
            return ""
        if link.is_media and link.namespace == "media":  # a link to the file: its text shows
            return self.show(link.parts[-1]) if link.parts else link.title_text
        if link.is_media:
            # a missing file with a frame shows its caption (and the caption's links)
            options = [self._raw(part).strip() for part in link.parts]
            captions = [i for i, o in enumerate(options) if not _IMAGE_OPTION_RE.fullmatch(o)]
            if captions and {key(o) for o in options} & _FRAMED:
                return self.show(link.parts[captions[-1]])
            return link.title_text.lstrip(":")  # a red link named "File:…"
        target = unquote(unescape(link.title_text.lstrip(":").split("#")[0]))
        if target.strip():
            self.links.append(key(target))
        if link.parts:
            return self.show(link.parts[-1])
        return link.title_text.lstrip(":")

    def _marks(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in _RECORDS}

    def _rewind(self, marks: dict[str, int]) -> None:
        for name, length in marks.items():
            del getattr(self, name)[length:]

    @staticmethod
    def _raw(nodes: Iterable[Node]) -> str:
        return "".join(str(n) for n in nodes)

    def tag(self, tag: Tag) -> str:
        name = tag.name.lower()
        if name in _EXTENSION and not (tag.closed or tag.self_closing or tag.closing):
            return str(tag)  # an extension tag without its closer: MediaWiki shows it as text
        if name == "ref":
            if tag.closing:
                return ""
            if tag.self_closing or tag.contents is None:
                return ""
            ref_name = tag.get("name")
            outer = self.in_ref
            self.in_ref = True
            marks = self._marks()
            inner = self.show(tag.contents)
            self.in_ref = outer
            if ref_name and ref_name.strip() in self.ref_names:
                self._rewind(marks)  # a second definition: MediaWiki shows the first only
                return ""
            if ref_name:
                self.ref_names.add(ref_name.strip())
            if inner.strip():
                self.refs.append(key(inner))
            group = (tag.get("group") or "").strip()
            if group:  # shown only where a <references group=…> lists them
                for name, length in marks.items():
                    items = getattr(self, name)
                    self.pending.setdefault(group, {}).setdefault(name, []).extend(items[length:])
                self._rewind(marks)
            return ""
        if name == "references":
            self.reference_groups.add((tag.get("group") or "").strip())
        if name in _OPAQUE:
            return tag.inner_text if tag.contents is not None else ""
        if name in _HIDDEN_TAGS:
            return ""
        if name == "br":
            return " "
        return self.show(tag.contents) if tag.contents else ""


def wikilint_verdicts(text: str, magic: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The same verdicts from wikilint's tree of ``text`` (see the module docstring);
    ``magic``: MediaWiki's variables and parser functions (``functions``, ``variables``)."""
    doc = wikilint.parse(text)
    render = _Render(magic or {})
    shown = render.show(doc.children)
    for group, records in render.pending.items():
        if group in render.reference_groups:
            for name, items in records.items():
                getattr(render, name).extend(items)
    return {
        "headings": render.headings,
        "bold": _multiset(render.bold),
        "italic": _multiset(render.italic),
        "links": _multiset(render.links),
        "categories": sorted(render.categories),
        "templates": _multiset(render.templates),
        "extlinks": _multiset(render.extlinks),
        "refs": _multiset(render.refs),
        "literal": literal_counts(shown),
        "unclosed": [[p.markup, p.start] for p in doc.problems] if hasattr(doc, "problems") else [],
        "badmarkup": sum(1 for n in doc.walk() if isinstance(n, BadMarkup)),
    }


# ------------------------------------------------------------------- comparing
def _size(value: Any) -> int:
    if isinstance(value, dict):
        return sum(value.values())
    return len(value)


def _common(a: Any, b: Any) -> int:
    if isinstance(a, dict):
        return sum(min(a.get(k, 0), b.get(k, 0)) for k in set(a) | set(b))
    if isinstance((a or b or [None])[0], list):
        return sum((Counter(map(tuple, a)) & Counter(map(tuple, b))).values())
    return sum((Counter(a) & Counter(b)).values())


def compare(mw: dict[str, Any], wl: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per construct: whether the two agree, and item counts (MediaWiki, wikilint, common)."""
    out = {}
    for name in CONSTRUCTS:
        a, b = mw.get(name) or ([] if name != "literal" else {}), \
            wl.get(name) or ([] if name != "literal" else {})
        present = bool(a) or bool(b)
        out[name] = {"agree": int(present and a == b), "present": int(present),
                     "mw": _size(a), "wl": _size(b), "common": _common(a, b)}
    return out


def differences(mw: dict[str, Any], wl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What each side has that the other does not, per disagreeing construct."""
    out: dict[str, dict[str, Any]] = {}
    for name in CONSTRUCTS:
        a, b = mw.get(name) or [], wl.get(name) or []
        if a == b:
            continue
        if isinstance(a, dict) or isinstance(b, dict):
            a, b = dict(a or {}), dict(b or {})
            out[name] = {k: [a.get(k, 0), b.get(k, 0)] for k in sorted(set(a) | set(b))
                         if a.get(k, 0) != b.get(k, 0)}
        else:
            ca = Counter(map(lambda x: tuple(x) if isinstance(x, list) else x, a))
            cb = Counter(map(lambda x: tuple(x) if isinstance(x, list) else x, b))
            out[name] = {"mediawiki_only": sorted(map(str, (ca - cb).elements())),
                         "wikilint_only": sorted(map(str, (cb - ca).elements()))}
    return out
