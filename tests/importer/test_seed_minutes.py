"""The seeds' minutes, written as .docx and .odt, read back and compared with the paper.

Each test runs once per format: both readers must give the same recognised minutes.
"""

import datetime

import pytest

from cluac_pages.importer import read_minutes
from cluac_pages.importer import recognised as r

from . import seeds
from .builders import WRITERS, H, P, to_docx

pytestmark = [pytest.mark.single_pass, pytest.mark.parametrize("fmt", ["docx", "odt"])]


def recognise_seed(blocks, fmt):
    return read_minutes(WRITERS[fmt](blocks), f"compte-rendu.{fmt}")


def outline(minutes):
    """Every section and what it holds, in order, as (kind, text) pairs."""
    lines = []
    for section in minutes.sections:
        lines.append(("section", section.heading))
        for item in section.items:
            if isinstance(item, r.Paragraph):
                lines.append(("paragraph", item.text))
            elif isinstance(item, r.BulletList):
                lines.extend(("item", entry.text) for entry in item.block.items)
            elif isinstance(item, r.Exchange):
                lines.append(("exchange", item.speaker.name))
            else:
                lines.append((type(item).__name__, ""))
    return lines


def paper_paragraphs(blocks, after, before):
    """The text of the paragraphs of a description between a heading and a paragraph."""
    texts, inside = [], False
    for block in blocks:
        text = (
            block.text
            if isinstance(block, H)
            else "".join(
                run if isinstance(run, str) else getattr(run, "text", "")
                for run in getattr(block, "runs", ())
            )
        )
        if text == after:
            inside = True
        elif text.startswith(before):
            break
        elif inside and isinstance(block, P):
            texts.append(text)
    return texts


def speakers(exchange):
    return (
        exchange.speaker.name,
        exchange.speaker.function,
        exchange.speaker.organisation,
        [answer.speaker.name for answer in exchange.answers],
    )


# Loire-Atlantique, 7 September 2023 (seed 003).


