"""Golden snapshots: every built-in rule's findings on a reviewed sample of real articles.

``tests/golden/<article>.json`` holds, for one corpus article, the findings of
all built-in rules (code, line, column, message), each with the reviewer's
verdict (``TP``/``FP``) and reason.  The tests fail when the rules' output on
the article changes, and when a snapshotted finding has no verdict, so every
change in behaviour on real text gets a human look.

Regenerate after a deliberate change (keeps the verdicts of findings at the same
place, marks new ones ``unreviewed`` until someone reviews them, rewrites README.md)::

    python tests/test_golden.py --update            # every article in SAMPLE
    python tests/test_golden.py --update Aruba      # articles whose name contains "Aruba"

The corpus is read from ``../shared/corpus/articles``; the tests skip without it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as a script
    sys.path.insert(0, str(ROOT))

from wikilint.lint.pipeline import lint_source  # noqa: E402
from wikilint.rules.registry import builtin_rules  # noqa: E402
from wikilint.syntax.source import SourceFile  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
ARTICLES = ROOT.parent / "shared" / "corpus" / "articles"
KEY_FIELDS = ("code", "line", "column", "message")
VERDICTS = ("TP", "FP")
UNREVIEWED = "unreviewed"

#: The reviewed sample, and why each article is in it.
SAMPLE: dict[str, str] = {
    "gensim-enwiki2016__Aruba.wiki": "English country article, infobox-heavy, {{Expand section}}",
    "gensim-enwiki2016__Alkane.wiki": "chemistry: formulas, tables, math, {{Expand section}}",
    "gensim-enwiki2016__Andrei_Tarkovsky.wiki": "biography with filmography lists and quotes",
    "gensim-enwiki2016__Abstract_(law).wiki": "short legal article with section tags",
    "gensim-enwiki2016__Aberdeen_(disambiguation).wiki": "disambiguation page: a bare list",
    "gensim-enwiki2017__List_of_Prison_Break_characters.wiki": "list article with tables",
    "gensim-enwiki2016__Transport_in_Angola.wiki": "short stub-like article, lists",
    "wikilint-de__Krefeld.wiki": "German, long, German quotation marks",
    "wikilint-de__Chania.wiki": "German, history with parenthesised sources",
    "gensim-enwiki2016__Algorithm.wiki": "technical: code, math, quotations of sources",
    "gensim-enwiki2016__Art.wiki": "essay-style article, <blockquote> quotations",
    "wpcleaner-en__Windows_10_version_history.wiki": "wpcleaner sample: huge tables",
    "wpcleaner-en__2020_in_science.wiki": "wpcleaner sample: dated lists, {{Empty section}}",
}


def golden_path(article: str) -> Path:
    return GOLDEN / (Path(article).stem + ".json")


def current_findings(article: str) -> list[dict[str, Any]]:
    """Findings of every built-in rule (default and opt-in) on one corpus article."""
    path = ARTICLES / article
    text = path.read_text(encoding="utf-8")
    rules = [cls() for cls in builtin_rules()]
    result = lint_source(SourceFile(text, article), rules, "wikitext")
    assert not result.errors, f"rules raised on {article}: {result.errors}"
    return [{k: getattr(f, k) for k in KEY_FIELDS} for f in result.findings]


def load_golden(article: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(golden_path(article).read_text(encoding="utf-8"))
    return data


def key(item: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(item[k] for k in KEY_FIELDS)


def describe(items: list[tuple[Any, ...]]) -> str:
    return "\n".join(f"  {c} {line}:{col} {msg}" for c, line, col, msg in items) or "  (none)"


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("article", sorted(SAMPLE))
def test_findings_match_snapshot(article: str) -> None:
    if not (ARTICLES / article).exists():
        pytest.skip(f"corpus article {article} not available")
    assert golden_path(article).exists(), f"no snapshot; run: python {__file__} --update"
    want = [key(item) for item in load_golden(article)["findings"]]
    got = [key(item) for item in current_findings(article)]
    if got != want:
        new = [g for g in got if g not in want]
        gone = [w for w in want if w not in got]
        pytest.fail(f"{article}: findings changed (python tests/test_golden.py --update "
                    f"{Path(article).stem}, then review).\nnew:\n{describe(new)}\n"
                    f"gone:\n{describe(gone)}")


@pytest.mark.parametrize("article", sorted(SAMPLE))
def test_every_snapshot_finding_is_reviewed(article: str) -> None:
    if not golden_path(article).exists():
        pytest.skip("no snapshot yet")
    for item in load_golden(article)["findings"]:
        assert item.get("verdict") in VERDICTS, f"{article}: unreviewed finding {key(item)}"
        assert item.get("reason"), f"{article}: verdict without a reason {key(item)}"


def test_snapshots_are_the_sample() -> None:
    stray = {p.name for p in GOLDEN.glob("*.json")} - {golden_path(a).name for a in SAMPLE}
    assert not stray, f"snapshots of articles not in SAMPLE: {sorted(stray)}"


# ------------------------------------------------------------------ update
def merge(article: str, findings: list[dict[str, Any]]) -> dict[str, Any]:
    """New snapshot of ``article``: verdicts carried over for findings that did not change."""
    old: dict[tuple[Any, ...], dict[str, Any]] = {}
    if golden_path(article).exists():
        for item in load_golden(article)["findings"]:
            old[key(item)] = item
            old.setdefault(key(item)[:3], item)  # same place, reworded message
    merged = []
    for item in findings:
        prior = old.get(key(item)) or old.get(key(item)[:3], {})
        merged.append({**item, "verdict": prior.get("verdict", UNREVIEWED),
                       "reason": prior.get("reason", "")})
    return {"article": article, "why": SAMPLE[article], "findings": merged}


def commit_id() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("<", "&lt;")


def render_readme() -> str:
    """README.md: the articles, when and at which commit, and every verdict."""
    lines = [
        "# Golden snapshots",
        "",
        "Findings of every built-in rule (default and opt-in) on a reviewed sample of",
        "corpus articles (`../shared/corpus/articles`). Each finding was checked against",
        "the article's source by a person: **TP** (an editor would agree and act on it)",
        "or **FP** (wrong; reported to the rule's owner). `tests/test_golden.py` fails",
        "when the output changes or a finding has no verdict.",
        "",
        "Regenerate after a deliberate change, then review the findings marked",
        "`unreviewed` in the JSON (set `verdict` and `reason`) and run it again to",
        "refresh this page:",
        "",
        "```sh",
        "python tests/test_golden.py --update [ARTICLE-SUBSTRING ...]",
        "```",
        "",
        f"Last regenerated: {datetime.date.today().isoformat()} at commit {commit_id()}.",
        "",
        "| article | why it is in the sample | findings | TP | FP |",
        "|---|---|---:|---:|---:|",
    ]
    tables: list[str] = []
    for article in sorted(SAMPLE):
        if not golden_path(article).exists():
            continue
        items = load_golden(article)["findings"]
        tp = sum(i["verdict"] == "TP" for i in items)
        fp = sum(i["verdict"] == "FP" for i in items)
        lines.append(f"| `{article}` | {cell(SAMPLE[article])} | {len(items)} | {tp} | {fp} |")
        tables += ["", f"## {article}", ""]
        if not items:
            tables.append("No findings.")
            continue
        tables += ["| line:col | code | message | verdict | reason |", "|---|---|---|---|---|"]
        for i in items:
            tables.append(f"| {i['line']}:{i['column']} | {i['code']} | {cell(i['message'])} | "
                          f"{i['verdict']} | {cell(i['reason'])} |")
    return "\n".join(lines + tables) + "\n"


def update(selectors: list[str]) -> None:
    GOLDEN.mkdir(exist_ok=True)
    for article in sorted(SAMPLE):
        if selectors and not any(s in article for s in selectors):
            continue
        snapshot = merge(article, current_findings(article))
        golden_path(article).write_text(
            json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        todo = sum(i["verdict"] == UNREVIEWED for i in snapshot["findings"])
        print(f"{golden_path(article).name}: {len(snapshot['findings'])} findings, "
              f"{todo} to review")
    (GOLDEN / "README.md").write_text(render_readme(), encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Regenerate the golden snapshots.")
    parser.add_argument("--update", action="store_true", required=True)
    parser.add_argument("articles", nargs="*", help="substrings of article file names")
    update(parser.parse_args().articles)
