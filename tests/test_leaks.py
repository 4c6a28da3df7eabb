"""A leak crawler over the demo: every public output of every site, fetched with each site's host.

From each demo site's home page and sitemap, the crawler follows every link of the site (pages,
PDF, feeds, calendars, CSV, API with ``fields=*``, search, the 404 page) and then asks each host
for every other site's committees, meetings and minutes by id and by path. No response may hold

- the canary: text planted in drafts, corrections awaiting validation, never-published pages,
  suggestions, opinions and unpublished review summaries (``plant_canaries``);
- another site's content: each site's committee carries a published marker of its own;
- a person's e-mail address or phone number, however written;
- a server error.

``test_demo.DemoPrivacyTests`` checks the pages of the demo as loaded; ``test_canary`` the canary on
a small site; this module goes over every output of the five demo sites, cross-site included.
"""

import datetime
import io
import json
import re
from collections import deque
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Revision

from cluac_pages.member_links import DOCUMENT_OPINION, MEETING_REPLY, make_token
from cluac_pages.models import (
    Attendance,
    CommitteePage,
    DocumentReview,
    Mandate,
    MeetingPage,
    MinutesPage,
    Opinion,
    Person,
    Suggestion,
)

from .factories import MeetingPageFactory, MinutesPageFactory
from .html import DEMO_SITES, EMAIL, NOT_FOUND_PATH, load_demo, phone_pattern, site_for_host
from .test_reviews import make_document

CANARY = "CANARI-FUITE-4b1d"
MAX_URLS_PER_SITE = 400
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/media/", "/static/")
SEARCHES = ["accueil", "comité des usagers", "compte-rendu"]
HOSTS = [host for host, _lines in DEMO_SITES.values()]
ENDPOINTS = {"comites": CommitteePage, "reunions": MeetingPage, "comptes-rendus": MinutesPage}


def marker(host):
    """A published text of one site only: its committee's introduction ends with it."""
    return "MARQUE-SITE-" + host.split(".")[0].split(":")[0].upper().replace("127", "LOIRE-ATLANTIQUE")


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def plant_markers():
    for host in HOSTS:
        site = site_for_host(host)
        for committee in CommitteePage.objects.live().descendant_of(site.root_page):
            committee.introduction = f"{committee.introduction}<p>{marker(host)}</p>"
            publish(committee)


def plant_canaries():
    """Drafts of every kind on every site, and private data the public must never read."""
    in_a_year = timezone.now() + datetime.timedelta(days=365)
    for host in HOSTS:
        site = site_for_host(host)
        committee = CommitteePage.objects.live().descendant_of(site.root_page).first()
        # A correction awaiting validation of validated minutes, with the canary everywhere.
        for minutes in MinutesPage.objects.live().descendant_of(site.root_page):
            minutes.title = f"Correction {CANARY}"
            minutes.subject = f"Objet {CANARY}"
            minutes.body = [("paragraph", f"<p>Correction {CANARY}</p>")]
            minutes.save_revision()
        # Minutes never published, under a live meeting.
        meeting = MeetingPage.objects.live().child_of(committee).first()
        if meeting is not None and not MinutesPage.objects.child_of(meeting).exists():
            draft = MinutesPageFactory(
                parent=meeting, slug="brouillon", title=f"Brouillon {CANARY}", subject=CANARY, live=False
            )
            draft.body = [("paragraph", f"<p>{CANARY}</p>")]
            draft.save_revision()
        # A meeting never published, and a live one with an unpublished change.
        MeetingPageFactory(
            parent=committee, slug="jamais-publiee", title=f"Réunion {CANARY}", place=CANARY, live=False
        )
        upcoming = publish(
            MeetingPageFactory(
                parent=committee, slug="prochaine-reunion", title="Prochaine réunion", start=in_a_year
            )
        )
        upcoming.place = f"Salle {CANARY}"
        upcoming.save_revision()
        # A change of the committee awaiting publication.
        committee = CommitteePage.objects.get(pk=committee.pk)
        committee.topics = f"<p>{CANARY}</p>"
        committee.save_revision()
        # What the public sends, and what members answer: never published.
        Suggestion.objects.create(
            committee=committee, text=f"Suggestion {CANARY}", email="usager@example.net"
        )
        review = DocumentReview.objects.create(
            committee=committee,
            title="Courrier de relance",
            document=make_document(),
            closes_at=in_a_year,
            summary=f"<p>Synthèse en travail {CANARY}</p>",
        )
        member = Mandate.objects.filter(seat__committee=committee).select_related("person").first()
        if member is not None:
            Opinion.objects.create(
                review=review,
                person=member.person,
                verdict=Opinion.Verdict.UNFAVOURABLE,
                comment=f"Avis {CANARY}",
            )


