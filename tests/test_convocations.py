"""Convocations reach each seat holder and guest once per version, with the .ics; every sending is kept."""

import datetime
import re
import uuid
from unittest import mock

import pytest
import wagtail_factories
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from icalendar import Calendar

from cluac_pages.models import (
    AgendaItem,
    ConvocationDelivery,
    ConvocationRound,
    Mandate,
    MeetingDocument,
    MeetingPage,
)

from .factories import PARIS, MandateFactory, PersonFactory, SeatFactory
from .workflow_helpers import PARTICIPANT_ADDRESSES, SERVICE_COMMUNICATION, build_meeting, edit_url, make_user

# Every seat holder on the meeting day (the absent titular too) and the guest with an address.
RECIPIENTS = PARTICIPANT_ADDRESSES | {"absent@association.example"}
START = datetime.datetime(2040, 9, 6, 10, 0, tzinfo=PARIS)
DEADLINE_SENTENCE = (
    "En cas d’empêchement, informez le secrétariat de l’identité et de la fonction de votre suppléant "
    "au plus tard le mardi 4 septembre 2040."
)


def make_document(title):
    return wagtail_factories.DocumentFactory(
        title=title, file__filename=f"{uuid.uuid4().hex[:8]}.pdf", file__data=b"%PDF-1.4\n" + b"x" * 100
    )


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def editor(db):
    return make_user("redacteur", SERVICE_COMMUNICATION)


@pytest.fixture
def setup(home_page):
    committee, meeting, people = build_meeting(home_page)
    meeting.start = START
    meeting.place = "Salle Erdre, préfecture"
    meeting.save()
    slides = make_document("Diaporama Qual-e-pref")
    survey = make_document("Résultats de l'enquête")
    AgendaItem.objects.create(
        meeting=meeting, title="Bilan de l'accueil", presenter="le SGCD", document=slides, sort_order=0
    )
    AgendaItem.objects.create(meeting=meeting, title="Questions diverses", sort_order=1)
    MeetingDocument.objects.create(
        meeting=meeting, document=survey, sent_on=datetime.date(2040, 8, 30), sort_order=0
    )
    meeting = publish(MeetingPage.objects.get(pk=meeting.pk))
    return meeting, people, slides, survey


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def page_url(meeting):
    return reverse("cluac_pages_meeting_convocations", args=[meeting.pk])


