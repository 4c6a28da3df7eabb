from .base import *  # noqa: F403

DEBUG = True
# Development only: production reads SECRET_KEY from the environment.
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105 (development only)  # nosec B105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
