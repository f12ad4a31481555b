"""Mutation testing of the rule modules with mutmut 3 (``make mutation``; not part of ``make test``).

Each rule module is mutated on its own, against only the test files that pin it, on SQLite:
for every module a work folder under ``.cache/mutation/<name>/`` links the project's folders,
carries a ``pyproject.toml`` with that module's ``[tool.mutmut]`` section, and mutmut runs
there (its ``mutants/`` copy lives in that folder). The test database is one SQLite file per
module reused by every mutant (``--reuse-db``), so the selected tests must not be
transactional: a flush would empty the migrations' rows for the next run.

Prints, per module, the mutants killed / tested (a timeout counts as killed, as mutmut counts it;
"no tests" — no selected test runs the mutated function — counts as survived), the kill rate and
every surviving mutant with its diff. Exit status 1 when a module is under ``--goal`` (default 90 %).

    python tools/mutation.py [--only guards,fees] [--goal 90] [--max-children 2] [--fresh]
    python tools/mutation.py --only guards --mutants NAME,NAME   # re-run chosen mutants
    python tools/mutation.py --only personal_data --sample 80    # N mutants evenly spread over their names
"""

import argparse
import ast
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".cache" / "mutation"

# name: (module(s), test files, mutant-name glob(s) or None for the whole module)
MODULES = {
    "deadlines": (
        ["cms/workdays.py", "disclosure_requests/deadlines.py"],
        ["tests/disclosure_requests/test_deadlines.py", "tests/disclosure_requests/test_deadline_rules.py"],
        None,
    ),
    "fees": (
        ["disclosure_requests/fee_schedule.py", "disclosure_requests/services/fees.py"],
        [
            "tests/disclosure_requests/test_fee_schedule.py",
            "tests/disclosure_requests/test_fees.py",
            "tests/disclosure_requests/test_fee_rules.py",
        ],
        None,
    ),
    "transitions": (
        "disclosure_requests/transitions.py",
        ["tests/disclosure_requests/test_transitions.py", "tests/disclosure_requests/test_transition_table.py"],
        None,
    ),
    "guards": (
        "pages/publishing/guards.py",
        [
            "tests/pages/test_guards.py",
            "tests/pages/test_classification.py",
            "tests/pages/test_guard_records.py",
            "tests/pages/test_guard_attachments.py",
        ],
        None,
    ),
    "personal_data": (
        "pages/publishing/personal_data.py",
        [
            "tests/pages/test_personal_data.py",
            "tests/pages/test_personal_data_edges.py",
            "tests/pages/test_guard_records.py",
        ],
        None,
    ),
    "index_numbers": (
        "pages/publishing/index_numbers.py",
        # The concurrency tests are transactional (see the docstring); they run in `make test`.
        [
            "tests/pages/test_index_numbers.py",
            "tests/pages/test_index_number_patterns.py",
            "--deselect=tests/pages/test_index_numbers.py::test_concurrent_publication_gives_unique_consecutive_numbers",
            "--deselect=tests/pages/test_index_numbers.py::test_concurrent_allocation_stress",
        ],
        None,
    ),
    # disclosed() and the classification rule in SQL it builds on (secrecy.py).
    "disclosed": (
        ["pages/models/entries.py", "pages/models/secrecy.py"],
        ["tests/pages/test_disclosed.py", "tests/pages/test_classification.py"],
        [
            "pages.models.entries.xǁDisclosureEntryQuerySetǁdisclosed__mutmut_*",
            "pages.models.secrecy.x_secrecy_last_day__mutmut_*",
            "pages.models.secrecy.x_classification_passes__mutmut_*",
        ],
    ),
    # The publication action classes: who may publish what, with which verdict, and what is recorded.
    "actions": (
        [
            "pages/publishing/admission.py",
            "pages/publishing/publish_action.py",
            "pages/publishing/force_action.py",
            "pages/publishing/retract_action.py",
            "pages/publishing/scheduled_action.py",
            "pages/publishing/import_action.py",
        ],
        [
            "tests/pages/test_approval_rule.py",
            "tests/workflows/test_workflow.py",
            "tests/pages/test_staff_access.py",
            "tests/pages/test_import_batch.py",
            "tests/pages/test_publication_actions.py",
        ],
        None,
    ),
    # The bulk publication of 批量审批 (and the audit rows of every batch path), on its own: the
    # actions module's run is hours long.
    "batch_action": (
        "pages/publishing/batch_action.py",
        [
            "tests/pages/test_batch_action.py",
            "tests/workflows/test_bulk_equivalence.py",
            "tests/workflows/test_batch_approval.py",
        ],
        None,
    ),
    "approved_for": (
        "pages/publishing/approval.py",
        ["tests/pages/test_approval_rule.py"],
        None,
    ),
}

