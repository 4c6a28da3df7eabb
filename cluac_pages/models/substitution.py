"""Substitution notices: a titular who cannot attend sends a substitute."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..calendar import PARIS, substitution_deadline
from ..templatetags.cluac_tags import long_date


class SubstitutionNotice(models.Model):
    """The secretariat was told that a substitute will sit for a titular at a meeting.

    The procedure sheets require the substitute's identity and function at least
    N jours ouvrables before the meeting (N is the committee's setting, 2 by default).
    """

    meeting = models.ForeignKey(
        "cluac_pages.MeetingPage",
        verbose_name=_("réunion"),
        on_delete=models.CASCADE,
        related_name="substitution_notices",
    )
    seat = models.ForeignKey(
        "cluac_pages.Seat",
        verbose_name=_("siège"),
        on_delete=models.CASCADE,
        related_name="substitution_notices",
    )
    titular = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("titulaire remplacé(e)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    substitute = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("suppléant(e)"),
        on_delete=models.PROTECT,
        related_name="substitution_notices",
        help_text=_("La personne qui siégera : son identité et sa fonction sont enregistrées dans sa fiche."),
    )
    informed_at = models.DateTimeField(_("secrétariat informé le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-informed_at"]
        verbose_name = _("suppléance")
        verbose_name_plural = _("suppléances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_substitution_per_seat_and_meeting"),
        ]

    def __str__(self):
        return f"{self.substitute} – {self.meeting}"

    @staticmethod
    def deadline_for(meeting, committee=None):
        """The last day the secretariat may be told of a substitute for ``meeting``.

        Counted in jours ouvrables of the committee's département, back from the meeting's
        local date; raises ValueError if the committee's département or delay is invalid.
        """
        committee = committee or meeting.committee
        return substitution_deadline(
            timezone.localtime(meeting.start, PARIS).date(),
            committee.departement,
            days=committee.substitution_notice_days,
        )

    @staticmethod
    def late_message(meeting, deadline, days):
        return ngettext(
            "La suppléance devait être signalée au plus tard le %(deadline)s (%(days)s jour ouvrable "
            "avant la réunion du %(meeting)s). Elle ne peut pas être acceptée.",
            "La suppléance devait être signalée au plus tard le %(deadline)s (%(days)s jours ouvrables "
            "avant la réunion du %(meeting)s). Elle ne peut pas être acceptée.",
            days,
        ) % {
            "deadline": long_date(deadline, True),
            "days": days,
            "meeting": long_date(timezone.localtime(meeting.start, PARIS).date(), True),
        }

    @property
    def deadline(self):
        return self.deadline_for(self.meeting)

    @property
    def informed_on(self):
        """The day the secretariat was informed, in Paris time: the day the deadline is compared with."""
        informed_at = self.informed_at
        if timezone.is_naive(informed_at):
            informed_at = timezone.make_aware(informed_at, PARIS)
        return informed_at.astimezone(PARIS).date()

    def clean(self):
        super().clean()
        if not (self.meeting_id and self.seat_id and self.substitute_id and self.informed_at):
            return  # the missing fields have their own errors
        committee = self.meeting.committee
        if committee is None or self.seat.committee_id != committee.pk:
            raise ValidationError(
                gettext("Ce siège n'appartient pas au comité de cette réunion."), code="other_committee"
            )
        if self.titular_id and self.substitute_id == self.titular_id:
            raise ValidationError(
                gettext("Le suppléant doit être une autre personne que le titulaire remplacé."),
                code="same_person",
            )
        try:
            deadline = self.deadline_for(self.meeting, committee)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid_committee") from error
        if self.informed_on > deadline:
            raise ValidationError(
                self.late_message(self.meeting, deadline, committee.substitution_notice_days), code="late"
            )

    def is_in_time(self):
        return self.informed_on <= self.deadline
