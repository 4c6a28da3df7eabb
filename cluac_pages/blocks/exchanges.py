"""What was said: a member's statement and the answers it received."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import RICH_TEXT_FEATURES
from .people import PersonChooserBlock


class AnswerBlock(blocks.StructBlock):
    speaker = PersonChooserBlock(label=_("intervenant"))
    statement = blocks.RichTextBlock(label=_("réponse"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "openquote"
        label = _("Réponse")


class ExchangeBlock(blocks.StructBlock):
    speaker = PersonChooserBlock(label=_("intervenant"))
    spoken_for = blocks.CharBlock(
        label=_("au nom de"),
        required=False,
        help_text=_("Organisme au nom duquel l'intervenant s'exprime, s'il diffère du sien."),
    )
    statement = blocks.RichTextBlock(label=_("intervention"), features=RICH_TEXT_FEATURES)
    answers = blocks.ListBlock(AnswerBlock(), label=_("réponses"), default=[])

    class Meta:
        icon = "group"
        label = _("Échange")
        template = "cluac_pages/blocks/exchange.html"
