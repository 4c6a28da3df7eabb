"""A meeting of a committee: when, where, agenda, documents, attendance."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from ..action_plan import ActionPlanFollowUpPanel
from ..guarantee.pages import MeetingPermissionTester
from ..participant_panel import ParticipantsPanel
from .base import BasePage, CluacPageMixin, TreeRulesMixin, parent_of_type, public


class MeetingPage(TreeRulesMixin, CluacPageMixin, BasePage):
    start = models.DateTimeField(_("début de la réunion"))
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255)
    chair = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("présidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Une personne enregistrée ; ou bien cochez « préside la réunion » sur la ligne d'un participant."
        ),
    )
    chair_function = models.CharField(
        _("fonction de la présidence"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple « le secrétaire général de la préfecture »."),
    )
    introduction = models.TextField(_("objet de la réunion"), blank=True)
    cancelled = models.BooleanField(
        _("réunion annulée"),
        default=False,
        help_text=_("Une réunion annulée reste affichée, avec la mention « annulée », et l'agenda l'annule."),
    )
    tags = ClusterTaggableManager(through="cluac_pages.MeetingTag", blank=True, verbose_name=_("thèmes"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end_time")]),
                FieldPanel("place"),
                FieldPanel("chair"),
                FieldPanel("chair_function"),
                FieldPanel("introduction"),
                FieldPanel("cancelled"),
                FieldPanel("tags"),
            ],
            heading=_("Réunion"),
        ),
        InlinePanel("agenda_items", heading=_("Ordre du jour"), label=_("Point")),
        InlinePanel("documents", heading=_("Documents (supports, présentations)"), label=_("Document")),
        ParticipantsPanel(
            "participants",
            heading=_("Autres participants"),
            label=_("participant"),
            help_text=_(
                "Les titulaires des sièges de la composition sont enregistrés avec le bouton « Présences ». "
                "Ajoutez ici, une ligne par personne, l'administration, les autres participants et les "
                "membres absents de la composition ; rien n'est à créer au préalable."
            ),
        ),
        ActionPlanFollowUpPanel(),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("place"),
        index.SearchField("introduction"),
        index.SearchField("chair_label"),
        index.RelatedFields(
            "agenda_items",
            [
                index.SearchField("title"),
                index.SearchField("presenter"),
                index.RelatedFields("document", [index.SearchField("title")]),
            ],
        ),
        index.RelatedFields("documents", [index.SearchField("display_title")]),
        index.FilterField("start"),
    ]

    parent_page_types = ["cluac_pages.CommitteePage"]
    subpage_types = ["cluac_pages.MinutesPage"]
    template = "cluac_pages/meeting_page.html"
    permission_tester_class = MeetingPermissionTester

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")

    def route(self, request, path_components):
        from .minutes import MinutesPage

        return self.route_to_child(request, path_components, MinutesPage.objects.all())

    def clean(self):
        super().clean()
        if self.start and self.end_time:
            local_start = timezone.localtime(self.start) if timezone.is_aware(self.start) else self.start
            if self.end_time <= local_start.time():
                raise ValidationError({"end_time": _("L'heure de fin doit suivre l'heure de début.")})

    @cached_property
    def committee(self):
        from .committee import CommitteePage

        return parent_of_type(self, CommitteePage)

    @property
    def is_past(self):
        return self.start < timezone.now()

    @property
    def local_start(self):
        return timezone.localtime(self.start) if timezone.is_aware(self.start) else self.start

    def participant_rows(self):
        """The participants recorded in rows, with what their labels read, in one query."""
        return list(self.participants.select_related("organisation", "person", "person__organisation"))

    def chair_label(self, participant_rows=None):
        """Who chaired, as the public may read it: « M. Pascal OTHEGUY, le secrétaire général… », the
        function alone where the name is not public, or an empty string."""
        if self.chair_id:
            return self.chair.public_label_as(self.chair_function)
        rows = self.participant_rows() if participant_rows is None else participant_rows
        chair = next((row for row in rows if row.chairs_meeting), None)
        if chair is not None:
            if self.chair_function and not chair.effective_function:
                if chair.name_is_public:
                    return f"{chair.full_name}, {self.chair_function}"
                return self.chair_function
            return chair.chair_label
        return self.chair_function

    def live_minutes(self):
        from .minutes import MinutesPage

        return public(MinutesPage.objects.child_of(self).live()).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["agenda_items"] = self.agenda_items.select_related("document")
        context["meeting_documents"] = self.documents.select_related("document")
        context["minutes"] = self.live_minutes()
        context["chair"] = self.chair_label()
        return context


def attach_live_minutes(meetings):
    """Set ``published_minutes`` on each meeting, with one query for all of them."""
    from django.db.models import Q

    from .minutes import MinutesPage

    for meeting in meetings:
        meeting.published_minutes = None
    if not meetings:
        return meetings
    under_these_meetings = Q()
    for meeting in meetings:
        under_these_meetings |= Q(path__startswith=meeting.path, depth=meeting.depth + 1)
    by_parent_path = {
        minutes.path[: -BasePage.steplen]: minutes
        for minutes in public(MinutesPage.objects.live().filter(under_these_meetings))
    }
    for meeting in meetings:
        meeting.published_minutes = by_parent_path.get(meeting.path)
    return meetings


class MeetingCalendarState(models.Model):
    """The iCalendar version of a meeting (SEQUENCE), kept outside the page's revisions.

    It only grows: each publication that changes the date, time, place or
    cancellation raises it, so that calendars replace the event they hold.
    """

    meeting = models.OneToOneField(MeetingPage, on_delete=models.CASCADE, related_name="calendar_state")
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0)
    fingerprint = models.CharField(_("empreinte des informations publiées"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("version d'agenda d'une réunion")
        verbose_name_plural = _("versions d'agenda des réunions")

    def __str__(self):
        return f"{self.meeting} – SEQUENCE {self.sequence}"


class MeetingTag(TaggedItemBase):
    content_object = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="tagged_items")


class AgendaItem(Orderable):
    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("intitulé"), max_length=255)
    presenter = models.CharField(
        _("présenté par"),
        max_length=255,
        blank=True,
        help_text=_("Fonction, ou nom d’un agent public : ce texte est publié tel quel."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document lié"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("presenter"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("ordre du jour")


class MeetingDocument(Orderable):
    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("intitulé"), max_length=255, blank=True, help_text=_("Par défaut, le titre du document.")
    )
    sent_on = models.DateField(_("envoyé aux membres le"), null=True, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("sent_on")]

    class Meta(Orderable.Meta):
        verbose_name = _("document de séance")
        verbose_name_plural = _("documents de séance")

    @property
    def display_title(self):
        return self.title or self.document.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Présent(e)")
    EXCUSED = "excused", _("Excusé(e)")
    ABSENT = "absent", _("Absent(e)")
    REPRESENTED = "represented", _("Représenté(e) par un suppléant")


class Attendance(models.Model):
    """Who sat in a seat at a meeting.

    Recorded by the secretariat (and, later, by the members' replies) beside the page,
    not in its revisions: publishing the meeting page never overwrites it.
    """

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="attendances")
    seat = models.ForeignKey(
        "cluac_pages.Seat", verbose_name=_("siège"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(
        _("présence"), max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    person = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("personne ayant siégé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
        help_text=_("Le titulaire, ou le suppléant lorsque le siège est représenté."),
    )

    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat"),
        ]

    def __str__(self):
        return f"{self.seat} – {self.get_status_display()}"

    def clean(self):
        super().clean()
        if self.status == AttendanceStatus.REPRESENTED and not self.person_id:
            raise ValidationError({"person": _("Indiquez le suppléant qui a représenté ce siège.")})
