"""Our look for the exported guide, replacing what python-docx's template brings along.

Fonts are named outright (Calibri; LibreOffice substitutes the metric-compatible Carlito) and
theme font references are removed, so Word and LibreOffice show the same thing. Document
properties, the footer with real page-number fields, and the package's extended properties
are all set here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from svcrec_desktop import DISPLAY_NAME
from svcrec_desktop.export.docx_text import add_text, xml_safe

BODY_FONT = "Calibri"
INK = RGBColor(0x26, 0x26, 0x26)
ACCENT = RGBColor(0x1F, 0x4E, 0x5F)
ACCENT_LIGHT = RGBColor(0x2E, 0x6F, 0x82)
MUTED = RGBColor(0x6B, 0x6B, 0x6B)
HEADER_FILL = "D8EBEF"
CALLOUT_FILL = "FFF5D6"
CALLOUT_EDGE = "C98A00"
CALLOUT_EDGE_RGB = RGBColor.from_string(CALLOUT_EDGE)
BORDER = "B7C9CE"
CALLOUT = "Draft Callout"
SMALL_LABEL = "Section Label"

_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>{DISPLAY_NAME}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _set_font(style: BaseStyle, name: str, size: float, color: RGBColor,
              bold: bool | None = None) -> None:
    """Name the font outright on every script, dropping theme references that override it."""
    font = style.font
    font.name, font.size, font.color.rgb = name, Pt(size), color
    if bold is not None:
        font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _spacing(style: BaseStyle, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _shade(properties, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _callout_style(document: Document) -> None:
    style = document.styles.add_style(CALLOUT, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _set_font(style, BODY_FONT, 10.5, RGBColor(0x3D, 0x2C, 0x00))
    _spacing(style, 10, 10)
    style.paragraph_format.left_indent = Cm(0.3)
    p_pr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "24"), ("space", "8"), ("color", CALLOUT_EDGE)):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)
    p_pr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", CALLOUT_FILL)):
        shading.set(qn(f"w:{key}"), value)
    p_pr.insert_element_before(shading, "w:tabs", "w:spacing", "w:ind", "w:jc")


def apply_house_style(document: Document) -> None:
    """Page, fonts, headings, lists and our two extra paragraph styles."""
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))
        section.footer_distance = Inches(0.45)
    styles = document.styles
    _set_font(styles["Normal"], BODY_FONT, 11, INK)
    _spacing(styles["Normal"], 0, 6, 1.15)
    _set_font(styles["Title"], BODY_FONT, 28, ACCENT, bold=True)
    _spacing(styles["Title"], 0, 6)
    title_ppr = styles["Title"].element.pPr
    if title_ppr is not None and title_ppr.find(qn("w:pBdr")) is not None:
        title_ppr.remove(title_ppr.find(qn("w:pBdr")))
    _set_font(styles["Subtitle"], BODY_FONT, 15, ACCENT_LIGHT, bold=False)
    styles["Subtitle"].font.italic = False
    _spacing(styles["Subtitle"], 0, 24)
    for name, size, before, after, color in (
        ("Heading 1", 17, 20, 8, ACCENT),
        ("Heading 2", 13, 14, 4, ACCENT_LIGHT),
    ):
        _set_font(styles[name], BODY_FONT, size, color, bold=True)
        _spacing(styles[name], before, after)
        styles[name].paragraph_format.keep_with_next = True
    _set_font(styles["List Bullet"], BODY_FONT, 11, INK)
    _spacing(styles["List Bullet"], 0, 4, 1.15)
    _callout_style(document)
    label = styles.add_style(SMALL_LABEL, WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = styles["Normal"]
    _set_font(label, BODY_FONT, 10, MUTED, bold=True)
    _spacing(label, 6, 4)
    label.paragraph_format.keep_with_next = True


def style_table(table: Table, widths: list[float], *, header: bool = True) -> None:
    """Light borders, a shaded bold header row that repeats on every page, fixed widths (cm).

    Without a header, the first column is shaded instead: a table of labels and values.
    """
    table.style = table.part.document.styles["Table Grid"]
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", BORDER)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    tbl_pr.append(borders)
    for row_index, row in enumerate(table.rows):
        for column, (cell, width) in enumerate(zip(row.cells, widths, strict=True)):
            cell.width = Cm(width)
            if (row_index == 0) if header else (column == 0):
                _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    if header:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def add_grid(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]],
             widths: list[float]) -> None:
    """A table with a header row and one row per entry, in the house style."""
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        add_text(cell.paragraphs[0], text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            add_text(cell.paragraphs[0], text)
    style_table(table, widths)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A real Word field (PAGE, NUMPAGES) with a value shown until it is updated."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "text":
            run.text = text
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            _field_char(run, kind)


def add_contents(document: Document, headings: list[str]) -> None:
    """A real table-of-contents field over the level-1 headings, updated when Word opens it.

    The field's shown result already lists the headings (without page numbers), so a reader
    that does not update fields, LibreOffice's converter among them, still shows them.
    """
    document.add_heading("Contents", level=2)
    paragraphs = [document.add_paragraph() for _ in headings or [""]]
    _field_char(paragraphs[0].add_run(), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    paragraphs[0].add_run()._r.append(instr)
    _field_char(paragraphs[0].add_run(), "separate")
    for paragraph, heading in zip(paragraphs, headings, strict=False):
        add_text(paragraph, heading)
    _field_char(paragraphs[-1].add_run(), "end")
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _field_char(run: Run, kind: str) -> None:
    """One of a field's markers: begin, separate (result follows) or end."""
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def add_page_mark(document: Document, text: str) -> None:
    """A line at the top of every page, such as the draft marking."""
    for section in document.sections:
        line = section.header.paragraphs[0]
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = line.add_run(xml_safe(text))
        run.bold = True
        run.font.size, run.font.color.rgb = Pt(10), CALLOUT_EDGE_RGB


