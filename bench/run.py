"""``make bench``: the public outputs' response times, throughput, search, PDF and the approval
request, measured on the production stack (gunicorn, PostgreSQL, Redis) over a generated volume.

    python bench/run.py [--prefectures 10] [--full] [--regenerate] [--duration 8]

Prints one table; nothing here asserts a figure. The database ``cluac_bench`` is generated on the
first run (``generate_volume``) and kept. Times are measured by a client on the same machine
(``requests`` for the response times, ``wrk`` for the throughput): they are the server's time plus a
loopback round trip.
"""

import argparse
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import HTTPS, VAR, BenchStack  # noqa: E402

HOST = "prefecture-01.localhost"
SEARCHES = [
    "accueil",
    "naturalisation",
    "titres de séjour",
    "réclamations",
    "rendez-vous en ligne",
    "courrier type",
    "point d'accueil numérique",
    "signalétique",
    "enquête mystère",
    "France Services",
]


BENCH_MEETING = "reunion-de-mesure"
# Run by ``manage.py shell``: a meeting of the first prefecture with 40 participants to mail (its
# 30 seats present, 10 guests), its minutes drafted and submitted by the communication officer.
APPROVAL_SETUP = f"""
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from cluac_pages.models import Attendance, AttendanceStatus, CommitteePage, MeetingPage, MinutesPage, Seat
from cluac_pages.models.participants import MeetingParticipant, ParticipantGroup
from cluac_pages.models.validation import minutes_workflow
from home.demo.helpers import add_page, at_paris

site = Site.objects.get(hostname="{HOST}")
committee = CommitteePage.objects.descendant_of(site.root_page).get()
for old in MeetingPage.objects.child_of(committee).filter(slug="{BENCH_MEETING}"):
    old.delete()
meeting = add_page(committee, MeetingPage(
    title="Réunion de mesure", slug="{BENCH_MEETING}", start=at_paris(2026, 1, 15, 10), place="Préfecture",
))
seats = Seat.objects.filter(committee=committee).order_by("sort_order")
Attendance.objects.bulk_create([
    Attendance(meeting=meeting, seat=seat, status=AttendanceStatus.PRESENT,
               person=seat.mandates.order_by("sort_order").first().person, sort_order=order)
    for order, seat in enumerate(seats)
])
MeetingParticipant.objects.bulk_create([
    MeetingParticipant(meeting=meeting, name=f"Invité {{n}}", email=f"invite{{n}}@example.org",
                       group=ParticipantGroup.OTHER, sort_order=n)
    for n in range(40 - seats.count())
])
User = get_user_model()
code = site.hostname.split(".")[0].removeprefix("prefecture-")
author = User.objects.get(username=f"communication-{{code}}")
validator = User.objects.get(username=f"secretaire-general-{{code}}")
validator.set_password("PASSWORD")
validator.save()
minutes = MinutesPage(title="Compte-rendu de la réunion de mesure", slug="compte-rendu",
                      subject="Comité local des usagers", live=False)
meeting.add_child(instance=minutes)
minutes.save_revision(user=author)
state = minutes_workflow().start(minutes, user=author)
print(json.dumps({{"page": minutes.pk, "task_state": state.current_task_state.pk,
                  "username": validator.username,
                  "to_mail": meeting.attendances.count() + meeting.participants.count()}}))
"""


PDF_MEETING = "reunion-de-mesure-pdf"
# Long minutes: the bodies of two generated minutes of the first prefecture end to end and the start
# of a third (some twenty pages of PDF, with their images), validated through the workflow like the others.
PDF_SETUP = f"""
import json
from wagtail.models import Site
from cluac_pages.models import CommitteePage, MeetingPage, MinutesPage
from django.contrib.auth import get_user_model
from home.demo.helpers import add_page, add_validated_minutes, at_paris

site = Site.objects.get(hostname="{HOST}")
committee = CommitteePage.objects.descendant_of(site.root_page).get()
for old in MeetingPage.objects.child_of(committee).filter(slug="{PDF_MEETING}"):
    old.delete()
generated = list(MinutesPage.objects.descendant_of(committee).live().order_by("path")[:3])
meeting = add_page(committee, MeetingPage(
    title="Réunion de mesure du PDF", slug="{PDF_MEETING}", start=at_paris(2026, 2, 12, 10),
    place="Préfecture",
))
code = site.hostname.split(".")[0].removeprefix("prefecture-")
User = get_user_model()
minutes = add_validated_minutes(
    meeting,
    MinutesPage(title="Compte-rendu long", slug="compte-rendu", subject="Comité local des usagers"),
    author=User.objects.get(username=f"communication-{{code}}"),
    validator=User.objects.get(username=f"secretaire-general-{{code}}"),
    body=[block for page in generated[:2] for block in page.body.raw_data] + generated[2].body.raw_data[:3],
)
print(json.dumps({{"path": minutes.url_path[len(site.root_page.url_path) - 1 :]}}))
"""


