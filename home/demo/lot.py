"""Lot: the procedure sheet « FP – Pilotage – CLU » and the CLU's composition (seed 001).

The sheet names two persons, the quality officer who drafted it and the
secretary general who validated it; the other seats have no recorded holder.
Mandates start on 23 June 2022, the day the sheet was validated.
"""

import datetime

from cluac_pages.models import CommitteePage, Organisation, ProcedureSheetPage

from . import helpers as h
from .site_pages import Prefecture

PREFECTURE = Prefecture(
    slug="lot",
    hostname="lot.localhost",
    name="du Lot",
    departement="46",
    city="Cahors",
    website="https://www.lot.gouv.fr",
    contact_email="pref-qualite@lot.gouv.fr",
)
COMMITTEE_SHORT = "comité local des usagers (CLU)"

VALIDATED_ON = datetime.date(2022, 6, 23)
Kind = Organisation.Kind

PREFECTURE_ROLE = [
    "présentation des résultats des exigences qualité (indicateurs, résultats des enquêtes de "
    "satisfaction et des résultats des enquêtes mystères)",
    "présentation des réclamations et suggestions reçues et de leurs plans d'actions,",
    "présentation des courriers, formulaires et imprimés type à destination des usagers,",
    "information sur l'amélioration des services existants de la préfecture, le cas échéant.",
]
REPRESENTATIVES_ROLE = [
    "avis sur les engagements et les résultats présentés,",
    "souhaits, propositions et suggestions d'amélioration sur l'accueil pouvant répondre aux attentes des "
    "usagers,",
    'examen des documents et formulaires "type" propres à la préfecture.',
]
SUBSTITUTE_RULE = (
    "En cas d'empêchement d'un des membres du CLU, une suppléance peut être assurée dès lors que le "
    "secrétariat est informé de l'identité et de la fonction du suppléant au minimum 2 jours ouvrables "
    "avant la réunion du CLU."
)
SECRETARIAT_RULE = (
    "Le secrétariat de séance est assuré par le référent qualité. Le compte-rendu de chaque réunion est "
    "adressé aux participants et mis en ligne sur le site internet et intranet de la préfecture."
)
OTHER_ADMINISTRATION = (
    "Tout autre représentant de l'administration et personne qualifiée dont la présence est rendue "
    "nécessaire par l'ordre du jour."
)
OTHER_ASSOCIATION = "Toute association dont la présence est rendue nécessaire par l'ordre du jour."

# (college, organisation key, seat title as in the sheet)
SEATS = [
    (h.SERVICES, "prefecture", "Le secrétaire général de la préfecture du Lot ou son représentant"),
    (h.SERVICES, "prefecture", "Le directeur de la citoyenneté et de la légalité ou son représentant"),
    (h.SERVICES, "prefecture", "Le directeur des services du cabinet ou son représentant"),
    (h.SERVICES, "prefecture", "Le chef du service des sécurités ou son représentant"),
    (h.SERVICES, "sgcd", "Le directeur du SGCD ou son représentant"),
    (
        h.SERVICES,
        "prefecture",
        "Le chef du service des systèmes d'information et de communication ou son représentant",
    ),
    (
        h.SERVICES,
        "prefecture",
        "La cheffe du pôle de la communication interministérielle ou son représentant",
    ),
    (h.SERVICES, "prefecture", "La cheffe du bureau mission de proximité et titres et référente qualité"),
    (h.LOCAL_AUTHORITIES, "amf", "Un représentant de l'Association des Maires de France"),
    (h.FRANCE_SERVICES, "fs_cahors", "Un représentant de la France Services du Grand Cahors"),
    (h.FRANCE_SERVICES, "fs_cauvaldor", "Un représentant de la France Services de Cauvaldor"),
    (h.FRANCE_SERVICES, "fs_cajarc", "Un représentant de la France Services de Cajarc"),
    (h.USERS, "ddd", "Le délégué du défenseur des droits"),
    (h.USERS, "ufc", "Un représentant de l'Union fédérale des consommateurs - UFC Que Choisir"),
    (h.USERS, "udaf", "Un représentant de l'Union départementale des associations familiales – UDAF"),
    (h.USERS, "cimade", "Un représentant de la Cimade 46"),
    (h.USERS, "apf", "Un représentant de l'association APF France handicap"),
]


def organisations():
    return {
        "prefecture": h.organisation("Préfecture du Lot", Kind.PREFECTURE_SERVICE),
        "sgcd": h.organisation(
            "Secrétariat général commun départemental du Lot", Kind.PREFECTURE_SERVICE, acronym="SGCD 46"
        ),
        "amf": h.organisation("Association des Maires de France – Lot", Kind.LOCAL_AUTHORITY, acronym="AMF"),
        "fs_cahors": h.organisation("France Services du Grand Cahors", Kind.FRANCE_SERVICES),
        "fs_cauvaldor": h.organisation("France Services de Cauvaldor", Kind.FRANCE_SERVICES),
        "fs_cajarc": h.organisation("France Services de Cajarc", Kind.FRANCE_SERVICES),
        "ddd": h.organisation("Délégués du Défenseur des droits dans le Lot", Kind.INSTITUTION),
        "ufc": h.organisation("UFC-Que Choisir du Lot", Kind.ASSOCIATION, acronym="UFC-Que Choisir"),
        "udaf": h.organisation(
            "Union départementale des associations familiales du Lot", Kind.ASSOCIATION, acronym="UDAF 46"
        ),
        "cimade": h.organisation("Cimade 46", Kind.ASSOCIATION),
        "apf": h.organisation("APF France handicap – Lot", Kind.ASSOCIATION),
    }


