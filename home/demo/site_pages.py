"""One Wagtail site per prefecture: home page, footer pages, site settings."""

from dataclasses import dataclass

from wagtail.models import Page, Site

from cluac_pages.models import PrefectureSettings
from home.models import ContentPage, FooterSettings, HomePage, SitemapPage

from .helpers import add_page, p, ul

PORT = 8000


@dataclass(frozen=True)
class Prefecture:
    slug: str
    hostname: str
    name: str  # « de la Loire-Atlantique », « du Lot »…
    departement: str
    city: str
    website: str
    contact_email: str
    service_title: str = "Comité local des usagers"
    is_default_site: bool = False

    @property
    def prefecture_name(self):
        return f"Préfecture {self.name}"

    @property
    def website_domain(self):
        return self.website.split("//", 1)[-1].removeprefix("www.").rstrip("/")

    @property
    def url(self):
        return f"http://{self.hostname}:{PORT}/"


def home_introduction(prefecture, committee_short):
    return p(
        f"Ce site présente le {committee_short} de la préfecture {prefecture.name} : son rôle, sa "
        "composition, ses réunions et leurs comptes-rendus. Le comité réunit les services de l'État "
        "et les représentants des usagers pour améliorer la qualité de l'accueil et du service rendu.",
        "Site de démonstration de CLUAC pages, construit à partir de documents publics de la préfecture.",
    )


# What the accessibility tests check (tests/test_accessibility.py), and with what: the statement
# says this and nothing more (tests/test_demo.py compares them).
AXE_CORE_VERSION = "4.12"
TESTED_PAGES = [
    "la page d'accueil",
    "la page du comité",
    "la page d'une réunion",
    "un compte-rendu",
    "une fiche procédure",
    "une page de contenu (mentions légales)",
    "la présente déclaration d'accessibilité",
    "le plan du site",
    "les résultats de la recherche",
    "le formulaire de suggestion",
    "la réponse d'un membre à une convocation",
    "l'avis d'un membre sur un document",
    "la page « Page non trouvée »",
]


def accessibility_statement(prefecture):
    """The statement, on the model of the RGAA 4.1 (« déclaration d'accessibilité »)."""
    site = f"« {prefecture.service_title} » de la préfecture {prefecture.name}"
    return (
        p(
            f"La préfecture {prefecture.name} s'engage à rendre ses sites internet accessibles "
            "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.",
            f"Cette déclaration d'accessibilité s'applique au site {site}.",
        )
        + "<h2>État de conformité</h2>"
        + p(
            f"Le site {site} est <b>partiellement conforme</b> avec le référentiel général "
            "d'amélioration de l'accessibilité (RGAA), version 4.1.",
            "Aucun audit de conformité portant sur l'ensemble des critères du RGAA n'a été réalisé : "
            "seul un tel audit permettrait de déclarer le site totalement conforme.",
        )
        + "<h2>Résultats des tests</h2>"
        + p(
            "Faute d'audit complet, aucun taux de conformité au RGAA n'est annoncé. Le site est vérifié "
            "à chaque modification de son code par des tests automatisés :"
        )
        + ul(
            f"le moteur axe-core (version {AXE_CORE_VERSION}) applique ses règles des WCAG 2.2 niveaux A "
            "et AA et ses règles de bonnes pratiques à chacune des pages listées ci-dessous, sur un écran "
            "d'ordinateur (1 280 pixels de large) et de téléphone mobile (375 pixels de large) : il ne "
            "relève aucune anomalie, quelle qu'en soit la gravité ;",
            "au clavier seul : les liens d'évitement mènent au contenu et au menu, le menu principal se "
            "parcourt dans l'ordre et ouvre ses pages, le formulaire de recherche de l'en-tête fonctionne, "
            "et sur mobile les boutons « Menu » et « Rechercher » ouvrent et referment leur fenêtre en y "
            "plaçant le focus.",
        )
        + "<h2>Contenus non accessibles</h2>"
        + "<h3>Non-conformités</h3>"
        + p(
            "Les tests décrits ci-dessus ne relèvent aucune non-conformité. Ils ne couvrent qu'une partie "
            "des critères du RGAA : la pertinence des textes alternatifs des images, des titres et des "
            "intitulés de liens, la lisibilité des contenus rédigés par la préfecture ou la restitution "
            "par un lecteur d'écran n'ont pas été vérifiées par une personne."
        )
        + "<h3>Contenus non soumis à l'obligation d'accessibilité</h3>"
        + p(
            "Les documents joints aux réunions (supports de présentation, annexes) sont publiés tels que "
            "leurs auteurs les ont transmis ; ils n'ont pas été vérifiés. Chaque compte-rendu est "
            "également proposé en PDF balisé (PDF/UA)."
        )
        + "<h2>Établissement de cette déclaration</h2>"
        + p("Cette déclaration a été établie le 30 novembre 2026.")
        + "<h3>Technologies utilisées pour la réalisation du site</h3>"
        + ul("HTML5", "CSS", "JavaScript", "WAI-ARIA", "Système de design de l'État (DSFR)")
        + "<h3>Environnement de test</h3>"
        + p(
            "Les vérifications ont été faites avec le navigateur Chromium (sans interface graphique, "
            "piloté par Playwright) sous Linux. Aucun lecteur d'écran n'a été utilisé."
        )
        + "<h3>Outils pour évaluer l'accessibilité</h3>"
        + ul(f"axe-core {AXE_CORE_VERSION}", "tests automatisés de navigation au clavier")
        + "<h3>Pages du site ayant fait l'objet de la vérification de conformité</h3>"
        + ul(*TESTED_PAGES)
        + "<h2>Retour d'information et contact</h2>"
        + p(
            "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le "
            f"secrétariat du comité à l'adresse {prefecture.contact_email} pour être orienté vers une "
            "alternative accessible ou obtenir le contenu sous une autre forme.",
        )
        + "<h2>Voies de recours</h2>"
        + p(
            "Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du "
            "site internet un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un des "
            "services du site et vous n'avez pas obtenu de réponse satisfaisante. Vous pouvez alors :",
        )
        + ul(
            'écrire un message au Défenseur des droits par son <a href="https://formulaire.defenseurdesdroits.fr/">'
            "formulaire en ligne</a> ;",
            "contacter le délégué du Défenseur des droits dans votre région ;",
            "envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, "
            "Libre réponse 71120, 75342 Paris CEDEX 07.",
        )
    )


