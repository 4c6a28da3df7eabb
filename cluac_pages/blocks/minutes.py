from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import DocumentLinkBlock, ImageBlock, ParagraphBlock, TableBlock
from .decisions import (
    AgreedActionsBlock,
    NextMeetingBlock,
    PointsOfAgreementBlock,
    SignatureBlock,
    WorkshopBlock,
)
from .exchanges import ExchangeBlock
from .quality import MysteryShopperBlock, QualityResultsBlock, SatisfactionSurveyBlock


class SectionContentBlock(blocks.StreamBlock):
    """What a headed section of minutes may hold; titled blocks render as level 3."""

    paragraph = ParagraphBlock()
    exchange = ExchangeBlock()
    quality_results = QualityResultsBlock()
    satisfaction_survey = SatisfactionSurveyBlock()
    mystery_shopper = MysteryShopperBlock()
    workshop = WorkshopBlock()
    points_of_agreement = PointsOfAgreementBlock()
    agreed_actions = AgreedActionsBlock()
    table = TableBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre de la section"))
    content = SectionContentBlock(label=_("contenu"))

    class Meta:
        icon = "title"
        label = _("Section")
        template = "cluac_pages/blocks/section.html"


class MinutesBodyBlock(blocks.StreamBlock):
    """The body of a set of minutes: headed sections, then the next meeting and signature."""

    section = SectionBlock()
    paragraph = ParagraphBlock()
    next_meeting = NextMeetingBlock()
    signature = SignatureBlock()