def test_loire_atlantique_header_and_letterhead(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    letterhead = minutes.letterhead
    assert letterhead.authority == "PRÉFET DE LA LOIRE-ATLANTIQUE"
    assert (letterhead.kind, letterhead.departement) == ("prefecture", "44")
    assert len(letterhead.logos) == 1
    assert letterhead.footer == [
        "Préfecture de la Loire-Atlantique – 6 quai Ceineray – 44035 NANTES Cedex 1 – "
        "www.loire-atlantique.gouv.fr"
    ]
    header = minutes.header
    assert header.title == "COMPTE-RENDU"
    assert (header.written_at, header.written_on) == ("Nantes", datetime.date(2023, 9, 15))
    assert header.case_officer == "Aurélie Madelin"
    assert header.recipients == "à Mesdames, Messieurs les participants"
    assert header.subject == "Comité local des usagers pour l'amélioration continue du 7 septembre 2023"
    assert header.meeting_date == datetime.date(2023, 9, 7)
    assert (header.start_time, header.end_time) == (datetime.time(10, 0), datetime.time(12, 30))
    assert (header.chair.name, header.chair.function) == (
        "Pascal OTHEGUY",
        "Secrétaire général de la préfecture",
    )
    assert header.attachments == ["Liste des participants", "présentations"]


def test_loire_atlantique_sections_in_order_nothing_lost(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    assert minutes.headings == [
        "Préambule",
        "Nos résultats – A votre écoute pour progresser",
        "Échanges avec les membres du CLUAC",
        "La communication des services de l'État",
        "Nos démarches administratives",
    ]
    body = outline(minutes)
    assert body[:4] == [
        ("section", "Préambule"),
        (
            "paragraph",
            "Pascal OTHEGUY, le Secrétaire général de la préfecture, ouvre la séance à 10h et remercie les "
            "participants de leur présence à ce Comité Local des Usagers pour l'Amélioration Continue "
            "(CLUAC).",
        ),
        ("paragraph", "Il rappelle les 4 objectifs de ce CLUAC :"),
        ("item", seeds.LA_OBJECTIVES[0]),
    ]
    assert [text for kind, text in body if kind == "item"][:4] == seeds.LA_OBJECTIVES
    assert [kind for kind, _ in body if kind not in ("paragraph", "item")] == [
        "section",
        "section",
        "QualityResults",
        "ImageContent",
        "section",
        "exchange",
        "exchange",
        "section",
        "section",
    ]
    # The signature, the next page and the annex of participants are not body text.
    assert body[-1] == (
        "paragraph",
        "Ce Comité local des usagers pour l'amélioration continue s'est achevé par une visite de "
        "l'accueil de la DDTM à 12h30.",
    )
    # Every paragraph of the paper between the header and the signature is there, in order.
    assert [text for kind, text in body if kind == "paragraph"] == paper_paragraphs(
        seeds.LOIRE_ATLANTIQUE_2023, after="Préambule", before="Pour le préfet et par délégation,"
    )


def test_loire_atlantique_nested_list_with_link(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    results = minutes.section("Nos résultats – A votre écoute pour progresser")
    bullet_list = next(item for item in results.items if isinstance(item, r.BulletList))
    second = bullet_list.block.items[1]
    link = next(span for span in second.spans if span.href)
    assert (link.text, link.href) == ("www.loire-atlantique.gouv.fr", "http://www.loire-atlantique.gouv.fr")
    assert [item.text for item in second.children.items] == [
        "les résultats (22 indicateurs : 14 au-dessus de la cible, 4 à la limite et 2 en dessous)",
        "les 5 enquêtes de satisfaction",
        "Le plan d'actions et les perspectives (Annexe 2 - présentation du diaporama - p.09 à 32)",
    ]


def test_loire_atlantique_quality_results_every_cell(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    results = minutes.section("Nos résultats – A votre écoute pour progresser")
    quality = next(item for item in results.items if isinstance(item, r.QualityResults))
    assert quality.headers == seeds.LA_INDICATORS[0]
    assert [(i.label, i.target, i.result) for i in quality.indicators] == [
        tuple(row[:3]) for row in seeds.LA_INDICATORS[1:]
    ]
    assert [i.position for i in quality.indicators] == ["above", "at", "below", "above"]


def test_loire_atlantique_image_with_its_bytes_and_alt_text(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    results = minutes.section("Nos résultats – A votre écoute pour progresser")
    image = next(item for item in results.items if isinstance(item, r.ImageContent)).image
    assert image.data == seeds.chart_png()
    assert (image.format, image.width, image.height) == ("PNG", 320, 180)
    assert image.alt_text.startswith("Résultats 2022 : 14 indicateurs")
    assert "missing_alt_text" not in [warning.code for warning in minutes.warnings]


def test_loire_atlantique_exchanges_with_nested_answers(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    exchanges = [
        item
        for item in minutes.section("Échanges avec les membres du CLUAC").items
        if isinstance(item, r.Exchange)
    ]
    assert [speakers(exchange) for exchange in exchanges] == [
        (
            "Lucie Gaune",
            "",
            "diaconat Nantes",
            ["Patricia Dufour", "Guillaume Frouin", "Maureen Le Guennic", "Pascal Otheguy"],
        ),
        ("Fabienne Proslie", "", "AFOC 44", ["Patricia Dufour", "Pascal Otheguy"]),
    ]
    first = exchanges[0]
    assert first.text.startswith("s'étonne du peu de fréquentation du Point d'accueil numérique")
    assert [answer.speaker.function for answer in first.answers] == [
        "cheffe de service relation usagers",
        "adjoint à la directrice des migrations et de l'immigration",
        "cheffe du bureau du séjour",
        "",
    ]
    # The public contact centre's number is a functional number: it stays.
    assert "0806 001 620" in first.answers[2].text
    bold = [span.text for span in exchanges[1].answers[0].statement if span.bold]
    assert bold == ["tous les jeunes", "situation de handicap"]


def test_loire_atlantique_signature_annexes_and_participants(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    assert minutes.signature == r.Signature(
        formula="Pour le préfet et par délégation,", function="Le secrétaire général", name="Pascal OTHEGUY"
    )
    assert [(annex.number, annex.title) for annex in minutes.annexes] == [
        (1, "Liste des participants"),
        (2, "Présentation du diaporama"),
        (3, "Conclusions des cas pratiques"),
    ]
    assert [
        (p.civility, p.name, p.function, p.organisation, p.group, p.status) for p in minutes.participants
    ] == [(*row[0].split(" ", 1), row[1], row[2], "", r.Status.PRESENT) for row in seeds.LA_PARTICIPANTS[1:]]


def test_loire_atlantique_footer_phone_dropped(fmt):
    minutes = recognise_seed(seeds.LOIRE_ATLANTIQUE_2023, fmt)

    assert "02 40 41 20 20" not in " ".join(minutes.letterhead.footer)
    assert [warning.code for warning in minutes.warnings] == ["contact_removed"]


# Essonne, 16 October 2020 (seed 004).


def test_essonne_header_agenda_and_letterhead_in_page_header(fmt):
    minutes = recognise_seed(seeds.ESSONNE_2020, fmt)

    letterhead = minutes.letterhead
    assert (letterhead.authority, letterhead.kind, letterhead.departement) == (
        "PRÉFET DE L'ESSONNE",
        "prefecture",
        "91",
    )
    # « Cellule performance » / « et qualité »: one service broken over two lines.
    assert letterhead.services == ["Secrétariat général", "Cellule performance et qualité"]
    header = minutes.header
    assert header.subject == "Première réunion du Comité local des usagers de l’Essonne"
    assert header.meeting_date == datetime.date(2020, 10, 16)
    assert header.meeting_place == "Préfecture d’Evry (Salle Jean Moulin)"
    assert (header.chair.name, header.chair.civility, header.chair.function) == (
        None,
        "M.",
        "Secrétaire général",
    )
    assert minutes.agenda == [
        "Présentation de la nouvelle démarche qualité «Qual-e-pref »",
        "Présentation du rôle du Comité Local des Usagers (CLU)",
        "Point de situation sur l’état d’avancement de la démarche de labellisation Qual-e-pref",
        "Présentation de la dernière enquête de satisfaction",
        "Echanges avec les membres du CLU",
    ]
    assert minutes.warnings == []


def test_essonne_sections_lists_and_noise(fmt):
    minutes = recognise_seed(seeds.ESSONNE_2020, fmt)

    assert minutes.headings == [
        "INTRODUCTION",
        "PRÉSENTATION DE LA NOUVELLE DÉMARCHE QUALITÉ «QUAL-E-PREF »",
        "PRÉSENTATION DU RÔLE DU COMITÉ LOCAL DES USAGERS (CLU)",
        "PRÉSENTATION DE LA PLANIFICATION QUAL-E-PREF ET DE LA DERNIERE ENQUETE DE SATISFACTION",
        "ECHANGES AVEC LES MEMBRES DU CLU",
        "LES PRINCIPAUX POINTS D’ACCORD",
    ]
    introduction = outline(minutes)[1:3]
    assert introduction == [
        (
            "paragraph",
            "Monsieur le Secrétaire général ouvre la séance en rappelant que la qualité est un sujet "
            "central. "
            "Malgré la crise sanitaire, les acteurs de l’État doivent rester mobilisés pour le service rendu "
            "aux usagers. La qualité doit être au coeur de la relation du service public et de l’usager. "
            "Bien "
            "entendu, le confinement a eu un impact sur la relation avec les usagers étrangers avec le "
            "retard "
            "induit et les RDV décalés. Néanmoins, les services se réorganisent en conséquence pour pouvoir "
            "répondre aux attentes des usagers.",
        ),
        (
            "paragraph",
            "La préfecture attend du CLU des échanges vivants, constructifs, critiques et qu’il soit force "
            "de "
            "proposition.",
        ),
    ]
    modules = [text for kind, text in outline(minutes) if kind == "item" and text.startswith("Module")]
    assert modules == [
        "Module 1 : relation générale avec les usagers ;",
        "Module 2 : délivrance de titres ;",
        "Module 3 : délivrance de titres étrangers ;",
        "Module 4 : relations avec les collectivités territoriales ;",
        "Module 5 : polices administratives liées à la sécurité ;",
        "Module 6 : coordination des politiques publiques ;",
        "Module 7 : communication d'urgence en cas d'événement majeur.",
    ]


def test_essonne_exchanges_points_of_agreement_and_next_meeting(fmt):
    minutes = recognise_seed(seeds.ESSONNE_2020, fmt)

    exchanges = minutes.section("ECHANGES AVEC LES MEMBRES DU CLU").items
    assert [
        (type(item).__name__, getattr(item, "speaker", None) and item.speaker.name) for item in exchanges
    ] == [
        ("Exchange", "LASGI"),
        ("Exchange", "FOURNIER"),
        ("Exchange", "THIRIET"),
    ]
    lasgi = exchanges[0]
    assert lasgi.speaker.civility == "M."
    assert lasgi.text.startswith("indique que la qualité doit aussi répondre")
    assert [paragraph.text[:40] for paragraph in lasgi.more] == [
        "Il est indiqué, malgré la crise sanitair",
        "Par ailleurs, Monsieur LASGI indiquait, ",
    ]
    assert exchanges[1].more[0].text.startswith("Aussi, il est convenu pour le prochain CLU")

    points = minutes.section("LES PRINCIPAUX POINTS D’ACCORD").items
    assert points == [
        r.PointsOfAgreement(
            points=[
                "Envoi des supports de présentation en amont de la réunion pour la préparation des questions "
                "des membres du comité",
                "Visite d’un ou deux services pour que les membres du CLU comprennent la relation des "
                "usagers "
                "avec les services de la préfecture",
                "Augmentation du nombre d’usagers sollicités pour l’enquête de satisfaction des usagers sur "
                "le "
                "site d’Evry",
                "Echanges des courriels des membres du CLU",
            ]
        )
    ]
    assert minutes.next_meeting == r.NextMeeting(planned_for="mars 2021", year=2021, month=3)


# A sub-prefecture's minutes with their participant lists.


def test_sub_prefecture_participants_by_list_group_and_status(fmt):
    minutes = recognise_seed(seeds.CHATEAUBRIANT_2024, fmt)

    assert [
        (p.civility, p.name, p.function, p.organisation, p.group, p.status) for p in minutes.participants
    ] == [
        ("Mme", "Lucie GAUNE", "", "diaconat Nantes", "Représentants des associations d'usagers", "present"),
        (
            "M.",
            "Jean-Pierre LE BIHAN",
            "président",
            "UDAF 44",
            "Représentants des associations d'usagers",
            "present",
        ),
        ("Mme", "Fabienne PROSLIE", "", "AFOC 44", "Représentants des associations d'usagers", "present"),
        ("M.", "Hervé COLIN", "gérant", "auto-école du Castelbriantais", "Professionnels", "present"),
        ("Mme", "Sophie MARCHAND", "présidente", "FNAIM 44", "Professionnels", "present"),
        ("M.", "Marc MAKLOUF", "sous-préfet de Châteaubriant-Ancenis", "", "Services de l'État", "present"),
        (
            "Mme",
            "Patricia DUFOUR",
            "cheffe de service relation usagers",
            "préfecture de la Loire-Atlantique",
            "Services de l'État",
            "present",
        ),
        ("Mme", "Aurélie MADELIN", "référente qualité", "SGCD", "Services de l'État", "present"),
        # An unnamed representative is recorded by function and organisation only.
        ("M.", None, "représentant", "UFC Que Choisir", "", "excused"),
        ("Mme", None, "présidente", "CLCV", "", "excused"),
        ("M.", "Thomas RENAUD", "maire de Saint-Julien-de-Vouvantes", "", "", "excused"),
        (
            "Mme",
            "Maureen LE GUENNIC",
            "cheffe du bureau du séjour",
            "préfecture de la Loire-Atlantique",
            "",
            "also_attending",
        ),
        ("", None, "représentant", "chambre de métiers et de l'artisanat", "", "absent"),
    ]


def test_sub_prefecture_header_chair_hours_signature(fmt):
    minutes = recognise_seed(seeds.CHATEAUBRIANT_2024, fmt)

    letterhead = minutes.letterhead
    assert (letterhead.kind, letterhead.departement, letterhead.sub_prefecture) == (
        "sub_prefecture",
        "44",
        "Châteaubriant-Ancenis",
    )
    assert letterhead.services == ["Bureau de la coordination et de l'appui territorial"]
    header = minutes.header
    assert header.title == "Compte rendu"
    assert (header.written_at, header.written_on) == ("Châteaubriant", datetime.date(2024, 3, 20))
    assert header.meeting_date == datetime.date(2024, 3, 12)
    assert (header.start_time, header.end_time) == (datetime.time(14, 30), datetime.time(16, 15))
    assert (header.chair.civility, header.chair.name, header.chair.function) == (
        "M.",
        "Marc MAKLOUF",
        "sous-préfet de Châteaubriant-Ancenis",
    )
    assert minutes.signature == r.Signature(formula="", function="Le sous-préfet", name="Marc MAKLOUF")
    assert minutes.next_meeting == r.NextMeeting(
        planned_for="17 septembre 2024", date=datetime.date(2024, 9, 17), year=2024, month=9
    )
    assert minutes.headings == ["Bilan de l'accueil de la sous-préfecture"]


def test_sub_prefecture_contact_data_never_kept(fmt):
    minutes = recognise_seed(seeds.CHATEAUBRIANT_2024, fmt)

    kept = repr(minutes)
    for contact in ("02 40 81 02 03", "claire.le-goff@", "06 12 34 56 78", "aurelie.madelin@"):
        assert contact not in kept
    assert minutes.header.case_officer == "Claire Le Goff"
    removed = [warning.message for warning in minutes.warnings if warning.code == "contact_removed"]
    assert len(removed) == 3
    assert "Claire Le Goff" in removed[0]
    assert "06 12" not in " ".join(removed)


def test_list_styles_as_python_docx_users_write_them(fmt):
    """« List Bullet » / « List Bullet 2 » styles nest like Word's own list levels."""
    if fmt == "odt":
        pytest.skip("a Word way of writing lists")
    minutes = read_minutes(to_docx(seeds.CHATEAUBRIANT_2024, list_styles=True), "cr.docx")
    assert [p.group for p in minutes.participants][:4] == [
        "Représentants des associations d'usagers",
        "Représentants des associations d'usagers",
        "Représentants des associations d'usagers",
        "Professionnels",
    ]
    assert len(minutes.participants) == 13
