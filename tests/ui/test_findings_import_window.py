"""The findings import dialog, driven by keyboard as a facilitator would use it."""

from datetime import date, timedelta

import pytest
from csv_samples import CSV_HOSTILE_TEXTS, csv_bytes, survey_bytes, xlsx_like_bytes
from gui_helpers import focused, when_shown
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QWidget

from svcrec_desktop.files.findings_csv import NOT_TEXT, ImportedFindings, ThemeCount
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.preparation.findings_import import THEME, FindingsImportDialog

Alt = Qt.KeyboardModifier.AltModifier
Key = Qt.Key
SHOWN_ROWS = ["2", "3", "4", "7", "8"]  # the survey's rows dated 21 Mar 2024 to 20 Mar 2025


@pytest.fixture
def survey_file(tmp_path):
    path = tmp_path / "survey export.csv"
    path.write_bytes(survey_bytes())
    return path


@pytest.fixture
def open_dialog(qtbot):
    def opener(path=None) -> FindingsImportDialog:
        dialog = FindingsImportDialog(path=path)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    return opener


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where a person's would go: to the widget that has the focus."""
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    """Type one key at a time into whatever has the focus (an editor may open midway)."""
    for character in text:
        qtbot.keyClicks(focused(), character)


def shown(view) -> list[list[str]]:
    """The text in each cell of a table, as the person sees it."""
    model = view.model()
    columns = range(model.columnCount())
    return [[model.index(r, c).data() for c in columns] for r in range(model.rowCount())]


def table_rows(dialog) -> list[list[str]]:
    return shown(dialog.ui.commentTable)


def counts(dialog) -> list[tuple[str, ...]]:
    return [tuple(row) for row in shown(dialog.ui.countsList)]


def tag(qtbot, theme: str, key=Key.Key_Return) -> None:
    type_text(qtbot, theme)
    press(qtbot, key)


def test_opening_a_file_shows_how_it_was_read_and_the_guesses(open_dialog, survey_file):
    dialog = open_dialog(survey_file)
    ui = dialog.ui
    assert ui.fileLabel.text() == "survey export.csv"
    assert ui.summaryLabel.text() == (
        "8 rows · read as UTF-8 with a byte-order mark · columns separated by semicolons"
    )
    assert not ui.errorLabel.isVisible()
    assert (ui.commentCombo.currentText(), ui.dateCombo.currentText()) == ("Feedback", "Received")
    assert ui.dateCombo.itemText(0) == "(no date column)"
    assert ui.dateOrderCombo.currentText() == "Day first: 02/03/2025 is 2 March 2025"
    assert not ui.dateOrderQuestionLabel.isVisible()  # 20/03/2025 tells: the day comes first
    assert ui.themeCombo.currentText() == "(none: type the themes below)"
    assert (ui.startEdit.date(), ui.endEdit.date()) == (QDate(2024, 3, 21), QDate(2025, 3, 20))
    assert table_rows(dialog) == [
        ["2", "20 March 2025", "Nobody told us why the wait was so long", ""],
        ["3", "2 March 2025", "Lost my reading glasses", ""],
        ["4", "15 January 2025", "Waited three hours ↵ with no update", ""],
        ["7", "3 October 2024", "My bag went missing after the transfer", ""],
        ["8", "12 May 2024", "The nurse apologised and fixed it at once", ""],
    ]
    assert ui.leftOutLabel.text() == (
        "Left out: 1 row dated outside the period, 1 row without a date that could be read, "
        "1 row with an empty comment."
    )
    assert counts(dialog) == []
    assert not ui.addButton.isEnabled()
    assert focused() is ui.commentCombo


