"""The meeting's header button « Importer un compte-rendu (.docx, .odt) » and its screen."""

from django.urls import path, reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.widgets import Button


@hooks.register("register_admin_urls")
def register_import_urls():
    from .views import ImportMinutesView

    return [
        path(
            "cluac-pages/meetings/<pk:page_id>/import-minutes/",
            ImportMinutesView.as_view(),
            name="cluac_pages_meeting_import_minutes",
        ),
    ]


@hooks.register("register_page_header_buttons")
def import_minutes_button(page, user, view_name, next_url=None):
    from ..models import MeetingPage
    from .views import can_import

    if page.specific_class is MeetingPage and can_import(page, user):
        yield Button(
            gettext("Importer un compte-rendu (.docx, .odt)"),
            url=reverse("cluac_pages_meeting_import_minutes", args=[page.pk]),
            icon_name="upload",
            priority=89,
        )
