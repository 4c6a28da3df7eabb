"""Settings shared by every environment; see dev, test and production."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "home",
    "cluac_pages",
    "dsfr",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.frontend_cache",
    # The API serves JSON only: "rest_framework" stays out of INSTALLED_APPS, since its
    # French catalogue would replace Django's own messages (« adresse e-mail » …).
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Its French catalogue words the times Wagtail shows (« il y a 27 secondes »).
    "django.contrib.humanize",
    "django.forms",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous visitors' pages from the cache, before any other work (cluac_pages.public_cache).
    "cluac_pages.public_cache.PublicCacheMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "cluac_site.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cluac_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# django-dsfr renders its widgets with Django's form renderer.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "cluac_site.wsgi.application"

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must survive an editor's save and the editor's autosave hitting the
    # same page at once: the write-ahead log lets readers run beside the writer, IMMEDIATE
    # transactions take the write lock up front (a deferred one that upgrades from reading to
    # writing fails at once with « database is locked »), and a writer waits up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The site's own catalogue (templates/ and home/); the add-on ships its own in cluac_pages/locale.
# Interface strings are written in French: the catalogues carry them as they are, with French
# plural rules (0 and 1 take the singular), which untranslated strings would not get.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as the French type them: JJ/MM/AAAA and JJ/MM/AAAA HH:MM in every admin date field (the
# widgets display them so, and Django's French input formats read them), hours also as « 14h30 ».
FORMAT_MODULE_PATH = ["cluac_site.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

WAGTAIL_SITE_NAME = "CLUAC pages"
# Page addresses in plain ASCII (« comite-local… », not « comit%C3%A9-local… »), as printed on paper.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_USER_EDIT_FORM = None
# No avatar fetched from Gravatar: a prefecture's network does not reach it, and the admin calls no
# third party (nor sends it a hash of an address).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Refuse, with a French message, images and rich text that Wagtail's own forms fail on.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cluac_pages.admin_forms.ImageForm"
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "cluac_pages.admin_forms.RichTextArea"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]

# Wagtail's database search backend uses PostgreSQL full-text search when the
# database is PostgreSQL, and the plain database fallback on SQLite.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french",
    }
}

# Development and tests run tasks at once; production queues them in the
# database for a worker (`python manage.py db_worker`).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# Component content given to django-dsfr tags is escaped unless marked safe.
DSFR_CONTENT_IS_SAFE = False

# The public API (/api/v2/) serves rich text with its links resolved, by pages of 20 to 100.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100

# The add-on's templates extend this name; a host site sets its own.
CLUAC_PAGES_BASE_TEMPLATE = "base.html"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@cluac.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers, in every environment so that the browser tests see what production sends ---

# Content-Security-Policy (django-csp). Public pages run only the DSFR's script files: no inline
# script, no nonce (a nonce would make each cached copy of a page differ), no third party.
# The Wagtail admin gets the few additions it needs (cluac_site/security.py).
# Production adds the media origin when media live in object storage.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Permissions-Policy (django-permissions-policy): the site uses no device or browser feature.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}
