"""`make test` runs the suite twice, on SQLite and on PostgreSQL, side by side. Tests that do not
touch the pass's own database (the browser journeys, operations, the upgrade from dumps of
both databases) run once, in the SQLite pass: a folder's conftest sets

    if postgres_pass():
        collect_ignore_glob = ["test_*.py"]
"""

import os


def postgres_pass():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