def legal_notice(prefecture):
    return (
        "<h2>Éditeur</h2>"
        + p(f"Préfecture {prefecture.name}, {prefecture.city}.")
        + "<h2>Directeur de la publication</h2>"
        + p(f"Le préfet {prefecture.name}.")
        + "<h2>Contact</h2>"
        + p(f"Secrétariat du comité local des usagers : {prefecture.contact_email}.")
        + "<h2>Hébergement</h2>"
        + p(
            "Site de démonstration, servi depuis un poste de développement : il n'est pas destiné à "
            "être publié tel quel. Les adresses électroniques et numéros de téléphone des membres "
            "enregistrés dans la démonstration sont fictifs."
        )
        + "<h2>Réutilisation des contenus</h2>"
        + p(
            "Les comptes-rendus et documents publiés sont des documents administratifs. Leur "
            "réutilisation est libre dans les conditions du code des relations entre le public et "
            "l'administration, sous réserve de ne pas en altérer le sens et d'en mentionner la source "
            "et la date ; les données personnelles qu'ils contiennent ne peuvent pas être réutilisées."
        )
    )


def personal_data(prefecture):
    return (
        p(
            "Ce site publie la composition du comité local des usagers, l'ordre du jour et les "
            "comptes-rendus de ses réunions. Cette page explique quelles données personnelles sont "
            "traitées à cette occasion et comment exercer vos droits."
        )
        + "<h2>Responsable du traitement</h2>"
        + p(f"Le préfet {prefecture.name}.")
        + "<h2>Finalités</h2>"
        + ul(
            "organiser les réunions du comité (convocations, envoi des documents, suppléances) ;",
            "informer le public de la composition du comité et du contenu de ses réunions.",
        )
        + "<h2>Base légale</h2>"
        + p(
            "Le traitement est nécessaire à l'exécution d'une mission d'intérêt public dont est "
            "investie la préfecture (article 6-1-e du règlement général sur la protection des données). "
            "La publication du nom d'un représentant d'association repose sur son accord."
        )
        + "<h2>Données traitées</h2>"
        + ul(
            "civilité, prénom, nom, fonction et organisme représenté des membres, suppléants et invités ;",
            "adresse électronique et numéro de téléphone, réservés au secrétariat du comité : ils ne sont "
            "jamais publiés ;",
            "date de l'accord donné pour la publication du nom.",
        )
        + "<h2>Ce qui est publié</h2>"
        + p(
            "Les agents publics et les élus siégeant en cette qualité sont désignés par leur nom et leur "
            "fonction. Les autres membres ne sont nommés qu'avec leur accord ; à défaut, le site indique "
            "« Représentant(e) de » suivi du nom de leur organisme. Les membres absents ou excusés "
            "sont désignés par leur fonction. Aucun compte-rendu ne publie d'appréciation portée sur une "
            "personne ni d'élément de sa situation personnelle."
        )
        + "<h2>Durée de conservation</h2>"
        + p(
            "Les coordonnées des membres sont conservées pendant la durée de leur mandat. Les "
            "comptes-rendus restent en ligne pendant la durée fixée par la préfecture puis sont archivés."
        )
        + "<h2>Vos droits</h2>"
        + p(
            "Vous disposez d'un droit d'accès, de rectification, de limitation et d'opposition aux "
            "données vous concernant. Si vous vous opposez à la publication de votre nom, celui-ci est "
            "remplacé par la mention de votre organisme. Vous pouvez aussi introduire une réclamation "
            'auprès de la <a href="https://www.cnil.fr/fr/plaintes">Commission nationale de '
            "l'informatique et des libertés (CNIL)</a>."
        )
        + "<h2>Contact</h2>"
        + p(
            f"Secrétariat du comité : {prefecture.contact_email}. Délégué à la protection des données "
            "du ministère de l'Intérieur, joignable par l'intermédiaire de la préfecture : "
            f"pref-donnees-personnelles@{prefecture.website_domain}."
        )
    )


