"""LibreOffice Writer (.odt) files into the neutral document model, with odfpy.

odfpy loads the package and its XML into elements (through defusedxml); this module walks the
text body. Tracked changes: ODF keeps the text of a deletion inside ``text:tracked-changes``,
outside the body, and marks an insertion in place; skipping the former gives the accepted text.
Comments (``office:annotation``) are skipped. Images are read from the package, never from a
link.
"""

import io
import re

from django.utils.translation import gettext
from odf import opendocument
from odf.element import Node
from odf.namespaces import (
    DRAWNS,
    FONS,
    LOEXTNS,
    OFFICENS,
    STYLENS,
    SVGNS,
    TABLENS,
    TEXTNS,
    XLINKNS,
)

from .document import (
    Break,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    ReaderNotice,
    Span,
    Table,
    TableCell,
)
from .images import ImageSkipped, checked_image

# Repetition counts are bounded: a crafted file could ask for millions of empty rows.
MAX_REPEAT = 200
BOLD_WEIGHTS = {"bold", "600", "700", "800", "900"}
TITLE_STYLES = {"title", "titre"}
SKIPPED_BLOCKS = {
    (TEXTNS, "tracked-changes"),
    (TEXTNS, "sequence-decls"),
    (TEXTNS, "variable-decls"),
    (TEXTNS, "user-field-decls"),
    (OFFICENS, "forms"),
    (TEXTNS, "soft-page-break"),
    (TEXTNS, "bookmark"),
    (TEXTNS, "bookmark-start"),
    (TEXTNS, "bookmark-end"),
}
INDEXES = {
    (TEXTNS, "table-of-content"),
    (TEXTNS, "alphabetical-index"),
    (TEXTNS, "illustration-index"),
    (TEXTNS, "table-index"),
    (TEXTNS, "object-index"),
    (TEXTNS, "user-index"),
    (TEXTNS, "bibliography"),
}
IGNORED_INLINE = {
    (TEXTNS, "soft-page-break"),
    (TEXTNS, "bookmark"),
    (TEXTNS, "bookmark-start"),
    (TEXTNS, "bookmark-end"),
    (TEXTNS, "reference-mark"),
    (TEXTNS, "reference-mark-start"),
    (TEXTNS, "reference-mark-end"),
    (TEXTNS, "change"),
    (TEXTNS, "change-start"),
    (TEXTNS, "change-end"),
    (OFFICENS, "annotation-end"),
    (TEXTNS, "sequence-ref"),
}


def _attr(element, namespace, name, default=None):
    return element.attributes.get((namespace, name), default)


def _repeat(element, namespace, name):
    value = _attr(element, namespace, name, "1")
    return min(int(value), MAX_REPEAT) if str(value).isdigit() else 1


def _elements(element):
    return [child for child in element.childNodes if child.nodeType == Node.ELEMENT_NODE]


def _merge_spans(spans):
    merged = []
    for span in spans:
        if not span.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (
            span.bold,
            span.italic,
            span.href,
        ):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic, span.href)
        else:
            merged.append(span)
    return merged