def test_tag_comments_by_keyboard_and_add_them(open_dialog, survey_file, qtbot):
    dialog = open_dialog(survey_file)
    ui = dialog.ui
    press(qtbot, Key.Key_S, Alt)
    assert focused() is ui.sourceCombo
    press(qtbot, Key.Key_Tab)
    assert focused() is ui.commentTable
    current = ui.commentTable.currentIndex()
    assert (current.row(), current.column()) == (0, THEME)

    tag(qtbot, "Long waits")
    assert ui.commentTable.currentIndex().row() == 1 and focused() is ui.commentTable
    assert counts(dialog) == [("Long waits", "1", "Nobody told us why the wait was so long")]
    assert ui.addButton.isEnabled()
    tag(qtbot, "Lost belongings", Key.Key_Down)
    type_text(qtbot, "lo")  # the first theme used that starts so is completed
    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.accessibleName() == "Theme"
    assert (editor.text(), editor.selectedText()) == ("long waits", "ng waits")
    press(qtbot, Key.Key_Return)  # saved as first spelled
    tag(qtbot, "lost b")
    press(qtbot, Key.Key_Down)  # row 8 is praise: left without a theme
    assert ui.commentTable.currentIndex().row() == 4

    assert [row[THEME] for row in table_rows(dialog)] == [
        "Long waits", "Lost belongings", "Long waits", "Lost belongings", ""
    ]
    assert counts(dialog) == [
        ("Long waits", "2", "Waited three hours ↵ with no update"),
        ("Lost belongings", "2", "Lost my reading glasses"),
    ]
    press(qtbot, Key.Key_Tab)
    assert focused() is ui.countsList
    press(qtbot, Key.Key_Tab)
    assert focused() is ui.addButton
    press(qtbot, Key.Key_Return)
    assert dialog.result() == FindingsImportDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.imported() == ImportedFindings(
        source="survey comments", period_start=date(2024, 3, 21), period_end=date(2025, 3, 20),
        themes=(
            ThemeCount("Long waits", 2, "Waited three hours\nwith no update"),
            ThemeCount("Lost belongings", 2, "Lost my reading glasses"),
        ),
    )


def test_enter_in_the_table_never_closes_the_dialog(open_dialog, survey_file, qtbot):
    dialog = open_dialog(survey_file)
    ui = dialog.ui
    press(qtbot, Key.Key_E, Alt)  # the table's label
    assert focused() is ui.commentTable
    tag(qtbot, "Waits")
    for _ in range(6):
        press(qtbot, Key.Key_Return)
    assert dialog.isVisible() and ui.commentTable.currentIndex().row() == 4
    tag(qtbot, "Praise")  # Enter on the last row stays there
    assert ui.commentTable.currentIndex().row() == 4 and dialog.isVisible()
    type_text(qtbot, "Other")
    press(qtbot, Key.Key_Up)  # Up saves too, and goes back a row
    assert ui.commentTable.currentIndex().row() == 3
    type_text(qtbot, "Delays")
    press(qtbot, Key.Key_Tab)  # Tab saves and leaves the table
    assert focused() is ui.countsList
    press(qtbot, Key.Key_Backtab)
    assert focused() is ui.commentTable and ui.commentTable.currentIndex().row() == 3
    type_text(qtbot, "Noise")
    press(qtbot, Key.Key_Backtab)
    assert focused() is ui.sourceCombo
    assert [row[THEME] for row in table_rows(dialog)] == ["Waits", "", "", "Noise", "Other"]


def test_delete_clears_a_theme_and_escape_keeps_the_old_one(open_dialog, survey_file, qtbot):
    dialog = open_dialog(survey_file)
    ui = dialog.ui
    press(qtbot, Key.Key_E, Alt)
    tag(qtbot, "Waits", Key.Key_Up)  # on the first row, Up stays there
    assert ui.commentTable.currentIndex().row() == 0 and ui.addButton.isEnabled()
    type_text(qtbot, "Noise")
    press(qtbot, Key.Key_Escape)
    assert table_rows(dialog)[0][THEME] == "Waits" and dialog.isVisible()
    press(qtbot, Key.Key_Delete)
    assert table_rows(dialog)[0][THEME] == ""
    assert counts(dialog) == [] and not ui.addButton.isEnabled()


