"""``--fix`` never loses or half-does work (issue 12, item 2).

A file that cannot be written (a folder without write permission, a
read-only file, a file deleted after it was read) is reported on one line
and the other files are still fixed; a CRLF file's line-join fix leaves no
stray ``\\r``; SIGTERM and SIGINT in the write window leave no temporary file.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from wikilint.cli.app import main
from wikilint.io.files import InputError, read_wiki_file, write_wiki_file

ROOT = Path(__file__).resolve().parent.parent
STALE = "<!-- wikilint-enable -->\n"  # WL901 with a safe fix (remove the comment)
FIXABLE = f"Text.\n{STALE}"


@pytest.fixture()
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.chdir(tmp_path)
    paths = [tmp_path / f"{name}.wiki" for name in ("a", "b", "c")]
    for path in paths:
        path.write_text(FIXABLE, encoding="utf-8")
    return paths


def fix(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str, str]:
    code = main(["--isolated", "--fix", "--no-show-source", *(p.name for p in paths)])
    out, err = capsys.readouterr()
    return code, out, err


def test_folder_without_write_permission_is_reported_and_the_run_goes_on(
        pages: list[Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # root ignores folder permissions, so the refusal is what mkstemp raises there
    real = tempfile.mkstemp

    def refuse(*args: object, **kw: object) -> tuple[int, str]:
        if kw.get("prefix") == ".b.wiki.":
            raise PermissionError(13, "Permission denied")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, out, err = fix(capsys, *pages)
    assert code == 2
    assert "internal error" not in err and "Traceback" not in err
    lines = [line for line in err.splitlines() if "b.wiki" in line]
    assert len(lines) == 1 and "permission denied" in lines[0] and "not written" in lines[0]
    assert pages[0].read_text(encoding="utf-8") == "Text.\n"
    assert pages[1].read_text(encoding="utf-8") == FIXABLE
    assert pages[2].read_text(encoding="utf-8") == "Text.\n"
    assert "b.wiki" in out  # its finding is still reported, as it was not fixed


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_folder_for_a_normal_user(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    page = folder / "p.wiki"
    page.write_text(FIXABLE, encoding="utf-8")
    wikifile = read_wiki_file(page)
    folder.chmod(0o555)
    try:
        with pytest.raises(InputError, match="permission denied"):
            write_wiki_file(wikifile, "Text.\n")
    finally:
        folder.chmod(0o755)


def test_read_only_file_is_not_rewritten(pages: list[Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pages[0].chmod(0o444)
    code, _out, err = fix(capsys, *pages)
    assert code == 2
    lines = [line for line in err.splitlines() if "a.wiki" in line]
    assert len(lines) == 1 and "read-only" in lines[0] and "not rewritten" in lines[0]
    assert pages[0].read_text(encoding="utf-8") == FIXABLE
    assert stat.S_IMODE(pages[0].stat().st_mode) == 0o444
    assert pages[1].read_text(encoding="utf-8") == "Text.\n"
    assert pages[2].read_text(encoding="utf-8") == "Text.\n"


def test_file_deleted_between_reading_and_writing(pages: list[Path],
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import wikilint.io.files as files

    real = files._check_unchanged

    def vanish(wikifile: files.WikiFile) -> os.stat_result:
        if wikifile.path.endswith("a.wiki"):
            os.unlink(wikifile.path)
        return real(wikifile)

    monkeypatch.setattr(files, "_check_unchanged", vanish)
    code, _out, err = fix(capsys, *pages)
    assert code == 2 and "internal error" not in err
    lines = [line for line in err.splitlines() if "a.wiki" in line]
    assert len(lines) == 1 and "deleted" in lines[0]
    assert not pages[0].exists()
    assert pages[1].read_text(encoding="utf-8") == "Text.\n"
    assert pages[2].read_text(encoding="utf-8") == "Text.\n"


def test_any_os_error_while_writing_is_one_line_for_that_file(
        pages: list[Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace

    def full(src: str, dst: str) -> None:
        if dst.endswith("b.wiki"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", full)
    code, _out, err = fix(capsys, *pages)
    assert code == 2 and "internal error" not in err
    lines = [line for line in err.splitlines() if "b.wiki" in line]
    assert len(lines) == 1 and "No space left on device" in lines[0]
    assert pages[1].read_text(encoding="utf-8") == FIXABLE
    assert pages[2].read_text(encoding="utf-8") == "Text.\n"
    assert not list(pages[1].parent.glob(".*wikilint-tmp"))


def test_line_join_fix_keeps_crlf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "p.wiki"
    page.write_bytes(b"Intro.\r\n\r\nThe ship ''Max\r\nFM'' sailed.\r\n")
    code = main(["--isolated", "--fix", "--unsafe-fixes", "--select", "unclosed-formatting",
                 "p.wiki"])
    capsys.readouterr()
    assert code in (0, 1)
    data = page.read_bytes()
    assert data == b"Intro.\r\n\r\nThe ship ''Max FM'' sailed.\r\n"


SLOW_WRITE = r"""
import os, sys, time
real = os.replace
def slow(src, dst):
    print("in the write window", flush=True)
    time.sleep(1.5)
    real(src, dst)
os.replace = slow
from wikilint.cli.app import main
sys.exit(main(["--isolated", "--fix", "--no-show-source", "p.wiki"]))
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_in_the_write_window_leaves_no_temporary_file(tmp_path: Path, sig: int) -> None:
    page = tmp_path / "p.wiki"
    page.write_text(FIXABLE, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITE], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "in the write window"
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0  # the signal still stops the run
    assert not list(tmp_path.glob(".*wikilint-tmp"))
    # the file is whole: either as it was or fully fixed
    assert page.read_text(encoding="utf-8") in (FIXABLE, "Text.\n")
    assert "Traceback" not in err or sig == signal.SIGINT
