import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105 (tests only)  # nosec B105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405

# The public cache is tested on its own (tests/test_public_cache.py): elsewhere a test reads the
# rows it has just changed, some through ``QuerySet.update()``, which sends no signal.
CLUAC_PUBLIC_CACHE = {"ENABLED": False}

# `make mutation` runs thousands of short pytest sessions: with --reuse-db, a test database kept
# in this file is migrated by the first session only.
if os.environ.get("CLUAC_TEST_DATABASE_FILE"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["CLUAC_TEST_DATABASE_FILE"]}  # noqa: F405

# `make mutation` also leaves the search index alone: each page or person saved updates it (a third
# of the time of the tests that judge the mutants, each run hundreds of times). Two mutated modules
# meet its writes: the public cache (they must not purge it) and the replies (a substitute's index
# entries do not make them known elsewhere); their tests turn it back on (`search_index_updated`).
if os.environ.get("CLUAC_TEST_SEARCH_INDEX") == "off":
    WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}  # noqa: F405
