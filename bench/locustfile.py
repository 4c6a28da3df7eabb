"""A mixed public workload for locust: what visitors, feed readers, calendars and re-users ask of
the prefectures' sites (``make loadtest`` runs it headless against the local gunicorn).

Each simulated visitor picks a prefecture (``LOADTEST_HOSTS``, comma-separated; by default the
generated ``prefecture-01.localhost`` …) and reads what its sitemap lists. The requests go to
gunicorn directly, with the header the TLS proxy adds.
"""

import os
import random
import re
from urllib.parse import urlsplit

import requests
from locust import HttpUser, between, events, task

HOSTS = [
    host.strip()
    for host in os.environ.get(
        "LOADTEST_HOSTS", ",".join(f"prefecture-{n:02d}.localhost" for n in range(1, 11))
    ).split(",")
    if host.strip()
]
SEARCHES = ["accueil", "naturalisation", "titres de séjour", "réclamations", "rendez-vous", "France Services"]
HTTPS = {"X-Forwarded-Proto": "https"}
SITES = {}


@events.test_start.add_listener
def read_sitemaps(environment, **kwargs):
    """Each site's committee, meetings and minutes, from its sitemap."""
    for host in HOSTS:
        response = requests.get(
            f"{environment.host}/sitemap.xml",
            headers={**HTTPS, "Host": host},
            timeout=60,
            allow_redirects=False,
        )
        if response.status_code != 200:
            continue
        paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", response.text)]
        minutes = [path for path in paths if path.endswith("/compte-rendu/")]
        meetings = [path.removesuffix("compte-rendu/") for path in minutes]
        committees = sorted({"/".join(path.split("/")[:2]) + "/" for path in meetings})
        if minutes:
            SITES[host] = {"committees": committees, "meetings": meetings, "minutes": minutes}
    if not SITES:
        raise RuntimeError(f"No site with minutes among {HOSTS} at {environment.host}")


class Visitor(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.host_name = random.choice(list(SITES))  # noqa: S311 (a workload, not a secret)
        self.site = SITES[self.host_name]

    def get(self, path, name):
        self.client.get(path, headers={**HTTPS, "Host": self.host_name}, name=name)

    @task(3)
    def home(self):
        self.get("/", "accueil")

    @task(2)
    def committee(self):
        self.get(random.choice(self.site["committees"]), "comité")  # noqa: S311

    @task(2)
    def meeting(self):
        self.get(random.choice(self.site["meetings"]), "réunion")  # noqa: S311

    @task(5)
    def minutes(self):
        self.get(random.choice(self.site["minutes"]), "compte-rendu")  # noqa: S311

    @task(1)
    def minutes_pdf(self):
        self.get(random.choice(self.site["minutes"]) + "pdf/", "compte-rendu PDF")  # noqa: S311

    @task(2)
    def search(self):
        self.get("/recherche/?q=" + random.choice(SEARCHES), "recherche")  # noqa: S311

    @task(1)
    def feeds(self):
        self.get("/flux/comptes-rendus.rss", "flux RSS")

    @task(1)
    def calendar_and_data(self):
        self.get("/donnees/reunions.csv", "CSV des réunions")

    @task(1)
    def api(self):
        self.get("/api/v2/comptes-rendus/", "API v2")
