"""The DSFR and site rules on every public page, and constant query counts on the add-on's pages."""

import datetime
import re
import uuid
from collections import Counter, defaultdict

import pytest
import wagtail_factories
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cluac_pages.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Mandate,
    MeetingDocument,
    MeetingParticipant,
    MinutesAnnex,
    QualityProgramme,
)

from .factories import (
    CollegeFactory,
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    MinutesPageFactory,
    OrganisationFactory,
    PersonFactory,
    ProcedureSheetPageFactory,
    SeatFactory,
)
from .html import DEMO_SITES, NOT_FOUND_PATH, crawl_demo, load_demo, parse, text

FOCUSABLE = ("a", "button", "input", "select", "textarea", "summary", "iframe")
FOOTER_PARTNERS = {
    "https://www.info.gouv.fr": "info.gouv.fr",
    "https://www.service-public.gouv.fr": "service-public.gouv.fr",
    "https://www.legifrance.gouv.fr": "legifrance.gouv.fr",
    "https://www.data.gouv.fr": "data.gouv.fr",
}
FOOTER_PAGES = {
    "Mentions légales": "Mentions légales",
    "Données personnelles": "Données personnelles",
    "Gestion des cookies": "Gestion des cookies",
    "Plan du site": "Plan du site",
}
ACCESSIBILITY = re.compile(r"^Accessibilité : (non|partiellement|totalement) conforme$")
# Texts left by the DSFR and django-dsfr examples when a template was copied without being filled in.
DSFR_PLACEHOLDERS = [
    "à modifier",
    "intitulé officiel",
    "nom du site / service",
    "baseline - précisions",
    "lorem ipsum",
    "[url",
]
# The committee under any of its names, as the subject of a sentence.
SUBJECT = re.compile(r"^(?:le comité|le clu|le cluac|il)\b")
DOCUMENT_META = re.compile(r"\b[A-Z0-9]{2,5} – \d+(,\d)? (octets?|Ko|Mo|Go)\b")


def is_focusable(element):
    if element.name == "a":
        return element.has_attr("href")
    if element.name in FOCUSABLE:
        return not element.has_attr("disabled") and element.get("type") != "hidden"
    tabindex = element.get("tabindex")
    return tabindex is not None and tabindex.strip() != "-1"


def accessible_name(element):
    names = [text(element), element.get("aria-label", ""), element.get("title", "")]
    names += [img.get("alt", "") for img in element.find_all("img")]
    return " ".join(name.strip() for name in names if name and name.strip())


