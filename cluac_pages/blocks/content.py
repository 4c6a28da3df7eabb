"""General-purpose content blocks."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock

from ..read_once import DocumentChooserBlock, ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        # The most frequent block of a body, rendered without a template of its own: a template
        # per paragraph cost more than the paragraph.
        return format_html('<div class="cluac-rich-text">{}</div>', value)

    class Meta:
        icon = "pilcrow"
        label = _("Texte")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alternative_text = blocks.CharBlock(
        label=_("texte alternatif"),
        required=False,
        help_text=_("Laisser vide si l'image est décorative."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cluac_pages/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("intitulé"), required=False)

    def get_searchable_content(self, value):
        # The link reads the title given here, or else the document's own.
        document = value.get("document")
        title = value.get("title") or (document.title if document else "")
        return [title] if title else []

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "cluac_pages/blocks/document_link.html"


class TableBlock(WagtailTableBlock):
    """A table as the file had it (merged cells included), in the State design system's frame."""

    class Meta:
        icon = "table"
        label = _("Tableau")
        template = "cluac_pages/blocks/table.html"
