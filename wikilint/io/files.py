"""Reading and writing wiki files byte-exactly.

``read_wiki_file`` decodes a file and remembers everything needed to write
it back unchanged outside the edited spans: the encoding, whether it had a
byte-order mark, its line endings, its mode bits and its raw bytes.  The
text is kept exactly as decoded: CRLF stays CRLF (the parser copes), only
the BOM is taken off (and put back by ``write_wiki_file``).

``write_wiki_file`` writes atomically (a temporary file in the same folder,
then ``os.replace``) and refuses when the file changed on disk after it was
read, so ``--fix`` never overwrites an editor's unsaved-then-saved work.

Every problem is an :class:`InputError` whose message is one line naming
the problem, meant to be shown as ``path: message``.
"""

from __future__ import annotations

import codecs
import os
import signal
import stat
from typing import Any

from wikilint.records import ImmutableRecord

__all__ = [
    "WikiFile", "InputError", "BinaryFileError", "FileChangedError", "read_wiki_file",
    "wiki_file_from_bytes", "write_wiki_file", "DEFAULT_MAX_BYTES", "detect_newline",
]

#: Files larger than this are refused (the largest real article is ~0.5 MB).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Byte-order marks by canonical codec name (``codecs.lookup(...).name``).
_BOMS: dict[str, bytes] = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}
# Checked longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_SNIFFED = ("utf-32-le", "utf-32-be", "utf-8", "utf-16-le", "utf-16-be")
# How much of a file is looked at for NUL bytes (as git and grep do).
_BINARY_SNIFF = 8192


class InputError(Exception):
    """A file that cannot be linted or written; ``message`` is one line."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class BinaryFileError(InputError):
    """The file is not text (NUL bytes): skipped with a note, not an error."""


class FileChangedError(InputError):
    """The file changed on disk after it was read: it is not overwritten."""


class WikiFile(ImmutableRecord):
    """A decoded wiki file and what is needed to write it back unchanged."""

    __slots__ = ("path", "text", "encoding", "bom", "newline", "raw", "mtime_ns", "mode")
    path: str
    text: str
    encoding: str
    bom: bool
    newline: str | None
    raw: bytes
    mtime_ns: int
    mode: int

    def __init__(self, path: str, text: str, encoding: str, bom: bool, newline: str | None,
                 raw: bytes, mtime_ns: int = 0, mode: int = 0o644) -> None:
        _set = object.__setattr__  # immutable
        _set(self, "path", path)
        _set(self, "text", text)
        _set(self, "encoding", encoding)
        _set(self, "bom", bom)
        _set(self, "newline", newline)
        _set(self, "raw", raw)
        _set(self, "mtime_ns", mtime_ns)
        _set(self, "mode", mode)

    @property
    def size(self) -> int:
        return len(self.raw)


def detect_newline(text: str) -> str | None:
    """The most common line ending of ``text`` ("\\n", "\\r\\n" or "\\r"), or None."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if not (crlf or lf or cr):
        return None
    counts = [(crlf, "\r\n"), (lf, "\n"), (cr, "\r")]
    # On a tie the order above decides: CRLF files often have a stray LF.
    return max(counts, key=lambda c: c[0])[1]


def _codec_name(encoding: str, path: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r} (try utf-8, latin-1, cp1252, utf-16)",
                         path) from None


def _sniff_bom(raw: bytes) -> str | None:
    for name in _SNIFFED:
        if raw.startswith(_BOMS[name]):
            return name
    return None


