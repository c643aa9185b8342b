"""Declarative rules from YAML rule packs (Vale's and proselint's model).

A pack is a YAML file with a ``rules:`` list; each entry declares one rule
of a built-in *type* and its data, so word lists live in YAML with their
sources, and the engine code is written once::

    rules:
      - code: WL501
        name: weasel-words
        type: existence          # flag each listed phrase
        summary: Unsupported attributions ("some people say")
        severity: info
        tags: [style, neutrality]
        message: "weasel words '{match}': say who holds the view, with a citation"
        tokens: [some people say, it is widely believed]
        doc: |                   # the rule's documentation page (ruff's headings)
          ## What it does
          ...

Types:

``existence``
    flags each occurrence of ``tokens`` (whole words, case-insensitive
    unless ``ignorecase: false``).
``substitution``
    ``swap: {wordy phrase: replacement}``; the message may use
    ``{replacement}``; ``fix: safe|unsafe|none`` attaches an edit.

False friends: ``unless_before: {token: regex}`` and ``unless_after: {token:
regex}`` skip a match when the regex matches the prose just before it
(searched up to the match) or just after it (matched from the match's end):
"celebrated" is praise in "the celebrated poet" but a verb in "they
celebrated his birthday".  ``skip_titles`` (default true for ``existence``)
skips matches inside italic text, where works' titles are set (*Famous Men*).
``skip_sections: regex`` skips matches in a section whose title, or the title
of a section it is part of, the regex finds (case-insensitive): a plot
summary's "a legendary swordsman" describes the story, not the subject.

Both skip text inside quotation marks or a ``<blockquote>`` (a quotation
is not Wikipedia's voice) and, for ``existence``, capitalised matches in mid-sentence (proper
names such as "Legendary Pictures"), unless ``skip_quoted`` /
``skip_proper_nouns`` say otherwise.  Each rule has one option, ``ignore``:
tokens not to flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from wikilint.lint.rule import SEVERITY_NAMES, Context, Edit, Fix, Rule, Severity, option
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import Italic, ListItem, Node, Paragraph, Section, Tag

__all__ = ["pack_rules", "load_pack_file", "load_extra_packs", "PackError", "PackOptions"]

_REQUIRED = ("code", "name", "type", "summary", "message", "doc")
_KNOWN = frozenset(_REQUIRED + ("severity", "tags", "tokens", "swap", "fix", "ignorecase",
                                "skip_quoted", "skip_proper_nouns", "skip_cited", "source",
                                "default", "unless_before", "unless_after", "skip_titles",
                                "skip_sections"))
_CODE_RE = compile_cached(r"^[A-Z]{2,4}\d{3}$")
_NAME_RE = compile_cached(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_QUOTED_RE = compile_cached(r"\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]|«[^»]*»")
_SENTENCE_END_RE = compile_cached(r"[.!?](?=\s|$)|\n")
_CITATION_RE = compile_cached(r"<ref[\s>/]|\{\{\s*(?:sfn|harv|rp\b|efn)", re.I)


class PackError(ValueError):
    """A malformed rule pack; the message names the file, line and column."""


class _LazyPattern:
    """A rule class's ``pattern``, compiled when a rule first reads it.

    A pack's alternation of every token under re.IGNORECASE takes
    milliseconds to compile; most runs read few of them (a page lacking
    every token's words never reaches the pattern, a cached file no rule
    at all), so start-up does not pay for them.  Picklable, with its class.
    """

    def __init__(self, source: str, flags: int):
        self.source = source
        self.flags = flags
        self.compiled: re.Pattern[str] | None = None

    def __get__(self, obj: object, owner: type | None = None) -> re.Pattern[str]:
        if self.compiled is None:
            self.compiled = compile_cached(self.source, self.flags)
        return self.compiled


@dataclass(frozen=True)
class PackOptions:
    ignore: list[str] = option([], "Tokens (phrases) of this rule not to flag.")


class PackRule(Rule):
    """Base of rules declared in YAML packs."""

    Options = PackOptions
    visits = (Paragraph, ListItem)
    pattern: ClassVar[re.Pattern[str]]
    message_template: ClassVar[str] = ""
    swap: ClassVar[dict[str, str]] = {}
    fix_mode: ClassVar[str] = "none"
    skip_quoted: ClassVar[bool] = True
    skip_proper_nouns: ClassVar[bool] = True
    skip_cited: ClassVar[bool] = False
    skip_titles: ClassVar[bool] = False
    unless_before: ClassVar[dict[str, re.Pattern[str]]] = {}
    unless_after: ClassVar[dict[str, re.Pattern[str]]] = {}
    skip_sections: ClassVar[re.Pattern[str] | None] = None
    pack_path: ClassVar[str] = ""

    #: the tokens' words, lower-cased, by their longest word: a text must hold every
    #: word of a token to match it (see :func:`_word_groups`); None: no such shortcut
    word_groups: ClassVar[tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] | None] = None

    def visit(self, node: Node, ctx: Context) -> None:
        prose = ctx.prose(node)
        text = prose.text
        if not text:
            return
        if self.word_groups is not None:
            lower = ctx.memo(("pack-lower", id(prose)), lambda: _lowered(text))
            if lower is not None and not _may_match(lower, self.word_groups):
                return  # no token has all its words here: the pattern cannot match
        quoted: list[tuple[int, int]] | None = None
        ignore = {t.lower() for t in self.options.ignore}
        titles: list[tuple[int, int]] | None = None
        section_checked = False
        for m in self.pattern.finditer(text):
            match = m.group()
            key = " ".join(match.lower().split())
            if key in ignore:
                continue
            if quoted is None:
                quoted = [q.span() for q in _QUOTED_RE.finditer(text)] if self.skip_quoted \
                    else []
            if any(a <= m.start() < b for a, b in quoted):
                continue
            if self.skip_proper_nouns and self._proper_noun(text, m):
                continue
            if self._false_friend(text, m, key):
                continue
            start, end = prose.span(m.start(), m.end())
            if self.skip_titles:
                if titles is None:
                    titles = [(n.start, n.end) for n in node.filter(Italic)]
                if any(a <= start < b for a, b in titles):
                    continue  # ''Let Us Now Praise Famous Men'': a work's title
            if not section_checked and self.skip_sections is not None:
                section_checked = True  # every match of the node is in the same sections
                if self._in_skipped_section(node):
                    return
            if self.skip_quoted and _in_blockquote(ctx, start):
                continue  # a quotation set off as a block: not Wikipedia's voice
            if self.skip_cited and self._cited(ctx, prose, m.end()):
                continue
            replacement = self.swap.get(match.lower(), "")
            if replacement and match[:1].isupper():
                replacement = replacement[:1].upper() + replacement[1:]
            fix = None
            if self.fix_mode in ("safe", "unsafe") and replacement \
                    and ctx.source.text[start:end] == match:
                fix = Fix((Edit(start, end, replacement),), safe=self.fix_mode == "safe",
                          description=f"replace '{match}' with '{replacement}'")
            ctx.report(start, end, self.message_template.format(
                match=match, replacement=replacement), fix)

    @staticmethod
    def _cited(ctx: Context, prose: Any, pos: int) -> bool:
        """A citation follows before the next sentence starts: the claim is attributed."""
        text = prose.text
        m = _SENTENCE_END_RE.search(text, pos)
        stop = prose.to_source(m.end()) if m is not None else prose.to_source_end(len(text)) + 1
        src_from = prose.to_source_end(pos)
        stop = max(stop, src_from)
        # refs right after the sentence's last character belong to it
        window = ctx.source.text[src_from:stop + 200]
        tail = ctx.source.text[src_from:stop]
        if _CITATION_RE.search(tail):
            return True
        after = window[len(tail):]
        return bool(re.match(r"\s*(?:<ref|\{\{\s*(?:sfn|harv|rp\b|efn))", after, re.I))

    def _in_skipped_section(self, node: Node) -> bool:
        """The node is in a section whose title, or an enclosing one's, ``skip_sections`` finds."""
        pattern = self.skip_sections
        section = node.ancestor(Section)
        while pattern is not None and section is not None and section.heading is not None:
            if pattern.search(section.title):
                return True
            section = section.ancestor(Section)
        return False

    def _false_friend(self, text: str, m: re.Match[str], key: str) -> bool:
        """The token in a sense that is not the listed one (``unless_before``/``unless_after``)."""
        before = self.unless_before.get(key)
        if before is not None and before.search(text, max(0, m.start() - 60), m.start()):
            return True
        after = self.unless_after.get(key)
        return after is not None and after.match(text, m.end()) is not None

    @staticmethod
    def _proper_noun(text: str, m: re.Match[str]) -> bool:
        """A capitalised match that does not start a sentence is part of a name."""
        if not m.group()[:1].isupper():
            return False
        before = text[:m.start()].rstrip(" \t\"'“‘(")
        return bool(before) and before[-1] not in ".!?:\n\ufffc"


