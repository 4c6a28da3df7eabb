"""A generated volume of content: many prefectures, years of meetings, validated minutes.

For benchmarks and load tests (``python manage.py generate_volume``): each prefecture gets its
own site (with its roles, made by the add-on when the site is saved), footer pages, committee,
30 seats with their holders, and years of meetings with attendance, agenda, documents and tags.
Each past meeting has minutes of some 70 blocks (exchanges, quality results tables, surveys,
workshops, actions, an image) and two annexes, drafted by the prefecture's communication
officer and approved through the validation workflow by its secretary general: revisions,
workflow and task states, log entries, as an editor leaves them.

Pages are added the way the demo adds them (``home.demo.helpers``); the search index is built
once at the end (``update_index``) rather than page by page.
"""

import datetime
import io
import random
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Site
from wagtail.search import index
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.users.models import UserProfile

from cluac_pages.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    College,
    CommitteePage,
    Mandate,
    MeetingDocument,
    MeetingPage,
    MinutesAnnex,
    MinutesPage,
    Organisation,
    Person,
    PrefectureRoles,
    Seat,
)
from cluac_pages.models.participants import MeetingParticipant, ParticipantGroup
from home.models import HomePage

from .demo import helpers as h
from .demo.site_pages import Prefecture, build_site

# The 101 departments, in the order of their codes.
DEPARTMENTS = [
    ("01", "Ain"), ("02", "Aisne"), ("03", "Allier"), ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"), ("06", "Alpes-Maritimes"), ("07", "Ardèche"), ("08", "Ardennes"),
    ("09", "Ariège"), ("10", "Aube"), ("11", "Aude"), ("12", "Aveyron"), ("13", "Bouches-du-Rhône"),
    ("14", "Calvados"), ("15", "Cantal"), ("16", "Charente"), ("17", "Charente-Maritime"),
    ("18", "Cher"), ("19", "Corrèze"), ("2A", "Corse-du-Sud"), ("2B", "Haute-Corse"),
    ("21", "Côte-d'Or"), ("22", "Côtes-d'Armor"), ("23", "Creuse"), ("24", "Dordogne"),
    ("25", "Doubs"), ("26", "Drôme"), ("27", "Eure"), ("28", "Eure-et-Loir"), ("29", "Finistère"),
    ("30", "Gard"), ("31", "Haute-Garonne"), ("32", "Gers"), ("33", "Gironde"), ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"), ("36", "Indre"), ("37", "Indre-et-Loire"), ("38", "Isère"),
    ("39", "Jura"), ("40", "Landes"), ("41", "Loir-et-Cher"), ("42", "Loire"), ("43", "Haute-Loire"),
    ("44", "Loire-Atlantique"), ("45", "Loiret"), ("46", "Lot"), ("47", "Lot-et-Garonne"),
    ("48", "Lozère"), ("49", "Maine-et-Loire"), ("50", "Manche"), ("51", "Marne"),
    ("52", "Haute-Marne"), ("53", "Mayenne"), ("54", "Meurthe-et-Moselle"), ("55", "Meuse"),
    ("56", "Morbihan"), ("57", "Moselle"), ("58", "Nièvre"), ("59", "Nord"), ("60", "Oise"),
    ("61", "Orne"), ("62", "Pas-de-Calais"), ("63", "Puy-de-Dôme"), ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"), ("66", "Pyrénées-Orientales"), ("67", "Bas-Rhin"), ("68", "Haut-Rhin"),
    ("69", "Rhône"), ("70", "Haute-Saône"), ("71", "Saône-et-Loire"), ("72", "Sarthe"),
    ("73", "Savoie"), ("74", "Haute-Savoie"), ("75", "Paris"), ("76", "Seine-Maritime"),
    ("77", "Seine-et-Marne"), ("78", "Yvelines"), ("79", "Deux-Sèvres"), ("80", "Somme"),
    ("81", "Tarn"), ("82", "Tarn-et-Garonne"), ("83", "Var"), ("84", "Vaucluse"), ("85", "Vendée"),
    ("86", "Vienne"), ("87", "Haute-Vienne"), ("88", "Vosges"), ("89", "Yonne"),
    ("90", "Territoire de Belfort"), ("91", "Essonne"), ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"), ("94", "Val-de-Marne"), ("95", "Val-d'Oise"), ("971", "Guadeloupe"),
    ("972", "Martinique"), ("973", "Guyane"), ("974", "La Réunion"), ("976", "Mayotte"),
]  # fmt: skip

