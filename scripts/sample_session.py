"""Fill a data folder with a realistic meeting-1 session, for screenshots and export checks.

Usage: python scripts/sample_session.py DATA_DIR [STEP_ID]
"""

import sys
from datetime import date
from pathlib import Path

from svcrec_desktop.domain.playbook import load_active_playbook
from svcrec_desktop.store.database import Store

NOTES = {
    "welcome": ["Team asked whether the notes are anonymous: yes, no names are recorded."],
    "q1": [
        "Hotel lost a booking; the manager apologised at once and upgraded the room. "
        "Would go back.",
        "Online shop sent the wrong size twice; only got a form reply. Stopped ordering there.",
    ],
    "q2": [
        "Call lights not answered quickly during shift change.",
        "Patients waiting hours for discharge paperwork without an update.",
        "Belongings lost between the emergency department and the floor.",
    ],
    "q3": ["Review matched: waits without updates were the largest theme (14 of 41)."],
    "q4": [
        "We apologise, but then have to find the charge nurse before offering anything.",
        "A warm blanket and a straight answer about the delay usually settles it.",
    ],
    "q5": [
        "A small stock of meal and parking vouchers at the nurses' station.",
        "A whiteboard in every room with the expected discharge time.",
    ],
}


def main(data_dir: Path, step_id: str = "q2") -> None:
    playbook, _warning = load_active_playbook(data_dir)
    store = Store.open(data_dir)
    session = store.sessions.create(
        "Cardiology", first_step=step_id, facilitator="Dana Reyes", note_taker="Sam Lee",
        meeting_date=date.today(),
    )
    for step in playbook.meeting1:
        for text in NOTES.get(step.id, []):
            store.notes.add(session.id, step.id, text)
        store.times.add(session.id, step.id, step.minutes * 55)
        if step.id == step_id:
            break
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), *sys.argv[2:3])
