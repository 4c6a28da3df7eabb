"""Loire-Atlantique: the CLUAC and its meeting of 7 September 2023 (seed 003).

The seed is the complete minutes; the composition is made of the people who
appear in them. Mandates start on the meeting date, the only date the seed
supports. Pascal OTHEGUY announced that this CLUAC was the last he would chair
and that Marc Maklouf would succeed him: his chair mandate ends on 15 September
2023, the day he signed the minutes, and Marc Maklouf's starts the next day, so
that the composition on the meeting date differs from today's.
"""

import datetime

from cluac_pages.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CommitteePage,
    MeetingDocument,
    MeetingPage,
    MeetingParticipant,
    MinutesAnnex,
    MinutesPage,
    Organisation,
    ParticipantGroup,
)

from . import helpers as h
from .site_pages import Prefecture

PREFECTURE = Prefecture(
    slug="loire-atlantique",
    hostname="127.0.0.1",
    name="de la Loire-Atlantique",
    departement="44",
    city="Nantes",
    website="https://www.loire-atlantique.gouv.fr",
    contact_email="pref-qualite@loire-atlantique.gouv.fr",
    service_title="Comité local des usagers pour l'amélioration continue",
    is_default_site=True,
)
COMMITTEE_SHORT = "comité local des usagers pour l'amélioration continue (CLUAC)"

MEETING_DAY = datetime.date(2023, 9, 7)
MINUTES_DAY = datetime.date(2023, 9, 15)
Kind = Organisation.Kind

OBJECTIVES = [
    "Permettre aux usagers de mieux comprendre le fonctionnement de l'administration territoriale "
    "de l'ÉTAT (ATE)",
    "Présenter le bilan des actions mises en œuvre pour assurer la qualité de l'accueil et du service rendu",
    "Aider les services de l'État à s'améliorer en prenant en compte les observations et les "
    "suggestions des usagers (exemple : l'année dernière, le CLU a demandé la traduction des accusés "
    "réception : c'est désormais le cas pour l'asile ou de simplifier les courriers : travail mené "
    "tout au long de l'année et inscrit dans une fiche procédure)",
    "Associer aux décisions locales les parties prenantes du périmètre de l'ATE (représentants des "
    "usagers, élus de proximité et agents) pour établir un plan d'actions centré sur l'amélioration "
    "de l'expérience des usagers et de la qualité de services.",
]

PRACTICAL_CASES = [
    "Demande de la nationalité française",
    "Changer l'adresse du siège social de votre association",
    "Obtention de renseignement pour un permis de construire",
    "Réglementation pour utiliser un drone (usager personnel)",
    "Suspension de permis de conduire",
    "Obtention de la carte professionnelle pour devenir chauffeur de taxi",
    "Demande de renseignement en droit du travail",
]


def organisations():
    return {
        "prefecture": h.organisation("Préfecture de la Loire-Atlantique", Kind.PREFECTURE_SERVICE),
        "sgcd": h.organisation(
            "Secrétariat général commun départemental de la Loire-Atlantique",
            Kind.PREFECTURE_SERVICE,
            acronym="SGCD 44",
        ),
        "sous_prefecture": h.organisation(
            "Sous-préfecture de Châteaubriant-Ancenis", Kind.PREFECTURE_SERVICE
        ),
        "sric": h.organisation(
            "Service régional de la communication interministérielle des Pays de la Loire",
            Kind.STATE_SERVICE,
            acronym="SRCI",
        ),
        "ddtm": h.organisation(
            "Direction départementale des territoires et de la mer de la Loire-Atlantique",
            Kind.STATE_SERVICE,
            acronym="DDTM 44",
        ),
        "diaconat": h.organisation("Diaconat Nantes", Kind.ASSOCIATION),
        "afoc": h.organisation("AFOC 44", Kind.ASSOCIATION, acronym="AFOC 44"),
    }


