"""Production settings at work: health endpoint, persistent connections, error reports to ADMINS,
and media on S3-compatible object storage (moto's server, started here as a local S3)."""

import importlib
import io
import logging
import logging.config
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.log import configure_logging
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.models import HomePage

from .test_settings import PRODUCTION_ENV
from .workflow_helpers import client_for


def production_settings(monkeypatch, **extra_env):
    """The production settings module as it reads this environment (the live settings stay the test's)."""
    for name in PRODUCTION_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION_ENV, **extra_env}.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(importlib.import_module("cluac_site.settings.production"))


# --- Health endpoint --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_says_database_and_cache_are_reachable_and_nothing_else(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_health_answers_503_when_the_cache_is_unreachable(client):
    unreachable_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=unreachable_redis):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def server_gone():
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(connection, "cursor", server_gone)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}


# --- Settings read from the environment -------------------------------------------------------------


def test_production_keeps_database_connections_open_and_checks_them(monkeypatch):
    production = production_settings(monkeypatch)
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 600
    assert production.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert production_settings(monkeypatch, CONN_MAX_AGE="60").DATABASES["default"]["CONN_MAX_AGE"] == 60


def test_production_serves_hashed_compressed_static_files_and_keeps_sessions_off_the_app_server(monkeypatch):
    production = production_settings(monkeypatch)
    assert production.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production.MIDDLEWARE[1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert production.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert production.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert production.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_production_reads_its_admins_from_the_environment(monkeypatch):
    production = production_settings(
        monkeypatch, ADMINS="Équipe web <web@loire-atlantique.gouv.fr>, astreinte@loire-atlantique.gouv.fr"
    )
    assert production.ADMINS == [
        ("Équipe web", "web@loire-atlantique.gouv.fr"),
        ("", "astreinte@loire-atlantique.gouv.fr"),
    ]
    monkeypatch.delenv("ADMINS")
    assert production_settings(monkeypatch).ADMINS == []


@pytest.fixture
def production_logging(monkeypatch):
    """Production's LOGGING in force, its console writing to a buffer; Django's own logging afterwards."""
    production = production_settings(monkeypatch, ADMINS="Équipe web <web@loire-atlantique.gouv.fr>")
    console = io.StringIO()
    logging.config.dictConfig(production.LOGGING)
    for handler in logging.getLogger("django").handlers:
        if isinstance(handler, logging.StreamHandler) and handler.get_name() == "console":
            handler.setStream(console)
    try:
        with override_settings(ADMINS=production.ADMINS, SERVER_EMAIL="cluac@loire-atlantique.gouv.fr"):
            yield console
    finally:
        from django.conf import settings

        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.mark.django_db
def test_a_public_500_goes_to_the_console_and_to_the_admins_with_its_traceback(
    home_page, monkeypatch, production_logging
):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("le gabarit de la page d'accueil a échoué")

    monkeypatch.setattr(HomePage, "get_context", broken)
    response = Client(raise_request_exception=False).get(home_page.url)

    assert response.status_code == 500
    console = production_logging.getvalue()
    assert "Internal Server Error: /" in console
    assert "Traceback" in console and "RuntimeError: le gabarit de la page d'accueil a échoué" in console
    [report] = mail.outbox
    assert report.to == ["web@loire-atlantique.gouv.fr"]
    assert "Internal Server Error: /" in report.subject
    assert "RuntimeError at /\nle gabarit de la page d'accueil a échoué" in report.body
    assert "Traceback (most recent call last)" in report.body


@pytest.mark.django_db
def test_a_forged_host_is_logged_but_not_mailed(production_logging):
    with override_settings(ALLOWED_HOSTS=["cluac.loire-atlantique.gouv.fr"]):
        response = Client().get("/", HTTP_HOST="attaquant.example")
    assert response.status_code == 400
    assert "attaquant.example" in production_logging.getvalue()
    assert mail.outbox == []


# --- Media on S3-compatible object storage (moto's server as the local S3) ------------------------------

BUCKET = "cluac-media"


def readme_bucket_policy():
    """The bucket policy the README gives: images readable by anyone, documents private."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    policy = re.search(r"```json\n(\{.*?\})\n```", readme, re.S).group(1)
    return policy.replace("BUCKET_NAME", BUCKET)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free local port, for the tests of this module only."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)  # noqa: S310 (local http)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("moto's S3 server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_media(s3_endpoint, monkeypatch, settings):
    """Production's media settings for a bucket on the local S3, in force for this test."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "cluac-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "cluac-test-secret")
    production = production_settings(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME="eu-west-3",
    )
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    s3.put_bucket_policy(Bucket=BUCKET, Policy=readme_bucket_policy())
    settings.STORAGES = {**settings.STORAGES, "default": production.STORAGES["default"]}
    settings.WAGTAILDOCS_SERVE_METHOD = production.WAGTAILDOCS_SERVE_METHOD
    settings.CONTENT_SECURITY_POLICY = production.CONTENT_SECURITY_POLICY
    yield s3
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def png(width=320, height=200):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (0, 0, 145)).save(buffer, "PNG")
    return buffer.getvalue()


def bucket_keys(s3):
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.single_pass
@pytest.mark.django_db
def test_a_document_uploaded_in_the_admin_lands_in_the_bucket_and_downloads_through_the_site(
    s3_media, author, home_page, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n% Ordre du jour du CLUAC du 7 septembre 2023\n%%EOF\n"
    # A name no other test uses, so that a file on local disk can only come from this upload.
    filename = f"ordre-du-jour-{uuid.uuid4().hex[:8]}.pdf"
    response = client_for(author).post(
        reverse("wagtaildocs:add"),
        {
            "title": "Ordre du jour du 7 septembre 2023",
            "file": SimpleUploadedFile(filename, pdf, content_type="application/pdf"),
            "collection": _root_collection_id(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = get_document_model().objects.get(title="Ordre du jour du 7 septembre 2023")

    assert f"media/{document.file.name}" in bucket_keys(s3_media)
    assert not (settings.MEDIA_ROOT / document.file.name).exists(), "the document was written to local disk"

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(
            f"{settings.STORAGES['default']['OPTIONS']['endpoint_url']}/{BUCKET}/media/{document.file.name}"
        )  # noqa: S310
    assert refused.value.code == 403, "documents must stay private in the bucket"

    download = Client().get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf


def _root_collection_id():
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


@pytest.mark.single_pass
@pytest.mark.django_db
def test_an_image_uploaded_in_the_admin_is_served_by_the_object_storage(s3_media, author, home_page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(author).post(
        reverse("wagtailimages:add"),
        {
            "title": "Salle du comité",
            "file": SimpleUploadedFile("salle-du-comite.png", png(), content_type="image/png"),
            "collection": _root_collection_id(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Salle du comité")
    rendition = image.get_rendition("width-160")

    assert rendition.url.startswith(f"{s3_media.meta.endpoint_url}/{BUCKET}/media/images/")
    assert "Signature" not in rendition.url, "image addresses must stay stable for cached pages"
    with urllib.request.urlopen(rendition.url) as served:  # noqa: S310 (the local S3 server)
        served_image = PILImage.open(io.BytesIO(served.read()))
    assert served_image.size == (160, 100)
    assert f"media/{image.file.name}" in bucket_keys(s3_media)

    # The public pages' policy lets browsers load images from the object storage, and only there.
    cache.clear()
    policy = Client().get(home_page.url)["Content-Security-Policy"]
    assert f"img-src 'self' data: {s3_media.meta.endpoint_url}" in policy
