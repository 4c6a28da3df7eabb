"""Essonne: the first CLU, 16 October 2020 (seed 004).

The minutes name the members who spoke but not their organisations, nor the
secretary general who chaired. Mandates start on the meeting date, the CLU's
first. The members' e-mail addresses that the original appended to the minutes
(« cf courriels en fin du compte rendu ») are never published.
"""

import datetime

from cluac_pages.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CommitteePage,
    MeetingDocument,
    MeetingPage,
    MinutesPage,
    Organisation,
)

from . import helpers as h
from .site_pages import Prefecture

PREFECTURE = Prefecture(
    slug="essonne",
    hostname="essonne.localhost",
    name="de l'Essonne",
    departement="91",
    city="Évry-Courcouronnes",
    website="https://www.essonne.gouv.fr",
    contact_email="pref-qualite@essonne.gouv.fr",
)
COMMITTEE_SHORT = "comité local des usagers (CLU)"

MEETING_DAY = datetime.date(2020, 10, 16)
Kind = Organisation.Kind

AGENDA = [
    "Présentation de la nouvelle démarche qualité « Qual-e-pref »",
    "Présentation du rôle du Comité Local des Usagers (CLU)",
    "Point de situation sur l'état d'avancement de la démarche de labellisation Qual-e-pref",
    "Présentation de la dernière enquête de satisfaction",
    "Echanges avec les membres du CLU",
]

MODULES = [
    "Module 1 : relation générale avec les usagers ;",
    "Module 2 : délivrance de titres ;",
    "Module 3 : délivrance de titres étrangers ;",
    "Module 4 : relations avec les collectivités territoriales ;",
    "Module 5 : polices administratives liées à la sécurité ;",
    "Module 6 : coordination des politiques publiques ;",
    "Module 7 : communication d'urgence en cas d'événement majeur.",
]

POINTS_OF_AGREEMENT = [
    "Envoi des supports de présentation en amont de la réunion pour la préparation des questions des "
    "membres du comité",
    "Visite d'un ou deux services pour que les membres du CLU comprennent la relation des usagers avec "
    "les services de la préfecture",
    "Augmentation du nombre d'usagers sollicités pour l'enquête de satisfaction des usagers sur le site "
    "d'Evry",
    "Echanges des courriels des membres du CLU",
]


def organisations():
    return {
        "prefecture": h.organisation("Préfecture de l'Essonne", Kind.PREFECTURE_SERVICE),
        "etampes": h.organisation("Sous-préfecture d'Étampes", Kind.PREFECTURE_SERVICE),
        # Seat.organisation is required, and the minutes do not say whom the three
        # members represent: one honest placeholder organisation holds their seats.
        "unknown": h.organisation("Organisme non précisé (CLU de l'Essonne)", Kind.OTHER),
    }


def people(orgs):
    return {
        # He invites users to the sous-préfecture's Maison France Services: a member of its staff.
        "da_rocha": h.person(
            "DA ROCHA", civility="m", organisation=orgs["etampes"], official=True, email_hint="essonne"
        ),
        "lasgi": h.person(
            "LASGI",
            civility="m",
            consent_on=MEETING_DAY,
            phone="01 99 00 00 11",
            email_hint="essonne",
        ),
        "fournier": h.person("FOURNIER", civility="m", email_hint="essonne"),
        "thiriet": h.person(
            "THIRIET",
            civility="mme",
            consent_on=MEETING_DAY,
            email_hint="essonne",
        ),
    }


def committee_page():
    committee = CommitteePage(
        title="Comité local des usagers de l'Essonne",
        slug="clu",
        show_in_menus=True,
        acronym="CLU",
        departement="91",
        introduction=h.p(
            "Le comité local des usagers (CLU) est commun à la préfecture de l'Essonne, à la "
            "sous-préfecture d'Étampes et à la sous-préfecture de Palaiseau. Il s'est réuni pour la "
            "première fois le 16 octobre 2020.",
            "La préfecture attend du CLU des échanges vivants, constructifs, critiques et qu'il soit "
            "force de proposition.",
        ),
        topics=h.ul(
            "la démarche qualité Qual-e-pref et l'état d'avancement de la labellisation ;",
            "les résultats des enquêtes de satisfaction des usagers et des enquêtes mystères.",
        ),
        min_meetings_per_year=1,
        meeting_rules=h.p(
            "Les supports de présentation sont transmis aux membres en amont de la réunion pour la "
            "préparation de leurs questions (point d'accord de la réunion du 16 octobre 2020).",
        ),
        secretariat="la cellule performance et qualité du secrétariat général",
        contact_email=PREFECTURE.contact_email,
        perimeter=h.p(
            "La préfecture de l'Essonne et les sous-préfectures d'Étampes et de Palaiseau, engagées "
            "dans une démarche commune, mais indépendante, de labellisation Qual-e-pref."
        ),
    )
    # The préfecture considered all seven modules; the sous-préfectures chose among them.
    committee.quality_programmes.set(h.programmes(*(f"qualepref-{n}" for n in range(1, 8))))
    return committee


