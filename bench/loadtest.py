"""``make loadtest``: locust's mixed public workload (bench/locustfile.py), headless and for a bounded
time, against gunicorn started as ``make bench`` starts it (production settings, public cache on,
the generated volume of ``cluac_bench``). Prints throughput, p50/p95/p99 and errors per request kind.

    python bench/loadtest.py [--users 20] [--spawn-rate 5] [--run-time 60s] [--prefectures 10]
"""

import argparse
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import ROOT, BenchStack  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument("--prefectures", type=int, default=10)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--meetings-per-year", type=int, default=3)
    parser.add_argument("--cached", action=argparse.BooleanOptionalAction, default=True)
    options = parser.parse_args()
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which("locust")
    if not locust:
        sys.exit("locust is needed: pip install -r requirements-bench.txt")

    stack = BenchStack()
    try:
        stack.prepare(options.prefectures, options.years, options.meetings_per_year)
        port = stack.web("web", cached=options.cached)
        hosts = ",".join(generated_hosts(stack))
        prefix = stack.workdir / "locust"
        subprocess.run(
            [
                locust,
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(options.users),
                "--spawn-rate",
                str(options.spawn_rate),
                "--run-time",
                options.run_time,
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**stack.env, "LOADTEST_HOSTS": hosts},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=open(stack.workdir / "locust.log", "wb"),  # noqa: SIM115 (closed with the process)
        )
        stats = Path(f"{prefix}_stats.csv")
        if not stats.exists():
            sys.exit("locust failed:\n" + (stack.workdir / "locust.log").read_text(errors="replace")[-4000:])
        rows = list(csv.DictReader(stats.open(encoding="utf-8")))
    finally:
        stack.stop_all()
        shutil.rmtree(stack.workdir, ignore_errors=True)

    print()
    print(
        f"locust : {options.users} visiteurs, {options.run_time}, "
        f"gunicorn {stack.env['WEB_CONCURRENCY']} workers sync, "
        f"cache public {'activé' if options.cached else 'désactivé'}, {options.prefectures} préfectures"
    )
    print(f"{'Requête':<20} {'nombre':>7} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'erreurs':>8}")
    for row in rows:
        print(
            f"{row['Name']:<20} {row['Request Count']:>7} {float(row['Requests/s']):>7.1f} "
            f"{row['50%']:>6} ms {row['95%']:>5} ms {row['99%']:>5} ms {row['Failure Count']:>8}"
        )


def generated_hosts(stack):
    return json.loads(
        stack.python(
            "import json; from wagtail.models import Site; print(json.dumps(list(Site.objects.filter("
            "hostname__startswith='prefecture-').order_by('hostname').values_list('hostname', flat=True))))"
        )
    )


if __name__ == "__main__":
    main()
