"""The committee page: département validation and composition by date."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cluac_pages.models import CommitteePage, Mandate

from .factories import CollegeFactory, CommitteePageFactory, MandateFactory, PersonFactory, SeatFactory


def committee_form(departement, **extra):
    return nested_form_data(
        {
            "title": "Comité local des usagers de test",
            "slug": "clu-test",
            "acronym": "CLU",
            "departement": departement,
            "introduction": rich_text("<p>Instance de dialogue.</p>"),
            "prefecture_role": rich_text(""),
            "representatives_role": rich_text(""),
            "topics": rich_text(""),
            "meeting_rules": rich_text(""),
            "perimeter": rich_text(""),
            "min_meetings_per_year": 1,
            "substitution_notice_days": 2,
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            **extra,
        }
    )


@pytest.mark.parametrize("code", ["99", "20", "975", "00", "2C", "1"])
def test_an_invalid_departement_is_refused_in_french(home_page, admin_client, code):
    url = f"/admin/pages/add/cluac_pages/committeepage/{home_page.pk}/"
    response = admin_client.post(url, committee_form(code))

    assert response.status_code == 200
    body = response.content.decode()
    assert f"« {code} » n&#x27;est pas un code de département valide" in body
    assert "Saisissez un code de 01 à 95, 2A, 2B" in body
    assert not CommitteePage.objects.exists()


def test_a_too_long_departement_is_refused_in_french(home_page, admin_client):
    url = f"/admin/pages/add/cluac_pages/committeepage/{home_page.pk}/"
    response = admin_client.post(url, committee_form("loire"))

    assert "comporte au plus 3 caractères" in response.content.decode()
    assert not CommitteePage.objects.exists()


def test_a_committee_cannot_be_published_without_departement(home_page, admin_client):
    url = f"/admin/pages/add/cluac_pages/committeepage/{home_page.pk}/"
    response = admin_client.post(url, committee_form("", **{"action-publish": "action-publish"}))

    assert response.status_code == 200
    assert "La page ne peut être créée du fait d&#x27;erreurs de validation" in response.content.decode()
    assert not CommitteePage.objects.exists()


@pytest.mark.parametrize("code", ["01", "44", "2A", "2B", "95", "971", "976"])
def test_a_valid_departement_is_accepted(home_page, admin_client, code):
    url = f"/admin/pages/add/cluac_pages/committeepage/{home_page.pk}/"
    response = admin_client.post(url, committee_form(code))

    assert response.status_code == 302
    committee = CommitteePage.objects.get()
    assert committee.departement == code


@pytest.fixture
def committee_with_history(home_page):
    """A seat whose titular changed on 1 January 2023, with a substitute throughout."""
    committee = CommitteePageFactory(parent=home_page)
    users = CollegeFactory(name="Associations d'usagers", sort_order=2)
    services = CollegeFactory(name="Services de la préfecture", sort_order=1)
    seat = SeatFactory(committee=committee, college=users, title="Un représentant de l'UDAF")
    MandateFactory(
        seat=seat,
        person=PersonFactory(last_name="ANCIENNE", publication_consent=True),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2022, 12, 31),
    )
    MandateFactory(
        seat=seat,
        person=PersonFactory(last_name="NOUVELLE", publication_consent=True),
        start_date=datetime.date(2023, 1, 1),
    )
    MandateFactory(
        seat=seat,
        person=PersonFactory(last_name="SUPPLEANTE"),
        role=Mandate.Role.SUBSTITUTE,
        start_date=datetime.date(2020, 1, 1),
    )
    SeatFactory(committee=committee, college=services, title="Le secrétaire général ou son représentant")
    return committee


def holders(composition):
    return {
        seat.title: (
            [m.person.last_name for m in seat.titulars()],
            [m.person.last_name for m in seat.substitutes()],
        )
        for _, seats in composition
        for seat in seats
    }


def test_composition_on_a_date_shows_the_mandates_running_that_day(committee_with_history):
    before = committee_with_history.composition_on(datetime.date(2022, 6, 1))
    after = committee_with_history.composition_on(datetime.date(2023, 6, 1))
    last_day = committee_with_history.composition_on(datetime.date(2022, 12, 31))

    assert holders(before)["Un représentant de l'UDAF"] == (["ANCIENNE"], ["SUPPLEANTE"])
    assert holders(last_day)["Un représentant de l'UDAF"] == (["ANCIENNE"], ["SUPPLEANTE"])
    assert holders(after)["Un représentant de l'UDAF"] == (["NOUVELLE"], ["SUPPLEANTE"])


def test_composition_is_grouped_by_college_in_display_order(committee_with_history):
    composition = committee_with_history.composition_on(datetime.date(2023, 6, 1))
    assert [college.name for college, _ in composition] == [
        "Services de la préfecture",
        "Associations d'usagers",
    ]


def test_composition_runs_a_constant_number_of_queries(committee_with_history):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            for _, seats in committee_with_history.composition_on(datetime.date(2023, 6, 1)):
                for seat in seats:
                    [m.person.public_label for m in seat.current_mandates]
                    str(seat.organisation)
        return len(ctx.captured_queries)

    small = count_queries()
    college = CollegeFactory(name="Réseau France Services", sort_order=3)
    for _ in range(5):
        seat = SeatFactory(committee=committee_with_history, college=college)
        MandateFactory(seat=seat)
        MandateFactory(seat=seat, role=Mandate.Role.SUBSTITUTE)
    assert count_queries() == small


def test_public_page_shows_the_composition_on_the_requested_date(committee_with_history, client):
    url = committee_with_history.url

    then = client.get(url, {"date": "2022-06-01"}).content.decode()
    now = client.get(url, {"date": "01/06/2023"}).content.decode()

    assert "Composition au 1er juin 2022." in then
    assert "ANCIENNE" in then and "NOUVELLE" not in then
    assert "Composition au 1er juin 2023." in now
    assert "NOUVELLE" in now and "ANCIENNE" not in now
    # The substitute gave no consent: she is shown by her organisation only.
    assert "SUPPLEANTE" not in then + now
    assert "Suppléant(e) : Représentant(e) de" in now


def test_public_page_explains_an_invalid_date_and_shows_todays_composition(committee_with_history, client):
    response = client.get(committee_with_history.url, {"date": "31/02/2023"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "La date « 31/02/2023 » n&#x27;est pas valide" in body
    assert "Représentant(e) de" in body
