"""The minutes (compte-rendu) of a meeting."""

from django.db import models
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from .. import french
from ..blocks import MinutesBodyBlock
from ..guarantee.pages import MinutesPermissionTester
from ..read_once import already_read, references_read_once
from .base import BasePage, CluacPageMixin, TreeRulesMixin, parent_of_type
from .meeting import AttendanceStatus
from .participants import ParticipantGroup
from .people import Person
from .validation import minutes_workflow, validation_record


class MinutesTag(TaggedItemBase):
    content_object = ParentalKey(
        "cluac_pages.MinutesPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class MinutesPage(RoutablePageMixin, TreeRulesMixin, CluacPageMixin, BasePage):
    issuing_service = models.TextField(
        _("service émetteur"),
        blank=True,
        help_text=_(
            "L'en-tête sous le bloc-marque du préfet, une ligne par ligne du papier : par exemple "
            "« Sous-préfecture de Draguignan », puis « Bureau de la cohésion sociale »."
        ),
    )
    written_at = models.CharField(_("lieu de rédaction"), max_length=100, blank=True)
    written_on = models.DateField(_("date du compte-rendu"), null=True, blank=True)
    followed_by = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("affaire suivie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Seule sa fonction est publiée, avec l'adresse fonctionnelle du comité."),
    )
    recipients = models.CharField(
        _("destinataires"),
        max_length=255,
        blank=True,
        help_text=_("Facultatif, par exemple « à Mesdames, Messieurs les participants »."),
    )
    participants_in_annex = models.BooleanField(
        _("liste des participants en annexe"),
        default=False,
        help_text=_(
            "La liste est produite à partir des présences et des participants de la réunion. Par défaut "
            "elle suit l'en-tête ; cochez pour la placer après les documents annexés, comme le papier."
        ),
    )
    subject = models.CharField(_("objet"), max_length=255)
    body = StreamField(MinutesBodyBlock(), verbose_name=_("contenu"), blank=True)
    tags = ClusterTaggableManager(through=MinutesTag, blank=True, verbose_name=_("thèmes"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("issuing_service"),
                FieldRowPanel([FieldPanel("written_at"), FieldPanel("written_on")]),
                FieldPanel("followed_by"),
                FieldPanel("recipients"),
                FieldPanel("subject"),
                FieldPanel("participants_in_annex"),
            ],
            heading=_("En-tête"),
        ),
        FieldPanel("body"),
        InlinePanel("annexes", heading=_("Annexes"), label=_("Annexe")),
        FieldPanel("tags"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("subject"),
        index.SearchField("recipients"),
        index.SearchField("body"),
        index.SearchField("header_and_participants_text"),
        index.RelatedFields("tags", [index.SearchField("name")]),
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

    @cached_property
    def meeting(self):
        from .meeting import MeetingPage

        return parent_of_type(self, MeetingPage)

    @property
    def issuing_service_lines(self):
        return [line.strip() for line in self.issuing_service.splitlines() if line.strip()]

    def header_and_participants_text(self):
        """What the page shows around its body, for the search index: the issuing service, the
        meeting's place and chair, who follows the matter, and the list of participants."""
        meeting = self.meeting
        texts = [*self.issuing_service_lines, self.written_at]
        if self.followed_by_id:
            texts.append(self.followed_by.function)
        if meeting is not None:
            rows = meeting.participant_rows()
            texts += [meeting.place, meeting.chair_label(rows)]
            for _heading, lines in self.participant_groups(meeting, rows):
                texts += lines
        return [text for text in texts if text]

    def participant_groups(self, meeting, rows=None):
        """The list of participants, generated from the seats' attendance and the meeting's rows.

        ``[(heading, [line, …]), …]`` in the order of a paper's list, empty groups left out:
        members present, members represented by their substitute, administration, other
        participants, excused, absent. Two queries (one if ``rows`` are given).
        """
        attendances = meeting.attendances.select_related(
            "seat", "seat__college", "seat__organisation", "person", "person__organisation"
        ).order_by("seat__college__sort_order", "seat__sort_order", "sort_order")
        rows = meeting.participant_rows() if rows is None else rows
        lines = {key: [] for key, _heading in PARTICIPANT_GROUPS}
        for attendance in attendances:
            lines[SEAT_GROUP[attendance.status]].append(seat_attendance_line(attendance))
        for row in rows:
            lines[row_group(row)].append(row.public_label)
        return [(heading, lines[key]) for key, heading in PARTICIPANT_GROUPS if lines[key]]

    def serve(self, request, *args, **kwargs):
        # The page and its PDF read what their body chooses or links to (speakers, images,
        # documents), and the person who follows the matter, once: one query per kind, not per
        # block level or paragraph. The page is rendered here, while they are at hand.
        persons = Person.objects.select_related("organisation")
        with references_read_once([self.body], also=[(persons, [self.followed_by_id])]):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    @path("pdf/", name="pdf")
    def pdf(self, request):
        """The validated version as a PDF: served from the live page, never from a draft."""
        from ..pdf import content_disposition, minutes_pdf

        response = HttpResponse(minutes_pdf(self, request), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(self)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meeting = self.meeting
        committee = meeting.committee if meeting else None
        context["meeting"] = meeting
        context["committee"] = committee
        rows = meeting.participant_rows() if meeting else []
        context["participant_groups"] = self.participant_groups(meeting, rows) if meeting else []
        chair = meeting.chair_label(rows) if meeting else ""
        context["chair"] = chair
        context["chair_after_de"] = french.after_de(chair) if chair else ""
        context["annex_list"] = self.annexes.select_related("document")
        context["validation"] = validation_record(self)
        if self.followed_by_id:
            read, person = already_read(Person, self.followed_by_id)
            context["followed_by"] = (
                person
                if read
                else Person.objects.select_related("organisation").filter(pk=self.followed_by_id).first()
            )
        return context


PARTICIPANT_GROUPS = [
    ("present", _("Membres présents")),
    ("represented", _("Membres représentés par leur suppléant(e)")),
    ("administration", _("Administration")),
    ("other", _("Autres participants")),
    ("excused", _("Excusés")),
    ("absent", _("Absents")),
]
SEAT_GROUP = {
    AttendanceStatus.PRESENT: "present",
    AttendanceStatus.REPRESENTED: "represented",
    AttendanceStatus.EXCUSED: "excused",
    AttendanceStatus.ABSENT: "absent",
}


def row_group(row):
    if row.status == AttendanceStatus.PRESENT:
        return {
            ParticipantGroup.MEMBER: "present",
            ParticipantGroup.ADMINISTRATION: "administration",
        }.get(row.group, "other")
    return SEAT_GROUP[row.status]


def seat_label(seat):
    """« Un représentant de l'UDAF (UDAF 44) »: the seat, and its organisation unless the title names it."""
    organisation = seat.organisation.name
    if organisation.casefold() in seat.title.casefold():
        return seat.title
    return f"{seat.title} ({organisation})"


def seat_attendance_line(attendance):
    """A seat's line: who sat is named only where their name is public; absent members never are."""
    label = seat_label(attendance.seat)
    person = attendance.person
    if attendance.status == AttendanceStatus.REPRESENTED:
        if person is not None and person.name_is_public:
            return gettext("%(seat)s : représenté(e) par %(person)s") % {
                "seat": label,
                "person": person.public_label,
            }
        return gettext("%(seat)s : représenté(e) par son suppléant ou sa suppléante") % {"seat": label}
    if attendance.status == AttendanceStatus.PRESENT and person is not None and person.name_is_public:
        return f"{label} : {person.public_label}"
    return label


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
