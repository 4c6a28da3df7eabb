"""Substitution notices: the deadline rule, the service that records a notice, and its admin screen.

The procedure sheets (Lot, Gard) accept a substitute only if the secretariat is told of their identity
and function at least N jours ouvrables before the meeting (N is the committee's setting). The rule
lives in ``SubstitutionNotice.clean()``; ``record_substitution()`` applies it and updates the
attendance, so that a public page where members answer an invitation can reuse it as it is.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput

from .constants import CIVILITY_CHOICES
from .models import (
    Attendance,
    AttendanceStatus,
    Mandate,
    MeetingPage,
    Organisation,
    Person,
    Seat,
    SubstitutionNotice,
)
from .prefectures.forms import of_sites
from .prefectures.roles import site_of_page


def meeting_day(meeting):
    return timezone.localtime(meeting.start).date()


def meeting_deadline(meeting, committee=None):
    """The substitution deadline of a meeting, or None if its committee's settings are unusable."""
    try:
        return SubstitutionNotice.deadline_for(meeting, committee)
    except (ValueError, AttributeError):
        return None


def active_titular(seat, on_date):
    mandate = (
        Mandate.objects.active_on(on_date)
        .filter(seat=seat, role=Mandate.Role.TITULAR)
        .select_related("person")
        .order_by("sort_order", "pk")
        .first()
    )
    return mandate.person if mandate else None


def record_substitution(meeting, seat, substitute, informed_at, user=None):
    """Record that ``substitute`` sits for the titular of ``seat`` at ``meeting``.

    The titular is the seat's titular on the meeting day. A notice given after the deadline, a seat of
    another committee, a substitute who is the titular, or a second notice for the seat raises
    ``ValidationError`` with a French message, and nothing is recorded. On success the notice is saved
    and the seat's attendance becomes "represented by" the substitute, in one transaction.
    """
    notice = SubstitutionNotice(
        meeting=meeting,
        seat=seat,
        titular=active_titular(seat, meeting_day(meeting)),
        substitute=substitute,
        informed_at=informed_at,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    notice.full_clean(validate_constraints=False)
    duplicate = ValidationError(
        gettext(
            "Une suppléance est déjà enregistrée pour le siège « %(seat)s » à cette réunion. "
            "Supprimez-la avant d'en enregistrer une autre."
        )
        % {"seat": seat.title},
        code="duplicate",
    )
    if SubstitutionNotice.objects.filter(meeting=meeting, seat=seat).exists():
        raise duplicate
    try:
        with transaction.atomic():
            notice.save()
            Attendance.objects.update_or_create(
                meeting=meeting,
                seat=seat,
                defaults={"status": AttendanceStatus.REPRESENTED, "person": substitute},
            )
    except IntegrityError as error:
        # Two notices for the same seat recorded at the same time.
        raise duplicate from error
    return notice


class SubstitutionForm(forms.Form):
    """The seat, the substitute (an existing person or a new one) and when the secretariat was told."""

    seat = forms.ChoiceField(label=_("Siège"))
    substitute = forms.ChoiceField(
        label=_("Suppléant(e) déjà enregistré(e)"),
        required=False,
        help_text=_("Les suppléants désignés des sièges sont proposés en premier."),
    )
    civility = forms.ChoiceField(label=_("Civilité"), choices=[("", "—"), *CIVILITY_CHOICES], required=False)
    first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=100, required=False)
    function = forms.CharField(label=_("Fonction"), max_length=255, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisme"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Par défaut, l'organisme du siège."),
    )
    informed_at = forms.DateTimeField(
        label=_("Secrétariat informé le"),
        widget=AdminDateTimeInput,
        help_text=_("Date et heure auxquelles le secrétariat a reçu l'identité et la fonction du suppléant."),
    )

    def __init__(self, *args, seats, people, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.seats = {str(seat.pk): seat for seat in seats}
        self.people = {str(person.pk): person for person in people}
        self.fields["seat"].choices = [("", "—")] + [(str(seat.pk), self.seat_label(seat)) for seat in seats]
        designated, seen = [], set()
        for seat in seats:
            for mandate in seat.substitutes():
                if mandate.person_id not in seen:
                    seen.add(mandate.person_id)
                    designated.append((str(mandate.person_id), f"{mandate.person} – {seat.title}"))
        others = [(str(p.pk), str(p)) for p in people if p.pk not in seen]
        self.fields["substitute"].choices = [
            ("", "—"),
            (gettext("Suppléants désignés"), designated),
            (gettext("Autres personnes"), others),
        ]
        if not self.is_bound:
            self.initial.setdefault("informed_at", timezone.localtime().replace(second=0, microsecond=0))

    @staticmethod
    def seat_label(seat):
        titulars = ", ".join(m.person.full_name for m in seat.titulars())
        label = f"{seat.college} – {seat.title}"
        if titulars:
            label += " – " + gettext("titulaire : %(name)s") % {"name": titulars}
        return label

    def clean_seat(self):
        return self.seats[self.cleaned_data["seat"]]

    def clean_substitute(self):
        value = self.cleaned_data["substitute"]
        return self.people[value] if value else None

    def clean(self):
        cleaned = super().clean()
        existing = cleaned.get("substitute")
        new_identity = cleaned.get("last_name") or cleaned.get("first_name") or cleaned.get("function")
        if existing and new_identity:
            raise ValidationError(
                gettext(
                    "Choisissez un suppléant déjà enregistré ou saisissez un nouveau suppléant, pas les deux."
                )
            )
        if not existing:
            if not new_identity:
                raise ValidationError(
                    gettext("Choisissez le suppléant, ou saisissez son identité et sa fonction.")
                )
            if not cleaned.get("last_name"):
                self.add_error("last_name", gettext("Indiquez le nom du suppléant."))
            if not cleaned.get("function"):
                self.add_error("function", gettext("Indiquez la fonction du suppléant."))
        return cleaned

    def substitute_person(self, site):
        """The chosen person, or a new Person of the prefecture ``site`` built (and saved) from the
        identity entered."""
        data = self.cleaned_data
        if data["substitute"]:
            return data["substitute"]
        return Person.objects.create(
            civility=data["civility"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            function=data["function"],
            organisation=data["organisation"] or data["seat"].organisation,
            site=site,
        )


class MeetingAdminViewMixin(WagtailAdminTemplateMixin):
    """An admin screen of one meeting, for the users who may edit the meeting page."""

    def dispatch(self, request, page_id, *args, **kwargs):
        self.meeting = get_object_or_404(MeetingPage, pk=page_id)
        if not self.meeting.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.committee = self.meeting.committee
        self.site = site_of_page(self.meeting)
        self.sites = [self.site] if self.site else None
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.meeting.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.meeting.pk]), "label": self.meeting.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        context["committee"] = self.committee
        context["meeting_day"] = meeting_day(self.meeting)
        context["deadline"] = meeting_deadline(self.meeting, self.committee)
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[self.meeting.pk])
        context["attendance_url"] = reverse("cluac_pages_meeting_attendance", args=[self.meeting.pk])
        context["substitutions_url"] = reverse("cluac_pages_meeting_substitutions", args=[self.meeting.pk])
        return context