def _line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _decode(raw: bytes, path: str, encoding: str | None) -> tuple[str, str, bool]:
    """(text, codec name, had BOM) or InputError/BinaryFileError."""
    sniffed = _sniff_bom(raw)
    if encoding is None:
        codec = sniffed or "utf-8"
    else:
        codec = _codec_name(encoding, path)
        if codec == "utf-8-sig":
            codec = "utf-8"
        elif codec in ("utf-16", "utf-32"):
            # The BOM gives the byte order; without one, little-endian (what Windows writes).
            codec = sniffed if sniffed and sniffed.startswith(codec) else codec + "-le"
    bom = codec in _BOMS and raw.startswith(_BOMS[codec])
    body = raw[len(_BOMS[codec]):] if bom else raw
    if not codec.startswith(("utf-16", "utf-32")) and b"\x00" in body[:_BINARY_SNIFF]:
        where = body.index(b"\x00") + (len(raw) - len(body))
        raise BinaryFileError(f"binary file (NUL byte at offset {where}), skipped; if it is "
                              "UTF-16 text, pass --encoding utf-16", path)
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(raw) - len(body))
        name = "UTF-8" if codec == "utf-8" else codec
        hint = ("name the file's encoding with --encoding (e.g. --encoding cp1252)"
                if encoding is None else f"check the --encoding value ({encoding})")
        raise InputError(f"invalid {name} at byte offset {offset} (line "
                         f"{_line_of_byte(raw, offset)}): {hint}", path) from None
    return text, codec, bom


def wiki_file_from_bytes(raw: bytes, path: str = "<stdin>", encoding: str | None = None,
                         *, mtime_ns: int = 0, mode: int = 0o644) -> WikiFile:
    """Decode bytes that did not come from a file on disk (standard input)."""
    text, codec, bom = _decode(raw, path, encoding)
    return WikiFile(path, text, codec, bom, detect_newline(text), raw, mtime_ns, mode)


