"""Factories for the add-on's models, used by every test module."""

import datetime
import zoneinfo

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cluac_pages.models import (
    College,
    CommitteePage,
    Mandate,
    MeetingPage,
    MinutesPage,
    Organisation,
    Person,
    ProcedureSheetPage,
    Seat,
)
from home.models import HomePage

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Préfecture de test"

    class Meta:
        model = HomePage


class CommitteePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Comité local des usagers n° {n}")
    acronym = "CLU"
    departement = "44"
    contact_email = "pref-qualite@example.gouv.fr"

    class Meta:
        model = CommitteePage


MORNING_END = datetime.time(12, 30)


class MeetingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Réunion n° {n}")
    start = datetime.datetime(2023, 9, 7, 10, 0, tzinfo=PARIS)
    # A morning meeting ends at 12h30. A test that starts one at the hour it runs (now + 30 days)
    # gets no end time when that hour is 12h30 or later: the page would refuse to end before it
    # starts, and the test would fail in the afternoon only.
    end_time = factory.LazyAttribute(
        lambda meeting: MORNING_END if meeting.start.astimezone(PARIS).time() < MORNING_END else None
    )
    place = "Préfecture"

    class Meta:
        model = MeetingPage


class MinutesPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Compte-rendu n° {n}")
    subject = "Comité local des usagers"

    class Meta:
        model = MinutesPage


class ProcedureSheetPageFactory(wagtail_factories.PageFactory):
    title = "Fiche procédure"
    reference = "FP – Pilotage – CLU"
    updated_on = datetime.date(2022, 6, 22)
    object = "<p>Rôle, modalités de réunion et composition du comité.</p>"
    drafted_by_name = "Anaïs DE SOUSA"
    drafted_by_function = "référente qualité"
    drafted_on = datetime.date(2022, 6, 13)

    class Meta:
        model = ProcedureSheetPage


class CollegeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Collège {n}")

    class Meta:
        model = College
        django_get_or_create = ("name",)


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Association {n}")
    kind = Organisation.Kind.ASSOCIATION

    class Meta:
        model = Organisation
        django_get_or_create = ("name",)


class PersonFactory(DjangoModelFactory):
    civility = "mme"
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"NOM{n}")
    function = "présidente"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.LazyAttribute(lambda p: f"{p.first_name.lower()}.{p.last_name.lower()}@example.org")
    phone = "06 12 34 56 78"

    class Meta:
        model = Person


class SeatFactory(DjangoModelFactory):
    college = factory.SubFactory(CollegeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.LazyAttribute(lambda s: f"Un représentant de {s.organisation.name}")

    class Meta:
        model = Seat


class MandateFactory(DjangoModelFactory):
    seat = factory.SubFactory(SeatFactory)
    person = factory.SubFactory(PersonFactory)
    role = Mandate.Role.TITULAR
    start_date = datetime.date(2022, 1, 1)

    class Meta:
        model = Mandate
