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
KILLERS = ROOT / "mutants" / "killers"


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


def collect_stats_on_every_core(children):
    """Before mutating, mutmut runs every selected test once to learn which tests reach which
    function, in one pytest session on one core: over a third of the whole run. Here the tests
    are dealt out to ``children`` pytest sessions run side by side (each on its own copy of the
    database), and what each learnt is merged. Each test's time counts its fixtures' set-up as
    well as its call (mutmut counts the call only): mutmut runs a mutant's tests fastest first,
    and a fixture that builds two prefectures is most of a test's time."""
    from mutmut.state import state
    from mutmut.workers.isolation import ForkRunner

    original = ForkRunner.collect_stats

    def collect_stats(self, tests):
        if tests or children < 2:
            return original(self, tests)
        runner = self.test_runner
        everything = sorted(runner.list_all_tests().ids)
        # One test of each module run here first: the shared database is migrated once, and the
        # process that forks each mutant's session has imported and read what the tests use.
        firsts = {}
        for test in everything:
            firsts.setdefault(test.split("::", 1)[0], test)
        runner.run_tests(mutant_name=None, tests=list(firsts.values()))
        state()._stats.clear()
        shares = [everything[index::children] for index in range(children)]
        forked = [fork_stats(runner, share) for share in shares]
        return merge_stats([share_result(child) for child in forked])

    ForkRunner.collect_stats = collect_stats


def fork_stats(runner, tests):
    """A forked pytest session collecting mutmut's statistics of ``tests``: its pid and the pipe
    its findings come back through, as JSON like mutmut's own mutmut-stats.json."""
    import json

    from mutmut.state import state

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)
    try:
        execute = runner.execute_pytest

        failed = []

        class SetUpTimesAndFailures:
            def pytest_runtest_makereport(self, item, call):
                if call.when == "setup":
                    state().duration_by_test[item.nodeid] += call.duration

            def pytest_runtest_logreport(self, report):
                if report.failed:
                    failed.append(f"{report.nodeid} ({report.when}):\n{report.longreprtext}")

        def execute_with_set_up_times(params, **kwargs):
            return execute(params, plugins=[*kwargs.pop("plugins", []), SetUpTimesAndFailures()], **kwargs)

        runner.execute_pytest = execute_with_set_up_times
        exit_code = runner.run_stats(tests=tests)
        tests_by_function = state().tests_by_mangled_function_name
        found = {
            "exit_code": exit_code,
            "failed": failed,
            "tests_by_mangled_function_name": {k: sorted(v) for k, v in tests_by_function.items()},
            "duration_by_test": dict(state().duration_by_test),
            "function_dependencies": {k: sorted(v) for k, v in state().function_dependencies.items()},
        }
    except BaseException as error:  # the parent reports it
        found = {"exit_code": 1, "error": repr(error)}
    with os.fdopen(write_end, "w") as pipe:
        json.dump(found, pipe)
    os._exit(0)


def share_result(forked):
    import json

    pid, read_end = forked
    with os.fdopen(read_end) as pipe:
        found = json.load(pipe)
    os.waitpid(pid, 0)
    # mutmut prints only that the statistics failed; the failing tests are lost with the child.
    if "error" in found:
        print(f"Statistics session failed: {found['error']}", file=sys.stderr)
    for failure in found.get("failed", []):
        print(f"Failed without any mutant: {failure}", file=sys.stderr)
    return found


def merge_stats(results):
    from mutmut.state import state

    for found in results:
        for name, tests in found.get("tests_by_mangled_function_name", {}).items():
            state().tests_by_mangled_function_name[name] |= set(tests)
        state().duration_by_test.update(found.get("duration_by_test", {}))
        for name, callers in found.get("function_dependencies", {}).items():
            state().function_dependencies[name] |= set(callers)
    return max(found["exit_code"] for found in results)