def send(user, meeting):
    """Open the convocations screen and press « Envoyer la convocation », as the editor would."""
    client = client_for(user)
    screen = client.get(page_url(meeting)).content.decode()
    token = re.search(r'name="plan" value="([0-9a-f]*)"', screen).group(1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(page_url(meeting), {"action": "send", "plan": token}, follow=True)
    return response.content.decode()


def recipients_of(messages):
    return sorted(address for message in messages for address in message.to)


def ics_of(message):
    [attachment] = message.attachments
    assert attachment.filename == "reunion.ics"
    return attachment, Calendar.from_ical(attachment.content)


def test_first_sending_reaches_every_seat_holder_and_guest(setup, editor):
    meeting, people, slides, survey = setup
    screen = client_for(editor).get(page_url(meeting)).content.decode()
    assert "Premier envoi : la convocation sera envoyée à 6 destinataires." in screen
    # The guest without an address is shown so that the secretariat reaches them otherwise.
    assert "SANSADRESSE" in screen and "sans adresse" in screen

    body = send(editor, meeting)

    assert "Convocation : envoi en cours à 6 destinataires." in body
    assert recipients_of(mail.outbox) == sorted(RECIPIENTS)
    message = mail.outbox[0]
    assert message.subject == "Convocation : CLU de test – 6 septembre 2040"
    assert message.reply_to == ["pref-qualite@example.gouv.fr"]
    text = message.body
    assert "Date : jeudi 6 septembre 2040 de 10h à 12h30" in text
    assert "Lieu : Salle Erdre, préfecture" in text
    assert text.index("1. Bilan de l'accueil – présenté par le SGCD") < text.index("2. Questions diverses")
    assert f"http://localhost/documents/{slides.pk}/{slides.filename}" in text
    assert f"http://localhost/documents/{survey.pk}/{survey.filename}" in text
    assert "(envoyé le 30 août 2040)" in text
    assert DEADLINE_SENTENCE in text


def test_the_ics_attachment_is_an_invitation(setup, editor):
    meeting = setup[0]
    send(editor, meeting)

    attachment, calendar = ics_of(mail.outbox[0])
    assert attachment.mimetype == "text/calendar; method=REQUEST"
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@localhost"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt == START
    assert str(event["LOCATION"]) == "Salle Erdre, préfecture"
    assert str(event["ATTENDEE"]) == f"mailto:{mail.outbox[0].to[0]}"


def test_deliveries_are_recorded_and_shown(setup, editor):
    meeting = setup[0]
    send(editor, meeting)

    convocation_round = ConvocationRound.objects.get(meeting=meeting)
    assert convocation_round.kind == ConvocationRound.Kind.INVITATION
    assert convocation_round.sequence == 0 and convocation_round.requested_by == editor
    deliveries = convocation_round.deliveries.all()
    assert {d.email for d in deliveries} == RECIPIENTS
    assert {d.status for d in deliveries} == {ConvocationDelivery.Status.SENT}
    assert all(d.sent_at and d.attempts == 1 for d in deliveries)
    screen = client_for(editor).get(page_url(meeting)).content.decode()
    for address in RECIPIENTS:
        assert address in screen
    assert screen.count("<td>Envoyé</td>") == len(RECIPIENTS)


def test_sending_again_without_change_sends_nothing(setup, editor):
    meeting = setup[0]
    send(editor, meeting)
    republished = publish(meeting)

    screen = client_for(editor).get(page_url(republished)).content.decode()
    assert "Rien de nouveau à envoyer" in screen
    body = send(editor, republished)

    assert "Rien de nouveau à envoyer" in body
    assert len(mail.outbox) == len(RECIPIENTS)
    assert ConvocationRound.objects.filter(meeting=meeting).count() == 1


def test_a_changed_place_sends_an_update_to_everyone(setup, editor):
    meeting = setup[0]
    send(editor, meeting)
    meeting.place = "Salle Loire, préfecture"
    meeting = publish(meeting)

    screen = client_for(editor).get(page_url(meeting)).content.decode()
    assert "Mise à jour : la réunion a changé depuis le dernier envoi" in screen
    send(editor, meeting)

    updates = mail.outbox[len(RECIPIENTS) :]
    assert recipients_of(updates) == sorted(RECIPIENTS)
    assert updates[0].subject == "Modification de la convocation : CLU de test – 6 septembre 2040"
    assert "Lieu : Salle Loire, préfecture" in updates[0].body
    _attachment, calendar = ics_of(updates[0])
    [event] = calendar.walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["LOCATION"]) == "Salle Loire, préfecture"
    latest = ConvocationRound.objects.filter(meeting=meeting).first()
    assert latest.kind == ConvocationRound.Kind.UPDATE and latest.sequence == 1


def test_a_new_seat_holder_receives_the_current_version_only(setup, editor):
    meeting = setup[0]
    send(editor, meeting)
    meeting.place = "Salle Loire, préfecture"
    meeting = publish(meeting)
    send(editor, meeting)
    sent_before = len(mail.outbox)
    newcomer = PersonFactory(last_name="NOUVEAU", email="Nouveau@Association.example")
    MandateFactory(
        seat=SeatFactory(committee=meeting.committee),
        person=newcomer,
        role=Mandate.Role.SUBSTITUTE,
        start_date=datetime.date(2040, 1, 1),
    )

    screen = client_for(editor).get(page_url(meeting)).content.decode()
    assert "seul 1 nouveau destinataire recevra la convocation actuelle" in screen
    send(editor, meeting)

    [message] = mail.outbox[sent_before:]
    assert message.to == ["nouveau@association.example"]
    assert message.subject.startswith("Convocation : ")
    assert "Salle Loire, préfecture" in message.body
    [event] = ics_of(message)[1].walk("VEVENT")
    assert event["SEQUENCE"] == 1
    # Nobody is sent the same version twice.
    send(editor, meeting)
    assert len(mail.outbox) == sent_before + 1


