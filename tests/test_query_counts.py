"""Every public output runs few SQL queries, and as many for a committee ten times larger.

Two prefectures are built once for the module: « petit » (a committee with 30 meetings, minutes
of 20 blocks, 4 other participants) and « grand » (300 meetings, minutes of 200 blocks, 40 other
participants, and ten times the seats, minutes, actions and procedure sheets). Each output is
read on both sites, once to fill the caches that last across requests (site root paths, image
renditions), then counted: at most ``MAX_QUERIES``, and the same count on both sites.
"""

import contextlib
import datetime
import uuid
import zoneinfo

import wagtail_factories
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from cluac_pages.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CommitteePage,
    Mandate,
    MeetingDocument,
    MeetingPage,
    MeetingParticipant,
    MinutesAnnex,
    MinutesPage,
    ParticipantGroup,
    ProcedureSheetPage,
    QualityProgramme,
)
from cluac_pages.models.validation import minutes_workflow
from home.models import ContentPage, FooterSettings, HomePage, SitemapPage

from .factories import (
    CollegeFactory,
    CommitteePageFactory,
    MandateFactory,
    OrganisationFactory,
    PersonFactory,
    ProcedureSheetPageFactory,
    SeatFactory,
)
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
    act,
    client_for,
    make_user,
)

MAX_QUERIES = 15
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SMALL, LARGE = "petit.localhost", "grand.localhost"
# Meetings of the small committee; the large one has ten times as many of everything.
MEETINGS = 30
UPCOMING = 3
WITH_MINUTES = 6
SEATS = 4
PARTICIPANTS = 4
SECTIONS = 4  # five blocks each: 20 blocks in the small minutes, 200 in the large ones


def stream_id():
    return str(uuid.uuid4())


def make_document(title):
    return wagtail_factories.DocumentFactory(
        title=title, file__filename=f"{uuid.uuid4().hex[:8]}.pdf", file__data=b"%PDF-1.4\n" + b"x" * 3000
    )


def paragraph(text, document=None):
    link = ""
    if document is not None:
        link = f' Voir <a linktype="document" id="{document.pk}">{document.title}</a>.'
    return {"type": "paragraph", "id": stream_id(), "value": f"<p>{text}{link}</p>"}


def exchange(speaker, answerer, number):
    return {
        "type": "exchange",
        "id": stream_id(),
        "value": {
            "speaker": speaker.pk,
            "spoken_for": "",
            "statement": f"<p>Les usagers attendent trop longtemps au guichet des titres ({number}).</p>",
            "answers": [
                {
                    "type": "item",
                    "id": stream_id(),
                    "value": {
                        "speaker": answerer.pk,
                        "statement": "<p>Un second agent d'accueil sera affecté le mardi matin.</p>",
                    },
                }
            ],
        },
    }


def quality_results(number):
    return {
        "type": "quality_results",
        "id": stream_id(),
        "value": {
            "title": "Résultats des indicateurs qualité",
            "programme": "Qual-e-pref",
            "summary": "<p>Les engagements d'accueil sont tenus.</p>",
            "indicators": [
                {
                    "type": "item",
                    "id": stream_id(),
                    "value": {
                        "label": f"Taux de décroché téléphonique ({number})",
                        "target": "85 %",
                        "result": "88 %",
                        "position": "above",
                    },
                },
                {
                    "type": "item",
                    "id": stream_id(),
                    "value": {
                        "label": "Délai de réponse aux courriels",
                        "target": "5 jours",
                        "result": "7 jours",
                        "position": "below",
                    },
                },
            ],
        },
    }


def image_block(image, number):
    return {
        "type": "image",
        "id": stream_id(),
        "value": {
            "image": image.pk,
            "alternative_text": f"Affluence au guichet, semaine {number}",
            "caption": "Source : logiciel de gestion de file d'attente",
        },
    }


def document_block(document):
    return {"type": "document", "id": stream_id(), "value": {"document": document.pk, "title": ""}}


def agreed_actions(number):
    return {
        "type": "agreed_actions",
        "id": stream_id(),
        "value": {
            "title": "Actions décidées",
            "actions": [
                {
                    "type": "item",
                    "id": stream_id(),
                    "value": {
                        "what": f"Réviser le courrier type de relance ({number})",
                        "who": "Bureau de l'accueil",
                        "due_date": "2024-03-31",
                    },
                }
            ],
        },
    }


