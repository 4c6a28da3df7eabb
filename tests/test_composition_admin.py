"""Organisations, persons and seats are managed with wagtail-modeladmin."""

import csv
import io

import pytest

from cluac_pages.models import Organisation, Person

from .factories import OrganisationFactory, PersonFactory


@pytest.fixture
def people(db):
    udaf = OrganisationFactory(name="UDAF 44", acronym="UDAF", kind=Organisation.Kind.ASSOCIATION)
    prefecture = OrganisationFactory(
        name="Préfecture de la Loire-Atlantique", kind=Organisation.Kind.PREFECTURE_SERVICE
    )
    return [
        PersonFactory(first_name="Lucie", last_name="GAUNE", organisation=udaf),
        PersonFactory(
            first_name="Pascal", last_name="OTHEGUY", organisation=prefecture, acts_as_official=True
        ),
    ]


def test_person_index_lists_searches_and_filters(people, admin_client):
    index = admin_client.get("/admin/cluac_pages/person/")
    assert index.status_code == 200
    body = index.content.decode()
    assert "GAUNE" in body and "OTHEGUY" in body
    assert "Personnes" in body

    found = admin_client.get("/admin/cluac_pages/person/", {"q": "otheg"}).content.decode()
    assert "OTHEGUY" in found and "GAUNE" not in found

    officials = admin_client.get(
        "/admin/cluac_pages/person/", {"acts_as_official__exact": "1"}
    ).content.decode()
    assert "OTHEGUY" in officials and "GAUNE" not in officials


def test_person_export_is_a_csv_of_every_person(people, admin_client):
    response = admin_client.get("/admin/cluac_pages/person/", {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    last_names = {row[2] for row in rows[1:]}
    assert last_names == {"GAUNE", "OTHEGUY"}


def test_organisation_admin_creates_an_organisation(admin_client, db):
    response = admin_client.post(
        "/admin/cluac_pages/organisation/create/",
        {"name": "APF France handicap", "acronym": "APF", "kind": "association", "website": ""},
    )
    assert response.status_code == 302
    assert Organisation.objects.get().name == "APF France handicap"


def test_person_form_refuses_an_invalid_email_in_french(admin_client, db):
    response = admin_client.post(
        "/admin/cluac_pages/person/create/",
        {"civility": "mme", "first_name": "Lucie", "last_name": "GAUNE", "email": "pas-une-adresse"},
    )
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in response.content.decode()
    assert not Person.objects.exists()