def private_patterns():
    """Every person's e-mail address and phone number, and every account's address."""
    emails = {email.lower() for email in Person.objects.exclude(email="").values_list("email", flat=True)}
    emails |= {
        email.lower() for email in get_user_model().objects.exclude(email="").values_list("email", flat=True)
    }
    phones = {phone for phone in Person.objects.exclude(phone="").values_list("phone", flat=True)}
    return sorted(emails), [phone_pattern(phone) for phone in sorted(phones)]


def readable(response):
    """The text of a response as its reader gets it: PDF text, CSV/ICS/JSON/XML/HTML as decoded."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(content))
        metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
        return metadata + "\n" + "\n".join(page.extract_text() for page in reader.pages)
    text = content.decode("utf-8-sig", errors="replace")
    if content_type.startswith("text/calendar"):
        text = text.replace("\r\n ", "")  # unfolded: a long line may not hide a word
    if content_type.startswith("application/json"):
        # Unescaped, in case a serializer writes \u escapes.
        text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    return text


def links_in(host, response, text):
    """The paths on ``host`` that a response links to, and the other demo hosts it names."""
    found = set()
    content_type = response.get("Content-Type", "")
    candidates = []
    if content_type.startswith("text/html"):
        soup = BeautifulSoup(text, "html.parser")
        candidates += [tag.get("href") for tag in soup.select("a[href], link[href]")]
        candidates += [form.get("action") or "" for form in soup.select("form[method=get]")]
    candidates += re.findall(r"https?://[^\s\"'<>,]+", text)
    for url in candidates:
        if not url:
            continue
        parts = urlsplit(url.strip())
        if parts.netloc and parts.netloc != host:
            continue
        if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def has_minutes(host):
    return MinutesPage.objects.live().descendant_of(site_for_host(host).root_page).exists()


class Crawl:
    """Everything fetched on one host: ``{path: (status, text)}``."""

    def __init__(self, host):
        self.host = host
        self.client = Client()
        self.fetched = {}

    def get(self, path):
        """Fetch ``path`` once; return the response and its readable text."""
        response = self.client.get(path, HTTP_HOST=self.host)
        if response.status_code == 200:
            text = readable(response)
        else:
            text = response.content.decode(errors="replace")
        self.fetched[path] = (response.status_code, text)
        return response, text

    def follow(self, start_paths):
        queue = deque(start_paths)
        seen = set(start_paths)
        while queue and len(self.fetched) < MAX_URLS_PER_SITE:
            path = queue.popleft()
            response, text = self.get(path)
            if response.status_code in (301, 302):
                targets = links_in(self.host, response, response["Location"])
            elif response.status_code == 200:
                targets = links_in(self.host, response, text)
            else:
                targets = set()
            for target in sorted(targets - seen):
                seen.add(target)
                queue.append(target)


def site_outputs(host):
    """What a visitor of ``host`` reaches from its home page and sitemap, plus search, API and 404."""
    site = site_for_host(host)
    start = ["/", "/sitemap.xml", "/robots.txt", NOT_FOUND_PATH]
    start += [f"/recherche/?q={query}" for query in [*SEARCHES, marker(host)]]
    start += [f"/api/v2/{endpoint}/?fields=*&limit=100" for endpoint in ENDPOINTS]
    for minutes in MinutesPage.objects.live().descendant_of(site.root_page):
        start.append(minutes.get_url_parts()[2] + "pdf/")
    return start


def cross_site_outputs(host):
    """Every other site's committee, meeting and minutes, asked of ``host`` by id and parameter.

    (Paths are per site: ``/clu/`` is a page of several sites, each served on its own host.)
    """
    own_root = site_for_host(host).root_page
    paths = []
    for other in HOSTS:
        if other == host:
            continue
        paths += [f"/api/v2/{endpoint}/?site={other.split(':')[0]}" for endpoint in ENDPOINTS]
        paths += [f"/api/v2/{endpoint}/?site={other}" for endpoint in ENDPOINTS]
    for endpoint, model in ENDPOINTS.items():
        for page in model.objects.live().not_descendant_of(own_root, inclusive=True):
            path = page.get_url_parts()[2]
            paths += [
                f"/api/v2/{endpoint}/{page.pk}/",
                f"/api/v2/{endpoint}/find/?id={page.pk}",
                f"/api/v2/{endpoint}/find/?html_path={path}",
                f"/api/v2/{endpoint}/?child_of={page.pk}",
                f"/api/v2/{endpoint}/?descendant_of={page.pk}",
            ]
            if model is CommitteePage:
                paths += [
                    f"/flux/comites/{page.pk}/comptes-rendus.rss",
                    f"/flux/comites/{page.pk}/comptes-rendus.atom",
                    f"/agenda/comites/{page.pk}.ics",
                    f"/donnees/comites/{page.pk}/reunions.csv",
                    f"/donnees/comites/{page.pk}/actions.csv",
                    f"/comites/{page.pk}/suggestion/",
                ]
            elif model is MeetingPage:
                paths.append(f"/agenda/reunions/{page.pk}.ics")
    return paths


class DemoLeakCrawlerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        plant_markers()
        plant_canaries()
        cls.crawls = {}
        cls.cross = {}
        for host in HOSTS:
            crawl = Crawl(host)
            crawl.follow(site_outputs(host))
            cls.crawls[host] = crawl.fetched
            cross = Crawl(host)
            for path in cross_site_outputs(host):
                cross.get(path)
            cls.cross[host] = cross.fetched

    def everything(self):
        for host in HOSTS:
            for path, (status, text) in {**self.crawls[host], **self.cross[host]}.items():
                yield host, path, status, text

    def test_the_crawl_reached_every_kind_of_output(self):
        for host in HOSTS:
            paths = self.crawls[host]
            ok = [path for path, (status, _text) in paths.items() if status == 200]
            kinds = {
                "page": any(path.endswith("/") and "api" not in path for path in ok),
                "pdf": any(path.endswith("/pdf/") for path in ok) or not has_minutes(host),
                "feed": any(path.endswith((".rss", ".atom")) for path in ok),
                "calendar": any(path.endswith(".ics") for path in ok),
                "csv": any(path.endswith(".csv") for path in ok),
                "api detail": any(re.match(r"/api/v2/[a-z-]+/\d+/", path) for path in ok),
                "search": any(path.startswith("/recherche/") for path in ok),
            }
            self.assertEqual([kind for kind, reached in kinds.items() if not reached], [], host)
            self.assertEqual(paths[NOT_FOUND_PATH][0], 404)
            self.assertLess(len(paths), MAX_URLS_PER_SITE, "the crawl was cut short")
        self.assertGreater(sum(len(crawl) for crawl in self.crawls.values()), 150)

    def test_no_server_error_and_every_link_answers(self):
        wrong = [
            (host, path, status)
            for host in HOSTS
            for path, (status, _text) in self.crawls[host].items()
            if status not in (200, 301, 302) and path != NOT_FOUND_PATH
        ]
        wrong += [(host, path, status) for host, path, status, _text in self.everything() if status >= 500]
        self.assertEqual(wrong, [])

    def test_no_draft_canary_anywhere(self):
        self.assertGreater(sum(CANARY in str(revision.content) for revision in Revision.objects.all()), 10)
        leaks = [(host, path) for host, path, _status, text in self.everything() if CANARY in text]
        self.assertEqual(leaks, [])

    def test_no_other_site_content_on_any_host(self):
        for host in HOSTS:
            own = marker(host)
            self.assertTrue(any(own in text for _s, text in self.crawls[host].values()), host)
        leaks = [
            (host, path, marker(other))
            for host, path, _status, text in self.everything()
            for other in HOSTS
            if other != host and marker(other) in text
        ]
        self.assertEqual(leaks, [])

    def test_another_sites_pages_are_never_served_by_id_path_or_parameter(self):
        served = [
            (host, path, status)
            for host in HOSTS
            for path, (status, _text) in self.cross[host].items()
            if status == 200 and "?child_of=" not in path and "?descendant_of=" not in path
        ]
        self.assertEqual(served, [])
        # A filter on another site's page lists nothing of it.
        for host in HOSTS:
            for path, (status, text) in self.cross[host].items():
                if status == 200:
                    self.assertEqual(json.loads(text)["items"], [], (host, path))

    def test_the_api_links_only_to_its_own_site(self):
        foreign = [
            (host, path, other)
            for host, path, _status, text in self.everything()
            for other in HOSTS
            if other != host and f"//{other}/" in text
        ]
        self.assertEqual(foreign, [])

    def test_no_person_email_or_phone_anywhere(self):
        emails, phones = private_patterns()
        self.assertGreater(len(emails), 10)
        self.assertGreater(len(phones), 5)
        leaks = [
            (host, path, email)
            for host, path, _status, text in self.everything()
            for email in emails
            if email in text.lower()
        ]
        leaks += [
            (host, path, pattern.pattern)
            for host, path, _status, text in self.everything()
            for pattern in phones
            if pattern.search(text)
        ]
        self.assertEqual(leaks, [])

    def test_the_only_addresses_published_are_functional_mailboxes(self):
        committees = {
            email.lower() for email in CommitteePage.objects.values_list("contact_email", flat=True)
        }
        found = {
            address.lower()
            for _host, _path, _status, text in self.everything()
            for address in EMAIL.findall(text)
        }
        self.assertTrue(found & committees)
        # Besides the committees' mailboxes: the data-protection officer's, the calendar UIDs
        # (meeting-<id>@<host>, not addresses) and the form's example of the expected format.
        others = sorted(
            address
            for address in found - committees - {"nom@domaine.fr"}
            if not address.startswith("pref-donnees-personnelles@") and not re.match(r"meeting-\d+@", address)
        )
        self.assertEqual(others, [])


class CrossSiteFormsTests(TestCase):
    """A member's link and the suggestion form work on their own prefecture's site only."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.essonne, cls.lot = DEMO_SITES["essonne"][0], DEMO_SITES["lot"][0]
        cls.la = DEMO_SITES["loire-atlantique"][0]
        root = site_for_host(cls.essonne).root_page
        cls.committee = CommitteePage.objects.live().descendant_of(root).get()
        cls.meeting = publish(
            MeetingPageFactory(
                parent=cls.committee,
                slug="prochaine-reunion",
                title="Prochaine réunion du CLU",
                start=timezone.now() + datetime.timedelta(days=60),
            )
        )
        cls.titular = (
            Mandate.objects.active_on(timezone.localdate() + datetime.timedelta(days=60))
            .filter(seat__committee=cls.committee, role=Mandate.Role.TITULAR)
            .select_related("person", "seat")
            .first()
        )
        cls.review = DocumentReview.objects.create(
            committee=cls.committee,
            title="Courrier type de relance",
            document=make_document(),
            closes_at=timezone.now() + datetime.timedelta(days=30),
        )

    def test_the_essonne_committee_takes_no_suggestion_through_another_host(self):
        url = f"/comites/{self.committee.pk}/suggestion/"
        text = "Un accueil téléphonique le samedi matin serait utile."
        self.assertEqual(Client().get(url, HTTP_HOST=self.essonne).status_code, 200)
        for host in (self.la, self.lot):
            self.assertEqual(Client().get(url, HTTP_HOST=host).status_code, 404)
            self.assertEqual(Client().post(url, {"text": text}, HTTP_HOST=host).status_code, 404)
        self.assertFalse(Suggestion.objects.exists())
        self.assertEqual(Client().post(url, {"text": text}, HTTP_HOST=self.essonne).status_code, 302)
        self.assertEqual(Suggestion.objects.get().committee_id, self.committee.pk)

    def test_an_essonne_reply_link_does_not_open_on_the_lot_host(self):
        url = f"/reponse/{make_token(MEETING_REPLY, self.titular.person, self.meeting)}/"
        own = Client().get(url, HTTP_HOST=self.essonne)
        self.assertEqual(own.status_code, 200)
        self.assertIn("Prochaine réunion du CLU", own.content.decode())

        elsewhere = Client().get(url, HTTP_HOST=self.lot)
        posted = Client().post(url, {"seat": self.titular.seat_id, "answer": "present"}, HTTP_HOST=self.lot)

        for response in (elsewhere, posted):
            self.assertEqual(response.status_code, 404)
            self.assertIn("Ce lien n", response.content.decode())
            self.assertNotIn("Prochaine réunion du CLU", response.content.decode())
        self.assertFalse(Attendance.objects.filter(meeting=self.meeting).exists())

    def test_an_essonne_opinion_link_does_not_open_on_the_lot_host(self):
        url = f"/avis/{make_token(DOCUMENT_OPINION, self.titular.person, self.review)}/"
        self.assertEqual(Client().get(url, HTTP_HOST=self.essonne).status_code, 200)

        elsewhere = Client().get(url, HTTP_HOST=self.lot)
        posted = Client().post(url, {"verdict": "favorable"}, HTTP_HOST=self.lot)

        for response in (elsewhere, posted):
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("Courrier type de relance", response.content.decode())
        self.assertFalse(Opinion.objects.exists())
