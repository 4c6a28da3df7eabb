"""CSV downloads of meetings and agreed actions: live, validated content only.

``build_public_reading_site`` is the data set of every public-reading test (feeds, calendars,
API, CSV, discoverability): validated minutes whose correction awaits validation, never
published minutes, a draft meeting and a meeting with an unpublished change, all carrying the
canary, and participants with private addresses and phone numbers.
"""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.test import Client, TestCase
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text, streamfield

from cluac_pages.models import AgendaItem, Person

from .factories import PARIS, MeetingPageFactory, PersonFactory
from .html import DEMO_SITES, load_demo, phone_pattern
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
    act,
    build_meeting,
    client_for,
    create_draft_minutes,
    make_user,
    submit,
)

CANARY = "CANARI-FLUX"


def list_block(items):
    data = {str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(items)}
    data["count"] = str(len(items))
    return data


def minutes_body(speaker, action, paragraph):
    return streamfield(
        [
            (
                "section",
                {
                    "heading": "Échanges et décisions",
                    "content": streamfield(
                        [
                            (
                                "exchange",
                                {
                                    "speaker": str(speaker.pk),
                                    "spoken_for": "",
                                    "statement": rich_text("<p>Une question sur l'accueil.</p>"),
                                    "answers": list_block([]),
                                },
                            ),
                            (
                                "agreed_actions",
                                {
                                    "title": "Actions décidées",
                                    "actions": list_block(
                                        [{"what": action, "who": "Le SGCD", "due_date": "2024-03-31"}]
                                    ),
                                },
                            ),
                        ]
                    ),
                },
            ),
            ("paragraph", rich_text(f"<p>{paragraph}</p>")),
        ]
    )


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def build_public_reading_site(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    secretary = make_user("sg", SECRETAIRE_GENERAL)
    committee, meeting, people = build_meeting(home_page)
    committee = publish(committee)

    speaker = people["present"]
    meeting.chair = speaker
    meeting.chair_function = ""
    meeting.place = "Salle Erdre, préfecture"
    meeting.introduction = "Réunion annuelle du comité."
    for order, (title, presenter) in enumerate(
        [("Bilan de l'accueil", "le SGCD"), ("Enquête de satisfaction", ""), ("Questions diverses", "")]
    ):
        AgendaItem.objects.create(meeting=meeting, title=title, presenter=presenter, sort_order=order)
    meeting = publish(meeting)

    # Validated minutes, then a correction carrying the canary that awaits validation.
    minutes = create_draft_minutes(meeting, author)
    submit(
        client_for(author),
        minutes,
        "",
        body=minutes_body(speaker, "Réviser la signalétique", "Texte validé."),
        subject="Compte-rendu de la réunion annuelle",
    )
    act(client_for(secretary), minutes, "approve")
    submit(
        client_for(author),
        minutes,
        "",
        body=minutes_body(speaker, f"Action {CANARY}", f"Correction {CANARY}."),
        subject=f"Objet {CANARY}",
    )

    # A second meeting, later, whose minutes were never published.
    draft_meeting = MeetingPageFactory(
        parent=committee,
        slug="reunion-2024",
        title="Réunion du 12 mars 2024",
        start=datetime.datetime(2024, 3, 12, 14, 0, tzinfo=PARIS),
        end_time=datetime.time(16, 0),
    )
    draft_meeting = publish(draft_meeting)
    draft_minutes = create_draft_minutes(draft_meeting, author, text=CANARY)
    draft_minutes.subject = f"Objet {CANARY}"
    draft_minutes.title = f"Brouillon {CANARY}"
    draft_minutes.save_revision(user=author)

    # A meeting never published, and a published one with an unpublished change.
    MeetingPageFactory(parent=committee, slug="jamais-publiee", title=f"Réunion {CANARY}", live=False)
    draft_meeting.place = f"Lieu {CANARY}"
    draft_meeting.save_revision()

    # An official whose name may be published, and private contact data everywhere.
    official = PersonFactory(last_name="OFFICIEL", acts_as_official=True, function="secrétaire général")
    return SimpleNamespace(
        committee=committee,
        meeting=Page.objects.get(pk=meeting.pk).specific,
        minutes=Page.objects.get(pk=minutes.pk).specific,
        later_meeting=Page.objects.get(pk=draft_meeting.pk).specific,
        draft_minutes=draft_minutes,
        people=people,
        speaker=speaker,
        official=official,
        author=author,
        secretary=secretary,
    )


def assert_nothing_private(text):
    """No canary, no person's e-mail address or phone number, no name that is not public."""
    assert CANARY not in text
    for person in Person.objects.all():
        if person.email:
            assert person.email not in text, person.email
        if person.phone:
            assert person.phone not in text, person.phone
        if not person.name_is_public:
            assert person.last_name not in text, person.last_name


@pytest.fixture
def site(home_page):
    return build_public_reading_site(home_page)


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert_nothing_private(text)
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text)))


def test_the_data_set_really_holds_the_canary_in_drafts(site):
    from wagtail.models import Revision

    assert sum(CANARY in str(r.content) for r in Revision.objects.all()) >= 3
    assert site.minutes.live and site.minutes.has_unpublished_changes


