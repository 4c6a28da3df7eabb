"""Quality results presented to the committee."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import RICH_TEXT_FEATURES


class IndicatorBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("indicateur"))
    target = blocks.CharBlock(label=_("cible"), required=False)
    result = blocks.CharBlock(label=_("résultat"), required=False)
    position = blocks.ChoiceBlock(
        label=_("position par rapport à la cible"),
        choices=[
            ("above", _("Au-dessus de la cible")),
            ("at", _("À la limite de la cible")),
            ("below", _("En dessous de la cible")),
        ],
        required=False,
    )


class QualityResultsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), default=_("Résultats des indicateurs qualité"))
    programme = blocks.CharBlock(label=_("démarche"), required=False)
    summary = blocks.RichTextBlock(label=_("synthèse"), features=RICH_TEXT_FEATURES, required=False)
    indicators = blocks.ListBlock(IndicatorBlock(), label=_("indicateurs"), default=[])

    class Meta:
        icon = "table"
        label = _("Résultats qualité")
        template = "cluac_pages/blocks/quality_results.html"


class SatisfactionSurveyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), default=_("Enquête de satisfaction"))
    period_start = blocks.DateBlock(label=_("début de l'enquête"), required=False)
    period_end = blocks.DateBlock(label=_("fin de l'enquête"), required=False)
    period_label = blocks.CharBlock(
        label=_("période (texte libre)"),
        required=False,
        help_text=_("Si les dates exactes ne sont pas connues, par exemple « 2022 »."),
    )
    sites = blocks.CharBlock(label=_("sites concernés"), required=False)
    sample_size = blocks.IntegerBlock(label=_("nombre d'usagers interrogés"), required=False, min_value=0)
    satisfaction_rate = blocks.DecimalBlock(
        label=_("taux de satisfaction (%)"), required=False, min_value=0, max_value=100
    )
    summary = blocks.RichTextBlock(label=_("résultats"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ul"
        label = _("Enquête de satisfaction")
        template = "cluac_pages/blocks/satisfaction_survey.html"


class MysteryShopperBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), default=_("Enquête mystère"))
    period_label = blocks.CharBlock(label=_("période"), required=False)
    channels = blocks.CharBlock(
        label=_("canaux évalués"),
        required=False,
        help_text=_("Accueil physique, téléphone, courriels, site internet…"),
    )
    score = blocks.CharBlock(label=_("note ou taux de conformité"), required=False)
    summary = blocks.RichTextBlock(label=_("résultats"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "view"
        label = _("Enquête mystère")
        template = "cluac_pages/blocks/mystery_shopper.html"
