"""Documents put before the committee for review, and the members' opinions on them.

The secretariat submits a standard letter, a form or a draft commitment with a closing date
(model ``DocumentReview``) and e-mails each member a personal link (``member_links``, purpose
``DOCUMENT_OPINION``). With it, a member gives an opinion (``Opinion``) and may change it until
the closing date. Opinions are read by the secretariat in the admin and exported as CSV; they
never reach a public page, only the summary the secretariat decides to publish does.

The invitations are sent by the background task ``send_review_invitations``; each sending is
recorded in Wagtail's audit log of the review (who asked, who was sent it, who could not be).
"""

import dataclasses

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from .emails import render_subject, render_text
from .member_links import (
    DOCUMENT_OPINION,
    InvalidLink,
    link_page,
    make_token,
    on_request_site,
    read_token,
)
from .models import DocumentReview, Mandate, Opinion, Person
from .models.base import base_template_name
from .opendata import csv_response
from .prefectures.admin import committee_in_scope
from .templatetags.cluac_tags import long_date, short_time

INVITATIONS_SENT = "cluac_pages.review_invitations_sent"
CHOOSE_VERDICT = _("Choisissez votre avis : favorable, favorable avec remarques ou défavorable.")
COMMENT_REQUIRED = (Opinion.Verdict.WITH_REMARKS, Opinion.Verdict.UNFAVOURABLE)


@dataclasses.dataclass
class Member:
    """A person asked for an opinion: seat holder today, or former one who already gave it."""

    person: Person
    roles: list
    opinion: Opinion | None = None
    invited_at: object = None
    former: bool = False

    @property
    def address(self):
        return (self.person.email or "").strip()


def current_mandates(committee_id, on_date=None):
    return (
        Mandate.objects.active_on(on_date or timezone.localdate())
        .filter(seat__committee_id=committee_id)
        .select_related("person", "person__organisation", "seat")
        .order_by("seat__college__sort_order", "seat__sort_order", "seat__pk", "-role", "sort_order", "pk")
    )


def is_member(person, review):
    return current_mandates(review.committee_id).filter(person=person).exists()


def review_members(review):
    """Every titular and substitute of the committee today, each with their opinion if given.

    Persons who gave an opinion and have left the committee since are listed last, so that no
    opinion disappears from the secretariat's view.
    """
    members = {}
    for mandate in current_mandates(review.committee_id):
        member = members.setdefault(mandate.person_id, Member(mandate.person, []))
        member.roles.append(f"{mandate.get_role_display()} – {mandate.seat.title}")
    opinions = review.opinions.select_related("person", "person__organisation").order_by("submitted_at")
    for opinion in opinions:
        member = members.get(opinion.person_id)
        if member is None:
            member = members[opinion.person_id] = Member(
                opinion.person, [gettext("Ne siège plus au comité")], former=True
            )
        member.opinion = opinion
    invited = last_invitations(review)
    for member in members.values():
        member.invited_at = invited.get(member.person.pk)
    return list(members.values())


def invitation_log(review):
    return ModelLogEntry.objects.for_instance(review).filter(action=INVITATIONS_SENT).order_by("-timestamp")


def last_invitations(review):
    """``{person_id: time}`` of the last invitation each person was sent."""
    invited = {}
    for entry in invitation_log(review):
        for person_id in (entry.data or {}).get("sent", []):
            invited.setdefault(person_id, entry.timestamp)
    return invited


def closing_label(review):
    """« jeudi 12 mars 2026 à 18h »."""
    return gettext("%(date)s à %(time)s") % {
        "date": long_date(review.closes_at, True),
        "time": short_time(review.closes_at),
    }


def root_url_for(review):
    site = review.committee.get_site()
    return site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL


def absolute_url(url, root_url):
    if url.startswith(("http://", "https://")):
        return url
    return root_url.rstrip("/") + url


def opinion_path(review, person):
    return reverse("cluac_pages:document_opinion", args=[make_token(DOCUMENT_OPINION, person, review)])


# Sending the invitations


class InvitationRefused(Exception):
    """The invitations cannot be sent; the message says why, in French."""


def invitation_recipients(review, only_without_opinion=False):
    return [
        member
        for member in review_members(review)
        if member.address and not member.former and not (only_without_opinion and member.opinion is not None)
    ]


def send_invitations(review, user=None, only_without_opinion=False):
    """Queue the invitation of every member with an address (or of those without an opinion yet).

    Returns the number of members who will be sent it; raises ``InvitationRefused`` after the
    closing date.
    """
    if not review.is_open:
        raise InvitationRefused(
            gettext("La date limite des avis est passée (%(date)s) : les invitations ne sont plus envoyées.")
            % {"date": closing_label(review)}
        )
    recipients = invitation_recipients(review, only_without_opinion)
    if not recipients:
        return 0
    from .tasks import send_review_invitations

    person_ids = [member.person.pk for member in recipients]
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    transaction.on_commit(lambda: send_review_invitations.enqueue(review.pk, person_ids, user_id))
    return len(recipients)


