"""Messy CSV exports, built as bytes the way dashboards and spreadsheet programs write them."""

import csv
import io

from samples import HOSTILE_TEXTS

# A NUL marks a file as not text and a lone surrogate cannot be encoded; a megabyte in one cell
# is within what one cell may hold (MAX_CELL_CHARS).
CSV_HOSTILE_TEXTS = {
    name: text for name, text in HOSTILE_TEXTS.items()
    if name not in ("control characters", "lone surrogate")
} | {"control characters": "bell\x07 escape\x1b vertical\x0b formfeed\x0c del\x7f \x85 end"}

# A survey export: semicolons, day-first dates, decimal commas, one comment over two lines,
# one without a date, one empty, and dates over 18 months. The latest date is 20/03/2025.
SURVEY_HEADER = ["Ref", "Received", "Unit", "Feedback", "Score"]
SURVEY_ROWS = [
    ["S-01", "20/03/2025", "4 West", "Nobody told us why the wait was so long", "2,5"],
    ["S-02", "02/03/2025 14:05", "4 West", "Lost my reading glasses", "3,0"],
    ["S-03", "15/01/2025", "4 West", "Waited three hours\nwith no update", "1,5"],
    ["S-04", "", "4 West", "Discharge papers were confusing", "2,0"],
    ["S-05", "30/11/2024", "4 West", "", "4,0"],
    ["S-06", "03/10/2024", "4 West", "My bag went missing after the transfer", "2,0"],
    ["S-07", "12/05/2024", "4 West", "The nurse apologised and fixed it at once", "4,5"],
    ["S-08", "01/12/2023", "4 West", "Waited all night", "1,0"],
]


def csv_bytes(
    rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8",
    line_end: str = "\r\n",
) -> bytes:
    """The rows written by the csv module (quoting what needs it), encoded."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return buffer.getvalue().encode(encoding)


def survey_bytes() -> bytes:
    return csv_bytes([SURVEY_HEADER, *SURVEY_ROWS], delimiter=";", encoding="utf-8-sig")


def xlsx_like_bytes() -> bytes:
    """The start of an Excel workbook: a zip archive, full of NUL bytes."""
    return (
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04"
        b"\x00\x00\x13\x00\x08\x02[Content_Types].xml \xa2\x04\x02(\xa0\x00\x02" + bytes(400)
    )