def build_seats(committee, colleges, orgs, who):
    start = MEETING_DAY
    users = colleges[h.USERS]
    return {
        # The minutes never name the secretary general: the seat has no recorded holder.
        "secretary_general": h.seat(
            committee,
            colleges[h.SERVICES],
            orgs["prefecture"],
            "Le secrétaire général de la préfecture, président du comité",
            1,
        ),
        "etampes": h.seat(
            committee,
            colleges[h.SERVICES],
            orgs["etampes"],
            "Un représentant de la sous-préfecture d'Étampes",
            2,
            [h.titular(who["da_rocha"], start)],
        ),
        **{
            key: h.seat(
                committee,
                users,
                orgs["unknown"],
                "Un représentant des usagers",
                order,
                [h.titular(who[key], start)],
            )
            for order, key in enumerate(["lasgi", "fournier", "thiriet"], start=1)
        },
    }


def meeting_page(seats, who, agenda_document):
    meeting = MeetingPage(
        title="Première réunion du CLU de l'Essonne",
        slug="premiere-reunion-du-clu",
        # The minutes give the date only; 10:00 is the demo's choice.
        start=h.at_paris(2020, 10, 16, 10, 0),
        place="Préfecture d'Evry (Salle Jean Moulin)",
        chair_function="le secrétaire général de la préfecture",
        introduction="Première réunion du Comité local des usagers de l'Essonne",
    )
    meeting.agenda_items = [AgendaItem(title=title, sort_order=order) for order, title in enumerate(AGENDA)]
    meeting.documents = [MeetingDocument(document=agenda_document, title="Ordre du jour")]
    holders = {"secretary_general": None, "etampes": who["da_rocha"]} | {
        key: who[key] for key in ("lasgi", "fournier", "thiriet")
    }
    attendances = [
        Attendance(seat=seats[key], status=AttendanceStatus.PRESENT, person=holder, sort_order=order)
        for order, (key, holder) in enumerate(holders.items())
    ]
    return meeting, attendances


