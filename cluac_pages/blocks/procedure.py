from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import DocumentLinkBlock, ParagraphBlock


class ProcedureSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre de la section"))
    content = blocks.StreamBlock(
        [("paragraph", ParagraphBlock()), ("document", DocumentLinkBlock())],
        label=_("contenu"),
    )

    class Meta:
        icon = "title"
        label = _("Section")
        template = "cluac_pages/blocks/section.html"


class ProcedureBodyBlock(blocks.StreamBlock):
    section = ProcedureSectionBlock()
    paragraph = ParagraphBlock()
