"""gunicorn's settings for CLUAC pages: ``gunicorn --config deploy/gunicorn.conf.py cluac_site.wsgi``.

Every value can be changed from the environment, so that the same file serves each app server.
"""

import multiprocessing
import os
from pathlib import Path

from gunicorn.http import wsgi

# The repository's root, whatever directory gunicorn is started from.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "cluac_site.wsgi:application"

# Behind nginx on the same host: listen on loopback. Behind a load balancer on another host, set
# GUNICORN_BIND=0.0.0.0:8000 and FORWARDED_ALLOW_IPS to the balancer's address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, one thread each: each keeps one persistent database connection (CONN_MAX_AGE).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A long minutes' PDF takes a few seconds; nothing else comes near this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that no slow leak grows for ever.
max_requests = 1000
max_requests_jitter = 100
# The workers' heartbeat files in memory, not on the app server's disk.
# Bandit's B108 (a fixed temporary directory) does not apply: /dev/shm is the directory gunicorn's
# documentation gives for this, and gunicorn creates its files there with mkstemp.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # nosec B108

# Trust X-Forwarded-Proto / X-Forwarded-For only from the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to the console: systemd's journal (or the platform) keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


# gunicorn names itself in a « Server: gunicorn » header of every response and has no setting to
# stop it; drop that header, so that the software in use is not advertised (nginx, in front, sends
# « Server: nginx » without a version: server_tokens off).
_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


wsgi.Response.default_headers = _default_headers_without_server