def add_footer(document: Document, title: str, source: str) -> None:
    """Guide title and "Page X of Y" on every page, and a small line naming the method."""
    for section in document.sections:
        footer = section.footer
        line = footer.paragraphs[0]
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(line, f"{title}  ·  Page ")
        _field(line, "PAGE", "1")
        line.add_run(" of ")
        _field(line, "NUMPAGES", "1")
        for run in line.runs:
            run.font.size, run.font.color.rgb = Pt(9), MUTED
        credit = footer.add_paragraph()
        credit.alignment = WD_ALIGN_PARAGRAPH.CENTER
        credit_run = credit.add_run(source)
        credit_run.font.size, credit_run.font.color.rgb = Pt(7.5), MUTED
        credit.paragraph_format.space_after = Pt(0)


PROPERTY_CHARS = 255  # python-docx refuses longer document properties


def _property(text: str) -> str:
    """User text fit for a document property: XML-safe and at most PROPERTY_CHARS long."""
    text = xml_safe(text)
    return text if len(text) <= PROPERTY_CHARS else text[: PROPERTY_CHARS - 1] + "…"


def set_properties(document: Document, *, title: str, author: str, when: datetime,
                   subject: str = "Department plan for service recovery",
                   status: str = "Draft") -> None:
    """Our document properties, and none of the template's leftovers."""
    stamp = when.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    props = document.core_properties
    props.title = _property(title)
    props.subject = _property(subject)
    props.author = props.last_modified_by = _property(author) or DISPLAY_NAME
    props.keywords = "service recovery"
    props.comments = ""
    props.category = ""
    props.content_status = status
    props.created = props.modified = stamp
    props.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            document.part.rels.pop(rel_id)
    for part in package.iter_parts():
        if part.partname == PackURI("/docProps/app.xml") and isinstance(part, Part):
            part._blob = _APP_XML.encode("utf-8")
