"""Admin registration: the composition is managed with wagtail-modeladmin."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import lookup_field
from django.core.exceptions import FieldError
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from . import converters  # noqa: F401 - registers the « pk » converter
from .admin_ui import hooks as admin_ui_hooks  # noqa: F401 - French admin and validation round trip
from .admin_ui.creation import NewObjectCreateView
from .guarantee import wagtail_hooks as guarantee_hooks  # noqa: F401 - registers the guarantee's hooks
from .importer import wagtail_hooks as importer_hooks  # noqa: F401 - « Importer un compte-rendu »
from .models import (
    College,
    DocumentReview,
    MinutesPage,
    Organisation,
    Person,
    Seat,
    Suggestion,
    TrackedAction,
)
from .opendata import csv_safe
from .prefectures import wagtail_hooks as prefectures_hooks  # noqa: F401 - serves a prefecture's documents on its site
from .prefectures.admin import AssignPrefectureOnCreate, PrefectureScopedAdmin
from .read_once import ReadOnceDocumentLinkHandler, read_site_settings
from .views import MinutesDistributionView


class SafeIndexView(IndexView):
    """An admin listing that answers a malformed filter with a message, and exports safe CSV."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        str: {IndexView.FORMAT_CSV: csv_safe},
    }

    def to_row_dict(self, item):
        # modeladmin writes its on-screen « - » for an empty value; a spreadsheet gets an empty cell.
        row = super().to_row_dict(item)
        for field in row:
            _field, _attr, raw = lookup_field(field, item, self.model_admin)
            if raw is None or raw == "":
                row[field] = ""
        return row

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except (IncorrectLookupParameters, FieldError, DjangoValidationError, ValueError):
            messages.error(request, gettext("Ce filtre n’est pas valable : la liste complète est affichée."))
            return redirect(request.path)


class PrefectureCreateView(AssignPrefectureOnCreate, NewObjectCreateView):
    pass