def _in_blockquote(ctx: Context, pos: int) -> bool:
    """The source offset is inside ``<blockquote>…</blockquote>`` (a paragraph of a
    quotation, or one of several paragraphs: the tag may span paragraphs)."""
    spans: list[tuple[int, int]] = ctx.memo("pack-blockquotes", lambda: _blockquote_spans(ctx))
    return any(a <= pos < b for a, b in spans)


def _blockquote_spans(ctx: Context) -> list[tuple[int, int]]:
    """The blockquotes of the parsed page: a paired tag, or an opening and a closing
    tag in different paragraphs (as the parser leaves a quotation of several
    paragraphs); text in comments or ``<nowiki>`` is not a tag."""
    if "blockquote" not in ctx.source.text.lower():
        return []
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for tag in ctx.doc.filter(Tag):
        if tag.name.lower() != "blockquote" or tag.self_closing:
            continue
        if tag.closing:
            if depth:
                depth -= 1
                if not depth:
                    spans.append((start, tag.end))
        elif tag.contents is not None:  # paired: <blockquote>…</blockquote>
            if not depth:
                spans.append((tag.start, tag.end))
        else:
            if not depth:
                start = tag.start
            depth += 1
    return spans


_WORD_RE = compile_cached(r"[\w'’-]+")
# Characters that match an ASCII letter under re.IGNORECASE although their
# str.lower() is not that letter: 'ı' and 'İ' match 'i', 'ſ' 's', the Kelvin sign 'k'.
_FOLDS_TO_ASCII = "\u0131\u0130\u017f\u212a"


