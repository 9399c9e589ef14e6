"""Every Word file we write is valid Office Open XML, with nothing for Word to repair.

openxml-audit checks each kind of export (the guide as it is, a draft and a final, with and
without every option, on both papers; the quick card; both meetings' invitations; the facilitator's
record) against the schemas and Word's own compatibility rules. A plain python-docx document
has errors of its own (its template's stylesWithEffects part); ours have none at all. The
XML-level tests below name what used to be wrong: elements out of schema order and the
template's leftovers.
"""

import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openxml_audit import OpenXmlValidator
from rich_session import rich_session
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import VersionStatus
from svcrec_desktop.domain.invitation import invitation_text, meeting2_invitation
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.invitation import export_invitation
from svcrec_desktop.export.quick_card import card_source, export_quick_card
from svcrec_desktop.export.record import export_record
from svcrec_desktop.export.source import ExportOptions, exportable_view

pytestmark = pytest.mark.slow  # `make test` runs it; `make test-core` leaves it out

A4 = PageFormat("A4", "en-GB")
LETTER = PageFormat("Letter", "en-US")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TBL_PR_ORDER = (  # CT_TblPr's sequence in the WordprocessingML schema
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
)

MIXED = "مريم قالت (3 times): the call light — لم يأتِ أحد!"


def problems(path: Path) -> list[str]:
    """Every error and warning openxml-audit reports, with the part and place it names."""
    result = OpenXmlValidator().validate(str(path))
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]


def every_export(store, playbook, session_id: int, folder: Path) -> list[Path]:
    """Each kind of Word file the application writes for this session, every variant."""
    folder.mkdir(parents=True, exist_ok=True)
    versions = {v.status: v.id for v in store.versions.of_session(session_id)}
    variants = {
        "now": {},
        "draft": {"version_id": versions.get(VersionStatus.DRAFT)},
        "final": {"version_id": versions.get(VersionStatus.FINAL)},
    }
    written = []
    for name, chosen in variants.items():
        for everything in (True, False):
            for page in (A4, LETTER):
                options = ExportOptions(**chosen, include_notes=everything,
                                        include_feedback=everything,
                                        include_register=everything, page=page)
                target = folder / f"guide-{name}-{everything}-{page.paper}.docx"
                written.append(export_session(store, playbook, session_id, target, options))
    view = exportable_view(store, session_id)
    meeting2 = replace(view.session, meeting2_date=date(2026, 12, 18))  # its date agreed
    for page in (A4, LETTER):
        written += [
            export_quick_card(card_source(store, session_id), folder / f"card-{page.paper}.docx",
                              page, playbook),
            export_invitation(invitation_text(view.session, playbook), view.session,
                              folder / f"invitation-{page.paper}.docx", page),
            export_invitation(meeting2_invitation(meeting2, playbook), meeting2,
                              folder / f"invitation-2-{page.paper}.docx", page, meeting=2),
            export_record(view, playbook, folder / f"record-{page.paper}.docx", page),
        ]
    return written


@pytest.fixture
def rich(store):
    """A session with something in every part, a right-to-left note with an action item,
    a draft and a final version."""
    session_id = rich_session(store)
    note = store.notes.add(session_id, "q2", MIXED)
    store.actions.add(session_id, note.uid, "اتصل بالعائلة!", owner="مريم",
                     due=date(2026, 12, 3))
    return session_id


def test_a_plain_python_docx_document_is_the_baseline_we_beat(tmp_path):
    """The validator works: python-docx's own template gets errors, all from the part we
    drop, and a table property out of schema order (as we used to write them) is caught."""
    plain = docx.Document()
    plain.save(tmp_path / "plain.docx")
    baseline = problems(tmp_path / "plain.docx")
    assert baseline and all(p.startswith("/word/stylesWithEffects.xml") for p in baseline)
    table = plain.add_table(rows=1, cols=1)
    table._tbl.tblPr.append(OxmlElement("w:tblBorders"))  # after w:tblLook: out of order
    plain.save(tmp_path / "disordered.docx")
    assert [p for p in problems(tmp_path / "disordered.docx") if p not in baseline] == [
        "/word/document.xml /document[1]/body[1]/tbl[1]/tblPr[1]: "
        "Unexpected element 'tblBorders' found"]


