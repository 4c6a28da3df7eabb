"""Members answer a convocation through their personal link: present, excused or replaced in time."""

import datetime
import re
from unittest import mock

import pytest
import wagtail_factories
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cluac_pages.calendar import substitution_deadline
from cluac_pages.convocations import send_convocation
from cluac_pages.member_links import DOCUMENT_OPINION, MEETING_REPLY, make_token, read_token
from cluac_pages.models import (
    Attendance,
    AttendanceStatus,
    DocumentReview,
    Mandate,
    MeetingPage,
    MeetingParticipant,
    Opinion,
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
    MinutesPageFactory,
    PersonFactory,
    SeatFactory,
)
from .html import parse, text
from .workflow_helpers import SERVICE_COMMUNICATION, client_for, make_user

# A substitute's own search index entries must not make them known elsewhere.
pytestmark = pytest.mark.usefixtures("search_index_updated")

MANDATES_START = datetime.date(2024, 1, 1)
INVALID = "Ce lien n'est pas valide"
INVALID_MESSAGE = (
    "Le lien que vous avez suivi est incomplet ou a été modifié. Ouvrez-le de nouveau depuis votre "
    "message de convocation, en copiant l'adresse complète, ou écrivez au secrétariat du comité."
)
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
    assert text(parse(response.content).select_one("main .fr-text--lead")) == INVALID_MESSAGE
    assert "TITULAIRE" not in page_text(response)
    assert not Attendance.objects.exists()


def test_a_document_opinion_link_is_not_a_reply_link(in_time):
    meeting, _seat_a, _seat_b, people = in_time

    response = Client().get(reply_url(people["alice"], meeting, purpose=DOCUMENT_OPINION))

    assert response.status_code == 404
    assert INVALID in page_text(response)


@pytest.mark.parametrize("deleted", ["person", "meeting"])
def test_a_link_whose_person_or_meeting_was_deleted_is_invalid(in_time, deleted):
    meeting, _seat_a, _seat_b, _people = in_time
    person = PersonFactory(last_name="EFFACÉE")
    url = reply_url(person, meeting)
    {"person": person, "meeting": meeting}[deleted].delete()

    response = Client().get(url)

    assert response.status_code == 404
    assert text(parse(response.content).select_one("h1")) == INVALID
    assert text(parse(response.content).select_one("main .fr-text--lead")) == INVALID_MESSAGE


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
    other_seat = SeatFactory(committee=seat_a.committee, title="Un autre siège")
    MandateFactory(seat=other_seat, person=people["bob"])
    Attendance.objects.create(
        meeting=meeting, seat=seat_b, status=AttendanceStatus.EXCUSED, person=people["bob"]
    )
    # Bob is replaced for his other seat: the page names the substitute.
    record_substitution(meeting, other_seat, people["designated"], timezone.now())
    two_seats = reply_url(people["bob"], meeting)
    Client().get(one_seat)  # warm the site and settings caches

    counts = []
    for url in [one_seat, two_seats]:
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert "remplacé(e) par Mme Prénom" in page_text(response)
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


def checked_answer(response):
    """The answer the form shows as chosen, or None."""
    checked = parse(response.content).select("form input[name=answer][checked]")
    return [radio["value"] for radio in checked] or None


def test_a_member_with_one_seat_answers_for_it_without_choosing_it(in_time):
    meeting, seat_a, _seat_b, people = in_time
    url = reply_url(people["alice"], meeting)

    page = Client().get(url)
    [seat_field] = parse(page.content).select("form input[name=seat]")
    assert (seat_field["type"], seat_field["value"]) == ("hidden", str(seat_a.pk))
    assert checked_answer(page) is None

    # A browser that leaves the hidden field out answers for the member's seat all the same.
    response = answer(url, {"answer": "excused"})

    assert errors(response) == []
    assert attendance(meeting, seat_a) == (AttendanceStatus.EXCUSED, people["alice"])
    # The form opens on the recorded answer.
    assert checked_answer(response) == ["excused"]
    answer(url, {**NEW_SUBSTITUTE})
    assert checked_answer(Client().get(url)) == ["substitute"]


def several_seats(seat_b, bob):
    """Bob holds seat B and four more seats in two other colleges: his seats in committee order."""
    committee = seat_b.committee
    seat_b.college.sort_order = 2
    seat_b.college.save()
    elected = CollegeFactory(name="Élus", sort_order=1)
    services = CollegeFactory(name="Services", sort_order=3)
    # Created first, so with the lowest id, but with a higher order in its college.
    elected_late = SeatFactory(
        committee=committee, college=elected, title="Un conseiller régional", sort_order=5
    )
    elected_x = SeatFactory(committee=committee, college=elected, title="Un maire", sort_order=2)
    elected_y = SeatFactory(
        committee=committee, college=elected, title="Un conseiller départemental", sort_order=2
    )
    service = SeatFactory(
        committee=committee, college=services, title="Un agent de la préfecture", sort_order=0
    )
    for seat in [elected_late, elected_x, elected_y, service]:
        MandateFactory(seat=seat, person=bob, start_date=MANDATES_START)
    return [elected_x, elected_y, elected_late, seat_b, service]