def people(orgs):
    return {
        "otheguy": h.person(
            "OTHEGUY",
            "Pascal",
            "m",
            "secrétaire général de la préfecture",
            orgs["prefecture"],
            official=True,
            phone="02 61 91 00 01",
        ),
        "maklouf": h.person(
            "Maklouf",
            "Marc",
            "m",
            "sous-préfet de Châteaubriant-Ancenis, sous-préfet en charge des services publics",
            orgs["sous_prefecture"],
            official=True,
        ),
        "batard": h.person(
            "Batard",
            "Mathieu",
            "m",
            "directeur départemental des territoires et de la mer",
            orgs["ddtm"],
            official=True,
        ),
        "madelin": h.person(
            "Madelin",
            "Aurélie",
            "mme",
            "chargée de mission modernisation et performance, référente qualité",
            orgs["sgcd"],
            official=True,
            phone="02 61 91 00 02",
        ),
        "dufour": h.person(
            "Dufour",
            "Patricia",
            "mme",
            "cheffe de service relation usagers",
            orgs["prefecture"],
            official=True,
        ),
        "frouin": h.person(
            "Frouin",
            "Guillaume",
            "m",
            "adjoint à la directrice des migrations et de l'immigration",
            orgs["prefecture"],
            official=True,
        ),
        "le_guennic": h.person(
            "Le Guennic",
            "Maureen",
            "mme",
            "cheffe du bureau du séjour",
            orgs["prefecture"],
            official=True,
        ),
        "legros": h.person(
            "Legros",
            "Anne-Sophie",
            "mme",
            "adjointe à la cheffe du service régional de la communication interministérielle",
            orgs["sric"],
            official=True,
        ),
        # Association representatives: one agreed to be named, the other did not, so
        # the public pages show « Représentant(e) de AFOC 44 » for her.
        "gaune": h.person(
            "Gaune",
            "Lucie",
            "mme",
            organisation=orgs["diaconat"],
            consent_on=MEETING_DAY,
            phone="06 39 98 00 01",
        ),
        "proslie": h.person(
            "Proslie",
            "Fabienne",
            "mme",
            organisation=orgs["afoc"],
            phone="06 39 98 00 02",
        ),
    }


def documents():
    slides = h.make_document(
        "Annexe 2 – présentation du diaporama du CLUAC du 7 septembre 2023",
        "cluac-44-2023-09-07-annexe-2-diaporama.pdf",
        [
            "Comité local des usagers pour l'amélioration continue (CLUAC) de la Loire-Atlantique, "
            "réunion du 7 septembre 2023 à la direction départementale des territoires et de la mer.",
            "Document de démonstration : il reprend le plan du diaporama tel que le cite le "
            "compte-rendu ; les diapositives elles-mêmes ne sont pas reproduites.",
            "p. 03 – Les deux démarches qualité : Qual-e-Pref et Services Publics +.",
            "p. 04 – Ordre du jour.",
            "p. 04 à 08 – Les missions de la direction départementale des territoires et de la mer.",
            "p. 09 à 32 – Nos résultats – A votre écoute pour progresser : indicateurs Services Publics + "
            "et Qual-e-Pref, bilan annuel 2022 Qual-e-Pref (22 indicateurs : 14 au-dessus de la cible, "
            "4 à la limite et 2 en dessous), les 5 enquêtes de satisfaction, le plan d'actions et les "
            "perspectives.",
            "p. 33 à 42 – La communication des services de l'État : site Internet, relations presse et "
            "réseaux sociaux.",
        ],
    )
    cases = h.make_document(
        "Annexe 3 – conclusions des cas pratiques",
        "cluac-44-2023-09-07-annexe-3-cas-pratiques.pdf",
        [
            "Comité local des usagers pour l'amélioration continue (CLUAC) de la Loire-Atlantique, "
            "réunion du 7 septembre 2023 : conclusions des groupes de travail sur 7 cas pratiques de "
            "démarches administratives.",
            *(f"Cas n° {number} – {title}." for number, title in enumerate(PRACTICAL_CASES, start=1)),
            "Document de démonstration : les conclusions rédigées par les groupes ne figurent pas dans "
            "le compte-rendu public qui a servi à construire cette démonstration ; elles ne sont donc pas "
            "reproduites ici.",
        ],
    )
    return slides, cases


