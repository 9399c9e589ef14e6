"""The playbook loads from resources/ and a broken one is reported by line, never a crash."""

from pathlib import Path

import pytest

from svcrec_desktop import paths
from svcrec_desktop.domain.guide_model import SECTION_IDS
from svcrec_desktop.domain.playbook import PlaybookError, load_active_playbook, load_playbook


def test_builtin_playbook_has_the_method(playbook):
    ids = [step.id for step in playbook.meeting1]
    assert ids == ["welcome", "safety", "q1", "q2", "q3", "q4", "q5", "close"]
    safety = playbook.step("safety")
    assert len(safety.points) == 4
    questions = [playbook.step(f"q{n}") for n in range(1, 6)]
    assert all(q.script and q.minutes >= 1 for q in questions)
    assert all(q.hint for q in questions if q.id != "q4") and playbook.step("q4").hint
    assert len(playbook.step("q1").prompts) == 2 and len(playbook.step("q4").prompts) == 2
    assert 30 <= playbook.total_minutes <= 60
    assert "University of Utah Health" in playbook.source
    assert [s.id for s in playbook.guide] == list(SECTION_IDS)
    assert all(s.title and s.guidance for s in playbook.guide)


def test_meeting_two_presents_then_asks_the_three_feedback_questions(playbook):
    steps = playbook.meeting2
    assert [s.feedback for s in steps if s.feedback] == ["missing", "off", "right"]
    present = next(i for i, s in enumerate(steps) if s.present)
    assert present < next(i for i, s in enumerate(steps) if s.feedback)
    assert 15 <= sum(s.minutes for s in steps) <= 30  # the method's length for meeting 2
    assert playbook.step("m2-off").title == "What feels off?"


def write(tmp_path: Path, text: str) -> Path:
    target = tmp_path / "playbook.toml"
    target.write_text(text, encoding="utf-8")
    return target


def builtin_text() -> str:
    return paths.builtin_playbook_file().read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_syntax_error_names_the_line(tmp_path):
    text = builtin_text().replace('title = "Q2 · Our common mistakes"', 'title = "Q2 unclosed')
    with pytest.raises(PlaybookError) as caught:
        load_playbook(write(tmp_path, text))
    assert f"line {line_of(text, 'Q2 unclosed')}" in str(caught.value)
    assert "playbook.toml" in str(caught.value)


def test_missing_field_names_the_step_line(tmp_path):
    text = builtin_text().replace('title = "Q3 · What patients have told us"\n', "")
    with pytest.raises(PlaybookError, match=r"line \d+: .*no 'title'") as caught:
        load_playbook(write(tmp_path, text))
    q3_header = line_of(text, 'id = "q3"') - 1
    assert f"line {q3_header}:" in str(caught.value)


def test_wrong_type_names_the_key_line(tmp_path):
    text = builtin_text().replace("minutes = 10", 'minutes = "ten"', 1)
    with pytest.raises(PlaybookError, match="whole number") as caught:
        load_playbook(write(tmp_path, text))
    bad_line = line_of(text, 'minutes = "ten"')
    assert f"line {bad_line}:" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('id = "q5"', 'id = "q4"'), "used twice"),
        (('from_steps = ["q5"]', 'from_steps = ["q9"]'), "not a step"),
        (("minutes = 3", "minutes = 0"), "1 or more"),
        (("[playbook]", "[other]"), "needs a \\[playbook\\] table"),
        (('id = "grievance"', 'id = "complaints"'), "no guide section 'complaints'"),
        (('id = "m2-close"', 'id = "close"'), "used twice"),
        (('feedback = "off"', 'feedback = "meh"'), "must be one of missing, off, right"),
    ],
)
def test_semantic_mistakes_are_explained(tmp_path, change, message):
    with pytest.raises(PlaybookError, match=message):
        load_playbook(write(tmp_path, builtin_text().replace(*change, 1)))


def test_unreadable_files_are_explained(tmp_path):
    with pytest.raises(PlaybookError, match="cannot read"):
        load_playbook(tmp_path / "absent.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("name = 'caf\xe9'".encode("latin-1"))
    with pytest.raises(PlaybookError, match="not UTF-8"):
        load_playbook(bad)


def test_department_copy_is_used_and_a_broken_one_falls_back(data_dir):
    data_dir.mkdir()
    own = paths.user_playbook_file(data_dir)
    own.write_text(builtin_text().replace("Welcome and why we are here", "Hello team"), "utf-8")
    playbook, warning = load_active_playbook(data_dir)
    assert warning is None and playbook.meeting1[0].title == "Hello team"
    own.write_text("[playbook\n", "utf-8")
    playbook, warning = load_active_playbook(data_dir)
    assert playbook.path == paths.builtin_playbook_file()
    assert "line 1" in warning and "built-in playbook is used" in warning


def test_a_guide_section_left_out_is_named(tmp_path):
    text = builtin_text()
    start = text.index('[[guide.sections]]\nid = "grievance"')
    end = text.index("[[guide.sections]]", start + 10)
    with pytest.raises(PlaybookError, match="needs the section grievance"):
        load_playbook(write(tmp_path, text[:start] + text[end:]))


def test_the_steps_of_each_meeting_and_where_a_step_belongs(playbook):
    assert playbook.meeting_steps(1) == playbook.meeting1
    assert playbook.meeting_steps(2) == playbook.meeting2
    with pytest.raises(ValueError, match="no meeting 3"):
        playbook.meeting_steps(3)
    assert [playbook.meeting_of(s.id) for s in playbook.meeting1] == [1] * 8
    assert {playbook.meeting_of(s.id) for s in playbook.meeting2} == {2}
    assert playbook.meeting_of("a step since removed") == 1  # where a session starts