LINKED = [
    "cms",
    "pages",
    "search",
    "workflows",
    "disclosure_requests",
    "interaction",
    "reports",
    "templates",
    "locale",
    "manage.py",
]
STATUS = re.compile(r"^\s+(\S+): (.+)$")


def prepare(name, module, tests):
    folder = WORK / name
    folder.mkdir(parents=True, exist_ok=True)
    for entry in LINKED + ["tests"]:
        link = folder / entry
        if not link.is_symlink():
            link.symlink_to(ROOT / entry)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    section = {
        "source_paths": module if isinstance(module, list) else [module],
        "also_copy": LINKED,
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["--reuse-db", "-p", "no:cacheprovider"],
        "process_isolation": "fork",
        # mutmut's wall-clock bound is half its CPU budget: on a shared, loaded machine the default
        # (15x the tests' time) timed out mutants that were only waiting for a core.
        "timeout_multiplier": 40,
    }
    lines = [(ROOT / "pyproject.toml").read_text("utf-8").split("\n[tool.mutmut]")[0].rstrip(), "", "[tool.mutmut]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in section.items()]
    (folder / "pyproject.toml").write_text("\n".join(lines) + "\n", "utf-8")
    assert "tool" in project
    return folder


def toml_value(value):
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def mutmut(folder, *args, capture=False):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CI")}
    env["SQLITE_TEST_DB"] = str(folder / "test-db.sqlite3")
    command = [sys.executable, "-c", "import sys; from mutmut.__main__ import cli; sys.exit(cli())", *args]
    if capture:
        return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True).stdout
    return subprocess.run(command, cwd=folder, env=env).returncode


GENERATE = (
    "import os; from mutmut.__main__ import copy_src_dir, copy_also_copy_files, setup_source_paths, create_mutants;"
    " from mutmut.mutation.trampoline import set_mutant_under_test; set_mutant_under_test('mutant_generation');"
    " os.makedirs('mutants', exist_ok=True); copy_src_dir(); copy_also_copy_files(); setup_source_paths();"
    " create_mutants(1)"
)