class DemoPagesRulesTests(TestCase):
    """Each rule is checked on every live page of the five demo sites (and their 404 page).

    A test gathers every page that breaks its rule, so that one run lists them all.
    """

    @classmethod
    def setUpTestData(cls):
        load_demo()
        fetched = crawl_demo(extra_paths=[NOT_FOUND_PATH])
        cls.pages = {}
        for (host, path), (status, page, html) in fetched.items():
            expected = 404 if path == NOT_FOUND_PATH else 200
            assert status == expected, f"{host}{path} answered {status}"
            cls.pages[(host, path)] = (page, parse(html))
        cls.paths_by_host = defaultdict(set)
        for host, path in cls.pages:
            if path != NOT_FOUND_PATH:
                cls.paths_by_host[host].add(path)

    def check(self, rule):
        """Run ``rule(host, path, page, soup)`` on every page; it returns a list of problems."""
        problems = []
        for (host, path), (page, soup) in self.pages.items():
            problems += [f"{host}{path}: {problem}" for problem in rule(host, path, page, soup)]
        self.assertEqual(problems, [])

    def test_pages_were_crawled_on_every_site(self):
        self.assertEqual(set(self.paths_by_host), {host for host, _title in DEMO_SITES.values()})
        self.assertGreaterEqual(len(self.pages), 45)

    def test_html_lang_is_french(self):
        self.check(lambda host, path, page, soup: [] if soup.html.get("lang") == "fr" else ["lang is not fr"])

    def test_title_is_not_empty_and_unique_within_a_site(self):
        titles = defaultdict(list)

        def rule(host, path, page, soup):
            title = text(soup.title)
            titles[(host, title)].append(path)
            return [] if title else ["empty <title>"]

        self.check(rule)
        duplicates = {key: paths for key, paths in titles.items() if len(paths) > 1}
        self.assertEqual(duplicates, {})

    def test_skip_links_come_first_and_target_existing_ids(self):
        def rule(host, path, page, soup):
            problems = []
            first = next((el for el in soup.body.find_all(True) if is_focusable(el)), None)
            if first is None or first.find_parent(class_="fr-skiplinks") is None:
                problems.append(f"first focusable element is not a skip link: {first}")
            links = {text(a): a.get("href", "") for a in soup.select(".fr-skiplinks a")}
            if set(links) != {"Contenu", "Menu", "Pied de page"}:
                problems.append(f"skip links {sorted(links)}")
            for label, href in links.items():
                target = soup.find(id=href[1:]) if href.startswith("#") and len(href) > 1 else None
                if target is None:
                    problems.append(f"skip link « {label} » targets missing {href!r}")
            if links.get("Contenu") != "#content" or soup.find(id="content").name != "main":
                problems.append("« Contenu » does not lead to <main id=content>")
            if links.get("Pied de page") != "#footer" or soup.find(id="footer").name != "footer":
                problems.append("« Pied de page » does not lead to <footer id=footer>")
            menu = soup.find(id=links.get("Menu", "#")[1:] or None)
            if menu is None or menu.name != "nav":
                problems.append("« Menu » does not lead to the main navigation")
            return problems

        self.check(rule)

    def test_exactly_one_h1(self):
        def rule(host, path, page, soup):
            count = len(soup.find_all("h1"))
            return [] if count == 1 else [f"{count} <h1>"]

        self.check(rule)

    def test_no_heading_level_is_skipped(self):
        def rule(host, path, page, soup):
            problems = []
            previous = 0
            for heading in soup.find_all(re.compile(r"^h[1-6]$")):
                level = int(heading.name[1])
                if level > previous + 1:
                    problems.append(f"h{previous} then h{level} « {text(heading)} »")
                previous = level
            return problems

        self.check(rule)

    def test_a_dsfr_breadcrumb_on_every_page_but_the_home_page(self):
        def rule(host, path, page, soup):
            crumbs = soup.select("nav.fr-breadcrumb")
            if path in ("/", NOT_FOUND_PATH):
                return [f"{len(crumbs)} breadcrumb(s) on the home or 404 page"] if crumbs else []
            if len(crumbs) != 1:
                return [f"{len(crumbs)} breadcrumbs"]
            items = crumbs[0].select(".fr-breadcrumb__list > li")
            problems = []
            first = items[0].a
            if first.get("href") != "/" or text(first) != "Accueil":
                problems.append(f"breadcrumb does not start at the home page: {first}")
            current = items[-1].a
            if current.get("aria-current") != "page" or text(current) != page.title:
                problems.append(f"breadcrumb does not end with the current page: {current}")
            for item in items[1:-1]:
                if item.a.get("href") not in self.paths_by_host[host]:
                    problems.append(f"breadcrumb link to {item.a.get('href')!r} is not a page of the site")
            button = crumbs[0].select_one(".fr-breadcrumb__button")
            if button is None or soup.find(id=button.get("aria-controls")) is None:
                problems.append("breadcrumb button controls nothing")
            return problems

        self.check(rule)

    def test_footer_has_the_mandatory_dsfr_content(self):
        def rule(host, path, page, soup):
            problems = []
            footer = soup.select_one("footer.fr-footer#footer")
            if footer is None:
                return ["no DSFR footer"]
            brand = footer.select_one(".fr-footer__brand .fr-logo")
            if brand is None or not text(brand).startswith("Préfet"):
                problems.append("no Marianne block with the prefecture in the footer")
            partners = {a.get("href"): text(a) for a in footer.select(".fr-footer__content-list a")}
            if partners != FOOTER_PARTNERS:
                problems.append(f"footer partner links {partners}")
            bottom = {text(a): a.get("href") for a in footer.select(".fr-footer__bottom-list a")}
            accessibility = [(label, href) for label, href in bottom.items() if ACCESSIBILITY.match(label)]
            if len(accessibility) != 1:
                problems.append(f"no « Accessibilité : … conforme » link: {sorted(bottom)}")
            elif accessibility[0][1] != "/declaration-d-accessibilite/":
                problems.append(f"accessibility link goes to {accessibility[0][1]!r}")
            for label in FOOTER_PAGES:
                href = bottom.get(label)
                if href is None:
                    problems.append(f"no « {label} » link")
                elif href not in self.paths_by_host[host]:
                    problems.append(f"« {label} » links to {href!r}, not a page of the site")
            licence = footer.select_one('.fr-footer__bottom-copy a[href*="etalab"]')
            if licence is None or text(licence) != "licence etalab-2.0":
                problems.append("no etalab-2.0 licence line")
            return problems

        self.check(rule)

    def test_footer_links_lead_to_the_matching_pages(self):
        expected = {"/declaration-d-accessibilite/": "Déclaration d'accessibilité"}
        expected |= {
            f"/{slug}/": title
            for slug, title in [
                ("mentions-legales", "Mentions légales"),
                ("donnees-personnelles", "Données personnelles"),
                ("gestion-des-cookies", "Gestion des cookies"),
                ("plan-du-site", "Plan du site"),
            ]
        }
        for host, _title in DEMO_SITES.values():
            for path, title in expected.items():
                with self.subTest(host=host, path=path):
                    self.assertEqual(text(self.pages[(host, path)][1].h1), title)

    def test_no_placeholder_or_dangling_anchor(self):
        def rule(host, path, page, soup):
            problems = []
            for link in soup.find_all("a", href=True):
                href = link["href"].strip()
                if href in ("", "#") or href.lower().startswith("javascript:"):
                    problems.append(f"placeholder link {link}")
                elif href.startswith("#") and soup.find(id=href[1:]) is None:
                    problems.append(f"link to missing anchor {href}")
            for element in soup.find_all(attrs={"aria-controls": True}):
                if soup.find(id=element["aria-controls"]) is None:
                    problems.append(f"aria-controls targets missing id {element['aria-controls']}")
            page_text = " ".join(soup.get_text(" ").split()).lower()
            problems += [f"placeholder text « {words} »" for words in DSFR_PLACEHOLDERS if words in page_text]
            for element in soup.find_all(attrs={"for": True}):
                if soup.find(id=element["for"]) is None:
                    problems.append(f"label for missing id {element['for']}")
            return problems

        self.check(rule)

    def test_internal_links_lead_to_pages_of_the_site(self):
        def rule(host, path, page, soup):
            problems = []
            for link in soup.find_all("a", href=True):
                href = link["href"].split("#")[0].split("?")[0]
                if not href.startswith("/") or href.startswith(("/documents/", "/static/", "/admin/")):
                    continue
                if href in self.paths_by_host[host]:
                    continue
                # Routes of pages (PDF, feeds, calendars) are not pages: they must answer.
                if self.client.get(href, HTTP_HOST=host).status_code != 200:
                    problems.append(f"link to {href!r} ({text(link)})")
            return problems

        self.check(rule)

    def test_no_empty_link_text_or_empty_title_attribute(self):
        def rule(host, path, page, soup):
            problems = []
            for link in soup.find_all("a"):
                if not accessible_name(link):
                    problems.append(f"link without text {link}")
            for button in soup.find_all("button"):
                if not accessible_name(button):
                    problems.append(f"button without text {button}")
            for element in soup.find_all(attrs={"title": True}):
                if not element["title"].strip():
                    problems.append(f"empty title attribute on <{element.name}>")
            return problems

        self.check(rule)

    def test_no_sentence_is_printed_twice(self):
        """A page never says the same thing twice, even in other words for the committee's name
        (« Le comité se réunit au moins une fois par an. » and « Le CLUAC se réunit… »)."""

        def sentences(soup):
            found = []
            for element in soup.main.find_all(["p", "li", "td", "th", "figcaption"]):
                if element.find(["p", "li", "ul", "ol", "table"]):
                    continue
                for sentence in re.split(r"(?<=[.!?])\s+", text(element)):
                    # Prose: a sentence that ends as one (labels, speakers and list items may recur).
                    if not sentence.endswith((".", "!", "?")):
                        continue
                    words = re.findall(r"\w+", SUBJECT.sub("le comité", sentence.lower()))
                    if len(words) >= 6:
                        found.append(" ".join(words))
            return found

        def rule(host, path, page, soup):
            if soup.main is None:
                return []
            seen = sentences(soup)
            return [
                f"printed {count} times: « {sentence} »"
                for sentence, count in Counter(seen).items()
                if count > 1
            ]

        self.check(rule)

    def test_page_addresses_are_plain_ascii(self):
        def rule(host, path, page, soup):
            return [] if path.isascii() and "%" not in path else [f"address {path!r} is not plain ASCII"]

        self.check(rule)

    def test_every_table_has_a_caption(self):
        def rule(host, path, page, soup):
            return [
                f"table without caption after « {text(table.find_previous(re.compile('^h[1-6]$')))} »"
                for table in soup.find_all("table")
                if not text(table.caption)
            ]

        self.check(rule)
        tables = sum(len(soup.find_all("table")) for _page, soup in self.pages.values())
        self.assertGreater(tables, 0, "the demo should show at least one table")

    def test_documents_show_format_and_size(self):
        seen = []

        def rule(host, path, page, soup):
            problems = []
            for link in soup.find_all("a", href=re.compile(r"^/documents/")):
                seen.append(link["href"])
                if not DOCUMENT_META.search(text(link)):
                    problems.append(f"document link without format and size: « {text(link)} »")
            return problems

        self.check(rule)
        self.assertGreaterEqual(len(set(seen)), 3)

    def test_documents_download(self):
        # Each document from the site whose page links to it: another site does not serve it.
        hrefs = {
            (host, link["href"])
            for (host, _path), (_page, soup) in self.pages.items()
            for link in soup.find_all("a", href=re.compile(r"^/documents/"))
        }
        for host, href in sorted(hrefs):
            with self.subTest(href=href):
                response = self.client.get(href, HTTP_HOST=host)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF"))