def test_changing_the_period_keeps_the_themes(open_dialog, survey_file, qtbot):
    dialog = open_dialog(survey_file)
    ui = dialog.ui
    press(qtbot, Key.Key_E, Alt)
    tag(qtbot, "Waits")
    for _ in range(3):
        press(qtbot, Key.Key_Down)
    tag(qtbot, "Praise")
    assert [c[:2] for c in counts(dialog)] == [("Praise", "1"), ("Waits", "1")]
    press(qtbot, Key.Key_F, Alt)
    assert focused() is ui.startEdit
    for _ in range(3):
        press(qtbot, Key.Key_Right)  # past the day, into the month
    for _ in range(6):
        press(qtbot, Key.Key_Up)
    assert ui.startEdit.date() == QDate(2024, 9, 21)
    assert [row[0] for row in table_rows(dialog)] == ["2", "3", "4", "7"]
    assert ui.leftOutLabel.text().startswith("Left out: 2 rows dated outside the period")
    assert [c[:2] for c in counts(dialog)] == [("Waits", "1")]
    for _ in range(6):
        press(qtbot, Key.Key_Down)
    assert [row[0] for row in table_rows(dialog)] == SHOWN_ROWS
    assert [row[THEME] for row in table_rows(dialog)] == ["Waits", "", "", "", "Praise"]
    assert [c[:2] for c in counts(dialog)] == [("Praise", "1"), ("Waits", "1")]
    press(qtbot, Key.Key_T, Alt)
    assert focused() is ui.endEdit
    ui.endEdit.setDate(QDate(2024, 1, 1))
    assert ui.leftOutLabel.text().startswith("The period ends before it starts")
    assert table_rows(dialog) == [] and not ui.addButton.isEnabled()


def test_the_day_order_can_be_corrected(open_dialog, survey_file, qtbot):
    dialog = open_dialog(survey_file)
    press(qtbot, Key.Key_O, Alt)
    assert focused() is dialog.ui.dateOrderCombo
    assert dialog.ui.dateOrderCombo.itemText(1) == "Month first: 02/03/2025 is 3 February 2025"
    press(qtbot, Key.Key_Down)
    # read month first, 02/03/2025 is 3 February and 20/03/2025 is no date at all
    assert [row[:2] for row in table_rows(dialog)] == [
        ["3", "3 February 2025"], ["8", "5 December 2024"]]
    assert "3 rows without a date that could be read" in dialog.ui.leftOutLabel.text()


def test_without_a_date_column_every_comment_is_shown(open_dialog, survey_file, qtbot):
    dialog = open_dialog(survey_file)
    ui = dialog.ui
    press(qtbot, Key.Key_D, Alt)
    assert focused() is ui.dateCombo
    press(qtbot, Key.Key_Home)
    assert ui.dateCombo.currentText() == "(no date column)"
    assert not (ui.startEdit.isEnabled() or ui.endEdit.isEnabled()
                or ui.dateOrderCombo.isEnabled())
    assert len(table_rows(dialog)) == 7 and {row[1] for row in table_rows(dialog)} == {""}
    assert ui.leftOutLabel.text() == "Left out: 1 row with an empty comment."
    press(qtbot, Key.Key_S, Alt)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Tab)
    tag(qtbot, "Communication")
    assert dialog.imported() == ImportedFindings(
        "incident reports", None, None,
        (ThemeCount("Communication", 1, "Nobody told us why the wait was so long"),),
    )


def test_another_comment_column_keeps_themes_by_row(open_dialog, survey_file, qtbot):
    dialog = open_dialog(survey_file)
    press(qtbot, Key.Key_E, Alt)
    tag(qtbot, "Waits")
    press(qtbot, Key.Key_M, Alt)
    press(qtbot, Key.Key_Up)  # from Feedback to Unit
    assert dialog.ui.commentCombo.currentText() == "Unit"
    assert table_rows(dialog)[0] == ["2", "20 March 2025", "4 West", "Waits"]
    assert counts(dialog) == [("Waits", "1", "4 West")]


def test_a_file_that_cannot_be_read_is_explained_in_the_dialog(open_dialog, tmp_path, qtbot):
    path = tmp_path / "findings.csv"
    path.write_bytes(xlsx_like_bytes())
    dialog = open_dialog(path)
    ui = dialog.ui
    assert ui.errorLabel.isVisible() and ui.errorLabel.text() == NOT_TEXT
    assert ui.fileLabel.text() == "findings.csv"
    assert ui.commentCombo.count() == 0 and not ui.commentCombo.isEnabled()
    assert table_rows(dialog) == [] and not ui.addButton.isEnabled()
    assert focused() is ui.chooseButton

    path.write_bytes(csv_bytes([["Comment", "Date"], ["Cold food", "2025-01-02"]]))
    dialog.open_file(path)
    assert not ui.errorLabel.isVisible()
    assert table_rows(dialog) == [["2", "2 January 2025", "Cold food", ""]]
    path.write_bytes(b"")
    dialog.open_file(path)
    assert ui.errorLabel.isVisible() and "nothing to import" in ui.errorLabel.text()
    assert table_rows(dialog) == [] and ui.summaryLabel.text() == ""


