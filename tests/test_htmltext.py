"""wikilint.io.htmltext: MediaWiki's HTML reduced to the layout the rendered dialect reads."""

from __future__ import annotations

import wikilint
from wikilint.io.htmltext import html_to_text

# The shape of MediaWiki 1.39's action=parse output (Cite, headings, lists, a table).
HTML = """<div class="mw-parser-output"><p>The <b>lead</b> has a note.<sup id="cite_ref-1"
class="reference"><a href="#cite_note-1">&#91;1&#93;</a></sup> And &amp; more.
</p><div id="toc" class="toc"><h2>Contents</h2><ul><li>1 History</li></ul></div>
<h2><span class="mw-headline" id="History">History</span><span class="mw-editsection">
[<a href="/edit">edit</a>]</span></h2>
<ul><li>one</li><li>two <i>items</i></li></ul>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<pre>  kept   spacing</pre>
<h2><span class="mw-headline" id="References">References</span></h2>
<div class="mw-references-wrap"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><a href="#cite_ref-1">↑</a></span>
<span class="reference-text">Smith, J. <i>Book</i>, 2001.</span></li></ol></div>
<style>.x{}</style><script>var a;</script></div>"""


def test_layout():
    assert html_to_text(HTML, title="Page", site="Example Wiki") == (
        "Page\n\nFrom Example Wiki\n\n"
        "The lead has a note.[1] And & more.\n\n"
        "History\n\n"
        "  * one\n  * two items\n\n"
        "a\tb\n1\t2\n\n"
        "kept   spacing\n\n"
        "References\n\n"
        "  1. Smith, J. Book, 2001.\n")


def test_rendered_dialect_reads_it():
    doc = wikilint.parse(html_to_text(HTML, title="Page", site="Example Wiki"),
                         dialect="rendered")
    titles = [section.title for section in doc.sections() if section.heading is not None]
    assert titles == ["History", "References"]


def test_no_title():
    assert html_to_text("<p>a<br>b</p>") == "a\nb\n"
