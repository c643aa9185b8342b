"""The progress bar shows on a terminal: checked on a pseudo-terminal (pty) with a real
process, and by the screen a terminal would show while each file is being linted."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

FLAWED = 'He said "hello.\n'
CLEAN = "Fine.\n"
BAR = re.compile(r"^\[[#.]{24}\] \d+/\d+ ")


class Screen:
    """The bottom line of a terminal fed with writes (``\\r``, ``\\n``, erase-line)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line = ""
        self.col = 0

    def feed(self, text: str) -> None:
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # colours
        i = 0
        while i < len(text):
            if text.startswith("\x1b[K", i):
                self.line = self.line[:self.col]
                i += 3
                continue
            ch = text[i]
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self.lines.append(self.line)
                self.line, self.col = "", 0
            else:
                self.line = self.line[:self.col] + ch + self.line[self.col + 1:]
                self.col += 1
            i += 1


def make_pages(folder: Path, flawed: int, clean: int) -> None:
    folder.mkdir()
    for i in range(flawed):
        (folder / f"a{i:03}.wiki").write_text(FLAWED, encoding="utf-8")
    for i in range(clean):
        (folder / f"b{i:03}.wiki").write_text(CLEAN, encoding="utf-8")


def test_the_bar_is_on_screen_while_files_are_linted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wikilint.api
    from wikilint.cli import main

    make_pages(tmp_path / "pages", 40, 40)
    monkeypatch.chdir(tmp_path)
    screen = Screen()

    class Terminal(io.StringIO):
        def write(self, text: str) -> int:
            screen.feed(text)
            return len(text)

        def isatty(self) -> bool:
            return True

    seen: list[str] = []
    real = wikilint.api.lint_with

    def spy(*args, **kwargs):  # what the screen shows when a file starts being linted
        seen.append(screen.line)
        return real(*args, **kwargs)

    monkeypatch.setattr(wikilint.api, "lint_with", spy)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["--no-cache", "--no-show-source", "pages"])
    assert code == 1
    assert len(seen) == 80
    with_bar = [line for line in seen[1:] if BAR.match(line)]
    # from the second file on, the bar is always there while a file is linted
    assert len(with_bar) == 79, seen[:5]
    assert screen.lines[-1] == "Found 40 problems in 40 of 80 files (40 warnings)."
    assert screen.line == ""  # nothing left behind
    assert not any(BAR.match(line) for line in screen.lines)  # never mixed into output


def test_on_a_pseudo_terminal(tmp_path: Path) -> None:
    make_pages(tmp_path / "pages", 60, 60)
    pid, fd = pty.fork()
    if pid == 0:  # the child: wikilint with stdout and stderr on the pty
        os.chdir(tmp_path)
        os.environ.pop("NO_COLOR", None)
        os.execv(sys.executable, [sys.executable, "-m", "wikilint", "--no-cache",
                                  "--no-show-source", "pages"])
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1
    out = b"".join(chunks).decode("utf-8")
    frames = re.findall(r"\r(\[[#.]{24}\] (\d+)/120 )", out)
    assert len(frames) >= 60
    # after each file's findings the bar comes back (not only at the next throttled step)
    assert len(re.findall(r"\(unbalanced-quotes\)(?:\x1b\[0m)?\r\n\r\[", out)) == 60
    screen = Screen()
    screen.feed(out)
    assert screen.lines[-1] == "Found 60 problems in 60 of 120 files (60 warnings)."
    assert not any(BAR.match(line) for line in screen.lines)


def test_no_bar_when_not_a_terminal(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from wikilint.cli import main

    make_pages(tmp_path / "pages", 5, 5)
    monkeypatch.chdir(tmp_path)
    assert main(["--no-cache", "pages"]) == 1
    assert "\r[" not in capfd.readouterr().err