FIRST_NAMES = [
    "Anne", "Bernard", "Camille", "Claire", "Damien", "Élise", "Fabrice", "Florence", "Gilles",
    "Hélène", "Isabelle", "Jacques", "Julie", "Karim", "Laurence", "Luc", "Marie", "Mathieu",
    "Nadia", "Nicolas", "Olivier", "Pascale", "Philippe", "Rachid", "Sandrine", "Sophie",
    "Thierry", "Valérie", "Vincent", "Yasmina",
]  # fmt: skip
LAST_NAMES = [
    "BERTRAND", "BONNET", "CHEVALIER", "DAVID", "DUBOIS", "DUPONT", "DURAND", "FAURE", "FONTAINE",
    "GARNIER", "GIRARD", "GUERIN", "LAMBERT", "LEFEBVRE", "LEGRAND", "MARCHAND", "MARTIN",
    "MERCIER", "MOREL", "MOULIN", "PERRIN", "PETIT", "RENAUD", "ROUSSEL", "ROUX", "SIMON",
    "VINCENT", "BENALI", "NGUYEN", "TRAORÉ",
]  # fmt: skip

Kind = Organisation.Kind
# The 30 seats of a committee: (college, organisation (kind, name pattern, acronym), seat title).
SEATS = [
    (
        h.SERVICES,
        (Kind.PREFECTURE_SERVICE, "Préfecture – {name}", ""),
        "Le secrétaire général de la préfecture",
    ),
    (
        h.SERVICES,
        (Kind.PREFECTURE_SERVICE, "Préfecture – {name}", ""),
        "La référente qualité de la préfecture",
    ),
    (
        h.SERVICES,
        (Kind.PREFECTURE_SERVICE, "Préfecture – {name}", ""),
        "Le directeur de la citoyenneté et de la légalité",
    ),
    (
        h.SERVICES,
        (Kind.PREFECTURE_SERVICE, "Préfecture – {name}", ""),
        "La cheffe du bureau de l'immigration et de l'intégration",
    ),
    (h.SERVICES, (Kind.PREFECTURE_SERVICE, "Préfecture – {name}", ""), "Le chef du bureau des titres"),
    (h.SERVICES, (Kind.PREFECTURE_SERVICE, "Préfecture – {name}", ""), "La cheffe du pôle communication"),
    (
        h.SERVICES,
        (Kind.PREFECTURE_SERVICE, "Secrétariat général commun départemental – {name}", "SGCD {code}"),
        "Le directeur du SGCD",
    ),
    (
        h.SERVICES,
        (Kind.PREFECTURE_SERVICE, "Secrétariat général commun départemental – {name}", "SGCD {code}"),
        "Le responsable de l'accueil du SGCD",
    ),
    (
        h.STATE_SERVICES,
        (Kind.STATE_SERVICE, "Direction départementale des territoires – {name}", "DDT {code}"),
        "Le directeur départemental des territoires",
    ),
    (
        h.STATE_SERVICES,
        (
            Kind.STATE_SERVICE,
            "Direction départementale de l'emploi, du travail et des solidarités – {name}",
            "DDETS {code}",
        ),
        "La directrice départementale de l'emploi, du travail et des solidarités",
    ),
    (
        h.STATE_SERVICES,
        (
            Kind.STATE_SERVICE,
            "Direction départementale de la protection des populations – {name}",
            "DDPP {code}",
        ),
        "Le directeur départemental de la protection des populations",
    ),
    (
        h.LOCAL_AUTHORITIES,
        (Kind.LOCAL_AUTHORITY, "Association des maires – {name}", "AMF {code}"),
        "Un représentant de l'association des maires",
    ),
    (
        h.LOCAL_AUTHORITIES,
        (Kind.LOCAL_AUTHORITY, "Association des maires ruraux – {name}", "AMRF {code}"),
        "Un représentant des maires ruraux",
    ),
    (
        h.LOCAL_AUTHORITIES,
        (Kind.LOCAL_AUTHORITY, "Conseil départemental – {name}", ""),
        "Un représentant du conseil départemental",
    ),
    (
        h.FRANCE_SERVICES,
        (Kind.FRANCE_SERVICES, "France Services du chef-lieu – {name}", ""),
        "Un représentant de la France Services du chef-lieu",
    ),
    (
        h.FRANCE_SERVICES,
        (Kind.FRANCE_SERVICES, "France Services itinérante – {name}", ""),
        "Un représentant de la France Services itinérante",
    ),
    (
        h.FRANCE_SERVICES,
        (Kind.FRANCE_SERVICES, "France Services de la vallée – {name}", ""),
        "Un représentant de la France Services de la vallée",
    ),
    (
        h.USERS,
        (Kind.ASSOCIATION, "UFC-Que Choisir – {name}", "UFC-Que Choisir"),
        "Un représentant de l'UFC-Que Choisir",
    ),
    (
        h.USERS,
        (Kind.ASSOCIATION, "Union départementale des associations familiales – {name}", "UDAF {code}"),
        "Un représentant de l'UDAF",
    ),
    (h.USERS, (Kind.ASSOCIATION, "Cimade – {name}", ""), "Un représentant de la Cimade"),
    (
        h.USERS,
        (Kind.ASSOCIATION, "APF France handicap – {name}", ""),
        "Un représentant d'APF France handicap",
    ),
    (h.USERS, (Kind.ASSOCIATION, "Secours catholique – {name}", ""), "Un représentant du Secours catholique"),
    (h.USERS, (Kind.ASSOCIATION, "Restos du cœur – {name}", ""), "Un représentant des Restos du cœur"),
    (h.USERS, (Kind.ASSOCIATION, "Emmaüs Connect – {name}", ""), "Un représentant d'Emmaüs Connect"),
    (
        h.USERS,
        (Kind.ASSOCIATION, "Ligue des droits de l'Homme – {name}", "LDH"),
        "Un représentant de la Ligue des droits de l'Homme",
    ),
    (
        h.USERS,
        (Kind.ASSOCIATION, "Association Force ouvrière consommateurs – {name}", "AFOC {code}"),
        "Un représentant de l'AFOC",
    ),
    (h.USERS, (Kind.ASSOCIATION, "Familles rurales – {name}", ""), "Un représentant de Familles rurales"),
    (
        h.USERS,
        (Kind.ASSOCIATION, "Point d'accès au droit – {name}", "PAD"),
        "Un représentant du point d'accès au droit",
    ),
    (
        h.INSTITUTIONS,
        (Kind.INSTITUTION, "Délégués du Défenseur des droits – {name}", ""),
        "Le délégué du Défenseur des droits",
    ),
    (
        h.INSTITUTIONS,
        (Kind.INSTITUTION, "Caisse d'allocations familiales – {name}", "CAF {code}"),
        "Un représentant de la caisse d'allocations familiales",
    ),
]
SECRETARY_GENERAL, QUALITY_OFFICER = 0, 1

