"""Each invited guest of a meeting becomes a participant row, in the group its person belongs to.

A guest from a prefecture or State service (or a public agent with no organisation) goes in
« Administration », anyone else in « Autres participants »; status, order and the reason of the
invitation (kept as the row's note) are carried over. The meetings' revisions are rewritten the same
way, so that a draft or an older version opened in the editor shows the same rows.
"""

from django.db import migrations

ADMINISTRATION_KINDS = {"prefecture", "state"}


def group_for(person):
    if person is None:
        return "other"
    kind = person.organisation.kind if person.organisation_id else None
    if kind in ADMINISTRATION_KINDS or (kind is None and person.acts_as_official):
        return "administration"
    return "other"


def row_values(guest_fields, people):
    person = people.get(guest_fields.get("person"))
    return {
        "person": person.pk if person else None,
        "status": guest_fields.get("status") or "present",
        "note": guest_fields.get("reason") or "",
        "group": group_for(person),
        "sort_order": guest_fields.get("sort_order"),
    }


def forwards(apps, schema_editor):
    Guest = apps.get_model("cluac_pages", "Guest")
    MeetingParticipant = apps.get_model("cluac_pages", "MeetingParticipant")
    Person = apps.get_model("cluac_pages", "Person")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    people = {person.pk: person for person in Person.objects.select_related("organisation")}
    created = {}
    for guest in Guest.objects.order_by("meeting_id", "sort_order", "pk"):
        values = row_values(
            {
                "person": guest.person_id,
                "status": guest.status,
                "reason": guest.reason,
                "sort_order": guest.sort_order,
            },
            people,
        )
        participant = MeetingParticipant.objects.create(
            meeting_id=guest.meeting_id,
            person_id=values["person"],
            status=values["status"],
            note=values["note"],
            group=values["group"],
            sort_order=values["sort_order"],
        )
        created[guest.pk] = participant.pk

    content_type = ContentType.objects.filter(app_label="cluac_pages", model="meetingpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content
        if not isinstance(content, dict) or "guests" not in content:
            continue
        rows = []
        for guest in content.pop("guests") or []:
            values = row_values(guest, people)
            rows.append(
                {
                    "pk": created.get(guest.get("pk")),
                    "meeting": guest.get("meeting"),
                    "civility": "",
                    "name": "",
                    "function": "",
                    "organisation": None,
                    "organisation_name": "",
                    "publication_consent": False,
                    "chairs_meeting": False,
                    "email": "",
                    **values,
                }
            )
        content["participants"] = (content.get("participants") or []) + rows
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("cluac_pages", "0013_meeting_participants_and_minutes_header"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