def minutes_body(sections, speakers, image, document):
    """Sections of five blocks (text, exchange, table, image, document), then the next meeting."""
    body = []
    for number in range(sections):
        speaker, answerer = speakers[number % len(speakers)], speakers[(number + 1) % len(speakers)]
        content = [
            paragraph(f"Point {number + 1} de l'ordre du jour.", document),
            exchange(speaker, answerer, number),
            quality_results(number),
            image_block(image, number),
            document_block(document),
        ]
        body.append(
            {
                "type": "section",
                "id": stream_id(),
                "value": {"heading": f"{number + 1}. Accueil des usagers", "content": content},
            }
        )
    body.append(
        {
            "type": "section",
            "id": stream_id(),
            "value": {"heading": "Décisions", "content": [agreed_actions(sections)]},
        }
    )
    body.append(
        {
            "type": "next_meeting",
            "id": stream_id(),
            "value": {"planned_for": "mars 2024", "date": None, "notes": ""},
        }
    )
    body.append(
        {
            "type": "signature",
            "id": stream_id(),
            "value": {
                "formula": "Pour le préfet et par délégation,",
                "function": "Le secrétaire général",
                "name": "Pascal OTHEGUY",
            },
        }
    )
    return body


def participant_rows(meeting, count):
    """Other participants as a real list has them: agents by name, members without consent, and
    representatives whose name nobody wrote down."""
    organisations = [
        OrganisationFactory(name="Union départementale des associations familiales", acronym="UDAF"),
        OrganisationFactory(name="UFC Que Choisir"),
        OrganisationFactory(name="Caisse d'allocations familiales", acronym="CAF"),
    ]
    rows = []
    for number in range(count):
        kind = number % 4
        if kind == 0:
            row = MeetingParticipant(
                civility="m",
                name=f"Jean-Marc DURAND{number}",
                function="responsable de l'accueil",
                organisation=organisations[2],
                organisation_name=organisations[2].name,
                group=ParticipantGroup.ADMINISTRATION,
                chairs_meeting=number == 0,
            )
        elif kind == 1:
            row = MeetingParticipant(
                civility="mme",
                name=f"Claire MARTIN{number}",
                function="présidente",
                organisation=organisations[0],
                organisation_name=organisations[0].name,
                group=ParticipantGroup.MEMBER,
                email=f"claire.martin{number}@udaf.example",
            )
        elif kind == 2:
            # A representative nobody named: « Le représentant de l'UFC Que Choisir ».
            row = MeetingParticipant(
                civility="m",
                organisation=organisations[1],
                organisation_name=organisations[1].name,
                group=ParticipantGroup.MEMBER,
                status=AttendanceStatus.EXCUSED,
            )
        else:
            row = MeetingParticipant(
                person=PersonFactory(), group=ParticipantGroup.OTHER, note="pour un point"
            )
        row.meeting = meeting
        row.sort_order = number
        rows.append(row)
    MeetingParticipant.objects.bulk_create(rows)


def add_seats(committee, count):
    seats = []
    for number in range(count):
        college = CollegeFactory(name=("Services de l'État", "Associations d'usagers")[number % 2])
        seat = SeatFactory(committee=committee, college=college, sort_order=number)
        MandateFactory(seat=seat, person=PersonFactory(acts_as_official=number % 2 == 0))
        MandateFactory(seat=seat, person=PersonFactory(), role=Mandate.Role.SUBSTITUTE)
        seats.append(seat)
    return seats


def validate_directly(minutes, secretary):
    """The secretary general publishes the minutes herself (recorded in the audit log)."""
    minutes.save_revision(user=secretary).publish(user=secretary)


