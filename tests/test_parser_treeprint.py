"""render_tree: the tree as indented text or nested JSON (``wikilint parse FILE``)."""

from __future__ import annotations

import json

import pytest

import wikilint
from wikilint.syntax.treeprint import node_dict, render_tree

PAGE = "== A ==\nSee [[Target|the text]] {{x|y=1}}.\n"


def test_text_format_one_node_per_line() -> None:
    out = render_tree(wikilint.parse(PAGE))
    lines = out.splitlines()
    assert lines[0] == f"Document 0-{len(PAGE)} (1:1)"
    assert lines[1].startswith("  Section 0-")
    # Document > lead section > section A > heading
    assert "      Heading 0-7 (1:1) level=2 title='A'" in lines
    link = next(line for line in lines if "Wikilink" in line)
    start = PAGE.index("[[")
    # ... > section A > paragraph > link
    end = start + len("[[Target|the text]]")
    assert link == f"        Wikilink {start}-{end} (2:5) title='Target'"
    leaf = next(line for line in lines if line.strip().startswith("Text") and "'Target'" in line)
    assert leaf.startswith("          Text ")  # indented one level under the link
    assert out.endswith("\n")


def test_text_format_shortens_long_snippets() -> None:
    out = render_tree(wikilint.parse("x" * 300))
    leaf = out.splitlines()[-1]
    assert leaf.endswith("…'") and len(leaf) < 100


def test_json_format_nests_children() -> None:
    data = json.loads(render_tree(wikilint.parse(PAGE), fmt="json"))
    assert data["type"] == "Document" and (data["start"], data["end"]) == (0, len(PAGE))
    lead = data["children"][0]
    section = lead["children"][0]
    heading = section["children"][0]
    assert heading["type"] == "Heading" and heading["level"] == 2
    assert (heading["line"], heading["column"], heading["end_line"], heading["end_column"]) == (
        1, 1, 1, 8)
    templates = [n for n in _walk(data) if n["type"] == "Template"]
    assert templates[0]["name_text"] == "x"
    assert [p["name_text"] for p in templates[0]["children"] if p["type"] == "Parameter"] == ["y"]
    leaves = [n for n in _walk(data) if not n["children"]]
    assert all("text" in n for n in leaves)
    assert all(n["text"] == PAGE[n["start"]:n["end"]] for n in leaves)


def test_json_of_problems_and_tags() -> None:
    data = node_dict(wikilint.parse('<ref name="a">x</ref> {{broken'))
    tag = next(n for n in _walk(data) if n["type"] == "Tag")
    assert tag["name"] == "ref" and tag["attributes"] == {"name": "a"}
    bad = next(n for n in _walk(data) if n["type"] == "BadMarkup")
    assert (bad["problem"], bad["markup"], bad["text"]) == ("unclosed", "{{", "{{")


def test_deep_trees_render() -> None:
    doc = wikilint.parse("{{a|" * 10_000 + "}}" * 10_000)
    assert render_tree(doc).count("\n") > 40
    json.loads(render_tree(doc, fmt="json"))


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown tree format"):
        render_tree(wikilint.parse("x"), fmt="xml")


def _walk(obj: dict) -> list[dict]:
    out = [obj]
    for child in obj["children"]:
        out.extend(_walk(child))
    return out