# --- Query counts ---------------------------------------------------------------------------------


PAST = datetime.datetime(2023, 9, 7, 10, 0, tzinfo=datetime.UTC)


def make_document(title):
    return wagtail_factories.DocumentFactory(
        title=title,
        file__filename=f"{uuid.uuid4().hex[:8]}.pdf",
        file__data=b"%PDF-1.4\n" + b"x" * 3000,
    )


def stream_id():
    return str(uuid.uuid4())


def exchange(speaker, answerers):
    return {
        "type": "exchange",
        "id": stream_id(),
        "value": {
            "speaker": speaker.pk,
            "spoken_for": "",
            "statement": f"<p>Question de {speaker.last_name}.</p>",
            "answers": [
                {
                    "type": "item",
                    "id": stream_id(),
                    "value": {"speaker": person.pk, "statement": f"<p>Réponse de {person.last_name}.</p>"},
                }
                for person in answerers
            ],
        },
    }


def section(heading, *content):
    return {"type": "section", "id": stream_id(), "value": {"heading": heading, "content": list(content)}}


def document_block(document):
    return {"type": "document", "id": stream_id(), "value": {"document": document.pk, "title": ""}}


def official(**kwargs):
    return PersonFactory(acts_as_official=True, **kwargs)


def add_seats(committee, count, college=None):
    seats = []
    for _ in range(count):
        seat = SeatFactory(committee=committee, college=college or CollegeFactory())
        MandateFactory(seat=seat, person=official())
        MandateFactory(seat=seat, person=PersonFactory(), role=Mandate.Role.SUBSTITUTE)
        seats.append(seat)
    return seats


