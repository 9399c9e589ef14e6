"""The register for finance: every row, money with two decimals, no formula can run."""

import csv
import io
from datetime import date

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop.files.register_csv import (
    HEADER,
    RegisterError,
    export_register_csv,
    money,
    register_csv,
)


@pytest.fixture
def items(store):
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.register.add(session.id, given_on=date(2026, 11, 3), item="Meal voucher",
                            value_cents=1050, reason="Waited, \"no update\"\nfor hours",
                            giver="RN", receipt=True)
    store.register.add(session.id, given_on=date(2026, 11, 4), item="=HYPERLINK(\"x\")",
                            value_cents=5, reason="-1+1", giver="@unit")
    store.register.add(session.id, given_on=date(2026, 12, 1), item="Gift card",
                            value_cents=2500, reason=HOSTILE_TEXTS["right to left"])
    return store.register.items(session.id)


def test_rows_read_back_with_money_and_receipts(items):
    rows = list(csv.reader(io.StringIO(register_csv(items))))
    assert tuple(rows[0]) == HEADER
    assert rows[1] == ["2026-11-03", "Meal voucher", "10.50",
                       "Waited, \"no update\"\nfor hours", "RN", "yes"]
    assert rows[3][3] == HOSTILE_TEXTS["right to left"]
    assert sum(float(row[2]) for row in rows[1:]) == pytest.approx(35.55)


def test_cells_that_a_spreadsheet_would_run_are_made_text(items):
    row = list(csv.reader(io.StringIO(register_csv(items))))[2]
    assert row[1] == "'=HYPERLINK(\"x\")" and row[3] == "'-1+1" and row[4] == "'@unit"
    assert money(5) == "0.05" and money(0) == "0.00" and money(123456) == "1234.56"


def test_the_file_is_written_whole_or_not_at_all(items, tmp_path):
    target = export_register_csv(items, tmp_path / "register.csv")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8
    assert target.read_bytes().decode("utf-8-sig") == register_csv(items)
    with pytest.raises(RegisterError, match="does not exist"):
        export_register_csv(items, tmp_path / "missing" / "register.csv")