def committee_page():
    return CommitteePage(
        title="Comité local des usagers pour l'amélioration continue de la Loire-Atlantique",
        slug="cluac",
        show_in_menus=True,
        acronym="CLUAC",
        departement="44",
        introduction=h.p(
            "Le comité local des usagers pour l'amélioration continue (CLUAC) réunit les services de "
            "l'État et les représentants des usagers dans le cadre des démarches qualité Qual-e-Pref "
            "et Services Publics +.",
            "Depuis 2023, il est élargi à l'ensemble de l'administration territoriale de l'État (ATE) "
            "placée sous l'égide du préfet : préfecture et directions départementales "
            "interministérielles (DDTM, DDETS et DDPP).",
        ),
        prefecture_role=h.ul(*OBJECTIVES[:2]),
        representatives_role=h.ul(*OBJECTIVES[2:]),
        topics=h.ul(
            "les indicateurs des démarches Services Publics + et Qual-e-Pref ;",
            "le bilan annuel Qual-e-Pref : résultats des indicateurs, enquêtes de satisfaction, plan "
            "d'actions et perspectives ;",
            "la communication des services de l'État ;",
            "les démarches administratives des usagers, travaillées en cas pratiques.",
        ),
        min_meetings_per_year=1,
        meeting_rules=h.p(
            "Il a été présidé jusqu'en septembre 2023 par le secrétaire général de la préfecture ; cette "
            "mission est confiée depuis au sous-préfet en charge des services publics.",
        ),
        secretariat="la référente qualité du secrétariat général commun départemental",
        contact_email=PREFECTURE.contact_email,
        perimeter=h.p(
            "La préfecture de la Loire-Atlantique et les directions départementales interministérielles "
            "placées sous l'autorité du préfet : DDTM, DDETS et DDPP."
        ),
    )


def build_seats(committee, colleges, orgs, who):
    start = MEETING_DAY
    services = colleges[h.SERVICES]
    seats = {
        "chair": h.seat(
            committee,
            services,
            orgs["prefecture"],
            "Le président du comité",
            1,
            [
                h.titular(who["otheguy"], start, MINUTES_DAY),
                h.titular(who["maklouf"], MINUTES_DAY + datetime.timedelta(days=1)),
            ],
        ),
        "quality": h.seat(
            committee,
            services,
            orgs["sgcd"],
            "Le référent qualité du SGCD",
            2,
            [h.titular(who["madelin"], start)],
        ),
        "users_relations": h.seat(
            committee,
            services,
            orgs["prefecture"],
            "Le chef du service relation usagers",
            3,
            [h.titular(who["dufour"], start)],
        ),
        # The seed names the director's deputy and a head of office, not the director.
        "migrations": h.seat(
            committee,
            services,
            orgs["prefecture"],
            "La directrice des migrations et de l'immigration ou son représentant",
            4,
            [h.substitute(who["frouin"], start)],
        ),
        "communication": h.seat(
            committee,
            services,
            orgs["sric"],
            "La cheffe du service régional de la communication interministérielle ou son représentant",
            5,
            [h.substitute(who["legros"], start)],
        ),
        "ddtm": h.seat(
            committee,
            colleges[h.STATE_SERVICES],
            orgs["ddtm"],
            "Le directeur départemental des territoires et de la mer ou son représentant",
            1,
            [h.titular(who["batard"], start)],
        ),
        "diaconat": h.seat(
            committee,
            colleges[h.USERS],
            orgs["diaconat"],
            "Un représentant du diaconat Nantes",
            1,
            [h.titular(who["gaune"], start)],
        ),
        "afoc": h.seat(
            committee,
            colleges[h.USERS],
            orgs["afoc"],
            "Un représentant de l'AFOC 44",
            2,
            [h.titular(who["proslie"], start)],
        ),
    }
    return seats


