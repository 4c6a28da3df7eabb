"""The committee page: role, composition, meetings."""

import datetime
from itertools import groupby

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from ..constants import DEPARTEMENTS
from ..pagination import page_with_total
from ..validators import validate_departement
from .base import BasePage, CluacPageMixin, TreeRulesMixin, public
from .composition import composition_on

ROLE_FEATURES = ["bold", "italic", "ul", "ol", "link"]


class QualityProgramme(models.Model):
    """A quality programme a committee takes part in (Qual-e-pref modules, Services Publics +)."""

    code = models.SlugField(_("code"), unique=True)
    label = models.CharField(_("intitulé"), max_length=255)
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("démarche qualité")
        verbose_name_plural = _("démarches qualité")

    def __str__(self):
        return self.label


def suggestion_conditions():
    """Which of a committee's suggestions each of its published counts counts, by name."""
    from .suggestion import Suggestion

    examined = [Suggestion.Status.EXAMINED, Suggestion.Status.ACTION, Suggestion.Status.ANSWERED]
    return {
        "received": Q(),
        "examined": Q(status__in=examined) | Q(examined_at_meeting__isnull=False),
        "actions": Q(status=Suggestion.Status.ACTION) | Q(action__isnull=False),
    }


def suggestion_count_subqueries():
    """``suggestions_<name>`` annotations of a committee queryset (``suggestion_conditions``)."""
    from .suggestion import Suggestion

    def count(condition):
        rows = (
            Suggestion.objects.filter(condition, committee=OuterRef("pk"))
            .order_by()
            .values("committee")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return Coalesce(Subquery(rows), 0)

    return {f"suggestions_{name}": count(condition) for name, condition in suggestion_conditions().items()}


class CommitteePage(TreeRulesMixin, CluacPageMixin, BasePage):
    acronym = models.CharField(_("sigle"), max_length=20, help_text=_("CLU ou CLUAC, par exemple."))
    departement = models.CharField(
        _("département"),
        max_length=3,
        validators=[validate_departement],
        help_text=_("Code du département : 01 à 95, 2A, 2B, 971 à 976."),
    )
    introduction = RichTextField(_("présentation"), features=ROLE_FEATURES, blank=True)
    prefecture_role = RichTextField(
        _("rôle des services de la préfecture"), features=ROLE_FEATURES, blank=True
    )
    representatives_role = RichTextField(
        _("rôle des représentants des usagers"), features=ROLE_FEATURES, blank=True
    )
    topics = RichTextField(_("sujets traités"), features=ROLE_FEATURES, blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("nombre minimal de réunions par an"),
        default=1,
        help_text=_("Au moins une réunion par an ; deux en période préparatoire à la labellisation."),
    )
    substitution_notice_days = models.PositiveSmallIntegerField(
        _("délai d'information pour une suppléance (jours ouvrables)"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Le secrétariat doit être informé de l'identité et de la fonction du suppléant au moins "
            "ce nombre de jours ouvrables avant la réunion (2 dans les fiches procédure du Lot et du Gard)."
        ),
    )
    meeting_rules = RichTextField(_("modalités de réunion"), features=ROLE_FEATURES, blank=True)
    secretariat = models.CharField(
        _("secrétariat"),
        max_length=255,
        blank=True,
        help_text=_("Fonction qui assure le secrétariat, par exemple « le référent qualité »."),
    )
    contact_email = models.EmailField(
        _("adresse de contact fonctionnelle"),
        blank=True,
        help_text=_("Boîte fonctionnelle du service (jamais une adresse personnelle)."),
    )
    perimeter = RichTextField(
        _("périmètre"),
        features=ROLE_FEATURES,
        blank=True,
        help_text=_("Préfecture, sous-préfectures, directions départementales interministérielles…"),
    )
    quality_programmes = ParentalManyToManyField(
        QualityProgramme, verbose_name=_("démarches qualité"), blank=True
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("acronym"), FieldPanel("departement"), FieldPanel("image")],
            heading=_("Identification"),
        ),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("prefecture_role"), FieldPanel("representatives_role"), FieldPanel("topics")],
            heading=_("Rôle"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_meetings_per_year"),
                FieldPanel("substitution_notice_days"),
                FieldPanel("meeting_rules"),
                FieldPanel("secretariat"),
                FieldPanel("contact_email"),
            ],
            heading=_("Organisation"),
        ),
        FieldPanel("perimeter"),
        FieldPanel("quality_programmes", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("acronym"),
        index.SearchField("introduction"),
        index.SearchField("topics"),
        index.SearchField("prefecture_role"),
        index.SearchField("representatives_role"),
        index.SearchField("meeting_rules"),
        index.SearchField("secretariat"),
        index.SearchField("perimeter"),
        index.SearchField("departement_name"),
        index.RelatedFields("quality_programmes", [index.SearchField("label")]),
        index.SearchField("composition_text"),
        index.FilterField("departement"),
    ]

    subpage_types = ["cluac_pages.MeetingPage", "cluac_pages.ProcedureSheetPage"]
    template = "cluac_pages/committee_page.html"

    class Meta:
        verbose_name = _("comité local des usagers")
        verbose_name_plural = _("comités locaux des usagers")

    def route(self, request, path_components):
        from .meeting import MeetingPage

        # The chair with the meeting: its page and its minutes name them.
        return self.route_to_child(
            request, path_components, MeetingPage.objects.select_related("chair__organisation")
        )

    @property
    def departement_name(self):
        return DEPARTEMENTS.get(self.departement, "")

    def composition_on(self, on_date=None):
        return composition_on(self, on_date or timezone.localdate())

    def composition_text(self):
        """What the page's composition shows today, for the search index: colleges, seats,
        organisations, and the members as the public may read them (names only where public)."""
        texts = []
        for college, seats in self.composition_on():
            texts += [college.name, college.description]
            for seat in seats:
                texts += [seat.title, seat.organisation.name if seat.organisation_id else ""]
                texts += [mandate.person.public_label for mandate in seat.current_mandates]
        return [text for text in texts if text]

    past_meetings_per_page = 10

    def themes(self):
        """The themes (tags) of this committee's live meetings and minutes, by name."""
        from taggit.models import Tag

        from .meeting import MeetingPage, MeetingTag
        from .minutes import MinutesPage, MinutesTag

        meetings = public(MeetingPage.objects.child_of(self).live())
        minutes = public(MinutesPage.objects.descendant_of(self).live())
        # Two subqueries of tag ids, not two joins: joined, every meeting's tagging row would meet
        # every minutes' tagging row of the same tag, across all prefectures.
        return list(
            Tag.objects.filter(
                Q(pk__in=MeetingTag.objects.filter(content_object__in=meetings).values("tag_id"))
                | Q(pk__in=MinutesTag.objects.filter(content_object__in=minutes).values("tag_id"))
            ).order_by("name")
        )

    def meetings_on_theme(self, meetings, slug):
        """Meetings tagged with the theme, or whose published minutes are."""
        from .meeting import MeetingTag
        from .minutes import MinutesPage, MinutesTag

        # Subqueries, not joins: each meeting comes once, without DISTINCT (the page's total is
        # counted with its rows, ``page_with_total``).
        minutes = public(MinutesPage.objects.descendant_of(self).live()).filter(
            pk__in=MinutesTag.objects.filter(tag__slug=slug).values("content_object_id")
        )
        parent_paths = minutes.annotate(
            parent_path=Substr("path", 1, Length("path") - BasePage.steplen)
        ).values("parent_path")
        tagged = MeetingTag.objects.filter(tag__slug=slug).values("content_object_id")
        return meetings.filter(Q(pk__in=tagged) | Q(path__in=parent_paths))

    @classmethod
    def for_serving(cls):
        """Committees as their page is served: with their image and the counts of suggestions
        (scalar subqueries) read in the committee's own query. A site's home page routes to its
        committees with it."""
        return cls.objects.select_related("image").annotate(**suggestion_count_subqueries())

    def suggestion_counts(self):
        """How many suggestions were received, examined and turned into actions (never their text):
        read with the committee (``for_serving``), or else here."""
        conditions = suggestion_conditions()
        if hasattr(self, "suggestions_received"):
            return {name: getattr(self, f"suggestions_{name}") for name in conditions}
        return self.suggestions.aggregate(
            **{name: Count("pk", filter=condition) for name, condition in conditions.items()}
        )

    def requested_composition_date(self, request):
        """The date asked for with ``?date=AAAA-MM-JJ``, or today; and an error message if invalid."""
        today = timezone.localdate()
        raw = request.GET.get("date", "").strip() if request else ""
        if not raw:
            return today, ""
        for parse in (
            datetime.date.fromisoformat,
            lambda v: datetime.datetime.strptime(v, "%d/%m/%Y").date(),
        ):
            try:
                return parse(raw), ""
            except ValueError:
                continue
        return today, _(
            "La date « %(value)s » n'est pas valide : saisissez une date au format JJ/MM/AAAA. "
            "La composition affichée est celle d'aujourd'hui."
        ) % {"value": raw}

    def get_context(self, request, *args, **kwargs):
        from ..action_plan import public_tracker
        from .meeting import MeetingPage, attach_live_minutes
        from .procedure import ProcedureSheetPage

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        meetings = public(MeetingPage.objects.child_of(self).live())
        theme_slug = request.GET.get("theme", "").strip() if request else ""
        themes = self.themes()
        context["themes"] = themes
        context["theme"] = next((tag for tag in themes if tag.slug == theme_slug), None)
        if context["theme"] is not None:
            meetings = self.meetings_on_theme(meetings, theme_slug)
        elif theme_slug:
            context["theme_error"] = _("Le thème « %(theme)s » n'existe pas pour ce comité.") % {
                "theme": theme_slug
            }
        context["upcoming_meetings"] = meetings.filter(start__gte=now).order_by("start")
        past_meetings = meetings.filter(start__lt=now).order_by("-start")
        past_page = page_with_total(
            past_meetings, self.past_meetings_per_page, request.GET.get("page") if request else None
        )
        past = attach_live_minutes(list(past_page.object_list))
        context["past_meetings_page"] = past_page
        context["past_meetings"] = past
        context["past_meetings_by_year"] = [
            (year, list(group))
            for year, group in groupby(past, key=lambda meeting: timezone.localtime(meeting.start).year)
        ]
        composition_date, error = self.requested_composition_date(request)
        context["composition_date"] = composition_date
        context["composition_date_error"] = error
        context["composition"] = self.composition_on(composition_date)
        context["procedure_sheets"] = public(ProcedureSheetPage.objects.child_of(self).live())
        context["programmes"] = self.quality_programmes.all()
        context["action_tracker"] = public_tracker(self)
        context["suggestion_counts"] = self.suggestion_counts()
        return context
