"""French dates and hours, contact data and mentions of persons, as minutes write them."""

import datetime

import pytest

from cluac_pages.importer.bench import generate_minutes, run
from cluac_pages.importer.contacts import scrub_text
from cluac_pages.importer.french import (
    closing_time,
    find_dates,
    opening_time,
    parse_month_year,
    parse_time_range,
)
from cluac_pages.importer.people import leading_speaker, parse_mention

pytestmark = pytest.mark.single_pass


@pytest.mark.parametrize(
    "written,expected",
    [
        ("Nantes, le 15 septembre 2023", datetime.date(2023, 9, 15)),
        ("DATE : 16/10/2020", datetime.date(2020, 10, 16)),
        ("réunion du lundi 1er juillet 2024", datetime.date(2024, 7, 1)),
        ("le 3 févr. 2022", datetime.date(2022, 2, 3)),
        ("le 7 AOÛT 2021", datetime.date(2021, 8, 7)),
        ("le 31 février 2021", None),
    ],
)
def test_french_dates(written, expected):
    assert (find_dates(written) or [None])[0] == expected


def test_french_hours():
    assert parse_time_range("La réunion s'est tenue de 14h30 à 16h15.") == (
        datetime.time(14, 30),
        datetime.time(16, 15),
    )
    assert parse_time_range("de 9 h à 11 h 45") == (datetime.time(9), datetime.time(11, 45))
    assert opening_time(
        "Pascal OTHEGUY, le Secrétaire général de la préfecture, ouvre la séance à 10h et"
    ) == (datetime.time(10))
    assert closing_time("Ce comité s'est achevé par une visite de l'accueil de la DDTM à 12h30.") == (
        datetime.time(12, 30)
    )
    assert parse_time_range("Module 1 : relation générale avec les usagers ; module 2") is None
    assert parse_month_year("PLANNING : PROCHAIN CLU EN MARS 2021") == (2021, 3)


@pytest.mark.parametrize(
    "written,kept,dropped",
    [
        (
            "Affaire suivie par Aurélie Madelin - Tél : 02 61 91 00 02 - Mél : "
            "aurelie.madelin@loire-atlantique.gouv.fr",
            "Affaire suivie par Aurélie Madelin",
            {"email", "phone"},
        ),
        ("Mme Lucie GAUNE (06.39.98.00.01), diaconat Nantes", "Mme Lucie GAUNE, diaconat Nantes", {"phone"}),
        ("Standard : +33 2 40 41 20 20", "", {"phone"}),
        # A public contact centre's 08 number is not a person's line: it stays.
        ("soit au numéro 0806 001 620 /appel gratuit", "soit au numéro 0806 001 620 /appel gratuit", set()),
        (
            "22 indicateurs en 2022 : 14 au-dessus de la cible",
            "22 indicateurs en 2022 : 14 au-dessus de la cible",
            set(),
        ),
    ],
)
def test_contact_data_is_dropped(written, kept, dropped):
    assert scrub_text(written) == (kept, dropped)


def test_mentions_of_persons():
    mention = parse_mention("M. le représentant de l'UFC Que Choisir")
    assert (mention.name, mention.civility, mention.function, mention.organisation) == (
        None,
        "M.",
        "représentant",
        "UFC Que Choisir",
    )
    mention = parse_mention("Fabienne Proslie de l'AFOC 44")
    assert (mention.name, mention.organisation) == ("Fabienne Proslie", "AFOC 44")
    assert not parse_mention("Les membres du CLUAC ont travaillé, en groupes").is_person
    speaker, offset = leading_speaker("• Monsieur  DA ROCHA invite, si besoin, les usagers")
    assert (speaker.civility, speaker.name) == ("M.", "DA ROCHA")
    assert leading_speaker("Un membre du CLU s'interroge sur le nombre d'usagers") is None


def test_benchmark_hook_reads_a_generated_twenty_page_file():
    data = generate_minutes(pages=20)
    result = run(pages=20, repeat=1)
    assert result["bytes"] == len(data)
    assert result["participants"] == 31
    assert result["sections"] == 16
    assert result["seconds"] > 0
