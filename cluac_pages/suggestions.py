"""The public suggestion form: anyone may send a wish or a suggestion about the reception of the public.

Spam is kept out without any third-party service: a honeypot field that people
never see, and a limit of suggestions per address and hour (Django's cache), the address being
the visitor's even behind the site's proxies (``client_address``).
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Suggestion
from .models.base import base_template_name
from .opendata import current_site, public_committee_or_404

RATE_LIMIT = 3
RATE_WINDOW_SECONDS = 60 * 60
RETENTION_DAYS_DEFAULT = 730


def retention_days():
    return getattr(settings, "CLUAC_SUGGESTION_RETENTION_DAYS", RETENTION_DAYS_DEFAULT)


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label=_("Votre souhait ou votre suggestion"),
        help_text=_(
            "Sur l'accueil du public par la préfecture et ses services : accueil physique, téléphone, "
            "démarches en ligne, courriers… N'y indiquez pas de données personnelles (santé, dossier, "
            "situation administrative)."
        ),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Écrivez votre suggestion."),
            "min_length": _("Votre suggestion est trop courte (%(limit_value)d caractères au moins)."),
            "max_length": _("Votre suggestion est trop longue (%(limit_value)d caractères au plus)."),
        },
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique (facultative)"),
        help_text=_("Seulement si vous souhaitez une réponse. Format attendu : nom@domaine.fr"),
        required=False,
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@domaine.fr."),
        },
    )
    contact_consent = forms.BooleanField(
        label=_("J'accepte que le secrétariat du comité utilise mon adresse pour me répondre."),
        required=False,
    )
    # The honeypot: hidden from people (and from assistive technologies), filled in by robots.
    website = forms.CharField(required=False, label=_("Ne pas remplir ce champ"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                gettext(
                    "Pour recevoir une réponse, acceptez que votre adresse soit utilisée pour vous répondre."
                ),
            )
        return cleaned

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


def client_address(request):
    """The visitor's address, as the proxies the site trusts recorded it.

    ``CLUAC_TRUSTED_PROXIES`` (default 0) is how many proxies stand in front of the site. Each
    appends the address it received the request from to ``X-Forwarded-For``, so the visitor's
    address is the entry that many from the end; what stands before it was sent by the client and
    is never read. Without trusted proxies, or when a request did not come through them, it is
    the address of the connection (``REMOTE_ADDR``).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = int(getattr(settings, "CLUAC_TRUSTED_PROXIES", 0))
    if trusted <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < trusted:
        return remote
    return forwarded[-trusted]


def client_key(request, committee):
    address = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"cluac-suggestions:{committee.pk}:{digest}"


def suggest(request, committee_id):
    # A committee of the request's site only: each prefecture takes its own suggestions.
    committee = public_committee_or_404(current_site(request), committee_id)
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        key = client_key(request, committee)
        sent = cache.get(key, 0)
        if sent >= RATE_LIMIT:
            form.add_error(
                None,
                gettext(
                    "Vous avez déjà envoyé plusieurs suggestions dans l'heure. "
                    "Merci de réessayer plus tard ; votre texte est conservé ci-dessous."
                ),
            )
        else:
            cache.set(key, sent + 1, RATE_WINDOW_SECONDS)
            if not form.is_spam:
                Suggestion.objects.create(
                    committee=committee,
                    text=form.cleaned_data["text"],
                    email=form.cleaned_data["email"],
                    contact_consent_at=timezone.now() if form.cleaned_data["email"] else None,
                )
            messages.success(
                request,
                gettext(
                    "Merci : votre suggestion a bien été transmise au secrétariat du comité. "
                    "Elle ne sera pas publiée."
                ),
            )
            return redirect(request.path)
    context = {
        "committee": committee,
        "form": form,
        "retention_days": retention_days(),
        "cluac_base_template": base_template_name(),
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "cluac_pages/suggestion_form.html", context, status=status)
