"""MediaWiki XML dumps: stream pages out of ``pages-articles`` exports.

A dump of a whole wiki is many gigabytes, so pages are streamed with
``iterparse`` and each ``<page>`` element is cleared once read: memory stays
flat whatever the dump's size.  Compressed dumps (``.bz2``, ``.gz``,
``.xz``) are read as they are; the encoding comes from the XML itself
(UTF-8, or UTF-16 with a byte-order mark, as in some exports).  Every
export schema from 0.3 to 0.11 is read the same way: namespaces in tags are
ignored.

For history dumps the newest revision of each page is linted.  Findings are
reported against ``DUMP#Title`` (``#`` cannot occur in a page title).
Linting the pages, in this process or in workers, is :mod:`wikilint.runner`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from wikilint.records import FrozenRecord

if TYPE_CHECKING:  # the XML parser and the decompressors are imported when a dump is read
    import xml.etree.ElementTree as ET

__all__ = ["DumpPage", "DumpError", "is_dump", "open_dump", "iter_pages", "page_path",
           "DUMP_SUFFIXES"]

DUMP_SUFFIXES = (".xml", ".xml.bz2", ".xml.gz", ".xml.xz")
_MAGIC = ((b"BZh", "bz2"), (b"\x1f\x8b", "gzip"), (b"\xfd7zXZ\x00", "lzma"))


class DumpError(Exception):
    """A dump that cannot be read (one line: names the file and the problem)."""


class DumpPage(FrozenRecord):
    __slots__ = ("title", "namespace", "page_id", "revision_id", "timestamp", "model", "text",
                 "redirect")
    title: str
    namespace: int
    page_id: int | None
    revision_id: int | None
    timestamp: str | None
    model: str
    text: str
    redirect: str | None

    def __init__(self, title: str, namespace: int, page_id: int | None, revision_id: int | None,
                 timestamp: str | None, model: str, text: str, redirect: str | None) -> None:
        self.title = title
        self.namespace = namespace
        self.page_id = page_id
        self.revision_id = revision_id
        self.timestamp = timestamp
        self.model = model
        self.text = text
        self.redirect = redirect


def is_dump(path: str) -> bool:
    """True for a file named like an XML dump (compressed or not)."""
    return path.lower().endswith(DUMP_SUFFIXES)


def page_path(dump: str, title: str) -> str:
    """How findings of a page in a dump are located: ``DUMP#Title``."""
    return f"{dump}#{title}"


def open_dump(path: str) -> IO[bytes]:
    """Open a dump for reading bytes, decompressing by the file's magic number."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(6)
    except OSError as exc:
        raise DumpError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for magic, module in _MAGIC:
        if head.startswith(magic):
            import importlib

            opener = importlib.import_module(module).open
            return opener(path, "rb")  # type: ignore[no-any-return]
    return open(path, "rb")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(elem: ET.Element, name: str) -> str | None:
    for child in elem:
        if _local(child.tag) == name:
            return child.text or ""
    return None


def _to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _page(elem: ET.Element) -> DumpPage | None:
    title = _child_text(elem, "title")
    if title is None:
        return None
    revisions = [c for c in elem if _local(c.tag) == "revision"]
    latest = revisions[-1] if revisions else None
    text = model = timestamp = None
    rev_id = None
    if latest is not None:
        text = _child_text(latest, "text")
        model = _child_text(latest, "model")
        timestamp = _child_text(latest, "timestamp")
        rev_id = _to_int(_child_text(latest, "id"))
    redirect = None
    for child in elem:
        if _local(child.tag) == "redirect":
            redirect = child.get("title", "")
    ns = _to_int(_child_text(elem, "ns"))
    if ns is None:  # schema 0.3 has no <ns>: derive it from the title
        ns = 0 if ":" not in title else -99
    return DumpPage(title, ns, _to_int(_child_text(elem, "id")), rev_id, timestamp,
                    model or "wikitext", text or "", redirect)


def iter_pages(path: str, namespaces: Iterable[int] | None = (0,),
               models: Iterable[str] = ("wikitext",)) -> Iterator[DumpPage]:
    """Pages of a dump, streaming; ``namespaces=None`` yields every namespace."""
    import lzma
    import xml.etree.ElementTree as ET

    wanted_ns = None if namespaces is None else set(namespaces)
    wanted_models = set(models)
    stream = open_dump(path)
    try:
        context = ET.iterparse(stream, events=("start", "end"))
        root: ET.Element | None = None
        depth = 0
        for event, elem in context:
            if event == "start":
                if root is None:
                    root = elem
                depth += 1
                continue
            depth -= 1
            if _local(elem.tag) != "page":
                continue
            page = _page(elem)
            elem.clear()
            if root is not None:
                # drop finished pages from the root so memory stays flat
                for child in list(root):
                    if child is elem:
                        root.remove(child)
            if page is None:
                continue
            if wanted_ns is not None and page.namespace not in wanted_ns:
                continue
            if page.model not in wanted_models:
                continue
            yield page
    except ET.ParseError as exc:
        raise DumpError(f"{path}: malformed XML dump: {exc}") from None
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise DumpError(f"{path}: cannot read dump: {exc}") from None
    finally:
        stream.close()