QUEUED_MAILINGS = (
    "from django_tasks_db.models import DBTaskResult; "
    "print(DBTaskResult.objects.filter(task_path__contains='distribution').count())"
)


def percentiles(durations):
    ordered = sorted(durations)
    if len(ordered) == 1:
        return ordered[0], ordered[0]
    cuts = statistics.quantiles(ordered, n=20, method="inclusive")
    return statistics.median(ordered), cuts[18]


def timed_get(stack, server, path, host=HOST):
    start = time.perf_counter()
    response = stack.get(path, server=server, host=host)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise AssertionError(f"{path} answered {response.status_code}:\n{stack.log(server)}")
    return elapsed, response


def sample_paths(stack):
    """The public outputs of the first generated prefecture."""
    found = json.loads(
        stack.python(
            "import json; from wagtail.models import Site; "
            "from cluac_pages.models import CommitteePage, MeetingPage, MinutesPage; "
            f"site = Site.objects.get(hostname='{HOST}'); root = site.root_page; "
            "committee = CommitteePage.objects.descendant_of(root).get(); "
            "minutes = MinutesPage.objects.descendant_of(root).live().order_by('-path').first(); "
            "meeting = MeetingPage.objects.parent_of(minutes).get(); "
            "rel = lambda page: page.url_path[len(root.url_path) - 1:]; "
            "print(json.dumps({'committee': rel(committee), 'committee_id': committee.pk, "
            "'meeting': rel(meeting), 'minutes': rel(minutes)}))"
        )
    )
    return {
        "accueil": "/",
        "comité": found["committee"],
        "réunion": found["meeting"],
        "compte-rendu": found["minutes"],
        "compte-rendu PDF": found["minutes"] + "pdf/",
        "flux RSS": "/flux/comptes-rendus.rss",
        "agenda iCalendar": f"/agenda/comites/{found['committee_id']}.ics",
        "CSV des réunions": "/donnees/reunions.csv",
        "API v2 comptes-rendus": "/api/v2/comptes-rendus/",
        "plan du site XML": "/sitemap.xml",
    }


def response_times(stack, server, paths, repeat, pdf_repeat):
    times = {}
    for label, path in paths.items():
        count = pdf_repeat if "PDF" in label else repeat
        timed_get(stack, server, path)  # the first request fills the cache (or warms the worker)
        times[label] = percentiles([timed_get(stack, server, path)[0] for _ in range(count)])
    return times


def wrk(port, path, duration, host=HOST):
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{duration}s",
            "-H",
            f"Host: {host}",
            "-H",
            "X-Forwarded-Proto: https",
            "-H",
            "Accept-Encoding: identity",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise AssertionError(f"wrk {path}: {errors.group(1)} error responses\n{result.stdout}")
    return rate