def test_a_cancelled_meeting_sends_a_cancellation(setup, editor):
    meeting = setup[0]
    send(editor, meeting)
    meeting.cancelled = True
    meeting = publish(meeting)

    screen = client_for(editor).get(page_url(meeting)).content.decode()
    assert "La réunion est annulée : l’annulation sera envoyée à 6 destinataires." in screen
    send(editor, meeting)

    cancellations = mail.outbox[len(RECIPIENTS) :]
    assert recipients_of(cancellations) == sorted(RECIPIENTS)
    assert cancellations[0].subject == "Annulation : CLU de test – 6 septembre 2040"
    attachment, calendar = ics_of(cancellations[0])
    assert attachment.mimetype == "text/calendar; method=CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert event["SEQUENCE"] == 1 and str(event["STATUS"]) == "CANCELLED"


def test_a_failed_delivery_is_recorded_and_retried(setup, editor):
    meeting = setup[0]
    real_send = mail.EmailMessage.send

    def flaky_send(message, *args, **kwargs):
        if "invitee@service.example" in message.to:
            raise ConnectionRefusedError("Serveur SMTP injoignable")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky_send):
        send(editor, meeting)

    failed = ConvocationDelivery.objects.get(email="invitee@service.example")
    assert failed.status == ConvocationDelivery.Status.FAILED and failed.attempts == 1
    assert "Serveur SMTP injoignable" in failed.error
    assert "Serveur SMTP injoignable" in client_for(editor).get(page_url(meeting)).content.decode()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(editor).post(page_url(meeting), {"action": "retry"}, follow=True)

    assert "Les envois en échec sont relancés." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == ConvocationDelivery.Status.SENT and failed.attempts == 2
    assert len([m for m in mail.outbox if m.to == ["invitee@service.example"]]) == 1
    assert len([m for m in mail.outbox if m.to == ["present@association.example"]]) == 1


def test_sending_is_queued_as_a_background_task_after_the_commit(
    setup, editor, django_capture_on_commit_callbacks
):
    meeting = setup[0]
    client = client_for(editor)
    screen = client.get(page_url(meeting)).content.decode()
    token = re.search(r'name="plan" value="([0-9a-f]*)"', screen).group(1)
    with mock.patch("cluac_pages.tasks.send_convocation_round") as task:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(page_url(meeting), {"action": "send", "plan": token})
        task.enqueue.assert_not_called()
        for callback in callbacks:
            callback()
    convocation_round = ConvocationRound.objects.get(meeting=meeting)
    task.enqueue.assert_called_once_with(convocation_round.pk)
    assert not mail.outbox
    assert {d.status for d in convocation_round.deliveries.all()} == {ConvocationDelivery.Status.PENDING}


def test_a_confirmation_for_an_outdated_plan_is_refused(setup, editor):
    meeting = setup[0]
    client = client_for(editor)
    screen = client.get(page_url(meeting)).content.decode()
    token = re.search(r'name="plan" value="([0-9a-f]*)"', screen).group(1)
    meeting.place = "Salle Loire, préfecture"
    publish(meeting)

    response = client.post(page_url(meeting), {"action": "send", "plan": token}, follow=True)

    assert "ont changé depuis l’affichage de cette page" in response.content.decode()
    assert not ConvocationRound.objects.exists() and not mail.outbox


def test_nothing_is_sent_for_a_draft_meeting(setup, editor):
    meeting = setup[0]
    meeting.unpublish()

    body = send(editor, meeting)

    assert "Seule une réunion publiée peut être convoquée" in body
    assert not mail.outbox and not ConvocationRound.objects.exists()


def test_nothing_is_sent_for_a_past_meeting(setup, editor):
    meeting = setup[0]
    meeting.start = datetime.datetime(2023, 9, 7, 10, 0, tzinfo=PARIS)
    meeting = publish(meeting)

    body = send(editor, meeting)

    assert "Cette réunion a déjà eu lieu" in body
    assert not mail.outbox and not ConvocationRound.objects.exists()


def test_the_screen_is_reached_from_the_meeting_and_kept_to_its_editors(setup, editor):
    meeting = setup[0]
    assert page_url(meeting) in client_for(editor).get(edit_url(meeting)).content.decode()

    outsider = make_user("visiteur", is_staff=False)
    response = client_for(outsider).post(page_url(meeting), {"action": "send"})

    assert response.status_code in (302, 403)
    assert not mail.outbox and not ConvocationRound.objects.exists()
