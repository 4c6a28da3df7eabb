"""Whoever took part in a meeting outside the seats of the composition, each recorded in one row.

A row needs nothing created beforehand: name (optional), function, organisation (chosen from the
composition's organisations or typed), group, status and publication consent are typed on the
meeting page. A row may also point to a person already recorded (their data then fills what the
row leaves blank). An importer of minutes creates these rows from text.

Seat holders are not recorded here: their attendance is recorded per seat (``Attendance``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from .. import french
from ..constants import CIVILITY_CHOICES
from ..participant_panel import OrganisationNameInput
from .meeting import AttendanceStatus, MeetingPage


class ParticipantGroup(models.TextChoices):
    MEMBER = "member", _("Membre du comité")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Autre participant")


class MeetingParticipant(Orderable):
    """A participant of a meeting who is not recorded through a seat: an agent of the administration,
    a professional, an association not on the composition, or a member entered from the minutes."""

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="participants")
    civility = models.CharField(_("civilité"), max_length=5, choices=CIVILITY_CHOICES, blank=True)
    name = models.CharField(
        _("prénom et nom"),
        max_length=200,
        blank=True,
        help_text=_("Facultatif : sans nom, « Le représentant de l'UFC Que Choisir »."),
    )
    function = models.CharField(_("fonction"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        "cluac_pages.Organisation",
        verbose_name=_("organisme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("L'organisme enregistré dont le nom a été saisi."),
    )
    organisation_name = models.CharField(
        _("organisme"),
        max_length=255,
        blank=True,
        help_text=_("Saisi, ou choisi parmi les organismes enregistrés proposés."),
    )
    group = models.CharField(
        _("groupe"),
        max_length=20,
        choices=ParticipantGroup.choices,
        default=ParticipantGroup.OTHER,
        help_text=_("Administration : agents publics, nom et fonction publiés."),
    )
    status = models.CharField(
        _("présence"), max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    publication_consent = models.BooleanField(
        _("accord pour la publication du nom"),
        default=False,
        help_text=_("Sinon, seuls la fonction et l'organisme sont publiés."),
    )
    chairs_meeting = models.BooleanField(_("préside la réunion"), default=False)
    note = models.CharField(
        _("précision"),
        max_length=255,
        blank=True,
        help_text=_("Publiée entre parenthèses."),
    )
    email = models.EmailField(
        _("adresse électronique"),
        blank=True,
        help_text=_("Pour l'envoi du compte-rendu ; jamais publiée."),
    )
    person = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("ou personne enregistrée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_participations",
        help_text=_("Facultatif : ses nom, fonction, organisme et adresse complètent la ligne."),
    )

    # The organisation is typed in one field that suggests the recorded ones; a recorded one that is
    # typed is linked (see ``participant_panel``).
    panels = [
        FieldRowPanel([FieldPanel("civility"), FieldPanel("name")]),
        FieldRowPanel(
            [FieldPanel("function"), FieldPanel("organisation_name", widget=OrganisationNameInput)]
        ),
        FieldRowPanel([FieldPanel("group"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("publication_consent"), FieldPanel("chairs_meeting")]),
        FieldRowPanel([FieldPanel("note"), FieldPanel("email")]),
        FieldPanel("person"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.public_label

    def clean(self):
        super().clean()
        if not (
            self.name.strip()
            or self.function.strip()
            or self.organisation_id
            or self.organisation_name.strip()
        ):
            if not self.person_id:
                raise ValidationError(
                    gettext("Indiquez au moins un nom, une fonction ou un organisme pour ce participant.")
                )
        if self.status == AttendanceStatus.REPRESENTED and self.group != ParticipantGroup.MEMBER:
            raise ValidationError(
                {"status": gettext("Seul un membre du comité peut être représenté par son suppléant.")}
            )

    # What the row says, completed by the recorded person it points to.

    @property
    def effective_civility(self):
        return self.civility or (self.person.civility if self.person_id else "")

    @property
    def effective_name(self):
        if self.name.strip():
            return self.name.strip()
        if self.person_id:
            return " ".join(part for part in (self.person.first_name, self.person.last_name) if part)
        return ""

    @property
    def effective_function(self):
        return self.function.strip() or (self.person.function if self.person_id else "")

    @property
    def effective_organisation(self):
        if self.organisation_id:
            return self.organisation
        if not self.organisation_name.strip() and self.person_id and self.person.organisation_id:
            return self.person.organisation
        return None

    @property
    def organisation_label(self):
        organisation = self.effective_organisation
        return organisation.name if organisation is not None else self.organisation_name.strip()

    @property
    def organisation_with_de(self):
        organisation = self.effective_organisation
        if organisation is not None:
            return organisation.with_de
        return french.after_de(self.organisation_name) if self.organisation_name.strip() else ""

    @property
    def address(self):
        """The private address the minutes are sent to, if any."""
        return (self.email or (self.person.email if self.person_id else "") or "").strip().lower()

    @property
    def full_name(self):
        """The name for the secretariat's screens (never a public page): civility and name."""
        civility = dict(CIVILITY_CHOICES).get(self.effective_civility, "")
        name = self.effective_name
        return " ".join(str(part) for part in (civility, name) if part) if name else ""

    @property
    def name_is_public(self):
        if not self.effective_name:
            return False
        if self.publication_consent or self.group == ParticipantGroup.ADMINISTRATION:
            return True
        return bool(self.person_id and self.person.name_is_public)

    @property
    def function_phrase(self):
        """« présidente de l'UDAF du Var »: the function, and the organisation it is held in."""
        function = self.effective_function
        organisation = self.organisation_label
        if not organisation:
            return function
        if not function:
            return ""
        mentioned = {organisation.casefold()}
        if self.effective_organisation is not None and self.effective_organisation.acronym:
            mentioned.add(self.effective_organisation.acronym.casefold())
        if any(name in function.casefold() for name in mentioned):
            return function
        return f"{function} {self.organisation_with_de}"

    @property
    def public_label(self):
        """The line of the list of participants, by the publication rule for names.

        By name where it is public (« M. Jean MARTIN, président de l'UDAF du Var »); otherwise by
        function (« Présidente de l'AFOC 44 »), or as the representative of the organisation
        (« Le représentant de l'UFC Que Choisir »). Never an address.
        """
        phrase = self.function_phrase
        if self.name_is_public:
            label = self.full_name
            if phrase:
                label = f"{label}, {phrase}"
            elif self.organisation_label:
                label = f"{label} ({self.organisation_label})"
        elif phrase:
            label = french.capitalise(phrase)
        elif self.organisation_label:
            label = french.representative_of(self.organisation_with_de, self.effective_civility)
        else:
            label = gettext("Un(e) participant(e)")
        if self.note.strip():
            label = f"{label} ({self.note.strip()})"
        return label

    @property
    def chair_label(self):
        """The chair as « sous la présidence » introduces them, without the note."""
        phrase = self.function_phrase
        if self.name_is_public:
            return f"{self.full_name}, {phrase}" if phrase else self.full_name
        if phrase:
            return phrase
        if self.organisation_label:
            return french.representative_of(self.organisation_with_de, self.effective_civility)
        return ""


def recipient_organisation(meeting, person, address):
    """« de l'UDAF du Var »: the organisation an e-mail's recipient takes part for, after « de »; or "".

    The recorded person's organisation, else that of the meeting's row with this address.
    """
    if person is not None and person.organisation_id:
        return person.organisation.with_de
    if not address:
        return ""
    rows = meeting.participants.select_related("organisation", "person__organisation")
    for row in rows.filter(email__iexact=address):
        if row.organisation_with_de:
            return row.organisation_with_de
    return ""
