"""Every key that is not a menu action, in one table, and the rows of the shortcut sheet.

Pages register their shortcuts from the keys named here (bind), and the sheet lists this
table with the main window's actions as they are at run time, so what the sheet says and
what the keys do come from the same place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget

from svcrec_desktop.domain.model import TAGS

SESSIONS = "Sessions"
MEETING = "Meeting and notes"
GUIDE = "The guide"
PRESENTING = "Presenting"
READING = "Reading"
GROUPS = (SESSIONS, MEETING, GUIDE, PRESENTING, READING)
# The main window's menus, by object name, and the group of the sheet their actions go in.
# An action can choose another group with a "shortcutGroup" property in the .ui file.
MENU_GROUPS = {"sessionMenu": SESSIONS, "meetingMenu": MEETING, "viewMenu": READING,
               "helpMenu": READING}

Keys = str | QKeySequence.StandardKey


# Qt's short key names, as they are printed on most keyboards.
_KEY_NAMES = {"Del": "Delete", "Ins": "Insert", "PgUp": "Page Up", "PgDown": "Page Down"}


def key_text(keys: Keys | QKeySequence) -> str:
    """A key as this computer's keyboard names it (Ctrl+Z, or ⌘Z on a Mac)."""
    native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return "+".join(_KEY_NAMES.get(part, part) for part in native.split("+"))


@dataclass(frozen=True)
class PageKey:
    """A key that works on one page, list or box rather than through a menu.

    shown names the key on the sheet where the page reads the key itself (Enter in the note
    box) or where keys share a line; otherwise the sheet names keys itself.
    """

    keys: tuple[Keys, ...]
    what: str
    group: str
    shown: str = ""

    @property
    def text(self) -> str:
        return self.shown or " or ".join(key_text(keys) for keys in self.keys)


PAGE_KEYS: list[PageKey] = []  # in the order the sheet lists them


def _page_key(keys: tuple[Keys, ...], what: str, group: str, shown: str = "") -> PageKey:
    key = PageKey(keys, what, group, shown)
    PAGE_KEYS.append(key)
    return key


DELETE = QKeySequence.StandardKey.Delete
UNDO = QKeySequence.StandardKey.Undo

# The View menu's text size, two keys for one menu item (a .ui file gives an action one):
# Ctrl+= zooms in without Shift on most keyboards; Ctrl+Shift+0 because Ctrl+0 is taken.
ZOOM_IN: tuple[Keys, ...] = ("Ctrl+=", "Ctrl++")
ZOOM_OUT: tuple[Keys, ...] = ("Ctrl+-",)
ZOOM_RESET: tuple[Keys, ...] = ("Ctrl+Shift+0",)

# Sessions: the first form, the list of sessions, and the preparation.
_page_key(("Return",), "Start preparing the new session (in the new-session form)", SESSIONS,
          "Enter")
_page_key(("Alt+1",), "Skip preparation and start meeting 1 (in the new-session form)",
          SESSIONS)
NEW_SESSION_BACK = _page_key(("Esc",), "Leave the new-session form for where you were",
                             SESSIONS)
_page_key(("Return",), "Open the chosen session or search result", SESSIONS, "Enter")
SESSION_RENAME = _page_key(("F2",), "Rename the chosen session", SESSIONS)
SESSION_DELETE = _page_key((DELETE,), "Put the chosen session in the bin", SESSIONS)
_page_key(("Down",), "From the search box to what was found; Esc leaves the search", SESSIONS,
          "Down or Enter")
THEME_ADD = _page_key(("Insert", "Ctrl+Shift+A"), "Add a complaint theme (preparation)",
                      SESSIONS)
THEME_DELETE = _page_key((DELETE,), "Delete the chosen complaint theme", SESSIONS)
_page_key(("Alt+B",), "Bring the last session's open assignments into this guide "
          "(preparation)", SESSIONS)

# The meeting: the note box and the saved notes.
_page_key(("Return",), "Save the note to the current step", MEETING, "Enter")
_page_key(("Shift+Return",), "Start a new line inside the note", MEETING, "Shift+Enter")
_page_key(("Tab",), "From the note box to the saved notes", MEETING)
NOTE_EDIT = _page_key(("F2",), "Change the chosen saved note", MEETING, "F2 or Enter")
NOTE_EDIT_DONE = _page_key(("Ctrl+Return", "Ctrl+Enter"),
                           "Keep the change to a saved note", MEETING, "Ctrl+Enter")
NOTE_MOVE = _page_key(("Ctrl+M",), "Move the chosen note to another step", MEETING)
NOTE_DELETE = _page_key((DELETE,), "Delete the chosen note", MEETING)
NOTE_UNDO = _page_key((UNDO,), "Undo the last change to the saved notes, or a reset of a "
                      "step's time", MEETING)
NOTE_KEEP_OUT = _page_key(("Ctrl+K",), "Keep the chosen note out of every export (it stays "
                          "here)", MEETING)
