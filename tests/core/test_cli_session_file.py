"""Session files from the command line: export-session, import-session and the session list.

The first tests run the real program in a child process, as a person at a terminal would; the
rest call the command line's main function, which is the same code without the start-up time.
"""

import json
import subprocess
import sys

import pytest

from svcrec_desktop.cli import main
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.lock import InstanceLock


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "svcrec_desktop", *args], capture_output=True, text=True,
        timeout=120,
    )


@pytest.fixture
def filled(data_dir):
    """Cardiology in meeting 1 with two notes, an Oncology session, an archived one."""
    store = Store.open(data_dir)
    cardiology = store.sessions.create("Cardiology", first_step="welcome")
    store.notes.add(cardiology.id, "q1", "the call light went unanswered")
    store.notes.add(cardiology.id, "q2", "nobody explained the delay")
    store.sessions.set_phase(cardiology.id, Phase.MEETING1)
    oncology = store.sessions.create("Oncology", first_step="welcome")
    archived = store.sessions.create("Radiology", first_step="welcome")
    store.sessions.archive(archived.id)
    store.close()
    return cardiology, oncology, archived


def one_error_line(stderr: str, *fragments: str) -> bool:
    return (stderr.startswith("svcrec-desktop: error: ") and stderr.count("\n") == 1
            and all(fragment in stderr for fragment in fragments))


def test_carry_a_session_to_a_fresh_laptop_and_import_it_twice(data_dir, filled, tmp_path):
    carried = tmp_path / "stick" / "cardiology.svcrec.json"
    carried.parent.mkdir()
    result = run("export-session", "--data-dir", str(data_dir), "--session", "cardiology",
                 "--out", str(carried))
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{carried}\n", "")

    other = tmp_path / "other-laptop"
    result = run("import-session", str(carried), "--data-dir", str(other))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ("Imported “Cardiology” (session 1) as a new session with 2 notes "
                             "and 0 findings.\n")
    again = run("--data-dir", str(other), "import-session", str(carried))
    assert again.returncode == 0
    assert again.stdout == "“Cardiology” (session 1) already had everything in this file; "\
                           "nothing changed.\n"
    listed = run("sessions", "--data-dir", str(other))
    assert listed.stdout.splitlines() == [
        f"1\t{filled[0].meeting_date}\tMeeting 1\t2 notes\tCardiology"]


