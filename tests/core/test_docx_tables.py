"""The house tables: columns as wide as what they hold, rows that never break across a page,
a header row that repeats, and headings that stay with what follows them."""

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from rendering import rendered

from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.atomic import save_atomically
from svcrec_desktop.export.styles import (
    MIN_COLUMN_CM,
    SMALL_LABEL,
    add_grid,
    apply_house_style,
    content_widths,
    text_width_cm,
)

A4 = PageFormat("A4", "en-GB")
LETTER = PageFormat("Letter", "en-US")
ASSIGNMENTS = (["What", "Who", "By when", "Done"],
               [["Restock the voucher drawer and tell the night shift where the key is kept",
                 "Dana", "1 December 2026", "Yes"],
                ["Agree a script for delays", "Sam Lee", "15 January 2027", "Not yet"]])


def document_on(page: PageFormat):
    document = docx.Document()
    apply_house_style(document, page)
    return document


def test_the_text_width_follows_the_paper():
    assert text_width_cm(document_on(LETTER)) == pytest.approx(21.59 - 5.08, abs=0.01)
    assert text_width_cm(document_on(A4)) == pytest.approx(21.0 - 5.08, abs=0.01)


def test_columns_follow_their_content_and_fill_the_line():
    header, rows = ASSIGNMENTS
    columns = [list(column) for column in zip(header, *rows, strict=True)]
    for room in (15.92, 16.51):
        widths = content_widths(columns, room)
        assert sum(widths) == pytest.approx(room, abs=0.011)
        what, who, when, done = widths
        assert what > when > who and what > 2 * done  # "Done" is not as wide as "What"
        assert min(widths) >= MIN_COLUMN_CM
    short = content_widths([["Month", "November 2026"], ["Items", "1"], ["Value", "12.50"]],
                           16.51)
    assert sum(short) == pytest.approx(16.51, abs=0.011)
    assert short[0] > short[2] > MIN_COLUMN_CM  # the extra room shared by what they hold


def test_a_long_word_or_many_columns_still_fit():
    web = "https://intranet.example.org/" + "very-long-path/" * 20
    widths = content_widths([["Link", web], ["Note", "short"]], 15.92)
    assert sum(widths) == pytest.approx(15.92, abs=0.011)
    assert widths[0] <= 15.92 - MIN_COLUMN_CM  # the address breaks, the other column stays
    many = content_widths([[f"Heading{n}", "word " * 30] for n in range(12)], 15.92)
    assert sum(many) == pytest.approx(15.92, abs=0.011)
    assert max(many) - min(many) < 0.2  # too many to give each its wish: shared alike


def widths_of(table) -> list[float]:
    return [round(column.width.cm, 2) for column in table.columns]


def test_a_grid_is_sized_by_content_or_as_asked_within_the_page():
    for page in (A4, LETTER):
        document = document_on(page)
        table = add_grid(document, *ASSIGNMENTS)
        assert sum(widths_of(table)) == pytest.approx(text_width_cm(document), abs=0.03)
        cells = [cell.width.cm for cell in table.rows[1].cells]
        assert cells == pytest.approx(widths_of(table), abs=0.01)
    explicit = add_grid(document_on(LETTER), ["Step", "Planned"], [["Welcome", "5"]], [10, 3])
    assert widths_of(explicit) == [10, 3]  # explicit widths are kept as given
    too_wide = add_grid(document_on(A4), ["A", "B"], [["a", "b"]], [12, 4.51])
    assert widths_of(too_wide) == pytest.approx([11.57, 4.35], abs=0.01)  # in proportion


def test_rows_keep_together_and_the_header_repeats():
    table = add_grid(document_on(A4), *ASSIGNMENTS)
    rows = table._tbl.findall(qn("w:tr"))
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
    headers = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in rows]
    assert headers == [True, False, False]
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_headings_and_labels_keep_with_what_follows():
    styles = document_on(A4).styles
    for name in ("Heading 1", "Heading 2", "Heading 3", SMALL_LABEL):
        assert styles[name].paragraph_format.keep_with_next, name


@pytest.mark.slow
def test_libreoffice_moves_a_tall_row_whole_and_repeats_the_header(tmp_path, soffice):
    """A row of forty lines that would start halfway down page 1 (and there break in two,
    without w:cantSplit) goes whole to page 2, under the header row repeated there."""
    document = document_on(A4)
    for _ in range(20):
        document.add_paragraph("Filler to bring the table halfway down the page.")
    tall = "\n".join(["TOPLINE"] + [f"line {n} of a long note" for n in range(38)]
                     + ["BOTTOMLINE"])
    add_grid(document, ["Kind", "HEADERWORD"], [["short", "one line"], ["tall", tall]])
    save_atomically(document, tmp_path / "tall.docx", what="the test")
    pages = rendered(tmp_path / "tall.docx", soffice, tmp_path / "pdf")
    on = {word: [n for n, page in enumerate(pages) if word in page.text.split()]
          for word in ("TOPLINE", "BOTTOMLINE", "HEADERWORD")}
    assert on["TOPLINE"] == on["BOTTOMLINE"] == [1]
    assert on["HEADERWORD"] == [0, 1]
    assert pages[0].width == pytest.approx(Cm(21).pt, abs=1)
