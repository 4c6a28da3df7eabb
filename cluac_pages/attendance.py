"""The attendance of a meeting, recorded by the secretariat in one admin screen, and its sign-in sheet.

Attendance rows live beside the meeting page, not in its revisions; the other participants (recorded
in rows of the meeting page, edited with it) are only shown here.
"""

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .models import Attendance, AttendanceStatus, PrefectureSettings, Seat, SubstitutionNotice
from .substitutions import MeetingAdminViewMixin, meeting_day

NOT_RECORDED = ""


def meeting_seats(meeting, committee, recorded_seat_ids=()):
    """The committee's seats for a meeting, in display order, each with ``current_mandates``.

    A seat is listed if a mandate runs on the meeting day, if it never had a holder (an organisation
    that sends a representative without naming one), or if its attendance is already recorded; a seat
    whose mandates all ended or start later is not. Runs two queries whatever the number of seats.
    """
    if committee is None:
        return []
    seats = (
        Seat.objects.filter(committee=committee)
        .annotate(mandate_count=Count("mandates"))
        .with_mandates_on(meeting_day(meeting))
    )
    return [
        seat
        for seat in seats
        if seat.current_mandates or not seat.mandate_count or seat.pk in recorded_seat_ids
    ]


def by_college(items, seat_of=lambda item: item):
    """``[(college, [item, …]), …]`` in the order of ``items``."""
    groups = {}
    for item in items:
        groups.setdefault(seat_of(item).college, []).append(item)
    return list(groups.items())


class MeetingRecords:
    """What is recorded for a meeting, read with a fixed number of queries."""

    def __init__(self, meeting, committee):
        self.attendances = {
            a.seat_id: a
            for a in Attendance.objects.filter(meeting=meeting).select_related(
                "person", "person__organisation"
            )
        }
        self.notices = {
            n.seat_id: n
            for n in SubstitutionNotice.objects.filter(meeting=meeting).select_related(
                "substitute", "substitute__organisation", "titular"
            )
        }
        self.seats = meeting_seats(meeting, committee, set(self.attendances))
        self.participants = meeting.participant_rows()