class OrganisationAdmin(PrefectureScopedAdmin, ModelAdmin):
    model = Organisation
    site_field = "site"
    create_view_class = PrefectureCreateView
    index_view_class = SafeIndexView
    menu_label = _("Organismes")
    new_object_title = _("Nouvel organisme")
    menu_icon = "group"
    list_display = ("name", "acronym", "with_de", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")
    list_export = ("name", "acronym", "with_de", "kind", "website")
    export_filename = "organismes"

    @admin.display(description=_("nom après « de »"))
    def with_de(self, organisation):
        return organisation.with_de


class PersonAdmin(PrefectureScopedAdmin, ModelAdmin):
    model = Person
    site_field = "site"
    create_view_class = PrefectureCreateView
    index_view_class = SafeIndexView
    menu_label = _("Personnes")
    new_object_title = _("Nouvelle personne")
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
    index_view_class = SafeIndexView
    create_view_class = NewObjectCreateView
    menu_label = _("Collèges")
    new_object_title = _("Nouveau collège")
    menu_icon = "list-ul"
    list_display = ("name", "sort_order")
    search_fields = ("name",)
    list_export = ("name", "description", "sort_order")
    export_filename = "colleges"


class SeatAdmin(PrefectureScopedAdmin, ModelAdmin):
    model = Seat
    page_path_field = "committee__path"
    index_view_class = SafeIndexView
    create_view_class = NewObjectCreateView
    menu_label = _("Sièges")
    new_object_title = _("Nouveau siège")
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
            "cluac-pages/minutes/<pk:page_id>/distribution/",
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


@hooks.register("register_admin_urls")
def register_meeting_secretariat_urls():
    from .attendance import AttendanceView, SignInSheetView
    from .substitutions import SubstitutionsView

    return [
        path(
            "cluac-pages/meetings/<pk:page_id>/attendance/",
            AttendanceView.as_view(),
            name="cluac_pages_meeting_attendance",
        ),
        path(
            "cluac-pages/meetings/<pk:page_id>/sign-in-sheet/",
            SignInSheetView.as_view(),
            name="cluac_pages_meeting_sign_in_sheet",
        ),
        path(
            "cluac-pages/meetings/<pk:page_id>/substitutions/",
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
    yield Button(
        gettext("Convocations"),
        url=reverse("cluac_pages_meeting_convocations", args=[page.pk]),
        icon_name="mail",
        priority=87,
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
        from .prefectures.roles import sites_of
        from .reports import follow_up_report

        # Each prefecture's team follows its own committees.
        return {"report": follow_up_report(sites=sites_of(parent_context["request"].user))}


@hooks.register("construct_homepage_panels")
def add_follow_up_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(FollowUpPanel())


class OverdueFilter(admin.SimpleListFilter):
    """Actions to do or in progress whose due date has passed, or the others."""

    title = _("retard")
    parameter_name = "en_retard"

    def lookups(self, request, model_admin):
        return [("oui", _("En retard")), ("non", _("Pas en retard"))]

    def queryset(self, request, queryset):
        overdue = TrackedAction.objects.overdue().values("pk")
        if self.value() == "oui":
            return queryset.filter(pk__in=overdue)
        if self.value() == "non":
            return queryset.exclude(pk__in=overdue)
        return queryset


class TrackedActionIndexView(SafeIndexView):
    # Plain French headings: modeladmin would title-case the verbose names.
    export_headings = {
        "committee": _("Comité"),
        "description": _("Action"),
        "owner": _("Porteur"),
        "due_date": _("Échéance"),
        "status_label": _("État"),
        "overdue_label": _("En retard"),
        "origin": _("Compte-rendu d'origine"),
        "follow_up_notes": _("Suivi"),
    }


class TrackedActionAdmin(PrefectureScopedAdmin, ModelAdmin):
    model = TrackedAction
    create_view_class = NewObjectCreateView
    page_path_field = "committee__path"
    menu_label = _("Plan d'actions")
    new_object_title = _("Nouvelle action")
    menu_icon = "tasks"
    menu_order = 260
    index_view_class = TrackedActionIndexView
    list_display = ("description", "committee", "owner", "due_date", "status", "overdue_label")
    list_filter = ("committee", "status", OverdueFilter)
    search_fields = ("description", "owner")
    list_export = (
        "committee",
        "description",
        "owner",
        "due_date",
        "status_label",
        "overdue_label",
        "origin",
        "follow_up_notes",
    )
    export_filename = "plan-d-actions"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("committee", "minutes")
        return queryset.prefetch_related("follow_ups")

    @admin.display(description=_("état"))
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("en retard"))
    def overdue_label(self, obj):
        return gettext("oui") if obj.is_overdue else gettext("non")

    @admin.display(description=_("compte-rendu d'origine"))
    def origin(self, obj):
        if obj.minutes is None:
            return gettext("saisie manuelle")
        return obj.minutes.subject or obj.minutes.title

    @admin.display(description=_("suivi"))
    def follow_up_notes(self, obj):
        return "\n".join(f"{note.date:%d/%m/%Y} : {note.note}" for note in obj.follow_ups.all())


modeladmin_register(TrackedActionAdmin)


class SuggestionAdmin(PrefectureScopedAdmin, ModelAdmin):
    """Users' suggestions: read, followed up (status, meeting, action), never published."""

    model = Suggestion
    page_path_field = "committee__path"
    index_view_class = SafeIndexView
    create_view_class = NewObjectCreateView
    menu_label = _("Suggestions des usagers")
    new_object_title = _("Nouvelle suggestion")
    menu_icon = "comment"
    menu_order = 270
    list_display = (
        "received_at",
        "committee",
        "excerpt",
        "status",
        "examined_at_meeting",
        "action",
        "reply_wanted",
    )
    list_filter = ("status", "committee")
    search_fields = ("text",)
    list_export = ("received_at", "committee", "text", "status", "examined_at_meeting", "action")
    export_filename = "suggestions"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee", "examined_at_meeting", "action")

    @admin.display(description=_("suggestion"))
    def excerpt(self, suggestion):
        return suggestion.text[:120]

    @admin.display(description=_("réponse souhaitée"), boolean=True)
    def reply_wanted(self, suggestion):
        return bool(suggestion.email)


modeladmin_register(SuggestionAdmin)


@hooks.register("register_admin_urls")
def register_convocation_urls():
    from .convocation_views import ConvocationsView

    return [
        path(
            "cluac-pages/meetings/<pk:page_id>/convocations/",
            ConvocationsView.as_view(),
            name="cluac_pages_meeting_convocations",
        ),
    ]


class DocumentReviewCreateView(NewObjectCreateView):
    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class DocumentReviewButtonHelper(ButtonHelper):
    """Adds « Avis des membres » (opinions, invitations, export) to each document's buttons."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        buttons.insert(
            0,
            {
                "url": reverse("cluac_pages_document_review_opinions", args=[obj.pk]),
                "label": gettext("Avis des membres"),
                "classname": self.finalise_classname(["button-secondary"], classnames_exclude),
                "title": gettext("Voir les avis des membres, les inviter et exporter les avis"),
            },
        )
        return buttons


class DocumentReviewAdmin(PrefectureScopedAdmin, ModelAdmin):
    """Documents put before the committee for review; the opinions are on each one's own screen."""

    model = DocumentReview
    page_path_field = "committee__path"
    index_view_class = SafeIndexView
    menu_label = _("Documents soumis pour avis")
    new_object_title = _("Nouveau document soumis pour avis")
    menu_icon = "doc-full"
    menu_order = 275
    create_view_class = DocumentReviewCreateView
    button_helper_class = DocumentReviewButtonHelper
    list_display = ("title", "committee", "closes_at", "opinion_count", "summary_published")
    list_filter = ("committee", "summary_published")
    search_fields = ("title", "description")
    list_export = (
        "committee",
        "title",
        "document",
        "meeting",
        "closes_at",
        "opinion_count",
        "summary_published",
    )
    export_filename = "documents-soumis-pour-avis"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("committee", "document", "meeting")
        return queryset.annotate(number_of_opinions=Count("opinions"))

    @admin.display(description=_("avis reçus"), ordering="number_of_opinions")
    def opinion_count(self, review):
        return review.number_of_opinions


modeladmin_register(DocumentReviewAdmin)


@hooks.register("register_admin_urls")
def register_document_review_urls():
    from .reviews import DocumentReviewOpinionsView, opinions_csv

    return [
        path(
            "cluac-pages/reviews/<pk:review_id>/opinions/",
            DocumentReviewOpinionsView.as_view(),
            name="cluac_pages_document_review_opinions",
        ),
        path(
            "cluac-pages/reviews/<pk:review_id>/opinions.csv",
            opinions_csv,
            name="cluac_pages_document_review_opinions_csv",
        ),
    ]


@hooks.register("register_log_actions")
def register_document_review_log_actions(actions):
    from .reviews import INVITATIONS_SENT

    label = _("Invitations à donner un avis envoyées")
    actions.register_action(INVITATIONS_SENT, label, label)


# After wagtail.documents' own registration (later in INSTALLED_APPS), which this one replaces.
@hooks.register("register_rich_text_features", order=1)
def register_read_once_document_links(features):
    features.register_link_type(ReadOnceDocumentLinkHandler)


@hooks.register("before_serve_page")
def read_site_settings_once(page, request, serve_args, serve_kwargs):
    # The page's header, footer and letterhead read the site's settings: all of them in one query.
    read_site_settings(request)
