"""Members answer a convocation through the personal link of their e-mail, without an account.

Who answers: the titular of a seat on the meeting day, for that seat. The answer is the seat's
attendance, which the secretariat sees at once in the admin attendance screen:

- present or excused: ``Attendance`` of the seat with the titular, until the meeting starts;
- replaced by a substitute: the member enters the substitute's identity and function, a ``Person`` is
  created and ``record_substitution()`` applies the deadline rule of the procedure sheets (the seat
  becomes "represented" by the substitute). After the deadline the page says so with the date and
  nothing is recorded, not even the person.

A substitution may be changed (for another substitute, or for present or excused) until the deadline
only; past it, the secretariat has been told and the member writes to it. Substitutes and guests get
no link: a substitute sits when the titular says so, and guests belong to the meeting page (its
revisions), which a public form must not edit.

The link is signed for one person and one meeting (``member_links``); it stops working when the
meeting starts, and the page shows only the meeting and the member's own seat and answer.
"""

import logging

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.models import ReferenceIndex

from .calendar import PARIS
from .constants import CIVILITY_CHOICES
from .convocations import meeting_when
from .member_links import MEETING_REPLY, InvalidLink, link_page, on_request_site, read_token
from .models import (
    Attendance,
    AttendanceStatus,
    Mandate,
    MeetingPage,
    Person,
    Seat,
    SubstitutionNotice,
)
from .models.base import base_template_name
from .prefectures.roles import site_of_page
from .substitutions import meeting_day, meeting_deadline, record_substitution
from .templatetags.cluac_tags import long_date

logger = logging.getLogger(__name__)

SUBSTITUTE = "substitute"


class MeetingReplyForm(forms.Form):
    """The member's answer for one of their seats, and the substitute's identity when replaced."""

    seat = forms.ChoiceField(
        label=_("Siège concerné"),
        error_messages={
            "required": _("Choisissez le siège."),
            "invalid_choice": _("Choisissez l'un des sièges que vous occupez."),
        },
    )
    answer = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[
            (AttendanceStatus.PRESENT, _("Je serai présent(e)")),
            (AttendanceStatus.EXCUSED, _("Je serai excusé(e), sans suppléant")),
            (SUBSTITUTE, _("Je serai remplacé(e) par un suppléant")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez votre réponse."),
            "invalid_choice": _("Choisissez l'une des réponses proposées."),
        },
    )
    civility = forms.ChoiceField(label=_("Civilité"), choices=[("", "—"), *CIVILITY_CHOICES], required=False)
    first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=100, required=False)
    function = forms.CharField(
        label=_("Fonction"),
        max_length=255,
        required=False,
        help_text=_("Par exemple « vice-présidente » ou « chargé de mission »."),
    )

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = {str(seat.pk): seat for seat in seats}
        self.fields["seat"].choices = [(str(seat.pk), seat.title) for seat in seats]
        if len(seats) == 1:
            # One seat: the page sends it in a hidden field, and the answer is for it when that field
            # is left out.
            self.fields["seat"].required = False

    def clean_seat(self):
        value = self.cleaned_data["seat"]
        if not value and len(self.seats) == 1:
            return next(iter(self.seats.values()))
        return self.seats[value]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == SUBSTITUTE:
            if not cleaned.get("last_name"):
                self.add_error("last_name", gettext("Indiquez le nom de votre suppléant."))
            if not cleaned.get("function"):
                self.add_error("function", gettext("Indiquez la fonction de votre suppléant."))
        return cleaned


class SeatReply:
    """A seat the member holds, with what is recorded for it at the meeting."""

    def __init__(self, seat, attendance=None, notice=None, substitution_open=False):
        self.seat = seat
        self.attendance = attendance
        self.notice = notice
        # A substitution the secretariat was told of stands once the deadline has passed.
        self.locked = notice is not None and not substitution_open

    @property
    def answer(self):
        attendance = self.attendance
        if attendance is None:
            return gettext("pas encore de réponse")
        if attendance.status == AttendanceStatus.REPRESENTED and attendance.person is not None:
            substitute = attendance.person
            name = (
                f"{substitute.full_name}, {substitute.function}"
                if substitute.function
                else substitute.full_name
            )
            return gettext("remplacé(e) par %(name)s") % {"name": name}
        return attendance.get_status_display()

    @property
    def answer_value(self):
        if self.attendance is None:
            return ""
        if self.attendance.status == AttendanceStatus.REPRESENTED:
            return SUBSTITUTE
        return self.attendance.status