def meeting_page(seats, who, slides, cases):
    present = AttendanceStatus.PRESENT
    represented = AttendanceStatus.REPRESENTED
    meeting = MeetingPage(
        title="CLUAC du 7 septembre 2023",
        slug="cluac-du-7-septembre-2023",
        start=h.at_paris(2023, 9, 7, 10, 0),
        end_time=datetime.time(12, 30),
        # The CLUAC was hosted by the DDTM for the first time and ended with a visit of its reception.
        place="Direction départementale des territoires et de la mer (DDTM), Nantes",
        chair=who["otheguy"],
        chair_function="le secrétaire général de la préfecture",
        introduction=(
            "Comité local des usagers pour l'amélioration continue, élargi à l'ensemble de "
            "l'administration territoriale de l'État : résultats qualité, échanges avec les membres, "
            "communication des services de l'État et cas pratiques de démarches administratives."
        ),
    )
    # The slides serve the whole meeting (a session document); an agenda item links a document of
    # its own only: the practical cases, whose conclusions make annex 3.
    meeting.agenda_items = [
        AgendaItem(title=title, presenter=presenter, document=document, sort_order=order)
        for order, (title, presenter, document) in enumerate(
            [
                (
                    "Ouverture de la séance, tour de table et présentation des démarches qualité "
                    "Qual-e-Pref et Services Publics +",
                    "Pascal OTHEGUY, secrétaire général de la préfecture",
                    None,
                ),
                (
                    "Les missions de la direction départementale des territoires et de la mer",
                    "Mathieu Batard, directeur départemental des territoires et de la mer",
                    None,
                ),
                (
                    "Nos résultats – A votre écoute pour progresser",
                    "Aurélie Madelin, référente qualité au SGCD",
                    None,
                ),
                ("Échanges avec les membres du CLUAC", "", None),
                (
                    "La communication des services de l'État",
                    "Anne-Sophie Legros, adjointe à la cheffe du service régional de la communication "
                    "interministérielle",
                    None,
                ),
                ("Nos démarches administratives : travail en groupes sur 7 cas pratiques", "", cases),
                ("Visite de l'accueil de la DDTM", "", None),
            ]
        )
    ]
    meeting.documents = [MeetingDocument(document=slides, title="Présentation du diaporama")]
    attendances = [
        Attendance(seat=seats["chair"], status=present, person=who["otheguy"], sort_order=0),
        Attendance(seat=seats["quality"], status=present, person=who["madelin"], sort_order=1),
        Attendance(seat=seats["users_relations"], status=present, person=who["dufour"], sort_order=2),
        Attendance(seat=seats["migrations"], status=represented, person=who["frouin"], sort_order=3),
        Attendance(seat=seats["communication"], status=represented, person=who["legros"], sort_order=4),
        Attendance(seat=seats["ddtm"], status=present, person=who["batard"], sort_order=5),
        Attendance(seat=seats["diaconat"], status=present, person=who["gaune"], sort_order=6),
        Attendance(seat=seats["afoc"], status=present, person=who["proslie"], sort_order=7),
    ]
    # Who attended without a seat: one row each on the meeting page, nothing created beforehand.
    meeting.participants = [
        MeetingParticipant(
            civility="m",
            name="Marc Maklouf",
            function="sous-préfet de Châteaubriant-Ancenis, sous-préfet en charge des services publics",
            group=ParticipantGroup.ADMINISTRATION,
            note="successeur désigné à la présidence du CLUAC",
            sort_order=0,
        ),
        # She answers a member in the minutes' exchanges, where speakers are recorded persons.
        MeetingParticipant(person=who["le_guennic"], group=ParticipantGroup.ADMINISTRATION, sort_order=1),
    ]
    return meeting, attendances


def answer(speaker, html):
    return {"speaker": speaker.pk, "statement": html}


