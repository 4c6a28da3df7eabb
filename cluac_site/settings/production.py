"""Production: every secret and host-specific value comes from the environment.

Nothing is kept in an app server's memory or on its disk between requests, so that several app
servers run behind a load balancer on one PostgreSQL and one Redis: sessions in the database (read
through the Redis cache), caches in Redis, background tasks in the database, static files collected
into each server's release, media on object storage when ``AWS_STORAGE_BUCKET_NAME`` is set.
"""

import copy
import os
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, CONTENT_SECURITY_POLICY, DATABASES, MIDDLEWARE, STORAGES


def env(name, default=None, required=False):
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_bool(name, default="false"):
    return env(name, default).lower() in ("1", "true", "yes")


DEBUG = False
SECRET_KEY = env("SECRET_KEY", required=True)
env("ALLOWED_HOSTS", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Database ----------------------------------------------------------------------------------
# DATABASE_URL is read in base; production refuses to fall back on SQLite.
env("DATABASE_URL", required=True)
# Persistent connections: each gunicorn worker (a process with one thread) keeps its connection
# for CONN_MAX_AGE seconds instead of opening one per request, and checks it before reusing it
# after an idle spell (CONN_HEALTH_CHECKS), so a restarted PostgreSQL costs no failed request.
# Chosen over Django 5.2's psycopg pool: with sync workers a pool per process would hold one
# connection anyway, and it needs an extra package; the count to plan stays
# app servers × workers + the task worker + the cron jobs, under PostgreSQL's max_connections.
DATABASES = copy.deepcopy(DATABASES)
DATABASES["default"]["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Cache and sessions: shared by every app server ----------------------------------------------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", "redis://127.0.0.1:6379/1"),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "cluac"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Anonymous visitors' pages are served from this cache (cluac_pages.public_cache); 0 disables it.
CLUAC_PUBLIC_CACHE = {"TIMEOUT": int(env("PUBLIC_CACHE_TIMEOUT", "600"))}
CLUAC_PUBLIC_CACHE["ENABLED"] = CLUAC_PUBLIC_CACHE["TIMEOUT"] > 0

# A CDN or caching proxy in front (optional) is told of each publication and withdrawal, by an HTTP
# PURGE request to this address (Varnish, nginx proxy_cache_purge…): wagtail.contrib.frontend_cache.
if env("FRONTEND_CACHE_PURGE_URL", ""):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
        }
    }

# --- E-mail, and who hears of errors --------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
# ADMINS="Équipe web <web@prefecture.gouv.fr>, astreinte@prefecture.gouv.fr"
ADMINS = [(name, address) for name, address in getaddresses([env("ADMINS", "")]) if address]
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# Errors go to the console (gunicorn's and systemd's journal) with their traceback, and by e-mail
# to ADMINS. A request with a forged Host header is logged, never mailed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {process:d} {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console", "mail_admins"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- Background tasks: queued in the database for `python manage.py db_worker` -------------------
# The worker sends the e-mails and also updates the search index when a page is saved.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- HTTPS behind the proxy ---------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies stand in front of the site (the TLS proxy: 1); the suggestion form's limit is per visitor.
CLUAC_TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", "0"))
SECURE_SSL_REDIRECT = True
# A load balancer checks the app servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# --- Static files: collected at release, served by the app itself (WhiteNoise) -------------------
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static")))
STORAGES = {
    **STORAGES,
    # Hashed names (cached for ever by browsers) and gzip copies, made by collectstatic.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Media: this server's disk, or S3-compatible object storage ----------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read from the environment by boto3.
    endpoint_url = env("AWS_S3_ENDPOINT_URL", "") or None
    custom_domain = env("AWS_S3_CUSTOM_DOMAIN", "") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": endpoint_url,
            "region_name": env("AWS_S3_REGION_NAME", "") or None,
            "custom_domain": custom_domain,
            "location": env("AWS_LOCATION", "media"),
            # Other providers than AWS (Scaleway, OVHcloud, MinIO, Garage) address buckets by path.
            "addressing_style": "path" if endpoint_url else None,
            # Plain, stable addresses for images (a page's HTML can be cached); the bucket policy
            # makes images/ and original_images/ readable, documents/ stays private.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }
    # Documents are streamed by the app, after Wagtail's collection privacy check, never linked in
    # the bucket.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    # The browser may load images from the media's origin.
    if custom_domain:
        media_origins = [f"https://{custom_domain}"]
    elif endpoint_url:
        media_origins = ["{0.scheme}://{0.netloc}".format(urlsplit(endpoint_url))]
    else:
        region = env("AWS_S3_REGION_NAME", "")
        media_origins = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if region:
            media_origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{region}.amazonaws.com")
    CONTENT_SECURITY_POLICY = copy.deepcopy(CONTENT_SECURITY_POLICY)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += media_origins