def test_sessions_lists_id_date_phase_notes_and_department_one_per_line(data_dir, filled):
    store = Store.open(data_dir)
    store.sessions.create("Line\nbreak and a lone \ud800 surrogate", first_step="welcome")
    store.close()
    result = run("sessions", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    cardiology, oncology, _archived = filled
    assert sorted(result.stdout.splitlines()) == sorted([
        f"{cardiology.id}\t{cardiology.meeting_date}\tMeeting 1\t2 notes\tCardiology",
        f"{oncology.id}\t{oncology.meeting_date}\tPreparing\t0 notes\tOncology",
        f"4\t{oncology.meeting_date}\tPreparing\t0 notes\tLine break and a lone ? surrogate",
    ])


@pytest.mark.parametrize("which", ["latest", "ID", "Radiology", "  radiology "])
def test_export_session_finds_the_session_by_id_latest_or_department(
        data_dir, filled, tmp_path, capsys, which):
    archived = filled[2]  # also the latest: the last one made
    which = str(archived.id) if which == "ID" else which
    out = tmp_path / "s.svcrec.json"
    assert main(["export-session", "--data-dir", str(data_dir), "--session", which,
                 "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    assert json.loads(out.read_text())["session"]["uid"] == archived.uid


@pytest.mark.parametrize(("which", "message"), [
    ("999", "no session with id 999"),
    ("Pharmacy", "'Pharmacy' is not a session id, 'latest' or a department"),
    ("cardiology", "2 sessions are for the department 'cardiology'; give the session's id"),
])
def test_export_session_of_an_unknown_or_ambiguous_session_fails(
        data_dir, filled, tmp_path, capsys, which, message):
    store = Store.open(data_dir)
    store.sessions.create("CARDIOLOGY", first_step="welcome")
    store.close()
    out = tmp_path / "s.svcrec.json"
    assert main(["export-session", "--data-dir", str(data_dir), "--session", which,
                 "--out", str(out)]) == 1
    assert one_error_line(capsys.readouterr().err, message)
    assert not out.exists()


def test_export_session_to_a_missing_folder_or_from_no_database_fails(
        data_dir, filled, tmp_path, capsys):
    out = tmp_path / "not-plugged-in" / "s.svcrec.json"
    assert main(["export-session", "--data-dir", str(data_dir), "--out", str(out)]) == 1
    assert one_error_line(capsys.readouterr().err, "not-plugged-in", "does not exist")
    empty = tmp_path / "nothing"
    assert main(["export-session", "--data-dir", str(empty), "--out", str(out)]) == 2
    assert one_error_line(capsys.readouterr().err, "no database")
    assert not empty.exists()


def test_a_refused_file_leaves_even_a_new_data_folder_uncreated(tmp_path, capsys):
    damaged = tmp_path / "damaged.svcrec.json"
    damaged.write_text('{"format": "svcrec-session", "version": 1, "session": {')
    fresh = tmp_path / "fresh"
    assert main(["import-session", str(damaged), "--data-dir", str(fresh)]) == 1
    assert one_error_line(capsys.readouterr().err, f"Cannot import {damaged}", "cut off")
    assert not fresh.exists()
    assert main(["import-session", str(tmp_path / "gone.json"), "--data-dir", str(fresh)]) == 1
    assert one_error_line(capsys.readouterr().err, "no such file")


def test_import_waits_for_the_window_to_close(data_dir, filled, tmp_path, capsys):
    carried = tmp_path / "s.svcrec.json"
    assert main(["export-session", "--data-dir", str(data_dir), "--out", str(carried)]) == 0
    other = tmp_path / "other"
    with InstanceLock(other):  # held by the window on that laptop
        assert main(["import-session", str(carried), "--data-dir", str(other)]) == 1
        assert one_error_line(capsys.readouterr().err, "is open with this data folder")
    assert main(["import-session", str(carried), "--data-dir", str(other)]) == 0
    assert "as a new session" in capsys.readouterr().out


def test_names_from_a_file_are_printed_with_their_control_characters_visible(tmp_path,
                                                                              capsys):
    """An escape sequence in a department or a section name must not act on the terminal."""
    here = Store.open(tmp_path / "here")
    session = here.sessions.create("Evil\x1b]0;owned\x07 \u202eunit\nnext", first_step="welcome")
    here.close()
    carried = tmp_path / "s.svcrec.json"
    assert main(["export-session", "--data-dir", str(tmp_path / "here"), "--session",
                 str(session.id), "--out", str(carried)]) == 0
    capsys.readouterr()
    shown = "Evil␛]0;owned␇ \\u202eunit next"
    other = tmp_path / "other"
    assert main(["import-session", str(carried), "--data-dir", str(other)]) == 0
    assert capsys.readouterr().out == (
        f"Imported “{shown}” (session 1) as a new session with 0 notes and 0 findings.\n")
    assert main(["sessions", "--data-dir", str(other)]) == 0
    assert capsys.readouterr().out.endswith(f"\t{shown}\n")
    document = json.loads(carried.read_text(encoding="ascii"))
    document["guide_items"] = [{
        "uid": "g1", "section": "mis\x1b[2Jtakes", "position": 0, "fields": "{}",
        "from_note": "", "created_at": "2026-11-03", "updated_at": "2026-11-03"}]
    carried.write_text(json.dumps(document), encoding="ascii")
    assert main(["import-session", str(carried), "--data-dir", str(other)]) == 1
    err = capsys.readouterr().err
    assert one_error_line(err, "names “mis␛[2Jtakes”, which is not a section of the guide")
    assert "\x1b" not in err