def cookies():
    return (
        p(
            "Ce site ne dépose aucun cookie de mesure d'audience, de publicité ou de réseau social, "
            "et ne fait appel à aucun service tiers qui en déposerait."
        )
        + "<h2>Cookies strictement nécessaires</h2>"
        + p(
            "Seuls les agents qui se connectent à l'interface d'administration reçoivent deux cookies, "
            "indispensables à son fonctionnement et donc dispensés de consentement :"
        )
        + ul(
            "<b>sessionid</b> : maintient la connexion de l'agent ; il expire à la déconnexion ou au bout "
            "de deux semaines ;",
            "<b>csrftoken</b> : protège les formulaires contre les requêtes frauduleuses.",
        )
        + p("Un visiteur qui consulte le site public ne reçoit aucun cookie.")
    )


FOOTER_PAGES = [
    (
        "accessibility_page",
        "Déclaration d'accessibilité",
        "declaration-d-accessibilite",
        accessibility_statement,
    ),
    ("legal_notice_page", "Mentions légales", "mentions-legales", legal_notice),
    ("personal_data_page", "Données personnelles", "donnees-personnelles", personal_data),
    ("cookies_page", "Gestion des cookies", "gestion-des-cookies", lambda prefecture: cookies()),
]


def build_site(prefecture, committee_short):
    """The prefecture's home page, footer pages, site and settings; returns the home page."""
    root = Page.get_first_root_node()
    home = add_page(
        root,
        HomePage(
            title=f"{prefecture.prefecture_name} – {prefecture.service_title}",
            slug=prefecture.slug,
            introduction=home_introduction(prefecture, committee_short),
        ),
    )
    site, _ = Site.objects.update_or_create(
        hostname=prefecture.hostname,
        port=PORT,
        defaults={
            "site_name": prefecture.prefecture_name,
            "root_page": home,
            "is_default_site": prefecture.is_default_site,
        },
    )
    PrefectureSettings.objects.update_or_create(
        site=site,
        defaults={
            "prefecture_title": f"Préfet\n{prefecture.name}",
            "departement": prefecture.departement,
            "city": prefecture.city,
            "service_title": prefecture.service_title,
            "service_tagline": "Site de démonstration",
            "website": prefecture.website,
        },
    )
    footer = {}
    for field, title, slug, text in FOOTER_PAGES:
        footer[field] = add_page(
            home, ContentPage(title=title, slug=slug, body=text(prefecture), show_in_menus=False)
        )
    footer["sitemap_page"] = add_page(home, SitemapPage(title="Plan du site", slug="plan-du-site"))
    FooterSettings.objects.update_or_create(
        site=site,
        defaults={
            **footer,
            # Automated axe-core and keyboard checks, no full RGAA audit: « partiellement
            # conforme » is the most the RGAA allows to declare.
            "accessibility_compliance": FooterSettings.Compliance.PARTIAL,
            "description": (
                f"Site du comité local des usagers de la préfecture {prefecture.name}, "
                "instance de dialogue entre les services de l'État et les usagers."
            ),
        },
    )
    return home, site