def minutes_body(who, cases_document):
    return [
        h.section(
            "Préambule",
            h.paragraph(
                h.p(
                    "Pascal OTHEGUY, le Secrétaire général de la préfecture, ouvre la séance à 10h et "
                    "remercie les participants de leur présence à ce Comité Local des Usagers pour "
                    "l'Amélioration Continue (CLUAC).",
                    "Il rappelle les 4 objectifs de ce CLUAC :",
                )
                + h.ul(*OBJECTIVES)
                + h.p(
                    "Pascal Otheguy annonce que ce CLUAC est le dernier qu'il présidera et présente son "
                    "successeur pour cette mission Marc Maklouf, sous préfet de Châteaubriant-Ancenis "
                    "désigné récemment sous-préfet en charge des services publics en Loire-Atlantique.",
                    "Après un tour de table (Annexe 1 - liste des participants), il présente les deux "
                    "démarches qualité : Qual-e-Pref et Services Publics +. (Annexe 2 - présentation du "
                    "diaporama – p.03) et explique que ce CLUAC est désormais élargi à l'ensemble de "
                    "l'administration territoriale de l'État (ATE) placée sous l'égide du préfet : "
                    "préfecture + DDI (DDTM, DDETS et DDPP)",
                    "Il annonce l'ordre du jour (Annexe 2 : présentation du diaporama - p.04) et donne la "
                    "parole à Mathieu Batard, directeur départemental des territoires et de la mer qui "
                    "accueille ce CLUAC pour la première fois et présente les missions de sa direction "
                    "(Annexe 2 - présentation du diaporama - p.04 à 08)",
                )
            ),
        ),
        h.section(
            "Nos résultats – A votre écoute pour progresser",
            h.paragraph(
                h.p(
                    "Aurélie Madelin, chargée de mission modernisation et performance, référente Qualité "
                    "au Secrétariat général commun départemental (SGCD), présente :"
                )
                + h.ul(
                    "les indicateurs des 2 démarches Services Publics + et Qual-e-Pref en précisant que "
                    "la démarche SP + a vraiment pris de l'ampleur en 2023 et que les premiers résultats "
                    "seront réellement visibles lors du prochain CLUAC",
                    "le bilan annuel 2022 Qual-e-Pref disponible dans sa version complète sur le site "
                    '<a href="https://www.loire-atlantique.gouv.fr">www.loire-atlantique.gouv.fr</a> '
                    "(rubrique publications/ Nos démarches qualité / Qual-e-Pref / bilans annuels) :",
                )
            ),
            # The minutes give 14 + 4 + 2 = 20 of the 22 indicators; the rows keep the
            # minutes' figures and do not guess the position of the other two.
            h.block(
                "quality_results",
                {
                    "title": "Les résultats du bilan annuel 2022",
                    "programme": "Qual-e-Pref",
                    "summary": h.p(
                        "22 indicateurs : 14 au-dessus de la cible, 4 à la limite et 2 en dessous"
                    ),
                    "indicators": h.items(
                        [
                            {
                                "label": "Indicateurs au-dessus de la cible",
                                "target": "",
                                "result": "14 sur 22",
                                "position": "above",
                            },
                            {
                                "label": "Indicateurs à la limite de la cible",
                                "target": "",
                                "result": "4 sur 22",
                                "position": "at",
                            },
                            {
                                "label": "Indicateurs en dessous de la cible",
                                "target": "",
                                "result": "2 sur 22",
                                "position": "below",
                            },
                        ]
                    ),
                },
            ),
            h.block(
                "satisfaction_survey",
                {
                    "title": "Les 5 enquêtes de satisfaction",
                    "period_start": None,
                    "period_end": None,
                    "period_label": "2022",
                    "sites": "",
                    "sample_size": None,
                    "satisfaction_rate": None,
                    "summary": h.p(
                        "Les 5 enquêtes de satisfaction de l'année 2022 sont présentées dans le bilan "
                        "annuel 2022 Qual-e-Pref (Annexe 2 - présentation du diaporama - p.09 à 32)."
                    ),
                },
            ),
            h.paragraph(
                h.ul(
                    "Le plan d'actions et les perspectives (Annexe 2 - présentation du diaporama - p.09 à 32)"
                )
            ),
        ),
        h.section(
            "Échanges avec les membres du CLUAC",
            h.block(
                "exchange",
                {
                    "speaker": who["gaune"].pk,
                    "spoken_for": "",
                    "statement": h.p(
                        "s'étonne du peu de fréquentation du Point d'accueil numérique de Nantes (PAN) alors "
                        "même que celui-ci pourrait être utile pour les démarches étrangers."
                    ),
                    "answers": h.items(
                        [
                            answer(
                                who["dufour"],
                                h.p(
                                    "précise que le PAN est réservé à l'accompagnement des démarches liées "
                                    "à l'ANTS (carte grise, permis de conduire, titres d'identité). Le "
                                    "nombre de 263 usagers correspond aux nombres de personnes ayant "
                                    "répondu à l'enquête de satisfaction. Il existe un PAN spécifiquement "
                                    "dédié aux étrangers pour leur démarche naturalisation et séjour."
                                ),
                            ),
                            answer(
                                who["frouin"],
                                h.p(
                                    "explique la complexité à recruter des services civiques pour ces 2 "
                                    "PAN, la solution étant sans doute de communiquer plus sur ces "
                                    "recrutements."
                                ),
                            ),
                            answer(
                                who["le_guennic"],
                                h.p(
                                    "explique que le centre contact citoyen - DGEF - Étrangers en France a "
                                    "également vocation à répondre aux questions liées au séjour, à la "
                                    "naturalisation, aux autorisations de travail... (NDLR : soit via le "
                                    "formulaire de contact en ligne, soit au numéro 0806 001 620 /appel "
                                    "gratuit)"
                                ),
                            ),
                            answer(
                                who["otheguy"],
                                h.p(
                                    "ajoute que les agents titulaires sont affectés en priorité sur le "
                                    "traitement de dossiers en back office et qu'effectivement le besoin "
                                    "est criant de services civiques pour compléter la mission d'accueil."
                                ),
                            ),
                        ]
                    ),
                },
            ),
            h.block(
                "exchange",
                {
                    "speaker": who["proslie"].pk,
                    "spoken_for": "",
                    "statement": h.p("demande des précisions sur le service civique :"),
                    "answers": h.items(
                        [
                            answer(
                                who["dufour"],
                                h.p(
                                    "indique que le service civique n'est pas un stage, ni du bénévolat, "
                                    "ni même un emploi salarié, c'est un engagement volontaire pour une "
                                    "durée de 6 à 12 mois, ouvert à <b>tous les jeunes</b> de 16 à 25 ans, "
                                    "jusqu'à 30 ans en <b>situation de handicap</b>. Le service civique à "
                                    "la préfecture a pour mission d'accueillir, orienter et d'accompagner "
                                    "les usagers dans leurs démarches à l'utilisation des outils "
                                    "numériques."
                                ),
                            ),
                            answer(
                                who["otheguy"],
                                h.p(
                                    "précise que la Loire-Atlantique est un territoire dynamique, très "
                                    "attractif, avec beaucoup de jeunes et nous avons un taux de chômage "
                                    "très faible de l'ordre de 5 %. On frôle quasi le plein emploi et la "
                                    "conséquence, comme beaucoup d'autres employeurs, c'est que nous avons "
                                    "des difficultés à recruter."
                                ),
                            ),
                        ]
                    ),
                },
            ),
        ),
        h.section(
            "La communication des services de l'État",
            h.paragraph(
                h.p(
                    "Anne-Sophie Legros, adjointe à la cheffe du service régional de la communication "
                    "interministérielle, présente la stratégie de communication des services de l'État "
                    "(Annexe 2 - présentation du diaporama - p.33 à 42) et notamment les 3 canaux de "
                    "communication (site Internet, relations presse et réseaux sociaux). Elle incite les "
                    "associations à s'abonner aux réseaux sociaux des services de l'État (Facebook, "
                    "Twitter, LinkedIn) et particulièrement au compte twitter qui permet d'avoir une "
                    "information courte / rapide / fiable et en temps réel sur les services de l'État "
                    "(notamment en situation de crise)."
                )
            ),
        ),
        h.section(
            "Nos démarches administratives",
            h.block(
                "workshop",
                {
                    "title": "Cas pratiques de démarches administratives",
                    "introduction": h.p(
                        "<b>Les membres du CLUAC ont travaillé, en groupes, sur 7 cas pratiques de "
                        "démarches administratives :</b>"
                    ),
                    # The conclusions are in annex 3, which the seed does not reproduce.
                    "cases": h.items(
                        [
                            {"number": number, "title": title, "conclusions": ""}
                            for number, title in enumerate(PRACTICAL_CASES, start=1)
                        ]
                    ),
                },
            ),
            h.paragraph(
                h.p(
                    "L'ensemble des conclusions de ces groupes de travail est disponible en annexe 3 – "
                    "conclusions des cas pratiques."
                )
            ),
            h.block(
                "document",
                {"document": cases_document.pk, "title": "Annexe 3 – conclusions des cas pratiques"},
            ),
        ),
        h.paragraph(
            h.p(
                "Ce Comité local des usagers pour l'amélioration continue s'est achevé par une visite de "
                "l'accueil de la DDTM à 12h30."
            )
        ),
        h.block(
            "signature",
            {
                "formula": "Pour le préfet et par délégation,",
                "function": "Le secrétaire général",
                "name": "Pascal OTHEGUY",
            },
        ),
    ]


