"""Wagtail hooks of the admin's French interface and of the validation round trip."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from . import round_trip


@hooks.register("insert_global_admin_css")
def field_rows_share_their_width():
    return format_html('<link rel="stylesheet" href="{}">', static("cluac_pages/admin/admin.css"))


@hooks.register("insert_global_admin_js")
def keep_typed_dates():
    return format_html('<script src="{}"></script>', static("cluac_pages/admin/dates.js"))


hooks.register("construct_page_action_menu", round_trip.simplify_action_menu)
hooks.register("before_edit_page", round_trip.show_requested_changes)
hooks.register("after_edit_page", round_trip.confirm_decision)