def test_a_title_and_a_damaged_character_are_said_and_shown(open_dialog, tmp_path, qtbot):
    path = tmp_path / "report.csv"
    rows = [["Comment", "Ward"], ["Le café était froid", "4 West"], ["À bientôt", "ICU"]]
    data = b'"Patient comments report, Q3 2026"\r\n' + csv_bytes(rows)
    at = data.index("é".encode())
    path.write_bytes(data[:at] + b"\xc3" + data[at + 2:])  # the first é cut in half
    dialog = open_dialog(path)
    ui = dialog.ui
    assert ui.summaryLabel.text() == (
        "2 rows · read as UTF-8 · columns separated by commas · 1 title row above the column "
        "names left out"
    )
    assert ui.warningLabel.isVisible() and ui.warningLabel.text() == (
        "One character in row 3 could not be read; it shows as \ufffd. Check that comment in "
        "the original file."
    )
    assert (ui.commentCombo.currentText(), ui.dateCombo.currentText()) == (
        "Comment", "(no date column)"
    )
    assert [row[:3] for row in table_rows(dialog)] == [
        ["3", "", "Le caf\ufffd était froid"], ["4", "", "À bientôt"]
    ]
    path.write_bytes(survey_bytes())
    dialog.open_file(path)
    assert not ui.warningLabel.isVisible()
    path.write_bytes(b"")
    dialog.open_file(path)
    assert not ui.warningLabel.isVisible() and ui.errorLabel.isVisible()


def test_choose_a_file_with_the_file_dialog(open_dialog, survey_file, qtbot):
    dialog = open_dialog()
    assert focused() is dialog.ui.chooseButton
    assert not dialog.ui.commentCombo.isEnabled()

    def pick(file_dialog):
        name_box = file_dialog.findChild(QLineEdit, "fileNameEdit")
        name_box.setText(str(survey_file))
        qtbot.keyClick(name_box, Key.Key_Return)

    poller = when_shown(QApplication.activeModalWidget, pick)
    press(qtbot, Key.Key_Space)
    poller.stop()
    assert dialog.ui.fileLabel.text() == survey_file.name
    assert [row[0] for row in table_rows(dialog)] == SHOWN_ROWS


def test_every_control_can_be_reached_and_named(open_dialog, survey_file):
    dialog = open_dialog(survey_file)
    labels = [label for label in dialog.findChildren(QLabel) if "&" in label.text()]
    assert len(labels) == 9
    assert all(isinstance(label.buddy(), QWidget) for label in labels)
    ui = dialog.ui
    texts = [label.text() for label in labels] + [ui.chooseButton.text(), ui.addButton.text()]
    mnemonics = [text[text.index("&") + 1].lower() for text in texts]
    assert len(mnemonics) == len(set(mnemonics))
    named = [*dialog.findChildren(QComboBox), dialog.ui.commentTable, dialog.ui.countsList]
    assert all(widget.accessibleName() for widget in named)


def test_hostile_comments_are_shown_visibly_and_kept_exactly(open_dialog, tmp_path, qtbot):
    texts = [CSV_HOSTILE_TEXTS[name] for name in ("control characters", "tabs and newlines")]
    path = tmp_path / "hostile.csv"
    path.write_bytes(csv_bytes([["Comment", "Ward"], *[[text, "ICU"] for text in texts]]))
    dialog = open_dialog(path)
    model = dialog.ui.commentTable.model()
    assert table_rows(dialog)[0][2] == "bell␇ escape␛ vertical␋ formfeed␌ del␡ \\x85 end"
    assert table_rows(dialog)[1][2] == "first\tsecond ↵ next line ↵ windows line ↵ old mac"
    assert model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole) == (
        "first\tsecond\nnext line␍\nwindows line␍old mac"
    )
    press(qtbot, Key.Key_E, Alt)
    tag(qtbot, "Odd")
    tag(qtbot, "odd")
    assert dialog.imported().themes == (ThemeCount("Odd", 2, min(texts, key=len).strip()),)


# --- a spreadsheet's own columns, an order the dates do not tell, dates after today --------

