"""The ``wikilint`` command: linting, formats, exit codes, fixes, subcommands, plugins."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from wikilint import __version__
from wikilint.cli.app import SUBCOMMANDS, main
from wikilint.output import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_708e36cc2bd48137.txt"
PAREN = "The MEK (translation: People's Mujahedin is a group."
STALE = "<!-- wikilint-enable -->\n"  # WL901 with a safe fix (remove the comment)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "page.wiki").write_text(f"Intro.\n\n{PAREN}\n", encoding="utf-8")
    (tmp_path / "clean.wiki").write_text("All good here.\n", encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv) if argv and argv[0] in SUBCOMMANDS else ["--isolated", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def wikilint(*argv: str, stdin: str | None = None, cwd: Path | None = None,
             pythonpath: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (pythonpath, str(ROOT)) if p))
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "wikilint", *argv], input=stdin,
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


# ---------------------------------------------------------------- linting and output
def test_text_output_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--no-show-source", "page.wiki")
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "page.wiki:3:9: WL302 [warning] '(' is never closed: '(translation: People's Mujahedin "
        "is a group.'; add the missing ')' where the remark ends (unbalanced-brackets)",
        "Found 1 problem in 1 file (1 warning)."]
    code, out, _ = run(capsys, "clean.wiki")
    assert code == 0 and out == "No problems found in 1 file.\n"


def test_text_output_shows_the_source_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "page.wiki")
    assert f"3 | {PAREN}\n" in out and "  |         ^\n" in out


def test_folders_are_walked_by_extension(capsys: pytest.CaptureFixture[str],
                                         in_tmp: Path) -> None:
    for rel in ("a/x.wiki", "a/b/y.mediawiki", "a/z.mw", "a/w.wikitext", "a/notes.md",
                "a/.hidden/h.wiki", "a/.dot.wiki"):
        (in_tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (in_tmp / rel).write_text(PAREN + "\n")
    (in_tmp / "a" / "r.txt").write_text("Rendered (text that stays open.\n")
    code, out, _ = run(capsys, "--format", "json", "a")
    found = sorted(f["path"] for f in json.loads(out))
    # .txt (rendered pages) only when asked: a copied LICENSE.txt is not an article
    assert found == ["a/b/y.mediawiki", "a/w.wikitext", "a/x.wiki", "a/z.mw"]
    code, out, _ = run(capsys, "--format", "json", "--extend-include", "*.txt", "a")
    found = sorted(f["path"] for f in json.loads(out))
    assert found == ["a/b/y.mediawiki", "a/r.txt", "a/w.wikitext", "a/x.wiki", "a/z.mw"]
    # no path: the working directory
    code, out, _ = run(capsys, "--format", "json")
    assert len(json.loads(out)) == 5
    # a named .txt file is always linted, as rendered text
    code, out, _ = run(capsys, "--format", "json", "a/r.txt")
    assert [f["path"] for f in json.loads(out)] == ["a/r.txt"]


def test_each_file_once_in_the_given_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json", "page.wiki", ".", "./page.wiki")
    assert [f["path"] for f in json.loads(out)] == ["page.wiki"]


def test_dialect_override(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    # a comment is markup in wikitext but plain text on a rendered page
    (in_tmp / "page.txt").write_text("Text.\n<!-- wikilint-enable -->\n")
    _, out_default, _ = run(capsys, "--format", "json", "--select", "WL901", "page.txt")
    _, out_wikitext, _ = run(capsys, "--format", "json", "--select", "WL901", "--dialect",
                             "wikitext", "page.txt")
    assert json.loads(out_default) == []
    assert [f["line"] for f in json.loads(out_wikitext)] == [2]
    _, out, _ = run(capsys, "parse", "--format", "json", "page.txt")
    _, out2, _ = run(capsys, "parse", "--format", "json", "--dialect", "wikitext", "page.txt")
    assert "Comment" not in out and "Comment" in out2


def test_file_named_like_a_subcommand(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    code, _, err = run(capsys, "--format", "json", "rules")
    assert code == 2 and err == ("rules: error: no such file or folder (to run the 'rules' "
                                 "subcommand, put it first: wikilint rules …)\n")
    (in_tmp / "rules").write_text(PAREN + "\n")
    code, out, _ = run(capsys, "--format", "json", "./rules")
    assert code == 1 and [f["path"] for f in json.loads(out)] == ["rules"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_parseable_output(capsys: pytest.CaptureFixture[str],
                                              fmt: str) -> None:
    code, out, err = run(capsys, "--format", fmt, "page.wiki", "clean.wiki")
    assert code == 1 and err == ""
    if fmt in ("json", "sarif", "gitlab"):
        assert json.loads(out)
    elif fmt == "jsonl":
        assert [json.loads(line)["code"] for line in out.splitlines()] == ["WL302"]
    elif fmt == "junit":
        assert ET.fromstring(out).tag in ("testsuites", "testsuite")
    elif fmt == "github":
        assert out.startswith("::warning ")
    else:
        assert "page.wiki:3:9: WL302" in out


def test_auto_format_is_github_under_actions(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "page.wiki")
    assert out.startswith("::warning ")


def test_output_file(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    code, out, _ = run(capsys, "--format", "json", "-o", "report.json", "page.wiki")
    assert code == 1 and out == ""
    assert json.loads((in_tmp / "report.json").read_text())[0]["code"] == "WL302"


def test_statistics(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    (in_tmp / "more.wiki").write_text(f"{PAREN}\n\n{PAREN}\n\n== Empty ==\n\n== B ==\nText.\n")
    _, out, _ = run(capsys, "--statistics", "--format", "concise", ".")
    assert "     3  WL302   unbalanced-brackets\n     1  WL201   empty-section\n" in out


def test_fail_on_and_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--fail-on", "error", "page.wiki")[0] == 0
    assert run(capsys, "--fail-on", "warning", "page.wiki")[0] == 1
    assert run(capsys, "--exit-zero", "page.wiki")[0] == 0
    assert run(capsys, "--exit-zero", "missing.wiki")[0] == 2


def test_stdin_with_a_filename() -> None:
    proc = wikilint("--isolated", "--format", "concise", "-", "--stdin-filename",
                    "articles/MEK.wiki", stdin=PAREN + "\n")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("articles/MEK.wiki:1:9: WL302 ")
    proc = wikilint("--isolated", "--format", "json", "-", stdin="Fine.\n")
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


def test_stdin_uses_the_configuration_of_its_filename(in_tmp: Path) -> None:
    (in_tmp / "sub").mkdir()
    (in_tmp / "sub" / ".wikilint.yaml").write_text("ignore: [WL302]\n")
    proc = wikilint("--format", "json", "--stdin-filename", "sub/x.wiki", stdin=PAREN + "\n",
                    cwd=in_tmp)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    (in_tmp / ".wikilint.yaml").write_text("per-file-ignores: {'drafts/*': [WL302]}\n")
    proc = wikilint("--format", "json", "--stdin-filename", "drafts/x.wiki", stdin=PAREN + "\n",
                    cwd=in_tmp)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    proc = wikilint("--format", "json", "--stdin-filename", "x.wiki", stdin=PAREN + "\n",
                    cwd=in_tmp)
    assert proc.returncode == 1


# ---------------------------------------------------------------- fixes
def test_fix_writes_and_relints(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    page = in_tmp / "page.wiki"
    page.write_text(STALE + PAREN + "\n")
    code, out, _ = run(capsys, "--format", "concise", "--fix", "page.wiki")
    assert code == 1  # the bracket is still there, reported on its new line
    assert out.splitlines()[0].startswith("page.wiki:1:9: WL302")
    assert "Fixed 1 problem." in out
    assert page.read_text() == PAREN + "\n"
    code, out, _ = run(capsys, "--fix", "--format", "concise", "page.wiki")
    assert "Fixed" not in out


def test_diff_prints_and_writes_nothing(capsys: pytest.CaptureFixture[str],
                                        in_tmp: Path) -> None:
    page = in_tmp / "page.wiki"
    page.write_text(STALE + PAREN + "\n")
    code, out, err = run(capsys, "--diff", "page.wiki")
    assert code == 1
    assert out == ("--- a/page.wiki\n+++ b/page.wiki\n@@ -1,2 +1 @@\n"
                   f"-<!-- wikilint-enable -->\n {PAREN}\n")
    assert "1 fix in 1 file would be applied" in err
    assert page.read_text() == STALE + PAREN + "\n"
    code, out, err = run(capsys, "--diff", "clean.wiki")
    assert code == 0 and out == ""


def test_unsafe_fixes_only_when_asked(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    page = in_tmp / "page.wiki"
    page.write_text("We trained in order to win.\n")
    run(capsys, "--extend-select", "wordy-phrases", "--fix", "page.wiki")
    assert page.read_text() == "We trained in order to win.\n"
    run(capsys, "--extend-select", "wordy-phrases", "--fix", "--unsafe-fixes", "page.wiki")
    assert page.read_text() == "We trained to win.\n"
    code, _, err = run(capsys, "--unsafe-fixes", "page.wiki")
    assert code == 2 and "--unsafe-fixes needs --fix or --diff" in err


def test_fix_on_stdin_prints_the_fixed_text() -> None:
    proc = wikilint("--isolated", "--fix", "-", stdin=STALE + "Text.\n")
    assert proc.stdout == "Text.\n"
    assert proc.returncode == 0 and "Fixed 1 problem." in proc.stderr


# ---------------------------------------------------------------- progress bar
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt, stdout_tty, shown", [
    ("text", True, True), ("concise", True, True), ("json", True, False),
    ("text", False, False)])
def test_progress_bar_only_on_terminals_for_line_formats(
        in_tmp: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, stdout_tty: bool,
        shown: bool) -> None:
    for i in range(6):
        (in_tmp / f"p{i}.wiki").write_text("Fine.\n")
    out, err = (Terminal() if stdout_tty else io.StringIO()), Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["--isolated", "--format", fmt, "."]) == 1
    assert ("8/8" in err.getvalue()) is shown
    assert "\r" not in out.getvalue()
    if shown:
        assert err.getvalue().endswith("\r\x1b[K")  # cleared before the summary
    assert main(["--isolated", "--no-progress", "--format", fmt, "."]) == 1
    assert "8/8" not in err.getvalue().split("\r\x1b[K")[-1]


# ---------------------------------------------------------------- subcommands
def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"wikilint {__version__}\n"


def test_help_mentions_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "parse, rules, explain, init, config" in out and "./NAME" in out


def test_parse_prints_the_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "page.wiki")
    assert code == 0 and out.startswith("Document 0-") and "Paragraph" in out
    code, out, _ = run(capsys, "parse", "--format", "json", "page.wiki")
    assert code == 0 and json.loads(out)["type"] == "Document"
    code, out, err = run(capsys, "parse", "missing.wiki")
    assert code == 2 and err == "missing.wiki: error: no such file\n"


def test_rules_listing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "WL901  unused-suppression" in out
    code, out, _ = run(capsys, "rules", "--format", "json")
    data = json.loads(out)
    assert {"WL302", "WL901"} <= {r["code"] for r in data}


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "WL901")
    assert code == 0 and out.startswith("WL901 unused-suppression\n")
    assert "## Why is this bad?" in out
    assert run(capsys, "explain", "unused-suppression")[1] == out
    code, out, err = run(capsys, "explain", "unused-supression")
    assert code == 2 and "did you mean 'unused-suppression'" in err and out == ""


# ---------------------------------------------------------------- start-up
def test_importing_the_cli_stays_light() -> None:
    code = ("import sys, wikilint.cli; heavy = [m for m in ('ruamel.yaml', 'pyparsing', "
            "'wikilint.config.model', 'wikilint.config.load', 'wikilint.output', "
            "'wikilint.output.docgen', 'wikilint.rules.registry', 'wikilint.lint.fixes') "
            "if m in sys.modules]; print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert proc.stdout.strip() == "[]", proc.stderr


@pytest.mark.skipif(not SEED.exists(), reason="seed page not available")
def test_seed_end_to_end() -> None:
    proc = wikilint("--isolated", "--format", "json", str(SEED))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert {f["code"] for f in json.loads(proc.stdout)} >= {"WL201"}


# ---------------------------------------------------------------- plugins
PLUGIN = '''
from wikilint.syntax.nodes import Paragraph
from wikilint import Rule, Severity


class NoShouting(Rule):
    """Flags SHOUTING."""

    code = "XP101"
    name = "no-shouting"
    summary = "Words in capitals"
    severity = Severity.INFO
    visits = (Paragraph,)

    def visit(self, node, ctx):
        at = str(node).find("SHOUT")
        if at >= 0:
            ctx.report(node.start + at, node.start + at + 5, "'SHOUT' is shouting: write 'shout'")
'''


def make_plugin(folder: Path, name: str, module: str, target: str) -> None:
    (folder / f"{name}.py").write_text(module)
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[wikilint.rules]\n{name} = {target}\n")


def test_plugin_rule_runs_and_a_broken_plugin_is_a_warning(in_tmp: Path) -> None:
    site = in_tmp / "site"
    site.mkdir()
    make_plugin(site, "shoutplug", PLUGIN, "shoutplug:NoShouting")
    make_plugin(site, "brokenplug", "raise ImportError('missing dependency frob')\n",
                "brokenplug:Rule")
    (in_tmp / "page.wiki").write_text(f"Do not SHOUT.\n\n{PAREN}\n")
    proc = wikilint("--isolated", "--format", "concise", "page.wiki", pythonpath=str(site))
    assert "Traceback" not in proc.stderr
    assert proc.stderr == ("wikilint: warning: plugin 'brokenplug' could not be loaded and was "
                           "skipped: ImportError: missing dependency frob\n")
    lines = proc.stdout.splitlines()
    assert lines[0] == ("page.wiki:1:8: XP101 [info] 'SHOUT' is shouting: write 'shout' "
                        "(no-shouting)")
    assert lines[1].startswith("page.wiki:3:9: WL302 ")  # built-in rules still run
    assert proc.returncode == 1
    proc = wikilint("--isolated", "--format", "json", "--select", "XP1", "page.wiki",
                    pythonpath=str(site))
    assert [f["code"] for f in json.loads(proc.stdout)] == ["XP101"]
    proc = wikilint("rules", pythonpath=str(site))
    assert "XP101  no-shouting" in proc.stdout
