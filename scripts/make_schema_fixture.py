"""Write tests/support/fixtures/schema_NNN.sql: a database at today's schema, with awkward notes.

Run it once for each schema version a release ships, *before* adding the next migration, and
commit the file; tests/core/test_migrations.py then proves every later release opens it with
nothing lost. Every value is written as a hex literal, so the file is plain ASCII and keeps
NUL, control characters, lone surrogates and line endings exactly.

Usage: python scripts/make_schema_fixture.py VERSION
"""

import sqlite3
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from svcrec_desktop.domain.guide_model import FeedbackKind, VersionStatus
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
from samples import HOSTILE_TEXTS  # noqa: E402


def fill(store: Store) -> None:
    start = datetime(2026, 11, 2, 9, 30, tzinfo=timezone(timedelta(hours=-7)))
    first = store.sessions.create("Emergency Department", first_step="q2", facilitator="Dana Reyes",
                                 note_taker="Sam Lee", meeting_date=date(2026, 11, 2))
    for i, text in enumerate(HOSTILE_TEXTS.values()):
        store.notes.add(first.id, "q1", text[:5000], uid=f"fixture-{i:03d}",
                       created_at=start + timedelta(minutes=i))
    deleted = store.notes.add(first.id, "q2", "a note that was deleted", uid="fixture-deleted",
                             created_at=start + timedelta(minutes=30))
    store.notes.delete(deleted.id)
    store.notes.save_draft(first.id,
                           "half a thought \u05e9\u05dc\u05d5\u05dd when the meeting ended")
    store.times.add(first.id, "welcome", 312.5)
    second = store.sessions.create("Surgical Services", first_step="welcome",
                                  meeting_date=date(2026, 11, 9), phase=Phase.MEETING1)
    store.notes.add(second.id, "welcome", "second session", uid="fixture-second",
                   created_at=start + timedelta(days=7))
    # Since schema 2: phases, preparation and findings.
    store.sessions.set_phase(first.id, Phase.MEETING1)
    store.sessions.update(first.id, participants=HOSTILE_TEXTS["right to left"],
                         preread_title="Sorry works", preread_where="the shared drive")
    store.tasks.set_done(first.id, "review", True)
    store.tasks.set_due(first.id, "invitation", date(2026, 10, 30))
    store.findings.add(first.id, [
        {"theme": "Waiting without updates", "count": 14, "source": "survey comments",
         "example": HOSTILE_TEXTS["lone surrogate"], "period_start": date(2025, 11, 1),
         "period_end": date(2026, 10, 31), "uid": "fixture-finding"},
    ])
    # Since schema 3: the guide, feedback, versions, the register, confidential notes.
    store.guide.add_item(first.id, "mistakes", {"mistake": "Waiting without updates",
                                                "make_right": HOSTILE_TEXTS["right to left"]},
                         from_note="fixture-000", uid="fixture-item")
    store.guide.set_form(first.id, "steps", {"model": "Our own steps", "steps": "Listen\nFix"})
    store.feedback.add(first.id, FeedbackKind.OFF, "Night shifts are missing", "mistakes",
                       uid="fixture-feedback")
    store.versions.freeze(first.id, VersionStatus.DRAFT)
    store.register.add(first.id, given_on=date(2026, 11, 3), item="Meal voucher",
                            value_cents=850, reason="Long wait", giver="Nurse", receipt=True,
                            uid="fixture-recovery")
    store.notes.set_confidential(store.notes.of_session(first.id)[1].id, True)
    store.sessions.update(first.id, help_contact="Patient relations, ext. 4400",
                         reflection="Went well", meeting2_date=date(2026, 11, 23))
    # Since schema 4: the agenda, tags and the parking lot on notes, action items.
    store.agenda.set_meeting_length(first.id, 1, 45)
    store.agenda.set_step_minutes(first.id, "q1", 9)
    tagged = store.notes.add(first.id, "q3", "call the family back", uid="fixture-tagged",
                            created_at=start + timedelta(minutes=40), tags=("action", "idea"),
                            draft=None)
    store.notes.add(first.id, "q4", "parking spaces for visitors", uid="fixture-parked",
                   created_at=start + timedelta(minutes=41), parked=True, draft=None)
    store.actions.add(first.id, tagged.uid, HOSTILE_TEXTS["right to left"], owner="Charge nurse",
                     due=date(2026, 12, 1), uid="fixture-action")
    # Since schema 5: meeting-2 feedback remembers the note it was typed as.
    said = store.notes.add(first.id, "m2-missing", "Weekend cover is missing",
                          uid="fixture-m2-note", created_at=start + timedelta(days=21),
                          draft=None)
    store.feedback.add(first.id, FeedbackKind.MISSING, said.text, "escalation",
                       uid="fixture-m2-feedback", from_note=said.uid)
    store.sessions.open(second.id)


TEXT_AS_HEX = "'CAST(X''' || hex({c}) || ''' AS TEXT)'"


def dump(database: Path) -> str:
    """The schema and rows as SQL, every text as hex so that nothing is lost in the file."""
    db = sqlite3.connect(database)
    lines = ["BEGIN;"]
    tables = db.execute("select name, sql from sqlite_master where type = 'table' "
                        "and name not like 'sqlite_%' order by name").fetchall()
    indexes = [name for name, sql in tables if sql.startswith("CREATE VIRTUAL TABLE")]
    for name, sql in tables:
        if any(name.startswith(f"{index}_") for index in indexes):
            continue  # a full-text index's own tables: made by the index, rebuilt below
        lines.append(f"{sql};")
        if name in indexes:
            continue
        columns = [f'"{row[1]}"' for row in db.execute(f'pragma table_info("{name}")')]
        literals = " || ', ' || ".join(
            f"case typeof({c}) when 'text' then {TEXT_AS_HEX.format(c=c)} else quote({c}) end"
            for c in columns
        )
        for (values,) in db.execute(f'select {literals} from "{name}" order by rowid'):
            lines.append(f'INSERT INTO "{name}" VALUES({values});')
    for (sql,) in db.execute("select sql from sqlite_master where type = 'index' "
                             "and sql is not null order by name"):
        lines.append(f"{sql};")
    for (sql,) in db.execute("select sql from sqlite_master where type = 'trigger' "
                             "order by name"):
        lines.append(f"{sql};")
    lines += [f"INSERT INTO \"{name}\"(\"{name}\") VALUES('rebuild');" for name in indexes]
    lines.append("COMMIT;")
    db.close()
    return "\n".join(lines) + "\n"


def main(version: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        fill(store)
        store.connection.execute("pragma wal_checkpoint(truncate)")
        store.close()
        text = dump(Path(folder) / "svcrec.sqlite3")
    target = ROOT / "tests" / "support" / "fixtures" / f"schema_{version:03d}.sql"
    target.write_text(f"-- Schema version {version}, made by scripts/make_schema_fixture.py; "
                      "never edit.\n" + text, encoding="ascii")
    print(target.relative_to(ROOT))


if __name__ == "__main__":
    main(int(sys.argv[1]))