TOPICS = [
    "l'accueil des étrangers",
    "les titres de séjour",
    "la naturalisation",
    "les cartes grises",
    "les permis de conduire",
    "les cartes nationales d'identité",
    "l'accueil téléphonique",
    "les rendez-vous en ligne",
    "le point d'accueil numérique",
    "l'accessibilité des locaux",
    "les démarches dématérialisées",
    "les courriers types",
    "la signalétique",
    "les délais de réponse aux courriels",
    "les associations d'aide aux usagers",
    "l'inclusion numérique",
]
STATEMENTS = [
    "s'interroge sur les délais d'obtention d'un rendez-vous pour {topic}.",
    "signale les difficultés rencontrées par les usagers les plus âgés pour {topic}.",
    "demande si un accueil sans rendez-vous peut être maintenu pour {topic}.",
    "fait part des remarques des bénévoles de l'association sur {topic}.",
    "souhaite connaître les suites données aux suggestions déposées sur {topic}.",
    "relève une amélioration sensible depuis la dernière réunion concernant {topic}.",
]
ANSWERS = [
    "précise que les créneaux sont ouverts chaque semaine et qu'un renfort de vacataires est prévu.",
    "indique que le point d'accueil numérique accompagne les usagers sans matériel informatique.",
    "rappelle que les associations peuvent saisir le référent qualité par l'adresse fonctionnelle.",
    "explique que le courrier type a été réécrit en langage clair avec l'aide des membres du comité.",
    "ajoute que les résultats de l'enquête de satisfaction seront présentés à la prochaine réunion.",
    "confirme que la signalétique du hall d'accueil sera refaite avant la fin de l'année.",
]
INDICATORS = [
    ("Délai moyen d'attente au guichet", "≤ 20 min"),
    ("Taux de décroché de l'accueil téléphonique", "≥ 85 %"),
    ("Délai de réponse aux courriels", "≤ 5 jours ouvrés"),
    ("Délai de réponse aux réclamations", "≤ 15 jours"),
    ("Taux de satisfaction des usagers", "≥ 80 %"),
    ("Délai de délivrance des titres de séjour", "≤ 60 jours"),
    ("Taux de rendez-vous honorés", "≥ 90 %"),
    ("Mise à jour du site internet", "mensuelle"),
    ("Accessibilité des locaux", "conforme"),
    ("Réponse aux suggestions", "≤ 1 mois"),
    ("Délai de traitement des naturalisations", "≤ 12 mois"),
    ("Courriers en langage clair", "100 %"),
]
CASES = [
    "Renouveler un titre de séjour en ligne",
    "Obtenir un certificat d'immatriculation",
    "Échanger un permis de conduire étranger",
    "Déposer une réclamation",
    "Prendre rendez-vous pour une carte d'identité",
    "Se faire accompagner dans une démarche en ligne",
]
TAGS = [
    "qualité",
    "accueil",
    "titres",
    "étrangers",
    "numérique",
    "accessibilité",
    "réclamations",
    "enquête",
    "communication",
    "France Services",
]
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip


