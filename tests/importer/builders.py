"""Write one description of a document as a real .docx (python-docx) and a real .odt (odfpy).

The description is a list of blocks: ``H`` (heading), ``P`` (paragraph of runs: plain strings,
``B`` bold, ``I`` italic, ``Link``, ``BR`` line break), ``L`` (list, nested with ``Item``), ``T``
(table), ``Img`` (image), ``PAGE`` (page break). ``PageHeader`` and ``PageFooter`` go into the
page header and footer, where Word and LibreOffice users put the letterhead.
"""

import io
from dataclasses import dataclass, field

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from odf import draw, style, svg, table, text
from odf.opendocument import OpenDocumentText

# Content


@dataclass(frozen=True)
class B:
    text: str


@dataclass(frozen=True)
class I:  # noqa: E742 - reads as the italic of the runs it builds
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str


BR = object()
PAGE = object()


@dataclass
class H:
    level: int
    text: str


@dataclass
class P:
    runs: tuple

    def __init__(self, *runs, style_name=None):
        self.runs = runs
        self.style_name = style_name


@dataclass
class Item:
    runs: tuple
    children: "L | None" = None

    def __init__(self, *runs, children=None):
        self.runs = runs
        self.children = children


@dataclass
class L:
    items: list
    ordered: bool = False

    def __init__(self, *items, ordered=False):
        self.items = [item if isinstance(item, Item) else Item(*_as_runs(item)) for item in items]
        self.ordered = ordered


@dataclass
class T:
    rows: list
    header: bool = True
    merges: list = field(default_factory=list)  # (row, col, rowspan, colspan)


@dataclass
class Img:
    data: bytes
    alt: str = ""
    filename: str = "image.png"
    width_cm: float = 4.0


@dataclass
class PageHeader:
    blocks: list


@dataclass
class PageFooter:
    blocks: list


def _as_runs(item):
    return item if isinstance(item, tuple) else (item,)


def _run_parts(runs):
    """(text, bold, italic, url, line_break) for each run."""
    for run in runs:
        if run is BR:
            yield "", False, False, None, True
        elif isinstance(run, B):
            yield run.text, True, False, None, False
        elif isinstance(run, I):
            yield run.text, False, True, None, False
        elif isinstance(run, Link):
            yield run.text, False, False, run.url, False
        else:
            yield run, False, False, None, False


# Word