def build_site(hostname, scale, author, secretary):
    """A prefecture's site with one committee ``scale`` times the small one; returns its pages."""
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title=f"Préfecture {hostname}", slug=hostname.split(".")[0], introduction="<p>CLU</p>"
        )
    )
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=f"Préfecture {hostname}")
    legal = home.add_child(
        instance=ContentPage(title="Mentions légales", body="<p>Éditeur : la préfecture.</p>")
    )
    plan = home.add_child(instance=SitemapPage(title="Plan du site"))
    FooterSettings.objects.update_or_create(
        site=site, defaults={"legal_notice_page": legal, "sitemap_page": plan, "description": "Préfecture"}
    )
    committee = CommitteePageFactory(
        parent=home,
        title=f"Comité local des usagers ({hostname})",
        slug="clu",
        introduction="<p>Le comité réunit les usagers et les services de la préfecture.</p>",
        image=wagtail_factories.ImageFactory(title="Hall d'accueil"),
    )
    committee.quality_programmes.set(QualityProgramme.objects.all()[:2])
    committee.save()
    for number in range(scale):
        ProcedureSheetPageFactory(parent=committee, slug=f"fiche-{number}", title=f"Fiche procédure {number}")
    seats = add_seats(committee, SEATS * scale)
    image = wagtail_factories.ImageFactory(title="Affluence au guichet")
    document = make_document("Diaporama de la séance")
    speakers = [PersonFactory(acts_as_official=True), PersonFactory(), PersonFactory(acts_as_official=True)]
    now = timezone.now()
    meetings = []
    for number in range(MEETINGS * scale):
        upcoming = number < UPCOMING * scale
        start = (
            now + datetime.timedelta(days=20 * (number + 1))
            if upcoming
            else now - datetime.timedelta(days=15 * (number + 1))
        )
        meeting = committee.add_child(
            instance=MeetingPage(
                title=f"Réunion n° {number + 1}",
                slug=f"reunion-{number + 1}",
                start=start.astimezone(PARIS).replace(hour=14, minute=30, second=0, microsecond=0),
                end_time=datetime.time(16, 15),
                place="Préfecture, salle Erdre",
                introduction="Accueil des usagers et délais des titres de séjour.",
                chair_function="le secrétaire général de la préfecture",
            )
        )
        meetings.append(meeting)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting, title=title, presenter="Le référent qualité", document=document, sort_order=i
        )
        for meeting in meetings
        for i, title in enumerate(["Résultats des indicateurs", "Questions diverses"])
    )
    MeetingDocument.objects.bulk_create(
        MeetingDocument(meeting=meeting, document=document, sort_order=0) for meeting in meetings
    )
    for meeting in meetings[: 5 * scale]:
        meeting.tags.add("Accueil des étrangers")
    statuses = list(AttendanceStatus)
    past = meetings[UPCOMING * scale :]
    with_minutes = past[: WITH_MINUTES * scale]
    for meeting in with_minutes:
        main = meeting is with_minutes[0]
        attendances = []
        # Every seat's attendance at the main meeting; a few at the others (fewer e-mails to send).
        for order, seat in enumerate(seats if main else seats[:SEATS]):
            status = statuses[order % len(statuses)]
            person = seat.mandates.order_by("role", "pk").first().person
            attendances.append(
                Attendance(meeting=meeting, seat=seat, status=status, person=person, sort_order=order)
            )
        Attendance.objects.bulk_create(attendances)
        participant_rows(meeting, PARTICIPANTS * (scale if main else 1))
    annex = make_document("Annexe : tableau de bord")
    minutes_pages = []
    for number, meeting in enumerate(with_minutes):
        main = number == 0
        minutes = MinutesPage(
            title="Compte-rendu",
            slug="compte-rendu",
            subject="Comité local des usagers",
            live=False,
            written_at="Nantes",
            written_on=datetime.date(2023, 9, 15),
            issuing_service="Secrétariat général\nMission qualité",
            followed_by=speakers[0],
            recipients="à Mesdames, Messieurs les participants",
        )
        meeting.add_child(instance=minutes)
        minutes.body = minutes_body(SECTIONS * scale if main else 1, speakers, image, document)
        minutes.save()
        MinutesAnnex.objects.create(minutes=minutes, document=annex, sort_order=0)
        minutes.tags.add("Accueil des étrangers", "Qualité")
        minutes.save()
        minutes_pages.append(minutes)
    # The main minutes go through the secretary general's validation; the others she published herself.
    main = minutes_pages[0]
    main.save_revision(user=author)
    minutes_workflow().start(main, author)
    act(client_for(secretary), main, "approve")
    for minutes in minutes_pages[1:]:
        validate_directly(minutes, secretary)
    return {
        "site": site,
        "home": home,
        "legal": legal,
        "plan": plan,
        "committee": committee,
        "meeting": with_minutes[0],
        "upcoming": meetings[0],
        "minutes": MinutesPage.objects.get(pk=minutes_pages[0].pk),
        "sheet": ProcedureSheetPage.objects.child_of(committee).first(),
    }