def test_a_member_with_several_seats_chooses_among_them_in_the_committee_order(in_time):
    meeting, _seat_a, seat_b, people = in_time
    seats = several_seats(seat_b, people["bob"])
    url = reply_url(people["bob"], meeting)
    Attendance.objects.create(
        meeting=meeting, seat=seat_b, status=AttendanceStatus.EXCUSED, person=people["bob"]
    )

    page = Client().get(url)

    listed = [
        text(li).split(" Réponse enregistrée")[0]
        for li in parse(page.content).select(".cluac-reply-member li")
    ]
    assert listed == [f"Siège : {seat.title}" for seat in seats]
    radios = parse(page.content).select("form input[name=seat]")
    assert [(radio["type"], radio["value"]) for radio in radios] == [
        ("radio", str(seat.pk)) for seat in seats
    ]
    assert [text(label) for label in parse(page.content).select("form label[for^=reply-seat-]")] == [
        seat.title for seat in seats
    ]
    # Several seats: no seat and no answer is chosen for the member.
    assert parse(page.content).select("form input[name=seat][checked]") == []
    assert checked_answer(page) is None

    response = answer(url, {"answer": "present"})
    assert response.status_code == 400
    assert "Choisissez le siège." in page_text(response)
    assert attendance(meeting, seats[1]) is None

    response = answer(url, {"seat": seats[1].pk, **NEW_SUBSTITUTE})

    assert errors(response) == []
    substitute = Person.objects.get(last_name="REMPLAÇANT")
    assert attendance(meeting, seats[1]) == (AttendanceStatus.REPRESENTED, substitute)
    assert attendance(meeting, seat_b) == (AttendanceStatus.EXCUSED, people["bob"])
    for seat in [seats[0], seats[2], seats[4]]:
        assert attendance(meeting, seat) is None
    answers = [text(span) for span in parse(response.content).select(".cluac-reply-current")]
    assert answers == [
        "Réponse enregistrée : pas encore de réponse",
        "Réponse enregistrée : remplacé(e) par M. Paul REMPLAÇANT, trésorier",
        "Réponse enregistrée : pas encore de réponse",
        "Réponse enregistrée : Excusé(e)",
        "Réponse enregistrée : pas encore de réponse",
    ]


def test_withdrawing_a_substitution_leaves_the_substitute_other_seats_and_meetings(in_time):
    meeting, seat_a, seat_b, people = in_time
    designated = people["designated"]
    later = MeetingPageFactory(
        parent=meeting.get_parent(),
        title="Réunion d'hiver",
        slug="reunion-hiver",
        start=in_a_month() + datetime.timedelta(days=14),
    )
    # The secretariat recorded the designated substitute for Alice at both meetings, and for Bob's seat
    # at this one.
    record_substitution(later, seat_a, designated, timezone.now())
    record_substitution(meeting, seat_a, designated, timezone.now())
    Attendance.objects.create(
        meeting=meeting, seat=seat_b, status=AttendanceStatus.REPRESENTED, person=designated
    )
    url = reply_url(people["alice"], meeting)
    assert "Réponse enregistrée : remplacé(e) par" in page_text(Client().get(url))

    response = answer(url, {"seat": seat_a.pk, "answer": "present"})

    assert errors(response) == []
    assert attendance(meeting, seat_a) == (AttendanceStatus.PRESENT, people["alice"])
    assert attendance(meeting, seat_b) == (AttendanceStatus.REPRESENTED, designated)
    assert attendance(later, seat_a) == (AttendanceStatus.REPRESENTED, designated)
    assert [(n.meeting, n.seat, n.substitute) for n in SubstitutionNotice.objects.all()] == [
        (later, seat_a, designated)
    ]
    assert Person.objects.filter(pk=designated.pk).exists()


def test_a_standing_substitution_is_kept_while_the_member_answers_for_another_seat(too_late):
    meeting, _seat_a, seat_b, people = too_late
    other_seat = SeatFactory(committee=seat_b.committee, college=seat_b.college, title="Un autre siège")
    MandateFactory(seat=other_seat, person=people["bob"], start_date=MANDATES_START)
    # Bob's substitute for seat B was signalled in time; its deadline has passed since.
    record_substitution(meeting, seat_b, people["designated"], timezone.now() - datetime.timedelta(days=10))
    url = reply_url(people["bob"], meeting)
    day = timezone.localtime(meeting.start, PARIS).date()
    deadline = long_date(substitution_deadline(day, "44", days=2), True)
    locked = (
        f"Votre suppléance est enregistrée et la date limite pour la modifier (le {deadline}) est passée : "
        "pour changer votre réponse, écrivez au secrétariat du comité."
    )

    page = parse(Client().get(url).content)
    assert {radio["value"]: radio.has_attr("disabled") for radio in page.select("form input[name=seat]")} == {
        str(seat_b.pk): True,
        str(other_seat.pk): False,
    }

    # A post for the locked seat all the same is refused with the reason.
    response = answer(url, {"seat": seat_b.pk, "answer": "present"})

    assert response.status_code == 400
    assert errors(response) == [locked]
    assert attendance(meeting, seat_b) == (AttendanceStatus.REPRESENTED, people["designated"])
    assert SubstitutionNotice.objects.count() == 1

    response = answer(url, {"seat": other_seat.pk, "answer": "excused"})
    assert errors(response) == []
    assert attendance(meeting, other_seat) == (AttendanceStatus.EXCUSED, people["bob"])