class DocxWriter:
    def __init__(self, list_styles=False):
        self.document = docx.Document()
        # The way Word itself writes lists: one multi-level definition, the level on each paragraph.
        # With ``list_styles``, the way python-docx users do: « List Bullet », « List Bullet 2 ».
        self.list_styles = list_styles
        self.numbering = self.document.part.numbering_part.element
        self.bullet_num = self._add_numbering("bullet")
        self.decimal_num = self._add_numbering("decimal")
        self.image_count = 0

    def _add_numbering(self, kind):
        abstract_id = str(100 + len(self.numbering.findall(qn("w:abstractNum"))))
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), abstract_id)
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "hybridMultilevel")
        abstract.append(multi)
        for level in range(3):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(level))
            start = OxmlElement("w:start")
            start.set(qn("w:val"), "1")
            fmt = OxmlElement("w:numFmt")
            fmt.set(qn("w:val"), kind)
            lvl_text = OxmlElement("w:lvlText")
            lvl_text.set(qn("w:val"), "•" if kind == "bullet" else f"%{level + 1}.")
            lvl.extend([start, fmt, lvl_text])
            abstract.append(lvl)
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        num = self.numbering.add_num(abstract_id)
        return str(num.numId)

    def add_runs(self, paragraph, runs):
        for text_, bold, italic, url, line_break in _run_parts(runs):
            if line_break:
                paragraph.add_run().add_break()
            elif url:
                self._add_link(paragraph, text_, url)
            else:
                run = paragraph.add_run(text_)
                run.bold = bold or None
                run.italic = italic or None

    def _add_link(self, paragraph, text_, url):
        rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        run = OxmlElement("w:r")
        content = OxmlElement("w:t")
        content.text = text_
        content.set(qn("xml:space"), "preserve")
        run.append(content)
        link.append(run)
        paragraph._p.append(link)

    def add_block(self, block, container=None):
        container = container or self.document
        if isinstance(block, H):
            self.document.add_heading(block.text, block.level)
        elif isinstance(block, P):
            paragraph = container.add_paragraph(style=block.style_name)
            self.add_runs(paragraph, block.runs)
        elif isinstance(block, L):
            self._add_list(block, 0, container)
        elif isinstance(block, T):
            self._add_table(block)
        elif isinstance(block, Img):
            self._add_image(self.document.add_paragraph().add_run(), block)
        elif block is PAGE:
            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _add_list(self, block, level, container):
        for item in block.items:
            if self.list_styles:
                name = ("List Number" if block.ordered else "List Bullet") + (
                    f" {level + 1}" if level else ""
                )
                paragraph = container.add_paragraph(style=name)
            else:
                paragraph = container.add_paragraph(style="List Paragraph")
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = level
                num_pr.get_or_add_numId().val = int(self.decimal_num if block.ordered else self.bullet_num)
            self.add_runs(paragraph, item.runs)
            if item.children:
                self._add_list(item.children, level + 1, container)

    def _add_table(self, block):
        columns = max(len(row) for row in block.rows)
        word_table = self.document.add_table(rows=len(block.rows), cols=columns)
        word_table.style = "Table Grid"
        for row_index, row in enumerate(block.rows):
            for col_index, value in enumerate(row):
                cell = word_table.cell(row_index, col_index)
                cell.text = ""
                paragraph = cell.paragraphs[0]
                if row_index == 0 and block.header:
                    paragraph.add_run(value).bold = True
                else:
                    self.add_runs(paragraph, _as_runs(value))
        if block.header:
            tr_pr = word_table.rows[0]._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            tr_pr.append(header)
        for row, col, rowspan, colspan in block.merges:
            word_table.cell(row, col).merge(word_table.cell(row + rowspan - 1, col + colspan - 1))

    def _add_image(self, run, block):
        run.add_picture(io.BytesIO(block.data), width=Cm(block.width_cm))
        doc_pr = run._r.findall(".//" + qn("wp:docPr"))[-1]
        doc_pr.set("descr", block.alt)

    def add_page_header(self, blocks, footer=False):
        section = self.document.sections[0]
        part = section.footer if footer else section.header
        part.is_linked_to_previous = False
        first = True
        for block in blocks:
            paragraph = part.paragraphs[0] if first else part.add_paragraph()
            first = False
            if isinstance(block, Img):
                self._add_image(paragraph.add_run(), block)
            else:
                self.add_runs(paragraph, block.runs if isinstance(block, P) else (block.text,))

    def build(self, blocks):
        for block in blocks:
            if isinstance(block, PageHeader):
                self.add_page_header(block.blocks)
            elif isinstance(block, PageFooter):
                self.add_page_header(block.blocks, footer=True)
            else:
                self.add_block(block)
        output = io.BytesIO()
        self.document.save(output)
        return output.getvalue()


def to_docx(blocks, list_styles=False):
    return DocxWriter(list_styles=list_styles).build(blocks)


# LibreOffice Writer


