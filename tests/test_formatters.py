"""Every output format, on findings with awkward characters, plus SARIF schema validation."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.lint.rule import Edit, Finding, Fix, Rule, Severity
from wikilint.output import (
    FORMATS,
    Summary,
    UnknownFormatError,
    get_formatter,
    resolve_format,
    rule_docs_url,
)
from wikilint.output.text import display_width, source_excerpt
from wikilint.rules.registry import builtin_rules
from wikilint.syntax.source import SourceFile

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-2.1.0.json"

TEXT = ('== Reception ==\n'
        'Critics said "it\'s 100% great :: really, truly\n'
        'and\tthen 漢字 [[Link|text]] {{cn}}\n'
        'ends\r\n')
PATH = "articles/Café: the 100% list.wiki"
AWKWARD = 'quote "it\'s 100% great :: really, truly\nnever closed; <b>&amp;</b> \u2028 ✓ %0A'


def _finding(src: SourceFile, start: int, end: int, code: str, rule: str, sev: Severity,
             message: str, fix: Fix | None = None) -> Finding:
    return Finding(src.path, code, rule, sev, message, start, end, *src.line_col(start),
                   *src.line_col(end), fix)


def awkward_findings() -> tuple[SourceFile, list[Finding]]:
    src = SourceFile(TEXT, PATH)
    quote = TEXT.index('"it')
    han = TEXT.index("漢")
    return src, [
        _finding(src, quote, quote + 10, "WL301", "unbalanced-quotes", Severity.WARNING,
                 AWKWARD, Fix((Edit(quote, quote + 1, "“"),), safe=False,
                              description="use a typographic quote")),
        _finding(src, han, han + 2, "WL101", "unclosed-markup", Severity.ERROR,
                 "control \x0b char and \x00 NUL, tab\there"),
        _finding(src, TEXT.index("truly"), TEXT.index("then"), "WL202", "incomplete-section",
                 Severity.INFO, "spans two lines: 'truly…and'"),
    ]


def render(fmt: str, findings: Sequence[Finding] = (), sources: Sequence[SourceFile] = (),
           errors: Sequence[str] = (), rules: Sequence[type[Rule]] = (), color: bool = False,
           statistics: bool = False, fixed: int = 0, **kw: object) -> str:
    stream = io.StringIO()
    formatter = get_formatter(fmt, stream, color=color, rules=rules, **kw)  # type: ignore[arg-type]
    formatter.start()
    paths = list(dict.fromkeys([s.path for s in sources] + [f.path for f in findings]))
    by_path = {s.path: s for s in sources}
    for path in paths:
        formatter.begin_file(path, by_path.get(path))
        for f in findings:
            if f.path == path:
                formatter.handle(f)
        formatter.end_file(path)
    formatter.finish(Summary(len(paths), len(findings), list(errors), fixed,
                             Counter(f.code for f in findings), statistics))
    return stream.getvalue()


def render_awkward(fmt: str, **kw: object) -> str:
    src, findings = awkward_findings()
    return render(fmt, findings, [src], **kw)  # type: ignore[arg-type]


# -- choosing a format ----------------------------------------------------------
def test_formats() -> None:
    assert FORMATS == ("text", "concise", "json", "jsonl", "github", "sarif", "junit", "gitlab")
    for fmt in FORMATS:
        assert get_formatter(fmt, io.StringIO()).name == fmt


def test_auto_format() -> None:
    assert resolve_format("auto", {"GITHUB_ACTIONS": "true"}) == "github"
    assert resolve_format("auto", {}) == "text"
    assert resolve_format(None, {"GITHUB_ACTIONS": "false"}) == "text"
    assert resolve_format("SARIF", {}) == "sarif"
    with pytest.raises(UnknownFormatError, match="unknown output format 'xml'"):
        resolve_format("xml", {})


@pytest.mark.parametrize("fmt", FORMATS)
def test_writes_only_to_the_given_stream(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = render_awkward(fmt, errors=["x.wiki: error: is a directory"])
    assert out
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


# -- text and concise -----------------------------------------------------------
def test_text_line_and_caret() -> None:
    src = SourceFile("Intro.\nHe said \"yes and left.\n", "a.wiki")
    start = src.text.index('"')
    f = _finding(src, start, start + 4, "WL301", "unbalanced-quotes", Severity.WARNING,
                 "quotation mark never closed: '\"yes'")
    out = render("text", [f], [src]).splitlines()
    assert out[0] == ("a.wiki:2:9: WL301 [warning] quotation mark never closed: '\"yes' "
                      "(unbalanced-quotes)")
    assert out[1:4] == ["  |", "2 | He said \"yes and left.", "  |         ^^^^"]
    assert out[4] == "Found 1 problem in 1 file (1 warning)."


def test_text_awkward_message_stays_on_one_line() -> None:
    lines = render_awkward("concise").splitlines()
    assert len(lines) == 4  # three findings and the summary
    assert lines[0].startswith(f"{PATH}:2:14: WL301 [warning] quote \"it's 100% great")
    assert lines[0].endswith("(unbalanced-quotes)")
    assert lines[3] == "Found 3 problems in 1 file (1 error, 1 warning, 1 info)."


def test_text_wide_characters_and_tabs_keep_the_caret_aligned() -> None:
    out = render_awkward("text").splitlines()
    excerpt, carets = out[6], out[7]  # the second finding: 漢字 after a tab
    assert excerpt == "3 | and then 漢字 [[Link|text]] {{cn}}"
    column = display_width(excerpt[: excerpt.index("漢")])
    assert carets.index("^") == column and carets.count("^") == 4  # two wide characters


def test_text_multi_line_span_says_where_it_ends() -> None:
    out = render_awkward("text")
    assert "(to line 3)" in out


def test_source_excerpt_long_span_keeps_context_before_it() -> None:
    line = "x" * 300 + "<ref>" + "c" * 500 + "</ref>" + "y" * 100
    excerpt, carets = source_excerpt(line, 300, 811, width=100)
    assert excerpt == "…" + "x" * 20 + "<ref>" + "c" * 75 + "…"
    assert carets == " " * 21 + "^" * 80


def test_source_excerpt_windows_long_lines() -> None:
    line = "x" * 3000 + "TARGET" + "y" * 3000
    excerpt, carets = source_excerpt(line, 3000, 3006, width=60)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert display_width(excerpt) <= 62
    assert excerpt[carets.index("^"):carets.index("^") + 6] == "TARGET"
    assert carets.strip() == "^" * 6


def test_source_excerpt_empty_span_and_line_end() -> None:
    assert source_excerpt("abc", 3, 3) == ("abc", "   ^")
    assert source_excerpt("", 0, 0) == ("", "^")


def test_text_without_source_or_with_no_show_source() -> None:
    src, findings = awkward_findings()
    assert "|" not in render("text", findings[:1], [], show_source=True).splitlines()[1]
    out = render("text", findings, [src], show_source=False)
    assert " | " not in out


def test_text_color_only_when_asked() -> None:
    assert "\x1b[" not in render_awkward("text")
    colored = render_awkward("text", color=True)
    assert "\x1b[" in colored
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == render_awkward("text")


def test_text_summary_variants() -> None:
    assert render("text") == "No files checked.\n"
    src = SourceFile("x", "a.wiki")
    stream = io.StringIO()
    fm = get_formatter("text", stream)
    fm.begin_file("a.wiki", src)
    fm.end_file("a.wiki")
    fm.finish(Summary(files=1, findings=0, errors=["b.wiki: error: no such file"], fixed=2))
    assert stream.getvalue() == ("No problems found in 1 file. Fixed 2 problems. "
                                 "1 error while checking.\n")
    # files with problems of the files checked; unsafe fixes are mentioned
    stream = io.StringIO()
    fm = get_formatter("text", stream)
    fm.finish(Summary(files=120, files_with_findings=97, findings=606, fixable=3,
                      unsafe_fixable=118))
    assert stream.getvalue() == ("Found 606 problems in 97 of 120 files. 3 fixable with --fix. "
                                 "118 unsafe fixes available with --fix --unsafe-fixes.\n")


def test_statistics() -> None:
    rules = [r for r in builtin_rules() if r.code == "WL301"]
    out = render_awkward("concise", statistics=True, rules=rules).splitlines()
    stats = [line for line in out if re.match(r"^\s+\d+\s+WL", line)]
    assert len(stats) == 3
    if rules:
        assert any(line.split() == ["1", "WL301", "unbalanced-quotes"] for line in stats)


# -- json and jsonl -------------------------------------------------------------
def test_json_is_the_documented_array() -> None:
    data = json.loads(render_awkward("json"))
    assert [d["code"] for d in data] == ["WL301", "WL101", "WL202"]
    first = data[0]
    assert list(first)[:9] == ["path", "line", "column", "end_line", "end_column", "code",
                               "rule", "severity", "message"]
    assert (first["path"], first["line"], first["column"], first["message"]) == (
        PATH, 2, 14, AWKWARD)
    assert first["fix"] == {"safe": False, "description": "use a typographic quote",
                            "edits": [{"start": 29, "end": 30, "replacement": "“"}]}
    assert data[2]["end_line"] == 3 and "fix" not in data[2]
    assert json.loads(render("json")) == []


def test_jsonl_one_record_per_line() -> None:
    out = render_awkward("jsonl")
    assert "\u2028" not in out  # escaped, so line-oriented readers see three lines
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == 4
    assert [json.loads(line)["message"] for line in lines[:3]][0] == AWKWARD
    assert render("jsonl") == ""


# -- github -----------------------------------------------------------------------
def _unescape(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def test_github_workflow_commands() -> None:
    out = render_awkward("github", errors=["x.wiki: error: bad, bad: 100%"])
    lines = out.split("\n")[:-1]  # the runner splits at CR and LF only (both escaped)
    assert len(lines) == 4
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", lines[0])
    assert match, lines[0]
    level, props, message = match.groups()
    assert level == "warning"
    assert _unescape(message) == AWKWARD
    assert "\n" not in message and "%0A" in message and "%25" in message
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert _unescape(fields["file"]) == PATH
    assert (fields["line"], fields["col"], fields["endLine"], fields["endColumn"]) == (
        "2", "14", "2", "24")
    assert _unescape(fields["title"]) == "WL301 (unbalanced-quotes)"
    assert lines[1].startswith("::error ") and lines[2].startswith("::notice ")
    assert "col=" not in lines[2]  # a span over two lines: no columns
    assert lines[3] == "::error title=wikilint::x.wiki: error: bad, bad: 100%25"


def test_github_paths_are_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = SourceFile("x", str(tmp_path / "sub" / "a.wiki"))
    f = _finding(src, 0, 1, "WL301", "unbalanced-quotes", Severity.WARNING, "m")
    assert "file=sub/a.wiki," in render("github", [f], [src])


# -- sarif ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema,
                                      format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _assert_valid(validator: jsonschema.Draft4Validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    # jsonschema checks no "uri" formats without extra packages: check them here.
    run = log["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        assert urlparse(rule["helpUri"]).scheme in ("http", "https")
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not re.search(r"[\s\\%](?![0-9A-F]{2})", uri), uri


def test_sarif_validates_and_carries_everything(sarif_validator: jsonschema.Draft4Validator
                                                ) -> None:
    rules = builtin_rules()
    log = json.loads(render_awkward("sarif", rules=rules, errors=["b.wiki: error: binary"]))
    _assert_valid(sarif_validator, log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)) and set(ids) >= {r.code for r in rules} | {"WL101"}
    results = run["results"]
    assert [r["level"] for r in results] == ["warning", "error", "note"]
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["message"]["text"] == AWKWARD
    location = first["locations"][0]["physicalLocation"]
    assert unquote(location["artifactLocation"]["uri"]) == PATH
    assert location["region"] == {"startLine": 2, "startColumn": 14, "endLine": 2,
                                  "endColumn": 24, "charOffset": 29, "charLength": 10}
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"charOffset": 29, "charLength": 1},
                           "insertedContent": {"text": "“"}}
    notes = run["invocations"][0]
    assert notes["executionSuccessful"] is False
    assert notes["toolExecutionNotifications"][0]["message"]["text"] == "b.wiki: error: binary"


def test_sarif_rule_metadata(sarif_validator: jsonschema.Draft4Validator) -> None:
    rules = builtin_rules()
    if not rules:
        pytest.skip("no rules registered yet")
    log = json.loads(render("sarif", rules=rules, docs_url="https://example.org/rules"))
    _assert_valid(sarif_validator, log)
    for descriptor, cls in zip(log["runs"][0]["tool"]["driver"]["rules"], rules, strict=True):
        assert descriptor["id"] == cls.code and descriptor["name"] == cls.name
        assert descriptor["shortDescription"]["text"] == (cls.summary or cls.name)
        assert descriptor["fullDescription"]["text"]
        assert descriptor["helpUri"] == f"https://example.org/rules/{cls.name}.md"
        assert descriptor["defaultConfiguration"]["level"] == {
            "error": "error", "warning": "warning", "info": "note"}[cls.severity.value]
        if cls.doc():
            assert descriptor["help"]["text"] == cls.doc()


def test_sarif_empty_run_validates(sarif_validator: jsonschema.Draft4Validator) -> None:
    log = json.loads(render("sarif"))
    _assert_valid(sarif_validator, log)
    assert log["runs"][0]["results"] == []


def test_sarif_fingerprints_ignore_line_numbers() -> None:
    def fingerprint(text: str) -> str:
        src = SourceFile(text, "a.wiki")
        f = _finding(src, text.index('"'), text.index('"') + 1, "WL301", "unbalanced-quotes",
                     Severity.WARNING, "quote never closed: '\"x'")
        return json.loads(render("sarif", [f], [src]))["runs"][0]["results"][0][
            "partialFingerprints"]["wikilintFinding/v1"]

    assert fingerprint('a "x\n') == fingerprint('new line\n\na "x\n')


def test_docs_url_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIKILINT_DOCS_URL", "https://docs.example/r")
    assert rule_docs_url("unbalanced-quotes") == "https://docs.example/r/unbalanced-quotes.md"


# -- junit ------------------------------------------------------------------------
def test_junit_is_well_formed_and_escaped() -> None:
    clean = SourceFile("fine\n", "clean.wiki")
    src, findings = awkward_findings()
    out = render("junit", findings, [src, clean], errors=["z.wiki: error: <bad> & \x01"])
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out.split("\n", 1)[1])
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "3", "1")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {PATH, "clean.wiki", "wikilint errors"}
    failures = list(suites[PATH].iter("failure"))
    assert [f.get("type") for f in failures] == ["WL301", "WL101", "WL202"]
    assert failures[0].get("message") == AWKWARD  # newline and quotes survive attributes
    assert failures[1].get("message") == "control \ufffd char and \ufffd NUL, tab\there"
    assert list(suites["clean.wiki"].iter("testcase"))[0].find("failure") is None
    error = next(suites["wikilint errors"].iter("error"))
    assert error.get("message") == "z.wiki: error: <bad> & \ufffd"


# -- gitlab -----------------------------------------------------------------------
def test_gitlab_code_quality() -> None:
    issues = json.loads(render_awkward("gitlab"))
    assert len(issues) == 3
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == PATH
    assert [i["severity"] for i in issues] == ["minor", "major", "info"]
    assert issues[0]["description"] == f"WL301: {AWKWARD}"
    assert issues[0]["location"]["lines"] == {"begin": 2, "end": 2}
    assert len({i["fingerprint"] for i in issues}) == 3
    assert json.loads(render_awkward("gitlab")) == issues  # stable across runs


def test_gitlab_identical_findings_get_distinct_fingerprints() -> None:
    src = SourceFile('"a "b\n', "a.wiki")
    twins = [_finding(src, i, i + 1, "WL301", "unbalanced-quotes", Severity.WARNING, "same")
             for i in (0, 3)]
    issues = json.loads(render("gitlab", twins, [src]))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_gitlab_paths_relative_to_project_dir(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path))
    src = SourceFile("x", str(tmp_path / "docs" / "a.wiki"))
    f = _finding(src, 0, 1, "WL301", "unbalanced-quotes", Severity.WARNING, "m")
    assert json.loads(render("gitlab", [f], [src]))[0]["location"]["path"] == "docs/a.wiki"


# -- real findings from the real rules --------------------------------------------
def test_real_findings_in_every_format(sarif_validator: jsonschema.Draft4Validator) -> None:
    from wikilint.lint.pipeline import lint_source

    text = ('== History ==\nThe group said "we will return to the city and\n\n'
            '== Aftermath ==\nCritics (including {{cn}} many were angry.\n')
    src = SourceFile(text, "flawed.wiki")
    findings = lint_source(src, [cls() for cls in builtin_rules()]).findings
    if not findings:
        pytest.skip("no registered rule reports on the flawed sample yet")
    for fmt in FORMATS:
        out = render(fmt, findings, [src], rules=builtin_rules())
        assert out.strip()
    _assert_valid(sarif_validator, json.loads(render("sarif", findings, [src],
                                                     rules=builtin_rules())))


def test_source_excerpt_is_fast_on_huge_spans() -> None:
    import time

    line = "word " * 200_000  # a 1 MB paragraph on one line
    began = time.perf_counter()
    excerpt, carets = source_excerpt(line, 10, len(line) - 10)
    assert time.perf_counter() - began < 0.5
    assert display_width(excerpt) <= 102  # 100 columns and two "…"
    assert carets == " " * 10 + "^" * 90  # the span, after the 10 columns before it


def test_sarif_absolute_path_outside_the_root(sarif_validator: jsonschema.Draft4Validator,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "root").mkdir()
    monkeypatch.chdir(tmp_path / "root")
    src = SourceFile("x", str(tmp_path / "elsewhere" / "a b.wiki"))
    f = _finding(src, 0, 1, "WL301", "unbalanced-quotes", Severity.WARNING, "m")
    log = json.loads(render("sarif", [f], [src]))
    _assert_valid(sarif_validator, log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]
    assert artifact == {"uri": (tmp_path / "elsewhere" / "a b.wiki").as_uri()}


# -- any message, any path: every format stays well formed ------------------------
_any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(message=_any_text, name=_any_text)
def test_any_message_survives_every_format(message: str, name: str) -> None:
    path = "dir/" + name.replace("/", "_").replace("\\", "_").replace("\x00", "_")
    if name in (".", ".."):  # not file names: paths are normalized like any other
        path = "dir/_"
    src = SourceFile("Some text here.\n", path)
    f = _finding(src, 0, 4, "WL301", "unbalanced-quotes", Severity.WARNING, message)

    github = render("github", [f], [src])
    assert github.count("\n") == 1 and "\r" not in github
    command = re.fullmatch(r"::warning ([^:]*)::(.*)\n", github, re.S)
    assert command, github
    assert _unescape(command.group(2)) == message
    props = dict(p.split("=", 1) for p in command.group(1).split(","))
    assert _unescape(props["file"]) == path

    jsonl = render("jsonl", [f], [src])
    assert len(jsonl.splitlines()) == 1 and json.loads(jsonl)["message"] == message

    junit = render("junit", [f], [src])
    failure = next(ET.fromstring(junit.split("\n", 1)[1]).iter("failure"))
    expected = re.sub("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd",
                      message)
    assert failure.get("message") == expected

    concise = render("concise", [f], [src])
    assert len(concise.splitlines()) == 2  # the finding and the summary

    assert json.loads(render("gitlab", [f], [src]))[0]["description"] == f"WL301: {message}"
    assert json.loads(render("sarif", [f], [src]))["runs"][0]["results"][0]["message"][
        "text"] == message