def minutes_body(who):
    return [
        h.section(
            "Introduction",
            h.paragraph(
                h.p(
                    "Monsieur le Secrétaire général ouvre la séance en rappelant que la qualité est un sujet "
                    "central. Malgré la crise sanitaire, les acteurs de l'État doivent rester mobilisés pour "
                    "le service rendu aux usagers. La qualité doit être au coeur de la relation du service "
                    "public et de l'usager. Bien entendu, le confinement a eu un impact sur la relation avec "
                    "les usagers étrangers avec le retard induit et les RDV décalés. Néanmoins, les services "
                    "se réorganisent en conséquence pour pouvoir répondre aux attentes des usagers.",
                    "La préfecture attend du CLU des échanges vivants, constructifs, critiques et qu'il soit "
                    "force de proposition.",
                )
            ),
        ),
        h.section(
            "Présentation de la nouvelle démarche qualité « Qual-e-pref »",
            h.paragraph(
                h.p(
                    "Présentation du diaporama.",
                    "Une démarche qualité est une démarche d'amélioration continue des services rendus aux "
                    "usagers et d'accroissement de leur satisfaction.",
                    "Par usagers, il faut entendre : les particuliers, les entreprises, les associations, "
                    "les élus locaux ou représentants des collectivités territoriales et les syndicats "
                    "professionnels.",
                    "Le principe d'un label de qualité est de respecter des engagements que les préfectures "
                    "et sous-préfectures prendront vis-à-vis de leurs usagers et de faire labelliser ces "
                    "engagements.",
                    "Qual-e-pref est une démarche propre aux préfectures et sous-préfectures, avec pour "
                    "objectif d'améliorer le service rendu à l'usager, tout en participant à la "
                    "valorisation des métiers et à la reconnaissance de la qualité du travail des agents.",
                    "Les engagements sont précisés dans un référentiel qualité avec les modules suivants :",
                )
                + h.ul(*MODULES)
                + h.p(
                    "La préfecture de l'Essonne et les sous-préfectures de Palaiseau et d'Étampes se sont "
                    "engagées dans une démarche commune, mais indépendante, de labellisation sur la base du "
                    "référentiel Qual-e-pref.",
                    "Les sites disposent d'un libre choix pour retenir un ou plusieurs modules métier :",
                )
                + h.ul(
                    "une préfecture, dotée d'un CERT doit retenir les modules 1 et 2, a minima.",
                    "une sous-préfecture sans CERT et souhaitant s'engager dans la démarche a le choix entre "
                    "les modules métiers 3,4,5 et 6.",
                )
                + h.p(
                    "La préfecture de l'Essonne envisage, selon l'évolution de la crise sanitaire et "
                    "l'impact sur les services, de s'engager pour l'ensemble des modules. La sous-préfecture "
                    "d'Etampes souhaite s'engager pour les modules 1,3,5 et 6 et la sous-préfecture de "
                    "Palaiseau pour les modules 1,3 et 6.",
                    "La labellisation doit être obtenue avant la fin de l'été 2022.",
                )
            ),
        ),
        h.section(
            "Présentation du rôle du Comité local des usagers (CLU)",
            h.paragraph(
                h.p(
                    "Les missions attendues du CLU sont présentées sur le diaporama.",
                    "Le CLU est commun pour la préfecture, la sous-préfecture d'Etampes et la "
                    "sous-préfecture de Palaiseau.",
                    "Il se réunira au moins une fois par an. Il est prévu que le prochain CLU se déroule au "
                    "mois de mars 2021. Il sera présenté les résultats de la prochaine enquête satisfaction "
                    "des usagers ainsi que le résultat des enquêtes mystères.",
                )
            ),
        ),
        h.section(
            "Présentation de la planification Qual-e-pref et de la dernière enquête de satisfaction",
            h.paragraph(
                h.p(
                    "Présentation de l'état d'avancement de la démarche de labellisation Qual-e-Pref qui est "
                    "susceptible d'évoluer en fonction de la crise sanitaire.",
                    "Présentation au comité des résultats de la dernière enquête de satisfaction des usagers "
                    "des 3 sites (Evry, Etampes, Palaiseau).",
                )
            ),
            h.block(
                "satisfaction_survey",
                {
                    "title": "Dernière enquête de satisfaction – site d'Evry",
                    "period_start": None,
                    "period_end": None,
                    "period_label": "",
                    "sites": "Evry",
                    "sample_size": 141,
                    "satisfaction_rate": None,
                    "summary": h.p(
                        "Un membre du CLU s'interroge sur le nombre d'usagers sollicités sur le site d'Evry "
                        "(141 usagers) et ne trouve pas l'échantillon assez représentatif."
                    ),
                },
            ),
            h.block(
                "satisfaction_survey",
                {
                    "title": "Prochaine enquête de satisfaction",
                    "period_start": "2020-11-16",
                    "period_end": "2020-12-04",
                    "period_label": "",
                    "sites": "Evry",
                    "sample_size": 200,
                    "satisfaction_rate": None,
                    "summary": h.p(
                        "Aussi, lors de la prochaine enquête qui aura lieu du 16 novembre au 4 décembre "
                        "2020, il est convenu d'interroger au minimum 200 usagers sur le site d'Evry."
                    ),
                },
            ),
        ),
        h.section(
            "Échanges avec les membres du CLU",
            h.block(
                "exchange",
                {
                    "speaker": who["lasgi"].pk,
                    "spoken_for": "",
                    "statement": h.p(
                        "indique que la qualité doit aussi répondre à la lutte contre la fracture numérique "
                        "dont on constate les conséquences sur les usagers retraités."
                    ),
                    "answers": [],
                },
            ),
            # The minutes do not say who gave this answer: it stays an unattributed paragraph.
            h.paragraph(
                h.p(
                    "Il est indiqué, malgré la crise sanitaire, qu'il y a le maintien du point numérique de "
                    "la préfecture d'Evry et de la Maison France Services à la sous-préfecture d'Etampes."
                )
            ),
            h.block(
                "exchange",
                {
                    "speaker": who["lasgi"].pk,
                    "spoken_for": "",
                    "statement": h.p(
                        "indiquait, à titre d'information, combien il était difficile aux retraités de "
                        "parvenir à avancer dans leur dossier de la CNAV."
                    ),
                    "answers": h.items(
                        [
                            {
                                "speaker": who["da_rocha"].pk,
                                "statement": h.p(
                                    "invite, si besoin, les usagers concernés à la Maison de France "
                                    "Services de la sous-préfecture."
                                ),
                            }
                        ]
                    ),
                },
            ),
            h.block(
                "exchange",
                {
                    "speaker": who["fournier"].pk,
                    "spoken_for": "",
                    "statement": h.p(
                        "souhaite connaître les missions des services de la préfecture et pouvoir consulter "
                        "les documents de présentation avant la réunion du CLU afin de préparer le sujet."
                    ),
                    "answers": [],
                },
            ),
            h.paragraph(
                h.p(
                    "Aussi, il est convenu pour le prochain CLU que les supports soient présentés en amont "
                    "de la réunion pour la préparation des questions des membres du comité. Par ailleurs, il "
                    "est proposé également la visite d'un ou deux services pour comprendre la relation des "
                    "usagers avec les services de la préfecture."
                )
            ),
            # « (cf courriels en fin du compte rendu) » points to the members' addresses: left out.
            h.block(
                "exchange",
                {
                    "speaker": who["thiriet"].pk,
                    "spoken_for": "",
                    "statement": h.p(
                        "sollicite l'échange des adresses courriels de chaque membre du CLU, personne ne "
                        "s'y est opposé."
                    ),
                    "answers": [],
                },
            ),
        ),
        h.section(
            "Conclusions de la réunion",
            h.block(
                "points_of_agreement",
                {"title": "Les principaux points d'accord", "points": h.items(POINTS_OF_AGREEMENT)},
            ),
            # Derived from the points of agreement; the minutes name no one in charge, and
            # give a date only for the survey.
            h.block(
                "agreed_actions",
                {
                    "title": "Suites à donner",
                    "actions": h.items(
                        [
                            {
                                "what": "Envoyer les supports de présentation aux membres en amont du "
                                "prochain CLU",
                                "who": "",
                                "due_date": None,
                            },
                            {
                                "what": "Organiser la visite d'un ou deux services de la préfecture pour "
                                "les membres du CLU",
                                "who": "",
                                "due_date": None,
                            },
                            {
                                "what": "Interroger au minimum 200 usagers sur le site d'Evry lors de "
                                "l'enquête de satisfaction du 16 novembre au 4 décembre 2020",
                                "who": "",
                                "due_date": "2020-12-04",
                            },
                        ]
                    ),
                },
            ),
        ),
        h.block("next_meeting", {"planned_for": "mars 2021", "date": None, "notes": ""}),
    ]