def test_a_category_column_is_offered_as_the_themes_and_can_be_changed(open_dialog, tmp_path,
                                                                       qtbot):
    from csv_samples import SURVEY_HEADER, SURVEY_ROWS

    categories = ["Category", "Waits", "Belongings", "Waits", "Communication", "Noise",
                  "Belongings", "", "Waits"]
    rows = [[*row, category]
            for row, category in zip([SURVEY_HEADER, *SURVEY_ROWS], categories, strict=True)]
    path = tmp_path / "categorised.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";"))
    dialog = open_dialog(path)
    ui = dialog.ui
    assert ui.themeCombo.currentText() == "Category"
    assert [row[THEME] for row in table_rows(dialog)] == [
        "Waits", "Belongings", "Waits", "Belongings", ""]
    assert counts(dialog) == [("Belongings", "2", "Lost my reading glasses"),
                              ("Waits", "2", "Waited three hours ↵ with no update")]
    assert ui.countsList.model().headerData(2, Qt.Orientation.Horizontal) == (
        "Example comment, word for word")
    assert ui.privacyLabel.isVisible() and "word for word" in ui.privacyLabel.text()
    press(qtbot, Key.Key_E, Alt)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Delete)
    tag(qtbot, "Lost property", Key.Key_Up)  # the person's word for row 3
    press(qtbot, Key.Key_L, Alt)
    assert focused() is ui.themeCombo
    press(qtbot, Key.Key_Home)  # no theme column: the file's themes go, the typed one stays
    assert ui.themeCombo.currentText() == "(none: type the themes below)"
    assert [row[THEME] for row in table_rows(dialog)] == ["", "Lost property", "", "", ""]
    press(qtbot, Key.Key_End)  # the category column again
    assert [row[THEME] for row in table_rows(dialog)] == [
        "Waits", "Lost property", "Waits", "Belongings", ""]


def test_dates_that_read_both_ways_are_asked_about(open_dialog, tmp_path, qtbot):
    path = tmp_path / "both ways.csv"
    path.write_bytes(csv_bytes([["Date", "Comment"], ["04/03/2025 09:15", "Cold food"],
                                ["02/01/2025", "Late tray"], ["05/05/2025", "Noisy"]]))
    dialog = open_dialog(path)
    ui = dialog.ui
    question = ui.dateOrderQuestionLabel
    assert question.isVisible() and question.text() == (
        "No date in this file says whether 04/03/2025 is 4 March 2025 or 3 April 2025: check "
        "the date order.")
    # until the person answers, the computer's region (day first here) reads the dates
    assert ui.dateOrderCombo.currentText() == "Day first: 04/03/2025 is 4 March 2025"
    assert [row[1] for row in table_rows(dialog)] == [
        "4 March 2025", "2 January 2025", "5 May 2025"]
    press(qtbot, Key.Key_O, Alt)
    press(qtbot, Key.Key_Down)
    assert ui.dateOrderCombo.currentText() == "Month first: 04/03/2025 is 3 April 2025"
    assert [row[1] for row in table_rows(dialog)] == [
        "3 April 2025", "1 February 2025", "5 May 2025"]
    ui.dateOrderCombo.activated.emit(1)  # as a choice from the open list sends it
    assert not question.isVisible()


def test_the_region_that_puts_the_month_first_answers_until_the_person_does(
        open_dialog, tmp_path):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    path = tmp_path / "both ways.csv"
    path.write_bytes(csv_bytes([["Date", "Comment"], ["04/03/2025", "Cold food"]]))
    dialog = open_dialog(path)
    assert dialog.ui.dateOrderCombo.currentText() == "Month first: 04/03/2025 is April 3, 2025"
    assert dialog.ui.dateOrderQuestionLabel.isVisible()


def test_dates_after_today_are_marked_and_counted(open_dialog, tmp_path, qtbot):
    today = date.today()
    later = today + timedelta(days=1000)
    path = tmp_path / "future.csv"
    path.write_bytes(csv_bytes([["Date", "Comment"], [today.isoformat(), "Cold food"],
                                [later.isoformat(), "Typed in the wrong year"]]))
    dialog = open_dialog(path)
    ui = dialog.ui
    # the period ends today, not at the date that cannot be right
    assert ui.endEdit.date().toPython() == today
    assert "1 row dated after today: check it in the file" in ui.leftOutLabel.text()
    assert len(table_rows(dialog)) == 1
    ui.endEdit.setDate(later)
    assert table_rows(dialog)[1][:2] == ["3", f"{shown_date(later)} (after today)"]
    assert "1 row dated after today" in ui.leftOutLabel.text()