class SeatAttendanceForm(forms.Form):
    """One row of the attendance screen: the status of a seat and the person who sat."""

    status = forms.ChoiceField(
        label=_("Présence"),
        choices=[(NOT_RECORDED, _("— à renseigner —")), *AttendanceStatus.choices],
        required=False,
    )
    person = forms.ChoiceField(label=_("Personne ayant siégé"), required=False)

    def __init__(self, *args, seat, attendance=None, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.seat = seat
        self.attendance = attendance
        self.titular_ids = {m.person_id for m in seat.titulars()}
        people = {}
        for mandate in seat.current_mandates:
            people.setdefault(mandate.person.pk, (mandate.person, mandate.get_role_display()))
        if notice is not None:
            people.setdefault(notice.substitute.pk, (notice.substitute, gettext("suppléant(e) signalé(e)")))
        if attendance is not None and attendance.person is not None:
            people.setdefault(attendance.person.pk, (attendance.person, gettext("enregistré(e)")))
        self.people = {str(pk): person for pk, (person, _role) in people.items()}
        self.fields["person"].choices = [("", "—")] + [
            (str(pk), f"{person.full_name} ({role})") for pk, (person, role) in people.items()
        ]
        if attendance is not None:
            self.initial = {"status": attendance.status, "person": str(attendance.person_id or "")}
        else:
            titulars = seat.titulars()
            self.initial = {"status": NOT_RECORDED, "person": str(titulars[0].person_id) if titulars else ""}

    def clean_person(self):
        value = self.cleaned_data["person"]
        return self.people[value] if value else None

    def clean(self):
        cleaned = super().clean()
        status, person = cleaned.get("status"), cleaned.get("person")
        if status == AttendanceStatus.REPRESENTED:
            if person is None:
                self.add_error("person", gettext("Indiquez le suppléant qui a représenté ce siège."))
            elif person.pk in self.titular_ids:
                self.add_error(
                    "person",
                    gettext(
                        "Un siège représenté l'est par un suppléant : "
                        "choisissez le suppléant, pas le titulaire."
                    ),
                )
        elif status and person is None and self.seat.titulars():
            # Present, excused or absent: the titular, unless someone else is named.
            cleaned["person"] = self.seat.titulars()[0].person
        return cleaned


class AttendanceSheetForm:
    """The rows of the attendance screen, one form per seat, prefixed by the seat's id.

    Rows are keyed by seat rather than by position, so that a seat added or ended while the screen was
    open never receives another seat's input; a seat absent from the submitted data is left as it is.
    """

    def __init__(self, meeting, records, data=None):
        self.meeting = meeting
        self.records = records
        self.forms = []
        for seat in records.seats:
            prefix = f"seat-{seat.pk}"
            bound = data is not None and f"{prefix}-status" in data
            self.forms.append(
                SeatAttendanceForm(
                    data if bound else None,
                    prefix=prefix,
                    seat=seat,
                    attendance=records.attendances.get(seat.pk),
                    notice=records.notices.get(seat.pk),
                )
            )

    def by_college(self):
        return by_college(self.forms, seat_of=lambda form: form.seat)

    @property
    def bound_forms(self):
        return [form for form in self.forms if form.is_bound]

    def is_valid(self):
        return all([form.is_valid() for form in self.bound_forms])

    @property
    def error_count(self):
        return sum(1 for form in self.bound_forms if form.errors)

    def save(self):
        """Create, update and delete the attendance rows in a fixed number of queries."""
        to_create, to_update, to_delete = [], [], []
        now = timezone.now()
        for position, form in enumerate(self.forms):
            if not form.is_bound:
                continue
            status, person = form.cleaned_data["status"], form.cleaned_data["person"]
            attendance = form.attendance
            if status == NOT_RECORDED:
                if attendance is not None:
                    to_delete.append(attendance.pk)
                continue
            if attendance is None:
                to_create.append(
                    Attendance(
                        meeting=self.meeting,
                        seat=form.seat,
                        status=status,
                        person=person,
                        sort_order=position,
                    )
                )
            elif (attendance.status, attendance.person, attendance.sort_order) != (status, person, position):
                attendance.status, attendance.person, attendance.sort_order = status, person, position
                attendance.updated_at = now
                to_update.append(attendance)
        with transaction.atomic():
            if to_delete:
                Attendance.objects.filter(pk__in=to_delete).delete()
            if to_update:
                Attendance.objects.bulk_update(to_update, ["status", "person", "sort_order", "updated_at"])
            if to_create:
                Attendance.objects.bulk_create(to_create)
        return len(to_create) + len(to_update) + len(to_delete)


class AttendanceView(MeetingAdminViewMixin, TemplateView):
    """One screen for the attendance of a meeting: a row per seat, then the other participants."""

    template_name = "cluac_pages/admin/attendance.html"
    header_icon = "group"

    def get_page_title(self):
        return gettext("Présences")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "sheet" not in context:
            context["sheet"] = AttendanceSheetForm(self.meeting, MeetingRecords(self.meeting, self.committee))
        context["participants"] = context["sheet"].records.participants
        context["statuses"] = AttendanceStatus
        context["sign_in_sheet_url"] = reverse("cluac_pages_meeting_sign_in_sheet", args=[self.meeting.pk])
        return context

    def post(self, request, page_id):
        sheet = AttendanceSheetForm(self.meeting, MeetingRecords(self.meeting, self.committee), request.POST)
        if sheet.is_valid():
            try:
                sheet.save()
            except IntegrityError:
                messages.error(
                    request,
                    gettext(
                        "Les présences ont été modifiées en même temps par une autre personne : "
                        "rechargez la page et saisissez-les à nouveau."
                    ),
                )
            else:
                messages.success(request, gettext("Les présences sont enregistrées."))
            return redirect(request.path)
        messages.error(
            request,
            gettext(
                "Les présences n'ont pas été enregistrées : corrigez les lignes signalées. "
                "Votre saisie des autres lignes est conservée."
            ),
        )
        return self.render_to_response(self.get_context_data(sheet=sheet))


class SignInSheetRow:
    """A seat on the sign-in sheet: who is expected to sign, and the status recorded so far."""

    def __init__(self, seat, attendance=None, notice=None):
        self.seat = seat
        self.college = seat.college
        self.status = attendance.get_status_display() if attendance is not None else ""
        titulars = [m.person for m in seat.titulars()]
        self.replaces = []
        if attendance is not None and attendance.person is not None:
            self.people = [attendance.person]
            if attendance.status == AttendanceStatus.REPRESENTED:
                self.replaces = titulars
        elif notice is not None:
            self.people = [notice.substitute]
            self.replaces = [notice.titular] if notice.titular else titulars
        else:
            self.people = titulars


class SignInSheetView(MeetingAdminViewMixin, TemplateView):
    """The liste d'émargement: a standalone page to print on A4 and sign at the meeting."""

    template_name = "cluac_pages/sign_in_sheet.html"

    def get_page_title(self):
        return gettext("Liste d'émargement")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = MeetingRecords(self.meeting, self.committee)
        rows = [
            SignInSheetRow(seat, records.attendances.get(seat.pk), records.notices.get(seat.pk))
            for seat in records.seats
        ]
        context["groups"] = by_college(rows, seat_of=lambda row: row.seat)
        context["participants"] = records.participants
        site = self.meeting.get_site()
        context["identity"] = PrefectureSettings.for_site(site) if site else None
        context["start"] = timezone.localtime(self.meeting.start)
        return context
