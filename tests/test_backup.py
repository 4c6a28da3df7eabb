"""Backup and restore: the README's commands, run as written, give back a site that serves the same.

A PostgreSQL database holding validated minutes (revisions, workflow states and history), an image
and a document (with their files) is dumped with the README's « backup » block, restored with its
« restore » block into a fresh database and media directory; the site then runs on the restored
copy: the same pages, the same revisions and workflow history, the documents download.
"""

import io
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test import Client
from PIL import Image as PILImage
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState

from cluac_pages.models import MinutesAnnex, MinutesPage
from cluac_pages.models.validation import minutes_workflow

from .workflow_helpers import act, build_meeting, client_for

README = Path(__file__).resolve().parent.parent / "README.md"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL (CI's second pass)"
    ),
    # serialized_rollback: the flush after the test also empties what the migrations created.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def readme_block(name):
    """The shell block of the README whose first line is ``# <name>``."""
    match = re.search(rf"```sh\n# {name}\n(.*?)```", README.read_text(), re.S)
    assert match, f"the README has no « {name} » block"
    return match.group(1)


def run_block(name, env):
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", readme_block(name)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"the README's « {name} » block failed:\n{result.stdout}\n{result.stderr}"


def database_url(name):
    params = connection.settings_dict
    credentials = quote(params["USER"] or "")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"])
    return f"postgres://{credentials}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"


def drop_database(name, env):
    subprocess.run(
        ["dropdb", "--if-exists", f"--maintenance-db={env['DATABASE_URL']}", name], env=env, check=True
    )


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (0, 0, 145)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def validated_minutes(home_page, author, secretary):
    """Minutes with a section holding an image, an annex, validated through the workflow."""
    _committee, meeting, _people = build_meeting(home_page)
    image = wagtail_factories.ImageFactory(
        title="Salle d'accueil", file__data=png(), file__filename="accueil.png"
    )
    agenda = wagtail_factories.DocumentFactory(
        title="Ordre du jour", file__filename="ordre-du-jour.pdf", file__data=b"%PDF-1.4\n" + b"o" * 2000
    )
    minutes = MinutesPage(
        title="Compte-rendu", slug="compte-rendu", subject="Comité local des usagers", live=False
    )
    meeting.add_child(instance=minutes)
    minutes.body = [
        ("paragraph", "<p>Le comité a examiné les horaires d'accueil du public.</p>"),
        (
            "section",
            {
                "heading": "Accueil du public",
                "content": [
                    ("paragraph", "<p>La salle d'attente a été réaménagée.</p>"),
                    ("image", {"image": image, "alternative_text": "La salle réaménagée", "caption": ""}),
                ],
            },
        ),
    ]
    minutes.annexes = [MinutesAnnex(document=agenda, title="Ordre du jour de la réunion")]
    minutes.save_revision(user=author)
    minutes_workflow().start(minutes, user=author)
    response = act(client_for(secretary), minutes, "approve", comment="Bon pour publication.")
    assert response.status_code == 302
    minutes = MinutesPage.objects.get(pk=minutes.pk)
    assert minutes.live
    return minutes, agenda


def snapshot(minutes, agenda):
    """What a visitor and an editor find: pages, files, revisions, workflow history."""
    cache.clear()
    client = Client()
    pages = {}
    for page in (minutes, minutes.get_parent(), minutes.get_parent().get_parent()):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        # django-dsfr draws a random id for each breadcrumb it renders.
        pages[page.url] = re.sub(r"breadcrumb-[a-z]+", "breadcrumb-…", response.content.decode())
    images = re.findall(r'<img[^>]+src="(/media/images/[^"]+)"', pages[minutes.url])
    download = client.get(agenda.url)
    assert download.status_code == 200
    return {
        "pages": pages,
        "images": images,
        "document": b"".join(download.streaming_content),
        "revisions": list(
            Revision.page_revisions.filter(object_id=str(minutes.pk)).values_list("pk", "content")
        ),
        "workflow_states": list(WorkflowState.objects.values_list("pk", "status", "requested_by_id")),
        "task_states": list(TaskState.objects.values_list("pk", "status", "finished_by_id", "comment")),
        "history": list(
            PageLogEntry.objects.filter(page=minutes).values_list("action", "user_id", "timestamp")
        ),
    }


def test_the_readmes_backup_and_restore_give_back_the_same_site(validated_minutes, settings, tmp_path):
    minutes, agenda = validated_minutes
    before = snapshot(minutes, agenda)
    assert before["images"], "the minutes show no image"
    assert any(action == "wagtail.workflow.approve" for action, *_ in before["history"])
    assert "Ordre du jour de la réunion" in before["pages"][minutes.url]

    original_db = connection.settings_dict["NAME"]
    restored_db = f"{original_db}_restored"
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url(original_db),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BACKUP_DIR": str(tmp_path / "backup"),
        "RESTORE_DB": restored_db,
        "RESTORE_DATABASE_URL": database_url(restored_db),
        "RESTORE_MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    if connection.settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    drop_database(restored_db, env)

    run_block("backup", env)
    run_block("restore", env)
    connection.close()
    try:
        connection.settings_dict["NAME"] = restored_db
        settings.MEDIA_ROOT = tmp_path / "restored-media"
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            assert cursor.fetchone()[0] == restored_db
        after = snapshot(MinutesPage.objects.get(pk=minutes.pk), agenda)
        for path in before["images"]:
            assert (tmp_path / "restored-media" / path.removeprefix("/media/")).is_file(), path
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_db
        subprocess.run(
            ["dropdb", "--if-exists", f"--maintenance-db={env['DATABASE_URL']}", restored_db], env=env
        )

    assert after["pages"] == before["pages"], "the restored site serves other pages"
    assert after == before
