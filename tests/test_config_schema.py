"""The JSON Schema of .wikilint.yaml: generated from the model, current in the repository,
and in agreement with the loader on valid and invalid samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from wikilint.cli import main
from wikilint.config.load import parse_config_text
from wikilint.config.model import ConfigError
from wikilint.config.schema import SCHEMA_PATH, config_schema, schema_text
from wikilint.rules.registry import builtin_rules

jsonschema = pytest.importorskip("jsonschema")
ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_schema_is_current() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(builtin_rules()), (
        "schema/wikilint.schema.json is stale; regenerate with "
        "`python -m wikilint.config.schema`")


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(config_schema())


def test_config_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("wikilint configuration")


SAMPLES = [
    ("", True),
    ("select: [WL2, WL3, undated-citation]\nignore: [WL202]\n", True),
    ("select: [ALL]\nextend-ignore: [style]\nfail-on: warning\n", True),
    ("select: 'WL3, WL4'\n", True),
    ("extends: wikilint:strict\n", True),
    ("extends: [wikilint:relaxed]\nfail-on: error\n", True),
    ("exclude: [drafts, '!drafts/keep.wiki']\nextend-exclude: tmp\n", True),
    ("extend-include: ['*.txt']\nrespect-gitignore: false\n", True),
    ("dialects: {.src: wikitext, .html.txt: rendered}\n", True),
    ("per-file-ignores:\n  'lists/**': [incomplete-section, WL301]\n", True),
    ("rules:\n  unbalanced-quotes: {severity: error, report-nested: false}\n"
     "  WL401: {require: publication, extra-templates: [Cite foo]}\n"
     "  wl201:\n  weasel-words: {ignore: [notably]}\n", True),
    # invalid
    ("selekt: [WL3]\n", False),
    ("select: [WL999]\n", False),
    ("select: [unbalanced-quote]\n", False),
    ("select: WL3\nignore: [3]\n", False),
    ("fail-on: fatal\n", False),
    ("extends: wikilint:stric\n", False),
    ("extends: []\n", False),
    ("respect-gitignore: 'yes'\n", False),
    ("dialects: {src: wikitext}\n", False),
    ("dialects: {.src: html}\n", False),
    ("rules:\n  unbalanced-quotes: {severity: fatal}\n", False),
    ("rules:\n  unbalanced-quotes: {report-nested: 'no'}\n", False),
    ("rules:\n  unbalanced-quotes: {colour: red}\n", False),
    ("rules:\n  undated-citation: {require: always}\n", False),
    ("rules:\n  no-such-rule: {}\n", False),
    ("per-file-ignores:\n  'x/**': [WL999]\n", False),
    ("exclude: [1, 2]\n", False),
    ("- a list\n", False),
]


@pytest.mark.parametrize(("text", "valid"), SAMPLES)
def test_schema_and_loader_agree(text: str, valid: bool, tmp_path: Path) -> None:
    data = YAML(typ="safe").load(text)
    errors = list(jsonschema.Draft202012Validator(config_schema()).iter_errors(data))
    try:
        parse_config_text(text, str(tmp_path / ".wikilint.yaml"))
        loader_ok = True
    except ConfigError:
        loader_ok = False
    assert (not errors, loader_ok) == (valid, valid), errors[:1]
