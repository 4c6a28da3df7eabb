"""The production stack of deploy/Procfile on a database of generated volume, for ``make bench`` and
``make loadtest``.

Process management is the one of ``.ci/test_stack.py`` (its ``Stack``: processes in sessions of
their own, stopped by group, logs in a work directory), loaded from there. The database
(``cluac_bench``) is kept between runs and generated (``generate_volume``) only when missing or
of another size; media and collected static files live beside it in ``bench/var/``.
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "cluac_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
HTTPS = {"X-Forwarded-Proto": "https"}


def _load_test_stack():
    spec = importlib.util.spec_from_file_location("cluac_test_stack", ROOT / ".ci" / "test_stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


test_stack = _load_test_stack()
Stack = test_stack.Stack
procfile = test_stack.procfile
free_port = test_stack.free_port


def environment():
    """The production settings' environment, as .ci/test_stack.py gives it, on the bench database."""
    # No SMTP server: the bench never sends a message (and the mailing is a background task).
    return {
        **test_stack.production_environment(
            f"{POSTGRES}/{DATABASE}", REDIS_URL, VAR / "static", VAR / "media"
        ),
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }


class BenchStack(Stack):
    """``Stack`` on the kept bench database; ``web(name, cached=…)`` starts one gunicorn."""

    web_process = "{}"

    def __init__(self):
        super().__init__(Path(tempfile.mkdtemp(prefix="cluac-bench-")))
        self.env = environment()
        self.ports = {}

    def database_volume(self):
        """``(sites, minutes)`` of generated volume in the bench database, or ``None`` if missing."""
        # The list of databases, not a query built from a name.
        names = subprocess.run(
            ["psql", f"{POSTGRES}/postgres", "-lqtA", "-F", "\t"], capture_output=True, text=True
        ).stdout
        if DATABASE not in {line.split("\t")[0] for line in names.splitlines()}:
            return None
        try:
            return tuple(
                json.loads(
                    self.python(
                        "import json; from wagtail.models import Site; "
                        "from cluac_pages.models import MinutesPage; "
                        "print(json.dumps([Site.objects.filter(hostname__startswith='prefecture-').count(), "
                        "MinutesPage.objects.exclude(url_path__contains='/reunion-de-mesure').count()]))"
                    )
                )
            )
        except AssertionError:
            return None

    def prepare(self, prefectures, years, meetings_per_year, regenerate=False):
        """Migrate and collect static files; generate the volume unless it is already there."""
        wanted = (prefectures, prefectures * years * meetings_per_year)
        if regenerate or self.database_volume() != wanted:
            subprocess.run(
                ["dropdb", "--if-exists", "--maintenance-db", f"{POSTGRES}/postgres", DATABASE], check=True
            )
            subprocess.run(["createdb", "--maintenance-db", f"{POSTGRES}/postgres", DATABASE], check=True)
            self.run(procfile()["release"], timeout=900)
            started = time.monotonic()
            # The progress bar goes to this terminal.
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "generate_volume",
                    "--force",
                    f"--prefectures={prefectures}",
                    f"--years={years}",
                    f"--meetings-per-year={meetings_per_year}",
                ],
                cwd=ROOT,
                env=self.env,
                check=True,
            )
            self.generated_in = time.monotonic() - started
        else:
            self.run(procfile()["release"], timeout=900)
            self.generated_in = None
        self.run(["redis-cli", "-u", REDIS_URL, "flushdb"])

    def web(self, name, cached=True, workers=None):
        port = free_port()
        self.ports[name] = port
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "PUBLIC_CACHE_TIMEOUT": "600" if cached else "0",
        }
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        self.start(name, procfile()["web"], env=env)
        self.wait_until_healthy(name)
        return port
