"""Meurthe-et-Moselle: the CLUAC's presentation and composition (seed 000).

The presentation lists functions and organisations, never persons: no seat has a
recorded holder. It asks one meeting a year, « de préférence 2 fois en période
préparatoire à la labellisation »: the minimum stays 1, the preference is in the
meeting rules, since a preference is not an obligation.
"""

from cluac_pages.models import CommitteePage, Organisation

from . import helpers as h
from .site_pages import Prefecture

PREFECTURE = Prefecture(
    slug="meurthe-et-moselle",
    hostname="meurthe-et-moselle.localhost",
    name="de Meurthe-et-Moselle",
    departement="54",
    city="Nancy",
    website="https://www.meurthe-et-moselle.gouv.fr",
    contact_email="pref-qualite@meurthe-et-moselle.gouv.fr",
    service_title="Comité local des usagers et de l'amélioration continue",
)
COMMITTEE_SHORT = "comité local des usagers et de l'amélioration continue (CLUAC)"

Kind = Organisation.Kind

SEATS = [
    (h.SERVICES, "prefecture", "Le secrétaire général"),
    (h.SERVICES, "prefecture", "La directrice des sécurités"),
    (h.SERVICES, "prefecture", "La directrice de l'immigration et de l'intégration"),
    (h.SERVICES, "prefecture", "Le directeur des collectivités locales et de la citoyenneté"),
    (h.SERVICES, "prefecture", "La cheffe du pôle fraude et missions de proximité"),
    (h.SERVICES, "prefecture", "Le chef du service départemental de la communication interministérielle"),
    (h.SERVICES, "sgcd", "Le directeur du SGCD"),
    (h.SERVICES, "prefecture", "Le coordonnateur départemental France services"),
    (h.SERVICES, "prefecture", "Le référent qualité"),
    (h.LOCAL_AUTHORITIES, "maires", "Un représentant de l'association des maires"),
    (h.LOCAL_AUTHORITIES, "maires_ruraux", "Un représentant de l'association des maires ruraux"),
    (h.USERS, "familles_rurales", "Un représentant de Familles rurales 54"),
    (h.USERS, "apf", "Un représentant d'APF France Handicap 54"),
    (h.USERS, "udaf", "Un représentant de l'UDAF 54"),
    (h.USERS, "ufc", "Un représentant de l'UFC Que choisir"),
    (h.USERS, "adil", "Un représentant de l'ADIL"),
    (h.USERS, "clcv", "Un représentant de la CLCV"),
    (h.INSTITUTIONS, "ddd", "Le chef du pôle régional Grand Est du défenseur des droits"),
]

TOPICS = [
    "présentation des résultats des exigences de qualité (indicateurs qualité, enquête satisfaction et "
    "enquête mystère) ;",
    "présentation des réclamations et plans d'action ;",
    "recueil des souhaits et suggestions d'amélioration de la part des usagers ;",
    "information sur l'amélioration des services existants et des réformes impactant l'accueil du public "
    "en préfecture.",
]


def organisations():
    return {
        "prefecture": h.organisation("Préfecture de Meurthe-et-Moselle", Kind.PREFECTURE_SERVICE),
        "sgcd": h.organisation(
            "Secrétariat général commun départemental de Meurthe-et-Moselle",
            Kind.PREFECTURE_SERVICE,
            acronym="SGCD 54",
        ),
        "maires": h.organisation("Association des maires de Meurthe-et-Moselle", Kind.LOCAL_AUTHORITY),
        "maires_ruraux": h.organisation(
            "Association des maires ruraux de Meurthe-et-Moselle", Kind.LOCAL_AUTHORITY
        ),
        "familles_rurales": h.organisation("Familles rurales 54", Kind.ASSOCIATION),
        "apf": h.organisation("APF France Handicap 54", Kind.ASSOCIATION),
        "udaf": h.organisation("UDAF 54", Kind.ASSOCIATION, acronym="UDAF"),
        "ufc": h.organisation("UFC Que choisir – Meurthe-et-Moselle", Kind.ASSOCIATION, acronym="UFC"),
        "adil": h.organisation("ADIL de Meurthe-et-Moselle", Kind.ASSOCIATION, acronym="ADIL 54"),
        "clcv": h.organisation("CLCV – Meurthe-et-Moselle", Kind.ASSOCIATION, acronym="CLCV"),
        "ddd": h.organisation("Défenseur des droits – pôle régional Grand Est", Kind.INSTITUTION),
    }


def committee_page():
    return CommitteePage(
        title="Comité local des usagers et de l'amélioration continue de Meurthe-et-Moselle",
        slug="cluac",
        show_in_menus=True,
        acronym="CLUAC",
        departement="54",
        introduction=h.p(
            "Le comité local des usagers et de l'amélioration continue (CLUAC) est issu de la fusion du "
            "comité local des usagers (CLU) et du comité local pour l'amélioration continue (CLAC). Le "
            "CLUAC constitue une instance de dialogue réunissant les services de la préfecture en relation "
            "avec les usagers et des représentants d'associations d'usagers et de collectivités "
            "territoriales ; il se réunit dans le cadre de l'engagement dans une démarche qualité.",
            "Son rôle consultatif est élargi dans le cadre de la conduite de la démarche QUALI ATE.",
        ),
        # The presentation lists the topics the committee deals with; it gives no role to each side.
        topics=h.ul(*TOPICS),
        min_meetings_per_year=1,
        meeting_rules=h.p(
            "Il se réunit de préférence 2 fois en période préparatoire à la labellisation.",
            "Les représentants titulaires et suppléants sont désignés par chaque organisme membre. "
            "D'autres représentants de la préfecture peuvent siéger en fonction des sujets à l'ordre du "
            "jour.",
            "Les compte-rendus des réunions du comité :",
        )
        + h.ul(
            "sont transmis à chaque participant",
            "tracés dans la documentation permanente dans le cadre de la démarche qualité",
            "mis en ligne sur le site internet de la préfecture.",
        ),
        secretariat="le référent qualité",
        contact_email=PREFECTURE.contact_email,
        perimeter=h.p("Les services de la préfecture de Meurthe-et-Moselle en relation avec les usagers."),
    )


def build(home, colleges):
    orgs = organisations()
    # QUALI ATE, the programme the seed names, is not among the recorded quality programmes.
    committee = h.add_page(home, committee_page())
    for order, (college, org_key, title) in enumerate(SEATS):
        h.seat(committee, colleges[college], orgs[org_key], title, order)
    return committee
