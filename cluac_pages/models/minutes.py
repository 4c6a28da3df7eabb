"""The minutes (compte-rendu) of a meeting."""

from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from ..blocks import MinutesBodyBlock
from ..guarantee.pages import MinutesPermissionTester
from .base import BasePage, CluacPageMixin, TreeRulesMixin
from .meeting import AttendanceStatus
from .people import Person
from .validation import minutes_workflow, validation_record


class MinutesTag(TaggedItemBase):
    content_object = ParentalKey(
        "cluac_pages.MinutesPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class MinutesPage(RoutablePageMixin, TreeRulesMixin, CluacPageMixin, BasePage):
    written_at = models.CharField(_("lieu de rédaction"), max_length=100, blank=True)
    written_on = models.DateField(_("date du compte-rendu"), null=True, blank=True)
    followed_by = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("affaire suivie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Seule la fonction et l'adresse fonctionnelle du comité sont publiées."),
    )
    recipients = models.CharField(
        _("destinataires"), max_length=255, default=_("à Mesdames, Messieurs les participants")
    )
    subject = models.CharField(_("objet"), max_length=255)
    body = StreamField(MinutesBodyBlock(), verbose_name=_("contenu"), blank=True)
    tags = ClusterTaggableManager(through=MinutesTag, blank=True, verbose_name=_("thèmes"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("written_at"), FieldPanel("written_on")]),
                FieldPanel("followed_by"),
                FieldPanel("recipients"),
                FieldPanel("subject"),
            ],
            heading=_("En-tête"),
        ),
        FieldPanel("body"),
        InlinePanel("annexes", heading=_("Annexes"), label=_("Annexe")),
        FieldPanel("tags"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("subject"),
        index.SearchField("body"),
        index.RelatedFields(
            "annexes",
            [index.SearchField("title"), index.RelatedFields("document", [index.SearchField("title")])],
        ),
    ]

    parent_page_types = ["cluac_pages.MeetingPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "cluac_pages/minutes_page.html"
    permission_tester_class = MinutesPermissionTester

    class Meta:
        verbose_name = _("compte-rendu")
        verbose_name_plural = _("comptes-rendus")
        permissions = [
            ("validate_minutes", _("Peut valider, publier et dépublier les comptes-rendus")),
        ]

    # Minutes follow the validation workflow wherever they stand in the tree,
    # whatever workflow governs their ancestors.
    def get_workflow(self):
        return minutes_workflow()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    @property
    def meeting(self):
        from .meeting import MeetingPage

        return MeetingPage.objects.parent_of(self).first()

    def participants(self, meeting):
        """The participants annex, generated from the meeting's attendance."""
        attendances = meeting.attendances.select_related(
            "seat", "seat__college", "seat__organisation", "person", "person__organisation"
        ).order_by("seat__college__sort_order", "seat__sort_order", "sort_order")
        groups = {status: [] for status in AttendanceStatus}
        for attendance in attendances:
            groups[attendance.status].append(attendance)
        guests = [
            g
            for g in meeting.guests.select_related("person", "person__organisation")
            if g.status == AttendanceStatus.PRESENT
        ]
        return {
            "present": groups[AttendanceStatus.PRESENT],
            "represented": groups[AttendanceStatus.REPRESENTED],
            "excused": groups[AttendanceStatus.EXCUSED],
            "absent": groups[AttendanceStatus.ABSENT],
            "guests": guests,
        }

    @path("pdf/", name="pdf")
    def pdf(self, request):
        """The validated version as a PDF: served from the live page, never from a draft."""
        from ..pdf import minutes_pdf, pdf_filename

        response = HttpResponse(minutes_pdf(self, request), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{pdf_filename(self)}"'
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meeting = self.meeting
        committee = meeting.committee if meeting else None
        context["meeting"] = meeting
        context["committee"] = committee
        context["participants"] = self.participants(meeting) if meeting else None
        context["annex_list"] = self.annexes.select_related("document")
        context["validation"] = validation_record(self)
        if self.followed_by_id:
            context["followed_by"] = (
                Person.objects.select_related("organisation").filter(pk=self.followed_by_id).first()
            )
        return context


class MinutesAnnex(Orderable):
    minutes = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="annexes")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("intitulé"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("annexe")
        verbose_name_plural = _("annexes")

    @property
    def display_title(self):
        return self.title or self.document.title
