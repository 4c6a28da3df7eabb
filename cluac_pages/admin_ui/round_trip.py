"""The validation round trip as the two roles meet it in the page editor.

Wagtail's editor offers the author of minutes sent back for changes « Annuler le workflow »,
« Relancer le workflow » and « Resoumettre à … », shows the validator's comment only in a dialog,
and confirms a decision with « La page … a été mise à jour ». Here the author has one action,
« Renvoyer pour validation », sees the comment at the top of the editor until they resubmit, and
each decision is confirmed in words that say what happened and who is told.
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.admin import messages as admin_messages
from wagtail.admin.action_menu import (
    CancelWorkflowMenuItem,
    RestartWorkflowMenuItem,
    SubmitForModerationMenuItem,
)
from wagtail.admin.utils import get_user_display_name
from wagtail.models import WorkflowState

from ..models import MinutesPage
from ..templatetags.cluac_tags import long_date, short_time


def in_validation_round_trip(page):
    return page is not None and page.specific_class is MinutesPage


def needs_changes(workflow_state):
    return workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


class SubmitForValidationMenuItem(SubmitForModerationMenuItem):
    """« Soumettre pour validation », or « Renvoyer pour validation » after a request for changes."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        if page is not None and needs_changes(page.current_workflow_state):
            context["label"] = gettext("Renvoyer pour validation")
        else:
            context["label"] = gettext("Soumettre pour validation")
        return context


def simplify_action_menu(menu_items, request, context):
    """One way forward for the author: submit, or resubmit after changes; never « restart »."""
    page = context.get("page")
    if context.get("view") == "create":
        parent = context.get("parent_page")
        if parent is None or parent.specific_class not in MinutesPage.allowed_parent_page_models():
            return
    elif not in_validation_round_trip(page):
        return
    workflow_state = page.current_workflow_state if page is not None and page.pk else None
    for index, item in reversed(list(enumerate(menu_items))):
        if isinstance(item, RestartWorkflowMenuItem):
            del menu_items[index]
        elif isinstance(item, CancelWorkflowMenuItem) and needs_changes(workflow_state):
            # While waiting, the site's catalogue words it « Retirer de la validation ».
            del menu_items[index]
        elif type(item) is SubmitForModerationMenuItem:
            # Wagtail's items are shared by every request: replace, never modify.
            menu_items[index] = SubmitForValidationMenuItem(order=item.order)


def requested_changes_message(workflow_state):
    """Who asked for changes, when, and their comment: what the author must do next."""
    task_state = workflow_state.current_task_state
    values = {
        "validator": get_user_display_name(task_state.finished_by) if task_state.finished_by else "",
        "date": long_date(timezone.localtime(task_state.finished_at)),
        "time": short_time(timezone.localtime(task_state.finished_at)),
        "comment": task_state.get_comment(),
    }
    if values["comment"]:
        text = gettext(
            "Modifications demandées par %(validator)s le %(date)s à %(time)s. Corrigez le compte-rendu, "
            "puis choisissez « Renvoyer pour validation ». Commentaire : « %(comment)s »"
        )
    else:
        text = gettext(
            "Modifications demandées par %(validator)s le %(date)s à %(time)s, sans commentaire. "
            "Corrigez le compte-rendu, puis choisissez « Renvoyer pour validation »."
        )
    return text % values


def show_requested_changes(request, page):
    """At the top of the editor, the validator's request, until the author resubmits."""
    if request.method != "GET" or not in_validation_round_trip(page):
        return
    workflow_state = page.current_workflow_state
    if needs_changes(workflow_state):
        admin_messages.warning(request, requested_changes_message(workflow_state))


def decision_message(request, page):
    """The confirmation of the validator's decision, or ``None`` when no decision was taken."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    title = page.get_admin_display_title()
    action = request.POST.get("workflow-action-name")
    workflow_state = page.workflow_states.order_by("-created_at").first()
    if action == "reject" and needs_changes(workflow_state):
        author = workflow_state.requested_by
        return gettext(
            "Modifications demandées pour « %(title)s » : un courriel avec votre commentaire a été envoyé "
            "à %(author)s. Le compte-rendu vous reviendra quand il aura été corrigé et renvoyé."
        ) % {"title": title, "author": get_user_display_name(author) if author else gettext("l'auteur")}
    if action == "approve":
        page.refresh_from_db()
        if page.go_live_at and page.go_live_at > timezone.now() and not page.live:
            go_live = timezone.localtime(page.go_live_at)
            return gettext(
                "« %(title)s » est validé ; sa publication est programmée le %(date)s à %(time)s."
            ) % {
                "title": title,
                "date": long_date(go_live),
                "time": short_time(go_live),
            }
        return gettext("« %(title)s » est validé et publié.") % {"title": title}
    return None


def confirm_decision(request, page):
    """Replace Wagtail's « La page … a été mise à jour » by what the decision did."""
    if not in_validation_round_trip(page):
        return
    message = decision_message(request, page)
    if message is None:
        return
    title = page.get_admin_display_title()
    updated = escape(gettext("Page '%(page_title)s' has been updated.") % {"page_title": title})
    # Reading the pending messages consumes them: queue again all but Wagtail's generic one.
    pending = [pending for pending in messages.get_messages(request) if updated not in str(pending.message)]
    for kept in pending:
        messages.add_message(request, kept.level, kept.message, extra_tags=kept.extra_tags)
    admin_messages.success(request, message)
