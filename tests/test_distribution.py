"""Published minutes reach every participant exactly once; each sending is recorded."""

import datetime
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from cluac_pages.distribution import distribute_first_publication, start_distribution
from cluac_pages.models import (
    Attendance,
    AttendanceStatus,
    DistributionDelivery,
    Mandate,
    MinutesDistribution,
    Person,
)

from .factories import MandateFactory, MeetingPageFactory, PersonFactory
from .html import parse, text
from .workflow_helpers import (
    PARTICIPANT_ADDRESSES,
    act,
    build_meeting,
    client_for,
    create_draft_minutes,
    edit_url,
    submit,
)


@pytest.fixture
def minutes(home_page, author):
    meeting = build_meeting(home_page)[1]
    return create_draft_minutes(meeting, author)


def validate(minutes, author, secretary, text="Compte-rendu validé."):
    # The sending is queued when the approval's transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(author), minutes, text)
        act(client_for(secretary), minutes, "approve")
    minutes.refresh_from_db()


def post_admin(user, url, data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client_for(user).post(url, data, follow=True)


def messages_to_participants():
    return [m for m in mail.outbox if set(m.to) & PARTICIPANT_ADDRESSES]


def test_first_publication_sends_one_message_to_each_participant(minutes, author, secretary):
    validate(minutes, author, secretary)

    messages = messages_to_participants()
    assert sorted(address for m in messages for address in m.to) == sorted(PARTICIPANT_ADDRESSES)
    message = messages[0]
    assert message.subject == "Compte-rendu : Comité local des usagers"
    assert minutes.get_full_url() in message.body
    assert message.reply_to == ["pref-qualite@example.gouv.fr"]
    # Absent members and people without an address receive nothing.
    assert not [m for m in mail.outbox if "absent@association.example" in m.to]


def test_each_sending_is_recorded_per_recipient(minutes, author, secretary):
    validate(minutes, author, secretary)

    distribution = MinutesDistribution.objects.get(minutes=minutes)
    assert distribution.reason == MinutesDistribution.Reason.FIRST_PUBLICATION
    assert distribution.revision_id == minutes.live_revision_id
    deliveries = distribution.deliveries.all()
    assert {d.email for d in deliveries} == PARTICIPANT_ADDRESSES
    assert {d.status for d in deliveries} == {DistributionDelivery.Status.SENT}
    assert all(d.sent_at and d.attempts == 1 for d in deliveries)


def test_the_record_is_visible_in_the_admin(minutes, author, secretary):
    validate(minutes, author, secretary)

    edit_page = client_for(author).get(edit_url(minutes)).content.decode()
    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])
    assert url in edit_page
    body = client_for(author).get(url).content.decode()
    assert "Première publication" in body
    # Each participant by name beside the address, the guest recorded in a row as well.
    rows = [[text(cell) for cell in row.select("td")] for row in parse(body).select("main tbody tr")]
    assert {row[1]: row[0] for row in rows} == {
        address: Person.objects.get(email=address).full_name for address in PARTICIPANT_ADDRESSES
    }
    assert {row[2] for row in rows} == {"Envoyé"}


def test_a_correction_is_not_sent_again_unless_an_editor_asks(minutes, author, secretary):
    validate(minutes, author, secretary)
    first_version = minutes.live_revision
    validate(minutes, author, secretary, text="Compte-rendu corrigé.")
    assert len(messages_to_participants()) == len(PARTICIPANT_ADDRESSES)

    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])
    later = timezone.now() + datetime.timedelta(minutes=11)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = post_admin(author, url, {"action": "resend"})

    assert "Le compte-rendu est renvoyé à 5 participants." in response.content.decode()
    resent = messages_to_participants()[len(PARTICIPANT_ADDRESSES) :]
    assert sorted(a for m in resent for a in m.to) == sorted(PARTICIPANT_ADDRESSES)
    assert resent[0].subject.startswith("Compte-rendu (nouvel envoi)")
    assert MinutesDistribution.objects.filter(minutes=minutes, reason="resend").count() == 1
    # The record tells which version each sending carried: the first one, then the correction.
    sections = {
        text(section.select_one("h2")).split(" – ")[0]: text(section.select_one("p"))
        for section in parse(client_for(author).get(url).content).select("main section")
    }
    minutes.refresh_from_db()
    assert sections == {
        "Première publication": f"Version envoyée : celle enregistrée le {saved_on(first_version)} "
        "(une version corrigée est en ligne depuis).",
        "Renvoi demandé": f"Version envoyée : celle enregistrée le {saved_on(minutes.live_revision)} "
        "(la version en ligne).",
    }