class InvitationContent:
    """The subject and the parts of the body common to every member; the link is per member."""

    def __init__(self, review):
        self.review = review
        self.committee = review.committee
        self.root_url = root_url_for(review)

    def message(self, person):
        context = {
            "review": self.review,
            "committee": self.committee,
            "person": person,
            "document_url": absolute_url(self.review.document.url, self.root_url),
            "closes_at": closing_label(self.review),
            "opinion_url": absolute_url(opinion_path(self.review, person), self.root_url),
        }
        subject = render_subject("cluac_pages/emails/review_invitation_subject.txt", context)
        body = render_text("cluac_pages/emails/review_invitation.txt", context)
        contact = self.committee.contact_email
        return EmailMessage(
            subject,
            body,
            to=[person.email.strip()],
            reply_to=[contact] if contact else None,
        )


# The member's page, reached with the personal link


class OpinionForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Votre avis"),
        choices=Opinion.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_VERDICT, "invalid_choice": CHOOSE_VERDICT},
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        help_text=_(
            "Obligatoire pour un avis « favorable avec remarques » ou « défavorable » : "
            "précisez vos remarques ou les raisons de votre avis."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": _("Votre commentaire est trop long (%(limit_value)d caractères au plus)."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        comment = (cleaned.get("comment") or "").strip()
        cleaned["comment"] = comment
        if cleaned.get("verdict") in COMMENT_REQUIRED and not comment:
            self.add_error(
                "comment",
                gettext(
                    "Écrivez un commentaire : il est obligatoire pour un avis « favorable avec remarques » "
                    "ou « défavorable »."
                ),
            )
        return cleaned


def link_error(request, message, status):
    return link_page(request, gettext("Lien non valable"), message, status)


@never_cache
def document_opinion(request, token):
    """A member's opinion on one document: seen, given and changed until the closing date."""
    try:
        person_id, review_id = read_token(DOCUMENT_OPINION, token)
    except InvalidLink:
        return link_error(
            request,
            gettext(
                "Ce lien n’est pas valide : il a pu être mal copié ou tronqué. Utilisez le lien complet "
                "reçu par courriel, ou demandez-en un nouveau au secrétariat du comité."
            ),
            404,
        )
    review = (
        DocumentReview.objects.select_related("committee", "document", "meeting").filter(pk=review_id).first()
    )
    person = Person.objects.filter(pk=person_id).first()
    if review is None or person is None or not on_request_site(request, review.committee):
        return link_error(
            request,
            gettext(
                "Ce lien ne correspond plus à aucun document soumis pour avis. Contactez le secrétariat "
                "du comité."
            ),
            404,
        )
    opinion = Opinion.objects.filter(review=review, person=person).first()
    if opinion is None and not is_member(person, review):
        return link_error(
            request,
            gettext(
                "Ce lien n’est plus valable : il est réservé aux membres du comité, et vous n’y siégez "
                "plus. Contactez le secrétariat du comité si vous pensez qu’il s’agit d’une erreur."
            ),
            403,
        )

    status = 200
    form = None
    if review.is_open:
        initial = {"verdict": opinion.verdict, "comment": opinion.comment} if opinion else None
        form = OpinionForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST":
            if form.is_valid():
                Opinion.objects.update_or_create(
                    review=review,
                    person=person,
                    defaults={key: form.cleaned_data[key] for key in ("verdict", "comment")},
                )
                messages.success(
                    request,
                    gettext("Merci : votre avis est enregistré. Vous pouvez le modifier jusqu’au %(date)s.")
                    % {"date": closing_label(review)},
                )
                return redirect(request.path)
            status = 400
    elif request.method == "POST":
        status = 403

    root_url = request.build_absolute_uri("/")
    context = {
        "review": review,
        "committee": review.committee,
        "person": person,
        "opinion": opinion,
        "form": form,
        "closes_at": closing_label(review),
        "document_url": absolute_url(review.document.url, root_url),
        "cluac_base_template": base_template_name(),
    }
    response = TemplateResponse(request, "cluac_pages/document_opinion.html", context, status=status)
    # The address holds the personal link: keep it out of other sites' logs and of search engines.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The secretariat's screens


def can_see_opinions(user):
    return user.has_perm("cluac_pages.change_documentreview") or user.has_perm(
        "cluac_pages.view_documentreview"
    )


def can_send_invitations(user):
    return user.has_perm("cluac_pages.change_documentreview")


def sendings(review):
    """The invitation sendings of ``review``, newest first, with the persons' names."""
    entries = list(invitation_log(review).select_related("user"))
    ids = {pk for entry in entries for key in ("sent", "failed") for pk in (entry.data or {}).get(key, [])}
    names = {person.pk: person.full_name for person in Person.objects.filter(pk__in=ids)}
    return [
        {
            "at": entry.timestamp,
            "user": entry.user,
            "sent": len((entry.data or {}).get("sent", [])),
            "failed": [names.get(pk, "—") for pk in (entry.data or {}).get("failed", [])],
        }
        for entry in entries
    ]


class DocumentReviewOpinionsView(WagtailAdminTemplateMixin, TemplateView):
    """Every member with their opinion (or none yet), the invitations and the CSV export."""

    template_name = "cluac_pages/admin/document_review_opinions.html"
    header_icon = "doc-full"

    def dispatch(self, request, review_id):
        if not can_see_opinions(request.user):
            raise PermissionDenied
        self.review = get_object_or_404(
            DocumentReview.objects.select_related("committee", "document", "meeting"), pk=review_id
        )
        if not committee_in_scope(request.user, self.review.committee):
            raise Http404
        return super().dispatch(request, review_id)

    def get_page_title(self):
        return gettext("Avis des membres")

    def get_page_subtitle(self):
        return self.review.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = review_members(self.review)
        counts = {verdict: 0 for verdict in Opinion.Verdict.values}
        for member in members:
            if member.opinion:
                counts[member.opinion.verdict] += 1
        context.update(
            {
                "review": self.review,
                "members": members,
                "closes_at": closing_label(self.review),
                "counts": [(label, counts[value]) for value, label in Opinion.Verdict.choices],
                "without_opinion": sum(1 for member in members if member.opinion is None),
                "without_address": [m for m in members if not m.address],
                "can_send": can_send_invitations(self.request.user) and self.review.is_open,
                "sendings": sendings(self.review),
                "edit_url": reverse("cluac_pages_documentreview_modeladmin_edit", args=[self.review.pk]),
                "csv_url": reverse("cluac_pages_document_review_opinions_csv", args=[self.review.pk]),
            }
        )
        return context

    def post(self, request, review_id):
        if not can_send_invitations(request.user):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in ("send", "remind"):
            messages.error(request, gettext("Action inconnue."))
            return redirect(request.path)
        try:
            count = send_invitations(self.review, request.user, only_without_opinion=action == "remind")
        except InvitationRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(request.path)
        if count:
            messages.success(
                request,
                ngettext(
                    "Invitation à donner un avis : envoi en cours à %(count)s membre.",
                    "Invitation à donner un avis : envoi en cours à %(count)s membres.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(
                request,
                gettext(
                    "Aucun membre à inviter : aucun n’a d’adresse électronique, "
                    "ou tous ont déjà donné leur avis."
                ),
            )
        return redirect(request.path)


def opinions_csv(request, review_id):
    """The opinions on one document, for the secretariat: one row per member (no address)."""
    if not can_see_opinions(request.user):
        raise PermissionDenied
    review = get_object_or_404(DocumentReview.objects.select_related("committee"), pk=review_id)
    if not committee_in_scope(request.user, review.committee):
        raise Http404
    header = [
        gettext("Comité"),
        gettext("Document"),
        gettext("Date limite"),
        gettext("Membre"),
        gettext("Organisme"),
        gettext("Qualité"),
        gettext("Avis"),
        gettext("Commentaire"),
        gettext("Donné le"),
        gettext("Modifié le"),
    ]
    rows = []
    for member in review_members(review):
        opinion = member.opinion
        person = member.person
        rows.append(
            [
                review.committee.title,
                review.title,
                timezone.localtime(review.closes_at).strftime("%d/%m/%Y %H:%M"),
                person.full_name,
                person.organisation.name if person.organisation_id else "",
                " ; ".join(member.roles),
                opinion.get_verdict_display() if opinion else gettext("Pas encore d'avis"),
                opinion.comment if opinion else "",
                timezone.localtime(opinion.submitted_at).strftime("%d/%m/%Y %H:%M") if opinion else "",
                timezone.localtime(opinion.updated_at).strftime("%d/%m/%Y %H:%M") if opinion else "",
            ]
        )
    return csv_response(f"avis-document-{review.pk}.csv", header, rows)


def published_summaries(committee):
    """The reviews of ``committee`` whose summary the secretariat chose to publish."""
    return (
        DocumentReview.objects.filter(committee=committee, summary_published=True)
        .exclude(summary="")
        .select_related("document", "meeting")
        .order_by("-closes_at", "-pk")
    )
