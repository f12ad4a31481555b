"""What every bench prints first: its name, the commit it measured and the date."""

import datetime
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git_commit():
    """``<short hash> <commit date>``, marked when the tree has uncommitted changes."""
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h %cd", "--date=short"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
        ).stdout.strip()
        return out + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def print_header(name):
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{name}   commit {git_commit()}   measured {datetime.datetime.now():%Y-%m-%d %H:%M}", flush=True)
    print(f"machine: {os.cpu_count()} cores, load average {load} (absolute times depend on the load)", flush=True)