def run_past_killers_first():
    """mutmut runs a mutant's tests fastest first, and a mutant that no fast test notices runs
    many slow ones before the one that fails. The mutants of one function are run one after the
    other, and the test that failed for one often fails for the next: each mutant's first failing
    test is written down (``mutants/killers/``), and the tests that failed most for the mutants of
    a function already run go first for the next ones. Which mutants die does not change, only
    how soon."""
    import collections

    from mutmut.state import state
    from mutmut.utils.format_utils import mangled_name_from_mutant_name
    from mutmut.workers.isolation import ForkRunner

    KILLERS.mkdir(parents=True, exist_ok=True)
    kills = collections.defaultdict(collections.Counter)
    original_submit, original_wait = ForkRunner.submit, ForkRunner.wait_for_result

    def submit(self, mutant_name, tests, cpu_time_limit, estimated_time):
        watch_mutant_sessions(self.test_runner)
        durations = state().duration_by_test
        known = {test: count for test, count in kills[mangled_name_from_mutant_name(mutant_name)].items()}
        saved = {test: durations[test] for test in known if test in tests}
        # The child sorts the tests by these times when it is forked, in submit.
        durations.update({test: -known[test] for test in saved})
        try:
            original_submit(self, mutant_name, tests, cpu_time_limit, estimated_time)
        finally:
            durations.update(saved)

    def wait_for_result(self, timeout=None):
        result = original_wait(self, timeout)
        note = KILLERS / result.mutant_name
        if note.exists():
            kills[mangled_name_from_mutant_name(result.mutant_name)][note.read_text()] += 1
            note.unlink()
        return result

    ForkRunner.submit, ForkRunner.wait_for_result = submit, wait_for_result


# The longest test of the listed modules takes about 4 s (8 s with every core busy).
TEST_TIME_LIMIT = 20


def watch_mutant_sessions(test_runner):
    """Two plugins in each mutant's pytest session: the first test that fails is written to
    ``mutants/killers/`` (``run_past_killers_first``); and a test still running after
    ``TEST_TIME_LIMIT`` seconds fails. mutmut stops a mutant only after three times the time of
    all its tests, so that a mutant making one test loop (a group name numbered forever) held a
    core for a minute; like mutmut's timeout, this counts the mutant as caught."""
    if getattr(test_runner, "watches_mutant_sessions", False):
        return
    import signal

    import pytest

    execute = test_runner.execute_pytest

    class FirstFailure:
        written = False

        def pytest_runtest_logreport(self, report):
            mutant = os.environ.get("MUTANT_UNDER_TEST", "")
            if report.failed and not self.written and "__mutmut_" in mutant:
                (KILLERS / mutant).write_text(report.nodeid)
                self.written = True

    class TestTimeLimit:
        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_setup(self, item):  # before the fixtures are set up
            signal.alarm(TEST_TIME_LIMIT)

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_teardown(self, item):
            signal.alarm(0)

    def stop(signum, frame):
        raise TimeoutError(f"test still running after {TEST_TIME_LIMIT} s")

    def execute_watched(params, **kwargs):
        plugins = [*kwargs.pop("plugins", []), FirstFailure()]
        if "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", ""):
            signal.signal(signal.SIGALRM, stop)
            plugins.append(TestTimeLimit())
        return execute(params, plugins=plugins, **kwargs)

    test_runner.execute_pytest = execute_watched
    test_runner.watches_mutant_sessions = True


def skip_equivalent_mutants(equivalents):
    """A mutant listed as equivalent is not run: it would survive, after running every test that
    reaches its function (a survivor is the dearest mutant to test). It keeps mutmut's « skipped »
    status and counts as equivalent in the table. A listed line that no longer matches a mutant
    (the code changed) is run again."""
    import mutmut.__main__ as mutmut_main

    skipped = 34  # mutmut's exit code for « skipped »
    original = mutmut_main.collect_source_file_mutation_data

    def collect_without_equivalents(*args, **kwargs):
        mutants, by_path = original(*args, **kwargs)
        listed = {(entry["module"], entry["mutant"]) for entry in equivalents}
        kept, changed = [], set()
        for data, name, result in mutants:
            path = str(data.path)
            if result is None and (path, mutated_line(name, path)) in listed:
                data.exit_code_by_key[name] = result = skipped
                changed.add(path)
            kept.append((data, name, result))
        for path in changed:
            by_path[path].save()
        return kept, by_path

    mutmut_main.collect_source_file_mutation_data = collect_without_equivalents


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
            is_equivalent = statuses[name] == "skipped" or mutated_line(name, path) in listed
            (equivalent if is_equivalent else survived).append(name)
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
    os.environ["CLUAC_TEST_SEARCH_INDEX"] = "off"  # cluac_site/settings/test.py says why

    configure(modules)
    restrict_tests_to_listed_modules(modules)
    skip_second_clean_run()
    collect_stats_on_every_core(options.max_children)
    skip_equivalent_mutants(config.get("equivalent", []))
    run_past_killers_first()
    import mutmut.__main__ as mutmut_main

    mutmut_main._run([], options.max_children)

    return report(modules, config)


def report(modules, config):
    rows, stale = scores(modules, config.get("equivalent", []))
    print_table(rows, stale, config["threshold"])
    return 0 if all(row[5] >= config["threshold"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
