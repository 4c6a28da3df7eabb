"""Members answer a convocation through their personal link: present, excused or replaced in time."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cluac_pages.calendar import substitution_deadline
from cluac_pages.convocations import send_convocation
from cluac_pages.member_links import DOCUMENT_OPINION, MEETING_REPLY, make_token, read_token
from cluac_pages.models import (
    Attendance,
    AttendanceStatus,
    Mandate,
    MeetingPage,
    MeetingParticipant,
    Person,
    SubstitutionNotice,
)
from cluac_pages.substitutions import record_substitution
from cluac_pages.templatetags.cluac_tags import long_date

from .factories import (
    PARIS,
    CollegeFactory,
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    PersonFactory,
    SeatFactory,
)
from .html import parse, text
from .workflow_helpers import SERVICE_COMMUNICATION, client_for, make_user

MANDATES_START = datetime.date(2024, 1, 1)
INVALID = "Ce lien n'est pas valide"
EXPIRED = "Cette réunion a eu lieu : le lien n'est plus valable"
NEW_SUBSTITUTE = {
    "answer": "substitute",
    "civility": "m",
    "first_name": "Paul",
    "last_name": "REMPLAÇANT",
    "function": "trésorier",
}


def start_in(delta):
    return timezone.now() + delta


def in_a_month():
    """A meeting at 10h, thirty days from now: its substitution deadline is weeks away."""
    day = timezone.localtime(timezone.now(), PARIS).date() + datetime.timedelta(days=30)
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=PARIS)


def build(home_page, start, end_time=None):
    """A live meeting of a Loire-Atlantique committee with two seats, a designated substitute and a guest."""
    committee = CommitteePageFactory(
        parent=home_page, title="CLU de test", slug="clu", departement="44", substitution_notice_days=2
    )
    meeting = MeetingPageFactory(
        parent=committee,
        title="Réunion d'automne",
        slug="reunion",
        start=start,
        end_time=end_time,
        place="Salle Erdre",
    )
    college = CollegeFactory(name="Usagers")
    seat_a = SeatFactory(
        committee=committee, college=college, title="Un représentant de l'UDAF", sort_order=0
    )
    seat_b = SeatFactory(
        committee=committee, college=college, title="Un représentant de la Cimade", sort_order=1
    )
    alice = PersonFactory(last_name="TITULAIRE-A", email="alice@udaf.example", phone="06 11 11 11 11")
    bob = PersonFactory(last_name="TITULAIRE-B", email="bob@cimade.example", phone="06 22 22 22 22")
    designated = PersonFactory(
        last_name="SUPPLEANTE-A", email="suppleante@udaf.example", phone="06 33 33 33 33"
    )
    guest = PersonFactory(last_name="INVITEE", email="invitee@service.example", phone="06 44 44 44 44")
    MandateFactory(seat=seat_a, person=alice, start_date=MANDATES_START)
    MandateFactory(seat=seat_a, person=designated, role=Mandate.Role.SUBSTITUTE, start_date=MANDATES_START)
    MandateFactory(seat=seat_b, person=bob, start_date=MANDATES_START)
    MeetingParticipant.objects.create(meeting=meeting, person=guest)
    people = {"alice": alice, "bob": bob, "designated": designated, "guest": guest}
    return meeting, seat_a, seat_b, people


@pytest.fixture
def in_time(home_page):
    return build(home_page, in_a_month(), datetime.time(12, 30))


@pytest.fixture
def too_late(home_page):
    """A meeting in two hours: its substitution deadline (2 jours ouvrables before) has passed."""
    return build(home_page, start_in(datetime.timedelta(hours=2)))


def reply_url(person, meeting, purpose=MEETING_REPLY):
    return reverse("cluac_pages:meeting_reply", args=[make_token(purpose, person, meeting)])


def answer(url, data, client=None):
    return (client or Client()).post(url, data, follow=True)


def page_text(response):
    return text(parse(response.content).select_one("main"))


def errors(response):
    return [text(p) for p in parse(response.content).select(".cluac-reply-error p")]


def attendance(meeting, seat):
    row = Attendance.objects.filter(meeting=meeting, seat=seat).first()
    return (row.status, row.person) if row else None


def late_message(meeting):
    day = timezone.localtime(meeting.start, PARIS).date()
    deadline = substitution_deadline(day, "44", days=2)
    return (
        f"La suppléance devait être signalée au plus tard le {long_date(deadline, True)} (2 jours ouvrables "
        f"avant la réunion du {long_date(day, True)}). Elle ne peut pas être acceptée."
    )


def test_the_page_shows_the_meeting_and_the_member_own_seat(in_time):
    meeting, seat_a, _seat_b, people = in_time

    response = Client().get(reply_url(people["alice"], meeting))

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    content = page_text(response)
    assert "Réunion d'automne" in content
    assert long_date(meeting.start, True) in content and "de 10h à 12h30" in content
    assert "Lieu : Salle Erdre" in content
    assert people["alice"].full_name in content
    assert "Siège : Un représentant de l'UDAF" in content
    assert "Réponse enregistrée : pas encore de réponse" in content
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_present_is_recorded_at_once(in_time):
    meeting, seat_a, _seat_b, people = in_time
    url = reply_url(people["alice"], meeting)

    response = Client().post(url, {"seat": seat_a.pk, "answer": "present"})

    assert response.status_code == 302 and response["Location"] == url
    assert attendance(meeting, seat_a) == (AttendanceStatus.PRESENT, people["alice"])
    content = page_text(Client().get(url))
    assert "Réponse enregistrée : Présent(e)" in content


def test_excused_is_recorded_with_a_confirmation(in_time):
    meeting, seat_a, _seat_b, people = in_time

    response = answer(reply_url(people["alice"], meeting), {"seat": seat_a.pk, "answer": "excused"})

    assert "Merci : votre réponse est enregistrée et transmise au secrétariat." in page_text(response)
    assert attendance(meeting, seat_a) == (AttendanceStatus.EXCUSED, people["alice"])
    assert "Réponse enregistrée : Excusé(e)" in page_text(response)


def test_a_substitute_in_time_is_recorded_and_shown_in_the_admin(in_time):
    meeting, seat_a, _seat_b, people = in_time

    response = answer(reply_url(people["alice"], meeting), {"seat": seat_a.pk, **NEW_SUBSTITUTE})

    assert errors(response) == []
    substitute = Person.objects.get(last_name="REMPLAÇANT")
    assert (substitute.civility, substitute.first_name, substitute.function) == ("m", "Paul", "trésorier")
    assert substitute.organisation == seat_a.organisation
    notice = SubstitutionNotice.objects.get()
    assert (notice.meeting, notice.seat, notice.titular, notice.substitute) == (
        meeting,
        seat_a,
        people["alice"],
        substitute,
    )
    assert notice.recorded_by is None and notice.is_in_time()
    assert attendance(meeting, seat_a) == (AttendanceStatus.REPRESENTED, substitute)
    assert "Réponse enregistrée : remplacé(e) par M. Paul REMPLAÇANT, trésorier" in page_text(response)

    editor = make_user("communication", SERVICE_COMMUNICATION)
    screen = client_for(editor).get(reverse("cluac_pages_meeting_attendance", args=[meeting.pk]))
    [row] = [tr for tr in parse(screen.content).select("main tbody tr") if "UDAF" in text(tr.th)]
    assert row.select_one("select[name$=status] option[selected]")["value"] == AttendanceStatus.REPRESENTED
    assert "M. Paul REMPLAÇANT" in text(row.select_one("select[name$=person] option[selected]"))
    assert "mis à jour le" in text(row)


def test_a_late_substitute_is_refused_with_the_date_and_nothing_is_recorded(too_late):
    meeting, seat_a, _seat_b, people = too_late
    url = reply_url(people["alice"], meeting)
    people_before = Person.objects.count()

    page = Client().get(url)
    assert late_message(meeting) in page_text(page)
    assert 'value="substitute"' not in page.content.decode()

    # The page was opened before the deadline and sent after it.
    response = answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE})

    assert response.status_code == 400
    assert errors(response) == [late_message(meeting)]
    assert Person.objects.count() == people_before
    assert not SubstitutionNotice.objects.exists()
    assert not Attendance.objects.exists()

    # Present or excused may still be answered until the meeting starts.
    answer(url, {"seat": seat_a.pk, "answer": "excused"})
    assert attendance(meeting, seat_a) == (AttendanceStatus.EXCUSED, people["alice"])


def test_the_answer_can_be_changed_before_the_deadline(in_time):
    meeting, seat_a, _seat_b, people = in_time
    url = reply_url(people["alice"], meeting)

    answer(url, {"seat": seat_a.pk, "answer": "present"})
    answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE})
    assert attendance(meeting, seat_a)[0] == AttendanceStatus.REPRESENTED

    answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE, "last_name": "AUTRE"})
    notice = SubstitutionNotice.objects.get()
    assert notice.substitute.last_name == "AUTRE"
    assert attendance(meeting, seat_a) == (AttendanceStatus.REPRESENTED, notice.substitute)

    response = answer(url, {"seat": seat_a.pk, "answer": "excused"})
    assert not SubstitutionNotice.objects.exists()
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert attendance(meeting, seat_a) == (AttendanceStatus.EXCUSED, people["alice"])
    assert "Réponse enregistrée : Excusé(e)" in page_text(response)


def test_changing_the_answer_twenty_times_leaves_no_orphan_person(in_time):
    meeting, seat_a, _seat_b, people = in_time
    url = reply_url(people["alice"], meeting)
    persons_before = Person.objects.count()

    for number in range(20):
        answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE, "last_name": f"REMPLAÇANT-{number}"})
        if number % 5 == 2:
            answer(url, {"seat": seat_a.pk, "answer": "present"})

    # One substitute is named: one person more, whom the secretariat sees.
    assert Person.objects.count() == persons_before + 1
    notice = SubstitutionNotice.objects.get()
    assert notice.substitute.last_name == "REMPLAÇANT-19"
    assert attendance(meeting, seat_a) == (AttendanceStatus.REPRESENTED, notice.substitute)

    answer(url, {"seat": seat_a.pk, "answer": "excused"})
    assert Person.objects.count() == persons_before
    assert set(Person.objects.all()) >= set(people.values())


def test_a_person_known_elsewhere_is_never_deleted_by_a_changed_answer(in_time, author):
    meeting, seat_a, _seat_b, people = in_time
    url = reply_url(people["alice"], meeting)
    answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE})
    substitute = SubstitutionNotice.objects.get().substitute
    # The secretariat records the named substitute as a participant of the meeting as well.
    MeetingParticipant.objects.create(meeting=meeting, person=substitute)

    answer(url, {"seat": seat_a.pk, "answer": "present"})
    answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE, "last_name": "AUTRE"})

    assert Person.objects.filter(pk=substitute.pk, last_name="REMPLAÇANT").exists()
    assert SubstitutionNotice.objects.get().substitute.last_name == "AUTRE"


def test_a_substitution_cannot_be_changed_after_the_deadline(too_late):
    meeting, seat_a, _seat_b, people = too_late
    substitute = people["designated"]
    record_substitution(meeting, seat_a, substitute, timezone.now() - datetime.timedelta(days=10))
    url = reply_url(people["alice"], meeting)

    page = Client().get(url)
    assert "remplacé(e) par" in page_text(page) and '<form method="post"' not in page.content.decode()
    assert "la date limite pour la modifier" in page_text(page)

    response = answer(url, {"seat": seat_a.pk, "answer": "present"})

    assert response.status_code == 400
    assert "pour changer votre réponse, écrivez au secrétariat du comité" in page_text(response)
    assert attendance(meeting, seat_a) == (AttendanceStatus.REPRESENTED, substitute)
    assert SubstitutionNotice.objects.count() == 1


def test_the_link_expires_when_the_meeting_starts(home_page):
    meeting, seat_a, _seat_b, people = build(home_page, start_in(-datetime.timedelta(minutes=5)))
    url = reply_url(people["alice"], meeting)

    response = Client().get(url)

    assert response.status_code == 410
    content = page_text(response)
    assert EXPIRED in content
    for hidden in ["Réunion d'automne", "Salle Erdre", people["alice"].last_name, "UDAF"]:
        assert hidden not in content
    response = Client().post(url, {"seat": seat_a.pk, "answer": "present"})
    assert response.status_code == 410
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("change", ["one_character", "truncated", "garbage", "empty_payload"])
def test_a_tampered_link_gets_a_clear_page(in_time, change):
    meeting, seat_a, _seat_b, people = in_time
    token = make_token(MEETING_REPLY, people["alice"], meeting)
    middle = len(token) // 2
    token = {
        "one_character": token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :],
        "truncated": token[:-3],
        "garbage": "pas-un-jeton",
        "empty_payload": ":",
    }[change]

    response = Client().get(reverse("cluac_pages:meeting_reply", args=[token]))
    posted = Client().post(reverse("cluac_pages:meeting_reply", args=[token]), {"answer": "present"})

    assert response.status_code == posted.status_code == 404
    assert text(parse(response.content).select_one("h1")) == INVALID
    assert "TITULAIRE" not in page_text(response)
    assert not Attendance.objects.exists()


def test_a_document_opinion_link_is_not_a_reply_link(in_time):
    meeting, _seat_a, _seat_b, people = in_time

    response = Client().get(reply_url(people["alice"], meeting, purpose=DOCUMENT_OPINION))

    assert response.status_code == 404
    assert INVALID in page_text(response)


def test_a_link_for_an_unpublished_meeting_is_invalid(in_time):
    meeting, _seat_a, _seat_b, people = in_time
    MeetingPage.objects.filter(pk=meeting.pk).update(live=False)

    assert Client().get(reply_url(people["alice"], meeting)).status_code == 404


def test_a_member_link_neither_shows_nor_changes_another_member(in_time):
    meeting, seat_a, seat_b, people = in_time
    Attendance.objects.create(
        meeting=meeting, seat=seat_b, status=AttendanceStatus.EXCUSED, person=people["bob"]
    )
    url = reply_url(people["alice"], meeting)

    content = page_text(Client().get(url))
    assert people["alice"].last_name in content
    for other in ["TITULAIRE-B", "Cimade", "SUPPLEANTE-A", "INVITEE"]:
        assert other not in content

    # Posting another seat with A's link is refused.
    response = answer(url, {"seat": seat_b.pk, "answer": "present"})
    assert response.status_code == 400
    assert attendance(meeting, seat_b) == (AttendanceStatus.EXCUSED, people["bob"])
    assert attendance(meeting, seat_a) is None


def test_no_address_or_phone_number_appears_on_the_page(in_time):
    meeting, seat_a, _seat_b, people = in_time
    url = reply_url(people["alice"], meeting)
    answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE})

    content = Client().get(url).content.decode()

    for person in Person.objects.all():
        for private in [person.email, person.phone]:
            if private:
                assert private not in content
    assert "@example.org" not in content


def test_substitutes_and_guests_cannot_answer_with_a_link(in_time):
    meeting, _seat_a, _seat_b, people = in_time

    for key in ["designated", "guest"]:
        response = Client().get(reply_url(people[key], meeting))
        assert response.status_code == 403
        assert "Ce lien ne permet pas de répondre" in page_text(response)
        assert "Réunion d'automne" not in page_text(response)


def test_a_cancelled_meeting_takes_no_answer(in_time):
    meeting, seat_a, _seat_b, people = in_time
    MeetingPage.objects.filter(pk=meeting.pk).update(cancelled=True)

    response = Client().post(reply_url(people["alice"], meeting), {"seat": seat_a.pk, "answer": "present"})

    assert response.status_code == 410
    assert not Attendance.objects.exists()


def test_the_form_requires_the_substitute_identity_and_function(in_time):
    meeting, seat_a, _seat_b, people = in_time

    response = answer(reply_url(people["alice"], meeting), {"seat": seat_a.pk, "answer": "substitute"})

    assert response.status_code == 400
    page = parse(response.content)
    assert text(page.select_one("#reply-last_name-error")) == "Indiquez le nom de votre suppléant."
    assert text(page.select_one("#reply-function-error")) == "Indiquez la fonction de votre suppléant."
    assert not Person.objects.filter(last_name="").exists()
    assert not Attendance.objects.exists()


def test_the_form_is_protected_against_cross_site_requests(in_time):
    meeting, seat_a, _seat_b, people = in_time
    client = Client(enforce_csrf_checks=True)

    response = client.post(reply_url(people["alice"], meeting), {"seat": seat_a.pk, "answer": "present"})

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_page_runs_the_same_queries_whatever_the_seats_and_answers(in_time):
    meeting, seat_a, seat_b, people = in_time
    one_seat = reply_url(people["alice"], meeting)
    MandateFactory(seat=SeatFactory(committee=seat_a.committee, title="Un autre siège"), person=people["bob"])
    Attendance.objects.create(
        meeting=meeting, seat=seat_b, status=AttendanceStatus.EXCUSED, person=people["bob"]
    )
    two_seats = reply_url(people["bob"], meeting)
    Client().get(one_seat)  # warm the site and settings caches

    counts = []
    for url in [one_seat, two_seats]:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 12


def test_each_convocation_carries_its_recipient_own_link(in_time):
    meeting, _seat_a, _seat_b, people = in_time
    meeting.save_revision().publish()
    meeting = MeetingPage.objects.get(pk=meeting.pk)

    with TestCase.captureOnCommitCallbacks(execute=True):
        send_convocation(meeting)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {p.email for p in people.values()}
    links = {
        address: re.findall(r"http://localhost/reponse/([^/\s]+)/", body) for address, body in bodies.items()
    }
    assert [read_token(MEETING_REPLY, t) for t in links["alice@udaf.example"]] == [
        (people["alice"].pk, meeting.pk)
    ]
    assert [read_token(MEETING_REPLY, t) for t in links["bob@cimade.example"]] == [
        (people["bob"].pk, meeting.pk)
    ]
    assert links["suppleante@udaf.example"] == links["invitee@service.example"] == []
    assert "avec votre lien personnel" in bodies["alice@udaf.example"]

    # Alice's link opens Alice's answer, not Bob's.
    content = page_text(Client().get(reverse("cluac_pages:meeting_reply", args=links["alice@udaf.example"])))
    assert "TITULAIRE-A" in content and "TITULAIRE-B" not in content


def test_a_substitute_named_on_the_deadline_day_itself_is_accepted(home_page):
    # Thursday 11 March 2027 at 10h, Loire-Atlantique, 2 jours ouvrables: the deadline is Tuesday 9 March.
    meeting, seat_a, _seat_b, people = build(home_page, datetime.datetime(2027, 3, 11, 10, 0, tzinfo=PARIS))
    assert substitution_deadline(datetime.date(2027, 3, 11), "44", days=2) == datetime.date(2027, 3, 9)
    url = reply_url(people["alice"], meeting)
    deadline_evening = datetime.datetime(2027, 3, 9, 18, 30, tzinfo=PARIS)

    with mock.patch("django.utils.timezone.now", return_value=deadline_evening):
        page = Client().get(url)
        response = answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE})

    assert 'value="substitute"' in page.content.decode()
    assert "La suppléance devait être signalée" not in page_text(page)
    assert errors(response) == []
    substitute = Person.objects.get(last_name="REMPLAÇANT")
    assert attendance(meeting, seat_a) == (AttendanceStatus.REPRESENTED, substitute)
    assert SubstitutionNotice.objects.get().is_in_time()


def test_another_meeting_answer_neither_shows_nor_locks_this_one(home_page):
    # The seat's titular was replaced in time at next month's meeting; this one is in two hours, past
    # its deadline, and has no answer yet.
    soon, seat_a, _seat_b, people = build(home_page, start_in(datetime.timedelta(hours=2)))
    later = MeetingPageFactory(
        parent=soon.get_parent(), title="Réunion d'hiver", slug="reunion-hiver", start=in_a_month()
    )
    record_substitution(later, seat_a, people["designated"], timezone.now())
    url = reply_url(people["alice"], soon)

    content = page_text(Client().get(url))
    assert "Réponse enregistrée : pas encore de réponse" in content
    assert "remplacé(e) par" not in content and "la date limite pour la modifier" not in content

    response = answer(url, {"seat": seat_a.pk, "answer": "excused"})

    assert errors(response) == []
    assert attendance(soon, seat_a) == (AttendanceStatus.EXCUSED, people["alice"])
    # Next month's substitution stands.
    assert attendance(later, seat_a) == (AttendanceStatus.REPRESENTED, people["designated"])
    assert SubstitutionNotice.objects.get().meeting == later


def test_changing_an_answer_leaves_another_meeting_substitution_alone(in_time):
    meeting, seat_a, _seat_b, people = in_time
    other = MeetingPageFactory(
        parent=meeting.get_parent(),
        title="Réunion de printemps",
        slug="reunion-printemps",
        start=in_a_month() + datetime.timedelta(days=14),
    )
    record_substitution(other, seat_a, people["designated"], timezone.now())
    url = reply_url(people["alice"], meeting)

    answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE})
    answer(url, {"seat": seat_a.pk, "answer": "present"})

    assert attendance(meeting, seat_a) == (AttendanceStatus.PRESENT, people["alice"])
    assert attendance(other, seat_a) == (AttendanceStatus.REPRESENTED, people["designated"])
    assert [(n.meeting, n.substitute) for n in SubstitutionNotice.objects.all()] == [
        (other, people["designated"])
    ]


def test_a_member_seat_in_another_committee_is_not_answerable_through_this_link(in_time, home_page):
    meeting, seat_a, _seat_b, people = in_time
    elsewhere = CommitteePageFactory(parent=home_page, title="CCAS de test", slug="ccas", departement="44")
    other_seat = SeatFactory(
        committee=elsewhere, college=CollegeFactory(name="Associations"), title="Un représentant du CCAS"
    )
    MandateFactory(seat=other_seat, person=people["alice"], start_date=MANDATES_START)
    url = reply_url(people["alice"], meeting)

    content = page_text(Client().get(url))
    assert "Siège : Un représentant de l'UDAF" in content
    assert "CCAS" not in content

    response = answer(url, {"seat": other_seat.pk, "answer": "present"})

    assert response.status_code == 400
    assert not Attendance.objects.filter(seat=other_seat).exists()
