"""Which prefecture a person or an organisation belongs to, read from where they sit.

Written against an app registry (``apps.get_model``) so that the migration that added
the field and the demo loader share it.
"""


def attach_composition_to_sites(apps, only_unassigned=True):
    """Give each person and organisation without a site the site of the committee where they
    hold a seat or a mandate, attend, or are recorded as a meeting's participant. Returns how
    many rows were attached."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Seat = apps.get_model("cluac_pages", "Seat")
    Mandate = apps.get_model("cluac_pages", "Mandate")
    Attendance = apps.get_model("cluac_pages", "Attendance")
    Participant = apps.get_model("cluac_pages", "MeetingParticipant")
    Person = apps.get_model("cluac_pages", "Person")
    Organisation = apps.get_model("cluac_pages", "Organisation")

    attached = 0
    for site in Site.objects.select_related("root_page"):
        pages = Page.objects.filter(path__startswith=site.root_page.path).values("pk")
        seats = Seat.objects.filter(committee_id__in=pages)
        person_ids = set(Mandate.objects.filter(seat__in=seats).values_list("person_id", flat=True))
        person_ids |= set(
            Attendance.objects.filter(meeting_id__in=pages, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        participants = Participant.objects.filter(meeting_id__in=pages)
        person_ids |= set(participants.filter(person__isnull=False).values_list("person_id", flat=True))
        organisation_ids = set(seats.values_list("organisation_id", flat=True))
        organisation_ids |= set(
            participants.filter(organisation__isnull=False).values_list("organisation_id", flat=True)
        )
        organisation_ids |= set(
            Person.objects.filter(pk__in=person_ids, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        )
        people = Person.objects.filter(pk__in=person_ids)
        organisations = Organisation.objects.filter(pk__in=organisation_ids)
        if only_unassigned:
            people, organisations = people.filter(site__isnull=True), organisations.filter(site__isnull=True)
        attached += people.update(site=site) + organisations.update(site=site)
    return attached
