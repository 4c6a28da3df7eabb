"""Real sets of minutes re-entered as page content: the page and its PDF read as the paper did.

Three papers: the Loire-Atlantique CLUAC of 7 September 2023 (seed 003, its annex 1 rebuilt with
40 participants), the first Essonne CLU of 16 October 2020 (seed 004), and the sub-prefecture
case of the issue (Draguignan, 30 November 2015, « de 14h30 à 16h15 », « Étaient excusés » with
named and unnamed representatives; the names are invented). Each is entered the way the secretariat
does: seats and attendance from the composition, every other participant in one row of the meeting,
the body in blocks (an image, the tables), the annexes; then validated by the secretary general.
The rendered page and the text of its PDF are compared with the paper, heading by heading and
participant by participant, in order.
"""

import datetime
import io
import re
import uuid

import pytest
import wagtail_factories
from django.test import Client
from pypdf import PdfReader
from wagtail.models import Site

from cluac_pages.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Mandate,
    MeetingParticipant,
    MinutesAnnex,
    Organisation,
    ParticipantGroup,
    PrefectureSettings,
)
from cluac_pages.models.validation import minutes_workflow

from .factories import (
    PARIS,
    CollegeFactory,
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    MinutesPageFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
)
from .html import EMAIL, parse, phone_pattern, text

PRESENT, EXCUSED, ABSENT, REPRESENTED = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
    AttendanceStatus.REPRESENTED,
)
MEMBER, ADMINISTRATION, OTHER = (
    ParticipantGroup.MEMBER,
    ParticipantGroup.ADMINISTRATION,
    ParticipantGroup.OTHER,
)
PREFECTURE_KIND = Organisation.Kind.PREFECTURE_SERVICE
ANY_DOCUMENT_META = r" PDF – \d+(,\d)? (octets?|Ko|Mo)"


# --- Entering a paper -----------------------------------------------------------------------------


def uid():
    return str(uuid.uuid4())


def block(block_type, value):
    return {"type": block_type, "id": uid(), "value": value}


def items(values):
    return [{"type": "item", "id": uid(), "value": value} for value in values]


def section(heading, *content):
    return block("section", {"heading": heading, "content": list(content)})


def paragraph(*paragraphs):
    return block("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))


def exchange(speaker, statement, answers=()):
    return block(
        "exchange",
        {
            "speaker": speaker.pk,
            "spoken_for": "",
            "statement": f"<p>{statement}</p>",
            "answers": items([{"speaker": who.pk, "statement": f"<p>{said}</p>"} for who, said in answers]),
        },
    )


def quality_table(title, programme, rows):
    return block(
        "quality_results",
        {
            "title": title,
            "programme": programme,
            "summary": "",
            "indicators": items(
                [
                    {"label": label, "target": target, "result": result, "position": position}
                    for label, target, result, position in rows
                ]
            ),
        },
    )


def image(title, caption):
    picture = wagtail_factories.ImageFactory(title=title, file__width=640, file__height=360)
    return block("image", {"image": picture.pk, "alternative_text": title, "caption": caption})


def signature(formula, function, name):
    return block("signature", {"formula": formula, "function": function, "name": name})


def document(title):
    return wagtail_factories.DocumentFactory(
        title=title, file__filename=f"{uuid.uuid4().hex[:8]}.pdf", file__data=b"%PDF-1.4\n" + b"x" * 4000
    )


def set_identity(site, prefecture_title):
    identity = PrefectureSettings.for_site(site)
    identity.prefecture_title = prefecture_title
    identity.save()


def seat(
    committee, college, organisation, title, order, holder=None, role=Mandate.Role.TITULAR, substitute=None
):
    new_seat = SeatFactory(
        committee=committee, college=college, organisation=organisation, title=title, sort_order=order
    )
    if holder is not None:
        MandateFactory(seat=new_seat, person=holder, role=role, start_date=datetime.date(2015, 1, 1))
    if substitute is not None:
        MandateFactory(
            seat=new_seat,
            person=substitute,
            role=Mandate.Role.SUBSTITUTE,
            start_date=datetime.date(2015, 1, 1),
        )
    return new_seat


def attend(meeting, attendances):
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, seat=seat, status=status, person=person, sort_order=order)
        for order, (seat, status, person) in enumerate(attendances)
    )


def participants(meeting, rows):
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, sort_order=order, **values) for order, values in enumerate(rows)
    )


def validate(minutes, author, secretary, validated_on):
    """Submitted by Service communication, approved by the secretary general: published."""
    minutes.save_revision(user=author)
    state = minutes_workflow().start(minutes, user=author)
    task_state = state.current_task_state
    task_state.specific.approve(user=secretary)
    finished = datetime.datetime.combine(validated_on, datetime.time(17), tzinfo=PARIS)
    type(task_state).objects.filter(pk=task_state.pk).update(finished_at=finished)
    minutes.refresh_from_db()
    assert minutes.live


# --- Reading the page and the PDF -------------------------------------------------------------------

BLOCKS = ["h1", "h2", "h3", "h4", "p", "li", "caption", "figcaption", "th", "td"]


def page_lines(html):
    """The lines of the page's main content as a reader sees them, a line break making a new line."""
    main = parse(html).main
    for br in main.find_all("br"):
        br.replace_with("\n")
    lines = []
    for element in main.find_all(BLOCKS):
        if element.find(BLOCKS):
            continue
        raw = element.get_text(" ")
        lines += [" ".join(part.split()) for part in raw.split("\n") if part.strip()]
    return lines


def participant_lines(html):
    """The list of participants, headings and lines, in order."""
    section = parse(html).select_one("#participants")
    assert section is not None, "no list of participants"
    return [text(element) for element in section.find_all(["h2", "h3", "li"])]