def add_minutes(meeting, speakers, documents):
    minutes = MinutesPageFactory(
        parent=meeting,
        slug="compte-rendu",
        followed_by=speakers[0],
        body=[
            section("Échanges", *(exchange(speaker, speakers) for speaker in speakers)),
            section("Documents", *(document_block(document) for document in documents)),
        ],
    )
    for order, document in enumerate(documents):
        MinutesAnnex.objects.create(minutes=minutes, document=document, sort_order=order)
    minutes.tags.add(*(f"thème {n}" for n in range(len(documents))))
    minutes.save()
    return minutes


def add_meeting_content(meeting, seats, documents, guests):
    statuses = list(AttendanceStatus)
    for order, document in enumerate(documents):
        AgendaItem.objects.create(
            meeting=meeting, title=f"Point {order}", presenter="Le référent qualité", document=document
        )
        MeetingDocument.objects.create(meeting=meeting, document=document, sort_order=order)
    for order, seat in enumerate(seats):
        status = statuses[order % len(statuses)]
        person = seat.mandates.first().person
        Attendance.objects.create(meeting=meeting, seat=seat, status=status, person=person, sort_order=order)
    for order, person in enumerate(guests):
        MeetingParticipant.objects.create(
            meeting=meeting, person=person, note="pour un point", sort_order=order
        )


