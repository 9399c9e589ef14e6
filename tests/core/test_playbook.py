"""The playbook loads from resources/ and a broken one is reported by line, never a crash."""

import re
from pathlib import Path

import pytest

from svcrec_desktop import paths
from svcrec_desktop.cli import main
from svcrec_desktop.domain.guide_model import SECTION_IDS
from svcrec_desktop.domain.playbook import PlaybookError, load_active_playbook, load_playbook
from svcrec_desktop.domain.playbook_wording import newer_wording


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
        (("revision = 2", "revision = 0"), "'revision' must be 1 or more"),
        (('subject = "{department}: come', 'subject = "{when}: come'), "may only use"),
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


# The method's words (issue 18) ---------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def test_the_safety_step_names_the_topic_before_its_four_points(playbook):
    safety = playbook.step("safety")
    opening, *_, lead_in = paragraphs(safety.script)
    assert opening != lead_in  # its own paragraph, read before the lead-in to the points
    assert re.search(r"\bwrong\b|\bmistake", opening) and "safe" in opening
    assert re.search(r"\bus\b|\bwe\b", opening) and "team" in opening  # us, not "people"
    assert lead_in.endswith(":") and len(safety.points) == 4
    assert safety.revision > 1  # a department copy is told its opening is older


def test_question_1_invites_stories_of_someone_close(playbook):
    first = playbook.step("q1")
    assert first.title.startswith("Q1 · ") and first.revision > 1
    assert "someone close to you" in first.script
    assert re.search(r"friend|relative|family", first.script)
    assert "no story of their own" in first.hint
    assert len(first.prompts) == 2


def old_copy_text() -> str:
    """A department copy made before issue 18, in the old shape: no revision numbers, no
    invitation to meeting 2, the safety step straight into its four points."""
    text = re.sub(r"^revision = \d+\n", "", builtin_text(), flags=re.MULTILINE)
    start = text.index("[meeting2.invitation]")
    end = text.index('"""', text.index('body = """', start) + 10) + 3
    text = text[:start] + text[end:]
    script = text.index('script = """', text.index('id = "safety"'))
    end = text.index('"""', script + len('script = """')) + 3
    return (text[:script] + 'script = "Before we start, four things I want to say plainly:"'
            + text[end:])


def test_a_department_copy_made_before_still_works_with_its_own_words(tmp_path, playbook):
    copy = load_playbook(write(tmp_path, old_copy_text()))
    assert [s.id for s in copy.meeting1 + copy.meeting2] == [
        s.id for s in playbook.meeting1 + playbook.meeting2]
    assert paragraphs(copy.step("safety").script) == [
        "Before we start, four things I want to say plainly:"]
    assert {s.revision for s in copy.meeting1} == {1}
    assert copy.meeting2_invitation == playbook.meeting2_invitation  # the built-in's


def test_check_playbook_names_what_a_copy_made_before_lacks(tmp_path, capsys):
    old = write(tmp_path, old_copy_text())
    notices = newer_wording(old)
    assert [n for n in notices if "newer wording" in n] == [
        f"The step “{step.title}” ({step.id}) of meeting 1 has newer wording in the built-in "
        "playbook (revision 2; this copy has 1)."
        for step in load_playbook(paths.builtin_playbook_file()).meeting1 if step.revision > 1]
    assert any("no invitation to meeting 2 ([meeting2.invitation])" in n and
               "built-in wording is used" in n for n in notices)
    assert len(notices) == 4  # three steps and the invitation; nothing else differs
    assert main(["check-playbook", str(old)]) == 0  # a notice, not an error
    out = capsys.readouterr()
    assert out.err == "" and "Notice:" in out.out and "still works" in out.out
    assert all(notice in out.out for notice in notices)
    assert "write the same number in your copy's step" in out.out


def test_a_copy_brought_up_to_date_or_the_built_in_one_has_no_notice(tmp_path, capsys):
    assert newer_wording(paths.builtin_playbook_file()) == []
    assert main(["check-playbook", str(paths.builtin_playbook_file())]) == 0
    assert "Notice" not in capsys.readouterr().out
    own = builtin_text().replace("A safe room to talk about mistakes", "Speaking up safely")
    assert newer_wording(write(tmp_path, own)) == []  # reworded, at the same revision


def test_a_field_the_copy_left_out_is_named(tmp_path):
    text = builtin_text()
    hint = text.index("hint =", text.index('id = "q4"'))
    copy = write(tmp_path, text[:hint] + text[text.index("\n", hint) + 1:])
    assert newer_wording(copy) == [
        "The step “Q4 · How we make it right today” (q4) of meeting 1 has no 'hint'."]