def read_wiki_file(path: str | os.PathLike[str], encoding: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> WikiFile:
    """Read and decode a wiki file; raises :class:`InputError` with a one-line message."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory", name)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file", name)
    if max_bytes and st.st_size > max_bytes:
        raise InputError(too_large_message(st.st_size, max_bytes), name)
    try:
        with open(name, "rb") as fh:
            raw = fh.read()
            st = os.fstat(fh.fileno())
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    return wiki_file_from_bytes(raw, name, encoding, mtime_ns=st.st_mtime_ns,
                                mode=stat.S_IMODE(st.st_mode))


def human_size(size: int) -> str:
    """A size in the unit that suits it: 2 bytes, 1.5 KB, 12.3 MB, 1.2 GB (1 KB = 1024)."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    for unit in ("KB", "MB", "GB"):
        size_f = size / 1024
        if size_f < 1024 or unit == "GB":
            text = f"{size_f:.1f}".removesuffix(".0")
            return f"{text} {unit}"
        size = int(size_f)
    return f"{size} GB"  # not reached


def too_large_message(size: int, limit: int) -> str:
    """The one-line reason a file is skipped as too large, naming the option."""
    return (f"too large ({human_size(size)} > the --max-file-size limit of "
            f"{human_size(limit)}); raise it to lint the file, e.g. --max-file-size "
            f"{_suggest(size)}, or 0 for no limit")


def _suggest(size: int) -> str:
    for unit, factor in (("G", 1024 ** 3), ("M", 1024 ** 2), ("K", 1024)):
        if size >= factor:
            return f"{-(-size // factor)}{unit}"
    return str(size)


def encode_text(wikifile: WikiFile, text: str) -> bytes:
    """``text`` encoded as ``wikifile`` was, BOM included."""
    try:
        body = text.encode(wikifile.encoding)
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise InputError(f"cannot write {text[exc.start]!r} (line {line}) in encoding "
                         f"{wikifile.encoding}; file left unchanged", wikifile.path) from None
    return (_BOMS[wikifile.encoding] + body) if wikifile.bom else body


def _check_unchanged(wikifile: WikiFile) -> os.stat_result:
    path = wikifile.path
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileChangedError("was deleted after it was read; not written", path) from None
    if st.st_mtime_ns != wikifile.mtime_ns or st.st_size != wikifile.size:
        raise FileChangedError("changed on disk after it was read; not written", path)
    try:
        with open(path, "rb") as fh:  # same size and time: compare the bytes themselves
            same = fh.read() == wikifile.raw
    except FileNotFoundError:
        raise FileChangedError("was deleted after it was read; not written", path) from None
    except OSError as exc:
        raise InputError(f"cannot read it again before writing: {exc.strerror or exc}; "
                         "not written", path) from None
    if not same:
        raise FileChangedError("changed on disk after it was read; not written", path)
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError("read-only file (no write permission bits); not rewritten", path)
    return st


def _keep_owner(tmp: str, before: os.stat_result) -> None:
    """Give the new file the old one's owner and group when allowed (root, or own group)."""
    if not hasattr(os, "chown"):
        return
    st = os.stat(tmp)
    if (st.st_uid, st.st_gid) == (before.st_uid, before.st_gid):
        return
    try:
        os.chown(tmp, before.st_uid, before.st_gid)
    except PermissionError:
        try:  # a normal user may still keep the group, if they belong to it
            os.chown(tmp, -1, before.st_gid)
        except PermissionError:
            pass


def _sync_folder(folder: str) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _SignalsDeferred:
    """SIGTERM and SIGINT wait until the write window closes, then act as before.

    Inside the window a temporary file exists; a signal there would leave it
    behind (SIGTERM kills at once) or half-handle it.  The handlers only
    record the signal; on leaving, the old handlers come back and a recorded
    signal is raised again, after the temporary file is renamed or removed.
    Only the main thread can install handlers; elsewhere this does nothing.
    """

    _SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGINT") if hasattr(signal, n))

    def __init__(self) -> None:
        self.pending: list[int] = []
        self.previous: dict[int, Any] = {}

    def _record(self, signum: int, _frame: object) -> None:
        self.pending.append(signum)

    def __enter__(self) -> _SignalsDeferred:
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in self._SIGNALS:
                try:
                    self.previous[sig] = signal.signal(sig, self._record)
                except (ValueError, OSError):  # pragma: no cover - unusual platforms
                    pass
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for sig in dict.fromkeys(self.pending):
            signal.raise_signal(sig)


def _write_error(exc: OSError, folder: str) -> str:
    if isinstance(exc, PermissionError):
        return f"cannot write a temporary file in {folder} (permission denied); not written"
    if isinstance(exc, FileNotFoundError):
        return "its folder was removed after it was read; not written"
    return f"cannot write: {exc.strerror or exc}; file left unchanged"


def write_wiki_file(wikifile: WikiFile, new_text: str) -> WikiFile:
    """Atomically replace the file's contents; returns the file as now written.

    Keeps the encoding, the BOM, the mode bits and (where allowed) the owner
    and group; line endings are whatever
    ``new_text`` has (fixes keep the text's own).  A symbolic link is
    followed, so the link stays a link.  A file without write permission bits
    is not rewritten; every problem (a folder without write permission, a
    file deleted or changed since it was read, a full disk) is an
    :class:`InputError` and leaves the file as it was.  SIGTERM and SIGINT
    are held back while the temporary file exists, so none is left behind.
    """
    data = encode_text(wikifile, new_text)
    before = _check_unchanged(wikifile)
    target = os.path.realpath(wikifile.path)
    folder = os.path.dirname(target) or "."
    with _SignalsDeferred():
        try:
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.",
                                       suffix=".wikilint-tmp")
        except OSError as exc:
            raise InputError(_write_error(exc, folder), wikifile.path) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, wikifile.mode)
            _keep_owner(tmp, before)
            os.replace(tmp, target)
        except BaseException as exc:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            if isinstance(exc, OSError):
                raise InputError(_write_error(exc, folder), wikifile.path) from None
            raise
    _sync_folder(folder)
    st = os.stat(target)
    return wikifile._replace(text=new_text, raw=data, newline=detect_newline(new_text),
                   mtime_ns=st.st_mtime_ns, mode=stat.S_IMODE(st.st_mode))