def queries_for(client, url):
    """Queries run to render ``url``, once caches that last across requests are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.fixture
def committee(home_page):
    committee = CommitteePageFactory(parent=home_page, slug="clu")
    add_seats(committee, 1)
    meeting = MeetingPageFactory(parent=committee, slug="reunion", start=PAST, chair=official())
    seats = list(committee.seats.all())
    add_meeting_content(meeting, seats, [make_document("Ordre du jour")], [official()])
    add_minutes(meeting, [official()], [make_document("Diaporama")])
    return committee


def test_committee_page_runs_a_constant_number_of_queries(committee, client):
    small, _ = queries_for(client, committee.url)

    college = CollegeFactory(name="Réseau France Services")
    add_seats(committee, 6, college)
    add_seats(committee, 3)
    committee.quality_programmes.set(QualityProgramme.objects.all()[:3])
    committee.save()
    for n in range(3):
        meeting = MeetingPageFactory(
            parent=committee, slug=f"passee-{n}", start=PAST - datetime.timedelta(days=100 * (n + 1))
        )
        if n < 2:
            add_minutes(meeting, [official()], [make_document(f"Annexe {n}")])
    for n in range(2):
        MeetingPageFactory(
            parent=committee,
            slug=f"a-venir-{n}",
            start=timezone.now() + datetime.timedelta(days=30 * (n + 1)),
            end_time=None,
        )
    ProcedureSheetPageFactory(parent=committee, slug="fiche-1")
    ProcedureSheetPageFactory(parent=committee, slug="fiche-2")

    large, response = queries_for(client, committee.url)
    body = response.content.decode()
    assert body.count("Titulaire :") == 10
    assert body.count("compte-rendu en attente de publication") == 1
    assert large == small, f"committee page: {small} queries, then {large} with more content"


def test_meeting_page_runs_a_constant_number_of_queries(committee, client):
    meeting = committee.get_children().get(slug="reunion").specific
    small, _ = queries_for(client, meeting.url)

    seats = add_seats(committee, 8)
    documents = [make_document(f"Support {n}") for n in range(6)]
    add_meeting_content(meeting, seats, documents, [official() for _ in range(4)])

    large, response = queries_for(client, meeting.url)
    # 6 agenda documents, 6 session documents, the existing ones and the calendar file.
    assert response.content.decode().count("fr-link--download") == 15
    assert large == small, f"meeting page: {small} queries, then {large} with more content"


def test_minutes_page_runs_a_constant_number_of_queries(committee, client):
    meeting = committee.get_children().get(slug="reunion").specific
    minutes = meeting.get_children().get().specific
    small, _ = queries_for(client, minutes.url)

    seats = add_seats(committee, 8)
    add_meeting_content(meeting, seats, [], [official() for _ in range(3)] + [PersonFactory()])
    organisation = OrganisationFactory(name="UDAF", acronym="UDAF")
    speakers = [official() for _ in range(3)] + [PersonFactory(organisation=organisation) for _ in range(3)]
    documents = [make_document(f"Annexe {n}") for n in range(5)]
    minutes.body = [
        section(f"Partie {part}", *(exchange(speaker, speakers[part:]) for speaker in speakers))
        for part in range(3)
    ] + [section("Documents", *(document_block(document) for document in documents))]
    minutes.followed_by = speakers[1]
    minutes.save()
    for order, document in enumerate(documents, start=1):
        MinutesAnnex.objects.create(minutes=minutes, document=document, sort_order=order)
    minutes.tags.add("accueil", "qualité", "courriers")
    minutes.save()

    large, response = queries_for(client, minutes.url)
    body = response.content.decode()
    assert body.count('class="cluac-exchange ') == 18
    assert body.count("Représentant(e) de l&#x27;UDAF") > 3
    assert large == small, f"minutes page: {small} queries, then {large} with more content"