def _word_groups(tokens: list[str]
                 ) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] | None:
    """The tokens' words (runs of ``[\\w'’-]``), lower-cased: for each longest word,
    the other words of the tokens that have it.

    A match of a token holds each of its words, so a text that lacks (even as
    part of a longer word) some word of every token has no match.  Only for
    ASCII tokens, compared with an ASCII-safe lower-casing of the text
    (:func:`_lowered`).
    """
    groups: dict[str, dict[tuple[str, ...], None]] = {}
    for token in tokens:
        words = sorted(set(_WORD_RE.findall(token.lower())), key=lambda w: (-len(w), w))
        if not words or not token.isascii():
            return None
        groups.setdefault(words[0], {})[tuple(words[1:])] = None
    return tuple((anchor, tuple(rest)) for anchor, rest in groups.items())


def _may_match(lower: str, groups: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]) -> bool:
    """Whether ``lower`` holds every word of some token (see :func:`_word_groups`)."""
    for anchor, rests in groups:
        if anchor in lower:
            for rest in rests:
                for word in rest:
                    if word not in lower:
                        break
                else:
                    return True
    return False


def _lowered(text: str) -> str | None:
    """``text`` lower-cased, or None when a character could match an ASCII letter
    under re.IGNORECASE without lower-casing to it (then every pattern runs)."""
    if any(c in text for c in _FOLDS_TO_ASCII):
        return None
    return text.lower()


def _doc_with_source(entry: dict[str, Any]) -> str:
    doc = str(entry["doc"]).strip()
    source = entry.get("source")
    if source and source not in doc:
        doc += f"\n\nSource of the list: {source.rstrip('.')}."
    return doc


