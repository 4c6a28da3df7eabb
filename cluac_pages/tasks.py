"""Background tasks of the add-on (django-tasks)."""

import logging

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from .emails import render_subject, render_text
from .models import MinutesDistribution
from .models.delivery import EmailDelivery
from .models.participants import recipient_organisation

logger = logging.getLogger(__name__)


def distribution_attachment(minutes):
    """The validated minutes as a PDF, or ``None`` if it cannot be produced (the link remains)."""
    from .pdf import minutes_pdf, pdf_filename

    try:
        return pdf_filename(minutes), minutes_pdf(minutes)
    except Exception:  # noqa: BLE001 - the e-mail still carries the link to the minutes
        logger.exception("The PDF of minutes %s could not be produced", minutes.pk)
        return None


def distribution_message(distribution, delivery, attachment=None):
    minutes = distribution.minutes
    meeting = minutes.get_parent().specific
    committee = meeting.get_parent().specific
    context = {
        "minutes": minutes,
        "meeting": meeting,
        "committee": committee,
        "person": delivery.person,
        "of_organisation": recipient_organisation(meeting, delivery.person, delivery.email),
        "url": minutes.get_full_url(),
        "resend": distribution.reason == MinutesDistribution.Reason.RESEND,
    }
    subject = render_subject("cluac_pages/emails/minutes_distribution_subject.txt", context)
    body = render_text("cluac_pages/emails/minutes_distribution.txt", context)
    reply_to = [committee.contact_email] if committee.contact_email else None
    message = EmailMessage(subject, body, to=[delivery.email], reply_to=reply_to)
    if attachment is not None:
        message.attach(attachment[0], attachment[1], "application/pdf")
    return message


RETRYABLE = [EmailDelivery.Status.PENDING, EmailDelivery.Status.FAILED]


def deliver(deliveries, build_message, what):
    """Send each delivery once: claim it, send its message, record the outcome.

    A delivery is claimed by moving it to « sending », so that a second worker on the
    same batch skips it; a failure is recorded (for a retry) and never stops the others.
    Returns how many messages were sent.
    """
    sent = 0
    for delivery in deliveries:
        model = type(delivery)
        if not model.objects.filter(pk=delivery.pk, status__in=RETRYABLE).update(status=model.Status.SENDING):
            continue
        now = timezone.now()
        outcome = {"attempts": delivery.attempts + 1, "last_attempt_at": now}
        try:
            build_message(delivery).send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded for a retry
            logger.warning("%s to %s failed: %s", what, delivery.email, error)
            model.objects.filter(pk=delivery.pk).update(
                status=model.Status.FAILED, error=str(error)[:2000], **outcome
            )
        else:
            sent += 1
            model.objects.filter(pk=delivery.pk).update(
                status=model.Status.SENT, sent_at=now, error="", **outcome
            )
    return sent


@task()
def send_minutes_distribution(distribution_id):
    """Send a distribution's pending (or failed) deliveries, each at most once at a time."""
    distribution = MinutesDistribution.objects.select_related("minutes").get(pk=distribution_id)
    deliveries = list(distribution.deliveries.filter(status__in=RETRYABLE).select_related("person"))
    attachment = distribution_attachment(distribution.minutes) if deliveries else None
    return deliver(
        deliveries,
        lambda delivery: distribution_message(distribution, delivery, attachment),
        "Minutes distribution",
    )


@task()
def send_convocation_round(round_id):
    """Send a convocation round's pending (or failed) deliveries, each at most once at a time.

    Deliveries of a round the meeting has outgrown (changed since, unpublished, past) are not
    sent: they are marked failed with the reason, and the next round carries the current version.
    """
    from .convocations import ConvocationContent, stale_reason
    from .models import ConvocationDelivery, ConvocationRound, MeetingPage

    convocation_round = ConvocationRound.objects.get(pk=round_id)
    deliveries = list(convocation_round.deliveries.filter(status__in=RETRYABLE).select_related("person"))
    if not deliveries:
        return 0
    meeting = MeetingPage.objects.get(pk=convocation_round.meeting_id)
    reason = stale_reason(convocation_round, meeting)
    if reason:
        convocation_round.deliveries.filter(status__in=RETRYABLE).update(
            status=ConvocationDelivery.Status.FAILED, error=reason
        )
        return 0
    content = ConvocationContent(convocation_round, meeting)
    return deliver(deliveries, content.message, "Convocation")


@task()
def send_review_invitations(review_id, person_ids, user_id=None):
    """E-mail each person their personal link to give an opinion on a document; log the sending.

    No invitation leaves after the closing date. Who was sent it, and who could not be, is kept in
    the review's audit log and shown on its admin screen.
    """
    from django.contrib.auth import get_user_model
    from wagtail.log_actions import log

    from .models import DocumentReview, Person
    from .reviews import INVITATIONS_SENT, InvitationContent

    review = DocumentReview.objects.select_related("committee", "document").get(pk=review_id)
    if not review.is_open:
        return 0
    content = InvitationContent(review)
    sent, failed = [], []
    for person in Person.objects.filter(pk__in=person_ids).exclude(email=""):
        try:
            content.message(person).send()
        except Exception as error:  # noqa: BLE001 - the others are still sent; the failure is logged
            logger.warning("Invitation to give an opinion to person %s failed: %s", person.pk, error)
            failed.append(person.pk)
        else:
            sent.append(person.pk)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    log(review, INVITATIONS_SENT, user=user, data={"sent": sent, "failed": failed})
    return len(sent)