def test_every_kind_of_export_validates_without_an_error(store, playbook, rich, tmp_path):
    found = {path.name: problems(path)
             for path in every_export(store, playbook, rich, tmp_path / "out")}
    assert len(found) == 20  # 12 guides, and on each paper a card, two invitations, a record
    assert {name: errors for name, errors in found.items() if errors} == {}


def test_hostile_text_in_every_field_still_validates(store, playbook, tmp_path):
    session = store.sessions.create(f"Unit {HOSTILE_TEXTS['right to left']}",
                                   first_step="welcome", facilitator="\u202eevil\u202c")
    for name, text in HOSTILE_TEXTS.items():
        if name != "one megabyte":
            note = store.notes.add(session.id, "q2", text)
            store.actions.add(session.id, note.uid, text, owner=text)
            store.guide.add_item(session.id, "offers", {"offer": text, "roles": text})
    store.sessions.update(session.id, help_contact=HOSTILE_TEXTS["bidi controls"])
    store.versions.freeze(session.id, VersionStatus.FINAL)
    found = {path.name: problems(path)
             for path in every_export(store, playbook, session.id, tmp_path / "out")}
    assert {name: errors for name, errors in found.items() if errors} == {}


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name).decode("utf-8") for name in package.namelist()}


def test_the_template_leftovers_are_gone(store, playbook, rich, tmp_path):
    for path in every_export(store, playbook, rich, tmp_path / "out"):
        xml = parts(path)
        assert "word/stylesWithEffects.xml" not in xml, path.name
        assert "stylesWithEffects" not in xml["[Content_Types].xml"] + xml[
            "word/_rels/document.xml.rels"], path.name
        assert not any(n.startswith("customXml") or "thumbnail" in n for n in xml), path.name
        everything = "".join(xml.values())
        for leftover in ("rsid", "docId", "ja-JP", "ar-SA", "updateFields", "proofState"):
            assert leftover not in everything, (path.name, leftover)
        language = "en-GB" if "A4" in path.name else "en-US"
        assert f'<w:themeFontLang w:val="{language}"/>' in xml["word/settings.xml"], path.name
        styles = Document(path).styles.element
        tables = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))
                  if s.get(qn("w:type")) == "table"}
        used = {m.get(qn("w:val")) for m in Document(path).element.iter(qn("w:tblStyle"))}
        assert tables == {"TableNormal"} | used, path.name  # only the default and ours


def test_tables_are_in_schema_order_and_rows_never_split(store, playbook, rich, tmp_path):
    for path in every_export(store, playbook, rich, tmp_path / "out"):
        for table in Document(path).element.body.iter(qn("w:tbl")):
            order = [TBL_PR_ORDER.index(child.tag.removeprefix(W))
                     for child in table.find(qn("w:tblPr"))]
            assert order == sorted(order), path.name
            if "card" in path.name:
                continue  # the quick card lays out its own tables
            rows = table.findall(qn("w:tr"))
            assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows), path.name


def test_the_contents_list_is_written_out_with_links_to_its_headings(store, playbook, rich,
                                                                      tmp_path):
    path = export_session(store, playbook, rich, tmp_path / "guide.docx",
                          ExportOptions(include_register=True, page=A4))
    document = Document(path)
    body = document.element.body
    instructions = [t.text.strip() for t in body.iter(qn("w:instrText"))]
    assert instructions == ['TOC \\o "1-1" \\h \\z \\n']  # \n: no page numbers to update
    entries = [p for p in document.paragraphs if p.style.name == "toc 1"]
    links = [link for entry in entries for link in entry.hyperlinks]
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [link.text for link in links] == [h.text for h in headings]
    for link, heading in zip(links, headings, strict=True):
        marks = heading._p.findall(qn("w:bookmarkStart"))
        assert [m.get(qn("w:name")) for m in marks] == [link.fragment]
        ends = heading._p.findall(qn("w:bookmarkEnd"))
        assert [e.get(qn("w:id")) for e in ends] == [marks[0].get(qn("w:id"))]
    ids = [m.get(qn("w:id")) for m in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))
