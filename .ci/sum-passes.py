"""Add up the closing lines of the pytest passes and print one plain line: `total: N passed, N failed, N skipped`.

A pass that printed no closing line (it crashed, or was killed) counts as one failure, so the sum
never looks greener than the passes were.
"""

import re
import sys

CLOSING = re.compile(r"^=+ (?P<body>.*\b(?:passed|failed|error|errors|no tests ran)\b.*) in (?P<seconds>[0-9.]+)s")
COUNT = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)")


def closing_counts(path):
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        match = CLOSING.match(line.strip())
        if match:
            counts = {
                kind.rstrip("s") if kind.startswith("error") else kind: int(n)
                for n, kind in COUNT.findall(match["body"])
            }
            counts["seconds"] = float(match["seconds"])
            return counts
    return None


def main(paths):
    passed = failed = skipped = 0
    seconds = 0.0
    for path in paths:
        counts = closing_counts(path)
        if counts is None:
            print(f"{path}: no pytest closing line", file=sys.stderr)
            failed += 1
            continue
        passed += counts.get("passed", 0)
        failed += counts.get("failed", 0) + counts.get("error", 0)
        skipped += counts.get("skipped", 0)
        seconds = max(seconds, counts["seconds"])  # the passes run side by side
    # pytest's own form first (a reader that knows pytest reads it), then the plain form.
    parts = [f"{failed} failed"] * bool(failed) + [f"{passed} passed"] + [f"{skipped} skipped"] * bool(skipped)
    print(f"{'=' * 20} {', '.join(parts)} in {seconds:.2f}s {'=' * 20}")
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    main(sys.argv[1:])
