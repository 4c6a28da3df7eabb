"""The demo content: ``load_demo`` is idempotent, and every demo site and page reads as the seeds say."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, TestCase
from django.utils import timezone
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageLogEntry, Revision, Site

from cluac_pages.models import (
    AgendaItem,
    Attendance,
    College,
    CommitteePage,
    Mandate,
    MeetingDocument,
    MeetingPage,
    MeetingParticipant,
    MinutesAnnex,
    MinutesPage,
    MinutesTag,
    Organisation,
    Person,
    PrefectureSettings,
    ProcedureSheetPage,
    QualityProgramme,
    Seat,
)
from home.demo.loader import ACCOUNTS
from home.models import ContentPage, FooterSettings, HomePage, SitemapPage

from .factories import MeetingPageFactory
from .html import (
    DEMO_SITES,
    EMAIL,
    NOT_FOUND_PATH,
    crawl_demo,
    live_pages,
    load_demo,
    parse,
    phone_pattern,
    text,
)

LA = DEMO_SITES["loire-atlantique"][0]
ESSONNE = DEMO_SITES["essonne"][0]
LOT = DEMO_SITES["lot"][0]
GARD = DEMO_SITES["gard"][0]
MM = DEMO_SITES["meurthe-et-moselle"][0]

LA_COMMITTEE = "/cluac/"
LA_MEETING = "/cluac/cluac-du-7-septembre-2023/"
LA_MINUTES = "/cluac/cluac-du-7-septembre-2023/compte-rendu/"
ESSONNE_MEETING = "/clu/premiere-reunion-du-clu/"
ESSONNE_MINUTES = "/clu/premiere-reunion-du-clu/compte-rendu/"
DOCUMENT_META = re.compile(r"PDF – \d+(,\d)? (octets?|Ko|Mo)")

COUNTED_MODELS = [
    Site,
    Page,
    HomePage,
    ContentPage,
    SitemapPage,
    CommitteePage,
    MeetingPage,
    MinutesPage,
    ProcedureSheetPage,
    Person,
    Organisation,
    College,
    QualityProgramme,
    Seat,
    Mandate,
    AgendaItem,
    MeetingDocument,
    Attendance,
    MeetingParticipant,
    MinutesAnnex,
    MinutesTag,
    Tag,
    get_document_model(),
    Collection,
    Revision,
    PageLogEntry,
    PrefectureSettings,
    FooterSettings,
    get_user_model(),
    Group,
]


def counts():
    return {model._meta.label: model.objects.count() for model in COUNTED_MODELS}


class LoadDemoTwiceTests(TestCase):
    """The client's issue: running ``load_demo`` a second time must not duplicate anything.

    The demo accounts are checked after the second run: passwords are reset, not duplicated.
    """

    @classmethod
    def setUpTestData(cls):
        cls.first_output = load_demo()
        cls.after_first = counts()
        cls.second_output = load_demo()
        cls.after_second = counts()

    def test_a_second_run_leaves_one_copy_of_everything(self):
        grown = {
            label: (self.after_first[label], self.after_second[label])
            for label in self.after_first
            if self.after_first[label] != self.after_second[label]
        }
        self.assertEqual(grown, {}, "counts (after 1st run, after 2nd run) that changed")

    def test_one_site_and_one_home_page_per_prefecture(self):
        self.assertEqual(Site.objects.count(), 5)
        self.assertEqual(Site.objects.filter(is_default_site=True).get().hostname, "127.0.0.1")
        self.assertEqual(HomePage.objects.count(), 5)
        self.assertEqual(CommitteePage.objects.count(), 5)
        self.assertEqual(MinutesPage.objects.count(), 2)
        self.assertEqual(ProcedureSheetPage.objects.count(), 2)
        # Wagtail's initial welcome page is gone, not left beside the demo.
        self.assertEqual(Page.objects.filter(depth=2).count(), 5)

    def test_the_second_run_says_it_replaced_the_first(self):
        self.assertIn("pages supprimées", self.second_output)
        self.assertIn("Démonstration chargée.", self.second_output)

    def test_the_pages_still_answer_after_a_second_run(self):
        response = self.client.get(LA_MINUTES, HTTP_HOST=LA)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Pascal OTHEGUY")

    def test_one_account_per_role_and_each_can_open_the_admin(self):
        User = get_user_model()
        roles = {}
        for account in ACCOUNTS:
            user = User.objects.get(username=account.username)
            roles[account.username] = (user.is_superuser, list(user.groups.values_list("name", flat=True)))
            self.assertTrue(
                self.client.login(username=account.username, password=account.password), account.username
            )
            self.assertEqual(self.client.get("/admin/").status_code, 200, account.username)
            self.client.logout()
        self.assertEqual(
            roles,
            {
                "admin": (True, []),
                "communication": (False, ["Service communication"]),
                "secretaire-general": (False, ["Secrétaire général"]),
                "communication-44": (False, ["Service communication – Préfecture de la Loire-Atlantique"]),
                "secretaire-general-44": (False, ["Secrétaire général – Préfecture de la Loire-Atlantique"]),
                "communication-91": (False, ["Service communication – Préfecture de l'Essonne"]),
                "secretaire-general-91": (False, ["Secrétaire général – Préfecture de l'Essonne"]),
            },
        )

    def test_each_run_prints_the_accounts_and_the_sites(self):
        for output in (self.first_output, self.second_output):
            self.assertIn("DÉVELOPPEMENT UNIQUEMENT", output)
            for account in ACCOUNTS:
                line = next((line for line in output.splitlines() if account.username in line), "")
                self.assertIn(account.password, line)
                self.assertIn(account.description, line)
            for host, _title in DEMO_SITES.values():
                self.assertIn(f"http://{host}/", output)


class DemoSitesTests(TestCase):
    """Each prefecture's site answers at its own host name, with its own identity and pages."""

    @classmethod
    def setUpTestData(cls):
        load_demo()

    def get(self, path, host):
        response = self.client.get(path, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, f"{host}{path}")
        return parse(response.content)

    def test_each_site_answers_at_its_host_with_its_prefecture_in_the_header_and_footer(self):
        for slug, (host, lines) in DEMO_SITES.items():
            with self.subTest(site=slug):
                soup = self.get("/", host)
                brand = soup.select_one("header .fr-header__logo .fr-logo")
                self.assertIsNotNone(brand)
                self.assertEqual(str(brand), f'<p class="fr-logo">{lines[0]}<br/>{lines[1]}</p>')
                self.assertEqual(list(soup.select_one("footer .fr-logo").stripped_strings), lines)
                # The home page is that prefecture's, not the default site's.
                self.assertIn(lines[1].split(" ", 1)[1], text(soup.h1))

    def test_the_loire_atlantique_site_is_the_default_for_an_unknown_host(self):
        soup = self.get("/", "unknown.example:8000")
        self.assertIn("Loire-Atlantique", text(soup.h1))

    def test_home_page_presents_the_site_and_links_to_its_committee(self):
        soup = self.get("/", ESSONNE)
        self.assertEqual(text(soup.h1), "Préfecture de l'Essonne – Comité local des usagers")
        self.assertIn("comité local des usagers (CLU) de la préfecture de l'Essonne", text(soup.main))
        card = soup.select_one(".fr-card__title a")
        self.assertEqual(text(card), "Comité local des usagers de l'Essonne")
        self.assertEqual(card["href"], "/clu/")
        self.assertEqual(text(soup.select_one(".fr-card__detail")), "CLU – Essonne")

    def test_committee_page_shows_role_organisation_and_contact(self):
        soup = self.get(LA_COMMITTEE, LA)
        main = text(soup.main)
        self.assertEqual(
            text(soup.h1),
            "Comité local des usagers pour l'amélioration continue de la Loire-Atlantique (CLUAC)",
        )
        self.assertIn("Département : Loire-Atlantique (44)", main)
        headings = [text(h) for h in soup.main.find_all("h2")]
        for heading in ("Rôle du comité", "Sujets traités", "Organisation du comité", "Composition"):
            self.assertIn(heading, headings)
        self.assertIn("Rôle des représentants des usagers", [text(h) for h in soup.main.find_all("h3")])
        self.assertIn("Le comité se réunit au moins une fois par an.", main)
        self.assertIn("Qual-e-pref – module 1 : relation générale avec les usagers", main)
        self.assertIn("Services Publics +", main)
        contact = soup.main.select_one('a[href^="mailto:"]')
        self.assertEqual(contact["href"], "mailto:pref-qualite@loire-atlantique.gouv.fr")

    def composition(self, soup):
        """{college: {seat title: [holder lines]}} as the composition section shows it."""
        section = soup.select_one("#composition")
        self.assertIsNotNone(section, "no composition section")
        result = {}
        for heading in section.find_all("h3"):
            seats_list = heading.find_next_sibling("ul")
            result[text(heading)] = {
                text(seat.find("strong")): [text(li) for li in seat.select("ul > li")]
                for seat in seats_list.find_all("li", recursive=False)
            }
        return result

    def test_committee_composition_is_grouped_by_college_with_seats_and_titulars(self):
        composition = self.composition(self.get(LA_COMMITTEE, LA))
        self.assertEqual(
            list(composition),
            [
                "Services de la préfecture et du SGCD",
                "Directions départementales interministérielles",
                "Représentants des usagers",
            ],
        )
        services = composition["Services de la préfecture et du SGCD"]
        self.assertEqual(
            services["Le référent qualité du SGCD"],
            [
                "Titulaire : Mme Aurélie Madelin, "
                "chargée de mission modernisation et performance, référente qualité"
            ],
        )
        # No titular is named: the seat is not shown empty, the prefecture designates who sits.
        self.assertEqual(
            services["La directrice des migrations et de l'immigration ou son représentant"],
            [
                "Titulaire : désigné(e) par la préfecture de la Loire-Atlantique",
                "Suppléant(e) : M. Guillaume Frouin, "
                "adjoint à la directrice des migrations et de l'immigration",
            ],
        )
        users = composition["Représentants des usagers"]
        # A member who did not agree to be named is shown by organisation only.
        self.assertEqual(users["Un représentant de l'AFOC 44"], ["Titulaire : Représentant(e) de l'AFOC 44"])
        self.assertEqual(users["Un représentant du diaconat Nantes"], ["Titulaire : Mme Lucie Gaune"])

    def test_committee_composition_on_a_past_date_shows_who_sat_then(self):
        today = self.composition(self.get(LA_COMMITTEE, LA))
        on_meeting_day = self.composition(self.get(f"{LA_COMMITTEE}?date=2023-09-07", LA))
        chair = "Le président du comité"
        services = "Services de la préfecture et du SGCD"
        self.assertIn("Marc Maklouf", today[services][chair][0])
        self.assertIn("Pascal OTHEGUY", on_meeting_day[services][chair][0])

    def test_committee_page_lists_past_meetings_with_their_minutes(self):
        soup = self.get(LA_COMMITTEE, LA)
        year = soup.find("h3", string="Réunions passées et comptes-rendus").find_next_sibling("h4")
        self.assertEqual(text(year), "2023")
        (item,) = year.find_next_sibling("ul").find_all("li", recursive=False)
        links = {a["href"]: text(a) for a in item.find_all("a")}
        self.assertEqual(
            links,
            {
                LA_MEETING: "CLUAC du 7 septembre 2023",
                LA_MINUTES: "Compte-rendu de la réunion du 7 septembre 2023",
            },
        )
        self.assertEqual(item.find("time")["datetime"], "2023-09-07T10:00")
        upcoming = soup.find("h3", string="Prochaines réunions").find_next_sibling("p")
        self.assertEqual(text(upcoming), "Aucune réunion n’est programmée pour le moment.")

    def test_committee_page_lists_an_upcoming_meeting_and_a_past_one_awaiting_its_minutes(self):
        committee = CommitteePage.objects.get(departement="44")
        soon = timezone.now() + datetime.timedelta(days=30)
        MeetingPageFactory(
            parent=committee, title="CLUAC à venir", slug="cluac-a-venir", start=soon, end_time=None
        )
        MeetingPageFactory(
            parent=committee,
            title="CLUAC de printemps",
            slug="cluac-de-printemps",
            start=datetime.datetime(2024, 4, 4, 8, 0, tzinfo=datetime.UTC),
        )
        soup = self.get(LA_COMMITTEE, LA)
        upcoming = soup.find("h3", string="Prochaines réunions").find_next_sibling("ul")
        self.assertEqual(upcoming.a["href"], "/cluac/cluac-a-venir/")
        self.assertIn("CLUAC à venir", text(upcoming))
        past = soup.find("h3", string="Réunions passées et comptes-rendus")
        years = past.find_next_siblings("h4")
        # Grouped by year, most recent first; minutes not yet published are announced as such.
        self.assertEqual([text(h4) for h4 in years], ["2024", "2023"])
        items = [
            [text(li) for li in h4.find_next_sibling("ul").find_all("li", recursive=False)] for h4 in years
        ]
        self.assertEqual(len(items[0]), 1)
        self.assertIn("CLUAC de printemps – 4 avril 2024", items[0][0])
        self.assertIn("compte-rendu en attente de publication", items[0][0])
        self.assertIn("Compte-rendu de la réunion du 7 septembre 2023", items[1][0])

    def test_meeting_page_shows_date_place_agenda_documents_and_minutes(self):
        soup = self.get(LA_MEETING, LA)
        self.assertEqual(text(soup.h1), "CLUAC du 7 septembre 2023")
        when = soup.main.find("time")
        self.assertIn("7 septembre 2023", text(when))
        self.assertEqual(text(when), "jeudi 7 septembre 2023, de 10h à 12h30")
        main = text(soup.main)
        self.assertIn("Lieu : Direction départementale des territoires et de la mer (DDTM), Nantes", main)
        self.assertIn("Présidence : M. Pascal OTHEGUY, le secrétaire général de la préfecture", main)
        agenda = soup.select("ol.cluac-agenda > li")
        self.assertEqual(len(agenda), 7)
        self.assertIn(
            "Les missions de la direction départementale des territoires et de la mer", text(agenda[1])
        )
        self.assertIn("Visite de l'accueil de la DDTM", text(agenda[6]))
        documents = soup.find("h2", string="Documents de séance").find_next_sibling("ul")
        link = documents.find("a")
        self.assertTrue(link["href"].startswith("/documents/"))
        self.assertIn("Présentation du diaporama", text(link))
        self.assertRegex(text(link), DOCUMENT_META)
        minutes = soup.find("h2", string="Compte-rendu").find_next_sibling("p").a
        self.assertEqual(minutes["href"], LA_MINUTES)
        self.assertEqual(text(minutes), "Compte-rendu du CLUAC du 7 septembre 2023")

    def test_each_agenda_item_offers_its_own_document_or_none(self):
        for meeting in MeetingPage.objects.all():
            with self.subTest(meeting=meeting.title):
                documents = [item.document_id for item in meeting.agenda_items.all() if item.document_id]
                self.assertEqual(len(documents), len(set(documents)), "one document for several items")
        soup = self.get(LA_MEETING, LA)
        items = {
            li.find(string=True).strip(): [a["href"] for a in li.select("a[href^='/documents/']")]
            for li in soup.select("ol.cluac-agenda > li")
        }
        self.assertEqual(sum(1 for links in items.values() if links), 1)
        [cases] = items["Nos démarches administratives : travail en groupes sur 7 cas pratiques"]
        self.assertIn("cas-pratiques", cases)

    def test_a_meeting_document_downloads(self):
        soup = self.get(LA_MEETING, LA)
        href = soup.select_one("ul.cluac-documents a")["href"]
        response = self.client.get(href, HTTP_HOST=LA)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF"))

    def test_loire_atlantique_minutes_show_every_exchange_by_the_publication_rule(self):
        soup = self.get(LA_MINUTES, LA)
        exchanges = soup.select(".cluac-exchange")
        self.assertEqual(len(exchanges), 2)
        speakers = [
            (
                text(exchange.find("strong")),
                [text(li.find("strong")) for li in exchange.select(".cluac-exchange__answers > li")],
            )
            for exchange in exchanges
        ]
        pref = "(Préfecture de la Loire-Atlantique)"
        frouin = "M. Guillaume Frouin, adjoint à la directrice des migrations et de l'immigration"
        self.assertEqual(
            speakers,
            [
                (
                    "Mme Lucie Gaune (Diaconat Nantes)",
                    [
                        f"Mme Patricia Dufour, cheffe de service relation usagers {pref}",
                        f"{frouin} {pref}",
                        f"Mme Maureen Le Guennic, cheffe du bureau du séjour {pref}",
                        f"M. Pascal OTHEGUY, secrétaire général de la préfecture {pref}",
                    ],
                ),
                (
                    "Représentant(e) de l'AFOC 44",
                    [
                        f"Mme Patricia Dufour, cheffe de service relation usagers {pref}",
                        f"M. Pascal OTHEGUY, secrétaire général de la préfecture {pref}",
                    ],
                ),
            ],
        )
        body = text(soup.main)
        self.assertIn("Le nombre de 263 usagers correspond", body)
        self.assertIn("le service civique n'est pas un stage", body)
        # Her name is not public: it appears nowhere on the page.
        self.assertNotIn("Proslie", soup.decode())
        self.assertNotIn("Fabienne", soup.decode())

    def test_loire_atlantique_minutes_show_results_cases_signature_and_header(self):
        soup = self.get(LA_MINUTES, LA)
        main = text(soup.main)
        self.assertIn("Préfet de la Loire-Atlantique", main)
        self.assertIn("Nantes, le 15 septembre 2023", main)
        # « Affaire suivie par » gives the function only, as its help text says.
        self.assertIn(
            "Affaire suivie par : chargée de mission modernisation et performance, référente qualité", main
        )
        self.assertNotIn("Affaire suivie par Mme", main)
        self.assertIn(
            "Réunion du jeudi 7 septembre 2023, de 10h à 12h30 "
            "Lieu : Direction départementale des territoires et de la mer (DDTM), Nantes "
            "Sous la présidence de M. Pascal OTHEGUY, le secrétaire général de la préfecture",
            main,
        )
        self.assertIn(
            "Objet : Comité local des usagers pour l'amélioration continue du 7 septembre 2023", main
        )
        results = soup.select_one(".cluac-quality-results")
        self.assertEqual(text(results.h3), "Les résultats du bilan annuel 2022")
        rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in results.select("tbody tr")]
        self.assertEqual(
            [(row[0], row[2], row[3]) for row in rows],
            [
                ("Indicateurs au-dessus de la cible", "14 sur 22", "Au-dessus de la cible"),
                ("Indicateurs à la limite de la cible", "4 sur 22", "À la limite de la cible"),
                ("Indicateurs en dessous de la cible", "2 sur 22", "En dessous de la cible"),
            ],
        )
        self.assertIn("Indicateurs qualité (Qual-e-Pref)", text(results.caption))
        cases = [text(li.strong) for li in soup.select(".cluac-workshop li")]
        self.assertEqual(len(cases), 7)
        self.assertEqual(cases[0], "Cas n° 1 : Demande de la nationalité française")
        self.assertEqual(cases[6], "Cas n° 7 : Demande de renseignement en droit du travail")
        signature = text(soup.select_one(".cluac-signature"))
        self.assertIn("Pour le préfet et par délégation", signature)
        self.assertIn("Le secrétaire général", signature)
        self.assertIn("Pascal OTHEGUY", signature)
        annexes = soup.select("#annexes a")
        self.assertEqual(
            [text(a).split(" PDF")[0] for a in annexes],
            [
                "Télécharger Annexe 2 – présentation du diaporama",
                "Télécharger Annexe 3 – conclusions des cas pratiques",
            ],
        )
        for annex in annexes:
            self.assertRegex(text(annex), DOCUMENT_META)
        self.assertEqual(
            [text(tag) for tag in soup.select(".fr-tag")],
            ["qualité", "accueil des étrangers", "service civique", "communication"],
        )

    def test_loire_atlantique_participants_annex_is_generated_from_attendance(self):
        soup = self.get(LA_MINUTES, LA)
        section = soup.select_one("#participants")
        self.assertEqual(text(section.h2), "Liste des participants")
        groups = {
            text(h3): [text(li) for li in h3.find_next_sibling("ul").find_all("li")] for h3 in section("h3")
        }
        # Annex 1 of the paper: the list follows the annexed documents.
        self.assertEqual(section.find_previous("h2").get_text(strip=True), "Annexes")
        self.assertEqual(
            list(groups),
            ["Membres présents", "Membres représentés par leur suppléant(e)", "Administration"],
        )
        present = groups["Membres présents"]
        self.assertEqual(len(present), 6)
        self.assertIn(
            "Le président du comité (Préfecture de la Loire-Atlantique) : "
            "M. Pascal OTHEGUY, secrétaire général de la préfecture",
            present,
        )
        # The seat's title names its organisation: it is not repeated in brackets.
        self.assertIn("Un représentant du diaconat Nantes : Mme Lucie Gaune", present)
        # Present, but not named: the seat only.
        self.assertIn("Un représentant de l'AFOC 44", present)
        represented = groups["Membres représentés par leur suppléant(e)"]
        self.assertEqual(len(represented), 2)
        self.assertIn("représenté(e) par M. Guillaume Frouin", represented[0])
        # Who attended without a seat is in the administration, not among « invited persons ».
        self.assertEqual(
            groups["Administration"],
            [
                "M. Marc Maklouf, sous-préfet de Châteaubriant-Ancenis, sous-préfet en charge des services "
                "publics (successeur désigné à la présidence du CLUAC)",
                "Mme Maureen Le Guennic, cheffe du bureau du séjour de la préfecture de la Loire-Atlantique",
            ],
        )
        self.assertNotIn("Personnes invitées", text(soup.main))

    def test_essonne_meeting_agenda(self):
        soup = self.get(ESSONNE_MEETING, ESSONNE)
        self.assertEqual(
            [text(li) for li in soup.select("ol.cluac-agenda > li")],
            [
                "Présentation de la nouvelle démarche qualité « Qual-e-pref »",
                "Présentation du rôle du Comité Local des Usagers (CLU)",
                "Point de situation sur l'état d'avancement de la démarche de labellisation Qual-e-pref",
                "Présentation de la dernière enquête de satisfaction",
                "Echanges avec les membres du CLU",
            ],
        )
        self.assertIn("Lieu : Préfecture d'Evry (Salle Jean Moulin)", text(soup.main))
        self.assertIn("16 octobre 2020", text(soup.main.find("time")))
        self.assertRegex(text(soup.select_one("ul.cluac-documents a")), DOCUMENT_META)

    def test_essonne_minutes_show_sections_exchanges_agreement_and_next_meeting(self):
        soup = self.get(ESSONNE_MINUTES, ESSONNE)
        sections = [text(h2) for h2 in soup.select(".cluac-minutes-body h2")]
        self.assertEqual(
            sections,
            [
                "Introduction",
                "Présentation de la nouvelle démarche qualité « Qual-e-pref »",
                "Présentation du rôle du Comité local des usagers (CLU)",
                "Présentation de la planification Qual-e-pref et de la dernière enquête de satisfaction",
                "Échanges avec les membres du CLU",
                "Conclusions de la réunion",
                "Prochaine réunion",
            ],
        )
        speakers = [text(exchange.find("strong")) for exchange in soup.select(".cluac-exchange")]
        self.assertEqual(
            speakers, ["M. LASGI", "M. LASGI", "Représentant(e) d'un organisme membre", "Mme THIRIET"]
        )
        answers = [text(li.strong) for li in soup.select(".cluac-exchange__answers > li")]
        self.assertEqual(answers, ["M. DA ROCHA (Sous-préfecture d'Étampes)"])
        self.assertNotIn("FOURNIER", soup.decode())
        agreement = soup.select_one(".cluac-agreement")
        self.assertEqual(text(agreement.h3), "Les principaux points d'accord")
        points = [text(li) for li in agreement.find_all("li")]
        self.assertEqual(len(points), 4)
        self.assertEqual(points[3], "Echanges des courriels des membres du CLU")
        next_meeting = soup.select_one(".cluac-next-meeting")
        self.assertEqual(text(next_meeting.p), "mars 2021")
        self.assertIn("Période : du 16 novembre 2020 au 4 décembre 2020", text(soup.main))

    def test_lot_procedure_sheet(self):
        soup = self.get("/clu/fp-pilotage-clu/", LOT)
        main = text(soup.main)
        self.assertEqual(text(soup.h1), "FP – Pilotage – CLU")
        self.assertIn("Référence : FP – Pilotage – CLU", main)
        self.assertIn("Anaïs DE SOUSA, référente qualité", main)
        validation = soup.find(string=re.compile("Nicolas REGNY")).find_parent("p")
        self.assertIn("Nicolas REGNY, secrétaire général", text(validation))
        self.assertEqual(validation.find("time")["datetime"], "2022-06-23")
        self.assertIn("23/06/2022", text(validation))
        self.assertIn("engagements 3.3 et 16.3 du module 1", main)
        self.assertIn("Un représentant de la Cimade 46", main)
        committee = self.get("/clu/", LOT)
        sheets = committee.find("h2", string="Fiches procédure").find_next_sibling("ul")
        self.assertEqual(sheets.a["href"], "/clu/fp-pilotage-clu/")
        self.assertIn("mise à jour le 22 juin 2022", text(sheets))

    def test_lot_composition_has_every_seat_of_the_sheet(self):
        composition = self.composition(self.get("/clu/", LOT))
        self.assertEqual(sum(len(seats) for seats in composition.values()), 17)
        services = composition["Services de la préfecture et du SGCD"]
        self.assertIn(
            "Nicolas REGNY", services["Le secrétaire général de la préfecture du Lot ou son représentant"][0]
        )
        self.assertEqual(len(composition["Réseau France Services"]), 3)

    def test_gard_procedure_sheet_and_composition(self):
        soup = self.get("/clu/fiche-procedure-clu/", GARD)
        self.assertEqual(text(soup.h1), "Fiche procédure – Comité local des usagers")
        self.assertIn("L'association des maires du Gard", text(soup.main))
        composition = self.composition(self.get("/clu/", GARD))
        self.assertEqual(sum(len(seats) for seats in composition.values()), 13)
        self.assertEqual(
            list(composition["Institutions"]),
            ["Le délégué du défenseur des droits pour Nîmes", "L'association des maires du Gard"],
        )

    def test_meurthe_et_moselle_composition(self):
        soup = self.get("/cluac/", MM)
        composition = self.composition(soup)
        self.assertEqual(
            list(composition),
            [
                "Services de la préfecture et du SGCD",
                "Associations d'élus et collectivités territoriales",
                "Représentants des usagers",
                "Institutions",
            ],
        )
        self.assertEqual([len(seats) for seats in composition.values()], [9, 2, 6, 1])
        self.assertIn("Le référent qualité", composition["Services de la préfecture et du SGCD"])
        self.assertIn("Un représentant de l'UDAF 54", composition["Représentants des usagers"])
        # Functions only: no seat has a named holder, and none is shown as an empty seat.
        holders = [holders for seats in composition.values() for holders in seats.values()]
        self.assertEqual(len(holders), 18)
        self.assertTrue(
            all(len(lines) == 1 and lines[0].startswith("Titulaire : désigné(e) par ") for lines in holders)
        )
        self.assertEqual(
            composition["Représentants des usagers"]["Un représentant de l'UDAF 54"],
            ["Titulaire : désigné(e) par l'UDAF 54"],
        )
        self.assertNotIn("Mme ", text(soup.select_one("#composition")))
        self.assertNotIn("M. ", text(soup.select_one("#composition")))
        self.assertIn("de préférence 2 fois en période préparatoire à la labellisation", text(soup.main))

    def test_content_pages(self):
        expected = {
            "/declaration-d-accessibilite/": ("Déclaration d'accessibilité", "partiellement conforme"),
            "/mentions-legales/": ("Mentions légales", "Directeur de la publication"),
            "/donnees-personnelles/": ("Données personnelles", "Vos droits"),
            "/gestion-des-cookies/": ("Gestion des cookies", "ne reçoit aucun cookie"),
        }
        for host, _title in DEMO_SITES.values():
            for path, (title, phrase) in expected.items():
                with self.subTest(host=host, path=path):
                    soup = self.get(path, host)
                    self.assertEqual(text(soup.h1), title)
                    self.assertIn(phrase, text(soup.main))
        legal = self.get("/mentions-legales/", LOT)
        self.assertIn("Préfecture du Lot, Cahors.", text(legal.main))

    def test_the_accessibility_statement_says_what_the_tests_check(self):
        from .browser import axe_version

        soup = self.get("/declaration-d-accessibilite/", LOT)
        statement = text(soup.main)
        # RGAA: « totalement conforme » needs a full audit, which was not done.
        self.assertIn("est partiellement conforme avec le référentiel général", statement)
        self.assertNotIn("totalement conforme avec", statement)
        major_minor = ".".join(axe_version().split(".")[:2])
        self.assertIn(f"axe-core (version {major_minor})", statement)
        self.assertIn("WCAG 2.2 niveaux A et AA", statement)
        for heading in (
            "État de conformité",
            "Résultats des tests",
            "Contenus non accessibles",
            "Établissement de cette déclaration",
            "Retour d'information et contact",
            "Voies de recours",
        ):
            self.assertIn(heading, [text(h2) for h2 in soup.main.select("h2")])
        footer = [text(a) for a in soup.select("footer a[href='/declaration-d-accessibilite/']")]
        self.assertEqual(footer, ["Accessibilité : partiellement conforme"])

    def test_site_map_lists_every_live_page_of_its_site_only(self):
        for slug, (host, _title) in DEMO_SITES.items():
            with self.subTest(site=slug):
                soup = self.get("/plan-du-site/", host)
                listed = [a["href"] for a in soup.main.select("ul a")]
                expected = [path for _page, path in live_pages(Site.objects.get(hostname=host.split(":")[0]))]
                self.assertEqual(sorted(listed), sorted(expected))

    def test_sitemap_xml_lists_the_full_urls_of_its_site(self):
        for slug, (host, _title) in DEMO_SITES.items():
            with self.subTest(site=slug):
                response = self.client.get("/sitemap.xml", HTTP_HOST=host)
                self.assertEqual(response.status_code, 200)
                locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
                site = Site.objects.get(hostname=host.split(":")[0])
                expected = [f"http://{host}{path}" for _page, path in live_pages(site)]
                self.assertEqual(sorted(locations), sorted(expected))