class MeetingReply:
    """What the link of ``person`` for ``meeting`` may see and change, read in a fixed number of queries."""

    def __init__(self, person, meeting, now):
        self.person = person
        self.meeting = meeting
        self.now = now
        self.committee = meeting.committee
        self.deadline = meeting_deadline(meeting, self.committee)
        today = timezone.localtime(now, PARIS).date()
        self.substitution_open = self.deadline is not None and today <= self.deadline
        seats = list(titular_seats(person, meeting, self.committee))
        attendances = {
            a.seat_id: a
            for a in Attendance.objects.filter(meeting=meeting, seat__in=seats).select_related("person")
        }
        notices = {n.seat_id: n for n in SubstitutionNotice.objects.filter(meeting=meeting, seat__in=seats)}
        self.seats = seats
        self.rows = [
            SeatReply(seat, attendances.get(seat.pk), notices.get(seat.pk), self.substitution_open)
            for seat in seats
        ]
        self.rows_by_seat = {row.seat.pk: row for row in self.rows}

    @property
    def late_message(self):
        """Why a substitute can no longer be signalled here (French), or ``""``."""
        if self.substitution_open:
            return ""
        if self.deadline is None:
            return gettext("Pour signaler un suppléant, écrivez au secrétariat du comité.")
        return SubstitutionNotice.late_message(
            self.meeting, self.deadline, self.committee.substitution_notice_days
        )

    @property
    def locked_message(self):
        return gettext(
            "Votre suppléance est enregistrée et la date limite pour la modifier (le %(deadline)s) "
            "est passée : pour changer votre réponse, écrivez au secrétariat du comité."
        ) % {"deadline": self.deadline_label}

    @property
    def can_answer(self):
        return any(not row.locked for row in self.rows)

    def record(self, seat, data):
        """Record the answer for ``seat``; raise ``ValidationError`` (French) when it cannot be."""
        row = self.rows_by_seat[seat.pk]
        answer = data["answer"]
        if row.locked:
            raise ValidationError(self.locked_message)
        if answer == SUBSTITUTE:
            if not self.substitution_open:
                raise ValidationError(self.late_message)
            with transaction.atomic():
                # The new person and the replaced notice are kept only if the notice is accepted.
                previous = self.withdraw_substitution(row)
                # The substitute named earlier through this link is corrected, not duplicated.
                substitute = previous if previous is not None and named_here_only(previous) else Person()
                substitute.civility = data["civility"]
                substitute.first_name = data["first_name"]
                substitute.last_name = data["last_name"]
                substitute.function = data["function"]
                substitute.organisation = seat.organisation
                substitute.site = site_of_page(self.meeting)
                substitute.save()
                record_substitution(self.meeting, seat, substitute, self.now)
            return
        with transaction.atomic():
            previous = self.withdraw_substitution(row)
            Attendance.objects.update_or_create(
                meeting=self.meeting, seat=seat, defaults={"status": answer, "person": self.person}
            )
            if previous is not None and named_here_only(previous):
                previous.delete()

    def withdraw_substitution(self, row):
        """Delete the seat's substitution notice and its attendance; return the substitute it named."""
        if row.notice is None:
            return None
        substitute = row.notice.substitute
        row.notice.delete()
        Attendance.objects.filter(meeting=self.meeting, seat=row.seat, person=substitute).delete()
        return substitute

    @property
    def deadline_label(self):
        return long_date(self.deadline, True) if self.deadline else ""


def named_here_only(person):
    """Whether nothing refers to ``person`` any more: no mandate, attendance, notice, page or other row.

    A substitute named through a reply link exists for that answer only; when the answer changes,
    the person is corrected or removed instead of piling up. Anyone the secretariat knows otherwise
    (a member, a guest, a person named in minutes) is kept.
    """
    collector = NestedObjects(using=router.db_for_write(Person))
    collector.collect([person])
    # The person's own search index entries go with it; they refer to nothing.
    related = [
        model for model in collector.data if model is not Person and model._meta.app_label != "wagtailsearch"
    ]
    nulled = any(rows.exists() for batches in collector.field_updates.values() for rows in batches)
    return not (related or nulled or collector.protected or ReferenceIndex.get_references_to(person).exists())


