"""The health endpoint a load balancer or a monitor polls: can this app server reach its database and
its cache? It says nothing else (no version, no host name, no personal data) and is never cached."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_is_reachable():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_is_reachable():
    # A key of this request's own: app servers checking at the same time do not overwrite each other.
    key, value = f"health-check-{secrets.token_hex(8)}", "ok"
    cache.set(key, value, timeout=10)
    reachable = cache.get(key) == value
    cache.delete(key)
    return reachable


CHECKS = {"database": database_is_reachable, "cache": cache_is_reachable}


@never_cache
@require_safe
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("Health check: the %s is unreachable", name)
            results[name] = "error"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)
