"""Gard: the CLU's procedure sheet and composition (seed 002).

The sheet names no one and carries neither reference nor date: the demo leaves
those fields empty rather than invent them. No seat has a recorded holder.
"""

from cluac_pages.models import CommitteePage, Organisation, ProcedureSheetPage

from . import helpers as h
from .site_pages import Prefecture

PREFECTURE = Prefecture(
    slug="gard",
    hostname="gard.localhost",
    name="du Gard",
    departement="30",
    city="Nîmes",
    website="https://www.gard.gouv.fr",
    contact_email="pref-qualite@gard.gouv.fr",
)
COMMITTEE_SHORT = "comité local des usagers (CLU)"

Kind = Organisation.Kind

PREFECTURE_ROLE = [
    "des résultats des engagements de service sur l'accueil général,",
    "des résultats des enquêtes de satisfaction,",
    "des bilans sur les réclamations reçues,",
    "des courriers, formulaires et imprimés type à destination des usagers,",
    "et des modalités d'appui aux usagers dans leurs démarches.",
]
REPRESENTATIVES_ROLE = [
    "avis sur les engagements et les résultats présentés,",
    "souhaits, propositions et suggestions d'amélioration sur l'accueil pouvant répondre aux attentes des "
    "usagers,",
    'examen des documents et formulaires "type" propres à la préfecture, et des modalités d\'appui aux '
    "usagers dans leurs démarches.",
]
MEETING_RULES = (
    "En cas d'empêchement d'un des membres du CLU, une suppléance peut être assurée dès lors que le "
    "secrétariat est informé de l'identité et de la fonction du suppléant au minimum 2 jours ouvrables "
    "avant la réunion du CLU.",
    "Le secrétariat de séance est assuré par le responsable qualité. Le compte-rendu de chaque réunion "
    "est adressé aux participants.",
)
OTHER_ADMINISTRATION = (
    "Tout autre représentant de l'administration ou personne qualifiée dont la présence est rendue "
    "nécessaire par l'ordre du jour."
)
OTHER_ASSOCIATION = "Toute association dont la présence est rendue nécessaire par l'ordre du jour."

SEATS = [
    (h.SERVICES, "prefecture", "Le secrétaire général de la préfecture du Gard ou son représentant"),
    (
        h.SERVICES,
        "prefecture",
        "Le directeur de la citoyenneté, de la légalité et de la coordination (DCLC) ou son représentant",
    ),
    (
        h.SERVICES,
        "prefecture",
        "La directrice du Service des migrations et de l'intégration (SMI) ou son représentant",
    ),
    (
        h.SERVICES,
        "prefecture",
        "Le chef du service départemental de communication interministérielle ou son représentant",
    ),
    (
        h.SERVICES,
        "sgcd",
        "La directrice du secrétariat général commun départemental (SGCD) ou son représentant",
    ),
    (h.SERVICES, "sgcd", "Le chef du bureau Accueil Standard (SGCD)"),
    (h.SERVICES, "sgcd", "Le responsable qualité (SGCD)"),
    # The sheet groups the mayors' association with the Défenseur des droits as institutions.
    (h.INSTITUTIONS, "ddd", "Le délégué du défenseur des droits pour Nîmes"),
    (h.INSTITUTIONS, "amg", "L'association des maires du Gard"),
    (h.USERS, "apf", "Association des Paralysés de France « France handicap » – délégation du Gard"),
    (h.USERS, "ufc", "Union Fédérale des Consommateurs - UFC que choisir / Nîmes"),
    (
        h.USERS,
        "pimms",
        "PIMMS Nîmes, association d'aide aux démarches et membre du réseau maison France Services",
    ),
    (
        h.USERS,
        "mobilians",
        "MOBILIANS (ex-Conseil national des professionnels de l'automobile) – délégation Gard",
    ),
]


