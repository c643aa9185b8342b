"""Hostile pages through the whole command line, default text output (issue 12, item 3).

Each hostile input is linted at two sizes, n and 2n, and the CPU time of the
two runs is compared: linear work doubles (ratio about 2), quadratic work
quadruples.  The test holds the ratio below 3 and never an absolute time, so
a loaded machine does not make it fail.  The findings of one rule on one
line are capped (``FINDINGS_PER_LINE``) and the rest summarised in every
format, so a megabyte-long hostile line costs bounded memory and output.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from doubling import best_of_alternated

from wikilint.cli.app import main
from wikilint.lint.rule import FINDINGS_PER_LINE
from wikilint.output.text import source_excerpt

RATIO = 3.0


def cli_seconds(path: Path, *options: str) -> tuple[float, str]:
    """CPU seconds of one in-process ``wikilint PATH`` run, and what it printed."""
    import contextlib

    out = io.StringIO()
    start = time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["--isolated", "--no-cache", "--color", "never", *options, str(path)])
    return time.process_time() - start, out.getvalue()


def doubling_ratio(tmp_path: Path, page: Callable[[int], str], n: int, *options: str
                   ) -> tuple[float, str]:
    small, large = tmp_path / "small.wiki", tmp_path / "large.wiki"
    small.write_text(page(n), encoding="utf-8")
    large.write_text(page(2 * n), encoding="utf-8")
    cli_seconds(small, *options)  # warm up: imports, rule registry, regex caches
    t_small, (t_large, out) = best_of_alternated(
        lambda: cli_seconds(small, *options)[0], lambda: cli_seconds(large, *options),
        key=lambda run: run[0])
    return t_large / max(t_small, 1e-3), out


HOSTILE: dict[str, tuple[Callable[[int], str], int]] = {
    # name: (page of size n, n)
    "unclosed templates on one line": (lambda n: "Intro. " + "{{ a " * n + "\n", 10000),
    "unclosed links, one per paragraph": (lambda n: "x [[ y (z\n\n" * n, 1500),
    "unclosed link run on one line": (lambda n: "Intro. " + "x [[ y " * n + "\n", 10000),
    "unclosed refs on one line": (lambda n: "Intro. " + "<ref>x " * n + "\n", 12000),
    "headings with text": (lambda n: "== H ==\ntext\n" * n, 3000),
    "a line of opening parentheses": (lambda n: "x" + "(" * n + "\n", 30000),
    "bare external links on one line": (lambda n: "Intro. " + "[http://a.b c " * n + "\n", 10000),
    "lines of unclosed italics": (lambda n: "''a\n" * n, 2500),
    # unbalanced-quotes: the stack pairing, the search for a partner in a template, the
    # misplaced-mark tries and the messages about nested quotations are linear
    "unclosed guillemets on one line": (lambda n: "Intro. " + "«q " * n + "\n", 1500),
    "unclosed straight quotes on one line": (lambda n: "Intro. " + '"q ' * n + "\n", 1500),
    "unopened curly quotes on one line": (lambda n: "Intro. " + "q” " * n + "\n", 1500),
    "unclosed quotes between templates": (lambda n: "Intro. " + "«q {{t}} " * n + "\n", 1000),
    "quotations nested with the same mark": (
        lambda n: "Intro. " + '"a "b ' * n + 'c" ' * (2 * n) + "\n", 1000),
    "mixed quotation marks over many lines": (
        lambda n: "".join(("“a «b „c ‚d ‹e 「f\n", "x» y” z“ w‘ v› g」\n")[i % 2]
                          for i in range(n)), 1000),
    # reversed pairs and the tolerant reading (one more pairing of the line)
    "reversed pairs and mismatched inner quotations on one line": (
        lambda n: "Intro. " + '"a ”b" c" 说”好“然 ' * n + '"d ”e" ' * n + "\n", 1000),
    # the dialect-elision context is read once per paragraph, the transliteration
    # templates are bisected, the Wylie and abbreviation windows are bounded
    "dialect articles and elisions on one line": (
        lambda n: "Intro. " + "'u x 'a q 'bras y Bros.' " * n + "\n", 1500),
    "marks in transliteration templates on one line": (
        lambda n: "Intro. " + '{{transl|ru|ob"yom}} "q ' * n + "\n", 1000),
    "mixed brackets over lines split by lists": (
        lambda n: "(a [b {c\n* d) e] f}\n" * n, 1500),
}

@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_cli_text_output_is_linear(tmp_path: Path, name: str) -> None:
    page, n = HOSTILE[name]
    ratio, out = doubling_ratio(tmp_path, page, n)
    assert out.strip(), "the run printed nothing"
    assert ratio < RATIO, f"{name}: 2n took {ratio:.2f}x the time of n"


def test_source_excerpt_costs_the_same_on_a_long_line() -> None:
    """The excerpt looks at its window only, not the whole line, per finding."""
    def seconds(length: int) -> float:
        line = "\t{{" * (length // 3)
        start = time.process_time()
        for k in range(200):
            source_excerpt(line, len(line) // 2 + k, len(line) // 2 + k + 2)
        return time.process_time() - start

    seconds(1000)
    short, long = min(seconds(1000) for _ in range(3)), seconds(1_000_000)
    assert long < RATIO * max(short, 1e-3), f"{long:.3f} s on 1M characters vs {short:.3f} s"


def test_source_excerpt_window_is_cleaned_and_aligned() -> None:
    line = "a\tb" + "x" * 5000 + "\x01{{y" + "z" * 5000
    at = line.index("{{")
    excerpt, carets = source_excerpt(line, at, at + 2)
    assert "\x01" not in excerpt and "\t" not in excerpt and "\ufffd{{y" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert excerpt[carets.index("^"):carets.index("^") + 2] == "{{"


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "junit", "github",
                                 "gitlab"])
def test_findings_of_one_rule_on_one_line_are_capped_in_every_format(
        tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "p.wiki"
    path.write_text("Intro. " + "{{ a " * (FINDINGS_PER_LINE + 250) + "\n", encoding="utf-8")
    _, out = cli_seconds(path, "--format", fmt, "--select", "WL101")
    assert "and 250 more like this" in out
    if fmt == "json":
        findings = json.loads(out)
        assert len(findings) == FINDINGS_PER_LINE + 1
        assert findings[-1]["message"].startswith("and 250 more like this on this line")


def test_cap_counts_per_rule_and_line(tmp_path: Path) -> None:
    path = tmp_path / "p.wiki"
    under = "{{ a " * FINDINGS_PER_LINE
    path.write_text(f"One. {under}\n\nTwo. {under}{{{{ b\n", encoding="utf-8")
    _, out = cli_seconds(path, "--format", "json", "--select", "WL101")
    findings = json.loads(out)
    first = [f for f in findings if f["line"] == 1]
    third = [f for f in findings if f["line"] == 3]
    assert len(first) == FINDINGS_PER_LINE and not any("more like this" in f["message"]
                                                        for f in first)
    assert len(third) == FINDINGS_PER_LINE + 1
    assert third[-1]["message"].startswith("and 1 more like this")
