"""Admin views of the add-on."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .distribution import queue_sending, resend
from .models import DistributionDelivery, MinutesDistribution, MinutesPage


class MinutesDistributionView(WagtailAdminTemplateMixin, TemplateView):
    """Who was sent a set of minutes, when, with what outcome; resend or retry."""

    template_name = "cluac_pages/admin/minutes_distribution.html"
    header_icon = "mail"

    def dispatch(self, request, page_id):
        self.minutes = get_object_or_404(MinutesPage, pk=page_id)
        if not self.minutes.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Diffusion du compte-rendu")

    def get_page_subtitle(self):
        return self.minutes.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["minutes"] = self.minutes
        context["distributions"] = (
            MinutesDistribution.objects.filter(minutes=self.minutes)
            .select_related("requested_by", "revision")
            .prefetch_related(
                Prefetch("deliveries", queryset=DistributionDelivery.objects.select_related("person"))
            )
        )
        return context

    def post(self, request, page_id):
        action = request.POST.get("action")
        if action == "resend":
            distribution, refusal = resend(self.minutes, request.user)
            if refusal:
                messages.error(request, refusal)
            else:
                count = distribution.deliveries.count()
                messages.success(
                    request,
                    ngettext(
                        "Le compte-rendu est renvoyé à %(count)s participant.",
                        "Le compte-rendu est renvoyé à %(count)s participants.",
                        count,
                    )
                    % {"count": count},
                )
        elif action == "retry":
            failed = MinutesDistribution.objects.filter(
                minutes=self.minutes, deliveries__status=DistributionDelivery.Status.FAILED
            ).distinct()
            for distribution in failed:
                queue_sending(distribution)
            if failed:
                messages.success(request, _("Les envois en échec sont relancés."))
            else:
                messages.info(request, _("Aucun envoi n’est en échec."))
        else:
            messages.error(request, _("Action inconnue."))
        return redirect(request.path)