def organisations():
    return {
        "prefecture": h.organisation("Préfecture du Gard", Kind.PREFECTURE_SERVICE),
        "sgcd": h.organisation(
            "Secrétariat général commun départemental du Gard", Kind.PREFECTURE_SERVICE, acronym="SGCD 30"
        ),
        "ddd": h.organisation("Délégué du Défenseur des droits pour Nîmes", Kind.INSTITUTION),
        "amg": h.organisation("Association des maires du Gard", Kind.LOCAL_AUTHORITY),
        "apf": h.organisation("APF France handicap – délégation du Gard", Kind.ASSOCIATION),
        "ufc": h.organisation("UFC-Que Choisir Nîmes", Kind.ASSOCIATION, acronym="UFC-Que Choisir"),
        "pimms": h.organisation("PIMMS Nîmes", Kind.ASSOCIATION, acronym="PIMMS"),
        "mobilians": h.organisation("MOBILIANS – délégation Gard", Kind.OTHER, acronym="MOBILIANS"),
    }


def committee_page():
    committee = CommitteePage(
        title="Comité local des usagers du Gard",
        slug="clu",
        show_in_menus=True,
        acronym="CLU",
        departement="30",
        introduction=h.p(
            "Le comité local des usagers (CLU) réunit les services de la préfecture du périmètre "
            "Qual-e-pref, des institutions et des représentants des usagers. Son rôle, ses modalités de "
            "réunion et sa composition sont fixés par une fiche de procédure de pilotage de la démarche "
            "qualité."
        ),
        prefecture_role=h.p("Présentation :") + h.ul(*PREFECTURE_ROLE),
        representatives_role=h.ul(*REPRESENTATIVES_ROLE),
        # The sheet states no rhythm: the national rule of one meeting a year applies.
        min_meetings_per_year=1,
        meeting_rules=h.p(*MEETING_RULES)
        + h.p("Peuvent en outre être invités :")
        + h.ul(OTHER_ADMINISTRATION, OTHER_ASSOCIATION),
        secretariat="le responsable qualité (SGCD)",
        contact_email=PREFECTURE.contact_email,
        perimeter=h.p("Les services de la préfecture du Gard du périmètre Qual-e-pref."),
    )
    # « Engagements de service sur l'accueil général »: module 1 of Qual-e-pref.
    committee.quality_programmes.set(h.programmes("qualepref-1"))
    return committee


def procedure_sheet():
    def titles(college):
        return [title for seat_college, _, title in SEATS if seat_college == college]

    body = [
        h.section(
            "Rôle du CLU",
            h.paragraph(
                h.p(
                    "Rôle des services de la préfecture : présentation des résultats des engagements de "
                    "service sur l'accueil général, des résultats des enquêtes de satisfaction, des bilans "
                    "sur les réclamations reçues, des courriers, formulaires et imprimés type à destination "
                    "des usagers, et des modalités d'appui aux usagers dans leurs démarches.",
                    "Rôle des représentants des usagers : avis sur les engagements et les résultats "
                    "présentés, souhaits, propositions et suggestions d'amélioration sur l'accueil pouvant "
                    'répondre aux attentes des usagers, examen des documents et formulaires "type" propres '
                    "à la préfecture, et des modalités d'appui aux usagers dans leurs démarches.",
                )
            ),
        ),
        h.section("Modalités de réunion", h.paragraph(h.p(*MEETING_RULES))),
        h.section(
            "Composition",
            h.paragraph(
                h.p("Représentants des services de la préfecture du périmètre QUAL-e-PREF :")
                + h.ul(*titles(h.SERVICES), OTHER_ADMINISTRATION)
                + h.p("Représentants des institutions suivantes :")
                + h.ul(*titles(h.INSTITUTIONS))
                + h.p("Représentants des usagers :")
                + h.ul(*titles(h.USERS), OTHER_ASSOCIATION)
            ),
        ),
    ]
    sheet = ProcedureSheetPage(
        title="Fiche procédure – Comité local des usagers",
        slug="fiche-procedure-clu",
        object=h.p(
            "Cette procédure fixe les dispositions relatives au comité local des usagers (rôle, modalités "
            "de réunion et composition du comité)"
        ),
        scope="Pilotage de la démarche qualité",
    )
    return sheet, body


def build(home, colleges):
    orgs = organisations()
    committee = h.add_page(home, committee_page())
    for order, (college, org_key, title) in enumerate(SEATS):
        h.seat(committee, colleges[college], orgs[org_key], title, order)
    sheet, body = procedure_sheet()
    h.add_page(committee, sheet, body=body)
    return committee
