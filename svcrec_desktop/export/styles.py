"""Our look for the exported guide, replacing what python-docx's template brings along.

Fonts are named outright (Calibri; LibreOffice substitutes the metric-compatible Carlito) and
theme font references are removed, so Word and LibreOffice show the same thing. Document
properties, the footer with real page-number fields, and the package's extended properties
are all set here, with the template's leftovers removed (its fixed document id, revision
ids, Japanese language tags, a second copy of the styles and the styles nobody uses), so the
files validate as Office Open XML and Word has nothing to repair.

Tables keep every row on one page and size their columns by what they hold; the contents
list is written out in full, with links to the headings, so Word never asks to update it.
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
from docx.parts.document import DocumentPart
from docx.shared import Cm, Emu, Inches, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from svcrec_desktop import DISPLAY_NAME
from svcrec_desktop.domain.page_format import PageFormat, page_format_from_locale
from svcrec_desktop.export.docx_text import add_text, xml_safe
from svcrec_desktop.export.text_measure import text_width

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
CONTENTS_ENTRY = "toc 1"  # Word's own name for the contents list's first level
# In twentieths of a point, as Word writes them: A4 is 21.0 × 29.7 cm, Letter 8.5 × 11 in.
PAPER_SIZES = {"A4": (Twips(11906), Twips(16838)), "Letter": (Twips(12240), Twips(15840))}
MARGIN = Inches(1)  # tests/support/rendering.py measures pages with these 72 pt margins
BODY_PT = 11
CELL_PADDING_CM = 0.38  # Word's default cell margins, 0.19 cm each side
MIN_COLUMN_CM = 1.5
LONGEST_WORD_CM = 5.0  # a longer word (a web address) is broken rather than widen its column
CONTENTS_ANCHOR = "_Toc"  # Word's prefix for the hidden bookmarks a contents list links to
CONTENTS_FIELD = ' TOC \\o "1-1" \\h \\z \\n '  # level 1, as links, with no page numbers
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_AFTER_SZ_CS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
                "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
                "w:oMath")
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                      "w:tblDescription", "w:tblPrChange")
_AFTER_TC_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                 "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                 "w:tcPrChange")
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
                     "w:ins", "w:del", "w:trPrChange")

_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>{DISPLAY_NAME}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _paragraph_style(style: BaseStyle) -> ParagraphStyle:
    """styles[name] is typed as any kind of style; every style set up here is a paragraph's."""
    if not isinstance(style, ParagraphStyle):
        raise TypeError(f"{style.name} is not a paragraph style.")
    return style


def _set_font(style: BaseStyle, name: str, size: float, color: RGBColor,
              bold: bool | None = None) -> None:
    """Name the font outright on every script, dropping theme references that override it.

    Size and weight are set for right-to-left scripts too (w:szCs, w:bCs), which Word reads
    for Arabic and Hebrew instead of the plain ones.
    """
    font = _paragraph_style(style).font
    font.name, font.size, font.color.rgb = name, Pt(size), color
    if bold is not None:
        font.bold = font.cs_bold = bold
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        r_pr.insert_element_before(size_cs, *_AFTER_SZ_CS)
    size_cs.set(qn("w:val"), str(round(size * 2)))


