"""The card staff pin up: one page on A4 and on Letter however full the guide, made from the
newest final, with where things are kept and whom to ask. Rendered with LibreOffice to count
its pages, as a reader would print it."""

import subprocess
import sys

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from rendering import pages, render_pdf
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import HEART_STEPS, STEP_MODELS, VersionStatus
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.quick_card import (
    CARD_TITLE,
    NOT_AGREED,
    SMALL_PRINT_PT,
    card_source,
    export_quick_card,
)
from svcrec_desktop.export.text_measure import line_count, text_width

A4, LETTER = PageFormat("A4", "en-GB"), PageFormat("Letter", "en-US")
PAPER_PT = {"A4": (595, 842), "Letter": (612, 792)}
OVERFLOW = "The full list is in the department's guide, section"
WORDS = ("offer", "a", "warm", "drink", "and", "a", "seat", "while", "the", "family", "waits",
         "for", "news", "from", "the", "team,", "then", "check", "back", "within", "the", "hour",
         "and", "explain", "every", "delay", "in", "plain", "words")


def sentence(length: int, start: int) -> str:
    """Ordinary words, about length characters, different for each start."""
    words = [WORDS[(start + n) % len(WORDS)] for n in range(length)]
    return " ".join(words)[:length].rsplit(" ", 1)[0].capitalize()


