"""The validation round trip of a set of minutes, in Chromium, through both roles.

The author submits; the secretary general asks for changes with a comment and is told what
happened; the author sees the comment at the top of the editor, with one action to send the
minutes back; the secretary general approves and is told they are published; the public reads
them. Each step leaves a screenshot in ``test-artifacts/screenshots/round-trip-*.png``, which the
README's walk-through names.
"""

import re

import pytest
from django.core import mail

from cluac_pages.models import MinutesPage

from .admin_browser import log_in, messages_text, open_more_actions, press_action
from .browser import chromium, csp_violations, needs_chromium, new_page, save_screenshot
from .french import english_words, faults
from .workflow_helpers import build_meeting, create_draft_minutes

pytestmark = [
    needs_chromium,
    pytest.mark.single_pass,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMENT = "Merci d'indiquer l'heure de fin de la réunion (16h15) et le nom de la présidence."
WORKFLOW_WORDS = re.compile(r"workflow|Annuler le|Relancer|Resoumettre|resoumis", re.IGNORECASE)


def action_menu(page):
    open_more_actions(page)
    return page.locator("footer").inner_text()


def test_minutes_round_trip_reads_plainly_for_both_roles(live_server, home_page, author, secretary):
    _, meeting, _ = build_meeting(home_page)
    minutes = create_draft_minutes(meeting, author, "Le secrétaire général ouvre la séance à 14h30.")
    base = live_server.url
    edit_url = f"{base}/admin/pages/{minutes.pk}/edit/"
    public_url = base + minutes.get_url_parts()[2]
    seen = {}

    with chromium() as browser:
        # 1. The author submits the minutes.
        writer = log_in(browser, base, author.username)
        writer.goto(edit_url)
        seen["author menu before"] = action_menu(writer)
        save_screenshot(writer, "round-trip-1-author-submits", full_page=False)
        writer.get_by_role("button", name="Soumettre pour validation").click()
        writer.wait_for_load_state("networkidle")
        seen["author submitted"] = messages_text(writer)

        # 2. The secretary general finds them on the dashboard and asks for changes.
        validator = log_in(browser, base, secretary.username)
        seen["dashboard"] = validator.locator("main").inner_text()
        validator.goto(edit_url)
        seen["validator menu"] = action_menu(validator)
        validator.locator("[data-workflow-action-name='reject']").click()
        validator.fill("textarea[name='comment']", COMMENT)
        save_screenshot(validator, "round-trip-2-secretary-asks-for-changes", full_page=False)
        seen["reject dialog"] = validator.locator(".modal-content").inner_text()
        validator.locator(".modal-content [type=submit]").first.click()
        validator.wait_for_url(re.compile(rf".*/admin/pages/{meeting.pk}/$"))
        seen["validator asked"] = messages_text(validator)

        # 3. The author sees the comment at the top of the editor, and one way forward.
        writer.goto(edit_url)
        seen["author warned"] = messages_text(writer)
        seen["author menu after"] = action_menu(writer)
        # « Voir les détails » of the status side panel opens this dialog.
        seen["author details"] = " ".join(writer.locator("#workflow-status-dialog").text_content().split())
        writer.keyboard.press("Escape")
        save_screenshot(writer, "round-trip-3-author-sees-the-comment", full_page=False)

        # 4. The author corrects and sends the minutes back.
        press_action(writer, "Renvoyer pour validation")
        writer.wait_for_load_state("networkidle")
        seen["author resubmitted"] = messages_text(writer)
        save_screenshot(writer, "round-trip-4-author-resubmits", full_page=False)
        writer.goto(edit_url)
        seen["author warned after resubmission"] = messages_text(writer)

        # 5. The secretary general approves: the minutes are published.
        validator.goto(edit_url)
        press_action(validator, "Approuver et publier")
        validator.wait_for_url(re.compile(rf".*/admin/pages/{meeting.pk}/$"))
        seen["validator approved"] = messages_text(validator)
        save_screenshot(validator, "round-trip-5-secretary-approves", full_page=False)

        # 6. The public reads them.
        reader = new_page(browser)
        reader.goto(public_url)
        seen["public"] = reader.locator("main").inner_text()
        save_screenshot(reader, "round-trip-6-public-page")
        blocked = csp_violations(writer) + csp_violations(validator) + csp_violations(reader)

    assert "Soumettre pour validation" in seen["author menu before"]
    assert not WORKFLOW_WORDS.search(seen["author menu before"]), seen["author menu before"]
    assert "a été envoyée pour validation" in seen["author submitted"]
    assert "Compte-rendu" in seen["dashboard"] and "En attente de votre vérification" in seen["dashboard"]
    assert "Demander des modifications" in seen["validator menu"]
    assert not WORKFLOW_WORDS.search(seen["reject dialog"])

    # A confirmation for the secretary general, naming who is told.
    assert "Modifications demandées pour « Compte-rendu »" in seen["validator asked"], seen["validator asked"]
    assert "Anaïs Rédactrice" in seen["validator asked"]
    assert "a été mise à jour" not in seen["validator asked"]

    # The author reads the comment and who asked, and has one action with a clear label.
    assert COMMENT in seen["author warned"]
    assert "Modifications demandées par Nicolas Secrétaire" in seen["author warned"]
    assert "Renvoyer pour validation" in seen["author menu after"]
    assert not WORKFLOW_WORDS.search(seen["author menu after"]), seen["author menu after"]
    # The details name the secretary general as the one who asked, the author as the one who submitted.
    assert "Modifications demandées par Nicolas Secrétaire" in seen["author details"], seen["author details"]
    assert "par Anaïs Rédactrice" not in seen["author details"].replace("soumis par Anaïs Rédactrice", "")

    assert "a été envoyée pour validation" in seen["author resubmitted"]
    assert COMMENT not in seen["author warned after resubmission"]
    assert "« Compte-rendu » est validé et publié." in seen["validator approved"], seen["validator approved"]
    assert "a été mise à jour" not in seen["validator approved"]
    assert "Le secrétaire général ouvre la séance à 14h30." in seen["public"]
    assert MinutesPage.objects.get(pk=minutes.pk).live
    # Neither role's screens nor the public page trip the Content-Security-Policy.
    assert not blocked, "the Content-Security-Policy blocked something:\n" + "\n".join(blocked)

    # The author's e-mail quotes the comment, greets in French and names the secretary general.
    to_author = [message for message in mail.outbox if author.email in message.to]
    requested = [message for message in to_author if COMMENT in message.body]
    assert requested, [message.subject for message in to_author]
    body = requested[0].body
    assert "Bonjour Anaïs," in body
    assert "Nicolas Secrétaire demande des modifications" in body
    english = english_words()
    for message in mail.outbox:
        assert not faults(f"{message.subject}\n{message.body}", english), (message.subject, message.body)