def path(pages, name):
    """The page's address on its own site."""
    return pages[name].relative_url(pages["site"])


@contextlib.contextmanager
def indexed_in_bulk_afterwards():
    """Saves do not index one object at a time (a task each): the pages are indexed at the end in
    bulk, as ``update_index`` does after an import. No public output reads the reference index."""
    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    backend = get_search_backend()
    for model in (CommitteePage, MeetingPage, MinutesPage, ProcedureSheetPage):
        backend.add_bulk(model, list(model.get_indexed_objects()))


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        author = make_user("redacteur", SERVICE_COMMUNICATION, first_name="Anaïs", last_name="Rédactrice")
        secretary = make_user("sg", SECRETAIRE_GENERAL, first_name="Nicolas", last_name="Secrétaire")
        with indexed_in_bulk_afterwards():
            cls.small = build_site(SMALL, 1, author, secretary)
            cls.large = build_site(LARGE, 10, author, secretary)

    def count(self, host, url):
        """Queries to serve ``url`` on ``host``, once the caches that last across requests are warm."""
        client = Client()
        first = client.get(url, HTTP_HOST=host)
        self.assertEqual(first.status_code, 200, f"{host}{url}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200)
        self.last_queries = [query["sql"] for query in queries.captured_queries]
        return len(queries), response

    def assert_constant(self, url_of, check=None):
        """``url_of(pages)`` gives the output's address on a site; ``check(small, large)`` that the
        large site's output really holds more."""
        small_count, small = self.count(SMALL, url_of(self.small))
        small_queries = self.last_queries
        large_count, large = self.count(LARGE, url_of(self.large))
        detail = "\n".join(
            ["small:", *small_queries, "large:", *self.last_queries]
            if small_count != large_count or large_count > MAX_QUERIES
            else []
        )
        self.assertLessEqual(
            large_count, MAX_QUERIES, f"{url_of(self.large)}: {large_count} queries\n{detail}"
        )
        self.assertEqual(
            small_count, large_count, f"{url_of(self.large)}: {small_count} then {large_count}\n{detail}"
        )
        if check is not None:
            check(small, large)
        return small_count

    # --- Pages -------------------------------------------------------------------------------------

    def test_home_page(self):
        self.assert_constant(lambda pages: path(pages, "home"))

    def test_committee_page(self):
        def check(small, large):
            # The composition and the action tracker are shown whole.
            self.assertEqual(large.content.decode().count("Titulaire :"), SEATS * 10)
            self.assertEqual(
                large.content.decode().count("Réviser le courrier type de relance"), WITH_MINUTES * 10
            )

        self.assert_constant(lambda pages: path(pages, "committee"), check)

    def test_committee_page_filtered_and_paginated(self):
        self.assert_constant(
            lambda pages: path(pages, "committee") + "?theme=accueil-des-etrangers&page=2",
        )

    def test_meeting_page(self):
        self.assert_constant(lambda pages: path(pages, "meeting"))

    def test_upcoming_meeting_page(self):
        self.assert_constant(lambda pages: path(pages, "upcoming"))

    def test_minutes_page(self):
        def check(small, large):
            body = large.content.decode()
            self.assertEqual(body.count('class="cluac-exchange '), SECTIONS * 10)
            self.assertIn("Le représentant de l&#x27;UFC Que Choisir", body)
            self.assertIn("Compte-rendu validé par", body)

        self.assert_constant(lambda pages: path(pages, "minutes"), check)

    def test_minutes_pdf(self):
        def check(small, large):
            self.assertTrue(large.content.startswith(b"%PDF"))
            self.assertGreater(len(large.content), len(small.content))

        self.assert_constant(lambda pages: path(pages, "minutes") + "pdf/", check)

    def test_procedure_sheet_page(self):
        self.assert_constant(lambda pages: path(pages, "sheet"))

    def test_content_page(self):
        self.assert_constant(lambda pages: path(pages, "legal"))

    def test_site_map_page(self):
        self.assert_constant(lambda pages: path(pages, "plan"))

    def test_search_results(self):
        def check(small, large):
            self.assertEqual(large.content.count(b'<li class="fr-mb-4w">'), 10)

        self.assert_constant(lambda pages: "/recherche/?q=usagers+accueil", check)
        self.assert_constant(lambda pages: "/recherche/?q=usagers+accueil&page=2")

    # --- Feeds, calendars, CSV ------------------------------------------------------------------------

    def test_site_feeds(self):
        def check(small, large):
            self.assertEqual(small.content.count(b"<item>"), WITH_MINUTES)
            self.assertEqual(large.content.count(b"<item>"), 20)

        self.assert_constant(lambda pages: "/flux/comptes-rendus.rss", check)
        self.assert_constant(lambda pages: "/flux/comptes-rendus.atom")

    def test_committee_feeds(self):
        self.assert_constant(lambda pages: f"/flux/comites/{pages['committee'].pk}/comptes-rendus.rss")
        self.assert_constant(lambda pages: f"/flux/comites/{pages['committee'].pk}/comptes-rendus.atom")

    def test_committee_calendar(self):
        def check(small, large):
            self.assertEqual(small.content.count(b"BEGIN:VEVENT"), MEETINGS)
            self.assertEqual(large.content.count(b"BEGIN:VEVENT"), MEETINGS * 10)

        self.assert_constant(lambda pages: f"/agenda/comites/{pages['committee'].pk}.ics", check)

    def test_meeting_calendar(self):
        self.assert_constant(lambda pages: f"/agenda/reunions/{pages['meeting'].pk}.ics")

    def test_csv_exports(self):
        def check(small, large):
            self.assertEqual(small.content.count(b"\r\n"), MEETINGS + 1)
            self.assertEqual(large.content.count(b"\r\n"), MEETINGS * 10 + 1)

        self.assert_constant(lambda pages: "/donnees/reunions.csv", check)
        self.assert_constant(lambda pages: f"/donnees/comites/{pages['committee'].pk}/reunions.csv", check)
        self.assert_constant(lambda pages: "/donnees/actions.csv")
        self.assert_constant(lambda pages: f"/donnees/comites/{pages['committee'].pk}/actions.csv")

    def test_xml_sitemap(self):
        def check(small, large):
            self.assertGreater(large.content.count(b"<url>"), MEETINGS * 10)

        self.assert_constant(lambda pages: "/sitemap.xml", check)

    # --- API v2 ------------------------------------------------------------------------------------------

    def test_api_committees(self):
        self.assert_constant(lambda pages: "/api/v2/comites/?fields=*")
        self.assert_constant(lambda pages: f"/api/v2/comites/{pages['committee'].pk}/")

    def test_api_meetings(self):
        def check(small, large):
            self.assertEqual(len(small.json()["items"]), MEETINGS)
            self.assertEqual(len(large.json()["items"]), 100)

        self.assert_constant(lambda pages: "/api/v2/reunions/?fields=*&limit=100", check)
        self.assert_constant(lambda pages: "/api/v2/reunions/?limit=100")
        self.assert_constant(
            lambda pages: (
                f"/api/v2/reunions/?child_of={pages['committee'].pk}&fields=*&order=-start&limit=100"
            )
        )
        self.assert_constant(lambda pages: f"/api/v2/reunions/{pages['meeting'].pk}/")

    def test_api_minutes(self):
        def check(small, large):
            self.assertEqual(len(small.json()["items"]), WITH_MINUTES)
            self.assertEqual(len(large.json()["items"]), WITH_MINUTES * 10)

        self.assert_constant(lambda pages: "/api/v2/comptes-rendus/?limit=100", check)
        self.assert_constant(lambda pages: f"/api/v2/comptes-rendus/{pages['minutes'].pk}/")

    def test_api_minutes_with_every_field(self):
        def check(small, large):
            items = large.json()["items"]
            self.assertEqual(len(items), WITH_MINUTES * 10)
            self.assertTrue(all(item["body"] and item["annex_documents"] for item in items))

        self.assert_constant(
            lambda pages: "/api/v2/comptes-rendus/?fields=*&limit=100",
            check,
        )
