"""Procedure sheets (fiches procédure) of the quality programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import ProcedureBodyBlock
from .base import BasePage, CluacPageMixin, TreeRulesMixin

TEXT_FEATURES = ["bold", "italic", "ul", "ol", "link"]


class ProcedureSheetPage(TreeRulesMixin, CluacPageMixin, BasePage):
    reference = models.CharField(
        _("référence"), max_length=100, blank=True, help_text=_("Par exemple « FP – Pilotage – CLU ».")
    )
    updated_on = models.DateField(_("mise à jour le"), null=True, blank=True)
    object = RichTextField(_("objet de la procédure"), features=TEXT_FEATURES)
    scope = models.CharField(_("domaine d'application"), max_length=255, blank=True)
    references = RichTextField(_("références"), features=TEXT_FEATURES, blank=True)
    body = StreamField(ProcedureBodyBlock(), verbose_name=_("rédaction de la procédure"), blank=True)
    drafted_by_name = models.CharField(_("rédigée par (nom)"), max_length=255, blank=True)
    drafted_by_function = models.CharField(_("fonction du rédacteur"), max_length=255, blank=True)
    drafted_on = models.DateField(_("date de rédaction"), null=True, blank=True)
    validated_by_name = models.CharField(_("validée par (nom)"), max_length=255, blank=True)
    validated_by_function = models.CharField(_("fonction du valideur"), max_length=255, blank=True)
    validated_on = models.DateField(_("date de validation"), null=True, blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("reference"), FieldPanel("updated_on")]),
        FieldPanel("object"),
        FieldPanel("scope"),
        FieldPanel("references"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("drafted_by_name"), FieldPanel("drafted_by_function"), FieldPanel("drafted_on")],
            heading=_("Rédaction"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("validated_by_name"),
                FieldPanel("validated_by_function"),
                FieldPanel("validated_on"),
            ],
            heading=_("Validation"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("reference"),
        index.SearchField("object"),
        index.SearchField("scope"),
        index.SearchField("references"),
        index.SearchField("body"),
        index.SearchField("drafted_by_name"),
        index.SearchField("drafted_by_function"),
        index.SearchField("validated_by_name"),
        index.SearchField("validated_by_function"),
    ]

    parent_page_types = ["cluac_pages.CommitteePage"]
    subpage_types = []
    template = "cluac_pages/procedure_sheet_page.html"

    class Meta:
        verbose_name = _("fiche procédure")
        verbose_name_plural = _("fiches procédure")
