"""The CI log's last line adds up both passes, so a reader of the log sees that tests ran."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "sum-passes.py"


def summary(tmp_path, *logs):
    paths = []
    for index, text in enumerate(logs):
        path = tmp_path / f"pass-{index}.log"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run([sys.executable, str(SCRIPT), *paths], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_the_sum_is_also_printed_in_pytests_own_form(tmp_path):
    path = tmp_path / "pass.log"
    path.write_text("===== 3 failed, 7 passed, 2 skipped in 12.50s =====\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(path), str(path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[0] == f"{'=' * 20} 6 failed, 14 passed, 4 skipped in 12.50s {'=' * 20}"


def test_schemathesis_lines_carry_a_prefix():
    # Its closing line ("==== 3 warnings in 46.70s ====") has pytest's shape and counts no test: the
    # landing of a green submission was once recorded as having run no test because of it.
    script = (SCRIPT.parent / "schemathesis.sh").read_text(encoding="utf-8")
    runs = [line for line in script.splitlines() if "bin/st run" in line]
    assert runs and all("fuzz()" in script for _ in runs)
    assert "sed -u 's/^/[schemathesis] /'" in script


def test_both_passes_are_added_up_on_one_plain_line(tmp_path):
    line = summary(
        tmp_path,
        "tests/a.py ..\n========== 1150 passed, 3 skipped in 1548.19s (0:25:48) ==========\n",
        "========== 2 failed, 1090 passed, 1 error, 4 warnings in 1487.55s (0:24:47) ==========\n",
    )
    assert line == "total: 2240 passed, 3 failed, 3 skipped"


def test_a_pass_without_a_closing_line_counts_as_a_failure(tmp_path):
    line = summary(tmp_path, "========== 10 passed in 1.00s ==========\n", "Traceback (most recent call last):\n")
    assert line == "total: 10 passed, 1 failed, 0 skipped"
