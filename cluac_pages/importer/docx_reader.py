"""Word (.docx) files into the neutral document model, with python-docx.

python-docx opens the package, its parts and relationships, the styles and the numbering; this
module walks each paragraph's XML itself only where python-docx has no reading API: tracked
changes (text in ``w:ins`` is kept, text in ``w:del`` dropped, as when the changes are accepted),
comments (their anchors are skipped, their part never opened), text boxes, images and fields.
"""

import io
import re

import docx
from django.utils.translation import gettext
from docx.oxml.ns import qn
from docx.text.hyperlink import Hyperlink
from docx.text.run import Run

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

NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS_V = "urn:schemas-microsoft-com:vml"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"

HEADING_STYLE = re.compile(r"^(?:heading|titre|berschrift|t[íi]tulo)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "titre"}
TOC_STYLE = re.compile(r"^(?:toc|tdm|table des mati[èe]res)\s*\d*$|^toc heading$|^en-t[êe]te de table", re.I)
LIST_STYLE_LEVEL = re.compile(r"^(?:list bullet|list number|liste [àa] puces|liste num[ée]ro)\s*(\d)$", re.I)
HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+"([^"]+)"', re.IGNORECASE)

TRUE_VALUES = {None, "1", "true", "on"}


def _on(element):
    return element is not None and element.get(qn("w:val")) in TRUE_VALUES


class _Styles:
    """Heading levels, list levels and bold/italic inherited from styles, cached by style id."""

    def __init__(self, document):
        self.styles_element = document.styles.element
        self._cache = {}

    def chain(self, style_id):
        if style_id in self._cache:
            return self._cache[style_id]
        chain, seen = [], set()
        current = self.styles_element.get_by_id(style_id) if style_id else None
        while current is not None and current.styleId not in seen and len(chain) < 20:
            seen.add(current.styleId)
            chain.append(current)
            based_on = current.basedOn_val
            current = self.styles_element.get_by_id(based_on) if based_on else None
        self._cache[style_id] = chain
        return chain

    def name(self, style_id):
        chain = self.chain(style_id)
        return (chain[0].name_val or "") if chain else ""

    def heading_level(self, style_id):
        for style in self.chain(style_id):
            name = (style.name_val or "").strip()
            match = HEADING_STYLE.match(name) or HEADING_STYLE.match(style.styleId or "")
            if match:
                return int(match[1])
            if name.lower() in TITLE_STYLES or (style.styleId or "").lower() in TITLE_STYLES:
                return 0
            ppr = style.pPr
            outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
            if outline is not None and outline.get(qn("w:val"), "9").isdigit():
                level = int(outline.get(qn("w:val")))
                if level < 9:
                    return level + 1
        return None

    def numbering(self, style_id):
        for style in self.chain(style_id):
            ppr = style.pPr
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is not None:
                return numpr
        return None

    def list_level_from_name(self, style_id):
        match = LIST_STYLE_LEVEL.match(self.name(style_id))
        return int(match[1]) - 1 if match else 0

    def flag(self, style_id, tag):
        for style in self.chain(style_id):
            rpr = style.rPr
            element = rpr.find(qn(tag)) if rpr is not None else None
            if element is not None:
                return _on(element)
        return False

    def is_toc(self, style_id):
        return bool(style_id) and bool(TOC_STYLE.match(self.name(style_id)))


class _ListAssembler:
    """Numbered paragraphs into nested lists: Word stores a list as flat paragraphs with a level."""

    def __init__(self, blocks):
        self.blocks = blocks
        self.stack = []
        self.num_id = None

    def close(self):
        self.stack = []
        self.num_id = None

    def add(self, num_id, level, ordered, spans):
        if not self.stack or (level == 0 and num_id != self.num_id and self.stack[0].items):
            root = ListBlock(ordered=ordered)
            self.blocks.append(root)
            self.stack = [root]
            self.num_id = num_id
        del self.stack[level + 1 :]
        while len(self.stack) <= level:
            parent = self.stack[-1]
            if not parent.items:
                parent.items.append(ListItem(spans=[]))
            if parent.items[-1].children is None:
                parent.items[-1].children = ListBlock(ordered=ordered)
            self.stack.append(parent.items[-1].children)
        self.stack[level].items.append(ListItem(spans=spans))


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


