"""The agenda: a meeting's length shared between its steps, edited steps, and its storage."""

from fractions import Fraction

import pytest

from svcrec_desktop.domain.agenda import MAX_MINUTES, MEETING_LENGTHS, Agenda, share
from svcrec_desktop.store.database import SessionNotFound


def meetings(playbook):
    return [playbook.meeting1, playbook.meeting2]


@pytest.mark.parametrize("length", MEETING_LENGTHS)
@pytest.mark.parametrize("meeting", [1, 2])
def test_a_chosen_length_is_shared_in_proportion(playbook, meeting, length):
    steps = playbook.meeting_steps(meeting)
    planned = Agenda(length).minutes(steps)
    assert list(planned) == [s.id for s in steps]
    assert sum(planned.values()) == length
    assert all(minutes >= 1 for minutes in planned.values())
    suggested = sum(s.minutes for s in steps)
    for step in steps:  # every step within a minute of its exact share
        exact = Fraction(length * step.minutes, suggested)
        assert abs(planned[step.id] - exact) < 1, step.id
    longer = [s for s in steps if s.minutes > min(x.minutes for x in steps)]
    shortest = min(steps, key=lambda s: s.minutes)
    assert all(planned[s.id] >= planned[shortest.id] for s in longer)


def test_the_playbooks_own_length_keeps_its_suggestions(playbook):
    for steps in meetings(playbook):
        agenda = Agenda()
        assert agenda.minutes(steps) == {s.id: s.minutes for s in steps}
        assert agenda.length_of(steps) == sum(s.minutes for s in steps)
    assert Agenda(45).length_of(playbook.meeting1) == 45


def test_an_edited_step_keeps_its_minutes_and_the_others_share_the_rest(playbook):
    steps = playbook.meeting1
    agenda = Agenda(45, {"q2": 15, "m2-present": 3, "gone-from-the-playbook": 9})
    planned = agenda.minutes(steps)
    assert planned["q2"] == 15
    assert sum(planned.values()) == 45
    assert all(planned[s.id] >= 1 for s in steps)
    shared = Agenda(45).minutes(steps)
    assert all(planned[s.id] <= shared[s.id] for s in steps if s.id != "q2")
    assert Agenda(30, {"m2-present": 3}).minutes(playbook.meeting2)["m2-present"] == 3


def test_edits_beyond_the_length_leave_one_minute_per_other_step(playbook):
    steps = playbook.meeting1
    planned = Agenda(30, {"q2": 25, "q4": 20}).minutes(steps)
    assert (planned["q2"], planned["q4"]) == (25, 20)
    assert [planned[s.id] for s in steps if s.id not in ("q2", "q4")] == [1] * 6
    every = {s.id: 2 for s in steps}
    assert Agenda(60, every).minutes(steps) == every  # every step edited: the edits, as typed


def test_sharing_gives_at_least_a_minute_and_sums_exactly():
    assert share([1, 100], 10) == [1, 9]
    assert share([1, 1, 1], 10) == [4, 3, 3]  # the odd minute to the earlier step on a tie
    assert share([3, 5], 2) == [1, 1]
    assert share([3, 5], 1) == [1, 1]  # fewer minutes than steps: one each, all the same
    assert share([], 30) == []
    for total in range(7, 200):
        minutes = share([2, 8, 4, 4, 3, 4, 2], total)
        assert sum(minutes) == total and min(minutes) >= 1


@pytest.mark.parametrize("length", [-1, MAX_MINUTES + 1, 10**30, 2.5, "45", None, True,
                                    float("nan")])
def test_a_hostile_length_is_refused(length):
    with pytest.raises(ValueError, match="meeting's length must be"):
        Agenda(length)


@pytest.mark.parametrize("minutes", [0, -5, MAX_MINUTES + 1, 1.5, "10", None, False])
def test_hostile_step_minutes_are_refused(minutes):
    with pytest.raises(ValueError, match="step's planned time must be"):
        Agenda(30, {"q1": minutes})


# Storage -------------------------------------------------------------------------------------


@pytest.fixture
def session(store, playbook):
    return store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)


def test_a_new_session_follows_the_playbook(store, session, playbook):
    assert store.agenda.get(session.id, 1) == Agenda()
    assert store.agenda.get(session.id, 2) == Agenda()


def test_lengths_and_step_minutes_survive_reopening(store, session, playbook, data_dir):
    from svcrec_desktop.store.database import Store

    store.agenda.set_meeting_length(session.id, 1, 45)
    store.agenda.set_meeting_length(session.id, 2, 30)
    store.agenda.set_step_minutes(session.id, "q2", 12)
    store.agenda.set_step_minutes(session.id, "q2", 14)
    store.agenda.set_step_minutes(session.id, "m2-present", 10)
    again = Store.open(data_dir)  # a second connection reads what reached the file
    try:
        first, second = again.agenda.get(session.id, 1), again.agenda.get(session.id, 2)
        assert first.length == 45 and second.length == 30
        assert first.minutes(playbook.meeting1)["q2"] == 14
        assert sum(first.minutes(playbook.meeting1).values()) == 45
        assert second.minutes(playbook.meeting2)["m2-present"] == 10
        again.agenda.clear_step_minutes(session.id, ["q2", "welcome"])
        again.agenda.set_meeting_length(session.id, 1, 0)
        assert again.agenda.get(session.id, 1).minutes(playbook.meeting1) == {
            s.id: s.minutes for s in playbook.meeting1}
        assert again.agenda.get(session.id, 2).edited == {"m2-present": 10}
    finally:
        again.close()


def test_storage_refuses_hostile_values_and_keeps_what_it_had(store, session):
    store.agenda.set_meeting_length(session.id, 1, 45)
    store.agenda.set_step_minutes(session.id, "q1", 5)
    for bad in (-1, MAX_MINUTES + 1, "45", 4.5):
        with pytest.raises(ValueError):
            store.agenda.set_meeting_length(session.id, 1, bad)
        with pytest.raises(ValueError):
            store.agenda.set_step_minutes(session.id, "q1", bad)
    with pytest.raises(ValueError):
        store.agenda.set_step_minutes(session.id, "q1", 0)
    with pytest.raises(ValueError, match="no meeting 3"):
        store.agenda.set_meeting_length(session.id, 3, 30)
    with pytest.raises(ValueError, match="no meeting 0"):
        store.agenda.get(session.id, 0)
    assert store.agenda.get(session.id, 1) == Agenda(45, {"q1": 5})
    with pytest.raises(SessionNotFound):
        store.agenda.get(session.id + 99, 1)


def test_values_stored_out_of_range_read_as_not_chosen(store, session, playbook):
    """A damaged or foreign value must not stop a meeting: it counts as not chosen."""
    with store.transaction() as db:
        db.execute("update sessions set meeting_minutes = -3, meeting2_minutes = 99999")
        db.execute("insert into agenda (session_id, step_id, minutes) values "
                   "(?, 'q1', 0), (?, 'q2', 'ten'), (?, 'q3', 7)", [session.id] * 3)
    assert store.agenda.get(session.id, 1) == Agenda(0, {"q3": 7})
    assert store.agenda.get(session.id, 2).length == 0


def test_emptying_the_bin_takes_the_agenda_with_the_session(store, session):
    store.agenda.set_step_minutes(session.id, "q1", 5)
    store.sessions.delete(session.id)
    assert store.sessions.empty_bin() == 1
    assert store.connection.value("select count(*) from agenda") == 0
