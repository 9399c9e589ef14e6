"""The headless command line: same core as the window, no PySide6, one clear line on failure."""

import os
import subprocess
import sys
from datetime import date

import pytest
from docx import Document

from svcrec_desktop import __version__
from svcrec_desktop.cli import main
from svcrec_desktop.domain.guide_model import VersionStatus
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.store.database import Store


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "svcrec_desktop", *args], capture_output=True, text=True,
        timeout=120,
    )


@pytest.fixture
def filled(data_dir, playbook):
    store = Store.open(data_dir)
    older = store.sessions.create("Oncology", first_step="welcome")
    store.notes.add(older.id, "q2", "older session note")
    session = store.sessions.create("Cardiology", first_step="welcome", facilitator="Dana Reyes")
    for step in playbook.meeting1:
        store.notes.add(session.id, step.id, f"said during {step.id}")
    store.close()
    return older, session


def document_text(path) -> str:
    document = Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"svcrec-desktop {__version__}"


def test_export_latest_and_by_id(data_dir, filled, tmp_path, playbook):
    older, _latest = filled
    out = tmp_path / "latest.docx"
    result = run("export", "--data-dir", str(data_dir), "--session", "latest", "--out", str(out),
                 "--notes")  # the notes appendix, an option
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = document_text(out)
    assert "Cardiology’s Guide to Service Recovery" in text
    assert all(f"said during {step.id}" in text for step in playbook.meeting1)
    by_id = tmp_path / "older.docx"
    result = run("--data-dir", str(data_dir), "export", "--session", str(older.id),
                 "--out", str(by_id))
    assert result.returncode == 0, result.stderr
    assert "older session note" in document_text(by_id)


@pytest.mark.parametrize(
    ("session", "message"),
    [("999", "no session with id 999"), ("first", "not a session id")],
)
def test_bad_session_fails_with_one_line(data_dir, filled, tmp_path, session, message):
    out = tmp_path / "x.docx"
    result = run("export", "--data-dir", str(data_dir), "--session", session, "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert result.stderr.startswith("svcrec-desktop: error: ")
    assert not out.exists()


def test_unwritable_path_fails_with_one_line(data_dir, filled, tmp_path):
    out = tmp_path / "missing-folder" / "guide.docx"
    result = run("export", "--data-dir", str(data_dir), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "missing-folder" in result.stderr
    assert not out.parent.exists()


def test_export_from_an_empty_data_folder_fails_cleanly(tmp_path):
    empty, out = tmp_path / "nothing", tmp_path / "x.docx"
    result = run("export", "--data-dir", str(empty), "--out", str(out))
    assert result.returncode == 2 and "no database" in result.stderr  # 2: no usable database
    assert not empty.exists()


def test_sessions_lists_what_is_stored(data_dir, filled):
    result = run("sessions", "--data-dir", str(data_dir))
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and len(lines) == 2
    assert lines[0].endswith("Cardiology") and "8 notes" in lines[0]


def test_check_playbook(tmp_path):
    assert run("check-playbook").returncode == 0
    broken = tmp_path / "p.toml"
    broken.write_text("[playbook]\nname = 'x\n", encoding="utf-8")
    result = run("check-playbook", str(broken))
    assert result.returncode == 1 and "line 2" in result.stderr


def test_headless_export_never_imports_qt(data_dir, filled, tmp_path):
    probe = (
        "import sys\n"
        "from svcrec_desktop.cli import main\n"
        f"code = main(['export', '--data-dir', {str(data_dir)!r}, '--out', "
        f"{str(tmp_path / 'g.docx')!r}])\n"
        "assert code == 0, code\n"
        "loaded = [m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_window_without_a_screen_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "svcrec_desktop", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 1 and "No screen was found" in result.stderr


def test_register_csv_for_finance(data_dir, tmp_path):
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.register.add(session.id, given_on=date(2026, 11, 3), item="Meal voucher",
                            value_cents=1050, giver="RN", receipt=True)
    store.close()
    target = tmp_path / "register.csv"
    result = run("register-csv", "--data-dir", str(data_dir), "--session", "Cardiology",
                 "--out", str(target))
    assert result.returncode == 0, result.stderr
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[1] == "2026-11-03,Meal voucher,10.50,,RN,yes"
    missing = run("register-csv", "--data-dir", str(tmp_path / "none"), "--out", str(target))
    assert missing.returncode == 2 and "There is no database" in missing.stderr


@pytest.fixture
def versions(data_dir):
    """A session with Draft 1 and Final 1 kept, and the guide changed since."""
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    item = store.guide.add_item(session.id, "mistakes", {"mistake": "in the draft"})
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.guide.update_item(item.id, {"mistake": "in the final"})
    store.versions.freeze(session.id, VersionStatus.FINAL)
    store.guide.update_item(item.id, {"mistake": "changed since, call 07700 900123"})
    store.close()
    return session


def exported(data_dir, out, *version: str) -> str:
    """The guide's text as export writes it with these --version words (none: the default)."""
    extra = ["--version", *version] if version else []
    code = main(["export", "--data-dir", str(data_dir), "--out", str(out), "--no-notes",
                 "--allow-identifiers", *extra])
    assert code == 0
    return document_text(out)


def test_export_defaults_to_the_newest_final_and_finds_versions_by_name(data_dir, versions,
                                                                          tmp_path, capsys):
    out = tmp_path / "g.docx"
    text = exported(data_dir, out)
    assert "in the final" in text and "DRAFT" not in text
    for words, expected in (("final", "in the final"), ("Final 1", "in the final"),
                            ("2", "in the final"), ("draft", "in the draft"),
                            ("draft 1", "in the draft"), ("1", "in the draft"),
                            ("now", "changed since")):
        assert expected in exported(data_dir, out, words), words
    code = main(["export", "--data-dir", str(data_dir), "--out", str(out), "--version",
                 "final 2"])
    assert code == 1
    assert "no version “final 2” (versions: Draft 1, Final 1)" in capsys.readouterr().err


def test_export_without_a_final_is_the_guide_as_it_is_now(data_dir, tmp_path, capsys):
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.guide.add_item(session.id, "mistakes", {"mistake": "being written"})
    store.sessions.set_phase(session.id, Phase.DONE)
    store.close()
    text = exported(data_dir, tmp_path / "g.docx")
    assert "being written" in text and "DRAFT" in text
    assert main(["export", "--data-dir", str(data_dir), "--out", str(tmp_path / "x.docx"),
                 "--version", "draft"]) == 1
    assert "no draft version yet" in capsys.readouterr().err


def test_the_privacy_check_reads_the_newest_final_by_default(data_dir, versions, capsys):
    assert main(["privacy-check", "--data-dir", str(data_dir)]) == 0
    assert "07700 900123" not in capsys.readouterr().out
    assert main(["privacy-check", "--data-dir", str(data_dir), "--version", "now"]) == 1
    assert "07700 900123" in capsys.readouterr().out