def committee_page():
    committee = CommitteePage(
        title="Comité local des usagers du Lot",
        slug="clu",
        show_in_menus=True,
        acronym="CLU",
        departement="46",
        introduction=h.p(
            "Le comité local des usagers (CLU) réunit les services de la préfecture et du secrétariat "
            "général commun départemental, les collectivités territoriales, le réseau France Services et "
            "les représentants des usagers. Son rôle, ses modalités de réunion et sa composition sont "
            "fixés par la fiche de procédure « FP – Pilotage – CLU » de la démarche Qual-e-pref."
        ),
        prefecture_role=h.ul(*PREFECTURE_ROLE),
        representatives_role=h.ul(*REPRESENTATIVES_ROLE),
        min_meetings_per_year=1,
        meeting_rules=h.p(SUBSTITUTE_RULE, SECRETARIAT_RULE)
        + h.p("Peuvent en outre être invités :")
        + h.ul(OTHER_ADMINISTRATION, OTHER_ASSOCIATION),
        secretariat="le référent qualité",
        contact_email=PREFECTURE.contact_email,
        perimeter=h.p(
            "Les services de la préfecture du Lot et le secrétariat général commun départemental (SGCD)."
        ),
    )
    # The sheet answers commitments of module 1 of Qual-e-pref.
    committee.quality_programmes.set(h.programmes("qualepref-1"))
    return committee


def procedure_sheet():
    composition = (
        h.p(
            "Représentants des services de la préfecture et du secrétariat général commun départemental "
            "(SGCD) :"
        )
        + h.ul(*(title for college, _, title in SEATS if college == h.SERVICES), OTHER_ADMINISTRATION)
        + h.p("Représentants des collectivités territoriales :")
        + h.ul(*(title for college, _, title in SEATS if college == h.LOCAL_AUTHORITIES))
        + h.p("Représentants du Réseau France Services :")
        + h.ul(*(title for college, _, title in SEATS if college == h.FRANCE_SERVICES))
        + h.p("Représentants des usagers désignés parmi les organismes suivants :")
        + h.ul(*(title for college, _, title in SEATS if college == h.USERS), OTHER_ASSOCIATION)
    )
    body = [
        h.section(
            "Rôle",
            h.paragraph(
                h.p("Rôle des services de la préfecture :")
                + h.ul(*PREFECTURE_ROLE)
                + h.p("Rôle des représentants des usagers :")
                + h.ul(*REPRESENTATIVES_ROLE)
            ),
        ),
        h.section(
            "Modalités de réunion",
            h.paragraph(h.p("Le CLU se réunit au moins une fois par an.", SUBSTITUTE_RULE, SECRETARIAT_RULE)),
        ),
        h.section("Composition", h.paragraph(composition)),
    ]
    sheet = ProcedureSheetPage(
        title="FP – Pilotage – CLU",
        slug="fp-pilotage-clu",
        reference="FP – Pilotage – CLU",
        updated_on=datetime.date(2022, 6, 22),
        object=h.p(
            "Cette fiche de procédure fixe les dispositions relatives au comité local des usagers (CLU) "
            "concernant le rôle, les modalités de réunion et la composition du comité."
        ),
        scope="Qual-e-pref – Pilotage",
        references=h.p(
            "Cette procédure répond aux engagements 3.3 et 16.3 du module 1 du référentiel Qual-e-pref et à "
            "l'engagement 5 du pilotage de la démarche qualité."
        ),
        drafted_by_name="Anaïs DE SOUSA",
        drafted_by_function="référente qualité",
        drafted_on=datetime.date(2022, 6, 13),
        validated_by_name="Nicolas REGNY",
        validated_by_function="secrétaire général",
        validated_on=VALIDATED_ON,
    )
    return sheet, body


def build(home, colleges):
    orgs = organisations()
    regny = h.person(
        "REGNY",
        "Nicolas",
        "m",
        "secrétaire général de la préfecture du Lot",
        orgs["prefecture"],
        official=True,
        phone="05 36 49 00 01",
    )
    de_sousa = h.person(
        "DE SOUSA",
        "Anaïs",
        "mme",
        "cheffe du bureau mission de proximité et titres, référente qualité",
        orgs["prefecture"],
        official=True,
    )
    holders = {0: regny, 7: de_sousa}

    committee = h.add_page(home, committee_page())
    for order, (college, org_key, title) in enumerate(SEATS):
        mandates = [h.titular(holders[order], VALIDATED_ON)] if order in holders else []
        h.seat(committee, colleges[college], orgs[org_key], title, order, mandates)

    sheet, body = procedure_sheet()
    h.add_page(committee, sheet, body=body)
    return committee