def approval_request(stack, server):
    """Minutes of a meeting with 40 participants to mail, submitted, then approved in the admin
    by the prefecture's secretary general: the time of that one request, and what it queued."""
    password = "bench-" + str(time.time_ns())
    setup = json.loads(stack.python(APPROVAL_SETUP.replace("PASSWORD", password)))
    port = stack.ports[server]
    # The cookies are Secure (HTTPS behind the proxy): passed by hand over this plain connection.
    cookies = {}
    headers = {**HTTPS, "Host": HOST, "Referer": f"https://{HOST}/admin/login/"}

    def call(method, path, **kwargs):
        response = requests.request(
            method,
            f"http://127.0.0.1:{port}{path}",
            headers={**headers, **kwargs.pop("headers", {})},
            cookies=cookies,
            allow_redirects=False,
            timeout=120,
            **kwargs,
        )
        cookies.update(response.cookies.get_dict())
        return response

    login = call("GET", "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    response = call(
        "POST",
        "/admin/login/",
        data={"username": setup["username"], "password": password, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, f"login failed: {response.status_code}"
    action = f"/admin/pages/workflow/action/{setup['page']}/approve/{setup['task_state']}/"
    form = call("GET", action)
    queued_before = json.loads(stack.python(QUEUED_MAILINGS))
    start = time.perf_counter()
    response = call(
        "POST",
        action,
        data={"csrfmiddlewaretoken": cookies["csrftoken"], "comment": ""},
        headers={"Referer": f"https://{HOST}{action}"},
    )
    elapsed = time.perf_counter() - start
    assert response.status_code in (200, 302), (
        f"approval answered {response.status_code} ({form.status_code})"
    )
    outcome = {
        "live": json.loads(
            stack.python(
                f"from wagtail.models import Page; print(int(Page.objects.get(pk={setup['page']}).live))"
            )
        ),
        "queued": json.loads(stack.python(QUEUED_MAILINGS)) - queued_before,
    }
    return elapsed, setup["to_mail"], outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefectures", type=int, default=10)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--meetings-per-year", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="generate_volume's default: 101 prefectures")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--duration", type=int, default=8, help="seconds of each wrk run")
    parser.add_argument("--repeat", type=int, default=15, help="requests per output for the percentiles")
    options = parser.parse_args()
    if options.full:
        options.prefectures = 101
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (Debian: apt-get install wrk)")

    stack = BenchStack()
    try:
        stack.prepare(options.prefectures, options.years, options.meetings_per_year, options.regenerate)
        paths = sample_paths(stack)
        paths["compte-rendu long, PDF"] = json.loads(stack.python(PDF_SETUP))["path"] + "pdf/"

        # Without the public cache: every request is rendered.
        stack.web("uncached", cached=False)
        uncached = response_times(stack, "uncached", paths, options.repeat, max(3, options.repeat // 3))
        html = stack.get(paths["compte-rendu"], server="uncached", host=HOST).content
        searches = [timed_get(stack, "uncached", "/recherche/?q=" + word)[0] for word in SEARCHES * 2]
        pdf = stack.get(paths["compte-rendu long, PDF"], server="uncached", host=HOST).content
        pdf_pages = len(PdfReader(io.BytesIO(pdf)).pages)
        uncached_rate = wrk(stack.ports["uncached"], paths["compte-rendu"], options.duration)
        approval, to_mail, outcome = approval_request(stack, "uncached")
        stack.stop("uncached")

        # The same minutes page as a static file, served by the same gunicorn (WhiteNoise).
        static_file = VAR / "static" / "bench" / "compte-rendu.html"
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(html)
        stack.web("cached", cached=True)
        cached = response_times(stack, "cached", paths, options.repeat * 2, options.repeat * 2)
        cached_rate = wrk(stack.ports["cached"], paths["compte-rendu"], options.duration)
        static_rate = wrk(stack.ports["cached"], "/static/bench/compte-rendu.html", options.duration)
        stack.stop("cached")

        importer = json.loads(
            stack.python("import json; from cluac_pages.importer.bench import run; print(json.dumps(run()))")
        )
        volume = stack.database_volume()
    finally:
        stack.stop_all()
        shutil.rmtree(stack.workdir, ignore_errors=True)

    ms = lambda seconds: f"{seconds * 1000:,.0f} ms".replace(",", " ")  # noqa: E731
    print()
    print(
        f"Volume : {volume[0]} préfectures, {volume[1]} comptes-rendus "
        f"(base {stack.env['DATABASE_URL'].rsplit('/', 1)[1]})"
    )
    if stack.generated_in:
        print(f"Généré en {stack.generated_in / 60:.1f} min")
    print(
        f"gunicorn : {stack.env['WEB_CONCURRENCY']} workers sync ; "
        f"wrk 2 threads × 16 connexions, {options.duration} s"
    )
    print()
    print(f"{'Sortie publique':<24} {'sans cache p50':>15} {'p95':>10} {'avec cache p50':>15} {'p95':>10}")
    for label in paths:
        (u50, u95), (c50, c95) = uncached[label], cached[label]
        print(f"{label:<24} {ms(u50):>15} {ms(u95):>10} {ms(c50):>15} {ms(c95):>10}")
    s50, s95 = percentiles(searches)
    print(f"{'recherche (jamais en cache)':<24} {ms(s50):>15} {ms(s95):>10}")
    print()
    print("Débit du compte-rendu (requêtes/s) :")
    print(f"  sans cache            {uncached_rate:10.1f}")
    print(f"  avec cache            {cached_rate:10.1f}")
    print(
        f"  même HTML en statique {static_rate:10.1f}   "
        f"→ avec cache / statique = {cached_rate / static_rate:.2f} (cible ≥ 0,8)"
    )
    print()
    print(f"Recherche sur {volume[1]} comptes-rendus : p50 {ms(s50)}, p95 {ms(s95)} (cible p50 ≤ 50 ms)")
    print(
        f"PDF du compte-rendu ({pdf_pages} pages, avec image) : "
        f"p50 {ms(uncached['compte-rendu long, PDF'][0])}, p95 {ms(uncached['compte-rendu long, PDF'][1])} "
        "(cible ≤ 2 s)"
    )
    print(
        f"Validation dans l'administration, {to_mail} participants à prévenir : {ms(approval)} ; "
        f"publié : {'oui' if outcome['live'] else 'NON'} ; envois mis en file : {outcome['queued']}"
    )
    print(
        f"Import d'un compte-rendu de {importer['pages']} pages (.docx) : {importer['seconds']:.2f} s "
        f"({importer['sections']} sections, {importer['participants']} participants)"
    )


if __name__ == "__main__":
    main()