class OdtWriter:
    def __init__(self):
        self.document = OpenDocumentText()
        self.bold = style.Style(name="Gras", family="text")
        self.bold.addElement(style.TextProperties(fontweight="bold"))
        self.italic = style.Style(name="Italique", family="text")
        self.italic.addElement(style.TextProperties(fontstyle="italic"))
        self.page_break = style.Style(name="SautDePage", family="paragraph")
        self.page_break.addElement(style.ParagraphProperties(breakbefore="page"))
        for automatic in (self.bold, self.italic, self.page_break):
            self.document.automaticstyles.addElement(automatic)
        self.headings = {}
        for level in range(1, 5):
            heading = style.Style(
                name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph"
            )
            heading.addElement(style.TextProperties(fontweight="bold"))
            self.document.styles.addElement(heading)
            self.headings[level] = heading
        self.title = style.Style(name="Title", family="paragraph")
        self.title.addElement(style.TextProperties(fontweight="bold"))
        self.document.styles.addElement(self.title)
        self.bullets = text.ListStyle(name="Puces")
        self.numbers = text.ListStyle(name="Numeros")
        for level in range(1, 4):
            self.bullets.addElement(text.ListLevelStyleBullet(level=level, bulletchar="•"))
            self.numbers.addElement(text.ListLevelStyleNumber(level=level, numformat="1", numsuffix="."))
        self.document.automaticstyles.addElement(self.bullets)
        self.document.automaticstyles.addElement(self.numbers)
        self.image_count = 0

    def add_runs(self, paragraph, runs):
        for text_, bold, italic, url, line_break in _run_parts(runs):
            if line_break:
                paragraph.addElement(text.LineBreak())
            elif url:
                link = text.A(href=url, type="simple")
                link.addText(text_)
                paragraph.addElement(link)
            elif bold or italic:
                span = text.Span(stylename=self.bold if bold else self.italic)
                span.addText(text_)
                paragraph.addElement(span)
            else:
                paragraph.addText(text_)

    def block(self, block):
        if isinstance(block, H):
            if block.level == 0:
                element = text.P(stylename=self.title)
            else:
                element = text.H(outlinelevel=block.level, stylename=self.headings[min(block.level, 4)])
            element.addText(block.text)
            return [element]
        if isinstance(block, P):
            paragraph = text.P()
            self.add_runs(paragraph, block.runs)
            return [paragraph]
        if isinstance(block, L):
            return [self._list(block, top=True)]
        if isinstance(block, T):
            return [self._table(block)]
        if isinstance(block, Img):
            paragraph = text.P()
            paragraph.addElement(self._image(block))
            return [paragraph]
        if block is PAGE:
            return [text.P(stylename=self.page_break)]
        return []

    def _list(self, block, top=False):
        element = text.List(stylename=self.numbers if block.ordered else self.bullets) if top else text.List()
        for item in block.items:
            list_item = text.ListItem()
            paragraph = text.P()
            self.add_runs(paragraph, item.runs)
            list_item.addElement(paragraph)
            if item.children:
                list_item.addElement(self._list(item.children))
            element.addElement(list_item)
        return element

    def _table(self, block):
        self.table_count = getattr(self, "table_count", 0) + 1
        columns = max(len(row) for row in block.rows)
        element = table.Table(name=f"Tableau{self.table_count}")
        element.addElement(table.TableColumn(numbercolumnsrepeated=columns))
        covered = set()
        spans = {(row, col): (rowspan, colspan) for row, col, rowspan, colspan in block.merges}
        for row, col, rowspan, colspan in block.merges:
            covered.update(
                (r, c)
                for r in range(row, row + rowspan)
                for c in range(col, col + colspan)
                if (r, c) != (row, col)
            )
        header_rows = table.TableHeaderRows() if block.header else None
        if header_rows is not None:
            element.addElement(header_rows)
        for row_index, row in enumerate(block.rows):
            row_element = table.TableRow()
            for col_index, value in enumerate(row):
                if (row_index, col_index) in covered:
                    row_element.addElement(table.CoveredTableCell())
                    continue
                attributes = {"valuetype": "string"}
                if (row_index, col_index) in spans:
                    rowspan, colspan = spans[(row_index, col_index)]
                    attributes.update(numberrowsspanned=rowspan, numbercolumnsspanned=colspan)
                cell = table.TableCell(**attributes)
                paragraph = text.P()
                if row_index == 0 and block.header:
                    self.add_runs(paragraph, (B(value),))
                else:
                    self.add_runs(paragraph, _as_runs(value))
                cell.addElement(paragraph)
                row_element.addElement(cell)
            (header_rows if row_index == 0 and header_rows is not None else element).addElement(row_element)
        return element

    def _image(self, block):
        self.image_count += 1
        href = self.document.addPicture(f"Pictures/image{self.image_count}.png", "image/png", block.data)
        frame = draw.Frame(width=f"{block.width_cm}cm", height=f"{block.width_cm}cm", anchortype="as-char")
        frame.addElement(draw.Image(href=href))
        if block.alt:
            description = svg.Desc()
            description.addText(block.alt)
            frame.addElement(description)
        return frame

    def build(self, blocks):
        header_blocks, footer_blocks = [], []
        for block in blocks:
            if isinstance(block, PageHeader):
                header_blocks = block.blocks
            elif isinstance(block, PageFooter):
                footer_blocks = block.blocks
            else:
                for element in self.block(block):
                    self.document.text.addElement(element)
        if header_blocks or footer_blocks:
            layout = style.PageLayout(name="Mise_en_page")
            self.document.automaticstyles.addElement(layout)
            master = style.MasterPage(name="Standard", pagelayoutname=layout)
            for blocks_, container in ((header_blocks, style.Header()), (footer_blocks, style.Footer())):
                if not blocks_:
                    continue
                for block in blocks_:
                    paragraph = text.P()
                    if isinstance(block, Img):
                        paragraph.addElement(self._image(block))
                    else:
                        self.add_runs(paragraph, block.runs if isinstance(block, P) else (block.text,))
                    container.addElement(paragraph)
                master.addElement(container)
            self.document.masterstyles.addElement(master)
        output = io.BytesIO()
        self.document.write(output)
        return output.getvalue()


def to_odt(blocks):
    return OdtWriter().build(blocks)


WRITERS = {"docx": to_docx, "odt": to_odt}