def build(home, colleges):
    orgs = organisations()
    who = people(orgs)
    slides, cases = documents()

    committee = committee_page()
    # Module 1 is the one every prefecture takes; the minutes name Services Publics + beside it.
    committee.quality_programmes.set(h.programmes("qualepref-1", "sp-plus"))
    h.add_page(home, committee)

    seats = build_seats(committee, colleges, orgs, who)
    meeting, attendances = meeting_page(seats, who, slides, cases)
    meeting = h.add_page(committee, meeting)
    h.record_attendance(meeting, attendances)

    minutes = MinutesPage(
        title="Compte-rendu du CLUAC du 7 septembre 2023",
        slug="compte-rendu",
        written_at="Nantes",
        written_on=MINUTES_DAY,
        followed_by=who["madelin"],
        recipients="à Mesdames, Messieurs les participants",
        subject="Comité local des usagers pour l'amélioration continue du 7 septembre 2023",
        # « PJ : Liste des participants » : annex 1 of the paper, generated from the attendance.
        participants_in_annex=True,
    )
    # Annex 1, the list of participants, is generated from the attendance.
    minutes.annexes = [
        MinutesAnnex(document=slides, title="Annexe 2 – présentation du diaporama", sort_order=0),
        MinutesAnnex(document=cases, title="Annexe 3 – conclusions des cas pratiques", sort_order=1),
    ]
    minutes.tags.add("qualité", "accueil des étrangers", "service civique", "communication")
    h.add_validated_minutes(meeting, minutes, validated_on=MINUTES_DAY, body=minutes_body(who, cases))
    return committee