def test_a_named_substitute_is_filed_with_the_meeting_prefecture_only(in_time, home_page):
    from .test_prefectures import prefecture, team

    meeting, seat_a, _seat_b, people = in_time
    _essonne_home, essonne_site = prefecture(home_page, "essonne", "essonne.localhost", "de l'Essonne")
    la_editor, _la_validator = team(Site.objects.get(root_page=home_page), "44")
    essonne_editor, _essonne_validator = team(essonne_site, "91")

    answer(reply_url(people["alice"], meeting), {"seat": seat_a.pk, **NEW_SUBSTITUTE})

    substitute = Person.objects.get(last_name="REMPLAÇANT")
    edit = f"/admin/cluac_pages/person/edit/{substitute.pk}/"
    assert client_for(la_editor).get(edit).status_code == 200
    assert client_for(essonne_editor).get(edit).status_code == 404


def named_then_referred_to(reference, meeting, seat_a, seat_b, people):
    """Alice names a substitute through her link; then ``reference`` makes the secretariat know them."""
    url = reply_url(people["alice"], meeting)
    answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE})
    substitute = Person.objects.get(last_name="REMPLAÇANT")
    if reference == "mandate":
        # Appointed designated substitute of the seat.
        MandateFactory(
            seat=seat_a, person=substitute, role=Mandate.Role.SUBSTITUTE, start_date=MANDATES_START
        )
    elif reference == "next_meeting":
        # Recorded by the secretariat as Alice's substitute at the next meeting as well.
        later = MeetingPageFactory(
            parent=meeting.get_parent(),
            title="Réunion d'hiver",
            slug="reunion-hiver",
            start=in_a_month() + datetime.timedelta(days=14),
        )
        record_substitution(later, seat_a, substitute, timezone.now())
    elif reference == "other_seat":
        # Recorded by the secretariat as sitting for Bob's seat too.
        Attendance.objects.create(
            meeting=meeting, seat=seat_b, status=AttendanceStatus.REPRESENTED, person=substitute
        )
    elif reference == "minutes":
        # Named as a speaker in the minutes of an earlier meeting.
        earlier = MeetingPageFactory(
            parent=meeting.get_parent(),
            title="Réunion de printemps",
            slug="printemps",
            start=start_in(-datetime.timedelta(days=60)),
        )
        statement = {
            "speaker": substitute.pk,
            "spoken_for": "",
            "statement": "<p>Une question.</p>",
            "answers": [],
        }
        MinutesPageFactory(
            parent=earlier,
            slug="compte-rendu",
            body=[
                {
                    "type": "section",
                    "value": {
                        "heading": "Échanges",
                        "content": [{"type": "exchange", "value": statement}],
                    },
                }
            ],
        )
    elif reference == "opinion":
        # Gave an opinion on a document submitted to the committee.
        review = DocumentReview.objects.create(
            committee=meeting.committee,
            title="Charte d'accueil",
            document=wagtail_factories.DocumentFactory(title="Charte d'accueil"),
            closes_at=timezone.now() + datetime.timedelta(days=10),
        )
        Opinion.objects.create(review=review, person=substitute, verdict=Opinion.Verdict.FAVOURABLE)
    return url, substitute


@pytest.mark.parametrize("reference", ["mandate", "next_meeting", "other_seat", "minutes", "opinion"])
def test_a_substitute_the_secretariat_knows_otherwise_is_kept_when_the_answer_changes(in_time, reference):
    meeting, seat_a, seat_b, people = in_time
    url, substitute = named_then_referred_to(reference, meeting, seat_a, seat_b, people)

    response = answer(url, {"seat": seat_a.pk, "answer": "present"})

    assert errors(response) == []
    assert attendance(meeting, seat_a) == (AttendanceStatus.PRESENT, people["alice"])
    assert Person.objects.filter(pk=substitute.pk, last_name="REMPLAÇANT").exists()
    assert not SubstitutionNotice.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("reference", ["mandate", "next_meeting", "other_seat", "minutes", "opinion"])
def test_a_substitute_the_secretariat_knows_otherwise_is_not_renamed_by_a_new_name(in_time, reference):
    meeting, seat_a, seat_b, people = in_time
    url, substitute = named_then_referred_to(reference, meeting, seat_a, seat_b, people)

    response = answer(url, {"seat": seat_a.pk, **NEW_SUBSTITUTE, "last_name": "AUTRE"})

    assert errors(response) == []
    assert Person.objects.filter(pk=substitute.pk, last_name="REMPLAÇANT").exists()
    notice = SubstitutionNotice.objects.get(meeting=meeting)
    assert notice.substitute.last_name == "AUTRE" and notice.substitute != substitute