class DemoPrivacyTests(TestCase):
    """No person's e-mail address or phone number is published, on any page of any demo site."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        client = Client()
        cls.pages = crawl_demo(client, extra_paths=["/sitemap.xml", NOT_FOUND_PATH])
        # The composition on the meeting day names the members of that day.
        past = client.get(f"{LA_COMMITTEE}?date=2023-09-07", HTTP_HOST=LA)
        cls.pages[(LA, f"{LA_COMMITTEE}?date=2023-09-07")] = (past.status_code, None, past.content.decode())

    def test_every_page_was_fetched(self):
        statuses = {key: status for key, (status, _page, _html) in self.pages.items()}
        self.assertGreaterEqual(len(statuses), 50)
        wrong = {
            key: status
            for key, status in statuses.items()
            if status != (404 if key[1] == NOT_FOUND_PATH else 200)
        }
        self.assertEqual(wrong, {})

    def test_no_person_email_appears_on_any_public_page(self):
        emails = [email.lower() for email in Person.objects.exclude(email="").values_list("email", flat=True)]
        self.assertGreater(len(emails), 10)
        leaks = [
            (host + path, email)
            for (host, path), (_status, _page, html) in self.pages.items()
            for email in emails
            if email in html.lower()
        ]
        self.assertEqual(leaks, [])

    def test_no_person_phone_appears_on_any_public_page_however_written(self):
        phones = {phone for phone in Person.objects.exclude(phone="").values_list("phone", flat=True)}
        self.assertGreater(len(phones), 5)
        patterns = [(phone, phone_pattern(phone)) for phone in phones]
        leaks = [
            (host + path, phone)
            for (host, path), (_status, _page, html) in self.pages.items()
            for phone, pattern in patterns
            if pattern.search(html)
        ]
        self.assertEqual(leaks, [])

    def test_the_phone_check_recognises_every_way_of_writing_a_number(self):
        pattern = phone_pattern("06 39 98 00 01")
        for written in (
            "06 39 98 00 01",
            "06.39.98.00.01",
            "0639980001",
            "06-39-98-00-01",
            "+33 6 39 98 00 01",
        ):
            self.assertRegex(f"<p>Tél. {written}</p>", pattern)
        self.assertNotRegex("<p>1063998000100</p>", pattern)

    def test_the_only_email_addresses_published_are_functional_ones(self):
        committees = {
            email.lower() for email in CommitteePage.objects.values_list("contact_email", flat=True)
        }
        self.assertEqual(len(committees), 5)
        # The personal-data pages give the data-protection officer's functional mailbox.
        data_protection = {
            f"pref-donnees-personnelles@{domain}"
            for domain in ("loire-atlantique.gouv.fr", "essonne.gouv.fr", "lot.gouv.fr", "gard.gouv.fr")
        } | {"pref-donnees-personnelles@meurthe-et-moselle.gouv.fr"}
        allowed = committees | data_protection
        found = {
            (host + path, address.lower())
            for (host, path), (_status, _page, html) in self.pages.items()
            for address in EMAIL.findall(html)
        }
        self.assertIn((f"{LA}{LA_MINUTES}", "pref-qualite@loire-atlantique.gouv.fr"), found)
        self.assertEqual(sorted((where, address) for where, address in found if address not in allowed), [])
