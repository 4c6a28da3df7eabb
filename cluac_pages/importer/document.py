"""The neutral document model both readers produce, so that recognition is written once.

A document is an ordered list of blocks: headings (with their level), paragraphs of inline
spans (bold, italic, link), lists (nested), tables (rows of cells holding blocks), images (bytes
and alternative text) and page or section breaks. The page header and footer of a Word or
LibreOffice file (where the letterhead often sits) are kept apart from the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    """A piece of text with one formatting; ``href`` is set inside a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def spans_text(spans):
    return "".join(span.text for span in spans)


@dataclass
class Paragraph:
    spans: list[Span]
    style: str = ""

    @property
    def text(self):
        return spans_text(self.spans)


@dataclass
class Heading:
    """A heading; level 0 is the document's title style, 1 the highest heading."""

    level: int
    spans: list[Span]

    @property
    def text(self):
        return spans_text(self.spans)


@dataclass
class ListItem:
    spans: list[Span]
    children: ListBlock | None = None

    @property
    def text(self):
        return spans_text(self.spans)


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem] = field(default_factory=list)


@dataclass
class TableCell:
    """A cell; a cell covered by its neighbour's merge is kept, empty, with ``covered``."""

    blocks: list = field(default_factory=list)
    col_span: int = 1
    row_span: int = 1
    covered: bool = False

    @property
    def text(self):
        return "\n".join(block_text(block) for block in self.blocks if block_text(block))


@dataclass
class Table:
    rows: list[list[TableCell]] = field(default_factory=list)
    header_rows: int = 0


@dataclass
class Image:
    """An image embedded in the file, with what the file says of it (never fetched from a link)."""

    data: bytes
    content_type: str = ""
    filename: str = ""
    alt_text: str = ""
    title: str = ""
    decorative: bool = False
    format: str = ""
    width: int = 0
    height: int = 0


@dataclass
class Break:
    kind: Literal["page", "section"]


Block = Paragraph | Heading | ListBlock | Table | Image | Break


@dataclass
class ReaderNotice:
    """Something the reader left aside on purpose (comments, deleted text…), to tell the editor."""

    code: str
    message: str


@dataclass
class Document:
    source_format: Literal["docx", "odt"]
    blocks: list = field(default_factory=list)
    header: list = field(default_factory=list)
    footer: list = field(default_factory=list)
    notices: list[ReaderNotice] = field(default_factory=list)

    def notice(self, code, message):
        if not any(existing.code == code for existing in self.notices):
            self.notices.append(ReaderNotice(code, message))


def list_text(block, depth=0):
    lines = []
    for item in block.items:
        lines.append(item.text)
        if item.children:
            lines.append(list_text(item.children, depth + 1))
    return "\n".join(line for line in lines if line)


def block_text(block):
    """The plain text of any block, for searching and for keeping what is not understood."""
    if isinstance(block, Paragraph | Heading):
        return block.text
    if isinstance(block, ListBlock):
        return list_text(block)
    if isinstance(block, Table):
        return "\n".join(" | ".join(cell.text for cell in row) for row in block.rows)
    return ""