def titular_seats(person, meeting, committee):
    """The seats of ``committee`` that ``person`` holds as titular on the meeting day."""
    if committee is None:
        return Seat.objects.none()
    mandates = Mandate.objects.active_on(meeting_day(meeting)).filter(
        person=person, role=Mandate.Role.TITULAR
    )
    return (
        Seat.objects.filter(committee=committee, pk__in=mandates.values("seat_id"))
        .select_related("organisation")
        .order_by("college__sort_order", "sort_order", "pk")
    )


def invalid_link(request):
    return link_page(
        request,
        gettext("Ce lien n'est pas valide"),
        gettext(
            "Le lien que vous avez suivi est incomplet ou a été modifié. Ouvrez-le de nouveau depuis votre "
            "message de convocation, en copiant l'adresse complète, ou écrivez au secrétariat du comité."
        ),
        status=404,
    )


def read_link(request, token):
    """``(person, meeting)`` of a reply link; raise ``InvalidLink`` if either is unknown or unpublished,
    or if the meeting is another site's."""
    person_id, meeting_id = read_token(MEETING_REPLY, token)
    meeting = MeetingPage.objects.live().filter(pk=meeting_id).first()
    person = Person.objects.filter(pk=person_id).first()
    if meeting is None or person is None:
        raise InvalidLink("unknown person or meeting")
    if not on_request_site(request, meeting):
        raise InvalidLink("a meeting of another site")
    return person, meeting


@never_cache
def meeting_reply(request, token):
    try:
        person, meeting = read_link(request, token)
    except InvalidLink:
        return invalid_link(request)
    now = timezone.now()
    if meeting.start <= now:
        return link_page(
            request,
            gettext("Cette réunion a eu lieu : le lien n'est plus valable"),
            gettext("Les réponses à la convocation sont closes au début de la réunion."),
            status=410,
        )
    if meeting.cancelled:
        return link_page(
            request,
            gettext("Cette réunion est annulée"),
            gettext("Il n'y a plus de réponse à donner à cette convocation."),
            status=410,
        )
    reply = MeetingReply(person, meeting, now)
    contact_email = reply.committee.contact_email if reply.committee else ""
    if not reply.rows:
        return link_page(
            request,
            gettext("Ce lien ne permet pas de répondre"),
            gettext(
                "Vous n'êtes pas titulaire d'un siège du comité à la date de cette réunion. "
                "Pour toute question, écrivez au secrétariat du comité."
            ),
            status=403,
            contact_email=contact_email,
        )

    initial = {"answer": reply.rows[0].answer_value} if len(reply.rows) == 1 else {}
    data = request.POST if request.method == "POST" else None
    form = MeetingReplyForm(data, seats=reply.seats, initial=initial)
    if request.method == "POST" and form.is_valid():
        seat = form.cleaned_data["seat"]
        try:
            reply.record(seat, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except IntegrityError:
            form.add_error(
                None,
                gettext(
                    "Votre réponse a été modifiée en même temps par le secrétariat : "
                    "rechargez la page et répondez de nouveau."
                ),
            )
        else:
            logger.info(
                "Member %s answered %s for seat %s at meeting %s",
                person.pk,
                form.cleaned_data["answer"],
                seat.pk,
                meeting.pk,
            )
            messages.success(
                request, gettext("Merci : votre réponse est enregistrée et transmise au secrétariat.")
            )
            return redirect(request.path)

    context = {
        "reply": reply,
        "person": person,
        "meeting": meeting,
        "committee": reply.committee,
        "contact_email": contact_email,
        "when": meeting_when(meeting),
        "form": form,
        "identity_fields": [form["first_name"], form["last_name"], form["function"]],
        "substitute_value": SUBSTITUTE,
        "cluac_base_template": base_template_name(),
    }
    response = TemplateResponse(
        request, "cluac_pages/meeting_reply.html", context, status=400 if form.errors else 200
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
