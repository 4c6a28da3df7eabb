"""Admin hooks of the guarantee, for every page type.

The permission testers (``pages``) already refuse these actions on the add-on's pages
and on the site's pages built with ``MinutesCarrierMixin``; these hooks refuse them
whatever the page type, so that a host site's own page above a committee cannot be
the way round (unpublish, delete, move, in the single views and in bulk).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from wagtail import hooks

from ..models import MinutesPage
from .rules import WITHDRAWAL_REFUSED, can_validate_minutes, holds_live_minutes

WITHDRAWING_BULK_ACTIONS = {"unpublish", "delete", "move"}


def refuse(request, page):
    messages.error(request, WITHDRAWAL_REFUSED)
    parent = page.get_parent() or page
    return redirect(reverse("wagtailadmin_explore", args=[parent.pk]))


def withdraws_validated_minutes(request, page):
    return not can_validate_minutes(request.user) and holds_live_minutes(page)


@hooks.register("before_unpublish_page")
def refuse_unpublishing_validated_minutes(request, page):
    if withdraws_validated_minutes(request, page):
        return refuse(request, page)
    return None


@hooks.register("before_delete_page")
def refuse_deleting_validated_minutes(request, page):
    if request.method == "POST" and withdraws_validated_minutes(request, page):
        return refuse(request, page)
    return None


@hooks.register("before_move_page")
def refuse_moving_validated_minutes(request, page, destination):
    if withdraws_validated_minutes(request, page):
        return refuse(request, page)
    return None


@hooks.register("before_bulk_action")
def refuse_withdrawing_validated_minutes_in_bulk(request, action_type, objects, action_class_instance):
    if action_type not in WITHDRAWING_BULK_ACTIONS or can_validate_minutes(request.user):
        return None
    for page in objects:
        if hasattr(page, "get_descendants") and holds_live_minutes(page):
            return refuse(request, page)
    return None


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
