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
