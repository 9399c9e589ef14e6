"""Data folders for scripts/bench.py: many sessions of many notes, written through the Store.

Note texts are made up from a fixed list of words (the same on every run), so they look like
meeting notes to SQLite's full-text index and to python-docx, and hold no real information.
A few words are rare on purpose, so a search can ask for something found in few notes.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from sample_guide import fill_guide

from svcrec_desktop.domain.model import TAGS, Phase
from svcrec_desktop.domain.playbook import load_active_playbook
from svcrec_desktop.store.database import Store

VOCABULARY = (
    "patient family nurse doctor wait waiting discharge paperwork update call light shift "
    "change belongings lost room meal voucher parking apology sorry blanket drink medication "
    "pain night morning clerk charge manager escalate complaint survey comment theme delay "
    "hours minutes answer question explain plan whiteboard bedside handover transfer floor "
    "emergency department weekend visitors noise sleep food cold late early phone message "
    "kept told nobody asked again twice listened trust kind rude quick slow staff team"
)
WORDS = VOCABULARY.split()
RARE_WORD = "heliotrope"  # in one note in RARE_EVERY, for a search that finds few notes
RARE_EVERY = 997
ACTION_EVERY = 20  # one note in this many has an action item under it
PARKED_EVERY = 33  # one note in this many is in the parking lot


def note_text(number: int) -> str:
    """A made-up note of 8 to 40 words; the same number always gives the same text."""
    chooser = random.Random(number)
    words = chooser.choices(WORDS, k=chooser.randint(8, 40))
    if number % RARE_EVERY == 0:
        words[len(words) // 2] = RARE_WORD
    return " ".join(words).capitalize() + "."


def fill_session(store: Store, department: str, notes: int, first: int = 0) -> int:
    """A session in meeting 1 with notes spread over its steps, some tagged, some parked, some
    with an action item; returns its id. One transaction, so filling takes seconds, not
    minutes of fsyncs."""
    playbook, _warning = load_active_playbook(store.path.parent)
    steps = [step.id for step in playbook.meeting1]
    session = store.sessions.create(department, first_step=steps[-1], phase=Phase.MEETING1,
                                   meeting_date=date(2026, 11, 12))
    with store.transaction():
        for number in range(first, first + notes):
            tags = (TAGS[number % len(TAGS)].id,) if number % 3 == 0 else ()
            note = store.notes.add(session.id, steps[number % len(steps)], note_text(number),
                                  tags=tags, parked=number % PARKED_EVERY == 0)
            if number % ACTION_EVERY == 0:
                store.actions.add(session.id, note.uid, note_text(number + 1)[:60],
                                 owner="Charge nurse")
    return session.id


def many_sessions(data_dir: Path, sessions: int, notes: int) -> int:
    """sessions sessions of notes notes each; the last one made is the one the window opens.
    Returns the last session's id."""
    store = Store.open(data_dir)
    try:
        last = 0
        for number in range(sessions):
            last = fill_session(store, f"Unit {number + 1}", notes, first=number * notes)
        return last
    finally:
        store.close()


def session_with_guide(data_dir: Path, notes: int) -> int:
    """One session with notes notes and every section of its guide filled in, as
    scripts/sample_guide.py fills it; returns its id."""
    store = Store.open(data_dir)
    try:
        session_id = fill_session(store, "Cardiology", notes)
        fill_guide(store, session_id)
        return session_id
    finally:
        store.close()