def pdf_flat_text(content):
    """The PDF's text in reading order, page after page, without the footers and list markers."""
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        page_text = re.sub(r"Publié sur \S+", " ", page_text)
        page_text = re.sub(rf"\b{number} / {len(reader.pages)}\b", " ", page_text)
        # A line broken after a hyphen (« Loire-⏎Atlantique ») reads as one word.
        page_text = re.sub(r"-\s*\n\s*", "-", page_text)
        pages.append(page_text.replace("•", " "))
    return " ".join(" ".join(pages).split())


def matches(expected, line):
    if isinstance(expected, re.Pattern):
        return expected.fullmatch(line) is not None
    return expected == line


def assert_in_order(expected, lines, where):
    """Each expected line is a line of ``lines``, after the previous one."""
    position = 0
    for wanted in expected:
        found = next((i for i in range(position, len(lines)) if matches(wanted, lines[i])), None)
        assert found is not None, (
            f"{where}: « {wanted} » missing after « {lines[position - 1] if position else ''} »"
        )
        position = found + 1


def assert_in_pdf_order(expected, flat, where):
    position = 0
    for wanted in expected:
        if isinstance(wanted, re.Pattern):
            match = re.compile(wanted.pattern.replace(" ", r"\s*")).search(flat, position)
            found = match.start() if match else -1
            length = match.end() - match.start() if match else 0
        else:
            found = flat.find(wanted, position)
            length = len(wanted)
        assert found >= 0, f"{where}: « {wanted} » missing after « {flat[max(0, position - 80) : position]} »"
        position = found + length


