"""Admin registration: the composition is managed with wagtail-modeladmin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import College, MinutesPage, Organisation, Person, Seat, can_validate_minutes
from .views import MinutesDistributionView


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = _("Organismes")
    menu_icon = "group"
    list_display = ("name", "acronym", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")
    list_export = ("name", "acronym", "kind", "website")
    export_filename = "organismes"


class PersonAdmin(ModelAdmin):
    model = Person
    menu_label = _("Personnes")
    menu_icon = "user"
    list_display = (
        "last_name",
        "first_name",
        "function",
        "organisation",
        "acts_as_official",
        "publication_consent",
    )
    list_filter = ("organisation__kind", "acts_as_official", "publication_consent", "organisation")
    search_fields = ("last_name", "first_name", "function", "organisation__name")
    list_export = (
        "civility",
        "first_name",
        "last_name",
        "function",
        "organisation",
        "email",
        "phone",
        "acts_as_official",
        "publication_consent",
        "consent_date",
    )
    export_filename = "personnes"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class CollegeAdmin(ModelAdmin):
    model = College
    menu_label = _("Collèges")
    menu_icon = "list-ul"
    list_display = ("name", "sort_order")
    search_fields = ("name",)
    list_export = ("name", "description", "sort_order")
    export_filename = "colleges"


class SeatAdmin(ModelAdmin):
    model = Seat
    menu_label = _("Sièges")
    menu_icon = "table"
    list_display = ("title", "committee", "college", "organisation")
    list_filter = ("committee", "college")
    search_fields = ("title", "organisation__name")
    list_export = ("committee", "college", "organisation", "title", "sort_order")
    export_filename = "sieges"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee", "college", "organisation")


@modeladmin_register
class CompositionGroup(ModelAdminGroup):
    menu_label = _("Composition")
    menu_icon = "group"
    menu_order = 250
    items = (SeatAdmin, PersonAdmin, OrganisationAdmin, CollegeAdmin)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "cluac-pages/minutes/<int:page_id>/distribution/",
            MinutesDistributionView.as_view(),
            name="cluac_pages_minutes_distribution",
        ),
    ]


@hooks.register("register_page_header_buttons")
def minutes_distribution_button(page, user, view_name, next_url=None):
    if page.specific_class is MinutesPage and page.permissions_for_user(user).can_edit():
        yield Button(
            gettext("Diffusion aux participants"),
            url=reverse("cluac_pages_minutes_distribution", args=[page.pk]),
            icon_name="mail",
            priority=90,
        )


def copy_would_publish_minutes(request, page):
    """Whether the copy asked for would put minutes online without validation."""
    if request.method != "POST":
        return False
    keeps_live = request.POST.get("publish_copies") or request.POST.get("alias")
    if not keeps_live:
        return False
    if page.specific_class is MinutesPage:
        return True
    return bool(request.POST.get("copy_subpages")) and MinutesPage.objects.descendant_of(page).exists()


@hooks.register("before_copy_page")
def refuse_publishing_copies_of_minutes(request, page):
    if can_validate_minutes(request.user) or not copy_would_publish_minutes(request, page):
        return None
    messages.error(
        request,
        gettext(
            "Cette copie publierait un compte-rendu sans la validation du secrétaire général. "
            "Copiez sans publier les copies (et sans créer d’alias) : les comptes-rendus copiés "
            "seront des brouillons à soumettre à validation."
        ),
    )
    return redirect(request.get_full_path())


@hooks.register("register_admin_urls")
def register_meeting_secretariat_urls():
    from .attendance import AttendanceView, SignInSheetView
    from .substitutions import SubstitutionsView

    return [
        path(
            "cluac-pages/meetings/<int:page_id>/attendance/",
            AttendanceView.as_view(),
            name="cluac_pages_meeting_attendance",
        ),
        path(
            "cluac-pages/meetings/<int:page_id>/sign-in-sheet/",
            SignInSheetView.as_view(),
            name="cluac_pages_meeting_sign_in_sheet",
        ),
        path(
            "cluac-pages/meetings/<int:page_id>/substitutions/",
            SubstitutionsView.as_view(),
            name="cluac_pages_meeting_substitutions",
        ),
    ]


@hooks.register("register_page_header_buttons")
def meeting_secretariat_buttons(page, user, view_name, next_url=None):
    from .models import MeetingPage
    from .substitutions import meeting_deadline

    if page.specific_class is not MeetingPage or not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        gettext("Présences"),
        url=reverse("cluac_pages_meeting_attendance", args=[page.pk]),
        icon_name="group",
        priority=80,
    )
    deadline = meeting_deadline(page.specific)
    label = gettext("Suppléances")
    if deadline:
        label = gettext("Suppléances (jusqu'au %(date)s)") % {"date": deadline.strftime("%d/%m/%Y")}
    yield Button(
        label,
        url=reverse("cluac_pages_meeting_substitutions", args=[page.pk]),
        icon_name="user",
        priority=85,
    )


@hooks.register("before_edit_page")
def show_substitution_deadline(request, page):
    """Remind the editor of a meeting when substitutes must be announced at the latest."""
    from django.utils.translation import ngettext

    from .models import MeetingPage, SubstitutionNotice
    from .templatetags.cluac_tags import long_date

    if request.method != "GET" or not isinstance(page, MeetingPage):
        return None
    committee = page.committee
    try:
        deadline = SubstitutionNotice.deadline_for(page, committee)
    except (AttributeError, TypeError, ValueError):
        return None
    days = committee.substitution_notice_days
    messages.info(
        request,
        ngettext(
            "Suppléances : le secrétariat doit être informé au plus tard le %(deadline)s "
            "(%(days)s jour ouvrable avant la réunion).",
            "Suppléances : le secrétariat doit être informé au plus tard le %(deadline)s "
            "(%(days)s jours ouvrables avant la réunion).",
            days,
        )
        % {"deadline": long_date(deadline, True), "days": days},
    )
    return None


class FollowUpPanel(Component):
    """The secretariat's follow-up on the admin dashboard."""

    name = "cluac_follow_up"
    order = 50
    template_name = "cluac_pages/admin/follow_up_panel.html"

    def get_context_data(self, parent_context):
        from .reports import follow_up_report

        return {"report": follow_up_report()}


@hooks.register("construct_homepage_panels")
def add_follow_up_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(FollowUpPanel())