def saved_on(revision):
    return timezone.localtime(revision.created_at).strftime("%d/%m/%Y %H:%M")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's row lock: SQLite runs one writer at a time"
)
# serialized_rollback: as every test that commits, so that the migrations' rows (groups, workflow,
# locale) are there before it and again after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_resends_pressed_at_the_same_instant_send_the_minutes_once(minutes, author, secretary):
    validate(minutes, author, secretary)
    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])
    start = threading.Barrier(2)
    answers = []

    def press():
        client = client_for(author)
        start.wait()
        try:
            answers.extend(admin_messages(client.post(url, {"action": "resend"}, follow=True)))
        finally:
            connection.close()

    later = timezone.now() + datetime.timedelta(minutes=11)
    with mock.patch("django.utils.timezone.now", return_value=later):
        presses = [threading.Thread(target=press) for _ in range(2)]
        for thread in presses:
            thread.start()
        for thread in presses:
            thread.join()

    assert len(answers) == 2
    assert answers.count("Le compte-rendu est renvoyé à 5 participants.") == 1, answers
    assert MinutesDistribution.objects.filter(minutes=minutes, reason="resend").count() == 1
    assert len(messages_to_participants()) == 2 * len(PARTICIPANT_ADDRESSES)


def test_unpublished_minutes_cannot_be_resent(minutes, author):
    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])
    response = client_for(author).post(url, {"action": "resend"}, follow=True)

    assert "Seul un compte-rendu publié peut être renvoyé" in response.content.decode()
    assert not mail.outbox


def test_a_failed_sending_is_recorded_and_can_be_retried(minutes, author, secretary):
    real_send = mail.EmailMessage.send

    def flaky_send(message, *args, **kwargs):
        if "invitee@service.example" in message.to:
            raise ConnectionRefusedError("Serveur SMTP injoignable")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky_send):
        validate(minutes, author, secretary)

    failed = DistributionDelivery.objects.get(email="invitee@service.example")
    assert failed.status == DistributionDelivery.Status.FAILED
    assert "Serveur SMTP injoignable" in failed.error
    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])
    assert "Serveur SMTP injoignable" in client_for(author).get(url).content.decode()

    post_admin(author, url, {"action": "retry"})

    failed.refresh_from_db()
    assert failed.status == DistributionDelivery.Status.SENT and failed.attempts == 2
    to_guest = [m for m in mail.outbox if m.to == ["invitee@service.example"]]
    assert len(to_guest) == 1
    # The others were not sent twice.
    assert len([m for m in mail.outbox if m.to == ["present@association.example"]]) == 1


def test_two_racing_approvals_distribute_the_first_publication_once(minutes, author, secretary):
    validate(minutes, author, secretary)
    # A second publication event for the same first publication (e.g. a concurrent approval).
    assert distribute_first_publication(minutes, minutes.live_revision) is None
    # Even past the existence check, the database refuses a second first-publication distribution.
    assert start_distribution(minutes, MinutesDistribution.Reason.FIRST_PUBLICATION) is None
    assert MinutesDistribution.objects.filter(minutes=minutes).count() == 1
    assert len(messages_to_participants()) == len(PARTICIPANT_ADDRESSES)


def test_sending_is_queued_as_a_background_task_after_the_commit(minutes, django_capture_on_commit_callbacks):
    with mock.patch("cluac_pages.tasks.send_minutes_distribution") as task:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            distribution = start_distribution(minutes, MinutesDistribution.Reason.RESEND)
        task.enqueue.assert_not_called()
        for callback in callbacks:
            callback()
    task.enqueue.assert_called_once_with(distribution.pk)
    assert not mail.outbox


# --- A first publication is the first time the minutes go live, whatever the path -----------


def test_correcting_minutes_imported_as_already_distributed_mails_nobody(minutes, author, secretary):
    from cluac_pages.distribution import past_minutes_import
    from cluac_pages.models.validation import minutes_workflow

    # Imported as the demo does: validated long ago and already sent, outside this site.
    with past_minutes_import():
        state = minutes_workflow().start(minutes, user=author)
        state.current_task_state.specific.approve(user=secretary)
    minutes.refresh_from_db()
    assert minutes.live and not messages_to_participants()

    validate(minutes, author, secretary, text="Coquille corrigée dans le compte-rendu importé.")

    assert "Coquille corrigée dans le compte-rendu importé." in Client().get(minutes.url).content.decode()
    assert not messages_to_participants()
    assert not MinutesDistribution.objects.filter(minutes=minutes).exists()