def build(home, colleges):
    orgs = organisations()
    who = people(orgs)
    agenda_document = h.make_document(
        "Ordre du jour – première réunion du CLU de l'Essonne (16 octobre 2020)",
        "clu-91-2020-10-16-ordre-du-jour.pdf",
        [
            "Objet de la réunion : première réunion du Comité local des usagers de l'Essonne.",
            "Date : 16 octobre 2020. Lieu : préfecture d'Evry (salle Jean Moulin).",
            "Ordre du jour :",
            *(f"{number}. {title}" for number, title in enumerate(AGENDA, start=1)),
        ],
    )

    committee = h.add_page(home, committee_page())
    seats = build_seats(committee, colleges, orgs, who)
    meeting, attendances = meeting_page(seats, who, agenda_document)
    meeting = h.add_page(committee, meeting)
    h.record_attendance(meeting, attendances)
    minutes = MinutesPage(
        title="Compte-rendu de la première réunion du CLU de l'Essonne",
        slug="compte-rendu",
        subject="Première réunion du Comité local des usagers de l'Essonne",
        issuing_service="Secrétariat général\nCellule performance et qualité",
    )
    minutes.tags.add("qualité", "Qual-e-pref", "enquête de satisfaction", "fracture numérique")
    h.add_validated_minutes(meeting, minutes, body=minutes_body(who))
    return committee
