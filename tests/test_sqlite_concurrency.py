"""The embedded SQLite default survives an editor's save and autosave hitting a page at once.

An editor's « Enregistrer le brouillon » and the editor's own autosave request used to reach the
same page in the same second and end in a 500 « database is locked ». The test copies its
database to a file, serves it with Django's threaded development server (as ``make run`` does),
and fires saves and autosaves of one page, and new pages beside it, at the same instant.
"""

import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from wagtail.models import Revision

from .factories import CommitteePageFactory
from .test_committee import committee_form
from .workflow_helpers import SERVICE_COMMUNICATION, make_user

ROUNDS = 8

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_copy(home_page, tmp_path):
    """A draft committee, an editor's session, and the database served from a file."""
    committee = CommitteePageFactory(parent=home_page, title="Comité local des usagers de test", live=False)
    editor = make_user("redactrice", SERVICE_COMMUNICATION)
    client = Client()
    client.force_login(editor)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    database = tmp_path / "cluac.sqlite3"
    target = sqlite3.connect(database)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=Path(settings.BASE_DIR),
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "cluac_site.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/admin/login/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base, committee, session_key, database
    finally:
        server.terminate()
        server.wait(timeout=10)


def editor_session(session_key, url):
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
    page = session.get(url, timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session, token


def race(requests_to_send):
    """Send each ``(session, url, form, headers)`` at the same instant; return the answers."""
    start = threading.Barrier(len(requests_to_send))
    answers = []

    def post(session, url, form, headers):
        start.wait()
        response = session.post(url, data=form, headers={"Referer": url, **headers}, timeout=60)
        answers.append((response.status_code, response.text[:300]))

    threads = [threading.Thread(target=post, args=arguments) for arguments in requests_to_send]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_saves_autosaves_and_new_pages_at_the_same_instant_all_succeed(served_copy, home_page):
    base, committee, session_key, database = served_copy
    edit_url = f"{base}/admin/pages/{committee.pk}/edit/"
    add_url = f"{base}/admin/pages/add/cluac_pages/committeepage/{home_page.pk}/"
    saving, saving_token = editor_session(session_key, edit_url)
    autosaving, autosaving_token = editor_session(session_key, edit_url)
    creating, creating_token = editor_session(session_key, add_url)

    def form(token, **fields):
        return {**committee_form("44", **fields), "csrfmiddlewaretoken": token}

    answers = []
    for number in range(ROUNDS):
        answers += race(
            [
                (saving, edit_url, form(saving_token, title=f"Comité, version {number}"), {}),
                (
                    autosaving,
                    edit_url,
                    form(autosaving_token, title=f"Comité, version {number} bis"),
                    {"Accept": "application/json"},
                ),
                (creating, add_url, form(creating_token, title=f"Comité A{number}", slug=f"a-{number}"), {}),
                (creating, add_url, form(creating_token, title=f"Comité B{number}", slug=f"b-{number}"), {}),
            ]
        )

    assert [answer for answer in answers if answer[0] >= 500] == []
    assert all(status in (200, 302) for status, _ in answers), answers
    with sqlite3.connect(database) as copy:
        (revisions,) = copy.execute(
            "SELECT COUNT(*) FROM wagtailcore_revision WHERE object_id = ?", [str(committee.pk)]
        ).fetchone()
        slugs = [slug for (slug,) in copy.execute("SELECT slug FROM wagtailcore_page WHERE depth = 3")]
    # Every save and autosave made one draft revision; every new page exists once.
    assert revisions == Revision.objects.filter(object_id=str(committee.pk)).count() + 2 * ROUNDS
    assert sorted(slugs) == sorted(
        # The edited draft took the form's slug.
        ["clu-test"] + [f"{letter}-{number}" for letter in "ab" for number in range(ROUNDS)]
    )
