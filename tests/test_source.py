"""SourceFile: offsets to 1-based lines and columns (code points), in O(log n)."""

from __future__ import annotations

import random
import time

from hypothesis import given
from hypothesis import strategies as st

from wikilint.syntax.source import SourceFile


def test_line_col_of_every_offset() -> None:
    src = SourceFile("ab\ncd\n\nef")
    expected = [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1), (4, 1), (4, 2), (4, 3)]
    assert [src.line_col(i) for i in range(len(src.text) + 1)] == expected


def test_out_of_range_offsets_are_clamped() -> None:
    src = SourceFile("ab\ncd")
    assert src.line_col(-5) == (1, 1)
    assert src.line_col(999) == src.line_col(len(src.text)) == (2, 3)


def test_empty_text() -> None:
    src = SourceFile("")
    assert src.line_col(0) == (1, 1)
    assert src.line_count == 1
    assert src.line_text(1) == ""


def test_columns_count_code_points() -> None:
    src = SourceFile("é😀x\nΩ")
    assert src.line_col(2) == (1, 3)  # the emoji is one column
    assert src.line_col(5) == (2, 2)


def test_line_text_and_crlf() -> None:
    src = SourceFile("one\r\ntwo\r\n\r\nfour")
    assert [src.line_text(n) for n in range(1, 5)] == ["one", "two", "", "four"]
    assert src.line_text(0) == src.line_text(9) == ""
    assert src.line_col(src.text.index("two")) == (2, 1)
    assert src.line_count == 4


def test_offset_is_the_inverse_of_line_col() -> None:
    text = "alpha\nbeta\n\ngamma delta\n"
    src = SourceFile(text, "page.wiki")
    for i in range(len(text) + 1):
        assert src.offset(*src.line_col(i)) == i
    assert src.path == "page.wiki"


@given(st.text(alphabet="ab\n\r😀", max_size=200), st.data())
def test_line_col_agrees_with_counting(text: str, data: st.DataObject) -> None:
    src = SourceFile(text)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    # a lone \r ends a line too (MediaWiki saves it as \n); same length, same offsets
    breaks = text.replace("\r\n", " \n").replace("\r", "\n")
    line = breaks.count("\n", 0, offset) + 1
    column = offset - (breaks.rfind("\n", 0, offset) + 1) + 1
    assert src.line_col(offset) == (line, column)


def test_lookups_are_logarithmic() -> None:
    text = "a line of text\n" * 200_000  # 3 MB, 200,000 lines
    src = SourceFile(text)
    rng = random.Random(7)
    offsets = [rng.randrange(len(text)) for _ in range(200_000)]
    start = time.perf_counter()
    for offset in offsets:
        src.line_col(offset)
    # a linear scan per lookup would take minutes; bisect takes well under a second
    assert time.perf_counter() - start < 10
    assert src.line_col(len(text) - 1) == (200_000, 15)


def test_line_starts_are_found_on_first_use_only() -> None:
    # the printing process makes a SourceFile for every page it reports, most of them
    # without findings: the line table is built only when a position is asked for
    source = SourceFile("a\nb\r\nc\rd", "p")
    assert source._starts is None
    assert source.line_col(7) == (4, 1)
    assert source._starts == [0, 2, 5, 7]
    assert source.line_starts is source._starts
    given_starts = SourceFile("x\ny", "q", line_starts=[0, 2])
    assert given_starts.line_count == 2
    assert SourceFile("a\nb", "p") == SourceFile("a\nb", "p")  # the table is not compared
    assert SourceFile("a\nb", "p")._replace(path="r").line_starts == [0, 2]


def test_a_source_pickles_with_or_without_its_line_table() -> None:
    import pickle

    fresh = SourceFile("a\nb", "p")
    assert pickle.loads(pickle.dumps(fresh)).line_starts == [0, 2]
    fresh.line_col(2)
    again = pickle.loads(pickle.dumps(fresh))
    assert (again.text, again.path, again.line_starts) == ("a\nb", "p", [0, 2])
