"""The Level One quick card: the guide's steps, offers and contacts on one printable page."""

import subprocess
import sys

import pytest
from docx import Document
from samples import HOSTILE_TEXTS

from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.quick_card import NOT_AGREED, export_quick_card
from svcrec_desktop.exporting import exportable_view
from svcrec_desktop.guide_model import HEART_STEPS, STEP_MODELS


def text_of(path) -> str:
    document = Document(path)
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


@pytest.fixture
def session(store):
    return store.create_session("Emergency Department", first_step="welcome")


def test_an_empty_guide_says_so_instead_of_printing_blanks(store, session, tmp_path):
    target = export_quick_card(exportable_view(store, session.id), tmp_path / "c.docx")
    assert text_of(target).count(NOT_AGREED) == 3
    assert Document(target).core_properties.title == "Emergency Department’s Level One quick card"


def test_heart_or_the_department_s_own_steps(store, session, tmp_path):
    store.set_guide_form(session.id, "steps", {"model": STEP_MODELS[0]})
    target = export_quick_card(exportable_view(store, session.id), tmp_path / "c.docx")
    assert all(step in text_of(target) for step in HEART_STEPS)
    store.set_guide_form(session.id, "steps", {"steps": "Stop and listen\n\nFix it\n"})
    target = export_quick_card(exportable_view(store, session.id), tmp_path / "c.docx")
    numbered = [p.text for p in Document(target).paragraphs if p.style.name == "List Number"]
    assert numbered == ["Stop and listen", "Fix it"]


def test_offers_and_contacts_fill_one_page_with_hostile_text(store, session, tmp_path, soffice):
    for offer in ("Meal voucher", HOSTILE_TEXTS["right to left"], HOSTILE_TEXTS["lone surrogate"]):
        store.add_guide_item(session.id, "offers", {"offer": offer, "roles": "Any staff",
                                                    "limit": "$10"})
    store.add_guide_item(session.id, "escalation", {
        "when": HOSTILE_TEXTS["control characters"], "to_whom": "Charge nurse",
        "contact": "ext. 4410"})
    store.set_guide_form(session.id, "grievance", {"contact": "Patient relations, ext. 5000"})
    target = export_quick_card(exportable_view(store, session.id), tmp_path / "c.docx")
    document = Document(target)
    offers, routes = document.tables
    assert [row.cells[0].text for row in offers.rows] == [
        "Offer", "Meal voucher", xml_safe(HOSTILE_TEXTS["right to left"]),
        xml_safe(HOSTILE_TEXTS["lone surrogate"])]
    assert routes.rows[1].cells[0].text == xml_safe(HOSTILE_TEXTS["control characters"])
    assert "Patient relations, ext. 5000" in text_of(target)
    subprocess.run([*soffice, "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
                   check=True, capture_output=True)
    info = subprocess.run(["pdfinfo", str(tmp_path / "c.pdf")], check=True, capture_output=True,
                          text=True).stdout
    assert "Pages:           1" in info


def test_the_command_line_writes_the_card(store, session, data_dir, tmp_path):
    store.add_guide_item(session.id, "offers", {"offer": "Parking pass"})
    target = tmp_path / "card.docx"
    result = subprocess.run(
        [sys.executable, "-m", "svcrec_desktop", "quick-card", "--data-dir", str(data_dir),
         "--session", str(session.id), "--out", str(target)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Parking pass" in text_of(target)
