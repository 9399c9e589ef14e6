"""Paper and language: from the computer's locale, chosen in the export dialog or on the command
line, remembered, and written into every kind of Word export."""

import subprocess
import sys
from datetime import date

import pytest
from documents import on_paper
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Inches

from svcrec_desktop.domain.page_format import (
    PAPER_KEY,
    PageFormat,
    page_format,
    page_format_from_locale,
    remember_paper,
)
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.invitation import export_invitation
from svcrec_desktop.export.quick_card import export_quick_card
from svcrec_desktop.export.record import export_record
from svcrec_desktop.export.source import ExportOptions, exportable_view

A4 = PageFormat("A4", "en-GB")
LETTER = PageFormat("Letter", "en-US")


@pytest.mark.parametrize(("name", "expected"), [
    ("en_GB.UTF-8", A4),
    ("en_US.UTF-8", LETTER),
    ("en_AU.UTF-8", PageFormat("A4", "en-AU")),
    ("en_CA.UTF-8", PageFormat("Letter", "en-CA")),
    ("en_IN@euro", PageFormat("A4", "en-IN")),
    ("en_PH", PageFormat("Letter", "en-PH")),
    ("fr_CA.UTF-8", LETTER),
    ("es_MX.UTF-8", LETTER),
    ("de_DE.UTF-8", A4),
    ("ja_JP.eucJP", A4),
    ("C.UTF-8", LETTER),
    ("POSIX", LETTER),
    ("", LETTER),
])
def test_the_locale_decides_paper_and_english(name, expected):
    assert page_format_from_locale(name) == expected


def test_the_system_locale_is_read_as_posix_orders_it(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_PAPER", "en_GB.UTF-8")
    assert page_format_from_locale() == A4  # LC_PAPER before LANG
    monkeypatch.setenv("LC_ALL", "en_CA.UTF-8")
    assert page_format_from_locale() == PageFormat("Letter", "en-CA")  # LC_ALL before both
    assert ExportOptions().page == PageFormat("Letter", "en-CA")


def test_the_paper_chosen_wins_and_is_remembered(store, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert page_format(store) == LETTER
    remember_paper(store, "A4")
    assert store.state.get(PAPER_KEY) == "A4"
    assert page_format(store) == PageFormat("A4", "en-US")  # an American on A4 stays en-US
    assert page_format(store, "Letter") == LETTER  # the command line's --paper wins
    store.state.set(PAPER_KEY, "A3")  # a value we never write is ignored
    assert page_format(store) == LETTER
    with pytest.raises(ValueError, match="A4, Letter"):
        remember_paper(store, "Legal")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert page_format(paper="Letter") == LETTER  # no English here: the paper's English


def default_language(path) -> dict:
    language = Document(path).styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return dict(language.attrib)


@pytest.mark.parametrize("page", [A4, LETTER, PageFormat("A4", "en-AU")])
def test_every_export_is_on_the_paper_and_in_the_language_asked(store, playbook, tmp_path,
                                                                page):
    session = store.sessions.create("Cardiology", first_step="welcome",
                                   meeting_date=date(2026, 11, 3))
    store.notes.add(session.id, "q2", "Nobody explained the delay")
    view = exportable_view(store, session.id)
    written = [
        export_session(store, playbook, session.id, tmp_path / "guide.docx",
                       ExportOptions(page=page)),
        export_quick_card(view, tmp_path / "card.docx", page, playbook),
        export_invitation("Subject\n\nBody", view.session, tmp_path / "letter.docx", page),
        export_record(view, playbook, tmp_path / "record.docx", page),
    ]
    for path in written:
        assert on_paper(path, page.paper), path.name
        language = default_language(path)
        assert language == {qn("w:val"): page.language}, path.name
        section = Document(path).sections[0]
        if path.name != "card.docx":  # the card sets narrower margins of its own
            assert section.left_margin == section.right_margin == Inches(1), path.name


def test_the_command_line_takes_a_paper(store, data_dir, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.guide.add_item(session.id, "offers", {"offer": "Meal voucher"})
    store.close()
    for command, paper in (("export", "A4"), ("quick-card", "A4"), ("export", "Letter")):
        target = tmp_path / f"{command}-{paper}.docx"
        done = subprocess.run(
            [sys.executable, "-m", "svcrec_desktop", command, "--data-dir", str(data_dir),
             "--out", str(target), "--paper", paper], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert on_paper(target, paper)
    refused = subprocess.run(
        [sys.executable, "-m", "svcrec_desktop", "export", "--data-dir", str(data_dir),
         "--out", str(tmp_path / "x.docx"), "--paper", "A3"], capture_output=True, text=True)
    assert refused.returncode == 2 and "A4" in refused.stderr
