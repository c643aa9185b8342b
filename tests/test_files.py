"""wikilint.files: byte-exact reading and atomic, refusing-when-changed writing."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.io.files import (
    BinaryFileError,
    FileChangedError,
    InputError,
    WikiFile,
    detect_newline,
    read_wiki_file,
    wiki_file_from_bytes,
    write_wiki_file,
)

ARTICLE = "== Early life ==\nShe was born in Zürich.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".wikilint-tmp")]


# -- reading ------------------------------------------------------------------
def test_plain_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", ARTICLE.encode("utf-8"))
    wf = read_wiki_file(path)
    assert (wf.text, wf.encoding, wf.bom, wf.newline) == (ARTICLE, "utf-8", False, "\n")
    assert wf.raw == path.read_bytes()
    assert wf.mode == stat.S_IMODE(path.stat().st_mode)
    assert wf.mtime_ns == path.stat().st_mtime_ns


def test_bom_is_stripped_from_text_but_remembered(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    wf = read_wiki_file(path)
    assert wf.bom and wf.text == ARTICLE and not wf.text.startswith("\ufeff")


def test_crlf_is_kept_in_the_text(tmp_path: Path) -> None:
    crlf = ARTICLE.replace("\n", "\r\n")
    wf = read_wiki_file(_write(tmp_path, "a.wiki", crlf.encode("utf-8")))
    assert wf.text == crlf and wf.newline == "\r\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("a\nb\n", "\n"), ("a\r\nb\r\n", "\r\n"), ("a\rb\r", "\r"), ("no break", None),
    ("a\r\nb\r\nc\n", "\r\n"), ("a\nb\nc\r\n", "\n"), ("", None),
])
def test_detect_newline(text: str, expected: str | None) -> None:
    assert detect_newline(text) == expected


def test_invalid_utf8_names_the_byte_offset_and_suggests_encoding(tmp_path: Path) -> None:
    data = b"Line one\nCaf\xe9 au lait\n"  # latin-1 é in a UTF-8 read
    path = _write(tmp_path, "latin.wiki", data)
    with pytest.raises(InputError) as info:
        read_wiki_file(path)
    message = info.value.message
    assert "invalid UTF-8 at byte offset 12" in message
    assert "line 2" in message and "--encoding" in message
    assert "\n" not in message


def test_explicit_latin1_encoding(tmp_path: Path) -> None:
    data = "Café – no, 'Caf\xe9'\n".replace("–", "-").encode("latin-1")
    wf = read_wiki_file(_write(tmp_path, "latin.wiki", data), encoding="latin-1")
    assert wf.text == "Café - no, 'Café'\n"
    assert wf.encoding == "iso8859-1" and not wf.bom


def test_unknown_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", b"x")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_wiki_file(path, encoding="klingon")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_detected(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = _write(tmp_path, "bg.wiki", bom + "България\r\n".encode(codec))
    wf = read_wiki_file(path)
    assert (wf.text, wf.encoding, wf.bom) == ("България\r\n", codec, True)
    write_wiki_file(wf, "България!\r\n")
    assert path.read_bytes() == bom + "България!\r\n".encode(codec)


def test_explicit_utf16_without_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", "abc".encode("utf-16-le"))
    with pytest.raises(BinaryFileError):
        read_wiki_file(path)  # NUL bytes, no BOM: looks binary
    assert read_wiki_file(path, encoding="utf-16").text == "abc"


def test_binary_file_is_a_skippable_input_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "image.wiki", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryFileError) as info:
        read_wiki_file(path)
    assert isinstance(info.value, InputError)
    assert "NUL byte at offset 8" in info.value.message


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_wiki_file(tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        read_wiki_file(tmp_path / "gone.wiki")
    assert str(info.value).endswith("gone.wiki: no such file")


def test_too_large(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.wiki", b"x" * 4096)
    with pytest.raises(InputError, match="too large"):
        read_wiki_file(path, max_bytes=1024)
    assert read_wiki_file(path, max_bytes=0).text == "x" * 4096  # 0: no limit


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root can read files without permission")
def test_unreadable(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.wiki", b"x")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_wiki_file(path)
    finally:
        path.chmod(0o644)


def test_from_bytes_for_stdin() -> None:
    wf = wiki_file_from_bytes(codecs.BOM_UTF8 + b"a\r\nb", "<stdin>")
    assert (wf.path, wf.text, wf.bom, wf.newline) == ("<stdin>", "a\r\nb", True, "\r\n")


# -- writing ------------------------------------------------------------------
def test_write_keeps_bom_crlf_and_everything_outside_the_edit(tmp_path: Path) -> None:
    original = ARTICLE.replace("\n", "\r\n")
    path = _write(tmp_path, "a.wiki", codecs.BOM_UTF8 + original.encode("utf-8"))
    wf = read_wiki_file(path)
    new = wf.text.replace("Zürich", "Basel")
    written = write_wiki_file(wf, new)
    assert path.read_bytes() == codecs.BOM_UTF8 + new.encode("utf-8")
    assert written.raw == path.read_bytes() and written.text == new
    assert _no_temp_files(tmp_path)


def test_write_keeps_latin1(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", "Café\r\n".encode("latin-1"))
    wf = read_wiki_file(path, encoding="latin-1")
    write_wiki_file(wf, "Café crème\r\n")
    assert path.read_bytes() == "Café crème\r\n".encode("latin-1")


def test_unencodable_replacement_leaves_the_file_alone(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", b"Caf\xe9\n")
    wf = read_wiki_file(path, encoding="latin-1")
    with pytest.raises(InputError, match="cannot write '…'"):
        write_wiki_file(wf, "Café…\n")
    assert path.read_bytes() == b"Caf\xe9\n" and _no_temp_files(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX mode bits")
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_write_keeps_mode_bits(tmp_path: Path, mode: int) -> None:
    path = _write(tmp_path, "a.wiki", b"old\n")
    path.chmod(mode)
    write_wiki_file(read_wiki_file(path), "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_refuses_when_changed_after_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", b"old text\n")
    wf = read_wiki_file(path)
    path.write_bytes(b"someone else's edit\n")
    with pytest.raises(FileChangedError, match="changed on disk"):
        write_wiki_file(wf, "fixed text\n")
    assert path.read_bytes() == b"someone else's edit\n" and _no_temp_files(tmp_path)


def test_refuses_same_size_same_mtime_different_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", b"aaaa\n")
    wf = read_wiki_file(path)
    path.write_bytes(b"bbbb\n")
    os.utime(path, ns=(wf.mtime_ns, wf.mtime_ns))  # a coarse clock would hide the change
    with pytest.raises(FileChangedError):
        write_wiki_file(wf, "cccc\n")
    assert path.read_bytes() == b"bbbb\n"


def test_refuses_when_deleted_after_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", b"x\n")
    wf = read_wiki_file(path)
    path.unlink()
    with pytest.raises(FileChangedError, match="deleted"):
        write_wiki_file(wf, "y\n")
    assert not path.exists()


def test_successive_writes_chain(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", b"one\n")
    wf = write_wiki_file(read_wiki_file(path), "two\n")
    write_wiki_file(wf, "three\n")
    assert path.read_bytes() == b"three\n"
    with pytest.raises(FileChangedError):
        write_wiki_file(wf, "stale\n")  # wf describes "two", the disk has "three"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_write_through_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = _write(tmp_path, "real.wiki", b"old\n")
    link = tmp_path / "link.wiki"
    link.symlink_to(target)
    write_wiki_file(read_wiki_file(link), "new\n")
    assert link.is_symlink() and target.read_bytes() == b"new\n"


def test_wikifile_is_frozen() -> None:
    wf = WikiFile("a", "t", "utf-8", False, None, b"t")
    with pytest.raises(AttributeError):
        wf.text = "other"  # type: ignore[misc]


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200),
       newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_read_then_write_unchanged_text_is_byte_identical(tmp_path_factory: pytest.TempPathFactory,
                                                          text: str, newline: str,
                                                          bom: bool) -> None:
    if "\x00" in text:
        text = text.replace("\x00", "")
    folder = tmp_path_factory.mktemp("roundtrip")
    data = (codecs.BOM_UTF8 if bom else b"") + text.replace("\n", newline).encode("utf-8")
    path = _write(folder, "a.wiki", data)
    wf = read_wiki_file(path)
    write_wiki_file(wf, wf.text)
    assert path.read_bytes() == data


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="chown needs root")
def test_write_keeps_owner_and_group(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.wiki", b"old\n")
    os.chown(path, 1234, 4321)
    write_wiki_file(read_wiki_file(path), "new\n")
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (1234, 4321) and path.read_bytes() == b"new\n"
