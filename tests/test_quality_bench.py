"""The planting model of benchmarks/quality.py: it must know nothing of the rules and plant
exactly the defect it claims, where it claims."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from wikilint import parse

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "quality.py"
_spec = importlib.util.spec_from_file_location("quality_bench", _PATH)
assert _spec and _spec.loader
quality = importlib.util.module_from_spec(_spec)
sys.modules["quality_bench"] = quality
_spec.loader.exec_module(quality)

PAGE = """'''Topic''' is a thing that people study in many places. It has a long history and many uses.

== History ==
The first paragraph of the history section tells how the thing began in a small town long ago.

The second paragraph of the history section says what happened next, and who took part in it (as told by the elders).<ref>{{cite web |url=http://example.org/2011/05/x |title=Report of 2010 on things |date=5 May 2011 |access-date=6 June 2012}}</ref>

== Use ==
People use the thing for “many purposes” every day, and some say it is "very useful" in practice.

[[Category:Things]]
"""


def test_wilson_interval():
    assert quality.wilson(0, 0) == (0.0, 1.0)
    lo, hi = quality.wilson(50, 100)
    assert round(lo, 3) == 0.404 and round(hi, 3) == 0.596
    lo, hi = quality.wilson(100, 100)
    assert round(hi, 9) == 1.0 and round(lo, 3) == 0.963


def test_words_in_several_scripts():
    text = "Hello, wörld's end-game"
    assert [text[a:b] for a, b in quality.words_of(text, 0)] == ["Hello", "wörld's", "end-game"]
    assert [w for w in quality.words_of("日本語です", 10)] == [(10, 11), (11, 12), (12, 13),
                                                           (13, 14), (14, 15)]
    marathi = "भारताने मोठी मजल"  # vowel signs are combining marks, still inside the word
    assert [marathi[a:b] for a, b in quality.words_of(marathi, 0)] == ["भारताने", "मोठी", "मजल"]


def test_quote_pairs_skip_apostrophes():
    text = "the “first” and «second» and \"third one\" and the students' union and don't"
    pairs = {(text[a], text[b]) for a, b, _ in quality.quote_pairs(text, 0)}
    assert pairs == {("“", "”"), ("«", "»"), ('"', '"')}


def test_paren_pairs_across_links():
    doc = parse("Some words (see [[Other page]] here) and an open one (never closed.\n")
    par = next(n for n in doc.walk() if n.kind == "paragraph")
    pairs = quality.paren_pairs(quality.own_text(par))
    assert len(pairs) == 1
    a, b = pairs[0]
    assert doc.text[a] == "(" and doc.text[b] == ")" and doc.text[a:b + 1].endswith("here)")


def test_paragraph_positions():
    doc = parse(PAGE)
    found = {p.par.start: p.position for p in quality.prose_paragraphs(doc)}
    starts = {PAGE.index(s): s for s in ("'''Topic'''", "The first", "The second", "People use")}
    assert {starts[k][:9]: v for k, v in found.items()} == {
        "'''Topic'": "last", "The first": "middle", "The secon": "last", "People us": "last"}


@pytest.mark.parametrize("kind", ["cut-last", "cut-middle"])
def test_cut_in_second_half_at_a_word(kind):
    doc = parse(PAGE)
    paras = {PAGE[:p.par.start].count("\n") + 1: p for p in quality.prose_paragraphs(doc)
             if p.position == kind[4:]}
    cuts = set()
    for seed in range(30):
        (plant,) = quality.plants(kind, "x.wiki", PAGE, doc, [], random.Random(seed), 1)
        para = paras[plant.lines[0]]
        cut = next(i for i in range(len(PAGE)) if plant.text[:i + 1] != PAGE[:i + 1])
        assert plant.text == PAGE[:cut] + PAGE[para.par.end:]
        second_half = para.words[len(para.words) // 2:]
        assert cut in {end for _, end in second_half}
        assert plant.lines[1] == PAGE[:cut].count("\n") + 1
        cuts.add(cut)
    assert len(cuts) > 5  # uniform over many words, not a fixed place


def test_quote_and_paren_deletion():
    doc = parse(PAGE)
    (q,) = quality.plants("quote", "x.wiki", PAGE, doc, [], random.Random(1), 1)
    assert len(q.text) == len(PAGE) - 1
    removed = next(i for i, (a, b) in enumerate(zip(PAGE, q.text, strict=False)) if a != b)
    assert PAGE[removed] in "”\""
    paren = quality.plants("paren", "x.wiki", PAGE, doc, [], random.Random(1), 5)
    assert len(paren) == 1 and "(as told by the elders" in paren[0].text
    assert "elders)." not in paren[0].text


def test_citation_dates_all_go_urls_stay():
    doc = parse(PAGE)
    (c,) = quality.plants("citation-dates", "x.wiki", PAGE, doc, [], random.Random(0), 1)
    ref = c.text[c.text.index("<ref>"):c.text.index("</ref>")]
    assert "date=" not in ref and "2010" not in ref.replace("http://example.org/2011/05/x", "")
    assert "http://example.org/2011/05/x" in ref and "Report of" in ref
    assert c.text.replace(ref, "") == PAGE.replace(PAGE[PAGE.index("<ref>"):
                                                        PAGE.index("</ref>")], "")


def test_places_with_a_finding_are_not_chosen():
    doc = parse(PAGE)
    line = PAGE[:PAGE.index("(as told")].count("\n") + 1
    taken = [SimpleNamespace(rule="unbalanced-brackets", line=line, end_line=line)]
    assert quality.plants("paren", "x.wiki", PAGE, doc, taken, random.Random(0), 3) == []


def test_found_needs_the_rule_at_the_place():
    p = quality.Plant("quote", "x.wiki", "", (3, 4))
    hit = SimpleNamespace(rule="unbalanced-quotes", line=4, end_line=4)
    assert quality.found(p, [hit])
    assert not quality.found(p, [SimpleNamespace(rule="unbalanced-brackets", line=4, end_line=4)])
    assert not quality.found(p, [SimpleNamespace(rule="unbalanced-quotes", line=9, end_line=9)])
    cut = quality.Plant("cut-last", "x.wiki", "", (10, 10), heading_line=7)
    assert quality.found(cut, [SimpleNamespace(rule="incomplete-section", line=7, end_line=7)])


def test_reviews_match_by_place_and_message():
    findings = [{"file": "a.wiki", "rule": "r", "line": 3, "message": "first message here"},
                {"file": "a.wiki", "rule": "r", "line": 5, "message": "reworded message"}]
    reviews = [quality.Review("a.wiki", "r", 3, "first message", True, ""),
               quality.Review("a.wiki", "r", 5, "old wording", False, "why")]
    quality.match_reviews(findings, reviews)
    assert findings[0]["verdict"] == "true" and findings[1]["verdict"] == "false"


def test_targets_fail_when_missed():
    def recall(k, n):
        lo, hi = quality.wilson(k, n)
        return {"recall": k / n, "ci95": [lo, hi]}
    rules = {"incomplete-section": {"findings": 5, "per_article": 0.05, "precision": 1.0,
                                    "reviewed": 5, "true": 5},
             "unbalanced-quotes": {"findings": 40, "per_article": 0.4, "precision": 0.95,
                                   "reviewed": 40, "true": 38},
             "unbalanced-brackets": {"findings": 10, "per_article": 0.1, "precision": 0.8,
                                     "reviewed": 10, "true": 8}}
    report = {"sets": {"untuned": {
        "recall": {"cut-last": recall(96, 100), "cut-middle": recall(85, 100),
                   "quote": recall(99, 100), "paren": recall(100, 100)},
        "rules": rules}}}
    missed = {what for _, what, _, met in quality.targets(report) if not met}
    assert missed == {"cut-middle recall ≥ 0.9", "unbalanced-quotes ≤ 0.3 findings/article",
                      "unbalanced-brackets precision ≥ 0.9"}


def test_precision_target_on_every_unseen_set():
    rules = {"unbalanced-quotes": {"findings": 10, "per_article": 0.1, "precision": 0.8,
                                   "reviewed": 10, "true": 8}}
    perfect = {k: {"recall": 1.0, "ci95": [0.9, 1.0]}
               for k in ("cut-last", "cut-middle", "quote", "paren")}
    report = {"sets": {s: {"recall": perfect, "rules": rules}
                       for s in ("tuning", "untuned", "heldout")}}
    missed = {(s, what) for s, what, _, met in quality.targets(report) if not met}
    assert missed == {("untuned", "unbalanced-quotes precision ≥ 0.9"),
                      ("heldout", "unbalanced-quotes precision ≥ 0.9")}


def test_blind_set_only_when_asked():
    assert set(quality.SETS) == {"tuning", "untuned", "heldout", "heldout2", "heldout3"}
    assert not {"heldout", "heldout2", "heldout3"} & set(quality.DEFAULT_SETS.split(","))
    assert {"heldout", "heldout2", "heldout3"} <= set(quality.UNSEEN)


def test_heldout_provenance_is_complete_and_disjoint():
    """Every held-out page has a provenance row, from a repository neither other set uses."""
    import csv

    root = Path(quality.ROOT) / "benchmarks"
    with (root / "heldout" / "SOURCES.tsv").open(encoding="utf-8") as fh:
        held = list(csv.DictReader(fh, delimiter="\t"))
    with (root / "untuned" / "SOURCES.tsv").open(encoding="utf-8") as fh:
        untuned = list(csv.DictReader(fh, delimiter="\t"))
    files = {p.name for p in (root / "heldout" / "articles").glob("*.wiki")}
    assert files == {r["file"] for r in held} and len(held) >= 60
    repos = {r["repo"] for r in held}
    assert not repos & {r["repo"] for r in untuned}
    assert not {r for r in repos if "wtf_wikipedia" in r.lower()}
    assert not {(r["lang"], r["title"]) for r in held} & {(r["lang"], r["title"]) for r in untuned}
    assert all(r["repo_licence"] and r["commit"] and r["revision"] for r in held)
    # no repository dominates
    assert max(sum(r["repo"] == repo for r in held) for repo in repos) < len(held) / 2


def _sources(name: str) -> list[dict[str, str]]:
    """The provenance rows of an evaluation set (its SOURCES.tsv)."""
    import csv

    path = Path(quality.ROOT) / "benchmarks" / name / "SOURCES.tsv"
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_heldout2_provenance_is_complete_and_disjoint():
    """Every page of the second blind set has a provenance row, from a repository no other
    set uses, and a title no other set has in the same language."""
    root = Path(quality.ROOT) / "benchmarks"
    held2 = _sources("heldout2")
    others = _sources("untuned") + _sources("heldout")
    files = {p.name for p in (root / "heldout2" / "articles").glob("*.wiki")}
    assert files == {r["file"] for r in held2} and len(held2) >= 60
    repos = {r["repo"] for r in held2}
    assert not repos & {r["repo"] for r in others}
    assert not {r for r in repos if "wtf_wikipedia" in r.lower() or "spencermountain" in r.lower()}
    assert not {(r["lang"], r["title"]) for r in held2} & {(r["lang"], r["title"]) for r in others}
    assert all(r["repo_licence"] and r["commit"] and r["revision"] for r in held2)
    # no one dump dominates (two dumps of one repository are two sources)
    sources = {(r["repo"], r["path"]) for r in held2}
    assert max(sum((r["repo"], r["path"]) == s for r in held2) for s in sources) < len(held2) / 2


def test_heldout3_provenance_is_complete_and_disjoint():
    """Every page of the third blind set has a provenance row, from a repository no other
    set uses, and a title no other set has in the same language."""
    root = Path(quality.ROOT) / "benchmarks"
    held3 = _sources("heldout3")
    others = _sources("untuned") + _sources("heldout") + _sources("heldout2")
    files = {p.name for p in (root / "heldout3" / "articles").glob("*.wiki")}
    assert files == {r["file"] for r in held3} and len(held3) >= 30
    repos = {r["repo"] for r in held3}
    assert not repos & {r["repo"] for r in others}
    assert not {r for r in repos if "wtf_wikipedia" in r.lower() or "spencermountain" in r.lower()}
    assert not {(r["lang"], r["title"]) for r in held3} & {(r["lang"], r["title"]) for r in others}
    assert all(r["repo_licence"] and r["commit"] and r["revision"] for r in held3)
    assert all(r["file"].startswith(r["lang"] + "__") for r in held3)
    # the one multi-page dump (17 Chinese pages) is the largest source; no source is more
    # than 60% of the set, and at least four languages are present
    sources = {(r["repo"], r["path"]) for r in held3}
    assert max(sum((r["repo"], r["path"]) == s for r in held3) for s in sources) <= 0.6 * len(held3)
    assert len({r["lang"] for r in held3}) >= 4


def test_reviews_tell_apart_one_line_by_column():
    """Two findings of one rule on one line with the same message prefix get their own
    verdicts when the review rows give columns; rows without a column still match."""
    msg = "'<code>' opened here is never closed with '</code>'"
    findings = [{"file": "a.wiki", "rule": "r", "line": 7, "column": 10, "message": msg},
                {"file": "a.wiki", "rule": "r", "line": 7, "column": 18, "message": msg},
                {"file": "a.wiki", "rule": "r", "line": 9, "column": 1, "message": msg}]
    reviews = [quality.Review("a.wiki", "r", 7, msg[:quality.PREFIX], True, "", 10),
               quality.Review("a.wiki", "r", 7, msg[:quality.PREFIX], False, "same", 18),
               quality.Review("a.wiki", "r", 9, msg[:quality.PREFIX], True, "")]
    quality.match_reviews(findings, reviews)
    assert [f["verdict"] for f in findings] == ["true", "false", "true"]