def fill(store, session_id, steps: int, offers: int, routes: int, length: int) -> None:
    """A guide with this many steps, offers and routes, each about length characters."""
    store.guide.set_form(session_id, "steps", {
        "steps": "\n".join(f"Step {n}: {sentence(length - 8, n)}" for n in range(steps))})
    for n in range(offers):
        store.guide.add_item(session_id, "offers", {
            "offer": f"Offer {n}: {sentence(length * 6 // 10 - 9, n)}",
            "roles": sentence(length // 4, n + 3), "limit": sentence(length * 15 // 100, n + 5)})
    for n in range(routes):
        store.guide.add_item(session_id, "escalation", {
            "when": f"Route {n}: {sentence(length * 6 // 10 - 9, n + 7)}",
            "to_whom": sentence(length // 5, n + 2), "contact": sentence(length // 5, n + 4)})
    store.guide.set_form(session_id, "logistics", {
        "guide_kept": "The red folder at the nurses' station",
        "items_kept": "Top drawer of the charge nurse's desk, key with the ward clerk",
        "receipts": "Staple each receipt to the register sheet; the ward clerk takes them to "
                    "the finance office every Friday."})
    store.guide.set_form(session_id, "grievance", {"contact": "Patient relations, ext. 5000"})
    store.sessions.update(session_id, help_contact="Nurse in charge, bleep 4410")


def printed(pdf) -> str:
    """Every word on the printed page, the margins' too (the card's are narrow)."""
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                   text=True, timeout=120).stdout.split())


def text_of(path) -> str:
    return "\n".join(p.text for p in Document(path).paragraphs)


def body_sizes(path) -> set[float]:
    """The type sizes of everything on the card but its small print."""
    return {run.font.size.pt for p in Document(path).paragraphs for run in p.runs
            if run.text and run.font.size is not None and run.font.size.pt != SMALL_PRINT_PT}


def entry_size(path) -> float:
    """The type size of the card's steps, offers and routes."""
    [size] = {run.font.size.pt for p in Document(path).paragraphs for run in p.runs
              if run.text and p.text.startswith(("Step", "Offer", "Route"))}
    return size


@pytest.fixture
def session(store):
    return store.sessions.create("Emergency Department", first_step="welcome")


def test_an_empty_guide_says_so_instead_of_printing_blanks(store, session, tmp_path):
    target = export_quick_card(card_source(store, session.id), tmp_path / "c.docx", LETTER)
    text = text_of(target)
    assert text.count(NOT_AGREED) == 4  # steps, offers, routes, where things are kept
    assert CARD_TITLE in text and "Emergency Department" in text
    assert "Level One quick card" in text.splitlines()[-1]  # the method's name: small print
    assert Document(target).core_properties.title == f"{CARD_TITLE} · Emergency Department"


@pytest.mark.slow
@pytest.mark.parametrize("page", [A4, LETTER], ids=["A4", "Letter"])
def test_one_page_at_the_most_a_card_holds_and_for_ordinary_content(store, page, tmp_path,
                                                                      soffice):
    cards = {}
    for name, (steps, offers, routes, length) in {
            "most": (7, 10, 6, 150), "ordinary": (5, 5, 3, 90), "empty": (0, 0, 0, 0)}.items():
        session = store.sessions.create(f"Ward {name}", first_step="welcome")
        if steps:
            fill(store, session.id, steps, offers, routes, length)
        cards[name] = export_quick_card(card_source(store, session.id),
                                        tmp_path / f"{name}.docx", page)
    for name, card in cards.items():
        pdf = render_pdf(card, soffice, tmp_path / "pdf")
        [sheet] = pages(pdf)  # exactly one page
        assert (round(sheet.width), round(sheet.height)) == PAPER_PT[page.paper], name
        assert CARD_TITLE in printed(pdf)
    most = text_of(cards["most"])
    assert OVERFLOW not in most and "Step 6:" in most and "Offer 9:" in most
    assert "Route 5:" in most and "bleep 4410" in most
    assert entry_size(cards["most"]) > 9  # all of it fits above the floor
    assert entry_size(cards["ordinary"]) >= 12  # type to read from arm's length


@pytest.mark.slow
def test_too_much_stops_at_9_pt_and_says_where_the_rest_is(store, session, tmp_path, soffice):
    fill(store, session.id, 12, 16, 10, 220)
    card = export_quick_card(card_source(store, session.id), tmp_path / "c.docx", LETTER)
    text = text_of(card)
    assert min(body_sizes(card)) == 9 and 9 in body_sizes(card)
    assert f"{OVERFLOW} “What to do on the spot”." in text
    assert f"{OVERFLOW} “What any of us may offer without asking”." in text
    assert "Step 0:" in text and "Offer 0:" in text and "Route 0:" in text
    assert "bleep 4410" in text and "red folder" in text
    pdf = render_pdf(card, soffice, tmp_path / "pdf")
    assert len(pages(pdf)) == 1 and "more are not shown here" in printed(pdf)


def test_entries_are_kept_whole_and_the_columns_break_once(store, session, tmp_path):
    fill(store, session.id, 5, 5, 3, 90)
    document = Document(export_quick_card(card_source(store, session.id),
                                          tmp_path / "c.docx", A4))
    entries = [p for p in document.paragraphs if p.text.startswith(("Step", "Offer", "Route"))]
    assert len(entries) == 13 and all(p.paragraph_format.keep_together for p in entries)
    breaks = document.element.body.xpath(".//w:br[@w:type='column']")
    assert len(breaks) == 1
    assert [s.start_type for s in document.sections][1:] == [WD_SECTION.CONTINUOUS]
    assert document.sections[-1]._sectPr.xpath("./w:cols/@w:num") == ["2"]


def test_made_from_the_newest_final_else_marked_as_a_draft(store, session, tmp_path):
    def card():
        target = export_quick_card(card_source(store, session.id), tmp_path / "c.docx", A4)
        return text_of(target), Document(target).core_properties.content_status

    offer = store.guide.add_item(session.id, "offers", {"offer": "Parking pass"})
    text, status = card()
    assert "DRAFT: no final version" in text and status == "Draft"
    assert "not yet final" in text.splitlines()[-1] and "Parking pass" in text
    store.versions.freeze(session.id, VersionStatus.FINAL)
    store.guide.update_item(offer.id, {"offer": "Meal voucher"})
    store.versions.freeze(session.id, VersionStatus.FINAL)
    store.guide.update_item(offer.id, {"offer": "Taxi home"})
    store.versions.freeze(session.id, VersionStatus.DRAFT)  # a draft after the final
    text, status = card()
    assert "Meal voucher" in text and "Parking pass" not in text and "Taxi home" not in text
    assert "DRAFT" not in text and status == "Final"
    assert "from Final 2 of Emergency Department’s Guide" in text.splitlines()[-1]


def test_where_things_are_kept_and_whom_to_ask(store, session, tmp_path):
    fill(store, session.id, 1, 1, 1, 60)
    text = text_of(export_quick_card(card_source(store, session.id), tmp_path / "c.docx", A4))
    assert "This guide: The red folder at the nurses' station" in text
    assert "Recovery items: Top drawer of the charge nurse's desk" in text
    assert "Receipts: Staple each receipt" in text
    assert "For help or advice at any time: Nurse in charge, bleep 4410" in text
    assert "A formal complaint goes to patient relations: Patient relations, ext. 5000" in text


def test_heart_or_the_department_s_own_steps(store, session, tmp_path):
    store.guide.set_form(session.id, "steps", {"model": STEP_MODELS[0]})
    target = export_quick_card(card_source(store, session.id), tmp_path / "c.docx", A4)
    assert all(step in text_of(target) for step in HEART_STEPS)
    store.guide.set_form(session.id, "steps", {"steps": "Stop and listen\n\nFix it\n"})
    target = export_quick_card(card_source(store, session.id), tmp_path / "c.docx", A4)
    numbered = [p.text for p in Document(target).paragraphs if p.style.name == "List Number"]
    assert numbered == ["Stop and listen", "Fix it"]


def test_hostile_text_is_written_exactly_or_left_out_for_room(store, session, tmp_path):
    for name in ("right to left", "lone surrogate", "control characters", "one megabyte"):
        store.guide.add_item(session.id, "offers", {"offer": HOSTILE_TEXTS[name],
                                                    "roles": "Any staff", "limit": "$10"})
    target = export_quick_card(card_source(store, session.id), tmp_path / "c.docx", LETTER)
    offers = [p.text for p in Document(target).paragraphs
              if p.text.endswith("Any staff · up to $10")]
    assert offers == [f"{xml_safe(HOSTILE_TEXTS[name])} — Any staff · up to $10"
                      for name in ("right to left", "lone surrogate", "control characters")]
    assert "One more is not shown here." in text_of(target)  # a megabyte fits no card


def test_the_estimate_wraps_as_a_column_does():
    assert line_count("", 100, 10) == 1
    assert line_count("one\ntwo", 500, 10) == 2
    assert line_count("x" * 200, text_width("x" * 50, 10), 10) == 4  # a word with no space
    assert text_width("ab", 10) > text_width("il", 10)
    assert text_width("中文", 10) == 20  # full width, from a fallback font


def test_the_command_line_writes_the_card_from_the_newest_final(store, session, data_dir,
                                                                tmp_path):
    offer = store.guide.add_item(session.id, "offers", {"offer": "Parking pass"})
    store.versions.freeze(session.id, VersionStatus.FINAL)
    store.guide.update_item(offer.id, {"offer": "Not agreed by anyone yet"})
    target = tmp_path / "card.docx"
    result = subprocess.run(
        [sys.executable, "-m", "svcrec_desktop", "quick-card", "--data-dir", str(data_dir),
         "--session", str(session.id), "--out", str(target), "--paper", "A4"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Parking pass" in text_of(target) and "DRAFT" not in text_of(target)
    assert round(Document(target).sections[0].page_width.cm, 1) == 21.0


def test_an_offer_without_a_limit_does_not_say_up_to(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.guide.add_item(session.id, "offers", {"offer": "A call from the charge nurse",
                                                "roles": "Anyone", "limit": "—"})
    text = text_of(export_quick_card(card_source(store, session.id), tmp_path / "c.docx"))
    assert "A call from the charge nurse — Anyone" in text and "up to" not in text