class _Styles:
    def __init__(self, document):
        self.by_name = {}
        self.list_styles = {}
        for container in (document.styles, document.automaticstyles):
            for style in _elements(container):
                name = _attr(style, STYLENS, "name")
                if style.qname == (STYLENS, "style"):
                    self.by_name[(_attr(style, STYLENS, "family"), name)] = style
                elif style.qname == (TEXTNS, "list-style"):
                    self.list_styles[name] = style
        self._cache = {}

    def _chain(self, family, name):
        chain, seen = [], set()
        while name and (family, name) in self.by_name and name not in seen and len(chain) < 20:
            seen.add(name)
            style = self.by_name[(family, name)]
            chain.append(style)
            name = _attr(style, STYLENS, "parent-style-name")
        return chain

    def _property(self, family, name, properties, namespace, attribute):
        key = (family, name, properties, attribute)
        if key not in self._cache:
            value = None
            for style in self._chain(family, name):
                for child in _elements(style):
                    if child.qname == (STYLENS, properties):
                        value = _attr(child, namespace, attribute)
                        if value is not None:
                            break
                if value is not None:
                    break
            self._cache[key] = value
        return self._cache[key]

    def bold(self, family, name):
        value = self._property(family, name, "text-properties", FONS, "font-weight")
        return None if value is None else value in BOLD_WEIGHTS

    def italic(self, family, name):
        value = self._property(family, name, "text-properties", FONS, "font-style")
        return None if value is None else value in ("italic", "oblique")

    def page_break(self, name, where):
        return self._property("paragraph", name, "paragraph-properties", FONS, f"break-{where}") == "page"

    def display_name(self, name):
        for style in self._chain("paragraph", name):
            label = _attr(style, STYLENS, "display-name") or _attr(style, STYLENS, "name") or ""
            if label.lower() in TITLE_STYLES:
                return label
        return name or ""

    def is_title(self, name):
        return any(
            (_attr(style, STYLENS, "name") or "").lower() in TITLE_STYLES
            for style in self._chain("paragraph", name)
        )

    def list_ordered(self, list_style_name, level):
        style = self.list_styles.get(list_style_name)
        if style is None:
            return False
        for child in _elements(style):
            if _attr(child, TEXTNS, "level") == str(level):
                return child.qname == (TEXTNS, "list-level-style-number")
        return False


