"""The words a person reads feel finished: one date format from the computer's region, counts
whose nouns agree, "the" before a department that needs it, and one name for keeping a note
out of the exports."""

import ast
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit

from svcrec_desktop import paths
from svcrec_desktop.domain.model import counted, the_department
from svcrec_desktop.ui.dates import fit_date_edit, shown_date, shown_moment

ROOT = Path(__file__).resolve().parents[2]
Language, Country = QLocale.Language, QLocale.Country


@pytest.mark.parametrize("language, country, shown", [
    (Language.English, Country.UnitedStates, "December 4, 2026"),
    (Language.English, Country.UnitedKingdom, "4 December 2026"),
    (Language.German, Country.Germany, "4 December 2026"),  # its order, the window's English
    (Language.Japanese, Country.Japan, "December 4, 2026"),  # its month comes before its day
])
def test_one_date_format_from_the_region(qapp, language, country, shown):
    QLocale.setDefault(QLocale(language, country))
    assert shown_date(date(2026, 12, 4)) == shown
    assert shown_date(datetime(2026, 12, 4, 23, 59)) == shown
    assert shown_moment(datetime(2026, 12, 4, 9, 5, 7)) == f"{shown}, 09:05:07"
    box = QDateEdit()
    fit_date_edit(box)
    box.setDate(QDate(2026, 12, 4))
    assert box.text() == shown


def window_sources() -> dict[str, str]:
    """What a person can read: the forms, the strings of the code (not its docstrings), the
    playbook and the user guide shown in Help."""
    texts = {str(path.relative_to(ROOT)): " ".join(re.findall(r"<string>(.*?)</string>",
                                                             path.read_text(encoding="utf-8")))
             for path in (ROOT / "ui").glob("*.ui")}
    for path in (ROOT / "svcrec_desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        texts[str(path.relative_to(ROOT))] = "\n".join(
            node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings
            and not re.fullmatch(r"\w+|(select|update|insert|alter) .*", node.value, re.S | re.I))
    texts["playbook"] = paths.builtin_playbook_file().read_text(encoding="utf-8")
    texts["user guide"] = paths.user_guide().read_text(encoding="utf-8")
    return texts


def test_keeping_a_note_out_has_one_name_everywhere():
    """The button says Keep out, so nothing a person reads calls it "confidential" (the code
    and the stored column may)."""
    found = {where: text for where, text in window_sources().items()
             if "confidential" in text.lower()}
    assert found == {}


def test_no_count_leaves_its_plural_to_the_reader():
    found = {where for where, text in window_sources().items() if "(s)" in text}
    assert found == set()


def test_counts_agree_with_their_nouns():
    assert counted(1, "item") == "1 item"
    assert counted(0, "item") == "0 items"
    assert counted(2000, "row") == "2,000 rows"
    assert counted(3, "match", "matches") == "3 matches"


@pytest.mark.parametrize("name, in_a_sentence", [
    ("Emergency Department", "the Emergency Department"),
    ("Intensive Care Unit", "the Intensive Care Unit"),
    ("ICU", "the ICU"),
    ("  Ward  ", "the Ward"),
    ("Cardiology", "Cardiology"),
    ("Ward 7", "Ward 7"),
    ("Surgical Services", "Surgical Services"),
    ("The Burns Unit", "The Burns Unit"),
    ("St Mary's Ward", "St Mary's Ward"),
    ("", ""),
])
def test_a_department_reads_right_in_the_middle_of_a_sentence(name, in_a_sentence):
    assert the_department(name) == in_a_sentence

