"""`make mutation`: mutmut 3 on the modules that decide who may see, publish, withdraw or receive.

Each module is mutated and run against the test modules listed for it in pyproject.toml
(``[tool.cluac-mutation.modules]``); mutmut's own statistics narrow that further to the tests
that reach the mutated function. The test database is a SQLite file migrated by the first
pytest session and reused (``--reuse-db``) by the thousands that follow. The table gives per
module the mutants, killed, survived and the score; the exit status is 1 when a module scores
below the threshold.

    .venv/bin/python tools/mutation.py [--max-children N] [--keep] [module.py ...]

With module paths, only those modules are mutated (against their own test modules).
``--keep`` reuses the results already in ``mutants/`` (mutmut reruns only what changed).
"""

import argparse
import dataclasses
import os
import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_FILE = ROOT / "test-artifacts" / "mutation-test-db.sqlite3"


def settings():
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["cluac-mutation"]


def function_module(mangled_name):
    """``cluac_pages.replies`` from mutmut's ``cluac_pages.replies.x_titular_seats``
    (or ``…replies.xǁMeetingReplyǁ__init__`` for a method)."""
    return mangled_name.rsplit(".", 1)[0]


def module_path(module):
    return module.replace(".", "/") + ".py"


def configure(modules):
    """Mutate ``modules`` only, each against its own test modules."""
    from mutmut import configuration

    test_modules = sorted({test for tests in modules.values() for test in tests})
    loaded = configuration.config()
    configuration._config = dataclasses.replace(
        loaded, only_mutate=list(modules), pytest_add_cli_args_test_selection=test_modules
    )


def restrict_tests_to_listed_modules(modules):
    """After mutmut's statistics (which tests reach which function), keep for each function only
    the tests of the modules listed for its file: a mutant of replies.py is not judged by the
    permission matrix that happens to render a reply link."""
    import mutmut.__main__ as mutmut_main
    from mutmut.state import state

    original = mutmut_main.collect_or_load_stats

    def collect_then_restrict(*args, **kwargs):
        original(*args, **kwargs)
        mapping = state().tests_by_mangled_function_name
        for name, tests in mapping.items():
            allowed = modules.get(module_path(function_module(name)), [])
            mapping[name] = {test for test in tests if test.split("::", 1)[0] in allowed}

    mutmut_main.collect_or_load_stats = collect_then_restrict


def skip_second_clean_run():
    """mutmut runs every selected test twice before mutating: once for its statistics (which
    stops the run if a test fails) and once more « clean ». The second pass adds minutes and
    checks nothing the first has not."""
    import mutmut.__main__ as mutmut_main

    original = mutmut_main.get_mutant_runner

    def runner_without_clean_run(*args, **kwargs):
        runner = original(*args, **kwargs)
        runner.run_clean_tests = lambda *a, **k: 0
        return runner

    mutmut_main.get_mutant_runner = runner_without_clean_run


def scores(modules):
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    rows = []
    for path in modules:
        data = SourceFileMutationData(path=path)
        data.load()
        statuses = [status_by_exit_code[code] for code in data.exit_code_by_key.values()]
        total = len(statuses)
        # A mutant that makes the tests hang or crash is detected as well as one that fails them.
        killed = sum(status in ("killed", "timeout", "segfault") for status in statuses)
        survived = total - killed
        score = 100.0 * killed / total if total else 100.0
        rows.append((path, total, killed, survived, score))
    return rows


def print_table(rows, threshold):
    width = max(len(row[0]) for row in rows)
    print()
    print(f"{'module':<{width}}  mutants  killed  survived   score")
    for path, total, killed, survived, score in rows:
        flag = "" if score >= threshold else f"  < {threshold:g} %"
        print(f"{path:<{width}}  {total:>7}  {killed:>6}  {survived:>8}  {score:5.1f} %{flag}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules", nargs="*", help="mutate only these modules (paths from the repository root)"
    )
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="reuse the results in mutants/")
    options = parser.parse_args(argv)

    config = settings()
    modules = config["modules"]
    unknown = [path for path in options.modules if path not in modules]
    if unknown:
        parser.error(f"not in [tool.cluac-mutation.modules]: {', '.join(unknown)}")
    if options.modules:
        modules = {path: modules[path] for path in options.modules}

    os.chdir(ROOT)
    if not options.keep:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        DATABASE_FILE.unlink(missing_ok=True)
    DATABASE_FILE.parent.mkdir(exist_ok=True)
    os.environ["CLUAC_TEST_DATABASE_FILE"] = str(DATABASE_FILE)
    os.environ.pop("DATABASE_URL", None)

    configure(modules)
    restrict_tests_to_listed_modules(modules)
    skip_second_clean_run()
    import mutmut.__main__ as mutmut_main

    mutmut_main._run([], options.max_children)

    rows = scores(modules)
    print_table(rows, config["threshold"])
    return 0 if all(row[4] >= config["threshold"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
