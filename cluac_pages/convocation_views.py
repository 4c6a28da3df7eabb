"""Admin screen of a meeting's convocations: send, see who was sent what and when, retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .convocations import (
    ConvocationRefused,
    convocation_recipients,
    plan_convocation,
    retry_failed,
    send_convocation,
)
from .models import ConvocationDelivery, ConvocationRound, MeetingPage


def plan_summary(plan):
    """What the button would do, in French: the confirmation shown beside it."""
    count = len(plan.recipients)
    if plan.refusal:
        return plan.refusal
    if plan.nothing_new:
        if plan.is_first:
            return _(
                "Aucun destinataire n’a d’adresse électronique : "
                "il n’y a personne à qui envoyer la convocation."
            )
        return _(
            "Rien de nouveau à envoyer : tous les destinataires ont déjà reçu la version actuelle de la "
            "convocation."
        )
    if plan.is_first:
        return ngettext(
            "Premier envoi : la convocation sera envoyée à %(count)s destinataire.",
            "Premier envoi : la convocation sera envoyée à %(count)s destinataires.",
            count,
        ) % {"count": count}
    if plan.is_complement:
        return ngettext(
            "Rien n’a changé depuis le dernier envoi : seul %(count)s nouveau destinataire recevra la "
            "convocation actuelle.",
            "Rien n’a changé depuis le dernier envoi : seuls %(count)s nouveaux destinataires recevront "
            "la convocation actuelle.",
            count,
        ) % {"count": count}
    if plan.kind == ConvocationRound.Kind.CANCELLATION:
        return ngettext(
            "La réunion est annulée : l’annulation sera envoyée à %(count)s destinataire.",
            "La réunion est annulée : l’annulation sera envoyée à %(count)s destinataires.",
            count,
        ) % {"count": count}
    return ngettext(
        "Mise à jour : la réunion a changé depuis le dernier envoi (date, lieu, ordre du jour ou "
        "documents) ; la convocation modifiée sera envoyée à %(count)s destinataire.",
        "Mise à jour : la réunion a changé depuis le dernier envoi (date, lieu, ordre du jour ou "
        "documents) ; la convocation modifiée sera envoyée à %(count)s destinataires.",
        count,
    ) % {"count": count}


class ConvocationsView(WagtailAdminTemplateMixin, TemplateView):
    """Send a meeting's convocation; who was sent which version, when, with what outcome."""

    template_name = "cluac_pages/admin/convocations.html"
    header_icon = "mail"

    def dispatch(self, request, page_id):
        self.meeting = get_object_or_404(MeetingPage, pk=page_id)
        if not self.meeting.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Convocations")

    def get_page_subtitle(self):
        return self.meeting.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = plan_convocation(self.meeting)
        recipients, without_address = convocation_recipients(self.meeting)
        context.update(
            {
                "meeting": self.meeting,
                "plan": plan,
                "plan_summary": plan_summary(plan),
                "can_send": not plan.refusal and not plan.nothing_new,
                "recipients": recipients,
                "without_address": without_address,
                "rounds": ConvocationRound.objects.filter(meeting=self.meeting)
                .select_related("requested_by")
                .prefetch_related(
                    Prefetch("deliveries", queryset=ConvocationDelivery.objects.select_related("person"))
                ),
            }
        )
        return context

    def post(self, request, page_id):
        action = request.POST.get("action")
        if action == "send":
            self.send(request)
        elif action == "retry":
            self.retry(request)
        else:
            messages.error(request, _("Action inconnue."))
        return redirect(request.path)

    def send(self, request):
        try:
            convocation_round = send_convocation(
                self.meeting, request.user, expected_token=request.POST.get("plan", "")
            )
        except ConvocationRefused as refusal:
            messages.error(request, str(refusal))
            return
        if convocation_round is None:
            messages.info(
                request,
                _(
                    "Rien de nouveau à envoyer : tous les destinataires ont déjà reçu la version "
                    "actuelle de la convocation."
                ),
            )
            return
        count = convocation_round.deliveries.count()
        messages.success(
            request,
            ngettext(
                "%(kind)s : envoi en cours à %(count)s destinataire.",
                "%(kind)s : envoi en cours à %(count)s destinataires.",
                count,
            )
            % {"kind": convocation_round.get_kind_display(), "count": count},
        )

    def retry(self, request):
        if not ConvocationDelivery.objects.filter(
            round__meeting=self.meeting, status=ConvocationDelivery.Status.FAILED
        ).exists():
            messages.info(request, _("Aucun envoi n’est en échec."))
        elif retry_failed(self.meeting):
            messages.success(request, _("Les envois en échec sont relancés."))
        else:
            messages.warning(
                request,
                _(
                    "Les envois en échec portent sur une version dépassée de la convocation, ou la réunion "
                    "ne peut plus être convoquée : ils ne sont pas relancés."
                ),
            )
