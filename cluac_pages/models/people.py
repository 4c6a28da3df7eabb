"""Colleges, organisations and persons: who sits on a committee."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .. import french
from ..constants import CIVILITY_CHOICES


class College(index.Indexed, models.Model):
    """A group of seats (prefecture services, users' associations…); data, not code."""

    name = models.CharField(_("nom"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("collège")
        verbose_name_plural = _("collèges")

    def __str__(self):
        return self.name


class Organisation(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        PREFECTURE_SERVICE = "prefecture", _("Service de la préfecture")
        STATE_SERVICE = "state", _("Autre service de l'État")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité ou association d'élus")
        FRANCE_SERVICES = "france_services", _("Réseau France Services")
        ASSOCIATION = "association", _("Association d'usagers ou de consommateurs")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION)
    website = models.URLField(_("site internet"), blank=True)
    name_after_de = models.CharField(
        _("nom après « de »"),
        max_length=300,
        blank=True,
        help_text=_(
            "Comment le nom s'écrit après « de » : « de l'AFOC 44 », « du Secours catholique », "
            "« des Restos du cœur », « de la Ligue des droits de l'Homme ». Laisser vide pour la forme "
            "déduite du nom ; la remplir seulement si celle-ci est fautive."
        ),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("préfecture (site)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Seules les équipes de cette préfecture voient cette fiche ; vide : les équipes de toutes."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("name_after_de"),
        FieldPanel("kind"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("acronym")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        # Each prefecture has its own « UDAF » or « La Poste »; the shared ones are named once.
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="cluac_organisation_name_per_site"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(site__isnull=True),
                name="cluac_organisation_shared_name",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # The site is set by the admin, not typed: the constraints above are checked here, in French.
        namesakes = Organisation.objects.filter(name__iexact=self.name.strip(), site=self.site_id)
        if self.name.strip() and namesakes.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"name": _("Un organisme porte déjà ce nom dans cette préfecture : choisissez-le plutôt.")}
            )
        if self.name_after_de and not french.is_after_de(self.name_after_de):
            raise ValidationError(
                {
                    "name_after_de": _(
                        "Écrivez le nom précédé de « de », « d' », « du » ou « des », "
                        "par exemple « de l'AFOC 44 » ou « du Secours catholique »."
                    )
                }
            )

    @property
    def with_de(self):
        """The name after « de »: « de l'AFOC 44 », « du Secours catholique »."""
        return self.name_after_de.strip() or french.after_de(self.name)

    @property
    def with_article(self):
        """The name as it reads in a sentence: « l'AFOC 44 », « le Secours catholique »."""
        if self.name_after_de.strip():
            return french.article_form_of(self.name_after_de)
        return french.with_article(self.name)

    def representative(self, civility=""):
        """« Représentant(e) de l'AFOC 44 », or « Le représentant… » / « La représentante… »."""
        return french.representative_of(self.with_de, civility)


class Person(index.Indexed, models.Model):
    """A member, substitute, speaker or guest.

    E-mail and phone are private: they serve the secretariat and are never
    rendered on a public page. The name is public only with the person's recorded
    consent, or when they act as a civil servant or elected official.
    """

    civility = models.CharField(_("civilité"), max_length=5, choices=CIVILITY_CHOICES, blank=True)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    function = models.CharField(_("fonction"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(
        _("adresse électronique"),
        blank=True,
        help_text=_("Usage interne du secrétariat : jamais affichée sur le site public."),
    )
    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        blank=True,
        help_text=_("Usage interne du secrétariat : jamais affiché sur le site public."),
    )
    acts_as_official = models.BooleanField(
        _("agent public ou élu"),
        default=False,
        help_text=_(
            "Siège en qualité d'agent public ou d'élu : son nom et sa fonction peuvent être publiés."
        ),
    )
    publication_consent = models.BooleanField(
        _("accord pour la publication du nom"),
        default=False,
    )
    consent_date = models.DateField(_("date de l'accord"), null=True, blank=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("préfecture (site)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Seules les équipes de cette préfecture voient cette fiche ; vide : les équipes de toutes."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("civility"), FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldPanel("function"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone")],
            heading=_("Coordonnées (non publiées)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("acts_as_official"),
                FieldPanel("publication_consent"),
                FieldPanel("consent_date"),
            ],
            heading=_("Publication du nom"),
        ),
    ]
    search_fields = [
        index.SearchField("last_name"),
        index.SearchField("first_name"),
        index.SearchField("function"),
        index.FilterField("organisation"),
    ]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self):
        name = self.full_name
        return f"{name} ({self.organisation})" if self.organisation_id else name

    @property
    def full_name(self):
        parts = [self.get_civility_display(), self.first_name, self.last_name]
        return " ".join(part for part in parts if part)

    @property
    def name_is_public(self):
        return self.acts_as_official or self.publication_consent

    @property
    def public_name(self):
        """The name as the public may read it, or an anonymous mention."""
        if self.name_is_public:
            return self.full_name
        if self.organisation_id:
            return self.organisation.representative()
        return gettext("Représentant(e) d'un organisme membre")

    @property
    def public_label(self):
        """Name and function where the name is public; anonymous mention otherwise."""
        if self.name_is_public and self.function:
            return f"{self.full_name}, {self.function}"
        return self.public_name

    def public_label_as(self, function=""):
        """How the person may be named in public in a given role.

        By name (and function) where the name is public; otherwise by the function given for the
        role, or else as the representative of their organisation.
        """
        if self.name_is_public:
            return f"{self.full_name}, {function}" if function else self.public_label
        return function or self.public_name
