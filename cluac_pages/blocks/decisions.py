"""Workshops, agreements, actions and the next meeting: what the committee decided."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import RICH_TEXT_FEATURES


class PracticalCaseBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label=_("numéro"), required=False, min_value=1)
    title = blocks.CharBlock(label=_("intitulé"))
    conclusions = blocks.RichTextBlock(label=_("conclusions"), features=RICH_TEXT_FEATURES, required=False)


class WorkshopBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), default=_("Ateliers et cas pratiques"))
    introduction = blocks.RichTextBlock(label=_("introduction"), features=RICH_TEXT_FEATURES, required=False)
    cases = blocks.ListBlock(PracticalCaseBlock(), label=_("cas pratiques"), default=[])

    class Meta:
        icon = "clipboard-list"
        label = _("Ateliers / cas pratiques")
        template = "cluac_pages/blocks/workshop.html"


class PointsOfAgreementBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), default=_("Principaux points d'accord"))
    points = blocks.ListBlock(blocks.CharBlock(label=_("point d'accord")), label=_("points d'accord"))

    class Meta:
        icon = "tick"
        label = _("Points d'accord")
        template = "cluac_pages/blocks/points_of_agreement.html"


class AgreedActionBlock(blocks.StructBlock):
    what = blocks.CharBlock(label=_("action"))
    who = blocks.CharBlock(label=_("porteur"), required=False)
    due_date = blocks.DateBlock(label=_("échéance"), required=False)


class AgreedActionsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), default=_("Actions décidées"))
    actions = blocks.ListBlock(AgreedActionBlock(), label=_("actions"))

    class Meta:
        icon = "tasks"
        label = _("Actions décidées")
        template = "cluac_pages/blocks/agreed_actions.html"


class NextMeetingBlock(blocks.StructBlock):
    planned_for = blocks.CharBlock(
        label=_("échéance prévue"),
        help_text=_("Par exemple « mars 2021 », ou une date précise."),
    )
    date = blocks.DateBlock(label=_("date"), required=False)
    notes = blocks.RichTextBlock(label=_("précisions"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "date"
        label = _("Prochaine réunion")
        template = "cluac_pages/blocks/next_meeting.html"


class SignatureBlock(blocks.StructBlock):
    formula = blocks.CharBlock(
        label=_("formule"), default=_("Pour le préfet et par délégation,"), required=False
    )
    function = blocks.CharBlock(label=_("fonction du signataire"), default=_("Le secrétaire général"))
    name = blocks.CharBlock(label=_("nom du signataire"))

    class Meta:
        icon = "edit"
        label = _("Signature")
        template = "cluac_pages/blocks/signature.html"