class SubstitutionsView(MeetingAdminViewMixin, TemplateView):
    """Record a substitution notice for a meeting; list and withdraw its notices."""

    template_name = "cluac_pages/admin/substitutions.html"
    header_icon = "user"

    def get_page_title(self):
        return gettext("Suppléances")

    def get_form(self, data=None):
        seats = [
            seat
            for seat in Seat.objects.filter(committee=self.committee).with_mandates_on(
                meeting_day(self.meeting)
            )
            if seat.current_mandates
        ]
        # The meeting's prefecture's persons and organisations, and the shared ones.
        people = of_sites(Person.objects.select_related("organisation"), self.sites)
        organisations = of_sites(Organisation.objects.all(), self.sites)
        return SubstitutionForm(data, seats=seats, people=list(people), organisations=organisations)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["notices"] = self.meeting.substitution_notices.select_related(
            "seat", "seat__college", "titular", "substitute", "substitute__organisation", "recorded_by"
        ).order_by("seat__college__sort_order", "seat__sort_order", "seat__pk")
        context["days"] = self.committee.substitution_notice_days if self.committee else None
        return context

    def post(self, request, page_id):
        if request.POST.get("action") == "delete":
            return self.delete_notice(request)
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    # A new person is kept only if the notice is accepted.
                    notice = record_substitution(
                        self.meeting,
                        form.cleaned_data["seat"],
                        form.substitute_person(self.site),
                        form.cleaned_data["informed_at"],
                        user=request.user,
                    )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("La suppléance de « %(seat)s » par %(person)s est enregistrée.")
                    % {"seat": notice.seat.title, "person": notice.substitute.full_name},
                )
                return redirect(request.path)
        messages.error(request, gettext("La suppléance n'a pas été enregistrée : corrigez les erreurs."))
        return self.render_to_response(self.get_context_data(form=form))

    def delete_notice(self, request):
        notice_id = request.POST.get("notice", "")
        if not notice_id.isdigit():
            raise Http404
        notice = get_object_or_404(SubstitutionNotice, pk=notice_id, meeting=self.meeting)
        notice.delete()
        messages.success(
            request,
            gettext(
                "La suppléance de « %(seat)s » est supprimée. Vérifiez la présence de ce siège "
                "dans l'écran des présences."
            )
            % {"seat": notice.seat.title},
        )
        return redirect(request.path)
