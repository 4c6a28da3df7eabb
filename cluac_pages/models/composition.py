"""Seats of a committee and the mandates of the persons who hold them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index


class SeatQuerySet(models.QuerySet):
    def with_mandates_on(self, on_date):
        """Seats with, prefetched, the mandates running on ``on_date``."""
        mandates = (
            Mandate.objects.active_on(on_date)
            .select_related("person", "person__organisation")
            .order_by("role", "sort_order", "pk")
        )
        return self.select_related("college", "organisation").prefetch_related(
            Prefetch("mandates", queryset=mandates, to_attr="current_mandates")
        )


class Seat(index.Indexed, ClusterableModel):
    """A place on the committee, held for an organisation or a prefecture service."""

    committee = models.ForeignKey(
        "cluac_pages.CommitteePage",
        verbose_name=_("comité"),
        on_delete=models.CASCADE,
        related_name="seats",
    )
    college = models.ForeignKey(
        "cluac_pages.College",
        verbose_name=_("collège"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    organisation = models.ForeignKey(
        "cluac_pages.Organisation",
        verbose_name=_("organisme ou service"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    title = models.CharField(
        _("intitulé du siège"),
        max_length=255,
        help_text=_("Par exemple : « Le directeur du SGCD ou son représentant »."),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = SeatQuerySet.as_manager()

    panels = [
        FieldPanel("committee"),
        FieldPanel("college"),
        FieldPanel("organisation"),
        FieldPanel("title"),
        FieldPanel("sort_order"),
        InlinePanel("mandates", heading=_("Titulaire et suppléants"), label=_("Mandat")),
    ]
    search_fields = [index.SearchField("title"), index.FilterField("committee")]

    class Meta:
        ordering = ["committee", "college__sort_order", "sort_order", "pk"]
        verbose_name = _("siège")
        verbose_name_plural = _("sièges")

    def __str__(self):
        return self.title

    def titulars(self):
        return [m for m in self.current_mandates if m.role == Mandate.Role.TITULAR]

    def substitutes(self):
        return [m for m in self.current_mandates if m.role == Mandate.Role.SUBSTITUTE]


class MandateQuerySet(models.QuerySet):
    def active_on(self, on_date):
        return self.filter(start_date__lte=on_date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on_date)
        )


class Mandate(Orderable):
    """A person holding a seat, as titular or substitute, between two dates."""

    class Role(models.TextChoices):
        TITULAR = "titular", _("Titulaire")
        SUBSTITUTE = "substitute", _("Suppléant(e)")

    seat = ParentalKey(Seat, on_delete=models.CASCADE, related_name="mandates")
    person = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.TITULAR)
    start_date = models.DateField(_("début du mandat"))
    end_date = models.DateField(_("fin du mandat"), null=True, blank=True)

    objects = MandateQuerySet.as_manager()

    panels = [
        FieldPanel("person"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin du mandat ne peut pas précéder son début.")})


def composition_on(committee, on_date):
    """The committee's seats on ``on_date``, grouped by college, in display order.

    Returns a list of ``(college, [seat, …])``; each seat carries ``current_mandates``.
    Runs a constant number of queries.
    """
    groups = {}
    for seat in Seat.objects.filter(committee=committee).with_mandates_on(on_date):
        groups.setdefault(seat.college, []).append(seat)
    return list(groups.items())
