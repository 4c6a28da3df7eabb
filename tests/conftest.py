import contextlib
import os
import sqlite3

import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from .factories import HomePageFactory
from .workflow_helpers import SECRETAIRE_GENERAL, SERVICE_COMMUNICATION, make_user


def pytest_configure(config):
    """Under ``make mutation`` with several mutants tested at once (``tools/mutation.py``), each
    pytest session works on a copy of its own of the migrated test database: sessions sharing one
    SQLite file would wait for each other's write locks, and a lock given up would count as a
    mutant killed."""
    shared = os.environ.get("CLUAC_TEST_DATABASE_FILE")
    if os.environ.get("CLUAC_MUTATION_PRIVATE_DATABASE") != "1" or not shared or not os.path.exists(shared):
        return
    from django.conf import settings
    from django.db import connections

    private = f"{shared}.{os.getpid()}"
    # SQLite's backup copies a consistent state, the write-ahead log included.
    with (
        contextlib.closing(sqlite3.connect(shared)) as source,
        contextlib.closing(sqlite3.connect(private)) as target,
    ):
        source.backup(target)
    connections["default"].close()
    for database in (settings.DATABASES["default"], connections["default"].settings_dict):
        database["NAME"] = private
        database.setdefault("TEST", {})["NAME"] = private
    config.cluac_private_database = private
    # The copy is migrated already: pytest-django's set-up would run `migrate` again (about
    # 0.2 s of checks per session, thousands of sessions).
    config.pluginmanager.register(MigratedCopy(), "cluac-migrated-copy")


class MigratedCopy:
    """pytest-django's way of using a database set up beforehand: a ``django_db_setup`` that
    leaves the connection on it."""

    @pytest.fixture(scope="session")
    def django_db_setup(self):
        yield


def pytest_unconfigure(config):
    private = getattr(config, "cluac_private_database", None)
    if private:
        for path in (private, f"{private}-wal", f"{private}-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: ids repeat from test to test (the database is rolled
    back), and Wagtail caches an image's renditions by its id."""
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def search_index_updated(settings):
    """The search index updated at each save, as in production, even under `make mutation`, which
    leaves it alone for the tests that do not depend on it (cluac_site/settings/test.py)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**backend, "AUTO_UPDATE": True}}


@pytest.fixture
def home_page(db):
    """A home page set as the default site's root, as on a fresh install."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="Préfecture de test", slug="prefecture-test")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home


@pytest.fixture
def author(db):
    """A web editor of « Service communication », who drafts and submits minutes."""
    return make_user("redacteur", SERVICE_COMMUNICATION, first_name="Anaïs", last_name="Rédactrice")


@pytest.fixture
def secretary(db):
    """A member of « Secrétaire général », who validates minutes."""
    return make_user("sg", SECRETAIRE_GENERAL, first_name="Nicolas", last_name="Secrétaire")


def pytest_collection_modifyitems(config, items):
    """Run the single-pass checks (browser, fuzz) in one database pass of CI only.

    CI runs the suite on SQLite, then on PostgreSQL with ``CLUAC_SINGLE_PASS_DONE=1``: the
    checks that do not depend on the database engine are not run twice.
    """
    if os.environ.get("CLUAC_SINGLE_PASS_DONE") != "1":
        return
    skip = pytest.mark.skip(reason="single-pass check: already run in CI's SQLite pass")
    for item in items:
        if item.get_closest_marker("single_pass"):
            item.add_marker(skip)