def test_publication_after_a_withdrawal_is_not_a_first_publication(minutes, author, secretary):
    validate(minutes, author, secretary)
    post_admin(secretary, reverse("wagtailadmin_pages:unpublish", args=[minutes.pk]), {})
    minutes.refresh_from_db()
    assert not minutes.live

    validate(minutes, author, secretary, text="Compte-rendu republié.")

    assert minutes.live
    assert len(messages_to_participants()) == len(PARTICIPANT_ADDRESSES)


# --- « Renvoyer aux participants » cannot be pressed without limit ---------------------------


def test_a_resend_is_refused_within_ten_minutes_of_the_last_sending(minutes, author, secretary):
    validate(minutes, author, secretary)
    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])

    refused = post_admin(author, url, {"action": "resend"}).content.decode()
    assert "vient d’être envoyé aux participants" in refused
    assert len(messages_to_participants()) == len(PARTICIPANT_ADDRESSES)

    later = timezone.now() + datetime.timedelta(minutes=11)
    with mock.patch("django.utils.timezone.now", return_value=later):
        accepted = post_admin(author, url, {"action": "resend"}).content.decode()
        assert "Le compte-rendu est renvoyé à 5 participants." in accepted
        for _ in range(20):
            post_admin(author, url, {"action": "resend"})

    assert len(messages_to_participants()) == 2 * len(PARTICIPANT_ADDRESSES)
    assert MinutesDistribution.objects.filter(minutes=minutes, reason="resend").count() == 1


def test_a_resend_is_refused_while_a_sending_is_in_progress(minutes, author, secretary):
    with mock.patch("cluac_pages.tasks.send_minutes_distribution"):
        validate(minutes, author, secretary)
    assert DistributionDelivery.objects.filter(status=DistributionDelivery.Status.PENDING).count() == 5

    later = timezone.now() + datetime.timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = post_admin(
            author, reverse("cluac_pages_minutes_distribution", args=[minutes.pk]), {"action": "resend"}
        )

    assert "Un envoi de ce compte-rendu est en cours" in response.content.decode()
    assert MinutesDistribution.objects.filter(minutes=minutes).count() == 1


# --- Who counts as a participant: the meeting day's members --------------------------------


@pytest.fixture
def meeting_and_people(home_page):
    _committee, meeting, people = build_meeting(home_page)
    return meeting, people


def recipients():
    """Everyone the minutes were mailed to (the workflow's own notifications left aside)."""
    return sorted(address for m in mail.outbox if m.subject.startswith("Compte-rendu :") for address in m.to)


def test_a_replaced_seat_tells_its_titular_of_the_meeting_day_not_today(
    meeting_and_people, author, secretary
):
    meeting, people = meeting_and_people
    # The replaced member left the seat in 2024; a new titular has held it since.
    mandate = Mandate.objects.get(person=people["replaced"])
    Mandate.objects.filter(pk=mandate.pk).update(end_date=datetime.date(2024, 6, 30))
    MandateFactory(
        seat=mandate.seat,
        person=PersonFactory(last_name="NOUVEAU-TITULAIRE", email="nouveau@association.example"),
        start_date=datetime.date(2024, 7, 1),
    )

    validate(create_draft_minutes(meeting, author), author, secretary)

    assert recipients() == sorted(PARTICIPANT_ADDRESSES)
    assert "replaced@association.example" in recipients()


def test_a_designated_substitute_who_did_not_sit_receives_nothing(meeting_and_people, author, secretary):
    meeting, people = meeting_and_people
    # The excused member's seat has a designated substitute, who did not come either.
    seat = Mandate.objects.get(person=people["excused"]).seat
    MandateFactory(
        seat=seat,
        person=PersonFactory(last_name="SUPPLEANTE-EXCUSEE", email="suppleante-excusee@association.example"),
        role=Mandate.Role.SUBSTITUTE,
        start_date=datetime.date(2020, 1, 1),
    )

    validate(create_draft_minutes(meeting, author), author, secretary)

    assert recipients() == sorted(PARTICIPANT_ADDRESSES)


def test_a_seat_held_by_an_unnamed_representative_tells_its_titular(meeting_and_people, author, secretary):
    meeting, people = meeting_and_people
    # « Un représentant de l'association » sat for the present member's seat, without a name.
    Attendance.objects.filter(meeting=meeting, person=people["present"]).update(person=None)

    validate(create_draft_minutes(meeting, author), author, secretary)

    assert recipients() == sorted(PARTICIPANT_ADDRESSES)