def _build(entry: dict[str, Any], where: str) -> type[Rule]:
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise PackError(f"{where}: missing key(s) {', '.join(missing)}")
    unknown = sorted(set(entry) - _KNOWN)
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(unknown)} "
                        f"(allowed: {', '.join(sorted(_KNOWN))})")
    code, name, kind = str(entry["code"]), str(entry["name"]), str(entry["type"])
    if not _CODE_RE.match(code):
        raise PackError(f"{where}: code {code!r} must look like WL501")
    if not _NAME_RE.match(name):
        raise PackError(f"{where}: name {name!r} must be kebab-case")
    flags = re.IGNORECASE if entry.get("ignorecase", True) else 0
    swap: dict[str, str] = {}
    if kind == "existence":
        tokens = [str(t) for t in entry.get("tokens") or []]
        if not tokens:
            raise PackError(f"{where}: an existence rule needs 'tokens'")
    elif kind == "substitution":
        swap = {str(k).lower(): str(v) for k, v in (entry.get("swap") or {}).items()}
        if not swap:
            raise PackError(f"{where}: a substitution rule needs 'swap'")
        tokens = list(swap)
    else:
        raise PackError(f"{where}: unknown type {kind!r} (allowed: existence, substitution)")
    fix_mode = str(entry.get("fix", "none"))
    if fix_mode not in ("none", "safe", "unsafe"):
        raise PackError(f"{where}: fix must be none, safe or unsafe")
    severity = str(entry.get("severity", "info"))
    if severity not in SEVERITY_NAMES:
        raise PackError(f"{where}: severity must be error, warning or info")
    contexts: dict[str, dict[str, re.Pattern[str]]] = {}
    for key in ("unless_before", "unless_after"):
        raw = entry.get(key) or {}
        if not isinstance(raw, dict):
            raise PackError(f"{where}: {key} must map tokens to regular expressions")
        compiled = {}
        for token, rx in raw.items():
            if " ".join(str(token).lower().split()) not in {t.lower() for t in tokens}:
                raise PackError(f"{where}: {key} names {token!r}, which is not a token")
            try:
                pattern = str(rx) + ("$" if key == "unless_before" else "")
                compiled[str(token).lower()] = compile_cached(pattern, re.IGNORECASE)
            except re.error as exc:
                raise PackError(f"{where}: {key} {token!r}: bad regular expression: {exc}") \
                    from None
        contexts[key] = compiled
    sections = entry.get("skip_sections")
    if sections is not None:
        try:
            compile_cached(str(sections))
        except re.error as exc:
            raise PackError(f"{where}: skip_sections: bad regular expression: {exc}") from None
    alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+")
                           for t in sorted(tokens, key=len, reverse=True))
    attrs: dict[str, Any] = {
        "__doc__": _doc_with_source(entry),
        "__module__": __name__,
        "code": code,
        "name": name,
        "summary": str(entry["summary"]),
        "severity": Severity(severity),
        "tags": tuple(str(t) for t in entry.get("tags") or ()),
        "fixable": "always" if fix_mode != "none" else "never",
        "fix_safe": fix_mode == "safe",
        "pattern": _LazyPattern(rf"(?<![\w'’-])(?:{alternation})(?![\w'’-])", flags),
        "message_template": str(entry["message"]),
        "swap": swap,
        "fix_mode": fix_mode,
        "skip_quoted": bool(entry.get("skip_quoted", True)),
        "skip_proper_nouns": bool(entry.get("skip_proper_nouns", kind == "existence")),
        "skip_cited": bool(entry.get("skip_cited", False)),
        "skip_titles": bool(entry.get("skip_titles", kind == "existence")),
        "unless_before": contexts["unless_before"],
        "unless_after": contexts["unless_after"],
        "skip_sections": _LazyPattern(str(sections), re.IGNORECASE) if sections is not None
        else None,
        "word_groups": _word_groups(tokens),
        "default_enabled": bool(entry.get("default", True)),
        "pack_path": where,
    }
    class_name = "".join(part.title() for part in name.split("-")) + "Rule"
    return type(class_name, (PackRule,), attrs)


def load_pack_file(path: str | Path) -> list[type[Rule]]:
    """The rules declared in one pack file; :class:`PackError` when it is malformed."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    path = Path(path)
    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc}") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(f"{path}{pos}: malformed YAML: {problem}") from None
    if not isinstance(data, dict) or "rules" not in data:
        return []
    entries = data["rules"]
    if not isinstance(entries, list):
        raise PackError(f"{path}: 'rules' must be a list")
    rules = []
    for i, entry in enumerate(entries):
        line = entries.lc.item(i)[0] + 1 if hasattr(entries, "lc") else 0
        if not isinstance(entry, dict):
            raise PackError(f"{path}:{line}: each rule must be a mapping")
        rules.append(_build(dict(entry), f"{path}:{line}"))
    return rules


def pack_rules() -> list[type[Rule]]:
    """Rules declared by the built-in packs (``rules/*.yaml``).

    Built-in packs are valid (tests load them with :func:`load_pack_file`),
    so they are read through the start-up cache without line positions.
    """
    from wikilint.analysis.wordlists import load_yaml_cached, pack_dir

    found: list[type[Rule]] = []
    for path in sorted(pack_dir().glob("*.yaml")):
        # data-only packs (template and word lists) declare no rules: skip the parse
        if not re.search(r"^rules:", path.read_text(encoding="utf-8"), re.M):
            continue
        data = load_yaml_cached(path)
        for i, entry in enumerate(data["rules"]):
            found.append(_build(dict(entry), f"{path}:rule {i + 1}"))
    return found


def load_extra_packs(paths: list[str]) -> list[type[Rule]]:
    """Rules from user-supplied pack files (the config's ``packs`` key)."""
    found: list[type[Rule]] = []
    for p in paths:
        found.extend(load_pack_file(p))
    return found
