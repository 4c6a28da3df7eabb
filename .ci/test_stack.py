"""The production stack as the README starts it, checked over HTTP.

Once for the whole module: a fresh PostgreSQL database, a Redis database, moto's server as the
S3-compatible object storage of the media, then the processes of ``deploy/Procfile`` exactly as
written there (``release``, two ``web`` app servers sharing nothing but PostgreSQL, Redis and the
bucket, one ``worker``), with production settings and the demo content (``load_demo``).

Run by ``.ci/run`` (``make production-check``). PostgreSQL and Redis must be running (``.ci/run``
starts them); every process started here is stopped at the end, and the database dropped.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("STACK_DATABASE", "cluac_stack")
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/7")
BUCKET = "cluac-media"
ADMIN_PASSWORD = secrets.token_urlsafe(16)
# What the proxy (nginx) adds: the site is served over HTTPS only.
HTTPS = {"X-Forwarded-Proto": "https"}
TIMEOUT = 60


def procfile():
    """``{process type: command}`` from deploy/Procfile."""
    entries = {}
    for line in (ROOT / "deploy" / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


def production_environment(database_url, cache_url, static_root, media_root):
    """The environment of deploy/Procfile's processes with production settings on this machine
    (also used by ``make bench``)."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "cluac_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
        # No SMTP server here: e-mails fail at once and are recorded as failed.
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    def __init__(self, workdir):
        self.workdir = workdir
        self.processes = {}
        self.logs = {}
        self.s3_endpoint = None
        self.env = None

    # --- processes -------------------------------------------------------------------------------

    def start(self, name, command, env=None):
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed in stop())
        self.logs[name] = log
        # A session of its own, so that stop() ends the whole group it started and nothing else.
        self.processes[name] = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name):
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if name in self.logs:
            self.logs.pop(name).close()

    def stop_all(self):
        for name in list(self.processes):
            self.stop(name)

    def log(self, name):
        return (self.workdir / f"{name}.log").read_text(errors="replace")[-4000:]

    def run(self, command, timeout=600):
        """Run ``command`` (a shell line, or a list of arguments) in the production environment."""
        result = subprocess.run(
            ["bash", "-c", command] if isinstance(command, str) else command,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"{command} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def manage(self, *args):
        return self.run([sys.executable, "manage.py", *args])

    def python(self, code):
        """The last line ``code`` prints, run by ``manage.py shell`` with production settings."""
        return self.manage("shell", "-c", code).stdout.strip().splitlines()[-1]

    def start_worker(self):
        self.start("worker", procfile()["worker"])

    def stop_worker(self):
        self.stop("worker")

    # --- HTTP ------------------------------------------------------------------------------------

    def get(self, path, server="a", host=None, headers=None, **kwargs):
        port = self.ports[server]
        all_headers = {**HTTPS, **({"Host": host} if host else {}), **(headers or {})}
        return requests.get(
            f"http://127.0.0.1:{port}{path}",
            headers=all_headers,
            timeout=TIMEOUT,
            allow_redirects=False,
            **kwargs,
        )

    # The name of app server ``server``'s process (``make bench`` names them itself).
    web_process = "web-{}"

    def wait_until_healthy(self, server, seconds=180):
        process = self.web_process.format(server)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.processes[process].poll() is not None:
                raise AssertionError(f"{process} exited:\n{self.log(process)}")
            try:
                if self.get("/health/", server=server).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{process} never became healthy:\n{self.log(process)}")


def require_service(command, what):
    if subprocess.run(command, capture_output=True).returncode != 0:
        pytest.fail(f"{what} is not running (.ci/run starts it): `{' '.join(command)}` failed")


@pytest.fixture(scope="module")
def stack():
    require_service(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], "PostgreSQL")
    redis = urlsplit(REDIS_URL)
    redis_db = redis.path.lstrip("/") or "0"
    redis_cli = ["redis-cli", "-h", redis.hostname, "-p", str(redis.port or 6379), "-n", redis_db]
    require_service([*redis_cli, "ping"], "Redis")

    workdir = Path(tempfile.mkdtemp(prefix="cluac-stack-"))
    stack = Stack(workdir)
    admin_db = f"{POSTGRES}/postgres"
    try:
        subprocess.run(["dropdb", "--if-exists", "--maintenance-db", admin_db, DATABASE], check=True)
        subprocess.run(["createdb", "--maintenance-db", admin_db, DATABASE], check=True)
        subprocess.run([*redis_cli, "flushdb"], check=True, capture_output=True)

        # moto's S3 server, and the bucket with the policy the README gives.
        s3_port = free_port()
        stack.s3_endpoint = f"http://127.0.0.1:{s3_port}"
        s3_env = {**os.environ, "AWS_ACCESS_KEY_ID": "stack", "AWS_SECRET_ACCESS_KEY": "stack-secret"}
        stack.start("s3", f"exec {sys.executable} -m moto.server -H 127.0.0.1 -p {s3_port}", env=s3_env)
        stack.s3 = boto3.client(
            "s3",
            endpoint_url=stack.s3_endpoint,
            region_name="eu-west-3",
            aws_access_key_id="stack",
            aws_secret_access_key="stack-secret",  # noqa: S106 (the local emulator's)
        )
        for _ in range(100):
            try:
                stack.s3.list_buckets()
                break
            except Exception:
                time.sleep(0.1)
        stack.s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        policy = json.loads(
            re.search(r"```json\n(\{.*?\})\n```", (ROOT / "README.md").read_text(), re.S).group(1)
        )
        stack.s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy).replace("BUCKET_NAME", BUCKET))

        stack.ports = {"a": free_port(), "b": free_port()}
        stack.media_root = workdir / "media"
        stack.env = {
            **production_environment(
                f"{POSTGRES}/{DATABASE}", REDIS_URL, workdir / "static", stack.media_root
            ),
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": stack.s3_endpoint,
            "AWS_S3_REGION_NAME": "eu-west-3",
            "AWS_ACCESS_KEY_ID": "stack",
            "AWS_SECRET_ACCESS_KEY": "stack-secret",
            "WEB_CONCURRENCY": "2",
        }

        stack.run(procfile()["release"], timeout=900)
        stack.manage("load_demo", "--force")
        stack.env["DJANGO_SUPERUSER_PASSWORD"] = ADMIN_PASSWORD
        stack.manage("createsuperuser", "--noinput", "--username", "exploitation", "--email=web@example.org")
        del stack.env["DJANGO_SUPERUSER_PASSWORD"]

        stack.start_worker()
        for server, port in stack.ports.items():
            server_env = {**stack.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
            stack.start(f"web-{server}", procfile()["web"], env=server_env)
        for server in stack.ports:
            stack.wait_until_healthy(server)
        stack.sites = json.loads(
            stack.python(
                "import json; from wagtail.models import Site; "
                "sites = Site.objects.order_by('-is_default_site', 'hostname'); "
                "print(json.dumps([f'{site.hostname}:{site.port}' for site in sites]))"
            )
        )
        yield stack
    finally:
        stack.stop_all()
        subprocess.run(["dropdb", "--if-exists", "--maintenance-db", admin_db, DATABASE], check=False)
        subprocess.run([*redis_cli, "flushdb"], check=False, capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


def page_paths(stack, host):
    """The paths of a site's pages, from its sitemap."""
    response = stack.get("/sitemap.xml", host=host)
    assert response.status_code == 200, f"{host}: sitemap answered {response.status_code}"
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", response.text)]


# --- The checks ---------------------------------------------------------------------------------------


def test_health_endpoint_on_each_app_server(stack):
    for server in stack.ports:
        response = stack.get("/health/", server=server, headers={"X-Forwarded-Proto": "http"})
        assert response.status_code == 200, "a load balancer checks over plain HTTP: no redirect"
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-store" in response.headers["Cache-Control"]


def test_plain_http_is_redirected_to_https(stack):
    response = stack.get("/", headers={"X-Forwarded-Proto": "http"})
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_every_page_of_every_demo_site_is_served(stack):
    assert len(stack.sites) >= 2, stack.sites
    failures = []
    served = 0
    for host in stack.sites:
        paths = page_paths(stack, host)
        assert paths, f"{host}: the sitemap lists no page"
        for path in paths:
            server = "a" if served % 2 else "b"
            response = stack.get(path, server=server, host=host)
            served += 1
            if response.status_code != 200 or "<html" not in response.text:
                failures.append(f"{host}{path} on {server}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert served > 20


def test_the_minutes_pdf_is_served(stack):
    minutes = [p for p in page_paths(stack, stack.sites[0]) if p.endswith("/compte-rendu/")]
    assert minutes, "the demo's default site has no minutes"
    response = stack.get(minutes[0] + "pdf/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_static_files_have_hashed_names_are_compressed_and_cached_for_ever(stack):
    home = stack.get("/").text
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', home)
    scripts = re.findall(r'src="(/static/[^"]+\.js)"', home)
    assert stylesheets and scripts, "the home page links no static file"
    for path in stylesheets + scripts:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), f"{path} has no hashed name"
        for server in stack.ports:
            response = stack.get(path, server=server, headers={"Accept-Encoding": "gzip"}, stream=True)
            assert response.status_code == 200, path
            assert response.headers["Content-Encoding"] == "gzip", path
            assert "immutable" in response.headers["Cache-Control"], path
            assert "Server" not in response.headers
            response.close()
    plain = stack.get(stylesheets[0], headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert "--" in plain.text or "{" in plain.text


def test_a_demo_document_is_served_from_the_object_storage_by_either_app_server(stack):
    documents = set()
    for path in page_paths(stack, stack.sites[0]):
        documents.update(re.findall(r'href="(/documents/\d+/[^"]+)"', stack.get(path).text))
        if documents:
            break
    assert documents, "no page of the demo links a document"
    document = sorted(documents)[0]
    for server in stack.ports:
        response = stack.get(document, server=server)
        assert response.status_code == 200, f"{document} on {server}: {response.status_code}"
        assert response.content.startswith(b"%PDF")
    name = document.rsplit("/", 1)[1]
    keys = [item["Key"] for item in stack.s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"media/documents/{name}" in keys
    assert not stack.media_root.exists(), "media were written to an app server's disk"


def test_a_session_opened_on_one_app_server_is_valid_on_the_other(stack):
    login = stack.get("/admin/login/", server="a")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    cookies = {"csrftoken": login.cookies["csrftoken"]}
    port = stack.ports["a"]
    response = requests.post(
        f"http://127.0.0.1:{port}/admin/login/",
        data={"username": "exploitation", "password": ADMIN_PASSWORD, "csrfmiddlewaretoken": token},
        headers={**HTTPS, "Referer": f"https://127.0.0.1:{port}/admin/login/"},
        cookies=cookies,
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]
    session = response.cookies["sessionid"]
    dashboard = stack.get("/admin/", server="b", cookies={"sessionid": session})
    assert dashboard.status_code == 200
    assert "exploitation" in dashboard.text


def test_search_finds_a_page_published_by_the_cron_job_once_the_worker_has_indexed_it(stack):
    word = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(12))
    stack.stop_worker()
    # A correction scheduled for publication, as an editor's « Planifier » leaves it.
    url = urlsplit(
        stack.python(
            "from datetime import timedelta; from django.utils import timezone; "
            "from cluac_pages.models import ProcedureSheetPage; "
            "page = ProcedureSheetPage.objects.live().order_by('pk').first(); "
            f"page.title = page.title + ' {word}'; "
            "page.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1)); "
            "print(page.full_url)"
        )
    )
    host, page_path = url.netloc, url.path
    stack.manage("publish_scheduled")

    assert word in stack.get(page_path, host=host).text, "publish_scheduled did not publish the page"
    before = stack.get(f"/recherche/?q={word}", host=host)
    assert before.status_code == 200
    assert f'href="{page_path}"' not in before.text, "indexed without the worker?"

    stack.start_worker()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        found = stack.get(f"/recherche/?q={word}", host=host, server="b")
        if f'href="{page_path}"' in found.text:
            break
        time.sleep(1)
    else:
        raise AssertionError(f"the worker never indexed the page:\n{stack.log('worker')}")


def test_the_cache_is_shared_by_the_app_servers_and_a_publication_shows_at_once(stack):
    url = urlsplit(
        stack.python(
            "from cluac_pages.models import CommitteePage; "
            "print(CommitteePage.objects.live().order_by('pk').first().full_url)"
        )
    )
    host, path = url.netloc, url.path
    stack.get(path, host=host, server="a")
    cached = stack.get(path, host=host, server="b")
    assert cached.status_code == 200
    assert cached.headers["X-Cache"] == "HIT", "app server b does not read what a stored in Redis"

    word = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(12))
    stack.python(
        "from cluac_pages.models import CommitteePage; "
        "page = CommitteePage.objects.live().order_by('pk').first(); "
        f"page.title = page.title + ' {word}'; "
        "page.save_revision().publish()"
    )
    for server in ("a", "b"):
        response = stack.get(path, host=host, server=server)
        assert word in response.text, f"app server {server} served the committee page from before"


def test_security_headers(stack):
    response = stack.get("/")
    headers = response.headers
    policy = dict(
        (directive.split()[0], directive.split()[1:])
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert stack.s3_endpoint in policy["img-src"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Server" not in headers, f"the server names itself: {headers.get('Server')}"
    assert "Server" not in stack.get("/cette-page-n-existe-pas/").headers
