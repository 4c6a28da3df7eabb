"""Background tasks of the add-on (django-tasks)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import DistributionDelivery, MinutesDistribution

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
        "url": minutes.get_full_url(),
        "resend": distribution.reason == MinutesDistribution.Reason.RESEND,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("cluac_pages/emails/minutes_distribution_subject.txt", context)
        body = render_to_string("cluac_pages/emails/minutes_distribution.txt", context)
    reply_to = [committee.contact_email] if committee.contact_email else None
    message = EmailMessage(" ".join(subject.split()), body, to=[delivery.email], reply_to=reply_to)
    if attachment is not None:
        message.attach(attachment[0], attachment[1], "application/pdf")
    return message


@task()
def send_minutes_distribution(distribution_id):
    """Send a distribution's pending (or failed) deliveries, each at most once at a time."""
    distribution = MinutesDistribution.objects.select_related("minutes").get(pk=distribution_id)
    deliveries = list(
        distribution.deliveries.filter(
            status__in=[DistributionDelivery.Status.PENDING, DistributionDelivery.Status.FAILED]
        ).select_related("person")
    )
    attachment = distribution_attachment(distribution.minutes) if deliveries else None
    sent = 0
    for delivery in deliveries:
        # Claim the delivery: a second worker on the same distribution skips it.
        claimed = DistributionDelivery.objects.filter(
            pk=delivery.pk,
            status__in=[DistributionDelivery.Status.PENDING, DistributionDelivery.Status.FAILED],
        ).update(status=DistributionDelivery.Status.SENDING)
        if not claimed:
            continue
        now = timezone.now()
        try:
            distribution_message(distribution, delivery, attachment).send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded for a retry
            logger.warning("Minutes distribution to %s failed: %s", delivery.email, error)
            DistributionDelivery.objects.filter(pk=delivery.pk).update(
                status=DistributionDelivery.Status.FAILED,
                attempts=delivery.attempts + 1,
                last_attempt_at=now,
                error=str(error)[:2000],
            )
        else:
            sent += 1
            DistributionDelivery.objects.filter(pk=delivery.pk).update(
                status=DistributionDelivery.Status.SENT,
                attempts=delivery.attempts + 1,
                last_attempt_at=now,
                sent_at=now,
                error="",
            )
    return sent


@task()
def send_convocation_round(round_id):
    """Send a convocation round's pending (or failed) deliveries, each at most once at a time.

    Deliveries of a round the meeting has outgrown (changed since, unpublished, past) are not
    sent: they are marked failed with the reason, and the next round carries the current version.
    """
    from .convocations import ConvocationContent, stale_reason
    from .models import ConvocationDelivery, ConvocationRound, MeetingPage

    retryable = [ConvocationDelivery.Status.PENDING, ConvocationDelivery.Status.FAILED]
    convocation_round = ConvocationRound.objects.get(pk=round_id)
    deliveries = list(convocation_round.deliveries.filter(status__in=retryable).select_related("person"))
    if not deliveries:
        return 0
    meeting = MeetingPage.objects.get(pk=convocation_round.meeting_id)
    reason = stale_reason(convocation_round, meeting)
    if reason:
        convocation_round.deliveries.filter(status__in=retryable).update(
            status=ConvocationDelivery.Status.FAILED, error=reason
        )
        return 0
    content = ConvocationContent(convocation_round, meeting)
    sent = 0
    for delivery in deliveries:
        # Claim the delivery: a second worker on the same round skips it.
        claimed = ConvocationDelivery.objects.filter(pk=delivery.pk, status__in=retryable).update(
            status=ConvocationDelivery.Status.SENDING
        )
        if not claimed:
            continue
        now = timezone.now()
        try:
            content.message(delivery).send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded for a retry
            logger.warning("Convocation to %s failed: %s", delivery.email, error)
            ConvocationDelivery.objects.filter(pk=delivery.pk).update(
                status=ConvocationDelivery.Status.FAILED,
                attempts=delivery.attempts + 1,
                last_attempt_at=now,
                error=str(error)[:2000],
            )
        else:
            sent += 1
            ConvocationDelivery.objects.filter(pk=delivery.pk).update(
                status=ConvocationDelivery.Status.SENT,
                attempts=delivery.attempts + 1,
                last_attempt_at=now,
                sent_at=now,
                error="",
            )
    return sent
