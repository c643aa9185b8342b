"""Hostile pages through the lint pipeline's rule paths: linear time (issue 9 part 1, issue 12).

Each input is linted at two sizes, n and 2n, and the CPU time of the two runs
is compared: linear work doubles (ratio about 2), quadratic work quadruples.
The tests hold the ratio below 3 and never an absolute time, so a loaded
machine does not make them fail.  The paths are the ones made fast for full-lint
speed: the page's node index (``walk``/``filter`` of a block read a list),
citations and their dates, prose extraction, suppression comments parsed once
per page, and the pack rules' word test.

The node index must give exactly what walking the tree gives; the last tests
check that on random markup.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest
from doubling import best_of_alternated

from wikilint.lint.pipeline import lint_string
from wikilint.rules.registry import default_rules
from wikilint.syntax import nodes as N
from wikilint.syntax.parser import parse

RATIO = 3.0
RULES = default_rules()


def lint_seconds(text: str) -> float:
    start = time.process_time()
    lint_string(text, RULES)
    return time.process_time() - start


def doubling_ratio(page: Callable[[int], str], n: int) -> float:
    small, large = page(n), page(2 * n)
    lint_seconds(small)  # warm up: imports, word lists, regex caches
    t_small, t_large = best_of_alternated(lambda: lint_seconds(small),
                                          lambda: lint_seconds(large), key=float)
    return t_large / max(t_small, 1e-3)


HOSTILE: dict[str, tuple[Callable[[int], str], int]] = {
    # name: (page of size n, n)
    "paragraphs with cited claims": (
        lambda n: "Claim.<ref>{{cite web|title=T|url=http://x.org}}</ref>\n\n" * n, 400),
    "free-text refs on one line": (
        lambda n: "Intro." + "x<ref>Smith, ''A Book'', Yale University Press, p. 4.</ref> " * n
        + "\n", 300),
    "refs full of dates": (
        lambda n: "x<ref>" + "Retrieved 26 May 2006, 2007, May 2008. " * n + "</ref>\n", 300),
    "suppression comments": (
        lambda n: "<!-- wikilint-disable-next-line weasel-words -- reason -->\n"
                  "Some people say it works.\n\n" * n, 300),
    "paragraphs of weasel words": (lambda n: "Some people say it is widely believed.\n\n" * n,
                                   600),
    "one paragraph of templates and links": (
        lambda n: "Start " + "{{lang|fr|mot}} [[a|b]] ''c'' &amp; " * n + "end.\n", 1500),
    "nested templates": (lambda n: "x " + "{{a|" * n + "y" + "}}" * n + "\n", 1500),
    "many sections": (lambda n: "== H ==\nText of it.\n\n=== Sub ===\nMore.\n" * n, 400),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_rule_paths_are_linear(name: str) -> None:
    page, n = HOSTILE[name]
    ratio = doubling_ratio(page, n)
    assert ratio < RATIO, f"{name}: 2n took {ratio:.2f}x the time of n"


_PIECES = ["{{", "}}", "[[", "]]", "''", "'''", "<ref>", "</ref>", "|", "\n", "==", "{|", "|}",
           "<!--", "-->", "x", " ", "[", "]", "<b>", "*", ":", "=", "<nowiki>", "</nowiki>",
           "&amp;", "[http://a.b c]", "{{{", "}}}", "<ref name=a/>"]


def _plain_walk(root: N.Node) -> list[N.Node]:
    out: list[N.Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_node_index_walks_and_filters_like_the_tree(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(150):
        text = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 50)))
        doc = parse(text)
        assert [id(n) for n in doc.walk()] == [id(n) for n in _plain_walk(doc)]
        for node in _plain_walk(doc):
            want = _plain_walk(node)
            assert [id(n) for n in node.walk()] == [id(n) for n in want]
            for cls in (N.Template, N.Text, N.Tag, N.Section):
                assert [id(n) for n in node.filter(cls)] == \
                    [id(n) for n in want if isinstance(n, cls)]


def test_node_of_another_page_walks_its_own_tree() -> None:
    first = parse("a {{b|c}} d")
    template = next(first.filter(N.Template))
    second = parse("x [[y]] z")
    list(second.walk())  # the index most recently built is now the second page's
    assert [type(n).__name__ for n in template.walk()] == \
        [type(n).__name__ for n in _plain_walk(template)]