def test_meetings_csv_lists_live_meetings_with_their_validated_minutes(site, client):
    response = client.get("/donnees/reunions.csv")
    assert 'filename="reunions.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == [
        "Comité",
        "Réunion",
        "Date",
        "Heure de début",
        "Heure de fin",
        "Lieu",
        "Annulée",
        "Adresse de la réunion",
        "Adresse du compte-rendu",
    ]
    assert rows == [
        [
            "CLU de test",
            "Réunion du 7 septembre 2023",
            "2023-09-07",
            "10:00",
            "12:30",
            "Salle Erdre, préfecture",
            "non",
            "http://localhost/clu/reunion/",
            "http://localhost/clu/reunion/compte-rendu/",
        ],
        [
            "CLU de test",
            "Réunion du 12 mars 2024",
            "2024-03-12",
            "14:00",
            "16:00",
            "Préfecture",
            "non",
            "http://localhost/clu/reunion-2024/",
            "",
        ],
    ]


def test_actions_csv_lists_the_actions_of_validated_minutes_only(site, client):
    header, *rows = read_csv(client.get("/donnees/actions.csv"))
    assert header == [
        "Comité",
        "Date de la réunion",
        "Action",
        "Porteur",
        "Échéance",
        "Adresse du compte-rendu",
    ]
    assert rows == [
        [
            "CLU de test",
            "2023-09-07",
            "Réviser la signalétique",
            "Le SGCD",
            "2024-03-31",
            "http://localhost/clu/reunion/compte-rendu/",
        ]
    ]


def test_per_committee_csv_and_unknown_committee(site, client):
    committee_id = site.committee.pk
    rows = read_csv(client.get(f"/donnees/comites/{committee_id}/reunions.csv"))
    assert len(rows) == 3
    response = client.get(f"/donnees/comites/{committee_id}/actions.csv")
    assert 'filename="actions-clu.csv"' in response["Content-Disposition"]
    assert len(read_csv(response)) == 2
    assert client.get(f"/donnees/comites/{site.meeting.pk}/reunions.csv").status_code == 404
    assert client.get("/donnees/comites/999999/actions.csv").status_code == 404


def test_a_cancelled_meeting_is_marked_and_an_unpublished_committee_disappears(site, client):
    meeting = site.meeting
    meeting.cancelled = True
    publish(meeting)
    rows = read_csv(client.get("/donnees/reunions.csv"))
    assert rows[1][6] == "oui"
    site.committee.unpublish()
    assert read_csv(client.get("/donnees/reunions.csv")) == [rows[0]]
    assert client.get(f"/donnees/comites/{site.committee.pk}/reunions.csv").status_code == 404


def test_unpublished_minutes_leave_the_actions(site, client):
    site.minutes.unpublish()
    assert read_csv(client.get("/donnees/actions.csv"))[1:] == []


class DemoPublicOutputsTests(TestCase):
    """Every feed, calendar, CSV and API response of every demo site answers, with no private data."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        client = Client()
        cls.outputs = {}

        def fetch(host, path):
            response = client.get(path, HTTP_HOST=host)
            cls.outputs[(host, path)] = (response.status_code, response.content.decode("utf-8-sig"))
            return response

        for host, _lines in DEMO_SITES.values():
            for path in SITE_OUTPUTS:
                fetch(host, path)
            for endpoint in ("comites", "reunions", "comptes-rendus"):
                listing = fetch(host, f"/api/v2/{endpoint}/?fields=*&limit=100").json()
                for item in listing["items"]:
                    fetch(host, f"/api/v2/{endpoint}/{item['id']}/")
                    if endpoint == "comites":
                        for path in COMMITTEE_OUTPUTS:
                            fetch(host, path.format(id=item["id"]))
                    elif endpoint == "reunions":
                        fetch(host, f"/agenda/reunions/{item['id']}.ics")

    def test_every_output_answers(self):
        self.assertGreater(len(self.outputs), 60)
        wrong = {key: status for key, (status, _content) in self.outputs.items() if status != 200}
        self.assertEqual(wrong, {})

    def test_the_demo_minutes_and_actions_are_published(self):
        feed = self.outputs[(DEMO_SITES["loire-atlantique"][0], "/flux/comptes-rendus.rss")][1]
        self.assertIn("<item>", feed)
        actions = [
            content for (host, path), (_s, content) in self.outputs.items() if path == "/donnees/actions.csv"
        ]
        self.assertGreater(sum(len(content.splitlines()) - 1 for content in actions), 0)

    def test_no_person_email_or_phone_in_any_output(self):
        emails = [email.lower() for email in Person.objects.exclude(email="").values_list("email", flat=True)]
        phones = [
            phone_pattern(phone) for phone in Person.objects.exclude(phone="").values_list("phone", flat=True)
        ]
        self.assertGreater(len(emails), 10)
        leaks = [
            (host + path, email)
            for (host, path), (_status, content) in self.outputs.items()
            for email in emails
            if email in content.lower()
        ]
        leaks += [
            (host + path, pattern.pattern)
            for (host, path), (_status, content) in self.outputs.items()
            for pattern in phones
            if pattern.search(content)
        ]
        self.assertEqual(leaks, [])


SITE_OUTPUTS = [
    "/flux/comptes-rendus.rss",
    "/flux/comptes-rendus.atom",
    "/donnees/reunions.csv",
    "/donnees/actions.csv",
    "/robots.txt",
]
COMMITTEE_OUTPUTS = [
    "/flux/comites/{id}/comptes-rendus.rss",
    "/flux/comites/{id}/comptes-rendus.atom",
    "/agenda/comites/{id}.ics",
    "/donnees/comites/{id}/reunions.csv",
    "/donnees/comites/{id}/actions.csv",
]