def get_pdf(minutes, client):
    response = client.get(minutes.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def assert_no_private_data(html, people):
    for person in people:
        if person.email:
            assert person.email not in html
        if person.phone:
            assert not phone_pattern(person.phone).search(html)


# --- Loire-Atlantique, 7 September 2023 (seed 003) -----------------------------------------------


@pytest.fixture
def loire_atlantique(home_page, author, secretary):
    site = Site.objects.get(is_default_site=True)
    set_identity(site, "Préfet\nde la Loire-Atlantique")
    committee = CommitteePageFactory(
        parent=home_page,
        title="Comité local des usagers pour l'amélioration continue de la Loire-Atlantique",
        slug="cluac",
        acronym="CLUAC",
        contact_email="pref-qualite@loire-atlantique.gouv.fr",
    )
    prefecture = OrganisationFactory(name="Préfecture de la Loire-Atlantique", kind=PREFECTURE_KIND)
    sgcd = OrganisationFactory(
        name="Secrétariat général commun départemental de la Loire-Atlantique",
        acronym="SGCD 44",
        kind=PREFECTURE_KIND,
    )
    sric = OrganisationFactory(
        name="Service régional de la communication interministérielle des Pays de la Loire",
        kind=Organisation.Kind.STATE_SERVICE,
    )
    ddtm = OrganisationFactory(
        name="Direction départementale des territoires et de la mer de la Loire-Atlantique",
        acronym="DDTM 44",
        kind=Organisation.Kind.STATE_SERVICE,
    )
    diaconat, afoc = (
        OrganisationFactory(name="Diaconat Nantes"),
        OrganisationFactory(name="AFOC 44", acronym="AFOC 44"),
    )

    def official(first, last, civility, function, organisation):
        return PersonFactory(
            first_name=first,
            last_name=last,
            civility=civility,
            function=function,
            organisation=organisation,
            acts_as_official=True,
        )

    who = {
        "otheguy": official("Pascal", "OTHEGUY", "m", "secrétaire général de la préfecture", prefecture),
        "madelin": official(
            "Aurélie",
            "Madelin",
            "mme",
            "chargée de mission modernisation et performance, référente qualité",
            sgcd,
        ),
        "dufour": official("Patricia", "Dufour", "mme", "cheffe de service relation usagers", prefecture),
        "frouin": official(
            "Guillaume",
            "Frouin",
            "m",
            "adjoint à la directrice des migrations et de l'immigration",
            prefecture,
        ),
        "le_guennic": official("Maureen", "Le Guennic", "mme", "cheffe du bureau du séjour", prefecture),
        "legros": official(
            "Anne-Sophie",
            "Legros",
            "mme",
            "adjointe à la cheffe du service régional de la communication interministérielle",
            sric,
        ),
        "batard": official(
            "Mathieu", "Batard", "m", "directeur départemental des territoires et de la mer", ddtm
        ),
        "gaune": PersonFactory(
            first_name="Lucie",
            last_name="Gaune",
            function="",
            organisation=diaconat,
            publication_consent=True,
            phone="06 39 98 00 01",
        ),
        "proslie": PersonFactory(
            first_name="Fabienne", last_name="Proslie", function="", organisation=afoc, phone="06 39 98 00 02"
        ),
    }
    services = CollegeFactory(name="Services de la préfecture et du SGCD", sort_order=10)
    state = CollegeFactory(name="Directions départementales interministérielles", sort_order=20)
    users = CollegeFactory(name="Représentants des usagers", sort_order=30)
    seats = {
        "chair": seat(committee, services, prefecture, "Le président du comité", 1, who["otheguy"]),
        "quality": seat(committee, services, sgcd, "Le référent qualité du SGCD", 2, who["madelin"]),
        "relations": seat(
            committee, services, prefecture, "Le chef du service relation usagers", 3, who["dufour"]
        ),
        "migrations": seat(
            committee,
            services,
            prefecture,
            "La directrice des migrations et de l'immigration ou son représentant",
            4,
            substitute=who["frouin"],
        ),
        "communication": seat(
            committee,
            services,
            sric,
            "La cheffe du service régional de la communication interministérielle ou son représentant",
            5,
            substitute=who["legros"],
        ),
        "ddtm": seat(
            committee,
            state,
            ddtm,
            "Le directeur départemental des territoires et de la mer ou son représentant",
            1,
            who["batard"],
        ),
        "diaconat": seat(committee, users, diaconat, "Un représentant du diaconat Nantes", 1, who["gaune"]),
        "afoc": seat(committee, users, afoc, "Un représentant de l'AFOC 44", 2, who["proslie"]),
    }
    slides, cases = document("Annexe 2 – présentation du diaporama"), document("Annexe 3 – cas pratiques")
    meeting = MeetingPageFactory(
        parent=committee,
        title="CLUAC du 7 septembre 2023",
        slug="cluac-du-7-septembre-2023",
        start=datetime.datetime(2023, 9, 7, 10, 0, tzinfo=PARIS),
        end_time=datetime.time(12, 30),
        place="Direction départementale des territoires et de la mer (DDTM), Nantes",
        chair=who["otheguy"],
        chair_function="le secrétaire général de la préfecture",
    )
    AgendaItem.objects.create(meeting=meeting, title="Nos démarches administratives", document=cases)
    attend(
        meeting,
        [
            (seats["chair"], PRESENT, who["otheguy"]),
            (seats["quality"], PRESENT, who["madelin"]),
            (seats["relations"], PRESENT, who["dufour"]),
            (seats["migrations"], REPRESENTED, who["frouin"]),
            (seats["communication"], REPRESENTED, who["legros"]),
            (seats["ddtm"], PRESENT, who["batard"]),
            (seats["diaconat"], PRESENT, who["gaune"]),
            (seats["afoc"], PRESENT, who["proslie"]),
        ],
    )
    # The CLUAC now covers the whole territorial administration of the State: 32 more participants.
    agents = [
        ("directrice adjointe", "DDETS 44"),
        ("chef du service protection des consommateurs", "DDPP 44"),
        ("cheffe du service urbanisme", "DDTM 44"),
        ("responsable de l'accueil", "DDTM 44"),
        ("adjoint au chef du bureau des titres", prefecture),
        ("cheffe du bureau de l'asile", prefecture),
        ("chargée d'accueil du point d'accueil numérique", prefecture),
        ("conseiller numérique", "France Services de Châteaubriant"),
        ("référent qualité", "Sous-préfecture de Saint-Nazaire"),
        ("chargée de communication", sric),
        ("directeur", "SGCD 44"),
        ("volontaire en service civique", prefecture),
    ]
    partners = [
        ("", "UFC Que Choisir de Nantes"),
        ("", "UDAF 44"),
        ("", "CLCV 44"),
        ("", "Secours catholique"),
        ("", "Les Restos du cœur"),
        ("", "Emmaüs 44"),
        ("", "La Cimade Nantes"),
        ("m", "Association des maires de Loire-Atlantique"),
        ("mme", "CAF de Loire-Atlantique"),
        ("", "CPAM de Loire-Atlantique"),
        ("", "CCAS de Nantes"),
        ("", "ADIL 44"),
        ("", "Habitat et Humanisme Loire-Atlantique"),
    ]

    def organisation_fields(organisation):
        if isinstance(organisation, Organisation):
            return {"organisation": organisation}
        return {"organisation_name": organisation}

    rows = [
        {
            "civility": "m",
            "name": "Marc Maklouf",
            "group": ADMINISTRATION,
            "function": "sous-préfet de Châteaubriant-Ancenis, sous-préfet en charge des services publics",
            "note": "successeur désigné à la présidence du CLUAC",
        },
        {"person": who["le_guennic"], "group": ADMINISTRATION},
        *(
            {"function": function, "group": ADMINISTRATION, **organisation_fields(organisation)}
            for function, organisation in agents
        ),
        *({"civility": civility, "organisation_name": name, "group": OTHER} for civility, name in partners),
        {
            "civility": "mme",
            "name": "Hélène CORNU",
            "function": "vice-présidente chargée des solidarités",
            "organisation_name": "Conseil départemental de Loire-Atlantique",
            "group": MEMBER,
            "publication_consent": True,
        },
        {"organisation_name": "Association des paralysés de France 44", "group": MEMBER},
        {
            "civility": "m",
            "organisation_name": "Fédération des centres sociaux de Loire-Atlantique",
            "group": OTHER,
            "status": EXCUSED,
        },
        {
            "civility": "mme",
            "name": "Claire MOREAU",
            "function": "directrice",
            "organisation_name": "ADIL 44",
            "group": OTHER,
            "status": EXCUSED,
            "publication_consent": True,
            "email": "c.moreau@adil44.example",
        },
        {
            "organisation_name": "Chambre de commerce et d'industrie Nantes – Saint-Nazaire",
            "group": OTHER,
            "status": ABSENT,
        },
    ]
    participants(meeting, rows)
    assert Attendance.objects.filter(meeting=meeting).count() + meeting.participants.count() == 40

    minutes = MinutesPageFactory(
        parent=meeting,
        title="Compte-rendu du CLUAC du 7 septembre 2023",
        slug="compte-rendu",
        written_at="Nantes",
        written_on=datetime.date(2023, 9, 15),
        followed_by=who["madelin"],
        recipients="à Mesdames, Messieurs les participants",
        subject="Comité local des usagers pour l'amélioration continue du 7 septembre 2023",
        participants_in_annex=True,
        live=False,
        body=[
            section(
                "Préambule",
                paragraph(
                    "Pascal OTHEGUY, le Secrétaire général de la préfecture, ouvre la séance à 10h et "
                    "remercie "
                    "les participants de leur présence à ce Comité Local des Usagers pour l'Amélioration "
                    "Continue (CLUAC).",
                    "Après un tour de table (Annexe 1 - liste des participants), il présente les deux "
                    "démarches "
                    "qualité : Qual-e-Pref et Services Publics +.",
                ),
                image(
                    "Diapositive 3 : les deux démarches qualité",
                    "Annexe 2 – présentation du diaporama, p. 03",
                ),
            ),
            section(
                "Nos résultats – A votre écoute pour progresser",
                paragraph(
                    "Aurélie Madelin, chargée de mission modernisation et performance, référente Qualité au "
                    "Secrétariat général commun départemental (SGCD), présente :"
                ),
                quality_table(
                    "Les résultats du bilan annuel 2022",
                    "Qual-e-Pref",
                    [
                        ("Indicateurs au-dessus de la cible", "", "14 sur 22", "above"),
                        ("Indicateurs à la limite de la cible", "", "4 sur 22", "at"),
                        ("Indicateurs en dessous de la cible", "", "2 sur 22", "below"),
                    ],
                ),
            ),
            section(
                "Échanges avec les membres du CLUAC",
                exchange(
                    who["gaune"],
                    "s'étonne du peu de fréquentation du Point d'accueil numérique de Nantes (PAN).",
                    [
                        (
                            who["dufour"],
                            "précise que le PAN est réservé à l'accompagnement des démarches liées à l'ANTS.",
                        ),
                        (
                            who["le_guennic"],
                            "explique que le centre contact citoyen a également vocation à "
                            "répondre aux questions liées au séjour.",
                        ),
                    ],
                ),
                exchange(
                    who["proslie"],
                    "demande des précisions sur le service civique :",
                    [(who["dufour"], "indique que le service civique n'est pas un stage.")],
                ),
            ),
            section(
                "La communication des services de l'État",
                paragraph(
                    "Anne-Sophie Legros présente la stratégie de communication des services de l'État."
                ),
            ),
            section(
                "Nos démarches administratives",
                paragraph("Les membres du CLUAC ont travaillé, en groupes, sur 7 cas pratiques."),
            ),
            paragraph(
                "Ce Comité local des usagers pour l'amélioration continue s'est achevé par une visite de "
                "l'accueil de la DDTM à 12h30."
            ),
            signature("Pour le préfet et par délégation,", "Le secrétaire général", "Pascal OTHEGUY"),
        ],
    )
    MinutesAnnex.objects.create(
        minutes=minutes, document=slides, title="Annexe 2 – présentation du diaporama"
    )
    MinutesAnnex.objects.create(
        minutes=minutes, document=cases, title="Annexe 3 – conclusions des cas pratiques"
    )
    validate(minutes, author, secretary, datetime.date(2023, 9, 15))
    return minutes, who


LA_PARTICIPANTS = [
    "Liste des participants",
    "Membres présents",
    "Le président du comité (Préfecture de la Loire-Atlantique) : "
    "M. Pascal OTHEGUY, secrétaire général de la préfecture",
    "Le référent qualité du SGCD (Secrétariat général commun départemental de la Loire-Atlantique) : "
    "Mme Aurélie Madelin, chargée de mission modernisation et performance, référente qualité",
    "Le chef du service relation usagers (Préfecture de la Loire-Atlantique) : "
    "Mme Patricia Dufour, cheffe de service relation usagers",
    "Le directeur départemental des territoires et de la mer ou son représentant "
    "(Direction départementale des territoires et de la mer de la Loire-Atlantique) : "
    "M. Mathieu Batard, directeur départemental des territoires et de la mer",
    "Un représentant du diaconat Nantes : Mme Lucie Gaune",
    "Un représentant de l'AFOC 44",
    "Mme Hélène CORNU, vice-présidente chargée des solidarités du conseil départemental de Loire-Atlantique",
    "Représentant(e) de l'Association des paralysés de France 44",
    "Membres représentés par leur suppléant(e)",
    "La directrice des migrations et de l'immigration ou son représentant "
    "(Préfecture de la Loire-Atlantique) : "
    "représenté(e) par M. Guillaume Frouin, adjoint à la directrice des migrations et de l'immigration",
    "La cheffe du service régional de la communication interministérielle ou son représentant "
    "(Service régional de la communication interministérielle des Pays de la Loire) : représenté(e) par "
    "Mme Anne-Sophie Legros, adjointe à la cheffe du service régional de la communication interministérielle",
    "Administration",
    "M. Marc Maklouf, sous-préfet de Châteaubriant-Ancenis, sous-préfet en charge des services publics "
    "(successeur désigné à la présidence du CLUAC)",
    "Mme Maureen Le Guennic, cheffe du bureau du séjour de la préfecture de la Loire-Atlantique",
    "Directrice adjointe de la DDETS 44",
    "Chef du service protection des consommateurs de la DDPP 44",
    "Cheffe du service urbanisme de la DDTM 44",
    "Responsable de l'accueil de la DDTM 44",
    "Adjoint au chef du bureau des titres de la préfecture de la Loire-Atlantique",
    "Cheffe du bureau de l'asile de la préfecture de la Loire-Atlantique",
    "Chargée d'accueil du point d'accueil numérique de la préfecture de la Loire-Atlantique",
    "Conseiller numérique de la France Services de Châteaubriant",
    "Référent qualité de la sous-préfecture de Saint-Nazaire",
    "Chargée de communication du service régional de la communication interministérielle "
    "des Pays de la Loire",
    "Directeur du SGCD 44",
    "Volontaire en service civique de la préfecture de la Loire-Atlantique",
    "Autres participants",
    "Représentant(e) de l'UFC Que Choisir de Nantes",
    "Représentant(e) de l'UDAF 44",
    "Représentant(e) de la CLCV 44",
    "Représentant(e) du Secours catholique",
    "Représentant(e) des Restos du cœur",
    "Représentant(e) d'Emmaüs 44",
    "Représentant(e) de la Cimade Nantes",
    "Le représentant de l'Association des maires de Loire-Atlantique",
    "La représentante de la CAF de Loire-Atlantique",
    "Représentant(e) de la CPAM de Loire-Atlantique",
    "Représentant(e) du CCAS de Nantes",
    "Représentant(e) de l'ADIL 44",
    "Représentant(e) d'Habitat et Humanisme Loire-Atlantique",
    "Excusés",
    "Le représentant de la Fédération des centres sociaux de Loire-Atlantique",
    "Mme Claire MOREAU, directrice de l'ADIL 44",
    "Absents",
    "Représentant(e) de la Chambre de commerce et d'industrie Nantes – Saint-Nazaire",
]

LA_DOCUMENT = [
    "Préfet de la Loire-Atlantique",
    "Nantes, le 15 septembre 2023",
    "Affaire suivie par : chargée de mission modernisation et performance, référente qualité",
    "Contact : pref-qualite@loire-atlantique.gouv.fr",
    "à Mesdames, Messieurs les participants",
    "Objet : Comité local des usagers pour l'amélioration continue du 7 septembre 2023",
    "Réunion du jeudi 7 septembre 2023, de 10h à 12h30",
    "Lieu : Direction départementale des territoires et de la mer (DDTM), Nantes",
    "Sous la présidence de M. Pascal OTHEGUY, le secrétaire général de la préfecture",
    "Préambule",
    "Annexe 2 – présentation du diaporama, p. 03",
    "Nos résultats – A votre écoute pour progresser",
    "Les résultats du bilan annuel 2022",
    "Indicateurs qualité (Qual-e-Pref) : cible, résultat et position",
    "Indicateurs au-dessus de la cible",
    "14 sur 22",
    "Échanges avec les membres du CLUAC",
    "Mme Lucie Gaune (Diaconat Nantes)",
    "Mme Patricia Dufour, cheffe de service relation usagers (Préfecture de la Loire-Atlantique)",
    "Représentant(e) de l'AFOC 44",
    "La communication des services de l'État",
    "Nos démarches administratives",
    "Pour le préfet et par délégation,",
    "Le secrétaire général",
    "Pascal OTHEGUY",
    "Annexes",
    re.compile("Télécharger Annexe 2 – présentation du diaporama" + ANY_DOCUMENT_META),
    re.compile("Télécharger Annexe 3 – conclusions des cas pratiques" + ANY_DOCUMENT_META),
    *LA_PARTICIPANTS,
]


def test_loire_atlantique_page_reads_as_the_paper(loire_atlantique, client):
    minutes, who = loire_atlantique
    html = client.get(minutes.url).content.decode()

    assert participant_lines(html) == LA_PARTICIPANTS
    assert len([line for line in LA_PARTICIPANTS if line not in HEADINGS]) == 40
    assert_in_order(LA_DOCUMENT, page_lines(html), "page")
    # The letterhead is printed once; the image and the table are there.
    assert text(parse(html).main).count("Préfet de la Loire-Atlantique") == 1
    assert parse(html).select_one(".cluac-minutes-body figure img") is not None
    assert len(parse(html).select(".cluac-quality-results tbody tr")) == 3
    # No consent: her name is nowhere; no address or phone number either.
    assert "Proslie" not in html and "Fabienne" not in html
    assert set(EMAIL.findall(html)) == {"pref-qualite@loire-atlantique.gouv.fr"}
    assert_no_private_data(html, who.values())


def test_loire_atlantique_pdf_reads_as_the_paper(loire_atlantique):
    minutes, _who = loire_atlantique
    flat = pdf_flat_text(get_pdf(minutes, Client()))

    expected = [
        "PRÉFET DE LA LOIRE-ATLANTIQUE",
        "Liberté Égalité Fraternité",
        "Nantes, le 15 septembre 2023",
        "Affaire suivie par : chargée de mission modernisation et performance, référente qualité",
        "Compte-rendu du CLUAC du 7 septembre 2023",
        "Compte-rendu validé par le secrétaire général le 15 septembre 2023",
        *(line for line in LA_DOCUMENT[4:] if not isinstance(line, re.Pattern)),
    ]
    assert_in_pdf_order(expected, flat, "PDF")
    assert flat.count("PRÉFET DE LA LOIRE-ATLANTIQUE") == 1
    assert "Préfet de la Loire-Atlantique" not in flat
    assert "Proslie" not in flat


HEADINGS = {
    "Liste des participants",
    "Membres présents",
    "Membres représentés par leur suppléant(e)",
    "Administration",
    "Autres participants",
    "Excusés",
    "Absents",
}


# --- Essonne, 16 October 2020 (seed 004) ----------------------------------------------------------


@pytest.fixture
def essonne(home_page, author, secretary):
    site = Site.objects.get(is_default_site=True)
    set_identity(site, "Préfet\nde l'Essonne")
    committee = CommitteePageFactory(
        parent=home_page,
        title="Comité local des usagers de l'Essonne",
        slug="clu",
        contact_email="pref-qualite@essonne.gouv.fr",
    )
    etampes = OrganisationFactory(name="Sous-préfecture d'Étampes", kind=PREFECTURE_KIND)
    # The minutes name the members who spoke, by their surname only; those who agreed are named.
    lasgi = PersonFactory(
        civility="m",
        first_name="",
        last_name="LASGI",
        function="",
        organisation=None,
        publication_consent=True,
    )
    fournier = PersonFactory(
        civility="m", first_name="", last_name="FOURNIER", function="", organisation=None
    )
    thiriet = PersonFactory(
        civility="mme",
        first_name="",
        last_name="THIRIET",
        function="",
        organisation=None,
        publication_consent=True,
    )
    da_rocha = PersonFactory(
        civility="m",
        first_name="",
        last_name="DA ROCHA",
        acts_as_official=True,
        function="responsable de la Maison France Services",
        organisation=etampes,
    )
    meeting = MeetingPageFactory(
        parent=committee,
        title="Première réunion du CLU de l'Essonne",
        slug="premiere-reunion-du-clu",
        start=datetime.datetime(2020, 10, 16, 10, 0, tzinfo=PARIS),
        end_time=None,
        place="Préfecture d'Evry (Salle Jean Moulin)",
    )
    for title in (
        "Présentation de la nouvelle démarche qualité « Qual-e-pref »",
        "Présentation du rôle du Comité Local des Usagers (CLU)",
        "Point de situation sur l'état d'avancement de la démarche de labellisation Qual-e-pref",
        "Présentation de la dernière enquête de satisfaction",
        "Echanges avec les membres du CLU",
    ):
        AgendaItem.objects.create(meeting=meeting, title=title)
    participants(
        meeting,
        [
            {
                "function": "secrétaire général de la préfecture",
                "group": ADMINISTRATION,
                "chairs_meeting": True,
            },
            {"person": da_rocha, "group": ADMINISTRATION},
            {"person": lasgi, "group": MEMBER},
            {"person": fournier, "group": MEMBER, "function": "représentant des usagers"},
            {"person": thiriet, "group": MEMBER},
        ],
    )
    minutes = MinutesPageFactory(
        parent=meeting,
        title="Compte-rendu de la première réunion du CLU de l'Essonne",
        slug="compte-rendu",
        issuing_service="Secrétariat général\nCellule performance et qualité",
        subject="Première réunion du Comité local des usagers de l'Essonne",
        live=False,
        body=[
            section(
                "Introduction",
                paragraph(
                    "Monsieur le Secrétaire général ouvre la séance en rappelant que la qualité est un sujet "
                    "central."
                ),
            ),
            section(
                "Présentation de la nouvelle démarche qualité « Qual-e-pref »",
                paragraph(
                    "Une démarche qualité est une démarche d'amélioration continue des services rendus aux "
                    "usagers "
                    "et d'accroissement de leur satisfaction."
                ),
            ),
            section(
                "Présentation du rôle du Comité local des usagers (CLU)",
                paragraph(
                    "Le CLU est commun pour la préfecture, la sous-préfecture d'Etampes et la "
                    "sous-préfecture de "
                    "Palaiseau."
                ),
            ),
            section(
                "Présentation de la planification Qual-e-pref et de la dernière enquête de satisfaction",
                block(
                    "satisfaction_survey",
                    {
                        "title": "Prochaine enquête de satisfaction",
                        "period_start": "2020-11-16",
                        "period_end": "2020-12-04",
                        "period_label": "",
                        "sites": "Evry",
                        "sample_size": 200,
                        "satisfaction_rate": None,
                        "summary": "",
                    },
                ),
            ),
            section(
                "Échanges avec les membres du CLU",
                exchange(
                    lasgi,
                    "indique que la qualité doit aussi répondre à la lutte contre la fracture numérique.",
                    [
                        (
                            da_rocha,
                            "invite, si besoin, les usagers concernés à la Maison de France Services de "
                            "la sous-préfecture.",
                        )
                    ],
                ),
                exchange(fournier, "souhaite connaître les missions des services de la préfecture."),
                exchange(thiriet, "sollicite l'échange des adresses courriels de chaque membre du CLU."),
            ),
            section(
                "Conclusions de la réunion",
                block(
                    "points_of_agreement",
                    {
                        "title": "Les principaux points d'accord",
                        "points": items(
                            [
                                "Envoi des supports de présentation en amont de la réunion",
                                "Echanges des courriels des membres du CLU",
                            ]
                        ),
                    },
                ),
            ),
            block("next_meeting", {"planned_for": "mars 2021", "date": None, "notes": ""}),
        ],
    )
    validate(minutes, author, secretary, datetime.date(2020, 11, 2))
    return minutes, [lasgi, fournier, thiriet, da_rocha]


ESSONNE_PARTICIPANTS = [
    "Liste des participants",
    "Membres présents",
    "M. LASGI",
    "Représentant des usagers",
    "Mme THIRIET",
    "Administration",
    "Secrétaire général de la préfecture",
    "M. DA ROCHA, responsable de la Maison France Services de la sous-préfecture d'Étampes",
]

ESSONNE_DOCUMENT = [
    "Préfet de l'Essonne",
    "Secrétariat général",
    "Cellule performance et qualité",
    "Objet : Première réunion du Comité local des usagers de l'Essonne",
    "Réunion du vendredi 16 octobre 2020, à 10h",
    "Lieu : Préfecture d'Evry (Salle Jean Moulin)",
    "Sous la présidence du secrétaire général de la préfecture",
    *ESSONNE_PARTICIPANTS,
    "Introduction",
    "Présentation de la nouvelle démarche qualité « Qual-e-pref »",
    "Présentation du rôle du Comité local des usagers (CLU)",
    "Présentation de la planification Qual-e-pref et de la dernière enquête de satisfaction",
    "Période : du 16 novembre 2020 au 4 décembre 2020",
    "Échanges avec les membres du CLU",
    "M. LASGI",
    "M. DA ROCHA, responsable de la Maison France Services (Sous-préfecture d'Étampes)",
    "Représentant(e) d'un organisme membre",
    "Mme THIRIET",
    "Conclusions de la réunion",
    "Les principaux points d'accord",
    "Echanges des courriels des membres du CLU",
    "Prochaine réunion",
    "mars 2021",
]


def test_essonne_page_reads_as_the_paper(essonne, client):
    minutes, people = essonne
    html = client.get(minutes.url).content.decode()

    assert participant_lines(html) == ESSONNE_PARTICIPANTS
    assert_in_order(ESSONNE_DOCUMENT, page_lines(html), "page")
    # The member who did not agree is never named.
    assert "FOURNIER" not in html
    assert_no_private_data(html, people)


def test_essonne_pdf_reads_as_the_paper(essonne):
    minutes, _people = essonne
    flat = pdf_flat_text(get_pdf(minutes, Client()))

    assert_in_pdf_order(
        ["PRÉFET DE L'ESSONNE", "Liberté Égalité Fraternité", *ESSONNE_DOCUMENT[1:]], flat, "PDF"
    )
    assert "FOURNIER" not in flat


# --- A sub-prefecture: Draguignan, 30 November 2015 (the case) ------------------------------


@pytest.fixture
def draguignan(home_page, author, secretary, client):
    from django.urls import reverse

    from .workflow_helpers import client_for

    site = Site.objects.get(is_default_site=True)
    set_identity(site, "Préfet\ndu Var")
    committee = CommitteePageFactory(
        parent=home_page,
        title="Comité local des usagers de l'arrondissement de Draguignan",
        slug="clu",
        departement="83",
        contact_email="sp-draguignan-qualite@var.gouv.fr",
    )
    sous_prefecture = OrganisationFactory(name="Sous-préfecture de Draguignan", kind=PREFECTURE_KIND)
    restos = OrganisationFactory(name="Restos du cœur")
    secours = OrganisationFactory(name="Secours catholique")
    ligue = OrganisationFactory(name="Ligue des droits de l'Homme")
    users = CollegeFactory(name="Associations d'usagers", sort_order=10)
    blanc = PersonFactory(
        civility="mme",
        first_name="Claire",
        last_name="BLANC",
        organisation=restos,
        function="responsable de l'antenne de Draguignan",
        publication_consent=True,
    )
    volunteer = PersonFactory(
        civility="m", first_name="Paul", last_name="GIRARD", organisation=secours, function="bénévole"
    )
    seats = {
        "restos": seat(committee, users, restos, "Un représentant des Restos du cœur", 1, blanc),
        "secours": seat(committee, users, secours, "Un représentant du Secours catholique", 2, volunteer),
        # The Ligue holds a seat but has named no one.
        "ligue": seat(committee, users, ligue, "Un représentant de la Ligue des droits de l'Homme", 3),
    }
    meeting = MeetingPageFactory(
        parent=committee,
        title="Comité local des usagers du 30 novembre 2015",
        slug="clu-du-30-novembre-2015",
        start=datetime.datetime(2015, 11, 30, 14, 30, tzinfo=PARIS),
        end_time=datetime.time(16, 15),
        place="Sous-préfecture de Draguignan, salle du conseil",
    )
    attend(meeting, [(seats["restos"], PRESENT, blanc), (seats["secours"], PRESENT, volunteer)])
    # The excused seat that has no holder is recorded on the attendance screen, like any other.
    response = client_for(author).post(
        reverse("cluac_pages_meeting_attendance", args=[meeting.pk]),
        {
            f"seat-{seats['ligue'].pk}-status": EXCUSED,
            f"seat-{seats['ligue'].pk}-person": "",
            f"seat-{seats['restos'].pk}-status": PRESENT,
            f"seat-{seats['restos'].pk}-person": str(blanc.pk),
            f"seat-{seats['secours'].pk}-status": PRESENT,
            f"seat-{seats['secours'].pk}-person": str(volunteer.pk),
        },
    )
    assert response.status_code == 302
    participants(
        meeting,
        [
            {
                "civility": "m",
                "name": "Philippe LEROY",
                "function": "secrétaire général de la sous-préfecture",
                "group": ADMINISTRATION,
                "chairs_meeting": True,
            },
            {
                "civility": "mme",
                "name": "Nadine ROUX",
                "function": "cheffe du bureau de la réglementation",
                "organisation": sous_prefecture,
                "group": ADMINISTRATION,
            },
            {
                "civility": "m",
                "name": "Karim BENALI",
                "function": "agent d'accueil",
                "organisation": sous_prefecture,
                "group": ADMINISTRATION,
            },
            {
                "civility": "m",
                "name": "Jean-Marc DURAND",
                "function": "responsable de l'accueil",
                "organisation_name": "CAF du Var",
                "group": OTHER,
                "publication_consent": True,
            },
            {
                "civility": "mme",
                "name": "Sophie MARTIN",
                "function": "animatrice",
                "organisation_name": "Maison de services au public de Comps-sur-Artuby",
                "group": OTHER,
            },
            {"civility": "m", "organisation_name": "UFC Que Choisir", "group": MEMBER, "status": EXCUSED},
            {"organisation_name": "UDAF du Var", "group": MEMBER, "status": EXCUSED},
            {
                "civility": "mme",
                "name": "Martine GARCIA",
                "function": "présidente",
                "organisation_name": "Familles rurales du Var",
                "group": MEMBER,
                "status": EXCUSED,
                "publication_consent": True,
            },
        ],
    )
    minutes = MinutesPageFactory(
        parent=meeting,
        title="Compte-rendu du comité local des usagers du 30 novembre 2015",
        slug="compte-rendu",
        issuing_service="Sous-préfecture de Draguignan\nBureau du cabinet et de la coordination",
        written_at="Draguignan",
        written_on=datetime.date(2015, 12, 8),
        subject="Réunion du comité local des usagers de l'arrondissement de Draguignan",
        live=False,
        body=[
            section(
                "Ouverture de la séance",
                paragraph("Le secrétaire général ouvre la séance et présente l'ordre du jour."),
            ),
            section(
                "Bilan de l'accueil du public en 2015",
                quality_table(
                    "Indicateurs de l'accueil du public",
                    "Qualipref 2.0",
                    [
                        ("Appels décrochés en moins de 5 sonneries", "85 %", "91 %", "above"),
                        ("Courriels traités en moins de 5 jours", "90 %", "88 %", "below"),
                    ],
                ),
            ),
            section(
                "Questions diverses",
                paragraph(
                    "Les associations souhaitent être informées des horaires d'ouverture des guichets."
                ),
            ),
            block("next_meeting", {"planned_for": "juin 2016", "date": None, "notes": ""}),
            signature("Pour le sous-préfet et par délégation,", "Le secrétaire général", "Philippe LEROY"),
        ],
    )
    validate(minutes, author, secretary, datetime.date(2015, 12, 8))
    return minutes


DRAGUIGNAN_PARTICIPANTS = [
    "Liste des participants",
    "Membres présents",
    "Un représentant des Restos du cœur : Mme Claire BLANC, responsable de l'antenne de Draguignan",
    "Un représentant du Secours catholique",
    "Administration",
    "M. Philippe LEROY, secrétaire général de la sous-préfecture",
    "Mme Nadine ROUX, cheffe du bureau de la réglementation de la sous-préfecture de Draguignan",
    "M. Karim BENALI, agent d'accueil de la sous-préfecture de Draguignan",
    "Autres participants",
    "M. Jean-Marc DURAND, responsable de l'accueil de la CAF du Var",
    "Animatrice de la Maison de services au public de Comps-sur-Artuby",
    "Excusés",
    "Un représentant de la Ligue des droits de l'Homme",
    "Le représentant de l'UFC Que Choisir",
    "Représentant(e) de l'UDAF du Var",
    "Mme Martine GARCIA, présidente de Familles rurales du Var",
]

DRAGUIGNAN_DOCUMENT = [
    "Sous-préfecture de Draguignan",
    "Bureau du cabinet et de la coordination",
    "Draguignan, le 8 décembre 2015",
    "Objet : Réunion du comité local des usagers de l'arrondissement de Draguignan",
    "Réunion du lundi 30 novembre 2015, de 14h30 à 16h15",
    "Lieu : Sous-préfecture de Draguignan, salle du conseil",
    "Sous la présidence de M. Philippe LEROY, secrétaire général de la sous-préfecture",
    *DRAGUIGNAN_PARTICIPANTS,
    "Ouverture de la séance",
    "Bilan de l'accueil du public en 2015",
    "Indicateurs de l'accueil du public",
    "Appels décrochés en moins de 5 sonneries",
    "91 %",
    "Questions diverses",
    "Prochaine réunion",
    "juin 2016",
    "Pour le sous-préfet et par délégation,",
    "Le secrétaire général",
    "Philippe LEROY",
]


def test_a_sub_prefectures_page_reads_as_the_paper(draguignan, client):
    html = client.get(draguignan.url).content.decode()
    # This paper has no « Destinataires »: none is printed.
    assert "Mesdames" not in html

    assert participant_lines(html) == DRAGUIGNAN_PARTICIPANTS
    assert_in_order(["Préfet du Var", *DRAGUIGNAN_DOCUMENT], page_lines(html), "page")
    assert "Sophie" not in html and "GIRARD" not in html


def test_a_sub_prefectures_pdf_reads_as_the_paper(draguignan):
    flat = pdf_flat_text(get_pdf(draguignan, Client()))

    assert_in_pdf_order(["PRÉFET DU VAR", "Liberté Égalité Fraternité", *DRAGUIGNAN_DOCUMENT], flat, "PDF")
    # The sub-prefecture is the letterhead, under the prefect's block, once.
    assert flat.count("Sous-préfecture de Draguignan Bureau du cabinet") == 1
    assert "Sophie" not in flat and "GIRARD" not in flat


def test_recipients_are_optional_and_never_prefilled(home_page, author):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from cluac_pages.models import MinutesPage

    from .workflow_helpers import client_for

    committee = CommitteePageFactory(parent=home_page, slug="clu")
    meeting = MeetingPageFactory(parent=committee, slug="reunion")
    url = reverse("wagtailadmin_pages:add", args=["cluac_pages", "minutespage", meeting.pk])

    form = parse(client_for(author).get(url).content)
    assert form.find("input", attrs={"name": "recipients"}).get("value", "") == ""

    response = client_for(author).post(
        url,
        nested_form_data(
            {
                "title": "Compte-rendu",
                "slug": "compte-rendu",
                "issuing_service": "",
                "written_at": "",
                "written_on": "",
                "recipients": "",
                "subject": "Comité local des usagers",
                "body": streamfield([("paragraph", rich_text("<p>Texte.</p>"))]),
                "annexes": inline_formset([]),
                "tags": "",
                "comments": inline_formset([]),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert MinutesPage.objects.get().recipients == ""
