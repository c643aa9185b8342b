"""Rendered-dialect development pages: benchmarks/dev/articles/wikibrain-en__*.wiki parsed by
a throwaway MediaWiki (tests/mediawiki/mwserver.py) and reduced to reader text
(wikilint.io.htmltext), written to benchmarks/dev/rendered/*.txt.

The throwaway wiki has no templates and no Math extension, so templates are replaced
before parsing: {{citation needed}} and kin by their rendered tag ("[citation needed]"),
footnote templates by a reference, {{convert}} by its number and unit, {{lang}} by its
text, {{quote}} by a <blockquote>, citation templates by "Source, 2001.", others by
nothing.  Formulas (<math>) come out as nothing or as TeX.  The pages are for reading
findings on rendered layout, not for exact rendering.

    python benchmarks/dev/render.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from wikilint.io.htmltext import html_to_text
from wikilint.syntax.nodes import Template
from wikilint.syntax.parser import parse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests" / "mediawiki"))

INLINE = {"citation needed": "[citation needed]", "cn": "[citation needed]",
          "fact": "[citation needed]", "clarify": "[clarification needed]", "when": "[when?]",
          "who": "[who?]", "dead link": "[dead link]"}
FOOTNOTES = ("sfn", "efn", "refn", "harvnb", "r")
CITATIONS = ("cite", "citation", "harv", "isbn", "doi", "webarchive")


def _replacement(tpl: Template) -> str:
    name = tpl.normalized_name
    if name in INLINE:
        return f"<sup>{INLINE[name]}</sup>"
    if name in FOOTNOTES:
        return "<ref>note</ref>"
    if name == "convert" and tpl.params:
        return " ".join(p.value_text for p in tpl.params[:2])
    if name == "lang" and len(tpl.params) > 1:
        return tpl.params[1].value_text
    if name in ("quote", "blockquote", "quotation") and tpl.params:
        return f"<blockquote>{tpl.params[0].value_text}</blockquote>"
    if name.startswith(CITATIONS):
        return "Source, 2001."
    return ""


def without_templates(text: str) -> str:
    out, pos = [], 0
    for node in parse(text).walk():
        if isinstance(node, Template) and node.start >= pos:
            out += [text[pos:node.start], _replacement(node)]
            pos = node.end
    out.append(text[pos:])
    return "".join(out)


def main() -> None:
    from mwserver import LocalWiki

    target = HERE / "rendered"
    target.mkdir(exist_ok=True)
    with LocalWiki.start() as wiki:
        for page in sorted((HERE / "articles").glob("wikibrain-en__*.wiki")):
            title = page.stem.split("__", 1)[1].replace("_", " ")
            parsed = wiki.parse(without_templates(page.read_text(encoding="utf-8")),
                                title=title, prop="text")
            html = parsed["text"]["*"] if isinstance(parsed["text"], dict) else parsed["text"]
            text = html_to_text(html, title=title, site="Wikipedia, the free encyclopedia")
            (target / f"{page.stem}.txt").write_text(text, encoding="utf-8")
            print(page.stem)


if __name__ == "__main__":
    main()
