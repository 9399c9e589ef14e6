"""The crash report kept on the laptop: what IT needs (time, version, platform, traceback), never
a note's text, private, rotating, and written by native crashes and windowed bundles too."""

import platform
import re
import stat
import subprocess
import sys
import textwrap

import pytest

from svcrec_desktop import DISPLAY_NAME, __version__, paths
from svcrec_desktop.store.crash_log import KEPT_FILES, LEFT_OUT, MAX_BYTES, CrashLog

NOTE = "Mrs Alvarez, MRN 00482913, waited forty minutes for her pain relief"
NOTE_PARTS = ("Alvarez", "00482913", "forty minutes", "pain relief")


@pytest.fixture
def crash_log(data_dir):
    log = CrashLog(data_dir)
    yield log
    log.close()


def save_note(typed: str) -> None:
    """A bug as a slot would meet it: the note is in a local variable and in the message."""
    waiting = [typed]
    raise ValueError(f"could not save {waiting[0]!r}")


def caught(action, *args) -> BaseException:
    try:
        action(*args)
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


def record(log: CrashLog, error: BaseException, thread: str = "MainThread") -> str:
    return log.record_error(type(error), error, error.__traceback__, thread)


def written(data_dir) -> str:
    return paths.crash_log_file(data_dir).read_text(encoding="utf-8")


def test_an_entry_says_when_what_and_where_but_never_the_note(crash_log, data_dir):
    error = caught(save_note, NOTE)
    error.add_note(f"while saving {NOTE}")
    entry = record(crash_log, error)
    text = written(data_dir)
    assert entry in text
    first, versions, *trace = entry.splitlines()
    assert re.match(r"==== \d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d \| Unexpected "
                    r"ValueError in the thread 'MainThread'$", first)
    assert f"{DISPLAY_NAME} {__version__}" in versions
    assert platform.platform() in versions and f"Python {platform.python_version()}" in versions
    assert trace[0] == "Traceback (most recent call last):"
    assert any("in save_note" in line for line in trace)  # the frames, with their code
    assert any("raise ValueError(f\"could not save {waiting[0]!r}\")" in line for line in trace)
    assert trace[-1] == f"ValueError {LEFT_OUT}"
    for part in NOTE_PARTS:
        assert part not in text


def test_errors_that_led_to_the_error_are_listed_without_their_messages(crash_log, data_dir):
    def wrap() -> None:
        try:
            save_note(NOTE)
        except ValueError as exc:
            raise RuntimeError(f"giving up on {NOTE}") from exc

    entry = record(crash_log, caught(wrap))
    assert entry.index(f"ValueError {LEFT_OUT}") < entry.index(f"RuntimeError {LEFT_OUT}")
    assert "in wrap" in entry and "in save_note" in entry
    for part in NOTE_PARTS:
        assert part not in written(data_dir)


def test_a_toolkit_message_is_written_with_its_headline(crash_log, data_dir):
    crash_log.record_message("Qt reported a critical problem", "QPainter::begin failed")
    assert "| Qt reported a critical problem\n" in written(data_dir)
    assert "QPainter::begin failed" in written(data_dir)


def test_the_report_is_private_like_the_database(crash_log, data_dir):
    record(crash_log, caught(save_note, NOTE))
    assert stat.S_IMODE(paths.crash_log_file(data_dir).stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.logs_dir(data_dir).stat().st_mode) == 0o700
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700  # made by the report, at start


def test_a_report_left_readable_by_others_is_made_private(data_dir):
    report = paths.crash_log_file(data_dir)
    report.parent.mkdir(parents=True)  # with the usual, wider modes
    report.write_text("")
    report.chmod(0o644)
    CrashLog(data_dir).close()
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_reports_rotate_a_few_files_of_about_a_megabyte(crash_log, data_dir):
    error = caught(save_note, NOTE)
    entry = record(crash_log, error)
    for _ in range((KEPT_FILES + 2) * MAX_BYTES // len(entry)):
        record(crash_log, error)
    folder = paths.logs_dir(data_dir)
    names = sorted(path.name for path in folder.iterdir())
    assert names == ["crash-report.log", *(f"crash-report.log.{n}"
                                           for n in range(1, KEPT_FILES + 1))]
    for path in folder.iterdir():
        assert path.stat().st_size <= MAX_BYTES
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert entry.splitlines()[1] in written(data_dir)  # the newest file is the one written


def run_python(code: str, data_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(data_dir)],
                          capture_output=True, text=True)


def test_a_native_crash_is_written_to_the_report(data_dir):
    done = run_python("""
        import faulthandler, sys
        from pathlib import Path
        from svcrec_desktop.store.crash_log import CrashLog
        CrashLog(Path(sys.argv[1]))
        faulthandler._sigsegv()
    """, data_dir)
    assert done.returncode != 0
    text = written(data_dir)
    assert "Fatal Python error: Segmentation fault" in text
    assert 'File "<string>", line 6 in <module>' in text


def test_a_native_crash_after_a_rotation_goes_to_the_new_file(data_dir):
    done = run_python("""
        import faulthandler, sys
        from pathlib import Path
        from svcrec_desktop import paths
        from svcrec_desktop.store.crash_log import CrashLog
        log = CrashLog(Path(sys.argv[1]))
        while not paths.crash_log_file(Path(sys.argv[1])).with_suffix(".log.1").exists():
            log.record_message("filling", "x" * 1000)
        faulthandler._sigsegv()
    """, data_dir)
    assert done.returncode != 0
    assert "Segmentation fault" in written(data_dir)
    older = paths.crash_log_file(data_dir).with_suffix(".log.1").read_text(encoding="utf-8")
    assert "Segmentation fault" not in older


def test_a_windowed_bundle_without_stderr_writes_the_same_report(data_dir):
    done = run_python(f"""
        import sys
        from pathlib import Path
        from svcrec_desktop.store.crash_log import CrashLog
        sys.stderr = None  # as in the bundle started without a console
        log = CrashLog(Path(sys.argv[1]))
        typed = {NOTE!r}
        try:
            raise KeyError(typed)
        except KeyError as exc:
            log.record_error(type(exc), exc, exc.__traceback__, "MainThread")
    """, data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    text = written(data_dir)
    assert f"KeyError {LEFT_OUT}" in text
    for part in NOTE_PARTS:
        assert part not in text


def test_a_folder_that_cannot_be_written_leaves_stderr_only(tmp_path, capsys):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    log = CrashLog(blocker)
    try:
        entry = record(log, caught(save_note, NOTE))
    finally:
        log.close()
    assert entry in capsys.readouterr().err
