"""The register of recovery items as a CSV file for finance, safe to open in a spreadsheet.

No patient names are ever in the register, so the file holds only what was given, when, why
and by which unit or role. A cell starting with = + - @ (or a tab or carriage return) would
run as a formula in a spreadsheet, so such a cell is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from svcrec_desktop.domain.guide_model import RecoveryItem, money
from svcrec_desktop.files.safe_write import describe_write_error, write_atomically

HEADER = ("Date", "Item", "Value", "Reason", "Given by (unit or role)", "Receipt in")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RegisterError(Exception):
    """The CSV file could not be written; the message says why in plain words."""


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def register_csv(items: Sequence[RecoveryItem]) -> str:
    """The rows as CSV text (RFC 4180 quoting, CRLF line ends), a header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for item in items:
        writer.writerow([item.given_on.isoformat(), _cell(item.item), money(item.value_cents),
                         _cell(item.reason), _cell(item.giver),
                         "yes" if item.receipt else "no"])
    return out.getvalue()


def export_register_csv(items: Sequence[RecoveryItem], target: Path) -> Path:
    """Write the register to target in one step (UTF-8 with a BOM, so Excel reads accents)."""
    target = Path(target)
    data = register_csv(items).encode("utf-8-sig", "surrogatepass")
    try:
        write_atomically(data, target)
    except OSError as exc:
        raise RegisterError(describe_write_error(exc, target, "the register")) from exc
    return target
