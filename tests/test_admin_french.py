"""Every admin screen that the two roles use is in French, with no English and no wrong form.

Chromium logs in as a member of « Service communication » and of « Secrétaire général » and walks
the screens of the minutes round trip: dashboard, explorer and its breadcrumbs, page chooser,
the editor and add form of each page type, history, the add-on's lists and forms (composition,
attendance, substitutions, convocations, distribution, action plan, suggestions, document
reviews). Each screen's text, with its tabs, dialogs and accessible labels, is checked against
the English words of Wagtail's and Django's catalogues and the wrong forms met by users. No
request leaves for Gravatar: avatars are a local image.
"""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Page

from cluac_pages.models import DocumentReview, MeetingParticipant, Suggestion, TrackedAction

from .admin_browser import log_in, screen_text
from .browser import chromium, csp_violations, needs_chromium, save_screenshot
from .factories import MeetingPageFactory, OrganisationFactory, PersonFactory
from .french import english_words, faults
from .workflow_helpers import build_meeting, create_draft_minutes

pytestmark = [
    needs_chromium,
    pytest.mark.single_pass,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def content(home_page, author, secretary):
    """A committee with a meeting (attendance, participants), its minutes submitted for validation,
    a meeting without minutes, a tracked action, a suggestion and a document under review."""
    # The page Wagtail's first migration creates (« Welcome to your new Wagtail site! »), which
    # an installation deletes (load_demo does).
    Page.objects.filter(depth=2).exclude(pk=home_page.pk).delete()
    committee, meeting, people = build_meeting(home_page)
    later = MeetingPageFactory(parent=committee, title="Réunion du 14 mars 2024", slug="reunion-2024")
    minutes = create_draft_minutes(meeting, author, "Le secrétaire général ouvre la séance à 14h30.")
    minutes.get_latest_revision().publish()
    minutes.save_revision(user=author)
    minutes.get_workflow().start(minutes, author)
    action = TrackedAction.objects.create(
        committee=committee,
        description="Traduire les accusés de réception en anglais et en arabe",
        owner="Service de l'immigration",
        due_date=datetime.date(2024, 3, 1),
    )
    suggestion = Suggestion.objects.create(
        committee=committee, text="Des bancs dans la salle d'attente du service des titres, s'il vous plaît."
    )
    document = Document.objects.create(
        title="Projet de lettre type", file=ContentFile(b"%PDF-1.4", "lettre.pdf")
    )
    review = DocumentReview.objects.create(
        committee=committee,
        title="Projet de lettre type aux usagers",
        document=document,
        meeting=later,
        closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    return {
        "committee": committee,
        "meeting": meeting,
        "later": later,
        "minutes": minutes,
        "person": people["present"],
        "seat": meeting.attendances.first().seat,
        "action": action,
        "suggestion": suggestion,
        "review": review,
    }


def screens(content):
    committee, meeting, later, minutes = (content[k] for k in ("committee", "meeting", "later", "minutes"))
    model = "/admin/cluac_pages"
    return {
        "tableau de bord": "/admin/",
        "explorateur (racine)": "/admin/pages/",
        "explorateur (comité)": f"/admin/pages/{committee.pk}/",
        "explorateur (réunion)": f"/admin/pages/{meeting.pk}/",
        "sélecteur de page": "/admin/choose-page/",
        "sélecteur de page (comité)": f"/admin/choose-page/{committee.pk}/",
        "recherche de pages": "/admin/pages/search/?q=compte",
        "comité : modification": f"/admin/pages/{committee.pk}/edit/",
        "réunion : modification": f"/admin/pages/{meeting.pk}/edit/",
        "réunion : ajout": f"/admin/pages/add/cluac_pages/meetingpage/{committee.pk}/",
        "compte-rendu : modification": f"/admin/pages/{minutes.pk}/edit/",
        "compte-rendu : ajout": f"/admin/pages/add/cluac_pages/minutespage/{later.pk}/",
        "fiche procédure : ajout": f"/admin/pages/add/cluac_pages/proceduresheetpage/{committee.pk}/",
        "ajout d'une sous-page": f"/admin/pages/{committee.pk}/add_subpage/",
        "historique du compte-rendu": f"/admin/pages/{minutes.pk}/history/",
        "présences": f"/admin/cluac-pages/meetings/{meeting.pk}/attendance/",
        "suppléances": f"/admin/cluac-pages/meetings/{meeting.pk}/substitutions/",
        "convocations": f"/admin/cluac-pages/meetings/{meeting.pk}/convocations/",
        "diffusion": f"/admin/cluac-pages/minutes/{minutes.pk}/distribution/",
        "sièges": f"{model}/seat/",
        "siège : ajout": f"{model}/seat/create/",
        "siège : modification": f"{model}/seat/edit/{content['seat'].pk}/",
        "siège : suppression": f"{model}/seat/delete/{content['seat'].pk}/",
        "personnes": f"{model}/person/",
        "personne : ajout": f"{model}/person/create/",
        "personne : modification": f"{model}/person/edit/{content['person'].pk}/",
        "organismes": f"{model}/organisation/",
        "organisme : ajout": f"{model}/organisation/create/",
        "collèges": f"{model}/college/",
        "collège : ajout": f"{model}/college/create/",
        "plan d'actions": f"{model}/trackedaction/",
        "action : ajout": f"{model}/trackedaction/create/",
        "action : modification": f"{model}/trackedaction/edit/{content['action'].pk}/",
        "suggestions": f"{model}/suggestion/",
        "suggestion : modification": f"{model}/suggestion/edit/{content['suggestion'].pk}/",
        "documents soumis pour avis": f"{model}/documentreview/",
        "document soumis pour avis : ajout": f"{model}/documentreview/create/",
        "avis des membres": f"/admin/cluac-pages/reviews/{content['review'].pk}/opinions/",
        "compte": "/admin/account/",
    }


# Creation screens titled with the agreement of their model's gender.
NEW_OBJECT_TITLES = {
    "siège : ajout": "Nouveau siège",
    "personne : ajout": "Nouvelle personne",
    "organisme : ajout": "Nouvel organisme",
    "collège : ajout": "Nouveau collège",
    "action : ajout": "Nouvelle action",
    "document soumis pour avis : ajout": "Nouveau document soumis pour avis",
}


@pytest.mark.parametrize("role", ["author", "secretary"])
def test_every_screen_of_the_round_trip_is_in_french(live_server, content, author, secretary, role):
    user = {"author": author, "secretary": secretary}[role]
    english = english_words()
    walk = screens(content)
    found, gravatar, titles = {}, [], {}
    with chromium() as browser:
        page = log_in(browser, live_server.url, user.username)
        page.context.on("request", lambda request: "gravatar" in request.url and gravatar.append(request.url))
        for label, path in walk.items():
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert response.status < 500, (label, path, response.status)
            if "json" in response.headers.get("content-type", ""):
                # A chooser answers with the HTML of its dialog: show it as the dialog would.
                page.set_content(response.json()["html"])
            if label in NEW_OBJECT_TITLES and "/create/" in page.url:
                titles[label] = " ".join(page.locator("h1").first.inner_text().split())
            problems = faults(screen_text(page), english)
            if problems:
                found[f"{label} ({path})"] = problems
        avatar = page.locator(".avatar img, img.avatar").first.get_attribute("src")
        blocked = csp_violations(page)
    report = "\n".join(f"  {screen}: {', '.join(problems)}" for screen, problems in found.items())
    assert not found, f"English or wrong French on the screens of « {user.groups.first()} »:\n{report}"
    # The notification e-mails sent on the way (submission to the secretary general).
    assert mail.outbox
    for message in mail.outbox:
        assert not faults(f"{message.subject}\n{message.body}", english), (message.subject, message.body)
    assert titles == {label: title for label, title in NEW_OBJECT_TITLES.items() if label in titles}
    if role == "author":
        assert set(titles) == set(NEW_OBJECT_TITLES), titles
    assert not gravatar
    assert avatar and "gravatar" not in avatar and avatar.startswith("/static/"), avatar
    assert not blocked, "the Content-Security-Policy blocked something:\n" + "\n".join(blocked)


LAYOUT_CHECK = """() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect();
    const label = document.querySelector("label[for='id_chair_function']");
    return {
        viewport: document.documentElement.clientWidth,
        chair: box('#id_chair').toJSON(),
        function: box('#id_chair_function').toJSON(),
        labelClipped: label.scrollHeight > label.clientHeight + 1
            || label.scrollWidth > label.clientWidth + 1,
        labelHeight: label.getBoundingClientRect().height,
        participantStatuses: Array.from(
            document.querySelectorAll("select[name^='participants-'][name$='-status']"))
            .filter((select) => !select.name.includes('__prefix__'))
            .map((select) => select.getBoundingClientRect().right),
    };
}"""


@pytest.mark.parametrize("width", [1280, 1920])
def test_chair_and_participant_rows_fit_the_meeting_form(live_server, home_page, author, width):
    committee, meeting, _ = build_meeting(home_page)
    long_name = PersonFactory(
        civility="m",
        first_name="Pascal",
        last_name="OTHEGUY",
        function="secrétaire général",
        organisation=OrganisationFactory(
            name="Direction départementale des territoires et de la mer de la Loire-Atlantique"
        ),
    )
    meeting.chair = long_name
    meeting.chair_function = "le secrétaire général de la préfecture"
    MeetingParticipant.objects.create(meeting=meeting, person=long_name, group="administration")
    meeting.save_revision(user=author).publish()
    with chromium() as browser:
        page = log_in(browser, live_server.url, author.username, viewport={"width": width, "height": 1000})
        page.goto(f"{live_server.url}/admin/pages/{meeting.pk}/edit/")
        layout = page.evaluate(LAYOUT_CHECK)
        page.locator("#id_chair").scroll_into_view_if_needed()
        save_screenshot(page, f"admin-meeting-chair-{width}", full_page=False)
    chair, function = layout["chair"], layout["function"]
    assert function["width"] >= 0.8 * chair["width"], layout
    assert function["right"] <= layout["viewport"], layout
    assert not layout["labelClipped"] and layout["labelHeight"] < 30, layout
    assert layout["participantStatuses"] and all(
        right <= layout["viewport"] for right in layout["participantStatuses"]
    ), layout