def date_label(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass
class Generated:
    sites: int = 0
    meetings: int = 0
    minutes: int = 0

    def add(self, meetings, minutes):
        self.sites += 1
        self.meetings += meetings
        self.minutes += minutes


def prefectures(count):
    """The ``count`` first prefectures (past the 101 departments, numbered ones)."""
    found = []
    for number in range(count):
        code, name = DEPARTMENTS[number] if number < len(DEPARTMENTS) else (str(number + 1000), "")
        name = name or f"Département {code}"
        found.append(
            Prefecture(
                slug=f"prefecture-{code.lower()}",
                hostname=f"prefecture-{code.lower()}.localhost",
                name=f"du département {name} ({code})",
                departement=code,
                city=name,
                website=f"https://www.prefecture-{code.lower()}.example.gouv.fr",
                contact_email=f"pref-qualite@prefecture-{code.lower()}.example.gouv.fr",
            )
        )
    return found


def clear(count):
    """Remove what an earlier run left for the same prefectures (pages, sites, documents)."""
    hostnames = [prefecture.hostname for prefecture in prefectures(count)]
    slugs = [prefecture.slug for prefecture in prefectures(count)]
    collections = PrefectureRoles.objects.filter(site__hostname__in=hostnames).values("collection")
    # Their site is unset when the site goes with its root page.
    people = list(Person.objects.filter(site__hostname__in=hostnames).values_list("pk", flat=True))
    organisations = list(
        Organisation.objects.filter(site__hostname__in=hostnames).values_list("pk", flat=True)
    )
    get_document_model().objects.filter(collection__in=collections).delete()
    get_image_model().objects.filter(collection__in=collections).delete()
    root = Page.get_first_root_node()
    for home in HomePage.objects.child_of(root).filter(slug__in=slugs):
        page_ids = list(home.get_descendants(inclusive=True).values_list("pk", flat=True))
        Mandate.objects.filter(seat__committee_id__in=page_ids).delete()
        home.delete()
        PageLogEntry.objects.filter(page_id__in=page_ids).delete()
    Person.objects.filter(pk__in=people).delete()
    Organisation.objects.filter(pk__in=organisations).delete()
    Site.objects.filter(hostname__in=hostnames).delete()


@contextmanager
def search_index_deferred():
    """Saves do not update the search index one object at a time (in production each would queue
    a task); ``update_index`` builds it once, at the end."""
    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def generate(prefecture_count, years, meetings_per_year, seed=0, progress=None):
    """Build the volume; ``progress(n)`` is told of each meeting built. Returns a ``Generated``."""
    h.colleges()
    for name in TAGS:
        Tag.objects.get_or_create(name=name)
    today = timezone.localdate()
    generated = Generated()
    with search_index_deferred():
        for prefecture in prefectures(prefecture_count):
            # Its own random sequence: a prefecture's content does not depend on how many are built.
            volume = PrefectureVolume(prefecture, random.Random(f"{seed}:{prefecture.slug}"), today)
            with transaction.atomic(), disable_reference_index_auto_update():
                volume.build_site()
            generated.add(*build_content(volume, years, meetings_per_year, progress))
    call_command("update_index", verbosity=0)
    return generated


def build_content(volume, years, meetings_per_year, progress=None):
    """A prefecture's committee, composition, meetings and minutes; ``(meetings, minutes)``."""
    with transaction.atomic(), disable_reference_index_auto_update():
        counts = volume.build_content(years, meetings_per_year, progress)
    # Once per object rather than at each of its saves.
    with transaction.atomic():
        for page in Page.objects.descendant_of(volume.site.root_page, inclusive=True).specific():
            ReferenceIndex.create_or_update_for_object(page)
        for seat in volume.seats:
            ReferenceIndex.create_or_update_for_object(seat)
    return counts


class PrefectureVolume:
    def __init__(self, prefecture, rng, today):
        self.prefecture = prefecture
        self.rng = rng
        self.today = today
        self.checked = False

    # --- the site and its people ---------------------------------------------------------------

    def build_site(self):
        self.home, self.site = build_site(self.prefecture, "comité local des usagers (CLU)")
        self.roles = PrefectureRoles.objects.get(site=self.site)
        self.author, self.validator = self.users()

    def build_content(self, years, meetings_per_year, progress=None):
        self.colleges = {college.name: college for college in College.objects.all()}
        meetings = minutes = 0
        self.committee = h.add_page(self.home, self.committee_page())
        self.seats = self.composition()
        self.chart = self.chart_image()
        first_year = self.today.year - years
        months = [1 + (12 * index) // meetings_per_year for index in range(meetings_per_year)]
        for year in range(first_year, self.today.year):
            report = self.document(
                f"Bilan annuel {year} de la démarche qualité",
                f"bilan-qualite-{self.prefecture.slug}-{year}.pdf",
                [f"Bilan annuel {year} des engagements Qual-e-pref de la préfecture {self.prefecture.name}."]
                + [f"{label} : cible {target}." for label, target in INDICATORS],
            )
            for number, month in enumerate(months, start=1):
                day = 3 + self.rng.randrange(22)
                meeting = self.meeting(year, month, day, number)
                self.minutes(meeting, report)
                meetings, minutes = meetings + 1, minutes + 1
                if progress:
                    progress(1)
        # The next meeting, announced and without minutes yet.
        self.meeting(self.today.year + 1, 3, 14, 1, upcoming=True)
        return meetings + 1, minutes

    def users(self):
        User = get_user_model()
        code = self.prefecture.departement.lower()
        users = []
        for username, group, first_name in (
            (f"communication-{code}", self.roles.communication_group, "Service communication"),
            (f"secretaire-general-{code}", self.roles.secretary_group, "Secrétaire général"),
        ):
            user, _ = User.objects.get_or_create(username=username)
            user.email = f"{username}@prefecture-{code}.example.gouv.fr"
            user.first_name, user.last_name = first_name, self.prefecture.departement
            # Generated accounts: nobody knows a password for them.
            user.set_unusable_password()
            user.save()
            user.groups.set([group])
            # Thousands of submissions are generated: nobody is told of them by e-mail.
            UserProfile.objects.update_or_create(
                user=user,
                defaults={
                    "submitted_notifications": False,
                    "approved_notifications": False,
                    "rejected_notifications": False,
                },
            )
            users.append(user)
        return users

    def committee_page(self):
        name = self.prefecture.city
        committee = CommitteePage(
            title=f"Comité local des usagers – {name}",
            slug="clu",
            show_in_menus=True,
            acronym="CLU",
            departement=self.prefecture.departement,
            introduction=h.p(
                f"Le comité local des usagers (CLU) de la préfecture {self.prefecture.name} réunit les "
                "services de l'État, les collectivités, le réseau France Services et les représentants "
                "des usagers pour améliorer la qualité de l'accueil et du service rendu."
            ),
            min_meetings_per_year=2,
            secretariat="la référente qualité",
            contact_email=self.prefecture.contact_email,
        )
        return committee

    def composition(self):
        """30 seats, each with its titular and, for half of them, a substitute."""
        name, code = self.prefecture.city, self.prefecture.departement
        organisations = {}
        for _college, (kind, pattern, acronym), _title in SEATS:
            org_name = pattern.format(name=name)
            if org_name not in organisations:
                organisations[org_name] = Organisation(
                    name=org_name, kind=kind, acronym=acronym.format(code=code), site=self.site
                )
        Organisation.objects.bulk_create(organisations.values())
        people = []
        for order, (_college, (kind, pattern, _acronym), title) in enumerate(SEATS):
            for role in ("titular", "substitute") if order % 2 else ("titular",):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                official = kind in (Kind.PREFECTURE_SERVICE, Kind.STATE_SERVICE, Kind.LOCAL_AUTHORITY)
                consent = official or self.rng.random() < 0.6
                people.append(
                    Person(
                        civility=self.rng.choice(["m", "mme"]),
                        first_name=first,
                        last_name=last,
                        function=title.removeprefix("Le ").removeprefix("La ").removeprefix("Un "),
                        organisation=organisations[pattern.format(name=name)],
                        email=f"{first}.{last}.{order}.{role}@example.org".lower().replace(" ", ""),
                        phone=f"06 {self.rng.randrange(10, 99)} {self.rng.randrange(10, 99)} "
                        f"{self.rng.randrange(10, 99)} {self.rng.randrange(10, 99)}",
                        acts_as_official=official,
                        publication_consent=consent and not official,
                        consent_date=datetime.date(self.today.year - 3, 1, 15)
                        if consent and not official
                        else None,
                        site=self.site,
                    )
                )
        Person.objects.bulk_create(people)
        holders = iter(people)
        seats = []
        mandates = []
        start = datetime.date(self.today.year - 12, 1, 1)
        for order, (college, (_kind, pattern, _acronym), title) in enumerate(SEATS):
            seat = Seat(
                committee=self.committee,
                college=self.colleges[college],
                organisation=organisations[pattern.format(name=name)],
                title=title,
                sort_order=order,
            )
            seat.titular = next(holders)
            seat.substitute = next(holders) if order % 2 else None
            seats.append(seat)
        Seat.objects.bulk_create(seats)
        for seat in seats:
            mandates.append(
                Mandate(seat=seat, person=seat.titular, role=Mandate.Role.TITULAR, start_date=start)
            )
            if seat.substitute:
                mandates.append(
                    Mandate(
                        seat=seat,
                        person=seat.substitute,
                        role=Mandate.Role.SUBSTITUTE,
                        start_date=start,
                        sort_order=1,
                    )
                )
        Mandate.objects.bulk_create(mandates)
        return seats

    # --- documents and images ------------------------------------------------------------------

    def document(self, title, filename, paragraphs):
        Document = get_document_model()
        document = Document(title=title, collection=self.roles.collection)
        document.file.save(filename, ContentFile(h.make_pdf(title, paragraphs)), save=False)
        document._set_document_file_metadata()
        document.save()
        return document

    def chart_image(self):
        """A bar chart of the indicators, as a secretariat pastes one in its minutes."""
        from PIL import Image as PillowImage
        from PIL import ImageDraw

        picture = PillowImage.new("RGB", (1200, 600), "white")
        draw = ImageDraw.Draw(picture)
        for number in range(len(INDICATORS)):
            height = 100 + self.rng.randrange(400)
            left = 40 + number * 95
            draw.rectangle([left, 580 - height, left + 70, 580], fill=(0, 0, 145))
        draw.line([20, 580, 1180, 580], fill="black", width=3)
        data = io.BytesIO()
        picture.save(data, "PNG")
        Image = get_image_model()
        image = Image(
            title=f"Résultats des indicateurs – {self.prefecture.city}", collection=self.roles.collection
        )
        image.file = ImageFile(io.BytesIO(data.getvalue()), name=f"indicateurs-{self.prefecture.slug}.png")
        image.save()
        return image

    # --- meetings and minutes ------------------------------------------------------------------

    def meeting(self, year, month, day, number, upcoming=False):
        held_on = f"{day} {MONTHS[month - 1]} {year}"
        secretary = self.seats[SECRETARY_GENERAL].titular
        meeting = MeetingPage(
            title=f"Comité local des usagers du {held_on}",
            slug=f"clu-du-{day}-{month:02d}-{year}",
            start=h.at_paris(year, month, day, 10, 0),
            end_time=datetime.time(12, 30),
            place=self.rng.choice(
                [
                    f"Préfecture, salle du conseil, {self.prefecture.city}",
                    f"Sous-préfecture, salle de réunion, {self.prefecture.city}",
                    f"France Services du chef-lieu, {self.prefecture.city}",
                ]
            ),
            chair=secretary,
            chair_function="le secrétaire général de la préfecture",
            introduction=f"Réunion n° {number} de {year} : résultats qualité, échanges avec les membres, "
            f"{self.rng.choice(TOPICS)}.",
        )
        meeting.agenda_items = [
            AgendaItem(title=title, presenter=presenter, sort_order=order)
            for order, (title, presenter) in enumerate(
                [
                    ("Ouverture de la séance et tour de table", "le secrétaire général de la préfecture"),
                    ("Résultats des indicateurs qualité", "la référente qualité"),
                    ("Réclamations et suggestions des usagers", "la référente qualité"),
                    ("Échanges avec les membres du comité", ""),
                    (f"Point sur {self.rng.choice(TOPICS)}", "le directeur de la citoyenneté"),
                    ("Ateliers sur les démarches administratives", ""),
                    ("Questions diverses", ""),
                ]
            )
        ]
        meeting.participants = [
            MeetingParticipant(
                civility="mme",
                name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                function="cheffe du service régional de la communication interministérielle",
                group=ParticipantGroup.ADMINISTRATION,
                sort_order=0,
            )
        ]
        meeting.tags.add(*self.rng.sample(TAGS, 3))
        if upcoming:
            return h.add_page(self.committee, meeting)
        self.slides = self.document(
            f"Diaporama du comité du {held_on}",
            f"diaporama-clu-{self.prefecture.slug}-{year}-{month:02d}.pdf",
            [f"Comité local des usagers du {held_on}."]
            + [f"{label} : résultat présenté en séance." for label, _target in INDICATORS],
        )
        meeting.documents = [MeetingDocument(document=self.slides, title="Diaporama de la séance")]
        meeting = h.add_page(self.committee, meeting)
        statuses = self.rng.choices(
            [
                AttendanceStatus.PRESENT,
                AttendanceStatus.REPRESENTED,
                AttendanceStatus.EXCUSED,
                AttendanceStatus.ABSENT,
            ],
            weights=[70, 10, 15, 5],
            k=len(self.seats),
        )
        statuses[SECRETARY_GENERAL] = statuses[QUALITY_OFFICER] = AttendanceStatus.PRESENT
        attendances = []
        self.present = []
        for order, (seat, status) in enumerate(zip(self.seats, statuses, strict=True)):
            if status == AttendanceStatus.REPRESENTED and not seat.substitute:
                status = AttendanceStatus.EXCUSED
            person = {
                AttendanceStatus.PRESENT: seat.titular,
                AttendanceStatus.REPRESENTED: seat.substitute,
            }.get(status)
            if person is not None:
                self.present.append(person)
            attendances.append(Attendance(seat=seat, status=status, person=person, sort_order=order))
        h.record_attendance(meeting, attendances)
        return meeting

    def minutes(self, meeting, report):
        start = meeting.local_start
        held_on = date_label(start)
        written_on = start.date() + datetime.timedelta(days=10 + self.rng.randrange(20))
        minutes = MinutesPage(
            title=f"Compte-rendu du comité local des usagers du {held_on}",
            slug="compte-rendu",
            issuing_service="Secrétariat général\nMission qualité",
            written_at=self.prefecture.city,
            written_on=written_on,
            followed_by=self.seats[QUALITY_OFFICER].titular,
            recipients="à Mesdames, Messieurs les membres du comité",
            subject=f"Comité local des usagers du {held_on}",
            participants_in_annex=self.rng.random() < 0.5,
        )
        minutes.annexes = [
            MinutesAnnex(document=self.slides, title="Annexe 1 – diaporama de la séance", sort_order=0),
            MinutesAnnex(document=report, title=f"Annexe 2 – bilan annuel {start.year}", sort_order=1),
        ]
        minutes.tags.add(*self.rng.sample(TAGS, 4))
        h.add_validated_minutes(
            meeting,
            minutes,
            validated_on=written_on,
            author=self.author,
            validator=self.validator,
            # Every generated body has the same structure: the first of each prefecture is checked.
            check=not self.checked,
            body=self.body(start, written_on),
        )
        self.checked = True
        return minutes

    def body(self, start, written_on):
        rng = self.rng
        secretary = self.seats[SECRETARY_GENERAL].titular
        quality = self.seats[QUALITY_OFFICER].titular
        members = [person for person in self.present if person not in (secretary, quality)] or [secretary]
        officials = [secretary, quality]

        def text(*sentences):
            return h.paragraph(h.p(*sentences))

        def exchange():
            topic = rng.choice(TOPICS)
            return h.block(
                "exchange",
                {
                    "speaker": rng.choice(members).pk,
                    "spoken_for": "",
                    "statement": h.p(rng.choice(STATEMENTS).format(topic=topic)),
                    "answers": h.items(
                        [
                            {"speaker": rng.choice(officials).pk, "statement": h.p(rng.choice(ANSWERS))}
                            for _ in range(1 + rng.randrange(3))
                        ]
                    ),
                },
            )

        def results():
            rows = []
            for label, target in INDICATORS:
                position = rng.choices(["above", "at", "below"], weights=[6, 2, 2])[0]
                rows.append(
                    {
                        "label": label,
                        "target": target,
                        "result": f"{rng.randrange(55, 100)} %",
                        "position": position,
                    }
                )
            above = sum(row["position"] == "above" for row in rows)
            return h.block(
                "quality_results",
                {
                    "title": f"Résultats des indicateurs au {date_label(start)}",
                    "programme": "Qual-e-pref",
                    "summary": h.p(f"{len(rows)} indicateurs suivis, dont {above} au-dessus de la cible."),
                    "indicators": h.items(rows),
                },
            )

        topics = rng.sample(TOPICS, 6)
        sections = [
            h.section(
                "Ouverture de la séance",
                text(
                    f"{secretary.first_name} {secretary.last_name}, secrétaire général de la préfecture, "
                    "ouvre la séance à 10 heures et remercie les membres de leur présence."
                ),
                text(
                    "Un tour de table permet à chacun de se présenter ; la liste des participants est jointe."
                ),
                text(f"L'ordre du jour porte notamment sur {topics[0]} et {topics[1]}."),
                text("Le compte-rendu de la réunion précédente est adopté sans observation."),
                text("Le secrétaire général rappelle le rôle du comité dans la démarche Qual-e-pref."),
                text("Il présente les nouveaux membres désignés depuis la dernière réunion."),
                text("Il rappelle que les suggestions des usagers peuvent être déposées en ligne."),
                text("La référente qualité présente le déroulé de la séance."),
            ),
            h.section(
                "Résultats des indicateurs qualité",
                text(f"{quality.first_name} {quality.last_name}, référente qualité, présente les résultats."),
                results(),
                h.block(
                    "image",
                    {
                        "image": self.chart.pk,
                        "alternative_text": "Diagramme en barres des résultats des indicateurs qualité",
                        "caption": "Résultats des indicateurs qualité",
                    },
                ),
                h.block(
                    "satisfaction_survey",
                    {
                        "title": f"Enquête de satisfaction {start.year}",
                        "period_start": None,
                        "period_end": None,
                        "period_label": str(start.year),
                        "sites": "accueil général et accueil des étrangers",
                        "sample_size": 150 + rng.randrange(400),
                        "satisfaction_rate": str(rng.randrange(70, 98)),
                        "summary": h.p(
                            "Les usagers saluent la courtoisie des agents et regrettent l'attente."
                        ),
                    },
                ),
                h.block(
                    "mystery_shopper",
                    {
                        "title": "Enquête mystère",
                        "period_label": f"{MONTHS[(start.month + 8) % 12]} {start.year}",
                        "channels": "accueil physique, téléphone, courriels, site internet",
                        "score": f"{rng.randrange(70, 100)} % de conformité",
                        "summary": h.p("Les réponses aux courriels restent à améliorer."),
                    },
                ),
                text("Les résultats sont en progrès sur l'accueil téléphonique."),
                text(f"Un plan d'actions est engagé sur {topics[2]}."),
                exchange(),
            ),
            h.section(
                "Réclamations et suggestions des usagers",
                text(
                    f"{30 + rng.randrange(120)} réclamations et {5 + rng.randrange(40)} suggestions "
                    "ont été reçues."
                ),
                text(f"La majorité concerne {topics[3]}."),
                exchange(),
                exchange(),
                text("Chaque réclamation reçoit une réponse écrite dans un délai de quinze jours."),
                text("Les suggestions retenues sont présentées au comité à chaque réunion."),
                exchange(),
                text("Le comité prend acte de ces résultats."),
            ),
            h.section(
                "Échanges avec les membres du comité",
                *[exchange() for _ in range(8)],
            ),
            h.section(
                f"Point sur {topics[4]}",
                text(f"Le directeur de la citoyenneté présente l'organisation retenue pour {topics[4]}."),
                text("Les délais ont été réduits grâce à la dématérialisation des dossiers."),
                exchange(),
                exchange(),
                text("Un accueil sur rendez-vous est désormais proposé le jeudi après-midi."),
                text("Les associations relaient l'information auprès des usagers qu'elles accompagnent."),
                exchange(),
                text("Une fiche pratique sera diffusée aux membres du comité."),
            ),
            h.section(
                "Ateliers sur les démarches administratives",
                text("Les membres se répartissent en groupes pour tester des démarches en ligne."),
                h.block(
                    "workshop",
                    {
                        "title": "Cas pratiques",
                        "introduction": h.p("<b>Chaque groupe a suivi une démarche du début à la fin :</b>"),
                        "cases": h.items(
                            [
                                {
                                    "number": number,
                                    "title": title,
                                    "conclusions": h.p("Démarche réalisée ; les libellés sont à clarifier."),
                                }
                                for number, title in enumerate(rng.sample(CASES, 4), start=1)
                            ]
                        ),
                    },
                ),
                text("Les groupes relèvent des libellés peu clairs dans les formulaires."),
                text("Les conclusions des ateliers figurent en annexe."),
                exchange(),
                text("Les services s'engagent à revoir les formulaires concernés."),
                text("Un nouvel atelier sera organisé lors de la prochaine réunion."),
                text("Le comité remercie les agents qui ont animé les ateliers."),
            ),
            h.section(
                "Décisions",
                h.block(
                    "points_of_agreement",
                    {
                        "title": "Principaux points d'accord",
                        "points": h.items(
                            [f"Améliorer l'information des usagers sur {topic}." for topic in topics[:4]]
                        ),
                    },
                ),
                h.block(
                    "agreed_actions",
                    {
                        "title": "Actions décidées",
                        "actions": h.items(
                            [
                                {
                                    "what": f"Revoir le courrier type sur {topic}",
                                    "who": "référente qualité",
                                    "due_date": (written_on + datetime.timedelta(days=90)).isoformat(),
                                }
                                for topic in topics[:3]
                            ]
                        ),
                    },
                ),
                text("Les actions seront suivies dans le plan d'actions du comité."),
                text("Leur avancement sera présenté à la prochaine réunion."),
                text("Le comité valide le calendrier proposé."),
                exchange(),
                text("Aucune autre décision n'est prise."),
                text("Le relevé des décisions est joint au présent compte-rendu."),
            ),
            h.section(
                "Questions diverses",
                exchange(),
                exchange(),
                text(f"Une information sur {topics[5]} sera diffusée aux associations."),
                text("Le secrétaire général remercie les participants."),
                text("La séance est levée à 12 h 30."),
                h.block(
                    "document",
                    {"document": self.slides.pk, "title": "Diaporama de la séance"},
                ),
                exchange(),
                text("Les documents présentés sont joints en annexe."),
            ),
        ]
        next_month = start.month % 12 + 1
        return [
            *sections,
            h.block(
                "next_meeting",
                {
                    "planned_for": f"{MONTHS[next_month - 1]} {start.year + (start.month == 12)}",
                    "date": None,
                    "notes": h.p("La date précise sera communiquée par courriel."),
                },
            ),
            h.block(
                "signature",
                {
                    "formula": "Pour le préfet et par délégation,",
                    "function": "Le secrétaire général",
                    "name": f"{secretary.first_name} {secretary.last_name}",
                },
            ),
        ]
