"""`make mutation`: mutmut 3 on the modules that decide who may see, publish, withdraw or receive.

Each module is mutated and run against the test modules listed for it in pyproject.toml
(``[tool.cluac-mutation.modules]``); mutmut's own statistics narrow that further to the tests
that reach the mutated function. The test database is a SQLite file migrated by the first
pytest session and reused (``--reuse-db``) by the thousands that follow. The table gives per
module the mutants, killed, survived, the equivalent ones (listed with their reason in
``[[tool.cluac-mutation.equivalent]]``, left out of the score) and the score; the exit status is
1 when a module scores below the threshold.

    .venv/bin/python tools/mutation.py [--max-children N] [--keep] [module.py ...]

With module paths, only those modules are mutated (against their own test modules).
``--keep`` reuses the results already in ``mutants/`` of a run on the same modules (mutmut reruns
only what changed);
``--report`` prints the table of the results there without running anything.
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


def mutated_line(mutant_name, path):
    """The line as the mutant changed it (stripped), from mutmut's diff."""
    from mutmut.__main__ import get_diff_for_mutant

    diff = get_diff_for_mutant(mutant_name, path=path)
    added = [
        line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")
    ]
    return " ".join(added)


def scores(modules, equivalents):
    """Per module: mutants, killed, survived (not equivalent), equivalent, score; and the
    listed equivalents no longer found among the survivors (the list needs updating)."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    rows, stale = [], []
    for path in modules:
        data = SourceFileMutationData(path=path)
        data.load()
        statuses = {name: status_by_exit_code[code] for name, code in data.exit_code_by_key.items()}
        # A mutant that makes the tests hang or crash is detected as well as one that fails them.
        killed = sum(status in ("killed", "timeout", "segfault") for status in statuses.values())
        listed = {entry["mutant"]: entry for entry in equivalents if entry["module"] == path}
        survivors = [
            name for name, status in statuses.items() if status not in ("killed", "timeout", "segfault")
        ]
        equivalent, survived = [], []
        for name in survivors:
            (equivalent if mutated_line(name, path) in listed else survived).append(name)
        found = {mutated_line(name, path) for name in equivalent}
        stale += [entry for line, entry in listed.items() if line not in found]
        judged = len(statuses) - len(equivalent)
        score = 100.0 * killed / judged if judged else 100.0
        rows.append((path, len(statuses), killed, survived, len(equivalent), score))
    return rows, stale


def print_table(rows, stale, threshold):
    width = max(len(row[0]) for row in rows)
    print()
    print(f"{'module':<{width}}  mutants  killed  survived  equivalent   score")
    for path, total, killed, survived, equivalent, score in rows:
        flag = "" if score >= threshold else f"  < {threshold:g} %"
        counts = f"{total:>7}  {killed:>6}  {len(survived):>8}  {equivalent:>10}"
        print(f"{path:<{width}}  {counts}  {score:5.1f} %{flag}")
    survivors = [name for row in rows for name in row[3]]
    if survivors:
        print("\nSurvivors (`.venv/bin/mutmut show <name>` gives the change):")
        for name in survivors:
            print(f"  {name}")
    for entry in stale:
        print(f"\nListed as equivalent but not among the survivors of {entry['module']}: {entry['mutant']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules", nargs="*", help="mutate only these modules (paths from the repository root)"
    )
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="reuse the results in mutants/")
    parser.add_argument("--report", action="store_true", help="print the table of the results in mutants/")
    options = parser.parse_args(argv)

    config = settings()
    modules = config["modules"]
    unknown = [path for path in options.modules if path not in modules]
    if unknown:
        parser.error(f"not in [tool.cluac-mutation.modules]: {', '.join(unknown)}")
    if options.modules:
        modules = {path: modules[path] for path in options.modules}

    os.chdir(ROOT)
    if options.report:
        modules = {
            path: tests for path, tests in modules.items() if (ROOT / "mutants" / f"{path}.meta").exists()
        }
        return report(modules, config)
    if not options.keep:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        DATABASE_FILE.unlink(missing_ok=True)
    DATABASE_FILE.parent.mkdir(exist_ok=True)
    os.environ["CLUAC_TEST_DATABASE_FILE"] = str(DATABASE_FILE)
    # Mutants tested at once: each session on its own copy of the database (tests/conftest.py).
    os.environ["CLUAC_MUTATION_PRIVATE_DATABASE"] = "1" if options.max_children > 1 else "0"
    os.environ.pop("DATABASE_URL", None)

    configure(modules)
    restrict_tests_to_listed_modules(modules)
    skip_second_clean_run()
    import mutmut.__main__ as mutmut_main

    mutmut_main._run([], options.max_children)

    return report(modules, config)


def report(modules, config):
    rows, stale = scores(modules, config.get("equivalent", []))
    print_table(rows, stale, config["threshold"])
    return 0 if all(row[5] >= config["threshold"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