def sample(folder, pattern, size):
    """``size`` of the module's mutants evenly spread over their sorted names (the same sample each time),
    generating them first."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CI")}
    subprocess.run([sys.executable, "-c", GENERATE], cwd=folder, env=env, capture_output=True, check=True)
    names = []
    for line in mutmut(folder, "results", "--all", "true", capture=True).splitlines():
        match = STATUS.match(line)
        if match and (pattern is None or any(fnmatch.fnmatchcase(match[1], glob) for glob in globs(pattern))):
            names.append(match[1])
    names.sort()
    if size >= len(names):
        return names, len(names)
    return [names[i * len(names) // size] for i in range(size)], len(names)


def globs(pattern):
    return [] if pattern is None else [pattern] if isinstance(pattern, str) else list(pattern)


def unmutated(module):
    """The functions mutmut 3 leaves alone: any decorator but ``staticmethod``/``classmethod``
    (``@transaction.atomic`` included) keeps the whole body unmutated."""
    found = []
    for path in module if isinstance(module, list) else [module]:
        for node in ast.walk(ast.parse((ROOT / path).read_text("utf-8"))):
            decorators = [ast.unparse(d) for d in getattr(node, "decorator_list", [])]
            if isinstance(node, ast.FunctionDef) and decorators not in ([], ["staticmethod"], ["classmethod"]):
                found.append(f"{path}:{node.lineno} {node.name} (@{', @'.join(decorators)})")
    return found


def report(name, folder, pattern):
    statuses = {}
    for line in mutmut(folder, "results", "--all", "true", capture=True).splitlines():
        match = STATUS.match(line)
        if match and (pattern is None or any(fnmatch.fnmatchcase(match[1], glob) for glob in globs(pattern))):
            statuses[match[1]] = match[2]
    tested = {k: v for k, v in statuses.items() if v not in ("not checked", "skipped")}
    killed = [k for k, v in tested.items() if v in ("killed", "timeout", "caught by type check")]
    survivors = sorted(set(tested) - set(killed))
    rate = 100.0 * len(killed) / len(tested) if tested else 0.0
    timeouts = sum(1 for v in tested.values() if v == "timeout")
    return rate, len(killed), len(tested), survivors, timeouts


def commit():
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)
    return head.stdout.strip() + (" with uncommitted changes" if dirty.stdout else "")


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated module names: " + ", ".join(MODULES))
    parser.add_argument("--goal", type=float, default=90.0)
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="forget earlier results (new mutants and database)")
    parser.add_argument("--no-diffs", action="store_true", help="list survivors without their diffs")
    parser.add_argument("--report-only", action="store_true", help="print the last results, run nothing")
    parser.add_argument("--mutants", help="comma-separated mutant names to (re-)run, e.g. after a new test")
    parser.add_argument(
        "--sample", type=int, help="run only this many mutants per module, evenly spread over their names"
    )
    options = parser.parse_args()
    started = f"{commit()}, {now()}"
    names = options.only.split(",") if options.only else list(MODULES)
    summary = []
    for name in names:
        module, tests, pattern = MODULES[name]
        if options.fresh and (WORK / name).exists():
            shutil.rmtree(WORK / name)
        folder = prepare(name, module, tests)
        module = " ".join(module) if isinstance(module, list) else module
        print(f"== {name}: {module} against {' '.join(tests)}", flush=True)
        for function in unmutated(MODULES[name][0]):
            print(f"   not mutated (decorated): {function}", flush=True)
        if not options.report_only:
            chosen = options.mutants.split(",") if options.mutants else globs(pattern)
            if options.sample and not options.mutants:
                chosen, total = sample(folder, pattern, options.sample)
                print(
                    f"   a deterministic sample: {len(chosen)} of {total} mutants, evenly spread over their names",
                    flush=True,
                )
            mutmut(folder, "run", "--max-children", str(options.max_children), *chosen)
        summary.append((name, module, *report(name, folder, pattern)))
        for survivor in summary[-1][5]:
            if not options.no_diffs:
                print(mutmut(folder, "show", survivor, capture=True))
        if options.mutants and not options.report_only:
            # the chosen mutants' own figure (not held to the goal); the module's line keeps earlier results
            rate, killed, tested, _, _ = report(name, folder, options.mutants.split(","))
            chosen = f"the {len(options.mutants.split(','))} given to --mutants"
            summary.append((f"{name}, chosen", chosen, rate, killed, tested, [], 0))
    print(f"\nrun at {started} (mutants and tests as then), printed at {commit()}, {now()}")
    print("module           killed/tested  kill rate  (timeouts)  file")
    failed = False
    for name, module, rate, killed, tested, _survivors, timeouts in summary:
        failed |= rate < options.goal and not name.endswith(", chosen")
        print(f"{name:<16} {killed:>6}/{tested:<6}  {rate:8.1f}%  {timeouts:>10}  {module}")
    for _name, _, _, _, _, survivors, _ in summary:
        for survivor in survivors:
            print(f"  survived: {survivor}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
