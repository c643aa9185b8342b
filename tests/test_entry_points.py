"""One pipeline: the Python API, the command line and the XML-dump linter give identical
findings for the same page, on real articles and on pages with suppression comments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from corpus_paths import corpus_path

import wikilint

ROOT = Path(__file__).resolve().parent.parent

# Pages whose findings depend on suppression comments being applied (issue 7: the API
# used to report the WL502 under the disable-next-line comment that the CLI honoured).
SUPPRESSION_PAGES = {
    "Peacock": "Intro.\n\n<!-- wikilint-disable-next-line peacock-terms -->\n"
               "The club boasts a world-class junior tennis team.\n\n"
               "A world-class stadium was built in 1990.\n",
    "Quotes": "<!-- wikilint-disable unbalanced-quotes -- quoted as printed -->\n"
              "He called it \"the best album of the year.\n"
              "<!-- wikilint-enable unbalanced-quotes -->\n\n"
              "She said \"no more.\n",
    "Stale": "A plain sentence. <!-- wikilint-disable-line unbalanced-brackets -->\n\n"
             "<!-- wikilint-disabel peacock-terms -->\nText (more.\n",
    "File": "<!-- wikilint-disable-file unbalanced-brackets -->\nText (more.\n\nAnd (again.\n",
}


def keys(findings: list[dict]) -> list[tuple]:
    return [(f["line"], f["column"], f["end_line"], f["end_column"], f["code"], f["message"])
            for f in findings]


def cli_json(args: list[str], cwd: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "wikilint", "--isolated", "--format", "json",
                           *args],
                          capture_output=True, text=True, cwd=cwd, timeout=600,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    return data if isinstance(data, list) else data["findings"]


def write_dump(path: Path, pages: dict[str, str]) -> None:
    body = "".join(
        f"<page><title>{escape(title)}</title><ns>0</ns><id>{i}</id><revision><id>{i}</id>"
        f"<text xml:space=\"preserve\">{escape(text)}</text></revision></page>\n"
        for i, (title, text) in enumerate(pages.items(), 1))
    path.write_text('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" '
                    f'version="0.10" xml:lang="en">\n{body}</mediawiki>\n', encoding="utf-8")


def pages_under_test() -> dict[str, str]:
    pages = dict(SUPPRESSION_PAGES)
    folder = corpus_path("articles")
    if folder.is_dir():
        articles = sorted(folder.glob("*.wiki"), key=lambda p: p.stat().st_size)
        for path in articles[10:40:2]:  # fifteen real articles, small to mid-sized
            pages[path.stem] = path.read_text(encoding="utf-8")
    return pages


def test_api_cli_and_dump_agree(tmp_path: Path) -> None:
    pages = pages_under_test()
    for title, text in pages.items():
        (tmp_path / f"{title}.wiki").write_text(text, encoding="utf-8")
    write_dump(tmp_path / "pages.xml", pages)

    by_cli: dict[str, list[tuple]] = {title: [] for title in pages}
    for f in cli_json([f"{t}.wiki" for t in pages], tmp_path):
        by_cli[Path(f["path"]).stem].append(keys([f])[0])
    by_dump: dict[str, list[tuple]] = {title: [] for title in pages}
    for f in cli_json(["pages.xml"], tmp_path):
        by_dump[f["path"].split("#", 1)[1]].append(keys([f])[0])
    by_api = {title: keys([f.to_dict() for f in wikilint.lint_text(text, f"{title}.wiki")])
              for title, text in pages.items()}

    for title in pages:
        assert by_api[title] == by_cli[title], title
        assert by_dump[title] == by_cli[title], title
    # the suppression pages mean something: comments were applied, and some findings stay
    assert [k[4] for k in by_api["Peacock"]] == ["WL502"]
    assert by_api["Peacock"][0][0] == 6
    assert [k[4] for k in by_api["Quotes"]] == ["WL301"]
    # an unused and a misspelled directive; the misspelled one suppresses nothing
    assert sorted(k[4] for k in by_api["Stale"]) == ["WL302", "WL901", "WL901"]
    assert by_api["File"] == []


def test_api_lint_file_matches_lint_text(tmp_path: Path) -> None:
    page = tmp_path / "Peacock.wiki"
    page.write_text(SUPPRESSION_PAGES["Peacock"], encoding="utf-8")
    from_file = [f.to_dict() for f in wikilint.lint_file(page)]
    from_text = [f.to_dict() for f in wikilint.lint_text(SUPPRESSION_PAGES["Peacock"],
                                                         str(page))]
    assert from_file == from_text and from_file


@pytest.mark.parametrize("title", sorted(SUPPRESSION_PAGES))
def test_rule_case_loader_applies_suppressions_like_the_cli(title: str) -> None:
    """The rule-test loader runs cases through the same pipeline."""
    from wikilint.testing import RuleCase, lint_case

    text = SUPPRESSION_PAGES[title]
    cli = keys([f.to_dict() for f in wikilint.lint_text(text, "p.wiki")])
    for code in {k[4] for k in cli} - {"WL901"}:
        case = RuleCase(code, "entry-points", text, [])
        got = [(f.line, f.column, f.code) for f in lint_case(case)]
        assert got == [(k[0], k[1], k[4]) for k in cli if k[4] == code]