class OdtReader:
    def __init__(self, package):
        self.package = package
        self.odf = opendocument.load(io.BytesIO(package.data))
        self.styles = _Styles(self.odf)
        self.result = Document(source_format="odt")

    def read(self):
        body = self.odf.text
        for element in _elements(body):
            if element.qname == (TEXTNS, "tracked-changes") and _elements(element):
                self._tracked_notice()
        self.result.blocks = self.read_container(body)
        self.result.header, self.result.footer = self.read_master_pages()
        return self.result

    def _tracked_notice(self):
        self.result.notice(
            "tracked_changes",
            gettext(
                "Le document contenait des modifications suivies : elles ont été acceptées (le texte "
                "inséré est repris, le texte supprimé ne l'est pas)."
            ),
        )

    def read_container(self, element):
        blocks = []
        for child in _elements(element):
            self._read_block(child, blocks)
        return blocks

    def _read_block(self, element, blocks):
        qname = element.qname
        if qname in SKIPPED_BLOCKS:
            return
        if qname in INDEXES:
            self.result.notice(
                "table_of_contents",
                gettext(
                    "La table des matières du document n'a pas été reprise : elle sera refaite par la page."
                ),
            )
            return
        if qname == (TEXTNS, "h"):
            level = _attr(element, TEXTNS, "outline-level", "1")
            self._add_paragraph(element, blocks, heading_level=int(level) if str(level).isdigit() else 1)
        elif qname == (TEXTNS, "p"):
            style = _attr(element, TEXTNS, "style-name")
            self._add_paragraph(element, blocks, heading_level=0 if self.styles.is_title(style) else None)
        elif qname == (TEXTNS, "list"):
            blocks.append(self.read_list(element, None, 1))
        elif qname == (TABLENS, "table"):
            blocks.append(self.read_table(element))
        elif qname in ((TEXTNS, "section"), (TEXTNS, "index-body")):
            for child in _elements(element):
                self._read_block(child, blocks)
        elif qname == (DRAWNS, "frame") or qname == (DRAWNS, "a"):
            pieces = []
            self._read_frame(element, pieces)
            for piece in pieces:
                blocks.append(piece)

    def _add_paragraph(self, element, blocks, heading_level=None):
        style = _attr(element, TEXTNS, "style-name")
        if self.styles.page_break(style, "before"):
            blocks.append(Break("page"))
        pieces = []
        self._read_inline(element, pieces, style, bold=None, italic=None, href=None)
        spans = _merge_spans([piece for piece in pieces if isinstance(piece, Span)])
        if "".join(span.text for span in spans).strip():
            if heading_level is not None:
                blocks.append(Heading(level=heading_level, spans=spans))
            else:
                blocks.append(Paragraph(spans=spans, style=self.styles.display_name(style)))
        blocks.extend(piece for piece in pieces if not isinstance(piece, Span))
        if self.styles.page_break(style, "after"):
            blocks.append(Break("page"))

    def _read_inline(self, element, pieces, paragraph_style, bold, italic, href):
        if bold is None:
            bold = self.styles.bold("paragraph", paragraph_style) or False
        if italic is None:
            italic = self.styles.italic("paragraph", paragraph_style) or False
        for child in element.childNodes:
            if child.nodeType == Node.TEXT_NODE:
                pieces.append(Span(str(child.data), bold, italic, href))
                continue
            if child.nodeType != Node.ELEMENT_NODE:
                continue
            qname = child.qname
            if qname in IGNORED_INLINE:
                continue
            if qname == (TEXTNS, "s"):
                count = _attr(child, TEXTNS, "c", "1")
                pieces.append(
                    Span(" " * min(int(count) if str(count).isdigit() else 1, 100), bold, italic, href)
                )
            elif qname == (TEXTNS, "tab"):
                pieces.append(Span("\t", bold, italic, href))
            elif qname == (TEXTNS, "line-break"):
                pieces.append(Span("\n", bold, italic, href))
            elif qname == (TEXTNS, "span"):
                name = _attr(child, TEXTNS, "style-name")
                span_bold = self.styles.bold("text", name)
                span_italic = self.styles.italic("text", name)
                self._read_inline(
                    child,
                    pieces,
                    paragraph_style,
                    bold if span_bold is None else span_bold,
                    italic if span_italic is None else span_italic,
                    href,
                )
            elif qname == (TEXTNS, "a"):
                target = _attr(child, XLINKNS, "href", "") or ""
                if not target.lower().startswith(("http://", "https://", "mailto:")):
                    target = None
                self._read_inline(child, pieces, paragraph_style, bold, italic, target)
            elif qname == (OFFICENS, "annotation"):
                self.result.notice("comments", gettext("Les commentaires du document n'ont pas été repris."))
            elif qname in ((TEXTNS, "note"), (TEXTNS, "note-ref")):
                self.result.notice(
                    "notes",
                    gettext("Les notes de bas de page ou de fin du document n'ont pas été reprises."),
                )
            elif qname in ((DRAWNS, "frame"), (DRAWNS, "a")):
                self._read_frame(child, pieces)
            elif qname[0] == DRAWNS:
                continue
            else:
                # Fields (date, page number, author…) and ruby text: their visible text is inside.
                self._read_inline(child, pieces, paragraph_style, bold, italic, href)

    def _read_frame(self, frame, pieces):
        title = desc = ""
        for child in _elements(frame):
            if child.qname == (SVGNS, "title"):
                title = str(child)
            elif child.qname == (SVGNS, "desc"):
                desc = str(child)
        decorative = _attr(frame, LOEXTNS, "decorative") == "true"
        for child in _elements(frame):
            if child.qname == (DRAWNS, "image"):
                image = self._image(child, alt=desc or title, title=title, decorative=decorative)
                if image is not None:
                    pieces.append(image)
                # A frame may offer several renderings of one image: the first is the one shown.
                break
            if child.qname == (DRAWNS, "text-box"):
                pieces.extend(self.read_container(child))
            elif child.qname in ((DRAWNS, "frame"), (DRAWNS, "a")):
                self._read_frame(child, pieces)

    def _image(self, element, alt, title, decorative):
        href = (_attr(element, XLINKNS, "href", "") or "").removeprefix("./")
        if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith(("/", "..")):
            self.result.notice(
                "linked_image",
                gettext(
                    "Une image liée à un fichier ou une adresse extérieurs n'a pas été reprise (elle n'est "
                    "pas "
                    "dans le document) ; ajoutez-la dans la page."
                ),
            )
            return None
        try:
            data = self.package.read(href)
        except KeyError:
            return None
        try:
            return checked_image(
                data, self.package.limits, filename=href, alt_text=alt, title=title, decorative=decorative
            )
        except ImageSkipped as skipped:
            self.result.notices.append(ReaderNotice("image_skipped", skipped.message))
            return None

    def read_list(self, element, style_name, level):
        style_name = _attr(element, TEXTNS, "style-name") or style_name
        block = ListBlock(ordered=self.styles.list_ordered(style_name, level))
        for item in _elements(element):
            if item.qname not in ((TEXTNS, "list-item"), (TEXTNS, "list-header")):
                continue
            list_item = ListItem(spans=[])
            for child in _elements(item):
                if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                    pieces = []
                    self._read_inline(
                        child, pieces, _attr(child, TEXTNS, "style-name"), bold=None, italic=None, href=None
                    )
                    spans = [piece for piece in pieces if isinstance(piece, Span)]
                    if list_item.spans and spans:
                        list_item.spans.append(Span("\n"))
                    list_item.spans.extend(spans)
                elif child.qname == (TEXTNS, "list"):
                    nested = self.read_list(child, style_name, level + 1)
                    if list_item.children is None:
                        list_item.children = nested
                    else:
                        list_item.children.items.extend(nested.items)
            list_item.spans = _merge_spans(list_item.spans)
            block.items.append(list_item)
        return block

    def read_table(self, element):
        table = Table()
        rows = []
        self._collect_rows(element, rows, header=False)
        for row_element, is_header in rows:
            if is_header and len(table.rows) == table.header_rows:
                table.header_rows += 1
            for _ in range(_repeat(row_element, TABLENS, "number-rows-repeated")):
                row = self._read_row(row_element)
                table.rows.append(row)
                if not any(cell.blocks for cell in row):
                    break  # repeated empty rows: one is enough
        while table.rows and not any(cell.blocks for cell in table.rows[-1]):
            table.rows.pop()
        return table

    def _read_row(self, row_element):
        row = []
        for cell_element in _elements(row_element):
            for _ in range(_repeat(cell_element, TABLENS, "number-columns-repeated")):
                if cell_element.qname == (TABLENS, "covered-table-cell"):
                    row.append(TableCell(covered=True))
                elif cell_element.qname == (TABLENS, "table-cell"):
                    row.append(
                        TableCell(
                            blocks=self.read_container(cell_element),
                            col_span=_repeat(cell_element, TABLENS, "number-columns-spanned"),
                            row_span=_repeat(cell_element, TABLENS, "number-rows-spanned"),
                        )
                    )
        return row

    def _collect_rows(self, element, rows, header):
        for child in _elements(element):
            if child.qname == (TABLENS, "table-row"):
                rows.append((child, header))
            elif child.qname == (TABLENS, "table-header-rows"):
                self._collect_rows(child, rows, header=True)
            elif child.qname in ((TABLENS, "table-rows"), (TABLENS, "table-row-group")):
                self._collect_rows(child, rows, header)

    def read_master_pages(self):
        headers, footers, seen = [], [], set()
        for master in _elements(self.odf.masterstyles):
            for child in _elements(master):
                local = child.qname[1]
                if child.qname[0] != STYLENS or local not in (
                    "header",
                    "header-first",
                    "footer",
                    "footer-first",
                ):
                    continue
                target = headers if local.startswith("header") else footers
                for block in self.read_container(child):
                    key = (type(block).__name__, getattr(block, "text", None) or id(block))
                    if key not in seen:
                        seen.add(key)
                        target.append(block)
        return headers, footers