NOTE_TAGS = _page_key(tuple(f"Alt+{number}" for number in range(1, len(TAGS) + 1)),
                      "Tag the note being typed, or the chosen saved note: "
                      + ", ".join(tag.label for tag in TAGS), MEETING,
                      f"Alt+1 to Alt+{len(TAGS)}")  # one key per tag, in the order of TAGS
NOTE_PARK = _page_key(("Ctrl+P",), "Put the note in the parking lot for later, or take it out",
                      MEETING)
ACTION_ADD = _page_key(("Ctrl+T",), "Add an action item (what, who, by when) to the chosen "
                       "note", MEETING)
ACTION_DONE = _page_key(("Ctrl+D",), "Mark the chosen action item done, or not done", MEETING)
CLOCK_PAUSE = _page_key(("Ctrl+Shift+P",), "Pause the meeting's clock for a break, or start it "
                        "again", MEETING)
_page_key(("Alt+B",), "On meeting 2's feedback steps: choose the section the feedback is "
          "about", MEETING)
PRIVACY_REMOVE = _page_key((DELETE,), "Before an export, replace the chosen patient detail "
                           "with [removed]", MEETING, "Enter or Delete")
PRIVACY_UNDO = _page_key((UNDO,), "Before an export, put back the last detail replaced",
                         MEETING)

# The guide editor.
_page_key(("Return",), "Go from a section to its items", GUIDE, "Enter")
ITEM_ADD = _page_key(("Insert", "Ctrl+Shift+A"), "Add an item to the section", GUIDE)
ITEM_DELETE = _page_key((DELETE,), "Delete the chosen item", GUIDE)
ITEM_UNDO = _page_key((UNDO,), "Bring the deleted item back", GUIDE)
ITEM_UP = _page_key(("Alt+Up",), "Move the chosen item up", GUIDE)
ITEM_DOWN = _page_key(("Alt+Down",), "Move the chosen item down", GUIDE)
NOTE_SEND = _page_key(("Ctrl+Shift+N",), "Make an item of the chosen notes in this section",
                      GUIDE)
GUIDE_NOTE_KEEP_OUT = _page_key(("Ctrl+K",), "Keep the chosen note out of every export", GUIDE)
ITEM_RELEASE = _page_key(("Ctrl+Shift+R",), "Let a held-back item into the exports again, once "
                         "you have rewritten it in your own words", GUIDE)
_page_key(("Alt+F",), "Freeze the draft shown at meeting 2", GUIDE)
_page_key(("Alt+P",), "Publish the final guide", GUIDE)
_page_key(("Alt+Q",), "Save the on-the-spot card for staff", GUIDE)

# Presenting: the window the room reads (the rest are in the Meeting menu).
PRESENTER_STOP = _page_key(("Esc", "F5"), "Stop presenting (in the window for the room)",
                           PRESENTING)
PRESENTER_FRONT = _page_key(("Ctrl+F5",), "Bring the window for the room forward, or send it "
                            "behind this one (with one screen)", PRESENTING)

# Reading.
SHEET = _page_key(("?",), "Show this list of keys (when you are not typing in a box)", READING)
_page_key(("Esc",), "Close this list", READING)


def bind(key: PageKey, widget: QWidget, slot: Callable[[], object],
         context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut) -> None:
    """Make each of the key's keys run slot on widget."""
    bind_each(key, widget, [slot] * len(key.keys), context)


def bind_each(key: PageKey, widget: QWidget, slots: Sequence[Callable[[], object]],
              context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut) -> None:
    """Make the key's first key run the first slot on widget, its second the second, and so
    on (Alt+1 the first tag)."""
    for keys, slot in zip(key.keys, slots, strict=True):
        QShortcut(QKeySequence(keys), widget, activated=slot, context=context)


@dataclass(frozen=True)
class Row:
    """One line of the shortcut sheet."""

    group: str
    keys: str
    what: str


def _plain(text: str) -> str:
    """A menu text without its & marks ("&&" is a real ampersand)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _group_of(action: QAction) -> str:
    chosen = action.property("shortcutGroup")
    if chosen:
        return str(chosen)
    menu = next((m for m in action.associatedObjects() if isinstance(m, QMenu)), None)
    if menu is None:
        return SESSIONS
    return MENU_GROUPS.get(menu.objectName()) or _plain(menu.title())


def sheet_rows(window: QWidget) -> list[Row]:
    """The window's actions that have a key, then the page keys, in the order of GROUPS
    (a group named only by a menu comes last)."""
    actions = window.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly)
    rows = [
        Row(_group_of(action), " or ".join(key_text(keys) for keys in action.shortcuts()),
            _plain(action.text()))
        for action in actions if action.shortcuts()
    ]
    rows += [Row(key.group, key.text, key.what) for key in PAGE_KEYS]
    order = {group: index for index, group in enumerate(GROUPS)}
    return sorted(rows, key=lambda row: order.get(row.group, len(GROUPS)))
