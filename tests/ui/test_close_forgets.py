"""Closing the window wipes deleted notes for good: from the database file and its backups."""

from gui_helpers import start_session, type_note

from svcrec_desktop.store.backups import list_backups

MARKER = "Zebrafish-Quokka-7781"


def test_a_note_deleted_before_closing_is_in_no_file_after(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, f"Said by {MARKER}")
    type_note(qtbot, window, "Kept")
    store = window.store
    note = next(n for n in store.notes.of_session(window.session.id) if MARKER in n.text)
    window.backups.autobackup.take("test")  # a backup made while the note was there
    store.notes.delete(note.id)
    window.close()
    folder = store.path.parent
    files = [path for path in folder.rglob("*") if path.is_file()]
    assert list_backups(folder) and files
    leaked = [path.name for path in files if MARKER.encode() in path.read_bytes()]
    assert leaked == []
    assert [n.text for n in store.notes.of_session(window.session.id)] == ["Kept"]