class DocxReader:
    def __init__(self, package):
        self.package = package
        self.document = docx.Document(io.BytesIO(package.data))
        self.styles = _Styles(self.document)
        self.numbering = self._numbering_element()
        self.result = Document(source_format="docx")
        self.fields = []

    def _numbering_element(self):
        try:
            return self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return None

    def read(self):
        body = self.document.element.body
        self.result.blocks = self.read_container(body, self.document.part)
        self.result.header, self.result.footer = self.read_headers_and_footers()
        return self.result

    # Containers: the body, a cell, a text box, a header or footer.

    def read_container(self, element, part):
        blocks = []
        lists = _ListAssembler(blocks)
        self._read_children(element, part, blocks, lists)
        return blocks

    def _read_children(self, element, part, blocks, lists):
        for child in element.iterchildren():
            tag = child.tag
            if tag == qn("w:p"):
                self.read_paragraph(child, part, blocks, lists)
            elif tag == qn("w:tbl"):
                lists.close()
                blocks.append(self.read_table(child, part))
            elif tag == qn("w:sdt"):
                if self._is_table_of_contents(child):
                    self._toc_notice()
                    continue
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self._read_children(content, part, blocks, lists)
            elif tag in (qn("w:customXml"), qn("w:ins"), qn("w:moveTo"), qn("w:smartTag")):
                self._tracked(tag)
                self._read_children(child, part, blocks, lists)
            elif tag in (qn("w:del"), qn("w:moveFrom")):
                self._tracked(tag)
            elif tag == qn("w:altChunk"):
                self.result.notice(
                    "embedded_document",
                    gettext("Un document incorporé (bloc importé d'un autre fichier) n'a pas été lu."),
                )

    def _is_table_of_contents(self, sdt):
        gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
        return gallery is not None and "table of contents" in (gallery.get(qn("w:val")) or "").lower()

    def _toc_notice(self):
        self.result.notice(
            "table_of_contents",
            gettext("La table des matières du document n'a pas été reprise : elle sera refaite par la page."),
        )

    def _tracked(self, tag):
        if tag in (qn("w:ins"), qn("w:del"), qn("w:moveTo"), qn("w:moveFrom")):
            self.result.notice(
                "tracked_changes",
                gettext(
                    "Le document contenait des modifications suivies : elles ont été acceptées (le texte "
                    "inséré est repris, le texte supprimé ne l'est pas)."
                ),
            )

    # Paragraphs.

    def read_paragraph(self, p, part, blocks, lists):
        ppr = p.find(qn("w:pPr"))
        style_id = None
        if ppr is not None:
            pstyle = ppr.find(qn("w:pStyle"))
            style_id = pstyle.get(qn("w:val")) if pstyle is not None else None
        if self.styles.is_toc(style_id):
            self._toc_notice()
            return
        if ppr is not None and _on(ppr.find(qn("w:pageBreakBefore"))):
            lists.close()
            blocks.append(Break("page"))
        pieces = []
        self._read_inline(p, part, pieces, style_id, href=None)
        segments, extra = [[]], []
        for piece in pieces:
            if isinstance(piece, Span):
                segments[-1].append(piece)
            elif isinstance(piece, Break):
                segments.append([])
            else:
                extra.append(piece)
        level = self._heading_level(ppr, style_id)
        numbering = None if level is not None else self._list_info(ppr, style_id)
        for index, segment in enumerate(segments):
            if index:
                lists.close()
                blocks.append(Break("page"))
            spans = _merge_spans(segment)
            if not "".join(span.text for span in spans).strip():
                continue
            if level is not None:
                lists.close()
                blocks.append(Heading(level=level, spans=spans))
            elif numbering is not None:
                lists.add(*numbering, spans)
            else:
                lists.close()
                blocks.append(Paragraph(spans=spans, style=self.styles.name(style_id)))
        if extra:
            lists.close()
            blocks.extend(extra)
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            lists.close()
            blocks.append(Break("section"))

    def _heading_level(self, ppr, style_id):
        if ppr is not None:
            outline = ppr.find(qn("w:outlineLvl"))
            if outline is not None and (outline.get(qn("w:val")) or "9").isdigit():
                level = int(outline.get(qn("w:val")))
                return level + 1 if level < 9 else None
        return self.styles.heading_level(style_id)

    def _list_info(self, ppr, style_id):
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            numpr = self.styles.numbering(style_id)
        if numpr is None:
            return None
        num_id_element = numpr.find(qn("w:numId"))
        num_id = num_id_element.get(qn("w:val")) if num_id_element is not None else None
        if num_id in (None, "0"):
            return None
        ilvl_element = numpr.find(qn("w:ilvl"))
        ilvl = ilvl_element.get(qn("w:val")) if ilvl_element is not None else "0"
        level = int(ilvl) if (ilvl or "").isdigit() else 0
        level = min(max(level, self.styles.list_level_from_name(style_id)), 8)
        return num_id, level, self._is_ordered(num_id, level)

    def _is_ordered(self, num_id, level):
        if self.numbering is None:
            return False
        num = next(
            (n for n in self.numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == num_id), None
        )
        if num is None:
            return False
        abstract_id_element = num.find(qn("w:abstractNumId"))
        abstract_id = abstract_id_element.get(qn("w:val")) if abstract_id_element is not None else None
        abstract = next(
            (
                a
                for a in self.numbering.iterchildren(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == abstract_id
            ),
            None,
        )
        if abstract is None:
            return False
        for lvl in abstract.iterchildren(qn("w:lvl")):
            if lvl.get(qn("w:ilvl")) == str(level):
                fmt = lvl.find(qn("w:numFmt"))
                value = fmt.get(qn("w:val")) if fmt is not None else "bullet"
                return value not in ("bullet", "none")
        return False

    def _read_inline(self, element, part, pieces, style_id, href):
        for child in element.iterchildren():
            tag = child.tag
            if tag == qn("w:r"):
                self._read_run(child, part, pieces, style_id, href)
            elif tag == qn("w:hyperlink"):
                try:
                    target = Hyperlink(child, part).url
                except KeyError:
                    target = ""
                if not target.lower().startswith(("http://", "https://", "mailto:")):
                    target = None
                self._read_inline(child, part, pieces, style_id, target)
            elif tag in (qn("w:ins"), qn("w:moveTo")):
                self._tracked(tag)
                self._read_inline(child, part, pieces, style_id, href)
            elif tag in (qn("w:del"), qn("w:moveFrom")):
                self._tracked(tag)
            elif tag in (qn("w:smartTag"), qn("w:customXml"), qn("w:fldSimple")):
                self._read_inline(child, part, pieces, style_id, href)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self._read_inline(content, part, pieces, style_id, href)
            elif tag in (qn("w:commentRangeStart"), qn("w:commentRangeEnd")):
                self._comments_notice()
            elif tag == f"{{{NS_MC}}}AlternateContent":
                choice = child.find(f"{{{NS_MC}}}Choice")
                if choice is not None:
                    self._read_inline(choice, part, pieces, style_id, href)

    def _comments_notice(self):
        self.result.notice("comments", gettext("Les commentaires du document n'ont pas été repris."))

    def _field_href(self):
        for field in reversed(self.fields):
            if field["href"]:
                return field["href"]
        return None

    def _read_run(self, r, part, pieces, style_id, href):
        run = Run(r, None)
        rpr = r.find(qn("w:rPr"))
        if rpr is not None and (_on(rpr.find(qn("w:vanish"))) or _on(rpr.find(qn("w:webHidden")))):
            return
        char_style = None
        if rpr is not None and rpr.find(qn("w:rStyle")) is not None:
            char_style = rpr.find(qn("w:rStyle")).get(qn("w:val"))
        bold = run.bold
        if bold is None:
            bold = self.styles.flag(char_style, "w:b") or self.styles.flag(style_id, "w:b")
        italic = run.italic
        if italic is None:
            italic = self.styles.flag(char_style, "w:i") or self.styles.flag(style_id, "w:i")

        def add(text):
            if any(field["phase"] == "code" for field in self.fields):
                return
            pieces.append(Span(text, bool(bold), bool(italic), href or self._field_href()))

        for child in r.iterchildren():
            tag = child.tag
            if tag == qn("w:t"):
                add(child.text or "")
            elif tag == qn("w:tab"):
                add("\t")
            elif tag == qn("w:br"):
                if child.get(qn("w:type")) == "page":
                    pieces.append(Break("page"))
                else:
                    add("\n")
            elif tag == qn("w:cr"):
                add("\n")
            elif tag == qn("w:noBreakHyphen"):
                add("-")
            elif tag == qn("w:sym"):
                code = child.get(qn("w:char")) or ""
                try:
                    add(chr(int(code, 16)))
                except ValueError:
                    pass
            elif tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    self.fields.append({"phase": "code", "code": "", "href": None})
                elif kind == "separate" and self.fields:
                    field = self.fields[-1]
                    field["phase"] = "result"
                    match = HYPERLINK_FIELD.match(field["code"])
                    field["href"] = match[1] if match else None
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag == qn("w:instrText"):
                if self.fields:
                    self.fields[-1]["code"] += child.text or ""
            elif tag in (qn("w:drawing"), qn("w:pict")):
                self._read_drawing(child, part, pieces)
            elif tag == f"{{{NS_MC}}}AlternateContent":
                choice = child.find(f"{{{NS_MC}}}Choice")
                if choice is not None:
                    for inner in choice.iterchildren():
                        self._read_drawing(inner, part, pieces)
            elif tag == qn("w:object"):
                self.result.notice(
                    "embedded_object",
                    gettext(
                        "Un objet incorporé (tableau Excel, graphique…) n'a pas été repris : copiez son "
                        "contenu dans la page."
                    ),
                )
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                self.result.notice(
                    "notes",
                    gettext("Les notes de bas de page ou de fin du document n'ont pas été reprises."),
                )
            elif tag == qn("w:commentReference"):
                self._comments_notice()

    # Images and text boxes.

    def _iter_without_fallback(self, element):
        for child in element.iterchildren():
            if not isinstance(child.tag, str) or child.tag == f"{{{NS_MC}}}Fallback":
                continue
            yield child
            yield from self._iter_without_fallback(child)

    def _read_drawing(self, element, part, pieces):
        for node in self._iter_without_fallback(element):
            if node.tag == f"{{{NS_A}}}blip":
                self._read_blip(node, element, part, pieces)
            elif node.tag == f"{{{NS_V}}}imagedata":
                rel_id = node.get(f"{{{NS_R}}}id")
                if rel_id:
                    self._add_image(rel_id, part, pieces, alt=node.get(f"{{{NS_V}}}title") or "")
            elif node.tag == qn("w:txbxContent"):
                pieces.extend(self.read_container(node, part))

    def _read_blip(self, blip, drawing, part, pieces):
        doc_pr = next((n for n in drawing.iter(f"{{{NS_WP}}}docPr")), None)
        alt = title = ""
        decorative = False
        if doc_pr is not None:
            alt = doc_pr.get("descr") or ""
            title = doc_pr.get("title") or ""
            decorative = any(n.get("val") in ("1", "true") for n in doc_pr.iter(f"{{{NS_ADEC}}}decorative"))
        rel_id = blip.get(f"{{{NS_R}}}embed")
        if rel_id:
            self._add_image(rel_id, part, pieces, alt=alt, title=title, decorative=decorative)
        elif blip.get(f"{{{NS_R}}}link"):
            self._linked_image_notice()

    def _linked_image_notice(self):
        self.result.notice(
            "linked_image",
            gettext(
                "Une image liée à un fichier ou une adresse extérieurs n'a pas été reprise (elle n'est pas "
                "dans le document) ; ajoutez-la dans la page."
            ),
        )

    def _add_image(self, rel_id, part, pieces, alt="", title="", decorative=False):
        relationship = part.rels.get(rel_id)
        if relationship is None:
            return
        if relationship.is_external:
            self._linked_image_notice()
            return
        image_part = relationship.target_part
        try:
            image = checked_image(
                image_part.blob,
                self.package.limits,
                content_type=image_part.content_type,
                filename=str(image_part.partname),
                alt_text=alt,
                title=title,
                decorative=decorative,
            )
        except ImageSkipped as skipped:
            self.result.notices.append(ReaderNotice("image_skipped", skipped.message))
            return
        pieces.append(image)

    # Tables.

    def read_table(self, tbl, part):
        table = Table()
        origins = {}
        in_header = True
        for tr in tbl.iterchildren(qn("w:tr")):
            trpr = tr.find(qn("w:trPr"))
            if trpr is not None and trpr.find(qn("w:del")) is not None:
                self._tracked(qn("w:del"))
                continue
            is_header = trpr is not None and _on(trpr.find(qn("w:tblHeader")))
            if is_header and in_header:
                table.header_rows += 1
            else:
                in_header = False
            row = []
            grid_before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
            if grid_before is not None and (grid_before.get(qn("w:val")) or "").isdigit():
                row.extend(TableCell() for _ in range(int(grid_before.get(qn("w:val")))))
            for tc in self._row_cells(tr):
                tcpr = tc.find(qn("w:tcPr"))
                span = 1
                vmerge = None
                if tcpr is not None:
                    grid_span = tcpr.find(qn("w:gridSpan"))
                    if grid_span is not None and (grid_span.get(qn("w:val")) or "").isdigit():
                        span = max(1, int(grid_span.get(qn("w:val"))))
                    vmerge_element = tcpr.find(qn("w:vMerge"))
                    if vmerge_element is not None:
                        vmerge = vmerge_element.get(qn("w:val")) or "continue"
                column = len(row)
                if vmerge == "continue" and column in origins:
                    origins[column].row_span += 1
                    cell = TableCell(covered=True, col_span=span)
                else:
                    cell = TableCell(blocks=self.read_container(tc, part), col_span=span)
                    if vmerge == "restart":
                        origins[column] = cell
                    else:
                        origins.pop(column, None)
                row.append(cell)
                row.extend(TableCell(covered=True) for _ in range(span - 1))
            table.rows.append(row)
        return table

    def _row_cells(self, tr):
        for child in tr.iterchildren():
            if child.tag == qn("w:tc"):
                yield child
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
                if content is not None:
                    yield from content.iterchildren(qn("w:tc"))

    # Page headers and footers (the letterhead often sits there).

    def read_headers_and_footers(self):
        headers, footers = [], []
        seen = set()
        for section in self.document.sections:
            pairs = []
            if section.different_first_page_header_footer:
                pairs.append((section.first_page_header, headers))
                pairs.append((section.first_page_footer, footers))
            pairs.append((section.header, headers))
            pairs.append((section.footer, footers))
            for header_footer, target in pairs:
                if header_footer.is_linked_to_previous:
                    continue
                blocks = self.read_container(header_footer._element, header_footer.part)
                for block in blocks:
                    key = (type(block).__name__, getattr(block, "text", None) or id(block))
                    if key in seen:
                        continue
                    seen.add(key)
                    target.append(block)
        return headers, footers