def test_an_import_of_past_minutes_mails_nobody_and_ends_with_its_block(home_page, author, secretary):
    from cluac_pages.distribution import past_minutes_import
    from cluac_pages.models.validation import minutes_workflow

    committee, imported_meeting, people = build_meeting(home_page)
    imported = create_draft_minutes(imported_meeting, author)
    with TestCase.captureOnCommitCallbacks(execute=True), past_minutes_import():
        state = minutes_workflow().start(imported, user=author)
        state.current_task_state.specific.approve(user=secretary)
    imported.refresh_from_db()
    assert imported.live
    assert not recipients()
    assert not MinutesDistribution.objects.exists()

    # The next minutes validated on the site are new ones: their participants are told.
    next_meeting = MeetingPageFactory(parent=committee, title="Réunion du 5 octobre 2023", slug="octobre")
    seat = Mandate.objects.get(person=people["present"]).seat
    Attendance.objects.create(
        meeting=next_meeting, seat=seat, status=AttendanceStatus.PRESENT, person=people["present"]
    )
    validate(create_draft_minutes(next_meeting, author), author, secretary)

    assert recipients() == ["present@association.example"]


def admin_messages(response):
    """The messages of the admin page, without the « Aller à la première erreur » of error messages."""
    items = parse(response.content).select(".messages li")
    return [text(item).removesuffix(" Aller à la première erreur") for item in items]


def test_a_refused_resend_says_when_it_will_be_possible_to_the_minute(minutes, author, secretary):
    validate(minutes, author, secretary)
    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])
    sent_at = MinutesDistribution.objects.get(minutes=minutes).created_at
    possible_at = timezone.localtime(sent_at + datetime.timedelta(minutes=10)).strftime("%H:%M")

    refused = post_admin(author, url, {"action": "resend"})

    assert (
        "Le compte-rendu vient d’être envoyé aux participants : un nouvel envoi sera possible à "
        f"{possible_at}." in admin_messages(refused)
    )
    # At that very minute, it is.
    with mock.patch("django.utils.timezone.now", return_value=sent_at + datetime.timedelta(minutes=10)):
        accepted = post_admin(author, url, {"action": "resend"})
    assert "Le compte-rendu est renvoyé à 5 participants." in accepted.content.decode()


def test_unpublished_minutes_are_refused_with_the_reason(minutes, author):
    response = post_admin(
        author, reverse("cluac_pages_minutes_distribution", args=[minutes.pk]), {"action": "resend"}
    )

    assert admin_messages(response) == ["Seul un compte-rendu publié peut être renvoyé aux participants."]


def test_a_sending_in_progress_refuses_a_resend_of_the_same_minutes_only(
    home_page, minutes, author, secretary
):
    validate(minutes, author, secretary)
    committee = minutes.get_parent().get_parent()
    other_meeting = MeetingPageFactory(parent=committee, title="Réunion du 5 octobre 2023", slug="octobre")
    Attendance.objects.create(
        meeting=other_meeting,
        seat=Mandate.objects.get(person__email="present@association.example").seat,
        status=AttendanceStatus.PRESENT,
        person=Mandate.objects.get(person__email="present@association.example").person,
    )
    other = create_draft_minutes(other_meeting, author)
    with mock.patch("cluac_pages.tasks.send_minutes_distribution"):
        validate(other, author, secretary)
    later = timezone.now() + datetime.timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        busy = post_admin(
            author, reverse("cluac_pages_minutes_distribution", args=[other.pk]), {"action": "resend"}
        )
        free = post_admin(
            author, reverse("cluac_pages_minutes_distribution", args=[minutes.pk]), {"action": "resend"}
        )

    assert admin_messages(busy) == [
        "Un envoi de ce compte-rendu est en cours : attendez qu’il soit terminé avant d’en demander un autre."
    ]
    assert "Le compte-rendu est renvoyé à 5 participants." in free.content.decode()


def test_a_member_without_an_address_is_left_out(meeting_and_people, author, secretary):
    meeting, people = meeting_and_people
    people["excused"].email = ""
    people["excused"].save()

    validate(create_draft_minutes(meeting, author), author, secretary)

    assert recipients() == sorted(PARTICIPANT_ADDRESSES - {"excused@association.example"})
    assert sorted(DistributionDelivery.objects.values_list("email", flat=True)) == recipients()


def test_the_record_names_who_asked_for_a_resend(minutes, author, secretary):
    validate(minutes, author, secretary)
    url = reverse("cluac_pages_minutes_distribution", args=[minutes.pk])
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(minutes=11)
    ):
        post_admin(author, url, {"action": "resend"})

    headings = [text(h2) for h2 in parse(client_for(secretary).get(url).content).select("main h2")]
    assert [h for h in headings if h.startswith("Renvoi demandé") and h.endswith("(Anaïs Rédactrice)")], (
        headings
    )
    assert [h for h in headings if h.startswith("Première publication") and not h.endswith(")")], headings
