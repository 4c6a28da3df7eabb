"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": "k9#Qz!v2Lr$8mW@x4Tn^7pB&c1Ys*e6Hd(0Fj)u3Ga-i5Ro+l_VwXqZtKbNhMsE",
    "ALLOWED_HOSTS": "cluac.example.gouv.fr",
    "DATABASE_URL": "postgres://cluac@db.example.gouv.fr:5432/cluac",
    "EMAIL_HOST": "smtp.example.gouv.fr",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--settings=cluac_site.settings.production"],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks_without_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required in production" in result.stderr


def test_production_refuses_to_fall_back_on_sqlite():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL is required in production" in result.stderr