def _spacing(style: BaseStyle, before: float, after: float, line: float | None = None) -> None:
    fmt = _paragraph_style(style).paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _shade(cell_properties, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell_properties.insert_element_before(shading, *_AFTER_TC_SHD)


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


def apply_house_style(document: Document, page: PageFormat | None = None) -> None:
    """Paper, language, fonts, headings, lists and our extra paragraph styles.

    page None: the format of this computer's locale.
    """
    page = page or page_format_from_locale()
    _without_template_leftovers(document, page.language)
    for section in document.sections:
        section.page_width, section.page_height = PAPER_SIZES[page.paper]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        section.footer_distance = Inches(0.45)
    styles = document.styles
    _set_font(styles["Normal"], BODY_FONT, BODY_PT, INK)
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
        ("Heading 3", 11.5, 10, 3, ACCENT_LIGHT),
    ):
        _set_font(styles[name], BODY_FONT, size, color, bold=True)
        _spacing(styles[name], before, after)
        styles[name].paragraph_format.keep_with_next = True
    _set_font(styles["List Bullet"], BODY_FONT, BODY_PT, INK)
    _spacing(styles["List Bullet"], 0, 4, 1.15)
    _callout_style(document)
    label = styles.add_style(SMALL_LABEL, WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = styles["Normal"]
    _set_font(label, BODY_FONT, 10, MUTED, bold=True)
    _spacing(label, 6, 4)
    label.paragraph_format.keep_with_next = True
    entry = styles.add_style(CONTENTS_ENTRY, WD_STYLE_TYPE.PARAGRAPH)
    entry.base_style = styles["Normal"]
    _spacing(entry, 0, 3)


def _without_template_leftovers(document: Document, language: str) -> None:
    """Drop what python-docx's template carries from the document it was made from.

    Its fixed document id and revision ids (shared by every file python-docx writes), its
    claim that spelling was checked, its Japanese and Arabic language tags, and the second
    copy of the styles for Word 2007 (stylesWithEffects), which disagrees with ours and
    makes Word repair the file.
    """
    settings = document.settings.element
    for tag in (f"{{{_W14}}}docId", f"{{{_W15}}}docId", qn("w:rsids"), qn("w:proofState")):
        for found in settings.findall(tag):
            settings.remove(found)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.attrib.clear()
        theme_language.set(qn("w:val"), language)
    _drop_revision_ids(document.element)
    _drop_revision_ids(document.styles.element)
    default_language = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if default_language is not None:
        default_language.attrib.clear()
        default_language.set(qn("w:val"), language)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            document.part.rels.pop(rel_id)


def _drop_revision_ids(element) -> None:
    """Remove the revision ids Word uses to merge edits (rsid attributes and the styles'
    w:rsid): the template's are not ours."""
    for node in list(element.iter()):
        if node.tag == qn("w:rsid"):
            node.getparent().remove(node)
            continue
        for attr in [a for a in node.attrib if a.startswith(f"{{{_W}}}rsid")]:
            del node.attrib[attr]


def text_width_cm(document: Document) -> float:
    """The width between the margins, in cm: what a table may fill (narrower on A4)."""
    section = document.sections[-1]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:
        raise ValueError("The document's last section has no page size or margins.")
    return Emu(width - left - right).cm


def content_widths(columns: Sequence[Sequence[str]], room: float) -> list[float]:
    """Column widths in cm that fill room, shared out by what each column holds.

    As a web browser lays out a table: each column needs at least its longest word (up to
    LONGEST_WORD_CM) and would like its longest line on one line. When all the liking fits,
    every column gets it and the rest is shared in proportion; otherwise each gets what it
    needs plus a share of what is left in proportion to how much more it would like.
    """
    per_cm = 72 / 2.54  # points in a centimetre

    def cm(points: float) -> float:
        return points / per_cm + CELL_PADDING_CM

    need = [max(MIN_COLUMN_CM, min(LONGEST_WORD_CM, cm(max(
        (text_width(word, BODY_PT) for text in texts for word in text.split()), default=0))))
        for texts in columns]
    like = [max(least, cm(max((text_width(line, BODY_PT) for text in texts
                               for line in text.split("\n")), default=0)))
            for least, texts in zip(need, columns, strict=True)]
    if sum(like) <= room:
        widths = [wish * room / sum(like) for wish in like]
    elif sum(need) >= room:
        widths = [least * room / sum(need) for least in need]
    else:
        share = (room - sum(need)) / (sum(like) - sum(need))
        widths = [least + (wish - least) * share for least, wish in zip(need, like, strict=True)]
    rounded = [round(width, 2) for width in widths[:-1]]
    return [*rounded, round(room - sum(rounded), 2)]


def style_table(table: Table, widths: Sequence[float], *, header: bool = True) -> None:
    """Light borders, a shaded bold header row that repeats on every page, rows that never
    break across pages, and column widths in cm: widths that add up to more than the page's
    text width are narrowed in proportion.

    Without a header, the first column is shaded instead: a table of labels and values.
    Call it once every row is in the table.
    """
    part = table.part
    if not isinstance(part, DocumentPart):
        raise TypeError("Only tables in a document's body are styled here.")
    document = part.document
    table.style = document.styles["Table Grid"]
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    if tbl_pr.find(qn("w:tblBorders")) is None:
        tbl_pr.insert_element_before(_borders(), *_AFTER_TBL_BORDERS)
    room = text_width_cm(document)
    widths = [width * min(1.0, room / sum(widths)) for width in widths]
    for row_index, row in enumerate(table.rows):
        _row_flag(row._tr, "w:cantSplit", _AFTER_CANT_SPLIT)
        for column, (cell, width) in enumerate(zip(row.cells, widths, strict=True)):
            cell.width = Cm(width)
            if (row_index == 0) if header else (column == 0):
                _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
                for run in cell.paragraphs[0].runs:
                    run.bold = run.font.cs_bold = True
    if header and table.rows:
        _row_flag(table.rows[0]._tr, "w:tblHeader", _AFTER_CANT_SPLIT[2:])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _borders():
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", BORDER)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    return borders


def _row_flag(row, tag: str, successors: Sequence[str]) -> None:
    """Switch on a row property (w:cantSplit, w:tblHeader) once, in its schema place."""
    properties = row.get_or_add_trPr()
    if properties.find(qn(tag)) is None:
        properties.insert_element_before(OxmlElement(tag), *successors)


def add_grid(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float] | None = None) -> Table:
    """A table with a header row and one row per entry, in the house style; widths in cm,
    None: by what the columns hold (measured from the texts given, not read back from the
    table, which python-docx does cell by cell)."""
    if widths is None:
        columns = [[xml_safe(text) for text in column]
                   for column in zip(header, *rows, strict=True)]  # as the cells will hold them
        widths = content_widths(columns, text_width_cm(document))
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        add_text(cell.paragraphs[0], text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            add_text(cell.paragraphs[0], text)
    style_table(table, widths)
    return table


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A real Word field (PAGE, NUMPAGES) with a value shown until it is updated."""
    _field_char(paragraph.add_run(), "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph.add_run(), "separate")
    paragraph.add_run(shown)
    _field_char(paragraph.add_run(), "end")


def _instruction(paragraph: Paragraph, instruction: str) -> None:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction.strip()} "
    paragraph.add_run()._r.append(instr)


def add_contents(document: Document, headings: Sequence[str]) -> None:
    """The contents list: a real table-of-contents field whose result is already written.

    Each level-1 heading is listed as a link to that heading (finish_document bookmarks the
    headings once they are written, matching them by their text, in order). Page numbers are
    left out, here and in the field's instruction, because only a program laying out the
    pages knows them: so Word has nothing to update and never asks.
    """
    document.add_heading("Contents", level=2)
    entries = [document.add_paragraph(style=CONTENTS_ENTRY) for _ in headings or [""]]
    _field_char(entries[0].add_run(), "begin")
    _instruction(entries[0], CONTENTS_FIELD)
    _field_char(entries[0].add_run(), "separate")
    for number, (paragraph, heading) in enumerate(zip(entries, headings, strict=False), 1):
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), f"{CONTENTS_ANCHOR}{number:08d}")
        link.set(qn("w:history"), "1")
        for run in add_text(paragraph, heading):
            link.append(run._r)
        paragraph._p.append(link)
    _field_char(entries[-1].add_run(), "end")


def _field_char(run: Run, kind: str) -> None:
    """One of a field's markers: begin, separate (result follows) or end."""
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def finish_document(document: Document) -> None:
    """What can only be done once the document is complete, just before it is saved: the
    contents list's links get their bookmarks on the headings, and the table styles no table
    uses are dropped."""
    _anchor_headings(document)
    _drop_unused_table_styles(document)


def _anchor_headings(document: Document) -> None:
    """Bookmark each level-1 heading a contents entry links to, the first one after the
    heading found for the entry before, so two sections with one title link to each."""
    body = document.element.body
    marked = {mark.get(qn("w:name")) for mark in body.iter(qn("w:bookmarkStart"))}
    numbers = [int(mark.get(qn("w:id"))) for mark in body.iter(qn("w:bookmarkStart"))]
    next_id = max(numbers, default=-1) + 1
    headings = [p for p in document.paragraphs
                if p.style is not None and p.style.name == "Heading 1"]
    position = 0
    for entry in document.paragraphs:
        if entry.style is None or entry.style.name != CONTENTS_ENTRY:
            continue
        for link in entry.hyperlinks:
            if not link.fragment.startswith(CONTENTS_ANCHOR) or link.fragment in marked:
                continue
            found = next((i for i in range(position, len(headings))
                          if headings[i].text == link.text), None)
            if found is not None:
                add_heading_anchor(headings[found], link.fragment, next_id)
                next_id, position = next_id + 1, found + 1


def add_heading_anchor(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around the whole paragraph, for a link to land on."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p_pr = paragraph._p.pPr
    if p_pr is None:
        paragraph._p.insert(0, start)
    else:
        p_pr.addnext(start)
    paragraph._p.append(end)


def _drop_unused_table_styles(document: Document) -> None:
    """Keep the default table style and those our tables use (with what they are based on);
    the template's other hundred are dropped."""
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    wanted = {mark.get(qn("w:val")) for mark in document.element.iter(qn("w:tblStyle"))}
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in by_id and style_id not in kept:
            kept.add(style_id)
            based_on = by_id[style_id].find(qn("w:basedOn"))
            if based_on is not None:
                wanted.add(based_on.get(qn("w:val")))
    for style_id, style in by_id.items():
        if (style.get(qn("w:type")) == "table" and style_id not in kept
                and style.get(qn("w:default")) not in ("1", "true")):
            styles.remove(style)


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


def add_footer_line(document: Document, text: str) -> None:
    """The organisation's line (its name, a classification) at the foot of every page, below
    what the footer holds already; nothing for "". Its line height is fixed and small, so a
    page laid out to fit, such as the quick card, keeps its room."""
    if not text.strip():
        return
    footers = {id(section.footer.part): section.footer for section in document.sections}
    for footer in footers.values():  # sections sharing one footer get the line once
        last = footer.paragraphs[-1]
        line = last if not (last.runs or last.text) else footer.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.space_before = line.paragraph_format.space_after = Pt(0)
        line.paragraph_format.line_spacing = Pt(9)
        add_text(line, text)
        for run in line.runs:
            run.font.size, run.font.color.rgb = Pt(7.5), MUTED


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
