"""wikilint's tree against MediaWiki's recorded verdicts, without MediaWiki.

tests/data/mediawiki/parser_sample.json holds a fixed sample of the inputs of
benchmarks/mediawiki_parser.py (every 25th parser-test input, the shorter corpus
articles) with what MediaWiki 1.39 made of them (``mediawiki``: headings, bold
and italic runs, links, categories, templates, external links, ref contents,
literal markup; see tests/mediawiki/mwcompare.py). Where wikilint agreed when the
sample was recorded, it must still agree; where it did not (``wikilint_differs``,
the known limits in docs/parser.md), it must still read the input as recorded,
so that a change either way is seen and the sample re-recorded
(``python benchmarks/mediawiki_parser.py --sample tests/data/mediawiki/parser_sample.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mwcompare import CONSTRUCTS, differences, wikilint_verdicts

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "mediawiki" / "parser_sample.json"
DATA = json.loads(SAMPLE.read_text(encoding="utf-8"))
INPUTS = DATA["inputs"]


def test_the_sample_is_substantial():
    kinds = {item["corpus"] for item in INPUTS}
    assert kinds == {"articles", "parsertests"} and len(INPUTS) >= 100
    agreeing = sum(1 for item in INPUTS if not item["wikilint_differs"])
    assert agreeing >= 0.8 * len(INPUTS)


@pytest.mark.parametrize("item", INPUTS, ids=[item["name"][:80] for item in INPUTS])
def test_wikilint_reads_it_as_recorded(item):
    mine = wikilint_verdicts(item["wikitext"], DATA["magic"])
    mediawiki = item["mediawiki"]
    known = item["wikilint_differs"]
    for construct in CONSTRUCTS:
        expected = known.get(construct, mediawiki.get(construct))
        got = mine[construct]
        if construct in known:
            assert got == expected, (
                f"{construct}: a known difference from MediaWiki changed; "
                f"MediaWiki {mediawiki.get(construct)!r}, recorded {expected!r}, now {got!r}")
        else:
            assert got == expected, (
                f"{construct}: wikilint no longer agrees with MediaWiki: "
                f"{differences({construct: expected}, {construct: got})}")
