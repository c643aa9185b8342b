"""Date finding in citation text (wikilint.dates)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.analysis.dates import find_dates, is_no_date


def dates(text: str) -> list[tuple[str, str, str]]:
    return [(d.text, d.precision, d.role) for d in find_dates(text)]


@pytest.mark.parametrize("text, want", [
    # the seed's reference list
    ("Monthly Review, 26 May 2006", "26 May 2006"),
    ("Space War, 11 January, 2006.", "11 January, 2006"),
    # English forms
    ("Sports Illustrated. November 2, 2009.", "November 2, 2009"),
    ("May 26 2006", "May 26 2006"),
    ("Jan. 5, 2004", "Jan. 5, 2004"),
    ("26–28 May 2006", "26–28 May 2006"),
    ("May 26–28, 2006", "May 26–28, 2006"),
    ("Vancouver style 2006 May 26; 12(3)", "2006 May 26"),
    # numeric forms
    ("published 2006-05-26.", "2006-05-26"),
    ("Stand: 26.05.2006", "26.05.2006"),
    ("posted 05/26/2006", "05/26/2006"),
    ("Press Release 09/09/09", "09/09/09"),
    # other languages
    ("abgerufen am 26. Mai 2006", "26. Mai 2006"),
    ("consulté le 1er mai 2006", "1er mai 2006"),
    ("посетен на 26 май 2006 г.", "26 май 2006 г."),
    ("25 de mayo 2006", "mayo 2006"),
    ("《세종실록》 25년 12월.", "25년 12월"),
])
def test_full_and_month_dates(text: str, want: str) -> None:
    assert want in [d[0] for d in dates(text)]


@pytest.mark.parametrize("text, want", [
    ("Smith (2004). Title", "2004"),
    ("Bertrand Russell, A History of Western Philosophy, Simon & Schuster, 1972.", "1972"),
    ("Knuth 1973:7", "1973"),
    ("Donald (1996a), p. 565.", "1996a"),
    ("c. 1850", "c. 1850"),
    ("(1895–1896), pp. 668–669", "1895–1896"),
    ("Kowalski 1979", "1979"),
    ("Eds. Steven G. Gabbe, et al. 2012 Saunders", "2012"),
    ("Zweig, P. (1974). The Adventurer", "1974"),
    ("Curtis (Yale U.P. 1926)", "1926"),
    ("[[John G. Kemeny]] and Thomas E. Kurtz 1985 Back to Basic", "1985"),
    ("al-Idrisi, Muhammad (12th century) Nuzhat", "12th century"),
    ("206 BC", "206 BC"),
])
def test_years_in_citation_position(text: str, want: str) -> None:
    found = dates(text)
    assert want in [d[0] for d in found]


@pytest.mark.parametrize("text", [
    "pp. 1500–1600",
    "p. 2004",
    "vol. 1999",
    "ISBN 0-19-2004-1",
    "1,999 copies",
    "http://example.com/2004/05/page",
    "The 1775 American Invasion of Canada",
    "Census 2010 results",
    "World Population Prospects: The 2012 Revision",
    "Gaskill v. Commonwealth, 206 Va. 486",
    "'Mujahedin-e Khalq Organization',",
    "",
])
def test_numbers_that_are_not_dates(text: str) -> None:
    assert dates(text) == []


@pytest.mark.parametrize("text, role", [
    ("FTP Resource, accessed on 24 September 2010", "access"),
    ("(Accessed 3 April, 2009)", "access"),
    ("Retrieved 5 May 2010", "access"),
    ("Retrieved on: 18 August 2007", "access"),
    ("abgerufen am 26. Mai 2006", "access"),
    ("Վերցված՝ 17 հունվար 2013 թ.", "access"),
    ("Վերցված է 17 հունվարի 2013", "access"),
    ("consulté le 26 mai 2006", "access"),
    ("Archived from the original on 2010-01-01", "archive"),
    ("Monthly Review, 26 May 2006", "publication"),
])
def test_roles(text: str, role: str) -> None:
    found = find_dates(text)
    assert [d.role for d in found] == [role]


def test_publication_and_access_dates_in_one_citation() -> None:
    text = "Space War, 11 January, 2006. (Accessed 3 April, 2009)"
    assert dates(text) == [("11 January, 2006", "day", "publication"),
                           ("3 April, 2009", "day", "access")]


def test_precision() -> None:
    assert dates("May 2006") == [("May 2006", "month", "publication")]
    assert dates("Spring 2006") == [("Spring 2006", "month", "publication")]
    assert dates("26 May 2006") == [("26 May 2006", "day", "publication")]


# Thai: month names and their abbreviations, Buddhist-era years (BE = CE + 543),
# the eras พ.ศ. (BE) and ค.ศ. (CE), and Thai digits ๐–๙.
@pytest.mark.parametrize("text, want", [
    ("ไทยรัฐ สืบค้นเมื่อ 5 มีนาคม 2555", [("5 มีนาคม 2555", "day", "access")]),
    ("สืบค้นเมื่อ ๕ มี.ค. ๒๕๕๕", [("๕ มี.ค. ๒๕๕๕", "day", "access")]),
    ("ไทยรัฐ, 12 ธันวาคม พ.ศ. 2550", [("12 ธันวาคม พ.ศ. 2550", "day", "publication")]),
    ("ไทยรัฐ, 12 ธันวาคม 2007", [("12 ธันวาคม 2007", "day", "publication")]),
    ("ฉบับเดือนมีนาคม 2555", [("มีนาคม 2555", "month", "publication")]),
    ("ไทยรัฐ, ก.ย. 2553", [("ก.ย. 2553", "month", "publication")]),
    ("สืบค้นเมื่อ 3/9/2568 จาก", [("3/9/2568", "day", "access")]),
    ("สมชาย. (2559). ประวัติศาสตร์", [("2559", "year", "publication")]),
    ("รายงานประจำปี, พ.ศ. ๒๕๔๙", [("พ.ศ. ๒๕๔๙", "year", "publication")]),
    ("ค.ศ. 1985", [("ค.ศ. 1985", "year", "publication")]),
    ("เก็บถาวรจากแหล่งเดิมเมื่อ 5 มีนาคม 2012", [("5 มีนาคม 2012", "day", "archive")]),
])
def test_thai_dates(text: str, want: list[tuple[str, str, str]]) -> None:
    assert dates(text) == want


@pytest.mark.parametrize("text", [
    "หนังสือ 2550 หน้า",       # 2550 pages: a number between words
    "ราคา 2550 บาท",           # 2550 baht
    "English 2550 words, 2550.",  # Buddhist-era years only in Thai text
    "ไทยรัฐ ฉบับที่ 25",
])
def test_thai_numbers_that_are_not_dates(text: str) -> None:
    assert dates(text) == []


@pytest.mark.parametrize("text, want", [
    ("New York: Example Press, c1983.", ("c1983", "year")),
    ("New York: Example Press, ca. 1983.", ("ca. 1983", "year")),
    ("New York: Example Press, circa 1983", ("circa 1983", "year")),
    ("Example Society, 2000.4.", ("2000.4", "month")),
    ("Example Society, 2000.12", ("2000.12", "month")),
    ("Example Society (1999.04)", ("1999.04", "month")),
])
def test_circa_copyright_and_year_month(text: str, want: tuple[str, str]) -> None:
    assert [(d[0], d[1]) for d in dates(text)] == [want]


@pytest.mark.parametrize("text", ["vol. 2000.4", "2000.45", "measured 1999.5 km",
                                  "Version 2.2000.4", "p. 2001.3", "abc1983"])
def test_decimals_and_codes_are_not_year_month(text: str) -> None:
    assert dates(text) == []


@pytest.mark.parametrize("text, want", [
    ("''The Example Mirror'' 3/2007, page 11", ("3/2007", "month")),
    ("Statistics office, 11/2014", ("11/2014", "month")),
    ("Example Press (1981/01) ISBN", ("1981/01", "month")),
    ("例書院 2003年 ISBN", ("2003年", "year")),
    # an issue number with its year: issue 3 of 2007, a year (not March 2007)
    ("Example Gazette, No. 3/2007", ("2007", "year")),
    ("''Rivista storica'', n. 25-26/2006, pp. 4-9", ("2006", "year")),
    ("Bollettino, nr. 12/1998", ("1998", "year")),
    # day-month-year with hyphens
    ("''Corriere della Sera'', 12-03-2005", ("12-03-2005", "day")),
    ("『東京大学紀要』15号（2005年）", ("2005年", "year")),
    ("2003년 발행", ("2003년", "year")),
])
def test_numeric_month_year_and_cjk_years(text: str, want: tuple[str, str]) -> None:
    assert [(d[0], d[1]) for d in dates(text)] == [want]


@pytest.mark.parametrize("text", [
    "Ley 10/2004, de modificación",  # a law's number
    "Legge 4/1999, art. 2",
    "http://example.com/2004/05/page",
    "『2005年の日本』",                 # inside title brackets: the subject
    "「例の研究『例』2008年の調査」",
])
def test_numbers_and_titles_that_are_not_month_year(text: str) -> None:
    assert dates(text) == []


@pytest.mark.parametrize("value", ["n.d.", "nd", "n. d.", "No date", " undated "])
def test_no_date_values(value: str) -> None:
    assert is_no_date(value)


@pytest.mark.parametrize("value", ["2006", "", "none", "May 2006"])
def test_real_values_are_not_no_date(value: str) -> None:
    assert not is_no_date(value)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@settings(max_examples=200, deadline=None)
@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(1600, 2099),
       form=st.sampled_from(["{d} {m} {y}", "{m} {d}, {y}", "{y}-{mm:02d}-{dd:02d}",
                             "{d} {m}, {y}", "{m} {y}"]),
       before=st.sampled_from(["", "Monthly Review, ", "(", "Title. "]),
       after=st.sampled_from(["", ".", ")", ", p. 5"]))
def test_generated_dates_are_found_exactly(day: int, month: int, year: int, form: str,
                                           before: str, after: str) -> None:
    written = form.format(d=day, m=MONTHS[month - 1], y=year, mm=month, dd=day)
    text = before + written + after
    found = find_dates(text)
    assert [(d.start, d.end) for d in found] == [(len(before), len(before) + len(written))]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–/:()pMayJune2019c๒๕๐ม")),
               max_size=60))
def test_spans_are_exact_and_disjoint(text: str) -> None:
    found = find_dates(text)
    last = 0
    for d in found:
        assert text[d.start:d.end] == d.text
        assert d.start >= last
        last = d.end
